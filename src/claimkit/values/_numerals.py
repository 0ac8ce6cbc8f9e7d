"""Numerals for :mod:`claimkit.claims.hedges`: a tokenizer and a reader of numbers.

Private: the tokens and the reader are the parser's machinery, not an API. Every
token keeps its offsets into the original text, so errors point at what the user
wrote, not at a normalised copy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Final, Literal, NamedTuple, NoReturn, TypeVar

import attrs

from claimkit.errors import PhraseError, UnitError
from claimkit.values import units
from claimkit.values._rounding import fraction_down, fraction_up

T = TypeVar("T")

# --------------------------------------------------------------------------- tokens


class Token(NamedTuple):
    """One token, with its offsets into the original text."""

    kind: Literal["num", "word", "sym"]
    text: str  # words lower-cased, dashes and minus signs as "-"
    start: int  # offsets into the original text
    end: int


#: The characters that may separate groups of three digits, for each decimal mark: a
#: comma or a dot (whichever is not the decimal mark), a space, a no-break space, a thin
#: space or a narrow no-break space.
GROUP_SEPARATORS: Final = {
    ".": ",\u0020\u00a0\u2009\u202f",
    ",": ".\u0020\u00a0\u2009\u202f",
}


def numeral_pattern(decimal_mark: str = ".") -> str:
    """Return the regex of an unsigned numeral in digits, without an exponent.

    Digits in groups of three with one separator throughout (``45,690``,
    ``750 000``), or digits without separators, then optionally the decimal mark
    and more digits. The one rule for written digits that both
    :func:`claimkit.values.range.Range.from_rounded` and the phrase reader follow;
    :func:`numeral_digits` reads what it matches.
    """
    seps = re.escape(GROUP_SEPARATORS[decimal_mark])
    mark = re.escape(decimal_mark)
    return (
        rf"(?:[0-9]{{1,3}}(?P<sep>[{seps}])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*(?![0-9])|[0-9]+)"
        rf"(?:{mark}[0-9]+)?"
    )


def numeral_digits(text: str, decimal_mark: str = ".") -> tuple[str, int]:
    """Return the significant digits of an unsigned numeral and the exponent of the last.

    ``text`` is what :func:`numeral_pattern` matches, optionally with an exponent
    (``2.5e6``) or a leading decimal mark (``.5``). Trailing zeros of a whole number
    written without a decimal mark or an exponent are not significant; all other
    written digits are. The digits come back as text, which has no length limit.

    Examples
    --------
    >>> from claimkit.values._numerals import numeral_digits
    >>> numeral_digits("700,000"), numeral_digits("1.20"), numeral_digits("2.5e6")
    (('7', 5), ('120', -2), ('25', 5))
    >>> numeral_digits("1.000,5", decimal_mark=","), numeral_digits("0")
    (('10005', -1), ('0', 0))
    """
    body, _, power = text.lower().partition("e")
    whole, mark, fraction = body.partition(decimal_mark)
    digits = re.sub("[^0-9]", "", whole) + fraction
    exponent = int(power or 0) - len(fraction)
    if not mark and not power:
        stripped = digits.rstrip("0")
        if stripped:
            exponent += len(digits) - len(stripped)
            digits = stripped
    return digits.lstrip("0") or "0", exponent


def _token_pattern(decimal_mark: str) -> re.Pattern[str]:
    mark = re.escape(decimal_mark)
    return re.compile(
        rf"""
        (?P<space>\s+)
      | (?P<num> (?: {numeral_pattern(decimal_mark)} | {mark}[0-9]+ )
                 (?:[eE][+-]?[0-9]{{1,3}}(?![0-9]))? )
      | (?P<word>[^\W\d_]+)
      | (?P<sym>.)
        """,
        re.VERBOSE | re.DOTALL,
    )


TOKENS: Final = {mark: _token_pattern(mark) for mark in GROUP_SEPARATORS}
DASHES: Final = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-")


def tokenize(text: str, decimal_mark: str = ".") -> list[Token]:
    """Split text into numbers, words and single symbols, skipping white space."""
    tokens = []
    for match in TOKENS[decimal_mark].finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "num":
            tokens.append(Token("num", value, match.start(), match.end()))
        elif kind == "word":
            tokens.append(Token("word", value.lower(), match.start(), match.end()))
        elif kind == "sym":
            tokens.append(Token("sym", DASHES.get(value, value), match.start(), match.end()))
    return tokens


def phrase_table(entries: Mapping[str, T]) -> dict[tuple[str, ...], T]:
    """Key a table of phrases by their token texts, so lookups ignore spacing and case."""
    return {tuple(t.text for t in tokenize(phrase)): value for phrase, value in entries.items()}


# --------------------------------------------------------------------------- vocabulary

_WORDS_0_19: Final = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_WORDS_TENS: Final = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
UNITS: Final = {word: n for n, word in enumerate(_WORDS_0_19) if 1 <= n <= 9}
TEENS: Final = {word: n for n, word in enumerate(_WORDS_0_19) if n >= 10}
TENS: Final = {word: 10 * n for n, word in enumerate(_WORDS_TENS, start=2)}
SCALES: Final = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
DIGIT_SCALES: Final = {"hundred": 100, **SCALES}
ABBREVIATIONS: Final = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9}
FRACTIONS: Final = phrase_table(
    {
        "half a": Fraction(1, 2), "a half": Fraction(1, 2),
        "a quarter": Fraction(1, 4), "a quarter of a": Fraction(1, 4),
        "one quarter": Fraction(1, 4), "one quarter of a": Fraction(1, 4),
        "quarter of a": Fraction(1, 4),
        "three quarters": Fraction(3, 4), "three quarters of a": Fraction(3, 4),
        "three-quarters": Fraction(3, 4), "three-quarters of a": Fraction(3, 4),
    }
)  # fmt: skip
#: Shares in words, for :mod:`claimkit.claims._ratio_phrases`: "half", "a third",
#: "two-thirds", "three quarters", "nine tenths" (spaced or hyphenated, any case).
ORDINALS: Final = {
    "half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORDINAL_PLURALS: Final = {"half": "halves", "quarter": "quarters"}


def _fraction_words() -> dict[str, Fraction]:
    words: dict[str, Fraction] = {"half": Fraction(1, 2)}
    for ordinal, denominator in ORDINALS.items():
        plural = _ORDINAL_PLURALS.get(ordinal, ordinal + "s")
        article = "an" if ordinal[0] in "aeiou" else "a"
        for numerator, word in [(1, article), *((n, w) for w, n in UNITS.items())]:
            if numerator >= denominator:
                continue
            name = ordinal if numerator == 1 else plural
            for joint in (" ", "-"):
                words[f"{word}{joint}{name}"] = Fraction(numerator, denominator)
    return words


FRACTION_WORDS: Final = phrase_table(_fraction_words())
#: The sign and words of a percent: "70%", "70 percent", "70 per cent".
PERCENT: Final = phrase_table(dict.fromkeys(("%", "percent", "per cent"), True))
#: Words that make a phrase a share, a ratio or a change rather than a count, which the
#: quantity reader names when it cannot read a phrase ("half" and "quarter" are not
#: among them: "half a million" is a count).
RATIO_MARKS: Final = phrase_table(
    dict.fromkeys(
        (
            "%", "percent", "per cent", "percentage points", ":", "times", "twice", "rose",
            "fell", "increased", "decreased", "doubled", "tripled", "halved",
            *(w for o in ORDINALS if o not in _ORDINAL_PLURALS for w in (o, o + "s")),
        ),
        True,
    )
)  # fmt: skip
LIMIT: Final = Fraction(10) ** 300
NOT_DIGITS: Final = re.compile(r"[^0-9.eE+-]")


@attrs.frozen
class Num:
    """A number as written: its value and the place of its last significant digit."""

    value: Fraction
    exp: int  # the last significant digit is worth 10**exp
    start: int
    end: int
    scale: int | None = None  # the scale word that ends the numeral, if one does
    mantissa: Fraction = Fraction(0)  # the figure before that scale word
    groups: int = 0  # separators between groups of three, when written so and without a scale
    fraction: bool = False  # a fraction of a scale word ("half a million"): precision fixed
    half_width: Fraction | None = None  # a ratio in words ("a third"): its fixed precision

    def rounding_interval(self, one_digit: str) -> tuple[Fraction, Fraction]:
        """Return the numbers that round to this one, under a one-digit rule of HedgePolicy.

        A whole zero is exact (nobody rounds to zero); a fraction of a scale word is
        precise to a twentieth of the scale whatever the rule, and a number with a
        ``half_width`` (a ratio in words) to that much either side.
        """
        if self.half_width is not None:
            return self.value - self.half_width, self.value + self.half_width
        exp = self.exp
        if self.value == 0 and exp >= 0:
            return self.value, self.value  # "0" and "zero"; "0.0" has a decimal place
        if self.value != 0 and not self.fraction:
            digit, lead = leading_digit(abs(self.value))
            if lead == exp and (one_digit == "two" or (one_digit == "leading-one" and digit == 1)):
                exp -= 1
        half = Fraction(10) ** exp / 2
        return self.value - half, self.value + half


def outward(lo: Fraction | None, hi: Fraction | None) -> tuple[float, float]:
    """Return exact ends (None: infinite) as floats rounded outward, for a range."""
    return -math.inf if lo is None else fraction_down(lo), math.inf if hi is None else fraction_up(
        hi
    )


def last_digit_exp(value: Fraction) -> int:
    """Return the exponent of the last non-zero digit of a decimal number (0 for zero)."""
    if value == 0:
        return 0
    exp = 0
    while value.denominator != 1:
        value *= 10
        exp -= 1
    numerator = abs(value.numerator)
    while numerator % 10 == 0:
        numerator //= 10
        exp += 1
    return exp


def leading_digit(value: Fraction) -> tuple[int, int]:
    """Return the first significant digit of a positive number and its exponent."""
    exp = len(str(value.numerator)) - len(str(value.denominator))
    if Fraction(10) ** exp > value:
        exp -= 1
    return int(value / Fraction(10) ** exp), exp


RATIO_REFUSAL: Final = (
    "{written!r} makes it a share, a ratio or a change, not an amount of a unit; shares, "
    "ratios and changes are claims of kind 'ratio' that relate this quantity to another, "
    "read with parse_ratio(), such as Claim(id=..., kind='ratio', measure='killed', "
    "subject=..., period=..., of=Quantity('casualties'), value=parse_ratio('about 20%').value)"
)


class NumeralReader:
    """Recursive descent over the tokens of one phrase: token helpers and numerals."""

    #: What the reader reads, as its error messages say it.
    reads: ClassVar[str] = "a quantity"

    def __init__(self, text: str, decimal_mark: str = ".") -> None:
        self.text = text
        self.decimal_mark = decimal_mark
        self.tokens = tokenize(text, decimal_mark)
        self.i = 0

    # -- token helpers

    def peek(self, ahead: int = 0) -> Token | None:
        index = self.i + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, *texts: str) -> bool:
        return all(
            (tok := self.peek(k)) is not None and tok.text == text for k, text in enumerate(texts)
        )

    def take(self, table: Mapping[tuple[str, ...], T]) -> T | None:
        """Consume the longest phrase of ``table`` at the current token, if any."""
        for n in range(min(max(map(len, table), default=0), len(self.tokens) - self.i), 0, -1):
            key = tuple(tok.text for tok in self.tokens[self.i : self.i + n])
            if key in table:
                self.i += n
                return table[key]
        return None

    def position(self) -> int:
        tok = self.peek()
        return len(self.text) if tok is None else tok.start

    def fail(self, problem: str, position: int | None = None) -> NoReturn:
        where = self.position() if position is None else position
        mark = self.ratio_mark()
        if mark is not None:  # "20%" is not a count: say what it is instead
            problem, where = mark
        found = next(
            (repr(self.text[t.start : t.end]) for t in self.tokens if t.start == where), "the end"
        )
        msg = f"cannot read {self.text!r} as {self.reads}: {problem}; found {found} at {where}"
        raise PhraseError(msg, phrase=self.text, position=where)

    def ratio_mark(self) -> tuple[str, int] | None:
        """Return why a phrase is a share, a ratio or a change, and where, if it has a mark.

        The quantity reader calls it on failure, so that ``"20%"`` read as a count is
        refused for what it is; the reader of ratios has no such marks.
        """
        for index, tok in enumerate(self.tokens):
            for n in (2, 1):
                words = tuple(t.text for t in self.tokens[index : index + n])
                if len(words) == n and words in RATIO_MARKS:
                    written = self.text[tok.start : self.tokens[index + n - 1].end]
                    return RATIO_REFUSAL.format(written=written), tok.start
        return None

    # -- the interval notation, "[650,000, 750,000] person"

    def interval_ends(self, unit: str) -> tuple[float, float, bool, bool]:
        """Read an interval in the notation ranges print in: its ends and whether open."""
        opening = self.peek()
        assert opening is not None
        self.i += 1
        lo = self.end_value()
        if not self.at(","):
            self.fail("expected ',' between the two ends of an interval")
        self.i += 1
        hi = self.end_value()
        closing = self.peek()
        if closing is None or closing.text not in ("]", ")"):
            self.fail("expected ']' or ')' to close the interval")
        self.i += 1
        self.unit_tail(unit)
        return lo, hi, opening.text == "(", closing.text == ")"

    def end_value(self) -> float:
        sign = 1.0
        if self.at("-") or self.at("+"):
            sign = -1.0 if self.at("-") else 1.0
            self.i += 1
        tok = self.peek()
        if tok is not None and tok.text in ("inf", "∞", "infinity"):
            self.i += 1
            return sign * math.inf
        if tok is None or tok.kind != "num":
            self.fail("expected a number or 'inf' as an end of the interval")
        self.i += 1
        value = float(NOT_DIGITS.sub("", tok.text))
        if math.isinf(value):
            self.fail("the number is too large for a float", tok.start)
        return sign * value

    def unit_tail(self, unit: str) -> None:
        """Read the rest of the text as the unit, which must be ``unit``, or nothing."""
        tok = self.peek()
        if tok is None:
            return
        written = self.text[tok.start :].strip()
        try:
            same = units.normalize_unit(written) == unit
        except UnitError:
            same = False
        if not same:
            self.fail(f"expected the end, or the unit {unit!r}")
        self.i = len(self.tokens)

    # -- numerals

    def numeral(self, *, allow_and: bool) -> Num:
        """Read a number in digits or words, or fail saying a number was expected."""
        num = self.digits()
        if num is None:
            num = self.words(allow_and=allow_and)
        if num is None:
            self.fail("expected a number, in digits ('10,000') or words ('ten thousand')")
        if abs(num.value) >= LIMIT:
            self.fail("the number is too large (claimkit reads numbers below 1e300)", num.start)
        return num

    def digits(self) -> Num | None:
        start = self.position()
        sign = 1
        tok, after = self.peek(), self.peek(1)
        if (
            tok is not None
            and tok.text in ("-", "+")
            and after is not None
            and after.kind == "num"
            and after.start == tok.end
        ):
            sign = -1 if tok.text == "-" else 1
            self.i += 1
            tok = after
        if tok is None or tok.kind != "num":
            return None
        self.i += 1
        digits, exp = numeral_digits(tok.text, self.decimal_mark)
        mantissa = sign * Fraction(Decimal(f"{digits}e{exp}"))
        word = self.peek()
        if word is not None and (
            word.text in DIGIT_SCALES or (word.text in ABBREVIATIONS and word.start == tok.end)
        ):
            self.i += 1
            scale = DIGIT_SCALES.get(word.text) or ABBREVIATIONS[word.text]
            exp += len(str(scale)) - 1
            return Num(mantissa * scale, exp, start, word.end, scale=scale, mantissa=mantissa)
        whole = tok.text.lower().partition("e")[0].partition(self.decimal_mark)[0]
        groups = sum(ch in GROUP_SEPARATORS[self.decimal_mark] for ch in whole)
        return Num(mantissa, exp, start, tok.end, mantissa=mantissa, groups=groups)

    def words(self, *, allow_and: bool) -> Num | None:
        start = self.position()
        mark = self.i
        if self.at("zero"):
            self.i += 1
            return self.made(Fraction(0), start, None, Fraction(0))
        fraction = self.take(FRACTIONS)
        if fraction is not None:
            scale = self.scale_word(DIGIT_SCALES)
            if scale is not None:
                return self.made(fraction * scale, start, scale, fraction, fraction=True)
            self.i = mark  # "three quarters" without a scale is not a number
        groups: list[tuple[Fraction, int]] = []  # (figure, scale) from the left
        resume = self.i
        while True:
            small = self.small(allow_and=allow_and)
            if small is None:
                self.i = resume
                break
            if self.at("and", "a", "half") and self.is_scale(3):
                self.i += 3
                small += Fraction(1, 2)  # "one and a half million"
            scale = self.scale_word(SCALES) or 1
            if groups and scale >= groups[-1][1]:
                self.i = resume  # "one thousand" and "two thousand" are two numbers
                break
            groups.append((small, scale))
            if scale == 1:
                break
            resume = self.i
            if allow_and and self.at("and") and self.starts_small(1):
                self.i += 1  # "a thousand and one"
        if not groups:
            self.i = mark
            return None
        total = sum((figure * scale for figure, scale in groups), Fraction(0))
        if len(groups) == 1 and groups[0][1] > 1:
            figure, scale = groups[0]
            return self.made(total, start, scale, figure, fraction=figure.denominator != 1)
        return self.made(total, start, None, total)

    def made(
        self,
        value: Fraction,
        start: int,
        scale: int | None,
        mantissa: Fraction,
        *,
        fraction: bool = False,
    ) -> Num:
        """Make a number read from words; a fraction of a scale is precise to its tenth."""
        end = self.tokens[self.i - 1].end
        exp = len(str(scale)) - 2 if fraction and scale else last_digit_exp(value)
        return Num(value, exp, start, end, scale=scale, mantissa=mantissa, fraction=fraction)

    def is_scale(self, ahead: int) -> bool:
        tok = self.peek(ahead)
        return tok is not None and tok.text in DIGIT_SCALES

    def scale_word(self, table: Mapping[str, int]) -> int | None:
        tok = self.peek()
        if tok is None or tok.text not in table:
            return None
        self.i += 1
        return table[tok.text]

    def starts_small(self, ahead: int) -> bool:
        tok = self.peek(ahead)
        return tok is not None and (tok.text in UNITS or tok.text in TEENS or tok.text in TENS)

    def small(self, *, allow_and: bool) -> Fraction | None:
        """Read a number below a thousand in words, or ``a``/``an`` before a scale word."""
        if (self.at("a") or self.at("an")) and self.is_scale(1):
            self.i += 1
            value = 1
        else:
            below = self.below_hundred()
            if below is None:
                return None
            value = below
        if self.at("hundred"):
            self.i += 1
            value *= 100
            if allow_and and self.at("and") and self.starts_small(1):
                self.i += 1  # "two hundred and fifty"
            value += self.below_hundred() or 0
        return Fraction(value)

    def below_hundred(self) -> int | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok.text in TENS:
            self.i += 1
            value = TENS[tok.text]
            after, unit = self.peek(), self.peek(1)
            if (  # "forty-three", written as one word
                after is not None
                and unit is not None
                and after.text == "-"
                and tok.end == after.start
                and after.end == unit.start
                and unit.text in UNITS
            ):
                self.i += 2
                return value + UNITS[unit.text]
            if after is not None and after.text in UNITS:  # "forty three"
                self.i += 1
                return value + UNITS[after.text]
            return value
        for table in (TEENS, UNITS):
            if tok.text in table:
                self.i += 1
                return table[tok.text]
        return None
