"""目标企业清单 — the target-company explorer: filter, search (Chinese name, full pinyin, initials), sort
and page in the database, export the whole filtered list, and look one company up."""

import datetime as dt

import streamlit as st

from zsgt import export, fmt, i18n, targets, ui
from zsgt.i18n import t

ctx = ui.page("targets.title")
scope = ctx.scope.params()
st.caption(t("targets.caption", scope=ctx.scope_label, as_of=ctx.as_of))
ui.undated_targets_note(ctx.scope)
name = i18n.name_col()

chains = ui.q("chains", **scope)
departments = ui.q("departments", **scope)
options = ui.q("target_filter_options", **scope)
chain_names = dict(zip(chains["chain_id"], chains[name]))
dep_names = dict(zip(departments["department_id"], departments[name]))

search = ui.kept(st.text_input, t("targets.search"), key="tg_search", default="",
                 placeholder=t("targets.search_placeholder"))


def _codes(enum: str) -> dict[str, str]:
    return {code: i18n.label(enum, code) for code in i18n.ENUMS[enum]}


def _pick(column, label_key: str, labels: dict, key: str) -> list:
    # a filter's choices can shrink (fewer nodes once a chain is picked): ui.kept drops what is no
    # longer offered
    return ui.kept(column.multiselect, t(label_key), list(labels), format_func=labels.get, key=key, default=[],
                   placeholder=t("targets.any"))


with st.expander(t("targets.filters"), expanded=True):
    row1 = st.columns(4)
    sel_chains = _pick(row1[0], "targets.chain", chain_names, "tg_chains")
    nodes = options[options["kind"] == "node"]
    if sel_chains:
        nodes = nodes[nodes["chain_id"].isin(sel_chains)]
    node_names = {code: f"{chain_names.get(chain, chain)} · {label}"
                  for code, chain, label in zip(nodes["code"], nodes["chain_id"], nodes[name])}
    sel_nodes = _pick(row1[1], "targets.node", node_names, "tg_nodes")
    provinces = options.loc[options["kind"] == "province", "code"].tolist()
    sel_provinces = _pick(row1[2], "targets.province", dict(zip(provinces, provinces)), "tg_provinces")
    sel_ownerships = _pick(row1[3], "targets.ownership", _codes("ownership"), "tg_ownerships")
    row2 = st.columns(4)
    sel_sizes = _pick(row2[0], "targets.size", _codes("size"), "tg_sizes")
    sel_priorities = _pick(row2[1], "targets.priority", _codes("priority"), "tg_priorities")
    sel_statuses = _pick(row2[2], "targets.status", _codes("status"), "tg_statuses")
    sel_departments = _pick(row2[3], "targets.department", dep_names, "tg_departments")
    row3 = st.columns(4, vertical_alignment="bottom")
    contact_after = ui.kept(row3[0].date_input, t("targets.contact_after"), value=None, key="tg_after", kind="date",
                            format="YYYY-MM-DD", min_value=dt.date(2000, 1, 1))
    contact_before = ui.kept(row3[1].date_input, t("targets.contact_before"), value=None, key="tg_before",
                             kind="date", format="YYYY-MM-DD", min_value=dt.date(2000, 1, 1))
    sort = ui.kept(row3[2].selectbox, t("targets.sort"), targets.SORTS, key="tg_sort", default=targets.SORTS[0],
                   format_func=lambda s: t(f"targets.sort.{s}"))
    targets_only = ui.kept(row3[3].checkbox, t("targets.targets_only"), key="tg_targets_only", default=True)

flt = targets.TargetFilter(
    targets_only=targets_only, chains=tuple(sel_chains), nodes=tuple(sel_nodes), provinces=tuple(sel_provinces),
    ownerships=tuple(sel_ownerships), sizes=tuple(sel_sizes), priorities=tuple(sel_priorities),
    statuses=tuple(sel_statuses), departments=tuple(sel_departments), contact_after=contact_after,
    contact_before=contact_before, search=search)
params = {**scope, "as_of": ctx.as_of, **flt.params()}

total = int(ui.q("target_count", **params)["total"].iloc[0])
if total == 0:
    st.info((t("targets.none_search", q=search.strip()) if search.strip() else t("targets.none"))
            + (t("targets.none_all") if targets_only else ""))
    st.stop()

