"""The claims: sources, claims, claim sets, the relations between quantities, hedges.

A :class:`~claimkit.claims.claim.Claim` is one figure as a source stated it; a
:class:`~claimkit.claims.claimset.ClaimSet` holds the claims to check together with
the :class:`~claimkit.claims.relations.Sum` relations between their quantities, and
exposes the canonical index (claims by id, measure and subject families with one
unit each) that the engine reads. :mod:`claimkit.claims.hedges` reads phrases such
as "over one million" into ranges, and :func:`~claimkit.claims._ratio_phrases.parse_ratio`
shares, ratios and changes such as "about 70%" or "rose 20%". A
:class:`~claimkit.claims.quantity.Quantity` names a measure of a subject over a period
without a figure: the denominator of a ratio claim;
:mod:`claimkit.claims.comparisons` writes comparisons and changes as ratio claims.

May import: ``claimkit.values`` and ``claimkit.errors``.
"""

from __future__ import annotations

from claimkit.claims._ratio_phrases import RatioReading, parse_ratio
from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.comparisons import (
    as_many_as,
    at_least_as_many_as,
    at_most_as_many_as,
    change,
    fewer_than,
    highest_month,
    more_than,
)
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.claims.quantity import Quantity
from claimkit.claims.relations import Sum
from claimkit.claims.source import Source

__all__ = [
    "Claim",
    "ClaimSet",
    "HedgePolicy",
    "Quantity",
    "RatioReading",
    "Source",
    "Sum",
    "as_many_as",
    "at_least_as_many_as",
    "at_most_as_many_as",
    "change",
    "fewer_than",
    "highest_month",
    "more_than",
    "parse_quantity",
    "parse_ratio",
]
