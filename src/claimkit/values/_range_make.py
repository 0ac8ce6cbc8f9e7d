"""How :class:`~claimkit.values.range.Range` objects are made: numbers in, canonical ends out.

Two ways in. The constructor validates: :func:`lower_end` and :func:`upper_end` turn any
real number into the float ends that enclose it, and the open flags must be bools.
Results of arithmetic are canonical by construction and skip it: :func:`make` builds a
range from floats directly, and :func:`operand` turns what arithmetic meets (a number
or a pint quantity) into a range.

:mod:`claimkit.values.range` imports this module, so this module cannot import it; the
range module hands its class over once, with :func:`bind`, right after defining it.
Until then nothing here can build a range.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from numbers import Rational, Real
from typing import TYPE_CHECKING, Any, cast

import pint

from claimkit.errors import InvalidRangeError
from claimkit.values import _rounding as _r
from claimkit.values._range_compare import Comparisons
from claimkit.values.units import normalize_unit

if TYPE_CHECKING:
    from claimkit.values.range import Range

__all__ = [
    "DIMENSIONLESS",
    "RANGE",
    "bind",
    "build",
    "check_number",
    "exact_value",
    "hi_open_flag",
    "lo_open_flag",
    "lower_end",
    "make",
    "make_slowly",
    "operand",
    "to_bounds",
    "upper_end",
]

INF = math.inf
DIMENSIONLESS = "dimensionless"


# --------------------------------------------------------------------------- numbers in


def check_number(value: object, name: str) -> None:
    """Refuse anything but a real number (bools too), naming the argument."""
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        msg = (
            f"{name} must be a real number (int, float, Fraction or Decimal), "
            f"got {type(value).__name__} {value!r}"
        )
        raise InvalidRangeError(msg)


def exact_value(value: object, name: str) -> Fraction:
    """Return a real number's exact value (NaN and infinities raise InvalidRangeError)."""
    check_number(value, name)
    try:
        if isinstance(value, Rational | Decimal | float):
            return Fraction(value)
        return Fraction(float(value))  # type: ignore[arg-type]  # float32 and friends: exact
    except (ValueError, OverflowError) as err:
        msg = f"{name} must be a finite number, got {value!r}"
        raise InvalidRangeError(msg) from err


def to_bounds(value: object, name: str) -> tuple[float, float]:
    """Return floats ``(down, up)`` enclosing a real number (equal when it is a float)."""
    if isinstance(value, float):
        number = float(value)
        if math.isnan(number):
            msg = f"{name} is NaN; a range needs numbers (use Range.empty(unit) for no value)"
            raise InvalidRangeError(msg)
        return number + 0.0, number + 0.0
    if isinstance(value, Decimal) and value.is_infinite():
        number = float(value)
        return number, number
    value_exact = exact_value(value, name)
    return _r.fraction_down(value_exact), _r.fraction_up(value_exact)


def lower_end(value: object) -> float:
    """Convert ``lo`` for the constructor: the largest float not above the number."""
    return to_bounds(value, "lo")[0]


def upper_end(value: object) -> float:
    """Convert ``hi`` for the constructor: the smallest float not below the number."""
    return to_bounds(value, "hi")[1]


def _open_flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        msg = f"{name} must be True or False, got {type(value).__name__} {value!r}"
        raise InvalidRangeError(msg)
    return value


def lo_open_flag(value: object) -> bool:
    """Convert ``lo_open`` for the constructor: a bool, nothing else."""
    return _open_flag(value, "lo_open")


def hi_open_flag(value: object) -> bool:
    """Convert ``hi_open`` for the constructor: a bool, nothing else."""
    return _open_flag(value, "hi_open")


# --------------------------------------------------------------------------- ranges out

#: The Range class and the fast builder of canonical ends, both set once by :func:`bind`.
RANGE: type[Range]
build: Callable[[float, float, str, bool, bool], Range]


class _Builder(Comparisons):
    """A mutable twin of Range's memory layout, which becomes a Range once filled in.

    Results of arithmetic are canonical by construction, so they skip the validating
    constructor: the five slots are written with plain attribute stores and the object's
    class is then switched to Range. This costs less than half of setting frozen slots
    through their descriptors, and is what keeps scalar arithmetic within twice the cost
    of a bare two-float interval. CPython allows the switch because both classes have the
    same first base (:class:`Comparisons`), the same slots and no ``__weakref__`` slot
    (hence ``weakref_slot=False`` on Range). Callers must pass canonical ends: floats
    without ``-0.0``, infinite ends open.
    """

    __slots__ = ("hi", "hi_open", "lo", "lo_open", "unit")

    def __init__(self, lo: float, hi: float, unit: str, lo_open: bool, hi_open: bool) -> None:
        self.lo = lo
        self.hi = hi
        self.unit = unit
        self.lo_open = lo_open
        self.hi_open = hi_open
        self.__class__ = RANGE  # type: ignore[assignment]


def make_slowly(lo: float, hi: float, unit: str, lo_open: bool, hi_open: bool) -> Range:
    """Build a range by writing its frozen slots through their descriptors."""
    r = object.__new__(RANGE)
    slots: Mapping[str, Any] = RANGE.__dict__
    slots["lo"].__set__(r, lo)
    slots["hi"].__set__(r, hi)
    slots["unit"].__set__(r, unit)
    slots["lo_open"].__set__(r, lo_open)
    slots["hi_open"].__set__(r, hi_open)
    return r


def bind(range_type: type[Range]) -> None:
    """Make this module build ``range_type``: set :data:`RANGE` and :data:`build`.

    Called once, by :mod:`claimkit.values.range`, right after it defines Range. The
    builder is :class:`_Builder` where the interpreter allows its class switch, and
    :func:`make_slowly` where it does not.
    """
    global RANGE, build  # noqa: PLW0603  # the one binding of Range, when it is defined
    RANGE = range_type
    build = cast("Callable[[float, float, str, bool, bool], Range]", _Builder)
    try:
        build(0.0, 0.0, DIMENSIONLESS, False, False)
    except TypeError:  # an interpreter that refuses the class switch
        build = make_slowly


def make(lo: float, hi: float, unit: str, lo_open: bool, hi_open: bool) -> Range:
    """Build a range from floats without validation, making infinite ends open."""
    return build(lo, hi, unit, lo_open or lo == -INF, hi_open or hi == INF)


def operand(value: object, unit: str = DIMENSIONLESS) -> Range | None:
    """Return a Range for a number (exact, in ``unit``) or a Quantity; else None."""
    if type(value) is RANGE:
        return value
    if isinstance(value, pint.Quantity):
        magnitude = value.magnitude
        units = normalize_unit(str(value.units))
        if isinstance(magnitude, bool) or not isinstance(magnitude, Real | Decimal):
            msg = (
                "only a scalar pint Quantity can meet a Range, got a magnitude of "
                f"type {type(magnitude).__name__}: {value!r}"
            )
            raise InvalidRangeError(msg)
        lo, hi = to_bounds(magnitude, "the quantity's magnitude")
        return make(lo, hi, units, False, False)
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        return None
    lo, hi = to_bounds(value, "the number")
    return make(lo, hi, unit, False, False)
