"""A claim's neighbours a date away, worked out for many claims at once, as for one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import conflicts
from claimkit.engine.model import build
from claimkit.strategies import claim_sets


def _each_as_alone(claimset: ck.ClaimSet) -> None:
    model = build(claimset.canonical)
    for comp in range(model.n_components):
        search = conflicts.Search(model, comp)
        alone = [frozenset(search._around([c], 1)) for c in search.claims]
        # In batches of every size, asked in reverse, with a repeat, then one claim
        # at a time: each answer is the claim's own.
        for batch in (1, 3, conflicts.NEAR_BATCH):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(conflicts, "NEAR_BATCH", batch)
                asked = [*reversed(search.claims), search.claims[0]]
                together = conflicts.Search(model, comp).near_each(asked)
                assert together == [*reversed(alone), alone[0]]
                fresh = conflicts.Search(model, comp)
                assert [fresh.near_each([c])[0] for c in search.claims] == alone


@given(claim_sets(max_size=10))
def test_neighbours_of_many_claims_are_each_claims_own(claimset: ck.ClaimSet) -> None:
    _each_as_alone(claimset)


@st.composite
def spans(draw: st.DrawFn) -> ck.ClaimSet:
    """Totals over spans of a short daily series, some of two series (a Sum's total)."""
    first = date(2025, 1, 1)
    claims = []
    for k in range(draw(st.integers(1, 12))):
        start = draw(st.integers(0, 10))
        days = draw(st.integers(1, 5))
        subject = draw(st.sampled_from(["north", "south"]))
        period = ck.Period(first + timedelta(start), first + timedelta(start + days))
        claims.append(
            ck.Claim(
                id=f"c{k}",
                measure="cases",
                subject=subject,
                period=period,
                value=ck.Range(draw(st.integers(0, 50)), 60, "person"),
                kind="total",
            )
        )
    return ck.ClaimSet(claims)


@given(spans())
def test_neighbours_of_overlapping_spans_are_each_claims_own(claimset: ck.ClaimSet) -> None:
    _each_as_alone(claimset)
