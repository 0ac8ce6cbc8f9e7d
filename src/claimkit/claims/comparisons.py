"""Comparisons and changes as ratio claims: "more X than Y", "twice as many", "rose 20%".

A comparison of two counts is a ratio claim (``kind="ratio"``) about the first, with
the second as its denominator:

=================================  ===============================  ==================
said                               function                         ratio
=================================  ===============================  ==================
more X than Y                      :func:`more_than`                ``(1, inf)``
at least as many X as Y            :func:`at_least_as_many_as`      ``[1, inf)``
fewer X than Y                     :func:`fewer_than`               ``[0, 1)``
at most as many X as Y             :func:`at_most_as_many_as`       ``[0, 1]``
as many / twice as many X as Y     :func:`as_many_as`               ``[t, t]`` (``times``)
X rose 20% from October            :func:`change`                   ``[1.2, 1.2]``
the highest month                  :func:`highest_month`            one ``(1, inf)`` per
                                                                    other month
=================================  ===============================  ==================

"More" is strict: the first count exceeds the second. A hedged factor ("about
twice as many") is a range, as the hedge reader gives it. Each function takes the
numerator as a :class:`~claimkit.claims.quantity.Quantity` with its subject and
period, the denominator as one whose missing subject or period are the numerator's,
and the claim's other fields (``id``, ``source``, ``quote``...) as keywords.

>>> from datetime import date
>>> import claimkit as ck
>>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
>>> claim = ck.more_than(ck.Quantity("casualties", "russia", war),
...                      ck.Quantity("casualties", "ukraine"), id="more-russian")
>>> print(claim)
more-russian: casualties of russia to casualties of ukraine, ratio over
[2022-02-24, 2024-12-12), (1, inf)
"""

from __future__ import annotations

import datetime
from typing import Any

from claimkit.claims.claim import Claim
from claimkit.claims.quantity import Quantity
from claimkit.errors import InvalidClaimError
from claimkit.values.period import Period
from claimkit.values.range import Range

__all__ = [
    "as_many_as",
    "at_least_as_many_as",
    "at_most_as_many_as",
    "change",
    "fewer_than",
    "highest_month",
    "more_than",
]

_UNIT = "dimensionless"


def _id(claim_id: object) -> str | None:
    """Return the id for an error's ``claim_id``, or None if it is not a string."""
    return claim_id if isinstance(claim_id, str) else None


def _ratio(
    quantity: Quantity, other: Quantity, value: Range, claim_id: str, fields: dict[str, Any]
) -> Claim:
    """Return the ratio claim ``claim_id`` of ``quantity`` to ``other`` with ``value``."""
    given: object = quantity
    if not isinstance(given, Quantity) or not quantity.is_complete:
        msg = (
            f"claim {claim_id!r}: the first quantity of a comparison is the claim's own, so "
            "it needs a measure, a subject and a period: Quantity('casualties', 'russia', "
            f"period), got {given!r}"
        )
        raise InvalidClaimError(msg, claim_id=_id(claim_id))
    for key in ("measure", "subject", "period", "of", "value", "kind"):
        if key in fields:
            msg = (
                f"claim {claim_id!r}: {key}= is set by the comparison from its two "
                "quantities and its factor; give the claim's other fields only"
            )
            raise InvalidClaimError(msg, claim_id=_id(claim_id))
    assert quantity.subject is not None
    assert quantity.period is not None
    return Claim(
        id=claim_id,
        measure=quantity.measure,
        subject=quantity.subject,
        period=quantity.period,
        kind="ratio",
        of=other,
        value=value,
        **fields,
    )


