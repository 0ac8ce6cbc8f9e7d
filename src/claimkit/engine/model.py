"""The linear model: claims as linear constraints on cumulative counts.

For every *leaf series* (a leaf measure for a leaf subject, see
:mod:`claimkit.claims.relations`) the model has one variable per date that some claim
mentions: the cumulative count ``C(t)`` from the first such date up to (not
including) ``t``. The first date's value is fixed at 0, since claims only ever
speak of differences, and counts cannot decrease, so ``C(t[i+1]) - C(t[i]) >= 0``
for consecutive dates (the *monotone rows*).

A claim about ``[a, b)`` becomes one *claim row*: the sum, over the claim's leaf
series, of ``C(b) - C(a)``, between the claim's bounds converted to a total over
the period in the family's count unit. A rate read on ``"each"`` window gives one
row per whole window. Every claim row has exactly two non-zeros per leaf series,
so a daily series of ``n`` cumulative totals costs ``O(n)`` non-zeros.

Claims that share no variable cannot interact: the model is split into connected
components, stored contiguously (rows and variables sorted by component) so that
any run of consecutive components is one block of the matrix.

The builder reads the claims as columns (:class:`~claimkit.engine.columns.ClaimColumns`):
a claim set is turned into them first, and a data frame straight from its columns
(:mod:`claimkit.tables`), so both make the same model. Each distinct unit is
converted once (with its family, and for a rate each distinct row width).

This module is the engine's internal layer; :func:`claimkit.engine.checking.check` is the
public entry point. :func:`build` is public for users who want the matrices:

>>> from datetime import date
>>> import claimkit as ck
>>> from claimkit.engine.model import build
>>> claims = ck.ClaimSet([
...     ck.Claim(id="a", measure="killed", subject="russia", kind="total",
...              period=ck.Period(date(2024, 1, 1), date(2024, 2, 1)),
...              value=ck.Range(100, 200, "person")),
...     ck.Claim(id="b", measure="killed", subject="russia", kind="total",
...              period=ck.Period(date(2024, 1, 1), date(2024, 3, 1)),
...              value=ck.Range.at_least(150, "person")),
... ])
>>> model = build(claims)
>>> model.n_vars, model.n_rows, model.n_components
(3, 2, 1)
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claimset import ClaimSet
from claimkit.engine.columns import (
    AnyClaims,
    ClaimColumns,
    codes,
    columns_of,
    distinct,
    distinct_first,
)
from claimkit.engine.matrix import (
    BLOCK_ROWS,
    LP,
    MAX_SPREAD,
    LinearModel,
    Rows,
    concat_ranges,
    group_sum,
    lexsort_ints,
    scales,
)
from claimkit.engine.ratio_rows import RatioClaims
from claimkit.errors import NumericalError
from claimkit.values._array_rounding import FLOAT_MAX, product_down, product_up
from claimkit.values._rounding import fraction_down, fraction_up
from claimkit.values.units import conversion_bounds, product_bounds, time_exponent

__all__ = [
    "BLOCK_ROWS",
    "LP",
    "MAX_SPREAD",
    "ClaimInfo",
    "LinearModel",
    "Query",
    "Rows",
    "build",
    "build_with_info",
    "group_sum",
    "scales",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


@attrs.frozen
class Query:
    """A quantity to bound: a measure of a subject over ``[start, end)`` (internal)."""

    measure: str
    subject: str
    start: datetime.date
    end: datetime.date


@attrs.frozen(eq=False)
class ClaimInfo:
    """Per-claim facts the findings need, aligned with ``ClaimSet.claims`` (internal).

    ``family`` is each claim's measure family (its root measure);
    ``total_lo``/``total_hi`` bound the claim's total over its *span* (its period,
    or for an "each" rate the run of whole windows) in the family unit; ``factor``
    converts the claim's own value to that total (``total = value * factor``).
    ``pair_id`` numbers the distinct (measure, subject) pairs, listed in ``pairs``;
    ``set_id`` numbers the distinct sets of leaf series (``sets`` lists each set's
    series, sorted, in model order); ``quantity`` numbers the distinct (series set,
    span) pairs; ``n_rows`` is 0 for an "each" rate whose period holds no whole
    window, and for a ratio claim (``is_ratio``, None when there is none), which has
    no rows over a quantity of its own (see :mod:`claimkit.engine.ratio_rows`).
    """

    family: NDArray[np.object_]
    pair_id: Ints
    pairs: tuple[tuple[str, str], ...]
    set_id: Ints
    sets: tuple[tuple[int, ...], ...]
    is_rate: Bools
    span_start: Ints
    span_end: Ints
    total_lo: Floats
    total_hi: Floats
    lo_open: Bools
    hi_open: Bools
    factor: Floats
    quantity: Ints
    n_rows: Ints
    is_ratio: Bools | None = None

    @property
    def ratio(self) -> Bools:
        """Which claims are ratios (none for a set without one)."""
        if self.is_ratio is None:
            return np.zeros(self.n_rows.shape[0], dtype=np.bool_)
        return self.is_ratio

    def series(self, claim: int) -> tuple[int, ...]:
        """Return the leaf series of a claim (model order, sorted)."""
        return self.sets[int(self.set_id[claim])]


# -- from claims --------------------------------------------------------------------


def _count_factor(unit: str, family_unit: str) -> tuple[Fraction, Fraction]:
    """Return rationals enclosing the factor from a value in ``unit`` to family counts.

    For a total that is the count unit's conversion (``kiloperson`` to ``person``:
    1000); for a rate it is the count per day (``person / week`` to ``person``: 1/7).
    Both come from :func:`~claimkit.values.units.conversion_bounds` and
    :func:`~claimkit.values.units.product_bounds`, which give pint's definitions'
    exact ratios: the model's rows hold exactly what its claims say.
    """
    if time_exponent(unit) == 0:
        return conversion_bounds(unit, family_unit)
    count_unit, day_lo, day_hi = product_bounds(unit, "day", False)
    lo, hi = conversion_bounds(count_unit, family_unit)
    return lo * day_lo, hi * day_hi


class _Builder:
    """Turns claims, as columns, into rows, series and per-claim facts (internal)."""

    def __init__(self, columns: ClaimColumns, queries: Sequence[Query] = ()) -> None:
        self.columns = columns
        self.measure_hierarchy = columns.measure_hierarchy
        self.subject_hierarchy = columns.subject_hierarchy
        used_m = [columns.measures[k] for k in distinct(columns.measure)[0].tolist()]
        used_s = [columns.subjects[k] for k in distinct(columns.subject)[0].tolist()]
        mentioned_m = set(used_m) | {q.measure for q in queries}
        mentioned_s = set(used_s) | {q.subject for q in queries}
        self.split_m = self.measure_hierarchy.needs_split(mentioned_m)
        self.split_s = self.subject_hierarchy.needs_split(mentioned_s)
        self.series_id: dict[tuple[str, str], int] = {}
        self.series: list[tuple[str, str]] = []
        self.family: list[str] = []
        self._cache: dict[tuple[str, str], tuple[int, ...]] = {}
        self._leaves: dict[tuple[bool, str], tuple[str, ...]] = {}

    def leaves(self, name: str, *, subject: bool) -> tuple[str, ...]:
        """Return the leaves a measure or subject is cut into, found once per name."""
        found = self._leaves.get((subject, name))
        if found is None:
            if subject:
                found = self.subject_hierarchy.effective_leaves(name, self.split_s)
            else:
                found = self.measure_hierarchy.effective_leaves(name, self.split_m)
            self._leaves[(subject, name)] = found
        return found

    def series_of(self, measure: str, subject: str) -> tuple[int, ...]:
        """Return the leaf series of a measure for a subject, creating them as needed."""
        found = self._cache.get((measure, subject))
        if found is None:
            found = self.series_of_pairs([(measure, subject)])[0]
        return found

    def series_of_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, ...]]:
        """Return :meth:`series_of` of each (measure, subject) pair, in one pass over arrays.

        The series are those that calling :meth:`series_of` on each pair in turn
        creates, numbered alike: a pair's series are the pairs of its measure's and
        its subject's leaves (measure leaf first, then subject leaf), and a new series
        is numbered in the order it is first met. Each pair's ids are sorted.
        """
        if not pairs:
            return []
        measure_of, measures = codes(m for m, _ in pairs)
        subject_of, subjects = codes(s for _, s in pairs)
        pair_ptr, ids = self.series_of_codes((measure_of, measures), (subject_of, subjects))
        found = _runs(ids, pair_ptr)
        self._cache.update(zip(pairs, found, strict=True))
        return found

    def series_of_codes(
        self, measure: tuple[Ints, Sequence[str]], subject: tuple[Ints, Sequence[str]]
    ) -> tuple[Ints, Ints]:
        """Return the leaf series of (measure, subject) pairs given as codes into names.

        ``measure`` is each pair's code and the measures the codes point into, and
        likewise ``subject``. Returns the series of pair ``i`` (sorted) as
        ``ids[ptr[i]:ptr[i + 1]]``, as ``(ptr, ids)``, numbered as
        :meth:`series_of_pairs` numbers them.
        """
        measure_of, measures = measure
        subject_of, subjects = subject
        n_pairs = measure_of.shape[0]
        # A name that is not split is its own leaf (most subjects of a large table).
        split_m, split_s = self.split_m, self.split_s
        m_ptr, m_leaf, m_names = _ragged(
            [self.leaves(m, subject=False) if m in split_m else (m,) for m in measures]
        )
        s_ptr, s_leaf, s_names = _ragged(
            [self.leaves(s, subject=True) if s in split_s else (s,) for s in subjects]
        )
        n_m = np.diff(m_ptr)[measure_of]
        n_s = np.diff(s_ptr)[subject_of]
        count = n_m * n_s
        pair_ptr = np.zeros(n_pairs + 1, dtype=np.int64)
        np.cumsum(count, out=pair_ptr[1:])
        pair = np.repeat(np.arange(n_pairs, dtype=np.int64), count)
        j = np.arange(int(pair_ptr[-1]), dtype=np.int64) - pair_ptr[pair]
        lm = m_leaf[m_ptr[measure_of[pair]] + j // n_s[pair]]
        ls = s_leaf[s_ptr[subject_of[pair]] + j % n_s[pair]]
        keys, first, inverse = distinct_first(lm * len(s_names) + ls)
        # The series met, in the order first met; those not known yet are numbered so.
        order = np.argsort(first, kind="stable")
        m_code, s_code = np.divmod(keys[order], len(s_names))
        met = list(
            zip(
                np.array(m_names, dtype=np.object_).reshape(-1)[m_code].tolist(),
                np.array(s_names, dtype=np.object_).reshape(-1)[s_code].tolist(),
                strict=True,
            )
        )
        known = np.array([self.series_id.get(key, -1) for key in met], dtype=np.int64)
        new = np.flatnonzero(known < 0)
        known[new] = len(self.series) + np.arange(new.shape[0], dtype=np.int64)
        fresh = [met[i] for i in new.tolist()]
        self.series_id.update(zip(fresh, known[new].tolist(), strict=True))
        self.series.extend(fresh)
        root = [self.measure_hierarchy.root(m) for m in m_names]
        self.family.extend(root[m] for m in m_code[new].tolist())
        sid = np.empty(keys.shape[0], dtype=np.int64)
        sid[order] = known
        return pair_ptr, sid[inverse][lexsort_ints((sid[inverse], pair))]

    def _factors(
        self, family: Ints, families: Sequence[str], is_rate: Bools, width: Ints
    ) -> tuple[Floats, Floats, Floats]:
        """Return, per claim, its factors from its value to counts in its family unit.

        First the factor to counts per day: the float nearest the middle of the exact
        factor's enclosure (see :func:`_count_factor`). Then floats enclosing the
        exact factor from value to row bound: the count-unit conversion, times the
        row's width in days per unit of the rate's time for rates, rounded outward.
        Each is worked out once per distinct (unit, family, width of a rate).
        """
        units, family_units = self.columns.units, self.columns.family_units
        days = np.where(is_rate, width, 0)
        span = int(days.max()) + 1 if days.size else 1
        unit_family = self.columns.unit * len(families) + family
        keys, inverse = distinct(unit_family * span + days)
        per_day = np.empty(keys.shape[0], dtype=np.float64)
        k_lo = np.empty(keys.shape[0], dtype=np.float64)
        k_hi = np.empty(keys.shape[0], dtype=np.float64)
        for k, key in enumerate(keys.tolist()):
            pair, rate_days = divmod(key, span)
            unit, fam = divmod(pair, len(families))
            low, high = _count_factor(units[unit], family_units[families[fam]])
            per_day[k] = float((low + high) / 2)
            if rate_days:
                low, high = low * rate_days, high * rate_days
            k_lo[k], k_hi[k] = fraction_down(low), fraction_up(high)
        where = inverse.reshape(-1)
        return per_day[where], k_lo[where], k_hi[where]

    def _bounds(
        self,
        ends: tuple[Floats, Floats],
        factor: tuple[Floats, Floats],
        windows: Ints,
        family: NDArray[np.object_],
    ) -> tuple[Floats, Floats, Floats, Floats]:
        """Return each claim's row bounds, and its bounds on the total over its span.

        Row bounds enclose the exact products of the claim's ends and its factor,
        whose exact value lies in ``factor`` (each product is rounded outward only
        when it is inexact); ``windows`` is the number of rows of each claim, and the
        total over its span is the row bound times that (or 1).

        Raises
        ------
        NumericalError
            If a finite end of a claim with rows is a total beyond the largest float.
            A lower end that falls below the most negative float only says that the
            count, which is never negative, is at least a negative number: it is read
            as unbounded below, which says the same.
        """
        los, his = ends
        lo = _scaled(los, *factor, up=False)
        hi = _scaled(his, *factor, up=True)
        k = np.maximum(windows, 1).astype(np.float64)
        total_lo = _scaled(lo, k, k, up=False)
        total_hi = _scaled(hi, k, k, up=True)
        bad_lo = np.isfinite(los) & (total_lo == np.inf)
        bad_hi = np.isfinite(his) & ~np.isfinite(total_hi)
        bad = np.flatnonzero((windows > 0) & (bad_lo | bad_hi)).tolist()
        if not bad:
            return lo, hi, total_lo, total_hi
        columns = self.columns
        first = bad[0]
        unit = columns.family_units[family[first]]
        end = "lower" if bad_lo[first] else "upper"
        others = ", ".join(repr(columns.ids[i]) for i in bad[1:6])
        more = f" (as is that of {others}{', ...' if len(bad) > 6 else ''})" if others else ""
        msg = (
            f"claim {columns.ids[first]!r}: the {end} end of its value {columns.value(first)} "
            f"over {columns.period(first)} is a total of more than the largest float, about "
            f"{FLOAT_MAX:.3g} {unit}{more}, so the claims cannot be checked in "
            "floating-point arithmetic. A claim's total over its period, in the count "
            f"unit of its measure ({unit}, the unit of the family "
            f"{family[first]!r}), must stay below that: state it over shorter periods"
        )
        raise NumericalError(msg, claim_ids=tuple(str(columns.ids[i]) for i in bad))

    def _pairs(self) -> tuple[Ints, tuple[tuple[str, str], ...]]:
        """Return each claim's (measure, subject) pair and the pairs, in order of first use."""
        pair_id, measure, subject = self._pair_codes()
        return pair_id, self._pair_names(measure, subject)

    def _pair_codes(self) -> tuple[Ints, Ints, Ints]:
        """Return each claim's pair, numbered in order of first use, and the pairs' codes.

        The pairs are given by their measures' and subjects' codes into the columns'
        names.
        """
        columns = self.columns
        width = max(len(columns.subjects), 1)
        key = columns.measure * width + columns.subject
        keys, first, inverse = distinct_first(key)
        order = np.argsort(first, kind="stable")
        rank = np.empty(order.shape[0], dtype=np.int64)
        rank[order] = np.arange(order.shape[0], dtype=np.int64)
        measure, subject = np.divmod(keys[order], width)
        return rank[inverse], measure, subject

    def _pair_names(self, measure: Ints, subject: Ints) -> tuple[tuple[str, str], ...]:
        """Return the (measure, subject) names of pairs given by their codes."""
        measures = np.array(self.columns.measures, dtype=np.object_).reshape(-1)
        subjects = np.array(self.columns.subjects, dtype=np.object_).reshape(-1)
        return tuple(zip(measures[measure].tolist(), subjects[subject].tolist(), strict=True))

    def build(self) -> tuple[Rows, ClaimInfo]:
        columns = self.columns
        n = columns.n
        root = self.measure_hierarchy.root
        family_of_measure, families = codes(root(m) for m in columns.measures)
        family = family_of_measure[columns.measure] if n else columns.measure
        family_names = np.array(families, dtype=np.object_).reshape(-1)[family]
        pair_id, pair_measure, pair_subject = self._pair_codes()
        pairs = self._pair_names(pair_measure, pair_subject)
        pair_ptr, pair_series = self.series_of_codes(
            (pair_measure, columns.measures), (pair_subject, columns.subjects)
        )
        # The distinct sets of series, numbered in the order the pairs first have them.
        pair_set, set_ptr, set_flat = _numbered_runs(pair_series, pair_ptr)
        set_id = pair_set[pair_id] if n else pair_id
        a, b = columns.start, columns.end
        is_rate = columns.is_rate
        # One row per window: the whole period, or each whole window of an "each"
        # rate (the rest of the period, less than a window, is free). The window is
        # the rate's time unit in days, whatever its count unit.
        window = columns.window
        width = np.where(window > 0, np.maximum(window, 1), b - a)
        windows = (b - a) // width
        per_day, k_lo, k_hi = self._factors(family, families, is_rate, width)
        ends = (columns.lo, columns.hi)
        lo, hi, total_lo, total_hi = self._bounds(ends, (k_lo, k_hi), windows, family_names)
        lo_open, hi_open = columns.lo_open, columns.hi_open
        # Expand claims into rows (most often one each: then the rows are the claims).
        take: Ints | None = None
        if bool(np.all(windows == 1)):
            claim_of_row = np.arange(n, dtype=np.int64)
            row_start = a.copy()
        else:
            claim_of_row = take = np.repeat(np.arange(n, dtype=np.int64), windows)
            first_row = np.cumsum(windows) - windows
            w = np.arange(claim_of_row.shape[0], dtype=np.int64) - first_row[claim_of_row]
            row_start = a[claim_of_row] + w * width[claim_of_row]
        sets = tuple(_runs(set_flat, set_ptr))
        set_len = np.diff(set_ptr)
        row_set = _per_row(set_id, take)
        row_ptr = np.zeros(claim_of_row.shape[0] + 1, dtype=np.int64)
        np.cumsum(set_len[row_set], out=row_ptr[1:])
        rows = Rows(
            claim=claim_of_row,
            start=row_start,
            end=row_start + _per_row(width, take),
            lo=_per_row(lo, take),
            hi=_per_row(hi, take),
            lo_open=_per_row(lo_open, take),
            hi_open=_per_row(hi_open, take),
            series_ptr=row_ptr,
            series_idx=set_flat[concat_ranges(set_ptr[row_set], set_len[row_set])],
        )
        span = np.maximum(windows, 1)
        span_end = a + span * width
        # Number the distinct (series set, start, end) triples through one int64 key.
        day0 = int(min(a.min(), span_end.min())) if n else 0
        days = int(max(a.max(), span_end.max())) - day0 + 1 if n else 1
        keys = (set_id * days + (a - day0)) * days + (span_end - day0)
        _, quantity = distinct(keys)
        info = ClaimInfo(
            family=family_names,
            pair_id=pair_id,
            pairs=pairs,
            set_id=set_id,
            sets=sets,
            is_rate=is_rate,
            span_start=a,
            span_end=span_end,
            total_lo=total_lo,
            total_hi=total_hi,
            lo_open=lo_open,
            hi_open=hi_open,
            factor=np.where(is_rate, per_day * width, per_day) * span,
            quantity=quantity,
            n_rows=windows,
        )
        return rows, info


