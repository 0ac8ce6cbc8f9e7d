"""The argument parser of the ``claimkit`` command: its subcommands and their options."""

from __future__ import annotations

import argparse
import textwrap
import tomllib
from collections.abc import Callable, Mapping
from typing import IO, Any

import attrs

from claimkit import __version__
from claimkit.claims.hedges import HedgePolicy
from claimkit.cli._common import METHODS, OUTPUT_FORMATS, SET_METHODS
from claimkit.engine.options import add_check_options

__all__ = ["build_parser"]

#: What each subcommand runs: ``run(args, out)`` returns the exit status.
Run = Callable[[argparse.Namespace, IO[str]], int]

_DESCRIPTION = """\
Model conflicting statistical claims: read hedged figures as ranges with units,
check claims files for consistency, and reconcile sources that disagree.

Exit status: 0 consistent (or done), 1 the claims conflict, 2 bad input (or an
internal error, a bug in claimkit; --debug prints its traceback)."""

_POLICY_HELP = (
    "change a field of the hedge policy under which the file's phrases are read, "
    "such as approx_rel=0.05 or rounding=exact (repeat for several fields; the value "
    "is read as a TOML value, else as text; fields: "
    + ", ".join(field.name for field in attrs.fields(HedgePolicy))
    + ")"
)


def _policy_item(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        msg = f"expected KEY=VALUE (such as approx_rel=0.05), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    try:
        value: Any = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        value = raw
    if isinstance(value, list):
        value = tuple(value)
    return key, value


def _add_input(parser: argparse.ArgumentParser, *, several: bool = False) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="+" if several else None,
        help="a claims file (*.toml, *.json, or a table: *.csv, *.parquet); see 'Claims files'"
        + (
            "; with --workers or --scheduler, Parquet files: several, a directory or a "
            "quoted glob such as 'data/*.parquet'"
            if several
            else ""
        ),
    )
    parser.add_argument(
        "--input-format",
        choices=("toml", "json", "csv", "parquet"),
        help="the format of FILE, if its suffix is not .toml, .json, .csv or .parquet",
    )
    parser.add_argument(
        "--policy",
        metavar="KEY=VALUE",
        action="append",
        type=_policy_item,
        default=[],
        help=_POLICY_HELP,
    )


def _add_format(parser: argparse.ArgumentParser, what: str, *, csv: bool = False) -> None:
    parser.add_argument(
        "--format",
        choices=(*OUTPUT_FORMATS, "csv") if csv else OUTPUT_FORMATS,
        default="text",
        help=(
            f"how to print the {what}: plain text (default), Markdown tables, JSON, or one "
            "self-contained HTML page"
            + ("; csv prints the findings as a table, one row per finding" if csv else "")
        ),
    )


def _add_debug(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    # Accepted before and after the command; a command's own default is SUPPRESS so
    # that it does not undo a --debug given before the command.
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="on an internal error (a bug in claimkit), print the traceback as well",
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        msg = f"must be a whole number of at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _add_cluster(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="check on a Dask cluster of N worker processes started on this machine "
        "(needs claimkit[distributed]); see 'Check claims on a cluster'",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="check on the running Dask cluster whose scheduler is at ADDRESS, such as "
        "tcp://10.0.0.5:8786 (needs claimkit[distributed])",
    )
    parser.add_argument(
        "--npartitions",
        type=_positive,
        metavar="N",
        help="with --workers or --scheduler: check the components in N partitions "
        "(default: one per 50,000 claims)",
    )
    parser.add_argument(
        "--output",
        metavar="PATH",
        help="write the findings to PATH as Parquet (a directory of parts on a cluster) "
        "and print a summary instead of the report",
    )


def _text(*paragraphs: str) -> str:
    """Return paragraphs filled to 79 columns, for help that keeps its blank lines."""
    return "\n\n".join(textwrap.fill(p, width=79) for p in paragraphs)


