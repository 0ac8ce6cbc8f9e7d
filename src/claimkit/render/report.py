"""Rendering a :class:`~claimkit.engine.report.Report` as text, Markdown and JSON data."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.highs import FEASIBILITY_TOLERANCE
from claimkit.render._common import SCHEMA_VERSION, md_cell, md_table, table
from claimkit.values._format import number, range_text

if TYPE_CHECKING:
    from claimkit.engine.report import Finding, Report

__all__ = ["amount_text", "margin_text", "report_dict", "report_markdown", "report_text"]


def margin_text(f: Finding) -> str:
    """Return the relative margin as a signed percentage (or say that ends touch)."""
    if f.touching:
        return "0 (ends touch)"
    if not math.isfinite(f.margin):
        return "-inf"
    return f"{f.margin * 100:+.2f}%"


def amount_text(f: Finding) -> str:
    """Return the absolute margin in words: the room left, or the gap to close."""
    if f.verdict == "conflict":
        if f.touching:
            return "gap 0 (only strict ends keep them apart)"
        return f"gap {number(-f.margin_abs)} {f.unit}"
    if math.isinf(f.margin_abs):
        return "room unbounded"
    return f"room {number(f.margin_abs)} {f.unit}"


def _sources(f: Finding) -> str:
    names = list(dict.fromkeys(s for s in f.sources if s))
    return ", ".join(names) if names else "-"


def _finding_rows(report: Report) -> list[list[str]]:
    return [
        [
            f.verdict,
            margin_text(f),
            amount_text(f),
            f.kind,
            ", ".join(f.claims),
            _sources(f),
            f.relation,
        ]
        for f in report.findings
    ]


_FINDING_HEADERS = ["verdict", "margin", "absolute", "kind", "claims", "sources", "relation"]
_BOUND_HEADERS = ["quantity", "claims", "propagated", "exact"]
_COMPARISON_HEADERS = ["claims", "first", "second", "ratio", "what"]


def _bound_rows(report: Report) -> list[list[str]]:
    return [
        [
            f"{b.measure} of {b.subject} over [{b.period.start}, {b.period.end})",
            ", ".join(b.claims),
            range_text(b.propagated),
            "-" if b.exact is None else range_text(b.exact),
        ]
        for b in report.bounds
    ]


def _comparison_rows(report: Report) -> list[list[str]]:
    return [
        [
            ", ".join(c.claims),
            range_text(c.values[0]),
            range_text(c.values[1]),
            range_text(c.ratio),
            c.description,
        ]
        for c in report.comparisons
    ]


def _summary(report: Report) -> str:
    counts = report.counts()
    n = len(report.claimset)
    state = "consistent" if report.consistent else "NOT consistent"
    return (
        f"{n} claim{'' if n == 1 else 's'} in {report.components} independent "
        f"group{'' if report.components == 1 else 's'}: {state}; "
        f"{counts['conflict']} conflict, {counts['tension']} tension, "
        f"{counts['consistent']} consistent finding(s)"
    )


def _sections(report: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    return [
        ("Findings", _FINDING_HEADERS, _finding_rows(report)),
        ("Implied bounds", _BOUND_HEADERS, _bound_rows(report)),
        ("Comparisons (not decided by the model)", _COMPARISON_HEADERS, _comparison_rows(report)),
    ]


_WIDTH = 96


def _finding_blocks(report: Report) -> list[str]:
    """Return the findings as blocks of at most ``_WIDTH`` columns, one per finding.

    A finding's claims and relation can be long, so the text rendering gives each
    its own lines instead of one very wide table row.
    """
    lines: list[str] = []
    for f in report.findings:
        margin = "0" if f.touching else margin_text(f)
        lines.append(f"{f.verdict:<10}  {margin:>8}  {f.kind:<13}  {amount_text(f)}")
        wrap = textwrap.TextWrapper(
            width=_WIDTH,
            initial_indent="    ",
            subsequent_indent="      ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        lines += wrap.wrap(f.relation)
        named = [
            f"{cid} ({source})" if source else cid
            for cid, source in zip(f.claims, f.sources, strict=True)
        ]
        lines += wrap.wrap("claims: " + ", ".join(named))
    return lines


def report_text(report: Report) -> str:
    """Return the plain-text rendering (``str(report)``)."""
    out = ["Consistency report", "==================", _summary(report)]
    for title, headers, rows in _sections(report):
        if not rows:
            continue
        if title == "Findings":
            out += ["", title, *_finding_blocks(report)]
        else:
            out += ["", title, *table(headers, rows)]
    if report.notes:
        out += ["", "Notes", *(f"- {note}" for note in report.notes)]
    return "\n".join(out)


def report_markdown(report: Report) -> str:
    """Return the Markdown rendering (:meth:`Report.to_markdown`)."""
    out = ["# Consistency report", "", _summary(report) + "."]
    for title, headers, rows in _sections(report):
        if rows:
            out += ["", f"## {title}", "", *md_table(headers, rows)]
    if report.notes:
        out += ["", "## Notes", "", *(f"- {md_cell(note)}" for note in report.notes)]
    return "\n".join(out) + "\n"


def report_dict(report: Report) -> dict[str, Any]:
    """Return the JSON-ready data of :meth:`Report.to_json` (schema version 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "consistent": report.consistent,
        "claims": len(report.claimset),
        "components": report.components,
        "counts": report.counts(),
        "settings": {
            "tension": report.tension,
            "exact_bounds": report.exact_bounds,
            "feasibility_tolerance": FEASIBILITY_TOLERANCE,
            "strict_tolerance": STRICT_TOLERANCE,
        },
        "findings": [f.to_dict() for f in report.findings],
        "bounds": [b.to_dict() for b in report.bounds],
        "comparisons": [c.to_dict() for c in report.comparisons],
        "notes": list(report.notes),
    }
