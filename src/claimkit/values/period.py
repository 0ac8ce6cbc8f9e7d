"""Periods: half-open spans of calendar days ``[start, end)``.

A :class:`Period` is what a claim is *about* in time: "since February 2022",
"November 2024", "every week". It is a span of whole calendar days that includes
its ``start`` and excludes its ``end``, so that consecutive periods meet without
overlapping and their lengths add up:

>>> from datetime import date
>>> from claimkit.values.period import Period
>>> war = Period(date(2022, 2, 24), date(2024, 12, 12))
>>> war.days, war.days / 7
(1022, 146.0)
>>> before, after = war.split_at([date(2024, 1, 1)])
>>> before.days + after.days
1022

Dates are :class:`datetime.date` values; :class:`datetime.datetime` values are
refused, because a time of day has no place in a span of whole days.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import operator
from collections.abc import Iterable
from typing import Any

import attrs
import pint

from claimkit.errors import InvalidPeriodError
from claimkit.values.units import get_registry

__all__ = ["Period"]

_ONE_DAY = datetime.timedelta(days=1)


def _check_date(value: object, what: str) -> datetime.date:
    """Return ``value`` if it is a plain date, else raise a readable error."""
    if isinstance(value, datetime.datetime):
        msg = (
            f"{what} must be a datetime.date, got the datetime {value!r}; a period is made "
            f"of whole days, so pass {what}.date() (here {value.date()!r})"
        )
        raise InvalidPeriodError(msg)
    if not isinstance(value, datetime.date):
        msg = f"{what} must be a datetime.date, got {type(value).__name__} {value!r}"
        raise InvalidPeriodError(msg)
    return value


def _check_int(value: object, what: str) -> int:
    if isinstance(value, bool):
        msg = f"{what} must be an integer, got {value!r}"
        raise InvalidPeriodError(msg)
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        msg = f"{what} must be an integer, got {type(value).__name__} {value!r}"
        raise InvalidPeriodError(msg) from None


def _shift(day: datetime.date, days: int, what: str) -> datetime.date:
    """Return ``day + days`` or an error naming the limits of :class:`datetime.date`."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        msg = (
            f"{what} would fall outside the dates Python can represent "
            f"({datetime.date.min} to {datetime.date.max}), starting from {day!r}"
        )
        raise InvalidPeriodError(msg) from None


def _check_year(year: object) -> int:
    number = _check_int(year, "year")
    if not datetime.MINYEAR <= number <= datetime.MAXYEAR - 1:
        msg = (
            f"year {year!r} is out of range: expected {datetime.MINYEAR} to "
            f"{datetime.MAXYEAR - 1} (the period's exclusive end must be a valid date)"
        )
        raise InvalidPeriodError(msg)
    return number


