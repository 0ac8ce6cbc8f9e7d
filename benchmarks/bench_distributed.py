"""Benchmark claimkit.distributed: claim tables from Parquet on a local Dask cluster.

Synthetic tables drawn from a hidden true world, built with numpy (no Python object
per claim), in groups of 90 claims that share series, each group one component:

- daily cumulative totals of ``killed`` and ``wounded`` for subject ``a<g>`` (80);
- weekly average rates of ``casualties`` (= killed + wounded) for ``a<g>`` (5);
- ten-day totals of ``casualties`` for ``b<g>`` (4);
- a lower bound on the total of ``casualties`` for ``both<g>`` = ``a<g>`` + ``b<g>`` (1).

With ``conflicting=f`` a fraction f of the groups get two errors: the total for
``both<g>`` is set above what its parts allow, and one daily total falls below the
day before. :func:`claim_table` is also what the tests of claimkit.distributed check.

Run ``python benchmarks/bench_distributed.py`` (1e6 and 1e7 claims) or
``--sizes 100000`` for a smoke run. It writes each table as Parquet files, then times:

- the single-process columnar path: the files read with pandas, checked from their
  columns (``claimkit.tables.check_table``) and the findings read as a frame (only up
  to ``--single-max`` claims);
- ``claimkit.distributed.check`` on a ``LocalCluster`` of 1 and of 2 worker
  processes, with the findings written back to Parquet from the workers.

Figures go to benchmarks/README.md by hand.
"""

from __future__ import annotations

import argparse
import datetime
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

import claimkit as ck

START = datetime.date(2024, 1, 1)
DAYS = 40
WEEKS = DAYS // 7
TENS = DAYS // 10
PER_GROUP = 2 * DAYS + WEEKS + TENS + 1


def _dates(days: np.ndarray) -> Any:
    import pandas as pd
    import pyarrow as pa

    base = np.datetime64(START.isoformat(), "D")
    return pd.array((base + days.astype("timedelta64[D]")), dtype=pd.ArrowDtype(pa.date32()))


