"""Argument checks for :mod:`claimkit.strategies`: each bad argument is an InvalidArgument.

hypothesis's rule for strategies is that a wrong argument fails when the strategy is
made, with :class:`hypothesis.errors.InvalidArgument`; these helpers say what was
given and what would be right. Only :mod:`claimkit.strategies` imports this module,
after it has checked that hypothesis is installed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pint
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from claimkit.errors import ClaimkitError
from claimkit.values.units import normalize_unit, time_exponent

__all__ = [
    "check_bool",
    "check_choices",
    "check_count_unit",
    "check_int",
    "check_limits",
    "check_strategy",
    "check_unit",
]


def check_bool(value: object, name: str, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, bool):
        expected = "True, False or None" if allow_none else "True or False"
        msg = f"{name}={value!r} must be {expected}"
        raise InvalidArgument(msg)


def _check_limit(value: object, name: str) -> float | None:
    """Return a finite float bound, or None; InvalidArgument for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{name}={value!r} must be a real number (int or float) or None"
        raise InvalidArgument(msg)
    number = float(value)
    if not math.isfinite(number):
        msg = f"{name}={value!r} must be finite; leave it as None for no bound"
        raise InvalidArgument(msg)
    if number != value:
        msg = f"{name}={value!r} is not exactly representable as a float; pass a float"
        raise InvalidArgument(msg)
    return number


def check_limits(min_value: object, max_value: object) -> tuple[float | None, float | None]:
    """Return ``min_value`` and ``max_value`` checked, as floats or None."""
    lo = _check_limit(min_value, "min_value")
    hi = _check_limit(max_value, "max_value")
    if lo is not None and hi is not None and lo > hi:
        msg = f"min_value={min_value!r} is above max_value={max_value!r}; no value fits"
        raise InvalidArgument(msg)
    return lo, hi


def check_int(value: object, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{name}={value!r} must be an integer"
        raise InvalidArgument(msg)
    if value < minimum:
        msg = f"{name}={value!r} must be at least {minimum}"
        raise InvalidArgument(msg)
    return value


def check_unit(unit: object, name: str = "unit") -> str:
    if not isinstance(unit, str | pint.Unit):
        msg = f"{name}={unit!r} must be a unit: a string such as 'person' or a pint Unit"
        raise InvalidArgument(msg)
    try:
        return normalize_unit(unit)
    except ClaimkitError as err:
        msg = f"{name}={unit!r} is not a unit claimkit understands: {err}"
        raise InvalidArgument(msg) from err


def check_count_unit(unit: object) -> str:
    canonical = check_unit(unit)
    if time_exponent(canonical) != 0:
        msg = (
            f"unit={unit!r} has time in it; give the unit of what is counted (such as "
            "'person'): rates are generated per week, day, month and year of it"
        )
        raise InvalidArgument(msg)
    return canonical


def check_strategy(value: object, name: str) -> None:
    if not isinstance(value, st.SearchStrategy):
        msg = (
            f"{name}={value!r} must be a hypothesis strategy; wrap a fixed value in "
            f"st.just(...) or a list of values in st.sampled_from(...)"
        )
        raise InvalidArgument(msg)


def check_choices(value: object, name: str, options: tuple[str, ...]) -> tuple[str, ...]:
    """Return a non-empty tuple of allowed words, in the order of ``options``."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"{name}={value!r} must be an iterable of words from {options!r}"
        raise InvalidArgument(msg)
    items = tuple(value)
    unknown = [item for item in items if item not in options]
    if unknown:
        msg = f"{name}={value!r} contains {unknown[0]!r}, which is not one of {options!r}"
        raise InvalidArgument(msg)
    chosen = tuple(option for option in options if option in items)
    if not chosen:
        msg = f"{name}={value!r} is empty; give at least one of {options!r}"
        raise InvalidArgument(msg)
    return chosen
