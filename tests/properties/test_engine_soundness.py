"""Soundness of the consistency engine, on claims drawn from a hidden true world.

The world is a few days of true, non-negative daily counts for four leaf series
(killed and wounded, for russia and ukraine); claims are about any measure
(including the total ``casualties``) and any subject (including ``both``), over
any span, as totals, average rates or rates on "each" window, and their ranges
contain the truth. Such claims can never conflict, and they still cannot when every
claim is multiplied by the same power of ten, down to subnormal figures and up to 1e300.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit as ck
from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.relations import Sum
from claimkit.strategies import claim_sets
from claimkit.values.period import Period
from claimkit.values.range import Range

START = date(2024, 1, 1)
DAYS = 21
LEAF_MEASURES = ("killed", "wounded")
LEAF_SUBJECTS = ("russia", "ukraine")
RELATIONS = (
    Sum("casualties", LEAF_MEASURES),
    Sum("both", LEAF_SUBJECTS, over="subject"),
)
World = dict[tuple[str, str], list[int]]


def _leaves(name: str) -> tuple[str, ...]:
    return {"casualties": LEAF_MEASURES, "both": LEAF_SUBJECTS}.get(name, (name,))


def true_total(world: World, measure: str, subject: str, a: int, b: int) -> int:
    return sum(sum(world[(m, s)][a:b]) for m in _leaves(measure) for s in _leaves(subject))


def worlds() -> st.SearchStrategy[World]:
    """True daily counts per leaf series; shrinks towards all zeros."""
    days = st.lists(st.integers(0, 60), min_size=DAYS, max_size=DAYS)
    return st.fixed_dictionaries({(m, s): days for m in LEAF_MEASURES for s in LEAF_SUBJECTS})


@st.composite
def bracket(draw: st.DrawFn, low: float, high: float) -> tuple[float, float, bool, bool]:
    """A range around [low, high]: closed, open, or unbounded above."""
    lo = low - draw(st.sampled_from([0, 0, 1, 5, 40]))
    hi = math.inf if draw(st.integers(0, 4)) == 0 else high + draw(st.sampled_from([0, 0, 2, 30]))
    lo_open = lo < low - 1e-6 * max(1.0, abs(low)) and draw(st.booleans())
    hi_open = math.isinf(hi) or (hi > high + 1e-6 * max(1.0, high) and draw(st.booleans()))
    return lo, hi, lo_open, hi_open


@st.composite
def true_claim(draw: st.DrawFn, world: World, index: int) -> Claim:
    """One claim whose range contains the truth."""
    measure = draw(st.sampled_from((*LEAF_MEASURES, "casualties")))
    subject = draw(st.sampled_from((*LEAF_SUBJECTS, "both")))
    a = draw(st.integers(0, DAYS - 1))
    b = draw(st.integers(a + 1, DAYS))
    kind = draw(st.sampled_from(["total", "total", "rate", "each"]))
    period = Period(START + timedelta(a), START + timedelta(b))
    fields: dict[str, Any] = {
        "id": f"c{index}",
        "measure": measure,
        "subject": subject,
        "period": period,
        "kind": "total",
    }
    if kind == "each":
        window = draw(st.sampled_from([1, 7]))
        unit = "person / day" if window == 1 else "person / week"
        starts = range(a, b - window + 1, window)
        totals = [true_total(world, measure, subject, w, w + window) for w in starts] or [0]
        lo, hi, lo_open, hi_open = draw(bracket(min(totals), max(totals)))
        fields.update(kind="rate", reading="each")
    else:
        total = true_total(world, measure, subject, a, b)
        lo, hi, lo_open, hi_open = draw(bracket(total, total))
        unit = "person"
        if kind == "rate":
            unit = "person / week"
            lo, hi = lo * 7 / (b - a), hi * 7 / (b - a)
            fields.update(kind="rate")
    fields["value"] = Range(lo, hi, unit, lo_open=lo_open, hi_open=hi_open)
    return Claim(**fields)


@st.composite
def true_claimsets(draw: st.DrawFn, max_size: int = 8) -> tuple[World, ClaimSet]:
    """A world and claims about it that all contain the truth."""
    world = draw(worlds())
    n = draw(st.integers(1, max_size))
    claims = [draw(true_claim(world, i)) for i in range(n)]
    return world, ClaimSet(claims, relations=RELATIONS)


def _close_below(x: float, y: float) -> bool:
    """x <= y up to the solver's tolerance."""
    return x <= y + 1e-7 * max(1.0, abs(y))


