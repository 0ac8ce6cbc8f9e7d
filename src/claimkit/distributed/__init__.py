"""Claim tables past one machine: check and reconcile them on a Dask cluster.

Claims that share no series cannot bear on each other, so a claim table splits
into independent *components*, decided from the relations and the distinct
(measure, subject) pairs alone (:mod:`claimkit.distributed.components`). The rows
are sent, component by component, to the partitions of a Dask DataFrame; each
partition is checked (or reconciled) on a worker by the single-machine code, and
the results are put together into the answers one machine would give.

:ref:`check() <distributed-check>` returns a :class:`DistributedReport`: the
verdict and the counts, and the findings and bounds as Dask DataFrames that stay on
the cluster (write them with ``to_parquet``); ``report.compute()`` is the in-memory
:class:`~claimkit.engine.report.Report`. :ref:`reconcile() <distributed-reconcile>`
does the same for the whole-set methods of :func:`~claimkit.reconciliation.api.reconcile`.

dask and distributed are an optional extra, ``pip install 'claimkit[distributed]'``;
``import claimkit`` does not import them, and without them these functions raise
:class:`~claimkit.errors.MissingDependencyError`. The how-to "Check claims on a
cluster" is a walk-through.

May import: every layer below (``claimkit.tables``, ``claimkit.files``,
``claimkit.render``, ``claimkit.reconciliation``, ``claimkit.engine``,
``claimkit.claims``, ``claimkit.values``, ``claimkit.errors``).
"""

from __future__ import annotations

from claimkit.distributed.checking import DistributedReport, check
from claimkit.distributed.components import MAX_PIECE_PAIRS, component_keys
from claimkit.distributed.reconciling import DistributedReconciliation, reconcile

__all__ = [
    "MAX_PIECE_PAIRS",
    "DistributedReconciliation",
    "DistributedReport",
    "check",
    "component_keys",
    "reconcile",
]
