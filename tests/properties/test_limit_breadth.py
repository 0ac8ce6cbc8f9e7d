"""``max_conflicts`` shared out breadth first, on generated claim sets.

Several generated sets side by side make a check of several groups, some of which
conflict. With any limit, the conflict sets listed are: for each conflicting group,
in order, a first part of the sets listed without a limit (a search stopped early
keeps what it found first); one for each of the first groups until ``max_conflicts``
groups have one; then a second for each, in order, then a third, while sets are left.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.components import feasible_components
from claimkit.engine.conflict_lps import irreducible
from claimkit.engine.conflict_sets import conflicts_of, first_sets
from claimkit.engine.conflicts import Search
from claimkit.engine.model import build
from claimkit.strategies import claim_sets


def _side_by_side(parts: list[ck.ClaimSet]) -> ck.ClaimSet:
    return ck.ClaimSet(
        c.replace(id=f"p{k}-{c.id}", subject=f"{c.subject}-{k}")
        for k, part in enumerate(parts)
        for c in part.canonical.claims
    )


def groups(min_size: int, max_size: int) -> st.SearchStrategy[list[ck.ClaimSet]]:
    """Generated claim sets to check side by side, some conflicting, some not."""
    return st.lists(
        st.one_of(claim_sets(consistent=False, max_size=8), claim_sets(max_size=6)),
        min_size=min_size,
        max_size=max_size,
    )


@settings(deadline=None)
@given(groups(2, 5), st.data())
def test_each_group_gets_a_first_part_of_its_sets_one_each_first(
    parts: list[ck.ClaimSet], data: st.DataObject
) -> None:
    model = build(_side_by_side(parts).canonical)
    failing = np.flatnonzero(~feasible_components(model)).tolist()
    every, _, _ = conflicts_of(model, failing, limit=None)
    # Limits up to the number of sets found: where the limit cuts.
    limit = data.draw(st.integers(1, max(1, len(every))), label="limit")
    some, _, skipped = conflicts_of(model, failing, limit=limit)

    def by_group(found: list) -> dict[int, list[tuple[int, ...]]]:  # type: ignore[type-arg]
        out: dict[int, list[tuple[int, ...]]] = {}
        for conflict in found:
            row = int(model.rows.indices_of(list(conflict.claims))[0])
            comp = int(np.searchsorted(model.comp_row_ptr, row, side="right")) - 1
            out.setdefault(comp, []).append(conflict.claims)
        return out

    full, kept = by_group(every), by_group(some)
    groups = [c for c in failing if c in full]
    expected: dict[int, int] = {}
    budget, level = limit, 0
    while budget > 0 and any(len(full[c]) > level for c in groups):
        level += 1
        for comp in groups:
            if budget > 0 and len(full[comp]) >= level:
                expected[comp], budget = level, budget - 1
    assert {c: len(s) for c, s in kept.items()} == expected
    assert all(kept[c] == full[c][: len(kept[c])] for c in kept)
    # The search stops once max_conflicts groups have a set: the groups after the
    # last of them are not searched.
    searched = failing.index(groups[limit - 1]) + 1 if len(groups) >= limit else len(failing)
    assert skipped == len(failing) - searched


@settings(deadline=None)
@given(groups(1, 4))
def test_the_first_sets_found_together_are_those_each_search_finds_first(
    parts: list[ck.ClaimSet],
) -> None:
    # Each group's first certificate, checked for every group at once: where it is
    # an IIS it is the first set the group's own search finds; the groups that hold
    # have none.
    model = build(_side_by_side(parts).canonical)
    searches = [Search(model, comp) for comp in range(model.n_components)]
    holds = feasible_components(model).tolist()
    for comp, (found, held) in enumerate(zip(first_sets(searches), holds, strict=True)):
        if found is None:
            continue
        assert not held
        assert irreducible(model, found)
        assert [found] == Search(model, comp).run(1)[0]
