"""Local findings: small groups of claims tied by one linear relation (internal).

Every local finding is a relation ``lo <= sum of coef[i] * v[i] <= hi`` between the
totals ``v[i]`` that its claims state (each claim's range converted to a total over
its span, in its family's unit), together with the fact that counts are not
negative. Such a group is decided, and its margin found, without an LP: the sum of
intervals is an interval, and shrinking or stretching every range by a common
factor moves its ends monotonically, so a vectorised bisection over all findings at
once finds the margins to float precision.

The groups are found without looking at all pairs, mostly with numpy:

* *same quantity*: claims about the same leaf series over the same span;
* *time additivity*: a claim over ``[a, b)`` against totals over ``[c, a)`` and
  ``[c, b)`` (a sort-merge join on dates);
* *monotone*: each span against the smallest enclosing span of the same series
  (consecutive nested spans only, so a daily series of ``n`` cumulative totals gives
  ``n - 1`` findings); either of the last two is *rate-vs-total* when a rate is
  involved;
* *time additivity* over sub-periods: a span against the spans it directly encloses
  (those whose smallest enclosing span it is) when they follow one another and tile
  it: months into a quarter, quarters into a year, any number, rates included after
  conversion (one finding per tiled span, so a series gives at most one per claim);
* *part-sum*: a claim about a total (``casualties`` of ``both``) against claims
  about its parts, found by walking the relations down from the total
  (``claimkit.engine.part_sums``).

Findings are flat arrays; their words are written on demand
(:mod:`claimkit.engine.words`).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine import margins
from claimkit.engine.columns import AnyClaims, distinct
from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.highs import FEASIBILITY_TOLERANCE
from claimkit.engine.matrix import (
    concat_ranges,
    group_sum,
    least_scale,
    lexsort_ints,
    runs,
    take_ragged,
)
from claimkit.engine.model import ClaimInfo
from claimkit.engine.part_sums import PartSums, part_sums
from claimkit.engine.tilings import tilings
from claimkit.values._array_rounding import scale_by

__all__ = ["KINDS", "Locals", "Margins", "evaluate", "generate"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

#: At most this many claims on one quantity are compared pairwise; beyond it, each
#: claim is compared with the next one only (the findings stay linear in number).
PAIRWISE_LIMIT = 16

#: Structures of local findings (codes in ``Locals.kind``).
SAME, PARTS, NESTED, ADDITIVE, TILED = 0, 1, 2, 3, 4
KINDS = ("same-quantity", "part-sum", "monotone", "time-additivity", "time-additivity")


@attrs.frozen(eq=False)
class Locals:
    """Local findings as flat arrays (internal).

    Finding ``k`` has structure ``kind[k]`` and the terms
    ``claims[ptr[k]:ptr[k + 1]]`` with coefficients ``coefs[...]``; the relation is
    ``rel_lo[k] <= sum <= rel_hi[k]``. The first claim is the reference: absolute
    margins are in its unit.
    """

    kind: Ints
    ptr: Ints
    claims: Ints
    coefs: Floats
    rel_lo: Floats
    rel_hi: Floats

    @property
    def n(self) -> int:
        """The number of findings."""
        return int(self.kind.shape[0])

    def members(self, k: int) -> list[int]:
        """Return the claims of finding ``k``."""
        members: list[int] = self.claims[int(self.ptr[k]) : int(self.ptr[k + 1])].tolist()
        return members


class _Collector:
    """Accumulates findings in plain lists, then packs them into arrays."""

    def __init__(self) -> None:
        self.parts: list[tuple[Ints, Ints, Ints, Floats, Floats, Floats]] = []
        self.single_kind: list[int] = []
        self.single_claims: list[int] = []
        self.single_width: list[int] = []
        self.single_coefs: list[float] = []
        self.single_hi: list[float] = []

    def add_block(
        self, kind: int, claims: Ints, coefs: Floats, rel_lo: float, rel_hi: float
    ) -> None:
        """Add ``claims.shape[0]`` findings of ``claims.shape[1]`` terms each."""
        n, width = claims.shape
        if n == 0:
            return
        self.parts.append(
            (
                np.full(n, kind, dtype=np.int64),
                np.full(n, width, dtype=np.int64),
                claims.reshape(-1).astype(np.int64),
                np.tile(coefs, n),
                np.full(n, rel_lo),
                np.full(n, rel_hi),
            )
        )

    def add(self, kind: int, claims: tuple[int, ...], coefs: tuple[float, ...], hi: float) -> None:
        """Add one finding whose relation is ``0 <= sum <= hi``."""
        self.single_kind.append(kind)
        self.single_claims.extend(claims)
        self.single_width.append(len(claims))
        self.single_coefs.extend(coefs)
        self.single_hi.append(hi)

    def add_parts(self, found: PartSums) -> None:
        """Add part-sum findings: ``total = sum of parts``, or ``>=`` if not complete."""
        n = found.complete.shape[0]
        coefs = np.full(found.claims.shape[0], -1.0)
        coefs[found.ptr[:-1]] = 1.0
        self.single_kind.extend([PARTS] * n)
        self.single_claims.extend(found.claims.tolist())
        self.single_width.extend(np.diff(found.ptr).tolist())
        self.single_coefs.extend(coefs.tolist())
        self.single_hi.extend(np.where(found.complete, 0.0, np.inf).tolist())

    def pack(self) -> Locals:
        if self.single_kind:
            n = len(self.single_kind)
            self.parts.append(
                (
                    np.asarray(self.single_kind, dtype=np.int64),
                    np.asarray(self.single_width, dtype=np.int64),
                    np.asarray(self.single_claims, dtype=np.int64),
                    np.asarray(self.single_coefs, dtype=np.float64),
                    np.zeros(n),
                    np.asarray(self.single_hi, dtype=np.float64),
                )
            )
            self.single_kind = []
        if not self.parts:
            zi = np.zeros(0, dtype=np.int64)
            zf = np.zeros(0)
            return Locals(zi, np.zeros(1, dtype=np.int64), zi, zf, zf, zf)
        kind, width, claims, coefs, lo, hi = (
            np.concatenate(x) for x in zip(*self.parts, strict=True)
        )
        ptr = np.zeros(kind.shape[0] + 1, dtype=np.int64)
        np.cumsum(width, out=ptr[1:])
        return Locals(kind, ptr, claims, coefs, lo, hi)


def _same_quantity(info: ClaimInfo, active: Ints, out: _Collector) -> None:
    q = info.quantity[active]
    shared = np.bincount(q)[q] > 1  # quantities are numbered from 0
    q = q[shared]
    order = np.argsort(q, kind="stable")
    claims, q = active[shared][order], q[order]
    _, first, size = runs(q)
    pairs = np.empty((int(_pair_count(size).sum()), 2), dtype=np.int64)
    at = np.zeros(size.shape[0], dtype=np.int64)  # each group's first pair
    np.cumsum(_pair_count(size)[:-1], out=at[1:])
    # Groups of up to PAIRWISE_LIMIT claims give every pair, in the order of
    # itertools.combinations, those of each size at once; larger ones give each claim
    # and the next.
    for k in np.flatnonzero(np.bincount(size[size <= PAIRWISE_LIMIT])).tolist():
        of = size == k
        i, j = np.triu_indices(k, 1)
        rows = at[of][:, None] + np.arange(i.shape[0])
        pairs[rows, 0] = claims[first[of][:, None] + i]
        pairs[rows, 1] = claims[first[of][:, None] + j]
    large = size > PAIRWISE_LIMIT
    left = concat_ranges(first[large], size[large] - 1)
    rows = concat_ranges(at[large], size[large] - 1)
    pairs[rows, 0] = claims[left]
    pairs[rows, 1] = claims[left + 1]
    out.add_block(SAME, pairs, np.array([1.0, -1.0]), 0.0, 0.0)


def _pair_count(size: Ints) -> Ints:
    """Return how many same-quantity findings a group of ``size`` claims gives."""
    count: Ints = np.where(size <= PAIRWISE_LIMIT, size * (size - 1) // 2, size - 1)
    return count


def _spans(info: ClaimInfo, active: Ints) -> tuple[Ints, Ints, Ints, Ints]:
    """Return the distinct (series set, start, end) spans, sorted by set, start, -end.

    Also returns, for each span, one claim on it.
    """
    s = info.set_id[active]
    a = info.span_start[active]
    b = info.span_end[active]
    order = lexsort_ints((-b, a, s))
    s, a, b, claims = s[order], a[order], b[order], active[order]
    new = np.r_[True, (s[1:] != s[:-1]) | (a[1:] != a[:-1]) | (b[1:] != b[:-1])][: s.shape[0]]
    return s[new], a[new], b[new], claims[new]


def _additivity(spans: tuple[Ints, Ints, Ints, Ints], out: _Collector) -> tuple[Bools, Ints]:
    """Find claims over [a, b) with totals over [c, a) and [c, b).

    Returns which spans are explained so, and the keys ``z * n + x`` of the
    triples found (span ``z`` = [c, b) split at span ``x`` = [a, b)).
    """
    s, a, b, claim = spans
    n = s.shape[0]
    explained = np.zeros(n, dtype=np.bool_)
    none = np.zeros(0, dtype=np.int64)
    if n < 3:
        return explained, none
    # Dates as ranks, so that (set, date, date) packs into one int64 key.
    rank, n_days = _day_ranks(np.concatenate([a, b]))
    r = np.int64(n_days + 1)
    ra, rb = rank[:n], rank[n:]
    # Spans sorted by (set, end): candidates Y with Y.set == X.set and Y.end == X.start.
    key_end = s * r + rb
    by_end = np.argsort(key_end, kind="stable")
    ends, end_first, end_count = runs(key_end[by_end])
    # Each distinct (set, start) is looked up once, in order (the spans are sorted by it).
    starts, _, start_count = runs(s * r + ra)
    pos = np.minimum(np.searchsorted(ends, starts), ends.shape[0] - 1)
    found = ends[pos] == starts
    lo = np.repeat(end_first[pos], start_count)
    counts = np.repeat(np.where(found, end_count[pos], 0), start_count)
    x = np.repeat(np.arange(n, dtype=np.int64), counts)
    y = by_end[concat_ranges(lo, counts)]
    keep = a[y] < a[x]
    x, y = x[keep], y[keep]
    # Is there a span (set, c, X.end), c being Y's start? The spans, distinct and sorted
    # by set, start and end descending, are sorted by this key already.
    key_full = (s * r + ra) * r + (r - 1 - rb)
    want = (s[x] * r + ra[y]) * r + (r - 1 - rb[x])
    pos = np.minimum(np.searchsorted(key_full, want), n - 1)
    found = key_full[pos] == want
    x, y, z = x[found], y[found], pos[found]
    if x.shape[0] == 0:
        return explained, none
    # For each X keep the latest start c.
    best = lexsort_ints((-a[y], x))
    first = np.r_[True, x[best][1:] != x[best][:-1]]
    sel = best[first]
    x, y, z = x[sel], y[sel], z[sel]
    triples = np.column_stack([claim[x], claim[z], claim[y]])
    out.add_block(ADDITIVE, triples, np.array([1.0, -1.0, 1.0]), 0.0, 0.0)
    explained[x] = True
    return explained, z.astype(np.int64) * n + x


def _parents(spans: tuple[Ints, Ints, Ints, Ints]) -> tuple[Ints, Bools]:
    """Return each span's smallest enclosing span of its series set (-1 if none).

    Spans are sorted by start ascending and end descending within a set; a stack
    sweep keeps a chain of nested spans, so the top that still reaches past the
    current end is the smallest span seen that encloses it. When every span is
    enclosed by its predecessor or by nothing before it (cumulative series,
    disjoint windows), the answer is the predecessor and numpy finds it; other sets
    are swept in Python (the second array says which spans were).
    """
    s, _, b, _ = spans
    n = s.shape[0]
    parent = np.full(n, -1, dtype=np.int64)
    if n < 2:
        return parent, np.zeros(n, dtype=np.bool_)
    same = np.r_[False, s[1:] == s[:-1]]
    pred_encloses = same & np.r_[False, b[:-1] >= b[1:]]
    # Largest end among earlier spans of the same set.
    earlier = np.where(same, np.r_[-1, b[:-1]], -1)
    running = _segmented_max(earlier, s)
    irregular = same & ~pred_encloses & (running >= b)
    swept = np.zeros(int(s[-1]) + 1, dtype=np.bool_)  # set numbers, sorted
    swept[s[irregular]] = True
    python = swept[s]
    fast = np.flatnonzero(pred_encloses & ~python)
    parent[fast] = fast - 1
    for group in _groups(s, python):
        stack: list[int] = []
        for k in group:
            while stack and b[stack[-1]] < b[k]:
                stack.pop()
            if stack:
                parent[k] = stack[-1]
            stack.append(k)
    return parent, python


def _nested(
    spans: tuple[Ints, Ints, Ints, Ints],
    parents: tuple[Ints, Bools],
    explained: Bools,
    out: _Collector,
) -> None:
    """Set each span against the smallest enclosing span of its series set."""
    claim = spans[3]
    parent, python = parents
    child = np.flatnonzero((parent >= 0) & ~python & ~explained)
    pairs = np.column_stack([claim[parent[child]], claim[child]])
    out.add_block(NESTED, pairs, np.array([1.0, -1.0]), 0.0, np.inf)
    for k in np.flatnonzero((parent >= 0) & python & ~explained).tolist():
        out.add(NESTED, (int(claim[parent[k]]), int(claim[k])), (1.0, -1.0), np.inf)


def _groups(s: Ints, mask: Bools) -> list[list[int]]:
    idx = np.flatnonzero(mask)
    if idx.shape[0] == 0:
        return []
    cuts = np.flatnonzero(s[idx][1:] != s[idx][:-1]) + 1
    return [part.tolist() for part in np.split(idx, cuts)]


def _day_ranks(days: Ints) -> tuple[Ints, int]:
    """Return the rank of each day among the distinct days, and how many there are.

    Days over a range not much longer than their number are ranked by a table of the
    range, without sorting.
    """
    if days.shape[0] == 0:
        return days.astype(np.int64), 0
    day0 = int(days.min())
    width = int(days.max()) - day0 + 1
    if width > 4 * days.shape[0] + 1024:
        values, rank = distinct(days)
        return rank, int(values.shape[0])
    seen = np.zeros(width, dtype=np.bool_)
    seen[days - day0] = True
    table = np.cumsum(seen, dtype=np.int64) - 1
    return table[days - day0], int(table[-1]) + 1


def _segmented_max(values: Ints, segment: Ints) -> Ints:
    """Return the running maximum of ``values`` within each run of equal ``segment``.

    Each run's values are lifted above every earlier run's, so that one running
    maximum over all of them starts afresh at each run.
    """
    if values.shape[0] == 0:
        return values.copy()
    low = int(values.min())
    width = int(values.max()) - low + 1
    run = np.cumsum(np.r_[True, segment[1:] != segment[:-1]], dtype=np.int64) - 1
    lift = run * width - low
    out: Ints = np.maximum.accumulate(values + lift) - lift
    return out


def generate(claimset: AnyClaims, info: ClaimInfo) -> Locals:
    """Return the local findings of a claim set."""
    active = np.flatnonzero(info.n_rows > 0).astype(np.int64)
    out = _Collector()
    _same_quantity(info, active, out)
    out.add_parts(part_sums(claimset, info, active))
    spans = _spans(info, active)
    explained, triples = _additivity(spans, out)
    parents = _parents(spans)
    claim = spans[3]
    for top, tiles in tilings(spans, parents[0], triples):
        members = (int(claim[top]), *(int(claim[t]) for t in tiles))
        out.add(TILED, members, (1.0,) + (-1.0,) * len(tiles), 0.0)
        # Only a tile directly inside the span: another's monotone finding is its own.
        explained[[t for t in tiles if parents[0][t] == top]] = True
    _nested(spans, parents, explained, out)
    return out.pack()


# -- evaluation -----------------------------------------------------------------------


@attrs.frozen(eq=False)
class Margins:
    """Decided local findings, as arrays aligned with :class:`Locals` (internal).

    ``margin`` is the common relative shrink (>= 0) of a consistent group or minus
    the common relative stretch of a conflicting one (0 when only strict ends
    touch); ``margin_abs`` is, for a consistent group, the width of the reference
    claim's range that the others leave open, and for a conflict minus the gap.
    Both absolute figures are in the reference claim's own unit.
    """

    closed_ok: Bools
    strict_ok: Bools
    margin: Floats
    margin_abs: Floats


class _Terms:
    """The findings' terms as flat arrays sorted by finding."""

    def __init__(self, locals_: Locals, info: ClaimInfo) -> None:
        counts = np.diff(locals_.ptr)
        self.n = locals_.n
        self.finding = np.repeat(np.arange(self.n, dtype=np.int64), counts)
        self.claim = locals_.claims
        self.coef = locals_.coefs
        self.rel_lo = locals_.rel_lo
        self.rel_hi = locals_.rel_hi
        lo = info.total_lo[self.claim]
        hi = info.total_hi[self.claim]
        size = _group_max(margins.size(lo, hi), locals_.ptr)
        # Each finding works in its own unit, the power of two 2**exponent at or above
        # half its largest figure, so that tiny and huge figures neither underflow
        # nor overflow; the scaling is exact but where a figure underflows, and then
        # rounds outward.
        self.exponent = np.frexp(size)[1].astype(np.int64)
        exponent = self.exponent[self.finding]
        self.lo = scale_by(lo, -exponent, -np.inf)
        self.hi = scale_by(hi, -exponent, np.inf)
        self.lo_open = info.lo_open[self.claim]
        self.hi_open = info.hi_open[self.claim]
        self.shrink_lo, self.shrink_hi = margins.shrink_scales(self.lo, self.hi)
        self.stretch_lo, self.stretch_hi = margins.end_scales(self.lo, self.hi)
        self.pos = self.coef > 0
        self.first = locals_.ptr[:-1]
        # The reference claim's factor, to give absolute margins in its own unit.
        self.factor = info.factor[self.claim[self.first]]
        # Tolerances are relative to the largest figure, or to one count if every
        # figure is 0 (in the finding's unit).
        self.scale = np.ldexp(np.where(size > 0.0, size, 1.0), -self.exponent)
        # A strict end's clearance is relative to its own claim's figure: relative to
        # the largest, "less than 1" beside an exact 1e8 had no room in [0, 1). A
        # claim of 0 takes a millionth of the largest, the LP's smallest scale.
        own = margins.size(self.lo, self.hi)
        floor = least_scale(self.scale[self.finding])
        self.clearance = STRICT_TOLERANCE * np.where(own > 0.0, own, floor)

    def in_counts(self, x: Floats) -> Floats:
        """Return per-finding figures ``x`` (in each finding's unit) in counts."""
        with np.errstate(over="ignore"):
            return np.ldexp(x, self.exponent)

    def ranges(self, theta: Floats) -> tuple[Floats, Floats]:
        """Return the claims' ranges at factor ``theta`` (< 0 shrinks), clamped at 0."""
        t = theta[self.finding]
        grow = np.maximum(t, 0.0)
        shrink = np.maximum(-t, 0.0)
        with np.errstate(invalid="ignore"):
            lo = self.lo - grow * self.stretch_lo + shrink * self.shrink_lo
            hi = self.hi + grow * self.stretch_hi - shrink * self.shrink_hi
        lo = np.where(np.isnan(lo), self.lo, lo)
        hi = np.where(np.isnan(hi), self.hi, hi)
        return np.maximum(lo, 0.0), hi

    def sums(self, lo: Floats, hi: Floats) -> tuple[Floats, Floats, Floats]:
        """Return, per finding, the smallest and largest sum and the emptiness gap."""
        t_min = np.where(self.pos, self.coef * lo, self.coef * hi)
        t_max = np.where(self.pos, self.coef * hi, self.coef * lo)
        s_min = group_sum(self.finding, t_min, self.n)
        s_max = _sum_with_inf(self.finding, t_max, self.n)
        empty = group_sum(self.finding, np.maximum(lo - hi, 0.0), self.n)
        return s_min, s_max, empty

    def feasible(self, theta: Floats, tol: Floats) -> Bools:
        return self.holds(self.sums(*self.ranges(theta)), tol)

    def holds(self, sums: tuple[Floats, Floats, Floats], tol: Floats) -> Bools:
        """Return whether each finding holds, given its :meth:`sums` (to ``tol``)."""
        s_min, s_max, empty = sums
        return (s_min <= self.rel_hi + tol) & (s_max >= self.rel_lo - tol) & (empty <= tol)


