"""项目全生命周期 — the funnel of stages, each project's days in its stage (stalled and late flagged),
and one project's detail (`?project=P000123`): company, chain, department, park, fund, referrer,
timeline, quarterly arrivals against its contract, and its supervision tasks."""

import streamlit as st

from zsgt import figures_projects, fmt, i18n, ui
from zsgt.i18n import t

ctx = ui.page("pipeline.title")
p = ctx.params()
scope = ctx.scope.params()
st.caption(t("pipeline.caption", scope=ctx.scope_label, as_of=ctx.as_of))


def value_or_none(v) -> str:
    return t("detail.none") if v is None or str(v) in ("", "nan", "None", "<NA>") else str(v)


def show_detail(project_id: str) -> None:
    found = ui.q("project_detail", project=project_id, as_of=ctx.as_of, **scope)
    head, close = st.columns([5, 1], vertical_alignment="bottom")
    if close.button(t("detail.close"), key="detail_close"):
        del st.query_params["project"]
        st.rerun()
    if found.empty:
        head.warning(t("detail.not_found", id=project_id))
        return
    d = found.iloc[0].to_dict()
    head.subheader(t("detail.title", name=d["name_zh"] + i18n.paren(d["project_id"])))
    with st.container(border=True):
        cols = st.columns(4)
        cols[0].metric(t("detail.stage"), i18n.label("stage", d["stage"]))
        cols[1].metric(t("detail.contract"), f"{fmt.wan(d['contract_amount_wan'])} {t('unit.wan')}")
        cols[2].metric(t("detail.fixed_asset"), f"{fmt.wan(d['fixed_asset_wan'])} {t('unit.wan')}")
        cols[3].metric(t("detail.arrived", as_of=ctx.as_of), f"{fmt.wan(d['arrived_wan'])} {t('unit.wan')}")
        cols[3].caption(t("detail.arrived_share", share=fmt.pct(d["arrived_share"], 1)))
        fund = t("detail.none") if not d["fund_zh"] else (
            t("detail.fund_amount", fund=d["fund_zh"], amount=fmt.wan(d["fund_invested_wan"]))
            if d["fund_invested_wan"] is not None and str(d["fund_invested_wan"]) != "nan" else d["fund_zh"])
        facts = [
            (t("detail.company"), d["company_zh"] + i18n.paren(
                f"{d['company_province']}·{d['company_city']}{t('sep.list')}{i18n.label('ownership', d['ownership'])}")),
            (t("detail.chain"), f"{d['chain_en' if i18n.lang() == 'en' else 'chain_zh']} · "
                                f"{value_or_none(i18n.pick(d, 'node'))}"
                                + (i18n.paren(i18n.label('segment', d['segment'])) if d["segment"] else "")),
            (t("detail.department"), d["department_en" if i18n.lang() == "en" else "department_zh"]),
            (t("detail.park"), value_or_none(i18n.pick(d, "park"))),
            (t("detail.fund"), fund),
            (t("detail.referrer"), value_or_none(d["referrer"])),
        ]
        cols = st.columns(3)
        for i, (label, text) in enumerate(facts):
            cols[i % 3].markdown(f"**{label}**  \n{text}")
    left, right = st.columns([2, 3])
    with left:
        ui.chart(ui.figure(figures_projects.project_timeline, d, ctx.as_of, t("detail.timeline")), key="detail_timeline")
    with right:
        arrivals = ui.q("project_arrivals", project=project_id, as_of=ctx.as_of, **scope)
        ui.chart(ui.figure(figures_projects.project_arrivals, arrivals, t("detail.arrivals")), key="detail_arrivals")
    st.markdown("**" + t("detail.tasks") + "**")
    tasks = ui.q("supervision_tasks", **p, show="all", list=None, status=None, project=project_id,
                 limit=200, offset=0)
    if tasks.empty:
        st.caption(t("detail.no_tasks"))
    else:
        shown = tasks.assign(list=tasks["list"].map(lambda v: i18n.label("list", v)),
                             status=tasks["status"].map(lambda v: i18n.label("task_status", v)))
        # a few rows: a plain table, so the titles are text on the page (and in a screenshot)
        dep_col = "department_en" if i18n.lang() == "en" else "department_zh"
        columns = {"list": t("col.list"), "title": t("col.task"), dep_col: t("col.department"),
                   "opened_date": t("col.opened"), "due_date": t("col.due"), "closed_date": t("col.closed"),
                   "status": t("col.status"), "days_overdue": t("col.days_overdue")}
        st.table(ui.highlighted(shown[list(columns)].rename(columns=columns), tasks["is_overdue"]).hide(axis="index"))
    ui.definition("project_detail", "project_arrivals", "supervision_tasks")
    st.divider()


