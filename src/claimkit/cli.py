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

Exit status: 0 when the claims are consistent (or the command succeeded), 1 when
they conflict, 2 when the input is bad (a missing file, an error in a claims file, a
phrase that cannot be read); the message on standard error says where. An error that
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
import datetime
import io
import json
import os
import re
import shutil
import sys
import textwrap
import tomllib
import traceback
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from claimkit import __version__
from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.engine.checking import check
from claimkit.engine.options import add_check_options, checked
from claimkit.errors import ClaimkitError, ClaimsFileError, ReconciliationError
from claimkit.files._lines import LineIndex
from claimkit.files._read import Reader, apply_changes, calendar_period, parse
from claimkit.files._tablefile import write_csv
from claimkit.files.claimsfile import MAX_DEPTH, load
from claimkit.reconciliation import reconcile
from claimkit.render import SCHEMA_VERSION
from claimkit.report_page import html_page
from claimkit.tables import finding_columns
from claimkit.values._format import range_to_dict
from claimkit.values.period import Period
from claimkit.values.units import define_count_unit, time_exponent

if TYPE_CHECKING:
    from claimkit.claims.claim import Kind
    from claimkit.values.range import Range

__all__ = ["EXIT_BAD_INPUT", "EXIT_CONFLICT", "EXIT_OK", "example_files", "main"]

#: The exit status when the claims are consistent, or the command did what was asked.
EXIT_OK: Final = 0
#: The exit status when the claims conflict (``check``, ``example``) or share no
#: value (``reconcile``).
EXIT_CONFLICT: Final = 1
#: The exit status for bad input; the message on standard error says where.
EXIT_BAD_INPUT: Final = 2

#: What a shell reports for a program ended by SIGPIPE (128 + 13).
_EXIT_PIPE: Final = 141
_OUTPUT_FORMATS: Final = ("text", "markdown", "json", "html")
_METHODS: Final = ("intersection", "hull", "stretch", "weighted")
_SET_METHODS: Final = ("relax", "least_squares", "drop")
_EXAMPLE_FILES: Final = ("nato_2024.toml", "nato_rutte_casualties_2024-12-13.txt")
#: How :func:`~claimkit.files.claimsfile.load` asks for the format of a file whose
#: suffix does not give it, and how the command asks for it.
_LIBRARY_FORMAT_ARGUMENT: Final = "pass format='toml' or format='json'"
_CLI_FORMAT_OPTION: Final = "pass --input-format toml or --input-format json"
#: The most characters of an internal error's own message that its one line quotes.
_MAX_DETAIL: Final = 300
_PERIOD_RANGE: Final = re.compile(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})\Z")

_DESCRIPTION = """\
Model conflicting statistical claims: read hedged figures as ranges with units,
check claims files for consistency, and reconcile sources that disagree.

Exit status: 0 consistent (or done), 1 the claims conflict, 2 bad input (or an
internal error, a bug in claimkit; --debug prints its traceback)."""

_POLICY_HELP = (
    "change a field of the hedge policy under which the file's phrases are read, "
    "such as approx_rel=0.05 or rounding=exact (repeat for several fields; the value "
    "is read as a TOML value, else as text; fields: rounding, one_digit, approx_rel, "
    "nearly_band, plural_min, nouns, noun_unit, max_length)"
)


class _UsageError(Exception):
    """A problem with the command's arguments that is not a claimkit error."""


# --------------------------------------------------------------------------- parser


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


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="a claims file (*.toml, *.json, or a table: *.csv, *.parquet); see 'Claims files'",
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
        choices=(*_OUTPUT_FORMATS, "csv") if csv else _OUTPUT_FORMATS,
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


def _text(*paragraphs: str) -> str:
    """Return paragraphs filled to 79 columns, for help that keeps its blank lines."""
    return "\n\n".join(textwrap.fill(p, width=79) for p in paragraphs)


def _parser() -> argparse.ArgumentParser:
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
    _add_input(check)
    _add_format(check, "report", csv=True)
    _add_debug(check)
    add_check_options(check, run=_run_check)

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
        choices=(*_METHODS, *_SET_METHODS),
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
    rec.set_defaults(run=_run_reconcile)

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
    parse.set_defaults(run=_run_parse)

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
    example.set_defaults(run=_run_example)
    return parser


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
    except (ClaimkitError, _UsageError) as err:
        _error(str(err))
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``claimkit check f.toml | head``): stop quietly, and
        # point standard output at devnull so that the flush at exit does not fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _EXIT_PIPE
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


