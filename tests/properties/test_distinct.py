"""``distinct`` and ``distinct_first`` give ``np.unique``'s answers, faster on codes.

The model's build and the columnar reader number distinct codes through a table
when the codes' range is small, and by a sort otherwise; either way the distinct
values, the first index of each and each key's index among them must be those of
``np.unique``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.columns import distinct, distinct_first

KEYS = st.one_of(
    st.lists(st.integers(0, 20), max_size=60),
    st.lists(st.integers(-5, 5), max_size=60),
    st.lists(st.integers(0, 10_000), max_size=60),
    st.lists(st.integers(-(2**62), 2**62), max_size=60),
)


@given(KEYS)
def test_distinct_is_np_unique(values: list[int]) -> None:
    key = np.array(values, dtype=np.int64)
    found, inverse = distinct(key)
    expected, expected_inverse = np.unique(key, return_inverse=True)
    assert found.tolist() == expected.tolist()
    assert inverse.reshape(-1).tolist() == expected_inverse.reshape(-1).tolist()


@given(KEYS)
def test_distinct_first_is_np_unique_with_the_first_indices(values: list[int]) -> None:
    key = np.array(values, dtype=np.int64)
    found, first, inverse = distinct_first(key)
    expected, expected_first, expected_inverse = np.unique(
        key, return_index=True, return_inverse=True
    )
    assert found.tolist() == expected.tolist()
    assert first.tolist() == expected_first.tolist()
    assert inverse.reshape(-1).tolist() == expected_inverse.reshape(-1).tolist()
