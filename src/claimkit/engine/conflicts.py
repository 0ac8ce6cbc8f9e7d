"""Irreducible conflict sets of a component, overlapping ones included (internal).

A *conflict set* is an irreducible infeasible subset (IIS) of claims: they cannot all
hold (with the monotone rows and the counts' bounds, which always hold), and without
any one of them the rest can. Two conflict sets may share claims. The aim is
coverage: every claim that belongs to some conflict set is named in at least one that
is reported, found without asking the solver about a whole large component.

The characterisation used: a claim ``c`` belongs to
some IIS if and only if some *feasible* set ``S`` of other claims makes ``c`` fail,
``S + {c}`` infeasible. (If so, every IIS inside ``S + {c}`` contains ``c``, since
``S`` holds; conversely an IIS ``I`` containing ``c`` gives ``S = I - {c}``.)

The search, per conflicting component:

1. one *elastic* LP (:func:`~claimkit.engine.highs.elastic`) finds the claims missed at
   a least-violation point; together they meet every conflict set;
2. for each such claim ``c`` not yet named, a *neighbourhood* of claims whose dates lie
   near ``c``'s (the window doubles until it holds a conflict set with ``c``, up to
   :data:`NEIGHBOURHOOD_ROWS` rows) is searched for a feasible ``S`` that makes ``c``
   fail: starting from every other claim of the neighbourhood, while the rest cannot
   hold, an IIS of the rest is found and one of its claims dropped, branching over
   which one (only drops that keep ``c`` failing are tried). The branch that never
   drops a claim of a suitable ``S`` reaches it, so within the neighbourhood the test
   is exact, up to :data:`BRANCH_LIMIT` branches;
3. a deletion filter shrinks ``S + {c}`` to an IIS; every claim it drops is tested,
   so the set is checked infeasible and irreducible (each member's removal lets the
   rest hold), with strict ends honoured as :func:`~claimkit.check` honours them;
4. then every other claim of the neighbourhoods searched is tried the same way, so
   that claims that are in a conflict set without being missed at the elastic point
   (the March figure that clashes with a weekly rate, when the rate is the one missed)
   are named too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine import margins
from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.highs import FEASIBILITY_TOLERANCE, Status, elastic, iis_rows, solve
from claimkit.engine.matrix import LP, LinearModel, concat_ranges

__all__ = [
    "BRANCH_LIMIT",
    "NEAR_BRANCHES",
    "NEAR_CLAIMS",
    "NEIGHBOURHOOD_ROWS",
    "Conflict",
    "Search",
    "conflicts",
    "describe",
    "irreducible",
    "rows_lp",
]

Ints = NDArray[np.int64]

#: A neighbourhood stops growing once it holds this many claim rows.
NEIGHBOURHOOD_ROWS = 400
#: The search for a conflict set holding a claim near a set found, but not missed at
#: the elastic point, looks at most this many claims around it.
NEAR_CLAIMS = 16
#: ... and visits at most this many sets.
NEAR_BRANCHES = 8
#: At most this many branches when looking for a conflict set that holds one claim.
BRANCH_LIMIT = 64


@attrs.frozen
class Conflict:
    """An irreducible infeasible subset of claims (internal).

    ``structural`` is true when the clash also rests on counts being non-negative
    and non-decreasing; ``touching`` when the claims are compatible with closed
    ends and clash only because strict ends touch.
    """

    claims: tuple[int, ...]
    structural: bool
    touching: bool


def rows_lp(model: LinearModel, rows: Ints, *, strict: bool = True) -> LP:
    """Return the LP of some claim rows, over only the variables they mention.

    Rows and variables keep the model's scales, so a set of claims is decided exactly
    as it is inside the whole model; consecutive mentioned dates of a series are tied
    by monotone rows, and a series' first date is fixed at 0.
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
            lo,
            hi,
            model.rows.lo_open[rows],
            model.rows.hi_open[rows],
            model.strict_shifts(rows, STRICT_TOLERANCE),
        )
    same = np.flatnonzero(series[1:] == series[:-1])
    n_mono, n_claim = int(same.shape[0]), int(rows.shape[0])
    start = np.empty(n_claim + n_mono + 1, dtype=np.int32)
    start[0] = 0
    np.cumsum(counts, out=start[1 : n_claim + 1])
    start[n_claim + 1 :] = start[n_claim] + 2 * np.arange(1, n_mono + 1)
    first = used == model.series_ptr[series]
    return LP(
        n_col=int(used.shape[0]),
        start=start,
        index=np.concatenate([local, np.column_stack([same, same + 1]).ravel()]).astype(np.int32),
        # Monotone rows weighted as in the whole model (see LinearModel.monotone_weight),
        # so that a small claim is decided to its own size beside a large one.
        value=np.concatenate(
            [vals, (np.array([-1.0, 1.0]) * model.monotone_weight(used[same + 1])[:, None]).ravel()]
        ),
        row_lo=np.concatenate([lo, np.zeros(n_mono)]),
        row_hi=np.concatenate([hi, np.full(n_mono, np.inf)]),
        col_lo=np.zeros(used.shape[0]),
        col_hi=np.where(first, 0.0, np.inf),
        row_claim=model.rows.claim[rows],
        n_claim_rows=n_claim,
        col_scale=col_scale,
        claim_ids=model.claim_ids,
    )


