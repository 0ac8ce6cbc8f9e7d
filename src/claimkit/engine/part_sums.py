"""Part-sum findings: claims about totals against claims about their parts (internal).

A claim about a total (``casualties`` of ``both``) is set against each *way* to state
the same quantity over the same span by claims about its parts. A quantity is
*covered*, over a span ``[a, b)``:

* by a claim about it over ``[a, b)`` (at most :data:`ALTERNATIVES` of them, each
  a complete way); failing that,
* by the claim about it with the latest end among those over a shorter span from
  ``a`` (the quantity "as of" an earlier date: an incomplete way), followed by
* the ways to split it: for each relation that splits it (over measures, then over
  subjects), the first :data:`ALTERNATIVES` combinations of one way for each part
  (a part without any is left out, and the way is incomplete),

keeping the first :data:`ALTERNATIVES` ways. A claim about a total is set against
the ways to split its quantity over its own span, without a way whose claims are a
strict subset of another's, at most :data:`PART_SUM_LIMIT` of them.

The search runs on every claim about a total at once, with numpy: the quantities
searched are the nodes (measure, subject, span) below the totals, visited from the
highest (the most levels of parts below) down to find them, and decided from the
lowest up, each level in a few array operations.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.relations import Hierarchy
from claimkit.engine.columns import AnyClaims, distinct
from claimkit.engine.matrix import concat_ranges, lexsort_ints, runs
from claimkit.engine.model import ClaimInfo

__all__ = ["ALTERNATIVES", "PART_SUM_LIMIT", "PartSums", "part_sums"]

Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

#: At most this many part-sum findings per claim about a total.
PART_SUM_LIMIT: Final = 4
#: At most this many ways to state one quantity, and combinations of one relation's parts
#: (:meth:`_Search._splits` writes the first three out).
ALTERNATIVES: Final = 3


@attrs.frozen(eq=False)
class PartSums:
    """Part-sum findings as arrays: finding ``k`` sets ``claims[ptr[k]:ptr[k + 1]]``.

    The first claim is about the total, the others about its parts; ``complete[k]``
    says whether every part is stated for exactly the total's span (the relation is
    then ``total = sum of parts``, else ``total >= sum of parts``).
    """

    ptr: Ints
    claims: Ints
    complete: Bools


def _ints(values: Iterable[int] = ()) -> Ints:
    return np.fromiter(values, dtype=np.int64)


class _Names:
    """The names of one kind (measures or subjects) as numbers: parts and heights.

    ``parts[ptr[k]:ptr[k + 1]]`` are the parts of name ``k`` in declared order,
    ``height[k]`` is the most levels of parts below it (0 for a name not split), and
    ``is_part[k]`` says whether it is a part of another.
    """

    def __init__(self, h: Hierarchy, used: Iterable[str]) -> None:
        # Names and totals are looked up by C-level iteration (map over dict methods):
        # a hundred thousand sums and half a million pairs take no Python loop.
        names = dict.fromkeys(itertools.chain(used, h.children, h.parent))
        self.id = dict(zip(names, itertools.count()))
        n = len(self.id)
        totals = self.numbers(h.children)
        sizes = np.fromiter(map(len, h.children.values()), dtype=np.int64, count=len(totals))
        counts = np.zeros(n, dtype=np.int64)
        counts[totals] = sizes
        self.ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=self.ptr[1:])
        # Each total's parts, in declared order, moved from the order of the sums to
        # the order of the names.
        declared = self.numbers(itertools.chain.from_iterable(h.children.values()))
        first = np.zeros(totals.shape[0], dtype=np.int64)
        np.cumsum(sizes[:-1], out=first[1:])
        by_name = np.argsort(totals, kind="stable")
        self.parts = declared[concat_ranges(first[by_name], sizes[by_name])]
        self.is_part = np.zeros(n, dtype=np.bool_)
        self.is_part[self.parts] = True
        owner = np.repeat(np.arange(n, dtype=np.int64), counts)
        self.height = np.zeros(n, dtype=np.int64)
        while True:  # one round per level of the forest
            before = self.height.copy()
            np.maximum.at(self.height, owner, self.height[self.parts] + 1)
            if np.array_equal(before, self.height):
                break

    def numbers(self, names: Iterable[str]) -> Ints:
        """Return the numbers of ``names``."""
        return _ints(map(self.id.__getitem__, names))

    def children(self, k: Ints) -> tuple[Ints, Ints]:
        """Return, for names ``k``, which entry each part is of and the part."""
        counts = self.ptr[k + 1] - self.ptr[k]
        of = np.repeat(np.arange(k.shape[0], dtype=np.int64), counts)
        return of, self.parts[concat_ranges(self.ptr[k], counts)]


def _unique2(x: Ints, y: Ints) -> tuple[Ints, Ints, Ints]:
    """Return the distinct (x, y) pairs, sorted, and the index of each pair among them."""
    order = lexsort_ints((y, x))
    xs, ys = x[order], y[order]
    new = np.r_[True, (xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])][: xs.shape[0]]
    inverse = np.empty(x.shape[0], dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return xs[new], ys[new], inverse


def _rank(values: Ints, sorted_values: Ints) -> tuple[Ints, Bools]:
    """Return the position of each value among sorted distinct values, and whether found."""
    pos = np.searchsorted(sorted_values, values).astype(np.int64)
    found = pos < sorted_values.shape[0]
    found[found] = sorted_values[pos[found]] == values[found]
    return pos, found


def _rank_within(keys: Ints) -> Ints:
    """Return each entry's position among the entries with its key (keys sorted)."""
    _, starts, length = runs(keys)
    return np.arange(keys.shape[0], dtype=np.int64) - np.repeat(starts, length)