@attrs.frozen(order=True, repr=False)
class Period:
    """A half-open span of calendar days ``[start, end)``.

    ``start`` is the first day in the period and ``end`` the first day after it, so
    ``Period(date(2024, 11, 1), date(2024, 12, 1))`` is November 2024 (30 days) and
    consecutive periods share their boundary date without overlapping. The plain
    constructor is the way to build a period between two dates; the class methods
    build the common special cases (a month, a year, a day, a week).

    Periods are immutable, hashable and ordered by ``(start, end)``.

    Parameters
    ----------
    start : datetime.date
        The first day of the period.
    end : datetime.date
        The first day *after* the period (exclusive). Must be later than ``start``.

    Raises
    ------
    InvalidPeriodError
        If ``end`` is not after ``start``, or either is not a :class:`datetime.date`
        (a :class:`datetime.datetime` is refused: pass ``.date()``).

    See Also
    --------
    Period.month, Period.year, Period.day, Period.week_ending, Period.since

    Notes
    -----
    ``str`` shows the period in interval notation with its length,
    ``[2022-02-24, 2024-12-12) (1022 days)``: the end shown is exclusive.
    ``repr`` evaluates back to an equal period once ``datetime`` and
    :class:`Period` are imported.

    Examples
    --------
    >>> import datetime
    >>> from datetime import date
    >>> from claimkit.values.period import Period
    >>> war = Period(date(2022, 2, 24), date(2024, 12, 12))
    >>> print(war)
    [2022-02-24, 2024-12-12) (1022 days)
    >>> war
    Period(datetime.date(2022, 2, 24), datetime.date(2024, 12, 12))
    >>> eval(repr(war)) == war
    True
    >>> Period(date(2024, 12, 12), date(2024, 12, 12))
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidPeriodError: period end datetime.date(2024, 12, 12) must be after ...
    """

    start: datetime.date
    end: datetime.date

    def __attrs_post_init__(self) -> None:
        _check_date(self.start, "start")
        _check_date(self.end, "end")
        if self.end <= self.start:
            msg = (
                f"period end {self.end!r} must be after its start {self.start!r}: the end is "
                "exclusive, a period covers [start, end); for the single day "
                f"{self.start} use Period.day({self.start!r})"
            )
            raise InvalidPeriodError(msg)

    # -- constructors -------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Return the calendar month ``month`` of ``year``.

        Parameters
        ----------
        year : int
            The year, 1 to 9998.
        month : int
            The month, 1 (January) to 12 (December).

        Returns
        -------
        Period
            From the first of the month to the first of the next month (exclusive).

        Raises
        ------
        InvalidPeriodError
            If ``month`` is not 1 to 12 or ``year`` is out of range.

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> print(Period.month(2024, 11))
        [2024-11-01, 2024-12-01) (30 days)
        >>> Period.month(2024, 2).days, Period.month(2023, 2).days
        (29, 28)
        >>> Period.month(2024, 13)
        Traceback (most recent call last):
        ...
        claimkit.errors.InvalidPeriodError: month 13 is not a month: expected 1 (January) to 12 ...
        """
        number = _check_int(month, "month")
        if not 1 <= number <= 12:
            msg = f"month {month!r} is not a month: expected 1 (January) to 12 (December)"
            raise InvalidPeriodError(msg)
        first = datetime.date(_check_year(year), number, 1)
        length = calendar.monthrange(first.year, first.month)[1]
        return cls(first, first + datetime.timedelta(days=length))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Return the calendar quarter ``quarter`` of ``year``.

        Quarter 1 is January to March, 2 April to June, 3 July to September and
        4 October to December. Files and the command line write it ``"2025-Q1"``.

        Parameters
        ----------
        year : int
            The year, 1 to 9998.
        quarter : int
            The quarter, 1 to 4.

        Returns
        -------
        Period
            From the first day of the quarter's first month to the first day of the
            next quarter (exclusive).

        Raises
        ------
        InvalidPeriodError
            If ``quarter`` is not 1 to 4 or ``year`` is out of range.

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> print(Period.quarter(2025, 1))
        [2025-01-01, 2025-04-01) (90 days)
        >>> print(Period.quarter(2024, 4))
        [2024-10-01, 2025-01-01) (92 days)
        >>> Period.quarter(2025, 5)
        Traceback (most recent call last):
        ...
        claimkit.errors.InvalidPeriodError: quarter 5 is not a quarter: expected 1 (January to ...
        """
        number = _check_int(quarter, "quarter")
        if not 1 <= number <= 4:
            msg = (
                f"quarter {quarter!r} is not a quarter: expected 1 (January to March) to "
                "4 (October to December)"
            )
            raise InvalidPeriodError(msg)
        first = cls.month(year, 3 * number - 2)
        last = cls.month(year, 3 * number)
        return cls(first.start, last.end)

    @classmethod
    def year(cls, year: int) -> Period:
        """Return the calendar year ``year``, 1 January to 1 January (exclusive).

        Raises
        ------
        InvalidPeriodError
            If ``year`` is not an integer from 1 to 9998.

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> Period.year(2024).days, Period.year(2023).days
        (366, 365)
        """
        number = _check_year(year)
        return cls(datetime.date(number, 1, 1), datetime.date(number + 1, 1, 1))

    @classmethod
    def day(cls, day: datetime.date) -> Period:
        """Return the single day ``day`` as a period ``[day, day + 1)``.

        Raises
        ------
        InvalidPeriodError
            If ``day`` is not a date, or is the last date Python can represent.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> print(Period.day(date(2024, 12, 12)))
        [2024-12-12, 2024-12-13) (1 day)
        """
        first = _check_date(day, "day")
        return cls(first, _shift(first, 1, "the day after"))

    @classmethod
    def week_ending(cls, day: datetime.date) -> Period:
        """Return the seven days that end with ``day``, ``day`` included: ``[day - 6, day + 1)``.

        A statement made on a date *d* about "this week" or "every week" is read as the
        seven full days before it, ``Period.week_ending(d - timedelta(days=1))``: the
        day of the statement is not over when it is made, as a period "until" *d*
        excludes *d*. Rutte's "over 10,000 every week" of 12 December 2024 covers
        5 to 11 December.

        Raises
        ------
        InvalidPeriodError
            If ``day`` is not a date, or the week falls outside the representable dates.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> print(Period.week_ending(date(2024, 12, 11)))
        [2024-12-05, 2024-12-12) (7 days)
        """
        last = _check_date(day, "day")
        return cls(_shift(last, -6, "the week's first day"), _shift(last, 1, "the day after"))

    @classmethod
    def since(cls, start: datetime.date, *, until: datetime.date) -> Period:
        """Return the period from ``start`` up to, not including, ``until``.

        "Since February 2022" has no end of its own: the date of the statement (or
        the day after it, if that day counts) must be given as ``until``. It is the
        same as ``Period(start, until)``, spelled as the sources speak.

        Parameters
        ----------
        start : datetime.date
            The first day.
        until : datetime.date
            The first day *not* included (keyword-only and required).

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> print(Period.since(date(2022, 2, 24), until=date(2024, 12, 12)))
        [2022-02-24, 2024-12-12) (1022 days)
        """
        return cls(start, until)

    # -- measures -------------------------------------------------------------------

    @property
    def days(self) -> int:
        """The number of days in the period.

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> Period.month(2024, 11).days
        30
        """
        return (self.end - self.start).days

    @property
    def duration(self) -> pint.Quantity[Any]:
        """The length of the period as a pint quantity in days (shared registry).

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> Period.month(2024, 11).duration
        <Quantity(30, 'day')>
        """
        return get_registry().Quantity(self.days, "day")

    @property
    def last(self) -> datetime.date:
        """The last day inside the period (``end`` minus one day).

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> Period.month(2024, 2).last
        datetime.date(2024, 2, 29)
        """
        return self.end - _ONE_DAY

    @property
    def is_calendar_month(self) -> bool:
        """Whether the period is exactly one calendar month.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> Period.month(2024, 2).is_calendar_month
        True
        >>> Period(date(2024, 2, 1), date(2024, 3, 2)).is_calendar_month
        False
        """
        length = calendar.monthrange(self.start.year, self.start.month)[1]
        return self.start.day == 1 and self.days == length

    # -- relations ----------------------------------------------------------------

    def contains(self, other: datetime.date | Period) -> bool:
        """Return whether a date lies in the period, or a period lies wholly inside it.

        A date ``d`` is inside when ``start <= d < end``: the end date is not.

        Raises
        ------
        InvalidPeriodError
            If ``other`` is neither a date nor a period (a datetime is refused).

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> nov = Period.month(2024, 11)
        >>> nov.contains(date(2024, 11, 30)), nov.contains(date(2024, 12, 1))
        (True, False)
        >>> Period.year(2024).contains(nov)
        True
        """
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        day = _check_date(other, "the date to look for")
        return self.start <= day < self.end

    def overlaps(self, other: Period) -> bool:
        """Return whether the two periods share at least one day.

        Periods that only meet (one ends where the other starts) do not overlap.

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> Period.month(2024, 11).overlaps(Period.month(2024, 12))
        False
        >>> Period.month(2024, 11).overlaps(Period.year(2024))
        True
        """
        other = self._check_period(other)
        return self.start < other.end and other.start < self.end

    def intersection(self, other: Period) -> Period | None:
        """Return the days the two periods share, or ``None`` if they share none.

        A period is never empty, so disjoint periods have no intersection period:
        the result is ``None`` rather than an error, to make
        ``if (common := a.intersection(b)) is not None:`` the natural test.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> war = Period(date(2022, 2, 24), date(2024, 12, 12))
        >>> print(war.intersection(Period.month(2024, 12)))
        [2024-12-01, 2024-12-12) (11 days)
        >>> print(Period.month(2024, 11).intersection(Period.month(2024, 12)))
        None
        """
        other = self._check_period(other)
        start = max(self.start, other.start)
        end = min(self.end, other.end)
        return Period(start, end) if start < end else None

    def split_at(self, dates: Iterable[datetime.date]) -> tuple[Period, ...]:
        """Cut the period at the given dates; the pieces partition it.

        Each date becomes the start of a new piece. Dates equal to ``start`` or
        ``end`` cut nothing; repeated dates count once; order does not matter.

        Parameters
        ----------
        dates : iterable of datetime.date
            Where to cut, each from ``start`` to ``end`` inclusive.

        Returns
        -------
        tuple of Period
            Consecutive pieces in order: the first starts at ``start``, each next one
            starts where the previous one ends, the last ends at ``end``.

        Raises
        ------
        InvalidPeriodError
            If a date lies outside ``[start, end]`` (outside the period and not on
            its boundary), or is not a date.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> pieces = Period.year(2024).split_at([date(2024, 7, 1), date(2024, 4, 1)])
        >>> [p.days for p in pieces]
        [91, 91, 184]
        """
        cuts = set()
        for day in dates:
            checked = _check_date(day, "a date to split at")
            if not self.start <= checked <= self.end:
                msg = (
                    f"cannot split {self} at {checked!r}: the date must lie within the "
                    f"period, from {self.start} to {self.end} inclusive"
                )
                raise InvalidPeriodError(msg)
            cuts.add(checked)
        bounds = sorted(cuts | {self.start, self.end})
        return tuple(Period(a, b) for a, b in itertools.pairwise(bounds))

    def windows(self, days: int) -> tuple[Period, ...]:
        """Return the whole windows of ``days`` days inside the period, from its start.

        Windows are laid end to end from ``start``; days left over at the end (fewer
        than ``days``) belong to no window.

        Parameters
        ----------
        days : int
            The window length, at least 1.

        Raises
        ------
        InvalidPeriodError
            If ``days`` is not a positive integer.

        Examples
        --------
        >>> from claimkit.values.period import Period
        >>> len(Period.month(2024, 11).windows(7))
        4
        """
        length = _check_int(days, "window length")
        if length < 1:
            msg = f"window length must be at least 1 day, got {days!r}"
            raise InvalidPeriodError(msg)
        step = datetime.timedelta(days=length)
        return tuple(
            Period(self.start + k * step, self.start + (k + 1) * step)
            for k in range(self.days // length)
        )

    def weeks(self) -> tuple[Period, ...]:
        """Return the whole 7-day windows inside the period, from its start.

        These are the weeks counted from ``start`` (not ISO calendar weeks);
        ``weeks()`` is ``windows(7)``.

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> war = Period(date(2022, 2, 24), date(2024, 12, 12))
        >>> weeks = war.weeks()
        >>> len(weeks), weeks[-1].end == war.end
        (146, True)
        """
        return self.windows(7)

    def replace(self, **changes: Any) -> Period:
        """Return a copy with some fields changed (:func:`attrs.evolve`).

        Examples
        --------
        >>> from datetime import date
        >>> from claimkit.values.period import Period
        >>> print(Period.month(2024, 11).replace(end=date(2024, 11, 8)))
        [2024-11-01, 2024-11-08) (7 days)
        """
        return attrs.evolve(self, **changes)

    # -- text -------------------------------------------------------------------

    def __str__(self) -> str:
        unit = "day" if self.days == 1 else "days"
        return f"[{self.start.isoformat()}, {self.end.isoformat()}) ({self.days} {unit})"

    def __repr__(self) -> str:
        return f"Period({self.start!r}, {self.end!r})"

    @staticmethod
    def _check_period(other: object) -> Period:
        if not isinstance(other, Period):
            msg = f"expected a Period, got {type(other).__name__} {other!r}"
            raise InvalidPeriodError(msg)
        return other
