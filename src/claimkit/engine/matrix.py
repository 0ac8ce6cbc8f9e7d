"""The linear model's matrices: claim rows over cumulative counts, in components.

A :class:`LinearModel` holds one variable per (leaf series, date) that some row
mentions, and the claim rows (:class:`Rows`) over them, split into connected
components stored contiguously; :meth:`LinearModel.lp` hands a run of components to
HiGHS as an :class:`LP`, rows and variables divided by their scales (:func:`scales`).
:func:`claimkit.engine.model.build` makes a model from a claim set.

>>> import numpy as np
>>> from claimkit.engine.matrix import LinearModel, Rows
>>> rows = Rows.from_lists(claim=[0], start=[0], end=[7], lo=[1.0], hi=[2.0],
...                        lo_open=[False], hi_open=[False], series=[[0]])
>>> model = LinearModel(rows, [("killed", "russia")], ["killed"], {"killed": "person"})
>>> model.n_vars, model.n_rows, model.n_components
(2, 1, 1)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine import margins

__all__ = [
    "BLOCK_ROWS",
    "LP",
    "MAX_SPREAD",
    "LinearModel",
    "Rows",
    "concat_ranges",
    "group_sum",
    "least_scale",
    "lexsort_ints",
    "monotone_weights",
    "runs",
    "scales",
    "take_ragged",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
#: The claims' ids by index: a sequence of str, or an array of them (a table's column).
ClaimIds = Sequence[str] | NDArray[Any]

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

    Rows that relate two quantities (a ratio claim's, see
    :mod:`claimkit.engine.ratio_rows`) carry their terms: entry ``j`` of ``series_idx``
    adds ``term_coef[j] * (C_s(term_end[j]) - C_s(term_start[j]))``; when the three
    are None every term is ``+1`` over the row's own dates. ``scale_multiple`` is, for
    a row whose bounds (0) say nothing of its size, its scale over its component's
    (NaN for the others; None when every row's scale comes from its bounds);
    ``positive`` marks the rows that say a ratio's denominator is above 0 (the model
    bounds it by the smallest count it tells from 0, see
    :mod:`claimkit.engine.ratio_rows`).
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
    term_coef: Floats | None = None
    term_start: Ints | None = None
    term_end: Ints | None = None
    scale_multiple: Floats | None = None
    positive: Bools | None = None

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
        ptr, gather = take_ragged(self.series_ptr, rows)
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
            term_coef=None if self.term_coef is None else self.term_coef[gather],
            term_start=None if self.term_start is None else self.term_start[gather],
            term_end=None if self.term_end is None else self.term_end[gather],
            scale_multiple=None if self.scale_multiple is None else self.scale_multiple[rows],
            positive=None if self.positive is None else self.positive[rows],
        )

    def term_dates(self) -> tuple[Ints, Ints]:
        """Return the start and end date of every term (aligned with ``series_idx``)."""
        counts = np.diff(self.series_ptr)
        start = self.term_start if self.term_start is not None else np.repeat(self.start, counts)
        end = self.term_end if self.term_end is not None else np.repeat(self.end, counts)
        return start, end

    def indices_of(self, claims: Iterable[int]) -> Ints:
        """Return the indices (sorted) of the rows of the given claims (by claim index)."""
        wanted = np.fromiter(claims, dtype=np.int64)
        # "sort": a few claims are compared with every row; numpy's default for integers
        # builds a table as long as the range of their indices, ten times slower here.
        found: Ints = np.flatnonzero(np.isin(self.claim, wanted, kind="sort"))
        return found

    def of_claims(self, claims: Iterable[int]) -> Rows:
        """Return the rows of the given claims (by claim index)."""
        return self.take(self.indices_of(claims))


def lexsort_ints(keys: Sequence[NDArray[np.integer[Any] | np.bool_]]) -> Ints:
    """Return ``np.lexsort(keys)`` for integer keys (the last key sorts first).

    The keys are folded into one integer key, each shifted to start at 0 and
    scaled by the range of those after it, and that key sorted stably: one sort
    instead of one per key, several times faster on a million rows. Keys whose
    ranges together need more than 62 bits are sorted by ``np.lexsort``.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import lexsort_ints
    >>> lexsort_ints([np.array([3, 1, 2, 0]), np.array([1, 0, 1, 0])]).tolist()
    [3, 1, 2, 0]
    """
    n = keys[0].shape[0] if keys else 0
    if n == 0:
        return _empty_ints()
    lows = [int(k.min()) for k in keys]
    spans = [int(k.max()) - low + 1 for k, low in zip(keys, lows, strict=True)]
    if math.prod(spans) >= 2**62:
        found: Ints = np.lexsort(keys).astype(np.int64, copy=False)
        return found
    key = np.zeros(n, dtype=np.int64)
    for k, low, span in reversed(list(zip(keys, lows, spans, strict=True))):
        key *= span
        key += k.astype(np.int64, copy=False) - low
    order: Ints = np.argsort(key, kind="stable").astype(np.int64, copy=False)
    return order


def runs(key: Ints) -> tuple[Ints, Ints, Ints]:
    """Return the runs of equal neighbours in ``key``: each one's value, start and length.

    Of a sorted ``key``, the values are its distinct values.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import runs
    >>> [a.tolist() for a in runs(np.array([3, 3, 5, 8, 8, 8]))]
    [[3, 5, 8], [0, 2, 3], [2, 1, 3]]
    """
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]][: key.shape[0]])
    return key[first], first, np.diff(np.r_[first, key.shape[0]])


def take_ragged(ptr: Ints, rows: Ints) -> tuple[Ints, Ints]:
    """Return the pointers and the items' indices of ragged rows ``rows``, in that order.

    Row ``k`` holds items ``ptr[k]:ptr[k + 1]``. The work is in the rows taken, not
    in all of them, so a large table taken a part at a time costs no more than at once.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import take_ragged
    >>> new_ptr, items = take_ragged(np.array([0, 2, 2, 5]), np.array([2, 0]))
    >>> new_ptr.tolist(), items.tolist()
    ([0, 3, 5], [2, 3, 4, 0, 1])
    """
    starts = ptr[rows]
    counts = ptr[rows + 1] - starts
    new_ptr = np.zeros(rows.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=new_ptr[1:])
    return new_ptr, concat_ranges(starts, counts)


def concat_ranges(starts: Ints, counts: Ints) -> Ints:
    """Concatenate ``arange(s, s + c)`` for every pair, without a Python loop.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import concat_ranges
    >>> concat_ranges(np.array([10, 3]), np.array([2, 3])).tolist()
    [10, 11, 3, 4, 5]
    """
    total = int(counts.sum())
    if total == 0:
        return _empty_ints()
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
    return offsets + np.arange(total, dtype=np.int64)


def group_sum(which: Ints, weights: NDArray[Any], n: int) -> Floats:
    """Return the sum of ``weights`` per group ``which`` (``n`` groups), as floats."""
    return np.bincount(which, weights, minlength=n).astype(np.float64, copy=False)


#: The smallest positive float: the least scale a row can have.
_SMALLEST = float(np.finfo(np.float64).smallest_subnormal)


def scales(size: Floats, row_comp: Ints, n_comp: int) -> tuple[Floats, Floats]:
    """Return the scale of each component and of each row, from the rows' sizes.

    A component's scale is its largest row size (1 if every size is 0), and its
    variables are divided by it, so that they are of order one whatever the size of
    the counts: 1e-300 or 1e300. A row's scale is its size, but at least
    :data:`~claimkit.engine.matrix.MAX_SPREAD` times smaller than its component's. A
    row of size 0 (every finite bound 0: "no one", "more than 0") is smaller than
    any other, so it has that smallest scale and is held as tightly as any claim of
    its component: a strict end's clearance (1e-8 of its row's scale, which is at
    least that smallest) is more than a row of size 0 may be missed by, and "each
    day more than 0" against "none over these two days" conflicts, however large
    the component's other claims. Rows are divided by their
    scale before they reach the solver, so that the solver's tolerances are relative
    to the size of each claim, and its coefficients lie between 1 and
    :data:`~claimkit.engine.matrix.MAX_SPREAD`.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import scales
    >>> comp, row = scales(np.array([1e8, 1.0, 0.0, 5e7]), np.array([0, 0, 0, 0]), 1)
    >>> comp.tolist(), row.tolist()
    ([100000000.0], [100000000.0, 100.0, 100.0, 50000000.0])
    """
    comp = np.zeros(n_comp, dtype=np.float64)
    np.maximum.at(comp, row_comp, size)
    comp = np.where(comp > 0.0, comp, 1.0)
    row = np.maximum(size, least_scale(comp[row_comp]))
    return comp, row


def least_scale(comp_scale: Floats) -> Floats:
    """Return the smallest row scale in components of these scales.

    :data:`MAX_SPREAD` times smaller than the component's scale, the smallest count
    the model tells from 0 beside its largest claim; but in a component of
    subnormal claims, where that would underflow to 0, the smallest positive float.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import least_scale
    >>> least_scale(np.array([1e8, 1e-318])).tolist()
    [100.0, 5e-324]
    """
    least: Floats = np.maximum(comp_scale / MAX_SPREAD, _SMALLEST)
    return least


def monotone_weights(comp_scale: Floats, min_scale: Floats) -> Floats:
    """Return the weights of monotone rows in components of these scales.

    ``comp_scale`` is each row's component's scale, ``min_scale`` that component's
    smallest row scale: the weight is their ratio rounded down to a power of two, so
    that weighting is exact (see :meth:`LinearModel.monotone_weight`).

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import monotone_weights
    >>> monotone_weights(np.array([1e8, 5.0]), np.array([100.0, 5.0])).tolist()
    [524288.0, 1.0]
    """
    _, exponent = np.frexp(comp_scale / min_scale)
    weight: Floats = np.ldexp(1.0, exponent - 1)
    return weight


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
    claim_ids: ClaimIds = ()
    row_index: Ints = attrs.field(factory=_empty_ints)
    col_index: Ints = attrs.field(factory=_empty_ints)

    @property
    def n_row(self) -> int:
        """The number of rows, claim rows and monotone rows together."""
        return int(self.row_lo.shape[0])

    def tightened(self, factor: float) -> LP:
        """Return the LP with its monotone rows multiplied by ``factor``.

        A monotone row ``w (C(t[i+1]) - C(t[i])) >= 0`` may be missed by the solver's
        tolerance divided by ``w``: a larger weight makes the counts' steps closer to
        non-negative without changing what the row says.
        """
        n_claim_nz = int(self.start[self.n_claim_rows])
        value = self.value.copy()
        value[n_claim_nz:] *= factor
        return attrs.evolve(self, value=value)

    def claims(self) -> tuple[str, ...]:
        """Return the ids of the block's claims (``#i`` for claim index ``i`` if unnamed)."""
        found: list[int] = np.unique(self.row_claim).tolist()
        if not len(self.claim_ids):
            return tuple(f"#{i}" for i in found)
        return tuple(str(self.claim_ids[i]) for i in found)


