"""Issue 4's named queries (rates, pipeline, supervision, visits) on the fixture store, exact rows.

Hand-computed values are written beside each test; the fixture is tests/fixture.sql plus
tests/fixture_rates.sql (rows for cohorts and time to start that leave the core tests unchanged).
"""

import datetime as dt

import pytest

from helpers import PERIOD_COHORT, one, rows
from zsgt.store import run

Y2023 = {"year": 2023, "quarter": None, "as_of": None}
CITY = {"scope": "city", "scope_id": None}


# -- rates_by_group: the two rates per chain / department --------------------------------------
def test_rates_by_group_per_chain(con):
    # 2023 cohort: p3 steel 2000 started 2023-04-20; p4 new_energy 5000 starts 2024; p5 new_energy
    # 1000 not started. Arrived by 2023-12-31: p3 400+600, p4 1000, p5 200.
    got = run(con, "rates_by_group", **PERIOD_COHORT, group="chain", **Y2023, **CITY)
    assert rows(got, ["group_id", "color", "cohort", "started", "contract_to_start_rate",
                      "contract_to_start_rate_weighted", "arrived_wan", "contract_wan", "fund_arrival_rate"]) == [
        ("steel", "#4E79A7", 1, 1, 1.0, 1.0, 1000.0, 2000.0, 0.5),
        ("new_energy", "#59A14F", 2, 0, 0.0, 0.0, 1200.0, 6000.0, 0.2),
        ("aluminium", "#A0CBE8", 0, 0, None, None, 0.0, None, None),
    ]


def test_rates_by_group_per_department(con):
    # d1: p4 (0/1; 1000/5000). d2: p3, p5 (1/2; weighted 2000/3000; 1200/3000)
    got = run(con, "rates_by_group", **PERIOD_COHORT, group="department", **Y2023, **CITY)
    assert rows(got, ["group_id", "name_zh", "color", "cohort", "started", "contract_to_start_rate",
                      "contract_to_start_rate_weighted", "arrived_wan", "contract_wan", "fund_arrival_rate"]) == [
        ("d1", "市投资促进局", None, 1, 0, 0.0, 0.0, 1000.0, 5000.0, 0.2),
        ("d2", "市工业和信息化局", None, 2, 1, 0.5, round(2 / 3, 6), 1200.0, 3000.0, 0.4),
    ]


def test_rates_by_group_inside_a_chain_scope(con):
    # departments of the steel chain only: p3 belongs to d2
    got = run(con, "rates_by_group", **PERIOD_COHORT, group="department", **Y2023, scope="chain", scope_id="steel")
    assert rows(got, ["group_id", "cohort", "started", "arrived_wan", "contract_wan"]) == [
        ("d1", 0, 0, 0.0, None), ("d2", 1, 1, 1000.0, 2000.0)]


# every cohort of data/rates.toml (issue 11): the grouped queries add up to the metric queries on each
COHORTS = [PERIOD_COHORT, {**PERIOD_COHORT, "cohort": "due"},
           {**PERIOD_COHORT, "cohort": "cumulative", "cohort_base_year": 2022},
           {**PERIOD_COHORT, "cohort": "rolling", "cohort_quarters": 3}]
COHORT_IDS = [c["cohort"] for c in COHORTS]


def _agree(con, group, period, cohort=PERIOD_COHORT):
    """Each group's row equals contract_to_start_rate / fund_arrival_rate scoped to that group."""
    by_group = run(con, "rates_by_group", **cohort, group=group, **period, **CITY)
    assert len(by_group) > 0
    for r in by_group.itertuples(index=False):
        scope = {"scope": group, "scope_id": r.group_id}
        start = one(run(con, "contract_to_start_rate", **cohort, **period, **scope))
        arrival = one(run(con, "fund_arrival_rate", **cohort, **period, **scope))
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


@pytest.mark.parametrize("cohort", COHORTS, ids=COHORT_IDS)
@pytest.mark.parametrize("group", ["chain", "department"])
@pytest.mark.parametrize("period", PERIODS)
def test_rates_by_group_agrees_with_the_metric_queries_on_the_fixture(con, group, period, cohort):
    _agree(con, group, period, cohort)


