"""Checking a table from its columns: :func:`check_table` and :func:`table_claims`.

A table checked this way gets no :class:`~claimkit.claims.claim.Claim` per row. Its
columns become a :class:`~claimkit.engine.columns.ClaimColumns`: dates as numpy
``datetime64[D]`` day numbers, each distinct unit normalised once, each distinct
phrase read once, each distinct (measure, subject, kind, unit, reading) checked once
as a claim, each distinct source made once; the relations and count units are
checked on one claim per such combination. The engine's model reads those columns
as it reads a claim set's, so the report is the one :func:`~claimkit.engine.checking.check` gives
for the claim set :func:`~claimkit.tables.from_frame` reads from the same table.

A table whose cells the columns cannot hold as they are (a ratio claim, a quote's
character span, bounds or flags given as text, an id that is not plain ASCII) or
that has a bad row is read by :func:`~claimkit.tables.from_frame` instead: the claims
and the errors are the same either way, only slower.
"""

from __future__ import annotations

import datetime
import math
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet, check_relation_names
from claimkit.claims.hedges import HedgePolicy
from claimkit.claims.quantity import check_name
from claimkit.claims.relations import Sum
from claimkit.claims.source import Source
from claimkit.engine.checking import check
from claimkit.engine.collector import collector_paused
from claimkit.engine.columns import (
    STRINGS,
    ClaimColumns,
    Strings,
    TableClaims,
    codes,
    distinct,
    distinct_first,
)
from claimkit.engine.report import EXACT_BOUNDS_ROWS, MAX_CONFLICTS, TENSION, Report
from claimkit.errors import ClaimkitError
from claimkit.files._read import DEFAULT_UNIT, calendar_period, read_phrase
from claimkit.files._table import _Bad, _date, _Row, _row_source
from claimkit.files._tablefile import METADATA_KEY
from claimkit.tables.frames import ATTRS_KEY, Reading, _modules, from_frame, read_options
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import normalize_unit

