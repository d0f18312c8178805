"""产业链自查 — a chain (or a department) reviews its period before the quarterly assessment: its figures
against its targets, the year before, the quarter before and the other chains; its lagging projects
and open tasks; its missing chain nodes and the target companies not contacted for them; and a
summary in Chinese to paste into its report. Opens on one chain by URL: /self_review?chain=aluminium.
"""

import pandas as pd
import streamlit as st

from zsgt import figures_review, fmt, i18n, maps, review, targets, ui
from zsgt.i18n import t
from zsgt.period import CITY, Period, Scope, months_before

ctx = ui.page("review.title")
name = i18n.name_col()
chains = ui.q("chains", **CITY.params())
chain_names = dict(zip(chains["chain_id"], chains[name]))

scope = ctx.scope
if scope.kind == "city":
    st.info(t("review.pick_hint"))
    chosen = st.selectbox(t("review.pick_chain"), list(chain_names), index=None, format_func=chain_names.get,
                          key="rv_chain", placeholder=t("review.pick_placeholder"))
    if chosen is None:
        st.stop()
    scope = Scope("chain", chosen)

group = scope.kind  # 'chain' or 'department'
period = ctx.period
period_label = period.label(i18n.lang())
if group == "chain":
    subject = t("review.chain_subject", name=chain_names[scope.id])
    by_group = ui.q("chain_summary", **period.params(), as_of=ctx.as_of, **CITY.params()).rename(
        columns={"chain_id": "group_id"})
else:
    subject = ctx.scope_label
    by_group = ui.q("department_summary", **period.params(), as_of=ctx.as_of, **CITY.params()).rename(
        columns={"department_id": "group_id"})
st.caption(t("review.caption", subject=subject, period=period_label, as_of=ctx.as_of))

p = {**period.params(), "as_of": ctx.as_of, **scope.params()}
queries = [q for q, *_ in review.METRIC_QUERIES.values()]
cur = {q: ui.q(q, **p).iloc[0] for q in queries}
before = review.previous_quarter(period.year, period.quarter)
# quarter on quarter compares like spans: the previous quarter read up to the as-of date a quarter earlier
prev_as_of = min(Period(*before).end, months_before(ctx.as_of, 3)) if before else None
prev_quarter = ({q: ui.q(q, year=before[0], quarter=before[1], as_of=prev_as_of, **scope.params()).iloc[0]
                 for q in queries} if before else None)
year_to_date = ({q: ui.q(q, year=period.year, quarter=None, as_of=ctx.as_of, **scope.params())["value"].iloc[0]
                 for q in ("signed_amount", "funds_arrived")} if period.quarter else None)
rates = ui.q("rates_by_group", group=group, **period.params(), as_of=ctx.as_of, **CITY.params())
figs = review.build_figures(
    scope.id, cur=cur, prev_quarter=prev_quarter, year_to_date=year_to_date,
    amount_targets=ui.q("amount_targets", **period.params(), target_scope=group, **scope.params()),
    rate_targets=ui.q("rate_targets", **period.params(), **scope.params()),
    by_group=by_group, rates_by_group=rates, is_quarter=period.quarter is not None)

# -- the figures ------------------------------------------------------------------------------------
LABELS = {"signed_amount": t("kpi.signed_amount"), "funds_arrived": t("kpi.funds_arrived"),
          "new_signed": t("kpi.new_signed"), "start_rate": t("kpi.start_rate"), "arrival_rate": t("kpi.arrival_rate")}


def shown(f: review.Figure, value) -> str:
    if value is None:
        return "—"
    if f.key in review.AMOUNTS:
        return f"{fmt.yi(value)} {t('unit.yi')}"
    if f.is_rate:
        return fmt.pct(value, 1)
    return f"{int(value)} {t('unit.projects')}"


def change(f: review.Figure, value) -> str | None:
    if value is None:
        return None
    return fmt.pp(value) + (" pp" if i18n.lang() == "en" else " 个百分点") if f.is_rate else fmt.pct(value, 1, signed=True)


