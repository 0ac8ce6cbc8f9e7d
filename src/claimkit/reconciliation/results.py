"""Reconciliation: one figure from disagreeing sources, with every adjustment shown.

:func:`.reconcile` takes claims about one quantity (the same measure of the same
subject over the same period, of the same kind) and returns a
:class:`Reconciliation`: the reconciled figure as a :class:`~claimkit.values.range.Range`,
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

For a whole :class:`~claimkit.claims.claimset.ClaimSet` (claims about related
quantities, tied by sums and by time), :func:`.reconcile` returns a
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
``"drop"``
    The claims (or, with ``by="source"``, the sources) of least total weight to set
    aside for the rest to be consistent, with every other choice of the same weight:
    exact, by implicit hitting sets over the conflicts the LP finds.

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
from typing import Any, Literal, get_args

import attrs

from claimkit.claims.claimset import ClaimSet
from claimkit.engine.fields import instance_of, number, one_of, tuple_of
from claimkit.errors import UnknownIdError
from claimkit.values._format import finite_or_none, range_to_dict
from claimkit.values.period import Period
from claimkit.values.range import Range

__all__ = [
    "Adjustment",
    "DropBy",
    "Effects",
    "Measurement",
    "Method",
    "Reconciliation",
    "SetMethod",
    "SetReconciliation",
    "Status",
]

#: The reconciliation methods for claims about one quantity.
Method = Literal["intersection", "hull", "stretch", "weighted"]
#: The reconciliation methods for a whole claim set.
SetMethod = Literal["relax", "least_squares", "drop"]
#: What ``method="drop"`` sets aside: single claims, or sources with all their claims.
DropBy = Literal["claim", "source"]
#: How the claims' ranges relate, as :attr:`Reconciliation.status` defines it.
Status = Literal["agree", "overlap", "disjoint"]
#: Fixed or random effects for ``method="weighted"``.
Effects = Literal["fixed", "random"]

_METHODS: tuple[str, ...] = get_args(Method)
_SET_METHODS: tuple[str, ...] = get_args(SetMethod)
_STATUSES: tuple[str, ...] = get_args(Status)
_EFFECTS: tuple[str, ...] = get_args(Effects)
_DROP_BY: tuple[str, ...] = get_args(DropBy)
_KINDS = ("total", "rate")
_READINGS = ("uniform", "rounding")

_TEXT = instance_of(str, "a string")
_OPTIONAL_TEXT = instance_of(str | None, "a string or None")
_RANGE = instance_of(Range, "a Range")
_NUMBER = number()
_OPTIONAL_NUMBER = number(optional=True)
_NOTES = tuple_of(str, "a tuple of strings")
_IDS = tuple_of(str, "a tuple of claim ids (strings)")
_ID_SETS = tuple_of(tuple, "a tuple of tuples of claim ids")


def _each_ids(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that a field is a tuple of tuples of claim ids."""
    _ID_SETS(instance, attribute, value)
    assert isinstance(value, tuple)
    for item in value:
        _IDS(instance, attribute, item)


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

    Examples
    --------
    >>> import claimkit as ck
    >>> from claimkit.reconciliation.results import Adjustment
    >>> a = Adjustment(claim="rutte", source="Mark Rutte", weight=1.0,
    ...                original=ck.Range.exact(700_000, "person"),
    ...                adjusted=ck.Range(650_000, 750_000, "person"), stretch=1 / 14)
    >>> a.moved
    True
    """

    claim: str = attrs.field(validator=_TEXT)
    source: str | None = attrs.field(validator=_OPTIONAL_TEXT)
    weight: float = attrs.field(validator=_NUMBER)
    original: Range = attrs.field(validator=_RANGE)
    adjusted: Range = attrs.field(validator=_RANGE)
    stretch: float = attrs.field(validator=_NUMBER)

    @property
    def moved(self) -> bool:
        """Whether the claim's range had to change."""
        return self.adjusted != self.original

    def to_dict(self) -> dict[str, Any]:
        """Return the adjustment as JSON-ready data (as in :meth:`Reconciliation.to_json`).

        Examples
        --------
        >>> import claimkit as ck
        >>> from claimkit.reconciliation.results import Adjustment
        >>> r = ck.Range.at_least(5, "person")
        >>> Adjustment(claim="a", source=None, weight=1.0, original=r, adjusted=r,
        ...            stretch=0.0).to_dict()["original"]["hi"] is None
        True
        """
        return {
            "claim": self.claim,
            "source": self.source,
            "weight": self.weight,
            "original": range_to_dict(self.original),
            "adjusted": range_to_dict(self.adjusted),
            "stretch": finite_or_none(self.stretch),
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

    Examples
    --------
    >>> from claimkit.reconciliation.results import Measurement
    >>> m = Measurement(claim="a", source=None, unit="person", value=700_000.0,
    ...                 sd=28_867.5, reading="uniform", reconciled=749_504.9, z=-1.7,
    ...                 share=0.01)
    >>> m.flagged
    False
    """

    claim: str = attrs.field(validator=_TEXT)
    source: str | None = attrs.field(validator=_OPTIONAL_TEXT)
    unit: str = attrs.field(validator=_TEXT)
    value: float = attrs.field(validator=_NUMBER)
    sd: float = attrs.field(validator=_NUMBER)
    reading: str = attrs.field(validator=one_of(_READINGS))
    reconciled: float = attrs.field(validator=_NUMBER)
    z: float | None = attrs.field(validator=_OPTIONAL_NUMBER)
    share: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    flagged: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))

    def to_dict(self) -> dict[str, Any]:
        """Return the measurement as JSON-ready data.

        Examples
        --------
        >>> from claimkit.reconciliation.results import Measurement
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
            "z": finite_or_none(self.z),
            "share": self.share,
            "flagged": self.flagged,
        }


