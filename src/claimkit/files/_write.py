"""Writing claims files: the document behind :func:`claimkit.files.claimsfile.dumps`."""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from typing import Any, Final

import attrs

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.claims.source import Source
from claimkit.errors import ClaimkitError, InvalidClaimError
from claimkit.files._read import DEFAULT_UNIT, FORMAT_VERSION, FileFormat, read_phrase
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import dimensionality

__all__ = ["HEADER", "document", "file_policy"]

HEADER: Final = (
    "# A claimkit claims file: the format is described in the claimkit documentation,\n"
    "# under Reference > Claims files. Read it with claimkit.load(path).\n"
)


def file_policy(claimset: ClaimSet) -> HedgePolicy:
    """Return the policy that most of the claim set's phrases are read under.

    ``HedgePolicy()`` if no claim has a phrase; among equally common policies, the
    default policy first, then the first by ``repr``, so the choice depends on the
    claims alone and not on their order.
    """
    counts = Counter(claim.policy for claim in claimset if claim.policy is not None)
    default = HedgePolicy()
    ranked = sorted(counts, key=lambda p: (-counts[p], p != default, repr(p)))
    return ranked[0] if ranked else default


def document(claimset: ClaimSet, policy: HedgePolicy, fmt: FileFormat) -> dict[str, Any]:
    document: dict[str, Any] = {"format_version": FORMAT_VERSION}
    counts = sorted({u for c in claimset if (u := _custom_count(c.count_unit)) is not None})
    if counts:
        document["count_units"] = counts
    document["policy"] = {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in attrs.asdict(policy, recurse=False).items()
    }
    sources: dict[str, dict[str, Any]] = {}
    owners: dict[str, Claim] = {}
    for claim in claimset:
        source = claim.source
        if source is None:
            continue
        if source.id in owners and owners[source.id].source != source:
            msg = (
                f"claims {owners[source.id].id!r} and {claim.id!r} have different sources "
                f"with the same id {source.id!r}; a claims file refers to sources by id, so "
                "give them distinct ids with source.replace(id=...)"
            )
            raise InvalidClaimError(msg, claim_id=claim.id)
        owners[source.id] = claim
        sources[source.id] = _source_table(source, fmt)
    if sources:
        document["sources"] = sources
    document["claims"] = [_claim_table(claim, policy, fmt) for claim in claimset]
    if claimset.relations:
        document["relations"] = [
            {"total": s.total, "parts": list(s.parts), "over": s.over} for s in claimset.relations
        ]
    return document


def _custom_count(unit: str) -> str | None:
    """Return ``unit`` if it is a count unit a user must define (not ``person``)."""
    if unit == DEFAULT_UNIT or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", unit):
        return None
    return unit if dimensionality(unit) == f"[{unit}]" else None


def _date(day: datetime.date, fmt: FileFormat) -> datetime.date | str:
    return day.isoformat() if fmt == "json" else day


def _source_table(source: Source, fmt: FileFormat) -> dict[str, Any]:
    table: dict[str, Any] = {"name": source.name}
    for key in ("role", "date", "venue", "url"):
        value = getattr(source, key)
        if value is not None:
            table[key] = _date(value, fmt) if key == "date" else value
    if source.relation != "unknown":
        table["relation"] = source.relation
    if source.weight != 1.0:
        table["weight"] = source.weight
    return table


def _period_entries(period: Period, fmt: FileFormat) -> dict[str, Any]:
    start = period.start
    if period.is_calendar_month:
        return {"period": f"{start.year:04d}-{start.month:02d}"}
    if (
        (start.month, start.day) == (1, 1)
        and start.year < datetime.MAXYEAR
        and period.end == datetime.date(start.year + 1, 1, 1)
    ):
        return {"period": f"{start.year:04d}"}
    if period.days == 1:
        return {"period": start.isoformat()}
    return {"start": _date(period.start, fmt), "end": _date(period.end, fmt)}


def _claim_table(claim: Claim, policy: HedgePolicy, fmt: FileFormat) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": claim.id,
        "measure": claim.measure,
        "subject": claim.subject,
        "kind": claim.kind,
        **_period_entries(claim.period, fmt),
        **_of_entries(claim, fmt),
        **_value_entries(claim, policy),
    }
    if claim.reading != "average":
        table["reading"] = claim.reading
    if claim.basis != "total":
        table["basis"] = claim.basis
    if claim.source is not None:
        table["source"] = claim.source.id
    if claim.quote is not None:
        table["quote"] = claim.quote
    if claim.span is not None:
        table["span"] = list(claim.span)
    if claim.note is not None:
        table["note"] = claim.note
    return table


def _of_entries(claim: Claim, fmt: FileFormat) -> dict[str, Any]:
    """Return a ratio's denominator: its measure alone, or what differs from the claim."""
    of = claim.of
    if of is None:
        return {}
    assert of.period is not None  # filled in by Claim
    if (of.subject, of.period) == (claim.subject, claim.period):
        return {"of": of.measure}
    table: dict[str, Any] = {"measure": of.measure}
    if of.subject != claim.subject:
        table["subject"] = of.subject
    if of.period != claim.period:
        table.update(_period_entries(of.period, fmt))
    return {"of": table}


def _value_entries(claim: Claim, policy: HedgePolicy) -> dict[str, Any]:
    value = claim.value
    unit = claim.phrase_unit
    ratio = claim.kind == "ratio"
    if (
        claim.phrase is not None
        and unit is not None
        and (claim.policy == policy or _reads_as(claim.phrase, unit, policy, value, ratio=ratio))
    ):
        return {"unit": unit, "value": claim.phrase}
    printed = str(value).removesuffix(f" {value.unit}")
    if _reads_as(printed, value.unit, policy, value):
        return {"unit": value.unit, "value": printed}
    entries: dict[str, Any] = {"unit": value.unit}
    if value.lo != -math.inf:
        entries["lo"] = value.lo
    if value.hi != math.inf:
        entries["hi"] = value.hi
    if value.lo_open and value.lo != -math.inf:
        entries["lo_open"] = True
    if value.hi_open and value.hi != math.inf:
        entries["hi_open"] = True
    return entries


def _reads_as(
    phrase: str, unit: str, policy: HedgePolicy, value: Range, *, ratio: bool = False
) -> bool:
    """Return whether ``phrase`` reads as ``value`` in ``unit`` (as the reader reads it)."""
    try:
        return read_phrase(phrase, unit, policy, ratio=ratio)[0] == value
    except ClaimkitError:
        return False
