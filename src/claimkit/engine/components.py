"""The numeric engine behind :func:`~claimkit.engine.checking.check` (internal).

Works on a :class:`~claimkit.engine.matrix.LinearModel`: feasibility of every component
(small components solved together in blocks; their conflict sets are found by
``claimkit.engine.conflicts``) and the stretch and gap of a conflicting group. Exact
bounds by linear programming are in ``claimkit.engine.exact_bounds``.

Tolerance policy (see the explanation page "The linear model"):

* rows are divided by their scale (the largest finite ``|bound|``, but at least a
  millionth of the component's, see :func:`claimkit.engine.matrix.scales`) and variables by
  their component's, so HiGHS sees figures near 1 at any magnitude; its
  feasibility tolerance is :data:`~claimkit.engine.highs.FEASIBILITY_TOLERANCE`, so a
  claim counts as met when it is missed by less than that fraction of its size;
* monotone rows are weighted so that counts step down by at most the tolerance of
  the component's smallest claim, and every "feasible" is confirmed against each
  claim at its own scale (:func:`holds`);
* a strict end (an open end: "over 1,000,000") is honoured by moving it inward by
  :data:`STRICT_TOLERANCE` of the row's scale; claims whose only clash is that
  strict ends touch (feasible with closed ends, infeasible with the moved ones)
  conflict with margin 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.highs import (
    FEASIBILITY_TOLERANCE,
    NEGLIGIBLE_MISS,
    THREADS,
    Status,
    each_on_threads,
    least_violation,
    load,
    optimize,
    point,
)
from claimkit.engine.margins import end_scales, shift_strict, shrink_scales
from claimkit.engine.matrix import LP, LinearModel, concat_ranges, runs
from claimkit.engine.propagate import cannot_hold

__all__ = [
    "STRICT_TOLERANCE",
    "clean",
    "clear_miss",
    "component_ok",
    "decide",
    "feasible_and_cleared",
    "feasible_components",
    "first_run",
    "gap",
    "holds",
    "margins",
    "one_sided",
    "shrunk",
    "split_block",
    "stretch",
    "submodel",
]

#: Strict ends move inward by this fraction of the row's scale.
STRICT_TOLERANCE = 1e-8
#: A solution that misses a claim by more than its own tolerance is sought again with
#: the monotone rows' weights multiplied by this, at most ``REFINEMENTS`` times.
REFINE_FACTOR = 1e3
REFINEMENTS = 2
#: Blocks whose points are confirmed together (see ``_clears``): the arrays of their
#: rows' terms exist for these blocks at a time, not for every row of the model.
CONFIRM_BLOCKS = 64
#: Consecutive blocks whose claims shrunk are solved as one LP (see ``_clears``).
POINT_BLOCKS = 4


def clean(x: float) -> float:
    """Round an LP result to 10 significant digits, below the solver's tolerance.

    LP optima carry rounding noise (750,000.0000000008); the solver is accurate to
    about 1e-9 of the size of the claims, so digits beyond the tenth mean nothing.
    """
    if not np.isfinite(x) or x == 0.0:
        return float(x) + 0.0
    return float(f"{x:.10g}") + 0.0


Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


def submodel(model: LinearModel, claims: Iterable[int]) -> LinearModel:
    """Return the model of only the given claims (by claim index)."""
    rows = model.rows.of_claims(claims)
    used = np.unique(rows.series_idx)
    remap = np.full(len(model.series), -1, dtype=np.int64)
    remap[used] = np.arange(used.shape[0], dtype=np.int64)
    rows = attrs.evolve(rows, series_idx=remap[rows.series_idx])
    series = [model.series[s] for s in used.tolist()]
    family = [model.series_family[s] for s in used.tolist()]
    return LinearModel(rows, series, family, model.units, claim_ids=model.claim_ids)


def _whole(model: LinearModel, *, strict: bool) -> LP:
    shift = STRICT_TOLERANCE if strict else 0.0
    return model.lp(0, model.n_components, strict_shift=shift)


def subset_feasible(model: LinearModel, claims: Iterable[int], *, strict: bool = True) -> bool:
    """Return whether the given claims (with the structural rows) can all hold."""
    sub = submodel(model, claims)
    if sub.n_rows == 0:
        return True
    return holds(sub, _whole(sub, strict=strict))


def component_ok(model: LinearModel, component: int) -> bool:
    """Return whether one component's claims can all hold (strict ends honoured)."""
    return holds(model, model.lp(component, component + 1, strict_shift=STRICT_TOLERANCE))