def _load(args: argparse.Namespace) -> ClaimSet:
    try:
        return load(args.file, format=args.input_format, policy=dict(args.policy) or None)
    except ClaimsFileError as err:
        # The library asks for its own argument; here the option does that job.
        text = str(err).replace(_LIBRARY_FORMAT_ARGUMENT, _CLI_FORMAT_OPTION)
        if text == str(err):
            raise
        raise _UsageError(text) from None


def _render(result: Any, fmt: str) -> str:
    if fmt == "csv":
        out = io.StringIO()
        write_csv(finding_columns(result), out)
        return out.getvalue().rstrip("\r\n")
    if fmt == "json":
        return str(result.to_json())
    if fmt == "markdown":
        return str(result.to_markdown())
    if fmt == "html":
        return html_page(result)
    return str(result)


# --------------------------------------------------------------------------- check


def _run_check(args: argparse.Namespace, out: IO[str]) -> int:
    report, text = checked(check, _load(args), args, lambda r: _render(r, args.format))
    print(text, file=out)
    return EXIT_OK if report.consistent else EXIT_CONFLICT


# --------------------------------------------------------------------------- reconcile


def _run_reconcile(args: argparse.Namespace, out: IO[str]) -> int:
    claimset = _load(args)
    chosen = list(claimset)
    if args.claims is not None:
        chosen = [claimset[claim_id] for claim_id in args.claims]
    elif args.quantity is not None:
        named = _named_periods(args.file, args.input_format)
        chosen = _select(claimset, args.quantity, one_quantity=args.method in _METHODS,
                         named=named)  # fmt: skip
    elif args.method in _METHODS:
        chosen = _the_one_quantity(claimset, args.method)
    if args.method in _SET_METHODS:
        subset = ClaimSet(chosen, relations=claimset.relations)
        whole = reconcile(subset, method=args.method, level=args.level, by=args.by)
        print(_render(whole, args.format), file=out)
        agree = (
            not whole.moved
            if args.method == "relax"
            else not whole.dropped
            if args.method == "drop"
            else whole.suspect is None and not any(m.flagged for m in whole.measurements)
        )
        return EXIT_OK if agree else EXIT_CONFLICT
    try:
        result = reconcile(chosen, method=args.method, level=args.level, effects=args.effects)
    except ReconciliationError as err:
        # The claims themselves are fine when the hull can be taken: they only share
        # no value, which the data may do (exit 1); otherwise the input is bad (2).
        if reconcile(chosen, method="hull").status != "disjoint":
            raise
        print(f"claimkit: {err}", file=sys.stderr)
        return EXIT_CONFLICT
    print(_render(result, args.format), file=out)
    return EXIT_CONFLICT if result.status == "disjoint" else EXIT_OK


def _the_one_quantity(claimset: ClaimSet, method: str) -> list[Claim]:
    """Return the claims, if they are all about one quantity; else say how to choose."""
    groups = _quantities(claimset)
    if len(groups) == 1:
        return list(claimset)
    several = sorted(
        f"--quantity {m}:{s}:{_period_text(p)}" for (m, s, p, _, _), g in groups.items()
        if len(g) > 1
    )  # fmt: skip
    listed = "; ".join(several) if several else "none: each quantity has one claim"
    msg = (
        f"--method {method} reconciles the claims about one quantity, and the file's claims "
        f"are about {len(groups)}: choose them with --quantity MEASURE:SUBJECT[:PERIOD] or "
        f"--claims ID ..., or reconcile the whole file with --method relax or --method "
        f"least_squares; the quantities that two or more claims state: {listed}"
    )
    raise _UsageError(msg)


def _named_periods(file: str, input_format: str | None) -> dict[str, Period]:
    """Return the periods a TOML or JSON claims file names in its ``[periods]``.

    Called after the file has been loaded, so that it is known to be valid.
    """
    suffix = input_format or Path(file).suffix.lstrip(".").lower()
    if suffix not in ("toml", "json"):
        return {}
    fmt: Literal["toml", "json"] = "toml" if suffix == "toml" else "json"
    text = Path(file).read_text(encoding="utf-8-sig")
    index = LineIndex(text, fmt)
    data = parse(text, fmt, file, index, MAX_DEPTH)
    return Reader(data, index, text, fmt, file).periods(data.get("periods", {}))


