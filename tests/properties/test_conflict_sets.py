"""Conflict findings against every irreducible conflict set found by brute force.

On small claim sets (up to 10 claims) every subset of each conflicting component is
decided with the model's own LP (strict ends honoured, as ``check()`` decides them),
and the minimal infeasible ones are kept: the irreducible conflict sets. Then

* every set a conflict finding names is one of them;
* the claims named in conflict findings are exactly the claims in some of them.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.highs import Status, solve
from claimkit.engine.matrix import LinearModel
from claimkit.engine.model import build
from claimkit.strategies import claim_sets


def brute_force(claimset: ck.ClaimSet) -> set[tuple[str, ...]]:
    """Return every irreducible infeasible subset of claim ids (sorted tuples)."""
    canonical = claimset.canonical
    model: LinearModel = build(canonical)
    ids = [c.id for c in canonical.claims]
    found: set[tuple[str, ...]] = set()
    for comp in range(model.n_components):
        r0, r1 = int(model.comp_row_ptr[comp]), int(model.comp_row_ptr[comp + 1])
        members = sorted(set(model.rows.claim[r0:r1].tolist()))
        minimal: list[frozenset[int]] = []
        for size in range(1, len(members) + 1):
            for subset in combinations(members, size):
                chosen = frozenset(subset)
                if any(m <= chosen for m in minimal):
                    continue
                rows = np.flatnonzero(np.isin(model.rows.claim, list(chosen)))
                lp = model.lp(0, model.n_components, strict_shift=STRICT_TOLERANCE, rows=rows)
                if solve(lp) is Status.INFEASIBLE:
                    minimal.append(chosen)
        found.update(tuple(sorted(ids[i] for i in m)) for m in minimal)
    return found


def named_sets(claimset: ck.ClaimSet) -> set[tuple[str, ...]]:
    report = ck.check(claimset, max_conflicts=None)
    return {f.claims for f in report.findings if f.kind == "conflict-set"}


def assert_covered(claimset: ck.ClaimSet) -> None:
    every = brute_force(claimset)
    named = named_sets(claimset)
    assert named <= every, (named - every, every)
    union = {c for s in every for c in s}
    assert {c for s in named for c in s} == union, (named, every)


@given(claim_sets(consistent=False, max_size=10))
def test_generated_sets_name_every_claim_of_every_conflict_set(claimset: ck.ClaimSet) -> None:
    assert_covered(claimset)


START = date(2025, 1, 1)


@st.composite
def overlapping(draw: st.DrawFn) -> ck.ClaimSet:
    """Cumulative totals and window totals of one series, some of them off the truth.

    Several figures that contradict each other in different ways give conflict sets
    that share claims.
    """
    n_days = draw(st.integers(3, 7))
    daily = draw(st.lists(st.integers(0, 20), min_size=n_days, max_size=n_days))
    truth = np.concatenate([[0], np.cumsum(daily)])
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, n_days - 1), st.integers(1, n_days)).filter(
                lambda ab: ab[0] < ab[1]
            ),
            min_size=2,
            max_size=10,
        )
    )
    claims = []
    for k, (a, b) in enumerate(spans):
        true = float(truth[b] - truth[a])
        off = draw(st.sampled_from([0.0, 0.0, 5.0, -5.0, 12.0]))
        width = draw(st.sampled_from([0.0, 1.0, 3.0]))
        centre = max(true + off, 0.0)
        claims.append(_total(k, a, b, max(centre - width, 0.0), centre + width))
    return ck.ClaimSet(claims)


def _total(k: int, a: int, b: int, lo: float, hi: float) -> ck.Claim:
    """Return claim ``c<k>``: between ``lo`` and ``hi`` cases over days ``a`` to ``b``."""
    return ck.Claim(
        id=f"c{k}",
        measure="cases",
        subject="town",
        kind="total",
        period=ck.Period(START + timedelta(a), START + timedelta(b)),
        value=ck.Range(lo, hi, "person"),
    )


@given(overlapping())
def test_overlapping_conflicts_name_every_claim_of_every_conflict_set(
    claimset: ck.ClaimSet,
) -> None:
    assert_covered(claimset)


def test_a_claim_reached_only_through_claims_named_elsewhere_is_named() -> None:
    # c7 (12 over days 0 to 5) is in one conflict set only, {c5, c7, c8}: day 0 holds
    # 12 (c5) and day 1 holds 5 (c8), more than 12 together. c5 and c8 are named by
    # sets of two (c5 against each zero of day 0, c8 against c6), and c7's dates lie
    # more than a date from theirs: no swap or sweep reaches it, the last pass does.
    spans = [(0, 1, 0)] * 5 + [(0, 1, 12), (0, 2, 0), (0, 5, 12), (1, 2, 5), (2, 3, 0)]
    claims = [_total(k, a, b, v, v) for k, (a, b, v) in enumerate(spans)]
    assert_covered(ck.ClaimSet(claims))


def test_a_claim_whose_only_conflict_set_is_five_claims_deep_is_named() -> None:
    # c0 (53 over days 2 to 6) is in one conflict set only, {c0, c2, c3, c6, c9};
    # found by the ci-long profile: the branching search around it visits 65 sets
    # before it reaches that one.
    spans = [
        (2, 6, 53, 53),
        (0, 4, 48, 50),
        (0, 2, 21, 21),
        (3, 4, 23, 25),
        (2, 5, 32, 34),
        (2, 4, 22, 24),
        (4, 5, 22, 22),
        (1, 2, 12, 14),
        (1, 5, 45, 47),
        (0, 3, 44, 44),
    ]
    claims = [_total(k, a, b, lo, hi) for k, (a, b, lo, hi) in enumerate(spans)]
    assert_covered(ck.ClaimSet(claims))
