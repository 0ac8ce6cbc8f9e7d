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


def test_sum_converts_other_into_own_unit() -> None:
    r = Range.exact(1, "person / week") + Range.exact(1, "person / day")
    assert Range.exact(8, "person / week") == r


def test_sum_with_number_needs_dimensionless_range() -> None:
    with pytest.raises(IncompatibleUnitsError, match="'dimensionless'"):
        Range(1, 2, "person") + 1


def test_sum_with_number() -> None:
    assert Range(2, 3) == Range(1, 2) + 1


def test_reflected_sum_with_number() -> None:
    assert Range(2, 3) == 1 + Range(1, 2)


def test_sum_with_quantity() -> None:
    assert Range(8, 9, "day") == Range(1, 2, "day") + ck.ureg.Quantity(1, "week")


def test_reflected_sum_with_quantity() -> None:
    assert Range(8, 9, "day") == ck.ureg.Quantity(1, "week") + Range(1, 2, "day")


def test_sum_with_unsupported_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Range(1, 2) + "3"  # type: ignore[operator]


def test_sum_of_open_and_closed_is_open() -> None:
    r = Range(1, 2, lo_open=True) + Range(1, 2, hi_open=True)
    assert (True, True) == (r.lo_open, r.hi_open)


def test_sum_with_empty_is_empty() -> None:
    assert Range.empty("person") == Range(1, 2, "person") + Range.empty("person")


def test_sum_overflowing_upper_end_is_unbounded() -> None:
    big = Range(1e308, 1.5e308)
    r = big + big
    assert (1.7976931348623157e308, INF, True) == (r.lo, r.hi, r.hi_open)


def test_difference() -> None:
    assert Range(-1, 3, lo_open=True) == Range(1, 4) - Range(1, 2, hi_open=True)


def test_difference_of_unbounded_ranges() -> None:
    assert Range(-INF, INF) == Range.at_least(1) - Range.at_least(1)


def test_reflected_difference() -> None:
    assert Range(8, 9) == 10 - Range(1, 2)


def test_negation_swaps_ends_and_flags() -> None:
    assert Range(-2, -1, lo_open=True) == -Range(1, 2, hi_open=True)


def test_negation_of_zero_is_positive_zero() -> None:
    assert "Range(0.0, 0.0, 'dimensionless')" == repr(-Range.exact(0))


def test_positive_sign_returns_the_range() -> None:
    r = Range(1, 2)
    assert r is +r


def test_product_of_positive_ranges() -> None:
    assert Range(3, 8) == Range(1, 2) * Range(3, 4)


def test_product_of_mixed_signs() -> None:
    assert Range(-8, 4) == Range(-2, 1) * Range(3, 4)


def test_product_of_range_with_itself_is_not_a_square() -> None:
    assert Range(-2, 4) == Range(-1, 2) * Range(-1, 2)


def test_product_units() -> None:
    assert Range(7, 14, "person") == Range(1, 2, "person / week") * Range.exact(7, "week")


def test_product_with_reduced_units_is_exact_when_possible() -> None:
    r = Range.exact(10_000, "person / week") * Range(28, 31, "day")
    assert 40_000.0 == r.lo
    assert Fraction(r.hi) >= Fraction(310_000, 7)


def test_product_zero_times_unbounded_is_zero() -> None:
    assert Range(0, INF) == Range(0, 1) * Range.at_least(1)


def test_product_with_closed_zero_end_keeps_zero_closed() -> None:
    r = Range(0, 1) * Range(2, 3, lo_open=True)
    assert (0.0, False) == (r.lo, r.lo_open)


def test_product_with_open_zero_end_is_open() -> None:
    r = Range(0, 1, lo_open=True) * Range(2, 3)
    assert (0.0, True) == (r.lo, r.lo_open)


def test_product_of_open_ends_is_open() -> None:
    assert Range.more_than(4) == Range.more_than(2) * Range.at_least(2)


def test_product_with_float() -> None:
    assert Range(2, 4, "person") == Range(1, 2, "person") * 2.0


