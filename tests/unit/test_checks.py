from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings
from datetime import date, timedelta
from typing import Any

import pytest

import claimkit as ck
from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.relations import Sum
from claimkit.claims.source import Source
from claimkit.engine.report import Finding, Report
from claimkit.errors import NumericalError, UnknownIdError
from claimkit.values.period import Period
from claimkit.values.range import Range

START = date(2022, 2, 24)
WAR = Period(START, date(2024, 12, 12))
EARLIER = Period(START, date(2024, 12, 8))
NOV = Period.month(2024, 11)
MEASURES = Sum("casualties", ["killed", "wounded"])
SUBJECTS = Sum("both", ["russia", "ukraine"], over="subject")
RUTTE = Source("Mark Rutte")
ZELENSKYY = Source("Volodymyr Zelenskyy")


def make(claim_id: str, value: Range, **changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": claim_id,
        "measure": "casualties",
        "subject": "russia",
        "period": WAR,
        "kind": "total",
        "value": value,
    }
    fields.update(changes)
    return Claim(**fields)


def person(lo: float, hi: float) -> Range:
    return Range(lo, hi, "person")


def exact(x: float) -> Range:
    return Range.exact(x, "person")


def only(report: Report, kind: str) -> Finding:
    found = [f for f in report.findings if f.kind == kind]
    assert 1 == len(found), found
    return found[0]


def daily(values: list[float], *, first: int = 0) -> list[Claim]:
    """Cumulative totals from START, one a day, read as exact."""
    return [
        make(f"d{i}", exact(v), period=Period(START, START + timedelta(days=first + i + 1)))
        for i, v in enumerate(values)
    ]


# -- the article's figures --------------------------------------------------------


def test_rounded_rutte_and_zelenskyy_are_a_tension() -> None:
    a = make("rutte", Range.from_rounded("700,000", "person"), source=RUTTE)
    b = make("zelenskyy", Range.from_rounded("750,000", "person"), source=ZELENSKYY)
    finding = only(ck.check([a, b]), "same-quantity")
    assert ("tension", pytest.approx(1 / 11)) == (finding.verdict, finding.margin)


def test_tension_keeps_the_report_consistent() -> None:
    a = make("rutte", Range.from_rounded("700,000", "person"))
    b = make("zelenskyy", Range.from_rounded("750,000", "person"))
    assert ck.check([a, b]).consistent


def test_exact_rutte_and_zelenskyy_conflict_with_stretch_one_29th() -> None:
    report = ck.check([make("rutte", exact(700_000)), make("zelenskyy", exact(750_000))])
    finding = only(report, "same-quantity")
    assert ("conflict", pytest.approx(1 / 29)) == (finding.verdict, finding.stretch)


def test_exact_figures_meet_at_724138_after_the_stretch() -> None:
    report = ck.check([make("rutte", exact(700_000)), make("zelenskyy", exact(750_000))])
    eps = only(report, "same-quantity").stretch
    assert 724_138 == round(700_000 * (1 + eps))


def test_tight_approximately_is_a_conflict() -> None:
    a = make("rutte", Range.around(700_000, "person", rel=0.01))
    b = make("zelenskyy", Range.around(750_000, "person", rel=0.01))
    assert "conflict" == only(ck.check([a, b]), "same-quantity").verdict


def test_conflict_margin_abs_is_minus_the_gap() -> None:
    report = ck.check([make("a", exact(700_000)), make("b", exact(750_000))])
    assert -50_000 == only(report, "same-quantity").margin_abs


def test_conflict_names_the_sources() -> None:
    a = make("rutte", exact(700_000), source=RUTTE)
    b = make("zelenskyy", exact(750_000), source=ZELENSKYY)
    finding = only(ck.check([a, b]), "same-quantity")
    assert ("Mark Rutte", "Volodymyr Zelenskyy") == finding.sources


def test_overlap_is_the_room_left_for_the_first_claim() -> None:
    a = make("rutte", Range.from_rounded("700,000", "person"))
    b = make("zelenskyy", Range.from_rounded("750,000", "person"))
    assert 5_000 == only(ck.check([a, b]), "same-quantity").margin_abs


def test_parts_fit_their_total() -> None:
    claims = ClaimSet(
        [
            make("total", exact(750_000)),
            make("killed", exact(198_000), measure="killed"),
            make("wounded", Range.more_than(550_000, "person"), measure="wounded"),
        ],
        relations=[MEASURES],
    )
    finding = only(ck.check(claims), "part-sum")
    assert ("tension", ("total", "killed", "wounded")) == (finding.verdict, finding.claims)


