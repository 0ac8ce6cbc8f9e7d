"""Rendering a :class:`~claimkit.engine.report.Report` as text, Markdown, HTML and JSON data.

Every rendering opens with the headline (``claimkit.render._headline``), shows
figures no finer than the claims were given (``claimkit.render._common.shown``)
and names every column.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from claimkit.engine.columns import STRINGS
from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.highs import FEASIBILITY_TOLERANCE
from claimkit.engine.words import Phrases, first_seen
from claimkit.render import _html
from claimkit.render._common import (
    SCHEMA_VERSION,
    counted,
    md_cell,
    md_table,
    paragraph,
    range_shown,
    table,
)
from claimkit.render._headline import (
    amount,
    amount_words,
    claim_decimals,
    overlap,
    report_headline,
)

if TYPE_CHECKING:
    from claimkit.claims.claimset import ClaimSet
    from claimkit.engine.report import Comparison, Finding, Report
    from claimkit.values.range import Range

__all__ = [
    "BOUNDS_LEGEND",
    "EMPTY_LEGEND",
    "MARGIN_LEGEND",
    "RELAXED_LEGEND",
    "RELAXED_MARK",
    "amount_text",
    "amounts_phrases",
    "amounts_words",
    "margin_text",
    "report_dict",
    "report_fragment",
    "report_html",
    "report_markdown",
    "report_text",
]

#: What the margin column means, in one line.
MARGIN_LEGEND = (
    "margin: how much narrower (+) every claim of a check could be and still agree, "
    "or how much wider (-) they must all be to agree"
)
#: What the two bound columns mean, in one line.
BOUNDS_LEGEND = (
    "quick bound: found by propagating ranges, always contains the tightest; "
    "tightest bound: the narrowest range all the claims together allow"
)
#: The mark of bounds that stand on the least relaxation of a conflicting group.
RELAXED_MARK = "\N{DAGGER}"
#: What the mark means, a second line of the bounds' legend when a bound has it.
RELAXED_LEGEND = (
    f"{RELAXED_MARK} bounds of a conflicting group, under the least change that makes its "
    "claims agree (as reconcile(method='relax'))"
)
#: What an empty bound means, a line of the bounds' legend when one is shown.
EMPTY_LEGEND = (
    "empty: no value meets all the claims of its group, and no change that makes them "
    "agree was found (reconcile(method='relax') fails on them too)"
)


def margin_text(f: Finding) -> str:
    """Return the relative margin as a signed percentage (or say that ends touch)."""
    if f.touching:
        return "0 (ends touch)"
    if not math.isfinite(f.margin):
        return "-inf"
    return f"{f.margin * 100:+.2f}%"


#: The margin in figures of a conflict whose claims meet only at ends they exclude.
_TOUCHING_GAP = "gap 0 (only ends they exclude keep them apart)"
#: The margin in figures of a finding that holds whatever its first claim's value.
_UNBOUNDED = " is not bounded by the others"


def amount_text(f: Finding, claims: ClaimSet | None = None, decimals: int = 2) -> str:
    """Return the margin in the claims' unit: their overlap, what is left, or the gap.

    With ``claims`` (the claims checked), a check of one quantity shows the values all
    its claims allow.
    """
    conflict = f.verdict == "conflict"
    if conflict and f.touching:
        return _TOUCHING_GAP
    if not conflict and f.kind == "same-quantity" and claims is not None:
        common = overlap([claims[c] for c in f.claims if c in claims])
        if common is not None:
            return f"overlap {range_shown(common, decimals)}"
    if conflict:
        return f"gap {amount(-f.margin_abs, f.unit, decimals)}"
    if math.isinf(f.margin_abs):
        return f"{f.claims[0]}{_UNBOUNDED}"
    return f"{f.claims[0]} has {amount(f.margin_abs, f.unit, decimals)} left"


def amounts_words(
    verdict: Sequence[str] | NDArray[np.object_],
    margin_abs: Sequence[float] | NDArray[np.float64],
    unit: Sequence[str] | NDArray[np.object_],
    **fields: Any,
) -> list[str]:
    """Return :func:`amount_text` of many findings given by their fields, as columns.

    The keyword arguments are those of :func:`amounts_phrases` (``first``,
    ``touching``, ``common``, ``decimals``), which puts the texts together.

    Examples
    --------
    >>> from claimkit.render.report import amounts_words
    >>> amounts_words(["consistent", "conflict"], [1200.0, -5.0], ["person", "person"],
    ...               first=["a", "b"], touching=[False, False])
    ['a has 1,200 people left', 'gap 5 people']
    """
    return list(amounts_phrases(verdict, margin_abs, unit, **fields).texts().tolist())


#: The pieces of :func:`amounts_phrases` said as they are (after ``""``, code 0).
_SAID = (_TOUCHING_GAP, _UNBOUNDED, "gap ", " has ", " left")


def amounts_phrases(
    verdict: Sequence[str] | NDArray[np.object_],
    margin_abs: Sequence[float] | NDArray[np.float64],
    unit: Sequence[str] | NDArray[np.object_],
    *,
    first: Sequence[str] | NDArray[np.object_],
    touching: Sequence[bool] | NDArray[np.bool_],
    common: Mapping[int, Range] | None = None,
    decimals: int = 2,
    at: NDArray[np.int64] | None = None,
    unit_codes: NDArray[np.int64] | None = None,
) -> Phrases:
    """Return :func:`amount_text` of many findings as phrases (``claimkit.engine.words``).

    ``first`` holds the id of each finding's first claim, or with ``at`` the ids of
    more claims, finding ``k``'s first being ``first[at[k]]`` (every finding's claims
    ``claims[ptr[k]:ptr[k + 1]]`` with ``at=ptr[:-1]``: they need not be gathered,
    and ids as ``STRINGS`` stay such); ``unit_codes``, when known, number the units
    (one number per unit), so that the findings are grouped by unit without a look at
    each one's string; ``common``, by finding,
    the values all the claims of a finding about one quantity allow (where they
    can say). Each unit is looked up once and each figure shown written once
    (``claimkit.render._headline.amount_words``); the pieces are the words between
    the figures, the findings' first claims and those figures, so that the texts of
    a million findings can be written all at once.

    Examples
    --------
    >>> from claimkit.render.report import amounts_phrases
    >>> amounts_phrases(["conflict"], [-5.0], ["person"], first=["b"],
    ...                 touching=[False]).texts().tolist()
    ['gap 5 people']
    >>> import numpy as np
    >>> amounts_phrases(["consistent"], [1.0], ["person"], first=["a", "b", "c"],
    ...                 at=np.array([1]), touching=[False]).texts().tolist()
    ['b has 1 person left']
    """
    conflict = np.asarray(verdict, dtype=np.object_).reshape(-1) == "conflict"
    n = conflict.shape[0]
    margin = np.asarray(margin_abs, dtype=np.float64).reshape(-1)
    units = np.asarray(unit, dtype=np.object_).reshape(-1)
    said_at = {text: 1 + k for k, text in enumerate(_SAID)}
    # The words: "", the words said as they are, the overlaps and each unit's
    # figures as they come, then the claims' ids (``first``, kept as they are).
    words: list[object] = ["", *_SAID]
    codes = np.zeros((n, 4), dtype=np.int64)
    ids = np.asarray(first).reshape(-1)
    ids = ids if ids.dtype == STRINGS else ids.astype(np.object_)
    # Codes of first claims are negative until the ids' place in the words is known.
    rows_of = np.arange(n, dtype=np.int64) if at is None else np.asarray(at, dtype=np.int64)
    first_at = -ids.shape[0]
    said = conflict & np.asarray(touching, dtype=np.bool_).reshape(-1)
    codes[said, 0] = said_at[_TOUCHING_GAP]
    for k, values in (common or {}).items():
        if 0 <= k < n and not conflict[k]:
            codes[k, 0] = len(words)
            words.append(f"overlap {range_shown(values, decimals)}")
            said[k] = True
    unbounded = np.flatnonzero(~said & ~conflict & np.isinf(margin))
    codes[unbounded, 0] = first_at + rows_of[unbounded]
    codes[unbounded, 1] = said_at[_UNBOUNDED]
    said[unbounded] = True
    for name, rows in _by_unit(units, np.flatnonzero(~said), unit_codes):
        gap = conflict[rows]
        figures, index = amount_words(np.where(gap, -margin[rows], margin[rows]), name, decimals)
        index = index + len(words)
        words.extend(figures)
        gaps, lefts = rows[gap], rows[~gap]
        codes[gaps, 0] = said_at["gap "]
        codes[gaps, 1] = index[gap]
        codes[lefts, 0] = first_at + rows_of[lefts]
        codes[lefts, 1] = said_at[" has "]
        codes[lefts, 2] = index[~gap]
        codes[lefts, 3] = said_at[" left"]
    codes[codes < 0] += len(words) + ids.shape[0]
    table = np.empty(len(words), dtype=ids.dtype)
    table[:] = words
    return Phrases(np.concatenate([table, ids]), codes)


def _by_unit(
    units: NDArray[np.object_], rows: NDArray[np.intp], codes: NDArray[np.int64] | None
) -> list[tuple[str, NDArray[np.intp]]]:
    """Return ``rows`` grouped by their unit: each unit once, with its rows in order.

    The units come in the order of their first rows; ``codes``, when known, give
    each row's unit as a number, so that no row's unit is looked up by its string.
    """
    if not rows.shape[0]:
        return []
    if codes is None:
        names = units[rows].tolist()
        seen = {name: k for k, name in enumerate(dict.fromkeys(names))}
        code = np.fromiter(map(seen.__getitem__, names), dtype=np.int64, count=len(names))
        named = list(seen)
    else:
        given = codes[rows]
        firsts = first_seen(given)
        place = np.zeros(int(given.max()) + 1, dtype=np.int64)
        place[given[firsts]] = np.arange(firsts.shape[0])
        code, named = place[given], units[rows[firsts]].tolist()
    order = rows[np.argsort(code, kind="stable")]
    ends = np.cumsum(np.bincount(code, minlength=len(named)))[:-1]
    return list(zip(named, np.split(order, ends), strict=True))


def _sources(f: Finding) -> str:
    names = list(dict.fromkeys(s for s in f.sources if s))
    return ", ".join(names) if names else "-"


_FINDING_HEADERS = ["verdict", "margin", "in figures", "kind", "claims", "sources", "relation"]
_BOUND_HEADERS = ["quantity", "claims", "quick bound", "tightest bound"]
_COMPARISON_HEADERS = ["claims", "first", "second", "ratio", "what"]
_CLAIM_HEADERS = ["claim", "source", "stated", "read as", "quote"]


def _finding_rows(report: Report, decimals: int) -> list[list[str]]:
    return [
        [
            f.verdict,
            margin_text(f),
            amount_text(f, report.claimset, decimals),
            f.kind,
            ", ".join(f.claims),
            _sources(f),
            f.relation,
        ]
        for f in report.findings
    ]


def _bound_rows(report: Report, decimals: int) -> list[list[str]]:
    rows = []
    for b in report.bounds:
        mark = f" {RELAXED_MARK}" if b.basis == "relaxed" else ""
        rows.append(
            [
                f"{b.measure} of {b.subject} over [{b.period.start}, {b.period.end})",
                ", ".join(b.claims),
                range_shown(b.propagated, decimals) + mark,
                "-" if b.exact is None else range_shown(b.exact, decimals) + mark,
            ]
        )
    return rows


def _bounds_legend(report: Report) -> str:
    """Return the legend of the bounds: one line, and one per mark the bounds show."""
    lines = [BOUNDS_LEGEND]
    if any(b.basis == "relaxed" for b in report.bounds):
        lines.append(RELAXED_LEGEND)
    if any(b.propagated.is_empty for b in report.bounds):
        lines.append(EMPTY_LEGEND)
    return "\n".join(lines)


def says_something(c: Comparison) -> bool:
    """Return whether a comparison's ratio is bounded on some side (else it tells nothing)."""
    r = c.ratio
    return not r.is_empty and (r.lo > 0 or math.isfinite(r.hi))


