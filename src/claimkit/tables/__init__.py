"""Claim tables: claim sets from data frames, and claims and results as data frames.

:func:`from_frame` reads a pandas DataFrame or a pyarrow Table, one row per claim,
into a :class:`~claimkit.claims.claimset.ClaimSet`; :func:`to_frame` turns a claim
set, a report or a reconciliation into a DataFrame, and :func:`bounds_frame` a
report's bounds. The columns are the claims file's field names (:data:`COLUMNS`);
the reference page *Claim tables* describes them. pandas and pyarrow are optional
(``pip install 'claimkit[tables]'``); ``import claimkit`` imports neither.

May import: ``claimkit.files`` and ``claimkit.render`` (the same layer),
``claimkit.reconciliation``, ``claimkit.engine``, ``claimkit.claims``,
``claimkit.values``, ``claimkit.errors``.
"""

from __future__ import annotations

from claimkit.files._table import COLUMNS, MAX_ROW_ERRORS, SOURCE_COLUMNS
from claimkit.tables.frames import (
    adjustment_columns,
    bounds_columns,
    bounds_frame,
    finding_columns,
    from_frame,
    to_frame,
)

__all__ = [
    "COLUMNS",
    "MAX_ROW_ERRORS",
    "SOURCE_COLUMNS",
    "adjustment_columns",
    "bounds_columns",
    "bounds_frame",
    "finding_columns",
    "from_frame",
    "to_frame",
]
