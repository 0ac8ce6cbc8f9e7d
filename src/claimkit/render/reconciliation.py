"""Rendering reconciliations as text, Markdown and JSON data (internal)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimkit.reconciliation.results import Reconciliation
from claimkit.render._common import SCHEMA_VERSION, md_table, table
from claimkit.values._format import number, range_text
from claimkit.values._format import range_to_dict as range_dict

if TYPE_CHECKING:
    from claimkit.reconciliation.results import Adjustment, Measurement, SetReconciliation

__all__ = ["as_dict", "markdown", "text"]


def _percent(x: float | None) -> str:
    if x is None:
        return "-"
    if math.isinf(x):
        return "inf"
    if x == 0:
        return "0"
    if abs(x) < 1e-4:
        return f"{x * 100:.2g}%"
    return f"{x * 100:.2f}%"


def _stat(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "-"
    if math.isinf(x) or math.isnan(x):
        return str(x)
    return f"{x:.{digits}g}"


ADJUSTMENT_HEADERS = ["claim", "source", "weight", "original", "adjusted", "stretch"]
MEASUREMENT_HEADERS = ["claim", "source", "read as", "value", "sd", "share", "z", "flag"]


def adjustment_rows(adjustments: Sequence[Adjustment]) -> list[list[str]]:
    """One row per adjustment (moved claims marked with ``*``)."""
    return [
        [
            a.claim,
            a.source or "-",
            number(a.weight),
            range_text(a.original),
            range_text(a.adjusted) + (" *" if a.moved else ""),
            _percent(a.stretch),
        ]
        for a in adjustments
    ]


def measurement_rows(measurements: Sequence[Measurement]) -> list[list[str]]:
    """One row per measurement."""
    return [
        [
            m.claim,
            m.source or "-",
            m.reading,
            number(m.value),
            number(m.sd),
            _percent(m.share),
            "-" if m.z is None else f"{m.z:+.2f}",
            "FLAGGED" if m.flagged else "",
        ]
        for m in measurements
    ]


def _title(r: Reconciliation) -> str:
    return (
        f"Reconciliation: {r.measure} of {r.subject}, {r.kind} over "
        f"[{r.period.start.isoformat()}, {r.period.end.isoformat()})"
    )


def _summary(r: Reconciliation) -> list[str]:
    n = len(r.adjustments)
    moved = sum(a.moved for a in r.adjustments)
    lines = [
        f"method {r.method}: {n} claim{'' if n == 1 else 's'}, {r.status}; {moved} moved",
        f"value: {range_text(r.value)}",
    ]
    if r.stretch is not None:
        lines.append(f"common stretch: {_percent(r.stretch)} (eps = {r.stretch:.6g})")
    if r.estimate is not None and r.standard_error is not None and r.level is not None:
        lines.append(
            f"estimate: {number(r.estimate)} {r.unit}, standard error "
            f"{number(r.standard_error)}, {r.effects} effects; value is the "
            f"{r.level:.0%} interval"
        )
        if r.dof:
            lines.append(
                f"heterogeneity: Q = {_stat(r.chi2)} on {r.dof} dof, p = {_stat(r.p_value)}, "
                f"I2 = {_percent(r.i2)}" + ("" if r.tau2 is None else f", tau2 = {_stat(r.tau2)}")
            )
    return lines


Section = tuple[str, list[str], list[list[str]]]


def _layout(r: Reconciliation | SetReconciliation) -> tuple[str, list[str], list[Section]]:
    """Return the title, the summary lines and the tables of a result."""
    sections: list[Section] = [
        ("Adjustments (* = moved)", ADJUSTMENT_HEADERS, adjustment_rows(r.adjustments))
    ]
    if isinstance(r, Reconciliation):
        title, summary = _title(r), _summary(r)
        if r.measurements:
            rows = measurement_rows(r.measurements)
            sections.append(("Claims read as points", MEASUREMENT_HEADERS, rows))
    else:
        title, summary = _set_title(r), _set_summary(r)
        if r.measurements:
            rows = set_measurement_rows(r.measurements)
            sections.append(("Claims read as measurements", SET_MEASUREMENT_HEADERS, rows))
    return title, summary, sections


def text(r: Reconciliation | SetReconciliation) -> str:
    """Return the plain-text rendering (``str(result)``)."""
    title, summary, sections = _layout(r)
    out = [title, "=" * len(title), *summary]
    for heading, headers, rows in sections:
        out += ["", heading, *table(headers, rows)]
    if r.notes:
        out += ["", "Notes", *(f"- {note}" for note in r.notes)]
    return "\n".join(out)


def markdown(r: Reconciliation | SetReconciliation) -> str:
    """Return the Markdown rendering (``result.to_markdown()``)."""
    title, summary, sections = _layout(r)
    out = [f"# {title}", "", *(f"- {line}" for line in summary)]
    for heading, headers, rows in sections:
        out += ["", f"## {heading}", "", *md_table(headers, rows)]
    if r.notes:
        out += ["", "## Notes", "", *(f"- {note}" for note in r.notes)]
    return "\n".join(out) + "\n"


def as_dict(r: Reconciliation | SetReconciliation) -> dict[str, Any]:
    """Return the JSON-ready data of ``result.to_json()`` (schema version 1)."""
    return one_dict(r) if isinstance(r, Reconciliation) else set_dict(r)


def one_dict(r: Reconciliation) -> dict[str, Any]:
    """Return the JSON-ready data of :meth:`Reconciliation.to_json` (schema version 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "reconciliation",
        "method": r.method,
        "quantity": {
            "measure": r.measure,
            "subject": r.subject,
            "start": r.period.start.isoformat(),
            "end": r.period.end.isoformat(),
            "kind": r.kind,
        },
        "status": r.status,
        "value": range_dict(r.value),
        "stretch": r.stretch,
        "estimate": r.estimate,
        "standard_error": r.standard_error,
        "level": r.level,
        "effects": r.effects,
        "chi2": r.chi2,
        "dof": r.dof,
        "p_value": r.p_value,
        "i2": r.i2,
        "tau2": r.tau2,
        "adjustments": [a.to_dict() for a in r.adjustments],
        "measurements": [m.to_dict() for m in r.measurements],
        "notes": list(r.notes),
    }


