"""Small helpers for exact-row assertions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import math
from decimal import Decimal

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


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


def render(page, db: Path, monkeypatch, **query):
    """Run a page in Streamlit's AppTest against the store `db`, with URL query parameters.
    `page` is a file name under pages/ ("cockpit.py") or a path (app.py)."""
    from streamlit.testing.v1 import AppTest

    path = Path(page) if Path(page).is_absolute() else ROOT / "pages" / page
    monkeypatch.setenv("ZSGT_DB", str(db))
    at = AppTest.from_file(str(path), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


# The period cohort (signed in the period) as the rate queries' parameters: the tests written before
# the cohort was a choice (issue 11) measure on it, and their hand-computed figures stay as they were.
PERIOD_COHORT = {"cohort": "period", "cohort_base_year": 2021, "cohort_quarters": 4}
