"""走访：请进来 · 走出去 — visits by direction, leading official, department, chain and quarter; every
count is the visits query's definition (visits_by groups add up to it)."""

import streamlit as st

from zsgt import figures_projects, i18n, ui
from zsgt.i18n import t

ctx = ui.page("visits.title")
p = ctx.params()
name = i18n.name_col()
st.caption(t("visits.caption", period=ctx.period.label(i18n.lang()), scope=ctx.scope_label, as_of=ctx.as_of))

v = ui.q("visits", **p).iloc[0]
unit = t("unit.visits")
yoy = None if str(v["yoy"]) in ("nan", "None", "<NA>") else t("fmt.yoy", v=f"{float(v['yoy']) * 100:+.2f}%")
cols = st.columns(5)
cols[0].metric(t("visits.total"), f"{int(v['value'])} {unit}".strip(), yoy, help=ui.doc("visits"), border=True)
cols[1].metric(t("visits.inbound"), f"{int(v['inbound'])} {unit}".strip(), border=True)
cols[2].metric(t("visits.outbound"), f"{int(v['outbound'])} {unit}".strip(), border=True)
cols[3].metric(t("visits.principal"), f"{int(v['outbound_principal'])} {unit}".strip(), border=True)
cols[4].metric(t("visits.city_leader"), f"{int(v['outbound_city_leader'])} {unit}".strip(), border=True)
ui.definition("visits", "visits_by")

left, right = st.columns(2)
with left:
    by_quarter = ui.q("visits_by", **p, by="quarter")
    ui.chart(figures_projects.visits_bars(by_quarter, t("visits.by_quarter"), by_quarter["key"].tolist()),
             key="visits_quarter")
with right:
    by_leader = ui.q("visits_by", **p, by="leader_level")
    ui.chart(figures_projects.visits_bars(by_leader, t("visits.by_leader"),
                                          [i18n.label("leader_level", k) for k in by_leader["key"]]),
             key="visits_leader")
left, right = st.columns(2)
with left:
    by_dep = ui.q("visits_by", **p, by="department")
    ui.chart(figures_projects.visits_bars(by_dep, t("visits.by_department"), by_dep[name].tolist(), horizontal=True),
             key="visits_department")
with right:
    by_chain = ui.q("visits_by", **p, by="chain")
    labels = [t("visits.no_chain") if k is None else n for k, n in zip(by_chain["key"], by_chain[name])]
    ui.chart(figures_projects.visits_bars(by_chain, t("visits.by_chain"), labels, horizontal=True), key="visits_chain")
