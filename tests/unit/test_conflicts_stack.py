"""Several LPs stacked into one block-diagonal LP (set_margins.stack), block by block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from tests.unit.test_conflicts import daily

import claimkit as ck
from claimkit.engine import conflict_lps, conflicts, set_margins
from claimkit.engine.conflict_cover import Cover
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


def _series_model() -> tuple[Any, list[list[int]]]:
    """A daily series where 50 by day 3 clashes with 20 by day 5, and a five-day total."""
    first = date(2024, 1, 1)
    claims = daily([10, 30, 50, 40, 20, 60, 70], lambda v: ck.Range(v, v + 2, "person"))
    claims.append(
        ck.Claim(
            id="week",
            measure="killed",
            subject="russia",
            kind="total",
            period=ck.Period(first + timedelta(1), first + timedelta(6)),
            value=ck.Range.more_than(45, "person"),
        )
    )
    model = build(ck.ClaimSet(claims).canonical)
    sets = [[0, 1], [2, 4], [1, 7], [2, 3, 4], [0, 6], [5], [3, 4], [4, 6, 7], [2, 4, 6]]
    return model, sets


def test_the_lps_of_several_sets_side_by_side_are_each_sets_own() -> None:
    model, sets = _series_model()
    rows = [conflict_lps.rows_of(model, s) for s in sets]
    offsets = np.cumsum([0, *(r.shape[0] for r in rows)])
    stacked = conflict_lps.rows_lp(model, np.concatenate(rows), sets=offsets)
    whole = _dense(stacked)
    claim_at, col_at = 0, 0
    mono_at = int(offsets[-1])
    assert stacked.n_claim_rows == mono_at
    for r in rows:
        own = conflict_lps.rows_lp(model, r)
        k, m, n = own.n_claim_rows, own.n_row, own.n_col
        where = np.r_[claim_at : claim_at + k, mono_at : mono_at + m - k]
        block = np.zeros_like(whole[where])
        block[:, col_at : col_at + n] = _dense(own)
        assert (whole[where] == block).all()
        assert stacked.row_lo[where].tolist() == own.row_lo.tolist()
        assert stacked.row_hi[where].tolist() == own.row_hi.tolist()
        assert stacked.row_claim[claim_at : claim_at + k].tolist() == own.row_claim.tolist()
        span = slice(col_at, col_at + n)
        assert stacked.col_lo[span].tolist() == own.col_lo.tolist()
        assert stacked.col_hi[span].tolist() == own.col_hi.tolist()
        assert stacked.col_scale[span].tolist() == own.col_scale.tolist()
        claim_at, mono_at, col_at = claim_at + k, mono_at + m - k, col_at + n
    assert (mono_at, col_at) == (stacked.n_row, stacked.n_col)


def _own_verdicts(model: Any, rows: list[Any], sets: list[list[int]]) -> list[bool]:
    """Whether each set holds, each decided alone (its own instance, all its rows on)."""
    return [
        conflict_lps.Window(model, r).conflict(sorted(set(s))) is None
        for r, s in zip(rows, sets, strict=True)
    ]


def test_sets_decided_together_get_the_verdicts_of_their_own_lps() -> None:
    model, sets = _series_model()
    rows = [conflict_lps.rows_of(model, s) for s in sets]
    own = _own_verdicts(model, rows, sets)
    assert 3 <= own.count(False)
    assert 3 <= own.count(True)
    for options in ({}, {"elastic": True}, {"peel": True}):
        assert own == conflict_lps.hold_each(model, rows, {}, **options), options
    # Any order of the sets gives each the same verdict.
    backwards = conflict_lps.hold_each(model, rows[::-1], {}, peel=True)
    assert own == backwards[::-1]


@pytest.mark.parametrize("threads", [2, 3, 5])
def test_sets_split_over_threads_get_the_verdicts_of_their_own_lps(
    threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, sets = _series_model()
    rows = [conflict_lps.rows_of(model, s) for s in sets]
    own = _own_verdicts(model, rows, sets)
    monkeypatch.setattr(conflict_lps, "SPLIT_ROWS", 1)
    for options in ({}, {"elastic": True}, {"peel": True}):
        spare: dict[str, Any] = {}
        assert own == conflict_lps.hold_each(model, rows, spare, threads=threads, **options)
        assert "blocks" in spare  # the first run of sets is decided in the instance given


def test_peeling_decides_each_failing_block_and_the_rest_by_one_run() -> None:
    model, sets = _series_model()
    rows = [conflict_lps.rows_of(model, s) for s in sets]
    asked: list[int] = []

    def alone(k: int) -> bool:
        asked.append(k)
        return conflict_lps.Window(model, rows[k]).conflict(sorted(set(sets[k]))) is None

    offsets = np.cumsum([0, *(r.shape[0] for r in rows)])
    stacked = conflict_lps.rows_lp(model, np.concatenate(rows), sets=offsets)
    from claimkit.engine.highs import load

    h = load(stacked)
    h.setOptionValue("presolve", "off")
    sizes = np.diff(offsets).astype(np.int64)
    verdicts = conflict_lps.decide_blocks(h, stacked, sizes, alone, peel=True)
    own = _own_verdicts(model, rows, sets)
    # The failing blocks were each decided alone; the blocks that hold, by the runs
    # of the stack once the failing ones were switched off.
    assert own == verdicts
    assert {k for k, v in enumerate(verdicts) if not v} <= set(asked)
    assert len(asked) < len(sets)


def test_a_single_set_is_decided_by_one_run_of_its_own_lp() -> None:
    model, sets = _series_model()
    from claimkit.engine.highs import load

    for claims in sets:
        rows = conflict_lps.rows_of(model, claims)
        own = conflict_lps.Window(model, rows).conflict(sorted(set(claims))) is None
        lp = conflict_lps.rows_lp(model, rows, sets=np.array([0, rows.shape[0]]))
        for options in ({}, {"elastic": True}, {"peel": True}):
            h = load(lp)
            h.setOptionValue("presolve", "off")

            def alone(k: int) -> bool:
                raise AssertionError("a single set needs no LP of its own")

            sizes = np.array([rows.shape[0]], dtype=np.int64)
            assert [own] == conflict_lps.decide_blocks(h, lp, sizes, alone, **options)


def _exact_series(values: list[float]) -> ck.ClaimSet:
    return ck.ClaimSet(daily(values)).canonical


def test_a_swap_whose_rest_holds_is_recorded_without_a_deletion_filter() -> None:
    # 30 by day 2 clashes with 20 by day 3 and with 25 by day 4: the second set is
    # the first with a member swapped, and every claim of it but the one swapped in
    # holds alone, so it is an IIS as it stands.
    model = build(_exact_series([10, 30, 20, 25, 40]))
    search = conflicts.Search(model, 0)
    filtered: list[list[int]] = []
    core = search.core

    def counted(claims: Sequence[int], last: int | None = None) -> list[int] | None:
        filtered.append(sorted(claims))
        return core(claims, last)

    search.core = counted  # type: ignore[method-assign]
    found, left = search.run(None)
    assert (sorted(map(sorted, found)), left) == ([[1, 2], [1, 3]], 0)
    assert [1, 3] not in filtered
    assert all(conflict_lps.irreducible(model, s) for s in found)


def test_claims_whose_neighbourhood_holds_are_not_searched_around() -> None:
    # Forty exact daily totals, the tenth too high: the claims far from it have
    # neighbourhoods that hold, those next to it do not.
    values = [10.0 * (k + 1) for k in range(40)]
    values[9] = 125.0
    model = build(_exact_series(values))
    search = conflicts.Search(model, 0)
    cover = Cover(search, None)
    waiting = [8, 10, 25, 30, 39]
    cover._searches.update(dict.fromkeys(waiting))
    cover._screen()
    kept = list(cover._searches)
    holds = [search.hold_each([search.neighbourhood(c)], peel=False)[0] for c in waiting]
    assert kept == [c for c, held in zip(waiting, holds, strict=True) if not held]
    assert {8, 10} <= set(kept)
    assert not {25, 30, 39} & set(kept)
    # Where the neighbourhood holds the search around the claim finds nothing.
    assert [None] * 3 == [search.containing(c) for c in (25, 30, 39)]
