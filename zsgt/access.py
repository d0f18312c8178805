"""Who is acting (issue 9): the signed-in principal of this session, and the one place that decides
what a role may do.

The contract between sign-in (zsgt/auth.py, which puts a principal here once a person has signed in,
or the demo principal on a demo store) and the scope enforcement (this module, which decides what a
principal may open and read). Pages never read `st.session_state` for this themselves.

What a role may do (ROLES below, the only copy):
- the pages it may open (the navigation shows only those; ui.page refuses the others' URLs);
- its fence: the rows it may read. A chain owner reads the project, company and task rows of their
  chain(s) only, a department those of its department(s); every other role reads the whole city;
- whether it sees other departments' assessment scores, and whether it may import, manage users and
  restore backups.

Where data is read: every named query declares in its header whether it returns rows of projects,
companies or tasks (`-- Access: rows`) or only totals, ranks and reference lists (`-- Access:
totals`). `params_for` is the one function that turns a principal and a query's requested
parameters into the parameters it runs with: a rows query always runs inside the fence, whatever
scope the page, a widget or the URL asked for; a totals query runs at the scope asked for when the
principal may see that scope (the city's totals and ranks are open to every role), else at the
fence. zsgt.ui.q / q_later / q_stream and the deck call it; pages call those, never the store.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from .period import CITY, Scope

SESSION_KEY = "zsgt_principal"

# The five roles of issue 9 (kept in the user file or read from the identity provider's claim).
LEADER, CHAIN_OWNER, DEPARTMENT, STAFF, ADMIN = "leader", "chain_owner", "department", "staff", "admin"
ROLE_NAMES = (LEADER, CHAIN_OWNER, DEPARTMENT, STAFF, ADMIN)


@dataclass(frozen=True)
class Principal:
    user: str                          # the sign-in name (local user file) or the provider's subject/email
    role: str                          # one of ROLE_NAMES
    chains: tuple[str, ...] = ()       # a chain owner's chain ids
    departments: tuple[str, ...] = ()  # a department's (or a staff member's) department ids
    display: str = ""                  # the name shown in the sidebar
    demo: bool = False                 # the no-sign-in principal of a demo store


def current() -> Principal | None:
    """The session's principal, or None before sign-in."""
    return st.session_state.get(SESSION_KEY)


def sign_in(principal: Principal) -> None:
    st.session_state[SESSION_KEY] = principal


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)


# -- what each role may do: the one table ------------------------------------------------------------
# Every page of pages/, by file name (tests/test_access.py checks the list against the folder).
DASHBOARD_PAGES = ("cockpit", "rates", "chain_map", "resource_map", "fund_map", "opportunities", "targets",
                   "pipeline", "supervision", "visits", "self_review", "assessment", "incentives")
DATA_PAGES = ("data_quality", "import_data", "import_history")
PAGES = DASHBOARD_PAGES + DATA_PAGES


@dataclass(frozen=True)
class Role:
    pages: frozenset[str]
    fence: str | None          # None: the whole city; "chain" / "department": the principal's own ids
    other_scores: bool         # sees other departments' assessment scores
    imports: bool = False      # may import ledgers (导入台账)
    users: bool = False        # may manage sign-in users
    backups: bool = False      # may list and restore backups


_NO_ASSESSMENT = tuple(p for p in DASHBOARD_PAGES if p != "assessment")
ROLES: dict[str, Role] = {
    # 领导: everything, city scope
    LEADER: Role(frozenset(PAGES), None, True, imports=True, users=True, backups=True),
    # 链长单位: full detail of their chain(s); other chains only as city totals and ranks
    CHAIN_OWNER: Role(frozenset(DASHBOARD_PAGES), "chain", True),
    # 部门: the same, for their department(s)
    DEPARTMENT: Role(frozenset(DASHBOARD_PAGES), "department", True),
    # 工作人员: all lists and maps, no assessment scores of other departments
    STAFF: Role(frozenset(_NO_ASSESSMENT), None, False),
    # 管理员: imports, users, backups (and the data checks an import answers to)
    ADMIN: Role(frozenset(DATA_PAGES), None, False, imports=True, users=True, backups=True),
}
# The demo store's principal (no sign-in): may do everything, imports included.
_DEMO_ROLE = Role(frozenset(PAGES), None, True, imports=True, users=True, backups=True)
DEMO = Principal("demo", LEADER, display="演示模式", demo=True)


