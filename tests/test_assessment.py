"""The quarterly assessment and the incentives: the method file, its checks, the scoring and the awards,
the referrer rewards, and their queries on the fixture store (exact values).

Fixture, 2023 Q3 (as of 2023-09-30), per department (the start rate is scored on the year to date:
the projects signed from 1 January, measured at the quarter's end):
  d1: signed 0 (target 1500), arrived 1000 (p4; target 700), signed this year p4, not started (rate 0),
      1 new project in the chains it leads (p5, new_energy), no overdue task
      → 0 + 35 × min(1000/700, 1.2) = 42 + 0 + 3 × 1 = 3 + 0 = 45
  d2: signed 1000 (p5; target 1000), arrived 600 (p3; target 800), signed this year p3 (started) and p5
      (not): rate 1/2 → 15 × 0.5/0.8 = 9.375, led chains steel and aluminium signed nothing, 1 overdue task
      (t1) → 35 + 26.25 + 9.375 + 0 − 2 = 68.625
2023 Q2 (as of 2023-06-30): d1 signed 5000 (p4; target 1500) → 42, arrived 1000 (p2; target 600) → 42,
  p4 not started → 0, led new_energy signed p4 → 3, t2 closed late → −2: 85; d2 nothing but p3, signed
  in Q1 and started on 2023-04-20 (rate 1/1 → 15): 15.
So Q3: d2 first, d1 second; d2 rose from 2nd to 1st (进步奖) and has the most signed + arrived (贡献奖).
"""

import copy
import datetime as dt
import tomllib

import pandas as pd
import pytest

from helpers import PERIOD_COHORT, rows
from zsgt import assessment
from zsgt.assessment import Component, MethodError, Tier
from zsgt.config import assessment_path
from zsgt.store import run

CITY = {"scope": "city", "scope_id": None}
QUARTER_END = {2: dt.date(2023, 6, 30), 3: dt.date(2023, 9, 30)}
BASE = tomllib.loads(assessment_path().read_text(encoding="utf-8"))


def facts(con, quarter: int):
    p = {"year": 2023, "quarter": quarter, "as_of": None, **CITY}
    return assessment.department_facts(
        summary=run(con, "department_summary", **p), targets=run(con, "amount_targets", **p, target_scope="department"),
        rates=run(con, "rates_by_group", **PERIOD_COHORT, **p, group="department"),
        rates_ytd=run(con, "rates_by_group", **PERIOD_COHORT, **{**p, "quarter": None, "as_of": QUARTER_END[quarter]}, group="department"),
        chain_summary=run(con, "chain_summary", **p),
        chains=run(con, "chains", **CITY), supervision=run(con, "supervision_by_department", **p, list=None))


# -- the method file --------------------------------------------------------------------------------
def test_the_shipped_method_reads_and_adds_up_to_its_full_score():
    method = assessment.load_method()
    assert [c.id for c in method.components] == ["signed_amount", "funds_arrived", "start_rate", "new_projects",
                                                  "overdue_tasks"]
    assert method.full_score == 100
    assert method.reward_cap_wan == 30
    assert method.tiers[-1] == Tier(500000, 30)


