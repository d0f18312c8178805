"""会议材料: the meeting deck, a 16:9 PowerPoint file for a period, an as-of date and a scope.

Slides: title; the cockpit's six headline figures with year on year; the quarterly trend; signed
amount and funds arrived by chain; both rates against target with the rankings; the red-list tasks
overdue now; the largest projects; then one slide per chain in city scope (the chain's or the
department's own slide otherwise) with the self-review's facts: figures against target, lagging
projects, missing nodes. Every slide has the footer "数据截至 … · 来源：招商图谱" and the definitions of
its figures (the named queries' header comments) in the speaker notes.

Bar, column and line charts are native PowerPoint charts (chart data the office can restyle and edit
in PowerPoint or WPS); the chain diagram, which PowerPoint cannot draw, is placed as a PNG rendered by
the shared exporter (zsgt/image_export.py). Every run of text names an East Asian typeface (a:ea) and
lang="zh-CN", so Chinese renders in PowerPoint and WPS alike.

The numbers come from the same named queries and zsgt helpers as the pages (headline.headlines for the
cockpit's six, review.gather for the self-review's facts). No Streamlit here; the dashboard calls
`build`, and so does the command line:

    python -m zsgt.deck --period 2023 --scope city --out 会议材料.pptx
    python -m zsgt.deck --period 2024Q2 --scope chain:aluminium --as-of 2024-05-31 --out 铝.pptx
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from . import figures, figures_maps, fmt, headline, i18n, image_export, maps, review, store
from .cohort import KINDS as COHORTS
from .cohort import Cohort, load_config
from .config import city_name
from .i18n import t
from .period import CITY, Period, Scope

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
LATIN_FONT = "Microsoft YaHei"
EA_FONT = "微软雅黑"  # East Asian typeface of every run; LibreOffice and WPS fall back to an installed CJK font
INK, GREY, ACCENT = "1F2933", "52606D", "1F4E79"
UP, DOWN, DEMO = "2E7D32", "C62828", "D9822B"
MARGIN = Inches(0.5)
TOP_ROWS = 10       # the largest projects listed
RED_ROWS = 10       # red-list tasks listed
LAGGING_ROWS = 6    # lagging projects on a chain's slide


@dataclass(frozen=True)
class DeckSpec:
    """What the deck is of: a period, the as-of date its figures are read at, a scope, and the cohort
    its rates are measured on (None: the default of data/rates.toml)."""
    period: Period
    as_of: dt.date
    scope: Scope = CITY
    cohort: Cohort | None = None

    @property
    def rate_cohort(self) -> Cohort:
        return self.cohort or load_config().cohort()

    def params(self) -> dict:
        return {**self.period.params(), "as_of": self.as_of, **self.scope.params(), **self.rate_cohort.params()}

    @property
    def period_code(self) -> str:
        return f"{self.period.year}Q{self.period.quarter}" if self.period.quarter else str(self.period.year)


# -- text with an East Asian typeface -------------------------------------------------------------
def cjk(rpr) -> None:
    """Name the Latin and the East Asian typeface on a run's (or a default) character properties, and
    mark it Chinese: python-pptx's font.name sets only a:latin, which PowerPoint does not use for Chinese."""
    rpr.set("lang", "zh-CN")
    rpr.set("altLang", "en-US")
    latin = rpr.get_or_add_latin()
    latin.set("typeface", LATIN_FONT)
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)
    ea.set("typeface", EA_FONT)


def _style(font, size: float, *, bold: bool = False, color: str = INK) -> None:
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor.from_string(color)
    cjk(font._rPr)  # noqa: SLF001 (python-pptx exposes no a:ea)


def _para(tf, text: str, size: float, *, bold: bool = False, color: str = INK, first: bool = False,
          align=None, space_after: float = 4) -> None:
    p = tf.paragraphs[0] if first else tf.add_paragraph()
    if align is not None:
        p.alignment = align
    p.space_after = Pt(space_after)
    run = p.add_run()
    run.text = text
    _style(run.font, size, bold=bold, color=color)


