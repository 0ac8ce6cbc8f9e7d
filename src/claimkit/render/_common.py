"""What every rendering shares: the JSON schema version, tables, and figures for people."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from claimkit.errors import ClaimkitError
from claimkit.values._format import number
from claimkit.values.range import Range
from claimkit.values.units import dimensionality

__all__ = [
    "SCHEMA_VERSION",
    "counted",
    "decimals_of",
    "figure",
    "figures",
    "is_count_unit",
    "md_cell",
    "md_table",
    "paragraph",
    "range_shown",
    "shown",
    "table",
]

#: The version of the JSON schema of every document claimkit writes about results
#: (reports, reconciliations, ``claimkit parse --format json``); it changes only when
#: a key is removed or changes meaning (new keys may appear within a version).
SCHEMA_VERSION: Final = 2


def counted(n: int, word: str) -> str:
    """Return a count and its word, as a reader says it: ``1 claim``, ``1,200 claims``.

    Examples
    --------
    >>> from claimkit.render._common import counted
    >>> counted(1, "claim"), counted(1200, "group")
    ('1 claim', '1,200 groups')
    """
    return f"{n} {word}" if n == 1 else f"{n:,} {word}s"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a plain-text table: columns padded to their widest cell, the last one free."""
    widths = [len(h) for h in headers]
    for row in rows:
        for k, cell in enumerate(row[:-1]):
            widths[k] = max(widths[k], len(cell))

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(widths[k]) for k, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def md_cell(text: str) -> str:
    """Escape a Markdown table cell (a ``|`` would end the cell)."""
    return text.replace("|", "\\|")


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a Markdown pipe table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


# -- figures for people ---------------------------------------------------------------
# A rendering shows a figure no more finely than the claims were given: counts (any
# count unit: people, cases, tanks) as whole numbers, other figures to the decimals
# of the most precise claim. Ends are rounded outward, so the range shown contains
# the range stored (which stays as it is); a figure within a hair of a shown step
# (solver noise far below the claims' precision) is shown as that step.

#: At most this many decimals are shown, whatever the claims.
MAX_DECIMALS: Final = 4
#: A figure closer than this (relative) to a step it rounds to, and within a twentieth
#: of a step, is that step.
NOISE: Final = 1e-7


def is_count_unit(unit: str) -> bool:
    """Return whether ``unit`` counts things: a unit with a dimension of its own.

    Examples
    --------
    >>> is_count_unit("person"), is_count_unit("person / week"), is_count_unit("km")
    (True, False, False)
    """
    try:
        return dimensionality(unit) == f"[{unit}]"
    except ClaimkitError:
        return False


def decimals_of(values: Iterable[float]) -> int:
    """Return the decimals of the most precise finite figure (at most ``MAX_DECIMALS``).

    Examples
    --------
    >>> decimals_of([700_000.0, 2.45, float("inf")])
    2
    """
    most = 0
    for x in values:
        if math.isfinite(x) and x != round(x):
            text = repr(abs(x))
            digits = len(text.split(".")[1]) if "." in text and "e" not in text else MAX_DECIMALS
            most = max(most, min(digits, MAX_DECIMALS))
    return most


def _step(x: float, decimals: int, up: bool) -> float:
    scale = 10.0**decimals
    # A figure too large for the places, or a nonzero one smaller than half a step, is
    # written in significant digits (see figure), so it is kept as it is: rounding it
    # to the step would show a claim of 1e-20 as 0.
    if not math.isfinite(x) or abs(x) >= 1e15 or 0.0 < abs(x) < 0.5 / scale:
        return x
    near = round(x * scale) / scale
    if abs(x - near) <= min(NOISE * max(1.0, abs(x)), 0.05 / scale):
        return near
    return (math.ceil(x * scale) if up else math.floor(x * scale)) / scale


