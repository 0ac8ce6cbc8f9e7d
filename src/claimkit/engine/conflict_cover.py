"""The conflict sets one search has found, and the swaps that grow them (internal).

A :class:`~claimkit.engine.conflicts.Search` records each conflict set it finds in a
:class:`Cover`, which then tries the claims next to it (:class:`Wave`): each takes
the place of a member of the set a date or less from it, and the trials that fail are
often conflict sets too. A wave's LPs are decided by the search
(:meth:`~claimkit.engine.conflicts.Search.fail_each`), or, for the first wave of many
searches at once, by :func:`claimkit.engine.conflict_sets.conflicts_of` in a few
stacked LPs (:func:`~claimkit.engine.conflicts.fail_each_of`): the verdicts, and so
the sets, are the same.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimkit.engine.conflicts import Search

__all__ = ["Cover", "Wave"]


class Cover:
    """The conflict sets found in one component so far, and the claims they name.

    ``swaps=False`` records sets without trying the claims next to them until
    :meth:`wave` is called.
    """

    def __init__(self, search: Search, limit: int | None, *, swaps: bool = True) -> None:
        self.search = search
        self.limit = limit
        self.found: list[list[int]] = []
        self.named: set[int] = set()
        self._origins: deque[list[int]] = deque()  # sets whose neighbours are next
        self._searches: dict[int, None] = {}  # claims to search around, in order
        self._searched: set[int] = set()
        self._screened: set[int] = set()  # claims whose neighbourhood was decided
        self._busy = not swaps

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

    def wave(self) -> Wave:
        """Return the swaps around the sets recorded since the last wave (taken off)."""
        origins = list(self._origins)
        self._origins.clear()
        return Wave(self, origins)

    def _neighbours(self) -> None:
        """Try the claims next to each set found: they may be in another one.

        Swaps first, since they are cheap: a claim takes the place of a member a
        date or less away from it, the swaps of every set waiting decided together
        (:class:`Wave`). A claim that no swap names is searched around once, when no
        set is left to swap from.
        """
        search = self.search
        while (self._origins or self._searches) and not self.full():
            if not self._origins:
                self._screen()
                if not self._searches:
                    break
                claim = next(iter(self._searches))
                self._searches.pop(claim)
                if claim not in self.named:
                    self.record(search.containing(claim))
                continue
            wave = self.wave()
            checks = wave.checks(search.fail_each(wave.trials, elastic=True))
            wave.settle(search.fail_each(checks))

    def _screen(self) -> None:
        """Drop the claims to search around whose neighbourhood holds.

        :meth:`Search.containing` finds none there. The neighbourhoods of the claims
        waiting are decided together (a stacked LP, and an elastic one if some fail).
        """
        search = self.search
        waiting = [c for c in self._searches if c not in self._screened]
        self._screened.update(waiting)
        groups = [search.neighbourhood(c) for c in waiting]
        for claim, held in zip(waiting, search.hold_each(groups, peel=False), strict=True):
            if held:
                self._searches.pop(claim)


class Wave:
    """The swaps into each of ``origins`` (sets a cover recorded), in turn.

    For each claim a date or less from a member of an origin and not named yet, the
    origin with one such member replaced by the claim is tried, nearest member first
    (:attr:`trials`). The origin less a member holds, so every IIS of a swapped set
    that fails holds the claim. Once the trials are decided, the sets of all but one
    member (not the claim) of each first failing one are (:meth:`checks`): a trial
    whose sets all hold is an IIS, as it stands; for any other claim
    :meth:`Search.swapped` decides (:meth:`settle`).
    """

    def __init__(self, cover: Cover, origins: list[list[int]]) -> None:
        search = cover.search
        self.cover = cover
        self.plan: list[tuple[int, list[int], list[int], list[list[int]]]] = []
        for origin in origins:
            beside = {
                m: set(mine) - cover.named
                for m, mine in zip(origin, search.near_each(origin), strict=True)
            }
            for claim in sorted(set().union(*beside.values())):
                members = search.distance(claim, [m for m in origin if claim in beside[m]])
                trials = [sorted((set(origin) - {m}) | {claim}) for m in members]
                self.plan.append((claim, origin, members, trials))
        #: The swapped sets, to be decided (whether each cannot hold) in this order.
        self.trials = [t for *_, trials in self.plan for t in trials]
        self._first: list[list[int] | None] = []

    def checks(self, fails: list[bool]) -> list[list[int]]:
        """Return the sets to decide next, given whether each of :attr:`trials` fails.

        The rest of each claim's first failing trial holds without the claim (the
        origin less a member): it is an IIS when it holds without any one of its
        other members.
        """
        verdicts = iter(fails)
        self._first = [
            next(iter([t for t in trials if next(verdicts)]), None) for *_, trials in self.plan
        ]
        return [
            [c for c in trial if c != drop]
            for (claim, *_), trial in zip(self.plan, self._first, strict=True)
            if trial is not None
            for drop in trial
            if drop != claim
        ]

    def settle(self, fails: list[bool]) -> None:
        """Record the sets the swaps name, given whether each of :meth:`checks`' fails."""
        cover, search = self.cover, self.cover.search
        held = (not f for f in fails)
        irreducible = []
        for (claim, *_), trial in zip(self.plan, self._first, strict=True):
            rest = [] if trial is None else [next(held) for c in trial if c != claim]
            irreducible.append(trial is not None and all(rest))
        for (claim, origin, members, _), trial, whole in zip(
            self.plan, self._first, irreducible, strict=True
        ):
            if claim in cover.named or cover.full():
                continue
            subset = trial if whole else None
            if subset is None and trial is not None:
                subset = search.swapped(claim, origin, members)
            if subset is not None:
                cover.record(subset)
            elif claim not in cover._searched:
                cover._searched.add(claim)
                cover._searches[claim] = None
