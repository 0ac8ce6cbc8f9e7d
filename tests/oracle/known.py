"""Claim sets on which claimkit once disagreed with the per-day oracle.

Each is a :class:`Case`: the claims, their relations and one quantity to ask
``implied`` about. ``tests/properties/test_oracle.py`` runs every one first, as an
explicit example, and ``tests/unit/test_exactness.py`` checks what each got wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import claimkit as ck

MEASURES = ck.Sum("casualties", ("killed", "wounded"))
SUBJECTS = ck.Sum("both", ("russia", "ukraine"), over="subject")


@dataclass(frozen=True)
class Case:
    """A claim set and one extra quantity to ask ``implied`` about."""

    claims: tuple[ck.Claim, ...]
    relations: tuple[ck.Sum, ...]
    query: tuple[str, str, ck.Period]


def january(first: int, stop: int) -> ck.Period:
    """The days of January 2024 from ``first`` to before ``stop``."""
    return ck.Period(date(2024, 1, first), date(2024, 1, stop))


def claim_of(claim_id: str, about: str, days: tuple[int, int], value: ck.Range) -> ck.Claim:
    """A claim about ``about`` ("measure of subject", then "each" for a rate on each
    window) over ``days`` of January 2024, a rate when its unit is one."""
    words = about.split()
    return ck.Claim(
        id=claim_id,
        measure=words[0],
        subject=words[2],
        kind="rate" if "/" in value.unit else "total",
        reading="each" if words[-1] == "each" else "average",
        period=january(*days),
        value=value,
    )


#: The sets, by what they once showed (the comment says how claimkit, or once the
#: oracle, was wrong).
KNOWN: dict[str, Case] = {}

# A strict end cleared by 1e-8 of the larger claim: [0, 1) beside 1e8 had no room.
KNOWN["a part less than 1 beside a total of 1e8"] = Case(
    (
        claim_of("c0", "wounded of both", (4, 6), ck.Range(100000000, 100000000, "person")),
        claim_of("c1", "wounded of russia", (4, 6), ck.Range(0, 1, "person", hi_open=True)),
    ),
    (SUBJECTS,),
    ("wounded", "ukraine", january(4, 6)),
)

# The same, as a monotone finding.
KNOWN["a day less than 1 inside a total of 1e8"] = Case(
    (
        claim_of("a", "killed of ukraine", (1, 5), ck.Range(100000000, 100000000, "person")),
        claim_of("b", "killed of ukraine", (4, 5), ck.Range(0, 1, "person", hi_open=True)),
    ),
    (),
    ("killed", "ukraine", january(1, 4)),
)

# A claim of 0 held to 1e-9 of one person once a claim of 1 joined: the conflict of
# "each day more than 0" and "none on two days" was lost.
KNOWN["a claim of 0 beside a larger claim"] = Case(
    (
        claim_of(
            "a", "wounded of ukraine each", (1, 5), ck.Range(0, 0.001, "person / day", lo_open=True)
        ),
        claim_of("b", "wounded of ukraine", (3, 5), ck.Range(0, 0, "person")),
        claim_of("c", "wounded of ukraine", (1, 8), ck.Range(1, math.inf, "person", hi_open=True)),
    ),
    (),
    ("wounded", "ukraine", january(1, 8)),
)

# The same cause: a conflict set of four claims where c1 and c5 conflict alone.
KNOWN["a claim of 0 in a conflict set"] = Case(
    (
        claim_of(
            "c0",
            "casualties of ukraine",
            (8, 15),
            ck.Range(0.0136125, math.inf, "person", hi_open=True),
        ),
        claim_of(
            "c1",
            "wounded of ukraine each",
            (1, 13),
            ck.Range(0, 0.0003, "person / day", lo_open=True, hi_open=True),
        ),
        claim_of(
            "c2",
            "wounded of both each",
            (11, 15),
            ck.Range(5e-11, math.inf, "megaperson / day", hi_open=True),
        ),
        claim_of("c5", "wounded of ukraine each", (11, 13), ck.Range(0, 0, "kiloperson / day")),
        claim_of("c6", "casualties of both", (1, 7), ck.Range(0.017, 0.026, "person")),
    ),
    (MEASURES, SUBJECTS),
    ("casualties", "both", january(1, 15)),
)

# A conflict set of three claims where c6 and c8 conflict alone.
KNOWN["a conflict set of three where two conflict"] = Case(
    (
        claim_of(
            "c2",
            "casualties of ukraine",
            (12, 28),
            ck.Range(
                7.060004340277777e-06,
                1.4120008680555554e-05,
                "person / second",
                lo_open=True,
                hi_open=True,
            ),
        ),
        claim_of(
            "c6",
            "wounded of ukraine",
            (25, 27),
            ck.Range(3.5, math.inf, "person / fortnight", lo_open=True, hi_open=True),
        ),
        claim_of("c8", "casualties of ukraine", (25, 28), ck.Range(0.0005, 0.0005, "kiloperson")),
        claim_of(
            "c0",
            "casualties of ukraine",
            (5, 8),
            ck.Range(694.47152775, 1041.707291625, "person / hour", lo_open=True, hi_open=True),
        ),
        claim_of(
            "c5",
            "wounded of ukraine",
            (20, 25),
            ck.Range(
                4.050925925925926e-12,
                8.18287037037037e-12,
                "megaperson / second",
                lo_open=True,
                hi_open=True,
            ),
        ),
        claim_of(
            "c4",
            "killed of ukraine",
            (2, 18),
            ck.Range(19.531269531249997, 19.531269531249997, "person / minute"),
        ),
    ),
    (MEASURES,),
    ("killed", "ukraine", january(11, 21)),
)

# A strict end of a claim far below the largest, cleared by 1e-8 of its row's scale
# (a millionth of 1e11): c3 and c4, 1% apart, were named a conflict set.
KNOWN["a small strict claim beside 1e11"] = Case(
    (
        claim_of("c0", "killed of russia", (1, 2), ck.Range(50000000000, 50000000000, "person")),
        claim_of(
            "c1",
            "casualties of russia",
            (1, 2),
            ck.Range(50000000000.025, 50000000000.025, "person"),
        ),
        claim_of("c2", "killed of russia", (1, 2), ck.Range(100000000000, 100000000000, "person")),
        claim_of("c3", "wounded of russia", (1, 2), ck.Range(0.05, 0.05, "person")),
        claim_of("c4", "wounded of russia", (1, 2), ck.Range(0, 0.0505, "person", hi_open=True)),
    ),
    (MEASURES,),
    ("casualties", "russia", january(1, 2)),
)

# A quantity that is exactly 0, whose LP maximum came out 1e-16 below its minimum:
# implied() gave the empty set in a consistent report.
KNOWN["an implied bound of exactly 0"] = Case(
    (
        claim_of(
            "c0",
            "killed of russia",
            (1, 8),
            ck.Range(0.7000000000000001, 0.7000000000000001, "person"),
        ),
        claim_of(
            "c1",
            "killed of russia",
            (9, 24),
            ck.Range(0.17500000000000002, 0.17500000000000002, "person"),
        ),
        claim_of("c2", "wounded of russia", (20, 23), ck.Range(0, 0, "person")),
        claim_of("c3", "killed of russia", (9, 10), ck.Range(0, 0, "person")),
        claim_of("c4", "killed of russia", (12, 24), ck.Range(0, 0, "person")),
        claim_of(
            "c5",
            "casualties of russia",
            (1, 18),
            ck.Range(4.000000000000001, 4.000000000000001, "person"),
        ),
        claim_of(
            "c6",
            "casualties of russia",
            (2, 15),
            ck.Range(0.9250000000000003, 0.9250000000000003, "person"),
        ),
        claim_of("c7", "casualties of russia each", (16, 24), ck.Range(0, 0, "person / week")),
        claim_of("c8", "killed of russia", (12, 24), ck.Range(0, 0, "person")),
    ),
    (MEASURES, SUBJECTS),
    ("casualties", "russia", january(17, 20)),
)

# Wounded of both sides 3e9 + 0.00175 where the daily claims allow 3e9: a miss of
# 6e-13 of the claim, within its tolerance, but HiGHS called the set infeasible and
# every exact bound came back empty.
KNOWN["claims that differ by less than their tolerance"] = Case(
    (
        claim_of("c0", "killed of russia", (1, 2), ck.Range(3000000, 3000000, "person")),
        claim_of("c1", "killed of russia", (7, 8), ck.Range(0, 0, "person")),
        claim_of("c2", "wounded of ukraine", (8, 10), ck.Range(1000000000, 1000000000, "person")),
        claim_of(
            "c3", "wounded of ukraine each", (8, 10), ck.Range(500000000, 500000000, "person / day")
        ),
        claim_of("c4", "casualties of ukraine", (10, 11), ck.Range(0, 0, "person")),
        claim_of(
            "c5", "casualties of both each", (4, 10), ck.Range(500000000, 500000000, "person / day")
        ),
        claim_of("c6", "killed of russia", (8, 10), ck.Range(0, 0, "person")),
        claim_of("c7", "wounded of russia", (7, 11), ck.Range(0, 0, "person")),
        claim_of(
            "c8", "wounded of both", (4, 11), ck.Range(3000000000.00175, 3000000000.00175, "person")
        ),
        claim_of(
            "c9",
            "wounded of both",
            (4, 9),
            ck.Range(-math.inf, 12731.481481489584, "person / second", lo_open=True),
        ),
    ),
    (MEASURES, SUBJECTS),
    ("casualties", "both", january(1, 2)),
)

# Claims of 3e5 against 1.5e5 beside claims of 5e9 and of 0: HiGHS's dual simplex
# ended in 'Unknown' and check() raised NumericalError.
KNOWN["a model the dual simplex stalls on"] = Case(
    (
        claim_of("c0", "killed of russia", (1, 2), ck.Range(300000, 300000, "person")),
        claim_of("c1", "killed of russia", (5, 6), ck.Range(0, 0, "person")),
        claim_of("c2", "wounded of ukraine", (4, 8), ck.Range(5000000000, 5000000000, "person")),
        claim_of("c3", "killed of russia", (1, 2), ck.Range(300000, 300000, "person")),
        claim_of("c4", "casualties of ukraine", (1, 2), ck.Range(500100000, 500100000, "person")),
        claim_of(
            "c5", "casualties of both each", (4, 9), ck.Range(500000000, 500000000, "person / day")
        ),
        claim_of("c6", "killed of russia", (1, 7), ck.Range(225000, 225000, "person")),
        claim_of("c7", "killed of russia", (1, 2), ck.Range(150000, 150000, "person")),
        claim_of(
            "c8",
            "wounded of both",
            (3, 9),
            ck.Range(5445000000.006435, math.inf, "person", hi_open=True),
        ),
    ),
    (MEASURES, SUBJECTS),
    ("casualties", "both", january(1, 10)),
)

# 0.00175 wounded Russians where the daily claims of 5e8 leave none, within the
# daily claims' tolerance, were named a conflict set with c0, which no other claim
# of the set touches.
KNOWN["a conflict set within the tolerance"] = Case(
    (
        claim_of("c0", "killed of russia", (1, 2), ck.Range(3000, 3000, "person")),
        claim_of("c1", "killed of russia", (4, 8), ck.Range(500, 500, "person")),
        claim_of("c2", "wounded of ukraine", (4, 10), ck.Range(6000000000, 6000000000, "person")),
        claim_of(
            "c3", "wounded of ukraine each", (4, 10), ck.Range(500000000, 500000000, "person / day")
        ),
        claim_of("c4", "casualties of ukraine", (1, 2), ck.Range(500001000, 500001000, "person")),
        claim_of(
            "c5", "casualties of both each", (4, 10), ck.Range(500000000, 500000000, "person / day")
        ),
        claim_of("c6", "killed of russia", (4, 10), ck.Range(250, 250, "person")),
        claim_of("c7", "wounded of russia", (4, 10), ck.Range(0.00175, 0.00175, "person")),
        claim_of(
            "c8",
            "wounded of both",
            (3, 10),
            ck.Range(5400000.000005851, math.inf, "kiloperson", hi_open=True),
        ),
    ),
    (MEASURES, SUBJECTS),
    ("casualties", "both", january(9, 10)),
)

# The oracle's own error: over two groups at once, the cost of Ukrainian wounded (who
# may be any number) was 1e-10 of that of 1e10 killed, HiGHS dropped it, and the
# oracle's largest casualties came out as 1e10 beside claimkit's right inf.
KNOWN["a free part beside a group 1e10 times larger"] = Case(
    (
        claim_of("c0", "killed of russia", (1, 2), ck.Range(0, 0, "person")),
        claim_of("c1", "killed of russia", (1, 2), ck.Range(0, 0, "person")),
        claim_of("c2", "killed of russia", (1, 2), ck.Range(0, 0, "person")),
        claim_of("c3", "killed of ukraine", (1, 2), ck.Range(10000000000, 10000000000, "person")),
        claim_of(
            "c4",
            "wounded of ukraine each",
            (1, 3),
            ck.Range(0, math.inf, "person / day", hi_open=True),
        ),
    ),
    (MEASURES, SUBJECTS),
    ("casualties", "ukraine", january(1, 2)),
)
