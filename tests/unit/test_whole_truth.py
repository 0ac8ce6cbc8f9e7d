"""What a report tells beyond its verdict: sums over sub-periods, the margin of a whole
group, bounds under conflict, open ends of implied bounds, misspelt relation names and
progress."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import claimkit as ck

R = ck.Range


def total(cid: str, start: date, end: date, value: ck.Range, subject: str = "x") -> ck.Claim:
    return ck.Claim(
        id=cid,
        measure="cases",
        subject=subject,
        period=ck.Period(start, end),
        kind="total",
        value=value,
    )


def measles() -> list[ck.Claim]:
    """Jan "310", Feb "nearly 400", Mar "between 450 and 500", Q1 "over 1,214"."""
    return [
        total("jan", date(2024, 1, 1), date(2024, 2, 1), R.from_rounded("310", "person")),
        total("feb", date(2024, 2, 1), date(2024, 3, 1), R(380, 400, "person", hi_open=True)),
        total("mar", date(2024, 3, 1), date(2024, 4, 1), R(450, 500, "person")),
        total("q1", date(2024, 1, 1), date(2024, 4, 1), R.more_than(1214, "person")),
    ]


def additivity(report: ck.Report) -> list[ck.Finding]:
    return [f for f in report.findings if f.kind == "time-additivity"]


# -- sums over sub-periods ----------------------------------------------------------------


def test_months_into_a_quarter_are_one_time_additivity_finding() -> None:
    report = ck.check(measles())
    assert report.consistent
    (finding,) = additivity(report)
    assert finding.claims == ("q1", "jan", "feb", "mar")
    assert finding.verdict == "tension"
    assert 0 < finding.margin < 0.01
    assert finding.margin_abs == pytest.approx(1.0)
    assert "3 consecutive sub-periods" in finding.relation
    # The months' monotone findings against the quarter say less, and are not repeated.
    assert not [f for f in report.findings if f.kind == "monotone"]


def test_a_quarter_too_small_for_its_months_conflicts() -> None:
    claims = [
        *measles()[:3],
        total("q1", date(2024, 1, 1), date(2024, 4, 1), R.at_most(1100, "person")),
    ]
    report = ck.check(claims)
    assert not report.consistent
    (finding,) = additivity(report)
    assert finding.verdict == "conflict"
    assert finding.margin_abs == pytest.approx(-(305 + 380 + 450 - 1100))


def test_four_quarters_against_a_fiscal_year_give_one_finding_naming_all_five() -> None:
    starts = [
        date(2023, 4, 1),
        date(2023, 7, 1),
        date(2023, 10, 1),
        date(2024, 1, 1),
        date(2024, 4, 1),
    ]
    quarters = [
        total(f"q{k + 1}", starts[k], starts[k + 1], R(100 * (k + 1), 100 * (k + 1) + 10, "person"))
        for k in range(4)
    ]
    year = total("fy", starts[0], starts[-1], R(1000, 1040, "person"))
    report = ck.check([year, *quarters])
    (finding,) = additivity(report)
    assert finding.claims == ("fy", "q1", "q2", "q3", "q4")
    assert finding.verdict == "consistent"
    assert not [f for f in report.findings if f.kind == "monotone"]


def test_months_into_quarters_into_a_year_nest() -> None:
    months = [
        total(
            f"m{m:02d}", date(2024, m, 1), date(2024 + m // 12, m % 12 + 1, 1), R(10, 20, "person")
        )
        for m in range(1, 13)
    ]
    quarters = [
        total(
            f"q{k}",
            date(2024, 3 * k - 2, 1),
            date(2024 + k // 4, (3 * k) % 12 + 1, 1),
            R(30, 60, "person"),
        )
        for k in range(1, 5)
    ]
    year = total("y", date(2024, 1, 1), date(2025, 1, 1), R(120, 240, "person"))
    found = {f.claims[0]: f.claims[1:] for f in additivity(ck.check([*months, *quarters, year]))}
    assert found["y"] == ("q1", "q2", "q3", "q4")
    assert found["q2"] == ("m04", "m05", "m06")
    assert len(found) == 5


def overlapping() -> list[ck.Claim]:
    """Three ten-day totals tiling a month, and a twenty-day total across two of them."""
    return [
        total("all", date(2024, 1, 1), date(2024, 1, 31), R(0, 100, "person")),
        total("a", date(2024, 1, 1), date(2024, 1, 11), R(10, 20, "person")),
        total("b", date(2024, 1, 11), date(2024, 1, 21), R(10, 20, "person")),
        total("over", date(2024, 1, 5), date(2024, 1, 25), R(0, 100, "person")),
        total("c", date(2024, 1, 21), date(2024, 1, 31), R(10, 20, "person")),
    ]


def test_sub_periods_that_overlap_are_searched_for_a_chain() -> None:
    claims = overlapping()
    (finding,) = additivity(ck.check(claims))
    assert finding.claims == ("all", "a", "b", "c")


def test_weekly_rates_tile_a_four_week_total_after_conversion() -> None:
    start = date(2026, 2, 1)
    weeks = [
        ck.Claim(
            id=f"w{k}",
            measure="cases",
            subject="x",
            period=ck.Period(start + timedelta(7 * k), start + timedelta(7 * k + 7)),
            kind="rate",
            value=R(10, 11, "person / week"),
        )
        for k in range(4)
    ]
    month = total("feb", start, start + timedelta(28), R.more_than(43.9, "person"))
    (finding,) = additivity(ck.check([month, *weeks]))
    assert finding.claims == ("feb", "w0", "w1", "w2", "w3")
    assert finding.verdict == "tension"
    assert finding.margin_abs == pytest.approx(0.1)


def test_a_daily_series_gives_one_finding_per_window_total() -> None:
    day0 = date(2024, 1, 1)
    days = [
        total(f"d{k:03d}", day0 + timedelta(k), day0 + timedelta(k + 1), R(1, 2, "person"))
        for k in range(300)
    ]
    windows = [
        total(
            f"w{k:02d}",
            day0 + timedelta(10 * k),
            day0 + timedelta(10 * k + 10),
            R(10, 20, "person"),
        )
        for k in range(30)
    ]
    found = additivity(ck.check([*days, *windows]))
    assert len(found) == 30
    assert all(len(f.claims) == 11 for f in found)


def test_a_chain_keeps_the_monotone_finding_of_a_tile_against_its_own_parent() -> None:
    claims = overlapping()
    monotone = {f.claims for f in ck.check(claims).findings if f.kind == "monotone"}
    assert ("over", "b") in monotone


# -- open ends of implied bounds ----------------------------------------------------------


def test_an_implied_bound_reached_only_at_a_strict_end_is_open() -> None:
    war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
    both = ck.Claim(
        id="both",
        measure="casualties",
        subject="both",
        period=war,
        kind="total",
        value=R.more_than(1_000_000, "person"),
    )
    russia = both.replace(id="russia", subject="russia", value=R.at_most(750_000, "person"))
    claims = ck.ClaimSet(
        [both, russia], relations=[ck.Sum("both", ["russia", "ukraine"], over="subject")]
    )
    ukraine = ck.check(claims).implied("casualties", "ukraine", war)
    assert (ukraine.lo, ukraine.hi, ukraine.lo_open) == (250_000, float("inf"), True)
    assert str(ukraine) == "(250,000, inf) person"


def test_exact_bounds_keep_the_open_ends_the_claims_force() -> None:
    bounds = {b.claims: b.exact for b in ck.check(measles()).bounds}
    feb, jan, q1 = bounds[("feb",)], bounds[("jan",)], bounds[("q1",)]
    assert feb is not None
    assert jan is not None
    assert q1 is not None
    assert (feb.lo, feb.hi, feb.lo_open, feb.hi_open) == (399, 400, True, True)
    assert (jan.lo, jan.hi, jan.lo_open, jan.hi_open) == (314, 315, True, False)
    assert (q1.lo, q1.hi, q1.lo_open, q1.hi_open) == (1214, 1215, True, True)


def test_a_bound_reached_by_a_closed_claim_stays_closed() -> None:
    jan, _, mar, _ = measles()
    feb = total("feb", date(2024, 2, 1), date(2024, 3, 1), R(380, 400, "person"))
    q1 = total("q1", date(2024, 1, 1), date(2024, 4, 1), R.at_least(1214, "person"))
    report = ck.check([jan, feb, mar, q1])
    january = report.implied("cases", "x", ck.Period(date(2024, 1, 1), date(2024, 2, 1)))
    assert (january.lo, january.lo_open, january.hi_open) == (314, False, False)


# -- the margin of a whole group ------------------------------------------------------------


def test_a_group_that_only_just_holds_is_a_tension_never_a_comfortable_margin() -> None:
    (group,) = ck.check(measles()).groups
    assert group.claims == ("feb", "jan", "mar", "q1")
    assert (group.verdict, group.agreement) == ("tension", "agree only just")
    assert 0 < group.margin < 0.001


def test_a_tight_group_that_no_finding_shows_gets_a_group_finding() -> None:
    jan, feb, mar, q1 = measles()
    half = total("half", date(2024, 1, 1), date(2024, 3, 1), R(0, 1000, "person"))
    report = ck.check([jan, feb, mar, q1, half])
    assert [f.verdict for f in report.findings if f.kind != "group"] == ["consistent"] * 4
    (finding,) = [f for f in report.findings if f.kind == "group"]
    assert finding.verdict == "tension"
    assert finding.claims == ("feb", "half", "jan", "mar", "q1")
    assert report.counts()["tension"] == 1
    assert report.tensions == (finding,)


def test_groups_are_judged_apart_and_conflicting_ones_carry_their_stretch() -> None:
    apart = [
        total("a", date(2024, 1, 1), date(2024, 2, 1), R(100, 300, "person"), subject="y"),
        total("b", date(2024, 1, 1), date(2024, 2, 1), R(400, 500, "person"), subject="y"),
        total("c", date(2024, 1, 1), date(2024, 2, 1), R(100, 300, "person"), subject="z"),
    ]
    groups = {g.claims: g for g in ck.check(apart).groups}
    assert groups[("a", "b")].verdict == "conflict"
    assert groups[("a", "b")].margin == pytest.approx(-1 / 7)  # 300 + 300e = 400 - 400e
    assert groups[("c",)].verdict == "consistent"
    assert groups[("c",)].margin == 1.0


# -- relation names ---------------------------------------------------------------------------


def regional(part: str, claimed: str = "south") -> list[ck.Claim]:
    january = (date(2024, 1, 1), date(2024, 2, 1))
    return [
        total("all", *january, R(100, 200, "person"), subject="all"),
        total("n", *january, R(10, 20, "person"), subject="north"),
        total("s", *january, R(10, 20, "person"), subject=claimed),
    ]


@pytest.mark.parametrize("part", ["sout", "South", "soutth"])
def test_a_misspelt_part_of_a_sum_asks_for_the_claimed_name(part: str) -> None:
    relation = ck.Sum("all", ["north", part], over="subject")
    with pytest.raises(ck.RelationError, match="did you mean 'south'"):
        ck.ClaimSet(regional(part), relations=[relation])


def test_a_part_that_no_claim_names_is_fine_when_no_claimed_name_is_like_it() -> None:
    relation = ck.Sum("all", ["north", "south", "west"], over="subject")
    claims = ck.ClaimSet(regional("south"), relations=[relation])
    assert ck.check(claims).components == 1


def test_a_misspelt_measure_in_a_sum_asks_for_the_claimed_measure() -> None:
    claims = [c.replace(measure="killed") for c in regional("south")]
    relation = ck.Sum("casualties", ["kiled", "wounded"])
    with pytest.raises(ck.RelationError, match="did you mean 'killed'"):
        ck.ClaimSet(claims, relations=[relation])


# -- progress and the command line --------------------------------------------------------------


def test_check_tells_its_progress_stage_by_stage() -> None:
    calls: list[tuple[int, int, str]] = []
    ck.check(measles(), progress=lambda done, all_, stage: calls.append((done, all_, stage)))
    assert [done for done, _, _ in calls] == [0, 1, 2, 3, 4]
    assert {all_ for _, all_, _ in calls} == {4}
    assert calls[-1][2] == "done"


def test_a_progress_hook_that_is_not_callable_is_refused() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="progress must be None or a function"):
        ck.check(measles(), progress="yes")  # type: ignore[arg-type]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_shows_on_a_terminal_only_after_its_delay_and_is_cleared() -> None:
    from claimkit.engine.options import ProgressLine

    slow, quick = ProgressLine(_Terminal(), delay=0.0), ProgressLine(_Terminal(), delay=60.0)
    for line in (slow, quick):
        line(1, 4, "deciding each group")
    assert "deciding each group (1/4)" in slow.stream.getvalue()
    assert quick.stream.getvalue() == ""
    slow.clear()
    assert slow.stream.getvalue().endswith("\r\033[K")


def test_the_command_line_passes_the_check_options(tmp_path: Path) -> None:
    from claimkit.cli import main

    path = tmp_path / "claims.toml"
    ck.dump(ck.ClaimSet(measles()), path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", str(path), "--format", "json", "--tension", "0.0005", "--exact-bounds", "0"])
    data = json.loads(out.getvalue())
    assert [f["verdict"] for f in data["findings"]] == ["consistent"]
    assert all(b["exact"] is None for b in data["bounds"])
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert main(["check", str(path), "--tension", "2"]) == 2
    assert "must be a number from 0 to 1" in err.getvalue()


# -- bounds under conflict ----------------------------------------------------------------------


def test_a_conflict_relaxes_only_its_own_groups_bounds_and_a_note_says_so() -> None:
    jan = (date(2024, 1, 1), date(2024, 2, 1))
    claims = [
        total("a", *jan, R(100, 300, "person"), subject="y"),
        total("b", *jan, R(400, 500, "person"), subject="y"),
        *measles(),
    ]
    report = ck.check(claims)
    bounds = {b.claims: b for b in report.bounds}
    assert bounds[("a", "b")].basis == "relaxed"
    assert not bounds[("a", "b")].propagated.is_empty
    feb = bounds[("feb",)].exact
    assert feb is not None
    assert (feb.lo, feb.hi, bounds[("feb",)].basis) == (399, 400, "claims")
    (note,) = [n for n in report.notes if "implied bounds" in n]
    assert "1 conflicting group are those under the least change" in note
    assert "reconcile(method='relax')" in note


def test_a_group_beyond_the_exact_bounds_limit_takes_its_findings_smallest_margin() -> None:
    (group,) = ck.check(measles(), exact_bounds=0).groups
    (tiling,) = additivity(ck.check(measles()))
    assert not group.exact
    assert group.margin == tiling.margin
    assert group.to_dict()["exact"] is False


def test_an_open_end_the_solver_cannot_decide_is_closed_not_an_error() -> None:
    # Found by the per-day oracle: the row that asks whether the lower end is reached,
    # beside a claim of a billion, left HiGHS without an answer ("Unknown").
    day = ck.Period.day

    def total(claim_id: str, measure: str, period: ck.Period, value: ck.Range) -> ck.Claim:
        return ck.Claim(
            id=claim_id,
            measure=measure,
            subject="ukraine",
            kind="total",
            period=period,
            value=value,
        )

    claims = ck.ClaimSet(
        [
            total("c6", "wounded", day(date(2024, 1, 1)), ck.Range.exact(0.25, "person")),
            total("c7", "casualties", day(date(2024, 1, 1)), ck.Range.exact(1e9 + 1, "person")),
            total(
                "c8",
                "casualties",
                ck.Period(date(2024, 1, 1), date(2024, 1, 3)),
                ck.Range.at_least(250_000_000.25, "person"),
            ),
        ],
        relations=[ck.Sum("casualties", ("killed", "wounded"))],
    )
    implied = ck.check(claims).implied(
        "wounded", "ukraine", ck.Period(date(2024, 1, 1), date(2024, 1, 4))
    )
    assert ck.Range.at_least(0.25, "person") == implied
