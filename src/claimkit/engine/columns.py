"""Claims as columns: what the linear model reads of each claim, as numpy arrays.

A :class:`ClaimColumns` holds ``n`` claims as one array per field (periods as day
ordinals, values as their ends and open flags) and tables of the distinct measures,
subjects, units and source names that integer codes point into, beside what the
relations make of them (the hierarchies and each measure family's count unit).
:func:`claimkit.engine.model.build` reads nothing else of the claims, so a claim set
(:meth:`ClaimColumns.of`) and a data frame (:mod:`claimkit.tables`, without a
:class:`~claimkit.claims.claim.Claim` per row) make the same model.

>>> from datetime import date
>>> import claimkit as ck
>>> from claimkit.engine.columns import ClaimColumns
>>> nov = ck.Period.month(2024, 11)
>>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov, kind="total",
...              value=ck.Range(100, 200, "person"))
>>> b = a.replace(id="b", kind="rate", value=ck.Range.at_least(5, "person / day"))
>>> columns = ClaimColumns.of(ck.ClaimSet([a, b]))
>>> columns.n, columns.units, columns.unit.tolist(), columns.is_rate.tolist()
(2, ('person', 'person / day'), [0, 1], [False, True])
>>> print(columns.value(1), columns.period(1))
[5, inf) person / day [2024-11-01, 2024-12-01) (30 days)
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet, _suggest
from claimkit.claims.relations import Hierarchy, Sum
from claimkit.claims.source import Source
from claimkit.engine.matrix import take_ragged
from claimkit.errors import InvalidArgumentError, InvalidClaimError, UnknownIdError
from claimkit.values.period import Period
from claimkit.values.range import Range

if TYPE_CHECKING:
    from claimkit.engine.report import Finding

__all__ = [
    "STRINGS",
    "VERDICT_ORDER",
    "AnyClaims",
    "ClaimColumns",
    "FindingColumns",
    "TableClaims",
    "claimset_of",
    "codes",
    "columns_of",
    "distinct",
    "distinct_first",
    "ids_of",
    "quantity_of",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Objects = NDArray[np.object_]
#: Text of variable width, each short string (up to 15 bytes) held in the array's
#: own 16 bytes: ten million claim ids take 160 MB, not 700 MB of Python strings.
#: numpy before 2.0 has no such dtype: there the ids are Python strings (``object``).
STRINGS: np.dtype[Any] = (
    np.dtypes.StringDType() if hasattr(np.dtypes, "StringDType") else np.dtype(np.object_)
)
Strings = NDArray[Any]

#: The per-claim arrays of a :class:`ClaimColumns`, with their dtypes.
_ARRAYS: dict[str, Any] = {
    "ids": STRINGS,
    "measure": np.int64,
    "subject": np.int64,
    "start": np.int64,
    "end": np.int64,
    "is_rate": np.bool_,
    "window": np.int64,
    "unit": np.int64,
    "lo": np.float64,
    "hi": np.float64,
    "lo_open": np.bool_,
    "hi_open": np.bool_,
    "source": np.int64,
}


def codes(values: Iterable[Hashable]) -> tuple[Ints, tuple[Any, ...]]:
    """Return each value's code and the table of distinct values, in order of first use.

    Examples
    --------
    >>> from claimkit.engine.columns import codes
    >>> found, table = codes(["b", "a", "b"])
    >>> found.tolist(), table
    ([0, 1, 0], ('b', 'a'))
    """
    index: dict[Hashable, int] = {}
    found = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64)
    return found, tuple(index)


def distinct(key: Ints) -> tuple[Ints, Ints]:
    """Return the distinct keys (sorted) and each key's index among them.

    As ``np.unique(key, return_inverse=True)``: keys of a small range (codes) are
    counted in a table, others sorted (numpy 2.4's np.unique hashes, which is slow
    on a million distinct keys).

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.columns import distinct
    >>> values, inverse = distinct(np.array([5, 2, 5, 7]))
    >>> values.tolist(), inverse.tolist()
    ([2, 5, 7], [1, 0, 1, 2])
    """
    n = key.shape[0]
    if n == 0 or int(key.min()) < 0 or int(key.max()) > 4 * n + 1024:
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        new = np.ones(n, dtype=np.bool_)
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.cumsum(new, dtype=np.int64) - 1
        return ordered[new].astype(np.int64), inverse
    present = np.zeros(int(key.max()) + 1, dtype=np.bool_)
    present[key] = True
    index = np.cumsum(present, dtype=np.int64) - 1
    return np.flatnonzero(present).astype(np.int64), index[key]


def distinct_first(key: Ints) -> tuple[Ints, Ints, Ints]:
    """Return the distinct keys (sorted), the first index of each, and each key's index.

    As ``np.unique(key, return_index=True, return_inverse=True)``, through
    :func:`distinct`.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.columns import distinct_first
    >>> values, first, inverse = distinct_first(np.array([5, 2, 5, 7]))
    >>> values.tolist(), first.tolist(), inverse.tolist()
    ([2, 5, 7], [1, 0, 3], [1, 0, 1, 2])
    """
    values, inverse = distinct(key)
    first = np.full(values.shape[0], key.shape[0], dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(key.shape[0], dtype=np.int64))
    return values, first, inverse


@attrs.frozen(eq=False)
class ClaimColumns:
    """Claims as columns, one array entry per claim (see the module documentation).

    Attributes
    ----------
    ids : ndarray of str (``numpy.dtypes.StringDType``; ``object`` before numpy 2.0)
        The claim ids.
    measure, subject : ndarray of int
        Codes into ``measures`` and ``subjects``.
    measures, subjects : tuple of str
        The distinct names the codes point to.
    start, end : ndarray of int
        Each claim's period ``[start, end)`` as proleptic Gregorian ordinals
        (:meth:`datetime.date.toordinal`).
    is_rate : ndarray of bool
        Whether each claim is a rate (else a total).
    window : ndarray of int
        For a rate read on ``"each"`` window, the window's length in days; else 0.
    unit : ndarray of int
        Codes into ``units``, each a normalised unit string (the value's unit).
    lo, hi : ndarray of float
        The ends of each claim's value (``-inf`` and ``inf`` for unbounded ends).
    lo_open, hi_open : ndarray of bool
        Whether each end is excluded (an infinite end always is).
    source : ndarray of int
        Codes into ``sources``; -1 for a claim without a source.
    sources : tuple of Source
        The distinct sources.
    relations : tuple of Sum
        The relations between the claims' measures and subjects.
    measure_hierarchy, subject_hierarchy : Hierarchy
        The relations over measures and over subjects, as forests.
    family_units : Mapping of str to str
        The count unit of each measure family, by its root measure (as
        :attr:`ClaimSet.family_units <claimkit.claims.claimset.ClaimSet.family_units>`
        gives it).

    Raises
    ------
    InvalidArgumentError
        If an array is not one-dimensional of its dtype, or not of the same length as
        ``ids``.
    """

    ids: Strings
    measure: Ints
    measures: tuple[str, ...]
    subject: Ints
    subjects: tuple[str, ...]
    start: Ints
    end: Ints
    is_rate: Bools
    window: Ints
    unit: Ints
    units: tuple[str, ...]
    lo: Floats
    hi: Floats
    lo_open: Bools
    hi_open: Bools
    source: Ints
    sources: tuple[Source, ...]
    relations: tuple[Sum, ...]
    measure_hierarchy: Hierarchy
    subject_hierarchy: Hierarchy
    family_units: Mapping[str, str]

    def __attrs_post_init__(self) -> None:
        n = self.ids.shape[0] if isinstance(self.ids, np.ndarray) else -1
        for name, dtype in _ARRAYS.items():
            array = getattr(self, name)
            if (
                not isinstance(array, np.ndarray)
                or array.dtype != np.dtype(dtype)
                or array.shape != (n,)
            ):
                got = (
                    f"{array.dtype} array of shape {array.shape}"
                    if isinstance(array, np.ndarray)
                    else type(array).__name__
                )
                msg = (
                    f"ClaimColumns.{name} must be a one-dimensional {np.dtype(dtype)} array "
                    f"with one entry per claim ({n}), got {got}"
                )
                raise InvalidArgumentError(msg)

    @classmethod
    def of(cls, claimset: ClaimSet) -> ClaimColumns:
        """Return the columns of a claim set's claims, in their order."""
        claims = claimset.claims
        n = len(claims)
        measure, measures = codes(c.measure for c in claims)
        subject, subjects = codes(c.subject for c in claims)
        unit, units = codes(c.value.unit for c in claims)
        source, found = codes(c.source for c in claims)
        sources = tuple(s for s in found if s is not None)
        if None in found:
            blank = found.index(None)
            source = np.where(source == blank, -1, source - (source > blank))
        return cls(
            ids=np.array([c.id for c in claims], dtype=STRINGS).reshape(n),
            measure=measure,
            measures=measures,
            subject=subject,
            subjects=subjects,
            start=np.fromiter((c.period.start.toordinal() for c in claims), np.int64, n),
            end=np.fromiter((c.period.end.toordinal() for c in claims), np.int64, n),
            is_rate=np.fromiter((c.kind == "rate" for c in claims), np.bool_, n),
            window=np.fromiter((c.window or 0 for c in claims), np.int64, n),
            unit=unit,
            units=units,
            lo=np.fromiter((c.value.lo for c in claims), np.float64, n),
            hi=np.fromiter((c.value.hi for c in claims), np.float64, n),
            lo_open=np.fromiter((c.value.lo_open for c in claims), np.bool_, n),
            hi_open=np.fromiter((c.value.hi_open for c in claims), np.bool_, n),
            source=source.astype(np.int64),
            sources=sources,
            relations=claimset.relations,
            measure_hierarchy=claimset.measure_hierarchy,
            subject_hierarchy=claimset.subject_hierarchy,
            family_units=claimset.family_units,
        )

    @property
    def n(self) -> int:
        """The number of claims."""
        return int(self.ids.shape[0])

    def take(self, order: Ints, *, ids: Strings | None = None) -> ClaimColumns:
        """Return the claims at the given indices, in that order.

        ``ids``, when the caller has them, are the ids of the claims taken
        (``self.ids[order]``): numpy copies variable-width strings one at a time,
        Arrow takes them from a table at once.
        """
        taken = {name: getattr(self, name)[order] for name in _ARRAYS if name != "ids"}
        return attrs.evolve(self, ids=self.ids[order] if ids is None else ids, **taken)

    def by_id(self) -> ClaimColumns:
        """Return the claims sorted by id, the order in which the engine solves them.

        The columns themselves when they already are (as the tables layer gives them).
        """
        ids = self.ids
        if self.n < 2 or bool(np.all(ids[1:] > ids[:-1])):
            return self
        return self.take(np.argsort(ids, kind="stable").astype(np.int64))

    # -- one claim's facts, for messages and findings --------------------------------

    def period(self, i: int) -> Period:
        """Return the period of claim ``i``."""
        start = datetime.date.fromordinal(int(self.start[i]))
        return Period(start, datetime.date.fromordinal(int(self.end[i])))

    def value(self, i: int) -> Range:
        """Return the value of claim ``i``."""
        return Range(
            float(self.lo[i]),
            float(self.hi[i]),
            self.units[int(self.unit[i])],
            lo_open=bool(self.lo_open[i]),
            hi_open=bool(self.hi_open[i]),
        )

    def source_name(self, i: int) -> str | None:
        """Return the name of the source of claim ``i`` (None without one)."""
        code = int(self.source[i])
        return None if code < 0 else self.sources[code].name

    def claim(self, i: int) -> Claim:
        """Return claim ``i`` as a Claim: its figures, period and source.

        What the columns do not hold (a quote, a note, the phrase a value was read
        from) is left out.
        """
        window = int(self.window[i])
        code = int(self.source[i])
        return Claim(
            id=str(self.ids[i]),
            measure=self.measures[int(self.measure[i])],
            subject=self.subjects[int(self.subject[i])],
            period=self.period(i),
            value=self.value(i),
            kind="rate" if self.is_rate[i] else "total",
            reading="each" if window else "average",
            source=None if code < 0 else self.sources[code],
        )

    def check_names(self, measure: str, subject: str) -> None:
        """Raise UnknownIdError unless a query's names are known.

        As :meth:`ClaimSet.check_names <claimkit.claims.claimset.ClaimSet.check_names>`.

        Raises
        ------
        UnknownIdError
            If no claim or relation names the measure or the subject (with
            suggestions), or no claim counts anything in the measure's family.
        """
        measures = frozenset(self.measures) | self.measure_hierarchy.names
        subjects = frozenset(self.subjects) | self.subject_hierarchy.names
        if measure not in measures:
            msg = f"unknown measure {measure!r}" + _suggest(measure, measures)
            raise UnknownIdError(msg, key=measure)
        if subject not in subjects:
            msg = f"unknown subject {subject!r}" + _suggest(subject, subjects)
            raise UnknownIdError(msg, key=subject)
        if self.measure_hierarchy.root(measure) not in self.family_units:
            msg = (
                f"no claim counts measure {measure!r} or any measure related to it, so it "
                "has no unit" + _suggest(measure, measures)
            )
            raise UnknownIdError(msg, key=measure)


def _by_id(columns: ClaimColumns) -> ClaimColumns:
    return columns.by_id()


class _Claims(Sequence[Claim]):
    """The claims of columns as a sequence, each made when first asked for (internal)."""

    def __init__(self, columns: ClaimColumns) -> None:
        self.columns = columns
        self.made: dict[int, Claim] = {}

    def __len__(self) -> int:
        return self.columns.n

    @overload
    def __getitem__(self, index: int) -> Claim: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Claim]: ...

    def __getitem__(self, index: int | slice) -> Claim | Sequence[Claim]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        k = range(len(self))[index]
        found = self.made.get(k)
        if found is None:
            found = self.made[k] = self.columns.claim(k)
        return found


