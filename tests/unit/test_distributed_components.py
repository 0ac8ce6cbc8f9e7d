"""Components from metadata: claimkit.distributed.components (no cluster needed)."""

from __future__ import annotations

import importlib.util
import itertools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.claims.relations import Hierarchy, Sum
from claimkit.distributed.components import component_keys, relations_for
from claimkit.engine.model import build_with_info
from claimkit.errors import InvalidArgumentError, RelationError

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
MEASURES = Sum("casualties", ["killed", "wounded"])
SUBJECTS = Sum("both", ["russia", "ukraine"], over="subject")


def _leaves(keys: list[tuple[str, str]], relations: list[Sum]) -> dict[tuple[str, str], set]:
    """Each key's leaf series, from the full leaves of its names (no effective cut)."""
    h_m = Hierarchy.from_sums(relations, "measure")
    h_s = Hierarchy.from_sums(relations, "subject")
    return {(m, s): set(itertools.product(h_m.leaves(m), h_s.leaves(s))) for m, s in keys}


def _brute(keys: list[tuple[str, str]], relations: list[Sum]) -> set[frozenset]:
    """The components of the graph where keys that share a leaf series are linked."""
    leaves = _leaves(keys, relations)
    left = set(keys)
    out = set()
    while left:
        stack = [left.pop()]
        group = set(stack)
        while stack:
            key = stack.pop()
            near = {k for k in left if leaves[k] & leaves[key]}
            left -= near
            group |= near
            stack.extend(near)
        out.add(frozenset(group))
    return out


def _partition(found: dict[tuple[str, str], int]) -> set[frozenset]:
    groups: dict[int, set] = {}
    for key, comp in found.items():
        groups.setdefault(comp, set()).add(key)
    return {frozenset(g) for g in groups.values()}


# A forest of measures m0..m6 and subjects s0..s6 (parents drawn below each name).
NAMES = 7


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[Sum]]:
    relations = []
    for prefix, over in (("m", "measure"), ("s", "subject")):
        parent = {i: draw(st.sampled_from([None, *range(i)])) if i else None for i in range(NAMES)}
        children: dict[int, list[int]] = {}
        for child, p in parent.items():
            if p is not None:
                children.setdefault(p, []).append(child)
        relations += [
            Sum(f"{prefix}{p}", [f"{prefix}{c}" for c in kids], over=over)
            for p, kids in children.items()
        ]
    names = st.integers(0, NAMES - 1)
    keys = draw(st.lists(st.tuples(names, names), min_size=1, max_size=15, unique=True))
    return [(f"m{m}", f"s{s}") for m, s in keys], relations


@given(worlds())
def test_keys_share_a_component_exactly_when_a_chain_of_shared_series_joins_them(
    world: tuple[list[tuple[str, str]], list[Sum]],
) -> None:
    keys, relations = world
    assert _brute(keys, relations) == _partition(component_keys(keys, relations))


@given(worlds())
def test_grouping_by_roots_when_keys_are_cut_into_too_many_pieces_is_coarser(
    world: tuple[list[tuple[str, str]], list[Sum]],
) -> None:
    keys, relations = world
    exact = _partition(component_keys(keys, relations))
    coarse = _partition(component_keys(keys, relations, max_pairs=1))
    # Every exact component lies inside one coarse component.
    assert all(any(group <= big for big in coarse) for group in exact)
    h_m = Hierarchy.from_sums(relations, "measure")
    h_s = Hierarchy.from_sums(relations, "subject")
    for big in coarse:
        roots = {(h_m.root(m), h_s.root(s)) for m, s in big}
        assert 1 == len(roots) or all(len(g) == 1 for g in exact if g <= big)


@given(worlds())
def test_the_numbering_does_not_depend_on_the_order_of_the_keys(
    world: tuple[list[tuple[str, str]], list[Sum]],
) -> None:
    keys, relations = world
    assert component_keys(keys, relations) == component_keys(list(reversed(keys)), relations)


def test_the_components_are_the_engines_groups() -> None:
    nov = ck.Period.month(2024, 11)
    pairs = [("killed", "russia"), ("wounded", "ukraine"), ("casualties", "ukraine"),
             ("killed", "both"), ("wounded", "russia")]  # fmt: skip
    claims = [
        ck.Claim(
            id=f"c{k}",
            measure=m,
            subject=s,
            period=nov,
            value=ck.Range(100 * (k + 1), 100 * (k + 3), "person"),
        )
        for k, (m, s) in enumerate(pairs)
    ]
    claimset = ck.ClaimSet(claims, relations=[MEASURES, SUBJECTS])
    found = component_keys(pairs, [MEASURES, SUBJECTS])
    model, _, _ = build_with_info(claimset.canonical)
    groups = ck.check(claimset).groups
    by_key = {(c.measure, c.subject): c.id for c in claims}
    ours = {
        frozenset(by_key[k] for k, c in found.items() if c == comp) for comp in set(found.values())
    }
    assert {frozenset(g.claims) for g in groups} == ours
    assert model.n_components == len(ours)


def test_a_relation_that_no_key_needs_is_left_out() -> None:
    # A sum is needed where a name under its total is named: its total is split.
    assert () == relations_for([MEASURES, SUBJECTS], ["casualties"], ["x"])
    assert (MEASURES,) == relations_for([MEASURES, SUBJECTS], ["killed"], ["x"])
    assert (SUBJECTS,) == relations_for([MEASURES, SUBJECTS], ["casualties"], ["russia"])


def test_bad_relations_and_keys_are_errors() -> None:
    with pytest.raises(InvalidArgumentError, match="relations must be Sum objects"):
        component_keys([("a", "b")], ["a = b + c"])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="a key must be a"):
        component_keys([("a", 1)], [])  # type: ignore[list-item]
    cycle = [Sum("a", ["b"]), Sum("b", ["a"])]
    with pytest.raises(RelationError, match="cycle"):
        component_keys([("a", "x")], cycle)


def test_time_does_not_split_a_key() -> None:
    # Claims of one key over disjoint periods are still one component: a total over
    # a period and one over a later period constrain each other (counts cannot fall).
    a = ck.Claim(id="a", measure="killed", subject="x", period=ck.Period.month(2024, 1),
                 value=ck.Range(10, 20, "person"))  # fmt: skip
    b = a.replace(id="b", period=ck.Period(date(2024, 3, 1), date(2024, 4, 1)))
    assert 1 == len(ck.check([a, b]).groups)
    assert {("killed", "x"): 0} == component_keys([("killed", "x")])


def test_a_conflict_in_one_group_leaves_the_bounds_of_another_as_they_are() -> None:
    # Propagation stops in a group whose claims conflict; the other groups' bounds are
    # those they have alone, which is what checking the groups apart relies on.
    pytest.importorskip("pandas")
    from claimkit.tables import from_frame

    spec = importlib.util.spec_from_file_location("bench", BENCHMARKS / "bench_distributed.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    frame, relations = bench.claim_table(450, seed=3, conflicting=0.4)
    beside = ck.check(from_frame(frame, relations=relations), exact_bounds=0)
    assert not beside.consistent
    for group in beside.groups:
        if group.verdict == "conflict":
            continue
        prefix = group.claims[0].split("-")[0]
        mine = frame[frame["id"].str.startswith(prefix + "-")]
        alone = ck.check(from_frame(mine, relations=relations), exact_bounds=0)
        assert alone.bounds == tuple(b for b in beside.bounds if b.claims[0] in group.claims)
