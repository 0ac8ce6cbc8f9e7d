"""Plots: claims side by side (a forest plot) and claimed series over time.

:func:`forest` draws the claims about each quantity as one row per claim, with the
reconciled figure and the range all the claims imply drawn over them.
:func:`timeline` draws series over time: cumulative totals at the dates they count
up to, and rates over the periods they cover.

Both need matplotlib, an optional dependency: ``pip install "claimkit[plot]"``.
Without it they raise :class:`~claimkit.errors.MissingDependencyError`. Importing
this module does not import matplotlib, and the functions never use pyplot: they
build a matplotlib ``Figure`` of their own (which needs no display, and
which Jupyter shows inline), or draw into axes you pass with ``ax=``, for example
from ``matplotlib.pyplot.subplots()`` to show them in a window.

How ranges are drawn:

=======================  ==========================================================
end                      drawn as
=======================  ==========================================================
closed (``[x``)          a bar ``|`` at x
open (``(x``)            a hollow circle at x
unbounded (``inf``)      an arrow to the edge of the plot
exact figure ``[x, x]``  a diamond at x
=======================  ==========================================================

Every artist that stands for part of a claim carries a *gid* (``claim:<id>``,
``closed-end``, ``open-end``, ``unbounded``, ``exact``, ``reconciled``,
``implied``), so that programs and tests can find what was drawn.

Examples
--------
>>> from datetime import date
>>> import claimkit as ck
>>> from claimkit.plot import forest
>>> war = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
>>> rutte = ck.Claim(id="rutte", measure="casualties", subject="russia", period=war,
...                  kind="total", value=ck.parse_quantity("about 700,000"),
...                  source=ck.Source("Mark Rutte"))
>>> zelensky = rutte.replace(id="zelensky", value=ck.parse_quantity("750,000"),
...                          source=ck.Source("Volodymyr Zelenskyy"))
>>> fig = forest([rutte, zelensky], reconciled=ck.reconcile([rutte, zelensky], "stretch"))
>>> [label.get_text() for label in fig.axes[0].get_yticklabels()]
['Mark Rutte · rutte', 'Volodymyr Zelenskyy · zelensky']
>>> fig.axes[0].get_xlabel()
'person'
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from claimkit.claims.claim import Claim
from claimkit.engine.report import Report
from claimkit.errors import InvalidArgumentError, InvalidClaimError, MissingDependencyError
from claimkit.reconciliation.results import Reconciliation
from claimkit.values.range import Range

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import XAxis, YAxis
    from matplotlib.figure import Figure

    from claimkit.claims.claimset import ClaimSet
    from claimkit.values.period import Period

__all__ = ["forest", "timeline"]

_INSTALL = (
    "claimkit.plot needs matplotlib, which is not installed; install it with "
    "pip install 'claimkit[plot]' (or pip install 'matplotlib>=3.8')"
)
_ROW_HEIGHT = 0.45
_PANEL_EXTRA = 1.3
_WIDTH = 10.0
_RECONCILED_COLOR = "tab:green"
_IMPLIED_COLOR = "tab:purple"

#: A quantity: measure, subject, period and kind.
_Key = tuple[str, str, "Period", str]


def _figure(rows: Sequence[int], *, sharex: bool = False) -> tuple[Figure, list[Axes]]:
    """Return a new figure (no pyplot, no display needed) with one panel per entry."""
    try:
        from matplotlib.figure import Figure
    except ImportError as err:
        raise MissingDependencyError(_INSTALL) from err
    height = sum(_ROW_HEIGHT * max(n, 1) + _PANEL_EXTRA for n in rows)
    fig = Figure(figsize=(_WIDTH, height), layout="constrained")
    axes = fig.subplots(len(rows), 1, squeeze=False, sharex=sharex)[:, 0]
    return fig, list(axes)


def _own(ax: Axes) -> tuple[Figure, list[Axes]]:
    """Return the figure that holds ``ax``, and ``ax`` as the one panel."""
    fig = ax.get_figure(root=True)
    if fig is None:
        msg = "ax= must be axes that belong to a figure (made with Figure.subplots or pyplot)"
        raise InvalidArgumentError(msg)
    return fig, [ax]


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401 -- only whether it can be imported
    except ImportError as err:
        raise MissingDependencyError(_INSTALL) from err


def _claims(claims: ClaimSet | Iterable[Claim]) -> list[Claim]:
    items: list[object] = list(claims)
    for i, claim in enumerate(items):
        if not isinstance(claim, Claim):
            msg = f"item {i} of claims is a {type(claim).__name__}, not a Claim: {claim!r}"
            raise InvalidClaimError(msg)
    if not items:
        msg = "there are no claims to plot: pass a ClaimSet or a list of Claim objects"
        raise InvalidClaimError(msg)
    return items  # type: ignore[return-value]  # every item was checked above


def _key(claim: Claim) -> _Key:
    return (claim.measure, claim.subject, claim.period, claim.kind)


def _label(claim: Claim) -> str:
    return claim.id if claim.source is None else f"{claim.source.name} · {claim.id}"


def _is_finite(x: float) -> bool:
    return x - x == 0.0


# --------------------------------------------------------------------------- forest


def forest(
    claims: ClaimSet | Iterable[Claim],
    *,
    reconciled: Reconciliation | Iterable[Reconciliation] | Range | None = None,
    implied: Report | Range | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw the claims about each quantity as a forest plot, one row per claim.

    Claims about the same quantity (the same measure, subject, period and kind) share
    a panel, whose x axis is labelled with its unit; each row is labelled with the
    claim's source and id. Ends are drawn as the module documentation says: bars for
    closed ends, hollow circles for open ones, arrows for unbounded ones. The
    reconciled figure is a green band (a line when it is one number), and the range
    all claims imply a hatched purple band.

    Parameters
    ----------
    claims : ClaimSet or iterable of Claim
        The claims, in the order of the rows.
    reconciled : Reconciliation or iterable of Reconciliation or Range, optional
        What :func:`~claimkit.reconciliation.api.reconcile` returned, drawn in the panel of
        its quantity; or a Range (with one panel only).
    implied : Report or Range, optional
        A :class:`~claimkit.engine.report.Report` of :func:`~claimkit.engine.checking.check`: each
        panel shows what the report implies for its quantity (for rates, the
        average rate over the period); or a Range (with one panel only).
    unit : str, optional
        The unit of the x axis (one panel only); by default each panel's first
        claim's unit. Ranges are converted to it.
    ax : ``matplotlib.axes.Axes``, optional
        Draw into these axes (one panel only) instead of a new figure.

    Returns
    -------
    ``matplotlib.figure.Figure``
        The figure, with one axes per quantity (or the figure of ``ax``).

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.
    InvalidClaimError
        If there are no claims, or an item is not a claim.
    InvalidArgumentError
        If ``ax``, ``unit``, or a Range for ``reconciled`` or ``implied`` is given for
        claims about more than one quantity, or ``reconciled`` or ``implied`` is of
        another type.
    IncompatibleUnitsError
        If a range does not convert to the panel's unit.

    Examples
    --------
    >>> from datetime import date
    >>> import claimkit as ck
    >>> from claimkit.plot import forest
    >>> nov = ck.Period.month(2024, 11)
    >>> a = ck.Claim(id="a", measure="killed", subject="russia", period=nov,
    ...              kind="total", value=ck.Range.more_than(40_000, "person"))
    >>> b = a.replace(id="b", value=ck.Range(38_000, 45_000, "person"))
    >>> fig = forest([a, b], implied=ck.check([a, b]))
    >>> ax = fig.axes[0]
    >>> len(ax.get_yticklabels()), ax.get_xlabel()
    (2, 'person')
    >>> [t.get_gid() for t in ax.texts]
    ['unbounded']
    """
    _require_matplotlib()
    items = _claims(claims)
    panels: dict[_Key, list[Claim]] = {}
    for claim in items:
        panels.setdefault(_key(claim), []).append(claim)
    if len(panels) > 1:
        given: dict[str, object] = {"ax": ax, "unit": unit}
        given.update(reconciled=reconciled, implied=implied)
        for name, value in given.items():
            if value is not None and (name in ("ax", "unit") or isinstance(value, Range)):
                raise _several(name, panels)
    fig, axes = _figure([len(rows) for rows in panels.values()]) if ax is None else _own(ax)
    overlays = _reconciliations(reconciled)
    for axes_, (key, rows) in zip(axes, panels.items(), strict=True):
        extra = [overlays[key]] if key in overlays else []
        if isinstance(reconciled, Range):
            extra = [("reconciled", reconciled)]
        if implied is not None:
            extra.append(("implied by all claims", _implied(implied, rows[0])))
        _draw_panel(axes_, key, rows, unit or rows[0].value.unit, extra)
    return fig


