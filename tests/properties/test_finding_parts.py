"""Findings read a part at a time are the findings read whole.

``Report.finding_columns(rows)`` makes only the findings ``rows`` (conflict sets,
groups and ratio findings merged with the local findings in the report's order) and
keeps nothing; :func:`claimkit.tables.findings_frame` writes the text of a part at a
time into Arrow columns. Both must give, cell for cell, what the whole table gives.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.columns import FindingColumns
from claimkit.strategies import claim_sets
from claimkit.tables import findings_frame, frames, to_frame
from claimkit.tables._findings import finding_arrays, finding_parts

SETS = claim_sets() | claim_sets(consistent=False)
_FIELDS = ("kind", "verdict", "margin", "margin_abs", "unit", "touching", "relation")


def _cells(table: FindingColumns) -> list[list[object]]:
    """Return a table's findings as rows (claims and sources as tuples)."""
    ptr = table.ptr.tolist()
    claims, sources = table.claims.tolist(), table.sources.tolist()
    fields = [getattr(table, name).tolist() for name in _FIELDS]
    return [
        [*(column[k] for column in fields), claims[a:b], sources[a:b]]
        for k, (a, b) in enumerate(itertools.pairwise(ptr))
    ]


@given(SETS, st.integers(1, 4), st.booleans())
def test_finding_columns_a_slice_at_a_time_are_the_whole_table(
    claimset: ck.ClaimSet, size: int, as_table: bool
) -> None:
    claims = to_frame(claimset) if as_table else claimset
    whole = _cells(ck.check(claims).finding_columns())
    report = ck.check(claims)
    parts = [report.finding_columns(slice(a, a + size)) for a in range(0, len(whole) + 1, size)]
    assert [row for part in parts for row in _cells(part)] == whole
    assert report.findings == ck.check(claimset).findings
    # once the whole table is kept, slices are cut from it
    assert _cells(report.finding_columns()) == whole
    assert _cells(report.finding_columns(slice(1, None, 2))) == whole[1::2]


@given(SETS, st.integers(1, 4))
def test_finding_arrays_part_by_part_are_the_arrays_of_all(
    claimset: ck.ClaimSet, size: int
) -> None:
    expected = finding_arrays(ck.check(claimset))
    parts = list(finding_parts(ck.check(claimset), size))
    assert len(parts) == len(expected["kind"]) // size + 1
    for name, column in expected.items():
        joined = np.concatenate([part.arrays()[name] for part in parts])
        assert joined.tolist() == column.tolist(), name


def _two_units() -> ck.ClaimSet:
    nov = ck.Period.month(2024, 11)
    a = ck.Claim(id="a", measure="killed", subject="x", period=nov,
                 value=ck.Range(100, 300, "person"))  # fmt: skip
    rate = ck.Claim(id="r", measure="killed", subject="y", period=nov, kind="rate",
                    value=ck.Range(1, 3, "person / day"))  # fmt: skip
    return ck.ClaimSet([
        a,
        a.replace(id="b", value=ck.Range(290, 400, "person"), source=ck.Source("S")),
        a.replace(id="c", value=ck.Range(500, 600, "person")),
        rate,
        rate.replace(id="s", value=ck.Range(2.5, 9, "person / day")),
        rate.replace(id="t", value=ck.Range(20, 30, "person / day")),
    ])  # fmt: skip


def test_a_findings_frame_made_in_parts_is_the_frame_made_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claims = _two_units()
    whole = findings_frame(ck.check(claims))
    monkeypatch.setattr(frames, "FRAME_PART", 2)
    parted = findings_frame(ck.check(claims))
    assert len(parted) > 4
    assert parted.equals(whole)
    assert parted["claims"].array.__arrow_array__().num_chunks == len(parted) // 2 + 1
    text = pd.ArrowDtype(pa.string())
    assert parted.dtypes.to_dict() == {
        "kind": whole["kind"].dtype,
        "verdict": whole["verdict"].dtype,
        "margin": np.dtype(np.float64),
        "margin_abs": np.dtype(np.float64),
        "unit": whole["unit"].dtype,
        "touching": np.dtype(np.bool_),
        "claims": text,
        "sources": text,
        "relation": text,
        "description": text,
    }
    for name in ("kind", "verdict", "unit"):
        assert isinstance(parted[name].dtype, pd.CategoricalDtype), name
    assert sorted(parted["unit"].cat.categories) == ["person", "person / day"]
    assert parted["verdict"].tolist()[:2] == ["conflict", "conflict"]
    assert not parted.isna().any().any()
    # the cells are those of the rows the Finding objects make
    report = ck.check(claims)
    assert parted["claims"].tolist() == [", ".join(f.claims) for f in report.findings]
    assert parted["relation"].tolist() == [f.relation for f in report.findings]
