"""Thin calls into HiGHS: feasibility, optima, irreducible infeasible subsets (internal).

highspy is imported inside the functions, so that ``import claimkit`` stays light.
Every call uses a fresh, silent HiGHS instance with one thread (a thread pool per
small LP costs more than it saves) and the tolerance below. Many independent LPs may
be solved on a few threads at once (:func:`each_on_threads`): HiGHS lets go of
Python's lock while it solves.
"""

from __future__ import annotations

import enum
import functools
import itertools
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from claimkit.engine.model import LP
from claimkit.errors import NumericalError

__all__ = [
    "FEASIBILITY_TOLERANCE",
    "NEGLIGIBLE_MISS",
    "THREADS",
    "Status",
    "add_slacks",
    "each_on_threads",
    "elastic",
    "even_runs",
    "iis_rows",
    "least_violation",
    "listed",
    "load",
    "optimize",
    "point",
    "run",
    "solve",
]

#: HiGHS's primal feasibility tolerance. Rows are scaled by the size of their bounds,
#: so a claim may be missed by up to this fraction of its size and still count as met.
FEASIBILITY_TOLERANCE = 1e-9
#: How many claim ids an error message lists.
_SHOWN = 8
#: HiGHS's ``simplex_strategy`` for the primal simplex.
_PRIMAL_SIMPLEX = 4
#: HiGHS's ``simplex_scale_strategy`` that leaves the model unscaled.
_UNSCALED = 0
#: A model HiGHS calls infeasible holds when some point misses none of its claim
#: rows by more than this, in their scaled units (see :func:`least_violation`): well
#: below the tolerance, where HiGHS's verdict is rounding; claims that fail by about
#: the tolerance keep HiGHS's verdict, either being right to the tolerance.
NEGLIGIBLE_MISS = FEASIBILITY_TOLERANCE / 10
#: Threads that solve independent LPs at once (:func:`each_on_threads`): the processors
#: this process may run on, at most four (the Python between the solves holds one lock).
THREADS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                     else os.cpu_count() or 1))  # fmt: skip

_T = TypeVar("_T")
_R = TypeVar("_R")


class Status(enum.Enum):
    """The outcome of one LP (internal)."""

    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"


def _highs() -> Any:
    # ``highspy.Highs()`` switches its Python callbacks on before any option can be set,
    # and that first call prints HiGHS's banner on standard output (into the middle of a
    # command's JSON). The class's base constructor makes the same solver without the
    # callbacks, which claimkit never uses; output is turned off before anything else.
    from highspy import Highs

    h = Highs.__new__(Highs)
    super(Highs, h).__init__()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("primal_feasibility_tolerance", FEASIBILITY_TOLERANCE)
    h.setOptionValue("dual_feasibility_tolerance", FEASIBILITY_TOLERANCE)
    return h


def load(
    lp: LP, cost: NDArray[np.float64] | None = None, *, maximize: bool = False, into: Any = None
) -> Any:
    """Return a HiGHS instance holding ``lp`` (not yet solved).

    ``into``, an instance from an earlier call, is loaded again (its options kept)
    instead of making a new one, which costs more than solving a small LP.

    Raises
    ------
    NumericalError
        If HiGHS rejects the model (a coefficient or bound it cannot take).
    """
    from highspy import HighsStatus

    h = _highs() if into is None else into
    n = lp.n_col
    c = np.zeros(n) if cost is None else np.ascontiguousarray(cost, dtype=np.float64)
    status = h.passModel(
        n,
        lp.n_row,
        int(lp.index.shape[0]),
        2,  # row-wise matrix
        -1 if maximize else 1,
        0.0,
        c,
        np.ascontiguousarray(lp.col_lo),
        np.ascontiguousarray(lp.col_hi),
        np.ascontiguousarray(lp.row_lo),
        np.ascontiguousarray(lp.row_hi),
        np.ascontiguousarray(lp.start, dtype=np.int32),
        np.ascontiguousarray(lp.index, dtype=np.int32),
        np.ascontiguousarray(lp.value),
        np.zeros(n, dtype=np.int32),
    )
    if status == HighsStatus.kError:
        raise _failure("rejected the model of", lp)
    return h


def listed(claims: tuple[str, ...]) -> str:
    """Return claim ids for a message: the first few quoted, then how many more."""
    shown = ", ".join(repr(c) for c in claims[:_SHOWN])
    return shown + (f" and {len(claims) - _SHOWN} more" if len(claims) > _SHOWN else "")


