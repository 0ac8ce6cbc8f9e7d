"""The part-sum findings, found for every total at once, are those of a search per total.

The oracle is the search that claimkit ran before (one total at a time, walking the
relations down by name, with a cache per quantity and span): for claim sets with
sums over measures and subjects, nested sums, parts without claims, several claims
on one quantity and spans that do and do not match, both give the same findings in
the same order.
"""

from __future__ import annotations

import bisect
import datetime
import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import findings
from claimkit.engine.model import ClaimInfo, build_with_info
from claimkit.engine.part_sums import ALTERNATIVES, PART_SUM_LIMIT, part_sums

_Cover = tuple[tuple[int, ...], bool]
_Found = tuple[tuple[int, ...], bool]
DAY0 = datetime.date(2024, 1, 1)


class _Search:
    """The search per total (the oracle), as claimkit 0.x ran it."""

    def __init__(self, claimset: ck.ClaimSet, info: ClaimInfo, active: np.ndarray) -> None:
        self.cs = claimset
        self.info = info
        h_m, h_s = claimset.measure_hierarchy, claimset.subject_hierarchy
        self.pair_index = {pair: k for k, pair in enumerate(info.pairs)}
        is_total = [m in h_m.children or s in h_s.children for m, s in info.pairs]
        is_part = [m in h_m.parent or s in h_s.parent for m, s in info.pairs]
        self.totals = [int(c) for c in active if is_total[info.pair_id[c]]]
        self.parts: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for c in active.tolist():
            if is_part[info.pair_id[c]]:
                key = (int(info.pair_id[c]), int(info.span_start[c]))
                self.parts.setdefault(key, []).append((int(info.span_end[c]), c))
        for group in self.parts.values():
            group.sort()
        self.cache: dict[tuple[str, str, int, int], list[_Cover]] = {}

    def run(self) -> list[_Found]:
        out = []
        for t in self.totals:
            pair = self.info.pairs[int(self.info.pair_id[t])]
            a, b = int(self.info.span_start[t]), int(self.info.span_end[t])
            ways: dict[frozenset[int], _Cover] = {}
            for parts, complete in self.splits(*pair, a, b):
                if t not in parts:
                    ways.setdefault(frozenset(parts), (parts, complete))
            kept = [w for k, w in ways.items() if not any(k < other for other in ways)]
            out += [((t, *parts), complete) for parts, complete in kept[:PART_SUM_LIMIT]]
        return out

    def splits(self, m: str, s: str, a: int, b: int) -> list[_Cover]:
        h_m, h_s = self.cs.measure_hierarchy, self.cs.subject_hierarchy
        ways: list[_Cover] = []
        groups: list[list[tuple[str, str]]] = []
        if m in h_m.children:
            groups.append([(p, s) for p in h_m.children[m]])
        if s in h_s.children:
            groups.append([(m, q) for q in h_s.children[s]])
        for parts in groups:
            per_part = [self.covers(pm, ps, a, b) or [((), False)] for pm, ps in parts]
            for combo in itertools.islice(itertools.product(*per_part), ALTERNATIVES):
                claims = tuple(i for cl, _ in combo for i in cl)
                if claims:
                    ways.append((claims, all(done for _, done in combo)))
        return ways

    def covers(self, m: str, s: str, a: int, b: int) -> list[_Cover]:
        key = (m, s, a, b)
        if key in self.cache:
            return self.cache[key]
        ways: list[_Cover] = []
        pair = self.pair_index.get((m, s))
        group = self.parts.get((pair, a), []) if pair is not None else []
        ends = [e for e, _ in group]
        lo, hi = bisect.bisect_left(ends, b), bisect.bisect_right(ends, b)
        ways = [((c,), True) for _, c in group[lo:hi][:ALTERNATIVES]]
        if not ways and lo > 0:
            ways = [((group[lo - 1][1],), False)]
        if not ways or not ways[0][1]:
            ways += self.splits(m, s, a, b)
        self.cache[key] = ways[:ALTERNATIVES]
        return self.cache[key]


MEASURE_SUMS = (
    ck.Sum("casualties", ["killed", "wounded"]),
    ck.Sum("killed", ["killed_field", "killed_later"]),
    ck.Sum("wounded", ["light", "severe", "other"]),
)
SUBJECT_SUMS = (
    ck.Sum("both", ["a", "b"], over="subject"),
    ck.Sum("a", ["a1", "a2"], over="subject"),
    ck.Sum("b", ["b1", "b2"], over="subject"),
)
MEASURES = ("casualties", "killed", "wounded", "killed_field", "killed_later", "light", "severe")
SUBJECTS = ("both", "a", "b", "a1", "a2", "b1", "b2")


@st.composite
def claim_sets(draw: st.DrawFn) -> ck.ClaimSet:
    """Claims on a few quantities and spans, with some of the sums (nested or not)."""
    often = st.sampled_from([True, True, True, False])
    relations = [s for s in (*MEASURE_SUMS, *SUBJECT_SUMS) if draw(often)]
    # Few spans, so that parts are often stated over a total's span or part of it.
    tidy = draw(st.booleans())
    measures, subjects = (MEASURES[:3], SUBJECTS[:3]) if tidy else (MEASURES, SUBJECTS)
    quantity = st.tuples(st.sampled_from(measures), st.sampled_from(subjects))
    spans = [(0, 10), (0, 10), (0, 20), (0, 5), (10, 10), (10, 5)]
    span = st.sampled_from(spans[:3] if tidy else spans)
    drawn = draw(st.lists(st.tuples(quantity, span), min_size=1, max_size=60))
    claims = [
        ck.Claim(
            id=f"c{k}",
            measure=m,
            subject=s,
            period=ck.Period(
                DAY0 + datetime.timedelta(days=a), DAY0 + datetime.timedelta(days=a + n)
            ),
            value=ck.Range(0, 10 * (k + 1), "person"),
        )
        for k, ((m, s), (a, n)) in enumerate(drawn)
    ]
    return ck.ClaimSet(claims, relations=relations)


def _both(claimset: ck.ClaimSet) -> tuple[list[_Found], list[_Found]]:
    _, info, _ = build_with_info(claimset)
    active = np.flatnonzero(info.n_rows > 0).astype(np.int64)
    expected = _Search(claimset, info, active).run()
    found = part_sums(claimset, info, active)
    got = [
        (tuple(found.claims[found.ptr[k] : found.ptr[k + 1]].tolist()), bool(found.complete[k]))
        for k in range(found.complete.shape[0])
    ]
    return expected, got


@given(claim_sets())
def test_the_findings_are_those_of_the_search_per_total(claimset: ck.ClaimSet) -> None:
    expected, got = _both(claimset)
    assert expected == got


@given(claim_sets())
def test_the_local_findings_hold_the_part_sums_in_the_order_of_the_totals(
    claimset: ck.ClaimSet,
) -> None:
    _, info, _ = build_with_info(claimset)
    locals_ = findings.generate(claimset, info)
    parts = [k for k in range(locals_.n) if locals_.kind[k] == findings.PARTS]
    expected, _ = _both(claimset)
    assert [claims for claims, _ in expected] == [tuple(locals_.members(k)) for k in parts]
    assert [0.0 if done else np.inf for _, done in expected] == locals_.rel_hi[parts].tolist()
    assert all(locals_.coefs[locals_.ptr[k]] == 1.0 for k in parts)