@pytest.mark.parametrize("group", ["chain", "department"])
@pytest.mark.parametrize("period", [
    {"year": 2023, "quarter": None, "as_of": None},
    {"year": 2025, "quarter": 2, "as_of": None},
    {"year": 2024, "quarter": None, "as_of": dt.date(2025, 6, 30)},
])
@pytest.mark.parametrize("cohort", COHORTS, ids=COHORT_IDS)
def test_rates_by_group_agrees_with_the_metric_queries_on_the_demo(demo_con, group, period, cohort):
    _agree(demo_con, group, period, cohort)


@pytest.mark.parametrize("cohort", COHORTS, ids=COHORT_IDS)
@pytest.mark.parametrize("group", ["chain", "department"])
def test_rates_by_group_adds_up_to_the_city(demo_con, group, cohort):
    by_group = run(demo_con, "rates_by_group", **cohort, group=group, **Y2023, **CITY)
    start = one(run(demo_con, "contract_to_start_rate", **cohort, **Y2023, **CITY))
    arrival = one(run(demo_con, "fund_arrival_rate", **cohort, **Y2023, **CITY))
    assert (int(by_group["cohort"].sum()), int(by_group["started"].sum())) == (start["cohort"], start["started"])
    assert round(float(by_group["arrived_wan"].sum()), 2) == arrival["arrived_wan"]
    assert round(float(by_group["contract_wan"].fillna(0).sum()), 2) == arrival["contract_wan"]


# -- rate_targets: the most specific target ------------------------------------------------------
@pytest.mark.parametrize("year, quarter, scope, scope_id, expected", [
    # the fixture has one rate target: the city's 2023 contract-to-start rate, 0.5
    (2023, None, "city", None, [("contract_to_start_rate", 0.5, "city", None, None)]),
    (2023, 3, "chain", "steel", [("contract_to_start_rate", 0.5, "city", None, None)]),
    (2022, None, "city", None, []),
])
def test_rate_targets_falls_back_to_the_city_and_the_year(con, year, quarter, scope, scope_id, expected):
    got = run(con, "rate_targets", year=year, quarter=quarter, scope=scope, scope_id=scope_id)
    assert rows(got) == expected


def test_rate_targets_prefers_the_scope_and_the_quarter(demo_con):
    # the demo store has city targets only (0.80, 0.35); a chain scope falls back to them
    got = run(demo_con, "rate_targets", year=2024, quarter=2, scope="chain", scope_id="steel")
    assert rows(got) == [("contract_to_start_rate", 0.8, "city", None, None),
                         ("fund_arrival_rate", 0.35, "city", None, None)]


def test_rate_targets_ranks_specific_targets_first(tmp_path):
    """On a store of its own: chain-quarter > chain-year > city-quarter > city-year."""
    import duckdb

    from fixture import write_fixture

    path = write_fixture(tmp_path / "targets.duckdb")
    w = duckdb.connect(str(path))
    w.execute("""insert into targets values
        (2023, 2, 'city', null, 'contract_to_start_rate', 0.6),
        (2023, null, 'chain', 'steel', 'contract_to_start_rate', 0.7),
        (2023, 2, 'chain', 'steel', 'contract_to_start_rate', 0.9),
        (2023, null, 'chain', 'new_energy', 'fund_arrival_rate', 0.4),
        (2023, null, 'department', 'd1', 'fund_arrival_rate', 0.3)""")
    w.close()
    from zsgt import store

    c = store.open_store(path)
    try:
        def pick(quarter, scope, scope_id):
            return rows(run(c, "rate_targets", year=2023, quarter=quarter, scope=scope, scope_id=scope_id),
                        ["metric", "value", "target_scope", "target_quarter"])
        assert pick(2, "chain", "steel") == [("contract_to_start_rate", 0.9, "chain", 2)]
        assert pick(1, "chain", "steel") == [("contract_to_start_rate", 0.7, "chain", None)]
        assert pick(2, "chain", "new_energy") == [("contract_to_start_rate", 0.6, "city", 2),
                                                  ("fund_arrival_rate", 0.4, "chain", None)]
        assert pick(None, "city", None) == [("contract_to_start_rate", 0.5, "city", None)]
        assert pick(None, "department", "d1") == [("contract_to_start_rate", 0.5, "city", None),
                                                  ("fund_arrival_rate", 0.3, "department", None)]
    finally:
        c.close()


