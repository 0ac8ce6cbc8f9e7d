from __future__ import annotations

import datetime
from datetime import date

import pytest

import claimkit as ck
from claimkit.values.period import Period

WAR = Period(date(2022, 2, 24), date(2024, 12, 12))


# -- construction and validation -------------------------------------------------------


def test_period_keeps_its_dates() -> None:
    assert (date(2022, 2, 24), date(2024, 12, 12)) == (WAR.start, WAR.end)


def test_end_before_start_is_an_error_naming_both_dates() -> None:
    with pytest.raises(ck.InvalidPeriodError) as info:
        Period(date(2024, 3, 1), date(2024, 2, 1))
    message = str(info.value)
    assert "datetime.date(2024, 2, 1)" in message
    assert "datetime.date(2024, 3, 1)" in message
    assert "[start, end)" in message


def test_empty_period_points_to_period_day() -> None:
    pattern = r"Period\.day\(datetime\.date\(2024, 12, 12\)\)"
    with pytest.raises(ck.InvalidPeriodError, match=pattern):
        Period(date(2024, 12, 12), date(2024, 12, 12))


def test_datetime_start_is_refused_and_date_suggested() -> None:
    moment = datetime.datetime(2024, 11, 1, 12, 30)
    with pytest.raises(ck.InvalidPeriodError, match=r"start.*datetime\.date\(2024, 11, 1\)"):
        Period(moment, date(2024, 12, 1))


def test_datetime_end_is_refused() -> None:
    with pytest.raises(ck.InvalidPeriodError, match=r"end must be a datetime\.date"):
        Period(date(2024, 11, 1), datetime.datetime(2024, 12, 1))


def test_string_date_is_refused() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="got str '2024-11-01'"):
        Period("2024-11-01", date(2024, 12, 1))  # type: ignore[arg-type]


def test_invalid_period_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="must be after"):
        Period(date(2024, 3, 1), date(2024, 2, 1))


# -- months and years -------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (2024, 1, 31),
        (2024, 2, 29),
        (2023, 2, 28),
        (2000, 2, 29),
        (1900, 2, 28),
        (2024, 4, 30),
        (2024, 11, 30),
        (2024, 12, 31),
    ],
)
def test_month_lengths(year: int, month: int, days: int) -> None:
    assert days == Period.month(year, month).days


def test_february_2024_ends_on_march_first() -> None:
    assert Period(date(2024, 2, 1), date(2024, 3, 1)) == Period.month(2024, 2)


def test_december_ends_on_the_next_new_year() -> None:
    assert date(2025, 1, 1) == Period.month(2024, 12).end


def test_month_13_lists_the_valid_range() -> None:
    pattern = r"month 13 is not a month: expected 1 .* to 12"
    with pytest.raises(ck.InvalidPeriodError, match=pattern):
        Period.month(2024, 13)


def test_month_0_is_an_error() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="month 0 is not a month"):
        Period.month(2024, 0)


def test_month_as_float_is_an_error() -> None:
    with pytest.raises(ck.InvalidPeriodError, match=r"month must be an integer, got float 11\.0"):
        Period.month(2024, 11.0)  # type: ignore[arg-type]


def test_year_out_of_range_names_the_valid_years() -> None:
    pattern = "year 9999 is out of range: expected 1 to 9998"
    with pytest.raises(ck.InvalidPeriodError, match=pattern):
        Period.year(9999)


def test_bool_year_is_an_error() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="year must be an integer, got True"):
        Period.year(True)


@pytest.mark.parametrize(("year", "days"), [(2024, 366), (2023, 365), (2000, 366), (2100, 365)])
def test_year_lengths(year: int, days: int) -> None:
    assert days == Period.year(year).days


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2025, 1, 1), date(2025, 4, 1)),
        (2, date(2025, 4, 1), date(2025, 7, 1)),
        (3, date(2025, 7, 1), date(2025, 10, 1)),
        (4, date(2025, 10, 1), date(2026, 1, 1)),
    ],
)
def test_quarters_run_from_their_first_month_to_the_next_quarter(
    quarter: int, start: date, end: date
) -> None:
    assert Period(start, end) == Period.quarter(2025, quarter)


def test_a_leap_years_first_quarter_has_91_days() -> None:
    assert (91, 90) == (Period.quarter(2024, 1).days, Period.quarter(2025, 1).days)


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_a_quarter_out_of_range_lists_the_valid_ones(quarter: int) -> None:
    pattern = rf"quarter {quarter} is not a quarter: expected 1 \(January to March\) to 4"
    with pytest.raises(ck.InvalidPeriodError, match=pattern):
        Period.quarter(2025, quarter)