def test_reflected_product_with_float() -> None:
    assert Range(2, 4, "person") == 2 * Range(1, 2, "person")


def test_product_with_quantity() -> None:
    assert Range(7, 14, "person") == Range(1, 2, "person / day") * ck.ureg.Quantity(7, "day")


def test_reflected_product_with_quantity() -> None:
    assert Range(7, 14, "person") == ck.ureg.Quantity(7, "day") * Range(1, 2, "person / day")


def test_product_rejects_array_quantity() -> None:
    import numpy as np

    with pytest.raises(InvalidRangeError, match="scalar"):
        Range(1, 2) * ck.ureg.Quantity(np.array([1.0, 2.0]), "day")


def test_product_with_empty_is_empty() -> None:
    assert Range.empty("person") == Range.empty("person") * Range(0, 0)


def test_inexact_product_is_widened_outward() -> None:
    r = Range.exact(0.1) * Range.exact(3)
    assert Fraction(r.lo) < 3 * Fraction(0.1) < Fraction(r.hi)


def test_quotient() -> None:
    assert Range(0.25, 1) == Range(1, 2) / Range(2, 4)


def test_quotient_units() -> None:
    r = Range.more_than(1_000_000, "person") / ck.ureg.Quantity(146, "week")
    assert "person / week" == r.unit


def test_quotient_of_same_units_is_dimensionless() -> None:
    assert Range(0.5, 2) == Range(1, 2, "person") / Range(1, 2, "person")


def test_quotient_by_range_with_zero_end_is_unbounded() -> None:
    assert Range.at_least(1) == Range(1, 2) / Range(0, 1)


def test_quotient_by_range_straddling_zero_is_the_whole_line() -> None:
    assert Range(-INF, INF) == Range(1, 2) / Range(-1, 1)


def test_quotient_of_zero_by_range_straddling_zero_is_zero() -> None:
    assert Range.exact(0) == Range.exact(0) / Range(-1, 1)


def test_quotient_by_zero_is_empty() -> None:
    assert Range.empty() == Range(1, 2) / Range.exact(0)


def test_quotient_by_unbounded_range_has_open_zero() -> None:
    assert Range(0, 2, lo_open=True) == Range(1, 2) / Range.at_least(1)


def test_quotient_by_negative_range() -> None:
    assert Range(-2, -0.5) == Range(1, 2) / Range(-2, -1)


def test_reflected_quotient() -> None:
    assert Range(0.5, 1, unit="1 / day") == 1 / Range(1, 2, "day")


def test_inexact_quotient_is_widened_outward() -> None:
    r = Range.exact(1) / Range.exact(3)
    assert Fraction(r.lo) < Fraction(1, 3) < Fraction(r.hi)


def test_square_of_range_straddling_zero() -> None:
    assert Range(0, 4) == Range(-1, 2) ** 2


def test_square_of_negative_range_swaps_flags() -> None:
    assert Range(1, 4, lo_open=True) == Range(-2, -1, hi_open=True) ** 2


def test_square_unit() -> None:
    assert "person ** 2" == (Range(1, 2, "person") ** 2).unit


def test_cube_keeps_sign() -> None:
    assert Range(-8, 1) == Range(-2, 1) ** 3


def test_zeroth_power_is_one() -> None:
    assert Range.exact(1) == Range(-5, 5, "person") ** 0


def test_negative_power_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="-1"):
        Range(1, 2) ** -1


def test_fractional_power_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Range(1, 2) ** 0.5  # type: ignore[operator]


# ---------------------------------------------------------------- units


def test_to_integral_factor_is_exact() -> None:
    assert Range.exact(14, "day") == Range.exact(2, "week").to("day")


def test_to_reciprocal_factor_divides_exactly() -> None:
    assert Range.exact(2, "week") == Range.exact(14, "day").to("week")


