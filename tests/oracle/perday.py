"""A per-day LP oracle for claim sets, independent of ``claimkit.engine``.

The model
---------
Every *leaf series* (a leaf measure of a leaf subject, after expanding the ``Sum``
relations) has one non-negative variable per day: the count on that day, in
persons. Every claim becomes one or more rows ``lo <= sum of daily counts <= hi``:

* a total over ``[a, b)``: the sum over its leaf series and its days;
* a rate read on average: the same sum, bounded by the rate times the period's
  duration in the rate's time unit (days * 86400 s / seconds per unit, exactly);
* a rate read on "each" window: one row per whole window of its time unit (a whole
  number of days) inside the period, counted from the period's start; the days
  left over are in no row.

Units are converted with the exact table below (pint's definitions: ``year`` is
365.25 days, ``month`` a twelfth of it), in :class:`fractions.Fraction`.

Scaling
-------
Row ``i`` is divided by ``sigma_i = max(size_i, 1e-6 * S)``, where ``size_i`` is the
largest finite end of the row and ``S`` the largest row size of the connected group
of claims (claims sharing a leaf series) it belongs to: claimkit promises to hold a
claim to 1e-9 of its own size, or to 1e-15 of ``S`` for claims smaller than a
millionth of it. ``S`` is that of all the oracle's claims also when only some of them
are decided, as claimkit decides a conflict set in the scales of the whole check.
Variable ``j`` is measured in units of the smallest ``sigma`` of the rows it appears
in, so every coefficient is between 1e-6 and 1.

Verdicts and tolerances
-----------------------
claimkit counts a claim as met when missed by less than ``ENGINE_TOLERANCE`` (1e-9)
of its size and honours a strict end with a clearance of ``CLEARANCE`` (1e-8) of its
size. The oracle solves two LPs, with all slacks relative to ``sigma_i``:

* ``infeasibility``: the least ``e >= 0`` such that every end, after moving each
  strict end inward by ``CLEARANCE`` of its row's own size, is missed by at most
  ``e * sigma_i``. A solution that claimkit accepts has ``e <= ENGINE_TOLERANCE``,
  so ``e > INFEASIBLE_ABOVE`` (3e-9, leaving 2e-9 for the two solvers' rounding)
  proves that claimkit must report a conflict.
* ``clearance``: the largest common ``t`` such that every strict end is cleared by
  ``t * sigma_i`` while every closed end holds exactly. ``t >= CERTAIN_CLEARANCE``
  (1e-6, a hundred times claimkit's clearance, and ``sigma_i`` is at least the row's
  own size) proves that claimkit must report the set consistent.

Between the two the set is *undecided*: it holds or fails by less than the
tolerances claimkit documents, and either verdict is right.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix
from tests.oracle.ratios import ratio_rows, settle

ENGINE_TOLERANCE = 1e-9
CLEARANCE = 1e-8
INFEASIBLE_ABOVE = 3e-9
CERTAIN_CLEARANCE = 1e-6
SMALL_CLAIM_FLOOR = 1e-6

COUNT_UNITS: dict[str, Fraction] = {
    "person": Fraction(1),
    "kiloperson": Fraction(1000),
    "megaperson": Fraction(10**6),
}
_DAY = Fraction(86400)
_YEAR = Fraction(36525, 100) * _DAY
TIME_UNITS: dict[str, Fraction] = {
    "second": Fraction(1),
    "minute": Fraction(60),
    "hour": Fraction(3600),
    "day": _DAY,
    "week": 7 * _DAY,
    "fortnight": 14 * _DAY,
    "month": _YEAR / 12,
    "year": _YEAR,
}
_HIGHS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}

Cell = tuple[str, str, int]


class OracleError(ValueError):
    """The oracle cannot read a claim (a unit outside its table, a bad reading)."""


def unit_factors(unit: str) -> tuple[Fraction, Fraction | None]:
    """Return (persons per count unit, seconds per time unit or None for a count).

    >>> unit_factors("kiloperson / week")
    (Fraction(1000, 1), Fraction(604800, 1))
    >>> unit_factors("person")
    (Fraction(1, 1), None)
    """
    count, slash, time = (part.strip() for part in unit.partition("/"))
    if count not in COUNT_UNITS or (slash and time not in TIME_UNITS):
        raise OracleError(f"unit {unit!r} is not in the oracle's table")
    return COUNT_UNITS[count], (TIME_UNITS[time] if slash else None)


def _exact(x: float, factor: Fraction) -> float:
    """``x * factor`` rounded once to the nearest float (infinities kept)."""
    return x if math.isinf(x) else float(Fraction(x) * factor)


@dataclass(frozen=True)
class Row:
    """``lo <= sum of the counts in cells <= hi``, from one claim."""

    claim: str
    cells: tuple[Cell, ...]
    lo: float
    hi: float
    lo_open: bool
    hi_open: bool
    # A ratio claim's rows (tests/oracle/ratios.py): each cell's coefficient, the
    # sigma as a multiple of the group's largest claim, and the denominator's row.
    coefs: tuple[float, ...] | None = None
    multiple: float | None = None
    positive: bool = False

    @property
    def size(self) -> float:
        finite = [abs(v) for v in (self.lo, self.hi) if math.isfinite(v)]
        return max(finite, default=0.0)


@dataclass(frozen=True)
class _Scaled:
    """Rows divided by their sigma; column ``j`` in units of ``scale[j]`` persons."""

    matrix: csr_matrix
    sigmas: list[float]
    column: dict[Cell, int]
    scale: list[float]


@dataclass(frozen=True)
class Verdict:
    """The oracle's answer on a claim set (see the module docstring).

    ``clearance`` is ``-inf`` when it was not computed because ``infeasibility``
    already proves a conflict, or when the closed ends cannot all hold.
    """

    infeasibility: float
    clearance: float

    @property
    def status(self) -> str:
        """``"infeasible"``, ``"feasible"`` or ``"undecided"``."""
        if self.infeasibility > INFEASIBLE_ABOVE:
            return "infeasible"
        if self.clearance >= CERTAIN_CLEARANCE:
            return "feasible"
        return "undecided"


def _solve(c: np.ndarray, a: np.ndarray | None, rhs: np.ndarray, bounds: Any) -> Any:
    """``linprog`` with HiGHS; an "infeasible" from presolve is checked without it.

    With tight tolerances HiGHS's presolve can call an unbounded problem infeasible
    (seen on a set of claims from 1 to 1e10 people); solving again without presolve
    gives the true status.
    """
    b_ub = None if a is None else rhs
    result = linprog(c, A_ub=a, b_ub=b_ub, bounds=bounds, method="highs", options=_HIGHS)
    if result.status == 2:
        options = {**_HIGHS, "presolve": False}
        result = linprog(c, A_ub=a, b_ub=b_ub, bounds=bounds, method="highs", options=options)
    return result


def _days(start: date, end: date) -> list[int]:
    return list(range(start.toordinal(), end.toordinal()))


def groups(rows: Sequence[Row]) -> dict[Any, Any]:
    """The group of each row ``("row", i)`` and of each leaf series ``(measure,
    subject)`` that a row mentions: one representative per group of rows sharing
    leaf series."""
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, row in enumerate(rows):
        find(("row", i))
        for m, s, _ in row.cells:
            parent[find(("row", i))] = find((m, s))
    return {x: find(x) for x in list(parent)}


def group_largest(rows: Sequence[Row]) -> list[float]:
    """The largest size among the rows of each row's group (rows sharing a leaf series)."""
    group = groups(rows)
    largest: dict[Any, float] = {}
    for i, row in enumerate(rows):
        root = group[("row", i)]
        largest[root] = max(largest.get(root, 0.0), row.size)
    return [largest[group[("row", i)]] for i in range(len(rows))]