def _scaled(values: Floats, k_lo: Floats, k_hi: Floats, *, up: bool) -> Floats:
    """Return ``values * k`` rounded up (or down) for every ``k`` in ``[k_lo, k_hi]``.

    As :func:`~claimkit.values._array_rounding.product_up` (or ``product_down``),
    worked out only where the factor is not exactly 1: a value times 1 is the value
    itself, so most claims (their unit their family's, one row each) are copied.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.model import _scaled
    >>> values, k = np.array([0.1, 5.0]), np.array([3.0, 1.0])
    >>> (values * k).tolist(), _scaled(values, k, k, up=False).tolist()
    ([0.30000000000000004, 5.0], [0.3, 5.0])
    """
    found = values.copy()
    other = np.flatnonzero((k_lo != 1.0) | (k_hi != 1.0))
    if other.shape[0]:
        product = product_up if up else product_down
        found[other] = product(values[other], k_lo[other], k_hi[other])
    return found


def _per_row(values: NDArray[Any], claim_of_row: Ints | None) -> NDArray[Any]:
    """Return each row's value of its claim, ``values[claim_of_row]``.

    ``None`` for ``claim_of_row`` says that each claim is one row: a copy of the
    values, which numpy makes faster than it takes them at given indices.
    """
    return values.copy() if claim_of_row is None else values[claim_of_row]


