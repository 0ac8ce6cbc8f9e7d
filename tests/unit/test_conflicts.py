"""Conflict sets that share claims: every conflicting claim is named."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

import claimkit as ck
from claimkit.engine import conflict_lps
from claimkit.engine import conflicts as _conflicts
from claimkit.engine.components import STRICT_TOLERANCE
from claimkit.engine.conflict_sets import conflicts_of
from claimkit.engine.highs import Status, elastic, solve
from claimkit.engine.model import build
from claimkit.errors import InvalidArgumentError

MINISTRY = ck.Source("Ministry of Health")
WHO = ck.Source("WHO")


def measles(claim_id: str, period: ck.Period, value: ck.Range, **more: object) -> ck.Claim:
    return ck.Claim(
        id=claim_id,
        measure="cases",
        subject="measles",
        period=period,
        value=value,
        kind=more.pop("kind", "total"),  # type: ignore[arg-type]
        source=more.pop("source", MINISTRY),  # type: ignore[arg-type]
    )


def month(m: int) -> ck.Period:
    return ck.Period.month(2025, m)


def outbreak() -> list[ck.Claim]:
    """Monthly totals and a Q1 total that agree; a weekly rate for March from the WHO."""
    q1 = ck.Period(date(2025, 1, 1), date(2025, 4, 1))
    return [
        measles("jan", month(1), ck.Range.from_rounded("310", "person")),
        measles("feb", month(2), ck.Range.from_rounded("400", "person")),
        measles("mar", month(3), ck.Range.from_rounded("480", "person")),
        measles("q1", q1, ck.Range.from_rounded("1,190", "person")),
        # About 200 a week over March is about 886 for the month: it clashes with
        # the ministry's March figure and with Q1 minus January and February.
        measles(
            "who-weekly",
            month(3),
            ck.Range.from_rounded("200", "person / week"),
            kind="rate",
            source=WHO,
        ),
    ]


def conflict_sets(report: ck.Report) -> set[tuple[str, ...]]:
    return {f.claims for f in report.findings if f.kind == "conflict-set"}


def test_a_claim_in_two_conflicts_is_reported_in_both() -> None:
    report = ck.check(outbreak())
    assert {("mar", "who-weekly"), ("feb", "jan", "q1", "who-weekly")} == conflict_sets(report)


def test_overlapping_conflict_sets_keep_the_finding_shape() -> None:
    report = ck.check(outbreak())
    found = [f for f in report.findings if f.kind == "conflict-set"]
    assert all(
        f.verdict == "conflict"
        and f.margin < 0
        and not f.touching
        and list(f.claims) == sorted(f.claims)
        for f in found
    )


def test_the_two_consistent_ways_of_reading_march_agree() -> None:
    without_rate = [c for c in outbreak() if c.id != "who-weekly"]
    assert ck.check(without_rate).consistent


def test_a_claim_in_no_conflict_set_is_not_named() -> None:
    # A cumulative total to the end of May leaves room for anything: in no conflict.
    spring = measles(
        "to-may", ck.Period(date(2025, 1, 1), date(2025, 6, 1)), ck.Range.at_least(1, "person")
    )
    report = ck.check([*outbreak(), spring])
    named = {c for s in conflict_sets(report) for c in s}
    assert {"jan", "feb", "mar", "q1", "who-weekly"} == named


def daily(
    values: list[float], value: Callable[[float], ck.Range] = lambda v: ck.Range.exact(v, "person")
) -> list[ck.Claim]:
    """Totals of one daily series by each day (``value`` of each figure)."""
    start = date(2024, 1, 1)
    return [
        ck.Claim(
            id=f"d{n:02d}",
            measure="killed",
            subject="russia",
            kind="total",
            period=ck.Period(start, start + timedelta(days=n + 1)),
            value=value(v),
        )
        for n, v in enumerate(values)
    ]


def test_a_high_figure_between_low_ones_is_in_two_conflict_sets() -> None:
    # 30 on day 2 cannot be followed by 20 on day 3 nor by 25 on day 4.
    report = ck.check(daily([10, 30, 20, 25, 40]))
    assert {("d01", "d02"), ("d01", "d03")} == conflict_sets(report)


def test_max_conflicts_counts_conflict_sets_per_check_and_says_how_many_more() -> None:
    report = ck.check(daily([10, 30, 20, 25, 40, 35, 50, 45]), max_conflicts=2)
    note = next(n for n in report.notes if "max_conflicts=2" in n)
    assert (2, True) == (len(conflict_sets(report)), "may belong to conflict sets not" in note)
    assert "every conflicting group has a conflict set listed" in note


def districts(n: int) -> list[ck.Claim]:
    """``n`` districts' daily series, each with a high figure in two conflict sets."""
    return [
        c.replace(id=f"{k}-{c.id}", subject=f"district-{k}")
        for k in range(n)
        for c in daily([10, 30, 20, 25, 40])
    ]


