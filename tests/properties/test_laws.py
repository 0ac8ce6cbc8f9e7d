"""Laws of claimkit, drawn with claimkit.strategies.

Range arithmetic with plain numbers and quantities contains the exact result; the
interval laws that hold (associativity of + and * on exact inputs, subdistributivity)
hold, and the ones that do not hold for intervals fail as documented; unit conversions
round-trip outward. check() never finds a conflict among claims that contain one
truth, and always finds one, naming the pushed claim, when a claim is pushed out; its
propagated bounds hold the values a claim allows. Relaxation moves no claim of a
consistent set and makes a conflicting one consistent by widening claims. Claims files
read back what was written.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimkit import Claim, ClaimSet, Period, Range, Sum, check
from claimkit.files.claimsfile import Format, dumps, loads
from claimkit.reconciliation import reconcile
from claimkit.strategies import PUSHED_NOTE, claim_sets, claims, quantities, ranges, sources

INF = math.inf
Op = Callable[[object, object], object]
OPS: list[tuple[str, Op]] = [
    ("+", operator.add),
    ("-", operator.sub),
    ("*", operator.mul),
    ("/", operator.truediv),
]


def holds(r: Range, x: Fraction) -> bool:
    """Whether the exact number ``x`` lies in ``r``, honouring open ends."""
    above = r.lo == -INF or (Fraction(r.lo) < x if r.lo_open else Fraction(r.lo) <= x)
    below = r.hi == INF or (x < Fraction(r.hi) if r.hi_open else x <= Fraction(r.hi))
    return above and below


@st.composite
def members(draw: st.DrawFn, r: Range) -> Fraction:
    """Draw an exact rational number of ``r`` (a non-empty range)."""
    lo = None if r.lo == -INF else Fraction(r.lo)
    hi = None if r.hi == INF else Fraction(r.hi)
    x = draw(st.fractions(min_value=lo, max_value=hi))
    if holds(r, x):
        return x
    # x is an open end: step inside.
    if lo is None:
        return x - 1
    if hi is None:
        return x + 1
    return (lo + hi) / 2


@st.composite
def with_members(draw: st.DrawFn, unit: str = "dimensionless") -> tuple[Range, Fraction]:
    r = draw(ranges(unit=unit))
    return r, draw(members(r))


# --------------------------------------------------------------------------- inclusion


@pytest.mark.parametrize("reflected", [False, True], ids=["range-op-number", "number-op-range"])
@given(with_members(), st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(OPS))
def test_range_and_number_contain_the_exact_result(
    reflected: bool, case: tuple[Range, Fraction], y: float, op: tuple[str, Op]
) -> None:
    r, x = case
    name, apply = op
    left, right = (y, r) if reflected else (r, y)
    exact = (Fraction(y), x) if reflected else (x, Fraction(y))
    assume(name != "/" or exact[1] != 0)
    result = apply(left, right)
    assert (True, True) == (isinstance(result, Range), holds(result, apply(*exact)))


@given(
    with_members("person"),
    quantities(unit="person", min_value=-1e12, max_value=1e12),
    st.sampled_from(OPS[:2]),
)
def test_range_with_a_quantity_of_its_unit_contains_the_exact_result(
    case: tuple[Range, Fraction], q: Any, op: tuple[str, Op]
) -> None:
    r, x = case
    _, apply = op
    result: Any = apply(r, q)
    assert ("person", True) == (result.unit, holds(result, apply(x, Fraction(q.magnitude))))


@given(with_members("person"), quantities(unit="day", min_value=1e-3, max_value=1e6))
def test_count_over_a_duration_contains_the_exact_rate(
    case: tuple[Range, Fraction], days: Any
) -> None:
    r, x = case
    rate = r / days
    assert ("person / day", True) == (rate.unit, holds(rate, x / Fraction(days.magnitude)))


@given(with_members(), st.integers(min_value=0, max_value=6))
def test_powers_contain_the_exact_powers(case: tuple[Range, Fraction], n: int) -> None:
    r, x = case
    assert holds(r**n, x**n)


# The exact ratios of pint's definitions (a month is 30.4375 days, a year 365.25).
_PER_WEEK = {
    "person / day": Fraction(1, 7),
    "person / month": Fraction(30.4375) / 7,
    "person / year": Fraction(365.25) / 7,
    "person / hour": Fraction(1, 7 * 24),
}


@given(with_members("person / week"), st.sampled_from(sorted(_PER_WEEK)))
def test_conversion_contains_the_converted_members(case: tuple[Range, Fraction], unit: str) -> None:
    r, x = case
    assert holds(r.to(unit), x * _PER_WEEK[unit])


@given(with_members(), ranges(allow_empty=True))
def test_hull_contains_the_members_of_both(case: tuple[Range, Fraction], other: Range) -> None:
    r, x = case
    assert holds(r | other, x)


@given(ranges(bounded=True))
def test_midpoint_lies_in_the_range(r: Range) -> None:
    assert r.lo <= r.midpoint <= r.hi


# --------------------------------------------------------------------------- algebra

# Ends that are small whole numbers: sums and products of up to three of them are exact
# in floating point, so the interval laws can be checked with ``==`` and ``contains``.
small = ranges(min_value=-(2**16), max_value=2**16).map(
    lambda r: r.replace(lo=float(math.floor(r.lo)), hi=float(math.ceil(r.hi)))
)
small_or_unbounded = st.one_of(
    small,
    st.integers(-(2**16), 2**16).map(Range.at_least),
    st.integers(-(2**16), 2**16).map(Range.less_than),
)


@given(small_or_unbounded, small_or_unbounded, small_or_unbounded)
def test_addition_is_associative_on_exact_inputs(a: Range, b: Range, c: Range) -> None:
    assert (a + b) + c == a + (b + c)


@given(small, small, small)
def test_multiplication_is_associative_on_exact_inputs(a: Range, b: Range, c: Range) -> None:
    assert (a * b) * c == a * (b * c)


@given(small_or_unbounded, small_or_unbounded, small_or_unbounded)
def test_multiplication_is_subdistributive(a: Range, b: Range, c: Range) -> None:
    assert (a * b + a * c).contains(a * (b + c))


def test_addition_is_not_associative_when_rounding() -> None:
    # 1e16 + 1 is not a float, so (a + b) is widened to [1e16, 1e16 + 2] and the sum
    # to [1e16, 1e16 + 4]; b + c = 2 is exact, and so is a + 2. Both contain 1e16 + 2.
    a, b, c = Range.exact(1e16), Range.exact(1.0), Range.exact(1.0)
    assert (Range(1e16, 1e16 + 4), Range.exact(1e16 + 2)) == ((a + b) + c, a + (b + c))


@given(ranges(bounded=True))
def test_subtracting_a_range_from_itself_is_not_zero(a: Range) -> None:
    # The two operands are independent: a - a is every x - y for x, y in a.
    assume(a.lo < a.hi)
    difference = a - a
    assert (True, False) == (difference.contains(0), difference == Range.exact(0))


@given(ranges(bounded=True, min_value=1))
def test_dividing_a_range_by_itself_is_not_one(a: Range) -> None:
    assume(a.lo < a.hi)
    quotient = a / a
    assert (True, False) == (quotient.contains(1), quotient == Range.exact(1))


def test_distributivity_fails() -> None:
    a, b, c = Range(1, 2), Range.exact(1), Range.exact(-1)
    assert (Range.exact(0), Range(-1, 1)) == (a * (b + c), a * b + a * c)


def test_squaring_is_tighter_than_multiplying_by_itself() -> None:
    a = Range(-1, 2)
    assert (Range(0, 4), Range(-2, 4)) == (a**2, a * a)


def test_hull_is_not_union() -> None:
    hull = Range(0, 1) | Range(2, 3)
    assert (Range(0, 3), True) == (hull, hull.contains(1.5))


# --------------------------------------------------------------------------- conversions

_RATE_UNITS = ["person / day", "person / week", "person / month", "person / year"]


@given(st.sampled_from(_RATE_UNITS), st.sampled_from(_RATE_UNITS), st.data())
def test_converting_there_and_back_contains_the_original(
    src: str, dst: str, data: st.DataObject
) -> None:
    r = data.draw(ranges(unit=src, allow_empty=True))
    assert r.to(dst).to(src).contains(r)


@given(st.sampled_from(_RATE_UNITS), st.sampled_from(_RATE_UNITS), st.data())
def test_conversion_keeps_open_and_unbounded_ends(src: str, dst: str, data: st.DataObject) -> None:
    r = data.draw(ranges(unit=src, min_value=-1e300, max_value=1e300))
    converted = r.to(dst)
    assert (r.lo_open, r.hi_open, math.isinf(r.lo), math.isinf(r.hi)) == (
        converted.lo_open,
        converted.hi_open,
        math.isinf(converted.lo),
        math.isinf(converted.hi),
    )


# --------------------------------------------------------------------------- checks

# check() solves linear programs: fewer examples than the cheap laws, as many more
# under the ci-long profile.
engine = settings(max_examples=max(10, settings.default.max_examples // 4))


def _pushed(claims: ClaimSet) -> Claim:
    (pushed,) = [claim for claim in claims if claim.note == PUSHED_NOTE]
    return pushed


@engine
@given(claim_sets())
def test_claims_that_contain_one_truth_never_conflict(claims: ClaimSet) -> None:
    report = check(claims)
    assert (True, ()) == (report.consistent, report.conflicts)


@engine
@given(claim_sets(consistent=False))
def test_every_conflict_involves_the_pushed_claim(claims: ClaimSet) -> None:
    report = check(claims)
    pushed = _pushed(claims).id
    assert (False, True) == (report.consistent, bool(report.conflicts))
    assert [] == [f.claims for f in report.conflicts if pushed not in f.claims]


@engine
@given(claim_sets(consistent=False))
def test_without_the_pushed_claim_the_rest_hold(claims: ClaimSet) -> None:
    assert check(claims.without(_pushed(claims).id)).consistent


@engine
@given(claim_sets(consistent=False))
def test_the_pushed_claim_lies_outside_what_the_rest_imply(claims: ClaimSet) -> None:
    pushed = _pushed(claims)
    rest = check(claims.without(pushed.id))
    implied = rest.implied(pushed.measure, pushed.subject, pushed.period)
    assert not implied.overlaps(pushed.as_total())


def test_propagated_bounds_contain_a_rates_total_rounded_outward() -> None:
    # 87,634.448275862065... a week over 29 days is 363,057 people (the exact total of
    # this range reaches 363,057.00000000001); a product rounded to nearest stops at
    # 363,056.99999999994, below both the exact bound and the true count.
    claim = Claim(
        id="c1",
        measure="casualties",
        subject="all",
        period=Period(date(2000, 1, 1), date(2000, 1, 30)),
        kind="rate",
        value=Range(87634.44827586206, 87634.44827586207, "person / week"),
    )
    (bounds,) = check([claim]).bounds
    assert (True, True) == (claim.as_total().contains(363_057), bounds.propagated.contains(363_057))


def test_exact_bounds_of_a_count_pinned_to_zero_are_a_range() -> None:
    # Killed in Russia over 2024-01-05 is 0 (casualties are), so the LP's largest value
    # is 0, which the solver may return as -5.6e-16.
    def claim(claim_id: str, measure: str, start: int, end: int, value: Range) -> Claim:
        period = Period(date(2024, 1, start), date(2024, 1, end))
        return Claim(
            id=claim_id, measure=measure, subject="russia", period=period, kind="total", value=value
        )

    claims = ClaimSet(
        [
            claim("c0", "killed", 1, 2, Range.at_least(0, "person")),
            claim("c1", "killed", 1, 14, Range.at_least(10, "person")),
            claim("c2", "casualties", 5, 6, Range.exact(0, "person")),
            claim("c3", "killed", 3, 4, Range(0, 2, "person")),
        ],
        relations=[Sum("casualties", ["killed", "wounded"])],
    )
    exact = [bounds.exact for bounds in check(claims).bounds]
    assert Range.exact(0, "person") in exact


# --------------------------------------------------------------------------- reconciliation


@engine
@given(claim_sets())
def test_relax_moves_no_claim_of_a_consistent_set(claims: ClaimSet) -> None:
    result = reconcile(claims, "relax")
    assert (True, 0.0, ()) == (result.consistent, result.total_slack, result.moved)


@engine
@given(claim_sets(consistent=False))
def test_relax_makes_a_conflicting_set_consistent_by_widening_only(claims: ClaimSet) -> None:
    result = reconcile(claims, "relax")
    assert (True, True, True) == (
        result.consistent,
        check(result.reconciled).consistent,
        bool(result.moved),
    )
    assert [] == [a.claim for a in result.adjustments if not a.adjusted.contains(a.original)]


def test_relax_clears_a_strict_end() -> None:
    # [0, 1) and [2, 81] about one quantity: stretching the second down to where the
    # first's open end stops, and no further, leaves them touching at a strict end.
    period = Period(date(2000, 1, 1), date(2000, 1, 4))
    wide = Claim(
        id="c1",
        measure="casualties",
        subject="all",
        period=period,
        kind="total",
        value=Range(2, 81, "person"),
    )
    below = wide.replace(id="c2", value=Range(0, 1, "person", hi_open=True))
    result = reconcile(ClaimSet([wide, below]), "relax")
    assert (True, True) == (result.consistent, check(result.reconciled).consistent)


# --------------------------------------------------------------------------- claims files


@st.composite
def claim_lists(draw: st.DrawFn) -> ClaimSet:
    """Draw claims of any shape, sharing a few sources, in one claim set without relations."""
    pool = draw(st.lists(sources(), max_size=3, unique_by=lambda source: source.id))
    owners = st.none() | st.sampled_from(pool) if pool else st.none()
    items = draw(st.lists(claims(sources=owners), max_size=4, unique_by=lambda c: c.id))
    return ClaimSet(items)


@pytest.mark.parametrize("fmt", ["toml", "json"])
@given(claims=claim_lists())
def test_claims_files_round_trip_any_claims(fmt: Format, claims: ClaimSet) -> None:
    assert claims == loads(dumps(claims, format=fmt), format=fmt)


@pytest.mark.parametrize("fmt", ["toml", "json"])
@given(claims=claim_sets(consistent=False))
def test_claims_files_round_trip_claim_sets_with_relations(fmt: Format, claims: ClaimSet) -> None:
    assert claims == loads(dumps(claims, format=fmt), format=fmt)
