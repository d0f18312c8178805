"""The self-review's queries and pure functions on the fixture store, with exact expected values.

2023 per department (fixture.sql): signed Q1 p3 d2 2000, Q2 p4 d1 5000, Q3 p5 d2 1000; arrived Q1 d2 700
(p1 300 + p3 400), Q2 d1 1000 (p2), Q3 d1 1000 (p4) and d2 600 (p3), Q4 d2 200 (p5).
"""

import pytest

from helpers import one, rows
from zsgt import review
from zsgt.review import Figure, ReviewFacts
from zsgt.store import run

CITY = {"scope": "city", "scope_id": None}


@pytest.mark.parametrize("quarter, expected", [
    (3, [("d1", 0, 0.0, 1000.0), ("d2", 1, 1000.0, 600.0)]),
    (None, [("d1", 1, 5000.0, 2000.0), ("d2", 2, 3000.0, 1500.0)]),
])
def test_department_summary_per_department(con, quarter, expected):
    got = run(con, "department_summary", year=2023, quarter=quarter, as_of=None, **CITY)
    assert rows(got, ["department_id", "new_signed", "signed_amount_wan", "funds_arrived_wan"]) == expected


@pytest.mark.parametrize("year, quarter", [(2023, None), (2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1),
                                           (2022, None)])
def test_department_summary_agrees_with_the_metric_queries(con, year, quarter):
    got = run(con, "department_summary", year=year, quarter=quarter, as_of=None, **CITY)
    for dep, new, signed, arrived in rows(got, ["department_id", "new_signed", "signed_amount_wan",
                                               "funds_arrived_wan"]):
        scope = {"year": year, "quarter": quarter, "as_of": None, "scope": "department", "scope_id": dep}
        assert new == one(run(con, "new_signed_projects", **scope))["value"]
        assert signed == one(run(con, "signed_amount", **scope))["value"]
        assert arrived == one(run(con, "funds_arrived", **scope))["value"]


def test_department_summary_of_a_department_scope(con):
    got = run(con, "department_summary", year=2023, quarter=None, as_of=None, scope="department", scope_id="d2")
    assert rows(got, ["department_id", "signed_amount_wan"]) == [("d2", 3000.0)]


def test_amount_targets_of_one_chain(con):
    got = run(con, "amount_targets", year=2023, quarter=3, target_scope="chain", scope="chain", scope_id="steel")
    assert rows(got) == [("steel", "funds_arrived", 2000.0, 500.0), ("steel", "signed_amount", 3000.0, 800.0)]


def test_amount_targets_of_every_department(con):
    got = run(con, "amount_targets", year=2023, quarter=2, target_scope="department", **CITY)
    assert rows(got) == [("d1", "funds_arrived", 2500.0, 600.0), ("d1", "signed_amount", 6000.0, 1500.0),
                         ("d2", "funds_arrived", 2500.0, 600.0), ("d2", "signed_amount", 4000.0, 1000.0)]


def test_amount_targets_of_the_city_for_a_whole_year(con):
    got = run(con, "amount_targets", year=2023, quarter=None, target_scope="city", **CITY)
    assert rows(got) == [(None, "funds_arrived", 5000.0, None), (None, "signed_amount", 10000.0, None)]


# -- pure functions -------------------------------------------------------------------------------
@pytest.mark.parametrize("the_id, expected", [("a", (1, 3)), ("b", (2, 3)), ("c", (2, 3)), ("d", (None, 3)),
                                              ("zz", (None, 3))])
def test_rank_of_shares_ranks_and_skips_missing_values(the_id, expected):
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "v": [3.0, 1.0, 1.0, None]})
    assert review.rank_of(frame, "id", "v", the_id) == expected


def test_figure_changes_and_shares():
    f = Figure("signed_amount", 1200, prev_year=1000, prev_quarter=1500, target=1000, year_to_date=3000,
               year_target=6000)
    assert (round(f.yoy, 6), round(f.qoq, 6), f.target_share, f.year_share) == (0.2, -0.2, 1.2, 0.5)
    rate = Figure("start_rate", 0.25, prev_year=0.5, target=0.8)
    assert (rate.yoy, rate.qoq, rate.is_rate) == (-0.25, None, True)  # a rate changes in points
    assert Figure("signed_amount", 10, prev_year=0).yoy is None


