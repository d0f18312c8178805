"""A real browser: `streamlit run` serves the app, Playwright drives Debian's Chromium through it.
Every assertion waits for its condition (conftest's see / no_exception / charts_drawn / url_has)."""

from conftest import charts_drawn, choose, no_exception, see, serve, url_has, wait_idle


def test_cockpit_opens_with_kpis_and_no_exception(open_page):
    page = open_page("/")
    see(page, "领导驾驶舱", "新签约项目", "签约额", "到位资金", "签约项目开工率", "资金到位率", "示例数据")
    no_exception(page)


def test_choosing_2023_shows_the_published_figures(open_page):
    page = open_page("/")
    choose(page, "统计期", "2023年（全年）")
    see(page, "60 个", "473.95 亿元", "+102.95%", "176.56 亿元", "+43.25%", "162 次")
    no_exception(page)
    url_has(page, "period=2023")


def test_a_chart_draws_in_the_browser(open_page):
    page = open_page("/?period=2023")
    charts_drawn(page, 2, at_least=True)


def test_a_fresh_servers_first_visit_to_a_sub_page_gets_the_apps_navigation(browser, demo_path, tmp_path):
    # Streamlit would run pages/visits.py alone (file-list navigation, no page config) here
    from playwright.sync_api import expect

    with serve(demo_path, tmp_path) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        try:
            page.goto(url + "/visits?period=2023")
            wait_idle(page)
            nav = page.locator('[data-testid="stSidebarNav"]')
            expect(nav).to_contain_text("领导驾驶舱", timeout=60_000)
            expect(nav.get_by_text("app", exact=True)).to_have_count(0)
            url_has(page, "/visits")
            no_exception(page)
        finally:
            page.close()