# -- rate_cohorts: the heat map --------------------------------------------------------------------
ALU = {"scope": "chain", "scope_id": "aluminium"}
COHORT_COLS = ["label", "cohort", "contract_wan", "k", "horizon_end", "observable", "started", "start_share",
               "arrived_wan", "arrived_share"]


def test_rate_cohorts_hand_computed_and_blank_when_not_observable(con):
    # fixture_rates.sql: the 2024Q1 aluminium cohort of 7 (10000 万元); measured at 2024-12-31
    got = run(con, "rate_cohorts", year=2024, quarter=1, as_of=dt.date(2024, 12, 31), **ALU)
    assert rows(got, COHORT_COLS) == [
        ("2024Q1", 7, 10000.0, 1, dt.date(2024, 6, 30), True, 4, round(4 / 7, 6), 500.0, 0.05),
        ("2024Q1", 7, 10000.0, 2, dt.date(2024, 9, 30), True, 5, round(5 / 7, 6), 500.0, 0.05),
        ("2024Q1", 7, 10000.0, 4, dt.date(2025, 3, 31), False, None, None, None, None),
        ("2024Q1", 7, 10000.0, 8, dt.date(2026, 3, 31), False, None, None, None, None),
    ]


def test_rate_cohorts_of_one_older_quarter(con):
    # p4 (2023Q2, 5000): starts 2024-01-10; arrivals 1000 in 2023Q3 and 1000 in 2024Q1
    got = run(con, "rate_cohorts", year=2024, quarter=1, as_of=dt.date(2024, 12, 31), **CITY)
    assert rows(got[got["label"] == "2023Q2"], ["k", "started", "start_share", "arrived_wan", "arrived_share"]) == [
        (1, 0, 0.0, 1000.0, 0.2), (2, 0, 0.0, 1000.0, 0.2), (4, 1, 1.0, 2000.0, 0.4), (8, None, None, None, None)]
    # signing quarters: 2022 to the period end, only those with signings
    assert sorted(set(got["label"])) == ["2022Q1", "2022Q4", "2023Q1", "2023Q2", "2023Q3", "2024Q1"]


def test_rate_cohorts_equal_the_metric_queries_at_each_horizon(demo_con):
    got = run(demo_con, "rate_cohorts", year=2025, quarter=None, as_of=dt.date(2026, 9, 30), **CITY)
    observed = got[got["observable"]]
    assert len(observed) > 20
    for r in observed.itertuples(index=False):
        params = {"year": r.year, "quarter": r.quarter, "as_of": r.horizon_end, **CITY}
        start = one(run(demo_con, "contract_to_start_rate", **PERIOD_COHORT, **params))
        arrival = one(run(demo_con, "fund_arrival_rate", **PERIOD_COHORT, **params))
        assert (r.cohort, r.started) == (start["cohort"], start["started"]), r
        assert round(float(r.arrived_wan), 2) == arrival["arrived_wan"], r


# -- time_to_start: Kaplan–Meier in SQL ------------------------------------------------------------
def test_time_to_start_is_a_censored_kaplan_meier_curve(con):
    # fixture_rates.sql: 30 d 1/7; 90 d 3/7; censored 102, 141; 170 d 5/7; censored 179
    got = run(con, "time_to_start", year=2024, quarter=1, as_of=dt.date(2024, 6, 30), **ALU)
    assert rows(got, ["chain_id", "cohort", "days", "at_risk", "started", "censored", "share_started"]) == [
        ("aluminium", 7, 30, 7, 1, 0, round(1 / 7, 6)),
        ("aluminium", 7, 90, 6, 2, 0, round(3 / 7, 6)),
        ("aluminium", 7, 102, 4, 0, 1, round(3 / 7, 6)),
        ("aluminium", 7, 141, 3, 0, 1, round(3 / 7, 6)),
        ("aluminium", 7, 170, 2, 1, 0, round(5 / 7, 6)),
        ("aluminium", 7, 179, 1, 0, 1, round(5 / 7, 6)),
    ]


