"""Ratio claims in the per-day oracle: rows with coefficients, read independently.

A ratio claim ``lo <= N / D <= hi`` (``N`` the claim's measure of its subject over its
period, ``D`` the quantity its ``of`` names) is, for ``D > 0``, linear in the daily
counts:

* ``N - hi * D <= 0`` (strict when ``hi`` is open), if ``hi`` is finite;
* ``N - lo * D >= 0`` (strict when ``lo`` is open), if ``lo > 0``, or ``lo = 0`` open;
* ``D >= least``: the denominator is above 0. ``least`` is a millionth of the largest
  claim of the group the denominator belongs to (the smallest figure claimkit tells
  from 0 beside it), or 1 in a group whose rows all have size 0 (ratio claims alone,
  whose counts have no scale: any positive multiple of a solution is one).

Ratios in ``percent`` are a hundredth of the figure, exactly; ``basis="rate"`` divides
each total by its span's length in days, so ``D``'s coefficient is multiplied by
``days(N) / days(D)``. A ratio row's bounds (0) give it no size: its sigma is the
largest claim of its group times ``max(1, coefficient of D)``, the scale claimkit
documents for it, and a strict end is cleared by ``CLEARANCE`` of that. The row
``D >= least`` is held to the group's largest claim too: its own size (a millionth of
that) would set ``D``'s column scale so fine that a small ratio's coefficient of ``D``
(``r`` times a millionth) fell below what HiGHS keeps (1e-9), and the oracle found
"N is 1 and N / D is 0.0009" infeasible.

Only the claim's public attributes are read (``measure``, ``subject``, ``period``,
``of``, ``basis``, ``value``); nothing of ``claimkit.engine`` is used.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.oracle.perday import Oracle, Row

__all__ = ["coefficients", "ratio_rows", "settle"]

#: The ratio units the oracle reads, as exact factors to a pure number.
RATIO_UNITS = {"dimensionless": Fraction(1), "percent": Fraction(1, 100)}
#: The least denominator, as a fraction of the largest claim of its group.
LEAST = Fraction(1, 10**6)


def coefficients(claim: Any) -> tuple[float, float]:
    """Return ``D``'s coefficients ``lo * g`` and ``hi * g``, each rounded once."""
    factor = RATIO_UNITS.get(claim.value.unit)
    if factor is None:
        from tests.oracle.perday import OracleError

        raise OracleError(f"claim {claim.id!r}: ratio unit {claim.value.unit!r}")
    g = Fraction(1)
    if claim.basis == "rate":
        g = Fraction(claim.period.days, claim.of.period.days)
    lo, hi = claim.value.lo, claim.value.hi
    low = 0.0 if lo <= 0 else float(Fraction(lo) * factor * g)
    high = math.inf if math.isinf(hi) else float(Fraction(hi) * factor * g)
    return low, high


def ratio_rows(oracle: Oracle, claim: Any) -> list[Row]:
    """Return the rows of a ratio claim (the denominator's ``least`` left at 0)."""
    from tests.oracle.perday import Row, _days

    of = claim.of
    num = oracle.cells(claim.measure, claim.subject, _days(claim.period.start, claim.period.end))
    den = oracle.cells(of.measure, of.subject, _days(of.period.start, of.period.end))
    low, high = coefficients(claim)
    rows = []
    if math.isfinite(high):
        rows.append((high, -math.inf, 0.0, False, claim.value.hi_open))
    if low > 0 or (claim.value.lo == 0 and claim.value.lo_open):
        rows.append((low, 0.0, math.inf, claim.value.lo_open, False))
    out = [
        Row(
            claim=claim.id,
            cells=num + den,
            lo=lo,
            hi=hi,
            lo_open=lo_open,
            hi_open=hi_open,
            coefs=(1.0,) * len(num) + (-r,) * len(den),
            multiple=max(1.0, r),
        )
        for r, lo, hi, lo_open, hi_open in rows
    ]
    positive = Row(claim=claim.id, cells=den, lo=0.0, hi=math.inf, lo_open=False,
                   hi_open=False, positive=True)  # fmt: skip
    return [*out, positive]


def settle(rows: list[Row]) -> list[Row]:
    """Return the rows with each denominator's ``least`` set from its group."""
    if not any(row.positive for row in rows):
        return rows
    from tests.oracle.perday import group_largest

    out = []
    for row, top in zip(rows, group_largest(rows), strict=True):
        least = float(Fraction(top) * LEAST) if top > 0 else 1.0
        out.append(replace(row, lo=least) if row.positive else row)
    return out
