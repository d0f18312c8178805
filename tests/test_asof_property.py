"""Property: a figure computed as of a date D is unchanged by anything dated after D.

For random as-of dates D, a copy of the as-of fixture store (tests/fixture*.sql + tests/asof.sql)
gets random changes dated after D — new projects, leads, arrivals, fund investments, tasks and
visits; projects starting, becoming operational, stalling or being cancelled; tasks closed; target
companies changing status — and every query that takes $as_of, run as of D (for D's year and D's
quarter, city-wide), must return exactly the rows it returned before the changes.

What the store cannot record is left out on purpose: it keeps only a project's current stage and
the day it entered it, so a project leaving procedures, lead, negotiating or stalled after D would
lose its earlier stage (docs/data-model.md, "As of a date"); the changes below move only projects
whose stage at any date follows from their dates (signed, started, operational). Likewise a target
changes status here only when its history is kept (a target without history rows is read with its
current status at every date).

hypothesis (tests only, requirements-test.txt): it draws the dates and the changes, shrinks a
failure to the smallest case, and with derandomize=True every run draws the same examples.
"""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import rows
from zsgt.maps import STATUS_THRESHOLDS
from zsgt.store import load_query, open_store, query_names, refresh_derived, run

AS_OF_QUERIES = [name for name in query_names() if "as_of" in load_query(name).params]

# the other parameters of those queries: the broadest view each offers
EXTRA = {
    "cohort_only": False, "no_open_red": False, "limit": 1000, "offset": 0, "min_age_days": 90, "max_share": 0.5,
    "group": "chain", "chain_id": None, "node_id": "steel_ore", "project": "px2", "company_id": "c3",
    "kind": None, "top_projects": 2, "department": "d1", "show": "all", "list": None, "status": None,
    "flag": None, "stage": None, "search": None, "by": "chain", "yearly_wan": 1000, "targets_only": True,
    "chains": None, "nodes": None, "provinces": None, "ownerships": None, "sizes": None, "priorities": None,
    "statuses": None, "departments": None, "contact_after": None, "contact_before": None, "q": None,
    "q_py": None, "sort": "name", "direction": None, "leader_level": None, "most": 12, **STATUS_THRESHOLDS,
    # the referrer rewards' method (a low first tier, so the fixture's referral earns one)
    "component": None, "tier_min": [1000.0, 3000.0], "tier_reward": [2.0, 5.0], "reward_cap_wan": 30.0, "require_started": True,
    # the rates' cohort (issue 11): the due cohort, whose window reads the planned start date too
    "cohort": "due", "cohort_base_year": 2021, "cohort_quarters": 4,
}
# the other cohorts, on the queries that measure the rates
COHORTS = [{"cohort": "period"}, {"cohort": "cumulative"}, {"cohort": "rolling"}]
# a few queries are also read for another row of interest
ALSO = {"project_detail": [{"project": "p4"}, {"project": "p5"}], "project_arrivals": [{"project": "p4"}],
        "company_profile": [{"company_id": "c5"}, {"company_id": "c2"}], "company_projects": [{"company_id": "c2"}],
        "chain_node_projects": [{"node_id": "ne_pv"}, {"node_id": "steel_structure"}],
        "chain_node_targets": [{"node_id": "steel_structure"}], "chain_funds": [{"chain_id": "new_energy"}],
        "assessment_projects": [{"department": "d2"}],
        "contract_to_start_rate": COHORTS, "fund_arrival_rate": COHORTS, "rate_trend": COHORTS,
        "late_projects": [{"cohort_only": True, "cohort": "cumulative"}]}


