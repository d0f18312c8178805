"""Issue 5's pages in a real browser (the demo store): open by URL, use one control, no exception.

Widgets and charts draw a moment after the script has run (their code loads on first use), so each
step waits for the text it needs before reading the page.
"""

from playwright.sync_api import expect

from conftest import choose, no_exception, see, url_has, wait_idle


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
