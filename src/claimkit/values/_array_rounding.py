"""Directed rounding on numpy arrays: products and powers of two that never lose the truth.

The vectorised twins of :mod:`claimkit.values._rounding`, for the linear model and the
engine: each result is the exact value when a float holds it, and otherwise the
nearest float on the side asked for (``-inf``: not above the exact value, ``inf``:
not below), for every finite input, subnormal and huge ones included.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from claimkit.values._rounding import SPLITTER

__all__ = ["FLOAT_MAX", "product_down", "product_error_sign", "product_up", "scale_by"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

#: The largest float.
FLOAT_MAX = float(np.finfo(np.float64).max)
#: The smallest normal float: a value scaled by a power of two to at least this is exact.
_SMALLEST_NORMAL = float(np.finfo(np.float64).smallest_normal)


def scale_by(x: Floats, exponent: Ints, direction: float) -> Floats:
    """Return ``x * 2**exponent`` rounded towards ``direction``.

    The product is exact unless it underflows, when it steps towards ``direction``,
    or overflows: towards ``direction`` it is infinite, away from it the largest
    float (a lower bound of a huge count, or an upper bound of a very negative one).
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        y = np.asarray(np.ldexp(x, exponent))
        # Only a result below the smallest normal float can have lost bits.
        tiny = np.abs(y) < _SMALLEST_NORMAL
        if tiny.any():
            xt, yt = np.broadcast_to(x, y.shape)[tiny], y[tiny]
            back = np.ldexp(yt, -np.broadcast_to(exponent, y.shape)[tiny])
            y[tiny] = np.where(back != xt, np.nextafter(yt, direction), yt)
    # An overflow away from ``direction`` stops at the largest float.
    away = np.inf if direction < 0 else -np.inf
    return np.where(np.isfinite(x) & (y == away), np.copysign(FLOAT_MAX, away), y)


def product_error_sign(a: Floats, b: Floats, p: Floats) -> Floats:
    """Return the sign of ``a * b - p`` for ``p = fl(a * b)``, elementwise.

    Dekker's TwoProduct with Veltkamp's splitting, as in :mod:`claimkit.values._rounding`,
    on the operands' mantissas (``a = ma * 2**ea`` with ``0.5 <= |ma| < 1``), where
    the split is always valid: ``ma * mb = hi + lo`` exactly. ``p`` brought to the
    mantissas' scale is exact (a power of two moves it up, or keeps it normal), and
    differs from ``hi`` only where ``p`` is subnormal, by less than a factor of two,
    so ``(hi - q) + lo`` has the sign of the error for every finite product, tiny,
    subnormal or huge. Where the product overflows the sign is unknown (``nan``).
    """
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        ma, ea = np.frexp(a)
        mb, eb = np.frexp(b)
        hi = ma * mb
        c = SPLITTER * ma
        ah = c - (c - ma)
        al = ma - ah
        c = SPLITTER * mb
        bh = c - (c - mb)
        bl = mb - bh
        lo = ((ah * bh - hi) + ah * bl + al * bh) + al * bl
        q = np.ldexp(p, -(ea + eb))
        err = (hi - q) + lo
    valid = np.isfinite(a) & np.isfinite(b) & np.isfinite(p)
    sign = np.sign(err)
    exact_zero = (a == 0) | (b == 0)
    return np.where(exact_zero, 0.0, np.where(valid, sign, np.nan))


def _product(values: Floats, k_lo: Floats, k_hi: Floats, direction: float) -> Floats:
    """Return ``values * k`` rounded towards ``direction`` for every ``k`` in [k_lo, k_hi].

    ``k_lo`` and ``k_hi`` are positive; infinite values stay infinite, and so does a
    product that overflows (the caller decides what an overflow means).
    """
    down = direction < 0
    # The extreme product: towards -inf take the small factor for positive values.
    k = np.where((values >= 0) == down, k_lo, k_hi)
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        p = values * k
    finite = np.isfinite(values) & np.isfinite(p)
    # A factor of 1 keeps its value exact (most claims' unit is their family's): the
    # error's sign is worked out only for the other products.
    sign = np.zeros(p.shape, dtype=np.float64)
    other = np.flatnonzero(k != 1.0)
    sign[other] = product_error_sign(values[other], k[other], p[other])
    beyond = (sign < 0) if down else (sign > 0)
    step = finite & (beyond | np.isnan(sign))
    with np.errstate(over="ignore"):
        return np.where(step, np.nextafter(p, direction), p)


def product_down(values: Floats, k_lo: Floats, k_hi: Floats) -> Floats:
    """Return ``values * k`` rounded down, for ``k`` anywhere in ``[k_lo, k_hi]``."""
    return _product(values, k_lo, k_hi, -np.inf)


def product_up(values: Floats, k_lo: Floats, k_hi: Floats) -> Floats:
    """Return ``values * k`` rounded up, for ``k`` anywhere in ``[k_lo, k_hi]``."""
    return _product(values, k_lo, k_hi, np.inf)
