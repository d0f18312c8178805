"""The foundation's named queries on the fixture store, with exact expected rows (see fixture.sql)."""

import datetime as dt

import pytest

from helpers import PERIOD_COHORT, one, rows
from zsgt.store import SCHEMA_VERSION, run

Y2023 = {"year": 2023, "quarter": None, "as_of": None}
CITY = {"scope": "city", "scope_id": None}


def test_new_signed_projects_counts_signings_in_the_year(con):
    assert one(run(con, "new_signed_projects", **Y2023, **CITY)) == {"value": 3, "value_prev": 2, "yoy": 0.5}


def test_new_signed_projects_in_a_quarter_with_no_year_earlier_value(con):
    got = one(run(con, "new_signed_projects", year=2023, quarter=3, as_of=None, **CITY))
    assert got == {"value": 1, "value_prev": 0, "yoy": None}


def test_signed_amount_sums_contracts_signed_in_the_period(con):
    assert one(run(con, "signed_amount", **Y2023, **CITY)) == {"value": 8000.0, "value_prev": 4000.0, "yoy": 1.0}


@pytest.mark.parametrize("scope, scope_id, expected", [
    ("chain", "steel", (2000.0, 1000.0)),
    ("chain", "new_energy", (6000.0, 3000.0)),
    ("chain", "aluminium", (0.0, 0.0)),
    ("department", "d1", (5000.0, 3000.0)),
    ("department", "d2", (3000.0, 1000.0)),
])
def test_signed_amount_respects_scope(con, scope, scope_id, expected):
    got = one(run(con, "signed_amount", **Y2023, scope=scope, scope_id=scope_id))
    assert (got["value"], got["value_prev"]) == expected


def test_funds_arrived_counts_earlier_cohorts(con):
    # p1 and p2 were signed in 2022; their 2023 arrivals (300 + 1000) count in 2023
    assert one(run(con, "funds_arrived", **Y2023, **CITY)) == {"value": 3500.0, "value_prev": 800.0, "yoy": 3.375}


def test_a_period_is_read_up_to_its_as_of_date_and_compared_with_the_same_span(con):
    # to 2023-06-30: p3 (2000) and p4 (5000) signed; a year earlier to 2022-06-30: p1 (1000)
    got = one(run(con, "signed_amount", year=2023, quarter=None, as_of=dt.date(2023, 6, 30), **CITY))
    assert got == {"value": 7000.0, "value_prev": 1000.0, "yoy": 6.0}


@pytest.mark.parametrize("scope, scope_id, expected", [
    ("chain", "steel", (1300.0, 300.0)),
    ("chain", "new_energy", (2200.0, 500.0)),
    ("chain", "aluminium", (0.0, 0.0)),
    ("chain", "steel,new_energy", (3500.0, 800.0)),
    ("department", "d1", (2000.0, 500.0)),
    ("department", "d2", (1500.0, 300.0)),
])
def test_funds_arrived_respects_scope(con, scope, scope_id, expected):
    # outside the city scope the query reads each quarter's project (its chain and department)
    got = one(run(con, "funds_arrived", **Y2023, scope=scope, scope_id=scope_id))
    assert (got["value"], got["value_prev"]) == expected


def test_funds_arrived_counts_only_quarters_reported_by_the_as_of_date(con):
    # to 2023-08-15 only Q1 (700) and Q2 (1000) have ended; a year earlier Q1 (100) and Q2 (200)
    got = one(run(con, "funds_arrived", year=2023, quarter=None, as_of=dt.date(2023, 8, 15), **CITY))
    assert got == {"value": 1700.0, "value_prev": 300.0, "yoy": round(1700 / 300 - 1, 6)}


def test_funds_arrived_in_one_quarter(con):
    got = one(run(con, "funds_arrived", year=2023, quarter=3, as_of=None, **CITY))
    assert got == {"value": 1600.0, "value_prev": 0.0, "yoy": None}


def test_contract_to_start_rate_counts_starts_by_the_as_of_date(con):
    got = one(run(con, "contract_to_start_rate", **PERIOD_COHORT, **Y2023, **CITY))
    assert got == {"value": round(1 / 3, 6), "started": 1, "cohort": 3, "value_weighted": 0.25,
                   "value_prev": 0.5, "value_weighted_prev": 0.25, "change_pp": round(1 / 3 - 0.5, 6)}