def holds(model: LinearModel, lp: LP) -> bool:
    """Return whether the claim rows of ``lp``, a block of ``model``, can all hold.

    HiGHS decides each row to its tolerance in the row's scaled units, and the monotone
    rows in the units of the component's variables, so a solution it calls feasible can
    miss a small claim by more than the tolerance of that claim's own size. Every
    "feasible" is therefore confirmed: the solution, in counts, is made exactly
    non-decreasing and 0 at each series' first date (a running maximum), and every
    claim row is checked against its bounds (strict ends moved inward as the LP has
    them) to :data:`~claimkit.engine.highs.FEASIBILITY_TOLERANCE` of the row's own
    scale, in exactly rounded sums (``math.fsum``) where floats cannot decide. A
    solution that fails is sought again with the monotone rows weighted
    ``REFINE_FACTOR`` times more (:meth:`~claimkit.engine.matrix.LP.tightened`).
    After ``REFINEMENTS`` re-solves, the solver's verdict at the heaviest weights
    stands.

    An infeasible verdict on the way is final unless a least-violation point
    (:func:`~claimkit.engine.highs.least_violation`) misses no claim row by more
    than :data:`~claimkit.engine.highs.NEGLIGIBLE_MISS` and is confirmed as above:
    HiGHS may call infeasible claims that differ by far less than their tolerance
    (3e9 people against 3e9 and 0.00175).
    """
    return decide(model, lp)[0]


def decide(
    model: LinearModel, lp: LP, ran: tuple[Any, bool] | None = None
) -> tuple[bool, tuple[Floats, Floats] | None]:
    """Return :func:`holds`' verdict, and a least-violation point when the claims fail.

    The point (how far it misses each claim row, in the rows' scaled units, and its
    columns) is one that confirmed an infeasible verdict: a least-violation point of
    every component of the block, which :func:`split_block` reads. ``None`` when the
    claims hold or no such point was found.

    The first run has HiGHS's presolve. When it finds no point, the least-violation
    LP is solved straight away, without presolve: the claims fail when it misses them
    in total by more than :func:`clear_miss`, and hold when it misses none by more
    than :data:`~claimkit.engine.highs.NEGLIGIBLE_MISS` and its point is confirmed;
    else they are decided as before (presolve can call claims infeasible that only
    just hold). A block that fails mostly holds a conflict, which that LP locates too.
    ``ran``: that first run, made already (:func:`first_run`).
    """
    if lp.n_claim_rows == 0:
        return True, None
    current = lp
    checkable = lp.col_index.shape[0] == lp.n_col
    for attempt in range(REFINEMENTS + 1):
        h, found_point = ran if attempt == 0 and ran else (load(current), None)
        none = np.zeros(0, dtype=np.int64)
        if found_point is None and attempt == 0 and checkable:
            found_point = _presolved_point(h)
        if attempt == 0 and found_point:
            status = Status.FEASIBLE
        else:
            if attempt == 0 and checkable:
                clear = _clear_at_least_violation(model, current)
                if clear is not None:
                    return clear
                h = load(current)  # in doubt: decided by a run without presolve
            status, _ = optimize(h, none, np.zeros(0), maximize=False, lp=current)
        if status is Status.INFEASIBLE:
            found = (
                least_violation(h, current.n_claim_rows, current, reuse=True) if checkable else None
            )
            verdict = (
                found is not None
                and found[0].max(initial=0.0) <= NEGLIGIBLE_MISS
                and _confirms(model, current, found[1])
            )
            return verdict, None if verdict else found
        if not checkable or attempt == REFINEMENTS:
            return True, None
        solution = np.asarray(h.getSolution().col_value, dtype=np.float64)
        if _confirms(model, current, solution):
            return True, None
        current = current.tightened(REFINE_FACTOR)
    return True, None  # pragma: no cover - the loop returns on its last pass


def first_run(lp: LP) -> tuple[Any, bool] | None:
    """Return :func:`decide`'s first run of ``lp``: its HiGHS instance, and if it found a point.

    ``None`` when :func:`decide` makes no such run (``lp`` has no claim row, or not
    all of its block's columns).
    """
    if lp.n_claim_rows == 0 or lp.col_index.shape[0] != lp.n_col:
        return None
    h = load(lp)
    return h, _presolved_point(h)


def _presolved_point(h: Any) -> bool:
    """Return whether one run of HiGHS, with presolve, finds a point of the model in ``h``.

    ``h`` is left holding the solution. False decides nothing: the model may still
    hold.
    """
    from highspy import HighsModelStatus

    h.run()
    return bool(h.getModelStatus() == HighsModelStatus.kOptimal)


