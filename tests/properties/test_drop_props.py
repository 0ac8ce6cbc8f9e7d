"""reconcile(method="drop") against brute force on small claim sets (hypothesis).

The brute force tries every set of units (claims, or sources) in order of weight and
asks :func:`claimkit.check` about the rest; the first that works has the least weight.
"""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.components import feasible_components
from claimkit.engine.model import build
from claimkit.reconciliation.results import DropBy
from claimkit.strategies import claim_sets

#: Half the profile's examples (25 by default, 1,000 under ci-long): each example runs a
#: brute force of up to 2**10 checks.
EXAMPLES = max(10, (settings.default.max_examples if settings.default else 50) // 2)
START = date(2024, 1, 1)
BY: list[DropBy] = ["claim", "source"]
SOURCES = [
    ck.Source("A"),
    ck.Source("B", weight=2.0),
    ck.Source("C", weight=0.5),
    ck.Source("D", weight=3.0),
]


@st.composite
def small_sets(draw: st.DrawFn) -> ck.ClaimSet:
    """Up to 10 claims about two subjects and their parts over a few days, often clashing."""
    claims = []
    for k in range(draw(st.integers(1, 10))):
        first = draw(st.integers(0, 3))
        last = draw(st.integers(first + 1, 5))
        lo = draw(st.integers(0, 30))
        width = draw(st.sampled_from([0, 0, 1, 5, 20]))
        upper = draw(st.sampled_from(["closed", "closed", "open", "none"]))
        value = (
            ck.Range.at_least(lo, "person")
            if upper == "none"
            else ck.Range(lo, lo + width, "person", hi_open=upper == "open" and width > 0)
        )
        claims.append(
            ck.Claim(
                id=f"k{k}",
                measure="killed",
                subject=draw(st.sampled_from(["all", "north", "south"])),
                period=ck.Period(START + timedelta(first), START + timedelta(last)),
                kind="total",
                value=value,
                source=draw(st.none() | st.sampled_from(SOURCES)),
            )
        )
    return ck.ClaimSet(claims, relations=[ck.Sum("all", ["north", "south"], over="subject")])


def _units(claims: ck.ClaimSet, by: str) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Return each unit's weight and claim ids: per claim, or per source (by id)."""
    units: dict[str, tuple[float, list[str]]] = {}
    for c in claims:
        key = c.id if by == "claim" or c.source is None else f"source {c.source.id}"
        weight = 1.0 if c.source is None else c.source.weight
        old = units.get(key, (0.0, []))
        units[key] = (max(old[0], weight), [*old[1], c.id])
    return {k: (w, tuple(ids)) for k, (w, ids) in units.items()}


def _works(claims: ck.ClaimSet, gone: set[str]) -> bool:
    """Return whether check() finds the claims without ``gone`` consistent.

    The LP of the rest is asked first: when it has no solution, check() cannot find
    the claims consistent either (it reports every component the LP fails), and the
    brute force saves most of its time.
    """
    kept = ck.ClaimSet([c for c in claims if c.id not in gone], relations=claims.relations)
    if kept.claims and not feasible_components(build(kept.canonical)).all():
        return False
    return ck.check(kept).consistent


def _least_weight(claims: ck.ClaimSet, by: str) -> float:
    """Return the least weight of a set of units whose removal leaves a consistent set."""
    units = _units(claims, by)
    subsets = [
        pick for k in range(len(units) + 1) for pick in itertools.combinations(sorted(units), k)
    ]
    subsets.sort(key=lambda pick: math.fsum(units[u][0] for u in pick))
    for pick in subsets:
        if _works(claims, {i for u in pick for i in units[u][1]}):
            return math.fsum(units[u][0] for u in pick)
    raise AssertionError("setting every claim aside always works")


def _agrees_with_brute_force(claims: ck.ClaimSet, by: DropBy) -> None:
    result = ck.reconcile(claims, method="drop", by=by)
    assert result.optimal is True
    assert result.consistent
    assert ck.check(result.reconciled).consistent
    units = _units(claims, by)
    best = _least_weight(claims, by)
    assert math.isclose(result.drop_weight or 0.0, best, rel_tol=1e-9, abs_tol=1e-12)

    def weight(ids: tuple[str, ...]) -> float:
        chosen = {u for u, (_, members) in units.items() if set(members) & set(ids)}
        assert {i for u in chosen for i in units[u][1]} == set(ids)  # whole units only
        return math.fsum(units[u][0] for u in chosen)

    assert math.isclose(weight(result.dropped), best, rel_tol=1e-9, abs_tol=1e-12)
    assert _works(claims, set(result.dropped))
    assert len(set(result.alternatives)) == len(result.alternatives)
    for alternative in result.alternatives:
        assert alternative != result.dropped
        assert math.isclose(weight(alternative), best, rel_tol=1e-9, abs_tol=1e-12)
        assert _works(claims, set(alternative))


@settings(deadline=None, max_examples=EXAMPLES)
@given(small_sets(), st.sampled_from(BY))
def test_drop_matches_brute_force_on_small_sets(claims: ck.ClaimSet, by: DropBy) -> None:
    _agrees_with_brute_force(claims, by)


@settings(deadline=None, max_examples=EXAMPLES)
@given(claim_sets(consistent=False, max_size=10), st.sampled_from(BY))
def test_drop_matches_brute_force_on_generated_conflicts(claims: ck.ClaimSet, by: DropBy) -> None:
    _agrees_with_brute_force(claims, by)


@settings(deadline=None, max_examples=EXAMPLES)
@given(claim_sets(max_size=10))
def test_drop_leaves_a_consistent_set_alone(claims: ck.ClaimSet) -> None:
    result = ck.reconcile(claims, method="drop")
    assert result.dropped == ()
    assert result.alternatives == ()
    assert result.reconciled == claims


@settings(deadline=None, max_examples=EXAMPLES)
@given(small_sets(), st.randoms(use_true_random=False))
def test_drop_does_not_depend_on_the_order_of_the_claims(claims: ck.ClaimSet, rnd: object) -> None:
    shuffled = list(claims)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    again = ck.ClaimSet(shuffled, relations=claims.relations)
    first = ck.reconcile(claims, method="drop")
    second = ck.reconcile(again, method="drop")
    assert (first.dropped, first.alternatives) == (second.dropped, second.alternatives)
