"""The arithmetic of :class:`~claimkit.values.range.Range`: ``+ - * / **``, ``&`` and ``|``.

It lives in a mixin of its own to keep :mod:`claimkit.values.range` readable; every
method is documented as a method of ``Range``. Results are built with
:mod:`claimkit.values._range_make`, which skips validation: every end computed here is
canonical and rounded outward with :mod:`claimkit.values._rounding`.

The unit algebra comes first: a product or a quotient of ranges in different units
multiplies the ends by the factor that pint's reduction introduces, and
:meth:`Range.to <claimkit.values.range.Range.to>` by a conversion factor; both are
computed exactly (:func:`claimkit.values.units.conversion_bounds`) and enclosed as
:func:`claimkit.values._rounding.fraction_factor` describes.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, TypeAlias, cast

from claimkit.errors import InvalidRangeError
from claimkit.values import _interval as _iv
from claimkit.values import _range_make as _mk
from claimkit.values import _rounding as _r
from claimkit.values._range_compare import RangeFields
from claimkit.values._range_make import DIMENSIONLESS
from claimkit.values.units import conversion_bounds, product_bounds

if TYPE_CHECKING:
    from claimkit.values.range import Operand, Range

__all__ = ["IDENTITY", "Arithmetic", "Factor", "algebra", "scale", "scale_ends", "unit_factor"]

INF = math.inf
_nextafter = math.nextafter
_mul_down = _r.mul_down
_mul_up = _r.mul_up
_SPLITTER = _r.SPLITTER
_SPLIT_MAX = _r.SPLIT_MAX
_PRODUCT_MIN = _r.PRODUCT_MIN
_PRODUCT_MAX = _r.PRODUCT_MAX

# --------------------------------------------------------------------------- unit factors

#: How to apply a positive factor: see :func:`claimkit.values._rounding.factor_bounds`.
Factor: TypeAlias = tuple[float, float, float]
_IDENTITY = IDENTITY = _r.IDENTITY


@functools.lru_cache(maxsize=1024)
def unit_factor(src: str, dst: str) -> Factor:
    """How to convert from ``src`` to ``dst`` (IncompatibleUnitsError if impossible)."""
    return _r.fraction_factor(*conversion_bounds(src, dst))


@functools.lru_cache(maxsize=1024)
def algebra(a: str, b: str, divide: bool) -> tuple[str, Factor]:
    """Return the unit of ``a * b`` (or ``a / b``) and how to apply the algebra's factor."""
    unit, lo, hi = product_bounds(a, b, divide)
    spec = _r.fraction_factor(lo, hi)
    return unit, _IDENTITY if spec == _IDENTITY else spec


def scale_ends(ends: _iv.Ends, factor: Factor) -> _iv.Ends:
    """Apply a positive factor to ends, opening an end that underflows to zero."""
    lo, hi, lo_open, hi_open = ends
    new_lo, new_hi = scale(lo, hi, factor)
    return (
        new_lo,
        new_hi,
        _iv.underflow_open(new_lo, lo != 0.0, lo_open),
        _iv.underflow_open(new_hi, hi != 0.0, hi_open),
    )


def scale(lo: float, hi: float, factor: Factor) -> tuple[float, float]:
    """Apply a positive factor (see ``_rounding.factor_bounds``) to the ends ``lo <= hi``."""
    flo, fhi, divisor = factor
    if divisor:
        new_lo = lo if lo - lo != 0.0 else _r.div_down(lo, divisor)
        new_hi = hi if hi - hi != 0.0 else _r.div_up(hi, divisor)
        return new_lo, new_hi
    new_lo = _mul_down(lo, flo if lo >= 0.0 else fhi)
    new_hi = _mul_up(hi, fhi if hi >= 0.0 else flo)
    return new_lo, new_hi


# --------------------------------------------------------------------------- the mixin


