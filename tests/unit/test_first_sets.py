"""The first conflict set of many groups, decided together (``conflict_sets.first_sets``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

import claimkit as ck
from claimkit.engine import conflict_lps, conflict_sets, conflicts
from claimkit.engine.components import feasible_components
from claimkit.engine.conflict_layout import Layout
from claimkit.engine.conflict_lps import Window, _cut, certificates, irreducible, rows_lp
from claimkit.engine.conflicts import Search, row_sets_of
from claimkit.engine.matrix import LinearModel
from claimkit.engine.model import build

START = date(2025, 3, 1)


def admissions(ward: str, figures: list[float]) -> list[ck.Claim]:
    """A ward's admissions since 1 March, by each day (cumulative totals)."""
    return [
        ck.Claim(
            id=f"{ward}-day{n}",
            measure="admissions",
            subject=ward,
            period=ck.Period(START, START + timedelta(days=n + 1)),
            value=ck.Range(0.98 * v, 1.02 * v, "person"),
        )
        for n, v in enumerate(figures)
    ]


def wards() -> LinearModel:
    """Five wards: the second and fourth hold; the others report a figure too high."""
    figures = {
        "a": [10, 40, 25, 30, 35],
        "b": [10, 20, 25, 30, 35],
        "c": [5, 9, 30, 12, 14, 15],
        "d": [3, 6, 9],
        "e": [50, 20, 60, 70],
    }
    claims = [c for ward, values in figures.items() for c in admissions(ward, values)]
    return build(ck.ClaimSet(claims).canonical)


def test_each_first_set_is_the_one_the_group_search_finds_first() -> None:
    model = wards()
    searches = [Search(model, comp) for comp in range(model.n_components)]
    first = conflict_sets.first_sets(searches)
    holds = feasible_components(model).tolist()
    assert [False, True, False, True, False] == holds
    assert holds == [f is None for f in first]
    for comp, found in enumerate(first):
        if found is None:
            continue
        alone, _ = Search(model, comp).run(1)
        assert [found] == alone
        assert irreducible(model, found)


def test_a_certificate_that_is_no_iis_is_left_to_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every claim of the group as the certificate's: not irreducible, so no first set
    # is given, and the search finds the same sets as it does on its own.
    model = wards()
    every = {c: sorted(set(Search(model, c).claims)) for c in range(model.n_components)}
    before, _, _ = conflict_sets.conflicts_of(model, [0, 2, 4], limit=None)
    monkeypatch.setattr(Search, "suspects", lambda self: every[self.component])
    monkeypatch.setattr(
        conflict_sets,
        "certificates",
        lambda model, row_sets: [np.unique(model.rows.claim[rows]) for rows in row_sets],
    )
    searches = [Search(model, comp) for comp in (0, 2, 4)]
    assert [None, None, None] == conflict_sets.first_sets(searches)
    after, _, _ = conflict_sets.conflicts_of(model, [0, 2, 4], limit=None)
    assert {c.claims for c in before} == {c.claims for c in after}


def test_a_search_given_its_first_set_lists_it_first_and_finds_the_rest() -> None:
    model = wards()
    (found,) = conflict_sets.first_sets([Search(model, 4)])
    assert found is not None
    given, _ = Search(model, 4).run(None, found)
    own, _ = Search(model, 4).run(None)
    assert found == given[0]
    named = sorted({c for s in given for c in s})
    assert named == sorted({c for s in own for c in s})
    assert all(irreducible(model, s) for s in given)


def test_groups_taken_in_batches_get_the_sets_one_batch_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = wards()
    failing = np.flatnonzero(~feasible_components(model)).tolist()
    limits = (1, 2, 4, None)
    whole = [conflict_sets.conflicts_of(model, failing, limit=k) for k in limits]
    monkeypatch.setattr(conflict_sets, "FIRST_BATCH", 1)
    assert whole == [conflict_sets.conflicts_of(model, failing, limit=k) for k in limits]
    assert [1, 2, 4] == [len(sets) for sets, _, _ in whole[:3]]
    assert [2, 1, 0] == [skipped for _, _, skipped in whole[:3]]


