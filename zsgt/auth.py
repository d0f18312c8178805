"""Sign-in (issue 9 item 1): who the session's person is, before a page reads any data.

`gate()` runs at the top of every page (zsgt.ui.page calls it once the store is open) and returns the
session's `access.Principal`, or draws the sign-in form and stops the page. Two ways to sign in:

- the office's identity provider (OIDC): Streamlit's st.login / st.user / st.logout, configured under
  [auth] in .streamlit/secrets.toml; the role comes from a claim ($ZSGT_ROLE_CLAIM, zsgt_role, with
  zsgt_chains / zsgt_departments) or, when the claim is absent, from the user file's entry for the
  person's e-mail;
- the local user file ($ZSGT_USERS, zsgt/users.py): name and password, Argon2; failed attempts are
  logged and rate-limited (per name and per session), and a sign-in expires after $ZSGT_IDLE_MINUTES.

A demo store with neither configured needs no sign-in (the demo principal, "演示模式"); a real store
with neither configured shows no data and says how to configure sign-in. What a principal may open
and read is decided by zsgt/access.py, not here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from . import access, config, users
from .i18n import t

log = logging.getLogger("zsgt.auth")
if not log.handlers:  # sign-ins, failures and lockouts in the server's output, with the time
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)

META = "zsgt_auth"          # session: {"method": "local" | "oidc", "last": time of the last run}
NOTICE = "zsgt_auth_notice"  # session: a notice for the sign-in form (expired, signed out)
DEMO = access.DEMO  # the demo store's principal is access's (one definition)

MAX_FAILURES = 5            # failed sign-ins (per user name, per session) before a lockout
LOCKOUT_SECONDS = 60.0
WINDOW_SECONDS = 15 * 60.0  # failures older than this no longer count


def _clock() -> float:
    return time.time()  # one place to read the time: the tests move it


# -- the rate limit on failed sign-ins, shared by every session of the server ---------------------
class Limiter:
    """Failed attempts per key ("user:wang", "session:<id>"): MAX_FAILURES of them within WINDOW_SECONDS
    lock the key for LOCKOUT_SECONDS. A success clears the user's and the session's counts. Keys with
    nothing recent are dropped, so guessed names do not pile up in memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}
        self._until: dict[str, float] = {}

    def wait(self, *keys: str) -> float:
        """Seconds until every key may try again (0: now)."""
        now = _clock()
        with self._lock:
            return max([0.0] + [self._until[k] - now for k in keys if self._until.get(k, 0) > now])

    def fail(self, *keys: str) -> None:
        now = _clock()
        with self._lock:
            self._forget(now)
            for k in keys:
                recent = [t_ for t_ in self._failures.get(k, []) if now - t_ < WINDOW_SECONDS] + [now]
                if len(recent) >= MAX_FAILURES:
                    self._until[k] = now + LOCKOUT_SECONDS
                    recent = []
                    log.warning("sign-in locked for %.0f s after %d failures: %s", LOCKOUT_SECONDS, MAX_FAILURES, k)
                self._failures[k] = recent

    def _forget(self, now: float) -> None:
        for k in [k for k, times in self._failures.items() if not times or now - times[-1] >= WINDOW_SECONDS]:
            del self._failures[k]
        for k in [k for k, until in self._until.items() if until <= now]:
            del self._until[k]

    def clear(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)
                self._until.pop(k, None)

    def __len__(self) -> int:
        return len(self._failures.keys() | self._until.keys())


LIMITER = Limiter()


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "-"


# -- configuration --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Setup:
    users_path: object | None   # Path of the local user file, or None
    provider: str | None        # the OIDC provider for st.login ("default" or a named [auth.x]), or None

    @property
    def configured(self) -> bool:
        return self.users_path is not None or self.provider is not None


def oidc_provider() -> str | None:
    """The identity provider configured under [auth] in .streamlit/secrets.toml: "default" when [auth]
    holds client_id itself, else the first [auth.NAME] that does; None when there is no [auth]."""
    try:
        from streamlit.auth_util import get_secrets_auth_section

        section = get_secrets_auth_section()
    except Exception:  # noqa: BLE001 - an unreadable secrets file: no provider (Streamlit says why)
        return None
    if not section:
        return None
    if section.get("client_id"):
        return "default"
    for name, value in section.items():
        if isinstance(value, Mapping) and value.get("client_id"):
            return name
    return None


def setup() -> Setup:
    return Setup(config.users_path(), oidc_provider())


