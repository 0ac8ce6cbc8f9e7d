"""Rendering reconciliations as text, Markdown, HTML and JSON data (internal)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimkit.reconciliation.results import Reconciliation
from claimkit.render import _html
from claimkit.render._common import (
    SCHEMA_VERSION,
    counted,
    decimals_of,
    figure,
    md_cell,
    md_table,
    paragraph,
    range_shown,
    table,
)
from claimkit.render._headline import claim_decimals, shifted
from claimkit.render._headline import reconciliation_headline as _headline
from claimkit.values._format import number
from claimkit.values._format import range_to_dict as range_dict

if TYPE_CHECKING:
    from claimkit.reconciliation.results import Adjustment, Measurement, SetReconciliation

__all__ = ["as_dict", "fragment", "html", "markdown", "text"]


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


def _decimals(adjustments: Sequence[Adjustment]) -> int:
    return decimals_of(x for a in adjustments for x in (a.original.lo, a.original.hi))


def adjustment_rows(adjustments: Sequence[Adjustment]) -> list[list[str]]:
    """One row per adjustment (moved claims marked with ``*``)."""
    decimals = _decimals(adjustments)
    return [
        [
            a.claim,
            a.source or "-",
            number(a.weight),
            range_shown(a.original, decimals),
            range_shown(a.adjusted, decimals) + (" *" if a.moved else ""),
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
        f"method {r.method}: {counted(n, 'claim')}, {r.status}; {moved:,} moved",
        f"value: {range_shown(r.value, _decimals(r.adjustments))}",
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
    if not isinstance(r, Reconciliation) and r.method == "drop":
        return _set_title(r), drop_summary(r), drop_sections(r)
    sections: list[Section] = [
        (
            "Adjustments (* = moved; stretch: how much wider the claim had to be)",
            ADJUSTMENT_HEADERS,
            adjustment_rows(r.adjustments),
        )
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
    out = [title, "=" * len(title), *paragraph(reconciliation_headline(r)), "", *summary]
    for heading, headers, rows in sections:
        out += ["", heading, *table(headers, rows)]
    if r.notes:
        out += ["", "Notes", *(f"- {note}" for note in r.notes)]
    return "\n".join(out)


def markdown(r: Reconciliation | SetReconciliation) -> str:
    """Return the Markdown rendering (``result.to_markdown()``)."""
    title, summary, sections = _layout(r)
    out = [f"# {title}", "", f"**{md_cell(reconciliation_headline(r))}**", ""]
    out += [f"- {line}" for line in summary]
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
        "headline": reconciliation_headline(r),
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
    return f"Reconciliation of {counted(n, 'claim')}: {r.method}"


def _set_summary(r: SetReconciliation) -> list[str]:
    moved = len(r.moved)
    state = "consistent" if r.consistent else "NOT consistent"
    if r.method == "least_squares":
        moves = shifted(r.measurements)
        lines = [
            f"{len(moves)} of {len(r.measurements)} figures read as measurements moved to the "
            f"nearest values that fit together; the reconciled set is {state}"
        ]
    else:
        lines = [f"{counted(moved, 'claim')} moved; the reconciled set is {state}"]
    if r.total_slack is not None:
        lines.append(f"total weighted relative slack: {r.total_slack:.6g}")
    if r.method == "least_squares":
        if r.dof:
            lines.append(
                f"global test: chi2 = {_stat(r.chi2)} on {r.dof} dof, p = {_stat(r.p_value)}"
                + (
                    " (rejected: the figures differ by more than their stated widths explain)"
                    if r.p_value is not None and r.level is not None and r.p_value < 1 - r.level
                    else " (passed: the moves are no larger than the claims' widths explain)"
                )
            )
        else:
            lines.append("global test: no relation ties the measurements (0 dof)")
        if r.critical is not None:
            lines.append(
                f"measurement test: a claim whose move has |z| above {r.critical:.3g} is flagged"
            )
        if r.suspect is not None:
            lines.append(f"most likely in gross error (the suspect): {r.suspect}")
        scored = [m for m in moves if m.z is not None]
        if scored:
            top = max(scored, key=lambda m: abs(m.z or 0.0))
            lines.append(
                f"largest move: {top.claim} from {figure(top.value, 0)} to "
                f"{figure(top.reconciled, 0)} {top.unit} (z = {top.z:+.2f})"
            )
    return lines


SET_MEASUREMENT_HEADERS = ["claim", "source", "read as", "value", "sd", "reconciled", "z", "flag"]


def set_measurement_rows(measurements: Sequence[Measurement]) -> list[list[str]]:
    """One row per measurement of a least-squares reconciliation."""
    decimals = decimals_of(m.value for m in measurements)
    return [
        [
            m.claim,
            m.source or "-",
            m.reading,
            f"{figure(m.value, decimals)} {m.unit}",
            figure(m.sd, decimals),
            figure(m.reconciled, decimals),
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
        "headline": reconciliation_headline(r),
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
        **drop_dict(r),
        "adjustments": [a.to_dict() for a in r.adjustments],
        "measurements": [m.to_dict() for m in r.measurements],
        "notes": list(r.notes),
    }


def html(r: Reconciliation | SetReconciliation) -> str:
    """Return the result as one self-contained HTML page (``result.to_html()``)."""
    title, summary, sections = _layout(r)
    claims: list[dict[str, Any]] = []
    if not isinstance(r, Reconciliation):
        decimals = claim_decimals(r.claimset)
        claims = [_html.claim_view(c, decimals) for c in r.claimset]
    return _html.page(
        "reconciliation.html.j2",
        title=title,
        headline=reconciliation_headline(r),
        summary=summary,
        tables=[_html.Table(h, headers, rows, "") for h, headers, rows in sections],
        claims=claims,
        notes=list(r.notes),
    )


def fragment(r: Reconciliation | SetReconciliation) -> str:
    """Return a small HTML view of the result (a notebook's ``_repr_html_``)."""
    _, _, sections = _layout(r)
    tables = [_html.Table(h, headers, rows, "") for h, headers, rows in sections]
    return _html.fragment(reconciliation_headline(r), tables)


# -- method="drop": the claims set aside ------------------------------------------------


def reconciliation_headline(r: Reconciliation | SetReconciliation) -> str:
    """Return the headline of a result (for ``"drop"``: who must be set aside)."""
    if isinstance(r, Reconciliation) or r.method != "drop":
        return _headline(r)
    return drop_headline(r)


#: How many claims a headline names before it says how many more.
_NAMED = 5


def _who(r: SetReconciliation, ids: Sequence[str]) -> str:
    """Name claims by source and figure: ``Mark Rutte's 700,000 (claim rutte)``."""
    decimals = claim_decimals(r.claimset)
    parts = []
    for claim_id in ids[:_NAMED]:
        c = r.claimset[claim_id]
        figure_text = c.phrase or range_shown(c.value, decimals)
        owner = f"{c.source.name}'s " if c.source is not None else ""
        parts.append(f"{owner}{figure_text} (claim {c.id})")
    if len(ids) > _NAMED:
        parts.append(f"{len(ids) - _NAMED} more")
    return _and(parts)


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _sources(r: SetReconciliation, ids: Sequence[str]) -> str:
    """Name the sources of claims (a claim without one by its id), each once."""
    names: dict[str, None] = {}
    for claim_id in ids:
        c = r.claimset[claim_id]
        names[c.source.name if c.source is not None else f"claim {c.id}"] = None
    found = list(names)
    return _and(found[:_NAMED] + ([f"{len(found) - _NAMED} more"] if len(found) > _NAMED else []))


def _swap(r: SetReconciliation, alternative: Sequence[str]) -> tuple[list[str], list[str]]:
    """Return what an alternative sets aside that ``dropped`` does not, and the reverse."""
    return (
        [i for i in alternative if i not in r.dropped],
        [i for i in r.dropped if i not in alternative],
    )


def drop_headline(r: SetReconciliation) -> str:
    """Return the headline of ``method="drop"``: what to set aside for the rest to agree."""
    n = len(r.adjustments)
    if not r.dropped:
        return f"The {counted(n, 'claim')} agree as they are: nothing need be set aside."
    name = _sources if r.by == "source" else _who
    if r.by == "source":
        text = f"If you set aside the figures of {name(r, r.dropped)} alone, everything else agrees"
    else:
        k = len(r.dropped)
        text = (
            f"Setting aside {counted(k, 'claim')} of {n:,}, "
            f"{name(r, r.dropped)}, is enough for everything else to agree"
        )
    others = []
    for alternative in r.alternatives[:3]:
        added, removed = _swap(r, alternative)
        whose = "those of " if r.by == "source" else ""
        other = f"{whose}{name(r, added)}"
        if len(removed) < len(r.dropped):
            other += f" in place of {whose}{name(r, removed)}"
        else:
            other += " instead"
        others.append(other)
    if others:
        text += "; setting aside " + ", or ".join(others)
        text += ", would do as well" if len(others) > 1 else " would do as well"
        if len(r.alternatives) > 3:
            more = len(r.alternatives) - 3
            text += f" (as would {counted(more, 'other choice')})"
    if not r.consistent:
        text += "; but the rest still does not pass the check"
    if r.optimal is False:
        text += " (the best found in the time allowed, not proved the fewest)"
    return text + "."


def drop_summary(r: SetReconciliation) -> list[str]:
    """Return the summary lines of ``method="drop"``."""
    state = "consistent" if r.consistent else "NOT consistent"
    k = len(r.dropped)
    unit = "source" if r.by == "source" else "claim"
    lines = [
        f"{counted(k, 'claim')} set aside (by {unit}, total weight "
        f"{number(r.drop_weight or 0.0)}); the rest is {state}",
        "proved to be of least weight"
        if r.optimal
        else "NOT proved to be of least weight: the search stopped at its time limit",
    ]
    if r.dropped:
        lines.append(f"other sets of the same weight listed: {len(r.alternatives)}")
    return lines


DROPPED_HEADERS = ["claim", "source", "weight", "value", "quote"]
ALTERNATIVE_HEADERS = ["#", "set aside instead", "in place of", "sources"]


def drop_sections(r: SetReconciliation) -> list[Section]:
    """Return the tables of ``method="drop"``: the claims set aside, and the alternatives."""
    decimals = claim_decimals(r.claimset)
    rows = []
    for claim_id in r.dropped:
        c = r.claimset[claim_id]
        rows.append(
            [
                c.id,
                "-" if c.source is None else c.source.name,
                number(1.0 if c.source is None else c.source.weight),
                range_shown(c.value, decimals),
                "-" if c.quote is None else f"\u201c{c.quote}\u201d",
            ]
        )
    sections: list[Section] = [("Set aside", DROPPED_HEADERS, rows)] if rows else []
    if r.alternatives:
        alternatives = []
        for k, alternative in enumerate(r.alternatives, start=1):
            added, removed = _swap(r, alternative)
            alternatives.append([str(k), ", ".join(added), ", ".join(removed), _sources(r, added)])
        sections.append(("Alternatives of the same weight", ALTERNATIVE_HEADERS, alternatives))
    return sections


def drop_dict(r: SetReconciliation) -> dict[str, Any]:
    """Return the fields of ``method="drop"`` in the JSON data (none for other methods)."""
    if r.method != "drop":
        return {}

    def claim_data(claim_id: str) -> dict[str, Any]:
        c = r.claimset[claim_id]
        return {
            "claim": c.id,
            "source": None if c.source is None else c.source.name,
            "weight": 1.0 if c.source is None else c.source.weight,
            "value": range_dict(c.value),
            "quote": c.quote,
        }

    return {
        "by": r.by,
        "dropped": [claim_data(i) for i in r.dropped],
        "drop_weight": r.drop_weight,
        "optimal": r.optimal,
        "alternatives": [list(alt) for alt in r.alternatives],
    }
