"""Hypothesis strategies for claimkit's types, for property tests of code that uses them.

Each function returns a hypothesis search strategy. They follow
hypothesis's own conventions: plural names, keyword-only arguments,
``min_value``/``max_value`` for bounds and ``min_size``/``max_size`` for sizes,
:class:`hypothesis.errors.InvalidArgument` for arguments that make no sense, and no
strategy is built when this module is imported.

=====================  ===========================================================
strategy               generates
=====================  ===========================================================
:func:`ranges`         :class:`~claimkit.values.range.Range` objects in one unit
:func:`quantities`     pint quantities in claimkit's registry, in one unit
:func:`periods`        :class:`~claimkit.values.period.Period` objects
:func:`sources`        :class:`~claimkit.claims.source.Source` objects
:func:`claims`         :class:`~claimkit.claims.claim.Claim` objects
:func:`claim_sets`     :class:`~claimkit.claims.claimset.ClaimSet` objects built from a hidden
                       true world: consistent, or with one claim pushed out
=====================  ===========================================================

Installing claimkit registers these strategies with hypothesis (through
hypothesis's ``hypothesis`` entry point), so ``st.from_type(Range)``,
``st.from_type(Claim)`` and ``st.builds(f)`` for a function ``f`` whose parameters
are annotated with claimkit's types work without importing this module. Ask for a
claim or a source with ``st.from_type``, not ``st.builds(Claim)``: ``builds`` calls
the class with a strategy for each required field inferred from its annotation, and a
field annotated ``str`` gets arbitrary text, which a claim id or a measure name
rejects.

hypothesis is an optional dependency: install it with ``pip install
"claimkit[strategies]"``. Importing ``claimkit`` never imports hypothesis;
importing this module without hypothesis raises
:class:`~claimkit.errors.MissingDependencyError`.

Examples
--------
>>> from hypothesis import given, settings
>>> from claimkit.strategies import ranges
>>> @settings(max_examples=25, deadline=None)
... @given(ranges(unit="person", min_value=0))
... def test_doubling_a_count_keeps_it_non_negative(r):
...     assert (r * 2).lo >= 0
>>> test_doubling_a_count_keeps_it_non_negative()
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from typing import get_args

from claimkit.errors import MissingDependencyError

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ModuleNotFoundError as err:  # pragma: no cover - exercised in a subprocess
    if (err.name or "").partition(".")[0] != "hypothesis":
        raise
    _MSG = (
        "claimkit.strategies needs hypothesis, which is not installed; install it with "
        "pip install 'claimkit[strategies]' (or pip install 'hypothesis>=6.100')"
    )
    raise MissingDependencyError(_MSG) from err

import pint

from claimkit.claims.claim import Claim, Kind
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.source import Relation, Source
from claimkit.strategies import _args as _args
from claimkit.strategies import _worlds
from claimkit.strategies._worlds import MAX_SEGMENTS, TIME_UNITS, claim_sets_from
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import get_registry

__all__ = ["PUSHED_NOTE", "claim_sets", "claims", "periods", "quantities", "ranges", "sources"]

#: The note of the claim that ``claim_sets(consistent=False)`` pushes out of the values
#: that the other claims allow: ``"pushed outside every value the other claims allow"``.
PUSHED_NOTE: str = _worlds.PUSHED_NOTE

_INF = math.inf
_RELATIONS: tuple[str, ...] = get_args(Relation)
# The kinds of a count; a ratio claim divides one by another and is not drawn here.
_KINDS: tuple[str, ...] = tuple(k for k in get_args(Kind) if k != "ratio")
# Time units of generated rates; "each" readings need a whole number of days.
_WHOLE_DAYS = ("week", "day")
_MEASURES = ("casualties", "killed", "wounded")
_DEFAULT_WITHIN = Period(datetime.date(1900, 1, 1), datetime.date(2101, 1, 1))
_SUBJECTS = ("all", "north", "south")
# The last day a period can end on (exclusive), so that ``end`` is a valid date.
_LAST_END = datetime.date.max
_FIRST_START = datetime.date.min


# --------------------------------------------------------------------------- ranges


def ranges(
    *,
    unit: str | pint.Unit = "dimensionless",
    min_value: float | None = None,
    max_value: float | None = None,
    bounded: bool | None = None,
    allow_empty: bool = False,
    allow_open: bool = True,
) -> st.SearchStrategy[Range]:
    """Return a strategy for :class:`~claimkit.values.range.Range` objects in one unit.

    The ends are any floats that the arguments allow (huge, tiny and subnormal ones
    included), each end closed, open, or unbounded (``-inf``/``inf``, always open);
    about one range in eight is a single exact value.

    Shrinking: towards ranges with finite, closed ends near zero; the minimal range
    is the exact value ``[0, 0]`` (or the bound nearest zero when ``min_value`` or
    ``max_value`` excludes zero).

    Parameters
    ----------
    unit : str or pint.Unit, default "dimensionless"
        The unit of every range.
    min_value, max_value : float, optional
        Every number in a generated range lies in ``[min_value, max_value]``: a
        finite ``min_value`` rules out a ``-inf`` lower end, a finite ``max_value``
        an ``inf`` upper end.
    bounded : bool, optional
        ``True``: both ends are finite. ``False``: at least one end is unbounded
        (so at most one of ``min_value`` and ``max_value`` may be given). ``None``
        (the default): either.
    allow_empty : bool, default False
        Whether the empty range (``Range.empty(unit)``) may be generated.
    allow_open : bool, default True
        Whether finite ends may be open. Unbounded ends are open whatever this says.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Range

    Raises
    ------
    hypothesis.errors.InvalidArgument
        If an argument has the wrong type, the unit is unknown, a bound is not a
        finite float, ``min_value > max_value``, or ``bounded=False`` is asked for
        with both bounds given.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from claimkit.strategies import ranges
    >>> @settings(max_examples=25, deadline=None)
    ... @given(ranges(unit="person / week", bounded=True))
    ... def test_a_bounded_range_has_a_finite_midpoint(r):
    ...     assert r.lo <= r.midpoint <= r.hi
    >>> test_a_bounded_range_has_a_finite_midpoint()
    >>> ranges(min_value=2, max_value=1)
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: min_value=2 is above max_value=1; no value fits
    """
    canonical = _args.check_unit(unit)
    lo_limit, hi_limit = _args.check_limits(min_value, max_value)
    _args.check_bool(bounded, "bounded", allow_none=True)
    _args.check_bool(allow_empty, "allow_empty")
    _args.check_bool(allow_open, "allow_open")
    if bounded is False and lo_limit is not None and hi_limit is not None:
        msg = (
            f"bounded=False asks for an unbounded end, but min_value={min_value!r} and "
            f"max_value={max_value!r} bound both ends; drop one of them or bounded=False"
        )
        raise InvalidArgument(msg)
    ends = st.floats(min_value=lo_limit, max_value=hi_limit, allow_nan=False, allow_infinity=False)
    return _ranges(
        unit=canonical,
        ends=ends,
        lo_limit=lo_limit,
        hi_limit=hi_limit,
        bounded=bounded,
        allow_empty=allow_empty,
        allow_open=allow_open,
    )


@st.composite
def _ranges(
    draw: st.DrawFn,
    *,
    unit: str,
    ends: st.SearchStrategy[float],
    lo_limit: float | None,
    hi_limit: float | None,
    bounded: bool | None,
    allow_empty: bool,
    allow_open: bool,
) -> Range:
    # Every path makes the same draws, in the same order, so that hypothesis (which
    # prefers fewer and smaller choices) shrinks towards finite, closed, exact ranges
    # rather than towards whichever shape needs the fewest draws.
    a = draw(ends)
    b = a if draw(st.integers(min_value=0, max_value=7)) == 0 else draw(ends)
    lo, hi = min(a, b), max(a, b)
    lo_free = lo_limit is None and bounded is not True
    hi_free = hi_limit is None and bounded is not True
    if bounded is False:
        shapes = [(False, True)] if hi_free else []
        shapes += [(True, False)] if lo_free else []
        shapes += [(True, True)] if lo_free and hi_free else []
        lo_inf, hi_inf = draw(st.sampled_from(shapes))
    else:
        # An end is unbounded one time in four.
        lo_inf = draw(st.integers(min_value=0, max_value=3)) == 3 and lo_free
        hi_inf = draw(st.integers(min_value=0, max_value=3)) == 3 and hi_free
    lo_open = draw(st.booleans()) and allow_open
    hi_open = draw(st.booleans()) and allow_open
    if allow_empty and draw(st.integers(min_value=0, max_value=15)) == 15:
        return Range.empty(unit)
    if lo_inf:
        lo = -_INF
    if hi_inf:
        hi = _INF
    if lo == hi:
        return Range.exact(lo, unit)
    return Range(lo, hi, unit, lo_open=lo_open, hi_open=hi_open)


def quantities(
    *,
    unit: str | pint.Unit = "dimensionless",
    min_value: float | None = None,
    max_value: float | None = None,
) -> st.SearchStrategy[pint.Quantity[float]]:
    """Return a strategy for pint quantities with a finite float magnitude, in one unit.

    The quantities belong to claimkit's registry (pint's application registry, see
    :mod:`claimkit.values.units`), so they mix with ranges:
    ``Range.exact(1, "person") + quantity`` works.

    Shrinking: the magnitude shrinks as :func:`hypothesis.strategies.floats` does,
    towards 0 (or the bound nearest 0).

    Parameters
    ----------
    unit : str or pint.Unit, default "dimensionless"
        The unit of every quantity.
    min_value, max_value : float, optional
        Bounds on the magnitude (finite floats).

    Returns
    -------
    hypothesis.strategies.SearchStrategy of pint.Quantity

    Raises
    ------
    hypothesis.errors.InvalidArgument
        If the unit is unknown, a bound is not a finite float, or
        ``min_value > max_value``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from claimkit import Range
    >>> from claimkit.strategies import quantities
    >>> @settings(max_examples=25, deadline=None)
    ... @given(quantities(unit="person", min_value=0, max_value=1e6))
    ... def test_a_quantity_added_to_zero_is_itself(q):
    ...     assert (Range.exact(0, "person") + q).contains(q)
    >>> test_a_quantity_added_to_zero_is_itself()
    """
    canonical = _args.check_unit(unit)
    lo_limit, hi_limit = _args.check_limits(min_value, max_value)
    magnitudes = st.floats(
        min_value=lo_limit, max_value=hi_limit, allow_nan=False, allow_infinity=False
    )
    return magnitudes.map(lambda x: _quantity(x, canonical))


def _quantity(magnitude: float, unit: str) -> pint.Quantity[float]:
    return get_registry().Quantity(magnitude, unit)


# --------------------------------------------------------------------------- periods


def periods(
    *,
    within: Period | None = None,
    min_days: int = 1,
    max_days: int | None = None,
) -> st.SearchStrategy[Period]:
    """Return a strategy for :class:`~claimkit.values.period.Period` objects.

    A period is a start date and a length in days.

    Shrinking: towards a one-day period (``min_days`` days) starting on
    2000-01-01, or as near that date as ``within`` allows.

    Parameters
    ----------
    within : Period, optional
        Every generated period lies inside this one. By default, any span of dates
        that :class:`datetime.date` can represent.
    min_days : int, default 1
        The shortest length, in days.
    max_days : int, optional
        The longest length, in days; by default as long as ``within`` allows.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Period

    Raises
    ------
    hypothesis.errors.InvalidArgument
        If ``within`` is not a Period, ``min_days`` is below 1 or above ``max_days``,
        or ``min_days`` is longer than ``within``.

    Examples
    --------
    >>> from datetime import date
    >>> from hypothesis import given, settings
    >>> from claimkit import Period
    >>> from claimkit.strategies import periods
    >>> year = Period.year(2024)
    >>> @settings(max_examples=25, deadline=None)
    ... @given(periods(within=year, max_days=31))
    ... def test_a_short_period_of_2024_fits_in_it(p):
    ...     assert year.contains(p) and p.days <= 31
    >>> test_a_short_period_of_2024_fits_in_it()
    """
    given: object = within  # checked at run time, whatever the annotation says
    if not isinstance(given, Period | None):
        msg = f"within={within!r} must be a Period or None"
        raise InvalidArgument(msg)
    first = _FIRST_START if within is None else within.start
    last_end = _LAST_END if within is None else within.end
    span = (last_end - first).days
    shortest = _args.check_int(min_days, "min_days", minimum=1)
    longest = span if max_days is None else _args.check_int(max_days, "max_days", minimum=1)
    if shortest > longest:
        msg = f"min_days={min_days!r} is above max_days={max_days!r}"
        raise InvalidArgument(msg)
    if shortest > span:
        msg = f"min_days={min_days!r} is longer than within={within!r} ({span} days)"
        raise InvalidArgument(msg)
    longest = min(longest, span)
    return _periods(first, last_end, shortest, longest)


@st.composite
def _periods(
    draw: st.DrawFn, first: datetime.date, last_end: datetime.date, shortest: int, longest: int
) -> Period:
    # The start first, then the length that fits after it: both shrink on their own
    # (the start towards 2000-01-01, the length towards ``shortest``).
    latest_start = last_end - datetime.timedelta(days=shortest)
    start = draw(st.dates(min_value=first, max_value=latest_start))
    room = (last_end - start).days
    days = draw(st.integers(min_value=shortest, max_value=min(longest, room)))
    return Period(start, start + datetime.timedelta(days=days))


# --------------------------------------------------------------------------- sources


def _texts() -> st.SearchStrategy[str]:
    """Return non-empty text that is not only whitespace (roles, venues)."""
    return st.text(min_size=1, max_size=40).filter(lambda s: bool(s.strip()))


def _names() -> st.SearchStrategy[str]:
    """Return names that start with a letter or digit: any script, spaces, punctuation."""
    first = st.characters(categories=["Lu", "Ll", "Lo", "Nd"])
    rest = st.text(
        st.characters(categories=["L", "N", "Zs", "Pd", "Po"]),
        max_size=30,
    )
    return st.builds(lambda a, b: a + b, first, rest)


def _ids() -> st.SearchStrategy[str]:
    """Return ids such as ``"a"`` or ``"x-1.b"``: a lowercase letter, then ``[a-z0-9._-]``."""
    first = st.sampled_from("abcdefghijklmnopqrstuvwxyz")
    rest = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.", max_size=11)
    return st.builds(lambda a, b: a + b, first, rest)


def sources(*, relations: Iterable[str] = _RELATIONS) -> st.SearchStrategy[Source]:
    """Return a strategy for :class:`~claimkit.claims.source.Source` objects.

    Names are drawn from all scripts (starting with a letter or digit, so that an
    id can be derived from them); ``id``, ``role``, ``date``, ``venue`` and ``url``
    are each given or left out, and the weight is 1 or any float from 1e-6 to 1e6.

    Shrinking: towards ``Source('0')`` - a one-character name and every optional
    field left at its default (relation ``"unknown"`` when allowed, else the first
    allowed one).

    Parameters
    ----------
    relations : iterable of str, optional
        The relations to draw from: some of ``"party"``, ``"adversary"``,
        ``"independent"`` and ``"unknown"`` (by default all four).

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Source

    Raises
    ------
    hypothesis.errors.InvalidArgument
        If ``relations`` is empty or holds a word outside the vocabulary.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from claimkit.strategies import sources
    >>> @settings(max_examples=25, deadline=None)
    ... @given(sources(relations=["party", "adversary"]))
    ... def test_sides_of_a_conflict_have_positive_weights(source):
    ...     assert source.relation in ("party", "adversary") and source.weight > 0
    >>> test_sides_of_a_conflict_have_positive_weights()
    """
    chosen = _args.check_choices(relations, "relations", _RELATIONS)
    # "unknown" (the default) first, so that it is what relations shrink to.
    ordered = sorted(chosen, key=lambda r: r != "unknown")
    texts = _texts()
    ids = _ids()
    return st.builds(
        Source,
        _names(),
        id=st.none() | ids,
        role=st.none() | texts,
        date=st.none() | st.dates(),
        venue=st.none() | texts,
        url=st.none() | ids.map(lambda slug: f"https://example.org/{slug}"),
        relation=st.sampled_from(ordered),
        weight=st.just(1.0) | st.floats(min_value=1e-6, max_value=1e6),
    )


# --------------------------------------------------------------------------- claims


def _lowercase_names() -> st.SearchStrategy[str]:
    """Return measure and subject names: a lowercase letter, then ``[a-z0-9_-]``."""
    first = st.sampled_from("abcdefghijklmnopqrstuvwxyz")
    rest = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", max_size=11)
    return st.builds(lambda a, b: a + b, first, rest)


def claims(
    *,
    kinds: Iterable[str] = _KINDS,
    unit: str | pint.Unit = "person",
    ids: st.SearchStrategy[str] | None = None,
    measures: st.SearchStrategy[str] | None = None,
    subjects: st.SearchStrategy[str] | None = None,
    periods: st.SearchStrategy[Period] | None = None,
    sources: st.SearchStrategy[Source | None] | None = None,
) -> st.SearchStrategy[Claim]:
    """Return a strategy for :class:`~claimkit.claims.claim.Claim` objects.

    A total's value is a non-negative :func:`ranges` in ``unit``; a rate's is one in
    ``unit`` per week, day, month or year, read as an average over its period or (per
    week or day) in each whole window. Quotes, spans and notes are left out.

    Shrinking: towards a total of ``[0, 0]`` in ``unit``, with the first measure and
    subject of the defaults (``casualties`` of ``all``), the one-day period
    2000-01-01 and no source.

    Parameters
    ----------
    kinds : iterable of str, optional
        The kinds to draw from, ``"total"`` and ``"rate"`` by default.
    unit : str or pint.Unit, default "person"
        What is counted: a unit without time (a count unit such as ``person``).
    ids : hypothesis.strategies.SearchStrategy of str, optional
        Claim ids; by default short lowercase ids (``"a"``, ``"x-1.b"``). Use
        ``st.lists(claims(), unique_by=lambda c: c.id)`` for a list of claims that
        can go in one :class:`~claimkit.claims.claimset.ClaimSet`.
    measures, subjects : hypothesis.strategies.SearchStrategy of str, optional
        Names (lowercase letters, digits, ``_`` and ``-``, starting with a letter).
        By default a few common names (``casualties``, ``killed``, ``wounded``;
        ``all``, ``north``, ``south``) or any valid name.
    periods : hypothesis.strategies.SearchStrategy of Period, optional
        By default :func:`periods` of up to ten years from 1900 to 2100.
    sources : hypothesis.strategies.SearchStrategy of Source or None, optional
        By default ``None`` or :func:`sources`.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Claim

    Raises
    ------
    hypothesis.errors.InvalidArgument
        If ``kinds`` is empty or holds something other than ``"total"`` and
        ``"rate"``, ``unit`` is unknown or has time in it, or one of the other
        arguments is not a strategy.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from claimkit.strategies import claims
    >>> @settings(max_examples=25, deadline=None)
    ... @given(claims(kinds=["total"]))
    ... def test_a_total_has_a_weekly_rate(claim):
    ...     assert claim.as_rate("week").unit == "person / week"
    >>> test_a_total_has_a_weekly_rate()
    """
    chosen = _args.check_choices(kinds, "kinds", _KINDS)
    count_unit = _args.check_count_unit(unit)
    for name, value in (
        ("ids", ids),
        ("measures", measures),
        ("subjects", subjects),
        ("periods", periods),
        ("sources", sources),
    ):
        if value is not None:
            _args.check_strategy(value, name)
    if ids is None:
        ids = _ids()
    if measures is None:
        measures = _measures()
    if subjects is None:
        subjects = _subjects()
    if periods is None:
        periods = _default_periods()
    if sources is None:
        sources = _default_sources()
    values = _values_by_unit(count_unit)
    return _claims(
        kinds=chosen,
        unit=count_unit,
        values=values,
        ids=ids,
        measures=measures,
        subjects=subjects,
        periods=periods,
        sources=sources,
    )


def _measures() -> st.SearchStrategy[str]:
    """Return measure names: a few common ones, or any valid name."""
    return st.sampled_from(_MEASURES) | _lowercase_names()


def _subjects() -> st.SearchStrategy[str]:
    """Return subject names: a few common ones, or any valid name."""
    return st.sampled_from(_SUBJECTS) | _lowercase_names()


def _values_by_unit(count_unit: str) -> dict[str, st.SearchStrategy[Range]]:
    """Return non-negative ranges in ``count_unit`` and in it per each time unit."""
    units = (count_unit, *(f"{count_unit} / {per}" for per in TIME_UNITS))
    return {unit: ranges(unit=unit, min_value=0.0) for unit in units}


def _default_periods() -> st.SearchStrategy[Period]:
    return periods(within=_DEFAULT_WITHIN, max_days=3653)


def _default_sources() -> st.SearchStrategy[Source | None]:
    return st.none() | sources()


@st.composite
def _claims(
    draw: st.DrawFn,
    *,
    kinds: tuple[str, ...],
    unit: str,
    values: dict[str, st.SearchStrategy[Range]],
    ids: st.SearchStrategy[str],
    measures: st.SearchStrategy[str],
    subjects: st.SearchStrategy[str],
    periods: st.SearchStrategy[Period],
    sources: st.SearchStrategy[Source | None],
) -> Claim:
    claim_id = draw(ids)
    measure = draw(measures)
    subject = draw(subjects)
    period = draw(periods)
    kind = draw(st.sampled_from(kinds))
    per = draw(st.sampled_from(TIME_UNITS))
    each = draw(st.booleans())
    value_unit = unit if kind == "total" else f"{unit} / {per}"
    value = draw(values[value_unit])
    reading = "each" if kind == "rate" and per in _WHOLE_DAYS and each else "average"
    return Claim(
        id=claim_id,
        measure=measure,
        subject=subject,
        period=period,
        kind=kind,
        value=value,
        source=draw(sources),
        reading=reading,  # type: ignore[arg-type]  # "average" or "each"
    )


# --------------------------------------------------------------------------- claim sets

_DEFAULT_MAX_CLAIMS = 8


def claim_sets(
    *,
    consistent: bool = True,
    min_size: int = 0,
    max_size: int | None = None,
    kinds: Iterable[str] = _KINDS,
    unit: str | pint.Unit = "person",
    within: Period | None = None,
    allow_open: bool = True,
) -> st.SearchStrategy[ClaimSet]:
    """Return a strategy for claim sets built from a hidden true world.

    The strategy first draws a world that claims could be about: one measure
    (``casualties``), split or not into ``killed`` and ``wounded`` by a
    :class:`~claimkit.claims.relations.Sum`; one subject (``all``), split or not into
    ``north`` and ``south``; one to three consecutive periods; and a true,
    non-negative whole count for each leaf series (a leaf measure of a leaf subject) in
    each period. Then it draws claims about any measure and subject of the world over
    any run of consecutive periods, as totals or as average rates per week, day,
    month or year, each with a range that contains the true value (exact, closed,
    open or unbounded; strict ends keep a distance of at least one count and one
    millionth from the truth).

    With ``consistent=False``, one claim is instead pushed outside every value that
    the other claims allow, by construction: one or two *anchor* claims bound a
    quantity (the quantity itself, its two parts, or two consecutive spans of its
    period), and the pushed claim about that quantity lies above the sum of the
    anchors' upper ends or below the sum of their lower ends, by at least one count
    and one millionth. Its ``note`` is :data:`PUSHED_NOTE`. Every conflicting group
    of claims therefore contains it, and the claims without it are consistent.

    Claim ids are ``c1``, ``c2``, ... in order; a few sources are shared among the
    claims.

    Shrinking: towards fewer claims (the empty claim set, when allowed), an unsplit
    world over one day, true counts of 0, exact totals and no sources; an
    inconsistent set shrinks towards an exact total and one pushed just above it.

    Parameters
    ----------
    consistent : bool, default True
        Whether every claim contains the truth (True), or one is pushed out (False).
    min_size, max_size : int, optional
        How many claims, at least and at most (by default from 0, or from 2 when
        ``consistent=False``, to 8).
    kinds : iterable of str, optional
        The kinds of claim to draw, ``"total"`` and ``"rate"`` by default (the
        anchors of an inconsistent set are always totals).
    unit : str or pint.Unit, default "person"
        The count unit of every claim.
    within : Period, optional
        Every claim's period lies inside this one (by default, between 1900 and 2100).
    allow_open : bool, default True
        Whether claims may have open finite ends.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of ClaimSet

    Raises
    ------
    hypothesis.errors.InvalidArgument
        If ``min_size`` is above ``max_size``, ``max_size`` is below 2 with
        ``consistent=False``, or another argument is invalid (as for :func:`claims`).

    Examples
    --------
    >>> import claimkit as ck
    >>> from hypothesis import given, settings
    >>> from claimkit.strategies import claim_sets
    >>> @settings(max_examples=10, deadline=None)
    ... @given(claim_sets(consistent=False, max_size=4))
    ... def test_a_pushed_claim_is_caught(claims):
    ...     assert not ck.check(claims).consistent
    >>> test_a_pushed_claim_is_caught()
    """
    _args.check_bool(consistent, "consistent")
    _args.check_bool(allow_open, "allow_open")
    chosen = _args.check_choices(kinds, "kinds", _KINDS)
    count_unit = _args.check_count_unit(unit)
    low = _args.check_int(min_size, "min_size", minimum=0)
    high = _DEFAULT_MAX_CLAIMS if max_size is None else max_size
    high = _args.check_int(high, "max_size", minimum=0)
    if low > high:
        msg = f"min_size={min_size!r} is above max_size={max_size!r}"
        raise InvalidArgument(msg)
    if not consistent:
        if high < 2:
            msg = (
                f"max_size={max_size!r} leaves no room for an inconsistent claim set, "
                "which needs an anchor claim and a claim pushed away from it: use 2 or more"
            )
            raise InvalidArgument(msg)
        low = max(low, 2)
    given: object = within  # checked at run time, whatever the annotation says
    if not isinstance(given, Period | None):
        msg = f"within={within!r} must be a Period or None"
        raise InvalidArgument(msg)
    window = within or _DEFAULT_WITHIN
    if window.days < MAX_SEGMENTS:
        msg = f"within={within!r} is shorter than {MAX_SEGMENTS} days"
        raise InvalidArgument(msg)
    return claim_sets_from(
        consistent=consistent,
        sizes=st.integers(min_value=low, max_value=high),
        kinds=chosen,
        unit=count_unit,
        spans=[
            periods(within=window, min_days=n, max_days=min(window.days, 3653))
            for n in range(1, MAX_SEGMENTS + 1)
        ],
        allow_open=allow_open,
        pools=st.lists(sources(), max_size=2, unique_by=lambda source: source.id),
    )
