"""The worked example: NATO's and Zelenskyy's casualty figures of December 2024.

Every numeric claim in the article in ``seeds/`` becomes a :class:`claimkit.Claim`
with its source, period, kind and the quote it came from, located in the article.
Run it with ``make demo`` or ``python examples/nato_2024.py``.

Encoding choices (the article leaves them open; another reading is one edit away):

- The war starts on 2022-02-24. Statements made at or reported with the press
  conference of 2024-12-12 count losses up to that day: the period
  [2022-02-24, 2024-12-12), 1022 days, exactly 146 weeks.
- Zelenskyy's figures are read as of the same day, so that they and Rutte's speak
  of the same quantity and can be compared and reconciled directly.
- "every week" (Rutte's current rate) is the average over the week before the press
  conference, [2024-12-05, 2024-12-12).
- "As of November 2024 ... surpassed 700,000" counts losses up to the end of
  November: the period [2022-02-24, 2024-12-01).
- "November alone" is the calendar month of November 2024 (30 days).
- "killed and wounded", "losses" and "casualties" are one measure, ``casualties``,
  the sum of ``killed`` and ``wounded`` ("injured" is read as wounded); ``both``
  sides is the sum of ``russia`` and ``ukraine``.
- "marking the highest monthly losses since the invasion began" compares November
  2024 with every earlier calendar month since 2022-02-24 (February 2022 from the
  24th): one ratio claim per month, November's total more than that month's
  (:func:`november_highest`).
- Two ratio claims of the kind analysts make are added to show ratios at work; the
  article makes neither, so they are marked illustrative, their own source
  (:func:`illustrative_ratios`).
"""

from __future__ import annotations

import sys
import textwrap
from datetime import date
from pathlib import Path

import claimkit as ck

ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "nato_rutte_casualties_2024-12-13.txt"

WAR_START = date(2022, 2, 24)
PRESS_CONFERENCE = date(2024, 12, 12)


def article_text() -> str:
    """Return the article the claims are quoted from."""
    return ARTICLE.read_text(encoding="utf-8")


def sources() -> dict[str, ck.Source]:
    """Return the sources of the article's figures, by id."""
    rutte = ck.Source(
        "Mark Rutte",
        id="rutte",
        role="NATO Secretary General",
        date=PRESS_CONFERENCE,
        venue="press conference, Brussels",
        relation="independent",
    )
    zelenskyy_ukraine = ck.Source(
        "Volodymyr Zelenskyy",
        id="zelenskyy-on-ukraine",
        role="President of Ukraine",
        relation="party",
    )
    zelenskyy_russia = ck.Source(
        "Volodymyr Zelenskyy",
        id="zelenskyy-on-russia",
        role="President of Ukraine",
        relation="adversary",
    )
    reports = ck.Source(
        "Reports cited by the article",
        id="reports",
        venue="news article, 13 December 2024",
        relation="unknown",
    )
    return {s.id: s for s in (rutte, zelenskyy_ukraine, zelenskyy_russia, reports)}


