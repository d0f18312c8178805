"""Issue 9 in a real browser, tried as a careless administrator would: the meeting deck is built in a
fragment (its button reruns only the fragment, not the page, so not the sign-in gate). A person removed
from the user file while their page is open must not get a deck built for them on the next click."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import WAIT_MS, see, serve, signed_in, wait_idle, write_users

ALU = {"alu": ("chain_owner", ("aluminium",), (), "alu-pass-1")}


@pytest.fixture
def own_users(tmp_path):
    return write_users(tmp_path / "users.toml", ALU)


def test_a_removed_user_gets_no_deck_from_a_page_left_open(browser, demo_path, own_users, tmp_path):
    from zsgt import users

    with serve(demo_path, tmp_path, users=own_users) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
        try:
            page.goto(url + "/cockpit?period=2023")
            signed_in(page, "alu", "alu-pass-1")
            build = page.get_by_role("button", name="生成会议材料（PPT）")
            expect(build).to_be_visible(timeout=WAIT_MS)
            assert users.main(["--file", str(own_users), "remove", "alu"]) == 0  # the administrator acts
            build.click()
            wait_idle(page)
            see(page, "您的账户已从用户文件中删除")  # the whole page ran again: the sign-in form
            expect(page.locator('[data-testid="stForm"]')).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_role("button", name="下载 会议材料_铝产业链_2023.pptx")).to_have_count(0)
            expect(page.locator('[data-testid="stDownloadButton"]')).to_have_count(0)
        finally:
            page.close()
