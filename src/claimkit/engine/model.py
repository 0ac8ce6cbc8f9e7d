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
import functools
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine import margins
from claimkit.errors import NumericalError
from claimkit.values._array_rounding import FLOAT_MAX, product_down, product_up
from claimkit.values._rounding import factor_bounds, fraction_down, fraction_up
from claimkit.values.units import conversion_factor, multiply_units, time_exponent

if TYPE_CHECKING:
    from claimkit.claims.claimset import ClaimSet

__all__ = ["LinearModel", "Query", "build"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

#: Rows of one component are solved together with those of its neighbours until a
#: block holds this many claim rows: one HiGHS call costs about 0.2 ms of overhead,
#: and simplex work grows faster than linearly in the size of one coupled LP.
BLOCK_ROWS = 2_000
#: The widest ratio between the scale of a component and the scale of one of its rows.
#: Cumulative counts of size ``S`` carry about 16 significant digits, so a difference
#: of two of them below ``1e-6 S`` is known only to about ``1e-10 S``: a claim smaller
#: than that is checked to the solver's tolerance of ``1e-6 S``, not of its own size.
#: This keeps the solver's coefficients between 1 and 1e6, far inside the range HiGHS
#: accepts (it drops values below 1e-9 and rejects values above 1e15).
MAX_SPREAD = 1e6


def _empty_ints() -> Ints:
    return np.zeros(0, dtype=np.int64)


@attrs.frozen(eq=False)
class Rows:
    """Claim rows in engine units (internal).

    Row ``r`` says ``lo[r] <= sum over s in series(r) of C_s(end[r]) - C_s(start[r])
    <= hi[r]``, with bounds in the family's count unit; ``lo_open``/``hi_open`` mark
    strict ends. ``series(r)`` is ``series_idx[series_ptr[r]:series_ptr[r + 1]]``.
    """

    claim: Ints
    start: Ints
    end: Ints
    lo: Floats
    hi: Floats
    lo_open: Bools
    hi_open: Bools
    series_ptr: Ints
    series_idx: Ints

    @property
    def n(self) -> int:
        """The number of rows."""
        return int(self.claim.shape[0])

    @classmethod
    def from_lists(
        cls,
        *,
        claim: Sequence[int],
        start: Sequence[int],
        end: Sequence[int],
        lo: Sequence[float],
        hi: Sequence[float],
        lo_open: Sequence[bool],
        hi_open: Sequence[bool],
        series: Sequence[Sequence[int]],
    ) -> Rows:
        """Build rows from plain Python lists (one entry per row)."""
        counts = np.fromiter((len(s) for s in series), dtype=np.int64, count=len(series))
        ptr = np.zeros(len(series) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        idx = np.fromiter((x for s in series for x in s), dtype=np.int64, count=int(ptr[-1]))
        return cls(
            claim=np.asarray(claim, dtype=np.int64),
            start=np.asarray(start, dtype=np.int64),
            end=np.asarray(end, dtype=np.int64),
            lo=np.asarray(lo, dtype=np.float64),
            hi=np.asarray(hi, dtype=np.float64),
            lo_open=np.asarray(lo_open, dtype=np.bool_),
            hi_open=np.asarray(hi_open, dtype=np.bool_),
            series_ptr=ptr,
            series_idx=idx,
        )

    def take(self, rows: Ints) -> Rows:
        """Return the rows with the given indices, in that order."""
        counts = np.diff(self.series_ptr)[rows]
        ptr = np.zeros(rows.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        gather = _ranges(self.series_ptr[rows], counts)
        return Rows(
            claim=self.claim[rows],
            start=self.start[rows],
            end=self.end[rows],
            lo=self.lo[rows],
            hi=self.hi[rows],
            lo_open=self.lo_open[rows],
            hi_open=self.hi_open[rows],
            series_ptr=ptr,
            series_idx=self.series_idx[gather],
        )

    def of_claims(self, claims: Iterable[int]) -> Rows:
        """Return the rows of the given claims (by claim index)."""
        wanted = np.fromiter(claims, dtype=np.int64)
        return self.take(np.flatnonzero(np.isin(self.claim, wanted)))


def _ranges(starts: Ints, counts: Ints) -> Ints:
    """Concatenate ``arange(s, s + c)`` for every pair, without a Python loop."""
    total = int(counts.sum())
    if total == 0:
        return _empty_ints()
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
    return offsets + np.arange(total, dtype=np.int64)


def group_sum(which: Ints, weights: NDArray[Any], n: int) -> Floats:
    """Return the sum of ``weights`` per group ``which`` (``n`` groups), as floats."""
    return np.bincount(which, weights, minlength=n).astype(np.float64, copy=False)


def scales(size: Floats, row_comp: Ints, n_comp: int) -> tuple[Floats, Floats]:
    """Return the scale of each component and of each row, from the rows' sizes.

    A component's scale is its largest row size (1 if every size is 0), and its
    variables are divided by it, so that they are of order one whatever the size of
    the counts: 1e-300 or 1e300. A row's scale is its size, but at least
    :data:`MAX_SPREAD` times smaller than its component's; a row of size 0 (every
    finite bound 0) has the scale of one count, within the same limits. Rows are
    divided by their scale before they reach the solver, so that the solver's
    tolerances are relative to the size of each claim, and its coefficients lie
    between 1 and :data:`MAX_SPREAD`.
    """
    comp = np.zeros(n_comp, dtype=np.float64)
    np.maximum.at(comp, row_comp, size)
    comp = np.where(comp > 0.0, comp, 1.0)
    top = comp[row_comp]
    floor = top / MAX_SPREAD
    row = np.where(size > 0.0, np.maximum(size, floor), np.minimum(np.maximum(1.0, floor), top))
    return comp, row


@attrs.frozen(eq=False)
class LP:
    """One block of the model in the form HiGHS takes (internal).

    Row-wise sparse matrix (``start``, ``index``, ``value``) over ``n_col`` columns;
    the first ``n_claim_rows`` rows are claim rows (``row_claim`` gives their claim
    index), the rest are monotone rows. ``claim_ids`` is the model's (every claim's
    id, by index), for messages.
    """

    n_col: int
    start: NDArray[np.int32]
    index: NDArray[np.int32]
    value: Floats
    row_lo: Floats
    row_hi: Floats
    col_lo: Floats
    col_hi: Floats
    row_claim: Ints
    n_claim_rows: int
    col_scale: Floats
    claim_ids: tuple[str, ...] = ()

    @property
    def n_row(self) -> int:
        """The number of rows, claim rows and monotone rows together."""
        return int(self.row_lo.shape[0])

    def claims(self) -> tuple[str, ...]:
        """Return the ids of the block's claims (``#i`` for claim index ``i`` if unnamed)."""
        found: list[int] = np.unique(self.row_claim).tolist()
        if not self.claim_ids:
            return tuple(f"#{i}" for i in found)
        return tuple(self.claim_ids[i] for i in found)


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

    ``total_lo``/``total_hi`` bound the claim's total over its *span* (its period,
    or for an "each" rate the run of whole windows) in the family unit; ``factor``
    converts the claim's own value to that total (``total = value * factor``).
    ``pair_id`` numbers the distinct (measure, subject) pairs, listed in ``pairs``;
    ``set_id`` numbers the distinct sets of leaf series (``sets`` lists each set's
    series, sorted, in model order); ``quantity`` numbers the distinct (series set,
    span) pairs; ``n_rows`` is 0 for an "each" rate whose period holds no whole
    window.
    """

    family: tuple[str, ...]
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

    def series(self, claim: int) -> tuple[int, ...]:
        """Return the leaf series of a claim (model order, sorted)."""
        return self.sets[int(self.set_id[claim])]


class LinearModel:
    """Claims as sparse linear constraints on cumulative counts, split into components.

    Built by :func:`build`. Attributes are numpy arrays; variables and claim rows
    are sorted by component, and within a component variables are sorted by series
    and date.

    Attributes
    ----------
    series : tuple of (str, str)
        The leaf series, as (measure, subject), in variable order.
    series_family : tuple of str
        The measure family (root measure) of each series.
    units : dict of str to str
        The count unit of each measure family.
    var_series, var_day : ndarray of int
        The series and the date (as a proleptic ordinal) of each variable.
    series_ptr : ndarray of int
        Variables of series ``s`` are ``series_ptr[s]:series_ptr[s + 1]``.
    rows : Rows
        The claim rows, sorted by component.
    claim_ids : tuple of str
        The id of each claim (``rows.claim`` indexes it), when built from claims.
    comp_scale, row_scale : ndarray of float
        The scale of each component and of each claim row (see :func:`scales`).
    n_components : int
        The number of connected components.
    comp_row_ptr, comp_var_ptr : ndarray of int
        Rows and variables of component ``k`` are the slices between entries ``k`` and
        ``k + 1``.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        rows: Rows,
        series: Sequence[tuple[str, str]],
        series_family: Sequence[str],
        units: Mapping[str, str],
        extra_points: Sequence[tuple[int, int]] = (),
        *,
        claim_ids: Sequence[str] = (),
    ) -> None:
        self.claim_ids: tuple[str, ...] = tuple(claim_ids)
        n_series = len(series)
        n_comp, labels = _series_components(rows, n_series)
        # Renumber series so that each component's series are consecutive.
        order = np.argsort(labels, kind="stable")
        new_id = np.empty(n_series, dtype=np.int64)
        new_id[order] = np.arange(n_series, dtype=np.int64)
        self.series: tuple[tuple[str, str], ...] = tuple(series[i] for i in order)
        self.series_family: tuple[str, ...] = tuple(series_family[i] for i in order)
        self.units = dict(units)
        self.series_comp: Ints = labels[order]
        # Sort rows by component (stable, so claim order survives within one).
        rows = attrs.evolve(rows, series_idx=new_id[rows.series_idx])
        first_series = rows.series_idx[rows.series_ptr[:-1]] if rows.n else _empty_ints()
        row_order = np.argsort(self.series_comp[first_series], kind="stable")
        self.rows = rows.take(row_order)
        extra = np.asarray(extra_points, dtype=np.int64).reshape(-1, 2)
        if extra.shape[0]:
            extra = np.column_stack([new_id[extra[:, 0]], extra[:, 1]])
        self._make_variables(extra, n_series)
        self._make_matrix()
        # Components, as slices of rows and of variables.
        self.n_components = int(n_comp)
        row_comp = self.series_comp[first_series[row_order]] if rows.n else _empty_ints()
        self.row_comp: Ints = row_comp
        var_comp = self.series_comp[self.var_series]
        comps = np.arange(n_comp + 1, dtype=np.int64)
        self.comp_row_ptr: Ints = np.searchsorted(row_comp, comps).astype(np.int64)
        self.comp_var_ptr: Ints = np.searchsorted(var_comp, comps).astype(np.int64)
        self.comp_scale: Floats
        self.row_scale: Floats
        self.comp_scale, self.row_scale = scales(
            margins.size(self.rows.lo, self.rows.hi), row_comp, self.n_components
        )

    def _make_variables(self, extra: Ints, n_series: int) -> None:
        """One variable per (series, date) that a row or an extra point mentions."""
        rows = self.rows
        counts = np.diff(rows.series_ptr)
        all_series = np.concatenate([rows.series_idx, rows.series_idx, extra[:, 0]])
        all_days = np.concatenate(
            [np.repeat(rows.start, counts), np.repeat(rows.end, counts), extra[:, 1]]
        )
        day_min = int(all_days.min()) if all_days.size else 0
        span = int(all_days.max()) - day_min + 2 if all_days.size else 2
        self._span = span
        self._day_min = day_min
        keys = np.unique(all_series * span + (all_days - day_min))
        self._keys = keys
        self.var_series: Ints = keys // span
        self.var_day: Ints = keys % span + day_min
        self.series_ptr: Ints = np.searchsorted(
            self.var_series, np.arange(n_series + 1, dtype=np.int64)
        ).astype(np.int64)
        self.n_vars = int(keys.shape[0])

    def _make_matrix(self) -> None:
        """Claim rows as CSR: within a row, -1 at each series' C(start), then +1 at C(end)."""
        rows = self.rows
        counts = np.diff(rows.series_ptr)
        n_ent = int(rows.series_idx.shape[0])
        row_of = np.repeat(np.arange(rows.n), counts)
        offset = np.arange(n_ent, dtype=np.int64) - rows.series_ptr[row_of]
        self.row_ptr: Ints = rows.series_ptr * 2
        at_start = self.row_ptr[row_of] + offset
        at_end = at_start + counts[row_of]
        cols = np.empty(2 * n_ent, dtype=np.int64)
        vals = np.empty(2 * n_ent, dtype=np.float64)
        cols[at_start] = self.var_index(rows.series_idx, np.repeat(rows.start, counts))
        vals[at_start] = -1.0
        cols[at_end] = self.var_index(rows.series_idx, np.repeat(rows.end, counts))
        vals[at_end] = 1.0
        self.row_cols: Ints = cols
        self.row_vals: Floats = vals

    def coarse_claims(self) -> Ints:
        """Return the claims (by index) that are checked coarser than their own size.

        A claim row smaller than ``1 / MAX_SPREAD`` of its component's scale is
        checked to the solver's tolerance of that fraction of the component's scale
        (see :func:`scales`).
        """
        size = margins.size(self.rows.lo, self.rows.hi)
        return np.unique(self.rows.claim[(size > 0.0) & (size < self.row_scale)])

    # -- lookups ---------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        """The number of claim rows (monotone rows are implicit)."""
        return self.rows.n

    def var_index(self, series: Ints, days: Ints) -> Ints:
        """Return the variable of each (series, day) pair; the pairs must exist."""
        keys = series * self._span + (days - self._day_min)
        found = np.searchsorted(self._keys, keys)
        return found.astype(np.int64)

    def blocks(self, max_rows: int = BLOCK_ROWS) -> list[tuple[int, int]]:
        """Group consecutive components into blocks of about ``max_rows`` claim rows.

        Returns ``(first, stop)`` component ranges; a component larger than
        ``max_rows`` is a block of its own.
        """
        sizes = np.diff(self.comp_row_ptr)
        out: list[tuple[int, int]] = []
        first = 0
        held = 0
        for k, size in enumerate(sizes.tolist()):
            if held and held + size > max_rows:
                out.append((first, k))
                first, held = k, 0
            held += size
        if self.n_components:
            out.append((first, self.n_components))
        return out

    # -- LP assembly -------------------------------------------------------------

    def lp(
        self,
        comp_first: int,
        comp_stop: int,
        *,
        strict_shift: float = 0.0,
        rows: Ints | None = None,
    ) -> LP:
        """Return the LP of components ``comp_first:comp_stop``.

        Parameters
        ----------
        strict_shift : float
            Strict ends move inward by this much of the row's scale (0 reads every
            end as closed). A range narrower than twice the shift becomes its
            midpoint.
        rows : ndarray of int, optional
            Use only these claim rows (global row indices inside the block); the
            monotone rows are always all there.
        """
        r0, r1 = int(self.comp_row_ptr[comp_first]), int(self.comp_row_ptr[comp_stop])
        v0, v1 = int(self.comp_var_ptr[comp_first]), int(self.comp_var_ptr[comp_stop])
        sel = np.arange(r0, r1, dtype=np.int64) if rows is None else rows
        var_comp = self.series_comp[self.var_series[v0:v1]]
        col_scale = self.comp_scale[var_comp]
        # Claim rows: coefficient (+-1) * column scale / row scale.
        counts = self.row_ptr[sel + 1] - self.row_ptr[sel]
        gather = _ranges(self.row_ptr[sel], counts)
        cols = self.row_cols[gather] - v0
        scale = self.row_scale[sel]
        vals = self.row_vals[gather] * col_scale[cols] / np.repeat(scale, counts)
        lo = self.rows.lo[sel] / scale
        hi = self.rows.hi[sel] / scale
        if strict_shift > 0.0:
            lo, hi = margins.shift_strict(
                lo, hi, self.rows.lo_open[sel], self.rows.hi_open[sel], strict_shift
            )
        # Monotone rows: C(t[i+1]) - C(t[i]) >= 0 within each series.
        local = self.var_series[v0:v1]
        same = np.flatnonzero(local[1:] == local[:-1])
        n_mono = same.shape[0]
        mono_cols = np.column_stack([same, same + 1]).ravel()
        mono_vals = np.tile(np.array([-1.0, 1.0]), n_mono)
        n_claim = sel.shape[0]
        start = np.empty(n_claim + n_mono + 1, dtype=np.int32)
        start[0] = 0
        np.cumsum(counts, out=start[1 : n_claim + 1])
        start[n_claim + 1 :] = start[n_claim] + 2 * np.arange(1, n_mono + 1)
        # Each series' first variable is 0; the rest are non-negative.
        first = np.ones(v1 - v0, dtype=np.bool_)
        first[1:] = local[1:] != local[:-1]
        col_hi = np.where(first, 0.0, np.inf)
        return LP(
            n_col=v1 - v0,
            start=start,
            index=np.concatenate([cols, mono_cols]).astype(np.int32),
            value=np.concatenate([vals, mono_vals]),
            row_lo=np.concatenate([lo, np.zeros(n_mono)]),
            row_hi=np.concatenate([hi, np.full(n_mono, np.inf)]),
            col_lo=np.zeros(v1 - v0),
            col_hi=col_hi,
            row_claim=self.rows.claim[sel],
            n_claim_rows=n_claim,
            col_scale=col_scale,
            claim_ids=self.claim_ids,
        )

    def total_terms(self, series: Sequence[int], start: int, end: int) -> tuple[Ints, Floats]:
        """Return the variables and coefficients of a total over ``[start, end)``.

        The variables at ``start`` and ``end`` of every series must exist.
        """
        ss = np.asarray(series, dtype=np.int64)
        cols_end = self.var_index(ss, np.full(ss.shape, end, dtype=np.int64))
        cols_start = self.var_index(ss, np.full(ss.shape, start, dtype=np.int64))
        cols = np.concatenate([cols_end, cols_start])
        coefs = np.concatenate([np.ones(ss.shape[0]), -np.ones(ss.shape[0])])
        return cols, coefs


def _series_components(rows: Rows, n_series: int) -> tuple[int, Ints]:
    """Return the number of components and each series' label (rows link series)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    counts = np.diff(rows.series_ptr)
    same_row = np.repeat(np.arange(rows.n), counts)
    link = np.flatnonzero(same_row[1:] == same_row[:-1]) if rows.n else _empty_ints()
    graph = coo_matrix(
        (
            np.ones(link.shape[0], dtype=np.int8),
            (rows.series_idx[link], rows.series_idx[link + 1]),
        ),
        shape=(n_series, n_series),
    )
    n_comp, labels = connected_components(graph, directed=False)
    return int(n_comp), labels.astype(np.int64)


# -- from claims --------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _exact_factor(factor: float) -> tuple[Fraction, Fraction]:
    """Return rationals enclosing the exact factor behind pint's float ``factor``."""
    lo, hi, divisor = factor_bounds(factor)
    if divisor:
        exact = 1 / Fraction(divisor)
        return exact, exact
    return Fraction(lo), Fraction(hi)


def _unit_facts(unit: str) -> tuple[str, float]:
    """Return a value unit's count unit and its factor to counts per day.

    For a total (``person``) that is ``("person", 1.0)``; for a rate of 1
    ``person / week`` over one day the count is 1/7: ``("person", 1 / 7)``.
    """
    if time_exponent(unit) == 0:
        return unit, 1.0
    return multiply_units(unit, "day")


class _Builder:
    """Turns a ClaimSet into rows, series and per-claim facts (internal)."""

    def __init__(self, claimset: ClaimSet, queries: Sequence[Query] = ()) -> None:
        self.claimset = claimset
        claims = claimset.claims
        self.measures = [c.measure for c in claims]
        self.subjects = [c.subject for c in claims]
        mentioned_m = set(self.measures) | {q.measure for q in queries}
        mentioned_s = set(self.subjects) | {q.subject for q in queries}
        self.split_m = claimset.measure_hierarchy.needs_split(mentioned_m)
        self.split_s = claimset.subject_hierarchy.needs_split(mentioned_s)
        self.series_id: dict[tuple[str, str], int] = {}
        self.series: list[tuple[str, str]] = []
        self.family: list[str] = []
        self._cache: dict[tuple[str, str], tuple[int, ...]] = {}

    def series_of(self, measure: str, subject: str) -> tuple[int, ...]:
        """Return the leaf series of a measure for a subject, creating them as needed."""
        key = (measure, subject)
        found = self._cache.get(key)
        if found is not None:
            return found
        h_m = self.claimset.measure_hierarchy
        h_s = self.claimset.subject_hierarchy
        family = h_m.root(measure)
        ids: list[int] = []
        for lm in h_m.effective_leaves(measure, self.split_m):
            for ls in h_s.effective_leaves(subject, self.split_s):
                sid = self.series_id.get((lm, ls))
                if sid is None:
                    sid = len(self.series)
                    self.series_id[(lm, ls)] = sid
                    self.series.append((lm, ls))
                    self.family.append(family)
                ids.append(sid)
        found = tuple(sorted(ids))
        self._cache[key] = found
        return found

    def _factors(self, units: Sequence[str], families: Sequence[str]) -> Floats:
        """Return, per claim, the factor from its value to counts per day in its family unit."""
        family_units = self.claimset.family_units
        keys = list(zip(units, families, strict=True))
        factor: dict[tuple[str, str], float] = {}
        for key in dict.fromkeys(keys):
            count_unit, per_day = _unit_facts(key[0])
            factor[key] = per_day * conversion_factor(count_unit, family_units[key[1]])
        return np.array([factor[k] for k in keys], dtype=np.float64).reshape(len(keys))

    def _factor_bounds(
        self, units: Sequence[str], families: Sequence[str], is_rate: Bools, width: Ints
    ) -> tuple[Floats, Floats]:
        """Return, per claim, floats enclosing the exact factor from value to row bound.

        The factor is the count-unit conversion, times the row's width in days per
        unit of the rate's time for rates. pint's float factors are read as
        :func:`claimkit.values._rounding.factor_bounds` reads them (``1 / 7`` a day is a
        division by 7), so the exact factor is a rational number, rounded outward.
        """
        family_units = self.claimset.family_units
        cache: dict[tuple[str, str, bool, int], tuple[float, float]] = {}
        k_lo = np.empty(len(units), dtype=np.float64)
        k_hi = np.empty(len(units), dtype=np.float64)
        for i, (unit, family, rate, days) in enumerate(
            zip(units, families, is_rate.tolist(), width.tolist(), strict=True)
        ):
            key = (unit, family, rate, int(days) if rate else 0)
            found = cache.get(key)
            if found is None:
                count_unit, per_day = _unit_facts(unit)
                low, high = _exact_factor(conversion_factor(count_unit, family_units[family]))
                if rate:
                    day_lo, day_hi = _exact_factor(per_day)
                    low, high = low * day_lo * key[3], high * day_hi * key[3]
                found = (fraction_down(low), fraction_up(high))
                cache[key] = found
            k_lo[i], k_hi[i] = found
        return k_lo, k_hi

    def _bounds(
        self,
        ends: tuple[Floats, Floats],
        factor: tuple[Floats, Floats],
        windows: Ints,
        families: Sequence[str],
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
        lo = product_down(los, *factor)
        hi = product_up(his, *factor)
        k = np.maximum(windows, 1).astype(np.float64)
        total_lo = product_down(lo, k, k)
        total_hi = product_up(hi, k, k)
        bad_lo = np.isfinite(los) & (total_lo == np.inf)
        bad_hi = np.isfinite(his) & ~np.isfinite(total_hi)
        bad = np.flatnonzero((windows > 0) & (bad_lo | bad_hi)).tolist()
        if not bad:
            return lo, hi, total_lo, total_hi
        claims = self.claimset.claims
        first = claims[bad[0]]
        unit = self.claimset.family_units[families[bad[0]]]
        end = "lower" if bad_lo[bad[0]] else "upper"
        others = ", ".join(repr(claims[i].id) for i in bad[1:6])
        more = f" (as is that of {others}{', ...' if len(bad) > 6 else ''})" if others else ""
        msg = (
            f"claim {first.id!r}: the {end} end of its value {first.value} over "
            f"{first.period} is a total of more than the largest float, about "
            f"{FLOAT_MAX:.3g} {unit}{more}, so the claims cannot be checked in "
            "floating-point arithmetic. A claim's total over its period, in the count "
            f"unit of its measure ({unit}, the base unit of the family "
            f"{families[bad[0]]!r}), must stay below that: state it over shorter periods"
        )
        raise NumericalError(msg, claim_ids=tuple(claims[i].id for i in bad))

    def build(self) -> tuple[Rows, ClaimInfo]:
        claims = self.claimset.claims
        measures, subjects = self.measures, self.subjects
        n = len(claims)
        root = self.claimset.measure_hierarchy.root
        family_of = {m: root(m) for m in set(measures)}
        families = tuple([family_of[m] for m in measures])
        set_ids: dict[tuple[int, ...], int] = {}
        pair_index: dict[tuple[str, str], int] = {}
        for pair in zip(measures, subjects, strict=True):
            pair_index.setdefault(pair, len(pair_index))
        pairs = tuple(pair_index)
        pair_set = np.array(
            [set_ids.setdefault(self.series_of(*pair), len(set_ids)) for pair in pairs],
            dtype=np.int64,
        )
        pair_id = np.array(
            [pair_index[pair] for pair in zip(measures, subjects, strict=True)], dtype=np.int64
        ).reshape(n)
        set_id = pair_set[pair_id] if n else pair_id
        periods = [c.period for c in claims]
        values = [c.value for c in claims]
        a = np.array([p.start.toordinal() for p in periods], dtype=np.int64).reshape(n)
        b = np.array([p.end.toordinal() for p in periods], dtype=np.int64).reshape(n)
        is_rate = np.array([c.kind == "rate" for c in claims], dtype=np.bool_).reshape(n)
        each = np.array([c.reading == "each" for c in claims], dtype=np.bool_).reshape(n)
        per_day = self._factors([v.unit for v in values], families)
        los = np.array([v.lo for v in values], dtype=np.float64).reshape(n)
        his = np.array([v.hi for v in values], dtype=np.float64).reshape(n)
        lo_open = np.array([v.lo_open for v in values], dtype=np.bool_).reshape(n)
        hi_open = np.array([v.hi_open for v in values], dtype=np.bool_).reshape(n)
        # One row per window: the whole period, or each whole window of an "each"
        # rate (the rest of the period, less than a window, is free). The window is
        # the rate's time unit in days, whatever its count unit.
        window = np.array([c.window or 0 for c in claims], dtype=np.int64).reshape(n)
        width = np.where(each, np.maximum(window, 1), b - a)
        windows = (b - a) // width
        k_lo, k_hi = self._factor_bounds([v.unit for v in values], families, is_rate, width)
        lo, hi, total_lo, total_hi = self._bounds((los, his), (k_lo, k_hi), windows, families)
        # Expand claims into rows.
        claim_of_row = np.repeat(np.arange(n, dtype=np.int64), windows)
        first_row = np.cumsum(windows) - windows
        w = np.arange(claim_of_row.shape[0], dtype=np.int64) - first_row[claim_of_row]
        row_start = a[claim_of_row] + w * width[claim_of_row]
        sets = tuple(sorted(set_ids, key=set_ids.__getitem__))
        set_len = np.fromiter((len(x) for x in sets), dtype=np.int64, count=len(sets))
        set_ptr = np.zeros(len(sets) + 1, dtype=np.int64)
        np.cumsum(set_len, out=set_ptr[1:])
        set_flat = np.fromiter(
            (x for st in sets for x in st), dtype=np.int64, count=int(set_ptr[-1])
        )
        row_set = set_id[claim_of_row]
        row_ptr = np.zeros(claim_of_row.shape[0] + 1, dtype=np.int64)
        np.cumsum(set_len[row_set], out=row_ptr[1:])
        rows = Rows(
            claim=claim_of_row,
            start=row_start,
            end=row_start + width[claim_of_row],
            lo=lo[claim_of_row],
            hi=hi[claim_of_row],
            lo_open=lo_open[claim_of_row],
            hi_open=hi_open[claim_of_row],
            series_ptr=row_ptr,
            series_idx=set_flat[_ranges(set_ptr[row_set], set_len[row_set])],
        )
        span = np.maximum(windows, 1)
        span_end = a + span * width
        # Number the distinct (series set, start, end) triples through one int64 key.
        day0 = int(min(a.min(), span_end.min())) if n else 0
        days = int(max(a.max(), span_end.max())) - day0 + 1 if n else 1
        keys = (set_id * days + (a - day0)) * days + (span_end - day0)
        _, quantity = np.unique(keys, return_inverse=True)
        info = ClaimInfo(
            family=families,
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
            quantity=quantity.reshape(-1).astype(np.int64),
            n_rows=windows,
        )
        return rows, info


def build(claimset: ClaimSet, *, queries: Iterable[Query] = ()) -> LinearModel:
    """Translate a claim set into its linear model.

    Parameters
    ----------
    claimset : ClaimSet
        The claims and relations.
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
    claimset: ClaimSet, *, queries: Iterable[Query] = ()
) -> tuple[LinearModel, ClaimInfo, list[tuple[int, ...]]]:
    """Like :func:`build`, also returning the per-claim facts and each query's series."""
    qs = tuple(queries)
    for q in qs:
        claimset.check_names(q.measure, q.subject)
    builder = _Builder(claimset, qs)
    rows, info = builder.build()
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
        claimset.family_units,
        extra,
        claim_ids=[c.id for c in claimset.claims],
    )
    # Series ids in ClaimInfo are the builder's; map them to the model's order.
    remap = {old: new for new, old in enumerate(_series_order(builder.series, model.series))}
    info = attrs.evolve(info, sets=tuple(tuple(sorted(remap[s] for s in st)) for st in info.sets))
    return model, info, [tuple(sorted(remap[s] for s in ss)) for ss in query_series]


def _series_order(
    original: Sequence[tuple[str, str]], ordered: Sequence[tuple[str, str]]
) -> list[int]:
    """Return, for each position of ``ordered``, the index of that series in ``original``."""
    where = {key: i for i, key in enumerate(original)}
    return [where[key] for key in ordered]