def _group_max(values: Floats, ptr: Ints) -> Floats:
    """Return the largest of ``values[ptr[k]:ptr[k + 1]]`` for each ``k`` (0 if none).

    The values are not negative (sizes).
    """
    counts = np.diff(ptr)
    if counts.shape[0] == 0 or counts.min() == 0:
        out = np.zeros(counts.shape[0])
        np.maximum.at(out, np.repeat(np.arange(counts.shape[0]), counts), values)
        return out
    found: Floats = np.maximum.reduceat(values, ptr[:-1])
    return found


def _sum_with_inf(which: Ints, values: Floats, n: int) -> Floats:
    """Sum per group where terms may be +inf or -inf (never both in one group).

    A plain sum is that sum wherever it is not NaN: a group with an infinite term
    sums to it (its finite terms, in a finding's unit, stay far from overflowing).
    """
    total = group_sum(which, values, n)
    if not np.isnan(total).any():
        return total
    pos_inf = group_sum(which, values == np.inf, n) > 0
    neg_inf = group_sum(which, values == -np.inf, n) > 0
    finite = group_sum(which, np.where(np.isfinite(values), values, 0.0), n)
    return np.where(pos_inf, np.inf, np.where(neg_inf, -np.inf, finite))


def _strict_ok(terms: _Terms, tol_f: Floats, stated: tuple[Floats, Floats, Floats]) -> Bools:
    """Whether each finding holds with strict ends honoured (under the tolerances).

    The sum must clear the relation's bound by the clearances of the strict ends
    that make it up, and each strict claim's own range must keep more than its own.
    ``stated`` are the :meth:`_Terms.sums` of the ranges as stated, clamped at 0.
    """
    lo = np.maximum(terms.lo, 0.0)
    lo_open = terms.lo_open & (terms.lo >= 0.0)
    hi = terms.hi
    hi_open = terms.hi_open
    s_min, s_max, _ = stated
    at_min = np.where(terms.pos, lo_open, hi_open)
    at_max = np.where(terms.pos, hi_open, lo_open)
    open_min = group_sum(terms.finding, at_min, terms.n)
    open_max = group_sum(terms.finding, at_max, terms.n)
    need_hi = group_sum(terms.finding, np.where(at_min, terms.clearance, 0.0), terms.n)
    need_lo = group_sum(terms.finding, np.where(at_max, terms.clearance, 0.0), terms.n)
    room_hi = terms.rel_hi - s_min
    room_lo = s_max - terms.rel_lo
    ok_hi = np.where(open_min > 0, room_hi > need_hi, room_hi >= -tol_f)
    ok_lo = np.where(open_max > 0, room_lo > need_lo, room_lo >= -tol_f)
    # Each claim's own range, clamped at 0, must keep a point.
    own_room = hi - lo
    own_open = hi_open | lo_open
    own_ok = np.where(own_open, own_room > terms.clearance, own_room >= -tol_f[terms.finding])
    bad = group_sum(terms.finding, ~own_ok, terms.n) > 0
    return ok_hi & ok_lo & ~bad


