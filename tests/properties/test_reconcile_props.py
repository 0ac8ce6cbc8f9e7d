"""Property tests for claimkit.reconciliation (hypothesis)."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from fractions import Fraction
from functools import reduce

from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.reconciliation import reconcile
from claimkit.reconciliation.one import end_scales

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))

# -- local strategies -------------------------------------------------------------------

_ends = st.one_of(
    st.integers(min_value=-2_000_000, max_value=2_000_000).map(float),
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False),
)


@st.composite
def ranges(draw: st.DrawFn, *, bounded: bool = False) -> ck.Range:
    """Non-empty ranges in person: closed, open or unbounded ends; shrink toward [0, 0]."""
    a, b = sorted((draw(_ends), draw(_ends)))
    lo_open = hi_open = False
    if a < b:
        lo_open, hi_open = draw(st.booleans()), draw(st.booleans())
    if not bounded:
        if draw(st.integers(0, 5)) == 0:
            a = -math.inf
        if draw(st.integers(0, 5)) == 0:
            b = math.inf
    return ck.Range(a, b, "person", lo_open=lo_open, hi_open=hi_open)


weights = st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.0, 10.0])


@st.composite
def claim_lists(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 6, bounded: bool = False
) -> list[ck.Claim]:
    """Claims about one quantity, with distinct ids and sources of assorted weights."""
    values = draw(st.lists(ranges(bounded=bounded), min_size=min_size, max_size=max_size))
    ids = draw(
        st.lists(
            st.text("abcxyz", min_size=1, max_size=3),
            min_size=len(values),
            max_size=len(values),
            unique=True,
        )
    )
    return [
        ck.Claim(
            id=claim_id,
            measure="casualties",
            subject="russia",
            period=WAR,
            kind="total",
            value=value,
            source=ck.Source(f"S {claim_id}", weight=draw(weights)),
        )
        for claim_id, value in zip(ids, values, strict=True)
    ]


def _widened(claim: ck.Claim, eps: Fraction) -> tuple[Fraction | float, Fraction | float]:
    """A claim's exact ends stretched by eps (infinite ends stay)."""
    lo_scale, hi_scale = end_scales(claim.value)
    w = Fraction(claim.source.weight if claim.source else 1.0)
    v = claim.value
    lo = Fraction(v.lo) - eps * Fraction(lo_scale) / w if math.isfinite(v.lo) else v.lo
    hi = Fraction(v.hi) + eps * Fraction(hi_scale) / w if math.isfinite(v.hi) else v.hi
    return lo, hi


def _meet(claims: list[ck.Claim], eps: Fraction) -> bool:
    """Whether the closures of the stretched ranges share a point (exactly)."""
    ends = [_widened(c, eps) for c in claims]
    return max(lo for lo, _ in ends) <= min(hi for _, hi in ends)


# -- stretch -----------------------------------------------------------------------------


@given(claim_lists())
def test_stretched_ranges_meet(claims: list[ck.Claim]) -> None:
    result = reconcile(claims, "stretch")
    assert result.stretch is not None
    assert _meet(claims, Fraction(result.stretch))


@given(claim_lists())
def test_no_smaller_stretch_makes_the_ranges_meet(claims: list[ck.Claim]) -> None:
    result = reconcile(claims, "stretch")
    assert result.stretch is not None
    if result.stretch > 0:
        assert not _meet(claims, Fraction(result.stretch) * (1 - Fraction(1, 10**9)))


@given(claim_lists())
def test_the_stretched_value_lies_in_every_adjusted_range(claims: list[ck.Claim]) -> None:
    result = reconcile(claims, "stretch")
    touching = any("open end" in note for note in result.notes)
    for a in result.adjustments:
        assert touching or a.adjusted.contains(result.value)


@given(claim_lists())
def test_stretch_is_zero_exactly_when_the_closures_meet(claims: list[ck.Claim]) -> None:
    result = reconcile(claims, "stretch")
    assert (result.stretch == 0) == _meet(claims, Fraction(0))


