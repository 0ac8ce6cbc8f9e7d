"""The groups' claims kept as one array read as the dict of lists they replace."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine._members import Members


@given(st.lists(st.integers(0, 6), max_size=40))
def test_members_are_the_claims_of_each_group_in_order(labels: list[int]) -> None:
    comp = np.array(labels, dtype=np.int64)
    order = np.argsort(comp, kind="stable").astype(np.int64)
    starts = np.flatnonzero(np.diff(comp[order], prepend=-1))
    members = Members(comp[order[starts]], order, np.append(starts, order.shape[0]))
    expected: dict[int, list[int]] = {}
    for claim, group in enumerate(labels):
        expected.setdefault(group, []).append(claim)
    assert dict(members) == dict(sorted(expected.items()))
    assert list(members) == sorted(expected)
    assert members.sizes.tolist() == [len(expected[g]) for g in sorted(expected)]
    assert members.firsts.tolist() == [expected[g][0] for g in sorted(expected)]
