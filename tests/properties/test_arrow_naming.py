"""Claims named by Arrow's take are the claims numpy's gather names.

The findings frame names each finding's claims from the claims' ids with Arrow
(``frames._arrow_naming``) instead of gathering numpy's variable-width strings; a
report read a part at a time with that naming must be, cell for cell, what the
default naming (``ids[terms]``) gives.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.columns import STRINGS
from claimkit.strategies import claim_sets
from claimkit.tables import frames, to_frame

SETS = claim_sets() | claim_sets(consistent=False)
_FIELDS = ("kind", "verdict", "margin", "margin_abs", "unit", "touching", "ptr", "sources")


@given(st.lists(st.text(max_size=20), max_size=8), st.data())
def test_arrow_naming_takes_the_ids_numpy_gathers(ids: list[str], data: st.DataObject) -> None:
    column = np.array(ids, dtype=STRINGS)
    terms = np.array(
        data.draw(st.lists(st.integers(0, max(len(ids) - 1, 0)), max_size=10 if ids else 0)),
        dtype=np.int64,
    )
    named = frames._arrow_naming(pa)
    for _ in range(2):  # the ids converted once serve again
        taken = named(column, terms)
        assert taken.dtype == np.object_
        assert taken.tolist() == column[terms].tolist()
    other = np.array([*ids, "x"], dtype=STRINGS)  # other ids are converted anew
    assert named(other, np.array([len(ids)], dtype=np.int64)).tolist() == ["x"]


@given(SETS, st.integers(1, 4), st.booleans())
def test_findings_named_by_arrow_are_the_findings_named_by_numpy(
    claimset: ck.ClaimSet, size: int, as_table: bool
) -> None:
    report = ck.check(to_frame(claimset) if as_table else claimset)
    named = frames._arrow_naming(pa)
    for start in range(0, len(report.findings) + 1, size):
        rows = slice(start, start + size)
        (plain, words), (arrow, arrow_words) = (
            report.finding_phrases(rows),
            report.finding_phrases(rows, named),
        )
        assert arrow.claims.tolist() == plain.claims.tolist()
        for name in _FIELDS:
            assert getattr(arrow, name).tolist() == getattr(plain, name).tolist(), name
        assert arrow_words.texts().tolist() == words.texts().tolist()
