"""Strict ends and claims of 0 beside much larger claims (found by the per-day oracle).

A strict end is cleared by 1e-8 of its own claim's size (at least a millionth of the
largest claim it is tied to), not of the largest; a claim of 0 is held as tightly as
the smallest claim of its component may be, so adding a claim never hides a conflict.
"""

from __future__ import annotations

from datetime import date

import numpy as np

import claimkit as ck
from claimkit.engine.matrix import MAX_SPREAD, scales

SUBJECTS = ck.Sum("both", ("russia", "ukraine"), over="subject")
MEASURES = ck.Sum("casualties", ("killed", "wounded"))


def d(day: int) -> date:
    return date(2024, 1, day)


def claim(
    claim_id: str, quantity: str, days: tuple[int, int], value: ck.Range, *, each: bool = False
) -> ck.Claim:
    """Return a claim about ``quantity`` ("measure of subject") over ``days`` of January."""
    measure, _, subject = quantity.partition(" of ")
    return ck.Claim(
        id=claim_id,
        measure=measure,
        subject=subject,
        kind="rate" if "/" in value.unit else "total",
        reading="each" if each else "average",
        period=ck.Period(d(days[0]), d(days[1])),
        value=value,
    )


LESS_THAN_ONE = ck.Range(0, 1, "person", hi_open=True)


def test_a_part_less_than_one_beside_a_total_of_1e8() -> None:
    # "Less than 1" Russian wounded and exactly 1e8 wounded of both sides: the
    # Ukrainians are the 1e8. Cleared by 1e-8 of the larger claim, [0, 1) had no room.
    both = claim("c0", "wounded of both", (4, 6), ck.Range.exact(1e8, "person"))
    russia = claim("c1", "wounded of russia", (4, 6), LESS_THAN_ONE)
    report = ck.check(ck.ClaimSet([both, russia], relations=[SUBJECTS]))
    assert (True, ()) == (report.consistent, report.conflicts)


def test_a_day_less_than_one_inside_a_total_of_1e8() -> None:
    # 1e8 killed over four days and fewer than 1 on the last of them: a monotone
    # finding, and the same clearance.
    total = claim("a", "killed of ukraine", (1, 5), ck.Range.exact(1e8, "person"))
    last_day = claim("b", "killed of ukraine", (4, 5), LESS_THAN_ONE)
    report = ck.check([total, last_day])
    assert (True, ()) == (report.consistent, report.conflicts)


def test_a_small_strict_claim_still_touches_beside_far_larger_ones() -> None:
    # Its own clearance is small, but a strict end exactly on the bound still conflicts:
    # 1e8 of both sides, 1e8 - 1 of them Ukrainians, and more than 1 Russian.
    both = claim("c0", "wounded of both", (4, 6), ck.Range.exact(1e8, "person"))
    ukraine = claim("c1", "wounded of ukraine", (4, 6), ck.Range.exact(1e8 - 1, "person"))
    russia = claim("c2", "wounded of russia", (4, 6), ck.Range.more_than(1, "person"))
    report = ck.check(ck.ClaimSet([both, ukraine, russia], relations=[SUBJECTS]))
    found = [(f.kind, f.claims, f.touching, f.margin) for f in report.conflicts]
    assert (False, [("part-sum", ("c0", "c2", "c1"), True, 0.0)]) == (report.consistent, found)


# Wounded Ukrainians each day from 1 to 5 January: more than 0 and at most 0.001;
# none from 3 to 5 January. "Each day more than 0" and "none on two days" conflict.
EACH_DAY = claim(
    "a", "wounded of ukraine", (1, 5), ck.Range(0, 0.001, "person / day", lo_open=True), each=True
)
NONE = claim("b", "wounded of ukraine", (3, 5), ck.Range(0, 0, "person"))
AT_LEAST_ONE = claim("c", "wounded of ukraine", (1, 8), ck.Range.at_least(1, "person"))


def test_adding_a_claim_keeps_a_conflict_with_a_claim_of_zero() -> None:
    # A claim of 0 was held to 1e-9 of one person once a claim of 1 joined, and the
    # strict days' clearance of 1e-8 of 0.001 fitted inside that.
    alone = ck.check([EACH_DAY, NONE])
    joined = ck.check([EACH_DAY, NONE, AT_LEAST_ONE])
    assert (False, False) == (alone.consistent, joined.consistent)
    assert [("a", "b")] == [c.claims for c in joined.conflicts if c.kind == "conflict-set"]