@given(true_claimsets())
def test_claims_that_contain_the_truth_never_conflict(drawn: tuple[World, ClaimSet]) -> None:
    _, claims = drawn
    report = ck.check(claims)
    assert report.consistent
    assert () == report.conflicts


@given(true_claimsets())
def test_bounds_contain_the_truth(drawn: tuple[World, ClaimSet]) -> None:
    world, claims = drawn
    for bound in ck.check(claims).bounds:
        a = (bound.period.start - START).days
        b = (bound.period.end - START).days
        truth = true_total(world, bound.measure, bound.subject, a, b)
        for r in (bound.propagated, bound.exact):
            assert r is not None
            assert _close_below(r.lo, truth)
            assert _close_below(truth, r.hi)


@given(true_claimsets())
def test_propagated_bounds_contain_the_exact_ones(drawn: tuple[World, ClaimSet]) -> None:
    _, claims = drawn
    for bound in ck.check(claims).bounds:
        assert bound.exact is not None
        assert _close_below(bound.propagated.lo, bound.exact.lo)
        assert _close_below(bound.exact.hi, bound.propagated.hi)


def _excluding(claims: ClaimSet, victim: Claim) -> Claim:
    """Return ``victim`` made into a total that no value the others allow satisfies."""
    others = claims.without(victim.id)
    if not len(others):
        return victim.replace(kind="total", reading="average", value=Range(-10, -5, "person"))
    allowed = ck.check(others).implied(victim.measure, victim.subject, victim.period)
    margin = max(1.0, 1e-3 * abs(allowed.lo))
    if math.isfinite(allowed.hi):
        step = max(1.0, 1e-3 * allowed.hi)
        value = Range(allowed.hi + step, allowed.hi + 2 * step, "person")
    elif allowed.lo > 2 * margin:
        value = Range(0, allowed.lo - margin, "person")
    else:
        value = Range(-10, -5, "person")
    return victim.replace(kind="total", reading="average", value=value)


@given(true_claimsets(), st.data())
def test_an_excluding_claim_conflicts_and_is_named(
    drawn: tuple[World, ClaimSet], data: st.DataObject
) -> None:
    _, claims = drawn
    victim = data.draw(st.sampled_from(claims.claims))
    bad = _excluding(claims, victim)
    perturbed = ClaimSet([bad if c.id == victim.id else c for c in claims], relations=RELATIONS)
    report = ck.check(perturbed)
    assert not report.consistent
    subsets = [f.claims for f in report.conflicts if f.kind == "conflict-set"]
    assert any(victim.id in subset for subset in subsets)


@settings(max_examples=30)
@given(true_claimsets(max_size=6), st.data())
def test_conflict_sets_are_irreducible(drawn: tuple[World, ClaimSet], data: st.DataObject) -> None:
    _, claims = drawn
    victim = data.draw(st.sampled_from(claims.claims))
    perturbed = ClaimSet(
        [_excluding(claims, victim) if c.id == victim.id else c for c in claims],
        relations=RELATIONS,
    )
    for finding in ck.check(perturbed).conflicts:
        if finding.kind != "conflict-set":
            continue
        subset = ClaimSet([perturbed[i] for i in finding.claims], relations=RELATIONS)
        assert not ck.check(subset).consistent
        for claim_id in finding.claims:
            assert ck.check(subset.without(claim_id)).consistent


# -- any magnitude ------------------------------------------------------------------
# The model is homogeneous: multiplying every claim by the same factor multiplies the
# truth by it too, so the scaled claims still contain a true world.


def scaled(claims: ClaimSet, factor: float) -> ClaimSet:
    """Return the claims with every range multiplied by ``factor`` (rounded outward)."""
    return ClaimSet([c.replace(value=c.value * factor) for c in claims], relations=RELATIONS)


def _close_below_rel(x: float, y: float, size: float) -> bool:
    """x <= y up to the solver's tolerance, relative to ``size``."""
    return x <= y + 1e-7 * size


@given(true_claimsets(), st.integers(-320, 300))
def test_claims_that_contain_the_truth_never_conflict_at_any_magnitude(
    drawn: tuple[World, ClaimSet], exponent: int
) -> None:
    _, claims = drawn
    report = ck.check(scaled(claims, 10.0**exponent))
    assert (True, ()) == (report.consistent, report.conflicts)


@given(true_claimsets(), st.integers(-300, 300))
def test_bounds_contain_the_truth_at_any_magnitude(
    drawn: tuple[World, ClaimSet], exponent: int
) -> None:
    world, claims = drawn
    factor = 10.0**exponent
    for bound in ck.check(scaled(claims, factor)).bounds:
        a = (bound.period.start - START).days
        b = (bound.period.end - START).days
        truth = true_total(world, bound.measure, bound.subject, a, b) * factor
        size = max(truth, factor)
        for r in (bound.propagated, bound.exact):
            assert r is not None
            assert _close_below_rel(r.lo, truth, size)
            assert _close_below_rel(truth, r.hi, size)


