"""Small helpers for exact-row assertions."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pandas as pd


def _clean(v):
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, Decimal):
        v = float(v)
    if isinstance(v, float):
        return round(v, 6)
    if isinstance(v, pd.Timestamp):
        return v.date()
    if hasattr(v, "item") and not isinstance(v, (str, dt.date)):
        return _clean(v.item())
    return v


def rows(df: pd.DataFrame, columns: list[str] | None = None) -> list[tuple]:
    """The frame's rows as plain tuples (floats rounded to 6 places, NaN as None)."""
    if columns is not None:
        df = df[columns]
    return [tuple(_clean(v) for v in r) for r in df.itertuples(index=False)]


def one(df: pd.DataFrame) -> dict:
    """The frame's single row as a dict of plain values."""
    assert len(df) == 1, f"expected one row, got {len(df)}"
    return {k: _clean(v) for k, v in df.iloc[0].items()}