def _shrink(terms: _Terms, pending: Bools, iterations: int) -> Floats:
    """Return the largest common shrink in [0, 1] that keeps each group holding."""
    n = terms.n
    exact = np.zeros(n)
    hi_b = np.ones(n)
    full = terms.feasible(-hi_b, exact)
    lo_b = np.where(full, 1.0, 0.0)
    pending = pending & ~full
    for _ in range(iterations):
        if not pending.any():
            break
        mid = 0.5 * (lo_b + hi_b)
        ok = terms.feasible(-mid, exact)
        lo_b = np.where(pending & ok, mid, lo_b)
        hi_b = np.where(pending & ~ok, mid, hi_b)
    return lo_b


def _stretch(terms: _Terms, need: Bools, iterations: int) -> Floats:
    """Return the smallest common stretch that makes each conflicting group hold."""
    n = terms.n
    exact = np.zeros(n)
    top = np.ones(n)
    missing = need
    for _ in range(64):
        missing = need & ~terms.feasible(top, exact)
        if not missing.any():
            break
        top = np.where(missing, top * 2.0, top)
    # Claims that cannot stretch (exactly 0) may never meet: infinite stretch.
    never = missing
    need = need & ~never
    low = np.zeros(n)
    for _ in range(iterations):
        if not need.any():
            break
        mid = 0.5 * (low + top)
        ok = terms.feasible(mid, exact)
        top = np.where(need & ok, mid, top)
        low = np.where(need & ~ok, mid, low)
    return np.where(never, np.inf, np.where(need, top, 0.0))