def _comparison_rows(report: Report, decimals: int) -> list[list[str]]:
    return [
        [
            ", ".join(c.claims),
            range_shown(c.values[0], decimals),
            range_shown(c.values[1], decimals),
            range_shown(c.ratio, max(decimals, 2)),
            c.description,
        ]
        for c in report.comparisons
        if says_something(c)
    ]


def claim_rows(report: Report, decimals: int) -> list[list[str]]:
    """One row per claim: id, source, the figure as stated, the range read, the quote."""
    return [
        [
            c.id,
            c.source.name if c.source is not None else "-",
            c.phrase or "-",
            range_shown(c.value, decimals),
            c.quote or "-",
        ]
        for c in report.claimset
    ]


def _summary(report: Report) -> str:
    counts = report.counts()
    n = len(report.claimset)
    state = "consistent" if report.consistent else "NOT consistent"
    return (
        f"{counted(n, 'claim')} in {counted(report.components, 'independent group')}: "
        f"{state}; "
        f"{counts['conflict']:,} conflict, {counts['tension']:,} tension, "
        f"{counts['consistent']:,} consistent finding(s)"
    )


def _sections(report: Report) -> list[tuple[str, list[str], list[list[str]], str]]:
    """Return each section's title, headers, rows and legend."""
    decimals = claim_decimals(report.claimset)
    return [
        ("Findings", _FINDING_HEADERS, _finding_rows(report, decimals), MARGIN_LEGEND),
        ("Implied bounds", _BOUND_HEADERS, _bound_rows(report, decimals), _bounds_legend(report)),
        (
            "Comparisons (not decided by the model)",
            _COMPARISON_HEADERS,
            _comparison_rows(report, decimals),
            "",
        ),
        ("Claims", _CLAIM_HEADERS, claim_rows(report, decimals), ""),
    ]