class _Stated:
    """Claims about parts by (quantity, start), each group sorted by end, then by claim.

    Dates are days from ``day0``, fewer than ``days``; quantities are ranked among
    ``quantities`` (sorted), so that (quantity, start) and (group, end) pack into one
    int64 key each.
    """

    def __init__(
        self, quantities: Ints, rank: Ints, spans: tuple[Ints, Ints], claims: Ints
    ) -> None:
        start, end = spans
        self.quantities = quantities
        self.day0 = int(min(start.min(), end.min())) if claims.shape[0] else 0
        self.days = int(max(start.max(), end.max())) - self.day0 + 1 if claims.shape[0] else 1
        key = rank * self.days + (start - self.day0)
        order = lexsort_ints((end, key))  # stable: claims in order within ties
        key = key[order]
        new = np.r_[True, key[1:] != key[:-1]][: key.shape[0]]
        self.group_key = key[new]
        self.group = np.cumsum(new) - 1
        self.key = self.group * (self.days + 1) + (end[order] - self.day0)
        self.claims = claims[order]
        self.has_start = np.zeros(self.days, dtype=np.bool_)
        self.has_start[start - self.day0] = True

    def starts(self, start: Ints) -> Bools:
        """Return whether some claim is over a span from each day."""
        inside = (start >= self.day0) & (start < self.day0 + self.days)
        found: Bools = inside & self.has_start[np.where(inside, start - self.day0, 0)]
        return found

    def lookup(self, quantity: Ints, start: Ints, end: Ints) -> tuple[Ints, Ints, Ints]:
        """Return the claims over exactly each (quantity, span), and the one before.

        That is: the first claims over exactly the span (-1 padded) and how many, and
        the claim with the latest end among those over a shorter span from the same
        start (-1 if none, or if some claim is exact).
        """
        n = quantity.shape[0]
        exactly = np.full((n, ALTERNATIVES), -1, dtype=np.int64)
        count = np.zeros(n, dtype=np.int64)
        before = np.full(n, -1, dtype=np.int64)
        q, found = _rank(quantity, self.quantities)
        found &= self.starts(start)
        g, in_groups = _rank(q * self.days + (start - self.day0), self.group_key)
        found &= in_groups
        g, b = g[found], np.minimum(end[found] - self.day0, self.days)
        at = np.flatnonzero(found)
        wanted = g * (self.days + 1) + b
        lo = np.searchsorted(self.key, wanted, side="left").astype(np.int64)
        hi = np.searchsorted(self.key, wanted, side="right").astype(np.int64)
        count[at] = np.minimum(hi - lo, ALTERNATIVES)
        for k in range(ALTERNATIVES):
            has = count[at] > k
            exactly[at[has], k] = self.claims[lo[has] + k]
        prev = np.maximum(lo - 1, 0)
        has_before = (count[at] == 0) & (lo > 0) & (self.group[prev] == g)
        before[at[has_before]] = self.claims[prev[has_before]]
        return exactly, count, before


