"""Benchmark checking a table: load a Parquet file, check it, read the findings as a frame.

The tables are the grouped synthetic sets of ``bench_check.py`` (groups of 90 claims
drawn from a hidden true world: daily cumulative totals of ``killed`` and
``wounded``, weekly rates and ten-day totals of ``casualties``, one total for
``both`` subjects), made here straight as columns so that ten million claims can be
written without a claim object each: the same ids, quantities, periods, kinds and
truth (the same random draws), the ends rounded outward as floats rather than as
``Range.around`` rounds them (at most a float step apart). Each table is written to
Parquet with its relations in the file's header.

Two paths, each timed end to end (load, check, findings as a pandas DataFrame) in a
fresh process, so that the peak resident memory from ``resource.getrusage`` is its own;
the processor time of the three steps together is given beside the wall times, which on
a shared machine count the time the process waited for a core:

- **columnar**: ``pyarrow.parquet.read_table``, ``claimkit.check(table)`` and
  ``claimkit.tables.findings_frame(report)``: no Claim or Finding per row;
- **objects**: ``claimkit.load(path)`` (a ClaimSet), ``claimkit.check(claims)`` and a
  frame made from ``report.findings`` (a Finding per row, as before the columnar path).

Run ``python benchmarks/bench_tables.py`` (1e5, 1e6 and 1e7 claims; the object path
at 1e5 and 1e6), ``--sizes 100000 1000000`` for others, ``--quick`` for 1e4 and 1e5.
Figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import claimkit as ck
from claimkit.claims.hedges import HedgePolicy
from claimkit.files._table import header_text
from claimkit.files._tablefile import METADATA_KEY
from claimkit.values.units import normalize_unit

START = date(2024, 1, 1)
DAYS = 40  # daily totals per series and group, as in bench_check.py
PER_GROUP = 2 * DAYS + DAYS // 7 + len(range(0, DAYS - 9, 10)) + 1


def _outward(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.nextafter(lo, -np.inf), np.nextafter(hi, np.inf)


class _Blocks:
    """Claims of every group, block by block: each block an array of shape (groups, k)."""

    def __init__(self, groups: int) -> None:
        self.groups = groups
        self.parts: dict[str, list[np.ndarray]] = {}

    def add(self, **fields: Any) -> None:
        shape = np.shape(fields["id"])
        for name, value in fields.items():
            array = np.broadcast_to(np.asarray(value), shape).reshape(self.groups, -1)
            self.parts.setdefault(name, []).append(array)

    def columns(self, n: int) -> dict[str, np.ndarray]:
        """Return each field in bench_check's order (group by group), cut at ``n`` claims."""
        return {k: np.concatenate(v, axis=1).reshape(-1)[:n] for k, v in self.parts.items()}


