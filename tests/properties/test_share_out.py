"""``max_conflicts`` shared out round by round (``engine.conflict_sets.share_out``).

The laws, against a reference that hands out one set at a time: every group gets one
set before any gets two, and two before any gets three; no group gets more than it
has, and the sets handed out are as many as the budget allows. Found a little at a
time (``maybe`` and ``more``, as a check searches further only when a round reaches a
group with too few sets in hand), the shares are those of the counts known in full,
and no group is searched past what it can still get.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.conflict_sets import share_out

counts_st = st.lists(st.integers(0, 12), max_size=12)


def one_at_a_time(counts: list[int], budget: int) -> list[int]:
    """The reference: round after round, each group in order takes one more, if it has one."""
    given = [0] * len(counts)
    while budget > 0 and any(g < c for g, c in zip(given, counts, strict=True)):
        level = min(g for g, c in zip(given, counts, strict=True) if g < c) + 1
        for k, c in enumerate(counts):
            if budget > 0 and given[k] == level - 1 and c >= level:
                given[k], budget = level, budget - 1
    return given


@given(counts_st, st.integers(0, 60))
def test_shares_are_handed_out_one_round_at_a_time(counts: list[int], budget: int) -> None:
    shares = share_out(counts, budget)
    assert shares == one_at_a_time(counts, budget)
    assert all(0 <= s <= c for s, c in zip(shares, counts, strict=True))
    assert sum(shares) == min(budget, sum(counts))
    # Breadth first: a group left short of its sets has at most one fewer than any other.
    short = [s for s, c in zip(shares, counts, strict=True) if s < c]
    assert not short or max(shares) <= min(short) + 1


@given(counts_st, st.integers(0, 60))
def test_a_larger_budget_takes_nothing_from_any_group(counts: list[int], budget: int) -> None:
    fewer, more = share_out(counts, budget), share_out(counts, budget + 1)
    assert all(a <= b for a, b in zip(fewer, more, strict=True))
    assert sum(more) - sum(fewer) in (0, 1)


@given(counts_st, st.integers(0, 60), st.data())
def test_counts_found_a_little_at_a_time_give_the_same_shares(
    counts: list[int], budget: int, data: st.DataObject
) -> None:
    # Each group's sets are known up to how far it was searched: a search let go to
    # ``limit`` finds min(limit, count) sets, and may have more when it found ``limit``.
    # ``more`` searches each group it is given to a drawn limit from ``r`` to ``most``.
    searched = [data.draw(st.integers(0, 2), label="first") for _ in counts]
    known = [min(limit, c) for limit, c in zip(searched, counts, strict=True)]

    def maybe(k: int) -> bool:
        return known[k] == searched[k]

    def more(groups: list[int], level: int, ahead: int, most: int) -> None:
        assert level <= ahead <= most
        for k in groups:
            assert known[k] < level
            assert maybe(k)
            searched[k] = data.draw(st.integers(level, min(ahead + 3, most)), label="to")
            known[k] = min(searched[k], counts[k])

    assert share_out(known, budget, maybe=maybe, more=more) == share_out(counts, budget)
