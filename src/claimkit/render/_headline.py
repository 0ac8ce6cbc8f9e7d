"""Headlines: one or two sentences a reader can quote, made from a result's findings.

Nothing here knows an example: a headline names the claims of the findings it
features by their sources and their figures as stated, and says what the findings
say (the claims overlap in this range, miss each other by that much).

Which finding a report's headline features: conflicts before tensions before
consistent groups; within a verdict, a finding about one quantity stated by
several sources first (the disagreement a reader sees without a model), then the
smallest margin. When the tightest finding is another one, a second sentence names
it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from claimkit.errors import ClaimkitError
from claimkit.reconciliation.results import Reconciliation
from claimkit.render._common import counted, decimals_of, figure, figures, is_count_unit, shown
from claimkit.values.units import plural

if TYPE_CHECKING:
    from claimkit.claims.claim import Claim
    from claimkit.claims.claimset import ClaimSet
    from claimkit.engine.report import Finding, Report
    from claimkit.reconciliation.results import Measurement, SetReconciliation
    from claimkit.values.range import Range

__all__ = [
    "amount",
    "amount_words",
    "amounts",
    "claim_decimals",
    "describe",
    "groups_sentence",
    "overlap",
    "overlap_of",
    "reconciliation_headline",
    "report_headline",
    "shifted",
]

_SEVERITY = {"conflict": 0, "tension": 1, "consistent": 2}

#: How the ranges of claims about one quantity relate, by a reconciliation's status.
_STATES = {
    "agree": "agree (one lies inside all the others)",
    "overlap": "overlap",
    "disjoint": "share no value",
}

#: How a finding's claims are tied, in words, by the finding's kind.
KIND_WORDS = {
    "same-quantity": "as statements of one figure",
    "part-sum": "as parts and their total",
    "monotone": "as a total and a total over part of its period",
    "time-additivity": "as totals over adjoining periods",
    "rate-vs-total": "as a rate and a total",
    "conflict-set": "together",
}


def claim_decimals(claimset: ClaimSet) -> int:
    """Return the decimals the claims were given in (what renderings show)."""
    return decimals_of(x for c in claimset for x in (c.value.lo, c.value.hi))


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _stated(claim: Claim, decimals: int) -> str:
    if claim.phrase:
        return claim.phrase
    return _between(claim.value, decimals)


def _named(claims: list[Claim], decimals: int) -> str:
    """Name claims by source and figure: ``Mark Rutte's approximately 700,000``."""
    quantities = {(c.measure, c.subject) for c in claims}
    subjects = {c.subject for c in claims}

    def figure_of(c: Claim) -> str:
        text = _stated(c, decimals)
        if len(quantities) > 1:
            what = c.measure if len(subjects) == 1 else f"{c.measure} of {c.subject}"
            text += f" ({what})"
        return text

    by_source: dict[str, list[str]] = {}
    loose: list[str] = []
    for c in claims:
        if c.source is None:
            loose.append(f"{figure_of(c)} (claim {c.id})")
        else:
            by_source.setdefault(c.source.name, []).append(figure_of(c))
    parts = [f"{name}'s {_join(figures)}" for name, figures in by_source.items()]
    return _join(parts + loose)


def _between(r: Range, decimals: int) -> str:
    places = 0 if is_count_unit(r.unit) else decimals
    s = shown(r, decimals)
    if s.hi == float("inf"):
        return ("over " if s.lo_open else "at least ") + figure(s.lo, places)
    lo = ("just over " if s.lo_open else "") + figure(s.lo, places)
    hi = ("just under " if s.hi_open else "") + figure(s.hi, places)
    return lo if s.lo == s.hi else f"{lo} to {hi}"


def overlap(claims: list[Claim]) -> Range | None:
    """Return the values all the claims allow, in the first claim's unit, if they can say."""
    return overlap_of([c.value for c in claims])


def overlap_of(values: list[Range]) -> Range | None:
    """Return the values all the ranges allow, in the first range's unit, if they can say."""
    try:
        common = values[0]
        for value in values[1:]:
            common = common.intersection(value.to(common.unit))
    except ClaimkitError:
        return None
    return None if common.is_empty else common


def amount(x: float, unit: str, decimals: int) -> str:
    return amounts([x], unit, decimals)[0]


