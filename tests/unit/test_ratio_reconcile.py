"""Reconciling claim sets that hold ratio claims: relax, least squares, drop."""

from __future__ import annotations

from datetime import date

import pytest

import claimkit as ck

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
KILLED = ck.Claim(
    id="killed", measure="killed", subject="russia", period=WAR,
    value=ck.Range.exact(198_000, "person"),
)  # fmt: skip


def ratio(claim_id: str, lo: float, hi: float, unit: str = "dimensionless") -> ck.Claim:
    return ck.Claim(
        id=claim_id, measure="killed", subject="russia", period=WAR, of="wounded",
        value=ck.Range(lo, hi, unit),
    )  # fmt: skip


def moved(result: ck.SetReconciliation) -> dict[str, tuple[str, float]]:
    return {a.claim: (str(a.adjusted), a.stretch) for a in result.adjustments if a.moved}


def test_relax_moves_a_ratio_on_its_own_scale() -> None:
    low, high = ratio("low", 0.3, 0.4), ratio("high", 0.5, 0.6)
    result = ck.reconcile(ck.ClaimSet([low, high]), method="relax")
    assert result.consistent
    # moving high's 0.5 down to 0.4 costs a fifth of it; low's 0.4 up to 0.5, a quarter
    ((claim, (value, stretch)),) = moved(result).items()
    assert claim == "high"
    assert value == "[0.4, 0.6]"
    assert stretch == pytest.approx(0.2, rel=1e-6)


def test_relax_moves_a_count_when_it_is_cheaper_than_the_ratio() -> None:
    wounded = ck.Claim(
        id="wounded", measure="wounded", subject="russia", period=WAR,
        value=ck.Range(550_000, 560_000, "person"),
    )  # fmt: skip
    claims = ck.ClaimSet([KILLED, wounded, ratio("third", 25, 30, "percent")])
    result = ck.reconcile(claims, method="relax")
    assert result.consistent
    # killed down to 0.3 * 560,000 = 168,000 costs 15%; the 30% up to 36%, 20%
    assert set(moved(result)) == {"killed"}
    assert result.adjustments[0].adjusted.lo == pytest.approx(168_000, rel=1e-6)
    # and the other way round when the ratio's source is trusted less
    doubtful = ratio("third", 25, 34, "percent").replace(source=ck.Source("X", weight=0.5))
    result = ck.reconcile(ck.ClaimSet([KILLED, wounded, doubtful]), method="relax")
    assert result.consistent
    assert set(moved(result)) == {"third"}
    third = next(a for a in result.adjustments if a.claim == "third")
    # with wounded at its most: 198,000 / 560,000 = 35.4%
    assert third.adjusted.hi == pytest.approx(100 * 198_000 / 560_000, rel=1e-6)


def test_drop_sets_a_ratio_claim_aside_like_any_other() -> None:
    low, high = ratio("low", 0.3, 0.4), ratio("high", 0.5, 0.6)
    result = ck.reconcile(ck.ClaimSet([low, high]), method="drop")
    assert result.consistent
    assert len(result.reconciled) == 1


def test_least_squares_fits_a_ratio_with_the_counts() -> None:
    wounded = ck.Claim(
        id="wounded", measure="wounded", subject="russia", period=WAR,
        value=ck.Range(550_000, 560_000, "person"),
    )  # fmt: skip
    result = ck.reconcile(
        ck.ClaimSet([KILLED, wounded, ratio("third", 30, 40, "percent")]), method="least_squares"
    )
    assert not any("'third'" in note for note in result.notes)
    # 198,000 / 555,000 is 35.7%: the ratio's 35% moves up, and the wounded up toward
    # 198,000 / 35% = 565,714
    fitted = {m.claim: m.reconciled for m in result.measurements}
    assert 35.0 < fitted["third"] < 100 * 198_000 / 555_000
    assert fitted["wounded"] > 555_000
    assert fitted["third"] == pytest.approx(100 * fitted["killed"] / fitted["wounded"], rel=1e-12)
