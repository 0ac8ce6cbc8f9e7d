"""claimkit.strategies: valid values, argument checks, small shrinks, type registration."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
import typing
from datetime import date
from typing import Annotated, Any

import pytest
from hypothesis import find, given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from claimkit import Claim, ClaimSet, Period, Range, Source, strategies
from claimkit.strategies import (
    PUSHED_NOTE,
    claim_sets,
    claims,
    periods,
    quantities,
    ranges,
    sources,
)
from claimkit.values.units import define_count_unit, get_registry, time_exponent

YEAR_2024 = Period.year(2024)
# Units are checked when a strategy is made, so a count unit is defined first.
TANK = define_count_unit("tank")


# --------------------------------------------------------------------------- validity


@given(ranges(unit="people / week"))
def test_ranges_are_in_the_canonical_unit(r: Range) -> None:
    assert "person / week" == r.unit


@given(ranges())
def test_ranges_are_not_empty_by_default(r: Range) -> None:
    assert not r.is_empty


@given(ranges(min_value=-3.5, max_value=1e6))
def test_ranges_lie_within_min_and_max_value(r: Range) -> None:
    assert -3.5 <= r.lo <= r.hi <= 1e6


@given(ranges(bounded=True))
def test_bounded_ranges_have_finite_ends(r: Range) -> None:
    assert (True, True) == (math.isfinite(r.lo), math.isfinite(r.hi))


@given(ranges(bounded=False))
def test_unbounded_ranges_have_an_infinite_end(r: Range) -> None:
    assert math.isinf(r.lo) or math.isinf(r.hi)


@given(ranges(bounded=False, min_value=0))
def test_unbounded_ranges_above_a_minimum_are_unbounded_above(r: Range) -> None:
    assert (True, True) == (r.lo >= 0, r.hi == math.inf)


@given(ranges(allow_open=False))
def test_ranges_without_open_ends_close_their_finite_ends(r: Range) -> None:
    assert (r.lo_open, r.hi_open) == (math.isinf(r.lo), math.isinf(r.hi))


@given(ranges(min_value=7.25, max_value=7.25))
def test_ranges_between_equal_bounds_are_that_value(r: Range) -> None:
    assert Range.exact(7.25) == r


def test_ranges_can_be_empty_when_allowed() -> None:
    assert find(ranges(allow_empty=True), lambda r: r.is_empty).is_empty


@given(quantities(unit="person / day", min_value=0, max_value=10))
def test_quantities_are_in_claimkits_registry(q: Any) -> None:
    ureg = get_registry()
    assert (True, True) == (isinstance(q, ureg.Quantity), 0 <= q.magnitude <= 10)
    assert ureg.Unit("person / day") == q.units


@given(quantities(unit="person"))
def test_quantities_mix_with_ranges(q: Any) -> None:
    assert (Range.exact(0, "person") + q).contains(q)


@given(periods(within=YEAR_2024, min_days=3, max_days=40))
def test_periods_lie_within_and_between_min_and_max_days(p: Period) -> None:
    assert (True, True) == (YEAR_2024.contains(p), 3 <= p.days <= 40)


@given(periods())
def test_periods_by_default_span_any_dates(p: Period) -> None:
    assert p.start < p.end


@given(sources())
def test_sources_round_trip_through_repr(source: Source) -> None:
    namespace = {"Source": Source, "datetime": __import__("datetime")}
    assert source == eval(repr(source), namespace)


@given(sources(relations=["adversary"]))
def test_sources_use_the_allowed_relations(source: Source) -> None:
    assert "adversary" == source.relation


@given(claims())
def test_claims_fit_their_kind(claim: Claim) -> None:
    assert {"total": 0, "rate": -1}[claim.kind] == time_exponent(claim.value.unit)


@given(claims(kinds=["rate"], unit=TANK))
def test_claims_count_in_the_given_unit(claim: Claim) -> None:
    assert ("rate", "tank") == (claim.kind, claim.count_unit)


@given(
    claims(
        ids=st.just("x"),
        measures=st.just("killed"),
        subjects=st.just("south"),
        periods=st.just(YEAR_2024),
        sources=st.none(),
    )
)
def test_claims_use_the_given_strategies(claim: Claim) -> None:
    assert ("x", "killed", "south", YEAR_2024, None) == (
        claim.id,
        claim.measure,
        claim.subject,
        claim.period,
        claim.source,
    )


@given(claims())
def test_claim_values_are_non_negative(claim: Claim) -> None:
    assert claim.value.lo >= 0


@given(claim_sets(min_size=2, max_size=5))
def test_claim_sets_have_between_min_and_max_size_claims_numbered_in_order(
    claims: ClaimSet,
) -> None:
    assert [f"c{i}" for i in range(1, len(claims) + 1)] == list(claims.ids)
    assert 2 <= len(claims) <= 5


@given(claim_sets())
def test_consistent_claim_sets_push_no_claim(claims: ClaimSet) -> None:
    assert [] == [claim.id for claim in claims if claim.note is not None]


@given(claim_sets(consistent=False, max_size=3))
def test_inconsistent_claim_sets_push_exactly_one_claim(claims: ClaimSet) -> None:
    assert 1 == sum(claim.note == PUSHED_NOTE for claim in claims)
    assert 2 <= len(claims) <= 3


@given(claim_sets(within=YEAR_2024, kinds=["rate"], unit=TANK, allow_open=False))
def test_claim_sets_follow_their_arguments(claims: ClaimSet) -> None:
    for claim in claims:
        r = claim.value
        assert (True, "rate", "tank") == (
            YEAR_2024.contains(claim.period),
            claim.kind,
            claim.count_unit,
        )
        assert (r.lo_open, r.hi_open) == (math.isinf(r.lo), math.isinf(r.hi))


@given(claim_sets(consistent=False, kinds=["rate"]))
def test_anchors_of_inconsistent_claim_sets_are_totals(claims: ClaimSet) -> None:
    pushed = next(claim for claim in claims if claim.note == PUSHED_NOTE)
    assert ("rate", True) == (pushed.kind, any(claim.kind == "total" for claim in claims))


@given(claim_sets())
def test_claim_sets_use_the_two_declared_sums(claims: ClaimSet) -> None:
    allowed = {
        ("casualties", ("killed", "wounded"), "measure"),
        ("all", ("north", "south"), "subject"),
    }
    assert {(s.total, s.parts, s.over) for s in claims.relations} <= allowed


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("strategy", "kwargs"),
    [
        (ranges, {"unit": "bananas"}),
        (ranges, {"unit": 3}),
        (ranges, {"min_value": math.nan}),
        (ranges, {"min_value": math.inf}),
        (ranges, {"max_value": "1"}),
        (ranges, {"max_value": True}),
        (ranges, {"min_value": 2, "max_value": 1}),
        (ranges, {"min_value": 2**60 + 1}),
        (ranges, {"bounded": False, "min_value": 0, "max_value": 1}),
        (ranges, {"bounded": 1}),
        (ranges, {"allow_empty": None}),
        (ranges, {"allow_open": "yes"}),
        (quantities, {"unit": "parsec per fortnight per banana"}),
        (quantities, {"min_value": 1, "max_value": 0}),
        (periods, {"within": date(2024, 1, 1)}),
        (periods, {"min_days": 0}),
        (periods, {"min_days": 1.5}),
        (periods, {"max_days": 0}),
        (periods, {"min_days": 5, "max_days": 4}),
        (periods, {"within": Period.month(2024, 2), "min_days": 30}),
        (sources, {"relations": []}),
        (sources, {"relations": "party"}),
        (sources, {"relations": ["party", "neutral"]}),
        (claims, {"kinds": ["totals"]}),
        (claims, {"kinds": ()}),
        (claims, {"unit": "person / week"}),
        (claims, {"unit": "bananas"}),
        (claims, {"measures": "killed"}),
        (claims, {"periods": [YEAR_2024]}),
        (claims, {"sources": Source("Mark Rutte")}),
        (claims, {"ids": "a"}),
        (claim_sets, {"consistent": "no"}),
        (claim_sets, {"consistent": False, "max_size": 1}),
        (claim_sets, {"min_size": 3, "max_size": 2}),
        (claim_sets, {"min_size": -1}),
        (claim_sets, {"max_size": 2.5}),
        (claim_sets, {"within": "2024"}),
        (claim_sets, {"within": Period(date(2024, 1, 1), date(2024, 1, 3))}),
        (claim_sets, {"kinds": []}),
        (claim_sets, {"unit": "person / day"}),
        (claim_sets, {"allow_open": None}),
    ],
)
def test_bad_arguments_raise_invalid_argument(strategy: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        strategy(**kwargs)


@pytest.mark.parametrize("strategy", [ranges, quantities, periods, sources, claims, claim_sets])
def test_arguments_are_keyword_only(strategy: Any) -> None:
    with pytest.raises(TypeError):
        strategy("person")


# --------------------------------------------------------------------------- shrinking


def test_ranges_shrink_to_zero() -> None:
    assert Range.exact(0) == find(ranges(), lambda r: True)


def test_ranges_shrink_to_the_bound_nearest_zero() -> None:
    assert Range.exact(5) == find(ranges(min_value=5), lambda r: True)


def test_ranges_with_an_open_end_shrink_to_a_small_open_range() -> None:
    found = find(ranges(), lambda r: r.lo_open and math.isfinite(r.lo) and not r.hi_open)
    assert Range(0, 1, lo_open=True) == found


def test_unbounded_ranges_shrink_to_zero_or_more() -> None:
    assert Range.at_least(0) == find(ranges(bounded=False), lambda r: True)


def test_periods_shrink_to_one_day() -> None:
    assert Period.day(date(2000, 1, 1)) == find(periods(), lambda p: True)


def test_periods_within_shrink_to_the_first_days() -> None:
    expected = Period(date(2024, 1, 1), date(2024, 1, 4))
    assert expected == find(periods(within=YEAR_2024, min_days=3), lambda p: True)


def test_sources_shrink_to_a_one_character_name() -> None:
    assert Source("0") == find(sources(), lambda s: True)


def test_sources_shrink_to_the_first_allowed_relation() -> None:
    assert Source("0", relation="party") == find(sources(relations=["adversary", "party"]), bool)


def test_claims_shrink_to_a_zero_total_on_one_day() -> None:
    claim = find(claims(), lambda c: True)
    expected = ("a", "casualties", "all", Period.day(date(2000, 1, 1)), "total")
    assert expected == (claim.id, claim.measure, claim.subject, claim.period, claim.kind)
    assert (Range.exact(0, "person"), None) == (claim.value, claim.source)


def test_claims_that_fail_on_rates_shrink_to_a_simple_rate() -> None:
    claim = find(claims(), lambda c: c.kind == "rate")
    assert (Range.exact(0, "person / week"), "average") == (claim.value, claim.reading)


def test_claim_sets_shrink_to_the_empty_set() -> None:
    assert ClaimSet([]) == find(claim_sets(), lambda c: True)


def test_inconsistent_claim_sets_shrink_to_an_exact_total_and_one_just_above() -> None:
    claims = find(claim_sets(consistent=False), lambda c: True)
    values = [claim.value for claim in claims]
    assert [Range.exact(0, "person"), Range.exact(1, "person")] == values
    assert [None, PUSHED_NOTE] == [claim.note for claim in claims]


def test_claim_sets_shrink_to_one_simple_claim_of_the_kind_asked_for() -> None:
    claims = find(claim_sets(), lambda c: any(claim.kind == "rate" for claim in c))
    (claim,) = claims
    assert (Range.exact(0, "person / week"), Period.day(date(2000, 1, 1))) == (
        claim.value,
        claim.period,
    )


# --------------------------------------------------------------------------- registration


@given(st.from_type(Range))
def test_from_type_gives_ranges(r: Range) -> None:
    assert isinstance(r, Range)


@given(st.from_type(Claim))
def test_from_type_gives_claims(claim: Claim) -> None:
    assert isinstance(claim, Claim)


@dataclasses.dataclass
class Note:
    claim: Claim
    period: Period
    source: Source
    value: Range


@given(st.builds(Note))
def test_builds_fills_claimkit_fields(note: Note) -> None:
    assert (Claim, Period, Source, Range) == tuple(
        type(getattr(note, f.name)) for f in dataclasses.fields(Note)
    )


@given(st.from_type(Claim))
def test_from_type_makes_claims_whose_kind_fits_the_unit(claim: Claim) -> None:
    assert claim.count_unit == "person"
    assert claim.kind == ("total" if claim.value.unit == "person" else "rate")


@given(st.from_type(Source))
def test_from_type_makes_sources_with_an_id_from_the_vocabulary(source: Source) -> None:
    assert source.id
    assert source.relation in ("party", "adversary", "independent", "unknown")


def test_from_type_claims_shrink_to_a_small_total() -> None:
    claim = find(st.from_type(Claim), lambda c: True)
    assert ("total", "[0, 0] person") == (claim.kind, str(claim.value))


@pytest.mark.parametrize("cls", [Claim, Source])
def test_claim_and_source_fields_carry_no_hypothesis_metadata(cls: type) -> None:
    hints = typing.get_type_hints(cls, include_extras=True)
    assert [] == [name for name, hint in hints.items() if typing.get_origin(hint) is Annotated]


def test_module_builds_no_strategy_at_import() -> None:
    assert [] == [
        name for name, value in vars(strategies).items() if isinstance(value, st.SearchStrategy)
    ]


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_importing_hypothesis_registers_without_importing_the_strategies() -> None:
    code = (
        "import sys, hypothesis; from hypothesis import strategies as st; "
        "from claimkit import Range; "
        "print('claimkit.strategies' in sys.modules, "
        "type(hypothesis.find(st.from_type(Range), lambda r: True)).__name__, "
        "'claimkit.strategies' in sys.modules)"
    )
    assert "False Range True" == _run(code)


def test_from_type_draws_claims_and_sources_in_a_fresh_interpreter() -> None:
    code = (
        "import hypothesis; from hypothesis import strategies as st; "
        "from claimkit import Claim, Source; "
        "print(*(type(hypothesis.find(st.from_type(t), lambda x: True)).__name__ "
        "for t in (Claim, Source)))"
    )
    assert "Claim Source" == _run(code)


def test_without_hypothesis_the_module_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n"
        "    import claimkit.strategies\n"
        "except ImportError as err:\n"
        "    print(type(err).__name__, 'claimkit[strategies]' in str(err))\n"
    )
    assert "MissingDependencyError True" == _run(code)