def _several(name: str, panels: dict[_Key, list[Claim]]) -> InvalidArgumentError:
    quantities = "; ".join(f"{m} of {s} ({k}, {p})" for m, s, p, k in panels)
    msg = (
        f"{name}= applies to one quantity, but the claims are about {len(panels)}: "
        f"{quantities}; plot them one quantity at a time, or leave {name} out"
    )
    return InvalidArgumentError(msg)


def _reconciliations(
    reconciled: Reconciliation | Iterable[Reconciliation] | Range | None,
) -> dict[_Key, tuple[str, Range]]:
    """Return the legend label and the figure of each quantity's reconciliation."""
    if reconciled is None or isinstance(reconciled, Range):
        return {}
    results: list[object] = (
        [reconciled] if isinstance(reconciled, Reconciliation) else list(reconciled)
    )
    found: dict[_Key, tuple[str, Range]] = {}
    for result in results:
        if not isinstance(result, Reconciliation):
            msg = (
                "reconciled must be a Reconciliation (what reconcile() returns), a list of "
                f"them, or a Range; got {type(result).__name__}"
            )
            raise InvalidArgumentError(msg)
        key = (result.measure, result.subject, result.period, result.kind)
        found[key] = (f"reconciled ({result.method})", result.value)
    return found


def _implied(implied: Report | Range, claim: Claim) -> Range:

    given: object = implied
    if isinstance(given, Range):
        return given
    if not isinstance(given, Report):
        msg = (
            "implied must be a Report (what check() returns) or a Range, got "
            f"{type(given).__name__}"
        )
        raise InvalidArgumentError(msg)
    if claim.kind == "total":
        return given.implied(claim.measure, claim.subject, claim.period)
    daily = given.implied(claim.measure, claim.subject, claim.period, per="day")
    return daily.to(claim.value.unit)


