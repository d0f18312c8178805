"""The import page in a real browser: a department's ledger goes in through the page with a preview
and appears on the cockpit; a broken file is refused with every problem listed and the store unchanged."""

import shutil

import duckdb
from openpyxl import Workbook
from playwright.sync_api import expect

from conftest import exceptions, serve, signed_in, wait_idle
from zsgt.importer.write import sha256_file

HEADER = ["项目编号", "项目名称", "企业编号", "产业链", "责任部门", "项目阶段", "签约日期", "合同金额（万元）"]


def _xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "项目台账"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_ledger_goes_in_through_the_page_and_appears_on_the_cockpit(browser, fixture_path, tmp_path, users_file):
    db = tmp_path / "store.duckdb"
    shutil.copyfile(fixture_path, db)
    con = duckdb.connect(str(db), read_only=True)
    signed_2023 = con.execute("select count(*) from projects where year(signed_date) = 2023").fetchone()[0]
    con.close()
    bad = _xlsx(tmp_path / "bad.xlsx", [HEADER, ["p900", "新材料项目", "c1", "铜", "d1", "项目签约", "2023-06-01", "abc"]])
    good = _xlsx(tmp_path / "good.xlsx", [HEADER, ["p900", "新材料项目", "c1", "钢", "市投资促进局", "项目签约",
                                                  "2023年6月1日", "0.1亿元"]])
    with serve(db, tmp_path, users=users_file) as url:  # a real store: people sign in
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
        try:
            cockpit = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
            cockpit.goto(url + "/?period=2023")   # a session open on the old store all along
            signed_in(cockpit, "leader")
            expect(cockpit.get_by_text(f"{signed_2023} 个").first).to_be_visible(timeout=60_000)

            page.goto(url + "/import_data")
            signed_in(page, "admin")
            before = sha256_file(db)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
            expect(page.get_by_text("文件有 2 处错误，未导入任何数据")).to_be_visible(timeout=60_000)
            expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
            assert sha256_file(db) == before

            page.goto(url + "/import_data")   # a fresh upload (a fresh session: sign in again)
            signed_in(page, "admin")
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
            expect(page.get_by_text("预览：将要写入的改动")).to_be_visible(timeout=60_000)
            page.get_by_role("button", name="确认导入").click()
            expect(page.get_by_text("各页面已显示新数据")).to_be_visible(timeout=60_000)
            assert exceptions(page) == 0

            cockpit.reload()
            signed_in(cockpit, "leader")
            expect(cockpit.get_by_text(f"{signed_2023 + 1} 个").first).to_be_visible(timeout=60_000)
            assert exceptions(cockpit) == 0

            page.goto(url + "/import_history")
            signed_in(page, "admin")
            expect(page.get_by_text("导入记录").first).to_be_visible()
            assert exceptions(page) == 0
        finally:
            page.close()
    con = duckdb.connect(str(db), read_only=True)
    try:  # the import is recorded under the signed-in user, not the account the server runs as
        assert con.execute("select user_name from import_log where outcome = 'imported'").fetchall() == [("admin",)]
    finally:
        con.close()
