from __future__ import annotations

import inspect
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimkit as ck
from claimkit.claims.claim import Claim
from claimkit.claims.source import Source
from claimkit.values.period import Period
from claimkit.values.range import Range

WAR = Period(date(2022, 2, 24), date(2024, 12, 12))
NOV = Period.month(2024, 11)
RUTTE = Source("Mark Rutte", role="NATO Secretary General", date=date(2024, 12, 12))
ARTICLE = (
    Path(__file__).resolve().parents[2] / "seeds" / "nato_rutte_casualties_2024-12-13.txt"
).read_text(encoding="utf-8")


def make(**changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": "rutte-total",
        "measure": "casualties",
        "subject": "both",
        "period": WAR,
        "kind": "total",
        "value": Range.more_than(1_000_000, "person"),
    }
    fields.update(changes)
    return Claim(**fields)


def weekly(value: Range | None = None, **changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": "rutte-weekly",
        "kind": "rate",
        "period": Period.week_ending(date(2024, 12, 12)),
        "value": value if value is not None else Range.exact(10_000, "person / week"),
    }
    fields.update(changes)
    return make(**fields)


def november(value: Range | None = None) -> Claim:
    return make(
        id="nov",
        subject="russia",
        period=NOV,
        value=value if value is not None else Range.exact(45_690, "person"),
    )


def assert_encloses(expected: float, actual: Range, *, rel: float = 1e-12) -> None:
    """The range contains ``expected`` and is no wider than rounding requires."""
    assert actual.contains(expected)
    assert actual.width <= rel * abs(expected)


# -- construction and validation -------------------------------------------------------


def test_a_claim_keeps_its_fields() -> None:
    claim = make(source=RUTTE, quote="over one million", note="both sides")
    assert ("casualties", "both", WAR, "total", RUTTE, "average") == (
        claim.measure,
        claim.subject,
        claim.period,
        claim.kind,
        claim.source,
        claim.reading,
    )


def test_claim_fields_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Claim("rutte-total")  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["", "rutte total", "-rutte", "rutte/total", 7])
def test_invalid_id_is_quoted_with_the_rule(bad: object) -> None:
    with pytest.raises(ck.InvalidClaimError, match=f"claim id {bad!r} is not a valid id"):
        make(id=bad)


@pytest.mark.parametrize("good", ["rutte-total", "r.1", "nov_2024", "2024-11", "Zelenskyy.ru"])
def test_valid_ids(good: str) -> None:
    assert good == make(id=good).id


def test_error_carries_the_claim_id() -> None:
    with pytest.raises(ck.InvalidClaimError) as info:
        make(kind="sum")
    assert "rutte-total" == info.value.claim_id


def test_invalid_claim_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="rutte-total"):
        make(kind="sum")


def test_uppercase_measure_suggests_lowercase() -> None:
    with pytest.raises(ck.InvalidClaimError, match="did you mean 'casualties'"):
        make(measure="Casualties")


def test_subject_with_a_space_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="subject 'both sides' is not a valid name"):
        make(subject="both sides")


def test_empty_measure_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="measure '' is not a valid name"):
        make(measure="")


def test_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(ck.InvalidClaimError, match="kind 'sum' is not one of 'total' or 'rate'"):
        make(kind="sum")


def test_unknown_reading_lists_the_readings() -> None:
    with pytest.raises(
        ck.InvalidClaimError, match="reading 'every' is not one of 'average' or 'each'"
    ):
        weekly(reading="every")


def test_value_must_be_a_range() -> None:
    with pytest.raises(ck.InvalidClaimError, match="value must be a Range, got int 1000000"):
        make(value=1_000_000)


def test_empty_value_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="is empty"):
        make(value=Range.empty("person"))


def test_total_with_a_rate_unit_points_to_kind_rate() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"'person / week'.*use kind='rate'"):
        make(value=Range.exact(10_000, "person / week"))


def test_rate_with_a_count_unit_points_to_kind_total() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"got 'person' .*use kind='total'"):
        make(kind="rate")