def groups_named(report: ck.Report) -> list[str]:
    return sorted({s[0].split("-")[0] for s in conflict_sets(report)})


def test_every_conflicting_group_is_named_before_any_is_named_twice() -> None:
    # Four groups, two conflict sets each; room for six: one each, then two more for
    # the first group, in order, then the second.
    report = ck.check(districts(4), max_conflicts=6)
    found = conflict_sets(report)
    assert ["0", "1", "2", "3"] == groups_named(report)
    per_group = [sum(s[0].startswith(f"{k}-") for s in found) for k in range(4)]
    assert [2, 2, 1, 1] == per_group
    note = next(n for n in report.notes if "max_conflicts=6" in n)
    assert "every conflicting group has a conflict set listed" in note


def test_groups_past_the_limit_are_counted_as_not_searched() -> None:
    report = ck.check(districts(5), max_conflicts=3)
    assert ["0", "1", "2"] == groups_named(report)
    note = next(n for n in report.notes if "max_conflicts=3" in n)
    assert "2 more conflicting groups were not searched" in note


def test_a_group_searched_further_keeps_the_sets_it_found_first() -> None:
    # A search stopped at k sets lists the first k of the search let go further: what
    # the limit keeps does not depend on how far a group was searched.
    claims = ck.ClaimSet(daily([10, 30, 20, 25, 40, 35, 50, 45, 60, 12])).canonical
    model = build(claims)
    whole, _, _ = conflicts_of(model, [0], limit=None)
    assert len(whole) >= 4
    for k in range(1, len(whole) + 1):
        some, left, skipped = conflicts_of(model, [0], limit=k)
        assert (whole[:k], 0) == (some, skipped)
        assert left > 0 or k == len(whole)


def test_max_conflicts_none_lists_every_conflicting_claim() -> None:
    values = [float(v) for v in np.tile([10, 30, 20, 25], 8) + np.repeat(np.arange(8) * 100, 4)]
    report = ck.check(daily(values), max_conflicts=None)
    named = {c for s in conflict_sets(report) for c in s}
    assert (16, 24, []) == (
        len(conflict_sets(report)),
        len(named),
        [n for n in report.notes if "max_conflicts" in n],
    )


def test_the_default_limit_is_at_least_a_thousand() -> None:
    assert inspect.signature(ck.check).parameters["max_conflicts"].default >= 1_000


@pytest.mark.parametrize("bad", [0, -1, 1.5, "3", True])
def test_max_conflicts_must_be_a_positive_int_or_none(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match="or None for no limit"):
        ck.check(daily([1, 2]), max_conflicts=bad)  # type: ignore[arg-type]


def test_rows_lp_decides_a_subset_like_the_whole_model() -> None:
    model = build(ck.ClaimSet(daily([10, 30, 20, 25, 40])).canonical)
    whole = model.lp(0, 1, strict_shift=STRICT_TOLERANCE)
    rows = np.arange(model.n_rows, dtype=np.int64)
    assert (solve(whole), solve(_conflicts.rows_lp(model, rows))) == (
        Status.INFEASIBLE,
        Status.INFEASIBLE,
    )


def test_elastic_misses_the_fewest_claims() -> None:
    model = build(ck.ClaimSet(daily([10, 30, 20, 25, 40])).canonical)
    missed = elastic(model.lp(0, 1, strict_shift=STRICT_TOLERANCE))
    # Moving day 2's 30 down to 20 costs 10/30 of its size; nothing else moves.
    assert [1] == np.flatnonzero(missed > 1e-9).tolist()


def test_irreducible_checks_both_conditions() -> None:
    model = build(ck.ClaimSet(daily([10, 30, 20, 25, 40])).canonical)
    assert (True, False, False) == (
        _conflicts.irreducible(model, [1, 2]),
        _conflicts.irreducible(model, [0, 1, 2]),
        _conflicts.irreducible(model, [0, 1]),
    )


