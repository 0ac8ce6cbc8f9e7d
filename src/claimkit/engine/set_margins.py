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
of the time.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.components import clean, one_sided, submodel
from claimkit.engine.components import margins as margins_one
from claimkit.engine.conflict_lps import rows_lp, rows_of_sets
from claimkit.engine.highs import Status, load, optimize
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
    batch: list[tuple[int, Floats, LP]] = []
    n_rows = 0
    for k, (claims, rows) in enumerate(zip(sets, rows_of_sets(model, sets), strict=True)):
        made = closed_lp(model, rows)
        if made is None:  # several components, or a ratio's rows: the sub-model's own LP
            sub = submodel(model, claims)
            made = sub.lp(0, sub.n_components), sub.row_scale[: sub.n_rows]
        lp, row_scale = made
        if lp.n_claim_rows > BATCH_ROWS:
            out[k] = margins_one(model, claims)
            continue
        if n_rows + lp.n_claim_rows > BATCH_ROWS:
            _solve(batch, out)
            batch, n_rows = [], 0
        batch.append((k, row_scale, lp))
        n_rows += lp.n_claim_rows
    _solve(batch, out)
    return [m if m is not None else margins_one(model, s) for m, s in zip(out, sets, strict=True)]


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
    m = model.rows
    if m.scale_multiple is not None and not np.isnan(m.scale_multiple[rows]).all():
        return None
    if m.positive is not None and m.positive[rows].any():
        return None
    if not _connected(m, rows):
        return None
    lp = rows_lp(model, rows, strict=False, alone=True)
    lp = attrs.evolve(
        lp,
        row_index=np.arange(lp.n_claim_rows, dtype=np.int64),
        col_index=np.arange(lp.n_col, dtype=np.int64),
    )
    _, scale = scales(size(m.lo[rows], m.hi[rows]), np.zeros(rows.shape[0], dtype=np.int64), 1)
    return lp, scale


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


def _solve(batch: list[tuple[int, Floats, LP]], out: list[tuple[float, float] | None]) -> None:
    """Write the margins of a batch of sets into ``out`` (left ``None`` where not found)."""
    if not batch:
        return
    stretches = _stretches([lp for _, _, lp in batch])
    gaps = _gaps([(scale, lp) for _, scale, lp in batch])
    if stretches is None or gaps is None:
        return
    for (k, _, _), s, g in zip(batch, stretches, gaps, strict=True):
        out[k] = (s, g)


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


def _stretches(lps: list[LP]) -> list[float] | None:
    """Return each LP's stretch (as ``components.stretch``), or ``None`` to go one by one."""
    parts = []
    for base in lps:
        lp, is_lower, pick = one_sided(base)
        n = base.n_claim_rows
        lo_scale, hi_scale = end_scales(base.row_lo[:n], base.row_hi[:n])
        scale = np.where(is_lower, lo_scale[pick], hi_scale[pick])
        rows = np.arange(lp.n_claim_rows, dtype=np.int64)
        coef = np.where(is_lower, scale, -scale).astype(np.float64)
        parts.append((lp, rows, np.zeros(lp.n_claim_rows, dtype=np.int64), coef, 1))
    stacked, col0 = stack(parts)
    t_cols = col0 + np.array([lp.n_col for lp, *_ in parts], dtype=np.int64)
    h = load(stacked)
    status, _ = optimize(h, t_cols, np.ones(t_cols.shape[0]), maximize=False, lp=stacked)
    if status is not Status.FEASIBLE:  # some set cannot stretch: each on its own
        return None
    t = np.asarray(h.getSolution().col_value, dtype=np.float64)[t_cols]
    return [clean(max(float(x), 0.0)) for x in t]


def _gaps(subs: list[tuple[Floats, LP]]) -> list[float] | None:
    """Return each set's gap (as ``components.gap``), or ``None`` to go one by one.

    Each set is given as its rows' scales and its LP.
    """
    parts = []
    tops = []
    for scale, lp in subs:
        n = lp.n_claim_rows
        top = float(scale.max()) if n else 1.0
        rows = np.arange(n, dtype=np.int64)
        parts.append(
            (
                lp,
                np.concatenate([rows, rows]),
                np.arange(2 * n, dtype=np.int64),
                np.concatenate([np.ones(n), -np.ones(n)]),
                2 * n,
            )
        )
        tops.append((top, np.concatenate([scale / top, scale / top])))
    stacked, col0 = stack(parts)
    cols = np.concatenate(
        [
            c0 + lp.n_col + np.arange(n_new)
            for c0, (lp, _, _, _, n_new) in zip(col0.tolist(), parts, strict=True)
        ]
    )
    weights = np.concatenate([w for _, w in tops])
    h = load(stacked)
    status, _ = optimize(h, cols.astype(np.int64), weights, maximize=False, lp=stacked)
    if status is not Status.FEASIBLE:  # pragma: no cover - slack makes every set feasible
        return None
    value = np.asarray(h.getSolution().col_value, dtype=np.float64)[cols] * weights
    sizes = np.array([n_new for *_, n_new in parts], dtype=np.int64)
    first = np.zeros(len(parts), dtype=np.int64)
    np.cumsum(sizes[:-1], out=first[1:])
    per_set = np.add.reduceat(value, first)
    out = []
    with np.errstate(over="ignore"):
        for v, (top, _) in zip(per_set.tolist(), tops, strict=True):
            out.append(clean(float(np.float64(max(v, 0.0)) * np.float64(top))))
    return out
