"""Checking a claim table on a Dask cluster: :func:`check` and :class:`DistributedReport`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.claims.relations import Sum
from claimkit.distributed import _merge
from claimkit.distributed._cluster import Runner
from claimkit.distributed._deps import dask_modules
from claimkit.distributed._input import Prepared, prepare
from claimkit.distributed._tasks import (
    BOUNDS_TYPES,
    FAILURE_TYPES,
    FINDING_TYPES,
    GROUP_TYPES,
    Failure,
    Options,
    PartResult,
    check_part,
    typed,
)
from claimkit.engine.checking import check as check_claims
from claimkit.engine.groups import Group
from claimkit.engine.report import (
    EXACT_BOUNDS_ROWS,
    MAX_CONFLICTS,
    TENSION,
    Comparison,
    Finding,
    QuantityBounds,
    Report,
    ReportContent,
)
from claimkit.errors import ClaimsFileError
from claimkit.values.period import Period
from claimkit.values.range import Range

__all__ = ["DistributedReport", "check", "read_claims"]

_VERDICTS = ("conflict", "tension", "consistent")


def read_claims(prepared: Prepared, runner: Runner) -> ClaimSet:
    """Read every row of a prepared table into one claim set, on the driver."""
    frame = runner.compute([prepared.frame])[0]
    return prepared.reading.read(frame, relations=True)[0]


def _summary(result: PartResult) -> PartResult:
    """Return a partition's result without its frames and comparisons (small, for the driver)."""
    return attrs.evolve(result, findings=None, bounds=None, groups=None, comparisons=())


def _findings(result: PartResult, allowed: Mapping[str, int]) -> Any:
    return _merge.kept(result.findings, allowed)


#: The columns the frames hold for :meth:`DistributedReport.compute` only: the claims of
#: each row as a list (a list column does not come back from Parquet through pandas),
#: and the rank of a conflict set in its group.
_INTERNAL = ("claim_ids", "_rank")


def _public(frame: Any) -> Any:
    return frame.drop(columns=[c for c in _INTERNAL if c in frame.columns])


def _bounds(result: PartResult, exact: bool) -> Any:
    import pandas as pd

    if exact:
        return result.bounds
    out = result.bounds.copy()
    for end in ("lo", "hi"):
        out[f"exact_{end}"] = float("nan")
        out[f"exact_{end}_open"] = pd.Series(pd.NA, index=out.index, dtype="boolean")
    return out


def _groups(result: PartResult) -> Any:
    return result.groups


def _comparisons(result: PartResult) -> tuple[Comparison, ...]:
    return result.comparisons