def test_parts_that_exceed_the_total_conflict() -> None:
    claims = ClaimSet(
        [
            make("total", exact(700_000)),
            make("killed", exact(198_000), measure="killed"),
            make("wounded", Range.more_than(550_000, "person"), measure="wounded"),
        ],
        relations=[MEASURES],
    )
    assert "conflict" == only(ck.check(claims), "part-sum").verdict


def test_parts_over_an_earlier_date_give_a_lower_bound() -> None:
    claims = ClaimSet(
        [
            make("both", Range.more_than(1_000_000, "person"), subject="both"),
            make("russia", Range.from_rounded("700,000", "person")),
            make("ukraine", exact(413_000), subject="ukraine", period=EARLIER),
        ],
        relations=[SUBJECTS],
    )
    finding = only(ck.check(claims), "part-sum")
    assert ("consistent", math.inf) == (finding.verdict, finding.margin_abs)


def test_nested_subject_and_measure_sums_are_followed() -> None:
    claims = ClaimSet(
        [
            make("both", Range.more_than(1_000_000, "person"), subject="both"),
            make("russia", exact(700_000)),
            make("uk", exact(43_000), measure="killed", subject="ukraine"),
            make("uw", exact(370_000), measure="wounded", subject="ukraine"),
        ],
        relations=[MEASURES, SUBJECTS],
    )
    finding = only(ck.check(claims), "part-sum")
    assert ("both", "russia", "uk", "uw") == finding.claims


def test_implied_ukraine_from_rutte() -> None:
    claims = ClaimSet(
        [
            make("both", Range.more_than(1_000_000, "person"), subject="both"),
            make("russia", Range.from_rounded("700,000", "person")),
        ],
        relations=[SUBJECTS],
    )
    implied = ck.check(claims).implied("casualties", "ukraine", WAR)
    assert (250_000, math.inf) == (implied.lo, implied.hi)


def test_implied_as_a_rate() -> None:
    claims = ClaimSet([make("a", exact(7_000), period=Period(START, START + timedelta(70)))])
    implied = ck.check(claims).implied("casualties", "russia", claims["a"].period, per="week")
    assert (700, 700) == (pytest.approx(implied.lo), pytest.approx(implied.hi))


def test_implied_of_an_unsplit_part_is_bounded_by_its_total() -> None:
    claims = ClaimSet([make("a", exact(1_000))], relations=[MEASURES])
    implied = ck.check(claims).implied("killed", "russia", WAR)
    assert (0, 1_000) == (implied.lo, implied.hi)


def test_implied_of_a_sub_period_uses_a_new_date() -> None:
    claims = ClaimSet(daily([10, 20, 30]))
    second_day = Period(START + timedelta(1), START + timedelta(2))
    implied = ck.check(claims).implied("casualties", "russia", second_day)
    assert (10, 10) == (implied.lo, implied.hi)


def test_implied_of_unknown_measure_is_refused() -> None:
    with pytest.raises(UnknownIdError, match="did you mean 'casualties'"):
        ck.check([make("a", exact(1))]).implied("casualty", "russia", WAR)


def test_implied_is_empty_when_the_claims_conflict() -> None:
    report = ck.check([make("a", exact(1)), make("b", exact(2))])
    assert report.implied("casualties", "russia", WAR).is_empty


# -- strict ends -------------------------------------------------------------------


def test_over_and_at_most_the_same_figure_conflict() -> None:
    a = make("a", Range.more_than(1_000_000, "person"))
    b = make("b", Range.at_most(1_000_000, "person"))
    assert not ck.check([a, b]).consistent


def test_touching_open_ends_give_margin_zero() -> None:
    a = make("a", Range.more_than(1_000_000, "person"))
    b = make("b", Range.at_most(1_000_000, "person"))
    finding = only(ck.check([a, b]), "conflict-set")
    assert (0.0, 0.0, True) == (finding.margin, finding.margin_abs, finding.touching)


def test_touching_open_ends_are_said_in_words() -> None:
    a = make("a", Range.more_than(1_000_000, "person"))
    b = make("b", Range.at_most(1_000_000, "person"))
    assert "strict ends touch" in only(ck.check([a, b]), "conflict-set").relation


def test_at_least_and_at_most_the_same_figure_are_consistent() -> None:
    a = make("a", Range.at_least(1_000_000, "person"))
    b = make("b", Range.at_most(1_000_000, "person"))
    report = ck.check([a, b])
    assert (True, "tension", 0.0) == (
        report.consistent,
        report.findings[0].verdict,
        report.findings[0].margin,
    )


