"""Units: one shared pint registry with counting units, and cached unit algebra.

Units live in pint's *application registry* (:func:`pint.get_application_registry`):
claimkit adds its counting units to it once, on first use, and exposes it as
``claimkit.ureg``; quantities that users build with pint therefore work with claimkit.
Conversion factors alone come from a second registry, built on the first conversion,
which reads pint's prefixes and time units with exact fractions
(:func:`conversion_bounds`); no quantity ever lives in it.

Counting units have a dimension of their own, so that adding people to tanks, or a
rate (people per week) to a count (people), is an error rather than a number:

=============  ==========================  ===========================
unit           aliases                     dimension
=============  ==========================  ===========================
``person``     ``people``, ``persons``,    ``[person]``
               ``casualty``,
               ``casualties``
=============  ==========================  ===========================

Users add their own with :func:`define_count_unit` (``tank``, ``vehicle``).
Time units are pint's: ``day``, ``week``, ``month`` (pint's average month,
365.25 / 12 = 30.4375 days) and ``year`` (365.25 days). A *calendar* month is a
period of days (28 to 31 of them), never a unit.

Everything that Range arithmetic asks of pint (parsing a unit, a conversion factor,
the unit of a product) is cached, so pint is consulted once per pair of units, not
once per operation.

Examples
--------
>>> from claimkit.values.units import conversion_factor, define_count_unit, normalize_unit
>>> normalize_unit("people / week")
'person / week'
>>> conversion_factor("person / week", "person / day") == 1 / 7
True
>>> define_count_unit("tank")
'tank'
>>> normalize_unit("tanks")
'tank'
"""

from __future__ import annotations

import functools
import math
import re
import threading
from fractions import Fraction
from pathlib import Path
from typing import Any, Final, cast

import pint

from claimkit.errors import IncompatibleUnitsError, UnitError

__all__ = [
    "UnitLike",
    "conversion_bounds",
    "conversion_factor",
    "counted_unit",
    "define_count_unit",
    "dimensionality",
    "divide_units",
    "get_registry",
    "is_compatible",
    "multiply_units",
    "normalize_unit",
    "plural",
    "product_bounds",
    "time_exponent",
]

#: Anything claimkit accepts as a unit: a string such as ``"person / week"`` or a pint unit.
UnitLike = "str | pint.Unit"

_BUILTIN_COUNTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("person", ("people", "persons", "casualty", "casualties")),
)
#: The plural a reader expects of a built-in count unit whose plural is not formed
#: with "s" (see :func:`plural`).
_IRREGULAR_PLURALS: Final = {"person": "people"}
# What a phrase reads as one word (claimkit.values._numerals), in the lower case it
# reads words in: a count unit named otherwise could never follow a number in a phrase.
_NAME = re.compile(r"[^\W\d_]+\Z")
_lock = threading.Lock()
_prepared: set[int] = set()
_user_counts: dict[str, tuple[str, ...]] = {}


def _is_defined(registry: Any, name: str) -> bool:
    try:
        registry.parse_units(name)
    except pint.errors.UndefinedUnitError:
        return False
    return True


def _define(registry: Any, name: str, aliases: tuple[str, ...]) -> None:
    if _is_defined(registry, name):
        return
    alias_part = "".join(f" = {alias}" for alias in aliases)
    registry.define(f"{name} = [{name}] = _{alias_part}")


def _registry() -> Any:
    """Return the prepared application registry, typed loosely for internal use."""
    app = pint.get_application_registry()  # type: ignore[no-untyped-call]
    inner = app.get()
    key = id(inner)
    if key not in _prepared:
        with _lock:
            if key not in _prepared:
                for name, aliases in (*_BUILTIN_COUNTS, *_user_counts.items()):
                    _define(inner, name, aliases)
                _prepared.add(key)
    return app


def _registry_id() -> int:
    return id(_registry().get())


