"""产业链招商图谱 — the industry-chain map: all chains at a glance, one chain in depth, and for a picked
node everything that could close its gap (local companies, projects, target companies, opportunities,
funds)."""

import streamlit as st

from zsgt import figures_maps, fmt, i18n, maps, ui
from zsgt.i18n import t

ctx = ui.page("chain_map.title")
p = ctx.params()
TH = maps.STATUS_THRESHOLDS
period_label = ctx.period.label(i18n.lang())
name = i18n.name_col()
st.caption(t("cockpit.caption", period=period_label, scope=ctx.scope_label, as_of=ctx.as_of))
st.info(maps.status_rule(TH))

GRID, DIAGRAM, CHAIN = "chain_map_grid", "chain_map_diagram", "chain_map_chain"


def node_key(chain_id: str) -> str:
    return f"chain_map_node_{chain_id}"


def picked(chart_key: str) -> list:
    """customdata of the point clicked on a chart (empty when nothing is picked)."""
    state = st.session_state.get(chart_key)
    points = (state or {}).get("selection", {}).get("points", []) if state else []
    for point in points:
        data = point.get("customdata")
        if data:
            return list(data) if isinstance(data, (list, tuple)) else [data]
    return []


def on_grid_pick() -> None:
    data = picked(GRID)
    if len(data) == 2:
        st.session_state[CHAIN] = data[0]
        st.session_state[node_key(data[0])] = data[1]


def on_diagram_pick() -> None:
    data = picked(DIAGRAM)
    chain_id = st.session_state.get(CHAIN)
    if data and chain_id:
        st.session_state[node_key(chain_id)] = data[0]


# -- all chains at once ------------------------------------------------------------------------
st.header(t("chain_map.overview"))
all_nodes = ui.q("chain_node_status", **p, chain_id=None, **TH)
ui.chart(ui.figure(figures_maps.chain_grid, all_nodes, t("chain_map.grid_title", period=period_label), TH, name,
                                 "chain_en" if name == "name_en" else "chain_zh"),
         key=GRID, on_select=on_grid_pick, selection_mode="points")
st.caption(t("chain_map.grid_hint"))

overview = ui.q("chain_overview", **p, **TH)
money = ui.q("chain_summary", **p)
if not overview.empty:
    st.markdown("**" + t("chain_map.table_title", period=period_label) + "**")
    table = overview.merge(money[["chain_id", "signed_amount_wan", "funds_arrived_wan"]], on="chain_id", how="left")
    table = table.assign(signed_yi=table["signed_amount_wan"].astype(float) / fmt.WAN_PER_YI,
                         arrived_yi=table["funds_arrived_wan"].astype(float) / fmt.WAN_PER_YI)
    # the chain's leader and its number of nodes (strong + weak + missing) are in "one chain in depth"
    # below, so that every column fits a projector's width
    ui.table(
        table[[name, f"lead_department_{i18n.lang()}", "strong", "weak", "missing", "signed_yi",
               "arrived_yi", "open_targets", "opportunities"]],
        hide_index=True, width="stretch",
        column_config={
            name: t("col.chain"), "leader_zh": t("chain_map.col.leader"),
            f"lead_department_{i18n.lang()}": t("chain_map.col.lead_department"), "nodes": t("chain_map.col.nodes"),
            "strong": t("chain_map.col.strong"), "weak": t("chain_map.col.weak"),
            "missing": t("chain_map.col.missing"),
            "signed_yi": ui.yi_column(t("chain_map.kpi.signed_yi")),
            "arrived_yi": ui.yi_column(t("chain_map.kpi.arrived_yi")),
            "open_targets": t("chain_map.col.open_targets"), "opportunities": t("chain_map.col.opportunities"),
        },
    )
ui.definition("chain_node_status", "chain_overview", "chain_summary")


def company_words(frame):
    return frame.assign(ownership=frame["ownership"].map(lambda v: i18n.label("ownership", v)),
                        size=frame["size"].map(lambda v: i18n.label("size", v)))


def project_words(frame):
    return frame.assign(stage=frame["stage"].map(lambda v: i18n.label("stage", v)),
                        operating=frame["is_operating"].map(lambda v: t("chain_map.yes") if v else ""))


