"""A real browser: `streamlit run` serves the app, Playwright drives Debian's Chromium through it."""

from conftest import choose, exceptions, serve, wait_idle, wait_text


def test_cockpit_opens_with_kpis_and_no_exception(open_page):
    page = open_page("/")
    assert exceptions(page) == 0
    body = page.inner_text("body")
    for label in ["领导驾驶舱", "新签约项目", "签约额", "到位资金", "签约项目开工率", "资金到位率", "示例数据"]:
        assert label in body


def test_choosing_2023_shows_the_published_figures(open_page):
    page = open_page("/")
    choose(page, "统计期", "2023年（全年）")
    wait_text(page, "473.95 亿元")
    assert exceptions(page) == 0
    body = page.inner_text("body")
    for value in ["60 个", "473.95 亿元", "+102.95%", "176.56 亿元", "+43.25%", "162 次"]:
        assert value in body, value
    assert "period=2023" in page.url


def test_a_chart_draws_in_the_browser(open_page):
    page = open_page("/?period=2023")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 2


def test_a_fresh_servers_first_visit_to_a_sub_page_gets_the_apps_navigation(browser, demo_path, tmp_path):
    # Streamlit would run pages/visits.py alone (file-list navigation, no page config) here
    with serve(demo_path, tmp_path) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        try:
            page.goto(url + "/visits?period=2023")
            wait_idle(page)
            nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
            assert "领导驾驶舱" in nav and "app" not in nav.split()
            assert "/visits" in page.url
            assert exceptions(page) == 0
        finally:
            page.close()