cols = st.columns(5)
for col, (key, f) in zip(cols, figs.items()):
    yoy = change(f, f.yoy)
    col.metric(LABELS[key], shown(f, f.value), t("fmt.yoy", v=yoy) if yoy else None,
               help=ui.doc(review.METRIC_QUERIES[key][0]), border=True)
    notes = []
    if f.is_rate and f.value is None:
        notes.append(t("review.kpi_no_cohort"))
    if f.target is not None and f.is_rate:
        notes.append(t("review.kpi_rate_target", target=shown(f, f.target)))
    elif f.target is not None:
        notes.append(t("review.kpi_target", target=shown(f, f.target),
                       share=fmt.pct(f.target_share, 1) if f.target_share is not None else "—"))
    if f.year_to_date is not None:
        notes.append(t("review.kpi_ytd", ytd=shown(f, f.year_to_date),
                       share=fmt.pct(f.year_share, 1) if f.year_share is not None else "—"))
    if f.qoq is not None:
        notes.append(t("review.kpi_qoq", v=change(f, f.qoq)))
    if f.rank is not None:
        notes.append(t("review.kpi_rank", rank=f.rank, of=f.of))
    col.caption("  \n".join(notes))

# -- the lists: lagging projects, tasks, missing nodes ---------------------------------------------
SHOWN = 200  # rows listed per table; the counts are of every row (total_rows)


def total(frame) -> int:
    return int(frame["total_rows"].iloc[0]) if len(frame) else 0


lagging = ui.q("pipeline_projects", **p, stage=None, flag="flagged", search=None, limit=SHOWN, offset=0)
# late and stalled counted each by its own flag (one project can be both): the pipeline's definitions
late = total(ui.q("pipeline_projects", **p, stage=None, flag="late", search=None, limit=1, offset=0))
stalled = total(ui.q("pipeline_projects", **p, stage=None, flag="stalled", search=None, limit=1, offset=0))
overdue = ui.q("supervision_tasks", **p, show="current", list=None, status="overdue", project=None, limit=SHOWN,
               offset=0)
still_open = ui.q("supervision_tasks", **p, show="current", list=None, status="open", project=None, limit=SHOWN,
                  offset=0)

nodes = ui.q("chain_node_status", **period.params(), as_of=ctx.as_of,
             **(scope.params() if group == "chain" else CITY.params()), chain_id=None, **maps.STATUS_THRESHOLDS)
led = set(chains.loc[chains["lead_department_id"] == scope.id, "chain_id"]) if group == "department" else {scope.id}
missing = nodes[(nodes["status"] == "missing") & nodes["chain_id"].isin(led)]
missing_ids = list(missing["node_id"])
target_scope = scope.params() if group == "chain" else CITY.params()
untouched_params = {**target_scope, "as_of": ctx.as_of,
                    **targets.TargetFilter(nodes=tuple(missing_ids), statuses=("not_contacted",)).params()}
untouched_total = int(ui.q("target_count", **untouched_params)["total"].iloc[0]) if missing_ids else 0

facts = review.ReviewFacts(
    subject=subject, period=period_label, group_word=t(f"review.group_{group}"), figures=figs, late=late,
    stalled=stalled, lagging=total(lagging), open_tasks=total(overdue) + total(still_open), overdue_tasks=total(overdue),
    missing_nodes=tuple(missing[name]), uncontacted_targets=untouched_total)
st.markdown("**" + t("review.summary") + "**")
st.code(review.summary(facts), language=None, wrap_lines=True)

left, right = st.columns([1, 1])
with left:
    frame = review.comparison_frame(figs, LABELS, {s: t(f"review.series.{s}") for s in figures_review.SERIES_COLORS})
    ui.chart(figures_review.comparison_bars(frame, t("review.vs")), key="review_vs")
with right:
    options = {"signed_amount": "signed_amount_wan", "funds_arrived": "funds_arrived_wan", "new_signed": "new_signed",
               "start_rate": "contract_to_start_rate", "arrival_rate": "fund_arrival_rate"}
    which = st.segmented_control(t("review.rank_metric"), list(options), format_func=LABELS.get, key="rv_rank",
                                 default="signed_amount") or "signed_amount"
    data = rates if which in review.RATES else by_group
    axis = (t("review.axis_rate") if which in review.RATES else t("axis.amount_yi") if which in review.AMOUNTS
            else t("review.axis_count"))
    ui.chart(figures_review.rank_bars(
        data, id_col="group_id", name_col=name, value_col=options[which], highlight=scope.id,
        title=t("review.rank_title", period=period_label, group=t(f"review.group_{group}_word"), metric=LABELS[which]),
        axis_title=axis, percent=which in review.RATES, scale=10_000 if which in review.AMOUNTS else 1),
        key="review_rank")

