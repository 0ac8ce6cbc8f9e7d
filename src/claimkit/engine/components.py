"""The numeric engine behind :func:`~claimkit.engine.checking.check` (internal).

Works on a :class:`~claimkit.engine.matrix.LinearModel`: feasibility of every component
(small components solved together in blocks), irreducible infeasible subsets,
the stretch and gap of a conflicting group, and exact bounds by linear programming.

Tolerance policy (see the explanation page "The linear model"):

* rows are divided by their scale (the largest finite ``|bound|``, but at least a
  millionth of the component's, see :func:`claimkit.engine.matrix.scales`) and variables by
  their component's, so HiGHS sees figures near 1 at any magnitude; its
  feasibility tolerance is :data:`~claimkit.engine.highs.FEASIBILITY_TOLERANCE`, so a
  claim counts as met when it is missed by less than that fraction of its size;
* a strict end (an open end: "over 1,000,000") is honoured by moving it inward by
  :data:`STRICT_TOLERANCE` of the row's scale; claims whose only clash is that
  strict ends touch (feasible with closed ends, infeasible with the moved ones)
  conflict with margin 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.highs import Status, iis_rows, load, optimize, solve
from claimkit.engine.margins import end_scales
from claimkit.engine.matrix import LP, LinearModel, concat_ranges

__all__ = [
    "STRICT_TOLERANCE",
    "Conflict",
    "bounds_lp",
    "clean",
    "component_ok",
    "conflicts",
    "feasible_components",
    "gap",
    "stretch",
    "submodel",
]

#: Strict ends move inward by this fraction of the row's scale.
STRICT_TOLERANCE = 1e-8


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
    return solve(_whole(sub, strict=strict)) is Status.FEASIBLE


def component_ok(model: LinearModel, component: int) -> bool:
    """Return whether one component's claims can all hold (strict ends honoured)."""
    lp = model.lp(component, component + 1, strict_shift=STRICT_TOLERANCE)
    return lp.n_claim_rows == 0 or solve(lp) is Status.FEASIBLE


def feasible_components(model: LinearModel, *, block_rows: int | None = None) -> NDArray[np.bool_]:
    """Return, for each component, whether its claims can all hold (strict ends honoured).

    Consecutive small components are solved as one block; a block that fails is
    split into its components to find the culprits.
    """
    ok = np.ones(model.n_components, dtype=np.bool_)
    blocks = model.blocks() if block_rows is None else model.blocks(block_rows)
    for first, stop in blocks:
        lp = model.lp(first, stop, strict_shift=STRICT_TOLERANCE)
        if lp.n_claim_rows == 0 or solve(lp) is Status.FEASIBLE:
            continue
        if stop - first == 1:
            ok[first] = False
            continue
        for k in range(first, stop):
            ok[k] = component_ok(model, k)
    return ok


@attrs.frozen
class Conflict:
    """An irreducible infeasible subset of claims (internal).

    ``structural`` is true when the clash also rests on counts being non-negative
    and non-decreasing; ``touching`` when the claims are compatible with closed
    ends and clash only because strict ends touch.
    """

    claims: tuple[int, ...]
    structural: bool
    touching: bool


def _make_irreducible(model: LinearModel, candidates: Sequence[int]) -> list[int]:
    """Drop every claim without which the set still fails (a deletion filter)."""
    kept = list(candidates)
    for claim in list(kept):
        trial = [c for c in kept if c != claim]
        if trial and not subset_feasible(model, trial):
            kept = trial
    return kept


def _quickxplain(model: LinearModel, background: list[int], candidates: list[int]) -> list[int]:
    """Return an irreducible subset of ``candidates`` that fails with ``background``.

    Junker's QuickXplain: about ``k log(n / k)`` feasibility checks for a subset of
    ``k`` claims among ``n``, instead of ``n`` for a plain deletion filter.
    """

    def qx(base: list[int], delta: bool, cands: list[int]) -> list[int]:
        if delta and base and not subset_feasible(model, base):
            return []
        if len(cands) == 1:
            return cands
        half = len(cands) // 2
        c1, c2 = cands[:half], cands[half:]
        x2 = qx(base + c1, True, c2)
        x1 = qx(base + x2, bool(x2), c1)
        return x1 + x2

    return qx(background, False, candidates)