def test_a_conflict_set_with_a_claim_of_zero_is_irreducible() -> None:
    # c1 (each day more than 0) and c5 (none on 11 and 12 January) conflict alone;
    # c2 and c6 were named too while the claim of 0 took the tolerance of one person.
    claims = [
        claim("c0", "casualties of ukraine", (8, 15), ck.Range.at_least(0.0136125, "person")),
        claim(
            "c1",
            "wounded of ukraine",
            (1, 13),
            ck.Range(0.0, 0.0003, "person / day", lo_open=True, hi_open=True),
            each=True,
        ),
        claim(
            "c2",
            "wounded of both",
            (11, 15),
            ck.Range(5e-11, float("inf"), "megaperson / day"),
            each=True,
        ),
        claim("c5", "wounded of ukraine", (11, 13), ck.Range(0, 0, "kiloperson / day"), each=True),
        claim("c6", "casualties of both", (1, 7), ck.Range(0.017, 0.026, "person")),
    ]
    report = ck.check(ck.ClaimSet(claims, relations=[MEASURES, SUBJECTS]))
    assert [("c1", "c5")] == [c.claims for c in report.conflicts if c.kind == "conflict-set"]


def test_a_row_of_zero_has_its_components_smallest_scale() -> None:
    sizes = np.array([0.0, 1e-3, 1.0, 0.0, 5.0])
    comp, row = scales(sizes, np.array([0, 0, 0, 1, 1]), 2)
    assert ([1.0, 5.0], [1e-6, 1e-3, 1.0, 5.0 / MAX_SPREAD, 5.0]) == (comp.tolist(), row.tolist())


def test_a_small_strict_claim_keeps_its_room_beside_a_claim_of_1e11() -> None:
    # Exactly 0.05 and less than 0.0505 wounded, 1% apart, tied to claims of 1e11
    # killed: a strict end moved inward by 1e-8 of the row's scale (1e5, a millionth
    # of 1e11) closed that room, and the two were named a conflict set.
    claims = [
        claim("c0", "killed of russia", (1, 2), ck.Range.exact(5e10, "person")),
        claim("c1", "casualties of russia", (1, 2), ck.Range.exact(50000000000.025, "person")),
        claim("c2", "killed of russia", (1, 2), ck.Range.exact(1e11, "person")),
        claim("c3", "wounded of russia", (1, 2), ck.Range.exact(0.05, "person")),
        claim("c4", "wounded of russia", (1, 2), ck.Range(0, 0.0505, "person", hi_open=True)),
    ]
    report = ck.check(ck.ClaimSet(claims, relations=[MEASURES]))
    named = {c for f in report.conflicts for c in f.claims}
    assert ({"c0", "c2"}, True) == (named & {"c0", "c2"}, "c4" not in named)
    large = claim("c5", "casualties of russia", (1, 2), ck.Range.at_least(1e11, "person"))
    assert ck.check(ck.ClaimSet([*claims[2:], large], relations=[MEASURES])).consistent


def test_an_implied_bound_of_exactly_zero_is_not_empty() -> None:
    # Killed and wounded Russians are 0 from 16 January on, so casualties from 17 to
    # 20 January are exactly 0: the LP's maximum came out at -1.1e-16 below its
    # minimum 0, and implied() gave the empty set in a consistent report.
    claims = [
        claim("c0", "killed of russia", (1, 8), ck.Range.exact(0.7000000000000001, "person")),
        claim("c1", "killed of russia", (9, 24), ck.Range.exact(0.17500000000000002, "person")),
        claim("c2", "wounded of russia", (20, 23), ck.Range(0, 0, "person")),
        claim("c3", "killed of russia", (9, 10), ck.Range(0, 0, "person")),
        claim("c4", "killed of russia", (12, 24), ck.Range(0, 0, "person")),
        claim("c5", "casualties of russia", (1, 18), ck.Range.exact(4.000000000000001, "person")),
        claim("c6", "casualties of russia", (2, 15), ck.Range.exact(0.9250000000000003, "person")),
        claim("c7", "casualties of russia", (16, 24), ck.Range(0, 0, "person / week"), each=True),
        claim("c8", "killed of russia", (12, 24), ck.Range(0, 0, "person")),
    ]
    report = ck.check(ck.ClaimSet(claims, relations=[MEASURES, SUBJECTS]))
    implied = report.implied("casualties", "russia", ck.Period(d(17), d(20)))
    assert (True, ck.Range(0, 0, "person")) == (report.consistent, implied)


def test_more_than_zero_each_day_against_none_beside_any_claim() -> None:
    # A strict end at 0 is cleared by 1e-8 of the row's scale, more than the claim of
    # 0 may be missed by, however large the claims tied to them.
    more_than_zero = claim(
        "a", "wounded of ukraine", (1, 5), ck.Range.more_than(0, "person / day"), each=True
    )
    for size in (1.0, 1e5, 1e11):
        large = claim("c", "wounded of ukraine", (1, 8), ck.Range.at_least(size, "person"))
        report = ck.check([more_than_zero, NONE, large])
        assert [("a", "b")] == [c.claims for c in report.conflicts if c.kind == "conflict-set"]
