"""The self-review's overview in a real browser: a chain's name in the table opens that chain's own
review, in the same period and language (the demo store)."""

import re

from playwright.sync_api import expect

from conftest import no_exception, wait_idle


def test_a_chain_in_the_overview_opens_its_own_review(open_page):
    page = open_page("/self_review?period=2023Q3&lang=en")
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=60_000)
    expect(page.get_by_text("click a chain to open its review")).to_be_visible(timeout=60_000)
    box = grid.bounding_box()
    # the grid is drawn on a canvas: point at the first row's link (its text starts a few pixels in),
    # let the grid see the pointer over the link, then click it
    x, y = box["x"] + 20, box["y"] + 35 + 17
    page.mouse.move(x, y)
    page.wait_for_timeout(500)
    with page.context.expect_page(timeout=30_000) as opened:
        page.mouse.click(x, y)
    review = opened.value
    review.wait_for_selector("h1", timeout=60_000)
    wait_idle(review)
    expect(review).to_have_url(re.compile(r"/self_review\?.*chain=steel"))
    expect(review).to_have_url(re.compile(r"period=2023Q3"))
    expect(review.get_by_text("Steel chain · 2023 Q3").first).to_be_visible(timeout=60_000)
    no_exception(review)
    review.close()
