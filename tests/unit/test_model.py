from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
import numpy as np
import pytest

from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.relations import Sum
from claimkit.engine import components as _engine
from claimkit.engine import conflict_sets as _conflict_sets
from claimkit.engine import exact_bounds as _exact_bounds
from claimkit.engine.highs import Status, solve
from claimkit.engine.model import MAX_SPREAD, LinearModel, Query, Rows, build, build_with_info
from claimkit.engine.propagate import propagate
from claimkit.errors import NumericalError, UnknownIdError
from claimkit.values.period import Period
from claimkit.values.range import Range

START = date(2024, 1, 1)
MEASURES = Sum("casualties", ["killed", "wounded"])
SUBJECTS = Sum("both", ["russia", "ukraine"], over="subject")


def make(claim_id: str, days: int = 31, *, first: int = 0, **changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": claim_id,
        "measure": "killed",
        "subject": "russia",
        "period": Period(START + timedelta(first), START + timedelta(first + days)),
        "kind": "total",
        "value": Range(100, 200, "person"),
    }
    fields.update(changes)
    return Claim(**fields)


def chain(values: list[float], *, exact: bool = True) -> LinearModel:
    """A cumulative series: claim i says C(i + 1) - C(0) is values[i]."""
    n = len(values)
    rows = Rows.from_lists(
        claim=list(range(n)),
        start=[0] * n,
        end=list(range(1, n + 1)),
        lo=values,
        hi=values if exact else [np.inf] * n,
        lo_open=[False] * n,
        hi_open=[False] * n,
        series=[[0]] * n,
    )
    return LinearModel(rows, [("killed", "russia")], ["killed"], {"killed": "person"})


def make_rows(specs: list[tuple[int, int, float, float, bool, bool]]) -> Rows:
    """One claim per spec (start, end, lo, hi, lo_open, hi_open), all on series 0."""
    return Rows.from_lists(
        claim=list(range(len(specs))),
        start=[s[0] for s in specs],
        end=[s[1] for s in specs],
        lo=[s[2] for s in specs],
        hi=[s[3] for s in specs],
        lo_open=[s[4] for s in specs],
        hi_open=[s[5] for s in specs],
        series=[[0]] * len(specs),
    )


def test_a_claim_gives_one_row_on_two_variables() -> None:
    model = build(ClaimSet([make("a")]))
    assert (2, 1) == (model.n_vars, model.n_rows)


def test_row_has_two_nonzeros_per_leaf_series() -> None:
    claims = ClaimSet(
        [make("a", measure="casualties", subject="both"), make("b")],
        relations=[MEASURES, SUBJECTS],
    )
    model = build(claims)
    row = int(np.flatnonzero(model.rows.claim == 0)[0])
    assert 2 * 4 == model.row_ptr[row + 1] - model.row_ptr[row]


def test_daily_cumulative_series_is_linear_in_nonzeros() -> None:
    claims = ClaimSet([make(f"d{i}", days=i + 1) for i in range(200)])
    model = build(claims)
    assert 2 * 200 == model.row_cols.shape[0]


def test_shared_dates_share_variables() -> None:
    model = build(ClaimSet([make("a", days=10), make("b", days=20), make("c", days=20)]))
    assert 3 == model.n_vars


def test_total_bounds_are_in_the_family_unit() -> None:
    thousands = make("b", measure="wounded", value=Range(1, 2, "kiloperson"))
    model = build(ClaimSet([make("a"), thousands], relations=[MEASURES]))
    row = model.rows.claim == 1
    assert (1000.0, 2000.0) == (float(model.rows.lo[row][0]), float(model.rows.hi[row][0]))


def test_average_rate_becomes_a_total_over_its_period() -> None:
    weekly = make("a", days=28, kind="rate", value=Range(70, 140, "person / week"))
    model = build(ClaimSet([weekly]))
    assert (280.0, 560.0) == pytest.approx((model.rows.lo[0], model.rows.hi[0]))


def test_each_reading_gives_one_row_per_whole_window() -> None:
    weekly = make("a", days=30, kind="rate", value=Range(70, 140, "person / week"), reading="each")
    model = build(ClaimSet([weekly]))
    assert [7, 7, 7, 7] == (model.rows.end - model.rows.start).tolist()


