"""Hedged phrases: laws that hold for every phrase, and robustness on any text."""

from __future__ import annotations

import contextlib
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.errors import ClaimkitError, PhraseError
from claimkit.values.range import Range

PERSON = "person"
# "1.000" is refused by default in a count (a dot, or a thousands separator?); the laws
# about digits read the dot as a decimal point, as the source is said to write it
POINT = HedgePolicy(decimal_mark=".")
PLAIN = POINT.replace(one_digit="plain")
EXACT = HedgePolicy(rounding="exact")

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(10**9, "billion"), (10**6, "million"), (10**3, "thousand")]


def _below_thousand(n: int, *, hyphen: bool, use_and: bool) -> str:
    words = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
        if n and use_and:
            words.append("and")
    if n >= 20:
        tens, ones = divmod(n, 10)
        joint = "-" if hyphen else " "
        words.append(f"{_TENS[tens]}{joint}{_ONES[ones]}" if ones else _TENS[tens])
    elif n:
        words.append(_ONES[n])
    return " ".join(words)


def in_words(n: int, *, hyphen: bool = True, use_and: bool = True) -> str:
    """Spell a positive integer below a trillion in English words."""
    parts = []
    for scale, name in _SCALES:
        if n >= scale:
            parts.append(f"{_below_thousand(n // scale, hyphen=hyphen, use_and=use_and)} {name}")
            n %= scale
    if n:
        parts.append(_below_thousand(n, hyphen=hyphen, use_and=use_and))
    return " ".join(parts)


counts = st.integers(min_value=1, max_value=10**12 - 1)


@st.composite
def decimal_numerals(draw: st.DrawFn) -> str:
    """Digit numerals as people write them: grouped or not, with or without decimals."""
    whole = draw(st.integers(min_value=0, max_value=10**15))
    text = f"{whole:,}" if draw(st.booleans()) else str(whole)
    if draw(st.booleans()):
        text += "." + draw(st.text("0123456789", min_size=1, max_size=6))
    return text


# --------------------------------------------------------------------------- robustness


def _reads_or_refuses(text: str, policy: HedgePolicy | None = None) -> None:
    error: PhraseError | None = None
    try:
        result = parse_quantity(text, policy=policy)
    except PhraseError as err:
        error = err
    except ClaimkitError:
        return
    else:
        assert isinstance(result, Range)
        return
    assert (text, True) == (error.phrase, 0 <= error.position <= len(text))


@given(st.text(max_size=300))
def test_any_text_gives_a_range_or_a_claimkit_error(text: str) -> None:
    _reads_or_refuses(text)


_VOCABULARY = " ".join(
    [
        "over more than above exceeded surpassed in excess of at least no fewer less up to",
        "at most no a maximum minimum of under fewer below nearly almost just close about",
        "approximately around some roughly an estimated approx . ~ ≈ between and from to",
        "- \u2013 \u2014 + > < >= ≤ ≥ or so plus one two three ten twelve forty forty-three",
        "hundred thousand million billion half quarter quarters tens hundreds thousands",
        "millions zero k m bn per every each week day month year hour weekly daily annually",
        "/ people casualties troops tanks [ ] ( ) , inf ∅ ∞ person",
    ]
).split()
_GRAMMAR_TOKENS = st.one_of(
    st.sampled_from(_VOCABULARY),
    decimal_numerals(),
    st.integers(min_value=-(10**6), max_value=10**400).map(str),
    st.sampled_from(["1e5", "2.5e6", "1e300", "1e-300", "750 000", "1,0000", "43k"]),
)


@given(st.lists(_GRAMMAR_TOKENS, max_size=12), st.sampled_from([" ", "", "  "]))
def test_token_soup_gives_a_range_or_a_claimkit_error(words: list[str], glue: str) -> None:
    _reads_or_refuses(glue.join(words))


@given(st.lists(_GRAMMAR_TOKENS, max_size=8), st.sampled_from(["person", "dimensionless"]))
def test_token_soup_in_other_units(words: list[str], unit: str) -> None:
    with contextlib.suppress(ClaimkitError):
        assert isinstance(parse_quantity(" ".join(words), unit=unit), Range)


_OPENERS = [
    "", "", "over", "more than", "at least", "up to", "under", "nearly", "just over", "about",
    "an estimated", "~", "between", "from", "no fewer than", "surpassed",
]  # fmt: skip
_TAILS = ["", "", "or more", "or so", "+", "or fewer"]
_NOUNS = ["", "", "people", "casualties", "troops", "of people", "killed"]
_RATE_WORDS = ["", "", "a week", "per day", "every month", "annually", "/week", "an hour"]


