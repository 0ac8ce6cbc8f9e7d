"""Shares, ratios and changes in words: ``"about 70%"``, ``"a third"``, ``"rose 20%"``.

:func:`parse_ratio` reads a phrase that relates one quantity to another into a
:class:`RatioReading`: a :class:`~claimkit.values.range.Range` without a count unit
(``percent`` for a phrase in percent, ``dimensionless`` for every other) and the kind
of relation it states. It reads under the same :class:`~claimkit.claims.hedges.HedgePolicy`
as :func:`~claimkit.claims.hedges.parse_quantity`, takes the same hedges before and after
the figure (``about``, ``over``, ``at least``, ``nearly``, ``or more`` ...), and refuses
what it cannot read completely with a :class:`~claimkit.errors.PhraseError` that quotes
the phrase and points at the place. A share, ratio or change read this way is the value
of a claim of kind ``"ratio"``; :func:`~claimkit.claims.hedges.parse_quantity` refuses
these phrases, since they are not amounts of a unit.

Phrases
-------
==========  ==========================================  =================================
kind        forms                                       read as
==========  ==========================================  =================================
share       ``70%``, ``70 percent``, ``70 per cent``,   [65, 75] percent (the figure's
            ``20-30%``, ``between 20 and 30 percent``   rounding interval)
share       ``half``, ``a third``, ``two-thirds``,      [0.2833..., 0.3833...] for
            ``three quarters``, ``a fifth`` ...         ``a third``
            ``nine tenths``
share       ``seven in ten``, ``one in four``,          [0.2, 0.3] for ``one in four``
            ``one out of five``, ``1 in 4``
ratio       ``3:1``, ``three to one``, ``1 to 3``,      [2.95, 3.05] for ``3:1``
            ``three-to-one``
ratio       ``one killed for every three wounded``,     [0.2833..., 0.3833...]; the nouns
            ``one for every three``, ``three wounded    are the numerator and the
            for every soldier killed``                  denominator
ratio       a number: ``0.36``, ``1.5``                 its rounding interval
comparison  ``twice``, ``twice as many``, ``three       [1.95, 2.05] for ``twice``
            times``, ``2.5 times as many``, ``half as
            many``, ``twice as many wounded as
            killed``
change      ``rose 20%``, ``increased by 20 percent``,  new / old: [1.15, 1.25] for
            ``up 20%``, ``grew``, ``climbed``, ``rose   ``rose 20%``, [0.845, 0.855]
            by a third``                                for ``down 15%``
change      ``fell 15%``, ``decreased by 15 percent``,
            ``down 15%``, ``dropped``, ``declined``,
            ``fell by a third``
change      ``doubled``, ``tripled``, ``quadrupled``,   [1.95, 2.05] for ``doubled``,
            ``halved``                                  [0.45, 0.55] for ``halved``
==========  ==========================================  =================================

A share may name what it is a share of: ``70% of casualties``, ``a third of the
losses``, ``one in four casualties`` (the reading's ``denominator``); a ratio ``X
NOUN for every Y NOUN`` and a comparison ``twice as many NOUN as NOUN`` name both sides.
Where the phrase names no noun, the caller says which quantity is which.

Precision
---------
A figure in digits followed by a percent sign or word, and a number standing alone,
follow the numeral rule of :class:`~claimkit.claims.hedges.HedgePolicy` (its
``rounding`` and ``one_digit`` fields), as ``700,000`` does: ``70%`` is [65, 75]
percent, ``10%`` is [9.5, 10.5] percent and ``0.36`` is [0.355, 0.365].

Every other form is a ratio in words (a fraction word, ``X in Y``, ``X:Y``, ``X to
Y``, ``X for every Y``, ``N times``, ``twice``, ``doubled``, ``halved``) and has one
precision: a twentieth either side (of the whole, for a share; of the denominator, for
a ratio), as a fraction of a scale word is precise to a twentieth of the scale ("a
quarter of a million" is [200,000, 300,000]). A ratio below a tenth is precise to half
its value instead, so ``one in a hundred`` is [0.005, 0.015], not [0, 0.06]. So
``a quarter`` is [0.2, 0.3], ``seven in ten`` is [0.65, 0.75] (as ``70%``), ``twice``
and ``doubled`` are [1.95, 2.05] (as ``rose 100%``), and ``halved`` is [0.45, 0.55]
(as ``fell 50%``). Under ``rounding="exact"`` every figure is its exact value (``twice``
is exactly 2) and the bound hedges (``over``, ``at least`` ...) use the exact value
under every policy.

Shares and ratios of counts are not negative: ``up to 20%`` is [0, 20] percent, and
nothing caps a share at 100% (a share above 100% is a ratio). A change is the ratio of
the new figure to the old: up by p is 1 + p, down by p is 1 - p, and the hedge applies
to the size of the change (``fell by more than 20%`` is [0, 0.8), ``more than halved``
is [0, 0.5)). A count cannot fall by more than all of it.

Refused
-------
- ``3 times more``, ``three times higher`` (and ``larger``, ``greater``, ``fewer``,
  ``less``, ``lower``, ``smaller``): 3 or 4 times as many? Write ``three times as many``.
- ``2 to 3``: the ratio 2:3, or the range from 2 to 3? Write ``2:3`` or ``between 2 and
  3``. ``X to Y`` of whole numbers is read as a ratio when X is above Y or one of them is 1.
- ``rose 5 percentage points``: a difference of two shares, not a ratio.
- ``rose from 10% to 20%``, ``fell to 20%``: figures, each a claim of its own.
- ``rose 20`` (20 what?), ``70% of`` (of what?), ``a third of a million`` (a count:
  read it with :func:`~claimkit.claims.hedges.parse_quantity`), negative figures
  (write ``fell 5%``), a fall of more than 100%.

Examples
--------
>>> from claimkit.claims._ratio_phrases import parse_ratio
>>> print(parse_ratio("about 70%").value)
[65, 75] percent
>>> reading = parse_ratio("one killed for every three wounded")
>>> print(reading.kind, reading.numerator, reading.denominator)
ratio killed wounded
>>> print(parse_ratio("rose 20%").value)
[1.15, 1.25]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Final, Literal

import attrs

from claimkit.claims.hedges import (
    _PREFIX_HEDGES,
    HedgePolicy,
    _checked,
    _Hedge,
    _Parser,
    _Span,
)
from claimkit.errors import ClaimkitError, InvalidArgumentError, UnitError
from claimkit.values import units
from claimkit.values._numerals import (
    DIGIT_SCALES,
    FRACTION_WORDS,
    PERCENT,
    TEENS,
    TENS,
    UNITS,
    Num,
    outward,
    phrase_table,
    tokenize,
)
from claimkit.values.range import Range

__all__ = ["RatioReading", "parse_ratio"]

#: What a ratio phrase states: a part of a whole, a ratio of two quantities, the change
#: of one quantity (new / old), or a comparison of two ("twice as many").
RatioKind = Literal["share", "ratio", "change", "comparison"]
_KINDS: Final = ("share", "ratio", "change", "comparison")


def _check_value(instance: object, attribute: attrs.Attribute[Range], value: object) -> None:
    del instance, attribute
    if not isinstance(value, Range):
        msg = f"RatioReading.value must be a Range, got {type(value).__name__} {value!r}"
        raise InvalidArgumentError(msg)
    if units.dimensionality(value.unit) != "dimensionless":
        msg = (
            f"RatioReading.value must be in 'percent' or 'dimensionless', got {value.unit!r}: "
            "a share, a ratio or a change has no unit of its own"
        )
        raise InvalidArgumentError(msg)


def _check_kind(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance, attribute
    if value not in _KINDS:
        msg = f"RatioReading.kind must be one of {', '.join(map(repr, _KINDS))}, got {value!r}"
        raise InvalidArgumentError(msg)


def _check_phrase(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance, attribute
    if not isinstance(value, str):
        msg = f"RatioReading.phrase must be the phrase read, a string, got {value!r}"
        raise InvalidArgumentError(msg)


def _check_noun(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    del instance
    if value is not None and not (isinstance(value, str) and value.strip()):
        msg = f"RatioReading.{attribute.name} must be a noun or None, got {value!r}"
        raise InvalidArgumentError(msg)


@attrs.frozen(kw_only=True)
class RatioReading:
    """A share, ratio, change or comparison read from a phrase by :func:`parse_ratio`.

    Parameters
    ----------
    value : Range
        The ratios the phrase allows, in ``percent`` (a phrase in percent) or
        ``dimensionless``: the numerator over the denominator (a change: the new
        figure over the old).
    kind : str
        ``"share"`` (a part of a whole: ``70%``, ``a third``, ``one in four``),
        ``"ratio"`` (``3:1``, ``one for every three``), ``"change"`` (``rose 20%``)
        or ``"comparison"`` (``twice as many``).
    phrase : str
        The phrase as written.
    numerator, denominator : str or None
        The nouns the phrase names for the two sides (``killed`` and ``wounded`` in
        ``one killed for every three wounded``), or None where it names none.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a Range without a count unit, or ``kind`` is not a kind.

    Examples
    --------
    >>> from claimkit.claims._ratio_phrases import RatioReading
    >>> from claimkit.values.range import Range
    >>> RatioReading(value=Range(0.25, 0.35), kind="share", phrase="0.3").kind
    'share'
    """

    value: Range = attrs.field(validator=_check_value)
    kind: RatioKind = attrs.field(validator=_check_kind)
    phrase: str = attrs.field(validator=_check_phrase)
    numerator: str | None = attrs.field(default=None, validator=_check_noun)
    denominator: str | None = attrs.field(default=None, validator=_check_noun)


# --------------------------------------------------------------------------- vocabulary

_Ends = tuple[Fraction | None, Fraction | None, bool, bool]  # None: infinite

_UP: Final = (
    "rose", "risen", "rises", "rise", "increased", "increases", "grew", "grown", "climbed",
    "jumped", "up",
)  # fmt: skip
_DOWN: Final = (
    "fell", "fallen", "falls", "decreased", "decreases", "dropped", "declined", "down",
)  # fmt: skip
_CHANGES: Final = phrase_table(
    {
        **dict.fromkeys(_UP, "up"),
        **dict.fromkeys(_DOWN, "down"),
        **dict.fromkeys(("doubled", "tripled", "trebled", "quadrupled", "halved"), "times"),
    }
)
_MULTIPLIED: Final = {
    "doubled": Fraction(2), "tripled": Fraction(3), "trebled": Fraction(3),
    "quadrupled": Fraction(4),
}  # fmt: skip
_AMBIGUOUS: Final = phrase_table(  # True: "more", False: "fewer"
    {
        **dict.fromkeys(("more", "higher", "larger", "greater", "bigger"), True),
        **dict.fromkeys(("fewer", "less", "lower", "smaller"), False),
    }
)
_AS_MANY: Final = phrase_table(
    dict.fromkeys(("as many", "as much", "as large", "as high", "as great"), True)
)
_FOR_EVERY: Final = phrase_table(dict.fromkeys(("for every", "for each", "per"), True))
_IN: Final = phrase_table(dict.fromkeys(("in", "in every", "out of", "out of every"), True))
_ARTICLES: Final = phrase_table(dict.fromkeys(("the", "all", "all the", "all of the"), True))
_NUMBER_WORDS: Final = frozenset((*UNITS, *TEENS, *TENS, *DIGIT_SCALES, "zero", "a", "an", "half"))
_BE: Final = phrase_table(dict.fromkeys(("were", "are", "was", "is"), True))
_STOPS: Final = frozenset(("for", "per", "as", "or", "of", "in", "to", "were", "are", "was", "is"))
_TWENTIETH: Final = Fraction(1, 20)
_FORMS: Final = (
    "such as 'about 70%', 'a third', 'one in four', '3:1', 'one killed for every three "
    "wounded', 'twice as many', 'rose 20%' or 'halved'"
)


def _whole(num: Num) -> bool:
    return num.value.denominator == 1 and num.scale is None


# --------------------------------------------------------------------------- parser


class _RatioParser(_Parser):
    """The grammar of a share, ratio or change, on top of the hedge parser."""

    reads = "a share, a ratio or a change"

    def __init__(self, text: str, policy: HedgePolicy) -> None:
        super().__init__(text, "dimensionless", policy)
        self.percents: list[bool] = []  # whether each number read had a percent sign
        self.numerator: str | None = None
        self.denominator: str | None = None

    def ratio_mark(self) -> tuple[str, int] | None:
        return None  # the marks are what this reader reads

    def number(self, *, allow_and: bool) -> Num:
        """Read a figure and the percent sign or word after it, if any."""
        num = self.numeral(allow_and=allow_and)
        if num.value < 0:
            self.fail(
                "a share or a ratio of counts is not negative; write a fall as 'fell 5%' "
                "or 'down 5%'",
                num.start,
            )
        self.percents.append(self.take(PERCENT) is not None)
        return num

    # -- phrase

    def reading(self) -> tuple[Range, RatioKind]:
        """Read the whole phrase: the ratios it allows and its kind."""
        first = self.peek()
        if first is None:
            self.fail(f"expected a share, a ratio or a change, {_FORMS}")
        if first.text in ("[", "("):
            return self.interval_reading()
        hedge_at = self.position()
        hedge = self.take(_PREFIX_HEDGES)
        verb_at = self.position()
        verb = self.take(_CHANGES)
        if verb is not None:
            return self.change(verb, verb_at, hedge, hedge_at)
        quantity, kind = self.body()
        hedge, hedge_at = self.closing(hedge, hedge_at)
        if kind == "share":
            self.of_noun()
            hedge, hedge_at = self.closing(hedge, hedge_at)
            if self.take(_BE) is not None:  # "a third of the casualties were killed"
                self.numerator = self.noun_words()
                if self.numerator is None:
                    self.fail("expected what the part is, such as 'were killed'")
        self.end()
        unit = "percent" if self.percent() else "dimensionless"
        return _range(self.hedged(hedge, hedge_at, quantity), unit), kind

    def closing(self, hedge: _Hedge | None, at: int) -> tuple[_Hedge | None, int]:
        if hedge is not None:
            return hedge, at
        post_at, post = self.closing_hedge(None)
        return (None, at) if post is None else (post, post_at)

    def end(self) -> None:
        if self.peek() is not None:
            self.fail(f"unexpected text after the share, ratio or change; write one {_FORMS}")

    def percent(self) -> bool:
        """Say whether the figure is in percent; a range has the sign on both or the last."""
        if any(self.percents) and not self.percents[-1]:
            self.fail("a percent sign after the first number needs one after the last")
        return bool(self.percents) and self.percents[-1]

    def hedged(
        self, hedge: _Hedge | None, at: int, quantity: Num | _Span
    ) -> tuple[Fraction, Fraction | None, bool, bool]:
        """Apply the hedge; shares and ratios of counts are not negative."""
        lo, hi, lo_open, hi_open = self.apply(hedge, at, quantity)
        if hi is not None and (hi < 0 or (hi == 0 and hi_open)):
            self.fail("a share or a ratio of counts is not below 0", at)
        if lo is None or lo < 0:
            lo, lo_open = Fraction(0), False
        return lo, hi, lo_open, hi_open

    # -- the forms

    def body(self) -> tuple[Num | _Span, RatioKind]:
        start = self.position()
        fraction = self.take(FRACTION_WORDS)
        if fraction is not None:
            return self.worded(fraction, start), "comparison" if self.as_many() else "share"
        if self.at("twice"):
            self.i += 1
            return self.multiple(self.worded(Fraction(2), start))
        if self.at("between") or self.at("from"):
            span = self.quantity()
            return span, "share" if self.percent() else "ratio"
        first = self.number(allow_and=True)
        if self.percents[-1]:  # "70%", "20%-30%", "20% to 30%"
            if self.at("to") or self.at("-"):
                self.i += 1
                return self.finish_span(first), "share"
            return first, "share"
        if self.at(":"):
            self.i += 1
            return self.ratio(first, self.number(allow_and=True)), "ratio"
        if self.at("-", "to", "-"):  # "three-to-one"
            self.i += 3
            return self.ratio(first, self.number(allow_and=True)), "ratio"
        if self.at("to"):
            return self.to(first)
        if self.at("-"):
            self.i += 1
            span = self.finish_span(first)
            return span, "share" if self.percent() else "ratio"
        if self.take(_IN) is not None:  # "one in four", "one out of five"
            share = self.ratio(first, self.number(allow_and=True))
            if share.value > 1:
                self.fail(
                    f"in '{self.written(first)} in Y' the first number is a part of the "
                    "second, so it cannot be larger",
                    first.start,
                )
            self.denominator = self.noun_words()
            return share, "share"
        if self.at("times"):
            self.i += 1
            return self.multiple(self.worded(first.value, start))
        mark = self.i
        numerator = self.noun_words()
        if self.take(_FOR_EVERY) is not None:  # "one killed for every three wounded"
            self.numerator = numerator
            tok = self.peek()
            second = None
            if tok is not None and (tok.kind == "num" or tok.text in _NUMBER_WORDS):
                second = self.number(allow_and=True)
            self.denominator = self.noun_words()
            if second is None and self.denominator is None:
                self.fail("expected what the ratio is for every one of, such as 'three wounded'")
            one = Num(Fraction(1), 0, first.start, first.end)
            return self.ratio(first, one if second is None else second), "ratio"
        self.i = mark
        return first, "ratio"

    def worded(self, value: Fraction, start: int) -> Num:
        """Return a ratio in words, with the one precision of a ratio in words."""
        end = self.tokens[self.i - 1].end
        return Num(value, 0, start, end, half_width=min(_TWENTIETH, value / 2))

    def ratio(self, first: Num, second: Num) -> Num:
        if any(self.percents):
            self.fail("a ratio of two numbers takes no percent sign", first.start)
        if second.value == 0:
            self.fail("the second number of a ratio must be above 0", second.start)
        return self.worded(first.value / second.value, first.start)

    def to(self, first: Num) -> tuple[Num | _Span, RatioKind]:
        """Read ``X to Y``: a ratio of whole numbers, or a range of figures."""
        mark, count = self.i, len(self.percents)
        self.i += 1
        second = self.number(allow_and=True)
        if not self.percents[-1] and _whole(first) and _whole(second):
            x, y = first.value, second.value
            if x > y or 1 in (x, y):
                return self.ratio(first, second), "ratio"
            shown = f"{self.written(first)} to {self.written(second)}"
            self.fail(
                f"{shown!r} is the ratio {x}:{y} or the range from {x} to {y}; write "
                f"'{x}:{y}' for the ratio or 'between {x} and {y}' for a range",
                first.start,
            )
        self.i = mark + 1
        del self.percents[count:]
        span = self.finish_span(first)
        return span, "share" if self.percent() else "ratio"

    def multiple(self, times: Num) -> tuple[Num, RatioKind]:
        """Read what follows ``N times`` or ``twice``: a comparison."""
        at = self.position()
        more = self.take(_AMBIGUOUS)
        if more is not None:
            said, n = self.text[times.start : self.tokens[self.i - 1].end], float(times.value)
            self.fail(
                f"{said!r} is ambiguous: {n:g} times as many, or {n + 1:g} times as many "
                f"({n:g} times more added)? Write '{self.written(times)} as many'"
                if more
                else f"{said!r} is ambiguous: 1/{n:g} as many, or fewer than none? Write a "
                "fraction, such as 'a third as many'",
                at,
            )
        self.as_many()
        return times, "comparison"

    def as_many(self) -> bool:
        """Read ``as many [NOUN] [as NOUN]``, if it comes next."""
        if self.take(_AS_MANY) is None:
            return False
        self.numerator = self.noun_words()
        if self.at("as"):
            self.i += 1
            self.denominator = self.noun_words()
            if self.denominator is None:
                self.fail("expected what it is as many as, such as 'killed'")
        return True

    def of_noun(self) -> None:
        """Read ``of [the] NOUN`` after a share, if it comes next."""
        if not self.at("of"):
            return
        of_at = self.position()
        self.i += 1
        self.take(_ARTICLES)
        tok, after = self.peek(), self.peek(1)
        if tok is None:
            self.fail(
                "'of' needs what the share is of, such as '70% of casualties'; "
                "without a noun, drop 'of'",
                of_at,
            )
        if (
            tok.kind == "num"
            or tok.text in DIGIT_SCALES
            or (tok.text in ("a", "an") and after is not None and after.text in DIGIT_SCALES)
        ):
            self.fail(
                "a share of a number is a count, not a share; read it with parse_quantity() "
                "(such as parse_quantity('a quarter of a million')), or name what the share "
                "is of, such as '70% of casualties'",
                tok.start,
            )
        if self.denominator is not None:
            self.fail("the share already names what it is of", of_at)
        self.denominator = self.noun_words()
        if self.denominator is None:
            self.fail("'of' needs what the share is of, such as '70% of casualties'", of_at)

    def noun_words(self) -> str | None:
        """Read a noun of one or more words (``soldier killed``), or None."""
        self.take(_ARTICLES)
        words = []
        while (tok := self.peek()) is not None and tok.kind == "word" and tok.text not in _STOPS:
            if tok.text in _NUMBER_WORDS:
                self.fail(
                    f"{self.text[tok.start : tok.end]!r} is a number, not part of a noun; "
                    "a ratio phrase names what is counted, and its figures are claims of "
                    "their own",
                )
            words.append(self.text[tok.start : tok.end])
            self.i += 1
        return " ".join(words) or None

    # -- changes

    def change(
        self, verb: str, verb_at: int, hedge: _Hedge | None, hedge_at: int
    ) -> tuple[Range, RatioKind]:
        """Read a change after its verb: the ratio of the new figure to the old."""
        word = self.tokens[self.i - 1].text
        if verb == "times" and word in _MULTIPLIED:  # "doubled", "nearly tripled"
            quantity: Num | _Span = self.worded(_MULTIPLIED[word], verb_at)
            hedge, hedge_at = self.closing(hedge, hedge_at)
            self.end()
            return _range(self.hedged(hedge, hedge_at, quantity), "dimensionless"), "change"
        if verb == "times":  # "halved" is a fall by half; "more than halved" is below 0.5
            quantity, verb = self.worded(Fraction(1, 2), verb_at), "down"
        else:
            if hedge is not None:
                self.fail("put the hedge after the verb, such as 'rose by about 20%'", hedge_at)
            if self.at("by"):
                self.i += 1
            elif self.at("from") or self.at("to"):
                self.fail(
                    "'from X to Y' and 'to Y' state figures, not a change; write each figure "
                    "as a claim of its own, or the change as 'rose 20%' or 'fell by a third'"
                )
            hedge_at = self.position()
            hedge = self.take(_PREFIX_HEDGES)
            quantity = self.amount()
        hedge, hedge_at = self.closing(hedge, hedge_at)
        self.end()
        lo, hi, lo_open, hi_open = self.hedged(hedge, hedge_at, quantity)
        if self.percents and self.percents[-1]:
            lo, hi = lo / 100, None if hi is None else hi / 100
        if verb == "up":
            ends = (1 + lo, None if hi is None else 1 + hi, lo_open, hi_open)
            return _range(ends, "dimensionless"), "change"
        if 1 - lo < 0 or (1 - lo == 0 and lo_open):
            self.fail("a count cannot fall by more than all of it (100%)", hedge_at)
        if hi is None or hi >= 1:  # the new figure may be 0
            return _range((Fraction(0), 1 - lo, False, lo_open), "dimensionless"), "change"
        return _range((1 - hi, 1 - lo, hi_open, lo_open), "dimensionless"), "change"

    def amount(self) -> Num | _Span:
        """Read the size of a change: a percent, a range of percents or a fraction word."""
        start = self.position()
        fraction = self.take(FRACTION_WORDS)
        if fraction is not None:
            return self.worded(fraction, start)
        quantity = self.quantity()
        if self.at("percentage"):
            self.fail(
                "percentage points are the difference of two shares, not a change of one "
                "quantity; write the two shares as claims of their own",
            )
        if not self.percent():
            self.fail(
                "a change is a percent or a fraction, such as 'rose 20%' or 'fell by a third'",
                start,
            )
        return quantity

    # -- the interval notation

    def interval_reading(self) -> tuple[Range, RatioKind]:
        """Read ``[0.25, 0.35]`` or ``[65, 75] percent``, as ratio readings print."""
        if self.decimal_mark != ".":
            self.tokens = tokenize(self.text)  # the interval notation has a decimal point
        close = next((t for t in self.tokens if t.text in ("]", ")")), None)
        tail = "" if close is None else self.text[close.end :].strip()
        try:
            unit = units.normalize_unit(tail) if tail else "dimensionless"
        except UnitError:
            unit = "dimensionless"
        if unit != "percent":
            unit = "dimensionless"
        start = self.position()
        lo, hi, lo_open, hi_open = self.interval_ends(unit)
        if lo < 0:
            self.fail("a share or a ratio of counts is not negative", start)
        try:
            value = Range(lo, hi, unit, lo_open=lo_open, hi_open=hi_open)
        except ClaimkitError as err:
            self.fail(f"not an interval: {err}", start)
        return value, "share" if unit == "percent" else "ratio"


def _range(ends: _Ends, unit: str) -> Range:
    """Return the range of exact ends, rounded outward to floats (None: infinite)."""
    lo, hi, lo_open, hi_open = ends
    return Range(*outward(lo, hi), unit, lo_open=lo_open, hi_open=hi_open)


def parse_ratio(text: str, *, policy: HedgePolicy | None = None) -> RatioReading:
    """Read a share, ratio, change or comparison such as ``"about 70%"`` as a RatioReading.

    The phrases read, their precision and the ones refused are listed in
    :mod:`claimkit.claims._ratio_phrases`; every judgement call is a field of ``policy``,
    as for :func:`~claimkit.claims.hedges.parse_quantity`.

    Parameters
    ----------
    text : str
        One phrase: an optional hedge and a share (``70%``, ``a third``, ``one in
        four``), a ratio (``3:1``, ``one killed for every three wounded``), a
        comparison (``twice as many``) or a change (``rose 20%``, ``halved``). At
        most ``policy.max_length`` characters.
    policy : HedgePolicy, optional
        How to read bare figures, ``approximately`` and ``nearly``. The default is
        ``HedgePolicy()``.

    Returns
    -------
    RatioReading
        The ratios the phrase allows (in ``percent`` for a phrase in percent, else
        ``dimensionless``; ends rounded outward to floats), its kind, and the nouns it
        names for the numerator and the denominator.

    Raises
    ------
    PhraseError
        If the text cannot be read completely, or is ambiguous (``3 times more``):
        it quotes the text, and its ``position`` is the offset of the character
        where reading failed.
    InvalidArgumentError
        If ``policy`` is not a :class:`~claimkit.claims.hedges.HedgePolicy`.

    Examples
    --------
    >>> from claimkit.claims._ratio_phrases import parse_ratio
    >>> from claimkit.claims.hedges import HedgePolicy
    >>> print(parse_ratio("over 70 percent of casualties").value)
    (70, inf) percent
    >>> parse_ratio("over 70 percent of casualties").denominator
    'casualties'
    >>> print(parse_ratio("a third").value)
    [0.2833333333333333, 0.38333333333333336]
    >>> print(parse_ratio("a third", policy=HedgePolicy(rounding="exact")).value)
    [0.3333333333333333, 0.33333333333333337]
    >>> reading = parse_ratio("twice as many wounded as killed")
    >>> print(reading.kind, reading.value, reading.numerator, reading.denominator)
    comparison [1.95, 2.0500000000000003] wounded killed
    >>> print(parse_ratio("fell by a third").value)
    [0.6166666666666666, 0.7166666666666667]
    >>> parse_ratio("three times more")
    Traceback (most recent call last):
    ...
    claimkit.errors.PhraseError: cannot read 'three times more' as a share, a ratio or a ...
        three times more
                    ^
    """
    policy = _checked(text, policy, "parse_ratio")
    parser = _RatioParser(text, policy)
    value, kind = parser.reading()
    return RatioReading(
        value=value,
        kind=kind,
        phrase=text,
        numerator=parser.numerator,
        denominator=parser.denominator,
    )
