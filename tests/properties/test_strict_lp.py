"""A block's LP with strict ends moved inward, made from the block's closed LP.

``LinearModel.strict`` takes the LP of a block read closed (all its claim rows or
some of them) and moves the strict finite ends of its claim rows inward, as the
block's check needs both: the matrix is the closed LP's own, the monotone rows and
every closed or infinite end stay, and each strict end moves by the shift (a range
too narrow for that becomes its midpoint).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import build
from claimkit.strategies import claim_sets

SHIFT = 1e-8


def _assert_strict(model: LinearModel, closed: LP) -> None:
    strict = model.strict(closed, SHIFT)
    n = closed.n_claim_rows
    for name in ("start", "index", "value", "row_index", "col_lo", "col_hi"):
        assert getattr(strict, name) is getattr(closed, name)
    np.testing.assert_array_equal(strict.row_lo[n:], closed.row_lo[n:])
    np.testing.assert_array_equal(strict.row_hi[n:], closed.row_hi[n:])
    rows = closed.row_index
    for k in range(n):
        lo, hi = closed.row_lo[k], closed.row_hi[k]
        new_lo = lo + SHIFT if model.rows.lo_open[rows[k]] and np.isfinite(lo) else lo
        new_hi = hi - SHIFT if model.rows.hi_open[rows[k]] and np.isfinite(hi) else hi
        if new_lo > new_hi:
            new_lo = new_hi = 0.5 * (lo + hi)
        assert (strict.row_lo[k], strict.row_hi[k]) == (new_lo, new_hi)


@given(claim_sets(min_size=1), st.data())
def test_strict_moves_only_the_strict_ends_of_the_rows_given(
    claimset: ck.ClaimSet, data: st.DataObject
) -> None:
    model = build(claimset)
    for first in range(model.n_components):
        stop = data.draw(st.integers(first + 1, model.n_components))
        _assert_strict(model, model.lp(first, stop))
        r0, r1 = int(model.comp_row_ptr[first]), int(model.comp_row_ptr[stop])
        some = data.draw(st.lists(st.integers(r0, max(r0, r1 - 1)), unique=True))
        if r1 > r0:
            _assert_strict(model, model.lp(first, stop, rows=np.array(sorted(some), np.int64)))


def test_a_strict_end_moves_inward_and_a_narrow_range_becomes_its_middle() -> None:
    jan = ck.Period.month(2024, 1)
    claims = ck.ClaimSet(
        [
            ck.Claim(id="a", measure="m", subject="x", period=jan,
                     value=ck.Range(100, 200, "person", lo_open=True)),
            ck.Claim(id="b", measure="m", subject="y", period=jan,
                     value=ck.Range(100, 100 * (1 + 1e-9), "person", lo_open=True,
                                    hi_open=True)),
        ]
    )  # fmt: skip
    model = build(claims)
    for c in range(model.n_components):
        closed = model.lp(c, c + 1)
        strict = model.strict(closed, SHIFT)
        assert strict.row_lo[0] > closed.row_lo[0]
        assert strict.row_hi[0] <= closed.row_hi[0]
        assert strict.row_lo[0] <= strict.row_hi[0]
