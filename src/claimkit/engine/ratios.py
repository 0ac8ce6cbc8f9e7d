"""What a report says of ratio claims: their findings and margins (internal).

A ratio claim ``lo <= N / D <= hi`` relates two counts, so stretching or shrinking
its range moves the coefficient of ``D`` in its rows: the common stretch (or shrink)
of a group of claims that holds ratio claims is not one LP, as it is for counts
alone. It is still monotone (a wider range allows every point a narrower one does),
so it is found by bisection, each step deciding the claims with their ranges moved
by the rule of :mod:`claimkit.engine.margins` (the same for a ratio's ends as for a
count's), ends read as closed; to 1e-10 of the stretch.

A *ratio* finding sets a ratio claim beside a claim about its numerator and one about
its denominator, each over exactly the quantity the ratio names (the same measure,
subject and span): with ``N`` in ``[n_lo, n_hi]`` and ``D`` in ``[d_lo, d_hi]``, a
ratio in ``[a, b]`` holds exactly when ``a d_lo <= n_hi`` and ``n_lo <= b d_hi``
(and ``d_hi > 0``), the ratios the counts allow being ``[n_lo / d_hi, n_hi /
d_lo]``. Its margins are those of the three claims' ranges moved together; its
absolute margin is on the ratio's scale, in the ratio claim's unit: the width of the
ratio claim's range that the counts leave, or minus the distance between the two
ranges of ratios. A ratio whose counts no claim states on their own is decided by the
model (conflict sets, groups), not by a finding.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine import components as _engine
from claimkit.engine.columns import AnyClaims, TableClaims
from claimkit.engine.components import STRICT_TOLERANCE, clean, feasible_components
from claimkit.engine.highs import FEASIBILITY_TOLERANCE
from claimkit.engine.margins import end_scales, shrink_scales
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import ClaimInfo, build
from claimkit.engine.ratio_rows import coefficients
from claimkit.engine.report import Finding
from claimkit.values.range import Range
from claimkit.values.units import conversion_factor

__all__ = [
    "conflict_unit",
    "findings",
    "group_margins",
    "has_ratio",
    "reference",
    "relax_block",
    "stretch",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

#: Bisection steps for a stretch or a shrink (2**-40 of the bracket).
STEPS = 40
#: A stretch beyond this many doublings of 1 (about 1e9) is taken as none making the
#: claims agree.
DOUBLINGS = 30
#: At most this many claims on the numerator (and on the denominator) per ratio claim
#: are set beside it in findings.
PER_QUANTITY = 4

_VERDICTS = ("conflict", "tension", "consistent")


def has_ratio(claimset: AnyClaims, ids: Sequence[int]) -> bool:
    """Return whether any of the claims (by index) is a ratio.

    Claims read from a table's columns never are (the columns leave a table with
    ratio claims to the row reader), so they are not made one by one to be asked.
    """
    if isinstance(claimset, TableClaims):
        return False
    return any(claimset.claims[i].kind == "ratio" for i in ids)


# -- moving ranges ------------------------------------------------------------------


def _moved(value: Range, theta: float) -> Range:
    """Return the range stretched by ``theta`` (> 0) or shrunk by ``-theta``, ends closed."""
    lo, hi = np.array([value.lo]), np.array([value.hi])
    if theta >= 0.0:
        s_lo, s_hi = end_scales(lo, hi)
        low, high = value.lo - theta * float(s_lo[0]), value.hi + theta * float(s_hi[0])
    else:
        s_lo, s_hi = shrink_scales(lo, hi)
        low, high = value.lo - theta * float(s_lo[0]), value.hi + theta * float(s_hi[0])
    if math.isnan(low):
        low = value.lo
    if math.isnan(high):
        high = value.hi
    if low > high:
        low = high = (low + high) / 2.0
    return Range(low, high, value.unit)


def _holds_moved(claimset: AnyClaims, ids: Sequence[int], theta: float) -> bool:
    """Return whether the claims hold with their ranges moved by ``theta``, ends closed."""
    claims = [claimset.claims[i] for i in ids]
    moved = [c.replace(value=_moved(c.value, theta)) for c in claims]
    model = build(ClaimSet(moved, relations=claimset.relations))
    return bool(feasible_components(model).all())


def _bisect(ok: Callable[[float], bool], good: float, bad: float) -> float:
    """Return the boundary between ``good`` (``ok`` holds) and ``bad`` (it fails), good side."""
    for _ in range(STEPS):
        mid = 0.5 * (good + bad)
        if ok(mid):
            good = mid
        else:
            bad = mid
    return good


def stretch(claimset: AnyClaims, model: LinearModel, ids: Sequence[int]) -> float:
    """Return the smallest common relative stretch that makes the claims agree.

    As :func:`claimkit.engine.components.stretch` (one LP) for counts alone; with a
    ratio claim among them, by bisection (see the module documentation). ``inf`` if
    no stretch makes them agree, 0 if they agree with closed ends.
    """
    if not has_ratio(claimset, ids):
        return _engine.stretch(model, ids)

    def ok(theta: float) -> bool:
        return _holds_moved(claimset, ids, theta)

    if ok(0.0):
        return 0.0
    top = 1.0
    for _ in range(DOUBLINGS):
        if ok(top):
            return clean(_bisect(ok, top, top / 2.0 if top > 1.0 else 0.0))
        top *= 2.0
    return math.inf


def _shrink(claimset: AnyClaims, ids: Sequence[int]) -> float:
    """Return the largest common relative shrink (0 to 1) under which the claims agree."""

    def ok(t: float) -> bool:
        return _holds_moved(claimset, ids, -t)

    if ok(1.0):
        return 1.0
    if not ok(0.0):
        return 0.0
    low = _bisect(ok, 0.0, 1.0)
    return clean(low) if low > 1e-9 else 0.0


def group_margins(
    claimset: AnyClaims, members: Mapping[int, list[int]], margin: Floats, *, agree: Bools
) -> None:
    """Set the margin of each agreeing group with a ratio claim: its common shrink.

    ``members`` gives each component's claims, ``agree`` marks the components that
    hold and are solved whole; the others' margins are left as they are (a
    conflicting group's is minus its :func:`stretch`).
    """
    for comp, ids in members.items():
        if agree[comp] and has_ratio(claimset, ids):
            margin[comp] = _shrink(claimset, ids)


# -- ratio findings -------------------------------------------------------------------


class _Side:
    """A range of counts (or of a ratio) with its ends' flags, as floats."""

    def __init__(self, lo: float, hi: float, lo_open: bool, hi_open: bool) -> None:
        self.lo, self.hi = max(lo, 0.0), hi
        self.lo_open = lo_open and lo >= 0.0
        self.hi_open = hi_open

    def moved(self, theta: float, scale: float) -> tuple[float, float]:
        """Return the ends moved by ``theta`` (stretch > 0, shrink < 0), in ``scale`` units."""
        lo, hi = np.array([self.lo / scale]), np.array([self.hi / scale])
        scales = end_scales(lo, hi) if theta >= 0 else shrink_scales(lo, hi)
        with np.errstate(invalid="ignore"):
            low = float(lo[0] - theta * scales[0][0])
            high = float(hi[0] + theta * scales[1][0])
        low = float(lo[0]) if math.isnan(low) else low
        high = float(hi[0]) if math.isnan(high) else high
        return max(low, 0.0), high


