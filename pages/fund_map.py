"""基金招商图谱 — the fund map: each fund's size, money invested and leverage; fund money flowing to
chains and projects; fund-backed vs other projects on the two rates; the yearly special fund."""

import streamlit as st

from zsgt import figures_maps, fmt, i18n, maps, ui
from zsgt.i18n import t

ctx = ui.page("fund_map.title", rates=True)
p = ctx.params()
period_label = ctx.period.label(i18n.lang())
st.caption(t("cockpit.caption", period=period_label, scope=ctx.scope_label, as_of=ctx.as_of))

# -- the funds ------------------------------------------------------------------------------------
st.header(t("fund_map.funds"))
funds = ui.q("fund_overview", **p)
if funds.empty:
    st.info(t("fund_map.no_funds"))
else:
    totals = funds[funds["kind"] != "special"]
    cols = st.columns(3)
    cols[0].metric(t("fund_map.kpi.size"), f"{fmt.yi(totals['size_wan'].astype(float).sum())} {t('unit.yi')}",
                   border=True)
    cols[1].metric(t("fund_map.kpi.invested"), f"{fmt.yi(totals['invested_wan'].astype(float).sum())} {t('unit.yi')}",
                   border=True)
    invested = float(totals["invested_wan"].astype(float).sum())
    contract = float(totals["backed_contract_wan"].astype(float).sum())
    cols[2].metric(t("fund_map.kpi.leverage"), f"1 : {contract / invested:.1f}" if invested else "—", border=True,
                   help=t("fund_map.kpi.leverage_help"))
    ui.chart(ui.figure(figures_maps.fund_bars, funds, t("fund_map.bars_title", as_of=ctx.as_of)), key="fund_map_bars")
    ui.table(
        funds.assign(kind=funds["kind"].map(lambda v: i18n.label("fund_kind", v)),
                     size_yi=funds["size_wan"].astype(float) / fmt.WAN_PER_YI,
                     invested_yi=funds["invested_wan"].astype(float) / fmt.WAN_PER_YI,
                     share=funds["deployed_share"].astype(float) * 100,
                     contract_yi=funds["backed_contract_wan"].astype(float) / fmt.WAN_PER_YI,
                     leverage=[t("fund_map.col.no_leverage") if k == "special" else
                               ("—" if v is None or v != v else f"1 : {float(v):.1f}")
                               for k, v in zip(funds["kind"], funds["leverage"])])
        [["name_zh", "kind", "size_yi", "invested_yi", "share", "projects", "contract_yi", "leverage"]],
        hide_index=True, width="stretch",
        column_config={
            "name_zh": t("funds.col_fund"), "kind": t("funds.col_kind"),
            "size_yi": ui.yi_column(t("fund_map.col.size_yi")),
            "invested_yi": ui.yi_column(t("fund_map.col.invested_yi")),
            "share": st.column_config.NumberColumn(t("fund_map.col.share"), format="%.1f%%"),
            "projects": t("chain_map.col.backed_projects"),
            "contract_yi": ui.yi_column(t("fund_map.col.contract_yi")),
            "leverage": t("funds.fig.leverage"),
        })

# -- money flowing fund → chain → project in the period ----------------------------------------------
st.header(t("fund_map.flows", period=period_label))
# the Sankey's rows bounded in the database: the largest funds and projects, the rest summed as "other"
flows = ui.q("fund_sankey", **p, most=figures_maps.SANKEY_COLUMN_NODES)
ui.chart(ui.figure(figures_maps.fund_sankey, flows, t("fund_map.sankey_title", period=period_label)), key="fund_map_sankey")
if not flows.empty and int(flows["projects_other"].iloc[0]):
    n_projects, rest = int(flows["projects_total"].iloc[0]), int(flows["projects_other"].iloc[0])
    st.caption(t("paging.sankey_left_out", shown=n_projects - rest, rest=f"{rest:,}", n=f"{n_projects:,}"))
FLOW_CONFIG = {
    "project_zh": t("col.project"), "chain_zh": t("col.chain"), "stage": t("col.stage"),
    "fund_zh": t("funds.col_fund"),
    "amount_wan": ui.wan_column(t("fund_map.col.amount_wan")),
    "invested_date": st.column_config.DateColumn(t("fund_map.col.invested_date")),
    "contract_amount_wan": ui.wan_column(t("chain_map.col.contract_wan")),
}


def flow_words(frame):
    return frame.assign(stage=frame["stage"].map(lambda v: i18n.label("stage", v)))


listed, n_flows = ui.paged(lambda limit, offset: ui.q("fund_flows", **p, limit=limit, offset=offset),
                           key="fund_flows_page", reset_on=(ctx.period, ctx.as_of, ctx.scope))
if not listed.empty:
    ui.table(flow_words(listed)[list(FLOW_CONFIG)], hide_index=True, width="stretch", column_config=FLOW_CONFIG)
    ui.export_list(ctx, ui.q_stream("fund_flows", **p, limit=None, offset=0), ui.headers(FLOW_CONFIG, list(FLOW_CONFIG)),
                   title=t("paging.fund_flows_list"), key="fund_flows_export", rows=n_flows, prepare=flow_words)

# -- fund-backed vs other projects on the two rates --------------------------------------------------
st.header(t("fund_map.rates", period=period_label, cohort=ctx.cohort.label()))
rates = ui.q("rates_by_fund_backing", **p)
left, right = st.columns([3, 2])
with left:
    ui.chart(ui.figure(figures_maps.fund_backing_rates, rates, t("fund_map.rates_title", period=period_label, cohort=ctx.cohort.label())),
             key="fund_map_rates")
with right:
    for r in rates.itertuples(index=False):
        label = t("funds.backed" if r.fund_backed else "funds.not_backed", n=fmt.count(r.cohort))
        st.markdown(f"**{label}**  \n" + t("fund_map.rates_detail", started=int(r.started), cohort=int(r.cohort),
                                             start=fmt.pct(r.contract_to_start_rate, 1),
                                             arrived=fmt.yi(r.arrived_wan), contract=fmt.yi(r.contract_wan),
                                             arrival=fmt.pct(r.fund_arrival_rate, 1)))
    st.caption(t("fund_map.rates_caption"))
    st.caption(ctx.cohort.definition(ui.cohort_window(ctx)))
ui.definition("fund_overview", "fund_sankey", "fund_flows", "rates_by_fund_backing", "contract_to_start_rate", "fund_arrival_rate",
              "rate_cohort_window")

# -- the yearly special support fund -----------------------------------------------------------------
year = ctx.period.year
st.header(t("fund_map.special", year=year))
special = ui.q("special_fund_by_year", **p, yearly_wan=maps.SPECIAL_FUND_YEARLY_WAN)
chosen = special[special["is_chosen_year"]]
if not chosen.empty:
    c = chosen.iloc[0]
    cols = st.columns(3)
    cols[0].metric(t("fund_map.special.committed", year=year), f"{fmt.wan(c['committed_wan'], 2)} {t('unit.wan')}",
                   border=True)
    cols[1].metric(t("fund_map.special.share"), fmt.pct(c["committed_share"], 1), border=True,
                   help=t("fund_map.special.share_help", v=maps.SPECIAL_FUND_YEARLY_WAN))
    cols[2].metric(t("fund_map.special.projects"), f"{fmt.count(c['projects'])} {t('unit.projects')}", border=True)
ui.chart(ui.figure(figures_maps.special_fund_years, special, t("fund_map.special_title", as_of=ctx.as_of)),
         key="fund_map_special")
ui.definition("special_fund_by_year")
