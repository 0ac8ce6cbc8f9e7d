"""Groups cleared of a tension: the points of their blocks confirmed for many blocks at once.

``feasible_and_cleared`` finds each block's point for its claims shrunk (again with
the claims of the groups propagation shows cannot hold left free, when the first
LP has no point) and confirms the points of up to ``CONFIRM_BLOCKS`` blocks in one
pass over their rows. A group must be cleared exactly when its block's own point,
confirmed against its own strict LP, meets each of its claims (as each block was
confirmed alone), whatever the blocks' size and however many are confirmed together.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import components
from claimkit.engine.components import STRICT_TOLERANCE, _cannot_hold, _clears, _met_at, shrunk
from claimkit.engine.highs import point
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import build
from claimkit.strategies import claim_sets

Find = Callable[[LP], np.ndarray | None]
SETS = st.one_of(claim_sets(min_size=1), claim_sets(consistent=False, min_size=2))
THRESHOLDS = st.sampled_from([0.01, 0.1, 0.5, 0.99])


def _cleared_alone(
    model: LinearModel, first: int, stop: int, by: float, find: Find = point
) -> list[bool]:
    """Each group's verdict as it is reached block by block (``find``: HiGHS's point).

    The block's claims shrunk; where they have no point, shrunk again with the claim
    rows of the groups propagation shows cannot hold left free (when some, not all,
    are so shown). A group is cleared when the point meets each of its claims as
    stated (strict ends honoured).
    """
    closed = model.lp(first, stop)
    n = closed.n_claim_rows
    if n == 0:
        return [True] * (stop - first)
    strict = model.strict(closed, STRICT_TOLERANCE)
    comp = model.row_comp[int(model.comp_row_ptr[first]) + np.arange(n)] - first
    live = np.ones(stop - first, dtype=np.bool_)
    found = find(shrunk(closed, by, np.ones(n, dtype=np.bool_)))
    if found is None:
        dead = _cannot_hold(model, first, stop)
        if not dead.any() or dead.all():
            return [False] * (stop - first)
        live = ~dead
        found = find(shrunk(closed, by, live[comp]))
        if found is None:
            return [False] * (stop - first)
    return [
        bool(live[k]) and _met_at(model, strict, found, np.flatnonzero(comp == k))
        for k in range(stop - first)
    ]


def _confirmed_together(
    model: LinearModel, blocks: list[tuple[int, int]], by: float, together: int
) -> list[bool]:
    """Each group's verdict, ``together`` blocks confirmed at a time."""
    found: list[bool] = []
    for at in range(0, len(blocks), together):
        found.extend(_clears(model, blocks[at : at + together], by)[0].tolist())
    return found


@given(SETS, THRESHOLDS, st.integers(1, 6), st.integers(1, 3))
def test_blocks_confirmed_together_are_those_confirmed_alone(
    claimset: ck.ClaimSet, by: float, block_rows: int, together: int
) -> None:
    model = build(claimset)
    blocks = model.blocks(block_rows)
    expected = [c for first, stop in blocks for c in _cleared_alone(model, first, stop, by)]
    found = _confirmed_together(model, blocks, by, together)
    assert found == expected


@given(SETS, THRESHOLDS, st.integers(1, 6))
def test_the_verdicts_do_not_depend_on_how_many_blocks_are_confirmed_together(
    claimset: ck.ClaimSet, by: float, block_rows: int
) -> None:
    model = build(claimset)
    expected = components.feasible_and_cleared(model, by, block_rows=block_rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(components, "CONFIRM_BLOCKS", 1)
        alone = components.feasible_and_cleared(model, by, block_rows=block_rows)
    assert [a.tolist() for a in alone] == [e.tolist() for e in expected]


def _origin_for_odd_groups(model: LinearModel) -> Find:
    """HiGHS's point, with 0 for the counts of each group of an odd number of claim rows.

    Decided group by group, so that the point of a block is the same whether its LP
    is solved alone or beside other blocks' (as ``_clears`` solves a few as one).
    """
    rows = np.diff(model.comp_row_ptr)

    def find(lp: LP) -> np.ndarray | None:
        found = point(lp)
        if found is None:
            return None
        comp = model.series_comp[model.var_series[lp.col_index]]
        found = found.copy()
        found[: lp.n_col][rows[comp] % 2 == 1] = 0.0
        return found

    return find


@given(SETS, THRESHOLDS, st.integers(1, 6), st.integers(1, 3))
def test_a_point_that_misses_a_claim_clears_only_its_own_group(
    claimset: ck.ClaimSet, by: float, block_rows: int, together: int
) -> None:
    # Points at 0 miss every claim above 0: their groups are not cleared, the others are
    # decided as they would be alone.
    model = build(claimset)
    blocks = model.blocks(block_rows)
    find = _origin_for_odd_groups(model)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(components, "point", find)
        found = _confirmed_together(model, blocks, by, together)
    expected = [c for first, stop in blocks for c in _cleared_alone(model, first, stop, by, find)]
    assert found == expected
