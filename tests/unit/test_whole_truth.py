"""What a report tells beyond its verdict: sums over sub-periods, the margin of a whole
group, bounds under conflict, open ends of implied bounds, misspelt relation names and
progress."""

from __future__ import annotations

from datetime import date, timedelta

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


def test_sub_periods_that_overlap_are_searched_for_a_chain() -> None:
    claims = [
        total("all", date(2024, 1, 1), date(2024, 1, 31), R(0, 100, "person")),
        total("a", date(2024, 1, 1), date(2024, 1, 11), R(10, 20, "person")),
        total("b", date(2024, 1, 11), date(2024, 1, 21), R(10, 20, "person")),
        total("over", date(2024, 1, 5), date(2024, 1, 25), R(0, 100, "person")),
        total("c", date(2024, 1, 21), date(2024, 1, 31), R(10, 20, "person")),
    ]
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
    claims = [
        total("all", date(2024, 1, 1), date(2024, 1, 31), R(0, 100, "person")),
        total("a", date(2024, 1, 1), date(2024, 1, 11), R(10, 20, "person")),
        total("b", date(2024, 1, 11), date(2024, 1, 21), R(10, 20, "person")),
        total("over", date(2024, 1, 5), date(2024, 1, 25), R(0, 100, "person")),
        total("c", date(2024, 1, 21), date(2024, 1, 31), R(10, 20, "person")),
    ]
    monotone = {f.claims for f in ck.check(claims).findings if f.kind == "monotone"}
    assert ("over", "b") in monotone
