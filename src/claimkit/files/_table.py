"""Claim tables: a claim set as columns, one row per claim, and back, without pandas.

The columns carry the claims file's field names (:data:`COLUMNS`); a table's
cells are whatever its container holds: text from a CSV file, Python numbers,
dates and ``None`` from a data frame or a pyarrow table. What a claim set needs
beside its rows (the hedge policy, the relations, count units, and sources
referred to by id) is a *header*: the same TOML as a claims file, without claims
(:func:`read_header`, :func:`header_text`).

:func:`read_rows` reads every row and reports every bad one (up to
:data:`MAX_ROW_ERRORS`) in one :class:`~claimkit.errors.ClaimsFileError` that
names the row, the column and the value. :func:`claim_columns` writes a claim set
as columns that :func:`read_rows` reads back as an equal claim set.
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import tomli_w

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.claims.quantity import Quantity
from claimkit.claims.relations import Sum
from claimkit.claims.source import Source
from claimkit.errors import ClaimkitError, ClaimsFileError, PhraseError, UnitError
from claimkit.files._lines import KeyPath, LineIndex
from claimkit.files._read import (
    DEFAULT_UNIT,
    RATIO_UNIT,
    Reader,
    apply_changes,
    calendar_period,
    parse,
    read_phrase,
)
from claimkit.files._write import _custom_count, _reads_as, document
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import normalize_unit

__all__ = [
    "COLUMNS",
    "COMPACT_RELATIONS",
    "MAX_ROW_ERRORS",
    "SOURCE_COLUMNS",
    "Header",
    "claim_columns",
    "header_text",
    "read_header",
    "read_rows",
    "read_sources",
    "unknown_columns",
]

#: The columns of a claim table, in the order they are written.
COLUMNS: Final = (
    "id", "measure", "subject", "kind", "period", "start", "end", "unit", "value",
    "lo", "hi", "lo_open", "hi_open", "reading", "of_measure", "of_subject", "of_start",
    "of_end", "basis", "source", "source_name", "source_role",
    "source_date", "source_venue", "source_relation", "source_weight", "url", "quote",
    "span_start", "span_end", "note",
)  # fmt: skip
#: The columns of a sources table (the fields of a Source).
SOURCE_COLUMNS: Final = ("id", "name", "role", "date", "venue", "url", "relation", "weight")
#: The most bad rows one error lists; the message says how many more there are.
MAX_ROW_ERRORS: Final = 20

_HEADER_KEYS: Final = (
    "format_version", "count_units", "policy", "sources", "relations", "relations_json",
)  # fmt: skip
#: :func:`header_text` writes more relations than this as ``relations_json`` (a JSON
#: array in a TOML string), which reads about twice as fast as ``[[relations]]`` tables.
COMPACT_RELATIONS: Final = 100
_NUMBER: Final = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?\Z",
                            re.IGNORECASE)  # fmt: skip
_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TRUE: Final = ("true", "1", "yes")
_FALSE: Final = ("false", "0", "no")
_RELATIONS: Final = ("party", "adversary", "independent", "unknown")

#: A table as columns: each column's name and its cells, one per row.
Columns = Mapping[str, Sequence[object]]


@attrs.frozen
class Header:
    """What a claim table carries beside its rows."""

    policy: HedgePolicy = attrs.field(factory=HedgePolicy)
    relations: tuple[Sum, ...] = ()
    sources: Mapping[str, Source] = attrs.field(factory=dict)


class _Bad(Exception):  # noqa: N818 -- internal signal, collected into ClaimsFileError
    """One bad cell: the column (a schema name) and the message."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


# --------------------------------------------------------------------------- the header


def read_header(
    text: str, name: str, override: HedgePolicy | Mapping[str, Any] | None, max_depth: int
) -> Header:
    """Read a table's header: TOML with the top-level keys of a claims file but claims.

    Empty text is the default header. Errors name ``name`` and the header's line.
    """
    if not text.strip():
        return Header(policy=_policy(HedgePolicy(), override))
    index = LineIndex(text, "toml")
    data = parse(text, "toml", name, index, max_depth)
    reader = Reader(data, index, text, "toml", name)
    top = reader.mapping(data, (), _HEADER_KEYS, "a table's header")
    reader.version(top)
    reader.count_units(top.get("count_units"))
    policy = reader.policy(top.get("policy"), override)
    sources = reader.sources(top.get("sources", {}))
    if "relations_json" in top:
        relations = _json_relations(reader, top, max_depth)
    else:
        relations = tuple(reader.relations(top.get("relations", [])))
    return Header(policy=policy, relations=relations, sources=sources)


