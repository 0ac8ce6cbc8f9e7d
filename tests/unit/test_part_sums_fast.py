"""Part-sum findings: which claims about parts are set against a claim about a total."""

from __future__ import annotations

import datetime

import numpy as np

import claimkit as ck
from claimkit.engine.model import build_with_info
from claimkit.engine.part_sums import part_sums

DAY0 = datetime.date(2024, 1, 1)
CASUALTIES = ck.Sum("casualties", ["killed", "wounded"])
BOTH = ck.Sum("both", ["a", "b"], over="subject")


def _claim(claim_id: str, measure: str, subject: str, start: int, end: int) -> ck.Claim:
    period = ck.Period(DAY0 + datetime.timedelta(days=start), DAY0 + datetime.timedelta(days=end))
    return ck.Claim(
        id=claim_id,
        measure=measure,
        subject=subject,
        period=period,
        value=ck.Range(0, 1000, "person"),
    )


def _found(claims: list[ck.Claim], relations: list[ck.Sum]) -> list[tuple[tuple[str, ...], bool]]:
    """Return the part-sum findings by claim id: the total first, and whether complete."""
    claimset = ck.ClaimSet(claims, relations=relations)
    _, info, _ = build_with_info(claimset)
    ids = [c.id for c in claimset]
    found = part_sums(claimset, info, np.flatnonzero(info.n_rows > 0).astype(np.int64))
    return [
        (tuple(ids[c] for c in found.claims[found.ptr[k] : found.ptr[k + 1]]), bool(done))
        for k, done in enumerate(found.complete.tolist())
    ]


def test_a_total_is_set_against_its_parts_as_of_earlier_dates_and_split_further() -> None:
    # The benchmark's groups in small: daily cumulative killed and wounded of a, a
    # total for a's first week, one for b's first ten days, and one for both.
    daily = [_claim(f"{m}{d}", m, "a", 0, d) for m in ("killed", "wounded") for d in range(1, 15)]
    claims = [
        *daily,
        _claim("a7", "casualties", "a", 0, 7),
        _claim("b10", "casualties", "b", 0, 10),
        _claim("both14", "casualties", "both", 0, 14),
    ]
    assert sorted(_found(claims, [CASUALTIES, BOTH])) == [
        (("a7", "killed7", "wounded7"), True),
        # a as of day 7 and b as of day 10; a split into killed and wounded, b as of day 10
        # (killed and wounded of both, with nothing about b, say less than the latter).
        (("both14", "a7", "b10"), False),
        (("both14", "killed14", "wounded14", "b10"), False),
    ]


def test_parts_stated_by_several_claims_give_the_first_combinations() -> None:
    claims = [
        _claim("total", "casualties", "both", 0, 10),
        _claim("k1", "killed", "both", 0, 10),
        _claim("k2", "killed", "both", 0, 10),
        _claim("w1", "wounded", "both", 0, 10),
        _claim("w2", "wounded", "both", 0, 10),
        _claim("w3", "wounded", "both", 0, 10),
        _claim("w4", "wounded", "both", 0, 10),
        _claim("a", "casualties", "a", 0, 10),
        _claim("a2", "casualties", "a", 0, 10),
        _claim("b", "casualties", "b", 0, 10),
    ]
    found = _found(claims, [CASUALTIES, BOTH])
    # Over measures: k1 with each of the first three claims about the wounded, then
    # a + b over subjects, and no more (a2 + b would be a fifth finding for the total);
    # no fourth claim about a part is used.
    assert found == [
        (("total", "k1", "w1"), True),
        (("total", "k1", "w2"), True),
        (("total", "k1", "w3"), True),
        (("total", "a", "b"), True),
    ]
    # Two ways for each of two parts: the last part counts first, then carries.
    assert _found(claims[:5], [CASUALTIES]) == [
        (("total", "k1", "w1"), True),
        (("total", "k1", "w2"), True),
        (("total", "k2", "w1"), True),
    ]


def test_a_total_without_any_part_stated_from_its_start_has_no_findings() -> None:
    claims = [
        _claim("total", "casualties", "both", 0, 10),
        _claim("k", "killed", "both", 1, 10),
        _claim("a", "casualties", "a", 5, 10),
    ]
    assert [] == _found(claims, [CASUALTIES, BOTH])
    assert [] == _found(claims, [])
