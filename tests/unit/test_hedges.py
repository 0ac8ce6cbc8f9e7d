"""Hedged phrases: the vocabulary, the policy, and the errors."""

from __future__ import annotations

import math

import pytest

import claimkit as ck
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.values.range import Range
from claimkit.values.units import define_count_unit

INF = math.inf
PERSON = "person"
WEEKLY = "person / week"


def closed(lo: float, hi: float, unit: str = PERSON) -> Range:
    return Range(lo, hi, unit)


def above(x: float, unit: str = PERSON) -> Range:
    return Range(x, INF, unit, lo_open=True)


def from_(x: float, unit: str = PERSON) -> Range:
    return Range(x, INF, unit)


def below(x: float, unit: str = PERSON) -> Range:
    return Range(0, x, unit, hi_open=True)


def upto(x: float, unit: str = PERSON) -> Range:
    return Range(0, x, unit)


def half_open(lo: float, hi: float, unit: str = PERSON) -> Range:
    return Range(lo, hi, unit, hi_open=True)


ARTICLE = [
    ("over one million", above(1_000_000)),
    ("over one million losses", above(1_000_000)),
    ("over 10,000 every week", above(10_000, WEEKLY)),
    ("over 10,000 people every week", above(10_000, WEEKLY)),
    ("approximately 700,000", closed(650_000, 750_000)),
    ("approximately 700,000 personnel", closed(650_000, 750_000)),
    ("surpassed 700,000", above(700_000)),
    ("surpassed 700,000 personnel", above(700_000)),
    ("approximately 45,690", closed(45_685, 45_695)),
    ("approximately 45,690 casualties", closed(45_685, 45_695)),
    ("43,000", closed(42_500, 43_500)),
    ("370,000", closed(365_000, 375_000)),
    ("750,000", closed(745_000, 755_000)),
    ("198,000", closed(197_500, 198_500)),
    ("over 550,000", above(550_000)),
]

NUMERALS = [
    ("45,690", closed(45_685, 45_695)),
    ("1.2 million", closed(1_150_000, 1_250_000)),
    ("1.20 million", closed(1_195_000, 1_205_000)),
    ("750 000", closed(745_000, 755_000)),
    ("750\u00a0000", closed(745_000, 755_000)),
    ("43k", closed(42_500, 43_500)),
    ("43K", closed(42_500, 43_500)),
    ("2.5m", closed(2_450_000, 2_550_000)),
    ("1.1bn", closed(1_050_000_000, 1_150_000_000)),
    ("1,000,000", closed(950_000, 1_050_000)),
    ("1000000", closed(950_000, 1_050_000)),
    ("10 thousand", closed(9_500, 10_500)),
    ("2.5e6", closed(2_450_000, 2_550_000)),
    ("one million", closed(950_000, 1_050_000)),
    ("a million", closed(950_000, 1_050_000)),
    ("ten thousand", closed(9_500, 10_500)),
    ("Ten Thousand", closed(9_500, 10_500)),
    ("a quarter of a million", closed(200_000, 300_000)),
    ("half a million", closed(450_000, 550_000)),
    ("three quarters of a million", closed(700_000, 800_000)),
    ("three-quarters of a million", closed(700_000, 800_000)),
    ("one and a half million", closed(1_450_000, 1_550_000)),
    ("forty-three thousand", closed(42_500, 43_500)),
    ("forty three thousand", closed(42_500, 43_500)),
    ("two hundred and fifty", closed(245, 255)),
    ("two hundred fifty", closed(245, 255)),
    ("a hundred", closed(95, 105)),
    ("twelve hundred", closed(1_150, 1_250)),
    ("one million two hundred thousand", closed(1_150_000, 1_250_000)),
    ("a thousand and one", closed(1_000.5, 1_001.5)),
    ("zero", closed(0, 0)),
    ("0", closed(0, 0)),
]

PLURALS = [
    ("hundreds of thousands", half_open(200_000, 1_000_000)),
    ("tens of thousands", half_open(20_000, 100_000)),
    ("tens of thousands of people", half_open(20_000, 100_000)),
    ("thousands", half_open(2_000, 10_000)),
    ("millions", half_open(2_000_000, 10_000_000)),
    ("hundreds of millions", half_open(200_000_000, 1_000_000_000)),
    ("at least tens of thousands", from_(20_000)),
    ("up to hundreds of thousands", half_open(0, 1_000_000)),
    ("an estimated tens of thousands", half_open(20_000, 100_000)),
]

