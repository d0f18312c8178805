"""Issue 5's pages in a real browser (the demo store): open by URL, use one control, no exception.

Widgets and charts draw a moment after the script has run (their code loads on first use), so each
step waits for the text it needs before reading the page.
"""

import re
import shutil

import duckdb
import pytest
from playwright.sync_api import expect

from conftest import choose, no_exception, see, serve, url_has, wait_idle

MANY_TASKS = 60  # open tasks added to one steel project: more than a page (ui.PAGE_SIZE, 50)


def shows(page, text: str, timeout: float = 30_000) -> None:
    page.get_by_text(text).first.wait_for(timeout=timeout)


def test_targets_pinyin_search_finds_huawei_and_exports_it(open_page, tmp_path):
    page = open_page("/targets?period=2023")
    search = page.get_by_label("搜索企业（中文名称、全拼或拼音首字母）")
    search.wait_for(timeout=30_000)
    shows(page, "共 1,045 家企业符合条件")
    for label in ["目标企业清单", "筛选条件", "产业链", "跟进状态"]:
        shows(page, label)
    no_exception(page)
    search.fill("huawei")
    page.keyboard.press("Enter")
    wait_idle(page)
    shows(page, "共 1 家企业符合条件")
    no_exception(page)
    button = page.get_by_role("button", name="导出 CSV")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    saved = tmp_path / "targets.csv"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = saved.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("企业名称,省份,城市,产业链,链条环节")
    assert len(lines) == 2 and lines[1].startswith("华为技术有限公司,广东,深圳,新质生产力和未来产业")


def test_self_review_opens_on_one_chain_by_url(open_page):
    page = open_page("/self_review?chain=aluminium&period=2023Q3")
    shows(page, "自查小结（可直接复制到报告中）")
    shows(page, "2023年第3季度各产业链签约额")
    for label in ["产业链自查", "铝产业链 · 2023年第3季度", "滞后项目", "缺失的链条环节"]:
        shows(page, label)
    no_exception(page)
    expect(page.locator('[data-testid="stCode"]').first).to_contain_text("铝产业链2023年第3季度：签约额", timeout=60_000)
    button = page.locator('[data-testid="stButtonGroup"] button').filter(has_text="到位资金").first
    button.wait_for(timeout=30_000)
    button.click()  # rank the chains on funds arrived instead
    wait_idle(page)
    shows(page, "2023年第3季度各产业链到位资金")
    no_exception(page)
    url_has(page, "chain=aluminium")


def test_assessment_explains_a_department_in_the_browser(open_page):
    page = open_page("/assessment?period=2023Q3")
    shows(page, "得分说明")
    shows(page, "2023年第3季度各部门得分构成")
    for label in ["季度考核", "进步奖", "贡献奖", "部门得分与排名", "假设分析"]:
        shows(page, label)
    no_exception(page)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="选择部门").first.wait_for(timeout=30_000)
    choose(page, "选择部门", "市商务局")
    shows(page, "市商务局 总分")
    no_exception(page)


def test_incentives_page_for_another_year(open_page):
    page = open_page("/incentives?period=2023")
    shows(page, "2023年已安排")
    shows(page, "引荐人奖励")
    no_exception(page)
    choose(page, "统计期", "2022年（全年）")
    shows(page, "2022年已安排")
    no_exception(page)
    url_has(page, "period=2022")


@pytest.fixture(scope="module")
def many_tasks_url(demo_path, tmp_path_factory):
    """The demo store with MANY_TASKS more open tasks on a steel project, served on its own."""
    folder = tmp_path_factory.mktemp("many_tasks")
    db = folder / "many_tasks.duckdb"
    shutil.copyfile(demo_path, db)
    con = duckdb.connect(str(db))
    try:
        project, department = con.execute("select project_id, department_id from projects where chain_id = 'steel' "
                                          "order by project_id limit 1").fetchone()
        con.executemany("insert into tasks values (?, ?, 'blue', ?, ?, '2026-01-05', '2027-06-30', null)",
                        [(f"tz{i:03d}", project, f"跟进事项 {i}", department) for i in range(MANY_TASKS)])
    finally:
        con.close()
    with serve(db, folder) as url:
        yield url


def test_self_review_pages_its_tasks_and_keeps_the_page_in_the_url(browser, many_tasks_url):
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    try:
        page.goto(many_tasks_url + "/self_review?chain=steel&period=2026")
        main = page.get_by_test_id("stMain")
        first = re.compile(r"共 (\d+) 条，显示第 1–50 条（第 1 / 2 页）")
        expect(main).to_contain_text(first, timeout=60_000)
        n = int(first.search(main.inner_text()).group(1))
        assert n > MANY_TASKS
        box = page.get_by_test_id("stNumberInput").filter(has_text="页码").last
        box.locator("input").fill("2")
        box.locator("input").press("Enter")
        url_has(page, "review_tasks_page=2")
        expect(main).to_contain_text(f"共 {n} 条，显示第 51–{n} 条（第 2 / 2 页）", timeout=60_000)
        page.reload()  # the page number is the URL's: a reload (or a link) opens the same page
        expect(main).to_contain_text(f"共 {n} 条，显示第 51–{n} 条（第 2 / 2 页）", timeout=60_000)
        url_has(page, "chain=steel", "review_tasks_page=2")
        no_exception(page)
    finally:
        page.close()
