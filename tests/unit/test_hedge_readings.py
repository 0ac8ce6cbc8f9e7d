"""Phrases that used to be read silently wrong: each is now read one documented way or refused."""

from __future__ import annotations

import math

import pytest

import claimkit as ck
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.values.range import Range

INF = math.inf
PERSON = "person"
COMMA = HedgePolicy(decimal_mark=",")
POINT = HedgePolicy(decimal_mark=".")


def refusal(text: str, policy: HedgePolicy | None = None, unit: str = PERSON) -> ck.PhraseError:
    with pytest.raises(ck.PhraseError) as info:
        parse_quantity(text, unit, policy=policy)
    assert text == info.value.phrase
    return info.value


# --------------------------------------------------------------------------- decimal mark


@pytest.mark.parametrize(
    ("text", "position", "point", "thousands"),
    [
        ("over 550.000", 5, "550", "550,000"),
        ("1.000", 0, "1", "1,000"),
        ("about 1.500 million people", 6, "1.5", "1,500"),
        ("between 100 and 200.000", 16, "200", "200,000"),
        ("12.345 a week", 0, "12.345", "12,345"),
    ],
)
def test_a_dot_before_three_digits_in_a_count_is_refused(
    text: str, position: int, point: str, thousands: str
) -> None:
    error = refusal(text)
    assert position == error.position
    assert f"is {point} if the dot is a decimal point and {thousands} if" in str(error)
    assert "decimal_mark" in str(error)


@pytest.mark.parametrize("unit", ["kiloperson", "megaperson", "kiloperson / week"])
def test_a_multiple_of_a_count_unit_counts_too(unit: str) -> None:
    # "1.000 kiloperson" was read as about one kiloperson, "-5" as [-5.5, -4.5]
    assert 0 == refusal("1.000", unit=unit).position
    assert "cannot be negative" in str(refusal("-5", unit=unit))
    assert 0 == parse_quantity("at most 500", unit).lo


@pytest.mark.parametrize("text", ["1.5", "1.25 million", "0.000", "1234.567", "1.0000", "2.500e3"])
def test_a_dot_that_cannot_separate_thousands_is_a_decimal_point(text: str) -> None:
    assert parse_quantity(text, policy=POINT) == parse_quantity(text)


def test_other_units_read_the_dot_as_a_decimal_point() -> None:
    expected = Range.from_rounded("550.000", "dimensionless")
    assert expected == parse_quantity("550.000", "dimensionless")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over 550.000", Range.more_than(550_000, PERSON)),
        ("1.000", Range(950, 1_050, PERSON)),
        ("550.000", Range(545_000, 555_000, PERSON)),
        ("1.000.000", Range(950_000, 1_050_000, PERSON)),
        ("1.000,5", Range(1_000.45, 1_000.55, PERSON)),
        ("1,5 million", Range(1_450_000, 1_550_000, PERSON)),
        ("750 000", Range(745_000, 755_000, PERSON)),
        ("[1.5, 2.25) person", Range(1.5, 2.25, PERSON, hi_open=True)),
        ("[650,000, 750,000] person", Range(650_000, 750_000, PERSON)),
    ],
)
def test_a_decimal_comma_policy(text: str, expected: Range) -> None:
    result = parse_quantity(text, policy=COMMA)
    assert (expected.lo, expected.hi) == pytest.approx((result.lo, result.hi), rel=1e-15)
    assert (expected.lo_open, expected.hi_open) == (result.lo_open, result.hi_open)


def test_a_decimal_point_policy_reads_the_dot_as_a_decimal_point() -> None:
    assert Range.more_than(550, PERSON) == parse_quantity("over 550.000", policy=POINT)
    assert Range.from_rounded("1.000", PERSON) == parse_quantity("1.000", policy=POINT)


def test_the_decimal_mark_is_checked() -> None:
    with pytest.raises(ck.InvalidArgumentError, match=r"HedgePolicy\.decimal_mark"):
        HedgePolicy(decimal_mark=" ")  # type: ignore[arg-type]


def test_the_decimal_mark_is_read_from_a_claims_file() -> None:
    text = """\
format_version = 1

[policy]
decimal_mark = ","

[[claims]]
id = "a"
measure = "killed"
subject = "x"
period = "2024"
value = "over 550.000"
"""
    (claim,) = ck.loads(text)
    assert Range.more_than(550_000, PERSON) == claim.value


