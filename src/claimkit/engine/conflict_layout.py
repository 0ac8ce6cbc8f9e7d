"""Where the claims of some components lie in the model, for their searches (internal).

A :class:`~claimkit.engine.conflicts.Search` looks for conflict sets among the
claims near one another: those that share a date, or lie a date apart, and the
claims nearest first. :class:`Layout` works out what that needs, for every
component to be searched at once, in one pass over their rows: the rows of each
variable, each claim's first and last date, rows and first row, and the claims of
each component by their first date. A search of many small components then costs
no pass of its own over its rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from claimkit.engine.matrix import LinearModel, concat_ranges

__all__ = ["Layout", "rows_by_set"]

Ints = NDArray[np.int64]


def rows_by_set(claim_sorted: Ints, rows_sorted: Ints, sets: Sequence[Sequence[int]]) -> list[Ints]:
    """Return the rows (sorted) of each set of claims, in one pass over them all.

    ``rows_sorted`` are rows by claim, ``claim_sorted`` the claim of each (sorted).

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.conflict_layout import rows_by_set
    >>> claim, rows = np.array([3, 3, 5, 8]), np.array([4, 1, 2, 7])
    >>> [r.tolist() for r in rows_by_set(claim, rows, [[8, 3], [], [5]])]
    [[1, 4, 7], [], [2]]
    """
    if not sets:
        return []
    wanted = np.fromiter((c for s in sets for c in s), dtype=np.int64)
    owner = np.repeat(np.arange(len(sets), dtype=np.int64), [len(s) for s in sets])
    lo = np.searchsorted(claim_sorted, wanted, side="left")
    hi = np.searchsorted(claim_sorted, wanted, side="right")
    rows = rows_sorted[concat_ranges(lo, hi - lo)]
    owner = np.repeat(owner, hi - lo)
    order = np.lexsort((rows, owner))
    return np.split(rows[order], np.searchsorted(owner[order], np.arange(1, len(sets))))


class Layout:
    """The rows by variable and the claims by date of ``components`` (internal).

    Arrays by variable hold entry ``var - var_base``, arrays by claim entry
    ``claim - claim_base``: they span the components' variables and claims only.

    Attributes
    ----------
    var_rows, var_ptr
        The claim rows of each variable: ``var_rows[var_ptr[v]:var_ptr[v + 1]]`` for
        entry ``v``, in row order.
    claim_sorted, rows_sorted
        The components' claim rows by claim (stable: in row order within a claim),
        and the claim of each.
    day_lo, day_hi
        Each claim's first and last date: those of its variables that are not a
        series' first (fixed at 0, it links nothing).
    n_rows, first_row
        Each claim's number of rows and first row.
    by_day, day_rank
        Each component's claims by first date (then by index), one component after
        another in the order given; and each claim's place among its component's.
    comp_at
        Where each component's claims begin in ``by_day``, by its place in
        ``components`` (one entry more, the end); :meth:`claims_by_day` gives them.

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> from claimkit.engine.conflict_layout import Layout
    >>> from claimkit.engine.model import build
    >>> claims = [ck.Claim(id=f"d{day}", measure="cases", subject="x",
    ...                    period=ck.Period(date(2025, 3, 1), date(2025, 3, day)),
    ...                    value=ck.Range.exact(v, "person"))
    ...           for day, v in [(4, 12), (2, 5), (3, 9)]]
    >>> model = build(ck.ClaimSet(claims))
    >>> layout = Layout(model, [0])
    >>> [model.claim_ids[c] for c in layout.by_day]
    ['d2', 'd3', 'd4']
    """

    def __init__(self, model: LinearModel, components: Sequence[int]) -> None:
        self.model = model
        comps = np.asarray(components, dtype=np.int64)
        r0, r1 = model.comp_row_ptr[comps], model.comp_row_ptr[comps + 1]
        rows = concat_ranges(r0, r1 - r0)
        claim = model.rows.claim[rows]
        counts = model.row_ptr[rows + 1] - model.row_ptr[rows]
        cols = model.row_cols[concat_ranges(model.row_ptr[rows], counts)]
        row_of = np.repeat(rows, counts)
        # Variables to rows; a component's variables are its own.
        by_var = np.argsort(cols, kind="stable")
        v0, v1 = model.comp_var_ptr[comps], model.comp_var_ptr[comps + 1]
        self.var_base = int(v0.min()) if comps.size else 0
        n_vars = int(v1.max()) - self.var_base if comps.size else 0
        self.var_rows: Ints = row_of[by_var]
        self.var_ptr: Ints = np.searchsorted(
            cols[by_var], np.arange(self.var_base, self.var_base + n_vars + 1)
        ).astype(np.int64)
        order = np.argsort(claim, kind="stable")
        self.claim_sorted: Ints = claim[order]
        self.rows_sorted: Ints = rows[order]
        # Each claim's dates, rows and first row.
        ids, first = np.unique(claim, return_index=True)
        base = self.claim_base = int(ids[0]) if ids.size else 0
        size = int(ids[-1]) - base + 1 if ids.size else 0
        owner = np.repeat(claim, counts)
        inner = cols != model.series_ptr[model.var_series[cols]]
        self.day_lo: Ints = np.full(size, np.iinfo(np.int64).max)
        self.day_hi: Ints = np.full(size, np.iinfo(np.int64).min)
        np.minimum.at(self.day_lo, owner[inner] - base, model.var_day[cols[inner]])
        np.maximum.at(self.day_hi, owner[inner] - base, model.var_day[cols[inner]])
        self.n_rows: Ints = np.bincount(claim - base, minlength=size)
        self.first_row: Ints = np.zeros(size, dtype=np.int64)
        self.first_row[ids - base] = rows[first]
        # Each component's claims by first date, component after component.
        self._place = dict(zip(comps.tolist(), range(comps.shape[0]), strict=True))
        place = np.zeros(model.n_components, dtype=np.int64)
        place[comps] = np.arange(comps.shape[0])
        where = place[model.row_comp[self.first_row[ids - base]]]
        self.by_day: Ints = ids[np.lexsort((ids, self.day_lo[ids - base], where))]
        at = np.searchsorted(np.sort(where), np.arange(comps.shape[0] + 1))
        self.comp_at: Ints = at.astype(np.int64)
        self.day_rank: Ints = np.zeros(size, dtype=np.int64)
        self.day_rank[self.by_day - base] = np.arange(ids.shape[0]) - np.repeat(
            self.comp_at[:-1], np.diff(self.comp_at)
        )

    def claims_by_day(self, component: int) -> Ints:
        """Return the claims of ``component`` (one of the layout's) by first date."""
        k = self._place[component]
        return self.by_day[int(self.comp_at[k]) : int(self.comp_at[k + 1])]

    def row_sets(self, sets: Sequence[Sequence[int]]) -> list[Ints]:
        """Return the claim rows (sorted) of each set of claims (of the layout's components)."""
        return rows_by_set(self.claim_sorted, self.rows_sorted, sets)

    def around_each(self, claims: list[int]) -> list[frozenset[int]]:
        """Return, for each claim (sorted, distinct), the claims a date or less from its dates.

        Itself included; a series' first date (fixed at 0) is no claim's date.
        """
        model = self.model
        wanted = np.asarray(claims, dtype=np.int64)
        lo = np.searchsorted(self.claim_sorted, wanted, side="left")
        hi = np.searchsorted(self.claim_sorted, wanted, side="right")
        rows = self.rows_sorted[concat_ranges(lo, hi - lo)]
        owner = np.repeat(wanted, hi - lo)
        counts = model.row_ptr[rows + 1] - model.row_ptr[rows]
        cols = model.row_cols[concat_ranges(model.row_ptr[rows], counts)]
        owner = np.repeat(owner, counts)
        series = model.var_series[cols]
        inner = cols != model.series_ptr[series]
        cols, series, owner = cols[inner], series[inner], owner[inner]
        first = np.maximum(cols - 1, model.series_ptr[series] + 1)
        last = np.minimum(cols + 1, model.series_ptr[series + 1] - 1)
        width = np.maximum(last - first + 1, 0)
        window = concat_ranges(first, width) - self.var_base
        owner = np.repeat(owner, width)
        starts, stops = self.var_ptr[window], self.var_ptr[window + 1]
        found = model.rows.claim[self.var_rows[concat_ranges(starts, stops - starts)]]
        owner = np.repeat(owner, stops - starts)
        order = np.argsort(owner, kind="stable")
        found, owner = found[order], owner[order]
        cut = np.searchsorted(owner, wanted, side="left").tolist()
        end = np.searchsorted(owner, wanted, side="right").tolist()
        return [
            frozenset(found[a:b].tolist()) | {claim}
            for claim, a, b in zip(claims, cut, end, strict=True)
        ]
