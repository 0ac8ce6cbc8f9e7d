"""Helpers of the local findings, against plain versions of what they compute."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.findings import _day_ranks, _segmented_max

days = st.lists(st.integers(-800_000, 3_000_000), max_size=60) | st.lists(
    st.integers(738_000, 738_200), max_size=60
)


@given(days)
def test_days_are_ranked_among_the_distinct_days(values: list[int]) -> None:
    rank, distinct = _day_ranks(np.array(values, dtype=np.int64))
    ordered = sorted(set(values))
    assert [ordered.index(v) for v in values] == rank.tolist()
    assert len(ordered) == distinct


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-1, 10_000)), max_size=60))
def test_the_running_maximum_starts_afresh_in_each_segment(rows: list[tuple[int, int]]) -> None:
    rows.sort(key=lambda row: row[0])  # segments sorted, values in any order
    segment = np.array([s for s, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows], dtype=np.int64)
    expected: list[int] = []
    for k, (s, v) in enumerate(rows):
        same = k > 0 and rows[k - 1][0] == s
        expected.append(max(expected[-1], v) if same else v)
    assert expected == _segmented_max(values, segment).tolist()
