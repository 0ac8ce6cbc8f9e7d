"""Sources: who made a claim, in what role, and how they stand to what they count.

A :class:`Source` names the person or body behind a figure, with the context that
matters when figures disagree: their role, when and where they spoke, and their
*relation* to the quantity they report. The relation is one word from a small
vocabulary:

===============  =============================================================
relation         meaning
===============  =============================================================
``party``        a side of the conflict (or its officials) speaking of its own
                 side: Ukraine's president on Ukrainian losses
``adversary``    a side of the conflict speaking of the *other* side:
                 Ukraine's president on Russian losses
``independent``  not a side of the conflict: an international organisation, a
                 third state, researchers, journalists
``unknown``      not stated or not known (the default)
===============  =============================================================

A person who speaks of both sides stands in a different relation to each; give
one :class:`Source` per relation, with distinct ids
(``id="zelenskyy-on-russia"``).

The ``weight`` (default 1) is how much reconciliation trusts the source relative
to others: a source of weight 2 is asked to stretch its figures half as much.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from typing import Any, Literal, get_args

import attrs

from claimkit.errors import InvalidClaimError

__all__ = ["Relation", "Source"]

#: The vocabulary of a source's ``relation``.
Relation = Literal["party", "adversary", "independent", "unknown"]

_RELATIONS: tuple[str, ...] = get_args(Relation)

_ID = re.compile(r"[^\W_][\w.-]*\Z")
_NOT_ALNUM = re.compile(r"[\W_]+")


def _check_id(value: object, what: str, *, claim_id: str | None = None) -> str:
    """Return ``value`` if it is a valid id, else raise InvalidClaimError saying why.

    An id starts with a letter or digit and goes on with letters, digits, ``-``,
    ``_`` and ``.``: ``"rutte-total"``, ``"zelenskyy.2024_12"``.
    """
    if not isinstance(value, str) or not _ID.match(value):
        msg = (
            f"{what} {value!r} is not a valid id: expected a non-empty string of letters, "
            "digits, '-', '_' and '.', starting with a letter or digit (like 'rutte-total')"
        )
        raise InvalidClaimError(msg, claim_id=claim_id)
    return value


def _slug(name: str) -> str:
    """Return the id claimkit derives from a name: ``"Mark Rutte"`` -> ``"mark-rutte"``.

    Accents are dropped from Latin letters, letters lower-cased, and every run of
    other characters becomes one ``-``. Letters of other scripts are kept as they are.

    """
    plain = "".join(_without_accent(c) for c in unicodedata.normalize("NFC", name))
    return _NOT_ALNUM.sub("-", plain.casefold()).strip("-")


def _without_accent(char: str) -> str:
    """Return a Latin letter without its accents (``ü`` -> ``u``); keep other letters whole."""
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if base.isascii() else char


def _optional_text(value: object, what: str) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        msg = f"{what} must be a non-empty string or None, got {value!r}"
        raise InvalidClaimError(msg)


@attrs.frozen(init=False, repr=False)
class Source:
    """Who made a claim: a person or body, their role, and their relation to it.

    Sources are immutable and hashable; two sources are equal when every field is.

    Parameters
    ----------
    name : str
        The person's or body's name, as it should be shown (``"Mark Rutte"``).
    id : str, optional
        A short identifier: letters, digits, ``-``, ``_`` and ``.``. Defaults to a slug of
        ``name``: accents dropped, letters lower-cased, every run of other
        characters made one ``-`` (``"Mark Rutte"`` -> ``"mark-rutte"``,
        ``"Zürich (Canton)"`` -> ``"zurich-canton"``).
    role : str, optional
        Role or affiliation (``"NATO Secretary General"``).
    date : datetime.date, optional
        When the statement was made.
    venue : str, optional
        Where it was made (``"press conference, Brussels"``).
    url : str, optional
        Where it can be read.
    relation : str, default "unknown"
        How the source stands to the quantity it reports: ``"party"``,
        ``"adversary"``, ``"independent"`` or ``"unknown"``; see the table in
        :mod:`claimkit.claims.source`.
    weight : float, default 1.0
        Relative reliability used by reconciliation: finite and greater than 0.

    Raises
    ------
    InvalidClaimError
        A source is part of a claim's provenance, so a malformed one raises the
        claim error (with ``claim_id=None``), naming the field: if a field has
        the wrong type, ``relation`` is not in the vocabulary, ``weight`` is not a
        finite number above 0, or no id can be derived from ``name``.

    Examples
    --------
    >>> import datetime
    >>> from datetime import date
    >>> from claimkit.claims.source import Source
    >>> rutte = Source("Mark Rutte", role="NATO Secretary General", date=date(2024, 12, 12),
    ...                relation="independent")
    >>> rutte.id
    'mark-rutte'
    >>> print(rutte)
    Mark Rutte (NATO Secretary General, 2024-12-12)
    >>> rutte
    Source('Mark Rutte', role='NATO Secretary General', date=datetime.date(2024, 12, 12),
           relation='independent')
    >>> eval(repr(rutte)) == rutte
    True
    >>> Source("Mark Rutte", relation="neutral")
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidClaimError: relation 'neutral' is not one of 'party', 'adversary', ...
    """

    name: str
    id: str
    role: str | None
    date: datetime.date | None
    venue: str | None
    url: str | None
    relation: Relation
    weight: float

    def __init__(
        self,
        name: str,
        *,
        id: str | None = None,
        role: str | None = None,
        date: datetime.date | None = None,
        venue: str | None = None,
        url: str | None = None,
        relation: Relation = "unknown",
        weight: float = 1.0,
    ) -> None:
        if not isinstance(name, str) or not name.strip():
            msg = f"source name must be a non-empty string, got {name!r}"
            raise InvalidClaimError(msg)
        if id is None:
            id = _slug(name)
            if not id:
                msg = f"cannot derive an id from the name {name!r}: pass id='...' explicitly"
                raise InvalidClaimError(msg)
        _check_id(id, "source id")
        for what, text in (("role", role), ("venue", venue), ("url", url)):
            _optional_text(text, what)
        if date is not None and (
            isinstance(date, datetime.datetime) or not isinstance(date, datetime.date)
        ):
            msg = f"source date must be a datetime.date or None, got {date!r}"
            raise InvalidClaimError(msg)
        if relation not in _RELATIONS:
            options = ", ".join(repr(r) for r in _RELATIONS)
            msg = f"relation {relation!r} is not one of {options}"
            raise InvalidClaimError(msg)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight <= 0
        ):
            msg = f"source weight must be a finite number greater than 0, got {weight!r}"
            raise InvalidClaimError(msg)
        self.__attrs_init__(name, id, role, date, venue, url, relation, float(weight))

    def replace(self, **changes: Any) -> Source:
        """Return a copy with some fields changed (:func:`attrs.evolve`).

        Examples
        --------
        >>> from claimkit.claims.source import Source
        >>> Source("Volodymyr Zelenskyy", relation="party").replace(
        ...     id="zelenskyy-on-russia", relation="adversary")
        Source('Volodymyr Zelenskyy', id='zelenskyy-on-russia', relation='adversary')
        """
        return attrs.evolve(self, **changes)

    def __str__(self) -> str:
        details = [d for d in (self.role, self.date and self.date.isoformat()) if d]
        return f"{self.name} ({', '.join(details)})" if details else self.name

    def __repr__(self) -> str:
        parts = [repr(self.name)]
        defaults: dict[str, object] = {
            "id": _slug(self.name),
            "role": None,
            "date": None,
            "venue": None,
            "url": None,
            "relation": "unknown",
            "weight": 1.0,
        }
        for field, default in defaults.items():
            value = getattr(self, field)
            if value != default:
                parts.append(f"{field}={value!r}")
        return f"Source({', '.join(parts)})"
