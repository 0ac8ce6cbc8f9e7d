"""A conflict set's two margins, stretch and gap, solved on one sub-model of its claims."""

from __future__ import annotations

from datetime import date

import pytest

import claimkit as ck
from claimkit.engine import components as _engine
from claimkit.engine import set_margins
from claimkit.engine.model import build

MONTHS = {name: m for m, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun"), 1)}


def total(claim_id: str, period: ck.Period, figure: float) -> ck.Claim:
    return ck.Claim(
        id=claim_id,
        measure="cases",
        subject="measles",
        period=period,
        value=ck.Range(figure, figure, "person"),
        kind="total",
    )


def two_quarters() -> ck.ClaimSet:
    """Exact monthly totals, and two quarter totals each off the sum of its months.

    All claims are about one series, so both conflict sets lie in one component: Q1
    is 30 above its months' 300 (stretch 30 / 630, gap 30), Q2 50 above their 600
    (stretch 50 / 1250, gap 50); the component as a whole needs the larger stretch
    and the sum of the gaps.
    """
    figures = {"jan": 90.0, "feb": 100.0, "mar": 110.0, "apr": 190.0, "may": 200.0, "jun": 210.0}
    months = [total(name, ck.Period.month(2025, MONTHS[name]), x) for name, x in figures.items()]
    q1 = total("q1", ck.Period(date(2025, 1, 1), date(2025, 4, 1)), 330.0)
    q2 = total("q2", ck.Period(date(2025, 4, 1), date(2025, 7, 1)), 650.0)
    return ck.ClaimSet([*months, q1, q2])


def indices(claimset: ck.ClaimSet, ids: tuple[str, ...]) -> list[int]:
    return [i for i, c in enumerate(claimset.claims) if c.id in ids]


SETS = [("jan", "feb", "mar", "q1"), ("apr", "may", "jun", "q2")]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [(SETS[0], (30 / 630, 30.0)), (SETS[1], (50 / 1250, 50.0))],
)
def test_margins_are_the_stretch_and_the_gap_of_the_set_alone(
    ids: tuple[str, ...], expected: tuple[float, float]
) -> None:
    claimset = two_quarters()
    model = build(claimset)
    members = indices(claimset, ids)
    shared = _engine.margins(model, members)
    assert shared == (_engine.stretch(model, members), _engine.gap(model, members))
    assert shared == pytest.approx(expected, rel=1e-9)


def test_the_whole_components_margins_are_the_larger_stretch_and_the_summed_gap() -> None:
    # The margins of one set are not those of the model they were cut from.
    claimset = two_quarters()
    model = build(claimset)
    everything = list(range(len(claimset)))
    assert _engine.margins(model, everything) == pytest.approx((30 / 630, 80.0), rel=1e-9)


def test_each_conflict_finding_carries_its_own_sets_margins() -> None:
    claimset = two_quarters()
    model = build(claimset)
    found = {f.claims: f for f in ck.check(claimset).conflicts if f.kind == "conflict-set"}
    assert set(found) == {tuple(sorted(ids)) for ids in SETS}
    for ids, finding in found.items():
        members = indices(claimset, ids)
        stretch, gap = _engine.stretch(model, members), _engine.gap(model, members)
        assert (finding.margin, finding.margin_abs) == (-stretch, -gap)


def test_sets_with_a_ratio_are_solved_beside_the_others_as_each_alone() -> None:
    # A share of the wounded that no count can meet, beside the two quarters: its set
    # (a ratio's rows) is solved on its own sub-model's LP, in a batch of its own; the
    # others from the model's rows. Each set's margins are those it has alone.
    spring = ck.Period(date(2025, 3, 1), date(2025, 6, 1))
    claims = [
        *two_quarters().claims,
        ck.Claim(id="w", measure="wounded", subject="measles", period=spring,
                 value=ck.Range(100, 100, "person")),
        ck.Claim(id="k", measure="killed", subject="measles", period=spring,
                 value=ck.Range(10, 10, "person")),
        ck.Claim(id="share", measure="killed", subject="measles", period=spring, kind="ratio",
                 of="wounded", value=ck.Range(0.5, 0.6, "")),
    ]  # fmt: skip
    claimset = ck.ClaimSet(claims).canonical
    model = build(claimset)
    sets = [indices(claimset, ids) for ids in [*SETS, ("k", "share", "w")]]
    together = set_margins.margins_many(model, sets)
    alone = [_engine.margins(model, s) for s in sets]
    flat = [x for pair in alone for x in pair]
    assert [x for pair in together for x in pair] == pytest.approx(flat, rel=1e-9)
    assert not set_margins._from_rows(model.rows, model.rows.indices_of(sets[2]))
