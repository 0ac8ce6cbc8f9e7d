"""The entry point :func:`reconcile`: pick a method, check the arguments, dispatch."""

from __future__ import annotations

from collections.abc import Iterable
from typing import overload

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.errors import InvalidArgumentError
from claimkit.reconciliation import drop, whole
from claimkit.reconciliation.one import check_claims, reconcile_one
from claimkit.reconciliation.results import (
    _DROP_BY,
    _EFFECTS,
    _METHODS,
    _SET_METHODS,
    DropBy,
    Effects,
    Method,
    Reconciliation,
    SetMethod,
    SetReconciliation,
)

__all__ = ["reconcile"]


def _check_level(level: object) -> float:
    if (
        isinstance(level, bool)
        or not isinstance(level, int | float)
        or not 0.0 < float(level) < 1.0
    ):
        msg = f"level must be a number between 0 and 1 (such as 0.95), got {level!r}"
        raise InvalidArgumentError(msg)
    return float(level)


@overload
def reconcile(
    claims: Iterable[Claim],
    method: Method,
    *,
    level: float = 0.95,
    effects: Effects = "fixed",
    by: DropBy = "claim",
    max_alternatives: int = drop.MAX_ALTERNATIVES,
    time_limit: float = drop.TIME_LIMIT,
) -> Reconciliation: ...


@overload
def reconcile(
    claims: ClaimSet | Iterable[Claim],
    method: SetMethod,
    *,
    level: float = 0.95,
    effects: Effects = "fixed",
    by: DropBy = "claim",
    max_alternatives: int = drop.MAX_ALTERNATIVES,
    time_limit: float = drop.TIME_LIMIT,
) -> SetReconciliation: ...


