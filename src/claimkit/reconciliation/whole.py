"""Reconciling a whole claim set: minimal relaxation and least squares (internal).

Both methods work on the engine's linear model (:mod:`claimkit.engine.model`) of the
claims sorted by id, so that the order of the claims changes nothing. HiGHS
(through highspy) and scipy are imported inside the functions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine.checking import check
from claimkit.engine.components import STRICT_TOLERANCE, feasible_components
from claimkit.engine.highs import Status, listed, load, solve
from claimkit.engine.margins import range_end_scales, range_size, shift_strict, stretched
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import build
from claimkit.errors import NumericalError
from claimkit.reconciliation.one import (
    chi2_sf,
    read_point,
    serial_elimination,
    sidak_critical,
    weight_of,
    widen_to,
)
from claimkit.reconciliation.results import Adjustment, Measurement, SetReconciliation
from claimkit.values._format import number
from claimkit.values.range import Range

if TYPE_CHECKING:
    from claimkit.reconciliation.results import Adjustment, Measurement, SetReconciliation

__all__ = ["consistent", "least_squares", "relax"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

#: Slacks (relative to an end's size) up to this are solver noise and read as 0.
SLACK_FLOOR = 1e-9
#: Every slack that is needed is widened by this much times the ratio of the
#: component's scale to the claim's (see ``_margins``).
SLACK_MARGIN = 4e-9
#: A slack whose coefficient in its scaled rows (its end's move, per unit of relative
#: slack, over the row's scale) is at most this cannot move its end: the move would be
#: below the solver's tolerance. The column is scaled, so the bound is far above the
#: 1e-9 below which HiGHS drops coefficients.
MIN_SLACK_COEF = 1e-12
#: The tie-breaking stage may exceed the first stage's optimum by this fraction.
TIE_TOLERANCE = 1e-9

#: The second stage's QP may take at most this many iterations per column (plus 1,000),
#: and at most this many seconds, before the first stage's slacks are kept.
QP_ITERATIONS_PER_COLUMN = 50
QP_TIME_LIMIT = 10.0


def canonical(claimset: ClaimSet) -> tuple[ClaimSet, dict[int, int]]:
    """Return the claim set sorted by id, and where each sorted claim was given."""
    ordered = claimset.canonical
    given = {claim.id: i for i, claim in enumerate(claimset.claims)}
    return ordered, {k: given[claim.id] for k, claim in enumerate(ordered.claims)}


def _source(claim: Claim) -> str | None:
    return None if claim.source is None else claim.source.name


# -- HiGHS ---------------------------------------------------------------------------


def _run(h: Any) -> Floats | None:
    """Run HiGHS; return the column values, or None if it found no optimum."""
    from highspy import HighsModelStatus

    h.run()
    if h.getModelStatus() != HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().col_value, dtype=np.float64)


def consistent(claimset: ClaimSet) -> bool:
    """Return whether the claims can all hold at once, as :func:`~claimkit.check` decides it.

    Feasibility of the model is not enough: the report's local findings decide
    strict ends that barely clear each other with the engine's strict tolerance,
    and a relaxed set must pass the same test a user will run on it.
    """
    if not claimset.claims or not feasible_components(build(claimset)).all():
        return not claimset.claims

    return check(claimset).consistent


# -- relax ------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class _Ends:
    """Per claim (sorted order): how each end's slack enters the scaled rows."""

    coef_lo: Floats  # 0 when the end cannot move (infinite, or a claim of zeros)
    coef_hi: Floats
    weight: Floats


def _ends(claims: Sequence[Claim]) -> _Ends:
    """Return the slack coefficients of every claim's ends, and the sources' weights.

    A row is scaled by the claim's size (its largest finite ``|end|``), and a
    relative slack ``s`` moves an end by ``s`` times the end's own scale, so the
    slack's coefficient in the scaled row is ``scale / size``.
    """
    coef_lo = np.zeros(len(claims))
    coef_hi = np.zeros(len(claims))
    for i, claim in enumerate(claims):
        size = range_size(claim.value)
        if size > 0:
            lo_scale, hi_scale = range_end_scales(claim.value)
            coef_lo[i] = lo_scale / size
            coef_hi[i] = hi_scale / size
    return _Ends(coef_lo, coef_hi, np.array([weight_of(c) for c in claims]))


