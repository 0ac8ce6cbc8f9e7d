"""A block that fails, split by one least-violation LP, gives each component's own verdict."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import components
from claimkit.engine.components import (
    STRICT_TOLERANCE,
    _cannot_hold,
    clear_miss,
    component_ok,
    feasible_and_cleared,
    split_block,
)
from claimkit.engine.model import build
from claimkit.strategies import claim_sets


def _side_by_side(parts: list[ck.ClaimSet]) -> ck.ClaimSet:
    return ck.ClaimSet(
        c.replace(id=f"p{k}-{c.id}", subject=f"{c.subject}-{k}")
        for k, part in enumerate(parts)
        for c in part.canonical.claims
    )


def _assert_split_as_alone(claimset: ck.ClaimSet) -> None:
    model = build(claimset.canonical)
    alone = [component_ok(model, k) for k in range(model.n_components)]
    assert split_block(model, 0, model.n_components).tolist() == alone
    # As the check uses it: the misses of the block's own least-violation point.
    for tension in (0.0, 0.3):
        ok, cleared = feasible_and_cleared(model, tension)
        assert ok.tolist() == alone
        assert not (cleared & ~ok).any()


@given(
    st.lists(
        st.one_of(claim_sets(consistent=False, max_size=8), claim_sets(max_size=8)),
        min_size=1,
        max_size=5,
    )
)
def test_the_split_gives_each_components_own_verdict(parts: list[ck.ClaimSet]) -> None:
    _assert_split_as_alone(_side_by_side(parts))


@given(
    st.lists(
        st.one_of(claim_sets(consistent=False, max_size=8), claim_sets(max_size=8)),
        min_size=1,
        max_size=4,
    )
)
def test_blocks_whose_presolve_finds_no_point_get_the_same_verdicts(
    parts: list[ck.ClaimSet],
) -> None:
    # As if presolve found no point for any block: the least-violation LP decides
    # straight away, and the verdicts are each group's own, as without it.
    model = build(_side_by_side(parts).canonical)
    alone = [component_ok(model, k) for k in range(model.n_components)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(components, "_presolved_point", lambda h: False)
        for tension in (0.0, 0.3):
            assert feasible_and_cleared(model, tension)[0].tolist() == alone
            assert [component_ok(model, k) for k in range(model.n_components)] == alone


def _claim(cid: str, subject: str, lo: float, hi: float, *, lo_open: bool = False) -> ck.Claim:
    return ck.Claim(
        id=cid,
        measure="cases",
        subject=subject,
        period=ck.Period.month(2025, 3),
        kind="total",
        value=ck.Range(lo, hi, "person", lo_open=lo_open),
    )


def test_groups_that_hold_conflict_and_only_touch_are_told_apart() -> None:
    claims = [
        _claim("a1", "a", 10, 20),  # holds
        _claim("a2", "a", 15, 30),
        _claim("b1", "b", 10, 20),  # conflicts: [10, 20] against [40, 50]
        _claim("b2", "b", 40, 50),
        _claim("c1", "c", 10, 20),  # touches only at 20, which c2 excludes
        _claim("c2", "c", 20, 30, lo_open=True),
        _claim("d1", "d", 1e9, 1e9),  # holds, a thousand million times larger
        _claim("d2", "d", 1e9, 2e9),
        _claim("e1", "e", 1e9, 1e9),  # holds: 0.3 apart is within the tolerance of 1e9
        _claim("e2", "e", 1e9 + 0.3, 2e9),
    ]
    model = build(ck.ClaimSet(claims))
    got = split_block(model, 0, model.n_components)
    assert got.tolist() == [component_ok(model, k) for k in range(model.n_components)]
    assert sorted(got.tolist()) == [False, False, True, True, True]


def _hidden_clash(subject: str) -> list[ck.Claim]:
    """March's count in [10, 20] and in [40, 50], after "more than 5" over February and March.

    March's count is a difference of two running totals neither bounded above, so
    interval propagation raises their lower bounds round after round and never shows
    the clash: the block's least-violation LP finds it.
    """
    return [
        ck.Claim(
            id=f"{subject}0",
            measure="cases",
            subject=subject,
            period=ck.Period(date(2025, 2, 1), date(2025, 4, 1)),
            kind="total",
            value=ck.Range.more_than(5, "person"),
        ),
        _claim(f"{subject}1", subject, 10, 20),
        _claim(f"{subject}2", subject, 40, 50),
    ]


def test_groups_met_at_the_point_of_a_failing_block_need_no_lp_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a check splits a block whose claims shrunk did not hold: the groups its
    # least-violation point meets hold on that point alone, confirmed claim by claim.
    claims = [
        _claim("a1", "a", 10, 20),
        _claim("a2", "a", 15, 30),
        *_hidden_clash("b"),
        _claim("d1", "d", 1e9, 1e9),
        _claim("d2", "d", 1e9, 2e9),
    ]
    model = build(ck.ClaimSet(claims))
    expected = [component_ok(model, k) for k in range(model.n_components)]
    assert not _cannot_hold(model, 0, model.n_components).any()
    solved = []
    monkeypatch.setattr(components, "holds", lambda *args: solved.append(args) or True)
    ok, cleared = feasible_and_cleared(model, 0.3)
    assert ok.tolist() == expected
    assert sorted(expected) == [False, True, True]
    assert not solved
    assert not cleared.any()


def test_groups_propagation_shows_cannot_hold_need_no_least_violation_lp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Running totals of admissions that fall (b, c) cannot hold: propagation shows it,
    # and the groups left (a, d) are decided by LPs of their own claims, which hold.
    # A clash propagation cannot show (e) still takes the least-violation LP.
    def running(subject: str, figures: list[float]) -> list[ck.Claim]:
        return [
            ck.Claim(
                id=f"{subject}{day}",
                measure="admissions",
                subject=subject,
                period=ck.Period(date(2025, 3, 1), date(2025, 3, day)),
                value=ck.Range.exact(value, "person"),
            )
            for day, value in enumerate(figures, start=2)
        ]

    claims = [
        *running("a", [5, 9, 14]),
        *running("b", [5, 30, 12]),
        *running("c", [8, 7]),
        *running("d", [1, 2]),
    ]
    model = build(ck.ClaimSet(claims))
    expected = [component_ok(model, k) for k in range(model.n_components)]
    assert expected == [True, False, False, True]
    solved: list[object] = []
    real = components.least_violation
    monkeypatch.setattr(
        components, "least_violation", lambda *args, **kw: solved.append(args) or real(*args, **kw)
    )
    for tension in (0.0, 0.3):
        assert feasible_and_cleared(model, tension)[0].tolist() == expected
    assert not solved
    model = build(ck.ClaimSet([*claims, *_hidden_clash("e")]))
    assert feasible_and_cleared(model, 0.0)[0].tolist() == [True, False, False, True, False]
    assert solved


def test_a_point_that_misses_a_group_does_not_decide_it() -> None:
    # Misses of 0 with a point that meets no claim: the groups are solved again, so
    # the conflicting one is not read as holding.
    claims = [_claim("a1", "a", 10, 20), _claim("b1", "b", 10, 20), _claim("b2", "b", 40, 50)]
    model = build(ck.ClaimSet(claims))
    lp = model.lp(0, model.n_components, strict_shift=STRICT_TOLERANCE)
    at = np.full(lp.n_col, 1e6)
    got = split_block(model, 0, model.n_components, (np.zeros(lp.n_claim_rows), at), lp)
    assert got.tolist() == [component_ok(model, k) for k in range(model.n_components)]
    assert sorted(got.tolist()) == [False, True]


def test_clear_miss_grows_with_the_rows() -> None:
    assert clear_miss(np.array([1, 10**6])).tolist() == [1e-6, 1e-1]
