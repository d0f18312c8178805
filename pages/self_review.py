"""产业链自查 — a chain (or a department) reviews its period before the quarterly assessment: its figures
against its targets, the year before, the quarter before and the other chains; its lagging projects
and open tasks; its missing chain nodes and the target companies not contacted for them; and a
summary in Chinese to paste into its report. Opens on one chain by URL: /self_review?chain=aluminium.
"""

import pandas as pd
import streamlit as st

from zsgt import figures_review, fmt, i18n, review, ui
from zsgt.i18n import t
from zsgt.period import CITY

ctx = ui.page("review.title", scope_titles={"department": "review.title_department"}, rates=True)
name = i18n.name_col()
chains = ui.q("chains", **CITY.params())
chain_names = dict(zip(chains["chain_id"], chains[name]))

scope = ctx.scope
if scope.kind == "city":
    # no chain chosen: every chain's quarter at a glance, each linking to its own review
    period = ctx.period
    st.caption(t("review.overview_caption", period=period.label(i18n.lang()), as_of=ctx.as_of))
    overview = review.overview_frame(
        ui.q("chain_summary", **period.params(), as_of=ctx.as_of, **CITY.params()),
        ui.q("amount_targets", **period.params(), target_scope="chain", **CITY.params()),
        ui.q("chain_review_counts", **period.params(), as_of=ctx.as_of, **CITY.params()),
        is_quarter=period.quarter is not None)
    shown_overview = overview.assign(
        signed_yi=overview["signed_amount_wan"].astype(float) / fmt.WAN_PER_YI,
        signed_pct=overview["signed_amount_share"].astype(float) * 100,
        arrived_yi=overview["funds_arrived_wan"].astype(float) / fmt.WAN_PER_YI,
        arrived_pct=overview["funds_arrived_share"].astype(float) * 100,
        rank_text=[fmt.rank(r, tie, i18n.lang()) for r, tie in zip(overview["rank"], overview["tied"])],
        # the link opens the chain's own review (keeping period and language); its text is the
        # chain's name, carried after the URL's # (LinkColumn shows what display_text captures)
        review=[f"{ui.page_url('/self_review', chain=c)}#{n}" for c, n in zip(overview["chain_id"], overview[name])])
    OVERVIEW_COLUMNS = ["review", "signed_yi", "signed_pct", "arrived_yi", "arrived_pct", "rank_text", "lagging",
                        "open_tasks", "overdue_tasks"]
    # short headers, the full ones in their tooltips, so that every column fits a projector's width
    OVERVIEW_CONFIG = {
        "review": st.column_config.LinkColumn(t("tables.chain"), display_text=r"#(.+)$", help=t("review.col.chain")),
        "signed_yi": ui.yi_column(t("review.col.signed")),
        "signed_pct": st.column_config.NumberColumn(t("tables.share"), format="%.1f%%", help=t(
            "review.col.signed_share") + "\n\n" + t("review.col.share_help")),
        "arrived_yi": ui.yi_column(t("review.col.arrived")),
        "arrived_pct": st.column_config.NumberColumn(t("tables.share"), format="%.1f%%", help=t(
            "review.col.arrived_share") + "\n\n" + t("review.col.share_help")),
        "rank_text": st.column_config.TextColumn(t("tables.rank"), help=t("review.col.rank") + "\n\n"
                                                 + t("review.col.rank_help")),
        "lagging": st.column_config.NumberColumn(t("tables.lagging"), format="%d", help=t("review.col.lagging")),
        "open_tasks": st.column_config.NumberColumn(t("review.col.open_tasks"), format="%d"),
        "overdue_tasks": st.column_config.NumberColumn(t("tables.overdue"), format="%d",
                                                       help=t("review.col.overdue_tasks"))}
    ui.table(shown_overview, column_order=OVERVIEW_COLUMNS, column_config=OVERVIEW_CONFIG)
    st.caption(t("review.overview_hint"))
    ui.definition("chain_summary", "amount_targets", "chain_review_counts")
    st.stop()

