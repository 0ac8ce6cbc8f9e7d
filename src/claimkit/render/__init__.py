"""Rendering: reports and reconciliations as text, Markdown and JSON data.

:mod:`~claimkit.render.report` renders a :class:`~claimkit.engine.report.Report`,
:mod:`~claimkit.render.reconciliation` the reconciliation results; both share the
schema version and the tables of :mod:`claimkit.render._common`. The result types'
``to_text``-style methods call into this layer.

May import: :mod:`claimkit.reconciliation`, :mod:`claimkit.engine`,
:mod:`claimkit.claims`, :mod:`claimkit.values`, :mod:`claimkit.errors`.
"""

from __future__ import annotations

from claimkit.render._common import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
]
