"""Strict ends, claims of 0 and claims within their tolerance (found by the per-day oracle).

A strict end is cleared by 1e-8 of its own claim's size (at least a millionth of the
largest claim tied to it), not of the largest; a claim of 0 is held as tightly as
any claim of its component; claims that some point meets to a tenth of their
tolerance hold, whatever HiGHS says of them. The
claim sets are in ``tests/oracle/known.py``, where the oracle property runs them too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import claimkit as ck
from claimkit.engine import highs
from claimkit.engine.matrix import LP, MAX_SPREAD, scales

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.oracle.known import KNOWN, MEASURES, SUBJECTS, claim_of, january


def check(name: str) -> ck.Report:
    """Return the report on the known claim set ``name``."""
    case = KNOWN[name]
    return ck.check(ck.ClaimSet(case.claims, relations=case.relations))


def conflict_sets(report: ck.Report) -> list[tuple[str, ...]]:
    return [f.claims for f in report.conflicts if f.kind == "conflict-set"]


def test_a_part_less_than_one_beside_a_total_of_1e8() -> None:
    # "Less than 1" Russian wounded and exactly 1e8 wounded of both sides: the
    # Ukrainians are the 1e8. Cleared by 1e-8 of the larger claim, [0, 1) had no room.
    report = check("a part less than 1 beside a total of 1e8")
    assert (True, ()) == (report.consistent, report.conflicts)


def test_a_day_less_than_one_inside_a_total_of_1e8() -> None:
    # 1e8 killed over four days and fewer than 1 on the last of them: a monotone
    # finding, and the same clearance.
    report = check("a day less than 1 inside a total of 1e8")
    assert (True, ()) == (report.consistent, report.conflicts)


def test_a_small_strict_claim_still_touches_beside_far_larger_ones() -> None:
    # Its own clearance is small, but a strict end exactly on the bound still conflicts:
    # 1e8 of both sides, 1e8 - 1 of them Ukrainians, and more than 1 Russian.
    both = claim_of("c0", "wounded of both", (4, 6), ck.Range.exact(1e8, "person"))
    ukraine = claim_of("c1", "wounded of ukraine", (4, 6), ck.Range.exact(1e8 - 1, "person"))
    russia = claim_of("c2", "wounded of russia", (4, 6), ck.Range.more_than(1, "person"))
    report = ck.check(ck.ClaimSet([both, ukraine, russia], relations=[SUBJECTS]))
    found = [(f.kind, f.claims, f.touching, f.margin) for f in report.conflicts]
    assert (False, [("part-sum", ("c0", "c2", "c1"), True, 0.0)]) == (report.consistent, found)


def test_adding_a_claim_keeps_a_conflict_with_a_claim_of_zero() -> None:
    # Each day more than 0 (at most 0.001), and none on two of the days. A claim of 0
    # was held to 1e-9 of one person once a claim of 1 joined, and the daily claims'
    # clearance of 1e-8 of 0.001 fitted inside that.
    joined = KNOWN["a claim of 0 beside a larger claim"].claims
    alone = ck.check(joined[:2])
    report = ck.check(joined)
    assert (False, False) == (alone.consistent, report.consistent)
    assert [("a", "b")] == conflict_sets(report)


def test_a_conflict_set_with_a_claim_of_zero_is_irreducible() -> None:
    # c1 (each day more than 0) and c5 (none on 11 and 12 January) conflict alone;
    # c2 and c6 were named too while the claim of 0 took the tolerance of one person.
    assert [("c1", "c5")] == conflict_sets(check("a claim of 0 in a conflict set"))


def test_a_row_of_zero_has_its_components_smallest_scale() -> None:
    sizes = np.array([0.0, 1e-3, 1.0, 0.0, 5.0])
    comp, row = scales(sizes, np.array([0, 0, 0, 1, 1]), 2)
    assert ([1.0, 5.0], [1e-6, 1e-3, 1.0, 5.0 / MAX_SPREAD, 5.0]) == (comp.tolist(), row.tolist())


def test_claims_far_below_the_largest_are_decided_in_its_scale() -> None:
    # Exactly 0.05 and less than 0.0505 wounded, 1% apart, hold alone. Tied to killed
    # of 1e11 they are held to 1e-15 of it (1e-4 people) and the strict end is
    # cleared by 1e-14 of it, more than their room of 5e-4; a note names them.
    claims = KNOWN["a small strict claim beside 1e11"].claims
    assert ck.check(claims[3:]).consistent
    report = ck.check(ck.ClaimSet(claims, relations=[MEASURES]))
    coarse = [note for note in report.notes if note.startswith("claims 'c3', 'c4' are smaller")]
    assert (False, 1) == (report.consistent, len(coarse))


def test_an_implied_bound_of_exactly_zero_is_not_empty() -> None:
    # Killed and wounded Russians are 0 from 16 January on, so casualties from 17 to
    # 20 January are exactly 0: the LP's maximum came out at -1.1e-16 below its
    # minimum 0, and implied() gave the empty set in a consistent report.
    report = check("an implied bound of exactly 0")
    implied = report.implied("casualties", "russia", january(17, 20))
    assert (True, ck.Range(0, 0, "person")) == (report.consistent, implied)


def test_more_than_zero_each_day_against_none_beside_any_claim() -> None:
    # A strict end at 0 is cleared by 1e-8 of the row's scale, more than the claim of
    # 0 may be missed by, however large the claims tied to them.
    more_than_zero = claim_of(
        "a", "wounded of ukraine each", (1, 5), ck.Range.more_than(0, "person / day")
    )
    none = KNOWN["a claim of 0 beside a larger claim"].claims[1]
    for size in (1.0, 1e5, 1e11):
        large = claim_of("c", "wounded of ukraine", (1, 8), ck.Range.at_least(size, "person"))
        assert [("a", "b")] == conflict_sets(ck.check([more_than_zero, none, large]))


def test_claims_that_differ_by_less_than_their_tolerance_hold() -> None:
    # Wounded of both sides 3e9 + 0.00175 where the daily claims allow 3e9: missed by
    # 6e-13 of its size. HiGHS called the set infeasible (it may, for a model that
    # fails by less than its tolerance), and every exact bound came back empty.
    report = check("claims that differ by less than their tolerance")
    empty = [b.claims for b in report.bounds if b.exact is not None and b.exact.is_empty]
    assert (True, (), []) == (report.consistent, report.conflicts, empty)


def test_a_model_the_dual_simplex_stalls_on_is_decided() -> None:
    # 3e5 and 1.5e5 killed on the same day, beside claims of 5e9 and of 0: the dual
    # simplex ended in 'Unknown' and check() raised NumericalError.
    report = check("a model the dual simplex stalls on")
    assert not report.consistent
    assert ("c0", "c7") in [f.claims for f in report.conflicts]


def test_a_conflict_set_is_not_made_of_claims_within_their_tolerance() -> None:
    # 0.00175 wounded Russians where daily claims of 5e8 leave none is within those
    # claims' tolerance; (c0, c3, c5, c7) was named a conflict set, c0 touching none
    # of the others. The set does conflict (c2 against c3, c1 against c6).
    report = check("a conflict set within the tolerance")
    named = {c for claims in conflict_sets(report) for c in claims}
    assert (False, set()) == (report.consistent, named & {"c0", "c7"})


def _lp(rows: list[tuple[float, float]]) -> LP:
    """An LP of one column and one claim row per (lo, hi): lo <= x <= hi."""
    n = len(rows)
    return LP(
        n_col=1,
        start=np.arange(n + 1, dtype=np.int32),
        index=np.zeros(n, dtype=np.int32),
        value=np.ones(n),
        row_lo=np.array([lo for lo, _ in rows]),
        row_hi=np.array([hi for _, hi in rows]),
        col_lo=np.zeros(1),
        col_hi=np.full(1, np.inf),
        row_claim=np.arange(n, dtype=np.int64),
        n_claim_rows=n,
        col_scale=np.ones(1),
    )


def test_least_violation_gives_each_rows_miss_and_the_point() -> None:
    # x = 1, 1.5 <= x <= 2 and 3 <= x <= 4: every x from 1.5 to 3 misses by 2 in all.
    found = highs.least_violation(highs.load(_lp([(1.0, 1.0), (1.5, 2.0), (3.0, 4.0)])), 3)
    assert found is not None
    miss, point = found
    assert (True, True) == (abs(float(miss.sum()) - 2.0) < 1e-9, 1.5 <= float(point[0]) <= 3.0)


def test_solve_holds_an_lp_missed_by_less_than_the_tolerance() -> None:
    # x = 1 and x = 1 + 1e-12: no point meets both exactly, every claim is met to 1e-9.
    assert highs.Status.FEASIBLE is highs.solve(_lp([(1.0, 1.0), (1.0 + 1e-12, 1.0 + 1e-12)]))
    assert highs.Status.INFEASIBLE is highs.solve(_lp([(1.0, 1.0), (1.0 + 1e-8, 1.0 + 1e-8)]))