_ADJUSTMENTS = tuple_of(Adjustment, "a tuple of Adjustment objects")
_MEASUREMENTS = tuple_of(Measurement, "a tuple of Measurement objects")
_CLAIMSET = instance_of(ClaimSet, "a ClaimSet")


def _rendered(result: _Result, form: str) -> Any:
    """Render a result through :mod:`claimkit.render.reconciliation`.

    The rendering methods of the results are thin conveniences over the render
    layer, which sits above this one; this is the one place where this layer
    reaches up to it, at call time, so that no module-level import goes against
    the layers.
    """
    from claimkit.render import reconciliation as render

    functions = {
        "text": render.text,
        "markdown": render.markdown,
        "dict": render.as_dict,
        "html": render.html,
        "fragment": render.fragment,
    }
    return functions[form](result)  # type: ignore[arg-type]


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
        See :func:`.reconcile`.
        """
        for a in self.adjustments:
            if a.claim == claim_id:
                return a
        known = ", ".join(repr(a.claim) for a in self.adjustments)
        msg = f"no claim with id {claim_id!r} in this reconciliation (claims: {known})"
        raise UnknownIdError(msg, key=claim_id)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data (the schema of :meth:`to_json`)."""
        return _rendered(self, "dict")  # type: ignore[no-any-return]

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
        (2, 'reconciliation', 'overlap', 200.0)
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
        return _rendered(self, "markdown")  # type: ignore[no-any-return]

    def to_html(self) -> str:
        """Return the result as one self-contained HTML page (inline style, no scripts).

        Examples
        --------
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
        ...              kind="total", value=ck.Range(100, 300, "person"))
        >>> ck.reconcile([a], method="hull").to_html().startswith("<!DOCTYPE html>")
        True
        """
        return _rendered(self, "html")  # type: ignore[no-any-return]

    def _repr_html_(self) -> str:
        """Return a small HTML table for notebooks: the headline and the adjustments."""
        return _rendered(self, "fragment")  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return _rendered(self, "text")  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, repr=False)