def november(claim_id: str, value: ck.Range) -> ck.Claim:
    return ck.Claim(
        id=claim_id,
        measure="k",
        subject="r",
        kind="total",
        period=ck.Period.month(2024, 11),
        value=value,
    )


def test_touching_conflicts_are_found_with_strict_ends() -> None:
    over = november("over", ck.Range.more_than(100, "person"))
    at_most = november("at-most", ck.Range.at_most(100, "person"))
    at_most_too = november("at-most-too", ck.Range.at_most(100, "person"))
    report = ck.check([over, at_most, at_most_too])
    found = [f for f in report.findings if f.kind == "conflict-set"]
    assert ({("at-most", "over"), ("at-most-too", "over")}, [True, True]) == (
        {f.claims for f in found},
        [f.touching for f in found],
    )


def cumulative(claim_id: str, days: int, value: float, *, first: int = 0) -> ck.Claim:
    """A total of one daily series from day ``first`` to day ``days`` (exact)."""
    start = date(2025, 1, 1)
    return ck.Claim(
        id=claim_id,
        measure="cases",
        subject="town",
        kind="total",
        period=ck.Period(start + timedelta(first), start + timedelta(days)),
        value=ck.Range.exact(value, "person"),
    )


def test_a_claim_in_two_sets_far_apart_is_named_in_both() -> None:
    # 5 on day 1 clashes with 0 on day 1 and with 0 by day 3; the two others it
    # clashes with share no date, so the second set is not one swap from the first.
    claims = [
        cumulative("zero-by-1", 1, 0),
        cumulative("five-by-1", 1, 5),
        cumulative("zero-by-3", 3, 0),
        cumulative("zero-on-2", 2, 0, first=1),
    ]
    found = conflict_sets(ck.check(claims, max_conflicts=None))
    assert {("five-by-1", "zero-by-1"), ("five-by-1", "zero-by-3")} == found


def test_every_set_found_is_irreducible_in_its_own_lp() -> None:
    claims = [cumulative(f"d{n}", n + 1, v) for n, v in enumerate([10, 30, 20, 25, 40, 35, 50])]
    canonical = ck.ClaimSet(claims).canonical
    model = build(canonical)
    index = {c.id: i for i, c in enumerate(canonical.claims)}
    found = conflict_sets(ck.check(claims, max_conflicts=None))
    irreducible = [_conflicts.irreducible(model, [index[c] for c in s]) for s in found]
    assert [True] * 3 == irreducible


#: Found by the per-day oracle: the set named was (c1, c2, c5) while c1 and c5 conflict
#: alone. (id, measure, subject, kind, first day, end day, value)
ZERO_BESIDE_STRICT = [
    ("c0", "casualties", "ukraine", "total", 8, 15, ck.Range.at_least(0.0136125, "person")),
    (
        "c1",
        "wounded",
        "ukraine",
        "rate",
        1,
        13,
        ck.Range(0.0, 3e-4, "person / day", lo_open=True, hi_open=True),
    ),
    ("c2", "wounded", "both", "rate", 11, 15, ck.Range(5e-11, float("inf"), "megaperson / day")),
    ("c5", "wounded", "ukraine", "rate", 11, 13, ck.Range(0.0, 0.0, "kiloperson / day")),
    ("c6", "casualties", "both", "total", 1, 7, ck.Range(0.017, 0.026, "person")),
]


def test_a_set_of_a_claim_of_zero_beside_a_strict_claim_leaves_out_what_it_does_not_need() -> None:
    # "More than 0 each day" against "none on days 11 and 12" conflict alone, whatever
    # larger claims the group holds.
    claims = [
        ck.Claim(
            id=i,
            measure=m,
            subject=s,
            kind=k,  # type: ignore[arg-type]
            reading="each" if k == "rate" else "average",
            period=ck.Period(date(2024, 1, x), date(2024, 1, y)),
            value=v,
        )
        for i, m, s, k, x, y, v in ZERO_BESIDE_STRICT
    ]
    relations = [
        ck.Sum("casualties", ("killed", "wounded")),
        ck.Sum("both", ("russia", "ukraine"), over="subject"),
    ]
    assert {("c1", "c5")} == conflict_sets(ck.check(ck.ClaimSet(claims, relations=relations)))