#: The relative error allowed for a float factor that no exact definition backs: pint
#: multiplies and divides the scales of the definitions it meets, rounding each time,
#: and 2**-40 is over a thousand such roundings.
_CHAIN_ERROR = Fraction(1, 2**40)
_exact_registries: list[Any] = []


#: The base unit of time, as pint's default definitions give it.
_SECOND = "second = [time] = s = sec"


#: The dimensionless units a share or ratio may be stated in (``percent = 0.01``).
_RATIO_UNITS = frozenset({"percent", "permille", "ppm"})


def _time_definitions() -> list[str]:
    """Return pint's own definitions of its prefixes, time units and ratio units.

    They are read from pint's default definitions file: the section of prefixes, the
    group headed ``# Time`` (``minute = 60 * second`` to ``year = 365.25 * day``
    and beyond) up to the next group's heading, and the lines of
    :data:`_RATIO_UNITS`, comments dropped.
    """
    raw = Path(pint.__file__).with_name("default_en.txt").read_text("utf-8").splitlines()
    start = raw.index("#### PREFIXES ####")
    stop = raw.index("#### BASE UNITS ####", start)
    first = raw.index("# Time") + 1
    last = next((i for i in range(first, len(raw)) if re.match(r"# [A-Z]", raw[i])), len(raw))
    ratios = [line for line in raw if line.split("=")[0].strip() in _RATIO_UNITS]
    chosen = (*raw[start + 1 : stop], _SECOND, *raw[first:last], *ratios)
    return [text for line in chosen if (text := line.split("#")[0].strip())]


def _exact_registry() -> Any:
    """Return pint's prefixes and time units read with exact fractions, and claimkit's units.

    A registry with ``non_int_type=Fraction`` parses every number of the definitions
    as a :class:`~fractions.Fraction` (``365.25`` is 1461/4, ``year / 12`` a twelfth),
    so its conversion factors are the exact ratios that pint's floats round. It holds
    only what claimkit's units are made of (pint's prefixes and time units, read from
    pint's own definitions file, and the count units), which takes a small fraction
    of the second that all of pint's definitions take; a unit it lacks gets pint's
    float factor, widened (see :func:`conversion_bounds`). It is built once, on the
    first conversion, and never meets users' quantities.
    """
    if not _exact_registries:
        with _lock:
            if not _exact_registries:
                exact: Any = pint.UnitRegistry(None, non_int_type=Fraction)
                for definition in _time_definitions():
                    exact.define(definition)
                for name, aliases in (*_BUILTIN_COUNTS, *_user_counts.items()):
                    _define(exact, name, aliases)
                _exact_registries.append(exact)
    return _exact_registries[0]


@functools.lru_cache(maxsize=4096)
def _bounds(registry_id: int, src: str, dst: str) -> tuple[Fraction, Fraction]:
    del registry_id
    rough = Fraction(_registry().Quantity(1.0, src).to(dst).magnitude)
    try:
        exact = _exact_registry().Quantity(Fraction(1), src).to(dst).magnitude
    except pint.errors.PintError:  # a unit that only the application registry knows
        exact = None
    if isinstance(exact, Fraction) and abs(exact - rough) <= rough * _CHAIN_ERROR:
        return exact, exact
    # No exact definition, or the application registry defines the unit otherwise:
    # enclose pint's float factor by the error that its chain of roundings can have.
    return rough - rough * _CHAIN_ERROR, rough + rough * _CHAIN_ERROR


