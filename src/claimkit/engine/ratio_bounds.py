"""The exact range the claims allow for the ratio of two quantities (internal).

The largest and smallest ``N / D`` over the claims' counts, with ``D > 0``, is a
linear-fractional program. The Charnes-Cooper transformation turns it into one LP:
with ``t = 1 / D`` and ``y = t x`` (``x`` the model's cumulative counts), every
claim row ``lo <= a x <= hi`` becomes ``lo t <= a y <= hi t``, the rows that are 0
on their own side (counts that do not decrease, a ratio claim's rows) stay as they
are, and

    maximise (or minimise) ``N(y)``  subject to  ``D(y) = 1``, ``t >= 0``,

whose optimum is the ratio's supremum (infimum). It is exact: every feasible point
of the claims with ``D > 0`` is a point ``(y, t) = (x / D, 1 / D)`` of the LP with
the same objective, and every point of the LP with ``t > 0`` is one of the claims';
a point with ``t = 0`` is a limit of points of the claims along which ``D`` grows
without bound, so the LP's optimum is the claims' supremum, reached or not. An end
is open when the LP with strict ends moved inward (as
:func:`~claimkit.engine.checking.check` decides them) cannot reach it, as for
:meth:`.Report.implied`.

When ``N`` and ``D`` lie in independent groups (no claim ties them), any value of
one goes with any value of the other: the ratio's range is ``[min N / max D,
max N / min D]``, from each quantity's own bounds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claimset import ClaimSet
from claimkit.claims.quantity import Quantity
from claimkit.engine.components import (
    STRICT_TOLERANCE,
    clean,
    component_ok,
    one_sided,
)
from claimkit.engine.exact_bounds import bounds_with_ends
from claimkit.engine.highs import Status, load, optimize
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import Query, build_with_info
from claimkit.errors import InvalidArgumentError, NumericalError
from claimkit.values._rounding import fraction_down, fraction_up
from claimkit.values.period import Period
from claimkit.values.range import Range

if TYPE_CHECKING:
    from claimkit.engine.report import Report

__all__ = ["implied_ratio", "quantity_args", "ratio_bounds", "report_implied_ratio"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

#: A quantity of the model: its series (model order) and span, as day ordinals.
Span = tuple[Sequence[int], int, int]


def _terms(model: LinearModel, quantity: Span) -> tuple[Ints, Floats]:
    series, start, end = quantity
    cols, coefs = model.total_terms(series, start, end)
    return cols, coefs


def _homogeneous(lp: LP) -> tuple[LP, int]:
    """Return the Charnes-Cooper form of ``lp``, with ``t`` as its last column.

    Each claim row becomes one row per finite end, ``a y - lo t >= 0`` or ``a y -
    hi t <= 0``; the monotone rows and the columns' bounds are homogeneous already.
    """
    split, is_lower, _ = one_sided(lp)
    n = split.n_claim_rows
    bound = np.where(is_lower, split.row_lo[:n], split.row_hi[:n])
    starts = split.start.astype(np.int64)
    counts = np.diff(starts)
    # Each claim row gets one more entry, t's coefficient -bound, at its end: an old
    # entry of row r moves by the number of claim rows before r.
    extra = (np.arange(split.n_row) < n).astype(np.int64)
    new_start = np.zeros(split.n_row + 1, dtype=np.int64)
    np.cumsum(counts + extra, out=new_start[1:])
    entry_row = np.repeat(np.arange(split.n_row, dtype=np.int64), counts)
    moved = np.arange(starts[-1], dtype=np.int64) + np.minimum(entry_row, n)
    size = int(new_start[-1])
    index = np.empty(size, dtype=np.int32)
    value = np.empty(size, dtype=np.float64)
    index[moved] = split.index
    value[moved] = split.value
    last = new_start[1 : n + 1] - 1
    index[last] = split.n_col
    value[last] = -bound
    row_lo = np.concatenate([np.where(is_lower, 0.0, -np.inf), split.row_lo[n:]])
    row_hi = np.concatenate([np.where(is_lower, np.inf, 0.0), split.row_hi[n:]])
    out = LP(
        n_col=split.n_col + 1,
        start=new_start.astype(np.int32),
        index=index,
        value=value,
        row_lo=row_lo,
        row_hi=row_hi,
        col_lo=np.concatenate([split.col_lo, [0.0]]),
        col_hi=np.concatenate([split.col_hi, [np.inf]]),
        row_claim=split.row_claim,
        n_claim_rows=n,
        col_scale=np.concatenate([split.col_scale, [1.0]]),
        claim_ids=split.claim_ids,
    )
    return out, split.n_col


def _fractional(
    model: LinearModel, comps: tuple[int, int], num: Span, den: Span, *, strict: bool
) -> tuple[object, LP, Ints, Floats, Ints, Floats]:
    """Load the Charnes-Cooper LP of the components ``comps`` (a range), ``D(y) = 1``.

    Returns the loaded instance, its LP, and the numerator's and denominator's
    columns and coefficients in it (counts over the block's largest scale).
    """
    first, stop = comps
    base = model.lp(first, stop, strict_shift=STRICT_TOLERANCE if strict else 0.0)
    lp, _ = _homogeneous(base)
    v0 = int(model.comp_var_ptr[first])
    top = float(base.col_scale.max()) if base.n_col else 1.0

    def local(quantity: Span) -> tuple[Ints, Floats]:
        cols, coefs = _terms(model, quantity)
        return cols - v0, coefs * base.col_scale[cols - v0] / top

    n_cols, n_coefs = local(num)
    d_cols, d_coefs = local(den)
    h = load(lp)
    h.addRow(1.0, 1.0, int(d_cols.shape[0]), d_cols.astype(np.int32), d_coefs.astype(np.float64))
    return h, lp, n_cols, n_coefs, d_cols, d_coefs


def _reached(
    model: LinearModel, comps: tuple[int, int], num: Span, den: Span, value: float, *, side: int
) -> bool:
    """Return whether the strict LP reaches the ratio ``value`` (``side`` 1: from below)."""
    h, lp, n_cols, n_coefs, _, _ = _fractional(model, comps, num, den, strict=True)
    size = abs(value) if value != 0.0 else 1.0
    row = (value / size, np.inf) if side > 0 else (-np.inf, value / size)
    h.addRow(  # type: ignore[attr-defined]
        *row, int(n_cols.shape[0]), n_cols.astype(np.int32), (n_coefs / size).astype(np.float64)
    )
    try:
        status, _ = optimize(h, np.zeros(0, dtype=np.int64), np.zeros(0), maximize=False, lp=lp)
    except NumericalError:
        return True
    return status is not Status.INFEASIBLE


def _together(
    model: LinearModel, comps: tuple[int, int], num: Span, den: Span
) -> tuple[float, float, bool, bool]:
    """Return the ratio's infimum and supremum, and which is not reached (one block)."""
    h, lp, n_cols, n_coefs, _, _ = _fractional(model, comps, num, den, strict=False)
    s_lo, v_lo = optimize(h, n_cols, n_coefs, maximize=False, lp=lp)
    s_hi, v_hi = optimize(h, n_cols, n_coefs, maximize=True, lp=lp)
    if Status.INFEASIBLE in (s_lo, s_hi):
        # D(y) = 1 has no point: the claims leave D no value above 0.
        return math.nan, math.nan, False, False
    lo, hi = clean(max(v_lo, 0.0)), clean(v_hi)
    strict = _has_strict(model, comps)
    lo_open = strict and math.isfinite(lo) and not _reached(model, comps, num, den, lo, side=-1)
    hi_open = strict and math.isfinite(hi) and not _reached(model, comps, num, den, hi, side=1)
    return lo, hi, lo_open, hi_open


def _has_strict(model: LinearModel, comps: tuple[int, int]) -> bool:
    r0, r1 = int(model.comp_row_ptr[comps[0]]), int(model.comp_row_ptr[comps[1]])
    return bool((model.rows.lo_open[r0:r1] | model.rows.hi_open[r0:r1]).any())


def _apart(model: LinearModel, num: Span, den: Span) -> tuple[float, float, bool, bool]:
    """Return the ratio's range when no claim ties the numerator to the denominator.

    ``N`` in ``[n_lo, n_hi]`` and ``D`` in ``[d_lo, d_hi]`` independently, ``D > 0``:
    the ratio runs from ``n_lo / d_hi`` to ``n_hi / d_lo``, each end reached where
    both of its figures are (a ratio of 0 wherever ``N`` is 0).
    """
    lo, hi, lo_open, hi_open = bounds_with_ends(model, [num, den])
    n_lo, d_lo = max(float(lo[0]), 0.0), max(float(lo[1]), 0.0)
    n_hi, d_hi = float(hi[0]), float(hi[1])
    if math.isnan(n_lo) or math.isnan(d_lo) or d_hi <= 0.0:
        return math.nan, math.nan, False, False
    n_lo_open, n_hi_open = bool(lo_open[0]), bool(hi_open[0])
    d_lo_open, d_hi_open = bool(lo_open[1]), bool(hi_open[1])
    if n_lo == 0.0:
        low, low_open = 0.0, n_lo_open
    elif math.isinf(d_hi):
        low, low_open = 0.0, True
    else:
        low, low_open = clean(n_lo / d_hi), n_lo_open or d_hi_open
    if n_hi == 0.0:
        high, high_open = 0.0, False
    elif d_lo == 0.0 or math.isinf(n_hi):
        high, high_open = math.inf, False
    else:
        high, high_open = clean(n_hi / d_lo), n_hi_open or d_lo_open
    return low, high, low_open, high_open


def ratio_bounds(model: LinearModel, num: Span, den: Span) -> tuple[float, float, bool, bool]:
    """Return the infimum and supremum of ``N / D`` over the claims, and their openness.

    ``num`` and ``den`` are ``(series, start, end)`` with their variables in the
    model. NaN when the claims that bear on them conflict, or leave ``D`` no value
    above 0.
    """
    comps_n = set(model.series_comp[np.asarray(num[0], dtype=np.int64)].tolist())
    comps_d = set(model.series_comp[np.asarray(den[0], dtype=np.int64)].tolist())
    for comp in sorted(comps_n | comps_d):
        if not component_ok(model, comp):
            return math.nan, math.nan, False, False
    if not comps_n & comps_d:
        return _apart(model, num, den)
    every = comps_n | comps_d
    return _together(model, (min(every), max(every) + 1), num, den)


def _quantity(value: object, what: str, filled: Quantity | None = None) -> Quantity:
    """Return ``value`` as a complete quantity (a denominator filled from ``filled``)."""
    if isinstance(value, str) and filled is not None:
        value = Quantity(value)
    if not isinstance(value, Quantity):
        msg = (
            f"implied_ratio(): the {what} must be a Quantity (like Quantity('killed', "
            f"'russia', period)), got {type(value).__name__} {value!r}"
        )
        raise InvalidArgumentError(msg)
    if filled is not None:
        assert filled.subject is not None
        assert filled.period is not None
        value = value.filled(filled.subject, filled.period)
    if not value.is_complete:
        msg = (
            f"implied_ratio(): the {what} {value} needs a subject and a period, as in "
            "Quantity('killed', 'russia', Period(...)); the denominator's default to it"
        )
        raise InvalidArgumentError(msg)
    return value


def implied_ratio(
    claimset: ClaimSet, numerator: Quantity, denominator: Quantity | str, *, basis: str = "total"
) -> Range:
    """Return the exact range the claims allow for ``numerator / denominator``.

    See :meth:`.Report.implied_ratio`, which calls it.
    """
    num = _quantity(numerator, "numerator")
    den = _quantity(denominator, "denominator", filled=num)
    if basis not in ("total", "rate"):
        msg = f"implied_ratio(): basis must be 'total' or 'rate', got {basis!r}"
        raise InvalidArgumentError(msg)
    queries = []
    for q in (num, den):
        assert q.subject is not None
        assert q.period is not None
        queries.append(Query(q.measure, q.subject, q.period.start, q.period.end))
    model, _, series = build_with_info(claimset, queries=queries)
    spans = [
        (s, q.start.toordinal(), q.end.toordinal()) for s, q in zip(series, queries, strict=True)
    ]
    lo, hi, lo_open, hi_open = ratio_bounds(model, spans[0], spans[1])
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        return Range.empty("dimensionless")
    if basis == "rate":
        # (N / |PN|) / (D / |PD|) = (N / D) * |PD| / |PN|
        assert num.period is not None
        assert den.period is not None
        g = Fraction(den.period.days, num.period.days)
        lo = fraction_down(Fraction(lo) * g)
        hi = hi if math.isinf(hi) else fraction_up(Fraction(hi) * g)
    if lo >= hi:
        lo_open = hi_open = False
    return Range(lo, hi, "dimensionless", lo_open=lo_open, hi_open=hi_open)


def quantity_args(
    measure: str | Quantity, subject: str | None, period: Period | None
) -> tuple[str, str, Period]:
    """Return a quantity given as three names or as one Quantity, as three.

    Raises
    ------
    InvalidArgumentError
        If a Quantity comes with a subject or period beside it, or lacks its own, or
        the three are not all given.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.engine.ratio_bounds import quantity_args
    >>> nov = ck.Period.month(2024, 11)
    >>> quantity_args(ck.Quantity("killed", "russia", nov), None, None) == ("killed", "russia", nov)
    True
    """
    if isinstance(measure, Quantity):
        if subject is not None or period is not None:
            msg = (
                f"implied(): a Quantity ({measure}) names the subject and the period itself; "
                "give it alone, or give measure, subject and period"
            )
            raise InvalidArgumentError(msg)
        if measure.subject is None or measure.period is None:
            msg = (
                f"implied(): the quantity {measure} needs a subject and a period, as in "
                "Quantity('casualties', 'ukraine', period)"
            )
            raise InvalidArgumentError(msg)
        return measure.measure, measure.subject, measure.period
    if subject is None or period is None:
        msg = (
            "implied(): give measure, subject and period, or one Quantity with all three, "
            f"got measure={measure!r}, subject={subject!r}, period={period!r}"
        )
        raise InvalidArgumentError(msg)
    return measure, subject, period


def report_implied_ratio(
    report: Report, numerator: Quantity, denominator: Quantity | str, *, basis: str = "total"
) -> Range:
    """Return the exact range that the claims allow for the ratio of two quantities.

    :meth:`Report.implied_ratio <claimkit.engine.report.Report.implied_ratio>`: one
    linear-fractional program per end, made one LP by the Charnes-Cooper
    transformation (see :mod:`claimkit.engine.ratio_bounds`), and one more LP per end
    to tell an open end, as for :meth:`~claimkit.engine.report.Report.implied`. The
    ratio is of counts, with the denominator above 0.

    Parameters
    ----------
    numerator : Quantity
        A measure of a subject over a period, all three given.
    denominator : Quantity or str
        The quantity divided by; its subject and period default to the numerator's,
        and a string is a measure.
    basis : str, default "total"
        ``"total"``: the ratio of the totals; ``"rate"``: of their average rates.

    Returns
    -------
    Range
        Dimensionless; empty when the claims that bear on either quantity conflict,
        or leave the denominator no value above 0.

    Raises
    ------
    UnknownIdError
        If no claim or relation names a measure or a subject.
    InvalidArgumentError
        If a quantity is not a Quantity, the numerator lacks its subject or period,
        or ``basis`` is neither ``"total"`` nor ``"rate"``.

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
    >>> killed = ck.Claim(id="killed", measure="killed", subject="russia", period=war,
    ...                   value=ck.Range.exact(198_000, "person"))
    >>> wounded = killed.replace(id="wounded", measure="wounded",
    ...                          value=ck.Range.more_than(550_000, "person"))
    >>> report = ck.check([killed, wounded])
    >>> print(report.implied_ratio(ck.Quantity("killed", "russia", war), "wounded"))
    (0, 0.36)
    """
    return implied_ratio(report.claimset, numerator, denominator, basis=basis)