@attrs.frozen(eq=False, repr=False)
class DistributedReport:
    """The result of :ref:`check() <distributed-check>`: figures here, rows on the cluster.

    Attributes
    ----------
    consistent : bool or None
        True when all the claims checked can hold at once; None when no claim
        conflicts but some component could not be checked (see ``failures``).
    counts : dict
        How many findings have each verdict (``consistent``, ``tension``,
        ``conflict``), as :meth:`Report.counts <claimkit.engine.report.Report.counts>`.
    claims : int
        The rows of the table.
    components : int
        The independent groups of claims (as :attr:`Report.components
        <claimkit.engine.report.Report.components>`).
    partitions : int
        The partitions the table was checked in.
    exact : bool
        Whether ``bounds`` hold exact bounds (as they do when the whole model has at
        most ``exact_bounds`` rows).
    notes : tuple of str
        Remarks on the check, as :attr:`Report.notes
        <claimkit.engine.report.Report.notes>`, and one per component not checked.
    failures : pandas.DataFrame
        One row per component whose check failed: ``component``, ``claims`` (how
        many), ``first`` (its first claim), ``error`` (the exception's type) and
        ``message``.
    findings : dask.dataframe.DataFrame
        One row per finding: the columns of :func:`claimkit.tables.to_frame` for a
        report, and ``component``, ``group`` (the first claim of the finding's
        independent group) and ``claim_ids`` (a list).
    bounds : dask.dataframe.DataFrame
        One row per quantity a claim mentions: the columns of
        :func:`claimkit.tables.bounds_frame`, ``component`` and ``claim_ids``; the
        ``exact_*`` columns are empty when ``exact`` is False.
    groups : dask.dataframe.DataFrame
        One row per independent group: ``component``, ``group`` (its first claim),
        ``verdict``, ``margin``, ``exact``, ``claims`` and ``claim_ids``.

    Notes
    -----
    The frames are computed on the workers and stay there: ``findings.to_parquet(...)``
    writes them from the workers without collecting them on the driver.
    :meth:`compute` collects everything into a :class:`~claimkit.engine.report.Report`,
    for results that fit in memory.
    """

    consistent: bool | None
    counts: Mapping[str, int]
    claims: int
    components: int
    partitions: int
    exact: bool
    notes: tuple[str, ...]
    failures: Any
    findings: Any
    bounds: Any
    groups: Any
    _prepared: Prepared = attrs.field(alias="prepared")
    _results: Sequence[Any] = attrs.field(alias="results")
    _runner: Runner = attrs.field(alias="runner")
    _decision: _merge.Decision = attrs.field(alias="decision")
    _options: Options = attrs.field(alias="options")
    _compare: tuple[Comparison, ...] = attrs.field(alias="compare")

    def __repr__(self) -> str:
        verdict = {True: "consistent", False: "inconsistent", None: "not all checked"}
        n = sum(self.counts.values())
        detail = ", ".join(f"{self.counts[v]} {v}" for v in _VERDICTS if self.counts.get(v))
        return (
            f"<DistributedReport: {self.claims} claims in {self.partitions} partitions, "
            f"{verdict[self.consistent]}, {n} finding{'' if n == 1 else 's'}"
            + (f" ({detail})" if detail else "")
            + ">"
        )

    def compute(self) -> Report:
        """Collect the whole report on the driver, as one machine's check returns it.

        The claims are read again, whole, on the driver. Findings come conflicts
        first, then tensions, then consistent ones, and within a verdict by their
        independent group; bounds in the order of their first claim; groups in the
        order of their first claim, as :attr:`Report.groups
        <claimkit.engine.report.Report.groups>`.

        Returns
        -------
        Report
        """
        dask, _, _ = dask_modules("DistributedReport.compute()")
        delayed = dask.delayed
        allowed = self._decision.allowed
        exact = self.exact
        parts = [
            delayed(tuple)(
                [
                    delayed(_findings)(r, allowed),
                    delayed(_bounds)(r, exact),
                    delayed(_groups)(r),
                    delayed(_comparisons)(r),
                ]
            )
            for r in self._results
        ]
        collected = self._runner.compute([delayed(list)(parts)])[0]
        findings_list = [part[0] for part in collected]
        bounds = [row for part in collected for row in part[1].to_dict("records")]
        groups = [row for part in collected for row in part[2].to_dict("records")]
        comparison_list = [part[3] for part in collected]
        claimset = read_claims(self._prepared, self._runner).canonical
        findings = _finding_objects(findings_list, claimset)
        comparisons = sorted((c for part in comparison_list for c in part), key=lambda c: c.claims)
        content = ReportContent.of(
            findings=findings,
            bounds=_bound_objects(bounds),
            groups=_group_objects(groups),
        )
        return Report(
            claimset=claimset,
            consistent=bool(self.consistent),
            comparisons=(*comparisons, *self._compare),
            components=self.components,
            notes=self.notes,
            tension=self._options.tension,
            exact_bounds=self._options.exact_bounds,
            content=content,
        )


def _source_name(claimset: ClaimSet, claim_id: str) -> str | None:
    source = claimset[claim_id].source
    return None if source is None else source.name


