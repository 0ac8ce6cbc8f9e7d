"""Reports speak in the unit the claims were stated in, and list a conflict's quantities by date."""

from __future__ import annotations

from datetime import date

import pytest

import claimkit as ck


def _burned(claim_id: str, start: date, end: date, value: ck.Range) -> ck.Claim:
    return ck.Claim(
        id=claim_id,
        measure="burned",
        subject="county",
        period=ck.Period(start, end),
        value=value,
    )


def _summer() -> list[ck.Claim]:
    # Three months that can add up to at most 7,200 acres, and a summer of over 7,500;
    # the ids sort in another order than the months.
    return [
        _burned("z-june", date(2025, 6, 1), date(2025, 7, 1), ck.Range(1_150, 1_250, "acre")),
        _burned("b-july", date(2025, 7, 1), date(2025, 8, 1), ck.Range(3_350, 3_950, "acre")),
        _burned("m-august", date(2025, 8, 1), date(2025, 9, 1), ck.Range(1_800, 2_000, "acre")),
        _burned("a-summer", date(2025, 6, 1), date(2025, 9, 1), ck.Range.more_than(7_500, "acre")),
    ]


def _conflict_set(report: ck.Report) -> ck.Finding:
    (found,) = [f for f in report.findings if f.kind == "conflict-set"]
    return found


def test_a_conflict_sets_gap_and_the_bounds_are_in_the_claims_unit() -> None:
    report = ck.check(_summer())
    found = _conflict_set(report)
    assert found.unit == "acre"
    assert found.margin_abs == pytest.approx(-300.0)
    assert {b.exact.unit for b in report.bounds if b.exact is not None} == {"acre"}


def test_a_conflict_sets_quantities_are_listed_by_date_whatever_the_ids() -> None:
    relation = _conflict_set(ck.check(_summer())).relation
    starts = [relation.index(f"[2025-0{m}-01, ") for m in (6, 7, 8)]
    assert starts == sorted(starts)
    assert relation.index("[2025-06-01, 2025-07-01)") < relation.index("[2025-06-01, 2025-09-01)")


def test_a_table_of_the_same_claims_reports_the_same_unit() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from claimkit.tables import findings_frame, to_frame

    frame = findings_frame(ck.check(to_frame(ck.ClaimSet(_summer()))))
    assert set(frame["unit"].astype(str)) == {"acre"}
    assert isinstance(frame, pd.DataFrame)
