"""Blocks solved in several threads give the verdicts of blocks solved one after another.

``feasible_and_cleared`` decides its blocks a few at a time, each block by HiGHS
instances of its own in a thread of its own. Whatever the number of threads, every
component's verdict and whether it is cleared of the tension must be those of the
blocks solved in turn; so must an error that a block raises.
"""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import components
from claimkit.engine.components import feasible_and_cleared, feasible_components, in_threads
from claimkit.engine.model import build
from claimkit.engine.report import TENSION
from claimkit.errors import NumericalError
from claimkit.strategies import claim_sets

PARTS = st.lists(
    st.one_of(claim_sets(min_size=1, max_size=5), claim_sets(consistent=False, max_size=5)),
    min_size=2,
    max_size=6,
)


def _side_by_side(parts: list[ck.ClaimSet]) -> ck.ClaimSet:
    return ck.ClaimSet(
        c.replace(id=f"p{k}-{c.id}", subject=f"{c.subject}-{k}")
        for k, part in enumerate(parts)
        for c in part.canonical.claims
    )


@given(PARTS, st.integers(1, 12), st.integers(2, 4), st.sampled_from([0.0, TENSION, 0.3]))
def test_threads_give_the_verdicts_of_one_block_after_another(
    parts: list[ck.ClaimSet], block_rows: int, threads: int, tension: float
) -> None:
    model = build(_side_by_side(parts))
    alone = feasible_and_cleared(model, tension, block_rows=block_rows, threads=1)
    together = feasible_and_cleared(model, tension, block_rows=block_rows, threads=threads)
    assert together[0].tolist() == alone[0].tolist()
    assert together[1].tolist() == alone[1].tolist()
    found = feasible_components(model, block_rows=block_rows, threads=threads)
    assert found.tolist() == alone[0].tolist()


def test_blocks_are_solved_in_other_threads_when_there_are_several(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jan = ck.Period.month(2024, 1)
    claims = ck.ClaimSet(
        ck.Claim(id=f"c{k}", measure="m", subject=f"s{k}", period=jan,
                 value=ck.Range(100, 200, "person"))
        for k in range(6)
    )  # fmt: skip
    model = build(claims)
    seen: set[int] = set()
    block = components._block

    def watched(*args: object) -> object:
        seen.add(threading.get_ident())
        return block(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(components, "_block", watched)
    ok, _ = feasible_and_cleared(model, TENSION, block_rows=1, threads=2)
    assert ok.all()
    assert threading.get_ident() not in seen
    seen.clear()
    feasible_and_cleared(model, TENSION, block_rows=1, threads=1)
    assert seen == {threading.get_ident()}


def test_the_first_error_of_the_tasks_in_order_is_raised() -> None:
    def solve(k: int) -> int:
        if k % 2:
            raise NumericalError(f"task {k} failed")
        return k

    with pytest.raises(NumericalError, match="task 1 failed"):
        in_threads(solve, [0, 1, 2, 3], 2)
    assert in_threads(solve, [0, 2, 4], 3) == [0, 2, 4]


def test_tasks_not_started_are_dropped_after_an_error() -> None:
    ran: list[int] = []

    def solve(k: int) -> int:
        if k == 1:
            raise NumericalError("task 1 failed")
        if k > 1:
            time.sleep(0.01)
        ran.append(k)
        return k

    with pytest.raises(NumericalError, match="task 1 failed"):
        in_threads(solve, list(range(200)), 2)
    assert len(ran) < 100
