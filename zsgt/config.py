"""Configuration: a few environment variables with defaults."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
DEFAULT_DB = ROOT / "data" / "demo.duckdb"


def db_path() -> Path:
    """The DuckDB store the dashboard reads: $ZSGT_DB, else the demo store under data/."""
    return Path(os.environ.get("ZSGT_DB") or DEFAULT_DB)


def assessment_path() -> Path:
    """The assessment and incentive method (data/assessment.toml), or $ZSGT_ASSESSMENT."""
    return Path(os.environ.get("ZSGT_ASSESSMENT") or ROOT / "data" / "assessment.toml")


def default_lang() -> str:
    """The UI language when the user has not chosen one: $ZSGT_LANG ('zh' or 'en'), else 'zh'."""
    return os.environ.get("ZSGT_LANG", "zh")


def city_name() -> str:
    """The city the store is of, for the meeting deck's title: $ZSGT_CITY, else 嘉峪关市."""
    return os.environ.get("ZSGT_CITY", "嘉峪关市")