_WIDTH = 96


def _finding_blocks(report: Report, decimals: int) -> list[str]:
    """Return the findings as blocks of at most ``_WIDTH`` columns, one per finding.

    A finding's claims and relation can be long, so the text rendering gives each
    its own lines instead of one very wide table row.
    """
    wrap = textwrap.TextWrapper(
        width=_WIDTH,
        initial_indent="    ",
        subsequent_indent="      ",
        break_on_hyphens=False,
        break_long_words=False,
    )
    lines = [f"{'verdict':<10}  {'margin':>8}  {'kind':<13}  in figures", "-" * 60]
    for f in report.findings:
        margin = "0" if f.touching else margin_text(f)
        amount = amount_text(f, report.claimset, decimals)
        lines.append(f"{f.verdict:<10}  {margin:>8}  {f.kind:<13}  {amount}")
        lines += wrap.wrap(f.relation)
        named = [
            f"{cid} ({source})" if source else cid
            for cid, source in zip(f.claims, f.sources, strict=True)
        ]
        lines += wrap.wrap("claims: " + ", ".join(named))
    return lines


def _claim_blocks(report: Report, decimals: int) -> list[str]:
    """Return the claims, one or two lines each: id, source, reading, then the quote."""
    wrap = textwrap.TextWrapper(width=_WIDTH, initial_indent="    ", subsequent_indent="     ")
    lines: list[str] = []
    for cid, source, stated, read, quote in claim_rows(report, decimals):
        said = "" if stated == "-" else f' "{stated}"'
        lines.append(f"{cid}: {source}{said}, read as {read}")
        if quote != "-":
            lines += wrap.wrap(f'"{quote}"')
    return lines