def conversion_bounds(src: str, dst: str) -> tuple[Fraction, Fraction]:
    """Return rationals ``(lo, hi)`` enclosing the exact factor from ``src`` to ``dst``.

    ``x src == x * f dst`` for an ``f`` in ``[lo, hi]``. For units made of pint's
    prefixes, its time units and claimkit's count units the two are equal: the exact
    ratio of pint's definitions, computed with fractions (pint's own float factor can
    be several units in the last place off: ``person / week`` to ``person / minute``
    is 1/10080, which pint rounds through a chain of products). Any other unit (one
    that rests on physical constants, or that only a custom application registry
    defines) gets pint's float factor widened by 2**-40 either side.

    Parameters
    ----------
    src, dst : str
        Canonical unit strings (see :func:`normalize_unit`), or products and quotients
        of them such as ``"(person / week) * (day)"``.

    Returns
    -------
    tuple of Fraction
        The enclosure of the exact factor.

    Raises
    ------
    IncompatibleUnitsError
        If the dimensions differ; the message names both units.

    Examples
    --------
    >>> from claimkit.values.units import conversion_bounds
    >>> conversion_bounds("person / week", "person / minute")
    (Fraction(1, 10080), Fraction(1, 10080))
    >>> conversion_bounds("person / week", "person / month")
    (Fraction(487, 112), Fraction(487, 112))
    """
    if src == dst:
        return Fraction(1), Fraction(1)
    _factor(_registry_id(), src, dst)  # the dimension check, with its message
    return _bounds(_registry_id(), src, dst)


def get_registry() -> pint.UnitRegistry[Any]:
    """Return pint's application registry with claimkit's counting units defined.

    The definitions are added on first use and only once per registry, so calling
    this repeatedly, or after :func:`pint.set_application_registry` has installed
    another registry, is harmless: the current registry gets the units it lacks.

    Returns
    -------
    pint.UnitRegistry
        The registry shared with every other user of pint in this process (strictly
        pint's ``ApplicationRegistry`` wrapper, which behaves as one).

    Examples
    --------
    >>> from claimkit.values.units import get_registry
    >>> ureg = get_registry()
    >>> str(ureg.Quantity(3, "people").units)
    'person'
    """
    return cast("pint.UnitRegistry[Any]", _registry())


def plural(unit: str) -> str:
    """Return the plural of a unit's name as a reader expects it (``person`` -> ``people``).

    Built-in count units with an irregular plural have it; every other name takes an
    ``s``, as pint reads plurals.

    Examples
    --------
    >>> from claimkit.values.units import plural
    >>> plural("person"), plural("tank")
    ('people', 'tanks')
    """
    return _IRREGULAR_PLURALS.get(unit, unit + "s")


def define_count_unit(name: str, *aliases: str) -> str:
    """Define a counting unit with a dimension of its own, such as ``tank``.

    Defining the same unit again is harmless. Plurals formed with ``s`` are
    understood by pint without being listed; give irregular ones as aliases.

    Parameters
    ----------
    name : str
        The unit's name: lower-case letters only, as a phrase reads a word
        (``"500 tanks"``).
    *aliases : str
        Other names for the same unit (``"vehicles"``, ``"apcs"``), the same way.

    Returns
    -------
    str
        The unit's canonical name.

    Raises
    ------
    UnitError
        If ``name`` or an alias is not made of lower-case letters, or ``name`` already
        exists in the registry with another meaning (``"day"``, ``"meter"``).

    Examples
    --------
    >>> from claimkit.values.units import define_count_unit, is_compatible
    >>> define_count_unit("vehicle", "vehicles")
    'vehicle'
    >>> is_compatible("vehicle", "person")
    False
    """
    for word in (name, *aliases):
        if not isinstance(word, str) or not _NAME.match(word) or word != word.lower():
            msg = (
                f"count unit name {word!r} is not valid: expected lower-case letters only "
                "(such as 'tank' or 'vehicles'), the words that a phrase can read after "
                "a number ('500 tanks'); phrases read no digits, underscores or capitals"
            )
            raise UnitError(msg, unit=word)
    registry = _registry().get()
    with _lock:
        if _is_defined(registry, name):
            dims = str(registry.get_dimensionality(name))
            if dims != f"[{name}]":
                msg = (
                    f"cannot define count unit {name!r}: pint already defines it with "
                    f"dimension {dims}; choose another name"
                )
                raise UnitError(msg, unit=name)
        else:
            registry.define(f"{name} = [{name}] = _{''.join(f' = {a}' for a in aliases)}")
        _user_counts[name] = tuple(aliases)
        for exact in _exact_registries:
            _define(exact, name, tuple(aliases))
    return name


