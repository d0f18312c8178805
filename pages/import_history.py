"""导入记录 — every import and restore written into the store (import_log), the refused attempts
(which left the store unchanged, so they are kept beside the backups), and the backups."""

import streamlit as st

from zsgt import ui
from zsgt.i18n import t
from zsgt.importer import write

ui.admin_page("history.title")
st.caption(t("history.caption"))

log = ui.q("import_history")
if log.empty:
    st.info(t("history.none"))
else:
    log["outcome"] = [t(f"history.outcome.{o}") for o in log["outcome"]]
    ui.table(log,
                 column_order=["imported_at", "user_name", "files", "outcome", "tables", "note", "sha256"],
                 column_config={"imported_at": st.column_config.DatetimeColumn(t("history.col.at"), format="YYYY-MM-DD HH:mm:ss"),
                                "user_name": t("history.col.user"), "files": t("history.col.files"),
                                "outcome": t("history.col.outcome"), "tables": t("history.col.tables"),
                                "note": t("history.col.note"), "sha256": t("history.col.sha")})
ui.definition("import_history")

rejected = write.rejected_attempts(ui.store_path())
if len(rejected):
    st.subheader(t("history.rejected"))
    rejected["outcome"] = t("history.outcome.rejected")
    ui.table(rejected, column_config={
        "at": t("history.col.at"), "user": t("history.col.user"), "files": t("history.col.files"),
        "outcome": t("history.col.outcome"), "note": t("history.col.note")})

backups = write.list_backups(ui.store_path())
st.subheader(t("history.backups", n=write.backup_keep()))
ui.table({t("history.col.backup"): [b.name for b in backups],
              t("history.col.size"): [round(b.stat().st_size / 1024 / 1024, 1) for b in backups]},
             hide_index=True)