def _finding_objects(parts: Sequence[Any], claimset: ClaimSet) -> list[Finding]:
    rows = [row for part in parts for row in part.to_dict("records")]
    kinds = {"conflict-set": 0, "group": 1}
    rows.sort(
        key=lambda r: (
            _VERDICTS.index(r["verdict"]),
            kinds.get(r["kind"], 2),
            r["group"],
            r["_rank"],
        )
    )
    return [
        Finding(
            kind=r["kind"],
            claims=tuple(r["claim_ids"]),
            sources=tuple(_source_name(claimset, c) for c in r["claim_ids"]),
            relation=r["relation"],
            verdict=r["verdict"],
            margin=float(r["margin"]),
            margin_abs=float(r["margin_abs"]),
            unit=r["unit"],
            touching=bool(r["touching"]),
        )
        for r in rows
    ]


def _range(row: Mapping[str, Any], prefix: str, unit: str) -> Range:
    lo, hi = float(row[f"{prefix}_lo"]), float(row[f"{prefix}_hi"])
    if lo > hi:
        return Range.empty(unit)
    return Range(
        lo,
        hi,
        unit,
        lo_open=bool(row[f"{prefix}_lo_open"]),
        hi_open=bool(row[f"{prefix}_hi_open"]),
    )


def _bound_objects(rows: list[dict[str, Any]]) -> list[QuantityBounds]:
    rows.sort(key=lambda r: r["claim_ids"][0])
    out = []
    for r in rows:
        exact = None if r["exact_lo"] != r["exact_lo"] else _range(r, "exact", r["unit"])
        out.append(
            QuantityBounds(
                basis=r["basis"],
                measure=r["measure"],
                subject=r["subject"],
                period=Period(r["start"], r["end"]),
                claims=tuple(r["claim_ids"]),
                propagated=_range(r, "propagated", r["unit"]),
                exact=exact,
            )
        )
    return out


def _group_objects(rows: list[dict[str, Any]]) -> list[Group]:
    rows = sorted(rows, key=lambda r: r["group"])
    return [
        Group(
            claims=tuple(r["claim_ids"]),
            verdict=r["verdict"],
            margin=float(r["margin"]),
            exact=bool(r["exact"]),
        )
        for r in rows
    ]


def _check_options(
    compare: Iterable[Sequence[str]],
    tension: float,
    exact_bounds: int,
    max_conflicts: int | None,
) -> tuple[tuple[str, ...], ...]:
    """Check the options as one machine's check does, on no claims; return the pairs."""
    pairs = () if isinstance(compare, str) else tuple(compare)
    if isinstance(compare, str):
        check_claims([], compare=compare)  # raises the error check() gives
    for item in pairs:
        if not isinstance(item, tuple | list) or len(item) not in (2, 3):
            check_claims([], compare=[item])  # raises the error check() gives
    check_claims([], tension=tension, exact_bounds=exact_bounds, max_conflicts=max_conflicts)
    return tuple(tuple(item) for item in pairs)


def _compared(
    prepared: Prepared, runner: Runner, pairs: tuple[tuple[str, ...], ...]
) -> tuple[Comparison, ...]:
    """Return the comparisons asked for by ``compare``: the claims named are read here."""
    if not pairs:
        return ()
    ids = sorted({i for p in pairs for i in p[:2]})
    column = prepared.id_column
    frame = prepared.frame
    chosen = runner.compute([frame[frame[column].isin(ids)]])[0]
    claims = prepared.reading.read(chosen)[0]
    report = check_claims(claims, compare=pairs)
    return report.comparisons[len(report.comparisons) - len(pairs) :]


