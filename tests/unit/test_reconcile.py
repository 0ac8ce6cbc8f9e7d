"""Unit tests for claimkit.reconciliation: hand-made cases with known answers."""

from __future__ import annotations

import json
import math
from datetime import date
from fractions import Fraction

import pytest

import claimkit as ck
from claimkit.reconciliation import reconcile

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
NOV = ck.Period.month(2024, 11)
RUTTE = ck.Source("Mark Rutte")
ZELENSKY = ck.Source("Volodymyr Zelenskyy")


def claim(
    claim_id: str, value: ck.Range, source: ck.Source | None = None, **fields: object
) -> ck.Claim:
    base: dict[str, object] = {
        "measure": "casualties",
        "subject": "russia",
        "period": WAR,
        "kind": "total",
    }
    base.update(fields)
    return ck.Claim(id=claim_id, value=value, source=source, **base)  # type: ignore[arg-type]


def person(lo: float, hi: float, **flags: bool) -> ck.Range:
    return ck.Range(lo, hi, "person", **flags)


def exact(x: float) -> ck.Range:
    return ck.Range.exact(x, "person")


ROUNDED = [
    claim("rutte", ck.Range.from_rounded("700,000", "person"), RUTTE),
    claim("zelensky", ck.Range.from_rounded("750,000", "person", min_significant=2), ZELENSKY),
]
EXACT = [claim("rutte", exact(700_000), RUTTE), claim("zelensky", exact(750_000), ZELENSKY)]


# -- the article's figures ---------------------------------------------------------


def test_article_rounded_ranges_need_no_stretch() -> None:
    result = reconcile(ROUNDED, "stretch")
    assert 0.0 == result.stretch


def test_article_rounded_ranges_meet_in_their_overlap() -> None:
    assert person(745_000, 750_000) == reconcile(ROUNDED, "stretch").value


def test_article_rounded_ranges_overlap() -> None:
    assert "overlap" == reconcile(ROUNDED, "stretch").status


def test_article_exact_figures_stretch_by_one_twenty_ninth() -> None:
    result = reconcile(EXACT, "stretch")
    assert result.stretch is not None
    assert Fraction(1, 29) <= Fraction(result.stretch) < Fraction(1, 29) * (1 + Fraction(1, 10**15))


def test_article_exact_figures_meet_at_724138() -> None:
    value = reconcile(EXACT, "stretch").value
    meeting = Fraction(700_000) * (1 + Fraction(1, 29))
    assert Fraction(value.lo) <= meeting <= Fraction(value.hi)
    assert 724_138 == round(value.midpoint)


def test_article_exact_figures_each_claim_stretches_by_eps() -> None:
    result = reconcile(EXACT, "stretch")
    assert [result.stretch, result.stretch] == [a.stretch for a in result.adjustments]


def test_article_exact_figures_are_disjoint() -> None:
    assert "disjoint" == reconcile(EXACT, "stretch").status


def test_article_intersection_is_the_overlap() -> None:
    assert person(745_000, 750_000) == reconcile(ROUNDED, "intersection").value


def test_article_weighted_leans_to_the_narrow_claim() -> None:
    result = reconcile(ROUNDED, "weighted")
    assert result.estimate is not None
    # weights 1/var: 100 to 1 for a range ten times narrower
    assert (700_000 + 100 * 750_000) / 101 == pytest.approx(result.estimate, rel=1e-12)


# -- intersection and hull -------------------------------------------------------


def test_intersection_of_disjoint_claims_names_them_and_the_gap() -> None:
    with pytest.raises(ck.ReconciliationError, match=r"'rutte'.*'zelensky'.*gap of 50,000"):
        reconcile(EXACT, "intersection")


def test_intersection_of_claims_touching_at_an_open_end_says_so() -> None:
    claims = [
        claim("a", ck.Range.more_than(750_000, "person")),
        claim("b", ck.Range.at_most(750_000, "person")),
    ]
    with pytest.raises(ck.ReconciliationError, match="'a' excludes"):
        reconcile(claims, "intersection")


def test_intersection_error_counts_disjoint_pairs() -> None:
    claims = [claim("a", exact(1)), claim("b", exact(2)), claim("c", exact(3))]
    with pytest.raises(ck.ReconciliationError, match="3 pairs"):
        reconcile(claims, "intersection")