__all__ = ["check_table", "table_claims"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Objects = NDArray[np.object_]

#: The proleptic ordinal of 1970-01-01, day 0 of numpy's ``datetime64[D]``.
_EPOCH = datetime.date(1970, 1, 1).toordinal()
#: The ordinal of the last date Python has (9999-12-31).
_LAST_DAY = datetime.date.max.toordinal()
#: Ids the columns take as they are: ASCII letters, digits, ``.``, ``_`` and ``-``,
#: starting with a letter or digit (a subset of the ids a claim allows).
_PLAIN_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
#: The bytes of a plain id (as ``_PLAIN_ID``), and those it may start with.
_ID_START = np.zeros(256, dtype=np.bool_)
_ID_START[np.frombuffer(string.ascii_letters.encode() + string.digits.encode(), np.uint8)] = True
_ID_BYTE = _ID_START.copy()
_ID_BYTE[np.frombuffer(b"._-", np.uint8)] = True
#: The largest integer every smaller one of which a float holds exactly.
_EXACT_INT = 2**53
#: Columns whose cells the columns cannot hold (a ratio's denominator, a quote's span).
_ROW_BY_ROW = ("of_measure", "of_subject", "of_start", "of_end", "basis",
               "span_start", "span_end")  # fmt: skip
#: The columns that describe a row's source.
_SOURCE = ("source", "source_name", "source_role", "source_date", "source_venue",
           "source_relation", "source_weight", "url")  # fmt: skip


class _NotColumnar(Exception):  # noqa: N818 -- internal signal: read the table row by row
    """The table holds something the columns do not take as it is."""


def table_claims(
    frame: Any,
    *,
    relations: Iterable[Sum] = (),
    columns: Mapping[str, str] | None = None,
    unit: str | None = None,
    policy: HedgePolicy | Mapping[str, Any] | None = None,
    start: datetime.date | None = None,
    sources: Any = None,
) -> TableClaims | ClaimSet:
    """Read a table of claims into columns, as :func:`check_table` checks them.

    The options are those of :func:`~claimkit.tables.from_frame`, and so are the
    errors. The claims are kept as columns, sorted by id, and made as
    :class:`~claimkit.claims.claim.Claim` objects (by
    :func:`~claimkit.tables.from_frame`) only when
    :meth:`~claimkit.engine.columns.TableClaims.claimset` is called. A table that
    the columns cannot hold as it is (see the module documentation) is read by
    :func:`~claimkit.tables.from_frame` into a claim set, which is returned.

    Returns
    -------
    TableClaims or ClaimSet

    Raises
    ------
    ClaimsFileError, MissingDependencyError, InvalidArgumentError
        As :func:`~claimkit.tables.from_frame` raises them.

    Examples
    --------
    >>> import pandas as pd
    >>> from claimkit.tables import table_claims
    >>> table = pd.DataFrame({"id": ["b", "a"], "measure": "killed", "subject": "russia",
    ...                       "period": "2024-11", "value": ["about 1,000", "900"]})
    >>> claims = table_claims(table)
    >>> claims.columns.ids.tolist(), claims.columns.lo.tolist()
    (['a', 'b'], [850.0, 950.0])
    >>> print(claims["b"].value)
    [950, 1,050] person
    """
    options: dict[str, Any] = {
        "relations": relations,
        "columns": columns,
        "unit": unit,
        "policy": policy,
        "start": start,
        "sources": sources,
    }
    arrow = _arrow(frame)
    if arrow is None:
        return from_frame(frame, **options)
    table, text = arrow
    # The header's relations and the columns' distinct values are many objects, none
    # in a cycle: the cyclic collector is paused while they are made, as in a check.
    with collector_paused():
        reading = read_options(list(table.column_names), text, **options)
        try:
            found = _Columns(table, reading).read()
        except _NotColumnar:
            found = None
    if found is None:  # read row by row, outside the handler: its errors are the user's
        return from_frame(frame, **options)
    return TableClaims(found, make=lambda: from_frame(frame, **options))


def check_table(
    frame: Any,
    *,
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
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Check a table of claims (a pandas DataFrame or a pyarrow Table) from its columns.

    ``claimkit.check(frame)`` calls it. The table is read as
    :func:`~claimkit.tables.from_frame` reads it (the first options are its own), and
    checked as :func:`~claimkit.engine.checking.check` checks (the last ones are its own), without a
    :class:`~claimkit.claims.claim.Claim` per row (see :func:`table_claims`): the
    report is the same. ``report.claimset`` reads the claims from the table when it
    is first asked for; :func:`~claimkit.tables.findings_frame` reads the findings
    without a :class:`~claimkit.engine.report.Finding` per row.

    Returns
    -------
    Report

    Raises
    ------
    ClaimsFileError, MissingDependencyError, InvalidArgumentError
        As :func:`~claimkit.tables.from_frame` and
        :func:`~claimkit.engine.checking.check` raise them.

    Examples
    --------
    >>> import pandas as pd
    >>> import claimkit as ck
    >>> table = pd.DataFrame({"id": ["a", "b"], "measure": "killed", "subject": "russia",
    ...                       "period": "2024-11", "lo": [100, 300], "hi": [200, 400]})
    >>> report = ck.check(table)
    >>> report.consistent, report.counts()["conflict"]
    (False, 2)
    >>> from claimkit.tables import findings_frame
    >>> findings_frame(report)[["kind", "claims", "description"]]
                kind claims       description
    0   conflict-set   a, b  gap 100 people
    1  same-quantity   a, b  gap 100 people
    """
    claims = table_claims(
        frame,
        relations=relations,
        columns=columns,
        unit=unit,
        policy=policy,
        start=start,
        sources=sources,
    )
    return check(
        claims,
        compare=compare,
        tension=tension,
        exact_bounds=exact_bounds,
        max_conflicts=max_conflicts,
        progress=progress,
    )


# --------------------------------------------------------------------------- reading


def _arrow(frame: object) -> tuple[Any, str] | None:
    """Return a frame as a pyarrow Table with its header, or None to read it row by row."""
    pandas, pyarrow = _modules()
    if pyarrow is None:
        return None
    if pandas is not None and isinstance(frame, pandas.DataFrame):
        names = [str(c) for c in frame.columns]
        if len(set(names)) != len(names):
            return None
        try:
            table = pyarrow.Table.from_pandas(frame, preserve_index=False)
        except (pyarrow.ArrowException, TypeError, ValueError):
            return None
        header = frame.attrs.get(ATTRS_KEY, "")
        return table.rename_columns(names), header if isinstance(header, str) else ""
    if isinstance(frame, pyarrow.Table):
        metadata = frame.schema.metadata or {}
        return frame, metadata.get(METADATA_KEY, b"").decode("utf-8", "replace")
    return None


class _Columns:
    """Reads the columns of a pyarrow Table into ClaimColumns, or gives up (internal)."""

    def __init__(self, table: Any, reading: Reading) -> None:
        import pyarrow
        import pyarrow.compute

        self.pa = pyarrow
        self.pc = pyarrow.compute
        self.table = table
        self.reading = reading
        self.n = int(table.num_rows)
        self.policy = reading.header.policy

    def column(self, name: str) -> Any | None:
        """Return the column a schema name maps to, as one array (None if absent).

        A dictionary-encoded column (a pandas category) is decoded.
        """
        own = self.reading.columns.get(name)
        if own is None:
            return None
        array = self.table.column(own).combine_chunks()
        if self.pa.types.is_dictionary(array.type):
            array = array.dictionary_decode()
        return array

    # -- cells -----------------------------------------------------------------------

    def strings(self, array: Any) -> Any:
        """Return a column of text as ``string`` or ``large_string``.

        A ``string_view`` column (pyarrow 16 and later) is cast to ``large_string``;
        a column of anything else is not read from the columns.
        """
        types = self.pa.types
        is_view = getattr(types, "is_string_view", None)  # pyarrow >= 16
        if is_view is not None and is_view(array.type):
            array = array.cast(self.pa.large_string())
        if not (types.is_string(array.type) or types.is_large_string(array.type)):
            raise _NotColumnar
        return array

    def text(self, name: str) -> tuple[Ints, list[str]]:
        """Return each row's code into the distinct texts of a column (-1: empty)."""
        array = self.column(name)
        if array is None or self.pa.types.is_null(array.type):
            return np.full(self.n, -1, dtype=np.int64), []
        array = self.strings(array)
        encoded = array.dictionary_encode()
        indices = encoded.indices.fill_null(-1) if encoded.indices.null_count else encoded.indices
        found = indices.to_numpy(zero_copy_only=False).astype(np.int64)
        values = encoded.dictionary.to_pylist()
        if "" in values:
            found[found == values.index("")] = -1
        return found, values

    def numbers(self, name: str) -> Floats:
        """Return a column of numbers as floats, NaN for an empty cell."""
        array = self.column(name)
        if array is None or self.pa.types.is_null(array.type):
            return np.full(self.n, np.nan)
        kind = array.type
        if not (self.pa.types.is_integer(kind) or self.pa.types.is_floating(kind)):
            raise _NotColumnar
        if self.pa.types.is_integer(kind):
            ends = self.pc.min_max(array).values()
            if any(e.as_py() is not None and abs(e.as_py()) > _EXACT_INT for e in ends):
                raise _NotColumnar  # a float holds it only rounded: the row reader says how
            array = array.cast(self.pa.float64())
        values = array.to_numpy(zero_copy_only=False)
        return np.asarray(values, dtype=np.float64) + 0.0

    def flags(self, name: str) -> Bools:
        """Return a column of flags (an empty cell is false)."""
        array = self.column(name)
        if array is None or self.pa.types.is_null(array.type):
            return np.zeros(self.n, dtype=np.bool_)
        if not self.pa.types.is_boolean(array.type):
            raise _NotColumnar
        return np.asarray(array.fill_null(False).to_numpy(zero_copy_only=False), dtype=np.bool_)

    def days(self, name: str) -> tuple[Ints, Bools]:
        """Return a column of dates as ordinals, and which cells hold one."""
        array = self.column(name)
        if array is None or self.pa.types.is_null(array.type):
            return np.zeros(self.n, dtype=np.int64), np.zeros(self.n, dtype=np.bool_)
        if array.null_count:
            present = ~np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)
        else:
            present = np.ones(self.n, dtype=np.bool_)
        kind = array.type
        if self.pa.types.is_timestamp(kind):
            if kind.tz is not None:
                raise _NotColumnar
            stamps = array.to_numpy(zero_copy_only=False)
            day = stamps.astype("datetime64[D]")
            if bool(np.any(present & (day.astype(stamps.dtype) != stamps))):
                raise _NotColumnar  # a date-time: the row reader says why
            ordinals = day.astype(np.int64)
        elif self.pa.types.is_date(kind):
            ordinals = array.cast(self.pa.date32()).to_numpy(zero_copy_only=False)
            ordinals = ordinals.astype("datetime64[D]", copy=False).view(np.int64)
        elif self.pa.types.is_string(kind) or self.pa.types.is_large_string(kind):
            found, values = self.text(name)
            try:
                table = np.array(
                    [_date(v, name).toordinal() - _EPOCH for v in values] or [0], dtype=np.int64
                )
            except _Bad:
                raise _NotColumnar from None
            present = found >= 0
            ordinals = table[np.maximum(found, 0)]
        else:
            raise _NotColumnar
        ordinals = ordinals + _EPOCH
        if not bool(present.all()):
            ordinals[~present] = 1
        if bool(np.any((ordinals < 1) | (ordinals > _LAST_DAY))):
            raise _NotColumnar  # not a date of the calendar Python counts
        return ordinals, present

    # -- claims ----------------------------------------------------------------------

    def read(self) -> ClaimColumns:
        for name in _ROW_BY_ROW:
            array = self.column(name)
            if array is not None and array.null_count < self.n:
                raise _NotColumnar
        for name in ("quote", "note"):
            array = self.column(name)
            if array is not None and not self.pa.types.is_null(array.type):
                self.strings(array)  # text, or the row reader says what is wrong
        ids = self.ids()
        measure, measures = self.text("measure")
        subject, subjects = self.text("subject")
        if self.n and (bool(np.any(measure < 0)) or bool(np.any(subject < 0))):
            raise _NotColumnar
        start, end = self.periods()
        value = self.values()
        kind, window, family = self.kinds(measure, measures, subject, subjects, value)
        source, known = self.sources()
        unit, units = value["unit"]
        arrays = {
            "measure": measure,
            "subject": subject,
            "start": start,
            "end": end,
            "is_rate": kind,
            "window": window,
            "unit": unit,
            "lo": value["lo"],
            "hi": value["hi"],
            "lo_open": value["lo_open"],
            "hi_open": value["hi_open"],
            "source": source,
        }
        # Every row's fields in the order of the ids (sorted), as the engine reads them.
        return ClaimColumns(
            ids=ids,
            **{name: array[self.order] for name, array in arrays.items()},
            measures=tuple(measures),
            subjects=tuple(subjects),
            units=units,
            sources=known,
            relations=family.relations,
            measure_hierarchy=family.measure_hierarchy,
            subject_hierarchy=family.subject_hierarchy,
            family_units=family.family_units,
        )

    def ids(self) -> Strings:
        """Return the ids (``row-<n>`` for an empty cell), sorted; set the rows' order by id."""
        pa, pc = self.pa, self.pc
        array = self.column("id")
        if array is None or pa.types.is_null(array.type):
            array = pa.nulls(self.n, pa.string())
        array = self.strings(array)
        blank = pc.or_kleene(pc.is_null(array), pc.equal(array, "")).fill_null(True)
        if pc.any(blank).as_py():
            rows = pa.array([f"row-{i}" for i in range(self.n)], pa.string())
            array = pc.if_else(blank, rows.cast(array.type), array)
        if not self.plain_ids(array):
            raise _NotColumnar
        by_id = pc.sort_indices(array)
        ordered = array.take(by_id)
        if self.repeats(ordered):
            raise _NotColumnar  # an id used twice: the row reader names the rows
        self.order = by_id.to_numpy(zero_copy_only=False).astype(np.int64)
        return _ascii_strings(ordered)

    def repeats(self, ordered: Any) -> bool:
        """Return whether a sorted text array without nulls holds a text twice.

        Its equal texts are neighbours: they are compared by Arrow, not as numpy
        strings.
        """
        n = len(ordered)
        if n < 2:
            return False
        same = self.pc.equal(ordered.slice(1), ordered.slice(0, n - 1))
        return bool(self.pc.any(same).as_py())

    def plain_ids(self, array: Any) -> bool:
        """Return whether every cell of a text array without nulls matches ``_PLAIN_ID``.

        Read from the array's bytes: each cell is not empty, starts with a letter or
        a digit and holds only the bytes of ``_PLAIN_ID``, all ASCII (no byte of a
        longer UTF-8 character is among them).
        """
        n = len(array)
        _, offset_buffer, data_buffer = array.buffers()[:3]
        found = np.frombuffer(offset_buffer, dtype=_offset_type(array))
        found = found[array.offset : array.offset + n + 1]
        offsets = found.astype(np.int64)
        starts = offsets[:-1]
        if n == 0 or not bool(np.all(offsets[1:] > starts)):
            return n == 0
        data = np.frombuffer(data_buffer, dtype=np.uint8)
        every = data[int(offsets[0]) : int(offsets[-1])]
        return bool(_ID_START[data[starts]].all()) and bool(_ID_BYTE[every].all())

    def periods(self) -> tuple[Ints, Ints]:
        """Return each row's period as ordinals ``[start, end)``."""
        text, values = self.text("period")
        start, has_start = self.days("start")
        end, has_end = self.days("end")
        by_text = text >= 0
        if bool(np.any(by_text & (has_start | has_end))):
            raise _NotColumnar
        if values:
            try:
                found = [calendar_period(v) for v in values]
            except ClaimkitError:
                raise _NotColumnar from None
            if any(p is None for p in found):
                raise _NotColumnar
            first = np.array([p.start.toordinal() for p in found if p], dtype=np.int64)
            last = np.array([p.end.toordinal() for p in found if p], dtype=np.int64)
            where = np.maximum(text, 0)
            start = np.where(by_text, first[where], start)
            end = np.where(by_text, last[where], end)
        default = self.reading.start
        if default is not None:
            start = np.where(by_text | has_start, start, default.toordinal())
            has_start = has_start | (default is not None)
        if bool(np.any(~by_text & ~(has_end & has_start))) or bool(np.any(end <= start)):
            raise _NotColumnar
        return start.astype(np.int64), end.astype(np.int64)

    def values(self) -> dict[str, Any]:
        """Return each row's value: its ends, open flags and unit (code and distinct units)."""
        lo, hi = self.numbers("lo"), self.numbers("hi")
        lo_open, hi_open = self.flags("lo_open"), self.flags("hi_open")
        unit_text, unit_values = self.text("unit")
        default = DEFAULT_UNIT if self.reading.unit is None else self.reading.unit
        named = [*unit_values, default]
        try:
            canonical = [normalize_unit(u) for u in named]
        except ClaimkitError:
            raise _NotColumnar from None
        given = np.where(unit_text >= 0, unit_text, len(named) - 1)
        phrase, phrases = self.text("value")
        by_phrase = np.isnan(lo) & np.isnan(hi)
        if bool(np.any(by_phrase & (phrase < 0))):
            raise _NotColumnar
        # Bounds: a Range of them, canonical (infinite ends open, -0.0 as 0.0).
        lo = np.where(np.isnan(lo), -np.inf, lo) + 0.0
        hi = np.where(np.isnan(hi), np.inf, hi) + 0.0
        lo_open = lo_open | (lo == -np.inf)
        hi_open = hi_open | (hi == np.inf)
        bad = ~by_phrase & ((lo > hi) | ((lo == hi) & (lo_open | hi_open)))
        if bool(np.any(bad)):
            raise _NotColumnar
        units: list[str] = list(dict.fromkeys(canonical))
        unit = np.array([units.index(u) for u in canonical], dtype=np.int64)[given]
        # Phrases: each distinct (phrase, unit) read once.
        rows = np.flatnonzero(by_phrase)
        if rows.shape[0]:
            pairs, inverse = distinct(phrase[rows] * len(named) + given[rows])
            read: list[Range] = []
            for key in pairs.tolist():
                text, which = divmod(key, len(named))
                try:
                    read.append(
                        read_phrase(phrases[text], named[which], self.policy, ratio=False)[0]
                    )
                except ClaimkitError:
                    raise _NotColumnar from None
            where = inverse.reshape(-1)
            units.extend(r.unit for r in read if r.unit not in units)
            lo[rows] = np.array([r.lo for r in read])[where]
            hi[rows] = np.array([r.hi for r in read])[where]
            lo_open[rows] = np.array([r.lo_open for r in read], dtype=np.bool_)[where]
            hi_open[rows] = np.array([r.hi_open for r in read], dtype=np.bool_)[where]
            unit[rows] = np.array([units.index(r.unit) for r in read], dtype=np.int64)[where]
            if any(r.is_empty for r in read):
                raise _NotColumnar
        return {
            "lo": lo,
            "hi": hi,
            "lo_open": lo_open,
            "hi_open": hi_open,
            "unit": (unit, tuple(units)),
        }

    def kinds(
        self,
        measure: Ints,
        measures: list[str],
        subject: Ints,
        subjects: list[str],
        value: dict[str, Any],
    ) -> tuple[Bools, Ints, ClaimSet]:
        """Check the claims by what they share, and return their kinds, windows and family.

        One claim per distinct (measure, kind, unit, reading) is made and checked,
        and put in a claim set with the relations, which checks how the measures use
        them and gives the hierarchies and family units; each distinct subject is
        checked as a name, against the measures' relations, and with the measures
        against the names of the relations, as a claim set of every claim would.
        Returns whether each row is a rate, its window (0 unless read on "each"
        window), and that claim set.
        """
        kind, kinds = self.text("kind")
        reading, readings = self.text("reading")
        if not set(kinds) <= {"total", "rate", ""} or not set(readings) <= {"average", "each", ""}:
            raise _NotColumnar
        unit, units = value["unit"]
        relations = self.reading.header.relations
        names = {subjects[k] for k in distinct(subject)[0].tolist()}
        # The one subject the claims below are about: a name of the relations if the
        # claims use one, so that it adds no name outside them. (The names of the sums
        # over subjects are those of the set's subject hierarchy, checked with it below.)
        summed = {n for s in relations if s.over == "subject" for n in (s.total, *s.parts)}
        about = min(names & summed or names, default="")
        key = _combined([measure, kind, unit, reading])
        _, first, inverse = distinct_first(key)
        day = Period.day(datetime.date(2000, 1, 1))
        ones = {u: Range(1, 1, u) for u in units}
        made: list[Claim] = []
        try:
            for n, row in enumerate(first.tolist()):
                fields: dict[str, Any] = {}
                if kind[row] >= 0:
                    fields["kind"] = kinds[int(kind[row])]
                if reading[row] >= 0:
                    fields["reading"] = readings[int(reading[row])]
                made.append(
                    Claim(
                        id=f"c{n}",
                        measure=measures[int(measure[row])],
                        subject=about,
                        period=day,
                        value=ones[units[int(unit[row])]],
                        **fields,
                    )
                )
            family = ClaimSet(made, relations=relations)
            for name in names:
                check_name(name, "subject", "a claim")
            if names & family.measure_hierarchy.names:
                raise _NotColumnar
            check_relation_names(
                {measures[k] for k in distinct(measure)[0].tolist()},
                names,
                family.measure_hierarchy,
                family.subject_hierarchy,
            )
        except ClaimkitError:
            raise _NotColumnar from None
        where = inverse.reshape(-1)
        is_rate = np.array([c.kind == "rate" for c in made], dtype=np.bool_).reshape(-1)[where]
        window = np.array([c.window or 0 for c in made], dtype=np.int64).reshape(-1)[where]
        return is_rate, window, family

    def sources(self) -> tuple[Ints, tuple[Source, ...]]:
        """Return each row's source (code, -1 for none), each distinct source made once."""
        present = [name for name in _SOURCE if self.column(name) is not None]
        if not present:
            return np.full(self.n, -1, dtype=np.int64), ()
        cells: list[tuple[Ints, list[object]]] = []
        for name in present:
            array = self.column(name)
            if array is None or self.pa.types.is_null(array.type):
                cells.append((np.full(self.n, -1, dtype=np.int64), []))
                continue
            encoded = array.dictionary_encode()
            found = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
            cells.append((found, encoded.dictionary.to_pylist()))
        key = _combined([found for found, _ in cells])
        _, first, inverse = distinct_first(key)
        made: list[Source | None] = []
        for row in first.tolist():
            given = {
                name: values[int(found[row])]
                for name, (found, values) in zip(present, cells, strict=True)
                if found[row] >= 0 and not _blank(values[int(found[row])])
            }
            try:
                made.append(_row_source(_Row(given), self.reading.header.sources))
            except _Bad:
                raise _NotColumnar from None
        code, known = codes(made)
        sources = tuple(s for s in known if s is not None)
        if None in known:
            blank = known.index(None)
            code = np.where(code == blank, -1, code - (code > blank))
        return code.astype(np.int64)[inverse.reshape(-1)], sources


def _ascii_strings(array: Any) -> Strings:
    """Return a pyarrow text array of ASCII cells, none null, as numpy text (``STRINGS``).

    Arrow pads every cell with NUL bytes to the longest one's width, and numpy casts
    a view of those bytes as fixed-width ``bytes`` (which drops the padding) to
    variable-width text: no Python string is made per cell. Before numpy 2.0 the
    cells are Python strings, as they come out of Arrow.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from claimkit.tables.columnar import _ascii_strings
    >>> _ascii_strings(pa.array(["a-1", "b", "c.22"]).slice(1)).tolist()
    ['b', 'c.22']
    """
    import pyarrow.compute as pc

    n = len(array)
    if n == 0 or STRINGS == np.dtype(np.object_):
        found: Strings = array.to_numpy(zero_copy_only=False).astype(STRINGS)
        return found
    width = int(pc.max(pc.binary_length(array)).as_py())
    padded = pc.ascii_rpad(array, width=width, padding="\x00")
    offsets = np.frombuffer(padded.buffers()[1], dtype=_offset_type(padded))
    first = int(offsets[padded.offset])
    cells = np.frombuffer(padded.buffers()[2], dtype=f"S{width}", count=n, offset=first)
    return cells.astype(STRINGS)


def _offset_type(array: Any) -> type[np.signedinteger[Any]]:
    """Return the numpy type of a pyarrow text array's offsets."""
    import pyarrow

    return np.int64 if pyarrow.types.is_large_string(array.type) else np.int32


def _blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _combined(parts: Sequence[Ints]) -> Ints:
    """Return one code per row for the combination of several codes (each at least -1).

    The codes are folded into one key, numbered afresh only when the next would
    take the key past 62 bits: a few small codes take one pass.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.tables.columnar import _combined
    >>> _combined([np.array([0, 1, 0, 0]), np.array([-1, 2, -1, 3])]).tolist()
    [0, 2, 0, 1]
    """
    n = parts[0].shape[0] if parts else 0
    key = np.zeros(n, dtype=np.int64)
    span = 1  # the key is below span
    for part in parts:
        width = int(part.max(initial=0)) + 2
        if span * width >= 2**62:
            _, key = distinct(key)
            span = int(key.max(initial=0)) + 1
        key = key * width + (part + 1)
        span *= width
    _, key = distinct(key)
    return key.reshape(-1).astype(np.int64)
