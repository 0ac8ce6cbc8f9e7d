"""Shares, ratios and changes in words: laws that hold for every phrase, and any text."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit.claims._ratio_phrases import RatioReading, parse_ratio
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.errors import ClaimkitError, PhraseError
from claimkit.values._numerals import FRACTION_WORDS
from claimkit.values._rounding import fraction_down, fraction_up
from claimkit.values.range import Range

EXACT = HedgePolicy(rounding="exact")
_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

# A phrase and the exact figure it states, in the unit its reading is in.
Stated = tuple[str, Fraction]


def _tight(value: Range, exact: Fraction) -> bool:
    """Whether ``value`` is the tightest float range around the exact figure."""
    return (value.lo, value.hi) == (fraction_down(exact), fraction_up(exact))


def _contains(outer: Range, inner: Range) -> bool:
    return outer.unit == inner.unit and outer.lo <= inner.lo and inner.hi <= outer.hi


def _number(n: int, *, words: bool) -> str:
    return _WORDS[n - 1] if words and 1 <= n <= len(_WORDS) else str(n)


@st.composite
def percent_figures(draw: st.DrawFn) -> Stated:
    whole = draw(st.integers(min_value=0, max_value=500))
    places = draw(st.integers(min_value=0, max_value=2))
    decimals = draw(st.integers(min_value=0, max_value=10**places - 1)) if places else 0
    text = f"{whole}.{decimals:0{places}d}" if places else str(whole)
    return text, Fraction(whole) + Fraction(decimals, 10**places)


@st.composite
def percents(draw: st.DrawFn) -> Stated:
    text, value = draw(percent_figures())
    sign = draw(st.sampled_from(["%", " %", " percent", " per cent"]))
    return text + sign, value


_FRACTIONS = sorted((" ".join(key), value) for key, value in FRACTION_WORDS.items())


@st.composite
def in_words(draw: st.DrawFn) -> Stated:
    """Fraction words, ``X in Y``, ``X:Y``, ``X to 1``, ``N times``: ratios in words."""
    form = draw(st.sampled_from(["fraction", "in", "colon", "to", "times", "every"]))
    if form == "fraction":
        return draw(st.sampled_from(_FRACTIONS))
    words = draw(st.booleans())
    y = draw(st.integers(min_value=1, max_value=100))
    if form == "in":
        x = draw(st.integers(min_value=0, max_value=y))
        link = draw(st.sampled_from(["in", "out of", "in every", "out of every"]))
        return f"{_number(x, words=words)} {link} {_number(y, words=words)}", Fraction(x, y)
    x = draw(st.integers(min_value=1, max_value=100))
    if form == "colon":
        return f"{x}:{y}", Fraction(x, y)
    if form == "to":  # X to 1 and 1 to Y are ratios, whatever X and Y
        x, y = (x, 1) if draw(st.booleans()) else (1, y)
        return f"{_number(x, words=words)} to {_number(y, words=words)}", Fraction(x, y)
    if form == "every":
        return f"{_number(x, words=words)} killed for every {y} wounded", Fraction(x, y)
    return f"{_number(x, words=words)} times as many", Fraction(x)


@given(percents())
def test_the_exact_reading_of_a_percent_is_the_stated_figure(stated: Stated) -> None:
    text, value = stated
    reading = parse_ratio(text, policy=EXACT)
    assert ("share", "percent") == (reading.kind, reading.value.unit)
    assert _tight(reading.value, value)


@given(st.one_of(percents(), in_words()))
def test_the_exact_reading_contains_the_stated_figure(stated: Stated) -> None:
    text, value = stated
    assert _tight(parse_ratio(text, policy=EXACT).value, value)


@given(
    st.one_of(percents(), in_words()),
    st.sampled_from(["leading-one", "plain", "two"]),
    st.sampled_from([0.0, 0.05, 0.5]),
)
def test_the_default_reading_contains_the_exact_reading(
    stated: Stated, one_digit: str, rel: float
) -> None:
    text = stated[0]
    policy = HedgePolicy(one_digit=one_digit, approx_rel=rel)  # type: ignore[arg-type]
    exact = parse_ratio(text, policy=EXACT).value
    assert _contains(parse_ratio(text, policy=policy).value, exact)
    assert _contains(parse_ratio(f"about {text}", policy=policy).value, exact)


@given(in_words())
def test_a_ratio_in_words_is_precise_to_a_twentieth_or_half_its_value(stated: Stated) -> None:
    text, value = stated
    half = min(Fraction(1, 20), value / 2)
    reading = parse_ratio(text).value
    assert (reading.lo, reading.hi) == (fraction_down(value - half), fraction_up(value + half))


@given(percent_figures(), st.sampled_from(["rose", "rose by", "increased by", "up", "grew"]))
def test_rose_x_percent_is_one_plus_x_over_100(figure: Stated, verb: str) -> None:
    text, x = figure
    reading = parse_ratio(f"{verb} {text}%", policy=EXACT)
    assert ("change", "dimensionless") == (reading.kind, reading.value.unit)
    assert _tight(reading.value, 1 + x / 100)


@given(
    percent_figures().filter(lambda figure: figure[1] <= 100),
    st.sampled_from(["fell", "fell by", "decreased by", "down", "dropped"]),
)
def test_fell_x_percent_is_one_minus_x_over_100(figure: Stated, verb: str) -> None:
    text, x = figure
    assert _tight(parse_ratio(f"{verb} {text}%", policy=EXACT).value, 1 - x / 100)


@given(st.sampled_from(_FRACTIONS), st.booleans())
def test_a_change_by_a_fraction_is_one_plus_or_minus_it(stated: Stated, up: bool) -> None:
    text, f = stated
    verb = "rose by" if up else "fell by"
    assert _tight(parse_ratio(f"{verb} {text}", policy=EXACT).value, 1 + f if up else 1 - f)


@given(st.one_of(percents(), in_words()), st.sampled_from([HedgePolicy(), EXACT]))
def test_bound_hedges_use_the_figure_exactly(stated: Stated, policy: HedgePolicy) -> None:
    text, value = stated
    over = parse_ratio(f"over {text}", policy=policy).value
    assert (over.lo, over.hi, over.lo_open) == (fraction_down(value), math.inf, True)
    at_most = parse_ratio(f"up to {text}", policy=policy).value
    assert (at_most.lo, at_most.hi, at_most.hi_open) == (0, fraction_up(value), False)


@given(percents())
def test_parse_quantity_refuses_every_percent(stated: Stated) -> None:
    with pytest.raises(PhraseError, match="claims of kind 'ratio'"):
        parse_quantity(stated[0], "person")


_VOCABULARY = " ".join(
    [
        "% percent per cent of the casualties were killed wounded in out every for each",
        ": to - times as many much more fewer higher twice half a third thirds quarter",
        "quarters two three seven ten hundred rose fell by up down doubled halved tripled",
        "increased decreased percentage points over at least about nearly just or more",
        "between and from 0 1 3 20 70 0.36 12.5 -5 [ ] ( ) , inf",
    ]
).split()


def _reads_or_refuses(text: str) -> None:
    error: PhraseError | None = None
    try:
        reading = parse_ratio(text)
    except PhraseError as err:
        error = err
    except ClaimkitError:
        return
    else:
        assert isinstance(reading, RatioReading)
        assert reading.value.lo >= 0  # shares, ratios and changes of counts
        return
    assert (text, True) == (error.phrase, 0 <= error.position <= len(text))


@given(st.text(max_size=200))
def test_any_text_gives_a_reading_or_a_claimkit_error(text: str) -> None:
    _reads_or_refuses(text)


@given(st.lists(st.sampled_from(_VOCABULARY), max_size=10), st.sampled_from([" ", ""]))
def test_token_soup_gives_a_reading_or_a_claimkit_error(words: list[str], glue: str) -> None:
    _reads_or_refuses(glue.join(words))
