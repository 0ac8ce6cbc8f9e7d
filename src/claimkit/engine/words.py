"""Local findings in words: their public kinds and the relations they test.

The words of many findings are written at once: each distinct span and quantity is
written once, numpy gathers them for the findings of two and three claims (the same
quantity, a total and a sub-period, three totals that add up), and one format per
finding puts them together, so that the words of a million findings take a fraction
of a second.

>>> from datetime import date
>>> import numpy as np
>>> import claimkit as ck
>>> from claimkit.engine.findings import generate
>>> from claimkit.engine.model import build_with_info
>>> from claimkit.engine.words import relations
>>> nov = ck.Period.month(2024, 11)
>>> a = ck.Claim(id="a", measure="killed", subject="x", period=nov,
...              value=ck.Range(100, 300, "person"))
>>> b = a.replace(id="b", period=ck.Period(date(2024, 11, 1), date(2024, 11, 15)))
>>> claims = ck.ClaimSet([a, b])
>>> _, info, _ = build_with_info(claims)
>>> words = relations(generate(claims, info), np.array([0]), info)[0]
>>> for part in words.split(" is at least "):
...     print(part)
killed of x: the total over [2024-11-01, 2024-12-01)
the total over [2024-11-01, 2024-11-15) inside it (counts cannot decrease)
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.findings import ADDITIVE, KINDS, NESTED, PARTS, SAME, TILED, Locals
from claimkit.engine.matrix import concat_ranges, group_sum, runs, take_ragged
from claimkit.engine.model import ClaimInfo

__all__ = [
    "KIND_NAMES",
    "Phrases",
    "coded",
    "kind_codes",
    "kind_names",
    "relation_phrases",
    "relations",
]

Ints = NDArray[np.int64]
Objects = NDArray[np.object_]

#: A tiling of more sub-periods than this is described by its first and last ones.
_TILES_NAMED = 6


#: Dates as ordinals fit in this many bits (the year 9999 ends before 2**22).
_DAY_BITS = 22


def _distinct(keys: Ints) -> tuple[Ints, Ints]:
    """Return the distinct keys, sorted, and each key's place among them.

    Sorting the keys themselves and searching them is several times faster than
    ``np.unique(return_inverse=True)``.
    """
    ordered = np.sort(keys)
    distinct = ordered[np.diff(ordered, prepend=ordered[:1] - 1) != 0]
    return distinct, np.searchsorted(distinct, keys).astype(np.int64)


def _spans_words(info: ClaimInfo, claims: Ints) -> tuple[list[str], Ints]:
    """Return the distinct spans of claims in words, ``[2024-11-01, 2024-12-01)``, and each's."""
    distinct, inverse = _distinct((info.span_start[claims] << _DAY_BITS) | info.span_end[claims])
    day = datetime.date.fromordinal
    mask = (1 << _DAY_BITS) - 1
    words = [f"[{day(k >> _DAY_BITS)}, {day(k & mask)})" for k in distinct.tolist()]
    return words, inverse


def _pairs_words(info: ClaimInfo, claims: Ints) -> tuple[list[str], Ints]:
    """Return the distinct quantities of claims in words, ``killed of x``, and each's."""
    distinct, inverse = _distinct(info.pair_id[claims])
    pairs = info.pairs
    return [f"{pairs[p][0]} of {pairs[p][1]}" for p in distinct.tolist()], inverse


#: The public kinds of local findings by their codes, ``rate-vs-total`` last (a
#: nested or additive finding on a rate).
KIND_NAMES: tuple[str, ...] = (*KINDS, "rate-vs-total")


def kind_names(locals_: Locals, ks: Ints, info: ClaimInfo) -> NDArray[np.object_]:
    """Return the public kinds of findings ``ks`` (``rate-vs-total`` when a rate is involved)."""
    found: NDArray[np.object_] = np.array(KIND_NAMES, dtype=np.object_)[
        kind_codes(locals_, ks, info)
    ]
    return found


def coded(
    **columns: tuple[NDArray[np.integer[Any]], Sequence[str]],
) -> dict[str, tuple[Ints, Objects]]:
    """Return columns given as codes into names as codes into their distinct names.

    Names given twice (two kinds of finding of one public name) become one: each
    column comes back as codes and an object array of names, each name once, with
    the same texts (``names[codes]``).

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.words import coded
    >>> codes, names = coded(kind=(np.array([1, 0, 2]), ("same", "sum", "sum")))["kind"]
    >>> codes.tolist(), names.tolist()
    ([1, 0, 1], ['same', 'sum'])
    """
    found: dict[str, tuple[Ints, Objects]] = {}
    for name, (codes, of) in columns.items():
        place = {text: k for k, text in enumerate(dict.fromkeys(of))}
        names = np.empty(len(place), dtype=np.object_)
        names[:] = list(place)
        once = np.array([place[text] for text in of], dtype=np.int64)
        found[name] = (once[np.asarray(codes, dtype=np.int64)], names)
    return found