class _Triple:
    """A ratio claim beside a claim on its numerator and one on its denominator."""

    def __init__(self, ratio: _Side, num: _Side, den: _Side) -> None:
        self.ratio, self.num, self.den = ratio, num, den
        finite = [x for x in (num.lo, num.hi, den.lo, den.hi) if math.isfinite(x)]
        self.scale = max(finite, default=1.0) or 1.0
        b = ratio.hi if math.isfinite(ratio.hi) else ratio.lo
        self.tol = FEASIBILITY_TOLERANCE * max(1.0, b)

    def rooms(self, theta: float) -> tuple[float, float, float, float]:
        """Return ``n_hi - a d_lo``, ``b d_hi - n_lo``, ``d_hi`` and the least own room."""
        a, b = self.ratio.moved(theta, 1.0)
        n_lo, n_hi = self.num.moved(theta, self.scale)
        d_lo, d_hi = self.den.moved(theta, self.scale)
        with np.errstate(invalid="ignore", over="ignore"):
            lower = n_hi - a * d_lo
            upper = math.inf if math.isinf(b) else b * d_hi - n_lo
        own = min(b - a, n_hi - n_lo, d_hi - d_lo)
        return lower, upper, d_hi, own

    def holds(self, theta: float, tol: float = 0.0) -> bool:
        lower, upper, d_hi, own = self.rooms(theta)
        return lower >= -tol and upper >= -tol and d_hi > 0.0 and own >= -tol

    def strict(self) -> bool:
        """Whether the three hold with their strict ends honoured (to the tolerances)."""
        lower, upper, d_hi, own = self.rooms(0.0)
        r, n, d = self.ratio, self.num, self.den
        clear = STRICT_TOLERANCE * max(1.0, self.ratio.hi if math.isfinite(r.hi) else r.lo)
        strict_lower = r.lo_open or n.hi_open or (d.lo_open and r.lo > 0.0)
        strict_upper = n.lo_open or r.hi_open or (d.hi_open and r.hi > 0.0)
        ok_lower = lower > clear if strict_lower else lower >= -self.tol
        ok_upper = upper > clear if strict_upper else upper >= -self.tol
        return ok_lower and ok_upper and d_hi > 0.0 and own >= -self.tol

    def margin(self) -> tuple[bool, bool, float]:
        """Return (closed ends hold, strict ends hold, margin)."""
        closed = self.holds(0.0, self.tol)
        strict = closed and self.strict()
        if strict:
            if self.holds(-1.0):
                return closed, strict, 1.0
            low = _bisect(lambda t: self.holds(-t), 0.0, 1.0)
            return closed, strict, clean(low) if low > 1e-9 else 0.0
        if closed:
            return closed, strict, 0.0
        top = 1.0
        for _ in range(DOUBLINGS):
            if self.holds(top):
                return closed, strict, -clean(_bisect(self.holds, top, 0.0))
            top *= 2.0
        return closed, strict, -math.inf

    def ratio_room(self) -> float:
        """Return the width the counts leave of the ratio's range, or minus the gap."""
        n, d, r = self.num, self.den, self.ratio
        with np.errstate(divide="ignore", invalid="ignore"):
            low = 0.0 if math.isinf(d.hi) else n.lo / d.hi
            high = math.inf if d.lo == 0.0 else n.hi / d.lo
        if math.isnan(low):
            low = 0.0
        if math.isnan(high):
            high = math.inf
        return min(r.hi, high) - max(r.lo, low)


