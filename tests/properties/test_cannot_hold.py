"""Propagation's "cannot hold" against the independent per-day oracle.

``feasible_and_cleared`` leaves out of a block's LPs the groups that interval
propagation shows cannot hold, each claim loosened by ``clear_miss`` of its
group's rows. That is sound only if every group so marked truly fails: the oracle
(``tests/oracle``, which shares no code with the engine) must never find it
feasible, and a check must give the verdicts it gives without propagation (and clear
of a tension at least the groups it clears without).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import components
from claimkit.engine.components import (
    _cannot_hold,
    clear_miss,
    component_ok,
    feasible_and_cleared,
)
from claimkit.engine.groups import below
from claimkit.engine.model import build
from claimkit.engine.propagate import cannot_hold
from claimkit.strategies import claim_sets

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.oracle import Oracle

SETS = st.one_of(claim_sets(consistent=False, min_size=2), claim_sets(min_size=1))


@given(SETS, st.sampled_from([0.0, 1e-9, 1e-6]))
def test_a_group_marked_cannot_hold_is_never_feasible_to_the_oracle(
    claimset: ck.ClaimSet, loosen: float
) -> None:
    model = build(claimset.canonical)
    rows = np.diff(model.comp_row_ptr)
    slack = np.maximum(clear_miss(rows), loosen)
    marked = cannot_hold(model, 0, model.n_components, slack)
    row_comp = np.searchsorted(model.comp_row_ptr, np.arange(model.n_rows), side="right") - 1
    for comp in np.flatnonzero(marked).tolist():
        claims = {model.claim_ids[c] for c in model.rows.claim[row_comp == comp].tolist()}
        chosen = [c for c in claimset.claims if c.id in claims]
        assert Oracle(chosen, claimset.relations).verdict().status != "feasible", chosen


def _side_by_side(parts: list[ck.ClaimSet]) -> ck.ClaimSet:
    """The claim sets as one, each its own groups (ids and subjects made apart)."""
    return ck.ClaimSet(
        c.replace(id=f"p{k}-{c.id}", subject=f"{c.subject}-{k}")
        for k, part in enumerate(parts)
        for c in part.canonical.claims
    )


@given(st.lists(SETS, min_size=1, max_size=5), st.integers(2, 4))
def test_groups_propagated_on_threads_get_the_verdicts_of_one_pass(
    parts: list[ck.ClaimSet], threads: int
) -> None:
    model = build(_side_by_side(parts).canonical)
    slack = clear_miss(np.diff(model.comp_row_ptr))
    one = cannot_hold(model, 0, model.n_components, slack)
    split = cannot_hold(model, 0, model.n_components, slack, threads=threads)
    assert split.tolist() == one.tolist()
    if model.n_components > 1:
        rest = cannot_hold(model, 1, model.n_components, slack[1:], threads=threads)
        assert rest.tolist() == one[1:].tolist()


@given(
    st.lists(SETS, min_size=1, max_size=5),
    st.integers(1, 12),
    st.sampled_from([0.0, 0.3]),
)
def test_verdicts_with_propagation_are_those_without(
    parts: list[ck.ClaimSet], block_rows: int, tension: float
) -> None:
    model = build(_side_by_side(parts).canonical)
    ok, cleared = feasible_and_cleared(model, tension, block_rows=block_rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(components, "cannot_hold", lambda m, a, b, s, **_: np.zeros(b - a, bool))
        without = feasible_and_cleared(model, tension, block_rows=block_rows)
    assert ok.tolist() == without[0].tolist()
    assert ok.tolist() == [component_ok(model, k) for k in range(model.n_components)]
    # Propagation only adds groups cleared (beside groups shown to fail, in one block),
    # and below finds each of them no tension.
    assert not (without[1] & ~cleared).any()
    if tension > 0.0:
        found = below(model, ok, ok, tension, cleared=cleared)
        np.testing.assert_array_equal(found, below(model, ok, ok, tension))


def test_a_ratio_of_zero_is_propagated_without_a_warning() -> None:
    # The ratio's row has a coefficient of 0 for one count: its quotient is infinite
    # and says nothing of that count (warnings are errors in the test suite).
    jan = ck.Period(date(2024, 1, 1), date(2024, 1, 2))
    a = ck.Claim(
        id="a", measure="wounded", subject="north", period=jan, value=ck.Range.exact(1.0, "person")
    )
    claims = [
        a,
        a.replace(id="b", value=ck.Range.exact(0.5, "person")),
        ck.Claim(
            id="r",
            measure="killed",
            subject="south",
            period=jan,
            kind="ratio",
            value=ck.Range.exact(0.0, "dimensionless"),
            of=ck.Quantity(measure="killed", subject="north", period=jan),
        ),
    ]
    model = build(ck.ClaimSet(claims).canonical)
    assert _cannot_hold(model, 0, model.n_components).tolist() == [True, False]
    assert not ck.check(ck.ClaimSet(claims)).consistent
    # The propagated bounds of a report (a warning before this was mended).
    report = ck.check(ck.ClaimSet([claims[0], claims[2]]))
    assert report.consistent
    assert report.bounds
