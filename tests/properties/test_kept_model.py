"""A report that lets its model go says the same as one that keeps it.

A large check's report lets its linear model go (``claimkit.engine._kept``): the
groups' findings are found before, and the bounds and groups build the model again
when first asked for. With the limit at 0 every report lets its model go, so every
generated set checks that the findings, counts, bounds (relaxed ones included) and
groups come out the same.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
import claimkit.engine._steps as steps
from claimkit.engine._kept import KeptModel
from claimkit.strategies import claim_sets
from claimkit.tables import to_frame

SETS = claim_sets() | claim_sets(consistent=False)


def _said(report: ck.Report) -> tuple[Any, ...]:
    return (
        report.findings,
        report.counts(),
        report.consistent,
        report.bounds,
        report.groups,
        str(report),
    )


@given(SETS, st.sampled_from([0, 3, 1000]), st.booleans())
def test_a_report_that_lets_its_model_go_says_the_same(
    claimset: ck.ClaimSet, exact_bounds: int, as_table: bool
) -> None:
    claims = to_frame(claimset) if as_table else claimset
    kept = ck.check(claims, exact_bounds=exact_bounds)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(steps, "KEEP_MODEL_ROWS", 0)
        let_go = ck.check(claims, exact_bounds=exact_bounds)
    assert _said(let_go) == _said(kept)


def test_the_report_of_a_large_check_holds_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[weakref.ref[Any]] = []
    build = steps.build_with_info

    def spied(*args: Any, **kwargs: Any) -> Any:
        found = build(*args, **kwargs)
        built.append(weakref.ref(found[0]))
        return found

    monkeypatch.setattr(steps, "build_with_info", spied)
    jan = ck.Period.month(2024, 1)
    claims = [
        ck.Claim(id=f"c{k}", measure="cases", subject="x", period=jan,
                 value=ck.Range(10 * k, 10 * k + 15, "person"))
        for k in range(3)
    ]  # fmt: skip
    kept = ck.check(claims)
    gc.collect()
    assert built[0]() is not None  # a small model is kept
    monkeypatch.setattr(steps, "KEEP_MODEL_ROWS", 0)
    let_go = ck.check(claims)
    gc.collect()
    assert built[1]() is None
    assert let_go.bounds == kept.bounds  # the model built again
    assert let_go.groups == kept.groups


def test_a_model_without_its_claims_is_kept() -> None:
    claims = ck.ClaimSet([
        ck.Claim(id="a", measure="cases", subject="x", period=ck.Period.month(2024, 1),
                 value=ck.Range(1, 2, "person"))
    ])  # fmt: skip
    from claimkit.engine.model import build

    model = build(claims)
    alone = KeptModel(model)
    assert not alone.release(rows=0)
    assert alone.get() is model
    with_claims = KeptModel(model, claims)
    assert not with_claims.release(rows=model.n_rows)  # not more rows than the limit
    assert with_claims.release(rows=0)
    again = with_claims.get()
    assert again is not model
    assert again.n_rows == model.n_rows
    assert with_claims.get() is again  # built once