def _draw_panel(
    ax: Axes, key: _Key, rows: list[Claim], unit: str, extra: list[tuple[str, Range]]
) -> None:
    values = [claim.value.to(unit) for claim in rows]
    overlays = [(label, r.to(unit)) for label, r in extra]
    lo, hi = _limits([*values, *(r for _, r in overlays)])
    ax.set_xlim(lo, hi)
    for label, r in overlays:
        _band(ax, label, r, lo, hi)
    for y, (claim, value) in enumerate(zip(rows, values, strict=True)):
        _row(ax, y, claim.id, value, limits=(lo, hi))
    ax.set_yticks(range(len(rows)), [_label(claim) for claim in rows], fontsize="small")
    ax.set_ylim(len(rows) - 0.5, -0.5)
    measure, subject, period, kind = key
    span = f"[{period.start.isoformat()}, {period.end.isoformat()})"
    ax.set_title(f"{measure} of {subject}: {kind} over {span}", loc="left", fontsize="medium")
    _number_axis(ax.xaxis)
    ax.set_xlabel(unit)
    ax.grid(axis="x", alpha=0.3)
    if overlays:  # outside the rows, to their right, so that it hides none of them
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
                  fontsize="small")  # fmt: skip


def _number(x: float, _: object = None) -> str:
    """Return a tick label with thousands separators: ``1,050,000``, ``2.5``."""
    if abs(x) >= 100 or float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.3g}"


