"""Issue 11 §1: the rate cohorts (period, due, cumulative, rolling) on the fixture store, exact rows.

The fixture's signed projects (tests/fixture.sql, fixture_rates.sql), as the cohorts read them:
  id   chain       signed      planned     started     contract  arrivals (quarter: 万元)
  p1   steel       2022-03-10  2022-05-01  2022-06-01  1000      22Q1 100, 22Q2 200, 23Q1 300
  p2   new_energy  2022-11-20  2023-02-01  2023-03-15  3000      22Q4 500, 23Q2 1000
  p3   steel       2023-02-15  2023-05-01  2023-04-20  2000      23Q1 400, 23Q3 600
  p4   new_energy  2023-05-05  2023-08-01  2024-01-10  5000      23Q3 1000, 24Q1 1000
  p5   new_energy  2023-08-08  2023-10-01  —           1000      23Q4 200
  pa1..pa7 aluminium, signed 2024-01-02..2024-03-20 (see fixture_rates.sql); pa1 200, pa2 300 in 24Q1.
"""

import datetime as dt

import pytest

from fixture import copy_store
from helpers import PERIOD_COHORT, one, rows
from zsgt import cohort as cohorts
from zsgt.store import open_store, run

CITY = {"scope": "city", "scope_id": None}
Y2023 = {"year": 2023, "quarter": None, "as_of": None}
Q2024_1 = {"year": 2024, "quarter": 1, "as_of": None}
DUE = {**PERIOD_COHORT, "cohort": "due"}
CUMULATIVE_2022 = {**PERIOD_COHORT, "cohort": "cumulative", "cohort_base_year": 2022}
CUMULATIVE_2023 = {**PERIOD_COHORT, "cohort": "cumulative", "cohort_base_year": 2023}
ROLLING_4 = {**PERIOD_COHORT, "cohort": "rolling", "cohort_quarters": 4}
START = ["value", "started", "cohort", "value_weighted", "value_prev", "value_weighted_prev", "change_pp"]


def _start(con, cohort, period):
    got = one(run(con, "contract_to_start_rate", **cohort, **period, **CITY))
    return tuple(got[k] for k in START)


def _arrival(con, cohort, period):
    got = one(run(con, "fund_arrival_rate", **cohort, **period, **CITY))
    return tuple(got[k] for k in ("value", "arrived_wan", "contract_wan", "value_prev", "change_pp"))


# -- the period cohort: today's definition, unchanged ---------------------------------------------
def test_period_cohort_is_the_projects_signed_in_the_period(con):
    # 2023: p3, p4, p5, p3 started (weighted 2000/8000); 2022: p1, p2, p1 started (1000/4000)
    assert _start(con, PERIOD_COHORT, Y2023) == (round(1 / 3, 6), 1, 3, 0.25, 0.5, 0.25, round(1 / 3 - 0.5, 6))
    assert _arrival(con, PERIOD_COHORT, Y2023) == (0.275, 2200.0, 8000.0, 0.2, 0.075)


# -- the due cohort: planned start in the period, up to the as-of date -----------------------------
def test_due_cohort_is_the_projects_due_to_start_in_the_period(con):
    # planned in 2023: p2 ✓, p3 ✓, p4 (starts 2024) ✗, p5 ✗ → 2/4, weighted (3000+2000)/11000;
    # a year earlier, planned in 2022: p1 ✓ → 1/1
    assert _start(con, DUE, Y2023) == (0.5, 2, 4, round(5000 / 11000, 6), 1.0, 1.0, -0.5)
    # arrived by 2023-12-31: p2 1500, p3 1000, p4 1000, p5 200 = 3700; 2022: p1 300 of 1000
    assert _arrival(con, DUE, Y2023) == (round(3700 / 11000, 6), 3700.0, 11000.0, 0.3, round(3700 / 11000 - 0.3, 6))


