"""A parsed tree is refused when a value nests too deep or a string holds a lone surrogate.

``_check_tree`` first walks the tree a level at a time without the keys' paths
(``_fits``), and walks it again with them (``_refuse``, which says where) only when
the first walk refuses it: the two walks must refuse the same trees.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit.errors import ClaimsFileError
from claimkit.files._lines import LineIndex
from claimkit.files._parse import _check_tree, _fits, _refuse

TEXT = st.text(st.sampled_from(["a", "b", "\ud800", "\udfff", "é"]), max_size=3)
LEAVES = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())
TREES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=12,
)
INDEX = LineIndex("", "json")


def _refused(data: dict[str, Any], max_depth: int) -> bool:
    try:
        _refuse(data, "x.json", INDEX, max_depth)
    except ClaimsFileError:
        return True
    return False


@given(st.dictionaries(TEXT, TREES, max_size=3), st.integers(0, 5))
def test_the_walk_without_paths_refuses_what_the_walk_with_them_refuses(
    data: dict[str, Any], max_depth: int
) -> None:
    assert _fits(data, max_depth) == (not _refused(data, max_depth))
    if _refused(data, max_depth):
        with pytest.raises(ClaimsFileError):
            _check_tree(data, "x.json", INDEX, max_depth)
    else:
        _check_tree(data, "x.json", INDEX, max_depth)


def test_a_key_is_a_level_below_its_table() -> None:
    assert _fits({"a": {"b": 1}}, 2)
    assert not _fits({"a": {"b": 1}}, 1)
    assert not _fits({"a": {}}, 0)
    assert _fits({}, 0)
    assert not _fits({"a": ["x", "\udc00"]}, 5)
    assert not _fits({"\ud800": 1}, 5)