def _clear_at_least_violation(
    model: LinearModel, lp: LP
) -> tuple[bool, tuple[Floats, Floats] | None] | None:
    """Return :func:`decide`'s verdict from a least-violation point, when it is clear.

    The point's LP is solved without presolve. The claims fail when it misses them in
    total by more than :func:`clear_miss` (the point is returned with the verdict),
    and hold when it misses none by more than
    :data:`~claimkit.engine.highs.NEGLIGIBLE_MISS` and the point is confirmed.
    ``None`` in any other case, or when the solver finds no such point.
    """
    h = load(lp)
    h.setOptionValue("presolve", "off")
    found = least_violation(h, lp.n_claim_rows, lp, reuse=True)
    if found is None:
        return None
    if found[0].sum() > clear_miss(np.array([lp.n_claim_rows]))[0]:
        return False, found
    if found[0].max(initial=0.0) <= NEGLIGIBLE_MISS and _confirms(model, lp, found[1]):
        return True, None
    return None


def _witness(model: LinearModel, lp: LP, solution: Floats) -> Floats:
    """Return the solution in counts, made 0 at each series' start and non-decreasing."""
    n = lp.n_col
    return _repaired(model.var_series[lp.col_index], solution[:n] * lp.col_scale)


def _repaired(series: Ints, counts: Floats) -> Floats:
    """Return counts of consecutive variables made 0 at each series' start and non-decreasing.

    ``series`` is each variable's series (a series' variables are consecutive, and
    the first variable starts one).
    """
    n = series.shape[0]
    first = np.ones(n, dtype=np.bool_)
    first[1:] = series[1:] != series[:-1]
    counts = np.where(first, 0.0, np.maximum(counts, 0.0))
    drops = np.flatnonzero(~first[1:] & (counts[1:] < counts[:-1])) + 1
    if drops.size:
        starts = np.flatnonzero(first)
        stops = np.append(starts[1:], n)
        for k in np.unique(np.searchsorted(starts, drops, side="right") - 1).tolist():
            part = counts[starts[k] : stops[k]]
            np.maximum.accumulate(part, out=part)
    return counts


def _confirms(model: LinearModel, lp: LP, solution: Floats) -> bool:
    """Return whether the repaired solution meets every claim row of ``lp`` to its tolerance."""
    counts = _witness(model, lp, solution)
    n = lp.n_claim_rows
    bounds = (lp.row_lo[:n], lp.row_hi[:n])
    return not _missed(model, lp.row_index, lp.col_index, counts, bounds).any()


def _missed(
    model: LinearModel, rows: Ints, col_index: Ints, counts: Floats, bounds: tuple[Floats, Floats]
) -> Bools:
    """Return which claim ``rows`` the counts of variables ``col_index`` miss.

    ``bounds`` are the rows' bounds divided by their scale; a row is missed by more
    than :data:`~claimkit.engine.highs.FEASIBILITY_TOLERANCE` of its scale, in
    exactly rounded sums (``math.fsum``) where floats cannot decide.
    """
    n = rows.shape[0]
    per_row = model.row_ptr[rows + 1] - model.row_ptr[rows]
    gather = concat_ranges(model.row_ptr[rows], per_row)
    cols = model.row_cols[gather]
    # The columns of a block's LP are a run of the model's variables (see LinearModel.lp).
    size = col_index.shape[0]
    run = size > 0 and int(col_index[-1]) - int(col_index[0]) == size - 1
    local = cols - col_index[0] if run else np.searchsorted(col_index, cols)
    terms = model.row_vals[gather] * counts[local]
    first = np.zeros(n, dtype=np.int64)
    np.cumsum(per_row[:-1], out=first[1:])
    value = np.add.reduceat(terms, first)
    # Recursive summation of k terms errs by less than k * 2**-52 * sum(|term|).
    error = per_row * 2.0**-52 * np.add.reduceat(np.abs(terms), first)
    scale = model.row_scale[rows]
    lo, hi = bounds[0] * scale, bounds[1] * scale
    tolerance = FEASIBILITY_TOLERANCE * scale
    with np.errstate(invalid="ignore"):
        miss = np.maximum(lo - value, value - hi)
    out = np.zeros(n, dtype=np.bool_)
    for r in np.flatnonzero(miss + error > tolerance).tolist():
        exact = math.fsum(terms[first[r] : first[r] + per_row[r]].tolist())
        out[r] = max(lo[r] - exact, exact - hi[r]) > tolerance[r]
    return out