HEDGES = [
    ("more than 1,000", above(1_000)),
    ("above 1,000", above(1_000)),
    ("exceeded 1,000", above(1_000)),
    ("in excess of 1,000", above(1_000)),
    ("greater than 1,000", above(1_000)),
    ("well over 1,000", above(1_000)),
    ("> 1,000", above(1_000)),
    ("at least 500", from_(500)),
    ("no fewer than 500", from_(500)),
    ("no less than 500", from_(500)),
    ("a minimum of 500", from_(500)),
    (">=500", from_(500)),
    ("500 or more", from_(500)),
    ("500+", from_(500)),
    ("up to 500", upto(500)),
    ("at most 500", upto(500)),
    ("at most 500 people", upto(500)),
    ("no more than 500", upto(500)),
    ("a maximum of 500", upto(500)),
    ("≤500", upto(500)),
    ("500 or fewer", upto(500)),
    ("under 500", below(500)),
    ("fewer than 500", below(500)),
    ("less than 500", below(500)),
    ("below 500", below(500)),
    ("<500", below(500)),
    ("nearly 700,000", half_open(630_000, 700_000)),
    ("almost 700,000", half_open(630_000, 700_000)),
    ("just under 700,000", half_open(630_000, 700_000)),
    ("close to 700,000", half_open(630_000, 700_000)),
    ("just over 10,000", Range(10_000, 11_000, PERSON, lo_open=True)),
    ("about 700,000", closed(650_000, 750_000)),
    ("around 700,000", closed(650_000, 750_000)),
    ("some 700,000", closed(650_000, 750_000)),
    ("roughly 700,000", closed(650_000, 750_000)),
    ("an estimated 700,000", closed(650_000, 750_000)),
    ("estimated 700,000", closed(650_000, 750_000)),
    ("approx. 700,000", closed(650_000, 750_000)),
    ("approx 700,000", closed(650_000, 750_000)),
    ("~700,000", closed(650_000, 750_000)),
    ("circa 700,000", closed(650_000, 750_000)),
    ("700,000 or so", closed(650_000, 750_000)),
    ("Over One Million", above(1_000_000)),
]

SPANS = [
    ("between 10,000 and 20,000", closed(10_000, 20_000)),
    ("10,000 to 20,000", closed(10_000, 20_000)),
    ("10,000-20,000", closed(10_000, 20_000)),
    ("10,000\u201320,000", closed(10_000, 20_000)),
    ("10,000 - 20,000", closed(10_000, 20_000)),
    ("from 10,000 to 20,000", closed(10_000, 20_000)),
    ("10-20 thousand", closed(10_000, 20_000)),
    ("1.2-1.5 million", closed(1_200_000, 1_500_000)),
    ("between two and three million", closed(2_000_000, 3_000_000)),
    ("between 500,000 and 1 million", closed(500_000, 1_000_000)),
    ("between two hundred and fifty and three hundred", closed(250, 300)),
    ("between two hundred and three hundred thousand", closed(200_000, 300_000)),
    ("between one thousand and two thousand", closed(1_000, 2_000)),
    ("between 10 and 20 people a week", closed(10, 20, WEEKLY)),
    ("about 10-20 thousand", closed(10_000, 20_000)),
]

RATES = [
    ("10,000 a week", closed(9_500, 10_500, WEEKLY)),
    ("10,000 per week", closed(9_500, 10_500, WEEKLY)),
    ("10,000 each week", closed(9_500, 10_500, WEEKLY)),
    ("10,000 weekly", closed(9_500, 10_500, WEEKLY)),
    ("10,000/week", closed(9_500, 10_500, WEEKLY)),
    ("10,000 / week", closed(9_500, 10_500, WEEKLY)),
    ("over 10,000 a week", above(10_000, WEEKLY)),
    ("300 a day", closed(250, 350, "person / day")),
    ("300 per day", closed(250, 350, "person / day")),
    ("300 daily", closed(250, 350, "person / day")),
    ("40,000 per month", closed(35_000, 45_000, "person / month")),
    ("40,000 a month", closed(35_000, 45_000, "person / month")),
    ("40,000 monthly", closed(35_000, 45_000, "person / month")),
    ("500,000 a year", closed(450_000, 550_000, "person / year")),
    ("500,000 per year", closed(450_000, 550_000, "person / year")),
    ("500,000 annually", closed(450_000, 550_000, "person / year")),
    ("twelve an hour", closed(11.5, 12.5, "person / hour")),
]

PRINTED = [
    ("[650,000, 750,000] person", closed(650_000, 750_000)),
    ("(1,000,000, inf) person", above(1_000_000)),
    ("[650,000, 750,000]", closed(650_000, 750_000)),
    ("∅ person", Range.empty(PERSON)),
    ("[0, 500) people", below(500)),
]

PHRASES = ARTICLE + NUMERALS + PLURALS + HEDGES + SPANS + RATES + PRINTED


