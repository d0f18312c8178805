"""English mode, page by page, in a real browser (issue 13): with ?lang=en no Chinese character is shown
anywhere (text, table headers, chart titles, axes, legends, the navigation), except in the names the
store keeps in Chinese only (companies, projects, funds, opportunities, resources, tasks, people,
places in China)."""

import re

import duckdb
import pytest
from playwright.sync_api import expect

from conftest import wait_idle

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
CUT = re.compile(r"([^\s…]+)…")  # the start of a name cut to fit, with its ellipsis
# the language switch names both languages in their own script
SWITCH = ("语言 / Language", "中文")
# names the store has no English column for
CHINESE_ONLY = ["select name_zh from companies", "select province from companies", "select city from companies",
                "select name_zh from projects", "select referrer from projects", "select name_zh from funds",
                "select name_zh from opportunities", "select name_zh from resources", "select unit from resources",
                "select title from tasks", "select leader_zh from chains", "select counterpart from activities"]
PAGES = ["/", "/rates", "/chain_map", "/resource_map", "/fund_map", "/opportunities", "/targets", "/pipeline",
         "/supervision", "/visits", "/self_review", "/assessment", "/incentives", "/data_quality",
         "/import_data", "/import_history"]


@pytest.fixture(scope="module")
def chinese_only(demo_path) -> list[str]:
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        names = {r[0] for sql in CHINESE_ONLY for r in con.sql(sql).fetchall() if r[0]}
    finally:
        con.close()
    return sorted(names, key=len, reverse=True)  # longest first: a name inside another is removed after it


def untranslated(page, chinese_only: list[str]) -> list[str]:
    """Lines of the page (and of its charts' SVG text) holding a Chinese character that is not part
    of a name the store keeps in Chinese only."""
    text = page.inner_text("body") + "\n" + "\n".join(
        page.eval_on_selector_all(".js-plotly-plot text", "els => els.map(e => e.textContent)"))
    bad = []
    for line in text.splitlines():
        if not CJK.search(line):
            continue
        # a label cut to fit its room ends in "…" (the Sankey's and the map's): the start of such a name
        rest = CUT.sub(lambda m: "" if len(m.group(1)) >= 4 and any(n.startswith(m.group(1)) for n in chinese_only)
                       else m.group(0), line)
        for word in (*SWITCH, *chinese_only):
            if word in rest:
                rest = rest.replace(word, "")
        if CJK.search(rest):
            bad.append(line.strip())
    return list(dict.fromkeys(bad))


def open_drawn(page, url: str) -> None:
    """Open `url` and wait for the script to finish and every chart on the page to be drawn."""
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    wait_idle(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('.main-svg text'))""", timeout=60_000)


@pytest.mark.parametrize("query", ["period=2023&lang=en", "period=2023Q3&chain=aluminium&lang=en"])
def test_every_page_is_in_english(browser, app_url, chinese_only, query):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    found = {}
    try:
        for path in PAGES:
            open_drawn(page, f"{app_url}{path}?{query}")
            expect(page.locator("h1").first).not_to_have_text(CJK)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            lines = untranslated(page, chinese_only)
            if lines:
                found[path] = lines[:5]
    finally:
        page.close()
    assert not found, found