def _textbox(slide, x, y, w, h, lines: list[tuple], *, name: str | None = None, anchor=MSO_ANCHOR.TOP):
    """A text box; `lines` are (text, size[, dict of bold/color/align])."""
    box = slide.shapes.add_textbox(x, y, w, h)
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    for i, (text, size, *opts) in enumerate(lines):
        _para(tf, text, size, first=i == 0, **(opts[0] if opts else {}))
    return box


# -- the slide frame: title, footer, notes ---------------------------------------------------------
class _Deck:
    def __init__(self, footer: str):
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_W, SLIDE_H
        self.footer = footer

    def slide(self, title: str, queries: tuple[str, ...] = (), notes: str = ""):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        if title:
            _textbox(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.8),
                     [(title, 26, {"bold": True, "color": ACCENT})], name="Title", anchor=MSO_ANCHOR.MIDDLE)
        _textbox(slide, MARGIN, SLIDE_H - Inches(0.5), SLIDE_W - 2 * MARGIN, Inches(0.35),
                 [(self.footer, 11, {"color": GREY})], name="Footer")
        # one paragraph a definition: the header comment's lines are wrapped prose
        parts = [notes] * bool(notes) + ([t("deck.definitions")] if queries else []) + [
            f"【{name}】" + " ".join(store.load_query(name).doc.split("\n")) for name in queries]
        if parts:
            tf = slide.notes_slide.notes_text_frame
            for i, part in enumerate(parts):
                _para(tf, part, 12, first=i == 0, space_after=6)
        return slide

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


# -- native charts and tables ----------------------------------------------------------------------
def _num(v) -> float | None:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, Decimal):
        return float(v)
    f = float(v)
    return None if math.isnan(f) else f


def bar_chart(slide, box, categories: list[str], series: list[tuple[str, list, str | list[str]]], *,
              title: str, horizontal: bool = False, number_format: str = "0.00"):
    """A native clustered bar (horizontal) or column chart: `series` are (name, values, colour or a
    colour per point). The chart data is editable in PowerPoint / WPS."""
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    for name, values, _ in series:
        data.add_series(name, [_num(v) for v in values])
    kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, *box, data).chart
    _style(chart.font, 12)
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    for p in chart.chart_title.text_frame.paragraphs:
        for r in p.runs:
            _style(r.font, 15, bold=True)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = number_format, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    _style(labels.font, 11)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.tick_labels.number_format = number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    if horizontal:  # first category on top, as on the pages; the bars carry their values
        chart.category_axis.reverse_order = True
        chart.value_axis.visible = False
        chart.value_axis.has_major_gridlines = False
    for s, (_, values, colors) in zip(plot.series, series):
        if isinstance(colors, str):
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = RGBColor.from_string(colors.lstrip("#"))
        else:
            for i, c in enumerate(colors):
                point = s.points[i]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = RGBColor.from_string(str(c).lstrip("#"))
    return chart


def table(slide, x, y, w, header: list[str], rows: list[list], *, widths: list[float] | None = None,
          size: float = 12, row_h=Inches(0.36)):
    """A native table with a shaded header row; `widths` are shares of `w`."""
    shape = slide.shapes.add_table(len(rows) + 1, len(header), x, y, w, row_h * (len(rows) + 1))
    tbl = shape.table
    shares = widths or [1 / len(header)] * len(header)
    for i, share in enumerate(shares):
        tbl.columns[i].width = Emu(int(w * share / sum(shares)))
    for r, values in enumerate([header] + rows):
        tbl.rows[r].height = row_h
        for c, value in enumerate(values):
            cell = tbl.cell(r, c)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            tf = cell.text_frame
            tf.word_wrap = True
            _para(tf, "" if value is None else str(value), size, first=True, bold=r == 0,
                  color="FFFFFF" if r == 0 else INK, space_after=0,
                  align=PP_ALIGN.RIGHT if r and isinstance(value, (int, float)) else None)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(ACCENT)
    return tbl


def _date(v) -> str:
    return "" if v is None or pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")


# -- the deck ------------------------------------------------------------------------------------
def slide_count(n_chains: int, scope: Scope) -> int:
    """Seven slides of the whole, then one per chain in city scope, else one for the scope itself."""
    return 7 + (n_chains if scope.kind == "city" else 1)


