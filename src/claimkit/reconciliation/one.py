"""Reconciling claims about one quantity: intersection, hull, stretch, weighted (internal).

The public entry point is :func:`claimkit.reconciliation.api.reconcile`; the maths is
explained on the page "Reconciliation maths". Everything here works on the claims
sorted by id, so that the order in which a caller lists them changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from functools import reduce
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from claimkit.claims.claim import Claim
from claimkit.engine.margins import range_end_scales as end_scales
from claimkit.errors import IncompatibleUnitsError, ReconciliationError
from claimkit.reconciliation.results import Adjustment, Measurement, Reconciliation
from claimkit.values import _rounding as _r
from claimkit.values._format import number
from claimkit.values.range import Range

if TYPE_CHECKING:
    from claimkit.reconciliation.results import Reconciliation

__all__ = [
    "Item",
    "Reading",
    "check_claims",
    "end_scales",
    "prepare",
    "read_point",
    "reconcile_one",
    "serial_elimination",
    "sidak_critical",
    "status_of",
    "widen_to",
]

Status = Literal["agree", "overlap", "disjoint"]
INF = math.inf
_SQRT12 = math.sqrt(12.0)
_TINY = math.ulp(0.0)


@attrs.frozen
class Item:
    """One claim ready for reconciliation: its value in the common unit and its weight."""

    claim: Claim
    value: Range
    weight: float

    @property
    def source(self) -> str | None:
        """The name of the claim's source, if any."""
        return None if self.claim.source is None else self.claim.source.name


def weight_of(claim: Claim) -> float:
    """Return the reliability weight of a claim's source (1 for a claim without a source)."""
    return 1.0 if claim.source is None else claim.source.weight


def _label(claim: Claim) -> str:
    who = f" ({claim.source.name})" if claim.source is not None else ""
    return f"{claim.id!r}{who}"


def check_claims(claims: object) -> list[Claim]:
    """Return claims about one quantity as a list, or raise saying what is wrong."""
    if isinstance(claims, Claim):
        return [claims]
    if isinstance(claims, str) or not isinstance(claims, Iterable):
        msg = (
            "reconcile() needs a sequence of Claim objects (or a ClaimSet), got "
            f"{type(claims).__name__} {claims!r}"
        )
        raise ReconciliationError(msg)
    out: list[Claim] = []
    seen: dict[str, int] = {}
    for i, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            msg = f"item {i} is a {type(claim).__name__}, not a Claim: {claim!r}"
            raise ReconciliationError(msg)
        if claim.id in seen:
            msg = (
                f"claim id {claim.id!r} is given twice (items {seen[claim.id]} and {i}); "
                "give every claim its own id"
            )
            raise ReconciliationError(msg)
        seen[claim.id] = i
        out.append(claim)
    if not out:
        msg = "reconcile() needs at least one claim, got none"
        raise ReconciliationError(msg)
    return out


_SAME = ("measure", "subject", "period", "kind", "reading")


def prepare(given: Sequence[Claim]) -> tuple[list[Item], str]:
    """Check that the claims are about one quantity; return them sorted by id, in one unit.

    The common unit is that of the claim whose id sorts first.
    """
    ref = given[0]
    for claim in given[1:]:
        for field in _SAME:
            mine, theirs = getattr(claim, field), getattr(ref, field)
            if mine != theirs:
                msg = (
                    f"claims {_label(ref)} and {_label(claim)} are not about the same "
                    f"quantity: their {field} differs ({theirs!s} against {mine!s}); "
                    "reconcile() on a list compares claims about one measure of one subject "
                    "over one period, of one kind"
                )
                if field == "kind":
                    msg += (
                        "; convert one of them first (Claim.as_total() or as_rate() give "
                        "its value in the other kind)"
                    )
                elif field in ("measure", "subject", "period"):
                    msg += (
                        "; to reconcile related quantities, put the claims and their "
                        "relations in a ClaimSet and use method='relax' or 'least_squares'"
                    )
                raise ReconciliationError(msg)
    ordered = sorted(given, key=lambda c: c.id)
    unit = ordered[0].value.unit
    items = []
    for claim in ordered:
        value = claim.value
        if value.unit != unit:
            try:
                value = value.to(unit)
            except IncompatibleUnitsError as err:
                msg = (
                    f"claim {_label(claim)} is in {claim.value.unit!r}, which does not "
                    f"convert to {unit!r}, the unit of claim {_label(ordered[0])}; claims "
                    "about one quantity must count the same thing"
                )
                raise ReconciliationError(msg) from err
        items.append(Item(claim, value, weight_of(claim)))
    return items, unit