def _source(claim: Claim) -> str | None:
    return None if claim.source is None else claim.source.name


def _side_of(info: ClaimInfo, i: int) -> _Side:
    return _Side(
        float(info.total_lo[i]),
        float(info.total_hi[i]),
        bool(info.lo_open[i]),
        bool(info.hi_open[i]),
    )


def _stating(info: ClaimInfo, claimset: AnyClaims) -> dict[tuple[str, str, int, int], list[int]]:
    """Return the count claims over each quantity, by (measure, subject, start, end)."""
    found: dict[tuple[str, str, int, int], list[int]] = {}
    for i in np.flatnonzero(info.n_rows > 0).tolist():
        claim = claimset.claims[i]
        key = (claim.measure, claim.subject, int(info.span_start[i]), int(info.span_end[i]))
        if (key[2], key[3]) == (claim.period.start.toordinal(), claim.period.end.toordinal()):
            found.setdefault(key, []).append(i)
    return found


def _relation(claim: Claim) -> str:
    of = claim.of
    assert of is not None
    period = f"[{claim.period.start.isoformat()}, {claim.period.end.isoformat()})"
    return (
        f"{claim.measure} of {claim.subject} over {period} divided by {of}: the ratio "
        "claimed against the ratios the claims on the two counts allow"
    )


