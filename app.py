"""招商图谱 — the frame: page config and navigation. Each page draws its own chrome (zsgt.ui.page).
The navigation lists the pages the signed-in user's role may open (zsgt.access); the others stay
reachable by URL only to say they are not allowed (ui.page refuses them)."""

from pathlib import Path

import streamlit as st

from zsgt import access, ui
from zsgt.i18n import t

ui.init_language()  # the session's language (or ?lang=), before the navigation's titles are built
st.set_page_config(page_title=t("app.title"), layout="wide")
principal = ui.navigation_principal()
home = access.first_page(principal)


PAGES = {
    "nav.overview": [("pages/cockpit.py", "cockpit.title"), ("pages/rates.py", "rates.title")],
    "nav.maps": [("pages/chain_map.py", "chain_map.title"), ("pages/resource_map.py", "resource_map.title"),
                 ("pages/fund_map.py", "fund_map.title")],
    "nav.lists": [("pages/opportunities.py", "opportunities.title"), ("pages/targets.py", "targets.title")],
    "nav.projects": [("pages/pipeline.py", "pipeline.title"), ("pages/supervision.py", "supervision.title"),
                     ("pages/visits.py", "visits.title")],
    "nav.review": [("pages/self_review.py", "review.title"), ("pages/assessment.py", "assess.title"),
                   ("pages/incentives.py", "incent.title")],
    "nav.data": [("pages/data_quality.py", "dq.title"), ("pages/import_data.py", "import.title"),
                 ("pages/import_history.py", "history.title")],
}
shown: dict[str, list[st.Page]] = {}
hidden: list[st.Page] = []
for group, items in PAGES.items():
    for path, title in items:
        name = Path(path).stem
        allowed = access.may_open(principal, name)
        page = st.Page(path, title=t(title), default=name == home, visibility="visible" if allowed else "hidden")
        (shown.setdefault(t(group), []) if allowed else hidden).append(page)
# pages the role may not open stay routable (hidden), so their URL answers "not allowed" (ui.page)
first = next(iter(shown), t("nav.overview"))
shown[first] = shown.get(first, []) + hidden
st.navigation(shown, expanded=True).run()