def _claim_rows(model: LinearModel, claims: Iterable[int]) -> Ints:
    return np.flatnonzero(np.isin(model.rows.claim, np.fromiter(claims, dtype=np.int64)))


def irreducible(model: LinearModel, claims: Sequence[int]) -> bool:
    """Return whether the claims cannot all hold while any ``len - 1`` of them can.

    Strict ends are honoured as in :func:`claimkit.check`.
    """

    def holds(subset: Sequence[int]) -> bool:
        rows = _claim_rows(model, subset)
        return rows.size == 0 or solve(rows_lp(model, rows)) is Status.FEASIBLE

    if not claims or holds(claims):
        return False
    return all(holds([c for c in claims if c != drop]) for drop in claims)


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
        self.claims: list[int] = np.unique(claim).tolist()
        self._known: dict[frozenset[int], bool] = {}
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

    # -- feasibility of claim sets -----------------------------------------------

    def rows_of(self, claims: Iterable[int]) -> Ints:
        """Return the claim rows (global indices) of the given claims."""
        wanted = np.fromiter(claims, dtype=np.int64)
        lo = np.searchsorted(self._claim_sorted, wanted, side="left")
        hi = np.searchsorted(self._claim_sorted, wanted, side="right")
        return np.sort(self._rows_sorted[concat_ranges(lo, hi - lo)])

    def holds(self, claims: Iterable[int]) -> bool:
        """Return whether the claims can all hold (strict ends honoured); remembered."""
        key = frozenset(claims)
        known = self._known.get(key)
        if known is None:
            rows = self.rows_of(sorted(key))
            lp = rows_lp(self.model, rows)
            known = rows.size == 0 or solve(lp, presolve=False) is Status.FEASIBLE
            self._known[key] = known
        return known

    def shrink(self, claims: Sequence[int], last: int | None = None) -> list[int]:
        """Shrink an infeasible set to an IIS with a deletion filter (``last`` tried last).

        Every claim kept was tested: without it the rest holds.
        """
        kept = list(claims)
        order = [c for c in kept if c != last] + ([last] if last in kept else [])
        for claim in order:
            trial = [c for c in kept if c != claim]
            if trial and not self.holds(trial):
                kept = trial
        return sorted(kept)

    # -- neighbourhoods ----------------------------------------------------------

    def near(self, claims: Iterable[int], width: int) -> list[int]:
        """Return the claims with a date within ``width`` dates of one of ``claims``'s."""
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

    # -- a conflict set that holds one claim ----------------------------------------

    def _distance(self, claim: int, others: Iterable[int]) -> list[int]:
        """Return ``others`` nearest first, by the dates of their first rows."""
        rows = self.model.rows
        first = self.rows_of([claim])[0]
        a, b = int(rows.start[first]), int(rows.end[first])

        def far(other: int) -> tuple[int, int]:
            row = self.rows_of([other])[0]
            return abs(int(rows.start[row]) - a) + abs(int(rows.end[row]) - b), other

        return sorted(others, key=far)

    def _with(
        self, claim: int, rest: frozenset[int], seen: set[frozenset[int]], budget: int
    ) -> list[int] | None:
        """Return an IIS of ``rest + {claim}`` that contains ``claim``, if found.

        ``rest + {claim}`` must be infeasible. Find an IIS of it (QuickXplain, nearest
        claims first); if it lacks ``claim``, drop one of its claims from ``rest``,
        depth first over which one (only drops that keep ``claim`` failing). At most
        ``budget`` sets are visited.
        """
        if rest in seen or len(seen) >= budget:
            return None
        seen.add(rest)
        order = self._distance(claim, rest)
        found = _quickxplain(self, [], [claim, *order])
        if claim in found:
            return found
        for drop in sorted(found, key=order.index, reverse=True):
            trial = rest - {drop}
            if not self.holds(trial | {claim}):
                result = self._with(claim, trial, seen, budget)
                if result is not None:
                    return result
        return None

    def containing(self, claim: int, most: int, budget: int) -> list[int] | None:
        """Return an IIS that contains ``claim``, searched in growing neighbourhoods.

        A neighbourhood stops growing at :data:`NEIGHBOURHOOD_ROWS` rows or ``most``
        claims; at most ``budget`` sets are visited in all.
        """
        width, pool, searched = 1, [claim], 0
        seen: set[frozenset[int]] = set()
        while True:
            grown = self.near(pool, width)
            if len(grown) > searched and not self.holds(grown):
                searched = len(grown)
                found = self._with(claim, frozenset(grown) - {claim}, seen, budget)
                if found is not None:
                    return self.shrink(found, last=claim)
            whole = len(grown) == len(self.claims)
            if whole or len(grown) > most or self.rows_of(grown).size > NEIGHBOURHOOD_ROWS:
                return None
            if len(grown) == len(pool):
                width *= 2
                if width > self.v1 - self.v0:
                    return None
            pool = grown

    def swapped(self, claim: int, near: list[int]) -> list[int] | None:
        """Return an IIS holding ``claim`` made from a nearby one with one claim swapped.

        Overlapping conflict sets often differ in one claim (a figure that clashes
        with each of several others): ``near`` with one member replaced by ``claim``
        is tried first, a few LPs instead of a search.
        """
        for member in near:
            trial = sorted((set(near) - {member}) | {claim})
            if not self.holds(trial):
                result = self.shrink(trial, last=claim)
                if claim in result:
                    return result
        return None

    # -- the whole search ----------------------------------------------------------

    def run(self, limit: int | None) -> tuple[list[list[int]], int]:
        """Return conflict sets covering the component's conflicting claims.

        Stops at ``limit`` sets (``None``: no limit). Returns the sets and how many
        claims that may belong to a conflict set were not yet searched when it stopped.
        """
        model = self.model
        lp = model.lp(self.component, self.component + 1, strict_shift=STRICT_TOLERANCE)
        missed = elastic(lp)
        violated = missed > FEASIBILITY_TOLERANCE
        order = np.argsort(-missed[violated], kind="stable")
        queue: list[int] = list(dict.fromkeys(lp.row_claim[violated][order].tolist()))
        n_missed = len(queue)
        origin: dict[int, list[int]] = {}
        covered: set[int] = set()
        found: list[list[int]] = []
        tried: set[int] = set()
        k = 0
        while k < len(queue):
            claim = queue[k]
            k += 1
            if claim in covered or claim in tried:
                continue
            tried.add(claim)
            if limit is not None and len(found) >= limit:
                left = {c for c in queue[k - 1 :] if c not in covered}
                return found, len(left)
            # A claim missed at the elastic point is in a conflict set but for
            # rare ties, so its search may grow further than a neighbour's.
            if k <= n_missed:
                subset = self.containing(claim, len(self.claims), BRANCH_LIMIT)
            else:
                subset = self.swapped(claim, origin[claim]) or self.containing(
                    claim, NEAR_CLAIMS, NEAR_BRANCHES
                )
            if subset is None:
                continue
            found.append(subset)
            covered.update(subset)
            # Claims near a conflict set may be in another one: try them too.
            for other in self.near(subset, 1):
                if other not in covered and other not in tried:
                    queue.append(other)
                    origin.setdefault(other, subset)
        if not found:
            # Never seen: no claim of the elastic point was in a set found nearby.
            found.append(sorted(_quickxplain(self, [], list(self.claims))))
        return found, 0