@pytest.mark.parametrize(
    ("unit", "kind"), [("person", "total"), ("person / week", "rate"), ("kilotank", "total")]
)
def test_kind_defaults_to_what_the_unit_says(unit: str, kind: str) -> None:
    ck.define_count_unit("tank")
    fields = {"id": "c", "measure": "m", "subject": "s", "period": NOV}
    assert kind == Claim(**fields, value=Range(1, 2, unit)).kind


def test_a_unit_that_is_neither_a_count_nor_a_rate_names_the_claim_without_a_kind() -> None:
    with pytest.raises(
        ck.InvalidClaimError,
        match=r"claim 'c': cannot tell whether the claim is a "
        r"total or a rate from the unit 'person / day \*\* 2'",
    ):
        Claim(id="c", measure="m", subject="s", period=NOV, value=Range(1, 2, "person / day**2"))


def test_a_wrong_value_without_a_kind_says_what_a_value_is() -> None:
    with pytest.raises(ck.InvalidClaimError, match="value must be a Range, got int 5"):
        Claim(id="c", measure="m", subject="s", period=NOV, value=5)  # type: ignore[arg-type]


def test_kind_none_is_read_from_the_unit() -> None:
    assert "rate" == make(kind=None, value=Range.exact(10_000, "person / week")).kind


def test_the_signature_shows_kind_defaulting_to_none() -> None:
    assert None is inspect.signature(Claim).parameters["kind"].default


def test_a_derived_kind_equals_the_stated_one() -> None:
    value = Range.exact(10_000, "person / week")
    assert make(kind="rate", value=value) == Claim(
        id="rutte-total", measure="casualties", subject="both", period=WAR, value=value
    )


def test_total_in_days_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"dimension \[time\]"):
        make(value=Range.exact(3, "day"))


def test_period_must_be_a_period() -> None:
    with pytest.raises(ck.InvalidClaimError, match="period must be a Period, got date"):
        make(period=date(2024, 11, 1))


def test_source_must_be_a_source() -> None:
    with pytest.raises(ck.InvalidClaimError, match="source must be a Source or None, got str"):
        make(source="Mark Rutte")


def test_each_reading_of_a_total_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="reading 'each' applies to rates only"):
        make(reading="each")


def test_each_reading_of_a_monthly_rate_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"per 30\.4375 days"):
        weekly(Range.exact(40_000, "person / month"), reading="each")


def test_empty_quote_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="quote must be a non-empty string"):
        make(quote="")


def test_span_without_quote_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"span \(0, 5\) is given without a quote"):
        make(span=(0, 5))


def test_span_that_does_not_fit_the_quote_says_the_length() -> None:
    with pytest.raises(ck.InvalidClaimError, match="the quote has 16 characters"):
        make(quote="over one million", span=(10, 20))


def test_negative_span_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="does not fit the quote"):
        make(quote="over", span=(-4, 0))


def test_span_as_list_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="span must be a tuple"):
        make(quote="over", span=[0, 4])


def test_claims_are_hashable_values() -> None:
    assert 1 == len({make(source=RUTTE), make(source=RUTTE)})


def test_claims_are_immutable() -> None:
    with pytest.raises(AttributeError):
        make().kind = "rate"  # type: ignore[misc]


def test_replace_validates_again() -> None:
    with pytest.raises(ck.InvalidClaimError, match="a rate needs"):
        make().replace(kind="rate")


# -- count unit and window ----------------------------------------------------------


def test_count_unit_of_a_total() -> None:
    assert "person" == make().count_unit


@pytest.mark.parametrize("unit", ["person / week", "person / month", "people / day"])
def test_count_unit_of_a_rate(unit: str) -> None:
    assert "person" == weekly(Range.exact(1, unit)).count_unit


def test_count_unit_of_a_user_count() -> None:
    ck.define_count_unit("tank")
    assert "tank" == weekly(Range.exact(3, "tank / day")).count_unit


