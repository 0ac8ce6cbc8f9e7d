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

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claimset import ClaimSet, _suggest
from claimkit.claims.relations import Hierarchy
from claimkit.errors import InvalidArgumentError, UnknownIdError
from claimkit.values.period import Period
from claimkit.values.range import Range

__all__ = ["ClaimColumns", "codes"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Objects = NDArray[np.object_]

#: The per-claim arrays of a :class:`ClaimColumns`, with their dtypes.
_ARRAYS: dict[str, Any] = {
    "ids": np.object_,
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


def codes(values: Iterable[str]) -> tuple[Ints, tuple[str, ...]]:
    """Return each value's code and the table of distinct values, in order of first use.

    Examples
    --------
    >>> from claimkit.engine.columns import codes
    >>> found, table = codes(["b", "a", "b"])
    >>> found.tolist(), table
    ([0, 1, 0], ('b', 'a'))
    """
    index: dict[str, int] = {}
    found = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64)
    return found, tuple(index)


@attrs.frozen(eq=False)
class ClaimColumns:
    """Claims as columns, one array entry per claim (see the module documentation).

    Attributes
    ----------
    ids : ndarray of str (object)
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
        Codes into ``sources``, each a source's name; -1 for a claim without one.
    sources : tuple of str
        The distinct source names.
    measure_hierarchy, subject_hierarchy : Hierarchy
        The relations over measures and over subjects.
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

    ids: Objects
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
    sources: tuple[str, ...]
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
        names = ["" if c.source is None else c.source.name for c in claims]
        source, sources = codes(names)
        if "" in sources:
            blank = sources.index("")
            source = np.where(source == blank, -1, source - (source > blank))
            sources = tuple(s for s in sources if s)
        return cls(
            ids=np.array([c.id for c in claims], dtype=np.object_).reshape(n),
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
            measure_hierarchy=claimset.measure_hierarchy,
            subject_hierarchy=claimset.subject_hierarchy,
            family_units=claimset.family_units,
        )

    @property
    def n(self) -> int:
        """The number of claims."""
        return int(self.ids.shape[0])

    def take(self, order: Ints) -> ClaimColumns:
        """Return the claims at the given indices, in that order."""
        return attrs.evolve(self, **{name: getattr(self, name)[order] for name in _ARRAYS})

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
        return None if code < 0 else self.sources[code]

    def check_names(self, measure: str, subject: str) -> None:
        """Raise UnknownIdError unless a query's names are known (as :meth:`ClaimSet.check_names`).

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
