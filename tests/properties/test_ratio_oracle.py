"""Ratio and comparison claims against the per-day oracle, over generated true worlds.

A hidden world of daily counts (killed and wounded, of russia and ukraine) gives true
totals; count claims state them (exactly, or in a range around them), and ratio
claims state a ratio of two of them (a share, a comparison, a change between spans),
in ``dimensionless`` or ``percent``, of totals or of average rates. Then:

* claims true of the world never conflict;
* a false ratio (its range misses the true ratio by 1% or more) beside exact claims on
  its numerator and denominator always conflicts;
* a strict comparison where the two counts are equal conflicts, touching; "at least as
  many" holds;
* the verdict agrees with the oracle's (``tests/oracle``) wherever the oracle decides
  it, lies and all;
* ``implied_ratio`` agrees with a grid of exact ratios the oracle decides one by one.

A ratio's denominator must be at least a millionth of the largest claim tied to it for
claimkit to tell it from 0 (see the how-to "Claims about shares, ratios and
changes"): the true ratios drawn keep theirs well above that.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import claimkit as ck

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.oracle import Oracle

START = date(2024, 1, 1)
MEASURES = ("killed", "wounded")
SUBJECTS = ("russia", "ukraine")
DAILY = (0.0, 1.0, 2.0, 5.0)
#: A true denominator is at least this fraction of the largest claim (see the docstring).
DENOMINATOR_FLOOR = 1e-4
World = dict[tuple[str, str], list[float]]


@dataclass(frozen=True)
class Span:
    """A quantity of the world: a leaf measure of a leaf subject over days [a, b)."""

    measure: str
    subject: str
    a: int
    b: int

    @property
    def period(self) -> ck.Period:
        return ck.Period(START + timedelta(days=self.a), START + timedelta(days=self.b))

    def total(self, world: World) -> float:
        return sum(world[(self.measure, self.subject)][self.a : self.b])


@st.composite
def worlds(draw: st.DrawFn) -> tuple[World, int]:
    days = draw(st.integers(2, 10))
    world: World = {}
    for series in ((m, s) for m in MEASURES for s in SUBJECTS):
        scale = 10.0 ** draw(st.integers(0, 4))
        world[series] = [draw(st.sampled_from(DAILY)) * scale for _ in range(days)]
    return world, days


@st.composite
def spans(draw: st.DrawFn, days: int) -> Span:
    a = draw(st.integers(0, days - 1))
    return Span(
        draw(st.sampled_from(MEASURES)),
        draw(st.sampled_from(SUBJECTS)),
        a,
        draw(st.integers(a + 1, days)),
    )


def count_claim(claim_id: str, span: Span, world: World, value: ck.Range | None = None) -> ck.Claim:
    truth = span.total(world)
    return ck.Claim(
        id=claim_id,
        measure=span.measure,
        subject=span.subject,
        period=span.period,
        value=ck.Range.exact(truth, "person") if value is None else value,
    )


def true_ratio(num: Span, den: Span, world: World, basis: str) -> Fraction:
    ratio = Fraction(num.total(world)) / Fraction(den.total(world))
    if basis == "rate":
        ratio *= Fraction(den.b - den.a, num.b - num.a)
    return ratio


#: Ranges around a true ratio r that contain it: (lo, hi, lo_open, hi_open) as
#: multiples of r, strict ends a clear 1e-3 away.
TRUE_SHAPES = (
    (1.0, 1.0, False, False),
    (0.9, 1.1, False, False),
    (0.999, math.inf, True, False),
    (0.0, 1.001, False, True),
    (1.0, math.inf, False, False),
    (0.0, 1.0, False, False),
)


def _ratio_range(r: Fraction, shape: tuple[float, float, bool, bool], unit: str) -> ck.Range:
    factor = 100 if unit == "percent" else 1
    lo, hi, lo_open, hi_open = shape
    low = float(r * factor * Fraction(lo))
    high = math.inf if math.isinf(hi) else float(r * factor * Fraction(hi))
    # an open end is strictly beside the truth: "more than 0.999 r" is false of r = 0
    return ck.Range(low, high, unit, lo_open=lo_open and r > 0, hi_open=hi_open and high > low)


@st.composite
def ratio_claims(
    draw: st.DrawFn, claim_id: str, world: World, days: int, *, lie: float = 1.0
) -> tuple[ck.Claim, Span, Span]:
    num, den = draw(spans(days)), draw(spans(days))
    assume((num.measure, num.subject, num.a, num.b) != (den.measure, den.subject, den.a, den.b))
    assume(den.total(world) > 0)
    basis = draw(st.sampled_from(("total", "rate")))
    r = true_ratio(num, den, world, basis) * Fraction(lie)
    unit = draw(st.sampled_from(("dimensionless", "percent")))
    shape = (1.0, 1.0, False, False) if lie != 1.0 else draw(st.sampled_from(TRUE_SHAPES))
    claim = ck.Claim(
        id=claim_id,
        measure=num.measure,
        subject=num.subject,
        period=num.period,
        of=ck.Quantity(den.measure, den.subject, den.period),
        value=_ratio_range(r, shape, unit),
        basis=basis,
    )
    return claim, num, den


def _largest(claims: list[ck.Claim]) -> float:
    ends = [abs(x) for c in claims if c.kind != "ratio" for x in (c.value.lo, c.value.hi)]
    return max((x for x in ends if math.isfinite(x)), default=0.0)


@st.composite
def true_sets(draw: st.DrawFn) -> list[ck.Claim]:
    world, days = draw(worlds())
    claims = [
        count_claim(f"c{i}", draw(spans(days)), world) for i in range(draw(st.integers(0, 4)))
    ]
    dens = []
    for i in range(draw(st.integers(1, 4))):
        claim, _, den = draw(ratio_claims(f"r{i}", world, days))
        claims.append(claim)
        dens.append(den.total(world))
    assume(min(dens) >= DENOMINATOR_FLOOR * _largest(claims))
    return claims


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(true_sets())
def test_claims_true_of_a_world_never_conflict(claims: list[ck.Claim]) -> None:
    report = ck.check(claims)
    assert report.consistent, report.conflicts


@st.composite
def false_sets(draw: st.DrawFn) -> list[ck.Claim]:
    world, days = draw(worlds())
    lie = draw(st.sampled_from((0.5, 0.99, 1.01, 2.0, 10.0)))
    claim, num, den = draw(ratio_claims("false", world, days, lie=lie))
    assume(num.total(world) > 0)
    return [claim, count_claim("num", num, world), count_claim("den", den, world)]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(false_sets())
def test_a_false_ratio_beside_its_counts_always_conflicts(claims: list[ck.Claim]) -> None:
    report = ck.check(claims)
    assert not report.consistent
    assert any("false" in f.claims for f in report.conflicts)
    assert Oracle(claims).verdict().status == "infeasible"


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(worlds(), st.data())
def test_strict_comparisons_of_equal_counts_are_decided_exactly(
    drawn: tuple[World, int], data: st.DataObject
) -> None:
    world, days = drawn
    num = data.draw(spans(days))
    assume(num.total(world) > 0)
    other = "ukraine" if num.subject == "russia" else "russia"
    world[(num.measure, other)] = list(world[(num.measure, num.subject)])
    den = Span(num.measure, other, num.a, num.b)
    counts = [count_claim("n", num, world), count_claim("d", den, world)]
    q_num = ck.Quantity(num.measure, num.subject, num.period)
    q_den = ck.Quantity(den.measure, den.subject, den.period)
    more = ck.check([*counts, ck.more_than(q_num, q_den, id="more")])
    assert not more.consistent
    assert all(f.touching for f in more.conflicts)
    assert ck.check([*counts, ck.at_least_as_many_as(q_num, q_den, id="least")]).consistent
    assert not ck.check([*counts, ck.fewer_than(q_num, q_den, id="fewer")]).consistent


@st.composite
def mixed_sets(draw: st.DrawFn) -> list[ck.Claim]:
    world, days = draw(worlds())
    claims = []
    for i in range(draw(st.integers(1, 4))):
        span = draw(spans(days))
        truth = span.total(world)
        lie = draw(st.sampled_from((1.0, 1.0, 0.5, 2.0, 1.001)))
        width = draw(st.sampled_from((0.0, 0.01, 0.2)))
        value = ck.Range(truth * lie * (1 - width), truth * lie * (1 + width), "person")
        claims.append(count_claim(f"c{i}", span, world, value))
    for i in range(draw(st.integers(1, 3))):
        lie = draw(st.sampled_from((1.0, 1.0, 0.9, 1.5, 1.0001)))
        claim, _, _ = draw(ratio_claims(f"r{i}", world, days, lie=lie))
        claims.append(claim)
    return claims


@settings(
    max_examples=2 * settings().max_examples,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(mixed_sets())
def test_verdicts_agree_with_the_oracle(claims: list[ck.Claim]) -> None:
    verdict = Oracle(claims).verdict()
    report = ck.check(claims)
    event(f"oracle {verdict.status}")
    if verdict.status == "infeasible":
        assert not report.consistent
    if verdict.status == "feasible":
        assert report.consistent, report.conflicts
    for finding in report.conflicts:
        assert Oracle(claims).verdict(finding.claims).status != "feasible", finding


#: Points of the grid, as fractions of the way from half the lower end to twice the upper.
GRID = 24


@settings(
    max_examples=max(settings().max_examples // 2, 10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(worlds(), st.data())
def test_implied_ratio_agrees_with_a_grid_of_exact_ratios(
    drawn: tuple[World, int], data: st.DataObject
) -> None:
    world, days = drawn
    num, den = data.draw(spans(days)), data.draw(spans(days))
    assume((num.measure, num.subject, num.a, num.b) != (den.measure, den.subject, den.a, den.b))
    assume(den.total(world) > 0)
    # claims on the two quantities, and on others (which may tie them together)
    claims = []
    for i, span in enumerate([num, den, *data.draw(st.lists(spans(days), max_size=3))]):
        truth = span.total(world)
        value = ck.Range(truth * 0.8, truth * 1.25, "person")
        claims.append(count_claim(f"c{i}", span, world, value))
    q_num = ck.Quantity(num.measure, num.subject, num.period)
    q_den = ck.Quantity(den.measure, den.subject, den.period)
    found = ck.check(claims).implied_ratio(q_num, q_den)
    assert found.contains(float(true_ratio(num, den, world, "total")))
    lo, hi = found.lo, found.hi
    for k in range(GRID + 1):
        rho = lo / 2 + (2 * hi - lo / 2) * k / GRID
        probe = ck.Claim(
            id="probe", measure=num.measure, subject=num.subject, period=num.period,
            of=q_den, value=ck.Range.exact(rho, "dimensionless"),
        )  # fmt: skip
        status = Oracle([*claims, probe]).verdict().status
        inside = lo * (1 + 1e-6) + 1e-12 < rho < hi * (1 - 1e-6)
        outside = rho < lo * (1 - 1e-6) or rho > hi * (1 + 1e-6)
        if inside:
            assert status != "infeasible", (rho, found)
        if outside:
            assert status != "feasible", (rho, found)
