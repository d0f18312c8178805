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
