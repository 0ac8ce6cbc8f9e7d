"""Reconciling a partition on a worker, and putting the partitions' results together (internal).

Each partition is reconciled by :func:`~claimkit.reconciliation.api.reconcile` with
the relations its names need; a partition that fails is reconciled component by component. What the
whole-set methods decide over all the claims is decided again on the driver:

- ``relax``: the total slack is the sum over components, as the relaxation is;
- ``least_squares``: the chi-square, its degrees of freedom and the number of
  claims tested add up; the claims in gross error are flagged by
  :func:`~claimkit.reconciliation.one.serial_elimination` over the whole table,
  from each component's statistics after each claim set aside (a component's
  statistics do not depend on the others, so each worker works them out for its
  components: the *trace* of the component);
- ``drop``: the claims set aside and their weight add up; the alternatives are
  combined across components in the order
  :func:`~claimkit.reconciliation.api.reconcile` gives them (first those that change
  one component's choice, then two, each in the order of their ids).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.relations import Sum
from claimkit.distributed._input import ROW, Reading
from claimkit.distributed._tasks import Failure, by_component, renumbered
from claimkit.distributed.components import relations_for
from claimkit.errors import ClaimsFileError
from claimkit.reconciliation import reconcile
from claimkit.reconciliation.one import chi2_sf, sidak_critical
from claimkit.reconciliation.results import Adjustment, SetMethod, SetReconciliation

__all__ = [
    "Settings",
    "Settled",
    "combined_alternatives",
    "flagged",
    "merge_notes",
    "settle_part",
    "suspect_of",
    "totals",
]

#: How close to the largest ``|z|`` another counts as a tie (as serial elimination has it).
_TIE = 1e-9


@attrs.frozen
class Settings:
    """The options of :func:`~claimkit.reconciliation.api.reconcile` that each partition uses."""

    method: SetMethod
    level: float
    max_alternatives: int
    time_limit: float


@attrs.frozen(eq=False)
class Settled:
    """What one partition's reconciliation leaves on its worker.

    ``pieces`` are the partition's reconciliations (one, or one per component when
    the partition failed as a whole), with the row and component of each claim;
    ``traces`` (least squares) give, for each component where some claim may be in
    gross error, its statistics (claim id to ``z``) after each set of claims set
    aside.
    """

    pieces: tuple[SetReconciliation, ...] = ()
    rows: Mapping[str, int] = attrs.field(factory=dict)
    components: Mapping[str, int] = attrs.field(factory=dict)
    traces: Mapping[int, tuple[tuple[frozenset[str], Mapping[str, float]], ...]] = attrs.field(
        factory=dict
    )
    failures: tuple[Failure, ...] = ()
    bad: tuple[tuple[int, str], ...] = ()
    bad_more: int = 0
    tested: int = 0


def _reconciled(
    claims: Sequence[Claim], relations: Iterable[Sum], settings: Settings
) -> SetReconciliation:
    measures = {c.measure for c in claims}
    subjects = {c.subject for c in claims}
    claimset = ClaimSet(claims, relations=relations_for(relations, measures, subjects))
    return reconcile(
        claimset,
        method=settings.method,
        level=settings.level,
        max_alternatives=settings.max_alternatives,
        time_limit=settings.time_limit,
    )


def _z(result: SetReconciliation) -> dict[str, float]:
    return {m.claim: m.z for m in result.measurements if m.z is not None}


def _trace(
    claims: Sequence[Claim],
    first: Mapping[str, float],
    relations: Iterable[Sum],
    settings: Settings,
) -> tuple[tuple[frozenset[str], Mapping[str, float]], ...]:
    """Return a component's statistics as its worst claims are set aside, one by one.

    Stops where no ``|z|`` is above the smallest critical value of any test (one
    claim tested), or where several claims tie for the largest (serial elimination
    stops there too).
    """
    floor = sidak_critical(settings.level, 1)
    steps: list[tuple[frozenset[str], Mapping[str, float]]] = [(frozenset(), dict(first))]
    removed: frozenset[str] = frozenset()
    z = dict(first)
    while z:
        top = max(abs(v) for v in z.values())
        worst = {c for c, v in z.items() if abs(v) >= top * (1.0 - _TIE)}
        if top <= floor or len(worst) > 1:
            break
        removed |= worst
        kept = [c for c in claims if c.id not in removed]
        z = _z(_reconciled(kept, relations, settings)) if kept else {}
        steps.append((removed, z))
    return tuple(steps)


def settle_part(frame: Any, reading: Reading, settings: Settings) -> Settled:
    """Reconcile one partition's claims (see the module notes)."""
    try:
        claimset, rows, comps = reading.read(frame)
    except ClaimsFileError as err:
        problems, more = renumbered(str(err), rows=frame[ROW].sort_values().tolist())
        return Settled(bad=problems, bad_more=more)
    row_of = {c.id: int(r) for c, r in zip(claimset.claims, rows.tolist(), strict=True)}
    comp_of = {c.id: int(k) for c, k in zip(claimset.claims, comps.tolist(), strict=True)}
    if not len(claimset):
        return Settled()

    def run(claims: Sequence[Claim]) -> dict[str, Any]:
        return {"result": _reconciled(claims, reading.relations, settings)}

    failures: tuple[Failure, ...] = ()
    try:
        pieces = [run(claimset.claims)]
    except Exception:  # each component alone says which one fails
        pieces, failures = by_component(claimset, comps, run)
    results = tuple(p["result"] for p in pieces)
    traces: dict[int, tuple[tuple[frozenset[str], Mapping[str, float]], ...]] = {}
    if settings.method == "least_squares":
        floor = sidak_critical(settings.level, 1)
        first: dict[int, dict[str, float]] = {}
        for result in results:
            for ident, value in _z(result).items():
                first.setdefault(comp_of[ident], {})[ident] = value
        members: dict[int, list[Claim]] = {}
        for member in claimset.claims:
            members.setdefault(comp_of[member.id], []).append(member)
        for comp, stats in first.items():
            if max(abs(v) for v in stats.values()) > floor:
                traces[comp] = _trace(members[comp], stats, reading.relations, settings)
    tested = sum(len(_z(result)) for result in results)
    return Settled(pieces=results, rows=row_of, components=comp_of, traces=traces,
                   failures=failures, tested=tested)  # fmt: skip