def _json_relations(reader: Reader, top: dict[str, Any], max_depth: int) -> tuple[Sum, ...]:
    """Read the relations of a header's ``relations_json``: a JSON array in a TOML string.

    The relations are the ``relations`` of a JSON claims file, read as a JSON claims
    file's are. The JSON is read where it stands in the header, so that an error names
    the header's line (and the relation as ``relations[i]``).
    """
    key: KeyPath = ("relations_json",)
    if "relations" in top:
        msg = "the relations are written twice; write them as [[relations]] or as relations_json"
        raise reader.fail(key, msg)
    value = top["relations_json"]
    if not isinstance(value, str):
        raise reader.expected(key, value, "a string holding a JSON array of relations")
    # A literal string stands verbatim in the header; the JSON's first line is found so.
    at = reader.text.find(value) if value else -1
    line = reader.text.count("\n", 0, at) + 1 if at >= 0 else reader.line(key) or 1
    text = '{"relations":' + "\n" * (line - 1) + value + "}"
    index = LineIndex(text, "json")
    data = parse(text, "json", reader.name, index, max_depth)
    inner = Reader(data, index, text, "json", reader.name)
    return tuple(inner.relations(data["relations"]))


def _policy(policy: HedgePolicy, override: HedgePolicy | Mapping[str, Any] | None) -> HedgePolicy:
    if override is None:
        return policy
    if isinstance(override, HedgePolicy):
        return override
    return apply_changes(policy, override)


def header_text(claimset: ClaimSet, policy: HedgePolicy) -> str:
    """Return the TOML header of a claim set's table: version, count units, policy, relations."""
    data = document(ClaimSet((), relations=claimset.relations), policy, "toml")
    data.pop("claims", None)
    counts = sorted({u for c in claimset if (u := _custom_count(c.count_unit)) is not None})
    if counts:
        data = {"format_version": data.pop("format_version"), "count_units": counts, **data}
    if len(claimset.relations) <= COMPACT_RELATIONS:
        return tomli_w.dumps(data)
    relations = data.pop("relations")
    top: dict[str, Any] = {k: data.pop(k) for k in ("format_version", "count_units") if k in data}
    # JSON strings hold neither line breaks nor control characters; the quote and the
    # one control character they may hold are escaped, so a literal string holds them.
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in relations)
    lines = lines.replace("'", "\\u0027").replace("\x7f", "\\u007f")
    return f"{tomli_w.dumps(top)}relations_json = '''\n[\n{lines}\n]'''\n\n{tomli_w.dumps(data)}"


# --------------------------------------------------------------------------- cells


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value


def _whole(value: object) -> bool:
    """Return whether a cell is an integer (not a boolean)."""
    return type(value) is not bool and isinstance(value, numbers.Integral)


def _text(value: object, column: str) -> str:
    if isinstance(value, str):
        return value
    if column == "id" and _whole(value):
        return str(value)
    raise _Bad(column, f"expected text, got {type(value).__name__} {value!r}")


