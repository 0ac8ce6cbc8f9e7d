"""One LP per block decides both whether its groups hold and whether they clear the tension.

``feasible_and_cleared`` first solves a block with every claim shrunk by the tension
threshold; a point it finds that meets the claims as stated (strict ends honoured)
settles the block: it holds and its groups are no tension, so ``below`` solves
nothing for them. A block that fails shrunk (a tension, a conflict) or whose point
is not confirmed is decided as before, and gives the answers it gave before.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

import claimkit as ck
from claimkit.engine import components, groups, highs
from claimkit.engine.components import feasible_and_cleared, feasible_components
from claimkit.engine.groups import below, shrink
from claimkit.engine.highs import FEASIBILITY_TOLERANCE, point
from claimkit.engine.model import build

TENSION = 0.1


def total(cid: str, subject: str, months: tuple[int, int], value: ck.Range) -> ck.Claim:
    period = ck.Period(date(2024, months[0], 1), date(2024, months[1], 1))
    return ck.Claim(id=cid, measure="cases", subject=subject, period=period, value=value)


def pair(subject: str, second: tuple[float, float]) -> list[ck.Claim]:
    """Jan 100 to 300 and Jan ``second``, both about ``subject``."""
    return [
        total(f"{subject}-a", subject, (1, 2), ck.Range(100, 300, "person")),
        total(f"{subject}-b", subject, (1, 2), ck.Range(*second, "person")),
    ]


# Shrunk by a tenth: 120 to 280 and 220 to 380 meet; 120 to 280 and 301 to 391 do not
# (the pair's largest shrink is 1/15.5), and 310 to 400 does not meet 100 to 300 at all.
ROOMY, TENSE, CLASH = (200, 400), (290, 400), (310, 400)


def decided(claims: list[ck.Claim]) -> tuple[list[bool], list[bool], list[float], list[float]]:
    """Return ok, cleared, below's answers with and without ``cleared``, one per group."""
    model = build(ck.ClaimSet(claims))
    ok, cleared = feasible_and_cleared(model, TENSION)
    assert ok.tolist() == feasible_components(model).tolist()
    merged = below(model, ok, ok, TENSION, cleared=cleared)
    separate = below(model, ok, ok, TENSION)
    np.testing.assert_array_equal(merged, separate)
    return ok.tolist(), cleared.tolist(), merged.tolist(), shrink(model, ok).tolist()


def test_a_block_that_holds_shrunk_holds_and_is_cleared() -> None:
    ok, cleared, low, full = decided(pair("x", ROOMY))
    assert (ok, cleared, low) == ([True], [True], [np.inf])
    assert full[0] >= TENSION


def test_a_block_with_a_tension_holds_and_is_not_cleared() -> None:
    ok, cleared, low, full = decided(pair("x", TENSE))
    assert (ok, cleared) == ([True], [False])
    assert low == full
    assert 0 < full[0] < TENSION


def test_a_block_with_a_conflict_is_neither_feasible_nor_cleared() -> None:
    ok, cleared, low, _ = decided(pair("x", CLASH))
    assert (ok, cleared) == ([False], [False])
    assert np.isnan(low).all()


def test_one_tense_group_keeps_its_whole_block_from_being_cleared() -> None:
    # The groups share one block: its shrunk LP fails for the tense one, and below
    # then solves the block for the largest shrink of each group that holds, as before.
    ok, cleared, low, full = decided(pair("x", ROOMY) + pair("y", TENSE) + pair("z", CLASH))
    assert ok == [True, True, False]
    assert cleared == [False, False, False]
    assert low[:2] == full[:2]
    assert full[0] == pytest.approx(0.5)


def test_a_roomy_group_beside_a_conflicting_one_is_cleared() -> None:
    # The block's shrunk LP fails for the conflicting group; propagation shows it
    # cannot hold, and the block solved again with its claims left free clears the
    # other: below then solves nothing for it, and answers as it would alone.
    ok, cleared, low, full = decided(pair("x", ROOMY) + pair("z", CLASH))
    assert (ok, cleared) == ([True, False], [True, False])
    assert low[0] == np.inf
    assert full[0] >= TENSION


def test_exact_claims_do_not_shrink_and_are_cleared_where_they_hold() -> None:
    claims = [
        total("jan", "x", (1, 2), ck.Range(100, 100, "person")),
        total("feb", "x", (2, 3), ck.Range(150, 150, "person")),
        total("both", "x", (1, 3), ck.Range(250, 250, "person")),
    ]
    ok, cleared, low, full = decided(claims)
    assert (ok, cleared, low, full) == ([True], [True], [np.inf], [1.0])


def test_a_shrunk_point_that_misses_a_strict_end_leaves_the_block_to_the_plain_test() -> None:
    # "over 0" has no shrink scale at 0 (shrunk, it is still "at least 0"), so the shrunk
    # LP may put January at 0, which misses the strict end: the block is decided
    # without the shrunk point, and below answers for it with its own LP.
    claims = [
        total("jan", "x", (1, 2), ck.Range.more_than(0, "person")),
        total("q", "x", (1, 3), ck.Range(0, 10, "person")),
    ]
    ok, cleared, low, _ = decided(claims)
    assert (ok, cleared, low) == ([True], [False], [np.inf])


