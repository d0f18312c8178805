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
    ui.chart(ui.figure(figures_projects.visits_bars, by_quarter, t("visits.by_quarter"), by_quarter["key"].tolist()),
             key="visits_quarter")
with right:
    by_leader = ui.q("visits_by", **p, by="leader_level")
    ui.chart(ui.figure(figures_projects.visits_bars, by_leader, t("visits.by_leader"),
                                          [i18n.label("leader_level", k) for k in by_leader["key"]]),
             key="visits_leader")
left, right = st.columns(2)
with left:
    by_dep = ui.q("visits_by", **p, by="department")
    ui.chart(ui.figure(figures_projects.visits_bars, by_dep, t("visits.by_department"), by_dep[name].tolist(), horizontal=True),
             key="visits_department")
with right:
    by_chain = ui.q("visits_by", **p, by="chain")
    labels = [t("visits.no_chain") if k is None else n for k, n in zip(by_chain["key"], by_chain[name])]
    ui.chart(ui.figure(figures_projects.visits_bars, by_chain, t("visits.by_chain"), labels, horizontal=True), key="visits_chain")

# -- the visits themselves: filter, page, export ---------------------------------------------------------
st.subheader(t("visits.list"))
f1, f2, _ = st.columns([1, 1, 2])
directions = {None: t("visits.any"), **{c: i18n.label("direction", c) for c in i18n.ENUMS["direction"]}}
leaders = {None: t("visits.any"), **{c: i18n.label("leader_level", c) for c in i18n.ENUMS["leader_level"]}}
direction = f1.selectbox(t("visits.direction_filter"), list(directions), format_func=directions.get,
                         key="visits_list_direction")
leader = f2.selectbox(t("visits.leader_filter"), list(leaders), format_func=leaders.get, key="visits_list_leader")
visits, n = ui.paged(lambda limit, offset: ui.q("visit_list", **p, direction=direction, leader_level=leader,
                                                limit=limit, offset=offset), key="visits_list_page")
st.caption(t("visits.list_caption", n=n, as_of=ctx.as_of))
VISIT_COLUMNS = ["activity_date", "direction", "leader_level", "department", "counterpart", "chain"]
VISIT_CONFIG = {"activity_date": st.column_config.DateColumn(t("visits.col.date"), format="YYYY-MM-DD"),
                "direction": t("visits.col.direction"), "leader_level": t("visits.col.leader"),
                "department": t("visits.col.department"), "counterpart": t("visits.col.counterpart"),
                "chain": t("visits.col.chain")}


def visit_words(frame):
    """Visits as listed: codes in words, names in the reader's language."""
    return frame.assign(direction=frame["direction"].map(lambda v: i18n.label("direction", v)),
                        leader_level=frame["leader_level"].map(lambda v: i18n.label("leader_level", v)),
                        department=frame[f"department_{i18n.lang()}"], chain=frame[f"chain_{i18n.lang()}"])


if visits.empty:
    st.info(t("chrome.empty"))
else:
    ui.table(visit_words(visits), column_order=VISIT_COLUMNS, column_config=VISIT_CONFIG)
    ui.export_list(ctx, ui.q_later("visit_list", **p, direction=direction, leader_level=leader, limit=None, offset=0),
                   ui.headers(VISIT_CONFIG, VISIT_COLUMNS), title=t("visits.list"), key="visits_export", rows=n,
                   prepare=visit_words, filters=[(t("visits.direction_filter"), directions[direction] if direction else None),
                                                 (t("visits.leader_filter"), leaders[leader] if leader else None)])
ui.definition("visit_list")
