"""The checks of a claim's provenance: its quote, and where the quote lies in a text.

Kept beside :class:`~claimkit.claims.claim.Claim`, which raises what these return as
:class:`~claimkit.errors.InvalidClaimError` naming the claim.
"""

from __future__ import annotations

import re

__all__ = ["not_found", "quote_problem"]


def quote_problem(quote: object, span: object) -> str | None:
    """Return what is wrong with a claim's ``quote`` and ``span``, or None.

    Examples
    --------
    >>> from claimkit.claims._provenance import quote_problem
    >>> quote_problem("45,690", (28, 34)) is None
    True
    >>> quote_problem("45,690", (28, 30))
    'span (28, 30) does not fit the quote: expected (start, start + 6) with start >= 0, ...'
    """
    if quote is not None and (not isinstance(quote, str) or not quote):
        return f"quote must be a non-empty string or None, got {quote!r}"
    if span is None:
        return None
    if quote is None:
        return f"span {span!r} is given without a quote: set quote=... too"
    if (
        not isinstance(span, tuple)
        or len(span) != 2
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in span)
    ):
        return f"span must be a tuple (start, end) of two ints, got {span!r}"
    assert isinstance(quote, str)
    start, end = span
    if start < 0 or end - start != len(quote):
        return (
            f"span {span!r} does not fit the quote: expected (start, start + "
            f"{len(quote)}) with start >= 0, since the quote has {len(quote)} "
            "characters; use claim.locate(text) to find it"
        )
    return None


def not_found(quote: str, text: str, start: int) -> str:
    """Return why ``quote`` is not in ``text`` after ``start``, pointing at a near match.

    Examples
    --------
    >>> from claimkit.claims._provenance import not_found
    >>> not_found("45,690 losses", "Russia: 45,690  Losses.", 0)
    "the quote '45,690 losses' does not occur in the text; the text has '45,690  Losses' ..."
    """
    where = f" after position {start}" if start else ""
    msg = f"the quote {quote!r} does not occur in the text{where}"
    earlier = text.find(quote)
    if 0 <= earlier < start:
        return f"{msg}; it occurs earlier, at position {earlier}"
    loose = r"\s+".join(re.escape(word) for word in quote.split())
    near = re.compile(loose, re.IGNORECASE).search(text, start)
    if near:
        return (
            f"{msg}; the text has {near.group()!r} at position {near.start()}, which "
            "differs in case or spacing: quote the text exactly"
        )
    return f"{msg} ({len(text)} characters searched); quote the words exactly as written"
