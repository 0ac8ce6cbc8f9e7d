"""Claims: what a source said, about what, over which period, as a range with a unit.

A :class:`Claim` records one figure as it was stated: *what* is counted (the
``measure``, such as ``casualties``), *of whom* (the ``subject``, such as
``russia``), *when* (a :class:`~claimkit.values.period.Period`), whether the figure is a
``total`` over that period, a ``rate`` (an amount per unit of time) or a ``ratio`` of
that total to another quantity (a share, a comparison, a change), and the figure
itself as a :class:`~claimkit.values.range.Range` with a unit. A source, the quoted
words and their place in a text keep the claim traceable.

Claims convert between kinds over their own period, with the month convention
explicit (see :meth:`Claim.as_rate`):

>>> from datetime import date
>>> import claimkit as ck
>>> from claimkit.claims.claim import Claim
>>> from claimkit.values.period import Period
>>> from claimkit.values.range import Range
>>> weekly = Claim(
...     id="rutte-weekly", measure="casualties", subject="both",
...     period=Period.week_ending(date(2024, 12, 12)), kind="rate",
...     value=Range.exact(10_000, "person / week"),
... )
>>> print(weekly.as_rate("month"))                   # pint's average month, 30.4375 days
[43,482.1..., 43,482.1...] person / month
>>> print(weekly.as_rate("month", calendar=True))    # some month of 28 to 31 days
[40,000, 44,285.7...] person
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal, get_args

import attrs

from claimkit.claims import _provenance
from claimkit.claims import _ratio_claims as _ratio
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.claims.quantity import Quantity, check_name
from claimkit.claims.source import Source, _check_id
from claimkit.errors import ClaimkitError, InvalidClaimError, UnitError
from claimkit.values._html import html_table
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import (
    dimensionality,
    divide_units,
    multiply_units,
    normalize_unit,
    time_exponent,
)

__all__ = ["Basis", "Claim", "Kind", "Reading"]

#: The kinds of claim, a ``"total"`` over its period, a ``"rate"`` per unit of time, or
#: a ``"ratio"`` of one quantity to another.
Kind = Literal["total", "rate", "ratio"]
#: The readings of a rate, on ``"average"`` over its period or in ``"each"`` whole window.
Reading = Literal["average", "each"]
#: The basis of a ratio claim, the two ``"total"`` counts or their average ``"rate"`` s.
Basis = Literal["total", "rate"]

_KINDS: tuple[str, ...] = get_args(Kind)
_READINGS: tuple[str, ...] = get_args(Reading)
_BASES: tuple[str, ...] = get_args(Basis)
_TIME_EXPONENT = {"total": 0, "rate": -1, "ratio": 0}
_UNKNOWN_MONTH = (28, 31)


def _options(values: tuple[str, ...]) -> str:
    return " or ".join(repr(v) for v in values)


def _kind_of(kind: Kind | None, claim: Any) -> Kind:
    """Return ``kind``, or if it is None the kind that the claim's value's unit implies.

    A given kind is returned as it is, whatever it is: ``Claim`` checks it.
    """
    if kind is not None:
        return kind
    if claim.of is not None:
        return "ratio"
    value = claim.value
    if not isinstance(value, Range):
        return "total"  # Claim._check_value says what is wrong with the value
    if _ratio.is_ratio_unit(value.unit):
        raise claim._fail(_ratio.not_a_count(claim, "claim"))
    exponent = time_exponent(value.unit)
    if exponent == _TIME_EXPONENT["total"]:
        return "total"
    if exponent == _TIME_EXPONENT["rate"]:
        return "rate"
    msg = (
        f"cannot tell whether the claim is a total or a rate from the unit {value.unit!r} "
        f"(dimension {dimensionality(value.unit)}): expected a count (like 'person') or a "
        "count per time (like 'person / week')"
    )
    raise claim._fail(msg)


_INTERVAL_NOTATION = re.compile(r"\s*[\[(\u2205]")


def _phrase_of(phrase: str | None) -> str | None:
    """Return ``phrase``, or None for a range in interval notation, which is the value itself."""
    if isinstance(phrase, str) and _INTERVAL_NOTATION.match(phrase):
        return None
    return phrase


def _of(of: Quantity | str | None, claim: Any) -> Quantity | None:
    """Return the denominator of a ratio claim, its missing subject and period filled in.

    A string is a measure (``of="casualties"``). Anything else is returned as it is,
    for ``Claim`` to refuse.
    """
    if isinstance(of, str):
        check_name(of, "of", f"claim {claim.id!r}", claim_id=claim.id)
        of = Quantity(of)
    if (
        isinstance(of, Quantity)
        and isinstance(claim.subject, str)
        and isinstance(claim.period, Period)
    ):
        return of.filled(claim.subject, claim.period)
    return of


def _policy_of(policy: HedgePolicy | None, claim: Any) -> HedgePolicy | None:
    """Return the policy a phrase is read under: None without a phrase, by default HedgePolicy()."""
    if claim.phrase is None:
        return None
    return HedgePolicy() if policy is None else policy


@attrs.frozen(kw_only=True, repr=False)
class Claim:
    """One figure as a source stated it: a measure of a subject over a period.

    All fields are keyword-only. A claim is immutable and hashable; the fields are
    checked together when it is made, and a claim that does not fit together raises
    :class:`~claimkit.errors.InvalidClaimError` naming the claim and the field.

    Parameters
    ----------
    id : str
        A short, unique identifier: letters, digits, ``-``, ``_`` and ``.``, starting
        with a letter or digit (``"rutte-total"``).
    measure : str
        What is counted, as a lowercase name: ``"casualties"``, ``"killed"``.
        Letters ``a-z``, digits, ``_`` and ``-``, starting with a letter.
    subject : str
        Whose count it is, as a lowercase name of the same form: ``"russia"``,
        ``"ukraine"``, ``"both"``.
    period : Period
        When: the span of days the figure covers.
    value : Range
        The figure, not empty, with a unit that fits ``kind``: a count for a total, a
        count per time for a rate, ``"dimensionless"`` or ``"percent"`` for a ratio.
    of : Quantity or str, optional
        For ratios only: the denominator, the quantity the claim's own quantity (the
        numerator: ``measure`` of ``subject`` over ``period``) is divided by. Its
        subject and period default to the numerator's, so a share of the casualties
        that were killed is ``measure="killed", of=Quantity("casualties")``; a string
        is a measure (``of="casualties"``). Stored with its subject and period filled.
    kind : str, optional
        ``"total"``: the figure counts what happened over the whole period, and its
        unit is a count (``person``). ``"rate"``: the figure is an amount per unit of
        time (``person / week``) that holds over the period as ``reading`` says.
        ``"ratio"``: the figure is the numerator divided by ``of`` (0.25, or 25
        percent). By default ``of`` or the value's unit decides; given, it is checked.
        A count of something never has a dimensionless unit: a percentage or a
        fraction is a claim of kind ``"ratio"``.
    basis : str, default "total"
        For ratios only. ``"total"``: the ratio of the two totals over their periods.
        ``"rate"``: the ratio of their average rates (each total over its period's
        duration); for two periods of the same length the two are the same.
    source : Source, optional
        Who said it.
    quote : str, optional
        The words the figure comes from, verbatim.
    span : tuple of int, optional
        ``(start, end)`` character offsets of ``quote`` in the source text, so that
        ``text[start:end] == quote``; set it with :meth:`locate`. Requires ``quote``.
    reading : str, default "average"
        For rates only. ``"average"``: the rate is the average over the period (the
        period's total divided by its duration). ``"each"``: the rate holds in every
        whole window of its time unit inside the period, counted from the period's
        start (the 7-day windows for ``person / week``); the time unit must then be a
        whole number of days, so per-month rates can only be read as averages.
    note : str, optional
        Anything the analyst wants to record (an encoding choice, a caveat).
    phrase : str, optional
        The hedged phrase the value was read from (``"about 45,690"``), as
        :func:`~claimkit.claims.hedges.parse_quantity` read it under ``policy`` (for a
        ratio, :func:`~claimkit.claims._ratio_phrases.parse_ratio`: ``"about 70%"``); a
        claim read from a claims file keeps it, and writing the claim writes it back.
        It must read as ``value`` in the value's unit or, for a rate whose phrase
        names its time (``"700 a week"``), in the count unit. A range in interval
        notation (``"[45,685, 45,695]"``) is the value itself and is kept as None.
        :meth:`replace` with a new ``value`` and no ``phrase`` drops it.
    policy : HedgePolicy, optional
        The hedge policy the phrase is read under; ``HedgePolicy()`` if a phrase is
        given without one. Kept only with a phrase (None otherwise).

    Raises
    ------
    InvalidClaimError
        If a field has the wrong type or form, the value is empty, its unit is
        neither a count nor a count per time nor a ratio or does not fit ``kind`` (a
        dimensionless total or rate is refused with a note on how to write a ratio
        claim), a ratio has no ``of`` or another kind has one,
        ``reading="each"`` is given for a total, a ratio or a time unit that is not a whole
        number of days, ``span`` does not fit ``quote``, or ``phrase`` does not read
        as ``value`` under ``policy``.

    Notes
    -----
    ``str`` is one readable line (``id: measure of subject, kind over [start, end),
    value — source``); ``repr`` is short and does not evaluate back.

    Examples
    --------
    >>> from datetime import date
    >>> from claimkit.claims.claim import Claim
    >>> from claimkit.values.period import Period
    >>> from claimkit.values.range import Range
    >>> from claimkit.claims.source import Source
    >>> total = Claim(
    ...     id="rutte-total", measure="casualties", subject="both",
    ...     period=Period(date(2022, 2, 24), date(2024, 12, 12)), kind="total",
    ...     value=Range.more_than(1_000_000, "person"),
    ...     source=Source("Mark Rutte", role="NATO Secretary General"),
    ...     quote="over one million losses since February 2022",
    ... )
    >>> print(total)
    rutte-total: casualties of both, total over [2022-02-24, 2024-12-12),
    (1,000,000, inf) person — Mark Rutte
    >>> print(total.as_rate("week"))
    (6,849.3..., inf) person / week
    >>> total
    <Claim rutte-total: casualties of both, total over [2022-02-24, 2024-12-12)>
    >>> total.replace(kind="rate")
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidClaimError: claim 'rutte-total': a rate needs a value whose unit ...
    """

    id: str
    measure: str
    subject: str
    period: Period
    value: Range
    # mypy's attrs plugin does not know Converter(takes_self=True); the init takes Any.
    of: Quantity | None = attrs.field(
        default=None,
        converter=attrs.Converter(_of, takes_self=True),  # type: ignore[misc]
    )
    kind: Kind = attrs.field(
        default=None,
        converter=attrs.Converter(_kind_of, takes_self=True),  # type: ignore[misc]
    )
    basis: Basis = "total"
    source: Source | None = None
    quote: str | None = None
    span: tuple[int, int] | None = None
    reading: Reading = "average"
    note: str | None = None
    phrase: str | None = attrs.field(default=None, converter=_phrase_of)
    policy: HedgePolicy | None = attrs.field(
        default=None,
        converter=attrs.Converter(_policy_of, takes_self=True),  # type: ignore[misc]
    )

    def __attrs_post_init__(self) -> None:
        _check_id(self.id, "claim id", claim_id=self.id if isinstance(self.id, str) else None)
        for field in ("measure", "subject"):
            self._check_name(field)
        self._check_type("period", Period, "a Period")
        self._check_type("source", Source | None, "a Source or None")
        self._check_type("note", str | None, "a string or None")
        self._check_choice("kind", _KINDS)
        self._check_choice("reading", _READINGS)
        self._check_choice("basis", _BASES)
        problem = _ratio.problem(self)
        if problem is not None:
            raise self._fail(problem)
        self._check_value()
        if self.reading == "each":
            self._check_each()
        self._check_quote()
        self._check_phrase()

    # -- validation ---------------------------------------------------------------

    def _fail(self, message: str) -> InvalidClaimError:
        return InvalidClaimError(f"claim {self.id!r}: {message}", claim_id=self.id)

    def _check_name(self, field: str) -> None:
        check_name(getattr(self, field), field, f"claim {self.id!r}", claim_id=self.id)

    def _check_type(self, field: str, expected: Any, described: str) -> None:
        value = getattr(self, field)
        if not isinstance(value, expected):
            msg = f"{field} must be {described}, got {type(value).__name__} {value!r}"
            raise self._fail(msg)

    def _check_choice(self, field: str, options: tuple[str, ...]) -> None:
        value = getattr(self, field)
        if value not in options:
            msg = f"{field} {value!r} is not one of {_options(options)}"
            raise self._fail(msg)

    def _check_value(self) -> None:
        value: object = self.value
        if not isinstance(value, Range):
            msg = (
                f"value must be a Range, got {type(value).__name__} {value!r}; "
                "make one with Range(...), Range.more_than(...) or parse_quantity(...)"
            )
            raise self._fail(msg)
        if self.value.is_empty:
            msg = f"value {self.value} is empty: a claim must state at least one possible value"
            raise self._fail(msg)
        exponent = time_exponent(self.value.unit)
        if exponent != _TIME_EXPONENT[self.kind]:
            wanted, other = {
                "total": ("a count with no time in it (like 'person')", "a count per time"),
                "rate": ("a count per time (like 'person / week')", "a count"),
            }[self.kind]
            msg = (
                f"a {self.kind} needs a value whose unit is {wanted}, got "
                f"{self.value.unit!r} (dimension {dimensionality(self.value.unit)}); for "
                f"{other} use kind={_KINDS[1 - _KINDS.index(self.kind)]!r}"
            )
            raise self._fail(msg)

    def _check_each(self) -> None:
        if self.kind != "rate":
            msg = (
                "reading 'each' applies to rates only; a total covers its whole period, so "
                "leave reading at 'average'"
            )
            raise self._fail(msg)
        days = self._time_unit_days()
        if days < 1 or not math.isclose(days, round(days), rel_tol=1e-12):
            msg = (
                f"reading 'each' needs a rate per whole number of days (per 'day', 'week', "
                f"...), but {self.value.unit!r} is per {days:g} days; read it as an "
                "'average', or give one claim per calendar month"
            )
            raise self._fail(msg)

    def _check_quote(self) -> None:
        problem = _provenance.quote_problem(self.quote, self.span)
        if problem is not None:
            raise self._fail(problem)

    def _check_phrase(self) -> None:
        if self.phrase is None:
            return
        if not isinstance(self.phrase, str) or not self.phrase.strip():
            msg = f"phrase must be a non-empty string or None, got {self.phrase!r}"
            raise self._fail(msg)
        self._check_type("policy", HedgePolicy, "a HedgePolicy or None")
        readings = self._readings()
        if self.value in readings.values():
            return
        read = [str(r) for r in readings.values() if isinstance(r, Range)]
        said = " or ".join(read) if read else f"nothing ({next(iter(readings.values()))})"
        msg = (
            f"phrase {self.phrase!r} does not read as the value {self.value} under the "
            f"policy: it reads as {said}; pass the value that "
            f"{'parse_ratio' if self.kind == 'ratio' else 'parse_quantity'}() gives, or phrase=None"
        )
        raise self._fail(msg)

    def _readings(self) -> dict[str, Range | ClaimkitError]:
        """Read the phrase under the policy, in the value's unit and in the count unit."""
        assert self.phrase is not None
        assert self.policy is not None
        if self.kind == "ratio":
            return _ratio.readings(self.phrase, self.value, self.policy)
        readings: dict[str, Range | ClaimkitError] = {}
        for unit in dict.fromkeys((self.value.unit, self.count_unit)):
            try:
                readings[unit] = parse_quantity(self.phrase, unit, policy=self.policy)
            except ClaimkitError as err:
                readings[unit] = err
        return readings

    # -- derived properties -------------------------------------------------------

    @property
    def phrase_unit(self) -> str | None:
        """The unit in which ``phrase`` reads as the value, or None if it does not.

        The value's unit, or for a rate whose phrase names its time (``"700 a
        week"``) the count unit; None for a claim without a phrase.

        Examples
        --------
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.claims.hedges import parse_quantity
        >>> from claimkit.values.period import Period
        >>> claim = Claim(id="c", measure="casualties", subject="both",
        ...               period=Period.month(2024, 11), phrase="about 700 a week",
        ...               value=parse_quantity("about 700 a week"))
        >>> claim.phrase_unit
        'person'
        """
        if self.phrase is None:
            return None
        found = [unit for unit, read in self._readings().items() if read == self.value]
        return found[0] if found else None

    @property
    def count_unit(self) -> str:
        """The unit of what is counted, which is the value's unit with time removed.

        A ratio counts nothing of its own: its count unit is its value's unit.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.values.period import Period
        >>> from claimkit.values.range import Range
        >>> claim = Claim(id="c", measure="casualties", subject="both", kind="rate",
        ...               period=Period.month(2024, 11), value=Range(10, 20, "person / week"))
        >>> claim.count_unit
        'person'
        """
        if self.kind != "rate":
            return self.value.unit
        return multiply_units(self.value.unit, "day")[0]

    @property
    def window(self) -> int | None:
        """For ``reading="each"``, the length in days of the windows the rate holds in.

        ``None`` for totals and for rates read as averages. The windows themselves are
        ``claim.period.windows(claim.window)``.

        Examples
        --------
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.values.period import Period
        >>> from claimkit.values.range import Range
        >>> claim = Claim(id="c", measure="casualties", subject="both", kind="rate",
        ...               period=Period.month(2024, 11), value=Range(10, 20, "person / week"),
        ...               reading="each")
        >>> claim.window, len(claim.period.windows(claim.window))
        (7, 4)
        """
        if self.reading != "each":
            return None
        return round(self._time_unit_days())

    def _time_unit_days(self) -> float:
        """Return the length in days of the rate's unit of time (7.0 for ``person / week``)."""
        return 1.0 / multiply_units(self.value.unit, "day")[1]

    # -- conversions --------------------------------------------------------------

    def as_rate(self, per: str = "week", *, calendar: bool | Period = False) -> Range:
        """Return the claim's average rate over its period, per ``per``.

        A total is divided by its period's duration; a rate is converted (a rate read
        on ``"each"`` window over a period that is not whole windows: its
        :meth:`as_total` divided by the duration, since the days left over are
        free). Months are explicit:

        ===============  ===========================  ==================================
        ``per``          ``calendar``                 result
        ===============  ===========================  ==================================
        any time unit    ``False`` (default)          a rate in ``count / per``; for
                                                      ``"month"`` pint's average month
                                                      of 30.4375 days
        ``"month"``      ``True``                     the count in *one calendar month*
                                                      (unit: the count unit): the claim's
                                                      own month if its period is exactly
                                                      one calendar month, otherwise a
                                                      month of unknown length, 28 to 31
                                                      days
        ``"month"``      a calendar-month ``Period``  the count in that month, using its
                                                      length (30 days for November)
        ===============  ===========================  ==================================

        A calendar month is a span of days, not a unit, so the calendar forms return
        a count, not a count per time.

        Parameters
        ----------
        per : str, default "week"
            A pint unit of time: ``"day"``, ``"week"``, ``"month"``, ``"year"``.
        calendar : bool or Period, default False
            Count over a calendar month instead of converting to a rate; only with
            ``per="month"``.

        Returns
        -------
        Range
            Outward-rounded: it contains the exact result; open ends stay open.

        Raises
        ------
        UnitError
            If ``per`` is not a unit of time.
        InvalidClaimError
            If ``calendar`` is given with another ``per`` than ``"month"``, or is a
            period that is not one calendar month, or the claim is a ratio.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.values.period import Period
        >>> from claimkit.values.range import Range
        >>> weekly = Claim(id="weekly", measure="casualties", subject="both", kind="rate",
        ...                period=Period.week_ending(date(2024, 12, 12)),
        ...                value=Range.exact(10_000, "person / week"))
        >>> print(weekly.as_rate("day"))
        [1,428.5..., 1,428.5...] person / day
        >>> print(weekly.as_rate("month", calendar=Period.month(2024, 11)))
        [42,857.1..., 42,857.1...] person
        >>> nov = Claim(id="nov", measure="casualties", subject="russia", kind="total",
        ...             period=Period.month(2024, 11), value=Range.exact(45_690, "person"))
        >>> print(nov.as_rate("week"))
        [10,661, 10,661] person / week
        >>> print(nov.as_rate("month", calendar=True))
        [45,690, 45,690] person
        """
        self._counts_only("as_rate")
        per_unit = self._time_unit(per)
        rate = self._rate()
        if self.window is not None and self.period.days % self.window:
            # An "each" rate says nothing of the days after its last whole window:
            # its average over the period is what the whole windows imply.
            rate = self.as_total() / self.period.duration
        if calendar is False:
            return _to(rate, divide_units(self.count_unit, per_unit)[0])
        if per_unit != "month":
            msg = (
                f"calendar={calendar!r} counts over a calendar month, so it needs "
                f"per='month', got per={per!r}"
            )
            raise self._fail(msg)
        month = self._calendar_month(calendar)
        if month is not None and self.kind == "total" and month == self.period:
            return self.value
        days = Range(*_UNKNOWN_MONTH, "day") if month is None else Range.exact(month.days, "day")
        return _to(rate * days, self.count_unit)

    def as_total(self) -> Range:
        """Return the count over the claim's own period.

        A total is returned as it is; a rate is multiplied by the period's duration.
        A rate read on ``"each"`` window holds in every whole window from the
        period's start and says nothing of the days left over (fewer than a
        window): over a period that is not whole windows, the count is at least
        what the whole windows hold, and has no upper bound, as :func:`.check`
        reads it.

        Returns
        -------
        Range
            In the count unit, outward-rounded; open ends stay open.

        Raises
        ------
        InvalidClaimError
            If the claim is a ratio, which states no count of its own.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.values.period import Period
        >>> from claimkit.values.range import Range
        >>> weekly = Claim(id="weekly", measure="casualties", subject="both", kind="rate",
        ...                period=Period.month(2024, 11),
        ...                value=Range.more_than(10_000, "person / week"))
        >>> print(weekly.as_total())
        (42,857.1..., inf) person
        >>> each = weekly.replace(value=Range(10, 20, "person / week"), reading="each",
        ...                       period=Period(date(2024, 1, 1), date(2024, 1, 11)))
        >>> print(each.as_total())                        # one whole week, and 3 free days
        [10, inf) person
        """
        self._counts_only("as_total")
        if self.kind == "total":
            return self.value
        if self.window is None or self.period.days % self.window == 0:
            return self._amount_over(self.period.duration)
        whole = self.period.days - self.period.days % self.window
        if whole == 0:
            return Range(0, math.inf, self.count_unit)
        least = self._amount_over(Range.exact(whole, "day"))
        return Range(least.lo, math.inf, least.unit, lo_open=least.lo_open)

    def over(self, period: Period) -> Range:
        """Return the total a rate claim implies over another period.

        The rate is applied to ``period``'s duration: for a rate read as an average
        this assumes the same average holds over ``period``; for the ``"each"``
        reading and a ``period`` made of whole windows inside the claim's period it
        follows from the claim. A total claim answers only for its own period.

        Parameters
        ----------
        period : Period
            The period to total over.

        Returns
        -------
        Range
            In the count unit, outward-rounded; open ends stay open.

        Raises
        ------
        InvalidClaimError
            For a total claim and a period other than its own: a total over one
            period implies no total over another without an assumption about the
            rate; make that assumption explicit with :meth:`as_rate`.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.values.period import Period
        >>> from claimkit.values.range import Range
        >>> weekly = Claim(id="weekly", measure="casualties", subject="both", kind="rate",
        ...                period=Period.week_ending(date(2024, 12, 12)),
        ...                value=Range.more_than(10_000, "person / week"))
        >>> print(weekly.over(Period.month(2024, 11)))
        (42,857.1..., inf) person
        """
        self._counts_only("over")
        given: object = period
        if not isinstance(given, Period):
            msg = f"over() needs a Period, got {type(given).__name__} {given!r}"
            raise self._fail(msg)
        if self.kind == "rate":
            return self._amount_over(period.duration)
        if period == self.period:
            return self.value
        msg = (
            f"a total over {self.period} does not imply a total over {period} without "
            "assuming how the count is spread over time; to assume a steady average rate, "
            f"use claim.as_rate('day') and multiply it by {period.days} day"
        )
        raise self._fail(msg)

    def _counts_only(self, method: str) -> None:
        if self.kind == "ratio":
            msg = (
                f"{method}() converts counts, but the claim is a ratio of {self.measure} to "
                f"{self.of}, which states no count of its own; check() bounds the counts "
                "that the claims imply"
            )
            raise self._fail(msg)

    def _time_unit(self, per: str) -> str:
        unit = normalize_unit(per)
        if dimensionality(unit) != "[time]":
            msg = (
                f"per={per!r} is not a unit of time: expected 'day', 'week', 'month' "
                "(pint's average month of 30.4375 days) or 'year'"
            )
            raise UnitError(msg, unit=per)
        return unit

    def _calendar_month(self, calendar: object) -> Period | None:
        """Return the calendar month ``calendar`` names, or None for "some month"."""
        if calendar is True:
            return self.period if self.period.is_calendar_month else None
        if isinstance(calendar, Period) and calendar.is_calendar_month:
            return calendar
        msg = (
            f"calendar must be False, True or a Period that is one calendar month "
            f"(like Period.month(2024, 11)), got {calendar!r}"
        )
        raise self._fail(msg)

    def _rate(self) -> Range:
        """Return the value as a rate: itself, or a total divided by the period's duration."""
        return self.value if self.kind == "rate" else self.value / self.period.duration

    def _rate_in(self, unit: str) -> Range:
        return _to(self._rate(), unit)

    def _amount_over(self, duration: Any) -> Range:
        """Return the count over ``duration`` (a Range or Quantity of time) at the rate."""
        return _to(self._rate() * duration, self.count_unit)

    # -- provenance ---------------------------------------------------------------

    def locate(self, text: str, *, start: int = 0) -> Claim:
        """Return a copy whose ``span`` is where the quote occurs in ``text``.

        Parameters
        ----------
        text : str
            The source text.
        start : int, default 0
            Search from this offset, to find a later occurrence.

        Returns
        -------
        Claim
            With ``span=(i, i + len(quote))`` for the first occurrence at or after
            ``start``.

        Raises
        ------
        InvalidClaimError
            If the claim has no quote, or the quote does not occur in ``text`` (the
            message says where a near match differing in case or spacing is, if any).

        Examples
        --------
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.values.period import Period
        >>> from claimkit.values.range import Range
        >>> text = "Russian losses in November: 45,690. In October: 41,980."
        >>> nov = Claim(id="nov", measure="casualties", subject="russia", kind="total",
        ...             period=Period.month(2024, 11), value=Range.exact(45_690, "person"),
        ...             quote="45,690").locate(text)
        >>> nov.span, text[slice(*nov.span)]
        ((28, 34), '45,690')
        """
        if self.quote is None:
            raise self._fail("has no quote to locate: give it quote=... first")
        given: object = text
        if not isinstance(given, str):
            msg = f"locate() needs the text as a str, got {type(given).__name__}"
            raise self._fail(msg)
        found = text.find(self.quote, start)
        if found < 0:
            raise self._fail(_provenance.not_found(self.quote, text, start))
        return attrs.evolve(self, span=(found, found + len(self.quote)))

    # -- values -------------------------------------------------------------------

    def replace(self, **changes: Any) -> Claim:
        """Return a copy with some fields changed (:func:`attrs.evolve`), checked again.

        A new ``value`` without a new ``phrase`` drops the phrase (and its policy):
        the phrase said the old value.

        Examples
        --------
        >>> from claimkit.claims.claim import Claim
        >>> from claimkit.values.period import Period
        >>> from claimkit.values.range import Range
        >>> claim = Claim(id="nov", measure="casualties", subject="russia", kind="total",
        ...               period=Period.month(2024, 11), value=Range.exact(45_690, "person"))
        >>> claim.replace(period=Period.month(2024, 10)).period.days
        31
        """
        if "value" in changes and "phrase" not in changes:
            changes = {**changes, "phrase": None}
        return attrs.evolve(self, **changes)

    def _describe(self) -> str:
        if self.kind == "ratio":
            return f"{self.id}: {_ratio.describe(self)}"
        kind: str = self.kind
        if self.reading == "each":
            kind = f"rate (each {divide_units(self.count_unit, self.value.unit)[0]})"
        period = f"[{self.period.start.isoformat()}, {self.period.end.isoformat()})"
        return f"{self.id}: {self.measure} of {self.subject}, {kind} over {period}"

    def __str__(self) -> str:
        by = f" — {self.source.name}" if self.source is not None else ""
        return f"{self._describe()}, {self.value}{by}"

    def __repr__(self) -> str:
        return f"<Claim {self._describe()}>"

    def _repr_html_(self) -> str:
        """Return the claim as a small escaped HTML table for notebooks."""
        rows = [
            ["id", self.id],
            ["quantity", f"{self.measure} of {self.subject}, {self.kind}"],
            ["period", f"[{self.period.start.isoformat()}, {self.period.end.isoformat()})"],
            *([["of", str(self.of)]] if self.of is not None else []),
            ["value", str(self.value)],
            ["stated", self.phrase or "-"],
            ["source", "-" if self.source is None else str(self.source)],
            ["quote", self.quote or "-"],
        ]
        return html_table(["field", "value"], rows)


def _to(value: Range, unit: str) -> Range:
    return value if value.unit == unit else value.to(unit)