def test_to_inexact_factor_is_widened() -> None:
    r = Range.exact(10_000, "person / week").to("person / month")
    exact = Fraction(10_000) * Fraction(36525, 100) / 12 / 7
    assert Fraction(r.lo) < exact < Fraction(r.hi)


def test_to_keeps_open_and_unbounded_ends() -> None:
    assert Range.more_than(7, "day") == Range.more_than(1, "week").to("day")


def test_to_same_unit_returns_the_range() -> None:
    r = Range(1, 2, "person")
    assert r is r.to("people")


def test_to_incompatible_unit_names_both() -> None:
    with pytest.raises(IncompatibleUnitsError, match=r"'person'.*'day'"):
        Range(1, 2, "person").to("day")


def test_to_of_empty_is_empty_in_new_unit() -> None:
    assert Range.empty("day") == Range.empty("week").to("day")


def test_to_quantity() -> None:
    lo, hi = Range(1, 2, "person").to_quantity()
    assert (1.0, 2.0, "person", "person") == (
        lo.magnitude,
        hi.magnitude,
        str(lo.units),
        str(hi.units),
    )


def test_to_quantity_of_empty_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="empty"):
        Range.empty().to_quantity()


# ---------------------------------------------------------------- set operations


def test_intersection() -> None:
    assert Range(745_000, 750_000) == Range(650_000, 750_000) & Range(745_000, 755_000)


def test_intersection_keeps_the_stricter_flag_on_ties() -> None:
    assert Range(1, 2, lo_open=True) == Range(1, 3, lo_open=True) & Range(1, 2)


def test_intersection_of_disjoint_ranges_is_empty() -> None:
    assert Range.empty("person") == Range(1, 2, "person") & Range(3, 4, "person")


def test_intersection_at_an_open_end_is_empty() -> None:
    assert (Range.more_than(5) & Range.at_most(5)).is_empty


def test_intersection_at_closed_ends_is_a_point() -> None:
    assert Range.exact(5) == Range.at_least(5) & Range.at_most(5)


def test_intersection_converts_units() -> None:
    assert Range(7, 14, "day") == Range(0, 14, "day") & Range(1, 3, "week")


def test_intersection_method() -> None:
    assert Range(2, 3) == Range(1, 3).intersection(Range(2, 4))


def test_intersection_with_a_number_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Range(1, 2) & 1  # type: ignore[operator]


def test_hull() -> None:
    assert Range(1, 4, hi_open=True) == Range(1, 2) | Range(3, 4, hi_open=True)


def test_hull_keeps_the_looser_flag_on_ties() -> None:
    assert Range(1, 2) == Range(1, 2, lo_open=True) | Range(1, 2)


def test_hull_with_empty_is_the_other() -> None:
    assert Range(1, 2) == Range.empty() | Range(1, 2)


def test_hull_method() -> None:
    assert Range(1, 4) == Range(1, 2).hull(Range(3, 4))


def test_contains_number_in_own_unit() -> None:
    assert Range.from_rounded("700,000", "person").contains(650_000)


def test_contains_respects_open_end() -> None:
    assert not Range.more_than(5).contains(5)


def test_contains_quantity_in_another_unit() -> None:
    assert Range(6, 8, "day").contains(ck.ureg.Quantity(1, "week"))


def test_contains_range() -> None:
    assert not Range(1, 2).contains(Range(1, 3))


def test_contains_open_subrange_at_open_end() -> None:
    assert Range(1, 2, lo_open=True).contains(Range(1, 2, lo_open=True))


def test_contains_empty() -> None:
    assert Range(1, 2).contains(Range.empty())


def test_empty_contains_nothing() -> None:
    assert not Range.empty().contains(1)


def test_in_operator() -> None:
    assert 1.5 in Range(1, 2)


def test_contains_nan_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="NaN"):
        Range(1, 2).contains(math.nan)


def test_contains_other_dimension_is_an_error() -> None:
    with pytest.raises(IncompatibleUnitsError):
        Range(1, 2, "person").contains(Range(1, 2, "day"))