def _csr(n_rows: int, rows: Ints, cols: Ints, vals: Floats) -> tuple[Any, Any, Floats]:
    """Sort (row, column, value) triplets by row, stably, into row-wise arrays."""
    order = np.argsort(rows, kind="stable")
    start = np.zeros(n_rows + 1, dtype=np.int64)
    np.add.at(start, rows + 1, 1)
    np.cumsum(start, out=start)
    return start[:-1].astype(np.int32), cols[order].astype(np.int32), vals[order]


def _elastic(lp: LP, ends: _Ends) -> tuple[LP, Floats, Ints, Floats]:
    """Return the block's LP with a slack per claim end, and the block's claims.

    Claim row ``r`` of claim ``c`` becomes ``a_r x + k_lo s_lo(c) >= lo_r`` and
    ``a_r x - k_hi s_hi(c) <= hi_r`` (one row per finite end), with the slacks of
    a claim shared by all its rows (an "each" rate has one row per window); the
    monotone rows stay as they are. The slack columns follow the model's columns:
    the lower slacks of the block's claims, then their upper slacks.

    ``k`` is the end's scale over the row's scale, which is tiny for an end near 0
    of a large claim (the 1 of [1, 1e9]), below the coefficients HiGHS keeps. So
    each slack column is scaled: its variable is ``t = u s`` with ``u`` the largest
    ``k`` of the claim's rows, its coefficients ``k / u`` (1 for most claims) and its
    cost ``w / u``. Returns the LP, its cost, the block's claims and ``u`` per slack
    column (1 for an end that cannot move).
    """
    n, n_x = lp.n_claim_rows, lp.n_col
    claims = np.unique(lp.row_claim)
    n_c = claims.shape[0]
    where = np.searchsorted(claims, lp.row_claim)
    starts: Ints = lp.start.astype(np.int64)
    entry_row = np.repeat(np.arange(lp.n_row), starts[1:] - starts[:-1])
    is_claim = entry_row < n
    claim_entry = np.flatnonzero(is_claim)
    has = {"lo": np.isfinite(lp.row_lo[:n]), "hi": np.isfinite(lp.row_hi[:n])}
    n_lo = int(has["lo"].sum())
    new_id = {"lo": np.cumsum(has["lo"]) - 1, "hi": n_lo + np.cumsum(has["hi"]) - 1}
    n_new = n_lo + int(has["hi"].sum())
    # A row's scaled bounds are its bounds over its scale: the largest finite one is
    # 1, or less for a row that the model scales up to its component's floor.
    bounds = np.abs(np.stack([lp.row_lo[:n], lp.row_hi[:n]]))
    ratio = np.minimum(np.where(np.isfinite(bounds), bounds, 0.0).max(axis=0, initial=0.0), 1.0)
    units: list[Floats] = []
    rows: list[Ints] = []
    cols: list[Ints] = []
    vals: list[Floats] = []
    for side, first_col, coef, sign in (
        ("lo", n_x, ends.coef_lo, 1.0),
        ("hi", n_x + n_c, ends.coef_hi, -1.0),
    ):
        keep = claim_entry[has[side][entry_row[claim_entry]]]
        rows.append(new_id[side][entry_row[keep]])
        cols.append(lp.index[keep].astype(np.int64))
        vals.append(lp.value[keep])
        picked = np.flatnonzero(has[side])
        k = coef[lp.row_claim[picked]] * ratio[picked]
        unit = np.zeros(n_c)
        np.maximum.at(unit, where[picked], k)
        # An end whose move changes its rows by less than the solver resolves stays.
        unit = np.where(unit > MIN_SLACK_COEF, unit, 0.0)
        movable = unit[where[picked]] > 0.0
        rows.append(new_id[side][picked[movable]])
        cols.append(first_col + where[picked[movable]])
        vals.append(sign * k[movable] / unit[where[picked[movable]]])
        units.append(np.where(unit > 0.0, unit, 1.0))
    mono = np.flatnonzero(~is_claim)
    rows.append(n_new + entry_row[mono] - n)
    cols.append(lp.index[mono].astype(np.int64))
    vals.append(lp.value[mono])
    start, index, value = _csr(
        n_new + lp.n_row - n, np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    )
    n_hi = n_new - n_lo
    w = ends.weight[claims]
    n_col = n_x + 2 * n_c
    elastic = LP(
        n_col=n_col,
        start=start,
        index=index,
        value=value,
        row_lo=np.concatenate([lp.row_lo[:n][has["lo"]], np.full(n_hi, -np.inf), lp.row_lo[n:]]),
        row_hi=np.concatenate([np.full(n_lo, np.inf), lp.row_hi[:n][has["hi"]], lp.row_hi[n:]]),
        col_lo=np.concatenate([lp.col_lo, np.zeros(2 * n_c)]),
        col_hi=np.concatenate([lp.col_hi, np.full(2 * n_c, np.inf)]),
        row_claim=np.zeros(0, dtype=np.int64),
        n_claim_rows=0,
        col_scale=np.ones(n_col),
    )
    u = np.concatenate(units)
    return elastic, np.concatenate([np.zeros(n_x), np.concatenate([w, w]) / u]), claims, u


