"""The stretch and gap of many conflict sets, solved together (internal).

Each conflict set's margins are two small LPs on the model of only its claims
(:func:`claimkit.engine.components.margins`). Solved one set at a time, a thousand
sets cost two thousand HiGHS runs, most of it the cost of a run rather than of the
work. The LPs of different sets share no variable, so they can be stacked into one
block-diagonal LP whose objective is the sum of theirs: its optimum is every set's
optimum at once, each block's columns an optimal point of that set's LP. Each set's
stretch and gap are read from its own block's columns.

Sets are stacked in batches of about :data:`BATCH_ROWS` claim rows. A batch whose
stacked stretch LP has no optimum (a set of claims that are exactly 0 cannot
stretch) is solved set by set, as is a set too large for a batch, so the results
are those of :func:`~claimkit.engine.components.margins` called on each set.

Each set's LP is the one :func:`~claimkit.engine.components.margins` solves, that of
the model of only its claims (``components.submodel``), built from the whole model's
rows without building that model (:func:`closed_lp`): the same arrays, in a fraction
of the time. A batch's LPs are built side by side in one pass
(``rows_lp(..., alone=True, sets=...)``), and its stretch and gap LPs from that, the
very LPs :func:`stack` makes of the sets' LPs one by one. Sets whose sub-model has
several components or a ratio's rows are stacked from their sub-models' LPs, in
batches of their own. The stretch and gap LPs of the batches are solved a few at
once, on threads (HiGHS lets go of Python's lock as it solves).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.components import clean, one_sided, submodel
from claimkit.engine.components import margins as margins_one
from claimkit.engine.conflict_lps import rows_lp, rows_of_sets
from claimkit.engine.highs import Status, each_on_threads, load, optimize
from claimkit.engine.margins import end_scales, size
from claimkit.engine.matrix import LP, LinearModel, Rows, scales

__all__ = ["BATCH_ROWS", "closed_lp", "margins_many", "stack"]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

#: Conflict sets are solved together up to about this many claim rows at a time.
BATCH_ROWS = 4_000


def margins_many(model: LinearModel, sets: Sequence[Sequence[int]]) -> list[tuple[float, float]]:
    """Return the stretch and the gap of each set of claims (by claim index).

    The same as ``[components.margins(model, s) for s in sets]``, to the solver's
    tolerance, in a few HiGHS runs (see the module documentation).
    """
    out: list[tuple[float, float] | None] = [None] * len(sets)
    own: list[tuple[int, Ints]] = []  # built from the model's rows, a batch at a time
    other: list[tuple[int, tuple[LP, Floats]]] = []  # their sub-model's own LP
    for k, (claims, rows) in enumerate(zip(sets, rows_of_sets(model, sets), strict=True)):
        if _from_rows(model.rows, rows):
            if rows.shape[0] <= BATCH_ROWS:
                own.append((k, rows))
            continue
        # Several components, or a ratio's rows: the sub-model's own LP.
        sub = submodel(model, claims)
        lp = sub.lp(0, sub.n_components)
        if lp.n_claim_rows <= BATCH_ROWS:
            other.append((k, (lp, sub.row_scale[: sub.n_rows])))
    batches = [
        ([k for k, _ in own[a:b]], _stacked_rows(model, [r for _, r in own[a:b]]))
        for a, b in _batches([r.shape[0] for _, r in own])
    ] + [
        ([k for k, _ in other[a:b]], _stacked_lps([m for _, m in other[a:b]]))
        for a, b in _batches([lp.n_claim_rows for _, (lp, _) in other])
    ]
    _solve(batches, out)
    # A set larger than a batch, or one whose batch found no optimum: on its own.
    return [m if m is not None else margins_one(model, s) for m, s in zip(out, sets, strict=True)]


def _batches(sizes: list[int]) -> list[tuple[int, int]]:
    """Return consecutive runs (start, stop) of ``sizes`` of at most :data:`BATCH_ROWS` rows."""
    runs: list[tuple[int, int]] = []
    first, rows = 0, 0
    for i, n in enumerate(sizes):
        if rows + n > BATCH_ROWS and i > first:
            runs.append((first, i))
            first, rows = i, 0
        rows += n
    if first < len(sizes):
        runs.append((first, len(sizes)))
    return runs


def _stacked_rows(model: LinearModel, rows: list[Ints]) -> tuple[LP, Ints, Floats]:
    """Return the LPs of :func:`closed_lp` of the sets of rows, side by side.

    As :func:`stack` gives them; with each claim row's set, and the rows' scales
    (each set's own).
    """
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([r.shape[0] for r in rows], out=offsets[1:])
    flat = np.concatenate(rows)
    lp = rows_lp(model, flat, strict=False, alone=True, sets=offsets)
    of = np.repeat(np.arange(len(rows), dtype=np.int64), np.diff(offsets))
    _, scale = scales(size(model.rows.lo[flat], model.rows.hi[flat]), of, len(rows))
    return lp, of, scale


def _stacked_lps(made: list[tuple[LP, Floats]]) -> tuple[LP, Ints, Floats]:
    """Return the LPs side by side (:func:`stack`), each claim row's LP, and the scales."""
    none = np.zeros(0, dtype=np.int64)
    lp, _ = stack([(m, none, none, np.zeros(0), 0) for m, _ in made])
    sizes = [m.n_claim_rows for m, _ in made]
    of = np.repeat(np.arange(len(made), dtype=np.int64), sizes)
    return lp, of, np.concatenate([scale for _, scale in made])


def closed_lp(model: LinearModel, rows: Ints) -> tuple[LP, Floats] | None:
    """Return the LP, ends closed, of the model of only some claim rows, and their scales.

    ``rows`` are the rows (sorted) of some claims of ``model``. The result is the LP
    ``submodel(model, claims).lp(0, 1)`` and that sub-model's row scales, the same
    arrays, built without the sub-model: its variables are the dates the rows
    mention (each series' first fixed at 0), its scales those of
    :func:`~claimkit.engine.matrix.scales` for these rows alone, its monotone rows
    weighted as :meth:`~claimkit.engine.matrix.LinearModel.monotone_weight` weights
    them there.
    ``None`` when that model has several components, or the rows include a ratio's
    (scaled by their multiple) or a denominator's: the caller builds the sub-model.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.engine.components import submodel
    >>> from claimkit.engine.model import build
    >>> from claimkit.engine.set_margins import closed_lp
    >>> q1 = [ck.Period.month(2024, m) for m in (1, 2, 3)]
    >>> claims = [ck.Claim(id=f"m{k}", measure="cases", subject="x", period=p,
    ...                    value=ck.Range(100, 200, "person")) for k, p in enumerate(q1)]
    >>> claims.append(ck.Claim(id="q1", measure="cases", subject="x",
    ...     period=ck.Period.quarter(2024, 1), value=ck.Range(700, 800, "person")))
    >>> model = build(ck.ClaimSet(claims))
    >>> rows = model.rows.indices_of([0, 1, 3])
    >>> lp, row_scale = closed_lp(model, rows)
    >>> sub = submodel(model, [0, 1, 3])
    >>> bool((lp.value == sub.lp(0, 1).value).all()), row_scale.tolist()
    (True, [200.0, 200.0, 800.0])
    """
    if not _from_rows(model.rows, rows):
        return None
    lp, _, scale = _stacked_rows(model, [rows])  # a batch of one
    lp = attrs.evolve(
        lp,
        row_index=np.arange(lp.n_claim_rows, dtype=np.int64),
        col_index=np.arange(lp.n_col, dtype=np.int64),
    )
    return lp, scale


def _from_rows(rows: Rows, picked: Ints) -> bool:
    """Return whether :func:`closed_lp` builds the LP of the sub-model of these rows.

    Not when the rows include a ratio's (scaled by their multiple) or a
    denominator's, or their sub-model has several components.
    """
    if rows.scale_multiple is not None and not np.isnan(rows.scale_multiple[picked]).all():
        return False
    if rows.positive is not None and rows.positive[picked].any():
        return False
    return _connected(rows, picked)


def _connected(rows: Rows, picked: Ints) -> bool:
    """Return whether the series of the ``picked`` rows are linked by them into one."""
    parent: dict[int, int] = {}

    def root(s: int) -> int:
        while parent.setdefault(s, s) != s:
            s = parent[s]
        return s

    ptr, idx = rows.series_ptr, rows.series_idx
    for r in picked.tolist():
        linked = idx[ptr[r] : ptr[r + 1]].tolist()
        if not linked:
            continue
        top = root(linked[0])
        for s in linked[1:]:
            parent[root(s)] = top
    return len({root(s) for s in parent}) <= 1


def _solve(batches: list[tuple[list[int], tuple[LP, Ints, Floats]]], out: list[Any]) -> None:
    """Write the margins of batches of sets into ``out`` (left ``None`` where not found).

    Each batch: the sets' ids, and their LPs side by side (claim rows first, set after
    set), each claim row's set (0 to ``len(ids) - 1``) and each claim row's scale. The
    stretch and gap LPs of every batch are solved a few at once, on threads.
    """
    jobs: list[Callable[[], list[float] | None]] = []
    for ids, (lp, of, scale) in batches:
        n_own = _columns_of_each(lp, of, len(ids))
        jobs += [partial(_stretches, lp, of, n_own), partial(_gaps, lp, of, n_own, scale)]
    found = each_on_threads(lambda job: job(), jobs)
    for (ids, _), stretches, gaps in zip(batches, found[0::2], found[1::2], strict=True):
        if stretches is not None and gaps is not None:
            for k, st, g in zip(ids, stretches, gaps, strict=True):
                out[k] = (st, g)


def _columns_of_each(lp: LP, of: Ints, n_sets: int) -> Ints:
    """Return how many columns each set's LP has (every column is in some claim row)."""
    n = lp.n_claim_rows
    counts = np.diff(lp.start[: n + 1]).astype(np.int64)
    owner = np.zeros(lp.n_col, dtype=np.int64)
    owner[lp.index[: int(lp.start[n])]] = np.repeat(of, counts)
    return np.bincount(owner, minlength=n_sets).astype(np.int64)


def _with_columns(
    lp: LP, rows: Ints, cols: Ints, values: Floats, *, n_own: Ints, n_new: Ints
) -> tuple[LP, Ints]:
    """Return the stacked ``lp`` with ``n_new[k]`` columns (>= 0) after each set ``k``'s own.

    New column ``cols[j]`` (numbered over every set's new columns in turn) has entry
    ``values[j]`` at claim row ``rows[j]``: the LP :func:`stack` builds from each
    set's LP and new columns. Also returns where each new column is, in that order.
    """
    added, _ = stack([(lp, rows, cols, values, int(n_new.sum()))])
    own_first, new_first = _firsts(n_own), _firsts(n_new)
    sets = np.arange(n_own.shape[0], dtype=np.int64)
    own_set, new_set = np.repeat(sets, n_own), np.repeat(sets, n_new)
    where = np.concatenate(
        [
            np.arange(own_set.shape[0]) + new_first[own_set],
            np.arange(new_set.shape[0]) + own_first[new_set] + n_own[new_set],
        ]
    )

    def moved(values: Floats) -> Floats:
        out = np.empty_like(values)
        out[where] = values
        return out

    moved_lp = attrs.evolve(
        added,
        index=where[added.index].astype(np.int32),
        col_lo=moved(added.col_lo),
        col_hi=moved(added.col_hi),
        col_scale=moved(added.col_scale),
    )
    return moved_lp, where[own_set.shape[0] :]


def stack(parts: Sequence[tuple[LP, Ints, Ints, Floats, int]]) -> tuple[LP, Ints]:
    """Return one block-diagonal LP of several, each with new columns, and where each starts.

    Each part is ``(lp, rows, cols, values, n_new)``: the LP, and ``n_new`` columns
    added after its own, with entries ``values`` at its rows ``rows`` and new
    columns ``cols`` (counted from 0). Returns the LP (every part's rows in turn,
    claim rows first: all parts' claim rows, then all their monotone rows, so that
    ``n_claim_rows`` keeps its meaning) and the first column of each part.
    """
    lps = [lp for lp, *_ in parts]
    n_new = np.array([n for *_, n in parts], dtype=np.int64)
    n_row = np.array([lp.n_row for lp in lps], dtype=np.int64)
    n_claim = np.array([lp.n_claim_rows for lp in lps], dtype=np.int64)
    n_cols = np.array([lp.n_col for lp in lps], dtype=np.int64) + n_new
    col0, row0, claim0 = _firsts(n_cols), _firsts(n_row), _firsts(n_claim)
    mono0 = int(n_claim.sum()) + _firsts(n_row - n_claim)
    # Each part's rows: claim rows to the claim part of the stack, monotone rows after
    # every claim row.
    part = np.repeat(np.arange(len(parts)), n_row)
    local = np.arange(int(n_row.sum())) - row0[part]
    place = np.where(
        local < n_claim[part], claim0[part] + local, mono0[part] + local - n_claim[part]
    )
    counts = np.concatenate([np.diff(lp.start).astype(np.int64) for lp in lps])
    entry_part = np.repeat(part, counts)
    added = np.array([r.shape[0] for _, r, *_ in parts], dtype=np.int64)
    added_part = np.repeat(np.arange(len(parts)), added)
    added_rows = np.concatenate([r for _, r, *_ in parts]).astype(np.int64)
    row = np.concatenate([np.repeat(place, counts), place[row0[added_part] + added_rows]])
    col = np.concatenate(
        [
            col0[entry_part] + np.concatenate([lp.index for lp in lps]).astype(np.int64),
            (col0 + n_cols - n_new)[added_part]
            + np.concatenate([c for _, _, c, *_ in parts]).astype(np.int64),
        ]
    )
    value = np.concatenate([*(lp.value for lp in lps), *(v for _, _, _, v, _ in parts)])
    total = int(n_row.sum())
    order = np.argsort(row, kind="stable")
    start = np.zeros(total + 1, dtype=np.int32)
    np.cumsum(np.bincount(row, minlength=total), out=start[1:])
    row_lo = np.empty(total)
    row_hi = np.empty(total)
    row_lo[place] = np.concatenate([lp.row_lo for lp in lps])
    row_hi[place] = np.concatenate([lp.row_hi for lp in lps])
    row_claim = np.empty(int(n_claim.sum()), dtype=np.int64)
    row_claim[place[local < n_claim[part]]] = np.concatenate([lp.row_claim for lp in lps])
    # Each part's own columns, then its new ones (>= 0, unscaled).
    is_new = np.repeat(
        np.tile([False, True], len(parts)), np.column_stack([n_cols - n_new, n_new]).ravel()
    )

    def columns(own: list[Floats], fill: float) -> Floats:
        out = np.full(int(n_cols.sum()), fill)
        out[~is_new] = np.concatenate(own)
        return out

    stacked = LP(
        n_col=int(n_cols.sum()),
        start=start,
        index=col[order].astype(np.int32),
        value=value[order],
        row_lo=row_lo,
        row_hi=row_hi,
        col_lo=columns([lp.col_lo for lp in lps], 0.0),
        col_hi=columns([lp.col_hi for lp in lps], np.inf),
        row_claim=row_claim,
        n_claim_rows=int(n_claim.sum()),
        col_scale=columns([lp.col_scale for lp in lps], 1.0),
        claim_ids=lps[0].claim_ids,
    )
    return stacked, col0


def _firsts(sizes: Ints) -> Ints:
    """Return where each of consecutive runs of the given sizes starts."""
    first = np.zeros(sizes.shape[0], dtype=np.int64)
    np.cumsum(sizes[:-1], out=first[1:])
    return first


def _stretches(lp: LP, of: Ints, n_own: Ints) -> list[float] | None:
    """Return each set's stretch (as ``components.stretch``), or ``None`` to go one by one."""
    n, k = lp.n_claim_rows, int(n_own.shape[0])
    sided, is_lower, pick = one_sided(lp, by=of)
    lo_scale, hi_scale = end_scales(lp.row_lo[:n], lp.row_hi[:n])
    scale = np.where(is_lower, lo_scale[pick], hi_scale[pick])
    coef = np.where(is_lower, scale, -scale).astype(np.float64)
    rows = np.arange(sided.n_claim_rows, dtype=np.int64)
    stacked, t_cols = _with_columns(
        sided, rows, of[pick], coef, n_own=n_own, n_new=np.ones(k, dtype=np.int64)
    )
    h = load(stacked)
    status, _ = optimize(h, t_cols, np.ones(k), maximize=False, lp=stacked)
    if status is not Status.FEASIBLE:  # some set cannot stretch: each on its own
        return None
    t = np.asarray(h.getSolution().col_value, dtype=np.float64)[t_cols]
    return [clean(max(float(x), 0.0)) for x in t]


def _gaps(lp: LP, of: Ints, n_own: Ints, scale: Floats) -> list[float] | None:
    """Return each set's gap (as ``components.gap``), or ``None`` to go one by one.

    ``scale``: each claim row's scale (its set's own).
    """
    n, k = lp.n_claim_rows, int(n_own.shape[0])
    sizes = np.bincount(of, minlength=k).astype(np.int64)
    first = _firsts(sizes)
    top = np.full(k, -np.inf)
    np.maximum.at(top, of, scale)
    weight = scale / top[of]
    # Each set's new columns: a slack of +1 on each of its rows, then one of -1.
    place = np.arange(n, dtype=np.int64) - first[of]
    plus = 2 * first[of] + place
    minus = plus + sizes[of]
    rows = np.arange(n, dtype=np.int64)
    values = np.concatenate([np.ones(n), -np.ones(n)])
    both = np.concatenate([rows, rows])
    new = np.concatenate([plus, minus])
    stacked, cols = _with_columns(lp, both, new, values, n_own=n_own, n_new=2 * sizes)
    weights = np.empty(2 * n)
    weights[plus], weights[minus] = weight, weight
    h = load(stacked)
    status, _ = optimize(h, cols, weights, maximize=False, lp=stacked)
    if status is not Status.FEASIBLE:  # pragma: no cover - slack makes every set feasible
        return None
    value = np.asarray(h.getSolution().col_value, dtype=np.float64)[cols] * weights
    per_set = np.add.reduceat(value, 2 * first)
    out = []
    with np.errstate(over="ignore"):
        for v, t in zip(per_set.tolist(), top.tolist(), strict=True):
            out.append(clean(float(np.float64(max(v, 0.0)) * np.float64(t))))
    return out
