"""Periods (a year, or one quarter of it) and scopes (city, chain, department) as query parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int | None = None  # None = the whole year

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter or 1) - 2, 1)

    @property
    def end(self) -> dt.date:
        month = 3 * self.quarter if self.quarter else 12
        nxt = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    def label(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.year}年第{self.quarter}季度" if self.quarter else f"{self.year}年"

    def params(self) -> dict:
        return {"year": self.year, "quarter": self.quarter}

    def default_as_of(self, data_through: dt.date) -> dt.date:
        """The as-of date a period opens on: its end, or where the data stops if that is earlier (past
        it a period would be cut short while the year-earlier one is not, and year on year would
        compare unlike spans), never before its start."""
        return max(min(self.end, data_through), self.start)

    @classmethod
    def parse(cls, year, quarter, available: list[tuple[int, int]]) -> "Period | None":
        """A period from URL or widget values, or None when the store has no results for it."""
        try:
            y = int(year)
            q = None if quarter in (None, "", "all", "0", 0) else int(quarter)
        except (TypeError, ValueError):
            return None
        if q is not None and (y, q) not in available:
            return None
        if q is None and not any(a == y for a, _ in available):
            return None
        return cls(y, q)


def months_before(d: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, or the month's last day when it has no such day."""
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    first_of_next = dt.date(y + (m == 11), (m + 1) % 12 + 1, 1)
    return min(d.replace(year=y, month=m + 1, day=1) + dt.timedelta(days=d.day - 1),
               first_of_next - dt.timedelta(days=1))


@dataclass(frozen=True)
class Scope:
    """Whose rows a query returns: the whole city, one chain or one department."""
    kind: str = "city"
    id: str | None = None

    def __post_init__(self):
        if self.kind not in ("city", "chain", "department"):
            raise ValueError(f"unknown scope kind {self.kind!r}")
        if (self.kind == "city") != (self.id is None):
            raise ValueError("a city scope has no id; a chain or department scope needs one")

    def params(self) -> dict:
        return {"scope": self.kind, "scope_id": self.id}


CITY = Scope()