class Reconciliation(_Result):
    """The result of :func:`.reconcile` for claims about one quantity.

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

    Examples
    --------
    See :func:`.reconcile`.
    """

    method: str = attrs.field(validator=one_of(_METHODS))
    measure: str = attrs.field(validator=_TEXT)
    subject: str = attrs.field(validator=_TEXT)
    period: Period = attrs.field(validator=instance_of(Period, "a Period"))
    kind: str = attrs.field(validator=one_of(_KINDS))
    value: Range = attrs.field(validator=_RANGE)
    status: Status = attrs.field(validator=one_of(_STATUSES))
    adjustments: tuple[Adjustment, ...] = attrs.field(validator=_ADJUSTMENTS)
    stretch: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    estimate: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    standard_error: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    level: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    effects: str | None = attrs.field(default=None, validator=one_of(_EFFECTS, optional=True))
    chi2: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    dof: int | None = attrs.field(default=None, validator=number(integer=True, optional=True))
    p_value: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    i2: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    tau2: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    measurements: tuple[Measurement, ...] = attrs.field(default=(), validator=_MEASUREMENTS)
    notes: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)

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
    """The result of :func:`.reconcile` for a whole claim set.

    Attributes
    ----------
    method : str
        ``"relax"``, ``"least_squares"`` or ``"drop"``.
    claimset : ClaimSet
        The claims as given.
    reconciled : ClaimSet
        The same claims, in the same order, with the relations, each claim's value
        replaced by its adjusted range (claims that did not move are the same
        objects). For ``"relax"`` it is consistent; for ``"least_squares"`` each
        range is widened to hold the claim's reconciled value.
    consistent : bool
        Whether ``reconciled`` passes the engine's feasibility check (strict ends
        honoured, as :func:`~claimkit.engine.checking.check` decides it).
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
    dropped : tuple of str
        ``"drop"``: the ids of the claims set aside, sorted: a set of least weight
        whose removal leaves the rest consistent (``()`` for a consistent set).
        ``reconciled`` is the claim set without them.
    alternatives : tuple of tuple of str
        ``"drop"``: every other set of claims of the same least weight whose removal
        works too, each sorted, up to the limit asked for (a note says when more
        may exist).
    optimal : bool or None
        ``"drop"``: whether ``dropped`` is proved to be of least weight; False when
        the search stopped at its time limit (a note says so).
    by : str or None
        ``"drop"``: ``"claim"`` or ``"source"``, the unit set aside.
    drop_weight : float or None
        ``"drop"``: the weight of ``dropped``: the sum of the weights of the claims'
        sources (1 for a claim without one) or, by source, of the sources set aside.
    notes : tuple of str
        Readings and remarks.

    Examples
    --------
    See :func:`.reconcile`.
    """

    method: str = attrs.field(validator=one_of(_SET_METHODS))
    claimset: ClaimSet = attrs.field(validator=_CLAIMSET)
    reconciled: ClaimSet = attrs.field(validator=_CLAIMSET)
    consistent: bool = attrs.field(validator=instance_of(bool, "True or False"))
    adjustments: tuple[Adjustment, ...] = attrs.field(validator=_ADJUSTMENTS)
    total_slack: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    measurements: tuple[Measurement, ...] = attrs.field(default=(), validator=_MEASUREMENTS)
    level: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    chi2: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    dof: int | None = attrs.field(default=None, validator=number(integer=True, optional=True))
    p_value: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    critical: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    suspect: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    dropped: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    alternatives: tuple[tuple[str, ...], ...] = attrs.field(default=(), validator=_each_ids)
    optimal: bool | None = attrs.field(
        default=None, validator=instance_of(bool | None, "True, False or None")
    )
    by: str | None = attrs.field(default=None, validator=one_of(_DROP_BY, optional=True))
    drop_weight: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    notes: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)

    @property
    def moved(self) -> tuple[Adjustment, ...]:
        """The adjustments of the claims whose range changed."""
        return tuple(a for a in self.adjustments if a.moved)

    def __repr__(self) -> str:
        n = len(self.adjustments)
        done = (
            f"{len(self.dropped)} set aside"
            if self.method == "drop"
            else f"{len(self.moved)} moved"
        )
        return f"<SetReconciliation {self.method}: {n} claim{'' if n == 1 else 's'}, {done}>"