def test_window_of_an_average_is_none() -> None:
    assert None is weekly().window


def test_window_of_each_week_is_seven_days() -> None:
    assert 7 == weekly(reading="each").window


def test_window_of_each_day_is_one_day() -> None:
    assert 1 == weekly(Range.exact(1_500, "person / day"), reading="each").window


# -- as_rate: the worked figures ------------------------------------------------------


def test_one_million_since_february_2022_is_above_6849_a_week() -> None:
    rate = make().as_rate("week")
    assert "person / week" == rate.unit
    assert rate.lo == pytest.approx(1_000_000 / 146, rel=1e-12)
    assert rate.lo <= 1_000_000 / 146


def test_as_rate_keeps_an_open_lower_end_open() -> None:
    rate = make().as_rate("week")
    assert (True, math.inf) == (rate.lo_open, rate.hi)


def test_november_45690_is_10661_a_week() -> None:
    assert_encloses(10_661, november().as_rate("week"))


def test_november_rounded_45690_as_a_weekly_range() -> None:
    rate = november(Range.from_rounded("45,690", "person")).as_rate("week")
    assert rate.contains(Range(45_685 * 7 / 30, 45_695 * 7 / 30, "person / week"))


def test_10000_a_week_is_43482_per_average_month() -> None:
    rate = weekly().as_rate("month")
    assert "person / month" == rate.unit
    assert_encloses(10_000 * 30.4375 / 7, rate)


def test_10000_a_week_is_42857_in_november() -> None:
    count = weekly().as_rate("month", calendar=NOV)
    assert "person" == count.unit
    assert_encloses(10_000 * 30 / 7, count)


def test_10000_a_week_is_40000_to_44286_in_a_month_of_unknown_length() -> None:
    count = weekly().as_rate("month", calendar=True)
    assert (40_000, 10_000 * 31 / 7, "person") == (
        pytest.approx(count.lo, rel=1e-12),
        pytest.approx(count.hi, rel=1e-12),
        count.unit,
    )


def test_unknown_month_range_contains_its_exact_ends() -> None:
    count = weekly().as_rate("month", calendar=True)
    assert count.contains(Range(40_000, 10_000 * 31 / 7, "person"))


def test_calendar_true_uses_the_claims_own_month() -> None:
    rate_in_november = weekly(period=NOV)
    assert_encloses(10_000 * 30 / 7, rate_in_november.as_rate("month", calendar=True))


def test_calendar_count_of_a_total_over_that_month_is_the_total() -> None:
    assert november().value == november().as_rate("month", calendar=True)


def test_calendar_count_of_a_total_over_another_month_scales_by_days() -> None:
    february = make(period=Period.month(2024, 2), value=Range.exact(29_000, "person"))
    assert_encloses(31_000, february.as_rate("month", calendar=Period.month(2024, 3)))


def test_calendar_with_a_week_is_an_error() -> None:
    with pytest.raises(ck.InvalidClaimError, match="needs per='month', got per='week'"):
        weekly().as_rate("week", calendar=True)


def test_calendar_period_that_is_not_a_month_is_an_error() -> None:
    with pytest.raises(ck.InvalidClaimError, match="one calendar month"):
        weekly().as_rate("month", calendar=WAR)


def test_per_that_is_not_time_is_a_unit_error() -> None:
    with pytest.raises(ck.UnitError, match="per='person' is not a unit of time"):
        weekly().as_rate("person")


def test_unknown_per_is_a_unit_error() -> None:
    with pytest.raises(ck.UnitError, match="fortnite"):
        weekly().as_rate("fortnite")


def test_rate_per_week_as_rate_per_day() -> None:
    assert_encloses(10_000 / 7, weekly().as_rate("day"))


def test_rate_per_week_as_rate_per_year() -> None:
    assert_encloses(10_000 * 365.25 / 7, weekly().as_rate("year"))


# -- as_total and over ---------------------------------------------------------------


