"""HTML pages from Jinja2 templates: one self-contained page per report (internal).

The templates live in ``claimkit/render/templates``; autoescaping is on for every
one of them, so that nothing from a claims file (ids, names, quotes, URLs) can
become markup. A page loads nothing: its style is inline, its plots are inline
SVG, and its Content-Security-Policy forbids any fetch.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import jinja2

from claimkit.render._common import range_shown

if TYPE_CHECKING:
    from claimkit.claims.claim import Claim

__all__ = ["Table", "claim_view", "fragment", "page", "safe_url"]

TEMPLATES = Path(__file__).parent / "templates"


class Table(NamedTuple):
    """A titled table with a header row and a legend (may be empty)."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    legend: str


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def safe_url(url: str | None) -> str | None:
    """Return ``url`` when it is an http(s) address a page may link to, else ``None``.

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def claim_view(claim: Claim, decimals: int) -> dict[str, Any]:
    """Return what a page shows of one claim: source, figure as stated, reading, quote."""
    source = claim.source
    return {
        "id": claim.id,
        "source": None if source is None else source.name,
        "role": None if source is None else source.role,
        "date": None if source is None or source.date is None else source.date.isoformat(),
        "url": None if source is None else safe_url(source.url),
        "stated": claim.phrase,
        "read": range_shown(claim.value, decimals),
        "quote": claim.quote,
        "what": (
            f"{claim.measure} of {claim.subject}, {claim.kind} over "
            f"[{claim.period.start.isoformat()}, {claim.period.end.isoformat()})"
        ),
    }


def page(template: str, **context: Any) -> str:
    """Render one of the page templates with ``context`` (every value escaped)."""
    return _environment().get_template(template).render(**context)


def fragment(headline: str, tables: list[Table]) -> str:
    """Return a small HTML block (a notebook's view): the headline and plain tables."""
    return page("fragment.html.j2", headline=headline, tables=tables)