def _parse(unit: object) -> Any:
    registry = _registry()
    if isinstance(unit, str):
        text = unit.strip()
        if not text:
            return registry.dimensionless
        try:
            parsed = registry.parse_units(text)
        except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as err:
            msg = (
                f"unknown unit {unit!r}: {err}; use a pint unit expression such as "
                "'person', 'person / week' or a count unit added with define_count_unit()"
            )
            raise UnitError(msg, unit=unit) from err
        except Exception as err:
            # pint's parser fails on a malformed expression with whatever its tokenizer
            # or evaluator raised ("person +": a bare AssertionError; "(week": a
            # TokenError about end of file); only its ValueErrors speak to a reader
            detail = f" ({err})" if type(err) is ValueError else ""
            msg = (
                f"cannot read unit {unit!r}: it is not a unit expression{detail}; write "
                "unit names joined by '*' and '/', with whole-number powers after '**' and "
                "balanced parentheses, such as 'person / week' or 'kiloperson / month'"
            )
            raise UnitError(msg, unit=unit) from err
        return parsed
    if isinstance(unit, pint.Unit):
        return registry.Unit(str(unit))
    msg = f"unit must be a string or a pint Unit, got {type(unit).__name__} {unit!r}"
    raise UnitError(msg, unit=unit)


@functools.lru_cache(maxsize=4096)
def _normalize(registry_id: int, unit: str) -> str:
    del registry_id
    parsed = _parse(unit)
    _check_multiplicative(parsed, unit)
    return str(parsed)


_DECADE = (
    "; a decade of time is ten years, but pint's 'decade' is its logarithmic unit and "
    "claimkit cannot redefine it in pint's shared registry (pint keeps conversions it "
    "has cached), so give the figure per year (a tenth of it) or per century (ten times it)"
)


def _root_magnitude(registry: Any, x: float, name: str) -> float:
    """Return ``x name`` in root units, or NaN if pint cannot say (a non-linear unit)."""
    try:
        return float(registry.Quantity(x, name).to_root_units().magnitude)
    except pint.errors.PintError:
        return math.nan


#: The largest power of a unit in an expression (``person ** 2`` is fine).
_MAX_POWER = 12


def _check_multiplicative(parsed: Any, unit: str) -> None:
    """Refuse offsets (degree Celsius), log scales (decibel, decade) and odd powers.

    A power must be a whole number (not ``person ** 0.5`` or ``person ** 1e400``).
    claimkit converts by a factor alone. Each unit of the expression is checked on its
    own: ``0 u`` must be zero in root units, else ``u`` has an offset when it is linear
    (equal steps from 0 to 1 and from 1 to 2) and a log scale when it is not.
    """
    registry = _registry()
    for name, power in registry.Quantity(1.0, parsed).unit_items():
        if not float(power).is_integer() or abs(power) > _MAX_POWER:
            msg = (
                f"unit {unit!r} raises {name!r} to the power {power!r}; a power in a unit "
                f"must be a whole number from -{_MAX_POWER} to {_MAX_POWER} (such as "
                "'person / week' or 'person * day ** -1')"
            )
            raise UnitError(msg, unit=unit)
        zero, one, two = (_root_magnitude(registry, x, name) for x in (0.0, 1.0, 2.0))
        if zero == 0.0:
            continue
        if math.isclose(two - one, one - zero, rel_tol=1e-9):
            msg = (
                f"unit {unit!r} has an offset from zero ({name}), which claimkit does not "
                "support: ranges convert between units by a factor alone; use an absolute "
                "scale (kelvin), or a difference unit (delta_degree_Celsius)"
            )
        else:
            # In a product pint asks for a 'delta_' twin, which log units do not have.
            shown = name.removeprefix("delta_") if math.isnan(one) else name
            msg = (
                f"unit {unit!r} contains {shown!r}, which pint defines as a logarithmic "
                "unit (a ratio on a log scale, such as decibel, neper or octave), not an "
                "amount that claimkit can convert by a factor"
                + (_DECADE if shown == "decade" else "")
            )
        raise UnitError(msg, unit=unit)