def build_parser(runs: Mapping[str, Run]) -> argparse.ArgumentParser:
    """Return the parser of the command; ``runs`` gives what each subcommand runs."""
    parser = argparse.ArgumentParser(
        prog="claimkit",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'claimkit COMMAND -h' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"claimkit {__version__}")
    _add_debug(parser, default=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="check a claims file and print the consistency report",
        description=_text(
            "Check the claims in FILE against each other (same quantity, parts and totals, periods"
            " and sub-periods, rates and totals) and print the report: findings with their "
            "verdicts and margins, and the range every quantity is implied to lie in.",
            "Exit status: 0 the claims are consistent, 1 some conflict, 2 bad input.",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input(check, several=True)
    _add_format(check, "report", csv=True)
    _add_debug(check)
    add_check_options(check, run=runs["check"])
    _add_cluster(check)

    rec = commands.add_parser(
        "reconcile",
        help="reconcile the claims about one quantity, or a whole claims file",
        description=_text(
            "Reconcile the claims in FILE and show how far each claim had to move.",
            "For one quantity (one measure of one subject over one period), choose the claims "
            "with --quantity or --claims; without either, the file's claims must all be about "
            "one quantity, and the error lists the --quantity of each one otherwise. The "
            "methods are intersection (the values all claims allow), hull (the values some "
            "claim allows), stretch (the smallest common relative widening that makes the "
            "claims meet; the default method) and weighted (an inverse-variance estimate with "
            "an interval and a heterogeneity test).",
            "For the whole file, with its relations, the methods are relax (the minimal weighted "
            "relaxation that makes all the claims hold together), least_squares (data "
            "reconciliation, with a global chi-square test and a test on each claim) and drop "
            "(the claims, or with --by source the sources, of least weight to set aside for "
            "the rest to agree); --quantity or --claims then narrow the claims reconciled.",
            "Exit status: 0 the claims agree (they share some value; nothing had to move; no "
            "claim is flagged; nothing was set aside), 1 they do not, 2 bad input.",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input(rec)
    which = rec.add_mutually_exclusive_group()
    which.add_argument(
        "--quantity",
        metavar="MEASURE:SUBJECT[:PERIOD]",
        help=(
            "the claims about this quantity, such as casualties:russia; PERIOD (a "
            "month 2024-11, a quarter 2025-Q1, a year 2024, a day 2024-11-05, START/END "
            "with END exclusive, or the name of one of the file's [periods]) is needed "
            "when the claims cover several periods"
        ),
    )
    which.add_argument("--claims", metavar="ID", nargs="+", help="the claims with these ids")
    rec.add_argument(
        "--method",
        choices=(*METHODS, *SET_METHODS),
        default="stretch",
        help="how to reconcile (default: stretch)",
    )
    rec.add_argument(
        "--level",
        type=float,
        default=0.95,
        help="weighted: the level of the interval around the estimate; least_squares: the "
        "level of the tests (default: 0.95)",
    )
    rec.add_argument(
        "--effects",
        choices=("fixed", "random"),
        default="fixed",
        help="weighted: a fixed-effect or a random-effects estimate (default: fixed)",
    )
    rec.add_argument(
        "--by",
        choices=("claim", "source"),
        default="claim",
        help="drop: set aside single claims, or sources with all their claims (default: claim)",
    )
    _add_format(rec, "reconciliation")
    _add_debug(rec)
    rec.set_defaults(run=runs["reconcile"])

    parse = commands.add_parser(
        "parse",
        help="read a hedged phrase as a range and show it in other units",
        description=_text(
            "Read PHRASE (such as 'over one million' or 'about 10,000 a week') as a range with a "
            "unit, under the default hedge policy or the one --policy makes, and show it in other "
            "units. A rate is shown per day, week, average month (30.4375 days) and year, and as "
            "the count in a calendar month of 28 to 31 days; with --period, a total is shown as "
            "average rates over the period and a rate as the total over it.",
        ),
    )
    parse.add_argument("phrase", metavar="PHRASE", help="the phrase, quoted as one argument")
    parse.add_argument(
        "--unit",
        default="person",
        help="what is counted (default: person); a rate word in the phrase adds time",
    )
    parse.add_argument(
        "--to",
        metavar="UNIT",
        action="append",
        default=[],
        help="convert to this unit instead of the standard ones, such as 'person / month' "
        "(repeat for several)",
    )
    parse.add_argument(
        "--period",
        metavar="PERIOD",
        help="the period the figure covers: a month 2024-11, a quarter 2025-Q1, a year "
        "2024, a day 2024-11-05, or START/END with END exclusive",
    )
    parse.add_argument(
        "--count-unit",
        metavar="NAME[:PLURAL]",
        action="append",
        default=[],
        help="define a count unit for this run, such as tank:tanks, so that --unit tank and "
        "phrases such as '500 tanks' can use it (lower-case letters; repeat for several)",
    )
    parse.add_argument(
        "--policy",
        metavar="KEY=VALUE",
        action="append",
        type=_policy_item,
        default=[],
        help=_POLICY_HELP.replace("the file's phrases are", "the phrase is"),
    )
    parse.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="plain text (default) or JSON",
    )
    _add_debug(parse)
    parse.set_defaults(run=runs["parse"])

    example = commands.add_parser(
        "example",
        help="run the worked example on the bundled article",
        description=_text(
            "Run the worked example: the casualty figures that NATO's Mark Rutte and Ukraine's "
            "president gave in December 2024, from the article bundled with claimkit. Shows where "
            "each claim's quote is in the article, checks the claims, and reconciles every "
            "quantity that two or more claims state.",
            "Exit status: as for 'check'.",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_format(example, "report")
    example.add_argument(
        "--write",
        metavar="DIR",
        help="instead, copy the example's claims file and article into DIR, to edit",
    )
    example.add_argument(
        "--force",
        action="store_true",
        help="with --write, replace the files if DIR already has them",
    )
    _add_debug(example)
    example.set_defaults(run=runs["example"])
    return parser
