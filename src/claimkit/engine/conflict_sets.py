"""The conflict sets of a check's conflicting components, and their flags (internal).

Each component's sets come from its :class:`~claimkit.engine.conflicts.Search`.
:func:`conflicts_of` shares ``max_conflicts`` out across the components breadth
first, round by round (:func:`share_out`): each component's first set, then each
one's second, and so on; :func:`limit_note` words the note of a search that stopped
there. :func:`first_sets` finds the first set of many components at once, and
:func:`second_sets` the second; :func:`first_hints` picks, of each component's local
findings that conflict, the claims most likely to be its first set.
:func:`describe_many` gives each set its ``structural`` and ``touching`` flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from claimkit.engine.conflict_layout import Layout
from claimkit.engine.conflict_lps import certificates, hold_each, rows_of_sets
from claimkit.engine.conflicts import (
    Conflict,
    Search,
    fail_each_of,
    near_first,
    row_sets_of,
)
from claimkit.engine.highs import THREADS, each_on_threads
from claimkit.engine.matrix import LinearModel, concat_ranges

__all__ = [
    "FIRST_BATCH",
    "STOPPED",
    "conflicts_of",
    "describe",
    "describe_many",
    "first_hints",
    "first_sets",
    "limit_note",
    "second_sets",
    "share_out",
    "skipped_in",
]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

#: The first sets of this many components at most are decided together (:func:`first_sets`).
FIRST_BATCH = 512


def describe(model: LinearModel, subset: Sequence[int], spare: Any = None) -> Conflict:
    """Return the conflict set with its ``structural`` and ``touching`` flags.

    ``touching``: with closed ends the claims hold (asked only when one of them has
    a strict end). ``structural``: the claims' rows alone, over free variables,
    hold, so the clash rests on the monotone rows or the variables' bounds. ``spare``
    is a HiGHS instance to load again.
    """
    return describe_many(model, [subset], spare)[0]


def describe_many(
    model: LinearModel,
    subsets: Sequence[Sequence[int]],
    spare: Any = None,
    rows: Sequence[Ints] | None = None,
) -> list[Conflict]:
    """Return each conflict set with its flags (as :func:`describe`), in a few LPs.

    The LPs that decide the flags of different sets share no variable: they are
    built side by side as one and decided together (:func:`.hold_each`). ``rows``:
    each set's claim rows (sorted), if known.
    """
    if rows is None:
        rows = rows_of_sets(model, subsets)
    strict = [bool((model.rows.lo_open[r] | model.rows.hi_open[r]).any()) for r in rows]
    spares = {"blocks": spare}
    # Elastic straight away: some sets are expected to fail (an LP of free variables,
    # as the first is, is also much slower to decide without its slacks).
    structural = hold_each(model, rows, spares, free=True, elastic=True, threads=THREADS)
    closed = hold_each(
        model,
        [r for r, s in zip(rows, strict, strict=True) if s],
        spares,
        strict=False,
        elastic=True,
        threads=THREADS,
    )
    touching = iter(closed)
    return [
        Conflict(tuple(sorted(s)), free, next(touching) if k else False)
        for s, free, k in zip(subsets, structural, strict, strict=True)
    ]


def conflicts_of(
    model: LinearModel,
    components: Sequence[int],
    *,
    limit: int | None,
    hints: Mapping[int, Sequence[int]] | None = None,
) -> tuple[list[Conflict], int, int]:
    """Return the conflict sets of conflicting components, breadth first, at most ``limit``.

    Each component, in the order given, first gets one conflict set (the first its
    search finds), until ``limit`` components have one; then each gets a second set
    (the second its search finds), in the same order, then a third, and so on, while
    sets are left (:func:`share_out`; a search stopped at ``k`` sets finds the first
    ``k`` it finds when let go further). So every conflicting group is named before
    any group is named twice, and twice before any is named three times. ``None``:
    every component is searched in full.

    The first sets are found for many components at once (:func:`first_sets`), the
    second ones too where the swaps next to the first find them (:func:`second_sets`),
    and the other searches go on a few at once, on threads (HiGHS lets go of
    Python's lock as it solves): the sets are those of the searches one after the
    other.

    ``hints``: for some components, claims that may be a conflict set (as
    :func:`first_hints` finds them); where they are, they are its first set
    (:func:`first_sets`).

    Returns the sets, component after component; how many claims of the components
    searched that may be in a conflict set are not named because the limit was
    reached; and how many components were not searched at all.
    """
    found: list[tuple[list[list[int]], int]] = []
    skipped = 0
    if limit is None:
        for at in range(0, len(components), FIRST_BATCH):
            searches = _searches(model, components[at : at + FIRST_BATCH])
            pairs = list(zip(searches, first_sets(searches, _hinted(searches, hints)), strict=True))
            found.extend(each_on_threads(lambda pair: pair[0].run(None, pair[1]), pairs))
    else:
        first: list[tuple[Search, list[int] | None, list[list[int]], int]] = []
        searched = 0
        while len(first) < limit and searched < len(components):
            # The next components, as many as may still need a set (each has one, mostly).
            size = min(limit - len(first), FIRST_BATCH)
            batch = _searches(model, components[searched : searched + size])
            searched += len(batch)
            knowns = first_sets(batch, _hinted(batch, hints))
            # Those whose first set is not known search for it: a few at once, on threads.
            pairs = list(zip(batch, knowns, strict=True))
            runs = each_on_threads(lambda pair: pair[0].run(1, pair[1]), pairs)
            for (search, known), (sets, left) in zip(pairs, runs, strict=True):
                if sets:
                    first.append((search, known, sets, left))
        skipped = len(components) - searched
        found = _deeper(model, first, limit)
    subsets = [s for sets, _ in found for s in sets]
    return describe_many(model, subsets), sum(left for _, left in found), skipped


def share_out(
    counts: list[int],
    budget: int,
    *,
    maybe: Callable[[int], bool] | None = None,
    more: Callable[[list[int], int, int, int], None] | None = None,
) -> list[int]:
    """Return how many sets each group gets of ``budget``, shared out round by round.

    In round ``r`` each group, in order, that has an ``r``-th set gets it, while the
    budget lasts: every group gets one set before any gets two, every group two before
    any gets three. ``counts``: how many sets each group has. Where they are not all
    known yet, ``maybe(k)`` says whether group ``k`` may have more than
    ``counts[k]``, and ``more(groups, r, ahead, most)`` is asked to find more of
    those groups' sets (at least ``r`` each, where they have them), setting
    ``counts`` anew, when a round reaches them with too few in hand: a few groups at
    a time, as many as may still get one. ``ahead`` is the round the sharing would
    reach if every group in this one had sets enough, ``most`` the most sets any of
    them can get: how far it is worth looking.

    Examples
    --------
    >>> from claimkit.engine.conflict_sets import share_out
    >>> share_out([3, 1, 5, 2], 7)
    [2, 1, 2, 2]
    >>> share_out([3, 1, 5, 2], 9)
    [3, 1, 3, 2]
    >>> share_out([3, 1, 5, 2], 2)
    [1, 1, 0, 0]
    """
    given = [0] * len(counts)
    level = 0
    while budget > 0:
        level += 1
        turn = [
            k
            for k, n in enumerate(given)
            if n == level - 1 and (counts[k] >= level or (maybe is not None and maybe(k)))
        ]
        at = 0
        while budget > 0 and at < len(turn):
            now = turn[at : at + budget]
            short = [k for k in now if counts[k] < level]
            if short and more is not None:
                # Were every group from here on in this round to have sets enough:
                more(short, level, level - 1 + -(-budget // (len(turn) - at)), level - 1 + budget)
            at += len(now)
            for k in now:
                if counts[k] >= level:
                    given[k], budget = level, budget - 1
        if not turn:
            break
    return given


def _deeper(
    model: LinearModel,
    first: list[tuple[Search, list[int] | None, list[list[int]], int]],
    limit: int,
) -> list[tuple[list[list[int]], int]]:
    """Return each component's sets, ``limit`` in all shared out past the first ones.

    ``first``: each component's first search (run to one set: the search, its known
    first set, sets and claims left), ``limit`` at least one for each. The sets are
    shared out round by round (:func:`share_out`). A component's search is run again,
    further, when a round reaches it with no set in hand (a search stopped at ``k``
    sets finds the first ``k`` that it finds when let go further), as far as the
    sharing may reach: from its first set to two for many components at once
    (:func:`second_sets`), else a few at once on threads. The claims left of a
    component are those its search stopped at the sets kept leaves unnamed (0 when it
    found no more).
    """
    # Each component's latest search: its sets, claims left, and the limit it ran to.
    runs = [(sets, left, 1) for _, _, sets, left in first]
    counts = [len(sets) for sets, _, _ in runs]

    def stopped(k: int) -> bool:
        sets, left, used = runs[k]
        return len(sets) == used and left > 0

    def more(short: list[int], level: int, ahead: int, most: int) -> None:
        # Run to one set with its first known, and only one more wanted: in the batch.
        batch = [runs[k][2] == 1 and first[k][1] is not None and ahead <= 2 for k in short]
        two = [k for k, b in zip(short, batch, strict=True) if b]
        again = [k for k, b in zip(short, batch, strict=True) if not b]
        # A few batches at once, on threads.
        size = max(1, min(FIRST_BATCH, -(-len(two) // THREADS)))
        parts = [two[at : at + size] for at in range(0, len(two), size)]
        done = each_on_threads(
            lambda part: second_sets([first[k][0] for k in part], [first[k][1] for k in part]),
            parts,
        )
        for k, got in zip(two, (got for part in done for got in part), strict=True):
            if got is None:
                again.append(k)
            else:
                runs[k] = (*got, 2)
        # A little further than the sharing may reach, so that it seldom asks again.
        limits = {k: max(level, min(ahead + ahead // 3, most)) for k in again}
        # The search that found the first set goes on (what it has decided stays known).
        found = each_on_threads(lambda k: first[k][0].run(limits[k], first[k][1]), again)
        for k, (sets, left) in zip(again, found, strict=True):
            runs[k] = (sets, left, limits[k])
        for k in short:
            counts[k] = len(runs[k][0])

    given = share_out(counts, limit, maybe=stopped, more=more)
    out: list[tuple[list[list[int]], int]] = []
    for k, ((search, *_), (sets, left, _)) in enumerate(zip(first, runs, strict=True)):
        kept = sets[: given[k]]
        if len(kept) < len(sets) or stopped(k):
            out.append((kept, len(set(search.claims).difference(*kept))))
        else:
            out.append((kept, left))
    return out


def second_sets(
    searches: Sequence[Search], firsts: Sequence[list[int] | None]
) -> list[tuple[list[list[int]], int] | None]:
    """Return what each search finds stopped at two sets, where its swaps find them.

    ``searches``: new, or run no further than their first set; ``firsts``: each
    one's first set (as :func:`first_sets` gives it). Each search records its first
    set and tries the claims next to it
    (:class:`~claimkit.engine.conflict_cover.Wave`); the trials of every search are
    decided together, in one stacked LP, then their checks in another
    (:func:`~claimkit.engine.conflicts.fail_each_of`, each an elastic LP straight
    away: many trials fail, and many checks too): each set by its own LP, so
    the sets are those of ``search.run(2, first)``, and so are the claims left.
    Where the swaps find no second set, the first set is the only one when the
    component holds without any one of its claims (every conflict set then holds them
    all). ``None`` where neither tells, or the first set is not known: the search
    then goes on its own way.
    """
    covers = [s.cover(2, known, swaps=False) for s, known in zip(searches, firsts, strict=True)]
    near_first(searches, firsts)  # what each wave asks first, for all at once
    waves = [cover.wave() for cover in covers]
    fails = fail_each_of(
        [(s, w.trials) for s, w in zip(searches, waves, strict=True)], elastic=True
    )
    checks = [w.checks(f) for w, f in zip(waves, fails, strict=True)]
    held = fail_each_of(list(zip(searches, checks, strict=True)), elastic=True)
    for wave, verdicts, known in zip(waves, held, firsts, strict=True):
        if known is not None:
            wave.settle(verdicts)
    # Where the swaps find no second set: when the component holds without any one
    # claim of its first set, every conflict set holds all of them, and so is that one.
    # Decided in one HiGHS instance of the component's claims, those rows switched off
    # in turn (each run starting from the last one's basis).
    only = set()
    for k, (search, cover, known) in enumerate(zip(searches, covers, firsts, strict=True)):
        if known and not cover.full():
            whole = search.window(search.claims)
            if all(whole.conflict(_without(search.claims, c)) is None for c in known):
                only.add(k)
    out: list[tuple[list[list[int]], int] | None] = []
    for k, (search, cover, known) in enumerate(zip(searches, covers, firsts, strict=True)):
        if known is not None and cover.full():
            out.append((cover.found, len(set(search.claims) - cover.named)))
        else:
            out.append((cover.found, 0) if k in only else None)
    return out


def first_sets(
    searches: Sequence[Search], hints: Sequence[Sequence[int] | None] | None = None
) -> list[list[int] | None]:
    """Return each search's first conflict set where its hint or first certificate names one.

    The claims of a search's first certificate (:meth:`.Search.suspects`, each
    search's own LP; those of components searched as one window made in one pass and
    solved a few at once, on threads, by :func:`.certificates`) are usually an IIS as
    they stand; whether they are is decided for every search at once, by the LPs of
    their own rows (:func:`.hold_each`): that they cannot all hold (one stacked
    elastic LP) and that all but any one of them can (one stacked LP). ``None`` where
    they are not an IIS, or the component holds: the search then finds its first set
    itself.

    ``hints``: for each search, claims that may be a conflict set, or ``None``. A
    hint checked so to be an IIS is that search's first set, in place of its
    certificate's (no LP of its own); else the certificate's claims are checked.

    Examples
    --------
    Two wards' admissions since 1 March, day by day; the second's 30 by 2 March
    cannot be followed by 12 by 3 March.

    >>> from datetime import date
    >>> import claimkit as ck
    >>> from claimkit.engine.conflict_sets import first_sets
    >>> from claimkit.engine.conflicts import Search
    >>> from claimkit.engine.model import build
    >>> def ward(name, figures):
    ...     return [ck.Claim(id=f"{name}{day}", measure="admissions", subject=name,
    ...                      period=ck.Period(date(2025, 3, 1), date(2025, 3, day)),
    ...                      value=ck.Range.exact(v, "person"))
    ...             for day, v in enumerate(figures, start=2)]
    >>> model = build(ck.ClaimSet(ward("north", [5, 9, 14]) + ward("south", [5, 30, 12])))
    >>> found = first_sets([Search(model, k) for k in range(model.n_components)])
    >>> [None if f is None else [model.claim_ids[c] for c in f] for f in found]
    [None, ['south3', 'south4']]
    """
    if not searches:
        return []
    suspects: list[list[int] | None] = [None] * len(searches)
    if hints is not None:
        suspects = [None if h is None else sorted(set(h)) or None for h in hints]
    # A component searched as one window: its certificate is that of its whole LP.
    whole_lp = [s.one_window and s.r1 > s.r0 for s in searches]
    small = [k for k, one in enumerate(whole_lp) if one and suspects[k] is None]
    rest = [k for k, one in enumerate(whole_lp) if not one and suspects[k] is None]
    hinted = [k for k, found in enumerate(suspects) if found is not None]
    rows = [np.arange(searches[k].r0, searches[k].r1, dtype=np.int64) for k in small]
    for k, certificate in zip(small, certificates(searches[0].model, rows), strict=True):
        suspects[k] = None if certificate is None else certificate.tolist()
    others = each_on_threads(Search.suspects, [searches[k] for k in rest])
    for k, named in zip(rest, others, strict=True):
        suspects[k] = named
    whole = [k for k, found in enumerate(suspects) if found]
    if not whole:
        return [None] * len(searches)
    found = _checked(searches, suspects, whole)
    # A hint that is no IIS: the search's first certificate is checked instead.
    missed = [k for k in hinted if found[k] is None]
    for k, again in zip(missed, first_sets([searches[k] for k in missed]), strict=True):
        found[k] = again
    return found


def _checked(
    searches: Sequence[Search], suspects: list[list[int] | None], whole: list[int]
) -> list[list[int] | None]:
    """Return the suspects (claims) of searches ``whole`` that are IISs, else ``None``."""
    trials = [
        (k, [c for c in named if c != drop])
        for k in whole
        if len(named := suspects[k] or []) > 1
        for drop in named
    ]
    model = searches[whole[0]].model
    spare: dict[str, Any] = {}
    rows = row_sets_of([searches[k] for k in whole], [[suspects[k] or []] for k in whole])
    fails = hold_each(model, rows, spare, elastic=True, threads=THREADS)
    ok = {k: not holds for k, holds in zip(whole, fails, strict=True)}
    if trials:
        rows = row_sets_of([searches[k] for k, _ in trials], [[t] for _, t in trials])
        held = hold_each(model, rows, spare, threads=THREADS)
        for (k, _), holds in zip(trials, held, strict=True):
            ok[k] = ok[k] and holds
    return [suspects[k] if ok.get(k, False) else None for k in range(len(searches))]


#: How the note on a search stopped at ``max_conflicts`` begins.
STOPPED = "the search for conflict sets stopped at max_conflicts="


def limit_note(limit: int, left: int | None, skipped: int) -> str:
    """Return the note of a search for conflict sets that stopped at ``limit`` sets.

    ``left``: how many claims of the groups searched may belong to conflict sets
    not listed (``None`` when not counted); ``skipped``: how many conflicting groups
    were not searched (see :func:`conflicts_of`). At least one of them is not 0.

    Examples
    --------
    >>> import textwrap
    >>> from claimkit.engine.conflict_sets import limit_note
    >>> print(textwrap.fill(limit_note(3, 12, 0), 80))
    the search for conflict sets stopped at max_conflicts=3: every conflicting group
    has a conflict set listed, and up to 12 more claims of the groups searched may
    belong to conflict sets not listed (raise max_conflicts, or pass None, to see
    them all)
    >>> print(textwrap.fill(limit_note(3, 0, 1), 80))
    the search for conflict sets stopped at max_conflicts=3: 1 more conflicting group
    was not searched (raise max_conflicts, or pass None, to see them all)
    >>> print(textwrap.fill(limit_note(3, None, 2), 80))
    the search for conflict sets stopped at max_conflicts=3: 2 more conflicting
    groups were not searched, and more claims may belong to conflict sets not listed
    (raise max_conflicts, or pass None, to see them all)
    """
    named = (
        f"{skipped} more conflicting group{'' if skipped == 1 else 's'} "
        f"{'was' if skipped == 1 else 'were'} not searched"
        if skipped
        else "every conflicting group has a conflict set listed"
    )
    more = "more claims" if left is None else f"up to {left} more claims of the groups searched"
    tail = f", and {more} may belong to conflict sets not listed" if left is None or left else ""
    return f"{STOPPED}{limit}: {named}{tail} (raise max_conflicts, or pass None, to see them all)"


_SKIPPED = re.compile(r"(\d+) more conflicting groups? (?:was|were) not searched")


def skipped_in(note: str) -> int:
    """Return how many conflicting groups a note of :func:`limit_note` says were not searched.

    Examples
    --------
    >>> from claimkit.engine.conflict_sets import limit_note, skipped_in
    >>> skipped_in(limit_note(3, None, 2)), skipped_in(limit_note(3, 12, 0))
    (2, 0)
    """
    found = _SKIPPED.search(note) if note.startswith(STOPPED) else None
    return 0 if found is None else int(found.group(1))


def first_hints(
    model: LinearModel, ptr: Ints, claims: Ints, margin: Floats, clash: Bools
) -> dict[int, list[int]]:
    """Return, for each component, the claims of its findings that clash most.

    The findings are given as ragged claim lists (finding ``k`` holds claims
    ``claims[ptr[k]:ptr[k + 1]]``, by index), with their margins and whether each
    is a conflict (``clash``). Of a component's conflicting findings (all claims in
    it), the one of least margin (on a tie, of the first claims in index order): its
    claims are often a conflict set (:func:`conflicts_of` takes them as ``hints``).
    The claims are given in index order.

    Examples
    --------
    >>> import numpy as np
    >>> import claimkit as ck
    >>> from claimkit.engine.conflict_sets import first_hints
    >>> from claimkit.engine.model import build
    >>> jan = ck.Period.month(2024, 1)
    >>> claims = [ck.Claim(id=n, measure="cases", subject="x", period=jan,
    ...                    value=ck.Range(lo, hi, "person"))
    ...           for n, lo, hi in [("a", 100, 200), ("b", 300, 400), ("c", 450, 500)]]
    >>> model = build(ck.ClaimSet(claims))
    >>> first_hints(model, np.array([0, 2, 4]), np.array([0, 1, 0, 2]),
    ...             np.array([-0.2, -0.5]), np.array([True, True]))
    {0: [0, 2]}
    """
    ks = np.flatnonzero(clash)
    n = (ptr[ks + 1] - ptr[ks]).astype(np.int64)
    ks, n = ks[n > 0], n[n > 0]
    if not ks.size:
        return {}
    size = max(len(model.claim_ids), int(claims.max(initial=-1)) + 1)
    owner = np.full(size, -1, dtype=np.int64)  # each claim's component (-1: it has no row)
    owner[model.rows.claim] = model.row_comp
    # Each finding's component, when all its claims are in one (else -1).
    at = np.cumsum(n) - n
    where = owner[claims[concat_ranges(ptr[ks].astype(np.int64), n)]]
    comp = np.minimum.reduceat(where, at)
    one = (comp == np.maximum.reduceat(where, at)) & (comp >= 0)
    ks, comp = ks[one], comp[one]
    # By component, then margin: the first of each component's, and those tied with it.
    order = np.lexsort((margin[ks], comp))
    ks, comp = ks[order], comp[order]
    head = np.flatnonzero(np.r_[True, comp[1:] != comp[:-1]]) if comp.size else comp
    least = np.repeat(margin[ks[head]], np.diff(np.r_[head, comp.size]))
    best: dict[int, list[int]] = {}
    tied = margin[ks] == least
    for c, k in zip(comp[tied].tolist(), ks[tied].tolist(), strict=True):
        named = sorted(set(claims[ptr[k] : ptr[k + 1]].tolist()))
        if c not in best or named < best[c]:
            best[c] = named
    return dict(sorted(best.items()))


def _hinted(
    searches: Sequence[Search], hints: Mapping[int, Sequence[int]] | None
) -> list[Sequence[int] | None] | None:
    """Return the hint of each search's component, if any (``None``: no hints at all)."""
    if not hints:
        return None
    return [hints.get(s.component) for s in searches]


def _searches(model: LinearModel, components: Sequence[int]) -> list[Search]:
    """Return a new search of each component, with one layout of them all."""
    layout = Layout(model, components)
    return [Search(model, c, layout) for c in components]


def _without(claims: list[int], drop: int) -> list[int]:
    return [c for c in claims if c != drop]
