"""Every page in a real browser at a projector's 1280×720 and a screen's 1920×1080, in the normal and
the meeting mode (会议模式, `?meeting=1`), some of them in English too: no text box overlaps another or
is clipped, no headline figure wraps onto a second line, no table hides columns, the chart toolbar
covers no chart title, and in the meeting mode the sidebar is hidden, the as-of stamp shows, and every
chart text is at least 14 px.

The checks read the boxes the browser laid out (getBoundingClientRect): headings, metric labels,
values and changes, captions; every SVG text of every Plotly chart (titles, subplot titles, ticks,
bar labels, legend, annotations) and the charts' shapes (a target line must not run through a
label). They wait (up to a timeout) for the page to settle with no problem, then report what is left.
"""

import contextlib
import json
from pathlib import Path

import pandas as pd
import plotly

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from conftest import exceptions, wait_idle

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
SIZES = [(1920, 1080), (1280, 720)]

# the problems on the page now, as short strings (an empty list when the layout is clean)
CHECK = r"""
(opts) => {
  const problems = [];
  const shown = el => {
    if (el.closest('details:not([open])') && !el.closest('summary')) return false;  // in a closed expander
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && cs.opacity !== '0';
  };
  const label = el => (el.textContent || '').trim().slice(0, 40);
  const overlap = (a, b, slack) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > slack
                                && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > slack;
  const main = document.querySelector('[data-testid="stMain"]');

  // -- page text: headings, metrics, captions: clipped (cut short) or lying on each other --------
  const texts = [...main.querySelectorAll('h1, h2, h3, [data-testid="stMetricLabel"], [data-testid="stMetricValue"],'
                                          + ' [data-testid="stMetricDelta"], [data-testid="stCaptionContainer"]')]
                .filter(shown);
  for (const el of texts) {
    for (const n of [el, ...el.querySelectorAll('*')]) {
      const cs = getComputedStyle(n);
      if (n.scrollWidth > n.clientWidth + 1 && cs.overflowX !== 'visible' && n.clientWidth > 0) {
        problems.push(`clipped text "${label(el)}" (${n.scrollWidth}px in ${n.clientWidth}px)`);
        break;
      }
    }
  }
  // a headline figure on one line: "473.95 ¥100M" whole, not its unit dropped under its number
  for (const el of texts.filter(el => el.matches('[data-testid="stMetricValue"]'))) {
    const range = document.createRange();
    range.selectNodeContents(el);
    if (range.getBoundingClientRect().height > 1.8 * parseFloat(getComputedStyle(el).fontSize))
      problems.push(`KPI value "${label(el)}" wraps onto a second line`);
  }
  const boxes = texts.map(el => [el, el.getBoundingClientRect()]);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      if (overlap(ra, rb, 2)) problems.push(`"${label(a)}" overlaps "${label(b)}"`);
    }

  // -- tables: every column on screen, none behind a horizontal scroll ---------------------------
  for (const grid of main.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')) {
    if (shown(grid) && grid.scrollWidth > grid.clientWidth + 2)
      problems.push(`table hides columns (${grid.scrollWidth}px wide in ${grid.clientWidth}px): `
                    + label(grid.closest('[data-testid="stDataFrame"]')));
  }

  // -- charts: SVG text inside the chart, not on other text or on a shape; toolbar off the title --
  for (const plot of main.querySelectorAll('.js-plotly-plot')) {
    if (!shown(plot)) continue;
    const svg = plot.querySelector('.main-svg').getBoundingClientRect();
    const title = (plot.querySelector('.gtitle') || {}).textContent || '(untitled chart)';
    const parts = [...plot.querySelectorAll('svg text')].filter(t => t.textContent.trim() && shown(t));
    for (const t of parts) {
      const r = t.getBoundingClientRect();
      if (r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1)
        problems.push(`${title}: "${label(t)}" is cut off at the chart's edge`);
      if (opts.meeting && parseFloat(getComputedStyle(t).fontSize) < 14)
        problems.push(`${title}: "${label(t)}" is ${getComputedStyle(t).fontSize} (meeting mode wants ≥ 14px)`);
    }
    const rects = parts.map(t => [t, t.getBoundingClientRect()]);
    // two rotated tick labels have overlapping boxes while their glyphs stand apart: not compared
    const rotated = t => (t.getAttribute('transform') || '').includes('rotate');
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++)
        if (!(rotated(rects[i][0]) && rotated(rects[j][0])) && overlap(rects[i][1], rects[j][1], 2))
          problems.push(`${title}: "${label(rects[i][0])}" overlaps "${label(rects[j][0])}"`);
    // target lines: shapes, and a flat line drawn as a trace (a yearly amount as a dashed series)
    for (const line of plot.querySelectorAll('.shapelayer path, .scatterlayer .js-line')) {
      const r = line.getBoundingClientRect();
      if (r.width > 4 && r.height > 4) continue;  // a band or box behind the text, not a line
      // a straight line's box is 0 px across: give it its stroke's width, else it could never meet a label;
      // it runs through a label when it crosses it lengthwise by more than a few px (a target line ending
      // on the axis, its tick label just under its end, only touches that label)
      const stroke = {left: r.left - 1, right: r.right + 1, top: r.top - 1, bottom: r.bottom + 1};
      const flat = r.width >= r.height;
      for (const [t, rt] of rects) {
        const across = Math.min(stroke.right, rt.right) - Math.max(stroke.left, rt.left);
        const down = Math.min(stroke.bottom, rt.bottom) - Math.max(stroke.top, rt.top);
        if ((flat ? down > 1 && across > 4 : across > 1 && down > 4) && !t.closest('.annotation'))
          problems.push(`${title}: a line runs through "${label(t)}"`);
      }
    }
    const bar = plot.querySelector('.modebar');
    if (bar && getComputedStyle(bar.parentElement).display !== 'none') {
      const rb = bar.getBoundingClientRect();
      for (const t of plot.querySelectorAll('.gtitle, .legendtext'))
        if (rb.width > 0 && overlap(rb, t.getBoundingClientRect(), 0))
          problems.push(`${title}: the chart toolbar covers "${label(t)}"`);
    }
  }
  return problems;
}
"""