def _number_axis(axis: XAxis | YAxis) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5))
    axis.set_major_formatter(FuncFormatter(_number))


def _limits(ranges: Iterable[Range]) -> tuple[float, float]:
    ends = [x for r in ranges if not r.is_empty for x in (r.lo, r.hi) if _is_finite(x)]
    if not ends:
        return (0.0, 1.0)
    lo, hi = min(ends), max(ends)
    pad = (hi - lo) * 0.15 if hi > lo else max(abs(lo) * 0.1, 1.0)
    return (lo - pad, hi + pad)


def _band(ax: Axes, label: str, r: Range, lo: float, hi: float) -> None:
    from matplotlib.colors import to_rgba

    reconciled = label.startswith("reconciled")
    color = _RECONCILED_COLOR if reconciled else _IMPLIED_COLOR
    gid = "reconciled" if reconciled else "implied"
    if r.is_empty:
        ax.plot([], [], color=color, label=f"{label}: none (the claims conflict)", gid=gid)
        return
    if r.hi - r.lo <= (hi - lo) * 1e-6:  # a point, up to outward rounding
        ax.axvline(r.midpoint, color=color, linewidth=2, label=label, gid=gid)
        return
    left = r.lo if _is_finite(r.lo) else lo
    right = r.hi if _is_finite(r.hi) else hi
    if reconciled:
        ax.axvspan(left, right, facecolor=to_rgba(color, 0.25), edgecolor=color,
                   linewidth=1.5, label=label, gid=gid, zorder=1)  # fmt: skip
        return
    # The implied range: hatched, with solid edges, drawn over the reconciled band.
    ax.axvspan(left, right, facecolor=to_rgba(color, 0.12), edgecolor=color, hatch="//",
               linewidth=2, label=label, gid=gid, zorder=1.5)  # fmt: skip


def _row(ax: Axes, y: int, claim_id: str, value: Range, *, limits: tuple[float, float]) -> None:
    lo, hi = limits
    color = "tab:blue"
    if value.lo == value.hi:
        ax.plot([value.lo], [y], marker="D", color=color, linestyle="none", gid="exact")
        return
    left = value.lo if _is_finite(value.lo) else lo
    right = value.hi if _is_finite(value.hi) else hi
    ax.plot([left, right], [y, y], color=color, linewidth=2.5, gid=f"claim:{claim_id}")
    for end, is_open, edge in ((value.lo, value.lo_open, lo), (value.hi, value.hi_open, hi)):
        if not _is_finite(end):
            start = right if edge == lo else left
            start = start if _is_finite(start) else (lo + hi) / 2
            ax.annotate(
                "",
                xy=(edge, y),
                xytext=(start, y),
                arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 2.5},
                gid="unbounded",
            )
        elif is_open:
            ax.plot([end], [y], marker="o", markersize=7, markerfacecolor="white",
                    color=color, linestyle="none", gid="open-end")  # fmt: skip
        else:
            ax.plot([end], [y], marker="|", markersize=12, markeredgewidth=2.5,
                    color=color, linestyle="none", gid="closed-end")  # fmt: skip


# --------------------------------------------------------------------------- timeline