def test_hull_covers_every_claim() -> None:
    assert person(700_000, 750_000) == reconcile(EXACT, "hull").value


def test_hull_leaves_every_claim_unmoved() -> None:
    assert not any(a.moved for a in reconcile(EXACT, "hull").adjustments)


# -- status ------------------------------------------------------------------------


def test_nested_claims_agree() -> None:
    claims = [claim("a", ck.Range.more_than(600_000, "person")), claim("b", person(7e5, 8e5))]
    assert "agree" == reconcile(claims, "hull").status


def test_a_single_claim_agrees_with_itself() -> None:
    result = reconcile([claim("a", person(1, 2))], "stretch")
    assert ("agree", person(1, 2)) == (result.status, result.value)


# -- stretch -----------------------------------------------------------------------


def test_stretch_weights_divide_each_claims_widening() -> None:
    # 700k * (1 + e) = 750k * (1 - e / 3)  ->  e = 1/19
    claims = [EXACT[0], EXACT[1].replace(source=ck.Source("Z", weight=3))]
    result = reconcile(claims, "stretch")
    assert result.stretch is not None
    assert Fraction(1, 19) == pytest.approx(Fraction(result.stretch), rel=1e-15)


def test_stretch_moves_the_value_toward_the_heavier_source() -> None:
    claims = [EXACT[0], EXACT[1].replace(source=ck.Source("Z", weight=3))]
    assert 736_842 == round(reconcile(claims, "stretch").value.midpoint)


def test_stretch_ignores_infinite_ends() -> None:
    claims = [claim("a", ck.Range.at_least(1_000_000, "person")), claim("b", person(8e5, 9e5))]
    result = reconcile(claims, "stretch")
    assert result.stretch is not None
    assert pytest.approx(1 / 19, rel=1e-15) == result.stretch


def test_stretch_moves_an_end_at_zero_by_the_claims_size() -> None:
    # [-10, 0] and [5, 6]: 0 moves up by 10 e, 5 down by 5 e  ->  e = 1/3, meeting at 10/3
    claims = [claim("a", person(-10, 0)), claim("b", person(5, 6))]
    result = reconcile(claims, "stretch")
    assert pytest.approx(10 / 3, rel=1e-15) == result.value.midpoint


def test_stretch_cannot_move_an_exact_zero() -> None:
    result = reconcile([claim("a", exact(0)), claim("b", exact(10))], "stretch")
    assert (1.0, exact(0)) == (result.stretch, result.value)


def test_stretch_of_claims_touching_at_an_open_end_is_zero_in_the_limit() -> None:
    claims = [
        claim("a", ck.Range.more_than(750_000, "person")),
        claim("b", ck.Range.at_most(750_000, "person")),
    ]
    result = reconcile(claims, "stretch")
    assert (0.0, exact(750_000), "disjoint") == (result.stretch, result.value, result.status)


def test_stretch_of_touching_claims_notes_the_open_end() -> None:
    claims = [
        claim("a", ck.Range.more_than(750_000, "person")),
        claim("b", ck.Range.at_most(750_000, "person")),
    ]
    assert any("open end" in note for note in reconcile(claims, "stretch").notes)


def test_stretch_keeps_open_ends_open_and_reports_the_limit() -> None:
    claims = [
        claim("a", ck.Range.less_than(700_000, "person")),
        claim("b", ck.Range.more_than(750_000, "person")),
    ]
    result = reconcile(claims, "stretch")
    assert result.stretch is not None
    assert pytest.approx(1 / 29, rel=1e-15) == result.stretch
    assert any("open end" in note for note in result.notes)


def test_three_claims_stretch_to_the_binding_pair() -> None:
    claims = [claim("a", exact(100)), claim("b", exact(110)), claim("c", exact(200))]
    result = reconcile(claims, "stretch")
    # a and c bind: 100 (1 + e) = 200 (1 - e)  ->  e = 1/3
    assert result.stretch is not None
    assert pytest.approx(1 / 3, rel=1e-15) == result.stretch


# -- units and order -----------------------------------------------------------------


