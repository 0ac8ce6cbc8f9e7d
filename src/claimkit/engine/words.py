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

import numpy as np
from numpy.typing import NDArray

from claimkit.engine.findings import ADDITIVE, KINDS, NESTED, PARTS, SAME, TILED, Locals
from claimkit.engine.matrix import concat_ranges, group_sum
from claimkit.engine.model import ClaimInfo

__all__ = ["kind_names", "relations"]

Ints = NDArray[np.int64]

#: A tiling of more sub-periods than this is described by its first and last ones.
_TILES_NAMED = 6


#: Dates as ordinals fit in this many bits (the year 9999 ends before 2**22).
_DAY_BITS = 22


def _spans_words(info: ClaimInfo, claims: Ints) -> NDArray[np.object_]:
    """Return the span of each claim in words, ``[2024-11-01, 2024-12-01)``."""
    key = (info.span_start[claims] << _DAY_BITS) | info.span_end[claims]
    # The few distinct spans, and each claim's among them: sorting the keys themselves
    # and searching them is several times faster than np.unique(return_inverse=True).
    ordered = np.sort(key)
    distinct = ordered[np.diff(ordered, prepend=ordered[:1] - 1) != 0]
    inverse = np.searchsorted(distinct, key)
    day = datetime.date.fromordinal
    mask = (1 << _DAY_BITS) - 1
    words = np.array(
        [f"[{day(k >> _DAY_BITS)}, {day(k & mask)})" for k in distinct.tolist()] or [""],
        dtype=np.object_,
    )
    found: NDArray[np.object_] = words[inverse.reshape(-1)]
    return found


def _pairs_words(info: ClaimInfo, claims: Ints) -> NDArray[np.object_]:
    """Return the quantity of each claim in words, ``killed of x`` (each distinct one once)."""
    distinct, inverse = np.unique(info.pair_id[claims], return_inverse=True)
    pairs = info.pairs
    words = np.array(
        [f"{pairs[p][0]} of {pairs[p][1]}" for p in distinct.tolist()] or [""], dtype=np.object_
    )
    found: NDArray[np.object_] = words[inverse.reshape(-1)]
    return found


def kind_names(locals_: Locals, ks: Ints, info: ClaimInfo) -> NDArray[np.object_]:
    """Return the public kinds of findings ``ks`` (``rate-vs-total`` when a rate is involved)."""
    counts = np.diff(locals_.ptr)[ks]
    terms = locals_.claims[concat_ranges(locals_.ptr[ks], counts)]
    term_finding = np.repeat(np.arange(ks.shape[0], dtype=np.int64), counts)
    with_rate = group_sum(term_finding, info.is_rate[terms], ks.shape[0]) > 0
    kind = locals_.kind[ks]
    names = np.array([*KINDS, "rate-vs-total"], dtype=np.object_)
    rated = ((kind == NESTED) | (kind == ADDITIVE)) & with_rate
    found: NDArray[np.object_] = names[np.where(rated, len(KINDS), kind)]
    return found


def relations(locals_: Locals, ks: Ints, info: ClaimInfo) -> NDArray[np.object_]:
    """Return the relations that findings ``ks`` test, in words (an array of strings).

    The findings of two and three claims (one kind at a time) are written by one
    format each, from their claims' quantities and spans in words gathered with
    numpy, so that a million findings take a fraction of a second.
    """
    ptr = locals_.ptr
    first = ptr[ks]
    width = ptr[ks + 1] - first
    kind = locals_.kind[ks]
    # Each finding's quantity (its first claim's) and its first three claims' spans
    # (from ``at``) in words.
    what = _pairs_words(info, locals_.claims[first])
    named = np.minimum(width, 3)
    span = _spans_words(info, locals_.claims[concat_ranges(first, named)])
    at = np.cumsum(named) - named
    out = np.empty(ks.shape[0], dtype=np.object_)

    def of_kind(code: int, *offsets: int) -> tuple[Ints, list[object], list[list[object]]]:
        """Return the findings of one kind, their quantity and their claims' spans."""
        rows = np.flatnonzero(kind == code)
        return rows, what[rows].tolist(), [span[at[rows] + k].tolist() for k in offsets]

    rows, whats, (spans,) = of_kind(SAME, 0)
    out[rows] = [f"same quantity: {w} over {s}" for w, s in zip(whats, spans, strict=True)]
    rows, whats, (whole, part) = of_kind(NESTED, 0, 1)
    out[rows] = [
        f"{w}: the total over {s} is at least the total over {p} inside it (counts cannot decrease)"
        for w, s, p in zip(whats, whole, part, strict=True)
    ]
    rows, whats, (total, longer, shorter) = of_kind(ADDITIVE, 0, 1, 2)
    out[rows] = [
        f"{w}: the total over {a} minus the total over {b} equals the total over {s}"
        for w, s, a, b in zip(whats, total, longer, shorter, strict=True)
    ]
    many = np.flatnonzero((kind == TILED) | (kind == PARTS))
    if many.shape[0]:
        terms = locals_.claims[concat_ranges(first[many], width[many])]
        spans_of = _spans_words(info, terms).tolist()
        whats_of = _pairs_words(info, terms).tolist()
        ends = np.cumsum(width[many]).tolist()
        for j, k, end in zip(many.tolist(), ks[many].tolist(), ends, strict=True):
            begin = end - int(width[j])
            out[j] = _relation_of_many(locals_, int(k), spans_of[begin:end], whats_of[begin:end])
    return out


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