@given(true_claimsets(), st.data(), st.integers(-300, 300))
def test_an_excluding_claim_conflicts_at_any_magnitude(
    drawn: tuple[World, ClaimSet], data: st.DataObject, exponent: int
) -> None:
    _, claims = drawn
    victim = data.draw(st.sampled_from(claims.claims))
    bad = _excluding(claims, victim)
    perturbed = ClaimSet([bad if c.id == victim.id else c for c in claims], relations=RELATIONS)
    report = ck.check(scaled(perturbed, 10.0**exponent))
    subsets = [f.claims for f in report.conflicts if f.kind == "conflict-set"]
    assert not report.consistent
    assert any(victim.id in subset for subset in subsets)


# -- order ---------------------------------------------------------------------------


@given(st.booleans().flatmap(lambda ok: claim_sets(consistent=ok)), st.randoms())
def test_the_order_of_the_claims_changes_no_part_of_the_report(
    claims: ClaimSet, rng: random.Random
) -> None:
    shuffled = list(claims.claims)
    rng.shuffle(shuffled)
    reordered = ClaimSet(shuffled, relations=claims.relations)
    assert ck.check(claims).to_json() == ck.check(reordered).to_json()


# -- count units ---------------------------------------------------------------------
# A claim in kiloperson or megaperson says what it says in person: rescaling some
# claims' units, and listing them in another order, changes nothing in a report but
# the unit its bounds are written in (that of the claims, when they all share one).


def _in_units_of(claim: Claim, prefix: str) -> Claim:
    """Return the claim with its value converted to ``prefix + person`` (per time)."""
    if not prefix:
        return claim
    unit = claim.value.unit.replace("person", prefix + "person", 1)
    return claim.replace(value=claim.value.to(unit))


def _conflicting(report: ck.Report) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.kind, f.claims) for f in report.conflicts}


def _bounds(report: ck.Report) -> dict[tuple[Any, ...], tuple[Range, Range | None]]:
    return {
        (b.measure, b.subject, b.period, b.claims): (b.propagated, b.exact) for b in report.bounds
    }


def _same_range(x: Range | None, y: Range | None, size: float) -> bool:
    if x is None or y is None:
        return x is y
    if x.is_empty or y.is_empty:
        return x.is_empty and y.is_empty
    # A family whose claims all count in kiloperson is reported in kiloperson.
    y = y if y.unit == x.unit else y.to(x.unit)
    return (x.unit, x.lo_open, x.hi_open) == (y.unit, y.lo_open, y.hi_open) and all(
        a == b or abs(a - b) <= 1e-7 * size for a, b in ((x.lo, y.lo), (x.hi, y.hi))
    )


@given(true_claimsets(), st.booleans(), st.data())
def test_the_order_and_the_count_units_of_the_claims_change_nothing(
    drawn: tuple[World, ClaimSet], conflicting: bool, data: st.DataObject
) -> None:
    _, claims = drawn
    if conflicting:
        victim = data.draw(st.sampled_from(claims.claims))
        bad = _excluding(claims, victim)
        claims = ClaimSet([bad if c.id == victim.id else c for c in claims], relations=RELATIONS)
    n = len(claims)
    prefixes = data.draw(st.lists(st.sampled_from(["", "kilo", "mega"]), min_size=n, max_size=n))
    order = data.draw(st.permutations(range(n)))
    changed = ClaimSet(
        [_in_units_of(claims.claims[i], prefixes[i]) for i in order], relations=RELATIONS
    )
    before, after = ck.check(claims), ck.check(changed)
    assert before.consistent == after.consistent
    if before.consistent:  # a consistent report holds no empty bound
        assert not any(
            r is not None and r.is_empty for b in before.bounds for r in (b.propagated, b.exact)
        )
    assert _conflicting(before) == _conflicting(after)
    bounds_before, bounds_after = _bounds(before), _bounds(after)
    assert bounds_before.keys() == bounds_after.keys()
    size = max(
        [1.0]
        + [abs(x) for r, _ in bounds_before.values() for x in (r.lo, r.hi) if math.isfinite(x)]
    )
    for key, (propagated, exact) in bounds_before.items():
        assert _same_range(propagated, bounds_after[key][0], size), key
        assert _same_range(exact, bounds_after[key][1], size), key