@pytest.mark.parametrize(("text", "expected"), PHRASES, ids=[text for text, _ in PHRASES])
def test_phrase(text: str, expected: Range) -> None:
    assert expected == parse_quantity(text)


def test_the_table_has_at_least_sixty_phrasings() -> None:
    assert len({text for text, _ in PHRASES}) >= 60


def test_the_article_figures_are_all_covered() -> None:
    texts = " ".join(text for text, _ in ARTICLE)
    for figure in ("one million", "10,000", "700,000", "45,690", "43,000", "370,000"):
        assert figure in texts
    for figure in ("750,000", "198,000", "550,000", "surpassed", "every week"):
        assert figure in texts


# --------------------------------------------------------------------------- units


def test_explicit_rate_unit_without_rate_words() -> None:
    assert above(10_000, WEEKLY) == parse_quantity("over 10,000", unit=WEEKLY)


def test_rate_printed_form_reads_back() -> None:
    expected = Range(1.5, 2.25, WEEKLY, hi_open=True)
    assert expected == parse_quantity("[1.5, 2.25) person / week", unit=WEEKLY)


def test_own_unit_names_are_nouns() -> None:
    define_count_unit("tank")
    assert above(500, "tank") == parse_quantity("over 500 tanks", unit="tank")


def test_person_nouns_do_not_name_other_counts() -> None:
    define_count_unit("tank")
    with pytest.raises(ck.PhraseError) as info:
        parse_quantity("over 500 troops", unit="tank")
    assert 9 == info.value.position


def test_non_count_units_are_not_cut_at_zero() -> None:
    assert Range(-INF, 500, "dimensionless") == parse_quantity("at most 500", unit="dimensionless")


def test_non_count_units_allow_negative_numbers() -> None:
    expected = Range(-5.5, -4.5, "dimensionless")
    assert expected == parse_quantity("-5", unit="dimensionless")


def test_non_count_less_than_a_negative_number() -> None:
    expected = Range(-INF, -5, "dimensionless", hi_open=True)
    assert expected == parse_quantity("under -5", unit="dimensionless")


def test_negative_printed_form_reads_back_for_counts() -> None:
    assert Range(-5, 3, PERSON) == parse_quantity("[-5, 3] person")


def test_unknown_unit_is_a_unit_error() -> None:
    with pytest.raises(ck.UnitError):
        parse_quantity("10", unit="bananas")


# --------------------------------------------------------------------------- policy


def test_exact_rounding_reads_bare_numbers_exactly() -> None:
    policy = HedgePolicy(rounding="exact")
    assert closed(700_000, 700_000) == parse_quantity("700,000", policy=policy)


def test_exact_rounding_with_approx_rel() -> None:
    policy = HedgePolicy(rounding="exact", approx_rel=0.05)
    assert closed(665_000, 735_000) == parse_quantity("about 700,000", policy=policy)


def test_approx_rel_widens_the_rounding_interval() -> None:
    policy = HedgePolicy(approx_rel=0.05)
    assert closed(615_000, 785_000) == parse_quantity("about 700,000", policy=policy)


def test_approx_rel_leaves_bare_numbers_alone() -> None:
    policy = HedgePolicy(approx_rel=0.05)
    assert closed(650_000, 750_000) == parse_quantity("700,000", policy=policy)


def test_approx_rel_is_cut_at_zero_for_counts() -> None:
    policy = HedgePolicy(approx_rel=2)
    assert closed(0, 2_150_000) == parse_quantity("about 700,000", policy=policy)


def test_plain_one_digit_rule() -> None:
    policy = HedgePolicy(one_digit="plain")
    assert closed(500_000, 1_500_000) == parse_quantity("one million", policy=policy)


def test_two_digit_rule_for_every_one_digit_number() -> None:
    policy = HedgePolicy(one_digit="two")
    assert closed(695_000, 705_000) == parse_quantity("700,000", policy=policy)


def test_default_one_digit_rule_leaves_other_digits_alone() -> None:
    assert closed(150_000, 250_000) == parse_quantity("200,000")


def test_bound_hedges_ignore_the_one_digit_rule() -> None:
    policy = HedgePolicy(one_digit="plain")
    assert above(1_000_000) == parse_quantity("over one million", policy=policy)


def test_nearly_band() -> None:
    policy = HedgePolicy(nearly_band=0.05)
    assert half_open(665_000, 700_000) == parse_quantity("nearly 700,000", policy=policy)


def test_plural_min() -> None:
    policy = HedgePolicy(plural_min=1)
    assert half_open(10_000, 100_000) == parse_quantity("tens of thousands", policy=policy)


def test_extra_nouns() -> None:
    policy = HedgePolicy(nouns=("killed and wounded",))
    expected = above(10_000, WEEKLY)
    assert expected == parse_quantity("over 10,000 killed and wounded every week", policy=policy)