def _number(value: object, column: str) -> float:
    if type(value) is not bool and isinstance(value, numbers.Real):
        number = float(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        what = "text" if isinstance(value, str) else type(value).__name__
        msg = (
            f"expected a number such as 45690 or 4.569e4, got {what} {value!r}; leave the cell "
            "empty for an unbounded end, and put phrases such as 'about 45,690' in 'value'"
        )
        raise _Bad(column, msg)
    return number


def _flag(value: object, column: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral) and int(value) in (0, 1):
        return bool(int(value))
    if isinstance(value, str) and value.strip().lower() in (*_TRUE, *_FALSE):
        return value.strip().lower() in _TRUE
    raise _Bad(column, f"expected true or false, got {type(value).__name__} {value!r}")


def _integer(value: object, column: str) -> int:
    if _whole(value):
        return int(str(value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise _Bad(column, f"expected a whole number, got {type(value).__name__} {value!r}")


def _date(value: object, column: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            msg = (
                f"expected a date, got the date-time {value.isoformat()!r}; periods are whole "
                f"days, so give the date alone: {value.date().isoformat()}"
            )
            raise _Bad(column, msg)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DAY.match(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError as err:
            raise _Bad(column, f"{value!r} is not a date: {err}") from None
    msg = f"expected a date such as 2024-12-12, got {type(value).__name__} {value!r}"
    raise _Bad(column, msg)


def _choice(value: str, column: str, options: tuple[str, ...]) -> str:
    if value not in options:
        close = difflib.get_close_matches(value, options, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        listed = ", ".join(repr(o) for o in options)
        raise _Bad(column, f"{value!r} is not one of {listed}{hint}")
    return value


# --------------------------------------------------------------------------- rows


class _Row:
    """The non-blank cells of one row, by schema name."""

    def __init__(self, cells: dict[str, object]) -> None:
        self.cells = cells

    def __contains__(self, column: str) -> bool:
        return column in self.cells

    def get(self, column: str, read: Callable[[object, str], Any]) -> Any:
        if column not in self.cells:
            return None
        return read(self.cells[column], column)

    def text(self, column: str) -> str | None:
        value = self.get(column, _text)
        return value or None


def _row_period(row: _Row, start: datetime.date | None) -> Period:
    text = row.text("period")
    if text is not None:
        for other in ("start", "end"):
            if other in row:
                msg = f"the period is given twice, as 'period' and as {other!r}: keep one"
                raise _Bad(other, msg)
        try:
            period = calendar_period(text)
        except ClaimkitError as err:
            raise _Bad("period", str(err)) from None
        if period is None:
            msg = (
                f'{text!r} is not a period: expected a calendar month "2024-11", a year '
                '"2024" or a day "2024-11-05"; for other spans use start and end'
            )
            raise _Bad("period", msg)
        return period
    end = row.get("end", _date)
    first = row.get("start", _date) or start
    if end is None:
        msg = (
            "no period: give 'period' (\"2024-11\") or 'end' (the first day not counted) "
            "with 'start'"
        )
        raise _Bad("end", msg)
    if first is None:
        msg = "no start: give a 'start' column, or one start date for every row (start=...)"
        raise _Bad("start", msg)
    if end <= first:
        msg = (
            f"the period ends on {end.isoformat()}, not after its start {first.isoformat()}: "
            "end is the first day not counted"
        )
        raise _Bad("end", msg)
    return Period(first, end)


def _row_value(
    row: _Row, default_unit: str, policy: HedgePolicy, *, ratio: bool = False
) -> tuple[Range, str | None, str]:
    """Return the row's value, the phrase to keep with it, and its unit."""
    unit = row.text("unit") or default_unit
    try:
        canonical = normalize_unit(unit)
    except ClaimkitError as err:
        raise _Bad("unit" if "unit" in row else None, str(err)) from None
    phrase = row.text("value")
    lo, hi = row.get("lo", _number), row.get("hi", _number)
    if lo is None and hi is None:
        if phrase is None:
            msg = (
                "no value: give a phrase in 'value' (such as 'over 1,000,000') or bounds in "
                "'lo' and 'hi' (an empty cell is an unbounded end)"
            )
            raise _Bad("value", msg)
        given = row.text("unit") if ratio else unit
        try:
            return read_phrase(phrase, given, policy, ratio=ratio)[0], phrase, unit
        except PhraseError as err:
            raise _Bad("value", f"cannot read the phrase under the policy: {err}") from None
        except UnitError as err:
            raise _Bad("unit", str(err)) from None
    lo_open = bool(row.get("lo_open", _flag))
    hi_open = bool(row.get("hi_open", _flag))
    try:
        value = Range(
            -math.inf if lo is None else lo,
            math.inf if hi is None else hi,
            canonical,
            lo_open=lo_open,
            hi_open=hi_open,
        )
    except ClaimkitError as err:
        raise _Bad("lo" if lo is not None else "hi", str(err)) from None
    return value, phrase, unit


def _row_of(row: _Row) -> Quantity | None:
    """Return a ratio's denominator from the ``of_`` columns, or None if they are empty."""
    measure = row.text("of_measure")
    given = [c for c in ("of_subject", "of_start", "of_end") if c in row]
    if measure is None:
        if given:
            msg = f"{given[0]!r} is given without 'of_measure', the denominator's measure"
            raise _Bad(given[0], msg)
        return None
    start, end = row.get("of_start", _date), row.get("of_end", _date)
    if (start is None) != (end is None):
        missing = "of_end" if end is None else "of_start"
        msg = "give both of_start and of_end (end exclusive), or neither for the claim's period"
        raise _Bad(missing, msg)
    period = None
    if start is not None and end is not None:
        if end <= start:
            msg = (
                f"the denominator's period ends on {end.isoformat()}, not after its start "
                f"{start.isoformat()}: of_end is the first day not counted"
            )
            raise _Bad("of_end", msg)
        period = Period(start, end)
    try:
        return Quantity(measure, row.text("of_subject"), period)
    except ClaimkitError as err:
        raise _Bad("of_subject" if "subject" in str(err) else "of_measure", str(err)) from None


def _row_source(row: _Row, known: Mapping[str, Source]) -> Source | None:
    source_id = row.text("source")
    name = row.text("source_name")
    details = [c for c in ("source_role", "source_date", "source_venue", "source_relation",
                           "source_weight", "url") if c in row]  # fmt: skip
    if name is None:
        if details:
            raise _Bad(details[0], f"{details[0]!r} is given without 'source_name'")
        if source_id is None:
            return None
        if source_id not in known:
            close = difflib.get_close_matches(source_id, list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            msg = (
                f"unknown source {source_id!r}{hint}: give a 'source_name' column, or a "
                "sources table with this id"
            )
            raise _Bad("source", msg)
        return known[source_id]
    relation = row.text("source_relation")
    weight = row.get("source_weight", _number)
    try:
        return Source(
            name,
            id=source_id,
            role=row.text("source_role"),
            date=row.get("source_date", _date),
            venue=row.text("source_venue"),
            url=row.text("url"),
            relation=_choice(relation, "source_relation", _RELATIONS)  # type: ignore[arg-type]
            if relation
            else "unknown",
            weight=1.0 if weight is None else weight,
        )
    except ClaimkitError as err:
        text = str(err)
        blamed = next((c for c in ("id", "role", "date", "venue", "url", "weight")
                       if f"source {c} " in text or text.startswith(f"{c} ")), "name")  # fmt: skip
        column = {"id": "source", "url": "url"}.get(blamed, f"source_{blamed}")
        raise _Bad(column, text) from None


def _row_claim(
    row: _Row, number: int, header: Header, unit: str, start: datetime.date | None
) -> Claim:
    fields: dict[str, Any] = {"id": row.text("id") or f"row-{number}"}
    for column in ("measure", "subject"):
        fields[column] = row.text(column)
        if fields[column] is None:
            raise _Bad(column, f"the cell is empty: every claim needs a {column}")
    fields["period"] = _row_period(row, start)
    of = _row_of(row)
    choices = (
        ("kind", ("total", "rate", "ratio")),
        ("reading", ("average", "each")),
        ("basis", ("total", "rate")),
    )
    for column, options in choices:
        text = row.text(column)
        if text is not None:
            fields[column] = _choice(text, column, options)
    ratio = fields.get("kind", "ratio" if of is not None else None) == "ratio"
    value, phrase, _ = _row_value(row, RATIO_UNIT if ratio else unit, header.policy, ratio=ratio)
    fields["value"] = value
    if of is not None:
        fields["of"] = of
    fields["source"] = _row_source(row, header.sources)
    fields["quote"] = row.text("quote")
    fields["note"] = row.text("note")
    span = (row.get("span_start", _integer), row.get("span_end", _integer))
    if span != (None, None):
        if None in span:
            raise _Bad("span_end" if span[1] is None else "span_start", "give both span ends")
        fields["span"] = span
    try:
        claim = Claim(**fields)
    except ClaimkitError as err:
        raise _Bad(_claim_column(err, row), str(err)) from None
    if phrase is not None and claim.phrase is None:
        claim = _with_phrase(claim, phrase, header.policy)
    return claim


def _with_phrase(claim: Claim, phrase: str, policy: HedgePolicy) -> Claim:
    """Keep a phrase beside bounds when it reads as them (as :func:`claim_columns` writes it)."""
    try:
        return claim.replace(phrase=phrase, policy=policy)
    except ClaimkitError:
        return claim


def _claim_column(err: ClaimkitError, row: _Row) -> str | None:
    text = str(err)
    columns = ("measure", "subject", "kind", "reading", "basis", "quote", "span", "note", "id")
    for column in columns:
        if re.search(rf": {column} ", text) and (column in row or column == "span"):
            return "span_start" if column == "span" else column
    if re.search(r": of\b", text) and "of_measure" in row:
        return "of_measure"
    if "reading 'each'" in text and "reading" in row:
        return "reading"
    if "needs a value whose unit" in text:
        return "kind" if "kind" in row else "unit"
    return None


def read_rows(
    columns: Columns,
    rows: int,
    *,
    header: Header,
    unit: str | None = None,
    start: datetime.date | None = None,
    names: Mapping[str, str] | None = None,
    lines: Sequence[int] | None = None,
    path: str | None = None,
) -> ClaimSet:
    """Read the rows of a claim table (columns by schema name) into a claim set.

    ``names`` gives the table's own name of a schema column, for messages; ``lines``
    the line of each row in a file. Every bad row is reported at once.
    """
    missing = [c for c in ("measure", "subject") if c not in columns]
    if "period" not in columns and "end" not in columns:
        missing.append("end")
    if "value" not in columns and "lo" not in columns and "hi" not in columns:
        missing.append("value")
    if missing:
        have = [str(c) for c in columns]
        msg = (
            "the table has no column "
            + ", ".join(repr(c) for c in missing)
            + f"; its columns are {', '.join(map(repr, have)) or 'none'}"
            + "; a claim table needs measure, subject, a period (period, or end with a "
            "start) and a value (value, or lo and hi); map other names with columns=..."
        )
        raise ClaimsFileError(msg, path=path)
    default_unit = DEFAULT_UNIT if unit is None else unit
    problems: list[str] = []
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    where = _Locator(names or {}, lines)
    for i in range(rows):
        row = _Row({c: cells[i] for c, cells in columns.items() if not _blank(cells[i])})
        try:
            claim = _row_claim(row, i, header, default_unit, start)
            if claim.id in seen:
                msg = f"claim id {claim.id!r} is used twice, by rows {seen[claim.id]} and {i}"
                raise _Bad("id", msg)
        except _Bad as bad:
            problems.append(where.describe(i, bad, row))
            continue
        seen[claim.id] = i
        claims.append(claim)
    if problems:
        raise _collected(problems, path)
    relations = header.relations
    try:
        return ClaimSet(claims, relations=relations)
    except ClaimkitError as err:
        row_of = seen.get(getattr(err, "claim_id", None) or "")
        if row_of is not None:
            problem = _Bad(None, str(err))
            raise _collected([where.describe(row_of, problem, _Row({}))], path) from None
        raise ClaimsFileError(str(err), path=path) from None


class _Locator:
    def __init__(self, names: Mapping[str, str], lines: Sequence[int] | None) -> None:
        self.names = names
        self.lines = lines

    def describe(self, i: int, bad: _Bad, row: _Row) -> str:
        where = [f"line {self.lines[i]}"] if self.lines is not None else []
        where.append(f"row {i}")
        if bad.column is not None:
            column = self.names.get(bad.column, bad.column)
            where.append(
                f"column {column!r}" + ("" if column == bad.column else f" ({bad.column})")
            )
            if bad.column in row.cells:
                value = row.cells[bad.column]
                where[-1] += f" = {_shown(value)}"
        return f"{', '.join(where)}: {bad.message}"


def _shown(value: object) -> str:
    text = repr(value.isoformat() if isinstance(value, datetime.date) else value)
    return text if len(text) <= 60 else text[:57] + "..."


def _collected(problems: list[str], path: str | None) -> ClaimsFileError:
    if len(problems) == 1:
        return ClaimsFileError(problems[0], path=path)
    shown = problems[:MAX_ROW_ERRORS]
    more = len(problems) - len(shown)
    tail = f"\n  ... and {more} more (claimkit.files._table.MAX_ROW_ERRORS)" if more else ""
    msg = f"{len(problems)} rows cannot be read:\n  " + "\n  ".join(shown) + tail
    return ClaimsFileError(msg, path=path)


def unknown_columns(columns: Iterable[str], allowed: Sequence[str], path: str | None) -> None:
    """Refuse columns outside ``allowed`` (in files, where a misspelt column is an error)."""
    for column in columns:
        if column not in allowed:
            close = difflib.get_close_matches(column, list(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            msg = f"unknown column {column!r}{hint}; the columns of a claim table are " + ", ".join(
                allowed
            )
            raise ClaimsFileError(msg, path=path)


def read_sources(columns: Columns, rows: int, *, path: str | None = None) -> dict[str, Source]:
    """Read a sources table (columns :data:`SOURCE_COLUMNS`) into sources by id."""
    unknown_columns(columns, SOURCE_COLUMNS, path)
    renamed = {("source" if c == "id" else c if c == "url" else f"source_{c}"): cells
               for c, cells in columns.items()}  # fmt: skip
    names = dict(zip(renamed, columns, strict=True))
    where = _Locator(names, None)
    sources: dict[str, Source] = {}
    problems = []
    for i in range(rows):
        row = _Row({c: cells[i] for c, cells in renamed.items() if not _blank(cells[i])})
        try:
            if row.text("source_name") is None:
                raise _Bad("source_name", "the cell is empty: every source needs a name")
            source = _row_source(row, {})
        except _Bad as bad:
            problems.append("sources table, " + where.describe(i, bad, row))
            continue
        assert source is not None
        sources[source.id] = source
    if problems:
        raise _collected(problems, path)
    return sources


# --------------------------------------------------------------------------- writing


def claim_columns(claimset: ClaimSet, policy: HedgePolicy) -> dict[str, list[object]]:
    """Return a claim set as columns (all of :data:`COLUMNS` but ``period``).

    Dates are ``datetime.date``, bounds floats (``-inf`` and ``inf`` for unbounded
    ends), flags booleans, and absent fields ``None``. ``value`` holds a claim's
    phrase when it reads as the claim's value under ``policy``.
    """
    out: dict[str, list[object]] = {c: [] for c in COLUMNS if c != "period"}
    for claim in claimset:
        value, source = claim.value, claim.source
        phrase = claim.phrase
        if phrase is not None and claim.policy != policy:
            unit = claim.phrase_unit or value.unit
            ratio = claim.kind == "ratio"
            phrase = phrase if _reads_as(phrase, unit, policy, value, ratio=ratio) else None
        span = claim.span or (None, None)
        of = claim.of
        row: dict[str, object] = {
            "id": claim.id,
            "measure": claim.measure,
            "subject": claim.subject,
            "kind": claim.kind,
            "start": claim.period.start,
            "end": claim.period.end,
            "unit": value.unit,
            "value": phrase,
            "lo": value.lo,
            "hi": value.hi,
            "lo_open": value.lo_open,
            "hi_open": value.hi_open,
            "reading": claim.reading,
            "of_measure": None if of is None else of.measure,
            "of_subject": None if of is None else of.subject,
            "of_start": None if of is None or of.period is None else of.period.start,
            "of_end": None if of is None or of.period is None else of.period.end,
            "basis": None if of is None else claim.basis,
            "source": None if source is None else source.id,
            "source_name": None if source is None else source.name,
            "source_role": None if source is None else source.role,
            "source_date": None if source is None else source.date,
            "source_venue": None if source is None else source.venue,
            "source_relation": None if source is None else source.relation,
            "source_weight": None if source is None else source.weight,
            "url": None if source is None else source.url,
            "quote": claim.quote,
            "span_start": span[0],
            "span_end": span[1],
            "note": claim.note,
        }
        for column, cells in out.items():
            cells.append(row[column])
    return out