@st.composite
def numerals(draw: st.DrawFn) -> str:
    """A number in any of the forms the parser reads."""
    return draw(
        st.one_of(
            decimal_numerals(),
            counts.map(in_words),
            st.sampled_from(["43k", "2.5m", "1.1bn", "1.2 million", "750 000", "-5", "zero"]),
            st.sampled_from(["half a million", "a quarter of a million", "tens of thousands"]),
            st.sampled_from(["hundreds of thousands", "one and a half million", "a hundred"]),
        )
    )


@st.composite
def phrases(draw: st.DrawFn) -> str:
    """Phrases built from the grammar, sometimes with a stray word put in."""
    words = [draw(st.sampled_from(_OPENERS)), draw(numerals())]
    if draw(st.booleans()):
        words += [draw(st.sampled_from(["to", "-", "and", "\u2013"])), draw(numerals())]
    for choices in (_TAILS, _NOUNS, _RATE_WORDS):
        words.append(draw(st.sampled_from(choices)))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        where = draw(st.integers(min_value=0, max_value=len(words)))
        words.insert(where, draw(st.sampled_from(_VOCABULARY)))
    return " ".join(word for word in words if word)


@given(phrases())
def test_grammar_phrases_give_a_range_or_a_claimkit_error(text: str) -> None:
    _reads_or_refuses(text)


@given(phrases())
def test_counts_read_from_phrases_are_never_negative(text: str) -> None:
    try:
        r = parse_quantity(text)
    except ClaimkitError:
        return
    assert (False, True) == (r.is_empty, r.lo >= 0)


# --------------------------------------------------------------------------- printed form


@st.composite
def ranges(draw: st.DrawFn) -> Range:
    unit = draw(st.sampled_from(["person", "person / week", "dimensionless", "person / day"]))
    if draw(st.integers(min_value=0, max_value=20)) == 0:
        return Range.empty(unit)
    ends = st.floats(allow_nan=False)
    lo, hi = sorted([draw(ends), draw(ends)])
    lo_open, hi_open = draw(st.booleans()), draw(st.booleans())
    assume(not (lo == hi and (lo_open or hi_open or math.isinf(lo))))
    return Range(lo, hi, unit, lo_open=lo_open, hi_open=hi_open)


@given(ranges())
def test_printed_form_reads_back(r: Range) -> None:
    assert r == parse_quantity(str(r), unit=r.unit)


# --------------------------------------------------------------------------- numerals


def _min_significant(text: str) -> int:
    """The min_significant of Range.from_rounded that the default policy amounts to."""
    digits = text.replace(",", "")
    significant = digits.replace(".", "").lstrip("0")
    if "." not in digits:
        significant = significant.rstrip("0")
    return 2 if significant == "1" else 1


@given(decimal_numerals().filter(lambda t: Decimal(t.replace(",", "")) > 0))
def test_bare_digits_match_from_rounded(text: str) -> None:
    assert Range.from_rounded(text, PERSON) == parse_quantity(text, policy=PLAIN)


def zero_numerals() -> st.SearchStrategy[str]:
    """Zero as people write it: ``0``, or ``0.`` and one to six zeros."""
    return st.text("0", max_size=6).map(lambda zeros: f"0.{zeros}" if zeros else "0")


@given(zero_numerals())
def test_zero_is_exact_and_a_zero_with_decimals_is_cut_at_zero(text: str) -> None:
    if "." in text:
        assert Range.from_rounded(text, PERSON).replace(lo=0.0) == parse_quantity(text)
    else:
        assert Range.exact(0, PERSON) == parse_quantity(text)


@given(decimal_numerals().filter(lambda t: Decimal(t.replace(",", "")) > 0))
def test_default_reads_a_lone_leading_one_as_two_digits(text: str) -> None:
    expected = Range.from_rounded(text, PERSON, min_significant=_min_significant(text))
    assert expected == parse_quantity(text, policy=POINT)


@given(decimal_numerals())
def test_rounding_interval_contains_the_exact_interval(text: str) -> None:
    value = Fraction(Decimal(text.replace(",", "")))
    decimals = len(text.partition(".")[2])
    if "." in text:
        step = Fraction(1, 10**decimals)
    else:
        digits = text.replace(",", "")
        zeros = len(digits) - len(digits.rstrip("0"))
        step = Fraction(10**zeros) if value else Fraction(0)  # a whole zero is exact
    if value and _min_significant(text) == 2:
        step /= 10
    r = parse_quantity(text, policy=POINT)
    assert Fraction(r.lo) <= max(value - step / 2, Fraction(0))
    assert Fraction(r.hi) >= value + step / 2


