"""A real browser: `streamlit run` serves the app, Playwright drives Debian's Chromium through it."""

from conftest import choose, exceptions


def test_cockpit_opens_with_kpis_and_no_exception(open_page):
    page = open_page("/")
    assert exceptions(page) == 0
    body = page.inner_text("body")
    for label in ["领导驾驶舱", "新签约项目", "签约额", "到位资金", "签约项目开工率", "资金到位率", "示例数据"]:
        assert label in body


def test_choosing_2023_shows_the_published_figures(open_page):
    page = open_page("/")
    choose(page, "统计期", "2023年（全年）")
    assert exceptions(page) == 0
    body = page.inner_text("body")
    for value in ["60 个", "473.95 亿元", "+102.95%", "176.56 亿元", "+43.25%", "162 次"]:
        assert value in body, value
    assert "period=2023" in page.url


def test_a_chart_draws_in_the_browser(open_page):
    page = open_page("/?period=2023")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 2
