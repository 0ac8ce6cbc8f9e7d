"""Real data: a daily series of claimed totals, checked as claims.

Ukraine's General Staff publishes every morning the cumulative number of Russian
personnel it says Russia has lost since 2022-02-24 (``data/russia_losses_personnel.json``,
1,626 reports). This example reads each report as a :class:`claimkit.Claim`, checks
the series with :func:`claimkit.check`, screens it for implausible days, and sets it
against the article in ``seeds/`` (see ``nato_2024.py``) and against the UK Ministry of
Defence's monthly estimates (``data/economist-uk-mod-monthly-casualties.csv``).
Run it with ``python examples/daily_series.py``.

Encoding choices (each is a named constant or argument; change one and rerun):

- **Measure.** The series counts personnel "liquidated"; the dataset calls it a death
  toll, Western reporting treats it as killed and wounded. Zelenskyy's 750,000 for
  Russia (198,000 killed and over 550,000 wounded) is the series' figure of the day he
  gave it, rounded, and counts both, so the claims are ``casualties`` of ``russia``,
  the measure of the article's figures.
- **Reporting convention.** A report dated D is published in the morning and counts
  losses up to the end of D - 1. Under the ``"morning"`` reading (the default, what the
  reports say) the report dated D is the total over [2022-02-24, D); under the
  ``"end-of-day"`` reading (the date taken as "as of the end of D") it is the total
  over [2022-02-24, D + 1). November 2024 is then 45,720 or 45,450.
- **Hedges.** Every figure is "about X" (six in March 2022 are "more than X"). They
  are read with :func:`claimkit.parse_quantity` under ``POLICY``, the default
  :class:`claimkit.HedgePolicy`: "about X" is the interval of numbers that round to X
  at its last significant digit, so "about 758,730" is [758,725, 758,735] and
  "about 740,400" is [740,350, 740,450] (trailing zeros are not significant: wider
  than the reports' real precision of 10, never narrower); "more than X" is (X, inf).
- **UK Ministry of Defence.** Each row states an average daily loss, a whole number, for
  a calendar month: a rate claim of [a - 0.5, a + 0.5] people a day over the month
  (its monthly total is a times the days). Its cumulative column starts on
  2022-03-01, so it leaves out the first five days of the war.
- **Agreement between the two.** Months whose ranges do not meet are *disjoint*; a
  disagreement *that matters* is one that remains when the UK figure is widened by
  ``UK_TOLERANCE`` (2%) on each side: those months conflict in :func:`claimkit.check`.
- **The highest month.** The article says November 2024 marked "the highest monthly
  losses since the invasion began": one ratio claim per earlier calendar month
  (``nato_2024.november_highest``), checked with the series under each reading of the
  dates; the month that comes closest is the one whose total, over November's, the
  series allows to be largest (:func:`highest_month`).
- **Screening.** A day is implausible when its increment, or its distance from the
  midpoint of the days either side (the mark of one misreported figure: a dip then a
  jump), is more than ``THRESHOLD`` robust standard deviations from the same quantity
  over the ``WINDOW`` days either side.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Literal

import attrs
import numpy as np

import claimkit as ck

DATA = Path(__file__).resolve().parent / "data"
GENERAL_STAFF_FILE = DATA / "russia_losses_personnel.json"
UK_MOD_FILE = DATA / "economist-uk-mod-monthly-casualties.csv"

WAR_START = date(2022, 2, 24)
MEASURE = "casualties"
SUBJECT = "russia"
#: How the reports' "about X" and "more X" are read.
POLICY = ck.HedgePolicy()
#: Days either side that a day is judged against, and the robust z-score that flags it.
WINDOW = 7
THRESHOLD = 5.0
#: Relative widening of the UK MoD figures before a month counts as a disagreement.
UK_TOLERANCE = 0.02

Convention = Literal["morning", "end-of-day"]
#: The readings of a report's date; the index is the lag, in days, from the report's
#: date to the (exclusive) end of the period it counts.
CONVENTIONS: tuple[Convention, ...] = ("morning", "end-of-day")

GENERAL_STAFF = ck.Source(
    "General Staff of the Armed Forces of Ukraine",
    id="general-staff",
    role="Ukraine's General Staff, daily report",
    venue="daily report, transcribed by the 2022-Ukraine-Russia-War-Dataset",
    url="https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset",
    relation="adversary",
)
UK_MOD = ck.Source(
    "UK Ministry of Defence",
    id="uk-mod",
    venue="monthly estimates, compiled by The Economist",
    url="https://github.com/TheEconomist/the-economist-ukraine-war-dead-and-wounded-estimates",
    relation="independent",
)

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


# -- loading -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DailyReport:
    """One General Staff report: its date, cumulative figure and qualifier."""

    day: date
    personnel: int
    qualifier: Literal["about", "more"]

    @property
    def phrase(self) -> str:
        """The figure as a hedged phrase, for example ``"about 740,400"``."""
        hedge = "about" if self.qualifier == "about" else "more than"
        return f"{hedge} {self.personnel:,}"


@attrs.frozen(kw_only=True)
class MonthlyEstimate:
    """One UK MoD row: a calendar month, its average daily losses and its totals."""

    period: ck.Period
    daily_average: int
    total: int
    cumulative: int


def load_daily(path: Path = GENERAL_STAFF_FILE) -> tuple[DailyReport, ...]:
    """Read the General Staff's daily series, oldest report first."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    reports = [
        DailyReport(
            day=date.fromisoformat(row["date"]),
            personnel=int(row["personnel"]),
            qualifier=row["personnel*"],
        )
        for row in rows
    ]
    return tuple(sorted(reports, key=lambda r: r.day))