st.subheader(t("review.lagging"))
if lagging.empty:
    st.caption(t("review.no_lagging"))
else:
    st.caption(t("review.lagging_count", n=total(lagging), late=late, stalled=stalled, as_of=ctx.as_of))
    st.dataframe(
        lagging.assign(
            flag=[t("review.flag.stalled") if s else t("review.flag.late") for s in lagging["is_stalled"]],
            stage=lagging["stage_at"].map(lambda s: i18n.label("stage", s)),
            department=lagging[f"department_{i18n.lang()}"]),
        hide_index=True, width="stretch",
        column_order=["flag", "name_zh", "company_zh", "stage", "days_in_stage", "signed_date", "planned_start_date",
                      "contract_amount_wan", "department"],
        column_config={
            "flag": t("review.col.flag"), "name_zh": t("targets.col.project"), "company_zh": t("targets.col.company"),
            "stage": t("targets.col.stage"), "days_in_stage": t("review.col.days"),
            "signed_date": st.column_config.DateColumn(t("targets.col.signed_date"), format="YYYY-MM-DD"),
            "planned_start_date": st.column_config.DateColumn(t("review.col.planned_start"), format="YYYY-MM-DD"),
            "contract_amount_wan": st.column_config.NumberColumn(t("targets.col.contract_wan"), format="%.0f"),
            "department": t("targets.col.project_department")})

st.subheader(t("review.tasks"))
tasks = [frame for frame in (overdue, still_open) if not frame.empty]
if not tasks:
    st.caption(t("review.no_tasks"))
else:
    st.caption(t("review.tasks_count", open=total(overdue) + total(still_open), overdue=total(overdue)))
    table = pd.concat(tasks, ignore_index=True)
    st.dataframe(
        table.assign(list=table["list"].map(lambda v: i18n.label("list", v)),
                     status=table["status"].map(lambda v: i18n.label("task_status", v)),
                     department=table[f"department_{i18n.lang()}"],
                     days_overdue=pd.to_numeric(table["days_overdue"]).astype("Int64")),
        hide_index=True, width="stretch",
        column_order=["status", "list", "title", "project_zh", "department", "due_date", "days_overdue"],
        column_config={
            "status": t("review.col.task_status"), "list": t("review.col.list"), "title": t("review.col.task"),
            "project_zh": t("targets.col.project"), "department": t("targets.col.project_department"),
            "due_date": st.column_config.DateColumn(t("review.col.due"), format="YYYY-MM-DD"),
            "days_overdue": t("review.col.days_overdue")})

st.subheader(t("review.missing"))
st.caption(t("review.missing_caption"))
if missing.empty:
    st.caption(t("review.no_missing"))
else:
    st.dataframe(
        missing.assign(chain=missing[f"chain_{i18n.lang()}"], segment=missing["segment"].map(
            lambda s: i18n.label("segment", s))),
        hide_index=True, width="stretch",
        column_order=["chain", "segment", name, "pipeline_projects", "open_targets"],
        column_config={"chain": t("targets.col.chain"), "segment": t("review.col.segment"),
                       name: t("review.col.node"), "pipeline_projects": t("review.col.pipeline"),
                       "open_targets": t("review.col.open_targets")})
    if untouched_total:
        st.markdown("**" + t("review.missing_targets", n=untouched_total) + "**")
        untouched = ui.q("target_list", **untouched_params, sort="priority", limit=50, offset=0)
        st.dataframe(
            untouched.assign(node=untouched[f"node_{i18n.lang()}"],
                             priority=untouched["priority"].map(lambda v: i18n.label("priority", v)),
                             department=untouched[f"department_{i18n.lang()}"]),
            hide_index=True, width="stretch",
            column_order=["name_zh", "node", "priority", "province", "city", "department"],
            column_config={"name_zh": t("targets.col.company"), "node": t("targets.col.node"),
                           "priority": t("targets.col.priority"), "province": t("targets.col.province"),
                           "city": t("targets.col.city"), "department": t("targets.col.department")})
    else:
        st.caption(t("review.no_missing_targets"))

ui.definition(*queries, "chain_summary" if group == "chain" else "department_summary", "rates_by_group",
              "amount_targets", "rate_targets", "pipeline_projects", "supervision_tasks", "chain_node_status")