pairs_and_factors = st.tuples(
    claim_lists(min_size=2, max_size=2, bounded=True), st.sampled_from([2.0, 5.0, 100.0])
)


def _trust_more(claim: ck.Claim, factor: float) -> ck.Claim:
    """The claim with its source's weight multiplied by ``factor``."""
    weight = claim.source.weight if claim.source else 1.0
    return claim.replace(source=ck.Source("heavy", weight=weight * factor))


@given(pairs_and_factors)
def test_weight_moves_the_stretched_value_toward_the_source(
    pair: tuple[list[ck.Claim], float],
) -> None:
    (a, b), factor = pair
    before = reconcile([a, b], "stretch").value
    after = reconcile([_trust_more(a, factor), b], "stretch").value
    assert a.value.gap(after) <= a.value.gap(before) * (1 + 1e-12)


# -- status, intersection, hull ------------------------------------------------------------


@given(claim_lists())
def test_status_disjoint_exactly_when_no_value_is_common(claims: list[ck.Claim]) -> None:
    common = reduce(ck.Range.__and__, [c.value for c in claims])
    assert ("disjoint" == reconcile(claims, "hull").status) == common.is_empty


@given(claim_lists())
def test_the_intersection_lies_in_every_claim(claims: list[ck.Claim]) -> None:
    common = reduce(ck.Range.__and__, [c.value for c in claims])
    if not common.is_empty:
        value = reconcile(claims, "intersection").value
        assert all(c.value.contains(value) for c in claims)


@given(claim_lists())
def test_the_hull_holds_every_claim(claims: list[ck.Claim]) -> None:
    value = reconcile(claims, "hull").value
    assert all(value.contains(c.value) for c in claims)


# -- weighted ----------------------------------------------------------------------------


@given(claim_lists(min_size=2, bounded=True))
def test_the_weighted_estimate_lies_within_the_claims_centres(claims: list[ck.Claim]) -> None:
    result = reconcile(claims, "weighted")
    centres = [m.value for m in result.measurements]
    assert result.estimate is not None
    span = max(abs(x) for x in centres)
    assert min(centres) - 1e-9 * span <= result.estimate <= max(centres) + 1e-9 * span


@given(pairs_and_factors)
def test_weight_moves_the_weighted_estimate_toward_the_source(
    pair: tuple[list[ck.Claim], float],
) -> None:
    (a, b), factor = pair
    estimates = [
        reconcile(claims, "weighted").estimate
        for claims in ([a, b], [_trust_more(a, factor), b], [a])
    ]
    before, after, centre = (x if x is not None else math.nan for x in estimates)
    size = max(abs(x) for c in (a, b) for x in (c.value.lo, c.value.hi))
    assert abs(after - centre) <= abs(before - centre) + 1e-9 * max(size, 1.0)


# -- order ---------------------------------------------------------------------------------


def _by_id(result: ck.Reconciliation) -> dict[str, ck.Adjustment]:
    return {a.claim: a for a in result.adjustments}


@given(
    claim_lists(min_size=2),
    st.sampled_from(["intersection", "hull", "stretch", "weighted"]),
    st.randoms(use_true_random=False),
)
def test_the_order_of_the_claims_changes_nothing(
    claims: list[ck.Claim], method: str, random: object
) -> None:
    shuffled = list(claims)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    try:
        first = reconcile(claims, method)  # type: ignore[arg-type]
    except ck.ReconciliationError as err:
        try:
            reconcile(shuffled, method)  # type: ignore[arg-type]
        except ck.ReconciliationError:
            return
        raise AssertionError("only one order raised") from err
    second = reconcile(shuffled, method)  # type: ignore[arg-type]
    assert (first.value, first.status, first.stretch, first.estimate, first.chi2) == (
        second.value,
        second.status,
        second.stretch,
        second.estimate,
        second.chi2,
    )
    assert _by_id(first) == _by_id(second)