def amounts(xs: Iterable[float], unit: str, decimals: int) -> list[str]:
    """Return figures in one unit as a reader says them: ``1,200 people``, ``1 person``.

    Examples
    --------
    >>> from claimkit.render._headline import amounts
    >>> amounts([1200.0, 1.0, 1.3], "person", 2), amounts([2.5], "person / week", 2)
    (['1,200 people', '1 person', '1 person'], ['2.5 person / week'])
    """
    count = is_count_unit(unit)
    places = 0 if count else decimals
    many = plural(unit) if count else unit
    texts = [figure(x, places) for x in xs]
    return [f"{text} {unit if text == '1' else many}" for text in texts]


def amount_words(xs: ArrayLike, unit: str, decimals: int) -> tuple[list[str], NDArray[np.intp]]:
    """Return :func:`amounts` of many figures as distinct words and which each says.

    ``amount_words(xs, unit, d)`` returns ``(words, index)`` with ``words[index[k]]
    == amounts(xs, unit, d)[k]``; each figure shown is written once (see
    :func:`~claimkit.render._common.figures`), so that a million take a fraction of a
    second.

    Examples
    --------
    >>> from claimkit.render._headline import amount_words
    >>> words, index = amount_words([1200.0, 1.0, 1200.2, 0.8], "person", 2)
    >>> [words[k] for k in index]
    ['1,200 people', '1 person', '1,200 people', '1 person']
    """
    values = np.asarray(xs, dtype=np.float64).reshape(-1)
    count = is_count_unit(unit)
    texts, index = figures(values, 0 if count else decimals)
    many = plural(unit) if count else unit
    # A figure written as one takes the unit's singular.
    words = [f"{text} {unit if text == '1' else many}" for text in texts]
    return words, index


def describe(f: Finding, claimset: ClaimSet, decimals: int) -> str:
    """Return what one finding says, naming its claims by source and figure."""
    claims = [claimset[cid] for cid in f.claims if cid in claimset]
    names = _named(claims, decimals)
    tie = KIND_WORDS.get(f.kind, f"as {f.kind.replace('-', ' ')}")
    if f.verdict == "conflict":
        if f.touching:
            return f"{names} meet only at an end that one of them excludes"
        other = "each other" if len(claims) == 2 else "one another"
        return (
            f"{names} miss {other} by {amount(-f.margin_abs, f.unit, decimals)} "
            f"(each would have to be {_wider(f.stretch)} wider)"
        )
    common = overlap(claims) if f.kind == "same-quantity" else None
    if common is not None:
        return f"{names} overlap in {_between(common, decimals)}"
    if f.margin_abs == float("inf"):
        return f"{names} fit {tie} with room to spare"
    return f"{names} fit {tie} with only {amount(f.margin_abs, f.unit, decimals)} to spare"


def _wider(stretch: float) -> str:
    """Return how much wider claims must be, as a percentage that is never "0.0%".

    Examples
    --------
    >>> from claimkit.render._headline import _wider
    >>> [_wider(x) for x in (0.034, 0.0004, 0.000004, 2.5)]
    ['3.4%', '0.04%', '0.0004%', '250.0%']
    """
    if 0.0 < stretch < 0.00095:  # would print as 0.0%: one significant digit instead
        return f"{stretch * 100:.1g}%"
    return f"{stretch:.1%}"


def _rank(f: Finding) -> tuple[int, int, float]:
    return (_SEVERITY.get(f.verdict, 3), f.kind != "same-quantity", abs(f.margin))


#: How many groups have each verdict, in words (one group, several).
_GROUP_WORDS = (
    ("conflict", "conflicts", "conflict"),
    ("tension", "agrees only just", "agree only just"),
    ("consistent", "agrees", "agree"),
)


def groups_sentence(report: Report) -> str:
    """Return how many independent groups agree, agree only just or conflict.

    Empty for a report of fewer than two groups, whose headline says it already.
    """
    if report.components < 2:
        return ""
    groups = report.groups
    parts = []
    for verdict, one, many in _GROUP_WORDS:
        n = sum(g.verdict == verdict for g in groups)
        if n:
            parts.append(f"{n:,} {one if n == 1 else many}")
    return f"Of the {len(groups):,} independent groups of claims, {_join(parts)}."


