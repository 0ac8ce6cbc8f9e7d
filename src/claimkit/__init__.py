"""claimkit: model conflicting statistical claims.

Hedged figures ("over one million", "about 700,000") become immutable, unit-aware
ranges; claims about related quantities are checked for consistency and reconciled
with one linear model solved by HiGHS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimkit.checks import Comparison, Finding, QuantityBounds, Report, check
from claimkit.claim import Claim
from claimkit.claimset import ClaimSet
from claimkit.errors import (
    ClaimkitError,
    ClaimsFileError,
    IncompatibleUnitsError,
    InvalidArgumentError,
    InvalidClaimError,
    InvalidPeriodError,
    InvalidRangeError,
    MissingDependencyError,
    NumericalError,
    PhraseError,
    ReconciliationError,
    RelationError,
    UnitError,
    UnknownIdError,
)
from claimkit.hedges import HedgePolicy, parse_quantity
from claimkit.io import dump, dumps, load, loads
from claimkit.period import Period
from claimkit.range import Range
from claimkit.reconciliation import (
    Adjustment,
    Measurement,
    Reconciliation,
    SetReconciliation,
    reconcile,
)
from claimkit.relations import Sum
from claimkit.source import Source
from claimkit.units import define_count_unit

if TYPE_CHECKING:
    import pint

__version__ = "0.1.0.dev0"

__all__ = [
    "Adjustment",
    "Claim",
    "ClaimSet",
    "ClaimkitError",
    "ClaimsFileError",
    "Comparison",
    "Finding",
    "HedgePolicy",
    "IncompatibleUnitsError",
    "InvalidArgumentError",
    "InvalidClaimError",
    "InvalidPeriodError",
    "InvalidRangeError",
    "Measurement",
    "MissingDependencyError",
    "NumericalError",
    "Period",
    "PhraseError",
    "QuantityBounds",
    "Range",
    "Reconciliation",
    "ReconciliationError",
    "RelationError",
    "Report",
    "SetReconciliation",
    "Source",
    "Sum",
    "UnitError",
    "UnknownIdError",
    "__version__",
    "check",
    "define_count_unit",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_quantity",
    "reconcile",
    "ureg",
]


def __getattr__(name: str) -> Any:
    # ``claimkit.ureg`` is pint's application registry with claimkit's units; it is
    # looked up on access so that the registry is built on first use, not at import.
    if name == "ureg":
        from claimkit.units import get_registry

        return get_registry()
    msg = f"module 'claimkit' has no attribute {name!r}"
    raise AttributeError(msg)


if TYPE_CHECKING:
    ureg: pint.UnitRegistry[Any]
