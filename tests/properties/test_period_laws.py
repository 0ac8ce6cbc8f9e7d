"""Laws of Period: splitting partitions, intersection commutes, lengths add up."""

from __future__ import annotations

import datetime
import itertools
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from claimkit.values.period import Period

_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(_DATES)
    days = draw(st.integers(min_value=1, max_value=3000))
    return Period(start, start + datetime.timedelta(days=days))


@st.composite
def periods_with_cuts(draw: st.DrawFn) -> tuple[Period, list[date]]:
    period = draw(periods())
    cuts = draw(st.lists(st.dates(min_value=period.start, max_value=period.end), max_size=8))
    return period, cuts


@given(periods_with_cuts())
def test_split_pieces_are_consecutive_and_cover_the_period(case: tuple[Period, list[date]]) -> None:
    period, cuts = case
    pieces = period.split_at(cuts)
    assert period.start == pieces[0].start
    assert period.end == pieces[-1].end
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))


@given(periods_with_cuts())
def test_split_piece_lengths_add_up(case: tuple[Period, list[date]]) -> None:
    period, cuts = case
    assert period.days == sum(piece.days for piece in period.split_at(cuts))


@given(periods_with_cuts())
def test_split_cuts_at_every_inner_date(case: tuple[Period, list[date]]) -> None:
    period, cuts = case
    inner = {cut for cut in cuts if period.start < cut < period.end}
    assert len(inner) + 1 == len(period.split_at(cuts))


@given(periods(), periods())
def test_intersection_is_commutative(a: Period, b: Period) -> None:
    assert a.intersection(b) == b.intersection(a)


@given(periods(), periods())
def test_intersection_exists_exactly_when_periods_overlap(a: Period, b: Period) -> None:
    assert a.overlaps(b) == (a.intersection(b) is not None)


@given(periods(), periods())
def test_intersection_lies_in_both(a: Period, b: Period) -> None:
    common = a.intersection(b)
    if common is not None:
        assert (True, True) == (a.contains(common), b.contains(common))


@given(periods(), _DATES)
def test_a_date_is_in_the_intersection_iff_in_both(a: Period, day: date) -> None:
    b = Period.day(day)
    common = a.intersection(b)
    assert a.contains(day) == (common is not None and common.contains(day))


@given(periods())
def test_weeks_are_whole_consecutive_windows_from_the_start(period: Period) -> None:
    weeks = period.weeks()
    assert period.days // 7 == len(weeks)
    assert all(week.days == 7 and period.contains(week) for week in weeks)
    assert all(a.end == b.start for a, b in itertools.pairwise(weeks))


@given(periods())
def test_duration_is_the_number_of_days(period: Period) -> None:
    assert period.days == period.duration.to("day").magnitude


@given(periods())
def test_repr_round_trips(period: Period) -> None:
    assert period == eval(repr(period), {"datetime": datetime, "Period": Period})


@given(st.integers(min_value=1, max_value=9998), st.integers(min_value=1, max_value=12))
def test_every_month_is_a_calendar_month_of_28_to_31_days(year: int, month: int) -> None:
    period = Period.month(year, month)
    assert period.is_calendar_month
    assert 28 <= period.days <= 31


@given(st.integers(min_value=1, max_value=9998))
def test_the_four_quarters_split_the_year_into_its_months(year: int) -> None:
    quarters = [Period.quarter(year, q) for q in (1, 2, 3, 4)]
    months = [Period.month(year, m) for m in range(1, 13)]
    assert Period.year(year).split_at([q.start for q in quarters]) == tuple(quarters)
    assert all(
        quarter.split_at([m.start for m in months[3 * i : 3 * i + 3]])
        == tuple(months[3 * i : 3 * i + 3])
        for i, quarter in enumerate(quarters)
    )