def test_over_and_at_most_slightly_more_are_consistent() -> None:
    a = make("a", Range.more_than(1_000_000, "person"))
    b = make("b", Range.at_most(1_000_001, "person"))
    assert ck.check([a, b]).consistent


# -- conflicts and irreducible subsets ------------------------------------------------


def test_a_decreasing_cumulative_series_names_the_pair() -> None:
    report = ck.check(daily([10, 20, 15, 40]))
    assert [("d1", "d2")] == [f.claims for f in report.conflicts if f.kind == "conflict-set"]


def test_conflict_set_mentions_that_counts_cannot_decrease() -> None:
    report = ck.check(daily([10, 20, 15, 40]))
    assert "cannot decrease" in only(report, "conflict-set").relation


def test_independent_conflicts_each_get_a_subset() -> None:
    report = ck.check(daily([10, 5, 20, 15]))
    sets = {f.claims for f in report.findings if f.kind == "conflict-set"}
    assert {("d0", "d1"), ("d2", "d3")} == sets


def test_three_claim_conflict_is_irreducible() -> None:
    claims = ClaimSet(
        [
            make("total", exact(100)),
            make("killed", person(60, 70), measure="killed"),
            make("wounded", person(50, 60), measure="wounded"),
            make("other", person(0, 1_000), subject="ukraine"),
        ],
        relations=[MEASURES],
    )
    finding = only(ck.check(claims), "conflict-set")
    assert ("killed", "total", "wounded") == finding.claims  # listed by id


def test_conflict_set_stretch_and_gap() -> None:
    claims = ClaimSet(
        [
            make("total", exact(100)),
            make("killed", exact(60), measure="killed"),
            make("wounded", exact(60), measure="wounded"),
        ],
        relations=[MEASURES],
    )
    finding = only(ck.check(claims), "conflict-set")
    # 100 (1 + e) = 120 (1 - e)  ->  e = 20 / 220
    assert (pytest.approx(-20 / 220), -20) == (finding.margin, finding.margin_abs)


def test_conflict_set_unit_is_the_family_unit() -> None:
    report = ck.check([make("a", exact(1)), make("b", exact(2))])
    assert "person" == only(report, "conflict-set").unit


def test_max_conflicts_limits_the_search_and_says_so() -> None:
    report = ck.check(daily([10, 5, 20, 15, 30, 25]), max_conflicts=1)
    assert (1, True) == (
        len([f for f in report.findings if f.kind == "conflict-set"]),
        any("max_conflicts" in note for note in report.notes),
    )


# -- monotone, additivity, rates ----------------------------------------------------------


def test_daily_series_gives_consecutive_monotone_findings_only() -> None:
    report = ck.check(daily([float(10 * i) for i in range(1, 51)]))
    assert 49 == len([f for f in report.findings if f.kind == "monotone"])


def test_monotone_finding_pairs_the_enclosing_total_first() -> None:
    report = ck.check(daily([10, 20]))
    assert ("d1", "d0") == only(report, "monotone").claims


def test_monthly_total_against_two_cumulative_totals() -> None:
    before = make("before", exact(700_000), period=Period(START, NOV.start))
    after = make("after", exact(745_690), period=Period(START, NOV.end))
    month = make("nov", Range.from_rounded("45,690", "person"), period=NOV)
    finding = only(ck.check([before, after, month]), "time-additivity")
    assert ("nov", "after", "before") == finding.claims


def test_additivity_detects_a_month_that_does_not_fit() -> None:
    before = make("before", exact(700_000), period=Period(START, NOV.start))
    after = make("after", exact(760_000), period=Period(START, NOV.end))
    month = make("nov", Range.from_rounded("45,690", "person"), period=NOV)
    assert "conflict" == only(ck.check([before, after, month]), "time-additivity").verdict


def test_rate_against_totals_is_a_rate_vs_total_finding() -> None:
    before = make("before", exact(700_000), period=Period(START, NOV.start))
    after = make("after", exact(743_000), period=Period(START, NOV.end))
    rate = make("rate", Range(10_000, 10_100, "person / week"), period=NOV, kind="rate")
    finding = only(ck.check([before, after, rate]), "rate-vs-total")
    assert ("rate", "consistent") == (finding.claims[0], finding.verdict)


def test_rate_margin_abs_is_in_the_rate_unit() -> None:
    a = make("a", Range(7, 14, "person / week"), kind="rate", period=NOV)
    b = make("b", Range(70, 140, "person / week"), kind="rate", period=NOV)
    finding = only(ck.check([a, b]), "same-quantity")
    assert ("person / week", pytest.approx(-56)) == (finding.unit, finding.margin_abs)


