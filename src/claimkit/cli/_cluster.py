"""``claimkit check`` on a Dask cluster (``--workers``, ``--scheduler``) and ``--output``."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from claimkit.cli._common import EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_OK, UsageError, render
from claimkit.distributed import check as check_table
from claimkit.distributed._deps import dask_modules
from claimkit.render import SCHEMA_VERSION

__all__ = ["run_on_cluster", "summary", "wants_cluster", "write_findings"]

_VERDICTS = ("conflict", "tension", "consistent")


def wants_cluster(args: argparse.Namespace) -> bool:
    """Return whether ``check`` runs on a cluster; refuse options that need one without it."""
    if args.workers is not None or args.scheduler is not None:
        return True
    if len(args.file) > 1:
        msg = (
            f"{len(args.file)} files were given: several Parquet files are checked together "
            "on a Dask cluster, with --workers N (on this machine) or --scheduler ADDRESS; "
            "check other files one at a time"
        )
        raise UsageError(msg)
    if args.npartitions is not None:
        raise UsageError("--npartitions needs --workers N or --scheduler ADDRESS")
    return False


def _parquet(files: Sequence[str], input_format: str | None) -> list[str]:
    if input_format not in (None, "parquet"):
        msg = f"--workers and --scheduler read Parquet files, not --input-format {input_format}"
        raise UsageError(msg)
    for file in files:
        path = Path(file)
        if path.suffix.lower() in (".toml", ".json", ".csv") and input_format is None:
            msg = (
                f"{file}: --workers and --scheduler read Parquet files (*.parquet); write the "
                "claims as Parquet with claimkit.dump(claims, 'claims.parquet')"
            )
            raise UsageError(msg)
    return list(files)


@contextlib.contextmanager
def _client(args: argparse.Namespace) -> Iterator[Any]:
    """Start a local cluster of ``--workers`` processes, or connect to ``--scheduler``."""
    _, _, distributed = dask_modules("claimkit check --workers/--scheduler")
    if args.scheduler is not None:
        try:
            client = distributed.Client(args.scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            msg = f"--scheduler {args.scheduler}: cannot connect to a Dask scheduler there ({err})"
            raise UsageError(msg) from None
        with client:
            yield client
        return
    cluster = distributed.LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def summary(
    consistent: bool | None,
    counts: Mapping[str, int],
    *,
    claims: int,
    notes: Sequence[str],
    output: str,
    fmt: str,
) -> str:
    """Return what ``check --output`` prints: the verdict, the counts and the notes."""
    if fmt == "json":
        data = {
            "schema_version": SCHEMA_VERSION,
            "type": "check-summary",
            "consistent": consistent,
            "claims": claims,
            "counts": dict(counts),
            "notes": list(notes),
            "findings": output,
        }
        return json.dumps(data, indent=2, ensure_ascii=False)
    verdict = {True: "consistent", False: "inconsistent", None: "not all checked"}[consistent]
    n = sum(counts.values())
    detail = ", ".join(f"{counts[v]:,} {v}" for v in _VERDICTS if counts.get(v))
    lines = [
        f"{claims:,} claims: {verdict}; {n:,} finding{'' if n == 1 else 's'}"
        + (f" ({detail})" if detail else ""),
        f"findings written to {output}",
    ]
    lines.extend(f"note: {note}" for note in notes)
    return "\n".join(lines)


def write_findings(frame: Any, output: str) -> None:
    """Write a findings frame (pandas) to one Parquet file."""
    frame.to_parquet(output, index=False)


def _status(consistent: bool | None) -> int:
    return {True: EXIT_OK, False: EXIT_CONFLICT, None: EXIT_BAD_INPUT}[consistent]


def run_on_cluster(args: argparse.Namespace, out: IO[str]) -> int:
    """Check Parquet files on a cluster; print the report, or write the findings and a summary."""
    files = _parquet(args.file, args.input_format)
    with _client(args) as client:
        report = check_table(
            files if len(files) > 1 else files[0],
            client=client,
            npartitions=args.npartitions,
            policy=dict(args.policy) or None,
            tension=args.tension,
            exact_bounds=args.exact_bounds,
            max_conflicts=None if args.max_conflicts == 0 else args.max_conflicts,
            progress=bool(getattr(sys.stderr, "isatty", lambda: False)()),
        )
        if args.output is not None:
            report.findings.to_parquet(args.output, write_index=False)
            text = summary(report.consistent, report.counts, claims=report.claims,
                           notes=report.notes, output=args.output, fmt=args.format)  # fmt: skip
        else:
            text = render(report.compute(), args.format)
    print(text, file=out)
    if report.consistent is None:
        failed = len(report.failures)
        print(
            f"claimkit: error: {failed} component{'' if failed == 1 else 's'} could not be "
            "checked; the notes say which and why",
            file=sys.stderr,
        )
    return _status(report.consistent)
