"""季度考核 — the quarterly department assessment: scores from the method in data/assessment.toml, each
score explained (components, points, the projects and tasks behind them), the ranking with the
progress and contribution awards, and a what-if on the weights."""

import pandas as pd
import streamlit as st

from zsgt import assessment, figures_review, fmt, i18n, review, ui
from zsgt.cohort import PERIOD
from zsgt.config import assessment_path
from zsgt.i18n import t
from zsgt.period import CITY, Period

ctx = ui.page("assess.title", scoped=False)
name = i18n.name_col()
period = ctx.period
if period.quarter is None:  # a year: its quarter at the as-of date (the year's last one, by default)
    quarters = sorted(q_ for y, q_ in ctx.periods if y == period.year)
    period = Period(period.year, max([q_ for q_ in quarters if Period(period.year, q_).start <= ctx.as_of],
                                     default=quarters[-1]))
    st.info(t("assess.year_quarter", year=ctx.period.label(i18n.lang()), quarter=period.label(i18n.lang())))
try:
    method = assessment.load_method()
except assessment.MethodError as exc:
    ui.fail(t("assess.method_error", error=exc))
period_label = period.label(i18n.lang())
st.caption(t("assess.caption", period=period_label, method=method.title, as_of=ctx.as_of))
chains = ui.q("chains", **CITY.params())
# each rate component's cohort in words, for its label and tooltip: the quarter's or the year's signings
cohort_window = {
    "quarter": ui.q("rate_cohort_window", **period.params(), as_of=ctx.as_of, **PERIOD.params()),
    "year_to_date": ui.q("rate_cohort_window", year=period.year, quarter=None, as_of=ctx.as_of, **PERIOD.params())}


def component_label(c) -> str:
    return t("assess.rate_component", name=c.title, cohort=PERIOD.label(),
             period=t(f"assess.rate_period.{c.period}")) if c.kind == "rate" else c.title


def component_help(c) -> str | None:
    return PERIOD.definition(cohort_window[c.period]) if c.kind == "rate" else None


st.caption(t("assess.cohort_note", cohort=PERIOD.label()))


def quarter_facts(year: int, quarter: int, as_of) -> pd.DataFrame:
    # the method's rate components are measured on the period cohort (the quarter's or the year's
    # signings), whatever cohort the other pages show: a department's score does not follow a click
    p = {"year": year, "quarter": quarter, "as_of": as_of, **CITY.params(), **PERIOD.params()}
    ytd = {**p, "quarter": None, "as_of": as_of or Period(year, quarter).end}  # 1 January to the quarter's end
    return assessment.department_facts(
        summary=ui.q("department_summary", **p), targets=ui.q("amount_targets", **p, target_scope="department"),
        rates=ui.q("rates_by_group", **p, group="department"),
        rates_ytd=ui.q("rates_by_group", **ytd, group="department"), chain_summary=ui.q("chain_summary", **p),
        chains=chains, supervision=ui.q("supervision_by_department", **p, list=None))


facts = quarter_facts(period.year, period.quarter, ctx.as_of)
ranked = assessment.ranking(method, facts)
before = review.previous_quarter(period.year, period.quarter)
ranked_prev = (assessment.ranking(method, quarter_facts(*before, None)) if before in ctx.periods else None)
won = assessment.awards(method, ranked, ranked_prev, facts)
names = dict(zip(facts["department_id"], facts[name]))

# -- the awards and the ranking ------------------------------------------------------------------
st.subheader(t("assess.awards"))
left, right = st.columns(2)
progress, contribution = won["progress"], won["contribution"]
left.markdown(f"**{method.progress_title}**  \n" + (
    t("assess.progress_text", name=names[progress["department_id"]], before=progress["rank_prev"],
      after=progress["rank"], gain=progress["gain"], delta=f"{progress['score_gain']:+.1f}")
    if progress else t("assess.progress_none")))
metric_words = i18n.join((t(f"kpi.{m}") for m in method.contribution_metrics), "plus")
right.markdown(f"**{method.contribution_title}**  \n" + (
    t("assess.contribution_text", name=names[contribution["department_id"]], metrics=metric_words,
      value=fmt.yi(contribution["value_wan"])) if contribution else t("assess.contribution_none")))

st.subheader(t("assess.ranking"))
component_cols = [c.id for c in method.components]
table = ranked.copy()
if ranked_prev is not None:
    table = table.merge(ranked_prev[["department_id", "rank"]].rename(columns={"rank": "rank_prev"}),
                        on="department_id", how="left")
    table["change"] = [("—" if pd.isna(p) else f"{int(p - r):+d}" if p != r else "0")
                       for p, r in zip(table["rank_prev"], table["rank"])]
