"""The model's series of many (measure, subject) pairs, found in one pass over arrays.

``_Builder.series_of_pairs`` must create and number the leaf series exactly as
asking for each pair in turn does (the loop it replaces, kept here as the oracle):
a pair's series are its measure's leaves times its subject's leaves, numbered in the
order first met, each pair's ids sorted; and the model built from a claim set is the
model of the claims asked one pair at a time, each claim's set of series renumbered
in the model's order.
"""

from __future__ import annotations

import datetime

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.columns import columns_of
from claimkit.engine.model import _Builder, build, build_with_info

MEASURES = ("losses", "casualties", "killed", "wounded", "missing", "tanks")
SUBJECTS = ("both", "russia", "ukraine", "north", "south", "east")
SUMS = (
    ck.Sum("casualties", ["killed", "wounded"]),
    ck.Sum("losses", ["casualties", "missing"]),
    ck.Sum("both", ["russia", "ukraine"], over="subject"),
    ck.Sum("russia", ["north", "south"], over="subject"),
    ck.Sum("ukraine", ["east"], over="subject"),
)
PAIRS = st.tuples(st.sampled_from(MEASURES), st.sampled_from(SUBJECTS))


def _claimset(pairs: list[tuple[str, str]], relations: list[ck.Sum]) -> ck.ClaimSet:
    day = ck.Period(datetime.date(2024, 1, 1), datetime.date(2024, 1, 2))
    claims = [
        ck.Claim(id=f"c{k}", measure=m, subject=s, period=day, value=ck.Range(1, 2, "person"))
        for k, (m, s) in enumerate(pairs)
    ]
    return ck.ClaimSet(claims, relations=relations)


def _one_by_one(
    builder: _Builder, pairs: list[tuple[str, str]]
) -> tuple[list[tuple[int, ...]], list[tuple[str, str]], list[str]]:
    """Return each pair's series, the series and their families as a loop over pairs finds them."""
    series_id: dict[tuple[str, str], int] = {}
    series: list[tuple[str, str]] = []
    family: list[str] = []
    found = []
    for measure, subject in pairs:
        ids = []
        for lm in builder.leaves(measure, subject=False):
            for ls in builder.leaves(subject, subject=True):
                if (lm, ls) not in series_id:
                    series_id[(lm, ls)] = len(series)
                    series.append((lm, ls))
                    family.append(builder.measure_hierarchy.root(measure))
                ids.append(series_id[(lm, ls)])
        found.append(tuple(sorted(ids)))
    return found, series, family


@given(
    st.lists(PAIRS, min_size=1, max_size=12),
    st.lists(st.sampled_from(SUMS), unique=True),
    st.lists(PAIRS, max_size=30),
    st.integers(0, 30),
)
def test_series_of_pairs_numbers_series_as_one_pair_at_a_time(
    claimed: list[tuple[str, str]],
    relations: list[ck.Sum],
    asked: list[tuple[str, str]],
    cut: int,
) -> None:
    columns = columns_of(_claimset(claimed, relations))
    expected, series, family = _one_by_one(_Builder(columns), asked)
    # In one call, and in two (the second meeting series the first created).
    whole = _Builder(columns)
    assert whole.series_of_pairs(asked) == expected
    assert (whole.series, whole.family) == (series, family)
    parts = _Builder(columns)
    assert parts.series_of_pairs(asked[:cut]) + parts.series_of_pairs(asked[cut:]) == expected
    assert (parts.series, parts.family) == (series, family)
    assert [parts.series_of(m, s) for m, s in asked] == expected


@given(st.lists(PAIRS, min_size=1, max_size=12), st.lists(st.sampled_from(SUMS), unique=True))
def test_model_series_and_sets_are_those_of_a_loop_over_pairs(
    claimed: list[tuple[str, str]], relations: list[ck.Sum]
) -> None:
    claimset = _claimset(claimed, relations)
    model = build(claimset)
    _, info, _ = build_with_info(claimset)
    builder = _Builder(columns_of(claimset))
    _, pairs = builder._pairs()
    found, series, _ = _one_by_one(builder, list(pairs))
    assert sorted(model.series) == sorted(series)
    # Every claim's row names the series of its (measure, subject) pair.
    where = {key: k for k, key in enumerate(model.series)}
    for row in range(model.rows.n):
        claim = claimset.claims[int(model.rows.claim[row])]
        ids = found[pairs.index((claim.measure, claim.subject))]
        named = model.rows.series_idx[model.rows.series_ptr[row] : model.rows.series_ptr[row + 1]]
        assert sorted(where[series[i]] for i in ids) == sorted(np.asarray(named).tolist())
    # And the claim's set of series, in the model's numbering, sorted.
    for c, claim in enumerate(claimset.claims):
        ids = found[pairs.index((claim.measure, claim.subject))]
        assert info.sets[int(info.set_id[c])] == tuple(sorted(where[series[i]] for i in ids))
