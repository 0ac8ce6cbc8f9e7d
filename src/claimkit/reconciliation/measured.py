"""The claims as measurements for least squares, and their weighted fits (internal).

:func:`claimkit.reconciliation.whole.least_squares` reads every bounded claim as a
measurement of its row in the engine's linear model (:mod:`claimkit.engine.model`),
and projects the measurements onto the values the relations allow.

A ratio claim "``N / D`` is about ``r``" is a measurement of ``N - r D``, linearised at
the denominator: its residual ``(N - r D) / D0`` is on the ratio's scale, with ``D0``
the denominator of the fit without the ratio claims, then of the last fit, until the
denominators stop moving (see :meth:`Measured.settle`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine.highs import Status, solve
from claimkit.engine.matrix import LP, LinearModel, least_scale
from claimkit.engine.model import build
from claimkit.reconciliation.one import read_point, weight_of
from claimkit.values._format import number
from claimkit.values.range import Range

__all__ = ["RATIO_STEPS", "RATIO_TOLERANCE", "Fit", "Measured"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

#: Least squares weighs a ratio claim by its denominator at the last fit, for at most
#: this many fits, until no denominator moves by more than RATIO_TOLERANCE of itself.
RATIO_STEPS = 100
RATIO_TOLERANCE = 1e-12


def _row_factor(claim: Claim, unit: str) -> float:
    """Return ``k`` such that a claim value ``v`` is a row bound ``v * k`` (engine units)."""
    one = Range.exact(1.0, claim.value.unit)
    if claim.kind == "rate":
        days = claim.window if claim.window is not None else claim.period.days
        one = one * Range.exact(days, "day")
    return one.to(unit).midpoint


def _ratio_factor(claim: Claim) -> float:
    """Return ``k`` such that a ratio claim's value ``v`` says ``N / D = v * k``.

    ``k`` is the value's unit in dimensionless terms (0.01 for percent), times the
    ratio of the periods' lengths for a ratio of average rates (``basis="rate"``).
    """
    assert claim.of is not None
    assert claim.of.period is not None
    days = claim.period.days / claim.of.period.days if claim.basis == "rate" else 1.0
    return Range.exact(1.0, claim.value.unit).to("dimensionless").midpoint * days


@attrs.frozen(eq=False)
class Fit:
    """The least-squares fit of one component on some of its rows (internal)."""

    rows: Ints  # the rows used: the model's, then ratio rows (see Measured)
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


def _fit(a: Floats, rows: Ints, free: Ints, y: Floats, sd: Floats) -> Fit:
    """Project the measurements onto the values the relations allow (weighted).

    ``a`` holds the rows' coefficients over the free variables. With ``A`` the rows
    scaled by each measurement's sd and ``U`` an orthonormal basis of its columns'
    span (from the SVD), the fit is ``U U' y``: the closest point, in the weighted
    norm, at which every relation holds. The residual's squared norm is the
    chi-square statistic, and ``1 - h_i`` (``h_i`` the leverage, ``(U U')_ii``)
    scales each residual to unit variance.
    """
    n = rows.shape[0]
    if n == 0 or free.shape[0] == 0:
        u, s, vt = np.zeros((n, 0)), np.zeros(0), np.zeros((0, free.shape[0]))
    else:
        u, s, vt = np.linalg.svd(a / sd[rows][:, None], False)
    rank = int((s > s.max(initial=0.0) * max(n, free.shape[0]) * np.finfo(float).eps).sum())
    u, s, vt = u[:, :rank], s[:rank], vt[:rank]
    yt = y[rows] / sd[rows]
    coef = u.T @ yt
    resid = yt - u @ coef
    spare = 1.0 - np.einsum("ij,ij->i", u, u)
    z = [float(e / math.sqrt(f)) if f > 1e-9 else None for e, f in zip(resid, spare, strict=True)]
    return Fit(
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


def _at(f: Fit, row: Floats) -> float | None:
    """Return ``row @ x`` at the fit, if the fit determines it (``row`` in its span)."""
    inside = f.basis @ (f.basis.T @ row)
    if np.linalg.norm(row - inside) > 1e-9 * max(float(np.linalg.norm(row)), 1.0):
        return None
    return float(row @ f.x)


def _merged(cols: Ints, coefs: Floats) -> tuple[Ints, Floats]:
    """Return a sum of variables with each variable once (its coefficients added)."""
    keys, where = np.unique(cols, return_inverse=True)
    return keys, np.bincount(where.reshape(-1), coefs, minlength=keys.shape[0]).astype(np.float64)


def _ratio_terms(
    model: LinearModel, claim: int
) -> tuple[int, tuple[Ints, Floats], tuple[Ints, Floats]] | None:
    """Return a ratio claim's component, numerator and denominator, from its rows.

    The claim's row ``D > 0`` holds the denominator's terms, and a row ``N - c D``
    the numerator's, as its terms of coefficient +1 (the denominator's are
    ``-c <= 0``; see :mod:`claimkit.engine.ratio_rows`). Each is returned as a sum of
    the model's variables. None for a claim without a row ``N - c D`` (a range
    ``[0, inf)``, which says nothing).
    """
    rows = model.rows
    assert rows.positive is not None
    assert rows.term_coef is not None
    coef = rows.term_coef
    mine = np.flatnonzero(rows.claim == claim)
    num_rows = mine[~rows.positive[mine]]
    if num_rows.shape[0] == 0:
        return None
    start, end = rows.term_dates()

    def total(row: int, numerator: bool) -> tuple[Ints, Floats]:
        j = np.arange(rows.series_ptr[row], rows.series_ptr[row + 1])
        if numerator:
            j = j[coef[j] > 0.0]
        series = rows.series_idx[j]
        ones = np.ones(j.shape[0])
        return _merged(
            np.concatenate([model.var_index(series, end[j]), model.var_index(series, start[j])]),
            np.concatenate([ones, -ones]),
        )

    den_row = int(mine[rows.positive[mine]][0])
    return int(model.row_comp[num_rows[0]]), total(int(num_rows[0]), True), total(den_row, False)


def _point(reading: tuple[float, float, str, Range] | None) -> float | None:
    return None if reading is None else reading[0]


@attrs.frozen(eq=False)
class _Ratio:
    """A ratio claim's numerator ``N`` and denominator ``D`` in the model (internal).

    Each is a sum of the model's variables (indices and coefficients); a ratio ``v``
    in the claim's unit says ``N / D = v * factor``. ``point`` is the claim's reading
    (None for an unbounded range, which is no measurement).
    """

    claim: int
    comp: int
    num: tuple[Ints, Floats]
    den: tuple[Ints, Floats]
    factor: float
    point: float | None

    def row(self) -> tuple[Ints, Floats]:
        """Return ``N - point * factor * D``, the row the claim measures as 0."""
        assert self.point is not None
        ratio = self.point * self.factor
        return _merged(
            np.concatenate([self.num[0], self.den[0]]),
            np.concatenate([self.num[1], -ratio * self.den[1]]),
        )


class Measured:
    """The claims as measurements of the model's rows, and fits on subsets of them.

    Rows ``0 .. model.n_rows - 1`` are the model's (a count claim's rows measure its
    figure; a ratio claim's are never measured); each ratio claim with a bounded
    range adds one row after them, ``N - r D``, measured as 0 (see :meth:`settle`).
    """

    def __init__(self, ordered: ClaimSet) -> None:
        self.claims = claims = ordered.claims
        self.readings = [read_point(c.value) for c in claims]
        self.factor = np.array(
            [
                _ratio_factor(c)
                if c.kind == "ratio"
                else _row_factor(c, ordered.unit_of(c.measure))
                for c in claims
            ]
        )
        self.model = model = build(ordered)
        n = model.n_rows
        self.ratios = [
            _Ratio(
                claim=c,
                comp=comp,
                num=num,
                den=den,
                factor=float(self.factor[c]),
                point=_point(self.readings[c]),
            )
            for c, claim in enumerate(claims)
            if claim.kind == "ratio" and (found := _ratio_terms(model, c)) is not None
            for comp, num, den in [found]
        ]
        #: The ratio claims measured by a row of their own (row ``n + j`` is the j-th).
        self.extra = [r for r in self.ratios if r.point is not None]
        self.row_claim = np.concatenate(
            [model.rows.claim, np.array([r.claim for r in self.extra], dtype=np.int64)]
        )
        self.y = np.zeros(n + len(self.extra))
        self.sd = np.ones(n + len(self.extra))
        self.measured = np.zeros(n + len(self.extra), dtype=np.bool_)
        for r, c in enumerate(model.rows.claim.tolist()):
            found = self.readings[c]
            if found is not None and claims[c].kind != "ratio":
                self.y[r] = found[0] * self.factor[c]
                self.sd[r] = found[1] * self.factor[c] / math.sqrt(weight_of(claims[c]))
                self.measured[r] = True
        self.measured[n:] = True
        self.comps = range(model.n_components)
        self.free = [_free_vars(model, k) for k in self.comps]
        # each variable's place among its component's free variables (-1: fixed at 0)
        self._where = np.full(model.n_vars, -1, dtype=np.int64)
        for free in self.free:
            self._where[free] = np.arange(free.shape[0])
        self._cache: dict[tuple[int, tuple[int, ...]], Fit] = {}
        self.comp_rows: list[Ints] = []
        self._group_rows()

    def _group_rows(self) -> None:
        """Group the measured rows by component: the model's, then the ratio rows."""
        ptr = self.model.comp_row_ptr
        n = self.model.n_rows
        comp = np.array([r.comp for r in self.extra], dtype=np.int64)
        self.comp_rows = [
            np.concatenate(
                [
                    int(ptr[k]) + np.flatnonzero(self.measured[int(ptr[k]) : int(ptr[k + 1])]),
                    n + np.flatnonzero((comp == k) & self.measured[n:]),
                ]
            )
            for k in self.comps
        ]
        self._cache.clear()

    def _vector(self, free: Ints, terms: tuple[Ints, Floats]) -> Floats:
        """Return a sum of the model's variables as coefficients over ``free``.

        ``free`` is the free variables of the component that holds the variables.
        """
        out = np.zeros(free.shape[0])
        col = self._where[terms[0]]
        keep = col >= 0  # a series' first date is fixed at 0
        np.add.at(out, col[keep], terms[1][keep])
        return out

    def fit(self, k: int, rows: Ints) -> Fit:
        """Return the fit of component ``k`` on the given rows (cached)."""
        key = (k, tuple(rows.tolist()))
        if key not in self._cache:
            n, free = self.model.n_rows, self.free[k]
            a = np.zeros((rows.shape[0], free.shape[0]))
            own = rows < n
            a[own] = _dense(self.model, rows[own], free)
            for i in np.flatnonzero(~own).tolist():
                a[i] = self._vector(free, self.extra[int(rows[i]) - n].row())
            self._cache[key] = _fit(a, rows, free, self.y, self.sd)
        return self._cache[key]

    def _least(self, ratio: _Ratio) -> float:
        """Return the smallest count the model tells from 0 in a ratio's component."""
        return float(least_scale(self.model.comp_scale[ratio.comp : ratio.comp + 1])[0])

    def denominator(self, fits: Sequence[Fit] | Mapping[int, Fit], ratio: _Ratio) -> float | None:
        """Return a ratio claim's denominator at the fits (by component), if they determine it."""
        f = fits[ratio.comp]
        return _at(f, self._vector(f.free, ratio.den))

    def ratio_at(self, fits: Sequence[Fit], ratio: _Ratio) -> float | None:
        """Return ``N / D`` at the fits in the claim's unit, if they determine it (D > 0)."""
        f = fits[ratio.comp]
        num = _at(f, self._vector(f.free, ratio.num))
        den = _at(f, self._vector(f.free, ratio.den))
        if num is None or den is None or den <= self._least(ratio):
            return None
        return num / den / ratio.factor

    def settle(self) -> list[str]:
        """Weigh each ratio claim's row by its denominator, to a fixed point.

        The row ``N - r D`` of a ratio claim read as ``r`` with standard deviation
        ``s`` (its own unit times ``factor``) gets the standard deviation ``s D0``,
        so that its residual ``(N - r D) / D0`` is on the ratio's scale: ``D0`` is
        first the denominator of the fit without the ratio rows (the component's
        scale where that fit leaves it open), then that of the last fit, until no
        denominator moves by more than :data:`RATIO_TOLERANCE` of itself (at most
        :data:`RATIO_STEPS` fits; a note says when they do not settle). At the fixed
        point the residual is ``r - N / D`` exactly. A ratio claim whose denominator
        a fit puts at or below the smallest count the model tells from 0 (a
        millionth of the largest claim tied to it), or leaves undetermined, is no
        measurement: its row leaves the fit, and the returned note says so.
        """
        if not self.extra:
            return []
        n = self.model.n_rows
        comps = sorted({r.comp for r in self.extra})
        self.measured[n:] = False
        self._group_rows()
        first = {k: self.fit(k, self.comp_rows[k]) for k in comps}
        self.measured[n:] = True
        self._group_rows()
        found = [self.denominator(first, r) for r in self.extra]
        start = [
            float(self.model.comp_scale[r.comp]) if d is None else d
            for r, d in zip(self.extra, found, strict=True)
        ]
        notes: list[str] = []
        moved = math.inf
        for _ in range(RATIO_STEPS):
            notes += self._drop(start)
            live = np.flatnonzero(self.measured[n:]).tolist()
            if not live:
                return notes
            self._weigh(start, comps)
            fits = {k: self.fit(k, self.comp_rows[k]) for k in comps}
            found = [self.denominator(fits, r) for r in self.extra]
            moved = max(abs(d - start[j]) / abs(d) if (d := found[j]) else math.inf for j in live)
            if moved <= RATIO_TOLERANCE:
                return notes
            start = [math.nan if d is None else d for d in found]
        notes.append(
            f"the ratio claims' denominators still moved by up to {moved:.1e} of themselves "
            f"after {RATIO_STEPS} fits: the fit shown weighs each ratio claim by its "
            "denominator in the fit before it"
        )
        notes += self._drop(start)
        self._weigh(start, comps)
        return notes

    def _drop(self, denominators: Sequence[float]) -> list[str]:
        """Take out the ratio rows whose denominator is not above 0 (NaN: undetermined)."""
        n = self.model.n_rows
        notes = []
        for j, r in enumerate(self.extra):
            d = denominators[j]
            if not self.measured[n + j] or d > self._least(r):
                continue
            self.measured[n + j] = False
            claim = self.claims[r.claim]
            family = self.model.series_family[self.model.var_series[r.den[0][0]]]
            unit = self.model.units.get(family)  # none when no claim counts the family
            where = (
                "leaves undetermined"
                if math.isnan(d)
                else f"puts at {number(d)}{'' if unit is None else ' ' + unit}, not above 0"
            )
            notes.append(
                f"claim {claim.id!r} is a ratio to {claim.of}, whose denominator the fit "
                f"{where}: least squares cannot read it as a measurement and keeps it as "
                "stated; method='relax' and method='drop' take it"
            )
        if notes:
            self._group_rows()
        return notes

    def _weigh(self, denominators: Sequence[float], comps: Sequence[int]) -> None:
        """Give each ratio row the standard deviation of its claim times its denominator."""
        n = self.model.n_rows
        for j, r in enumerate(self.extra):
            if self.measured[n + j]:
                found = self.readings[r.claim]
                assert found is not None
                spread = found[1] * r.factor / math.sqrt(weight_of(self.claims[r.claim]))
                self.sd[n + j] = spread * denominators[j]
        self._cache = {key: f for key, f in self._cache.items() if key[0] not in comps}

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

    def reconciled(self, fits: Sequence[Fit]) -> dict[int, float]:
        """Return each measured claim's reconciled value in its own unit.

        For an "each" rate, with one row per window: the window that moved furthest.
        For a ratio claim: ``N / D`` at the fit.
        """
        n = self.model.n_rows
        out: dict[int, float] = {}
        for f in fits:
            for r, fitted in zip(f.rows.tolist(), f.fitted.tolist(), strict=True):
                c = int(self.row_claim[r])
                value = (
                    fitted / float(self.factor[c])
                    if r < n
                    else self.ratio_at(fits, self.extra[r - n])
                )
                if value is None:
                    continue
                found = self.readings[c]
                centre = found[0] if found is not None else 0.0
                if c not in out or abs(value - centre) > abs(out[c] - centre):
                    out[c] = value
        return out

    def determined(self, fits: Sequence[Fit]) -> dict[int, float]:
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
                c = int(self.row_claim[r])
                if self.claims[c].kind == "ratio":
                    continue
                value = _at(f, row)
                if value is not None:
                    out[c] = value / float(self.factor[c])
        measured = set(self.row_claim[self.measured].tolist())
        for ratio in self.ratios:
            if ratio.claim not in measured and self.readings[ratio.claim] is None:
                value = self.ratio_at(fits, ratio)
                if value is not None:
                    out[ratio.claim] = value
        return out

    def monotone(self, fits: Sequence[Fit]) -> int:
        """Return how many components' reconciled values need a count to decrease."""
        bad = 0
        n = self.model.n_rows
        for k in self.comps:
            f = fits[k]
            if f.rows.shape[0] == 0:
                continue
            own = f.rows < n
            lp = self.model.lp(k, k + 1, rows=f.rows[own])
            v0, top = int(self.model.comp_var_ptr[k]), float(self.model.comp_scale[k])
            extra = [self.extra[r - n].row() for r in f.rows[~own].tolist()]
            lp = _with_rows(lp, [(c - v0, v) for c, v in extra], self.row_claim[f.rows[~own]])
            target = np.concatenate(
                [f.fitted[own] / self.model.row_scale[f.rows[own]], f.fitted[~own] / top]
            )
            m = lp.n_claim_rows
            fixed = attrs.evolve(
                lp,
                row_lo=np.concatenate([target, lp.row_lo[m:]]),
                row_hi=np.concatenate([target, lp.row_hi[m:]]),
            )
            bad += solve(fixed) is not Status.FEASIBLE
        return bad


