"""The hidden true worlds behind ``claimkit.strategies.claim_sets`` (internal).

A world is one measure family and one subject family, each split in two parts by a
:class:`~claimkit.claims.relations.Sum` or not, counted over one to three consecutive
periods, with a true whole count for each leaf series in each period. Claims about it
contain the truth; with ``consistent=False``, anchor claims bound one quantity and one
claim is pushed outside those bounds. Imported only by :mod:`claimkit.strategies`.
"""

from __future__ import annotations

import datetime
import math

import attrs
from hypothesis import strategies as st

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.relations import Sum
from claimkit.claims.source import Source
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import get_registry

__all__ = ["MAX_SEGMENTS", "PUSHED_NOTE", "TIME_UNITS", "claim_sets_from"]

#: The note of the claim that ``claim_sets(consistent=False)`` pushes out of the values
#: that the other claims allow.
PUSHED_NOTE = "pushed outside every value the other claims allow"
#: The time units of generated rates.
TIME_UNITS = ("week", "day", "month", "year")

# The hidden world: one measure family and one subject family, each split in two parts
# or not, counted over one to three consecutive periods.
_MEASURE_TOTAL, _MEASURE_PARTS = "casualties", ("killed", "wounded")
_SUBJECT_TOTAL, _SUBJECT_PARTS = "all", ("north", "south")
MAX_SEGMENTS = 3
_MAX_COUNT = 10**6  # the largest true count of one leaf series over one period
# Claims the engine cannot tell from the truth: strict ends and pushed claims keep
# this relative distance (and at least 1) from the values they exclude, far above
# the engine's tolerances (1e-8 of a claim's size).
_CLEARANCE = 10**6


def _clearance(size: int) -> int:
    return 1 + size // _CLEARANCE


@attrs.frozen
class _World:
    """The hidden truth behind a drawn claim set."""

    measures: dict[str, tuple[str, ...]]  # each measure name -> its leaf measures
    subjects: dict[str, tuple[str, ...]]  # each subject name -> its leaf subjects
    dates: tuple[datetime.date, ...]  # the boundaries of the consecutive periods
    truth: dict[tuple[str, str, int], int]  # (leaf measure, leaf subject, period) -> count
    unit: str
    relations: tuple[Sum, ...]

    def true_total(self, measure: str, subject: str, first: int, stop: int) -> int:
        return sum(
            self.truth[leaf, part, k]
            for leaf in self.measures[measure]
            for part in self.subjects[subject]
            for k in range(first, stop)
        )

    def period(self, first: int, stop: int) -> Period:
        return Period(self.dates[first], self.dates[stop])


@st.composite
def _worlds(draw: st.DrawFn, *, unit: str, spans: list[st.SearchStrategy[Period]]) -> _World:
    split_measures = draw(st.booleans())
    split_subjects = draw(st.booleans())
    segments = draw(st.integers(min_value=1, max_value=MAX_SEGMENTS))
    span = draw(spans[segments - 1])
    cuts = draw(
        st.lists(
            st.integers(min_value=1, max_value=span.days - 1),
            min_size=segments - 1,
            max_size=segments - 1,
            unique=True,
        )
        if segments > 1
        else st.just([])
    )
    days = [0, *sorted(cuts), span.days]
    dates = tuple(span.start + datetime.timedelta(days=d) for d in days)
    measures: dict[str, tuple[str, ...]] = {_MEASURE_TOTAL: (_MEASURE_TOTAL,)}
    subjects: dict[str, tuple[str, ...]] = {_SUBJECT_TOTAL: (_SUBJECT_TOTAL,)}
    relations = []
    if split_measures:
        measures = {_MEASURE_TOTAL: _MEASURE_PARTS} | {m: (m,) for m in _MEASURE_PARTS}
        relations.append(Sum(_MEASURE_TOTAL, _MEASURE_PARTS, over="measure"))
    if split_subjects:
        subjects = {_SUBJECT_TOTAL: _SUBJECT_PARTS} | {s: (s,) for s in _SUBJECT_PARTS}
        relations.append(Sum(_SUBJECT_TOTAL, _SUBJECT_PARTS, over="subject"))
    counts = st.integers(min_value=0, max_value=_MAX_COUNT)
    truth = {
        (leaf, part, k): draw(counts)
        for leaf in measures[_MEASURE_TOTAL]
        for part in subjects[_SUBJECT_TOTAL]
        for k in range(segments)
    }
    return _World(measures, subjects, dates, truth, unit, tuple(relations))


