"""Exact implied bounds by linear programming, ends open or closed (internal).

The least and largest value each quantity can take while every claim of its
component holds (:func:`bounds_lp`), and whether an end is reached only where a
strict claim would be met exactly, so that it is open (:func:`bounds_with_ends`).
Components are decided by :mod:`claimkit.engine.components`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.components import STRICT_TOLERANCE, clean
from claimkit.engine.highs import (
    FEASIBILITY_TOLERANCE,
    NEGLIGIBLE_MISS,
    Status,
    least_violation,
    load,
    optimize,
)
from claimkit.engine.matrix import LP, LinearModel
from claimkit.errors import NumericalError

__all__ = ["bounds_lp", "bounds_with_ends"]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]


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
    lo, hi, _, _ = bounds_with_ends(model, quantities, ok=ok, ends=False)
    return lo, hi


def bounds_with_ends(
    model: LinearModel,
    quantities: Sequence[tuple[Sequence[int], int, int]],
    *,
    ok: NDArray[np.bool_] | None = None,
    ends: bool = True,
) -> tuple[Floats, Floats, NDArray[np.bool_], NDArray[np.bool_]]:
    """Return each quantity's exact bounds (as :func:`bounds_lp`) and which ends are open.

    An end is open when the quantity reaches it only where a strict claim would be
    met with equality: the component's LP with strict ends moved inward (the LP that
    decides feasibility, see :func:`component_ok`) cannot reach it. Each finite end
    of a component that has a strict end costs one more LP (none when ``ends`` is
    false: every end is then closed). A sum of parts over several components is open
    where one part is.

    The optima are accurate to the solver's tolerance of the component's scale, so a
    quantity that is exactly one value can come back with its minimum a rounding
    error above its maximum (0 over -1e-16): ends crossed by less than that
    tolerance are swapped, and the bound holds both, never coming back empty. A
    total is never negative, so an end a rounding error below 0 is 0.
    """
    n_q = len(quantities)
    lo = np.zeros(n_q)
    hi = np.zeros(n_q)
    tolerance = np.zeros(n_q)
    lo_open = np.zeros(n_q, dtype=np.bool_)
    hi_open = np.zeros(n_q, dtype=np.bool_)
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
        r0, r1 = int(model.comp_row_ptr[comp]), int(model.comp_row_ptr[comp + 1])
        strict = None
        if ends and bool((model.rows.lo_open[r0:r1] | model.rows.hi_open[r0:r1]).any()):
            strict_lp = model.lp(comp, comp + 1, strict_shift=STRICT_TOLERANCE)
            strict = (load(strict_lp), strict_lp)
        widened = False
        for qi, cols, coefs in items:
            local = cols - v0
            s_lo, v_lo, s_hi, v_hi = _optima(h, lp, local, coefs)
            if Status.INFEASIBLE in (s_lo, s_hi) and not widened:
                widened = True
                loose = _widened(h, lp)
                if loose is not None:
                    lp, h = loose, load(loose)
                    s_lo, v_lo, s_hi, v_hi = _optima(h, lp, local, coefs)
            if Status.INFEASIBLE in (s_lo, s_hi):
                lo[qi] = hi[qi] = np.nan
                continue
            if strict is not None:
                lo_open[qi] |= np.isfinite(v_lo) and _unreached(
                    *strict, local, coefs, v_lo, side=-1
                )
                hi_open[qi] |= np.isfinite(v_hi) and _unreached(*strict, local, coefs, v_hi, side=1)
            with np.errstate(over="ignore", invalid="ignore"):
                lo[qi] += np.float64(v_lo) * scale
                hi[qi] += np.float64(v_hi) * scale
                tolerance[qi] += FEASIBILITY_TOLERANCE * scale
    lo_c = np.array([clean(x) for x in lo])
    hi_c = np.array([clean(x) for x in hi])
    with np.errstate(invalid="ignore"):
        crossed = (lo_c > hi_c) & (lo_c - hi_c <= tolerance)
    lo_c, hi_c = np.where(crossed, hi_c, lo_c), np.where(crossed, lo_c, hi_c)
    lo_c, hi_c = np.maximum(lo_c, 0.0), np.maximum(hi_c, 0.0)
    return lo_c, hi_c, lo_open & np.isfinite(lo_c), hi_open & np.isfinite(hi_c)


def _optima(h: object, lp: LP, cols: Ints, coefs: Floats) -> tuple[Status, float, Status, float]:
    """Return the status and value of the smallest and of the largest quantity in ``h``."""
    s_lo, v_lo = optimize(h, cols, coefs, maximize=False, lp=lp)
    s_hi, v_hi = optimize(h, cols, coefs, maximize=True, lp=lp)
    return s_lo, v_lo, s_hi, v_hi


def _widened(h: object, lp: LP) -> LP | None:
    """Return ``lp`` with its claim rows widened so that HiGHS finds them feasible.

    HiGHS may call claims infeasible that hold to their tolerance (3e9 people
    against 3e9 and 0.00175, which :func:`holds` accepts): each claim row is widened
    by its miss at a least-violation point and by the tolerance, in its scaled units.
    Returns ``None`` when that point misses a row by more than
    :data:`~claimkit.engine.highs.NEGLIGIBLE_MISS`.
    """
    found = least_violation(h, lp.n_claim_rows, lp)
    if found is None or found[0].max(initial=0.0) > NEGLIGIBLE_MISS:
        return None
    n = lp.n_claim_rows
    room = found[0] + FEASIBILITY_TOLERANCE
    row_lo, row_hi = lp.row_lo.copy(), lp.row_hi.copy()
    row_lo[:n] -= room
    row_hi[:n] += room
    return attrs.evolve(lp, row_lo=row_lo, row_hi=row_hi)


def _unreached(h: object, lp: LP, cols: Ints, coefs: Floats, value: float, *, side: int) -> bool:
    """Return whether the strict LP loaded in ``h`` cannot reach ``value`` of a quantity.

    Adds the row ``quantity <= value`` (``side`` -1, a lower bound) or ``>= value``
    (``side`` 1), divided by ``|value|`` so that the solver's tolerance is relative
    to the bound, asks whether the strict LP still has a point, and removes the row.
    When the solver cannot answer (a numerical failure on the added row), the end is
    taken as reached: a closed end still contains every value the claims allow.
    """
    size = abs(value) if value != 0.0 else 1.0
    bound = value / size
    row_lo, row_hi = (-np.inf, bound) if side < 0 else (bound, np.inf)
    n_rows = int(h.getNumRow())  # type: ignore[attr-defined]
    h.addRow(  # type: ignore[attr-defined]
        row_lo, row_hi, int(cols.shape[0]), cols.astype(np.int32), (coefs / size).astype(np.float64)
    )
    try:
        status, _ = optimize(h, np.zeros(0, dtype=np.int64), np.zeros(0), maximize=False, lp=lp)
    except NumericalError:
        status = Status.FEASIBLE
    h.deleteRows(1, np.array([n_rows], dtype=np.int32))  # type: ignore[attr-defined]
    return status is Status.INFEASIBLE
