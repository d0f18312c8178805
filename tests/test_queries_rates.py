"""Issue 4's named queries (rates, pipeline, supervision, visits) on the fixture store, exact rows.

Hand-computed values are written beside each test; the fixture is tests/fixture.sql plus
tests/fixture_rates.sql (rows for cohorts and time to start that leave the core tests unchanged).
"""

import datetime as dt

import pytest

from helpers import one, rows
from zsgt.store import run

Y2023 = {"year": 2023, "quarter": None, "as_of": None}
CITY = {"scope": "city", "scope_id": None}


# -- rates_by_group: the two rates per chain / department --------------------------------------
def test_rates_by_group_per_chain(con):
    # 2023 cohort: p3 steel 2000 started 2023-04-20; p4 new_energy 5000 starts 2024; p5 new_energy
    # 1000 not started. Arrived by 2023-12-31: p3 400+600, p4 1000, p5 200.
    got = run(con, "rates_by_group", group="chain", **Y2023, **CITY)
    assert rows(got, ["group_id", "color", "cohort", "started", "contract_to_start_rate",
                      "contract_to_start_rate_weighted", "arrived_wan", "contract_wan", "fund_arrival_rate"]) == [
        ("steel", "#4E79A7", 1, 1, 1.0, 1.0, 1000.0, 2000.0, 0.5),
        ("new_energy", "#59A14F", 2, 0, 0.0, 0.0, 1200.0, 6000.0, 0.2),
        ("aluminium", "#A0CBE8", 0, 0, None, None, 0.0, None, None),
    ]


def test_rates_by_group_per_department(con):
    # d1: p4 (0/1; 1000/5000). d2: p3, p5 (1/2; weighted 2000/3000; 1200/3000)
    got = run(con, "rates_by_group", group="department", **Y2023, **CITY)
    assert rows(got, ["group_id", "name_zh", "color", "cohort", "started", "contract_to_start_rate",
                      "contract_to_start_rate_weighted", "arrived_wan", "contract_wan", "fund_arrival_rate"]) == [
        ("d1", "市投资促进局", None, 1, 0, 0.0, 0.0, 1000.0, 5000.0, 0.2),
        ("d2", "市工业和信息化局", None, 2, 1, 0.5, round(2 / 3, 6), 1200.0, 3000.0, 0.4),
    ]


def test_rates_by_group_inside_a_chain_scope(con):
    # departments of the steel chain only: p3 belongs to d2
    got = run(con, "rates_by_group", group="department", **Y2023, scope="chain", scope_id="steel")
    assert rows(got, ["group_id", "cohort", "started", "arrived_wan", "contract_wan"]) == [
        ("d1", 0, 0, 0.0, None), ("d2", 1, 1, 1000.0, 2000.0)]


def _agree(con, group, period):
    """Each group's row equals contract_to_start_rate / fund_arrival_rate scoped to that group."""
    by_group = run(con, "rates_by_group", group=group, **period, **CITY)
    assert len(by_group) > 0
    for r in by_group.itertuples(index=False):
        scope = {"scope": group, "scope_id": r.group_id}
        start = one(run(con, "contract_to_start_rate", **period, **scope))
        arrival = one(run(con, "fund_arrival_rate", **period, **scope))
        mine = one(by_group[by_group["group_id"] == r.group_id])
        assert (mine["cohort"], mine["started"], mine["contract_to_start_rate"],
                mine["contract_to_start_rate_weighted"]) == (
            start["cohort"], start["started"], start["value"], start["value_weighted"]), (group, r.group_id)
        assert (mine["arrived_wan"], mine["contract_wan"], mine["fund_arrival_rate"]) == (
            arrival["arrived_wan"], arrival["contract_wan"], arrival["value"]), (group, r.group_id)


PERIODS = [
    {"year": 2023, "quarter": None, "as_of": None},
    {"year": 2023, "quarter": 3, "as_of": None},
    {"year": 2023, "quarter": None, "as_of": dt.date(2024, 2, 1)},
    {"year": 2021, "quarter": None, "as_of": None},
]


@pytest.mark.parametrize("group", ["chain", "department"])
@pytest.mark.parametrize("period", PERIODS)
def test_rates_by_group_agrees_with_the_metric_queries_on_the_fixture(con, group, period):
    _agree(con, group, period)


@pytest.mark.parametrize("group", ["chain", "department"])
@pytest.mark.parametrize("period", [
    {"year": 2023, "quarter": None, "as_of": None},
    {"year": 2025, "quarter": 2, "as_of": None},
    {"year": 2024, "quarter": None, "as_of": dt.date(2025, 6, 30)},
])
def test_rates_by_group_agrees_with_the_metric_queries_on_the_demo(demo_con, group, period):
    _agree(demo_con, group, period)


@pytest.mark.parametrize("group", ["chain", "department"])
def test_rates_by_group_adds_up_to_the_city(demo_con, group):
    by_group = run(demo_con, "rates_by_group", group=group, **Y2023, **CITY)
    start = one(run(demo_con, "contract_to_start_rate", **Y2023, **CITY))
    arrival = one(run(demo_con, "fund_arrival_rate", **Y2023, **CITY))
    assert (int(by_group["cohort"].sum()), int(by_group["started"].sum())) == (start["cohort"], start["started"])
    assert round(float(by_group["arrived_wan"].sum()), 2) == arrival["arrived_wan"]
    assert round(float(by_group["contract_wan"].fillna(0).sum()), 2) == arrival["contract_wan"]
