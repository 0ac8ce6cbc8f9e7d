"""The LPs of the conflict search: sets of claims decided in their own rows (internal).

:func:`rows_lp` is the LP of some claims' rows in the model's scales; a
:class:`Window` holds such an LP in one HiGHS instance and decides subsets of its
claims by switching rows on and off, reading the solver's Farkas certificate when
they fail; :func:`hold_each` decides the LPs of several sets side by side in one;
:func:`cheapest_conflict` finds a least-cost irreducible infeasible subset with one
LP; :func:`irreducible` is the check every reported conflict set passes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from claimkit.engine import margins
from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.conflict_layout import rows_by_set
from claimkit.engine.highs import (
    THREADS,
    Status,
    add_slacks,
    each_on_threads,
    even_runs,
    load,
    run,
)
from claimkit.engine.matrix import LP, LinearModel, concat_ranges, monotone_weights, scales
from claimkit.errors import NumericalError

__all__ = [
    "CLEAR_MISS",
    "RAY_CUTOFF",
    "Window",
    "certificates",
    "cheapest_conflict",
    "decide_blocks",
    "hold_each",
    "irreducible",
    "rows_lp",
    "rows_of",
    "rows_of_sets",
]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

#: A row whose share of the Farkas certificate is below this (relative to its largest
#: entry) is read as not in it.
RAY_CUTOFF = 1e-9


def rows_lp(
    model: LinearModel,
    rows: Ints,
    *,
    strict: bool = True,
    free: bool = False,
    alone: bool = False,
    sets: Ints | None = None,
) -> LP:
    """Return the LP of some claim rows, over only the variables they mention.

    Rows and variables keep the model's scales, so a set of claims is decided exactly
    as it is inside the whole model; consecutive mentioned dates of a series are tied
    by monotone rows, and a series' first date is fixed at 0. With ``free`` there are
    neither monotone rows nor bounds on the variables: the claims' rows alone. With
    ``alone`` the LP is that of a model of only these rows, one component
    (``components.submodel``): scales of these rows alone
    (:func:`~claimkit.engine.matrix.scales`), monotone rows weighted as that model
    weighs them, and the first date each series mentions fixed at 0.

    With ``sets`` (offsets into ``rows``: set ``k`` is ``rows[sets[k]:sets[k + 1]]``)
    the result is the LPs of the sets, each as this function returns it for that set
    alone, side by side (block-diagonal: no shared
    variable), the claim rows of every set first, set after set, then the monotone
    rows.
    """
    counts = model.row_ptr[rows + 1] - model.row_ptr[rows]
    gather = concat_ranges(model.row_ptr[rows], counts)
    cols = model.row_cols[gather]
    span = model.n_vars + 1
    n_sets = 1 if sets is None else sets.shape[0] - 1
    of_row = (
        np.zeros(rows.shape[0], dtype=np.int64)
        if sets is None
        else np.repeat(np.arange(n_sets, dtype=np.int64), np.diff(sets))
    )
    if sets is not None:  # each set its own copy of the variables it mentions
        cols = cols + np.repeat(of_row, counts) * span
    keys, local = np.unique(cols, return_inverse=True)
    used, block = keys % span, keys // span
    series = model.var_series[used]
    same = np.flatnonzero((series[1:] == series[:-1]) & (block[1:] == block[:-1]))
    if alone:  # each set a model of its own rows
        comp_scale, scale = scales(
            margins.size(model.rows.lo[rows], model.rows.hi[rows]), of_row, n_sets
        )
        least = np.full(n_sets, np.inf)
        np.minimum.at(least, of_row, scale)
        col_scale = comp_scale[block]
        weight = monotone_weights(comp_scale[block[same]], least[block[same]])
        first = np.ones(used.shape[0], dtype=np.bool_)
        first[1:] = (series[1:] != series[:-1]) | (block[1:] != block[:-1])
    else:
        col_scale = model.comp_scale[model.series_comp[series]]
        scale = model.row_scale[rows]
        weight = model.monotone_weight(used[same + 1])
        first = used == model.series_ptr[series]
    vals = model.row_vals[gather] * col_scale[local] / np.repeat(scale, counts)
    lo, hi = model.rows.lo[rows] / scale, model.rows.hi[rows] / scale
    if strict:
        lo, hi = margins.shift_strict(
            lo, hi, model.rows.lo_open[rows], model.rows.hi_open[rows], STRICT_TOLERANCE
        )
    if free:
        same = same[:0]
    n_mono, n_claim = int(same.shape[0]), int(rows.shape[0])
    start = np.empty(n_claim + n_mono + 1, dtype=np.int32)
    start[0] = 0
    np.cumsum(counts, out=start[1 : n_claim + 1])
    start[n_claim + 1 :] = start[n_claim] + 2 * np.arange(1, n_mono + 1)
    n_col = int(used.shape[0])
    return LP(
        n_col=n_col,
        start=start,
        index=np.concatenate([local, np.column_stack([same, same + 1]).ravel()]).astype(np.int32),
        # Monotone rows weighted as in the whole model (see LinearModel.monotone_weight),
        # so that a small claim is decided to its own size beside a large one.
        value=np.concatenate(
            [vals, (np.array([-1.0, 1.0]) * weight[: same.shape[0], None]).ravel()]
        ),
        row_lo=np.concatenate([lo, np.zeros(n_mono)]),
        row_hi=np.concatenate([hi, np.full(n_mono, np.inf)]),
        col_lo=np.full(n_col, -np.inf) if free else np.zeros(n_col),
        col_hi=np.full(n_col, np.inf) if free else np.where(first, 0.0, np.inf),
        row_claim=model.rows.claim[rows],
        n_claim_rows=n_claim,
        col_scale=col_scale,
        claim_ids=model.claim_ids,
    )


def _certificate(h: Any, claims: Ints, where: Ints) -> tuple[Ints, Floats]:
    """Return the claims that the Farkas certificate of an infeasible LP rests on.

    ``claims`` are the LP's claims (sorted) and ``where`` each claim row's entry in
    them. Returns the claims (sorted) and each one's share: the sum of ``|y|`` over
    its rows, for the dual ray ``y`` HiGHS gives (rows are scaled to their size, so
    shares are comparable). Both are empty when HiGHS gives no ray.
    """
    _, exists, ray = h.getDualRay()
    n = where.shape[0]
    y = np.abs(np.asarray(ray, dtype=np.float64)[:n]) if exists else np.zeros(0)
    top = float(y.max()) if y.size else 0.0
    if not top > 0.0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    share: Floats = np.bincount(where, y, minlength=claims.shape[0]).astype(np.float64)
    keep = share > RAY_CUTOFF * top
    return claims[keep].astype(np.int64), share[keep]


def cheapest_conflict(lp: LP, cost: Floats, spare: dict[str, Any]) -> Ints:
    """Return the claims of a least-cost IIS of ``lp``'s rows (empty if it holds).

    The Farkas certificates of ``lp`` are the non-negative multipliers of its row
    and column bounds whose combination of rows is zero and of bounds is 1; the
    supports of the vertices of that set are its IISs (Gleeson and Ryan, 1990). This
    LP finds a vertex of least cost, each multiplier of a claim row costing
    ``cost[k]`` for the claim ``lp.row_claim[k]``'s entry ``k`` of ``np.unique``
    order, the monotone rows and the variables' bounds costing nothing. Empty too
    when the solver gives no answer: the result only guides the search. The HiGHS
    instance ``spare["alt"]`` is loaded again if there is one, and kept there.
    """
    _, which = np.unique(lp.row_claim, return_inverse=True)
    n, m, n_x = lp.n_claim_rows, lp.n_row, lp.n_col
    start = lp.start.astype(np.int64)
    row_of = np.repeat(np.arange(m), np.diff(start))
    row_cost = np.concatenate([cost[which], np.zeros(m - n)])
    # One multiplier per finite end of a row, then per finite bound of a variable; the
    # alternative system has a row per variable (the combination is zero) and one
    # for the bounds (their combination is 1).
    alt_row, alt_col, alt_val, costs, rows = [], [], [], [], []
    k = 0
    for sign, ends in ((1.0, lp.row_lo), (-1.0, lp.row_hi)):
        keep = np.isfinite(ends)
        ids = np.cumsum(keep) - 1 + k
        nz = np.flatnonzero(keep[row_of])
        alt_row += [lp.index[nz].astype(np.int64), np.full(int(keep.sum()), n_x)]
        alt_col += [ids[row_of[nz]], ids[keep]]
        alt_val += [sign * lp.value[nz], sign * ends[keep]]
        costs.append(row_cost[keep])
        rows.append(np.flatnonzero(keep))
        k += int(keep.sum())
    for sign, ends in ((1.0, lp.col_lo), (-1.0, lp.col_hi)):
        keep = np.flatnonzero(np.isfinite(ends))
        ids = np.arange(k, k + keep.shape[0])
        alt_row += [keep, np.full(keep.shape[0], n_x)]
        alt_col += [ids, ids]
        alt_val += [np.full(keep.shape[0], sign), sign * ends[keep]]
        costs.append(np.zeros(keep.shape[0]))
        rows.append(np.full(keep.shape[0], m))
        k += keep.shape[0]
    r, c, v = np.concatenate(alt_row), np.concatenate(alt_col), np.concatenate(alt_val)
    nonzero = v != 0.0
    r, c, v = r[nonzero], c[nonzero], v[nonzero]
    order = np.lexsort((c, r))
    alt = LP(
        n_col=k,
        start=np.searchsorted(r[order], np.arange(n_x + 2)).astype(np.int32),
        index=c[order].astype(np.int32),
        value=v[order],
        row_lo=np.concatenate([np.zeros(n_x), [1.0]]),
        row_hi=np.concatenate([np.zeros(n_x), [1.0]]),
        col_lo=np.zeros(k),
        col_hi=np.full(k, np.inf),
        row_claim=np.zeros(0, dtype=np.int64),
        n_claim_rows=0,
        col_scale=np.ones(0),
        claim_ids=lp.claim_ids,
    )
    h = spare["alt"] = load(alt, np.concatenate(costs), into=spare.get("alt"))
    h.setOptionValue("presolve", "off")
    try:
        status = run(h, alt)
    except NumericalError:  # only a guide to the search: it goes on without it
        status = Status.INFEASIBLE
    if status is not Status.FEASIBLE:
        return np.zeros(0, dtype=np.int64)
    y = np.asarray(h.getSolution().col_value, dtype=np.float64)
    row = np.concatenate(rows)
    top = float(y.max()) if y.size else 0.0
    used = (y > RAY_CUTOFF * top) & (row < n)
    return np.unique(lp.row_claim[row[used]]).astype(np.int64)


#: :func:`hold_each` splits its sets over threads from this many rows in all.
SPLIT_ROWS = 512

#: In the elastic LP of several blocks (:func:`decide_blocks`), a block missed by more
#: than this (the sum of its rows' slacks, in their scaled units) cannot hold, and
#: one missed by exactly 0 holds; one in between is decided on its own.
CLEAR_MISS = 1e-6


def decide_blocks(
    h: Any,
    stacked: LP,
    sizes: Ints,
    alone: Callable[[int], bool],
    rows: Ints | None = None,
    *,
    elastic: bool = False,
    peel: bool = False,
) -> list[bool]:
    """Return whether each block of a block-diagonal LP holds, as its own LP decides.

    ``stacked`` holds the blocks' claim rows first, block after block (``sizes[k]``
    rows for block ``k``); the blocks share no column. When the stacked LP holds, so
    does each block. Otherwise one elastic LP (a slack in each direction on each of
    ``rows``, the claim rows in force, by default all, their sum minimised) shows
    which cannot: a block whose slacks are all exactly 0 there holds, one whose
    slacks add up to more than :data:`CLEAR_MISS` does not, and any other is decided
    by ``alone(k)``. ``h`` is a HiGHS instance holding ``stacked``, presolve off;
    it is left holding the elastic LP when the stacked one fails. With ``elastic``
    (when some block is expected to fail) the elastic LP is solved straight away.
    With ``peel`` (when few blocks are expected to fail) no elastic LP is solved:
    see :func:`_peeled`. A single block is decided by one run of ``stacked``, its
    own LP.
    """
    if sizes.shape[0] == 1:  # the stacked LP is the block's own
        return [run(h, stacked) is not Status.INFEASIBLE]
    if peel:
        return _peeled(h, stacked, sizes, alone)
    if not elastic and run(h, stacked) is Status.FEASIBLE:
        return [True] * int(sizes.shape[0])
    n = stacked.n_claim_rows
    if rows is None:
        rows = np.arange(n, dtype=np.int64)
    slacks = _elastic_slacks(h, stacked, rows)
    if slacks is None:  # pragma: no cover - slacks make it feasible
        return [alone(k) for k in range(int(sizes.shape[0]))]
    per_row = slacks[0] + slacks[1]
    first = np.zeros(sizes.shape[0], dtype=np.int64)
    np.cumsum(sizes[:-1], out=first[1:])
    missed = np.add.reduceat(per_row, first).tolist() if n else [0.0] * int(sizes.shape[0])
    return [
        True if miss == 0.0 else False if miss > CLEAR_MISS else alone(b)
        for b, miss in enumerate(missed)
    ]


def _peeled(h: Any, stacked: LP, sizes: Ints, alone: Callable[[int], bool]) -> list[bool]:
    """Return :func:`decide_blocks`' verdicts, failing blocks found one certificate at a time.

    While the blocks still switched on cannot all hold, the blocks the solver's
    Farkas certificate rests on are decided each by ``alone`` and switched off (their
    claim rows' bounds made infinite), and the rest is solved again from the last
    basis. Once the rest holds, each of its blocks does. When the certificate names
    no block, every block still on is decided alone.
    """
    k, n = int(sizes.shape[0]), stacked.n_claim_rows
    block = np.repeat(np.arange(k, dtype=np.int64), sizes)
    first = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(sizes, out=first[1:])
    verdict = [True] * k
    on = np.ones(k, dtype=np.bool_)
    while on.any() and run(h, stacked) is Status.INFEASIBLE:
        _, exists, ray = h.getDualRay()
        y = np.abs(np.asarray(ray, dtype=np.float64)[:n]) if exists else np.zeros(0)
        top = float(y.max()) if y.size else 0.0
        named = np.unique(block[y > RAY_CUTOFF * top]) if top > 0.0 else np.zeros(0, np.int64)
        named = named[on[named]]
        if not named.size:
            named = np.flatnonzero(on)
        for b in named.tolist():
            verdict[b] = alone(b)
        on[named] = False
        rows = concat_ranges(first[named], sizes[named]).astype(np.int32)
        size = int(rows.shape[0])
        h.changeRowsBounds(size, rows, np.full(size, -np.inf), np.full(size, np.inf))
    return verdict


def hold_each(
    model: LinearModel,
    row_sets: Sequence[Ints],
    spare: dict[str, Any],
    *,
    elastic: bool = False,
    peel: bool = False,
    strict: bool = True,
    free: bool = False,
    threads: int = 1,
) -> list[bool]:
    """Return whether each set of claim rows can hold, as the LP of its own rows decides.

    Each set's LP is :func:`rows_lp`'s for its rows (sorted; ``strict`` and ``free``
    as there); the LPs share no
    variable, so they are built side by side as one (``rows_lp(..., sets=...)``)
    and decided together (:func:`decide_blocks`: one HiGHS run when all hold, one
    more, elastic, when some do not), a set that run leaves in doubt by its own LP
    alone; with ``elastic`` (when some set is expected to fail) the elastic run
    alone. Sets must not be empty. The HiGHS instances ``spare["blocks"]`` and
    ``spare["alone"]`` are loaded again if there are any, and kept there. With
    ``threads`` above 1, sets of :data:`SPLIT_ROWS` rows or more in all are split
    into that many runs of about as many rows each, decided so on threads at once
    (each set's verdict is its own LP's, however the sets are stacked).

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.engine.conflict_lps import hold_each, rows_of
    >>> from claimkit.engine.model import build
    >>> jan = ck.Period.month(2024, 1)
    >>> claims = [ck.Claim(id=name, measure="cases", subject="x", period=jan,
    ...                    value=ck.Range(lo, hi, "person"))
    ...           for name, lo, hi in [("a", 100, 200), ("b", 150, 250), ("c", 300, 400)]]
    >>> model = build(ck.ClaimSet(claims))
    >>> sets = [[0, 1], [0, 2], [1, 2], [2]]
    >>> hold_each(model, [rows_of(model, s) for s in sets], {})
    [True, False, False, True]
    """
    if not row_sets:
        return []
    sizes = np.array([r.shape[0] for r in row_sets], dtype=np.int64)
    if threads > 1 and int(sizes.sum()) >= SPLIT_ROWS:
        parts = even_runs(np.concatenate([[0], np.cumsum(sizes)]), threads)
        spares = [spare] + [{} for _ in parts[1:]]
        kind = {"elastic": elastic, "peel": peel, "strict": strict, "free": free}
        found = each_on_threads(
            lambda k: hold_each(model, row_sets[parts[k][0] : parts[k][1]], spares[k], **kind),
            range(len(parts)),
            threads,
        )
        return [held for part in found for held in part]
    offsets = np.zeros(sizes.shape[0] + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    stacked = rows_lp(model, np.concatenate(row_sets), strict=strict, free=free, sets=offsets)
    h = spare["blocks"] = load(stacked, into=spare.get("blocks"))
    # The elastic LP always has a point, so presolve cannot call it infeasible; it
    # decides one of free variables (``free``) ten times faster (others: slower).
    h.setOptionValue("presolve", "on" if elastic and free else "off")

    def alone(k: int) -> bool:
        lp = rows_lp(model, row_sets[k], strict=strict, free=free)
        one = spare["alone"] = load(lp, into=spare.get("alone"))
        one.setOptionValue("presolve", "off")
        return run(one, lp) is not Status.INFEASIBLE

    return decide_blocks(h, stacked, sizes, alone, elastic=elastic, peel=peel)


def _elastic_slacks(h: Any, lp: LP, rows: Ints) -> tuple[Floats, Floats] | None:
    """Return each claim row's slacks below and above at a least-violation point.

    ``h`` holds ``lp``; a slack in each direction is added to each of ``rows`` (the
    others get none: their slacks are 0) and their sum minimised. ``None`` when the
    solver finds no such point, which only spares LPs: the caller asks another way.
    """
    k, n = int(rows.shape[0]), lp.n_claim_rows
    add_slacks(h, rows.astype(np.int32))
    try:
        status = run(h, lp)
    except NumericalError:
        status = Status.INFEASIBLE
    if status is not Status.FEASIBLE:
        return None
    slack = np.asarray(h.getSolution().col_value, dtype=np.float64)[lp.n_col :]
    below, above = np.zeros(n), np.zeros(n)
    below[rows], above[rows] = slack[:k], slack[k:]
    return below, above


class Window:
    """One HiGHS instance holding the rows of some claims, switched on and off.

    A set of its claims is decided by switching the rows of the others off (their
    bounds made infinite): the same LP as the set's own, but for variables that
    only those rows mention, which nothing then constrains. ``into`` is an instance
    to load again rather than make a new one; ``lp``, the LP of ``rows`` (as
    :func:`rows_lp` makes it), if made already.
    """

    def __init__(
        self, model: LinearModel, rows: Ints, into: Any = None, lp: LP | None = None
    ) -> None:
        self.lp = lp = rows_lp(model, rows) if lp is None else lp
        self.h = load(lp, into=into)
        self.h.setOptionValue("presolve", "off")
        n = lp.n_claim_rows
        self.claims, self._where = np.unique(lp.row_claim[:n], return_inverse=True)
        self._lo, self._hi = lp.row_lo[:n], lp.row_hi[:n]
        self._on = np.ones(n, dtype=np.bool_)

    def conflict(self, active: Iterable[int]) -> tuple[Ints, Floats] | None:
        """Return the certificate's claims and shares when ``active`` cannot all hold.

        ``active`` must be claims of the instance.
        """
        lp = self.lp
        wanted = np.zeros(self.claims.shape[0], dtype=np.bool_)
        wanted[np.searchsorted(self.claims, np.fromiter(active, dtype=np.int64))] = True
        on = wanted[self._where]
        changed = np.flatnonzero(on != self._on)
        if changed.size:
            self.h.changeRowsBounds(
                int(changed.shape[0]),
                changed.astype(np.int32),
                np.where(on[changed], self._lo[changed], -np.inf),
                np.where(on[changed], self._hi[changed], np.inf),
            )
            self._on = on
        if run(self.h, lp) is not Status.INFEASIBLE:
            return None
        claims, share = _certificate(self.h, self.claims, self._where)
        if not claims.size:  # no ray: every claim in play is a suspect
            claims = self.claims[wanted]
            share = np.ones(claims.shape[0])
        return claims, share

    def trials(self, kept: Sequence[int], spare: dict[str, Any]) -> list[bool]:
        """Return, for each claim of ``kept``, whether the others of ``kept`` hold.

        Each is the instance with the rows of ``kept`` but that claim's switched on
        (what :meth:`conflict` would decide, one LP each): the LPs are copies of the
        instance's, stacked into one block-diagonal LP decided together
        (:func:`decide_blocks`), in ``spare["trials"]`` (made if missing). ``kept``
        must be claims of the instance.
        """
        lp, n = self.lp, self.lp.n_claim_rows
        ids = np.searchsorted(self.claims, np.asarray(kept, dtype=np.int64))
        k = int(ids.shape[0])
        wanted = np.zeros(self.claims.shape[0], dtype=np.bool_)
        wanted[ids] = True
        on = wanted[self._where][None, :] & (self._where[None, :] != ids[:, None])
        stacked = _tiled(lp, on)
        h = spare["trials"] = load(stacked, into=spare.get("trials"))
        h.setOptionValue("presolve", "off")

        def alone(b: int) -> bool:
            return self.conflict([c for j, c in enumerate(kept) if j != b]) is None

        sizes = np.full(k, n, dtype=np.int64)
        return decide_blocks(h, stacked, sizes, alone, np.flatnonzero(on.ravel()))

    def irreducible(self, claims: list[int]) -> bool:
        """Return whether ``claims`` fail together and hold without any one of them."""
        if self.conflict(claims) is None:
            return False
        return all(self.conflict([c for c in claims if c != drop]) is None for drop in claims)


def certificates(model: LinearModel, row_sets: Sequence[Ints]) -> list[Ints | None]:
    """Return the claims of each row set's Farkas certificate (``None``: they hold).

    What :meth:`Window.conflict` of all its claims gives for each set of claim rows
    (sorted, none empty), each in an LP of its own: the LPs are made in one pass
    (:func:`rows_lp` with ``sets``, then cut apart: bit for bit the LPs of the sets
    made one by one) and solved a few at once, on threads, each thread loading one
    HiGHS instance again and again. Each set's claims, and where each of its rows is
    among them, are worked out for all the sets in one pass too.
    """
    if not row_sets:
        return []
    sets = np.zeros(len(row_sets) + 1, dtype=np.int64)
    np.cumsum([r.shape[0] for r in row_sets], out=sets[1:])
    stacked = rows_lp(model, np.concatenate(row_sets), sets=sets)
    parts = _cut(stacked, sets)
    # Each set's claims (sorted) and each of its rows' entry in them, for every set
    # in one pass: the claims of set k are entries at[k] to at[k + 1] of ``claims``.
    owner = np.repeat(np.arange(len(row_sets), dtype=np.int64), np.diff(sets))
    pairs, where = np.unique(
        np.stack([owner, stacked.row_claim[: stacked.n_claim_rows]]), axis=1, return_inverse=True
    )
    claims, at = pairs[1], np.searchsorted(pairs[0], np.arange(len(row_sets) + 1))
    where = where.ravel() - at[owner]
    mine = threading.local()  # each thread's HiGHS instance, loaded again and again

    def solve(k: int) -> Ints | None:
        # Each LP as :meth:`Window.conflict` of all its claims decides it.
        h = mine.h = load(parts[k], into=getattr(mine, "h", None))
        h.setOptionValue("presolve", "off")
        if run(h, parts[k]) is not Status.INFEASIBLE:
            return None
        named = _certificate(h, claims[at[k] : at[k + 1]], where[sets[k] : sets[k + 1]])[0]
        return named if named.size else claims[at[k] : at[k + 1]]  # no ray: every claim

    return each_on_threads(solve, range(len(row_sets)), THREADS)


def _cut(lp: LP, sets: Ints) -> list[LP]:
    """Return the LPs side by side in ``lp``, as :func:`rows_lp` with ``sets`` makes them.

    Set ``k``'s claim rows are ``sets[k]`` to ``sets[k + 1]``; its columns, and then
    its monotone rows (after every set's claim rows), follow those of set ``k - 1``.
    """
    n, start = lp.n_claim_rows, lp.start.astype(np.int64)
    cols = np.append(np.minimum.reduceat(lp.index[: start[n]], start[sets[:-1]]), lp.n_col)
    # A monotone row's first column is its earlier date's; they come in column order.
    mono = np.append(np.searchsorted(lp.index[start[n:-1]], cols[:-1]) + n, lp.n_row)
    out = []
    for k in range(sets.shape[0] - 1):
        r0, r1, m0, m1 = int(sets[k]), int(sets[k + 1]), int(mono[k]), int(mono[k + 1])
        c0, c1 = int(cols[k]), int(cols[k + 1])
        nz = np.r_[start[r0] : start[r1], start[m0] : start[m1]]
        rows = np.r_[r0:r1, m0:m1]
        out.append(
            LP(
                n_col=c1 - c0,
                start=np.append(0, np.cumsum(start[rows + 1] - start[rows])).astype(np.int32),
                index=(lp.index[nz] - c0).astype(np.int32),
                value=lp.value[nz],
                row_lo=lp.row_lo[rows],
                row_hi=lp.row_hi[rows],
                col_lo=lp.col_lo[c0:c1],
                col_hi=lp.col_hi[c0:c1],
                row_claim=lp.row_claim[r0:r1],
                n_claim_rows=r1 - r0,
                col_scale=lp.col_scale[c0:c1],
                claim_ids=lp.claim_ids,
            )
        )
    return out


def _tiled(lp: LP, on: NDArray[np.bool_]) -> LP:
    """Return ``len(on)`` copies of ``lp`` side by side, sharing no column.

    Copy ``k`` has the claim rows where ``on[k]`` is false switched off (bounds made
    infinite). The claim rows of every copy come first, copy after copy, then the
    monotone rows of every copy.
    """
    k, n, m, n_col = int(on.shape[0]), lp.n_claim_rows, lp.n_row, lp.n_col
    start = lp.start.astype(np.int64)
    split = int(start[n])
    counts = np.diff(start)
    shift = (np.arange(k, dtype=np.int64) * n_col)[:, None]
    claim_index = (lp.index[None, :split] + shift).ravel()
    mono_index = (lp.index[None, split:] + shift).ravel()
    row_counts = np.concatenate([*[counts[:n]] * k, *[counts[n:]] * k])
    new_start = np.zeros(k * m + 1, dtype=np.int32)
    np.cumsum(row_counts, out=new_start[1:])

    def tiled(a: NDArray[Any]) -> NDArray[Any]:  # np.tile, without its overhead
        return np.concatenate([a] * k)

    return LP(
        n_col=k * n_col,
        start=new_start,
        index=np.concatenate([claim_index, mono_index]).astype(np.int32),
        value=np.concatenate([*[lp.value[:split]] * k, *[lp.value[split:]] * k]),
        row_lo=np.concatenate([np.where(on, lp.row_lo[:n], -np.inf).ravel(), *[lp.row_lo[n:]] * k]),
        row_hi=np.concatenate([np.where(on, lp.row_hi[:n], np.inf).ravel(), *[lp.row_hi[n:]] * k]),
        col_lo=tiled(lp.col_lo),
        col_hi=tiled(lp.col_hi),
        row_claim=tiled(lp.row_claim[:n]),
        n_claim_rows=k * n,
        col_scale=tiled(lp.col_scale),
        claim_ids=lp.claim_ids,
    )


def rows_of(model: LinearModel, claims: Iterable[int]) -> Ints:
    """Return the claim rows (sorted) of the given claims."""
    return model.rows.indices_of(claims)


def rows_of_sets(model: LinearModel, sets: Sequence[Sequence[int]]) -> list[Ints]:
    """Return the claim rows (sorted) of each set, from one pass over the model's rows."""
    wanted = np.unique(np.fromiter((c for s in sets for c in s), dtype=np.int64))
    found = model.rows.indices_of(wanted.tolist()) if wanted.size else wanted
    order = np.argsort(model.rows.claim[found], kind="stable")
    return rows_by_set(model.rows.claim[found[order]], found[order], sets)


def irreducible(model: LinearModel, claims: Sequence[int]) -> bool:
    """Return whether the claims cannot all hold while any ``len - 1`` of them can.

    The claims are decided by the LP of their own rows (:func:`rows_lp`, strict ends
    moved inward as :func:`claimkit.check` moves them), and each set of all but one
    by the same LP with that claim's rows switched off: the test every reported
    conflict set passes.
    """
    if not claims:
        return False
    return Window(model, rows_of(model, claims)).irreducible(sorted(set(claims)))