def test_due_cohort_of_a_quarter(con):
    # planned 2024Q1: pa1 (started 02-04) ✓, pa2 (starts 04-19) ✗, pa3 ✗ → 1/3, weighted 1000/4500;
    # 2023Q1: p2 ✓ → 1/1. Arrived by 2024-03-31: pa1 200 + pa2 300 of 4500; 2023Q1: p2 500 of 3000
    assert _start(con, DUE, Q2024_1) == (round(1 / 3, 6), 1, 3, round(1000 / 4500, 6), 1.0, 1.0, round(1 / 3 - 1, 6))
    assert _arrival(con, DUE, Q2024_1)[:4] == (round(500 / 4500, 6), 500.0, 4500.0, round(500 / 3000, 6))


def test_due_cohort_leaves_out_projects_not_yet_due(con):
    # 2024Q2 as of 2024-05-15: planned 04-01 (pa5, pa6) and 05-01 (pa7) are due, none started by then;
    # pa4 (planned 06-01) cannot be late yet and is not in the cohort
    got = one(run(con, "contract_to_start_rate", **DUE, year=2024, quarter=2, as_of=dt.date(2024, 5, 15), **CITY))
    assert (got["started"], got["cohort"], got["value"]) == (0, 3, 0.0)
    late = run(con, "late_projects", **DUE, year=2024, quarter=2, as_of=dt.date(2024, 5, 15), **CITY,
               cohort_only=True, no_open_red=False, limit=10, offset=0)
    # the late ones among them, by days late; p5 and pa3 are late too, but were due before the quarter
    assert rows(late, ["project_id", "days_late", "in_cohort"]) == [
        ("pa5", 44, True), ("pa6", 44, True), ("pa7", 14, True)]


# -- the cumulative cohort: signed since the base year ---------------------------------------------
def test_cumulative_cohort_counts_every_signing_since_the_base_year(con):
    # signed 2022-01-01..2023-12-31: p1..p5; started by 2023-12-31 p1, p2, p3 → 3/5, weighted 6000/12000;
    # a year earlier, 2022-01-01..2022-12-31 at 2022-12-31: p1 ✓, p2 ✗ → 1/2, weighted 1000/4000
    assert _start(con, CUMULATIVE_2022, Y2023) == (0.6, 3, 5, 0.5, 0.5, 0.25, 0.1)
    # arrived by 2023-12-31: p1 600, p2 1500, p3 1000, p4 1000, p5 200 = 4300; 2022: p1 300 + p2 500 of 4000
    assert _arrival(con, CUMULATIVE_2022, Y2023) == (round(4300 / 12000, 6), 4300.0, 12000.0, 0.2,
                                                     round(4300 / 12000 - 0.2, 6))


def test_cumulative_cohort_has_no_year_earlier_before_its_base_year(con):
    # base 2023: 2023 is the period cohort; a year earlier the cohort is empty, so no change is shown
    got = one(run(con, "contract_to_start_rate", **CUMULATIVE_2023, **Y2023, **CITY))
    assert (got["started"], got["cohort"], got["value_prev"], got["change_pp"]) == (1, 3, None, None)


# -- the rolling cohort: the N quarters ending at the period's end ---------------------------------
def test_rolling_cohort_of_four_quarters(con):
    # 2024Q1, 4 quarters: signed 2023-04-01..2024-03-31 = p4, p5, pa1..pa7 (9, contract 16000);
    # started by 2024-03-31: p4, pa1 → 2/9, weighted 6000/16000. A year earlier (2022-04-01..2023-03-31
    # at 2023-03-31): p2 ✓, p3 ✗ → 1/2, weighted 3000/5000
    assert _start(con, ROLLING_4, Q2024_1) == (round(2 / 9, 6), 2, 9, 0.375, 0.5, 0.6, round(2 / 9 - 0.5, 6))
    # arrived by 2024-03-31: p4 2000, p5 200, pa1 200, pa2 300 = 2700; a year earlier p2 500 + p3 400 of 5000
    assert _arrival(con, ROLLING_4, Q2024_1) == (0.16875, 2700.0, 16000.0, 0.18, -0.01125)


def test_rolling_cohort_of_four_quarters_is_the_year_for_a_whole_year(con):
    assert _start(con, ROLLING_4, Y2023) == _start(con, PERIOD_COHORT, Y2023)


