"""Irreducible conflict sets of a component, overlapping ones included (internal).

A *conflict set* is an irreducible infeasible subset (IIS) of claims: they cannot all
hold (with the monotone rows and the counts' bounds, which always hold), and without
any one of them the rest can. Two conflict sets may share claims. The aim is
coverage: every claim that belongs to some conflict set is named in at least one that
is reported, without asking the solver about a whole large component claim by claim.

Every set reported is checked in the LP of its own rows (:func:`rows_lp`: the model's
scales and monotone weights, strict ends moved inward as :func:`~claimkit.check`
moves them): it has no point, and it has one with the rows of any one member
switched off (:func:`irreducible`).

The characterisation used: a claim ``c`` belongs to some IIS if and only if some
*feasible* set ``S`` of other claims makes ``c`` fail, ``S + {c}`` infeasible. (If so,
every IIS inside ``S + {c}`` contains ``c``, since ``S`` holds; conversely an IIS ``I``
containing ``c`` gives ``S = I - {c}``.)

The search, per conflicting component, a window of dates at a time (the whole
component when it has at most :data:`CHUNK_ROWS` claim rows; else windows of about
that many rows, each overlapping the next by half, then the whole component), in one
HiGHS instance per window whose rows are switched on and off:

1. while the window's claims in play cannot all hold, the solver's *Farkas
   certificate* (its dual ray) names rows that cannot hold together, usually an IIS
   already; a deletion filter makes it one (:meth:`Search.core`). The claim the
   certificate leans on most is then taken out of play, so that the next
   certificate shows another conflict (:meth:`Search._take`);
2. the claims next to each set found (a date on either side) may be in another
   conflict set: each is tried in place of each member of the set
   (:meth:`Search.swapped`); one that no swap names is searched around once
   (:meth:`Search.containing`): the IIS nearest to it among the claims around it
   comes from one LP over the certificates (:func:`_cheapest_conflict`), and in a
   component of at most :data:`NEAR_CLAIMS` claims the search branches over which
   claim of a failing rest to drop, up to :data:`BRANCH_LIMIT` sets. So the March
   figure that clashes with a weekly rate is named beside the March-versus-quarter
   conflict;
3. the claims left in play hold, so every conflict set made of a claim taken out and
   claims in play holds that claim: each claim taken out is put back alone and the
   least-cost such set, claims named already costing more, names the others, one set
   at a time (:meth:`Search.sweep`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine import margins
from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.highs import Status, load, run
from claimkit.engine.matrix import LP, LinearModel, concat_ranges
from claimkit.errors import NumericalError

__all__ = [
    "BRANCH_LIMIT",
    "CHUNK_ROWS",
    "NEAR_CLAIMS",
    "NEIGHBOURHOOD_ROWS",
    "SWEEP_CLAIMS",
    "Conflict",
    "Search",
    "conflicts",
    "describe",
    "irreducible",
    "rows_lp",
]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

#: A component of more claim rows than this is searched a window of dates at a time.
CHUNK_ROWS = 400
#: The sweep around a claim taken out of play looks at most this many claims around it.
SWEEP_CLAIMS = 64
#: A neighbourhood stops growing once it holds this many claim rows.
NEIGHBOURHOOD_ROWS = 400
#: The search for a conflict set holding a claim next to a set found looks at most
#: this many claims around it.
NEAR_CLAIMS = 16
#: ... and, in a component of at most that many claims, visits at most this many sets.
BRANCH_LIMIT = 64
#: A row whose share of the Farkas certificate is below this (relative to its largest
#: entry) is read as not in it.
RAY_CUTOFF = 1e-9


@attrs.frozen
class Conflict:
    """An irreducible infeasible subset of claims (internal).

    ``structural`` is true when the clash also rests on counts being non-negative
    and non-decreasing (the claims' rows alone, over free variables, could hold);
    ``touching`` when the claims are compatible with closed ends and clash only
    because strict ends touch.
    """

    claims: tuple[int, ...]
    structural: bool
    touching: bool


def rows_lp(model: LinearModel, rows: Ints, *, strict: bool = True, free: bool = False) -> LP:
    """Return the LP of some claim rows, over only the variables they mention.

    Rows and variables keep the model's scales, so a set of claims is decided exactly
    as it is inside the whole model; consecutive mentioned dates of a series are tied
    by monotone rows, and a series' first date is fixed at 0. With ``free`` there are
    neither monotone rows nor bounds on the variables: the claims' rows alone.
    """
    counts = model.row_ptr[rows + 1] - model.row_ptr[rows]
    gather = concat_ranges(model.row_ptr[rows], counts)
    used, local = np.unique(model.row_cols[gather], return_inverse=True)
    series = model.var_series[used]
    col_scale = model.comp_scale[model.series_comp[series]]
    scale = model.row_scale[rows]
    vals = model.row_vals[gather] * col_scale[local] / np.repeat(scale, counts)
    lo, hi = model.rows.lo[rows] / scale, model.rows.hi[rows] / scale
    if strict:
        lo, hi = margins.shift_strict(
            lo, hi, model.rows.lo_open[rows], model.rows.hi_open[rows], STRICT_TOLERANCE
        )
    same = np.flatnonzero(series[1:] == series[:-1])
    if free:
        same = same[:0]
    n_mono, n_claim = int(same.shape[0]), int(rows.shape[0])
    start = np.empty(n_claim + n_mono + 1, dtype=np.int32)
    start[0] = 0
    np.cumsum(counts, out=start[1 : n_claim + 1])
    start[n_claim + 1 :] = start[n_claim] + 2 * np.arange(1, n_mono + 1)
    first = used == model.series_ptr[series]
    n_col = int(used.shape[0])
    return LP(
        n_col=n_col,
        start=start,
        index=np.concatenate([local, np.column_stack([same, same + 1]).ravel()]).astype(np.int32),
        # Monotone rows weighted as in the whole model (see LinearModel.monotone_weight),
        # so that a small claim is decided to its own size beside a large one.
        value=np.concatenate(
            [vals, (np.array([-1.0, 1.0]) * model.monotone_weight(used[same + 1])[:, None]).ravel()]
        ),
        row_lo=np.concatenate([lo, np.zeros(n_mono)]),
        row_hi=np.concatenate([hi, np.full(n_mono, np.inf)]),
        col_lo=np.full(n_col, -np.inf) if free else np.zeros(n_col),
        col_hi=np.full(n_col, np.inf) if free else np.where(first, 0.0, np.inf),
        row_claim=model.rows.claim[rows],
        n_claim_rows=n_claim,
        col_scale=col_scale,
        claim_ids=model.claim_ids,
    )


def _certificate(h: Any, lp: LP) -> tuple[Ints, Floats]:
    """Return the claims that the Farkas certificate of an infeasible LP rests on.

    Returns the claims (sorted) and each one's share: the sum of ``|y|`` over its
    rows, for the dual ray ``y`` HiGHS gives (rows are scaled to their size, so
    shares are comparable). Both are empty when HiGHS gives no ray.
    """
    _, exists, ray = h.getDualRay()
    y = np.abs(np.asarray(ray, dtype=np.float64)[: lp.n_claim_rows]) if exists else np.zeros(0)
    top = float(y.max()) if y.size else 0.0
    if not top > 0.0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    claims, where = np.unique(lp.row_claim, return_inverse=True)
    share: Floats = np.bincount(where, y, minlength=claims.shape[0]).astype(np.float64)
    keep = share > RAY_CUTOFF * top
    return claims[keep].astype(np.int64), share[keep]


def _cheapest_conflict(lp: LP, cost: Floats, spare: dict[str, Any]) -> Ints:
    """Return the claims of a least-cost IIS of ``lp``'s rows (empty if it holds).

    The Farkas certificates of ``lp`` are the non-negative multipliers of its row
    and column bounds whose combination of rows is zero and of bounds is 1; the
    supports of the vertices of that set are its IISs (Gleeson and Ryan, 1990). This
    LP finds a vertex of least cost, each multiplier of a claim row costing
    ``cost[k]`` for the claim ``lp.row_claim[k]``'s entry ``k`` of ``np.unique``
    order, the monotone rows and the variables' bounds costing nothing. Empty too
    when the solver gives no answer: the result only guides the search. The HiGHS
    instance ``spare["alt"]`` is loaded again if there is one, and kept there.
    """
    _, which = np.unique(lp.row_claim, return_inverse=True)
    n, m, n_x = lp.n_claim_rows, lp.n_row, lp.n_col
    start = lp.start.astype(np.int64)
    row_of = np.repeat(np.arange(m), np.diff(start))
    row_cost = np.concatenate([cost[which], np.zeros(m - n)])
    # One multiplier per finite end of a row, then per finite bound of a variable; the
    # alternative system has a row per variable (the combination is zero) and one
    # for the bounds (their combination is 1).
    alt_row, alt_col, alt_val, costs, rows = [], [], [], [], []
    k = 0
    for sign, ends in ((1.0, lp.row_lo), (-1.0, lp.row_hi)):
        keep = np.isfinite(ends)
        ids = np.cumsum(keep) - 1 + k
        nz = np.flatnonzero(keep[row_of])
        alt_row += [lp.index[nz].astype(np.int64), np.full(int(keep.sum()), n_x)]
        alt_col += [ids[row_of[nz]], ids[keep]]
        alt_val += [sign * lp.value[nz], sign * ends[keep]]
        costs.append(row_cost[keep])
        rows.append(np.flatnonzero(keep))
        k += int(keep.sum())
    for sign, ends in ((1.0, lp.col_lo), (-1.0, lp.col_hi)):
        keep = np.flatnonzero(np.isfinite(ends))
        ids = np.arange(k, k + keep.shape[0])
        alt_row += [keep, np.full(keep.shape[0], n_x)]
        alt_col += [ids, ids]
        alt_val += [np.full(keep.shape[0], sign), sign * ends[keep]]
        costs.append(np.zeros(keep.shape[0]))
        rows.append(np.full(keep.shape[0], m))
        k += keep.shape[0]
    r, c, v = np.concatenate(alt_row), np.concatenate(alt_col), np.concatenate(alt_val)
    nonzero = v != 0.0
    r, c, v = r[nonzero], c[nonzero], v[nonzero]
    order = np.lexsort((c, r))
    alt = LP(
        n_col=k,
        start=np.searchsorted(r[order], np.arange(n_x + 2)).astype(np.int32),
        index=c[order].astype(np.int32),
        value=v[order],
        row_lo=np.concatenate([np.zeros(n_x), [1.0]]),
        row_hi=np.concatenate([np.zeros(n_x), [1.0]]),
        col_lo=np.zeros(k),
        col_hi=np.full(k, np.inf),
        row_claim=np.zeros(0, dtype=np.int64),
        n_claim_rows=0,
        col_scale=np.ones(0),
        claim_ids=lp.claim_ids,
    )
    h = spare["alt"] = load(alt, np.concatenate(costs), into=spare.get("alt"))
    h.setOptionValue("presolve", "off")
    try:
        status = run(h, alt)
    except NumericalError:  # only a guide to the search: it goes on without it
        status = Status.INFEASIBLE
    if status is not Status.FEASIBLE:
        return np.zeros(0, dtype=np.int64)
    y = np.asarray(h.getSolution().col_value, dtype=np.float64)
    row = np.concatenate(rows)
    top = float(y.max()) if y.size else 0.0
    used = (y > RAY_CUTOFF * top) & (row < n)
    return np.unique(lp.row_claim[row[used]]).astype(np.int64)


class _Window:
    """One HiGHS instance holding the rows of some claims, switched on and off.

    A set of its claims is decided by switching the rows of the others off (their
    bounds made infinite): the same LP as the set's own, but for variables that
    only those rows mention, which nothing then constrains. ``into`` is an instance
    to load again rather than make a new one.
    """

    def __init__(self, model: LinearModel, rows: Ints, into: Any = None) -> None:
        self.lp = lp = rows_lp(model, rows)
        self.h = load(lp, into=into)
        self.h.setOptionValue("presolve", "off")
        n = lp.n_claim_rows
        self.claims, self._where = np.unique(lp.row_claim[:n], return_inverse=True)
        self._lo, self._hi = lp.row_lo[:n], lp.row_hi[:n]
        self._on = np.ones(n, dtype=np.bool_)

    def conflict(self, active: Iterable[int]) -> tuple[Ints, Floats] | None:
        """Return the certificate's claims and shares when ``active`` cannot all hold.

        ``active`` must be claims of the instance.
        """
        lp = self.lp
        wanted = np.zeros(self.claims.shape[0], dtype=np.bool_)
        wanted[np.searchsorted(self.claims, np.fromiter(active, dtype=np.int64))] = True
        on = wanted[self._where]
        changed = np.flatnonzero(on != self._on)
        if changed.size:
            self.h.changeRowsBounds(
                int(changed.shape[0]),
                changed.astype(np.int32),
                np.where(on[changed], self._lo[changed], -np.inf),
                np.where(on[changed], self._hi[changed], np.inf),
            )
            self._on = on
        if run(self.h, lp) is not Status.INFEASIBLE:
            return None
        claims, share = _certificate(self.h, lp)
        if not claims.size:  # no ray: every claim in play is a suspect
            claims = self.claims[wanted]
            share = np.ones(claims.shape[0])
        return claims, share

    def irreducible(self, claims: list[int]) -> bool:
        """Return whether ``claims`` fail together and hold without any one of them."""
        if self.conflict(claims) is None:
            return False
        return all(self.conflict([c for c in claims if c != drop]) is None for drop in claims)


def _rows_of(model: LinearModel, claims: Iterable[int]) -> Ints:
    return np.flatnonzero(np.isin(model.rows.claim, np.fromiter(claims, dtype=np.int64)))


def irreducible(model: LinearModel, claims: Sequence[int]) -> bool:
    """Return whether the claims cannot all hold while any ``len - 1`` of them can.

    The claims are decided by the LP of their own rows (:func:`rows_lp`, strict ends
    moved inward as :func:`claimkit.check` moves them), and each set of all but one
    by the same LP with that claim's rows switched off: the test every reported
    conflict set passes.
    """
    if not claims:
        return False
    return _Window(model, _rows_of(model, claims)).irreducible(sorted(set(claims)))


class Search:
    """The conflict sets of one component, found as the module describes (internal)."""

    def __init__(self, model: LinearModel, component: int) -> None:
        self.model = model
        r0, r1 = int(model.comp_row_ptr[component]), int(model.comp_row_ptr[component + 1])
        self.r0, self.r1 = r0, r1
        self.component = component
        claim = model.rows.claim[r0:r1]
        order = np.argsort(claim, kind="stable")
        self._claim_sorted = claim[order]
        self._rows_sorted = order.astype(np.int64) + r0
        self._cores: dict[frozenset[int], list[int] | None] = {}
        self._near: dict[int, frozenset[int]] = {}
        #: HiGHS instances to load again, by use (see :meth:`window`).
        self.spare: dict[str, Any] = {}
        self.claims: list[int] = np.unique(claim).tolist()
        # Variables to rows (within the component), for neighbourhoods; a series'
        # first date is fixed at 0 and links nothing.
        v0, v1 = int(model.comp_var_ptr[component]), int(model.comp_var_ptr[component + 1])
        self.v0, self.v1 = v0, v1
        gather = np.arange(int(model.row_ptr[r0]), int(model.row_ptr[r1]), dtype=np.int64)
        cols = model.row_cols[gather]
        row_of = np.repeat(np.arange(r0, r1), np.diff(model.row_ptr[r0 : r1 + 1]))
        by_var = np.argsort(cols, kind="stable")
        self._var_rows = row_of[by_var]
        self._var_ptr = np.searchsorted(cols[by_var], np.arange(v0, v1 + 1))
        series = model.var_series[v0:v1]
        self._series_lo = model.series_ptr[series] + 1
        self._series_hi = model.series_ptr[series + 1] - 1
        # Each claim's dates: the first and last of its variables that are not a
        # series' first (fixed at 0), and its first row, for "nearest first".
        counts = np.diff(model.row_ptr[r0 : r1 + 1])
        col = model.row_cols[int(model.row_ptr[r0]) : int(model.row_ptr[r1])]
        owner = np.repeat(claim, counts)
        inner = col != model.series_ptr[model.var_series[col]]
        size = int(model.rows.claim.max()) + 1
        self._day_lo = np.full(size, np.iinfo(np.int64).max)
        self._day_hi = np.full(size, np.iinfo(np.int64).min)
        np.minimum.at(self._day_lo, owner[inner], model.var_day[col[inner]])
        np.maximum.at(self._day_hi, owner[inner], model.var_day[col[inner]])
        ids, first = np.unique(claim, return_index=True)
        self._first_row = np.zeros(int(model.rows.claim.max()) + 1, dtype=np.int64)
        self._first_row[ids] = first + r0

    # -- feasibility of claim sets -----------------------------------------------

    def rows_of(self, claims: Iterable[int]) -> Ints:
        """Return the claim rows (global indices, sorted) of the given claims."""
        wanted = np.fromiter(claims, dtype=np.int64)
        lo = np.searchsorted(self._claim_sorted, wanted, side="left")
        hi = np.searchsorted(self._claim_sorted, wanted, side="right")
        return np.sort(self._rows_sorted[concat_ranges(lo, hi - lo)])

    def window(self, claims: Iterable[int], reuse: str = "") -> _Window:
        """Return a HiGHS instance holding the rows of the given claims.

        With ``reuse``, the instance last made under that name is loaded again: one
        for :meth:`core`, one for the small searches around a claim.
        """
        made = _Window(self.model, self.rows_of(claims), self.spare.get(reuse))
        if reuse:
            self.spare[reuse] = made.h
        return made

    def core(self, claims: Sequence[int], last: int | None = None) -> list[int] | None:
        """Return an IIS inside ``claims`` (``None`` if they can all hold); remembered.

        The claims are loaded alone (:class:`_Window`); from the claims of the
        solver's certificate a deletion filter (``last`` tried last) keeps those
        without which the rest holds. When that keeps them all, the set is checked
        as :func:`irreducible` checks it; else the claims kept are loaded alone and
        filtered again.
        """
        current = sorted(set(claims))
        key = frozenset(current)
        if key in self._cores:
            return self._cores[key]
        result: list[int] | None = None
        while current:
            pool = self.window(current, "core")
            clash = pool.conflict(current)
            if clash is None:
                break
            kept = clash[0].tolist()
            if kept != current and pool.conflict(kept) is None:
                kept = current
            order = [c for c in kept if c != last] + ([last] if last in kept else [])
            for claim in order:
                trial = [c for c in kept if c != claim]
                if trial and pool.conflict(trial) is not None:
                    kept = trial
            if kept == current:
                result = current
                break
            current = kept
        self._cores[key] = result
        return result

    # -- neighbourhoods ----------------------------------------------------------

    def near(self, claims: Iterable[int], width: int) -> list[int]:
        """Return the claims with a date within ``width`` dates of one of ``claims``'s.

        Each claim's neighbours a date away are worked out once and remembered.
        """
        claims = list(claims)
        if width == 1:
            found: set[int] = set()
            for claim in claims:
                mine = self._near.get(claim)
                if mine is None:
                    mine = self._near[claim] = frozenset(self._around([claim], 1))
                found |= mine
            return sorted(found)
        return self._around(claims, width)

    def _around(self, claims: list[int], width: int) -> list[int]:
        model = self.model
        rows = self.rows_of(claims)
        gather = concat_ranges(model.row_ptr[rows], model.row_ptr[rows + 1] - model.row_ptr[rows])
        local = np.unique(model.row_cols[gather]) - self.v0
        lo = np.maximum(local - width, self._series_lo[local] - self.v0)
        hi = np.minimum(local + width, self._series_hi[local] - self.v0)
        keep = hi >= lo
        window = np.unique(concat_ranges(lo[keep], hi[keep] - lo[keep] + 1))
        starts, stops = self._var_ptr[window], self._var_ptr[window + 1]
        found = self._var_rows[concat_ranges(starts, stops - starts)]
        return sorted(set(model.rows.claim[found].tolist()) | set(claims))

    def windows(self) -> list[list[int]]:
        """Return the sets of claims searched in turn (the last is the whole component).

        A claim's dates are those of its variables that are not a series' first (fixed
        at 0); windows of dates hold about :data:`CHUNK_ROWS` rows' worth of them and
        overlap by half, and a claim is in each window that holds all its dates.
        """
        model = self.model
        r0, r1 = self.r0, self.r1
        if r1 - r0 <= CHUNK_ROWS:
            return [self.claims]
        counts = np.diff(model.row_ptr[r0 : r1 + 1])
        cols = model.row_cols[int(model.row_ptr[r0]) : int(model.row_ptr[r1])]
        claim = np.repeat(model.rows.claim[r0:r1], counts)
        inner = cols != model.series_ptr[model.var_series[cols]]
        day, claim = model.var_day[cols[inner]], claim[inner]
        ids, where = np.unique(claim, return_inverse=True)
        first = np.full(ids.shape[0], np.iinfo(np.int64).max)
        last = np.full(ids.shape[0], np.iinfo(np.int64).min)
        np.minimum.at(first, where, day)
        np.maximum.at(last, where, day)
        cuts = np.unique(np.sort(day)[:: max(1, CHUNK_ROWS // 2)])
        cuts = np.append(cuts, np.iinfo(np.int64).max)
        out: list[list[int]] = []
        for k in range(max(1, cuts.shape[0] - 2)):
            stop = cuts[min(k + 2, cuts.shape[0] - 1)]
            inside = ids[(first >= cuts[k]) & (last < stop)]
            if inside.size:
                out.append(inside.tolist())
        return [*out, self.claims]

    # -- a conflict set that holds one claim ----------------------------------------

    def _days_apart(self, claim: int, others: Ints) -> Floats:
        """Return how many days lie between ``claim``'s dates and each of ``others``'s."""
        lo, hi = self._day_lo, self._day_hi
        gap = np.maximum(lo[others] - hi[claim], lo[claim] - hi[others])
        days: Floats = np.maximum(gap, 0).astype(np.float64)
        return days

    def _distance(self, claim: int, others: Iterable[int]) -> list[int]:
        """Return ``others`` nearest first, by the dates of their first rows."""
        rows = self.model.rows
        mine = self._first_row[claim]
        others = np.fromiter(others, dtype=np.int64)
        theirs = self._first_row[others]
        far = np.abs(rows.start[theirs] - rows.start[mine]) + np.abs(
            rows.end[theirs] - rows.end[mine]
        )
        result: list[int] = others[np.lexsort((others, far))].tolist()
        return result

    def _levels(self, claim: int, most: int = NEAR_CLAIMS) -> list[list[int]]:
        """Return growing neighbourhoods of ``claim``.

        Each holds the claims within ``width`` dates of the one before (``width``
        doubles when that adds none). The first is kept whatever its size; the others
        while they hold at most ``most`` claims and :data:`NEIGHBOURHOOD_ROWS` rows.
        """
        levels: list[list[int]] = []
        width, pool = 1, [claim]
        while width <= self.v1 - self.v0:
            grown = self.near(pool, width)
            big = len(grown) > most or self.rows_of(grown).size > NEIGHBOURHOOD_ROWS
            if levels and big:
                break
            if len(grown) == len(pool):
                width *= 2
            else:
                levels.append(grown)
            if big or len(grown) == len(self.claims):
                break
            pool = grown
        return levels or [pool]

    def swapped(
        self, pool: _Window, claim: int, origin: list[int], members: list[int]
    ) -> list[int] | None:
        """Return an IIS holding ``claim`` made from the conflict set ``origin``, if any.

        Overlapping conflict sets often differ in one claim (a figure that clashes
        with each of several others): ``origin`` with one of ``members`` (those a
        date or less from ``claim``) replaced by ``claim`` is tried, nearest first, in
        ``pool`` (which holds them all). ``origin`` less a member holds, so every IIS
        of the swapped set holds ``claim``; the set returned is checked by its own LP
        (:meth:`core`).
        """
        for member in self._distance(claim, members):
            trial = sorted((set(origin) - {member}) | {claim})
            if pool.conflict(trial) is not None:
                found = self.core(trial, last=claim)
                if found is not None and claim in found:
                    return found
        return None

    def containing(self, claim: int) -> list[int] | None:
        """Return an IIS that holds ``claim``, searched for among the claims around it.

        In the largest of the growing neighbourhoods of :meth:`_levels`, the IIS
        nearest to ``claim`` is found with one LP (:func:`_cheapest_conflict`, each
        claim costing one plus its distance in days from ``claim``, which costs
        nothing); that is shrunk with ``claim`` tried last. In a component of at most
        :data:`NEAR_CLAIMS` claims, that neighbourhood is then searched exhaustively
        (:meth:`_branch`, up to its budget). The set returned is checked by its own LP.
        """
        group = self._levels(claim)[-1]
        lp = rows_lp(self.model, self.rows_of(group))
        ids = np.unique(lp.row_claim)
        cost = 1.0 + self._days_apart(claim, ids)
        cost[ids == claim] = 0.0
        suspects = _cheapest_conflict(lp, cost, self.spare)
        if claim in suspects:
            found = self.core(suspects.tolist(), last=claim)
            if found is not None and claim in found:
                return found
        if len(self.claims) > NEAR_CLAIMS:
            return None
        pool = self.window(group, "near")
        if pool.conflict(group) is None:
            return None
        return self._branch(pool, claim, frozenset(group) - {claim}, set())

    def sweep(self, claim: int, holding: set[int], named: set[int]) -> list[int] | None:
        """Return an IIS through ``claim`` that names a claim not in ``named``, if found.

        ``holding`` is a set of claims that can all hold, without ``claim``: every IIS
        of ``claim`` and the claims of ``holding`` around it (:meth:`_levels`, up to
        :data:`SWEEP_CLAIMS`) holds ``claim``. The least-cost one is found with one LP
        (:func:`_cheapest_conflict`: a claim named already costs 1, any other,
        ``claim`` included, nothing), then shrunk and checked by its own LP.
        """
        group = [c for c in self._levels(claim, SWEEP_CLAIMS)[-1] if c in holding or c == claim]
        lp = rows_lp(self.model, self.rows_of(group))
        ids = np.unique(lp.row_claim)
        cost = np.isin(ids, np.fromiter(named, dtype=np.int64)).astype(np.float64)
        cost[ids == claim] = 0.0
        suspects = _cheapest_conflict(lp, cost, self.spare)
        if claim not in suspects:
            return None
        found = self.core(suspects.tolist(), last=claim)
        if found is None or claim not in found or named.issuperset(found):
            return None
        return found

    def _branch(
        self, pool: _Window, claim: int, rest: frozenset[int], seen: set[frozenset[int]]
    ) -> list[int] | None:
        """Return an IIS of ``rest + {claim}`` that holds ``claim``, if found.

        ``rest + {claim}`` must fail. If ``rest`` holds, every IIS of it holds
        ``claim``. Else one of the claims of the certificate that ``rest`` fails is
        dropped from it, depth first over which one (farthest from ``claim`` first;
        only drops that keep ``claim`` failing), visiting at most
        :data:`BRANCH_LIMIT` sets.
        """
        if rest in seen or len(seen) >= BRANCH_LIMIT:
            return None
        seen.add(rest)
        clash = pool.conflict(sorted(rest))
        if clash is None:
            found = self.core(sorted(rest | {claim}), last=claim)
            return found if found is not None and claim in found else None
        for drop in reversed(self._distance(claim, clash[0].tolist())):
            trial = rest - {drop}
            if pool.conflict(sorted(trial | {claim})) is not None:
                found = self._branch(pool, claim, trial, seen)
                if found is not None:
                    return found
        return None

    # -- the whole search ----------------------------------------------------------

    def run(self, limit: int | None) -> tuple[list[list[int]], int]:
        """Return conflict sets covering the component's conflicting claims.

        Stops at ``limit`` sets (``None``: no limit). Returns the sets and how many
        claims not named were not yet ruled out when it stopped (0 if it did not).
        """
        cover = _Cover(self, limit)
        out: set[int] = set()
        for claims in self.windows():
            if cover.full():
                break
            taken, holding = self._take(claims, out, cover)
            # The claims left in play hold, so every conflict set of a claim taken out
            # and claims in play holds that claim: put back alone, it names the claims
            # of such sets not named yet, one set at a time.
            for claim in taken:
                while not cover.full() and (subset := self.sweep(claim, holding, cover.named)):
                    cover.record(subset)
        if cover.full():
            return cover.found, len(set(self.claims) - cover.named)
        return cover.found, 0

    def _take(self, claims: list[int], out: set[int], cover: _Cover) -> tuple[list[int], set[int]]:
        """Follow the certificates of a window until the claims left in play hold.

        Each certificate's IIS is recorded, and its claim that the certificate leans
        on most (the figure that clashes with the others) is taken out of play; the
        other sets that claim is in are reached from the one found, by swaps, and by
        :meth:`sweep`. Returns the claims taken out and those left in play.
        """
        window = self.window(claims)
        active = [c for c in claims if c not in out]
        taken: list[int] = []
        while not cover.full() and (clash := window.conflict(active)) is not None:
            suspects, share = clash
            # The claims in play, decided by their own LP, when the certificate's
            # claims alone hold there (rows switched off are not quite absent).
            subset = self.core(suspects.tolist()) or self.core(active)
            cover.record(subset)
            pick = suspects if subset is None else np.asarray(subset, dtype=np.int64)
            at = np.minimum(np.searchsorted(suspects, pick), suspects.shape[0] - 1)
            weight = np.where(suspects[at] == pick, share[at], -np.inf)
            drop = int(pick[int(np.argmax(weight))])
            out.add(drop)
            active.remove(drop)
            taken.append(drop)
        return taken, set(active)


class _Cover:
    """The conflict sets found in one component so far, and the claims they name."""

    def __init__(self, search: Search, limit: int | None) -> None:
        self.search = search
        self.limit = limit
        self.found: list[list[int]] = []
        self.named: set[int] = set()
        self._origins: deque[list[int]] = deque()  # sets whose neighbours are next
        self._searches: dict[int, None] = {}  # claims to search around, in order
        self._searched: set[int] = set()
        self._busy = False

    def full(self) -> bool:
        """Return whether ``limit`` sets were found."""
        return self.limit is not None and len(self.found) >= self.limit

    def record(self, subset: list[int] | None) -> None:
        """Keep a set that names a claim not named yet, then try the claims next to it."""
        if subset is None or self.named.issuperset(subset):
            return
        self.found.append(subset)
        self.named.update(subset)
        self._origins.append(subset)
        if not self._busy:
            self._busy = True
            try:
                self._neighbours()
            finally:
                self._busy = False

    def _neighbours(self) -> None:
        """Try the claims next to each set found: they may be in another one.

        Swaps first, in one HiGHS instance per set, since they are cheap: a claim
        takes the place of a member a date or less away from it. A claim that no swap
        names is searched around once, when no set is left to swap from.
        """
        search = self.search
        while (self._origins or self._searches) and not self.full():
            if not self._origins:
                claim = next(iter(self._searches))
                self._searches.pop(claim)
                if claim not in self.named:
                    self.record(search.containing(claim))
                continue
            origin = self._origins.popleft()
            beside = {m: set(search.near([m], 1)) - self.named for m in origin}
            todo = sorted(set().union(*beside.values()))
            pool = search.window({*origin, *todo}, "near") if todo else None
            for claim in todo:
                if pool is None or claim in self.named or self.full():
                    continue
                members = [m for m in origin if claim in beside[m]]
                subset = search.swapped(pool, claim, origin, members)
                if subset is not None:
                    self.record(subset)
                elif claim not in self._searched:
                    self._searched.add(claim)
                    self._searches[claim] = None


def describe(model: LinearModel, subset: Sequence[int], spare: Any = None) -> Conflict:
    """Return the conflict set with its ``structural`` and ``touching`` flags.

    ``touching``: with closed ends the claims hold (asked only when one of them has
    a strict end). ``structural``: the claims' rows alone, over free variables,
    hold, so the clash rests on the monotone rows or the variables' bounds. ``spare``
    is a HiGHS instance to load again.
    """
    rows = _rows_of(model, subset)
    strict = bool((model.rows.lo_open[rows] | model.rows.hi_open[rows]).any())
    touching = strict and _feasible(rows_lp(model, rows, strict=False), spare)
    structural = _feasible(rows_lp(model, rows, free=True), spare)
    return Conflict(tuple(sorted(subset)), structural, touching)


def _feasible(lp: LP, spare: Any) -> bool:
    h = load(lp, into=spare)
    h.setOptionValue("presolve", "off")
    return run(h, lp) is Status.FEASIBLE


def conflicts(
    model: LinearModel, component: int, *, limit: int | None
) -> tuple[list[Conflict], int]:
    """Return conflict sets of one component that name every conflicting claim found.

    Returns the sets (at most ``limit``; ``None`` for no limit) and how many claims
    that may be in a conflict set are not named because the limit was reached.
    """
    search = Search(model, component)
    sets, left = search.run(limit)
    return [describe(model, s, search.spare.get("core")) for s in sets], left