def timeline(
    claims: ClaimSet | Iterable[Claim],
    *,
    per: str = "week",
    ax: Axes | None = None,
) -> Figure:
    """Draw claimed series over time: cumulative totals, totals over periods, and rates.

    Each kind of figure has a panel of its own, so that counts of different kinds never
    share an axis:

    - **Cumulative totals**: totals about the same measure and subject that start on
      the same day and end on at least two different days ("casualties of russia
      since 2022-02-24"). Each is drawn at the last day it counts, as a vertical bar
      from its lower to its upper end (a triangle at its lower end where it has no
      upper end). The midpoints of a source's totals on consecutive days are joined
      by a thin line; totals further apart are not joined, since nothing was claimed
      about the days between them.
    - **Totals over periods**: every other total (a month's cases, a quarter's
      revenue), drawn as a box from its lower to its upper end across the period it
      covers.
    - **Rates**, in count per ``per``, drawn as boxes across their periods too.

    Each source (and, when the claims are about several series, each source's series)
    has its own colour and legend entry, outside the panel. Claims drawn at the same
    day, or about the same series across the same period, are shifted apart by a small
    offset (under 1% of the date axis each), in the order of their sources' names and
    their ids, so that none hides another.

    Parameters
    ----------
    claims : ClaimSet or iterable of Claim
        The claims to draw.
    per : str, default "week"
        The time unit rates are shown in (``"day"``, ``"week"``, ``"month"`` for
        pint's average month, ``"year"``).
    ax : ``matplotlib.axes.Axes``, optional
        Draw into these axes instead of a new figure; only when the claims make one
        panel (all cumulative totals, all totals over periods, or all rates).

    Returns
    -------
    ``matplotlib.figure.Figure``
        The figure: one axes each for cumulative totals, totals over periods and
        rates, those that have claims, in that order, sharing their date axis.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.
    InvalidClaimError
        If there are no claims, or an item is not a claim.
    InvalidArgumentError
        If ``ax`` is given for claims that make more than one panel.
    UnitError
        If ``per`` is not a unit of time.

    Examples
    --------
    >>> from datetime import date, timedelta
    >>> import claimkit as ck
    >>> from claimkit.plot import timeline
    >>> start = date(2022, 2, 24)
    >>> staff = ck.Source("General Staff")
    >>> daily = [
    ...     ck.Claim(id=f"day-{n}", measure="casualties", subject="russia", kind="total",
    ...              period=ck.Period(start, start + timedelta(days=n)),
    ...              value=ck.parse_quantity(f"about {1000 * n:,}"), source=staff)
    ...     for n in (10, 11, 30)
    ... ]
    >>> march = daily[0].replace(id="march", period=ck.Period.month(2022, 3),
    ...                          value=ck.parse_quantity("about 20,000"))
    >>> fig = timeline([*daily, march])
    >>> [ax.get_title(loc="left") for ax in fig.axes]  # doctest: +NORMALIZE_WHITESPACE
    ['Cumulative totals, each at the last day it counts: casualties of russia since 2022-02-24',
     'Totals over periods, each across the period it covers: casualties of russia']
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['General Staff']
    """
    _require_matplotlib()
    items = _claims(claims)
    cumulative, over_periods = _split_totals([c for c in items if c.kind == "total"])
    rates = [c for c in items if c.kind == "rate"]
    panels = [group for group in (cumulative, over_periods, rates) if group]
    if ax is not None and len(panels) > 1:
        msg = (
            f"ax= draws one panel, but the claims make {len(panels)} (cumulative totals, "
            "totals over periods and rates are drawn apart); pass claims of one kind "
            "only, or leave ax out"
        )
        raise InvalidArgumentError(msg)
    fig, axes = _figure([6] * len(panels), sharex=True) if ax is None else _own(ax)
    style = _Style(items)
    # Claims that would hide one another are shifted apart by this many days.
    first, last = _days(
        (min(c.period.last if c in cumulative else c.period.start for c in items),
         max(c.period.end for c in items))
    )  # fmt: skip
    style.step = max(last - first, 1.0) * 0.008
    drawn = iter(axes)
    if cumulative:
        _cumulative(next(drawn), cumulative, style)
    if over_periods:
        title = "Totals over periods, each across the period it covers"
        values = [claim.value for claim in over_periods]
        _spans(next(drawn), over_periods, values, style, title)
    if rates:
        title = f"Rates, per {per}, each across the period it covers"
        _spans(next(drawn), rates, [claim.as_rate(per) for claim in rates], style, title)
    return fig


