"""Every page renders in Streamlit's AppTest with no exception; the cockpit shows the right figures."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import render

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_demo_store(page, demo_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / page, demo_path, monkeypatch)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_fixture_store(page, fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / page, fixture_path, monkeypatch, period="2023")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_app_opens_on_the_cockpit(demo_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "app.py", demo_path, monkeypatch)
    assert not at.exception
    assert at.title[0].value == "领导驾驶舱"


def test_cockpit_defaults_to_the_latest_quarter_with_results(demo_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", demo_path, monkeypatch)
    assert at.sidebar.selectbox[0].value.label() == "2026年第3季度"


def test_cockpit_shows_the_published_2023_figures(demo_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", demo_path, monkeypatch, period="2023")
    m = metrics(at)
    assert m["新签约项目"] == "60 个"
    assert m["签约额"] == "473.95 亿元"
    assert m["到位资金"] == "176.56 亿元"
    assert m["走访（请进来·走出去）"] == "162 次"
    deltas = {x.label: x.delta for x in at.metric}
    assert deltas["签约额"] == "+102.95%（同比）"
    assert deltas["到位资金"] == "+43.25%（同比）"


def test_cockpit_picking_2023_in_the_sidebar(demo_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", demo_path, monkeypatch)
    box = at.sidebar.selectbox[0]
    box.select(next(o for o in box.options if o.startswith("2023年（全年")))
    at.run()
    # options are shown by label; the selected value is a Period
    assert metrics(at)["签约额"] == "473.95 亿元"


def test_cockpit_fixture_figures_and_rates(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", fixture_path, monkeypatch, period="2023", cohort="period")
    m = metrics(at)
    assert (m["签约额"], m["到位资金"], m["签约项目开工率（当期签约口径）"], m["资金到位率（当期签约口径）"]) == (
        "0.80 亿元", "0.35 亿元", "33.3%", "27.5%")


def test_an_unknown_period_in_the_url_falls_back_with_a_notice(demo_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", demo_path, monkeypatch, period="1999Q7")
    assert not at.exception
    assert "1999Q7" in at.warning[0].value
    assert at.sidebar.selectbox[0].value.label() == "2026年第3季度"


def test_a_chain_in_the_url_scopes_the_page(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", fixture_path, monkeypatch, period="2023", chain="steel")
    assert metrics(at)["签约额"] == "0.20 亿元"


def test_a_missing_store_explains_how_to_build_it(tmp_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", tmp_path / "missing.duckdb", monkeypatch)
    assert not at.exception
    assert "make demo" in at.error[0].value


def test_the_english_switch_translates_the_cockpit(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", fixture_path, monkeypatch, period="2023", lang="en")
    assert at.title[0].value == "Leadership cockpit"
    assert "Signed amount" in metrics(at)


def test_cockpit_lists_the_red_tasks_overdue_now(fixture_path, monkeypatch, clear_streamlit_caches):
    # 2023: red t1 (due 2023-09-10, still open) is overdue; t2 was closed late, so it is not listed
    at = render(ROOT / "pages" / "cockpit.py", fixture_path, monkeypatch, period="2023")
    red = [df.value for df in at.dataframe if "title" in df.value.columns]
    assert len(red) == 1
    assert list(red[0]["title"]) == ["推进土地招拍挂"] and list(red[0]["project_id"]) == ["p5"]


def test_cockpit_ranks_the_chains_on_both_rates(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "cockpit.py", fixture_path, monkeypatch, period="2023")
    charts = [c for c in at.get("plotly_chart")]
    assert len(charts) == 4  # trend, chains, two rate rankings


def test_a_store_a_query_cannot_run_on_gives_a_chinese_message(tmp_path, fixture_path, monkeypatch,
                                                                clear_streamlit_caches):
    import shutil

    import duckdb

    broken = tmp_path / "broken.duckdb"
    shutil.copy(fixture_path, broken)
    con = duckdb.connect(str(broken))
    con.execute("drop macro yoy")
    con.close()
    at = render(ROOT / "pages" / "cockpit.py", broken, monkeypatch, period="2023")
    assert not at.exception
    assert "查询 new_signed_projects 在数据库" in at.error[0].value


def test_the_as_of_date_cannot_pass_the_end_of_the_data(demo_path, monkeypatch, clear_streamlit_caches):
    import datetime as dt

    at = render(ROOT / "pages" / "cockpit.py", demo_path, monkeypatch, period="2026")
    assert at.sidebar.text_input(key="w_as_of").value == str(dt.date(2026, 9, 30))
    at.sidebar.text_input(key="w_as_of").input("2026-12-31").run()
    assert "截至日期 2026-12-31 不在本统计期可选范围（2026-01-01 至 2026-09-30）内" in at.warning[0].value
    assert at.sidebar.text_input(key="w_as_of").value == "2026-09-30"


# -- pages that stop at a picker go on once something is picked (issue 11) --------------------------
def test_self_review_goes_on_from_the_overview_to_a_chain(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "self_review.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception and not at.error
    assert "/self_review?period=2023&chain=steel#钢" in at.dataframe[0].value["review"].tolist()  # each chain's link
    at = render(ROOT / "pages" / "self_review.py", fixture_path, monkeypatch, period="2023", chain="steel")
    assert not at.exception and not at.error
    # steel 2023: p3 signed 2000; arrived p1 300 + p3 1000; on the default cohort (cumulative since 2021)
    # p1 and p3 both started by 2023-12-31, 1600 of their 3000 arrived
    assert metrics(at) == {"签约额": "0.20 亿元", "到位资金": "0.13 亿元", "新签约项目": "1 个",
                           "签约项目开工率（2021年以来累计口径）": "100.0%", "资金到位率（2021年以来累计口径）": "53.3%"}
    assert at.code[0].value.startswith("钢产业链2023年：签约额 0.20 亿元")


def test_assessment_goes_on_once_a_quarter_is_picked(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / "assessment.py", fixture_path, monkeypatch, period="2023")
    assert "2023年第4季度" in at.info[0].value  # a year is assessed on its quarter at the as-of date
    box = at.sidebar.selectbox[0]
    box.select(next(o for o in box.options if o == "2023年第3季度")).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(zip(table["department_id"], table["total"])) == [("d2", 68.625), ("d1", 45.0)]
    at.selectbox(key="as_department").select("d2").run()
    assert "市工业和信息化局 总分 68.6 分，排第 1 位（共 2 个部门）" in "\n".join(m.value for m in at.markdown)
