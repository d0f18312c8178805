"""Who is acting (issue 9): the signed-in principal of this session.

The contract between sign-in (zsgt/auth.py, which puts a principal here once a person has signed in,
or the demo principal on a demo store) and the scope enforcement (this module, which decides what a
principal may open and read). Pages never read `st.session_state` for this themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

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