def test_time_to_start_reaches_one_when_everyone_at_risk_starts(con):
    # steel, signed 2022-2023: p1 starts after 83 days, p3 after 64; both start, the curve ends at 1
    got = run(con, "time_to_start", year=2023, quarter=None, as_of=None, scope="chain", scope_id="steel")
    assert rows(got, ["days", "at_risk", "started", "share_started"]) == [(64, 2, 1, 0.5), (83, 1, 1, 1.0)]


def test_time_to_start_without_censoring_is_the_plain_share(demo_con):
    # with every project followed long enough the curve's last value is at least the naive share
    got = run(demo_con, "time_to_start", year=2021, quarter=None, as_of=dt.date(2026, 9, 30), **CITY)
    for chain_id, curve in got.groupby("chain_id"):
        naive = curve["started"].sum() / curve["cohort"].iloc[0]
        assert curve["share_started"].iloc[-1] >= naive - 1e-9, chain_id
        assert curve["share_started"].is_monotonic_increasing, chain_id


# -- late and low-arrival projects, red-list candidates --------------------------------------------
LATE = {"year": 2024, "quarter": 1, "as_of": dt.date(2024, 6, 30)}


def test_late_projects_most_days_late_first(con):
    got = run(con, "late_projects", **PERIOD_COHORT, **LATE, **CITY, cohort_only=False, no_open_red=False, limit=10, offset=0)
    # p5 planned 2023-10-01 (273 d); pa3 2024-03-10 (112); pa5 2024-04-01 (90); pa7 starts only 2024-08-15 (60)
    assert rows(got, ["project_id", "department_zh", "days_late", "open_red_tasks", "in_cohort", "total_rows"]) == [
        ("p5", "市工业和信息化局", 273, 1, False, 4), ("pa3", "市工业和信息化局", 112, 0, True, 4),
        ("pa5", "市工业和信息化局", 90, 1, True, 4), ("pa7", "市工业和信息化局", 60, 0, True, 4)]


def test_late_projects_pages_in_sql(con):
    got = run(con, "late_projects", **PERIOD_COHORT, **LATE, **CITY, cohort_only=False, no_open_red=False, limit=2, offset=2)
    assert rows(got, ["project_id", "total_rows"]) == [("pa5", 4), ("pa7", 4)]


def test_late_projects_of_the_cohort_only(con):
    got = run(con, "late_projects", **PERIOD_COHORT, year=2023, quarter=None, as_of=None, **CITY, cohort_only=True,
              no_open_red=False, limit=10, offset=0)
    # at 2023-12-31: p4 (planned 2023-08-01, starts 2024) 152 d, p5 (planned 2023-10-01) 91 d
    assert rows(got, ["project_id", "days_late"]) == [("p4", 152), ("p5", 91)]


def test_red_list_candidates_are_late_projects_with_no_open_red_task(con):
    got = run(con, "late_projects", **PERIOD_COHORT, **LATE, **CITY, cohort_only=False, no_open_red=True, limit=10, offset=0)
    # p5 (t1) and pa5 (ta1) have open red tasks; pa7's ta3 was closed on 2024-06-10
    assert rows(got, ["project_id", "days_late", "total_rows"]) == [("pa3", 112, 2), ("pa7", 60, 2)]


@pytest.mark.parametrize("max_share, expected", [
    (0.3, []),
    (0.45, [("p4", 0.4)]),
    (0.55, [("p4", 0.4), ("p2", 0.5), ("p3", 0.5)]),
])
def test_low_arrival_projects_below_a_share_of_contract(con, max_share, expected):
    # at 2024-06-30, signed a year before or earlier: p1 600/1000, p2 1500/3000, p3 1000/2000, p4 2000/5000
    got = run(con, "low_arrival_projects", **LATE, **CITY, min_age_days=365, max_share=max_share, limit=10, offset=0)
    assert rows(got, ["project_id", "arrived_share"]) == expected


