"""Claim sets: the claims to check together, with the relations between their quantities.

A :class:`ClaimSet` is immutable and validated when it is built: claim ids are
unique, every relation is well formed (no cycles, no part under two totals, a name
is a measure or a subject but not both), and all the claims about one *measure
family* (a measure with the measures it adds up to and from) count in units that
convert to one another.

>>> from datetime import date
>>> import claimkit as ck
>>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
>>> claims = ck.ClaimSet(
...     [
...         ck.Claim(id="killed", measure="killed", subject="ukraine", period=war,
...                  kind="total", value=ck.Range.exact(43_000, "person")),
...         ck.Claim(id="wounded", measure="wounded", subject="ukraine", period=war,
...                  kind="total", value=ck.Range.exact(370_000, "person")),
...     ],
...     relations=[ck.Sum("casualties", ["killed", "wounded"])],
... )
>>> len(claims), claims["killed"].measure
(2, 'killed')
"""

from __future__ import annotations

import functools
import itertools
import types
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, cast

import attrs

from claimkit.claims.claim import Claim
from claimkit.claims.relations import Hierarchy, Sum
from claimkit.errors import InvalidClaimError, RelationError, UnknownIdError
from claimkit.values._html import html_table
from claimkit.values.units import get_registry, is_compatible, normalize_unit

__all__ = ["ClaimSet"]


def _to_claims(value: object) -> tuple[Claim, ...]:
    if isinstance(value, Claim):
        return (value,)
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"claims must be an iterable of Claim objects, got {type(value).__name__} {value!r}"
        raise InvalidClaimError(msg)
    return tuple(cast("Iterable[Claim]", value))


def _to_relations(value: object) -> tuple[Sum, ...]:
    if isinstance(value, Sum):
        return (value,)
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"relations must be an iterable of Sum objects, got {type(value).__name__} {value!r}"
        raise RelationError(msg)
    return tuple(cast("Iterable[Sum]", value))


@functools.lru_cache(maxsize=1024)
def _base_unit(unit: str) -> str:
    """Return the unit with factor 1 among those ``unit`` converts to (pint's base unit).

    ``kiloperson`` and ``person`` give ``person``; a count unit made with
    :func:`~claimkit.values.units.define_count_unit` is its own base. The base depends
    on the unit's dimension alone, so every unit of one family gives the same one.
    """
    base = get_registry().Quantity(1.0, unit).to_base_units().units
    return normalize_unit(str(base))


def _suggest(key: str, options: Iterable[str]) -> str:
    import difflib  # for error messages only, so loaded on the first one

    known = sorted(options)
    close = difflib.get_close_matches(key, known, n=3)
    if close:
        return "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    if not known:
        return " (there are none)"
    if len(known) <= 6:
        return "; known: " + ", ".join(repr(c) for c in known)
    return ""


def _quantities(claim: Claim) -> tuple[tuple[str, str], ...]:
    """Return the (measure, subject) pairs a claim is about: one, or two for a ratio."""
    if claim.of is None:
        return ((claim.measure, claim.subject),)
    assert claim.of.subject is not None  # filled in by Claim
    return ((claim.measure, claim.subject), (claim.of.measure, claim.of.subject))


#: How alike (difflib's ratio) a name in a relation and a claim's name must be to be
#: taken for a misspelling of one another.
_NAME_CUTOFF = 0.8


def _check_relation_names(
    claims: tuple[Claim, ...], measures: Hierarchy, subjects: Hierarchy
) -> None:
    """Raise RelationError for a name in a relation that looks like a misspelt claim name.

    A name in a relation that no claim uses, while a name that claims use is in no
    relation and is close to it (the same but for case, or alike by difflib's ratio
    of at least :data:`_NAME_CUTOFF`), would silently split the claims into groups
    that never meet.
    """
    used_measures = {m for c in claims for m, _ in _quantities(c)}
    used_subjects = {s for c in claims for _, s in _quantities(c)}
    check_relation_names(used_measures, used_subjects, measures, subjects)


