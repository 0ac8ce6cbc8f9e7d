"""The words of local findings, one test per form (the findings frame writes them with Arrow)."""

from __future__ import annotations

from datetime import date

import claimkit as ck
from claimkit.tables import findings_frame


def _claim(cid: str, first: int, end: int, lo: float, hi: float, *,
           measure: str = "killed", subject: str = "x") -> ck.Claim:  # fmt: skip
    period = ck.Period(date(2024, 11, first), date(2024, 11, end))
    return ck.Claim(id=cid, measure=measure, subject=subject, period=period,
                    value=ck.Range(lo, hi, "person"))  # fmt: skip


CLAIMS = ck.ClaimSet(
    [
        _claim("a", 1, 21, 100, 300),
        _claim("b", 1, 11, 40, 120),
        _claim("c", 11, 21, 50, 160),
        _claim("d", 1, 21, 150, 250),
        _claim("e", 1, 6, 10, 40),
        _claim("f", 6, 11, 10, 40),
        _claim("g", 1, 11, 20, 90, measure="wounded"),
        _claim("h", 1, 11, 90, 200, measure="casualties"),
        _claim("k", 1, 4, 1, 30, subject="y"),
        _claim("l", 4, 8, 1, 30, subject="y"),
        _claim("m", 8, 12, 1, 30, subject="y"),
        _claim("n", 1, 12, 1, 90, subject="y"),
    ],
    relations=[ck.Sum("casualties", ["killed", "wounded"])],
)

RELATIONS = [
    ("same-quantity", "same quantity: killed of x over [2024-11-01, 2024-11-21)"),
    ("time-additivity", "killed of x: the total over [2024-11-01, 2024-11-11) minus the total "
     "over [2024-11-01, 2024-11-06) equals the total over [2024-11-06, 2024-11-11)"),
    ("time-additivity", "killed of x: the total over [2024-11-01, 2024-11-21) minus the total "
     "over [2024-11-01, 2024-11-11) equals the total over [2024-11-11, 2024-11-21)"),
    ("part-sum", "casualties of x = killed of x + wounded of x over [2024-11-01, 2024-11-11)"),
    ("time-additivity", "killed of y: the total over [2024-11-01, 2024-11-12) equals the sum of "
     "the totals over its 3 consecutive sub-periods [2024-11-01, 2024-11-04), "
     "[2024-11-04, 2024-11-08), [2024-11-08, 2024-11-12)"),
    ("monotone", "killed of x: the total over [2024-11-01, 2024-11-21) is at least the total "
     "over [2024-11-01, 2024-11-11) inside it (counts cannot decrease)"),
    ("monotone", "killed of x: the total over [2024-11-01, 2024-11-11) is at least the total "
     "over [2024-11-01, 2024-11-06) inside it (counts cannot decrease)"),
]  # fmt: skip


def test_each_form_of_local_finding_says_its_relation() -> None:
    report = ck.check(CLAIMS)
    assert [(f.kind, f.relation) for f in report.findings] == RELATIONS


def test_the_findings_frame_writes_each_form_as_the_findings_do() -> None:
    frame = findings_frame(ck.check(CLAIMS))
    assert list(zip(frame["kind"].astype(str), frame["relation"], strict=True)) == RELATIONS