def first_seen(codes: Ints) -> Ints:
    """Return where each distinct code of ``codes`` first appears, in order.

    Read from the runs of equal codes (the findings of a kind or unit mostly come
    together), without a sort of every code.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.words import first_seen
    >>> first_seen(np.array([2, 2, 0, 2, 1, 0])).tolist()
    [0, 2, 4]
    """
    _, starts, _ = runs(codes)
    found: Ints = np.sort(starts[np.unique(codes[starts], return_index=True)[1]])
    return found


def kind_codes(locals_: Locals, ks: Ints, info: ClaimInfo) -> Ints:
    """Return the public kinds of findings ``ks`` as codes into :data:`KIND_NAMES`."""
    ptr, gather = take_ragged(locals_.ptr, ks)
    terms = locals_.claims[gather]
    term_finding = np.repeat(np.arange(ks.shape[0], dtype=np.int64), np.diff(ptr))
    with_rate = group_sum(term_finding, info.is_rate[terms], ks.shape[0]) > 0
    kind = locals_.kind[ks]
    rated = ((kind == NESTED) | (kind == ADDITIVE)) & with_rate
    return np.where(rated, len(KINDS), kind).astype(np.int64)


@attrs.frozen(eq=False)
class Phrases:
    """Texts made of pieces: text ``k`` joins ``words[codes[k, 0]]``, ``words[codes[k, 1]]``...

    ``words`` holds the pieces (an array of strings, of objects or of
    :data:`~claimkit.engine.columns.STRINGS`; ``words[0]`` is ``""``, which pads a
    text of fewer pieces), ``codes`` a row per text and a column per
    piece. Texts of many findings share most of their pieces (a quantity, a span, a
    figure and the words between them), so they are kept as codes and written out
    all at once: as Python strings by :meth:`texts`, or a column of pieces at a time
    into Arrow by :func:`claimkit.tables.findings_frame`.

    Examples
    --------
    >>> import numpy as np
    >>> from claimkit.engine.words import Phrases
    >>> words = np.array(["", "a", " and ", "b"], dtype=object)
    >>> both = Phrases(words, np.array([[1, 2, 3], [3, 0, 0]]))
    >>> both.then(Phrases.of(["c"])).texts().tolist()
    ['a and b', 'b', 'c']
    """

    words: Objects
    codes: Ints

    @property
    def n(self) -> int:
        """The number of texts."""
        return int(self.codes.shape[0])

    @classmethod
    def of(cls, texts: Sequence[str] | Objects) -> Phrases:
        """Return texts given whole, each its own piece."""
        items = np.asarray(texts, dtype=np.object_).reshape(-1)
        words = np.empty(items.shape[0] + 1, dtype=np.object_)
        words[0] = ""
        words[1:] = items
        return cls(words, np.arange(1, words.shape[0], dtype=np.int64).reshape(-1, 1))

    def texts(self) -> Objects:
        """Return the texts as Python strings (an object array)."""
        # Variable-width strings are made Python strings once each, not per use.
        words = self.words if self.words.dtype == np.object_ else self.words.astype(np.object_)
        pieces = words[self.codes]
        if pieces.shape[1] == 1:
            return pieces[:, 0].copy()
        return np.fromiter(map("".join, pieces.tolist()), dtype=np.object_, count=self.n)

    def take(self, rows: Ints) -> Phrases:
        """Return texts ``rows``, in that order."""
        return Phrases(self.words, self.codes[rows])

    def then(self, other: Phrases) -> Phrases:
        """Return these texts followed by ``other``'s."""
        width = max(self.codes.shape[1], other.codes.shape[1])
        codes = np.zeros((self.n + other.n, width), dtype=np.int64)
        codes[: self.n, : self.codes.shape[1]] = self.codes
        codes[self.n :, : other.codes.shape[1]] = other.codes + self.words.shape[0]
        return Phrases(np.concatenate([self.words, other.words]), codes)


