"""The steps of :func:`claimkit.check`, kept apart from the public types (internal)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine import components as _engine
from claimkit.engine import conflict_sets as _conflict_sets
from claimkit.engine import exact_bounds as _exact_bounds
from claimkit.engine import findings as _findings
from claimkit.engine import groups as _groups
from claimkit.engine import propagate as _propagate
from claimkit.engine import ratios as _ratios
from claimkit.engine import relax as _relax
from claimkit.engine import set_margins as _set_margins
from claimkit.engine import words as _words
from claimkit.engine._content import FindingTable
from claimkit.engine._kept import KEEP_MODEL_ROWS, KeptModel
from claimkit.engine._members import Members
from claimkit.engine.collector import collector_paused
from claimkit.engine.columns import (
    AnyClaims,
    ClaimColumns,
    FindingColumns,
    columns_of,
    ids_of,
    quantity_of,
)
from claimkit.engine.groups import Group
from claimkit.engine.highs import FEASIBILITY_TOLERANCE
from claimkit.engine.matrix import (
    MAX_SPREAD,
    LinearModel,
    lexsort_ints,
    take_ragged,
)
from claimkit.engine.model import ClaimInfo, build_with_info
from claimkit.engine.report import (
    Basis,
    Comparison,
    Finding,
    QuantityBounds,
    Report,
    ReportContent,
)
from claimkit.errors import NumericalError
from claimkit.values._array_rounding import FLOAT_MAX
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import divide_units

__all__ = ["Progress", "run"]

#: A progress hook: called with (stages done, stages in all, what is being done).
Progress = Callable[[int, int, str], None]
#: The stages of a check that report progress.
_STAGES = 4


def _silent(done: int, total: int, stage: str) -> None:
    """Say nothing (the progress hook of a check that was given none)."""


#: How many enclosing totals to look at when pairing a rate with the nearest one.
_NEAREST_SCAN = 64
_VERDICTS = ("conflict", "tension", "consistent")

Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


def _source(claim: Claim) -> str | None:
    return None if claim.source is None else claim.source.name


def _period(a: int, b: int) -> Period:
    return Period(datetime.date.fromordinal(a), datetime.date.fromordinal(b))


def _conflict_findings(
    claimset: AnyClaims, model: LinearModel, ok: Bools, local: _LocalFindings, limit: int | None
) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    notes: list[str] = []
    claims = claimset.claims
    # A group's local finding that clashes most is its first conflict set, if it is one
    # (worked out only when some group conflicts).
    loc, clash = local.locals, (local.verdict == 0) & ~ok.all()
    hints = _conflict_sets.first_hints(model, loc.ptr, loc.claims, local.margins.margin, clash)
    found, left, skipped = _conflict_sets.conflicts_of(
        model, np.flatnonzero(~ok).tolist(), limit=limit, hints=hints
    )
    # The margins of sets of counts, solved together; touching sets have none.
    counts = [
        c.claims for c in found if not c.touching and not _ratios.has_ratio(claimset, c.claims)
    ]
    margins = dict(zip(counts, _set_margins.margins_many(model, counts), strict=True))
    for conflict in found:
        ids = conflict.claims
        eps, gap = (
            (0.0, 0.0) if conflict.touching else margins.get(ids) or _margins(claimset, model, ids)
        )
        seen: dict[tuple[str, str, datetime.date, datetime.date], None] = {}
        for i in ids:
            c = claims[i]
            seen[(c.measure, c.subject, c.period.start, c.period.end)] = None
            of = c.of  # a ratio's denominator is one of the quantities too
            if of is not None and of.subject is not None and of.period is not None:
                seen[(of.measure, of.subject, of.period.start, of.period.end)] = None
        # The quantities in order of measure, subject and dates, as a reader scans them.
        what = "; ".join(f"{m} of {s} over [{a}, {b})" for m, s, a, b in sorted(seen))
        relation = f"cannot all hold: {what}"
        if conflict.structural:
            relation += " (counts cannot decrease or be negative)"
        if conflict.touching:
            relation += "; they meet only where strict ends touch"
        findings.append(
            Finding(
                kind="conflict-set",
                claims=tuple(claims[i].id for i in ids),
                sources=tuple(_source(claims[i]) for i in ids),
                relation=relation,
                verdict="conflict",
                margin=-eps if eps > 0 else 0.0,
                margin_abs=-gap if gap > 0 else 0.0,
                unit=_ratios.conflict_unit(claimset, ids),
                touching=conflict.touching,
            )
        )
    if limit is not None and (left or skipped):
        notes.append(_conflict_sets.limit_note(limit, left, skipped))
    return findings, notes


def _margins(claimset: AnyClaims, model: LinearModel, ids: Sequence[int]) -> tuple[float, float]:
    """Return a conflict set's common stretch and its gap (claims by index).

    Counts alone share one sub-model (:func:`claimkit.engine.components.margins`); a
    set with a ratio claim stretches by bisection (:func:`claimkit.engine.ratios.stretch`).
    """
    if _ratios.has_ratio(claimset, ids):
        return _ratios.stretch(claimset, model, ids), _engine.gap(model, ids)
    return _engine.margins(model, ids)


class _LocalFindings:
    """Decided local findings, as columns or as :class:`Finding` objects on demand."""

    def __init__(
        self,
        claimset: AnyClaims,
        info: ClaimInfo,
        tension: float,
        columns: ClaimColumns | None = None,
    ) -> None:
        self.claimset = claimset
        self.columns = columns_of(claimset) if columns is None else columns
        self.info = info
        self.tension = tension
        found = _findings.generate(claimset, info)
        self.margins = m = _findings.evaluate(found, info)
        # Once decided, the findings' coefficients and lower bounds are not read again.
        self.locals = attrs.evolve(found, coefs=np.empty(0), rel_lo=np.empty(0))
        self.verdict = np.where(~m.strict_ok, 0, np.where(m.margin < tension, 1, 2)).astype(np.int8)
        self.order = np.argsort(self.verdict, kind="stable")

    def counts(self) -> dict[str, int]:
        counts = np.bincount(self.verdict, minlength=3)
        return {v: int(counts[k]) for k, v in enumerate(_VERDICTS)}

    def table(self, ks: Ints) -> FindingColumns:
        """Return findings ``ks`` as columns (the claims' ids and sources read from columns)."""
        table, relations = self.phrased(ks)
        return attrs.evolve(table, relation=relations.texts())

    def phrased(self, ks: Ints) -> tuple[FindingColumns, _words.Phrases]:
        """Return findings ``ks`` as columns (``relation`` left empty) and their relations."""
        loc, m, columns = self.locals, self.margins, self.columns
        ptr, gather = take_ragged(loc.ptr, ks)
        terms = loc.claims[gather]
        names = np.array([None, *(source.name for source in columns.sources)], dtype=np.object_)
        coded = _words.coded(
            kind=(_words.kind_codes(loc, ks, self.info), _words.KIND_NAMES),
            verdict=(self.verdict[ks], _VERDICTS),
            unit=(columns.unit[loc.claims[loc.ptr[ks]]], columns.units),
        )
        return FindingColumns(
            **{name: of[codes] for name, (codes, of) in coded.items()},
            margin=m.margin[ks],
            margin_abs=m.margin_abs[ks],
            touching=m.closed_ok[ks] & ~m.strict_ok[ks],
            relation=np.full(ks.shape[0], "", dtype=np.object_),
            ptr=ptr,
            claims=columns.ids[terms],
            sources=names[columns.source[terms] + 1],
            lookup=self.claimset,
            coded=coded,
        ), _words.relation_phrases(loc, ks, self.info)

    def finding(self, k: int) -> Finding:
        return _made(self.table(np.array([k], dtype=np.int64)))[0]

    def all(self) -> list[Finding]:
        return _made(self.table(self.order))

    def of(self, verdict: str) -> list[Finding]:
        code = _VERDICTS.index(verdict)
        return _made(self.table(np.flatnonzero(self.verdict == code).astype(np.int64)))


def _made(table: FindingColumns) -> list[Finding]:
    """Return findings given as columns as :class:`Finding` objects."""
    ptr = table.ptr.tolist()
    claims, sources = table.claims.tolist(), table.sources.tolist()
    return [
        Finding(
            kind=kind,
            claims=tuple(claims[ptr[k] : ptr[k + 1]]),
            sources=tuple(sources[ptr[k] : ptr[k + 1]]),
            relation=relation,
            verdict=verdict,
            margin=margin,
            margin_abs=margin_abs,
            unit=unit,
            touching=touching,
        )
        for k, (kind, verdict, margin, margin_abs, unit, touching, relation) in enumerate(
            zip(
                table.kind.tolist(),
                table.verdict.tolist(),
                table.margin.tolist(),
                table.margin_abs.tolist(),
                table.unit.tolist(),
                table.touching.tolist(),
                table.relation.tolist(),
                strict=True,
            )
        )
    ]


class _Groups:
    """Every independent group judged as a whole (see :mod:`claimkit.engine.groups`).

    Worked out when first asked for, in two steps. The findings and counts need only
    which groups are tensions that no finding shows: one feasibility LP per block of
    groups, their claims shrunk by the threshold, decides that
    (:func:`~claimkit.engine.groups.below`), but for blocks of groups ``cleared``
    of a tension by the LP that decided their feasibility
    (:func:`~claimkit.engine.components.feasible_and_cleared`). The groups themselves
    need every group's margin: one largest-shrink LP per block, and the stretch of each
    conflicting group. A margin the solver puts on the other side of the threshold
    than the first step's verdict (within its tolerance) is read as at the threshold.
    """

    def __init__(
        self,
        claimset: AnyClaims,
        kept: KeptModel,
        info: ClaimInfo,
        ok: Bools,
        local: _LocalFindings,
        *,
        exact_rows: int,
        cleared: Bools | None = None,
    ) -> None:
        self.exact_rows = exact_rows
        self.cleared = cleared
        self.claimset = claimset
        self.kept = kept
        self.info = info
        self.ok = ok
        self.local = local
        self.decided = False
        self.done = False
        self.found: list[Finding] | None = None

    def decide(self) -> None:
        """Find the groups that agree only just where no finding says so."""
        if self.decided:
            return
        model, ok = self.kept.get(), self.ok
        n_comp = model.n_components
        row_comp = np.searchsorted(model.comp_row_ptr, np.arange(model.n_rows), side="right") - 1
        claim_comp = np.full(len(self.claimset.claims), -1, dtype=np.int64)
        claim_comp[model.rows.claim] = row_comp
        with_rows = np.flatnonzero(claim_comp >= 0)
        order = with_rows[np.argsort(claim_comp[with_rows], kind="stable")]
        starts = np.flatnonzero(np.diff(claim_comp[order], prepend=-1))
        members = Members(claim_comp[order[starts]], order, np.append(starts, order.shape[0]))
        # A group of more rows than the exact-bounds limit is not solved whole: its
        # margin is the smallest of its findings' (an upper bound of the group's; only
        # those groups' are read). ``shown``: a local tension or conflict on a claim of it.
        loc, big = self.local.locals, np.diff(model.comp_row_ptr) > self.exact_rows
        term_finding, comp = np.repeat(np.arange(loc.n), np.diff(loc.ptr)), claim_comp[loc.claims]
        on, least = np.flatnonzero(big[comp] & (comp >= 0)), np.full(n_comp, np.inf)
        np.minimum.at(least, comp[on], self.local.margins.margin[term_finding[on]])
        flagged, shown = comp[self.local.verdict[term_finding] < 2], np.zeros(n_comp, np.bool_)
        shown[flagged[flagged >= 0]] = True
        # Groups in the order of their first claim (claims are sorted by id).
        self.order = members.groups[np.argsort(members.firsts)].tolist()
        self.members, self.big, self.least = members, big, least
        tension = self.local.tension
        size = np.zeros(n_comp, dtype=np.int64)
        size[members.groups] = members.sizes
        # Only a group that holds, of more than one claim, none of whose findings is
        # a tension or conflict, can be a tension no finding shows.
        wanted = ok & ~shown & (size > 1)
        # A group with a ratio claim has the margin of engine.ratios.
        ratio = np.full(n_comp, np.nan)
        _ratios.group_margins(self.claimset, members, ratio, agree=wanted & ~big)
        with_ratio = ~np.isnan(ratio)
        solve = wanted & ~big & ~with_ratio
        self.low = _groups.below(model, solve, ok & ~big, tension, cleared=self.cleared)
        self.low[with_ratio] = ratio[with_ratio]
        self.low[big & wanted] = np.minimum(np.where(np.isfinite(least), least, 1.0), 1.0)[
            big & wanted
        ]
        self.hidden = [c for c in self.order if wanted[c] and self.low[c] < tension]
        self.decided = True

    def compute(self) -> None:
        """Work out every group's margin and verdict."""
        if self.done:
            return
        self.decide()
        model, ok, members, big = self.kept.get(), self.ok, self.members, self.big
        least = self.least
        margin = _groups.shrink(model, ok & ~big)
        for comp in np.flatnonzero(~ok).tolist():
            if big[comp]:
                margin[comp] = min(least[comp], 0.0)
            else:
                margin[comp] = -_ratios.stretch(self.claimset, model, members[comp])
        _ratios.group_margins(self.claimset, members, margin, agree=ok & ~big)
        big_ok = big & ok
        margin[big_ok] = np.minimum(np.where(np.isfinite(least), least, 1.0), 1.0)[big_ok]
        tension = self.local.tension
        # The first step's verdict stands (see the class's documentation).
        low = self.low
        margin = np.where(np.isinf(low), np.maximum(margin, tension), margin)
        known = np.isfinite(low)
        margin[known] = low[known]
        self.margin = margin
        self.code = np.where(~ok, 0, np.where(margin < tension, 1, 2))
        self.done = True

    def groups(self) -> list[Group]:
        self.compute()
        return [
            Group(
                claims=ids_of(self.claimset, self.members[c]),
                verdict=_VERDICTS[int(self.code[c])],  # type: ignore[arg-type]
                margin=float(self.margin[c]),
                exact=not bool(self.big[c]),
            )
            for c in self.order
        ]

    def findings(self) -> list[Finding]:
        """Return a finding for each group that agrees only just where no finding says so."""
        if self.found is not None:
            return list(self.found)
        self.decide()
        claims, info = self.claimset.claims, self.info
        out: list[Finding] = []
        for c in self.hidden:
            ids = self.members[c]
            first = _ratios.reference(self.claimset, ids)
            quantity = (info.series(first), int(info.span_start[first]), int(info.span_end[first]))
            lo, hi = _exact_bounds.bounds_lp(self.kept.get(), [quantity])
            out.append(
                Finding(
                    kind="group",
                    claims=tuple(claims[i].id for i in ids),
                    sources=tuple(_source(claims[i]) for i in ids),
                    relation=(
                        f"all {len(ids)} claims of this independent group at once: each "
                        "finding on a few of them leaves room, together they leave less"
                    ),
                    verdict="tension",
                    margin=float(self.low[c]),
                    margin_abs=max(float(hi[0] - lo[0]), 0.0),
                    unit=_ratios.conflict_unit(self.claimset, ids),
                )
            )
        self.found = out
        return list(out)

    def counts(self, base: dict[str, int]) -> dict[str, int]:
        self.decide()
        return {**base, "tension": base["tension"] + len(self.hidden)}


class _Bounds:
    """Propagated (and, for small models, exact) bounds of every claim quantity.

    Computed when first asked for: a report that is only asked whether the claims
    hold does not pay for them.
    """

    def __init__(
        self,
        claimset: AnyClaims,
        kept: KeptModel,
        info: ClaimInfo,
        ok: Bools,
        exact_rows: int,
        *,
        relax: bool = True,
    ) -> None:
        self.claimset = claimset
        self.kept = kept
        self.info = info
        self.ok = ok
        self.exact_rows = exact_rows
        self.relax = relax

    def compute(self) -> None:
        model, info, ok = self.kept.get(), self.info, self.ok
        active = np.flatnonzero(info.n_rows > 0)
        q = info.quantity[active]
        order = np.argsort(q, kind="stable")
        self.members = active[order]
        q_sorted = q[order]
        first = np.flatnonzero(np.r_[True, q_sorted[1:] != q_sorted[:-1]]) if q.size else q
        self.group_ptr = np.r_[first, q_sorted.shape[0]].astype(np.int64)
        reps = self.members[first]
        self.reps = reps
        n_q = reps.shape[0]
        sets = [info.series(int(i)) for i in reps.tolist()]
        ptr = np.zeros(n_q + 1, dtype=np.int64)
        np.cumsum([len(s) for s in sets], out=ptr[1:])
        flat = np.fromiter((x for st in sets for x in st), dtype=np.int64, count=int(ptr[-1]))
        self.starts = info.span_start[reps]
        self.ends = info.span_end[reps]
        var_lo, var_hi, _ = _propagate.propagate(model, scaled=True)
        q_lo, q_hi = _propagate.quantity_bounds(
            model,
            var_lo,
            var_hi,
            q_series_ptr=ptr,
            q_series=flat,
            q_start=self.starts,
            q_end=self.ends,
        )
        # A claim about exactly this quantity bounds it too.
        group = np.repeat(np.arange(n_q), np.diff(self.group_ptr))
        np.maximum.at(q_lo, group, info.total_lo[self.members])
        np.minimum.at(q_hi, group, info.total_hi[self.members])
        # Claims that meet within the solver's tolerance hold (see _uncrossed).
        comp = model.series_comp[flat[ptr[:-1]]] if n_q else np.zeros(0, np.int64)
        floor = np.minimum(1.0, model.comp_scale[comp])
        q_lo, q_hi = _uncrossed(q_lo, q_hi, floor)
        self.q_lo, self.q_hi = q_lo, q_hi
        self.comp_ok = ok[model.series_comp[flat[ptr[:-1]]]] if n_q else np.zeros(0, np.bool_)
        self.exact: tuple[np.ndarray, np.ndarray] | None = None
        n_mono = model.n_vars - int(np.count_nonzero(np.diff(model.series_ptr)))
        # Exact bounds (also those under the relaxation) when the whole model is small.
        self.small = model.n_rows + n_mono <= self.exact_rows
        if self.small and n_q:
            quantities = [
                (st, int(a), int(b)) for st, a, b in zip(sets, self.starts, self.ends, strict=True)
            ]
            lo, hi, lo_open, hi_open = _exact_bounds.bounds_with_ends(model, quantities, ok=ok)
            e_lo, e_hi = _uncrossed(lo, hi, floor)
            # A minimum above the maximum beyond the tolerance (never seen) would be
            # the solver's error, not an empty range: the propagated bound holds then.
            bad = e_lo > e_hi
            self.exact = np.where(bad, q_lo, e_lo), np.where(bad, q_hi, e_hi)
            # An open end of a bound that is not a single point (see bounds_with_ends).
            wide = ~bad & (e_lo < e_hi)
            self.exact_open = lo_open & wide, hi_open & wide

    def relaxed(self) -> dict[tuple[str, ...], QuantityBounds]:
        """Return the bounds under the least relaxation, by the ids of their claims.

        The relaxation is ``reconcile(method="relax")``'s (:mod:`claimkit.engine.relax`),
        and its bounds are worked out as for the claims themselves, so that they are
        those of a check of the relaxed claims. Only bounds of groups that agree once
        relaxed are kept; none when no relaxation is found (HiGHS finds no optimum).
        """
        if not self.relax or bool(self.comp_ok.all()):
            return {}
        # Only the claims of the components that fail are relaxed (the others keep
        # their own bounds): each component is relaxed on its own, and a table's
        # claims are made only for them.
        model = self.kept.get()
        failing = ~self.ok[model.row_comp]
        picked = np.unique(model.rows.claim[failing]).tolist()
        claims = self.claimset.claims
        failed = ClaimSet([claims[i] for i in picked], relations=self.claimset.relations)
        try:
            found = _relax.relaxation(failed.canonical)
        except NumericalError:
            return {}
        model, info, _ = build_with_info(found.claimset)
        ok = _engine.feasible_components(model)
        rows = self.exact_rows if self.small else 0
        bounds = _Bounds(found.claimset, KeptModel(model), info, ok, rows, relax=False)
        wanted = {self.ids(k) for k in np.flatnonzero(~self.comp_ok).tolist()}
        return {
            b.claims: b
            for b in bounds.all(only=wanted, basis="relaxed")
            if not b.propagated.is_empty
        }

    def ids(self, k: int) -> tuple[str, ...]:
        """Return the ids of the claims about quantity ``k``."""
        return ids_of(self.claimset, self.members[self.group_ptr[k] : self.group_ptr[k + 1]])

    def all(
        self, only: set[tuple[str, ...]] | None = None, basis: Basis = "claims"
    ) -> list[QuantityBounds]:
        """Return the bounds of every quantity, or of those whose claims' ids are ``only``."""
        self.compute()
        relaxed = self.relaxed() if only is None else {}
        out: list[QuantityBounds] = []
        for k, rep in enumerate(self.reps.tolist()):
            ids = self.ids(k)
            if only is not None and ids not in only:
                continue
            ok = bool(self.comp_ok[k])
            if not ok and ids in relaxed:
                out.append(relaxed[ids])
                continue
            measure, subject = quantity_of(self.claimset, rep)
            unit = self.claimset.family_units[self.info.family[rep]]
            propagated = _range(self.q_lo[k], self.q_hi[k], unit) if ok else Range.empty(unit)
            exact = None
            if self.exact is not None:
                lo, hi = self.exact
                opens = (bool(self.exact_open[0][k]), bool(self.exact_open[1][k]))
                exact = _range(lo[k], hi[k], unit, opens) if ok else Range.empty(unit)
            out.append(
                QuantityBounds(
                    measure=measure,
                    subject=subject,
                    period=_period(int(self.starts[k]), int(self.ends[k])),
                    claims=ids,
                    propagated=propagated,
                    exact=exact,
                    basis=basis,
                )
            )
        return out


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Return findings with conflicts first, then tensions, then consistent ones (stable)."""
    return sorted(findings, key=lambda f: _VERDICTS.index(f.verdict))


def _uncrossed(lo: Floats, hi: Floats, floor: Floats) -> tuple[Floats, Floats]:
    """Swap ends where the lower one passes the upper by less than the solver's tolerance.

    Claims that meet within the tolerance hold (a rate turned into a total one
    rounding error below an exact total; an LP minimum of 1e-17 over a maximum of 0),
    so a bound keeps both ends rather than coming back empty. The tolerance is
    relative to the bound, or to ``floor`` (one count, or the component's scale if
    that is smaller) when the bound is smaller.
    """
    size = np.maximum(floor, np.abs(np.where(np.isfinite(lo), lo, 0.0)))
    with np.errstate(over="ignore", invalid="ignore"):
        cross = (lo > hi) & (lo - hi <= FEASIBILITY_TOLERANCE * size)
    return np.where(cross, hi, lo), np.where(cross, lo, hi)


def _range(lo: float, hi: float, unit: str, opens: tuple[bool, bool] = (False, False)) -> Range:
    if np.isnan(lo) or np.isnan(hi) or lo > hi:
        return Range.empty(unit)
    # Counts are never negative; an LP optimum may sit a rounding error below 0. A
    # lower bound beyond the largest float (a sum of huge parts) is that float.
    low, high = min(max(float(lo), 0.0), FLOAT_MAX), max(float(hi), 0.0)
    if low >= high:
        opens = (False, False)
    return Range(low, high, unit, lo_open=opens[0], hi_open=opens[1])


def _time_unit(claim: Claim) -> str:
    return divide_units(claim.count_unit, claim.value.unit)[0]


def _compare(a: Claim, b: Claim, per: str, description: str) -> Comparison:
    va = a.as_rate(per)
    vb = b.as_rate(per)
    return Comparison(
        claims=(a.id, b.id),
        values=(va, vb.to(va.unit)),
        unit=va.unit,
        ratio=va / vb,
        description=description,
    )


#: How many rates to pair at once (a rate looks at ``_NEAREST_SCAN`` totals).
_NEAREST_CHUNK = 1 << 14


def _nearest_totals(claimset: AnyClaims, info: ClaimInfo) -> list[tuple[int, int]]:
    """Pair every rate claim with the nearest total over an enclosing span (same series).

    The totals of each set of series are sorted by end (then by claim); a rate over
    ``[a, b)`` looks at the ``_NEAREST_SCAN`` of its set's totals from the first that
    ends at or after ``b``, and takes the shortest (the first of equals) that starts at
    or before ``a`` and is not over ``[a, b)`` itself. All rates are paired at once.
    """
    active = np.flatnonzero(info.n_rows > 0)
    rates = active[info.is_rate[active]]
    totals = active[~info.is_rate[active]]
    if not rates.size or not totals.size:
        return []
    # By set, then end; ``totals`` is ascending and the sort stable, so equals keep
    # the claims' order.
    totals = totals[lexsort_ints([info.span_end[totals], info.set_id[totals]])]
    t_set, t_start, t_end = (
        info.set_id[totals],
        info.span_start[totals],
        info.span_end[totals],
    )
    # Totals of one set, by end, as one key each: a rate's first is found by searchsorted.
    day0 = int(min(info.span_end[active].min(), info.span_start[active].min()))
    days = int(info.span_end[active].max()) - day0 + 1
    t_key = t_set * days + (t_end - day0)
    pairs: list[tuple[int, int]] = []
    for first in range(0, rates.shape[0], _NEAREST_CHUNK):
        some = rates[first : first + _NEAREST_CHUNK]
        a, b, set_of = info.span_start[some], info.span_end[some], info.set_id[some]
        pos = np.searchsorted(t_key, set_of * days + (b - day0))
        stop = np.minimum(np.searchsorted(t_key, (set_of + 1) * days), pos + _NEAREST_SCAN)
        # As many columns as the rate with the most totals to look at has (at least one).
        j = pos[:, None] + np.arange(max(int((stop - pos).max()), 1))[None, :]
        inside = j < stop[:, None]
        j = np.where(inside, j, 0)
        s, e = t_start[j], t_end[j]
        fits = (
            inside
            & (s <= a[:, None])
            & ((s != a[:, None]) | (e != b[:, None]))
            & (t_set[j] == set_of[:, None])
        )
        days_over = np.where(fits, e - s, np.iinfo(np.int64).max)
        best = np.argmin(days_over, axis=1)
        found = fits[np.arange(some.shape[0]), best]
        chosen = totals[j[np.arange(some.shape[0]), best]]
        keep = found & ~info.ratio[chosen]
        pairs.extend(zip(some[keep].tolist(), chosen[keep].tolist(), strict=True))
    return pairs


def _comparisons(
    claimset: AnyClaims, info: ClaimInfo, pairs: Sequence[tuple[str, ...]]
) -> list[Comparison]:
    claims = claimset.claims
    out: list[Comparison] = []
    for i, j in _nearest_totals(claimset, info):
        rate, total = claims[i], claims[j]
        description = (
            f"{rate.id} (rate over {rate.period}) beside the average rate over "
            f"{total.period} implied by {total.id}"
        )
        out.append(_compare(rate, total, _time_unit(rate), description))
    for entry in pairs:
        a_claim, b_claim = claimset[entry[0]], claimset[entry[1]]
        if len(entry) == 3:
            per = entry[2]
        else:
            rate_claim = next((c for c in (a_claim, b_claim) if c.kind == "rate"), None)
            per = "week" if rate_claim is None else _time_unit(rate_claim)
        description = (
            f"{a_claim.id} ({a_claim.kind} over {a_claim.period}) beside {b_claim.id} "
            f"({b_claim.kind} over {b_claim.period}), as average rates per {per}"
        )
        out.append(_compare(a_claim, b_claim, per, description))
    return out


@collector_paused()
def run(
    claimset: AnyClaims,
    *,
    compare: Sequence[tuple[str, ...]],
    tension: float,
    exact_bounds: int,
    max_conflicts: int | None,
    progress: Progress | None = None,
) -> Report:
    """Check a claim set (see :func:`claimkit.check`)."""
    tell: Progress = progress if progress is not None else _silent
    tell(0, _STAGES, "building the model")
    columns = columns_of(claimset)
    # From the claims, not their columns alone: a claim set's ratio claims make their own rows.
    model, info, _ = build_with_info(claimset, columns=columns)
    notes: list[str] = []
    for i in np.flatnonzero((info.n_rows == 0) & ~info.ratio).tolist():
        claim = claimset.claims[i]
        notes.append(
            f"claim {claim.id!r}: its period {claim.period} holds no whole window of "
            f"{claim.window} days, so it constrains nothing"
        )
    coarse = model.coarse_claims().tolist()
    if coarse:
        ids = ", ".join(repr(claimset.claims[i].id) for i in coarse[:8])
        more = f" and {len(coarse) - 8} more" if len(coarse) > 8 else ""
        notes.append(
            f"claims {ids}{more} are smaller than {1 / MAX_SPREAD:.0e} of the largest "
            f"claim they are tied to, so the solver checks them to "
            f"{FEASIBILITY_TOLERANCE / MAX_SPREAD:.0e} of that claim's size, not to "
            f"{FEASIBILITY_TOLERANCE:.0e} of their own (cumulative counts carry about 16 "
            "significant digits); findings between claims of like size still hold them to "
            "their own size"
        )
    tell(1, _STAGES, "deciding each group and each finding")
    # The local findings need no group's verdict: HiGHS decides the groups on other
    # threads (it lets go of Python's lock as it solves) while they are decided here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        decided = pool.submit(_engine.feasible_and_cleared, model, tension)
        local = _LocalFindings(claimset, info, tension, columns)
        ok, cleared = decided.result()
    tell(2, _STAGES, "searching for conflict sets")
    conflict_sets, conflict_notes = _conflict_findings(claimset, model, ok, local, max_conflicts)
    tell(3, _STAGES, "gathering the findings")
    notes.extend(conflict_notes)
    counts = local.counts()
    ratio_found = _ratios.findings(claimset, info, tension)
    for found in ratio_found:
        counts[found.verdict] += 1
    local_conflict = counts["conflict"] > 0
    counts["conflict"] += len(conflict_sets)
    kept = KeptModel(model, claimset, columns)
    bounds = _Bounds(claimset, kept, info, ok, exact_bounds)
    comparisons = _comparisons(claimset, info, compare)
    consistent = bool(ok.all()) and not local_conflict
    if not ok.all():
        bad = int(np.count_nonzero(~ok))
        notes.append(
            f"the implied bounds of quantities in the {bad} conflicting group"
            f"{'' if bad == 1 else 's'} are those under the least change that makes their "
            "claims agree, the relaxation reconcile(method='relax') returns (basis "
            "'relaxed'): no value meets all their claims at once; the bounds of the other "
            "groups stand on their claims as stated"
        )
    if bool(ok.all()) and local_conflict:
        notes.append(
            "a local finding conflicts although the solver found the whole set feasible: "
            "the claims meet within the solver's tolerance (1e-9 of their size)"
        )
    groups = _Groups(claimset, kept, info, ok, local, exact_rows=exact_bounds, cleared=cleared)
    if model.n_rows > KEEP_MODEL_ROWS:  # the report lets a large model go (see engine._kept)
        groups.findings()  # they need the model: found now
        kept.release(KEEP_MODEL_ROWS)
    base = {v: counts[v] for v in ("consistent", "tension", "conflict")}
    content = ReportContent(
        findings=lambda: _ordered(conflict_sets + groups.findings() + local.all() + ratio_found),
        select=lambda v: (
            (conflict_sets if v == "conflict" else [])
            + (groups.findings() if v == "tension" else [])
            + local.of(v)
            + [f for f in ratio_found if f.verdict == v]
        ),
        bounds=bounds.all,
        counts=lambda: groups.counts(base),
        groups=groups.groups,
        table=FindingTable(
            lambda: conflict_sets + groups.findings() + ratio_found,
            local.phrased,
            local.order,
            local.verdict[local.order],
        ),
    )
    tell(_STAGES, _STAGES, "done")
    return Report(
        claimset=claimset,
        consistent=consistent,
        comparisons=comparisons,
        components=model.n_components,
        notes=notes,
        tension=tension,
        exact_bounds=exact_bounds,
        content=content,
    )