def test_claims_that_meet_shrunk_only_within_the_tolerance_are_cleared_as_below_finds() -> None:
    # 499,999 and 499,999 to 500,000 shrunk by a thousandth miss by 0.0005, a
    # billionth of their size: both tests read them as meeting (their largest shrink
    # is 0, to the tolerance of the claims).
    claims = [
        total("a", "x", (1, 2), ck.Range(499_999, 499_999, "person")),
        total("b", "x", (1, 2), ck.Range(499_999, 500_000, "person")),
    ]
    model = build(ck.ClaimSet(claims))
    ok, cleared = feasible_and_cleared(model, 0.001)
    assert (ok.tolist(), cleared.tolist()) == ([True], [True])
    assert below(model, ok, ok, 0.001).tolist() == [np.inf]
    assert shrink(model, ok).tolist() == [0.0]


def test_no_component_is_cleared_of_a_tension_of_zero() -> None:
    model = build(ck.ClaimSet(pair("x", ROOMY)))
    ok, cleared = feasible_and_cleared(model, 0.0)
    assert (ok.tolist(), cleared.tolist()) == ([True], [False])


def test_a_quick_point_meets_every_row_of_its_lp_and_an_infeasible_lp_has_none() -> None:
    lp = build(ck.ClaimSet(pair("x", ROOMY) + pair("y", TENSE))).lp(0, 2)
    found = point(lp)
    assert found is not None
    values = np.add.reduceat(lp.value * found[lp.index], lp.start[:-1])
    assert (values >= lp.row_lo - FEASIBILITY_TOLERANCE).all()
    assert (values <= lp.row_hi + FEASIBILITY_TOLERANCE).all()
    assert point(build(ck.ClaimSet(pair("x", CLASH))).lp(0, 1)) is None


def _count_lps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the HiGHS instances made (one per LP solved) while the test runs."""
    made = [0]
    make = highs._highs

    def counted() -> object:
        made[0] += 1
        return make()

    monkeypatch.setattr(highs, "_highs", counted)
    return made


def test_a_check_of_a_group_that_clears_solves_one_lp_for_its_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lps = _count_lps(monkeypatch)
    report = ck.check(pair("x", ROOMY) + pair("y", (150, 350)))
    assert report.counts()["tension"] == 0
    assert all(f.verdict == "consistent" for f in report.findings)
    assert lps[0] == 1


def test_a_check_of_a_tense_group_still_finds_the_tension_no_finding_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each month at most 200, Jan-Feb and Feb-Mar at least 300 each, Q1 at most 450:
    # every finding leaves room, the six together little (Feb must be near 150).
    spans = {"jan": (1, 2), "feb": (2, 3), "mar": (3, 4), "jf": (1, 3), "fm": (2, 4), "q1": (1, 4)}
    values = {"jan": (0, 200), "feb": (0, 200), "mar": (0, 200), "jf": (300, 1000),
              "fm": (300, 1000), "q1": (0, 450)}  # fmt: skip
    claims = [total(k, "x", spans[k], ck.Range(*values[k], "person")) for k in spans]
    calls: list[int] = []
    solve = groups._holds_shrunk

    def spied(*args: object) -> bool:
        calls.append(1)
        return solve(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(groups, "_holds_shrunk", spied)
    report = ck.check(claims, tension=TENSION)
    (found,) = [f for f in report.findings if f.verdict != "consistent"]
    assert (found.kind, found.verdict) == ("group", "tension")
    assert 0 < found.margin < TENSION
    assert calls == [1]  # the block failed shrunk: below tests it again, as before


def test_blocks_solved_on_threads_decide_as_blocks_solved_in_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Thirty groups, a block each: roomy, tense and clashing groups side by side. The
    # blocks' shrunk LPs solved on several threads at once give the verdicts and the
    # clearances that solving them one after another gives.
    claims = [claim for k in range(30) for claim in pair(f"g{k:02d}", (ROOMY, TENSE, CLASH)[k % 3])]
    model = build(ck.ClaimSet(claims))
    assert len(model.blocks(2)) == 30
    on_threads = feasible_and_cleared(model, TENSION, block_rows=2)
    monkeypatch.setattr(
        components, "each_on_threads", lambda solve, items: [solve(item) for item in items]
    )
    in_turn = feasible_and_cleared(model, TENSION, block_rows=2)
    for threaded, serial in zip(on_threads, in_turn, strict=True):
        np.testing.assert_array_equal(threaded, serial)
    assert on_threads[0].tolist() == [k % 3 != 2 for k in range(30)]
    assert on_threads[1].tolist() == [k % 3 == 0 for k in range(30)]


def test_blocks_solved_together_and_alone_clear_the_same_groups() -> None:
    # Four blocks are solved as one LP: where all hold shrunk, that one LP clears them
    # all; where one is tense, the others are solved alone and still cleared.
    roomy = [claim for k in range(8) for claim in pair(f"r{k}", ROOMY)]
    model = build(ck.ClaimSet(roomy))
    assert feasible_and_cleared(model, TENSION, block_rows=2)[1].tolist() == [True] * 8
    mixed = roomy[:6] + pair("t", TENSE) + roomy[6:]
    model = build(ck.ClaimSet(mixed))
    ok, cleared = feasible_and_cleared(model, TENSION, block_rows=2)
    assert len(model.blocks(2)) == 9
    assert ok.all()
    assert int(cleared.sum()) == 8  # all but the tense group, three of them solved alone
