"""Conversions between totals and rates never lose the original figure."""

from __future__ import annotations

import datetime
import math
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from claimkit.claims.claim import Claim
from claimkit.values.period import Period
from claimkit.values.range import Range

_PER = st.sampled_from(["day", "week", "month", "year"])


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)))
    days = draw(st.integers(min_value=1, max_value=4000))
    return Period(start, start + datetime.timedelta(days=days))


@st.composite
def figures(draw: st.DrawFn, unit: str) -> Range:
    """Non-empty ranges of non-negative figures, some with open or unbounded ends."""
    lo = draw(st.floats(min_value=0, max_value=1e9, allow_subnormal=False))
    if draw(st.booleans()):
        return Range(lo, math.inf, unit, lo_open=draw(st.booleans()))
    width = draw(st.floats(min_value=0, max_value=1e9, allow_subnormal=False))
    hi = lo + width
    if lo == hi:
        return Range.exact(lo, unit)
    return Range(lo, hi, unit, lo_open=draw(st.booleans()), hi_open=draw(st.booleans()))


@st.composite
def totals(draw: st.DrawFn) -> Claim:
    return Claim(
        id="total",
        measure="casualties",
        subject="both",
        period=draw(periods()),
        kind="total",
        value=draw(figures("person")),
    )


@st.composite
def rates(draw: st.DrawFn) -> Claim:
    per = draw(_PER)
    return Claim(
        id="rate",
        measure="casualties",
        subject="both",
        period=draw(periods()),
        kind="rate",
        value=draw(figures(f"person / {per}")),
    )


@given(totals(), _PER)
def test_total_to_rate_and_back_contains_the_original(claim: Claim, per: str) -> None:
    rate = claim.replace(kind="rate", value=claim.as_rate(per))
    assert rate.as_total().contains(claim.value)


@given(rates())
def test_rate_to_total_and_back_contains_the_original(claim: Claim) -> None:
    per = claim.value.unit.split(" / ")[-1]
    total = claim.replace(kind="total", value=claim.as_total())
    assert total.as_rate(per).contains(claim.value)


@given(rates(), _PER)
def test_rate_in_another_unit_and_back_contains_the_original(claim: Claim, per: str) -> None:
    back = claim.value.unit.split(" / ")[-1]
    converted = claim.replace(value=claim.as_rate(per))
    assert converted.as_rate(back).contains(claim.value)


@given(rates())
def test_over_its_own_period_is_as_total(claim: Claim) -> None:
    assert claim.as_total() == claim.over(claim.period)


@given(rates())
def test_unknown_month_contains_the_average_month(claim: Claim) -> None:
    # 30.4375 days lie between 28 and 31, so the average month's count is inside the
    # calendar reading's range (compared by magnitude: the units differ by design).
    average = claim.as_rate("month")
    some_month = claim.replace(period=Period(date(2024, 11, 2), date(2024, 12, 2)))
    calendar = some_month.as_rate("month", calendar=True)
    assert calendar.lo <= average.lo
    assert average.hi <= calendar.hi


@given(totals(), _PER)
def test_unbounded_ends_stay_unbounded(claim: Claim, per: str) -> None:
    rate = claim.as_rate(per)
    assert math.isinf(claim.value.hi) == math.isinf(rate.hi)


@given(totals(), _PER)
def test_open_lower_ends_stay_open(claim: Claim, per: str) -> None:
    rate = claim.as_rate(per)
    assert claim.value.lo_open == rate.lo_open