def conflicts(model: LinearModel, component: int, *, limit: int) -> tuple[list[Conflict], bool]:
    """Return disjoint irreducible infeasible subsets of one component.

    Finds one subset, removes its claims, and repeats until the rest is feasible
    or ``limit`` subsets are found. Returns the subsets and whether the limit cut
    the search short.
    """
    r0 = int(model.comp_row_ptr[component])
    r1 = int(model.comp_row_ptr[component + 1])
    row_claim = model.rows.claim[r0:r1]
    remaining = np.ones(r1 - r0, dtype=np.bool_)
    found: list[Conflict] = []
    while True:
        rows = np.flatnonzero(remaining) + r0
        lp = model.lp(component, component + 1, strict_shift=STRICT_TOLERANCE, rows=rows)
        if solve(lp) is Status.FEASIBLE:
            return found, False
        if len(found) >= limit:
            return found, True
        result = iis_rows(lp)
        subset: list[int] = []
        if result is not None:
            subset = sorted(set(lp.row_claim[result[0]].tolist()))
            subset = [] if subset_feasible(model, subset) else _make_irreducible(model, subset)
        if not subset:
            everything = sorted(set(lp.row_claim.tolist()))
            subset = sorted(_quickxplain(model, [], everything))
        found.append(_describe(model, subset))
        remaining &= ~np.isin(row_claim, subset)


def _describe(model: LinearModel, subset: list[int]) -> Conflict:
    sub = submodel(model, subset)
    touching = solve(_whole(sub, strict=False)) is Status.FEASIBLE
    # Does the clash rest on the monotone rows or the variables' bounds? Ask HiGHS
    # for an infeasible subset of the (small) group's own model.
    found = iis_rows(_whole(sub, strict=touching))
    structural = True if found is None else found[1]
    return Conflict(tuple(subset), structural, touching)


# -- margins of a group -------------------------------------------------------------


def _one_sided(lp: LP) -> tuple[LP, NDArray[np.bool_], Ints]:
    """Split the claim rows into one row per finite bound.

    Returns the new LP (claim rows first, then the monotone rows), which new rows
    are lower bounds, and the original row of each new claim row.
    """
    n = lp.n_claim_rows
    lo, hi = lp.row_lo[:n], lp.row_hi[:n]
    has_lo = np.isfinite(lo)
    has_hi = np.isfinite(hi)
    pick = np.concatenate([np.flatnonzero(has_lo), np.flatnonzero(has_hi)])
    is_lower = np.concatenate(
        [np.ones(int(has_lo.sum()), dtype=np.bool_), np.zeros(int(has_hi.sum()), dtype=np.bool_)]
    )
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
    sub = submodel(model, claims)
    base = _whole(sub, strict=False)
    lp, is_lower, pick = _one_sided(base)
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


def gap(model: LinearModel, claims: Sequence[int]) -> float:
    """Return the least total amount (in the family unit) by which the claims must move.

    The L1 distance to consistency: the smallest sum, over claim rows, of how far
    each row's value lies outside its bounds. Ends are read as closed.
    """
    sub = submodel(model, claims)
    lp = _whole(sub, strict=False)
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


# -- exact bounds -------------------------------------------------------------------


def bounds_lp(
    model: LinearModel,
    quantities: Sequence[tuple[Sequence[int], int, int]],
    *,
    ok: NDArray[np.bool_] | None = None,
) -> tuple[Floats, Floats]:
    """Return the exact lower and upper bound of each quantity (closed ends).

    A quantity is ``(series, start_day, end_day)``: the total over ``[start, end)``
    of the given series, whose variables must exist. Components are solved one by
    one, re-using one HiGHS instance (warm started) for all quantities in it; a
    quantity spanning several components is the sum of its parts. Quantities in a
    component that is not feasible get ``nan``.
    """
    n_q = len(quantities)
    lo = np.zeros(n_q)
    hi = np.zeros(n_q)
    # Split every quantity's terms by component.
    per_comp: dict[int, list[tuple[int, Ints, Floats]]] = {}
    for qi, (series, start, end) in enumerate(quantities):
        cols, coefs = model.total_terms(series, start, end)
        comps = model.series_comp[np.asarray(list(series) * 2, dtype=np.int64)]
        for comp in np.unique(comps).tolist():
            mask = comps == comp
            per_comp.setdefault(comp, []).append((qi, cols[mask], coefs[mask]))
    for comp, items in per_comp.items():
        if ok is not None and not ok[comp]:
            for qi, _, _ in items:
                lo[qi] = hi[qi] = np.nan
            continue
        lp = model.lp(comp, comp + 1)
        v0 = int(model.comp_var_ptr[comp])
        # The objective is in the component's scaled units (costs of 1, whatever the
        # size of the counts); its optimum times the component's scale is the count.
        scale = np.float64(model.comp_scale[comp])
        h = load(lp)
        for qi, cols, coefs in items:
            local = cols - v0
            s_lo, v_lo = optimize(h, local, coefs, maximize=False, lp=lp)
            s_hi, v_hi = optimize(h, local, coefs, maximize=True, lp=lp)
            if Status.INFEASIBLE in (s_lo, s_hi):
                lo[qi] = hi[qi] = np.nan
                continue
            with np.errstate(over="ignore", invalid="ignore"):
                lo[qi] += np.float64(v_lo) * scale
                hi[qi] += np.float64(v_hi) * scale
    return np.array([clean(x) for x in lo]), np.array([clean(x) for x in hi])
