"""Interval propagation over the linear model: fast, sound bounds (internal).

Each variable ``C_s(t)`` (a cumulative count) carries an interval, initially
``[0, 0]`` for a series' first date and ``[0, inf)`` otherwise. Two kinds of
deduction tighten the intervals until nothing changes (or a round limit is hit); a
component where an interval becomes empty (its claims conflict) stops there, and the
others go on, so that no component's bounds depend on another's:

* along each series, counts never decrease: lower bounds carry forward (a running
  maximum) and upper bounds carry backward (a running minimum); both are computed
  for all series at once with a segmented prefix scan (``log2`` of the longest
  series numpy passes);
* each claim row ``lo <= sum of (C(end) - C(start)) <= hi`` bounds each of its
  variables given the intervals of the others (the textbook activity argument,
  counting infinite contributions separately so that one unbounded term does not
  void the rest); a ratio claim's rows have other coefficients than 1 and -1, and
  a term with coefficient ``c`` is bounded by the others' activity over ``c``.

Every deduction follows from the constraints, so the result always contains every
feasible point: the bounds are never narrower than the exact (LP) ones. New bounds
are widened by a relative 1e-12 before they are stored, which absorbs rounding,
and an improvement smaller than 1e-9 of the bound's size (or of one count, or of the
component's scale if that is smaller) does not count as a change, which guarantees
termination.

The work is done in the units of each component: its counts divided by the power of
two nearest its scale (see :func:`claimkit.engine.matrix.scales`), exactly, so that tiny and
huge counts neither underflow nor overflow; a row bound that underflows in these
units is rounded outward.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from claimkit.engine.highs import each_on_threads, even_runs
from claimkit.engine.matrix import LinearModel, group_sum
from claimkit.values._array_rounding import FLOAT_MAX, scale_by

__all__ = ["cannot_hold", "comp_units", "propagate", "quantity_bounds"]

Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

_WIDEN = 1e-12
_PROGRESS = 1e-9
MAX_ROUNDS = 200
#: The rounds :func:`cannot_hold` makes at most: a conflict between neighbouring claims
#: shows in a few.
FAIL_ROUNDS = 20


def comp_units(model: LinearModel) -> Ints:
    """Return each component's unit as a power of two: the exponent ``e`` of ``2**e``.

    ``2**e`` is the power of two at or above half the component's scale.
    """
    _, exponent = np.frexp(model.comp_scale)
    return exponent.astype(np.int64)


def _segmented_scan(
    values: Floats, segment: Ints, *, maximum: bool, reverse: bool, span: int | None = None
) -> Floats:
    """Return the running max (or min) within each segment (Hillis-Steele doubling).

    ``segment`` holds each segment's entries together; ``span``, the longest segment
    (if known): the doubling stops there, where every step further would change nothing.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.propagate import _segmented_scan
    >>> values, segment = np.array([1.0, 3.0, 2.0, 5.0, 4.0]), np.array([0, 0, 0, 1, 1])
    >>> _segmented_scan(values, segment, maximum=True, reverse=False, span=3).tolist()
    [1.0, 3.0, 3.0, 5.0, 5.0]
    >>> _segmented_scan(values, segment, maximum=False, reverse=True).tolist()
    [1.0, 2.0, 2.0, 4.0, 4.0]
    """
    out = values[::-1].copy() if reverse else values.copy()
    seg = segment[::-1] if reverse else segment
    n = out.shape[0] if span is None else min(span, out.shape[0])
    step = 1
    op = np.maximum if maximum else np.minimum
    while step < n:
        same = seg[step:] == seg[:-step]
        shifted = op(out[step:], out[:-step])
        out[step:] = np.where(same, shifted, out[step:])
        step *= 2
    return out[::-1].copy() if reverse else out


def _widen_lo(x: Floats) -> Floats:
    return x - np.abs(x) * _WIDEN


def _widen_hi(x: Floats) -> Floats:
    return x + np.abs(x) * _WIDEN


def _contributions(coef: Floats, lo: Floats, hi: Floats, *, unit: bool) -> tuple[Floats, Floats]:
    """Return the smallest and largest value of each term ``coef * x``, x in [lo, hi].

    ``unit``: every coefficient is 1 or -1. A term with coefficient 0 contributes 0,
    whatever its variable's interval.
    """
    if unit:
        pos = coef > 0
        return np.where(pos, lo, -hi), np.where(pos, hi, -lo)
    with np.errstate(invalid="ignore"):
        a, b = coef * lo, coef * hi
    low = np.where(coef == 0.0, 0.0, np.minimum(a, b))
    high = np.where(coef == 0.0, 0.0, np.maximum(a, b))
    return _widen_lo(low), _widen_hi(high)


def _divided(coef: Floats, t_lo: Floats, t_hi: Floats, *, unit: bool) -> tuple[Floats, Floats]:
    """Return the interval of ``x`` from ``coef * x`` in ``[t_lo, t_hi]`` (widened).

    ``unit``: every coefficient is 1 or -1. A term with coefficient 0 says nothing
    of its variable.
    """
    if unit:
        pos = coef > 0
        return _widen_lo(np.where(pos, t_lo, -t_hi)), _widen_hi(np.where(pos, t_hi, -t_lo))
    safe = np.where(coef == 0.0, 1.0, coef)
    with np.errstate(invalid="ignore"):
        a, b = t_lo / safe, t_hi / safe
    low = np.where(coef > 0, a, b)
    high = np.where(coef > 0, b, a)
    # Before widening: a term with coefficient 0 may have an infinite quotient.
    zero = coef == 0.0
    low = np.where(zero | np.isnan(low), -np.inf, low)
    high = np.where(zero | np.isnan(high), np.inf, high)
    return _widen_lo(low), _widen_hi(high)


def _scaled(
    model: LinearModel, rows: slice, var_comp: Ints, slack: Floats | None = None
) -> tuple[Floats, Floats, Floats]:
    """Return the bounds of ``rows`` in the components' units, and each variable's floor.

    The floor is one count, or the component's scale if that is smaller (for the
    variables of components ``var_comp``). ``slack``: each row's bounds are first
    moved outward by that many times the row's scale.
    """
    units = comp_units(model)
    row_unit = units[model.row_comp[rows]]
    lo, hi = model.rows.lo[rows], model.rows.hi[rows]
    if slack is not None:
        with np.errstate(invalid="ignore"):  # an infinite end stays where it is
            lo = _widen_lo(lo - slack * model.row_scale[rows])
            hi = _widen_hi(hi + slack * model.row_scale[rows])
    row_lo = scale_by(lo, -row_unit, -np.inf)
    row_hi = scale_by(hi, -row_unit, np.inf)
    floor = scale_by(np.minimum(1.0, model.comp_scale[var_comp]), -units[var_comp], np.inf)
    return row_lo, row_hi, floor


def propagate(
    model: LinearModel, *, max_rounds: int = MAX_ROUNDS, scaled: bool = False
) -> tuple[Floats, Floats, bool]:
    """Return sound bounds ``(lo, hi)`` on every variable, and whether they are consistent.

    ``consistent`` is False when some interval became empty: the claims cannot all
    hold (the converse does not follow: propagation can miss a conflict). The bounds
    are in counts, or with ``scaled=True`` in the units of each variable's component
    (:func:`comp_units`), which never overflow.
    """
    lo, hi, dead = _run(model, 0, model.n_components, max_rounds=max_rounds)
    return _in_counts(model, lo, hi, not dead.any(), scaled=scaled)


def cannot_hold(
    model: LinearModel,
    first: int,
    stop: int,
    slack: Floats,
    *,
    max_rounds: int = FAIL_ROUNDS,
    threads: int = 1,
) -> Bools:
    """Return which components ``first`` to ``stop`` propagation shows cannot hold.

    Each claim row of component ``k`` is first loosened by ``slack[k - first]``
    times the row's scale at each finite end (strict ends read as closed). A
    component marked cannot hold so loosened: no point meets each of its claim rows
    to within that slack of the row's scale. Propagation can miss a conflict: a
    component not marked may fail too. At most ``max_rounds`` rounds are made.
    With ``threads`` above 1 the components are split into that many runs of about
    as many rows each, propagated on threads at once (numpy lets go of Python's lock
    in its passes over large arrays): no component's propagation depends on
    another's, so the verdicts are the same.

    Examples
    --------
    The running total of cases cannot fall from 40 by 3 March to 30 by 4 March; the
    second subject's totals rise.

    >>> import numpy as np
    >>> from datetime import date
    >>> import claimkit as ck
    >>> from claimkit.engine.model import build
    >>> from claimkit.engine.propagate import cannot_hold
    >>> def totals(subject, figures):
    ...     return [ck.Claim(id=f"{subject}{day}", measure="cases", subject=subject,
    ...                      period=ck.Period(date(2025, 3, 1), date(2025, 3, day)),
    ...                      value=ck.Range.exact(v, "person"))
    ...             for day, v in enumerate(figures, start=3)]
    >>> model = build(ck.ClaimSet(totals("east", [40, 30]) + totals("west", [10, 20])))
    >>> cannot_hold(model, 0, 2, np.full(2, 1e-6)).tolist()
    [True, False]
    """
    parts = even_runs(model.comp_row_ptr[first : stop + 1], threads)
    if len(parts) > 1:
        return np.concatenate(
            each_on_threads(
                lambda p: _run(
                    model,
                    first + p[0],
                    first + p[1],
                    slack=slack[p[0] : p[1]],
                    max_rounds=max_rounds,
                )[2],
                parts,
                threads,
            )
        )
    return _run(model, first, stop, slack=slack, max_rounds=max_rounds)[2]


def _run(
    model: LinearModel,
    first: int,
    stop: int,
    *,
    slack: Floats | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> tuple[Floats, Floats, Bools]:
    """Return the propagated bounds of the variables of components ``first`` to ``stop``.

    In the components' units, with which of the components became empty. ``slack``:
    each component's claim rows loosened by that much of their scale
    (:func:`cannot_hold`).
    """
    v0, v1 = int(model.comp_var_ptr[first]), int(model.comp_var_ptr[stop])
    r0, r1 = int(model.comp_row_ptr[first]), int(model.comp_row_ptr[stop])
    e0, e1 = int(model.row_ptr[r0]), int(model.row_ptr[r1])
    series = model.var_series[v0:v1]
    n = v1 - v0
    lo = np.zeros(n)
    hi = np.full(n, np.inf)
    start = np.ones(n, dtype=np.bool_)
    start[1:] = series[1:] != series[:-1]
    hi[start] = 0.0
    span = int(np.diff(np.append(np.flatnonzero(start), n)).max()) if n else 0
    n_rows = r1 - r0
    row_of = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(model.row_ptr[r0 : r1 + 1]))
    cols = model.row_cols[e0:e1] - v0
    coef = model.row_vals[e0:e1]  # +1 or -1, or a ratio row's coefficients
    unit = bool(np.all(np.abs(coef) == 1.0))
    var_comp = model.series_comp[series]
    rows = slice(r0, r1)
    loosen = None if slack is None else slack[model.row_comp[rows] - first]
    row_lo, row_hi, floor = _scaled(model, rows, var_comp, loosen)
    var_comp = var_comp - first
    # A component whose interval became empty stops there; the others go on, so that
    # the bounds of one component do not depend on a conflict in another.
    dead = np.zeros(stop - first, dtype=np.bool_)
    entry_bounds = (row_lo[row_of], row_hi[row_of])  # each matrix entry's row's bounds
    for _ in range(max_rounds):
        # Monotone chains.
        new_lo = _segmented_scan(lo, series, maximum=True, reverse=False, span=span)
        new_hi = _segmented_scan(hi, series, maximum=False, reverse=True, span=span)
        x_lo, x_hi = _implied_by_rows(
            coef,
            lo[cols],
            hi[cols],
            row_of=row_of,
            entry_bounds=entry_bounds,
            n_rows=n_rows,
            unit=unit,
        )
        np.maximum.at(new_lo, cols, x_lo)
        np.minimum.at(new_hi, cols, x_hi)
        size = np.maximum(
            np.abs(np.where(np.isfinite(lo), lo, 0.0)), np.abs(np.where(np.isfinite(hi), hi, 0.0))
        )
        tol = _PROGRESS * np.maximum(floor, size)
        live = ~dead[var_comp]
        changed = ((new_lo > lo + tol) | (new_hi < hi - tol)) & live
        lo = np.where(live, np.maximum(lo, new_lo), lo)
        hi = np.where(live, np.minimum(hi, new_hi), hi)
        crossed = (lo > hi + tol) & live
        if crossed.any():
            dead[var_comp[crossed]] = True
        if not changed.any():
            break
    return lo, hi, dead


def _implied_by_rows(
    coef: Floats,
    term_lo: Floats,
    term_hi: Floats,
    *,
    row_of: Ints,
    entry_bounds: tuple[Floats, Floats],
    n_rows: int,
    unit: bool,
) -> tuple[Floats, Floats]:
    """Return, per matrix entry, the bounds its row implies on its variable.

    ``term_lo`` and ``term_hi`` are the bounds of each entry's variable, and
    ``entry_bounds`` those of its row; the row's activity without the entry,
    bounded from the other entries, leaves ``coef * x`` in
    ``[row_lo - others' max, row_hi - others' min]``.
    """
    row_lo, row_hi = entry_bounds
    term_min, term_max = _contributions(coef, term_lo, term_hi, unit=unit)
    min_inf = ~np.isfinite(term_min)
    max_inf = ~np.isfinite(term_max)
    # Each term's own finite contribution, and the sums of the row's.
    own_min = np.where(min_inf, 0.0, term_min)
    own_max = np.where(max_inf, 0.0, term_max)
    fin_min = group_sum(row_of, own_min, n_rows)
    fin_max = group_sum(row_of, own_max, n_rows)
    n_min_inf = group_sum(row_of, min_inf, n_rows)
    n_max_inf = group_sum(row_of, max_inf, n_rows)
    # Sum of the other terms' smallest / largest contributions.
    other_min = np.where(n_min_inf[row_of] - min_inf > 0, -np.inf, fin_min[row_of] - own_min)
    other_max = np.where(n_max_inf[row_of] - max_inf > 0, np.inf, fin_max[row_of] - own_max)
    with np.errstate(invalid="ignore"):
        # coef * x in [row_lo - other_max, row_hi - other_min]
        t_lo = row_lo - other_max
        t_hi = row_hi - other_min
    t_lo = np.where(np.isnan(t_lo), -np.inf, t_lo)
    t_hi = np.where(np.isnan(t_hi), np.inf, t_hi)
    return _divided(coef, t_lo, t_hi, unit=unit)


def _in_counts(
    model: LinearModel, lo: Floats, hi: Floats, ok: bool, *, scaled: bool
) -> tuple[Floats, Floats, bool]:
    if scaled:
        return lo, hi, ok
    unit = comp_units(model)[model.series_comp[model.var_series]]
    return scale_by(lo, unit, -np.inf), scale_by(hi, unit, np.inf), ok


def quantity_bounds(
    model: LinearModel,
    lo: Floats,
    hi: Floats,
    *,
    q_series_ptr: Ints,
    q_series: Ints,
    q_start: Ints,
    q_end: Ints,
) -> tuple[Floats, Floats]:
    """Return sound bounds of totals over ``[start, end)`` given variable bounds.

    ``lo`` and ``hi`` are in the components' units (``propagate(..., scaled=True)``);
    the totals are in counts. Quantity ``i`` sums the series
    ``q_series[q_series_ptr[i]:q_series_ptr[i + 1]]``; the variables at ``start`` and
    ``end`` must exist. The bound of each series' total combines the interval of
    ``C(end) - C(start)`` with the fact that it is at least 0.
    """
    counts = np.diff(q_series_ptr)
    starts = np.repeat(q_start, counts)
    ends = np.repeat(q_end, counts)
    v_start = model.var_index(q_series, starts)
    v_end = model.var_index(q_series, ends)
    with np.errstate(invalid="ignore"):
        part_lo = np.maximum(lo[v_end] - hi[v_start], 0.0)
        part_hi = hi[v_end] - lo[v_start]
    part_lo = np.where(np.isnan(part_lo), 0.0, part_lo)
    part_hi = np.where(np.isnan(part_hi), np.inf, part_hi)
    unit = comp_units(model)[model.series_comp[q_series]]
    part_lo = scale_by(_widen_lo(part_lo), unit, -np.inf)
    part_hi = scale_by(part_hi, unit, np.inf)
    which = np.repeat(np.arange(counts.shape[0], dtype=np.int64), counts)
    with np.errstate(over="ignore", invalid="ignore"):
        # Sums beyond the largest float stop at it (a lower bound of a huge total, or
        # an upper bound of a very negative one: a part of conflicting claims).
        total_lo = np.clip(group_sum(which, part_lo, counts.shape[0]), None, FLOAT_MAX)
        inf_hi = group_sum(which, ~np.isfinite(part_hi), counts.shape[0]) > 0
        fin_hi = group_sum(which, np.where(np.isfinite(part_hi), part_hi, 0.0), counts.shape[0])
        fin_hi = np.clip(fin_hi, -FLOAT_MAX, None)
        total_hi = np.where(inf_hi, np.inf, _widen_hi(fin_hi))
        return _widen_lo(total_lo), total_hi
