"""签约项目开工率 · 资金到位率 — the two rates leadership is judged on: value, year on year and target;
ranking of chains and departments; signing-quarter cohorts; time to start; the projects behind."""

import streamlit as st

from zsgt import figures_rates, fmt, i18n, ui
from zsgt.i18n import t

ctx = ui.page("rates.title", rates=True)
p = ctx.params()
name = i18n.name_col()
st.caption(t("rates.caption", period=ctx.period.label(i18n.lang()), cohort=ctx.cohort.label(), scope=ctx.scope_label,
             as_of=ctx.as_of))
window = ui.cohort_window(ctx)

start = ui.q("contract_to_start_rate", **p).iloc[0]
arrival = ui.q("fund_arrival_rate", **p).iloc[0]
targets = {r.metric: r for r in ui.q("rate_targets", **p).itertuples(index=False)}


def target_value(metric: str) -> float | None:
    row = targets.get(metric)
    return None if row is None else float(row.value)


def target_lines(metric: str, value) -> None:
    """The target, where it comes from, and whether the rate reaches it."""
    row = targets.get(metric)
    if row is None:
        st.caption(t("rates.no_target"))
        return
    source = t("rates.target_source_city") if row.target_scope == "city" else t("rates.target_source_own")
    when = t("rates.target_year") if row.target_quarter is None or str(row.target_quarter) == "<NA>" \
        else t("rates.target_quarter", q=int(row.target_quarter))
    line = t("rates.target_line", target=fmt.pct(row.value, 0), source=f"{source}，{when}" if i18n.lang() == "zh"
             else f"{source}, {when}")
    if fmt.pct(value) == "—":
        st.markdown(line)
    elif float(value) < float(row.value):
        st.markdown(line + " :red-badge[" + t("rates.below", gap=f"{(float(row.value) - float(value)) * 100:.1f}") + "]")
    else:
        st.markdown(line + " :green-badge[" + t("rates.reached") + "]")


def pp(change) -> str | None:
    return None if fmt.pp(change) == "—" else t("fmt.pp", v=fmt.pp(change))


left, right = st.columns(2)
with left.container(border=True):
    a, b = st.columns(2)
    ui.metric(a, ctx.cohort.rate_label("kpi.start_rate"), fmt.pct(start["value"], 1), pp(start["change_pp"]),
              help=ui.cohort_help(ctx, "contract_to_start_rate"))
    a.caption(ctx.cohort.empty_reason(window) if int(start["cohort"]) == 0
              else t("rates.start_detail", started=int(start["started"]), cohort=int(start["cohort"])))
    weighted_change = None
    if fmt.pct(start["value_weighted"]) != "—" and fmt.pct(start["value_weighted_prev"]) != "—":
        weighted_change = float(start["value_weighted"]) - float(start["value_weighted_prev"])
    ui.metric(b, ctx.cohort.rate_label("rates.start_weighted_short"), fmt.pct(start["value_weighted"], 1),
              pp(weighted_change), help=ui.cohort_help(ctx, "contract_to_start_rate"))
    b.caption(t("rates.weighted_detail", prev=fmt.pct(start["value_weighted_prev"], 1)))
    target_lines("contract_to_start_rate", start["value"])
    st.caption(t("rates.def_start"))
with right.container(border=True):
    ui.metric(st, ctx.cohort.rate_label("kpi.arrival_rate"), fmt.pct(arrival["value"], 1), pp(arrival["change_pp"]),
              help=ui.cohort_help(ctx, "fund_arrival_rate"))
    st.caption(ctx.cohort.empty_reason(window) if fmt.yi(arrival["contract_wan"]) == "—" else
               t("rates.arrival_detail", arrived=fmt.yi(arrival["arrived_wan"]), contract=fmt.yi(arrival["contract_wan"])))
    target_lines("fund_arrival_rate", arrival["value"])
    st.caption(t("rates.def_arrival"))
st.caption(ctx.cohort.definition(window))
ui.definition("contract_to_start_rate", "fund_arrival_rate", "rate_cohort_window", "rate_targets")

# -- ranking ---------------------------------------------------------------------------------------
st.subheader(t("rates.ranking", cohort=ctx.cohort.label()))
groups = {"chain": t("rates.group_chain"), "department": t("rates.group_department")}
group = ui.kept(st.radio, t("rates.group"), list(groups), format_func=groups.get, horizontal=True, key="rates_group",
                default="chain" if ctx.scope.kind == "city" else "department")
ranked = ui.q("rates_by_group", **p, group=group)
left, right = st.columns(2)
with left:
    ui.chart(ui.figure(figures_rates.rate_ranking, ranked, "contract_to_start_rate", t("rates.rank_start"), name,
                                        target_value("contract_to_start_rate"), group), key="rates_rank_start")
with right:
    ui.chart(ui.figure(figures_rates.rate_ranking, ranked, "fund_arrival_rate", t("rates.rank_arrival"), name,
                                        target_value("fund_arrival_rate"), group), key="rates_rank_arrival")
ui.definition("rates_by_group")

# -- each chain's direction: its rate quarter by quarter, on the same cohort ------------------------
st.subheader(t("rates.trend", cohort=ctx.cohort.label()))
st.caption(t("rates.trend_caption"))
metrics = {"contract_to_start_rate": t("rates.trend_start"), "fund_arrival_rate": t("rates.trend_arrival")}
shown_metric = st.segmented_control(t("rates.trend_metric"), list(metrics), format_func=metrics.get,
                                    default="contract_to_start_rate", key="rates_trend_metric") \
    or "contract_to_start_rate"