def test_claims_in_other_units_are_converted_to_the_first_ids_unit() -> None:
    a = claim("a", ck.Range(7, 14, "person / week"), kind="rate", period=NOV)
    b = claim("b", ck.Range(1.5, 3, "person / day"), kind="rate", period=NOV)
    result = reconcile([b, a], "intersection")
    assert result.value.isclose(ck.Range(10.5, 14, "person / week"))


def test_adjustments_follow_the_order_given() -> None:
    assert ("zelensky", "rutte") == reconcile(EXACT[::-1], "stretch").claims


def test_adjustment_looks_up_a_claim() -> None:
    assert exact(700_000) == reconcile(EXACT, "stretch").adjustment("rutte").original


def test_adjustment_of_an_unknown_claim_raises() -> None:
    with pytest.raises(ck.UnknownIdError, match="'nobody'"):
        reconcile(EXACT, "stretch").adjustment("nobody")


# -- errors ---------------------------------------------------------------------------


def test_no_claims_is_an_error() -> None:
    with pytest.raises(ck.ReconciliationError, match="at least one claim"):
        reconcile([], "hull")


def test_a_repeated_id_is_an_error() -> None:
    with pytest.raises(ck.ReconciliationError, match="'rutte' is given twice"):
        reconcile([EXACT[0], EXACT[0]], "hull")


def test_an_item_that_is_not_a_claim_is_an_error() -> None:
    with pytest.raises(ck.ReconciliationError, match="item 1 is a Range"):
        reconcile([EXACT[0], exact(1)], "hull")  # type: ignore[list-item]


def test_a_string_is_not_a_sequence_of_claims() -> None:
    with pytest.raises(ck.ReconciliationError, match="sequence of Claim"):
        reconcile("rutte", "hull")


def test_claims_about_different_measures_are_an_error() -> None:
    other = claim("killed", exact(1), measure="killed")
    with pytest.raises(ck.ReconciliationError, match=r"'rutte'.*'killed'.*measure differs"):
        reconcile([EXACT[0], other], "hull")


def test_claims_of_different_kinds_point_to_the_conversions() -> None:
    rate = claim("weekly", ck.Range(1, 2, "person / week"), kind="rate")
    with pytest.raises(ck.ReconciliationError, match=r"kind differs.*as_total"):
        reconcile([EXACT[0], rate], "hull")


def test_claims_in_units_that_do_not_convert_are_an_error() -> None:
    ck.define_count_unit("tank")
    tanks = claim("tanks", ck.Range.exact(5, "tank"))
    with pytest.raises(ck.ReconciliationError, match="does not convert"):
        reconcile([EXACT[0], tanks], "hull")


def test_an_unknown_method_lists_the_methods() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="'intersection', 'hull'"):
        reconcile(EXACT, "average")  # type: ignore[call-overload]


def test_a_level_outside_zero_to_one_is_an_error() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="level"):
        reconcile(EXACT, "weighted", level=95)


def test_unknown_effects_are_an_error() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="effects"):
        reconcile(EXACT, "weighted", effects="mixed")  # type: ignore[arg-type]


# -- weighted ---------------------------------------------------------------------------


def test_weighted_reads_exact_figures_as_rounded() -> None:
    result = reconcile(EXACT, "weighted")
    assert ["rounding", "rounding"] == [m.reading for m in result.measurements]


def test_weighted_exact_figures_match_their_rounding_intervals() -> None:
    assert reconcile(EXACT, "weighted").estimate == reconcile(ROUNDED, "weighted").estimate


def test_weighted_heterogeneity_of_the_article_figures() -> None:
    result = reconcile(ROUNDED, "weighted")
    mu = (700_000 + 100 * 750_000) / 101
    q = (700_000 - mu) ** 2 / (100_000**2 / 12) + (750_000 - mu) ** 2 / (10_000**2 / 12)
    assert (pytest.approx(q, rel=1e-12), 1) == (result.chi2, result.dof)


def test_weighted_p_value_is_the_chi_square_tail() -> None:
    from scipy import stats

    result = reconcile(ROUNDED, "weighted")
    assert result.chi2 is not None
    assert pytest.approx(stats.chi2.sf(result.chi2, 1), rel=1e-12) == result.p_value


