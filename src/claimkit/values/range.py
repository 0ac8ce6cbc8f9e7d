"""Ranges: intervals of real numbers with a unit, and arithmetic that never loses the truth.

A :class:`Range` is what a hedged figure means: "over one million people" is the open
interval (1,000,000, inf) person, "about 700,000" is the closed interval of numbers that
round to 700,000. Each end is closed, open, or unbounded (``-inf``/``inf``, always open);
the empty range is the result of intersecting ranges that do not meet.

Arithmetic (``+ - * /``, ``-r`` and ``r ** n``) works on ranges, plain numbers and pint
quantities, checks units, and rounds outward: every result contains the exact real
result, and results that are exact in floating point stay exact. Infinite ends, products
with zero and division by ranges that contain zero follow IEEE 1788.

Examples
--------
>>> from claimkit.values.range import Range
>>> total = Range.more_than(1_000_000, "person")
>>> print(total)
(1,000,000, inf) person
>>> print(Range.from_rounded("700,000", "person"))
[650,000, 750,000] person
>>> print(Range.more_than(10, "person") + Range.exact(5, "person"))
(15, inf) person
"""

from __future__ import annotations

import builtins
import math
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias, cast

import attrs
import pint
import pint.compat

from claimkit.errors import IncompatibleUnitsError, InvalidRangeError
from claimkit.values import _range_make as _mk
from claimkit.values import _rounding as _r
from claimkit.values._range_arithmetic import IDENTITY, Arithmetic, scale_ends, unit_factor
from claimkit.values._range_compare import Comparisons
from claimkit.values._range_make import (
    DIMENSIONLESS,
    check_number,
    exact_value,
    hi_open_flag,
    lo_open_flag,
    lower_end,
    make,
    operand,
    upper_end,
)
from claimkit.values._range_text import format_end, rounding_interval
from claimkit.values.units import get_registry, normalize_unit

__all__ = ["Operand", "Range"]

INF = math.inf
_abs = builtins.abs
_FLOAT_MAX = sys.float_info.max


def _shorten(value: object) -> str:
    """Return ``repr(value)``, cut in the middle when it is long (a 5,000-digit number)."""
    if isinstance(value, int) and value.bit_length() > 4_000:  # beyond int-to-text
        return f"an int of about {int(value.bit_length() * math.log10(2)):,} digits"
    text = repr(value)
    if len(text) <= 40:
        return text
    return f"{text[:20]}...{text[-8:]} ({len(text)} characters)"


#: What arithmetic and comparisons accept besides a Range.
Operand: TypeAlias = "Range | float | pint.Quantity[Any]"


# --------------------------------------------------------------------------- Range