def _room(
    terms: _Terms, ranges: tuple[Floats, Floats], sums: tuple[Floats, Floats, Floats]
) -> tuple[Floats, Floats]:
    """Return each group's gap (conflicts) and the reference claim's room (the rest).

    ``ranges`` and ``sums`` are the claims' ranges as stated (``terms.ranges`` at 0)
    and their :meth:`_Terms.sums`.
    """
    lo, hi = ranges
    s_min, s_max, empty = sums
    gap = np.maximum(np.maximum(s_min - terms.rel_hi, terms.rel_lo - s_max), 0.0) + empty
    ref = terms.first
    c0 = terms.coef[ref]
    t_min0 = np.where(c0 > 0, c0 * lo[ref], c0 * hi[ref])
    t_max0 = np.where(c0 > 0, c0 * hi[ref], c0 * lo[ref])
    with np.errstate(invalid="ignore"):
        # c0 * v0 lies within [rel_lo - others_max, rel_hi - others_min].
        a = terms.rel_lo - (s_max - t_max0)
        b = terms.rel_hi - (s_min - t_min0)
    a = np.where(np.isnan(a), -np.inf, a)
    b = np.where(np.isnan(b), np.inf, b)
    v_lo = np.maximum(np.where(c0 > 0, a, -b), lo[ref])
    v_hi = np.minimum(np.where(c0 > 0, b, -a), hi[ref])
    with np.errstate(invalid="ignore"):
        width = np.maximum(v_hi - v_lo, 0.0)
    return gap, np.where(np.isnan(width), np.inf, width)


