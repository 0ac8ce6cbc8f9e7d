"""The conversions that ``claimkit parse`` shows, and count units defined on the command line."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimkit.claims.claim import Claim
from claimkit.cli._common import UsageError
from claimkit.errors import ClaimkitError
from claimkit.values._format import range_to_dict
from claimkit.values.period import Period
from claimkit.values.units import define_count_unit, time_exponent

if TYPE_CHECKING:
    from claimkit.claims.claim import Kind
    from claimkit.values.range import Range

__all__ = ["conversions", "count_unit", "range_dict"]


def conversions(
    value: Range, period: Period | None, targets: Sequence[str]
) -> list[tuple[str, Range]]:
    """Return labelled conversions of a parsed value (see the ``parse`` help)."""
    if targets:
        return [(f"in {unit}", value.to(unit)) for unit in targets]
    kind: Kind = "rate" if time_exponent(value.unit) == -1 else "total"
    if kind == "total" and period is None:
        return []
    # Converting a rate needs no period; the claim below needs one, and a single
    # day is not a calendar month, so that "calendar month" means 28 to 31 days.
    span = period or Period.day(datetime.date(2000, 1, 1))
    claim = Claim(
        id="phrase", measure="quantity", subject="phrase", period=span, kind=kind,
        value=value,
    )  # fmt: skip
    rows = [
        ("per day", claim.as_rate("day")),
        ("per week", claim.as_rate("week")),
        ("per month (30.4375 d)", claim.as_rate("month")),
        ("per year", claim.as_rate("year")),
    ]
    if kind == "total":
        return rows
    rows = [row for row in rows if row[1].unit != value.unit]
    if period is None:
        rows.append(("in a calendar month (28-31 d)", claim.as_rate("month", calendar=True)))
    else:
        rows.append((f"total over {period.days} days", claim.as_total()))
    return rows


def count_unit(text: str) -> None:
    """Define the count unit that ``--count-unit NAME[:PLURAL]`` gives."""
    name, _, plural = text.partition(":")
    if not name or (":" in text and not plural) or ":" in plural:
        msg = f"--count-unit {text!r}: expected NAME or NAME:PLURAL, such as tank:tanks"
        raise UsageError(msg)
    try:
        define_count_unit(name, *([plural] if plural else []))
    except ClaimkitError as err:
        raise UsageError(f"--count-unit {text!r}: {err}") from None


def range_dict(r: Range) -> dict[str, Any]:
    """Return a range as JSON data, as every document writes it, with its exact text."""
    return {**range_to_dict(r), "text": str(r)}
