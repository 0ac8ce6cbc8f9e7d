"""Reconciling a claim table on a Dask cluster: :func:`reconcile` and its result."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import attrs

from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.claims.relations import Sum
from claimkit.distributed import _settle
from claimkit.distributed._cluster import Runner
from claimkit.distributed._deps import dask_modules
from claimkit.distributed._input import Prepared, prepare
from claimkit.distributed._merge import bad_rows
from claimkit.distributed._settle import Settings, Settled, settle_part
from claimkit.distributed._tasks import FAILURE_TYPES, Failure, range_types, typed
from claimkit.distributed.checking import read_claims
from claimkit.errors import InvalidArgumentError
from claimkit.reconciliation import reconcile as reconcile_claims
from claimkit.reconciliation.drop import MAX_ALTERNATIVES, TIME_LIMIT
from claimkit.reconciliation.results import SetMethod, SetReconciliation
from claimkit.tables import adjustment_columns

__all__ = ["DistributedReconciliation", "reconcile"]

_METHODS = ("relax", "least_squares", "drop")
#: The columns of the adjustments frame and their types (see ``_tasks.FINDING_TYPES``).
ADJUSTMENT_TYPES: dict[str, str] = {
    "component": "int64",
    "row": "int64",
    "claim": "text",
    "source": "text",
    "weight": "float64",
    "unit": "text",
    "stretch": "float64",
    "moved": "bool",
    **range_types(("original", "adjusted"), "bool"),
    "dropped": "bool",
}


def _adjustments(part: Settled) -> Any:
    columns: dict[str, list[Any]] = {name: [] for name in ADJUSTMENT_TYPES}
    for result in part.pieces:
        found = adjustment_columns(result.adjustments)
        for name, cells in found.items():
            columns[name].extend(cells)
        dropped = set(result.dropped)
        for a in result.adjustments:
            columns["component"].append(part.components[a.claim])
            columns["row"].append(part.rows[a.claim])
            columns["dropped"].append(a.claim in dropped)
    return typed(columns, ADJUSTMENT_TYPES).sort_values("row", kind="stable")


def _summary(part: Settled) -> Settled:
    """Return a partition's result without what the driver does not need."""
    light = [
        attrs.evolve(
            r,
            claimset=ClaimSet(()),
            reconciled=ClaimSet(()),
            adjustments=tuple(a for a in r.adjustments if a.moved),
            measurements=(),
        )
        for r in part.pieces
    ]
    moved = {a.claim for r in light for a in r.adjustments} | {
        c for r in part.pieces for c in (*r.dropped, *(c for a in r.alternatives for c in a))
    }
    keep = {c: part.components[c] for c in moved} | {
        c: k for c, k in part.components.items() if k in part.traces
    }
    return attrs.evolve(part, pieces=tuple(light), rows={}, components=keep)