# -- status ------------------------------------------------------------------------


def status_of(values: Sequence[Range]) -> tuple[Status, Range]:
    """Return how the ranges relate, and their common intersection.

    ``agree``: some claim's range lies inside every other (the intersection is that
    claim's range); ``overlap``: the ranges share values, but each rules out some of
    what another allows; ``disjoint``: no value is in all of them.
    """
    common = reduce(Range.__and__, values)
    if common.is_empty:
        return "disjoint", common
    if any(v == common for v in values):
        return "agree", common
    return "overlap", common


def _extremes(items: Sequence[Item]) -> tuple[Item, Item]:
    """Return the claim with the highest lower end and the one with the lowest upper end."""

    def lo_key(item: Item) -> tuple[float, bool]:
        return (item.value.lo, item.value.lo_open)

    def hi_key(item: Item) -> tuple[float, bool]:
        return (item.value.hi, not item.value.hi_open)

    return max(items, key=lo_key), min(items, key=hi_key)


def disjoint_message(items: Sequence[Item], unit: str) -> str:
    """Explain why the claims have no common value (for the intersection's error)."""
    high, low = _extremes(items)
    a, b = low.value, high.value
    pairs = sum(
        1 for i, x in enumerate(items) for y in items[i + 1 :] if not x.value.overlaps(y.value)
    )
    gap = a.gap(b)
    if gap > 0:
        size = max(abs(a.hi), abs(b.lo))
        relative = f" ({gap / size:.2%} of {number(size)})" if size > 0 else ""
        where = (
            f"claim {_label(low.claim)} allows at most {number(a.hi)} and claim "
            f"{_label(high.claim)} at least {number(b.lo)}: a gap of {number(gap)} "
            f"{unit}{relative}"
        )
    else:
        excluded = [_label(x.claim) for x, flag in ((low, a.hi_open), (high, b.lo_open)) if flag]
        where = (
            f"claims {_label(low.claim)} and {_label(high.claim)} meet only at "
            f"{number(a.hi)} {unit}, which {' and '.join(excluded)} excludes (an open end)"
        )
    more = f"; {pairs} pairs of claims are disjoint in all" if pairs > 1 else ""
    return (
        f"the claims have no value in common: {where}{more}. Use method='stretch' for the "
        "smallest common widening that makes them meet, 'weighted' for a compromise, or "
        "'hull' for every value some claim allows"
    )


# -- scales and widening -----------------------------------------------------------


def widen_to(value: Range, point: float) -> tuple[Range, float]:
    """Return the range widened (at one end) just enough to contain ``point``.

    Also returns the relative widening: the distance moved over the moved end's scale
    (``inf`` when that scale is 0). A range that contains the point is returned as is.
    """
    lo_scale, hi_scale = end_scales(value)
    if value.contains(point):
        return value, 0.0
    if point < value.lo or (point == value.lo and value.lo_open):
        moved = Range(point, value.hi, value.unit, hi_open=value.hi_open)
        distance, scale = value.lo - point, lo_scale
    else:
        moved = Range(value.lo, point, value.unit, lo_open=value.lo_open)
        distance, scale = point - value.hi, hi_scale
    if distance == 0.0:
        return moved, 0.0
    return moved, (distance / scale if scale > 0 else INF)


# -- stretch -----------------------------------------------------------------------


