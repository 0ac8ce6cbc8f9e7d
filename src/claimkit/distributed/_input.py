"""Reading a claim table for a cluster: its header, its keys, and its rows by component.

:func:`prepare` turns a dask DataFrame, Parquet files or a pandas frame into a dask
DataFrame whose partitions each hold whole components (internal). It reads the
table twice at most: once the key columns only (the distinct (measure, subject)
pairs, their counts and their first rows), and once whole, when the rows are sent
to the partition of their component.
"""

from __future__ import annotations

import datetime
import heapq
import math
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import tomli_w

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy
from claimkit.claims.relations import Sum
from claimkit.distributed._deps import dask_modules
from claimkit.distributed.components import checked_relations, component_keys
from claimkit.errors import ClaimkitError, ClaimsFileError, InvalidArgumentError
from claimkit.files._table import read_header
from claimkit.files._tablefile import METADATA_KEY
from claimkit.files.claimsfile import MAX_DEPTH
from claimkit.tables import from_frame
from claimkit.values.period import Period
from claimkit.values.range import Range

__all__ = ["ROW", "TARGET_ROWS", "Prepared", "Reading", "prepare"]

#: The columns :func:`prepare` adds: the row's number in the whole table (from 0),
#: and its component.
ROW = "_claimkit_row"
COMPONENT = "_claimkit_component"
_PART = "_claimkit_part"
#: The claims a partition holds when the caller does not say how many partitions.
TARGET_ROWS = 50_000
#: The key of ``DataFrame.attrs`` that holds a claim table's header (as in claimkit.tables).
_ATTRS_KEY = "claimkit"


@attrs.frozen
class Reading:
    """How a partition's rows become claims: what :func:`~claimkit.tables.from_frame` is given.

    ``header`` is the table's header without its relations, which are in
    ``relations`` with those given to the call; each partition's claims get the
    relations their names need (:func:`~claimkit.distributed.components.relations_for`).
    """

    header: str
    relations: tuple[Sum, ...]
    columns: Mapping[str, str] | None
    unit: str | None
    policy: HedgePolicy | Mapping[str, Any] | None
    start: datetime.date | None
    sources: Any

    def read(self, frame: Any, *, relations: bool = False) -> tuple[ClaimSet, Any, Any]:
        """Read rows into claims, in the order of their row in the table.

        With ``relations``, the claim set has every relation (as the whole table's
        does); without, none. Returns the claims, each one's row and each one's
        component (both None for a frame without the columns :func:`prepare` adds).

        Raises
        ------
        ClaimsFileError
            As :func:`~claimkit.tables.from_frame` raises it, with the rows of ``frame``.
        """
        rows = comps = None
        if ROW in frame.columns:
            frame = frame.sort_values(ROW, kind="stable")
            rows, comps = frame[ROW].to_numpy(), frame[COMPONENT].to_numpy()
            frame = frame.drop(columns=[ROW, COMPONENT])
        plain = frame.reset_index(drop=True)
        plain.attrs = {_ATTRS_KEY: self.header}
        claimset = from_frame(
            plain,
            relations=self.relations if relations else (),
            columns=self.columns,
            unit=self.unit,
            policy=self.policy,
            start=self.start,
            sources=self.sources,
        )
        return claimset, rows, comps


@attrs.frozen(eq=False)
class Prepared:
    """A table sent to the partitions of its components (see :func:`prepare`).

    Attributes
    ----------
    frame : dask.dataframe.DataFrame
        The rows, each component whole in one partition, with the columns
        :data:`ROW` and :data:`COMPONENT` added; ids filled in as ``row-<n>``.
    keys : pandas.DataFrame
        One row per (measure, subject): ``measure``, ``subject``, ``component``,
        ``claims`` (how many rows), ``row`` (its first row) and ``partition``.
    rows : int
        The rows of the table.
    reading : Reading
        How the workers read the rows.
    id_column : str
        The table's name of the ``id`` column.
    """

    frame: Any
    keys: Any
    rows: int
    reading: Reading
    id_column: str

    @property
    def npartitions(self) -> int:
        """The partitions the rows were sent to."""
        return int(self.frame.npartitions)