# --------------------------------------------------------------------------- scales in a range


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("100-200,000", 100_000, 200_000),
        ("100 to 200,000", 100_000, 200_000),
        ("between 100 and 200,000", 100_000, 200_000),
        ("from 1.5 to 2,000", 1_500, 2_000),
        ("1-2,500,000", 1_000_000, 2_500_000),
        ("between two and 10,000 people", 2_000, 10_000),
        # the first is not below the figure of the second, or is written in full: as written
        ("500 to 200,000", 500, 200_000),
        ("10 to 1,500", 10, 1_500),
        ("1,000-2,000", 1_000, 2_000),
        ("1000-200,000", 1_000, 200_000),
        ("100-200000", 100, 200_000),
    ],
)
def test_a_grouped_number_lends_its_scale_to_a_short_number_before_it(
    text: str, lo: float, hi: float
) -> None:
    assert Range(lo, hi, PERSON) == parse_quantity(text)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("between 800 and 1.2 million", "'800'"),
        ("2 to 1.5 million", "'2'"),
        ("between eight hundred and 1.2 million", "'eight hundred'"),
        ("from 20 to 10 thousand people", "'20'"),
    ],
)
def test_a_short_number_not_below_the_figure_of_a_scale_word_is_refused(
    text: str, first: str
) -> None:
    error = refusal(text)
    assert text.index(first.strip("'")) == error.position
    assert f"{first} has no scale word" in str(error)


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("between 500,000 and 1 million", 500_000, 1_000_000),
        ("5,000 to 1.2 million", 5_000, 1_200_000),
        ("1500-2000 million", 1_500_000_000, 2_000_000_000),
        ("between 1 and 1.5 million", 1_000_000, 1_500_000),
    ],
)
def test_numbers_with_a_clear_scale_before_a_scale_word(text: str, lo: float, hi: float) -> None:
    assert Range(lo, hi, PERSON) == parse_quantity(text)


# --------------------------------------------------------------------------- fraction words

FRACTION_WORDS = [
    ("half a million", 500_000, 10**6),
    ("a quarter of a million", 250_000, 10**6),
    ("one quarter of a million", 250_000, 10**6),
    ("three quarters of a million", 750_000, 10**6),
    ("three-quarters of a million", 750_000, 10**6),
    ("one and a half million", 1_500_000, 10**6),
    ("two and a half thousand", 2_500, 10**3),
    ("a quarter of a thousand", 250, 10**3),
    ("half a billion", 500_000_000, 10**9),
]


@pytest.mark.parametrize("one_digit", ["leading-one", "plain", "two"])
@pytest.mark.parametrize(("text", "value", "scale"), FRACTION_WORDS)
def test_every_fraction_word_is_precise_to_a_twentieth_of_its_scale(
    text: str, value: int, scale: int, one_digit: str
) -> None:
    policy = HedgePolicy(one_digit=one_digit)  # type: ignore[arg-type]
    half_width = scale // 20
    expected = Range(value - half_width, value + half_width, PERSON)
    assert expected == parse_quantity(text, policy=policy)


def test_fraction_words_are_exact_under_exact_rounding() -> None:
    policy = HedgePolicy(rounding="exact")
    assert Range.exact(250_000, PERSON) == parse_quantity("a quarter of a million", policy=policy)


# --------------------------------------------------------------------------- zero


@pytest.mark.parametrize("text", ["0", "zero", "Zero", "0,000", "about 0", "0 people a week"])
def test_a_whole_zero_is_exact(text: str) -> None:
    expected = parse_quantity(text)
    assert (0.0, 0.0, False) == (expected.lo, expected.hi, expected.is_empty)


def test_a_whole_zero_is_exact_in_other_units_too() -> None:
    assert Range.exact(0, "dimensionless") == parse_quantity("0", "dimensionless")


def test_a_zero_with_decimals_keeps_its_rounding_interval() -> None:
    assert Range(0, 0.05, PERSON) == parse_quantity("0.0")
    assert Range(-0.005, 0.005, "dimensionless") == parse_quantity("0.00", "dimensionless")


def test_exact_rounding_still_reads_zero_exactly() -> None:
    assert Range.exact(0, PERSON) == parse_quantity("0.0", policy=HedgePolicy(rounding="exact"))


# --------------------------------------------------------------------------- plural magnitudes


@pytest.mark.parametrize(
    ("text", "hi"),
    [
        ("up to hundreds", 1_000),
        ("at most thousands of people", 10_000),
        ("no more than tens of thousands", 100_000),
        ("hundreds or fewer", 1_000),
    ],
)
def test_at_most_a_plural_magnitude_keeps_its_open_end(text: str, hi: float) -> None:
    assert Range(0, hi, PERSON, hi_open=True) == parse_quantity(text)


def test_up_to_a_plural_magnitude_ends_where_the_magnitude_ends() -> None:
    bare, bounded = parse_quantity("hundreds"), parse_quantity("up to hundreds")
    assert (bare.hi, bare.hi_open) == (bounded.hi, bounded.hi_open)


def test_at_most_a_plural_magnitude_in_other_units() -> None:
    expected = Range(-INF, 1_000, "dimensionless", hi_open=True)
    assert expected == parse_quantity("up to hundreds", "dimensionless")