@attrs.frozen
class Stretched:
    """The outcome of the stretch method (internal)."""

    eps: Fraction
    widened: tuple[Range, ...]
    value: Range
    touching: bool
    binding: tuple[str, ...]


End = Fraction | float  # a finite end as an exact fraction, or an infinite float


def _widened_ends(item: Item, eps: Fraction) -> tuple[End, End]:
    """Return the exact ends of a claim's range stretched by ``eps`` (infinite ends stay)."""
    value = item.value
    if eps == 0:
        return _exact(value.lo), _exact(value.hi)
    lo_scale, hi_scale = end_scales(value)
    w = Fraction(item.weight)
    lo: End = _exact(value.lo)
    hi: End = _exact(value.hi)
    if lo_scale > 0:
        lo = Fraction(value.lo) - eps * Fraction(lo_scale) / w
    if hi_scale > 0:
        hi = Fraction(value.hi) + eps * Fraction(hi_scale) / w
    return lo, hi


def _exact(x: float) -> End:
    return Fraction(x) if math.isfinite(x) else x


def _candidates(items: Sequence[Item]) -> list[tuple[int, int]]:
    """Pairs (i, j) with ``lo_i > hi_j`` whose required stretch may be the largest.

    The stretch of every such pair is computed in floating point; those within a
    relative 1e-6 of the largest are kept for the exact comparison (floating point
    is off by a few units in the last place, far less).
    """
    lo = np.array([it.value.lo for it in items])
    hi = np.array([it.value.hi for it in items])
    scales = np.array([end_scales(it.value) for it in items], dtype=np.float64)
    weights = np.array([it.weight for it in items])
    a = scales[:, 0] / weights
    b = scales[:, 1] / weights
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        mask = np.isfinite(lo)[:, None] & np.isfinite(hi)[None, :] & (lo[:, None] > hi[None, :])
        ratio = (lo[:, None] - hi[None, :]) / (a[:, None] + b[None, :])
    if not mask.any():
        return []
    picked = ratio[mask]
    if not np.isfinite(picked).all():
        return [(int(i), int(j)) for i, j in np.argwhere(mask)]
    best = float(picked.max())
    keep = mask & (ratio >= best * (1.0 - 1e-6))
    return [(int(i), int(j)) for i, j in np.argwhere(keep)]


def stretch(items: Sequence[Item]) -> Stretched:
    """Return the smallest common relative stretch that makes the ranges meet.

    Claim ``i``'s lower end moves down by ``eps * a_i`` and its upper end up by
    ``eps * b_i``, where ``a_i``, ``b_i`` are the ends' scales (:func:`end_scales`)
    divided by the source's weight. The stretched ranges meet exactly when every
    lower end is at most every upper end, so ``eps`` is the largest, over pairs with
    ``lo_i > hi_j``, of ``(lo_i - hi_j) / (a_i + b_j)``: a closed form, evaluated
    exactly with fractions. At that ``eps`` the ranges meet in one point; if an open
    end excludes it, every larger stretch works and ``eps`` is the limit.
    """
    eps = Fraction(0)
    binding: list[tuple[int, int]] = []
    for i, j in _candidates(items):
        x, y = items[i], items[j]
        need = (Fraction(x.value.lo) - Fraction(y.value.hi)) / (
            Fraction(end_scales(x.value)[0]) / Fraction(x.weight)
            + Fraction(end_scales(y.value)[1]) / Fraction(y.weight)
        )
        if need > eps:
            eps, binding = need, [(i, j)]
        elif need == eps:
            binding.append((i, j))
    ends = [_widened_ends(it, eps) for it in items]
    unit = items[0].value.unit
    widened = tuple(
        Range(lo, hi, unit, lo_open=it.value.lo_open, hi_open=it.value.hi_open) if eps else it.value
        for it, (lo, hi) in zip(items, ends, strict=True)
    )
    common = reduce(Range.__and__, widened)
    if eps == 0 and not common.is_empty:
        return Stretched(eps, widened, common, False, ())
    # The stretched ranges meet in one point: the highest lower end, which equals
    # the lowest upper end. It belongs to them all unless an end there is open.
    point = max(lo for lo, _ in ends if lo != -INF)
    touching = any(
        (lo == point and it.value.lo_open) or (hi == point and it.value.hi_open)
        for it, (lo, hi) in zip(items, ends, strict=True)
    )
    if not binding:
        binding = [
            (i, j)
            for i, (lo, _) in enumerate(ends)
            for j, (_, hi) in enumerate(ends)
            if lo == point and hi == point and i != j
        ]
    names = sorted({items[k].claim.id for pair in binding for k in pair})
    value = Range(point, point, unit)
    if not touching:
        # The point, rounded outward, may reach past a float that an open end
        # excludes (near 0, among subnormals): keep it inside every stretched range.
        value = value & common
    return Stretched(eps, widened, value, touching, tuple(names))


