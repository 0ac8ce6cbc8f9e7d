"""The checks and words of ratio claims, kept beside :class:`~claimkit.claims.claim.Claim`.

A ratio claim (``kind="ratio"``) says how its quantity (the numerator: ``measure`` of
``subject`` over ``period``) compares with another (the denominator, ``of``), as a
dimensionless range: a share, a comparison, a change. These functions take the claim
being built and return what is wrong with it, or its description, so that the claim
class itself stays about all kinds alike.
"""

from __future__ import annotations

from typing import Any

from claimkit.claims._ratio_phrases import parse_ratio
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.claims.quantity import Quantity
from claimkit.errors import ClaimkitError
from claimkit.values.range import Range
from claimkit.values.units import dimensionality

__all__ = ["describe", "is_ratio_unit", "not_a_count", "problem", "readings"]


def is_ratio_unit(unit: str) -> bool:
    """Return whether ``unit`` is a ratio's: ``dimensionless``, ``percent`` and the like.

    Examples
    --------
    >>> from claimkit.claims._ratio_claims import is_ratio_unit
    >>> is_ratio_unit("percent"), is_ratio_unit("person")
    (True, False)
    """
    return dimensionality(unit) == "dimensionless"


def example(claim: Any) -> str:
    """Return a ratio claim written out with the claim's own names, for messages."""
    measure = claim.measure if isinstance(claim.measure, str) else "killed"
    return (
        f"Claim(kind='ratio', measure={measure!r}, subject=..., period=..., "
        "of=Quantity('casualties'), value=Range(20, 30, 'percent'))"
    )


def not_a_count(claim: Any, kind: str) -> str:
    """Return why a dimensionless total or rate is refused, and how to say a ratio.

    ``kind`` is ``"total"``, ``"rate"`` or ``"claim"`` (kind not given).
    """
    unit = claim.value.unit
    what = "a total or a rate" if kind == "claim" else f"a {kind}"
    return (
        f"{what} counts something, so its value needs a count unit (like 'person' or "
        f"'person / week'), got {unit!r}, which is a pure number; ratios and shares are "
        f"claims of kind 'ratio' that name the quantity they divide by, such as "
        f"{example(claim)}"
    )


def problem(claim: Any) -> str | None:
    """Return what is wrong with a claim's ratio fields (``of``, ``basis``), or None."""
    value = claim.value
    unit = value.unit if isinstance(value, Range) else None
    if claim.kind != "ratio":
        if claim.of is not None:
            return (
                f"of ({claim.of}) names the denominator of a ratio, but the claim is a "
                f"{claim.kind}; for a ratio use kind='ratio' and a dimensionless or percent "
                "value"
            )
        if claim.basis != "total":
            return (
                f"basis={claim.basis!r} applies to ratio claims only (the ratio of the two "
                "totals or of their average rates); leave it at 'total'"
            )
        if unit is not None and is_ratio_unit(unit):
            return not_a_count(claim, claim.kind)
        return None
    if claim.of is None:
        return (
            "a ratio claim needs of=Quantity(measure, subject, period), the quantity it "
            "divides by (subject and period default to the claim's own), such as " + example(claim)
        )
    if not isinstance(claim.of, Quantity):
        return (
            f"of must be a Quantity or a measure name, got {type(claim.of).__name__} {claim.of!r}"
        )
    if unit is not None and not is_ratio_unit(unit):
        return (
            f"a ratio needs a value in 'dimensionless' or 'percent' (a pure number), got "
            f"{unit!r} (dimension {dimensionality(unit)}); for a count use kind='total' "
            "or kind='rate' without of"
        )
    if claim.reading != "average":
        return (
            f"reading {claim.reading!r} applies to rates only; a ratio divides totals (or, "
            "with basis='rate', average rates), so leave reading at 'average'"
        )
    if (claim.measure, claim.subject, claim.period) == (
        claim.of.measure,
        claim.of.subject,
        claim.of.period,
    ):
        return (
            f"the ratio divides {claim.of} by itself, which is 1 whatever the counts; "
            "name another quantity in of= (another measure, subject or period)"
        )
    return None


def describe(claim: Any) -> str:
    """Return the words of a ratio claim's quantity: ``killed of russia to wounded ...``."""
    of: Quantity = claim.of
    period = f"[{claim.period.start.isoformat()}, {claim.period.end.isoformat()})"
    basis = "" if claim.basis == "total" else ", of average rates"
    if of.period == claim.period:
        return (
            f"{claim.measure} of {claim.subject} to {of.measure} of {of.subject}, ratio"
            f"{basis} over {period}"
        )
    return f"{claim.measure} of {claim.subject} over {period} to {of}, ratio{basis}"


def readings(phrase: str, value: Range, policy: HedgePolicy) -> dict[str, Range | ClaimkitError]:
    """Return what a ratio claim's phrase reads as, by unit.

    :func:`~claimkit.claims._ratio_phrases.parse_ratio` reads shares, ratios and
    changes in words (``"about 70%"``, ``"one in three"``) in the unit they name;
    :func:`~claimkit.claims.hedges.parse_quantity` reads a plain hedged figure
    (``"at least 20"``) in the value's unit. A reading equal to ``value`` is kept
    over the other in its unit; where neither reads, the ratio reader's error.

    Examples
    --------
    >>> from claimkit.claims._ratio_claims import readings
    >>> from claimkit.claims.hedges import HedgePolicy
    >>> from claimkit.values.range import Range
    >>> found = readings("about 70%", Range(65, 75, "percent"), HedgePolicy())
    >>> {unit: str(read) for unit, read in found.items()}
    {'percent': '[65, 75] percent'}
    """
    found: dict[str, Range | ClaimkitError] = {}
    try:
        found[value.unit] = parse_quantity(phrase, value.unit, policy=policy)
    except ClaimkitError as err:
        found[value.unit] = err
    try:
        reading = parse_ratio(phrase, policy=policy).value
    except ClaimkitError as err:
        if not isinstance(found[value.unit], Range):
            found[value.unit] = err
        return found
    if found.get(reading.unit) != value:
        found[reading.unit] = reading
    return found