def _bisected(
    locals_: Locals, info: ClaimInfo, which: Bools, bisect: Callable[[_Terms, Bools], Floats]
) -> Floats:
    """Return ``bisect`` run on findings ``which`` alone, 0 for the others.

    Findings are decided each on its own, so the few that need a bisection (a group
    that cannot shrink all the way, a conflict) are bisected without the rest: each
    step then costs what they cost, not what every finding does.
    """
    out = np.zeros(which.shape[0])
    chosen = np.flatnonzero(which)
    if chosen.shape[0]:
        some = _some(locals_, chosen)
        out[chosen] = bisect(_Terms(some, info), np.ones(chosen.shape[0], dtype=np.bool_))
    return out


def _some(locals_: Locals, chosen: Ints) -> Locals:
    """Return findings ``chosen`` (indices, in order) alone."""
    ptr, terms = take_ragged(locals_.ptr, chosen)
    return Locals(
        locals_.kind[chosen],
        ptr,
        locals_.claims[terms],
        locals_.coefs[terms],
        locals_.rel_lo[chosen],
        locals_.rel_hi[chosen],
    )


#: Findings decided at a time: the arrays of their terms (a dozen per term, and as many
#: temporaries) exist for one block, not for ten million findings at once. A block
#: whose arrays stay in the processor's cache decides a million findings faster
#: (0.47 s against 0.56 s for blocks eight times larger).
EVALUATE_BLOCK = 1 << 15