# --------------------------------------------------------------------------- the driver


def flagged(parts: Sequence[Settled], level: float) -> set[str]:
    """Return the claims in gross error, by serial elimination over the whole table.

    As :func:`~claimkit.reconciliation.one.serial_elimination` does it: each round,
    the claim with the largest ``|z|`` among those still tested is flagged and set
    aside if it is above the Sidak-corrected critical value of the number tested;
    claims that tie for it are all flagged and the search stops. A component's
    statistics after a claim is set aside come from its trace.
    """
    tested = sum(part.tested for part in parts)
    steps: dict[int, tuple[tuple[frozenset[str], Mapping[str, float]], ...]] = {}
    for part in parts:
        steps.update(part.traces)
    at = dict.fromkeys(steps, 0)
    flags: set[str] = set()
    while True:
        current = {k: steps[k][at[k]][1] for k in steps if at[k] < len(steps[k])}
        tops = {k: max(map(abs, z.values())) for k, z in current.items() if z}
        if not tops or tested == 0:
            return flags
        top = max(tops.values())
        if top <= sidak_critical(level, tested):
            return flags
        worst = {c for k, z in current.items() for c, v in z.items() if abs(v) >= top * (1 - _TIE)}
        flags |= worst
        if len(worst) > 1:
            return flags
        (k,) = (k for k, z in current.items() if worst & set(z))
        before = len(current[k])
        at[k] += 1
        after = len(steps[k][at[k]][1]) if at[k] < len(steps[k]) else 0
        tested += after - before


def suspect_of(parts: Sequence[Settled], flags: set[str]) -> str | None:
    """Return the flagged claim with the largest ``|z|``, unless several tie for it.

    The ``|z|`` is each claim's with every claim tested (a flagged claim's component
    has a trace, whose first step holds it).
    """
    first = {c: z for part in parts for t in part.traces.values() for c, z in t[0][1].items()}
    scored = [(abs(first[c]), c) for c in flags if c in first]
    if not scored:
        return None
    top = max(score for score, _ in scored)
    best = [c for score, c in scored if score >= top * (1 - _TIE)]
    return best[0] if len(best) == 1 else None