def figures(con, d: dt.date) -> dict:
    """Every as-of query's rows as of d, city-wide, for d's year and for d's quarter."""
    out = {}
    for name in AS_OF_QUERIES:
        for variant in [{}, *ALSO.get(name, [])]:
            for quarter in (None, (d.month - 1) // 3 + 1):
                params = {**EXTRA, **variant, "year": d.year, "quarter": quarter, "as_of": d, "scope": "city",
                          "scope_id": None}
                out[(name, tuple(sorted(variant.items())), quarter)] = rows(run(con, name, **params))
    return out


# -- the changes, each dated `later` (a day after d): (sql, parameters) on a writable copy ------------
def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def changes(con, kind: str, d: dt.date, later: dt.date, pick: int, n: int) -> None:
    def one_of(sql: str, *params):
        found = con.execute(sql, list(params)).fetchall()
        return found[pick % len(found)] if found else None

    if kind == "new_project":
        con.execute("insert into projects values (?, '新签项目', 'c1', 'steel', 'steel_ore', 'd1', 'jiabei', 'signed', "
                    "?, 700, 500, ?, null, null, null, '赵先生', ?)",
                    [f"pn{n}", later, later + dt.timedelta(days=30), later])
        y, q = _quarter(later + dt.timedelta(days=40))
        con.execute("insert into project_quarters values (?, ?, ?, 100)", [f"pn{n}", y, q])
        con.execute("insert into fund_investments values ('f1', ?, 50, ?)", [f"pn{n}", later + dt.timedelta(days=5)])
        con.execute("insert into tasks values (?, ?, 'red', '新任务', 'd1', ?, ?, null)",
                    [f"tn{n}", f"pn{n}", later, later + dt.timedelta(days=10)])
    elif kind == "new_lead":
        con.execute("insert into projects values (?, '新线索', 'c4', 'new_energy', 'ne_pv', 'd2', null, 'lead', "
                    "null, null, null, null, null, null, null, null, ?)", [f"pl{n}", later])
    elif kind == "arrival":
        row = one_of("select project_id from projects where signed_date is not null order by project_id")
        y, q = _quarter(later)
        con.execute("insert or replace into project_quarters values (?, ?, ?, 123)", [row[0], y, q])
    elif kind == "fund_investment":
        row = one_of("select p.project_id from projects as p where not exists (select 1 from fund_investments as fi "
                     "where fi.fund_id = 'f1' and fi.project_id = p.project_id) order by p.project_id")
        if row:
            con.execute("insert into fund_investments values ('f1', ?, 77, ?)", [row[0], later])
    elif kind == "visit":
        con.execute("insert into activities values (?, ?, 'outbound', 'principal', 'd1', '华为技术有限公司', 'steel')",
                    [f"an{n}", later])
    elif kind == "start":
        row = one_of("select project_id from projects where stage = 'signed' "
                     "or (stage = 'started' and actual_start_date > ?) order by project_id", d)
        if row:
            con.execute("update projects set stage = 'started', actual_start_date = ?, stage_since = ? "
                        "where project_id = ?", [later, later, row[0]])
    elif kind == "operate":
        row = one_of("select project_id, actual_start_date from projects where stage = 'started' order by project_id")
        if row:
            day = max(later, row[1] + dt.timedelta(days=1))
            con.execute("update projects set stage = 'operational', operational_date = ?, stage_since = ? "
                        "where project_id = ?", [day, day, row[0]])
    elif kind in ("cancel", "stall"):
        row = one_of("select project_id, stage_since from projects "
                     "where stage in ('signed', 'started', 'operational') order by project_id")
        if row:
            day = max(later, (row[1] or later) + dt.timedelta(days=1))
            con.execute("update projects set stage = ?, stage_since = ? where project_id = ?",
                        ["cancelled" if kind == "cancel" else "stalled", day, row[0]])
    elif kind == "close_task":
        row = one_of("select task_id, opened_date from tasks where closed_date is null or closed_date > ? "
                     "order by task_id", d)
        if row:
            con.execute("update tasks set closed_date = ? where task_id = ?", [max(later, row[1]), row[0]])
    elif kind == "open_task":
        con.execute("insert into tasks values (?, 'p3', 'blue', '后续任务', 'd2', ?, ?, null)",
                    [f"to{n}", later, later + dt.timedelta(days=pick)])
    elif kind == "target_status":
        row = one_of("select company_id, max(since_date) from target_status_history group by company_id "
                     "order by company_id")
        status = ["contacted", "visited", "negotiating", "signed", "dropped"][pick % 5]
        day = max(later, row[1] + dt.timedelta(days=1))
        con.execute("insert into target_status_history values (?, ?, ?)", [row[0], status, day])
        con.execute("update target_companies set status = ?, last_contact_date = ? where company_id = ?",
                    [status, day, row[0]])
        refresh_derived(con)  # as every writer of the history does
    else:
        raise ValueError(kind)


BEFORE: dict[dt.date, dict] = {}
KINDS = ["new_project", "new_lead", "arrival", "fund_investment", "visit", "start", "operate", "cancel", "stall",
         "close_task", "open_task", "target_status"]


def with_changes(base, tmp, d: dt.date, todo) -> duckdb.DuckDBPyConnection:
    path = tmp / f"changed_{d.isoformat()}_{abs(hash(tuple(todo)))}.duckdb"
    shutil.copy(base, path)
    con = duckdb.connect(str(path))
    try:
        for n, (kind, days, pick) in enumerate(todo):
            changes(con, kind, d, d + dt.timedelta(days=days), pick, n)
        con.execute("checkpoint")
    finally:
        con.close()
    return open_store(path)


def test_every_query_that_takes_an_as_of_date_is_checked():
    # new queries with $as_of join the property by themselves; this keeps the list from going empty
    assert len(AS_OF_QUERIES) >= 40 and "top_projects" in AS_OF_QUERIES and "target_list" in AS_OF_QUERIES


@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(d=st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2024, 6, 30)),
       todo=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(1, 400), st.integers(0, 20)),
                     min_size=1, max_size=8))
def test_figures_as_of_a_date_ignore_everything_dated_after_it(asof_path, asof_con, tmp_path_factory, d, todo):
    if d not in BEFORE:  # the unchanged store's figures, kept while hypothesis shrinks a failure
        BEFORE[d] = figures(asof_con, d)
    before = BEFORE[d]
    con = with_changes(asof_path, tmp_path_factory.mktemp("prop"), d, todo)
    try:
        after = figures(con, d)
    finally:
        con.close()
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, (f"as of {d}, after {todo}: {changed[0]} was {before[changed[0]]}, "
                         f"became {after[changed[0]]}")


@pytest.mark.parametrize("kind", KINDS)
def test_each_change_applies_to_the_as_of_store(asof_path, tmp_path, kind):
    # the property is only as strong as its changes: each one must really change the store
    d = dt.date(2023, 6, 30)
    con = with_changes(asof_path, tmp_path, d, [(kind, 30, 1)])
    base = duckdb.connect(str(asof_path), read_only=True)
    try:
        tables = ["projects", "project_quarters", "fund_investments", "tasks", "activities", "target_companies",
                  "target_status_history"]
        differ = [t for t in tables if con.execute(f"select * from {t} order by all").fetchall()
                  != base.execute(f"select * from {t} order by all").fetchall()]
        assert differ
    finally:
        con.close()
        base.close()
