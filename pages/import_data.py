"""导入台账 — upload the departments' ledgers: every row checked and every problem listed (with a
report that marks the bad cells), a preview of the new and changed rows, then one all-or-nothing
write after a backup (zsgt.importer). Admin-only once roles exist: ui.admin_page decides."""

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from zsgt import i18n, ui
from zsgt.i18n import t
from zsgt.importer import KINDS, check_files, report, write
from zsgt.importer.read import MAX_MB
from zsgt.importer.template import template_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

user = ui.admin_page("import.title")
st.caption(t("import.intro"))


def kind_name(key):
    return t("import.kind_auto") if key is None else (KINDS[key].zh if i18n.lang() == "zh" else KINDS[key].en)


with st.expander(t("import.template")):
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    kind = left.selectbox(t("import.template_kind"), list(KINDS), format_func=kind_name, key="template_kind")
    right.download_button(t("import.template_button", kind=kind_name(kind)),
                          data=lambda: template_bytes(kind, ui.store_connection()),
                          file_name=f"{KINDS[kind].zh}模板.xlsx", mime=XLSX, key="template_download")

files = st.file_uploader(t("import.upload", mb=f"{MAX_MB:g}"), type=["xlsx", "xlsm", "xls", "csv", "txt"],
                         accept_multiple_files=True, key="import_files")
left, right = st.columns(2)
forced = left.selectbox(t("import.kind"), [None, *KINDS], format_func=kind_name, key="import_kind")
delete = right.checkbox(t("import.delete"), help=t("import.delete_help"), key="import_delete")
if not files:
    st.markdown(f"[{t('import.history_link')}]({ui.page_url('/import_history')})")
    st.stop()

# the uploads, saved once per content; the check is kept per (files, kind, store file) so a rerun
# (a click elsewhere on the page) does not read a 100,000-row file again
digest = hashlib.sha256(b"".join(hashlib.sha256(f.getvalue()).digest() for f in files)).hexdigest()
key = (digest, forced, ui.store_path(), Path(ui.store_path()).stat().st_mtime)
state = st.session_state.get("import_state")
if state is None or state["key"] != key:
    folder = Path(tempfile.mkdtemp(prefix="zsgt-import-"))
    saved = []
    for i, f in enumerate(files):
        path = folder / f"{i}{Path(f.name).suffix.lower()}"
        path.write_bytes(f.getvalue())
        saved.append((path, f.name))
    with st.spinner(t("import.check")):
        checked = check_files(saved, ui.store_connection(), forced)
    state = {"key": key, "files": saved, "checked": checked, "plans": {}}
    st.session_state["import_state"] = state
checked = state["checked"]

st.subheader(t("import.check"))
cols = st.columns(3)
cols[0].metric(t("import.rows"), f"{sum(len(f) for f in checked.frames.values()):,}", border=True)
cols[1].metric(t("import.errors"), len(checked.errors), border=True)
cols[2].metric(t("import.warnings"), len(checked.warnings), border=True)
if checked.problems:
    problems = checked.problem_frame()
    problems["severity"] = [t(f"import.severity.{s}") for s in problems["severity"]]
    ui.table(problems, column_config={
        "file": t("import.col.file"), "sheet": t("import.col.sheet"),
        "row": st.column_config.NumberColumn(t("import.col.row"), format="%d"), "column": t("import.col.header"),
        "value": t("import.col.value"), "severity": t("import.col.severity"),
        "message": st.column_config.TextColumn(t("import.col.message"), width="large")})
    st.download_button(t("import.report"), data=lambda: report.as_excel(checked), file_name="导入问题报告.xlsx",
                       mime=XLSX, key="import_report")
if not checked.ok:
    st.warning(t("import.has_errors", n=len(checked.errors)))
    st.stop()

st.subheader(t("import.preview"))
plan = state["plans"].get(delete)
if plan is None:
    plan = state["plans"][delete] = write.preview(checked, ui.store_path(), delete_missing=delete)
counts = plan.counts()
counts["table"] = counts["table_zh"] if i18n.lang() == "zh" else counts["table"]
ui.table(counts.drop(columns=["table_zh"]), column_config={
    "table": t("import.col.table"), "inserted": t("import.col.inserted"), "updated": t("import.col.updated"),
    "unchanged": t("import.col.unchanged"), "deleted": t("import.col.deleted")})
for tp in plan.tables:
    label = write.TABLE_ZH.get(tp.table, tp.table) if i18n.lang() == "zh" else tp.table
    if len(tp.changes):
        with st.expander(t("import.changes", table=label) + f"（{tp.updated}）"):
            ui.table(tp.changes, column_config={
                "key": t("import.col.key"), "column": t("import.col.column"),
                "old": t("import.col.old"), "new": t("import.col.new")})
    if tp.deleted:
        with st.expander(t("import.deletes", table=label) + f"（{tp.deleted}）", expanded=True):
            ui.table(tp.deletes)
if not any(tp.inserted or tp.updated or tp.deleted for tp in plan.tables):
    st.info(t("import.nothing"))
    st.stop()

if st.button(t("import.confirm"), type="primary", key="import_confirm"):
    bar = st.progress(0.0)
    try:
        result = write.apply(checked, ui.store_path(), delete_missing=delete, files=state["files"], user=user,
                             expected_sha=plan.store_sha, progress=lambda f, text: bar.progress(f, text=text))
    except write.ImportRefused as exc:
        st.error(t("import.refused", reason=str(exc)))
    else:
        st.session_state.pop("import_state", None)
        st.success(t("import.done", text=result.text()))
        st.markdown(f"[{t('import.history_link')}]({ui.page_url('/import_history')})")
