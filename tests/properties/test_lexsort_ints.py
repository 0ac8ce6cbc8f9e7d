"""``lexsort_ints``: one stable sort of a folded key gives ``np.lexsort``'s order.

The findings, the part sums and the model's build sort claims by several integer
keys at once; folding the keys into one integer (each shifted to 0 and scaled by the
ranges of those after it) and sorting that stably must give exactly the order of
``np.lexsort``, ties in their first order, and keys too wide to fold are sorted by
``np.lexsort`` itself.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.matrix import lexsort_ints

SMALL = st.integers(-50, 50)
WIDE = st.integers(-(2**62), 2**62)


@st.composite
def _keys(draw: st.DrawFn) -> list[np.ndarray]:
    n = draw(st.integers(0, 40))
    count = draw(st.integers(1, 4))
    values = st.one_of(SMALL, WIDE) if draw(st.booleans()) else SMALL
    return [
        np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=np.int64)
        for _ in range(count)
    ]


@given(_keys())
def test_lexsort_ints_is_np_lexsort(keys: list[np.ndarray]) -> None:
    found = lexsort_ints(keys)
    assert found.dtype == np.int64
    assert found.tolist() == np.lexsort(keys).tolist()


@given(st.lists(st.tuples(st.integers(0, 3), st.booleans()), max_size=30))
def test_lexsort_ints_takes_boolean_and_small_keys(rows: list[tuple[int, bool]]) -> None:
    first = np.array([r[0] for r in rows], dtype=np.int64)
    flag = np.array([r[1] for r in rows], dtype=np.bool_)
    assert lexsort_ints((flag, first)).tolist() == np.lexsort((flag, first)).tolist()
