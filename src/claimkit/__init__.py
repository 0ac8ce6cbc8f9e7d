"""claimkit: model conflicting statistical claims.

Hedged figures ("over one million", "about 700,000") become immutable, unit-aware
ranges; claims about related quantities are checked for consistency and reconciled
with one linear model solved by HiGHS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimkit.claims import (
    ClaimSet,
    HedgePolicy,
    Quantity,
    RatioReading,
    Source,
    Sum,
    as_many_as,
    at_least_as_many_as,
    at_most_as_many_as,
    change,
    fewer_than,
    highest_month,
    more_than,
    parse_quantity,
    parse_ratio,
)
from claimkit.claims.claim import Claim
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
from claimkit.values import Period, Range, define_count_unit

if TYPE_CHECKING:
    import pint

    from claimkit.engine import Comparison, Finding, QuantityBounds, Report, check
    from claimkit.files import dump, dumps, load, loads
    from claimkit.reconciliation import (
        Adjustment,
        Measurement,
        Reconciliation,
        SetReconciliation,
        reconcile,
    )

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
    "Quantity",
    "QuantityBounds",
    "Range",
    "RatioReading",
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
    "as_many_as",
    "at_least_as_many_as",
    "at_most_as_many_as",
    "change",
    "check",
    "define_count_unit",
    "dump",
    "dumps",
    "fewer_than",
    "highest_month",
    "load",
    "loads",
    "more_than",
    "parse_quantity",
    "parse_ratio",
    "reconcile",
    "ureg",
]


#: The names loaded on first use (PEP 562), and the subpackage each comes from: the
#: engine, reconciliation and claims files are not imported by ``import claimkit``.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("Comparison", "Finding", "QuantityBounds", "Report", "check"), "engine"),
    **dict.fromkeys(("dump", "dumps", "load", "loads"), "files"),
    **dict.fromkeys(
        ("Adjustment", "Measurement", "Reconciliation", "SetReconciliation", "reconcile"),
        "reconciliation",
    ),
}


def __getattr__(name: str) -> Any:
    # ``claimkit.ureg`` is pint's application registry with claimkit's units; it is
    # looked up on access so that the registry is built on first use, not at import.
    if name == "ureg":
        from claimkit.values.units import get_registry

        return get_registry()
    package = _LAZY.get(name)
    if package is not None:
        import importlib

        value = getattr(importlib.import_module(f"claimkit.{package}"), name)
        if name == "check":
            value = _TakingTables(value)
        globals()[name] = value
        return value
    msg = f"module 'claimkit' has no attribute {name!r}"
    raise AttributeError(msg)


class _TakingTables:
    """``claimkit.check``: the engine's check, which takes a data frame too.

    A pandas DataFrame or a pyarrow Table, told by the module of its type so that
    nothing else imports pandas, is checked from its columns by
    :func:`claimkit.tables.check_table`; anything else goes to the engine's check,
    whose name, documentation and signature this one carries. It pickles as
    ``claimkit.check``, as a function does.
    """

    def __init__(self, check: Any) -> None:
        import functools

        functools.update_wrapper(self, check)
        self._engine_check = check

    def __call__(self, claims: Any, **options: Any) -> Any:
        if type(claims).__module__.partition(".")[0] in ("pandas", "pyarrow"):
            import importlib

            return importlib.import_module("claimkit.tables").check_table(claims, **options)
        return self._engine_check(claims, **options)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_check, ())


def _check() -> Any:
    """Return ``claimkit.check`` (what it pickles as)."""
    import sys

    return sys.modules[__name__].check


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:
    ureg: pint.UnitRegistry[Any]