def test_contract_to_start_rate_moves_with_the_as_of_date(con):
    # p4 started 2024-01-10: measured on 2024-02-01 the 2023 cohort has 2 of 3 started
    got = one(run(con, "contract_to_start_rate", **PERIOD_COHORT, year=2023, quarter=None, as_of=dt.date(2024, 2, 1), **CITY))
    assert (got["started"], got["cohort"], got["value_weighted"]) == (2, 3, 0.875)


def test_contract_to_start_rate_of_an_empty_cohort_is_null(con):
    got = one(run(con, "contract_to_start_rate", **PERIOD_COHORT, year=2021, quarter=None, as_of=None, **CITY))
    assert (got["value"], got["cohort"]) == (None, 0)


def test_fund_arrival_rate_counts_quarters_up_to_the_as_of_date(con):
    got = one(run(con, "fund_arrival_rate", **PERIOD_COHORT, **Y2023, **CITY))
    assert got == {"value": 0.275, "arrived_wan": 2200.0, "contract_wan": 8000.0, "value_prev": 0.2,
                   "change_pp": 0.075}


def test_fund_arrival_rate_leaves_out_quarters_after_the_as_of_date(con):
    # as of 2023-09-30 the Q4 arrival of p5 (200) is not in yet
    got = one(run(con, "fund_arrival_rate", **PERIOD_COHORT, year=2023, quarter=None, as_of=dt.date(2023, 9, 30), **CITY))
    assert (got["arrived_wan"], got["contract_wan"]) == (2000.0, 8000.0)


def test_visits_by_direction_and_leader(con):
    got = one(run(con, "visits", **Y2023, **CITY))
    assert got == {"value": 3, "value_prev": 2, "yoy": 0.5, "inbound": 2, "outbound": 1, "outbound_principal": 1,
                   "outbound_city_leader": 0, "outbound_department": 0}


def test_overdue_tasks_open_past_due_and_closed_late(con):
    got = rows(run(con, "overdue_tasks", **Y2023, **CITY))
    assert got == [("blue", 1, 0, 0), ("red", 2, 2, 1)]


def test_overdue_tasks_by_department(con):
    got = rows(run(con, "overdue_tasks", **Y2023, scope="department", scope_id="d1"))
    assert got == [("blue", 0, 0, 0), ("red", 1, 1, 0)]


def test_available_periods_lists_quarters_with_results(con):
    assert rows(run(con, "available_periods")) == [
        (2022, 1), (2022, 2), (2022, 4), (2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1)]


def test_quarterly_trend_per_quarter_up_to_the_period_end(con):
    got = rows(run(con, "quarterly_trend", year=2023, quarter=None, as_of=None, **CITY))
    assert got == [
        (2022, 1, "2022Q1", 1, 1000.0, 100.0), (2022, 2, "2022Q2", 0, 0.0, 200.0),
        (2022, 4, "2022Q4", 1, 3000.0, 500.0), (2023, 1, "2023Q1", 1, 2000.0, 700.0),
        (2023, 2, "2023Q2", 1, 5000.0, 1000.0), (2023, 3, "2023Q3", 1, 1000.0, 1600.0),
        (2023, 4, "2023Q4", 0, 0.0, 200.0)]


def test_quarterly_trend_starts_two_years_before_the_period(con):
    got = rows(run(con, "quarterly_trend", year=2024, quarter=1, as_of=None, **CITY), ["label"])
    assert got == [("2022Q1",), ("2022Q2",), ("2022Q4",), ("2023Q1",), ("2023Q2",), ("2023Q3",), ("2023Q4",),
                   ("2024Q1",)]


def test_quarterly_trend_of_a_chain_scope(con):
    got = rows(run(con, "quarterly_trend", year=2023, quarter=2, as_of=None, scope="chain", scope_id="steel"),
               ["label", "new_signed", "signed_amount_wan", "funds_arrived_wan"])
    assert got == [("2022Q1", 1, 1000.0, 100.0), ("2022Q2", 0, 0.0, 200.0), ("2022Q4", 0, 0.0, 0.0),
                   ("2023Q1", 1, 2000.0, 700.0), ("2023Q2", 0, 0.0, 0.0)]