# -- the windows, in words on every page -----------------------------------------------------------
@pytest.mark.parametrize("cohort, period, expected", [
    (PERIOD_COHORT, Y2023, [("cur", "2023-01-01", "2023-12-31", None, None, "2023-12-31"),
                            ("prev", "2022-01-01", "2022-12-31", None, None, "2022-12-31")]),
    (DUE, Y2023, [("cur", None, "2023-12-31", "2023-01-01", "2023-12-31", "2023-12-31"),
                  ("prev", None, "2022-12-31", "2022-01-01", "2022-12-31", "2022-12-31")]),
    ({**CUMULATIVE_2022, "cohort_base_year": 2021}, {"year": 2023, "quarter": 3, "as_of": dt.date(2023, 8, 15)},
     [("cur", "2021-01-01", "2023-08-15", None, None, "2023-08-15"),
      ("prev", "2021-01-01", "2022-08-15", None, None, "2022-08-15")]),
    (ROLLING_4, Q2024_1, [("cur", "2023-04-01", "2024-03-31", None, None, "2024-03-31"),
                          ("prev", "2022-04-01", "2023-03-31", None, None, "2023-03-31")]),
])
def test_rate_cohort_window_of_each_cohort(con, cohort, period, expected):
    got = run(con, "rate_cohort_window", **cohort, **period)
    as_dates = [tuple(dt.date.fromisoformat(v) if isinstance(v, str) and v not in ("cur", "prev") else v for v in r)
                for r in expected]
    assert rows(got) == as_dates


def test_an_unknown_cohort_is_an_error_not_an_empty_rate(con):
    import duckdb

    with pytest.raises(duckdb.Error, match="unknown rate cohort"):
        run(con, "contract_to_start_rate", **{**PERIOD_COHORT, "cohort": "since_forever"}, **Y2023, **CITY)


# -- rates_by_group under a cohort, and its small-cohort mark --------------------------------------
def test_rates_by_group_under_the_cumulative_cohort(con):
    # steel p1, p3 (both started; arrived 600 + 1000 of 3000); new_energy p2, p4, p5 (p2 started;
    # 1500 + 1000 + 200 of 9000); aluminium signed nothing before 2024
    got = run(con, "rates_by_group", **CUMULATIVE_2022, group="chain", **Y2023, **CITY)
    assert rows(got, ["group_id", "cohort", "started", "contract_to_start_rate", "contract_to_start_rate_weighted",
                      "arrived_wan", "contract_wan", "fund_arrival_rate", "small_cohort"]) == [
        ("steel", 2, 2, 1.0, 1.0, 1600.0, 3000.0, round(1600 / 3000, 6), True),
        ("new_energy", 3, 1, round(1 / 3, 6), round(3000 / 9000, 6), 2700.0, 9000.0, 0.3, True),
        ("aluminium", 0, 0, None, None, 0.0, None, None, False),
    ]


def test_small_cohort_is_fewer_than_five_projects(con):
    # aluminium, rolling 4 quarters at 2024Q1: pa1..pa7 = 7 projects, not small; steel has none
    got = run(con, "rates_by_group", **ROLLING_4, group="chain", **Q2024_1, **CITY)
    assert rows(got, ["group_id", "cohort", "small_cohort"]) == [
        ("steel", 0, False), ("new_energy", 2, True), ("aluminium", 7, False)]


# -- late_projects follows the chosen cohort --------------------------------------------------------
def test_late_projects_cohort_flag_follows_the_chosen_cohort(con):
    # at 2023-12-31 p4 and p5 are late. Period 2023: both signed in 2023. Due 2023: both planned in
    # 2023. Rolling 1 quarter (2023Q4 only signings): neither.
    q4 = {"year": 2023, "quarter": 4, "as_of": None}
    for cohort, expected in ((PERIOD_COHORT, []), ({**PERIOD_COHORT, "cohort": "rolling", "cohort_quarters": 3},
                             [("p4", True), ("p5", True)]), (DUE, [("p5", True)])):
        got = run(con, "late_projects", **cohort, **q4, **CITY, cohort_only=False, no_open_red=False, limit=10,
                  offset=0)
        assert rows(got, ["project_id", "in_cohort"]) == [
            (pid, (pid, True) in expected) for pid in ("p4", "p5")], cohort