# id, measure, subject, period, kind, value phrase, unit, source id, quote in the article
_CLAIMS: tuple[tuple[str, str, str, ck.Period, str, str, str, str, str], ...] = (
    (
        "rutte-total",
        "casualties",
        "both",
        ck.Period(WAR_START, PRESS_CONFERENCE),
        "total",
        "over one million",
        "person",
        "rutte",
        "over one million losses since February 2022",
    ),
    (
        "rutte-weekly",
        "casualties",
        "both",
        ck.Period.week_ending(date(2024, 12, 11)),
        "rate",
        "over 10,000 every week",
        "person",
        "rutte",
        "over 10,000 people are killed and wounded every week",
    ),
    (
        "rutte-russia",
        "casualties",
        "russia",
        ck.Period(WAR_START, PRESS_CONFERENCE),
        "total",
        "approximately 700,000",
        "person",
        "rutte",
        "Russia lost approximately 700,000 personnel killed or wounded",
    ),
    (
        "reports-russia-november-cumulative",
        "casualties",
        "russia",
        ck.Period(WAR_START, date(2024, 12, 1)),
        "total",
        "surpassed 700,000",
        "person",
        "reports",
        "As of November 2024, Russian military losses have surpassed\u00a0700,000\u00a0personnel",
    ),
    (
        "reports-russia-november",
        "casualties",
        "russia",
        ck.Period.month(2024, 11),
        "total",
        "approximately 45,690",
        "person",
        "reports",
        "November alone accounted for approximately\u00a045,690\u00a0casualties",
    ),
    (
        "zelenskyy-ukraine-killed",
        "killed",
        "ukraine",
        ck.Period(WAR_START, PRESS_CONFERENCE),
        "total",
        "43,000",
        "person",
        "zelenskyy-on-ukraine",
        "43,000 killed",
    ),
    (
        "zelenskyy-ukraine-wounded",
        "wounded",
        "ukraine",
        ck.Period(WAR_START, PRESS_CONFERENCE),
        "total",
        "370,000",
        "person",
        "zelenskyy-on-ukraine",
        "370,000 wounded",
    ),
    (
        "zelenskyy-russia-total",
        "casualties",
        "russia",
        ck.Period(WAR_START, PRESS_CONFERENCE),
        "total",
        "750,000",
        "person",
        "zelenskyy-on-russia",
        "750,000 total",
    ),
    (
        "zelenskyy-russia-killed",
        "killed",
        "russia",
        ck.Period(WAR_START, PRESS_CONFERENCE),
        "total",
        "198,000",
        "person",
        "zelenskyy-on-russia",
        "198,000 killed",
    ),
    (
        "zelenskyy-russia-wounded",
        "wounded",
        "russia",
        ck.Period(WAR_START, PRESS_CONFERENCE),
        "total",
        "over 550,000",
        "person",
        "zelenskyy-on-russia",
        "over 550,000 injured",
    ),
)


def claims(policy: ck.HedgePolicy | None = None) -> tuple[ck.Claim, ...]:
    """Return the article's claims, values read from their phrases under ``policy``.

    Every quote is located in the article, so each claim records where it came from.
    The article separates some numbers with no-break spaces (U+00A0); the quotes
    keep them, because a quote is the text exactly as published.
    """
    policy = ck.HedgePolicy() if policy is None else policy
    text = article_text()
    by_id = sources()
    result = []
    for cid, measure, subject, period, kind, phrase, unit, source, quote in _CLAIMS:
        claim = ck.Claim(
            id=cid,
            measure=measure,
            subject=subject,
            period=period,
            kind=kind,  # type: ignore[arg-type]
            value=ck.parse_quantity(phrase, unit, policy=policy),
            phrase=phrase,
            policy=policy,
            source=by_id[source],
            quote=quote,
        )
        result.append(claim.locate(text))
    return tuple(result)


#: How the article's quantities combine: casualties are killed plus wounded, and
#: "both sides" is Russia plus Ukraine.
RELATIONS = (
    ck.Sum("casualties", ["killed", "wounded"], over="measure"),
    ck.Sum("both", ["russia", "ukraine"], over="subject"),
)


def claim_set(policy: ck.HedgePolicy | None = None) -> ck.ClaimSet:
    """Return the article's claims with their relations, ready to check."""
    return ck.ClaimSet(claims(policy), relations=RELATIONS)


def war() -> ck.Period:
    """Return the period from the start of the war to the press conference."""
    return ck.Period(WAR_START, PRESS_CONFERENCE)


#: The source of the ratio claims that no one in the article makes.
ILLUSTRATIVE = ck.Source(
    "Illustrative ratio claims",
    id="illustrative",
    venue="not in the article: claims of the kind analysts make, to show ratios at work",
)


def illustrative_ratios(policy: ck.HedgePolicy | None = None) -> tuple[ck.Claim, ...]:
    """Return two illustrative ratio claims: killed per wounded, and Russia's share.

    "About one killed for every three wounded" (of Russian forces, over the war) is a
    rule of thumb analysts often state; "about 70% of the million casualties are
    Russian" restates Rutte's about 700,000 of over one million as a share. Neither is
    a quote: both carry the source :data:`ILLUSTRATIVE` and say so in their note.
    """
    policy = ck.HedgePolicy() if policy is None else policy
    per_wounded = "about one killed for every three wounded"
    share = "about 70%"
    note = "illustrative: not in the article"
    return (
        ck.Claim(
            id="illustrative-killed-per-wounded",
            measure="killed",
            subject="russia",
            period=war(),
            of=ck.Quantity("wounded"),
            value=ck.parse_ratio(per_wounded, policy=policy).value,
            phrase=per_wounded,
            policy=policy,
            source=ILLUSTRATIVE,
            note=note + " (a common rule of thumb)",
        ),
        ck.Claim(
            id="illustrative-russian-share",
            measure="casualties",
            subject="russia",
            period=war(),
            of=ck.Quantity("casualties", "both"),
            value=ck.parse_ratio(share, policy=policy).value,
            phrase=share,
            policy=policy,
            source=ILLUSTRATIVE,
            note=note + " (Rutte's about 700,000 of over one million, as a share)",
        ),
    )


