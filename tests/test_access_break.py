"""Issue 9, tried as a careless administrator or a hostile user would: a user file whose chain or
department is misspelt, and downloads clicked after the sign-in has expired or been taken away."""

from __future__ import annotations

import pytest

from conftest import write_users
from helpers import render
from zsgt import access, auth


@pytest.fixture(autouse=True)
def fresh_limiter(monkeypatch):
    monkeypatch.setattr(auth, "LIMITER", auth.Limiter())


def sign_in(at, user: str, password: str):
    at.text_input(key="auth_user").input(user)
    at.text_input(key="auth_password").input(password)
    at.button(key="auth_submit").click()
    return at.run()


def signed_in_as(db, tmp_path, monkeypatch, page: str, role: str, chains=(), departments=(), **query):
    path = write_users(tmp_path / "users.toml", {"wang": (role, chains, departments, "wang-pass-1")})
    monkeypatch.setenv("ZSGT_USERS", str(path))
    at = render(page, db, monkeypatch, principal=None, period="2023", **query)
    assert at.text_input(key="auth_password")
    return sign_in(at, "wang", "wang-pass-1"), path


# -- a chain or department in the user file that the store does not have (a typo: "aluminum") --------
@pytest.mark.parametrize("role, chains, departments, named", [
    ("chain_owner", ("aluminum",), (), "aluminum"),
    ("department", (), ("drcc",), "drcc"),
    ("chain_owner", ("steel", "alu"), (), "alu"),
])
@pytest.mark.parametrize("page", ["cockpit.py", "pipeline.py", "targets.py"])
def test_a_misspelt_chain_or_department_in_the_user_file_is_named_and_shows_no_rows(
        page, role, chains, departments, named, fixture_path, tmp_path, monkeypatch, clear_streamlit_caches):
    from zsgt.i18n import t

    at, _ = signed_in_as(fixture_path, tmp_path, monkeypatch, page, role, chains, departments)
    assert not at.exception, at.exception
    assert at.session_state[access.SESSION_KEY].user == "wang"  # signed in, not sent back to the form
    warnings = "\n".join(w.value for w in at.warning)
    assert t("access.unknown_own", ids=named) in warnings
    # a click on the sidebar's scope picker afterwards still draws the page
    at.sidebar.radio(key="w_scope_kind").set_value("chain" if role == "chain_owner" else "department").run()
    assert not at.exception, at.exception


# -- a download clicked on a page left open: the file is built on the click, without a rerun of the page,
# so the sign-in is checked again then (idle expiry, a user removed or changed in the file, signed out) --
def _export(at):
    return at.session_state["_exports"]["tg_export"]  # the target list's CSV and Excel


@pytest.mark.parametrize("then", ["idle", "removed", "demoted", "signed out"])
def test_a_download_clicked_after_the_sign_in_ended_gives_no_file(then, fixture_path, tmp_path, monkeypatch,
                                                                   clear_streamlit_caches):
    from zsgt import export, users

    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    monkeypatch.setenv("ZSGT_IDLE_MINUTES", "30")
    at, path = signed_in_as(fixture_path, tmp_path, monkeypatch, "targets.py", "chain_owner", ("aluminium",))
    assert not at.exception and "_exports" in at.session_state
    build = _export(at)
    now[0] += 29 * 60
    assert export.csv_bytes(build()).decode("utf-8-sig").count("\n") > 1  # within the idle time: the owner's rows
    if then == "idle":
        now[0] += 2 * 60  # 31 minutes since the last click
    elif then == "removed":
        assert users.main(["--file", str(path), "remove", "wang"]) == 0
    elif then == "demoted":
        assert users.main(["--file", str(path), "role", "wang", "chain_owner", "--chains", "steel"]) == 0
    else:
        at.sidebar.button(key="auth_sign_out").click().run()
    with pytest.raises(PermissionError):
        build()


# -- the assessment's "tasks behind the deduction" of another department, as a fenced role ----------
@pytest.mark.parametrize("principal", [
    access.Principal("com", access.DEPARTMENT, departments=("commerce",)),
    access.Principal("al", access.CHAIN_OWNER, chains=("aluminium",)),
    access.Principal("lead", access.LEADER),
])
def test_another_departments_deduction_lists_only_that_departments_tasks(principal, demo_path, monkeypatch,
                                                                          clear_streamlit_caches):
    # in the demo store's 2023Q4 the industry bureau loses points for one overdue task; a department
    # or chain owner shown that deduction must not see its own (other departments') tasks listed as it
    at = render(principal=principal, page="assessment.py", db=demo_path, monkeypatch=monkeypatch,
                period="2023Q4", as_department="industry")
    assert not at.exception, at.exception
    deduction = [e for e in at.expander if "逾期" in e.label]
    assert len(deduction) == 1, [e.label for e in at.expander]
    departments = [d for df in deduction[0].dataframe for d in df.value["department_id"]]
    assert set(departments) <= {"industry"}, departments
    n = int(deduction[0].label.rsplit("依据", 1)[1].split("项")[0])
    assert n == len(departments)