def _runs(flat: Ints, ptr: Ints) -> list[tuple[int, ...]]:
    """Return each run ``flat[ptr[i]:ptr[i + 1]]`` as a tuple of ints.

    The runs of one length are made at once, as the rows of their columns.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.model import _runs
    >>> _runs(np.array([4, 5, 6, 7, 8]), np.array([0, 2, 2, 3, 5]))
    [(4, 5), (), (6,), (7, 8)]
    """
    lengths = np.diff(ptr)
    found: list[tuple[int, ...]] = [()] * lengths.shape[0]
    for length in distinct(lengths)[0].tolist():
        if length == 0:
            continue  # the empty runs are there already
        which = np.flatnonzero(lengths == length)
        starts = ptr[:-1][which]
        runs = list(zip(*(flat[starts + j].tolist() for j in range(length)), strict=True))
        if which.shape[0] == lengths.shape[0]:
            return runs
        for i, run in zip(which.tolist(), runs, strict=True):
            found[i] = run
    return found


def _numbered_runs(flat: Ints, ptr: Ints) -> tuple[Ints, Ints, Ints]:
    """Return a number for each run ``flat[ptr[i]:ptr[i + 1]]``, alike for equal runs.

    The distinct runs are numbered in the order first met.

    Also returns the distinct runs, in that order, as pointers and
    values (``values[ptrs[k]:ptrs[k + 1]]`` is run number ``k``). The values are at
    least 0.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.model import _numbered_runs
    >>> number, ptrs, values = _numbered_runs(np.array([3, 4, 1, 3, 4, 1]),
    ...                                       np.array([0, 2, 3, 5, 6]))
    >>> number.tolist(), ptrs.tolist(), values.tolist()
    ([0, 1, 0, 1], [0, 2, 3], [3, 4, 1])
    """
    n = ptr.shape[0] - 1
    lengths = np.diff(ptr)
    # Each run as a row of a table, padded with -1 (no value), its rows sorted.
    table = np.full((n, int(lengths.max(initial=0))), -1, dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
    table[owner, np.arange(flat.shape[0], dtype=np.int64) - ptr[owner]] = flat
    by_row = lexsort_ints(list(table.T[::-1])) if table.shape[1] else np.arange(n, dtype=np.int64)
    ordered = table[by_row]
    new = np.ones(n, dtype=np.bool_)
    new[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    inverse = np.empty(n, dtype=np.int64)
    inverse[by_row] = np.cumsum(new, dtype=np.int64) - 1
    first = by_row[new]  # the sort is stable: the first row of each kind comes first
    rank = np.empty(first.shape[0], dtype=np.int64)
    met = np.argsort(first, kind="stable")
    rank[met] = np.arange(first.shape[0], dtype=np.int64)
    chosen = first[met]
    ptrs = np.zeros(chosen.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths[chosen], out=ptrs[1:])
    values = flat[concat_ranges(ptr[:-1][chosen], lengths[chosen])]
    return rank[inverse], ptrs, values


def _ragged(lists: Sequence[tuple[str, ...]]) -> tuple[Ints, Ints, tuple[str, ...]]:
    """Return lists of names as one array of codes: its pointers, the codes and the names.

    List ``i`` is ``names[c]`` for the codes ``c`` in ``codes[ptr[i]:ptr[i + 1]]``.
    """
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(names) for names in lists], out=ptr[1:])
    found, names = codes(name for names in lists for name in names)
    return ptr, found, names


