"""Least squares with ratio claims: a ratio's residual is on its own scale."""

from __future__ import annotations

import itertools
import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

import claimkit as ck

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
OCTOBER = ck.Period.month(2024, 10)
NOVEMBER = ck.Period.month(2024, 11)
SQRT12 = math.sqrt(12.0)


def count(claim_id: str, measure: str, lo: float, hi: float, period: ck.Period = WAR) -> ck.Claim:
    return ck.Claim(
        id=claim_id, measure=measure, subject="russia", period=period,
        value=ck.Range(lo, hi, "person"),
    )  # fmt: skip


def ratio(
    claim_id: str,
    lo: float,
    hi: float,
    *,
    unit: str = "percent",
    weight: float = 1.0,
    period: ck.Period = WAR,
) -> ck.Claim:
    return ck.Claim(
        id=claim_id, measure="killed", subject="russia", period=period, of="wounded",
        value=ck.Range(lo, hi, unit), source=ck.Source(f"{claim_id}-source", weight=weight),
    )  # fmt: skip


KILLED = count("killed", "killed", 190_000, 200_000)
WOUNDED = count("wounded", "wounded", 540_000, 560_000)


def fitted(result: ck.SetReconciliation) -> dict[str, float]:
    return {m.claim: m.reconciled for m in result.measurements}


def least_squares(*claims: ck.Claim, relations: list[ck.Sum] | None = None) -> ck.SetReconciliation:
    return ck.reconcile(ck.ClaimSet(claims, relations=relations or []), method="least_squares")


def test_a_ratio_and_counts_that_disagree_move_toward_each_other() -> None:
    # the counts say 195,000 / 550,000 = 35.5%; the claim says 25% to 30%
    result = least_squares(KILLED, WOUNDED, ratio("share", 25, 30))
    values = fitted(result)
    assert 27.5 < values["share"] < 100 * 195_000 / 550_000
    assert values["killed"] < 195_000
    assert values["wounded"] > 550_000
    # the adjusted ratio is N / D of the fit, in the claim's unit (percent)
    assert values["share"] == pytest.approx(100 * values["killed"] / values["wounded"], rel=1e-12)
    share = next(a for a in result.adjustments if a.claim == "share")
    assert share.moved
    assert share.adjusted.unit == "percent"
    assert share.adjusted.contains(values["share"])
    assert result.dof == 1
    assert result.notes == ()


def test_a_tighter_ratio_moves_the_counts_more() -> None:
    loose = fitted(least_squares(KILLED, WOUNDED, ratio("share", 20, 35)))
    tight = fitted(least_squares(KILLED, WOUNDED, ratio("share", 27, 28)))
    trusted = fitted(least_squares(KILLED, WOUNDED, ratio("share", 20, 35, weight=9.0)))
    assert 195_000 - tight["killed"] > 195_000 - loose["killed"] > 0
    assert tight["wounded"] - 550_000 > loose["wounded"] - 550_000 > 0
    # a weight of 9 divides the sd by 3, as a range a third as wide would
    assert trusted["killed"] < loose["killed"]
    narrower = fitted(least_squares(KILLED, WOUNDED, ratio("share", 27.5 - 2.5, 27.5 + 2.5)))
    assert trusted["killed"] == pytest.approx(narrower["killed"], rel=1e-9)


def test_a_ratio_in_dimensionless_units_reads_as_in_percent() -> None:
    percent = least_squares(KILLED, WOUNDED, ratio("share", 25, 30))
    plain = least_squares(KILLED, WOUNDED, ratio("share", 0.25, 0.30, unit="dimensionless"))
    assert fitted(plain)["killed"] == pytest.approx(fitted(percent)["killed"], rel=1e-12)
    assert fitted(plain)["share"] == pytest.approx(fitted(percent)["share"] / 100, rel=1e-12)


def test_a_ratio_consistent_with_the_counts_leaves_the_fit_as_it_was() -> None:
    casualties = count("casualties", "casualties", 690_000, 720_000)
    relations = [ck.Sum("casualties", ["killed", "wounded"])]
    before = least_squares(KILLED, WOUNDED, casualties, relations=relations)
    values = fitted(before)
    share = 100 * values["killed"] / values["wounded"]
    after = least_squares(
        KILLED, WOUNDED, casualties, ratio("share", share - 1.0, share + 1.0), relations=relations
    )
    for claim in ("killed", "wounded", "casualties"):
        assert fitted(after)[claim] == pytest.approx(values[claim], rel=1e-9)
    assert fitted(after)["share"] == pytest.approx(share, rel=1e-9)
    assert after.chi2 == pytest.approx(before.chi2, rel=1e-9)
    assert after.dof == before.dof + 1


