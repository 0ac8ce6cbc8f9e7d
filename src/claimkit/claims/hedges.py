"""Hedged phrases: read ``"over one million"`` or ``"about 700,000 a week"`` as a Range.

:func:`parse_quantity` reads one phrase, a number with its hedge, into a
:class:`~claimkit.values.range.Range`, under a :class:`HedgePolicy` that holds every
judgement call as a named field. The parser is a tokenizer plus tables of words;
anything it cannot read completely raises :class:`~claimkit.errors.PhraseError`,
which quotes the text and points at the character where reading failed. It never
skips words and never guesses.

A phrase is, in this order: an optional hedge (``"over"``), a quantity (a
number, ``X to Y`` or a plural magnitude), an optional noun naming what is
counted (``"people"``) and an optional rate word (``"a week"``). A few hedges
come after the number or its noun instead (``"or more"``). Case does not matter.

Numbers
-------
=========================  ===============================================================
form                       examples
=========================  ===============================================================
digits                     ``45,690``, ``750 000`` (a space, no-break or thin space
                           between groups of three, one separator throughout),
                           ``1000000``, ``1.2``, ``2.5e6``; the decimal mark is the
                           policy's ``decimal_mark`` (see "Decimal marks")
digits and a scale         ``1.2 million``, ``10 thousand``, ``43k``, ``2.5m``,
                           ``1.1bn`` (``k``, ``m``, ``mn``, ``mln``, ``bn`` only
                           written against the digits)
words                      ``one million``, ``ten thousand``, ``forty-three thousand``,
                           ``two hundred and fifty``, ``a hundred``, ``twelve hundred``,
                           ``one million two hundred thousand``
fractions of a scale       ``half a million``, ``a quarter of a million``,
                           ``three quarters of a million``, ``one and a half million``:
                           precise to a twentieth of the scale either side, so
                           ``a quarter of a million`` is [200,000, 300,000]
plural magnitudes          ``tens``, ``hundreds``, ``thousands``, ``millions``,
                           ``billions``, and ``tens of thousands``,
                           ``hundreds of millions`` ...: the range
                           [``plural_min`` x M, 10 x M) for the magnitude M, so
                           ``tens of thousands`` is [20,000, 100,000)
=========================  ===============================================================

A number standing alone stands for the interval of numbers that round to it
(its *rounding interval*, from its significant digits: ``700,000`` is
[650,000, 750,000], ``45,690`` is [45,685, 45,695]). A whole zero (``0``,
``zero``) is exact: nobody rounds to zero; ``0.0`` has a decimal place and is
[0, 0.05] in a count. A number
under a bound hedge (``over``, ``up to``, ``between``) is used exactly as
stated: "over one million" means more than 1,000,000, not more than whatever
rounds to one million. Negative numbers (``-5``) are allowed only when the unit
is not a count.

Decimal marks
-------------
Under the default ``decimal_mark="unknown"`` a comma or a space separates groups of
three and a dot is a decimal point, but a count written as one to three digits, a
single dot and three digits (``over 550.000``, ``1.000 million``) is refused: it is
550 with a decimal point and 550,000 in sources that write ``1.000,5``, and the error
names both. ``decimal_mark="."`` reads it with a decimal point; ``decimal_mark=","``
reads dots and spaces between groups and a comma before decimals (``1,5 million``).

Hedges
------
==================  ============================================  ===========================
reading             words                                         ``X = 700,000``
==================  ============================================  ===========================
more than           over, more than, above, exceeded,             (700,000, inf)
                    exceeding, exceeds, surpassed, in excess
                    of, greater than, upwards of, well over,
                    ``>``
at least            at least, no fewer than, no less than, not    [700,000, inf)
                    fewer than, not less than, a minimum of,
                    ``>=``, ``≥``; after the number: or more,
                    plus, ``+``
at most             up to, at most, no more than, not more        [0, 700,000]
                    than, a maximum of, ``<=``, ``≤``; after
                    the number: or fewer, or less
less than           under, fewer than, less than, below, ``<``    [0, 700,000)
nearly              nearly, almost, just under, just below,       [630,000, 700,000)
                    close to
just over           just over, just above                         (700,000, 770,000]
approximately       approximately, approx, approx., about,        [650,000, 750,000]
                    around, some, roughly, an estimated,
                    estimated, est., circa, ``~``, ``≈``; after
                    the number: or so
range               between X and Y, from X to Y, X to Y, X-Y     [X, Y]
                    (with a hyphen or an en dash)
==================  ============================================  ===========================

A phrase takes one hedge. A hedge written after the number (``or more``) may also
follow the noun: ``700,000 people or so``.
The figures in the last column are under the default policy: ``nearly`` and
``just over`` use the policy's ``nearly_band`` (0.1), ``approximately`` the
rounding interval widened by its ``approx_rel`` (0). In a range, a
scale word after the second number also scales the first when the first has none
and is smaller than the second's figure: ``10-20 thousand`` is [10,000, 20,000],
``between 500,000 and 1 million`` is [500,000, 1,000,000]; a first number below
1,000 without a scale word that is not below that figure is refused, since its
scale is not clear (``between 800 and 1.2 million``, ``2 to 1.5 million``). A number
below 1,000 in digits before a number written in groups of three takes the scale of
the groups when it is below the leading group (as if ``200,000`` were ``200
thousand``): ``100-200,000`` is [100,000, 200,000], ``500 to 200,000`` is [500,
200,000]. A range's first number above its second is an error. An at-most hedge
keeps the open end of a plural magnitude: ``up to hundreds`` is [0, 1,000).

Counts are never negative: when the unit is a count (``person``, or one made with
:func:`~claimkit.values.units.define_count_unit`), upper bounds start at 0 (``at most
500`` is [0, 500]) and rounding intervals are cut at 0. For other units (such as
``dimensionless``) the same phrase is (-inf, 500]. A share, a ratio or a change (``20%``,
``a third``, ``3:1``, ``doubled``) is not an amount of a unit: it is refused, pointing at
the word that makes it one, and read by :func:`~claimkit.claims._ratio_phrases.parse_ratio`.

Nouns and rates
---------------
After the number may come a noun naming what is counted: one of the unit's own
names (``people``, ``casualties`` for ``person``; ``tanks`` for ``tank``), or,
when the unit is the policy's ``noun_unit``, one of its ``nouns``
(``personnel``, ``troops`` ...). A plural magnitude takes
``of`` before its noun (``tens of thousands of people``). Then a rate word
puts a time under the unit: ``a day``, ``per day``, ``every day``, ``each day``,
``daily``, ``/day`` and the same with ``hour``, ``week``, ``month`` and ``year``
(``hourly``, ``weekly``, ``monthly``, ``yearly``, ``annually``, ``per annum``).
A month is pint's average month (30.4375 days). A unit that already has a time
(``"person / week"``) takes no rate word.

The printed form of a range reads back exactly: ``[650,000, 750,000] person``,
``(1,000,000, inf) person``, ``[1.5, 2.25) person / week``, ``∅ person``. In this
interval notation the numbers are taken literally (no rounding interval, no cut
at 0), like the arguments of :class:`~claimkit.values.range.Range`, and the unit after
the bracket, when present, must be the unit asked for.

Examples
--------
>>> from claimkit.claims.hedges import HedgePolicy, parse_quantity
>>> print(parse_quantity("over one million"))
(1,000,000, inf) person
>>> print(parse_quantity("approximately 700,000"))
[650,000, 750,000] person
>>> print(parse_quantity("over 10,000 people every week"))
(10,000, inf) person / week
>>> print(parse_quantity("700,000", policy=HedgePolicy(rounding="exact")))
[700,000, 700,000] person
>>> print(parse_quantity("100-200,000"), parse_quantity("zero"))
[100,000, 200,000] person [0, 0] person
>>> print(parse_quantity("over 550.000", policy=HedgePolicy(decimal_mark=",")))
(550,000, inf) person
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal

import attrs

from claimkit.errors import ClaimkitError, InvalidArgumentError, PhraseError, UnitError
from claimkit.values import units
from claimkit.values._numerals import (
    Num,
    NumeralReader,
    outward,
    phrase_table,
    tokenize,
)
from claimkit.values.range import Range

__all__ = ["HedgePolicy", "parse_quantity"]

# --------------------------------------------------------------------------- policy


def _check_choice(choices: tuple[str, ...]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        del instance
        if value not in choices:
            options = ", ".join(repr(c) for c in choices)
            msg = f"HedgePolicy.{attribute.name} must be one of {options}, got {value!r}"
            raise InvalidArgumentError(msg)

    return check


def _check_number(low: float, high: float, *, low_inclusive: bool) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        del instance
        ok = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and (low <= value if low_inclusive else low < value)
            and value <= high
        )
        if not ok:
            bracket = "[" if low_inclusive else "("
            msg = (
                f"HedgePolicy.{attribute.name} must be a number in {bracket}{low:g}, {high:g}], "
                f"got {value!r}"
            )
            raise InvalidArgumentError(msg)

    return check


def _check_int(low: int, high: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        del instance
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            msg = (
                f"HedgePolicy.{attribute.name} must be an integer from {low} to {high}, "
                f"got {value!r}"
            )
            raise InvalidArgumentError(msg)

    return check


def _to_nouns(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"HedgePolicy.nouns must be a sequence of words, got {value!r}"
        raise InvalidArgumentError(msg)
    nouns = []
    for noun in value:
        if not isinstance(noun, str) or not _WORDS.fullmatch(noun):
            msg = (
                f"HedgePolicy.nouns entry {noun!r} is not valid: expected words of letters "
                "separated by single spaces, such as 'troops' or 'killed and wounded'"
            )
            raise InvalidArgumentError(msg)
        nouns.append(noun.lower())
    return tuple(nouns)


def _check_unit(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance
    try:
        units.normalize_unit(value)  # type: ignore[arg-type]
    except UnitError as err:
        msg = f"HedgePolicy.{attribute.name} is not a unit: {err}"
        raise InvalidArgumentError(msg) from err


_WORDS: Final = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")

#: How a bare number is read: by its rounding interval, or exactly as written.
Rounding = Literal["significant", "exact"]
#: How a number with one significant digit is read (see :class:`HedgePolicy`).
OneDigit = Literal["leading-one", "plain", "two"]
#: The decimal mark of the source's numbers: not known, a dot or a comma.
DecimalMark = Literal["unknown", ".", ","]


@attrs.frozen(kw_only=True)
class HedgePolicy:
    """How :func:`parse_quantity` reads hedged phrases: every judgement call, named.

    The defaults follow the words: a number is as precise as its significant
    digits say, ``over`` means strictly more, ``approximately`` adds nothing to the
    rounding interval (which already says how approximate a figure is). Change a
    field with :meth:`replace` or by keyword.

    Parameters
    ----------
    rounding : str, default "significant"
        How a number standing alone (bare, or after ``approximately``) is read.
        ``"significant"``: as the interval of numbers that round to it, half a unit
        of its last significant digit either side (``700,000`` is
        [650,000, 750,000]; ``45,690`` is [45,685, 45,695]; ``1.20 million`` is
        [1,195,000, 1,205,000]). ``"exact"``: as the number itself
        (``700,000`` is [700,000, 700,000]).
    one_digit : str, default "leading-one"
        How a number with one significant digit is read under ``"significant"``
        rounding. ``"plain"``: like any other (``100,000`` is [50,000, 150,000],
        ±50%). ``"leading-one"``: a lone leading digit 1 is read as if it had
        two significant digits (``100,000`` and ``one million`` are ±5%:
        [95,000, 105,000] and [950,000, 1,050,000]), other digits as written
        (``700,000`` is [650,000, 750,000]). ``"two"``: every one-digit number
        as two digits (``700,000`` is [695,000, 705,000]). See the notes.
    approx_rel : float, default 0.0
        The relative tolerance that ``approximately`` (and ``about``, ``around``,
        ``some``, ``roughly``, ``an estimated``, ``~``, ``or so`` ...) adds on each side
        of the rounding interval: ``approx_rel * X`` for the number X. In [0, 10].
    nearly_band : float, default 0.1
        How far below X ``nearly X`` (``almost``, ``just under``, ``close to``) may
        be: [X * (1 - nearly_band), X). ``just over X`` is
        (X, X * (1 + nearly_band)]. In (0, 1].
    plural_min : int, default 2
        The smallest multiple meant by a plural magnitude: ``tens of thousands``
        is [plural_min x 10,000, 100,000). From 1 to 9.
    nouns : tuple of str
        Nouns (one or more words) that may follow the number when the unit is
        ``noun_unit``. The unit's own names (``people``, ``casualties``) are
        always accepted. Default: ``people``, ``persons``, ``casualties``,
        ``personnel``, ``troops``, ``soldiers``, ``losses``. Words are compared in
        lower case.
    noun_unit : str, default "person"
        The count unit that ``nouns`` name.
    max_length : int, default 1000
        The longest text read; longer text is an error (nothing hangs on huge input).
        From 1 to 100,000.
    decimal_mark : str, default "unknown"
        How the source writes decimals. ``"."``: ``1,000.5`` (a comma or a space
        between groups of three, a dot before the decimals). ``","``: ``1.000,5``
        (a dot or a space between groups, a comma before the decimals), so
        ``550.000`` is 550,000 and ``1,5 million`` is 1,500,000. ``"unknown"``:
        read as ``"."``, except that a count written with one to three digits, a
        single dot and exactly three digits (``550.000``, ``1.000 million``) is an
        error naming both readings, since it is 1,000 times larger under the other
        convention. The interval notation (``[1.5, 2] person``) always uses the dot.

    Raises
    ------
    InvalidArgumentError
        If a field has the wrong type or is out of range, naming the field.

    Notes
    -----
    **One significant digit.** Under the plain rule the relative precision of a
    one-digit figure jumps at every power of ten: ``900,000`` is ±5.6% but
    ``1,000,000`` is ±50%, which reads "one million" as anything from 500,000 to
    1,500,000. Nobody who means 600,000 or 1.4 million says "one million"; a
    figure with a leading 1 gets a second digit when it matters ("1.4 million").
    Reading a lone leading 1 as two significant digits removes the jump (``1,000,000``
    becomes ±5%, next to ``900,000`` at ±5.6%) and leaves every other figure as
    written, so ``700,000`` stays [650,000, 750,000]. It is the rule of the
    Particle Data Group, which keeps a second digit for uncertainties that start
    with a 1, for the same reason. Bound hedges do not depend on it: "over one
    million" is (1,000,000, inf) under every policy.

    Examples
    --------
    >>> from claimkit.claims.hedges import HedgePolicy, parse_quantity
    >>> print(parse_quantity("one million"))
    [950,000, 1,050,000] person
    >>> print(parse_quantity("one million", policy=HedgePolicy(one_digit="plain")))
    [500,000, 1,500,000] person
    >>> wide = HedgePolicy().replace(approx_rel=0.05)
    >>> print(parse_quantity("about 700,000", policy=wide))
    [615,000, 785,000] person
    >>> HedgePolicy(nearly_band=2)
    Traceback (most recent call last):
    ...
    claimkit.errors.InvalidArgumentError: HedgePolicy.nearly_band must be a number in (0, 1], got 2
    """

    rounding: Rounding = attrs.field(
        default="significant", validator=_check_choice(("significant", "exact"))
    )
    one_digit: OneDigit = attrs.field(
        default="leading-one", validator=_check_choice(("leading-one", "plain", "two"))
    )
    approx_rel: float = attrs.field(
        default=0.0, validator=_check_number(0.0, 10.0, low_inclusive=True)
    )
    nearly_band: float = attrs.field(
        default=0.1, validator=_check_number(0.0, 1.0, low_inclusive=False)
    )
    plural_min: int = attrs.field(default=2, validator=_check_int(1, 9))
    nouns: tuple[str, ...] = attrs.field(
        default=("people", "persons", "casualties", "personnel", "troops", "soldiers", "losses"),
        converter=_to_nouns,
    )
    noun_unit: str = attrs.field(default="person", validator=_check_unit)
    max_length: int = attrs.field(default=1000, validator=_check_int(1, 100_000))
    decimal_mark: DecimalMark = attrs.field(
        default="unknown", validator=_check_choice(("unknown", ".", ","))
    )

    def replace(self, **changes: Any) -> HedgePolicy:
        """Return a copy with some fields changed (:func:`attrs.evolve`).

        Examples
        --------
        >>> from claimkit.claims.hedges import HedgePolicy
        >>> HedgePolicy().replace(rounding="exact").rounding
        'exact'
        """
        return attrs.evolve(self, **changes)


@functools.cache
def _default_policy() -> HedgePolicy:
    # Made on first use: validating ``noun_unit`` builds pint's registry, which
    # must not happen at import.
    return HedgePolicy()


# --------------------------------------------------------------------------- vocabulary

_Hedge = Literal["more", "at_least", "at_most", "less", "nearly", "just_over", "approx"]

_PREFIX_WORDS: Final[tuple[tuple[_Hedge, str], ...]] = (
    ("more", "over|more than|above|exceeded|exceeding|exceeds|surpassed|in excess of|"
             "greater than|upwards of|well over|>"),
    ("at_least", "at least|no fewer than|no less than|not fewer than|not less than|"
                 "a minimum of|>=|≥"),
    ("at_most", "up to|at most|no more than|not more than|a maximum of|<=|≤"),
    ("less", "under|fewer than|less than|below|<"),
    ("nearly", "nearly|almost|just under|just below|close to"),
    ("just_over", "just over|just above"),
    ("approx", "approximately|approx|approx.|about|around|some|roughly|an estimated|"
               "estimated|est.|circa|~|≈"),
)  # fmt: skip
_POSTFIX_WORDS: Final[tuple[tuple[_Hedge, str], ...]] = (
    ("at_least", "or more|plus|+"),
    ("at_most", "or fewer|or less"),
    ("approx", "or so"),
)
_PREFIX_HEDGES: Final = phrase_table(
    {phrase: kind for kind, phrases in _PREFIX_WORDS for phrase in phrases.split("|")}
)
_POSTFIX_HEDGES: Final = phrase_table(
    {phrase: kind for kind, phrases in _POSTFIX_WORDS for phrase in phrases.split("|")}
)
_BOUND_HEDGES: Final = frozenset(("more", "at_least", "at_most", "less"))

_TIMES: Final = {"hour": "an", "day": "a", "week": "a", "month": "a", "year": "a"}
_RATES: Final = phrase_table(
    {
        **{f"{prefix} {time}": time for time in _TIMES for prefix in ("per", "every", "each", "/")},
        **{f"{article} {time}": time for time, article in _TIMES.items()},
        "hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month",
        "yearly": "year", "annually": "year", "per annum": "year",
    }
)  # fmt: skip

# one to three digits, a single dot and three digits: 1.000 is one or a thousand
_DOT_OR_THOUSANDS: Final = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")

_PLURALS: Final = {
    "tens": 10, "hundreds": 100, "thousands": 10**3, "millions": 10**6, "billions": 10**9
}  # fmt: skip

# --------------------------------------------------------------------------- readings


@attrs.frozen
class _Span:
    """A stated range of numbers: ``X to Y`` (closed) or a plural magnitude (open above)."""

    lo: Fraction
    hi: Fraction
    hi_open: bool
    plural: bool


# --------------------------------------------------------------------------- parser


@functools.lru_cache(maxsize=64)
def _noun_table(nouns: tuple[str, ...]) -> dict[tuple[str, ...], bool]:
    return phrase_table(dict.fromkeys(nouns, True))


class _Parser(NumeralReader):
    """The grammar of a hedged phrase, on top of the numeral reader."""

    def __init__(self, text: str, unit: str, policy: HedgePolicy) -> None:
        super().__init__(text, "," if policy.decimal_mark == "," else ".")
        self.unit = unit
        self.count, self.counts = units.counted_unit(unit)
        self.policy = policy
        self.nouns = _noun_table(policy.nouns)
        # a float field is read as the decimal it prints as: 0.1 is exactly 1/10
        self.rel = Fraction(repr(policy.approx_rel))
        self.band = Fraction(repr(policy.nearly_band))

    # -- phrase

    def phrase(self) -> Range:
        first = self.peek()
        if first is None:
            self.fail("expected a number, such as 'over 10,000' or 'about 700,000'")
        if first.text in ("[", "(", "∅") and self.decimal_mark != ".":
            self.tokens = tokenize(self.text)  # the interval notation has a decimal point
        if first.text in ("[", "("):
            return self.interval()
        if first.text == "∅":
            self.i += 1
            self.unit_tail(self.unit)
            return Range.empty(self.unit)
        hedge_at = self.position()
        hedge = self.take(_PREFIX_HEDGES)
        quantity = self.quantity()
        post_at, post = self.closing_hedge(hedge)
        if isinstance(quantity, _Span) and quantity.plural and self.at("of"):
            self.i += 1
            if not self.noun():
                self.fail(f"expected a noun naming what is counted, in {self.unit!r}")
        else:
            self.noun()
        if post is None:  # "700,000 or so" and "700,000 people or so"
            post_at, post = self.closing_hedge(hedge)
        if post is not None:
            hedge, hedge_at = post, post_at
        unit = self.rate()
        if self.peek() is not None:
            self.fail(
                "unexpected text after the quantity; a phrase ends after the number, "
                "an optional noun (such as 'people') and an optional rate (such as 'a week')"
            )
        lo, hi, lo_open, hi_open = self.apply(hedge, hedge_at, quantity)
        return Range(*outward(lo, hi), unit, lo_open=lo_open, hi_open=hi_open)

    def closing_hedge(self, opening: _Hedge | None) -> tuple[int, _Hedge | None]:
        at = self.position()
        hedge = self.take(_POSTFIX_HEDGES)
        if hedge is not None and opening is not None:
            self.fail("a phrase takes one hedge, before or after the number", at)
        return at, hedge

    def apply(
        self, hedge: _Hedge | None, at: int, q: Num | _Span
    ) -> tuple[Fraction | None, Fraction | None, bool, bool]:
        """Return the ends of the range a hedge makes of a quantity (None: infinite)."""
        floor = Fraction(0) if self.counts else None
        if isinstance(q, _Span):
            if hedge == "approx":
                lo, hi = q.lo - self.rel * abs(q.lo), q.hi + self.rel * abs(q.hi)
                return self.clamp(lo), hi, False, q.hi_open
            if hedge is None:
                return q.lo, q.hi, False, q.hi_open
            if not q.plural or hedge not in _BOUND_HEDGES:
                self.fail("this hedge needs a single number, not a range", at)
            low_end, high_end, high_open = q.lo, q.hi, q.hi_open
        else:
            low_end = high_end = q.value
            high_open = False
        if hedge == "more":
            return low_end, None, True, True
        if hedge == "at_least":
            return low_end, None, False, True
        if hedge == "at_most":  # "up to hundreds" keeps the open end of "hundreds"
            return floor, high_end, floor is None, high_open
        if hedge == "less":
            if floor is not None and high_end <= 0:
                self.fail("nothing counts fewer than 0", at)
            return floor, high_end, floor is None, True
        assert isinstance(q, Num)  # only bound hedges take a plural magnitude
        x = q.value
        if hedge in ("nearly", "just_over") and x <= 0:
            self.fail("'nearly' and 'just over' need a number above 0", at)
        if hedge == "nearly":
            return x * (1 - self.band), x, False, True
        if hedge == "just_over":
            return x, x * (1 + self.band), True, False
        lo, hi = (  # bare, or "approx"
            (x, x)
            if self.policy.rounding == "exact"
            else q.rounding_interval(self.policy.one_digit)
        )
        if hedge == "approx":
            rel = self.rel * abs(x)
            lo, hi = lo - rel, hi + rel
        return self.clamp(lo), hi, False, False

    def clamp(self, lo: Fraction) -> Fraction:
        return max(lo, Fraction(0)) if self.counts else lo

    # -- quantities

    def quantity(self) -> Num | _Span:
        if self.at("between"):
            self.i += 1
            return self.span("and")
        if self.at("from"):
            self.i += 1
            return self.span("to", "-")
        tok = self.peek()
        if tok is not None and tok.text in _PLURALS:
            return self.plural()
        first = self.number(allow_and=True)
        if self.at("to") or self.at("-"):
            self.i += 1
            return self.finish_span(first)
        return first

    def span(self, *links: str) -> _Span:
        mark = self.i
        first = self.number(allow_and=True)
        if not any(self.at(link) for link in links):
            # "between two hundred and three hundred": the first "and" was not part of it
            self.i = mark
            first = self.number(allow_and=False)
        if not any(self.at(link) for link in links):
            self.fail(
                f"expected {' or '.join(repr(link) for link in links)} after the first number"
            )
        self.i += 1
        return self.finish_span(first)

    def finish_span(self, first: Num) -> _Span:
        second = self.number(allow_and=True)
        lo = first.value
        short = first.scale is None and first.groups == 0 and 0 <= lo < 1000
        if first.scale is None and second.scale is not None:
            if lo < second.mantissa:
                lo *= second.scale  # "10-20 thousand"
            elif short:  # "800 to 1.2 million": 800, or 800 thousand?
                self.fail(
                    f"{self.written(first)!r} has no scale word and is not below "
                    f"{float(second.mantissa):g}, the figure of {self.written(second)!r}, so its "
                    "scale is not clear; write both numbers in full (such as "
                    "'800,000 to 1,200,000') or each with its scale word (such as "
                    "'800 thousand to 1.2 million')",
                    first.start,
                )
        elif short and second.groups:  # "100-200,000" is 100,000 to 200,000
            scale = 1000**second.groups
            if lo < second.value // scale:
                lo *= scale
        if lo > second.value:
            self.fail(
                f"a range runs from the smaller number to the larger; "
                f"{self.written(first)!r} is above {self.written(second)!r}",
                first.start,
            )
        return _Span(lo, second.value, hi_open=False, plural=False)

    def written(self, num: Num) -> str:
        return self.text[num.start : num.end]

    def plural(self) -> _Span:
        tok = self.peek()
        assert tok is not None
        magnitude = _PLURALS[tok.text]
        self.i += 1
        nxt = self.peek(1)
        if self.at("of") and nxt is not None and _PLURALS.get(nxt.text, 0) > max(magnitude, 100):
            magnitude *= _PLURALS[nxt.text]
            self.i += 2
        return _Span(
            Fraction(self.policy.plural_min * magnitude),
            Fraction(10 * magnitude),
            hi_open=True,
            plural=True,
        )

    def number(self, *, allow_and: bool) -> Num:
        at = self.i
        num = self.numeral(allow_and=allow_and)
        if num.value < 0 and self.counts:
            self.fail(f"a count ({self.unit!r}) cannot be negative", num.start)
        if self.counts and self.policy.decimal_mark == "unknown":
            for tok in self.tokens[at : self.i]:
                if tok.kind == "num" and _DOT_OR_THOUSANDS.fullmatch(tok.text):
                    point = f"{Decimal(tok.text).normalize():f}"
                    thousands = f"{int(tok.text.replace('.', '')):,}"
                    self.fail(
                        f"{tok.text!r} is {point} if the dot is a decimal point and {thousands} "
                        "if it separates thousands; write the number without the doubt "
                        f"({point!r} or {thousands!r}), or set HedgePolicy.decimal_mark to "
                        "'.' or ',' to say which convention the source uses",
                        tok.start,
                    )
        return num

    # -- tails

    def noun(self) -> bool:
        noun_unit = units.normalize_unit(self.policy.noun_unit)
        if self.count is not None and self.count == noun_unit and self.take(self.nouns):
            return True
        tok = self.peek()
        if tok is None or tok.kind != "word" or self.count is None:
            return False
        try:
            named = units.normalize_unit(tok.text)
        except UnitError:
            return False
        if named != self.count:
            return False
        self.i += 1
        return True

    def rate(self) -> str:
        rate_at = self.position()
        time = self.take(_RATES)
        if time is None:
            return self.unit
        if units.time_exponent(self.unit) != 0:
            self.fail(
                f"the unit {self.unit!r} already has a time; drop the rate words or pass "
                "a count unit such as 'person'",
                rate_at,
            )
        return units.divide_units(self.unit, time)[0]

    def interval(self) -> Range:
        start = self.position()
        lo, hi, lo_open, hi_open = self.interval_ends(self.unit)
        try:
            return Range(lo, hi, self.unit, lo_open=lo_open, hi_open=hi_open)
        except ClaimkitError as err:
            self.fail(f"not an interval: {err}", start)


def parse_quantity(text: str, unit: str = "person", *, policy: HedgePolicy | None = None) -> Range:
    """Read a hedged phrase such as ``"over one million"`` as a Range.

    The vocabulary and the readings are listed in :mod:`claimkit.claims.hedges`; every
    judgement call is a field of ``policy``.

    Parameters
    ----------
    text : str
        One phrase: an optional hedge, a number (or ``X to Y``, or a plural
        magnitude), an optional noun and an optional rate word. At most
        ``policy.max_length`` characters.
    unit : str, default "person"
        What is counted, usually a count unit (``"person"``, ``"tank"``). A rate word
        in the text divides it by the time (``"a week"`` gives ``person / week``);
        a unit that already has a time (``"person / week"``) takes none.
    policy : HedgePolicy, optional
        How to read bare numbers, ``approximately``, ``nearly`` and plural
        magnitudes. The default is ``HedgePolicy()``.

    Returns
    -------
    Range
        The numbers the phrase allows, in ``unit`` (divided by the rate's time, if
        any). Ends are rounded outward to floats, so the range contains every number
        the words allow.

    Raises
    ------
    PhraseError
        If the text cannot be read completely: it quotes the text, and its
        ``position`` is the offset of the first character that could not be read.
    UnitError
        If ``unit`` is not a unit.
    InvalidArgumentError
        If ``policy`` is not a :class:`HedgePolicy`.

    Examples
    --------
    >>> from claimkit.claims.hedges import parse_quantity
    >>> parse_quantity("over one million")
    Range(1000000.0, inf, 'person', lo_open=True)
    >>> print(parse_quantity("approximately 45,690"))
    [45,685, 45,695] person
    >>> print(parse_quantity("at most 500 people"))
    [0, 500] person
    >>> from claimkit.values.units import define_count_unit
    >>> define_count_unit("tank")
    'tank'
    >>> print(parse_quantity("between 10 and 20 thousand tanks", unit="tank"))
    [10,000, 20,000] tank
    >>> print(parse_quantity("tens of thousands a month"))
    [20,000, 100,000) person / month
    >>> parse_quantity("ten thousand and then some")
    Traceback (most recent call last):
    ...
    claimkit.errors.PhraseError: cannot read 'ten thousand and then some' as a quantity: ...
        ten thousand and then some
                     ^
    """
    policy = _checked(text, policy, "parse_quantity")
    return _Parser(text, units.normalize_unit(unit), policy).phrase()


def _checked(text: object, policy: object, reader: str) -> HedgePolicy:
    """Return the policy to read ``text`` under, refusing what a phrase reader cannot read."""
    if not isinstance(text, str):
        msg = f"{reader}() reads a string, got {type(text).__name__} {text!r}"
        raise PhraseError(msg, phrase=repr(text), position=0)
    if policy is None:
        policy = _default_policy()
    if not isinstance(policy, HedgePolicy):
        msg = f"policy must be a HedgePolicy, got {type(policy).__name__} {policy!r}"
        raise InvalidArgumentError(msg)
    if len(text) > policy.max_length:
        msg = (
            f"the text is {len(text)} characters long; {reader}() reads one phrase of "
            f"at most {policy.max_length} characters (HedgePolicy.max_length)"
        )
        raise PhraseError(msg, phrase=text, position=policy.max_length)
    return policy