def check_relation_names(
    used_measures: AbstractSet[str],
    used_subjects: AbstractSet[str],
    measures: Hierarchy,
    subjects: Hierarchy,
) -> None:
    """Do what :func:`_check_relation_names` does, given the names the claims use."""
    for over, hierarchy, used in (
        ("measure", measures, used_measures),
        ("subject", subjects, used_subjects),
    ):
        loose = sorted(used - hierarchy.names)
        if not loose:
            continue
        import difflib  # only where a name is loose, so loaded on first use

        folded = {name.casefold(): name for name in loose}
        for name in sorted(hierarchy.names - used):
            close = [folded[name.casefold()]] if name.casefold() in folded else []
            close = close or difflib.get_close_matches(name, loose, n=1, cutoff=_NAME_CUTOFF)
            if close:
                msg = (
                    f"a Sum over {over}s names {name!r}, which no claim is about, while the "
                    f"claims about the {over} {close[0]!r} are in no Sum; did you mean "
                    f"{close[0]!r}? (as given, the two would never be checked against "
                    "each other)"
                )
                raise RelationError(msg)


@attrs.frozen
class ClaimSet:
    """An immutable, validated collection of claims and the relations between them.

    Parameters
    ----------
    claims : iterable of Claim
        The claims. Their ids must be unique.
    relations : iterable of Sum, optional
        How measures and subjects add up (see :class:`~claimkit.claims.relations.Sum`).
        Time additivity is built in and needs no relation.

    Raises
    ------
    InvalidClaimError
        If an item is not a :class:`~claimkit.claims.claim.Claim`, an id is used twice, or
        two claims of one measure family count in units that do not convert (people
        and tanks).
    RelationError
        If an item of ``relations`` is not a :class:`~claimkit.claims.relations.Sum`, a
        total is declared twice with different parts, a name is listed as a part of
        two totals, the sums form a cycle, a name is used both as a measure and
        as a subject, or a name in a sum that no claim uses looks like a misspelling
        of a name that claims use and no sum does (``"sout"`` beside claims about
        ``"south"``, or ``"South"``): the message asks "did you mean 'south'?".

    Notes
    -----
    A *measure family* is a measure together with everything that
    :class:`~claimkit.claims.relations.Sum` relations connect it to (casualties, killed
    and wounded). The engine counts a family in one unit, in which its bounds and
    margins are reported: the count unit of its claims when they all count in one
    (``acre`` for claims in ``acre`` and ``acre / week``), else the *base* unit of
    their count units, the one with factor 1 among the units they convert to
    (``person`` for claims in ``kiloperson`` and ``person``, ``meter ** 2`` for claims
    in ``acre`` and ``hectare``; a count unit added with
    :func:`~claimkit.values.units.define_count_unit` is its own base). The choice
    depends on the set of units alone, never on the order of the claims; claims in
    other units of the same dimension are converted. A ratio claim counts in no unit of its
    own: a family that only ratio claims name has no unit (a ratio divides the counts
    of its two quantities, each in its own family's unit).

    Everything the engine needs is public and computed once, when the set is
    built: :attr:`canonical` (the claims sorted by id), :attr:`measure_hierarchy`,
    :attr:`subject_hierarchy` and :attr:`family_units`.

    Claim sets compare equal when their claims and relations are equal, in order.

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="casualties", subject="russia", period=nov,
    ...              kind="total", value=ck.Range.from_rounded("45,690", "person"))
    >>> b = a.replace(id="b", value=ck.Range.at_least(40_000, "person"))
    >>> claims = ck.ClaimSet([a, b])
    >>> [claim.id for claim in claims]
    ['a', 'b']
    >>> ck.ClaimSet([a, a])
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidClaimError: claim id 'a' is used twice (claims 0 and 1); ...
    >>> claims["c"]
    Traceback (most recent call last):
    ...
    claimkit.errors.UnknownIdError: no claim with id 'c' in this claim set; known: 'a', 'b'
    """

    claims: tuple[Claim, ...] = attrs.field(converter=_to_claims)
    relations: tuple[Sum, ...] = attrs.field(default=(), converter=_to_relations, kw_only=True)
    _index: dict[str, int] = attrs.field(init=False, repr=False, eq=False)
    _measures: Hierarchy = attrs.field(init=False, repr=False, eq=False)
    _subjects: Hierarchy = attrs.field(init=False, repr=False, eq=False)
    _family_units: dict[str, str] = attrs.field(init=False, repr=False, eq=False)
    _sorted: ClaimSet | None = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, int] = {}
        items: tuple[object, ...] = self.claims
        for i, item in enumerate(items):
            if not isinstance(item, Claim):
                msg = f"item {i} of claims is a {type(item).__name__}, not a Claim: {item!r}"
                raise InvalidClaimError(msg)
            claim = item
            if claim.id in index:
                msg = (
                    f"claim id {claim.id!r} is used twice (claims {index[claim.id]} and "
                    f"{i}); give every claim its own id"
                )
                raise InvalidClaimError(msg, claim_id=claim.id)
            index[claim.id] = i
        relations: tuple[object, ...] = self.relations
        for i, relation in enumerate(relations):
            if not isinstance(relation, Sum):
                msg = (
                    f"item {i} of relations is a {type(relation).__name__}, not a Sum: {relation!r}"
                )
                raise RelationError(msg)
        measures = Hierarchy.from_sums(self.relations, "measure")
        subjects = Hierarchy.from_sums(self.relations, "subject")
        both = measures.names & subjects.names
        if both:
            name = min(both)
            msg = (
                f"{name!r} appears in sums over measures and in sums over subjects; a "
                "name is either a measure (what is counted) or a subject (whose), not both"
            )
            raise RelationError(msg)
        _check_relation_names(self.claims, measures, subjects)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_measures", measures)
        object.__setattr__(self, "_subjects", subjects)
        object.__setattr__(self, "_family_units", self._check_claims())
        object.__setattr__(self, "_sorted", self._sorted_copy())

    def _sorted_copy(self) -> ClaimSet | None:
        """Return the set with its claims sorted by id, or None if they already are.

        Everything else the constructor derives (hierarchies, family units) does not
        depend on the order of the claims, so the copy shares it instead of checking
        the claims again.
        """
        ids = [claim.id for claim in self.claims]
        if all(a < b for a, b in itertools.pairwise(ids)):
            return None
        order = sorted(range(len(ids)), key=ids.__getitem__)
        copy = object.__new__(ClaimSet)
        object.__setattr__(copy, "claims", tuple(self.claims[i] for i in order))
        object.__setattr__(copy, "relations", self.relations)
        object.__setattr__(copy, "_index", {ids[i]: k for k, i in enumerate(order)})
        for name in ("_measures", "_subjects", "_family_units"):
            object.__setattr__(copy, name, getattr(self, name))
        object.__setattr__(copy, "_sorted", None)
        return copy

    def _check_claims(self) -> dict[str, str]:
        """Check how the claims use the relations' names; return each family's unit."""
        units: dict[str, str] = {}
        used: dict[str, set[str]] = {}
        first: dict[str, str] = {}
        count_units: dict[str, str] = {}
        measure_names, subject_names = self._measures.names, self._subjects.names
        root = self._measures.root
        for claim in self.claims:
            for (measure, subject), whose in zip(
                _quantities(claim), ("its", "its of's"), strict=False
            ):
                if measure in subject_names:
                    msg = (
                        f"claim {claim.id!r} uses {measure!r} as {whose} measure, but the "
                        "relations declare it as a subject (a Sum with over='subject')"
                    )
                    raise RelationError(msg)
                if subject in measure_names:
                    msg = (
                        f"claim {claim.id!r} uses {subject!r} as {whose} subject, but the "
                        "relations declare it as a measure (a Sum with over='measure')"
                    )
                    raise RelationError(msg)
            if claim.kind == "ratio":
                continue  # a ratio counts in no unit of its own
            family = root(claim.measure)
            value_unit = claim.value.unit
            unit = count_units.get(value_unit)
            if unit is None:
                unit = count_units[value_unit] = claim.count_unit
            used.setdefault(family, set()).add(unit)
            if family not in units:
                units[family] = unit
                first[family] = claim.id
            elif unit != units[family] and not is_compatible(unit, units[family]):
                msg = (
                    f"claim {claim.id!r} counts {claim.measure!r} in {unit!r}, which does "
                    f"not convert to {units[family]!r}, the unit of claim "
                    f"{first[family]!r} in the same measure family ({family!r}); state "
                    "both in units of one kind, or use different measures"
                )
                raise InvalidClaimError(msg, claim_id=claim.id)
        return {
            family: next(iter(used[family])) if len(used[family]) == 1 else _base_unit(unit)
            for family, unit in sorted(units.items())
        }

    # -- lookups -----------------------------------------------------------------

    def __getitem__(self, claim_id: str) -> Claim:
        try:
            return self.claims[self._index[claim_id]]
        except (KeyError, TypeError):
            raise self._unknown(claim_id) from None

    def _unknown(self, claim_id: object) -> UnknownIdError:
        key = claim_id if isinstance(claim_id, str) else repr(claim_id)
        msg = f"no claim with id {claim_id!r} in this claim set" + _suggest(key, self._index)
        return UnknownIdError(msg, key=key)

    def __contains__(self, claim_id: object) -> bool:
        return isinstance(claim_id, str) and claim_id in self._index

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    def __len__(self) -> int:
        return len(self.claims)

    def _repr_html_(self) -> str:
        """Return the claims as a small escaped HTML table for notebooks, one row each."""
        rows = [
            [
                c.id,
                f"{c.measure} of {c.subject}",
                c.kind,
                f"[{c.period.start.isoformat()}, {c.period.end.isoformat()})",
                str(c.value),
                "-" if c.source is None else c.source.name,
            ]
            for c in self.claims
        ]
        n = len(self.claims)
        caption = f"{n} claim{'' if n == 1 else 's'}, {len(self.relations)} relation(s)"
        headers = ["id", "quantity", "kind", "period", "value", "source"]
        return html_table(headers, rows, caption=caption)

    @property
    def ids(self) -> tuple[str, ...]:
        """The claim ids, in order.

        Examples
        --------
        >>> import claimkit as ck
        >>> ck.ClaimSet([]).ids
        ()
        """
        return tuple(claim.id for claim in self.claims)

    @property
    def measures(self) -> frozenset[str]:
        """Every measure named by a claim (a ratio's ``of`` too) or a relation over measures.

        Examples
        --------
        >>> import claimkit as ck
        >>> rel = ck.Sum("casualties", ["killed", "wounded"])
        >>> sorted(ck.ClaimSet([], relations=[rel]).measures)
        ['casualties', 'killed', 'wounded']
        """
        return frozenset(m for c in self.claims for m, _ in _quantities(c)) | self._measures.names

    @property
    def subjects(self) -> frozenset[str]:
        """Every subject named by a claim (a ratio's ``of`` too) or a relation over subjects.

        Examples
        --------
        >>> import claimkit as ck
        >>> rel = ck.Sum("both", ["russia", "ukraine"], over="subject")
        >>> sorted(ck.ClaimSet([], relations=[rel]).subjects)
        ['both', 'russia', 'ukraine']
        """
        return frozenset(s for c in self.claims for _, s in _quantities(c)) | self._subjects.names

    def unit_of(self, measure: str) -> str:
        """Return the count unit in which the engine counts ``measure``'s family.

        Raises
        ------
        UnknownIdError
            If no claim counts anything in that family.

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> claim = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...                  kind="rate", value=ck.Range(10, 20, "person / day"))
        >>> ck.ClaimSet([claim]).unit_of("killed")
        'person'
        """
        family, units = self._measures.root(measure), self._family_units
        try:
            return units[family]
        except KeyError:
            msg = (
                f"no claim counts measure {measure!r} or any measure related to it, so it "
                "has no unit"
                + _suggest(measure, [m for m in self.measures if self._measures.root(m) in units])
            )
            raise UnknownIdError(msg, key=measure) from None

    def check_names(self, measure: str, subject: str) -> None:
        """Raise :class:`~claimkit.errors.UnknownIdError` unless a query's names are known.

        A measure and a subject are known when a claim or a relation names them, and
        the measure's family has a unit (some claim counts it).

        Raises
        ------
        UnknownIdError
            If the measure or the subject is unknown (with suggestions), or no claim
            counts anything in the measure's family.

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> claim = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...                  kind="total", value=ck.Range(10, 20, "person"))
        >>> ck.ClaimSet([claim]).check_names("killed", "russia")
        >>> ck.ClaimSet([claim]).check_names("kiled", "russia")
        Traceback (most recent call last):
        ...
        claimkit.errors.UnknownIdError: unknown measure 'kiled'; did you mean 'killed'?
        """
        if measure not in self.measures:
            msg = f"unknown measure {measure!r}" + _suggest(measure, self.measures)
            raise UnknownIdError(msg, key=measure)
        if subject not in self.subjects:
            msg = f"unknown subject {subject!r}" + _suggest(subject, self.subjects)
            raise UnknownIdError(msg, key=subject)
        self.unit_of(measure)

    @property
    def canonical(self) -> ClaimSet:
        """The same claims sorted by id, the order in which the engine solves them.

        It is the set itself when its claims are already sorted. Built once, with
        the set, and sharing everything the set derives from its claims (which does
        not depend on their order), so that it costs no second check.

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> b = ck.Claim(id="b", measure="killed", subject="russia", period=nov,
        ...              kind="total", value=ck.Range(10, 20, "person"))
        >>> a = b.replace(id="a")
        >>> ck.ClaimSet([b, a]).canonical.ids
        ('a', 'b')
        >>> claims = ck.ClaimSet([a, b])
        >>> claims.canonical is claims
        True
        """
        return self if self._sorted is None else self._sorted

    @property
    def measure_hierarchy(self) -> Hierarchy:
        """The forest of the sums over measures (``casualties = killed + wounded``).

        Examples
        --------
        >>> import claimkit as ck
        >>> rel = ck.Sum("casualties", ["killed", "wounded"])
        >>> hierarchy = ck.ClaimSet([], relations=[rel]).measure_hierarchy
        >>> hierarchy.children["casualties"], hierarchy.root("killed")
        (('killed', 'wounded'), 'casualties')
        """
        return self._measures

    @property
    def subject_hierarchy(self) -> Hierarchy:
        """The forest of the sums over subjects (``both = russia + ukraine``).

        Examples
        --------
        >>> import claimkit as ck
        >>> rel = ck.Sum("both", ["russia", "ukraine"], over="subject")
        >>> ck.ClaimSet([], relations=[rel]).subject_hierarchy.parent["ukraine"]
        'both'
        """
        return self._subjects

    @property
    def family_units(self) -> Mapping[str, str]:
        """The count unit of every measure family that a claim counts, by root measure.

        Each is the count unit of the family's claims when they all count in one,
        else the base unit of their units (see the class notes), so it does not
        depend on the order of the claims. Read-only.

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...              kind="total", value=ck.Range(1, 2, "kiloperson"))
        >>> b = a.replace(id="b", measure="wounded", kind="rate",
        ...               value=ck.Range(3, 4, "person / day"))
        >>> rel = ck.Sum("casualties", ["killed", "wounded"])
        >>> dict(ck.ClaimSet([a, b], relations=[rel]).family_units)
        {'casualties': 'person'}
        """
        return types.MappingProxyType(self._family_units)

    # -- transformations ---------------------------------------------------------

    def with_claims(self, claims: Iterable[Claim] | Claim) -> ClaimSet:
        """Return a claim set with ``claims`` added at the end.

        Raises
        ------
        InvalidClaimError
            If an added id is already used (or anything the constructor refuses).

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> claim = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...                  kind="total", value=ck.Range.at_least(1, "person"))
        >>> len(ck.ClaimSet([]).with_claims([claim]))
        1
        """
        return ClaimSet((*self.claims, *_to_claims(claims)), relations=self.relations)

    def without(self, ids: Iterable[str] | str) -> ClaimSet:
        """Return a claim set without the claims with the given ids.

        Parameters
        ----------
        ids : str or iterable of str
            One id, or several.

        Raises
        ------
        UnknownIdError
            If an id is not in the set.

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> claim = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...                  kind="total", value=ck.Range.at_least(1, "person"))
        >>> len(ck.ClaimSet([claim]).without("a"))
        0
        """
        drop = {ids} if isinstance(ids, str) else set(ids)
        for claim_id in drop:
            if claim_id not in self:
                raise self._unknown(claim_id)
        kept = tuple(c for c in self.claims if c.id not in drop)
        return ClaimSet(kept, relations=self.relations)

    def replace(self, **changes: Any) -> ClaimSet:
        """Return a copy with ``claims`` and/or ``relations`` changed (:func:`attrs.evolve`).

        Examples
        --------
        >>> import claimkit as ck
        >>> rel = ck.Sum("both", ["russia", "ukraine"], over="subject")
        >>> ck.ClaimSet([]).replace(relations=[rel]).relations
        (Sum('both', ('russia', 'ukraine'), over='subject'),)
        """
        return attrs.evolve(self, **changes)