def load_monthly(path: Path = UK_MOD_FILE) -> tuple[MonthlyEstimate, ...]:
    """Read the UK MoD's monthly estimates, oldest month first."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    estimates = []
    for row in rows:
        month = ck.Period.month(int(row["year"]), _MONTHS.index(row["month"]) + 1)
        next_month = datetime.strptime(row["date (at beginning of next month)"], "%d/%m/%Y")
        if next_month.date() != month.end:
            msg = f"UK MoD row for {row['month']} {row['year']} ends on {next_month:%Y-%m-%d}"
            raise ValueError(msg)
        estimates.append(
            MonthlyEstimate(
                period=month,
                daily_average=int(row["casualties (average daily losses)"]),
                total=int(row["casualties in month"]),
                cumulative=int(row["cumulative casualties"]),
            )
        )
    return tuple(sorted(estimates, key=lambda e: e.period))


# -- claims --------------------------------------------------------------------------


def counted_until(day: date, convention: Convention = "morning") -> date:
    """Return the exclusive end of the period that the report dated ``day`` covers.

    ``"morning"``: losses up to the end of the day before, so the period ends at
    ``day``. ``"end-of-day"``: losses up to the end of ``day``, so it ends a day later.
    """
    return day + _lag(convention)


def _lag(convention: Convention) -> timedelta:
    """How far the end of a report's period lies after the report's date."""
    if convention not in CONVENTIONS:
        msg = f"convention must be one of {CONVENTIONS}, got {convention!r}"
        raise ValueError(msg)
    return timedelta(days=CONVENTIONS.index(convention))


@functools.cache
def _read(phrase: str, policy: ck.HedgePolicy) -> ck.Range:
    """Read a report's phrase, once: every reading of the dates reads the same phrases."""
    return ck.parse_quantity(phrase, "person", policy=policy)


def daily_claims(
    reports: Iterable[DailyReport],
    convention: Convention = "morning",
    policy: ck.HedgePolicy = POLICY,
) -> tuple[ck.Claim, ...]:
    """Return one claim per report: the total since the war began, as of the report.

    Claim ids are ``gs-<report date>``, whatever the convention.
    """
    return tuple(
        ck.Claim(
            id=f"gs-{report.day.isoformat()}",
            measure=MEASURE,
            subject=SUBJECT,
            period=ck.Period(WAR_START, counted_until(report.day, convention)),
            kind="total",
            value=_read(report.phrase, policy),
            source=GENERAL_STAFF,
            note=f"report dated {report.day.isoformat()}, {convention} reading",
        )
        for report in reports
    )