def test_the_order_of_the_claims_does_not_matter() -> None:
    casualties = count("casualties", "casualties", 650_000, 700_000)
    claims = [KILLED, WOUNDED, casualties, ratio("share", 25, 30), ratio("third", 30, 36)]
    relations = [ck.Sum("casualties", ["killed", "wounded"])]
    first = least_squares(*claims, relations=relations)
    for order in itertools.permutations(claims):
        result = least_squares(*order, relations=relations)
        assert fitted(result) == fitted(first)
        assert result.chi2 == first.chi2
        assert result.notes == first.notes
        assert {a.claim: a.adjusted for a in result.adjustments} == {
            a.claim: a.adjusted for a in first.adjustments
        }


def test_a_denominator_pinned_at_zero_is_said_and_the_ratio_kept_as_stated() -> None:
    nobody = count("wounded", "wounded", 0, 0)
    share = ratio("share", 25, 30)
    result = least_squares(KILLED, nobody, share)
    (note,) = [note for note in result.notes if "'share'" in note]
    assert note.startswith(
        "claim 'share' is a ratio to wounded of russia over [2022-02-24, 2024-12-12), whose "
        "denominator the fit puts at 0 person, not above 0: least squares cannot read it as "
        "a measurement and keeps it as stated"
    )
    assert "share" not in fitted(result)
    adjustment = next(a for a in result.adjustments if a.claim == "share")
    assert not adjustment.moved
    assert adjustment.adjusted == share.value
    # the counts are fitted as they would be without the ratio
    assert fitted(result) == fitted(least_squares(KILLED, nobody))


def test_ratios_that_give_their_denominator_no_size_are_said() -> None:
    # two ratio claims and no count: N = D = 0 fits both rows N - r D exactly
    result = least_squares(ratio("low", 30, 40), ratio("high", 50, 60))
    assert [note.split(":")[0] for note in result.notes] == [
        f"claim '{claim}' is a ratio to wounded of russia over [2022-02-24, 2024-12-12), "
        "whose denominator the fit puts at 0, not above 0"
        for claim in ("high", "low")
    ]
    assert result.measurements == ()
    assert not any(a.moved for a in result.adjustments)


def test_a_ratio_fixes_a_denominator_no_count_gives() -> None:
    # nothing counts the wounded: the fit takes them from the killed and the ratio
    result = least_squares(KILLED, ratio("share", 30, 40))
    values = fitted(result)
    assert values["killed"] == pytest.approx(195_000, rel=1e-12)
    assert values["share"] == pytest.approx(35, rel=1e-12)
    assert result.dof == 0
    assert result.notes == ()


def test_an_unbounded_ratio_is_given_the_ratio_the_counts_imply() -> None:
    more = ratio("more", 30, math.inf)
    result = least_squares(KILLED, WOUNDED, more)
    assert "more" not in fitted(result)
    (note,) = result.notes
    assert note.startswith("claim 'more' ([30, inf) percent) has an unbounded end")
    assert "the others put its quantity at 35.45" in note


def test_a_ratio_of_rates_compares_per_day() -> None:
    # 3,100 killed in October's 31 days and 3,600 in November's 30: 100 and 120 a day
    october = count("october", "killed", 3_000, 3_200, OCTOBER)
    november = count("november", "killed", 3_500, 3_700, NOVEMBER)
    rose = ck.Claim(
        id="rose", measure="killed", subject="russia", period=NOVEMBER,
        of=ck.Quantity("killed", period=OCTOBER), basis="rate",
        value=ck.Range(1.19, 1.21, "dimensionless"),
    )  # fmt: skip
    per_day = fitted(least_squares(october, november, rose))
    assert per_day["rose"] == pytest.approx(1.2, rel=1e-9)
    assert per_day["november"] == pytest.approx(3_600, rel=1e-9)
    # read as a ratio of totals, 1.2 is more than 3,600 / 3,100: November moves up
    totals = fitted(least_squares(october, november, rose.replace(basis="total")))
    assert totals["november"] > 3_600
    assert 3_600 / 3_100 < totals["rose"] < 1.2


def test_a_count_the_ratio_makes_negative_is_said() -> None:
    # November's killed, by the ratio, are half of 1,000 wounded; October and
    # November together only 105: October's count would be negative
    both = count("autumn", "killed", 100, 110, ck.Period(OCTOBER.start, NOVEMBER.end))
    wounded = count("wounded", "wounded", 995, 1005, NOVEMBER)
    half = ratio("half", 49, 51, period=NOVEMBER)
    result = least_squares(both, wounded, half)
    assert fitted(result)["half"] == pytest.approx(50, rel=1e-9)
    assert any("need a count to decrease" in note for note in result.notes)
    # without the ratio, nothing says November's count: the fit is monotone
    assert not least_squares(both, wounded).notes


