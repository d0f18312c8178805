"""投资机会清单 — the investment-opportunity list: search and filter (in SQL), then export the filtered
list to CSV or Excel with Chinese headers."""

import streamlit as st

from zsgt import export, fmt, i18n, maps, ui
from zsgt.i18n import t

ctx = ui.page("opportunities.title", show_period=False)
scope = ctx.scope.params()
ALL = "__all__"


def choices(options, facet: str) -> tuple[list[str], dict[str, str]]:
    rows = options[options["facet"] == facet]
    labels = dict(zip(rows["option_id"], rows["label_en" if i18n.lang() == "en" else "label_zh"]))
    return [ALL, *labels], {ALL: t("opportunities.any"), **labels}


options = ui.q("opportunity_options", **scope, chain_id=None)
rng = options[options["facet"] == "range"]
lo = float(rng["min_wan"].iloc[0]) if not rng.empty and rng["min_wan"].notna().iloc[0] else 0.0
hi = float(rng["max_wan"].iloc[0]) if not rng.empty and rng["max_wan"].notna().iloc[0] else 0.0

c1, c2, c3, c4 = st.columns(4)
chain_ids, chain_labels = choices(options, "chain")
if ctx.scope.kind == "chain":
    chain_ids = [ctx.scope.id]
    chain_labels = {ctx.scope.id: ctx.scope_label}
chain = ui.kept(c1.selectbox, t("col.chain"), chain_ids, format_func=chain_labels.get, key="opp_chain", default=ALL)
chain_id = None if chain == ALL else chain
node_options = ui.q("opportunity_options", **scope, chain_id=chain_id)
node_ids, node_labels = choices(node_options, "node")
node = ui.kept(c2.selectbox, t("opp.col.node"), node_ids, format_func=node_labels.get, key="opp_node", default=ALL)
park_ids, park_labels = choices(options, "park")
park = ui.kept(c3.selectbox, t("col.park"), park_ids, format_func=park_labels.get, key="opp_park", default=ALL)
res_ids, res_labels = choices(options, "resource")
resource = ui.kept(c4.selectbox, t("opp.col.resource"), res_ids, format_func=res_labels.get, key="opp_resource",
                   default=ALL)

s1, s2 = st.columns([2, 3])
search = ui.kept(s1.text_input, t("opportunities.search"), key="opp_search", default="",
                 placeholder=t("opportunities.search_hint"))
if hi > lo:
    low, high = ui.kept(s2.slider, t("opportunities.range"), min_value=lo, max_value=hi, default=(lo, hi), step=1000.0,
                        format="%.0f", key="opp_range")
else:
    low, high = lo, hi

found = ui.q("opportunity_list", **scope, chain_id=chain_id, node_id=None if node == ALL else node,
             park_id=None if park == ALL else park, resource_id=None if resource == ALL else resource,
             min_wan=low if hi > lo else None, max_wan=high if hi > lo else None,
             search=search.strip() or None)

if found.empty:
    st.info(t("opportunities.none"))
    st.stop()

total = found["investment_wan"].astype(float).sum()
st.markdown(t("opportunities.found", n=fmt.count(len(found)), total=fmt.yi(total)))
table = maps.opportunity_export_frame(found)
# on screen without the id, the segment and the resource's kind (the export has them), so every column fits
ui.table(table, height=min(35 * (len(table) + 1) + 3, 720),
         column_order=[c for c in table.columns if c not in (t("opp.col.id"), t("opp.col.segment"),
                                                             t("opp.col.resource_kind"))],
         column_config={t("opp.col.investment_wan"): ui.wan_column(t("opp.col.investment_wan"))})
# the file's header block is taken here, in the reader's language (the file is built on another
# thread, only when a button is clicked)
sheet = t("opportunities.title")
kinds = {t("opp.col.investment_wan"): "wan"}
about = export.about(sheet, i18n.lang(), scope=ctx.scope_label, as_of=ctx.as_of, rows=len(table), filters=[
    (t("col.chain"), None if chain == ALL else chain_labels[chain]),
    (t("opp.col.node"), None if node == ALL else node_labels[node]),
    (t("col.park"), None if park == ALL else park_labels[park]),
    (t("opp.col.resource"), None if resource == ALL else res_labels[resource]),
    (t("opportunities.range"), f"{low:,.0f} – {high:,.0f}" if hi > lo and (low, high) != (lo, hi) else None),
    (t("export.search"), search.strip())])
ui.export_buttons(lambda: table, name="投资机会清单", key="opp_export", stamp=ctx.as_of, rows=len(table),
                  kinds=kinds, about=about, sheet=sheet)
ui.definition("opportunity_list")
