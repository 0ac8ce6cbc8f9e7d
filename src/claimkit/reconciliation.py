"""Reconciliation: one figure from disagreeing sources, with every adjustment shown.

:func:`reconcile` takes claims about one quantity (the same measure of the same
subject over the same period, of the same kind) and returns a
:class:`Reconciliation`: the reconciled figure as a :class:`~claimkit.range.Range`,
how the claims relate (``status``), and one :class:`Adjustment` per claim that says
how far the claim had to move. The methods:

``"intersection"``
    The values every claim allows; an error when there are none.
``"hull"``
    The values some claim allows.
``"stretch"``
    The smallest common relative widening ``eps`` of all the ranges that makes them
    meet; each end ``x`` moves outward by ``eps * |x| / w``, where ``w`` is the
    source's reliability weight.
``"weighted"``
    A point estimate with an interval: each bounded range read as a uniform
    distribution, combined by inverse variance as in a meta-analysis, with the
    chi-square heterogeneity statistic (Cochran's Q), its p-value and I².

For a whole :class:`~claimkit.claimset.ClaimSet` (claims about related
quantities, tied by sums and by time), :func:`reconcile` returns a
:class:`SetReconciliation` with a new claim set:

``"relax"``
    The minimal weighted relaxation: each claim end moves outward by a slack,
    relative to the end's size, and the weighted sum of the slacks is as small as
    it can be while all the claims hold together (a linear program, solved by
    HiGHS). Ties are broken by spreading the slack as evenly as the weights allow.
``"least_squares"``
    Data reconciliation as in process engineering: every bounded claim is read as
    a measurement (its midpoint, with a standard deviation from its width), and the
    measurements are adjusted as little as possible, in the weighted least-squares
    sense, so that every sum and every time relation holds exactly; the global
    chi-square test and the measurement test on each claim flag the claim most
    likely in gross error.

The maths and the policies (exact figures, unbounded ranges, open ends, ties) are
on the page "Reconciliation maths".

>>> from datetime import date
>>> import claimkit as ck
>>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
>>> rutte = ck.Claim(id="rutte", measure="casualties", subject="russia", period=war,
...                  kind="total", value=ck.Range.exact(700_000, "person"),
...                  source=ck.Source("Mark Rutte"))
>>> zelensky = rutte.replace(id="zelensky", value=ck.Range.exact(750_000, "person"),
...                          source=ck.Source("Volodymyr Zelenskyy"))
>>> result = ck.reconcile([rutte, zelensky], method="stretch")
>>> result.status, round(result.stretch * 29, 12)
('disjoint', 1.0)
>>> print(result.value)
[724,137.93..., 724,137.93...] person
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any, Literal, get_args, overload

import attrs

from claimkit.claim import Claim
from claimkit.claimset import ClaimSet
from claimkit.errors import InvalidArgumentError, UnknownIdError
from claimkit.period import Period
from claimkit.range import Range

__all__ = [
    "Adjustment",
    "Effects",
    "Measurement",
    "Method",
    "Reconciliation",
    "SetMethod",
    "SetReconciliation",
    "Status",
    "reconcile",
]

#: The reconciliation methods for claims about one quantity.
Method = Literal["intersection", "hull", "stretch", "weighted"]
#: The reconciliation methods for a whole claim set.
SetMethod = Literal["relax", "least_squares"]
#: How the claims' ranges relate, as :attr:`Reconciliation.status` defines it.
Status = Literal["agree", "overlap", "disjoint"]
#: Fixed or random effects for ``method="weighted"``.
Effects = Literal["fixed", "random"]

_METHODS: tuple[str, ...] = get_args(Method)
_SET_METHODS: tuple[str, ...] = get_args(SetMethod)
_STATUSES: tuple[str, ...] = get_args(Status)
_EFFECTS: tuple[str, ...] = get_args(Effects)

#: The version of the JSON schema of :meth:`Reconciliation.to_json`; it changes only
#: when a key is removed or changes meaning (new keys may appear within a version).
SCHEMA_VERSION = 1


def _finite_or_none(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


@attrs.frozen(kw_only=True)
class Adjustment:
    """How far one claim had to move to agree with a reconciled figure.

    Attributes
    ----------
    claim : str
        The claim's id.
    source : str or None
        The name of the claim's source (``None`` when it has none).
    weight : float
        The source's reliability weight (1 for a claim without a source).
    original : Range
        The claim's value, in the reconciliation's unit.
    adjusted : Range
        The claim's value as the reconciliation reads it: for ``"stretch"`` the
        range widened by the common stretch; for ``"weighted"`` the range widened at
        one end just enough to hold the estimate; for ``"intersection"`` and
        ``"hull"`` the range unchanged.
    stretch : float
        The relative widening of the claim's range: how far its ends moved, each as
        a fraction of its own size ``|end|`` (an end at 0: of the claim's largest
        ``|end|``), the larger of the two. For ``"stretch"`` it is ``eps / weight``;
        0 when the claim did not move.

    .. versionadded:: 0.1

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.reconciliation import Adjustment
    >>> a = Adjustment(claim="rutte", source="Mark Rutte", weight=1.0,
    ...                original=ck.Range.exact(700_000, "person"),
    ...                adjusted=ck.Range(650_000, 750_000, "person"), stretch=1 / 14)
    >>> a.moved
    True
    """

    claim: str
    source: str | None
    weight: float
    original: Range
    adjusted: Range
    stretch: float

    @property
    def moved(self) -> bool:
        """Whether the claim's range had to change."""
        return self.adjusted != self.original

    def to_dict(self) -> dict[str, Any]:
        """Return the adjustment as JSON-ready data (as in :meth:`Reconciliation.to_json`).

        Examples
        --------
        >>> import claimkit as ck
        >>> from claimkit.reconciliation import Adjustment
        >>> r = ck.Range.at_least(5, "person")
        >>> Adjustment(claim="a", source=None, weight=1.0, original=r, adjusted=r,
        ...            stretch=0.0).to_dict()["original"]["hi"] is None
        True
        """
        from claimkit.checks import range_to_dict

        return {
            "claim": self.claim,
            "source": self.source,
            "weight": self.weight,
            "original": range_to_dict(self.original),
            "adjusted": range_to_dict(self.adjusted),
            "stretch": _finite_or_none(self.stretch),
            "moved": self.moved,
        }


