"""The real-data example: what the General Staff's daily series and the UK MoD's months show."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from types import ModuleType
from typing import Any

import pytest

import claimkit as ck

NOVEMBER = ck.Period.month(2024, 11)
WAR_START = date(2022, 2, 24)


@pytest.fixture(scope="module")
def reports(daily: ModuleType) -> tuple[Any, ...]:
    return daily.load_daily()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def estimates(daily: ModuleType) -> tuple[Any, ...]:
    return daily.load_monthly()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def claims(daily: ModuleType, reports: tuple[Any, ...]) -> dict[str, tuple[ck.Claim, ...]]:
    return {c: daily.daily_claims(reports, c) for c in daily.CONVENTIONS}


@pytest.fixture(scope="module")
def checked(claims: dict[str, tuple[ck.Claim, ...]]) -> dict[str, ck.Report]:
    return {c: ck.check(items) for c, items in claims.items()}


@pytest.fixture(scope="module")
def article(daily: ModuleType, checked: dict[str, ck.Report]) -> dict[tuple[str, str], Any]:
    claims = daily.article_claims()
    return {
        (convention, item.claim.id): item
        for convention, report in checked.items()
        for item in daily.against_article(report, claims)
    }


@pytest.fixture(scope="module")
def months(
    daily: ModuleType, checked: dict[str, ck.Report], estimates: tuple[Any, ...]
) -> dict[str, Any]:
    return {
        f"{m.period.start:%Y-%m}": m for m in daily.compare_monthly(checked["morning"], estimates)
    }


# -- the data ------------------------------------------------------------------------


def test_daily_series_has_one_report_a_day(reports: tuple[Any, ...]) -> None:
    days = [r.day for r in reports]
    assert (1626, date(2022, 2, 25), date(2026, 8, 8)) == (len(days), days[0], days[-1])
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(days))


def test_six_figures_are_more_than(reports: tuple[Any, ...]) -> None:
    assert 6 == sum(r.qualifier == "more" for r in reports)


def test_stated_figures_never_decrease(reports: tuple[Any, ...]) -> None:
    steps = [b.personnel - a.personnel for a, b in itertools.pairwise(reports)]
    assert 0 == min(steps)
    assert 7 == steps.count(0)


def test_uk_mod_has_47_months(estimates: tuple[Any, ...]) -> None:
    assert 47 == len(estimates)
    assert ck.Period.month(2022, 3) == estimates[0].period


def test_uk_mod_month_is_daily_average_times_days(estimates: tuple[Any, ...]) -> None:
    assert all(e.total == e.daily_average * e.period.days for e in estimates)


def test_uk_mod_cumulative_is_running_sum(estimates: tuple[Any, ...]) -> None:
    running = 0
    for e in estimates:
        running += e.total
        assert running == e.cumulative


def test_uk_mod_cumulative_to_december_2024(estimates: tuple[Any, ...]) -> None:
    by_end = {e.period.end: e.cumulative for e in estimates}
    assert 734_468 == by_end[date(2024, 12, 1)]


# -- reading the reports as claims ---------------------------------------------------


def test_about_reads_as_rounding_interval(claims: dict[str, tuple[ck.Claim, ...]]) -> None:
    by_id = {c.id: c for c in claims["morning"]}
    assert ck.Range(740_350, 740_450, "person") == by_id["gs-2024-11-30"].value
    assert ck.Range(758_725, 758_735, "person") == by_id["gs-2024-12-12"].value


def test_more_reads_as_open_lower_bound(claims: dict[str, tuple[ck.Claim, ...]]) -> None:
    by_id = {c.id: c for c in claims["morning"]}
    assert ck.Range.more_than(12_000, "person") == by_id["gs-2022-03-10"].value


@pytest.mark.parametrize(
    ("convention", "end"), [("morning", date(2024, 12, 12)), ("end-of-day", date(2024, 12, 13))]
)
def test_report_period_under_each_convention(
    claims: dict[str, tuple[ck.Claim, ...]], convention: str, end: date
) -> None:
    by_id = {c.id: c for c in claims[convention]}
    assert ck.Period(WAR_START, end) == by_id["gs-2024-12-12"].period


def test_unknown_convention_is_an_error(daily: ModuleType) -> None:
    with pytest.raises(ValueError, match="convention must be one of"):
        daily.counted_until(date(2024, 12, 12), "noon")


# -- the series checked --------------------------------------------------------------


def test_series_is_consistent_as_claims(checked: dict[str, ck.Report]) -> None:
    assert checked["morning"].consistent


def test_every_consecutive_pair_is_monotone_and_consistent(checked: dict[str, ck.Report]) -> None:
    monotone = [f for f in checked["morning"].findings if f.kind == "monotone"]
    assert 1625 == len(monotone)
    assert {"consistent"} == {f.verdict for f in monotone}


def test_screen_flags_the_sharpest_days(
    daily: ModuleType, reports: tuple[Any, ...], claims: dict[str, tuple[ck.Claim, ...]]
) -> None:
    flagged = {(i.day, i.kind) for i in daily.screen(reports, claims["morning"])}
    assert (date(2025, 2, 28), "increment") in flagged
    assert (date(2024, 1, 8), "increment") in flagged
    assert (date(2023, 10, 19), "off-midpoint") in flagged


def test_screen_flags_16_day_kinds(
    daily: ModuleType, reports: tuple[Any, ...], claims: dict[str, tuple[ck.Claim, ...]]
) -> None:
    assert 16 == len(daily.screen(reports, claims["morning"]))


# -- 2023-01-12 ----------------------------------------------------------------------


def test_disputed_figure_in_this_file(daily: ModuleType, reports: tuple[Any, ...]) -> None:
    assert 113_390 == daily.figure_on(reports, date(2023, 1, 12))


@pytest.mark.parametrize(
    ("other_id", "gap"), [("title-2023-01-12", 105.0), ("transcription-2023-01-12", 590.0)]
)
def test_disputed_figure_conflicts_with_second_opinions(
    daily: ModuleType, claims: dict[str, tuple[ck.Claim, ...]], other_id: str, gap: float
) -> None:
    ours = next(c for c in claims["morning"] if c.id == "gs-2023-01-12")
    other = next(c for c in daily.second_opinions() if c.id == other_id)
    report = ck.check([ours, other])
    assert not report.consistent
    assert pytest.approx(gap) == -report.conflicts[0].margin_abs


def test_disputed_day_is_not_flagged_by_the_screen(
    daily: ModuleType, reports: tuple[Any, ...], claims: dict[str, tuple[ck.Claim, ...]]
) -> None:
    flagged = {i.day for i in daily.screen(reports, claims["morning"])}
    assert date(2023, 1, 12) not in flagged


def test_transcription_figure_is_flagged_as_off_midpoint(
    daily: ModuleType, reports: tuple[Any, ...]
) -> None:
    series = daily.with_figure(reports, date(2023, 1, 12), 113_990)
    hits = [
        i for i in daily.screen(series, daily.daily_claims(series)) if i.day == date(2023, 1, 12)
    ]
    assert ["off-midpoint"] == [i.kind for i in hits]
    assert hits[0].score > daily.THRESHOLD


# -- November 2024 and the article ---------------------------------------------------


@pytest.mark.parametrize(("convention", "total"), [("morning", 45_720), ("end-of-day", 45_450)])
def test_november_total(
    daily: ModuleType, reports: tuple[Any, ...], convention: str, total: int
) -> None:
    assert total == daily.total_over(reports, NOVEMBER, convention)


@pytest.mark.parametrize(
    ("convention", "lo", "hi"), [("morning", 45_710, 45_730), ("end-of-day", 45_395, 45_505)]
)
def test_november_implied_range(
    checked: dict[str, ck.Report], convention: str, lo: float, hi: float
) -> None:
    assert ck.Range(lo, hi, "person") == checked[convention].implied(
        "casualties", "russia", NOVEMBER
    )


@pytest.mark.parametrize(
    ("convention", "position", "gap"), [("morning", "above", 15.0), ("end-of-day", "below", 180.0)]
)
def test_article_november_conflicts_with_series(
    article: dict[tuple[str, str], Any], convention: str, position: str, gap: float
) -> None:
    item = article[(convention, "reports-russia-november")]
    assert ("conflict", position) == (item.finding.verdict, item.position)
    assert pytest.approx(gap) == -item.finding.margin_abs


def test_article_november_is_the_uk_mod_figure(estimates: tuple[Any, ...]) -> None:
    november = next(e for e in estimates if e.period == NOVEMBER)
    assert 45_690 == november.total


def test_figure_dated_12_december(daily: ModuleType, reports: tuple[Any, ...]) -> None:
    assert 758_730 == daily.figure_on(reports, date(2024, 12, 12))


@pytest.mark.parametrize(
    ("claim_id", "gap"), [("rutte-russia", 8_725.0), ("zelenskyy-russia-total", 3_725.0)]
)
def test_12_december_is_above_the_article(
    article: dict[tuple[str, str], Any], claim_id: str, gap: float
) -> None:
    item = article[("morning", claim_id)]
    assert ck.Range(758_725, 758_735, "person") == item.general_staff
    assert ("above", "conflict") == (item.position, item.finding.verdict)
    assert pytest.approx(gap) == -item.finding.margin_abs


def test_zelenskyy_on_8_december_is_within_that_mornings_report(
    article: dict[tuple[str, str], Any],
) -> None:
    item = article[("morning", "zelenskyy-russia-total-dec-8")]
    assert ck.Range(753_365, 753_375, "person") == item.general_staff
    assert ("within", "consistent") == (item.position, item.finding.verdict)


def test_surpassed_700000_by_end_of_november_holds(
    article: dict[tuple[str, str], Any],
) -> None:
    item = article[("morning", "reports-russia-november-cumulative")]
    assert "conflict" != item.finding.verdict
    assert "within" == item.position


# -- the UK Ministry of Defence against the General Staff ----------------------------


def test_months_beyond_tolerance(months: dict[str, Any]) -> None:
    beyond = [key for key, m in months.items() if m.verdict == "conflict"]
    assert ["2022-09", "2022-12", "2023-06", "2023-07", "2023-10", "2025-02", "2025-05"] == beyond


def test_months_with_disjoint_ranges(months: dict[str, Any]) -> None:
    assert 24 == sum(m.disjoint for m in months.values())


@pytest.mark.parametrize(("key", "relative"), [("2022-09", -0.057), ("2023-07", 0.052)])
def test_largest_disagreements(months: dict[str, Any], key: str, relative: float) -> None:
    assert relative == pytest.approx(months[key].relative, abs=0.0005)


def test_every_disagreement_is_disjoint(months: dict[str, Any]) -> None:
    assert all(m.disjoint for m in months.values() if m.verdict == "conflict")


@pytest.mark.parametrize(("convention", "count"), [("morning", 20), ("end-of-day", 0)])
def test_uk_mod_matches_general_staff_under_morning_reading(
    daily: ModuleType,
    reports: tuple[Any, ...],
    estimates: tuple[Any, ...],
    convention: str,
    count: int,
) -> None:
    assert count == daily.months_matching(reports, estimates, convention)


def test_since_march_2022_the_sources_differ_by_a_quarter_percent(
    daily: ModuleType, reports: tuple[Any, ...]
) -> None:
    since = ck.Period(date(2022, 3, 1), date(2024, 12, 1))
    general_staff = daily.total_over(reports, since)
    assert 736_420 == general_staff
    assert math.isclose(-0.00265, (734_468 - general_staff) / general_staff, abs_tol=5e-5)


def test_main_prints_the_report(daily: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == daily.main()
    out = capsys.readouterr().out
    assert "45,720" in out
    assert "45,450" in out