def _relax_block(lp: LP, ends: _Ends) -> tuple[Ints, Floats, Floats, bool]:
    """Return (claims, lower slacks, upper slacks, tie broken) of one block of the model.

    Stage 1 minimises ``sum w_c (s_lo(c) + s_hi(c))``. If that is not 0, stage 2
    keeps every slack that no minimal relaxation uses at 0, keeps the total within
    :data:`TIE_TOLERANCE` of the optimum, and minimises ``sum (w_c s)^2``: a
    strictly convex function of the slacks, so the slacks are unique. Among the
    minimal relaxations it picks the one that spreads the slack most evenly, as the
    weights allow. Should the second stage fail, the first stage's solution stands
    (the last item is then False): a minimal relaxation, still independent of the
    order the claims were given in, since the model is built from them sorted by id.
    """
    elastic, cost, claims, u = _elastic(lp, ends)
    n_x, n_s = lp.n_col, 2 * claims.shape[0]
    h = load(elastic, cost)
    solution = _run(h)
    if solution is None:
        status = h.modelStatusToString(h.getModelStatus())
        ids = lp.claims()
        msg = (
            f"cannot relax the claims {listed(ids)}: HiGHS found no "
            f"optimum of the relaxation ({status}); an end that would have to move may be "
            "too close to 0 beside its claim's size (1e-12 of it) to be moved relative to "
            "itself: reconcile these claims with method='least_squares', or restate them"
        )
        raise NumericalError(msg, claim_ids=ids)
    # The columns hold t = u s (see _elastic); slacks, reduced costs and the floor
    # are compared in s, the relative slack.
    slack = solution[n_x:] / u
    weights = cost[n_x:]
    broken = True
    if float(weights @ np.maximum(solution[n_x:], 0.0)) > SLACK_FLOOR:
        total = float(h.getInfo().objective_function_value)
        cols = np.arange(n_x, n_x + n_s, dtype=np.int32)
        # A slack with a positive reduced cost is 0 in every optimal relaxation
        # (complementary slackness): keep it at 0, so that the second stage can
        # only choose among the relaxations that tie.
        reduced = np.asarray(h.getSolution().col_dual, dtype=np.float64)[n_x:] * u
        fixed = np.flatnonzero((slack <= SLACK_FLOOR) & (reduced > SLACK_FLOOR))
        if fixed.shape[0]:
            h.changeColsBounds(
                fixed.shape[0], cols[fixed], np.zeros(fixed.shape[0]), np.zeros(fixed.shape[0])
            )
        h.addRow(-np.inf, total * (1 + TIE_TOLERANCE), n_s, cols, weights)
        h.changeColsCost(n_x + n_s, np.arange(n_x + n_s, dtype=np.int32), np.zeros(n_x + n_s))
        # The Hessian's lower triangle, column-wise: 2 (w / total)^2 on each slack
        # column (dividing by the total keeps the objective of order one).
        start = np.concatenate([np.zeros(n_x + 1), np.arange(1, n_s + 1)]).astype(np.int32)
        h.passHessian(n_x + n_s, n_s, 1, start, cols, 2.0 * (weights / total) ** 2)
        # HiGHS's QP solver can stall on degenerate ties; bound its work, and keep the
        # first stage's (minimal, but unspread) slacks when it stops early.
        h.setOptionValue("qp_iteration_limit", QP_ITERATIONS_PER_COLUMN * (n_x + n_s) + 1000)
        h.setOptionValue("time_limit", QP_TIME_LIMIT)
        second = _run(h)
        if second is None:
            broken = False
        else:
            slack = second[n_x:] / u
    slack = np.where(slack > SLACK_FLOOR, slack, 0.0)
    return claims, slack[: n_s // 2], slack[n_s // 2 :], broken


def relax(claimset: ClaimSet) -> SetReconciliation:
    """Reconcile a claim set by its minimal weighted relaxation (see ``reconcile``)."""
    ordered, position = canonical(claimset)
    claims = ordered.claims
    ends = _ends(claims)
    s_lo = np.zeros(len(claims))
    s_hi = np.zeros(len(claims))
    unbroken = 0
    ok = consistent(ordered)
    margin = np.zeros(len(claims))
    if not ok:
        # A set that check() finds consistent comes back as it is; otherwise every
        # block is relaxed, strict ends cleared as check()'s findings clear them.
        model = build(ordered)
        clearance = _clearances(model)
        for first, stop in model.blocks():
            lp = _strict(model, first, stop, clearance)
            if lp.n_claim_rows:
                which, s_lo[which], s_hi[which], broken = _relax_block(lp, ends)
                unbroken += not broken
        margin = _margins(model, len(claims))
    # HiGHS meets each row to 1e-9 of its scale, and the monotone rows to 1e-9 of
    # the component's: a claim much smaller than its component may be missed by more
    # than its own tolerance, and the relaxed set fail the engine's check. Then every
    # needed slack is widened by a margin of that size, and more (tenfold, twice).
    for factor in (0.0, 1.0, 10.0, 100.0):
        lo = np.where(s_lo > 0, s_lo + factor * margin, 0.0)
        hi = np.where(s_hi > 0, s_hi + factor * margin, 0.0)
        adjusted = [
            (stretched(c.value, float(a), float(b)), float(max(a, b)))
            for c, a, b in zip(claims, lo, hi, strict=True)
        ]
        by_input, adjustments = _rebuild(claimset, claims, position, adjusted)
        ok = consistent(canonical(ClaimSet(by_input, relations=claimset.relations))[0])
        if ok:
            break
    moved = [a for a in adjustments if a.moved]
    notes = []
    if not moved:
        notes.append("the claims are consistent as they are: nothing moved")
    tiny = [a.claim for a in moved if a.stretch < 1e-6]
    if tiny:
        notes.append(
            f"{', '.join(repr(t) for t in tiny)} moved only by the clearance that keeps "
            "strict ends apart: the claims meet where an open end excludes the value"
        )
    if unbroken:
        notes.append(
            f"in {unbroken} group(s) of claims the solver could not spread tied slacks "
            "evenly; the relaxation shown is minimal, and ties went to the solver's first "
            "optimum (for the claims sorted by id)"
        )
    return _result(
        "relax",
        claimset,
        by_input,
        adjustments,
        checked=ok,
        total_slack=math.fsum((ends.weight * (lo + hi)).tolist()),
        notes=tuple(notes),
    )


def _clearances(model: LinearModel) -> Floats:
    """Return each claim row's strict clearance, relative to the row's scale.

    check() decides strict ends in its findings to :data:`STRICT_TOLERANCE` of the
    largest figure in a finding, a total over a claim's whole span, which can be
    larger than one row (an "each" rate has a row per window) or than the claim
    itself. Twice that tolerance of the largest such total in the component, over
    the row's own scale, clears every finding the claim can be part of.
    """
    rows = model.rows
    n_rows = np.bincount(rows.claim, minlength=int(rows.claim.max(initial=-1)) + 1)
    spans = model.row_scale * n_rows[rows.claim]
    row_comp = np.searchsorted(model.comp_row_ptr, np.arange(model.n_rows), side="right") - 1
    top = np.zeros(model.n_components)
    np.maximum.at(top, row_comp, spans)
    return 2.0 * STRICT_TOLERANCE * top[row_comp] / model.row_scale


def _strict(model: LinearModel, first: int, stop: int, clearance: Floats) -> LP:
    """Return the block's LP with strict ends moved inward by their clearances.

    As in the engine, a range narrower than its two clearances becomes its middle.
    """
    lp = model.lp(first, stop)
    r0, r1 = int(model.comp_row_ptr[first]), int(model.comp_row_ptr[stop])
    n = lp.n_claim_rows
    lo, hi = shift_strict(
        lp.row_lo[:n],
        lp.row_hi[:n],
        model.rows.lo_open[r0:r1],
        model.rows.hi_open[r0:r1],
        clearance[r0:r1],
    )
    return attrs.evolve(
        lp,
        row_lo=np.concatenate([lo, lp.row_lo[n:]]),
        row_hi=np.concatenate([hi, lp.row_hi[n:]]),
    )


def _margins(model: LinearModel, n_claims: int) -> Floats:
    """Return each claim's slack margin, relative to its ends' sizes.

    :data:`SLACK_MARGIN` times the ratio of the component's scale to the claim's
    (the largest over the claim's rows), and at least :data:`SLACK_MARGIN`.
    """
    row_comp = np.searchsorted(model.comp_row_ptr, np.arange(model.n_rows), side="right") - 1
    ratio = model.comp_scale[row_comp] / model.row_scale
    out = np.full(n_claims, 1.0)
    np.maximum.at(out, model.rows.claim, ratio)
    return SLACK_MARGIN * out


def _result(
    method: str,
    claimset: ClaimSet,
    by_input: list[Claim],
    adjustments: list[Adjustment],
    checked: bool | None = None,
    **fields: Any,
) -> SetReconciliation:
    """Return the result, with the reconciled claim set and whether it is consistent.

    The check runs on the claims sorted by id, like everything else, unless
    ``checked`` already gives its answer.
    """
    reconciled = ClaimSet(by_input, relations=claimset.relations)
    if checked is None:
        checked = consistent(canonical(reconciled)[0])
    return SetReconciliation(
        method=method,
        claimset=claimset,
        reconciled=reconciled,
        consistent=checked,
        adjustments=tuple(adjustments),
        **fields,
    )


def _rebuild(
    claimset: ClaimSet,
    claims: Sequence[Claim],
    position: dict[int, int],
    adjusted: Sequence[tuple[Range, float]],
) -> tuple[list[Claim], list[Adjustment]]:
    """Return the claims with their adjusted values, and the adjustments, in input order."""
    by_input: list[Claim] = list(claimset.claims)
    slots: list[Adjustment | None] = [None] * len(claims)
    for k, claim in enumerate(claims):
        value, change = adjusted[k]
        i = position[k]
        by_input[i] = claim.replace(value=value) if value != claim.value else claim
        slots[i] = Adjustment(
            claim=claim.id,
            source=_source(claim),
            weight=weight_of(claim),
            original=claim.value,
            adjusted=value,
            stretch=change,
        )
    return by_input, [a for a in slots if a is not None]


# -- least squares -------------------------------------------------------------------------


def _row_factor(claim: Claim, unit: str) -> float:
    """Return ``k`` such that a claim value ``v`` is a row bound ``v * k`` (engine units)."""
    one = Range.exact(1.0, claim.value.unit)
    if claim.kind == "rate":
        days = claim.window if claim.window is not None else claim.period.days
        one = one * Range.exact(days, "day")
    return one.to(unit).midpoint


@attrs.frozen(eq=False)
class _Fit:
    """The least-squares fit of one component on some of its rows (internal)."""

    rows: Ints  # the model's row indices used
    fitted: Floats  # the reconciled row values (engine units)
    z: list[float | None]  # the measurement test statistic of each row
    chi2: float
    dof: int
    x: Floats  # the minimum-norm solution over the component's free variables
    basis: Floats  # an orthonormal basis (columns) of the rows' span
    free: Ints  # the component's free variables (model indices)


def _dense(model: LinearModel, rows: Ints, free: Ints) -> Floats:
    """Return the claim rows' coefficients over the free variables, as a dense matrix."""
    where = np.full(model.n_vars, -1, dtype=np.int64)
    where[free] = np.arange(free.shape[0])
    a = np.zeros((rows.shape[0], free.shape[0]))
    counts = model.row_ptr[rows + 1] - model.row_ptr[rows]
    entries = np.concatenate(
        [np.arange(model.row_ptr[r], model.row_ptr[r + 1]) for r in rows.tolist()]
        or [np.zeros(0, dtype=np.int64)]
    )
    row_of = np.repeat(np.arange(rows.shape[0]), counts)
    col = where[model.row_cols[entries]]
    keep = col >= 0  # a series' first date is fixed at 0
    np.add.at(a, (row_of[keep], col[keep]), model.row_vals[entries][keep])
    return a


def _fit(model: LinearModel, rows: Ints, free: Ints, y: Floats, sd: Floats) -> _Fit:
    """Project the measurements onto the values the relations allow (weighted).

    With ``A`` the rows scaled by each measurement's sd and ``U`` an orthonormal
    basis of its columns' span (from the SVD), the fit is ``U U' y``: the closest
    point, in the weighted norm, at which every relation holds. The residual's
    squared norm is the chi-square statistic, and ``1 - h_i`` (``h_i`` the leverage,
    ``(U U')_ii``) scales each residual to unit variance.
    """
    n = rows.shape[0]
    if n == 0 or free.shape[0] == 0:
        u, s, vt = np.zeros((n, 0)), np.zeros(0), np.zeros((0, free.shape[0]))
    else:
        u, s, vt = np.linalg.svd(_dense(model, rows, free) / sd[rows][:, None], False)
    rank = int((s > s.max(initial=0.0) * max(n, free.shape[0]) * np.finfo(float).eps).sum())
    u, s, vt = u[:, :rank], s[:rank], vt[:rank]
    yt = y[rows] / sd[rows]
    coef = u.T @ yt
    resid = yt - u @ coef
    spare = 1.0 - np.einsum("ij,ij->i", u, u)
    z = [float(e / math.sqrt(f)) if f > 1e-9 else None for e, f in zip(resid, spare, strict=True)]
    return _Fit(
        rows=rows,
        fitted=(yt - resid) * sd[rows],
        z=z,
        chi2=float(resid @ resid),
        dof=n - rank,
        x=vt.T @ (coef / s),
        basis=vt.T,
        free=free,
    )


def _free_vars(model: LinearModel, comp: int) -> Ints:
    """Return the component's variables, but for each series' first date (fixed at 0)."""
    v0, v1 = int(model.comp_var_ptr[comp]), int(model.comp_var_ptr[comp + 1])
    first = np.ones(v1 - v0, dtype=np.bool_)
    first[1:] = model.var_series[v0 + 1 : v1] != model.var_series[v0 : v1 - 1]
    return v0 + np.flatnonzero(~first)


class _Measured:
    """The claims as measurements of the model's rows, and fits on subsets of them."""

    def __init__(self, ordered: ClaimSet) -> None:
        self.claims = ordered.claims
        self.readings = [read_point(c.value) for c in self.claims]
        self.factor = np.array([_row_factor(c, ordered.unit_of(c.measure)) for c in self.claims])
        self.model = model = build(ordered)
        self.row_claim = model.rows.claim
        self.y = np.zeros(model.n_rows)
        self.sd = np.ones(model.n_rows)
        self.measured = np.zeros(model.n_rows, dtype=np.bool_)
        for r, c in enumerate(self.row_claim.tolist()):
            found = self.readings[c]
            if found is not None:
                self.y[r] = found[0] * self.factor[c]
                self.sd[r] = found[1] * self.factor[c] / math.sqrt(weight_of(self.claims[c]))
                self.measured[r] = True
        self.comps = range(model.n_components)
        ptr = model.comp_row_ptr
        self.comp_rows = [
            int(ptr[k]) + np.flatnonzero(self.measured[int(ptr[k]) : int(ptr[k + 1])])
            for k in self.comps
        ]
        self.free = [_free_vars(model, k) for k in self.comps]
        self._cache: dict[tuple[int, tuple[int, ...]], _Fit] = {}

    def fit(self, k: int, rows: Ints) -> _Fit:
        """Return the fit of component ``k`` on the given rows (cached)."""
        key = (k, tuple(rows.tolist()))
        if key not in self._cache:
            self._cache[key] = _fit(self.model, rows, self.free[k], self.y, self.sd)
        return self._cache[key]

    def z_of(self, active: list[int]) -> dict[int, float | None]:
        """Return each active claim's test statistic (its row's largest ``|z|``)."""
        keep = np.zeros(len(self.claims), dtype=np.bool_)
        keep[active] = True
        out: dict[int, float | None] = {}
        for k in self.comps:
            rows = self.comp_rows[k][keep[self.row_claim[self.comp_rows[k]]]]
            result = self.fit(k, rows)
            for r, z in zip(result.rows.tolist(), result.z, strict=True):
                c = int(self.row_claim[r])
                old = out.get(c)
                out[c] = z if old is None or (z is not None and abs(z) > abs(old)) else old
        return out

    def reconciled(self, fits: Sequence[_Fit]) -> dict[int, float]:
        """Return each measured claim's reconciled value in its own unit.

        For an "each" rate, with one row per window: the window that moved furthest.
        """
        out: dict[int, float] = {}
        for f in fits:
            for r, fitted in zip(f.rows.tolist(), f.fitted.tolist(), strict=True):
                c = int(self.row_claim[r])
                value = fitted / float(self.factor[c])
                found = self.readings[c]
                centre = found[0] if found is not None else 0.0
                if c not in out or abs(value - centre) > abs(out[c] - centre):
                    out[c] = value
        return out

    def determined(self, fits: Sequence[_Fit]) -> dict[int, float]:
        """Return the value the fit determines for each unmeasured claim, where it does."""
        out: dict[int, float] = {}
        model = self.model
        for k in self.comps:
            f = fits[k]
            r0, r1 = int(model.comp_row_ptr[k]), int(model.comp_row_ptr[k + 1])
            rows = np.arange(r0, r1)[~self.measured[r0:r1]]
            if rows.shape[0] == 0:
                continue
            for row, r in zip(_dense(model, rows, f.free), rows.tolist(), strict=True):
                inside = f.basis @ (f.basis.T @ row)
                if np.linalg.norm(row - inside) <= 1e-9 * max(float(np.linalg.norm(row)), 1.0):
                    c = int(self.row_claim[r])
                    out[c] = float(row @ f.x) / float(self.factor[c])
        return out

    def monotone(self, fits: Sequence[_Fit]) -> int:
        """Return how many components' reconciled values need a count to decrease."""
        bad = 0
        for k in self.comps:
            f = fits[k]
            if f.rows.shape[0] == 0:
                continue
            lp = self.model.lp(k, k + 1, rows=f.rows)
            target = f.fitted / self.model.row_scale[f.rows]
            n = lp.n_claim_rows
            fixed = attrs.evolve(
                lp,
                row_lo=np.concatenate([target, lp.row_lo[n:]]),
                row_hi=np.concatenate([target, lp.row_hi[n:]]),
            )
            bad += solve(fixed) is not Status.FEASIBLE
        return bad


def _widen_near(value: Range, point: float | None, sd: float = 0.0) -> tuple[Range, float]:
    """Widen a range to hold a reconciled point, unless it misses by rounding only.

    The fit is accurate to about 1e-12 of the figures: a point within 1e-9 of the
    claim's size (or of its standard deviation, for a claim of zeros) outside a
    closed end counts as inside, as the engine's feasibility tolerance would have
    it. An open end is kept only when the point is clear of it.
    """
    if point is None:
        return value, 0.0
    tol = 1e-9 * max(range_size(value), abs(point), sd)
    lo_ok = point > value.lo + (tol if value.lo_open else -tol)
    hi_ok = point < value.hi - (tol if value.hi_open else -tol)
    if lo_ok and hi_ok:
        return value, 0.0
    return widen_to(value, point)


def _sd(reading: tuple[float, float, str, Range] | None) -> float:
    return 0.0 if reading is None else reading[1]


def _suspect(claims: Sequence[Claim], z: dict[int, float | None], flagged: set[int]) -> str | None:
    """Return the flagged claim with the largest ``|z|``, unless several tie for it."""
    scored = [(abs(z[c] or 0.0), c) for c in flagged if z.get(c) is not None]
    if not scored:
        return None
    top = max(s for s, _ in scored)
    best = [c for s, c in scored if s >= top * (1 - 1e-9)]
    return claims[best[0]].id if len(best) == 1 else None


def _notes(
    data: _Measured, reconciled: dict[int, float], determined: dict[int, float]
) -> list[str]:
    """Say how each claim was read: exact figures, and unbounded claims left out."""
    notes = []
    for c, claim in enumerate(data.claims):
        found = data.readings[c]
        if found is not None and found[2] == "rounding" and c in reconciled:
            notes.append(
                f"claim {claim.id!r} states an exact figure; it is read as the rounding "
                f"interval of its digits, {found[3]}"
            )
        elif found is None and c in determined:
            notes.append(
                f"claim {claim.id!r} ({claim.value}) has an unbounded end: it is not a "
                f"measurement; the others put its quantity at {number(determined[c])} "
                f"{claim.value.unit}"
            )
        elif found is None and bool((data.row_claim == c).any()):
            notes.append(
                f"claim {claim.id!r} ({claim.value}) has an unbounded end: it is not a "
                "measurement, and the others do not determine its quantity"
            )
    return notes


def least_squares(claimset: ClaimSet, *, level: float) -> SetReconciliation:
    """Reconcile a claim set by weighted least squares (see ``reconcile``)."""
    ordered, position = canonical(claimset)
    if not ordered.claims:
        return SetReconciliation(
            method="least_squares",
            claimset=claimset,
            reconciled=claimset,
            consistent=True,
            adjustments=(),
            level=level,
            dof=0,
        )
    data = _Measured(ordered)
    claims = data.claims
    everything = sorted(set(data.row_claim[data.measured].tolist()))
    z = data.z_of(everything)
    flagged = serial_elimination(data.z_of, everything, level)
    fits = [data.fit(k, data.comp_rows[k]) for k in data.comps]
    chi2 = math.fsum(f.chi2 for f in fits)
    dof = sum(f.dof for f in fits)
    testable = sum(z.get(c) is not None for c in everything)
    values = data.reconciled(fits)
    determined = data.determined(fits)
    notes = _notes(data, values, determined)
    bad = data.monotone(fits)
    if bad:
        notes.append(
            "the reconciled values need a count to decrease (or go below 0) in "
            f"{bad} independent group(s) of claims: least squares enforces the sums and "
            "time additivity but not monotonicity; method='relax' honours both"
        )
    by_input, adjustments = _rebuild(
        claimset,
        claims,
        position,
        [
            _widen_near(c.value, values.get(i, determined.get(i)), _sd(data.readings[i]))
            for i, c in enumerate(claims)
        ],
    )
    measurements: list[tuple[int, Measurement]] = [
        (
            position[c],
            Measurement(
                claim=claims[c].id,
                source=_source(claims[c]),
                unit=claims[c].value.unit,
                value=found[0],
                sd=found[1],
                reading=found[2],
                reconciled=values[c],
                z=z.get(c),
                flagged=c in flagged,
            ),
        )
        for c, found in enumerate(data.readings)
        if found is not None and c in values
    ]
    return _result(
        "least_squares",
        claimset,
        by_input,
        adjustments,
        measurements=tuple(m for _, m in sorted(measurements, key=lambda t: t[0])),
        level=level,
        chi2=chi2 if dof > 0 else None,
        dof=dof,
        p_value=chi2_sf(chi2, dof) if dof > 0 else None,
        critical=sidak_critical(level, testable) if testable else None,
        suspect=_suspect(claims, z, flagged),
        notes=tuple(notes),
    )