DRAWN = r"""() => document.querySelector('[data-test-script-state="notRunning"]')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg .gtitle, .main-svg text'))"""


def path_of(stem: str) -> str:
    return "/" if stem == "cockpit" else f"/{stem}"


def settle(page) -> None:
    """Wait for the script to finish and every chart to draw its SVG."""
    wait_idle(page)
    page.wait_for_function(DRAWN, timeout=60_000)


def layout_problems(page, meeting: bool, timeout: float = 20_000) -> list[str]:
    """Wait until the page shows no layout problem; if it still has some at the timeout, return them."""
    try:
        page.wait_for_function(f"() => ({CHECK})({{meeting: {str(meeting).lower()}}}).length === 0", timeout=timeout)
        return []
    except PlaywrightTimeout:
        return page.evaluate(CHECK, {"meeting": meeting})


# What the check still finds on some pages (seen on the demo store, 2023), not yet fixed: these run
# and are reported as xfail, with the reason, until they are; a page fixed fails as XPASS (strict),
# so its entry goes when it is fixed.
KNOWN: dict[tuple[str, bool], str] = {}


# English words are longer than Chinese ones (headers, units, names): these pages are checked in
# English too — the headline figures, the rates and a list with its export columns, and in the meeting
# mode the chain map's cells and the two maps' Sankeys, where the larger type meets the longer names
ENGLISH = [("cockpit", False), ("cockpit", True), ("rates", False), ("rates", True), ("opportunities", False),
           ("chain_map", True), ("fund_map", True), ("resource_map", True)]


# Views deeper than a page's first screen, where a colleague saw problems (issue 8): (id, page, lang,
# query after the period) — each checked in the normal and the meeting mode
VIEWS = [("self_review-chain", "self_review", "en", "&chain=steel"),
         ("pipeline-project", "pipeline", "zh", "&project=P000001")]


def _cases():
    views = [(stem, meeting, "zh") for stem in PAGES for meeting in (False, True)]
    for stem, meeting, lang in views + [(stem, meeting, "en") for stem, meeting in ENGLISH]:
        reason = KNOWN.get((stem, meeting))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        yield pytest.param(stem, meeting, lang, "", marks=marks,
                           id=f"{stem}-{'meeting' if meeting else 'normal'}" + ("-en" if lang == "en" else ""))
    for name, stem, lang, query in VIEWS:
        for meeting in (False, True):
            yield pytest.param(stem, meeting, lang, query,
                               id=f"{name}-{'meeting' if meeting else 'normal'}" + ("-en" if lang == "en" else ""))