@attrs.frozen(eq=False, repr=False)
class DistributedReconciliation:
    """The result of :ref:`reconcile() <distributed-reconcile>`: figures here, rows on the cluster.

    Attributes
    ----------
    method : str
        ``"relax"``, ``"least_squares"`` or ``"drop"``.
    consistent : bool or None
        Whether the reconciled claims pass the engine's check, as
        :attr:`SetReconciliation.consistent
        <claimkit.reconciliation.results.SetReconciliation.consistent>`; None when
        some component could not be reconciled (see ``failures``).
    claims, partitions : int
        The rows of the table, and the partitions it was reconciled in.
    moved : int
        How many claims changed (or, for ``"drop"``, were set aside).
    total_slack : float or None
        ``"relax"``: the sum of the weighted relative slacks.
    chi2, dof, p_value, critical, suspect, flagged
        ``"least_squares"``: the global test, the critical value of the measurement
        test, the claim most likely in gross error and every claim flagged.
    dropped, alternatives, optimal, drop_weight
        ``"drop"``: as in :class:`~claimkit.reconciliation.results.SetReconciliation`.
    notes : tuple of str
        Readings and remarks, and one per component not reconciled.
    failures : pandas.DataFrame
        One row per component that could not be reconciled (as
        :attr:`DistributedReport.failures <claimkit.distributed.DistributedReport.failures>`).
    adjustments : dask.dataframe.DataFrame
        One row per claim: the columns of :func:`claimkit.tables.adjustment_columns`,
        and ``component``, ``row`` (the claim's row in the table; each partition is
        in the order of its rows) and ``dropped``.
    """

    method: str
    consistent: bool | None
    claims: int
    partitions: int
    moved: int
    total_slack: float | None
    chi2: float | None
    dof: int | None
    p_value: float | None
    critical: float | None
    suspect: str | None
    flagged: tuple[str, ...]
    dropped: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]
    optimal: bool | None
    drop_weight: float | None
    notes: tuple[str, ...]
    failures: Any
    adjustments: Any
    _prepared: Prepared = attrs.field(alias="prepared")
    _results: Sequence[Any] = attrs.field(alias="results")
    _runner: Runner = attrs.field(alias="runner")
    _settings: Settings = attrs.field(alias="settings")

    def __repr__(self) -> str:
        done = "set aside" if self.method == "drop" else "moved"
        return (
            f"<DistributedReconciliation {self.method}: {self.claims} claims in "
            f"{self.partitions} partitions, {self.moved} {done}>"
        )

    def compute(self) -> SetReconciliation:
        """Collect the whole reconciliation on the driver, as one machine's reconcile gives it.

        Returns
        -------
        SetReconciliation
        """
        parts: list[Settled] = self._runner.compute([_list(self._results)])[0]
        claimset = read_claims(self._prepared, self._runner)
        adjustments = _settle.in_table_order(parts, lambda r: r.adjustments, _settle.adjustment_key)
        measurements = [
            attrs.evolve(m, flagged=m.claim in self.flagged)
            for m in _settle.in_table_order(parts, lambda r: r.measurements, lambda m: m.claim)
        ]
        by_id = {c.id: c for r in (p for part in parts for p in part.pieces) for c in r.reconciled}
        gone = set(self.dropped)
        reconciled = ClaimSet(
            [by_id.get(c.id, c) for c in claimset.claims if c.id not in gone],
            relations=claimset.relations,
        )
        return SetReconciliation(
            method=self.method,
            claimset=claimset,
            reconciled=reconciled,
            consistent=bool(self.consistent),
            adjustments=tuple(adjustments),
            total_slack=self.total_slack,
            measurements=tuple(measurements),
            level=self._settings.level if self.method == "least_squares" else None,
            chi2=self.chi2,
            dof=self.dof,
            p_value=self.p_value,
            critical=self.critical,
            suspect=self.suspect,
            dropped=self.dropped,
            alternatives=self.alternatives,
            optimal=self.optimal,
            by="claim" if self.method == "drop" else None,
            drop_weight=self.drop_weight,
            notes=self.notes,
        )


def _list(items: Sequence[Any]) -> Any:
    dask, _, _ = dask_modules("claimkit.distributed")
    return dask.delayed(list)(list(items))


def _check_options(method: str, level: float, by: str, max_alternatives: int,
                   time_limit: float) -> None:  # fmt: skip
    given: object = method
    if given not in _METHODS:
        msg = (
            f"claimkit.distributed.reconcile(): method must be one of "
            f"{', '.join(map(repr, _METHODS))} (the methods for a whole claim set), got "
            f"{method!r}"
        )
        raise InvalidArgumentError(msg)
    if by != "claim":
        msg = (
            f"claimkit.distributed.reconcile(): by={by!r} is not offered on a cluster: a "
            "source's claims may lie in many components, which are reconciled apart; use "
            "by='claim', or claimkit.reconcile on one machine"
        )
        raise InvalidArgumentError(msg)
    # The options are checked as claimkit.reconcile checks them, on no claims.
    reconcile_claims(ClaimSet(()), method=method, level=level, max_alternatives=max_alternatives,
                     time_limit=time_limit)  # type: ignore[call-overload]  # fmt: skip


