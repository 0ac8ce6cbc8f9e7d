"""Laws of Range: inclusion of exact results, set-operation laws, text round trips.

The strategies below are local to this file; the public ``claimkit.strategies`` module
will replace them.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from claimkit import Range
from claimkit.values._rounding import fraction_down, fraction_up

INF = math.inf

finite = st.floats(allow_nan=False, allow_infinity=False)
# Small integers and short decimals are what claims are made of; they exercise exactness.
friendly = st.one_of(
    st.integers(-(10**9), 10**9).map(float),
    st.decimals(-(10**6), 10**6, places=2).map(float),
)
ends = st.one_of(friendly, finite)


@st.composite
def ranges(draw: st.DrawFn, unit: str = "dimensionless", *, unbounded: bool = True) -> Range:
    """Non-empty ranges: any finite ends, sometimes unbounded, with random open flags."""
    a, b = sorted((draw(ends), draw(ends)))
    if unbounded and draw(st.integers(0, 4)) == 0:
        a = -INF
    if unbounded and draw(st.integers(0, 4)) == 0:
        b = INF
    if a == b:
        return Range(a, b, unit)
    return Range(a, b, unit, lo_open=draw(st.booleans()), hi_open=draw(st.booleans()))


maybe_empty = st.one_of(ranges(), st.just(Range.empty()))


@st.composite
def ranges_with_points(draw: st.DrawFn) -> tuple[Range, Fraction]:
    """A non-empty range and an exact (rational) number in it, often one of its ends."""
    r = draw(ranges())
    if r.lo == r.hi:
        return r, Fraction(r.lo)
    x = draw(
        st.floats(
            min_value=None if r.lo == -INF else r.lo,
            max_value=None if r.hi == INF else r.hi,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    point = Fraction(x)
    if (x == r.lo and r.lo_open) or (x == r.hi and r.hi_open):
        # An open end is not in the range: step halfway towards the other end.
        if r.lo == -INF:
            point -= 1
        elif r.hi == INF:
            point += 1
        else:
            point = (Fraction(r.lo) + Fraction(r.hi)) / 2
    return r, point


def holds(r: Range, exact: Fraction) -> bool:
    """Whether the exact rational value lies in the range, honouring open ends."""
    if r.is_empty:
        return False
    above_lo = r.lo == -INF or (Fraction(r.lo) < exact if r.lo_open else Fraction(r.lo) <= exact)
    below_hi = r.hi == INF or (exact < Fraction(r.hi) if r.hi_open else exact <= Fraction(r.hi))
    return above_lo and below_hi


ARITHMETIC: list[tuple[str, Callable[[Range, Range], Range], Callable[..., Fraction]]] = [
    ("+", operator.add, operator.add),
    ("-", operator.sub, operator.sub),
    ("*", operator.mul, operator.mul),
    ("/", operator.truediv, operator.truediv),
]


@given(ranges_with_points(), ranges_with_points())
def test_sum_contains_exact_sums(xr: tuple[Range, Fraction], yr: tuple[Range, Fraction]) -> None:
    (x_range, x), (y_range, y) = xr, yr
    assert holds(x_range + y_range, x + y)


@given(ranges_with_points(), ranges_with_points())
def test_difference_contains_exact_differences(
    xr: tuple[Range, Fraction], yr: tuple[Range, Fraction]
) -> None:
    (x_range, x), (y_range, y) = xr, yr
    assert holds(x_range - y_range, x - y)


@given(ranges_with_points(), ranges_with_points())
def test_product_contains_exact_products(
    xr: tuple[Range, Fraction], yr: tuple[Range, Fraction]
) -> None:
    (x_range, x), (y_range, y) = xr, yr
    assert holds(x_range * y_range, x * y)


@given(ranges_with_points(), ranges_with_points())
def test_quotient_contains_exact_quotients(
    xr: tuple[Range, Fraction], yr: tuple[Range, Fraction]
) -> None:
    (x_range, x), (y_range, y) = xr, yr
    assume(y != 0)
    assert holds(x_range / y_range, x / y)


@given(ranges_with_points())
def test_square_contains_exact_squares(xr: tuple[Range, Fraction]) -> None:
    x_range, x = xr
    assert holds(x_range**2, x**2)


@given(ranges_with_points())
def test_cube_contains_exact_cubes(xr: tuple[Range, Fraction]) -> None:
    x_range, x = xr
    assert holds(x_range**3, x**3)


@given(ranges_with_points())
def test_negation_contains_negated_points(xr: tuple[Range, Fraction]) -> None:
    x_range, x = xr
    assert holds(-x_range, -x)


@given(finite, finite, st.sampled_from(ARITHMETIC))
def test_exact_operands_give_the_tightest_enclosure(
    x: float, y: float, op: tuple[str, Callable[[Range, Range], Range], Callable[..., Fraction]]
) -> None:
    _, on_ranges, on_fractions = op
    assume(op[0] != "/" or y != 0.0)
    exact = on_fractions(Fraction(x), Fraction(y))
    result = on_ranges(Range.exact(x), Range.exact(y))
    assert (fraction_down(exact), fraction_up(exact)) == (result.lo, result.hi)


@given(friendly, friendly)
def test_exact_float_results_are_not_widened(x: float, y: float) -> None:
    exact = Fraction(x) + Fraction(y)
    assume(Fraction(float(exact)) == exact)
    result = Range.exact(x) + Range.exact(y)
    assert result.lo == result.hi


@given(maybe_empty, maybe_empty)
def test_intersection_lies_within_both(a: Range, b: Range) -> None:
    both = a & b
    assert a.contains(both)
    assert b.contains(both)


@given(maybe_empty, maybe_empty)
def test_hull_contains_both(a: Range, b: Range) -> None:
    hull = a | b
    assert hull.contains(a)
    assert hull.contains(b)


@given(ranges_with_points(), ranges())
def test_point_in_both_is_in_intersection(xr: tuple[Range, Fraction], b: Range) -> None:
    a, x = xr
    assert holds(a & b, x) == holds(b, x)


@given(maybe_empty, maybe_empty)
def test_intersection_commutes(a: Range, b: Range) -> None:
    assert a & b == b & a


@given(maybe_empty, maybe_empty)
def test_hull_commutes(a: Range, b: Range) -> None:
    assert a | b == b | a


@given(maybe_empty, maybe_empty)
def test_addition_commutes(a: Range, b: Range) -> None:
    assert a + b == b + a


@given(maybe_empty, maybe_empty)
def test_multiplication_commutes(a: Range, b: Range) -> None:
    assert a * b == b * a


@given(maybe_empty)
def test_negation_is_an_involution(a: Range) -> None:
    negated = -a
    assert a == -negated


@given(maybe_empty, maybe_empty)
def test_overlap_is_a_non_empty_intersection(a: Range, b: Range) -> None:
    assert a.overlaps(b) == (not (a & b).is_empty)


@given(ranges(), ranges())
def test_gap_is_zero_exactly_when_closures_meet(a: Range, b: Range) -> None:
    meet = a.lo <= b.hi and b.lo <= a.hi
    assert meet == (0.0 == a.gap(b))


@given(ranges(), ranges())
def test_certainly_lt_implies_possibly_lt(a: Range, b: Range) -> None:
    assert not a.certainly_lt(b) or a.possibly_lt(b)


@given(ranges(), ranges())
def test_certainly_lt_is_the_negation_of_possibly_ge(a: Range, b: Range) -> None:
    assert a.certainly_lt(b) == (not a.possibly_ge(b))


@given(ranges(), ranges())
def test_certainly_le_is_the_negation_of_possibly_gt(a: Range, b: Range) -> None:
    assert a.certainly_le(b) == (not a.possibly_gt(b))


@given(st.one_of(ranges("person / week"), st.just(Range.empty("person"))))
def test_repr_round_trips(r: Range) -> None:
    assert r == eval(repr(r), {"Range": Range, "inf": INF})


def _parse_end(text: str) -> float:
    return float(text.replace(",", ""))


@given(ranges("person"))
def test_str_carries_the_exact_ends(r: Range) -> None:
    interval, unit = str(r).rsplit(" ", 1)
    lo_text, hi_text = interval[1:-1].split(", ")
    assert (r.lo, r.hi, r.lo_open, r.hi_open, r.unit) == (
        _parse_end(lo_text),
        _parse_end(hi_text),
        interval[0] == "(",
        interval[-1] == ")",
        unit,
    )


@given(
    ranges("person / week", unbounded=True),
    st.sampled_from(["person / day", "person / month", "person / year", "person / hour"]),
)
def test_conversion_round_trip_contains_the_original(r: Range, unit: str) -> None:
    assert r.to(unit).to("person / week").contains(r)


@given(ranges_with_points())
def test_converted_range_contains_converted_points(xr: tuple[Range, Fraction]) -> None:
    r, x = xr
    weekly = Range(r.lo, r.hi, "person / week", lo_open=r.lo_open, hi_open=r.hi_open)
    assert holds(weekly.to("person / day"), x / 7)
