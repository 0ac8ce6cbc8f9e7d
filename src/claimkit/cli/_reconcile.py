"""The ``claimkit reconcile`` command, and reading quantities and periods from its options."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import IO, Literal

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.cli._common import (
    EXIT_CONFLICT,
    EXIT_OK,
    METHODS,
    PERIOD_RANGE,
    SET_METHODS,
    UsageError,
    load_claims,
    render,
)
from claimkit.errors import ClaimkitError, ReconciliationError
from claimkit.files._lines import LineIndex
from claimkit.files._read import Reader, calendar_period, parse
from claimkit.files.claimsfile import MAX_DEPTH
from claimkit.reconciliation import reconcile
from claimkit.values.period import Period

__all__ = ["period_of", "quantities", "run_reconcile"]


def run_reconcile(args: argparse.Namespace, out: IO[str]) -> int:
    claimset = load_claims(args)
    chosen = list(claimset)
    if args.claims is not None:
        chosen = [claimset[claim_id] for claim_id in args.claims]
    elif args.quantity is not None:
        named = _named_periods(args.file, args.input_format)
        chosen = _select(claimset, args.quantity, one_quantity=args.method in METHODS,
                         named=named)  # fmt: skip
    elif args.method in METHODS:
        chosen = _the_one_quantity(claimset, args.method)
    if args.method in SET_METHODS:
        subset = ClaimSet(chosen, relations=claimset.relations)
        whole = reconcile(subset, method=args.method, level=args.level, by=args.by)
        print(render(whole, args.format), file=out)
        agree = (
            not whole.moved
            if args.method == "relax"
            else not whole.dropped
            if args.method == "drop"
            else whole.suspect is None and not any(m.flagged for m in whole.measurements)
        )
        return EXIT_OK if agree else EXIT_CONFLICT
    try:
        result = reconcile(chosen, method=args.method, level=args.level, effects=args.effects)
    except ReconciliationError as err:
        # The claims themselves are fine when the hull can be taken: they only share
        # no value, which the data may do (exit 1); otherwise the input is bad (2).
        if reconcile(chosen, method="hull").status != "disjoint":
            raise
        print(f"claimkit: {err}", file=sys.stderr)
        return EXIT_CONFLICT
    print(render(result, args.format), file=out)
    return EXIT_CONFLICT if result.status == "disjoint" else EXIT_OK


def _the_one_quantity(claimset: ClaimSet, method: str) -> list[Claim]:
    """Return the claims, if they are all about one quantity; else say how to choose."""
    groups = quantities(claimset)
    if len(groups) == 1:
        return list(claimset)
    several = sorted(
        f"--quantity {m}:{s}:{_period_text(p)}" for (m, s, p, _, _), g in groups.items()
        if len(g) > 1
    )  # fmt: skip
    listed = "; ".join(several) if several else "none: each quantity has one claim"
    msg = (
        f"--method {method} reconciles the claims about one quantity, and the file's claims "
        f"are about {len(groups)}: choose them with --quantity MEASURE:SUBJECT[:PERIOD] or "
        f"--claims ID ..., or reconcile the whole file with --method relax or --method "
        f"least_squares; the quantities that two or more claims state: {listed}"
    )
    raise UsageError(msg)


def _named_periods(file: str, input_format: str | None) -> dict[str, Period]:
    """Return the periods a TOML or JSON claims file names in its ``[periods]``.

    Called after the file has been loaded, so that it is known to be valid.
    """
    suffix = input_format or Path(file).suffix.lstrip(".").lower()
    if suffix not in ("toml", "json"):
        return {}
    fmt: Literal["toml", "json"] = "toml" if suffix == "toml" else "json"
    text = Path(file).read_text(encoding="utf-8-sig")
    index = LineIndex(text, fmt)
    data = parse(text, fmt, file, index, MAX_DEPTH)
    return Reader(data, index, text, fmt, file).periods(data.get("periods", {}))


def _select(
    claimset: ClaimSet, quantity: str, *, one_quantity: bool, named: dict[str, Period]
) -> list[Claim]:
    """Return the claims about ``MEASURE:SUBJECT[:PERIOD]`` (of one quantity, if asked).

    PERIOD is read as :func:`_period` reads it, or is a name in ``named``.
    """
    parts = quantity.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        msg = (
            f"--quantity {quantity!r}: expected MEASURE:SUBJECT or MEASURE:SUBJECT:PERIOD, "
            "such as casualties:russia or casualties:russia:2024-11"
        )
        raise UsageError(msg)
    measure, subject = parts[0], parts[1]
    period = None
    if len(parts) == 3:
        period = named.get(parts[2]) or period_of(parts[2], "--quantity", named)
    chosen = [
        c
        for c in claimset
        if c.measure == measure and c.subject == subject and (period is None or c.period == period)
    ]
    if not chosen:
        stated = sorted({f"{c.measure}:{c.subject}" for c in claimset})
        msg = f"no claim is about {quantity!r}; the claims state " + (
            ", ".join(stated) or "nothing"
        )
        raise UsageError(msg)
    groups: dict[tuple[Period, str], list[str]] = {}
    for claim in chosen:
        kind = claim.kind if claim.reading == "average" else f"{claim.kind} (each)"
        groups.setdefault((claim.period, kind), []).append(claim.id)
    if one_quantity and len(groups) > 1:
        listed = "; ".join(
            f"{kind} over {_period_text(p)}: {', '.join(ids)}" for (p, kind), ids in groups.items()
        )
        msg = (
            f"the claims about {measure}:{subject} cover several periods or kinds "
            f"({listed}); add the period (MEASURE:SUBJECT:PERIOD) or choose with --claims"
        )
        raise UsageError(msg)
    return chosen


def _period_text(period: Period) -> str:
    return f"{period.start.isoformat()}/{period.end.isoformat()}"


def period_of(text: str, option: str, named: dict[str, Period] | None = None) -> Period:
    found = PERIOD_RANGE.match(text)
    try:
        if found:
            start, end = (datetime.date.fromisoformat(found.group(i)) for i in (1, 2))
            return Period(start, end)
        calendar = calendar_period(text)
    except (ValueError, ClaimkitError) as err:
        raise UsageError(f"{option}: {text!r} is not a period: {err}") from None
    if calendar is not None:
        return calendar
    msg = (
        f"{option}: {text!r} is not a period; expected a month 2024-11, a quarter 2025-Q1, "
        "a year 2024, a day 2024-11-05, or START/END such as 2022-02-24/2024-12-12 (END "
        "exclusive)"
    )
    if named is not None:
        listed = ", ".join(sorted(named)) or "none"
        msg += f", or a period the file names in [periods] ({listed})"
    raise UsageError(msg)


def quantities(claimset: ClaimSet) -> dict[tuple[str, str, Period, str, str], list[Claim]]:
    """Return the claims about each quantity (measure, subject, period, kind, reading)."""
    groups: dict[tuple[str, str, Period, str, str], list[Claim]] = {}
    for claim in claimset:
        key = (claim.measure, claim.subject, claim.period, claim.kind, claim.reading)
        groups.setdefault(key, []).append(claim)
    return groups
