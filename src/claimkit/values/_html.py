"""Small escaped HTML for notebooks: what ``_repr_html_`` of values and claims returns.

Jupyter shows an object's ``_repr_html_``; these helpers make the few tables the
value and claim types show, escaping every cell (a claim's text comes from files).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["html_table"]


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str | None = None
) -> str:
    """Return an HTML table with every cell escaped.

    Examples
    --------
    >>> print(html_table(["a"], [["<b>"]]))
    <table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>
    """
    from html import escape  # loaded by notebooks only: html.entities is large

    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    title = "" if caption is None else f"<caption>{escape(caption)}</caption>"
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
