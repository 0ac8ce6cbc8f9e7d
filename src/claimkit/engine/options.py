"""The options of :func:`~claimkit.engine.checking.check` on the command line, and its progress.

``claimkit check`` passes ``--tension``, ``--exact-bounds`` and ``--max-conflicts`` to
:func:`~claimkit.engine.checking.check` and shows its ``progress`` hook as a line on
standard error, when that is a terminal and the check takes more than a second.

>>> import io
>>> from claimkit.engine.options import ProgressLine
>>> line = ProgressLine(io.StringIO(), delay=0.0)
>>> line(1, 4, "deciding each group")  # not a terminal: nothing is written
>>> line.stream.getvalue()
''
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import IO, Any

from claimkit.engine.report import EXACT_BOUNDS_ROWS, MAX_CONFLICTS, TENSION, Report

__all__ = ["ProgressLine", "add_check_options", "checked"]


class ProgressLine:
    """A progress line on a terminal, shown once a check takes more than ``delay`` seconds.

    Call it as a :func:`~claimkit.engine.checking.check` progress hook; :meth:`clear`
    removes the line. On a stream that is not a terminal it writes nothing.
    """

    def __init__(self, stream: IO[str], delay: float = 1.0) -> None:
        self.stream = stream
        self.shown = False
        self.start = time.monotonic()
        self.delay = delay
        self.on = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int, stage: str) -> None:
        """Show ``stage`` and how many of the ``total`` stages are done."""
        if not self.on or done >= total or time.monotonic() - self.start < self.delay:
            return
        self.stream.write(f"\rclaimkit check: {stage} ({done}/{total})\033[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Remove the line, if one was shown."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        msg = f"must be a number from 0 to 1 (0.10 is 10%), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _count(text: str) -> int:
    if not text.isdigit():
        msg = f"must be a whole number of at least 0, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def add_check_options(parser: argparse.ArgumentParser, *, run: Callable[..., int]) -> None:
    """Add check()'s options to a command's parser, and ``run`` as what it runs.

    Examples
    --------
    >>> import argparse
    >>> from claimkit.engine.options import add_check_options
    >>> parser = argparse.ArgumentParser()
    >>> add_check_options(parser, run=lambda args, out: 0)
    >>> args = parser.parse_args(["--tension", "0.2", "--max-conflicts", "0"])
    >>> args.tension, args.exact_bounds, args.max_conflicts
    (0.2, 1000, 0)
    """
    parser.add_argument(
        "--tension",
        type=_fraction,
        default=TENSION,
        metavar="MARGIN",
        help=f"a group that holds with a margin below this is a tension (default {TENSION})",
    )
    parser.add_argument(
        "--exact-bounds",
        type=_count,
        default=EXACT_BOUNDS_ROWS,
        metavar="ROWS",
        help="compute exact implied bounds when the model has at most this many rows "
        f"(default {EXACT_BOUNDS_ROWS}; 0 for quick bounds only)",
    )
    parser.add_argument(
        "--max-conflicts",
        type=_count,
        default=MAX_CONFLICTS,
        metavar="N",
        help=f"list at most N conflict sets, one per conflicting group first, then a "
        f"second each, and so on (default {MAX_CONFLICTS}; 0 for all)",
    )
    parser.set_defaults(run=run)


def checked(
    run: Callable[..., Report],
    claims: Any,
    args: argparse.Namespace,
    render: Callable[[Report], str],
) -> tuple[Report, str]:
    """Check claims with the parsed options, progress on stderr; return the report and its text.

    ``run`` is :func:`~claimkit.engine.checking.check` (the command passes the one it
    holds, so that tests can stand in for it).

    Rendering reads the findings and bounds, which does their work (they are made
    when first read), so it happens while the progress line is up.
    """
    line = ProgressLine(sys.stderr)
    try:
        report = run(
            claims,
            tension=args.tension,
            exact_bounds=args.exact_bounds,
            max_conflicts=None if args.max_conflicts == 0 else args.max_conflicts,
            progress=line,
        )
        line(3, 4, "writing the report")
        text = render(report)
    finally:
        line.clear()
    return report, text
