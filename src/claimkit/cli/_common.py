"""What the subcommands of the ``claimkit`` command share: exit statuses, errors, output."""

from __future__ import annotations

import argparse
import io
import re
from typing import Any, Final

from claimkit.claims.claimset import ClaimSet
from claimkit.errors import ClaimsFileError
from claimkit.files._tablefile import write_csv
from claimkit.files.claimsfile import load
from claimkit.report_page import html_page
from claimkit.tables import finding_columns

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_CONFLICT",
    "EXIT_OK",
    "EXIT_PIPE",
    "METHODS",
    "OUTPUT_FORMATS",
    "PERIOD_RANGE",
    "SET_METHODS",
    "UsageError",
    "load_claims",
    "render",
]

#: The exit status when the claims are consistent, or the command did what was asked.
EXIT_OK: Final = 0
#: The exit status when the claims conflict (``check``, ``example``) or share no
#: value (``reconcile``).
EXIT_CONFLICT: Final = 1
#: The exit status for bad input; the message on standard error says where.
EXIT_BAD_INPUT: Final = 2

#: What a shell reports for a program ended by SIGPIPE (128 + 13).
EXIT_PIPE: Final = 141
OUTPUT_FORMATS: Final = ("text", "markdown", "json", "html")
METHODS: Final = ("intersection", "hull", "stretch", "weighted")
SET_METHODS: Final = ("relax", "least_squares", "drop")
#: How :func:`~claimkit.files.claimsfile.load` asks for the format of a file whose
#: suffix does not give it, and how the command asks for it.
_LIBRARY_FORMAT_ARGUMENT: Final = "pass format='toml' or format='json'"
_CLI_FORMAT_OPTION: Final = "pass --input-format toml or --input-format json"
PERIOD_RANGE: Final = re.compile(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})\Z")


class UsageError(Exception):
    """A problem with the command's arguments that is not a claimkit error."""


def load_claims(args: argparse.Namespace) -> ClaimSet:
    """Load the command's FILE with its ``--input-format`` and ``--policy``."""
    file = args.file[0] if isinstance(args.file, list) else args.file
    try:
        return load(file, format=args.input_format, policy=dict(args.policy) or None)
    except ClaimsFileError as err:
        # The library asks for its own argument; here the option does that job.
        text = str(err).replace(_LIBRARY_FORMAT_ARGUMENT, _CLI_FORMAT_OPTION)
        if text == str(err):
            raise
        raise UsageError(text) from None


def render(result: Any, fmt: str) -> str:
    """Return a report or a reconciliation in an output format of the command."""
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
