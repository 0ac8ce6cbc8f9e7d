"""Run the ITF1788 (IEEE 1788) vectors for the operations Range supports.

Every result must contain the expected interval; the terminal summary reports how many
results are also tight (equal to the expected interval). See README.md for the origin.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimkit import Range

VECTORS = Path(__file__).with_name("itf1788-apache.jsonl")

OPERATIONS: dict[str, Callable[..., Range]] = {
    "neg": lambda x: -x,
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y,
    "sqr": lambda x: x**2,
    "intersection": lambda x, y: x & y,
    "convexHull": lambda x, y: x | y,
}

#: Tight results when this suite was written; a drop means a regression in tightness.
TIGHT_AT_LEAST = 547


def _bound(value: float | str) -> float:
    return float(value)


def _interval(spec: Any) -> Range:
    if spec == "empty":
        return Range.empty()
    lo, hi = spec
    return Range(_bound(lo), _bound(hi))


def _load() -> list[dict[str, Any]]:
    with VECTORS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


VECTOR_LIST = _load()


def _contains(result: Range, expected: Any) -> bool:
    if expected == "empty":
        return True
    lo, hi = (_bound(v) for v in expected)
    return not result.is_empty and result.lo <= lo and hi <= result.hi


def _is_tight(result: Range, expected: Any) -> bool:
    if expected == "empty":
        return result.is_empty
    lo, hi = (_bound(v) for v in expected)
    return not result.is_empty and result.lo == lo and result.hi == hi


def _run(vector: dict[str, Any]) -> Range:
    return OPERATIONS[vector["op"]](*(_interval(arg) for arg in vector["args"]))


@functools.cache
def tally() -> dict[str, int]:
    """Count contained and tight results over all vectors."""
    counts = {"total": 0, "contained": 0, "tight": 0}
    for vector in VECTOR_LIST:
        result = _run(vector)
        counts["total"] += 1
        counts["contained"] += _contains(result, vector["expected"])
        counts["tight"] += _is_tight(result, vector["expected"])
    return counts


def _vector_id(vector: dict[str, Any]) -> str:
    return f"{vector['op']}-{vector['source'].rsplit('/', 1)[-1]}"


def test_every_operation_in_the_file_is_run() -> None:
    assert set(OPERATIONS) == {vector["op"] for vector in VECTOR_LIST}


@pytest.mark.parametrize("vector", VECTOR_LIST, ids=_vector_id)
def test_result_contains_expected(vector: dict[str, Any]) -> None:
    result = _run(vector)
    assert _contains(result, vector["expected"]), (vector, result)


def test_tight_results() -> None:
    counts = tally()
    assert len(VECTOR_LIST) == counts["total"]
    assert counts["tight"] >= TIGHT_AT_LEAST, counts


def test_unbounded_bounds_parse_as_infinities() -> None:
    assert math.inf == _interval([1.0, "inf"]).hi