group = scope.kind  # 'chain' or 'department'
period = ctx.period
period_label = period.label(i18n.lang())
subject = t("review.chain_subject", name=chain_names[scope.id]) if group == "chain" else ctx.scope_label
st.caption(t("review.caption", subject=subject, period=period_label, as_of=ctx.as_of))
ui.deck_button(ctx, scope)

rv = review.gather(ui.q, period, ctx.as_of, scope, chains, ctx.cohort)
new_view = (period, ctx.as_of, scope)  # another period, date or chain: each list starts on its first page again
figs, by_group, rates = rv.figures, rv.by_group, rv.rates
queries = [q for q, *_ in review.METRIC_QUERIES.values()]

# -- the figures ------------------------------------------------------------------------------------
LABELS = review.labels(ctx.cohort)
window = ui.cohort_window(ctx)
shown, change = review.shown, review.change

cols = st.columns(5)
for col, (key, f) in zip(cols, figs.items()):
    yoy = change(f, f.yoy)
    query = review.METRIC_QUERIES[key][0]
    ui.metric(col, LABELS[key], shown(f, f.value), t("fmt.yoy", v=yoy) if yoy else None,
              help=ui.cohort_help(ctx, query) if f.is_rate else ui.doc(query), border=True)
    notes = []
    if f.is_rate and f.value is None:
        notes.append(ctx.cohort.empty_reason(window))
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
        notes.append(t("review.kpi_rank_tied" if f.tied else "review.kpi_rank", rank=f.rank, of=f.of))
    col.caption("  \n".join(notes))

# -- the lists: lagging projects, tasks, missing nodes ---------------------------------------------
missing, untouched_params, untouched_total = rv.missing, rv.untouched_params, rv.untouched_total
facts = rv.facts(subject, period_label, name)
st.markdown("**" + t("review.summary") + "**")
st.code(review.summary(facts), language=None, wrap_lines=True)

left, right = st.columns([1, 1])
with left:
    frame = review.comparison_frame(figs, LABELS, {s: t(f"review.series.{s}") for s in figures_review.SERIES_COLORS})
    ui.chart(ui.figure(figures_review.comparison_bars, frame, t("review.vs")), key="review_vs", where=subject)
with right:
    options = {"signed_amount": "signed_amount_wan", "funds_arrived": "funds_arrived_wan", "new_signed": "new_signed",
               "start_rate": "contract_to_start_rate", "arrival_rate": "fund_arrival_rate"}
    which = st.segmented_control(t("review.rank_metric"), list(options), format_func=LABELS.get, key="rv_rank",
                                 default="signed_amount") or "signed_amount"
    data = rates if which in review.RATES else by_group
    axis = (t("review.axis_rate") if which in review.RATES else t("axis.amount_yi") if which in review.AMOUNTS
            else t("review.axis_count"))
    ui.chart(ui.figure(figures_review.rank_bars,
        data, id_col="group_id", name_col=name, value_col=options[which], highlight=scope.id,
        title=t("review.rank_title", period=period_label, group=t(f"review.group_{group}_word"), metric=LABELS[which]),
        axis_title=axis, percent=which in review.RATES, scale=10_000 if which in review.AMOUNTS else 1),
        key="review_rank", where=subject)

st.subheader(t("review.lagging"))
if not rv.lagging:
    st.caption(t("review.no_lagging"))
