"""The ratio claims of the worked example and of the daily series."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

import claimkit as ck


@pytest.fixture(scope="module")
def reports(daily: ModuleType) -> tuple[Any, ...]:
    return tuple(daily.load_daily())


def test_the_illustrative_ratios_are_marked_as_such(nato: ModuleType) -> None:
    per_wounded, share = nato.illustrative_ratios()
    for claim in (per_wounded, share):
        assert claim.kind == "ratio"
        assert claim.source == nato.ILLUSTRATIVE
        assert claim.note.startswith("illustrative: not in the article")
    assert per_wounded.phrase == "about one killed for every three wounded"
    assert per_wounded.of == ck.Quantity("wounded", "russia", nato.war())
    assert share.value == ck.Range(65, 75, "percent")
    assert share.of == ck.Quantity("casualties", "both", nato.war())


def test_zelenskyy_implies_at_most_036_killed_per_wounded(nato: ModuleType) -> None:
    exact = nato.claim_set(ck.HedgePolicy(rounding="exact"))
    zelenskyy = ck.check([exact["zelenskyy-russia-killed"], exact["zelenskyy-russia-wounded"]])
    found = nato.killed_per_wounded(zelenskyy)
    assert found == ck.Range(0, 0.36, "dimensionless", lo_open=True, hi_open=True)


def test_the_article_pins_the_ratios(nato: ModuleType) -> None:
    report = ck.check(nato.claim_set())
    per_wounded = nato.killed_per_wounded(report)
    # 197,500 killed over at most 552,500 wounded; 198,500 over more than 550,000
    assert per_wounded.lo == pytest.approx(197_500 / 552_500)
    assert per_wounded.hi == pytest.approx(198_500 / 550_000)
    assert per_wounded.hi_open
    share = nato.share_of_russia(report)
    assert share.lo == pytest.approx(0.6410806175)
    assert share.hi == pytest.approx(0.6479481641)


def test_one_in_three_fits_and_seventy_percent_does_not(nato: ModuleType) -> None:
    report = ck.check(nato.claim_set().with_claims(nato.illustrative_ratios()))
    ratio = [f for f in report.findings if f.kind == "ratio"]
    per_wounded = next(f for f in ratio if f.claims[0] == "illustrative-killed-per-wounded")
    assert per_wounded.verdict == "consistent"
    assert per_wounded.claims[1:] == ("zelenskyy-russia-killed", "zelenskyy-russia-wounded")
    # about 70% of the casualties is at least 65%: Ukraine's 43,000 and 370,000 beside
    # Russia's 750,000 make it about 64.5%
    sets = [f for f in report.conflicts if f.kind == "conflict-set"]
    assert sets
    assert all("illustrative-russian-share" in f.claims for f in sets)
    assert all(
        {"zelenskyy-ukraine-killed", "zelenskyy-ukraine-wounded"} <= set(f.claims) for f in sets
    )
    assert max(f.stretch for f in sets) < 0.01


def test_november_highest_is_one_quoted_claim_per_earlier_month(nato: ModuleType) -> None:
    claims = nato.november_highest()
    assert len(claims) == 33
    assert claims[0].id == "reports-november-highest-2022-02"
    assert claims[-1].id == "reports-november-highest-2024-10"
    text = nato.article_text()
    for claim in claims:
        assert claim.span is not None
        assert text[slice(*claim.span)] == claim.quote
    assert ck.check(nato.claim_set().with_claims(claims)).consistent


@pytest.mark.parametrize("convention", ["morning", "end-of-day"])
def test_the_series_makes_november_the_highest_month(
    daily: ModuleType, reports: tuple[Any, ...], convention: str
) -> None:
    found = daily.highest_month(reports, convention)
    assert found.consistent
    assert found.beaten_by == ()
    assert found.closest == ck.Period.month(2024, 10)
    # October over November, (C(Nov 1) - C(Oct 1)) / (C(Dec 1) - C(Nov 1)), is largest
    # with C(Nov 1) at the top of its report's range and the others at their ends
    claims = {c.period.end: c.value for c in daily.daily_claims(reports, convention)}
    first, middle, last = (claims[ck.Period.month(2024, m).start] for m in (10, 11, 12))
    largest = (middle.hi - first.lo) / (last.lo - middle.hi)
    assert found.ratio.hi == pytest.approx(largest, rel=1e-9)


def test_a_month_that_is_not_the_highest_is_beaten_by_name(
    daily: ModuleType, reports: tuple[Any, ...]
) -> None:
    october = ck.Quantity("casualties", "russia", ck.Period.month(2024, 10))
    within = ck.Period(daily.WAR_START, ck.Period.month(2024, 11).end)
    claims = ck.highest_month(october, within, id="october-highest")
    report = ck.check([*daily.daily_claims(reports), *claims])
    assert not report.consistent
    named = {i for f in report.conflicts for i in f.claims if i.startswith("october-highest")}
    assert named == {"october-highest-2024-11"}
