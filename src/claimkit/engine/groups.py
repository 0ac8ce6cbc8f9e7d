"""The margin of each independent group of claims as a whole (internal).

A local finding decides a few claims tied by one relation; a group (a component of
the model) can be tighter than any of its findings: Jan, Feb, Mar and Q1 may each
agree pairwise while the four together leave no room at all. The group's margin is
the largest common relative shrink ``t`` (0 to 1, by the rule of
:mod:`claimkit.engine.margins`) of all its claims under which they still agree,
ends read as closed: one LP

    maximise t  subject to  lo_r + t * s_lo(r) <= a_r x <= hi_r - t * s_hi(r),
                            monotone rows,  0 <= t <= 1

for every claim row ``r``. Components are independent, so one LP per block of
consecutive components, with one ``t`` per component and the sum of the ``t`` as its
objective, gives every component's own largest shrink.

>>> from datetime import date
>>> import claimkit as ck
>>> from claimkit.engine.model import build
>>> from claimkit.engine.groups import shrink
>>> nov = ck.Period.month(2024, 11)
>>> a = ck.Claim(id="a", measure="killed", subject="x", period=nov, kind="total",
...              value=ck.Range(100, 300, "person"))
>>> b = a.replace(id="b", value=ck.Range(200, 400, "person"))
>>> model = build(ck.ClaimSet([a, b]))
>>> [round(t, 6) for t in shrink(model).tolist()]
[0.5]

Whether each group's shrink is below a threshold, worked out only where it is:

>>> import numpy as np
>>> from claimkit.engine.groups import below
>>> yes = np.array([True])
>>> below(model, yes, yes, 0.4).tolist(), below(model, yes, yes, 0.6).round(6).tolist()
([inf], [0.5])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from claimkit.engine.components import one_sided, shrunk
from claimkit.engine.fields import instance_of, number, one_of, tuple_of
from claimkit.engine.highs import Status, load, optimize
from claimkit.engine.margins import shrink_scales
from claimkit.engine.matrix import LinearModel
from claimkit.engine.report import Verdict
from claimkit.values._format import finite_or_none

__all__ = ["Group", "below", "shrink"]

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]

#: A shrink below this (the solver's noise) is read as 0.
_NOISE = 1e-9


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value) if not isinstance(value, str) else value  # type: ignore[return-value]


_VERDICTS = ("consistent", "tension", "conflict")
_AGREEMENT = {"consistent": "agree", "tension": "agree only just", "conflict": "conflict"}


@attrs.frozen(kw_only=True)
class Group:
    """One independent group of claims, judged as a whole.

    Claims that share no quantity cannot bear on each other: :func:`.check` splits
    them into independent groups (the model's components) and judges each group
    with all its claims at once, which can be tighter than any finding on a few of
    them (months that each fit a quarter's total, and together only just).

    Attributes
    ----------
    claims : tuple of str
        The ids of the group's claims, sorted.
    verdict : str
        ``"conflict"`` when the claims cannot all hold; ``"tension"`` when they can
        but ``margin`` is below the report's threshold; ``"consistent"`` otherwise.
    margin : float
        For a group that holds: the largest common relative shrink (0 to 1) of all
        its claims' ranges, ends read as closed, under which they still agree (the
        rule of the explanation page "The linear model"). For a conflicting group:
        minus the smallest common stretch that makes them agree (0 when only strict
        ends keep them apart, ``-inf`` when no stretch does).
    exact : bool
        False for a group of more model rows than the report's ``exact_bounds``,
        which is not solved whole: its margin is then the smallest margin of the
        findings on its claims (at least the group's own, so a tension it shows is
        real but a tight group may read as comfortable), or 0 for a conflict.

    .. versionadded:: 0.1

    Examples
    --------
    >>> from claimkit.engine.groups import Group
    >>> g = Group(claims=("jan", "q1"), verdict="tension", margin=0.001)
    >>> g.agreement, g.to_dict()["margin"]
    ('agree only just', 0.001)
    """

    claims: tuple[str, ...] = attrs.field(
        converter=_ids, validator=tuple_of(str, "a sequence of claim ids (strings)")
    )
    verdict: Verdict = attrs.field(validator=one_of(_VERDICTS))
    margin: float = attrs.field(validator=number())
    exact: bool = attrs.field(default=True, validator=instance_of(bool, "True or False"))

    @property
    def agreement(self) -> str:
        """Return the verdict in words, ``"agree"``, ``"agree only just"`` or ``"conflict"``."""
        return _AGREEMENT[self.verdict]

    def to_dict(self) -> dict[str, Any]:
        """Return the group as JSON-ready data (see :meth:`.Report.to_json`)."""
        return {
            "claims": list(self.claims),
            "verdict": self.verdict,
            "agreement": self.agreement,
            "margin": finite_or_none(self.margin),
            "exact": self.exact,
        }


def shrink(
    model: LinearModel,
    ok: Bools | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Floats:
    """Return each component's largest common relative shrink (0 to 1).

    Components that are not feasible (``ok`` false) get 0, as do components the
    solver cannot answer for (never seen). ``progress`` is called with the number
    of components done and their total after each block.

    Examples
    --------
    See the module documentation.
    """
    n_comp = model.n_components
    out = np.zeros(n_comp)
    for first, stop in model.blocks():
        keep = np.ones(stop - first, dtype=np.bool_) if ok is None else ok[first:stop]
        _solve(model, first, stop, keep, out=out)
        if progress is not None:
            progress(stop, n_comp)
    return out


def below(
    model: LinearModel, need: Bools, ok: Bools, tension: float, *, cleared: Bools | None = None
) -> Floats:
    """Return, for each component in ``need``, its largest shrink if that is below ``tension``.

    A group is a tension when its largest common shrink is below the threshold,
    that is when its claims, every one shrunk by ``tension``, cannot all hold: one
    feasibility LP per block of components answers that for all of the block's
    groups in ``need`` at once (the claim rows of the others left free), which
    costs a fraction of the largest-shrink LP. Only a block that fails the test
    is solved for its groups' largest shrinks (as :func:`shrink`). A block whose
    groups in ``need`` are all ``cleared``, known to hold so shrunk (the second
    array of :func:`~claimkit.engine.components.feasible_and_cleared` for this
    ``tension``), passes the test without an LP.

    Returns ``inf`` for a component in ``need`` whose shrink is at least
    ``tension`` (not worked out), the largest shrink (as :func:`shrink` gives it)
    for one in a block that failed (as ``shrink(model, ok)`` gives it), and ``nan``
    for a component not in ``need``. ``need`` must hold only components in ``ok``
    (components that hold).

    Examples
    --------
    See the module documentation.
    """
    out = np.full(model.n_components, np.nan)
    for first, stop in model.blocks():
        wanted = need[first:stop]
        if not wanted.any():
            continue
        known = cleared is not None and bool(cleared[first:stop][wanted].all())
        if known or _holds_shrunk(model, first, stop, wanted, tension):
            out[first:stop][wanted] = np.inf
            continue
        found = np.full(stop - first, np.nan)
        _solve(model, first, stop, ok[first:stop], out=found, base=first)
        out[first:stop][wanted] = found[wanted]
    return out


def _solve(
    model: LinearModel, first: int, stop: int, keep: Bools, *, out: Floats, base: int = 0
) -> None:
    """Write the largest shrink of the components ``first`` to ``stop`` kept into ``out``.

    ``out`` is indexed from component ``base``.
    """
    if keep.all():
        out[first - base : stop - base] = _block(model, first, stop)
        return
    # A conflicting group makes the block's LP infeasible: the others alone.
    for comp in (first + np.flatnonzero(keep)).tolist():
        out[comp - base] = _block(model, comp, comp + 1)[0]


def _component_of_rows(
    model: LinearModel, first: int, rows: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Return the component (counted from ``first``) of claim rows ``rows`` of a block's LP."""
    r0 = int(model.comp_row_ptr[first])
    found: Ints = np.searchsorted(model.comp_row_ptr, r0 + rows, side="right") - 1
    return found - first


def _holds_shrunk(model: LinearModel, first: int, stop: int, wanted: Bools, by: float) -> bool:
    """Return whether the wanted components' claims, each shrunk ``by``, can all hold.

    Ends read as closed; the claim rows of the components not wanted are left free.
    """
    lp = model.lp(first, stop)
    n = lp.n_claim_rows
    if n == 0:
        return True
    mine = wanted[_component_of_rows(model, first, np.arange(n, dtype=np.int64))]
    tight = shrunk(lp, by, mine)
    none = np.zeros(0, dtype=np.int64)
    status, _ = optimize(load(tight), none, np.zeros(0), maximize=False, lp=tight)
    return status is Status.FEASIBLE


def _block(model: LinearModel, first: int, stop: int) -> Floats:
    base = model.lp(first, stop)
    k = stop - first
    n = base.n_claim_rows
    if n == 0:
        return np.ones(k)
    lp, is_lower, pick = one_sided(base)
    s_lo, s_hi = shrink_scales(base.row_lo[:n], base.row_hi[:n])
    scale = np.where(is_lower, s_lo[pick], s_hi[pick])
    # A lower row a x >= lo becomes a x - t s_lo >= lo; an upper one a x + t s_hi <= hi.
    coef = np.where(is_lower, -scale, scale)
    comp = _component_of_rows(model, first, pick)
    entries = np.flatnonzero(coef != 0.0)
    order = np.argsort(comp[entries], kind="stable")
    entries = entries[order]
    col_start = np.searchsorted(comp[entries], np.arange(k)).astype(np.int32)
    h = load(lp)
    h.addCols(
        k,
        np.zeros(k),
        np.zeros(k),
        np.ones(k),
        int(entries.shape[0]),
        col_start,
        entries.astype(np.int32),
        coef[entries].astype(np.float64),
    )
    cols = np.arange(lp.n_col, lp.n_col + k, dtype=np.int64)
    status, _ = optimize(h, cols, np.ones(k), maximize=True, lp=lp)
    if status is not Status.FEASIBLE:  # pragma: no cover - t = 0 is feasible
        return np.zeros(k)
    t = np.asarray(h.getSolution().col_value, dtype=np.float64)[lp.n_col :]
    t = np.clip(t, 0.0, 1.0)
    return np.where(t < _NOISE, 0.0, t)
