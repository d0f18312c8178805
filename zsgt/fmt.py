"""Number formatting as the office speaks: totals in 亿元, single projects in 万元, rates in %."""

from __future__ import annotations

import math
from decimal import Decimal

WAN_PER_YI = 10_000


def _num(v) -> float | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return float(v)
    f = float(v)
    return None if math.isnan(f) else f


def yi(wan, digits: int = 2) -> str:
    """万元 → '473.95' (亿元)."""
    v = _num(wan)
    return "—" if v is None else f"{v / WAN_PER_YI:,.{digits}f}"


def wan(v, digits: int = 0) -> str:
    v = _num(v)
    return "—" if v is None else f"{v:,.{digits}f}"


def count(v) -> str:
    """A count of projects, visits, companies: 35896 -> '35,896' (a province's counts run to five digits)."""
    v = _num(v)
    return "—" if v is None else f"{round(v):,}"


def pct(v, digits: int = 2, signed: bool = False) -> str:
    """0.1234 → '12.34%'; signed=True → '+12.34%'."""
    v = _num(v)
    if v is None:
        return "—"
    return f"{v * 100:+.{digits}f}%" if signed else f"{v * 100:.{digits}f}%"


def pp(v, digits: int = 1) -> str:
    """A difference of two rates in percentage points: 0.053 → '+5.3'."""
    v = _num(v)
    return "—" if v is None else f"{v * 100:+.{digits}f}"


# -- tables: one rule for every table of the app (issue 13) ----------------------------------------
DASH = "—"          # what an empty cell shows (never "None", "nan" or "NaT")
WAN_FORMAT = "%,.0f"  # a single project's amount in a list: 万元, whole, with thousands separators
YI_FORMAT = "%,.2f"   # a total in a summary table: 亿元, two decimals, with thousands separators


def with_unit(label: str, unit: str) -> str:
    """A column header that always names its unit: '签约额' -> '签约额（万元）' (kept when it has it)."""
    if unit in label:
        return label
    return f"{label}（{unit}）" if any(ord(ch) > 127 for ch in label) else f"{label} ({unit})"


def rank(value, tied: bool, lang: str = "zh") -> str:
    """A rank that says when it is shared: (2, True) -> '并列第 2' / 'tied 2'; (3, False) -> '3'."""
    v = _num(value)
    if v is None:
        return DASH
    n = int(v)
    if not tied:
        return str(n)
    return f"并列第 {n}" if lang == "zh" else f"tied {n}"


def tied_ranks(ranks) -> list[bool]:
    """For each rank of a ranking (1, 2, 2, 4), whether another row shares it."""
    values = [_num(r) for r in ranks]
    return [v is not None and values.count(v) > 1 for v in values]


def headed(frame, columns: dict[str, str]):
    """The columns of a table as exported: `columns` maps the frame's columns, in order, to the
    headers shown on screen."""
    return frame[list(columns)].rename(columns=columns)


def column_kind(column: str) -> str | None:
    """The export kind (zsgt.export) of a column by the app's naming rule: *_wan in 万元, *_yi in
    亿元, *_share and *_rate as shares (written as %); None = read from the column's type."""
    for ending, kind in (("_wan", "wan"), ("_yi", "yi"), ("_share", "rate"), ("_rate", "rate")):
        if column.endswith(ending):
            return kind
    return None