def feasible_components(model: LinearModel, *, block_rows: int | None = None) -> NDArray[np.bool_]:
    """Return, for each component, whether its claims can all hold (strict ends honoured).

    Consecutive small components are solved as one block; a block that fails is
    split into its components to find the culprits.
    """
    return feasible_and_cleared(model, 0.0, block_rows=block_rows)[0]


def feasible_and_cleared(
    model: LinearModel, tension: float, *, block_rows: int | None = None
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Return which components can all hold, and which are cleared of a ``tension``.

    The first array is :func:`feasible_components`'. A component is cleared when
    its claims are shown to hold with every one shrunk by ``tension``
    (:func:`shrunk`): its largest common shrink is then at least ``tension``, so it
    is no tension (:func:`claimkit.engine.groups.below` need not solve for it). A
    component not cleared may still hold so shrunk.

    With a ``tension`` above 0 each block is first solved with its claims shrunk.
    When that LP has a point and the point meets every claim of the block as
    :func:`holds` confirms a solution (each at its own scale, strict ends honoured),
    the block holds and its components are cleared: one LP answers both questions.
    Otherwise (a tension or a conflict in the block, or a point that is not
    confirmed) the block is decided as :func:`feasible_components` decides it and
    none of its components is cleared. With a ``tension`` of 0 no component is.
    The blocks' LPs are independent and solved a few at once, on threads
    (:func:`~claimkit.engine.highs.each_on_threads`).

    Where a block's LP has no point, interval propagation
    (:func:`claimkit.engine.propagate.cannot_hold`, each claim loosened by
    :func:`clear_miss` of its component's rows) first shows which components cannot
    hold: they fail with no LP of their own (the least-violation LP would miss them by
    more than that). With a ``tension``, the block is solved again shrunk, their claim
    rows left free: a component whose part of that point is confirmed holds and is
    cleared, as above. The others are decided as blocks of their own. A check of many
    conflicting groups so spends its LPs on the groups propagation cannot decide, and
    clears the groups beside them as it clears those of a block that holds.

    Examples
    --------
    Two claims that hold together with their ranges shrunk by up to a third (100 to
    300 and 250 to 350 then meet at 266.7): cleared of a threshold of 0.2, not of 0.4.

    >>> import claimkit as ck
    >>> from claimkit.engine.model import build
    >>> from claimkit.engine.components import feasible_and_cleared
    >>> jan = ck.Period.month(2024, 1)
    >>> claims = [
    ...     ck.Claim(id=name, measure="cases", subject="x", period=jan, value=value)
    ...     for name, value in [("a", ck.Range(100, 300, "person")),
    ...                         ("b", ck.Range(250, 350, "person"))]
    ... ]
    >>> model = build(ck.ClaimSet(claims))
    >>> for tension in (0.2, 0.4):
    ...     ok, cleared = feasible_and_cleared(model, tension)
    ...     print(tension, ok.tolist(), cleared.tolist())
    0.2 [True] [True]
    0.4 [True] [False]
    """
    ok = np.ones(model.n_components, dtype=np.bool_)
    cleared = np.zeros(model.n_components, dtype=np.bool_)
    blocks = model.blocks() if block_rows is None else model.blocks(block_rows)
    # Components propagation showed cannot hold, of the blocks it was run on.
    dead = np.zeros(model.n_components, dtype=np.bool_)
    shown = np.zeros(model.n_components, dtype=np.bool_)
    if tension > 0.0:
        for at in range(0, len(blocks), CONFIRM_BLOCKS):
            part = blocks[at : at + CONFIRM_BLOCKS]
            c0, c1 = part[0][0], part[-1][1]
            cleared[c0:c1], dead[c0:c1], shown[c0:c1] = _clears(model, part, tension)
    undecided = [(first, stop) for first, stop in blocks if not cleared[first:stop].all()]

    def decided(block: tuple[int, int]) -> Bools:
        first, stop = block
        lp, ran = None, None
        if shown[first]:
            out = ~dead[first:stop]
        else:
            lp = model.lp(first, stop, strict_shift=STRICT_TOLERANCE)
            ran = first_run(lp)
            if ran is None or ran[1]:
                return _decided(model, first, stop, lp, ran)
            out = ~_cannot_hold(model, first, stop)
        # The components left, but for those cleared, are decided as blocks of their own.
        left = out & ~cleared[first:stop]
        if left.all():
            return _decided(model, first, stop, lp, ran)
        on, start, size = runs(left.astype(np.int64))
        for a, k in zip(start[on == 1].tolist(), size[on == 1].tolist(), strict=True):
            out[a : a + k] = _decided(model, first + a, first + a + k)
        return out

    # The blocks' LPs are independent: decided on a few threads at once.
    for (first, stop), verdicts in zip(undecided, each_on_threads(decided, undecided), strict=True):
        ok[first:stop] = verdicts
    return ok, cleared


def _decided(
    model: LinearModel,
    first: int,
    stop: int,
    lp: LP | None = None,
    ran: tuple[Any, bool] | None = None,
) -> Bools:
    """Return whether each component ``first`` to ``stop``, a block, can hold.

    By :func:`decide`, then :func:`split_block` when the block cannot. ``lp``: the
    block's LP with strict ends moved inward, and ``ran`` its first run, if made.
    """
    if lp is None:
        lp = model.lp(first, stop, strict_shift=STRICT_TOLERANCE)
    verdict, found = decide(model, lp, ran)
    if verdict:
        return np.ones(stop - first, dtype=np.bool_)
    if stop - first == 1:
        return np.zeros(1, dtype=np.bool_)
    return split_block(model, first, stop, found, lp)


def _cannot_hold(model: LinearModel, first: int, stop: int, threads: int = 1) -> Bools:
    """Return which components ``first`` to ``stop`` propagation shows cannot hold.

    Each claim row loosened by :func:`clear_miss` of its component's rows, on ``threads``: a
    component so marked misses its rows in total by more than that at any point, the
    verdict :func:`decide` gives it (:func:`claimkit.engine.propagate.cannot_hold`).
    """
    rows = np.diff(model.comp_row_ptr[first : stop + 1])
    return cannot_hold(model, first, stop, clear_miss(rows), threads=threads)


def clear_miss(n_rows: Ints) -> Floats:
    """Return the total miss beyond which a component of ``n_rows`` claim rows cannot hold.

    A point that meets each row to the solver's tolerance misses them in total by at
    most ``n_rows`` times :data:`~claimkit.engine.highs.FEASIBILITY_TOLERANCE` (rows
    are in units of their scale); a hundred times that, and at least ``1e-6``, leaves
    no doubt.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.components import clear_miss
    >>> clear_miss(np.array([3, 100_000])).tolist()
    [1e-06, 0.01]
    """
    limit: Floats = np.maximum(1e-6, 100.0 * n_rows * FEASIBILITY_TOLERANCE)
    return limit


def split_block(
    model: LinearModel,
    first: int,
    stop: int,
    found: tuple[Floats, Floats] | None = None,
    lp: LP | None = None,
) -> Bools:
    """Return whether each component ``first`` to ``stop`` can hold (strict ends honoured).

    The same verdicts as ``[component_ok(model, k) for k in range(first, stop)]``,
    for a block whose LP may have no point, in a few LPs instead of one or two per
    component. ``found``: a least-violation point of the block, as :func:`decide`
    returns it (how far it misses each claim row, and its columns); found here if
    not given. ``lp``: the block's LP with strict ends moved inward, if made already.

    Components share no variable, so that point is a least-violation point of each
    component. A component missed in total by more than :func:`clear_miss` of its
    rows cannot hold: no point meets its claims to the solver's tolerance. The
    components missed by exactly 0 hold when the point, made non-decreasing, meets
    each of their claims at its own scale (as :func:`holds` confirms a solution);
    else they are decided together by one LP of their rows (as :func:`holds`
    decides), or each on its own should that fail. Any other component is decided
    on its own.
    """
    r0 = int(model.comp_row_ptr[first])
    n = int(model.comp_row_ptr[stop]) - r0
    k = stop - first
    if n and lp is None:
        lp = model.lp(first, stop, strict_shift=STRICT_TOLERANCE)
    if found is None and lp is not None:
        found = least_violation(load(lp), n, lp)
    if found is None or lp is None:
        return np.array([component_ok(model, c) for c in range(first, stop)], dtype=np.bool_)
    misses, at = found
    comp = np.searchsorted(model.comp_row_ptr, r0 + np.arange(n), side="right") - 1 - first
    total = np.bincount(comp, misses, minlength=k)
    rows = np.bincount(comp, minlength=k)
    ok = np.zeros(k, dtype=np.bool_)
    fails = total > clear_miss(rows)
    met = (total == 0.0) & ~fails
    if met.any() and _met_at(model, lp, at, np.flatnonzero(met[comp])):
        ok[met] = True
    elif met.any():
        chosen = np.flatnonzero(met[comp]) + r0
        together = model.lp(first, stop, strict_shift=STRICT_TOLERANCE, rows=chosen)
        if holds(model, together):
            ok[met] = True
        else:
            for c in np.flatnonzero(met).tolist():
                ok[c] = component_ok(model, first + c)
    for c in np.flatnonzero(~met & ~fails).tolist():
        ok[c] = component_ok(model, first + c)
    return ok


def _met_at(model: LinearModel, lp: LP, at: Floats, chosen: Ints) -> bool:
    """Return whether the point ``at`` of a block's LP meets its claim rows ``chosen``.

    ``chosen`` are indices into the LP's claim rows. The point is made 0 at each
    series' start and non-decreasing, and each row checked at its own scale against
    the LP's bounds (:func:`_missed`).
    """
    if lp.col_index.shape[0] != lp.n_col:
        return False
    counts = _witness(model, lp, at)
    bounds = (lp.row_lo[chosen], lp.row_hi[chosen])
    return not _missed(model, lp.row_index[chosen], lp.col_index, counts, bounds).any()


def shrunk(lp: LP, by: float, mine: NDArray[np.bool_]) -> LP:
    """Return ``lp`` with its claim rows in ``mine`` each shrunk by ``by``, the others free.

    ``lp`` reads its ends as closed. Each finite end moves inward by ``by`` times
    its shrink scale (:func:`claimkit.engine.margins.shrink_scales`: half the width
    of a range with both ends finite, ``|end|`` for the end of a half-bounded one);
    an exact claim (a single value) and an infinite end stay where they are. The
    claim rows not in ``mine`` get no bounds.
    """
    n = lp.n_claim_rows
    lo, hi = lp.row_lo.copy(), lp.row_hi.copy()
    s_lo, s_hi = shrink_scales(lo[:n], hi[:n])
    with np.errstate(invalid="ignore"):  # an infinite end stays where it is
        lo[:n] = np.where(mine, lo[:n] + by * s_lo, -np.inf)
        hi[:n] = np.where(mine, hi[:n] - by * s_hi, np.inf)
    return attrs.evolve(lp, row_lo=lo, row_hi=hi)


def _clears(
    model: LinearModel, blocks: Sequence[tuple[int, int]], by: float
) -> tuple[Bools, Bools, Bools]:
    """Return which components' claims, each shrunk ``by``, hold at a point that holds them all.

    ``blocks`` are consecutive (component ranges, as :meth:`LinearModel.blocks`
    gives them). The point HiGHS finds for a block's claims shrunk (ends closed) in
    one quick run (:func:`~claimkit.engine.highs.point`) must also meet every claim
    as stated, strict ends moved inward by :data:`STRICT_TOLERANCE`, by
    :func:`holds`' confirmation, made for the rows of every block at once. False
    decides nothing: the component is then decided as before. A component without
    claim rows holds. :data:`POINT_BLOCKS` consecutive blocks are solved as one LP.
    When that one has no point, propagation shows which of its components cannot
    hold (:func:`_cannot_hold`), and each of its blocks is solved alone, with their
    claim rows left free: the others may still be cleared. A block all of whose
    components are so shown is not solved again, nor one whose LP would be the same.
    Propagation runs once over each run of consecutive LPs that have no point, on threads.

    Returns, for each component of the blocks: whether it is so cleared, whether
    propagation showed it cannot hold, and whether propagation was run on it.
    """
    c0, c1 = blocks[0][0], blocks[-1][1]
    v0, v1 = int(model.comp_var_ptr[c0]), int(model.comp_var_ptr[c1])
    solution = np.zeros(v1 - v0)
    found = np.zeros(c1 - c0, dtype=np.bool_)
    dead = np.zeros(c1 - c0, dtype=np.bool_)
    shown = np.zeros(c1 - c0, dtype=np.bool_)

    def point_of(first: int, stop: int) -> NDArray[np.float64] | None:
        closed = model.lp(first, stop)
        if closed.n_claim_rows == 0:
            return np.zeros(closed.n_col)
        # The claim rows of the components shown to fail are left free.
        live = ~dead[first - c0 : stop - c0]
        r0 = int(model.comp_row_ptr[first])
        mine = live[model.row_comp[r0 : r0 + closed.n_claim_rows] - first]
        at_point = point(shrunk(closed, by, mine))
        return None if at_point is None else at_point[: closed.n_col]

    # The blocks' LPs share no variable: :data:`POINT_BLOCKS` consecutive blocks are
    # solved as one LP (one HiGHS call instead of several); the LPs on a few threads
    # at once. Each LP as (first component, stop, first block, blocks).
    n = len(blocks)
    merged = [
        (blocks[k][0], blocks[min(k + POINT_BLOCKS, n) - 1][1], k, min(POINT_BLOCKS, n - k))
        for k in range(0, n, POINT_BLOCKS)
    ]

    points = each_on_threads(lambda part: point_of(*part[:2]), merged)
    # Propagation over each run of consecutive LPs with no point, in one pass (one
    # component's propagation does not depend on another's; fewer, larger numpy
    # passes than one per LP).
    on, start, size = runs(np.array([p is None for p in points], dtype=np.int64))
    for a, k in zip(start[on == 1].tolist(), size[on == 1].tolist(), strict=True):
        first, stop = merged[a][0], merged[a + k - 1][1]
        dead[first - c0 : stop - c0] = _cannot_hold(model, first, stop, THREADS)
        shown[first - c0 : stop - c0] = True
    # Each block of an LP with no point alone, the claim rows shown to fail left free
    # (but for a block that would be the same LP again, or has no such row left).
    alone = [
        (*block, k, 1)
        for (_, _, k0, count), at_point in zip(merged, points, strict=True)
        if at_point is None
        for k, block in enumerate(blocks[k0 : k0 + count], start=k0)
        if (count > 1 or dead[block[0] - c0 : block[1] - c0].any())
        and not dead[block[0] - c0 : block[1] - c0].all()
    ]
    points += each_on_threads(lambda part: point_of(*part[:2]), alone)
    for (first, stop, _, _), at_point in zip([*merged, *alone], points, strict=True):
        if at_point is not None:
            at = int(model.comp_var_ptr[first]) - v0
            solution[at : at + at_point.shape[0]] = at_point
            found[first - c0 : stop - c0] = ~dead[first - c0 : stop - c0]
    # The rows of the components with a point, each with its component.
    r0 = int(model.comp_row_ptr[c0])
    comp = model.row_comp[r0 : int(model.comp_row_ptr[c1])] - c0
    rows = np.flatnonzero(found[comp]) + r0
    col_index = np.arange(v0, v1, dtype=np.int64)
    scale = model.row_scale[rows]
    bounds = shift_strict(
        model.rows.lo[rows] / scale,
        model.rows.hi[rows] / scale,
        model.rows.lo_open[rows],
        model.rows.hi_open[rows],
        STRICT_TOLERANCE,
    )
    series = model.var_series[v0:v1]
    col_scale = model.comp_scale[model.series_comp[series]]
    counts = _repaired(series, solution * col_scale)
    missed = _missed(model, rows, col_index, counts, bounds)
    found[comp[rows[missed] - r0]] = False
    return found, dead, shown


# -- margins of a group -------------------------------------------------------------


def one_sided(lp: LP, by: Ints | None = None) -> tuple[LP, NDArray[np.bool_], Ints]:
    """Split the claim rows into one row per finite bound.

    Returns the new LP (claim rows first, then the monotone rows), which new rows
    are lower bounds, and the original row of each new claim row. ``by``: each
    claim row's block, for LPs stacked block after block (claim rows first, block
    after block): the new claim rows come block after block too, each block's as
    this function orders them for that block's LP alone.
    """
    n = lp.n_claim_rows
    lo, hi = lp.row_lo[:n], lp.row_hi[:n]
    has_lo = np.isfinite(lo)
    has_hi = np.isfinite(hi)
    pick = np.concatenate([np.flatnonzero(has_lo), np.flatnonzero(has_hi)])
    is_lower = np.concatenate(
        [np.ones(int(has_lo.sum()), dtype=np.bool_), np.zeros(int(has_hi.sum()), dtype=np.bool_)]
    )
    if by is not None:  # block after block: lower ends first in each (a stable sort)
        ranked = np.lexsort((~is_lower, by[pick]))
        pick, is_lower = pick[ranked], is_lower[ranked]
    order = np.concatenate([pick, np.arange(n, lp.n_row)])
    counts = np.diff(lp.start.astype(np.int64))[order]
    start = np.zeros(order.shape[0] + 1, dtype=np.int32)
    np.cumsum(counts, out=start[1:])
    gather = concat_ranges(lp.start.astype(np.int64)[order], counts)
    bound = np.where(is_lower, lo[pick], hi[pick])
    new_lo = np.concatenate([np.where(is_lower, bound, -np.inf), lp.row_lo[n:]])
    new_hi = np.concatenate([np.where(is_lower, np.inf, bound), lp.row_hi[n:]])
    out = LP(
        n_col=lp.n_col,
        start=start,
        index=lp.index[gather],
        value=lp.value[gather],
        row_lo=new_lo,
        row_hi=new_hi,
        col_lo=lp.col_lo,
        col_hi=lp.col_hi,
        row_claim=lp.row_claim[pick],
        n_claim_rows=int(pick.shape[0]),
        col_scale=lp.col_scale,
        claim_ids=lp.claim_ids,
    )
    return out, is_lower, pick


def _add_slacks(h: object, cost: Floats, rows: Ints, vals: Floats) -> None:
    """Add one column >= 0 per entry of ``cost``, column ``j`` non-zero at ``rows[j]`` only."""
    n = int(cost.shape[0])
    h.addCols(  # type: ignore[attr-defined]
        n,
        cost.astype(np.float64),
        np.zeros(n),
        np.full(n, np.inf),
        n,
        np.arange(n, dtype=np.int32),
        rows.astype(np.int32),
        vals.astype(np.float64),
    )


def stretch(model: LinearModel, claims: Sequence[int]) -> float:
    """Return the smallest common relative stretch that makes the claims consistent.

    Each finite end moves outward by ``eps`` times its scale
    (:func:`claimkit.engine.margins.end_scales`: ``|end|``, or the claim's size for an
    end at 0; a claim that is exactly 0 does not move). Ends are read as closed. Returns 0 if
    they are consistent as they are, ``inf`` if no stretch makes them so.
    """
    return _stretch(_closed(model, claims)[1])


def gap(model: LinearModel, claims: Sequence[int]) -> float:
    """Return the least total amount (in the family unit) by which the claims must move.

    The L1 distance to consistency: the smallest sum, over claim rows, of how far
    each row's value lies outside its bounds. Ends are read as closed.
    """
    return _gap(*_closed(model, claims))


def margins(model: LinearModel, claims: Sequence[int]) -> tuple[float, float]:
    """Return the :func:`stretch` and the :func:`gap` of the claims, from one sub-model.

    Both are solved on the same model of only these claims and its LP with closed
    ends, built once (building them costs about as much as the two solves), so the
    results are exactly those of the two functions called one after the other.
    """
    sub, lp = _closed(model, claims)
    return _stretch(lp), _gap(sub, lp)


def _closed(model: LinearModel, claims: Sequence[int]) -> tuple[LinearModel, LP]:
    """Return the model of only the given claims and its LP, ends read as closed."""
    sub = submodel(model, claims)
    return sub, _whole(sub, strict=False)


def _stretch(base: LP) -> float:
    """Return the :func:`stretch` of the claims whose LP, ends closed, is ``base``."""
    lp, is_lower, pick = one_sided(base)
    # Each end moves by its stretch scale, in the scaled units of its row.
    n_rows = base.n_claim_rows
    lo_scale, hi_scale = end_scales(base.row_lo[:n_rows], base.row_hi[:n_rows])
    scale = np.where(is_lower, lo_scale[pick], hi_scale[pick])
    coef = np.where(is_lower, scale, -scale)
    h = load(lp)
    n = lp.n_claim_rows
    h.addCol(1.0, 0.0, np.inf, n, np.arange(n, dtype=np.int32), coef.astype(np.float64))
    status, value = optimize(
        h, np.array([lp.n_col], dtype=np.int64), np.array([1.0]), maximize=False, lp=lp
    )
    if status is not Status.FEASIBLE:  # claims that are exactly 0 cannot stretch
        return float("inf")
    return clean(max(value, 0.0))


def _gap(sub: LinearModel, lp: LP) -> float:
    """Return the :func:`gap` of the claims of ``sub``, whose LP with closed ends is ``lp``."""
    n = lp.n_claim_rows
    h = load(lp)
    scale = sub.row_scale[: sub.n_rows]
    top = float(scale.max()) if n else 1.0
    weights = scale / top
    rows = np.arange(n, dtype=np.int64)
    _add_slacks(
        h,
        np.concatenate([weights, weights]),
        np.concatenate([rows, rows]),
        np.concatenate([np.ones(n), -np.ones(n)]),
    )
    status, value = optimize(
        h,
        np.arange(lp.n_col, lp.n_col + 2 * n, dtype=np.int64),
        np.concatenate([weights, weights]),
        maximize=False,
        lp=lp,
    )
    if status is not Status.FEASIBLE:  # pragma: no cover - slack makes it feasible
        return float("inf")
    with np.errstate(over="ignore"):
        return clean(float(np.float64(max(value, 0.0)) * np.float64(top)))
