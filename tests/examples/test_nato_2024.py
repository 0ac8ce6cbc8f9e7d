"""The worked example: every figure DESIGN.md says the article must give."""

from __future__ import annotations

import math
from datetime import date
from types import ModuleType

import pytest

import claimkit as ck


@pytest.fixture(scope="module")
def claims(nato: ModuleType) -> dict[str, ck.Claim]:
    return {claim.id: claim for claim in nato.claims()}


def test_every_numeric_claim_is_encoded(claims: dict[str, ck.Claim]) -> None:
    assert 10 == len(claims)


def test_every_quote_is_located_in_the_article(
    nato: ModuleType, claims: dict[str, ck.Claim]
) -> None:
    text = nato.article_text()
    for claim in claims.values():
        assert claim.span is not None
        start, end = claim.span
        assert claim.quote == text[start:end]


def test_war_is_146_weeks(claims: dict[str, ck.Claim]) -> None:
    period = claims["rutte-total"].period
    assert date(2022, 2, 24) == period.start
    assert 1022 == period.days
    assert 146 * 7 == period.days


def test_one_million_is_above_6849_a_week(claims: dict[str, ck.Claim]) -> None:
    weekly = claims["rutte-total"].as_rate("week")
    assert weekly.lo_open
    assert math.inf == weekly.hi
    assert weekly.lo == pytest.approx(1_000_000 / 146)
    assert 6849 == math.floor(weekly.lo)


def test_november_is_10661_a_week(claims: dict[str, ck.Claim]) -> None:
    weekly = claims["reports-russia-november"].as_rate("week")
    assert weekly.contains(45_690 / 30 * 7)
    assert 10_661 == round(weekly.midpoint)


def test_russia_in_november_alone_exceeds_10000_a_week(claims: dict[str, ck.Claim]) -> None:
    weekly = claims["reports-russia-november"].as_rate("week")
    assert weekly.certainly_gt(ck.Range.exact(10_000, "person / week"))


@pytest.mark.parametrize(
    ("claim_id", "lo", "hi"),
    [
        ("rutte-russia", 650_000, 750_000),
        ("reports-russia-november", 45_685, 45_695),
        ("zelenskyy-russia-total", 745_000, 755_000),
        ("zelenskyy-russia-killed", 197_500, 198_500),
        ("zelenskyy-ukraine-killed", 42_500, 43_500),
        ("zelenskyy-ukraine-wounded", 365_000, 375_000),
    ],
)
def test_rounded_figures_read_as_rounding_intervals(
    claims: dict[str, ck.Claim], claim_id: str, lo: float, hi: float
) -> None:
    assert ck.Range(lo, hi, "person") == claims[claim_id].value


@pytest.mark.parametrize(
    ("claim_id", "bound"),
    [
        ("rutte-total", 1_000_000),
        ("reports-russia-november-cumulative", 700_000),
        ("zelenskyy-russia-wounded", 550_000),
    ],
)
def test_over_and_surpassed_are_strict_lower_bounds(
    claims: dict[str, ck.Claim], claim_id: str, bound: float
) -> None:
    assert ck.Range.more_than(bound, "person") == claims[claim_id].value


def test_weekly_rate_is_a_rate(claims: dict[str, ck.Claim]) -> None:
    claim = claims["rutte-weekly"]
    assert "rate" == claim.kind
    assert ck.Range.more_than(10_000, "person / week") == claim.value


def test_month_conventions_differ_visibly(nato: ModuleType) -> None:
    text = nato.month_conventions()
    assert "43,482" in text
    assert "42,857" in text
    assert "[40,000, 44,286]" in text


def test_conversion_table_lists_every_claim(nato: ModuleType) -> None:
    table = nato.conversion_table(nato.claims())
    for claim in nato.claims():
        assert claim.id in table
    assert "(6,849, inf)" in table
    assert "[10,660, 10,662]" in table


# The report: what DESIGN.md's worked example says the engine must find.


@pytest.fixture(scope="module")
def report(nato: ModuleType) -> ck.checks.Report:
    return ck.check(nato.claim_set())


@pytest.fixture(scope="module")
def exact_report(nato: ModuleType) -> ck.checks.Report:
    return ck.check(nato.claim_set(ck.HedgePolicy(rounding="exact")))


def _finding(report: ck.checks.Report, kind: str, *ids: str) -> ck.checks.Finding:
    matches = [f for f in report.findings if f.kind == kind and set(f.claims) == set(ids)]
    assert 1 == len(matches), [(f.kind, f.claims) for f in report.findings]
    return matches[0]