@attrs.frozen(kw_only=True)
class Measurement:
    """One claim read as a point with a standard deviation, and what became of it.

    Attributes
    ----------
    claim : str
        The claim's id.
    source : str or None
        The name of the claim's source.
    unit : str
        The unit of ``value``, ``sd`` and ``reconciled``.
    value : float
        The claim read as a point: the midpoint of its range, or the exact figure.
    sd : float
        The standard deviation of that reading, before the source's weight:
        ``width / sqrt(12)`` of the range (``reading="uniform"``) or of the rounding
        interval of an exact figure's digits (``reading="rounding"``).
    reading : str
        How the range became a distribution: ``"uniform"`` over the claim's range,
        or ``"rounding"``: uniform over the rounding interval of an exact figure's
        digits (see "Reconciliation maths").
    reconciled : float
        The reconciled value of the quantity the claim is about.
    z : float or None
        The measurement test statistic: the standardised residual
        ``(value - reconciled) / sd'``, where ``sd'`` is the standard deviation of
        that difference under the fit (smaller than the claim's own, since the
        reconciled value leans on the claim). ``None`` when the claim cannot be
        tested: nothing else bears on its quantity.
    share : float or None
        For ``"weighted"``: the claim's share of the pooled estimate (the shares
        add up to 1).
    flagged : bool
        Whether the measurement test, with serial elimination, finds the claim in
        gross error: the claim with the largest ``|z|`` above the Sidak-corrected
        critical value is flagged and set aside, and the rest tested again. Claims
        tied for the largest ``|z|`` (two claims about one quantity always are) are
        flagged together.

    .. versionadded:: 0.1

    Examples
    --------
    >>> from claimkit.reconciliation import Measurement
    >>> m = Measurement(claim="a", source=None, unit="person", value=700_000.0,
    ...                 sd=28_867.5, reading="uniform", reconciled=749_504.9, z=-1.7,
    ...                 share=0.01)
    >>> m.flagged
    False
    """

    claim: str
    source: str | None
    unit: str
    value: float
    sd: float
    reading: str
    reconciled: float
    z: float | None
    share: float | None = None
    flagged: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the measurement as JSON-ready data.

        Examples
        --------
        >>> from claimkit.reconciliation import Measurement
        >>> Measurement(claim="a", source=None, unit="person", value=1.0, sd=0.5,
        ...             reading="uniform", reconciled=1.0, z=None).to_dict()["z"] is None
        True
        """
        return {
            "claim": self.claim,
            "source": self.source,
            "unit": self.unit,
            "value": self.value,
            "sd": self.sd,
            "reading": self.reading,
            "reconciled": self.reconciled,
            "z": _finite_or_none(self.z),
            "share": self.share,
            "flagged": self.flagged,
        }


class _Result:
    """What both kinds of result share: lookup by claim, and rendering (internal)."""

    __slots__ = ()
    adjustments: tuple[Adjustment, ...]

    def adjustment(self, claim_id: str) -> Adjustment:
        """Return the adjustment of one claim.

        Raises
        ------
        UnknownIdError
            If no claim has that id.

        Examples
        --------
        See :func:`reconcile`.
        """
        for a in self.adjustments:
            if a.claim == claim_id:
                return a
        known = ", ".join(repr(a.claim) for a in self.adjustments)
        msg = f"no claim with id {claim_id!r} in this reconciliation (claims: {known})"
        raise UnknownIdError(msg, key=claim_id)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data (the schema of :meth:`to_json`)."""
        from claimkit._reconcile_render import as_dict

        return as_dict(self)  # type: ignore[arg-type]

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the result as JSON, following the documented schema (version 1).

        Unbounded ends and undefined statistics are ``null``; ``"type"`` is
        ``"reconciliation"`` or ``"set-reconciliation"``.

        Examples
        --------
        >>> import json
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...              kind="total", value=ck.Range(100, 300, "person"))
        >>> b = a.replace(id="b", value=ck.Range.at_least(200, "person"))
        >>> data = json.loads(ck.reconcile([a, b], method="intersection").to_json())
        >>> data["schema_version"], data["type"], data["status"], data["value"]["lo"]
        (1, 'reconciliation', 'overlap', 200.0)
        >>> data = json.loads(ck.reconcile(ck.ClaimSet([a, b]), method="relax").to_json())
        >>> data["type"], data["consistent"], data["moved"]
        ('set-reconciliation', True, [])
        """
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def to_markdown(self) -> str:
        """Return the result as Markdown (a heading, a summary and pipe tables).

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...              kind="total", value=ck.Range(100, 300, "person"))
        >>> print(ck.reconcile([a], method="hull").to_markdown().splitlines()[0])
        # Reconciliation: killed of russia, total over [2024-11-01, 2024-12-01)
        >>> print(ck.reconcile(ck.ClaimSet([a]), method="relax").to_markdown().splitlines()[0])
        # Reconciliation of 1 claim: relax
        """
        from claimkit._reconcile_render import markdown

        return markdown(self)  # type: ignore[arg-type]

    def __str__(self) -> str:
        from claimkit._reconcile_render import text

        return text(self)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True, repr=False)
class Reconciliation(_Result):
    """The result of :func:`reconcile` for claims about one quantity.

    Attributes
    ----------
    method : str
        ``"intersection"``, ``"hull"``, ``"stretch"`` or ``"weighted"``.
    measure, subject : str
        The quantity's measure and subject.
    period : Period
        The quantity's period.
    kind : str
        ``"total"`` or ``"rate"``.
    value : Range
        The reconciled figure: the intersection, the hull, the meeting point of the
        stretched ranges, or (``"weighted"``) the interval around the estimate at the
        given level.
    status : str
        How the claims' ranges relate, whatever the method: ``"agree"`` when one
        claim's range lies inside all the others (the claims nest, and the
        intersection is the narrowest claim); ``"overlap"`` when all the ranges share
        some values but none lies inside all the others; ``"disjoint"`` when no value
        is in all of them (then, intervals being intervals, some pair is disjoint).
    adjustments : tuple of Adjustment
        One per claim, in the order the claims were given.
    stretch : float or None
        ``"stretch"`` only: the common relative stretch ``eps`` (rounded up, so the
        ranges stretched by it meet).
    estimate, standard_error : float or None
        ``"weighted"`` only: the pooled estimate and its standard error.
    level : float or None
        ``"weighted"`` only: the level of the interval ``value``.
    effects : str or None
        ``"weighted"`` only: ``"fixed"`` or ``"random"`` (DerSimonian-Laird).
    chi2 : float or None
        ``"weighted"``: Cochran's Q, the chi-square heterogeneity statistic
        (``None`` with a single bounded claim).
    dof : int or None
        Its degrees of freedom, the number of bounded claims minus 1.
    p_value : float or None
        The probability of a Q at least this large if the claims measured one value.
    i2 : float or None
        I², the share of the variation between claims beyond what their widths
        explain: ``max(0, (Q - dof) / Q)``.
    tau2 : float or None
        ``effects="random"``: the between-claim variance (DerSimonian-Laird).
    measurements : tuple of Measurement
        ``"weighted"``: each bounded claim read as a point, with its share and
        residual.
    notes : tuple of str
        Readings and remarks: exact figures read as rounded, unbounded claims left
        out, open ends that touch.

    .. versionadded:: 0.1

    Examples
    --------
    See :func:`reconcile`.
    """

    method: str = attrs.field(validator=attrs.validators.in_(_METHODS))
    measure: str
    subject: str
    period: Period
    kind: str
    value: Range
    status: Status = attrs.field(validator=attrs.validators.in_(_STATUSES))
    adjustments: tuple[Adjustment, ...]
    stretch: float | None = None
    estimate: float | None = None
    standard_error: float | None = None
    level: float | None = None
    effects: str | None = None
    chi2: float | None = None
    dof: int | None = None
    p_value: float | None = None
    i2: float | None = None
    tau2: float | None = None
    measurements: tuple[Measurement, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def unit(self) -> str:
        """The unit of the value and of every adjustment's ranges."""
        return self.value.unit

    @property
    def claims(self) -> tuple[str, ...]:
        """The ids of the claims, in the order they were given."""
        return tuple(a.claim for a in self.adjustments)

    def __repr__(self) -> str:
        n = len(self.adjustments)
        return (
            f"<Reconciliation {self.method}: {self.measure} of {self.subject}, {n} "
            f"claim{'' if n == 1 else 's'}, {self.status}, value {self.value}>"
        )


