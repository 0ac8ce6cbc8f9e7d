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
   certificate shows another conflict (:meth:`Search._take`). The first certificate
   (:meth:`Search.suspects`) of many components is checked for all of them at once
   (:func:`claimkit.engine.conflict_sets.first_sets`), and a search given its first
   set records it before it begins;
2. the claims next to each set found (a date on either side) may be in another
   conflict set: each is tried in place of each member of the set, the trials of
   every set found since the last such round decided together, and the sets of all
   but one member of each failing trial too, in a few runs of one stacked LP
   (:class:`~claimkit.engine.conflict_cover.Wave`, :meth:`Search.hold_each`); a
   claim that no swap names is searched around once (:meth:`Search.containing`): the
   IIS nearest to it among the claims around it comes from one LP over the certificates
   (:func:`.cheapest_conflict`), and in a component of at most :data:`NEAR_CLAIMS`
   claims the search branches over which claim of a failing rest to drop, up to
   :data:`BRANCH_LIMIT` sets. So the March figure that clashes with a weekly rate is
   named beside the March-versus-quarter conflict;
3. the claims left in play hold, so every conflict set made of a claim taken out and
   claims in play holds that claim: after every window (the limit may be reached
   first: this is the costliest way to name a claim), each claim taken out is put
   back alone beside the claims its window left in play and the least-cost such set,
   claims named already costing more, names the others, one set at a time
   (:meth:`Search.sweep`);
4. when the limit is not reached, each claim not named around the claims taken out
   of play (every conflict set holds one of them) is searched around once, but for
   those whose neighbourhood holds, a few stacked LPs deciding that for them all
   (:meth:`Search._last_pass`): so a claim whose only conflict set is made of claims
   named by other sets, with dates far from theirs, is named too.