# -- rate_trend: each chain's rate quarter by quarter ----------------------------------------------
TREND = ["label", "as_of", "cohort", "started", "contract_to_start_rate", "arrived_wan", "contract_wan",
         "fund_arrival_rate"]


def test_rate_trend_of_a_chain_under_the_period_cohort(con):
    got = run(con, "rate_trend", **PERIOD_COHORT, **Q2024_1, scope="chain", scope_id="steel")
    # the 8 quarters 2022Q2..2024Q1; steel signed only p3 in them (2023Q1: not started by 03-31, 400 of 2000)
    d = dt.date
    assert rows(got, TREND) == [
        ("2022Q2", d(2022, 6, 30), 0, 0, None, 0.0, None, None),
        ("2022Q3", d(2022, 9, 30), 0, 0, None, 0.0, None, None),
        ("2022Q4", d(2022, 12, 31), 0, 0, None, 0.0, None, None),
        ("2023Q1", d(2023, 3, 31), 1, 0, 0.0, 400.0, 2000.0, 0.2),
        ("2023Q2", d(2023, 6, 30), 0, 0, None, 0.0, None, None),
        ("2023Q3", d(2023, 9, 30), 0, 0, None, 0.0, None, None),
        ("2023Q4", d(2023, 12, 31), 0, 0, None, 0.0, None, None),
        ("2024Q1", d(2024, 3, 31), 0, 0, None, 0.0, None, None),
    ]


def test_rate_trend_of_a_chain_under_the_cumulative_cohort(con):
    got = run(con, "rate_trend", **CUMULATIVE_2022, **Q2024_1, scope="chain", scope_id="steel")
    # p1 (started 2022-06-01) from 2022Q2; p3 joins in 2023Q1 (starts 04-20); arrivals add up by quarter
    assert rows(got, ["label", "cohort", "started", "contract_to_start_rate", "arrived_wan", "fund_arrival_rate"]) == [
        ("2022Q2", 1, 1, 1.0, 300.0, 0.3), ("2022Q3", 1, 1, 1.0, 300.0, 0.3), ("2022Q4", 1, 1, 1.0, 300.0, 0.3),
        ("2023Q1", 2, 1, 0.5, 1000.0, round(1000 / 3000, 6)), ("2023Q2", 2, 2, 1.0, 1000.0, round(1000 / 3000, 6)),
        ("2023Q3", 2, 2, 1.0, 1600.0, round(1600 / 3000, 6)), ("2023Q4", 2, 2, 1.0, 1600.0, round(1600 / 3000, 6)),
        ("2024Q1", 2, 2, 1.0, 1600.0, round(1600 / 3000, 6)),
    ]


def test_rate_trend_stops_at_the_as_of_date(con):
    # a year picked with the as-of date in its third quarter ends with that quarter, measured at the date
    got = run(con, "rate_trend", **PERIOD_COHORT, year=2023, quarter=None, as_of=dt.date(2023, 8, 15),
              scope="chain", scope_id="new_energy")
    assert rows(got, ["label", "as_of", "cohort"])[-2:] == [("2023Q2", dt.date(2023, 6, 30), 1),
                                                            ("2023Q3", dt.date(2023, 8, 15), 1)]
    assert len(got) == 8


def test_rate_trend_colours_a_chain_as_every_chart_does(fixture_path, tmp_path):
    # a store built to the contract alone may leave chains.color null: chain_color() gives the palette's
    # colour then, in rate_trend as in chains and rates_by_group (bench_pandas found rate_trend's null)
    con = open_store(copy_store(fixture_path, tmp_path / "no_colours.duckdb", "update chains set color = null"))
    try:
        trend = run(con, "rate_trend", **PERIOD_COHORT, **Q2024_1, **CITY)
        colours = dict(rows(run(con, "chains", **CITY), ["chain_id", "color"]))
    finally:
        con.close()
    assert set(rows(trend, ["chain_id", "color"])) == set(colours.items())
    assert None not in colours.values()


