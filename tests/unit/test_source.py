from __future__ import annotations

import datetime
import math
from datetime import date

import pytest

import claimkit as ck
from claimkit.claims.source import Source

RUTTE = Source(
    "Mark Rutte",
    role="NATO Secretary General",
    date=date(2024, 12, 12),
    venue="press conference, Brussels",
    relation="independent",
)


def test_id_defaults_to_a_slug_of_the_name() -> None:
    assert "mark-rutte" == Source("Mark Rutte").id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Volodymyr Zelenskyy", "volodymyr-zelenskyy"),
        ("Institute for the Study of War (ISW)", "institute-for-the-study-of-war-isw"),
        ("  UK Ministry of Defence ", "uk-ministry-of-defence"),
        ("Zürich", "zurich"),
        ("Володимир Зеленський", "володимир-зеленський"),
        ("O'Brien & Co.", "o-brien-co"),
    ],
)
def test_slug_of_names(name: str, expected: str) -> None:
    assert expected == Source(name).id


def test_explicit_id_wins() -> None:
    assert "zelenskyy-on-russia" == Source("Volodymyr Zelenskyy", id="zelenskyy-on-russia").id


def test_name_without_letters_needs_an_id() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"cannot derive an id from the name '\?\?\?'"):
        Source("???")


def test_invalid_id_is_quoted() -> None:
    with pytest.raises(ck.InvalidClaimError, match="source id 'mark rutte' is not a valid id"):
        Source("Mark Rutte", id="mark rutte")


def test_empty_name_is_an_error() -> None:
    with pytest.raises(ck.InvalidClaimError, match="source name must be a non-empty string"):
        Source("  ")


def test_defaults() -> None:
    source = Source("Mark Rutte")
    assert (None, None, None, None, "unknown", 1.0) == (
        source.role,
        source.date,
        source.venue,
        source.url,
        source.relation,
        source.weight,
    )


@pytest.mark.parametrize("relation", ["party", "adversary", "independent", "unknown"])
def test_relations_of_the_vocabulary_are_accepted(relation: str) -> None:
    assert relation == Source("Mark Rutte", relation=relation).relation  # type: ignore[arg-type]


def test_unknown_relation_lists_the_vocabulary() -> None:
    with pytest.raises(
        ck.InvalidClaimError,
        match="relation 'neutral' is not one of 'party', 'adversary', 'independent', 'unknown'",
    ):
        Source("Mark Rutte", relation="neutral")  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", [0, -1.0, math.inf, math.nan, True, "2"])
def test_bad_weights_are_refused(weight: object) -> None:
    with pytest.raises(ck.InvalidClaimError, match="weight must be a finite number greater than 0"):
        Source("Mark Rutte", weight=weight)  # type: ignore[arg-type]


def test_integer_weight_is_stored_as_float() -> None:
    weight = Source("Mark Rutte", weight=2).weight
    assert (2.0, float) == (weight, type(weight))


def test_datetime_date_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match=r"source date must be a datetime\.date"):
        Source("Mark Rutte", date=datetime.datetime(2024, 12, 12, 15))


def test_empty_role_is_refused() -> None:
    with pytest.raises(ck.InvalidClaimError, match="role must be a non-empty string or None"):
        Source("Mark Rutte", role="")


def test_sources_are_hashable_and_compare_by_value() -> None:
    copy = Source(
        "Mark Rutte",
        role="NATO Secretary General",
        date=date(2024, 12, 12),
        venue="press conference, Brussels",
        relation="independent",
    )
    assert 1 == len({RUTTE, copy})


def test_sources_are_immutable() -> None:
    with pytest.raises(AttributeError):
        RUTTE.weight = 2.0  # type: ignore[misc]


def test_str_shows_name_role_and_date() -> None:
    assert "Mark Rutte (NATO Secretary General, 2024-12-12)" == str(RUTTE)


def test_str_of_a_bare_source_is_its_name() -> None:
    assert "Mark Rutte" == str(Source("Mark Rutte"))


def test_repr_shows_only_fields_that_differ_from_defaults() -> None:
    assert "Source('Mark Rutte', weight=2.0)" == repr(Source("Mark Rutte", weight=2))


def test_repr_round_trips() -> None:
    namespace = {"datetime": datetime, "Source": Source}
    assert RUTTE == eval(repr(RUTTE), namespace)


def test_replace_keeps_the_id() -> None:
    assert "mark-rutte" == RUTTE.replace(name="M. Rutte").id


def test_replace_validates() -> None:
    with pytest.raises(ck.InvalidClaimError, match="weight"):
        RUTTE.replace(weight=0)