def _split_totals(totals: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """Return the cumulative totals and the totals over periods, as the timeline says."""
    ends: dict[tuple[str, str, datetime.date], set[datetime.date]] = {}
    for claim in totals:
        ends.setdefault((claim.measure, claim.subject, claim.period.start), set()).add(
            claim.period.end
        )
    cumulative = [c for c in totals if len(ends[(c.measure, c.subject, c.period.start)]) > 1]
    return cumulative, [c for c in totals if c not in cumulative]


def _source(claim: Claim) -> str:
    return "source not given" if claim.source is None else claim.source.name


def _order(claim: Claim) -> tuple[str, str]:
    """Sort key that does not depend on the order the claims were given in."""
    return (_source(claim), claim.id)


class _Style:
    """The colour and legend label of each source's series, the same in every panel."""

    def __init__(self, claims: list[Claim]) -> None:
        from matplotlib import rcParams

        cycle: list[str] = [entry["color"] for entry in rcParams["axes.prop_cycle"]]
        keys = sorted({self.key(claim) for claim in claims})
        self.colors: dict[tuple[str, str, str], str] = {
            key: cycle[i % len(cycle)] for i, key in enumerate(keys)
        }
        self.one_series = len({(measure, subject) for _, measure, subject in keys}) == 1
        self.step = 1.0  # days between claims that would hide one another

    @staticmethod
    def key(claim: Claim) -> tuple[str, str, str]:
        return (_source(claim), claim.measure, claim.subject)

    def color(self, claim: Claim) -> str:
        return self.colors[self.key(claim)]

    def label(self, claim: Claim) -> str:
        name = _source(claim)
        return name if self.one_series else f"{name}: {claim.measure} of {claim.subject}"


def _days(days: Iterable[datetime.date]) -> list[float]:
    """Return dates as matplotlib's date numbers (floats), for typed plotting calls."""
    from matplotlib.dates import date2num

    return [float(date2num(day)) for day in days]  # type: ignore[no-untyped-call]


def _slots(keys: Sequence[object]) -> list[tuple[int, int]]:
    """Return each item's place among the items with an equal key: (i, how many)."""
    counts: dict[object, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    seen: dict[object, int] = {}
    slots = []
    for key in keys:
        seen[key] = seen.get(key, -1) + 1
        slots.append((seen[key], counts[key]))
    return slots


def _finish_timeline_panel(ax: Axes, title: str, unit: str, *, from_zero: bool) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    ax.set_title(title, loc="left", fontsize="medium")
    ax.set_ylabel(unit)
    if from_zero:  # boxes from zero, with room above the highest
        ax.set_ylim(0, ax.get_ylim()[1] * 1.08)
    _number_axis(ax.yaxis)
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)
    ax.xaxis.set_tick_params(labelbottom=True)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
              fontsize="small")  # fmt: skip


def _series_title(title: str, claims: list[Claim], *, since: bool) -> str:
    series = {(c.measure, c.subject, c.period.start if since else None) for c in claims}
    if len(series) > 1:
        return title
    ((measure, subject, start),) = series
    return f"{title}: {measure} of {subject}" + (f" since {start}" if since else "")