# Nobody signed in yet: no page, and a fence that holds no chain (zsgt/auth.py's gate signs in the
# demo principal on a demo store, or stops the page at its sign-in form, before any data is read).
NOBODY = Principal("", "")


def acting() -> Principal:
    """The principal this run acts for: the signed-in one, else NOBODY (may open and read nothing)."""
    return current() or NOBODY


def role_of(principal: Principal) -> Role:
    if principal.demo:
        return _DEMO_ROLE
    role = ROLES.get(principal.role)
    if role is None:  # an unknown role in a user file or claim may do nothing
        return Role(frozenset(), "chain", False)
    return role


def may_open(principal: Principal, page: str) -> bool:
    return page in role_of(principal).pages


def may_import(principal: Principal) -> bool:
    return role_of(principal).imports


def sees_other_scores(principal: Principal) -> bool:
    return role_of(principal).other_scores


def first_page(principal: Principal) -> str | None:
    """The page the navigation opens on: the first the role may open."""
    return next((p for p in PAGES if may_open(principal, p)), None)


def fence(principal: Principal) -> tuple[str, tuple[str, ...]] | None:
    """The rows a principal may read: None (the whole city) or (kind, ids). A fenced role with no
    ids (a user file that names none) reads nothing: its fence holds no chain or department."""
    kind = role_of(principal).fence
    if kind is None:
        return None
    ids = principal.chains if kind == "chain" else principal.departments
    return kind, tuple(ids) or ("",)


def may_see(principal: Principal, scope: Scope) -> bool:
    """Whether the principal may pick `scope` (in the sidebar or a URL): every role may look at the
    city (its totals and ranks; rows stay fenced); a fenced role only its own chains or departments."""
    f = fence(principal)
    if f is None or scope.kind == "city":
        return True
    return scope.kind == f[0] and scope.id in f[1]


def scopes(principal: Principal) -> dict[str, tuple[str, ...] | None]:
    """The scope kinds a principal may pick, with the ids of each (None: any)."""
    f = fence(principal)
    if f is None:
        return {"city": None, "chain": None, "department": None}
    return {"city": None, f[0]: tuple(i for i in f[1] if i)}


def default_scope(principal: Principal) -> Scope:
    """The scope a principal's session opens on: a chain owner's (department's) own one when it has
    one; the city (its totals, and the rows of all their own) when it has several."""
    f = fence(principal)
    if f is None or len(f[1]) != 1 or not f[1][0]:
        return CITY
    return Scope(f[0], f[1][0])


# -- where data is read ----------------------------------------------------------------------------
ROWS, TOTALS = "rows", "totals"


def query_access(name: str) -> str:
    """A named query's class, from its header's `-- Access:` line (zsgt.store.load_query)."""
    from . import store

    access = store.load_query(name).access
    if access not in (ROWS, TOTALS):
        raise ValueError(f"query {name} does not declare `-- Access: rows` or `-- Access: totals`")
    return access


def fenced_scope(principal: Principal, scope: Scope) -> dict:
    """The $scope / $scope_id a rows query runs with: `scope` when it lies inside the fence, else
    the fence itself (all the principal's ids: a chain owner of two chains reads both)."""
    f = fence(principal)
    if f is None:
        return scope.params()
    kind, ids = f
    if scope.kind == kind and scope.id in ids:
        return scope.params()
    return {"scope": kind, "scope_id": ",".join(ids)}


def params_for(principal: Principal, name: str, params: dict) -> dict:
    """THE rule: the parameters the named query runs with for this principal. Queries without a
    scope are returned as asked. A rows query runs inside the fence; a totals query at the scope
    asked for if the principal may see it, else at the fence."""
    if "scope" not in params and "scope_id" not in params:
        query_access(name)  # every query declares its class, scoped or not
        return dict(params)
    asked = Scope(params.get("scope") or "city", params.get("scope_id")) if params.get("scope") != "city" else CITY
    if query_access(name) == TOTALS and may_see(principal, asked):
        return dict(params)
    return {**params, **fenced_scope(principal, asked)}
