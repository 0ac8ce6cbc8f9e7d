"""Work spread over threads, and ragged rows taken, give what the plain loops give."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.highs import each_on_threads, even_runs
from claimkit.engine.matrix import take_ragged


@given(st.lists(st.integers(-1000, 1000), max_size=40), st.integers(1, 5))
def test_each_on_threads_returns_each_result_in_the_order_of_the_items(
    items: list[int], threads: int
) -> None:
    assert each_on_threads(lambda x: (x, x * x), items, threads=threads) == [
        (x, x * x) for x in items
    ]


def test_an_exception_in_a_call_on_a_thread_is_raised_to_the_caller() -> None:
    def solve(x: int) -> int:
        if x == 7:
            raise ValueError("seven")
        return x

    with pytest.raises(ValueError, match="seven"):
        each_on_threads(solve, list(range(10)), threads=3)


@given(
    st.lists(st.integers(0, 4), max_size=12).flatmap(
        lambda widths: st.tuples(
            st.just(widths),
            st.lists(st.integers(0, max(len(widths) - 1, 0)), max_size=15 if widths else 0),
        )
    )
)
def test_take_ragged_takes_each_row_s_items_in_the_order_of_the_rows(
    case: tuple[list[int], list[int]],
) -> None:
    widths, rows = case
    ptr = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    new_ptr, items = take_ragged(ptr, np.asarray(rows, dtype=np.int64))
    expected = [list(range(ptr[r], ptr[r + 1])) for r in rows]
    assert np.diff(new_ptr).tolist() == [len(e) for e in expected]
    assert items.tolist() == [i for e in expected for i in e]


@given(st.lists(st.integers(0, 50), max_size=30), st.integers(1, 6))
def test_even_runs_cover_the_items_in_turn_each_about_an_even_share(
    weights: list[int], parts: int
) -> None:
    ptr = np.concatenate([[7], 7 + np.cumsum(weights)]).astype(np.int64)
    runs = even_runs(ptr, parts)
    assert len(runs) <= max(parts, 1)
    assert [a for a, _ in runs[1:]] == [b for _, b in runs[:-1]]
    assert all(a < b for a, b in runs)
    if weights:
        assert (runs[0][0], runs[-1][1]) == (0, len(weights))
    share = sum(weights) / parts
    heaviest = max(weights, default=0)
    for a, b in runs:
        assert sum(weights[a:b]) <= share + heaviest