else:
    table["rank_prev"], table["change"] = None, "—"
award_of = {}
if progress:
    award_of[progress["department_id"]] = method.progress_title
if contribution:
    award_of[contribution["department_id"]] = i18n.join(
        filter(None, [award_of.get(contribution["department_id"]), method.contribution_title]))
table["award"] = table["department_id"].map(award_of).fillna("")
# equal totals share a rank, and the table says so (并列 / tied)
table["rank"] = [fmt.rank(r, tie, i18n.lang()) for r, tie in zip(table["rank"], fmt.tied_ranks(table["rank"]))]
SCORE_COLUMNS = ["rank", name, "total", *component_cols, "rank_prev", "change", "award"]
SCORE_CONFIG = {
    "rank": st.column_config.TextColumn(t("assess.col.rank")),
    name: t("assess.col.department"),
    "total": st.column_config.NumberColumn(t("assess.col.total"), format="%.1f"),
    **{c.id: st.column_config.NumberColumn(component_label(c), format="%.1f", help=component_help(c))
       for c in method.components},
    "rank_prev": st.column_config.NumberColumn(t("assess.col.rank_prev")),
    "change": t("assess.col.change"), "award": t("assess.col.award")}
# on screen the components are headed by their short names (the full name and cohort in the header's
# tooltip) and the previous rank is left to the change and the export, so every column fits
SHORT_CONFIG = {**SCORE_CONFIG, **{c.id: st.column_config.NumberColumn(
    c.short_title, format="%.1f", help="\n\n".join(filter(None, [component_label(c), component_help(c)])))
    for c in method.components}}
ui.table(table, height=38 + 35 * len(table), column_order=[c for c in SCORE_COLUMNS if c != "rank_prev"],
         column_config=SHORT_CONFIG)
ui.export_list(ctx, lambda: table, ui.headers(SCORE_CONFIG, SCORE_COLUMNS), title=t("assess.ranking"),
               key="assess_scores_export", rows=len(table))
ui.chart(ui.figure(figures_review.score_bars,
    ranked, [(c.id, c.title, c.kind == "deduction") for c in method.components], name_col=name,
    title=t("assess.chart", period=period_label)), key="assess_scores")

# -- one department's score explained --------------------------------------------------------------
st.subheader(t("assess.explain"))
department = ui.kept(st.selectbox, t("assess.explain_pick"), list(ranked["department_id"]), format_func=names.get,
                     key="as_department", default=ranked["department_id"].iloc[0])
row = ranked.set_index("department_id").loc[department]
st.markdown(t("assess.explain_total", name=names[department], total=f"{row['total']:.1f}", rank=int(row["rank"]),
              n=len(ranked)))
points = assessment.score(method, facts[facts["department_id"] == department])


def shown(metric: str, value) -> str:
    if value is None or pd.isna(value):
        return "—"
    if metric in ("signed_amount", "funds_arrived"):
        return f"{fmt.yi(value)} {t('unit.yi')}"
    if metric in ("contract_to_start_rate", "fund_arrival_rate"):
        return fmt.pct(value, 1)
    return f"{int(value)}"


by_id = {c.id: c for c in method.components}
explained = pd.DataFrame({
    "component": [component_label(by_id[c]) for c in points["component_id"]],
    "rule": [by_id[c].rule() for c in points["component_id"]],
    "value": [shown(by_id[c].metric, v) for c, v in zip(points["component_id"], points["value"])],
    "target": [shown(by_id[c].metric, v) for c, v in zip(points["component_id"], points["target"])],
    "ratio": [fmt.pct(v, 1) for v in points["ratio"]],
    "points": points["points"].astype(float)})
EXPLAIN_CONFIG = {
    "component": t("assess.col.component"), "rule": t("assess.col.rule"),
    "value": t("assess.col.value"), "target": t("assess.col.target"), "ratio": t("assess.col.ratio"),
    "points": st.column_config.NumberColumn(t("assess.col.points"), format="%.2f")}
ui.table(explained, column_config=EXPLAIN_CONFIG, wrap=True)  # the rules wrap rather than being cut short
ui.export_list(ctx, lambda: explained, ui.headers(EXPLAIN_CONFIG, list(explained.columns)),
               title=f"{names[department]} · {t('assess.explain')}", key="assess_explain_export", rows=len(explained))

p = {**period.params(), "as_of": ctx.as_of, **CITY.params(), **PERIOD.params()}
# the tasks behind the deduction: those overdue_tasks counts as overdue (listed up to 200, counted all).
# A role that reads only its own rows gets the tasks inside its fence whatever department it asks for
# (zsgt.access.params_for): of those, the picked department's alone (none of another department's for
# a department, those on their chains for a chain owner), never its own listed as another's
overdue = ui.q("supervision_tasks", **{**p, "scope": "department", "scope_id": department},
               show="overdue_in_period", list=None, status=None, project=None, limit=None, offset=0)
