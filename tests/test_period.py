"""Periods, scopes and date arithmetic (zsgt.period)."""

import datetime as dt

import pytest

from zsgt.period import Period, Scope, months_before


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2023, 8, 15), 3) == dt.date(2023, 5, 15)
    assert months_before(dt.date(2023, 9, 30), 3) == dt.date(2023, 6, 30)
    assert months_before(dt.date(2023, 5, 31), 3) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2024, 2, 15), 3) == dt.date(2023, 11, 15)


@pytest.mark.parametrize("period, start, end", [
    (Period(2023), dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    (Period(2023, 1), dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
    (Period(2024, 4), dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
])
def test_period_bounds(period, start, end):
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("year, quarter, expected", [
    ("2023", None, Period(2023)), ("2023", "4", Period(2023, 4)), ("2023", "7", None), ("1999", None, None),
    ("abc", None, None), ("2024", "2", None),
])
def test_period_parse_accepts_only_periods_with_data(year, quarter, expected):
    available = [(2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1)]
    assert Period.parse(year, quarter, available) == expected


def test_a_city_scope_has_no_id_and_a_chain_scope_needs_one():
    assert Scope().params() == {"scope": "city", "scope_id": None}
    with pytest.raises(ValueError):
        Scope("chain")
    with pytest.raises(ValueError):
        Scope("city", "steel")
