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


def _figure(rows: Sequence[int]) -> tuple[Figure, list[Axes]]:
    """Return a new figure (no pyplot, no display needed) with one panel per entry."""
    try:
        from matplotlib.figure import Figure
    except ImportError as err:
        raise MissingDependencyError(_INSTALL) from err
    height = sum(_ROW_HEIGHT * max(n, 1) + _PANEL_EXTRA for n in rows)
    fig = Figure(figsize=(_WIDTH, height), layout="constrained")
    axes = fig.subplots(len(rows), 1, squeeze=False)[:, 0]
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

    .. versionadded:: 0.1

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
    if overlays:
        ax.legend(loc="best", fontsize="small")


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
    ax.axvspan(
        left,
        right,
        color=color,
        alpha=0.2 if reconciled else 0.12,
        hatch=None if reconciled else "//",
        label=label,
        gid=gid,
    )


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
    """Draw claimed series over time: cumulative totals and rates.

    Totals are drawn in one panel, each at the last day of its period, as a vertical
    bar from its lower to its upper end (an arrow where it is unbounded); totals
    about the same measure and subject that start on the same day form one series
    ("casualties of russia since 2022-02-24"), joined by a line through the
    midpoints of their bounded ranges. Rates are drawn in a second panel, in count
    per ``per``, as a band over the period each one covers. Each series has its own
    colour and legend entry.

    .. versionadded:: 0.1

    Parameters
    ----------
    claims : ClaimSet or iterable of Claim
        The claims to draw.
    per : str, default "week"
        The time unit rates are shown in (``"day"``, ``"week"``, ``"month"`` for
        pint's average month, ``"year"``).
    ax : ``matplotlib.axes.Axes``, optional
        Draw into these axes instead of a new figure; only when the claims are all
        totals or all rates (one panel).

    Returns
    -------
    ``matplotlib.figure.Figure``
        The figure: one axes for totals and one for rates, those that have claims,
        in that order.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.
    InvalidClaimError
        If there are no claims, or an item is not a claim.
    InvalidArgumentError
        If ``ax`` is given for totals and rates together.
    UnitError
        If ``per`` is not a unit of time.

    Examples
    --------
    >>> from datetime import date, timedelta
    >>> import claimkit as ck
    >>> from claimkit.plot import timeline
    >>> start = date(2022, 2, 24)
    >>> daily = [
    ...     ck.Claim(id=f"day-{n}", measure="casualties", subject="russia", kind="total",
    ...              period=ck.Period(start, start + timedelta(days=n)),
    ...              value=ck.parse_quantity(f"about {1000 * n:,}"))
    ...     for n in (10, 20, 30)
    ... ]
    >>> fig = timeline(daily)
    >>> ax = fig.axes[0]
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('person', ['casualties of russia since 2022-02-24'])
    """
    _require_matplotlib()
    items = _claims(claims)
    totals = [c for c in items if c.kind == "total"]
    rates = [c for c in items if c.kind == "rate"]
    kinds = [group for group in (totals, rates) if group]
    if ax is not None and len(kinds) > 1:
        msg = (
            "ax= draws one panel, but the claims hold totals and rates, which are drawn "
            "in two; pass only totals or only rates, or leave ax out"
        )
        raise InvalidArgumentError(msg)
    fig, axes = _figure([8] * len(kinds)) if ax is None else _own(ax)
    panels = iter(axes)
    colors = _colors()
    if totals:
        _totals(next(panels), totals, colors)
    if rates:
        _rates(next(panels), rates, per, colors)
    return fig


def _colors() -> dict[tuple[str, str], str]:
    """Return a colour per series, assigned on first use."""
    from matplotlib import rcParams

    cycle = [entry["color"] for entry in rcParams["axes.prop_cycle"]]
    return _ColorMap(cycle)


class _ColorMap(dict[tuple[str, str], str]):
    def __init__(self, cycle: list[str]) -> None:
        super().__init__()
        self.cycle = cycle

    def __missing__(self, key: tuple[str, str]) -> str:
        color = self.cycle[len(self) % len(self.cycle)]
        self[key] = color
        return color


def _days(days: Iterable[datetime.date]) -> list[float]:
    """Return dates as matplotlib's date numbers (floats), for typed plotting calls."""
    from matplotlib.dates import date2num

    return [float(date2num(day)) for day in days]  # type: ignore[no-untyped-call]


def _finish_timeline_panel(ax: Axes) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    _number_axis(ax.yaxis)
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")


def _totals(ax: Axes, claims: list[Claim], colors: dict[tuple[str, str], str]) -> None:
    series: dict[tuple[str, str, datetime.date], list[Claim]] = {}
    for claim in claims:
        series.setdefault((claim.measure, claim.subject, claim.period.start), []).append(claim)
    unit = claims[0].value.unit
    for (measure, subject, start), group in series.items():
        group.sort(key=lambda c: c.period.end)
        color = colors[(measure, subject)]
        label = f"{measure} of {subject} since {start.isoformat()}"
        values = [c.value.to(unit) for c in group]
        bounded = [(c.period.last, v) for c, v in zip(group, values, strict=True)
                   if _is_finite(v.hi)]  # fmt: skip
        if bounded:
            x = _days(day for day, _ in bounded)
            ax.vlines(x, [v.lo for _, v in bounded], [v.hi for _, v in bounded],
                      color=color, linewidth=2, gid="bounded")  # fmt: skip
            ax.plot(x, [v.midpoint for _, v in bounded], color=color, linewidth=0.8,
                    marker="_" if len(bounded) < 50 else "", label=label)  # fmt: skip
        above = [(c.period.last, v.lo) for c, v in zip(group, values, strict=True)
                 if not _is_finite(v.hi)]  # fmt: skip
        if above:
            ax.plot(_days(day for day, _ in above), [lo for _, lo in above], marker="^",
                    markersize=9, color=color, linestyle="none", gid="unbounded",
                    label=None if bounded else label)  # fmt: skip
    ax.set_ylabel(unit)
    ax.set_title("Cumulative totals, at the last day they count", loc="left",
                 fontsize="medium")  # fmt: skip
    _finish_timeline_panel(ax)


def _rates(ax: Axes, claims: list[Claim], per: str, colors: dict[tuple[str, str], str]) -> None:
    values = [claim.as_rate(per) for claim in claims]
    ends = [x for v in values for x in (v.lo, v.hi) if _is_finite(x)]
    # An unbounded rate is drawn up to a little above every finite end, with an arrow.
    ceiling = max(ends) * 1.15 if ends and max(ends) > 0 else 1.0
    labelled: set[tuple[str, str]] = set()
    for claim, value in zip(claims, values, strict=True):
        series = (claim.measure, claim.subject)
        label = None if series in labelled else f"{claim.measure} of {claim.subject}"
        labelled.add(series)
        start, end = _days((claim.period.start, claim.period.end))
        hi = value.hi if _is_finite(value.hi) else ceiling
        if not _is_finite(value.hi):
            ax.plot([(start + end) / 2], [ceiling], marker="^", markersize=9,
                    color=colors[series], linestyle="none", gid="unbounded")  # fmt: skip
        ax.fill_between([start, end], value.lo, hi, color=colors[series], alpha=0.35,
                        label=label, gid=f"claim:{claim.id}")  # fmt: skip
    ax.set_ylabel(values[0].unit)
    ax.set_title(f"Rates, per {per}, over the periods they cover", loc="left",
                 fontsize="medium")  # fmt: skip
    _finish_timeline_panel(ax)