def reconcile(
    claims: ClaimSet | Iterable[Claim],
    method: Method | SetMethod,
    *,
    level: float = 0.95,
    effects: Effects = "fixed",
    by: DropBy = "claim",
    max_alternatives: int = drop.MAX_ALTERNATIVES,
    time_limit: float = drop.TIME_LIMIT,
) -> Reconciliation | SetReconciliation:
    """Reconcile claims into one figure, or a claim set into a consistent one.

    Or say whose figures must be set aside for the rest to agree (``"drop"``).

    Parameters
    ----------
    claims : iterable of Claim, or ClaimSet
        For the one-quantity methods: claims about the same quantity, with the same
        measure, subject, period and kind (and, for rates, reading); their values may
        be in different units of one dimension. For ``"relax"`` and
        ``"least_squares"``: a :class:`~claimkit.claims.claimset.ClaimSet` with its
        relations (a plain list becomes a claim set without relations; time
        additivity always holds); the same for ``"drop"``.
    method : str
        How to reconcile: ``"intersection"``, ``"hull"``, ``"stretch"`` or
        ``"weighted"`` for one quantity; ``"relax"``, ``"least_squares"`` or
        ``"drop"`` for a claim set (see the module documentation and
        "Reconciliation maths").
    level : float, default 0.95
        ``"weighted"``: the level of the interval around the estimate, and of the
        test that flags a claim's residual. ``"least_squares"``: the level of the
        global and measurement tests. Other methods ignore it.
    effects : str, default "fixed"
        ``"weighted"``: ``"fixed"`` for a fixed-effect (common value) estimate, or
        ``"random"`` for a random-effects one (DerSimonian-Laird), whose interval
        widens when the claims disagree more than their widths explain. Other
        methods ignore it.
    by : str, default "claim"
        ``"drop"``: set aside single claims (``"claim"``), or sources with all their
        claims (``"source"``; a source is known by its id, its weight is the largest
        its claims give it, and a claim without a source counts as a source of its
        own). Other methods ignore it.
    max_alternatives : int, default 10
        ``"drop"``: list at most this many other sets of the same least weight.
        Other methods ignore it.
    time_limit : float, default 60.0
        ``"drop"``: stop the search of a group of conflicting claims (claims tied
        together, directly or through others, that share no source or claim with
        another group) after about this many seconds, and return the best set found,
        with ``optimal=False`` and a note. Other methods ignore it.

    Returns
    -------
    Reconciliation or SetReconciliation
        For one quantity, the figure, the status, one adjustment per claim (in the
        order given) and the method's statistics; for a claim set, the new claim set,
        one adjustment per claim and the method's statistics. The result does not
        depend on the order of the claims: they are processed sorted by id (for one
        quantity, the common unit is that of the claim whose id sorts first).

    Raises
    ------
    ReconciliationError
        If there are no claims (one quantity), an id is repeated, the claims are not
        about one quantity (the message names the two claims and what differs), their
        units do not convert, ``method="intersection"`` and the claims share no value
        (the message names the claims that are furthest apart and the gap),
        or ``method="weighted"`` and every claim is unbounded.
    InvalidArgumentError
        If ``method``, ``level``, ``effects`` or ``by`` is not one of the allowed
        values, ``max_alternatives`` is not an int of at least 0, or ``time_limit``
        is not a number above 0.
    InvalidClaimError, RelationError
        For ``"relax"``, ``"least_squares"`` and ``"drop"``, if a plain list of
        claims does not make a valid claim set.

    Notes
    -----
    ``"stretch"`` is exact: ``eps`` is the largest, over pairs of claims ``i``, ``j``
    with ``lo_i > hi_j``, of ``(lo_i - hi_j) / (|lo_i| / w_i + |hi_j| / w_j)``,
    computed with fractions and rounded up. When the stretched ranges meet only at a
    point that an open end excludes ("over 750,000" against "at most 750,000"),
    ``eps`` is the limit (every larger stretch works), the value is that point, and
    a note says so.

    ``"weighted"`` reads a bounded range as uniform over itself, an exact figure as
    the rounding interval of its digits (750,000 as [745,000, 755,000]), and leaves
    unbounded ranges out of the estimate (their adjustments show whether they hold
    it). A source of weight ``w`` counts as if its variance were divided by ``w``.

    ``"relax"`` gives each finite end of each claim a slack, relative to the end's
    size as for ``"stretch"``, and minimises the sum of the slacks times the
    sources' weights, subject to every claim (so relaxed), the relations and
    counts that never decrease; strict ends are cleared by twice the tolerance with
    which :func:`~claimkit.engine.checking.check` decides them, and a set that
    :func:`~claimkit.engine.checking.check` finds consistent comes back unchanged. Tied
    optima are broken by a second stage that, among the minimal relaxations,
    minimises the sum of squared weighted slacks (unique), so which claims move
    never depends on the solver or on the order of the claims.

    ``"least_squares"`` reads claims as ``"weighted"`` does; unbounded claims are
    not measurements, and are checked against the values the others determine. A
    ratio claim "``N / D`` is about ``r``" is a measurement on its own scale: its
    residual ``(N - r D) / D0`` is linearised at its denominator ``D0`` in the fit,
    refitted until the denominators settle (then it is ``r - N / D``), and its
    reconciled value is ``N / D``; one whose denominator the fit puts at 0 is kept as
    stated, with a note.
    Monotonicity (counts never decrease) is not imposed on the adjustment, which is
    an equality-constrained projection; a note says when the reconciled values
    break it.

    ``"drop"`` answers "whose figures must be wrong for everything else to hold?"
    (the Fellegi-Holt principle of official statistics): ``dropped`` is a set of
    claims of least total weight (each claim weighs its source's weight, 1 without a
    source) without which the rest are consistent as
    :func:`~claimkit.engine.checking.check` decides it, strict ends included;
    ``alternatives`` lists the other sets of the same weight. It is exact: implicit
    hitting sets over the conflicts the LP finds, per independent group of claims,
    with each hitting set proved minimal by HiGHS's MIP solver.

    Examples
    --------
    Rutte's "about 700,000" and Zelenskyy's "750,000", read as the rounding
    intervals of their digits, already share [745,000, 750,000]:

    >>> from datetime import date
    >>> import claimkit as ck
    >>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
    >>> rutte = ck.Claim(id="rutte", measure="casualties", subject="russia", period=war,
    ...                  kind="total", value=ck.Range.from_rounded("700,000", "person"),
    ...                  source=ck.Source("Mark Rutte"))
    >>> zelensky = rutte.replace(
    ...     id="zelensky", source=ck.Source("Volodymyr Zelenskyy"),
    ...     value=ck.Range.from_rounded("750,000", "person", min_significant=2))
    >>> result = ck.reconcile([rutte, zelensky], method="stretch")
    >>> result.stretch, result.status
    (0.0, 'overlap')
    >>> print(result.value)
    [745,000, 750,000] person

    Read as exact figures they are disjoint, and meet when both stretch by 1/29:

    >>> exact = [rutte.replace(value=ck.Range.exact(700_000, "person")),
    ...          zelensky.replace(value=ck.Range.exact(750_000, "person"))]
    >>> result = ck.reconcile(exact, method="stretch")
    >>> print(f"{result.stretch:.4%}")
    3.4483%
    >>> print(result.adjustment("rutte").adjusted)
    [675,862.06..., 724,137.93...] person

    Weighted by inverse variance, the narrower claim counts most:

    >>> pooled = ck.reconcile([rutte, zelensky], method="weighted")
    >>> round(pooled.estimate), pooled.dof, round(pooled.i2, 2)
    (749505, 1, 0.66)

    A whole claim set: Zelenskyy's parts, 198,000 killed and over 550,000 wounded,
    add up to more than 748,000, which Rutte's exact 700,000 cannot meet. The
    minimal relaxation moves the claims that are cheapest to move:

    >>> killed = zelensky.replace(id="zelensky-killed", measure="killed",
    ...                           value=ck.Range.exact(198_000, "person"))
    >>> wounded = zelensky.replace(id="zelensky-wounded", measure="wounded",
    ...                            value=ck.Range.more_than(550_000, "person"))
    >>> claims = ck.ClaimSet([exact[0], killed, wounded],
    ...                      relations=[ck.Sum("casualties", ["killed", "wounded"])])
    >>> relaxed = ck.reconcile(claims, method="relax")
    >>> [(a.claim, f"{a.stretch:.2%}") for a in relaxed.moved]
    [('rutte', '6.86%')]
    >>> relaxed.consistent
    True

    Read exactly, Rutte's 700,000 and Zelenskyy's 750,000 cannot both hold; either
    one can be set aside, and which is a tie:

    >>> dropped = ck.reconcile(exact, method="drop")
    >>> dropped.dropped, dropped.alternatives, dropped.optimal
    (('rutte',), (('zelensky',),), True)
    """
    if method not in _METHODS + _SET_METHODS:
        options = ", ".join(repr(m) for m in _METHODS + _SET_METHODS)
        msg = f"method must be one of {options}; got {method!r}"
        raise InvalidArgumentError(msg)
    if effects not in _EFFECTS:
        msg = f"effects must be 'fixed' or 'random', got {effects!r}"
        raise InvalidArgumentError(msg)
    checked_level = _check_level(level)
    if by not in _DROP_BY:
        msg = f"by must be 'claim' or 'source', got {by!r}"
        raise InvalidArgumentError(msg)
    if (
        isinstance(max_alternatives, bool)
        or not isinstance(max_alternatives, int)
        or max_alternatives < 0
    ):
        msg = f"max_alternatives must be an int of at least 0, got {max_alternatives!r}"
        raise InvalidArgumentError(msg)
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, int | float)
        or not 0.0 < float(time_limit) < float("inf")
    ):
        msg = f"time_limit must be a number of seconds above 0, got {time_limit!r}"
        raise InvalidArgumentError(msg)
    if method in _METHODS:
        return reconcile_one(check_claims(claims), method, level=checked_level, effects=effects)
    claimset = claims if isinstance(claims, ClaimSet) else ClaimSet(claims)
    if method == "relax":
        return whole.relax(claimset)
    if method == "drop":
        return drop.drop(
            claimset, by=by, max_alternatives=max_alternatives, time_limit=float(time_limit)
        )
    return whole.least_squares(claimset, level=checked_level)