def _quickxplain(search: Search, background: list[int], candidates: list[int]) -> list[int]:
    """Return an irreducible subset of ``candidates`` that fails with ``background``.

    Junker's QuickXplain: about ``k log(n / k)`` feasibility checks for a subset of
    ``k`` claims among ``n``, instead of ``n`` for a plain deletion filter.
    """

    def qx(base: list[int], delta: bool, cands: list[int]) -> list[int]:
        if delta and base and not search.holds(base):
            return []
        if len(cands) == 1:
            return cands
        half = len(cands) // 2
        c1, c2 = cands[:half], cands[half:]
        x2 = qx(base + c1, True, c2)
        x1 = qx(base + x2, bool(x2), c1)
        return x1 + x2

    return qx(background, False, candidates)


def describe(model: LinearModel, subset: Sequence[int]) -> Conflict:
    """Return the conflict set with its ``structural`` and ``touching`` flags."""
    rows = _claim_rows(model, subset)
    touching = solve(rows_lp(model, rows, strict=False)) is Status.FEASIBLE
    # Does the clash rest on the monotone rows or the variables' bounds? Ask HiGHS
    # for an infeasible subset of the (small) group's own model.
    found = iis_rows(rows_lp(model, rows, strict=touching))
    structural = True if found is None else found[1]
    return Conflict(tuple(sorted(subset)), structural, touching)


def conflicts(
    model: LinearModel, component: int, *, limit: int | None
) -> tuple[list[Conflict], int]:
    """Return conflict sets of one component that name every conflicting claim found.

    Returns the sets (at most ``limit``; ``None`` for no limit) and how many claims
    that may be in a conflict set are not named because the limit was reached.
    """
    sets, left = Search(model, component).run(limit)
    return [describe(model, s) for s in sets], left