def _select(
    claimset: ClaimSet, quantity: str, *, one_quantity: bool, named: dict[str, Period]
) -> list[Claim]:
    """Return the claims about ``MEASURE:SUBJECT[:PERIOD]`` (of one quantity, if asked).

    PERIOD is read as :func:`_period` reads it, or is a name in ``named``.
    """
    parts = quantity.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        msg = (
            f"--quantity {quantity!r}: expected MEASURE:SUBJECT or MEASURE:SUBJECT:PERIOD, "
            "such as casualties:russia or casualties:russia:2024-11"
        )
        raise _UsageError(msg)
    measure, subject = parts[0], parts[1]
    period = None
    if len(parts) == 3:
        period = named.get(parts[2]) or _period(parts[2], "--quantity", named)
    chosen = [
        c
        for c in claimset
        if c.measure == measure and c.subject == subject and (period is None or c.period == period)
    ]
    if not chosen:
        stated = sorted({f"{c.measure}:{c.subject}" for c in claimset})
        msg = f"no claim is about {quantity!r}; the claims state " + (
            ", ".join(stated) or "nothing"
        )
        raise _UsageError(msg)
    groups: dict[tuple[Period, str], list[str]] = {}
    for claim in chosen:
        kind = claim.kind if claim.reading == "average" else f"{claim.kind} (each)"
        groups.setdefault((claim.period, kind), []).append(claim.id)
    if one_quantity and len(groups) > 1:
        listed = "; ".join(
            f"{kind} over {_period_text(p)}: {', '.join(ids)}" for (p, kind), ids in groups.items()
        )
        msg = (
            f"the claims about {measure}:{subject} cover several periods or kinds "
            f"({listed}); add the period (MEASURE:SUBJECT:PERIOD) or choose with --claims"
        )
        raise _UsageError(msg)
    return chosen


def _period_text(period: Period) -> str:
    return f"{period.start.isoformat()}/{period.end.isoformat()}"


def _period(text: str, option: str, named: dict[str, Period] | None = None) -> Period:
    found = _PERIOD_RANGE.match(text)
    try:
        if found:
            start, end = (datetime.date.fromisoformat(found.group(i)) for i in (1, 2))
            return Period(start, end)
        calendar = calendar_period(text)
    except (ValueError, ClaimkitError) as err:
        raise _UsageError(f"{option}: {text!r} is not a period: {err}") from None
    if calendar is not None:
        return calendar
    msg = (
        f"{option}: {text!r} is not a period; expected a month 2024-11, a quarter 2025-Q1, "
        "a year 2024, a day 2024-11-05, or START/END such as 2022-02-24/2024-12-12 (END "
        "exclusive)"
    )
    if named is not None:
        listed = ", ".join(sorted(named)) or "none"
        msg += f", or a period the file names in [periods] ({listed})"
    raise _UsageError(msg)


# --------------------------------------------------------------------------- parse


def _conversions(
    value: Range, period: Period | None, targets: Sequence[str]
) -> list[tuple[str, Range]]:
    """Return labelled conversions of a parsed value (see the ``parse`` help)."""
    if targets:
        return [(f"in {unit}", value.to(unit)) for unit in targets]
    kind: Kind = "rate" if time_exponent(value.unit) == -1 else "total"
    if kind == "total" and period is None:
        return []
    # Converting a rate needs no period; the claim below needs one, and a single
    # day is not a calendar month, so that "calendar month" means 28 to 31 days.
    span = period or Period.day(datetime.date(2000, 1, 1))
    claim = Claim(
        id="phrase", measure="quantity", subject="phrase", period=span, kind=kind,
        value=value,
    )  # fmt: skip
    rows = [
        ("per day", claim.as_rate("day")),
        ("per week", claim.as_rate("week")),
        ("per month (30.4375 d)", claim.as_rate("month")),
        ("per year", claim.as_rate("year")),
    ]
    if kind == "total":
        return rows
    rows = [row for row in rows if row[1].unit != value.unit]
    if period is None:
        rows.append(("in a calendar month (28-31 d)", claim.as_rate("month", calendar=True)))
    else:
        rows.append((f"total over {period.days} days", claim.as_total()))
    return rows


def _count_unit(text: str) -> None:
    """Define the count unit that ``--count-unit NAME[:PLURAL]`` gives."""
    name, _, plural = text.partition(":")
    if not name or (":" in text and not plural) or ":" in plural:
        msg = f"--count-unit {text!r}: expected NAME or NAME:PLURAL, such as tank:tanks"
        raise _UsageError(msg)
    try:
        define_count_unit(name, *([plural] if plural else []))
    except ClaimkitError as err:
        raise _UsageError(f"--count-unit {text!r}: {err}") from None


