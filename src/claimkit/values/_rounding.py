"""Directed rounding for float64 interval ends, without changing the FPU mode.

Python cannot switch the rounding direction, so every function here computes the
correctly rounded (to nearest) result, decides with an *error-free transformation*
whether that result is exact, and steps one float outward with :func:`math.nextafter`
only when it is not. Exact results therefore stay exact, and inexact ones are off
by at most one unit in the last place, in the safe direction.

- sums and differences: Knuth's TwoSum gives the exact error of ``s = fl(a + b)``;
- products: Dekker's TwoProduct with Veltkamp's splitting (Python 3.11 has no
  ``math.fma``) gives the exact error of ``fl(a * b)``; where the splitting could
  overflow or the error underflow, :class:`fractions.Fraction` decides;
- quotients: the remainder ``a - q * b`` of ``q = fl(a / b)`` is a float, computed
  exactly with TwoProduct; its sign says on which side of ``q`` the real quotient lies.

Since the *sign* of the error is known, a result is stepped only when it lies on the
wrong side of the real value: the ends are as tight as directed rounding would give.

Infinite operands follow IEEE 1788's conventions for interval ends: a product with a
zero factor is zero, even when the other factor is infinite.

The functions take and return plain floats; none of them allocates more than a tuple.
Every result is canonical: ``-0.0`` is returned as ``0.0``.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = [
    "add_down",
    "add_up",
    "div_down",
    "div_up",
    "factor_bounds",
    "fraction_down",
    "fraction_factor",
    "fraction_up",
    "mul_down",
    "mul_up",
    "product_error_sign",
    "quotient_error_sign",
    "sub_down",
    "sub_up",
    "two_product_error",
]

INF = math.inf
_nextafter = math.nextafter
SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's constant for binary64
# TwoProduct is error-free when neither factor overflows in the splitting and the
# product's error term is representable (no underflow); outside this band the slow,
# exact Fraction arithmetic decides.
SPLIT_MAX = 2.0**995
PRODUCT_MIN = 2.0**-960
PRODUCT_MAX = 2.0**1020  # the split halves' products stay finite below this


def add_down(a: float, b: float) -> float:
    """Return the largest float not above ``a + b`` (ends of ranges: no ``inf + -inf``)."""
    s = a + b
    t = s - a
    if (a - (s - t)) + (b - t) < 0.0 or s == INF:  # TwoSum error, or overflow
        return _nextafter(s, -INF) + 0.0
    return s


def add_up(a: float, b: float) -> float:
    """Return the smallest float not below ``a + b``."""
    s = a + b
    t = s - a
    if (a - (s - t)) + (b - t) > 0.0 or s == -INF:
        return _nextafter(s, INF) + 0.0
    return s


def sub_down(a: float, b: float) -> float:
    """Return the largest float not above ``a - b``."""
    return add_down(a, -b)


def sub_up(a: float, b: float) -> float:
    """Return the smallest float not below ``a - b``."""
    return add_up(a, -b)


def two_product_error(a: float, b: float, p: float) -> float:
    """Return ``a * b - p`` exactly, for ``p = fl(a * b)`` within the TwoProduct band.

    Dekker's algorithm with Veltkamp's splitting: valid when ``|a|`` and ``|b|`` are below
    ``SPLIT_MAX`` and ``|p|`` lies between ``PRODUCT_MIN`` and ``PRODUCT_MAX``.
    ``Range.__mul__`` inlines the same steps on its fast path, where a function call
    would cost a third of the time.
    """
    c = SPLITTER * a
    ah = c - (c - a)
    al = a - ah
    c = SPLITTER * b
    bh = c - (c - b)
    bl = b - bh
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl


def product_error_sign(a: float, b: float, p: float) -> int:
    """Return the sign of ``a * b - p`` for finite, nonzero ``a``, ``b`` and ``p = fl(a * b)``."""
    if p - p != 0.0:  # overflow: the real product is finite
        return -1 if p > 0.0 else 1
    if abs(a) < SPLIT_MAX and abs(b) < SPLIT_MAX and PRODUCT_MIN < abs(p) < PRODUCT_MAX:
        e = two_product_error(a, b, p)
    else:
        e = Fraction(a) * Fraction(b) - Fraction(p)  # type: ignore[assignment]
    return (e > 0) - (e < 0)


def mul_down(a: float, b: float) -> float:
    """Return the largest float not above ``a * b`` (``0 * inf == 0``)."""
    if a == 0.0 or b == 0.0:
        return 0.0
    p = a * b
    if a - a != 0.0 or b - b != 0.0:  # an infinite factor: the product is infinite
        return p
    if product_error_sign(a, b, p) < 0:
        return _nextafter(p, -INF) + 0.0
    return p + 0.0


def mul_up(a: float, b: float) -> float:
    """Return the smallest float not below ``a * b`` (``0 * inf == 0``)."""
    if a == 0.0 or b == 0.0:
        return 0.0
    p = a * b
    if a - a != 0.0 or b - b != 0.0:
        return p
    if product_error_sign(a, b, p) > 0:
        return _nextafter(p, INF) + 0.0
    return p + 0.0


def quotient_error_sign(a: float, b: float, q: float) -> int:
    """Return the sign of ``a / b - q`` for finite ``a``, finite nonzero ``b``, ``q = a / b``."""
    if q - q != 0.0:  # overflow
        return -1 if q > 0.0 else 1
    if (
        q != 0.0
        and abs(q) < SPLIT_MAX
        and abs(b) < SPLIT_MAX
        and PRODUCT_MIN < abs(a) < PRODUCT_MAX
    ):
        # The remainder a - q*b is exactly representable; TwoProduct gives it exactly.
        p = q * b
        r = (a - p) - two_product_error(q, b, p)
        sign = (r > 0.0) - (r < 0.0)
        return sign if b > 0.0 else -sign
    exact = Fraction(a) / Fraction(b) - Fraction(q)
    return (exact > 0) - (exact < 0)


def div_down(a: float, b: float) -> float:
    """Return the largest float not above ``a / b`` for finite ``a`` and finite, nonzero ``b``."""
    q = a / b
    if quotient_error_sign(a, b, q) < 0:
        return _nextafter(q, -INF) + 0.0
    return q + 0.0


def div_up(a: float, b: float) -> float:
    """Return the smallest float not below ``a / b`` for finite ``a`` and finite, nonzero ``b``."""
    q = a / b
    if quotient_error_sign(a, b, q) > 0:
        return _nextafter(q, INF) + 0.0
    return q + 0.0


def fraction_down(x: Fraction) -> float:
    """Return the largest float not above the rational ``x`` (``-inf`` below the range)."""
    try:
        f = float(x)  # correctly rounded: int / int true division
    except OverflowError:
        return -INF if x < 0 else _nextafter(INF, 0.0)
    if Fraction(f) > x:
        f = _nextafter(f, -INF)
    return f + 0.0


def fraction_up(x: Fraction) -> float:
    """Return the smallest float not below the rational ``x`` (``inf`` above the range)."""
    try:
        f = float(x)
    except OverflowError:
        return INF if x > 0 else _nextafter(-INF, 0.0)
    if Fraction(f) < x:
        f = _nextafter(f, INF)
    return f + 0.0


# Factors whose binary expansion is this short are ratios of exactly defined units whose
# denominator is a power of two (7, 0.25, 30.4375, 365.25): pint computes them exactly.
_EXACT_FACTOR_BITS = 32

#: The identity factor: multiply by exactly 1.
IDENTITY: tuple[float, float, float] = (1.0, 1.0, 0.0)


def _is_short(x: float) -> bool:
    return x.as_integer_ratio()[0].bit_length() <= _EXACT_FACTOR_BITS


def factor_bounds(factor: float) -> tuple[float, float, float]:
    """Return how to apply pint's float ``factor`` so that results enclose the exact one.

    The result ``(lo, hi, divisor)`` says: divide by ``divisor`` exactly when it is not
    zero, otherwise multiply by a number known to lie in ``[lo, hi]``.

    pint returns a conversion factor rounded to a float. A factor with a short binary
    expansion (at most 32 significant bits: ``7.0``, ``0.25``, ``30.4375``) is taken as
    exact; the reciprocal of such a number (``1/7`` from day to week) is applied as a
    division by it, which is exact when the quotient is; any other factor is taken to
    lie within one unit in the last place of the exact ratio of pint's unit
    definitions, so the enclosure is one float either side.
    """
    if factor == 1.0:
        return IDENTITY
    if factor - factor != 0.0 or factor <= 0.0 or _is_short(factor):
        return factor, factor, 0.0
    divisor = 1.0 / factor
    if _is_short(divisor) and 1.0 / divisor == factor:
        return factor, factor, divisor
    return _nextafter(factor, -INF), _nextafter(factor, INF), 0.0


def fraction_factor(lo: Fraction, hi: Fraction) -> tuple[float, float, float]:
    """Return how to apply a positive factor known to lie in ``[lo, hi]`` (rationals).

    The result reads as :func:`factor_bounds` describes. An exact factor (``lo == hi``)
    that a float holds is multiplied by exactly; one whose reciprocal a float holds
    (``1/7``, ``1/10080``) is applied as a division by that float, exact when the
    quotient is; any other is enclosed by the floats on either side of it.
    """
    down, up = fraction_down(lo), fraction_up(hi)
    if lo == hi:
        if lo == 1:
            return IDENTITY
        if down == up:
            return down, up, 0.0
        inverse = 1 / lo
        divisor = fraction_down(inverse)
        if divisor == fraction_up(inverse):
            return down, up, divisor
    return down, up, 0.0
