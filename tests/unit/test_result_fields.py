"""The result types check their fields and raise claimkit's errors, never attrs' own."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimkit as ck
from claimkit.engine.report import Comparison, Finding, QuantityBounds, Report, ReportContent
from claimkit.reconciliation.results import (
    Adjustment,
    Measurement,
    Reconciliation,
    SetReconciliation,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "claimkit"
PERSONS = ck.Range(1, 2, "person")
NOV = ck.Period.month(2024, 11)
CLAIM = ck.Claim(
    id="a", measure="killed", subject="russia", period=NOV, kind="total", value=PERSONS
)

FINDING: dict[str, Any] = {
    "kind": "same-quantity",
    "claims": ("a", "b"),
    "sources": (None, "X"),
    "relation": "same quantity",
    "verdict": "conflict",
    "margin": -0.05,
    "margin_abs": -1000.0,
    "unit": "person",
}
BOUNDS: dict[str, Any] = {
    "measure": "killed",
    "subject": "russia",
    "period": NOV,
    "claims": ["a"],
    "propagated": PERSONS,
}
COMPARISON: dict[str, Any] = {
    "claims": ["a", "b"],
    "values": [PERSONS, PERSONS],
    "unit": "person",
    "ratio": ck.Range.exact(1, ""),
    "description": "a against b",
}
ADJUSTMENT: dict[str, Any] = {
    "claim": "a",
    "source": None,
    "weight": 1.0,
    "original": PERSONS,
    "adjusted": PERSONS,
    "stretch": 0.0,
}
MEASUREMENT: dict[str, Any] = {
    "claim": "a",
    "source": None,
    "unit": "person",
    "value": 1.5,
    "sd": 0.3,
    "reading": "uniform",
    "reconciled": 1.5,
    "z": None,
}
RECONCILIATION: dict[str, Any] = {
    "method": "hull",
    "measure": "killed",
    "subject": "russia",
    "period": NOV,
    "kind": "total",
    "value": PERSONS,
    "status": "agree",
    "adjustments": (Adjustment(**ADJUSTMENT),),
}
SET_RECONCILIATION: dict[str, Any] = {
    "method": "relax",
    "claimset": ck.ClaimSet([CLAIM]),
    "reconciled": ck.ClaimSet([CLAIM]),
    "consistent": True,
    "adjustments": (Adjustment(**ADJUSTMENT),),
}
REPORT: dict[str, Any] = {"claimset": ck.ClaimSet([CLAIM]), "consistent": True}

VALID: dict[type, dict[str, Any]] = {
    Finding: FINDING,
    QuantityBounds: BOUNDS,
    Comparison: COMPARISON,
    Adjustment: ADJUSTMENT,
    Measurement: MEASUREMENT,
    Reconciliation: RECONCILIATION,
    SetReconciliation: SET_RECONCILIATION,
    Report: REPORT,
}

# (class, field, bad value, what the message says the field must be)
BAD = [
    (Finding, "kind", "bad", "one of 'conflict-set', 'same-quantity', "),
    (Finding, "verdict", "fine", "one of 'consistent', 'tension', 'conflict'"),
    (Finding, "claims", "ab", "a sequence of claim ids (strings)"),
    (Finding, "claims", 7, "a sequence of claim ids (strings)"),
    (Finding, "sources", (None,), "a sequence of 2 source names (strings or None), one per"),
    (Finding, "margin", "-0.05", "a real number"),
    (Finding, "margin", True, "a real number"),
    (Finding, "unit", None, "a string"),
    (Finding, "touching", "no", "True or False"),
    (QuantityBounds, "period", "2024-11", "a Period"),
    (QuantityBounds, "propagated", (1, 2), "a Range"),
    (QuantityBounds, "exact", 3.0, "a Range or None"),
    (Comparison, "claims", ("a", "b", "c"), "two claim ids (strings)"),
    (Comparison, "claims", ("a",), "two claim ids (strings)"),
    (Comparison, "values", (PERSONS,), "two Ranges"),
    (Comparison, "ratio", 1.0, "a Range"),
    (Adjustment, "original", None, "a Range"),
    (Adjustment, "weight", "1", "a real number"),
    (Adjustment, "source", 3, "a string or None"),
    (Measurement, "reading", "normal", "one of 'uniform', 'rounding'"),
    (Measurement, "z", "high", "a real number or None"),
    (Measurement, "flagged", None, "True or False"),
    (Reconciliation, "method", "median", "one of 'intersection', 'hull', 'stretch', 'weighted'"),
    (Reconciliation, "status", "apart", "one of 'agree', 'overlap', 'disjoint'"),
    (Reconciliation, "kind", "rates", "one of 'total', 'rate'"),
    (Reconciliation, "effects", "mixed", "one of 'fixed', 'random' or None"),
    (Reconciliation, "adjustments", [Adjustment(**ADJUSTMENT)], "a tuple of Adjustment objects"),
    (Reconciliation, "dof", 1.5, "an integer or None"),
    (SetReconciliation, "method", "lsq", "one of 'relax', 'least_squares'"),
    (SetReconciliation, "claimset", [CLAIM], "a ClaimSet"),
    (SetReconciliation, "measurements", (None,), "a tuple of Measurement objects"),
    (SetReconciliation, "suspect", 1, "a string or None"),
    (Report, "claimset", [CLAIM], "a ClaimSet"),
    (Report, "consistent", "yes", "True or False"),
    (Report, "comparisons", (1,), "a sequence of Comparison objects"),
    (Report, "components", 1.0, "an integer"),
    (Report, "content", [], "a ReportContent"),
]


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
def test_valid_fields_make_the_object(cls: type) -> None:
    assert isinstance(cls(**VALID[cls]), cls)


@pytest.mark.parametrize(
    ("cls", "field", "value", "expected"),
    BAD,
    ids=[f"{cls.__name__}.{field}={value!r}" for cls, field, value, _ in BAD],
)
def test_a_field_that_does_not_fit_raises_a_claimkit_error(
    cls: type, field: str, value: object, expected: str
) -> None:
    with pytest.raises(ck.InvalidArgumentError) as caught:
        cls(**{**VALID[cls], field: value})
    message = str(caught.value)
    assert message.startswith(f"{cls.__name__}.{field} must be {expected}")
    assert message.endswith(f", got {type(value).__name__} {value!r}")
    assert isinstance(caught.value, ck.ClaimkitError)
    assert isinstance(caught.value, ValueError)


def test_sequences_become_tuples() -> None:
    finding = Finding(**{**FINDING, "claims": ["a", "b"], "sources": iter([None, "X"])})
    comparison = Comparison(**COMPARISON)
    assert (("a", "b"), (None, "X")) == (finding.claims, finding.sources)
    assert (("a", "b"), (PERSONS, PERSONS)) == (comparison.claims, comparison.values)


def test_numpy_numbers_fit_number_fields() -> None:
    np = pytest.importorskip("numpy")
    finding = Finding(**{**FINDING, "margin": np.float64(-0.5), "margin_abs": np.int64(-3)})
    report = Report(**{**REPORT, "components": np.int64(2)})
    assert (-0.5, 2) == (finding.margin, report.components)


def test_the_default_content_is_empty() -> None:
    report = Report(**REPORT)
    assert isinstance(report._content, ReportContent)
    assert ((), ()) == (report.findings, report.bounds)


def test_no_module_uses_attrs_validators_that_raise_builtin_errors() -> None:
    # attrs' own validators raise bare ValueError and TypeError; claimkit's fields
    # are checked by validators that raise claimkit's errors instead.
    pattern = re.compile(
        r"\battrs?\.validators\b|from attrs?\.validators import|"
        r"from attrs? import .*\bvalidators\b"
    )
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert [] == found


def test_a_date_is_not_a_period() -> None:
    with pytest.raises(ck.InvalidArgumentError, match=r"^QuantityBounds\.period must be a"):
        QuantityBounds(**{**BOUNDS, "period": date(2024, 11, 1)})
