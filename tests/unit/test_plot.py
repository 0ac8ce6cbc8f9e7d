from __future__ import annotations

import math
import subprocess
import sys
from datetime import date, timedelta
from typing import Any

import pytest
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.dates import date2num as _date2num
from matplotlib.figure import Figure

import claimkit as ck
from claimkit.errors import InvalidClaimError, MissingDependencyError
from claimkit.plot import forest, timeline

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
NOV = ck.Period.month(2024, 11)
RUTTE = ck.Source("Mark Rutte")
ZELENSKYY = ck.Source("Volodymyr Zelenskyy")


def claim(claim_id: str, value: ck.Range, **changes: Any) -> ck.Claim:
    fields: dict[str, Any] = {
        "id": claim_id,
        "measure": "casualties",
        "subject": "russia",
        "period": WAR,
        "kind": "total",
        "value": value,
    }
    fields.update(changes)
    return ck.Claim(**fields)


RUSSIA = [
    claim("rutte", ck.Range(650_000, 750_000, "person"), source=RUTTE),
    claim("zelensky", ck.Range(745_000, 755_000, "person"), source=ZELENSKYY),
    claim("over", ck.Range.more_than(700_000, "person")),
]


def gids(ax: Axes, gid: str) -> list[Any]:
    artists = [*ax.lines, *ax.patches, *ax.texts, *ax.collections]
    return [a for a in artists if a.get_gid() == gid]


def date2num(day: date) -> float:
    return float(_date2num(day))  # type: ignore[no-untyped-call]


def labels(ax: Axes) -> list[str]:
    return [label.get_text() for label in ax.get_yticklabels()]


# --------------------------------------------------------------------------- forest


def test_forest_has_one_row_per_claim_labelled_with_source_and_id() -> None:
    ax = forest(RUSSIA).axes[0]
    assert ["Mark Rutte · rutte", "Volodymyr Zelenskyy · zelensky", "over"] == labels(ax)


def test_forest_labels_the_x_axis_with_the_unit() -> None:
    assert "person" == forest(RUSSIA).axes[0].get_xlabel()


def test_forest_draws_one_panel_per_quantity() -> None:
    other = claim("nov", ck.Range(45_685, 45_695, "person"), period=NOV)
    fig = forest([*RUSSIA, other])
    assert [3, 1] == [len(labels(ax)) for ax in fig.axes]


def test_an_unbounded_end_is_an_arrow_to_the_edge() -> None:
    ax = forest(RUSSIA).axes[0]
    (arrow,) = gids(ax, "unbounded")
    assert ax.get_xlim()[1] == arrow.xy[0]


def test_a_range_unbounded_on_both_sides_has_two_arrows() -> None:
    everything = claim("any", ck.Range(-math.inf, math.inf, "person"))
    assert 2 == len(gids(forest([everything]).axes[0], "unbounded"))


def test_an_open_end_is_a_hollow_circle() -> None:
    ax = forest(RUSSIA).axes[0]
    (circle,) = gids(ax, "open-end")
    assert ([700_000.0], "white") == (list(circle.get_xdata()), circle.get_markerfacecolor())


def test_closed_ends_are_bars() -> None:
    assert 4 == len(gids(forest(RUSSIA).axes[0], "closed-end"))


def test_an_exact_figure_is_a_diamond() -> None:
    exact = claim("exact", ck.Range.exact(750_000, "person"))
    assert 1 == len(gids(forest([exact]).axes[0], "exact"))


def test_the_reconciled_range_is_drawn_over_the_claims() -> None:
    result = ck.reconcile(RUSSIA[:2], method="intersection")
    ax = forest(RUSSIA[:2], reconciled=result).axes[0]
    (band,) = gids(ax, "reconciled")
    assert (745_000.0, 750_000.0) == (band.get_x(), band.get_x() + band.get_width())
    assert "reconciled (intersection)" == band.get_label()


def test_a_reconciled_point_is_a_line() -> None:
    exact = [claim("a", ck.Range.exact(700_000, "person")),
             claim("b", ck.Range.exact(750_000, "person"))]  # fmt: skip
    ax = forest(exact, reconciled=ck.reconcile(exact, method="stretch")).axes[0]
    (line,) = gids(ax, "reconciled")
    assert pytest.approx(724_137.93, abs=0.01) == line.get_xdata()[0]


def test_the_implied_range_comes_from_the_report() -> None:
    ax = forest(RUSSIA[:2], implied=ck.check(RUSSIA[:2])).axes[0]
    (band,) = gids(ax, "implied")
    assert (745_000.0, 750_000.0) == (band.get_x(), band.get_x() + band.get_width())


def test_the_implied_band_has_solid_edges_and_hatching() -> None:
    ax = forest(RUSSIA[:2], implied=ck.check(RUSSIA[:2])).axes[0]
    (band,) = gids(ax, "implied")
    assert ("//", 1.0, 2.0) == (band.get_hatch(), band.get_edgecolor()[3], band.get_linewidth())
    assert to_rgba("tab:purple", 0.12) == pytest.approx(band.get_facecolor())