def monthly_claims(
    estimates: Iterable[MonthlyEstimate], tolerance: float = 0.0
) -> tuple[ck.Claim, ...]:
    """Return one rate claim per UK MoD month: its whole-number daily average.

    The average is read as the interval that rounds to it, [a - 0.5, a + 0.5] people
    a day, widened by ``tolerance`` times a on each side. Claim ids are ``uk-YYYY-MM``.
    """
    return tuple(
        ck.Claim(
            id=f"uk-{e.period.start:%Y-%m}",
            measure=MEASURE,
            subject=SUBJECT,
            period=e.period,
            kind="rate",
            value=ck.Range.around(
                e.daily_average, "person / day", abs=0.5 + tolerance * e.daily_average
            ),
            source=UK_MOD,
        )
        for e in estimates
    )


def figure_on(reports: Sequence[DailyReport], day: date) -> int:
    """Return the cumulative figure of the report dated ``day``."""
    for report in reports:
        if report.day == day:
            return report.personnel
    msg = f"no report dated {day.isoformat()}"
    raise KeyError(msg)


def total_over(
    reports: Sequence[DailyReport], period: ck.Period, convention: Convention = "morning"
) -> int:
    """Return the stated total over ``period``: the difference of two cumulative figures.

    Under the ``"morning"`` reading the report dated D counts up to D, so the total
    over [a, b) is figure(b) - figure(a); under ``"end-of-day"`` it is
    figure(b - 1) - figure(a - 1).
    """
    lag = _lag(convention)
    return figure_on(reports, period.end - lag) - figure_on(reports, period.start - lag)


# -- screening for implausible days --------------------------------------------------


IrregularityKind = Literal["increment", "off-midpoint"]


@attrs.frozen(kw_only=True)
class Irregularity:
    """A day whose figure is implausible against the days around it.

    ``kind`` is ``"increment"`` (the day's increase is out of line) or ``"off-midpoint"``
    (the day's figure sits away from the midpoint of the days either side: a dip then
    a jump, or a jump then a dip, the mark of one misreported figure). ``value`` is
    the increment or the distance from the midpoint, ``typical`` the median of the
    same quantity over the window, ``score`` the robust z-score.
    """

    day: date
    kind: IrregularityKind
    value: float
    typical: float
    score: float