def test_contains_rejects_strings() -> None:
    with pytest.raises(InvalidRangeError, match="'1'"):
        Range(1, 2).contains("1")  # type: ignore[arg-type]


def test_overlaps_at_closed_ends() -> None:
    assert Range(1, 2).overlaps(Range(2, 3))


def test_no_overlap_at_open_end() -> None:
    assert not Range(1, 2, hi_open=True).overlaps(Range(2, 3))


def test_gap_between_disjoint_ranges() -> None:
    assert 50_000.0 == Range.exact(700_000).gap(Range(750_000, 800_000))


def test_gap_is_symmetric_in_value() -> None:
    assert 50_000.0 == Range(750_000, 800_000).gap(Range.exact(700_000))


def test_gap_of_touching_open_ends_is_zero() -> None:
    assert 0.0 == Range.more_than(5).gap(Range.less_than(5))


def test_gap_is_in_own_unit() -> None:
    assert 7.0 == Range.exact(0, "day").gap(Range.exact(1, "week"))


def test_gap_with_unbounded_range() -> None:
    assert 5.0 == Range.at_most(5).gap(Range.at_least(10))


def test_gap_with_empty_is_infinite() -> None:
    assert INF == Range(1, 2).gap(Range.empty())


def test_gap_is_rounded_down() -> None:
    g = Range.exact(0.1).gap(Range.exact(0.3))
    assert Fraction(g) <= Fraction(0.3) - Fraction(0.1)


def test_width() -> None:
    assert 100_000.0 == Range.from_rounded("700,000").width


def test_width_of_unbounded_is_infinite() -> None:
    assert INF == Range.at_least(0).width


def test_width_of_empty_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="no width"):
        _ = Range.empty().width


def test_midpoint() -> None:
    assert 700_000.0 == Range(650_000, 750_000).midpoint


def test_midpoint_of_huge_range_does_not_overflow() -> None:
    assert 1.398846567431158e308 == Range(1e308, 1.7976931348623157e308).midpoint


def test_midpoint_of_unbounded_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="no midpoint"):
        _ = Range.at_least(0).midpoint


def test_midpoint_of_empty_is_an_error() -> None:
    with pytest.raises(InvalidRangeError, match="empty range has no midpoint"):
        _ = Range.empty().midpoint


def test_isclose_across_units() -> None:
    assert Range.exact(1, "week").isclose(Range.exact(7, "day"))


def test_isclose_detects_difference() -> None:
    assert not Range(1, 2).isclose(Range(1, 2.1))


def test_isclose_with_absolute_tolerance() -> None:
    assert Range(1, 2).isclose(Range(1, 2.1), abs=0.2)


def test_isclose_of_empty_ranges() -> None:
    assert Range.empty().isclose(Range.empty())


def test_isclose_of_empty_and_non_empty() -> None:
    assert not Range.empty().isclose(Range(1, 2))


# ---------------------------------------------------------------- comparisons


def test_certainly_lt_with_open_touching_end() -> None:
    assert Range(1, 2, hi_open=True).certainly_lt(2)


def test_not_certainly_lt_with_closed_touching_end() -> None:
    assert not Range(1, 2).certainly_lt(2)


def test_certainly_le_with_closed_touching_end() -> None:
    assert Range(1, 2).certainly_le(Range(2, 3))


def test_certainly_gt() -> None:
    assert Range.more_than(1_000_000).certainly_gt(1_000_000)


def test_certainly_ge() -> None:
    assert Range.at_least(5).certainly_ge(Range(1, 5))


def test_possibly_lt() -> None:
    assert Range(1, 3).possibly_lt(2)


def test_not_possibly_lt() -> None:
    assert not Range(2, 3).possibly_lt(2)


def test_possibly_le_at_closed_ends() -> None:
    assert Range(2, 3).possibly_le(2)


def test_not_possibly_le_at_open_end() -> None:
    assert not Range(2, 3, lo_open=True).possibly_le(2)


def test_possibly_gt() -> None:
    assert Range.from_rounded("700,000").possibly_gt(740_000)