#: A finding's quantity in the pieces of ``_FORMS`` (an int ``j >= 0`` is the span
#: of its claim ``j``).
_WHAT = -1
#: The words of the findings of two and three claims, piece by piece: each piece
#: their quantity or a span, with the words said before and after it.
_FORMS: dict[int, tuple[tuple[str, int, str], ...]] = {
    SAME: (("same quantity: ", _WHAT, " over "), ("", 0, "")),
    NESTED: (("", _WHAT, ": the total over "), ("", 0, " is at least the total over "),
             ("", 1, " inside it (counts cannot decrease)")),
    ADDITIVE: (("", _WHAT, ": the total over "), ("", 1, " minus the total over "),
               ("", 2, " equals the total over "), ("", 0, "")),
}  # fmt: skip


def relations(locals_: Locals, ks: Ints, info: ClaimInfo) -> Objects:
    """Return the relations that findings ``ks`` test, in words (an array of strings)."""
    return relation_phrases(locals_, ks, info).texts()


def relation_phrases(locals_: Locals, ks: Ints, info: ClaimInfo) -> Phrases:
    """Return the relations that findings ``ks`` test, as :class:`Phrases`.

    The findings of two and three claims are put together from the pieces of their
    kind's form (``_FORMS``): their quantity and their claims' spans, each
    distinct one written once with the words around it, so that a million findings
    take a fraction of a second in a few pieces each. Tilings and part sums, of any
    number of claims, are written whole.
    """
    ptr = locals_.ptr
    first = ptr[ks]
    width = ptr[ks + 1] - first
    kind = locals_.kind[ks]
    # Each finding's quantity (its first claim's) and its first three claims' spans
    # (from ``at``), as codes into the words.
    whats, what = _pairs_words(info, locals_.claims[first])
    named = np.minimum(width, 3)
    spans, span = _spans_words(info, locals_.claims[concat_ranges(first, named)])
    at = np.cumsum(named) - named
    codes = np.zeros((ks.shape[0], max(map(len, _FORMS.values()))), dtype=np.int64)
    words: list[str] = [""]
    # Where each quantity or span with the words around it starts among the words.
    said: dict[tuple[str, bool, str], int] = {}
    for code, form in _FORMS.items():
        rows = np.flatnonzero(kind == code)
        for j, (before, piece, after) in enumerate(form if rows.shape[0] else ()):
            texts, index = (
                (whats, what[rows]) if piece == _WHAT else (spans, span[at[rows] + piece])
            )
            key = (before, piece == _WHAT, after)
            if key not in said:
                said[key] = len(words)
                words.extend(f"{before}{text}{after}" for text in texts)
            codes[rows, j] = said[key] + index
    many = np.flatnonzero((kind == TILED) | (kind == PARTS))
    whole: list[str] = []
    if many.shape[0]:
        terms = locals_.claims[concat_ranges(first[many], width[many])]
        spans_of, span_of = _spans_words(info, terms)
        whats_of, what_of = _pairs_words(info, terms)
        spans_of_terms = np.array(spans_of or [""], dtype=np.object_)[span_of].tolist()
        whats_of_terms = np.array(whats_of or [""], dtype=np.object_)[what_of].tolist()
        ends = np.cumsum(width[many]).tolist()
        for j, k, end in zip(many.tolist(), ks[many].tolist(), ends, strict=True):
            begin = end - int(width[j])
            whole.append(
                _relation_of_many(
                    locals_, int(k), spans_of_terms[begin:end], whats_of_terms[begin:end]
                )
            )
        codes[many, 0] = len(words) + np.arange(many.shape[0])
    table = np.empty(len(words) + len(whole), dtype=np.object_)
    table[:] = [*words, *whole]
    return Phrases(table, codes)


def _relation_of_many(locals_: Locals, k: int, spans: list[str], what: list[str]) -> str:
    """Return the words of a tiling or a part-sum finding (any number of claims).

    ``spans`` and ``what`` are its claims' spans and quantities in words.
    """
    if int(locals_.kind[k]) == TILED:
        tiles = spans[1:]
        if len(tiles) > _TILES_NAMED:
            tiles = [*tiles[:2], "...", tiles[-1]]
        return (
            f"{what[0]}: the total over {spans[0]} equals the sum of the totals "
            f"over its {len(spans) - 1} consecutive sub-periods {', '.join(tiles)}"
        )
    names = " + ".join(what[1:])
    if float(locals_.rel_hi[k]) == 0.0:
        return f"{what[0]} = {names} over {spans[0]}"
    return (
        f"{what[0]} over {spans[0]} is at least {names} "
        "(not every part is stated for the whole period)"
    )
