"""The three investment maps and the opportunity list: their few fixed rules, kept in one place.

The status of a chain node (强 strong / 弱 weak / 缺失 missing) is computed in SQL
(queries/chain_node_status.sql and chain_overview.sql) from thresholds passed as query parameters;
the defaults are here, and the pages show them. No Streamlit here.
"""

from __future__ import annotations

import pandas as pd

from . import i18n
from .i18n import t

# strong 强 = at least this many operating projects AND at least this many local companies on the node
STATUS_THRESHOLDS = {"min_operating": 1, "min_local": 2}
STATUSES = ("strong", "weak", "missing")
# the yearly special support fund: at least 1000 万元 a year (domain.md, the 14 measures)
SPECIAL_FUND_YEARLY_WAN = 1000
# the resource Sankey names each node's biggest projects; the rest is one "其他 n 个项目" link
RESOURCE_TOP_PROJECTS = 2


def status_rule(thresholds: dict | None = None) -> str:
    """The status rule in words, with the thresholds in force."""
    th = thresholds or STATUS_THRESHOLDS
    return t("maps.status_rule", op=th["min_operating"], local=th["min_local"])


def opportunity_export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The opportunity list as it is exported: readable columns with Chinese headers, enums translated."""
    out = pd.DataFrame({
        t("opp.col.id"): df["opportunity_id"],
        t("opp.col.name"): df["name_zh"],
        t("col.chain"): df["chain_zh"],
        t("opp.col.node"): df["node_zh"],
        t("opp.col.segment"): [i18n.label("segment", s) if isinstance(s, str) else "" for s in df["segment"]],
        t("col.park"): df["park_zh"],
        t("opp.col.resource"): df["resource_zh"],
        t("opp.col.resource_kind"): [i18n.label("resource_kind", k) if isinstance(k, str) else ""
                                     for k in df["resource_kind"]],
        t("opp.col.resource_qty"): [_qty(q, u) for q, u in zip(df["resource_quantity"], df["resource_unit"])],
        t("opp.col.investment_wan"): df["investment_wan"].astype(float),
    })
    return out.fillna("")


def _qty(quantity, unit) -> str:
    if quantity is None or unit is None or (isinstance(unit, float)) or pd.isna(quantity):
        return ""
    q = float(quantity)
    return f"{q:,.2f}".rstrip("0").rstrip(".") + " " + str(unit)