# -- weighted ----------------------------------------------------------------------

Reading = Literal["uniform", "rounding"]


def read_point(value: Range) -> tuple[float, float, Reading, Range] | None:
    """Read a range as a distribution: mean, standard deviation, how, and over what.

    A bounded range is uniform over itself (mean = midpoint, sd = width / sqrt(12)).
    An exact figure is read as the rounding interval of its significant digits
    (750,000 -> [745,000, 755,000]), the reading the hedges give to bare round
    numbers. An unbounded range has no centre: ``None``.
    """
    if not (math.isfinite(value.lo) and math.isfinite(value.hi)):
        return None
    # (an sd that underflows to 0 is kept at the smallest positive float)
    if value.lo < value.hi:
        return value.midpoint, max(value.width / _SQRT12, _TINY), "uniform", value
    rounded = Range.from_rounded(value.lo, value.unit)
    return value.lo, max(rounded.width / _SQRT12, _TINY), "rounding", rounded


def normal_quantile(p: float) -> float:
    """Return the standard normal quantile of ``p`` (scipy, imported here)."""
    from scipy import stats

    return float(stats.norm.ppf(p))


def chi2_sf(x: float, dof: int) -> float:
    """Return the chi-square survival function at ``x`` (scipy, imported here)."""
    from scipy import stats

    return float(stats.chi2.sf(x, dof))


def sidak_critical(level: float, tests: int) -> float:
    """Return the two-sided critical value of ``tests`` normal tests at joint ``level``.

    Sidak's correction: each test is run at level ``level ** (1 / tests)``.
    """
    return normal_quantile(0.5 + level ** (1.0 / tests) / 2.0)


def serial_elimination(
    z_of: Callable[[list[int]], dict[int, float | None]], active: list[int], level: float
) -> set[int]:
    """Flag gross errors by the measurement test with serial elimination.

    Each round tests every claim still in (``z_of`` gives their standardised
    residuals, ``None`` when untestable) against the Sidak-corrected critical value;
    the claim with the largest ``|z|`` above it is flagged and set aside, and the
    rest are tested again. Claims tied for the largest ``|z|`` cannot be told apart:
    they are all flagged and the search stops.
    """
    flagged: set[int] = set()
    active = list(active)
    while True:
        testable = {k: v for k, v in z_of(active).items() if v is not None}
        if not testable:
            return flagged
        top = max(abs(v) for v in testable.values())
        if top <= sidak_critical(level, len(testable)):
            return flagged
        worst = {k for k, v in testable.items() if abs(v) >= top * (1.0 - 1e-9)}
        flagged |= worst
        if len(worst) > 1:
            return flagged
        active = [k for k in active if k not in worst]


@attrs.frozen
class Pooled:
    """The inverse-variance pooled estimate (internal)."""

    estimate: float
    standard_error: float
    chi2: float | None
    dof: int
    p_value: float | None
    i2: float | None
    tau2: float | None
    means: tuple[float, ...]
    sds: tuple[float, ...]
    readings: tuple[Reading, ...]
    read_as: tuple[Range, ...]
    shares: tuple[float, ...]
    z: tuple[float | None, ...]
    flagged: tuple[bool, ...]
    used: tuple[int, ...]


