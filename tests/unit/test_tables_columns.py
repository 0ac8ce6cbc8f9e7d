"""ClaimColumns: claims as the columns the linear model reads."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

import claimkit as ck
from claimkit.engine.columns import ClaimColumns
from claimkit.engine.model import Query, build_with_info

NOV = ck.Period.month(2024, 11)


def _claims() -> ck.ClaimSet:
    total = ck.Claim(
        id="b-total",
        measure="killed",
        subject="russia",
        period=NOV,
        value=ck.Range(1_000, 2_000, "kiloperson"),
        source=ck.Source("Ministry"),
    )
    each = total.replace(
        id="a-each",
        kind="rate",
        value=ck.Range.more_than(10, "person / week"),
        reading="each",
        source=None,
    )
    return ck.ClaimSet([total, each])


def test_columns_of_a_claim_set_hold_every_field_the_model_reads() -> None:
    columns = ClaimColumns.of(_claims())
    assert columns.ids.tolist() == ["b-total", "a-each"]
    assert columns.units == ("kiloperson", "person / week")
    assert columns.window.tolist() == [0, 7]
    assert columns.is_rate.tolist() == [False, True]
    assert columns.source.tolist() == [0, -1]
    assert columns.sources == (ck.Source("Ministry"),)
    assert columns.source_name(1) is None
    assert columns.lo_open.tolist() == [False, True]
    assert columns.hi_open.tolist() == [False, True]
    assert columns.start.tolist() == [date(2024, 11, 1).toordinal()] * 2
    assert columns.value(0) == ck.Range(1_000, 2_000, "kiloperson")
    assert columns.period(1) == NOV


def test_by_id_sorts_the_claims_and_keeps_sorted_columns_as_they_are() -> None:
    columns = ClaimColumns.of(_claims())
    ordered = columns.by_id()
    assert ordered.ids.tolist() == ["a-each", "b-total"]
    assert ordered.units == columns.units
    assert ordered.unit.tolist() == [1, 0]
    assert ordered.by_id() is ordered


def test_the_model_of_columns_is_the_model_of_the_claim_set() -> None:
    claims = _claims().canonical
    model_a, info_a, _ = build_with_info(claims)
    model_b, info_b, _ = build_with_info(ClaimColumns.of(claims))
    assert tuple(model_a.claim_ids) == tuple(model_b.claim_ids) == ("a-each", "b-total")
    assert np.array_equal(model_a.rows.lo, model_b.rows.lo)
    assert np.array_equal(info_a.total_hi, info_b.total_hi)
    assert info_b.family.tolist() == ["killed", "killed"]


def test_columns_check_the_names_of_a_query_as_a_claim_set_does() -> None:
    columns = ClaimColumns.of(_claims())
    with pytest.raises(ck.UnknownIdError, match="unknown measure 'kiled'; did you mean 'killed'"):
        build_with_info(columns, queries=[Query("kiled", "russia", NOV.start, NOV.end)])
    with pytest.raises(ck.UnknownIdError, match="unknown subject 'rusia'"):
        build_with_info(columns, queries=[Query("killed", "rusia", NOV.start, NOV.end)])


def test_columns_of_different_lengths_are_refused() -> None:
    columns = ClaimColumns.of(_claims())
    with pytest.raises(ck.InvalidArgumentError, match=r"ClaimColumns.lo must be .* \(2\)"):
        ClaimColumns(**{**_fields(columns), "lo": np.zeros(3)})
    with pytest.raises(ck.InvalidArgumentError, match=r"ClaimColumns.window must be .* int64"):
        ClaimColumns(**{**_fields(columns), "window": np.zeros(2)})


def _fields(columns: ClaimColumns) -> dict[str, object]:
    import attrs

    return {f.name: getattr(columns, f.name) for f in attrs.fields(ClaimColumns)}