def _in_unit(claim: Claim, x: float) -> float:
    """Return a dimensionless ratio ``x`` (of the rows' basis) in the claim's own unit."""
    assert claim.of is not None
    assert claim.of.period is not None
    if claim.basis == "rate":
        x = x * claim.of.period.days / claim.period.days
    return x * conversion_factor("dimensionless", claim.value.unit)


def findings(claimset: AnyClaims, info: ClaimInfo, tension: float) -> list[Finding]:
    """Return the ratio findings of a claim set (see the module documentation)."""
    out: list[Finding] = []
    if not bool(info.ratio.any()):
        return out
    claims = claimset.claims
    stating = _stating(info, claimset)
    for k in np.flatnonzero(info.ratio).tolist():
        claim = claims[k]
        of = claim.of
        assert of is not None
        assert of.subject is not None
        assert of.period is not None
        num_key = (
            claim.measure,
            claim.subject,
            claim.period.start.toordinal(),
            claim.period.end.toordinal(),
        )
        den_key = (of.measure, of.subject, of.period.start.toordinal(), of.period.end.toordinal())
        nums = stating.get(num_key, [])[:PER_QUANTITY]
        dens = stating.get(den_key, [])[:PER_QUANTITY]
        r_lo, r_hi = coefficients(claim)
        ratio = _Side(r_lo, r_hi, claim.value.lo_open, claim.value.hi_open)
        for n in nums:
            for d in dens:
                triple = _Triple(ratio, _side_of(info, n), _side_of(info, d))
                out.append(_finding(claimset, (k, n, d), triple, tension))
    return out


