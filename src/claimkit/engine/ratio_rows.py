"""The rows of ratio claims in the linear model (internal).

A ratio claim says that its quantity ``N`` (the numerator: a measure of a subject over
``[a, b)``) divided by another, ``D`` (its ``of``, over ``[c, d)``), lies in
``[lo, hi]``. Both are totals over their spans of the claim's leaf series, so both are
differences of the model's cumulative variables, and for ``D > 0``

    ``lo <= N / D <= hi``  is  ``N - hi * D <= 0``  and  ``N - lo * D >= 0``,

two linear rows, strict where the range's ends are open. A claim on the ratio of the
average rates (``basis="rate"``) divides each total by its span's length, which
multiplies ``D``'s coefficient by ``(b - a) / (d - c)``. A ratio presupposes a
denominator above 0, so the claim has a third row, ``D > 0`` (strict): two ratio
claims about the same quantities with disjoint ranges conflict, rather than both
holding where every count is 0.

Each row's coefficients are the ends rounded outward (``hi`` up, ``lo`` down, exactly
from the value's unit: percent is a hundredth), so the rows allow every count the
claim allows. A row's terms are not all ``+1`` over the row's own dates, so the rows
carry their terms (``Rows.term_coef`` and their dates). Their
bounds (0) say nothing of the size of the counts they relate, so the rows are scaled
by their component's scale times the largest of 1 and the denominator's coefficient
(``Rows.scale_multiple``): the solver's tolerance on a
ratio row is ``1e-9`` of the largest claim its counts are tied to.

A ratio row links its numerator's and denominator's series, so the two quantities fall
in one component. :class:`RatioClaims` splits a claim set into its count claims (which
:mod:`claimkit.engine.model` turns into rows as before) and its ratio claims, makes
the ratio rows and joins them to the others.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, TypeVar

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine import matrix
from claimkit.engine.matrix import Rows
from claimkit.values._rounding import fraction_down, fraction_up
from claimkit.values.units import conversion_bounds

if TYPE_CHECKING:
    from claimkit.engine.model import ClaimInfo

__all__ = ["RatioClaims", "coefficients", "join_rows"]

Floats = NDArray[np.float64]
_T = TypeVar("_T", bound=np.generic)
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

#: A quantity of the model: (measure, subject, first day, day after the last).
QuantityKey = tuple[str, str, datetime.date, datetime.date]


def coefficients(claim: Claim) -> tuple[float, float]:
    """Return the denominator's coefficients of a ratio claim's rows, rounded outward.

    The lower end times the basis's factor rounded down, the upper end rounded up
    (``inf`` for an unbounded upper end; a lower end below 0 is 0, which says the
    same of counts).

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.engine.ratio_rows import coefficients
    >>> claim = ck.Claim(id="r", measure="killed", subject="x", period=ck.Period.month(2024, 11),
    ...                  of="wounded", value=ck.Range(30, 36, "percent"))
    >>> lo, hi = coefficients(claim)
    >>> lo <= 0.3 < 0.36 <= hi, round(hi - lo, 9)
    (True, 0.06)
    """
    assert claim.of is not None
    assert claim.of.period is not None
    value = claim.value
    f_lo, f_hi = conversion_bounds(value.unit, "dimensionless")
    g = Fraction(1)
    if claim.basis == "rate":
        g = Fraction(claim.period.days, claim.of.period.days)
    lo = 0.0 if value.lo <= 0.0 else fraction_down(Fraction(value.lo) * f_lo * g)
    hi = math.inf if math.isinf(value.hi) else fraction_up(Fraction(value.hi) * f_hi * g)
    return lo, max(hi, 0.0)


def join_rows(first: matrix.Rows, second: matrix.Rows) -> matrix.Rows:
    """Return the rows of ``first`` followed by those of ``second``, terms made explicit."""

    def terms(rows: matrix.Rows) -> tuple[Floats, Ints, Ints, Floats, Bools]:
        counts = np.diff(rows.series_ptr)
        coef = rows.term_coef if rows.term_coef is not None else np.ones(int(counts.sum()))
        start, end = rows.term_dates()
        multiple = (
            rows.scale_multiple if rows.scale_multiple is not None else np.full(rows.n, np.nan)
        )
        positive = rows.positive if rows.positive is not None else np.zeros(rows.n, np.bool_)
        return coef.astype(np.float64), start, end, multiple, positive

    a, b = terms(first), terms(second)
    return Rows(
        claim=np.concatenate([first.claim, second.claim]),
        start=np.concatenate([first.start, second.start]),
        end=np.concatenate([first.end, second.end]),
        lo=np.concatenate([first.lo, second.lo]),
        hi=np.concatenate([first.hi, second.hi]),
        lo_open=np.concatenate([first.lo_open, second.lo_open]),
        hi_open=np.concatenate([first.hi_open, second.hi_open]),
        series_ptr=np.concatenate([first.series_ptr, second.series_ptr[1:] + first.series_ptr[-1]]),
        series_idx=np.concatenate([first.series_idx, second.series_idx]),
        term_coef=np.concatenate([a[0], b[0]]),
        term_start=np.concatenate([a[1], b[1]]),
        term_end=np.concatenate([a[2], b[2]]),
        scale_multiple=np.concatenate([a[3], b[3]]),
        positive=np.concatenate([a[4], b[4]]),
    )


#: A quantity in a row: its series (builder's ids), first day and day after the last.
_Term = tuple[tuple[int, ...], datetime.date, datetime.date]


class _RowLists:
    """The ratio claims' rows as plain lists, packed into :class:`Rows` at the end."""

    def __init__(self) -> None:
        self.per_row: dict[str, list[float]] = {
            k: [] for k in ("claim", "start", "end", "lo", "hi", "lo_open", "hi_open")
        }
        self.multiple: list[float] = []
        self.positive: list[bool] = []
        self.counts: list[int] = []
        self.series: list[int] = []
        self.coef: list[float] = []
        self.t_start: list[int] = []
        self.t_end: list[int] = []

    def add(
        self,
        claim: int,
        terms: tuple[_Term, ...],
        ratio: float,
        bounds: tuple[float, float],
        opens: tuple[bool, bool],
    ) -> None:
        """Add ``N - ratio * D`` (two terms) or, with one term and no ratio, ``D > 0``."""
        first = terms[0]
        values = (claim, first[1].toordinal(), first[2].toordinal(), *bounds, *opens)
        for key, value in zip(self.per_row, values, strict=True):
            self.per_row[key].append(value)
        positive = len(terms) == 1
        self.positive.append(positive)
        self.multiple.append(math.nan if positive else max(1.0, ratio))
        self.counts.append(sum(len(series) for series, _, _ in terms))
        for k, (series, a, b) in enumerate(terms):
            coef = 1.0 if k == 0 else -ratio
            self.series.extend(series)
            self.coef.extend([coef] * len(series))
            self.t_start.extend([a.toordinal()] * len(series))
            self.t_end.extend([b.toordinal()] * len(series))

    def rows(self) -> matrix.Rows:
        ptr = np.zeros(len(self.counts) + 1, dtype=np.int64)
        np.cumsum(np.asarray(self.counts, dtype=np.int64), out=ptr[1:])
        lists = self.per_row
        ints, floats, bools = np.int64, np.float64, np.bool_
        return Rows(
            claim=np.asarray(lists["claim"], dtype=ints),
            start=np.asarray(lists["start"], dtype=ints),
            end=np.asarray(lists["end"], dtype=ints),
            lo=np.asarray(lists["lo"], dtype=floats),
            hi=np.asarray(lists["hi"], dtype=floats),
            lo_open=np.asarray(lists["lo_open"], dtype=bools),
            hi_open=np.asarray(lists["hi_open"], dtype=bools),
            series_ptr=ptr,
            series_idx=np.asarray(self.series, dtype=ints),
            term_coef=np.asarray(self.coef, dtype=floats),
            term_start=np.asarray(self.t_start, dtype=ints),
            term_end=np.asarray(self.t_end, dtype=ints),
            scale_multiple=np.asarray(self.multiple, dtype=floats),
            positive=np.asarray(self.positive, dtype=bools),
        )


