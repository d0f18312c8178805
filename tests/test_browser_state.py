"""State across pages and in the URL (issue 13), in a real browser on the demo store.

A leader picks a period, a scope and a language once; every page reached by the sidebar (whose links
carry no URL parameters) shows the same, and writes it back to its URL. Assertions wait with expect().
"""

import re

from playwright.sync_api import expect

from conftest import choose, wait_idle

# the navigation's order (app.py) and each page's English title
PAGES = [
    ("/", "Leadership cockpit"),
    ("/rates", "Start and arrival rates"),
    ("/chain_map", "Industry-chain map"),
    ("/resource_map", "Resource map"),
    ("/fund_map", "Fund map"),
    ("/opportunities", "Investment opportunities"),
    ("/targets", "Target companies"),
    ("/pipeline", "Project pipeline"),
    ("/supervision", "Supervision lists: blue · red"),
    ("/visits", "Visits: inbound · outbound"),
    ("/self_review", "Chain self-review"),
    ("/assessment", "Quarterly assessment"),
    ("/incentives", "Incentives"),
    ("/data_quality", "Data quality"),
    ("/import_data", "Import ledgers"),
    ("/import_history", "Import history"),
]


def sidebar_link(page, title: str):
    return page.get_by_test_id("stSidebarNavLink").filter(has_text=re.compile("^" + re.escape(title) + "$"))


def sidebar_value(page, label: str, role: str = "combobox"):
    """The input of the sidebar's selectbox (or, with role="textbox", text box) labelled `label`."""
    return page.get_by_test_id("stSidebarUserContent").get_by_role(role, name=label, exact=True)


def test_sidebar_clicks_keep_period_scope_and_language_on_every_page(open_page):
    page = open_page("/?period=2023&chain=aluminium&lang=en")
    for path, title in PAGES[1:] + PAGES[:1]:
        sidebar_link(page, title).click()
        expect(page.locator("h1").first).to_have_text(title, timeout=60_000)
        wait_idle(page)
        url = re.escape(path) + r"\?" if path != "/" else r"/\?"
        expect(page).to_have_url(re.compile(url))
        for param in ("period=2023", "chain=aluminium", "lang=en"):
            expect(page).to_have_url(re.compile(r"[?&]" + param + r"(&|$)"))
        expect(sidebar_value(page, "Period")).to_have_value("2023 (full year)")
        if path not in ("/assessment", "/data_quality", "/import_data", "/import_history"):  # no scope picker
            expect(sidebar_value(page, "Chain")).to_have_value("Aluminium")
        # the navigation's names are in the chosen language too
        expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Overview")
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_period_picked_in_the_sidebar_is_kept_on_the_next_page(open_page):
    page = open_page("/")
    choose(page, "统计期", "2023年（全年）")
    expect(page).to_have_url(re.compile(r"period=2023(&|$)"))
    sidebar_link(page, "签约项目开工率 · 资金到位率").click()
    expect(page.locator("h1").first).to_have_text("签约项目开工率 · 资金到位率", timeout=60_000)
    wait_idle(page)
    expect(sidebar_value(page, "统计期")).to_have_value("2023年（全年）")
    expect(page).to_have_url(re.compile(r"/rates\?.*period=2023(&|$)"))
    sidebar_link(page, "领导驾驶舱").click()
    expect(page.get_by_text("473.95 亿元").first).to_be_visible(timeout=60_000)
    expect(sidebar_value(page, "统计期")).to_have_value("2023年（全年）")


def test_assessment_and_self_review_take_the_chosen_period_and_scope(open_page):
    page = open_page("/?period=2023&chain=aluminium")
    sidebar_link(page, "产业链自查").click()
    expect(page.get_by_text("铝产业链").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("请选择要自查的产业链")).to_have_count(0)
    sidebar_link(page, "季度考核").click()
    expect(page.get_by_text("2023年第4季度").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("请在左侧“统计期”中选择一个季度")).to_have_count(0)


def test_a_typed_as_of_date_applies_on_enter_and_is_kept_in_the_url(open_page):
    page = open_page("/?period=2023")
    box = sidebar_value(page, "截至日期", role="textbox")
    box.fill("2023-06-30")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"as_of=2023-06-30"), timeout=60_000)
    expect(page.get_by_text("2023年 · 全市 · 截至 2023-06-30")).to_be_visible()
    box.fill("2023-13-30")
    box.press("Enter")
    expect(page.get_by_text("截至日期 2023-13-30 不是有效日期")).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"as_of=2023-06-30"))