The sets of a check's conflicting components, and each set's flags, come from
:mod:`claimkit.engine.conflict_sets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.conflict_cover import Cover
from claimkit.engine.conflict_layout import Layout
from claimkit.engine.conflict_lps import (
    CLEAR_MISS,
    Window,
    cheapest_conflict,
    hold_each,
    irreducible,
    rows_lp,
)
from claimkit.engine.matrix import LinearModel, concat_ranges

__all__ = [
    "BRANCH_LIMIT",
    "CHUNK_ROWS",
    "CLEAR_MISS",
    "NEAR_BATCH",
    "NEAR_CLAIMS",
    "NEIGHBOURHOOD_ROWS",
    "SWEEP_CLAIMS",
    "Conflict",
    "Search",
    "fail_each_of",
    "irreducible",
    "near_first",
    "row_sets_of",
    "rows_lp",
]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

#: A component of more claim rows than this is searched a window of dates at a time.
CHUNK_ROWS = 400
#: The sweep around a claim taken out of play looks at most this many claims around it.
SWEEP_CLAIMS = 64
#: The neighbours of claims are worked out for this many claims at a time (by date).
NEAR_BATCH = 256
#: A neighbourhood stops growing once it holds this many claim rows.
NEIGHBOURHOOD_ROWS = 400
#: The search for a conflict set holding a claim next to a set found looks at most
#: this many claims around it.
NEAR_CLAIMS = 16
#: ... and, in a component of at most that many claims, visits at most this many sets
#: (the last pass, :meth:`Search._last_pass`, four times as many).
BRANCH_LIMIT = 64


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


class Search:
    """The conflict sets of one component, found as the module describes (internal).

    ``layout``: where the claims of several components lie (:class:`.Layout`), this
    one's among them, when many are searched; one is made for this one alone if not
    given. The searches of many components then cost no pass of their own over their
    rows.
    """

    def __init__(self, model: LinearModel, component: int, layout: Layout | None = None) -> None:
        self.model = model
        r0, r1 = int(model.comp_row_ptr[component]), int(model.comp_row_ptr[component + 1])
        self.r0, self.r1 = r0, r1
        self.component = component
        self.v0 = int(model.comp_var_ptr[component])
        self.v1 = int(model.comp_var_ptr[component + 1])
        self._cores: dict[frozenset[int], list[int] | None] = {}
        self._failing: dict[frozenset[int], bool] = {}
        self._near: dict[int, frozenset[int]] = {}
        #: HiGHS instances to load again, by use (see :meth:`window`).
        self.spare: dict[str, Any] = {}
        layout = self._layout = Layout(model, [component]) if layout is None else layout
        self._by_day = layout.claims_by_day(component)
        self.claims: list[int] = np.sort(self._by_day).tolist()

    # -- feasibility of claim sets -----------------------------------------------

    def rows_of(self, claims: Iterable[int]) -> Ints:
        """Return the claim rows (global indices, sorted) of the given claims."""
        return self._layout.row_sets([list(claims)])[0]

    def window(self, claims: Iterable[int], reuse: str = "") -> Window:
        """Return a HiGHS instance holding the rows of the given claims.

        With ``reuse``, the instance last made under that name is loaded again: one
        for :meth:`core`, one for the small searches around a claim.
        """
        made = Window(self.model, self.rows_of(claims), self.spare.get(reuse))
        if reuse:
            self.spare[reuse] = made.h
        return made

    def fail_each(self, sets: Sequence[Sequence[int]], *, elastic: bool = False) -> list[bool]:
        """Return whether each set of claims cannot all hold, by its own LP; remembered.

        A set tried in a swap is often tried again from another conflict set that
        shares claims with the first. The sets not known yet are decided together
        (:func:`fail_each_of`; ``elastic`` when some are expected to fail).
        """
        return fail_each_of([(self, sets)], elastic=elastic)[0]

    def hold_each(
        self, sets: Sequence[Sequence[int]], *, peel: bool = True, elastic: bool = False
    ) -> list[bool]:
        """Return whether each set of claims can hold, each by its own LP, decided together.

        The LPs are stacked into one (:func:`.hold_each`), and the sets that fail
        found one Farkas certificate at a time (``peel``: few of them fail) or by
        one elastic LP (straight away with ``elastic``: some are expected to fail).
        """
        if not sets:
            return []
        return hold_each(self.model, self.row_sets(sets), self.spare, peel=peel, elastic=elastic)

    def row_sets(self, sets: Sequence[Sequence[int]]) -> list[Ints]:
        """Return the claim rows (sorted) of each set of claims (:meth:`rows_of` of each)."""
        return self._layout.row_sets(sets)

    def core(self, claims: Sequence[int], last: int | None = None) -> list[int] | None:
        """Return an IIS inside ``claims`` (``None`` if they can all hold); remembered.

        The claims are loaded alone (:class:`Window`); when the claims of the
        solver's certificate fail without the others, they are loaded alone in turn.
        Else a deletion filter (``last`` tried last) keeps the claims without which
        the rest holds: the trials of all of them are decided together first
        (:meth:`.Window.trials`, the LPs :func:`irreducible` asks), and only claims
        whose trial fails are tried in turn. When that keeps them all, the set is
        irreducible; else the claims kept are loaded alone and filtered again.
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
            if kept != current and pool.conflict(kept) is not None:
                current = kept  # the certificate's claims fail: loaded alone next
                continue
            kept = current
            # Each claim whose trial holds stays (so does it in any smaller trial):
            # the trials of all claims are decided together, and only the others are
            # tried in turn, the first one's verdict already known.
            holds = dict(zip(kept, pool.trials(kept, self.spare), strict=True))
            order = [c for c in kept if c != last] + ([last] if last in kept else [])
            for claim in order:
                trial = [c for c in kept if c != claim]
                if not trial or holds[claim]:
                    continue
                if kept == current or pool.conflict(trial) is not None:
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
            for mine in self.near_each(claims):
                found |= mine
            return sorted(found)
        return self._around(claims, width)

    def near_each(self, claims: Sequence[int]) -> list[frozenset[int]]:
        """Return, for each claim, the claims with a date within one date of one of its own.

        Each claim's set (itself included) is worked out once and remembered; those
        not known yet are worked out together, with the others of their batches of
        :data:`NEAR_BATCH` claims by first date (the search goes on around them); on
        the first call (mostly the members of the first set found, in a search that
        may stop at its second), those claims alone.
        """
        missing = [c for c in claims if c not in self._near]
        if missing and not self._near:
            fresh = sorted(set(missing))
            self._near.update(zip(fresh, self._around_each(fresh), strict=True))
        elif missing:
            layout = self._layout
            rank = layout.day_rank[np.asarray(missing, dtype=np.int64) - layout.claim_base]
            starts = np.unique(rank // NEAR_BATCH) * NEAR_BATCH
            stops = np.minimum(starts + NEAR_BATCH, self._by_day.shape[0])
            picked = np.sort(self._by_day[concat_ranges(starts, stops - starts)]).tolist()
            fresh = [c for c in picked if c not in self._near]
            self._near.update(zip(fresh, self._around_each(fresh), strict=True))
        return [self._near[c] for c in claims]

    def _around_each(self, claims: list[int]) -> list[frozenset[int]]:
        """Return :meth:`_around` ``([claim], 1)`` of each claim (sorted, distinct), as sets."""
        return self._layout.around_each(claims)

    def _around(self, claims: list[int], width: int) -> list[int]:
        model, layout = self.model, self._layout
        rows = self.rows_of(claims)
        gather = concat_ranges(model.row_ptr[rows], model.row_ptr[rows + 1] - model.row_ptr[rows])
        cols = np.unique(model.row_cols[gather])
        # A series' first date is fixed at 0: it is no claim's date.
        series = model.var_series[cols]
        inner = cols != model.series_ptr[series]
        cols, series = cols[inner], series[inner]
        lo = np.maximum(cols - width, model.series_ptr[series] + 1)
        hi = np.minimum(cols + width, model.series_ptr[series + 1] - 1)
        keep = hi >= lo
        window = np.unique(concat_ranges(lo[keep], hi[keep] - lo[keep] + 1)) - layout.var_base
        starts, stops = layout.var_ptr[window], layout.var_ptr[window + 1]
        found = layout.var_rows[concat_ranges(starts, stops - starts)]
        return sorted(set(model.rows.claim[found].tolist()) | set(claims))

    @property
    def one_window(self) -> bool:
        """Whether the component is searched as one window (:meth:`windows`)."""
        return self.r1 - self.r0 <= CHUNK_ROWS

    def windows(self) -> list[list[int]]:
        """Return the sets of claims searched in turn (the last is the whole component).

        A claim's dates are those of its variables that are not a series' first (fixed
        at 0); windows of dates hold about :data:`CHUNK_ROWS` rows' worth of them and
        overlap by half, and a claim is in each window that holds all its dates.
        """
        model = self.model
        r0, r1 = self.r0, self.r1
        if self.one_window:
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
        layout = self._layout
        lo, hi, base = layout.day_lo, layout.day_hi, layout.claim_base
        claim, others = claim - base, others - base
        gap = np.maximum(lo[others] - hi[claim], lo[claim] - hi[others])
        days: Floats = np.maximum(gap, 0).astype(np.float64)
        return days

    def distance(self, claim: int, others: Iterable[int]) -> list[int]:
        """Return ``others`` nearest first, by the dates of their first rows."""
        rows = self.model.rows
        first_row, base = self._layout.first_row, self._layout.claim_base
        mine = first_row[claim - base]
        others = np.fromiter(others, dtype=np.int64)
        theirs = first_row[others - base]
        far = np.abs(rows.start[theirs] - rows.start[mine]) + np.abs(
            rows.end[theirs] - rows.end[mine]
        )
        result: list[int] = others[np.lexsort((others, far))].tolist()
        return result

    def neighbourhood(self, claim: int, most: int = NEAR_CLAIMS) -> list[int]:
        """Return the largest of the growing neighbourhoods of ``claim`` (sorted).

        Each holds the claims within ``width`` dates of the one before (``width``
        doubles when that adds none). The first is kept whatever its size; the others
        while they hold at most ``most`` claims and :data:`NEIGHBOURHOOD_ROWS` rows.
        While ``width`` is 1, a neighbourhood grows from the claims the last one
        added, each one's neighbours being remembered.
        """
        last: list[int] | None = None
        width, pool = 1, [claim]
        members, frontier = {claim}, [claim]
        rows_by_claim, base = self._layout.n_rows, self._layout.claim_base
        n_rows = int(rows_by_claim[claim - base])
        while width <= self.v1 - self.v0:
            if width == 1:
                added: set[int] = set()
                for mine in self.near_each(frontier):
                    added |= mine
                added -= members
                grown_rows = (
                    n_rows + int(rows_by_claim[np.fromiter(added, np.int64) - base].sum())
                    if added
                    else n_rows
                )
                grown = sorted(members | added) if added else pool
            else:
                added = set()
                grown = self.near(pool, width)
                grown_rows = int(self.rows_of(grown).size)
            big = len(grown) > most or grown_rows > NEIGHBOURHOOD_ROWS
            if last is not None and big:
                break
            if len(grown) == len(pool):
                width *= 2
            else:
                last = grown
            if big or len(grown) == len(self.claims):
                break
            pool, frontier, n_rows = grown, list(added), grown_rows
            members |= added
        return pool if last is None else last

    def swapped(self, claim: int, origin: list[int], members: list[int]) -> list[int] | None:
        """Return an IIS holding ``claim`` made from the conflict set ``origin``, if any.

        Overlapping conflict sets often differ in one claim (a figure that clashes
        with each of several others): ``origin`` with one of ``members`` (those a
        date or less from ``claim``) replaced by ``claim`` is tried, nearest first
        (:meth:`fail_each`). ``origin`` less a member holds, so every IIS of the
        swapped set holds ``claim``; the set returned is checked by its own LP
        (:meth:`core`).
        """
        for member in self.distance(claim, members):
            trial = sorted((set(origin) - {member}) | {claim})
            if self.fail_each([trial])[0]:
                found = self.core(trial, last=claim)
                if found is not None and claim in found:
                    return found
        return None

    def containing(self, claim: int, budget: int = BRANCH_LIMIT) -> list[int] | None:
        """Return an IIS that holds ``claim``, searched for among the claims around it.

        In the largest of the growing neighbourhoods (:meth:`neighbourhood`), the
        IIS nearest to ``claim`` is found with one LP (:func:`.cheapest_conflict`,
        each claim costing one plus its distance in days from ``claim``, which costs
        nothing); that is shrunk with ``claim`` tried last. In a component of at most
        :data:`NEAR_CLAIMS` claims, that neighbourhood is then searched exhaustively
        (:meth:`_branch`, visiting up to ``budget`` sets). The set returned is checked
        by its own LP.
        """
        group = self.neighbourhood(claim)
        lp = rows_lp(self.model, self.rows_of(group))
        ids = np.unique(lp.row_claim)
        cost = 1.0 + self._days_apart(claim, ids)
        cost[ids == claim] = 0.0
        suspects = cheapest_conflict(lp, cost, self.spare)
        if claim in suspects:
            found = self.core(suspects.tolist(), last=claim)
            if found is not None and claim in found:
                return found
        if len(self.claims) > NEAR_CLAIMS:
            return None
        pool = self.window(group, "near")
        if pool.conflict(group) is None:
            return None
        return self._branch(pool, claim, frozenset(group) - {claim}, set(), budget)

    def sweep(self, claim: int, holding: set[int], named: set[int]) -> list[int] | None:
        """Return an IIS through ``claim`` that names a claim not in ``named``, if found.

        ``holding`` is a set of claims that can all hold, without ``claim``: every IIS
        of ``claim`` and the claims of ``holding`` around it (:meth:`neighbourhood`,
        up to :data:`SWEEP_CLAIMS`) holds ``claim``. The least-cost one is found with one LP
        (:func:`.cheapest_conflict`: a claim named already costs 1, any other,
        ``claim`` included, nothing), then shrunk and checked by its own LP.
        """
        group = [c for c in self.neighbourhood(claim, SWEEP_CLAIMS) if c in holding or c == claim]
        lp = rows_lp(self.model, self.rows_of(group))
        ids = np.unique(lp.row_claim)
        cost = np.isin(ids, np.fromiter(named, dtype=np.int64)).astype(np.float64)
        cost[ids == claim] = 0.0
        suspects = cheapest_conflict(lp, cost, self.spare)
        if claim not in suspects:
            return None
        found = self.core(suspects.tolist(), last=claim)
        if found is None or claim not in found or named.issuperset(found):
            return None
        return found

    def _branch(
        self,
        pool: Window,
        claim: int,
        rest: frozenset[int],
        seen: set[frozenset[int]],
        budget: int = BRANCH_LIMIT,
    ) -> list[int] | None:
        """Return an IIS of ``rest + {claim}`` that holds ``claim``, if found.

        ``rest + {claim}`` must fail. If ``rest`` holds, every IIS of it holds
        ``claim``. Else one of the claims of the certificate that ``rest`` fails is
        dropped from it, depth first over which one (farthest from ``claim`` first;
        only drops that keep ``claim`` failing), visiting at most ``budget`` sets.
        """
        if rest in seen or len(seen) >= budget:
            return None
        seen.add(rest)
        clash = pool.conflict(sorted(rest))
        if clash is None:
            found = self.core(sorted(rest | {claim}), last=claim)
            return found if found is not None and claim in found else None
        for drop in reversed(self.distance(claim, clash[0].tolist())):
            trial = rest - {drop}
            if pool.conflict(sorted(trial | {claim})) is not None:
                found = self._branch(pool, claim, trial, seen, budget)
                if found is not None:
                    return found
        return None

    # -- the whole search ----------------------------------------------------------

    def suspects(self) -> list[int] | None:
        """Return the claims of the first certificate :meth:`run` follows (``None``: none).

        That of the first window whose claims cannot all hold, as :meth:`_take` reads
        it: when these claims are an IIS, they are the first set :meth:`run` finds.
        """
        for claims in self.windows():
            clash = self.window(claims).conflict(claims)
            if clash is not None:
                return [int(c) for c in clash[0]]
        return None

    def run(
        self, limit: int | None, first: Sequence[int] | None = None
    ) -> tuple[list[list[int]], int]:
        """Return conflict sets covering the component's conflicting claims.

        Stops at ``limit`` sets (``None``: no limit). Returns the sets and how many
        claims not named were not yet ruled out when it stopped (0 if it did not).
        ``first``: an IIS known already (the claims of :meth:`suspects`, checked),
        recorded before the search begins.
        """
        cover = self.cover(limit, first)
        out: set[int] = set()
        swept: list[tuple[list[int], set[int]]] = []
        for claims in self.windows():
            if cover.full():
                break
            swept.append(self._take(claims, out, cover))
        # The claims left in play by a window hold, so every conflict set of a claim
        # taken out there and claims in play holds that claim: put back alone, it
        # names the claims of such sets not named yet, one set at a time. The costliest
        # way to name a claim, so it comes after every window.
        for taken, holding in swept:
            for claim in taken:
                while not cover.full() and (subset := self.sweep(claim, holding, cover.named)):
                    cover.record(subset)
        self._last_pass(sorted(out), cover)
        if cover.full():
            return cover.found, len(set(self.claims) - cover.named)
        return cover.found, 0

    def cover(self, limit: int | None, first: Sequence[int] | None, *, swaps: bool = True) -> Cover:
        """Return the :class:`.Cover` :meth:`run` starts from, ``first`` recorded in it.

        ``swaps=False``: the claims next to ``first`` are not tried yet (its
        :meth:`.Cover.wave` is).
        """
        cover = Cover(self, limit, swaps=swaps)
        if first is not None:
            self._cores[frozenset(first)] = sorted(first)  # what :meth:`_take` finds first
            cover.record(sorted(first))
        return cover

    def _last_pass(self, out: list[int], cover: Cover) -> None:
        """Search around each claim not named yet that may still be in a conflict set.

        The claims left in play hold, so every conflict set holds a claim of ``out``
        (those taken out of play). A claim whose conflict sets hold only claims named
        by other sets, all more than a date away, is reached by no swap and no sweep:
        each claim not named in the neighbourhoods of the claims of ``out`` (in a
        component of at most :data:`SWEEP_CLAIMS` claims, each claim not named) is
        searched around (:meth:`containing`, branching over four times as many sets),
        but for those whose own neighbourhood holds no claim of ``out`` or holds, the
        latter decided for all of them by a few stacked LPs (:meth:`hold_each`).
        """
        if cover.full():
            return
        if len(self.claims) <= SWEEP_CLAIMS:
            around = set(self.claims)
        else:
            around = set()
            for claim in out:
                around.update(self.neighbourhood(claim))
        # A conflict set inside a claim's neighbourhood holds a claim taken out.
        taken = set(out)
        candidates, groups = [], []
        for claim in sorted(around - cover.named):
            group = self.neighbourhood(claim)
            if not taken.isdisjoint(group):
                candidates.append(claim)
                groups.append(group)
        if not candidates:
            return
        holds = self.hold_each(groups, peel=False)
        for claim, held in zip(candidates, holds, strict=True):
            if cover.full():
                return
            if not held and claim not in cover.named:
                cover.record(self.containing(claim, 4 * BRANCH_LIMIT))

    def _take(self, claims: list[int], out: set[int], cover: Cover) -> tuple[list[int], set[int]]:
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


def fail_each_of(
    asks: Sequence[tuple[Search, Sequence[Sequence[int]]]], *, elastic: bool = False
) -> list[list[bool]]:
    """Return, for each search and sets of its claims, whether each set cannot all hold.

    Each set is decided by its own LP, and remembered by its search
    (:meth:`Search.fail_each`). The sets not known yet, of every search, are decided
    together: their LPs stacked into one (:func:`.hold_each`, an elastic LP straight
    away with ``elastic``, when some are expected to fail; else failing ones found
    one certificate at a time), in the HiGHS instances the first search keeps.
    """
    unknown: list[list[frozenset[int]]] = []
    for search, sets in asks:
        unknown.append(
            list(dict.fromkeys(k for s in sets if (k := frozenset(s)) not in search._failing))
        )
    rows = row_sets_of([search for search, _ in asks], unknown)
    if rows:
        first = asks[0][0]
        holds = iter(hold_each(first.model, rows, first.spare, peel=not elastic, elastic=elastic))
        for (search, _), keys in zip(asks, unknown, strict=True):
            search._failing.update((k, not next(holds)) for k in keys)
    return [[search._failing[frozenset(s)] for s in sets] for search, sets in asks]


def row_sets_of(searches: Sequence[Search], sets: Sequence[Sequence[Iterable[int]]]) -> list[Ints]:
    """Return the claim rows (sorted) of each set of ``sets[k]``, claims of ``searches[k]``.

    In order, ``sets[0]``'s first: :meth:`Search.row_sets` of each, in one pass over
    the rows of each layout the searches share, whatever their number.
    """
    found: dict[int, list[Ints]] = {}
    for ks in _by_layout(searches):
        mine = [sorted(s) for k in ks for s in sets[k]]
        if mine:
            got = iter(searches[ks[0]]._layout.row_sets(mine))
            for k in ks:
                found[k] = [next(got) for _ in sets[k]]
    return [rows for k in range(len(searches)) for rows in found.get(k, [])]


def near_first(searches: Sequence[Search], sets: Sequence[Sequence[int] | None]) -> None:
    """Work out ``searches[k].near_each(sets[k])`` where it would be that search's first call.

    The first call works out the claims asked alone (:meth:`Search.near_each`): for
    many searches at once, one pass over the rows of each layout they share instead
    of one per search. What each search then remembers is what that call would leave.
    """
    asks = [(s, sorted(set(c))) for s, c in zip(searches, sets, strict=True) if c and not s._near]
    for ks in _by_layout([search for search, _ in asks]):
        # A component's claims are its own: those of different searches never repeat.
        wanted = sorted(c for k in ks for c in asks[k][1])
        near = dict(zip(wanted, asks[ks[0]][0]._layout.around_each(wanted), strict=True))
        for k in ks:
            search, claims = asks[k]
            search._near.update((c, near[c]) for c in claims)


def _by_layout(searches: Sequence[Search]) -> list[list[int]]:
    """Return the searches' indices grouped by the layout they share, in order."""
    at: dict[int, list[int]] = {}
    for k, search in enumerate(searches):
        at.setdefault(id(search._layout), []).append(k)
    return list(at.values())