# the page number lives in the URL (?tg_page=, left out on page 1) like every paged list's; a new
# filter or order starts on page 1. target_list has no count of its own: target_count's is the list's
page = ui.page_of(lambda limit, offset: ui.q("target_list", **params, sort=sort, limit=limit, offset=offset)
                  .assign(total_rows=total), "tg_page", size=targets.PAGE_SIZE, reset_on=(flt, sort))
rows = page.rows
st.markdown(t("targets.count", total=f"{total:,}", page=page.number, pages=f"{page.pages:,}", size=page.size))
shown = rows.assign(
    chain=rows[f"chain_{i18n.lang()}"].fillna(""), node=rows[f"node_{i18n.lang()}"].fillna(""),
    department=rows[f"department_{i18n.lang()}"],
    ownership=rows["ownership"].map(lambda c: i18n.label("ownership", c)),
    size=rows["size"].map(lambda c: i18n.label("size", c)),
    priority=rows["priority"].map(lambda c: i18n.label("priority", c)),
    status=rows["status"].map(lambda c: i18n.label("status", c)),
)
# on screen without the province, the ownership and the size (the company view and the export have
# them; the filters above still pick by them), so every column fits
ui.table(
    shown, hide_index=True, width="stretch",
    column_order=["name_zh", "city", "chain", "node", "priority", "status", "department", "last_contact_date"],
    column_config={
        "name_zh": t("targets.col.company"),
        "province": t("targets.col.province"), "city": t("targets.col.city"), "chain": t("targets.col.chain"),
        "node": t("targets.col.node"), "ownership": t("targets.col.ownership"), "size": t("targets.col.size"),
        "priority": t("targets.col.priority"), "status": t("targets.col.status"),
        "department": t("targets.col.department"),
        "last_contact_date": st.column_config.DateColumn(t("targets.col.last_contact"), format="YYYY-MM-DD"),
    },
)
if page.pages > 1:
    st.number_input(t("targets.page"), min_value=1, max_value=page.pages, step=1, key="tg_page")

# -- export: every matching row, read from the database only when a button is clicked ------------
st.markdown("**" + t("targets.export", total=f"{total:,}") + "**")
lang = i18n.lang()
stream = ui.q_stream("target_list", **params, sort=sort, limit=None, offset=0)
kinds = targets.export_kinds(lang)
title = t("targets.title")  # taken here: the file is built on another thread, after the click
about = export.about(title, lang, scope=ctx.scope_label, as_of=ctx.as_of, rows=total, filters=[
    (t("export.search"), search.strip()), (t("targets.chain"), [chain_names[c] for c in sel_chains]),
    (t("targets.node"), [node_names[n] for n in sel_nodes]), (t("targets.province"), sel_provinces),
    (t("targets.ownership"), [_codes("ownership")[c] for c in sel_ownerships]),
    (t("targets.size"), [_codes("size")[c] for c in sel_sizes]),
    (t("targets.priority"), [_codes("priority")[c] for c in sel_priorities]),
    (t("targets.status"), [_codes("status")[c] for c in sel_statuses]),
    (t("targets.department"), [dep_names[d] for d in sel_departments]),
    (t("targets.contact_after"), contact_after), (t("targets.contact_before"), contact_before),
    (t("targets.targets_only"), t("export.yes") if targets_only else t("export.no")),
    (t("targets.sort"), t(f"targets.sort.{sort}"))])


def rows_to_export():
    return (targets.export_frame(batch, lang) for batch in stream())


_, right = ui.export_buttons(rows_to_export, name="目标企业清单", key="tg_export", stamp=ctx.as_of, rows=total,
                             kinds=kinds, about=about, sheet=title)
if export.fits_excel(total) and targets.xlsx_seconds(total) >= 5:
    right.caption(t("targets.excel_slow", seconds=targets.xlsx_seconds(total)))

# -- one company: where it sits, what the city has with it, visits and contacts -------------------
st.subheader(t("targets.company"))
names = dict(zip(rows["company_id"], rows["name_zh"]))
company = st.selectbox(t("targets.company_pick"), list(names), index=None, format_func=names.get,
                       key="tg_company", placeholder=t("targets.company_hint"))