def build(con, spec: DeckSpec, progress=None, run=None, subjects=None) -> bytes:
    """The deck as .pptx bytes. `progress(fraction, text)` is told before each slide. `run(name,
    **params)` runs a named query (default: store.run on `con`; the dashboard passes one that holds
    the signed-in user to their rows, zsgt.access.params_for); `subjects` limits a city deck's chain
    slides to those chains (a chain owner's own)."""
    q = _memo(run or partial(store.run, con))
    info = dict(q("store_info").itertuples(index=False))
    chains = q("chains", **CITY.params())
    departments = q("departments", **CITY.params())
    name = i18n.name_col()
    chain_names = dict(zip(chains["chain_id"], chains[name]))
    lang = i18n.lang()
    period_label = spec.period.label(lang)
    scope_label = _scope_label(spec.scope, chain_names, dict(zip(departments["department_id"], departments[name])))
    demo = info.get("demo") == "true"
    footer = t("deck.footer", as_of=spec.as_of.isoformat()) + (" · " + t("chrome.demo") if demo else "")
    deck = _Deck(footer)
    p = spec.params()
    subjects = ([c for c in chains["chain_id"] if subjects is None or c in subjects] if spec.scope.kind == "city"
                else [spec.scope.id])
    total = slide_count(len(subjects), spec.scope)
    step = iter(range(total + 1))

    def tell(text: str) -> None:
        if progress is not None:
            progress(min(next(step) / total, 1.0), text)

    whole = (("title", lambda: _title_slide(deck, spec, period_label, scope_label, demo)),
             ("kpi", lambda: _kpi_slide(deck, q, p, period_label, scope_label, spec.rate_cohort)),
             ("trend", lambda: _trend_slide(deck, q, p)),
             ("by_chain", lambda: _by_chain_slide(deck, q, p, period_label, name)),
             ("rates", lambda: _rates_slide(deck, q, p, period_label, name, spec.rate_cohort)),
             ("red", lambda: _red_slide(deck, q, p)),
             ("top", lambda: _top_slide(deck, q, p, period_label)))
    for key, make in whole:
        tell(t(f"deck.slide.{key}"))
        make()
    for sid in subjects:
        scope = Scope("chain", sid) if spec.scope.kind == "city" else spec.scope
        subject = (t("review.chain_subject", name=chain_names[sid]) if scope.kind == "chain" else scope_label)
        tell(t("deck.slide.review", subject=subject))
        _review_slide(deck, q, spec, scope, subject, period_label, chains, name)
    if progress is not None:
        progress(1.0, t("deck.slide.done"))
    return deck.save()


def _memo(run):
    """The query runner, remembering each (name, parameters)'s rows for this one build: every chain's
    slide reads the same city-wide rankings and summaries."""
    seen: dict = {}

    def q(name: str, **params):
        key = (name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())))
        if key not in seen:
            seen[key] = run(name, **params)
        return seen[key]

    return q


def _scope_label(scope: Scope, chain_names: dict, department_names: dict) -> str:
    if scope.kind == "chain":
        return t("review.chain_subject", name=chain_names[scope.id])
    if scope.kind == "department":
        return department_names[scope.id]
    return t("chrome.scope_city")


def file_name(spec: DeckSpec, scope_label: str) -> str:
    """会议材料_全市_2023.pptx"""
    return image_export.file_name(t("deck.file"), scope_label, spec.period_code, ext="pptx")


def _title_slide(deck: _Deck, spec: DeckSpec, period_label: str, scope_label: str, demo: bool) -> None:
    slide = deck.slide("", notes=t("deck.title_notes"))
    lines = [(t("deck.main_title", city=city_name()), 40, {"bold": True, "color": ACCENT}),
             (f"{period_label} · {scope_label}", 26, {"color": INK}),
             (t("deck.as_of", as_of=spec.as_of.isoformat()), 20, {"color": GREY})]
    if demo:
        lines.append((t("deck.demo_marker"), 18, {"bold": True, "color": DEMO}))
    box = _textbox(slide, Inches(1.0), Inches(2.0), SLIDE_W - Inches(2.0), Inches(3.5), lines, name="Title")
    box.text_frame.paragraphs[0].space_after = Pt(18)