class RatioClaims:
    """The ratio claims of a claim set, and how they enter its model (internal).

    ``counts`` and ``ratios`` are the positions, in the claim set, of its count
    claims and of its ratio claims.
    """

    def __init__(self, claimset: ClaimSet) -> None:
        claims = claimset.claims
        self.n = len(claims)
        is_ratio = np.fromiter((c.kind == "ratio" for c in claims), np.bool_, self.n)
        self.is_ratio: Bools = is_ratio
        self.counts: Ints = np.flatnonzero(~is_ratio).astype(np.int64)
        self.ratios: Ints = np.flatnonzero(is_ratio).astype(np.int64)
        self.claims: tuple[Claim, ...] = tuple(claims[i] for i in self.ratios.tolist())
        self.ids: tuple[str, ...] = claimset.ids

    @classmethod
    def of(cls, claims: object) -> RatioClaims | None:
        """Return the ratio claims of a claim set, or None if it has none."""
        if not isinstance(claims, ClaimSet) or not any(c.kind == "ratio" for c in claims):
            return None
        return cls(claims)

    def quantities(self) -> list[QuantityKey]:
        """Return every numerator and denominator, so that the model splits their names."""
        out: list[QuantityKey] = []
        for claim in self.claims:
            of = claim.of
            assert of is not None
            assert of.subject is not None
            assert of.period is not None
            out.append((claim.measure, claim.subject, claim.period.start, claim.period.end))
            out.append((of.measure, of.subject, of.period.start, of.period.end))
        return out

    def rows(self, series_of: Callable[[str, str], tuple[int, ...]]) -> matrix.Rows:
        """Return the ratio claims' rows (claims by their position in the claim set)."""
        out = _RowLists()
        for k, c in zip(self.ratios.tolist(), self.claims, strict=True):
            of = c.of
            assert of is not None
            assert of.subject is not None
            assert of.period is not None
            num = (series_of(c.measure, c.subject), c.period.start, c.period.end)
            den = (series_of(of.measure, of.subject), of.period.start, of.period.end)
            r_lo, r_hi = coefficients(c)
            value = c.value
            if math.isfinite(r_hi):  # N - hi D <= 0
                out.add(k, (num, den), r_hi, (-math.inf, 0.0), (False, value.hi_open))
            if r_lo > 0.0 or (value.lo == 0.0 and value.lo_open):  # N - lo D >= 0 (> 0)
                out.add(k, (num, den), r_lo, (0.0, math.inf), (value.lo_open, False))
            out.add(k, (den,), math.nan, (0.0, math.inf), (False, False))  # D > 0
        return out.rows()

    def join(
        self,
        rows: matrix.Rows,
        info: ClaimInfo,
        series_of: Callable[[str, str], tuple[int, ...]],
        family_of: Callable[[str], str],
    ) -> tuple[matrix.Rows, ClaimInfo]:
        """Return the count claims' rows and facts joined with the ratio claims'.

        ``rows`` and ``info`` are the model's of the count claims alone (claims
        numbered among them); the result numbers every claim by its position in the
        claim set. A ratio claim has no rows over a quantity of its own, so its
        ``n_rows`` in the facts is 0, and the local findings leave it out; its
        series and span are its numerator's.
        """
        counts = self.counts
        ratio_rows = self.rows(series_of)
        joined = join_rows(attrs.evolve(rows, claim=counts[rows.claim]), ratio_rows)
        n = self.n
        sets = list(info.sets)
        set_index = {s: k for k, s in enumerate(sets)}
        ratio_set = []
        for c in self.claims:
            found = series_of(c.measure, c.subject)
            if found not in set_index:
                set_index[found] = len(sets)
                sets.append(found)
            ratio_set.append(set_index[found])
        spans = [(c.period.start.toordinal(), c.period.end.toordinal()) for c in self.claims]

        def spread(array: NDArray[_T], fill: Sequence[object] | object) -> NDArray[_T]:
            out = np.empty(n, dtype=array.dtype)
            out[counts] = array
            out[self.ratios] = fill
            return out

        m = len(self.claims)
        joined_info = attrs.evolve(
            info,
            family=spread(info.family, [family_of(c.measure) for c in self.claims]),
            pair_id=spread(info.pair_id, -1),
            set_id=spread(info.set_id, ratio_set),
            sets=tuple(sets),
            is_rate=spread(info.is_rate, False),
            span_start=spread(info.span_start, [s for s, _ in spans]),
            span_end=spread(info.span_end, [e for _, e in spans]),
            total_lo=spread(info.total_lo, 0.0),
            total_hi=spread(info.total_hi, math.inf),
            lo_open=spread(info.lo_open, False),
            hi_open=spread(info.hi_open, True),
            factor=spread(info.factor, 1.0),
            quantity=spread(info.quantity, -1),
            n_rows=spread(info.n_rows, np.zeros(m, dtype=np.int64)),
            is_ratio=self.is_ratio,
        )
        return joined, joined_info
