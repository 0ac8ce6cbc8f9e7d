"""Claim tables: claim sets from data frames, and claims and results as data frames.

:func:`from_frame` reads a pandas DataFrame or a pyarrow Table, one row per claim,
into a :class:`~claimkit.claims.claimset.ClaimSet`; :func:`to_frame` turns a claim
set, a report or a reconciliation into a DataFrame, :func:`findings_frame` a report's
findings and :func:`bounds_frame` its bounds. :func:`check_table` checks a table
straight from its columns, without a claim object per row (:func:`table_claims`
reads it so). The columns are the claims file's field names (:data:`COLUMNS`);
the reference page *Claim tables* describes them. pandas and pyarrow are optional
(``pip install 'claimkit[tables]'``); ``import claimkit`` imports neither.

May import: ``claimkit.files`` and ``claimkit.render`` (the same layer),
``claimkit.reconciliation``, ``claimkit.engine``, ``claimkit.claims``,
``claimkit.values``, ``claimkit.errors``.
"""

from __future__ import annotations

from claimkit.files._table import COLUMNS, MAX_ROW_ERRORS, SOURCE_COLUMNS
from claimkit.tables.columnar import check_table, table_claims
from claimkit.tables.frames import (
    adjustment_columns,
    bounds_columns,
    bounds_frame,
    finding_columns,
    findings_frame,
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
    "check_table",
    "finding_columns",
    "findings_frame",
    "from_frame",
    "table_claims",
    "to_frame",
]
