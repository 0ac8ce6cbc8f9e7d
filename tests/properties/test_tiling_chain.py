"""The chain of sub-periods that tiles a span: the fewest, found as a plain search finds it."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.tilings import _chain


def _plain(
    children: list[int], starts: list[int], ends: list[int], start: int, end: int
) -> list[int]:
    """Breadth-first search over positions, one child at a time (the oracle)."""
    by_start: dict[int, list[int]] = {}
    for k, a in enumerate(starts):
        by_start.setdefault(a, []).append(k)
    came: dict[int, int] = {}
    frontier = [start]
    while frontier and end not in came:
        nxt: list[int] = []
        for pos in frontier:
            for k in by_start.get(pos, ()):
                e = ends[k]
                if e not in came and e != start:
                    came[e] = k
                    nxt.append(e)
        frontier = nxt
    if end not in came:
        return []
    chain: list[int] = []
    pos = end
    while pos != start:
        chain.append(children[came[pos]])
        pos = starts[came[pos]]
    return chain[::-1]


spans = st.lists(
    st.tuples(st.integers(0, 12), st.integers(1, 6)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=30,
    unique=True,
)


@given(spans, st.integers(0, 4), st.integers(5, 14))
def test_the_chain_is_the_one_a_plain_search_finds(
    found: list[tuple[int, int]], start: int, end: int
) -> None:
    starts = [a for a, _ in found]
    ends = [b for _, b in found]
    children = [100 + k for k in range(len(found))]
    got = _chain(
        np.array(children, dtype=np.int64),
        np.array(starts, dtype=np.int64),
        np.array(ends, dtype=np.int64),
        start,
        end,
    )
    assert got == _plain(children, starts, ends, start, end)
    if got:  # the tiles follow one another from start to end
        pos = start
        for c in got:
            assert starts[c - 100] == pos
            pos = ends[c - 100]
        assert pos == end