def test_a_conflict_of_the_figures_alone_does_not_rest_on_counts() -> None:
    # 200 by day 11 less 100 by day 1 is 100, not 50: no count needs to decrease.
    arithmetic = [
        cumulative("by-1", 1, 100),
        cumulative("by-11", 11, 200),
        cumulative("1-11", 11, 50, first=1),
    ]
    # 30 by day 5 and 20 by day 6 agree only if the count decreases.
    decreasing = [cumulative("by-5", 5, 30), cumulative("by-6", 6, 20)]
    relations = [
        [f.relation for f in ck.check(claims).findings if f.kind == "conflict-set"]
        for claims in (arithmetic, decreasing)
    ]
    assert [[False], [True]] == [["counts cannot decrease" in r for r in rs] for rs in relations]


def test_a_long_series_is_searched_a_window_at_a_time_and_whole() -> None:
    # More rows than CHUNK_ROWS: a figure too high early on, one too low late, and a
    # total from the first day to the last, 1 above what they say, that only the last
    # pass over the whole series sees (it is in no window of dates).
    n = 2 * _conflicts.CHUNK_ROWS
    values = [10.0 * (k + 1) for k in range(n)]
    values[100], values[n - 100] = values[100] + 25.0, values[n - 100] - 25.0
    claims = [cumulative(f"d{k:04d}", k + 1, v) for k, v in enumerate(values)]
    claims.append(cumulative("first-to-last", n, values[-1] - values[0] + 1.0, first=1))
    named = {c for s in conflict_sets(ck.check(claims, max_conflicts=None)) for c in s}
    late = [f"d{n - k:04d}" for k in (100, 101, 102)]
    assert {"d0100", "d0101", "d0102", *late, "first-to-last", "d0000", f"d{n - 1:04d}"} == named


def test_the_cheapest_conflict_follows_the_costs() -> None:
    # Day 2's 30 clashes with 20 on day 3 and with 25 on day 4: either set may come first.
    model = build(ck.ClaimSet(daily([10, 30, 20, 25])).canonical)
    lp = _conflicts.rows_lp(model, np.arange(model.n_rows, dtype=np.int64))
    cheap_3 = conflict_lps.cheapest_conflict(lp, np.array([1.0, 1.0, 1.0, 9.0]), {})
    cheap_4 = conflict_lps.cheapest_conflict(lp, np.array([1.0, 1.0, 9.0, 1.0]), {})
    assert ([1, 2], [1, 3]) == (cheap_3.tolist(), cheap_4.tolist())


def test_a_set_tried_twice_is_decided_once(monkeypatch: pytest.MonkeyPatch) -> None:
    model = build(ck.ClaimSet(daily([10, 30, 20, 25])).canonical)
    search = _conflicts.Search(model, 0)
    asked: list[list[list[int]]] = []
    decide = _conflicts.hold_each

    def counted(model: Any, row_sets: Sequence[Any], *args: Any, **kwargs: Any) -> list[bool]:
        asked.append([np.unique(model.rows.claim[rows]).tolist() for rows in row_sets])
        return decide(model, row_sets, *args, **kwargs)

    monkeypatch.setattr(_conflicts, "hold_each", counted)
    verdicts = search.fail_each([[1, 2], [2, 1]]) + search.fail_each([[0, 1], [2, 1]])
    assert ([True, True, False, True], [[[1, 2]], [[0, 1]]]) == (verdicts, asked)


def test_sets_expected_to_fail_are_decided_alike_by_the_elastic_lp() -> None:
    # Swap trials, most of which fail, go to one elastic LP instead of one Farkas
    # certificate at a time: the same verdicts.
    model = build(ck.ClaimSet(daily([10, 30, 20, 25, 40, 35])).canonical)
    sets = [[1, 2], [1, 3], [0, 1], [2, 3], [4, 5], [3, 5], [0, 4], [1, 2, 3]]
    peeled = _conflicts.Search(model, 0).fail_each(sets)
    elastic = _conflicts.Search(model, 0).fail_each(sets, elastic=True)
    assert [True, True, False, False, True, False, False, True] == peeled == elastic