class Arithmetic(RangeFields):
    """Negation, sums, differences, products, quotients, powers, intersection and hull.

    A mixin without state (``__slots__ = ()``); :class:`~claimkit.values.range.Range` is
    its only user.
    """

    __slots__ = ()

    def __neg__(self) -> Range:
        return _mk.make(-self.hi + 0.0, -self.lo + 0.0, self.unit, self.hi_open, self.lo_open)

    def __pos__(self) -> Range:
        return cast("Range", self)

    def __add__(self, other: Operand) -> Range:
        o = other if type(other) is _mk.RANGE else _mk.operand(other)
        if o is None:
            return NotImplemented
        unit = self.unit
        if o.unit != unit:
            o = o._in_unit(unit, "add", unit)
        # A sum is exact iff t = s - a equals b and s - t equals a (Fast2Sum); otherwise
        # TwoSum's exact error says whether the sum lies on the wrong side of the truth.
        lo_open = self.lo_open or o.lo_open
        hi_open = self.hi_open or o.hi_open
        a = self.lo
        b = o.lo
        lo = a + b
        t = lo - a
        if t != b or lo - t != a:  # inexact, or infinite
            if (a - (lo - t)) + (b - t) < 0.0 or lo == INF:
                lo = _nextafter(lo, -INF) + 0.0
            lo_open = lo_open or lo == -INF
        a = self.hi
        b = o.hi
        hi = a + b
        t = hi - a
        if t != b or hi - t != a:
            if (a - (hi - t)) + (b - t) > 0.0 or hi == -INF:
                hi = _nextafter(hi, INF) + 0.0
            hi_open = hi_open or hi == INF
        if lo <= hi:
            return _mk.build(lo, hi, unit, lo_open, hi_open)
        return _mk.make(INF, -INF, unit, True, True)

    __radd__ = __add__

    def __sub__(self, other: Operand) -> Range:
        o = other if type(other) is _mk.RANGE else _mk.operand(other)
        if o is None:
            return NotImplemented
        unit = self.unit
        if o.unit != unit:
            o = o._in_unit(unit, "subtract", unit)
        lo = _r.add_down(self.lo, -o.hi)
        hi = _r.add_up(self.hi, -o.lo)
        if lo <= hi:
            return _mk.make(lo, hi, unit, self.lo_open or o.hi_open, self.hi_open or o.lo_open)
        return _mk.make(INF, -INF, unit, True, True)

    def __rsub__(self, other: Operand) -> Range:
        return (-self).__add__(other)

    def __mul__(self, other: Operand) -> Range:
        o = other if type(other) is _mk.RANGE else _mk.operand(other)
        if o is None:
            return NotImplemented
        su = self.unit
        ou = o.unit
        if ou == DIMENSIONLESS:
            unit, factor = su, _IDENTITY
        elif su == DIMENSIONLESS:
            unit, factor = ou, _IDENTITY
        else:
            unit, factor = algebra(su, ou, False)
        a = self.lo
        b = self.hi
        c = o.lo
        d = o.hi
        if a > b or c > d:
            return _mk.make(INF, -INF, unit, True, True)
        if a > 0.0 and c > 0.0 and b < _SPLIT_MAX and d < _SPLIT_MAX:
            # Both positive and finite: the ends are a*c and b*d. TwoProduct (Veltkamp
            # splitting) gives each product's exact error; step only if it is outward.
            # This inlines _rounding.two_product_error twice: calls would cost ~25%.
            lo = a * c
            hi = b * d
            if _PRODUCT_MIN < lo and hi < _PRODUCT_MAX:
                t = _SPLITTER * a
                ah = t - (t - a)
                al = a - ah
                t = _SPLITTER * c
                ch = t - (t - c)
                cl = c - ch
                if ((ah * ch - lo) + ah * cl + al * ch) + al * cl < 0.0:
                    lo = _nextafter(lo, -INF)
                t = _SPLITTER * b
                bh = t - (t - b)
                bl = b - bh
                t = _SPLITTER * d
                dh = t - (t - d)
                dl = d - dh
                if ((bh * dh - hi) + bh * dl + bl * dh) + bl * dl > 0.0:
                    hi = _nextafter(hi, INF)
                lo_open = self.lo_open or o.lo_open
                hi_open = self.hi_open or o.hi_open
                if factor is _IDENTITY:  # the ends are finite: the result is canonical
                    return _mk.build(lo, hi, unit, lo_open, hi_open)
            else:
                lo = _mul_down(a, c)
                hi = _mul_up(b, d)
                lo_open = self.lo_open or o.lo_open or lo == 0.0  # underflow: a, c > 0
                hi_open = self.hi_open or o.hi_open
        else:
            lo, hi, lo_open, hi_open = self._mul_general(o)
        if factor is not _IDENTITY:
            lo, hi, lo_open, hi_open = scale_ends((lo, hi, lo_open, hi_open), factor)
        return _mk.make(lo, hi, unit, lo_open, hi_open)

    __rmul__ = __mul__

    def _mul_general(self, other: Range) -> _iv.Ends:
        lo, lo_att, hi, hi_att = INF, False, -INF, False
        for x, x_open in ((self.lo, self.lo_open), (self.hi, self.hi_open)):
            for y, y_open in ((other.lo, other.lo_open), (other.hi, other.hi_open)):
                att = _iv.attained(x, x_open, y, y_open)
                # A corner that underflows to zero from a nonzero product is not attained.
                rounded_att = att and (x == 0.0 or y == 0.0)
                down = _mul_down(x, y)
                down_att = att if down != 0.0 else rounded_att
                if down < lo:
                    lo, lo_att = down, down_att
                elif down == lo:
                    lo_att = lo_att or down_att
                up = _mul_up(x, y)
                up_att = att if up != 0.0 else rounded_att
                if up > hi:
                    hi, hi_att = up, up_att
                elif up == hi:
                    hi_att = hi_att or up_att
        return lo, hi, not lo_att, not hi_att

    def __truediv__(self, other: Operand) -> Range:
        o = other if type(other) is _mk.RANGE else _mk.operand(other)
        if o is None:
            return NotImplemented
        su = self.unit
        ou = o.unit
        if ou == DIMENSIONLESS:
            unit, factor = su, _IDENTITY
        elif su == ou:
            unit, factor = DIMENSIONLESS, _IDENTITY
        else:
            unit, factor = algebra(su, ou, True)
        a, b, ao, bo = self.lo, self.hi, self.lo_open, self.hi_open
        c, d, co, do = o.lo, o.hi, o.lo_open, o.hi_open
        if a > b or c > d:
            return _mk.make(INF, -INF, unit, True, True)
        x, minus_x = (a, b, ao, bo), (-b, -a, bo, ao)
        if c > 0.0 or (c == 0.0 and co):
            ends = _iv.div_positive(x, (c, d, co, do))
        elif d < 0.0 or (d == 0.0 and do):  # x / y == -x / -y
            ends = _iv.div_positive(minus_x, (-d, -c, do, co))
        else:  # zero is in the divisor: divide by its negative and positive parts
            parts = []
            if d > 0.0:
                parts.append(_iv.div_positive(x, (0.0, d, True, do)))
            if c < 0.0:
                parts.append(_iv.div_positive(minus_x, (0.0, -c, True, co)))
            if not parts:  # the divisor is exactly [0, 0]
                return _mk.make(INF, -INF, unit, True, True)
            ends = _iv.hull_ends(parts)
        lo, hi, lo_open, hi_open = ends
        if factor is not _IDENTITY:
            lo, hi, lo_open, hi_open = scale_ends((lo, hi, lo_open, hi_open), factor)
        return _mk.make(lo, hi, unit, lo_open, hi_open)

    def __rtruediv__(self, other: Operand) -> Range:
        coerced = _mk.operand(other)
        if coerced is None:
            return NotImplemented
        return coerced.__truediv__(cast("Range", self))

    def __pow__(self, n: int) -> Range:
        if isinstance(n, bool) or not isinstance(n, int):
            return NotImplemented
        if n < 0:
            msg = f"a range's power must be a non-negative int, got {n!r}; divide instead"
            raise InvalidRangeError(msg)
        if n == 0:  # IEEE 1788's pown(x, 0): [1, 1], or empty for the empty range
            if self.lo > self.hi:
                return _mk.make(INF, -INF, DIMENSIONLESS, True, True)
            return _mk.make(1.0, 1.0, DIMENSIONLESS, False, False)
        unit, factors = self.unit, []
        if unit != DIMENSIONLESS:
            for _ in range(n - 1):
                unit, factor = algebra(unit, self.unit, False)
                if factor is not _IDENTITY:
                    factors.append(factor)
        a, b, ao, bo = self.lo, self.hi, self.lo_open, self.hi_open
        if a > b:
            return _mk.make(INF, -INF, unit, True, True)
        if n % 2 == 1 or a >= 0.0:
            lo = _iv.pow_down(a, n) if a >= 0.0 else -_iv.pow_up(-a, n)
            hi = _iv.pow_up(b, n) if b >= 0.0 else -_iv.pow_down(-b, n)
            lo_open, hi_open = ao, bo
        elif b <= 0.0:
            lo, hi, lo_open, hi_open = _iv.pow_down(-b, n), _iv.pow_up(-a, n), bo, ao
        else:
            lo, lo_open = 0.0, False
            if -a > b:
                hi, hi_open = _iv.pow_up(-a, n), ao
            elif b > -a:
                hi, hi_open = _iv.pow_up(b, n), bo
            else:
                hi, hi_open = _iv.pow_up(b, n), ao and bo
        # A power rounded to zero from a range without zero is not attained.
        lo_open = _iv.underflow_open(lo, not a <= 0.0 <= b, lo_open)
        hi_open = _iv.underflow_open(hi, not a <= 0.0 <= b, hi_open)
        for factor in factors:
            lo, hi, lo_open, hi_open = scale_ends((lo, hi, lo_open, hi_open), factor)
        return _mk.make(lo + 0.0, hi + 0.0, unit, lo_open, hi_open)

    # ------------------------------------------------------------------ set operations

    def __and__(self, other: Range) -> Range:
        if type(other) is not _mk.RANGE:
            return NotImplemented
        other = self._coerce(other, "intersect")
        if self.lo > self.hi or other.lo > other.hi:
            return _mk.make(INF, -INF, self.unit, True, True)
        if self.lo > other.lo:
            lo, lo_open = self.lo, self.lo_open
        elif other.lo > self.lo:
            lo, lo_open = other.lo, other.lo_open
        else:
            lo, lo_open = self.lo, self.lo_open or other.lo_open
        if self.hi < other.hi:
            hi, hi_open = self.hi, self.hi_open
        elif other.hi < self.hi:
            hi, hi_open = other.hi, other.hi_open
        else:
            hi, hi_open = self.hi, self.hi_open or other.hi_open
        if lo > hi or (lo == hi and (lo_open or hi_open)):
            return _mk.make(INF, -INF, self.unit, True, True)
        return _mk.make(lo, hi, self.unit, lo_open, hi_open)

    def __or__(self, other: Range) -> Range:
        if type(other) is not _mk.RANGE:
            return NotImplemented
        other = self._coerce(other, "take the hull of")
        if other.lo > other.hi:
            return cast("Range", self)
        if self.lo > self.hi:
            return other
        lo, hi, lo_open, hi_open = _iv.hull_ends(
            [
                (self.lo, self.hi, self.lo_open, self.hi_open),
                (other.lo, other.hi, other.lo_open, other.hi_open),
            ]
        )
        return _mk.make(lo, hi, self.unit, lo_open, hi_open)

    def intersection(self, other: Range) -> Range:
        """Return the numbers in both ranges (``self & other``); may be empty.

        ``other`` is converted into this range's unit first.

        Examples
        --------
        >>> from claimkit import Range
        >>> rutte = Range.from_rounded("700,000", "person")
        >>> zelensky = Range.from_rounded("750,000", "person", min_significant=2)
        >>> print(rutte & zelensky)
        [745,000, 750,000] person
        """
        return self & other

    def hull(self, other: Range) -> Range:
        """Return the smallest range containing both (``self | other``).

        Examples
        --------
        >>> from claimkit import Range
        >>> print(Range(1, 2, "person") | Range.more_than(5, "person"))
        [1, inf) person
        """
        return self | other