def _failure(what: str, lp: LP | None) -> NumericalError:
    """Return the error for a solver that gave no answer about the claims of ``lp``."""
    claims = () if lp is None else lp.claims()
    subject = f"the claims {listed(claims)}" if claims else "a model"
    msg = (
        f"the LP solver HiGHS {what} {subject}, so it cannot tell whether they can all "
        "hold. This is a numerical failure, not a finding about the claims: check that "
        "their figures are as meant and, if they are, report these claims to claimkit's "
        "maintainers"
    )
    return NumericalError(msg, claim_ids=tuple(claims))


@functools.cache
def _known() -> dict[Any, Status]:
    """Return the HiGHS model statuses that decide an LP, with their verdicts."""
    from highspy import HighsModelStatus

    return {
        HighsModelStatus.kOptimal: Status.FEASIBLE,
        HighsModelStatus.kInfeasible: Status.INFEASIBLE,
        HighsModelStatus.kUnbounded: Status.UNBOUNDED,
    }


def _status(h: Any, lp: LP | None = None, *, presolve: bool = True) -> Status:
    known = _known()
    h.run()
    status = h.getModelStatus()
    verdict = known.get(status)
    if verdict is not None and not (presolve and verdict is Status.INFEASIBLE):
        return verdict  # the common case, decided on the first run
    from highspy import HighsModelStatus

    if status not in known and status != HighsModelStatus.kUnboundedOrInfeasible:
        # A warm start from the previous objective's basis can end in "unknown"
        # (seen when the new objective is unbounded); solve again from scratch.
        h.clearSolver()
        h.run()
        status = h.getModelStatus()
    infeasible = (HighsModelStatus.kUnboundedOrInfeasible, HighsModelStatus.kInfeasible)
    if presolve and status in infeasible:
        # Presolve could not tell which, or said "infeasible": the simplex without
        # presolve decides. Presolve's reductions can call a model infeasible that
        # only just holds (claims that touch, as a relaxation leaves them), and which
        # models it calls so depends on the order of the rows: confirming keeps the
        # verdict independent of the order the claims were given in.
        h.clearSolver()
        h.setOptionValue("presolve", "off")
        h.run()
        status = h.getModelStatus()
    if status not in known:
        # The dual simplex can stall on a model whose rows differ in weight by a
        # million ('Unknown', seen without presolve on claims of 3e5 against 1.5e5
        # beside claims of 5e9 and of 0); the primal simplex decides those.
        h.clearSolver()
        h.setOptionValue("simplex_strategy", _PRIMAL_SIMPLEX)
        h.run()
        status = h.getModelStatus()
    if status in known:
        return known[status]
    raise _failure(f"stopped with status {h.modelStatusToString(status)!r} on", lp)


def solve(lp: LP, *, presolve: bool = True) -> Status:
    """Decide whether ``lp`` has a feasible point, to the tolerance of each claim row.

    ``presolve=False`` runs the simplex alone: for a small LP presolve saves nothing,
    and an infeasible verdict is confirmed without it anyway (see ``_status``). An
    infeasible verdict is also confirmed by :func:`least_violation`: an LP whose
    claim rows some point misses by no more than :data:`NEGLIGIBLE_MISS` holds.
    """
    if lp.n_row == 0:
        return Status.FEASIBLE
    h = load(lp)
    if not presolve:
        h.setOptionValue("presolve", "off")
    status = _status(h, lp, presolve=presolve)
    if status is Status.INFEASIBLE:
        found = least_violation(h, lp.n_claim_rows, lp)
        if found is not None and found[0].max(initial=0.0) <= NEGLIGIBLE_MISS:
            return Status.FEASIBLE
    return status


def run(h: Any, lp: LP | None = None) -> Status:
    """Decide an instance as it stands: its options, rows and last basis kept.

    For an instance whose row bounds change between runs (``changeRowsBounds``),
    with presolve off; after an infeasible verdict its dual ray can be read.
    ``lp``, the model the instance was loaded with, names the claims should the
    solver fail.
    """
    return _status(h, lp, presolve=False)


