"""Arguments of check() and Report.implied() that could be misread are refused, saying why."""

from __future__ import annotations

from datetime import date

import pytest

import claimkit as ck

WEEK = ck.Period(date(2024, 1, 1), date(2024, 1, 8))


def claim(claim_id: str) -> ck.Claim:
    return ck.Claim(
        id=claim_id, measure="killed", subject="russia", period=WEEK, kind="total",
        value=ck.Range(10, 20, "person"),
    )  # fmt: skip


CLAIMS = [claim("a"), claim("b"), claim("ab")]


@pytest.mark.parametrize("entry", ["ab", "abc"])
def test_a_compare_entry_that_is_a_string_is_refused(entry: str) -> None:
    with pytest.raises(ck.InvalidArgumentError, match="must be a tuple or list") as caught:
        ck.check(CLAIMS, compare=[entry])
    assert repr(entry) in str(caught.value)


def test_compare_given_as_one_string_is_refused() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="got the string 'ab'"):
        ck.check(CLAIMS, compare="ab")


def test_a_compare_entry_that_is_a_set_is_refused() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="must be a tuple or list"):
        ck.check(CLAIMS, compare=[{"a", "b"}])  # type: ignore[list-item]


@pytest.mark.parametrize("entry", [("a", "b"), ["a", "b"], ("a", "ab", "day")])
def test_tuples_and_lists_are_compare_entries(entry: tuple[str, ...] | list[str]) -> None:
    (comparison,) = ck.check(CLAIMS, compare=[entry]).comparisons
    assert tuple(entry[:2]) == comparison.claims


@pytest.mark.parametrize("per", ["person", "person / week", "kiloperson", "1 / day"])
def test_implied_per_must_be_a_unit_of_time(per: str) -> None:
    report = ck.check(CLAIMS)
    with pytest.raises(ck.InvalidArgumentError) as caught:
        report.implied("killed", "russia", WEEK, per=per)
    message = str(caught.value)
    assert "per must be a unit of time, such as 'week' or 'day'" in message
    assert message.endswith(f"got {per!r}")


def test_implied_per_that_is_not_a_unit_says_so() -> None:
    with pytest.raises(ck.UnitError, match="unknown unit 'wek'"):
        ck.check(CLAIMS).implied("killed", "russia", WEEK, per="wek")


@pytest.mark.parametrize(("per", "expected"), [("week", (10, 20)), ("day", (10 / 7, 20 / 7))])
def test_implied_per_a_time_unit_gives_the_average_rate(
    per: str, expected: tuple[float, float]
) -> None:
    rate = ck.check(CLAIMS).implied("killed", "russia", WEEK, per=per)
    assert f"person / {per}" == rate.unit
    assert pytest.approx(expected) == (rate.lo, rate.hi)
