from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

import claimkit as ck
from claimkit import Range
from claimkit.errors import IncompatibleUnitsError, InvalidRangeError, UnitError

INF = math.inf


# ---------------------------------------------------------------- constructor


def test_constructor_converts_ints_to_floats() -> None:
    r = Range(1, 2, "person")
    assert (1.0, 2.0) == (r.lo, r.hi)
    assert float is type(r.lo)


def test_constructor_normalises_unit() -> None:
    assert "person / week" == Range(1, 2, "people / week").unit


def test_constructor_accepts_pint_unit() -> None:
    assert "day" == Range(1, 2, ck.ureg.Unit("day")).unit


def test_default_unit_is_dimensionless() -> None:
    assert "dimensionless" == Range(1, 2).unit


def test_infinite_ends_become_open() -> None:
    r = Range(-INF, INF)
    assert (True, True) == (r.lo_open, r.hi_open)


def test_negative_zero_becomes_zero() -> None:
    assert "Range(0.0, 0.0, 'dimensionless')" == repr(Range(-0.0, -0.0))


def test_unrepresentable_int_is_rounded_outward() -> None:
    r = Range.exact(2**53 + 1)
    assert (2.0**53, 2.0**53 + 2) == (r.lo, r.hi)


def test_fraction_and_decimal_ends_are_rounded_outward() -> None:
    r = Range(Fraction(1, 3), Decimal("0.5"))
    assert Fraction(r.lo) <= Fraction(1, 3)
    assert 0.5 == r.hi


def test_lo_above_hi_is_an_error_quoting_both() -> None:
    with pytest.raises(InvalidRangeError, match=r"lo=2\.0 is above hi=1\.0"):
        Range(2, 1)


def test_nan_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="NaN"):
        Range(math.nan, 1)


def test_non_number_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="'1'"):
        Range("1", 2)  # type: ignore[arg-type]


def test_bool_end_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="bool"):
        Range(True, 2)


def test_open_end_on_exact_value_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match=r"lo == hi == 5\.0 with an open end"):
        Range(5, 5, lo_open=True)


def test_degenerate_infinite_range_is_an_error() -> None:
    with pytest.raises(InvalidRangeError):
        Range(INF, INF)


def test_open_flag_must_be_bool() -> None:
    with pytest.raises(InvalidRangeError, match="lo_open must be True or False"):
        Range(1, 2, lo_open=1)  # type: ignore[arg-type]


def test_unknown_unit_is_an_error() -> None:
    with pytest.raises(UnitError, match="bananas"):
        Range(1, 2, "bananas")


def test_equality_is_structural() -> None:
    assert Range(1, 2, "people") == Range(1.0, 2.0, "person")


def test_hash_matches_equality() -> None:
    assert hash(Range(0.0, 1)) == hash(Range(-0.0, 1.0))


def test_range_is_frozen() -> None:
    r = Range(1, 2)
    with pytest.raises(AttributeError):
        r.lo = 0.0  # type: ignore[misc]


def test_replace_validates() -> None:
    with pytest.raises(InvalidRangeError):
        Range(1, 2).replace(lo=3)


# ---------------------------------------------------------------- named constructors


def test_exact() -> None:
    assert Range(3, 3, "person") == Range.exact(3, "person")


def test_exact_rejects_infinity() -> None:
    with pytest.raises(InvalidRangeError):
        Range.exact(INF)


def test_at_least() -> None:
    assert Range(3, INF, "person") == Range.at_least(3, "person")


def test_more_than() -> None:
    assert Range(3, INF, "person", lo_open=True) == Range.more_than(3, "person")


def test_at_most_is_not_clipped_at_zero() -> None:
    assert Range(-INF, 3, "person") == Range.at_most(3, "person")


def test_less_than() -> None:
    assert Range(-INF, 3, "person", hi_open=True) == Range.less_than(3, "person")


def test_around_rel_reads_float_as_decimal() -> None:
    assert Range(665_000, 735_000, "person") == Range.around(700_000, "person", rel=0.05)


def test_around_rel_of_negative_centre() -> None:
    assert Range(-110, -90) == Range.around(-100, rel=0.1)


def test_around_abs() -> None:
    assert Range(45_680, 45_700) == Range.around(45_690, abs=10)


def test_around_needs_exactly_one_tolerance() -> None:
    with pytest.raises(InvalidRangeError, match="exactly one of rel and abs"):
        Range.around(1, rel=0.1, abs=1)


def test_around_without_tolerance_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="exactly one"):
        Range.around(1)


def test_around_rejects_negative_tolerance() -> None:
    with pytest.raises(InvalidRangeError, match=r"-0\.1"):
        Range.around(1, rel=-0.1)


def test_around_rejects_infinite_centre() -> None:
    with pytest.raises(InvalidRangeError, match="finite"):
        Range.around(INF, abs=1)


