"""Shares, ratios, changes and comparisons in words: every phrase read, every refusal."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

import claimkit as ck
from claimkit.claims._ratio_phrases import RatioReading, parse_ratio
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.values._rounding import fraction_down, fraction_up
from claimkit.values.range import Range

INF = math.inf
EXACT = HedgePolicy(rounding="exact")
F = Fraction


def ends(
    lo: Fraction | int,
    hi: Fraction | float,
    unit: str = "dimensionless",
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> Range:
    """The tightest float range around exact ends (hi may be inf)."""
    top = INF if hi == INF else fraction_up(F(hi))
    return Range(fraction_down(F(lo)), top, unit, lo_open=lo_open, hi_open=hi_open)


def reads(text: str, policy: HedgePolicy | None = None) -> RatioReading:
    reading = parse_ratio(text, policy=policy)
    assert text == reading.phrase
    return reading


def refusal(text: str, policy: HedgePolicy | None = None) -> ck.PhraseError:
    with pytest.raises(ck.PhraseError) as info:
        parse_ratio(text, policy=policy)
    assert text == info.value.phrase
    assert "as a share, a ratio or a change" in str(info.value)
    return info.value


# --------------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("text", "default", "exact"),
    [
        ("70%", ends(65, 75, "percent"), ends(70, 70, "percent")),
        ("about 70%", ends(65, 75, "percent"), ends(70, 70, "percent")),
        ("70 percent", ends(65, 75, "percent"), ends(70, 70, "percent")),
        ("70 per cent", ends(65, 75, "percent"), ends(70, 70, "percent")),
        ("70 Per Cent", ends(65, 75, "percent"), ends(70, 70, "percent")),
        ("10%", ends(F(19, 2), F(21, 2), "percent"), ends(10, 10, "percent")),
        ("45.5%", ends(F(909, 20), F(911, 20), "percent"), ends(F(91, 2), F(91, 2), "percent")),
        ("0%", ends(0, 0, "percent"), ends(0, 0, "percent")),
        ("at least 20%", ends(20, INF, "percent", hi_open=True), None),
        ("20% or more", ends(20, INF, "percent", hi_open=True), None),
        ("over 70%", ends(70, INF, "percent", lo_open=True, hi_open=True), None),
        ("up to 20%", ends(0, 20, "percent"), None),
        ("under 20%", ends(0, 20, "percent", hi_open=True), None),
        ("nearly 70%", ends(63, 70, "percent", hi_open=True), None),
        ("20-30%", ends(20, 30, "percent"), None),
        ("20% to 30%", ends(20, 30, "percent"), None),
        ("20 to 30 percent", ends(20, 30, "percent"), None),
        ("between 20 and 30 per cent", ends(20, 30, "percent"), None),
        ("between 20% and 30%", ends(20, 30, "percent"), None),
        # no cap at 100: a share above 100% is a ratio
        ("over 150%", ends(150, INF, "percent", lo_open=True, hi_open=True), None),
    ],
)
def test_percent_reads_as_a_share_in_percent(
    text: str, default: Range, exact: Range | None
) -> None:
    reading = reads(text)
    assert (default, "share") == (reading.value, reading.kind)
    assert (default if exact is None else exact) == reads(text, EXACT).value


def test_a_percent_follows_the_numeral_rule_of_the_policy() -> None:
    # "700,000" is [650,000, 750,000]: "70%" is [65, 75]; the one-digit rule applies too
    assert ends(65, 75) == parse_quantity("70", "dimensionless")
    assert ends(F(19, 2), F(21, 2), "percent") == reads("10%").value
    plain = HedgePolicy(one_digit="plain")
    assert ends(5, 15, "percent") == reads("10%", plain).value
    wide = HedgePolicy(approx_rel=0.1)
    assert ends(58, 82, "percent") == reads("about 70%", wide).value


def test_a_percent_converts_to_dimensionless() -> None:
    converted = reads("70%", EXACT).value.to("dimensionless")
    assert converted.lo <= 0.7 <= converted.hi


@pytest.mark.parametrize(
    ("text", "denominator", "numerator"),
    [
        ("70% of casualties", "casualties", None),
        ("over 70 percent of the losses", "losses", None),
        ("a third of all the casualties", "casualties", None),
        ("70% of casualties were Russian", "casualties", "Russian"),
        ("a third of the casualties were killed", "casualties", "killed"),
        ("one in four casualties", "casualties", None),
        ("one in four casualties were killed", "casualties", "killed"),
        ("70% of casualties or more", "casualties", None),
    ],
)
def test_a_share_names_what_it_is_of(text: str, denominator: str, numerator: str | None) -> None:
    reading = reads(text)
    assert ("share", denominator, numerator) == (
        reading.kind,
        reading.denominator,
        reading.numerator,
    )


# --------------------------------------------------------------------------- fractions


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("half", F(1, 2)),
        ("a half", F(1, 2)),
        ("a third", F(1, 3)),
        ("one third", F(1, 3)),
        ("two-thirds", F(2, 3)),
        ("two thirds", F(2, 3)),
        ("a quarter", F(1, 4)),
        ("three-quarters", F(3, 4)),
        ("three quarters", F(3, 4)),
        ("three fourths", F(3, 4)),
        ("a fifth", F(1, 5)),
        ("an eighth", F(1, 8)),
        ("nine tenths", F(9, 10)),
        ("seven in ten", F(7, 10)),
        ("one in four", F(1, 4)),
        ("1 in 4", F(1, 4)),
        ("one out of five", F(1, 5)),
        ("one in every four", F(1, 4)),
        ("nine out of every ten", F(9, 10)),
    ],
)
def test_fractions_are_shares_precise_to_a_twentieth(text: str, value: Fraction) -> None:
    reading = reads(text)
    assert "share" == reading.kind
    assert ends(value - F(1, 20), value + F(1, 20)) == reading.value
    assert ends(value, value) == reads(text, EXACT).value


def test_a_fraction_below_a_tenth_is_precise_to_half_its_value() -> None:
    assert ends(F(1, 200), F(3, 200)) == reads("one in a hundred").value
    assert ends(F(1, 100), F(1, 100)) == reads("one in a hundred", EXACT).value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about a third", ends(F(17, 60), F(23, 60))),
        ("over a third", ends(F(1, 3), INF, lo_open=True, hi_open=True)),
        ("nearly half", ends(F(9, 20), F(1, 2), hi_open=True)),
        ("just over a quarter", ends(F(1, 4), F(11, 40), lo_open=True)),
        ("at least one in four", ends(F(1, 4), INF, hi_open=True)),
        ("a third or more", ends(F(1, 3), INF, hi_open=True)),
    ],
)
def test_hedges_apply_to_fractions(text: str, expected: Range) -> None:
    assert expected == reads(text).value


# --------------------------------------------------------------------------- ratios


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3:1", F(3)),
        ("1:3", F(1, 3)),
        ("3 : 2", F(3, 2)),
        ("three to one", F(3)),
        ("3 to 1", F(3)),
        ("one to three", F(1, 3)),
        ("three-to-one", F(3)),
        ("one for every three", F(1, 3)),
    ],
)
def test_ratios_read_to_a_twentieth_of_the_denominator(text: str, value: Fraction) -> None:
    reading = reads(text)
    assert ("ratio", None, None) == (reading.kind, reading.numerator, reading.denominator)
    assert ends(value - F(1, 20), value + F(1, 20)) == reading.value
    assert ends(value, value) == reads(text, EXACT).value


@pytest.mark.parametrize(
    ("text", "value", "numerator", "denominator"),
    [
        ("one killed for every three wounded", F(1, 3), "killed", "wounded"),
        ("about one killed for every three wounded", F(1, 3), "killed", "wounded"),
        ("three wounded for every soldier killed", F(3), "wounded", "soldier killed"),
        ("three wounded for each one killed", F(3), "wounded", "killed"),
        ("2 wounded per killed", F(2), "wounded", "killed"),
    ],
)
def test_a_ratio_for_every_names_both_nouns(
    text: str, value: Fraction, numerator: str, denominator: str
) -> None:
    reading = reads(text)
    assert ("ratio", numerator, denominator) == (
        reading.kind,
        reading.numerator,
        reading.denominator,
    )
    assert ends(value, value) == reads(text, EXACT).value


def test_a_number_alone_is_a_ratio_by_the_numeral_rule() -> None:
    reading = reads("0.36")
    assert ("ratio", ends(F(71, 200), F(73, 200))) == (reading.kind, reading.value)
    assert ends(F(9, 25), F(9, 25)) == reads("0.36", EXACT).value
    assert ends(F(1, 4), F(7, 20)) == reads("about 0.3").value
    assert ends(F(1, 5), F(3, 10)) == reads("0.2 to 0.3").value


def test_the_interval_notation_reads_back() -> None:
    for text in ("a third", "70%", "over 70%", "rose 20%", "nearly half"):
        value = reads(text).value
        assert value == reads(str(value)).value
    assert "share" == reads("[65, 75] percent").kind
    assert "ratio" == reads("[0.25, 0.35]").kind


# --------------------------------------------------------------------------- comparisons


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twice", F(2)),
        ("twice as many", F(2)),
        ("twice as much", F(2)),
        ("half as many", F(1, 2)),
        ("a third as many", F(1, 3)),
        ("three times", F(3)),
        ("three times as many", F(3)),
        ("2.5 times as many", F(5, 2)),
    ],
)
def test_comparisons(text: str, value: Fraction) -> None:
    reading = reads(text)
    assert "comparison" == reading.kind
    assert ends(value - F(1, 20), value + F(1, 20)) == reading.value
    assert ends(value, value) == reads(text, EXACT).value


def test_twice_is_exactly_two_under_the_exact_reading_and_a_tenth_wide_by_default() -> None:
    assert Range(2, 2) == reads("twice", EXACT).value
    assert ends(F(39, 20), F(41, 20)) == reads("twice").value


def test_a_comparison_names_both_nouns() -> None:
    reading = reads("twice as many wounded as killed")
    assert ("wounded", "killed") == (reading.numerator, reading.denominator)
    reading = reads("three times as many as killed")
    assert (None, "killed") == (reading.numerator, reading.denominator)


# --------------------------------------------------------------------------- changes


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("rose 20%", F(6, 5)),
        ("rose by 20%", F(6, 5)),
        ("increased by 20 percent", F(6, 5)),
        ("up 20%", F(6, 5)),
        ("grew 20 per cent", F(6, 5)),
        ("down 15%", F(17, 20)),
        ("fell 15%", F(17, 20)),
        ("decreased by 15 percent", F(17, 20)),
        ("fell by a third", F(2, 3)),
        ("rose by a third", F(4, 3)),
        ("rose by half", F(3, 2)),
        ("doubled", F(2)),
        ("tripled", F(3)),
        ("halved", F(1, 2)),
        ("fell 100%", F(0)),
    ],
)
def test_changes_read_as_new_over_old(text: str, exact: Fraction) -> None:
    reading = reads(text, EXACT)
    assert ("change", ends(exact, exact)) == (reading.kind, reading.value)
    assert exact in reads(text).value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rose 20%", ends(F(23, 20), F(5, 4))),
        ("down 15%", ends(F(169, 200), F(171, 200))),
        ("fell by a third", ends(F(37, 60), F(43, 60))),
        ("doubled", ends(F(39, 20), F(41, 20))),
        ("halved", ends(F(9, 20), F(11, 20))),
        ("fell 100%", ends(0, F(1, 20))),
        ("rose by about 20%", ends(F(23, 20), F(5, 4))),
        ("rose by more than 20%", ends(F(6, 5), INF, lo_open=True, hi_open=True)),
        ("rose by up to 20%", ends(1, F(6, 5))),
        ("fell by more than 20%", ends(0, F(4, 5), hi_open=True)),
        ("fell by at most 20%", ends(F(4, 5), 1)),
        ("fell by nearly 20%", ends(F(4, 5), F(41, 50), lo_open=True)),
        ("rose 10-20%", ends(F(11, 10), F(6, 5))),
        ("nearly doubled", ends(F(9, 5), 2, hi_open=True)),
        ("more than doubled", ends(2, INF, lo_open=True, hi_open=True)),
        ("more than halved", ends(0, F(1, 2), hi_open=True)),
        ("nearly halved", ends(F(1, 2), F(11, 20), lo_open=True)),
    ],
)
def test_hedges_apply_to_the_size_of_the_change(text: str, expected: Range) -> None:
    assert expected == reads(text).value


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("3 times more", 8, "ambiguous: 3 times as many, or 4 times as many"),
        ("three times higher", 12, "'three times higher' is ambiguous"),
        ("three times fewer", 12, "1/3 as many"),
        ("2 to 3", 0, "is the ratio 2:3 or the range from 2 to 3"),
        ("rose 5 percentage points", 7, "percentage points are the difference of two shares"),
        ("rose 20", 5, "a change is a percent or a fraction"),
        ("70% of", 4, "'of' needs what the share is of"),
        ("70% of the", 4, "'of' needs what the share is of"),
        ("a third of a million", 11, "a share of a number is a count"),
        ("70% of the million casualties", 11, "a share of a number is a count"),
        ("-5%", 0, "not negative; write a fall as 'fell 5%'"),
        ("under 0%", 0, "not below 0"),
        ("fell 120%", 5, "cannot fall by more than all of it"),
        ("fell by more than 100%", 8, "cannot fall by more than all of it"),
        ("about rose 20%", 0, "put the hedge after the verb"),
        ("rose from 10 to 20%", 5, "'from X to Y' and 'to Y' state figures, not a change"),
        ("fell to 20%", 5, "'from X to Y' and 'to Y' state figures, not a change"),
        ("five in four", 0, "the first number is a part of the second"),
        ("1:0", 2, "the second number of a ratio must be above 0"),
        ("3%:1", 2, "unexpected text after the share, ratio or change"),
        ("20%-30", 6, "a percent sign after the first number needs one after the last"),
        ("one for every", 13, "expected what the ratio is for every one of"),
        ("twice as many as", 16, "expected what it is as many as"),
        ("a third of the losses were", 26, "expected what the part is"),
        ("[-1, 2]", 0, "not negative"),
        ("", 0, "expected a share, a ratio or a change"),
        ("70% of people, or more", 13, "unexpected text"),
    ],
)
def test_refusals_name_the_phrase_and_the_position(text: str, position: int, words: str) -> None:
    error = refusal(text)
    assert position == error.position
    assert words in str(error)


def test_the_arguments_are_checked() -> None:
    with pytest.raises(ck.PhraseError, match=r"parse_ratio\(\) reads a string"):
        parse_ratio(0.3)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidArgumentError, match="policy must be a HedgePolicy"):
        parse_ratio("70%", policy="exact")  # type: ignore[arg-type]
    with pytest.raises(ck.PhraseError, match=r"parse_ratio\(\) reads one phrase of at most 5"):
        parse_ratio("about 70%", policy=HedgePolicy(max_length=5))


def test_a_reading_checks_its_fields() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="in 'percent' or 'dimensionless'"):
        RatioReading(value=Range(1, 2, "person"), kind="share", phrase="x")
    with pytest.raises(ck.InvalidArgumentError, match="kind must be one of"):
        RatioReading(value=Range(1, 2), kind="part", phrase="x")  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidArgumentError, match="phrase must be the phrase read"):
        RatioReading(value=Range(1, 2), kind="ratio", phrase=None)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidArgumentError, match="numerator must be a noun or None"):
        RatioReading(value=Range(1, 2), kind="ratio", phrase="x", numerator=" ")


# --------------------------------------------------------------------------- parse_quantity


@pytest.mark.parametrize(
    ("text", "unit", "position", "mark"),
    [
        ("20%", "person", 2, "'%'"),
        ("at least 20%", "percent", 11, "'%'"),
        ("over 70 percent of casualties", "person", 8, "'percent'"),
        ("a third", "person", 2, "'third'"),
        ("two-thirds", "person", 4, "'thirds'"),
        ("3:1", "person", 1, "':'"),
        ("doubled", "person", 0, "'doubled'"),
        ("rose 20", "person", 0, "'rose'"),
        ("[20, 30] percent", "person", 9, "'percent'"),
    ],
)
def test_parse_quantity_refuses_a_share_and_says_how_to_write_one(
    text: str, unit: str, position: int, mark: str
) -> None:
    with pytest.raises(ck.PhraseError) as info:
        parse_quantity(text, unit)
    message = str(info.value)
    assert position == info.value.position
    assert f"{mark} makes it a share, a ratio or a change" in message
    assert "claims of kind 'ratio'" in message
    assert "Claim(id=..., kind='ratio'" in message
    assert "parse_ratio(" in message


def test_parse_quantity_still_reads_fractions_of_a_scale() -> None:
    assert Range(450_000, 550_000, "person") == parse_quantity("half a million")
    assert Range(700_000, 800_000, "person") == parse_quantity("three quarters of a million")


def test_parse_quantity_keeps_its_own_message_without_a_ratio_mark() -> None:
    with pytest.raises(ck.PhraseError, match="unexpected text after the quantity"):
        parse_quantity("ten thousand and then some")


def test_parse_ratio_is_exported() -> None:
    assert ck.parse_ratio is parse_ratio
    assert ck.RatioReading is RatioReading