def test_each_week_reading_binds_every_week() -> None:
    weeks = Period(START, START + timedelta(28))
    rate = make("rate", Range.at_least(10, "person / week"), kind="rate", period=weeks)
    rate = rate.replace(reading="each")
    week2 = make("week2", person(0, 5), period=Period(START + timedelta(7), START + timedelta(14)))
    assert not ck.check([rate, week2]).consistent


def test_average_reading_does_not_bind_each_week() -> None:
    weeks = Period(START, START + timedelta(28))
    rate = make("rate", Range.at_least(10, "person / week"), kind="rate", period=weeks)
    week2 = make("week2", person(0, 5), period=Period(START + timedelta(7), START + timedelta(14)))
    assert ck.check([rate, week2]).consistent


def test_each_reading_without_a_whole_window_is_noted() -> None:
    rate = make("rate", Range.at_least(10, "person / week"), kind="rate", reading="each")
    rate = rate.replace(period=Period(START, START + timedelta(5)))
    assert "constrains nothing" in ck.check([rate]).notes[0]


# -- comparisons ----------------------------------------------------------------------


def test_weekly_rate_is_compared_with_the_war_average() -> None:
    total = make("total", Range.more_than(1_000_000, "person"), subject="both")
    weekly = make(
        "weekly",
        Range.more_than(10_000, "person / week"),
        subject="both",
        kind="rate",
        period=Period.week_ending(date(2024, 12, 11)),
    )
    comparison = ck.check([total, weekly]).comparisons[0]
    assert (pytest.approx(1_000_000 / 146), 10_000) == (
        comparison.values[1].lo,
        comparison.values[0].lo,
    )


def test_explicit_comparison_uses_the_rate_unit() -> None:
    nov = make("nov", Range.from_rounded("45,690", "person"), period=NOV)
    weekly = make(
        "weekly",
        Range.more_than(10_000, "person / week"),
        subject="both",
        kind="rate",
        period=Period.week_ending(date(2024, 12, 11)),
    )
    comparison = ck.check([nov, weekly], compare=[("nov", "weekly")]).comparisons[-1]
    assert ("person / week", pytest.approx(45_685 * 7 / 30)) == (
        comparison.unit,
        comparison.values[0].lo,
    )


def test_comparison_with_an_unknown_id_is_refused() -> None:
    with pytest.raises(UnknownIdError):
        ck.check([make("a", exact(1))], compare=[("a", "b")])


def test_comparison_entry_must_be_a_pair() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="compare entry"):
        ck.check([make("a", exact(1))], compare=[("a",)])


def test_tension_threshold_must_be_a_fraction() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="tension"):
        ck.check([make("a", exact(1))], tension=5)


@pytest.mark.parametrize(
    ("option", "value"),
    [("exact_bounds", -1), ("exact_bounds", 1.5), ("max_conflicts", 0), ("max_conflicts", "3")],
)
def test_limits_must_be_whole_numbers(option: str, value: object) -> None:
    with pytest.raises(ck.InvalidArgumentError, match=f"{option} must be an int of at least"):
        ck.check([make("a", exact(1))], **{option: value})  # type: ignore[arg-type]


def test_tension_threshold_changes_the_verdict() -> None:
    a = make("rutte", Range.from_rounded("700,000", "person"))
    b = make("zelenskyy", Range.from_rounded("750,000", "person"))
    assert "consistent" == ck.check([a, b], tension=0.05).findings[0].verdict


# -- bounds ---------------------------------------------------------------------


def test_bounds_list_every_quantity_once() -> None:
    report = ck.check([make("a", person(1, 10)), make("b", person(5, 20))])
    assert [("a", "b")] == [b.claims for b in report.bounds]


def test_exact_bounds_intersect_the_claims() -> None:
    report = ck.check([make("a", person(1, 10)), make("b", person(5, 20))])
    bound = report.bounds[0]
    assert ((5, 10), (5, 10)) == (
        (bound.exact.lo, bound.exact.hi),  # type: ignore[union-attr]
        (bound.propagated.lo, bound.propagated.hi),
    )


def test_exact_bounds_are_skipped_above_the_limit() -> None:
    report = ck.check([make("a", person(1, 10))], exact_bounds=0)
    assert report.bounds[0].exact is None


def test_bounds_of_a_conflicting_group_stand_on_its_least_relaxation() -> None:
    # Moving 2 down to 1 costs half of it, moving 1 up to 2 all of it.
    (bounds,) = ck.check([make("a", exact(1)), make("b", exact(2))]).bounds
    assert (bounds.propagated, bounds.basis) == (exact(1), "relaxed")