@attrs.frozen(kw_only=True, repr=False)
class SetReconciliation(_Result):
    """The result of :func:`reconcile` for a whole claim set.

    Attributes
    ----------
    method : str
        ``"relax"`` or ``"least_squares"``.
    claimset : ClaimSet
        The claims as given.
    reconciled : ClaimSet
        The same claims, in the same order, with the relations, each claim's value
        replaced by its adjusted range (claims that did not move are the same
        objects). For ``"relax"`` it is consistent; for ``"least_squares"`` each
        range is widened to hold the claim's reconciled value.
    consistent : bool
        Whether ``reconciled`` passes the engine's feasibility check (strict ends
        honoured, as :func:`~claimkit.checks.check` decides it).
    adjustments : tuple of Adjustment
        One per claim, in the claim set's order; ``moved`` says which changed.
        Values and ranges are in each claim's own unit.
    total_slack : float or None
        ``"relax"``: the optimum, the sum over claims of the source's weight times
        the claim's relative slacks (0 for a consistent set).
    measurements : tuple of Measurement
        ``"least_squares"``: every bounded claim read as a point, with its
        reconciled value, its measurement test statistic and whether it is flagged.
    level : float or None
        ``"least_squares"``: the level of the tests (their significance is
        ``1 - level``).
    chi2 : float or None
        ``"least_squares"``: the global test statistic, the weighted sum of squared
        adjustments; ``None`` when no relation ties the measurements (``dof`` 0).
    dof : int or None
        Its degrees of freedom: the number of independent constraints among the
        measurements (rows minus the rank of the model).
    p_value : float or None
        The probability of a chi-square at least this large if every claim were
        right to within its width.
    critical : float or None
        The critical value of the measurement test (two-sided, Sidak-corrected for
        the number of claims tested).
    suspect : str or None
        The id of the claim most likely in gross error: the flagged claim with the
        largest ``|z|``; ``None`` when none is flagged or several tie.
    notes : tuple of str
        Readings and remarks.

    .. versionadded:: 0.1

    Examples
    --------
    See :func:`reconcile`.
    """

    method: str = attrs.field(validator=attrs.validators.in_(_SET_METHODS))
    claimset: ClaimSet
    reconciled: ClaimSet
    consistent: bool
    adjustments: tuple[Adjustment, ...]
    total_slack: float | None = None
    measurements: tuple[Measurement, ...] = ()
    level: float | None = None
    chi2: float | None = None
    dof: int | None = None
    p_value: float | None = None
    critical: float | None = None
    suspect: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def moved(self) -> tuple[Adjustment, ...]:
        """The adjustments of the claims whose range changed."""
        return tuple(a for a in self.adjustments if a.moved)

    def __repr__(self) -> str:
        n = len(self.adjustments)
        return (
            f"<SetReconciliation {self.method}: {n} claim{'' if n == 1 else 's'}, "
            f"{len(self.moved)} moved>"
        )


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
) -> Reconciliation: ...


