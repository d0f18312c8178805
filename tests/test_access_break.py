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