def test_bounds_follow_from_other_claims() -> None:
    claims = ClaimSet(
        [
            make("total", person(100, 110)),
            make("killed", person(30, 40), measure="killed"),
            make("wounded", person(0, 1_000), measure="wounded"),
        ],
        relations=[MEASURES],
    )
    wounded = next(b for b in ck.check(claims).bounds if b.claims == ("wounded",))
    assert (60, 80) == (wounded.exact.lo, wounded.exact.hi)  # type: ignore[union-attr]


# -- report ---------------------------------------------------------------------


def test_findings_list_conflicts_first() -> None:
    claims = [
        make("a", exact(1)),
        make("b", exact(2)),
        make("c", person(1, 2), subject="ukraine"),
        make("d", person(1, 2), subject="ukraine"),
    ]
    verdicts = [f.verdict for f in ck.check(claims).findings]
    assert verdicts == sorted(verdicts, key=["conflict", "tension", "consistent"].index)


def test_counts_match_the_findings() -> None:
    report = ck.check(daily([10, 20, 15]))
    counts = {v: sum(f.verdict == v for f in report.findings) for v in report.counts()}
    assert counts == report.counts()


def test_empty_claim_set_is_consistent() -> None:
    report = ck.check([])
    assert (True, (), ()) == (report.consistent, report.findings, report.bounds)


def test_components_are_counted() -> None:
    report = ck.check([make("a", exact(1)), make("b", exact(1), subject="ukraine")])
    assert 2 == report.components


def test_repr_is_short() -> None:
    report = ck.check([make("a", exact(1)), make("b", exact(2))])
    assert "<Report: 2 claims, not consistent, 2 findings (2 conflicts)>" == repr(report)


def test_str_has_a_findings_table() -> None:
    text = str(ck.check([make("a", exact(1)), make("b", exact(2))]))
    assert "gap 1 person" in text.split("Findings")[1]


def test_markdown_has_pipe_tables() -> None:
    text = ck.check([make("a", exact(1)), make("b", exact(2))]).to_markdown()
    assert "| verdict | margin |" in text


def test_json_has_the_documented_top_level_keys() -> None:
    data = json.loads(ck.check([make("a", exact(1))]).to_json())
    assert {
        "schema_version",
        "headline",
        "consistent",
        "claims",
        "components",
        "counts",
        "settings",
        "findings",
        "groups",
        "bounds",
        "comparisons",
        "notes",
    } == set(data)


def test_json_finding_fields() -> None:
    data = json.loads(ck.check([make("a", exact(1)), make("b", exact(2))]).to_json())
    assert {
        "kind",
        "verdict",
        "claims",
        "sources",
        "relation",
        "margin",
        "margin_abs",
        "unit",
        "touching",
    } == set(data["findings"][0])


def test_json_writes_unbounded_ends_as_null() -> None:
    data = json.loads(ck.check([make("a", Range.more_than(5, "person"))]).to_json())
    assert None is data["bounds"][0]["exact"]["hi"]


def test_check_accepts_a_claimset_or_a_list() -> None:
    claims = [make("a", exact(1))]
    assert ck.check(claims).claimset == ck.check(ClaimSet(claims)).claimset