@pytest.mark.parametrize("quarter, expected", [(1, (2022, 4)), (3, (2023, 2)), (None, None)])
def test_previous_quarter(quarter, expected):
    assert review.previous_quarter(2023, quarter) == expected


def test_summary_states_the_facts_in_chinese():
    figs = {
        "signed_amount": Figure("signed_amount", 1000, prev_year=0, prev_quarter=2000, target=800,
                                year_to_date=3000, year_target=3000, rank=2, of=3),
        "funds_arrived": Figure("funds_arrived", 600, prev_year=400, prev_quarter=700, target=500, rank=1, of=3),
        "new_signed": Figure("new_signed", 1, prev_year=1, prev_quarter=1, rank=1, of=3),
        "start_rate": Figure("start_rate", None, prev_year=0.5, target=0.5),
        "arrival_rate": Figure("arrival_rate", 0.2, prev_year=0.1, target=0.35, rank=3, of=3),
    }
    facts = ReviewFacts(subject="钢产业链", period="2023年第3季度", group_word="条产业链", figures=figs, late=1,
                        stalled=1, open_tasks=2, overdue_tasks=1, missing_nodes=("铁矿石采选",), uncontacted_targets=0)
    assert review.summary(facts) == (
        "钢产业链2023年第3季度：签约额 0.10 亿元，完成目标 125.0%，年度累计 0.30 亿元、完成年度目标 100.0%，"
        "上年同期为零，环比 -50.0%，在 3 条产业链中排第 2 位；"
        "到位资金 0.06 亿元，完成目标 120.0%，同比 +50.0%，环比 -14.3%，在 3 条产业链中排第 1 位；"
        "新签约项目 1 个，同比 +0.0%，环比 +0.0%，在 3 条产业链中排第 1 位；"
        "签约项目开工率：该口径下没有项目，不计；"
        "资金到位率 20.0%，目标 35%，同比 +10.0 个百分点，在 3 条产业链中排第 3 位。"
        "滞后项目 2 个（逾期未开工 1 个、停滞 1 个）；未办结督办任务 2 项，其中逾期 1 项。"
        "产业链缺失环节 1 个（铁矿石采选），这些环节尚未接触的目标企业 0 家。")


def test_summary_of_a_quiet_quarter():
    figs = {k: Figure(k, None) for k in ("signed_amount", "funds_arrived", "new_signed")}
    facts = ReviewFacts(subject="市商务局", period="2023年第4季度", group_word="个部门", figures=figs)
    assert review.summary(facts) == "市商务局2023年第4季度：无滞后项目；督办任务均已办结。"


@pytest.mark.parametrize("the_id, expected", [("a", False), ("b", True), ("c", True), ("d", False)])
def test_tied_of_says_when_a_rank_is_shared(the_id, expected):
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "v": [3.0, 1.0, 1.0, None]})
    assert review.tied_of(frame, "id", "v", the_id) is expected


def test_summary_says_a_shared_rank_is_tied():
    figures = {"signed_amount": Figure("signed_amount", 1000, rank=2, of=8, tied=True)}
    facts = review.ReviewFacts(subject="铝产业链", period="2023年第3季度", group_word="条产业链", figures=figures)
    assert "在 8 条产业链中并列第 2 位" in review.summary(facts)


# -- the review's lists, paged in the database ----------------------------------------------------
def test_supervision_tasks_open_are_the_tasks_not_closed_at_the_date_overdue_first(con):
    # 2023: t2 closed late and t3 on time (both due in 2023, so 'current' lists them) are left out
    got = run(con, "supervision_tasks", year=2023, quarter=None, as_of=None, **CITY, show="open", list=None,
              status=None, project=None, limit=None, offset=0)
    assert rows(got, ["task_id", "status", "days_overdue", "total_rows"]) == [("t1", "overdue", 112, 2),
                                                                             ("t4", "open", None, 2)]


def test_the_reviews_lists_read_their_second_page_in_the_database(con):
    q = lambda name, **p: run(con, name, **p)  # noqa: E731
    aluminium = {"year": 2024, "quarter": 1, "as_of": None, "scope": "chain", "scope_id": "aluminium"}
    assert rows(review.lagging_projects(q, aluminium, 1, 1), ["project_id", "total_rows"]) == [("pa3", 2)]
    city = {"year": 2023, "quarter": None, "as_of": None, **CITY}
    assert rows(review.open_tasks(q, city, 1, 1), ["task_id", "status", "total_rows"]) == [("t4", "open", 2)]