# -- the pipeline -----------------------------------------------------------------------------------
Y2023_ALL = {**Y2023, **CITY, "stage": None, "flag": None, "search": None, "limit": 50, "offset": 0}


def test_pipeline_projects_stage_at_the_as_of_date(con):
    got = run(con, "pipeline_projects", **Y2023_ALL)
    # at 2023-12-31: p4 is still only signed (starts 2024-01-10) and late; p5 in procedures since 09-01
    # and late; p6 a lead since 10-01; the 2024 projects are not known yet
    assert rows(got, ["project_id", "stage_at", "stage_since_at", "days_in_stage", "is_stalled", "is_late"]) == [
        ("p4", "signed", dt.date(2023, 5, 5), 240, False, True),
        ("p5", "procedures", dt.date(2023, 9, 1), 121, False, True),
        ("p2", "started", dt.date(2023, 3, 15), 291, False, False),
        ("p3", "started", dt.date(2023, 4, 20), 255, False, False),
        ("p1", "operational", dt.date(2023, 5, 1), 244, False, False),
        ("p6", "lead", dt.date(2023, 10, 1), 91, False, False),
    ]


def test_pipeline_projects_filters_and_search(con):
    at = {**Y2023_ALL, "year": 2024, "quarter": 1, "as_of": dt.date(2024, 6, 30)}
    assert rows(run(con, "pipeline_projects", **{**at, "flag": "stalled"}), ["project_id", "days_in_stage"]) == [
        ("pa5", 46)]
    assert rows(run(con, "pipeline_projects", **{**at, "stage": "started", "search": "铝箔"}),
                ["project_id", "stage_since_at"]) == [("pa1", dt.date(2024, 2, 4)), ("pa2", dt.date(2024, 4, 19))]
    assert rows(run(con, "pipeline_projects", **{**at, "search": "文丰"}), ["project_id"]) == [("p3",)]


def test_pipeline_funnel_hand_computed(con):
    got = run(con, "pipeline_funnel", **Y2023, **CITY)
    assert rows(got, ["stage", "projects", "contract_wan", "late", "median_days_in_stage"]) == [
        ("lead", 1, 0.0, 0, 91.0), ("negotiating", 0, 0.0, 0, None), ("signed", 1, 5000.0, 1, 240.0),
        ("procedures", 1, 1000.0, 1, 121.0), ("started", 2, 5000.0, 0, 273.0), ("operational", 1, 1000.0, 0, 244.0),
        ("stalled", 0, 0.0, 0, None), ("cancelled", 0, 0.0, 0, None)]


@pytest.mark.parametrize("scope", [CITY, {"scope": "chain", "scope_id": "steel"},
                                   {"scope": "department", "scope_id": "drc"}])
def test_pipeline_funnel_counts_the_rows_of_pipeline_projects(demo_con, scope):
    at = {"year": 2025, "quarter": 2, "as_of": None, **scope}
    funnel = run(demo_con, "pipeline_funnel", **at)
    for r in funnel.itertuples(index=False):
        listed = run(demo_con, "pipeline_projects", **at, stage=r.stage, flag=None, search=None, limit=1, offset=0)
        late = run(demo_con, "pipeline_projects", **at, stage=r.stage, flag="late", search=None, limit=1, offset=0)
        assert r.projects == (int(listed["total_rows"].iloc[0]) if len(listed) else 0), r.stage
        assert r.late == (int(late["total_rows"].iloc[0]) if len(late) else 0), r.stage


@pytest.mark.parametrize("as_of", [dt.date(2024, 6, 30), dt.date(2026, 9, 30)])
def test_pipeline_is_late_is_the_late_projects_rule(demo_con, as_of):
    at = {"year": as_of.year, "quarter": None, "as_of": as_of, **CITY}
    late = run(demo_con, "late_projects", **PERIOD_COHORT, **at, cohort_only=False, no_open_red=False, limit=100_000, offset=0)
    flagged = run(demo_con, "pipeline_projects", **at, stage=None, flag="late", search=None, limit=100_000, offset=0)
    assert len(late) > 5
    assert sorted(late["project_id"]) == sorted(flagged["project_id"])