@pytest.mark.parametrize(
    ("numeral", "lo", "hi"),
    [
        ("700,000", 650_000, 750_000),
        ("45,690", 45_685, 45_695),
        ("750,000", 745_000, 755_000),
        ("43,000", 42_500, 43_500),
        ("370000", 365_000, 375_000),
        ("45 690", 45_685, 45_695),
        ("45\u2009690", 45_685, 45_695),
        ("45\u202f690", 45_685, 45_695),
        ("1,000,000", 500_000, 1_500_000),
        ("1.5", 1.45, 1.55),
        ("-700,000", -750_000, -650_000),
        ("0", -0.5, 0.5),
        ("12", 11.5, 12.5),
    ],
)
def test_from_rounded_text(numeral: str, lo: float, hi: float) -> None:
    r = Range.from_rounded(numeral)
    assert Fraction(r.lo) <= Fraction(str(lo))
    assert Fraction(r.hi) >= Fraction(str(hi))
    assert r.hi - r.lo <= (hi - lo) * (1 + 1e-15)


def test_from_rounded_is_closed() -> None:
    r = Range.from_rounded("700,000", "person")
    assert (False, False) == (r.lo_open, r.hi_open)


def test_from_rounded_decimal_keeps_trailing_zero() -> None:
    assert math.isclose(0.01, Range.from_rounded("1.20").width)


def test_from_rounded_min_significant() -> None:
    expected = Range(950_000, 1_050_000, "person")
    assert expected == Range.from_rounded("1,000,000", "person", min_significant=2)


def test_from_rounded_int() -> None:
    assert Range(650_000, 750_000) == Range.from_rounded(700_000)


def test_from_rounded_integral_float() -> None:
    assert Range(650_000, 750_000) == Range.from_rounded(700_000.0)


def test_from_rounded_float_uses_shortest_repr() -> None:
    assert math.isclose(0.1, Range.from_rounded(2.5).width)


def test_from_rounded_decimal_keeps_exponent() -> None:
    assert math.isclose(0.001, Range.from_rounded(Decimal("2.500")).width)


def test_from_rounded_rejects_bad_grouping() -> None:
    with pytest.raises(InvalidRangeError, match="'10,00'"):
        Range.from_rounded("10,00")


def test_from_rounded_rejects_words() -> None:
    with pytest.raises(InvalidRangeError, match="'about 5'"):
        Range.from_rounded("about 5")


def test_from_rounded_rejects_nan() -> None:
    with pytest.raises(InvalidRangeError, match="not finite"):
        Range.from_rounded(math.nan)


def test_from_rounded_rejects_bad_min_significant() -> None:
    with pytest.raises(InvalidRangeError, match="min_significant"):
        Range.from_rounded("700", min_significant=0)


def test_empty() -> None:
    nothing = Range.empty("person")
    assert (True, "person") == (nothing.is_empty, nothing.unit)


def test_empty_is_not_a_constructible_range() -> None:
    nothing = Range.empty()
    with pytest.raises(InvalidRangeError):
        Range(nothing.lo, nothing.hi, lo_open=True, hi_open=True)


# ---------------------------------------------------------------- text


def test_repr_closed() -> None:
    assert "Range(650000.0, 750000.0, 'person')" == repr(Range(650_000, 750_000, "person"))


def test_repr_open_lower_end() -> None:
    expected = "Range(1000000.0, inf, 'person', lo_open=True)"
    assert expected == repr(Range.more_than(1_000_000, "person"))


def test_repr_round_trips() -> None:
    r = Range(-INF, 2.5, "person / week", hi_open=True)
    assert r == eval(repr(r), {"Range": Range, "inf": INF})


def test_repr_of_empty_round_trips() -> None:
    r = Range.empty("person")
    assert r == eval(repr(r), {"Range": Range, "inf": INF})


def test_str_closed() -> None:
    assert "[650,000, 750,000] person" == str(Range(650_000, 750_000, "person"))


def test_str_open() -> None:
    assert "(1,000,000, inf) person" == str(Range.more_than(1_000_000, "person"))


def test_str_keeps_exact_digits() -> None:
    assert "[6,849.315068493151, 7,000] person / week" == str(
        Range(6_849.315068493151, 7_000, "person / week")
    )


def test_str_of_dimensionless_has_no_unit() -> None:
    assert "(-inf, 0.5]" == str(Range.at_most(0.5))


def test_str_of_empty() -> None:
    assert "∅ person" == str(Range.empty("person"))


def test_str_of_large_float_uses_exponent() -> None:
    assert "[0, 1e+20]" == str(Range(0, 1e20))


def test_format_spec_applies_to_both_ends() -> None:
    assert "[6,849, 7,000] person / week" == format(
        Range(6_849.315068493151, 7_000, "person / week"), ",.0f"
    )


def test_bool_is_ambiguous() -> None:
    with pytest.raises(TypeError, match="ambiguous"):
        bool(Range(1, 2))


# ---------------------------------------------------------------- arithmetic


def test_exact_sum_stays_exact() -> None:
    r = Range.more_than(10, "person") + Range.exact(5, "person")
    assert Range.more_than(15, "person") == r


def test_inexact_sum_is_widened_outward() -> None:
    r = Range.exact(0.1) + Range.exact(0.2)
    assert Fraction(r.lo) < Fraction(1, 10) + Fraction(2, 10) < Fraction(r.hi)


def test_sum_with_incompatible_units_names_both() -> None:
    with pytest.raises(IncompatibleUnitsError, match=r"'person / week'.*'person'"):
        Range(1, 2, "person") + Range(1, 2, "person / week")
