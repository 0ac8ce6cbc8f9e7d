"""The engine: claims as one linear model, decided with HiGHS, and the Report.

:mod:`~claimkit.engine.model` turns a claim set into linear rows over cumulative
counts, held with their components and scales by :mod:`~claimkit.engine.matrix`,
:mod:`~claimkit.engine.highs` makes the calls into HiGHS,
:mod:`~claimkit.engine.propagate` finds fast sound bounds,
:mod:`~claimkit.engine.components` decides components, finds irreducible conflict
sets and exact bounds, :mod:`~claimkit.engine.findings` builds the local findings,
:mod:`~claimkit.engine.margins` holds the one rule for stretching and shrinking a
range, and :mod:`~claimkit.engine.report` the result types. The entry point,
:func:`~claimkit.engine.checking.check`, is in :mod:`~claimkit.engine.checking`.

May import: ``claimkit.claims``, ``claimkit.values``, ``claimkit.errors``;
highspy only inside functions.
"""

from __future__ import annotations

from claimkit.engine.checking import check
from claimkit.engine.report import Comparison, Finding, QuantityBounds, Report

__all__ = [
    "Comparison",
    "Finding",
    "QuantityBounds",
    "Report",
    "check",
]