def test_import_does_not_load_the_solver() -> None:
    code = (
        "import sys, claimkit; "
        "print(','.join(m for m in ('highspy', 'scipy.optimize', 'scipy.sparse') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "" == result.stdout.strip()


def test_a_claim_of_exactly_zero_is_met_by_a_full_stretch_of_the_other() -> None:
    # At a stretch of 1 every range contains 0, so no stretch exceeds 1.
    report = ck.check([make("a", exact(0)), make("b", person(5, 10))])
    assert (-1.0, -1.0) == tuple(
        f.margin for f in report.findings if f.kind in ("conflict-set", "same-quantity")
    )


def test_an_end_at_zero_stretches_by_the_claim_size() -> None:
    report = ck.check([make("a", person(0, 100)), make("b", person(120, 130))])
    # 100 (1 + e) = 120 (1 - e)
    assert pytest.approx(-20 / 220) == only(report, "same-quantity").margin


# -- the seed article, end to end -------------------------------------------------


def article(approximately: ck.HedgePolicy | None = None) -> ClaimSet:
    """The article's figures, all read as of the press conference of 2024-12-12."""
    policy = approximately or ck.HedgePolicy()

    def q(text: str, unit: str = "person") -> Range:
        return ck.parse_quantity(text, unit, policy=policy)

    both = {"subject": "both"}
    ukraine = {"subject": "ukraine"}
    return ClaimSet(
        [
            make("rutte-total", q("over one million"), source=RUTTE, **both),
            make(
                "rutte-weekly",
                q("over 10,000 every week", "person"),
                source=RUTTE,
                kind="rate",
                period=Period.week_ending(date(2024, 12, 11)),
                **both,
            ),
            make("rutte-russia", q("approximately 700,000"), source=RUTTE),
            make("november", q("approximately 45,690"), period=NOV),
            make("zelenskyy-ukraine-killed", q("43,000"), measure="killed", **ukraine),
            make("zelenskyy-ukraine-wounded", q("370,000"), measure="wounded", **ukraine),
            make("zelenskyy-russia", q("750,000"), source=ZELENSKYY),
            make("zelenskyy-russia-killed", q("198,000"), measure="killed"),
            make("zelenskyy-russia-wounded", q("over 550,000"), measure="wounded"),
        ],
        relations=[MEASURES, SUBJECTS],
    )


def finding_of(report: Report, *claims: str) -> Finding:
    return next(f for f in report.findings if f.claims == claims)


def test_article_claims_are_consistent() -> None:
    assert ck.check(article()).consistent


def test_article_zelenskyy_parts_fit_his_total() -> None:
    finding = finding_of(
        ck.check(article()),
        "zelenskyy-russia",
        "zelenskyy-russia-killed",
        "zelenskyy-russia-wounded",
    )
    assert ("part-sum", "tension") == (finding.kind, finding.verdict)


def test_article_russia_and_ukraine_fit_over_one_million() -> None:
    finding = finding_of(
        ck.check(article()),
        "rutte-total",
        "rutte-russia",
        "zelenskyy-ukraine-killed",
        "zelenskyy-ukraine-wounded",
    )
    assert ("part-sum", "consistent") == (finding.kind, finding.verdict)


def test_article_rutte_against_zelenskyy_is_a_tension() -> None:
    finding = finding_of(ck.check(article()), "rutte-russia", "zelenskyy-russia")
    assert ("tension", pytest.approx(1 / 11)) == (finding.verdict, finding.margin)


def test_article_tight_approximately_makes_it_a_conflict() -> None:
    tight = ck.HedgePolicy(rounding="exact", approx_rel=0.01)
    finding = finding_of(ck.check(article(tight)), "rutte-russia", "zelenskyy-russia")
    assert "conflict" == finding.verdict


def test_article_implies_ukrainian_casualties_from_rutte() -> None:
    rutte_only = article().without(
        [c.id for c in article() if c.id not in ("rutte-total", "rutte-russia")]
    )
    implied = ck.check(rutte_only).implied("casualties", "ukraine", WAR)
    assert (250_000, math.inf) == (implied.lo, implied.hi)


def test_article_weekly_rate_beside_the_war_average() -> None:
    comparison = ck.check(article()).comparisons[0]
    assert (("rutte-weekly", "rutte-total"), 10_000, pytest.approx(6_849.3, abs=0.1)) == (
        comparison.claims,
        comparison.values[0].lo,
        comparison.values[1].lo,
    )


def test_article_november_alone_exceeds_10000_a_week() -> None:
    report = ck.check(article(), compare=[("november", "rutte-weekly")])
    november, weekly = report.comparisons[-1].values
    assert (10_000, True) == (weekly.lo, november.lo > 10_000)


def test_check_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    was = gc.isenabled()
    ck.check([make("a", exact(1))])
    assert was == gc.isenabled()


def test_an_error_while_the_groups_are_decided_reaches_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The groups are decided on a thread of their own while the local findings are
    # decided: what goes wrong there is raised by check() as it was raised.
    import claimkit.engine._steps as steps

    def fails(*args: Any, **kwargs: Any) -> Any:
        raise ck.NumericalError("HiGHS gave up on block 3")

    monkeypatch.setattr(steps._engine, "feasible_and_cleared", fails)
    with pytest.raises(ck.NumericalError, match="gave up on block 3"):
        ck.check([make("a", exact(1)), make("b", exact(2))])


def test_a_rate_meeting_a_total_within_rounding_keeps_its_bounds() -> None:
    # 0.35 a week over 20 days is 1 person, one rounding error off.
    period = Period(date(2024, 1, 2), date(2024, 1, 22))
    total = make("total", Range.at_least(1, "person"), period=period)
    rate = make("rate", Range.exact(0.35, "person / week"), period=period, kind="rate")
    bound = ck.check([total, rate]).bounds[0]
    assert (1.0, 1.0) == (pytest.approx(bound.propagated.lo), pytest.approx(bound.propagated.hi))


# -- extreme magnitudes -----------------------------------------------------------
# A Range accepts any non-negative float, so check() must cope with tiny, subnormal
# and huge figures as well as with counts of people.

EXTREMES = [1e-20, 1e-300, 5e-324, 1e300, 1.7e308]


def same_pair(lo: float, hi: float, other: Range) -> ClaimSet:
    return ClaimSet([make("a", person(lo, hi)), make("b", other)])


@pytest.mark.parametrize("v", EXTREMES)
def test_a_consistent_pair_of_extreme_magnitude_is_consistent(v: float) -> None:
    report = ck.check(same_pair(v, v, person(v, 2 * v)))
    assert (True, ()) == (report.consistent, report.conflicts)


@pytest.mark.parametrize("v", EXTREMES)
def test_the_bounds_of_an_extreme_magnitude_are_its_value(v: float) -> None:
    bound = ck.check(same_pair(v, v, person(v, 2 * v))).bounds[0]
    assert bound.exact is not None
    assert (v, v, v, v) == (
        pytest.approx(bound.propagated.lo, rel=1e-9),
        pytest.approx(bound.propagated.hi, rel=1e-9),
        pytest.approx(bound.exact.lo, rel=1e-9),
        pytest.approx(bound.exact.hi, rel=1e-9),
    )


@pytest.mark.parametrize("v", EXTREMES)
def test_the_implied_value_of_an_extreme_magnitude_is_its_value(v: float) -> None:
    implied = ck.check(same_pair(v, v, person(v, 2 * v))).implied("casualties", "russia", WAR)
    assert (v, v) == (pytest.approx(implied.lo, rel=1e-9), pytest.approx(implied.hi, rel=1e-9))


@pytest.mark.parametrize("v", EXTREMES)
def test_the_report_of_an_extreme_magnitude_renders(v: float) -> None:
    report = ck.check(same_pair(v, v, person(v, 2 * v)))
    assert "consistent" in str(report)
    assert json.loads(report.to_json())["consistent"]


@pytest.mark.parametrize("unit", [1e-20, 1e-300, 1e-321, 1e300])
def test_a_conflicting_pair_of_extreme_magnitude_conflicts_and_is_named(unit: float) -> None:
    report = ck.check(same_pair(unit, unit, person(3 * unit, 4 * unit)))
    sets = [f.claims for f in report.conflicts if f.kind == "conflict-set"]
    assert (False, [("a", "b")]) == (report.consistent, sets)


@pytest.mark.parametrize("unit", [1e-20, 1e-300, 1e-321, 1e300])
def test_a_conflicting_pair_of_extreme_magnitude_has_its_stretch(unit: float) -> None:
    # [1, 1] and [3, 4] meet at 1 + eps = 3 (1 - eps): eps = 1/2, in any unit.
    report = ck.check(same_pair(unit, unit, person(3 * unit, 4 * unit)))
    finding = only(report, "same-quantity")
    assert ("conflict", pytest.approx(0.5, rel=1e-6)) == (finding.verdict, finding.stretch)


@pytest.mark.parametrize(
    ("unit", "gap"), [(1e-20, "gap 2e-20 people"), (1e300, "gap 2e+300 people")]
)
def test_the_gap_of_an_extreme_magnitude_is_written_in_a_few_digits(unit: float, gap: str) -> None:
    report = ck.check(same_pair(unit, unit, person(3 * unit, 4 * unit)))
    assert gap in str(report)


@pytest.mark.parametrize("tiny", [5e-324, 1e-318, 1e-310])
def test_a_claim_of_0_beside_a_subnormal_one_is_checked(tiny: float) -> None:
    # The group's smallest scale, a millionth of its largest claim, underflows to 0
    # here: rows were divided by it. Claims that hold are consistent, and a clash is
    # still found, without a warning or a numerical error.
    month = Period(date(2024, 1, 1), date(2024, 2, 1))
    day = Period(date(2024, 1, 1), date(2024, 1, 2))
    at_least = Range(tiny, math.inf, "person", hi_open=True)
    zero_on = Range(0.0, math.inf, "person", hi_open=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = ck.check([make("day", zero_on, period=day), make("month", at_least, period=month)])
        clash = ck.check(
            [make("day", person(0.0, 0.0), period=month), make("month", at_least, period=month)]
        )
    assert (True, ()) == (report.consistent, report.conflicts)
    sets = [f.claims for f in clash.conflicts if f.kind == "conflict-set"]
    assert (False, [("day", "month")]) == (clash.consistent, sets)


def test_claims_of_very_different_magnitudes_in_one_group_are_consistent() -> None:
    month = Period(date(2024, 1, 1), date(2024, 2, 1))
    day = Period(date(2024, 1, 15), date(2024, 1, 16))
    claims = [
        make("month", person(1e300, 1e300), period=month),
        make("day", person(1e-300, 1e-300), period=day),
        make("day-again", person(1e-300, 2e-300), period=day),
    ]
    report = ck.check(claims)
    assert (True, ()) == (report.consistent, report.conflicts)


def test_a_total_beyond_the_largest_float_is_an_error_naming_the_claim() -> None:
    rate = make(
        "huge-rate",
        Range.exact(1e308, "person / day"),
        kind="rate",
        period=Period(date(2024, 1, 1), date(2024, 2, 1)),
    )
    with pytest.raises(NumericalError, match="claim 'huge-rate': the lower end"):
        ck.check([rate])


@pytest.mark.parametrize("first", ["a", "b"])
def test_bounds_are_in_the_family_base_unit_whatever_claim_is_given_first(first: str) -> None:
    # A family is counted in the base unit of its claims' units (person, not
    # kiloperson), whichever claim comes first.
    claims = {
        "b": make("b", ck.Range(1, 2, "kiloperson")),
        "a": make("a", person(1_000, 1_500)),
    }
    given = [claims[first], *(c for k, c in claims.items() if k != first)]
    report = ck.check(given)
    assert ["person"] == [b.exact.unit for b in report.bounds if b.exact is not None]
    assert [str(b.exact) for b in report.bounds if b.exact is not None] == ["[1,000, 1,500] person"]


@pytest.mark.parametrize("reverse", [False, True])
def test_an_each_rate_in_another_count_unit_keeps_its_windows_in_any_order(reverse: bool) -> None:
    # At most one person in a week against at least 100 a week each week: a conflict,
    # whichever claim comes first (the window is a week, whatever the count unit).
    week = ck.Period(date(2024, 1, 1), date(2024, 1, 8))
    a = ck.Claim(
        id="a",
        measure="killed",
        subject="russia",
        kind="total",
        period=week,
        value=ck.Range(0, 0.001, "kiloperson"),
    )
    b = ck.Claim(
        id="b",
        measure="killed",
        subject="russia",
        kind="rate",
        reading="each",
        period=week,
        value=ck.Range.at_least(100, "person / week"),
    )
    report = ck.check([b, a] if reverse else [a, b])
    assert not report.consistent
    assert {("a", "b")} == {f.claims for f in report.conflicts}


def test_a_consistent_report_holds_no_empty_bound() -> None:
    # The LP's minimum of c9's quantity comes out 8e-17 above its maximum of 0: the
    # bound is the hull of the two, never empty, in a report that says consistent.
    def claim(claim_id: str, measure: str, subject: str, days: tuple[int, int], value: ck.Range):
        period = ck.Period(date(2024, 1, days[0]), date(2024, 1, days[1]))
        return ck.Claim(id=claim_id, measure=measure, subject=subject, period=period, value=value)

    claims = [
        claim(
            "c0",
            "casualties",
            "russia",
            (10, 12),
            ck.Range.at_least(1358.5895172790267, "person / fortnight"),
        ),
        claim(
            "c3",
            "killed",
            "russia",
            (5, 8),
            ck.Range(0, 1.0062333333333335, "kiloperson / day", hi_open=True),
        ),
        claim("c4", "wounded", "ukraine", (8, 14), ck.Range(0, 0, "kiloperson / month")),
        claim("c5", "wounded", "both", (12, 14), ck.Range(24.3, 27.0, "person")),
        claim(
            "c6", "casualties", "russia", (6, 7), ck.Range(0, 1.083083, "kiloperson", hi_open=True)
        ),
        claim("c7", "wounded", "ukraine", (4, 10), ck.Range(0, 2, "person / month")),
        claim("c8", "wounded", "ukraine", (7, 8), ck.Range(0, 1, "kiloperson")),
        claim("c9", "wounded", "ukraine", (8, 11), ck.Range(0, 2, "person / week")),
    ]
    relations = [
        ck.Sum("casualties", ["killed", "wounded"]),
        ck.Sum("both", ["russia", "ukraine"], over="subject"),
    ]
    report = ck.check(ck.ClaimSet(claims, relations=relations))
    assert report.consistent
    assert [] == [b.claims for b in report.bounds if b.exact is None or b.exact.is_empty]
    (c9,) = [b for b in report.bounds if b.claims == ("c9",)]
    assert c9.exact is not None
    assert 0.0 == c9.exact.lo
    assert c9.exact.hi <= 1e-9
    assert all(not b["exact"].get("empty", False) for b in json.loads(report.to_json())["bounds"])