def _bounded(items: Sequence[Item]) -> list[tuple[int, float, float, Reading, Range]]:
    """Return ``(index, mean, sd, reading, read_as)`` for every claim with a centre."""
    out = []
    for k, it in enumerate(items):
        found = read_point(it.value)
        if found is not None:
            out.append((k, *found))
    if not out:
        ids = ", ".join(repr(it.claim.id) for it in items)
        msg = (
            f"method='weighted' needs at least one bounded claim, but every claim ({ids}) "
            "has an unbounded end and so no centre; use method='stretch' or 'intersection'"
        )
        raise ReconciliationError(msg)
    return out


Floats = np.ndarray[Any, np.dtype[np.float64]]


def _weighted_mean(x: Floats, w: Floats) -> tuple[float, float]:
    """Return the weighted mean and the sum of the weights."""
    total = math.fsum(w.tolist())
    return math.fsum((w * x).tolist()) / total, total


def _residuals(x: Floats, var: Floats, active: list[int]) -> dict[int, float | None]:
    """Standardised residuals of the fixed-effect fit on the ``active`` claims.

    ``Var(x_k - mu) = var_k - 1 / W``, since the mean shares ``x_k``'s error; a
    claim that is the mean's only support (that variance 0) cannot be tested.
    """
    mu, total = _weighted_mean(x[active], 1.0 / var[active])
    out: dict[int, float | None] = {}
    for k in active:
        v = var[k] - 1.0 / total
        out[k] = float((x[k] - mu) / math.sqrt(v)) if v > 1e-12 * var[k] else None
    return out


def pool(items: Sequence[Item], effects: str, level: float) -> Pooled:
    """Combine the bounded claims by inverse variance (fixed or random effects)."""
    found = _bounded(items)
    used = [k for k, *_ in found]
    means = [mean for _, mean, *_ in found]
    sds = [sd for _, _, sd, _, _ in found]
    # Work in units of the largest sd or distance from the median centre, so that
    # squares neither overflow nor underflow; a claim more than 1e150 times narrower
    # than that counts as 1e150 times narrower.
    centre = float(np.median(means))
    offsets = np.array(means) - centre
    scale = max(*sds, float(np.abs(offsets).max()))
    x = offsets / scale
    var = np.maximum((np.array(sds) / scale) ** 2, 1e-300) / np.array(
        [items[k].weight for k in used]
    )
    w = 1.0 / var
    mu, total = _weighted_mean(x, w)
    with np.errstate(over="ignore"):
        q = math.fsum((w * (x - mu) ** 2).tolist())
    dof = len(used) - 1
    i2: float | None = None
    if dof > 0:
        i2 = 1.0 if math.isinf(q) else max(0.0, (q - dof) / q) if q > 0 else 0.0
    tau2: float | None = None
    shares = w / total
    if effects == "random" and dof > 0:
        c = total - math.fsum((w**2).tolist()) / total
        tau2 = max(0.0, (q - dof) / c) if c > 0 and math.isfinite(q) else 0.0
        shares = 1.0 / (var + tau2)
        mu, total = _weighted_mean(x, shares)
        shares = shares / total
        tau2 *= scale**2
    everything = list(range(len(used)))
    z = _residuals(x, var, everything)
    flagged = serial_elimination(lambda active: _residuals(x, var, active), everything, level)
    return Pooled(
        estimate=centre + mu * scale,
        standard_error=math.sqrt(1.0 / total) * scale,
        chi2=q if dof > 0 else None,
        dof=dof,
        p_value=chi2_sf(q, dof) if dof > 0 else None,
        i2=i2,
        tau2=tau2,
        means=tuple(means),
        sds=tuple(sds),
        readings=tuple(reading for *_, reading, _ in found),
        read_as=tuple(over for *_, over in found),
        shares=tuple(float(s) for s in shares),
        z=tuple(z[k] for k in everything),
        flagged=tuple(k in flagged for k in everything),
        used=tuple(used),
    )