def _with_rows(lp: LP, rows: Sequence[tuple[Ints, Floats]], claims: Ints) -> LP:
    """Return ``lp`` with more claim rows (local columns, values) after its own, unbounded.

    A ratio row's variables are all its component's, whose columns the LP divides by
    the component's scale: divided by that scale too, its values are as given.
    """
    if not rows:
        return lp
    n = lp.n_claim_rows
    cut = int(lp.start[n])
    sizes = np.array([c.shape[0] for c, _ in rows], dtype=np.int32)
    added = int(sizes.sum())
    return attrs.evolve(
        lp,
        start=np.concatenate(
            [lp.start[: n + 1], cut + np.cumsum(sizes, dtype=np.int32), lp.start[n + 1 :] + added]
        ).astype(np.int32),
        index=np.concatenate(
            [lp.index[:cut], *(c.astype(np.int32) for c, _ in rows), lp.index[cut:]]
        ),
        value=np.concatenate([lp.value[:cut], *(v for _, v in rows), lp.value[cut:]]),
        row_lo=np.concatenate([lp.row_lo[:n], np.full(len(rows), -np.inf), lp.row_lo[n:]]),
        row_hi=np.concatenate([lp.row_hi[:n], np.full(len(rows), np.inf), lp.row_hi[n:]]),
        row_claim=np.concatenate([lp.row_claim, claims]),
        n_claim_rows=n + len(rows),
        row_index=np.concatenate([lp.row_index, np.full(len(rows), -1, dtype=np.int64)]),
    )