@contextlib.contextmanager
def opened(browser, url: str, width: int = 1920, height: int = 1080):
    """A browser page on `url`, its script run and its charts drawn; closed afterwards."""
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        page.goto(url)
        page.wait_for_selector("h1", timeout=60_000)
        settle(page)
        yield page
    finally:
        page.close()


@pytest.mark.parametrize("stem, meeting, lang, query", list(_cases()))
def test_no_text_overlaps_or_is_clipped_at_either_size(browser, app_url, stem, meeting, lang, query):
    url = app_url + path_of(stem) + "?period=2023" + query + ("&meeting=1" if meeting else "") + ("&lang=en" if lang == "en" else "")
    with opened(browser, url) as page:
        assert exceptions(page) == 0
        found = {}
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            settle(page)
            problems = layout_problems(page, meeting)
            if problems:
                found[f"{width}x{height}"] = problems
        assert found == {}


def test_meeting_flag_hides_the_sidebar_shows_the_stamp_and_keeps_the_view(browser, app_url):
    with opened(browser, app_url + "/?period=2023&chain=aluminium&meeting=1") as page:
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_test_id("zsgt-meeting-stamp")).to_have_text("铝 · 2023年（全年） · 数据截至 2023-12-31")
        expect(page.get_by_test_id("stExpander")).to_have_count(0)  # no definitions drawer in the room
        assert "meeting=1" in page.url and "period=2023" in page.url and "chain=aluminium" in page.url
        # the way out, without the sidebar: the small button in the footer bar
        page.get_by_role("button", name="退出会议模式").click()
        expect(page.get_by_test_id("stSidebar")).to_be_visible()
        expect(page.get_by_test_id("zsgt-meeting-stamp")).to_have_count(0)
        page.wait_for_function("() => !location.search.includes('meeting=1')")
        assert "period=2023" in page.url and "chain=aluminium" in page.url


def test_the_sidebar_toggle_turns_the_meeting_mode_on(browser, app_url):
    with opened(browser, app_url + "/rates?period=2023", 1600, 1000) as page:
        expect(page.get_by_test_id("stSidebar")).to_be_visible()
        page.get_by_test_id("stSidebar").get_by_text("会议模式（投影）").click()
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_test_id("zsgt-meeting-stamp")).to_contain_text("数据截至")
        page.wait_for_function("() => location.search.includes('meeting=1')")


# -- a figure alone in the browser (no server): the chart builders' own rules, at their limits ----------
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def drawn_alone(browser, fig, width: int, meeting: bool = False) -> list[str]:
    """The layout problems of `fig` drawn by plotly.js alone in a `width` px wide box."""
    from zsgt.figures import for_room

    page = browser.new_page(viewport={"width": width + 40, "height": 1000})
    try:
        page.set_content(f'<div data-testid="stMain"><div id="c" style="width:{width}px"></div></div>')
        page.add_script_tag(path=str(PLOTLY_JS))
        spec = json.loads((for_room(fig) if meeting else fig).to_json())
        page.evaluate("s => Plotly.newPlot('c', s.data, s.layout, {displayModeBar: false})", spec)
        page.wait_for_function("() => document.querySelector('#c .main-svg text')")
        return layout_problems(page, meeting, timeout=3_000)
    finally:
        page.close()


def crowded_fund_flows(n: int = 30) -> pd.DataFrame:
    """n projects with long names and amounts from 1 to 30 万元 × 100 (thin nodes), into four chains."""
    return pd.DataFrame([{"fund_id": f"f{i % 3}", "fund_zh": f"产业发展引导基金{i % 3}号", "fund_kind": "guidance",
                          "chain_id": f"c{i % 4}", "chain_zh": f"产业链{i % 4}", "chain_en": f"Chain {i % 4}",
                          "color": "#4E79A7", "project_id": f"p{i}",
                          "project_zh": f"乌鲁木齐宏新风电光伏发电{i}号项目", "amount_wan": 100.0 * (1 + i % 30)}
                         for i in range(n)])


@pytest.mark.parametrize("width, meeting", [(930, False), (1184, True)], ids=["1280-normal", "1280-meeting"])
def test_a_crowded_sankey_keeps_its_labels_apart_and_the_check_sees_when_they_are_not(browser, width, meeting):
    from zsgt import figures_maps

    fig = figures_maps.fund_sankey(crowded_fund_flows(), "基金投资流向（万元）")
    assert drawn_alone(browser, fig, width, meeting) == []
    # the same diagram squeezed, its nodes closer than a label is tall (as the fund map's was): the check
    # reports labels lying on each other
    fig.update_traces(node_pad=3).update_layout(height=320)
    assert any(" overlaps " in p for p in drawn_alone(browser, fig, width, meeting))