def test_a_quarter_must_be_an_integer() -> None:
    with pytest.raises(ck.InvalidPeriodError, match=r"quarter must be an integer, got str '1'"):
        Period.quarter(2025, "1")  # type: ignore[arg-type]


def test_a_quarters_year_is_checked() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="year 9999 is out of range"):
        Period.quarter(9999, 1)


QUARTER_FILE = """\
format_version = 1

[[claims]]
id = "q"
measure = "revenue"
subject = "acme"
period = "{period}"
value = "about 1,000"
"""


@pytest.mark.parametrize("text", ["2025-Q1", "2025-q1"])
def test_a_claims_file_reads_a_quarter(text: str) -> None:
    claims = ck.loads(QUARTER_FILE.format(period=text))
    assert Period.quarter(2025, 1) == claims["q"].period


def test_a_claims_file_names_the_quarter_that_does_not_exist() -> None:
    with pytest.raises(ck.ClaimsFileError, match="quarter 5 is not a quarter") as caught:
        ck.loads(QUARTER_FILE.format(period="2025-Q5"))
    assert ("claims[0].period", 7) == (caught.value.field, caught.value.line)


def test_a_period_that_is_not_one_lists_the_quarter_form() -> None:
    with pytest.raises(ck.ClaimsFileError, match='a quarter "2025-Q1"'):
        ck.loads(QUARTER_FILE.format(period="2025-1"))


# -- days, weeks, since -----------------------------------------------------------


def test_day_is_one_day_long() -> None:
    assert Period(date(2024, 2, 29), date(2024, 3, 1)) == Period.day(date(2024, 2, 29))


def test_day_at_the_end_of_time_is_an_error() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="outside the dates Python can represent"):
        Period.day(date.max)


def test_week_ending_includes_the_day() -> None:
    week = Period.week_ending(date(2024, 12, 12))
    assert (date(2024, 12, 6), date(2024, 12, 13)) == (week.start, week.end)


def test_week_ending_crosses_a_leap_day() -> None:
    assert date(2024, 2, 26) == Period.week_ending(date(2024, 3, 3)).start


def test_week_ending_refuses_a_datetime() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="datetime"):
        Period.week_ending(datetime.datetime(2024, 12, 12))


def test_since_equals_the_constructor() -> None:
    assert WAR == Period.since(date(2022, 2, 24), until=date(2024, 12, 12))


def test_war_is_1022_days() -> None:
    assert 1022 == WAR.days


def test_war_is_exactly_146_weeks() -> None:
    assert (146, 0) == divmod(WAR.days, 7)


def test_duration_is_a_pint_quantity_in_days() -> None:
    assert ck.ureg.Quantity(1022, "day") == WAR.duration


def test_duration_converts_to_weeks() -> None:
    assert 146 == WAR.duration.to("week").magnitude


def test_last_is_the_day_before_end() -> None:
    assert date(2024, 2, 29) == Period.month(2024, 2).last


# -- calendar months --------------------------------------------------------------


@pytest.mark.parametrize(
    "period",
    [
        Period.month(2024, 2),
        Period.month(2023, 2),
        Period.month(2024, 12),
        Period(date(2024, 11, 1), date(2024, 12, 1)),
    ],
)
def test_is_calendar_month(period: Period) -> None:
    assert period.is_calendar_month


@pytest.mark.parametrize(
    "period",
    [
        Period(date(2024, 2, 1), date(2024, 3, 2)),
        Period(date(2024, 2, 2), date(2024, 3, 1)),
        Period(date(2023, 2, 1), date(2023, 3, 2)),
        Period(date(2024, 1, 1), date(2024, 3, 1)),
        Period.year(2024),
    ],
)
def test_is_not_calendar_month(period: Period) -> None:
    assert not period.is_calendar_month


# -- contains, overlaps, intersection ---------------------------------------------


def test_contains_its_start() -> None:
    assert WAR.contains(date(2022, 2, 24))


def test_does_not_contain_its_end() -> None:
    assert not WAR.contains(date(2024, 12, 12))


def test_contains_its_last_day() -> None:
    assert WAR.contains(date(2024, 12, 11))