@given(counts, st.booleans(), st.booleans())
def test_words_read_like_digits(n: int, hyphen: bool, use_and: bool) -> None:
    words = in_words(n, hyphen=hyphen, use_and=use_and)
    assert Range.exact(n, PERSON) == parse_quantity(words, policy=EXACT)
    assert parse_quantity(f"{n:,}") == parse_quantity(words)


# --------------------------------------------------------------------------- hedges


@given(counts)
def test_bound_hedges_use_the_number_exactly(n: int) -> None:
    text = f"{n:,}"
    assert Range.more_than(n, PERSON) == parse_quantity(f"over {text}")
    assert Range.at_least(n, PERSON) == parse_quantity(f"at least {text}")
    assert Range(0, n, PERSON) == parse_quantity(f"up to {text}")
    assert Range(0, n, PERSON, hi_open=True) == parse_quantity(f"under {text}")


@given(counts)
def test_approximately_is_the_bare_reading_by_default(n: int) -> None:
    assert parse_quantity(f"{n:,}") == parse_quantity(f"approximately {n:,}")


@given(counts, st.floats(min_value=0, max_value=10))
def test_approx_rel_only_widens(n: int, rel: float) -> None:
    bare = parse_quantity(f"{n:,}")
    wide = parse_quantity(f"about {n:,}", policy=HedgePolicy(approx_rel=rel))
    assert wide.contains(bare)


@given(counts, st.floats(min_value=0.001, max_value=1))
def test_nearly_lies_just_below(n: int, band: float) -> None:
    r = parse_quantity(f"nearly {n:,}", policy=HedgePolicy(nearly_band=band))
    assert Range(0, n, PERSON, hi_open=True).contains(r)
    assert Fraction(r.lo) <= n * (1 - Fraction(repr(band))) < n  # the band as typed


@given(counts, counts)
def test_between_is_closed(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assume(lo >= 1000 or hi < 1000)  # a short first number can take the second's scale
    assert Range(lo, hi, PERSON) == parse_quantity(f"between {lo:,} and {hi:,}")
    assert Range(lo, hi, PERSON) == parse_quantity(f"{lo:,}-{hi:,}")


@given(st.integers(min_value=0, max_value=999), counts.filter(lambda n: n >= 1000))
def test_a_short_first_number_takes_the_scale_of_the_grouped_second(short: int, hi: int) -> None:
    scale = 1000 ** ((len(str(hi)) - 1) // 3)
    lo = short * scale if short < hi // scale else short
    assert Range(lo, hi, PERSON) == parse_quantity(f"between {short} and {hi:,}")
    assert Range(short, hi, PERSON) == parse_quantity(f"between {short} and {hi}")


@given(counts, st.sampled_from(["day", "week", "month", "year"]))
def test_rate_words_put_time_under_the_unit(n: int, time: str) -> None:
    total = parse_quantity(f"{n:,}")
    rate = parse_quantity(f"{n:,} per {time}")
    assert (total.lo, total.hi, f"person / {time}") == (rate.lo, rate.hi, rate.unit)


# --------------------------------------------------------------------------- decimal mark


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_dot_before_three_digits_is_refused_or_read_as_the_policy_says(
    whole: int, part: int
) -> None:
    text = f"{whole}.{part:03}"
    thousands = whole * 1000 + part
    with pytest.raises(PhraseError, match=f"and {thousands:,} if it separates thousands") as info:
        parse_quantity(text)
    assert 0 == info.value.position
    point = parse_quantity(text, policy=POINT)
    comma = parse_quantity(text, policy=HedgePolicy(decimal_mark=","))
    assert point.lo <= float(text) <= point.hi < 1000
    assert point.hi < comma.lo <= thousands <= comma.hi


@given(st.lists(_GRAMMAR_TOKENS, max_size=12), st.sampled_from([" ", ""]))
def test_token_soup_under_a_decimal_comma(words: list[str], glue: str) -> None:
    _reads_or_refuses(glue.join(words), HedgePolicy(decimal_mark=","))


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=999))
def test_a_decimal_comma_reads_what_a_decimal_point_reads(whole: int, part: int) -> None:
    point = f"{whole:,}.{part:03}"
    comma = point.replace(",", " ").replace(".", ",")
    policy = HedgePolicy(decimal_mark=",")
    assert parse_quantity(point, policy=POINT) == parse_quantity(comma, policy=policy)