class LinearModel:
    """Claims as sparse linear constraints on cumulative counts, split into components.

    Built by :func:`~claimkit.engine.model.build`. Attributes are numpy arrays;
    variables and claim rows are sorted by component, and within a component variables
    are sorted by series and date.

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
    claim_ids : list, tuple or ndarray of str
        The id of each claim (``rows.claim`` indexes it), when built from claims: the
        claims' own column of ids, not a copy.
    comp_scale, row_scale : ndarray of float
        The scale of each component and of each claim row (see :func:`scales`).
    comp_min_scale : ndarray of float
        The smallest row scale of each component (see :meth:`monotone_weight`).
    n_components : int
        The number of connected components.
    comp_row_ptr, comp_var_ptr : ndarray of int
        Rows and variables of component ``k`` are the slices between entries ``k`` and
        ``k + 1``.
    """

    def __init__(
        self,
        rows: Rows,
        series: Sequence[tuple[str, str]],
        series_family: Sequence[str],
        units: Mapping[str, str],
        extra_points: Sequence[tuple[int, int]] = (),
        *,
        claim_ids: ClaimIds = (),
    ) -> None:
        self.claim_ids = claim_ids
        if rows.positive is not None:  # a denominator's bound is the model's own
            rows = attrs.evolve(rows, lo=np.where(rows.positive, 0.0, rows.lo))
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
        if self.rows.scale_multiple is not None:
            self._settle_ratio_rows(row_comp, margins.size(self.rows.lo, self.rows.hi))
        smallest = np.full(self.n_components, np.inf)
        np.minimum.at(smallest, row_comp, self.row_scale)
        self.comp_min_scale: Floats = np.where(np.isfinite(smallest), smallest, self.comp_scale)

    def _settle_ratio_rows(self, row_comp: Ints, size: Floats) -> None:
        """Scale the rows of ratio claims, and bound their denominators away from 0.

        A ratio row (``scale_multiple`` given) is scaled by its component's scale
        times its multiple. A denominator's row (``positive``) says ``D > 0`` as
        ``D >= least``: the component's scale over
        :data:`~claimkit.engine.matrix.MAX_SPREAD`, the smallest count the model tells
        from 0 beside its largest claim; in a component whose rows all have size 0
        (ratio claims alone, and claims of 0), which holds any positive multiple of
        a point it holds, the component's scale itself. See
        :mod:`claimkit.engine.ratio_rows`.
        """
        rows = self.rows
        multiple = rows.scale_multiple
        assert multiple is not None
        top = self.comp_scale[row_comp]
        given = ~np.isnan(multiple)
        self.row_scale = np.where(given, top * np.where(given, multiple, 1.0), self.row_scale)
        if rows.positive is None or not rows.positive.any():
            return
        sized = np.zeros(self.n_components, dtype=np.bool_)
        sized[row_comp[size > 0.0]] = True
        least = np.where(sized[row_comp], least_scale(top), top)
        pos = rows.positive
        self.rows = attrs.evolve(
            rows, lo=np.where(pos, least, rows.lo), lo_open=rows.lo_open & ~pos
        )
        self.row_scale = np.where(pos, least, self.row_scale)

    def _make_variables(self, extra: Ints, n_series: int) -> None:
        """One variable per (series, date) that a row or an extra point mentions."""
        rows = self.rows
        term_start, term_end = rows.term_dates()
        all_series = np.concatenate([rows.series_idx, rows.series_idx, extra[:, 0]])
        all_days = np.concatenate([term_start, term_end, extra[:, 1]])
        day_min = int(all_days.min()) if all_days.size else 0
        span = int(all_days.max()) - day_min + 2 if all_days.size else 2
        self._span = span
        self._day_min = day_min
        # Sorted, then the repeats dropped: np.unique hashes, which took seconds on
        # the two million keys of a million claims (numpy 2.4).
        keys = np.sort(all_series * span + (all_days - day_min))
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys
        self._keys = keys
        self.var_series: Ints = keys // span
        self.var_day: Ints = keys % span + day_min
        self.series_ptr: Ints = np.searchsorted(
            self.var_series, np.arange(n_series + 1, dtype=np.int64)
        ).astype(np.int64)
        self.n_vars = int(keys.shape[0])

    def _make_matrix(self) -> None:
        """Claim rows as CSR: within a row, -1 at each series' C(start), then +1 at C(end).

        A row with terms (see :class:`Rows`) has ``-coef`` and ``+coef`` at its terms'
        own dates.
        """
        rows = self.rows
        counts = np.diff(rows.series_ptr)
        term_start, term_end = rows.term_dates()
        coef = 1.0 if rows.term_coef is None else rows.term_coef
        n_ent = int(rows.series_idx.shape[0])
        row_of = np.repeat(np.arange(rows.n), counts)
        offset = np.arange(n_ent, dtype=np.int64) - rows.series_ptr[row_of]
        self.row_ptr: Ints = rows.series_ptr * 2
        at_start = self.row_ptr[row_of] + offset
        at_end = at_start + counts[row_of]
        cols = np.empty(2 * n_ent, dtype=np.int64)
        vals = np.empty(2 * n_ent, dtype=np.float64)
        cols[at_start] = self.var_index(rows.series_idx, term_start)
        vals[at_start] = -coef
        cols[at_end] = self.var_index(rows.series_idx, term_end)
        vals[at_end] = coef
        if rows.term_coef is not None:
            # A ratio row may meet one variable twice (the numerator's start is the
            # denominator's end): the solver takes each column once per row.
            entry_row = np.repeat(np.arange(rows.n, dtype=np.int64), np.diff(self.row_ptr))
            keys, where = np.unique(entry_row * (self.n_vars + 1) + cols, return_inverse=True)
            merged = np.bincount(where.reshape(-1), vals, minlength=keys.shape[0])
            vals = merged.astype(np.float64)
            cols = keys % (self.n_vars + 1)
            self.row_ptr = np.searchsorted(
                keys // (self.n_vars + 1), np.arange(rows.n + 1, dtype=np.int64)
            ).astype(np.int64)
        self.row_cols: Ints = cols
        self.row_vals: Floats = vals

    def monotone_weight(self, variables: Ints) -> Floats:
        """Return the weight of the monotone row that ends at each of the given variables.

        Variables are divided by their component's scale (its largest claim), so the
        solver may miss a monotone row by its tolerance times that scale, which a much
        smaller claim tied to the same series would feel in full. Weighting each
        monotone row by the ratio of the component's scale to its smallest row scale
        (at most :data:`~claimkit.engine.matrix.MAX_SPREAD`), rounded down to a power
        of two so that the weighting is exact, brings that miss below twice the
        tolerance of the component's smallest claim.
        """
        comp = self.series_comp[self.var_series[variables]]
        return monotone_weights(self.comp_scale[comp], self.comp_min_scale[comp])

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
        gather = concat_ranges(self.row_ptr[sel], counts)
        cols = self.row_cols[gather] - v0
        scale = self.row_scale[sel]
        vals = self.row_vals[gather] * col_scale[cols] / np.repeat(scale, counts)
        lo = self.rows.lo[sel] / scale
        hi = self.rows.hi[sel] / scale
        # Monotone rows: w (C(t[i+1]) - C(t[i])) >= 0 within each series (see monotone_weight).
        local = self.var_series[v0:v1]
        same = np.flatnonzero(local[1:] == local[:-1])
        n_mono = same.shape[0]
        mono_cols = np.column_stack([same, same + 1]).ravel()
        weight = self.monotone_weight(same + 1 + v0)
        mono_vals = (np.array([[-1.0, 1.0]]) * weight[:, None]).ravel()
        n_claim = sel.shape[0]
        start = np.empty(n_claim + n_mono + 1, dtype=np.int32)
        start[0] = 0
        np.cumsum(counts, out=start[1 : n_claim + 1])
        start[n_claim + 1 :] = start[n_claim] + 2 * np.arange(1, n_mono + 1)
        # Each series' first variable is 0; the rest are non-negative.
        first = np.ones(v1 - v0, dtype=np.bool_)
        first[1:] = local[1:] != local[:-1]
        col_hi = np.where(first, 0.0, np.inf)
        closed = LP(
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
            row_index=sel,
            col_index=np.arange(v0, v1, dtype=np.int64),
        )
        return self.strict(closed, strict_shift) if strict_shift > 0.0 else closed

    def strict(self, lp: LP, shift: float) -> LP:
        """Return ``lp``, an LP of this model read closed, with its strict ends moved inward.

        The same LP as ``lp(first, stop, strict_shift=shift, rows=...)`` for the
        ``lp(first, stop, rows=...)`` given, without assembling its matrix again:
        strict finite ends move inward by ``shift`` of the row's scale, and a range
        narrower than twice that becomes its midpoint.
        """
        n, sel = lp.n_claim_rows, lp.row_index
        lo, hi = margins.shift_strict(
            lp.row_lo[:n], lp.row_hi[:n], self.rows.lo_open[sel], self.rows.hi_open[sel], shift
        )
        return attrs.evolve(
            lp,
            row_lo=np.concatenate([lo, lp.row_lo[n:]]),
            row_hi=np.concatenate([hi, lp.row_hi[n:]]),
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
    if link.shape[0] == 0:  # no row ties two series (one series, say): no graph to walk
        return n_series, np.arange(n_series, dtype=np.int64)
    if n_series <= _FEW_SERIES:  # scipy's checks cost more than a few passes here
        return _few_components(rows.series_idx[link], rows.series_idx[link + 1], n_series)
    graph = coo_matrix(
        (
            np.ones(link.shape[0], dtype=np.int8),
            (rows.series_idx[link], rows.series_idx[link + 1]),
        ),
        shape=(n_series, n_series),
    )
    n_comp, labels = connected_components(graph, directed=False)
    return int(n_comp), labels.astype(np.int64)


#: Up to this many series, components are found by passing the smallest label along.
_FEW_SERIES = 32


def _few_components(a: Ints, b: Ints, n: int) -> tuple[int, Ints]:
    """Return the components of ``n`` nodes linked by the pairs ``(a, b)``.

    Labelled as scipy labels them: each by its smallest node, in that order.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.matrix import _few_components
    >>> n, labels = _few_components(np.array([3, 1]), np.array([1, 4]), 5)
    >>> n, labels.tolist()
    (3, [0, 1, 2, 1, 1])
    """
    labels = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, labels):
            break
        labels = new
    roots, labels = np.unique(labels, return_inverse=True)
    return int(roots.shape[0]), labels.astype(np.int64)
