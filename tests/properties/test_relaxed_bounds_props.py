"""Bounds under conflict on generated inconsistent sets (hypothesis).

Every bound of a report says something: a conflicting group's bounds stand on the
least relaxation of its claims, which ``reconcile(method="relax")`` returns, and
contain what the relaxed claims allow for the quantity.
"""

from __future__ import annotations

from hypothesis import given

import claimkit as ck
from claimkit.engine.highs import FEASIBILITY_TOLERANCE
from claimkit.engine.model import build
from claimkit.strategies import claim_sets

#: The kinds the engine decides (the strategy may draw others as they are added).
KINDS = ("total", "rate")


def contains(outer: ck.Range, inner: ck.Range, scale: float) -> bool:
    """Return whether ``outer`` holds ``inner``, ends compared to the solver's tolerance.

    HiGHS meets each row to 1e-9 of its group's scale (the largest figure in it), so
    two bounds of claims that meet at one point may differ by that much.
    """
    slack = 10 * FEASIBILITY_TOLERANCE * scale
    return outer.lo - slack <= inner.lo and inner.hi <= outer.hi + slack


def largest(claims: ck.ClaimSet) -> float:
    """Return the largest scale of a group of the claims' model (at least 1)."""
    return max(1.0, float(build(claims.canonical).comp_scale.max(initial=0.0)))


@given(claim_sets(consistent=False, kinds=KINDS))
def test_every_bound_says_something_and_a_relaxed_one_holds_the_reconciled_quantity(
    claims: ck.ClaimSet,
) -> None:
    report = ck.check(claims)
    assert not report.consistent
    relaxed = ck.reconcile(claims, method="relax")
    assert relaxed.consistent
    again = ck.check(relaxed.reconciled)
    assert report.bounds
    scale = largest(claims)
    for b in report.bounds:
        assert not b.propagated.is_empty, b
        assert b.exact is not None
        assert not b.exact.is_empty, b
        if b.basis == "claims":
            continue
        implied = again.implied(b.measure, b.subject, b.period)
        assert not implied.is_empty
        assert contains(b.propagated, implied, scale), (b, implied)
        assert contains(b.exact, implied, scale), (b, implied)
        assert contains(b.propagated, b.exact, scale), b
    # The pushed claim's group conflicts, so some bound stands on the relaxation.
    assert any(b.basis == "relaxed" for b in report.bounds)
