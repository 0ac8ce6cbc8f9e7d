from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

import claimkit as ck
from claimkit.claims.claim import Claim
from claimkit.claims.claimset import ClaimSet
from claimkit.claims.relations import Sum
from claimkit.errors import InvalidClaimError, RelationError, UnknownIdError
from claimkit.values.period import Period
from claimkit.values.range import Range

WAR = Period(date(2022, 2, 24), date(2024, 12, 12))
MEASURES = Sum("casualties", ["killed", "wounded"])
SUBJECTS = Sum("both", ["russia", "ukraine"], over="subject")


def make(claim_id: str = "a", **changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": claim_id,
        "measure": "killed",
        "subject": "russia",
        "period": WAR,
        "kind": "total",
        "value": Range(100, 200, "person"),
    }
    fields.update(changes)
    return Claim(**fields)


def test_claims_are_stored_as_a_tuple() -> None:
    claims = ClaimSet([make("a"), make("b")])
    assert ("a", "b") == claims.ids


def test_a_single_claim_is_accepted() -> None:
    assert 1 == len(ClaimSet(make("a")))


def test_claimset_is_frozen() -> None:
    claims = ClaimSet([make("a")])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        claims.claims = ()  # type: ignore[misc]


def test_equal_claimsets_hash_equal() -> None:
    assert hash(ClaimSet([make("a")])) == hash(ClaimSet([make("a")]))


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(InvalidClaimError, match="'a' is used twice"):
        ClaimSet([make("a"), make("a")])


def test_a_non_claim_is_refused() -> None:
    with pytest.raises(InvalidClaimError, match="not a Claim"):
        ClaimSet([make("a"), "b"])  # type: ignore[list-item]


def test_a_string_instead_of_claims_is_refused() -> None:
    with pytest.raises(InvalidClaimError, match="iterable of Claim"):
        ClaimSet("abc")  # type: ignore[arg-type]


def test_a_non_sum_relation_is_refused() -> None:
    with pytest.raises(RelationError, match="not a Sum"):
        ClaimSet([], relations=["casualties = killed + wounded"])  # type: ignore[list-item]


def test_a_name_both_measure_and_subject_is_refused() -> None:
    relations = [MEASURES, Sum("killed", ["x", "y"], over="subject")]
    with pytest.raises(RelationError, match="'killed' appears in sums over measures"):
        ClaimSet([], relations=relations)


def test_a_subject_used_as_measure_is_refused() -> None:
    with pytest.raises(RelationError, match="uses 'russia' as its measure"):
        ClaimSet([make("a", measure="russia")], relations=[SUBJECTS])


def test_a_measure_used_as_subject_is_refused() -> None:
    with pytest.raises(RelationError, match="uses 'killed' as its subject"):
        ClaimSet([make("a", subject="killed")], relations=[MEASURES])


def test_relation_errors_surface_from_the_claimset() -> None:
    with pytest.raises(RelationError, match="form a cycle"):
        ClaimSet([], relations=[Sum("a", ["b"]), Sum("b", ["a"])])


def test_incompatible_units_in_a_measure_family_are_refused() -> None:
    ck.define_count_unit("tank")
    tanks = make("b", measure="wounded", value=Range(1, 2, "tank"))
    with pytest.raises(InvalidClaimError, match="does not convert to 'person'") as err:
        ClaimSet([make("a"), tanks], relations=[MEASURES])
    assert "b" == err.value.claim_id


def test_unrelated_measures_may_count_different_things() -> None:
    ck.define_count_unit("tank")
    tanks = make("b", measure="tanks_lost", value=Range(1, 2, "tank"))
    assert 2 == len(ClaimSet([make("a"), tanks], relations=[MEASURES]))


def test_convertible_units_share_the_family_unit() -> None:
    thousands = make("b", measure="wounded", value=Range(1, 2, "kiloperson"))
    claims = ClaimSet([make("a"), thousands], relations=[MEASURES])
    assert "person" == claims.unit_of("wounded")


def test_getitem_returns_the_claim() -> None:
    claim = make("a")
    assert claim == ClaimSet([claim])["a"]


def test_getitem_suggests_close_ids() -> None:
    with pytest.raises(UnknownIdError, match="did you mean 'rutte'"):
        ClaimSet([make("rutte")])["rute"]


def test_contains_checks_ids() -> None:
    assert "a" in ClaimSet([make("a")])


def test_iteration_yields_claims_in_order() -> None:
    claims = [make("a"), make("b")]
    assert claims == list(ClaimSet(claims))


def test_with_claims_appends() -> None:
    assert ("a", "b") == ClaimSet([make("a")]).with_claims([make("b")]).ids


def test_with_claims_refuses_a_used_id() -> None:
    with pytest.raises(InvalidClaimError, match="used twice"):
        ClaimSet([make("a")]).with_claims(make("a"))


def test_without_removes_by_id() -> None:
    assert ("b",) == ClaimSet([make("a"), make("b")]).without(["a"]).ids


def test_without_takes_a_single_id() -> None:
    assert ("b",) == ClaimSet([make("a"), make("b")]).without("a").ids


def test_without_refuses_an_unknown_id() -> None:
    with pytest.raises(UnknownIdError, match="'c'"):
        ClaimSet([make("a")]).without("c")