def test_as_total_of_a_total_is_its_value() -> None:
    claim = make()
    assert claim.value == claim.as_total()


def test_as_total_of_a_weekly_rate_over_the_war() -> None:
    total = weekly(Range.more_than(10_000, "person / week"), period=WAR).as_total()
    assert (True, math.inf, "person") == (total.lo_open, total.hi, total.unit)
    assert total.lo == pytest.approx(1_460_000, rel=1e-12)


def test_as_total_of_an_average_month_rate_over_november() -> None:
    total = weekly(Range.exact(10_000, "person / month"), period=NOV).as_total()
    assert_encloses(10_000 * 30 / 30.4375, total)


def test_over_another_period_applies_the_rate() -> None:
    assert_encloses(10_000 * 30 / 7, weekly().over(NOV))


def test_over_whole_weeks_with_each_reading() -> None:
    claim = weekly(Range(10_000, 12_000, "person / week"), period=NOV, reading="each")
    four_weeks = Period(NOV.start, date(2024, 11, 29))
    assert claim.over(four_weeks).contains(Range(40_000, 48_000, "person"))


def test_over_its_own_period_equals_as_total() -> None:
    claim = weekly(period=WAR)
    assert claim.as_total() == claim.over(WAR)


def test_total_over_its_own_period() -> None:
    assert make().value == make().over(WAR)


def test_total_over_another_period_points_to_as_rate() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"does not imply a total over .*as_rate"):
        make().over(NOV)


def test_over_needs_a_period() -> None:
    with pytest.raises(ck.InvalidClaimError, match="over\\(\\) needs a Period, got date"):
        weekly().over(date(2024, 11, 1))  # type: ignore[arg-type]


# -- locate -------------------------------------------------------------------------


def test_locate_finds_the_quote_in_the_article() -> None:
    claim = make(quote="over one million losses since February 2022").locate(ARTICLE)
    assert claim.quote == ARTICLE[slice(*claim.span)]  # type: ignore[misc]


def test_locate_finds_the_first_occurrence() -> None:
    assert (0, 3) == make(quote="abc").locate("abc abc").span


def test_locate_from_start_finds_a_later_occurrence() -> None:
    assert (4, 7) == make(quote="abc").locate("abc abc", start=1).span


def test_locate_leaves_the_original_unchanged() -> None:
    claim = make(quote="abc")
    claim.locate("abc")
    assert None is claim.span


def test_locate_without_quote_is_an_error() -> None:
    with pytest.raises(ck.InvalidClaimError, match="has no quote to locate"):
        make().locate(ARTICLE)


def test_missing_quote_says_how_much_was_searched() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"'two million' does not occur .*searched"):
        make(quote="two million").locate(ARTICLE)


def test_missing_quote_points_to_a_match_in_other_case() -> None:
    with pytest.raises(ck.InvalidClaimError, match="differs in case or spacing"):
        make(quote="Over One Million losses").locate(ARTICLE)


def test_missing_quote_points_to_a_match_with_other_spacing() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"'over one million' at position 0"):
        make(quote="over  one million").locate("over one million")


def test_quote_only_before_start_says_where_it_is() -> None:
    with pytest.raises(ck.InvalidClaimError, match="it occurs earlier, at position 0"):
        make(quote="abc").locate("abc", start=1)


# -- text ---------------------------------------------------------------------------


def test_str_is_one_readable_line() -> None:
    expected = (
        "rutte-total: casualties of both, total over [2022-02-24, 2024-12-12), "
        "(1,000,000, inf) person — Mark Rutte"
    )
    assert expected == str(make(source=RUTTE))


def test_str_without_source_ends_with_the_value() -> None:
    assert str(make()).endswith("(1,000,000, inf) person")


def test_str_names_the_each_reading() -> None:
    assert "rate (each week) over" in str(weekly(reading="each"))


def test_repr_is_short() -> None:
    expected = "<Claim nov: casualties of russia, total over [2024-11-01, 2024-12-01)>"
    assert expected == repr(november())
