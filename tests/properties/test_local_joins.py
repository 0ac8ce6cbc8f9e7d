"""The joins that find local findings, against plain versions of what they compute.

``claimkit.engine.findings`` finds same-quantity pairs, time-additivity triples and
each span's smallest enclosing span with array work (no Python loop per group, no
sort of keys already in order); here each is compared with a direct version: pairs by
``itertools``, triples by a search over all pairs of spans, parents by a scan.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine import findings
from claimkit.engine.model import ClaimInfo


def _info(**arrays: Any) -> ClaimInfo:
    return cast(ClaimInfo, SimpleNamespace(**arrays))


@st.composite
def quantities(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Claims' quantities (some shared by more than PAIRWISE_LIMIT) and the active ones."""
    top = draw(st.integers(0, 12))
    q = draw(st.lists(st.integers(0, top), max_size=90))
    active = [k for k in range(len(q)) if draw(st.integers(0, 5)) > 0]
    return np.array(q, dtype=np.int64), np.array(active, dtype=np.int64)


@given(quantities())
def test_same_quantity_pairs_are_those_of_each_group_in_order(
    drawn: tuple[np.ndarray, np.ndarray],
) -> None:
    quantity, active = drawn
    out = findings._Collector()
    findings._same_quantity(_info(quantity=quantity), active, out)
    found = out.pack()
    groups: dict[int, list[int]] = {}
    for c in active.tolist():
        groups.setdefault(int(quantity[c]), []).append(c)
    expected: list[tuple[int, int]] = []
    for q in sorted(groups):
        members = groups[q]
        if len(members) <= findings.PAIRWISE_LIMIT:
            expected.extend(itertools.combinations(members, 2))
        else:
            expected.extend(itertools.pairwise(members))
    assert [tuple(found.members(k)) for k in range(found.n)] == expected
    assert (found.kind == findings.SAME).all()
    assert found.coefs.tolist() == [1.0, -1.0] * found.n


@st.composite
def spans(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct spans of a few sets, sorted by set, start and end descending."""
    day0 = draw(st.sampled_from([0, 738_000, -5_000]))
    width = draw(st.sampled_from([6, 12, 400_000]))  # a wide range ranks days by sorting
    cut = st.integers(0, 6).map(lambda d: day0 + d * width // 6)
    drawn = draw(st.lists(st.tuples(st.integers(0, 2), cut, cut), max_size=40))
    rows = sorted({(s, min(a, b), max(a, b)) for s, a, b in drawn if a != b})
    rows.sort(key=lambda row: (row[0], row[1], -row[2]))
    s, a, b = (np.array([row[i] for row in rows], dtype=np.int64) for i in range(3))
    claims = np.array(draw(st.permutations(range(len(rows)))), dtype=np.int64)
    return s.reshape(-1), a.reshape(-1), b.reshape(-1), claims.reshape(-1)


@given(spans())
def test_time_additivity_triples_are_those_of_a_search_over_all_spans(
    drawn: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    s, a, b, claim = drawn
    n = s.shape[0]
    out = findings._Collector()
    explained, keys = findings._additivity(drawn, out)
    found = out.pack()
    # X = [a, b) against Y = [c, a) and Z = [c, b), the latest such c.
    expected: list[tuple[int, int, int]] = []
    expected_keys: list[int] = []
    for x in range(n) if n >= 3 else ():
        best: tuple[int, int, int] | None = None
        for y, z in itertools.product(range(n), repeat=2):
            same = s[y] == s[x] == s[z]
            fits = same and b[y] == a[x] and a[y] < a[x] and a[z] == a[y] and b[z] == b[x]
            if fits and (best is None or a[y] > a[best[0]]):
                best = (y, z, x)
        if best is not None:
            y, z, _ = best
            expected.append((int(claim[x]), int(claim[z]), int(claim[y])))
            expected_keys.append(z * n + x)
    assert [tuple(found.members(k)) for k in range(found.n)] == expected
    assert keys.tolist() == expected_keys
    assert np.flatnonzero(explained).tolist() == sorted(k % n for k in expected_keys)


@given(spans())
def test_each_span_is_set_against_the_latest_earlier_span_reaching_past_its_end(
    drawn: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    s, _, b, _ = drawn
    parent, _ = findings._parents(drawn)
    expected = [
        max((j for j in range(k) if s[j] == s[k] and b[j] >= b[k]), default=-1)
        for k in range(s.shape[0])
    ]
    assert parent.tolist() == expected


groups = st.lists(
    st.lists(st.sampled_from([0.0, -0.0, 0.5, -1.5, 1e-300, 3.0, np.inf]), min_size=1, max_size=5)
    | st.lists(st.sampled_from([0.25, -2.0, -np.inf]), max_size=4),
    max_size=12,
)


@given(groups)
def test_sums_with_infinite_terms_are_those_of_the_finite_terms_and_the_infinities(
    drawn: list[list[float]],
) -> None:
    values = np.array([v for group in drawn for v in group], dtype=np.float64)
    which = np.repeat(np.arange(len(drawn)), [len(group) for group in drawn])
    found = findings._sum_with_inf(which, values, len(drawn))
    expected = []
    for group in drawn:
        finite = 0.0
        for v in group:
            finite += v if np.isfinite(v) else 0.0
        expected.append(np.inf if np.inf in group else -np.inf if -np.inf in group else finite)
    assert found.tolist() == expected


@given(groups)
def test_the_largest_of_each_group_is_found_by_its_pointers(drawn: list[list[float]]) -> None:
    sizes = [[abs(v) for v in group] for group in drawn]  # sizes are not negative
    values = np.array([v for group in sizes for v in group], dtype=np.float64)
    ptr = np.cumsum([0] + [len(group) for group in sizes])
    expected = [max(group, default=0.0) for group in sizes]
    assert findings._group_max(values, ptr).tolist() == expected
