"""Issue 4's figure builders on query results from the fixture store (pure functions, no Streamlit)."""

import datetime as dt

from zsgt import figures_projects, figures_rates
from helpers import PERIOD_COHORT
from zsgt.store import run

CITY = {"scope": "city", "scope_id": None}
Y2023 = {"year": 2023, "quarter": None, "as_of": None}


def test_rate_ranking_best_on_top_with_counts_and_target(con):
    groups = run(con, "rates_by_group", **PERIOD_COHORT, group="chain", **Y2023, **CITY)
    fig = figures_rates.rate_ranking(groups, "contract_to_start_rate", "开工率", target=0.5)
    bar = fig.data[0]
    # plotly draws bottom-up: the last bar is the top one; aluminium (no cohort) is left out
    assert list(bar.y) == ["新能源", "钢"]
    # every fixture cohort holds fewer than 5 projects: each bar is marked, and a note says why
    assert list(bar.text) == ["0.0% · 0/2 · 样本<5", "100.0% · 1/1 · 样本<5"]  # the title names what is counted
    assert list(bar.marker.color) == ["#59A14F", "#4E79A7"]
    assert fig.layout.shapes[0].x0 == 50
    assert "另有 1 条产业链" in fig.layout.annotations[-1].text
    assert "少于 5 个" in fig.layout.annotations[-1].text


def test_rate_ranking_of_fund_arrival_shows_amounts_in_yi(con):
    groups = run(con, "rates_by_group", **PERIOD_COHORT, group="department", **Y2023, **CITY)
    fig = figures_rates.rate_ranking(groups, "fund_arrival_rate", "到位率")
    assert list(fig.data[0].text) == ["20.0% · 0.10/0.50 · 样本<5", "40.0% · 0.12/0.30 · 样本<5"]  # 亿元 in the title


def test_rate_ranking_marks_only_the_small_cohorts(demo_con):
    # 2023 on the demo store: every chain signed 5 or more projects but two
    groups = run(demo_con, "rates_by_group", **PERIOD_COHORT, group="chain", **Y2023, **CITY)
    fig = figures_rates.rate_ranking(groups, "contract_to_start_rate", "开工率")
    bar = fig.data[0]
    marked = {y for y, text in zip(bar.y, bar.text) if text.endswith("样本<5")}
    assert marked == set(groups.loc[groups["cohort"].between(1, 4), "name_zh"])


def test_cohort_heatmap_leaves_unobservable_cells_blank(con):
    cohorts = run(con, "rate_cohorts", year=2024, quarter=1, as_of=dt.date(2024, 12, 31),
                  scope="chain", scope_id="aluminium")
    fig = figures_rates.cohort_heatmap(cohorts, "start_share", "已开工比例")
    heat = fig.data[0]
    assert list(heat.y) == ["2024Q1"]
    assert [round(v, 1) if v is not None else None for v in heat.z[0]] == [57.1, 71.4, None, None]
    assert list(heat.text[0]) == ["57", "71", "", ""]


def test_time_to_start_steps_from_zero_per_chain(con):
    curves = run(con, "time_to_start", year=2024, quarter=1, as_of=dt.date(2024, 6, 30),
                 scope="chain", scope_id="aluminium")
    fig = figures_rates.time_to_start(curves, "签约至开工")
    (line,) = fig.data
    assert line.line.shape == "hv" and line.line.color == "#A0CBE8" and line.name == "铝（7）"
    assert [round(v, 1) for v in line.y] == [0.0, 14.3, 42.9, 42.9, 42.9, 71.4, 71.4]
    assert line.x[0] == 0.0


def test_pipeline_funnel_main_stages_and_side_bars(con):
    funnel = run(con, "pipeline_funnel", **Y2023, **CITY)
    fig = figures_projects.pipeline_funnel(funnel, "阶段")
    main, side = fig.data
    assert list(main.y) == ["投资信息", "洽谈", "项目签约", "手续办理", "开工建设", "建成投运"]
    assert list(main.x) == [1, 0, 1, 1, 2, 1]
    assert main.text[4] == "2 个 · 0.5 亿元"
    assert list(side.x) == ["停滞", "已终止"] and list(side.y) == [0, 0]


def test_project_arrivals_against_the_contract(con):
    arrivals = run(con, "project_arrivals", project="p4", as_of=dt.date(2024, 3, 31), **CITY)
    fig = figures_projects.project_arrivals(arrivals, "到位")
    bars, cumulative, contract = fig.data
    assert list(bars.y) == [0.0, 1000.0, 0.0, 1000.0]
    assert list(cumulative.y) == [0.0, 1000.0, 1000.0, 2000.0]
    assert set(contract.y) == {5000.0}


def test_empty_inputs_give_an_empty_figure_with_a_sentence(con):
    empty = run(con, "rate_cohorts", year=2021, quarter=None, as_of=None, **CITY)
    assert empty.empty
    for fig in [figures_rates.cohort_heatmap(empty, "start_share", "x"),
                figures_rates.time_to_start(run(con, "time_to_start", year=2020, quarter=None, as_of=None, **CITY), "x"),
                figures_projects.visits_bars(run(con, "visits_by", year=2021, quarter=None, as_of=None, **CITY,
                                                 by="quarter"), "x", [])]:
        assert fig.layout.annotations[0].text == "所选范围和统计期内没有数据。"