def _kpi_slide(deck: _Deck, q, p: dict, period_label: str, scope_label: str, cohort: Cohort) -> None:
    six = headline.headlines(lambda query: q(query, **p).iloc[0], cohort)
    slide = deck.slide(t("deck.kpi_title", period=period_label, scope=scope_label), tuple(h.query for h in six))
    w, h = (SLIDE_W - 2 * MARGIN - Inches(0.6)) / 3, Inches(2.55)
    for i, fig in enumerate(six):
        x = MARGIN + (i % 3) * (w + Inches(0.3))
        y = Inches(1.3) + (i // 3) * (h + Inches(0.25))
        lines = [(fig.label, 16, {"color": GREY}), (fig.value, 34, {"bold": True, "color": INK})]
        if fig.change:
            lines.append((fig.change, 16, {"color": DOWN if fig.change.startswith("-") else UP}))
        else:
            lines.append((t("fmt.no_prev"), 14, {"color": GREY}))
        if fig.detail:
            lines.append((fig.detail, 11, {"color": GREY}))
        box = _textbox(slide, x, y, w, h, lines, name=f"KPI {fig.key}")
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string("F3F5F7")
        box.text_frame.margin_left = box.text_frame.margin_top = Inches(0.2)
        box.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # the six boxes keep one size


def _trend_slide(deck: _Deck, q, p: dict) -> None:
    trend = q("quarterly_trend", **p)
    slide = deck.slide(t("cockpit.trend"), ("quarterly_trend", "signed_amount", "funds_arrived"))
    if trend.empty:
        _empty(slide)
        return
    bar_chart(slide, _body(), list(trend["label"]),
              [(t("series.signed_amount"), _yi(trend["signed_amount_wan"]), figures.SIGNED_COLOR),
               (t("series.funds_arrived"), _yi(trend["funds_arrived_wan"]), figures.ARRIVED_COLOR)],
              title=t("deck.unit_yi_title", what=t("cockpit.trend")))


def _by_chain_slide(deck: _Deck, q, p: dict, period_label: str, name: str) -> None:
    by_chain = q("chain_summary", **p)
    title = t("cockpit.by_chain", period=period_label)
    slide = deck.slide(title, ("chain_summary", "signed_amount", "funds_arrived"))
    x, y, w, h = _body()
    half = (w - Inches(0.3)) / 2
    for i, (col, series) in enumerate((("signed_amount_wan", "series.signed_amount"),
                                       ("funds_arrived_wan", "series.funds_arrived"))):
        bar_chart(slide, (x + i * (half + Inches(0.3)), y, half, h), list(by_chain[name]),
                  [(t(series), _yi(by_chain[col]), list(by_chain["color"]))],
                  title=t("deck.unit_yi_title", what=t(series)), horizontal=True)


def _rates_slide(deck: _Deck, q, p: dict, period_label: str, name: str, cohort: Cohort) -> None:
    ranked = q("rates_by_group", **p, group="chain")
    targets = {m: _num(v) for m, v in q("rate_targets", **p)[["metric", "value"]].itertuples(index=False)}
    slide = deck.slide(t("cockpit.rates_by_chain", period=period_label, cohort=cohort.label()),
                       ("rates_by_group", "rate_targets", "contract_to_start_rate", "fund_arrival_rate"))
    x, y, w, h = _body()
    half = (w - Inches(0.3)) / 2
    for i, (col, label) in enumerate((("contract_to_start_rate", "kpi.start_rate"),
                                      ("fund_arrival_rate", "kpi.arrival_rate"))):
        rows = ranked.assign(_v=[_num(v) for v in ranked[col]]).sort_values("_v", ascending=False, na_position="last")
        ranks = [review.rank_of(ranked, "group_id", col, gid)[0] for gid in rows["group_id"]]
        cats = [f"{r}. {n}" if r else f"— {n}" for r, n in zip(ranks, rows[name])]
        target = targets.get(col)
        title = t(label) + (t("deck.target", target=fmt.pct(target, 0)) if target is not None else "")
        bar_chart(slide, (x + i * (half + Inches(0.3)), y, half, h - Inches(0.5)), cats,
                  [(t(label), list(rows["_v"]), list(rows["color"]))], title=title, horizontal=True,
                  number_format="0.0%")
        if target is not None:
            met = sum(v is not None and v >= target for v in rows["_v"])
            _textbox(slide, x + i * (half + Inches(0.3)), y + h - Inches(0.45), half, Inches(0.4),
                     [(t("deck.target_met", met=met, of=int(rows["_v"].notna().sum())), 13, {"color": GREY})])


def _red_slide(deck: _Deck, q, p: dict) -> None:
    slide = deck.slide(t("deck.red_title"), ("overdue_tasks", "supervision_tasks"))
    counts = q("overdue_tasks", **p)
    lines = [(t("cockpit.overdue_detail", list=i18n.label("list", r.list), due=r.due_in_period, overdue=r.overdue,
                open=r.open_overdue), 15) for r in counts.itertuples(index=False)]
    x, y, w, _ = _body()
    _textbox(slide, x, y, w, Inches(0.8), lines or [(t("chrome.empty"), 15)])
    red = q("supervision_tasks", **p, show="current", list="red", status="overdue", project=None, limit=RED_ROWS,
            offset=0)
    if red.empty:
        _textbox(slide, x, y + Inches(1.0), w, Inches(0.5), [(t("deck.no_red"), 16, {"color": UP})])
        return
    dep = f"department_{i18n.lang()}"
    table(slide, x, y + Inches(1.0), w, [t("col.task"), t("col.project"), t("col.department"), t("col.due"),
                                         t("col.days_overdue")],
          [[r.title, r.project_zh, getattr(r, dep), _date(r.due_date), int(r.days_overdue)]
           for r in red.itertuples(index=False)], widths=[2.2, 3.2, 2.2, 1.3, 1.1])
    if review.total(red) > len(red):
        _textbox(slide, x, SLIDE_H - Inches(0.95), w, Inches(0.4),
                 [(t("deck.more_rows", shown=len(red), n=review.total(red)), 12, {"color": GREY})])


def _top_slide(deck: _Deck, q, p: dict, period_label: str) -> None:
    slide = deck.slide(t("cockpit.top_projects", period=period_label), ("top_projects", "signed_amount"))
    top = q("top_projects", **p, limit=TOP_ROWS)
    x, y, w, _ = _body()
    if top.empty:
        _empty(slide)
        return
    table(slide, x, y, w, [t("col.project"), t("col.company"), t("col.chain"), t("col.stage"), t("col.signed_date"),
                           t("col.contract_yi"), t("col.arrived_yi"), t("col.department")],
          [[r.name_zh, r.company_zh, r.chain_zh, i18n.label("stage", r.stage), _date(r.signed_date),
            fmt.yi(r.contract_amount_wan), fmt.yi(r.funds_arrived_wan), r.department_zh]
           for r in top.itertuples(index=False)], widths=[2.8, 2.6, 1.2, 1.0, 1.45, 1.2, 1.2, 2.0], size=11)


def _review_slide(deck: _Deck, q, spec: DeckSpec, scope: Scope, subject: str, period_label: str,
                  chains: pd.DataFrame, name: str) -> None:
    rv = review.gather(q, spec.period, spec.as_of, scope, chains, spec.rate_cohort)
    facts = rv.facts(subject, period_label, name)
    summary = review.summary(facts)
    used = tuple(m for m, *_ in review.METRIC_QUERIES.values()) + (
        "chain_summary" if scope.kind == "chain" else "department_summary", "rates_by_group", "amount_targets",
        "rate_targets", "pipeline_projects", "supervision_tasks", "chain_node_status")
    slide = deck.slide(t("deck.review_title", subject=subject, period=period_label), used,
                       notes=t("review.summary") + "\n" + summary)
    x, y, w, h = _body()
    left = w * 0.56
    labels = review.labels(spec.rate_cohort)
    rows = []
    for key, f in rv.figures.items():
        share = f.target_share if not f.is_rate else None
        rows.append([labels[key], review.shown(f, f.value), review.shown(f, f.target) if f.target is not None else "—",
                     fmt.pct(share, 1) if share is not None else "—", review.change(f, f.yoy) or "—",
                     f"{f.rank}/{f.of}" if f.rank else "—"])
    table(slide, x, y, left, [t("deck.col.metric"), t("deck.col.value"), t("deck.col.target"), t("deck.col.share"),
                              t("deck.col.yoy"), t("deck.col.rank")], rows, widths=[2.9, 1.3, 1.2, 0.9, 1.6, 0.6],
          size=10, row_h=Inches(0.36))
    # lagging projects, below the figures: the two rate rows name their cohort and may take two lines
    ly = y + Inches(0.36) * 5 + Inches(0.55) * 2 + Inches(0.25)
    _textbox(slide, x, ly, left, Inches(0.4),
             [(t("deck.lagging", n=rv.lagging, late=rv.late, stalled=rv.stalled), 14, {"bold": True})])
    if rv.lagging:
        shown = review.lagging_projects(q, rv.params, LAGGING_ROWS)
        table(slide, x, ly + Inches(0.45), left,
              [t("col.project"), t("review.col.flag"), t("col.stage"), t("review.col.days")],
              [[r.name_zh, t("review.flag.stalled") if r.is_stalled else t("review.flag.late"),
                i18n.label("stage", r.stage_at), int(r.days_in_stage)] for r in shown.itertuples(index=False)],
              widths=[3.6, 1.3, 1.1, 1.3], size=10, row_h=Inches(0.3))
    # the chain diagram (a picture: PowerPoint cannot draw it) and the missing nodes
    rx, rw = x + left + Inches(0.3), w - left - Inches(0.3)
    ty = y
    if scope.kind == "chain":
        png = _chain_diagram_png(q, spec, scope, subject)
        if png is not None:
            pic_h = Emu(int(rw * 9 / 16))
            slide.shapes.add_picture(io.BytesIO(png), rx, y, rw, pic_h).name = "Chain diagram"
            ty = y + pic_h + Inches(0.1)
    missing = list(rv.missing[name])
    lines = [(t("deck.missing", n=len(missing)), 14, {"bold": True})]
    lines.append(("、".join(missing) if missing else t("review.no_missing"), 12))
    if missing:
        lines.append((t("deck.untouched", n=rv.untouched_total), 12, {"color": GREY}))
    lines.append((t("review.tasks_count", open=facts.open_tasks, overdue=facts.overdue_tasks), 12, {"color": GREY}))
    _textbox(slide, rx, ty, rw, y + h - ty, lines)


def _chain_diagram_png(q, spec: DeckSpec, scope: Scope, subject: str) -> bytes | None:
    nodes = q("chain_node_status", **spec.params(), chain_id=scope.id, **maps.STATUS_THRESHOLDS)
    if nodes.empty:
        return None
    links = q("chain_link_list", chain_id=scope.id, **scope.params())
    fig = figures_maps.chain_diagram(nodes, links, t("chain_map.diagram_title", chain=subject.removesuffix("产业链")),
                                     maps.STATUS_THRESHOLDS, name_col=i18n.name_col())
    try:
        return image_export.render(fig, "png")
    except image_export.ExportError:
        return None  # no browser on this machine: the slide keeps its table and its list


def _body():
    """The content area under the title and above the footer: (x, y, w, h)."""
    return MARGIN, Inches(1.25), SLIDE_W - 2 * MARGIN, SLIDE_H - Inches(1.25) - Inches(0.65)


def _empty(slide) -> None:
    x, y, w, _ = _body()
    _textbox(slide, x, y, w, Inches(0.6), [(t("chrome.empty"), 18, {"color": GREY})])


def _yi(values) -> list[float | None]:
    return [None if _num(v) is None else _num(v) / fmt.WAN_PER_YI for v in values]


# -- the command line ------------------------------------------------------------------------------
def _fail(message: str) -> None:
    import sys

    print(f"错误：{message}", file=sys.stderr)
    raise SystemExit(2)


def parse_args(argv: list[str] | None, con) -> tuple[DeckSpec, str]:
    """(spec, output path) from the command line, checked against the store; a bad argument exits 2
    with a message in Chinese."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message):  # argparse's own messages are English
            _fail(f"命令行参数有误（{message}）。用法：python -m zsgt.deck --period 2023 --scope city "
                  "--out 会议材料.pptx [--as-of YYYY-MM-DD]")

    parser = Parser(prog="python -m zsgt.deck", description="生成会议材料（PPTX）")
    parser.add_argument("--period", help="统计期：年份（2023）或季度（2024Q2）")
    parser.add_argument("--scope", default="city", help="范围：city、chain:<产业链代码>、department:<部门代码>")
    parser.add_argument("--as-of", dest="as_of", help="截至日期 YYYY-MM-DD（默认：统计期末或数据截止日）")
    parser.add_argument("--out", help="输出文件，如 会议材料.pptx")
    parser.add_argument("--cohort", choices=COHORTS, default=None,
                        help="开工率、到位率口径（默认：data/rates.toml 所设）")
    parser.add_argument("--lang", choices=["zh", "en"], default=None, help="语言（默认 zh）")
    args = parser.parse_args(argv)
    if args.lang:
        i18n.set_lang(args.lang)
    available = [tuple(r) for r in store.run(con, "available_periods").itertuples(index=False)]
    if not available:
        _fail("数据库中还没有任何季度数据，无法生成会议材料。")
    years = sorted({y for y, _ in available})
    if not args.period:
        _fail(f"请用 --period 指定统计期，如 --period {years[-1]} 或 --period {years[-1]}Q{available[-1][1]}。")
    year, _, quarter = args.period.strip().upper().partition("Q")
    period = Period.parse(year, quarter or None, available)
    if period is None:
        _fail(f"统计期 {args.period} 无效或数据库中没有该期数据；可选年份 {years[0]}–{years[-1]}，"
              "季度写作 2024Q2。")
    chains = store.run(con, "chains", **CITY.params())
    departments = store.run(con, "departments", **CITY.params())
    kind, _, sid = args.scope.partition(":")
    if kind == "city" and not sid:
        scope = CITY
    elif kind == "chain" and sid in set(chains["chain_id"]):
        scope = Scope("chain", sid)
    elif kind == "department" and sid in set(departments["department_id"]):
        scope = Scope("department", sid)
    else:
        _fail(f"范围 {args.scope} 无效。可用：city；chain:{'、chain:'.join(chains['chain_id'])}；"
              f"department:{'、department:'.join(departments['department_id'])}。")
    info = dict(store.run(con, "store_info").itertuples(index=False))
    data_through = dt.date.fromisoformat(info.get("data_through", period.end.isoformat()))
    latest = max(data_through, period.start)
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            _fail(f"截至日期 {args.as_of} 不是 YYYY-MM-DD 格式的日期。")
        if not period.start <= as_of <= latest:
            _fail(f"截至日期 {as_of} 不在 {period.start} 至 {latest} 之间（统计期开始至数据截止日）。")
    else:
        as_of = period.default_as_of(data_through)
    if not args.out:
        _fail("请用 --out 指定输出文件，如 --out 会议材料.pptx。")
    if not args.out.lower().endswith(".pptx"):
        _fail(f"输出文件 {args.out} 应以 .pptx 结尾。")
    return DeckSpec(period, as_of, scope, load_config().cohort(args.cohort) if args.cohort else None), args.out


def main(argv: list[str] | None = None) -> int:
    import sys
    from pathlib import Path

    from .config import db_path

    try:
        con = store.open_store(db_path())
    except store.StoreError as exc:
        _fail(str(exc))
    spec, out = parse_args(argv, con)

    def report(fraction: float, text: str) -> None:
        print(f"[{fraction * 100:5.1f}%] {text}", file=sys.stderr)

    data = build(con, spec, progress=report)
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        _fail(f"无法写入 {out}：{exc.strerror or exc}。请检查目录是否存在、是否有写入权限。")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