def test_weighted_i2_is_the_excess_over_the_degrees_of_freedom() -> None:
    result = reconcile(ROUNDED, "weighted")
    assert result.chi2 is not None
    assert pytest.approx((result.chi2 - 1) / result.chi2) == result.i2


def test_weighted_i2_is_zero_when_claims_agree_better_than_chance() -> None:
    claims = [claim("a", person(90, 110)), claim("b", person(95, 106))]
    assert 0.0 == reconcile(claims, "weighted").i2


def test_weighted_interval_is_the_estimate_plus_minus_z_standard_errors() -> None:
    result = reconcile(ROUNDED, "weighted", level=0.9)
    assert result.estimate is not None
    assert result.standard_error is not None
    half = 1.6448536269514722 * result.standard_error
    assert result.value.isclose(person(result.estimate - half, result.estimate + half))


def test_weighted_shares_add_up_to_one() -> None:
    result = reconcile(ROUNDED, "weighted")
    assert pytest.approx(1.0) == math.fsum(m.share or 0.0 for m in result.measurements)


def test_weighted_residuals_of_two_claims_square_to_the_chi_square() -> None:
    result = reconcile(ROUNDED, "weighted")
    assert [pytest.approx(result.chi2)] * 2 == [(m.z or 0.0) ** 2 for m in result.measurements]


def test_weighted_source_weight_divides_the_variance() -> None:
    equal = [claim("a", person(0, 12)), claim("b", person(12, 24))]
    heavier = [equal[0], equal[1].replace(source=ck.Source("B", weight=3))]
    # weights 1 and 3: (6 + 3 * 18) / 4 = 15
    assert 15.0 == pytest.approx(reconcile(heavier, "weighted").estimate)


def test_weighted_leaves_unbounded_claims_out_of_the_estimate() -> None:
    claims = [*ROUNDED, claim("over", ck.Range.more_than(800_000, "person"))]
    result = reconcile(claims, "weighted")
    assert reconcile(ROUNDED, "weighted").estimate == result.estimate


def test_weighted_shows_an_unbounded_claim_that_misses_the_estimate() -> None:
    claims = [*ROUNDED, claim("over", ck.Range.more_than(800_000, "person"))]
    assert reconcile(claims, "weighted").adjustment("over").moved


def test_weighted_needs_a_bounded_claim() -> None:
    claims = [
        claim("a", ck.Range.more_than(1, "person")),
        claim("b", ck.Range.at_most(5, "person")),
    ]
    with pytest.raises(ck.ReconciliationError, match="bounded claim"):
        reconcile(claims, "weighted")


def test_weighted_single_claim_has_no_heterogeneity() -> None:
    result = reconcile([claim("a", person(0, 12))], "weighted")
    assert (None, 0, None, None) == (result.chi2, result.dof, result.p_value, result.i2)


def test_random_effects_widen_the_interval_when_claims_disagree() -> None:
    fixed = reconcile(EXACT, "weighted").value
    random = reconcile(EXACT, "weighted", effects="random").value
    assert random.width > fixed.width


def test_weighted_does_not_flag_two_claims_that_agree() -> None:
    claims = [claim("a", person(90, 110)), claim("b", person(92, 108))]
    assert not any(m.flagged for m in reconcile(claims, "weighted").measurements)


def test_weighted_flags_both_of_two_claims_it_cannot_tell_apart() -> None:
    claims = [claim("a", person(90, 110)), claim("b", person(140, 160))]
    assert [True, True] == [m.flagged for m in reconcile(claims, "weighted").measurements]


def test_weighted_flags_the_outlier() -> None:
    claims = [
        claim("a", person(90, 110)),
        claim("b", person(92, 108)),
        claim("c", person(140, 160)),
    ]
    result = reconcile(claims, "weighted")
    assert ["c"] == [m.claim for m in result.measurements if m.flagged]


# -- rendering ---------------------------------------------------------------------------


def test_text_names_claims_and_sources() -> None:
    text = str(reconcile(EXACT, "stretch"))
    assert all(name in text for name in ("rutte", "zelensky", "Mark Rutte", "Volodymyr Zelenskyy"))