@attrs.frozen(repr=False, weakref_slot=False)
class Range(Comparisons, Arithmetic):
    """An interval of real numbers with a unit; each end closed, open or unbounded.

    The constructor canonicalises: ints and other real numbers become floats (rounded
    outward when they are not exactly representable), infinite ends become open, the
    unit is normalised (``"people / week"`` -> ``'person / week'``) and ``-0.0`` becomes
    ``0.0``. Equality and hashing are therefore structural: same floats, same flags,
    same unit string. For physical closeness across units use :meth:`isclose`.

    Each parameter is kept, canonicalised, in the attribute of the same name.

    Parameters
    ----------
    lo, hi : float
        The ends, ``lo <= hi``; ``-inf`` and ``inf`` for unbounded ends. The empty
        range stores ``lo = inf`` and ``hi = -inf`` (both open), a state that the
        constructor rejects for any other range.
    unit : str or pint.Unit, default "dimensionless"
        The unit of both ends; the attribute ``unit`` holds the canonical unit string.
    lo_open, hi_open : bool, default False
        Whether each end is excluded. Infinite ends are always open, whatever is given.

    Raises
    ------
    InvalidRangeError
        If ``lo > hi``, an end is NaN or not a number, or ``lo == hi`` with an open end
        (the empty set is :meth:`empty`, not a degenerate open range).
    UnitError
        If the unit is unknown.

    See Also
    --------
    empty, exact, at_least, more_than, at_most, less_than, around, from_rounded

    Notes
    -----
    ``str(r)`` reads like the claim: ``[650,000, 750,000] person``, ``(1,000,000, inf)
    person``, ``∅ person`` for the empty range; brackets are closed ends, parentheses
    open ones, and a dimensionless range has no unit. Each end is written with all the
    digits of its float (Python's shortest repr, ``1e+20`` style beyond 10**16) and
    commas between thousands, so ``float(text.replace(",", ""))`` gives the float back.
    ``format(r, spec)`` applies a float format to both ends (``format(r, ",.0f")``).
    ``repr(r)`` is ``Range(lo, hi, unit)`` plus any open flag that is not implied by an
    infinite end; ``eval`` gives the range back with ``from math import inf``.

    Arithmetic with a plain number takes it as dimensionless (so ``r + 1`` needs a
    dimensionless ``r``, as in pint), while :meth:`contains`, :meth:`gap` and the
    comparisons take a plain number in the range's own unit.

    Truth testing (``if r:``) raises :class:`TypeError`: whether a range is "true" is
    ambiguous; ask :attr:`is_empty`, :meth:`contains` or :meth:`overlaps` instead.
    Ranges are deliberately not ordered with ``<``; use :meth:`certainly_lt` and friends.

    Examples
    --------
    >>> from claimkit import Range
    >>> Range(650_000, 750_000, "people")
    Range(650000.0, 750000.0, 'person')
    >>> print(Range(1_000_000, float("inf"), "person", lo_open=True))
    (1,000,000, inf) person
    >>> Range(2, 1)
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidRangeError: lo=2.0 is above hi=1.0; ...
    """

    lo: float = attrs.field(converter=lower_end)
    hi: float = attrs.field(converter=upper_end)
    unit: str = attrs.field(default=DIMENSIONLESS, converter=normalize_unit)
    lo_open: bool = attrs.field(default=False, kw_only=True, converter=lo_open_flag)
    hi_open: bool = attrs.field(default=False, kw_only=True, converter=hi_open_flag)

    def __attrs_post_init__(self) -> None:
        lo, hi = self.lo, self.hi
        if lo == -INF and not self.lo_open:
            object.__setattr__(self, "lo_open", True)
        if hi == INF and not self.hi_open:
            object.__setattr__(self, "hi_open", True)
        if lo > hi:
            msg = (
                f"lo={lo!r} is above hi={hi!r}; a range needs lo <= hi "
                f"(use Range.empty({self.unit!r}) for the empty set)"
            )
            raise InvalidRangeError(msg)
        if lo == hi and (self.lo_open or self.hi_open):
            msg = (
                f"lo == hi == {lo!r} with an open end describes no number; an exact value "
                f"has closed ends (infinite ends are always open), and the empty set is "
                f"Range.empty({self.unit!r})"
            )
            raise InvalidRangeError(msg)

    # ------------------------------------------------------------------ constructors

    @classmethod
    def empty(cls, unit: str | pint.Unit = DIMENSIONLESS) -> Range:
        """Return the empty range in ``unit``: the set of no numbers.

        It is stored as ``lo = inf``, ``hi = -inf`` with both ends open, which no other
        range can be, and prints as ``∅ unit``. Arithmetic with it gives the empty range
        (IEEE 1788); it is contained in every range and contains none.

        Parameters
        ----------
        unit : str or pint.Unit, default "dimensionless"
            The unit, which arithmetic still checks.

        Returns
        -------
        Range
            The empty range.

        Examples
        --------
        >>> from claimkit import Range
        >>> nothing = Range.empty("person")
        >>> nothing
        Range.empty('person')
        >>> print(nothing)
        ∅ person
        >>> (Range.exact(1, "person") + nothing).is_empty
        True
        """
        return make(INF, -INF, normalize_unit(unit), True, True)

    @classmethod
    def exact(cls, x: float, unit: str | pint.Unit = DIMENSIONLESS) -> Range:
        """Return the range ``[x, x]``: one number, both ends closed.

        Parameters
        ----------
        x : float
            A finite real number; an int that no float represents exactly becomes the
            two floats around it.
        unit : str or pint.Unit, default "dimensionless"
            The unit.

        Returns
        -------
        Range
            The degenerate range.

        Raises
        ------
        InvalidRangeError
            If ``x`` is infinite or NaN.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.exact(43_000, "person")
        Range(43000.0, 43000.0, 'person')
        """
        return cls(x, x, unit)

    @classmethod
    def at_least(cls, x: float, unit: str | pint.Unit = DIMENSIONLESS) -> Range:
        """Return ``[x, inf)``: every number from ``x`` on.

        Examples
        --------
        >>> from claimkit import Range
        >>> print(Range.at_least(198_000, "person"))
        [198,000, inf) person
        """
        return cls(x, INF, unit)

    @classmethod
    def more_than(cls, x: float, unit: str | pint.Unit = DIMENSIONLESS) -> Range:
        """Return ``(x, inf)``: every number above ``x``, not ``x`` itself.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.more_than(1_000_000, "person")
        Range(1000000.0, inf, 'person', lo_open=True)
        """
        return cls(x, INF, unit, lo_open=True)

    @classmethod
    def at_most(cls, x: float, unit: str | pint.Unit = DIMENSIONLESS) -> Range:
        """Return ``(-inf, x]``: plain mathematics, not clipped at zero.

        The non-negativity of counts is applied where claims are made (the phrase
        parser reads "at most 500" as ``[0, 500]``).

        Examples
        --------
        >>> from claimkit import Range
        >>> print(Range.at_most(500, "person"))
        (-inf, 500] person
        """
        return cls(-INF, x, unit)

    @classmethod
    def less_than(cls, x: float, unit: str | pint.Unit = DIMENSIONLESS) -> Range:
        """Return ``(-inf, x)``: every number below ``x``.

        Examples
        --------
        >>> from claimkit import Range
        >>> print(Range.less_than(500, "person"))
        (-inf, 500) person
        """
        return cls(-INF, x, unit, hi_open=True)

    @classmethod
    def around(
        cls,
        x: float,
        unit: str | pint.Unit = DIMENSIONLESS,
        *,
        rel: float | None = None,
        abs: float | None = None,
    ) -> Range:
        """Return the closed range ``[x - d, x + d]`` with ``d = rel * |x|`` or ``d = abs``.

        A float tolerance is read as the decimal number it prints as (``0.05`` is
        exactly 1/20), since that is what was typed; the ends are then computed
        exactly and rounded outward.

        Parameters
        ----------
        x : float
            The centre, finite.
        unit : str or pint.Unit, default "dimensionless"
            The unit.
        rel : float, optional
            Relative half-width (``0.05`` for ±5%), finite and non-negative.
        abs : float, optional
            Absolute half-width in ``unit``, finite and non-negative.

        Returns
        -------
        Range
            The closed range, ends rounded outward.

        Raises
        ------
        InvalidRangeError
            If not exactly one of ``rel`` and ``abs`` is given, or one is negative,
            infinite or NaN, or ``x`` is not finite.

        Examples
        --------
        >>> from claimkit import Range
        >>> print(Range.around(700_000, "person", rel=0.05))
        [665,000, 735,000] person
        >>> print(Range.around(45_690, "person", abs=10))
        [45,680, 45,700] person
        """
        if (rel is None) == (abs is None):
            msg = f"give exactly one of rel and abs, got rel={rel!r} and abs={abs!r}"
            raise InvalidRangeError(msg)
        name, tolerance = ("rel", rel) if rel is not None else ("abs", abs)
        check_number(tolerance, name)
        # A float tolerance is read as the decimal it prints as: rel=0.05 is 1/20.
        if isinstance(tolerance, float):
            if not (tolerance >= 0.0 and tolerance < INF):
                msg = f"{name} must be finite and non-negative, got {tolerance!r}"
                raise InvalidRangeError(msg)
            half = Fraction(repr(float(tolerance)))
        else:
            half = exact_value(tolerance, name)
            if half < 0:
                msg = f"{name} must be non-negative, got {tolerance!r}"
                raise InvalidRangeError(msg)
        centre = exact_value(x, "x")
        if rel is not None:
            half *= _abs(centre)
        return make(
            _r.fraction_down(centre - half),
            _r.fraction_up(centre + half),
            normalize_unit(unit),
            False,
            False,
        )

    @classmethod
    def from_rounded(
        cls,
        text_or_number: str | float | Decimal,
        unit: str | pint.Unit = DIMENSIONLESS,
        *,
        min_significant: int = 1,
    ) -> Range:
        """Return the numbers that round to a numeral: ``"700,000"`` -> ``[650000, 750000]``.

        The numeral's last significant digit sets the rounding step; the range is the
        numeral ± half a step. Trailing zeros of a whole number are not significant
        ("700,000" is rounded to the nearest 100,000; "45,690" to the nearest 10), while
        the digits after a decimal point all are ("1.20" is rounded to the nearest 0.01).
        Zero has no significant digits: "0" is ``[-0.5, 0.5]``.

        The interval is **closed**: a value exactly half a step away rounds to the
        numeral under some tie-breaking rules and not under others (half up, half down,
        half even), and the reader cannot know which rule the writer used, so the range
        must contain both ends to contain the true value.

        Parameters
        ----------
        text_or_number : str or float
            Digits with optional thousands separators (``,``, a space, a no-break or
            thin space, in groups of three), an optional sign and decimal point; or an
            int, a float (read through its shortest repr: ``0.1`` is the numeral "0.1",
            an integral float a whole number), or a ``decimal.Decimal``, which keeps its
            written exponent.
        unit : str or pint.Unit, default "dimensionless"
            The unit.
        min_significant : int, default 1
            Read the numeral as if it had at least this many significant digits:
            "1,000,000" with ``min_significant=2`` is ``[950000, 1050000]``.

        Returns
        -------
        Range
            The closed rounding interval, ends rounded outward to floats.

        Raises
        ------
        InvalidRangeError
            If the text is not such a numeral, the number is not finite or is beyond
            the largest float, or ``min_significant`` is not a positive int.

        Examples
        --------
        >>> from claimkit import Range
        >>> print(Range.from_rounded("700,000", "person"))
        [650,000, 750,000] person
        >>> print(Range.from_rounded("45,690", "person"))
        [45,685, 45,695] person
        >>> print(Range.from_rounded("1,000,000", "person", min_significant=2))
        [950,000, 1,050,000] person
        >>> Range.from_rounded("1.20")
        Range(1.1949999999999998, 1.205, 'dimensionless')
        """
        beyond = (
            f"cannot read {_shorten(text_or_number)} as a range: the number is beyond the "
            f"largest float ({_FLOAT_MAX:.6g}), which no end of a range can exceed"
        )
        if type(text_or_number) is int and _abs(text_or_number) > _FLOAT_MAX:
            raise InvalidRangeError(beyond)
        try:
            lo, hi = rounding_interval(text_or_number, min_significant)
        except InvalidRangeError:
            raise
        except ValueError as err:  # Python's limit on the digits of an int (4,300)
            msg = (
                f"cannot read {_shorten(text_or_number)} as a rounded number: it has more "
                f"digits than an int can be read from ({err})"
            )
            raise InvalidRangeError(msg) from err
        if _abs(lo + hi) / 2 > _FLOAT_MAX:
            raise InvalidRangeError(beyond)
        return make(_r.fraction_down(lo), _r.fraction_up(hi), normalize_unit(unit), False, False)

    def replace(self, **changes: Any) -> Range:
        """Return a copy with some fields changed, validated like the constructor.

        An infinite end is always open; replacing it with a finite value makes that end
        closed unless its flag is given too. The empty range has no ends to change.

        Parameters
        ----------
        **changes
            New values for ``lo``, ``hi``, ``unit``, ``lo_open`` or ``hi_open``.

        Returns
        -------
        Range
            The new range.

        Raises
        ------
        InvalidRangeError
            If the new fields do not describe a range (see :class:`Range`).

        Examples
        --------
        >>> from claimkit import Range
        >>> Range(1, 2, "person").replace(hi_open=True)
        Range(1.0, 2.0, 'person', hi_open=True)
        >>> Range.at_least(1, "person").replace(hi=5)
        Range(1.0, 5.0, 'person')
        """
        if "lo" in changes and "lo_open" not in changes and self.lo == -INF:
            changes["lo_open"] = False
        if "hi" in changes and "hi_open" not in changes and self.hi == INF:
            changes["hi_open"] = False
        return attrs.evolve(self, **changes)

    # ------------------------------------------------------------------ properties

    @property
    def is_empty(self) -> bool:
        """Whether the range contains no number.

        Examples
        --------
        >>> from claimkit import Range
        >>> (Range(1, 2) & Range(3, 4)).is_empty
        True
        """
        return self.lo > self.hi

    @property
    def width(self) -> float:
        """The length ``hi - lo``, rounded up (``inf`` when unbounded).

        Raises
        ------
        InvalidRangeError
            For the empty range, which has no width.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.from_rounded("700,000").width
        100000.0
        """
        if self.lo > self.hi:
            msg = f"the empty range ({self.unit}) has no width"
            raise InvalidRangeError(msg)
        return _r.sub_up(self.hi, self.lo)

    @property
    def midpoint(self) -> float:
        """The centre ``(lo + hi) / 2``, rounded to nearest and kept within ``[lo, hi]``.

        Raises
        ------
        InvalidRangeError
            For an unbounded or empty range, which has no centre.

        Examples
        --------
        >>> from claimkit import Range
        >>> Range.from_rounded("700,000").midpoint
        700000.0
        >>> Range.more_than(1).midpoint
        Traceback (most recent call last):
        ...
        claimkit.errors.InvalidRangeError: (1, inf) has no midpoint: ...
        """
        lo, hi = self.lo, self.hi
        if not (-INF < lo <= hi < INF):
            what = "the empty range" if lo > hi else str(self)
            msg = f"{what} has no midpoint: it is not a bounded, non-empty range"
            raise InvalidRangeError(msg)
        if lo == hi:
            return lo
        mid = (lo + hi) / 2.0
        if mid - mid != 0.0:  # lo + hi overflowed
            mid = lo / 2.0 + hi / 2.0
        return min(max(mid, lo), hi) + 0.0

    # ------------------------------------------------------------------ text

    def _repr_html_(self) -> str:
        """Return the range as escaped HTML for notebooks (its text, in a code span)."""
        from html import escape  # loaded by notebooks only: html.entities is large

        return f"<code>{escape(str(self))}</code>"

    def __repr__(self) -> str:
        if self.lo > self.hi:
            return f"Range.empty({self.unit!r})"
        flags = ""
        if self.lo_open and self.lo != -INF:
            flags += ", lo_open=True"
        if self.hi_open and self.hi != INF:
            flags += ", hi_open=True"
        return f"Range({self.lo!r}, {self.hi!r}, {self.unit!r}{flags})"

    def __str__(self) -> str:
        return self._text(format_end(self.lo), format_end(self.hi))

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        return self._text(format(self.lo, spec), format(self.hi, spec))

    def _text(self, lo: str, hi: str) -> str:
        suffix = "" if self.unit == DIMENSIONLESS else f" {self.unit}"
        if self.lo > self.hi:
            return f"∅{suffix}"
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        return f"{left}{lo}, {hi}{right}{suffix}"

    def __bool__(self) -> bool:
        msg = (
            f"the truth value of a Range is ambiguous ({self!r}); use r.is_empty, "
            "r.contains(x) or r.overlaps(other)"
        )
        raise TypeError(msg)

    # ------------------------------------------------------------------ units

    def to(self, unit: str | pint.Unit) -> Range:
        """Return the same range in another unit, widened outward by the factor's rounding.

        The conversion factor is the exact ratio of pint's unit definitions; ends are
        multiplied by it, or by the floats either side of it, rounding outward (see
        :doc:`/explanation/intervals`), so the result contains every converted value.
        Converting to the same unit returns the range unchanged.

        Parameters
        ----------
        unit : str or pint.Unit
            A unit of the same dimension.

        Returns
        -------
        Range
            The converted range; open ends stay open.

        Raises
        ------
        IncompatibleUnitsError
            If the dimensions differ; the message names both units.

        Examples
        --------
        >>> from claimkit import Range
        >>> print(Range.exact(2, "week").to("day"))
        [14, 14] day
        >>> print(Range.exact(10_000, "person / week").to("person / month"))
        [43,482.142857142855, 43,482.14285714287] person / month
        """
        target = normalize_unit(unit)
        if target == self.unit:
            return self
        factor = unit_factor(self.unit, target)
        if self.lo > self.hi:
            return make(INF, -INF, target, True, True)
        if factor == IDENTITY:
            return make(self.lo, self.hi, target, self.lo_open, self.hi_open)
        lo, hi, lo_open, hi_open = scale_ends(
            (self.lo, self.hi, self.lo_open, self.hi_open), factor
        )
        return make(lo, hi, target, lo_open, hi_open)

    def to_quantity(self) -> tuple[pint.Quantity[float], pint.Quantity[float]]:
        """Return the two ends as pint quantities ``(lo, hi)`` in claimkit's registry.

        Open/closed flags are not carried by quantities; keep the range for those.

        Returns
        -------
        tuple of pint.Quantity
            The lower and upper end.

        Raises
        ------
        InvalidRangeError
            For the empty range, which has no ends.

        Examples
        --------
        >>> from claimkit import Range
        >>> lo, hi = Range.from_rounded("700,000", "person").to_quantity()
        >>> print(lo, hi)
        650000.0 person 750000.0 person
        """
        if self.lo > self.hi:
            msg = f"the empty range ({self.unit}) has no ends to turn into quantities"
            raise InvalidRangeError(msg)
        registry = get_registry()
        return registry.Quantity(self.lo, self.unit), registry.Quantity(self.hi, self.unit)

    def _in_unit(self, unit: str, verb: str, other_unit: str) -> Range:
        """Return this range in ``unit`` for an operation, with an error naming both units."""
        try:
            return self.to(unit)
        except IncompatibleUnitsError as err:
            msg = (
                f"cannot {verb} a range in {self.unit!r} and a range in {other_unit!r}: "
                f"their dimensions differ ({err})"
            )
            raise IncompatibleUnitsError(msg, units=(other_unit, self.unit)) from err

    # ------------------------------------------------------------------ operands

    def _coerce(self, value: object, verb: str) -> Range:
        """Return an operand as a Range in self's unit (numbers are taken in self's unit)."""
        other = operand(value, self.unit)
        if other is None:
            msg = (
                f"cannot {verb} a Range and {type(value).__name__} {value!r}: expected a "
                "Range, a real number or a pint Quantity"
            )
            raise InvalidRangeError(msg)
        if other.unit != self.unit:
            other = other._in_unit(self.unit, verb, self.unit)
        return other


# pint hands operations with "upcast" types back to them, so ``quantity * range``
# reaches Range.__rmul__ instead of wrapping a Range inside a Quantity.
cast("dict[str, type | None]", pint.compat.upcast_type_map)[
    f"{Range.__module__}.{Range.__qualname__}"
] = Range

# Arithmetic and the constructors below build results through _range_make, which needs
# the class (this module imports it, so it cannot import this one).
_mk.bind(Range)
