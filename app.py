"""招商图谱 — the frame: page config and navigation. Each page draws its own chrome (zsgt.ui.page)."""

import streamlit as st

from zsgt import ui
from zsgt.i18n import t

ui.init_language()  # the session's language (or ?lang=), before the navigation's titles are built
st.set_page_config(page_title=t("app.title"), layout="wide")

pages = {
    t("nav.overview"): [
        st.Page("pages/cockpit.py", title=t("cockpit.title"), default=True),
        st.Page("pages/rates.py", title=t("rates.title")),
    ],
    t("nav.maps"): [
        st.Page("pages/chain_map.py", title=t("chain_map.title")),
        st.Page("pages/resource_map.py", title=t("resource_map.title")),
        st.Page("pages/fund_map.py", title=t("fund_map.title")),
    ],
    t("nav.lists"): [
        st.Page("pages/opportunities.py", title=t("opportunities.title")),
        st.Page("pages/targets.py", title=t("targets.title")),
    ],
    t("nav.projects"): [
        st.Page("pages/pipeline.py", title=t("pipeline.title")),
        st.Page("pages/supervision.py", title=t("supervision.title")),
        st.Page("pages/visits.py", title=t("visits.title")),
    ],
    t("nav.review"): [
        st.Page("pages/self_review.py", title=t("review.title")),
        st.Page("pages/assessment.py", title=t("assess.title")),
        st.Page("pages/incentives.py", title=t("incent.title")),
    ],
    t("nav.data"): [
        st.Page("pages/data_quality.py", title=t("dq.title")),
        st.Page("pages/import_data.py", title=t("import.title")),
        st.Page("pages/import_history.py", title=t("history.title")),
    ],
}
st.navigation(pages, expanded=True).run()