def test_nouns_can_be_replaced() -> None:
    policy = HedgePolicy(nouns=())
    with pytest.raises(ck.PhraseError):
        parse_quantity("over 10,000 troops", policy=policy)


def test_noun_unit() -> None:
    define_count_unit("vehicle")
    policy = HedgePolicy(noun_unit="vehicle", nouns=("APCs",))
    assert above(50, "vehicle") == parse_quantity("over 50 apcs", unit="vehicle", policy=policy)


def test_replace_returns_a_new_policy() -> None:
    policy = HedgePolicy()
    changed = policy.replace(nearly_band=0.2)
    assert (0.1, 0.2) == (policy.nearly_band, changed.nearly_band)


def test_policy_is_hashable_and_compares_by_value() -> None:
    assert hash(HedgePolicy(approx_rel=0.1)) == hash(HedgePolicy(approx_rel=0.1))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rounding", "nearest"),
        ("one_digit", "three"),
        ("approx_rel", -0.1),
        ("approx_rel", math.nan),
        ("approx_rel", "0.1"),
        ("nearly_band", 0),
        ("nearly_band", 1.5),
        ("plural_min", 0),
        ("plural_min", 2.0),
        ("nouns", "people"),
        ("nouns", ("people", "")),
        ("nouns", ("10 people",)),
        ("noun_unit", "bananas"),
        ("max_length", 0),
    ],
)
def test_invalid_policy_field_is_named(field: str, value: object) -> None:
    with pytest.raises(ck.InvalidArgumentError, match=f"HedgePolicy.{field}"):
        HedgePolicy(**{field: value})


def test_policy_must_be_a_policy() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="HedgePolicy"):
        parse_quantity("10", policy="strict")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("ten thousand and then some", 13),
        ("", 0),
        ("over", 4),
        ("over 10,000 bananas", 12),
        ("between 20 and 10", 8),
        ("-5", 0),
        ("nearly 0", 0),
        ("under 0", 0),
        ("over 10-20 thousand", 0),
        ("at least 5 or more", 11),
        ("1e300", 0),
        ("43 k", 3),
        ("1,5 million", 1),
        ("[2, 1] person", 0),
        ("[1, 2] person / week", 7),
        ("[1 2]", 3),
        ("half a week", 0),
        ("one million two million", 12),
        ("tens of bananas", 8),
        ("   over ten thousand and more", 21),
        ("ten \u00a0thousand people or so?", 26),
        ("10,000 a week a week", 14),
    ],
)
def test_error_position_is_in_the_original_text(text: str, position: int) -> None:
    with pytest.raises(ck.PhraseError) as info:
        parse_quantity(text)
    assert (text, position) == (info.value.phrase, info.value.position)


def test_error_quotes_the_text_and_points_at_the_failure() -> None:
    with pytest.raises(ck.PhraseError) as info:
        parse_quantity("ten thousand and then some")
    lines = str(info.value).splitlines()
    assert "'ten thousand and then some'" in lines[0]
    assert "'and'" in lines[0]
    assert "             ^" == lines[2].strip("\n")[4:]


def test_rate_words_with_a_rate_unit_are_an_error() -> None:
    with pytest.raises(ck.PhraseError, match="already has a time") as info:
        parse_quantity("over 10,000 a week", unit=WEEKLY)
    assert 12 == info.value.position


def test_printed_unit_must_match() -> None:
    with pytest.raises(ck.PhraseError, match="'person / week'"):
        parse_quantity("[1, 2] person", unit=WEEKLY)


def test_too_long_text_is_an_error() -> None:
    text = "1" * 1001
    with pytest.raises(ck.PhraseError, match="1001 characters") as info:
        parse_quantity(text)
    assert 1000 == info.value.position


def test_max_length_is_a_policy_field() -> None:
    policy = HedgePolicy(max_length=5)
    with pytest.raises(ck.PhraseError):
        parse_quantity("over 5", policy=policy)


def test_non_text_is_a_phrase_error() -> None:
    with pytest.raises(ck.PhraseError, match="reads a string"):
        parse_quantity(10_000)  # type: ignore[arg-type]


def test_a_dot_is_a_decimal_point() -> None:
    expected = Range.from_rounded("10.000", "dimensionless")
    assert expected == parse_quantity("10.000", unit="dimensionless")


def test_parse_quantity_is_exported() -> None:
    assert (ck.parse_quantity, ck.HedgePolicy) == (parse_quantity, HedgePolicy)


def test_a_policy_that_is_not_a_hedge_policy_is_an_argument_error() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="policy must be a HedgePolicy, got str"):
        ck.parse_quantity("5", policy="exact")  # type: ignore[arg-type]
