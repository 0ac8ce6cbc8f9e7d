"""Setting claims aside: the lightest set of claims, or sources, without which the rest agree.

The Fellegi-Holt question for sourced claims: whose figures must be wrong for
everything else to hold? A *correction set* is a set of claims whose removal leaves
the rest consistent; :func:`drop` finds one of minimum weight (the weight of a claim
is its source's, 1 without a source), and every other one of the same weight up to a
limit. With ``by="source"`` the unit set aside is a source, all its claims at once.

The method is *implicit hitting sets*, exact:

1. the engine decides which components of the linear model cannot hold; only those
   need work, and components that share no unit (a claim, or a source) are solved
   apart;
2. a *conflict* is a set of claims that cannot all hold (an infeasible subset, from
   HiGHS's irreducible infeasible subset, checked infeasible by the LP): every
   correction set must set aside at least one of its units;
3. a minimum-weight *hitting set* of the conflicts found so far (a small 0-1 program,
   whose coefficients are all 1, solved by HiGHS's MIP solver with a gap of 0) is a
   lower bound on the optimum; the LP then checks whether the claims left over hold.
   If they do, the hitting set is a minimum correction set. If not, the conflicts
   among what is left are added, and the hitting set is solved again.

Every step's answer comes from the same LP, with strict ends honoured, that
:func:`~claimkit.engine.checking.check` solves; the result is checked with
:func:`~claimkit.engine.checking.check` itself, and a conflict it still reports is
added like any other. See "Reconciliation maths" for why this and not one MIP with
big-M rows.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.engine.checking import check
from claimkit.engine.components import STRICT_TOLERANCE, feasible_components
from claimkit.engine.highs import Status, iis_rows, load, solve
from claimkit.engine.matrix import LP, LinearModel
from claimkit.engine.model import build
from claimkit.reconciliation.one import weight_of
from claimkit.reconciliation.results import Adjustment, SetReconciliation
from claimkit.reconciliation.whole import canonical

__all__ = ["MAX_ALTERNATIVES", "TIME_LIMIT", "drop"]

Ints = NDArray[np.int64]

#: How many other sets of the same minimum weight are listed by default.
MAX_ALTERNATIVES = 10
#: How many seconds the search may take by default before it returns the best set found.
TIME_LIMIT = 60.0
#: Two weights within this relative difference are equal (sums of float weights).
WEIGHT_TOLERANCE = 1e-9
#: How many times the result is checked with check(), adding what it still reports.
_CHECK_ROUNDS = 5


@attrs.frozen(eq=False)
class _Units:
    """What can be set aside: each unit's claims (sorted indices), weight and name."""

    claims: tuple[tuple[int, ...], ...]
    weight: tuple[float, ...]
    of_claim: tuple[int, ...]


def _units(claims: Sequence[Claim], by: str) -> _Units:
    """Return the units of ``claims`` (sorted by id): one per claim, or one per source.

    A source is known by its id; its weight is the largest weight its claims give it.
    A claim without a source is a unit of its own, of weight 1.
    """
    if by == "claim":
        return _Units(
            tuple((i,) for i in range(len(claims))),
            tuple(weight_of(c) for c in claims),
            tuple(range(len(claims))),
        )
    keys: dict[str, int] = {}
    members: list[list[int]] = []
    weights: list[float] = []
    of_claim: list[int] = []
    for i, claim in enumerate(claims):
        key = f"claim:{claim.id}" if claim.source is None else f"source:{claim.source.id}"
        if key not in keys:
            keys[key] = len(members)
            members.append([])
            weights.append(weight_of(claim))
        unit = keys[key]
        members[unit].append(i)
        weights[unit] = max(weights[unit], weight_of(claim))
        of_claim.append(unit)
    return _Units(tuple(tuple(m) for m in members), tuple(weights), tuple(of_claim))