def _own(columns: Mapping[str, str] | None, schema: str) -> str:
    return (columns or {}).get(schema, schema)


# --------------------------------------------------------------------------- the input


def _parquet_files(paths: Sequence[str]) -> tuple[Any, list[str]]:
    import fsspec  # type: ignore[import-untyped]

    fs, _, found = fsspec.core.get_fs_token_paths(list(paths))
    files: list[str] = []
    for path in found:
        if fs.isdir(path):
            files.extend(sorted(fs.glob(f"{path.rstrip('/')}/**.parquet")))
        else:
            files.append(path)
    if not files:
        shown = ", ".join(repr(p) for p in paths)
        msg = (
            f"no Parquet file matches {shown}; give a path, a directory or a glob such "
            "as 'data/*.parquet'"
        )
        raise ClaimsFileError(msg)
    return fs, files


def _parquet_header(fs: Any, files: Sequence[str]) -> str:
    """Return the header the files carry (the same in each, or none in some)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    headers: dict[str, list[str]] = {}
    for path in files:
        try:
            with fs.open(path, "rb") as handle:
                metadata = pq.read_schema(handle).metadata or {}
        except (pa.ArrowException, ValueError, OSError) as err:
            msg = f"not a Parquet file that pyarrow can read: {err}"
            raise ClaimsFileError(msg, path=path) from None
        text = metadata.get(METADATA_KEY, b"").decode("utf-8", "replace")
        headers.setdefault(text, []).append(path)
    written = {text: paths for text, paths in headers.items() if text.strip()}
    if len(written) > 1:
        first, second = (paths[0] for paths in written.values())
        msg = (
            f"the Parquet files carry different headers ({first} and {second}, for "
            "example): the relations and the hedge policy must be the same for the whole "
            "table; write the files from one claim set, or pass relations= and policy="
        )
        raise ClaimsFileError(msg)
    return next(iter(written), "")


def _resolve(table: Any, dd: Any) -> tuple[Any, str, str]:
    """Return the table as a dask DataFrame, its header and how to name it in messages."""
    if isinstance(table, dd.DataFrame):
        return table, "", "the dask DataFrame"
    if isinstance(table, str | os.PathLike) or (
        isinstance(table, list | tuple)
        and table
        and all(isinstance(t, str | os.PathLike) for t in table)
    ):
        paths = [os.fspath(t) for t in (table if isinstance(table, list | tuple) else [table])]
        fs, files = _parquet_files(paths)
        header = _parquet_header(fs, files)
        return dd.read_parquet(files, filesystem=fs), header, ", ".join(paths)
    import pandas as pd

    frame = table
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow comes with dask[dataframe]
        pa = None
    if pa is not None and isinstance(table, pa.Table):
        metadata = table.schema.metadata or {}
        frame = table.to_pandas()
        frame.attrs[_ATTRS_KEY] = metadata.get(METADATA_KEY, b"").decode("utf-8", "replace")
    if isinstance(frame, pd.DataFrame):
        header = frame.attrs.get(_ATTRS_KEY, "")
        parts = max(1, math.ceil(len(frame) / TARGET_ROWS))
        plain = frame.copy(deep=False)
        plain.attrs = {}
        return (
            dd.from_pandas(plain, npartitions=parts, sort=False),
            (header if isinstance(header, str) else ""),
            "the frame",
        )
    msg = (
        "claimkit.distributed reads a dask DataFrame, a pandas DataFrame, a pyarrow Table, "
        f"or Parquet files (a path, a glob or a list of paths), got {type(table).__name__}"
    )
    raise InvalidArgumentError(msg)


def _split_header(text: str, where: str, policy: Any) -> tuple[str, tuple[Sum, ...]]:
    """Return the header without its relations, and the relations (checked as from_frame does)."""
    header = read_header(text, f"{where} (header)", policy, MAX_DEPTH)
    if not text.strip():
        return "", header.relations
    data = tomllib.loads(text)
    data.pop("relations", None)
    data.pop("relations_json", None)
    return tomli_w.dumps(data), header.relations


# --------------------------------------------------------------------------- the keys


def _key_counts(
    part: Any, measure: str, subject: str, ident: str | None, partition_info: Any = None
) -> Any:
    """Return the distinct keys of one partition: how many rows, the first one and its id."""
    import pandas as pd

    number = 0 if partition_info is None else int(partition_info["number"])
    keys = pd.DataFrame(
        {
            "measure": part[measure].astype(object),
            "subject": part[subject].astype(object),
            "position": np.arange(len(part), dtype=np.int64),
        }
    )
    grouped = keys.groupby(["measure", "subject"], dropna=False, sort=False)
    out = grouped.agg(claims=("position", "size"), position=("position", "min")).reset_index()
    idents = part[ident].astype(object).to_numpy() if ident is not None else None
    first = out["position"].to_numpy()
    out["ident"] = idents[first] if idents is not None else np.full(len(out), None, dtype=object)
    out["input"] = np.int64(number)
    out["length"] = np.int64(len(part))
    return out


def _valid(name: object) -> bool:
    return isinstance(name, str) and bool(name)


def _assign(sizes: Mapping[int, int], parts: int) -> dict[int, int]:
    """Assign components to partitions, largest first, each to the least filled one."""
    heap = [(0, p) for p in range(parts)]
    out: dict[int, int] = {}
    for comp, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        load, p = heapq.heappop(heap)
        out[comp] = p
        heapq.heappush(heap, (load + size, p))
    return out


def _skeleton(keys: Any, relations: tuple[Sum, ...]) -> None:
    """Check the relations against every key, as a claim set of the whole table would.

    One claim per key, with the id of its first row, stands for the key's claims: a
    name used as a measure and declared a subject, or a name in a relation that looks
    like a misspelling of a name the claims use, is an error here as it is in
    :class:`~claimkit.claims.claimset.ClaimSet`.
    """
    claims: list[Claim] = []
    rows: dict[str, int] = {}
    day = Period.day(datetime.date(2000, 1, 1))
    zero = Range.exact(0, "person")
    for measure, subject, ident, row in keys[["measure", "subject", "ident", "row"]].itertuples(
        index=False
    ):
        if not (_valid(measure) and _valid(subject)):
            continue
        name = ident if _valid(ident) and ident not in rows else f"row-{row}"
        try:
            claims.append(Claim(id=name, measure=measure, subject=subject, period=day, value=zero))
        except ClaimkitError:
            continue  # the row is bad; its partition reports it
        rows[name] = int(row)
    try:
        ClaimSet(claims, relations=relations)
    except ClaimkitError as err:
        row = rows.get(getattr(err, "claim_id", None) or "")
        where = f"row {row}: " if row is not None else ""
        raise ClaimsFileError(f"{where}{err}") from None


@attrs.frozen
class _Labels:
    """Adds each row's number and component, and an id where the row has none."""

    keys: Any
    offsets: tuple[int, ...]
    measure: str
    subject: str
    ident: str

    def __call__(self, part: Any, partition_info: Any = None) -> Any:
        """Return the partition with :data:`ROW`, :data:`COMPONENT` and its target partition."""
        measure, subject, ident = self.measure, self.subject, self.ident
        number = 0 if partition_info is None else int(partition_info["number"])
        first = self.offsets[number] if number < len(self.offsets) else 0
        rows = np.arange(first, first + len(part), dtype=np.int64)
        out = part.copy()
        out[ROW] = rows
        names = np.asarray([f"row-{n}" for n in rows.tolist()], dtype=object)
        if ident in out.columns:
            cells = out[ident].astype(object)
            blank = cells.isna().to_numpy() | (cells == "").to_numpy()
            out[ident] = np.where(blank, names, cells.to_numpy())
        else:
            out[ident] = names
        table = self.keys.rename(columns={"measure": measure, "subject": subject})[
            [measure, subject, "component", "partition"]
        ]
        merged = out.astype({measure: object, subject: object}).merge(
            table, on=[measure, subject], how="left", sort=False
        )
        merged.index = part.index
        merged[measure] = part[measure].to_numpy()
        merged[subject] = part[subject].to_numpy()
        merged[COMPONENT] = merged.pop("component").fillna(-1).astype(np.int64)
        merged[_PART] = merged.pop("partition").fillna(0).astype(np.int64)
        return merged