#: November 2024 and the months it is compared with: since the invasion began, up to
#: the end of November.
NOVEMBER = ck.Period.month(2024, 11)
SINCE_INVASION = ck.Period(WAR_START, NOVEMBER.end)


def november_highest() -> tuple[ck.Claim, ...]:
    """Return "the highest monthly losses since the invasion began" as ratio claims.

    One claim per calendar month from February 2022 (from the 24th) to October 2024:
    Russian casualties in November 2024 more than in that month. Each claim is named
    after the month it compares with (``reports-november-highest-2024-10``), so that a
    conflict names the month that beats November.
    """
    quote = "marking the highest monthly losses since the invasion began"
    found = ck.highest_month(
        ck.Quantity("casualties", "russia", NOVEMBER),
        SINCE_INVASION,
        id="reports-november-highest",
        source=sources()["reports"],
        quote=quote,
    )
    text = article_text()
    return tuple(claim.locate(text) for claim in found)


def killed_per_wounded(report: ck.Report) -> ck.Range:
    """Return the ratio of Russian killed to wounded that a report's claims allow."""
    return report.implied_ratio(ck.Quantity("killed", "russia", war()), "wounded")


def implied_ukraine_from_rutte() -> ck.Range:
    """Return what Rutte's figures alone imply for Ukrainian casualties over the war."""
    rutte_only = ck.ClaimSet(
        [claim for claim in claims() if claim.source is not None and claim.source.id == "rutte"],
        relations=RELATIONS,
    )
    return ck.check(rutte_only).implied("casualties", "ukraine", war())


def _ends(value: ck.Range) -> str:
    """Return a range's ends as people read them, without its unit."""
    return format(value, ",.0f").removesuffix(f" {value.unit}")