overdue = overdue[overdue["department_id"] == department]
n_overdue = len(overdue)
overdue = overdue.head(200)
for c, pts in zip(method.components, points["points"]):
    if c.metric == "overdue_tasks":
        rows = overdue
        n, page = n_overdue, None
    else:
        # a count of the department's own new projects rests on its signed projects; both rates on its
        # cohort; a year-to-date rate on the year's signings to the as-of date. One page of them (the
        # count is of all of them)
        source = {"new_signed_projects": "signed_amount", "fund_arrival_rate": "contract_to_start_rate"}.get(
            c.metric, c.metric)
        params = {**p, "quarter": None} if c.kind == "rate" and c.period == "year_to_date" else p
        page = ui.page_of(lambda limit, offset, params=params, source=source: ui.q(
            "assessment_projects", **params, department=department, component=source, limit=limit, offset=offset),
            f"as_{c.id}_page", reset_on=(department, period, ctx.as_of))
        rows, n = page.rows, page.total
    with st.expander(t("assess.behind", component=c.title, points=f"{pts:.2f}", n=f"{n:,}")):
        if page is not None:
            ui.pager(page, f"as_{c.id}_page")
        if rows.empty:
            st.caption(t("assess.behind_none"))
        elif c.metric == "overdue_tasks":
            ui.table(
                rows.assign(list=rows["list"].map(lambda v: i18n.label("list", v)),
                            status=rows["status"].map(lambda v: i18n.label("task_status", v))),
                hide_index=True, width="stretch",
                column_order=["status", "list", "title", "project_zh", "due_date", "closed_date", "days_overdue"],
                column_config={"status": t("review.col.task_status"), "list": t("review.col.list"),
                               "title": t("review.col.task"),
                               "project_zh": t("targets.col.project"),
                               "due_date": st.column_config.DateColumn(t("review.col.due"), format="YYYY-MM-DD"),
                               "closed_date": st.column_config.DateColumn(t("assess.col.closed"), format="YYYY-MM-DD"),
                               "days_overdue": t("review.col.days_overdue")})
        else:
            ui.table(
                rows.assign(chain=rows[f"chain_{i18n.lang()}"], stage=rows["stage"].map(lambda s: i18n.label("stage", s)),
                            started=rows["started"].map({True: t("assess.yes"), False: t("assess.no")})),
                hide_index=True, width="stretch",
                column_order=["name_zh", "chain", "stage", "signed_date", "value_wan"]
                + (["started"] if c.kind == "rate" else []),
                column_config={"name_zh": t("targets.col.project"), "chain": t("targets.col.chain"),
                               "stage": t("targets.col.stage"),
                               "signed_date": st.column_config.DateColumn(t("targets.col.signed_date"),
                                                                          format="YYYY-MM-DD"),
                               "value_wan": ui.wan_column(t("assess.col.amount_wan")),
                               "started": t("assess.col.started")})

# -- what if the weights were different --------------------------------------------------------------
st.subheader(t("assess.whatif"))
st.caption(t("assess.whatif_help"))
sliders = st.columns(len(method.components))
scales = {}
for col, c in zip(sliders, method.components):
    scales[c.id] = col.slider(c.title + i18n.paren(t("assess.unit_points")), min_value=0, max_value=int(max(60, c.scale * 2)), value=int(c.scale), step=1,
                              key=f"as_w_{c.id}")
changed = assessment.ranking(method.with_scales(scales), facts)
moves = changed.merge(ranked[["department_id", "rank"]], on="department_id", suffixes=("", "_now"))
moves = moves[moves["rank"] != moves["rank_now"]].sort_values("rank")
st.markdown(t("assess.whatif_moved", moves=i18n.join((f"{names[d]} {a}→{b}" for d, a, b in zip(
    moves["department_id"], moves["rank_now"], moves["rank"])), "clause")) if len(moves) else t("assess.whatif_same"))
ui.chart(ui.figure(figures_review.rank_shift, ranked, changed, name_col=name, title=t("assess.whatif_chart"),
                                   left=t("assess.whatif_now"), right=t("assess.whatif_new")), key="assess_whatif")

with st.expander(t("assess.method")):
    st.code(assessment_path().read_text(encoding="utf-8"), language="toml")
ui.definition("department_summary", "amount_targets", "rates_by_group", "chain_summary", "supervision_by_department",
              "assessment_projects", "supervision_tasks")
