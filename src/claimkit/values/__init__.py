"""The values: ranges, periods, units and numerals, the bottom layer of claimkit.

A :class:`~claimkit.values.range.Range` is what a hedged figure means (an interval
with a unit, each end closed, open or unbounded), a :class:`~claimkit.values.period.Period`
a half-open span of calendar days, and :mod:`claimkit.values.units` the unit algebra on
pint's application registry. The private modules hold directed rounding, interval
corner rules, range text and the reader of numerals.

May import: ``claimkit.errors`` and third-party packages (numpy, pint, attrs);
nothing else of claimkit.
"""

from __future__ import annotations

from claimkit.values.period import Period
from claimkit.values.range import Operand, Range
from claimkit.values.units import define_count_unit, get_registry

__all__ = [
    "Operand",
    "Period",
    "Range",
    "define_count_unit",
    "get_registry",
]
