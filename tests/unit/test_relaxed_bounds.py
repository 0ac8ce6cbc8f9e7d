"""Bounds under conflict: a conflicting group's bounds stand on its least relaxation.

The relaxation is the one ``reconcile(method="relax")`` returns, so a conflicting
group's bounds are those of a check of the reconciled claims; a group that agrees
keeps the bounds of its claims as stated. Every rendering marks relaxed bounds, and
the JSON carries each bound's basis and the report's groups.
"""

from __future__ import annotations

import json
from datetime import date

import markupsafe
import pytest

import claimkit as ck
from claimkit.engine import _steps
from claimkit.engine.report import QuantityBounds
from claimkit.errors import InvalidArgumentError, NumericalError
from claimkit.render.report import EMPTY_LEGEND, RELAXED_LEGEND, RELAXED_MARK

R = ck.Range
Q1 = ck.Period(date(2025, 1, 1), date(2025, 4, 1))


def total(cid: str, subject: str, period: ck.Period, value: ck.Range) -> ck.Claim:
    return ck.Claim(
        id=cid, measure="cases", subject=subject, kind="total", period=period, value=value
    )


def north() -> list[ck.Claim]:
    """Jan and Feb add up to at least 680; the quarter is said to be 500 to 600."""
    return [
        total("jan", "north", ck.Period.month(2025, 1), R(300, 320, "person")),
        total("feb", "north", ck.Period.month(2025, 2), R(380, 400, "person")),
        total("q1", "north", Q1, R(500, 600, "person")),
    ]


def south() -> list[ck.Claim]:
    """A group that agrees: the quarter and its January."""
    return [
        total("s-q1", "south", Q1, R(100, 200, "person")),
        total("s-jan", "south", ck.Period.month(2025, 1), R.at_most(150, "person")),
    ]


def by_claims(report: ck.Report) -> dict[tuple[str, ...], QuantityBounds]:
    return {b.claims: b for b in report.bounds}


def test_a_conflicting_group_has_the_bounds_of_its_relaxation_and_the_other_its_own() -> None:
    report = ck.check(north() + south())
    relaxed = ck.reconcile(ck.ClaimSet(north() + south()), method="relax").reconciled
    under_relaxation = by_claims(ck.check(relaxed))
    alone = by_claims(ck.check(south()))
    bounds = by_claims(report)
    for ids in (("jan",), ("feb",), ("q1",)):
        assert bounds[ids].basis == "relaxed"
        assert not bounds[ids].propagated.is_empty
        assert bounds[ids].exact is not None
        assert not bounds[ids].exact.is_empty
        assert bounds[ids].propagated == under_relaxation[ids].propagated
        assert bounds[ids].exact == under_relaxation[ids].exact
    # The quarter stretches up to the months' least total: 80 is 13% of 600, cheaper
    # than moving either month down by a quarter of it.
    assert bounds[("q1",)].exact == R.exact(680, "person")
    for ids in (("s-q1",), ("s-jan",)):
        assert bounds[ids].basis == "claims"
        assert bounds[ids] == alone[ids]


def test_only_the_claims_of_a_failing_group_are_relaxed(monkeypatch: pytest.MonkeyPatch) -> None:
    # The whole set was relaxed (and a table's claims all made as objects) to give
    # the bounds of the groups that fail.
    relaxed: list[tuple[str, ...]] = []
    real = _steps._relax.relaxation

    def recorded(claimset: ck.ClaimSet, *args: object) -> object:
        relaxed.append(tuple(c.id for c in claimset))
        return real(claimset)

    monkeypatch.setattr(_steps._relax, "relaxation", recorded)
    bounds = by_claims(ck.check(north() + south()))
    assert [("feb", "jan", "q1")] == relaxed
    assert ("relaxed", "claims") == (bounds[("q1",)].basis, bounds[("s-q1",)].basis)


def test_bounds_are_exact_all_or_none_under_the_same_limit() -> None:
    # The relaxed claims alone make a smaller model than the whole set's: under a limit
    # between the two, the relaxed bounds were exact while the others were not.
    west = [
        total(f"w{m}", "west", ck.Period.month(2025, m), R(10, 20, "person")) for m in range(1, 13)
    ]
    for limit in range(0, 60, 4):
        bounds = ck.check(north() + south() + west, exact_bounds=limit).bounds
        assert len({b.exact is None for b in bounds}) == 1, limit


def test_relaxed_bounds_do_not_depend_on_the_order_of_the_claims() -> None:
    claims = north() + south()
    assert ck.check(claims).bounds == ck.check(claims[::-1]).bounds


def test_relaxed_bounds_are_propagated_only_when_exact_bounds_are_off() -> None:
    claims = north() + south()
    bounds = by_claims(ck.check(claims, exact_bounds=0))
    relaxed = ck.reconcile(ck.ClaimSet(claims), method="relax").reconciled
    expected = by_claims(ck.check(relaxed, exact_bounds=0))
    assert bounds[("q1",)].exact is None
    assert bounds[("q1",)].basis == "relaxed"
    assert bounds[("q1",)].propagated == expected[("q1",)].propagated
    assert not bounds[("q1",)].propagated.is_empty


