"""A report's findings as columns of plain values, from the report's arrays (internal)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.columns import AnyClaims, FindingColumns, TableClaims
from claimkit.engine.matrix import concat_ranges
from claimkit.engine.report import Report
from claimkit.engine.words import Phrases
from claimkit.render._headline import overlap_of
from claimkit.render.report import amounts_phrases
from claimkit.values.range import Range

__all__ = ["FindingPart", "finding_arrays", "finding_columns", "finding_parts"]


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
    return {name: list(cells.tolist()) for name, cells in finding_arrays(report).items()}


def finding_arrays(report: Report, rows: slice | None = None) -> dict[str, NDArray[Any]]:
    """Return the columns of :func:`finding_columns` as numpy arrays (text as objects).

    ``rows``, a slice of the findings' order, reads only those findings.
    """
    table = report.finding_columns(rows)
    return _part(report, table, Phrases.of(table.relation)).arrays()


@attrs.frozen(eq=False)
class FindingPart:
    """Findings as columns, their relations and descriptions as phrases not written yet.

    ``table.relation`` is not to be read: ``relation`` says it. ``sources`` holds
    each finding's sources joined (the column ``sources`` of :func:`finding_columns`).
    """

    table: FindingColumns
    relation: Phrases
    description: Phrases
    sources: NDArray[np.object_]

    @property
    def n(self) -> int:
        """The number of findings."""
        return self.table.n

    def arrays(self) -> dict[str, NDArray[Any]]:
        """Return the columns of :func:`finding_arrays`, the text written as Python strings."""
        table = self.table
        return {
            "kind": table.kind,
            "verdict": table.verdict,
            "margin": table.margin,
            "margin_abs": table.margin_abs,
            "unit": table.unit,
            "touching": table.touching,
            "claims": _joined(table.ptr, table.claims, ", ", unique=False),
            "sources": self.sources,
            "relation": self.relation.texts(),
            "description": self.description.texts(),
        }


def _part(report: Report, table: FindingColumns, relation: Phrases) -> FindingPart:
    """Return the findings of ``table`` (of ``report``) with their texts as pieces."""
    ptr = table.ptr
    # Each finding's first claim is read from the claims in place (``at``): gathering
    # variable-width ids costs more than the rest of the description.
    description = amounts_phrases(
        table.verdict,
        table.margin_abs,
        table.unit,
        first=table.claims,
        at=ptr[:-1],
        unit_codes=None if table.coded is None else table.coded["unit"][0],
        touching=table.touching,
        common=_overlaps(report, table),
    )
    sources = _joined(ptr, table.sources, "; ", unique=True)
    return FindingPart(table=table, relation=relation, description=description, sources=sources)


def finding_parts(report: Report, size: int) -> Iterator[FindingPart]:
    """Yield the findings of a report ``size`` at a time, their texts as pieces.

    The findings' text is written a part at a time (and the report keeps none of
    it), so that the strings of all of them never exist at once. At least one part
    is yielded, empty for a report without findings.
    """
    start = 0
    while True:
        table, relation = report.finding_phrases(slice(start, start + size))
        yield _part(report, table, relation)
        if table.n < size:
            return
        start += size


def _joined(
    ptr: NDArray[np.int64], items: NDArray[np.object_], sep: str, *, unique: bool
) -> NDArray[np.object_]:
    """Return each finding's items joined by ``sep`` (with ``unique``: each once, not empty).

    The findings of as many items are joined together, from columns of their items.
    """
    width = np.diff(ptr)
    out = np.full(width.shape[0], "", dtype=np.object_)
    if unique and not np.count_nonzero(items):  # nothing to name (a table without sources)
        return out
    sizes = np.flatnonzero(np.bincount(width, minlength=1)[1:]) + 1
    for count in sizes.tolist():
        rows = np.flatnonzero(width == count)
        columns = [items[ptr[rows] + j] for j in range(count)]
        texts: Iterator[str]
        if unique and count == 2:
            # An item is there when it is true (not None, not empty), as below.
            a, b = columns
            has_a, has_b = a.astype(np.bool_), b.astype(np.bool_)
            out[rows] = np.where(has_a, a, np.where(has_b, b, ""))
            both = np.flatnonzero(has_a & has_b & (a != b))
            rows = rows[both]
            texts = map(sep.join, zip(a[both].tolist(), b[both].tolist(), strict=True))
        else:
            cells = zip(*(column.tolist() for column in columns), strict=True)
            if unique:
                texts = (sep.join(dict.fromkeys(filter(None, row))) for row in cells)
            else:
                texts = map(sep.join, cells)
        out[rows] = np.fromiter(texts, dtype=np.object_, count=rows.shape[0])
    return out


def _overlaps(report: Report, table: FindingColumns) -> dict[int, Range]:
    """Return the values all the claims of each same-quantity finding that holds allow."""
    found: dict[int, Range] = {}
    wanted = np.flatnonzero((table.kind == "same-quantity") & (table.verdict != "conflict"))
    if not wanted.shape[0]:
        return found
    ptr = table.ptr
    counts = ptr[wanted + 1] - ptr[wanted]
    named = table.claims[concat_ranges(ptr[wanted], counts)]
    values = _values(report.claimset if table.lookup is None else table.lookup, named)
    ends = np.cumsum(counts).tolist()
    for k, end, count in zip(wanted.tolist(), ends, counts.tolist(), strict=True):
        common = overlap_of([v for v in values[end - count : end] if v is not None])
        if common is not None:
            found[k] = common
    return found


def _values(claims: AnyClaims, ids: NDArray[np.object_]) -> list[Range | None]:
    """Return the value of each claim named (None for an id not among the claims).

    Claims given as a table are read from their columns, without a Claim each.
    """
    if not isinstance(claims, TableClaims):
        return [claims[c].value if c in claims else None for c in ids.tolist()]
    columns = claims.columns
    at = np.minimum(np.searchsorted(columns.ids, ids), max(columns.n - 1, 0))
    known = (columns.ids[at] == ids) if columns.n else np.zeros(ids.shape[0], dtype=np.bool_)
    return [
        columns.value(k) if ok else None for k, ok in zip(at.tolist(), known.tolist(), strict=True)
    ]
