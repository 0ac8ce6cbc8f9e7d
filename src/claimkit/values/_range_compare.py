"""The comparisons of :class:`~claimkit.values.range.Range`: containment, overlap, gaps, order.

They live in a mixin of their own to keep :mod:`claimkit.values.range` readable; every
method is documented as a method of ``Range``. A plain number is taken in the
range's own unit; quantities and ranges in other units are converted first.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

from claimkit.values import _rounding as _r

if TYPE_CHECKING:
    from claimkit.values.range import Operand, Range


class _Ends(Protocol):
    """What the comparisons read of a range: its ends and their flags."""

    @property
    def lo(self) -> float: ...
    @property
    def hi(self) -> float: ...
    @property
    def lo_open(self) -> bool: ...
    @property
    def hi_open(self) -> bool: ...


def _empty(a: _Ends, b: _Ends) -> bool:
    """Return whether either range is empty (``lo > hi``)."""
    return a.lo > a.hi or b.lo > b.hi


def _certainly_lt(a: _Ends, b: _Ends) -> bool:
    """Return whether every value of ``a`` is below every value of ``b`` (same unit)."""
    return _empty(a, b) or a.hi < b.lo or (a.hi == b.lo and (a.hi_open or b.lo_open))


def _certainly_le(a: _Ends, b: _Ends) -> bool:
    """Return whether every value of ``a`` is at most every value of ``b`` (same unit)."""
    return _empty(a, b) or a.hi <= b.lo


def _possibly_lt(a: _Ends, b: _Ends) -> bool:
    """Return whether some value of ``a`` is below some value of ``b`` (same unit)."""
    return not _empty(a, b) and a.lo < b.hi


def _possibly_le(a: _Ends, b: _Ends) -> bool:
    """Return whether some value of ``a`` is at most some value of ``b`` (same unit)."""
    return not _empty(a, b) and (a.lo < b.hi or (a.lo == b.hi and not a.lo_open and not b.hi_open))


__all__ = ["Comparisons", "RangeFields"]

INF = math.inf


class RangeFields:
    """What Range's mixins read of a range: its fields and its unit coercions.

    Declared for type checkers only (``__slots__ = ()``, no run-time content):
    :class:`~claimkit.values.range.Range` provides them.
    """

    __slots__ = ()

    if TYPE_CHECKING:
        lo: float
        hi: float
        unit: str
        lo_open: bool
        hi_open: bool

        def _coerce(self, value: object, verb: str) -> Range: ...
        def _in_unit(self, unit: str, verb: str, other_unit: str) -> Range: ...


class Comparisons(RangeFields):
    """Containment, overlap, gap, closeness and the certainly/possibly comparisons.

    A mixin without state (``__slots__ = ()``); :class:`~claimkit.values.range.Range` is
    its only user.
    """

    __slots__ = ()

    if TYPE_CHECKING:  # provided by Arithmetic

        def __and__(self, other: Range) -> Range: ...

    def contains(self, x: Operand) -> bool:
        """Return whether a number, quantity or range lies in this range.

        A plain number is taken in this range's unit; a quantity or range in another
        unit is converted first, widened outward, so ``True`` then means *certainly*.
        Every range contains the empty range; the empty range contains nothing else.
        ``x in r`` is the same test.

        Parameters
        ----------
        x : float, pint.Quantity or Range
            The value or set to test.

        Returns
        -------
        bool
            Whether every value of ``x`` is in the range.

        Raises
        ------
        IncompatibleUnitsError
            If ``x`` has a unit of another dimension.
        InvalidRangeError
            If ``x`` is NaN or not a number, quantity or range.

        Examples
        --------
        >>> from claimkit import Range
        >>> over = Range.more_than(1_000_000, "person")
        >>> over.contains(1_000_000), over.contains(1_113_000)
        (False, True)
        >>> Range.from_rounded("700,000", "person").contains(Range(660_000, 700_000, "person"))
        True
        """
        other = self._coerce(x, "compare")
        if other.lo > other.hi:
            return True
        if self.lo > self.hi:
            return False
        lo_ok = other.lo > self.lo or (other.lo == self.lo and (other.lo_open or not self.lo_open))
        hi_ok = other.hi < self.hi or (other.hi == self.hi and (other.hi_open or not self.hi_open))
        return lo_ok and hi_ok

    def __contains__(self, x: object) -> bool:
        return self.contains(x)  # type: ignore[arg-type]

    def overlaps(self, other: Operand) -> bool:
        """Return whether the ranges share at least one number.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range(1, 2).overlaps(Range(2, 3)), Range(1, 2, hi_open=True).overlaps(Range(2, 3))
        (True, False)
        """
        return not (self & self._coerce(other, "compare")).is_empty

    def gap(self, other: Operand) -> float:
        """Return the distance between the ranges, in this range's unit.

        ``0.0`` when they overlap or meet (ends that touch have no gap between them,
        open or not); otherwise the distance between the nearest ends, rounded down,
        so the gap is never overstated. ``inf`` if either range is empty (there is
        no number to measure from).

        Parameters
        ----------
        other : Range, float or pint.Quantity
            The other range or value; converted into this range's unit.

        Returns
        -------
        float
            The non-negative distance.

        Examples
        --------
        >>> from claimkit import Range
        >>> rutte = Range.exact(700_000, "person")
        >>> rutte.gap(Range.exact(750_000, "person"))
        50000.0
        >>> Range.from_rounded("700,000", "person").gap(Range.at_least(745_000, "person"))
        0.0
        """
        o = self._coerce(other, "measure the gap between")
        if self.lo > self.hi or o.lo > o.hi:
            return INF
        if self.hi < o.lo:
            return _r.sub_down(o.lo, self.hi)
        if o.hi < self.lo:
            return _r.sub_down(self.lo, o.hi)
        return 0.0

    def isclose(self, other: Range, *, rel: float = 1e-9, abs: float = 0.0) -> bool:
        """Return whether both ends are close to the other range's ends, as ``math.isclose``.

        ``other`` is converted into this range's unit first; open/closed flags are not
        compared (a tolerance already blurs the ends). Two empty ranges are close; an
        empty and a non-empty one are not.

        Parameters
        ----------
        other : Range
            The range to compare with, in a compatible unit.
        rel, abs : float
            Relative and absolute tolerances, as in ``math.isclose``.

        Returns
        -------
        bool
            Whether ``lo`` is close to ``other.lo`` and ``hi`` to ``other.hi``.

        Examples
        --------
        >>> from claimkit import Range
        >>> weekly = Range.exact(10_000, "person / week")
        >>> weekly == weekly.to("person / day").to("person / week")
        False
        >>> weekly.isclose(weekly.to("person / day"))
        True
        """
        o = self._coerce(other, "compare")
        if self.lo > self.hi or o.lo > o.hi:
            return self.lo > self.hi and o.lo > o.hi
        return math.isclose(self.lo, o.lo, rel_tol=rel, abs_tol=abs) and math.isclose(
            self.hi, o.hi, rel_tol=rel, abs_tol=abs
        )

    # ------------------------------------------------------------------ comparisons

    def certainly_lt(self, other: Operand) -> bool:
        """Return whether every value of this range is below every value of ``other``.

        A plain number is taken in this range's unit. With an empty operand the answer
        is vacuously ``True`` (and every ``possibly_*`` is ``False``).

        Examples
        --------
        >>> from claimkit import Range
        >>> Range(1, 2, hi_open=True).certainly_lt(2), Range(1, 2).certainly_lt(2)
        (True, False)
        """
        return _certainly_lt(self, self._coerce(other, "compare"))

    def certainly_le(self, other: Operand) -> bool:
        """Return whether every value of this range is at most every value of ``other``.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range(1, 2).certainly_le(2), Range(1, 3).certainly_le(2)
        (True, False)
        """
        return _certainly_le(self, self._coerce(other, "compare"))

    def certainly_gt(self, other: Operand) -> bool:
        """Return whether every value of this range is above every value of ``other``.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.more_than(1_000_000).certainly_gt(1_000_000)
        True
        """
        return _certainly_lt(self._coerce(other, "compare"), self)

    def certainly_ge(self, other: Operand) -> bool:
        """Return whether every value of this range is at least every value of ``other``.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.at_least(5).certainly_ge(Range(1, 5))
        True
        """
        return _certainly_le(self._coerce(other, "compare"), self)

    def possibly_lt(self, other: Operand) -> bool:
        """Return whether some value of this range is below some value of ``other``.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range(1, 3).possibly_lt(2), Range(2, 3).possibly_lt(2)
        (True, False)
        """
        return _possibly_lt(self, self._coerce(other, "compare"))

    def possibly_le(self, other: Operand) -> bool:
        """Return whether some value of this range is at most some value of ``other``.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range(2, 3).possibly_le(2), Range(2, 3, lo_open=True).possibly_le(2)
        (True, False)
        """
        return _possibly_le(self, self._coerce(other, "compare"))

    def possibly_gt(self, other: Operand) -> bool:
        """Return whether some value of this range is above some value of ``other``.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.from_rounded("700,000").possibly_gt(740_000)
        True
        """
        return _possibly_lt(self._coerce(other, "compare"), self)

    def possibly_ge(self, other: Operand) -> bool:
        """Return whether some value of this range is at least some value of ``other``.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.less_than(5).possibly_ge(5)
        False
        """
        return _possibly_le(self._coerce(other, "compare"), self)
