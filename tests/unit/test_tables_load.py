"""Reading a table into columns cheaply: each fast step gives what the step it replaces gives.

The ids are cast to numpy text from Arrow's bytes rather than through a Python string
per cell; what comes out must be the ids themselves, whatever their widths, wherever
the array starts in its buffers and whichever of Arrow's two text types holds them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.columns import STRINGS
from claimkit.tables.columnar import _ascii_strings

PLAIN_IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", fullmatch=True)


@given(
    st.lists(PLAIN_IDS, max_size=30),
    st.integers(0, 5),
    st.integers(0, 5),
    st.booleans(),
)
def test_ascii_strings_are_the_cells(ids: list[str], head: int, tail: int, large: bool) -> None:
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(["x" * 7] * head + ids + ["yy"] * tail, kind)
    array = whole.slice(head, len(ids))
    found = _ascii_strings(array)
    assert found.dtype == STRINGS
    assert found.shape == (len(ids),)
    assert found.tolist() == ids
    assert np.array_equal(found, np.array(ids, dtype=STRINGS).reshape(-1))


def test_ascii_strings_of_an_array_taken_from_another() -> None:
    array = pa.array(["b-10", "a", "c.3", "a-2"])
    taken = array.take(pa.array([3, 1, 0, 2]))
    assert _ascii_strings(taken).tolist() == ["a-2", "a", "b-10", "c.3"]
