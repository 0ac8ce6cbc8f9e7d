"""Claims files as tables: CSV (standard library) and Parquet (pyarrow), one row per claim.

A CSV claims file is UTF-8 text: optional header lines that start with ``#``,
whose text (without the ``#`` and one space) is TOML with the keys of a claims
file but claims (``format_version``, ``count_units``, ``[policy]``,
``[sources.<id>]``, ``[[relations]]``); then a row of column names and one row per
claim. A Parquet claims file holds the same columns and keeps the header's TOML in
its schema metadata under the key ``claimkit``. The columns are those of
:data:`claimkit.files._table.COLUMNS`; unknown columns are errors, as unknown keys
are in TOML files.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Final, Literal

from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.errors import ClaimsFileError, MissingDependencyError
from claimkit.files._table import (
    COLUMNS,
    claim_columns,
    header_text,
    read_header,
    read_rows,
    unknown_columns,
)
from claimkit.files._write import file_policy

__all__ = ["METADATA_KEY", "TableFormat", "install_hint", "read_table", "write_table"]

#: The two table formats of a claims file.
TableFormat = Literal["csv", "parquet"]
#: The key of a Parquet file's schema metadata that holds the header.
METADATA_KEY: Final = b"claimkit"

_TYPES: Final = {
    **dict.fromkeys(("lo", "hi", "source_weight"), "float64"),
    **dict.fromkeys(("lo_open", "hi_open"), "bool_"),
    **dict.fromkeys(("start", "end", "of_start", "of_end", "source_date"), "date32"),
    **dict.fromkeys(("span_start", "span_end"), "int64"),
}


def install_hint(what: str) -> str:
    """Return the message for a missing optional dependency of the tables extra."""
    return f"{what}: install claimkit's tables extra, pip install 'claimkit[tables]'"


def read_table(
    path: str,
    fmt: TableFormat,
    policy: HedgePolicy | Mapping[str, Any] | None,
    max_depth: int,
) -> ClaimSet:
    """Read a CSV or Parquet claims file."""
    if fmt == "parquet":
        return _read_parquet(path, policy, max_depth)
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        msg = f"the file is not UTF-8 text (byte offset {err.start}); save the CSV as UTF-8"
        raise ClaimsFileError(msg, path=path, line=line) from None
    head: list[str] = []
    rest = text
    while rest.startswith("#"):
        comment, _, rest = rest.partition("\n")
        head.append(comment[1:].removeprefix(" ").rstrip("\r"))
    header = read_header("\n".join(head), path, policy, max_depth)
    reader = csv.reader(io.StringIO(rest, newline=""))
    names: list[str] | None = None
    lines: list[int] = []
    rows: list[list[str]] = []
    consumed = 0
    for record in reader:
        first, consumed = len(head) + consumed + 1, reader.line_num
        if not record or record == [""]:
            continue
        if names is None:
            names = record
            unknown_columns(names, COLUMNS, path)
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                msg = f"the column {twice[0]!r} appears twice in the header row"
                raise ClaimsFileError(msg, path=path, line=first)
            continue
        if len(record) != len(names):
            msg = (
                f"the row has {len(record)} cells but the header row names {len(names)} "
                "columns: quote cells that hold commas"
            )
            raise ClaimsFileError(msg, path=path, line=first)
        rows.append(record)
        lines.append(first)
    columns = {n: [r[i] for r in rows] for i, n in enumerate(names or [])}
    return read_rows(columns, len(rows), header=header, lines=lines, path=path)


def _read_parquet(
    path: str, policy: HedgePolicy | Mapping[str, Any] | None, max_depth: int
) -> ClaimSet:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise MissingDependencyError(install_hint("reading Parquet needs pyarrow")) from err
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, ValueError) as err:
        msg = f"not a Parquet file that pyarrow can read: {err}"
        raise ClaimsFileError(msg, path=path) from None
    metadata = table.schema.metadata or {}
    text = metadata.get(METADATA_KEY, b"").decode("utf-8", "replace")
    header = read_header(text, f"{path} (metadata {METADATA_KEY.decode()!r})", policy, max_depth)
    unknown_columns(table.column_names, COLUMNS, path)
    columns = {n: table.column(n).to_pylist() for n in table.column_names}
    return read_rows(columns, table.num_rows, header=header, path=path)


def write_table(
    claimset: ClaimSet, path: str, fmt: TableFormat, policy: HedgePolicy | None
) -> None:
    """Write a claim set as a CSV or Parquet claims file."""
    chosen = file_policy(claimset) if policy is None else policy
    columns = claim_columns(claimset, chosen)
    header = header_text(claimset, chosen)
    if fmt == "parquet":
        _write_parquet(columns, header, path)
        return
    out = io.StringIO()
    plain = chosen == HedgePolicy() and not claimset.relations and "count_units" not in header
    if not plain:
        out.writelines(f"# {line}".rstrip() + "\r\n" for line in header.splitlines())
    write_csv(columns, out)
    Path(path).write_text(out.getvalue(), encoding="utf-8", newline="")


def write_csv(columns: Mapping[str, list[object]], stream: IO[str]) -> None:
    """Write columns as CSV: empty cells for None and unbounded ends, ISO dates.

    Lines end with CR LF (RFC 4180), so that a cell holding either is quoted.
    """
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(list(columns))
    cells = list(columns.values())
    for i in range(len(cells[0]) if cells else 0):
        writer.writerow([_cell(column[i]) for column in cells])


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _write_parquet(columns: Mapping[str, list[object]], header: str, path: str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise MissingDependencyError(install_hint("writing Parquet needs pyarrow")) from err
    arrays = {
        name: pa.array(cells, type=getattr(pa, _TYPES.get(name, "string"))())
        for name, cells in columns.items()
    }
    table = pa.table(arrays).replace_schema_metadata({METADATA_KEY: header.encode("utf-8")})
    pq.write_table(table, path)