def test_contains_a_sub_period() -> None:
    assert WAR.contains(Period.month(2024, 11))


def test_contains_itself() -> None:
    assert WAR.contains(WAR)


def test_does_not_contain_a_period_reaching_past_its_end() -> None:
    assert not WAR.contains(Period.month(2024, 12))


def test_contains_refuses_a_datetime() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="datetime"):
        WAR.contains(datetime.datetime(2023, 1, 1))


def test_periods_that_meet_do_not_overlap() -> None:
    assert not Period.month(2024, 11).overlaps(Period.month(2024, 12))


def test_overlapping_periods_overlap_both_ways() -> None:
    december = Period.month(2024, 12)
    assert (True, True) == (WAR.overlaps(december), december.overlaps(WAR))


def test_overlaps_refuses_a_date() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="expected a Period, got date"):
        WAR.overlaps(date(2024, 1, 1))  # type: ignore[arg-type]


def test_intersection_of_overlapping_periods() -> None:
    assert Period(date(2024, 12, 1), date(2024, 12, 12)) == WAR.intersection(Period.month(2024, 12))


def test_intersection_of_disjoint_periods_is_none() -> None:
    assert None is Period.month(2024, 11).intersection(Period.month(2024, 12))


def test_intersection_with_a_sub_period_is_the_sub_period() -> None:
    assert Period.month(2024, 2) == Period.year(2024).intersection(Period.month(2024, 2))


# -- split_at and windows ---------------------------------------------------------


def test_split_at_month_ends_around_a_leap_day() -> None:
    pieces = Period(date(2024, 1, 15), date(2024, 3, 15)).split_at(
        [date(2024, 3, 1), date(2024, 2, 1)]
    )
    assert [17, 29, 14] == [piece.days for piece in pieces]


def test_split_at_boundaries_cuts_nothing() -> None:
    assert (WAR,) == WAR.split_at([WAR.start, WAR.end])


def test_split_at_repeated_dates_counts_once() -> None:
    assert 2 == len(WAR.split_at([date(2023, 1, 1), date(2023, 1, 1)]))


def test_split_at_a_date_outside_is_an_error() -> None:
    pattern = r"cannot split .* at datetime\.date\(2025, 1, 1\)"
    with pytest.raises(ck.InvalidPeriodError, match=pattern):
        WAR.split_at([date(2025, 1, 1)])


def test_weeks_of_the_war() -> None:
    weeks = WAR.weeks()
    assert (146, Period.week_ending(date(2024, 12, 11))) == (len(weeks), weeks[-1])


def test_weeks_leave_out_a_partial_week() -> None:
    assert [date(2024, 11, 29)] == [week.end for week in Period.month(2024, 11).weeks()][-1:]


def test_weeks_of_a_short_period_are_none() -> None:
    assert () == Period(date(2024, 11, 1), date(2024, 11, 7)).weeks()


def test_windows_need_a_positive_length() -> None:
    with pytest.raises(ck.InvalidPeriodError, match="at least 1 day, got 0"):
        WAR.windows(0)


# -- ordering, text, replace ------------------------------------------------------


def test_periods_order_by_start_then_end() -> None:
    periods = [Period.month(2024, 12), Period.year(2024), Period.month(2024, 1)]
    assert [Period.month(2024, 1), Period.year(2024), Period.month(2024, 12)] == sorted(periods)


def test_periods_are_hashable() -> None:
    assert 1 == len({Period.month(2024, 11), Period(date(2024, 11, 1), date(2024, 12, 1))})


def test_str_shows_the_exclusive_end_and_the_days() -> None:
    assert "[2022-02-24, 2024-12-12) (1022 days)" == str(WAR)


def test_str_of_one_day_is_singular() -> None:
    assert "[2024-12-12, 2024-12-13) (1 day)" == str(Period.day(date(2024, 12, 12)))


def test_repr_round_trips() -> None:
    namespace = {"datetime": datetime, "Period": Period}
    assert WAR == eval(repr(WAR), namespace)


def test_replace_changes_one_date() -> None:
    assert Period(date(2022, 2, 24), date(2024, 12, 13)) == WAR.replace(end=date(2024, 12, 13))


def test_replace_validates() -> None:
    with pytest.raises(ck.InvalidPeriodError):
        WAR.replace(end=WAR.start)


def test_periods_are_immutable() -> None:
    with pytest.raises(AttributeError):
        WAR.start = date(2020, 1, 1)  # type: ignore[misc]
