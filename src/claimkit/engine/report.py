"""Checks: do the claims fit together, which ones clash, by how much, and what they imply.

:func:`.check` translates a :class:`~claimkit.claims.claimset.ClaimSet` into one linear
model over cumulative counts (see the explanation page
"The linear model"), decides it with HiGHS, and returns a :class:`Report`:

* ``report.consistent``: whether all the claims can hold at once;
* ``report.findings``: :class:`Finding` objects, each a group of claims tied by one
  relation (the same quantity, parts and their total, a total over a period and
  over a sub-period, a rate against totals), or an irreducible group of claims that
  cannot all hold, with a verdict and a margin;
* ``report.bounds``: for every quantity that a claim mentions, the range that all
  the claims together allow;
* ``report.comparisons``: derived figures set side by side that the model does
  not decide (a rate "now" against the average over a longer period);
* ``report.implied(measure, subject, period)``: the exact range of any quantity.

>>> from datetime import date
>>> import claimkit as ck
>>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
>>> rutte = ck.Claim(id="rutte", measure="casualties", subject="russia", period=war,
...                  kind="total", value=ck.Range.exact(700_000, "person"))
>>> zelensky = rutte.replace(id="zelensky", value=ck.Range.exact(750_000, "person"))
>>> report = ck.check([rutte, zelensky])
>>> report.consistent
False
>>> finding = report.findings[0]
>>> finding.verdict, finding.claims, round(finding.stretch, 4)
('conflict', ('rutte', 'zelensky'), 0.0345)
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, cast

import attrs
import numpy as np

from claimkit.claims.claimset import ClaimSet
from claimkit.claims.quantity import Quantity
from claimkit.engine._content import VERDICTS, ReportContent
from claimkit.engine.columns import AnyClaims, FindingColumns, claimset_of
from claimkit.engine.components import component_ok
from claimkit.engine.exact_bounds import bounds_with_ends
from claimkit.engine.fields import (
    field_error,
    instance_of,
    is_tuple_of,
    number,
    one_of,
    tuple_of,
)
from claimkit.engine.model import Query, build_with_info
from claimkit.engine.ratio_bounds import quantity_args, report_implied_ratio
from claimkit.errors import InvalidArgumentError
from claimkit.values._format import finite_or_none, range_to_dict
from claimkit.values.period import Period
from claimkit.values.range import Range
from claimkit.values.units import is_compatible

if TYPE_CHECKING:
    import claimkit.engine.groups
    from claimkit.engine.words import Phrases

__all__ = [
    "Comparison",
    "Finding",
    "QuantityBounds",
    "Report",
    "ReportContent",
    "Verdict",
]

#: A finding's verdict.
Verdict = Literal["consistent", "tension", "conflict"]

#: A consistent group whose margin (common relative shrink) is below this is a tension.
TENSION = 0.10
#: Exact (LP) bounds for every quantity a claim mentions when the model has at most
#: this many rows (claim rows and monotone rows); above it, propagated bounds only.
EXACT_BOUNDS_ROWS = 1_000
#: At most this many conflict sets (irreducible conflicting groups) per check.
MAX_CONFLICTS = 1_000

_KINDS = (
    "conflict-set",
    "same-quantity",
    "part-sum",
    "monotone",
    "time-additivity",
    "rate-vs-total",
    "group",
    "ratio",
)
_VERDICTS = VERDICTS
#: What a quantity's bounds stand on: the claims as stated, or their least relaxation.
Basis = Literal["claims", "relaxed"]
_BASES: tuple[str, ...] = ("claims", "relaxed")


# -- fields ---------------------------------------------------------------------------
# A field that does not fit raises InvalidArgumentError (see claimkit.engine.fields).
# Converters never raise; they turn any iterable but a string into a tuple and leave
# the rest to the field's check.


def _as_tuple(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return value


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return cast("tuple[str, ...]", _as_tuple(value))


def _sources(value: Iterable[str | None]) -> tuple[str | None, ...]:
    return cast("tuple[str | None, ...]", _as_tuple(value))


def _pair(value: Iterable[str]) -> tuple[str, str]:
    return cast("tuple[str, str]", _as_tuple(value))


def _values(value: Iterable[Range]) -> tuple[Range, Range]:
    return cast("tuple[Range, Range]", _as_tuple(value))


def _comparisons(value: Iterable[Comparison]) -> tuple[Comparison, ...]:
    return cast("tuple[Comparison, ...]", _as_tuple(value))


_TEXT = instance_of(str, "a string")
_OPTIONAL_TEXT = instance_of(str | None, "a string or None")
_IDS = tuple_of(str, "a sequence of claim ids (strings)")
_RANGE = instance_of(Range, "a Range")


def _aligned_sources(instance: Finding, attribute: attrs.Attribute[Any], value: object) -> None:
    if not is_tuple_of(value, str | None, len(instance.claims)):
        expected = (
            f"a sequence of {len(instance.claims)} source names (strings or None), one per claim"
        )
        raise field_error(instance, attribute, expected, value)


@attrs.frozen(kw_only=True)
class Finding:
    """One tested relation between claims, with its verdict and margin.

    Attributes
    ----------
    kind : str
        What was tested: ``"same-quantity"`` (claims about the same quantity),
        ``"part-sum"`` (parts against their total), ``"monotone"`` (a total over a
        period against one over a sub-period: counts cannot decrease),
        ``"time-additivity"`` (a total against the difference of two cumulative
        totals, or against the totals over consecutive sub-periods that tile its
        period, rates included), ``"rate-vs-total"`` (a monotone or three-claim
        time-additivity finding when a rate is involved), ``"conflict-set"`` (an
        irreducible group of claims that cannot all hold: every proper subset can),
        or ``"group"`` (all the claims of an independent group at once, listed only
        when they agree only just and no other finding on them says so; see
        :attr:`Report.groups`), or ``"ratio"`` (a ratio claim, a claim on its numerator
        and one on its denominator; ``margin_abs`` in the ratio's unit).
    claims : tuple of str
        The ids of the claims involved; the first is the reference whose unit
        ``margin_abs`` uses (for a conflict set, the family's count unit).
    sources : tuple of str or None
        The name of each claim's source (``None`` when a claim has none), aligned
        with ``claims``.
    relation : str
        The relation tested, in words.
    verdict : str
        ``"conflict"`` when the claims cannot all hold; ``"tension"`` when they can
        but ``margin`` is below the report's threshold; ``"consistent"`` otherwise.
    margin : float
        Relative and signed. For a group that holds: the largest common shrink
        (0 to 1) of the claims' ranges that keeps it holding. For a conflict: minus
        the smallest common stretch that makes it hold (0 when the claims meet and
        only strict ends keep them apart). See the explanation page "The linear
        model" for how ranges shrink and stretch.
    margin_abs : float
        Absolute and signed, in ``unit``. For a group that holds: the width of the
        range the other claims leave for the first one (``inf`` if unbounded); for a
        conflict: minus the gap, the least total amount by which the claims' values
        must move.
    unit : str
        The unit of ``margin_abs``.
    touching : bool
        True for a conflict that exists only because strict ends ("over",
        "less than") touch: with closed ends the claims would meet.

    Examples
    --------
    >>> from claimkit.engine.report import Finding
    >>> f = Finding(kind="same-quantity", claims=("a", "b"), sources=(None, None),
    ...             relation="same quantity", verdict="conflict", margin=-0.05,
    ...             margin_abs=-1000.0, unit="person")
    >>> f.stretch, f.shrink
    (0.05, 0.0)
    """

    kind: str = attrs.field(validator=one_of(_KINDS))
    claims: tuple[str, ...] = attrs.field(converter=_strs, validator=_IDS)
    sources: tuple[str | None, ...] = attrs.field(converter=_sources, validator=_aligned_sources)
    relation: str = attrs.field(validator=_TEXT)
    verdict: Verdict = attrs.field(validator=one_of(_VERDICTS))
    margin: float = attrs.field(validator=number())
    margin_abs: float = attrs.field(validator=number())
    unit: str = attrs.field(validator=_TEXT)
    touching: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))

    @property
    def stretch(self) -> float:
        """The common relative stretch a conflict needs (0 for a group that holds)."""
        return -self.margin if self.margin < 0 else 0.0

    @property
    def shrink(self) -> float:
        """The common relative shrink a group that holds can take (0 for a conflict)."""
        return self.margin if self.margin > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data (see :meth:`Report.to_json`).

        Examples
        --------
        >>> from claimkit.engine.report import Finding
        >>> f = Finding(kind="monotone", claims=("a", "b"), sources=("X", None),
        ...             relation="...", verdict="consistent", margin=1.0,
        ...             margin_abs=float("inf"), unit="person")
        >>> f.to_dict()["margin_abs"] is None
        True
        """
        return {
            "kind": self.kind,
            "verdict": self.verdict,
            "claims": list(self.claims),
            "sources": list(self.sources),
            "relation": self.relation,
            "margin": finite_or_none(self.margin),
            "margin_abs": finite_or_none(self.margin_abs),
            "unit": self.unit,
            "touching": self.touching,
        }


@attrs.frozen(kw_only=True)
class QuantityBounds:
    """What the claims together allow for one quantity that a claim mentions.

    Attributes
    ----------
    measure, subject : str
        The quantity's measure and subject (as the first claim about it names them).
    period : Period
        The span the quantity covers (for a rate read on ``"each"`` window, the
        run of whole windows).
    claims : tuple of str
        The ids of the claims about exactly this quantity.
    propagated : Range
        Sound bounds from interval propagation: they contain every value the claims
        allow (never narrower than ``exact``), found fast for any number of claims.
    exact : Range or None
        The exact range from two LPs, or ``None`` when the model is
        larger than the report's ``exact_bounds`` limit (then use
        :meth:`Report.implied`). An end is open when only a strict claim met with
        equality would reach it (as in :meth:`Report.implied`).
    basis : str
        What the bounds stand on. ``"claims"``: the claims as stated (every quantity
        of a group whose claims agree). ``"relaxed"``: the quantity's group conflicts,
        so no value meets all its claims; the bounds are then those of the least
        change that makes them agree, the relaxation that
        ``reconcile(claims, method="relax")`` returns (the same bounds as
        ``check(reconcile(claims, method="relax").reconciled)`` gives). A least
        relaxation need not be unique; the one taken is that method's, whose
        tie-break (the even spread of tied slacks, for the claims sorted by id) makes
        it, and so these bounds, reproducible. The bounds of a conflicting group are
        empty, with basis ``"claims"``, only where no relaxation is found (HiGHS
        finds no optimum of it; ``reconcile`` raises then).

    Notes
    -----
    The other groups' bounds do not depend on a conflict elsewhere: groups share no
    quantity, and their claims stand as stated.

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov, kind="total",
    ...              value=ck.Range(100, 300, "person"))
    >>> b = a.replace(id="b", value=ck.Range.at_least(200, "person"))
    >>> bounds = ck.check([a, b]).bounds[0]
    >>> print(bounds.exact)
    [200, 300] person
    >>> bounds.basis
    'claims'

    When the claims of a group conflict, its bounds stand on their least relaxation:
    100 to 300 against exactly 400 meet once the 400 moves down by a quarter (the 300
    would have to move up by a third).

    >>> c = a.replace(id="c", value=ck.Range.exact(400, "person"))
    >>> bounds = ck.check([a, c]).bounds[0]
    >>> print(bounds.exact)
    [300, 300] person
    >>> bounds.basis
    'relaxed'
    """

    measure: str = attrs.field(validator=_TEXT)
    subject: str = attrs.field(validator=_TEXT)
    period: Period = attrs.field(validator=instance_of(Period, "a Period"))
    claims: tuple[str, ...] = attrs.field(converter=_strs, validator=_IDS)
    propagated: Range = attrs.field(validator=_RANGE)
    exact: Range | None = attrs.field(
        default=None, validator=instance_of(Range | None, "a Range or None")
    )
    basis: Basis = attrs.field(default="claims", validator=one_of(_BASES))

    def to_dict(self) -> dict[str, Any]:
        """Return the bounds as JSON-ready data (see :meth:`Report.to_json`)."""
        return {
            "measure": self.measure,
            "subject": self.subject,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "claims": list(self.claims),
            "propagated": range_to_dict(self.propagated),
            "exact": None if self.exact is None else range_to_dict(self.exact),
            "basis": self.basis,
        }


@attrs.frozen(kw_only=True)
class Comparison:
    """Two derived figures side by side, which the model does not decide.

    A rate stated "now" and the average rate over a longer period are different
    quantities: no constraint links them, yet readers compare them. A comparison
    shows both in one unit, with their ratio.

    Attributes
    ----------
    claims : tuple of (str, str)
        The two claims compared.
    values : tuple of (Range, Range)
        Each claim's figure as an average rate over its own period, in ``unit``.
    unit : str
        A rate unit (``person / week``).
    ratio : Range
        ``values[0] / values[1]`` (dimensionless).
    description : str
        What is compared, in words.

    Examples
    --------
    See :func:`.check` (the ``compare`` argument).
    """

    claims: tuple[str, str] = attrs.field(
        converter=_pair, validator=tuple_of(str, "two claim ids (strings)", size=2)
    )
    values: tuple[Range, Range] = attrs.field(
        converter=_values, validator=tuple_of(Range, "two Ranges", size=2)
    )
    unit: str = attrs.field(validator=_TEXT)
    ratio: Range = attrs.field(validator=_RANGE)
    description: str = attrs.field(validator=_TEXT)

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready data (see :meth:`Report.to_json`)."""
        return {
            "claims": list(self.claims),
            "unit": self.unit,
            "values": [range_to_dict(v) for v in self.values],
            "ratio": range_to_dict(self.ratio),
            "description": self.description,
        }


@attrs.frozen(kw_only=True, repr=False)
class Report:
    """The result of :func:`.check`.

    Attributes
    ----------
    consistent : bool
        True when all the claims can hold at once (strict ends honoured), that is
        when no finding is a conflict.
    comparisons : tuple of Comparison
        Derived figures side by side (not decided by the model).
    components : int
        How many independent groups of claims the model split into.
    notes : tuple of str
        Remarks on the check itself (claims that constrain nothing, limits reached).
    tension : float
        The threshold below which a consistent group's margin makes it a tension.
    exact_bounds : int
        The model size up to which ``bounds`` include exact LP bounds.

    Notes
    -----
    Reports are made by :func:`.check`. ``findings`` and ``bounds`` are built
    when first read, so checking a large claim set stays fast when only
    ``consistent`` or ``conflicts`` is wanted. A report pickles (so it can come
    back from a worker process): pickling builds the findings and bounds not read
    yet, and the report loaded back holds them.

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
    >>> a = ck.Claim(id="a", measure="casualties", subject="russia", period=war,
    ...              kind="total", value=ck.Range.from_rounded("700,000", "person"))
    >>> b = a.replace(id="b", value=ck.Range.from_rounded("750,000", "person"))
    >>> report = ck.check([a, b])
    >>> report.consistent, [f.verdict for f in report.findings]
    (True, ['tension'])
    >>> report
    <Report: 2 claims, consistent, 1 finding (1 tension)>
    """

    _claims: AnyClaims = attrs.field(
        alias="claimset", eq=claimset_of, validator=instance_of(AnyClaims, "a ClaimSet")
    )
    consistent: bool = attrs.field(validator=instance_of(bool, "True or False"))
    comparisons: tuple[Comparison, ...] = attrs.field(
        converter=_comparisons,
        default=(),
        validator=tuple_of(Comparison, "a sequence of Comparison objects"),
    )
    components: int = attrs.field(default=0, validator=number(integer=True))
    notes: tuple[str, ...] = attrs.field(
        converter=_strs, default=(), validator=tuple_of(str, "a sequence of strings")
    )
    tension: float = attrs.field(default=TENSION, validator=number())
    exact_bounds: int = attrs.field(default=EXACT_BOUNDS_ROWS, validator=number(integer=True))
    _content: ReportContent = attrs.field(
        factory=ReportContent.of,
        eq=False,
        alias="content",
        validator=instance_of(ReportContent, "a ReportContent"),
    )

    @property
    def claimset(self) -> ClaimSet:
        """The claims checked, sorted by id (the order :func:`.check` solves them in).

        Those of a table checked from its columns are read when first asked for.
        """
        return claimset_of(self._claims)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, conflicting groups first, then tensions, then consistent ones."""
        return self._content.get("findings")

    def finding_columns(self, rows: slice | None = None) -> FindingColumns:
        """Return the findings as columns (``claimkit.tables.findings_frame`` reads them).

        In the order of :attr:`findings`, made without a :class:`Finding` per row, and
        kept; ``rows`` (a slice of that order) makes only those, anew, and keeps nothing,
        so that the findings of many claims can be read a part at a time.
        """
        return self._content.table(rows)

    def finding_phrases(self, rows: slice) -> tuple[FindingColumns, Phrases]:
        """Return findings ``rows`` as :meth:`finding_columns` does, relations unwritten.

        The relations are ``claimkit.engine.words.Phrases`` (the columns'
        ``relation`` is not to be read), for writing them without a string each.
        """
        return self._content.phrased(rows)

    @property
    def groups(self) -> tuple[claimkit.engine.groups.Group, ...]:
        """One :class:`~claimkit.engine.groups.Group` per independent group of claims.

        Groups come in the order of their first claim's id.

        Each group is judged with all its claims at once (an LP per block of groups,
        run when first asked for). Where a group agrees only just and no finding on
        its claims says so, ``findings`` also hold a ``"group"`` finding for it.

        Examples
        --------
        >>> from datetime import date
        >>> import claimkit as ck
        >>> nov = ck.Period.month(2024, 11)
        >>> a = ck.Claim(id="a", measure="killed", subject="x", period=nov,
        ...              kind="total", value=ck.Range(100, 300, "person"))
        >>> b = a.replace(id="b", value=ck.Range(290, 400, "person"))
        >>> [(g.claims, g.agreement, round(g.margin, 3)) for g in ck.check([a, b]).groups]
        [(('a', 'b'), 'agree only just', 0.065)]
        """
        return self._content.get("groups")

    @property
    def bounds(self) -> tuple[QuantityBounds, ...]:
        """One :class:`QuantityBounds` per quantity that some claim mentions."""
        return self._content.get("bounds")

    @property
    def conflicts(self) -> tuple[Finding, ...]:
        """The findings whose verdict is ``conflict``."""
        return self._content.get("conflict")

    @property
    def tensions(self) -> tuple[Finding, ...]:
        """The findings whose verdict is ``tension``."""
        return self._content.get("tension")

    def counts(self) -> dict[str, int]:
        """Return how many findings have each verdict.

        Examples
        --------
        >>> import claimkit as ck
        >>> ck.check([]).counts()
        {'consistent': 0, 'tension': 0, 'conflict': 0}
        """
        return dict(self._content.counts)

    def implied(
        self,
        measure: str | Quantity,
        subject: str | None = None,
        period: Period | None = None,
        *,
        per: str | None = None,
    ) -> Range:
        """Return the exact range that the claims allow for any quantity.

        Two LPs (the smallest and the largest value) on the model with the
        period's dates added. An end is open when it is reached only where a strict
        claim ("over", "less than") would be met with equality: one more LP per end,
        the one that decides feasibility (strict ends moved inward), tells.

        Parameters
        ----------
        measure, subject : str
            Any measure and subject the claims or relations name (totals and parts
            alike); or, in their place, one complete
            :class:`~claimkit.claims.quantity.Quantity`: ``implied(Quantity(...))``.
        period : Period
            The span of the total.
        per : str, optional
            A time unit (``"week"``): return the average rate over the period instead
            of the total.

        Returns
        -------
        Range
            In the measure family's count unit (per ``per`` if given); empty when the
            claims that bear on it conflict.

        Raises
        ------
        UnknownIdError
            If no claim or relation names the measure or the subject.
        InvalidArgumentError
            If ``per`` is not a unit of time (``"person"``, ``"person / week"``), or
            the quantity is not given as three names or one complete Quantity.
        UnitError
            If ``per`` is not a unit at all.

        Examples
        --------
        >>> from datetime import date
        >>> import claimkit as ck
        >>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
        >>> both = ck.Claim(id="both", measure="casualties", subject="both", period=war,
        ...                 kind="total", value=ck.Range.more_than(1_000_000, "person"))
        >>> russia = both.replace(id="russia", subject="russia",
        ...                       value=ck.Range.from_rounded("700,000", "person"))
        >>> claims = ck.ClaimSet([both, russia],
        ...                      relations=[ck.Sum("both", ["russia", "ukraine"], over="subject")])
        >>> print(ck.check(claims).implied("casualties", "ukraine", war))
        (250,000, inf) person
        """
        measure, subject, period = quantity_args(measure, subject, period)
        if per is not None and not (isinstance(per, str) and is_compatible(per, "day")):
            msg = (
                "implied(): per must be a unit of time, such as 'week' or 'day' (the average "
                f"rate per week or per day over the period), got {per!r}"
            )
            raise InvalidArgumentError(msg)
        query = Query(measure, subject, period.start, period.end)
        model, _, query_series = build_with_info(self._claims, queries=[query])
        unit = self._claims.unit_of(measure)
        series = query_series[0]
        for comp in np.unique(model.series_comp[np.asarray(series, dtype=np.int64)]).tolist():
            if not component_ok(model, comp):
                return _per(Range.empty(unit), period, per)
        quantity = (series, period.start.toordinal(), period.end.toordinal())
        lo, hi, lo_open, hi_open = bounds_with_ends(model, [quantity])
        opens = (bool(lo_open[0]), bool(hi_open[0]))
        return _per(_bounded(float(lo[0]), float(hi[0]), unit, opens), period, per)

    implied_ratio = report_implied_ratio  # Charnes-Cooper, see claimkit.engine.ratio_bounds

    # -- rendering ---------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (the schema of :meth:`to_json`)."""
        return _rendered(self, "dict")  # type: ignore[no-any-return]

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON, following the documented schema (version 2).

        Examples
        --------
        >>> import json
        >>> import claimkit as ck
        >>> data = json.loads(ck.check([]).to_json())
        >>> data["schema_version"], data["consistent"]
        (2, True)
        """
        import json

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def to_markdown(self) -> str:
        """Return the report as Markdown (a heading and pipe tables).

        Examples
        --------
        >>> import claimkit as ck
        >>> print(ck.check([]).to_markdown().splitlines()[0])
        # Consistency report
        """
        return _rendered(self, "markdown")  # type: ignore[no-any-return]

    def to_html(self, *, plots: Mapping[str, str] | None = None) -> str:
        """Return the report as one self-contained HTML page.

        The page loads nothing (inline style, no scripts, a Content-Security-Policy
        that forbids fetching) and escapes everything taken from the claims.

        Parameters
        ----------
        plots : dict, optional
            Captions mapped to inline SVG documents to show (``claimkit check FILE
            --format html`` adds the forest and timeline plots when matplotlib is
            installed); without them the page says how to get them.

        Examples
        --------
        >>> import claimkit as ck
        >>> page = ck.check([]).to_html()
        >>> page.startswith("<!DOCTYPE html>"), "There are no claims to check." in page
        (True, True)
        """
        return _rendered(self, "html", plots=plots)  # type: ignore[no-any-return]

    def _repr_html_(self) -> str:
        """Return a small HTML view for notebooks: the headline and the findings."""
        return _rendered(self, "fragment")  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return _rendered(self, "text")  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        n = sum(self._content.counts.values())
        counts = self.counts()
        parts = [f"{counts[v]} {v if counts[v] == 1 else v + 's'}" for v in ("conflict", "tension")]
        detail = ", ".join(p for p in parts if not p.startswith("0 "))
        state = "consistent" if self.consistent else "not consistent"
        tail = f" ({detail})" if detail else ""
        return (
            f"<Report: {len(self._claims)} claims, {state}, {n} "
            f"finding{'' if n == 1 else 's'}{tail}>"
        )


def _rendered(report: Report, form: str, **options: Any) -> Any:
    """Render a report through :mod:`claimkit.render.report` (text, markdown, html, dict).

    The methods of :class:`Report` are thin conveniences over the render layer, which
    sits above the engine; this is the one place where the engine reaches up to it,
    at call time, so that no module-level import goes against the layers.
    """
    from claimkit.render import report as render

    functions: dict[str, Callable[[Report], Any]] = {
        "text": render.report_text,
        "markdown": render.report_markdown,
        "dict": render.report_dict,
        "html": render.report_html,
        "fragment": render.report_fragment,
    }
    return functions[form](report, **options)


def _bounded(lo: float, hi: float, unit: str, opens: tuple[bool, bool]) -> Range:
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        return Range.empty(unit)
    # A lower bound beyond the largest float (a sum of huge parts) is that float; a
    # single point keeps its ends closed (the solver reached it).
    low = min(lo, sys.float_info.max)
    lo_open, hi_open = opens if low < hi else (False, False)
    return Range(low, hi, unit, lo_open=lo_open, hi_open=hi_open)


def _per(total: Range, period: Period, per: str | None) -> Range:
    if per is None:
        return total
    rate = total / period.duration
    return rate.to(f"{total.unit} / {per}")