else:
    st.caption(t("review.lagging_count", n=rv.lagging, late=rv.late, stalled=rv.stalled, as_of=ctx.as_of))
    LAG_COLUMNS = ["flag", "name_zh", "company_zh", "stage", "days_in_stage", "signed_date", "planned_start_date",
                   "contract_amount_wan", "department"]
    LAG_CONFIG = {
        "flag": t("review.col.flag"), "name_zh": t("targets.col.project"), "company_zh": t("targets.col.company"),
        "stage": t("targets.col.stage"), "days_in_stage": t("review.col.days"),
        "signed_date": st.column_config.DateColumn(t("targets.col.signed_date"), format="YYYY-MM-DD"),
        "planned_start_date": st.column_config.DateColumn(t("review.col.planned_start"), format="YYYY-MM-DD"),
        "contract_amount_wan": ui.wan_column(t("targets.col.contract_wan")),
        "department": t("targets.col.project_department")}

    def lagging_words(frame):
        return frame.assign(
            flag=[t("review.flag.stalled") if s else t("review.flag.late") for s in frame["is_stalled"]],
            stage=frame["stage_at"].map(lambda s: i18n.label("stage", s)),
            department=frame[f"department_{i18n.lang()}"])

    lagging, _ = ui.paged(lambda limit, offset: review.lagging_projects(ui.q, rv.params, limit, offset),
                          key="review_lagging_page", reset_on=new_view)
    # on screen without the company and the signing date (in the export), so every column fits
    ui.table(lagging_words(lagging), column_order=[c for c in LAG_COLUMNS if c not in ("company_zh", "signed_date")],
             column_config=LAG_CONFIG)
    ui.export_list(ctx, review.lagging_projects(ui.q_later, rv.params, None),
                   ui.headers(LAG_CONFIG, LAG_COLUMNS), title=f"{subject} · {t('review.lagging')}",
                   key="review_lagging_export", rows=rv.lagging, prepare=lagging_words)

st.subheader(t("review.tasks"))
if not rv.open_tasks:
    st.caption(t("review.no_tasks"))
else:
    st.caption(t("review.tasks_count", open=rv.open_tasks, overdue=rv.overdue))
    TASK_COLUMNS = ["status", "list", "title", "project_zh", "department", "due_date", "days_overdue"]
    TASK_CONFIG = {
        "status": t("review.col.task_status"), "list": t("review.col.list"), "title": t("review.col.task"),
        "project_zh": t("targets.col.project"), "department": t("targets.col.project_department"),
        "due_date": st.column_config.DateColumn(t("review.col.due"), format="YYYY-MM-DD"),
        "days_overdue": t("review.col.days_overdue")}

    def task_words(frame):
        return frame.assign(list=frame["list"].map(lambda v: i18n.label("list", v)),
                            status=frame["status"].map(lambda v: i18n.label("task_status", v)),
                            department=frame[f"department_{i18n.lang()}"],
                            days_overdue=pd.to_numeric(frame["days_overdue"]).astype("Int64"))

    tasks, _ = ui.paged(lambda limit, offset: review.open_tasks(ui.q, rv.params, limit, offset),
                        key="review_tasks_page", reset_on=new_view)
    ui.table(task_words(tasks), column_order=TASK_COLUMNS, column_config=TASK_CONFIG)
    ui.export_list(ctx, review.open_tasks(ui.q_later, rv.params, None),
                   ui.headers(TASK_CONFIG, TASK_COLUMNS), title=f"{subject} · {t('review.tasks')}",
                   key="review_tasks_export", rows=rv.open_tasks, prepare=task_words)

st.subheader(t("review.missing"))
st.caption(t("review.missing_caption"))
if missing.empty:
    st.caption(t("review.no_missing"))
else:
    ui.table(
        missing.assign(chain=missing[f"chain_{i18n.lang()}"], segment=missing["segment"].map(
            lambda s: i18n.label("segment", s))),
        hide_index=True, width="stretch",
        column_order=["chain", "segment", name, "pipeline_projects", "open_targets"],
        column_config={"chain": t("targets.col.chain"), "segment": t("review.col.segment"),
                       name: t("review.col.node"), "pipeline_projects": t("review.col.pipeline"),
                       "open_targets": t("review.col.open_targets")})
    if untouched_total:
        st.markdown("**" + t("review.missing_targets", n=untouched_total) + "**")
        # target_list has no count of its own: target_count's (untouched_total) is the list's
        untouched, _ = ui.paged(lambda limit, offset: ui.q("target_list", **untouched_params, sort="priority",
                                                           limit=limit, offset=offset).assign(total_rows=untouched_total),
                                key="review_targets_page", reset_on=new_view)
        ui.table(
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