def report_text(report: Report) -> str:
    """Return the plain-text rendering (``str(report)``)."""
    decimals = claim_decimals(report.claimset)
    out = ["Consistency report", "==================", *paragraph(report_headline(report))]
    out += ["", _summary(report)]
    for title, headers, rows, legend in _sections(report):
        if not rows:
            continue
        out += ["", title]
        if title == "Findings":
            out += _finding_blocks(report, decimals)
        elif title == "Claims":
            out += _claim_blocks(report, decimals)
        else:
            out += table(headers, rows)
        for line in legend.splitlines():
            out += textwrap.wrap(line, _WIDTH, initial_indent="(", subsequent_indent=" ")
            out[-1] += ")"
    if report.notes:
        out += ["", "Notes", *(f"- {note}" for note in report.notes)]
    return "\n".join(out)


def report_markdown(report: Report) -> str:
    """Return the Markdown rendering (:meth:`~claimkit.engine.report.Report.to_markdown`)."""
    out = ["# Consistency report", "", f"**{md_cell(report_headline(report))}**", ""]
    out.append(_summary(report) + ".")
    for title, headers, rows, legend in _sections(report):
        if rows:
            out += ["", f"## {title}", "", *md_table(headers, rows)]
            for line in legend.splitlines():
                out += ["", f"*{md_cell(line)}*"]
    if report.notes:
        out += ["", "## Notes", "", *(f"- {md_cell(note)}" for note in report.notes)]
    return "\n".join(out) + "\n"