def test_project_detail(con):
    got = one(run(con, "project_detail", project="p5", as_of=dt.date(2023, 12, 31), **CITY))
    assert {k: got[k] for k in ["company_zh", "chain_zh", "node_zh", "department_zh", "park_zh", "fund_zh",
                                "fund_invested_wan", "referrer", "contract_amount_wan", "arrived_wan",
                                "arrived_share"]} == {
        "company_zh": "宁夏舍光新能源有限公司", "chain_zh": "新能源", "node_zh": "电网与外送",
        "department_zh": "市工业和信息化局", "park_zh": "嘉西光伏产业园", "fund_zh": "招商引资产业扶持专项资金",
        "fund_invested_wan": 50.0, "referrer": None, "contract_amount_wan": 1000.0, "arrived_wan": 200.0,
        "arrived_share": 0.2}


def test_project_detail_counts_fund_money_invested_by_the_as_of_date(con):
    # p5's 50 万元 of special support was invested on 2023-12-01
    before = one(run(con, "project_detail", project="p5", as_of=dt.date(2023, 6, 30), **CITY))
    after = one(run(con, "project_detail", project="p5", as_of=dt.date(2023, 12, 31), **CITY))
    assert (before["fund_invested_wan"], after["fund_invested_wan"]) == (None, 50.0)


def test_project_detail_outside_the_scope_is_empty(con):
    assert run(con, "project_detail", project="p5", as_of=dt.date(2023, 12, 31), scope="chain",
               scope_id="steel").empty


def test_project_arrivals_quarter_by_quarter(con):
    got = run(con, "project_arrivals", project="p4", as_of=dt.date(2024, 3, 31), **CITY)
    assert rows(got, ["label", "funds_arrived_wan", "cumulative_wan", "cumulative_share"]) == [
        ("2023Q2", 0.0, 0.0, 0.0), ("2023Q3", 1000.0, 1000.0, 0.2), ("2023Q4", 0.0, 1000.0, 0.2),
        ("2024Q1", 1000.0, 2000.0, 0.4)]


# -- supervision lists ------------------------------------------------------------------------------
TASKS = {"show": "current", "list": None, "status": None, "project": None, "limit": 50, "offset": 0}


def test_supervision_tasks_overdue_first(con):
    got = run(con, "supervision_tasks", **Y2023, **CITY, **TASKS)
    assert rows(got, ["task_id", "status", "is_overdue", "due_in_period", "days_overdue"]) == [
        ("t1", "overdue", True, True, 112), ("t2", "closed_late", True, True, 10),
        ("t4", "open", False, False, None), ("t3", "closed_on_time", False, True, None)]


def test_supervision_tasks_overdue_in_the_period(con):
    # what overdue_tasks counts as overdue in 2023: t1 (open past due) and t2 (closed late)
    got = run(con, "supervision_tasks", **Y2023, **CITY, **{**TASKS, "show": "overdue_in_period"})
    assert rows(got, ["task_id", "status", "total_rows"]) == [("t1", "overdue", 2), ("t2", "closed_late", 2)]


def test_supervision_tasks_of_one_project(con):
    got = run(con, "supervision_tasks", **LATE, **CITY, **{**TASKS, "show": "all", "project": "pa7"})
    assert rows(got, ["task_id", "list", "status", "days_overdue"]) == [("ta3", "red", "closed_late", 5)]


