"""领导驾驶舱 — the leadership cockpit: headline figures with year on year, trend, chains, top projects."""

import streamlit as st

from zsgt import figures, figures_rates, fmt, headline, i18n, ui
from zsgt.i18n import t

ctx = ui.page("cockpit.title", rates=True)
p = ctx.params()
st.caption(t("cockpit.caption", period=ctx.period.label(i18n.lang()), scope=ctx.scope_label, as_of=ctx.as_of))

ui.deck_button(ctx)

# the two rates are named with their cohort (data/rates.toml, the sidebar's picker) in label and tooltip
figures_six = headline.headlines(lambda name: ui.q(name, **p).iloc[0], ctx.cohort)
for row in (figures_six[:3], figures_six[3:]):
    for col, h in zip(st.columns(3), row):
        ui.metric(col, h.label, h.value, h.change, border=True,
                  help=ui.cohort_help(ctx, h.query) if h.key in headline.RATES else ui.doc(h.query))
        if h.detail:
            col.caption(h.detail)

ui.definition("new_signed_projects", "signed_amount", "funds_arrived", "contract_to_start_rate",
              "fund_arrival_rate", "rate_cohort_window", "visits")

period_label = ctx.period.label(i18n.lang())
left, right = st.columns([3, 2])
with left:
    trend = ui.q("quarterly_trend", **p)
    ui.chart(ui.figure(figures.quarterly_trend, trend, t("cockpit.trend")), key="cockpit_trend")
with right:
    by_chain = ui.q("chain_summary", **p)
    ui.chart(ui.figure(figures.chain_bars, by_chain, t("cockpit.by_chain", period=period_label), i18n.name_col()),
             key="cockpit_by_chain")

# -- which chains lead or lag on the two rates ---------------------------------------------------
st.subheader(t("cockpit.rates_by_chain", period=period_label, cohort=ctx.cohort.label()))
ranked = ui.q("rates_by_group", **p, group="chain")
targets = ui.q("rate_targets", **p).set_index("metric")["value"].astype(float).to_dict()
left, right = st.columns(2)
with left:
    ui.chart(ui.figure(figures_rates.rate_ranking, ranked, "contract_to_start_rate", t("rates.rank_start"), i18n.name_col(),
                                        targets.get("contract_to_start_rate")), key="cockpit_rank_start")
with right:
    ui.chart(ui.figure(figures_rates.rate_ranking, ranked, "fund_arrival_rate", t("rates.rank_arrival"), i18n.name_col(),
                                        targets.get("fund_arrival_rate")), key="cockpit_rank_arrival")

st.subheader(t("cockpit.top_projects", period=period_label))
top = ui.q("top_projects", **p, limit=10)
if top.empty:
    st.info(t("chrome.empty"))
else:
    # a list of projects: amounts in 万元 (the app's money rule, zsgt/fmt.py). A plain table (HTML):
    # its text wraps, so every column stays on screen at 1280 px, and the meeting mode's type applies
    money = [fmt.with_unit(t("col.contract_wan"), t("unit.wan")), fmt.with_unit(t("col.arrived_wan"), t("unit.wan"))]
    table = top.assign(
        stage=top["stage"].map(lambda s: i18n.label("stage", s)),
        signed=top["signed_date"].map(lambda d: d.strftime("%Y-%m-%d") if d == d and d is not None else fmt.DASH),
        contract=top["contract_amount_wan"].map(fmt.wan), arrived=top["funds_arrived_wan"].map(fmt.wan),
    )[["name_zh", "company_zh", f"chain_{i18n.lang()}", "stage", "signed", "contract", "arrived",
       f"department_{i18n.lang()}"]]
    table.columns = [t("col.project"), t("col.company"), t("col.chain"), t("col.stage"), t("col.signed_date"),
                     *money, t("col.department")]
    st.table(table.style.set_properties(subset=money, **{"text-align": "right"}), hide_index=True)

# -- the red list: landing-service tasks overdue now ----------------------------------------------
st.subheader(t("cockpit.overdue"))
overdue = ui.q("overdue_tasks", **p)
for row in overdue.itertuples(index=False):
    st.markdown("- " + t("cockpit.overdue_detail", list=i18n.label("list", row.list), due=row.due_in_period,
                                                   overdue=row.overdue, open=row.open_overdue))
red = ui.q("supervision_tasks", **p, show="current", list="red", status="overdue", project=None, limit=8, offset=0)
if not red.empty:
    dep_col = "department_en" if i18n.lang() == "en" else "department_zh"
    ui.project_table(
        red.assign(name_zh=red["project_zh"]), key="cockpit_red", highlight=red["is_overdue"],
        columns=["title", "name_zh", dep_col, "due_date", "days_overdue"],
        column_config={"title": t("col.task"), "name_zh": t("col.project"), dep_col: t("col.department"),
                       "due_date": st.column_config.DateColumn(t("col.due")),
                       "days_overdue": st.column_config.NumberColumn(t("col.days_overdue"), format="%d")})
    st.markdown(f"[{t('cockpit.all_tasks')}]({ui.page_url('/supervision')})")
