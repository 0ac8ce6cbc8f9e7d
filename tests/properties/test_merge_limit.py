"""The distributed merge shares ``max_conflicts`` out as one check does.

``engine.conflict_sets.conflicts_of`` gives each conflicting group, in order, its first
conflict set until ``max_conflicts`` groups have one, then each its second set, in
order, then its third, and so on, while sets are left. Each
partition of a distributed check does the same with its own groups, and the driver
(``distributed._merge.decide``) keeps, of each group's sets, as many as the whole
check would have listed: whatever way the groups are split into partitions.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimkit.distributed._merge import decide
from claimkit.distributed._tasks import PartResult
from claimkit.engine.conflict_sets import limit_note


def _one_check(found: dict[str, int], limit: int | None) -> dict[str, int]:
    """How many sets of each group one check lists (``found``: each group's in all)."""
    groups = [g for g in sorted(found) if found[g] > 0]
    if limit is None:
        return {g: found[g] for g in groups}
    kept: dict[str, int] = {}
    level = 0
    while limit > 0 and any(found[g] > level for g in groups):
        level += 1
        for g in groups:
            if limit > 0 and found[g] >= level:
                kept[g], limit = level, limit - 1
    return kept


@given(
    st.dictionaries(
        st.text("abcdefgh", min_size=1, max_size=3), st.integers(1, 6), min_size=1, max_size=12
    ),
    st.integers(1, 30),
    st.integers(1, 4),
    st.randoms(use_true_random=False),
)
def test_the_merge_keeps_what_one_check_lists(
    found: dict[str, int], limit: int, parts: int, random: object
) -> None:
    groups = sorted(found)
    owner = {g: random.randrange(parts) for g in groups}  # type: ignore[attr-defined]
    results = []
    for p in range(parts):
        mine = {g: n for g, n in found.items() if owner[g] == p}
        listed = _one_check(mine, limit)
        cut = sum(listed.values()) < sum(mine.values())
        notes = (limit_note(limit, 1, max(0, len(mine) - limit)),) if cut else ()
        results.append(
            PartResult(
                findings=None,
                bounds=None,
                groups=None,
                notes=notes,
                conflict_groups=tuple(sorted(listed.items())),
            )
        )
    decision = decide(results, exact=False, max_conflicts=limit)
    whole = _one_check(found, limit)
    listed = {g: n for r in results for g, n in r.conflict_groups}
    kept = {g: decision.allowed.get(g, n) for g, n in listed.items()}
    assert whole == {g: n for g, n in kept.items() if n > 0}
    assert decision.truncated == (sum(whole.values()) < sum(found.values()))
    assert decision.skipped == max(0, len(groups) - limit)
