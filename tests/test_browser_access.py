"""Issue 9 in a real browser: the aluminium chain owner signs in through the sign-in form and meets
their role as a person would — the navigation offers only their pages, another chain in the URL is
refused with a notice, another chain's project is not found while their own opens, a page of another
role says it is not allowed, in Chinese and in English."""

from __future__ import annotations

import duckdb
import pytest
from playwright.sync_api import expect

from conftest import WAIT_MS, not_see, see, serve, signed_in, wait_idle


@pytest.fixture(scope="module")
def served(demo_path, users_file, tmp_path_factory):
    with serve(demo_path, tmp_path_factory.mktemp("access-server"), users=users_file) as url:
        yield url


def _name(db, project_id: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select name_zh from projects where project_id = ?", [project_id]).fetchone()[0]
    finally:
        con.close()


def test_the_aluminium_chain_owner_sees_only_their_chain_in_the_browser(browser, served, demo_path):
    steel, aluminium = "P000006", "P000002"  # a steel and an aluminium project of the demo store
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")

    def open_as_alu(path: str) -> None:  # a typed URL opens a new session: sign in again
        page.goto(served + path)
        signed_in(page, "alu")

    try:
        open_as_alu("/pipeline?period=2023&chain=steel")
        see(page, "链接中的范围 steel 不在您的权限内")
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav.get_by_text("项目全生命周期")).to_be_visible(timeout=WAIT_MS)
        expect(nav.get_by_text("导入台账")).to_have_count(0)
        expect(nav.get_by_text("数据质量")).to_have_count(0)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)

        open_as_alu(f"/pipeline?period=2023&project={steel}")
        see(page, f"{steel}")
        not_see(page, _name(demo_path, steel))
        open_as_alu(f"/pipeline?period=2023&project={aluminium}")
        see(page, _name(demo_path, aluminium))

        open_as_alu("/import_data")
        see(page, "您的角色无权打开“导入台账”页面")
        page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
        wait_idle(page)
        see(page, "Your role may not open the page")
    finally:
        page.close()