@st.composite
def _true_ranges(draw: st.DrawFn, truth: int, *, allow_open: bool, bounded: bool) -> Range:
    """Draw a range of counts that contains ``truth`` (whole-count ends, at least 0)."""
    below = draw(st.integers(min_value=0, max_value=truth))
    above = draw(st.integers(min_value=0, max_value=_MAX_COUNT))
    unbounded = not bounded and draw(st.integers(min_value=0, max_value=3)) == 3
    lo_open = allow_open and draw(st.booleans()) and below >= _clearance(truth)
    hi_open = allow_open and draw(st.booleans()) and above >= _clearance(truth + above)
    lo, hi = truth - below, math.inf if unbounded else truth + above
    if lo == hi:
        return Range.exact(lo)
    return Range(lo, hi, lo_open=lo_open, hi_open=hi_open)


def _as_value(counts: Range, world: _World, first: int, stop: int, per: str | None) -> Range:
    """Give a range of counts the world's unit, or make it an average rate per ``per``."""
    value = Range(counts.lo, counts.hi, world.unit, lo_open=counts.lo_open, hi_open=counts.hi_open)
    if per is None:
        return value
    days = get_registry().Quantity(float(world.period(first, stop).days), "day")
    return (value / days).to(f"{world.unit} / {per}")


@attrs.frozen
class _Draft:
    """A claim before it has an id and a source."""

    measure: str
    subject: str
    first: int
    stop: int
    kind: str
    value: Range
    note: str | None = None


@st.composite
def _true_claims(
    draw: st.DrawFn, world: _World, *, kinds: tuple[str, ...], allow_open: bool
) -> _Draft:
    measure = draw(st.sampled_from(sorted(world.measures, key=_total_first)))
    subject = draw(st.sampled_from(sorted(world.subjects, key=_total_first)))
    segments = len(world.dates) - 1
    first = draw(st.integers(min_value=0, max_value=segments - 1))
    stop = draw(st.integers(min_value=first + 1, max_value=segments))
    kind = draw(st.sampled_from(kinds))
    per = draw(st.sampled_from(TIME_UNITS)) if kind == "rate" else None
    truth = world.true_total(measure, subject, first, stop)
    counts = draw(_true_ranges(truth, allow_open=allow_open, bounded=False))
    value = _as_value(counts, world, first, stop, per)
    return _Draft(measure, subject, first, stop, kind, value)


def _total_first(name: str) -> tuple[bool, str]:
    return name not in (_MEASURE_TOTAL, _SUBJECT_TOTAL), name


def _anchor_plans(world: _World) -> list[str]:
    """Return the ways to bound a quantity that this world allows, simplest first."""
    plans = ["same"]
    if len(world.measures) > 1:
        plans.append("measure-parts")
    if len(world.subjects) > 1:
        plans.append("subject-parts")
    if len(world.dates) > 2:
        plans.append("time")
    return plans