@pytest.mark.parametrize("cohort", [PERIOD_COHORT, DUE, {**CUMULATIVE_2022, "cohort_base_year": 2021},
                                    {**ROLLING_4, "cohort_quarters": 2}], ids=lambda c: c["cohort"])
def test_rate_trend_agrees_with_the_metric_queries_on_the_demo(demo_con, cohort):
    got = run(demo_con, "rate_trend", **cohort, year=2025, quarter=None, as_of=None, **CITY)
    assert len(got) == 8 * 8  # eight chains × eight quarters
    for r in got[got["label"].isin(["2024Q2", "2025Q4"])].itertuples(index=False):
        scope = {"scope": "chain", "scope_id": r.chain_id}
        start = one(run(demo_con, "contract_to_start_rate", **cohort, year=r.year, quarter=r.quarter, as_of=None,
                        **scope))
        arrival = one(run(demo_con, "fund_arrival_rate", **cohort, year=r.year, quarter=r.quarter, as_of=None,
                          **scope))
        assert (r.cohort, r.started) == (start["cohort"], start["started"]), r
        assert round(float(r.arrived_wan), 2) == arrival["arrived_wan"], r
    # the chains add up to the city, at every one of the 8 quarters (each summed in its own column)
    for label, part in got.groupby("label"):
        year, quarter = int(label[:4]), int(label[-1])
        city = one(run(demo_con, "contract_to_start_rate", **cohort, year=year, quarter=quarter, as_of=None, **CITY))
        assert (int(part["cohort"].sum()), int(part["started"].sum())) == (city["cohort"], city["started"]), label
        city_arrival = one(run(demo_con, "fund_arrival_rate", **cohort, year=year, quarter=quarter, as_of=None, **CITY))
        assert round(float(part["arrived_wan"].sum()), 2) == round(city_arrival["arrived_wan"], 2), label


# -- the period cohort is today's definition, on the demo store too ------------------------------------
def test_demo_2023_rates_on_the_period_cohort_are_the_projects_signed_in_2023(demo_con):
    start = one(run(demo_con, "contract_to_start_rate", **PERIOD_COHORT, **Y2023, **CITY))
    arrival = one(run(demo_con, "fund_arrival_rate", **PERIOD_COHORT, **Y2023, **CITY))
    # the same figures written out by hand: the 60 projects signed in 2023 (the published count)
    started, cohort, weighted = demo_con.execute("""
        select count(*) filter (actual_start_date <= date '2023-12-31'), count(*),
               sum(contract_amount_wan) filter (actual_start_date <= date '2023-12-31') / sum(contract_amount_wan)
        from projects where signed_date between date '2023-01-01' and date '2023-12-31'""").fetchone()
    arrived = demo_con.execute("""
        select sum(q.funds_arrived_wan) from project_quarters as q join projects as p using (project_id)
        where p.signed_date between date '2023-01-01' and date '2023-12-31' and q.year <= 2023""").fetchone()[0]
    assert cohort == 60
    assert (start["started"], start["cohort"], start["value_weighted"]) == (started, cohort, round(float(weighted), 6))
    assert arrival["arrived_wan"] == round(float(arrived), 2)


def test_the_shipped_default_reads_like_a_report_in_the_latest_quarter(demo_con):
    # data/rates.toml's default cohort: the demo's latest quarter is not a 0 % by construction
    default = cohorts.load_config().cohort()
    start = one(run(demo_con, "contract_to_start_rate", **default.params(), year=2026, quarter=3, as_of=None, **CITY))
    period = one(run(demo_con, "contract_to_start_rate", **PERIOD_COHORT, year=2026, quarter=3, as_of=None, **CITY))
    assert period["value"] == 0.0  # what the period cohort says: none of the quarter's 13 signings started
    assert start["value"] > 0.5 and start["cohort"] >= 100
