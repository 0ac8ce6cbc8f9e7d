"""Every result type pickles, and a check or a reconciliation comes back from a worker."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pytest

import claimkit as ck
from claimkit.engine.report import Comparison, Finding, QuantityBounds, Report
from claimkit.reconciliation.results import (
    Adjustment,
    Measurement,
    Reconciliation,
    SetReconciliation,
)

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
NOV = ck.Period.month(2024, 11)


def _claims() -> ck.ClaimSet:
    """Claims that yield every kind of result: conflicts, tensions, bounds, comparisons."""
    rutte = ck.Claim(
        id="rutte",
        measure="casualties",
        subject="russia",
        period=WAR,
        kind="total",
        value=ck.Range.from_rounded("700,000", "person"),
        source=ck.Source("Mark Rutte", weight=2.0),
    )
    return ck.ClaimSet(
        [
            rutte,
            rutte.replace(id="zelensky", value=ck.Range.exact(800_000, "person"), source=None),
            rutte.replace(id="both", subject="both", value=ck.Range.more_than(1_000_000, "person")),
            ck.Claim(
                id="nov",
                measure="killed",
                subject="russia",
                period=NOV,
                kind="total",
                value=ck.Range(30_000, 40_000, "person"),
            ),
            ck.Claim(
                id="weekly",
                measure="killed",
                subject="russia",
                period=ck.Period.week_ending(date(2024, 11, 21)),
                kind="rate",
                value=ck.Range.exact(12_000, "person / week"),
            ),
        ],
        relations=[ck.Sum("both", ["russia", "ukraine"], over="subject")],
    )


def _check() -> Report:
    return ck.check(_claims(), compare=[("nov", "weekly")])


def _same_quantity() -> list[ck.Claim]:
    return [c for c in _claims() if c.id in ("rutte", "zelensky")]


def _round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _contents(report: Report) -> tuple[object, ...]:
    return (
        report.consistent,
        report.findings,
        report.bounds,
        report.comparisons,
        report.counts(),
        report.notes,
        report.components,
        str(report),
    )


def test_the_check_yields_every_kind_of_report_content() -> None:
    report = _check()
    kinds = {type(x) for x in (*report.findings, *report.bounds, *report.comparisons)}
    verdicts = {f.verdict for f in report.findings}
    assert {Finding, QuantityBounds, Comparison} == kinds
    assert {"conflict", "consistent"} <= verdicts


def test_a_report_pickles_with_its_findings_bounds_and_comparisons() -> None:
    report = _check()
    loaded = _round_trip(report)
    assert isinstance(loaded, Report)
    assert loaded == report
    assert _contents(report) == _contents(loaded)


def test_a_report_not_read_yet_pickles_what_it_would_have_shown() -> None:
    loaded = _round_trip(_check())
    assert isinstance(loaded, Report)
    assert _contents(_check()) == _contents(loaded)


def test_a_report_keeps_its_conflicts_and_tensions_after_pickling() -> None:
    report = _check()
    loaded = _round_trip(report)
    assert isinstance(loaded, Report)
    assert (report.conflicts, report.tensions) == (loaded.conflicts, loaded.tensions)
    assert loaded.conflicts


def test_implied_answers_the_same_after_pickling() -> None:
    report = _check()
    loaded = _round_trip(report)
    assert isinstance(loaded, Report)
    ukraine = report.implied("casualties", "ukraine", WAR)
    assert ukraine == loaded.implied("casualties", "ukraine", WAR)


@pytest.mark.parametrize(
    "part",
    [
        lambda r: r.findings[0],
        lambda r: r.bounds[0],
        lambda r: r.comparisons[0],
    ],
    ids=["Finding", "QuantityBounds", "Comparison"],
)
def test_the_parts_of_a_report_pickle(part: object) -> None:
    value = part(_check())  # type: ignore[operator]
    assert value == _round_trip(value)


@pytest.mark.parametrize("method", ["intersection", "hull", "stretch", "weighted"])
def test_a_reconciliation_pickles(method: str) -> None:
    claims = _same_quantity()
    if method == "intersection":
        claims = [c.replace(value=ck.Range(690_000, 760_000, "person")) for c in claims]
    result = ck.reconcile(claims, method=method)  # type: ignore[call-overload]
    loaded = _round_trip(result)
    assert isinstance(loaded, Reconciliation)
    assert (result, str(result)) == (loaded, str(loaded))


@pytest.mark.parametrize("method", ["relax", "least_squares"])
def test_a_set_reconciliation_pickles(method: str) -> None:
    result = ck.reconcile(_claims(), method=method)  # type: ignore[call-overload]
    loaded = _round_trip(result)
    assert isinstance(loaded, SetReconciliation)
    assert (result, str(result)) == (loaded, str(loaded))
    assert result.reconciled.claims == loaded.reconciled.claims


def test_adjustments_and_measurements_pickle() -> None:
    result = ck.reconcile(_same_quantity(), method="weighted")
    adjustment, measurement = result.adjustments[0], result.measurements[0]
    assert (Adjustment, Measurement) == (type(adjustment), type(measurement))
    assert (adjustment, measurement) == (_round_trip(adjustment), _round_trip(measurement))


def test_a_check_in_a_worker_process_comes_back_equal() -> None:
    claims = _claims()
    here = ck.check(claims, compare=[("nov", "weekly")])
    with ProcessPoolExecutor(max_workers=1) as pool:
        there = pool.submit(ck.check, claims, compare=[("nov", "weekly")]).result()
        reconciled = pool.submit(ck.reconcile, claims, method="relax").result()
    assert isinstance(there, Report)
    assert (here.consistent, here.findings, here.bounds) == (
        there.consistent,
        there.findings,
        there.bounds,
    )
    assert _contents(here) == _contents(there)
    assert ck.reconcile(claims, method="relax") == reconciled
