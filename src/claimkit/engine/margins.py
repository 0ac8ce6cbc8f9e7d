"""How far a claim's range stretches or shrinks, and how strict ends move inward.

One rule, used by the engine's findings and conflict margins and by every
reconciliation method:

* a claim's *size* is its largest finite ``|end|`` (0 if it has none);
* stretching by a relative ``eps`` moves each finite end outward by ``eps`` times
  its *scale*: ``|end|``, or the claim's size for an end at 0 (so that "0 to 100" can
  stretch below 0); an infinite end never moves, and a claim whose finite ends are
  all 0 does not stretch;
* shrinking by a relative ``t`` (from 0 to 1) moves a finite end inward by ``t``
  times half the range's width when both ends are finite (so that a full shrink
  meets in the middle), else by ``t`` times ``|end|``;
* a strict end is honoured by moving it inward by a small clearance; a range
  narrower than its two clearances becomes its middle.

>>> import numpy as np
>>> from claimkit.engine.margins import end_scales, size
>>> lo, hi = np.array([0.0, 10.0, 5.0]), np.array([100.0, np.inf, 5.0])
>>> size(lo, hi).tolist()
[100.0, 10.0, 5.0]
>>> [s.tolist() for s in end_scales(lo, hi)]
[[100.0, 10.0, 5.0], [100.0, 0.0, 5.0]]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from claimkit.values import _rounding as _r
from claimkit.values.range import Range

__all__ = [
    "end_scales",
    "range_end_scales",
    "range_size",
    "shift_strict",
    "shrink_scales",
    "size",
    "stretched",
]

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


def _finite_abs(x: Floats) -> Floats:
    a = np.abs(x)
    return np.where(a < np.inf, a, 0.0)  # neither infinite nor NaN


def size(lo: Floats, hi: Floats) -> Floats:
    """Return each range's size: its largest finite ``|end|``, or 0 if it has none.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.margins import size
    >>> size(np.array([-np.inf, 3.0]), np.array([-2.0, np.inf])).tolist()
    [2.0, 3.0]
    """
    return np.maximum(_finite_abs(lo), _finite_abs(hi))


def end_scales(lo: Floats, hi: Floats) -> tuple[Floats, Floats]:
    """Return how far each end moves out per unit of relative stretch.

    ``|end|`` for a finite end, the range's :func:`size` for an end at 0, and 0 for
    an infinite end.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.margins import end_scales
    >>> lo_scale, hi_scale = end_scales(np.array([0.0, -np.inf]), np.array([50.0, 0.0]))
    >>> lo_scale.tolist(), hi_scale.tolist()
    ([50.0, 0.0], [50.0, 0.0])
    """
    whole = size(lo, hi)
    lo_scale = np.where(np.isfinite(lo), np.where(lo != 0.0, _finite_abs(lo), whole), 0.0)
    hi_scale = np.where(np.isfinite(hi), np.where(hi != 0.0, _finite_abs(hi), whole), 0.0)
    return lo_scale, hi_scale


def shrink_scales(lo: Floats, hi: Floats) -> tuple[Floats, Floats]:
    """Return how far each end moves in per unit of relative shrink.

    Half the width for a range with both ends finite (a full shrink meets in the
    middle), ``|end|`` for the finite end of a half-bounded range, 0 for an infinite
    end.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.margins import shrink_scales
    >>> lo_scale, hi_scale = shrink_scales(np.array([10.0, 8.0]), np.array([30.0, np.inf]))
    >>> lo_scale.tolist(), hi_scale.tolist()
    ([10.0, 8.0], [10.0, 0.0])
    """
    fin_lo, fin_hi = np.isfinite(lo), np.isfinite(hi)
    both = fin_lo & fin_hi
    half = np.where(both, (np.where(both, hi, 0.0) - np.where(both, lo, 0.0)) / 2.0, 0.0)
    lo_scale = np.where(both, half, _finite_abs(lo))
    hi_scale = np.where(both, half, _finite_abs(hi))
    return lo_scale, hi_scale


def range_size(value: Range) -> float:
    """Return the size of one range (see :func:`size`).

    Examples
    --------
    >>> from claimkit.engine.margins import range_size
    >>> from claimkit.values.range import Range
    >>> range_size(Range(-5, 3, "person")), range_size(Range.at_least(0, "person"))
    (5.0, 0.0)
    """
    return float(size(np.array([value.lo]), np.array([value.hi]))[0])


def range_end_scales(value: Range) -> tuple[float, float]:
    """Return the stretch scales of one range's ends (see :func:`end_scales`).

    Examples
    --------
    >>> from claimkit.engine.margins import range_end_scales
    >>> from claimkit.values.range import Range
    >>> range_end_scales(Range(0, 100, "person"))
    (100.0, 100.0)
    """
    lo_scale, hi_scale = end_scales(np.array([value.lo]), np.array([value.hi]))
    return float(lo_scale[0]), float(hi_scale[0])


def stretched(value: Range, s_lo: float, s_hi: float) -> Range:
    """Return the range with its ends moved out by relative stretches, rounded outward.

    The lower end moves down by ``s_lo`` times its scale, the upper end up by ``s_hi``
    times its own; open ends stay open.

    Examples
    --------
    >>> from claimkit.engine.margins import stretched
    >>> from claimkit.values.range import Range
    >>> print(stretched(Range(0, 100, "person", hi_open=True), 0.5, 0.25))
    [-50, 125) person
    """
    if s_lo == 0.0 and s_hi == 0.0:
        return value
    lo_scale, hi_scale = range_end_scales(value)
    lo, hi = value.lo, value.hi
    if s_lo > 0.0:
        lo = _r.sub_down(lo, _r.mul_up(s_lo, lo_scale))
    if s_hi > 0.0:
        hi = _r.add_up(hi, _r.mul_up(s_hi, hi_scale))
    return Range(lo, hi, value.unit, lo_open=value.lo_open, hi_open=value.hi_open)


def shift_strict(
    lo: Floats, hi: Floats, lo_open: Bools, hi_open: Bools, shift: Floats | float
) -> tuple[Floats, Floats]:
    """Move strict finite ends inward by ``shift``; a too narrow range becomes its middle.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.margins import shift_strict
    >>> lo, hi = shift_strict(np.array([1.0, 1.0]), np.array([2.0, 1.1]),
    ...                       np.array([True, True]), np.array([False, True]), 0.1)
    >>> lo.tolist(), hi.tolist()
    ([1.1, 1.05], [2.0, 1.05])
    """
    new_lo = np.where(lo_open & np.isfinite(lo), lo + shift, lo)
    new_hi = np.where(hi_open & np.isfinite(hi), hi - shift, hi)
    crossed = new_lo > new_hi
    if crossed.any():
        mid = 0.5 * (lo + hi)
        new_lo = np.where(crossed, mid, new_lo)
        new_hi = np.where(crossed, mid, new_hi)
    return new_lo, new_hi