if company:
    p = {**scope, "company_id": company, "as_of": ctx.as_of}
    profile = ui.q("company_profile", **p)
    if profile.empty:
        st.info(t("targets.company_out_of_scope"))
        st.stop()
    c = profile.iloc[0]
    where = (t("targets.where_value", chain=c[f"chain_{i18n.lang()}"], segment=i18n.label("segment", c["segment"]),
                                      node=c[f"node_{i18n.lang()}"])
             if c["chain_id"] and c["node_id"] else (c[f"chain_{i18n.lang()}"] or t("targets.no_chain")))
    contact = (t("targets.contact_value", priority=i18n.label("priority", c["priority"]),
                 status=i18n.label("status", c["status"]), department=c[f"owner_department_{i18n.lang()}"],
                 date=targets.day(c["last_contact_date"]))
               if c["is_target"] else t("targets.not_target"))
    st.markdown(f"#### {c['name_zh']}")
    st.markdown(f"{c['province']} · {c['city']} · {i18n.label('ownership', c['ownership'])} · "
                f"{i18n.label('size', c['size'])}" + (f" · {t('targets.local')}" if c["is_local"] else ""))
    st.markdown(f"**{t('targets.where')}**{t('sep.colon')}{where}  \n**{t('targets.contact')}**{t('sep.colon')}{contact}")
    k = st.columns(5)
    k[0].metric(t("targets.kpi_projects"), f"{fmt.count(c['signed_projects'])} {t('unit.projects')}", border=True)
    k[1].metric(t("targets.kpi_signed"), f"{fmt.yi(c['signed_wan'])} {t('unit.yi')}", border=True)
    k[2].metric(t("targets.kpi_arrived"), f"{fmt.yi(c['arrived_wan'])} {t('unit.yi')}", border=True)
    k[3].metric(t("targets.kpi_fund"), f"{fmt.wan(c['fund_wan'])} {t('unit.wan')}", border=True)
    k[4].metric(t("targets.kpi_visits"), f"{int(c['visits'])} {t('unit.visits')}", border=True)

    st.markdown("**" + t("targets.projects") + "**")
    projects = ui.q("company_projects", **p)
    if projects.empty:
        st.caption(t("targets.no_projects"))
    else:
        ui.table(
            projects.assign(stage=projects["stage"].map(lambda s: i18n.label("stage", s)),
                            department=projects[f"department_{i18n.lang()}"], funds_zh=projects["funds_zh"].fillna("")),
            hide_index=True, width="stretch",
            # the fixed assets, the fund money and the department are in the project's detail, so every
            # column fits
            column_order=["name_zh", "stage", "signed_date", "contract_amount_wan", "actual_start_date", "arrived_wan",
                          "funds_zh"],
            column_config={
                "name_zh": t("targets.col.project"), "stage": t("targets.col.stage"),
                "signed_date": st.column_config.DateColumn(t("targets.col.signed_date"), format="YYYY-MM-DD"),
                "contract_amount_wan": ui.wan_column(t("targets.col.contract_wan")),
                "fixed_asset_wan": ui.wan_column(t("targets.col.fixed_asset_wan")),
                "actual_start_date": st.column_config.DateColumn(t("targets.col.start_date"), format="YYYY-MM-DD"),
                "arrived_wan": ui.wan_column(t("targets.col.arrived_wan")),
                "fund_wan": ui.wan_column(t("targets.col.fund_wan")),
                "funds_zh": t("targets.col.funds"), "department": t("targets.col.project_department"),
            })
    st.markdown("**" + t("targets.visits") + "**")
    visits = ui.q("company_visits", **p)
    if visits.empty:
        st.caption(t("targets.no_visits"))
    else:
        ui.table(
            visits.assign(direction=visits["direction"].map(lambda v: i18n.label("direction", v)),
                          leader_level=visits["leader_level"].map(lambda v: i18n.label("leader_level", v)),
                          department=visits[f"department_{i18n.lang()}"], chain=visits[f"chain_{i18n.lang()}"]),
            hide_index=True, width="stretch",
            column_order=["activity_date", "direction", "leader_level", "department", "chain"],
            column_config={
                "activity_date": st.column_config.DateColumn(t("targets.col.date"), format="YYYY-MM-DD"),
                "direction": t("targets.col.direction"), "leader_level": t("targets.col.leader_level"),
                "department": t("targets.col.project_department"), "chain": t("targets.col.chain"),
            })

ui.definition("target_list", "target_count", "company_profile")