def check(
    table: Any,
    *,
    client: Any = None,
    npartitions: int | None = None,
    relations: Iterable[Sum] = (),
    columns: Mapping[str, str] | None = None,
    unit: str | None = None,
    policy: HedgePolicy | Mapping[str, Any] | None = None,
    start: datetime.date | None = None,
    sources: Any = None,
    compare: Iterable[Sequence[str]] = (),
    tension: float = TENSION,
    exact_bounds: int = EXACT_BOUNDS_ROWS,
    max_conflicts: int | None = MAX_CONFLICTS,
    progress: bool = False,
) -> DistributedReport:
    """Check a table of claims on a Dask cluster, with the answers of one machine.

    The rows are grouped by component (claims that share no series cannot bear on
    each other, :mod:`claimkit.distributed.components`), each component goes whole
    to one partition, and each partition is checked on a worker. The verdict,
    every finding (kind, verdict, claims, margin) and every bound are those that
    :func:`~claimkit.engine.checking.check` gives for the whole table.

    Parameters
    ----------
    table : dask.dataframe.DataFrame, str, list of str, pandas.DataFrame or pyarrow.Table
        The claims, one row per claim, in the columns of :func:`claimkit.tables.from_frame`:
        a dask DataFrame (``dd.read_parquet(...)``), the path of a Parquet file, a
        directory or a glob of them (``"data/*.parquet"``, read with their header:
        relations, hedge policy, sources), or a frame in memory.
    client : dask.distributed.Client, optional
        The cluster to run on; by default the client made last in this process, or,
        without one, Dask's local scheduler.
    npartitions : int, optional
        How many partitions to check the components in (by default one per 50,000
        rows, and never more than there are components). A table of at most
        ``exact_bounds`` rows is checked in one partition.
    relations, columns, unit, policy, start, sources
        As for :func:`claimkit.tables.from_frame`.
    compare, tension, exact_bounds, max_conflicts
        As for :func:`~claimkit.engine.checking.check`.
    progress : bool, default False
        Show Dask's progress bar on standard error while the partitions are checked.

    Returns
    -------
    DistributedReport

    Raises
    ------
    ClaimsFileError
        If rows cannot be read (one error lists them, numbered as rows of the whole
        table), an id is used twice, or a measure family is counted in units that do
        not convert.
    RelationError
        If the relations do not form a forest (a part of two totals, a cycle).
    InvalidArgumentError
        If an option is not of its type.
    MissingDependencyError
        If dask or distributed is not installed (``pip install 'claimkit[distributed]'``).

    Notes
    -----
    A component whose check fails (a figure too large for floating point) does
    not stop the others: it is listed in ``failures`` and in a note, and
    ``consistent`` is None unless another component conflicts.

    Examples
    --------
    >>> import pandas as pd
    >>> from claimkit.distributed import check
    >>> table = pd.DataFrame({
    ...     "id": ["a", "b", "c"],
    ...     "measure": ["killed", "killed", "wounded"],
    ...     "subject": ["x", "x", "x"],
    ...     "period": ["2024-11", "2024-11", "2024-11"],
    ...     "value": ["about 100", "over 200", "50"],
    ... })
    >>> report = check(table)
    >>> report.consistent, report.counts["conflict"]
    (False, 2)
    >>> sorted(report.findings["kind"].compute())
    ['conflict-set', 'same-quantity']
    >>> report.compute().conflicts[0].claims
    ('a', 'b')
    """
    what = "claimkit.distributed.check()"
    pairs = _check_options(compare, tension, exact_bounds, max_conflicts)
    runner = Runner.of(client, progress, what)
    options = Options(float(tension), int(exact_bounds), max_conflicts)
    prepared = prepare(table, npartitions=npartitions, relations=relations, columns=columns,
                       unit=unit, policy=policy, start=start, sources=sources,
                       single=exact_bounds, what=what)  # fmt: skip
    results, summaries = _run(prepared, runner, options)
    if len(summaries) > 1 and sum(s.with_rows for s in summaries) <= exact_bounds:
        # The whole model may be small enough for exact bounds: check it in one piece.
        prepared = prepare(table, npartitions=1, relations=relations, columns=columns,
                           unit=unit, policy=policy, start=start, sources=sources,
                           single=prepared.rows, what=what)  # fmt: skip
        results, summaries = _run(prepared, runner, options)
    compared = _compared(prepared, runner, pairs)
    return _report(prepared, runner=runner, options=options, results=results,
                   summaries=summaries, compare=compared)  # fmt: skip


