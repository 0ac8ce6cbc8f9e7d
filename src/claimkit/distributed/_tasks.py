"""What runs on a worker: one partition's rows read, checked, and turned into frames (internal).

Each partition holds whole components (see :mod:`claimkit.distributed._input`). Its
claims are read from their columns (:func:`~claimkit.tables.table_claims`, without a
:class:`~claimkit.claims.claim.Claim` per row) and checked together, with the
relations their names need. A partition that the columns cannot hold, that has a bad
row or whose check fails is read row by row (:func:`~claimkit.tables.from_frame`):
bad rows are reported by their row in the whole table, and if the check fails again
each component is checked alone, so that a component whose check fails is reported
with its error and the others are kept. The findings come out as columns, without a
:class:`~claimkit.engine.report.Finding` per row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.relations import Sum
from claimkit.distributed._input import COMPONENT, ROW, Reading
from claimkit.distributed.components import relations_for
from claimkit.engine.checking import check
from claimkit.engine.columns import TableClaims
from claimkit.engine.report import Comparison, Report
from claimkit.errors import ClaimsFileError
from claimkit.tables import bounds_columns, finding_columns, table_claims

__all__ = [
    "BOUNDS_TYPES",
    "FAILURE_TYPES",
    "FINDING_TYPES",
    "GROUP_TYPES",
    "Failure",
    "Options",
    "PartResult",
    "check_part",
    "range_types",
    "renumbered",
    "typed",
]

#: The columns of the findings frame and their types: numpy and pandas dtypes, and
#: ``text``, ``ids`` (a list of claim ids) and ``date``, stored as Arrow types so that
#: Dask keeps them as they are and Parquet writes them as strings, lists and dates.
#: ``_rank`` is internal: the position of a conflict set among those of its group, or
#: of another finding in its partition's report.
FINDING_TYPES: dict[str, str] = {
    "component": "int64",
    "group": "text",
    "kind": "text",
    "verdict": "text",
    "margin": "float64",
    "margin_abs": "float64",
    "unit": "text",
    "touching": "bool",
    "claims": "text",
    "sources": "text",
    "relation": "text",
    "description": "text",
    "claim_ids": "ids",
    "_rank": "int64",
}


def range_types(prefixes: tuple[str, ...], flag: str) -> dict[str, str]:
    """Return the types of ranges as columns: ``<prefix>_lo``, ``_hi`` and their open flags.

    Examples
    --------
    >>> from claimkit.distributed._tasks import range_types
    >>> list(range_types(("exact",), "bool"))
    ['exact_lo', 'exact_hi', 'exact_lo_open', 'exact_hi_open']
    """
    ends = ("lo", "hi", "lo_open", "hi_open")
    return {f"{p}_{e}": "float64" if e in ("lo", "hi") else flag for p in prefixes for e in ends}


#: The columns of the bounds frame and their types (as :data:`FINDING_TYPES`).
BOUNDS_TYPES: dict[str, str] = {
    "component": "int64",
    "measure": "text",
    "subject": "text",
    "start": "date",
    "end": "date",
    "claims": "text",
    "unit": "text",
    **range_types(("propagated", "exact"), "boolean"),
    "basis": "text",
    "claim_ids": "ids",
}
#: The columns of the failures frame (a component that could not be checked).
FAILURE_TYPES: dict[str, str] = {
    "component": "int64",
    "claims": "int64",
    "first": "text",
    "error": "text",
    "message": "text",
}
#: The columns of the groups frame and their types (as :data:`FINDING_TYPES`).
GROUP_TYPES: dict[str, str] = {
    "component": "int64",
    "group": "text",
    "verdict": "text",
    "margin": "float64",
    "exact": "bool",
    "claims": "text",
    "claim_ids": "ids",
}


def _dtype(name: str) -> Any:
    import pandas as pd
    import pyarrow as pa

    arrow = {"text": pa.string(), "ids": pa.list_(pa.string()), "date": pa.date32()}.get(name)
    return name if arrow is None else pd.ArrowDtype(arrow)


def typed(columns: Mapping[str, Sequence[object]], types: Mapping[str, str]) -> Any:
    """Return a pandas DataFrame of ``columns`` with the types of ``types``, in its order.

    Examples
    --------
    >>> from claimkit.distributed._tasks import typed
    >>> typed({"a": ["x"], "b": [["x", "y"]], "c": [1]}, {"a": "text", "b": "ids", "c": "int64"})
       a           b  c
    0  x  ['x' 'y']  1
    >>> typed({}, {"a": "text", "b": "date"}).dtypes.tolist()
    [string[pyarrow], date32[day][pyarrow]]
    """
    import pandas as pd

    return pd.DataFrame(
        {
            name: pd.Series(list(columns.get(name, ())), dtype=_dtype(kind))
            for name, kind in types.items()
        }
    )


@attrs.frozen
class Options:
    """The options of :func:`~claimkit.engine.checking.check` that each partition uses."""

    tension: float
    exact_bounds: int
    max_conflicts: int | None


@attrs.frozen
class Failure:
    """A component whose check failed: its number, claims, first claim and the error."""

    component: int
    claims: int
    first: str
    error: str
    message: str


@attrs.frozen(eq=False)
class PartResult:
    """What one partition's check leaves on its worker.

    ``bad`` holds the problems of rows that cannot be read, renumbered as rows of
    the whole table; when it is not empty nothing was checked. ``conflict_groups``
    pairs the first claim of each conflicting group with the conflict sets found in
    it; ``families`` gives each measure family's count unit and a claim of it.
    """

    findings: Any
    bounds: Any
    groups: Any
    comparisons: tuple[Comparison, ...] = ()
    notes: tuple[str, ...] = ()
    counts: Mapping[str, int] = attrs.field(factory=dict)
    claims: int = 0
    with_rows: int = 0
    components: int = 0
    conflict_groups: tuple[tuple[str, int], ...] = ()
    local_conflict: bool = False
    families: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    failures: tuple[Failure, ...] = ()
    bad: tuple[tuple[int, str], ...] = ()
    bad_more: int = 0


def _empty() -> dict[str, Any]:
    return {
        "findings": typed({}, FINDING_TYPES),
        "bounds": typed({}, BOUNDS_TYPES),
        "groups": typed({}, GROUP_TYPES),
    }


# --------------------------------------------------------------------------- reading


_ROW_AT = re.compile(r"^(\s*(?:line \d+, )?)row (\d+)\b", re.MULTILINE)
_ROWS_PAIR = re.compile(r"\bby rows (\d+) and (\d+)\b")
_MANY = re.compile(r"\A(\d+) rows cannot be read:\n")
_MORE = re.compile(r"^\s*\.\.\. and (\d+) more\b.*$", re.MULTILINE)


def renumbered(message: str, rows: Sequence[int]) -> tuple[tuple[tuple[int, str], ...], int]:
    r"""Return the problems of a ClaimsFileError with rows of the whole table, and how many more.

    ``rows[i]`` is the number in the whole table of the partition's row ``i``. Each
    problem comes with its row (``-1`` for a problem of the whole table, such as a
    missing column).

    Examples
    --------
    >>> from claimkit.distributed._tasks import renumbered
    >>> renumbered("2 rows cannot be read:\n  row 0, column 'lo' = 'x': no\n  row 1: id 'a' "
    ...            "is used twice, by rows 0 and 1", [7, 9])
    (((7, "row 7, column 'lo' = 'x': no"), (9, "row 9: id 'a' is used twice, by rows 7 and 9")), 0)
    """

    def at(found: re.Match[str]) -> str:
        return f"{found.group(1)}row {rows[int(found.group(2))]}"

    def pair(found: re.Match[str]) -> str:
        return f"by rows {rows[int(found.group(1))]} and {rows[int(found.group(2))]}"

    more = 0
    if _MANY.match(message):
        body = _MANY.sub("", message)
        tail = _MORE.search(body)
        if tail is not None:
            more = int(tail.group(1))
            body = body[: tail.start()]
        lines = [line.strip() for line in body.splitlines() if line.strip()]
    else:
        lines = [message]
    out = []
    for line in lines:
        found = _ROW_AT.match(line)
        row = rows[int(found.group(2))] if found else -1
        out.append((row, _ROWS_PAIR.sub(pair, _ROW_AT.sub(at, line))))
    return tuple(out), more


# --------------------------------------------------------------------------- checking


def _families(
    claims: ClaimSet | TableClaims, measures: Sequence[str], ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """Return each measure family's count unit and its first claim (the claims in order)."""
    root = claims.measure_hierarchy.root
    units = claims.family_units
    families: dict[str, tuple[str, str]] = {}
    for measure, claim in zip(measures, ids, strict=True):
        family = root(measure)
        if family not in families:
            families[family] = (units[family], claim)
    return families