def claim_table(
    n_claims: int, *, seed: int = 0, conflicting: float = 0.0
) -> tuple[Any, list[ck.Sum]]:
    """Return a synthetic claim table of about ``n_claims`` rows, and its relations.

    Whole groups of :data:`PER_GROUP` claims; ``conflicting`` is the fraction of
    groups with two errors (see the module notes).
    """
    import pandas as pd

    groups = max(1, round(n_claims / PER_GROUP))
    rng = np.random.default_rng(seed)
    truth = rng.integers(50, 400, size=(groups, 4, DAYS)).astype(float)  # killed/wounded x a/b
    bad = rng.random(groups) < conflicting
    parts: list[dict[str, Any]] = []

    def add(what: str, n: np.ndarray, spans: tuple[np.ndarray, np.ndarray],
            bounds: tuple[np.ndarray, np.ndarray], **same: Any) -> None:  # fmt: skip
        (start, end), (lo, hi) = spans, bounds
        per = lo.shape[0] // groups
        parts.append({"gid": np.repeat(np.arange(groups), per), "what": what, "n": n,
                      "start": start, "end": end, "lo": lo, "hi": hi, **same})  # fmt: skip

    days = np.tile(np.arange(DAYS), groups)
    for k, measure in enumerate(("killed", "wounded")):
        daily = np.cumsum(truth[:, k, :], axis=1)
        if measure == "killed":
            # A daily total below the day before: a monotone conflict.
            daily[bad, DAYS // 2] = daily[bad, DAYS // 2 - 1] * 0.9
        flat = daily.reshape(-1)
        add(measure, days, (np.zeros_like(days), days + 1), (flat * 0.998, flat * 1.002),
            measure=measure, subject="a", kind="total", unit="person")  # fmt: skip
    casualties_a = truth[:, 0, :] + truth[:, 1, :]
    weeks = np.tile(np.arange(WEEKS), groups)
    weekly = casualties_a[:, : 7 * WEEKS].reshape(groups, WEEKS, 7).sum(axis=2).reshape(-1)
    add("weekly", weeks, (7 * weeks, 7 * weeks + 7), (weekly * 0.95, weekly * 1.05),
        measure="casualties", subject="a", kind="rate", unit="person / week")  # fmt: skip
    casualties_b = truth[:, 2, :] + truth[:, 3, :]
    tens = np.tile(np.arange(TENS), groups)
    ten = casualties_b[:, : 10 * TENS].reshape(groups, TENS, 10).sum(axis=2).reshape(-1)
    add("b", tens, (10 * tens, 10 * tens + 10), (ten * 0.99, ten * 1.01),
        measure="casualties", subject="b", kind="total", unit="person")  # fmt: skip
    everything = casualties_a.sum(axis=1) + casualties_b.sum(axis=1)
    zero = np.zeros(groups, dtype=np.int64)
    add("both", zero, (zero, zero + DAYS), (np.where(bad, 1.5, 0.9) * everything,
        np.full(groups, np.inf)), measure="casualties", subject="both", kind="total",
        unit="person", lo_open=True)  # fmt: skip
    columns = {}
    for name in ("gid", "what", "n", "start", "end", "lo", "hi", "measure", "subject", "kind",
                 "unit", "lo_open"):  # fmt: skip
        cells = [np.broadcast_to(np.asarray(p.get(name, False), dtype=object if name in
                 ("what", "measure", "subject", "kind", "unit") else None), p["lo"].shape)
                 for p in parts]  # fmt: skip
        columns[name] = np.concatenate(cells)
    order = np.argsort(columns["gid"], kind="stable")
    gtext = columns["gid"].astype(str).astype(object)
    ident = "g" + gtext + "-" + columns["what"] + "-" + columns["n"].astype(str).astype(object)
    frame = pd.DataFrame(
        {
            "id": ident[order],
            "measure": columns["measure"][order],
            "subject": (columns["subject"] + gtext)[order],
            "kind": columns["kind"][order],
            "start": _dates(columns["start"][order]),
            "end": _dates(columns["end"][order]),
            "unit": columns["unit"][order],
            "lo": columns["lo"][order].astype(float),
            "hi": columns["hi"][order].astype(float),
            "lo_open": columns["lo_open"][order].astype(bool),
        }
    )
    relations = [ck.Sum("casualties", ["killed", "wounded"])]
    relations += [ck.Sum(f"both{i}", [f"a{i}", f"b{i}"], over="subject") for i in range(groups)]
    return frame, relations


def write_parquet(frame: Any, relations: list[ck.Sum], folder: Path, files: int) -> list[Path]:
    """Write a claim table as ``files`` Parquet files that carry its relations in their header."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from claimkit.files._table import header_text
    from claimkit.files._tablefile import METADATA_KEY

    header = header_text(ck.ClaimSet([], relations=relations), ck.HedgePolicy())
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, part in enumerate(np.array_split(np.arange(len(frame)), files)):
        table = pa.Table.from_pandas(frame.iloc[part], preserve_index=False)
        table = table.replace_schema_metadata({METADATA_KEY: header.encode("utf-8")})
        path = folder / f"claims-{k:03d}.parquet"
        pq.write_table(table, path)
        paths.append(path)
    return paths


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def single(paths: list[Path], relations: list[ck.Sum]) -> dict[str, float]:
    """Time the single-process columnar path: read the files, check, then what the
    cluster's report holds: the findings and the bounds as frames, and the groups."""
    import pandas as pd

    from claimkit.tables import bounds_frame, check_table, findings_frame

    t0 = time.perf_counter()
    frame = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
    t1 = time.perf_counter()
    report = check_table(frame, relations=relations)
    t2 = time.perf_counter()
    findings = findings_frame(report)
    t3 = time.perf_counter()
    bounds = bounds_frame(report)
    groups = report.groups
    t4 = time.perf_counter()
    return {"read": t1 - t0, "check": t2 - t1, "findings": t3 - t2,
            "bounds and groups": t4 - t3, "total": t4 - t0,
            "findings_rows": float(len(findings)), "bounds_rows": float(len(bounds)),
            "groups": float(len(groups))}  # fmt: skip


def distributed(paths: list[Path], workers: int, out: Path) -> dict[str, float]:
    """Time claimkit.distributed.check on a local cluster of ``workers`` processes.

    ``check`` is timed from the files to the report (keys, shuffle, checks); ``write``
    is the findings written back to Parquet from the workers.
    """
    from dask.distributed import Client, LocalCluster

    from claimkit.distributed import check

    t0 = time.perf_counter()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     dashboard_address=":0", memory_limit=0) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        t1 = time.perf_counter()
        report = check([str(p) for p in paths], client=client)
        t2 = time.perf_counter()
        report.findings.to_parquet(out, write_index=False)
        t3 = time.perf_counter()
    return {
        "cluster": t1 - t0,
        "check": t2 - t1,
        "write": t3 - t2,
        "total": t3 - t1,
        "partitions": float(report.partitions),
        "components": float(report.components),
        "conflicts": float(report.counts["conflict"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--single-max", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=16)
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="claimkit-bench-distributed-"))
    try:
        for size in args.sizes:
            t0 = time.perf_counter()
            frame, relations = claim_table(size, conflicting=0.01)
            paths = write_parquet(frame, relations, root / f"n{size}", args.files)
            on_disk = sum(p.stat().st_size for p in paths) / 1e6
            in_memory = frame.memory_usage(deep=True).sum() / 1e6
            made = time.perf_counter() - t0
            print(
                f"{len(frame):,} claims, {len(relations) - 1:,} components, "
                f"{on_disk:.0f} MB of Parquet, {in_memory:.0f} MB in memory (what the "
                f"shuffle moves), made in {made:.1f} s"
            )
            del frame
            if size <= args.single_max:
                found = single(paths, relations)
                print(f"  single process: {found}, peak RSS {_peak_mb():.0f} MB")
            for workers in args.workers:
                found = distributed(paths, workers, root / f"findings-{size}-{workers}")
                print(f"  {workers} worker(s): {found}")
            sys.stdout.flush()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
