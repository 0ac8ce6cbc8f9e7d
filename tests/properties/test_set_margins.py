"""The margins of many conflict sets solved together equal those solved one set at a time."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import components, conflict_lps, conflict_sets, set_margins
from claimkit.engine.highs import Status, solve
from claimkit.engine.model import build
from claimkit.strategies import claim_sets


def _close(a: float, b: float) -> bool:
    """Equal to the solver's tolerance (margins are cleaned to 10 significant digits)."""
    return a == b or (math.isfinite(a) and math.isclose(a, b, rel_tol=1e-8, abs_tol=1e-9))


def _conflict_sets(claimset: ck.ClaimSet) -> tuple[object, list[list[int]]]:
    canonical = claimset.canonical
    model = build(canonical)
    report = ck.check(canonical, max_conflicts=None)
    index = {c.id: i for i, c in enumerate(canonical.claims)}
    sets = [
        [index[c] for c in f.claims]
        for f in report.findings
        if f.kind == "conflict-set" and not f.touching
    ]
    return model, sets


def _side_by_side(parts: list[ck.ClaimSet]) -> ck.ClaimSet:
    """Several inconsistent sets under distinct subjects: conflict sets in several components."""
    return ck.ClaimSet(
        c.replace(id=f"p{k}-{c.id}", subject=f"{c.subject}-{k}")
        for k, part in enumerate(parts)
        for c in part.canonical.claims
    )


def _assert_same(model: object, sets: list[list[int]]) -> None:
    together = set_margins.margins_many(model, sets)  # type: ignore[arg-type]
    for claims, (s, g) in zip(sets, together, strict=True):
        s1, g1 = components.margins(model, claims)  # type: ignore[arg-type]
        assert _close(s, s1), (claims, s, s1)
        assert _close(g, g1), (claims, g, g1)


@given(st.lists(claim_sets(consistent=False, max_size=8), min_size=1, max_size=3))
def test_margins_together_equal_margins_one_by_one(parts: list[ck.ClaimSet]) -> None:
    model, sets = _conflict_sets(_side_by_side(parts))
    _assert_same(model, sets)


def _series(stated: list[tuple[str, str, int]]) -> ck.ClaimSet:
    day = date(2025, 3, 1).toordinal()
    return ck.ClaimSet(
        ck.Claim(
            id=cid,
            measure="cases",
            subject=subject,
            period=ck.Period(date(2025, 1, 1), date.fromordinal(day + k)),
            value=ck.Range(v, v, "person"),
            kind="total",
        )
        for k, (cid, subject, v) in enumerate(stated)
    )


def test_a_batch_without_an_optimum_is_solved_set_by_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # When the stacked stretch LP of a batch has no optimum, every set of the batch
    # is solved on its own (components.margins), and nothing is left out.
    north = _series([("n1", "north", 10), ("n2", "north", 4)])
    south = _series([("s1", "south", 10), ("s2", "south", 4), ("s3", "south", 12)])
    model, sets = _conflict_sets(ck.ClaimSet([*north.claims, *south.claims]))
    assert len(sets) >= 2
    monkeypatch.setattr(set_margins, "_stretches", lambda *args: None)
    _assert_same(model, sets)


def test_batches_and_sets_larger_than_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    claims = _series([(f"n{k}", "north", v) for k, v in enumerate([10, 4, 12, 3, 15, 2])])
    model, sets = _conflict_sets(claims)
    assert len(sets) >= 3
    monkeypatch.setattr(set_margins, "BATCH_ROWS", 2)  # two claim rows per batch at most
    _assert_same(model, sets)
    monkeypatch.setattr(set_margins, "BATCH_ROWS", 1)  # every set larger than a batch
    _assert_same(model, sets)


@given(st.lists(claim_sets(consistent=False, max_size=8), min_size=1, max_size=3))
def test_flags_decided_together_equal_flags_decided_one_by_one(parts: list[ck.ClaimSet]) -> None:
    canonical = _side_by_side(parts).canonical
    model = build(canonical)
    index = {c.id: i for i, c in enumerate(canonical.claims)}
    report = ck.check(canonical, max_conflicts=None)
    sets = [[index[c] for c in f.claims] for f in report.findings if f.kind == "conflict-set"]
    together = conflict_sets.describe_many(model, sets)
    for subset, found in zip(sets, together, strict=True):
        rows = conflict_lps.rows_of(model, subset)
        strict = bool((model.rows.lo_open[rows] | model.rows.hi_open[rows]).any())
        free = solve(conflict_lps.rows_lp(model, rows, free=True), presolve=False)
        closed = solve(conflict_lps.rows_lp(model, rows, strict=False), presolve=False)
        assert found.claims == tuple(sorted(subset))
        assert found.structural == (free is Status.FEASIBLE)
        assert found.touching == (strict and closed is Status.FEASIBLE)


def _lp_fields(lp: object) -> dict[str, object]:
    names = ("start", "index", "value", "row_lo", "row_hi", "col_lo", "col_hi", "row_claim")
    return {name: getattr(lp, name).tolist() for name in (*names, "col_scale", "row_index")} | {
        "n_col": lp.n_col,  # type: ignore[attr-defined]
        "n_claim_rows": lp.n_claim_rows,  # type: ignore[attr-defined]
        "col_index": lp.col_index.tolist(),  # type: ignore[attr-defined]
    }


@given(claim_sets(consistent=False, max_size=8), st.data())
def test_a_sets_lp_is_its_sub_models_lp(claimset: ck.ClaimSet, data: st.DataObject) -> None:
    # margins_many builds each set's LP from the whole model's rows: the very arrays of
    # the sub-model's LP (so the margins are those of components.margins), or None
    # where the sub-model has several components or a ratio's rows.
    model, sets = _conflict_sets(claimset)
    n_claims = len(claimset.canonical.claims)
    picked = data.draw(st.sets(st.integers(0, n_claims - 1), min_size=1), label="claims")
    counted = [s for s in sets if not _has_ratio_rows(model, s)]
    for claims in [*counted, sorted(picked)]:
        rows = conflict_lps.rows_of(model, claims)
        made = set_margins.closed_lp(model, rows)
        sub = components.submodel(model, claims)
        if made is None:
            assert claims not in counted  # a conflict set of counts is one component
            assert sub.n_components > 1 or _has_ratio_rows(model, claims)
            continue
        lp, row_scale = made
        assert sub.n_components == 1
        assert _lp_fields(lp) == _lp_fields(sub.lp(0, 1))
        assert row_scale.tolist() == sub.row_scale.tolist()


def _has_ratio_rows(model: object, claims: list[int]) -> bool:
    rows = model.rows  # type: ignore[attr-defined]
    picked = conflict_lps.rows_of(model, claims)  # type: ignore[arg-type]
    ratio = rows.scale_multiple is not None and not all(
        math.isnan(x) for x in rows.scale_multiple[picked]
    )
    return bool(ratio or (rows.positive is not None and rows.positive[picked].any()))