# -- whole claim sets ------------------------------------------------------------------------

DAY0 = date(2024, 1, 1)
MEASURES = {"casualties": ("killed", "wounded"), "killed": ("killed",), "wounded": ("wounded",)}
SUBJECTS = {"both": ("a", "b"), "a": ("a",), "b": ("b",)}
RELATIONS = [
    ck.Sum("casualties", ["killed", "wounded"]),
    ck.Sum("both", ["a", "b"], over="subject"),
]


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[int], dict[tuple[str, str], list[int]]]:
    """A hidden true world: dates (day offsets) and each leaf series' cumulative counts."""
    offsets = sorted(draw(st.sets(st.integers(0, 120), min_size=2, max_size=5)))
    truth = {}
    for m in ("killed", "wounded"):
        for s in ("a", "b"):
            steps = draw(
                st.lists(
                    st.integers(0, 20_000), min_size=len(offsets) - 1, max_size=len(offsets) - 1
                )
            )
            cumulative = [0]
            for step in steps:
                cumulative.append(cumulative[-1] + step)
            truth[(m, s)] = cumulative
    return offsets, truth


def _true_total(
    truth: dict[tuple[str, str], list[int]], measure: str, subject: str, i: int, j: int
) -> int:
    return sum(
        truth[(m, s)][j] - truth[(m, s)][i] for m in MEASURES[measure] for s in SUBJECTS[subject]
    )


@st.composite
def true_claim_sets(draw: st.DrawFn) -> ck.ClaimSet:
    """Claim sets whose every claim holds in a hidden true world (so they are consistent)."""
    offsets, truth = draw(worlds())
    n = draw(st.integers(1, 8))
    claims = []
    for k in range(n):
        measure = draw(st.sampled_from(sorted(MEASURES)))
        subject = draw(st.sampled_from(sorted(SUBJECTS)))
        i = draw(st.integers(0, len(offsets) - 2))
        j = draw(st.integers(i + 1, len(offsets) - 1))
        period = ck.Period(DAY0 + timedelta(offsets[i]), DAY0 + timedelta(offsets[j]))
        total = _true_total(truth, measure, subject, i, j)
        below = draw(st.sampled_from([0.0, 1.0, 50.0, 0.2 * total + 1, math.inf]))
        above = draw(st.sampled_from([0.0, 1.0, 50.0, 0.2 * total + 1, math.inf]))
        lo_open = below > 0 and draw(st.booleans())
        hi_open = above > 0 and draw(st.booleans())
        value = ck.Range(total - below, total + above, "person", lo_open=lo_open, hi_open=hi_open)
        kind = draw(st.sampled_from(["total", "rate"]))
        if kind == "rate":
            value = (value / ck.Range.exact(period.days, "day")).to("person / week")
        claims.append(
            ck.Claim(
                id=f"c{k}",
                measure=measure,
                subject=subject,
                period=period,
                kind=kind,
                value=value,
                source=ck.Source(f"S{k}", weight=draw(weights)),
            )
        )
    return ck.ClaimSet(claims, relations=RELATIONS)


@given(true_claim_sets())
def test_relax_leaves_a_true_world_unmoved(claims: ck.ClaimSet) -> None:
    result = reconcile(claims, "relax")
    assert (0.0, (), claims) == (result.total_slack, result.moved, result.reconciled)


@st.composite
def grid_claim_sets(draw: st.DrawFn) -> ck.ClaimSet:
    """Bounded claims, true or not, on a grid of quantities tied by sums and by time."""
    cells = [
        (m, s, p) for m in sorted(MEASURES) for s in sorted(SUBJECTS) for p in ("p1", "p2", "p12")
    ]
    chosen = draw(st.lists(st.sampled_from(cells), min_size=3, max_size=12, unique=True))
    periods = {
        "p1": ck.Period(DAY0, date(2024, 2, 1)),
        "p2": ck.Period(date(2024, 2, 1), date(2024, 3, 1)),
        "p12": ck.Period(DAY0, date(2024, 3, 1)),
    }
    claims = []
    for m, s, p in chosen:
        lo = draw(st.integers(0, 100_000))
        width = draw(st.integers(0, 20_000))
        claims.append(
            ck.Claim(
                id=f"{m}-{s}-{p}",
                measure=m,
                subject=s,
                period=periods[p],
                kind="total",
                value=person_range(lo, lo + width),
                source=ck.Source(f"S {m} {s}", weight=draw(weights)),
            )
        )
    return ck.ClaimSet(claims, relations=RELATIONS)