def _directory(path) -> dict[str, users.User]:
    """The user file's users (read again when the file changes), or UsersError."""
    try:
        st_ = path.stat()
        key = (str(path), st_.st_mtime_ns, st_.st_size, st_.st_mode)
    except OSError:
        key = (str(path), 0, 0, 0)
    return _load_users(key)


_USERS_CACHE: dict[tuple, dict[str, users.User]] = {}


def _load_users(key: tuple) -> dict[str, users.User]:
    if key not in _USERS_CACHE:
        from pathlib import Path

        loaded = users.load(Path(key[0]))  # raises UsersError: not cached, the next run reads again
        _USERS_CACHE.clear()
        _USERS_CACHE[key] = loaded
    return _USERS_CACHE[key]


# -- the gate -------------------------------------------------------------------------------------
def gate(*, demo_store: bool) -> access.Principal:
    """The session's principal; or the sign-in form (or a message saying why no one can sign in), and
    the page stops there. Call before the page reads any data."""
    s = setup()
    if not s.configured:
        if demo_store:
            access.sign_in(DEMO)
            _sidebar(DEMO)
            return DEMO
        access.sign_out()
        _stop(t("auth.not_configured"))

    principal = access.current()
    if principal is not None and principal.demo:  # a demo sign-in from before sign-in was configured
        access.sign_out()
        principal = None
    directory = None
    if s.users_path is not None:
        try:
            directory = _directory(s.users_path)
        except users.UsersError as exc:
            log.error("user file unusable: %s", exc)
            _stop(t("auth.users_file_error", error=exc))

    meta = st.session_state.setdefault(META, {})
    if principal is not None:
        principal = _still_signed_in(principal, meta, directory, s)
    if principal is None and s.provider is not None and st.user.is_logged_in:
        principal = _from_provider(directory)
        if principal is None:
            who = st.user.get("email") or st.user.get("sub") or ""
            log.warning("identity-provider user %r has no role", who)
            st.title(t("auth.title"))
            st.error(t("auth.no_role", user=who))
            if st.button(t("auth.sign_out"), key="auth_no_role_out"):
                st.logout()
            st.stop()
        access.sign_in(principal)
        meta.clear()
        meta.update(method="oidc")
        log.info("signed in through the identity provider: %s (%s)", principal.user, principal.role)
    if principal is None:
        _sign_in_form(s, directory)
    meta["last"] = _clock()
    _sidebar(principal)
    return principal


def _still_signed_in(principal, meta: dict, directory, s: Setup) -> access.Principal | None:
    """The principal again for this run, or None (signed out, with a notice) when the sign-in has
    expired, the user is gone from the file, or the provider's sign-in has ended."""
    method = meta.get("method")
    if method == "local":
        idle = _clock() - meta.get("last", _clock())
        if idle > config.idle_minutes() * 60:
            log.info("session of %s expired after %.0f s idle", principal.user, idle)
            return _out(t("auth.expired", minutes=f"{config.idle_minutes():g}"))
        entry = (directory or {}).get(principal.user)
        if entry is None:
            return _out(t("auth.gone"))
        principal = entry.principal()  # the file's current role, chains and departments
        access.sign_in(principal)
    elif method == "oidc":
        if s.provider is None or not st.user.is_logged_in:
            return _out(None)
        refreshed = _from_provider(directory)
        if refreshed is None:
            return _out(None)
        principal = refreshed
        access.sign_in(principal)
    # no method: put in the session by the code itself (the tests); kept as it is
    return principal


def signed_in_still(state, principal: access.Principal) -> bool:
    """Whether the session whose state is `state` is still signed in as `principal`: for what a page
    hands out after it was drawn (a download is built on the click, on another thread, without a rerun
    of the page and so without gate()). Not when the session has signed out or in as someone else, a
    local sign-in has been idle past $ZSGT_IDLE_MINUTES, or its user is gone from the user file or has
    another role or scope there now. (A provider's sign-in is checked by the next rerun.)"""
    if access.SESSION_KEY not in state or state[access.SESSION_KEY] != principal:
        return False
    meta = state[META] if META in state else {}
    if meta.get("method") != "local":
        return True
    if _clock() - meta.get("last", 0.0) > config.idle_minutes() * 60:
        return False
    path = config.users_path()
    try:
        entry = _directory(path).get(principal.user) if path is not None else None
    except users.UsersError:
        return False
    return entry is not None and entry.principal() == principal


def _out(notice: str | None) -> None:
    access.sign_out()
    st.session_state.pop(META, None)
    if notice:
        st.session_state[NOTICE] = notice
    return None


def _claim_list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.replace("，", ",").split(",")
    return tuple(str(v).strip() for v in value if str(v).strip())


