"""派单督办：蓝单 · 红单 — the blue (pre-project tracking) and red (landing service) lists: what is
overdue (the overdue_tasks rule), each department's record, and the projects proposed for the red list."""

import streamlit as st

from zsgt import figures_projects, i18n, ui
from zsgt.i18n import t

ctx = ui.page("supervision.title")
p = ctx.params()
name = i18n.name_col()
chain_col, dep_col = ("chain_en", "department_en") if i18n.lang() == "en" else ("chain_zh", "department_zh")
st.caption(t("supervision.caption", period=ctx.period.label(i18n.lang()), scope=ctx.scope_label, as_of=ctx.as_of))

unit = t("supervision.unit")
summary = ui.q("overdue_tasks", **p)
cols = st.columns(2)
for col, row in zip(cols, summary.itertuples(index=False)):
    lst = i18n.label("list", row.list)
    with col.container(border=True):
        st.markdown(f"**{lst}**")
        a, b, c = st.columns(3)
        a.metric(t("supervision.due"), f"{row.due_in_period} {unit}".strip())
        b.metric(t("supervision.overdue"), f"{row.overdue} {unit}".strip())
        c.metric(t("supervision.open_overdue"), f"{row.open_overdue} {unit}".strip())
ui.definition("overdue_tasks")

# -- per department --------------------------------------------------------------------------------
st.subheader(t("supervision.by_department"))
lists = {None: t("supervision.both"), "blue": i18n.label("list", "blue"), "red": i18n.label("list", "red")}
chosen_list = ui.kept(st.radio, t("supervision.list_filter"), list(lists), format_func=lists.get, horizontal=True,
                      key="supervision_list")
by_dep = ui.q("supervision_by_department", **p, list=chosen_list)
left, right = st.columns([2, 3])
with left:
    ui.chart(ui.figure(figures_projects.supervision_departments, by_dep, t("supervision.dep_chart"), name), key="supervision_deps")
with right:
    ui.table(
        by_dep, hide_index=True, width="stretch", share=0.6,
        # the tasks closed late are left to the on-time rate beside the on-time count, so every column fits
        column_order=[name, "open_now", "overdue_now", "due_in_period", "closed_on_time", "on_time_rate"],
        # short headers in English (the full ones in their tooltips), so the columns fit beside the chart
        column_config={name: t("col.department"), "open_now": t("col.open_now"),
                       "overdue_now": st.column_config.NumberColumn(t("tables.overdue_now"), help=t("col.overdue_now")),
                       "due_in_period": st.column_config.NumberColumn(t("tables.due"), help=t("col.due_in_period")),
                       "closed_on_time": st.column_config.NumberColumn(t("tables.on_time"),
                                                                      help=t("col.closed_on_time")),
                       "closed_late": t("col.closed_late"),
                       "on_time_rate": st.column_config.ProgressColumn(t("col.on_time_rate"), format="percent",
                                                                       min_value=0, max_value=1)})
ui.definition("supervision_by_department")

# -- the tasks -------------------------------------------------------------------------------------
st.subheader(t("supervision.tasks"))
statuses = [None, "overdue", "closed_late", "open", "closed_on_time"]
status = ui.kept(st.selectbox, t("supervision.status_filter"), statuses, key="supervision_status",
                 format_func=lambda s: t("supervision.all_status") if s is None else i18n.label("task_status", s))
tasks, n = ui.paged(lambda limit, offset: ui.q("supervision_tasks", **p, show="current", list=chosen_list,
                                               status=status, project=None, limit=limit, offset=offset),
                    key="supervision_page")
st.caption(t("supervision.tasks_caption", n=n))
TASK_COLUMNS = ["list", "title", "name_zh", dep_col, "opened_date", "due_date", "closed_date", "status",
                "days_overdue"]
TASK_CONFIG = {"list": t("col.list"), "title": t("col.task"), "name_zh": t("col.project"),
               dep_col: t("col.department"),
               "opened_date": st.column_config.DateColumn(t("col.opened")),
               "due_date": st.column_config.DateColumn(t("col.due")),
               "closed_date": st.column_config.DateColumn(t("col.closed")),
               "status": t("col.status"),
               "days_overdue": st.column_config.NumberColumn(t("col.days_overdue"), format="%d")}


def task_words(frame):
    """Tasks as shown: lists and states in words, the project's name."""
    return frame.assign(list=frame["list"].map(lambda v: i18n.label("list", v)),
                        status=frame["status"].map(lambda v: i18n.label("task_status", v)),
                        name_zh=frame["project_zh"])


if tasks.empty:
    st.info(t("chrome.empty"))
else:
    # on screen without the day a task was opened (in the export), so every column fits
    ui.project_table(task_words(tasks), key="supervision_tasks", highlight=tasks["is_overdue"],
                     columns=[c for c in TASK_COLUMNS if c != "opened_date"], column_config=TASK_CONFIG)
    ui.export_list(ctx, ui.q_later("supervision_tasks", **p, show="current", list=chosen_list, status=status,
                                   project=None, limit=None, offset=0),
                   ui.headers(TASK_CONFIG, TASK_COLUMNS), title=t("supervision.tasks"), key="supervision_tasks_export",
                   rows=n, prepare=task_words,
                   filters=[(t("supervision.list_filter"), lists[chosen_list] if chosen_list else None),
                            (t("supervision.status_filter"), i18n.label("task_status", status) if status else None)])
ui.definition("supervision_tasks")

# -- red-list candidates ---------------------------------------------------------------------------
st.subheader(t("supervision.candidates"))
cands, n = ui.paged(lambda limit, offset: ui.q("late_projects", **p, cohort_only=False, no_open_red=True,
                                               limit=limit, offset=offset), key="supervision_cand_page")
st.caption(t("supervision.candidates_caption", n=n))
if cands.empty:
    st.info(t("supervision.no_candidates"))
else:
    CAND_COLUMNS = ["name_zh", chain_col, dep_col, "stage", "signed_date", "planned_start_date", "days_late",
                    "contract_amount_wan"]
    CAND_CONFIG = {"name_zh": t("col.project"), chain_col: t("col.chain"), dep_col: t("col.department"),
                   "stage": t("col.stage_now"), "signed_date": st.column_config.DateColumn(t("col.signed_date")),
                   "planned_start_date": st.column_config.DateColumn(t("col.planned_start")),
                   "days_late": st.column_config.NumberColumn(t("col.days_late"), format="%d"),
                   "contract_amount_wan": ui.wan_column(t("col.contract_wan"))}

    def stage_words(frame):
        return frame.assign(stage=frame["stage"].map(lambda s: i18n.label("stage", s)))

    ui.project_table(stage_words(cands), key="supervision_cands", columns=CAND_COLUMNS, column_config=CAND_CONFIG)
    ui.export_list(ctx, ui.q_later("late_projects", **p, cohort_only=False, no_open_red=True, limit=None, offset=0),
                   ui.headers(CAND_CONFIG, CAND_COLUMNS), title=t("supervision.candidates"),
                   key="supervision_cands_export", rows=n, prepare=stage_words)
ui.definition("late_projects")