class _Ways:
    """Ways to state quantities: ``claims[ptr[w]:ptr[w] + size[w]]``, complete or not."""

    def __init__(self) -> None:
        self.ptr = _ints()
        self.size = _ints()
        self.claims = _ints()
        self.complete = np.zeros(0, dtype=np.bool_)

    def add(self, size: Ints, claims: Ints, complete: Bools) -> Ints:
        """Add ways of ``size`` claims each, flat in ``claims``; return their numbers."""
        first = self.size.shape[0]
        starts = np.zeros(size.shape[0], dtype=np.int64)
        np.cumsum(size[:-1], out=starts[1:])
        self.ptr = np.concatenate([self.ptr, starts + self.claims.shape[0]])
        self.size = np.concatenate([self.size, size])
        self.claims = np.concatenate([self.claims, claims])
        self.complete = np.concatenate([self.complete, complete])
        return np.arange(first, self.size.shape[0], dtype=np.int64)

    def singles(self, claims: Ints, complete: bool) -> Ints:
        """Add a way of one claim for each of ``claims``; return their numbers."""
        n = claims.shape[0]
        return self.add(np.ones(n, dtype=np.int64), claims, np.full(n, complete))

    def flat(self, ways: Ints) -> tuple[Ints, Ints, Bools]:
        """Return the sizes of ``ways``, their claims one after another, and completeness.

        A way -1 (none) has no claims and is not complete.
        """
        if self.size.shape[0] == 0:
            return np.zeros(ways.shape[0], dtype=np.int64), _ints(), ways < -1
        safe = np.maximum(ways, 0)
        size = np.where(ways >= 0, self.size[safe], 0)
        complete = (ways >= 0) & self.complete[safe]
        return size, self.claims[concat_ranges(self.ptr[safe], size)], complete