def combined_alternatives(
    parts: Sequence[Settled], limit: int
) -> tuple[list[tuple[str, ...]], bool]:
    """Return the whole table's alternatives to the claims set aside, and whether more exist.

    Each component's choices are read from its partition's result: the set it sets
    aside, and the other sets of the same weight (each alternative of a partition
    changes the choice in one component or more).
    """
    options: dict[int, set[tuple[str, ...]]] = {}
    chosen: dict[int, tuple[str, ...]] = {}
    more = False
    for part in parts:
        for result in part.pieces:
            named = set(result.dropped) | {c for a in result.alternatives for c in a}
            comps = sorted({part.components[c] for c in named})
            mine = {k: tuple(sorted(c for c in result.dropped if part.components[c] == k))
                    for k in comps}  # fmt: skip
            for k in comps:
                chosen[k] = mine[k]
                options.setdefault(k, set())
            for alternative in result.alternatives:
                for k in comps:
                    own = tuple(sorted(c for c in alternative if part.components[c] == k))
                    if own != mine[k]:
                        options[k].add(own)
            more |= any(n.startswith("more sets of the same weight") for n in result.notes)
    changing = sorted(k for k in options if options[k])
    found: list[tuple[int, tuple[str, ...]]] = []
    for n in range(1, len(changing) + 1):
        for which in itertools.combinations(changing, n):
            for picks in itertools.product(*(sorted(options[k]) for k in which)):
                swapped = dict(zip(which, picks, strict=True))
                ids = sorted(c for k, own in chosen.items() for c in swapped.get(k, own))
                found.append((n, tuple(ids)))
        if len(found) > limit:
            break
    found.sort()
    return [ids for _, ids in found[:limit]], more or len(found) > limit


_GROUPS = re.compile(r"\b(\d+) ((?:independent )?group\(s\))")
#: A note about one claim (``claim 'x' ...``): one machine lists them in the order of the ids.
_PER_CLAIM = re.compile(r"\Aclaim (?:'[^']*'|\"[^\"]*\") ")
_AS_THEY_ARE = "the claims are consistent as they are: "


def merge_notes(
    notes: Iterable[str], *, changed: bool, failures: Iterable[Failure]
) -> tuple[str, ...]:
    """Return the notes of the whole table: counts of groups added up, the rest once."""
    counted: dict[str, int] = {}
    other: dict[str, None] = {}
    per_claim: list[str] = []
    as_they_are = ""
    for note in notes:
        found = _GROUPS.search(note)
        if _PER_CLAIM.match(note):
            per_claim.append(note)
        elif note.startswith(_AS_THEY_ARE):
            as_they_are = note
        elif found is not None:
            key = _GROUPS.sub("\0 \\2", note, count=1)
            counted[key] = counted.get(key, 0) + int(found.group(1))
        else:
            other[note] = None
    out = [*sorted(per_claim), *other]
    out += [key.replace("\0", str(n), 1) for key, n in counted.items()]
    if as_they_are and not changed:
        out.append(as_they_are)
    out += [
        f"component {f.component} ({f.claims} claims, the first {f.first!r}) was not "
        f"reconciled: {f.error}: {f.message}"
        for f in failures
    ]
    return tuple(out)


def totals(parts: Sequence[Settled], level: float) -> dict[str, Any]:
    """Return the chi-square, its degrees of freedom, p-value and critical value."""
    results = [r for part in parts for r in part.pieces]
    chi2 = math.fsum(r.chi2 or 0.0 for r in results)
    dof = sum(r.dof or 0 for r in results)
    tested = sum(part.tested for part in parts)
    return {
        "chi2": chi2 if dof > 0 else None,
        "dof": dof,
        "p_value": chi2_sf(chi2, dof) if dof > 0 else None,
        "critical": sidak_critical(level, tested) if tested else None,
    }


def in_table_order(parts: Sequence[Settled], get: Callable[[SetReconciliation], Iterable[Any]],
                   key: Callable[[Any], str]) -> list[Any]:  # fmt: skip
    """Return the items of every piece (claims, adjustments), in the order of their rows."""
    rows: dict[str, int] = {}
    items: list[Any] = []
    for part in parts:
        rows.update(part.rows)
        for result in part.pieces:
            items.extend(get(result))
    return sorted(items, key=lambda item: rows[key(item)])


def adjustment_key(a: Adjustment) -> str:
    """Return the claim of an adjustment."""
    return a.claim