def _run_parse(args: argparse.Namespace, out: IO[str]) -> int:
    for text in args.count_unit:
        _count_unit(text)
    policy = apply_changes(HedgePolicy(), dict(args.policy))
    value = parse_quantity(args.phrase, args.unit, policy=policy)
    period = None if args.period is None else _period(args.period, "--period")
    rows = _conversions(value, period, args.to)
    if args.format == "json":
        data = {
            "schema_version": SCHEMA_VERSION,
            "type": "parse",
            "phrase": args.phrase,
            "range": _range_dict(value),
            "conversions": [{"label": label, "range": _range_dict(r)} for label, r in rows],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    table = [("phrase", args.phrase), ("range", str(value))]
    table += [(label, str(r)) for label, r in rows]
    width = max(len(label) for label, _ in table)
    for label, text in table:
        print(f"{label.ljust(width)}  {text}", file=out)
    return EXIT_OK


def _range_dict(r: Range) -> dict[str, Any]:
    """Return a range as JSON data, as every document writes it, with its exact text."""
    return {**range_to_dict(r), "text": str(r)}


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
    folder = resources.files("claimkit") / "_example"
    claims, article = (str(folder / name) for name in _EXAMPLE_FILES)
    return {"claims": claims, "article": article}


def _run_example(args: argparse.Namespace, out: IO[str]) -> int:
    files = {key: Path(path) for key, path in example_files().items()}
    if args.write is not None:
        target = Path(args.write)
        there = [target / path.name for path in files.values() if (target / path.name).exists()]
        if there and not args.force:
            names = " and ".join(str(path) for path in there)
            msg = (
                f"{names} already exist{'s' if len(there) == 1 else ''}; an edited copy would "
                "be lost: write to another DIR, or pass --force to replace "
                f"{'it' if len(there) == 1 else 'them'}"
            )
            raise _UsageError(msg)
        target.mkdir(parents=True, exist_ok=True)
        for path in files.values():
            shutil.copyfile(path, target / path.name)
            print(f"wrote {target / path.name}", file=out)
        return EXIT_OK
    claimset = load(files["claims"])
    text = files["article"].read_text(encoding="utf-8")
    report = check(claimset)
    reconciliations = _reconcile_all(claimset)
    if args.format == "json":
        data = {
            "schema_version": SCHEMA_VERSION,
            "type": "example",
            "claims_file": files["claims"].name,
            "article": files["article"].name,
            "quotes": _quotes(claimset, text),
            "report": report.to_dict(),
            "reconciliations": [r.to_dict() for r in reconciliations],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False), file=out)
        return EXIT_OK if report.consistent else EXIT_CONFLICT
    markdown = args.format == "markdown"
    section: Callable[[str], str] = (lambda t: f"\n## {t}\n") if markdown else (
        lambda t: f"\n{t}\n{'=' * len(t)}\n"
    )  # fmt: skip
    print(section("The article").lstrip("\n"), file=out)
    print(f"{files['article'].name}: {len(claimset)} claims, quoted at these places:\n", file=out)
    for row in _quotes(claimset, text):
        span = row["span"]
        where = "not in the article" if span is None else f"characters {span[0]}-{span[1]}"
        print(f"{'- ' if markdown else '  '}{row['claim']}: {row['quote']!r} ({where})", file=out)
    print(section("Consistency"), file=out)
    print(_render(report, args.format), file=out)
    for result in reconciliations:
        print(section(f"Reconciling {result.measure} of {result.subject}"), file=out)
        print(_render(result, args.format), file=out)
    return EXIT_OK if report.consistent else EXIT_CONFLICT


def _quotes(claimset: ClaimSet, text: str) -> list[dict[str, Any]]:
    """Return where each claim's quote is in ``text``: its span, if it is there."""
    rows = []
    for claim in claimset:
        span = None
        if claim.span is not None and text[slice(*claim.span)] == claim.quote:
            span = list(claim.span)
        elif claim.quote is not None and claim.quote in text:
            start = text.index(claim.quote)
            span = [start, start + len(claim.quote)]
        rows.append({"claim": claim.id, "quote": claim.quote, "span": span})
    return rows


def _reconcile_all(claimset: ClaimSet) -> list[Any]:
    """Reconcile, by the stretch method, every quantity that two or more claims state."""
    groups = _quantities(claimset).values()
    return [reconcile(group, method="stretch") for group in groups if len(group) > 1]


def _quantities(claimset: ClaimSet) -> dict[tuple[str, str, Period, str, str], list[Claim]]:
    """Return the claims about each quantity (measure, subject, period, kind, reading)."""
    groups: dict[tuple[str, str, Period, str, str], list[Claim]] = {}
    for claim in claimset:
        key = (claim.measure, claim.subject, claim.period, claim.kind, claim.reading)
        groups.setdefault(key, []).append(claim)
    return groups
