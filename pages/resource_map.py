"""资源招商图谱 — the resource map: what the city has (with quantities), how each resource feeds the
chains and their projects (a Sankey), and where parks and resources lie (an offline map)."""

import streamlit as st

from zsgt import figures_maps, fmt, i18n, maps, ui
from zsgt.i18n import t

ctx = ui.page("resource_map.title")
p = ctx.params()
scope = ctx.scope.params()
period_label = ctx.period.label(i18n.lang())
st.caption(t("cockpit.caption", period=period_label, scope=ctx.scope_label, as_of=ctx.as_of))

# -- what the city has --------------------------------------------------------------------------
st.header(t("resource_map.what"))
resources = ui.q("resource_list", **scope)
parks = ui.q("park_land", **p)
left, right = st.columns([3, 2])
with left:
    if resources.empty:
        st.info(t("resource_map.no_resources"))
    else:
        kinds = resources["kind"].map(lambda k: i18n.label("resource_kind", k))
        ui.table(
            resources.assign(kind=kinds, amount=[figures_maps.quantity_text(q, u) for q, u in
                                                 zip(resources["quantity"], resources["unit"])])
            [["kind", "name_zh", "amount", "park_zh", "chains_zh"]].fillna(""),
            hide_index=True, width="stretch", height=min(36 * (len(resources) + 1) + 4, 700), share=0.6,
            column_config={"kind": t("resource_map.col.kind"), "name_zh": t("resource_map.col.resource"),
                           "amount": t("resource_map.col.amount"), "park_zh": t("col.park"),
                           "chains_zh": t("resource_map.col.chains")})
with right:
    ui.chart(ui.figure(figures_maps.park_land_bars, parks, t("resource_map.land_title"), i18n.name_col()),
             key="resource_map_land")
    st.caption(t("resource_map.land_caption", n=fmt.count(parks["projects"].sum()) if not parks.empty else 0,
                 as_of=ctx.as_of))

# -- how each resource feeds the chains ---------------------------------------------------------
st.header(t("resource_map.flows"))
kind_codes = [None, "mineral", "energy", "land", "byproduct", "water", "logistics", "tourism"]
kind = ui.kept(st.segmented_control, t("resource_map.pick_kind"), kind_codes, key="resource_map_kind",
               format_func=lambda k: t("resource_map.all_kinds") if k is None else i18n.label("resource_kind", k))
flows = ui.q("resource_flows", **p, kind=kind, top_projects=maps.RESOURCE_TOP_PROJECTS)
with_projects = kind is not None  # every resource at once is legible only without the project column
title = t("resource_map.sankey_title" if with_projects else "resource_map.sankey_title_all", as_of=ctx.as_of)
ui.chart(ui.figure(figures_maps.resource_sankey, flows, title, with_projects=with_projects), key="resource_map_sankey")
st.caption(t("resource_map.sankey_caption", top=maps.RESOURCE_TOP_PROJECTS) if with_projects
           else t("resource_map.sankey_caption_all"))
empty = flows[flows["link"] == "resource_node_empty"] if not flows.empty else flows
if not empty.empty:
    pairs = i18n.join((f"{i18n.pick(r, 'source')} → {i18n.pick(r, 'target')}" for r in empty.itertuples(index=False)),
                      "clause")
    st.warning(t("resource_map.unused", pairs=pairs))
ui.definition("resource_list", "resource_flows", "park_land")

# -- where things are ------------------------------------------------------------------------------
st.header(t("resource_map.where"))
places = ui.q("map_places", **scope)
ui.chart(ui.figure(figures_maps.resource_map, places, t("resource_map.map_title")), key="resource_map_map")
st.caption(t("resource_map.map_caption"))