def normalize_unit(unit: str | pint.Unit) -> str:
    """Return the canonical spelling of a unit (``"people/week"`` -> ``"person / week"``).

    Parameters
    ----------
    unit : str or pint.Unit
        A unit expression pint understands; ``""`` is dimensionless.

    Returns
    -------
    str
        pint's long form of the unit, which claimkit stores and compares.

    Raises
    ------
    UnitError
        If the unit is unknown or malformed, or has an offset from zero (degree
        Celsius): ranges convert by a factor alone.

    Examples
    --------
    >>> from claimkit.values.units import normalize_unit
    >>> normalize_unit("casualties per week")
    'person / week'
    >>> normalize_unit("bananas / week")
    Traceback (most recent call last):
    ...
    claimkit.errors.UnitError: unknown unit 'bananas / week': ...
    """
    if not isinstance(unit, str):
        unit = str(_parse(unit))  # a pint Unit, or a UnitError for anything else
    return _normalize(_registry_id(), unit)


@functools.lru_cache(maxsize=4096)
def _factor(registry_id: int, src: str, dst: str) -> float:
    del registry_id
    if src == dst:
        return 1.0
    registry = _registry()
    try:
        return float(registry.Quantity(1.0, _parse(src)).to(_parse(dst)).magnitude)
    except pint.errors.DimensionalityError as err:
        msg = (
            f"cannot convert {src!r} to {dst!r}: dimensions {err.dim1} and {err.dim2} "
            "differ; both sides must measure the same thing (a count, or a count per time)"
        )
        raise IncompatibleUnitsError(msg, units=(src, dst)) from err
    except pint.errors.PintError as err:
        msg = f"cannot convert {src!r} to {dst!r}: {err}"
        raise UnitError(msg, unit=src) from err


def conversion_factor(src: str, dst: str) -> float:
    """Return the float ``f`` such that ``x src == x * f dst``.

    Parameters
    ----------
    src, dst : str
        Canonical unit strings (see :func:`normalize_unit`).

    Returns
    -------
    float
        The exact ratio of pint's definitions rounded to the nearest float where
        :func:`conversion_bounds` knows it exactly (prefixes, time units, count units),
        so that the same factor comes out whatever pint's release; otherwise pint's own
        float factor, which can be a few units in the last place off the exact ratio.

    Raises
    ------
    IncompatibleUnitsError
        If the dimensions differ; the message names both units.

    Examples
    --------
    >>> from claimkit.values.units import conversion_factor
    >>> conversion_factor("person / week", "person / month")
    4.348214285714286
    """
    lo, hi = conversion_bounds(src, dst)
    if lo == hi:
        return float(lo)
    return _factor(_registry_id(), src, dst)


@functools.lru_cache(maxsize=4096)
def _dims(registry_id: int, unit: str) -> str:
    del registry_id
    return str(_registry().get_dimensionality(_parse(unit)))


def dimensionality(unit: str) -> str:
    """Return pint's dimensionality of a unit as a string, e.g. ``'[person] / [time]'``.

    Examples
    --------
    >>> from claimkit.values.units import dimensionality
    >>> dimensionality("person / week")
    '[person] / [time]'
    """
    return _dims(_registry_id(), unit)


def is_compatible(a: str, b: str) -> bool:
    """Return whether two units have the same dimension (can be converted).

    Examples
    --------
    >>> from claimkit.values.units import is_compatible
    >>> is_compatible("person / week", "casualties / month")
    True
    >>> is_compatible("person", "person / week")
    False
    """
    return dimensionality(a) == dimensionality(b)


