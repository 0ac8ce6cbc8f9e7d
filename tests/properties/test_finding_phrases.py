"""Texts kept as pieces (Phrases) read as the texts written one by one.

The findings frame writes relations, descriptions and the claims' ids with Arrow,
a column of pieces at a time; every cell must be what the Finding objects and the
Python columns of :func:`claimkit.tables.finding_columns` say.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.words import Phrases
from claimkit.render.report import amount_text
from claimkit.strategies import claim_sets
from claimkit.tables import finding_columns, findings_frame, frames, to_frame

SETS = claim_sets() | claim_sets(consistent=False)
WORDS = st.lists(st.text(max_size=6), min_size=1, max_size=6).map(lambda w: ["", *w])


@st.composite
def phrases(draw: st.DrawFn) -> Phrases:
    """Return phrases of a few words, up to four pieces each."""
    words = draw(WORDS)
    n = draw(st.integers(0, 5))
    width = draw(st.integers(1, 4))
    codes = draw(st.lists(st.integers(0, len(words) - 1), min_size=n * width,
                          max_size=n * width))  # fmt: skip
    table = np.empty(len(words), dtype=np.object_)
    table[:] = words
    return Phrases(table, np.array(codes, dtype=np.int64).reshape(n, width))


def _joined(p: Phrases) -> list[str]:
    return ["".join(p.words[c] for c in row) for row in p.codes.tolist()]


@given(phrases(), phrases())
def test_phrases_join_their_pieces_in_order(a: Phrases, b: Phrases) -> None:
    assert a.texts().tolist() == _joined(a)
    assert a.then(b).texts().tolist() == _joined(a) + _joined(b)
    rows = np.arange(a.n, dtype=np.int64)[::-1]
    assert a.take(rows).texts().tolist() == _joined(a)[::-1]
    assert Phrases.of(_joined(b)).texts().tolist() == _joined(b)


@given(phrases())
def test_phrases_written_by_arrow_are_their_texts(p: Phrases) -> None:
    written = frames._arrow_phrases(pa, p)
    assert written.type == pa.string()
    assert written.to_pylist() == _joined(p)


@given(st.lists(st.lists(st.text(max_size=4), max_size=4), max_size=5))
def test_items_joined_by_arrow_are_joined_as_python_joins_them(
    items: list[list[str]],
) -> None:
    ptr = np.cumsum([0, *map(len, items)]).astype(np.int64)
    cells = np.empty(int(ptr[-1]), dtype=np.object_)
    cells[:] = [item for row in items for item in row]
    assert frames._arrow_joined(pa, ptr, cells, ", ").to_pylist() == list(map(", ".join, items))


@given(SETS, st.integers(1, 3), st.booleans())
def test_the_findings_frame_says_what_the_findings_say(
    claimset: ck.ClaimSet, size: int, as_table: bool
) -> None:
    claims = to_frame(claimset) if as_table else claimset
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frames, "FRAME_PART", size)
        frame = findings_frame(ck.check(claims))
    columns = finding_columns(ck.check(claims))
    for name in ("kind", "verdict", "unit", "claims", "sources", "relation", "description"):
        assert frame[name].astype(object).tolist() == columns[name], name
    report = ck.check(claims)
    assert frame["relation"].tolist() == [f.relation for f in report.findings]
    assert frame["claims"].tolist() == [", ".join(f.claims) for f in report.findings]
    expected = [amount_text(f, report.claimset) for f in report.findings]
    assert frame["description"].tolist() == expected
