"""Checks for the fields of the result types (internal).

The result types (:class:`.Finding`, :class:`.QuantityBounds`, :class:`.Group`, the
reconciliation results) are made by :func:`.check` and :func:`.reconcile`, but they
are public and can be made by hand: a field that does not fit raises
:class:`~claimkit.errors.InvalidArgumentError` naming the class, the field, what it
must be and what it got.

>>> import attrs
>>> from claimkit.engine.fields import one_of
>>> @attrs.frozen
... class Light:
...     colour: str = attrs.field(validator=one_of(("red", "green")))
>>> Light("blue")
Traceback (most recent call last):
...
claimkit.errors.InvalidArgumentError: Light.colour must be one of 'red', 'green', got str 'blue'
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import attrs

from claimkit.errors import InvalidArgumentError

__all__ = [
    "FieldCheck",
    "field_error",
    "instance_of",
    "is_tuple_of",
    "number",
    "one_of",
    "tuple_of",
]

#: An attrs validator: ``check(instance, attribute, value)``.
FieldCheck = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def field_error(
    instance: object, attribute: attrs.Attribute[Any], expected: str, value: object
) -> InvalidArgumentError:
    """Return the error for a field of a result type that is not what it must be."""
    msg = (
        f"{type(instance).__name__}.{attribute.alias or attribute.name} must be {expected}, "
        f"got {type(value).__name__} {value!r}"
    )
    return InvalidArgumentError(msg)


def one_of(options: tuple[str, ...], *, optional: bool = False) -> FieldCheck:
    """Return a check that a field is one of ``options`` (or ``None`` if ``optional``)."""
    expected = "one of " + ", ".join(repr(o) for o in options) + (" or None" if optional else "")

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (optional and value is None) or (isinstance(value, str) and value in options):
            return
        raise field_error(instance, attribute, expected, value)

    return check


def instance_of(kind: Any, expected: str) -> FieldCheck:
    """Return a check that a field is an instance of ``kind`` (a type or a union)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise field_error(instance, attribute, expected, value)

    return check


def number(*, integer: bool = False, optional: bool = False) -> FieldCheck:
    """Return a check that a field is a real number (an integer), or ``None`` if ``optional``."""
    kind = numbers.Integral if integer else numbers.Real
    expected = ("an integer" if integer else "a real number") + (" or None" if optional else "")

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is (int if integer else float) or (optional and value is None):
            return  # the common case, without the slower check against an ABC
        if isinstance(value, bool) or not isinstance(value, kind):
            raise field_error(instance, attribute, expected, value)

    return check


def tuple_of(kind: Any, expected: str, *, size: int | None = None) -> FieldCheck:
    """Return a check that a field is a tuple of ``kind`` items (``size`` of them if given)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not is_tuple_of(value, kind, size):
            raise field_error(instance, attribute, expected, value)

    return check


def is_tuple_of(value: object, kind: Any, size: int | None) -> bool:
    """Return whether ``value`` is a tuple of ``kind`` items (``size`` of them if given)."""
    if not isinstance(value, tuple) or (size is not None and len(value) != size):
        return False
    return all(isinstance(item, kind) for item in value)
