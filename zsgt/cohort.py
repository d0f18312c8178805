"""The rate cohort (统计口径) of 签约项目开工率 and 资金到位率: which projects the two rates are measured on.

The office chooses the default and its parameters in data/rates.toml ($ZSGT_RATES); a page may pick
another (?cohort=… in the URL). `Cohort.params()` turns the choice into the plain query parameters
every rate query binds ($cohort, $cohort_base_year, $cohort_quarters); the rule itself lives once, in
data/schema.sql's rate_cohort macro. Pure Python, no Streamlit: the deck reuses it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import rates_path, read_toml, toml_section
from .i18n import STRINGS, t

KINDS = ("period", "due", "cumulative", "rolling")
KIND_ZH = {"period": "当期签约口径", "due": "应开工口径", "cumulative": "累计口径", "rolling": "滚动口径"}
SMALL_COHORT = 5  # fewer projects than this: the rate is marked as resting on a small cohort
MAX_QUARTERS = 12


class CohortConfigError(ValueError):
    """data/rates.toml is missing or wrong; the message (Chinese) says where and what."""


@dataclass(frozen=True)
class Cohort:
    """One rate cohort with its parameters (both always set, each used by its own kind)."""
    kind: str
    base_year: int
    quarters: int

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown rate cohort {self.kind!r}")

    def params(self) -> dict:
        """The cohort as the rate queries' bound parameters."""
        return {"cohort": self.kind, "cohort_base_year": self.base_year, "cohort_quarters": self.quarters}

    def label(self) -> str:
        """Its short name in the current language: '2021年以来累计口径'."""
        return t(f"cohort.{self.kind}", base=self.base_year, n=self.quarters)

    def label_zh(self) -> str:
        """Its short name in Chinese, whatever the page's language (for the summaries pasted into reports)."""
        return STRINGS[f"cohort.{self.kind}"]["zh"].format(base=self.base_year, n=self.quarters)

    def rate_label(self, metric_key: str) -> str:
        """A rate's label naming its cohort: '签约项目开工率（2021年以来累计口径）'."""
        return t("cohort.rate_label", rate=t(metric_key), cohort=self.label())

    def window_text(self, row) -> str:
        """One row of rate_cohort_window in words: which projects the cohort holds."""
        return t(f"cohort.win.{self.kind}", n=self.quarters, **{k: _date(row[k]) for k in (
            "signed_from", "signed_to", "planned_from", "planned_to", "as_of")})

    def definition(self, window: pd.DataFrame) -> str:
        """The cohort's definition for a figure's tooltip, with its dates and its year-earlier twin:
        `window` is rate_cohort_window's rows ('cur', 'prev')."""
        rows = {r["which"]: r for r in window.to_dict("records")}
        cur, prev = rows["cur"], rows["prev"]
        return t("cohort.definition", label=self.label(), window=self.window_text(cur), as_of=_date(cur["as_of"]),
                 prev_window=self.window_text(prev), prev_as_of=_date(prev["as_of"]))

    def empty_reason(self, window) -> str:
        """Why a rate shows '—': its cohort holds no project. `window`: rate_cohort_window's rows, or its
        'cur' row."""
        cur = window[window["which"] == "cur"].iloc[0] if isinstance(window, pd.DataFrame) else window
        return t("cohort.empty", window=self.window_text(cur))


# The period cohort on its own (its other parameters are not read): the quarterly assessment's
# method measures its rate components on it, whatever the pages' choice.
PERIOD = Cohort("period", 2000, 4)


def _date(v) -> str:
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
        return "—"
    if isinstance(v, pd.Timestamp):
        v = v.date()
    return v.isoformat() if isinstance(v, dt.date) else str(v)


@dataclass(frozen=True)
class RateConfig:
    """data/rates.toml: the default cohort and the parameters of the cumulative and rolling ones."""
    default: str
    base_year: int
    quarters: int

    def cohort(self, kind: str | None = None) -> Cohort:
        """The cohort `kind` (as in ?cohort=), or the default when it is None or not a known kind."""
        return Cohort(kind if kind in KINDS else self.default, self.base_year, self.quarters)

    def all(self) -> list[Cohort]:
        """Every cohort, the default first."""
        return [self.cohort(self.default)] + [self.cohort(k) for k in KINDS if k != self.default]


def load_config(path: Path | str | None = None) -> RateConfig:
    """The cohorts in data/rates.toml (or $ZSGT_RATES, or `path`), checked."""
    path = Path(path) if path else rates_path()
    data = read_toml(path, CohortConfigError, name="口径文件",
                     missing=f"找不到开工率、到位率口径文件 {path}。请恢复 data/rates.toml，或设置 ZSGT_RATES 指向它。")
    return parse_config(data, path.name)


def _whole(table: dict, key: str, where: str, low: int, high: int) -> int:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CohortConfigError(f"{where}的 {key} 应为整数（现为 {value!r}）。")
    if not low <= value <= high:
        raise CohortConfigError(f"{where}的 {key} 应在 {low} 与 {high} 之间（现为 {value}）。")
    return value


def parse_config(data: dict, source: str = "rates.toml") -> RateConfig:
    where = f"口径文件 {source} "
    default = toml_section(data, "cohort", where, CohortConfigError).get("default")
    if default not in KINDS:
        names = "、".join(f"{k}（{KIND_ZH[k]}）" for k in KINDS)
        raise CohortConfigError(f"{where}[cohort] 的 default 应为 {names} 之一（现为 {default!r}）。")
    base_year = _whole(toml_section(data, "cumulative", where, CohortConfigError), "base_year", f"{where}[cumulative] ",
                       1990, 2100)
    quarters = _whole(toml_section(data, "rolling", where, CohortConfigError), "quarters", f"{where}[rolling] ", 1,
                      MAX_QUARTERS)
    return RateConfig(default=default, base_year=base_year, quarters=quarters)