class _Deadline:
    """The time left for the search of one group (``time.monotonic``)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def _hitting_set(
    conflicts: Sequence[frozenset[int]],
    weight: Sequence[float],
    *,
    excluded: Sequence[frozenset[int]],
    cap: float | None,
    seconds: float,
) -> tuple[frozenset[int] | None, bool]:
    """Return a minimum-weight set of units meeting every conflict, and whether it is proved.

    ``excluded`` lists sets that may not be chosen again (each gets the cut "not all
    of these"), and ``cap`` bounds the total weight. Returns ``(None, True)`` when no
    such set exists; ``(best or None, False)`` when HiGHS stopped at the time limit.
    The 0-1 program has coefficients of 1 only, and is solved with relative and
    absolute gaps of 0, so the optimum is proved, not approximated.
    """
    from highspy import HighsModelStatus, HighsVarType

    units = sorted(set().union(*conflicts))
    where = {u: k for k, u in enumerate(units)}
    rows = [sorted(where[u] for u in c) for c in conflicts]
    lo = [1.0] * len(rows)
    hi = [math.inf] * len(rows)
    values = [[1.0] * len(r) for r in rows]
    for s in excluded:
        inside = [where[u] for u in s if u in where]
        if len(inside) < len(s):
            continue  # a set with a unit outside every conflict is not minimal here
        rows.append(sorted(inside))
        values.append([1.0] * len(inside))
        lo.append(-math.inf)
        hi.append(len(inside) - 1.0)
    cost = np.array([weight[u] for u in units], dtype=np.float64)
    if cap is not None:
        rows.append(list(range(len(units))))
        values.append(cost.tolist())
        lo.append(-math.inf)
        hi.append(cap)
    counts = np.array([len(r) for r in rows], dtype=np.int64)
    start = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum(counts, out=start[1:])
    n = len(units)
    model = LP(
        n_col=n,
        start=start[:-1],
        index=np.array([k for r in rows for k in r], dtype=np.int32),
        value=np.array([v for r in values for v in r], dtype=np.float64),
        row_lo=np.array(lo, dtype=np.float64),
        row_hi=np.array(hi, dtype=np.float64),
        col_lo=np.zeros(n),
        col_hi=np.ones(n),
        row_claim=np.zeros(0, dtype=np.int64),
        n_claim_rows=0,
        col_scale=np.ones(n),
    )
    h = load(model, cost)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([HighsVarType.kInteger] * n))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    h.setOptionValue("time_limit", max(seconds, 1e-3))
    h.run()
    status = h.getModelStatus()
    if status == HighsModelStatus.kInfeasible:
        return None, True
    proved = status == HighsModelStatus.kOptimal
    if h.getInfo().primal_solution_status != 2:  # no feasible point found in time
        return None, proved
    z = np.asarray(h.getSolution().col_value, dtype=np.float64)
    return frozenset(units[k] for k in np.flatnonzero(z > 0.5).tolist()), proved


class _Search:
    """The hitting-set search over one group of components that share no unit."""

    def __init__(
        self,
        model: LinearModel,
        comps: list[int],
        units: _Units,
        deadline: _Deadline,
    ) -> None:
        self.model = model
        self.comps = comps
        self.units = units
        self.deadline = deadline
        self.conflicts: list[frozenset[int]] = []
        self.optimal = True
        self.cut_short = False

    def _rows(self, comp: int, dropped: frozenset[int]) -> Ints:
        """Return the component's claim rows whose claims' units are kept."""
        r0, r1 = int(self.model.comp_row_ptr[comp]), int(self.model.comp_row_ptr[comp + 1])
        of_claim = np.asarray(self.units.of_claim, dtype=np.int64)
        unit = of_claim[self.model.rows.claim[r0:r1]]
        gone = np.isin(unit, np.fromiter(dropped, dtype=np.int64, count=len(dropped)))
        return r0 + np.flatnonzero(~gone)

    def _lp(self, comp: int, rows: Ints) -> LP:
        return self.model.lp(comp, comp + 1, strict_shift=STRICT_TOLERANCE, rows=rows)

    def _holds(self, comp: int, rows: Ints) -> bool:
        return rows.shape[0] == 0 or solve(self._lp(comp, rows)) is Status.FEASIBLE

    def _conflict(self, comp: int, gone: frozenset[int]) -> frozenset[int] | None:
        """Return the units of claims that cannot all hold once ``gone`` is set aside.

        ``None`` if the rest of the component holds. Else HiGHS's irreducible
        infeasible subset, if the LP confirms that its claims cannot hold; otherwise a
        deletion filter over the claims left.
        """
        rows = self._rows(comp, gone)
        if rows.shape[0] == 0:
            return None
        found = iis_rows(self._lp(comp, rows))  # solves the LP first: None if it holds
        row_claim = self.model.rows.claim
        if found is not None:
            claims = np.unique(row_claim[rows[found[0]]])
            if not self._holds(comp, rows[np.isin(row_claim[rows], claims)]):
                return frozenset(self.units.of_claim[c] for c in claims.tolist())
        elif self._holds(comp, rows):
            return None
        kept = np.unique(row_claim[rows]).tolist()
        for claim in list(kept):
            trial = [c for c in kept if c != claim]
            if trial and not self._holds(comp, rows[np.isin(row_claim[rows], trial)]):
                kept = trial
        return frozenset(self.units.of_claim[c] for c in kept)

    def _repair(self, chosen: frozenset[int], *, greedy: bool) -> frozenset[int]:
        """Add the conflicts left after ``chosen``; return ``chosen`` with what was set aside.

        In each component a conflict is found and recorded, and units are set aside
        until the rest holds: all of the conflict's (``greedy=False``: one round then
        gives a conflict per independent clash), or its lightest (``greedy=True``: the
        result is then a correction set).
        """
        out = set(chosen)
        weight = self.units.weight
        for comp in self.comps:
            gone = set(chosen)
            while (conflict := self._conflict(comp, frozenset(gone))) is not None:
                self.conflicts.append(conflict)
                if greedy:
                    gone.add(min(conflict, key=lambda u: (weight[u], u)))
                else:
                    gone |= conflict
            if greedy:
                out |= gone
        return frozenset(out)

    def weight_of(self, chosen: frozenset[int]) -> float:
        return math.fsum(self.units.weight[u] for u in chosen)

    def best(
        self, *, excluded: Sequence[frozenset[int]] = (), cap: float | None = None
    ) -> frozenset[int] | None:
        """Return a minimum correction set (or, under ``cap``, none), not in ``excluded``.

        When the time runs out, the best set found is completed greedily and
        :attr:`optimal` becomes False.
        """
        if not self.conflicts:
            self._repair(frozenset(), greedy=False)
        while True:
            if not self.conflicts:
                return frozenset()
            chosen, proved = _hitting_set(
                self.conflicts,
                self.units.weight,
                excluded=excluded,
                cap=cap,
                seconds=self.deadline.left(),
            )
            if chosen is None and proved:
                return None
            if not proved or self.deadline.left() <= 0:
                if cap is not None:
                    self.cut_short = True
                    return None
                self.optimal = False
                return self._repair(chosen or frozenset(), greedy=True)
            known = len(self.conflicts)
            if chosen is None:
                return None
            self._repair(chosen, greedy=False)
            if len(self.conflicts) == known:
                return chosen

    def all_best(self, limit: int) -> tuple[list[frozenset[int]], bool]:
        """Return minimum correction sets (up to ``limit``), and whether they are all there."""
        first = self.best()
        assert first is not None  # setting every unit aside always works
        found = [first]
        if not self.optimal:
            return found, False
        cap = self.weight_of(first) * (1 + WEIGHT_TOLERANCE)
        while len(found) < limit:
            other = self.best(excluded=found, cap=cap)
            if other is None:
                return found, not self.cut_short
            found.append(other)
        return found, False


def _groups(model: LinearModel, bad: list[int], units: _Units) -> list[list[int]]:
    """Split the failing components into groups that share no unit (by their first claim)."""
    parent = list(range(len(bad)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[int, int] = {}
    for k, comp in enumerate(bad):
        r0, r1 = int(model.comp_row_ptr[comp]), int(model.comp_row_ptr[comp + 1])
        for c in np.unique(model.rows.claim[r0:r1]).tolist():
            u = units.of_claim[c]
            if u in owner:
                parent[root(k)] = root(owner[u])
            else:
                owner[u] = k
    groups: dict[int, list[int]] = {}
    for k, comp in enumerate(bad):
        groups.setdefault(root(k), []).append(comp)
    return sorted(groups.values())


def _claims_of(chosen: frozenset[int], units: _Units, claims: Sequence[Claim]) -> tuple[str, ...]:
    return tuple(sorted(claims[c].id for u in chosen for c in units.claims[u]))


def _search_all(
    model: LinearModel,
    *,
    bad: list[int],
    units: _Units,
    extra: dict[int, list[frozenset[int]]],
    seconds: float,
    limit: int,
) -> tuple[list[list[frozenset[int]]], bool, bool]:
    """Return each group's minimum correction sets, whether all are proved, and all listed.

    Groups are searched in order; each is asked for as many other sets as the
    alternatives still wanted (one more than ``limit``, to tell whether there are
    more), so that a set of many groups does not enumerate every group's ties.
    """
    per_group: list[list[frozenset[int]]] = []
    optimal = complete = True
    collected = 0
    for comps in _groups(model, bad, units):
        search = _Search(model, comps, units, _Deadline(seconds))
        for comp in comps:
            search.conflicts.extend(extra.get(comp, []))
        found, whole = search.all_best(max(1, limit + 2 - collected))
        collected += len(found) - 1
        per_group.append(found)
        optimal &= search.optimal
        complete &= whole
    return per_group, optimal, complete


def drop(
    claimset: ClaimSet, *, by: str, max_alternatives: int, time_limit: float
) -> SetReconciliation:
    """Set aside the lightest claims (or sources) without which the rest agree.

    See :func:`claimkit.reconciliation.api.reconcile`, ``method="drop"``.
    """
    ordered, position = canonical(claimset)
    claims = ordered.claims
    units = _units(claims, by)
    notes: list[str] = []
    chosen: list[frozenset[int]] = []
    alternatives: list[tuple[str, ...]] = []
    optimal = True
    model = build(ordered) if claims else None
    bad = [] if model is None else np.flatnonzero(~feasible_components(model)).tolist()
    extra: dict[int, list[frozenset[int]]] = {}
    consistent = True
    for _ in range(_CHECK_ROUNDS):
        if model is not None and (bad or extra):
            bad = sorted(set(bad) | set(extra))
            per_group, proved, complete = _search_all(
                model,
                bad=bad,
                units=units,
                extra=extra,
                seconds=time_limit,
                limit=max_alternatives,
            )
            optimal &= proved
            chosen, alternatives = _combine(per_group, units, claims, max_alternatives)
            if not complete or len(alternatives) > max_alternatives:
                notes.append(
                    f"more sets of the same weight may exist than the {max_alternatives} "
                    "alternatives listed (raise max_alternatives to see more)"
                    if optimal
                    else "alternatives were not searched: the search stopped at its time limit"
                )
                alternatives = alternatives[:max_alternatives]
        gone = {c for s in chosen for u in s for c in units.claims[u]}
        kept = [c for i, c in enumerate(claims) if i not in gone]
        report = check(ClaimSet(kept, relations=ordered.relations))
        consistent = report.consistent
        if consistent or model is None:
            break
        # check()'s own findings can be stricter than the LP about ends that touch:
        # what it still reports is a conflict too, and the search runs again.
        index = {c.id: i for i, c in enumerate(claims)}
        comp_of = np.searchsorted(model.comp_row_ptr, np.arange(model.n_rows), side="right") - 1
        first_row = {int(c): r for r, c in reversed(list(enumerate(model.rows.claim.tolist())))}
        for finding in report.conflicts:
            members = [index[i] for i in finding.claims]
            rows = [first_row[m] for m in members if m in first_row]
            if rows:
                comp = int(comp_of[rows[0]])
                extra.setdefault(comp, []).append(frozenset(units.of_claim[m] for m in members))
        notes.clear()
    dropped = {c for s in chosen for u in s for c in units.claims[u]}
    if not optimal:
        notes.insert(
            0,
            f"the search stopped at its time limit ({time_limit:g} s for a group of "
            "conflicting claims): the claims set aside are the best set found, and a "
            "lighter one may exist (raise time_limit)",
        )
    if not dropped:
        notes.append("the claims are consistent as they are: nothing was set aside")
    return _result(
        claimset,
        ordered,
        position,
        dropped=dropped,
        found=(alternatives, optimal, consistent),
        by=by,
        units=units,
        notes=notes,
    )


def _combine(
    per_group: list[list[frozenset[int]]],
    units: _Units,
    claims: Sequence[Claim],
    limit: int,
) -> tuple[list[frozenset[int]], list[tuple[str, ...]]]:
    """Return the chosen set of each group, and whole alternatives (one more than ``limit``).

    Within a group the sets are ordered by their sorted claim ids, and the first is
    chosen; an alternative changes the choice in one group or more: first those that
    change it in one group, then in two, and so on, each in the order of their ids.
    """
    ordered = [sorted(found, key=lambda s: _claims_of(s, units, claims)) for found in per_group]
    chosen = [found[0] for found in ordered]
    choices = [range(len(found)) for found in ordered]
    combos = [
        (
            sum(k > 0 for k in pick),
            tuple(
                sorted(
                    x for g, k in enumerate(pick) for x in _claims_of(ordered[g][k], units, claims)
                )
            ),
        )
        for pick in itertools.product(*choices)
        if any(pick)
    ]
    return chosen, [ids for _, ids in sorted(combos)[: limit + 1]]


def _result(
    claimset: ClaimSet,
    ordered: ClaimSet,
    position: dict[int, int],
    *,
    dropped: set[int],
    found: tuple[list[tuple[str, ...]], bool, bool],
    by: str,
    units: _Units,
    notes: list[str],
) -> SetReconciliation:
    """Return the result: the claims without those set aside, in the order given.

    ``found`` is the alternatives, whether the set is proved minimal, and whether
    check() finds the rest consistent.
    """
    alternatives, optimal, consistent = found
    claims = ordered.claims
    ids = {claims[i].id for i in dropped}
    reconciled = ClaimSet(
        [c for c in claimset.claims if c.id not in ids], relations=claimset.relations
    )
    slots: list[Any] = [None] * len(claims)
    for k, claim in enumerate(claims):
        slots[position[k]] = Adjustment(
            claim=claim.id,
            source=None if claim.source is None else claim.source.name,
            weight=weight_of(claim),
            original=claim.value,
            adjusted=claim.value,
            stretch=0.0,
        )
    chosen_units = {units.of_claim[i] for i in dropped}
    return SetReconciliation(
        method="drop",
        claimset=claimset,
        reconciled=reconciled,
        consistent=consistent,
        adjustments=tuple(slots),
        dropped=tuple(sorted(ids)),
        alternatives=tuple(alternatives),
        optimal=optimal,
        by=by,
        drop_weight=math.fsum(units.weight[u] for u in chosen_units),
        notes=tuple(notes),
    )