project = st.query_params.get("project")
if project:
    show_detail(project)

# -- the funnel ------------------------------------------------------------------------------------
funnel = ui.q("pipeline_funnel", **p)
ui.chart(ui.figure(figures_projects.pipeline_funnel, funnel, t("pipeline.funnel")), key="pipeline_funnel")
stalled = int(funnel.loc[funnel["stage"] == "stalled", "projects"].sum())
st.caption(t("pipeline.funnel_caption", late=int(funnel["late"].sum()), stalled=stalled))
ui.definition("pipeline_funnel")

# -- the list --------------------------------------------------------------------------------------
st.subheader(t("pipeline.list"))
stages = [None, "lead", "negotiating", "signed", "procedures", "started", "operational", "stalled", "cancelled"]
flags = {None: t("pipeline.flag_all"), "flagged": t("pipeline.flag_flagged"), "late": t("pipeline.flag_late"),
         "stalled": t("pipeline.flag_stalled")}
a, b, c = st.columns([1, 2, 2])
stage = ui.kept(a.selectbox, t("pipeline.stage_filter"), stages, key="pipeline_stage",
                format_func=lambda s: t("pipeline.all_stages") if s is None else i18n.label("stage", s))
flag = ui.kept(b.radio, t("pipeline.flag_filter"), list(flags), format_func=flags.get, horizontal=True,
               key="pipeline_flag")
search = ui.kept(c.text_input, t("pipeline.search"), key="pipeline_search", default="").strip() or None
listed, n = ui.paged(lambda limit, offset: ui.q("pipeline_projects", **p, stage=stage, flag=flag, search=search,
                                                limit=limit, offset=offset), key="pipeline_page")
st.caption(t("pipeline.list_caption", n=n))
if listed.empty:
    st.info(t("pipeline.none"))
else:
    def flag_text(row) -> str:
        return i18n.join(t(k) for k, on in [("flag.late", row.is_late), ("flag.stalled", row.is_stalled)] if on)

    shown = listed.assign(stage_at=listed["stage_at"].map(lambda s: i18n.label("stage", s)),
                          flags=[flag_text(r) for r in listed.itertuples(index=False)])
    chain_col, dep_col = ("chain_en", "department_en") if i18n.lang() == "en" else ("chain_zh", "department_zh")
    ui.project_table(
        shown, key="pipeline_list", highlight=listed["is_late"] | listed["is_stalled"],
        # the company and the day the stage began are in the project's detail (one click away)
        columns=["name_zh", chain_col, dep_col, "stage_at", "days_in_stage", "flags", "contract_amount_wan"],
        column_config={"name_zh": t("col.project"), "company_zh": t("col.company"), chain_col: t("col.chain"),
                       dep_col: t("col.department"), "stage_at": t("col.stage"),
                       "stage_since_at": st.column_config.DateColumn(t("col.stage_since")),
                       "days_in_stage": st.column_config.NumberColumn(t("col.days_in_stage"), format="%d"),
                       "flags": t("col.flags"),
                       "contract_amount_wan": ui.wan_column(t("col.contract_wan"))})
ui.definition("pipeline_projects")