# -- the methods ---------------------------------------------------------------------


def reconcile_one(
    claims: Sequence[Claim], method: str, *, level: float, effects: str
) -> Reconciliation:
    """Reconcile claims about one quantity (see :func:`claimkit.reconcile`)."""
    items, unit = prepare(claims)
    status, common = status_of([it.value for it in items])
    ref = items[0].claim
    fields: dict[str, Any] = {}
    notes: list[str] = []
    adjusted: list[tuple[Range, float]] = [(it.value, 0.0) for it in items]
    measurements: list[Measurement] = []
    if method == "intersection":
        if common.is_empty:
            raise ReconciliationError(disjoint_message(items, unit))
        value = common
    elif method == "hull":
        value = reduce(Range.__or__, [it.value for it in items])
    elif method == "stretch":
        result = stretch(items)
        value = result.value
        eps = result.eps
        fields["stretch"] = _r.fraction_up(eps)
        adjusted = [
            (wide, _r.fraction_up(eps / Fraction(it.weight)) if eps else 0.0)
            for it, wide in zip(items, result.widened, strict=True)
        ]
        if result.touching:
            notes.append(
                f"the stretched ranges of {', '.join(repr(i) for i in result.binding)} "
                f"meet only at {number(float(value.midpoint))} {unit}, which an open end "
                "excludes: every larger stretch works, this one only in the limit"
            )
        elif eps:
            notes.append(
                f"claims {', '.join(repr(i) for i in result.binding)} set the stretch: "
                "their stretched ends meet at the value"
            )
    elif method == "weighted":
        pooled = pool(items, effects, level)
        half = normal_quantile(0.5 + level / 2.0) * pooled.standard_error
        value = Range(pooled.estimate - half, pooled.estimate + half, unit)
        fields.update(
            estimate=pooled.estimate,
            standard_error=pooled.standard_error,
            level=level,
            effects=effects,
            chi2=pooled.chi2,
            dof=pooled.dof,
            p_value=pooled.p_value,
            i2=pooled.i2,
            tau2=pooled.tau2,
        )
        adjusted = [widen_to(it.value, pooled.estimate) for it in items]
        for pos, k in enumerate(pooled.used):
            it = items[k]
            measurements.append(
                Measurement(
                    claim=it.claim.id,
                    source=it.source,
                    unit=unit,
                    value=pooled.means[pos],
                    sd=pooled.sds[pos],
                    reading=pooled.readings[pos],
                    reconciled=pooled.estimate,
                    z=pooled.z[pos],
                    share=pooled.shares[pos],
                    flagged=pooled.flagged[pos],
                )
            )
            if pooled.readings[pos] == "rounding":
                notes.append(
                    f"claim {it.claim.id!r} states an exact figure; it is read as the "
                    f"rounding interval of its digits, {pooled.read_as[pos]}"
                )
        for k, it in enumerate(items):
            if k not in pooled.used:
                notes.append(
                    f"claim {it.claim.id!r} ({it.value}) has an unbounded end and no centre: "
                    "it takes no part in the estimate, and its adjustment says whether it "
                    "holds the estimate"
                )
    else:  # pragma: no cover - dispatch checks the method
        msg = f"unknown method {method!r}"
        raise ReconciliationError(msg)
    adjustments = [
        Adjustment(
            claim=it.claim.id,
            source=it.source,
            weight=it.weight,
            original=it.value,
            adjusted=new,
            stretch=change,
        )
        for it, (new, change) in zip(items, adjusted, strict=True)
    ]
    order = {c.id: i for i, c in enumerate(claims)}
    adjustments.sort(key=lambda a: order[a.claim])
    measurements.sort(key=lambda m: order[m.claim])
    return Reconciliation(
        method=method,
        measure=ref.measure,
        subject=ref.subject,
        period=ref.period,
        kind=ref.kind,
        value=value,
        status=status,
        adjustments=tuple(adjustments),
        measurements=tuple(measurements),
        notes=tuple(notes),
        **fields,
    )
