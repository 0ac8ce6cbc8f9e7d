"""Adding a claim never removes a conflict, whatever its size (up to 1e12).

A conflicting pair ties a total (casualties) to one of its parts (killed) over a
period inside the total's: "at most x casualties" against "over x killed" (touching
strict ends) or "at least x (1 + g) killed". Claims of any size from 1e-3 to 1e12 on
any of the three measures, over any period, join the pair: the set must still
conflict. And a pair that holds ("at least x killed") still holds beside one large
claim that it leaves room for.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.test_tolerance import RELATIONS, claim

import claimkit as ck
from claimkit.engine.margins import range_size
from claimkit.engine.matrix import MAX_SPREAD

MEASURES = ("casualties", "killed", "wounded")
LAST = 30  # periods end by 30 January, so that one more day stays in January

spans = st.tuples(st.integers(1, LAST - 1), st.integers(2, LAST)).map(
    lambda t: (min(t), max(t) + 1) if t[0] >= t[1] else t
)
magnitudes = st.integers(-3, 12).flatmap(
    lambda e: st.floats(1.0, 9.99).map(lambda m: round(m, 2) * 10.0**e)
)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[int, int, int, int, float]:
    a, b = draw(spans)
    c = draw(st.integers(a, b - 1))
    d = draw(st.integers(c + 1, b))
    return a, b, c, d, draw(magnitudes)


@st.composite
def others(draw: st.DrawFn) -> list[ck.Claim]:
    out = []
    for i in range(draw(st.integers(1, 6))):
        lo, hi = sorted((draw(magnitudes), draw(magnitudes)))
        kind = draw(st.sampled_from(["at_least", "at_most", "range"]))
        value = {
            "at_least": ck.Range.at_least(lo, "person"),
            "at_most": ck.Range.at_most(hi, "person"),
            "range": ck.Range(lo, hi, "person"),
        }[kind]
        out.append(claim(f"x{i}", draw(st.sampled_from(MEASURES)), *draw(spans), value))
    return out


@settings(max_examples=30)
@given(pairs(), st.sampled_from(["touching", "1e-6", "1e-3"]), others())
def test_a_conflict_stays_a_conflict(
    pair: tuple[int, int, int, int, float], gap: str, extra: list[ck.Claim]
) -> None:
    a, b, c, d, x = pair
    total = claim("total", "casualties", a, b, ck.Range.at_most(x, "person"))
    # A claim below a millionth of the largest one is held to a millionth of that one.
    largest = max(range_size(e.value) for e in extra)
    scale = max(x, largest / MAX_SPREAD)
    part_value = (
        ck.Range.more_than(x, "person")
        if gap == "touching"
        else ck.Range.at_least(x + float(gap) * scale, "person")
    )
    part = claim("part", "killed", c, d, part_value)
    assert not ck.check(ck.ClaimSet([total, part], relations=RELATIONS)).consistent
    report = ck.check(ck.ClaimSet([total, part, *extra], relations=RELATIONS), exact_bounds=0)
    assert not report.consistent


@settings(max_examples=30)
@given(pairs(), magnitudes, st.booleans())
def test_a_consistent_pair_holds_beside_a_largeclaim(
    pair: tuple[int, int, int, int, float], size: float, at_least: bool
) -> None:
    a, b, c, d, x = pair
    total = claim("total", "casualties", a, b, ck.Range.at_most(x, "person"))
    part = claim("part", "killed", c, d, ck.Range.at_least(x, "person"))
    if at_least:  # growth after the total's period leaves it room
        large = claim("large", "killed", a, b + 1, ck.Range.at_least(size, "person"))
    else:
        large = claim("large", "wounded", a, b, ck.Range.at_most(size, "person"))
    report = ck.check(ck.ClaimSet([total, part, large], relations=RELATIONS), exact_bounds=0)
    assert report.consistent