@attrs.frozen(eq=False)
class TableClaims:
    """Claims given as columns, sorted by id: what :func:`.check` reads of a claim set.

    It answers what the engine asks of a :class:`~claimkit.claims.claimset.ClaimSet`
    (the claims by index and by id, the relations, the family units), making a
    :class:`~claimkit.claims.claim.Claim` only for a claim that is asked for, and the
    whole claim set only when :meth:`claimset` is called: by ``make`` (the table's
    reader, which gives every field of every claim) or else from the columns.

    Parameters
    ----------
    columns : ClaimColumns
        The claims, each id once (kept sorted by id).
    make : callable, optional
        Returns the claims as a claim set sorted by id, with the same claims.

    Raises
    ------
    InvalidClaimError
        If an id is used twice.
    """

    columns: ClaimColumns = attrs.field(converter=_by_id)
    make: Callable[[], ClaimSet] | None = None
    claims: Sequence[Claim] = attrs.field(init=False)
    _made: list[ClaimSet] = attrs.field(init=False, factory=list)

    def __attrs_post_init__(self) -> None:
        ids = self.columns.ids
        twice = np.flatnonzero(ids[1:] == ids[:-1]) if ids.shape[0] > 1 else ids[:0]
        if twice.shape[0]:
            claim_id = str(ids[int(twice[0])])
            msg = f"claim id {claim_id!r} is used twice; give every claim its own id"
            raise InvalidClaimError(msg, claim_id=claim_id)
        object.__setattr__(self, "claims", _Claims(self.columns))

    @property
    def relations(self) -> tuple[Sum, ...]:
        """The relations between the claims' measures and subjects."""
        return self.columns.relations

    @property
    def measure_hierarchy(self) -> Hierarchy:
        """The forest of the sums over measures."""
        return self.columns.measure_hierarchy

    @property
    def subject_hierarchy(self) -> Hierarchy:
        """The forest of the sums over subjects."""
        return self.columns.subject_hierarchy

    @property
    def family_units(self) -> Mapping[str, str]:
        """The count unit of every measure family, by root measure."""
        return self.columns.family_units

    def __len__(self) -> int:
        return self.columns.n

    def __contains__(self, claim_id: object) -> bool:
        ids = self.columns.ids
        if not isinstance(claim_id, str):
            return False
        k = bisect.bisect_left(ids, claim_id)
        return k < len(ids) and ids[k] == claim_id

    def __getitem__(self, claim_id: str) -> Claim:
        ids = self.columns.ids
        k = bisect.bisect_left(ids, claim_id) if isinstance(claim_id, str) else len(ids)
        if k < len(ids) and ids[k] == claim_id:
            return self.claims[k]
        key = claim_id if isinstance(claim_id, str) else repr(claim_id)
        msg = f"no claim with id {claim_id!r} in this claim set" + _suggest(key, ids.tolist())
        raise UnknownIdError(msg, key=key)

    def claimset(self) -> ClaimSet:
        """Return the claims as a claim set sorted by id (made on the first call)."""
        if not self._made:
            made = self.make() if self.make is not None else None
            if made is None:
                made = ClaimSet(self.claims, relations=self.relations)
            self._made.append(made.canonical)
        return self._made[0]

    def unit_of(self, measure: str) -> str:
        """Return the count unit of a measure's family (the names must be known)."""
        return self.family_units[self.measure_hierarchy.root(measure)]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the claim set (the reader ``make`` is a closure, which does not)."""
        return (_identity, (self.claimset(),))


#: Claims as :func:`.check` takes them: a claim set, or a table's columns.
AnyClaims = ClaimSet | TableClaims


def columns_of(claims: AnyClaims | ClaimColumns) -> ClaimColumns:
    """Return the columns of claims (those of a claim set are made, in its order)."""
    if isinstance(claims, ClaimColumns):
        return claims
    if isinstance(claims, TableClaims):
        return claims.columns
    return ClaimColumns.of(claims)


def ids_of(claims: AnyClaims, which: Iterable[int]) -> tuple[str, ...]:
    """Return the ids of the claims at the given indices (a table's from its columns)."""
    if isinstance(claims, TableClaims):
        ids = claims.columns.ids
        return tuple(str(ids[i]) for i in which)
    return tuple(claims.claims[i].id for i in which)


def quantity_of(claims: AnyClaims, i: int) -> tuple[str, str]:
    """Return the measure and the subject of claim ``i`` (a table's from its columns)."""
    if isinstance(claims, TableClaims):
        columns = claims.columns
        return columns.measures[int(columns.measure[i])], columns.subjects[int(columns.subject[i])]
    claim = claims.claims[i]
    return claim.measure, claim.subject


def claimset_of(claims: AnyClaims) -> ClaimSet:
    """Return claims as a claim set (that of a table is made on first use)."""
    return claims if isinstance(claims, ClaimSet) else claims.claimset()


def _identity(value: ClaimSet) -> ClaimSet:
    return value


#: Verdicts in the order findings are listed (conflicts first, consistent ones last).
VERDICT_ORDER = ("conflict", "tension", "consistent")


@attrs.frozen(eq=False)
class FindingColumns:
    """Findings as columns, one entry per finding, without a Finding object each.

    Entry ``k`` holds what :class:`~claimkit.engine.report.Finding` ``k`` holds: the
    claims of finding ``k`` are ``claims[ptr[k]:ptr[k + 1]]`` and their sources'
    names ``sources[ptr[k]:ptr[k + 1]]`` (None for a claim without a source).
    ``lookup``, when known, holds the claims by id (``lookup[claim_id]``), made one at
    a time for claims given as a table. ``coded``, for findings made from codes, holds
    the columns of a few distinct names (``kind``, ``verdict``, ``unit``) as codes
    too: ``coded["kind"]`` is ``(codes, names)`` with ``kind == names[codes]``, each
    name once.
    :meth:`Report.finding_columns <claimkit.engine.report.Report.finding_columns>`
    returns them in the order of ``report.findings``.

    Examples
    --------
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="killed", subject="x", period=nov,
    ...              value=ck.Range(100, 200, "person"))
    >>> b = a.replace(id="b", value=ck.Range(300, 400, "person"))
    >>> table = ck.check([a, b]).finding_columns()
    >>> table.kind.tolist(), table.verdict.tolist()
    (['conflict-set', 'same-quantity'], ['conflict', 'conflict'])
    >>> table.claims.tolist(), table.ptr.tolist()
    (['a', 'b', 'a', 'b'], [0, 2, 4])
    """

    kind: Objects
    verdict: Objects
    margin: Floats
    margin_abs: Floats
    unit: Objects
    touching: Bools
    relation: Objects
    ptr: Ints
    claims: Objects
    sources: Objects
    lookup: AnyClaims | None = None
    coded: Mapping[str, tuple[Ints, Objects]] | None = None

    @property
    def n(self) -> int:
        """The number of findings."""
        return int(self.kind.shape[0])

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> FindingColumns:
        """Return findings made as objects as columns."""
        counts = np.fromiter((len(f.claims) for f in findings), np.int64, len(findings))
        ptr = np.zeros(len(findings) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])

        def strings(values: Iterable[object]) -> Objects:
            items = list(values)
            out = np.empty(len(items), dtype=np.object_)
            out[:] = items
            return out

        return cls(
            kind=strings(f.kind for f in findings),
            verdict=strings(f.verdict for f in findings),
            margin=np.fromiter((f.margin for f in findings), np.float64, len(findings)),
            margin_abs=np.fromiter((f.margin_abs for f in findings), np.float64, len(findings)),
            unit=strings(f.unit for f in findings),
            touching=np.fromiter((f.touching for f in findings), np.bool_, len(findings)),
            relation=strings(f.relation for f in findings),
            ptr=ptr,
            claims=strings(c for f in findings for c in f.claims),
            sources=strings(s for f in findings for s in f.sources),
        )

    def then(self, other: FindingColumns) -> FindingColumns:
        """Return these findings followed by ``other``'s."""

        def joined(name: str) -> NDArray[Any]:
            return np.concatenate([getattr(self, name), getattr(other, name)])

        return FindingColumns(
            kind=joined("kind"),
            verdict=joined("verdict"),
            margin=joined("margin"),
            margin_abs=joined("margin_abs"),
            unit=joined("unit"),
            touching=joined("touching"),
            relation=joined("relation"),
            ptr=np.concatenate([self.ptr, other.ptr[1:] + self.ptr[-1]]),
            claims=joined("claims"),
            sources=joined("sources"),
            lookup=self.lookup if self.lookup is not None else other.lookup,
        )

    def take(self, order: Ints) -> FindingColumns:
        """Return the findings with the given indices, in that order."""
        ptr, terms = take_ragged(self.ptr, order)
        return FindingColumns(
            kind=self.kind[order],
            verdict=self.verdict[order],
            margin=self.margin[order],
            margin_abs=self.margin_abs[order],
            unit=self.unit[order],
            touching=self.touching[order],
            relation=self.relation[order],
            ptr=ptr,
            claims=self.claims[terms],
            sources=self.sources[terms],
            lookup=self.lookup,
            coded=None
            if self.coded is None
            else {name: (codes[order], names) for name, (codes, names) in self.coded.items()},
        )

    def by_verdict(self) -> FindingColumns:
        """Return the findings with conflicts first, then tensions, then consistent ones.

        The order within a verdict is kept, as
        :attr:`Report.findings <claimkit.engine.report.Report.findings>` orders them.
        """
        rank = np.zeros(self.n, dtype=np.int64)
        for k, verdict in enumerate(VERDICT_ORDER):
            rank[self.verdict == verdict] = k
        return self.take(np.argsort(rank, kind="stable").astype(np.int64))