def report_headline(report: Report) -> str:
    """Return the headline of a report: what the claims do together, and the worst case.

    Its first sentence says whether the claims agree, agree only just or conflict;
    with more than one independent group, the next says how many groups do which.
    """
    claimset = report.claimset
    n = len(claimset)
    if n == 0:
        return "There are no claims to check."
    decimals = claim_decimals(claimset)
    findings = list(report.findings)
    counts = report.counts()
    everyone = "The claim" if n == 1 else f"The {n:,} claims"
    if not findings:
        return (
            f"{everyone} can all hold; no two of them bear on each other, so nothing was tested."
            if n > 1
            else f"{everyone} holds; there is nothing to test it against."
        )
    featured = min(findings, key=_rank)
    tightest = min(findings, key=lambda f: (_SEVERITY.get(f.verdict, 3), abs(f.margin)))
    if counts["conflict"]:
        involved = {cid for f in report.conflicts for cid in f.claims}
        first = (
            f"{len(involved):,} of {n:,} claims cannot all be true "
            f"({counted(counts['conflict'], 'check')} "
            f"{'fails' if counts['conflict'] == 1 else 'fail'}): "
            f"{describe(featured, claimset, decimals)}."
        )
    elif counts["tension"]:
        first = (
            f"{everyone} agree, but only just "
            f"({counts['tension']:,} of {len(findings):,} checks are tight): "
            f"{describe(featured, claimset, decimals)}."
        )
    else:
        margin = min(f.margin for f in findings)
        first = (
            f"{everyone} agree with room to spare: in every one of the {len(findings):,} "
            f"checks they could all be {margin:.0%} narrower and still hold."
        )
    sentences = [first, groups_sentence(report)]
    tight = counts["conflict"] or counts["tension"]
    if tight and set(tightest.claims) != set(featured.claims):
        sentences.append(f"Tightest: {describe(tightest, claimset, decimals)}.")
    return " ".join(s for s in sentences if s)


def shifted(measurements: Iterable[Measurement]) -> list[Measurement]:
    """Return the measurements that least squares moved (by more than solver noise)."""
    return [m for m in measurements if abs(m.reconciled - m.value) > 1e-6 * max(m.sd, 1e-300)]


def reconciliation_headline(r: Reconciliation | SetReconciliation) -> str:
    """Return the headline of a reconciliation: what moved, by how much, and the result."""
    n = len(r.adjustments)
    moved = [a for a in r.adjustments if a.moved]
    decimals = decimals_of(x for a in r.adjustments for x in (a.original.lo, a.original.hi))
    if isinstance(r, Reconciliation):
        one = r
        value = _between(one.value, decimals) + f" {one.value.unit}"
        state = _STATES.get(one.status, one.status)
        opening = f"The {counted(n, 'claim')} about {one.measure} of {one.subject} {state}"
        if one.value.is_empty:
            return f"{opening}; {one.method} gives no value."
        if one.estimate is not None:
            return (
                f"{opening}; read as measurements ({one.method}) they give {value} "
                f"({one.level:.0%} interval)."
            )
        if moved:
            worst = max(moved, key=lambda a: a.stretch)
            return (
                f"{opening}; they meet once {counted(len(moved), 'claim')} "
                f"{'widens' if len(moved) == 1 else 'widen'} ({worst.claim} by "
                f"{worst.stretch:.2%}, the most): {value}."
            )
        return f"{opening}; {one.method} gives {value}."
    whole = r
    if whole.method == "least_squares":
        moves = shifted(whole.measurements)
        text = (
            f"Least squares moves {len(moves):,} of {counted(len(whole.measurements), 'figure')} "
            "to the nearest values that fit together"
        )
        if whole.p_value is not None and whole.dof:
            fits = whole.level is None or whole.p_value >= 1 - whole.level
            text += (
                "; the figures are compatible with measurement error alone"
                if fits
                else "; the figures differ by more than measurement error explains"
            )
        if whole.suspect is not None:
            text += f"; the figure most likely in gross error is claim {whole.suspect}'s"
        return text + "."
    state = "hold together" if whole.consistent else "still do not hold together"
    if not moved:
        return f"The {counted(n, 'claim')} {state} without moving any of them."
    names = _join([a.claim for a in moved])
    return (
        f"{counted(len(moved), 'claim')} of {n:,} had to move ({names}); "
        f"the reconciled claims {state}."
    )
