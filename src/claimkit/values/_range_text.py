"""Range text: reading rounded numerals (``from_rounded``) and writing exact ends (``str``)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

from claimkit.errors import InvalidRangeError
from claimkit.values._numerals import numeral_digits, numeral_pattern

__all__ = ["format_end", "rounding_interval"]

# A sign, then digits as the phrase reader reads them (one rule for both).
_NUMERAL = re.compile(rf"(?P<sign>[+\-\u2212]?)(?P<digits>{numeral_pattern()})")


def rounding_interval(value: object, min_significant: int) -> tuple[Fraction, Fraction]:
    """Return the exact closed rounding interval of a decimal numeral (see from_rounded)."""
    if isinstance(min_significant, bool) or not isinstance(min_significant, int):
        msg = f"min_significant must be an int, got {min_significant!r}"
        raise InvalidRangeError(msg)
    if min_significant < 1:
        msg = f"min_significant must be at least 1, got {min_significant!r}"
        raise InvalidRangeError(msg)
    negative = False
    if isinstance(value, str):
        text = value.strip()
        match = _NUMERAL.fullmatch(text)
        if match is None:
            msg = (
                f"cannot read {value!r} as a rounded number: expected digits with optional "
                "thousands separators (',' or a space, in groups of three) and a decimal "
                "point, such as '700,000', '45 690' or '1.25'"
            )
            raise InvalidRangeError(msg)
        negative = match["sign"] in ("-", "\u2212")
        digits, exponent = numeral_digits(match["digits"])
    elif isinstance(value, Decimal):
        if not value.is_finite():
            msg = f"cannot read {value!r} as a rounded number: it is not finite"
            raise InvalidRangeError(msg)
        sign, digit_tuple, exp = value.as_tuple()
        negative = bool(sign)
        digits, exponent = "".join(map(str, digit_tuple)), int(exp)
        if exponent >= 0:
            digits, exponent = _strip_zeros(digits + "0" * exponent)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            msg = f"cannot read {value!r} as a rounded number: it is not finite"
            raise InvalidRangeError(msg)
        negative = value < 0
        if isinstance(value, int) or value.is_integer():
            digits, exponent = _strip_zeros(str(abs(int(value))))
        else:
            _, digit_tuple, exp = Decimal(repr(abs(value))).as_tuple()
            digits, exponent = "".join(map(str, digit_tuple)), int(exp)
    else:
        msg = (
            "from_rounded() takes a numeral as text, an int, a float or a Decimal, "
            f"got {type(value).__name__} {value!r}"
        )
        raise InvalidRangeError(msg)
    magnitude = Fraction(int(digits)) * Fraction(10) ** exponent
    significant = len(digits.lstrip("0"))
    if 0 < significant < min_significant:
        exponent -= min_significant - significant
    half = Fraction(10) ** exponent / 2
    centre = -magnitude if negative else magnitude
    return centre - half, centre + half


def _strip_zeros(digits: str) -> tuple[str, int]:
    """Drop the trailing zeros of an integer's digits; they are not significant."""
    stripped = digits.rstrip("0")
    if not stripped:
        return "0", 0
    return stripped, len(digits) - len(stripped)


def format_end(x: float) -> str:
    """Return an end as text that reads back to the same float (repr digits, separators)."""
    if x - x != 0.0:
        return "inf" if x > 0 else "-inf"
    if x.is_integer() and abs(x) < 1e16:
        return f"{int(x):,}"
    text = repr(x)
    if "e" in text:
        return text
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}.{frac}"
