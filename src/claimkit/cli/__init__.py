"""The ``claimkit`` command: check and reconcile claims files, read phrases, run the example.

Installing claimkit installs the ``claimkit`` console script; ``python -m claimkit``
runs the same program. Every subcommand has complete help (``claimkit check -h``).

==================  ==============================================================
command             what it does
==================  ==============================================================
``check``           checks a claims file and prints the consistency report
``reconcile``       reconciles the claims about one quantity into one figure
``parse``           reads a hedged phrase as a range and shows it in other units
``example``         runs the worked example on the bundled article
==================  ==============================================================

``check`` runs on a Dask cluster with ``--workers N`` (a cluster of N processes on this
machine) or ``--scheduler ADDRESS`` (a running cluster), reading one or more Parquet
files, a directory or a quoted glob (``'data/*.parquet'``); ``--output PATH`` writes
the findings as Parquet and prints a summary instead of the report. These need the
``distributed`` extra (see :mod:`claimkit.distributed`).

Exit status: 0 when the claims are consistent (or the command succeeded), 1 when
they conflict, 2 when the input is bad (a missing file, an error in a claims file, a
phrase that cannot be read, or on a cluster a component that could not be checked);
the message on standard error says where. An error that
is not about the input is a bug in claimkit: it exits 2 too, with one line on standard
error that says so; ``--debug`` (before or after the command) prints its traceback.

Examples
--------
>>> from claimkit.cli import main
>>> main(["parse", "over 10,000 a week", "--to", "person / day"])
phrase          over 10,000 a week
range           (10,000, inf) person / week
in person / day  (1,428.57..., inf) person / day
0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from typing import IO

from claimkit import __version__
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.cli._cluster import run_on_cluster, summary, wants_cluster, write_findings
from claimkit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_CONFLICT,
    EXIT_OK,
    EXIT_PIPE,
    UsageError,
    load_claims,
    render,
)
from claimkit.cli._example import bundled_files, run_example
from claimkit.cli._parse import conversions, count_unit, range_dict
from claimkit.cli._parser import build_parser
from claimkit.cli._reconcile import period_of, run_reconcile
from claimkit.engine.checking import check
from claimkit.engine.options import checked
from claimkit.errors import ClaimkitError
from claimkit.files._read import apply_changes
from claimkit.render import SCHEMA_VERSION
from claimkit.tables import to_frame

__all__ = ["EXIT_BAD_INPUT", "EXIT_CONFLICT", "EXIT_OK", "example_files", "main"]

#: The most characters of an internal error's own message that its one line quotes.
_MAX_DETAIL = 300


def _parser() -> argparse.ArgumentParser:
    """Return the command's argument parser."""
    return build_parser(
        {"check": _run_check, "reconcile": run_reconcile, "parse": _run_parse,
         "example": run_example}
    )  # fmt: skip


# --------------------------------------------------------------------------- entry


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``claimkit`` command with ``argv`` (default: ``sys.argv[1:]``).

    Parameters
    ----------
    argv : list of str, optional
        The arguments, without the program name.

    Returns
    -------
    int
        The exit status: 0 consistent or done, 1 conflict, 2 bad input (or an
        internal error, which the message on standard error names as a bug).

    Examples
    --------
    >>> from claimkit.cli import main
    >>> main(["parse", "approximately 45,690"])
    phrase    approximately 45,690
    range     [45,685, 45,695] person
    0
    >>> main(["parse", "approximately 45,69x"])
    2
    """
    debug = False
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as stop:  # --help, --version and usage errors
            return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
        debug = args.debug
        return _run(args)
    except Exception as err:  # any other error is a bug in claimkit
        if debug:
            traceback.print_exc()
        _error(_internal_error(err), kind="internal error")
        return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    """Run the command; return the exit status for its result, bad input or a closed pipe."""
    try:
        status: int = args.run(args, sys.stdout)
    except (ClaimkitError, UsageError) as err:
        _error(str(err))
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``claimkit check f.toml | head``): stop quietly, and
        # point standard output at devnull so that the flush at exit does not fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except OSError as err:
        where = f": {err.filename}" if err.filename else ""
        _error(f"{err.strerror or err}{where}")
        return EXIT_BAD_INPUT
    return status


def _internal_error(err: Exception) -> str:
    """Return the one-line message for an error that is a bug in claimkit."""
    kind = type(err)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    what = " ".join(str(err).split())
    if len(what) > _MAX_DETAIL:
        what = what[: _MAX_DETAIL - 3] + "..."
    return (
        f"{name}{': ' if what else ''}{what} (this is a bug in claimkit {__version__}, not a "
        "problem with the input; please report it to the claimkit developers with the "
        "command, its input files and the traceback that --debug prints)"
    )


def _error(message: str, *, kind: str = "error") -> None:
    print(f"claimkit: {kind}: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- check


def _run_check(args: argparse.Namespace, out: IO[str]) -> int:
    if wants_cluster(args):
        return run_on_cluster(args, out)
    if args.output is None:
        report, text = checked(check, load_claims(args), args, lambda r: render(r, args.format))
    else:
        report, _ = checked(check, load_claims(args), args, lambda r: "")
        write_findings(to_frame(report), args.output)
        text = summary(report.consistent, report.counts(), claims=len(report.claimset),
                       notes=report.notes, output=args.output, fmt=args.format)  # fmt: skip
    print(text, file=out)
    return EXIT_OK if report.consistent else EXIT_CONFLICT


# --------------------------------------------------------------------------- parse


def _run_parse(args: argparse.Namespace, out: IO[str]) -> int:
    for text in args.count_unit:
        count_unit(text)
    policy = apply_changes(HedgePolicy(), dict(args.policy))
    value = parse_quantity(args.phrase, args.unit, policy=policy)
    period = None if args.period is None else period_of(args.period, "--period")
    rows = conversions(value, period, args.to)
    if args.format == "json":
        data = {
            "schema_version": SCHEMA_VERSION,
            "type": "parse",
            "phrase": args.phrase,
            "range": range_dict(value),
            "conversions": [{"label": label, "range": range_dict(r)} for label, r in rows],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    table = [("phrase", args.phrase), ("range", str(value))]
    table += [(label, str(r)) for label, r in rows]
    width = max(len(label) for label, _ in table)
    for label, text in table:
        print(f"{label.ljust(width)}  {text}", file=out)
    return EXIT_OK


# --------------------------------------------------------------------------- example


def example_files() -> dict[str, str]:
    """Return the paths of the bundled example's files: its claims file and the article.

    Returns
    -------
    dict
        ``"claims"``: the path of ``nato_2024.toml``; ``"article"``: the path of the
        article's text, ``nato_rutte_casualties_2024-12-13.txt``.

    Examples
    --------
    >>> from pathlib import Path
    >>> from claimkit.cli import example_files
    >>> files = example_files()
    >>> Path(files["claims"]).name, Path(files["article"]).name
    ('nato_2024.toml', 'nato_rutte_casualties_2024-12-13.txt')
    """
    return bundled_files()
