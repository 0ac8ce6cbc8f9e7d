"""The columnar reader's test of plain ids, read from the bytes, is the regular expression's.

A table whose ids are all plain (``_PLAIN_ID``: ASCII letters, digits, ``.``, ``_``
and ``-``, starting with a letter or a digit) is read from its columns; any other id
sends the table to the row reader. The test reads the ids' bytes; it must say what
the regular expression says of every cell, for ``string`` and ``large_string``
arrays and for slices of them (an array that starts inside its buffers).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from claimkit.tables.columnar import _PLAIN_ID, _Columns

ALPHABET = st.sampled_from([*"aZ09._- \n/é€", "\x00", "\x7f"])
IDS = st.lists(st.text(ALPHABET, max_size=6), max_size=8)


def _plain(cells: list[str], large: bool, cut: int) -> bool:
    array = pa.array(cells, pa.large_string() if large else pa.string())
    array = array.slice(min(cut, len(cells)))
    reader = _Columns.__new__(_Columns)
    reader.pa = pa
    expected = bool(pc.all(pc.match_substring_regex(array, _PLAIN_ID)).as_py()) or not len(array)
    found = reader.plain_ids(array)
    assert found == expected
    return found


@given(IDS, st.booleans(), st.integers(0, 3))
def test_plain_ids_are_those_the_regular_expression_matches(
    cells: list[str], large: bool, cut: int
) -> None:
    _plain(cells, large, cut)


def test_plain_and_other_ids() -> None:
    assert _plain(["a-1", "B.2", "3_c"], False, 0)
    assert _plain(["", "a"], False, 1)
    assert not _plain(["a", ""], True, 0)
    assert not _plain(["a", "-b"], False, 0)
    assert not _plain(["a", "b c"], False, 0)
    assert not _plain(["a", "b\n"], True, 0)
    assert not _plain(["é"], False, 0)
    assert _plain([], False, 0)
