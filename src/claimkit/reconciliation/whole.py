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
from claimkit.engine.highs import Status, solve
from claimkit.engine.margins import range_size
from claimkit.engine.matrix import LinearModel
from claimkit.engine.model import build
from claimkit.engine.relax import agrees, relaxation
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


def canonical(claimset: ClaimSet) -> tuple[ClaimSet, dict[int, int]]:
    """Return the claim set sorted by id, and where each sorted claim was given."""
    ordered = claimset.canonical
    given = {claim.id: i for i, claim in enumerate(claimset.claims)}
    return ordered, {k: given[claim.id] for k, claim in enumerate(ordered.claims)}


def _source(claim: Claim) -> str | None:
    return None if claim.source is None else claim.source.name


def consistent(claimset: ClaimSet) -> bool:
    """Return whether the claims can all hold at once, as :func:`~claimkit.check` decides it.

    The claims must be sorted by id (see :func:`canonical`).
    """
    return agrees(claimset)


# -- relax ------------------------------------------------------------------------------


def relax(claimset: ClaimSet) -> SetReconciliation:
    """Reconcile a claim set by its minimal weighted relaxation (see ``reconcile``).

    The relaxation is the engine's (:func:`claimkit.engine.relax.relaxation`), the one
    under which a report gives the implied bounds of a conflicting group.
    """
    ordered, position = canonical(claimset)
    claims = ordered.claims
    found = relaxation(ordered)
    adjusted = [
        (r.value, max(lo, hi))
        for r, lo, hi in zip(
            found.claimset.claims, found.lo.tolist(), found.hi.tolist(), strict=True
        )
    ]
    by_input, adjustments = _rebuild(claimset, claims, position, adjusted)
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
    if found.unspread:
        notes.append(
            f"in {found.unspread} group(s) of claims the solver could not spread tied slacks "
            "evenly; the relaxation shown is minimal, and ties went to the solver's first "
            "optimum (for the claims sorted by id)"
        )
    return _result(
        "relax",
        claimset,
        by_input,
        adjustments,
        checked=found.consistent,
        total_slack=found.total,
        notes=tuple(notes),
    )


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
        # A ratio claim is no measurement of a count: the fit leaves it out (see _notes).
        self.readings = [None if c.kind == "ratio" else read_point(c.value) for c in self.claims]
        self.factor = np.array(
            [
                1.0 if c.kind == "ratio" else _row_factor(c, ordered.unit_of(c.measure))
                for c in self.claims
            ]
        )
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
                c = int(self.row_claim[r])
                if self.claims[c].kind == "ratio":
                    continue
                if np.linalg.norm(row - inside) <= 1e-9 * max(float(np.linalg.norm(row)), 1.0):
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
        if claim.kind == "ratio":
            notes.append(
                f"claim {claim.id!r} is a ratio ({claim.value}), no measurement of a count: "
                "least squares fits the counts without it and keeps it as stated; "
                "method='relax' moves it on its own scale"
            )
        elif found is not None and found[2] == "rounding" and c in reconciled:
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
