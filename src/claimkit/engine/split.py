"""Which components of a block that fails cannot hold, in a few LPs (internal).

Small components are decided a block at a time (:func:`claimkit.engine.components.
feasible_components`). When a block's LP has no point, some of its components
cannot hold; asking each component on its own costs two LPs for each that fails (its
LP, then the least-violation point that confirms the verdict, see
:func:`~claimkit.engine.components.holds`) and one for each that holds. In a set
where most groups hold a conflict that is most of the check.

:func:`split_block` asks the block's least-violation LP instead: every claim row
may be missed, at a cost of how far, and the total is minimised. Components share
no variable, so the point is a least-violation point of each component:

* a component missed in total by more than :func:`clear_miss` of its rows cannot
  hold: no point meets its claims to the solver's tolerance, which is what its own
  LP would find;
* the components missed by exactly 0 are decided together by one LP of their rows,
  as :func:`~claimkit.engine.components.holds` decides (the point confirmed claim by
  claim at each claim's scale); should that fail, each is decided on its own;
* any other (missed by less than that, but not 0) is decided on its own.

So the verdicts are those of :func:`~claimkit.engine.components.component_ok` for
each component, in three LPs for a block instead of one or two per component.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from claimkit.engine.components import STRICT_TOLERANCE, component_ok, holds
from claimkit.engine.highs import FEASIBILITY_TOLERANCE, least_violation, load
from claimkit.engine.matrix import LinearModel

__all__ = ["clear_miss", "split_block"]

Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


def clear_miss(n_rows: Ints) -> Floats:
    """Return the total miss beyond which a component of ``n_rows`` claim rows cannot hold.

    A point that meets each row to the solver's tolerance misses them in total by at
    most ``n_rows`` times :data:`~claimkit.engine.highs.FEASIBILITY_TOLERANCE` (rows
    are in units of their scale); a hundred times that, and at least ``1e-6``, leaves
    no doubt.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.split import clear_miss
    >>> clear_miss(np.array([3, 100_000])).tolist()
    [1e-06, 0.01]
    """
    limit: Floats = np.maximum(1e-6, 100.0 * n_rows * FEASIBILITY_TOLERANCE)
    return limit


def split_block(model: LinearModel, first: int, stop: int) -> Bools:
    """Return whether each component ``first`` to ``stop`` can hold (strict ends honoured).

    The same verdicts as ``[component_ok(model, k) for k in range(first, stop)]``,
    found as the module describes; meant for a block whose LP has no point.
    """
    lp = model.lp(first, stop, strict_shift=STRICT_TOLERANCE)
    n = lp.n_claim_rows
    k = stop - first
    found = least_violation(load(lp), n, lp) if n else None
    if found is None:
        return np.array([component_ok(model, c) for c in range(first, stop)], dtype=np.bool_)
    miss = found[0]
    r0 = int(model.comp_row_ptr[first])
    comp = np.searchsorted(model.comp_row_ptr, r0 + np.arange(n), side="right") - 1 - first
    total = np.bincount(comp, miss, minlength=k)
    rows = np.bincount(comp, minlength=k)
    ok = np.zeros(k, dtype=np.bool_)
    fails = total > clear_miss(rows)
    met = (total == 0.0) & ~fails
    if met.any():
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