def build(claimset: AnyClaims | ClaimColumns, *, queries: Iterable[Query] = ()) -> LinearModel:
    """Translate a claim set into its linear model.

    Parameters
    ----------
    claimset : ClaimSet, TableClaims or ClaimColumns
        The claims and relations, as objects or as columns (the model reads only
        what :class:`~claimkit.engine.columns.ClaimColumns` holds).
    queries : iterable of Query, optional
        Quantities to be bounded later: their dates become variables (and their
        measures and subjects are split into leaves) even if no claim mentions them.

    Returns
    -------
    LinearModel
        The sparse model, split into connected components.

    Raises
    ------
    UnknownIdError
        If a query names a measure or subject that no claim or relation uses.
    NumericalError
        If a claim's total over its period, in its measure's count unit, is beyond
        the largest float.

    Examples
    --------
    See the module documentation.
    """
    model, _, _ = build_with_info(claimset, queries=queries)
    return model


def build_with_info(
    claimset: AnyClaims | ClaimColumns,
    *,
    queries: Iterable[Query] = (),
    columns: ClaimColumns | None = None,
) -> tuple[LinearModel, ClaimInfo, list[tuple[int, ...]]]:
    """Like :func:`build`, also returning the per-claim facts and each query's series.

    ``columns``: the claims' columns (``columns_of(claimset)``) when the caller has
    made them already; a claim set's are made here otherwise.
    """
    qs = tuple(queries)
    columns = columns_of(claimset) if columns is None else columns
    for q in qs:
        (claimset if isinstance(claimset, ClaimSet) else columns).check_names(q.measure, q.subject)
    # Ratio claims relate two quantities: the count claims make rows as above, and
    # the ratio claims' rows are joined to them (claimkit.engine.ratio_rows).
    ratios = RatioClaims.of(claimset)
    named: tuple[Query, ...] = ()
    if ratios is not None:
        columns = columns.take(ratios.counts)
        named = tuple(Query(*quantity) for quantity in ratios.quantities())
    builder = _Builder(columns, qs + named)
    rows, info = builder.build()
    if ratios is not None:
        root = builder.measure_hierarchy.root
        rows, info = ratios.join(rows, info, builder.series_of, root)
    extra: list[tuple[int, int]] = []
    query_series = [builder.series_of(q.measure, q.subject) for q in qs]
    for q, series in zip(qs, query_series, strict=True):
        for sid in series:
            extra.append((sid, q.start.toordinal()))
            extra.append((sid, q.end.toordinal()))
    model = LinearModel(
        rows,
        builder.series,
        builder.family,
        columns.family_units,
        extra,
        claim_ids=columns.ids if ratios is None else ratios.ids,
    )
    # Series ids in ClaimInfo are the builder's; map them to the model's order.
    new_of_old = np.empty(len(builder.series), dtype=np.int64)
    new_of_old[_series_order(builder.series, model.series)] = np.arange(len(builder.series))
    info = attrs.evolve(info, sets=tuple(_renumbered(info.sets, new_of_old)))
    return model, info, _renumbered(query_series, new_of_old)


def _renumbered(sets: Sequence[tuple[int, ...]], new_of_old: Ints) -> list[tuple[int, ...]]:
    """Return each set of series ids with every id ``k`` made ``new_of_old[k]``, sorted.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.model import _renumbered
    >>> _renumbered([(0, 1), (2,), ()], np.array([2, 0, 1]))
    [(0, 2), (1,), ()]
    """
    lengths = [len(ids) for ids in sets]
    ptr = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = np.fromiter(itertools.chain.from_iterable(sets), dtype=np.int64, count=int(ptr[-1]))
    owner = np.repeat(np.arange(len(sets), dtype=np.int64), lengths)
    ids = new_of_old[flat]
    return _runs(ids[lexsort_ints((ids, owner))], ptr)


def _series_order(
    original: Sequence[tuple[str, str]], ordered: Sequence[tuple[str, str]]
) -> list[int]:
    """Return, for each position of ``ordered``, the index of that series in ``original``."""
    where = {key: i for i, key in enumerate(original)}
    return [where[key] for key in ordered]