def point(lp: LP) -> NDArray[np.float64] | None:
    """Return a point of ``lp`` (the columns) that HiGHS finds in one run, or ``None``.

    A quick try for a feasibility LP whose rows and columns are scaled near 1, as
    :meth:`~claimkit.engine.matrix.LinearModel.lp` scales them: HiGHS does not
    scale them again (a fifth of the time of a block's solve), and gets no second
    run. ``None`` decides nothing (no infeasible verdict is confirmed as
    :func:`solve` confirms one): the caller decides such an LP another way, and
    checks a point it is given against the claims itself.

    When HiGHS's presolve alone removes every row and column (as it does for the
    blocks of a large table), the point is that of its postsolve: ``run()`` would
    then also solve the original LP from it, a third of its time, for a point the
    caller confirms anyway. When presolve finds the LP infeasible, ``None`` straight
    away (the LP of a block with a conflict, most often).
    """
    from highspy import HighsPresolveStatus, HighsSolution, HighsStatus

    h = load(lp)
    h.setOptionValue("simplex_scale_strategy", _UNSCALED)
    h.presolve()
    if h.getModelPresolveStatus() == HighsPresolveStatus.kInfeasible:
        return None  # ``run()`` would start with the same presolve, and find no point
    if h.getModelPresolveStatus() == HighsPresolveStatus.kReducedToEmpty:
        solved = h.postsolve(HighsSolution()) != HighsStatus.kError
        found = h.getSolution()
        if solved and found.value_valid:
            return np.asarray(found.col_value, dtype=np.float64)
    h.clearSolver()
    h.run()
    if _known().get(h.getModelStatus()) is not Status.FEASIBLE:
        return None
    return np.asarray(h.getSolution().col_value, dtype=np.float64)


def optimize(
    h: Any,
    cols: NDArray[np.int64],
    coefs: NDArray[np.float64],
    *,
    maximize: bool,
    lp: LP | None = None,
) -> tuple[Status, float]:
    """Optimise a new objective on a loaded instance, warm-starting from its last basis.

    ``cols``/``coefs`` give the objective's non-zeros; every other cost is zero.
    Returns the status and the optimum (``inf``/``-inf`` when unbounded). ``lp``, the
    model the instance was loaded with, names the claims should the solver fail.
    """
    from highspy import ObjSense

    n = int(h.getNumCol())
    cost = np.zeros(n)
    np.add.at(cost, cols, coefs)
    h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    h.changeObjectiveSense(ObjSense.kMaximize if maximize else ObjSense.kMinimize)
    status = _status(h, lp)
    if status is Status.UNBOUNDED:
        return status, np.inf if maximize else -np.inf
    if status is Status.INFEASIBLE:
        return status, np.nan
    return status, float(h.getInfo().objective_function_value)


def iis_rows(lp: LP) -> tuple[NDArray[np.int64], bool] | None:
    """Return the rows of an infeasible subset of ``lp`` found by HiGHS.

    Returns ``(claim_rows, structural)``: the claim rows (indices into the LP's
    claim rows) in the subset, and whether HiGHS also needed monotone rows or the
    bounds of the variables. ``None`` if HiGHS found no subset.

    HiGHS 1.16's ``iis_strategy`` 6 (irreducible, starting from the LP's solution)
    is used: in trials on this engine's models the default strategy returned empty
    sets and strategy 4 alone took seconds on a few thousand rows, while 6 took
    milliseconds. The caller checks that the subset is irreducible anyway.
    """
    h = load(lp)
    h.setOptionValue("iis_strategy", 6)
    if _status(h, lp) is not Status.INFEASIBLE:
        return None
    _, iis = h.getIis()
    if not iis.valid_:
        return None
    rows = np.asarray(iis.row_index_, dtype=np.int64)
    claim_rows = rows[rows < lp.n_claim_rows]
    structural = bool((rows >= lp.n_claim_rows).any()) or bool(
        np.isin(np.asarray(iis.col_bound_, dtype=np.int64), (2, 3, 4)).any()
    )
    if claim_rows.size == 0:
        return None
    return claim_rows, structural


def elastic(lp: LP) -> NDArray[np.float64]:
    """Return how far each claim row is missed at a least-violation point of ``lp``.

    The elastic LP: every claim row gets a slack in each direction, and the sum of the
    slacks is minimised; the monotone rows and the variables' bounds stay hard (they
    always hold). Rows are divided by their scale before they reach the solver, so a
    slack is relative to its claim's size and every claim weighs alike. The rows with
    a positive slack together form a correction set: without them the rest can hold.
    """
    found = least_violation(load(lp), lp.n_claim_rows, lp)
    if found is None:  # pragma: no cover - the slacks make it feasible
        raise _failure("found no least-violation point of", lp)
    return found[0]