def _finding(
    claimset: AnyClaims, members: tuple[int, int, int], triple: _Triple, tension: float
) -> Finding:
    claims = claimset.claims
    claim = claims[members[0]]
    closed, strict, margin = triple.margin()
    room = triple.ratio_room()
    if strict:
        verdict = "tension" if margin < tension else "consistent"
        margin_abs = max(room, 0.0)
    else:
        verdict = "conflict"
        margin_abs = 0.0 if closed else min(room, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        margin_abs = _in_unit(claim, margin_abs) if math.isfinite(margin_abs) else margin_abs
    return Finding(
        kind="ratio",
        claims=tuple(claims[i].id for i in members),
        sources=tuple(_source(claims[i]) for i in members),
        relation=_relation(claim),
        verdict=verdict,  # type: ignore[arg-type]
        margin=margin + 0.0,
        margin_abs=margin_abs + 0.0,
        unit=claim.value.unit,
        touching=closed and not strict,
    )


def reference(claimset: AnyClaims, ids: Sequence[int]) -> int:
    """Return the first count claim of a group (its reference), or its first claim."""
    return next((i for i in ids if claimset.claims[i].kind != "ratio"), ids[0])


def conflict_unit(claimset: AnyClaims, ids: Sequence[int]) -> str:
    """Return the unit of a group's absolute margin: its reference's count unit.

    A group of ratio claims alone has no count unit: its margin is on the ratios'
    scale (the model normalises its denominators to 1), so ``"dimensionless"``.
    """
    first = reference(claimset, ids)
    claim = claimset.claims[first]
    if claim.kind == "ratio":
        return "dimensionless"
    return claimset.family_units[claimset.measure_hierarchy.root(claim.measure)]


# -- relaxation -------------------------------------------------------------------------

#: Rounds of the relaxation of a block with ratio claims, each with the denominators
#: that the last round's point gives.
RELAX_ROUNDS = 4

#: A block's relaxation: ``solve(k_row)`` returns its claims, their lower and upper
#: slacks, whether ties were spread, and the point found (scaled columns).
Solve = Callable[[Floats | None], tuple[Ints, Floats, Floats, bool, Floats]]


def _activity(lp: LP, x: Floats) -> Floats:
    """Return each claim row's value at ``x``, in the LP's scaled units."""
    n = lp.n_claim_rows
    starts = lp.start.astype(np.int64)
    entry_row = np.repeat(np.arange(n, dtype=np.int64), np.diff(starts[: n + 1]))
    terms = lp.value[: starts[n]] * x[lp.index[: starts[n]]]
    return np.bincount(entry_row, terms, minlength=n).astype(np.float64)


def relax_block(
    claimset: AnyClaims, model: LinearModel, lp: LP, solve: Solve
) -> tuple[Ints, Floats, Floats, bool]:
    """Relax one block of the model, a ratio claim's ends on the ratio's own scale.

    A ratio claim's slack ``s`` moves an end of its range by ``s`` times the end's
    scale (the rule of :mod:`claimkit.engine.margins`, on the ratio's scale), which
    moves its row by that times the denominator ``D``: not linear. Each round fixes
    ``D`` at the last round's point (the component's scale at first), which makes
    the relaxation one LP again; after ``RELAX_ROUNDS`` (4) rounds, or once ``D``
    stands still, the ratio claims' slacks are read off the last point exactly, so
    that the relaxed claims hold there. A block without ratio claims is one LP.
    """
    rows = model.rows
    index = lp.row_index[: lp.n_claim_rows]
    if rows.scale_multiple is None or rows.positive is None:
        claims, lo, hi, spread, _ = solve(None)
        return claims, lo, hi, spread
    ratio = ~np.isnan(rows.scale_multiple[index])
    positive = rows.positive[index]
    if not ratio.any():
        claims, lo, hi, spread, _ = solve(None)
        return claims, lo, hi, spread
    owner = rows.claim[index]
    upper = np.isfinite(lp.row_hi[: lp.n_claim_rows])
    move = np.zeros(index.shape[0])  # a unit of slack, in the row's ratio units
    for j in np.flatnonzero(ratio).tolist():
        claim = claimset.claims[int(owner[j])]
        lo_scale, hi_scale = end_scales(np.array([claim.value.lo]), np.array([claim.value.hi]))
        move[j] = float((hi_scale if upper[j] else lo_scale)[0]) * _per_unit(claim)
    scale = model.row_scale[index]
    comp = np.searchsorted(model.comp_row_ptr, index, side="right") - 1
    den = {
        int(c): float(model.comp_scale[k])
        for c, k in zip(owner.tolist(), comp.tolist(), strict=True)
    }
    for _ in range(RELAX_ROUNDS):
        d = np.array([den[int(c)] for c in owner.tolist()])
        k_row = np.where(positive, 0.0, np.where(ratio, move * d / scale, np.nan))
        claims, lo, hi, spread, x = solve(k_row)
        found = _activity(lp, x) * scale
        new = dict(den)
        for j in np.flatnonzero(positive).tolist():
            new[int(owner[j])] = max(float(found[j]), float(lp.row_lo[j]) * float(scale[j]))
        still = all(math.isclose(new[c], den[c], rel_tol=1e-9) for c in den)
        den = new
        if still:
            break
    # The ratio claims' slacks at the last point, exactly: the ends that hold there.
    act = _activity(lp, x)
    miss = np.where(upper, act - lp.row_hi[: lp.n_claim_rows], lp.row_lo[: lp.n_claim_rows] - act)
    where = {int(c): k for k, c in enumerate(claims.tolist())}
    lo, hi = lo.copy(), hi.copy()
    for j in np.flatnonzero(ratio).tolist():
        c = int(owner[j])
        d_here = den[c]
        need = max(float(miss[j]) * float(scale[j]), 0.0) / (move[j] * d_here) if move[j] else 0.0
        target = hi if upper[j] else lo
        target[where[c]] = need if need > 1e-9 else 0.0
    return claims, lo, hi, spread


def _per_unit(claim: Claim) -> float:
    """Return the factor from the claim's ratio unit to the rows' (its unit and basis)."""
    assert claim.of is not None
    assert claim.of.period is not None
    g = claim.period.days / claim.of.period.days if claim.basis == "rate" else 1.0
    return conversion_factor(claim.value.unit, "dimensionless") * g