def _agree_with_overdue_tasks(c, at):
    summary = {r.list: r for r in run(c, "overdue_tasks", **at).itertuples(index=False)}
    for lst in ("blue", "red"):
        tasks = run(c, "supervision_tasks", **at, **{**TASKS, "list": lst, "limit": 1_000_000})
        due = tasks[tasks["due_in_period"]]
        assert len(due) == summary[lst].due_in_period, lst
        assert int(due["is_overdue"].sum()) == summary[lst].overdue, lst
        assert int((tasks["status"] == "overdue").sum()) == summary[lst].open_overdue, lst
        by_dep = run(c, "supervision_by_department", **at, list=lst)
        assert int(by_dep["due_in_period"].sum()) == summary[lst].due_in_period, lst
        assert int(by_dep["overdue_in_period"].sum()) == summary[lst].overdue, lst
        assert int(by_dep["overdue_now"].sum()) == summary[lst].open_overdue, lst
        overdue = run(c, "supervision_tasks", **at, **{**TASKS, "show": "overdue_in_period", "list": lst, "limit": 1})
        assert (int(overdue["total_rows"].iloc[0]) if len(overdue) else 0) == summary[lst].overdue, lst


@pytest.mark.parametrize("at", [
    {**Y2023, **CITY}, {**LATE, **CITY}, {**Y2023, "scope": "department", "scope_id": "d1"}])
def test_supervision_agrees_with_overdue_tasks_on_the_fixture(con, at):
    _agree_with_overdue_tasks(con, at)


@pytest.mark.parametrize("at", [
    {"year": 2023, "quarter": None, "as_of": None, **CITY},
    {"year": 2026, "quarter": 3, "as_of": None, "scope": "chain", "scope_id": "steel"},
    {"year": 2025, "quarter": None, "as_of": dt.date(2025, 8, 1), "scope": "department", "scope_id": "drc"}])
def test_supervision_agrees_with_overdue_tasks_on_the_demo(demo_con, at):
    _agree_with_overdue_tasks(demo_con, at)


def test_supervision_by_department_hand_computed(con):
    got = run(con, "supervision_by_department", **Y2023, **CITY, list=None)
    # d2: t1 open past due, t3 closed on time; d1: t2 closed late, t4 open (due 2024)
    assert rows(got, ["department_id", "open_now", "overdue_now", "due_in_period", "closed_on_time", "closed_late",
                      "overdue_in_period", "on_time_rate"]) == [
        ("d2", 1, 1, 2, 1, 0, 1, 0.5), ("d1", 1, 0, 1, 0, 1, 1, 0.0)]


# -- visits ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("by, expected", [
    ("direction", [("inbound", 2, 2, 0), ("outbound", 1, 0, 1)]),
    ("leader_level", [("city_leader", 1, 1, 0), ("department", 1, 1, 0), ("principal", 1, 0, 1)]),
    ("department", [("d1", 2, 1, 1), ("d2", 1, 1, 0)]),
    ("chain", [("new_energy", 2, 1, 1), ("steel", 1, 1, 0)]),
    ("quarter", [("2023Q1", 1, 1, 0), ("2023Q2", 1, 1, 0), ("2023Q3", 1, 0, 1)]),
])
def test_visits_by_hand_computed(con, by, expected):
    assert rows(run(con, "visits_by", **Y2023, **CITY, by=by), ["key", "total", "inbound", "outbound"]) == expected


@pytest.mark.parametrize("by", ["direction", "leader_level", "department", "chain", "quarter"])
@pytest.mark.parametrize("at", [{"year": 2023, "quarter": None, "as_of": None, **CITY},
                                {"year": 2026, "quarter": None, "as_of": dt.date(2026, 9, 30), **CITY},
                                {"year": 2024, "quarter": 2, "as_of": None, "scope": "chain", "scope_id": "steel"}])
def test_visits_by_adds_up_to_visits(demo_con, by, at):
    total = one(run(demo_con, "visits", **at))
    grouped = run(demo_con, "visits_by", **at, by=by)
    for col, key in [("total", "value"), ("inbound", "inbound"), ("outbound", "outbound"),
                     ("outbound_principal", "outbound_principal"), ("outbound_city_leader", "outbound_city_leader")]:
        assert int(grouped[col].sum()) == total[key], (by, col)


def test_visits_by_2023_reproduces_the_published_figures(demo_con):
    got = run(demo_con, "visits_by", year=2023, quarter=None, as_of=None, **CITY, by="direction")
    assert rows(got, ["key", "total", "outbound_principal", "outbound_city_leader"]) == [
        ("inbound", 85, 0, 0), ("outbound", 77, 21, 44)]