@overload
def reconcile(
    claims: ClaimSet | Iterable[Claim],
    method: SetMethod,
    *,
    level: float = 0.95,
    effects: Effects = "fixed",
) -> SetReconciliation: ...


def reconcile(
    claims: ClaimSet | Iterable[Claim],
    method: Method | SetMethod,
    *,
    level: float = 0.95,
    effects: Effects = "fixed",
) -> Reconciliation | SetReconciliation:
    """Reconcile claims into one figure, or a claim set into a consistent one.

    Parameters
    ----------
    claims : iterable of Claim, or ClaimSet
        For the one-quantity methods: claims about the same quantity, with the same
        measure, subject, period and kind (and, for rates, reading); their values may
        be in different units of one dimension. For ``"relax"`` and
        ``"least_squares"``: a :class:`~claimkit.claimset.ClaimSet` with its
        relations (a plain list becomes a claim set without relations; time
        additivity always holds).
    method : str
        How to reconcile: ``"intersection"``, ``"hull"``, ``"stretch"`` or
        ``"weighted"`` for one quantity; ``"relax"`` or ``"least_squares"`` for a
        claim set (see the module documentation and "Reconciliation maths").
    level : float, default 0.95
        ``"weighted"``: the level of the interval around the estimate, and of the
        test that flags a claim's residual. ``"least_squares"``: the level of the
        global and measurement tests. Other methods ignore it.
    effects : str, default "fixed"
        ``"weighted"``: ``"fixed"`` for a fixed-effect (common value) estimate, or
        ``"random"`` for a random-effects one (DerSimonian-Laird), whose interval
        widens when the claims disagree more than their widths explain. Other
        methods ignore it.

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
        If ``method``, ``level`` or ``effects`` is not one of the allowed values.
    InvalidClaimError, RelationError
        For ``"relax"`` and ``"least_squares"``, if a plain list of claims does not
        make a valid claim set.

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
    which :func:`~claimkit.checks.check` decides them, and a set that
    :func:`~claimkit.checks.check` finds consistent comes back unchanged. Tied
    optima are broken by a second stage that, among the minimal relaxations,
    minimises the sum of squared weighted slacks (unique), so which claims move
    never depends on the solver or on the order of the claims.

    ``"least_squares"`` reads claims as ``"weighted"`` does; unbounded claims are
    not measurements, and are checked against the values the others determine.
    Monotonicity (counts never decrease) is not imposed on the adjustment, which is
    an equality-constrained projection; a note says when the reconciled values
    break it.

    .. versionadded:: 0.1

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
    """
    from claimkit._reconcile_one import check_claims, reconcile_one

    if method not in _METHODS + _SET_METHODS:
        options = ", ".join(repr(m) for m in _METHODS + _SET_METHODS)
        msg = f"method must be one of {options}; got {method!r}"
        raise InvalidArgumentError(msg)
    if effects not in _EFFECTS:
        msg = f"effects must be 'fixed' or 'random', got {effects!r}"
        raise InvalidArgumentError(msg)
    checked_level = _check_level(level)
    if method in _METHODS:
        return reconcile_one(check_claims(claims), method, level=checked_level, effects=effects)
    from claimkit import _reconcile_set

    claimset = claims if isinstance(claims, ClaimSet) else ClaimSet(claims)
    if method == "relax":
        return _reconcile_set.relax(claimset)
    return _reconcile_set.least_squares(claimset, level=checked_level)