def table(n_claims: int, *, seed: int = 0) -> pa.Table:
    """Return bench_check.claimset(n_claims) as a pyarrow Table, made from columns."""
    rng = np.random.default_rng(seed)
    groups = -(-n_claims // PER_GROUP)
    # The truth: per group, four series of DAYS daily counts, drawn in bench_check's
    # order (killed of a, killed of b, wounded of a, wounded of b).
    truth = rng.integers(50, 400, (groups, 4, DAYS)).astype(float)
    killed_a, killed_b, wounded_a, wounded_b = (truth[:, k] for k in range(4))
    g = np.arange(groups).astype(str).astype(object)[:, None]
    a, b = "a" + g, "b" + g
    start = np.datetime64(START, "D")
    out = _Blocks(groups)
    day = np.arange(DAYS)[None, :]
    for measure, series in (("killed", killed_a), ("wounded", wounded_a)):
        daily = np.cumsum(series, axis=1)
        lo, hi = _outward(daily * (1 - 0.002), daily * (1 + 0.002))
        out.add(id="g" + g + f"-{measure}-" + day.astype(str).astype(object), measure=measure,
                subject=a, kind="total", start=start, end=start + day + 1, unit="person",
                lo=lo, hi=hi, lo_open=False)  # fmt: skip
    casualties_a = killed_a + wounded_a
    week = np.arange(DAYS // 7)[None, :]
    weekly = casualties_a[:, : 7 * week.shape[1]].reshape(groups, -1, 7).sum(axis=2)
    lo, hi = _outward(weekly * (1 - 0.05), weekly * (1 + 0.05))
    out.add(id="g" + g + "-weekly-" + week.astype(str).astype(object), measure="casualties",
            subject=a, kind="rate", start=start + 7 * week, end=start + 7 * week + 7,
            unit="person / week", lo=lo, hi=hi, lo_open=False)  # fmt: skip
    casualties_b = killed_b + wounded_b
    firsts = np.arange(0, DAYS - 9, 10)[None, :]
    tens = np.stack([casualties_b[:, f : f + 10].sum(axis=1) for f in firsts[0]], axis=1)
    lo, hi = _outward(tens * (1 - 0.01), tens * (1 + 0.01))
    out.add(id="g" + g + "-b-" + firsts.astype(str).astype(object), measure="casualties",
            subject=b, kind="total", start=start + firsts, end=start + firsts + 10,
            unit="person", lo=lo, hi=hi, lo_open=False)  # fmt: skip
    everything = (casualties_a.sum(axis=1) + casualties_b.sum(axis=1))[:, None]
    out.add(id="g" + g + "-both", measure="casualties", subject="both" + g, kind="total",
            start=start, end=start + DAYS, unit="person", lo=0.9 * everything, hi=np.inf,
            lo_open=True)  # fmt: skip
    data = out.columns(n_claims)
    data["hi_open"] = data["hi"] == np.inf
    relations = [ck.Sum("casualties", ["killed", "wounded"])]
    relations += [ck.Sum(f"both{k}", [f"a{k}", f"b{k}"], over="subject") for k in range(groups)]
    header = header_text(ck.ClaimSet((), relations=relations), HedgePolicy())
    arrays = {
        name: pa.array(values, pa.date32() if name in ("start", "end") else None)
        for name, values in data.items()
    }
    return pa.table(arrays).replace_schema_metadata({METADATA_KEY: header.encode()})


def _objects_frame(report: ck.Report) -> Any:
    import pandas as pd

    return pd.DataFrame([f.to_dict() for f in report.findings])


def run_one(path: str, mode: str) -> dict[str, float]:
    """Load, check and read the findings of one file in this process; return the times."""
    from claimkit.tables import findings_frame

    # One-off set-up per process is not part of the figures: the imports of the engine,
    # HiGHS and scipy, and pint's unit definitions (read when a unit is first named).
    ck.check([])
    normalize_unit("person")
    c0 = time.process_time()
    t0 = time.perf_counter()
    if mode == "columnar":
        loaded: Any = pq.read_table(path)
    else:
        loaded = ck.load(path)
    t1 = time.perf_counter()
    report = ck.check(loaded)
    t2 = time.perf_counter()
    frame = findings_frame(report) if mode == "columnar" else _objects_frame(report)
    t3 = time.perf_counter()
    cpu = time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux: GiB
    return {
        "load": t1 - t0,
        "check": t2 - t1,
        "findings": t3 - t2,
        "total": t3 - t0,
        "cpu": cpu,
        "peak_gb": peak,
        "rows": float(len(frame)),
        "consistent": float(report.consistent),
    }


def _in_process(path: Path, mode: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--one", str(path), mode]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--objects", type=int, default=1_000_000,
                        help="run the object path up to this many claims")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="1e4 and 1e5 claims")
    parser.add_argument("--one", nargs=2, metavar=("PATH", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return 0
    sizes = [10_000, 100_000] if args.quick else args.sizes
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"claims-{n}.parquet"
            t0 = time.perf_counter()
            pq.write_table(table(n), path)
            made = time.perf_counter() - t0
            modes = ["columnar"] + (["objects"] if n <= args.objects else [])
            for mode in modes:
                found = _in_process(path, mode)
                rows.append((n, mode, found))
                print(
                    f"n={n:>10,} {mode:>8}: load {found['load']:7.2f}s  check "
                    f"{found['check']:7.2f}s  findings {found['findings']:7.2f}s  total "
                    f"{found['total']:7.2f}s  (processor {found['cpu']:7.2f}s)  peak "
                    f"{found['peak_gb']:5.2f} GiB  findings "
                    f"{int(found['rows']):,}  (table made in {made:.1f}s)",
                    flush=True,
                )
    print()
    print("| claims | path | load (s) | check (s) | findings as a frame (s) | total (s) "
          "| processor (s) | peak RSS (GiB) | findings |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n, mode, r in rows:
        print(
            f"| {n:,} | {mode} | {r['load']:.2f} | {r['check']:.2f} | {r['findings']:.2f} "
            f"| {r['total']:.2f} | {r['cpu']:.2f} | {r['peak_gb']:.2f} | {int(r['rows']):,} |"
        )
    columnar = [(n, r["total"]) for n, mode, r in rows if mode == "columnar"]
    growth = [
        f"{b / a:.1f}x ({na:,} to {nb:,})"
        for (na, a), (nb, b) in itertools.pairwise(columnar)
        if nb == 10 * na
    ]
    print()
    print("columnar time(10N)/time(N):", ", ".join(growth) or "-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
