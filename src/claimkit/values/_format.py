"""How numbers and ranges are written for people and for JSON: one rule each (internal).

Every layer that shows a figure (messages of the reconciliation methods, the text
and Markdown renderings, the command line) writes it with :func:`number` and
:func:`range_text`; every JSON document writes a range with :func:`range_to_dict`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimkit.values.range import Range

__all__ = ["finite_or_none", "number", "range_text", "range_to_dict"]


def finite_or_none(x: float | None) -> float | None:
    """Return ``x`` when it is a finite float, else ``None`` (JSON has no infinity)."""
    return x if x is not None and math.isfinite(x) else None


def number(x: float) -> str:
    """Format a number for people: thousands separators, at most two decimals.

    Numbers of 1e15 and more are written with six significant digits (``1e+300``),
    and non-zero numbers below 0.01 with three (``2e-20``), so that no figure is
    shown as a wall of digits or as 0.
    """
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if abs(x) >= 1e15:
        return f"{x:.6g}"
    if 0.0 < abs(x) < 0.01:
        return f"{x:.3g}"
    if abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)):
        return f"{round(x):,}"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def range_text(r: Range) -> str:
    """Format a range for people (numbers as :func:`number` writes them)."""
    if r.is_empty:
        return f"empty {r.unit}"
    left = "(" if r.lo_open else "["
    right = ")" if r.hi_open else "]"
    return f"{left}{number(r.lo)}, {number(r.hi)}{right} {r.unit}"


def range_to_dict(r: Range) -> dict[str, Any]:
    """Return a range as JSON-ready data: unbounded ends are ``null``.

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.values._format import range_to_dict
    >>> range_to_dict(ck.Range.more_than(5, "person"))
    {'lo': 5.0, 'hi': None, 'lo_open': True, 'hi_open': True, 'unit': 'person', 'empty': False}
    """
    if r.is_empty:
        return {
            "lo": None,
            "hi": None,
            "lo_open": True,
            "hi_open": True,
            "unit": r.unit,
            "empty": True,
        }
    return {
        "lo": finite_or_none(r.lo),
        "hi": finite_or_none(r.hi),
        "lo_open": r.lo_open,
        "hi_open": r.hi_open,
        "unit": r.unit,
        "empty": False,
    }