def _set_title(r: SetReconciliation) -> str:
    n = len(r.adjustments)
    return f"Reconciliation of {n} claim{'' if n == 1 else 's'}: {r.method}"


def _set_summary(r: SetReconciliation) -> list[str]:
    moved = len(r.moved)
    state = "consistent" if r.consistent else "NOT consistent"
    lines = [f"{moved} claim{'' if moved == 1 else 's'} moved; the reconciled set is {state}"]
    if r.total_slack is not None:
        lines.append(f"total weighted relative slack: {r.total_slack:.6g}")
    if r.method == "least_squares":
        if r.dof:
            lines.append(
                f"global test: chi2 = {_stat(r.chi2)} on {r.dof} dof, p = {_stat(r.p_value)}"
                + (
                    " (rejected)"
                    if r.p_value is not None and r.level is not None and r.p_value < 1 - r.level
                    else ""
                )
            )
        else:
            lines.append("global test: no relation ties the measurements (0 dof)")
        if r.critical is not None:
            lines.append(f"measurement test: critical |z| = {r.critical:.3g}")
        if r.suspect is not None:
            lines.append(f"most likely in gross error: {r.suspect}")
    return lines


SET_MEASUREMENT_HEADERS = ["claim", "source", "read as", "value", "sd", "reconciled", "z", "flag"]


def set_measurement_rows(measurements: Sequence[Measurement]) -> list[list[str]]:
    """One row per measurement of a least-squares reconciliation."""
    return [
        [
            m.claim,
            m.source or "-",
            m.reading,
            f"{number(m.value)} {m.unit}",
            number(m.sd),
            number(m.reconciled),
            "-" if m.z is None else f"{m.z:+.2f}",
            "FLAGGED" if m.flagged else "",
        ]
        for m in measurements
    ]


def set_dict(r: SetReconciliation) -> dict[str, Any]:
    """Return the JSON-ready data of :meth:`SetReconciliation.to_json` (schema version 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "set-reconciliation",
        "method": r.method,
        "claims": len(r.adjustments),
        "consistent": r.consistent,
        "moved": [a.claim for a in r.moved],
        "total_slack": r.total_slack,
        "level": r.level,
        "chi2": r.chi2,
        "dof": r.dof,
        "p_value": r.p_value,
        "critical": r.critical,
        "suspect": r.suspect,
        "adjustments": [a.to_dict() for a in r.adjustments],
        "measurements": [m.to_dict() for m in r.measurements],
        "notes": list(r.notes),
    }
