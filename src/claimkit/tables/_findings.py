"""A report's findings as columns of plain values, from the report's arrays (internal)."""

from __future__ import annotations

import itertools

import numpy as np

from claimkit.engine.report import Report
from claimkit.render._headline import overlap
from claimkit.render.report import amount_words
from claimkit.values.range import Range

__all__ = ["finding_columns"]


def finding_columns(report: Report) -> dict[str, list[object]]:
    """Return a report's findings as columns, one row per finding (no pandas needed).

    ``kind``, ``verdict``, ``margin`` (relative, signed), ``margin_abs`` (in
    ``unit``), ``unit``, ``touching``, ``claims`` (ids joined by ``", "``),
    ``sources`` (the claims' source names joined by ``"; "``, empty for none),
    ``relation`` and ``description`` (the margin in figures, as the text report
    shows it). They are read from the report's arrays
    (:meth:`~claimkit.engine.report.Report.finding_columns`), without a
    :class:`~claimkit.engine.report.Finding` per row.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.tables import finding_columns
    >>> finding_columns(ck.check([]))["verdict"]
    []
    """
    table = report.finding_columns()
    ptr = table.ptr.tolist()
    ids = table.claims.tolist()
    names = table.sources.tolist()
    spans = list(itertools.pairwise(ptr))
    verdict, margin_abs = table.verdict.tolist(), table.margin_abs.tolist()
    unit, touching = table.unit.tolist(), table.touching.tolist()
    common = _overlaps(report, table.kind, table.verdict, ptr, ids)
    return {
        "kind": table.kind.tolist(),
        "verdict": verdict,
        "margin": table.margin.tolist(),
        "margin_abs": margin_abs,
        "unit": unit,
        "touching": touching,
        "claims": [", ".join(ids[a:b]) for a, b in spans],
        "sources": ["; ".join(dict.fromkeys(s for s in names[a:b] if s)) for a, b in spans],
        "relation": table.relation.tolist(),
        "description": [
            amount_words(
                verdict[k],
                margin_abs[k],
                unit[k],
                first=ids[a],
                touching=touching[k],
                common=common.get(k),
            )
            for k, (a, _) in enumerate(spans)
        ],
    }


def _overlaps(
    report: Report, kind: np.ndarray, verdict: np.ndarray, ptr: list[int], ids: list[str]
) -> dict[int, Range]:
    """Return the values all the claims of each same-quantity finding that holds allow."""
    found: dict[int, Range] = {}
    wanted = np.flatnonzero((kind == "same-quantity") & (verdict != "conflict")).tolist()
    if not wanted:
        return found
    lookup = report.finding_columns().lookup
    claims = report.claimset if lookup is None else lookup
    for k in wanted:
        common = overlap([claims[c] for c in ids[ptr[k] : ptr[k + 1]] if c in claims])
        if common is not None:
            found[k] = common
    return found
