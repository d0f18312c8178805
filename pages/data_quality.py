"""数据质量 — the store checks itself: every data check of zsgt/checks.py (the same ones `make
check-store` and the import run), how many rows fail each, and the failing rows."""

import pandas as pd
import streamlit as st

from zsgt import ui
from zsgt.i18n import lang, t

ui.page("dq.title", scoped=False, show_period=False)
st.caption(t("dq.intro"))

results = ui.data_checks()
errors = sum(r.failing > 0 and r.severity == "error" for r in results)
warnings = sum(r.failing > 0 and r.severity == "warning" for r in results)

cols = st.columns(4)
cols[0].metric(t("dq.kpi.checks"), len(results), border=True)
cols[1].metric(t("dq.kpi.passed"), sum(r.failing == 0 for r in results), border=True)
cols[2].metric(t("dq.kpi.errors"), errors, border=True)
cols[3].metric(t("dq.kpi.warnings"), warnings, border=True)
if errors or warnings:
    st.warning(t("dq.some_fail", errors=errors, warnings=warnings))
else:
    st.success(t("dq.all_pass", n=len(results)))

# failing checks by default; `?show=all` lists every check (the choice is kept in the URL)
if "dq_show" not in st.session_state:
    st.session_state["dq_show"] = "all" if st.query_params.get("show") == "all" else "failing"
show = st.segmented_control(t("dq.show"), ["failing", "all"], key="dq_show", required=True,
                            format_func=lambda v: t(f"dq.show.{v}"))
if show == "all":
    st.query_params["show"] = "all"
else:
    st.query_params.pop("show", None)
shown = [r for r in results if show == "all" or r.failing > 0]
message = "message_en" if lang() == "en" else "message_zh"


def status(r) -> str:
    return t("dq.status.ok") if r.failing == 0 else t(f"dq.status.{r.severity}")


# failing errors first, then warnings, then the passing checks, each in CHECKS order
order = sorted(range(len(shown)), key=lambda i: (shown[i].failing == 0, shown[i].severity != "error", i))
if not shown:
    st.caption(t("dq.none_failing"))
else:
    st.dataframe(
        pd.DataFrame({"status": [status(shown[i]) for i in order], "check": [shown[i].check for i in order],
                      "table": [shown[i].table for i in order],
                      "severity": [t(f"dq.severity.{shown[i].severity}") for i in order],
                      "failing": [shown[i].failing for i in order],
                      "message": [getattr(shown[i], message) for i in order]}),
        hide_index=True, width="stretch",
        column_config={"status": st.column_config.TextColumn(t("dq.col.status"), width="small"),
                       "check": t("dq.col.check"),
                       "table": st.column_config.TextColumn(t("dq.col.table"), width="small"),
                       "severity": st.column_config.TextColumn(t("dq.col.severity"), width="small"),
                       "failing": st.column_config.NumberColumn(t("dq.col.failing"), format="%d"),
                       "message": st.column_config.TextColumn(t("dq.col.message"), width="large")})

# -- each failing check with its rows -------------------------------------------------------------
for i in order:
    r = shown[i]
    if r.failing == 0:
        continue
    color = "red" if r.severity == "error" else "orange"
    with st.expander(f":{color}[{status(r)}] {r.check} · {t('dq.col.failing')} {r.failing}"):
        st.markdown(getattr(r, message))
        if r.failing > len(r.rows):
            st.caption(t("dq.rows_shown", n=r.failing, shown=len(r.rows)))
        st.dataframe(r.rows, hide_index=True, width="stretch", key=f"dq_rows_{r.check}")
