"""Headlines, readable columns and display rounding of reports and reconciliations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.render._common import range_shown, shown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "nato_2024.toml"
WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))


def claim(cid: str, value: ck.Range, source: str | None = None, **changes: object) -> ck.Claim:
    fields: dict[str, object] = {
        "measure": "casualties",
        "subject": "russia",
        "period": WAR,
        "kind": "total",
        "source": None if source is None else ck.Source(name=source),
        **changes,
    }
    return ck.Claim(id=cid, value=value, **fields)  # type: ignore[arg-type]


def test_the_worked_example_headline_names_rutte_zelenskyy_and_their_overlap() -> None:
    report = ck.check(ck.load(EXAMPLE))
    headline = report.to_dict()["headline"]
    first = headline.split(". ")[0]
    assert "Rutte" in first
    assert "Zelenskyy" in first
    assert "745,000 to 750,000" in first
    assert first.startswith("The 10 claims agree, but only just")
    assert str(report).splitlines()[2].startswith("The 10 claims agree")
    assert headline.replace("\n", " ") in " ".join(str(report).splitlines()[2:7])


def test_a_conflict_headline_says_how_many_claims_and_the_gap() -> None:
    a = claim("a", ck.Range.exact(700_000, "person"), "Ministry")
    b = claim("b", ck.Range.exact(750_000, "person"), "Agency")
    headline = ck.check([a, b]).to_dict()["headline"]
    assert headline.startswith("2 of 2 claims cannot all be true")
    assert "Ministry's 700,000 and Agency's 750,000 miss each other by 50,000 people" in headline
    assert "3.4% wider" in headline


def test_a_conflict_that_needs_a_tiny_widening_says_how_tiny_not_zero() -> None:
    a = claim("a", ck.Range(9_929, 10_130, "person"), "Ministry")
    b = claim("b", ck.Range(9_726, 9_926, "person"), "Agency")
    headline = ck.check([a, b]).to_dict()["headline"]
    assert "miss each other by 3 people" in headline
    assert "(each would have to be 0.02% wider)" in headline
    assert "0.0%" not in headline


def test_a_figure_written_as_one_takes_the_singular() -> None:
    # 1.3 and 0.7 people are written "1 person", as exactly 1 is; 2.4 "2 people".
    for lo, said in ((1.3, "1 person"), (0.7, "1 person"), (1.0, "1 person"), (2.4, "2 people")):
        a = claim("a", ck.Range(0, 100, "person"), "Ministry")
        b = claim("b", ck.Range(100 + lo, 200, "person"), "Agency")
        report = ck.check([a, b])
        assert f"miss each other by {said} (" in report.to_dict()["headline"]
        assert f"gap {said}" in str(report)
        assert "1 people" not in str(report)


def test_counts_of_a_thousand_or_more_are_written_with_separators() -> None:
    pairs = [
        claim(f"{side}{k}", ck.Range(100, 300 if side == "a" else 310, "person"), subject=f"s{k}")
        for k in range(600)
        for side in "ab"
    ]
    report = ck.check(pairs)
    headline = report.to_dict()["headline"]
    assert headline.startswith("The 1,200 claims agree with room to spare")
    assert "1,200 claims in 600 independent groups: consistent" in str(report)


def test_a_comfortable_set_says_so_and_a_lone_claim_too() -> None:
    a = claim("a", ck.Range(100, 300, "person"))
    b = claim("b", ck.Range(90, 310, "person"))
    assert "agree with room to spare" in ck.check([a, b]).to_dict()["headline"]
    assert "nothing to test it against" in ck.check([a]).to_dict()["headline"]
    assert "no claims to check" in ck.check([]).to_dict()["headline"]


def test_the_headline_does_not_depend_on_the_order_of_the_claims() -> None:
    claims = list(ck.load(EXAMPLE))
    forward = ck.check(claims).to_dict()["headline"]
    backward = ck.check(claims[::-1]).to_dict()["headline"]
    assert forward == backward


def test_reconciliations_have_a_headline_in_every_rendering() -> None:
    claims = ck.load(EXAMPLE)
    relaxed = ck.reconcile(claims, method="relax")
    assert "without moving any of them" in relaxed.to_dict()["headline"]
    assert relaxed.to_dict()["headline"] in str(relaxed).replace("\n", " ")
    assert relaxed.to_dict()["headline"] in relaxed.to_markdown()
    squares = ck.reconcile(claims, method="least_squares")
    text = str(squares)
    assert "Least squares moves 2 of 6 figures" in squares.to_dict()["headline"]
    assert "compatible with measurement error alone" in squares.to_dict()["headline"]
    assert "(passed: the moves are no larger than the claims' widths explain)" in text
    assert "largest move: rutte-russia from 700,000 to 749,505 person (z = -1.72)" in text
    assert "0 claims moved" not in text


def test_tables_have_headers_and_legends_and_no_empty_comparison() -> None:
    text = str(ck.check(ck.load(EXAMPLE)))
    assert "quick bound" in text
    assert "tightest bound" in text
    assert "propagated" not in text
    assert "room" not in text
    assert "quick bound: found by propagating ranges" in text
    assert "margin: how much narrower (+)" in text
    assert "verdict       margin  kind           in figures" in text
    assert "overlap [745,000, 750,000] person" in text
    assert "(0, inf)" not in text  # the rate comparison bounds nothing
    assert "Comparisons" not in text
    markdown = ck.check(ck.load(EXAMPLE)).to_markdown()
    assert "| quantity | claims | quick bound | tightest bound |" in markdown


def test_a_comparison_that_bounds_something_is_shown() -> None:
    week = ck.Period(date(2024, 12, 5), date(2024, 12, 12))
    now = claim("now", ck.Range(1_000, 2_000, "person / week"), kind="rate", period=week)
    total = claim("total", ck.Range(100_000, 200_000, "person"))
    text = str(ck.check([now, total], compare=[("now", "total")]))
    assert "Comparisons" in text
    assert "(0, inf)" not in text


def test_quotes_are_shown_as_text_not_as_repr() -> None:
    text = str(ck.check(ck.load(EXAMPLE)))
    assert "\\xa0" not in text
    assert "surpassed\xa0700,000\xa0personnel" in text
    assert '"over one million losses since February 2022"' in text


def test_counts_are_whole_numbers_rounded_outward_and_noise_is_dropped() -> None:
    assert "[724,137, 724,138] person" == range_shown(ck.Range(724_137.93, 724_137.93, "person"), 2)
    assert "[700,000, 748,000] person" == range_shown(ck.Range(700_000, 748_000.02, "person"), 2)
    assert "(6,849, inf) person / week" == range_shown(
        ck.Range.more_than(6_849.315, "person / week"), 0
    )
    assert "[0.3, 0.7] kilometer" == range_shown(ck.Range(0.1 + 0.2, 0.7, "km"), 1)
    assert "[0.12, 0.13] kilometer" == range_shown(ck.Range(0.123, 0.125, "km"), 2)


def test_display_rounding_leaves_stored_values_alone() -> None:
    a = claim("a", ck.Range(700_000.4, 750_000.6, "person"))
    report = ck.check([a])
    assert "[700,000, 750,001] person" in str(report)
    assert 700_000.4 == report.to_dict()["bounds"][0]["exact"]["lo"]
    assert 700_000.4 == a.value.lo


@given(
    st.floats(-1e12, 1e12),
    st.floats(0, 1e9),
    st.sampled_from(["person", "km", "person / week"]),
    st.integers(0, 4),
)
def test_what_is_shown_contains_what_is_stored(lo: float, width: float, unit: str, d: int) -> None:
    r = ck.Range(lo, lo + width, unit)
    s = shown(r, d)
    # noise within a twentieth of a shown step and 1e-7 relative may be dropped
    slack = max(1e-7 * max(1.0, abs(lo), abs(lo + width)), 0.0)
    assert s.lo <= r.lo + slack
    assert s.hi >= r.hi - slack


def test_json_keeps_the_stored_numbers() -> None:
    data = json.loads(ck.check(ck.load(EXAMPLE)).to_json())
    assert isinstance(data["headline"], str)
    assert 2 == data["schema_version"]