def test_each_reading_windows_start_at_the_period_start() -> None:
    weekly = make("a", days=14, kind="rate", value=Range(7, 14, "person / week"), reading="each")
    model = build(ClaimSet([weekly]))
    assert START.toordinal() == int(model.rows.start.min())


def test_each_reading_window_bounds_are_per_window() -> None:
    weekly = make("a", days=14, kind="rate", value=Range(70, 140, "person / week"), reading="each")
    model = build(ClaimSet([weekly]))
    assert pytest.approx([70.0, 70.0]) == model.rows.lo.tolist()


@pytest.mark.parametrize("unit", ["kiloperson / week", "megaperson / week", "person / week"])
def test_each_reading_windows_come_from_the_time_unit_alone(unit: str) -> None:
    # The family counts in person; a count unit of another size must not change
    # the window (a week is 7 days, per kiloperson or per person).
    weekly = make("a", days=14, kind="rate", value=Range(1, 2, unit), reading="each")
    total = make("b", days=14, value=Range(0, 1, "person"))
    model = build(ClaimSet([weekly, total]))
    rows = model.rows.claim == 0
    assert [7, 7] == (model.rows.end - model.rows.start)[rows].tolist()


def test_each_reading_without_a_whole_window_has_no_row() -> None:
    weekly = make("a", days=5, kind="rate", value=Range(70, 140, "person / week"), reading="each")
    _, info, _ = build_with_info(ClaimSet([weekly]))
    assert 0 == int(info.n_rows[0])


def test_unrelated_series_are_separate_components() -> None:
    model = build(ClaimSet([make("a"), make("b", subject="ukraine")]))
    assert 2 == model.n_components


def test_a_sum_claim_joins_components() -> None:
    claims = ClaimSet(
        [make("a"), make("b", subject="ukraine"), make("c", subject="both")],
        relations=[SUBJECTS],
    )
    assert 1 == build(claims).n_components


def test_unsplit_totals_stay_one_series() -> None:
    claims = ClaimSet([make("a", measure="casualties")], relations=[MEASURES])
    assert (("casualties", "russia"),) == build(claims).series


def test_a_mentioned_part_splits_its_total() -> None:
    claims = ClaimSet([make("a", measure="casualties"), make("b")], relations=[MEASURES])
    assert {("killed", "russia"), ("wounded", "russia")} == set(build(claims).series)


def test_a_query_adds_its_dates() -> None:
    query = Query("killed", "russia", START + timedelta(3), START + timedelta(5))
    model = build(ClaimSet([make("a")]), queries=[query])
    assert 4 == model.n_vars


def test_a_query_on_an_unknown_measure_is_refused() -> None:
    query = Query("kiled", "russia", START, START + timedelta(5))
    with pytest.raises(UnknownIdError, match="did you mean 'killed'"):
        build(ClaimSet([make("a")]), queries=[query])


def test_components_are_contiguous_blocks() -> None:
    model = build(ClaimSet([make("a"), make("b", subject="ukraine"), make("c")]))
    assert [0, 2, 3] == model.comp_row_ptr.tolist()


def test_blocks_group_small_components() -> None:
    claims = ClaimSet([make(f"c{i}", subject=f"s{i}") for i in range(10)])
    assert [(0, 4), (4, 8), (8, 10)] == build(claims).blocks(4)


def test_lp_fixes_each_series_first_value_at_zero() -> None:
    lp = chain([5.0, 7.0]).lp(0, 1)
    assert [0.0, np.inf, np.inf] == lp.col_hi.tolist()


def test_lp_has_one_monotone_row_per_consecutive_pair() -> None:
    lp = chain([5.0, 7.0, 9.0]).lp(0, 1)
    assert 3 + 3 == lp.n_row


def test_lp_rows_are_scaled_by_their_bounds() -> None:
    lp = chain([5.0, 50.0]).lp(0, 1)
    assert [1.0, 1.0] == lp.row_lo[:2].tolist()


