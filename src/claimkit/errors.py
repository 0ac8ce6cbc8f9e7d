"""The exceptions claimkit raises: one hierarchy rooted at :class:`ClaimkitError`.

Every concrete error also subclasses the builtin that fits (``ValueError``,
``LookupError``, ``ImportError``), so code that already catches those keeps working.
Messages say what was wrong, where, and what would be right; the pieces are kept as
attributes for programs that want them.

"The claims disagree" is never an exception: checks and reconciliation return results.

Examples
--------
>>> import claimkit as ck
>>> from claimkit.values.units import normalize_unit
>>> try:
...     normalize_unit("bananas")
... except ck.ClaimkitError as err:
...     print(type(err).__name__, isinstance(err, ValueError))
UnitError True
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "ClaimkitError",
    "ClaimsFileError",
    "IncompatibleUnitsError",
    "InvalidArgumentError",
    "InvalidClaimError",
    "InvalidPeriodError",
    "InvalidRangeError",
    "MissingDependencyError",
    "NumericalError",
    "PhraseError",
    "ReconciliationError",
    "RelationError",
    "UnitError",
    "UnknownIdError",
]


class ClaimkitError(Exception):
    """Base class of every error claimkit raises on purpose."""


class InvalidRangeError(ClaimkitError, ValueError):
    """A range was given bounds that do not describe an interval.

    For example a lower end above the upper end, a NaN, or an open end on an
    exact value.
    """


class UnitError(ClaimkitError, ValueError):
    """A unit could not be understood (unknown name or malformed expression).

    Attributes
    ----------
    unit : str
        The unit as given.
    """

    def __init__(self, message: str, *, unit: object = None) -> None:
        super().__init__(message)
        self.unit = unit


class IncompatibleUnitsError(UnitError):
    """Two units of different dimensions met where one dimension was needed.

    Adding people to tanks, or a rate (people per week) to a count (people).

    Attributes
    ----------
    units : tuple of str
        The two units that clash, in the order they met.
    """

    def __init__(self, message: str, *, units: tuple[str, str]) -> None:
        super().__init__(message, unit=units[0])
        self.units = units


class PhraseError(ClaimkitError, ValueError):
    r"""A phrase such as ``"over one million"`` could not be read as a quantity.

    Attributes
    ----------
    phrase : str
        The whole text that was being parsed.
    position : int
        The character offset (0-based) at which parsing failed.

    Notes
    -----
    The message ends with the phrase on one line, line breaks, tabs and other control
    characters escaped (``\t``), and a caret under ``position`` that counts wide
    (East Asian) characters as two columns and combining marks as none.
    """

    def __init__(self, message: str, *, phrase: str, position: int) -> None:
        shown = [_shown(char) for char in phrase]
        pointer = " " * sum(_width(text) for text in shown[:position]) + "^"
        super().__init__(f"{message}\n    {''.join(shown)}\n    {pointer}")
        self.phrase = phrase
        self.position = position


def _shown(char: str) -> str:
    r"""Return how a character of a phrase is shown on the error's one line.

    Line breaks, tabs and other control characters are shown escaped (``\n``), so
    that the phrase stays on one line and the caret under it stays in place.
    """
    if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
        return repr(char)[1:-1]
    return char


def _width(text: str) -> int:
    """Return the columns ``text`` takes in a terminal: wide characters take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


class InvalidPeriodError(ClaimkitError, ValueError):
    """A period was given dates that do not make a non-empty span of days."""


class InvalidClaimError(ClaimkitError, ValueError):
    """A claim's fields do not fit together (for example a rate with a count unit).

    Attributes
    ----------
    claim_id : str or None
        The id of the claim concerned, when known.
    """

    def __init__(self, message: str, *, claim_id: str | None = None) -> None:
        super().__init__(message)
        self.claim_id = claim_id


class InvalidArgumentError(ClaimkitError, ValueError):
    """A function or option was given an argument it does not accept.

    A :class:`~claimkit.claims.hedges.HedgePolicy` field out of its range, a ``tension`` of
    :func:`~claimkit.engine.checking.check` above 1, something other than a claim set where one
    is written: errors in how claimkit is called, rather than in the claims.
    """


class RelationError(ClaimkitError, ValueError):
    """Relations between measures or subjects are malformed.

    Unknown names, a cycle, or a part listed under two totals.
    """


class UnknownIdError(ClaimkitError, LookupError):
    """A claim, source or quantity was looked up by an id that does not exist.

    Attributes
    ----------
    key : str
        The id that was asked for.
    """

    def __init__(self, message: str, *, key: str) -> None:
        super().__init__(message)
        self.key = key

    def __str__(self) -> str:
        # LookupError would show the repr of the message; show the sentence.
        return str(self.args[0])


class ClaimsFileError(ClaimkitError, ValueError):
    """A claims file could not be read or does not follow the documented format.

    Attributes
    ----------
    path : str or None
        The file, when reading from a file.
    line : int or None
        The 1-based line, when it is known.
    field : str or None
        The key path of the offending field (``claims[3].value``), when known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        where = [part for part in (path, None if line is None else f"line {line}") if part]
        if field:
            where.append(field)
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.path = path
        self.line = line
        self.field = field


class ReconciliationError(ClaimkitError, ValueError):
    """Reconciliation was asked for something it cannot give.

    For example the intersection of disjoint ranges, or claims about
    different quantities.
    """


class MissingDependencyError(ClaimkitError, ImportError):
    """An optional dependency (such as matplotlib or hypothesis) is not installed."""


class NumericalError(ClaimkitError, ArithmeticError):
    """Claims could not be checked in floating-point arithmetic.

    For example a claim whose total over its period, in its measure's count unit, is
    beyond the largest float (about 1.8e308), or a solver that stopped without deciding
    whether the claims can all hold. It is never a verdict on the claims.

    Attributes
    ----------
    claim_ids : tuple of str
        The ids of the claims concerned.
    """

    def __init__(self, message: str, *, claim_ids: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.claim_ids = claim_ids
