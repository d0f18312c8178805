"""Sign-in in a real browser (issue 9 item 1): through the office's identity provider end to end
(oidc-provider-mock on 127.0.0.1, started here: sign in, the role from the claim, no role, sign out),
and a user file with bad permissions named on the page while the server keeps serving."""

from __future__ import annotations

import contextlib
import re
import shutil
import threading

import pytest
from playwright.sync_api import expect

from conftest import WAIT_MS, _free_port, serve, signed_in, submit_sign_in, wait_idle, write_users

CHAIN_OWNER = "li@office.example"
NO_ROLE = "zhao@office.example"


@contextlib.contextmanager
def identity_provider():
    """oidc-provider-mock on 127.0.0.1 (a free port), in a thread of this process; yields its base URL.
    Two people: a chain owner whose ID token carries zsgt_role / zsgt_chains, and one with no role."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    users = [User(sub=CHAIN_OWNER, claims={"email": CHAIN_OWNER, "name": "李链长", "zsgt_role": "chain_owner",
                                           "zsgt_chains": ["aluminium"]}),
             User(sub=NO_ROLE, claims={"email": NO_ROLE, "name": "赵某"})]
    server = werkzeug.serving.make_server("127.0.0.1", _free_port(), app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def secrets_toml(path, provider: str, port: int):
    path.write_text(f'''[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"
client_id = "zsgt-test"
client_secret = "zsgt-test-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
''', encoding="utf-8")
    return path


@pytest.fixture
def oidc_app(fixture_path, tmp_path, monkeypatch):
    """The app on a copy of the (real, non-demo) fixture store, signing in through the mock provider."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider serves plain http on 127.0.0.1
    db = tmp_path / "store.duckdb"
    shutil.copyfile(fixture_path, db)
    port = _free_port()
    with identity_provider() as provider:
        with serve(db, tmp_path, secrets=secrets_toml(tmp_path / "secrets.toml", provider, port), port=port) as url:
            yield url


def sidebar_button(page, name):
    return page.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile(name))


def test_sign_in_through_the_identity_provider_takes_the_role_from_the_claim_and_signs_out(browser, oidc_app):
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    try:
        page.goto(oidc_app + "/?period=2023")
        expect(page.get_by_role("heading", name="登录招商图谱")).to_be_visible(timeout=WAIT_MS)
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
        page.get_by_role("button", name="使用单位统一身份认证登录").click()

        expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible(timeout=WAIT_MS)  # the provider
        page.get_by_role("button", name=CHAIN_OWNER).click()

        expect(page.get_by_text("已登录：李链长（链长单位）")).to_be_visible(timeout=WAIT_MS)  # role from the claim
        expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=WAIT_MS)
        wait_idle(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)

        sidebar_button(page, "退出登录").click()
        page.wait_for_url(re.compile(r"end_session"), timeout=WAIT_MS)  # the provider ends its session too
        page.get_by_role("button", name="End session").click()
        expect(page.get_by_role("button", name="使用单位统一身份认证登录")).to_be_visible(timeout=WAIT_MS)
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
        page.goto(oidc_app + "/?period=2023")  # a new visit is not signed in either
        expect(page.get_by_role("button", name="使用单位统一身份认证登录")).to_be_visible(timeout=WAIT_MS)
    finally:
        page.close()


def test_a_provider_user_with_no_role_is_told_so_and_sees_no_data(browser, oidc_app):
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    try:
        page.goto(oidc_app + "/?period=2023")
        page.get_by_role("button", name="使用单位统一身份认证登录").click()
        page.get_by_role("button", name=NO_ROLE).click()
        expect(page.get_by_text(f"您（{NO_ROLE}）已通过统一身份认证，但还没有分配角色")).to_be_visible(timeout=WAIT_MS)
        wait_idle(page)
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    finally:
        page.close()


def test_a_user_file_others_can_read_is_named_and_the_server_keeps_serving(browser, fixture_path, tmp_path):
    db = tmp_path / "store.duckdb"
    shutil.copyfile(fixture_path, db)
    users = write_users(tmp_path / "users.toml")
    users.chmod(0o644)
    with serve(db, tmp_path, users=users) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
        try:
            page.goto(url + "/?period=2023")
            expect(page.get_by_text("权限过宽")).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_text(f"chmod 600 {users}")).to_be_visible()
            expect(page.locator('[data-testid="stForm"]')).to_have_count(0)

            users.chmod(0o600)  # the administrator follows the message; the same server, a reload
            page.reload()
            submit_sign_in(page, "leader", "guessed-Pw-42")
            expect(page.get_by_text("用户名或密码不正确")).to_be_visible(timeout=WAIT_MS)
            signed_in(page, "leader")
            expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=WAIT_MS)
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        finally:
            page.close()
    log = (tmp_path / "streamlit.log").read_text(encoding="utf-8")
    assert "user file unusable" in log and "sign-in failed: wrong password for user 'leader'" in log
    assert "signed in: leader (leader)" in log
    assert "guessed-Pw-42" not in log and "leader-pass-1" not in log