def test_text_shows_the_common_stretch() -> None:
    assert "common stretch: 3.45%" in str(reconcile(EXACT, "stretch"))


def test_markdown_has_a_table_of_adjustments() -> None:
    assert (
        "| claim | source | weight | original | adjusted | stretch |"
        in reconcile(EXACT, "stretch").to_markdown()
    )


def test_json_has_a_schema_version_and_null_for_unbounded_ends() -> None:
    claims = [claim("a", ck.Range.more_than(1, "person")), claim("b", person(2, 3))]
    data = json.loads(reconcile(claims, "hull").to_json())
    assert (2, None) == (data["schema_version"], data["value"]["hi"])


def test_json_of_weighted_carries_the_statistics() -> None:
    data = json.loads(reconcile(ROUNDED, "weighted").to_json())
    assert {"estimate", "chi2", "dof", "p_value", "i2"} <= {
        k for k, v in data.items() if v is not None
    }


def test_repr_is_one_line() -> None:
    assert "<Reconciliation stretch: casualties of russia, 2 claims, disjoint, value " in repr(
        reconcile(EXACT, "stretch")
    )


# -- whole claim sets: relax -------------------------------------------------------------

JAN = ck.Period.month(2024, 1)
SIDES = ck.Sum("both", ["a", "b"], over="subject")


def killed(
    claim_id: str, subject: str, value: ck.Range, weight: float = 1.0, **fields: object
) -> ck.Claim:
    base: dict[str, object] = {"period": JAN, "kind": "total"}
    base.update(fields)
    return ck.Claim(
        id=claim_id,
        measure="killed",
        subject=subject,
        value=value,
        source=ck.Source(f"source {claim_id}", weight=weight),
        **base,  # type: ignore[arg-type]
    )


PARTS = ck.ClaimSet(
    [
        killed("total", "both", exact(100), weight=100),
        killed("part-a", "a", ck.Range.at_least(60, "person")),
        killed("part-b", "b", ck.Range.at_least(60, "person")),
    ],
    relations=[SIDES],
)


def test_relax_returns_a_consistent_set_unchanged() -> None:
    claims = ck.ClaimSet(ROUNDED)
    result = reconcile(claims, "relax")
    assert (claims, 0.0, ()) == (result.reconciled, result.total_slack, result.moved)


def test_relax_moves_the_claim_that_is_cheapest_to_move() -> None:
    # moving 700,000 up costs 50/700; moving 750,000 down costs 50/750
    result = reconcile(ck.ClaimSet(EXACT), "relax")
    assert (("zelensky",), person(700_000, 750_000)) == (
        tuple(a.claim for a in result.moved),
        result.adjustment("zelensky").adjusted,
    )


def test_relax_total_slack_is_the_weighted_relative_slack() -> None:
    result = reconcile(ck.ClaimSet(EXACT), "relax")
    assert pytest.approx(50 / 750, rel=1e-9) == result.total_slack


def test_relax_reconciled_set_is_consistent() -> None:
    assert reconcile(PARTS, "relax").consistent


def test_relax_moves_an_end_near_zero_of_a_large_claim() -> None:
    # The 1 of [1, 1e9] moves by 100% of itself, 1e-9 of the claim's size: a slack
    # coefficient HiGHS would drop unless the slack column is scaled.
    claims = ck.ClaimSet(
        [killed("none", "a", exact(0)), killed("some", "a", ck.Range(1, 1e9, "person"))]
    )
    result = reconcile(claims, "relax")
    assert (("some",), person(0, 1e9), 1.0) == (
        tuple(a.claim for a in result.moved),
        result.adjustment("some").adjusted,
        result.adjustment("some").stretch,
    )
    assert ck.check(result.reconciled).consistent


@pytest.mark.parametrize("factor", [1e-300, 1e-20, 1e20, 1e300])
def test_relax_works_at_any_magnitude(factor: float) -> None:
    claims = ck.ClaimSet(
        [
            killed("low", "a", exact(700_000) * factor),
            killed("high", "a", exact(750_000) * factor),
        ]
    )
    result = reconcile(claims, "relax")
    assert pytest.approx(50 / 750, rel=1e-6) == result.total_slack
    assert ck.check(result.reconciled).consistent


