"""``highs.point``: the point of a block whose presolve removes every row and column.

For such a block the point is the postsolve of HiGHS's presolve, without the
simplex run on the original LP that ``run()`` adds; it must still meet every row of
the LP to the solver's tolerance, and a block HiGHS finds no point for still gives
none.
"""

from __future__ import annotations

import highspy
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.highs import FEASIBILITY_TOLERANCE, load, point
from claimkit.engine.matrix import LP
from claimkit.engine.model import build
from claimkit.strategies import claim_sets


def _activity(lp: LP, x: np.ndarray) -> np.ndarray:
    start = lp.start.astype(np.int64)
    counts = start[1:] - start[:-1]
    rows = np.repeat(np.arange(lp.n_row), counts)
    return np.bincount(rows, lp.value * x[lp.index], minlength=lp.n_row)


def _runs_to_a_point(lp: LP) -> bool:
    h = load(lp)
    h.run()
    return bool(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)


@given(st.one_of(claim_sets(min_size=1), claim_sets(consistent=False)))
def test_a_point_meets_every_row_and_exists_when_the_solver_finds_one(
    claimset: ck.ClaimSet,
) -> None:
    model = build(claimset)
    lp = model.lp(0, model.n_components)
    found = point(lp)
    assert (found is not None) == _runs_to_a_point(lp)
    if found is None:
        return
    value = _activity(lp, found)
    slack = 10 * FEASIBILITY_TOLERANCE * np.maximum(1.0, np.abs(value))
    assert np.all(value >= lp.row_lo - slack)
    assert np.all(value <= lp.row_hi + slack)
    assert np.all(found >= lp.col_lo - FEASIBILITY_TOLERANCE)
    assert np.all(found <= lp.col_hi + FEASIBILITY_TOLERANCE)


def test_a_block_that_presolve_empties_is_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    jan, feb = ck.Period.month(2024, 1), ck.Period.month(2024, 2)
    both = ck.Period(jan.start, feb.end)
    claims = ck.ClaimSet(
        [
            ck.Claim(id="a", measure="m", subject="x", period=jan,
                     value=ck.Range(100, 200, "person")),
            ck.Claim(id="b", measure="m", subject="x", period=both,
                     value=ck.Range(150, 400, "person")),
        ]
    )  # fmt: skip
    lp = build(claims).lp(0, 1)
    runs: list[int] = []
    run = highspy.Highs.run

    def counted(self: highspy.Highs) -> object:
        runs.append(1)
        return run(self)

    monkeypatch.setattr(highspy.Highs, "run", counted)
    found = point(lp)
    assert found is not None
    assert runs == []
