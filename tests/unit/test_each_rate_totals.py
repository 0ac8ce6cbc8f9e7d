"""A rate read on "each" window, over a period that is not whole windows.

The rate holds in every whole window from the period's start; the days left over
are free. Claim.as_total() and as_rate() say what check() implies, never less.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck

START = date(2024, 1, 1)


def each(days: int, value: ck.Range) -> ck.Claim:
    period = ck.Period(START, START + timedelta(days=days))
    return ck.Claim(
        id="a",
        measure="killed",
        subject="russia",
        kind="rate",
        reading="each",
        period=period,
        value=value,
    )


def implied(claim: ck.Claim) -> ck.Range:
    return ck.check([claim]).implied(claim.measure, claim.subject, claim.period)


def test_leftover_days_leave_the_total_unbounded_above() -> None:
    claim = each(10, ck.Range(10, 20, "person / week"))
    assert (10.0, math.inf) == (claim.as_total().lo, claim.as_total().hi)
    assert (10.0, math.inf) == (implied(claim).lo, implied(claim).hi)


def test_the_average_rate_over_leftover_days_is_the_total_over_the_duration() -> None:
    claim = each(10, ck.Range(10, 20, "person / week"))
    rate = claim.as_rate("week")
    assert (7.0, math.inf, "person / week") == (rate.lo, rate.hi, rate.unit)
    month = claim.as_rate("month", calendar=True)
    assert (28.0, math.inf, "person") == (month.lo, month.hi, month.unit)


def test_whole_windows_keep_both_ends() -> None:
    claim = each(14, ck.Range(10, 20, "person / week"))
    assert (20.0, 40.0) == (claim.as_total().lo, claim.as_total().hi)
    assert (10.0, 20.0) == (claim.as_rate("week").lo, claim.as_rate("week").hi)


def test_a_period_shorter_than_a_window_says_nothing() -> None:
    claim = each(3, ck.Range.more_than(3, "kiloperson / week"))
    total = claim.as_total()
    assert (0.0, math.inf, False, "kiloperson") == (total.lo, total.hi, total.lo_open, total.unit)


def test_an_open_lower_end_stays_open() -> None:
    total = each(9, ck.Range.more_than(10, "person / week")).as_total()
    assert (10.0, True) == (total.lo, total.lo_open)


@given(
    st.integers(1, 40),
    st.sampled_from(["person / day", "person / week", "kiloperson / week"]),
    st.floats(0, 1e6),
    st.floats(0, 1e6),
)
def test_as_total_is_what_check_implies(days: int, unit: str, x: float, y: float) -> None:
    claim = each(days, ck.Range(min(x, y), max(x, y), unit))
    total = claim.as_total().to("person")
    truth = implied(claim).to("person")  # reported in kiloperson for a kiloperson rate
    # The solver meets a claim to 1e-9 of its size (a window's total): compare to that.
    window = (claim.value * ck.Range.exact(claim.window or 1, "day")).to("person")
    size = max(1.0, *(abs(e) for r in (total, window) for e in (r.lo, r.hi) if math.isfinite(e)))
    assert total.lo == pytest.approx(truth.lo, abs=1e-8 * size)
    assert (total.hi == math.inf) == (truth.hi == math.inf)
    if math.isfinite(truth.hi):
        assert total.hi == pytest.approx(truth.hi, abs=1e-8 * size)
