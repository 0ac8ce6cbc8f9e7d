"""Interval ends: the corner rules behind Range's products, quotients and powers.

An *end* is a float and a flag saying whether it is excluded (open). These helpers
work on tuples ``(lo, hi, lo_open, hi_open)`` of plain floats and bools, so Range's
arithmetic can combine them without building intermediate objects. Every float they
return is rounded outward with :mod:`claimkit.values._rounding`.
"""

from __future__ import annotations

import math
from typing import TypeAlias

from claimkit.values._rounding import div_down, div_up, mul_down, mul_up

__all__ = [
    "Ends",
    "attained",
    "div_positive",
    "hull_ends",
    "pow_down",
    "pow_up",
    "underflow_open",
]

INF = math.inf

#: ``(lo, hi, lo_open, hi_open)``
Ends: TypeAlias = tuple[float, float, bool, bool]


def attained(x: float, x_open: bool, y: float, y_open: bool) -> bool:
    """Whether the product of two ends is a value of the product set (zero absorbs)."""
    return (not x_open and not y_open) or (x == 0.0 and not x_open) or (y == 0.0 and not y_open)


def underflow_open(end: float, exact_nonzero: bool, is_open: bool) -> bool:
    """Return whether an end is open, given that its exact value is nonzero or not.

    An end rounded outward to zero from a nonzero exact value (a product or quotient
    that underflows) is not a value of the set, which holds no zero: it is open.
    """
    return is_open or (end == 0.0 and exact_nonzero)


def div_positive(x: Ends, y: Ends) -> Ends:
    """Divide ``x`` by ``y``, a range of positive numbers (``y.lo == 0`` only when open)."""
    a, b, a_open, b_open = x
    c, d, c_open, d_open = y
    if a >= 0.0:
        if a == 0.0:
            lo, lo_att = 0.0, not a_open
        elif d == INF:
            lo, lo_att = 0.0, False
        else:
            lo, lo_att = div_down(a, d), not a_open and not d_open
    elif c == 0.0 or a == -INF:
        lo, lo_att = -INF, False
    else:
        lo, lo_att = div_down(a, c), not a_open and not c_open
    if b > 0.0:
        if c == 0.0 or b == INF:
            hi, hi_att = INF, False
        else:
            hi, hi_att = div_up(b, c), not b_open and not c_open
    elif b == 0.0:
        hi, hi_att = 0.0, not b_open
    elif d == INF:
        hi, hi_att = 0.0, False
    else:
        hi, hi_att = div_up(b, d), not b_open and not d_open
    return (
        lo,
        hi,
        underflow_open(lo, a != 0.0, not lo_att),
        underflow_open(hi, b != 0.0, not hi_att),
    )


def hull_ends(parts: list[Ends]) -> Ends:
    lo, hi, lo_open, hi_open = parts[0]
    for p_lo, p_hi, p_lo_open, p_hi_open in parts[1:]:
        if p_lo < lo:
            lo, lo_open = p_lo, p_lo_open
        elif p_lo == lo:
            lo_open = lo_open and p_lo_open
        if p_hi > hi:
            hi, hi_open = p_hi, p_hi_open
        elif p_hi == hi:
            hi_open = hi_open and p_hi_open
    return lo, hi, lo_open, hi_open


def pow_up(x: float, n: int) -> float:
    """``x ** n`` rounded up, for ``x >= 0``."""
    p = x
    for _ in range(n - 1):
        p = mul_up(p, x)
    return p


def pow_down(x: float, n: int) -> float:
    """``x ** n`` rounded down, for ``x >= 0``."""
    p = x
    for _ in range(n - 1):
        p = mul_down(p, x)
    return p
