"""Quantities: a measure of a subject over a period, named without a figure.

A :class:`Quantity` names what a figure would count (``casualties`` of ``russia``
over the war) without saying how many. It is the denominator of a ratio claim (the
``of`` of ``Claim(kind="ratio", ...)``), where a missing subject or period means
the numerator's, and the question asked of a report (:meth:`.Report.implied`).

>>> from datetime import date
>>> from claimkit.claims.quantity import Quantity
>>> from claimkit.values.period import Period
>>> war = Period(date(2022, 2, 24), date(2024, 12, 12))
>>> print(Quantity("casualties", "russia", war))
casualties of russia over [2022-02-24, 2024-12-12)
>>> print(Quantity("casualties").filled("russia", war))
casualties of russia over [2022-02-24, 2024-12-12)
"""

from __future__ import annotations

import re

import attrs

from claimkit.errors import InvalidClaimError
from claimkit.values.period import Period

__all__ = ["Quantity", "check_name"]

_NAME = re.compile(r"[a-z][a-z0-9_-]*\Z")


def check_name(value: object, field: str, where: str, *, claim_id: str | None = None) -> None:
    """Raise :class:`~claimkit.errors.InvalidClaimError` unless ``value`` is a valid name.

    A measure or subject is lowercase letters ``a-z``, digits, ``_`` and ``-``,
    starting with a letter. ``where`` starts the message (``"claim 'a'"``), and
    ``claim_id`` is the error's ``claim_id``.

    Examples
    --------
    >>> from claimkit.claims.quantity import check_name
    >>> check_name("killed", "measure", "quantity")
    >>> check_name("Killed", "measure", "quantity")
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidClaimError: quantity: measure 'Killed' is not a valid name: ...
    """
    if isinstance(value, str) and _NAME.match(value):
        return
    hint = ""
    if isinstance(value, str) and _NAME.match(value.strip().lower()):
        hint = f" (did you mean {value.strip().lower()!r}?)"
    msg = (
        f"{where}: {field} {value!r} is not a valid name: expected lowercase letters a-z, "
        f"digits, '_' and '-', starting with a letter{hint}"
    )
    raise InvalidClaimError(msg, claim_id=claim_id)


def _check_measure(instance: Quantity, attribute: attrs.Attribute[str], value: object) -> None:
    check_name(value, "measure", "quantity")


def _check_subject(
    instance: Quantity, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None:
        check_name(value, "subject", "quantity")


def _check_period(
    instance: Quantity, attribute: attrs.Attribute[Period | None], value: object
) -> None:
    if value is not None and not isinstance(value, Period):
        msg = (
            f"quantity: period must be a Period or None (the numerator's period, in a "
            f"ratio claim), got {type(value).__name__} {value!r}"
        )
        raise InvalidClaimError(msg)


@attrs.frozen(slots=True)
class Quantity:
    """A measure of a subject over a period: what a figure counts, without the figure.

    Parameters
    ----------
    measure : str
        What is counted (``"casualties"``), a lowercase name as in a claim.
    subject : str, optional
        Whose count (``"russia"``). None leaves it to the context: in a ratio claim's
        ``of``, the numerator's subject.
    period : Period, optional
        Over which days. None leaves it to the context: in a ratio claim's ``of``,
        the numerator's period.

    Raises
    ------
    InvalidClaimError
        If the measure or the subject is not a valid name, or the period is not a
        :class:`~claimkit.values.period.Period`.

    Examples
    --------
    >>> from claimkit.claims.quantity import Quantity
    >>> from claimkit.values.period import Period
    >>> Quantity("wounded", "ukraine")
    Quantity(measure='wounded', subject='ukraine', period=None)
    >>> Quantity("wounded").is_complete
    False
    >>> Quantity("Wounded")
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidClaimError: quantity: measure 'Wounded' is not a valid name: ...
    """

    measure: str = attrs.field(validator=_check_measure)
    subject: str | None = attrs.field(default=None, validator=_check_subject)
    period: Period | None = attrs.field(default=None, validator=_check_period)

    @property
    def is_complete(self) -> bool:
        """Whether the subject and the period are both given.

        Examples
        --------
        >>> from claimkit.claims.quantity import Quantity
        >>> from claimkit.values.period import Period
        >>> Quantity("killed", "russia", Period.month(2024, 11)).is_complete
        True
        """
        return self.subject is not None and self.period is not None

    def filled(self, subject: str, period: Period) -> Quantity:
        """Return the quantity with a missing subject or period taken from the arguments.

        Examples
        --------
        >>> from claimkit.claims.quantity import Quantity
        >>> from claimkit.values.period import Period
        >>> Quantity("wounded").filled("russia", Period.month(2024, 11)).subject
        'russia'
        >>> Quantity("wounded", "ukraine").filled("russia", Period.month(2024, 11)).subject
        'ukraine'
        """
        return Quantity(
            self.measure,
            subject if self.subject is None else self.subject,
            period if self.period is None else self.period,
        )

    def __str__(self) -> str:
        text = self.measure
        if self.subject is not None:
            text += f" of {self.subject}"
        if self.period is not None:
            text += f" over [{self.period.start.isoformat()}, {self.period.end.isoformat()})"
        return text