def _robust_scores(x: np.ndarray, floor: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Robust z-scores of ``x`` against the ``window`` values either side of each.

    The scale is 1.4826 times the median absolute deviation of the neighbours (the
    standard deviation, for normal data), but never below ``floor``: the figures'
    own rounding, below which two figures cannot be told apart.
    """
    n = len(x)
    padded = np.pad(x.astype(float), window, constant_values=np.nan)
    # neighbours[i] = x[i - window : i + window + 1] without x[i] itself
    views = np.lib.stride_tricks.sliding_window_view(padded, 2 * window + 1)[:n]
    neighbours = np.delete(views, window, axis=1)
    typical = np.nanmedian(neighbours, axis=1)
    mad = np.nanmedian(np.abs(neighbours - typical[:, None]), axis=1)
    scale = np.maximum(np.maximum(1.4826 * mad, floor), 1.0)
    return (x - typical) / scale, typical


def screen(
    reports: Sequence[DailyReport],
    claims: Sequence[ck.Claim],
    *,
    window: int = WINDOW,
    threshold: float = THRESHOLD,
) -> tuple[Irregularity, ...]:
    """Return the days whose figure is implausible against the days around them.

    Two robust z-scores, each against the same quantity over ``window`` days either
    side: the day's increment, and the day's distance from the midpoint of the
    reports before and after it (the second difference, halved). A figure's
    resolution is the width of its claim's range (10 for "about 758,730", 100 for
    "about 740,400"); no score is finer than the figures it compares. Days next to a
    "more than" figure cannot be judged (their resolution is unbounded) and are
    never flagged. ``claims[i]`` is the claim of ``reports[i]`` (see
    :func:`daily_claims`).
    """
    values = np.array([r.personnel for r in reports], dtype=float)
    width = np.array([c.value.width for c in claims], dtype=float)
    days = [r.day for r in reports]
    # Each quantity belongs to the day after the first report it uses; its floor is
    # the coarsest resolution among the figures it uses.
    quantities: tuple[tuple[IrregularityKind, np.ndarray, np.ndarray], ...] = (
        ("increment", np.diff(values), np.maximum(width[:-1], width[1:])),
        (
            "off-midpoint",
            values[1:-1] - (values[:-2] + values[2:]) / 2,
            np.maximum.reduce([width[:-2], width[1:-1], width[2:]]),
        ),
    )
    found = []
    for kind, x, floor in quantities:
        scores, typical = _robust_scores(x, floor, window)
        found += [
            Irregularity(
                day=days[i + 1],
                kind=kind,
                value=float(x[i]),
                typical=float(typical[i]),
                score=float(scores[i]),
            )
            for i in np.flatnonzero(np.abs(scores) > threshold)
        ]
    return tuple(sorted(found, key=lambda f: (f.day, f.kind)))


# -- 2023-01-12: one figure, three readings ------------------------------------------

#: The report dated 2023-01-12: this file says 113,390; an independent transcription
#: of the same reports says 113,990, and the report's title "approx. 114 thousand".
DISPUTED_DAY = date(2023, 1, 12)
TRANSCRIPTION_FIGURE = 113_990


def second_opinions(convention: Convention = "morning") -> tuple[ck.Claim, ...]:
    """Return two more claims about the report dated 2023-01-12.

    The report's own title ("approx. 114 thousand") and an independent transcription
    of the same report (113,990), each about the same quantity as ``gs-2023-01-12``.
    """
    period = ck.Period(WAR_START, counted_until(DISPUTED_DAY, convention))
    title = ck.Source("Report title, 2023-01-12", id="report-title", relation="adversary")
    other = ck.Source("Independent transcription", id="transcription", relation="unknown")
    return (
        ck.Claim(
            id="title-2023-01-12",
            measure=MEASURE,
            subject=SUBJECT,
            period=period,
            kind="total",
            value=ck.parse_quantity("approximately 114 thousand", policy=POLICY),
            source=title,
            quote="approx. 114 thousand",
        ),
        ck.Claim(
            id="transcription-2023-01-12",
            measure=MEASURE,
            subject=SUBJECT,
            period=period,
            kind="total",
            value=ck.parse_quantity(f"about {TRANSCRIPTION_FIGURE:,}", policy=POLICY),
            source=other,
        ),
    )


def with_figure(
    reports: Sequence[DailyReport], day: date, personnel: int
) -> tuple[DailyReport, ...]:
    """Return the series with the figure of the report dated ``day`` replaced."""
    return tuple(attrs.evolve(r, personnel=personnel) if r.day == day else r for r in reports)


# -- the article ---------------------------------------------------------------------


def _nato_example() -> ModuleType:
    """Import ``nato_2024.py``, the article's claims, from beside this file."""
    name = "_claimkit_example_nato_2024"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("nato_2024.py"))
    if spec is None or spec.loader is None:
        msg = "cannot load examples/nato_2024.py"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


#: The article's figures about Russian losses, by claim id in ``nato_2024.py``.
ARTICLE_IDS = (
    "reports-russia-november",
    "reports-russia-november-cumulative",
    "rutte-russia",
    "zelenskyy-russia-total",
)
#: Zelenskyy gave his figures on 8 December 2024; the article reports them on the 12th.
ZELENSKYY_SPOKE = date(2024, 12, 8)


def article_claims() -> tuple[ck.Claim, ...]:
    """Return the article's claims about Russian casualties (see ``nato_2024.py``).

    Besides the four in the article, ``zelenskyy-russia-total-dec-8`` is Zelenskyy's
    750,000 dated to the day he gave it, 8 December 2024, not to the article's 12th.
    """
    claims = {c.id: c for c in _nato_example().claims()}
    chosen = [claims[i] for i in ARTICLE_IDS]
    spoke = claims["zelenskyy-russia-total"]
    chosen.append(
        spoke.replace(
            id="zelenskyy-russia-total-dec-8",
            period=ck.Period(WAR_START, ZELENSKYY_SPOKE),
            note="the same figure, dated to the day it was given",
        )
    )
    return tuple(chosen)


def _pairwise(report: ck.Report) -> ck.Finding:
    """Return the finding of a two-claim check that compares the pair directly."""
    return next(f for f in report.findings if f.kind != "conflict-set")


