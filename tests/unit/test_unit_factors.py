"""Conversions and mixed-unit products contain the exact rational result.

The oracle here knows the units' sizes as exact fractions (a kiloperson is 1,000
people, a month 365.25 / 12 days) and shares no code with claimkit or pint's floats.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pint
import pytest

from claimkit import Range
from claimkit.values.units import conversion_bounds, normalize_unit

DAY = Fraction(86_400)
SIZES = {
    "person": Fraction(1),
    "kiloperson": Fraction(1_000),
    "megaperson": Fraction(1_000_000),
    "second": Fraction(1),
    "minute": Fraction(60),
    "hour": Fraction(3_600),
    "day": DAY,
    "week": 7 * DAY,
    "fortnight": 14 * DAY,
    "month": Fraction(1461, 4) * DAY / 12,
    "year": Fraction(1461, 4) * DAY,
}
COUNTS = ("person", "kiloperson", "megaperson")
TIMES = ("second", "minute", "hour", "day", "week", "fortnight", "month", "year")
VALUES = (1, 3, 7, 1e-9, 123_456_789)
RATES = [f"{c} / {t}" for c in COUNTS for t in TIMES]
RECIPROCALS = [f"{t} / {c}" for c in COUNTS for t in TIMES]


def size(unit: str) -> Fraction:
    """The exact size of a unit written as pint writes it, in people and seconds."""
    numerator, _, denominator = unit.partition(" / ")
    total = Fraction(1)
    for side, sign in ((numerator, 1), (denominator, -1)):
        for factor in filter(None, side.split(" * ")):
            name, _, power = factor.partition(" ** ")
            if name in ("1", "dimensionless"):
                continue
            total *= SIZES[name] ** (sign * int(power or 1))
    return total


def contains(r: Range, exact: Fraction) -> bool:
    return Fraction(r.lo) <= exact <= Fraction(r.hi)


@pytest.mark.parametrize("units", [RATES, RECIPROCALS], ids=["rates", "reciprocals"])
def test_conversion_contains_the_exact_result(units: list[str]) -> None:
    missed = []
    for src, dst in itertools.product(units, repeat=2):
        for x in VALUES:
            got = Range.exact(x, src).to(dst)
            exact = Fraction(x) * size(src) / size(dst)
            if not contains(got, exact):
                missed.append((x, src, dst, got))
    assert missed == []


def test_reported_conversions_contain_the_exact_result() -> None:
    assert contains(Range.exact(1, "person / week").to("person / minute"), Fraction(1, 10080))
    assert contains(Range.exact(1, "person / week").to("kiloperson / year"), Fraction(1461, 28000))


@pytest.mark.parametrize("count", COUNTS)
def test_mixed_unit_products_and_quotients_contain_the_exact_result(count: str) -> None:
    missed = []
    for t1, t2 in itertools.product(TIMES, repeat=2):
        rate = f"{count} / {t1}"
        for x in VALUES:
            cases = (
                (Range.exact(x, rate) * Range.exact(7, t2),
                 Fraction(x) * 7 * size(rate) * size(t2)),
                (Range.exact(x, rate) / Range.exact(3, f"person / {t2}"),
                 Fraction(x) / 3 * size(rate) / size(f"person / {t2}")),
                (Range.exact(x, count) / Range.exact(7, f"megaperson / {t2}"),
                 Fraction(x) / 7 * size(count) / size(f"megaperson / {t2}")),
            )  # fmt: skip
            for got, exact in cases:
                if not contains(got, exact / size(got.unit)):
                    missed.append((x, rate, t2, got))
    assert missed == []


def test_reported_product_contains_the_exact_result() -> None:
    product = Range.exact(1, "person / week") * Range.exact(1, "minute")
    assert product.unit == "person"
    assert contains(product, Fraction(1, 10080))


def test_exact_factors_stay_exact() -> None:
    assert Range.exact(3, "person / week").to("person / day") == Range(
        Fraction(3, 7), Fraction(3, 7), "person / day"
    )
    assert Range.exact(2, "week").to("day") == Range.exact(14, "day")
    assert Range.exact(1, "kiloperson / year").to("person / year") == Range.exact(
        1000, "person / year"
    )


@pytest.mark.parametrize(
    ("src", "dst", "factor"),
    [
        ("percent", "dimensionless", Fraction(1, 100)),
        ("permille", "percent", Fraction(1, 10)),
        ("ppm", "dimensionless", Fraction(1, 10**6)),
    ],
)
def test_ratio_units_convert_by_their_exact_factors(src: str, dst: str, factor: Fraction) -> None:
    assert conversion_bounds(src, dst) == (factor, factor)
    # 65% is the float nearest 0.65 or the one below it: one step, not a band of 1e-12.
    share = Range(65, 75, "percent").to("dimensionless")
    assert share.hi == 0.75
    assert 0.65 - share.lo <= 2 * math.ulp(0.65)


def test_a_unit_only_a_custom_registry_defines_is_widened_around_pints_factor() -> None:
    original = pint.get_application_registry().get()
    fresh = pint.UnitRegistry()
    pint.set_application_registry(fresh)
    try:
        normalize_unit("person")  # claimkit's units, in the new registry
        fresh.define("score_of_people = 20 * person / 3")
        lo, hi = conversion_bounds("score_of_people / week", "person / minute")
        exact = Fraction(20, 3) / 10080
        assert lo < exact < hi
        assert (hi - lo) / exact < Fraction(1, 2**38)
        assert contains(Range.exact(3, "score_of_people / week").to("person / minute"), 3 * exact)
    finally:
        pint.set_application_registry(original)