def more_than(quantity: Quantity, other: Quantity, *, id: str, **fields: Any) -> Claim:
    """Return the claim "more ``quantity`` than ``other``": a ratio in ``(1, inf)``.

    Parameters
    ----------
    quantity : Quantity
        The larger count, with its subject and period.
    other : Quantity
        The smaller one; a missing subject or period is ``quantity``'s.
    id : str
        The claim's id.
    **fields
        The claim's other fields: ``source``, ``quote``, ``note``...

    Returns
    -------
    Claim
        Of kind ``"ratio"``.

    Raises
    ------
    InvalidClaimError
        If ``quantity`` lacks its subject or period, ``fields`` sets what the
        comparison sets (``measure``, ``value``...), or the claim is not valid.

    Examples
    --------
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> claim = ck.more_than(ck.Quantity("killed", "russia", nov),
    ...                      ck.Quantity("killed", "ukraine"), id="more")
    >>> print(claim.value)
    (1, inf)
    >>> claim.of.subject
    'ukraine'
    """
    return _ratio(quantity, other, Range.more_than(1, _UNIT), id, fields)


def at_least_as_many_as(quantity: Quantity, other: Quantity, *, id: str, **fields: Any) -> Claim:
    """Return the claim "at least as many ``quantity`` as ``other``": ``[1, inf)``.

    Parameters and errors as :func:`more_than`.

    Examples
    --------
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> print(ck.at_least_as_many_as(ck.Quantity("killed", "russia", nov),
    ...                              ck.Quantity("killed", "ukraine"), id="a").value)
    [1, inf)
    """
    return _ratio(quantity, other, Range.at_least(1, _UNIT), id, fields)


def fewer_than(quantity: Quantity, other: Quantity, *, id: str, **fields: Any) -> Claim:
    """Return the claim "fewer ``quantity`` than ``other``": a ratio in ``[0, 1)``.

    Parameters and errors as :func:`more_than`.

    Examples
    --------
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> print(ck.fewer_than(ck.Quantity("killed", "ukraine", nov),
    ...                     ck.Quantity("killed", "russia"), id="f").value)
    [0, 1)
    """
    return _ratio(quantity, other, Range(0, 1, _UNIT, hi_open=True), id, fields)


def at_most_as_many_as(quantity: Quantity, other: Quantity, *, id: str, **fields: Any) -> Claim:
    """Return the claim "at most as many ``quantity`` as ``other``": ``[0, 1]``.

    Parameters and errors as :func:`more_than`.

    Examples
    --------
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> print(ck.at_most_as_many_as(ck.Quantity("killed", "ukraine", nov),
    ...                             ck.Quantity("killed", "russia"), id="m").value)
    [0, 1]
    """
    return _ratio(quantity, other, Range(0, 1, _UNIT), id, fields)


def _factor(times: object, claim_id: object) -> Range:
    """Return a factor as a ratio range: a number is exact, a range must be a ratio's."""
    if isinstance(times, Range):
        return times
    if isinstance(times, int | float) and not isinstance(times, bool):
        return Range.exact(times, _UNIT)
    msg = (
        f"claim {claim_id!r}: times must be a number (2 for 'twice as many') or a "
        f"dimensionless Range (for 'about twice as many'), got {type(times).__name__} "
        f"{times!r}"
    )
    raise InvalidClaimError(msg, claim_id=_id(claim_id))


def as_many_as(
    quantity: Quantity, other: Quantity, *, id: str, times: float | Range = 1.0, **fields: Any
) -> Claim:
    """Return the claim "``times`` as many ``quantity`` as ``other``".

    Parameters
    ----------
    quantity, other : Quantity
        As in :func:`more_than`.
    times : float or Range, default 1
        The factor: 2 for "twice as many", 0.5 for "half as many", 3 for "three
        times as many"; a number is exact, a dimensionless range is hedged (what
        the hedge reader gives for "about twice as many").
    id : str
        The claim's id.
    **fields
        The claim's other fields.

    Raises
    ------
    InvalidClaimError
        If ``times`` is neither a number nor a range, or as :func:`more_than`.

    Examples
    --------
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> print(ck.as_many_as(ck.Quantity("wounded", "russia", nov),
    ...                     ck.Quantity("killed"), times=3, id="three").value)
    [3, 3]
    """
    return _ratio(quantity, other, _factor(times, id), id, fields)