def report_html(report: Report, *, plots: Mapping[str, str] | None = None) -> str:
    """Return the report as one self-contained HTML page (``Report.to_html()``).

    ``plots`` maps a caption to an inline SVG document (made by :mod:`claimkit.plot`,
    which sits above this layer); without them the page says how to get them.
    """
    decimals = claim_decimals(report.claimset)
    findings = [
        {
            "verdict": f.verdict,
            "margin": margin_text(f),
            "amount": amount_text(f, report.claimset, decimals),
            "kind": f.kind,
            "relation": f.relation,
            "claims": [_html.claim_view(report.claimset[c], decimals) for c in f.claims],
        }
        for f in report.findings
    ]
    sections = [s for s in _sections(report) if s[0] not in ("Findings", "Claims") and s[2]]
    return _html.page(
        "report.html.j2",
        title="Consistency report",
        headline=report_headline(report),
        summary=_summary(report),
        findings=findings,
        margin_legend=MARGIN_LEGEND,
        tables=[
            _html.Table(title, headers, rows, legend) for title, headers, rows, legend in sections
        ],
        claims=[_html.claim_view(c, decimals) for c in report.claimset],
        notes=list(report.notes),
        plots=dict(plots or {}),
    )


def report_fragment(report: Report) -> str:
    """Return a small HTML view of a report (a notebook's ``_repr_html_``): no plots."""
    decimals = claim_decimals(report.claimset)
    headers = ["verdict", "margin", "in figures", "kind", "claims"]
    rows = [row[:5] for row in _finding_rows(report, decimals)]
    return _html.fragment(report_headline(report), [_html.Table("Findings", headers, rows, "")])


def report_dict(report: Report) -> dict[str, Any]:
    """Return the JSON-ready data of ``Report.to_json()`` (schema version 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "headline": report_headline(report),
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
        "groups": [g.to_dict() for g in report.groups],
        "bounds": [b.to_dict() for b in report.bounds],
        "comparisons": [c.to_dict() for c in report.comparisons],
        "notes": list(report.notes),
    }
