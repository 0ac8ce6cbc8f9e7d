"""Reconciliation: one figure from claims about one quantity, or a consistent claim set.

:mod:`~claimkit.reconciliation.results` holds the result types,
:mod:`~claimkit.reconciliation.one` the methods for one quantity (intersection,
hull, stretch, weighted), :mod:`~claimkit.reconciliation.whole` those for a whole
set (minimal relaxation, least squares), :mod:`~claimkit.reconciliation.drop` the
fewest claims or sources to set aside, and :mod:`~claimkit.reconciliation.api` the
entry point :func:`reconcile`.

May import: ``claimkit.engine``, ``claimkit.claims``, ``claimkit.values``,
``claimkit.errors``; scipy and highspy only inside functions.
"""

from __future__ import annotations

from claimkit.reconciliation.api import reconcile
from claimkit.reconciliation.results import (
    Adjustment,
    Measurement,
    Reconciliation,
    SetReconciliation,
)

__all__ = [
    "Adjustment",
    "Measurement",
    "Reconciliation",
    "SetReconciliation",
    "reconcile",
]