def _scipy_fit(
    measured: list[tuple[np.ndarray, float, float]], share: tuple[float, float]
) -> tuple[np.ndarray, float]:
    """Minimise the weighted squares, the ratio linearised at D0, to a fixed point.

    Written from the method's documentation alone: unknowns (killed, wounded); each
    count claim a row ``a @ x`` read as ``(mean, sd)``; the ratio claim ``K / W``
    read as ``(r, s)`` (dimensionless) gives the residual ``(K - r W) / (s W0)``,
    W0 being the wounded of the fit without it, then of the last fit.
    """
    r, s = share

    def residuals(x: np.ndarray, w0: float | None) -> np.ndarray:
        out = [(a @ x - mean) / sd for a, mean, sd in measured]
        if w0 is not None:
            out.append((x[0] - r * x[1]) / (s * w0))
        return np.array(out)

    def solve(w0: float | None, x0: np.ndarray) -> np.ndarray:
        found = optimize.least_squares(
            residuals, x0, args=(w0,), x_scale=1e5, xtol=1e-15, ftol=1e-15, gtol=1e-15
        )
        return np.asarray(found.x)

    x = solve(None, np.array([1e5, 5e5]))
    for _ in range(200):
        w0 = float(x[1])
        x = solve(w0, x)
        if abs(x[1] - w0) <= 1e-13 * w0:
            break
    return x, float(residuals(x, float(x[1])) @ residuals(x, float(x[1])))


def test_least_squares_with_a_ratio_against_scipy() -> None:
    casualties = count("casualties", "casualties", 690_000, 710_000)
    share = ratio("share", 25, 30, weight=2.0)
    result = least_squares(
        KILLED, WOUNDED, casualties, share, relations=[ck.Sum("casualties", ["killed", "wounded"])]
    )
    measured = [
        (np.array([1.0, 0.0]), 195_000.0, 10_000 / SQRT12),
        (np.array([0.0, 1.0]), 550_000.0, 20_000 / SQRT12),
        (np.array([1.0, 1.0]), 700_000.0, 20_000 / SQRT12),
    ]
    x, chi2 = _scipy_fit(measured, (0.275, 0.05 / SQRT12 / math.sqrt(2.0)))
    values = fitted(result)
    assert values["killed"] == pytest.approx(x[0], rel=1e-7)
    assert values["wounded"] == pytest.approx(x[1], rel=1e-7)
    assert values["casualties"] == pytest.approx(x[0] + x[1], rel=1e-7)
    assert values["share"] == pytest.approx(100 * x[0] / x[1], rel=1e-7)
    assert result.chi2 == pytest.approx(chi2, rel=1e-6)
    assert result.dof == 2


sizes = st.floats(1_000, 1e7)
widths = st.floats(0.01, 0.5)


@settings(deadline=None)
@given(
    parts=st.tuples(sizes, sizes), gap=st.floats(0.8, 1.25),
    spread=st.tuples(widths, widths, widths), shape=st.tuples(widths, st.floats(0.1, 10)),
)  # fmt: skip
def test_a_consistent_ratio_changes_no_count_and_tests_at_zero(
    parts: tuple[float, float],
    gap: float,
    spread: tuple[float, float, float],
    shape: tuple[float, float],
) -> None:
    # the counts disagree a little (casualties are not quite killed plus wounded); a
    # ratio claim centred on the killed-to-wounded ratio of their fit changes nothing
    figures = {"killed": parts[0], "wounded": parts[1], "casualties": gap * sum(parts)}
    claims = [
        count(name, name, x * (1 - w), x * (1 + w))
        for (name, x), w in zip(figures.items(), spread, strict=True)
    ]
    relations = [ck.Sum("casualties", ["killed", "wounded"])]
    before = fitted(least_squares(*claims, relations=relations))
    share = before["killed"] / before["wounded"]
    width, weight = shape
    consistent = ratio(
        "share", share * (1 - width), share * (1 + width), unit="dimensionless", weight=weight
    )
    after = least_squares(*claims, consistent, relations=relations)
    for name, value in before.items():
        assert fitted(after)[name] == pytest.approx(value, rel=1e-9)
    (measurement,) = [m for m in after.measurements if m.claim == "share"]
    assert measurement.reconciled == pytest.approx(share, rel=1e-9)
    assert measurement.z is not None
    assert abs(measurement.z) < 1e-6
