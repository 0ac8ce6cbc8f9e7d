from __future__ import annotations

import attrs
import pytest

from claimkit.claims.relations import Hierarchy, Sum
from claimkit.errors import RelationError

MEASURES = Sum("casualties", ["killed", "wounded"])
SUBJECTS = Sum("both", ["russia", "ukraine"], over="subject")


def test_sum_stores_parts_as_a_tuple() -> None:
    assert ("killed", "wounded") == Sum("casualties", ["killed", "wounded"]).parts


def test_sum_is_over_measures_by_default() -> None:
    assert "measure" == MEASURES.over


def test_sum_repr_round_trips() -> None:
    assert SUBJECTS == eval(repr(SUBJECTS))


def test_sum_str_reads_as_an_equation() -> None:
    assert "casualties = killed + wounded (over measure)" == str(MEASURES)


def test_sum_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        MEASURES.total = "losses"  # type: ignore[misc]


def test_sum_replace_returns_a_new_sum() -> None:
    assert Sum("losses", ["killed", "wounded"]) == MEASURES.replace(total="losses")


def test_sum_needs_a_part() -> None:
    with pytest.raises(RelationError, match="has no parts"):
        Sum("casualties", [])


def test_sum_refuses_a_repeated_part() -> None:
    with pytest.raises(RelationError, match="'killed' is listed twice"):
        Sum("casualties", ["killed", "killed"])


def test_sum_refuses_the_total_as_a_part() -> None:
    with pytest.raises(RelationError, match="part of itself"):
        Sum("casualties", ["casualties", "killed"])


def test_sum_refuses_a_string_as_parts() -> None:
    with pytest.raises(RelationError, match="list of names"):
        Sum("casualties", "killed")


def test_sum_refuses_an_empty_name() -> None:
    with pytest.raises(RelationError, match="non-empty name"):
        Sum("casualties", ["killed", " "])


def test_sum_refuses_an_unknown_over() -> None:
    with pytest.raises(RelationError, match="'measure' or 'subject'"):
        Sum("casualties", ["killed"], over="time")  # type: ignore[arg-type]


def test_hierarchy_gives_leaves_in_order() -> None:
    nested = [MEASURES, Sum("wounded", ["light", "severe"])]
    h = Hierarchy.from_sums(nested, "measure")
    assert ("killed", "light", "severe") == h.leaves("casualties")


def test_hierarchy_ignores_sums_of_the_other_kind() -> None:
    h = Hierarchy.from_sums([MEASURES, SUBJECTS], "subject")
    assert ("russia", "ukraine") == h.leaves("both")


def test_hierarchy_root_walks_up() -> None:
    nested = [MEASURES, Sum("wounded", ["light", "severe"])]
    assert "casualties" == Hierarchy.from_sums(nested, "measure").root("light")


def test_hierarchy_splits_only_what_is_mentioned() -> None:
    nested = [MEASURES, Sum("wounded", ["light", "severe"])]
    h = Hierarchy.from_sums(nested, "measure")
    split = h.needs_split(["killed"])
    assert ("killed", "wounded") == h.effective_leaves("casualties", split)


def test_hierarchy_refuses_a_part_under_two_totals() -> None:
    sums = [MEASURES, Sum("losses", ["killed", "missing"])]
    with pytest.raises(RelationError, match="'killed' is listed as a part of both"):
        Hierarchy.from_sums(sums, "measure")


def test_hierarchy_refuses_a_total_declared_twice() -> None:
    sums = [MEASURES, Sum("casualties", ["killed", "missing"])]
    with pytest.raises(RelationError, match="declared as a sum twice"):
        Hierarchy.from_sums(sums, "measure")


def test_hierarchy_accepts_a_repeated_identical_sum() -> None:
    h = Hierarchy.from_sums([MEASURES, MEASURES], "measure")
    assert ("killed", "wounded") == h.leaves("casualties")


def test_hierarchy_refuses_a_cycle() -> None:
    sums = [Sum("a", ["b"]), Sum("b", ["c"]), Sum("c", ["a"])]
    with pytest.raises(RelationError, match="form a cycle"):
        Hierarchy.from_sums(sums, "measure")
