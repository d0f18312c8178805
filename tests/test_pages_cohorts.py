"""Issue 11 §1 in AppTest: each rate names its cohort, the picker keeps it in the URL across pages, a
zero change is neutral, an empty cohort says why it is "—", and a broken data/rates.toml is explained."""

from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from helpers import render

ROOT = Path(__file__).resolve().parent.parent
RATE_PAGES = ["cockpit.py", "rates.py", "self_review.py", "fund_map.py"]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
                     + [w.value for w in at.warning] + [e.value for e in at.error])


# -- the default cohort and its name ---------------------------------------------------------------
def test_cockpit_measures_on_the_configured_default_cohort(fixture_path, monkeypatch, clear_streamlit_caches):
    # data/rates.toml: cumulative since 2021. 2023: p1..p5 signed 2022-2023, p1, p2, p3 started by
    # 2023-12-31 → 3/5; arrived 4300 of 12000. A year earlier: p1 of p1, p2 → 1/2, 800 of 4000
    at = render("cockpit.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception and not at.error
    m = {x.label: x for x in at.metric}
    start, arrival = m["签约项目开工率（2021年以来累计口径）"], m["资金到位率（2021年以来累计口径）"]
    assert (start.value, start.delta, arrival.value, arrival.delta) == (
        "60.0%", "+10.0 个百分点（同比）", "35.8%", "+15.8 个百分点（同比）")
    # the tooltip states the cohort with its dates, then the query's definition
    assert start.proto.help.startswith("口径（2021年以来累计口径）：2021-01-01 至 2023-12-31 签约的全部项目。")
    assert "同比对照上年同一口径：2021-01-01 至 2022-12-31 签约的全部项目，截至 2022-12-31。" in start.proto.help
    assert "contract_to_start_rate" in start.proto.help
    assert "3/5 个项目已开工" in texts(at)
    assert "cohort" not in at.query_params  # the default cohort needs no URL parameter
    assert "2023年各产业链开工率与资金到位率（2021年以来累计口径）" in texts(at)


@pytest.mark.parametrize("cohort, label, value", [
    ("period", "签约项目开工率（当期签约口径）", "33.3%"),
    ("due", "签约项目开工率（应开工口径）", "50.0%"),        # planned in 2023: p2, p3 of p2..p5
    ("cumulative", "签约项目开工率（2021年以来累计口径）", "60.0%"),
    ("rolling", "签约项目开工率（近4个季度滚动口径）", "33.3%"),  # four quarters of a year: the year
])
def test_each_cohort_from_the_url(cohort, label, value, fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("cockpit.py", fixture_path, monkeypatch, period="2023", cohort=cohort)
    assert metrics(at)[label] == value
    assert at.sidebar.selectbox(key="w_cohort").value == cohort


@pytest.mark.parametrize("page", RATE_PAGES)
def test_every_rate_page_names_its_cohort_in_english_too(page, fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(page, fixture_path, monkeypatch, period="2023", chain="steel", cohort="due", lang="en")
    assert not at.exception and not at.error
    body = texts(at) + "\n".join(m.label for m in at.metric)
    assert "due-to-start cohort" in body
    assert "Cohort (due-to-start cohort): projects signed by 2023-12-31 whose planned start date is 2023-01-01 to " \
           "2023-12-31 (due to start)." in body + "\n".join(m.proto.help for m in at.metric)


def test_the_assessment_names_the_method_s_cohort(fixture_path, monkeypatch, clear_streamlit_caches):
    # the assessment scores on the period cohort whatever the sidebar says: a click moves no score
    at = render("assessment.py", fixture_path, monkeypatch, period="2023Q3", cohort="cumulative")
    assert not at.exception and not at.error
    assert "开工率、到位率考核项按考核办法（data/assessment.toml）计：当期签约口径" in texts(at)
    table = at.dataframe[0].value
    assert list(zip(table["name_zh"], table["total"])) == [("市工业和信息化局", 68.625), ("市投资促进局", 45.0)]


# -- picking a cohort, and keeping it across pages ------------------------------------------------------
def test_the_picker_changes_the_rates_and_the_url(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("rates.py", fixture_path, monkeypatch, period="2023")
    at.sidebar.selectbox(key="w_cohort").select("period").run()
    assert not at.exception
    assert metrics(at)["签约项目开工率（当期签约口径）"] == "33.3%"
    assert at.query_params["cohort"] == "period"


def test_the_cohort_survives_a_page_without_the_picker(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "app.py", fixture_path, monkeypatch, period="2023", cohort="due")
    assert metrics(at)["签约项目开工率（应开工口径）"] == "50.0%"
    at.switch_page("pages/targets.py").run()   # no rates there: no picker, the choice stays in the URL
    assert not at.exception
    assert at.query_params["cohort"] == "due"
    at.switch_page("pages/rates.py").run()
    assert at.sidebar.selectbox(key="w_cohort").value == "due"
    assert "签约项目开工率（应开工口径）" in metrics(at)


def test_an_unknown_cohort_in_the_url_falls_back_with_a_notice(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("cockpit.py", fixture_path, monkeypatch, period="2023", cohort="forever")
    assert not at.exception
    assert "网址中的口径“forever”无法识别，已改为默认的2021年以来累计口径。" in at.warning[0].value
    assert "cohort" not in at.query_params


# -- zero changes and empty cohorts -----------------------------------------------------------------
def test_a_zero_change_is_neutral(demo_path, monkeypatch, clear_streamlit_caches):
    # 2026Q3 on the period cohort: none of the quarter's signings started, nor a year earlier's: 0.0 pp
    at = render("cockpit.py", demo_path, monkeypatch, cohort="period")
    start = next(m for m in at.metric if m.label == "签约项目开工率（当期签约口径）")
    assert (start.value, start.delta) == ("0.0%", "0.0 个百分点（同比）")
    assert (start.proto.color, start.proto.direction) == (Metric.MetricColor.GRAY, Metric.MetricDirection.NONE)
    arrival = next(m for m in at.metric if m.label == "资金到位率（当期签约口径）")
    assert (arrival.proto.color, arrival.proto.direction) == (Metric.MetricColor.GREEN, Metric.MetricDirection.UP)


def test_the_default_latest_quarter_reads_like_a_report(demo_path, demo_con, monkeypatch, clear_streamlit_caches):
    from helpers import one
    from zsgt.cohort import load_config
    from zsgt.store import run

    at = render("cockpit.py", demo_path, monkeypatch)
    m = metrics(at)
    p = {"year": 2026, "quarter": 3, "as_of": None, "scope": "city", "scope_id": None, **load_config().cohort().params()}
    start = one(run(demo_con, "contract_to_start_rate", **p))
    assert m["签约项目开工率（2021年以来累计口径）"] == f"{start['value'] * 100:.1f}%"
    assert start["value"] > 0.5  # not the 0 % of the quarter's own signings
    assert m["资金到位率（2021年以来累计口径）"] == f"{one(run(demo_con, 'fund_arrival_rate', **p))['value'] * 100:.1f}%"


def test_an_empty_cohort_shows_a_dash_and_why(fixture_path, monkeypatch, clear_streamlit_caches):
    # nothing was signed in the fixture's 2023Q3 window for the steel chain... nor in 2022 anywhere due
    at = render("cockpit.py", fixture_path, monkeypatch, period="2023Q3", chain="steel", cohort="period")
    assert not at.exception
    m = metrics(at)
    assert (m["签约项目开工率（当期签约口径）"], m["资金到位率（当期签约口径）"]) == ("—", "—")
    assert texts(at).count("该口径下没有项目（2023-07-01 至 2023-09-30 签约的项目），不计算比率。") == 2
    assert "0/0" not in texts(at)


# -- the chains' trend on the rates page -------------------------------------------------------------
def test_rates_page_shows_each_chain_s_trend(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("rates.py", fixture_path, monkeypatch, period="2024Q1", cohort="cumulative")
    assert not at.exception
    assert "各产业链季度走势（2021年以来累计口径）" in texts(at)
    trend = next(c for c in at.get("plotly_chart") if "rates_trend" in c.proto.id)
    import json

    fig = json.loads(trend.proto.spec)
    # one panel per chain, steel first: p1 started from 2022Q2, p3 joins in 2023Q1 (1 of 2), both by 2023Q2
    steel = fig["data"][0]
    assert steel["x"][:5] == ["2022Q2", "2022Q3", "2022Q4", "2023Q1", "2023Q2"]
    assert steel["y"][:5] == [100.0, 100.0, 100.0, 50.0, 100.0]
    at.segmented_control(key="rates_trend_metric").set_value("fund_arrival_rate").run()
    fig = json.loads(next(c for c in at.get("plotly_chart") if "rates_trend" in c.proto.id).proto.spec)
    assert [round(y, 1) for y in fig["data"][0]["y"][:4]] == [30.0, 30.0, 30.0, 33.3]


# -- a broken data/rates.toml -------------------------------------------------------------------------
def test_a_broken_rates_file_is_explained_in_chinese(tmp_path, fixture_path, monkeypatch, clear_streamlit_caches):
    bad = tmp_path / "rates.toml"
    bad.write_text('[cohort]\ndefault = "yearly"\n[cumulative]\nbase_year = 2021\n[rolling]\nquarters = 4\n',
                   encoding="utf-8")
    monkeypatch.setenv("ZSGT_RATES", str(bad))
    at = render("cockpit.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    assert "口径文件 rates.toml [cohort] 的 default 应为 period（当期签约口径）" in at.error[0].value
    # a page without rates still works
    assert not render("targets.py", fixture_path, monkeypatch, period="2023").error