def test_the_article_is_consistent_under_the_default_policy(report: ck.checks.Report) -> None:
    assert report.consistent
    assert () == report.conflicts


def test_rutte_and_zelenskyy_on_russia_are_a_tension(report: ck.checks.Report) -> None:
    finding = _finding(report, "same-quantity", "rutte-russia", "zelenskyy-russia-total")
    assert "tension" == finding.verdict
    # [650k, 750k] and [745k, 755k] overlap in [745k, 750k]: shrinking both ranges by
    # 5,000 / 55,000 of their width separates them.
    assert finding.margin == pytest.approx(5 / 55)
    assert 5_000 == finding.margin_abs


def test_zelenskyys_parts_fit_his_total(report: ck.checks.Report) -> None:
    finding = _finding(
        report,
        "part-sum",
        "zelenskyy-russia-total",
        "zelenskyy-russia-killed",
        "zelenskyy-russia-wounded",
    )
    assert "conflict" != finding.verdict


def test_both_sides_fit_over_one_million(report: ck.checks.Report) -> None:
    finding = _finding(
        report,
        "part-sum",
        "rutte-total",
        "zelenskyy-russia-total",
        "zelenskyy-ukraine-killed",
        "zelenskyy-ukraine-wounded",
    )
    assert "consistent" == finding.verdict


def test_read_exactly_rutte_and_zelenskyy_conflict(exact_report: ck.checks.Report) -> None:
    assert not exact_report.consistent
    finding = _finding(exact_report, "same-quantity", "rutte-russia", "zelenskyy-russia-total")
    assert "conflict" == finding.verdict
    # 700k(1 + eps) = 750k(1 - eps): eps = 1/29.
    assert finding.stretch == pytest.approx(1 / 29)
    assert -50_000 == finding.margin_abs


def test_read_exactly_the_conflict_set_names_both_sources(
    exact_report: ck.checks.Report,
) -> None:
    finding = _finding(exact_report, "conflict-set", "rutte-russia", "zelenskyy-russia-total")
    assert {"Mark Rutte", "Volodymyr Zelenskyy"} == set(finding.sources)


def test_rutte_alone_implies_over_250000_ukrainian_casualties(nato: ModuleType) -> None:
    implied = nato.implied_ukraine_from_rutte()
    assert 250_000 == implied.lo
    assert math.inf == implied.hi


def test_all_claims_imply_russian_casualties(nato: ModuleType, report: ck.checks.Report) -> None:
    implied = report.implied("casualties", "russia", nato.war())
    # "over" claims keep the lower end open: 747,500 itself is not allowed
    assert ck.Range(747_500, 750_000, "person", lo_open=True) == implied


def test_weekly_rate_is_shown_beside_the_war_average(report: ck.checks.Report) -> None:
    [comparison] = [c for c in report.comparisons if "rutte-weekly" in c.claims]
    assert {"rutte-weekly", "rutte-total"} == set(comparison.claims)
    assert "person / week" == comparison.unit
    now, average = comparison.values
    assert 10_000 == now.lo
    assert 6_849 == math.floor(average.lo)


# Reconciliation: one figure for Russian casualties from Rutte and Zelenskyy.

PAIR = ("rutte-russia", "zelenskyy-russia-total")


def test_rounded_figures_reconcile_without_stretching(nato: ModuleType) -> None:
    claim_set = nato.claim_set()
    result = ck.reconcile([claim_set[cid] for cid in PAIR], method="stretch")
    assert 0 == result.stretch
    assert ck.Range(745_000, 750_000, "person") == result.value


def test_exact_figures_meet_at_724138(nato: ModuleType) -> None:
    claim_set = nato.claim_set(ck.HedgePolicy(rounding="exact"))
    result = ck.reconcile([claim_set[cid] for cid in PAIR], method="stretch")
    assert result.stretch == pytest.approx(1 / 29)
    assert result.value.contains(700_000 * (1 + 1 / 29))
    assert 724_138 == round(result.value.midpoint)
    assert {"rutte-russia", "zelenskyy-russia-total"} == {
        a.claim for a in result.adjustments if a.adjusted != a.original
    }


def test_relaxing_the_exact_set_moves_only_the_russian_totals(nato: ModuleType) -> None:
    result = ck.reconcile(nato.claim_set(ck.HedgePolicy(rounding="exact")), method="relax")
    moved = {a.claim for a in result.adjustments if a.adjusted != a.original}
    assert {"rutte-russia", "zelenskyy-russia-total"} == moved
    assert result.consistent
    assert ck.check(result.reconciled).consistent
