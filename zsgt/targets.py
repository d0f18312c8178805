"""The target-company explorer's plain logic: its filter as query parameters, sorting, paging and the
export table. No Streamlit: pages/targets.py draws the widgets and hands their values here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .i18n import ENUMS, STRINGS
from .pinyin import search_terms

PAGE_SIZE = 50
SORTS = ("name", "priority", "recent", "stale")
XLSX_ROWS_PER_SECOND = 50_000  # zsgt.export streamed, 13 columns: 90,000/s alone, fewer on a busy machine (bench/bench_export.py)


@dataclass(frozen=True)
class TargetFilter:
    """What the explorer's widgets chose; empty tuples and None mean "no filter"."""
    targets_only: bool = True
    chains: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    ownerships: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    contact_after: dt.date | None = None
    contact_before: dt.date | None = None
    search: str = ""

    def params(self) -> dict:
        """The parameters of target_count / target_list (search text bound, never pasted into SQL)."""
        q, q_py = search_terms(self.search)

        def codes(values):
            return list(values) if values else None

        return {
            "targets_only": self.targets_only, "chains": codes(self.chains), "nodes": codes(self.nodes),
            "provinces": codes(self.provinces), "ownerships": codes(self.ownerships), "sizes": codes(self.sizes),
            "priorities": codes(self.priorities), "statuses": codes(self.statuses),
            "departments": codes(self.departments), "contact_after": self.contact_after,
            "contact_before": self.contact_before, "q": q, "q_py": q_py,
        }


def page_params(page: int, size: int = PAGE_SIZE) -> dict:
    """limit/offset of a 1-based page number."""
    return {"limit": size, "offset": (max(page, 1) - 1) * size}


def xlsx_seconds(rows: int) -> int:
    """About how long the Excel file of this many rows takes to write (for a notice, not a promise)."""
    return max(1, round(rows / XLSX_ROWS_PER_SECOND))


EXPORT_COLUMNS = [  # (target_list column, header key); chain, node and department in the reader's language
    ("name_zh", "targets.col.company"), ("province", "targets.col.province"), ("city", "targets.col.city"),
    ("chain", "targets.col.chain"), ("node", "targets.col.node"), ("ownership", "targets.col.ownership"),
    ("size", "targets.col.size"), ("is_local", "targets.col.is_local"), ("is_target", "targets.col.is_target"),
    ("priority", "targets.col.priority"), ("status", "targets.col.status"),
    ("department", "targets.col.department"), ("last_contact_date", "targets.col.last_contact"),
]
EXPORT_KINDS = {"targets.col.last_contact": "date"}  # by header key; every other column is text


def export_headers(lang: str = "zh") -> list[str]:
    return [STRINGS[key][lang] for _, key in EXPORT_COLUMNS]


def export_kinds(lang: str = "zh") -> dict[str, str]:
    """The export's column kinds by header (zsgt.export formats dates as dates)."""
    return {STRINGS[key][lang]: kind for key, kind in EXPORT_KINDS.items()}


def export_frame(rows: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """target_list rows as exported: headers in the reader's language, codes as words, yes/no."""
    yes_no = {True: STRINGS["export.yes"][lang], False: STRINGS["export.no"][lang]}

    def labels(enum: str) -> dict[str, str]:
        return {code: entry[lang] for code, entry in ENUMS[enum].items()}

    def column(col: str) -> pd.Series:
        if col in ("ownership", "size", "priority", "status"):
            return rows[col].map(labels(col))
        if col in ("is_local", "is_target"):
            return rows[col].map(yes_no)
        if col in ("chain", "node", "department"):
            return rows[f"{col}_{lang}"]
        return rows[col]

    return pd.DataFrame({STRINGS[key][lang]: column(col) for col, key in EXPORT_COLUMNS})


def day(value) -> str:
    """A date cell as 'YYYY-MM-DD', or '—' when there is none."""
    if value is None or pd.isna(value):
        return "—"
    return pd.Timestamp(value).strftime("%Y-%m-%d")