def _rows(page) -> list[str]:
    grid = page.get_by_test_id("stDataFrame").last
    grid.scroll_into_view_if_needed()  # the grid fills its cells once it is on screen
    expect(grid.locator("[role=gridcell]").first).to_be_attached(timeout=30_000)
    # each row's first cell (the project's name): the grid draws only the columns in view
    return grid.evaluate("""g => [...g.querySelectorAll('[role=row]')]
        .map(r => r.querySelector('[role=gridcell]')).filter(c => c).map(c => c.innerText)""")


def test_a_link_copied_from_a_filtered_view_opens_the_same_rows(open_page, browser):
    page = open_page("/pipeline?period=2023")
    box = sidebar_value(page, "截至日期", role="textbox")
    box.fill("2023-09-30")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"as_of=2023-09-30"), timeout=60_000)
    choose(page, "阶段", "开工建设")
    search = page.get_by_test_id("stMain").get_by_role("textbox", name="搜索项目、企业或编号")
    search.fill("铝")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"pipeline_stage=started.*pipeline_search=%E9%93%9D"), timeout=60_000)
    wait_idle(page)
    expect(page.get_by_text("共 5 个项目").first).to_be_visible(timeout=30_000)
    rows = _rows(page)
    assert len(rows) == 5, rows
    link = page.url

    context = browser.new_context(viewport={"width": 1600, "height": 1000})  # nothing shared with the first
    try:
        other = context.new_page()
        other.goto(link)
        expect(other.get_by_text("共 5 个项目").first).to_be_visible(timeout=60_000)
        wait_idle(other)
        expect(other.get_by_text("全市 · 截至 2023-09-30 的项目阶段")).to_be_visible()
        expect(other.get_by_test_id("stMain").get_by_role("textbox", name="搜索项目、企业或编号")).to_have_value("铝")
        assert _rows(other) == rows
    finally:
        context.close()


def test_a_pages_filters_are_kept_when_the_sidebar_leaves_and_comes_back(open_page):
    page = open_page("/supervision?period=2023")
    choose(page, "状态", "逾期未办结")
    expect(page).to_have_url(re.compile(r"supervision_status=overdue"), timeout=60_000)
    sidebar_link(page, "领导驾驶舱").click()
    expect(page.locator("h1").first).to_have_text("领导驾驶舱", timeout=60_000)
    sidebar_link(page, "派单督办：蓝单 · 红单").click()
    expect(page).to_have_url(re.compile(r"/supervision\?.*supervision_status=overdue"), timeout=60_000)
    expect(page.get_by_role("combobox", name="状态", exact=True)).to_have_value("逾期未办结")


def test_the_target_lists_page_is_in_the_url_kept_on_reload_and_navigation_and_reset_by_a_filter(open_page,
                                                                                                 demo_con):
    import datetime as dt

    from zsgt.store import run
    from zsgt.targets import TargetFilter

    third = run(demo_con, "target_list", scope="city", scope_id=None, as_of=dt.date(2023, 12, 31),
                **TargetFilter().params(), sort="name", limit=50, offset=100)["name_zh"].iloc[0]
    page = open_page("/targets?period=2023")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("共 1,045 家企业符合条件 · 第 1/21 页", timeout=60_000)
    box = main.get_by_role("spinbutton", name="页码")
    box.fill("3")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"tg_page=3"), timeout=60_000)
    expect(main).to_contain_text("第 3/21 页", timeout=60_000)
    first_cell = page.get_by_test_id("stDataFrame").first.locator("[role=row] [role=gridcell]").first
    expect(first_cell).to_have_text(third, timeout=60_000)  # the 101st company by name
    page.reload()  # a reload, or the link sent to someone, opens the same page of the list
    expect(main).to_contain_text("第 3/21 页", timeout=60_000)
    expect(page).to_have_url(re.compile(r"tg_page=3"))
    expect(first_cell).to_have_text(third, timeout=60_000)
    sidebar_link(page, "领导驾驶舱").click()
    expect(page.locator("h1").first).to_have_text("领导驾驶舱", timeout=60_000)
    sidebar_link(page, "目标企业清单").click()
    expect(page).to_have_url(re.compile(r"/targets\?.*tg_page=3"), timeout=60_000)
    expect(main).to_contain_text("第 3/21 页", timeout=60_000)
    search = main.get_by_role("textbox", name="搜索企业（中文名称、全拼或拼音首字母）")
    search.fill("钢")  # another filter: its list starts on page 1, which the URL leaves out
    search.press("Enter")
    expect(main).to_contain_text(re.compile(r"家企业符合条件 · 第 1/\d+ 页"), timeout=60_000)
    expect(page).not_to_have_url(re.compile(r"tg_page="), timeout=60_000)
