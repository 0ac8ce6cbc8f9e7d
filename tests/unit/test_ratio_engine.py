"""Ratio claims in the linear model: their rows, feasibility and strict ends."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

import claimkit as ck
from claimkit.engine.components import feasible_components
from claimkit.engine.model import build, build_with_info
from claimkit.engine.propagate import propagate
from claimkit.engine.ratio_rows import coefficients

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
NOV = ck.Period.month(2024, 11)
OCT = ck.Period.month(2024, 10)


def count(claim_id: str, measure: str, value: ck.Range, **fields: Any) -> ck.Claim:
    fields.setdefault("subject", "russia")
    fields.setdefault("period", WAR)
    return ck.Claim(id=claim_id, measure=measure, value=value, **fields)


def ratio(claim_id: str, value: ck.Range, **fields: Any) -> ck.Claim:
    fields.setdefault("measure", "killed")
    fields.setdefault("subject", "russia")
    fields.setdefault("period", WAR)
    fields.setdefault("of", ck.Quantity("wounded"))
    return ck.Claim(id=claim_id, value=value, **fields)


def holds(*claims: ck.Claim, relations: tuple[ck.Sum, ...] = ()) -> bool:
    return bool(feasible_components(build(ck.ClaimSet(claims, relations=relations))).all())


KILLED = count("killed", "killed", ck.Range.exact(198_000, "person"))
WOUNDED = count("wounded", "wounded", ck.Range.more_than(550_000, "person"))
ONE_IN_THREE = ratio("one-in-three", ck.Range(0.3, 0.4, "dimensionless"))


def test_a_ratio_claim_makes_two_rows_and_a_denominator_row() -> None:
    model, info = build_with_info(ck.ClaimSet([KILLED, ONE_IN_THREE, WOUNDED]))[:2]
    rows = model.rows
    assert rows.claim.tolist().count(1) == 3  # the ratio claim: N - hi D, N - lo D, D > 0
    assert model.n_components == 1  # the ratio ties killed to wounded
    assert info.n_rows.tolist() == [1, 0, 1]
    assert info.ratio.tolist() == [False, True, False]
    mine = np.flatnonzero(rows.claim == 1)
    assert rows.hi[mine[0]] == 0.0  # N - 0.4 D <= 0
    assert rows.lo[mine[1]] == 0.0  # N - 0.3 D >= 0
    assert rows.positive is not None
    assert rows.positive[mine].tolist() == [False, False, True]
    # D >= a millionth of the group's largest claim, the least count told from 0
    assert rows.lo[mine[2]] == pytest.approx(550_000 / 1e6)
    coefs = sorted(set(np.round(model.row_vals, 12).tolist()))
    assert coefs == [-1.0, -0.4, -0.3, 0.3, 0.4, 1.0]


def test_the_ratio_coefficients_enclose_the_exact_ends() -> None:
    share = ratio("s", ck.Range(30, 36, "percent"))
    lo, hi = coefficients(share)
    assert lo <= 0.3
    assert hi >= 0.36
    assert hi - lo == pytest.approx(0.06, rel=1e-9)
    # the ratio of average rates multiplies the denominator by the spans' lengths
    rates = ratio("r", ck.Range.exact(1, "dimensionless"), period=NOV, basis="rate",
                  of=ck.Quantity("killed", period=OCT))  # fmt: skip
    lo, hi = coefficients(rates)
    assert lo <= 30 / 31 <= hi
    assert hi - lo < 1e-15


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ck.Range(0.3, 0.4, "dimensionless"), True),  # 198,000 / 550,000 = 0.36
        (ck.Range(0.4, 0.5, "dimensionless"), False),  # at most 0.36
        (ck.Range(36, 40, "percent"), False),  # 0.36 only with 550,000, which is excluded
        (ck.Range(35, 40, "percent"), True),
        (ck.Range.at_most(0.36, "dimensionless"), True),
        (ck.Range.more_than(0.36, "dimensionless"), False),
    ],
)
def test_a_ratio_against_its_counts(value: ck.Range, expected: bool) -> None:
    assert holds(KILLED, WOUNDED, ratio("r", value)) is expected


def test_two_ratio_claims_that_disagree_conflict_with_no_count_claimed() -> None:
    low = ratio("low", ck.Range(0.3, 0.4, "dimensionless"))
    high = ratio("high", ck.Range(0.5, 0.6, "dimensionless"))
    assert holds(low)
    assert not holds(low, high)  # not both hold where every count is 0
    assert holds(low, ratio("touching", ck.Range(0.4, 0.6, "dimensionless")))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (ck.more_than, ck.fewer_than, False),
        (ck.more_than, ck.at_most_as_many_as, False),
        (ck.at_least_as_many_as, ck.at_most_as_many_as, True),  # as many
        (ck.more_than, ck.at_least_as_many_as, True),
    ],
)
def test_strict_comparisons_are_decided_exactly(first: Any, second: Any, expected: bool) -> None:
    russia = ck.Quantity("casualties", "russia", WAR)
    ukraine = ck.Quantity("casualties", "ukraine", WAR)
    claims = [first(russia, ukraine, id="a"), second(russia, ukraine, id="b")]
    assert holds(*claims) is expected
    # and beside counts that leave exactly as many: strictly more cannot hold
    same = [
        count("r", "casualties", ck.Range.exact(700_000, "person")),
        count("u", "casualties", ck.Range.exact(700_000, "person"), subject="ukraine"),
    ]
    assert holds(*same, ck.more_than(russia, ukraine, id="m")) is False
    assert holds(*same, ck.at_least_as_many_as(russia, ukraine, id="m")) is True


def test_a_share_is_at_most_one_through_the_sum_of_its_parts() -> None:
    relations = (ck.Sum("both", ["russia", "ukraine"], over="subject"),)
    share = ratio("share", ck.Range(1.2, 1.5, "dimensionless"), measure="casualties",
                  of=ck.Quantity("casualties", "both"))  # fmt: skip
    assert not holds(share, relations=relations)
    assert holds(share.replace(value=ck.Range(0.65, 0.75, "dimensionless")), relations=relations)
    assert holds(share)  # without the relation, nothing says russia is part of both


def test_a_change_between_months() -> None:
    nov = count("nov", "casualties", ck.Range.exact(45_690, "person"), period=NOV)
    oct_ = count("oct", "casualties", ck.Range.exact(41_980, "person"), period=OCT)
    rose = ck.change(ck.Quantity("casualties", "russia", NOV), OCT, ck.Range(1.05, 1.1,
                     "dimensionless"), id="rose")  # fmt: skip
    assert holds(nov, oct_, rose)  # 45,690 / 41,980 = 1.088
    assert not holds(nov, oct_, rose.replace(value=ck.Range(1.15, 1.25, "dimensionless")))
    # per day, November (30 days) is 1.125 times October (31 days)
    by_rate = rose.replace(value=ck.Range(1.12, 1.13, "dimensionless"), basis="rate")
    assert holds(nov, oct_, by_rate)
    assert not holds(nov, oct_, by_rate.replace(basis="total"))


def test_propagation_stays_sound_with_ratio_rows() -> None:
    claims = ck.ClaimSet([KILLED, WOUNDED, ratio("r", ck.Range(0.3, 0.4, "dimensionless"))])
    model = build(claims)
    lo, hi, ok = propagate(model)
    assert ok
    # wounded is at least killed / 0.4 = 495,000 and at most killed / 0.3 = 660,000
    wounded = next(s for s, (m, _) in enumerate(model.series) if m == "wounded")
    last = int(model.series_ptr[wounded + 1]) - 1
    assert lo[last] <= 550_000
    assert hi[last] >= 660_000 * (1 - 1e-9)
    assert hi[last] <= 660_000 * (1 + 1e-9)


# -- findings, margins and implied ratios -------------------------------------------------


def test_a_ratio_finding_sets_the_ratio_beside_its_counts() -> None:
    third = ratio("third", ck.Range(0.3, 0.4, "dimensionless"))
    report = ck.check([KILLED, WOUNDED, third])
    (finding,) = [f for f in report.findings if f.kind == "ratio"]
    assert finding.claims == ("third", "killed", "wounded")
    assert finding.verdict == "consistent"
    assert finding.unit == "dimensionless"
    # the counts allow ratios in (0, 0.36): they leave 0.36 - 0.3 of [0.3, 0.4]
    assert finding.margin_abs == pytest.approx(0.06)
    # a common shrink t: [0.3 + 0.05 t, 0.4 - 0.05 t], 198,000 still, and over
    # 550,000 (1 + t): (0.3 + 0.05 t) * 550,000 (1 + t) <= 198,000
    t = finding.margin
    assert (0.3 + 0.05 * t) * 550_000 * (1 + t) == pytest.approx(198_000, rel=1e-8)
    assert report.consistent


def test_a_conflicting_ratio_finding_gives_its_gap_on_the_ratio_scale() -> None:
    share = ratio("share", ck.Range(40, 50, "percent"))
    report = ck.check([KILLED, WOUNDED, share])
    assert not report.consistent
    (finding,) = [f for f in report.findings if f.kind == "ratio"]
    assert finding.verdict == "conflict"
    assert finding.unit == "percent"
    assert finding.margin_abs == pytest.approx(-4.0)  # 36% against at least 40%
    # stretched by e: 40 (1 - e) percent of 550,000 (1 - e) = 198,000 (1 + e)
    e = finding.stretch
    assert 0.4 * (1 - e) * 550_000 * (1 - e) == pytest.approx(198_000 * (1 + e), rel=1e-8)
    sets = [f for f in report.findings if f.kind == "conflict-set"]
    assert [f.claims for f in sets] == [("killed", "share", "wounded")]
    assert sets[0].stretch == pytest.approx(e, rel=1e-7)


def test_touching_strict_ratio_ends_conflict_with_margin_zero() -> None:
    exact = [KILLED, count("w", "wounded", ck.Range.exact(550_000, "person"))]
    report = ck.check([*exact, ratio("over", ck.Range.more_than(0.36, "dimensionless"))])
    (finding,) = [f for f in report.findings if f.kind == "ratio"]
    assert finding.verdict == "conflict"
    assert finding.touching
    assert finding.margin == 0.0
    assert ck.check([*exact, ratio("at", ck.Range.at_least(0.36, "dimensionless"))]).consistent


def test_ratio_claims_alone_conflict_by_the_ratios_stretch() -> None:
    low = ratio("low", ck.Range(0.3, 0.4, "dimensionless"))
    high = ratio("high", ck.Range(0.5, 0.6, "dimensionless"))
    report = ck.check([low, high])
    (conflict,) = report.conflicts
    assert conflict.claims == ("high", "low")
    # 0.4 (1 + e) = 0.5 (1 - e), decided by the solver to 1e-9
    assert conflict.stretch == pytest.approx(0.1 / 0.9, rel=1e-7)
    assert conflict.unit == "dimensionless"
    assert conflict.margin_abs == pytest.approx(-0.1, rel=1e-6)
    (group,) = report.groups
    assert group.margin == pytest.approx(-0.1 / 0.9, rel=1e-7)


def test_the_group_margin_shrinks_ratio_claims_too() -> None:
    low = ratio("low", ck.Range(0.3, 0.5, "dimensionless"))
    high = ratio("high", ck.Range(0.4, 0.6, "dimensionless"))
    (group,) = ck.check([low, high]).groups
    # [0.3 + 0.1 t, 0.5 - 0.1 t] and [0.4 + 0.1 t, 0.6 - 0.1 t] meet while t <= 0.5
    assert group.margin == pytest.approx(0.5, rel=1e-7)


WAR_Q = ck.Quantity("killed", "russia", WAR)


def test_implied_ratio_of_independent_and_tied_quantities() -> None:
    report = ck.check([KILLED, WOUNDED])
    assert report.implied_ratio(WAR_Q, "wounded") == ck.Range(
        0, 0.36, "dimensionless", lo_open=True, hi_open=True
    )
    tied = ck.check([KILLED, WOUNDED, ratio("r", ck.Range(0.3, 0.4, "dimensionless"))])
    assert tied.implied_ratio(WAR_Q, ck.Quantity("wounded")) == ck.Range(
        0.3, 0.36, "dimensionless", hi_open=True
    )
    # of the average rates over a month against a week: the ratio times 7 / 30
    nov, week = (
        count("n", "killed", ck.Range.exact(3_000, "person"), period=NOV),
        count(
            "w",
            "killed",
            ck.Range.exact(700, "person"),
            period=ck.Period.week_ending(date(2024, 10, 31)),
        ),
    )
    rates = ck.check([nov, week]).implied_ratio(
        ck.Quantity("killed", "russia", NOV),
        ck.Quantity("killed", period=week.period),
        basis="rate",
    )
    # 3,000 a month of 30 days against 700 a week: 100 a day each
    assert rates.lo == pytest.approx(1.0, rel=1e-9)
    assert rates.hi - rates.lo < 1e-12


def test_implied_ratio_through_a_sum() -> None:
    casualties = count("c", "casualties", ck.Range(650_000, 750_000, "person"))
    claims = ck.ClaimSet(
        [KILLED, casualties], relations=[ck.Sum("casualties", ["killed", "wounded"])]
    )
    found = ck.check(claims).implied_ratio(WAR_Q, "wounded")
    assert found.lo == pytest.approx(198_000 / 552_000)
    assert found.hi == pytest.approx(198_000 / 452_000)


def test_implied_ratio_is_empty_for_a_conflict_and_refuses_bad_quantities() -> None:
    report = ck.check([KILLED, count("k2", "killed", ck.Range.exact(1, "person")), WOUNDED])
    assert report.implied_ratio(WAR_Q, "wounded").is_empty
    with pytest.raises(ck.InvalidArgumentError, match=r"numerator .* needs a subject and a period"):
        report.implied_ratio(ck.Quantity("killed"), "wounded")
    with pytest.raises(ck.InvalidArgumentError, match="must be a Quantity"):
        report.implied_ratio("killed", "wounded")  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidArgumentError, match="basis must be 'total' or 'rate'"):
        report.implied_ratio(WAR_Q, "wounded", basis="mean")
    with pytest.raises(ck.UnknownIdError, match="unknown measure 'woundd'"):
        report.implied_ratio(WAR_Q, "woundd")


def test_implied_takes_a_quantity() -> None:
    report = ck.check([KILLED, WOUNDED])
    assert report.implied(WAR_Q) == report.implied("killed", "russia", WAR)
    with pytest.raises(ck.InvalidArgumentError, match="names the subject and the period itself"):
        report.implied(WAR_Q, "russia")
    with pytest.raises(ck.InvalidArgumentError, match="needs a subject and a period"):
        report.implied(ck.Quantity("killed"))
    with pytest.raises(ck.InvalidArgumentError, match="give measure, subject and period"):
        report.implied("killed", "russia")


def test_a_conflict_set_of_ratios_names_their_denominators() -> None:
    low = ratio("low", ck.Range(0.3, 0.4, "dimensionless"))
    high = ratio("high", ck.Range(0.5, 0.6, "dimensionless"), of=ck.Quantity("wounded"))
    (conflict,) = ck.check([low, high]).conflicts
    assert "killed of russia over" in conflict.relation
    assert "wounded of russia over" in conflict.relation