def test_quarterly_trend_is_read_up_to_the_as_of_date(con):
    # to 2023-08-15: 2023Q3 has p5's signing (08-08) but no arrivals yet (the quarter has not ended)
    got = rows(run(con, "quarterly_trend", year=2023, quarter=None, as_of=dt.date(2023, 8, 15), **CITY))[-2:]
    assert got == [(2023, 2, "2023Q2", 1, 5000.0, 1000.0), (2023, 3, "2023Q3", 1, 1000.0, 0.0)]


@pytest.mark.parametrize("year, quarter, as_of", [
    (2023, None, None), (2023, None, dt.date(2023, 8, 15)), (2023, 3, None), (2022, None, None)])
def test_the_trend_of_a_period_adds_up_to_the_metric_queries(con, year, quarter, as_of):
    trend = run(con, "quarterly_trend", year=year, quarter=quarter, as_of=as_of, **CITY)
    mine = trend[(trend["year"] == year) & (trend["quarter"] == quarter if quarter else trend["year"] == year)]
    args = dict(year=year, quarter=quarter, as_of=as_of, **CITY)
    assert mine["new_signed"].sum() == one(run(con, "new_signed_projects", **args))["value"]
    assert mine["signed_amount_wan"].astype(float).sum() == one(run(con, "signed_amount", **args))["value"]
    assert mine["funds_arrived_wan"].astype(float).sum() == one(run(con, "funds_arrived", **args))["value"]


@pytest.mark.parametrize("year, quarter, as_of", [(2023, None, None), (2023, 2, None), (2023, None, dt.date(2023, 8, 15))])
def test_chain_summary_adds_up_to_the_metric_queries(con, year, quarter, as_of):
    by_chain = run(con, "chain_summary", year=year, quarter=quarter, as_of=as_of, **CITY)
    args = dict(year=year, quarter=quarter, as_of=as_of, **CITY)
    assert by_chain["new_signed"].sum() == one(run(con, "new_signed_projects", **args))["value"]
    assert by_chain["signed_amount_wan"].astype(float).sum() == one(run(con, "signed_amount", **args))["value"]
    assert by_chain["funds_arrived_wan"].astype(float).sum() == one(run(con, "funds_arrived", **args))["value"]


def test_chain_summary_lists_every_chain_in_order(con):
    got = rows(run(con, "chain_summary", **Y2023, **CITY),
               ["chain_id", "lead_department_zh", "new_signed", "signed_amount_wan", "funds_arrived_wan"])
    assert got == [("steel", "市工业和信息化局", 1, 2000.0, 1300.0),
                   ("new_energy", "市投资促进局", 2, 6000.0, 2200.0),
                   ("aluminium", "市工业和信息化局", 0, 0.0, 0.0)]


def test_chain_summary_of_a_chain_scope_has_only_that_chain(con):
    got = rows(run(con, "chain_summary", **Y2023, scope="chain", scope_id="steel"), ["chain_id"])
    assert got == [("steel",)]


def test_top_projects_by_contract_amount(con):
    got = rows(run(con, "top_projects", **Y2023, **CITY, limit=2),
               ["project_id", "company_zh", "chain_zh", "stage", "contract_amount_wan", "funds_arrived_wan", "park_zh"])
    # p4 starts on 2024-01-10: at the end of 2023 it was signed, not started (its stage then, not today's)
    assert got == [("p4", "宁夏舍光新能源有限公司", "新能源", "signed", 5000.0, 1000.0, "嘉西光伏产业园"),
                   ("p3", "河北文丰钢铁有限公司", "钢", "started", 2000.0, 1000.0, "嘉北工业园区")]


def test_chains_in_sort_order_with_lead_department(con):
    assert rows(run(con, "chains", **CITY), ["chain_id", "leader_zh", "lead_department_zh"]) == [
        ("steel", "市长", "市工业和信息化局"), ("new_energy", "副市长", "市投资促进局"),
        ("aluminium", "常务副市长", "市工业和信息化局")]


def test_departments_of_a_department_scope(con):
    assert rows(run(con, "departments", scope="department", scope_id="d2")) == [
        ("d2", "市工业和信息化局", "Industry and IT Bureau")]


def test_store_info(con):
    assert rows(run(con, "store_info")) == [("data_through", "2024-03-31"), ("demo", "false"),
                                            ("schema_version", SCHEMA_VERSION)]