def target_words(frame):
    return frame.assign(priority=frame["priority"].map(lambda v: i18n.label("priority", v)),
                        status=frame["status"].map(lambda v: i18n.label("status", v)))


# -- one chain in depth --------------------------------------------------------------------------
# A fragment: picking a chain or a node, or paging one of the node's lists, reruns this part alone; the
# grid and the table above (every chain, the largest figure of the page) stay as they are drawn. A
# change of period, scope or language, or a click on the grid, reruns the whole page.
@st.fragment
def one_chain(all_nodes, overview, money) -> None:
    ui.resume(ctx)
    st.header(t("chain_map.one_chain"))
    chains = ui.q("chains", **ctx.scope.params())
    if chains.empty:
        ui.fail(t("chrome.empty"))
    chain_names = dict(zip(chains["chain_id"], chains[name]))
    if ctx.scope.kind == "chain":
        st.session_state[CHAIN] = ctx.scope.id
    chain_id = ui.kept(st.selectbox, t("chain_map.pick_chain"), list(chain_names), key=CHAIN, param="cm_chain",
                       default=next(iter(chain_names)), format_func=chain_names.get, disabled=ctx.scope.kind == "chain",
                       help=t("chain_map.pick_chain_help") if ctx.scope.kind == "chain" else None)
    chain = chains[chains["chain_id"] == chain_id].iloc[0]
    st.markdown(t("chain_map.responsible", leader=chain["leader_zh"] or "—", department=chain[f"lead_department_{i18n.lang()}"]))

    # the chain's rows of the grid's query above, not the same query run again for one chain
    nodes = all_nodes[all_nodes["chain_id"] == chain_id].reset_index(drop=True)
    links = ui.q("chain_link_list", chain_id=chain_id, **ctx.scope.params())
    row = overview[overview["chain_id"] == chain_id]
    mrow = money[money["chain_id"] == chain_id]
    cols = st.columns(6)
    if not row.empty:
        r = row.iloc[0]
        cols[0].metric(t("chain_map.col.strong"), f"{int(r['strong'])} / {int(r['nodes'])}", border=True)
        cols[1].metric(t("chain_map.col.weak"), int(r["weak"]), border=True)
        cols[2].metric(t("chain_map.col.missing"), int(r["missing"]), border=True)
        cols[5].metric(t("chain_map.col.open_targets"), fmt.count(r["open_targets"]), border=True,
                       help=t("chain_map.open_targets_help"))
    if not mrow.empty:
        m = mrow.iloc[0]
        cols[3].metric(t("chain_map.kpi.signed_yi"), fmt.yi(m["signed_amount_wan"]), border=True,
                       help=ui.doc("signed_amount"))
        cols[4].metric(t("chain_map.kpi.arrived_yi"), fmt.yi(m["funds_arrived_wan"]), border=True,
                       help=ui.doc("funds_arrived"))

    key = node_key(chain_id)
    node_ids = list(nodes["node_id"])
    missing = nodes[nodes["status"] == "missing"]
    first_node = (missing["node_id"].iloc[0] if not missing.empty else node_ids[0]) if node_ids else None
    selected = ui.restore(key, node_ids, default=first_node, param="cm_node")
    ui.chart(ui.figure(figures_maps.chain_diagram, nodes, links, t("chain_map.diagram_title", chain=chain_names[chain_id]),
                                        TH, selected=selected, name_col=name),
             key=DIAGRAM, on_select=on_diagram_pick, selection_mode="points")
    st.caption(t("chain_map.diagram_hint"))

    # -- the picked node: everything that can close its gap ---------------------------------------
    if not node_ids:
        st.info(t("chain_map.no_nodes"))
        return
    node_names = dict(zip(nodes["node_id"], nodes[name]))
    seg_of = dict(zip(nodes["node_id"], nodes["segment"]))
    status_of = dict(zip(nodes["node_id"], nodes["status"]))
    node_id = ui.kept(st.selectbox, t("chain_map.pick_node"), node_ids, key=key, param="cm_node", default=first_node,
                      format_func=lambda n: f"{i18n.label('segment', seg_of[n])} · {node_names[n]}"
                                            + i18n.paren(i18n.label('node_status', status_of[n])))
    n = nodes[nodes["node_id"] == node_id].iloc[0]
    st.subheader(t("chain_map.node_title", node=node_names[node_id], status=i18n.label("node_status", n["status"])))
    st.markdown(t("chain_map.node_summary", local=fmt.count(n["local_companies"]), op=fmt.count(n["operating_projects"]),
                  pipe=fmt.count(n["pipeline_projects"]), targets=fmt.count(n["open_targets"]), opps=fmt.count(n["opportunities"]),
                  invested=fmt.yi(n["invested_wan"])))

    def node_list(query: str, params: dict, *, key: str, title_key: str, none_key: str, words, config: dict) -> None:
        """One of the node's lists: a page of it (ui.paged: the count of every row and a page picker when
        it is long), and all of it in the CSV/Excel export, read in batches when a button is clicked."""
        st.markdown("**" + t(title_key) + "**")
        rows, total = ui.paged(lambda limit, offset: ui.q(query, **params, limit=limit, offset=offset), key=key,
                               reset_on=(node_id, ctx.period, ctx.as_of))
        if rows.empty:
            st.write(t(none_key))
            return
        columns = list(config)
        ui.table(words(rows)[columns], hide_index=True, width="stretch", share=0.5, column_config=config)
        ui.export_list(ctx, ui.q_stream(query, **params, limit=None, offset=0), ui.headers(config, columns),
                       title=f"{node_names[node_id]} · {t(title_key)}", key=f"{key}_export", rows=total, prepare=words)

    left, right = st.columns(2)
    with left:
        node_list("chain_node_companies", {"node_id": node_id, **ctx.scope.params()}, key="cm_companies_page",
                  title_key="chain_map.local_companies", none_key="chain_map.none_local", words=company_words,
                  config={"name_zh": t("col.company"), "ownership": t("chain_map.col.ownership"),
                          "size": t("chain_map.col.size")})
        node_list("chain_node_projects", {"node_id": node_id, **p}, key="cm_projects_page",
                  title_key="chain_map.projects", none_key="chain_map.none_projects", words=project_words,
                  config={"name_zh": t("col.project"), "stage": t("col.stage"),
                          "operating": t("chain_map.col.operating"),
                          "contract_amount_wan": ui.wan_column(t("chain_map.col.contract_wan")),
                          "fund_zh": t("chain_map.col.fund")})
    with right:
        ui.undated_targets_note(ctx.scope)
        # place and department: the target list
        node_list("chain_node_targets", {"node_id": node_id, "as_of": ctx.as_of, **ctx.scope.params()},
                  key="cm_targets_page", title_key="chain_map.targets", none_key="chain_map.none_targets",
                  words=target_words,
                  config={"name_zh": t("col.company"), "priority": t("chain_map.col.priority"),
                          "status": t("chain_map.col.target_status"),
                          "last_contact_date": st.column_config.DateColumn(t("chain_map.col.last_contact"))})
        node_list("chain_node_opportunities", {"node_id": node_id, **ctx.scope.params()}, key="cm_opps_page",
                  title_key="chain_map.opportunities", none_key="chain_map.none_opportunities", words=lambda f: f,
                  config={"name_zh": t("chain_map.col.opportunity"), "park_zh": t("col.park"),
                          "resource_zh": t("opp.col.resource"),
                          "investment_wan": ui.wan_column(t("opp.col.investment_wan"))})
        st.markdown("**" + t("chain_map.funds", chain=chain_names[chain_id]) + "**")
        funds = ui.q("chain_funds", chain_id=chain_id, **p)
        if funds.empty:
            st.write(t("chain_map.none_funds"))
        else:
            ui.table(funds.assign(kind=funds["kind"].map(lambda v: i18n.label("fund_kind", v)),
                                      invested_yi=funds["invested_wan"].astype(float) / fmt.WAN_PER_YI)
                         [["name_zh", "projects", "invested_yi"]],  # each fund's kind: the fund map
                         hide_index=True, width="stretch", share=0.5,
                         column_config={"name_zh": t("funds.col_fund"), "kind": t("funds.col_kind"),
                                        "projects": t("chain_map.col.backed_projects"),
                                        "invested_yi": ui.yi_column(t("chain_map.col.fund_invested_yi"))})
    ui.definition("chain_node_companies", "chain_node_projects", "chain_node_targets", "chain_node_opportunities",
                  "chain_funds")


one_chain(all_nodes, overview, money)