@attrs.frozen(kw_only=True)
class ArticleCheck:
    """One of the article's figures against the daily series over the same period.

    ``general_staff`` is what the series implies for the claim's period;
    ``finding`` is the check of the pair: its verdict, and for a conflict the gap
    (``-finding.margin_abs``, in people).
    """

    claim: ck.Claim
    general_staff: ck.Range
    finding: ck.Finding

    @property
    def position(self) -> str:
        """Where the series lies against the claim: "above", "below" or "within"."""
        if self.general_staff.certainly_gt(self.claim.value):
            return "above"
        if self.general_staff.certainly_lt(self.claim.value):
            return "below"
        return "within"


def against_article(report: ck.Report, claims: Iterable[ck.Claim]) -> tuple[ArticleCheck, ...]:
    """Set each of the article's claims against what the daily series implies.

    ``report`` is the check of the daily series alone. For each claim, the range the
    series allows over the claim's period (:meth:`claimkit.Report.implied`) becomes
    a claim of the General Staff's, and the pair is checked.
    """
    out = []
    for claim in claims:
        implied = report.implied(claim.measure, claim.subject, claim.period)
        series = claim.replace(
            id="general-staff", value=implied, source=GENERAL_STAFF, quote=None, span=None
        )
        finding = _pairwise(ck.check([claim, series]))
        out.append(ArticleCheck(claim=claim, general_staff=implied, finding=finding))
    return tuple(out)


# -- the UK Ministry of Defence ------------------------------------------------------


@attrs.frozen(kw_only=True)
class MonthComparison:
    """One calendar month as the two sources give it.

    ``verdict`` is ``"conflict"`` when the month still conflicts after the UK MoD's
    figure is widened by the tolerance, ``"consistent"`` otherwise.
    """

    period: ck.Period
    general_staff: ck.Range
    uk_mod: ck.Range
    verdict: str

    @property
    def relative(self) -> float:
        """(UK MoD - General Staff) / General Staff, at the ranges' midpoints."""
        gs = self.general_staff.midpoint
        return (self.uk_mod.midpoint - gs) / gs

    @property
    def disjoint(self) -> bool:
        """True when the two ranges, read strictly (rounding only), do not meet."""
        return not self.general_staff.overlaps(self.uk_mod)


def compare_monthly(
    report: ck.Report,
    estimates: Sequence[MonthlyEstimate],
    tolerance: float = UK_TOLERANCE,
) -> tuple[MonthComparison, ...]:
    """Set the UK MoD's months against the General Staff's, month by month.

    ``report`` is the check of the daily claims alone: each month's General Staff
    range is :meth:`claimkit.Report.implied`, the exact range that the daily claims
    leave for that month. A month conflicts when the UK MoD's figure, widened by
    ``tolerance``, shares no value with it: the month alone cannot be squared with the
    series. (Checking all the months together with the series would also name months
    that fit the series on their own but not beside a neighbouring month's figure.)
    """
    out = []
    for claim, widened in zip(
        monthly_claims(estimates), monthly_claims(estimates, tolerance), strict=True
    ):
        general_staff = report.implied(MEASURE, SUBJECT, claim.period)
        out.append(
            MonthComparison(
                period=claim.period,
                general_staff=general_staff,
                uk_mod=claim.as_total(),
                verdict="consistent" if widened.as_total().overlaps(general_staff) else "conflict",
            )
        )
    return tuple(out)


def months_matching(
    reports: Sequence[DailyReport], estimates: Iterable[MonthlyEstimate], convention: Convention
) -> int:
    """Count the months whose General Staff total lies in the UK MoD's rounding interval.

    The UK MoD's monthly figure is a whole-number daily average times the days; a
    month "matches" when the General Staff's figure for it, under ``convention``,
    rounds to the same daily average.
    """
    claims = monthly_claims(estimates)
    return sum(
        claim.as_total().contains(total_over(reports, claim.period, convention)) for claim in claims
    )


# -- the report ----------------------------------------------------------------------


def _range(r: ck.Range) -> str:
    """Format a range without its unit, to whole numbers: ``[45,710, 45,730]``."""
    left = "(" if r.lo_open else "["
    right = ")" if r.hi_open else "]"
    return f"{left}{r.lo:,.0f}, {r.hi:,.0f}{right}"