def bounded_fund_sankey() -> pd.DataFrame:
    """The fund_sankey query's shape at the province tier: 11 named projects, the other 3,445 summed per chain."""
    named = crowded_fund_flows(11)
    others = pd.DataFrame([{"fund_id": f"f{i % 3}", "fund_zh": f"产业发展引导基金{i % 3}号", "fund_kind": "guidance",
                            "chain_id": f"c{i}", "chain_zh": f"产业链{i}", "chain_en": f"Chain {i}", "color": "#4E79A7",
                            "project_id": None, "project_zh": None, "amount_wan": 50_000.0} for i in range(4)])
    return pd.concat([named, others], ignore_index=True).assign(
        funds_other=0, funds_other_names=None, projects_other=3445,
        projects_other_names=[[f"乌鲁木齐宏新风电光伏发电{i}号项目" for i in range(12)]] * 15, projects_total=3456)


@pytest.mark.parametrize("width, meeting", [(930, False), (1184, True)], ids=["1280-normal", "1280-meeting"])
def test_the_bounded_fund_sankeys_note_stays_clear_and_whole(browser, width, meeting):
    from zsgt import figures_maps, image_export, i18n

    for lang in ("zh", "en"):
        i18n.set_lang(lang)
        try:
            fig = figures_maps.fund_sankey(bounded_fund_sankey(), "基金投资流向（万元）")
            assert drawn_alone(browser, fig, width, meeting) == [], lang
            if not meeting:
                exported = image_export.prepare(fig, "2023年 · 全市 · 数据截至 2023-12-31 · 来源：招商图谱")
                assert drawn_alone(browser, exported, image_export.WIDTH) == [], lang
        finally:
            i18n.set_lang("zh")


def test_an_exported_chart_keeps_its_stamp_clear_of_the_chart(browser):
    # the export (zsgt/image_export.prepare: 960 x 540, period · scope · as-of under the title) laid out as
    # kaleido lays it out; the screen's toolbar band above the title once pushed the stamp onto the charts
    from zsgt import figures, figures_projects, image_export

    stamp = "2023年 · 全市 · 数据截至 2023-12-31 · 来源：招商图谱"
    deps = pd.DataFrame({"name_zh": [f"市第{i}局" for i in range(12)], "due_in_period": [5] * 12,
                         "closed_on_time": [2] * 12, "closed_late": [1] * 12, "overdue_in_period": [2] * 12})
    chains = pd.DataFrame({"chain_id": ["steel", "al"], "name_zh": ["钢", "铝"], "color": ["#4E79A7", "#A0CBE8"],
                           "signed_amount_wan": [200000.0, 90000.0], "funds_arrived_wan": [80000.0, 30000.0]})
    from zsgt import figures_maps

    for fig in (figures_maps.fund_sankey(crowded_fund_flows(), "基金投资流向（万元）"),
                figures_projects.supervision_departments(deps, "统计期内到期任务的办结情况（项）"),
                figures.chain_bars(chains, "各产业链签约额与到位资金")):
        exported = image_export.prepare(fig, stamp)
        assert drawn_alone(browser, exported, image_export.WIDTH) == [], fig.layout.title.text


def test_a_target_line_runs_through_no_value_label_and_the_check_sees_when_it_does(browser):
    from zsgt import figures_maps, figures_review

    # 2020 and 2022 end just under the yearly 1,000 万元 line: their labels go inside the bar's top
    years = pd.DataFrame({"year": [2019, 2020, 2021, 2022, 2023], "committed_wan": [325.0, 933.5, 485.5, 919.0, 858.5],
                          "projects": [3, 5, 5, 9, 8], "yearly_wan": [1000] * 5,
                          "committed_share": [0.33, 0.93, 0.49, 0.92, 0.86], "is_chosen_year": [False] * 4 + [True]})
    for build in (figures_maps.special_fund_years, figures_review.special_fund_bars):
        fig = build(years, "专项资金每年安排情况（万元）")
        for width, meeting in ((930, False), (1184, True)):
            assert drawn_alone(browser, fig, width, meeting) == [], build.__name__
        # every label above its bar, as before: the line (a shape, or a flat dashed series) runs through two
        fig.update_traces(textposition="outside", selector={"type": "bar"})
        assert sum("a line runs through" in p for p in drawn_alone(browser, fig, 1184, True)) == 2, build.__name__