def test_strict_shift_moves_open_ends_inward() -> None:
    rows = make_rows([(0, 1, 10.0, 20.0, True, False)])
    model = LinearModel(rows, [("k", "r")], ["k"], {"k": "person"})
    lp = model.lp(0, 1, strict_shift=0.01)
    assert pytest.approx(0.5 + 0.01) == lp.row_lo[0]


def test_a_decreasing_series_is_infeasible() -> None:
    assert Status.INFEASIBLE == solve(chain([5.0, 4.0]).lp(0, 1))


def test_a_non_decreasing_series_is_feasible() -> None:
    assert Status.FEASIBLE == solve(chain([5.0, 5.0, 9.0]).lp(0, 1))


def test_touching_strict_ends_fail_only_with_the_shift() -> None:
    rows = make_rows([(0, 7, 100.0, np.inf, True, True), (0, 7, -np.inf, 100.0, False, False)])
    model = LinearModel(rows, [("k", "r")], ["k"], {"k": "person"})
    closed = solve(model.lp(0, 1))
    strict = solve(model.lp(0, 1, strict_shift=_engine.STRICT_TOLERANCE))
    assert (Status.FEASIBLE, Status.INFEASIBLE) == (closed, strict)


def test_conflict_in_a_chain_is_the_decreasing_pair() -> None:
    model = chain([10.0, 20.0, 15.0, 40.0])
    found, truncated, _ = _conflict_sets.conflicts_of(model, [0], limit=5)
    assert ([(1, 2)], False) == ([c.claims for c in found], truncated)


def test_conflicts_in_a_chain_are_found_one_by_one() -> None:
    model = chain([10.0, 5.0, 20.0, 15.0])
    found, _, _ = _conflict_sets.conflicts_of(model, [0], limit=5)
    assert {(0, 1), (2, 3)} == {c.claims for c in found}


def test_conflict_search_stops_at_the_limit() -> None:
    model = chain([10.0, 5.0, 20.0, 15.0])
    found, truncated, _ = _conflict_sets.conflicts_of(model, [0], limit=1)
    assert (1, 2) == (len(found), truncated)


def test_stretch_of_exact_figures_meets_in_between() -> None:
    rows = make_rows([(0, 1, 700e3, 700e3, False, False), (0, 1, 750e3, 750e3, False, False)])
    model = LinearModel(rows, [("k", "r")], ["k"], {"k": "person"})
    assert pytest.approx(1 / 29) == _engine.stretch(model, [0, 1])


def test_gap_is_the_distance_between_the_claims() -> None:
    assert pytest.approx(5.0) == _engine.gap(chain([20.0, 15.0]), [0, 1])


def test_exact_bounds_of_a_difference() -> None:
    model = chain([10.0, 20.0])
    lo, hi = _exact_bounds.bounds_lp(model, [((0,), int(model.var_day[1]), int(model.var_day[2]))])
    assert (10.0, 10.0) == (lo[0], hi[0])


def test_propagation_tightens_along_the_chain() -> None:
    model = chain([10.0, 20.0, 30.0], exact=False)
    lo, _, ok = propagate(model)
    assert ok
    assert [0.0, 10.0, 20.0, 30.0] == pytest.approx(lo.tolist())


def test_propagation_detects_a_decreasing_series() -> None:
    _, _, ok = propagate(chain([10.0, 5.0]))
    assert not ok


def test_a_claim_without_rows_gives_an_empty_component() -> None:
    weekly = make("a", days=5, kind="rate", value=Range(70, 140, "person / week"), reading="each")
    model = build(ClaimSet([weekly, make("b", subject="ukraine")]))
    assert Status.FEASIBLE == solve(model.lp(0, model.n_components))


def test_unbounded_maximum_after_a_warm_start_is_infinite() -> None:
    # HiGHS ends a warm-started unbounded maximisation in "unknown"; the engine
    # solves it again from scratch.
    claims = ClaimSet(
        [
            make("c0", days=1, first=11, value=Range.at_least(1, "person")),
            make("c1", days=9, first=2, measure="casualties", value=Range.at_least(1, "person")),
            make("c3", days=1, value=Range.at_least(1, "person")),
        ],
        relations=[MEASURES],
    )
    model, _, series = build_with_info(
        claims, queries=[Query("killed", "russia", START, START + timedelta(11))]
    )
    lo, hi = _exact_bounds.bounds_lp(
        model, [(series[0], START.toordinal(), START.toordinal() + 11)]
    )
    assert (1.0, np.inf) == (lo[0], hi[0])


