"""Directed products on arrays: the exact product's nearest float on the side asked for.

``product_down`` and ``product_up`` work out the sign of a product's rounding error
only where the factor is not 1 (a factor of 1 keeps its value exact), and
``scale_by`` tests for a lost bit only where the result is below the smallest normal
float; the results must be those of the test made on every element, and enclose
the exact product as the rationals say.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimkit.values._array_rounding import (
    FLOAT_MAX,
    product_down,
    product_error_sign,
    product_up,
    scale_by,
)

FINITE = st.floats(allow_nan=False, allow_infinity=False)
VALUES = st.one_of(FINITE, st.sampled_from([0.0, -0.0, np.inf, -np.inf, 5e-324, 1e308]))
FACTORS = st.one_of(
    st.just(1.0),
    st.floats(min_value=5e-324, max_value=1e300, allow_nan=False, allow_infinity=False),
    st.sampled_from([7.0, 1 / 7, 1000.0, 0.5, 3e-310]),
)


@st.composite
def _products(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(0, 12))
    values = np.array(draw(st.lists(VALUES, min_size=n, max_size=n)), dtype=np.float64)
    lo = np.array(draw(st.lists(FACTORS, min_size=n, max_size=n)), dtype=np.float64)
    wider = draw(st.lists(st.sampled_from([1.0, 1.5, 2.0]), min_size=n, max_size=n))
    hi = lo * np.array(wider, dtype=np.float64)
    return values, lo, hi


def _every_sign(values: np.ndarray, k_lo: np.ndarray, k_hi: np.ndarray, down: bool) -> np.ndarray:
    """The directed product with the error's sign worked out for every element."""
    k = np.where((values >= 0) == down, k_lo, k_hi)
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        p = values * k
    finite = np.isfinite(values) & np.isfinite(p)
    sign = product_error_sign(values, k, p)
    beyond = (sign < 0) if down else (sign > 0)
    step = finite & (beyond | np.isnan(sign))
    with np.errstate(over="ignore"):
        found: np.ndarray = np.where(step, np.nextafter(p, -np.inf if down else np.inf), p)
    return found


@given(_products())
def test_products_are_those_of_every_sign(case: tuple[np.ndarray, ...]) -> None:
    values, k_lo, k_hi = case
    for found, down in ((product_down(values, k_lo, k_hi), True),
                        (product_up(values, k_lo, k_hi), False)):  # fmt: skip
        expected = _every_sign(values, k_lo, k_hi, down)
        assert found.tobytes() == expected.tobytes()


@given(_products())
def test_products_enclose_the_exact_product(case: tuple[np.ndarray, ...]) -> None:
    values, k_lo, k_hi = case
    down, up = product_down(values, k_lo, k_hi), product_up(values, k_lo, k_hi)
    for i, value in enumerate(values.tolist()):
        if not np.isfinite(value):
            continue
        for k in (k_lo[i], k_hi[i]):
            exact = Fraction(value) * Fraction(float(k))
            if np.isfinite(down[i]):
                assert Fraction(float(down[i])) <= exact
            if np.isfinite(up[i]):
                assert exact <= Fraction(float(up[i]))


def test_a_factor_of_one_keeps_the_value() -> None:
    values = np.array([0.1, -3.7, 5e-324, 1e308, -np.inf], dtype=np.float64)
    one = np.ones(values.shape[0], dtype=np.float64)
    assert product_down(values, one, one).tobytes() == values.tobytes()
    assert product_up(values, one, one).tobytes() == values.tobytes()


def _every_scaled(x: np.ndarray, exponent: np.ndarray, direction: float) -> np.ndarray:
    """``scale_by`` with the lost bit looked for in every element."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        y = np.ldexp(x, exponent)
        inexact = np.isfinite(x) & np.isfinite(y) & (np.ldexp(y, -exponent) != x)
        y = np.where(inexact, np.nextafter(y, direction), y)
    away = np.inf if direction < 0 else -np.inf
    found: np.ndarray = np.where(np.isfinite(x) & (y == away), np.copysign(FLOAT_MAX, away), y)
    return found


@st.composite
def _scalings(draw: st.DrawFn) -> tuple[float, int]:
    """A value and an exponent, often one that takes it below the smallest normal float."""
    value = draw(VALUES)
    if draw(st.booleans()) or not np.isfinite(value) or value == 0.0:
        return value, draw(st.integers(-1100, 1100))
    return value, -int(np.frexp(value)[1]) - 1021 - draw(st.integers(0, 60))


@given(st.lists(_scalings(), max_size=12), st.sampled_from([-np.inf, np.inf]))
def test_scaling_is_that_of_every_element(pairs: list[tuple[float, int]], direction: float) -> None:
    x = np.array([p[0] for p in pairs], dtype=np.float64)
    exponent = np.array([p[1] for p in pairs], dtype=np.int64)
    found = scale_by(x, exponent, direction)
    assert found.tobytes() == _every_scaled(x, exponent, direction).tobytes()
    for value, e, got in zip(x.tolist(), exponent.tolist(), found.tolist(), strict=True):
        if np.isfinite(value) and np.isfinite(got) and abs(got) < FLOAT_MAX:
            exact = Fraction(value) * Fraction(2) ** e
            assert (Fraction(got) <= exact) if direction < 0 else (exact <= Fraction(got))
