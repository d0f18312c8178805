"""Small helpers for exact-row assertions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import math
from decimal import Decimal

import pandas as pd

from zsgt import access
from zsgt.access import LEADER as LEADER_ROLE, Principal

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


LEADER = Principal("test-leader", LEADER_ROLE, display="测试领导")
_SIGNED_IN_AS_LEADER = object()


def render(page, db: Path, monkeypatch, principal=_SIGNED_IN_AS_LEADER, **query):
    """Run a page in Streamlit's AppTest against the store `db`, with URL query parameters.
    `page` is a file name under pages/ ("cockpit.py") or a path (app.py). `principal`: who is signed in
    (put into the session as zsgt/auth.py does after a sign-in; default a leader), None for nobody."""
    from streamlit.testing.v1 import AppTest

    path = Path(page) if Path(page).is_absolute() else ROOT / "pages" / page
    monkeypatch.setenv("ZSGT_DB", str(db))
    at = AppTest.from_file(str(path), default_timeout=60)
    if principal is _SIGNED_IN_AS_LEADER:
        principal = LEADER
    if principal is not None:
        at.session_state[access.SESSION_KEY] = principal
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


# The period cohort (signed in the period) as the rate queries' parameters: the tests written before
# the cohort was a choice (issue 11) measure on it, and their hand-computed figures stay as they were.
PERIOD_COHORT = {"cohort": "period", "cohort_base_year": 2021, "cohort_quarters": 4}
