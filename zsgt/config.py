"""Configuration: a few environment variables with defaults."""

from __future__ import annotations

import os
import tomllib
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


def rates_path() -> Path:
    """The rate cohorts' choice and parameters (data/rates.toml), or $ZSGT_RATES."""
    return Path(os.environ.get("ZSGT_RATES") or ROOT / "data" / "rates.toml")


def read_toml(path: Path, error: type[Exception], *, missing: str, name: str) -> dict:
    """A settings file in data/ as a dict, or `error` with a Chinese message: `missing` when it cannot be
    read, else where its TOML is wrong (`name`: what the file is, e.g. '考核办法文件')."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise error(missing) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{name} {path.name} 格式有误（{exc}）。请检查该行的引号、等号和方括号。") from exc


def toml_section(data: dict, key: str, where: str, error: type[Exception]) -> dict:
    """The [key] table of a settings file, or `error` saying in Chinese that it is missing."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise error(f"{where}缺少 [{key}] 部分。")
    return value


# -- sign-in (issue 9): the local user file, the idle time, the identity provider's claims ----------
def users_path() -> Path | None:
    """The local user file (zsgt/users.py): $ZSGT_USERS, outside the repository; None when unset."""
    value = os.environ.get("ZSGT_USERS", "").strip()
    return Path(value).expanduser() if value else None


def idle_minutes() -> float:
    """Minutes without a click after which a local sign-in expires: $ZSGT_IDLE_MINUTES, else 30."""
    try:
        return max(float(os.environ.get("ZSGT_IDLE_MINUTES", "30")), 0.1)
    except ValueError:
        return 30.0


def claim_names() -> tuple[str, str, str]:
    """The identity provider's claims that carry a user's role, chains and departments:
    $ZSGT_ROLE_CLAIM, $ZSGT_CHAINS_CLAIM, $ZSGT_DEPARTMENTS_CLAIM (zsgt_role, zsgt_chains, zsgt_departments)."""
    return (os.environ.get("ZSGT_ROLE_CLAIM") or "zsgt_role", os.environ.get("ZSGT_CHAINS_CLAIM") or "zsgt_chains",
            os.environ.get("ZSGT_DEPARTMENTS_CLAIM") or "zsgt_departments")