def test_without_keeps_the_relations() -> None:
    claims = ClaimSet([make("a")], relations=[MEASURES]).without("a")
    assert (MEASURES,) == claims.relations


def test_measures_include_relation_names() -> None:
    claims = ClaimSet([make("a")], relations=[MEASURES])
    assert frozenset({"casualties", "killed", "wounded"}) == claims.measures


def test_subjects_include_relation_names() -> None:
    claims = ClaimSet([make("a")], relations=[SUBJECTS])
    assert frozenset({"both", "russia", "ukraine"}) == claims.subjects


def test_unit_of_a_family_without_claims_is_unknown() -> None:
    with pytest.raises(UnknownIdError, match="has no unit"):
        ClaimSet([make("a")]).unit_of("tanks_lost")


def test_a_measure_only_ratios_name_suggests_a_measure_with_a_unit() -> None:
    # it suggested the very name that has no unit
    share = ck.Claim(id="b", measure="wounded", subject="russia", kind="ratio", of="wounds",
                     period=make("a").period, value=Range(1, 2, "percent"))  # fmt: skip
    with pytest.raises(UnknownIdError, match=r"has no unit; known: 'killed'$"):
        ClaimSet([make("a"), share]).unit_of("wounded")


def test_rate_claims_count_in_their_count_unit() -> None:
    rate = make("a", kind="rate", value=Range(1, 2, "person / week"))
    assert "person" == ClaimSet([rate]).unit_of("killed")


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_a_family_counts_in_its_base_unit_whatever_the_order(order: tuple[str, str]) -> None:
    claims = {
        "a": make("a", measure="wounded", value=Range(1, 2, "kiloperson")),
        "b": make("b", value=Range(1, 2, "megaperson / week"), kind="rate"),
    }
    claimset = ClaimSet([claims[k] for k in order], relations=[MEASURES])
    assert "person" == claimset.unit_of("killed")
    assert {"casualties": "person"} == dict(claimset.family_units)


def test_a_family_whose_claims_count_in_one_unit_counts_in_it() -> None:
    # Bounds and margins are then reported in the unit the claims were stated in.
    assert "kiloperson" == ClaimSet([make("a", value=Range(1, 2, "kiloperson"))]).unit_of("killed")
    total = make("a", value=Range(1, 2, "acre"))
    rate = make("b", value=Range(1, 2, "acre / week"), kind="rate")
    assert {"killed": "acre"} == dict(ClaimSet([rate, total]).family_units)


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_a_family_of_several_units_counts_in_their_base_unit(order: tuple[str, str]) -> None:
    claims = {
        "a": make("a", value=Range(1, 2, "acre")),
        "b": make("b", value=Range(1, 2, "hectare")),
    }
    claimset = ClaimSet([claims[k] for k in order])
    assert {"killed": "meter ** 2"} == dict(claimset.family_units)


def test_a_user_count_unit_is_its_own_base() -> None:
    ck.define_count_unit("drone")
    drones = make("a", measure="drones_lost", value=Range(1, 2, "kilodrone"))
    more = make("b", measure="drones_lost", value=Range(1, 2, "drone"))
    assert {"drones_lost": "drone"} == dict(ClaimSet([drones, more]).family_units)


def test_family_units_are_read_only() -> None:
    units: Any = ClaimSet([make("a")]).family_units
    with pytest.raises(TypeError):
        units["killed"] = "tank"


def test_canonical_sorts_the_claims_by_id_and_keeps_the_derived_data() -> None:
    claimset = ClaimSet([make("c"), make("a", measure="wounded"), make("b")], relations=[MEASURES])
    canonical = claimset.canonical
    assert ("a", "b", "c") == canonical.ids
    assert claimset["a"] is canonical["a"]
    assert claimset.relations == canonical.relations
    assert canonical.measure_hierarchy is claimset.measure_hierarchy
    assert canonical.subject_hierarchy is claimset.subject_hierarchy
    assert dict(canonical.family_units) == dict(claimset.family_units)
    assert canonical.canonical is canonical
    assert canonical == ClaimSet(canonical.claims, relations=[MEASURES])


def test_a_sorted_claimset_is_its_own_canonical_form() -> None:
    claimset = ClaimSet([make("a"), make("b")])
    assert claimset.canonical is claimset


def test_a_claimset_and_its_canonical_form_pickle() -> None:
    import pickle

    claimset = ClaimSet([make("b"), make("a")], relations=[MEASURES])
    again = pickle.loads(pickle.dumps(claimset))
    assert again == claimset
    assert ("a", "b") == again.canonical.ids
    assert dict(again.family_units) == {"casualties": "person"}


def test_hierarchies_are_public() -> None:
    claimset = ClaimSet([], relations=[MEASURES, SUBJECTS])
    assert "casualties" == claimset.measure_hierarchy.root("wounded")
    assert ("russia", "ukraine") == claimset.subject_hierarchy.children["both"]


def test_check_names_refuses_unknown_names_with_suggestions() -> None:
    claimset = ClaimSet([make("a")], relations=[MEASURES])
    claimset.check_names("casualties", "russia")
    with pytest.raises(UnknownIdError, match="unknown subject 'rusia'; did you mean 'russia'"):
        claimset.check_names("killed", "rusia")