def test_possibly_ge() -> None:
    assert not Range.less_than(5).possibly_ge(5)


def test_comparisons_with_empty_are_vacuous() -> None:
    assert (True, False) == (Range.empty().certainly_lt(1), Range.empty().possibly_lt(1))


def test_comparison_converts_units() -> None:
    assert Range.exact(6, "day").certainly_lt(ck.ureg.Quantity(1, "week"))


def test_ranges_are_not_ordered() -> None:
    with pytest.raises(TypeError):
        Range(1, 2) < Range(3, 4)  # type: ignore[operator]  # noqa: B015


# ---------------------------------------------------------------- internal construction


def test_arithmetic_results_are_ranges() -> None:
    assert Range is type(Range(1, 2) + Range(3, 4))


def test_slow_builder_builds_the_same_range() -> None:
    from claimkit.values._range_make import make_slowly

    assert Range(1, 2, "person", lo_open=True) == make_slowly(1.0, 2.0, "person", True, False)


def test_replace_finite_end_of_unbounded_range_is_closed() -> None:
    assert Range(1, 5, "person") == Range.at_least(1, "person").replace(hi=5)


def test_replace_keeps_given_flag() -> None:
    assert Range(1, 5, hi_open=True) == Range.at_least(1).replace(hi=5, hi_open=True)


def test_zeroth_power_of_empty_is_empty() -> None:
    assert Range.empty() == Range.empty("person") ** 0


def test_pickle_round_trip() -> None:
    import pickle

    r = Range.more_than(1_000_000, "person")
    assert r == pickle.loads(pickle.dumps(r))


# ---------------------------------------------------------------- numbers beyond floats


@pytest.mark.parametrize(
    "number",
    [10**400, -(10**400), "1" + "0" * 400, Decimal("1e400"), 10**5000, 17 * 10**308],
    ids=["int", "negative int", "text", "Decimal", "5,000 digits", "just beyond"],
)
def test_from_rounded_refuses_a_number_beyond_the_largest_float(number: object) -> None:
    with pytest.raises(ck.InvalidRangeError, match="beyond the largest float"):
        Range.from_rounded(number)  # type: ignore[arg-type]


def test_from_rounded_refuses_more_digits_than_an_int_reads() -> None:
    with pytest.raises(ck.InvalidRangeError, match="more digits than an int can be read from"):
        Range.from_rounded("9" * 5000)


def test_from_rounded_reads_a_number_just_below_the_largest_float() -> None:
    r = Range.from_rounded(10**308)
    assert r.contains(1e308)
    assert r.hi == 1.5e308


# ---------------------------------------------------------------- ends that underflow to zero


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (Range(1e-200, 1) * Range(1e-200, 1), Range(0, 1, lo_open=True)),
        (Range(-1, -1e-200) * Range(1e-200, 1), Range(-1, 0, hi_open=True)),
        (Range(1e-200, 1) / Range(1, 1e200), Range(0, 1, lo_open=True)),
        (Range(1e-200, 1) ** 2, Range(0, 1, lo_open=True)),
        (Range(1e-200, 1e-100, "person") * Range(1e-200, 1),
         Range(0, 1e-100, "person", lo_open=True)),
        (Range.exact(1e-320, "person / week").to("person / second"),
         Range(0, 5e-324, "person / second", lo_open=True)),
    ],
    ids=["product", "negative product", "quotient", "power", "large and small", "conversion"],
)  # fmt: skip
def test_an_end_that_underflows_to_zero_is_open(result: Range, expected: Range) -> None:
    assert expected == result
    assert not result.contains(0)


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (Range(0, 1) * Range(1e-200, 1), Range(0, 1)),
        (Range(-1e-200, 0) ** 2, Range(0, 5e-324)),
        (Range(-1e-200, 1e-200) * Range(1e-200, 1), Range(-1e-200, 1e-200)),
    ],
)
def test_zero_that_the_set_holds_stays_a_closed_end(result: Range, expected: Range) -> None:
    assert expected == result