def _extract(
    report: Report,
    component_of: Mapping[str, int],
    families: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
    """Return what a report holds as frames and counts, without a Finding per row."""
    group_of: dict[str, str] = {}
    groups: dict[str, list[Any]] = {name: [] for name in GROUP_TYPES}
    for g in report.groups:
        first = g.claims[0]
        for claim in g.claims:
            group_of[claim] = first
        for name, cell in (
            ("component", component_of[first]),
            ("group", first),
            ("verdict", g.verdict),
            ("margin", g.margin),
            ("exact", g.exact),
            ("claims", ", ".join(g.claims)),
            ("claim_ids", list(g.claims)),
        ):
            groups[name].append(cell)
    table = report.finding_columns()
    ptr = table.ptr.tolist()
    ids = table.claims.tolist()
    kinds = table.kind.tolist()
    members = [ids[a:b] for a, b in itertools.pairwise(ptr)]
    columns: dict[str, Any] = dict(finding_columns(report))
    columns["component"] = [component_of[m[0]] for m in members]
    columns["group"] = [group_of.get(m[0], m[0]) for m in members]
    columns["claim_ids"] = members
    rank: list[int] = []
    sets: dict[str, int] = {}
    for k, kind in enumerate(kinds):
        if kind == "conflict-set":
            group = columns["group"][k]
            rank.append(sets.get(group, 0))
            sets[group] = rank[-1] + 1
        else:
            rank.append(k)
    columns["_rank"] = rank
    bounds = report.bounds
    bound_columns: dict[str, list[Any]] = dict(bounds_columns(report))
    bound_columns["component"] = [component_of[b.claims[0]] for b in bounds]
    bound_columns["claim_ids"] = [list(b.claims) for b in bounds]
    verdicts = table.verdict.tolist()
    return {
        "findings": typed(columns, FINDING_TYPES),
        "bounds": typed(bound_columns, BOUNDS_TYPES),
        "groups": typed(groups, GROUP_TYPES),
        "comparisons": report.comparisons,
        "notes": report.notes,
        "counts": report.counts(),
        "with_rows": sum(len(b.claims) for b in bounds),
        "components": report.components,
        "conflict_groups": tuple(sorted(sets.items())),
        "local_conflict": any(
            v == "conflict" and k != "conflict-set" for v, k in zip(verdicts, kinds, strict=True)
        ),
        "families": dict(families),
    }


def _checked(
    claims: Sequence[Claim],
    relations: Iterable[Sum],
    options: Options,
    component_of: Mapping[str, int],
) -> dict[str, Any]:
    measures = {c.measure for c in claims}
    subjects = {c.subject for c in claims}
    claimset = ClaimSet(claims, relations=relations_for(relations, measures, subjects))
    report = check(
        claimset,
        tension=options.tension,
        exact_bounds=options.exact_bounds,
        max_conflicts=options.max_conflicts,
    )
    families = _families(claimset, [c.measure for c in claims], [c.id for c in claims])
    return {**_extract(report, component_of, families), "claims": len(claims)}


def _from_columns(ordered: Any, reading: Reading, options: Options) -> PartResult | None:
    """Check a partition from its columns, without a Claim per row; None if it cannot be.

    A table the columns cannot hold, a bad row or a failed check sends the partition
    to the row reader (:func:`check_part`), which says which rows or components fail.
    """
    names = reading.columns or {}
    measure, subject, ident = (names.get(c, c) for c in ("measure", "subject", "id"))
    comps = ordered[COMPONENT].to_numpy()
    plain = ordered.drop(columns=[ROW, COMPONENT]).reset_index(drop=True)
    plain.attrs = {"claimkit": reading.header}
    try:
        measures = plain[measure].tolist()
        relations = relations_for(reading.relations, set(measures), set(plain[subject]))
        claims = table_claims(plain, relations=relations, columns=reading.columns,
                              unit=reading.unit, policy=reading.policy, start=reading.start,
                              sources=reading.sources)  # fmt: skip
        if not isinstance(claims, TableClaims):
            return None
        ids = [str(i) for i in plain[ident].tolist()]
        report = check(claims, tension=options.tension, exact_bounds=options.exact_bounds,
                       max_conflicts=options.max_conflicts)  # fmt: skip
        component_of = {i: int(k) for i, k in zip(ids, comps.tolist(), strict=True)}
        piece = _extract(report, component_of, _families(claims, measures, ids))
    except Exception:  # the row reader says what is wrong
        return None
    return combined([{**piece, "claims": len(ids)}])


def combined(pieces: Sequence[dict[str, Any]], **extra: Any) -> PartResult:
    """Return one partition's result from the results of its checks."""
    import pandas as pd

    if not pieces:
        pieces = [_empty()]

    def frames(key: str) -> Any:
        found = [p[key] for p in pieces]
        return pd.concat(found, ignore_index=True) if len(found) > 1 else found[0]

    def total(key: str) -> int:
        return sum(int(p.get(key, 0)) for p in pieces)

    counts: dict[str, int] = {}
    families: dict[str, tuple[str, str]] = {}
    for p in pieces:
        for verdict, n in p.get("counts", {}).items():
            counts[verdict] = counts.get(verdict, 0) + n
        for family, unit in p.get("families", {}).items():
            families.setdefault(family, unit)
    return PartResult(
        findings=frames("findings"),
        bounds=frames("bounds"),
        groups=frames("groups"),
        comparisons=tuple(c for p in pieces for c in p.get("comparisons", ())),
        notes=tuple(n for p in pieces for n in p.get("notes", ())),
        counts=counts,
        claims=total("claims"),
        with_rows=total("with_rows"),
        components=total("components"),
        conflict_groups=tuple(g for p in pieces for g in p.get("conflict_groups", ())),
        local_conflict=any(p.get("local_conflict", False) for p in pieces),
        families=families,
        **extra,
    )


def by_component(
    claimset: ClaimSet,
    comps: Any,
    run: Callable[[Sequence[Claim]], dict[str, Any]],
) -> tuple[list[dict[str, Any]], tuple[Failure, ...]]:
    """Run ``run`` on every component's claims; a component that fails is a Failure."""
    groups: dict[int, list[Claim]] = {}
    for claim, comp in zip(claimset.claims, np.asarray(comps).tolist(), strict=True):
        groups.setdefault(int(comp), []).append(claim)
    pieces: list[dict[str, Any]] = []
    failures: list[Failure] = []
    for comp, claims in sorted(groups.items()):
        try:
            pieces.append(run(claims))
        except Exception as err:  # a failed component is reported, not raised
            first = min(c.id for c in claims)
            failures.append(Failure(comp, len(claims), first, type(err).__name__, str(err)))
    return pieces, tuple(failures)


def check_part(frame: Any, reading: Reading, options: Options) -> PartResult:
    """Check one partition's claims (see the module notes)."""
    if len(frame):
        found = _from_columns(frame.sort_values(ROW, kind="stable"), reading, options)
        if found is not None:
            return found
    try:
        claimset, _, comps = reading.read(frame)
    except ClaimsFileError as err:
        problems, more = renumbered(str(err), rows=frame[ROW].sort_values().tolist())
        return combined([], bad=problems, bad_more=more)
    component_of = {c.id: int(k) for c, k in zip(claimset.claims, comps.tolist(), strict=True)}

    def run(claims: Sequence[Claim]) -> dict[str, Any]:
        return _checked(claims, reading.relations, options, component_of)

    if not len(claimset):
        return combined([])
    try:
        return combined([run(claimset.claims)])
    except Exception:  # each component alone says which one fails
        pieces, failures = by_component(claimset, comps, run)
        return combined(pieces, failures=failures)