def principal_from_claims(claims: Mapping, directory: dict[str, users.User] | None) -> access.Principal | None:
    """A provider's user as a principal: the role (and chains, departments) from the claims, else from
    the user file's entry named by the e-mail (or subject); None when neither gives a valid role."""
    role_claim, chains_claim, departments_claim = config.claim_names()
    who = str(claims.get("email") or claims.get("sub") or "")
    display = str(claims.get("name") or who)
    role = claims.get(role_claim)
    if isinstance(role, str) and role.strip():
        role = users.ROLE_WORDS.get(role.strip(), role.strip())
        chains, departments = _claim_list(claims.get(chains_claim)), _claim_list(claims.get(departments_claim))
        try:
            users.check_role(role, chains, departments)
        except users.UsersError:
            return None
        return access.Principal(who, role, chains, departments, display)
    entry = (directory or {}).get(who)
    if entry is None:
        return None
    p = entry.principal()
    return access.Principal(who, p.role, p.chains, p.departments, entry.display or display)


def _from_provider(directory) -> access.Principal | None:
    return principal_from_claims(st.user.to_dict(), directory)


def _stop(message: str) -> None:
    st.title(t("auth.title"))
    st.error(message)
    st.stop()


def _sign_in_form(s: Setup, directory) -> None:
    """The sign-in page: the provider's button and/or the user file's form. Stops the page."""
    st.title(t("auth.title"))
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.warning(notice, icon="⏱️")
    box = st.container(width=520)  # a form, not a banner across a wide screen
    if s.provider is not None:
        if box.button(t("auth.with_provider"), key="auth_provider", type="primary"):
            st.login(None if s.provider == "default" else s.provider)
    if directory is not None:
        with box.form("auth_form", clear_on_submit=True):
            name = st.text_input(t("auth.user"), key="auth_user")
            password = st.text_input(t("auth.password"), type="password", key="auth_password")
            submitted = st.form_submit_button(t("auth.submit"), key="auth_submit",
                                              type="secondary" if s.provider else "primary")
        if submitted:
            principal, error = sign_in_local(directory, name.strip(), password)
            if principal is not None:
                st.rerun()
            box.error(error)
    st.stop()


def sign_in_local(directory: dict[str, users.User], name: str, password: str) -> tuple[access.Principal | None, str]:
    """Check a name and password against the user file, under the rate limit; on success the session
    is signed in. Returns the principal, or None and the message to show."""
    keys = (f"user:{name}", f"session:{_session_id()}")
    wait = LIMITER.wait(*keys)
    if wait > 0:
        log.warning("sign-in refused while locked: user %r", name)
        return None, t("auth.locked", seconds=int(wait) + 1)
    entry = directory.get(name)
    if entry is None:
        users.burn(password)
        ok = False
    else:
        ok = entry.verify(password)
    if not ok:
        LIMITER.fail(*keys)
        log.warning("sign-in failed: %s user %r (session %s)", "wrong password for" if entry else "unknown",
                    name, keys[1])
        wait = LIMITER.wait(*keys)
        return None, (t("auth.locked", seconds=int(wait) + 1) if wait > 0 else t("auth.wrong"))
    LIMITER.clear(*keys)
    principal = entry.principal()
    access.sign_in(principal)
    st.session_state[META] = {"method": "local", "last": _clock()}
    log.info("signed in: %s (%s)", principal.user, principal.role)
    return principal, ""


def sign_out() -> None:
    """The sidebar's button: leave the session (and the provider's sign-in)."""
    meta = st.session_state.get(META, {})
    who = access.current()
    access.sign_out()
    st.session_state.pop(META, None)
    st.session_state[NOTICE] = t("auth.signed_out")
    log.info("signed out: %s", who.user if who else "?")
    if meta.get("method") == "oidc":
        # the browser is sent to the provider's end_session; a rerun right after could overtake that
        # redirect (seen in the browser test when the machine was busy), so the run ends here instead
        st.logout()
        st.stop()


def role_name(role: str) -> str:
    return t(f"auth.role.{role}") if role in access.ROLE_NAMES else role


def _sidebar(principal: access.Principal) -> None:
    """Who is signed in, the role, and the way out (or the demo mode's marker)."""
    with st.sidebar:
        if principal.demo:
            st.caption(":orange-badge[" + t("auth.demo_mode") + "] " + t("auth.demo_mode_help"))
            return
        st.caption(t("auth.signed_in_as", name=principal.display or principal.user, role=role_name(principal.role)))
        if st.button(t("auth.sign_out"), key="auth_sign_out"):
            sign_out()
            st.rerun()