def test_relax_breaks_ties_by_spreading_the_slack_evenly() -> None:
    # the parts must give up 20 between them; any split costs the same
    result = reconcile(PARTS, "relax")
    lows = [result.adjustment(i).adjusted.lo for i in ("part-a", "part-b")]
    assert [pytest.approx(50.0, rel=1e-9)] * 2 == lows


def test_relax_keeps_the_heavy_source_in_place() -> None:
    assert not reconcile(PARTS, "relax").adjustment("total").moved


def test_relax_accepts_a_list_of_claims() -> None:
    assert 1 == len(reconcile(EXACT, "relax").moved)


def test_relax_separates_strict_ends_that_touch() -> None:
    claims = [
        claim("a", ck.Range.more_than(750_000, "person")),
        claim("b", ck.Range.at_most(750_000, "person")),
    ]
    result = reconcile(claims, "relax")
    assert result.consistent
    assert 0 < result.total_slack < 1e-7  # type: ignore[operator]
    assert any("strict ends" in note for note in result.notes)


def test_relax_never_loosens_counts_decreasing() -> None:
    # a total over Jan-Mar cannot be below the total over Jan-Feb
    q1 = killed("q1", "a", person(100, 110), period=ck.Period(date(2024, 1, 1), date(2024, 4, 1)))
    jf = killed("jf", "a", person(200, 210), period=ck.Period(date(2024, 1, 1), date(2024, 3, 1)))
    result = reconcile(ck.ClaimSet([q1, jf]), "relax")
    assert person(110, 210) == result.adjustment("jf").adjusted


def test_relax_moves_a_rate_and_a_total_by_comparable_amounts() -> None:
    # 3,000 a week over November (30 days) is 12,857 in all; a total of 10,000
    weekly = killed(
        "weekly",
        "a",
        ck.Range.exact(3_000, "person / week"),
        kind="rate",
        period=ck.Period.month(2024, 11),
    )
    total = killed("total", "a", exact(10_000), period=ck.Period.month(2024, 11))
    result = reconcile([weekly, total], "relax")
    # moving the rate down to 2,333.3/week costs 22.2%; the total up, 28.6%
    assert ("weekly",) == tuple(a.claim for a in result.moved)


def test_relax_of_an_empty_set_is_empty() -> None:
    result = reconcile(ck.ClaimSet([]), "relax")
    assert ((), 0.0, True) == (result.adjustments, result.total_slack, result.consistent)


# -- whole claim sets: least squares ------------------------------------------------------

MISCLOSED = ck.ClaimSet(
    [
        killed("both", "both", person(95, 105)),
        killed("a", "a", person(35, 45)),
        killed("b", "b", person(45, 55)),
    ],
    relations=[SIDES],
)


def test_least_squares_spreads_the_misclosure_by_variance() -> None:
    # equal widths: the misclosure of 10 is shared equally
    result = reconcile(MISCLOSED, "least_squares")
    values = [m.reconciled for m in result.measurements]
    assert [pytest.approx(x, rel=1e-12) for x in (100 - 10 / 3, 40 + 10 / 3, 50 + 10 / 3)] == values


def test_least_squares_makes_the_sum_hold() -> None:
    values = {m.claim: m.reconciled for m in reconcile(MISCLOSED, "least_squares").measurements}
    assert pytest.approx(values["a"] + values["b"], rel=1e-12) == values["both"]


def test_least_squares_global_test() -> None:
    # chi2 = 10^2 / (3 * 10^2 / 12) = 4 on one degree of freedom
    result = reconcile(MISCLOSED, "least_squares")
    assert (pytest.approx(4.0, rel=1e-12), 1) == (result.chi2, result.dof)


def test_least_squares_p_value_is_the_chi_square_tail() -> None:
    from scipy import stats

    result = reconcile(MISCLOSED, "least_squares")
    assert pytest.approx(stats.chi2.sf(4.0, 1), rel=1e-9) == result.p_value


def test_least_squares_flags_the_outlier() -> None:
    claims = [
        killed("x", "a", person(90, 110)),
        killed("y", "a", person(92, 108)),
        killed("z", "a", person(140, 160)),
    ]
    result = reconcile(claims, "least_squares")
    assert ("z", ["z"]) == (result.suspect, [m.claim for m in result.measurements if m.flagged])