def test_a_bound_s_basis_is_claims_or_relaxed() -> None:
    bounds = ck.check(south()).bounds[0]
    assert bounds.basis == "claims"
    with pytest.raises(InvalidArgumentError, match=r"QuantityBounds\.basis must be one of"):
        QuantityBounds(
            measure="cases",
            subject="north",
            period=Q1,
            claims=("q1",),
            propagated=R(1, 2, "person"),
            basis="guessed",  # type: ignore[arg-type]
        )


def test_json_gives_each_bound_its_basis_and_the_report_its_groups() -> None:
    report = ck.check(north() + south())
    data = json.loads(report.to_json())
    basis = {tuple(b["claims"]): b["basis"] for b in data["bounds"]}
    assert basis == {
        ("feb",): "relaxed",
        ("jan",): "relaxed",
        ("q1",): "relaxed",
        ("s-jan",): "claims",
        ("s-q1",): "claims",
    }
    assert all(not b["propagated"]["empty"] for b in data["bounds"])
    assert data["groups"] == [
        {
            "claims": ["feb", "jan", "q1"],
            "verdict": "conflict",
            "agreement": "conflict",
            "margin": pytest.approx(report.groups[0].margin),
            "exact": True,
        },
        {
            "claims": ["s-jan", "s-q1"],
            "verdict": "consistent",
            "agreement": "agree",
            "margin": pytest.approx(report.groups[1].margin),
            "exact": True,
        },
    ]
    assert data["schema_version"] == 2


def test_text_and_markdown_mark_relaxed_bounds_and_say_what_the_mark_means() -> None:
    report = ck.check(north() + south())
    text = str(report)
    rows = text.split("Implied bounds")[1].split("Claims", maxsplit=1)[0]
    q1 = next(line for line in rows.splitlines() if line.startswith("cases of north"))
    assert q1.count(RELAXED_MARK) == 2
    s_q1 = next(line for line in rows.splitlines() if line.startswith("cases of south"))
    assert RELAXED_MARK not in s_q1
    assert "empty" not in rows
    assert (
        "(† bounds of a conflicting group, under the least change that makes its claims agree "
        "(as\n reconcile(method='relax')))"
    ) in rows
    markdown = report.to_markdown()
    assert f"*{RELAXED_LEGEND}*" in markdown
    assert f"[680, 680] person {RELAXED_MARK} |" in markdown
    page = report.to_html()
    escaped = markupsafe.escape(RELAXED_LEGEND)
    assert f'<p class="legend">{escaped}</p>' in page
    assert f"<td>[680, 680] person {RELAXED_MARK}</td>" in page


def test_a_report_without_conflict_shows_no_mark() -> None:
    report = ck.check(south())
    assert RELAXED_MARK not in str(report)
    assert RELAXED_MARK not in report.to_markdown()
    assert not [n for n in report.notes if "relax" in n]


def test_the_note_says_what_the_bounds_of_a_conflicting_group_are() -> None:
    (note,) = [n for n in ck.check(north() + south()).notes if "implied bounds" in n]
    assert note.startswith(
        "the implied bounds of quantities in the 1 conflicting group are those under the "
        "least change that makes their claims agree"
    )
    assert "no value meets all their claims at once" in note
    assert "reconcile(method='relax')" in note
    assert "empty" not in note


def test_without_a_relaxation_the_bounds_are_empty_and_the_legend_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise NumericalError("no optimum")

    monkeypatch.setattr(_steps._relax, "relaxation", fails)
    report = ck.check(north() + south())
    bounds = by_claims(report)
    assert bounds[("q1",)].propagated.is_empty
    assert bounds[("q1",)].basis == "claims"
    assert bounds[("s-q1",)].propagated == R(100, 200, "person")
    assert "(empty: no value meets all the claims of its group" in str(report)
    assert f"*{EMPTY_LEGEND}*" in report.to_markdown()
    assert RELAXED_MARK not in str(report)


def test_the_headline_counts_the_groups_of_each_verdict() -> None:
    two = ck.check(north() + south())
    assert two.to_dict()["headline"].endswith(
        "wider). Of the 2 independent groups of claims, 1 conflicts and 1 agrees."
    )
    tight = total("t", "east", Q1, R(100, 101, "person"))
    three = ck.check([*south(), tight, tight.replace(id="u", value=R(100.5, 200, "person"))])
    assert (
        "Of the 2 independent groups of claims, 1 agrees only just and 1 agrees."
        in (three.to_dict()["headline"])
    )
    # One group: the first sentence says it all.
    assert "independent groups" not in ck.check(north()).to_dict()["headline"]