def figure(x: float, decimals: int) -> str:
    """Return ``x`` with thousands separators and at most ``decimals`` decimals.

    Examples
    --------
    >>> figure(748_000.02, 0), figure(2.5, 2), figure(float("inf"), 0)
    ('748,000', '2.5', 'inf')
    """
    if not math.isfinite(x):
        return number(x)
    if abs(x) >= 1e15 or (0.0 < abs(x) < 10.0**-decimals / 2):
        return number(x)
    text = f"{x:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: Which step of ``10**-decimals`` a figure rounds to is read from ``x * 10**decimals``
#: rounded to a whole number when that product is below ``_STEPS`` and not within
#: ``_NEAR_HALF`` of half a step (the product's rounding error is far smaller), or, with
#: no decimals (the product is ``x`` itself), when ``x`` is below ``_WHOLE``.
_STEPS: Final = 2.0**31
_NEAR_HALF: Final = 1e-6
_WHOLE: Final = 2.0**49


def figures(xs: ArrayLike, decimals: int) -> tuple[list[str], NDArray[np.intp]]:
    """Return :func:`figure` of many values: the distinct figures and which one each shows.

    ``figures(xs, d)`` returns ``(texts, index)`` with ``texts[index[k]] == figure(xs[k], d)``.
    A value shows as itself rounded to the step of its figure (``748,000.02`` and
    ``747,999.9`` as ``748,000`` with no decimals), so :func:`figure` runs once per
    figure shown, not once per value; the values it does not round (not finite, tiny,
    huge, or at half a step) once per value.

    Examples
    --------
    >>> texts, index = figures([748_000.02, 747_999.9, 1e-20, float("inf")], 0)
    >>> [texts[k] for k in index]
    ['748,000', '748,000', '1e-20', 'inf']
    >>> len(texts)
    3
    """
    values = np.asarray(xs, dtype=np.float64).reshape(-1)
    scale = 10.0**decimals
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * scale
        steps = np.rint(scaled)
        size = np.abs(values)
        if decimals:
            clear = (np.abs(scaled) < _STEPS) & (np.abs(np.abs(scaled - steps) - 0.5) > _NEAR_HALF)
        else:
            clear = size < _WHOLE
        # A tiny figure is written in significant digits (see figure), not as a step.
        stepped = clear & ~((size > 0.0) & (size < 10.0**-decimals / 2))
        # Each value's key has its figure: the value rounded to its step, or itself.
        keys = np.where(stepped, steps / scale, values)
    distinct, index = np.unique(keys, return_inverse=True)
    return [figure(x, decimals) for x in distinct.tolist()], index.reshape(-1)


def shown(r: Range, decimals: int) -> Range:
    """Return ``r`` rounded outward to what a rendering shows (whole counts, ``decimals``).

    Examples
    --------
    >>> import claimkit as ck
    >>> print(shown(ck.Range(724_137.93, 724_137.93, "person"), 2))
    [724,137, 724,138] person
    """
    if r.is_empty:
        return r
    places = 0 if is_count_unit(r.unit) else decimals
    lo, hi = _step(r.lo, places, up=False), _step(r.hi, places, up=True)
    if lo == hi:  # a sliver shown as one figure: its ends, open or not, meet
        return r.replace(lo=lo, hi=hi, lo_open=False, hi_open=False)
    return r.replace(lo=lo, hi=hi)


def range_shown(r: Range, decimals: int) -> str:
    """Return a range as a rendering shows it: ``[700,000, 750,000] person``.

    Examples
    --------
    >>> import claimkit as ck
    >>> range_shown(ck.Range(700_000, 748_000.02, "person"), 2)
    '[700,000, 748,000] person'
    """
    if r.is_empty:
        return f"empty {r.unit}"
    s = shown(r, decimals)
    places = 0 if is_count_unit(r.unit) else decimals
    left = "(" if s.lo_open else "["
    right = ")" if s.hi_open else "]"
    return f"{left}{figure(s.lo, places)}, {figure(s.hi, places)}{right} {s.unit}"


def paragraph(text: str, width: int = 96) -> list[str]:
    """Return ``text`` wrapped to ``width`` columns, never breaking a word or an id.

    Examples
    --------
    >>> paragraph("claim rutte-russia moved", 12)
    ['claim', 'rutte-russia', 'moved']
    """
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)
