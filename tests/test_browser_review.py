"""Issue 5's pages in a real browser (the demo store): open by URL, use one control, no exception."""

from conftest import exceptions, wait_idle


def test_targets_pinyin_search_finds_huawei_and_exports_it(open_page, tmp_path):
    page = open_page("/targets?period=2023")
    search = page.get_by_label("搜索企业（中文名称、全拼或拼音首字母）")
    search.wait_for(timeout=30_000)  # widgets' code loads after the script has run
    assert exceptions(page) == 0
    body = page.inner_text("body")
    for label in ["目标企业清单", "搜索企业", "筛选条件", "产业链", "跟进状态", "共 1,045 家企业符合条件"]:
        assert label in body, label
    search.fill("huawei")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert exceptions(page) == 0
    assert "共 1 家企业符合条件" in page.inner_text("body")
    button = page.get_by_role("button", name="下载 CSV（UTF-8，Excel 可直接打开）")
    button.wait_for(timeout=30_000)  # the download button's code loads after the script has run
    with page.expect_download(timeout=60_000) as download:
        button.click()
    saved = tmp_path / "targets.csv"
    download.value.save_as(saved)
    lines = saved.read_bytes().decode("utf-8-sig").splitlines()
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
    assert lines[0].startswith("企业名称,省份,城市,产业链,链条环节")
    assert len(lines) == 2 and lines[1].startswith("华为技术有限公司,广东,深圳,新质生产力和未来产业")