def test_least_squares_cannot_tell_two_claims_apart() -> None:
    claims = [killed("x", "a", person(90, 110)), killed("z", "a", person(140, 160))]
    result = reconcile(claims, "least_squares")
    assert (None, [True, True]) == (result.suspect, [m.flagged for m in result.measurements])


def test_least_squares_finds_no_gross_error_in_claims_that_fit() -> None:
    claims = [killed("x", "a", person(90, 110)), killed("y", "a", person(95, 112))]
    result = reconcile(claims, "least_squares")
    assert (None, False) == (result.suspect, any(m.flagged for m in result.measurements))


def test_least_squares_measurement_test_of_a_lone_claim_is_undefined() -> None:
    result = reconcile([killed("x", "a", person(90, 110))], "least_squares")
    assert (None, 0, None) == (result.measurements[0].z, result.dof, result.chi2)


def test_least_squares_reads_exact_figures_as_rounded() -> None:
    result = reconcile(ck.ClaimSet(EXACT), "least_squares")
    assert ["rounding", "rounding"] == [m.reading for m in result.measurements]


def test_least_squares_of_the_article_figures_matches_weighted() -> None:
    ls = reconcile(ck.ClaimSet(EXACT), "least_squares")
    pooled = reconcile(EXACT, "weighted")
    assert pytest.approx(pooled.estimate, rel=1e-12) == ls.measurements[0].reconciled


def test_least_squares_puts_an_unbounded_claim_where_the_others_determine_it() -> None:
    claims = ck.ClaimSet(
        [
            killed("both", "both", ck.Range.more_than(50, "person")),
            killed("a", "a", person(35, 45)),
            killed("b", "b", person(45, 55)),
        ],
        relations=[SIDES],
    )
    result = reconcile(claims, "least_squares")
    assert any("put its quantity at 90 person" in note for note in result.notes)


def test_least_squares_widens_an_unbounded_claim_that_misses_its_value() -> None:
    claims = ck.ClaimSet(
        [
            killed("both", "both", ck.Range.more_than(100, "person")),
            killed("a", "a", person(35, 45)),
            killed("b", "b", person(45, 55)),
        ],
        relations=[SIDES],
    )
    assert person(90, math.inf) == reconcile(claims, "least_squares").adjustment("both").adjusted


def test_least_squares_reports_counts_that_would_decrease() -> None:
    q1 = killed("q1", "a", person(100, 110), period=ck.Period(date(2024, 1, 1), date(2024, 4, 1)))
    jf = killed("jf", "a", person(200, 210), period=ck.Period(date(2024, 1, 1), date(2024, 3, 1)))
    result = reconcile(ck.ClaimSet([q1, jf]), "least_squares")
    assert not result.consistent
    assert any("decrease" in note for note in result.notes)


def test_least_squares_reconciles_an_each_week_rate_window_by_window() -> None:
    nov = ck.Period(date(2024, 11, 1), date(2024, 11, 15))
    each = killed(
        "each", "a", ck.Range(60, 80, "person / week"), kind="rate", reading="each", period=nov
    )
    total = killed("total", "a", person(100, 120), period=nov)
    result = reconcile([each, total], "least_squares")
    # two windows of 70 +- 5.8 and a total of 110 +- 5.8: the misclosure of 30 is
    # shared equally, so each window comes down to 60 and the total goes up to 120
    assert [pytest.approx(60.0, rel=1e-9), pytest.approx(120.0, rel=1e-9)] == [
        m.reconciled for m in result.measurements
    ]


def test_least_squares_uses_source_weights() -> None:
    claims = [killed("x", "a", person(0, 12)), killed("y", "a", person(12, 24), weight=3)]
    assert pytest.approx(15.0) == reconcile(claims, "least_squares").measurements[0].reconciled


# -- set rendering -----------------------------------------------------------------------


def test_set_text_names_claims_and_sources() -> None:
    text = str(reconcile(MISCLOSED, "least_squares"))
    assert all(name in text for name in ("both", "source a", "global test: chi2 = 4"))