def change(
    quantity: Quantity, before: Period, ratio: float | Range, *, id: str, **fields: Any
) -> Claim:
    """Return the claim that ``quantity`` changed by ``ratio`` from its value over ``before``.

    "Rose 20% from October to November" is November's total over October's, 1.2;
    "fell by a third" is 2/3, "doubled" 2, "halved" 0.5.

    Parameters
    ----------
    quantity : Quantity
        The quantity after the change, with its subject and period (November).
    before : Period
        The period it is compared with (October).
    ratio : float or Range
        The later total over the earlier one, exact or as a dimensionless range.
    id : str
        The claim's id.
    **fields
        The claim's other fields (``basis="rate"`` compares the average rates, for
        periods of different lengths).

    Raises
    ------
    InvalidClaimError
        If ``before`` is not a Period, or as :func:`as_many_as`.

    Examples
    --------
    >>> import claimkit as ck
    >>> rose = ck.change(ck.Quantity("casualties", "russia", ck.Period.month(2024, 11)),
    ...                  ck.Period.month(2024, 10), 1.2, id="rose")
    >>> print(rose)
    rose: casualties of russia over [2024-11-01, 2024-12-01) to casualties of russia over
    [2024-10-01, 2024-11-01), ratio, [1.2, 1.2]
    """
    given: object = before
    if not isinstance(given, Period):
        msg = (
            f"claim {id!r}: before must be the Period the quantity is compared with "
            f"(like Period.month(2024, 10)), got {type(given).__name__} {given!r}"
        )
        raise InvalidClaimError(msg, claim_id=id)
    other = Quantity(quantity.measure, quantity.subject, before)
    return _ratio(quantity, other, _factor(ratio, id), id, fields)


def _months(within: Period) -> list[Period]:
    """Return the calendar months that meet ``within``, each cut to ``within``."""
    months: list[Period] = []
    year, month = within.start.year, within.start.month
    while datetime.date(year, month, 1) < within.end:
        part = Period.month(year, month).intersection(within)
        if part is not None:
            months.append(part)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def highest_month(
    quantity: Quantity, within: Period, *, id: str, strict: bool = True, **fields: Any
) -> tuple[Claim, ...]:
    """Return the claims that ``quantity``'s month is the highest in ``within``.

    One comparison per other calendar month that meets ``within`` (the first and
    last cut to it: "since the invasion began" starts on 24 February), each named
    ``{id}-{YYYY-MM}`` after the month it beats, so that a conflict names the month
    that beats it.

    Parameters
    ----------
    quantity : Quantity
        The count in the highest month: its measure, subject and calendar month.
    within : Period
        The period of the comparison; it must hold the month.
    id : str
        The prefix of the claims' ids.
    strict : bool, default True
        "Highest" as more than every other month (``(1, inf)``); False for at least
        as many as every other month (``[1, inf)``), which allows a tie.
    **fields
        The claims' other fields (``source``, ``quote``...), the same for each.

    Returns
    -------
    tuple of Claim
        Of kind ``"ratio"``, in the order of the months.

    Raises
    ------
    InvalidClaimError
        If the quantity's period is not one calendar month inside ``within``, or as
        :func:`more_than`.

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> invasion = ck.Period(date(2022, 2, 24), date(2024, 12, 1))
    >>> nov = ck.Quantity("casualties", "russia", ck.Period.month(2024, 11))
    >>> claims = ck.highest_month(nov, invasion, id="nov-highest")
    >>> len(claims), claims[0].id, str(claims[0].of.period)
    (33, 'nov-highest-2022-02', '[2022-02-24, 2022-03-01) (5 days)')
    """
    month = quantity.period if isinstance(quantity, Quantity) else None
    within_given: object = within
    if (
        month is None
        or not month.is_calendar_month
        or not isinstance(within_given, Period)
        or not within.contains(month)
    ):
        msg = (
            f"claim {id!r}: highest_month() needs a quantity over one calendar month "
            f"(Quantity(measure, subject, Period.month(2024, 11))) inside the period "
            f"{within_given}, got {quantity!r}"
        )
        raise InvalidClaimError(msg, claim_id=_id(id))
    compare = more_than if strict else at_least_as_many_as
    return tuple(
        compare(
            quantity,
            Quantity(quantity.measure, quantity.subject, other),
            id=f"{id}-{other.start.year:04d}-{other.start.month:02d}",
            **fields,
        )
        for other in _months(within)
        if other != month
    )
