"""Reconciling a whole claim set: minimal relaxation and least squares (internal).

Both methods work on the engine's linear model (:mod:`claimkit.engine.model`) of the
claims sorted by id, so that the order of the claims changes nothing. HiGHS
(through highspy) and scipy are imported inside the functions.

Least squares reads the claims as measurements with
:class:`~claimkit.reconciliation.measured.Measured`, ratio claims included.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine.margins import range_size
from claimkit.engine.relax import agrees, relaxation
from claimkit.reconciliation.measured import Measured
from claimkit.reconciliation.one import (
    chi2_sf,
    serial_elimination,
    sidak_critical,
    weight_of,
    widen_to,
)
from claimkit.reconciliation.results import Adjustment, Measurement, SetReconciliation
from claimkit.values._format import number
from claimkit.values.range import Range

if TYPE_CHECKING:
    from claimkit.reconciliation.results import Adjustment, Measurement, SetReconciliation

__all__ = ["consistent", "least_squares", "relax"]


def canonical(claimset: ClaimSet) -> tuple[ClaimSet, dict[int, int]]:
    """Return the claim set sorted by id, and where each sorted claim was given."""
    ordered = claimset.canonical
    given = {claim.id: i for i, claim in enumerate(claimset.claims)}
    return ordered, {k: given[claim.id] for k, claim in enumerate(ordered.claims)}


def _source(claim: Claim) -> str | None:
    return None if claim.source is None else claim.source.name


def consistent(claimset: ClaimSet) -> bool:
    """Return whether the claims can all hold at once, as :func:`~claimkit.check` decides it.

    The claims must be sorted by id (see :func:`canonical`).
    """
    return agrees(claimset)


# -- relax ------------------------------------------------------------------------------


def relax(claimset: ClaimSet) -> SetReconciliation:
    """Reconcile a claim set by its minimal weighted relaxation (see ``reconcile``).

    The relaxation is the engine's (:func:`claimkit.engine.relax.relaxation`), the one
    under which a report gives the implied bounds of a conflicting group.
    """
    ordered, position = canonical(claimset)
    claims = ordered.claims
    found = relaxation(ordered)
    adjusted = [
        (r.value, max(lo, hi))
        for r, lo, hi in zip(
            found.claimset.claims, found.lo.tolist(), found.hi.tolist(), strict=True
        )
    ]
    by_input, adjustments = _rebuild(claimset, claims, position, adjusted)
    moved = [a for a in adjustments if a.moved]
    notes = []
    if not moved:
        notes.append("the claims are consistent as they are: nothing moved")
    tiny = [a.claim for a in moved if a.stretch < 1e-6]
    if tiny:
        notes.append(
            f"{', '.join(repr(t) for t in tiny)} moved only by the clearance that keeps "
            "strict ends apart: the claims meet where an open end excludes the value"
        )
    if found.unspread:
        notes.append(
            f"in {found.unspread} group(s) of claims the solver could not spread tied slacks "
            "evenly; the relaxation shown is minimal, and ties went to the solver's first "
            "optimum (for the claims sorted by id)"
        )
    return _result(
        "relax",
        claimset,
        by_input,
        adjustments,
        checked=found.consistent,
        total_slack=found.total,
        notes=tuple(notes),
    )


def _result(
    method: str,
    claimset: ClaimSet,
    by_input: list[Claim],
    adjustments: list[Adjustment],
    checked: bool | None = None,
    **fields: Any,
) -> SetReconciliation:
    """Return the result, with the reconciled claim set and whether it is consistent.

    The check runs on the claims sorted by id, like everything else, unless
    ``checked`` already gives its answer.
    """
    reconciled = ClaimSet(by_input, relations=claimset.relations)
    if checked is None:
        checked = consistent(canonical(reconciled)[0])
    return SetReconciliation(
        method=method,
        claimset=claimset,
        reconciled=reconciled,
        consistent=checked,
        adjustments=tuple(adjustments),
        **fields,
    )


def _rebuild(
    claimset: ClaimSet,
    claims: Sequence[Claim],
    position: dict[int, int],
    adjusted: Sequence[tuple[Range, float]],
) -> tuple[list[Claim], list[Adjustment]]:
    """Return the claims with their adjusted values, and the adjustments, in input order."""
    by_input: list[Claim] = list(claimset.claims)
    slots: list[Adjustment | None] = [None] * len(claims)
    for k, claim in enumerate(claims):
        value, change = adjusted[k]
        i = position[k]
        by_input[i] = claim.replace(value=value) if value != claim.value else claim
        slots[i] = Adjustment(
            claim=claim.id,
            source=_source(claim),
            weight=weight_of(claim),
            original=claim.value,
            adjusted=value,
            stretch=change,
        )
    return by_input, [a for a in slots if a is not None]


# -- least squares -------------------------------------------------------------------------


def _widen_near(value: Range, point: float | None, sd: float = 0.0) -> tuple[Range, float]:
    """Widen a range to hold a reconciled point, unless it misses by rounding only.

    The fit is accurate to about 1e-12 of the figures: a point within 1e-9 of the
    claim's size (or of its standard deviation, for a claim of zeros) outside a
    closed end counts as inside, as the engine's feasibility tolerance would have
    it. An open end is kept only when the point is clear of it.
    """
    if point is None:
        return value, 0.0
    tol = 1e-9 * max(range_size(value), abs(point), sd)
    lo_ok = point > value.lo + (tol if value.lo_open else -tol)
    hi_ok = point < value.hi - (tol if value.hi_open else -tol)
    if lo_ok and hi_ok:
        return value, 0.0
    return widen_to(value, point)


def _sd(reading: tuple[float, float, str, Range] | None) -> float:
    return 0.0 if reading is None else reading[1]


def _suspect(claims: Sequence[Claim], z: dict[int, float | None], flagged: set[int]) -> str | None:
    """Return the flagged claim with the largest ``|z|``, unless several tie for it."""
    scored = [(abs(z[c] or 0.0), c) for c in flagged if z.get(c) is not None]
    if not scored:
        return None
    top = max(s for s, _ in scored)
    best = [c for s, c in scored if s >= top * (1 - 1e-9)]
    return claims[best[0]].id if len(best) == 1 else None


def _notes(data: Measured, reconciled: dict[int, float], determined: dict[int, float]) -> list[str]:
    """Say how each claim was read: exact figures, and unbounded claims left out."""
    notes = []
    for c, claim in enumerate(data.claims):
        found = data.readings[c]
        if found is not None and found[2] == "rounding" and c in reconciled:
            notes.append(
                f"claim {claim.id!r} states an exact figure; it is read as the rounding "
                f"interval of its digits, {found[3]}"
            )
        elif found is None and c in determined:
            notes.append(
                f"claim {claim.id!r} ({claim.value}) has an unbounded end: it is not a "
                f"measurement; the others put its quantity at {number(determined[c])} "
                f"{claim.value.unit}"
            )
        elif found is None and bool((data.row_claim == c).any()):
            notes.append(
                f"claim {claim.id!r} ({claim.value}) has an unbounded end: it is not a "
                "measurement, and the others do not determine its quantity"
            )
    return notes


def least_squares(claimset: ClaimSet, *, level: float) -> SetReconciliation:
    """Reconcile a claim set by weighted least squares (see ``reconcile``).

    Every bounded claim is a measurement of its row, read as ``"weighted"`` reads it.
    A ratio claim "``N / D`` is about ``r``" (``r`` and its sd ``s`` read from its
    range in its own unit) is a measurement on the ratio's scale: ``N / D - r`` is not
    linear, so its row is ``N - r D`` measured as 0 with sd ``s D0``, the residual
    ``(N - r D) / D0`` linearised at the denominator ``D0``. ``D0`` is the denominator
    of the fit without the ratio claims (where that fit leaves it open, the largest
    figure tied to it), then of the last fit, until no denominator moves by more than
    1e-12 of itself (at most 100 fits; a note says when they do not settle). At that
    fixed point the residual is ``(r - N / D) / s`` exactly, and the claim's
    reconciled value is ``N / D`` of the fit, in its unit. A ratio claim whose
    denominator a fit puts at or below a millionth of the largest figure tied to it
    (the smallest count the model tells from 0), or leaves undetermined, is no
    measurement: it is kept as stated, and a note names it.

    Examples
    --------
    The counts say 195,000 killed for 550,000 wounded (35.5%); a claim of 25% to 30%
    pulls the killed down and the wounded up, and moves itself up to meet them:

    >>> from datetime import date
    >>> import claimkit as ck
    >>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
    >>> killed = ck.Claim(id="killed", measure="killed", subject="russia", period=war,
    ...                   value=ck.Range(190_000, 200_000, "person"))
    >>> wounded = killed.replace(id="wounded", measure="wounded",
    ...                          value=ck.Range(540_000, 560_000, "person"))
    >>> share = killed.replace(id="share", kind="ratio", of="wounded",
    ...                        value=ck.Range(25, 30, "percent"))
    >>> result = least_squares(ck.ClaimSet([killed, wounded, share]), level=0.95)
    >>> [(m.claim, round(m.reconciled, 1)) for m in result.measurements]
    [('killed', 190145.7), ('wounded', 555339.8), ('share', 34.2)]
    """
    ordered, position = canonical(claimset)
    if not ordered.claims:
        return SetReconciliation(
            method="least_squares",
            claimset=claimset,
            reconciled=claimset,
            consistent=True,
            adjustments=(),
            level=level,
            dof=0,
        )
    data = Measured(ordered)
    settled = data.settle()
    claims = data.claims
    everything = sorted(set(data.row_claim[data.measured].tolist()))
    z = data.z_of(everything)
    flagged = serial_elimination(data.z_of, everything, level)
    fits = [data.fit(k, data.comp_rows[k]) for k in data.comps]
    chi2 = math.fsum(f.chi2 for f in fits)
    dof = sum(f.dof for f in fits)
    testable = sum(z.get(c) is not None for c in everything)
    values = data.reconciled(fits)
    determined = data.determined(fits)
    notes = _notes(data, values, determined) + settled
    bad = data.monotone(fits)
    if bad:
        notes.append(
            "the reconciled values need a count to decrease (or go below 0) in "
            f"{bad} independent group(s) of claims: least squares enforces the sums and "
            "time additivity but not monotonicity; method='relax' honours both"
        )
    by_input, adjustments = _rebuild(
        claimset,
        claims,
        position,
        [
            _widen_near(c.value, values.get(i, determined.get(i)), _sd(data.readings[i]))
            for i, c in enumerate(claims)
        ],
    )
    measurements: list[tuple[int, Measurement]] = [
        (
            position[c],
            Measurement(
                claim=claims[c].id,
                source=_source(claims[c]),
                unit=claims[c].value.unit,
                value=found[0],
                sd=found[1],
                reading=found[2],
                reconciled=values[c],
                z=z.get(c),
                flagged=c in flagged,
            ),
        )
        for c, found in enumerate(data.readings)
        if found is not None and c in values
    ]
    return _result(
        "least_squares",
        claimset,
        by_input,
        adjustments,
        measurements=tuple(m for _, m in sorted(measurements, key=lambda t: t[0])),
        level=level,
        chi2=chi2 if dof > 0 else None,
        dof=dof,
        p_value=chi2_sf(chi2, dof) if dof > 0 else None,
        critical=sidak_critical(level, testable) if testable else None,
        suspect=_suspect(claims, z, flagged),
        notes=tuple(notes),
    )
