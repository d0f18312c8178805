"""AppTest checks of issue 4's pages: the figures they show and one interaction each."""

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from helpers import one, render
from zsgt.store import run

ROOT = Path(__file__).resolve().parent.parent


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader])


# -- rates -----------------------------------------------------------------------------------------
def test_rates_shows_both_rates_with_target_and_gap(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("rates.py", fixture_path, monkeypatch, period="2023", cohort="period")
    assert not at.exception
    m = metrics(at)
    # 1/3 started (2000/8000 weighted); 2200/8000 arrived; the city's 2023 start target is 0.5
    assert (m["签约项目开工率（当期签约口径）"], m["按金额加权开工率（当期签约口径）"], m["资金到位率（当期签约口径）"]) == (
        "33.3%", "25.0%", "27.5%")
    body = texts(at)
    assert "1 / 3 个项目已开工" in body
    assert "目标 50%（全市目标，全年） :red-badge[低于目标 16.7 个百分点]" in body
    assert "未设目标" in body  # no fund-arrival target in the fixture


def test_rates_ranking_switches_to_departments(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("rates.py", fixture_path, monkeypatch, period="2023")
    radio = next(r for r in at.radio if r.label == "排名对象")
    assert radio.value == "chain"
    radio.set_value("department").run()
    assert not at.exception
    assert next(r for r in at.radio if r.label == "排名对象").value == "department"


def test_rates_lists_the_late_projects_of_a_chain(fixture_path, monkeypatch, clear_streamlit_caches):
    # 2024Q1, as of the store's last date 2024-03-31: pa2 (planned 03-01, starts 04-19) 30 days late,
    # pa3 (planned 03-10) 21 days
    at = render("rates.py", fixture_path, monkeypatch, period="2024Q1", chain="aluminium", cohort="period")
    assert not at.exception
    late = at.dataframe[0].value
    assert list(late["project_id"]) == ["pa2", "pa3"]
    assert list(late["days_late"]) == [30, 21]
    assert "共 2 个" in texts(at)


# -- pipeline --------------------------------------------------------------------------------------
def test_pipeline_project_detail_from_the_url(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("pipeline.py", fixture_path, monkeypatch, period="2023", project="p5")
    assert not at.exception
    assert "项目详情：绿电外送项目（p5）" in texts(at)
    m = metrics(at)
    assert (m["当前阶段"], m["合同额"], m["截至 2023-12-31 到位"]) == ("手续办理", "1,000 万元", "200 万元")
    tasks = at.table[0].value
    assert list(tasks["任务"]) == ["推进土地招拍挂"]


def test_pipeline_unknown_project_is_explained(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("pipeline.py", fixture_path, monkeypatch, period="2023", project="P999999")
    assert not at.exception
    assert "P999999" in at.warning[0].value


def test_pipeline_stage_filter(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("pipeline.py", fixture_path, monkeypatch, period="2023")
    assert "共 6 个项目" in texts(at)
    next(s for s in at.selectbox if s.label == "阶段").select("procedures").run()
    assert not at.exception
    assert "共 1 个项目" in texts(at)
    assert list(at.dataframe[0].value["project_id"]) == ["p5"]


# -- supervision -----------------------------------------------------------------------------------
def test_supervision_counts_are_overdue_tasks(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("supervision.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    values = [m.value for m in at.metric]
    # blue: 1 due, 0 overdue, 0 open past due; red: 2 due, 2 overdue, 1 open past due (overdue_tasks)
    assert values == ["1 项", "0 项", "0 项", "2 项", "2 项", "1 项"]


def test_supervision_status_filter(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("supervision.py", fixture_path, monkeypatch, period="2023")
    assert "任务共 4 项" in texts(at)
    next(s for s in at.selectbox if s.label == "状态").select("overdue").run()
    assert not at.exception
    assert "任务共 1 项" in texts(at)


def test_supervision_proposes_red_list_candidates(fixture_path, monkeypatch, clear_streamlit_caches):
    # at 2024-03-31: pa2 and pa3 are late and have no open red task; p5 has t1 open
    at = render("supervision.py", fixture_path, monkeypatch, period="2024Q1")
    candidates = at.dataframe[-1].value
    assert sorted(candidates["project_id"]) == ["pa2", "pa3"]


# -- visits ----------------------------------------------------------------------------------------
def test_visits_2023_published_figures(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("visits.py", demo_path, monkeypatch, period="2023")
    assert not at.exception
    m = metrics(at)
    assert (m["走访合计"], m["请进来"], m["走出去"], m["主要领导带队外出"], m["其他市领导带队外出"]) == (
        "162 次", "85 次", "77 次", "21 次", "44 次")


def test_visits_follow_the_period(demo_path, demo_con, monkeypatch, clear_streamlit_caches):
    at = render("visits.py", demo_path, monkeypatch, period="2023")
    box = at.sidebar.selectbox[0]
    box.select(next(o for o in box.options if o.startswith("2022年"))).run()
    expected = one(run(demo_con, "visits", year=2022, quarter=None, as_of=dt.date(2022, 12, 31),
                       scope="city", scope_id=None))
    assert metrics(at)["走访合计"] == f"{int(expected['value'])} 次"