def conversion_table(items: tuple[ck.Claim, ...]) -> str:
    """Return a plain-text table: each claim as stated, per week and per month.

    "per month" is pint's average month (30.4375 days); "per calendar month" is the
    claim's own month when its period is one, otherwise a month of unknown length
    (28 to 31 days). Units: people, people per week, people per average month and
    people in one calendar month.
    """
    header = ("claim", "stated", "per week", "per month", "per calendar month")
    rows = [header]
    for claim in items:
        rows.append(
            (
                claim.id,
                _ends(claim.value) + (" a week" if claim.kind == "rate" else ""),
                _ends(claim.as_rate("week")),
                _ends(claim.as_rate("month")),
                _ends(claim.as_rate("month", calendar=True)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def month_conventions() -> str:
    """Return the lines that show what "per month" can mean for 10,000 a week."""
    weekly = ck.Claim(
        id="ten-thousand-a-week",
        measure="casualties",
        subject="both",
        period=ck.Period.month(2024, 11),
        kind="rate",
        value=ck.Range.exact(10_000, "person / week"),
    )
    any_month = weekly.replace(period=ck.Period(WAR_START, PRESS_CONFERENCE))
    lines = [
        f"  per average month (30.4375 days): {weekly.as_rate('month'):,.0f}",
        f"  in November 2024 (30 days):       {weekly.as_rate('month', calendar=True):,.0f}",
        f"  in a month of unknown length:     {any_month.as_rate('month', calendar=True):,.0f}",
    ]
    return "\n".join(lines)


def main() -> int:
    """Print the claims, their conversions and the consistency report."""
    items = claims()
    report = ck.check(claim_set())
    print(
        "In one sentence (the headline of the consistency report below):\n\n"
        + textwrap.fill(report.to_dict()["headline"], width=78)
        + "\n"
    )
    print("=" * 78 + "\nClaims in the article (seeds/nato_rutte_casualties_2024-12-13.txt)\n")
    for claim in items:
        print(f"  {claim}")
        assert claim.span is not None
        print(f"      quote at characters {claim.span[0]}-{claim.span[1]}: “{claim.quote}”")
    print("\nAs stated, per week, per average month (30.4375 days) and per calendar month")
    print("(the claim's own month, or a month of 28 to 31 days); all in people\n")
    print(conversion_table(items))
    print("\nMonths are not all alike: 10,000 a week is\n")
    print(month_conventions())

    print("\n" + "=" * 78)
    print("Do the claims fit together? (default hedge policy: rounded figures as ranges)")
    print("=" * 78 + "\n")
    print(report)

    print("\nUkrainian casualties implied by Rutte's figures alone")
    print("(over one million in all, minus about 700,000 Russian):")
    print(f"  {implied_ukraine_from_rutte():,.0f}")

    print("\n" + "=" * 78)
    print("The same claims read as exact figures (HedgePolicy(rounding='exact'))")
    print("=" * 78 + "\n")
    exact_set = claim_set(ck.HedgePolicy(rounding="exact"))
    print(ck.check(exact_set))

    print("\n" + "=" * 78)
    print("One figure for Russian casualties: Rutte against Zelenskyy")
    print("=" * 78 + "\n")
    rounded = claim_set()
    pair = ["rutte-russia", "zelenskyy-russia-total"]
    print(ck.reconcile([rounded[cid] for cid in pair], method="stretch"))
    print("\nRead exactly:\n")
    print(ck.reconcile([exact_set[cid] for cid in pair], method="stretch"))

    print("\n" + "=" * 78)
    print("The whole set, read exactly, relaxed until consistent")
    print("=" * 78 + "\n")
    print(ck.reconcile(exact_set, method="relax"))

    print("\n" + "=" * 78)
    print("Whose figure must go? The fewest claims, then sources, to set aside (read exactly)")
    print("=" * 78 + "\n")
    print(ck.reconcile([exact_set[cid] for cid in pair], method="drop"))
    print("\nThe whole set:\n")
    print(ck.reconcile(exact_set, method="drop"))
    print()
    print(ck.reconcile(exact_set, method="drop", by="source"))

    print_ratios(exact_set)

    print("\n" + "=" * 78)
    print("The whole set, least-squares data reconciliation (default reading)")
    print("=" * 78 + "\n")
    print(ck.reconcile(rounded, method="least_squares"))
    return 0


def share_of_russia(report: ck.Report) -> ck.Range:
    """Return Russia's share of all casualties that a report's claims allow."""
    both = ck.Quantity("casualties", "both")
    return report.implied_ratio(ck.Quantity("casualties", "russia", war()), both)


def print_ratios(exact_set: ck.ClaimSet) -> None:
    """Print the ratios the claims imply, the illustrative ratio claims and November."""
    print("\n" + "=" * 78)
    print("Ratios: killed per wounded, Russia's share, and the highest month")
    print("=" * 78 + "\n")
    pair = ("zelenskyy-russia-killed", "zelenskyy-russia-wounded")
    zelenskyy = ck.check([exact_set[cid] for cid in pair])
    article = ck.check(claim_set())
    print("Russian killed per wounded, as the claims allow it:")
    by_zelenskyy = killed_per_wounded(zelenskyy)
    print(f"  by Zelenskyy's 198,000 and over 550,000, read exactly: {by_zelenskyy:.4g}")
    print(f"  by all the article's claims, default reading: {killed_per_wounded(article):.4g}")
    print(
        f"Russia's share of all casualties, by the article's claims: {share_of_russia(article):.4g}"
    )
    illustrative = illustrative_ratios()
    report = ck.check(claim_set().with_claims(illustrative))
    print("\nTwo illustrative ratio claims (not in the article) checked against the rest:")
    for claim in illustrative:
        print(f"  {claim.id}: {claim.phrase!r}, read as {claim.value:.4g}")
    for finding in report.findings:
        if set(finding.claims) & {c.id for c in illustrative}:
            claims_of = ", ".join(finding.claims)
            print(f"  {finding.verdict:10} {finding.margin:+.2%}  {finding.kind:12} {claims_of}")
    highest = november_highest()
    checked = ck.check(claim_set().with_claims(highest))
    verdict = "consistent" if checked.consistent else "NOT consistent"
    print(
        f"\nNovember 2024 the highest month since the invasion began ({len(highest)} "
        f"comparisons): {verdict} with the article's other claims, which say nothing of "
        "the other months (examples/daily_series.py checks it against the daily series)"
    )


if __name__ == "__main__":
    sys.exit(main())
