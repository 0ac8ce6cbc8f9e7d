"""Benchmark scalar Range arithmetic against a bare interval and a pair of pint quantities.

Run with ``.venv/bin/python benchmarks/bench_range.py`` (or ``make bench``). It prints,
for ``+`` and ``*`` on scalar operands:

- ``claimkit.Range`` with units (``person`` + ``person``; ``person / week`` * ``week``,
  and ``person`` * a dimensionless range);
- ``MinimalInterval``: two floats, outward rounding with :func:`math.nextafter` on every
  end, no units, no open ends, no exactness test -- the floor for a Python object;
- a pair of pint quantities ``(lo, hi)`` doing the same operations (no outward rounding).

Then it measures import time with ``python -X importtime`` for ``import claimkit`` and
for ``import pint, numpy`` (the sum of the self times), in fresh interpreters.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import timeit
from collections.abc import Callable
from typing import Any

import pint

from claimkit import Range
from claimkit.values.units import get_registry

INF = math.inf
_nextafter = math.nextafter


class MinimalInterval:
    """Two floats with outward rounding on every operation; the floor for Python objects."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: float, hi: float) -> None:
        self.lo = lo
        self.hi = hi

    def __add__(self, other: MinimalInterval) -> MinimalInterval:
        return MinimalInterval(
            _nextafter(self.lo + other.lo, -INF), _nextafter(self.hi + other.hi, INF)
        )

    def __mul__(self, other: MinimalInterval) -> MinimalInterval:
        a, b, c, d = self.lo, self.hi, other.lo, other.hi
        products = (a * c, a * d, b * c, b * d)
        return MinimalInterval(_nextafter(min(products), -INF), _nextafter(max(products), INF))


class QuantityPair:
    """A pair of pint quantities (lo, hi), combined end by end (no outward rounding)."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: Any, hi: Any) -> None:
        self.lo = lo
        self.hi = hi

    def __add__(self, other: QuantityPair) -> QuantityPair:
        return QuantityPair(self.lo + other.lo, self.hi + other.hi)

    def __mul__(self, other: QuantityPair) -> QuantityPair:
        a, b, c, d = self.lo, self.hi, other.lo, other.hi
        products = (a * c, a * d, b * c, b * d)
        return QuantityPair(min(products), max(products))


def best_ns(operations: list[Callable[[], object]], number: int, repeat: int) -> list[float]:
    """Best time per call (ns) of each operation, timed in turn so load affects all alike."""
    best = [math.inf] * len(operations)
    for _ in range(repeat):
        for i, operation in enumerate(operations):
            best[i] = min(best[i], timeit.timeit(operation, number=number) / number * 1e9)
    return best


def import_self_time_us(statement: str) -> int:
    """Sum of the self times (microseconds) that ``-X importtime`` reports for a statement."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    )
    total = 0
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|", line)
        if match:
            total += int(match.group(1))
    return total


def main() -> None:
    ureg = get_registry()
    quantity = ureg.Quantity
    number = 20_000

    people_a = Range(650_000.5, 750_000.25, "person")
    people_b = Range(43_000.0, 370_000.75, "person")
    rate = Range(6_849.315068493151, 10_661.0, "person / week")
    weeks = Range(4.0, 4.428571428571429, "week")
    scale = Range(1.1, 1.3)
    floor_a = MinimalInterval(650_000.5, 750_000.25)
    floor_b = MinimalInterval(43_000.0, 370_000.75)
    floor_rate = MinimalInterval(6_849.315068493151, 10_661.0)
    floor_weeks = MinimalInterval(4.0, 4.428571428571429)
    pair_a = QuantityPair(quantity(650_000.5, "person"), quantity(750_000.25, "person"))
    pair_b = QuantityPair(quantity(43_000.0, "person"), quantity(370_000.75, "person"))
    pair_rate = QuantityPair(
        quantity(6_849.315068493151, "person / week"), quantity(10_661.0, "person / week")
    )
    pair_weeks = QuantityPair(quantity(4.0, "week"), quantity(4.428571428571429, "week"))

    rows = [
        ("add", "person + person", lambda: people_a + people_b,
         lambda: floor_a + floor_b, lambda: pair_a + pair_b),
        ("mul", "person / week * week", lambda: rate * weeks,
         lambda: floor_rate * floor_weeks, lambda: pair_rate * pair_weeks),
        ("mul", "person * dimensionless", lambda: people_a * scale,
         lambda: floor_a * floor_b, None),
    ]  # fmt: skip
    repeat = 15
    print(
        f"Python {sys.version.split()[0]}, pint {pint.__version__}; "
        f"best of {repeat} interleaved runs of {number} calls (pint: {number // 10})"
    )
    print(
        f"{'op':4} {'operands':24} {'Range ns':>9} {'floor ns':>9} {'pint ns':>9} "
        f"{'Range/floor':>11} {'pint/Range':>10}"
    )
    for op, label, ours, floor, pint_pair in rows:
        t_ours, t_floor = best_ns([ours, floor], number, repeat)
        t_pint = best_ns([pint_pair], number // 10, repeat)[0] if pint_pair else math.nan
        print(
            f"{op:4} {label:24} {t_ours:9.0f} {t_floor:9.0f} {t_pint:9.0f} "
            f"{t_ours / t_floor:11.2f} {t_pint / t_ours:10.1f}"
        )

    ours_us = import_self_time_us("import claimkit")
    peers_us = import_self_time_us("import pint, numpy")
    print(f"import claimkit: {ours_us / 1000:.0f} ms (self times summed)")
    print(f"import pint, numpy: {peers_us / 1000:.0f} ms (self times summed)")


if __name__ == "__main__":
    main()
