"""What every rendering shares: the JSON schema version and plain-text and Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["SCHEMA_VERSION", "md_cell", "md_table", "table"]

#: The version of the JSON schema of every document claimkit writes about results
#: (reports, reconciliations, ``claimkit parse --format json``); it changes only when
#: a key is removed or changes meaning (new keys may appear within a version).
SCHEMA_VERSION: Final = 1


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a plain-text table: columns padded to their widest cell, the last one free."""
    widths = [len(h) for h in headers]
    for row in rows:
        for k, cell in enumerate(row[:-1]):
            widths[k] = max(widths[k], len(cell))

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(widths[k]) for k, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def md_cell(text: str) -> str:
    """Escape a Markdown table cell (a ``|`` would end the cell)."""
    return text.replace("|", "\\|")


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a Markdown pipe table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines
