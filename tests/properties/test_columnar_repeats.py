"""The columnar reader's test of an id used twice is a test of the distinct ids.

The ids are sorted by Arrow and their neighbours compared by Arrow; a table whose
ids are not all different is read by the row reader (which names the rows). The
test must say what a set of the ids says, for ``string`` and ``large_string`` arrays
and for slices of them (an array that starts inside its buffers), and a table with
a repeated id must get the row reader's error.
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.tables import from_frame, table_claims
from claimkit.tables.columnar import _Columns

IDS = st.lists(st.text(st.sampled_from([*"aAb0.-é"]), min_size=1, max_size=3), max_size=12)


def _repeats(cells: list[str], large: bool, cut: int) -> bool:
    array = pa.array(cells, pa.large_string() if large else pa.string()).slice(cut)
    reader = _Columns.__new__(_Columns)
    reader.pc = pc
    return reader.repeats(array.take(pc.sort_indices(array)))


@given(IDS, st.booleans(), st.integers(0, 3))
def test_an_id_is_repeated_when_the_ids_are_not_all_different(
    cells: list[str], large: bool, cut: int
) -> None:
    kept = cells[cut:]
    assert _repeats(cells, large, cut) == (len(set(kept)) < len(kept))


def test_repeated_and_distinct_ids() -> None:
    assert _repeats(["b", "a", "b"], False, 0)
    assert not _repeats(["b", "a", "b"], True, 1)
    assert not _repeats(["a", "A", "a."], False, 0)
    assert not _repeats(["a"], False, 0)
    assert not _repeats([], True, 0)


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=6))
def test_a_table_with_an_id_used_twice_gets_the_error_of_the_row_reader(ids: list[str]) -> None:
    table = pd.DataFrame(
        {"id": ids, "measure": "killed", "subject": "russia", "period": "2024-11", "lo": 1.0}
    )
    if len(set(ids)) == len(ids):
        read = table_claims(table)
        assert not isinstance(read, ck.ClaimSet)
        assert read.columns.ids.tolist() == sorted(ids)
        return
    with pytest.raises(ck.ClaimsFileError) as expected:
        from_frame(table)
    with pytest.raises(ck.ClaimsFileError, match=re.escape(str(expected.value))):
        table_claims(table)