# -- scaling: any magnitude reaches the solver near 1 ------------------------------


@pytest.mark.parametrize("unit", [5e-324, 1e-300, 1e-20, 1.0, 1e300])
def test_lp_coefficients_and_bounds_are_near_one_at_any_magnitude(unit: float) -> None:
    lp = chain([5 * unit, 7 * unit, 9 * unit]).lp(0, 1)
    n = lp.n_claim_rows
    coefs = np.abs(lp.value)
    assert (True, True) == (
        bool(((coefs >= 1.0) & (coefs <= 2.0)).all()),
        bool(((lp.row_lo[:n] > 0.4) & (lp.row_hi[:n] <= 1.0)).all()),
    )


def test_a_row_of_zeros_in_a_tiny_component_has_the_smallest_scale() -> None:
    # A row of size 0 is held as tightly as the component's smallest claim may be:
    # its coefficients are MAX_SPREAD, never 1e300 (the scale of one count).
    model = chain([0.0, 3e-300, 3e-300])
    lp = model.lp(0, 1)
    assert [MAX_SPREAD] * 2 + [1.0] * 4 == np.abs(lp.value[: 2 * lp.n_claim_rows]).tolist()


def test_a_row_far_below_its_component_is_scaled_to_the_spread_limit() -> None:
    model = chain([1e-3, 1e12])
    assert ([1e12 / MAX_SPREAD, 1e12], [0]) == (
        model.row_scale.tolist(),
        model.coarse_claims().tolist(),
    )


def test_exact_bounds_of_a_tiny_difference() -> None:
    model = chain([1e-300, 3e-300])
    lo, hi = _exact_bounds.bounds_lp(model, [((0,), int(model.var_day[1]), int(model.var_day[2]))])
    assert (2e-300, 2e-300) == (pytest.approx(lo[0], rel=1e-9), pytest.approx(hi[0], rel=1e-9))


def test_propagation_of_a_huge_chain_does_not_overflow() -> None:
    model = chain([1e308, 1.5e308, 1.7e308], exact=False)
    lo, _, ok = propagate(model)
    assert (True, [0.0, 1e308, 1.5e308, 1.7e308]) == (ok, pytest.approx(lo.tolist()))


def test_an_exact_huge_claim_is_not_widened() -> None:
    model = build(ClaimSet([make("a", value=Range.exact(1e300, "person"))]))
    assert (1e300, 1e300) == (float(model.rows.lo[0]), float(model.rows.hi[0]))


def test_a_subnormal_rate_is_rounded_outward() -> None:
    weekly = make("a", days=31, kind="rate", value=Range.exact(5e-324, "person / week"))
    model = build(ClaimSet([weekly]))
    # 31/7 of the smallest subnormal lies strictly between 4 and 5 of them.
    assert (4 * 5e-324, 5 * 5e-324) == (float(model.rows.lo[0]), float(model.rows.hi[0]))


def test_a_total_beyond_the_largest_float_is_a_numerical_error() -> None:
    daily = make("a", kind="rate", value=Range(0, 1e308, "person / day"))
    with pytest.raises(NumericalError, match="'a': the upper end") as caught:
        build(ClaimSet([daily]))
    assert ("a",) == caught.value.claim_ids


def test_a_lower_end_below_the_most_negative_float_reads_as_unbounded() -> None:
    daily = make("a", kind="rate", value=Range(-1e308, 1, "person / day"))
    assert -np.inf == float(build(ClaimSet([daily])).rows.lo[0])


def test_a_model_the_solver_rejects_is_a_numerical_error_naming_the_claims() -> None:
    claims = ClaimSet([make("a"), make("b", days=40)])
    lp = build(claims).lp(0, 1)
    broken = attrs.evolve(lp, value=lp.value * 1e20)
    with pytest.raises(NumericalError, match="HiGHS rejected the model of the claims 'a', 'b'"):
        solve(broken)