ui.chart(ui.figure(figures_rates.rate_trend, ui.q("rate_trend", **p), shown_metric, metrics[shown_metric], name,
                                  target_value(shown_metric)), key="rates_trend")
ui.definition("rate_trend")

# -- cohorts and time to start ---------------------------------------------------------------------
st.subheader(t("rates.cohorts"))
st.caption(t("rates.cohorts_caption"))
cohorts = ui.q("rate_cohorts", **p)
left, right = st.columns(2)
with left:
    ui.chart(ui.figure(figures_rates.cohort_heatmap, cohorts, "start_share", t("rates.heat_start")), key="rates_heat_start")
with right:
    ui.chart(ui.figure(figures_rates.cohort_heatmap, cohorts, "arrived_share", t("rates.heat_arrival")), key="rates_heat_arrival")
ui.definition("rate_cohorts")

st.subheader(t("rates.km"))
st.caption(t("rates.km_caption"))
ui.chart(ui.figure(figures_rates.time_to_start, ui.q("time_to_start", **p), t("rates.km_chart"), name), key="rates_km")
ui.definition("time_to_start")

# -- the projects behind ---------------------------------------------------------------------------
st.subheader(t("rates.behind"))
COLUMNS = {
    "name_zh": t("col.project"), "project_id": t("col.project_id"),
    "department_zh": t("col.department"), "chain_zh": t("col.chain"),
    "stage": t("col.stage_now"),
    "signed_date": st.column_config.DateColumn(t("col.signed_date")),
    "planned_start_date": st.column_config.DateColumn(t("col.planned_start")),
    "days_late": st.column_config.NumberColumn(t("col.days_late"), format="%d"),
    "contract_amount_wan": ui.wan_column(t("col.contract_wan")),
    "arrived_wan": ui.wan_column(t("col.arrived_wan")),
    "arrived_share": st.column_config.ProgressColumn(t("col.arrived_share"), format="percent", min_value=0, max_value=1),
    "open_red_tasks": st.column_config.NumberColumn(t("col.open_red"), format="%d"),
    "days_since_signing": st.column_config.NumberColumn(t("col.days_since_signing"), format="%d"),
}
chain_col, dep_col = ("chain_en", "department_en") if i18n.lang() == "en" else ("chain_zh", "department_zh")
COLUMNS[chain_col], COLUMNS[dep_col] = COLUMNS.pop("chain_zh"), COLUMNS.pop("department_zh")


def stage_words(frame):
    """Projects as listed: the stage in words."""
    return frame.assign(stage=frame["stage"].map(lambda s: i18n.label("stage", s)))


late_tab, low_tab = st.tabs([t("rates.late_tab"), t("rates.low_tab")])
with late_tab:
    cohort_only = ui.kept(st.toggle, t("rates.cohort_only"), key="rates_cohort_only", default=True)
    late, n_late = ui.paged(lambda limit, offset: ui.q("late_projects", **p, cohort_only=cohort_only,
                                                       no_open_red=False, limit=limit, offset=offset),
                            key="rates_late_page")
    st.caption(t("rates.late_caption", n=n_late))
    if late.empty:
        st.info(t("rates.none_late"))
    else:
        late_columns = ["name_zh", chain_col, dep_col, "stage", "signed_date", "planned_start_date", "days_late",
                        "contract_amount_wan", "open_red_tasks"]
        # on screen without the signing date and the stage (not started, by definition; both are in the
        # project's detail and the export), so every column fits
        ui.project_table(stage_words(late), key="rates_late", column_config=COLUMNS,
                         columns=[c for c in late_columns if c not in ("signed_date", "stage")])
        ui.export_list(ctx, ui.q_later("late_projects", **p, cohort_only=cohort_only, no_open_red=False, limit=None,
                                       offset=0),
                       ui.headers(COLUMNS, late_columns), title=t("rates.late_tab"), key="rates_late_export",
                       rows=n_late, prepare=stage_words,
                       filters=[(t("rates.cohort_only"), t("export.yes") if cohort_only else t("export.no"))])
    ui.definition("late_projects")
with low_tab:
    share = ui.kept(st.select_slider, t("rates.low_threshold"), [0.1, 0.2, 0.3, 0.4, 0.5], default=0.3,
                    format_func=lambda v: f"{v:.0%}", key="rates_low_share")
    low, n_low = ui.paged(lambda limit, offset: ui.q("low_arrival_projects", **p, min_age_days=365, max_share=share,
                                                     limit=limit, offset=offset), key="rates_low_page")
    st.caption(t("rates.low_caption", share=f"{share:.0%}", n=n_low))
    if low.empty:
        st.info(t("rates.none_low"))
    else:
        low_columns = ["name_zh", chain_col, dep_col, "stage", "signed_date", "days_since_signing",
                       "contract_amount_wan", "arrived_wan", "arrived_share"]
        # on screen without the signing date and stage (the days since signing say the age; both are in
        # the project's detail and the export), so every column fits
        ui.project_table(stage_words(low), key="rates_low", column_config=COLUMNS,
                         columns=[c for c in low_columns if c not in ("signed_date", "stage")])
        ui.export_list(ctx, ui.q_later("low_arrival_projects", **p, min_age_days=365, max_share=share, limit=None,
                                       offset=0),
                       ui.headers(COLUMNS, low_columns), title=t("rates.low_tab"), key="rates_low_export", rows=n_low,
                       prepare=stage_words, filters=[(t("rates.low_threshold"), f"{share:.0%}")])
    ui.definition("low_arrival_projects")
