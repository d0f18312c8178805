"""Issue 9: the one place that maps a role to what it may do (zsgt.access), the one function that
decides a query's parameters for a principal, and the proof that pages read data only through it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from helpers import PERIOD_COHORT
from zsgt import access, store
from zsgt.access import Principal
from zsgt.period import CITY, Scope

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.sql"))

LEADER = Principal("lead", access.LEADER)
ALUMINIUM = Principal("al", access.CHAIN_OWNER, chains=("aluminium",))
TWO_CHAINS = Principal("al2", access.CHAIN_OWNER, chains=("aluminium", "steel"))
DRC = Principal("drc", access.DEPARTMENT, departments=("drc",))
STAFF = Principal("st", access.STAFF)
ADMIN = Principal("adm", access.ADMIN)
P = {"year": 2023, "quarter": None, "as_of": None}


# -- the role table ------------------------------------------------------------------------------
def test_every_page_is_in_the_role_table():
    assert sorted(access.PAGES) == sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


def test_every_role_has_a_row():
    assert set(access.ROLES) == set(access.ROLE_NAMES)


@pytest.mark.parametrize("principal, page, allowed", [
    (LEADER, "assessment", True), (LEADER, "import_data", True), (LEADER, "import_history", True),
    (ALUMINIUM, "pipeline", True), (ALUMINIUM, "data_quality", False), (ALUMINIUM, "import_data", False),
    (DRC, "assessment", True), (STAFF, "targets", True), (STAFF, "assessment", False),
    (ADMIN, "import_data", True), (ADMIN, "cockpit", False), (access.DEMO, "import_data", True),
])
def test_what_a_role_may_open(principal, page, allowed):
    assert access.may_open(principal, page) is allowed


def test_only_the_leader_the_admin_and_the_demo_may_import():
    assert [r for r in access.ROLE_NAMES if access.may_import(Principal("x", r))] == [access.LEADER, access.ADMIN]
    assert access.may_import(access.DEMO)


def test_an_unknown_role_may_open_nothing_and_reads_nothing():
    nobody = Principal("x", "superuser")
    assert access.first_page(nobody) is None
    assert access.params_for(nobody, "top_projects", {**P, **CITY.params(), "limit": 5})["scope"] == "chain"


def test_nobody_signed_in_may_open_and_read_nothing():
    assert access.acting() == access.NOBODY  # outside a session, or before the sign-in gate
    assert access.first_page(access.NOBODY) is None
    got = access.params_for(access.NOBODY, "pipeline_projects", {**P, **CITY.params()})
    assert (got["scope"], got["scope_id"]) == ("chain", "")


# -- the one function: a principal + a query -> the parameters it runs with -----------------------
def test_every_query_declares_whether_it_returns_rows_or_totals():
    undeclared = [n for n in QUERIES if store.load_query(n).access not in (access.ROWS, access.TOTALS)]
    assert not undeclared


def test_every_rows_query_applies_the_scope_it_is_given():
    # a rows query takes $scope and $scope_id and hands them to one of the schema's scope macros
    applies = re.compile(r"(in_scope|in_chain_scope|target_matches|rate_cohort)\(\s*\$scope,\s*\$scope_id")
    for name in QUERIES:
        q = store.load_query(name)
        if q.access == access.ROWS:
            assert {"scope", "scope_id"} <= q.params, name
            assert applies.search(q.sql), name


def test_the_access_line_is_not_part_of_a_definition():
    assert "Access:" not in store.load_query("top_projects").doc


@pytest.mark.parametrize("asked, effective", [
    (CITY, ("chain", "aluminium")),
    (Scope("chain", "steel"), ("chain", "aluminium")),
    (Scope("department", "drc"), ("chain", "aluminium")),
    (Scope("chain", "aluminium"), ("chain", "aluminium")),
])
def test_a_rows_query_runs_inside_the_chain_owners_fence(asked, effective):
    got = access.params_for(ALUMINIUM, "pipeline_projects", {**P, **asked.params()})
    assert (got["scope"], got["scope_id"]) == effective


def test_a_totals_query_runs_at_the_city_for_a_chain_owner_but_never_at_another_chain():
    assert access.params_for(ALUMINIUM, "chain_summary", {**P, **CITY.params()})["scope"] == "city"
    got = access.params_for(ALUMINIUM, "signed_amount", {**P, **Scope("chain", "steel").params()})
    assert (got["scope"], got["scope_id"]) == ("chain", "aluminium")


def test_a_chain_owner_of_two_chains_reads_both():
    got = access.params_for(TWO_CHAINS, "top_projects", {**P, **CITY.params(), "limit": 10})
    assert (got["scope"], got["scope_id"]) == ("chain", "aluminium,steel")
    got = access.params_for(TWO_CHAINS, "top_projects", {**P, **Scope("chain", "steel").params(), "limit": 10})
    assert got["scope_id"] == "steel"


@pytest.mark.parametrize("principal", [LEADER, STAFF, access.DEMO])
def test_city_roles_run_every_query_as_asked(principal):
    for asked in (CITY, Scope("chain", "steel"), Scope("department", "drc")):
        params = {**P, **asked.params(), "limit": 5}
        assert access.params_for(principal, "top_projects", params) == params


def test_a_department_reads_its_own_rows():
    got = access.params_for(DRC, "supervision_tasks", {**P, **CITY.params()})
    assert (got["scope"], got["scope_id"]) == ("department", "drc")


def test_a_scope_of_several_chains_selects_their_rows(con):
    # the schema's scope macros read a comma-separated $scope_id as several chains (scope_has)
    both = store.run(con, "top_projects", **P, scope="chain", scope_id="new_energy,steel", limit=100)
    steel = store.run(con, "top_projects", **P, scope="chain", scope_id="steel", limit=100)
    energy = store.run(con, "top_projects", **P, scope="chain", scope_id="new_energy", limit=100)
    assert sorted(both["project_id"]) == sorted([*steel["project_id"], *energy["project_id"]]) == ["p3", "p4", "p5"]
    nothing = store.run(con, "top_projects", **P, scope="chain", scope_id="", limit=100)
    assert nothing.empty  # a fenced role that names no chain reads no row


# -- pages read data only through the one function -------------------------------------------------
def test_pages_never_reach_the_store_themselves():
    for p in (ROOT / "pages").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        for forbidden in ("store.run", "run_batches", "duckdb", "ui._connection(", "_cached("):
            assert forbidden not in text, (p.name, forbidden)
        # the importer checks files against the store's codes: on the admin's page only
        assert "store_connection(" not in text or p.stem == "import_data", p.name
        assert "session_state[\"zsgt_principal\"]" not in text and "SESSION_KEY" not in text, p.name


def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def _calls(fn: ast.AST) -> set[str]:
    out = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.Call):
            f = n.func
            out.add(f"{f.value.id}.{f.attr}" if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                    else getattr(f, "id", getattr(f, "attr", "")))
    return out


def test_every_query_the_ui_runs_goes_through_params_for():
    # in zsgt/ui.py, each function that runs a named query (store.run / run_batches, the deck) also
    # asks access.params_for; the cache function _cached is reached from q alone, which asks first
    functions = _functions(ROOT / "zsgt" / "ui.py")
    runners = {"store.run", "store.run_batches", "deck.build"}
    for name, fn in functions.items():
        if name == "_cached":
            continue
        if _calls(fn) & runners or "_cached" in _calls(fn):
            assert "access.params_for" in _calls(fn), name
    callers = [name for name, fn in functions.items() if "_cached" in _calls(fn)]
    assert callers == ["q"]


def test_the_scope_macros_hold_under_threads(demo_path):
    # one connection, a cursor per query, four threads (as the dashboard's sessions and downloads):
    # each scope gets its own rows every time (list_contains(string_split($scope_id)) did not)
    import datetime as dt
    import random
    import threading

    con = store.open_store(demo_path)
    base = dict(year=2023, quarter=None, as_of=dt.date(2023, 12, 31), stage=None, flag=None, search=None,
                limit=None, offset=0, **PERIOD_COHORT)
    scopes = [("department", "commerce"), ("chain", "aluminium"), ("city", None), ("chain", "aluminium,steel")]
    want = {s: len(store.run(con, "pipeline_projects", scope=s[0], scope_id=s[1], **base)) for s in scopes}
    assert want[("chain", "aluminium,steel")] > want[("chain", "aluminium")] > 0
    wrong = []

    def work(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(40):
            s = rng.choice(scopes)
            n = len(store.run(con, "pipeline_projects", scope=s[0], scope_id=s[1], **base))
            if n != want[s]:
                wrong.append((s, n))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    con.close()
    assert not wrong