class Oracle:
    """The per-day model of some claims and ``Sum`` relations.

    Parameters
    ----------
    claims : iterable of Claim
        Read through ``id``, ``measure``, ``subject``, ``period``, ``kind``,
        ``reading`` and ``value`` only.
    relations : iterable of Sum
        Read through ``total``, ``parts`` and ``over`` only.
    """

    def __init__(self, claims: Iterable[Any], relations: Iterable[Any] = ()) -> None:
        self.claims = tuple(claims)
        self.relations = tuple(relations)
        self._children: dict[str, dict[str, tuple[str, ...]]] = {"measure": {}, "subject": {}}
        for relation in self.relations:
            self._children[relation.over][relation.total] = tuple(relation.parts)
        self.rows = settle([row for claim in self.claims for row in self._claim_rows(claim)])
        self._bounds: dict[tuple[str, str, date, date], tuple[float, float]] = {}
        self._closed: tuple[_Scaled, Any, Any, Any, Any] | None = None

    # -- reading claims -------------------------------------------------------------

    def leaves(self, name: str, over: str) -> tuple[str, ...]:
        """The leaf names that ``name`` is the sum of (itself when not split)."""
        parts = self._children[over].get(name)
        if parts is None:
            return (name,)
        return tuple(leaf for part in parts for leaf in self.leaves(part, over))

    def cells(self, measure: str, subject: str, days: Sequence[int]) -> tuple[Cell, ...]:
        """The (leaf measure, leaf subject, day) cells whose sum a quantity is."""
        return tuple(
            (m, s, d)
            for m in self.leaves(measure, "measure")
            for s in self.leaves(subject, "subject")
            for d in days
        )

    def _claim_rows(self, claim: Any) -> list[Row]:
        if claim.kind == "ratio":
            return ratio_rows(self, claim)
        value = claim.value
        count, seconds = unit_factors(value.unit)
        start, end = claim.period.start, claim.period.end
        if claim.kind == "total":
            if seconds is not None:
                raise OracleError(f"claim {claim.id!r}: a total in {value.unit!r}")
            spans = [(start, end, count)]
        elif claim.kind == "rate" and seconds is not None and claim.reading == "average":
            duration = (end - start).days * _DAY / seconds
            spans = [(start, end, count * duration)]
        elif claim.kind == "rate" and seconds is not None and claim.reading == "each":
            window = seconds / _DAY
            if window.denominator != 1:
                raise OracleError(f"claim {claim.id!r}: 'each' {value.unit!r}")
            width = timedelta(days=int(window))
            n = (end - start) // width
            spans = [(start + k * width, start + (k + 1) * width, count) for k in range(n)]
        else:
            raise OracleError(f"claim {claim.id!r}: kind {claim.kind!r} / {value.unit!r}")
        return [
            Row(
                claim=claim.id,
                cells=self.cells(claim.measure, claim.subject, _days(a, b)),
                lo=_exact(value.lo, factor),
                hi=_exact(value.hi, factor),
                lo_open=value.lo_open,
                hi_open=value.hi_open,
            )
            for a, b, factor in spans
        ]

    # -- scaling --------------------------------------------------------------------

    def _sigmas(self, rows: Sequence[Row]) -> list[float]:
        """Each row's scale: its size, at least a millionth of its group's largest.

        The group is that of all the oracle's claims, also when only some of them are
        decided: claimkit decides a conflict set in the scales of the whole check
        (a claim below a millionth of the largest claim it is tied to is held to a
        millionth of that claim, in a conflict set too).
        """
        whole = dict(zip(map(id, self.rows), group_largest(self.rows), strict=True))
        if all(id(row) in whole for row in rows):
            tops = [whole[id(row)] for row in rows]
        else:
            tops = group_largest(rows)
        sigmas = []
        for row, top in zip(rows, tops, strict=True):
            sigma = max(row.size, SMALL_CLAIM_FLOOR * top)
            if row.multiple is not None:  # a ratio row: a multiple of the group's largest
                sigma = row.multiple * (top if top > 0 else 1.0)
            if row.positive:  # D >= a millionth of the largest: held to the largest's scale
                sigma = top if top > 0 else 1.0
            sigmas.append(sigma if sigma > 0 else 1.0)
        return sigmas

    def _matrix(self, rows: Sequence[Row]) -> _Scaled:
        """Rows scaled by sigma, columns by the smallest sigma of their rows."""
        sigmas = self._sigmas(rows)
        column: dict[Cell, int] = {}
        scale: list[float] = []
        for row, sigma in zip(rows, sigmas, strict=True):
            for cell in row.cells:
                if cell not in column:
                    column[cell] = len(scale)
                    scale.append(sigma)
                scale[column[cell]] = min(scale[column[cell]], sigma)
        data, indices, indptr = [], [], [0]
        for row, sigma in zip(rows, sigmas, strict=True):
            for k, cell in enumerate(row.cells):
                coef = 1.0 if row.coefs is None else row.coefs[k]
                data.append(coef * scale[column[cell]] / sigma)
                indices.append(column[cell])
            indptr.append(len(data))
        matrix = csr_matrix((data, indices, indptr), shape=(len(rows), len(scale)))
        return _Scaled(matrix=matrix, sigmas=sigmas, column=column, scale=scale)

    # -- the two feasibility LPs ------------------------------------------------------

    def verdict(self, ids: Iterable[str] | None = None) -> Verdict:
        """Decide the claims with these ids (all by default)."""
        rows = self._select(ids)
        if not rows:
            return Verdict(infeasibility=0.0, clearance=1.0)
        infeasibility = self._slack_lp(rows, minimise=True)
        if infeasibility > INFEASIBLE_ABOVE:
            return Verdict(infeasibility=infeasibility, clearance=-math.inf)
        return Verdict(infeasibility=infeasibility, clearance=self._slack_lp(rows, minimise=False))

    def _select(self, ids: Iterable[str] | None) -> list[Row]:
        if ids is None:
            return list(self.rows)
        wanted = set(ids)
        return [row for row in self.rows if row.claim in wanted]

    def _slack_lp(self, rows: Sequence[Row], *, minimise: bool) -> float:
        """Optimise one slack ``v`` shared by the rows' ends (variables: counts, v).

        ``minimise=True``: the least ``v >= 0`` such that every end is missed by at
        most ``v`` sigma, after strict ends are moved inward by ``CLEARANCE`` of their
        row's own size. ``minimise=False``: the largest ``v`` (at most 1) such that
        closed ends hold and strict ends are cleared by ``v`` sigma. Returns ``v``,
        or ``inf`` / ``-inf`` when the LP has no solution.
        """
        scaled, a, rhs, strict, own = self._ends(rows)
        if a is None:
            return 0.0 if minimise else 1.0
        if minimise:
            column = -np.ones(len(rhs))
            rhs = rhs - CLEARANCE * own
        else:
            column = strict.astype(float)
        a_ub = np.hstack([a, column[:, None]])
        n = len(scaled.scale)
        c = np.zeros(n + 1)
        c[-1] = 1.0 if minimise else -1.0
        last = (0.0, None) if minimise else (-1.0, 1.0)
        bounds = [(0.0, None)] * n + [last]
        result = _solve(c, a_ub, rhs, bounds)
        if result.status == 2:
            return math.inf if minimise else -math.inf
        if result.status != 0:
            raise RuntimeError(f"linprog: {result.message}")
        return float(result.x[-1])

    def _ends(
        self, rows: Sequence[Row]
    ) -> tuple[_Scaled, np.ndarray | None, np.ndarray, np.ndarray, np.ndarray]:
        """Every finite end as ``a.y <= rhs`` (scaled), whether it is strict, and
        for a strict end its row's own size in units of its sigma (0 if closed)."""
        scaled = self._matrix(rows)
        matrix, sigmas = scaled.matrix, scaled.sigmas
        index, sign, rhs, strict, own = [], [], [], [], []
        for i, (row, sigma) in enumerate(zip(rows, sigmas, strict=True)):
            ends = ((row.lo, row.lo_open, -1.0), (row.hi, row.hi_open, 1.0))
            for end, is_open, direction in ends:
                if math.isfinite(end):
                    index.append(i)
                    sign.append(direction)
                    rhs.append(direction * end / sigma)
                    strict.append(is_open)
                    size = sigma if row.multiple is not None else row.size
                    own.append(size / sigma if is_open else 0.0)
        if not index:
            return scaled, None, np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0)
        a = matrix[index].toarray() * np.array(sign)[:, None]
        return scaled, a, np.array(rhs), np.array(strict, dtype=bool), np.array(own)

    # -- bounds ---------------------------------------------------------------------

    def bounds(self, measure: str, subject: str, start: date, end: date) -> tuple[float, float]:
        """Smallest and largest total of a quantity over ``[start, end)``, in persons.

        Strict ends are read as closed. A day of a leaf series that no claim
        mentions is free: it adds 0 to the smallest total and makes the largest
        unbounded. Raises ``RuntimeError`` if the closed model has no solution.
        """
        key = (measure, subject, start, end)
        if key not in self._bounds:
            self._bounds[key] = self._solve_bounds(self.cells(measure, subject, _days(start, end)))
        return self._bounds[key]

    def _solve_bounds(self, target: Sequence[Cell]) -> tuple[float, float]:
        """The optima of the cells' sum, group by group (a group's columns have costs
        near 1 in its own scale: over all groups at once, a free column of a group
        1e10 times smaller than another would cost less than HiGHS keeps)."""
        if self._closed is None:
            self._closed = self._ends(self.rows)
        scaled, a, rhs, _, _ = self._closed
        group = groups(self.rows)
        parts: dict[Any, list[int]] = {}
        for cell in target:
            if cell in scaled.column:
                parts.setdefault(group[cell[:2]], []).append(scaled.column[cell])
        if not parts:
            return 0.0, (math.inf if target else 0.0)
        low, high = 0.0, 0.0
        for inside in parts.values():
            part_low, part_high = self._optima(scaled, a, rhs, inside)
            low, high = low + part_low, high + part_high
        if sum(len(inside) for inside in parts.values()) < len(target):
            high = math.inf  # a day no claim mentions is free
        return low, high

    @staticmethod
    def _optima(scaled: _Scaled, a: Any, rhs: Any, inside: Sequence[int]) -> tuple[float, float]:
        """The smallest and largest sum of the columns ``inside``, in persons."""
        objective_scale = max(scaled.scale[j] for j in inside)
        c = np.zeros(len(scaled.scale))
        for j in inside:
            c[j] += scaled.scale[j] / objective_scale
        found = []
        for direction in (1.0, -1.0):
            result = _solve(direction * c, a, rhs, (0.0, None))
            if result.status == 3:
                found.append(math.inf)
            elif result.status == 0:
                found.append(float(result.fun) * direction * objective_scale)
            else:
                raise RuntimeError(f"linprog: {result.message}")
        return found[0], found[1]

    def group_size(self, measure: str, subject: str) -> float:
        """The largest row size among claims sharing a leaf series with a quantity."""
        leaves = {(m, s) for m, s, _ in self.cells(measure, subject, [0])}
        touching = {row.claim for row in self.rows if {(m, s) for m, s, _ in row.cells} & leaves}
        grown = True
        while grown:
            series = {(m, s) for row in self.rows if row.claim in touching for m, s, _ in row.cells}
            more = {row.claim for row in self.rows if {(m, s) for m, s, _ in row.cells} & series}
            grown = bool(more - touching)
            touching |= more
        return max((row.size for row in self.rows if row.claim in touching), default=0.0)