def broken(change):
    data = copy.deepcopy(BASE)
    change(data)
    return data


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("method"), "缺少 [method] 部分"),
    (lambda d: d.pop("component"), "没有任何 [[component]] 考核项"),
    (lambda d: d["component"][0].update(kind="bonus"), "考核项 signed_amount 的 kind 应为 target_ratio"),
    (lambda d: d["component"][0].update(metric="visits"), "metric 应为 funds_arrived、signed_amount 之一"),
    (lambda d: d["component"][1].update(weight="35"), "考核项 funds_arrived 的 weight 应为数字"),
    (lambda d: d["component"][1].update(weight=-5), "weight 不能小于 0"),
    (lambda d: d["component"][2].update(target_rate=80), "target_rate 应在 0 与 1 之间"),
    (lambda d: d["component"][2].update(period="month"), "period 应为 quarter（本季度签约项目）或 year_to_date"),
    (lambda d: d["component"][1].update(id="signed_amount"), "考核项 signed_amount 的 id 重复"),
    (lambda d: d["component"][0].update(weight=40), "合计 105 分，与 full_score = 100 不一致"),
    (lambda d: d["referrer_reward"]["tier"][-1].update(reward_wan=35), "第 5 档的奖励 35 万元超过单笔上限"),
    (lambda d: d["referrer_reward"]["tier"][1].update(min_wan=1000), "第 2 档的 min_wan 应大于上一档"),
    (lambda d: d["awards"].update(contribution_metrics=["visits"]), "contribution_metrics 应为"),
])
def test_a_wrong_method_is_refused_with_a_chinese_message(change, message):
    with pytest.raises(MethodError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        assessment.parse_method(broken(change))


def test_a_method_file_with_a_syntax_error_names_the_problem(tmp_path):
    bad = tmp_path / "assessment.toml"
    bad.write_text("[method]\nname = \"考核办法\nfull_score = 100\n", encoding="utf-8")
    with pytest.raises(MethodError, match="格式有误.*line 2"):
        assessment.load_method(bad)


def test_a_missing_method_file_says_where_it_should_be(tmp_path, monkeypatch):
    monkeypatch.setenv("ZSGT_ASSESSMENT", str(tmp_path / "nope.toml"))
    with pytest.raises(MethodError, match="找不到考核办法文件.*nope.toml"):
        assessment.load_method()


# -- components and scoring ------------------------------------------------------------------------
@pytest.mark.parametrize("component, fact, points", [
    (Component("s", "签约额", "target_ratio", "signed_amount", weight=35, cap=1.2),
     {"signed_amount": 600, "signed_amount_target": 800}, 26.25),
    (Component("s", "签约额", "target_ratio", "signed_amount", weight=35, cap=1.2),
     {"signed_amount": 2000, "signed_amount_target": 800}, 42.0),                    # capped
    (Component("s", "签约额", "target_ratio", "signed_amount", weight=35, cap=1.2),
     {"signed_amount": 2000, "signed_amount_target": None}, 0.0),                    # no target: no points
    (Component("r", "开工率", "rate", "contract_to_start_rate", weight=15, target_rate=0.8, cap=1.0),
     {"contract_to_start_rate": 0.4}, 7.5),
    (Component("r", "开工率", "rate", "contract_to_start_rate", weight=15, target_rate=0.8, cap=1.0,
               no_cohort_points=5), {"contract_to_start_rate": None}, 5.0),          # no cohort
    (Component("r", "开工率", "rate", "contract_to_start_rate", weight=15, target_rate=0.8, cap=1.0,
               period="year_to_date"), {"contract_to_start_rate": None, "contract_to_start_rate_ytd": 0.4}, 7.5),
    (Component("n", "新项目", "count", "new_projects_in_led_chains", points_each=3, max_points=15),
     {"new_projects_in_led_chains": 7}, 15.0),
    (Component("o", "逾期", "deduction", "overdue_tasks", points_each=2, max_points=10), {"overdue_tasks": 3}, -6.0),
    (Component("o", "逾期", "deduction", "overdue_tasks", points_each=2, max_points=10), {"overdue_tasks": 0}, 0.0),
])
def test_component_points(component, fact, points):
    assert assessment.component_points(component, fact)["points"] == points


def test_department_facts_of_2023_q3(con):
    got = rows(facts(con, 3), ["department_id", *assessment.FACT_COLUMNS])
    # year to date: d1 p4 arrived 1000 of 5000; d2 p3 1000 (400 + 600) and p5 0 of 3000
    assert got == [("d1", 0.0, 1500.0, 1000.0, 700.0, None, None, 0.0, 0.2, 1, 0, 0),
                   ("d2", 1000.0, 1000.0, 600.0, 800.0, 0.0, 0.0, 0.5, round(1 / 3, 6), 0, 1, 1)]


def test_ranking_of_2023_q3_and_q2(con):
    method = assessment.load_method()
    q3 = assessment.ranking(method, facts(con, 3))
    assert rows(q3, ["department_id", "signed_amount", "funds_arrived", "start_rate", "new_projects",
                     "overdue_tasks", "total", "rank"]) == [
        ("d2", 35.0, 26.25, 9.375, 0.0, -2.0, 68.625, 1), ("d1", 0.0, 42.0, 0.0, 3.0, 0.0, 45.0, 2)]
    q2 = assessment.ranking(method, facts(con, 2))
    assert rows(q2, ["department_id", "total", "rank"]) == [("d1", 85.0, 1), ("d2", 15.0, 2)]


def test_awards_progress_and_contribution(con):
    method = assessment.load_method()
    q3, q2 = facts(con, 3), facts(con, 2)
    won = assessment.awards(method, assessment.ranking(method, q3), assessment.ranking(method, q2), q3)
    assert won == {"progress": {"department_id": "d2", "rank_prev": 2, "rank": 1, "gain": 1, "score_gain": 53.625},
                   "contribution": {"department_id": "d2", "value_wan": 1600.0}}


def test_no_progress_award_without_a_rise_or_a_previous_quarter(con):
    method = assessment.load_method()
    q2 = facts(con, 2)
    ranked = assessment.ranking(method, q2)
    assert assessment.awards(method, ranked, ranked, q2)["progress"] is None
    assert assessment.awards(method, ranked, None, q2)["progress"] is None


def test_a_what_if_weight_moves_the_ranking(con):
    method = assessment.load_method()
    q3 = facts(con, 3)
    # signed amount worth nothing, funds arrived 70: d1 0 + 70 × 1.2 + 0 + 3 + 0 = 87,
    # d2 0 + 70 × 0.75 + 9.375 + 0 − 2 = 59.875
    changed = assessment.ranking(method.with_scales({"signed_amount": 0, "funds_arrived": 70}), q3)
    assert rows(changed, ["department_id", "total", "rank"]) == [("d1", 87.0, 1), ("d2", 59.875, 2)]
    assert [c.scale for c in method.components] == [35, 35, 15, 15, 10]  # the method itself is unchanged


def test_equal_totals_share_a_rank():
    method = assessment.load_method()
    same = pd.DataFrame([{"department_id": d, "name_zh": d, "name_en": d, **{c: 0 for c in assessment.FACT_COLUMNS}}
                         for d in ("a", "b")])
    assert rows(assessment.ranking(method, same), ["department_id", "rank"]) == [("a", 1), ("b", 1)]


# -- the projects behind a score -----------------------------------------------------------------------
def test_assessment_projects_of_d2_in_2023_q3(con):
    got = run(con, "assessment_projects", component=None, limit=None, offset=0, **PERIOD_COHORT, year=2023, quarter=3,
              as_of=None, department="d2", **CITY)
    assert rows(got, ["component", "project_id", "value_wan", "started"]) == [
        ("signed_amount", "p5", 1000.0, None), ("funds_arrived", "p3", 600.0, None),
        ("contract_to_start_rate", "p5", 1000.0, False)]


def test_assessment_projects_of_d1_in_2023_q3(con):
    got = run(con, "assessment_projects", component=None, limit=None, offset=0, **PERIOD_COHORT, year=2023, quarter=3,
              as_of=None, department="d1", **CITY)
    assert rows(got, ["component", "project_id", "chain_id", "department_id", "value_wan"]) == [
        ("funds_arrived", "p4", "new_energy", "d1", 1000.0),
        ("new_projects_in_led_chains", "p5", "new_energy", "d2", 1000.0)]  # p5 is d2's, in d1's chain


@pytest.mark.parametrize("component, limit, offset, expected", [
    ("funds_arrived", None, 0, [("funds_arrived", "p4", 1), ]),
    ("new_projects_in_led_chains", 1, 0, [("new_projects_in_led_chains", "p5", 1)]),
    ("signed_amount", None, 0, []),
])
def test_assessment_projects_of_one_component_page_and_count(con, component, limit, offset, expected):
    got = run(con, "assessment_projects", component=component, limit=limit, offset=offset, **PERIOD_COHORT, year=2023,
              quarter=3, as_of=None, department="d1", **CITY)
    assert rows(got, ["component", "project_id", "total_rows"]) == expected


def test_assessment_projects_count_every_row_of_a_component_past_the_page(con):
    # 2023 as a whole: d1's funds arrived in p2 (1000 in Q2) and p4 (1000 in Q3): two, one to a page
    p = {"year": 2023, "quarter": None, "as_of": None, "department": "d1", "component": "funds_arrived", **CITY}
    first = run(con, "assessment_projects", **PERIOD_COHORT, **p, limit=1, offset=0)
    second = run(con, "assessment_projects", **PERIOD_COHORT, **p, limit=1, offset=1)
    assert rows(first, ["total_rows"]) == rows(second, ["total_rows"]) == [(2,)]
    assert {rows(first, ["project_id"])[0][0], rows(second, ["project_id"])[0][0]} == {"p2", "p4"}


@pytest.mark.parametrize("quarter", [1, 2, 3, 4, None])
def test_assessment_projects_add_up_to_the_scored_figures(con, quarter):
    p = {"year": 2023, "quarter": quarter, "as_of": None, **CITY}
    summary = run(con, "department_summary", **p).set_index("department_id")
    rates = run(con, "rates_by_group", **PERIOD_COHORT, **p, group="department").set_index("group_id")
    led = run(con, "chain_summary", **p).merge(run(con, "chains", **CITY)[["chain_id", "lead_department_id"]])
    for dep in ("d1", "d2"):
        got = run(con, "assessment_projects", component=None, limit=None, offset=0, **PERIOD_COHORT, **p, department=dep)
        part = {c: got[got["component"] == c] for c in got["component"].unique()}
        empty = got.iloc[0:0]
        assert part.get("signed_amount", empty)["value_wan"].astype(float).sum() == summary.loc[dep, "signed_amount_wan"]
        assert len(part.get("signed_amount", empty)) == summary.loc[dep, "new_signed"]
        assert part.get("funds_arrived", empty)["value_wan"].astype(float).sum() == summary.loc[dep, "funds_arrived_wan"]
        cohort = part.get("contract_to_start_rate", empty)
        assert (len(cohort), int(cohort["started"].sum())) == (rates.loc[dep, "cohort"], rates.loc[dep, "started"])
        assert len(part.get("new_projects_in_led_chains", empty)) == \
            led.loc[led["lead_department_id"] == dep, "new_signed"].sum()


def test_the_overdue_tasks_behind_a_score_are_supervision_tasks_due_and_overdue(con):
    # the page lists a department's overdue tasks from supervision_tasks; they must be the ones counted
    for quarter in (1, 2, 3, 4):
        p = {"year": 2023, "quarter": quarter, "as_of": None}
        counted = run(con, "supervision_by_department", **p, **CITY, list=None).set_index("department_id")
        for dep in counted.index:
            tasks = run(con, "supervision_tasks", **p, scope="department", scope_id=dep, show="current", list=None,
                        status=None, project=None, limit=1000, offset=0)
            assert int((tasks["due_in_period"] & tasks["is_overdue"]).sum()) == counted.loc[dep, "overdue_in_period"]


# -- incentives ------------------------------------------------------------------------------------------
TIERS = (Tier(5000, 3), Tier(10000, 5), Tier(50000, 10), Tier(100000, 20), Tier(500000, 30))
# the referrer-reward method as referrer_projects' parameters (zsgt.assessment.reward_params)
SHIPPED = {"tier_min": [float(t.min_wan) for t in TIERS], "tier_reward": [float(t.reward_wan) for t in TIERS],
           "reward_cap_wan": 30.0, "require_started": True}
EVERY = {"limit": None, "offset": 0}


def referrals(con, as_of=None, **method):
    return run(con, "referrer_projects", year=2023, quarter=None, as_of=as_of, **CITY, **{**EVERY, **SHIPPED, **method})


def test_reward_params_are_the_method_file_s():
    assert assessment.reward_params(assessment.load_method()) == SHIPPED


@pytest.mark.parametrize("tiers, reward", [
    # p4 (李女士, fixed assets 4000 万元) against other tiers: below the first, on a threshold, the highest reached
    (((5000, 3), (10000, 5)), 0.0), (((4000, 3), (10000, 5)), 3.0), (((1000, 2), (3000, 5), (5000, 9)), 5.0),
    (((1000, 2), (3999.99, 5)), 5.0)])
def test_referrer_reward_is_the_highest_tier_reached(con, tiers, reward):
    got = referrals(con, tier_min=[float(m) for m, _ in tiers], tier_reward=[float(r) for _, r in tiers])
    assert rows(got, ["project_id", "reward_wan"]) == [("p4", reward)]


def test_referrer_reward_never_passes_the_cap(con):
    got = referrals(con, tier_min=[0.0], tier_reward=[50.0])
    assert rows(got, ["reward_wan", "status", "pending_wan"]) == [(30.0, "pending", 30.0)]


def test_referrer_projects_of_2023(con):
    got = referrals(con)
    assert rows(got, ["project_id", "referrer", "fixed_asset_wan", "started", "reward_wan", "status", "total_rows",
                      "payable_wan", "pending_wan"]) == [("p4", "李女士", 4000.0, False, 0.0, "below", 1, 0.0, 0.0)]
    later = referrals(con, as_of=dt.date(2024, 1, 31))
    assert rows(later, ["project_id", "started"]) == [("p4", True)]
    # p4 started on 2024-01-10: at the end of 2023 its start date is not known yet either
    assert rows(got, ["actual_start_date"]) == [(None,)]
    assert rows(later, ["actual_start_date"]) == [(dt.date(2024, 1, 10),)]


@pytest.mark.parametrize("as_of, require_started, expected", [
    (None, True, [("pending", 5.0, 0.0, 5.0)]),              # p4 starts on 2024-01-10
    (dt.date(2024, 1, 31), True, [("payable", 5.0, 5.0, 0.0)]),
    (None, False, [("payable", 5.0, 5.0, 0.0)]),              # a method that pays on signing
])
def test_referrer_rewards_pay_once_started(con, as_of, require_started, expected):
    got = referrals(con, as_of=as_of, tier_min=[1000.0, 3000.0], tier_reward=[2.0, 5.0], require_started=require_started)
    assert rows(got, ["status", "reward_wan", "payable_wan", "pending_wan"]) == expected


def test_referrer_projects_page_but_count_and_sum_every_row(con):
    assert referrals(con, tier_min=[1000.0], tier_reward=[2.0], limit=1, offset=1).empty  # past the one row
    got = referrals(con, tier_min=[1000.0], tier_reward=[2.0], limit=1, offset=0)
    assert rows(got, ["project_id", "total_rows", "pending_wan"]) == [("p4", 1, 2.0)]