def evaluate(
    locals_: Locals, info: ClaimInfo, *, iterations: int = 60, block: int = EVALUATE_BLOCK
) -> Margins:
    """Decide every local finding and compute its margins (vectorised).

    Each finding is decided on its own, ``block`` findings at a time.
    """
    if locals_.n <= block:
        return _evaluate(locals_, info, iterations)
    blocks = [
        _evaluate(_some(locals_, np.arange(a, min(a + block, locals_.n))), info, iterations)
        for a in range(0, locals_.n, block)
    ]
    fields = [attrs.astuple(found, recurse=False) for found in blocks]
    return Margins(*(np.concatenate(column) for column in zip(*fields, strict=True)))


def _evaluate(locals_: Locals, info: ClaimInfo, iterations: int) -> Margins:
    """Decide the local findings given (all at once)."""
    terms = _Terms(locals_, info)
    n = terms.n
    if n == 0:
        empty = np.zeros(0)
        return Margins(np.zeros(0, np.bool_), np.zeros(0, np.bool_), empty, empty)
    tol_f = FEASIBILITY_TOLERANCE * terms.scale
    stated = terms.ranges(np.zeros(n))
    stated_sums = terms.sums(*stated)
    closed_ok = terms.holds(stated_sums, tol_f)
    strict_ok = closed_ok & _strict_ok(terms, tol_f, stated_sums)
    full = strict_ok & terms.feasible(-np.ones(n), np.zeros(n))
    shrink = np.where(full, 1.0, 0.0) + _bisected(
        locals_, info, strict_ok & ~full, lambda sub, all_: _shrink(sub, all_, iterations)
    )
    stretch = _bisected(
        locals_, info, ~closed_ok, lambda sub, all_: _stretch(sub, all_, iterations)
    )
    margin = np.where(strict_ok, shrink, -stretch)
    # Bisection leaves noise far below the tolerances where a margin is 0.
    margin = np.where(np.abs(margin) < 1e-12, 0.0, margin) + 0.0
    gap, width = _room(terms, stated, stated_sums)
    gap, width = terms.in_counts(gap), terms.in_counts(width)
    k0 = terms.factor
    with np.errstate(over="ignore"):
        margin_abs = np.where(strict_ok, width / k0, np.where(closed_ok, 0.0, -gap / k0)) + 0.0
    return Margins(closed_ok, strict_ok, margin, margin_abs)