def print_series(reports: Sequence[DailyReport], report: ck.Report) -> None:
    """Print the series and whether its claims can all hold (counts never decrease)."""
    first, last = reports[0], reports[-1]
    monotone = [f for f in report.findings if f.kind == "monotone"]
    holding = sum(f.verdict != "conflict" for f in monotone)
    print("Ukraine's General Staff: claimed Russian losses, one report a day")
    print(f"  {len(reports):,} reports, from {first.day} ({first.personnel:,})", end="")
    print(f" to {last.day} ({last.personnel:,})")
    print(f"  check(): {report!r}")
    print(f"  never decreasing: {holding:,} of {len(monotone):,} consecutive reports fit")


def print_screen(irregular: Iterable[Irregularity]) -> None:
    """Print the days the screen flags."""
    print(f"\nImplausible days (robust z-score beyond {THRESHOLD:g}, {WINDOW} days either side)")
    for item in irregular:
        print(
            f"  {item.day}  {item.kind:<12} {item.value:+7,.0f}"
            f"  (typical {item.typical:+6,.0f}, z {item.score:+5.1f})"
        )


def print_disputed_day(reports: Sequence[DailyReport], claims: Sequence[ck.Claim]) -> None:
    """Print what claimkit makes of the report dated 2023-01-12."""
    ours = next(c for c in claims if c.id == f"gs-{DISPUTED_DAY.isoformat()}")
    others = second_opinions()
    print(f"\nThe report dated {DISPUTED_DAY}: this file {figure_on(reports, DISPUTED_DAY):,}")
    for other in others:
        finding = _pairwise(ck.check([ours, other]))
        gap = f", gap {-finding.margin_abs:,.0f}" if finding.verdict == "conflict" else ""
        print(f"  against {other.id} {_range(other.value)}: {finding.verdict}{gap}")
    for figure in (figure_on(reports, DISPUTED_DAY), TRANSCRIPTION_FIGURE):
        series = with_figure(reports, DISPUTED_DAY, figure)
        i = next(k for k, r in enumerate(series) if r.day == DISPUTED_DAY)
        steps = [series[k].personnel - series[k - 1].personnel for k in (i, i + 1)]
        hits = [x for x in screen(series, daily_claims(series)) if x.day == DISPUTED_DAY]
        verdict = ", ".join(f"{x.kind} z {x.score:+.1f}" for x in hits) or "not flagged"
        print(f"  with {figure:,}: increments {steps[0]:+,} then {steps[1]:+,}: {verdict}")


# -- the highest month ----------------------------------------------------------------

NOVEMBER = ck.Period.month(2024, 11)
#: How many months, ranked by the series' own totals, are bounded exactly for the closest.
CANDIDATES = 3


@attrs.frozen(kw_only=True)
class HighestMonth:
    """The article's "highest monthly losses" against the series, under one reading.

    ``beaten_by`` lists the months whose comparison with November conflicts with the
    series (none when ``consistent``); ``closest`` is the month that comes closest to
    November, and ``ratio`` its total over November's as the series allows it.
    """

    convention: Convention
    consistent: bool
    beaten_by: tuple[str, ...]
    closest: ck.Period
    ratio: ck.Range


def _stated(reports: Sequence[DailyReport], period: ck.Period, convention: Convention) -> int:
    """Return the series' total over ``period``, from 0 at the start of the war."""
    if period.start == WAR_START:
        return figure_on(reports, period.end - _lag(convention))
    return total_over(reports, period, convention)


def highest_month(reports: Sequence[DailyReport], convention: Convention) -> HighestMonth:
    """Check "November 2024 was the highest month since the invasion began" with the series.

    The months with the largest totals in the series are bounded exactly
    (:meth:`claimkit.Report.implied_ratio`, their total over November's); the closest is
    the one whose ratio can be largest.
    """
    highest = _nato_example().november_highest()
    report = ck.check([*daily_claims(reports, convention), *highest])
    november = ck.Quantity(MEASURE, SUBJECT, NOVEMBER)
    months = [c.of.period for c in highest if c.of is not None and c.of.period is not None]
    ranked = sorted(months, key=lambda m: _stated(reports, m, convention), reverse=True)
    ratios = [
        (month, report.implied_ratio(ck.Quantity(MEASURE, SUBJECT, month), november))
        for month in ranked[:CANDIDATES]
    ]
    closest, ratio = max(ratios, key=lambda item: item[1].hi)
    prefix = "reports-november-highest-"
    beaten = {i.removeprefix(prefix) for f in report.conflicts for i in f.claims if prefix in i}
    return HighestMonth(
        convention=convention,
        consistent=report.consistent,
        beaten_by=tuple(sorted(beaten)),
        closest=closest,
        ratio=ratio,
    )