def _run(
    prepared: Prepared, runner: Runner, options: Options
) -> tuple[list[Any], list[PartResult]]:
    dask, _, _ = dask_modules("claimkit.distributed.check()")
    delayed = dask.delayed
    parts = prepared.frame.to_delayed()
    tasks = [delayed(check_part, pure=False)(p, prepared.reading, options) for p in parts]
    results = runner.persist(tasks)
    column = prepared.frame[prepared.id_column]
    counts = column.value_counts()
    twice = counts[counts > 1]
    summaries: list[PartResult] = runner.compute(
        [delayed(list)([delayed(_summary)(r) for r in results])]
    )[0]
    error = _merge.bad_rows(summaries)
    if error is None:
        error = _twice(runner.compute([twice.head(6, npartitions=-1, compute=False)])[0])
    error = error or _merge.unit_families(summaries)
    if error is not None:
        raise error
    return results, summaries


def _twice(found: Any) -> ClaimsFileError | None:
    if found is None or not len(found):
        return None
    listed = ", ".join(f"{i!r} ({n} rows)" for i, n in sorted(found.items())[:5])
    more = " and more" if len(found) > 5 else ""
    msg = f"claim ids are used more than once: {listed}{more}; give every claim its own id"
    return ClaimsFileError(msg)


def _report(
    prepared: Prepared,
    *,
    runner: Runner,
    options: Options,
    results: list[Any],
    summaries: list[PartResult],
    compare: tuple[Comparison, ...],
) -> DistributedReport:
    dask, dd, _ = dask_modules("claimkit.distributed.check()")
    delayed = dask.delayed
    exact = len(summaries) == 1
    decision = _merge.decide(summaries, exact=exact, max_conflicts=options.max_conflicts)
    failures: list[Failure] = [f for s in summaries for f in s.failures]
    counts = _merge.counted(summaries, decision.allowed)
    conflicting = any(s.conflict_groups for s in summaries) or any(
        s.local_conflict for s in summaries
    )
    consistent: bool | None = False if conflicting else (None if failures else True)
    findings_meta = _public(typed({}, FINDING_TYPES))
    findings = dd.from_delayed(
        [delayed(_public)(delayed(_findings)(r, decision.allowed)) for r in results],
        meta=findings_meta,
        verify_meta=False,
    )
    bounds = dd.from_delayed(
        [delayed(_public)(delayed(_bounds)(r, exact)) for r in results],
        meta=_public(typed({}, BOUNDS_TYPES)),
        verify_meta=False,
    )
    groups = dd.from_delayed(
        [delayed(_public)(delayed(_groups)(r)) for r in results],
        meta=_public(typed({}, GROUP_TYPES)),
        verify_meta=False,
    )
    failure_columns: dict[str, list[Any]] = {name: [] for name in FAILURE_TYPES}
    for f in failures:
        for name in FAILURE_TYPES:
            failure_columns[name].append(getattr(f, name))
    notes = _merge.merge_notes(
        summaries, decision, max_conflicts=options.max_conflicts, failures=failures
    )
    return DistributedReport(
        consistent=consistent,
        counts=counts,
        claims=prepared.rows,
        components=sum(s.components for s in summaries),
        partitions=prepared.npartitions,
        exact=exact,
        notes=notes,
        failures=typed(failure_columns, FAILURE_TYPES),
        findings=findings,
        bounds=bounds,
        groups=groups,
        prepared=prepared,
        results=results,
        runner=runner,
        decision=decision,
        options=options,
        compare=compare,
    )
