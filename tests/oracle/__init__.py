"""An independent oracle for :func:`claimkit.check`: a per-day linear program.

It shares no code with ``claimkit.engine``: it reads claims and relations through
their public attributes only, converts units with its own exact table, and solves a
different model (one variable per leaf series per day) with ``scipy.optimize.linprog``.
See :mod:`tests.oracle.perday` for the model and its tolerances.
"""

from __future__ import annotations

from tests.oracle.perday import (
    CERTAIN_CLEARANCE,
    CLEARANCE,
    ENGINE_TOLERANCE,
    INFEASIBLE_ABOVE,
    Oracle,
    OracleError,
    Verdict,
    unit_factors,
)

__all__ = [
    "CERTAIN_CLEARANCE",
    "CLEARANCE",
    "ENGINE_TOLERANCE",
    "INFEASIBLE_ABOVE",
    "Oracle",
    "OracleError",
    "Verdict",
    "unit_factors",
]