def prepare(
    table: Any,
    *,
    npartitions: int | None,
    relations: Iterable[Sum],
    columns: Mapping[str, str] | None,
    unit: str | None,
    policy: HedgePolicy | Mapping[str, Any] | None,
    start: datetime.date | None,
    sources: Any,
    single: int,
    what: str,
) -> Prepared:
    """Read the keys, check the relations and send each row to its component's partition.

    ``single``: a table of at most this many rows goes to one partition.
    """
    _, dd, _ = dask_modules(what)
    if npartitions is not None and (
        isinstance(npartitions, bool) or not isinstance(npartitions, int) or npartitions < 1
    ):
        msg = f"npartitions must be an int of at least 1 or None, got {npartitions!r}"
        raise InvalidArgumentError(msg)
    frame, header_text, where = _resolve(table, dd)
    present = [str(c) for c in frame.columns]
    given = checked_relations(relations)
    header, header_relations = _split_header(header_text, where, policy)
    all_relations = tuple(dict.fromkeys((*header_relations, *given)))
    reading = Reading(
        header=header,
        relations=all_relations,
        columns=None if columns is None else dict(columns),
        unit=unit,
        policy=policy,
        start=start,
        sources=sources,
    )
    # No rows: the columns, the header and the options are checked as from_frame does.
    reading.read(frame._meta, relations=True)
    measure, subject = _own(columns, "measure"), _own(columns, "subject")
    ident = _own(columns, "id")
    counted = frame.map_partitions(
        _key_counts,
        measure,
        subject,
        ident if ident in present else None,
        meta=_key_counts(frame._meta, measure, subject, ident if ident in present else None),
    )
    per_input = counted.compute()
    lengths = (
        per_input.groupby("input")["length"].first().reindex(range(frame.npartitions), fill_value=0)
    )
    offsets = np.concatenate([[0], np.cumsum(lengths.to_numpy())]).astype(np.int64)
    per_input["row"] = offsets[per_input["input"].to_numpy()] + per_input["position"].to_numpy()
    per_input = per_input.sort_values("row", kind="stable")
    counts = per_input.groupby(["measure", "subject"], dropna=False, sort=False)["claims"].sum()
    keys = per_input.drop_duplicates(["measure", "subject"], keep="first")[
        ["measure", "subject", "row", "ident"]
    ].reset_index(drop=True)
    keys["claims"] = counts.reindex(
        list(zip(keys["measure"], keys["subject"], strict=True))
    ).to_numpy()
    rows = int(offsets[-1])
    valid = [
        (m, s)
        for m, s in zip(keys["measure"].tolist(), keys["subject"].tolist(), strict=True)
        if _valid(m) and _valid(s)
    ]
    _skeleton(keys, all_relations)
    comp = component_keys(valid, all_relations)
    keys["component"] = [
        comp.get((m, s), -1) if _valid(m) and _valid(s) else -1
        for m, s in zip(keys["measure"].tolist(), keys["subject"].tolist(), strict=True)
    ]
    sizes = keys.groupby("component")["claims"].sum().to_dict()
    wanted = max(1, math.ceil(rows / TARGET_ROWS)) if npartitions is None else npartitions
    parts = 1 if rows <= single else max(1, min(wanted, len(sizes)))
    placed = _assign({int(c): int(n) for c, n in sizes.items()}, parts)
    keys["partition"] = [placed[int(c)] for c in keys["component"].tolist()]
    keys = keys.sort_values(["component", "measure", "subject"], kind="stable").reset_index(
        drop=True
    )
    labels = _Labels(keys, tuple(offsets.tolist()), measure, subject, ident)
    labelled = frame.map_partitions(labels, meta=labels(frame._meta))
    shuffled = labelled.set_index(_PART, divisions=tuple(range(parts + 1)))
    return Prepared(frame=shuffled, keys=keys, rows=rows, reading=reading, id_column=ident)
