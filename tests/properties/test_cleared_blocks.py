"""Blocks cleared of a tension: their points confirmed for a run of blocks at once.

``feasible_and_cleared`` finds each block's point for its claims shrunk and
confirms the points of up to ``CONFIRM_BLOCKS`` blocks in one pass over their rows.
A block must be cleared exactly when its own point, confirmed against its own
strict LP, meets every claim (as each block was confirmed alone), whatever the
blocks' size and however many are confirmed together.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import components
from claimkit.engine.components import STRICT_TOLERANCE, _clears, _confirms, shrunk
from claimkit.engine.highs import point
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import build
from claimkit.strategies import claim_sets

Find = Callable[[LP], np.ndarray | None]
SETS = st.one_of(claim_sets(min_size=1), claim_sets(consistent=False, min_size=2))
THRESHOLDS = st.sampled_from([0.01, 0.1, 0.5, 0.99])


def _cleared_alone(
    model: LinearModel, first: int, stop: int, by: float, find: Find = point
) -> bool:
    """A block's verdict as it was reached block by block (``find``: HiGHS's point)."""
    closed = model.lp(first, stop)
    if closed.n_claim_rows == 0:
        return True
    strict = model.strict(closed, STRICT_TOLERANCE)
    found = find(shrunk(closed, by, np.ones(closed.n_claim_rows, dtype=np.bool_)))
    return found is not None and _confirms(model, strict, found)


def _confirmed_together(
    model: LinearModel, blocks: list[tuple[int, int]], by: float, together: int
) -> list[bool]:
    """Each block's verdict, ``together`` blocks confirmed at a time."""
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
    expected = [_cleared_alone(model, first, stop, by) for first, stop in blocks]
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
def test_a_point_that_misses_a_claim_clears_only_its_own_block(
    claimset: ck.ClaimSet, by: float, block_rows: int, together: int
) -> None:
    # Points at 0 miss every claim above 0: their blocks are not cleared, the others are
    # decided as they would be alone.
    model = build(claimset)
    blocks = model.blocks(block_rows)
    find = _origin_for_odd_groups(model)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(components, "point", find)
        found = _confirmed_together(model, blocks, by, together)
    expected = [_cleared_alone(model, first, stop, by, find) for first, stop in blocks]
    assert found == expected
