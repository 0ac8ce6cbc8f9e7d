"""Rendering: reports and reconciliations as text, Markdown and JSON data.

:mod:`~claimkit.render.report` renders a :class:`~claimkit.engine.report.Report`,
:mod:`~claimkit.render.reconciliation` the reconciliation results; both share the
schema version and the tables of ``claimkit.render._common``. The result types'
``to_text``-style methods call into this layer.

May import: ``claimkit.reconciliation``, ``claimkit.engine``,
``claimkit.claims``, ``claimkit.values``, ``claimkit.errors``.
"""

from __future__ import annotations

from claimkit.render._common import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
]