def shared_out_round_by_round(
    model: LinearModel, failing: list[int], limit: int
) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """The sets ``limit`` gives, from each group's search let go in full.

    Round by round: each group, in order, that has another set gets it. Also, for
    each group, the claims its kept sets leave unnamed, and 0 when it keeps them all
    (the claims left are one or the other of these then).
    """
    every = [Search(model, comp).run(None)[0] for comp in failing]
    given = [0] * len(every)
    budget, level = limit, 0
    while budget > 0 and any(len(sets) > level for sets in every):
        level += 1
        for k, sets in enumerate(every):
            if budget > 0 and len(sets) >= level:
                given[k], budget = level, budget - 1
    sets, lefts = [], []
    for comp, found, n in zip(failing, every, given, strict=True):
        kept = found[:n]
        sets.extend(kept)
        unnamed = len(set(Search(model, comp).claims).difference(*kept))
        lefts.append((unnamed, 0 if n == len(found) else unnamed))
    return sets, lefts


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_further_sets_are_shared_out_round_by_round(
    threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However many searches run at once, and however the first certificates and the
    # second sets are shared among the threads.
    monkeypatch.setattr(conflict_sets, "THREADS", threads)
    monkeypatch.setattr(conflict_lps, "THREADS", threads)
    # Each ward's first figure is too high for several days after it: a set with each.
    figures = {
        "a": [60, 20, 25, 30, 35, 40, 70],
        "b": [10, 20, 25],
        "c": [45, 12, 14, 15, 16, 50],
        "d": [80, 9, 10, 11, 12, 13, 14, 90],
        "e": [30, 20, 22],
        "f": [10, 35, 20, 40],
    }
    claims = [c for ward, values in figures.items() for c in admissions(ward, values)]
    model = build(ck.ClaimSet(claims).canonical)
    failing = np.flatnonzero(~feasible_components(model)).tolist()
    every, _, _ = conflict_sets.conflicts_of(model, failing, limit=None)
    assert len(failing) == 5
    assert len(every) > 12
    lefts = set()
    for limit in range(len(failing), len(every) + 2):
        found, left, skipped = conflict_sets.conflicts_of(model, failing, limit=limit)
        sets, bounds = shared_out_round_by_round(model, failing, limit)
        assert ([list(c.claims) for c in found], skipped) == (sets, 0)
        assert sum(b[1] for b in bounds) <= left <= sum(b[0] for b in bounds)
        lefts.add(left)
    assert 0 in lefts
    assert len(lefts) > 2


def test_no_search_goes_past_the_sets_its_group_can_get(monkeypatch: pytest.MonkeyPatch) -> None:
    # One ward with many sets: its search is let go as far as the limit, no further
    # (the sets past it would be thrown away); with two wards, neither further than
    # the limit less the other's first set.
    figures = {"d": [80, 9, 10, 11, 12, 13, 14, 90], "a": [60, 20, 25, 30, 35, 40, 70]}
    asked: list[int | None] = []
    run = Search.run

    def counted(self: Search, limit: int | None, first: list[int] | None = None) -> Any:
        asked.append(limit)
        return run(self, limit, first)

    monkeypatch.setattr(Search, "run", counted)
    for wards, limit in ((["d"], 5), (["d", "a"], 6)):
        claims = [c for ward in wards for c in admissions(ward, figures[ward])]
        model = build(ck.ClaimSet(claims).canonical)
        failing = np.flatnonzero(~feasible_components(model)).tolist()
        asked.clear()
        found, _, _ = conflict_sets.conflicts_of(model, failing, limit=limit)
        assert len(found) == limit
        assert max(n for n in asked if n is not None) <= limit - len(wards) + 1


def test_second_sets_found_together_are_those_each_search_finds() -> None:
    # Wards whose second set comes from a swap next to the first, one whose first set
    # is its only one (the ward holds without any one claim of it), and one whose
    # first set is not known beforehand.
    figures = {
        "a": [60, 20, 25, 30, 35, 40, 70],
        "c": [45, 12, 14, 15, 16, 50],
        "f": [10, 35, 20, 40],
        "g": [10, 20, 30, 25, 50],
    }
    claims = [c for ward, values in figures.items() for c in admissions(ward, values)]
    model = build(ck.ClaimSet(claims).canonical)
    failing = np.flatnonzero(~feasible_components(model)).tolist()
    firsts = conflict_sets.first_sets([Search(model, c) for c in failing])
    known = [*firsts[:-1], None]
    got = conflict_sets.second_sets([Search(model, c) for c in failing], known)
    runs = [Search(model, c).run(2, f) for c, f in zip(failing, known, strict=True)]
    assert got[-1] is None
    assert all(g is None or g == r for g, r in zip(got, runs, strict=True))
    assert [len(r[0]) for r, g in zip(runs, got, strict=True) if g is not None] == [2, 2, 1]


def test_certificates_of_many_row_sets_are_those_of_each_window() -> None:
    model = wards()
    comps = [np.arange(model.comp_row_ptr[c], model.comp_row_ptr[c + 1]) for c in range(5)]
    # Whole components, and some claims of a component (their rows only).
    row_sets = [*comps, comps[2][[0, 2, 3]], comps[4][1:], comps[0][:1]]
    sets = np.cumsum([0] + [r.shape[0] for r in row_sets])
    for part, rows in zip(
        _cut(rows_lp(model, np.concatenate(row_sets), sets=sets), sets), row_sets, strict=True
    ):
        alone = rows_lp(model, rows)
        assert (part.n_col, part.n_claim_rows) == (alone.n_col, alone.n_claim_rows)
        for field in (
            "start",
            "index",
            "value",
            "row_lo",
            "row_hi",
            "col_lo",
            "col_hi",
            "row_claim",
            "col_scale",
        ):
            mine, theirs = getattr(part, field), getattr(alone, field)
            assert mine.dtype == theirs.dtype
            assert np.array_equal(mine, theirs), field
    found = certificates(model, row_sets)
    expected = []
    for rows in row_sets:
        window = Window(model, rows)
        clash = window.conflict(window.claims.tolist())
        expected.append(None if clash is None else clash[0].tolist())
    assert [None if f is None else f.tolist() for f in found] == expected
    assert [e is None for e in expected] == [False, True, False, True, False, False, True, True]


def test_searches_sharing_one_layout_find_what_each_finds_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The searches of a check share one layout of their groups' rows (Layout); a
    # search made alone makes its own. Everything they work out must be the same.
    # Neighbours worked out two claims at a time, by date: each group's dates count.
    monkeypatch.setattr(conflicts, "NEAR_BATCH", 2)
    figures = {
        "a": [60, 20, 25, 30, 35, 40, 70],
        "b": [10, 20, 25, 30],
        "c": [45, 12, 14, 15, 16, 50],
        "g": [10, 20, 30, 25, 50],
    }
    claims = [c for ward, values in figures.items() for c in admissions(ward, values)]
    model = build(ck.ClaimSet(claims).canonical)
    failing = np.flatnonzero(~feasible_components(model)).tolist()
    assert len(failing) == 3  # ward b holds and is left out of the layout
    layout = Layout(model, failing)
    for comp in failing:
        shared, alone = Search(model, comp, layout), Search(model, comp)
        assert shared.claims == alone.claims
        # A first call works out the claims asked; later ones, batches of them by date.
        assert shared.near_each(shared.claims[-1:]) == alone.near_each(alone.claims[-1:])
        assert shared.near_each(shared.claims) == alone.near_each(alone.claims)
        assert shared.near(shared.claims[:1], 3) == alone.near(alone.claims[:1], 3)
        assert shared.neighbourhood(shared.claims[-1]) == alone.neighbourhood(alone.claims[-1])
        assert shared.distance(shared.claims[0], shared.claims) == alone.distance(
            alone.claims[0], alone.claims
        )
        sets = [shared.claims[:2], shared.claims[1:], shared.claims[-1:]]
        mine, theirs = shared.row_sets(sets), alone.row_sets(sets)
        assert [r.tolist() for r in mine] == [r.tolist() for r in theirs]
        assert [r.tolist() for r in mine] == [shared.rows_of(s).tolist() for s in sets]
    # The rows of many searches' sets, in one pass per layout.
    shared_all = [Search(model, c, layout) for c in failing]
    sets = [[frozenset(s.claims[:2]), frozenset(s.claims[2:4])] for s in shared_all]
    rows = row_sets_of([*shared_all, Search(model, failing[0])], [*sets, sets[0]])
    expected = [s.rows_of(k) for s, pair in zip(shared_all, sets, strict=True) for k in pair]
    expected += [shared_all[0].rows_of(k) for k in sets[0]]
    assert [r.tolist() for r in rows] == [r.tolist() for r in expected]
    # The first and second sets, and every set of a search let go.
    firsts = conflict_sets.first_sets([Search(model, c, layout) for c in failing])
    assert firsts == conflict_sets.first_sets([Search(model, c) for c in failing])
    together = conflict_sets.second_sets([Search(model, c, layout) for c in failing], firsts)
    apart = conflict_sets.second_sets([Search(model, c) for c in failing], firsts)
    assert together == apart
    for comp, first in zip(failing, firsts, strict=True):
        assert Search(model, comp, layout).run(None, first) == Search(model, comp).run(None, first)


def _ids(model: LinearModel, claims: list[int]) -> list[str]:
    return [model.claim_ids[c] for c in claims]


def _index(model: LinearModel, ids: list[str]) -> list[int]:
    return sorted(list(model.claim_ids).index(i) for i in ids)


def test_a_hint_that_is_a_conflict_set_is_the_first_set_with_no_certificate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Ward a's 40 by day 1 clashes with each later day; the certificate names one pair,
    # the hint another. Ward e's search has no hint and reads its certificate.
    model = wards()
    comp_a, comp_e = 0, 4
    own = conflict_sets.first_sets([Search(model, comp_a)])[0]
    hint = _index(model, ["a-day1", "a-day4"])
    assert own is not None
    assert own != hint
    assert irreducible(model, hint)
    read: list[int] = []

    def counted(model: LinearModel, row_sets: list[Any]) -> list[Any]:
        read.append(len(row_sets))
        return certificates(model, row_sets)

    monkeypatch.setattr(conflict_sets, "certificates", counted)
    searches = [Search(model, comp_a), Search(model, comp_e)]
    first = conflict_sets.first_sets(searches, [hint, None])
    assert first[0] == hint
    assert first[1] == conflict_sets.first_sets([Search(model, comp_e)])[0]
    assert read == [1, 1]  # ward e's certificate, in each call: none for ward a
    # A search given the hint lists it first and names every claim its own search does.
    sets, _, _ = conflict_sets.conflicts_of(model, [comp_a], limit=None, hints={comp_a: hint})
    alone, _, _ = conflict_sets.conflicts_of(model, [comp_a], limit=None)
    assert list(sets[0].claims) == hint
    assert {c for s in sets for c in s.claims} == {c for s in alone for c in s.claims}
    assert all(irreducible(model, list(s.claims)) for s in sets)


@pytest.mark.parametrize(
    "hint",
    [["a-day1", "a-day2", "a-day3"], ["a-day0", "a-day2"]],
    ids=["not-irreducible", "holds"],
)
def test_a_hint_that_is_no_conflict_set_falls_back_on_the_certificate(hint: list[str]) -> None:
    model = wards()
    own = conflict_sets.first_sets([Search(model, 0), Search(model, 4)])
    hinted = conflict_sets.first_sets(
        [Search(model, 0), Search(model, 4)], [_index(model, hint), None]
    )
    assert hinted == own


def test_first_hints_take_each_groups_finding_that_clashes_most() -> None:
    model = wards()
    a = {day: _index(model, [f"a-day{day}"])[0] for day in range(5)}
    c = {day: _index(model, [f"c-day{day}"])[0] for day in range(6)}
    findings = [
        [a[1], a[2]],  # -0.30
        [a[1], a[4]],  # -0.10
        [c[2], c[3]],  # -0.50, the same as the next: the first claims win the tie
        [c[2], c[4]],  # -0.50
        [a[0], c[0]],  # two groups: no hint
        [a[1], a[3]],  # -0.90, but no conflict
    ]
    ptr = np.cumsum([0, *(len(f) for f in findings)])
    flat = np.array([x for f in findings for x in f], dtype=np.int64)
    margin = np.array([-0.3, -0.1, -0.5, -0.5, -2.0, -0.9])
    clash = np.array([True, True, True, True, True, False])
    hints = conflict_sets.first_hints(model, ptr, flat, margin, clash)
    assert {comp: _ids(model, v) for comp, v in hints.items()} == {
        0: ["a-day1", "a-day2"],
        2: ["c-day2", "c-day3"],
    }
