"""奖补兑现 — the incentives: referrer rewards by the tiers of data/assessment.toml (capped at 30 万元 a
referral) for the projects with a referrer, and the special support fund's use against its yearly
amount."""

import streamlit as st

from zsgt import assessment, figures_review, fmt, i18n, maps, ui
from zsgt.i18n import t

ctx = ui.page("incent.title")
try:
    method = assessment.load_method()
except assessment.MethodError as exc:
    ui.fail(t("assess.method_error", error=exc))
p = ctx.params()
period_label = ctx.period.label(i18n.lang())
st.caption(t("incent.caption", period=period_label, scope=ctx.scope_label, as_of=ctx.as_of, method=method.reward_title))

# -- referrer rewards ---------------------------------------------------------------------------------
st.subheader(t("incent.referrer"))
tiers = i18n.join((t("incent.tier", min=f"{tier.min_wan:,.0f}", reward=f"{tier.reward_wan:g}") for tier in method.tiers),
                  "clause")
st.caption(t("incent.referrer_rule", cap=f"{method.reward_cap_wan:g}", tiers=tiers,
             started=t("incent.referrer_started") if method.require_started else ""))
rp = {**p, **assessment.reward_params(method)}
page = ui.page_of(lambda limit, offset: ui.q("referrer_projects", **rp, limit=limit, offset=offset),
                  "incent_rewards_page", reset_on=(ctx.period, ctx.as_of, ctx.scope))
rewards = page.rows
# the counts and sums are the query's, over every referral (not the page shown)
payable_wan, pending_wan = ((float(rewards[c].iloc[0]) for c in ("payable_wan", "pending_wan")) if len(rewards)
                            else (0.0, 0.0))
cols = st.columns(3)
cols[0].metric(t("incent.kpi_referrals"), f"{fmt.count(page.total)} {t('unit.projects')}", border=True)
cols[1].metric(t("incent.kpi_due"), f"{payable_wan:,g} {t('unit.wan')}", border=True)
cols[2].metric(t("incent.kpi_pending"), f"{pending_wan:,g} {t('unit.wan')}", border=True)
if rewards.empty:
    st.info(t("incent.none"))
else:
    REWARD_COLUMNS = ["referrer", "name_zh", "company_zh", "chain", "signed_date", "actual_start_date", "fixed_asset_wan",
                      "reward_wan", "status"]
    REWARD_CONFIG = {
        "referrer": t("incent.col.referrer"), "name_zh": t("targets.col.project"),
        "company_zh": t("targets.col.company"), "chain": t("targets.col.chain"),
        "signed_date": st.column_config.DateColumn(t("targets.col.signed_date"), format="YYYY-MM-DD"),
        "actual_start_date": st.column_config.DateColumn(t("targets.col.start_date"), format="YYYY-MM-DD"),
        "fixed_asset_wan": ui.wan_column(t("incent.col.fixed_asset")),
        "reward_wan": st.column_config.NumberColumn(t("incent.col.reward"), format="%g"),
        "status": t("incent.col.status")}

    def reward_words(frame):
        return frame.assign(chain=frame[f"chain_{i18n.lang()}"], status=frame["status"].map(lambda s: t(f"incent.{s}")))

    ui.pager(page, "incent_rewards_page")
    # on screen without the company and the signing date (in the export), so every column fits
    ui.table(reward_words(rewards), column_order=[c for c in REWARD_COLUMNS if c not in ("company_zh", "signed_date")],
             column_config=REWARD_CONFIG)
    ui.export_list(ctx, ui.q_stream("referrer_projects", **rp, limit=None, offset=0),
                   ui.headers(REWARD_CONFIG, REWARD_COLUMNS), title=t("incent.referrer"),
                   key="incent_rewards_export", rows=page.total, prepare=reward_words)

# -- the special support fund -------------------------------------------------------------------------
st.subheader(t("incent.special", yearly=f"{maps.SPECIAL_FUND_YEARLY_WAN:,}"))
years = ui.q("special_fund_by_year", **p, yearly_wan=maps.SPECIAL_FUND_YEARLY_WAN)
chosen = years[years["is_chosen_year"]]
if not chosen.empty:
    row = chosen.iloc[0]
    st.metric(t("incent.special_kpi", year=int(row["year"])), f"{fmt.wan(row['committed_wan'])} {t('unit.wan')}",
              border=True)
    st.caption(t("incent.special_share", share=fmt.pct(row["committed_share"], 1), projects=int(row["projects"])))
ui.chart(ui.figure(figures_review.special_fund_bars, years, t("incent.special_chart")),
         key="incent_special")
ui.definition("referrer_projects", "special_fund_by_year")
