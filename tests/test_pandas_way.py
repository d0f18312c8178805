"""The pandas way of bench/bench_pandas.py (bench/pandas_way/) gives the named queries' answers on the
as-of fixture store, for a few periods, scopes and cohorts: the side-by-side benchmark compares like
with like. Not a timing test."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import pytest

from zsgt.store import load_query, run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import bench_pandas  # noqa: E402
import pandas_way  # noqa: E402

ANSWERS = pandas_way.answers()
# the parameters besides period, scope and cohort: the broadest view each query offers
EXTRA = {"limit": 1000, "offset": 0, "cohort_only": False, "no_open_red": False, "min_age_days": 90, "max_share": 0.5,
         "group": "chain", "department": "d2", "target_scope": "department", "show": "all", "list": None,
         "status": None, "project": None, "stage": None, "flag": None, "search": None, "cohort_base_year": 2022,
         "cohort_quarters": 4, "component": None, "tier_min": [1000.0, 3000.0], "tier_reward": [2.0, 5.0],
         "reward_cap_wan": 30.0, "require_started": True,
         # the maps' and lists' (tests/test_asof_property.py's broadest view)
         "chain_id": None, "node_id": "steel_ore", "min_operating": 1, "min_local": 2, "kind": None, "top_projects": 2,
         "yearly_wan": 1000, "by": "chain", "direction": None, "leader_level": None, "min_wan": None, "max_wan": None,
         "most": 0,  # fund_sankey: every fund and project summed as "other" (a period has one or two of each here)
         "park_id": None, "resource_id": None, "targets_only": True, "chains": None, "nodes": None, "provinces": None,
         "ownerships": None, "sizes": None, "priorities": None, "statuses": None, "departments": None,
         "contact_after": None, "contact_before": None, "q": None, "q_py": None, "sort": "name"}
CASES = {  # as-of date, quarter (None = the year), scope, scope_id, cohort
    "2023Q4 city period": (dt.date(2023, 12, 31), 4, "city", None, "period"),
    "2023 to September, chain steel, cumulative": (dt.date(2023, 9, 30), None, "chain", "steel", "cumulative"),
    "2023Q2 department d2, due": (dt.date(2023, 6, 30), 2, "department", "d2", "due"),
    "2024 city rolling": (None, None, "city", None, "rolling"),
}


@pytest.fixture(scope="module")
def tables(asof_path):
    con = duckdb.connect(str(asof_path), read_only=True)
    try:
        return pandas_way.load(con, list({id(m): m for m, _ in ANSWERS.values()}.values()))
    finally:
        con.close()


def params_for(name: str, case: str) -> dict:
    as_of, quarter, scope, scope_id, cohort = CASES[case]
    year = as_of.year if as_of else 2024
    params = {**EXTRA, "year": year, "quarter": quarter, "as_of": as_of, "scope": scope, "scope_id": scope_id,
              "cohort": cohort}
    if as_of is None and "as_of" in load_query(name).params and "year" not in load_query(name).params:
        pytest.skip(f"{name} has no period: a null as-of date is no date for it (the pages always pass one)")
    missing = load_query(name).params - params.keys()
    if missing:
        pytest.skip(f"{name} needs {sorted(missing)}, which this test does not give")
    return params


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_the_pandas_way_gives_the_named_query_s_answer(asof_con, tables, name, case):
    params = params_for(name, case)
    same, detail = bench_pandas.compare(name, run(asof_con, name, **params), ANSWERS[name][1](tables, params))
    assert (same, detail) == ("yes", "")


@pytest.mark.parametrize("name, column", [("signed_amount", "value"), ("late_projects", "days_late"),
                                          ("rates_by_group", "cohort"), ("supervision_tasks", "total_rows")])
def test_the_comparison_sees_a_changed_answer(asof_con, tables, name, column):
    params = params_for(name, "2023Q4 city period")
    answer = ANSWERS[name][1](tables, params)
    assert len(answer), f"{name} has no rows to change here"
    changed = answer.assign(**{column: answer[column] + 1})
    assert bench_pandas.compare(name, run(asof_con, name, **params), changed)[0] == "NO"