def test_set_markdown_has_a_table_of_measurements() -> None:
    assert (
        "| claim | source | read as | value | sd | reconciled | z | flag |"
        in reconcile(MISCLOSED, "least_squares").to_markdown()
    )


def test_set_json_lists_the_claims_that_moved() -> None:
    data = json.loads(reconcile(ck.ClaimSet(EXACT), "relax").to_json())
    assert ("set-reconciliation", ["zelensky"]) == (data["type"], data["moved"])


def test_set_repr_counts_the_moved_claims() -> None:
    assert "<SetReconciliation relax: 2 claims, 1 moved>" == repr(
        reconcile(ck.ClaimSet(EXACT), "relax")
    )


# A relaxation leaves claims that only just hold together. HiGHS's presolve called
# this one infeasible with the claims in the order given and feasible sorted by id,
# so relax() (which checks the sorted set) and check() disagreed; an "infeasible"
# from presolve is now confirmed without it. Found by the ci-long profile.
TOUCHING = [
    ("wounded-both-p12", 0, 50, 1),
    ("killed-a-p12", 0, 51050, 2),
    ("casualties-b-p1", 0, 10, 0.5),
    ("casualties-b-p2", 0, 1160, 10),
    ("casualties-both-p2", 393480, 393590, 10),
    ("killed-both-p2", 0, 55380, 0.5),
    ("casualties-a-p1", 0, 0, 10),
    ("wounded-b-p1", 0, 0, 0.5),
    ("killed-both-p12", 87750, 87770, 2),
    ("casualties-b-p12", 0, 0, 0.5),
    ("casualties-both-p1", 298320, 498320, 0.5),
    ("killed-b-p1", 40, 1570, 1),
]


# A second such set (found by the ci-long profile after the presolve fix): in the order
# given, the simplex itself missed the relaxed claims by 1.3e-7 of a person, so check()
# now solves claims in the order of their ids.
TOUCHING_AGAIN = [
    ("killed-b-p12", 0, 2, 0.5),
    ("killed-a-p2", 0, 0, 0.5),
    ("killed-b-p2", 0, 0, 0.5),
    ("wounded-a-p2", 77, 77, 0.5),
    ("wounded-both-p12", 78, 78, 0.5),
    ("wounded-a-p12", 81, 81, 0.5),
    ("wounded-both-p2", 0, 67, 0.5),
    ("casualties-b-p12", 170, 170, 0.5),
    ("casualties-a-p1", 0, 2, 0.5),
    ("casualties-b-p1", 0, 1, 0.5),
]


def touching_claims(rows: list[tuple[str, int, int, float]] = TOUCHING) -> ck.ClaimSet:
    periods = {
        "p1": JAN,
        "p2": ck.Period.month(2024, 2),
        "p12": ck.Period(date(2024, 1, 1), date(2024, 3, 1)),
    }
    claims = []
    for claim_id, lo, hi, weight in rows:
        measure, subject, period = claim_id.split("-")
        claims.append(
            ck.Claim(
                id=claim_id,
                measure=measure,
                subject=subject,
                period=periods[period],
                value=ck.Range(lo, hi, "person"),
                source=ck.Source(f"S {measure} {subject}", weight=weight),
            )
        )
    relations = [
        ck.Sum("casualties", ["killed", "wounded"], over="measure"),
        ck.Sum("both", ["a", "b"], over="subject"),
    ]
    return ck.ClaimSet(claims, relations=relations)


@pytest.mark.parametrize("rows", [TOUCHING, TOUCHING_AGAIN], ids=["presolve", "simplex"])
def test_relax_result_is_consistent_in_the_order_given(
    rows: list[tuple[str, int, int, float]],
) -> None:
    result = reconcile(touching_claims(rows), "relax")
    assert (True, True) == (result.consistent, ck.check(result.reconciled).consistent)


def test_the_verdict_on_claims_that_only_just_hold_does_not_depend_on_their_order() -> None:
    relaxed = reconcile(touching_claims(), "relax").reconciled
    reversed_order = ck.ClaimSet(relaxed.claims[::-1], relations=relaxed.relations)
    assert ck.check(relaxed).consistent == ck.check(reversed_order).consistent
