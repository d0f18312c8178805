"""Sign-in (issue 9 item 1) in AppTest and as a command: demo mode, a real store without sign-in, the
local user file (right and wrong passwords, unknown users, the rate limit, the idle expiry, a broken
file), the sidebar's sign-out, the users command, and the identity provider's claims as a role."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from conftest import ROOT, TEST_USERS, write_users
from helpers import render
from zsgt import access, auth, users

COCKPIT = "cockpit.py"


@pytest.fixture(autouse=True)
def fresh_limiter(monkeypatch):
    monkeypatch.setattr(auth, "LIMITER", auth.Limiter())


def texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.error, *at.warning, *at.title,
                                            *at.sidebar.markdown, *at.sidebar.caption])


def errors(at) -> str:
    return "\n".join(e.value for e in at.error)


def shows_data(at) -> bool:
    return len(at.metric) > 0


def sign_in(at, user: str, password: str):
    at.text_input(key="auth_user").input(user)
    at.text_input(key="auth_password").input(password)
    at.button(key="auth_submit").click()
    return at.run()


def form_page(db, monkeypatch, **query):
    at = render(COCKPIT, db, monkeypatch, principal=None, period="2023", **query)
    assert not at.exception
    assert not shows_data(at)
    assert at.text_input(key="auth_password")
    return at


# -- demo mode and a store with no sign-in configured --------------------------------------------------
def test_demo_store_without_sign_in_configured_opens_in_demo_mode(demo_path, monkeypatch, clear_streamlit_caches):
    monkeypatch.delenv("ZSGT_USERS")
    at = render(COCKPIT, demo_path, monkeypatch, principal=None, period="2023")
    assert not at.exception and not at.error
    assert shows_data(at)
    assert "演示模式" in texts(at)
    assert at.session_state[access.SESSION_KEY].demo


@pytest.mark.parametrize("lang, words", [("zh", ["还没有配置登录", "ZSGT_USERS", "[auth]"]),
                                         ("en", ["no sign-in is configured", "ZSGT_USERS", "[auth]"])])
def test_real_store_without_sign_in_configured_shows_no_data_and_says_how(fixture_path, monkeypatch, lang, words,
                                                                            clear_streamlit_caches):
    monkeypatch.delenv("ZSGT_USERS")
    at = render(COCKPIT, fixture_path, monkeypatch, principal=None, period="2023", lang=lang)
    assert not at.exception
    assert not shows_data(at)
    for w in words:
        assert w in errors(at)


def test_real_store_without_sign_in_refuses_even_a_session_principal(fixture_path, monkeypatch,
                                                                     clear_streamlit_caches):
    monkeypatch.delenv("ZSGT_USERS")
    at = render(COCKPIT, fixture_path, monkeypatch, period="2023")  # a leader in the session, no sign-in set up
    assert not shows_data(at) and "还没有配置登录" in errors(at)


def test_demo_store_with_a_user_file_asks_for_sign_in(demo_path, monkeypatch, clear_streamlit_caches):
    form_page(demo_path, monkeypatch)


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_no_page_reads_data_before_sign_in(fixture_path, monkeypatch, page, clear_streamlit_caches):
    from zsgt import store

    ran = []
    real = store.run
    monkeypatch.setattr(store, "run", lambda con, name, **params: ran.append(name) or real(con, name, **params))
    at = render(page, fixture_path, monkeypatch, principal=None, period="2023")
    assert not at.exception
    assert at.text_input(key="auth_password")
    assert ran == ["store_info"]  # whether the store is a demo one: nothing else before the form


# -- the local user file -------------------------------------------------------------------------------
def test_right_password_signs_in_and_shows_the_page(fixture_path, monkeypatch, clear_streamlit_caches):
    at = sign_in(form_page(fixture_path, monkeypatch), "alu", TEST_USERS["alu"][3])
    assert not at.exception and not at.error
    assert shows_data(at)
    p = at.session_state[access.SESSION_KEY]
    assert (p.user, p.role, p.chains) == ("alu", "chain_owner", ("aluminium",))
    assert "已登录：测试alu（链长单位）" in texts(at)


@pytest.mark.parametrize("user, password", [("leader", "wrong-password"), ("nobody", "leader-pass-1"),
                                            ("leader", "")])
def test_wrong_password_or_unknown_user_is_refused_with_one_message(fixture_path, monkeypatch, user, password,
                                                                    caplog, clear_streamlit_caches):
    caplog.set_level(logging.INFO, logger="zsgt.auth")
    at = sign_in(form_page(fixture_path, monkeypatch), user, password)
    assert not shows_data(at)
    assert "用户名或密码不正确" in errors(at)
    assert access.SESSION_KEY not in at.session_state
    failed = [r.getMessage() for r in caplog.records if "sign-in failed" in r.getMessage()]
    assert len(failed) == 1 and repr(user) in failed[0]
    assert not password or all(password not in r.getMessage() for r in caplog.records)


def test_failed_sign_ins_lock_the_session_for_a_minute(fixture_path, monkeypatch, clear_streamlit_caches):
    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    at = form_page(fixture_path, monkeypatch)
    for i in range(auth.MAX_FAILURES - 1):
        at = sign_in(at, f"guess{i}", "wrong-password")  # other names: the session's count, not a user's
        assert "用户名或密码不正确" in errors(at)
    at = sign_in(at, "guess9", "wrong-password")
    assert "登录失败次数过多，请 61 秒后再试" in errors(at)
    at = sign_in(at, "leader", TEST_USERS["leader"][3])  # even the right password waits
    assert not shows_data(at) and "登录失败次数过多" in errors(at)
    now[0] += auth.LOCKOUT_SECONDS + 1
    at = sign_in(at, "leader", TEST_USERS["leader"][3])
    assert shows_data(at) and not at.error


def test_failed_sign_ins_lock_the_user_name_in_every_session(fixture_path, monkeypatch, clear_streamlit_caches):
    session = ["first"]
    monkeypatch.setattr(auth, "_session_id", lambda: session[0])
    at = form_page(fixture_path, monkeypatch)
    for _ in range(auth.MAX_FAILURES):
        at = sign_in(at, "leader", "wrong-password")
    session[0] = "second"  # another browser: its own session, the same name
    at = sign_in(form_page(fixture_path, monkeypatch), "leader", TEST_USERS["leader"][3])
    assert not shows_data(at) and "登录失败次数过多" in errors(at)
    at = sign_in(at, "alu", TEST_USERS["alu"][3])  # another name from that session is let in (one whose role opens the cockpit)
    assert shows_data(at)


def test_failures_spread_over_more_than_the_window_do_not_lock_and_are_forgotten(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    limiter = auth.Limiter()
    for _ in range(auth.MAX_FAILURES * 2):
        limiter.fail("user:wang")
        assert limiter.wait("user:wang") == 0
        now[0] += auth.WINDOW_SECONDS / (auth.MAX_FAILURES - 1) + 1
    for i in range(1000):
        limiter.fail(f"user:guess{i}")
    now[0] += auth.WINDOW_SECONDS
    limiter.fail("user:last")
    assert len(limiter) == 1  # the thousand guessed names are gone
    for _ in range(auth.MAX_FAILURES - 1):
        limiter.fail("user:last")
    assert limiter.wait("user:last") == auth.LOCKOUT_SECONDS


def test_an_idle_session_expires_back_to_the_sign_in_form(fixture_path, monkeypatch, clear_streamlit_caches):
    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    monkeypatch.setenv("ZSGT_IDLE_MINUTES", "30")
    at = sign_in(form_page(fixture_path, monkeypatch), "leader", TEST_USERS["leader"][3])
    now[0] += 29 * 60  # a click within the idle time keeps the session
    at.run()
    assert shows_data(at)
    now[0] += 31 * 60
    at.run()
    assert not shows_data(at)
    assert at.text_input(key="auth_password")
    assert "超过 30 分钟没有操作，已自动退出" in "\n".join(w.value for w in at.warning)
    assert access.SESSION_KEY not in at.session_state


def test_the_sidebar_names_who_is_signed_in_in_english_too(fixture_path, monkeypatch, clear_streamlit_caches):
    at = sign_in(form_page(fixture_path, monkeypatch, lang="en"), "leader", TEST_USERS["leader"][3])
    assert "Signed in: 测试leader (leader)" in texts(at)
    assert at.sidebar.button(key="auth_sign_out").label == "Sign out"


def test_sign_out_returns_to_the_form(fixture_path, monkeypatch, clear_streamlit_caches):
    at = sign_in(form_page(fixture_path, monkeypatch), "leader", TEST_USERS["leader"][3])
    assert "已登录：测试leader（领导）" in texts(at)
    at.sidebar.button(key="auth_sign_out").click().run()
    assert not shows_data(at) and at.text_input(key="auth_password")
    assert "已退出登录" in "\n".join(w.value for w in at.warning)
    assert access.SESSION_KEY not in at.session_state


def test_a_role_changed_in_the_file_applies_on_the_next_click(fixture_path, tmp_path, monkeypatch,
                                                             clear_streamlit_caches):
    path = write_users(tmp_path / "users.toml", {"wang": ("leader", (), (), "wang-pass-1")})
    monkeypatch.setenv("ZSGT_USERS", str(path))
    at = sign_in(form_page(fixture_path, monkeypatch), "wang", "wang-pass-1")
    assert at.session_state[access.SESSION_KEY].role == "leader"
    assert users.main(["--file", str(path), "role", "wang", "staff"]) == 0
    at.run()
    assert at.session_state[access.SESSION_KEY].role == "staff"
    assert users.main(["--file", str(path), "remove", "wang"]) == 0
    at.run()
    assert not shows_data(at) and "已从用户文件中删除" in "\n".join(w.value for w in at.warning)


def _broken(tmp_path, kind):
    path = tmp_path / "users.toml"
    if kind == "missing":
        return path, "找不到用户文件"
    write_users(path, {"wang": ("leader", (), (), "wang-pass-1")})
    if kind == "world-readable":
        path.chmod(0o644)
        return path, "权限过宽"
    if kind == "group-writable":
        path.chmod(0o620)
        return path, "可被同组账户改写"
    if kind == "unreadable":
        path.chmod(0o000)
        return path, "无法读取用户文件"
    if kind == "not toml":
        path.write_text("[[users]\nuser = wang", encoding="utf-8")
        return path, "格式有误"
    if kind == "plain password":
        path.write_text('[[users]]\nuser = "wang"\nrole = "leader"\npassword = "123456"\n', encoding="utf-8")
        return path, "不是 Argon2 密码哈希"
    if kind == "bad role":
        path.write_text(path.read_text(encoding="utf-8").replace('role = "leader"', 'role = "boss"'), encoding="utf-8")
        return path, "角色 'boss' 无效"
    if kind == "chain owner without chains":
        path.write_text(path.read_text(encoding="utf-8").replace('role = "leader"', 'role = "chain_owner"'),
                        encoding="utf-8")
        return path, "链长单位角色需要至少一条产业链"
    raise AssertionError(kind)


KINDS = ["missing", "world-readable", "group-writable", "not toml", "plain password", "bad role",
         "chain owner without chains"] + (["unreadable"] if os.geteuid() != 0 else [])


@pytest.mark.parametrize("kind", KINDS)
def test_a_broken_user_file_is_named_on_the_page_and_no_one_signs_in(fixture_path, tmp_path, monkeypatch, kind,
                                                                     clear_streamlit_caches):
    path, says = _broken(tmp_path, kind)
    monkeypatch.setenv("ZSGT_USERS", str(path))
    at = render(COCKPIT, fixture_path, monkeypatch, principal=None, period="2023")
    assert not at.exception
    assert not shows_data(at) and not at.text_input
    assert "用户文件无法使用" in errors(at) and says in errors(at)


def test_a_user_file_inside_the_repository_is_refused(fixture_path, monkeypatch, clear_streamlit_caches):
    monkeypatch.setenv("ZSGT_USERS", str(ROOT / "users.toml"))
    at = render(COCKPIT, fixture_path, monkeypatch, principal=None)
    assert not shows_data(at) and "位于代码目录内" in errors(at)


# -- the identity provider's claims ---------------------------------------------------------------------
@pytest.mark.parametrize("claims, expected", [
    ({"email": "li@x.cn", "zsgt_role": "chain_owner", "zsgt_chains": ["aluminium"]},
     ("li@x.cn", "chain_owner", ("aluminium",), ())),
    ({"email": "li@x.cn", "zsgt_role": "部门", "zsgt_departments": "d1, d2"}, ("li@x.cn", "department", (), ("d1", "d2"))),
    ({"email": "alu", "name": "李"}, ("alu", "chain_owner", ("aluminium",), ())),       # from the user file
    ({"email": "li@x.cn"}, None),                                                        # no role anywhere
    ({"email": "li@x.cn", "zsgt_role": "boss"}, None),                                   # not a role
    ({"email": "li@x.cn", "zsgt_role": "chain_owner"}, None),                            # a chain owner of nothing
])
def test_a_provider_user_takes_the_role_from_the_claim_else_the_user_file(users_file, claims, expected):
    p = auth.principal_from_claims(claims, users.load(users_file))
    assert (p if p is None else (p.user, p.role, p.chains, p.departments)) == expected


def test_the_role_claim_name_is_configurable(monkeypatch):
    monkeypatch.setenv("ZSGT_ROLE_CLAIM", "groups_role")
    assert auth.principal_from_claims({"sub": "s1", "groups_role": "staff"}, None).role == "staff"
    assert auth.principal_from_claims({"sub": "s1", "zsgt_role": "staff"}, None) is None


# -- the users command -----------------------------------------------------------------------------------
def users_cmd(*args, stdin: str = "", env_file=None):
    env = {**os.environ}
    if env_file is not None:
        env["ZSGT_USERS"] = str(env_file)
    return subprocess.run([sys.executable, "-m", "zsgt.users", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)


def test_users_command_adds_resets_changes_lists_and_removes(tmp_path):
    path = tmp_path / "office" / "users.toml"
    r = users_cmd("add", "wang", "--role", "链长单位", "--chains", "aluminium", "--display", "王主任",
                  "--password-stdin", stdin="first-pass-1\n", env_file=path)
    assert r.returncode == 0, r.stderr
    assert "已添加用户 wang（链长单位）" in r.stdout
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "first-pass-1" not in path.read_text(encoding="utf-8")
    assert users.load(path)["wang"].verify("first-pass-1")

    assert users_cmd("passwd", "wang", "--password-stdin", stdin="second-pass-2\n", env_file=path).returncode == 0
    assert users.load(path)["wang"].verify("second-pass-2") and not users.load(path)["wang"].verify("first-pass-1")

    assert users_cmd("role", "wang", "department", "--departments", "d1", env_file=path).returncode == 0
    wang = users.load(path)["wang"]
    assert (wang.role, wang.chains, wang.departments, wang.display) == ("department", ("aluminium",), ("d1",), "王主任")

    listed = users_cmd("list", env_file=path)
    assert listed.returncode == 0 and "wang\t王主任\tdepartment（部门）" in listed.stdout
    assert "argon2" not in listed.stdout

    assert users_cmd("remove", "wang", env_file=path).returncode == 0
    assert users.load(path) == {}


@pytest.mark.parametrize("args, stdin, says", [
    (["add", "wang", "--role", "boss", "--password-stdin"], "long-enough-1\n", "角色 'boss' 无效"),
    (["add", "wang", "--role", "chain_owner", "--password-stdin"], "long-enough-1\n", "至少一条产业链"),
    (["add", "wang", "--role", "leader", "--password-stdin"], "short\n", "密码至少 8 个字符"),
    (["add", "leader", "--role", "leader", "--password-stdin"], "long-enough-1\n", "已存在"),
    (["passwd", "nobody", "--password-stdin"], "long-enough-1\n", "不存在"),
    (["role", "leader", "chain_owner"], "", "至少一条产业链"),
    (["frobnicate"], "", "参数错误"),
    (["add"], "", "参数错误"),
])
def test_users_command_refuses_bad_arguments_and_changes_nothing(tmp_path, args, stdin, says):
    path = write_users(tmp_path / "users.toml", {"leader": ("leader", (), (), "leader-pass-1")})
    before = path.read_bytes()
    r = users_cmd(*args, stdin=stdin, env_file=path)
    assert r.returncode != 0
    assert says in r.stderr
    assert path.read_bytes() == before


def test_users_command_without_a_file_says_how_to_name_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ZSGT_USERS"}
    r = subprocess.run([sys.executable, "-m", "zsgt.users", "list"], capture_output=True, text=True, cwd=ROOT,
                       env=env, timeout=60)
    assert r.returncode == 2 and "ZSGT_USERS" in r.stderr