def reconcile(
    table: Any,
    method: str,
    *,
    client: Any = None,
    npartitions: int | None = None,
    relations: Iterable[Sum] = (),
    columns: Mapping[str, str] | None = None,
    unit: str | None = None,
    policy: HedgePolicy | Mapping[str, Any] | None = None,
    start: datetime.date | None = None,
    sources: Any = None,
    level: float = 0.95,
    by: str = "claim",
    max_alternatives: int = MAX_ALTERNATIVES,
    time_limit: float = TIME_LIMIT,
    progress: bool = False,
) -> DistributedReconciliation:
    """Reconcile a table of claims on a Dask cluster, with the result of one machine.

    Components are reconciled apart, partition by partition (see
    :ref:`check() <distributed-check>` for how the table is read and split), and
    what the method decides over the whole set is decided again from their results:
    the total slack, the chi-square test and the serial elimination of claims in
    gross error, and the claims set aside with their alternatives.

    Parameters
    ----------
    table : dask.dataframe.DataFrame, str, list of str, pandas.DataFrame or pyarrow.Table
        The claims, as for :ref:`check() <distributed-check>`.
    method : str
        ``"relax"``, ``"least_squares"`` or ``"drop"`` (see
        :func:`~claimkit.reconciliation.api.reconcile`).
    client, npartitions, relations, columns, unit, policy, start, sources, progress
        As for :ref:`check() <distributed-check>`.
    level, max_alternatives, time_limit
        As for :func:`~claimkit.reconciliation.api.reconcile` (``time_limit`` applies to
        each group).
    by : str, default "claim"
        ``"drop"`` sets aside claims; ``"source"`` is not offered on a cluster (a
        source's claims may be in many components).

    Returns
    -------
    DistributedReconciliation

    Raises
    ------
    InvalidArgumentError
        If the method is not a whole-set method, ``by`` is not ``"claim"``, or an
        option is not of its type.
    ClaimsFileError, RelationError, MissingDependencyError
        As :ref:`check() <distributed-check>` raises them.

    Examples
    --------
    >>> import pandas as pd
    >>> from claimkit.distributed import reconcile
    >>> table = pd.DataFrame({
    ...     "id": ["a", "b", "c"],
    ...     "measure": ["killed", "killed", "wounded"],
    ...     "subject": ["x", "x", "x"],
    ...     "period": ["2024-11", "2024-11", "2024-11"],
    ...     "lo": [100, 120, 50], "hi": [110, 130, 60],
    ... })
    >>> result = reconcile(table, "relax")
    >>> result.moved, result.consistent
    (1, True)
    >>> result.adjustments[["claim", "moved"]].compute().to_numpy().tolist()
    [['a', False], ['b', True], ['c', False]]
    >>> whole = result.compute()  # a SetReconciliation, as claimkit.reconcile gives
    >>> whole.moved[0].claim, round(whole.total_slack, 4)
    ('b', 0.0833)
    """
    what = "claimkit.distributed.reconcile()"
    _check_options(method, level, by, max_alternatives, time_limit)
    runner = Runner.of(client, progress, what)
    settings = Settings(
        cast("SetMethod", method), float(level), int(max_alternatives), float(time_limit)
    )
    prepared = prepare(table, npartitions=npartitions, relations=relations, columns=columns,
                       unit=unit, policy=policy, start=start, sources=sources, single=0,
                       what=what)  # fmt: skip
    dask, dd, _ = dask_modules(what)
    delayed = dask.delayed
    tasks = [delayed(settle_part, pure=False)(p, prepared.reading, settings)
             for p in prepared.frame.to_delayed()]  # fmt: skip
    results = runner.persist(tasks)
    summaries: list[Settled] = runner.compute([_list([delayed(_summary)(r) for r in results])])[0]
    error = bad_rows(summaries)
    if error is not None:
        raise error
    pieces = [r for s in summaries for r in s.pieces]
    failures: list[Failure] = [f for s in summaries for f in s.failures]
    dropped = tuple(sorted(c for r in pieces for c in r.dropped))
    moved = len(dropped) if method == "drop" else sum(len(r.adjustments) for r in pieces)
    fields: dict[str, Any] = dict.fromkeys(("total_slack", "chi2", "dof", "p_value", "critical",
                                            "suspect", "optimal", "drop_weight"))  # fmt: skip
    flags: set[str] = set()
    alternatives: list[tuple[str, ...]] = []
    notes = [n for r in pieces for n in r.notes]
    if method == "relax":
        fields["total_slack"] = math.fsum(r.total_slack or 0.0 for r in pieces)
    elif method == "least_squares":
        fields.update(_settle.totals(summaries, settings.level))
        flags = _settle.flagged(summaries, settings.level)
        fields["suspect"] = _settle.suspect_of(summaries, flags)
    else:
        alternatives, more = _settle.combined_alternatives(summaries, settings.max_alternatives)
        notes = [n for n in notes if not n.startswith("more sets of the same weight")]
        if more:
            notes.append(
                f"more sets of the same weight may exist than the {max_alternatives} "
                "alternatives listed (raise max_alternatives to see more)"
            )
        fields["optimal"] = all(r.optimal is not False for r in pieces)
        fields["drop_weight"] = math.fsum(r.drop_weight or 0.0 for r in pieces)
    consistent: bool | None = all(r.consistent for r in pieces)
    if failures and consistent:
        consistent = None
    adjustments = dd.from_delayed(
        [delayed(_adjustments)(r) for r in results],
        meta=typed({}, ADJUSTMENT_TYPES),
        verify_meta=False,
    )
    failure_columns = {name: [getattr(f, name) for f in failures] for name in FAILURE_TYPES}
    return DistributedReconciliation(
        method=method,
        consistent=consistent,
        claims=prepared.rows,
        partitions=prepared.npartitions,
        moved=moved,
        flagged=tuple(sorted(flags)),
        dropped=dropped,
        alternatives=tuple(alternatives),
        notes=_settle.merge_notes(notes, changed=moved > 0, failures=failures),
        failures=typed(failure_columns, FAILURE_TYPES),
        adjustments=adjustments,
        prepared=prepared,
        results=results,
        runner=runner,
        settings=settings,
        **fields,
    )