@st.composite
def _pushed_groups(
    draw: st.DrawFn, world: _World, room: int, *, kinds: tuple[str, ...], allow_open: bool
) -> list[_Draft]:
    """Draw anchor claims that bound one quantity, and a claim pushed outside the bounds."""
    plans = [p for p in _anchor_plans(world) if p == "same" or room >= 3]
    plan = draw(st.sampled_from(plans))
    segments = len(world.dates) - 1
    measure = _MEASURE_TOTAL if plan == "measure-parts" else None
    subject = _SUBJECT_TOTAL if plan == "subject-parts" else None
    measure = measure or draw(st.sampled_from(sorted(world.measures, key=_total_first)))
    subject = subject or draw(st.sampled_from(sorted(world.subjects, key=_total_first)))
    if plan == "time":
        first = draw(st.integers(min_value=0, max_value=segments - 2))
        stop = draw(st.integers(min_value=first + 2, max_value=segments))
        cut = draw(st.integers(min_value=first + 1, max_value=stop - 1))
        pieces = [(measure, subject, first, cut), (measure, subject, cut, stop)]
    else:
        first = draw(st.integers(min_value=0, max_value=segments - 1))
        stop = draw(st.integers(min_value=first + 1, max_value=segments))
        if plan == "measure-parts":
            pieces = [(m, subject, first, stop) for m in _MEASURE_PARTS]
        elif plan == "subject-parts":
            pieces = [(measure, s, first, stop) for s in _SUBJECT_PARTS]
        else:
            pieces = [(measure, subject, first, stop)]
    anchors = []
    for m, s, a, b in pieces:
        counts = draw(_true_ranges(world.true_total(m, s, a, b), allow_open=False, bounded=True))
        anchors.append(_Draft(m, s, a, b, "total", _as_value(counts, world, a, b, None)))
    # The anchors allow the quantity exactly the sums of their ends, and no more.
    low = sum(int(d.value.lo) for d in anchors)
    high = sum(int(d.value.hi) for d in anchors)
    gap = _clearance(high) + draw(st.integers(min_value=0, max_value=_MAX_COUNT))
    width = draw(st.integers(min_value=0, max_value=_MAX_COUNT))
    below = draw(st.booleans()) and low >= gap
    unbounded = not below and draw(st.integers(min_value=0, max_value=3)) == 3
    hi: float
    if below:
        lo, hi = max(0, low - gap - width), low - gap
    else:
        lo, hi = high + gap, (math.inf if unbounded else high + gap + width)
    lo_open = allow_open and draw(st.booleans())
    hi_open = allow_open and draw(st.booleans())
    counts = Range.exact(lo) if lo == hi else Range(lo, hi, lo_open=lo_open, hi_open=hi_open)
    kind = draw(st.sampled_from(kinds))
    per = draw(st.sampled_from(TIME_UNITS)) if kind == "rate" else None
    value = _as_value(counts, world, first, stop, per)
    pushed = _Draft(measure, subject, first, stop, kind, value, PUSHED_NOTE)
    return [*anchors, pushed]


@st.composite
def claim_sets_from(
    draw: st.DrawFn,
    *,
    consistent: bool,
    sizes: st.SearchStrategy[int],
    kinds: tuple[str, ...],
    unit: str,
    spans: list[st.SearchStrategy[Period]],
    allow_open: bool,
    pools: st.SearchStrategy[list[Source]],
) -> ClaimSet:
    world = draw(_worlds(unit=unit, spans=spans))
    size = draw(sizes)
    drafts: list[_Draft] = []
    if not consistent:
        drafts = draw(_pushed_groups(world, size, kinds=kinds, allow_open=allow_open))
    others = _true_claims(world, kinds=kinds, allow_open=allow_open)
    drafts += [draw(others) for _ in range(size - len(drafts))]
    drafts = draw(st.permutations(drafts))
    pool = draw(pools)
    owners = st.sampled_from([None, *pool])
    claims = [
        Claim(
            id=f"c{i}",
            measure=d.measure,
            subject=d.subject,
            period=world.period(d.first, d.stop),
            kind=d.kind,
            value=d.value,
            source=draw(owners),
            note=d.note,
        )
        for i, d in enumerate(drafts, start=1)
    ]
    return ClaimSet(claims, relations=world.relations)
