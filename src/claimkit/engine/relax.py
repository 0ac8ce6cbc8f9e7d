"""The least relaxation of a claim set: how far each claim must stretch to agree.

``reconcile(method="relax")`` returns it as adjusted claims, and a report gives the
implied bounds of a conflicting group under it (see :class:`.QuantityBounds`): both
come from :func:`relaxation`, so they are the same relaxation, tie-break included.

Each finite end of each claim gets a slack ``s``, relative to the end's size (the
rule of :mod:`claimkit.engine.margins`); the LP

    minimise sum_c w_c (s_lo(c) + s_hi(c))  subject to every claim (so relaxed),
                                              the relations and monotone rows

is solved per block of components, ``w_c`` the weight of the claim's source. Strict
ends are cleared by twice the tolerance with which :func:`.check` decides them. Tied
optima are broken by a second stage, a QP that keeps the total at the optimum and
minimises the sum of the squared weighted slacks (unique), so which claims move
depends neither on the solver nor on the order of the claims (they are sorted by id
in any case). The relaxed set is then checked as :func:`.check` decides it, and every
needed slack widened by a margin until it passes (see :func:`relaxation`).

>>> import claimkit as ck
>>> from claimkit.engine.relax import relaxation
>>> nov = ck.Period.month(2024, 11)
>>> a = ck.Claim(id="a", measure="killed", subject="x", period=nov, kind="total",
...              value=ck.Range(100, 200, "person"))
>>> b = a.replace(id="b", value=ck.Range(300, 400, "person"))
>>> r = relaxation(ck.ClaimSet([a, b]))
>>> r.consistent, [str(c.value) for c in r.claimset]
(True, ['[100, 200] person', '[200, 400] person'])

Moving b's 300 down to 200 costs a third of it; moving a's 200 up to 300, half.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine import findings as _findings
from claimkit.engine import ratios as _ratios
from claimkit.engine.components import STRICT_TOLERANCE, feasible_components
from claimkit.engine.highs import listed, load
from claimkit.engine.margins import end_scales, shift_strict, size, stretched
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import build, build_with_info
from claimkit.errors import NumericalError

__all__ = ["Relaxation", "agrees", "relaxation"]

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


def _run(h: Any) -> Floats | None:
    """Run HiGHS; return the column values, or None if it found no optimum."""
    from highspy import HighsModelStatus

    h.run()
    if h.getModelStatus() != HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().col_value, dtype=np.float64)


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
    lo = np.array([c.value.lo for c in claims], dtype=np.float64)
    hi = np.array([c.value.hi for c in claims], dtype=np.float64)
    whole = size(lo, hi)
    lo_scale, hi_scale = end_scales(lo, hi)
    movable = whole > 0
    per = np.where(movable, whole, 1.0)
    coef_lo = np.where(movable, lo_scale / per, 0.0)
    coef_hi = np.where(movable, hi_scale / per, 0.0)
    # The weight of a claim's source (1 for a claim without one), as reconciliation reads it.
    weight = [1.0 if c.source is None else c.source.weight for c in claims]
    return _Ends(coef_lo, coef_hi, np.array(weight))


def _csr(n_rows: int, rows: Ints, cols: Ints, vals: Floats) -> tuple[Any, Any, Floats]:
    """Sort (row, column, value) triplets by row, stably, into row-wise arrays."""
    order = np.argsort(rows, kind="stable")
    start = np.zeros(n_rows + 1, dtype=np.int64)
    np.add.at(start, rows + 1, 1)
    np.cumsum(start, out=start)
    return start[:-1].astype(np.int32), cols[order].astype(np.int32), vals[order]


def _elastic(lp: LP, ends: _Ends, k_row: Floats | None = None) -> tuple[LP, Floats, Ints, Floats]:
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
    column (1 for an end that cannot move). ``k_row`` gives ``k`` of the rows where it
    is not NaN: a ratio claim's (see :func:`claimkit.engine.ratios.relax_block`).
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
        if k_row is not None:
            k = np.where(np.isnan(k_row[picked]), k, k_row[picked])
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


def _relax_block(
    lp: LP, ends: _Ends, k_row: Floats | None = None
) -> tuple[Ints, Floats, Floats, bool, Floats]:
    """Return (claims, lower slacks, upper slacks, tie broken) of one block of the model.

    Stage 1 minimises ``sum w_c (s_lo(c) + s_hi(c))``. If that is not 0, stage 2
    keeps every slack that no minimal relaxation uses at 0, keeps the total within
    :data:`TIE_TOLERANCE` of the optimum, and minimises ``sum (w_c s)^2``: a
    strictly convex function of the slacks, so the slacks are unique. Among the
    minimal relaxations it picks the one that spreads the slack most evenly, as the
    weights allow. Should the second stage fail, the first stage's solution stands
    (the last item is then False): a minimal relaxation, still independent of the
    order the claims were given in, since the model is built from them sorted by id.
    The last item is the point found, in the block's scaled columns.
    """
    elastic, cost, claims, u = _elastic(lp, ends, k_row)
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
            solution = second
    slack = np.where(slack > SLACK_FLOOR, slack, 0.0)
    return claims, slack[: n_s // 2], slack[n_s // 2 :], broken, solution[:n_x]


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


def agrees(claimset: ClaimSet, model: LinearModel | None = None) -> bool:
    """Return whether the claims can all hold at once, as :func:`.check` decides it.

    Feasibility of the model is not enough: a check's local findings decide strict
    ends that barely clear each other with the engine's strict tolerance, and a
    relaxed set must pass the same test a user will run on it. This is the test of
    :attr:`.Report.consistent`, without the findings, bounds and conflict sets.

    Parameters
    ----------
    claimset : ClaimSet
        The claims, sorted by id (as :attr:`.ClaimSet.canonical` has them).
    model : claimkit.engine.matrix.LinearModel, optional
        The set's model, when it is built already.

    Examples
    --------
    Two claims that meet only where one of them excludes the value do not agree:

    >>> import claimkit as ck
    >>> from claimkit.engine.relax import agrees
    >>> jan = ck.Claim(id="jan", measure="cases", subject="north", kind="total",
    ...                period=ck.Period.month(2025, 1), value=ck.Range(100, 200, "person"))
    >>> over = jan.replace(id="over", value=ck.Range.more_than(200, "person"))
    >>> agrees(ck.ClaimSet([jan, over])), agrees(ck.ClaimSet([jan]))
    (False, True)
    """
    if not claimset.claims:
        return True
    if model is None:
        model, info, _ = build_with_info(claimset)
    else:
        info = None
    if not feasible_components(model).all():
        return False
    if info is None:
        info = build_with_info(claimset)[1]
    margins = _findings.evaluate(_findings.generate(claimset, info), info)
    return bool(margins.strict_ok.all())


@attrs.frozen(eq=False)
class Relaxation:
    """The least relaxation of a claim set (see :func:`relaxation`).

    Attributes
    ----------
    claimset : ClaimSet
        The relaxed claims, sorted by id, with the given relations: each claim with
        its value stretched by its slacks (the same claim when it did not move).
    lo, hi : numpy.ndarray
        Each claim's slack of its lower and its upper end, relative to the end's
        scale (the rule of :mod:`claimkit.engine.margins`), 0 where it did not move.
    weight : numpy.ndarray
        Each claim's source weight, the price of its slack.
    consistent : bool
        Whether the relaxed claims agree, as :func:`.check` decides it.
    unspread : int
        In how many blocks of components the second stage (the even spread of tied
        slacks) stopped early, so that the first stage's minimal slacks stand.
    """

    claimset: ClaimSet
    lo: Floats
    hi: Floats
    weight: Floats
    consistent: bool
    unspread: int

    @property
    def total(self) -> float:
        """The total weighted slack, ``sum w (lo + hi)``."""
        return math.fsum((self.weight * (self.lo + self.hi)).tolist())


def relaxation(claimset: ClaimSet, model: LinearModel | None = None) -> Relaxation:
    """Return the least weighted relaxation of the claims that makes them agree.

    A set that agrees (:func:`agrees`) comes back as it is, with zero slack, before
    any LP. Otherwise every block of components is relaxed (see the module's
    docstring); slacks below ``SLACK_FLOOR`` (1e-9) are read as 0, and the relaxed set
    is checked. HiGHS meets each row to 1e-9 of its scale, and the monotone rows to
    1e-9 of the component's, so a claim much smaller than its component may be
    missed by more than its own tolerance: if the check fails, every needed slack is
    widened by ``SLACK_MARGIN`` (4e-9) times the ratio of the component's scale to the
    claim's, then ten and a hundred times that, until it passes.

    Parameters
    ----------
    claimset : ClaimSet
        The claims, sorted by id (as :attr:`.ClaimSet.canonical` has them), so that
        the relaxation does not depend on the order they were given in.
    model : claimkit.engine.matrix.LinearModel, optional
        The set's model, when it is built already.

    Returns
    -------
    Relaxation

    Raises
    ------
    NumericalError
        If HiGHS finds no optimum of a block's relaxation (an end that would have to
        move is too close to 0 beside its claim's size to move relative to itself).

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.engine.relax import relaxation
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="killed", subject="x", period=nov, kind="total",
    ...              value=ck.Range.exact(700, "person"))
    >>> r = relaxation(ck.ClaimSet([a, a.replace(id="b", value=ck.Range.exact(750, "person"))]))
    >>> r.lo.round(4).tolist(), r.hi.tolist(), round(r.total, 4)
    ([0.0, 0.0667], [0.0, 0.0], 0.0667)
    >>> print(r.claimset["b"].value)
    [700, 750] person
    """
    claims = claimset.claims
    ends = _ends(claims)
    s_lo = np.zeros(len(claims))
    s_hi = np.zeros(len(claims))
    unspread = 0
    if agrees(claimset, model):
        return Relaxation(claimset, s_lo, s_hi, ends.weight, True, 0)
    model = build(claimset) if model is None else model
    clearance = _clearances(model)
    for first, stop in model.blocks():
        lp = _strict(model, first, stop, clearance)
        if lp.n_claim_rows:
            solve = functools.partial(_relax_block, lp, ends)
            which, s_lo[which], s_hi[which], spread = _ratios.relax_block(
                claimset, model, lp, solve
            )
            unspread += not spread
    margin = _margins(model, len(claims))
    for factor in (0.0, 1.0, 10.0, 100.0):
        lo = np.where(s_lo > 0, s_lo + factor * margin, 0.0)
        hi = np.where(s_hi > 0, s_hi + factor * margin, 0.0)
        pairs = zip(claims, lo.tolist(), hi.tolist(), strict=True)
        values = [stretched(c.value, a, b) for c, a, b in pairs]
        relaxed = ClaimSet(
            [
                c if v == c.value else c.replace(value=v)
                for c, v in zip(claims, values, strict=True)
            ],
            relations=claimset.relations,
        )
        ok = agrees(relaxed)
        if ok:
            break
    return Relaxation(relaxed, lo, hi, ends.weight, ok, unspread)