class _Quantities:
    """Measure and subject pairs as numbers, ``measure * n_subjects + subject``."""

    def __init__(self, claimset: AnyClaims, info: ClaimInfo) -> None:
        measures = list(map(operator.itemgetter(0), info.pairs))
        subjects = list(map(operator.itemgetter(1), info.pairs))
        self.m = _Names(claimset.measure_hierarchy, measures)
        self.s = _Names(claimset.subject_hierarchy, subjects)
        self.n_s = max(len(self.s.id), 1)
        pair_m = self.m.numbers(measures)
        pair_s = self.s.numbers(subjects)
        self.of_pair = pair_m * self.n_s + pair_s
        self.pair_splits = (self.m.ptr[pair_m + 1] > self.m.ptr[pair_m]) | (
            self.s.ptr[pair_s + 1] > self.s.ptr[pair_s]
        )
        self.pair_is_part = self.m.is_part[pair_m] | self.s.is_part[pair_s]

    def height(self, quantity: Ints) -> Ints:
        """Return the most levels of parts below each quantity."""
        height: Ints = self.m.height[quantity // self.n_s] + self.s.height[quantity % self.n_s]
        return height

    def parts(self, quantity: Ints) -> tuple[Ints, Ints, Ints]:
        """Return the parts of quantities: whose, by which relation, and which.

        The relation is 0 over measures, 1 over subjects; the parts are in the order
        declared, those over measures first.
        """
        qm, qs = quantity // self.n_s, quantity % self.n_s
        of_m, pm = self.m.children(qm)
        of_s, ps = self.s.children(qs)
        # Each quantity's parts over measures, then over subjects, put in place.
        n_m = self.m.ptr[qm + 1] - self.m.ptr[qm]
        n_s = self.s.ptr[qs + 1] - self.s.ptr[qs]
        first = np.zeros(quantity.shape[0], dtype=np.int64)
        np.cumsum((n_m + n_s)[:-1], out=first[1:])
        at_m, at_s = concat_ranges(first, n_m), concat_ranges(first + n_m, n_s)
        of = np.empty(of_m.shape[0] + of_s.shape[0], dtype=np.int64)
        kind, part = np.empty_like(of), np.empty_like(of)
        of[at_m], of[at_s] = of_m, of_s
        kind[at_m], kind[at_s] = 0, 1
        part[at_m], part[at_s] = pm * self.n_s + qs[of_m], qm[of_s] * self.n_s + ps
        return of, kind, part


class _Level:
    """The nodes of one level: their claims, and the parts of those that split."""

    def __init__(self, first: int, exactly: Ints, count: Ints, before: Ints) -> None:
        self.first = first
        self.exactly = exactly
        self.count = count
        self.before = before
        self.parent = _ints()
        self.kind = _ints()
        self.child = _ints()

    @property
    def ids(self) -> Ints:
        return self.first + np.arange(self.count.shape[0], dtype=np.int64)


#: Nodes reaching a level: spans, quantities, and where to write each node's number.
_Pending = list[tuple[Ints, Ints, Ints, Ints]]


class _Search:
    """The nodes (quantity, span) below the totals and the ways to state each."""

    def __init__(self, q: _Quantities, info: ClaimInfo, active: Ints) -> None:
        pair = info.pair_id[active]
        is_part = q.pair_is_part[pair]
        stated = active[is_part]
        quantities, rank = distinct(q.of_pair)
        spans = (info.span_start[stated], info.span_end[stated])
        self.stated = _Stated(quantities, rank[pair[is_part]], spans, stated)
        # A total with no claim about a part from its start has no part stated.
        totals = active[q.pair_splits[pair]]
        self.totals = totals[self.stated.starts(info.span_start[totals])]
        quantity = q.of_pair[info.pair_id[self.totals]]
        self.span_a, self.span_b, span = _unique2(
            info.span_start[self.totals], info.span_end[self.totals]
        )
        height = q.height(quantity)
        top = int(height.max()) if height.shape[0] else -1
        pending: list[_Pending] = [[] for _ in range(top + 1)]
        self.root = np.zeros(self.totals.shape[0], dtype=np.int64)
        for h in range(top + 1):
            at = np.flatnonzero(height == h)
            pending[h].append((span[at], quantity[at], self.root, at))
        self.levels: list[_Level] = []
        n = 0
        for h in range(top, -1, -1):
            level = self._level(q, pending, h, n)
            self.levels.append(level)
            n += level.count.shape[0]
        self.levels.reverse()
        self.ways = _Ways()
        self.node_ways = np.full((n, ALTERNATIVES), -1, dtype=np.int64)
        self.node_count = np.zeros(n, dtype=np.int64)

    def _level(self, q: _Quantities, pending: list[_Pending], h: int, first: int) -> _Level:
        """Find the nodes of level ``h`` (reached from the totals and the levels above)."""
        span = np.concatenate([p[0] for p in pending[h]])
        quantity = np.concatenate([p[1] for p in pending[h]])
        # Nodes by quantity, then span: the claims' keys are looked up in their order,
        # near one another, not all over the arrays of ten million claims.
        quantity, span, inverse = _unique2(quantity, span)
        done = 0
        for _, _, sink, where in pending[h]:
            sink[where] = inverse[done : done + where.shape[0]] + first
            done += where.shape[0]
        exactly, count, before = self.stated.lookup(quantity, self.span_a[span], self.span_b[span])
        level = _Level(first, exactly, count, before)
        # A total is split; another quantity is split when no claim is over exactly its span.
        splits = count == 0
        splits[inverse[: pending[h][0][0].shape[0]]] = True
        of, level.kind, part = q.parts(quantity[splits])
        owner = np.flatnonzero(splits)[of]
        level.parent = owner + first
        level.child = np.zeros(part.shape[0], dtype=np.int64)
        child_height = q.height(part)
        for hc in np.flatnonzero(np.bincount(child_height)).tolist():
            where = np.flatnonzero(child_height == hc)
            pending[hc].append((span[owner[where]], part[where], level.child, where))
        return level

    def decide(self) -> tuple[Ints, Ints]:
        """Find every node's ways, from the lowest level up.

        Returns the ways to split each node that splits, as (node, way) in order.
        """
        split_node: list[Ints] = [_ints()]
        split_way: list[Ints] = [_ints()]
        for level in self.levels:
            ids = level.ids
            # Claims over exactly the node's span: a way each, and nothing else.
            exact = np.flatnonzero(level.count > 0)
            slots = level.exactly[exact]
            filled = slots >= 0
            slots[filled] = self.ways.singles(slots[filled], True)
            self.node_ways[ids[exact]] = slots
            self.node_count[ids[exact]] = level.count[exact]
            # Else the latest claim before the span's end, then the ways to split it.
            nodes, ways = self._splits(level)
            split_node.append(nodes)
            split_way.append(ways)
            rest = np.flatnonzero((level.count == 0) & (level.before >= 0))
            owner = np.concatenate([ids[rest], nodes])
            listed = np.concatenate([self.ways.singles(level.before[rest], False), ways])
            order = np.argsort(owner, kind="stable")
            owner, listed = owner[order], listed[order]
            rank = _rank_within(owner)
            keep = (rank < ALTERNATIVES) & (self.node_count[owner] == 0)
            owner, rank = owner[keep], rank[keep]
            self.node_ways[owner, rank] = listed[keep]
            # Those nodes had no way: each now has as many as its last rank says.
            last = np.r_[owner[1:] != owner[:-1], True][: owner.shape[0]]
            self.node_count[owner[last]] = rank[last] + 1
        return np.concatenate(split_node), np.concatenate(split_way)

    def _splits(self, level: _Level) -> tuple[Ints, Ints]:
        """Return the ways to split the level's nodes that split, as (node, way) in order.

        A relation's ways are the first combinations of its parts' ways in the order of
        :func:`itertools.product` (the last part fastest): the last part with more than
        one way counts up, and carries into the one before that has more than one.
        (Written out for the first three combinations, :data:`ALTERNATIVES`.)
        """
        parent, kind, child = level.parent, level.kind, level.child
        if parent.shape[0] == 0:
            return _ints(), _ints()
        new_group = np.r_[True, (parent[1:] != parent[:-1]) | (kind[1:] != kind[:-1])]
        gid = np.cumsum(new_group) - 1
        n_groups = int(gid[-1]) + 1
        count = self.node_count[child]
        size = np.maximum(count, 1)  # a part without a way is left out: one empty way
        twos = np.bincount(gid, size == 2, n_groups)
        threes = np.bincount(gid, size == 3, n_groups)
        combos = np.where(threes + twos == 0, 1, np.where((twos == 1) & (threes == 0), 2, 3))
        entry = np.arange(parent.shape[0], dtype=np.int64)
        several = size > 1
        last = np.full(n_groups, -1, dtype=np.int64)
        np.maximum.at(last, gid[several], entry[several])
        others = several & (entry != last[gid])
        before_last = np.full(n_groups, -1, dtype=np.int64)
        np.maximum.at(before_last, gid[others], entry[others])
        rows: list[tuple[Ints, Ints, Ints]] = []
        for c in range(ALTERNATIVES):
            valid = combos > c
            digit = np.zeros(parent.shape[0], dtype=np.int64)
            if c == 1:
                digit[last[valid]] = 1
            elif c == 2:
                r = last[valid]
                three = size[r] == 3
                digit[r[three]] = 2
                digit[before_last[valid][~three]] = 1
            e = np.flatnonzero(valid[gid])
            way = np.where(count[e] > 0, self.node_ways[child[e], digit[e]], -1)
            rows.append((gid[e] * ALTERNATIVES + c, e, way))
        row, e, way = (np.concatenate(x) for x in zip(*rows, strict=True))
        order = lexsort_ints((e, row))
        row, way = row[order], way[order]
        # Each combination's claims: its parts' ways one after another.
        new_row = np.r_[True, row[1:] != row[:-1]]  # rows sorted
        row_of = np.cumsum(new_row) - 1
        n_rows = int(row_of[-1]) + 1
        size_w, claims, done = self.ways.flat(way)
        row_size = np.bincount(row_of, size_w, n_rows).astype(np.int64)
        complete = np.bincount(row_of, ~done, n_rows) == 0
        keep = row_size > 0
        start = np.zeros(n_rows, dtype=np.int64)
        np.cumsum(row_size[:-1], out=start[1:])
        kept = self.ways.add(
            row_size[keep], claims[concat_ranges(start[keep], row_size[keep])], complete[keep]
        )
        return parent[new_group][row[new_row][keep] // ALTERNATIVES], kept


def _says_less(node: Ints, way: Ints, ways: _Ways) -> Bools:
    """Return which ways say less than another of their node's (nodes sorted).

    A way says less when its claims are those of an earlier way, or a strict subset
    of another's. (No way holds the total itself: a claim is about one quantity, and
    no quantity is its own part.)
    """
    n = node.shape[0]
    if n < 2:
        return np.zeros(n, dtype=np.bool_)
    size_w, claims, _ = ways.flat(way)
    entry = np.repeat(np.arange(n, dtype=np.int64), size_w)
    order = lexsort_ints((entry, claims, node[entry]))
    entry, claims = entry[order], claims[order]
    owner = node[entry]
    same = np.r_[False, (claims[1:] == claims[:-1]) & (owner[1:] == owner[:-1])]
    twice = same & np.r_[False, entry[1:] == entry[:-1]]
    entry, claims, same = entry[~twice], claims[~twice], same[~twice]
    size = np.bincount(entry, minlength=n)
    # Ways that share a claim: within each run of entries of one node and one claim.
    run = np.cumsum(~same) - 1
    pairs: list[Ints] = [_ints()]
    for d in range(1, ALTERNATIVES * 2):
        x = np.flatnonzero(run[d:] == run[:-d])
        if x.shape[0] == 0:
            break
        i, j = entry[x], entry[x + d]
        pairs += [i * n + j, j * n + i]
    shared, common = np.unique(np.concatenate(pairs), return_counts=True)
    i, j = shared // n, shared % n
    # ``i`` is a subset of ``j``: strict, or equal with ``j`` earlier.
    less = (common == size[i]) & ((size[j] > size[i]) | ((size[j] == size[i]) & (j < i)))
    out = np.zeros(n, dtype=np.bool_)
    out[i[less]] = True
    return out


def part_sums(claimset: AnyClaims, info: ClaimInfo, active: Ints) -> PartSums:
    """Return the part-sum findings of the active claims, in the order of the totals."""
    search = _Search(_Quantities(claimset, info), info, active)
    node, way = search.decide()
    order = np.argsort(node, kind="stable")
    node, way = node[order], way[order]
    is_root = np.isin(node, search.root)
    node, way = node[is_root], way[is_root]
    keep = ~_says_less(node, way, search.ways)
    node, way = node[keep], way[keep]
    keep = _rank_within(node) < PART_SUM_LIMIT
    node, way = node[keep], way[keep]
    # Each total's findings: the ways of its node, the total first.
    per_node = np.bincount(node, minlength=search.node_count.shape[0])
    node_first = np.zeros(per_node.shape[0], dtype=np.int64)
    np.cumsum(per_node[:-1], out=node_first[1:])
    first, n_found = node_first[search.root], per_node[search.root]
    found = way[concat_ranges(first, n_found)]
    totals = np.repeat(search.totals, n_found)
    size_w, claims, complete = search.ways.flat(found)
    ptr_out = np.zeros(found.shape[0] + 1, dtype=np.int64)
    np.cumsum(size_w + 1, out=ptr_out[1:])
    out = np.empty(int(ptr_out[-1]), dtype=np.int64)
    head = np.zeros(out.shape[0], dtype=np.bool_)
    head[ptr_out[:-1]] = True
    out[head] = totals
    out[~head] = claims
    return PartSums(ptr_out, out, complete)
