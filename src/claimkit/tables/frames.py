"""Data frames in and out: :func:`from_frame`, :func:`to_frame` and :func:`bounds_frame`.

The conversions between claims and columns live in :mod:`claimkit.files._table`
(the CSV and Parquet claims files use them too); this module adds what needs pandas
or pyarrow, and the columns of reports and reconciliations.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.claims.relations import Sum
from claimkit.claims.source import Source
from claimkit.engine.report import Report
from claimkit.engine.words import Phrases, first_seen
from claimkit.errors import ClaimsFileError, InvalidArgumentError, MissingDependencyError
from claimkit.files._table import (
    COLUMNS,
    Header,
    claim_columns,
    header_text,
    read_header,
    read_rows,
    read_sources,
)
from claimkit.files._tablefile import METADATA_KEY, install_hint
from claimkit.files._write import file_policy
from claimkit.files.claimsfile import MAX_DEPTH
from claimkit.reconciliation.results import Adjustment, Reconciliation, SetReconciliation
from claimkit.tables._findings import FindingPart, finding_columns, finding_parts
from claimkit.values.range import Range

__all__ = [
    "adjustment_columns",
    "bounds_columns",
    "bounds_frame",
    "finding_columns",
    "findings_frame",
    "from_frame",
    "read_options",
    "to_frame",
]

#: The key of ``DataFrame.attrs`` that holds a claim table's header (TOML text).
ATTRS_KEY = "claimkit"


def _modules() -> tuple[Any, Any]:
    """Return pandas and pyarrow, each None when it is not installed."""
    found: list[Any] = []
    for name in ("pandas", "pyarrow"):
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            found.append(None)
    return found[0], found[1]


def _pandas(what: str) -> Any:
    pandas, _ = _modules()
    if pandas is None:
        raise MissingDependencyError(install_hint(f"{what} needs pandas"))
    return pandas


def _columns_of(frame: object, what: str) -> tuple[dict[str, list[object]], int, str]:
    """Return a DataFrame's or pyarrow Table's columns as lists, its rows and its header."""
    pandas, pyarrow = _modules()
    if pandas is None and pyarrow is None:
        raise MissingDependencyError(install_hint(f"{what} needs pandas or pyarrow"))
    if pandas is not None and isinstance(frame, pandas.DataFrame):
        names = [str(c) for c in frame.columns]
        columns: dict[str, list[object]] = {}
        for position, name in enumerate(names):
            if name in columns:
                msg = f"{what}: the column {name!r} appears twice"
                raise ClaimsFileError(msg)
            series = frame.iloc[:, position]
            missing = series.isna().tolist()
            cells = series.astype(object).tolist()
            columns[name] = [None if m else v for v, m in zip(cells, missing, strict=True)]
        header = frame.attrs.get(ATTRS_KEY, "")
        return columns, len(frame), header if isinstance(header, str) else ""
    if pyarrow is not None and isinstance(frame, pyarrow.Table):
        metadata = frame.schema.metadata or {}
        header = metadata.get(METADATA_KEY, b"").decode("utf-8", "replace")
        return frame.to_pydict(), frame.num_rows, header
    msg = f"{what} reads a pandas DataFrame or a pyarrow Table, got {type(frame).__name__}"
    raise InvalidArgumentError(msg)


def from_frame(
    frame: Any,
    *,
    relations: Iterable[Sum] = (),
    columns: Mapping[str, str] | None = None,
    unit: str | None = None,
    policy: HedgePolicy | Mapping[str, Any] | None = None,
    start: datetime.date | None = None,
    sources: Any = None,
) -> ClaimSet:
    """Read a table of claims, one row per claim, into a claim set.

    The columns are named as the fields of a claims file (see the reference page
    *Claim tables*): ``id``, ``measure``, ``subject``, a period (``period`` as text
    such as ``"2024-11"``, or ``end`` with ``start``), a value (``value``, a phrase
    read under the hedge policy, or the bounds ``lo``, ``hi``, ``lo_open``,
    ``hi_open``: an empty cell is an unbounded end), ``unit``, ``kind``,
    ``reading``, a source (``source``, an id, with ``source_name``,
    ``source_role``, ``source_date``, ``source_venue``, ``source_relation``,
    ``source_weight`` and ``url``), ``quote``, ``span_start``, ``span_end`` and
    ``note``. Other columns are ignored. A row with bounds takes its value from
    them; its ``value`` phrase, if any, is kept with the claim when it reads as
    those bounds. Rows without an ``id`` are named ``row-<n>``, counting rows from 0.

    Parameters
    ----------
    frame : pandas.DataFrame or pyarrow.Table
        The table: a pandas DataFrame or a pyarrow Table. A frame made by
        :func:`to_frame` carries its claim set's relations and hedge policy.
    relations : iterable of Sum, optional
        Relations between the claims' measures and subjects, added to the frame's.
    columns : dict, optional
        The table's name for a column of the schema: ``{"end": "date", "lo":
        "low"}``.
    unit : str, optional
        The unit of rows whose ``unit`` is empty (by default ``person``).
    policy : HedgePolicy or dict, optional
        The hedge policy to read phrases under, or changes to the frame's policy
        (``{"rounding": "exact"}``); by default the frame's, else ``HedgePolicy()``.
    start : datetime.date, optional
        The start of the period of rows that give ``end`` and no ``start``:
        for a table of totals "since 24 February 2022".
    sources : pandas.DataFrame, pyarrow.Table or iterable of Source, optional
        The sources that the ``source`` column names by id: a table with the
        columns ``id``, ``name``, ``role``, ``date``, ``venue``, ``url``,
        ``relation`` and ``weight`` (``id`` and ``name`` required), or Source objects.

    Returns
    -------
    ClaimSet
        The claims, in the order of the rows.

    Raises
    ------
    ClaimsFileError
        If a column the claims need is missing, or rows cannot be read: one error
        lists every bad row (up to :data:`~claimkit.tables.MAX_ROW_ERRORS`),
        each with its row number (from 0), its column and its value.
    MissingDependencyError
        If neither pandas nor pyarrow is installed.
    InvalidArgumentError
        If ``frame`` is neither a DataFrame nor a pyarrow Table, or another argument
        is not of its type.

    Examples
    --------
    >>> import datetime
    >>> import pandas as pd
    >>> from claimkit.tables import from_frame
    >>> table = pd.DataFrame({
    ...     "date": ["2024-12-12", "2024-12-12"],
    ...     "country": ["russia", "russia"],
    ...     "low": [None, 700_000],
    ...     "high": [None, None],
    ...     "estimate": ["about 750,000", None],
    ... })
    >>> table["measure"] = "casualties"
    >>> claims = from_frame(
    ...     table, columns={"end": "date", "subject": "country", "lo": "low",
    ...                     "hi": "high", "value": "estimate"},
    ...     start=datetime.date(2022, 2, 24))
    >>> [str(c.value) for c in claims]
    ['[745,000, 755,000] person', '[700,000, inf) person']
    >>> from_frame(table.assign(low=["many", "few"]), columns={"end": "date",
    ...            "subject": "country", "lo": "low", "value": "estimate"},
    ...            start=datetime.date(2022, 2, 24))
    Traceback (most recent call last):
    ...
    claimkit.errors.ClaimsFileError: 2 rows cannot be read:
      row 0, column 'low' (lo) = 'many': expected a number such as 45690 ...
      row 1, column 'low' (lo) = 'few': expected a number such as 45690 ...
    """
    table, rows, text = _columns_of(frame, "from_frame()")
    reading = read_options(
        list(table), text, relations=relations, columns=columns, unit=unit, policy=policy,
        start=start, sources=sources,
    )  # fmt: skip
    by_schema = {schema: table[own] for schema, own in reading.columns.items()}
    return read_rows(
        by_schema, rows, header=reading.header, unit=unit, start=start, names=reading.names
    )


@attrs.frozen
class Reading:
    """How to read a table's rows: its columns by schema name, its header, the defaults.

    ``columns`` maps each schema column the table has to the table's own name,
    ``names`` the mapping the caller gave (for messages).
    """

    columns: dict[str, str]
    names: dict[str, str]
    header: Header
    unit: str | None
    start: datetime.date | None


def read_options(
    own: list[str],
    text: str,
    *,
    relations: Iterable[Sum] = (),
    columns: Mapping[str, str] | None = None,
    unit: str | None = None,
    policy: HedgePolicy | Mapping[str, Any] | None = None,
    start: datetime.date | None = None,
    sources: Any = None,
) -> Reading:
    """Check the options of :func:`from_frame` for a table with columns ``own``.

    ``text`` is the table's header (TOML). Raises what :func:`from_frame` raises for
    an option.
    """
    names = _mapping(columns, dict.fromkeys(own))
    by_schema = dict(names)
    for name in own:
        if name in COLUMNS and name not in by_schema and name not in names.values():
            by_schema[name] = name
    header = read_header(text, "the frame's header", policy, MAX_DEPTH)
    given = _relations(relations)
    known = dict(header.sources)
    if sources is not None:
        known.update(_sources(sources))
    header = Header(
        policy=header.policy,
        relations=tuple(dict.fromkeys((*header.relations, *given))),
        sources=known,
    )
    first: object = start
    if first is not None and (
        isinstance(first, datetime.datetime) or not isinstance(first, datetime.date)
    ):
        msg = f"start must be a datetime.date, got {type(first).__name__} {first!r}"
        raise InvalidArgumentError(msg)
    default: object = unit
    if default is not None and not isinstance(default, str):
        msg = f"unit must be a string such as 'person', got {type(unit).__name__} {unit!r}"
        raise InvalidArgumentError(msg)
    return Reading(columns=by_schema, names=names, header=header, unit=unit, start=start)


def _mapping(columns: Mapping[str, str] | None, table: Mapping[str, object]) -> dict[str, str]:
    given: object = columns
    if columns is None:
        return {}
    if not isinstance(given, Mapping):
        msg = f"columns must map schema names to the table's, got {type(columns).__name__}"
        raise InvalidArgumentError(msg)
    for schema, own in columns.items():
        if schema not in COLUMNS:
            msg = f"columns={{{schema!r}: ...}}: {schema!r} is not a column of the schema, " + (
                ", ".join(COLUMNS)
            )
            raise InvalidArgumentError(msg)
        if own not in table:
            msg = (
                f"columns maps {schema!r} to {own!r}, which the table does not have; its "
                f"columns are {', '.join(map(repr, table))}"
            )
            raise ClaimsFileError(msg)
    return dict(columns)


def _relations(relations: Iterable[Sum]) -> tuple[Sum, ...]:
    if isinstance(relations, Sum):
        return (relations,)
    items: tuple[object, ...] = tuple(relations)
    for item in items:
        if not isinstance(item, Sum):
            msg = f"relations must be Sum objects, got {type(item).__name__} {item!r}"
            raise InvalidArgumentError(msg)
    return cast("tuple[Sum, ...]", items)


def _sources(sources: Any) -> dict[str, Source]:
    if isinstance(sources, Iterable) and not isinstance(sources, str):
        items = list(sources) if not hasattr(sources, "columns") else None
        if items is not None and all(isinstance(s, Source) for s in items):
            return {s.id: s for s in items}
    table, rows, _ = _columns_of(sources, "from_frame(sources=...)")
    return read_sources(table, rows)


# --------------------------------------------------------------------------- out


def _frame(columns: Mapping[str, Any], what: str) -> Any:
    """Return columns (lists, or numpy arrays that keep their dtype) as a DataFrame."""
    pandas = _pandas(what)
    return pandas.DataFrame({name: pandas.Series(cells, dtype=_dtype(cells))
                             for name, cells in columns.items()}, copy=False)  # fmt: skip


def _dtype(cells: Any) -> Any:
    if not isinstance(cells, list | np.ndarray):  # a pandas column already
        return cells.dtype
    if isinstance(cells, np.ndarray):
        return cells.dtype if cells.size else "object"
    present = [c for c in cells if c is not None]
    if present and all(isinstance(c, bool) for c in present) and len(present) == len(cells):
        return "bool"
    if present and all(isinstance(c, float | int) and not isinstance(c, bool) for c in present):
        return "float64"
    return "object"


def to_frame(result: ClaimSet | Report | SetReconciliation | Reconciliation, *,
             policy: HedgePolicy | None = None) -> Any:  # fmt: skip
    """Return a claim set, a report or a reconciliation as a pandas DataFrame.

    - A :class:`~claimkit.claims.claimset.ClaimSet`: one row per claim, in the
      columns :func:`from_frame` reads (``from_frame(to_frame(claims)) == claims``);
      unbounded ends are ``-inf`` and ``inf``, dates ``datetime.date``. The claim
      set's relations and hedge policy go in ``frame.attrs["claimkit"]`` (TOML).
    - A :class:`~claimkit.engine.report.Report`: one row per finding, the columns
      of :func:`finding_columns`.
    - A :class:`~claimkit.reconciliation.results.SetReconciliation` or
      :class:`~claimkit.reconciliation.results.Reconciliation`: one row per claim,
      the columns of :func:`adjustment_columns`.

    Parameters
    ----------
    result : ClaimSet, Report, SetReconciliation or Reconciliation
        What to tabulate.
    policy : HedgePolicy, optional
        For a claim set: the policy its phrases are written under (by default the
        policy most of them were read under); a phrase that does not read as its
        claim's value under it is left out (the bounds say the value).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    MissingDependencyError
        If pandas is not installed.
    InvalidArgumentError
        If ``result`` is none of the above.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.tables import from_frame, to_frame
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="casualties", subject="russia", period=nov,
    ...              value=ck.Range.exact(45_690, "person"))
    >>> b = a.replace(id="b", value=ck.Range.at_least(50_000, "person"))
    >>> claims = ck.ClaimSet([a, b])
    >>> to_frame(claims)[["id", "lo", "hi", "lo_open"]]
      id       lo       hi  lo_open
    0  a  45690.0  45690.0    False
    1  b  50000.0      inf    False
    >>> from_frame(to_frame(claims)) == claims
    True
    >>> findings = to_frame(ck.check(claims))
    >>> same = findings[findings.kind == "same-quantity"]
    >>> same[["verdict", "claims", "margin_abs"]].to_numpy().tolist()
    [['conflict', 'a, b', -4310.0]]
    """
    what = "to_frame()"
    given: object = result
    if isinstance(given, ClaimSet):
        chosen = file_policy(given) if policy is None else policy
        frame = _frame(claim_columns(given, chosen), what)
        frame.attrs[ATTRS_KEY] = header_text(given, chosen)
        return frame
    if isinstance(given, Report):
        return findings_frame(given)
    if isinstance(given, SetReconciliation | Reconciliation):
        return _frame(adjustment_columns(given.adjustments), what)
    msg = (
        "to_frame() tabulates a ClaimSet, a Report, a SetReconciliation or a "
        f"Reconciliation, got {type(given).__name__}"
    )
    raise InvalidArgumentError(msg)


def findings_frame(report: Report) -> Any:
    """Return a report's findings as a pandas DataFrame, one row per finding.

    The columns are those of :func:`finding_columns`, read from the report's arrays
    (:meth:`~claimkit.engine.report.Report.finding_columns`) without a
    :class:`~claimkit.engine.report.Finding` per row, so that the findings of a
    check of a million claims come out in seconds; ``to_frame(report)`` is the same.

    ``kind``, ``verdict`` and ``unit`` are categoricals; ``claims``, ``sources``,
    ``relation`` and ``description`` are strings held by pyarrow
    (``pandas.ArrowDtype(pyarrow.string())``, shown as ``string[pyarrow]``; no cell
    is missing); ``margin`` and ``margin_abs`` are floats and ``touching`` booleans.
    The text is written 262,144 findings at a time, by Arrow: a relation or a
    description is kept as codes into a few distinct pieces (a quantity, a span, a
    figure, the words between them) and the pieces are joined a column at a time,
    so that no Python string is made per finding; the report keeps none of them.

    Parameters
    ----------
    report : Report
        A report of :func:`~claimkit.engine.checking.check`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    MissingDependencyError
        If pandas or pyarrow is not installed.
    InvalidArgumentError
        If ``report`` is not a Report.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.tables import findings_frame
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="killed", subject="x", period=nov,
    ...              value=ck.Range(100, 300, "person"))
    >>> b = a.replace(id="b", value=ck.Range(290, 400, "person"))
    >>> findings_frame(ck.check([a, b]))[["verdict", "claims", "description"]]
       verdict claims                description
    0  tension   a, b  overlap [290, 300] person
    >>> findings_frame(ck.check([a, b])).dtypes[["kind", "margin", "claims"]].astype(str).tolist()
    ['category', 'float64', 'string[pyarrow]']
    """
    return _report_frame(report, _finding_frame_columns, "findings_frame()")


#: How many findings :func:`findings_frame` writes the text of at a time.
FRAME_PART = 1 << 18
#: The findings frame's columns of a few distinct texts, as categories.
_CATEGORIES = ("kind", "verdict", "unit")


def _finding_frame_columns(report: Report) -> dict[str, Any]:
    """Return a report's findings as pandas columns, their text a part at a time.

    Each part's text is written by Arrow (the pieces of its phrases joined column by
    column, the claims' ids joined finding by finding), or as dictionary codes for
    :data:`_CATEGORIES`, so that no Python string is made per finding.
    """
    pandas, pyarrow = _modules()
    if pyarrow is None:
        raise MissingDependencyError(install_hint("findings_frame() needs pyarrow"))
    parts: dict[str, list[Any]] = {}

    def written(part: FindingPart) -> dict[str, Any]:
        table = part.table
        text = {
            "claims": _arrow_joined(pyarrow, table.ptr, table.claims, ", "),
            "sources": pyarrow.array(part.sources, pyarrow.string()),
            "relation": _arrow_phrases(pyarrow, part.relation),
            "description": _arrow_phrases(pyarrow, part.description),
        }
        for name in _CATEGORIES:
            coded = None if table.coded is None else table.coded.get(name)
            text[name] = _arrow_category(pyarrow, getattr(table, name), coded)
        return {name: text.get(name, getattr(table, name, None)) for name in FINDING_COLUMNS}

    def keep(text: dict[str, Any]) -> None:
        for name in FINDING_COLUMNS:
            parts.setdefault(name, []).append(text[name])
        # The pieces each text was joined from are freed: give their memory back
        # rather than let the pool keep it beside the frame (a tenth of its size).
        pyarrow.default_memory_pool().release_unused()

    # Each part's text is joined by Arrow on a thread of its own (Arrow lets go of
    # Python's lock) while the next part's pieces are worked out here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[dict[str, Any]] | None = None
        for part in finding_parts(report, FRAME_PART):
            joining = pool.submit(written, part)
            if pending is not None:
                keep(pending.result())
            pending = joining
        if pending is not None:
            keep(pending.result())
    columns: dict[str, Any] = {}
    for name in FINDING_COLUMNS:
        chunks = parts.pop(name)  # each column's parts freed once it is whole
        if isinstance(chunks[0], np.ndarray):
            # A column of its own: pandas need not copy it (as it would an array given).
            columns[name] = pandas.Series(np.concatenate(chunks), copy=False)
        elif name in _CATEGORIES:
            columns[name] = pyarrow.chunked_array(chunks, chunks[0].type).to_pandas()
        else:
            joined = pyarrow.chunked_array(chunks, pyarrow.string())
            columns[name] = pandas.arrays.ArrowExtensionArray(joined)
    return columns


#: The columns of :func:`findings_frame`, in order.
FINDING_COLUMNS = ("kind", "verdict", "margin", "margin_abs", "unit", "touching", "claims",
                   "sources", "relation", "description")  # fmt: skip


def _arrow_category(
    pyarrow: Any, names: NDArray[np.object_], coded: tuple[NDArray[np.int64], Any] | None
) -> Any:
    """Return a column of a few distinct names as an Arrow dictionary array.

    The dictionary lists the names in the order they first appear, as Arrow's
    ``dictionary_encode`` does; from ``coded``, the column's codes into distinct
    names (:func:`~claimkit.engine.words.coded`) when known, without a look at a
    string per finding.
    """
    if coded is None:
        return pyarrow.array(names, pyarrow.string()).dictionary_encode()
    codes, words = coded
    used = codes[first_seen(codes)]
    place = np.zeros(len(words), dtype=np.int32)
    place[used] = np.arange(used.shape[0], dtype=np.int32)
    dictionary = pyarrow.array(words[used], pyarrow.string())
    return pyarrow.DictionaryArray.from_arrays(pyarrow.array(place[codes]), dictionary)


def _arrow_phrases(pyarrow: Any, phrases: Phrases) -> Any:
    """Return phrases written as an Arrow string array: their pieces joined column by column."""
    compute = importlib.import_module("pyarrow.compute")
    words = pyarrow.array(phrases.words, pyarrow.string())
    codes = np.ascontiguousarray(phrases.codes.T)
    # The first piece always (for texts of none), the others where some text has one.
    pieces = [words.take(pyarrow.array(c)) for j, c in enumerate(codes) if not j or c.any()]
    if len(pieces) == 1:
        return pieces[0]
    return compute.binary_join_element_wise(*pieces, "")


def _arrow_joined(
    pyarrow: Any, ptr: NDArray[np.int64], items: NDArray[np.object_], sep: str
) -> Any:
    """Return the items ``items[ptr[k]:ptr[k + 1]]`` of each finding ``k`` joined by ``sep``."""
    compute = importlib.import_module("pyarrow.compute")
    values = pyarrow.array(items, pyarrow.string())
    lists = pyarrow.ListArray.from_arrays(pyarrow.array(ptr, pyarrow.int32()), values)
    return compute.binary_join(lists, sep)


def bounds_frame(report: Report) -> Any:
    """Return a report's bounds as a pandas DataFrame, one row per quantity.

    The columns are those of :func:`bounds_columns`.

    Parameters
    ----------
    report : Report
        A report of :func:`~claimkit.engine.checking.check`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    MissingDependencyError
        If pandas is not installed.
    InvalidArgumentError
        If ``report`` is not a Report.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.tables import bounds_frame
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
    ...              value=ck.Range(100, 300, "person"))
    >>> b = a.replace(id="b", value=ck.Range.more_than(200, "person"))
    >>> bounds_frame(ck.check([a, b]))[["measure", "claims", "exact_lo", "exact_hi"]]
      measure claims  exact_lo  exact_hi
    0  killed   a, b     200.0     300.0
    """
    return _report_frame(report, bounds_columns, "bounds_frame()")


def _report_frame(report: object, columns: Callable[[Report], Mapping[str, Any]], what: str) -> Any:
    """Return columns of a report as a DataFrame (``what`` names the caller in errors)."""
    if not isinstance(report, Report):
        msg = f"{what} reads a Report, got {type(report).__name__}"
        raise InvalidArgumentError(msg)
    return _frame(columns(report), what)


def _range_cells(out: dict[str, list[object]], prefix: str, value: Range | None) -> None:
    out[f"{prefix}_lo"].append(None if value is None else value.lo)
    out[f"{prefix}_hi"].append(None if value is None else value.hi)
    out[f"{prefix}_lo_open"].append(None if value is None else value.lo_open)
    out[f"{prefix}_hi_open"].append(None if value is None else value.hi_open)


def _with_ranges(names: tuple[str, ...], prefixes: tuple[str, ...]) -> dict[str, list[object]]:
    ends = ("lo", "hi", "lo_open", "hi_open")
    return {name: [] for name in (*names, *(f"{p}_{e}" for p in prefixes for e in ends))}


def bounds_columns(report: Report) -> dict[str, list[object]]:
    """Return a report's bounds as columns, one row per quantity (no pandas needed).

    ``measure``, ``subject``, ``start``, ``end`` (the first day not counted),
    ``claims``, ``unit``, then the propagated and exact bounds, each as ``_lo``,
    ``_hi``, ``_lo_open`` and ``_hi_open`` (``exact_*`` empty when the report has
    no exact bounds), and ``basis``: ``"claims"``, or ``"relaxed"`` for a group that
    conflicts, whose bounds stand on the least relaxation of its claims.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.tables import bounds_columns
    >>> list(bounds_columns(ck.check([])))[:6]
    ['measure', 'subject', 'start', 'end', 'claims', 'unit']
    """
    out = _with_ranges(("measure", "subject", "start", "end", "claims", "unit"),
                       ("propagated", "exact"))  # fmt: skip
    for b in report.bounds:
        out["measure"].append(b.measure)
        out["subject"].append(b.subject)
        out["start"].append(b.period.start)
        out["end"].append(b.period.end)
        out["claims"].append(", ".join(b.claims))
        out["unit"].append(b.propagated.unit)
        _range_cells(out, "propagated", b.propagated)
        _range_cells(out, "exact", b.exact)
    out["basis"] = [b.basis for b in report.bounds]
    return out


def adjustment_columns(adjustments: Iterable[Adjustment]) -> dict[str, list[object]]:
    """Return adjustments as columns, one row per claim (no pandas needed).

    ``claim``, ``source``, ``weight``, ``unit``, ``stretch``, ``moved``, then the
    original and adjusted ranges, each as ``_lo``, ``_hi``, ``_lo_open`` and
    ``_hi_open``.

    Examples
    --------
    >>> from claimkit.tables import adjustment_columns
    >>> list(adjustment_columns([]))[:6]
    ['claim', 'source', 'weight', 'unit', 'stretch', 'moved']
    """
    out = _with_ranges(("claim", "source", "weight", "unit", "stretch", "moved"),
                       ("original", "adjusted"))  # fmt: skip
    for a in adjustments:
        out["claim"].append(a.claim)
        out["source"].append(a.source)
        out["weight"].append(a.weight)
        out["unit"].append(a.original.unit)
        out["stretch"].append(a.stretch)
        out["moved"].append(a.moved)
        _range_cells(out, "original", a.original)
        _range_cells(out, "adjusted", a.adjusted)
    return out