def print_highest(reports: Sequence[DailyReport]) -> None:
    """Print the article's "highest monthly losses" against the series."""
    print('\nNovember 2024, "the highest monthly losses since the invasion began"')
    for convention in CONVENTIONS:
        found = highest_month(reports, convention)
        verdict = "holds" if found.consistent else "fails: beaten by " + ", ".join(found.beaten_by)
        print(
            f"  {convention:<10}  {verdict}; closest {found.closest.start:%Y-%m}, at most "
            f"{found.ratio.hi:.2%} of November ({_stated(reports, found.closest, convention):,} "
            f"against {_stated(reports, NOVEMBER, convention):,})"
        )


def print_november(reports: Sequence[DailyReport], checked: dict[Convention, ck.Report]) -> None:
    """Print the November 2024 total under both readings of the report dates."""
    november = ck.Period.month(2024, 11)
    print("\nNovember 2024: the difference of two cumulative figures")
    for convention, report in checked.items():
        total = total_over(reports, november, convention)
        implied = report.implied(MEASURE, SUBJECT, november)
        print(f"  {convention:<10}  {total:,}  range {_range(implied)}")


def print_article(convention: Convention, checks: Iterable[ArticleCheck]) -> None:
    """Print the article's figures against the series."""
    print(f"\nThe article's figures against the series ({convention} reading)")
    for item in checks:
        f = item.finding
        if f.verdict == "conflict":
            detail = f"gap {-f.margin_abs:,.0f}"
        else:
            detail = f"margin {f.margin:.1%}"
        print(
            f"  {item.claim.id:<34} {_range(item.claim.value):<20}"
            f" series {_range(item.general_staff):<20} {item.position:<6} {f.verdict}, {detail}"
        )


def print_uk(
    reports: Sequence[DailyReport],
    estimates: Sequence[MonthlyEstimate],
    months: Sequence[MonthComparison],
) -> None:
    """Print where the UK MoD and the General Staff disagree."""
    print("\nUK Ministry of Defence against the General Staff, by month (morning reading)")
    for m in months:
        if m.verdict == "conflict":
            print(
                f"  {m.period.start:%Y-%m}  General Staff {_range(m.general_staff):<16}"
                f" UK MoD {_range(m.uk_mod):<16} {m.relative:+.1%}"
            )
    disjoint = sum(m.disjoint for m in months)
    beyond = sum(m.verdict == "conflict" for m in months)
    print(f"  {len(months)} months: ranges disjoint in {disjoint},", end="")
    print(f" apart by more than {UK_TOLERANCE:.0%} in {beyond}")
    for convention in CONVENTIONS:
        n = months_matching(reports, estimates, convention)
        print(f"  months whose General Staff total is in the UK MoD's range ({convention}): {n}")
    since = ck.Period(date(2022, 3, 1), date(2024, 12, 1))
    uk = next(e.cumulative for e in estimates if e.period.end == since.end)
    gs = total_over(reports, since)
    print(f"  {since.start} to {since.last}: UK MoD {uk:,}, General Staff {gs:,}", end="")
    print(f" ({(uk - gs) / gs:+.2%})")


def main() -> int:
    """Print what the checks find in the two series."""
    reports = load_daily()
    estimates = load_monthly()
    claims = {c: daily_claims(reports, c) for c in CONVENTIONS}
    checked = {c: ck.check(claims[c]) for c in CONVENTIONS}

    print_series(reports, checked["morning"])
    print_screen(screen(reports, claims["morning"]))
    print_disputed_day(reports, claims["morning"])
    print_november(reports, checked)
    print_highest(reports)
    for convention in CONVENTIONS:
        print_article(convention, against_article(checked[convention], article_claims()))
    print_uk(reports, estimates, compare_monthly(checked["morning"], estimates))
    return 0


if __name__ == "__main__":
    sys.exit(main())