@functools.lru_cache(maxsize=4096)
def _product(registry_id: int, a: str, b: str, divide: bool) -> tuple[str, float]:
    del registry_id
    registry = _registry()
    left = registry.Quantity(1.0, _parse(a))
    right = registry.Quantity(1.0, _parse(b))
    result = left / right if divide else left * right
    # pint keeps ``person / week * day`` as is; reduce only when units cancel fully
    # into something simpler, and report the factor that the reduction introduces.
    reduced = result.to_reduced_units()
    if len(list(reduced.unit_items())) < len(list(result.unit_items())):
        result = reduced
    return str(result.units), float(result.magnitude)


def multiply_units(a: str, b: str) -> tuple[str, float]:
    """Return the unit of a product and the factor the unit algebra introduces.

    ``x a * y b == (x * y * factor) unit``; the factor is ``1.0`` unless pint reduced
    units of the same dimension (``person / week * day`` -> ``person`` with factor 1/7).

    Examples
    --------
    >>> from claimkit.values.units import multiply_units
    >>> multiply_units("person / week", "week")
    ('person', 1.0)
    >>> unit, factor = multiply_units("person / week", "day")
    >>> unit, factor == 1 / 7
    ('person', True)
    """
    return _product(_registry_id(), a, b, False)


def divide_units(a: str, b: str) -> tuple[str, float]:
    """Return the unit of a quotient and the factor the unit algebra introduces.

    Examples
    --------
    >>> from claimkit.values.units import divide_units
    >>> divide_units("person", "week")
    ('person / week', 1.0)
    >>> divide_units("person", "person")
    ('dimensionless', 1.0)
    """
    return _product(_registry_id(), a, b, True)


def product_bounds(a: str, b: str, divide: bool) -> tuple[str, Fraction, Fraction]:
    """Return the unit of ``a * b`` (``a / b`` if ``divide``) and its exact factor's enclosure.

    The unit is that of :func:`multiply_units` (or :func:`divide_units`); ``lo`` and
    ``hi`` enclose the exact factor that the unit algebra introduces, as
    :func:`conversion_bounds` computes it.

    Examples
    --------
    >>> from claimkit.values.units import product_bounds
    >>> product_bounds("person / week", "minute", False)
    ('person', Fraction(1, 10080), Fraction(1, 10080))
    """
    unit, _ = _product(_registry_id(), a, b, divide)
    lo, hi = conversion_bounds(f"({a}) {'/' if divide else '*'} ({b})", unit)
    return unit, lo, hi


def time_exponent(unit: str) -> int:
    """Return the exponent of ``[time]`` in a unit's dimension.

    0 for a count (``person``), -1 for a rate (``person / week``).

    Examples
    --------
    >>> from claimkit.values.units import time_exponent
    >>> time_exponent("person"), time_exponent("person / week"), time_exponent("day")
    (0, -1, 1)
    """
    dims = _registry().get_dimensionality(_parse(unit))
    return int(dims.get("[time]", 0))


def counted_unit(unit: str) -> tuple[str | None, bool]:
    """Return the count unit a unit is or counts per time, and whether it counts at all.

    The first is the count unit itself (``person`` for ``person / week``), or None for
    a multiple of one (``kiloperson``), whose nouns a phrase does not name; the second
    says whether the unit counts, as ``kiloperson / week`` does and ``meter`` does not.

    Examples
    --------
    >>> from claimkit.values.units import counted_unit
    >>> counted_unit("person / week"), counted_unit("kiloperson"), counted_unit("meter")
    (('person', True), (None, True), (None, False))
    """
    exponent = time_exponent(unit)
    if exponent not in (0, -1):
        return None, False
    base = unit if exponent == 0 else multiply_units(unit, "day")[0]
    dims = dimensionality(base)
    if dims == f"[{base}]":
        return base, True
    # a multiple of a count unit: a single dimension of claimkit's own (define_count_unit
    # makes one per count), not one of pint's physical ones such as [length]
    own = re.fullmatch(r"\[(\w+)\]", dims)
    try:
        return None, own is not None and dimensionality(own.group(1)) == dims
    except UnitError:
        return None, False
