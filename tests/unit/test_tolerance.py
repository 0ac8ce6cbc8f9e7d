"""Each claim is held to the solver's tolerance of its own size, whatever else is tied to it."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import attrs

import claimkit as ck
from claimkit.engine.components import STRICT_TOLERANCE, holds
from claimkit.engine.model import build
from claimkit.values import units


def day(number: int) -> date:
    return date(2024, 1, number)


RELATIONS = [ck.Sum("casualties", ("killed", "wounded"))]


def claim(claim_id: str, measure: str, start: int, end: int, value: ck.Range) -> ck.Claim:
    """Return a total of russia's ``measure`` from ``start`` to ``end`` January 2024."""
    return ck.Claim(
        id=claim_id,
        measure=measure,
        subject="russia",
        kind="total",
        period=ck.Period(day(start), day(end)),
        value=value,
    )


AT_MOST = claim("at-most", "casualties", 8, 29, ck.Range.at_most(1000, "person"))
OVER = claim("over", "killed", 10, 27, ck.Range.more_than(1000, "person"))
LARGE = claim("large", "killed", 16, 30, ck.Range.at_least(10_000, "person"))


def test_touching_conflict_through_a_sum_survives_a_larger_claim() -> None:
    assert not ck.check(ck.ClaimSet([AT_MOST, OVER], relations=RELATIONS)).consistent
    report = ck.check(ck.ClaimSet([AT_MOST, OVER, LARGE], relations=RELATIONS))
    assert not report.consistent
    assert [("at-most", "over")] == [c.claims for c in report.conflicts]


def test_conflict_survives_a_claim_a_million_times_larger() -> None:
    at_least = claim("at-least", "killed", 10, 27, ck.Range.at_least(1001, "person"))
    huge = claim("huge", "killed", 16, 30, ck.Range.at_least(1e9, "person"))
    assert not ck.check(ck.ClaimSet([AT_MOST, at_least, huge], relations=RELATIONS)).consistent


def test_a_loose_solution_is_not_taken_for_feasible() -> None:
    # Monotone rows weighted a million times too lightly let HiGHS step the counts
    # down by a thousandth of a person: the solution is checked at each claim's own
    # scale, and sought again with heavier monotone rows until the clash shows.
    model = build(ck.ClaimSet([AT_MOST, OVER, LARGE], relations=RELATIONS))
    lp = model.lp(0, 1, strict_shift=STRICT_TOLERANCE)
    assert not holds(model, lp)
    assert not holds(model, lp.tightened(1e-6))


def test_a_consistent_set_still_holds_beside_a_large_claim() -> None:
    at_least = claim("at-least", "killed", 10, 27, ck.Range.at_least(1000, "person"))
    assert ck.check(ck.ClaimSet([AT_MOST, at_least, LARGE], relations=RELATIONS)).consistent
    model = build(ck.ClaimSet([AT_MOST, at_least, LARGE], relations=RELATIONS))
    assert holds(model, model.lp(0, 1, strict_shift=STRICT_TOLERANCE).tightened(1e-6))


def test_rows_hold_the_exact_conversion_of_a_rate() -> None:
    # pint's float factor from a day to a microsecond is 86399999999.99998: the row
    # of "exactly 1 a microsecond" for one day was [86399999999.99998, 86400000000.00002].
    one_day = ck.Claim(
        id="rate",
        measure="killed",
        subject="russia",
        kind="rate",
        period=ck.Period(day(1), day(2)),
        value=ck.Range.exact(1, "person / microsecond"),
    )
    model = build(ck.ClaimSet([one_day]))
    assert (model.rows.lo.tolist(), model.rows.hi.tolist()) == ([86_400_000_000.0],) * 2
    # 1 kiloperson a year over 1,461 days (four years of 365.25) is exactly 4,000.
    four_years = attrs.evolve(
        one_day,
        period=ck.Period(day(1), day(1) + timedelta(days=1461)),
        value=ck.Range.exact(1, "kiloperson / year"),
    )
    model = build(ck.ClaimSet([four_years]))
    assert (model.rows.lo.tolist(), model.rows.hi.tolist()) == ([4.0],) * 2  # in kiloperson
    # Beside a claim in person the family counts in person: exactly 4,000.
    in_person = attrs.evolve(one_day, id="z", value=ck.Range.exact(1, "person / day"))
    model = build(ck.ClaimSet([four_years, in_person]))
    mine = model.rows.claim == 0
    assert (model.rows.lo[mine].tolist(), model.rows.hi[mine].tolist()) == ([4000.0],) * 2
    at_most = attrs.evolve(
        claim("at-most", "killed", 1, 2, ck.Range.at_most(4000, "person")),
        period=four_years.period,
    )
    over = attrs.evolve(at_most, id="over", value=ck.Range.more_than(4000, "person"))
    assert ck.check([four_years, at_most]).consistent
    assert not ck.check([four_years, over]).consistent


def test_exact_factors_come_from_a_registry_of_time_units_only() -> None:
    # All of pint's definitions, read with fractions, took about a second to load on
    # the first conversion; prefixes, time units and count units are what claimkit's
    # units are made of.
    exact = units._exact_registry()
    assert not units._is_defined(exact, "meter")
    assert units.conversion_bounds("kiloperson / kiloyear", "person / microsecond") == (
        (Fraction(1, 31_557_600_000_000),) * 2
    )
    assert units.conversion_bounds("megaperson / fortnight", "person / hour") == (
        (Fraction(1_000_000, 336),) * 2
    )
    # A unit the registry lacks (Planck time rests on physical constants) gets pint's
    # float factor, widened either side.
    lo, hi = units.conversion_bounds("person / planck_time", "person / second")
    assert lo < hi
    assert lo <= Fraction(units.conversion_factor("person / planck_time", "person / second")) <= hi
