"""``check()`` against an independent per-day LP oracle (``tests/oracle``).

Claim sets are drawn from a hidden world of daily counts for four leaf series
(killed and wounded, of russia and ukraine), each series at its own magnitude, so
that one set mixes claims from 1e-3 to 1e12 people. Claims are totals, average rates
and rates on "each" window, in person, kiloperson or megaperson, over any span of a
few weeks, about leaf or summed measures and subjects (``Sum`` relations over both),
with closed, strict and unbounded ends. Most contain the truth; some are moved off it
(by a factor, or by a hair), and strict ends may sit exactly on it, so the sets are
consistent, inconsistent, or touching.

What is compared (the oracle's tolerances are in its module docstring):

* the verdict, where the oracle decides it (``feasible`` or ``infeasible``: the set
  holds or fails by more than the tolerances claimkit documents);
* every conflict finding names claims that the oracle does not find feasible, and
  every conflict set is irreducible: without any one of its claims the oracle does
  not find it infeasible;
* a consistent report holds no empty bound, and each exact bound (and one
  ``implied`` query) equals the oracle's LP optimum to ``BOUND_REL`` (1e-7) of the
  larger of the bound and the largest claim tied to it: claimkit holds each claim to
  1e-9 of its own size, so an optimum that is a difference of large claims can move
  by about 1e-9 of the largest one; 1e-7 leaves a factor of 100 for the ``+-1``
  weights by which a bound depends on a few claims. Propagated bounds contain it.

Each comparison with bounds costs about 20 small LPs, so the first test runs
``BOUNDS_FACTOR`` times the profile's ``max_examples`` and the second (verdict and
conflict findings only) ``VERDICT_FACTOR`` times: 300 examples in all under the
default profile. A long profile (at least ``LONG_PROFILE`` examples a property, as
``ci-long``'s 2,000) runs ``LONG_FACTORS`` times its count instead: 20,000 in all.
The sets on which the oracle once caught claimkit out (``tests/oracle/known.py``)
run first, as explicit examples.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Literal

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import claimkit as ck

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.oracle import Oracle, unit_factors
from tests.oracle.known import KNOWN, Case

BOUNDS_FACTOR = 2
VERDICT_FACTOR = 4
LONG_PROFILE = 1000
LONG_FACTORS = (3, 7)
BOUND_REL = 1e-7
START = date(2024, 1, 1)
LEAF_MEASURES = ("killed", "wounded")
LEAF_SUBJECTS = ("russia", "ukraine")
COUNT_UNITS = ("person", "kiloperson", "megaperson")
TIME_UNITS = ("second", "minute", "hour", "day", "week", "fortnight", "month", "year")
WINDOW_UNITS = {"day": 1, "week": 7, "fortnight": 14}
LIES = (0.5, 2.0, 10.0, 1 - 1e-3, 1 + 1e-3, 1 - 1e-6, 1 + 1e-6)
AVERAGE: Literal["average", "each"] = "average"
EACH: Literal["average", "each"] = "each"
DAILY = (0.0, 0.5, 1.0, 3.0)
SHAPES = ("exact", "closed", "at_least", "at_most", "more_than", "less_than", "open")
World = dict[tuple[str, str], list[float]]


def _leaves(name: str) -> tuple[str, ...]:
    return {"casualties": LEAF_MEASURES, "both": LEAF_SUBJECTS}.get(name, (name,))


def _truth(world: World, measure: str, subject: str, a: int, b: int) -> float:
    return sum(sum(world[(m, s)][a:b]) for m in _leaves(measure) for s in _leaves(subject))


def _period(a: int, b: int) -> ck.Period:
    return ck.Period(START + timedelta(days=a), START + timedelta(days=b))


@st.composite
def _range(draw: st.DrawFn, low: float, high: float, unit: str, lying: int) -> ck.Range:
    """A range in ``unit`` around the truth [low, high] (given in that unit).

    With ``lying`` from 0 to 3, the range is moved off the truth with odds lying/4.
    """
    if draw(st.integers(0, 3)) < lying:
        lie = draw(st.sampled_from(LIES))
        low, high = low * lie, high * lie
    shape = draw(st.sampled_from(SHAPES))
    widen = st.sampled_from((0.0, 0.0, 0.01, 0.1, 0.5))
    lo, hi = low * (1 - draw(widen)), high * (1 + draw(widen))
    if shape == "exact" or lo == hi:
        return ck.Range(lo, hi, unit) if shape != "exact" else ck.Range.exact(low, unit)
    if shape == "at_least":
        return ck.Range.at_least(lo, unit)
    if shape == "at_most":
        return ck.Range.at_most(hi, unit)
    if shape == "more_than":
        return ck.Range.more_than(lo, unit)
    if shape == "less_than":
        return ck.Range(0, hi, unit, hi_open=hi > 0)
    if shape == "open":
        return ck.Range(lo, hi, unit, lo_open=True, hi_open=True)
    return ck.Range(lo, hi, unit)


@st.composite
def _claim(
    draw: st.DrawFn,
    claim_id: str,
    world: World,
    days: int,
    names: tuple[tuple[str, ...], ...],
    *,
    lying: int,
) -> ck.Claim:
    measure = draw(st.sampled_from(names[0]))
    subject = draw(st.sampled_from(names[1]))
    a = draw(st.integers(0, days - 1))
    b = draw(st.integers(a + 1, days))
    count = draw(st.sampled_from(COUNT_UNITS))
    persons = float(unit_factors(count)[0])
    form = draw(st.sampled_from(("total", "average", "each")))
    if form == "total":
        truth = _truth(world, measure, subject, a, b) / persons
        value = draw(_range(truth, truth, count, lying))
        kind, reading = "total", AVERAGE
    elif form == "average":
        time = draw(st.sampled_from(TIME_UNITS))
        seconds = unit_factors(f"person / {time}")[1]
        assert seconds is not None
        units = float(Fraction((b - a) * 86400) / seconds)
        truth = _truth(world, measure, subject, a, b) / persons / units
        value = draw(_range(truth, truth, f"{count} / {time}", lying))
        kind, reading = "rate", AVERAGE
    else:
        fitting = tuple(u for u, w in WINDOW_UNITS.items() if w <= b - a)
        time = draw(st.sampled_from(fitting))
        w = WINDOW_UNITS[time]
        sums = [
            _truth(world, measure, subject, a + k * w, a + (k + 1) * w) / persons
            for k in range((b - a) // w)
        ]
        value = draw(_range(min(sums), max(sums), f"{count} / {time}", lying))
        kind, reading = "rate", EACH
    return ck.Claim(
        id=claim_id,
        measure=measure,
        subject=subject,
        kind=kind,
        reading=reading,
        period=_period(a, b),
        value=value,
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Small claim sets over a few weeks, about a world with mixed magnitudes."""
    days = draw(st.integers(3, 28))
    relations: list[ck.Sum] = []
    measures, subjects = list(LEAF_MEASURES), list(LEAF_SUBJECTS)
    if draw(st.booleans()):
        relations.append(ck.Sum("casualties", LEAF_MEASURES))
        measures.append("casualties")
    if draw(st.booleans()):
        relations.append(ck.Sum("both", LEAF_SUBJECTS, over="subject"))
        subjects.append("both")
    exponents = st.integers(-4, 11)
    common = draw(exponents)
    world: World = {}
    for series in ((m, s) for m in LEAF_MEASURES for s in LEAF_SUBJECTS):
        exponent = draw(st.one_of(st.just(common), exponents))
        # one draw per series (cheaper than one per day): base-4 digits pick each
        # day's count among 0, 0.5, 1 and 3 times 10**exponent; 0 shrinks to all zeros
        digits = draw(st.integers(0, 4**days - 1))
        world[series] = [DAILY[digits // 4**k % 4] * 10.0**exponent for k in range(days)]
    n = draw(st.integers(2, 10))
    lying = draw(st.sampled_from((2, 0, 1, 3)))
    claims = [
        draw(_claim(f"c{i}", world, days, (tuple(measures), tuple(subjects)), lying=lying))
        for i in range(n)
    ]
    claims = draw(st.permutations(claims))
    named = (
        {c.measure for c in claims} | {r.total for r in relations if r.over == "measure"},
        {c.subject for c in claims} | {r.total for r in relations if r.over == "subject"},
    )
    a = draw(st.integers(0, days - 1))
    query = (
        draw(st.sampled_from(tuple(sorted(named[0])))),
        draw(st.sampled_from(tuple(sorted(named[1])))),
        _period(a, draw(st.integers(a + 1, days))),
    )
    return Case(tuple(claims), tuple(relations), query)


def _persons(value: ck.Range, period: ck.Period) -> tuple[float, float]:
    """A bound's ends as totals in persons over ``period``."""
    count, seconds = unit_factors(value.unit)
    factor = count if seconds is None else count * Fraction(period.days * 86400) / seconds
    return tuple(  # type: ignore[return-value]
        x if math.isinf(x) else float(Fraction(x) * factor) for x in (value.lo, value.hi)
    )


def _close(found: float, truth: float, scale: float) -> bool:
    if math.isinf(truth) or math.isinf(found):
        return found == truth
    return abs(found - truth) <= BOUND_REL * max(abs(truth), scale)


def _compare_bound(
    oracle: Oracle, label: str, quantity: tuple[str, str, ck.Period], found: ck.Range
) -> None:
    measure, subject, period = quantity
    low, high = oracle.bounds(measure, subject, period.start, period.end)
    scale = oracle.group_size(measure, subject)
    lo, hi = _persons(found, period)
    message = (
        f"{label} of {measure} of {subject} over {period}: claimkit {found} "
        f"= [{lo!r}, {hi!r}] person, oracle [{low!r}, {high!r}] person"
    )
    assert _close(lo, low, scale), message
    assert _close(hi, high, scale), message


def _ids(claims: Sequence[ck.Claim]) -> str:
    return ", ".join(str(c) for c in claims)


def compare_with_oracle(case: Case, *, bounds: bool = True) -> str:
    """Assert that ``check()`` on the case agrees with the oracle; say how it ended.

    With ``bounds=False`` only the verdict and the conflict findings are compared.
    """
    report = ck.check(ck.ClaimSet(case.claims, relations=case.relations))
    oracle = Oracle(case.claims, case.relations)
    verdict = oracle.verdict()
    outcome = (
        f"oracle {verdict.status}, claimkit {'consistent' if report.consistent else 'conflict'}"
    )
    if verdict.status == "infeasible":
        assert not report.consistent, f"oracle {verdict}; claimkit consistent"
    if verdict.status == "feasible":
        assert report.consistent, f"oracle {verdict}; claimkit {report.conflicts}"
    for finding in report.conflicts:
        named = oracle.verdict(finding.claims)
        assert named.status != "feasible", f"{finding}: oracle {named}"
        if finding.kind == "conflict-set":
            for left_out in finding.claims:
                rest = [c for c in finding.claims if c != left_out]
                smaller = oracle.verdict(rest)
                assert smaller.status != "infeasible", f"{finding} without {left_out}: {smaller}"
    if not report.consistent:
        return outcome
    for bound in report.bounds:
        assert bound.exact is None or not bound.exact.is_empty, f"{bound} in a consistent report"
    if verdict.status != "feasible" or not bounds:
        return outcome
    for bound in report.bounds:
        quantity = (bound.measure, bound.subject, bound.period)
        if bound.exact is not None:
            _compare_bound(oracle, "exact bound", quantity, bound.exact)
        low, high = oracle.bounds(
            bound.measure, bound.subject, bound.period.start, bound.period.end
        )
        lo, hi = _persons(bound.propagated, bound.period)
        slack = BOUND_REL * max(abs(low), oracle.group_size(bound.measure, bound.subject))
        message = f"propagated {bound.propagated} narrower than the oracle's [{low!r}, {high!r}]"
        assert lo <= low + slack, message
        assert hi >= high - slack, message
    _compare_bound(oracle, "implied", case.query, report.implied(*case.query))
    return outcome


def _examples(factor: int, long_factor: int) -> int:
    """The examples a property draws: ``factor`` times the profile's, more in a long one."""
    per_property = settings().max_examples
    return (long_factor if per_property >= LONG_PROFILE else factor) * per_property


def _known(test: Callable[[Case], None]) -> Callable[[Case], None]:
    """Run ``test`` on every set of :data:`tests.oracle.known.KNOWN` before the drawn ones."""
    for case in reversed(KNOWN.values()):
        test = example(case)(test)
    return test


@settings(
    max_examples=_examples(BOUNDS_FACTOR, LONG_FACTORS[0]),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(cases())
@_known
def test_check_agrees_with_the_per_day_oracle(case: Case) -> None:
    event(compare_with_oracle(case))


@settings(
    max_examples=_examples(VERDICT_FACTOR, LONG_FACTORS[1]),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(cases())
@_known
def test_verdicts_and_conflict_sets_agree_with_the_oracle(case: Case) -> None:
    event(compare_with_oracle(case, bounds=False))