def test_the_neighbourhood_of_a_claim_is_the_last_of_the_growing_ones() -> None:
    # Claims a date apart, every third one a ten-day total: the neighbourhood grows a
    # date at a time until it would hold more than `most` claims.
    claims = [cumulative(f"d{k:02d}", k + 1, 10.0 * (k + 1)) for k in range(30)]
    claims += [cumulative(f"w{k:02d}", k + 10, 100.0, first=k) for k in range(0, 20, 3)]
    canonical = ck.ClaimSet(claims).canonical
    model = build(canonical)
    search = _conflicts.Search(model, 0)
    index = {c.id: i for i, c in enumerate(canonical.claims)}

    def grown(claim: int, most: int) -> list[int]:
        # The definition, one width at a time, every neighbourhood recomputed.
        last, width, pool = None, 1, [claim]
        while width <= search.v1 - search.v0:
            bigger = search.near(pool, width)
            rows = search.rows_of(bigger).size
            big = len(bigger) > most or rows > _conflicts.NEIGHBOURHOOD_ROWS
            if last is not None and big:
                break
            if len(bigger) == len(pool):
                width *= 2
            else:
                last = bigger
            if big or len(bigger) == len(search.claims):
                break
            pool = bigger
        return pool if last is None else last

    picked = [index[i] for i in ("d00", "d05", "d15", "d29", "w03", "w18")]
    assert all(
        search.neighbourhood(c, most) == grown(c, most) for c in picked for most in (4, 16, 64)
    )


def test_the_last_pass_searches_only_around_the_claims_taken_out() -> None:
    # 300 days agree but for day 150, 25 too high (above days 151 and 152): only the
    # claims around those taken out are searched around again, not every claim.
    values = [10.0 * (k + 1) for k in range(300)]
    values[150] += 25.0
    model = build(
        ck.ClaimSet([cumulative(f"d{k:03d}", k + 1, v) for k, v in enumerate(values)]).canonical
    )
    search = _conflicts.Search(model, 0)
    searched: list[int] = []
    around = search.containing

    def counted(claim: int, budget: int = _conflicts.BRANCH_LIMIT) -> list[int] | None:
        searched.append(claim)
        return around(claim, budget)

    search.containing = counted  # type: ignore[method-assign]
    sets, left = search.run(None)
    assert ([[150, 151], [150, 152]], 0) == (sorted(sets), left)
    assert 0 < len(searched) <= _conflicts.SWEEP_CLAIMS


def test_the_trials_of_a_deletion_filter_are_decided_together_as_each_alone() -> None:
    # 30 on day 2 against 20 on day 3 and 25 on day 4: without day 2 the others hold,
    # without day 3 or day 4 the rest still fails.
    model = build(ck.ClaimSet(daily([10, 30, 20, 25, 40])).canonical)
    window = conflict_lps.Window(model, np.arange(model.n_rows, dtype=np.int64))
    kept = [0, 1, 2, 3]
    alone = [window.conflict([c for c in kept if c != drop]) is None for drop in kept]
    together = window.trials(kept, {})
    assert ([False, True, False, False], alone) == (together, together)


def test_the_first_date_of_a_series_makes_no_claims_neighbours() -> None:
    # Every total from the first day mentions that day, fixed at 0: day 6's
    # neighbours a date away are days 5 and 7, not day 1 beside the first date.
    claims = [cumulative(f"d{k}", k + 1, 10.0 * (k + 1)) for k in range(10)]
    canonical = ck.ClaimSet(claims).canonical
    search = _conflicts.Search(build(canonical), 0)
    index = {c.id: i for i, c in enumerate(canonical.claims)}
    assert [index[i] for i in ("d4", "d5", "d6")] == search.near([index["d5"]], 1)


def test_claims_taken_out_are_put_back_after_every_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two windows of dates, each with a figure too high: the costliest search
    # around the claims taken out waits for the last window (the limit may be
    # reached before it).
    n = 2 * _conflicts.CHUNK_ROWS
    values = [10.0 * (k + 1) for k in range(n)]
    values[100], values[n - 100] = values[100] + 25.0, values[n - 100] + 25.0
    claims = [cumulative(f"d{k:04d}", k + 1, v) for k, v in enumerate(values)]
    search = _conflicts.Search(build(ck.ClaimSet(claims).canonical), 0)
    calls: list[str] = []
    take, sweep = search._take, search.sweep

    def taking(*args: Any) -> Any:
        calls.append("take")
        return take(*args)

    def sweeping(*args: Any) -> Any:
        calls.append("sweep")
        return sweep(*args)

    monkeypatch.setattr(search, "_take", taking)
    monkeypatch.setattr(search, "sweep", sweeping)
    search.run(None)
    first_sweep = calls.index("sweep")
    assert (len(search.windows()), ["take"] * len(search.windows())) == (
        first_sweep,
        calls[:first_sweep],
    )
