"""Spans tiled by the consecutive sub-periods they enclose (internal).

A total over a quarter equals the sum of the totals over its three months; a year's
equals its four quarters'. :func:`tilings` finds such tilings among the distinct
spans of the claims, one per tiled span, for :mod:`claimkit.engine.findings` to turn
into time-additivity findings. Spans are given as :func:`claimkit.engine.findings`
sorts them: by series set, start, then end descending, with each span's smallest
enclosing span (its *parent*) already found.

>>> import numpy as np
>>> from claimkit.engine.tilings import tilings
>>> s = np.zeros(4, dtype=np.int64)           # one series set
>>> a = np.array([0, 0, 31, 60])              # Q1, Jan, Feb, Mar (days from Jan 1)
>>> b = np.array([91, 31, 60, 91])
>>> parent = np.array([-1, 0, 0, 0])
>>> tilings((s, a, b, np.arange(4)), parent, np.zeros(0, dtype=np.int64))
[(0, [1, 2, 3])]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["CHAIN_SCAN", "tilings"]

Ints = NDArray[np.int64]

#: At most this many spans inside a span are searched for a chain of sub-periods.
CHAIN_SCAN = 4096


def tilings(
    spans: tuple[Ints, Ints, Ints, Ints], parent: Ints, triples: Ints
) -> list[tuple[int, list[int]]]:
    """Return ``(span, tiles)`` for each span tiled by the sub-periods it encloses.

    The children of a span (the spans whose smallest enclosing span it is) are
    read in order of start; when they follow one another from its start to its
    end, the span's total is their sum. When they overlap or leave a gap, the
    spans inside it (the first :data:`CHAIN_SCAN` in order of start) are searched
    for a chain from its start to its end (the fewest sub-periods). A tiling by
    two sub-periods that the three-claim time-additivity finding already states
    (``triples`` holds their keys ``span * n + second tile``) is left out. Spans
    and tiles are indices into ``spans``; tiles are in order of time.

    Examples
    --------
    See the module documentation.
    """
    s, a, b, _ = spans
    n = a.shape[0]
    child = np.flatnonzero(parent >= 0)
    if child.shape[0] < 2:
        return []
    child = child[np.argsort(parent[child], kind="stable")]  # by parent, then start
    par = parent[child]
    cuts = np.flatnonzero(par[1:] != par[:-1]) + 1
    first = np.r_[0, cuts]
    stop = np.r_[cuts, child.shape[0]]
    many = (stop - first) >= 2
    first, stop = first[many], stop[many]
    if first.shape[0] == 0:
        return []
    # Does each child end where the next one (of the same parent) starts?
    links = np.r_[b[child[:-1]] == a[child[1:]], False]
    broken = np.r_[0, np.cumsum(~links)]
    p = par[first]
    contiguous = (
        (broken[stop - 1] - broken[first] == 0)
        & (a[child[first]] == a[p])
        & (b[child[stop - 1]] == b[p])
    )
    found: list[tuple[int, list[int]]] = [
        (int(p[k]), child[first[k] : stop[k]].tolist()) for k in np.flatnonzero(contiguous).tolist()
    ]
    for top in p[~contiguous].tolist():
        # Spans inside it in sort order: those of its set that start before its end.
        inside = np.arange(top + 1, min(top + 1 + CHAIN_SCAN, n))
        inside = inside[(s[inside] == s[top]) & (a[inside] < b[top]) & (b[inside] <= b[top])]
        chain = _chain(inside, a[inside], b[inside], int(a[top]), int(b[top]))
        if chain:
            found.append((top, chain))
    stated = set(triples.tolist())
    return [
        (top, tiles)
        for top, tiles in found
        if not (len(tiles) == 2 and top * n + tiles[1] in stated)
    ]


def _chain(children: Ints, starts: Ints, ends: Ints, start: int, end: int) -> list[int]:
    """Return the fewest of ``children`` that follow one another from ``start`` to ``end``.

    ``starts`` and ``ends`` give each child's start and end. A breadth-first search,
    one layer of sub-periods at a time: an end reached by several children in one
    layer is reached by the first, in order of the layer's starts as they were reached,
    then of ``children``.
    """
    by = np.zeros(ends.shape[0], dtype=np.bool_)  # the children that reached their end
    seen = np.zeros(0, dtype=np.int64)  # ends reached so far
    frontier = np.array([start], dtype=np.int64)  # positions, in the order reached
    while frontier.shape[0] and not (seen == end).any():
        order = np.argsort(frontier, kind="stable")
        where = np.minimum(np.searchsorted(frontier[order], starts), frontier.shape[0] - 1)
        rank = order[where]
        step = (frontier[rank] == starts) & (ends != start) & ~np.isin(ends, seen)
        cand = np.flatnonzero(step)
        cand = cand[np.lexsort((cand, rank[cand]))]  # by rank of the start, then order
        _, first = np.unique(ends[cand], return_index=True)
        won = cand[np.sort(first)]
        by[won] = True
        frontier = ends[won]
        seen = np.concatenate([seen, frontier])
    if not (seen == end).any():
        return []
    chain: list[int] = []
    pos = end
    while pos != start:
        k = int(np.flatnonzero((ends == pos) & by)[0])
        chain.append(int(children[k]))
        pos = int(starts[k])
    return chain[::-1]