def add_slacks(h: Any, rows: NDArray[np.int32]) -> None:
    """Give each of ``rows`` a slack in each direction, costing 1 each.

    Adds ``2 * len(rows)`` columns ``>= 0`` after the instance's columns: the first
    ``len(rows)`` enter their rows with +1, the others with -1, so that a row can be
    missed either way at a cost of how far.
    """
    k = int(rows.shape[0])
    h.addCols(
        2 * k,
        np.ones(2 * k),
        np.zeros(2 * k),
        np.full(2 * k, np.inf),
        2 * k,
        np.arange(2 * k, dtype=np.int32),
        np.concatenate([rows, rows]).astype(np.int32),
        np.concatenate([np.ones(k), -np.ones(k)]),
    )


def least_violation(
    h: Any, n_rows: int, lp: LP | None = None, *, reuse: bool = False
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Return a least-violation point of the model held in ``h``, or ``None``.

    The model's first ``n_rows`` rows (its claim rows) each get a slack in each
    direction, the sum of the slacks is minimised and every other row and bound
    stays hard, in a new instance (``h`` is left as it is, its rows' current bounds
    read). Returns how far each of those rows is missed, in its scaled units, and
    the point's columns; ``None`` if the solver finds no point.

    With ``reuse`` the slacks are added to ``h`` itself, whose costs must all be 0,
    and the solve starts from its last basis (three times faster after an
    infeasible verdict on a block of a few thousand rows); ``h`` then holds the
    elastic model.

    HiGHS's tolerance bounds how far a point it returns may miss a row, but it may
    call a model infeasible that some point meets to within that tolerance (claims
    of 3e9 people that differ by 0.00175): by claimkit's rule such claims hold, so
    an infeasible verdict is confirmed with this point.
    """
    n_col = int(h.getNumCol())
    if reuse:
        e = h
    else:
        e = _highs()
        e.passModel(h.getLp())
        e.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), np.zeros(n_col))
    add_slacks(e, np.arange(n_rows, dtype=np.int32))
    from highspy import ObjSense

    e.changeObjectiveSense(ObjSense.kMinimize)
    if _status(e, lp, presolve=not reuse) is not Status.FEASIBLE:
        return None
    col = np.asarray(e.getSolution().col_value, dtype=np.float64)
    slack = col[n_col:]
    return np.asarray(slack[:n_rows] + slack[n_rows:], dtype=np.float64), col[:n_col]


def even_runs(ptr: NDArray[np.int64], parts: int) -> list[tuple[int, int]]:
    """Return up to ``parts`` consecutive runs (start, stop) of items, about as heavy each.

    ``ptr``: where each item starts in a running total of their weights, then where
    the last ends (``len(ptr) - 1`` items). No run is empty; items of no weight
    make no run of their own.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.highs import even_runs
    >>> even_runs(np.array([0, 5, 6, 7, 12]), 2)
    [(0, 2), (2, 4)]
    >>> even_runs(np.array([0, 5, 6, 7, 12]), 1)
    [(0, 4)]
    """
    n = int(ptr.shape[0]) - 1
    weight = ptr[-1] - ptr[0]
    cuts = np.searchsorted(ptr, ptr[0] + weight * np.arange(1, max(parts, 1)) // max(parts, 1))
    ends = np.unique(np.concatenate([[0], np.clip(cuts, 0, n), [n]])).tolist()
    return list(itertools.pairwise(ends))


def each_on_threads(
    solve_one: Callable[[_T], _R], items: Sequence[_T], threads: int = THREADS
) -> list[_R]:
    """Return ``[solve_one(item) for item in items]``, the calls spread over ``threads`` threads.

    For independent LPs, each solved by its own HiGHS instance: HiGHS lets go of
    Python's lock while it solves, so the solves of one thread overlap the Python of
    the others. The results are those of the calls in turn, in the order of
    ``items``; an exception of a call is raised here. Each thread takes the next item
    not yet taken (so a thread whose calls were quick takes more of them), and lets
    go of its HiGHS scheduler when done (as highspy does after a solve on a thread
    of its own).

    Examples
    --------
    >>> from claimkit.engine.highs import each_on_threads
    >>> each_on_threads(lambda x: x * x, [1, 2, 3, 4, 5], threads=2)
    [1, 4, 9, 16, 25]
    """
    n = min(threads, len(items))
    if n <= 1:
        return [solve_one(item) for item in items]
    from highspy import Highs

    out: list[_R] = [None] * len(items)  # type: ignore[list-item]
    left = iter(range(len(items)))
    lock = threading.Lock()

    def work(_: int) -> None:
        try:
            while True:
                with lock:
                    k = next(left, None)
                if k is None:
                    return
                out[k] = solve_one(items[k])
        finally:
            Highs.resetThreadScheduler(False)

    with ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(work, range(n)))
    return out