def _cumulative(ax: Axes, claims: list[Claim], style: _Style) -> None:
    claims = sorted(claims, key=lambda c: (c.period.end, *_order(c)))
    unit = claims[0].value.unit
    values = [c.value.to(unit) for c in claims]
    step = style.step
    xs = []
    slots = _slots([c.period.end for c in claims])
    for claim, value, (i, n) in zip(claims, values, slots, strict=True):
        x = _days([claim.period.last])[0] + step * (i - (n - 1) / 2)
        xs.append(x)
        color = style.color(claim)
        if _is_finite(value.hi):
            ax.vlines([x], [value.lo], [value.hi], color=color, linewidth=2,
                      gid=f"claim:{claim.id}")  # fmt: skip
        else:
            ax.plot([x], [value.lo], marker="^", markersize=9, color=color,
                    linestyle="none", gid="unbounded")  # fmt: skip
    _join_consecutive_days(ax, claims, values, xs, style)
    _legend_entries(ax, claims, style, linewidth=2)
    title = _series_title("Cumulative totals, each at the last day it counts", claims,
                          since=True)  # fmt: skip
    _finish_timeline_panel(ax, title, unit, from_zero=False)


def _join_consecutive_days(
    ax: Axes, claims: list[Claim], values: list[Range], xs: list[float], style: _Style
) -> None:
    """Join the midpoints of a series' bounded totals whose last days are one day apart."""
    series: dict[tuple[tuple[str, str, str], datetime.date], list[int]] = {}
    for i, claim in enumerate(claims):
        if _is_finite(values[i].hi):
            series.setdefault((style.key(claim), claim.period.start), []).append(i)
    for indices in series.values():
        for a, b in itertools.pairwise(indices):
            gap = (claims[b].period.end - claims[a].period.end).days
            if gap == 1:
                ax.plot([xs[a], xs[b]], [values[a].midpoint, values[b].midpoint],
                        color=style.color(claims[a]), linewidth=0.8, gid="joined")  # fmt: skip


def _legend_entries(
    ax: Axes, claims: list[Claim], style: _Style, *, linewidth: float, alpha: float = 1.0
) -> None:
    """Add one legend entry per source's series, in the order of their names."""
    first: dict[tuple[str, str, str], Claim] = {}
    for claim in claims:
        first.setdefault(style.key(claim), claim)
    for key in sorted(first):
        claim = first[key]
        color, label = style.color(claim), style.label(claim)
        ax.plot([], [], color=color, label=label, linewidth=linewidth, alpha=alpha)


def _spans(ax: Axes, claims: list[Claim], values: list[Range], style: _Style, title: str) -> None:
    """Draw each claim as a box across its period (totals over periods, or rates)."""
    from matplotlib.colors import to_rgba

    order = sorted(range(len(claims)), key=lambda i: (claims[i].period.start,
                   claims[i].period.end, *_order(claims[i])))  # fmt: skip
    claims = [claims[i] for i in order]
    unit = values[order[0]].unit
    values = [values[i].to(unit) for i in order]
    ends = [x for v in values for x in (v.lo, v.hi) if _is_finite(x)]
    # An unbounded claim is drawn up to a little above every finite end, with a triangle.
    ceiling = max(ends) * 1.15 if ends and max(ends) > 0 else 1.0
    step = style.step  # boxes of one series across the same period are shifted apart
    slots = _slots([(c.period, c.measure, c.subject) for c in claims])
    for claim, value, (i, n) in zip(claims, values, slots, strict=True):
        start, end = _days((claim.period.start, claim.period.end))
        left, right = (x + step * (i - (n - 1) / 2) for x in (start, end))
        color = style.color(claim)
        hi = value.hi if _is_finite(value.hi) else ceiling
        if not _is_finite(value.hi):
            ax.plot([(left + right) / 2], [ceiling], marker="^", markersize=9,
                    color=color, linestyle="none", gid="unbounded")  # fmt: skip
        ax.fill_between([left, right], value.lo, hi, facecolor=to_rgba(color, 0.4),
                        edgecolor=color, linewidth=2, gid=f"claim:{claim.id}")  # fmt: skip
    _legend_entries(ax, claims, style, linewidth=6, alpha=0.6)
    title = _series_title(title, claims, since=False)
    _finish_timeline_panel(ax, title, unit, from_zero=all(v.lo >= 0 for v in values))