def test_the_forest_legend_is_outside_the_rows() -> None:
    result = ck.reconcile(RUSSIA[:2], method="stretch")
    fig = forest(RUSSIA, reconciled=result, implied=ck.check(RUSSIA[:2]))
    fig.draw_without_rendering()
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert legend is not None
    assert legend.get_window_extent().x0 >= ax.get_window_extent().x1


def test_an_empty_implied_range_says_the_claims_conflict() -> None:
    ax = forest(RUSSIA, implied=ck.Range.empty("person")).axes[0]
    (entry,) = gids(ax, "implied")
    assert entry.get_label().endswith("none (the claims conflict)")


def test_a_rate_is_shown_in_the_unit_asked_for() -> None:
    weekly = claim("weekly", ck.Range(7, 14, "person / week"), kind="rate")
    ax = forest([weekly], unit="person / day").axes[0]
    (segment,) = gids(ax, "claim:weekly")
    assert ("person / day", [1.0, 2.0]) == (ax.get_xlabel(), list(segment.get_xdata()))


def test_forest_draws_into_given_axes() -> None:
    figure = Figure()
    ax = figure.subplots()
    assert figure is forest(RUSSIA, ax=ax)
    assert 3 == len(labels(ax))


def test_axes_for_several_quantities_are_refused() -> None:
    other = claim("nov", ck.Range(45_685, 45_695, "person"), period=NOV)
    with pytest.raises(
        ck.InvalidArgumentError, match="ax= applies to one quantity, but the claims are about 2"
    ):
        forest([*RUSSIA, other], ax=Figure().subplots())


def test_a_reconciled_range_for_several_quantities_is_refused() -> None:
    other = claim("nov", ck.Range(45_685, 45_695, "person"), period=NOV)
    with pytest.raises(ck.InvalidArgumentError, match="reconciled= applies to one quantity"):
        forest([*RUSSIA, other], reconciled=ck.Range(1, 2, "person"))


def test_no_claims_is_an_error() -> None:
    with pytest.raises(InvalidClaimError, match="no claims to plot"):
        forest([])


def test_something_other_than_a_claim_is_an_error() -> None:
    with pytest.raises(InvalidClaimError, match="item 1 of claims is a Range"):
        forest([RUSSIA[0], ck.Range(1, 2)])  # type: ignore[list-item]


# --------------------------------------------------------------------------- timeline

START = date(2022, 2, 24)
DAILY = [
    claim(f"day-{n}", ck.Range(1000 * n - 5, 1000 * n + 5, "person"),
          period=ck.Period(START, START + timedelta(days=n)))
    for n in (10, 20, 30)
]  # fmt: skip
RATES = [
    claim("weekly", ck.Range.more_than(10_000, "person / week"), kind="rate",
          period=ck.Period.week_ending(date(2024, 12, 11))),
    claim("nov-rate", ck.Range(1_400, 1_600, "person / day"), kind="rate", period=NOV),
]  # fmt: skip


def test_timeline_draws_totals_and_rates_in_two_panels() -> None:
    fig = timeline([*DAILY, *RATES])
    assert ["person", "person / week"] == [ax.get_ylabel() for ax in fig.axes]


def test_totals_from_one_start_form_one_series_named_in_the_title() -> None:
    ax = timeline(DAILY).axes[0]
    legend = ax.get_legend()
    assert legend is not None
    assert ["source not given"] == [t.get_text() for t in legend.get_texts()]
    assert ax.get_title(loc="left").endswith(": casualties of russia since 2022-02-24")


def bar_segments(ax: Axes) -> list[list[float]]:
    collections = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [seg for c in collections for seg in c.get_segments()]
    return sorted(sorted(seg[:, 1].tolist()) for seg in segments)


def test_each_bounded_total_is_a_vertical_bar() -> None:
    ax = timeline(DAILY).axes[0]
    assert [[9_995.0, 10_005.0], [19_995.0, 20_005.0], [29_995.0, 30_005.0]] == bar_segments(ax)


def monthly(claim_id: str, month: int, value: ck.Range, **changes: Any) -> ck.Claim:
    return claim(claim_id, value, period=ck.Period.month(2024, month), **changes)


MONTHS = [monthly(f"m{n}", n, ck.Range(100 * n, 100 * n + 10, "person")) for n in (1, 2, 3)]


def test_totals_over_periods_are_not_drawn_as_cumulative_totals() -> None:
    fig = timeline([*DAILY, *MONTHS])
    assert [
        "Cumulative totals, each at the last day it counts: casualties of russia since 2022-02-24",
        "Totals over periods, each across the period it covers: casualties of russia",
    ] == [ax.get_title(loc="left") for ax in fig.axes]
    assert [[9_995.0, 10_005.0], [19_995.0, 20_005.0], [29_995.0, 30_005.0]] == bar_segments(
        fig.axes[0]
    )


