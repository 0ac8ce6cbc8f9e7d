"""Several LPs stacked into one block-diagonal LP (set_margins.stack), block by block."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

import claimkit as ck
from claimkit.engine import conflict_lps, set_margins
from claimkit.engine.matrix import LP
from claimkit.engine.model import build


def _dense(lp: LP) -> np.ndarray:
    out = np.zeros((lp.n_row, lp.n_col))
    for r in range(lp.n_row):
        for k in range(int(lp.start[r]), int(lp.start[r + 1])):
            out[r, int(lp.index[k])] += lp.value[k]
    return out


def _parts() -> list[tuple[LP, np.ndarray, np.ndarray, np.ndarray, int]]:
    first = date(2024, 1, 1)
    claims = [
        ck.Claim(
            id=f"c{k}",
            measure="cases",
            subject="north" if k % 2 else "south",
            kind="total",
            period=ck.Period(first + timedelta(k // 2), first + timedelta(k // 2 + 1 + k % 3)),
            value=ck.Range(k, 10 + k, "person"),
        )
        for k in range(10)
    ]
    model = build(ck.ClaimSet(claims).canonical)
    picks = [[0, 2, 4], [1], [3, 5, 7, 9], [6, 8]]
    new = [2, 0, 1, 3]
    parts = []
    for claims_, n in zip(picks, new, strict=True):
        lp = conflict_lps.rows_lp(model, conflict_lps.rows_of(model, claims_), free=n == 0)
        rows = np.arange(min(n, lp.n_row), dtype=np.int64)
        parts.append((lp, rows, rows % max(n, 1), 1.0 + rows, n))
    return parts


def test_each_part_is_its_own_block_with_its_new_columns() -> None:
    parts = _parts()
    stacked, col0 = set_margins.stack(parts)
    whole = _dense(stacked)
    claim_at = 0
    mono_at = sum(lp.n_claim_rows for lp, *_ in parts)
    assert stacked.n_claim_rows == mono_at
    assert stacked.n_col == sum(lp.n_col + n for lp, *_, n in parts)
    for (lp, rows, cols, values, n), c0 in zip(parts, col0.tolist(), strict=True):
        k, m = lp.n_claim_rows, lp.n_row
        # The part's claim rows, then its monotone rows, where the stack puts them.
        where = np.r_[claim_at : claim_at + k, mono_at : mono_at + m - k]
        own = np.zeros((m, lp.n_col + n))
        own[:, : lp.n_col] = _dense(lp)
        own[rows, lp.n_col + cols] += values
        block = np.zeros_like(whole[where])
        block[:, c0 : c0 + lp.n_col + n] = own
        assert (whole[where] == block).all()
        assert stacked.row_lo[where].tolist() == lp.row_lo.tolist()
        assert stacked.row_hi[where].tolist() == lp.row_hi.tolist()
        assert stacked.row_claim[claim_at : claim_at + k].tolist() == lp.row_claim.tolist()
        span = slice(c0, c0 + lp.n_col + n)
        assert stacked.col_lo[span].tolist() == [*lp.col_lo.tolist(), *[0.0] * n]
        assert stacked.col_hi[span].tolist() == [*lp.col_hi.tolist(), *[np.inf] * n]
        assert stacked.col_scale[span].tolist() == [*lp.col_scale.tolist(), *[1.0] * n]
        claim_at += k
        mono_at += m - k
    assert mono_at == stacked.n_row