def person_range(lo: float, hi: float) -> ck.Range:
    return ck.Range(lo, hi, "person")


def _identities() -> list[tuple[str, str, str]]:
    """Every (total, part, part) among the grid's claim ids."""
    out = []
    for p in ("p1", "p2", "p12"):
        for s in SUBJECTS:
            out.append((f"casualties-{s}-{p}", f"killed-{s}-{p}", f"wounded-{s}-{p}"))
        for m in MEASURES:
            out.append((f"{m}-both-{p}", f"{m}-a-{p}", f"{m}-b-{p}"))
    for m in MEASURES:
        for s in SUBJECTS:
            out.append((f"{m}-{s}-p12", f"{m}-{s}-p1", f"{m}-{s}-p2"))
    return out


@given(grid_claim_sets())
def test_least_squares_makes_every_relation_hold(claims: ck.ClaimSet) -> None:
    result = reconcile(claims, "least_squares")
    values = {m.claim: m.reconciled for m in result.measurements}
    scale = max(abs(v) for v in values.values()) or 1.0
    for total, a, b in _identities():
        if {total, a, b} <= values.keys():
            assert abs(values[total] - values[a] - values[b]) <= 1e-9 * scale


@given(grid_claim_sets())
def test_least_squares_chi_square_is_zero_without_redundancy(claims: ck.ClaimSet) -> None:
    result = reconcile(claims, "least_squares")
    assert (result.dof == 0) == (result.chi2 is None)


@given(
    st.one_of(true_claim_sets(), grid_claim_sets()),
    st.sampled_from(["relax", "least_squares"]),
    st.randoms(use_true_random=False),
)
def test_the_order_of_a_claim_set_changes_nothing(
    claims: ck.ClaimSet, method: str, random: object
) -> None:
    shuffled = list(claims.claims)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    first = reconcile(claims, method)  # type: ignore[call-overload]
    second = reconcile(ck.ClaimSet(shuffled, relations=claims.relations), method)  # type: ignore[call-overload]
    assert (first.total_slack, first.chi2, first.suspect, first.consistent) == (
        second.total_slack,
        second.chi2,
        second.suspect,
        second.consistent,
    )
    assert _by_id(first) == _by_id(second)
    assert {m.claim: m for m in first.measurements} == {m.claim: m for m in second.measurements}


@given(grid_claim_sets())
def test_relax_always_returns_a_consistent_set(claims: ck.ClaimSet) -> None:
    assert reconcile(claims, "relax").consistent


@given(grid_claim_sets(), st.randoms(use_true_random=False))
def test_a_relaxed_set_holds_in_any_order(claims: ck.ClaimSet, rng: random.Random) -> None:
    relaxed = reconcile(claims, "relax").reconciled
    shuffled = list(relaxed.claims)
    rng.shuffle(shuffled)
    assert ck.check(ck.ClaimSet(shuffled, relations=relaxed.relations)).consistent


@given(grid_claim_sets(), st.integers(-300, 300))
def test_relax_returns_a_consistent_set_at_any_magnitude(
    claims: ck.ClaimSet, exponent: int
) -> None:
    factor = 10.0**exponent
    scaled = ck.ClaimSet(
        [c.replace(value=c.value * factor) for c in claims], relations=claims.relations
    )
    result = reconcile(scaled, "relax")
    assert result.consistent
    assert ck.check(result.reconciled).consistent