def test_a_total_over_a_period_is_a_box_across_that_period() -> None:
    ax = timeline(MONTHS).axes[0]
    (box,) = gids(ax, "claim:m2")
    xs, ys = box.get_paths()[0].vertices.T
    assert (date2num(date(2024, 2, 1)), date2num(date(2024, 3, 1))) == (min(xs), max(xs))
    assert (200.0, 210.0) == (min(ys), max(ys))
    assert 0.0 == ax.get_ylim()[0]


def test_cumulative_totals_are_joined_only_on_consecutive_days() -> None:
    days = [
        claim(f"day-{n}", ck.Range(1000 * n, 1000 * n + 5, "person"),
              period=ck.Period(START, START + timedelta(days=n)))
        for n in (10, 11, 30)
    ]  # fmt: skip
    ax = timeline(days).axes[0]
    (joined,) = gids(ax, "joined")
    assert [date2num(START + timedelta(days=n - 1)) for n in (10, 11)] == list(joined.get_xdata())


def test_each_source_has_its_own_colour_and_legend_entry() -> None:
    rutte, zelenskyy = ck.Source("Mark Rutte"), ck.Source("Volodymyr Zelenskyy")
    late = ck.Period(START, date(2024, 12, 12))
    claims = [
        *[c.replace(source=zelenskyy) for c in DAILY],
        claim("rutte", ck.Range(650_000, 750_000, "person"), period=late, source=rutte),
    ]
    ax = timeline(claims).axes[0]
    legend = ax.get_legend()
    assert legend is not None
    assert ["Mark Rutte", "Volodymyr Zelenskyy"] == [t.get_text() for t in legend.get_texts()]
    colors = {c.id: gids(ax, f"claim:{c.id}")[0].get_color().tolist()[0] for c in claims}
    assert colors["day-10"] == colors["day-30"] != colors["rutte"]


def test_claims_on_the_same_day_are_set_apart_whatever_their_order() -> None:
    a = claim("a", ck.Range(745_000, 755_000, "person"), source=ck.Source("A"))
    b = claim("b", ck.Range(650_000, 750_000, "person"), source=ck.Source("B"))
    earlier = claim("c", ck.Range(600_000, 610_000, "person"),
                    period=ck.Period(START, date(2024, 9, 1)))  # fmt: skip

    def xs(claims: list[ck.Claim]) -> dict[str, float]:
        ax = timeline(claims).axes[0]
        return {c.id: gids(ax, f"claim:{c.id}")[0].get_segments()[0][0, 0] for c in claims}

    forward, backward = xs([a, b, earlier]), xs([earlier, b, a])
    assert forward == backward
    day = date2num(WAR.last)
    assert forward["a"] < day < forward["b"]
    assert pytest.approx(day) == (forward["a"] + forward["b"]) / 2
    assert forward["b"] - forward["a"] < 0.05 * (day - date2num(date(2024, 8, 31)))


def test_claims_about_the_same_period_are_shifted_slightly_apart() -> None:
    again = monthly("again", 2, ck.Range(150, 260, "person"), source=ck.Source("Other"))
    ax = timeline([*MONTHS, again]).axes[0]
    spans = {
        cid: sorted(set(gids(ax, f"claim:{cid}")[0].get_paths()[0].vertices[:, 0]))
        for cid in ("m1", "m2", "again")
    }
    feb, mar = date2num(date(2024, 2, 1)), date2num(date(2024, 3, 1))
    shift = spans["m2"][0] - feb
    assert 0 < shift < 0.01 * (date2num(date(2024, 4, 1)) - date2num(date(2024, 1, 1)))
    assert [pytest.approx(feb - shift), pytest.approx(mar - shift)] == spans["again"]
    assert [pytest.approx(mar + shift)] == spans["m2"][1:]
    assert [date2num(date(2024, 1, 1)), feb] == spans["m1"]


def test_an_unbounded_total_is_an_arrow_at_its_lower_end() -> None:
    over = claim("over", ck.Range.more_than(40_000, "person"),
                 period=ck.Period(START, START + timedelta(days=40)))  # fmt: skip
    (marker,) = gids(timeline([*DAILY, over]).axes[0], "unbounded")
    assert ("^", [40_000.0]) == (marker.get_marker(), list(marker.get_ydata()))


def test_rates_are_shown_per_the_unit_asked_for() -> None:
    ax = timeline(RATES, per="day").axes[0]
    assert "person / day" == ax.get_ylabel()
    assert 1 == len(gids(ax, "unbounded"))


def test_one_band_per_rate_over_its_period() -> None:
    ax = timeline(RATES).axes[0]
    assert 2 == len([c for c in ax.collections if (c.get_gid() or "").startswith("claim:")])


def test_timeline_axes_for_totals_and_rates_are_refused() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="the claims make 2"):
        timeline([*DAILY, *RATES], ax=Figure().subplots())


# --------------------------------------------------------------------------- matplotlib


def test_without_matplotlib_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("matplotlib", "matplotlib.figure"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'claimkit\[plot\]'"):
        forest(RUSSIA)


def test_importing_the_module_does_not_import_matplotlib() -> None:
    code = "import sys, claimkit.plot; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "False" == result.stdout.strip()
