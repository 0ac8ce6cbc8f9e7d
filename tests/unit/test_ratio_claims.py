"""Ratio claims, quantities and the comparison helpers (claims layer only)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import claimkit as ck
from claimkit.claims.claim import Claim
from claimkit.errors import InvalidClaimError, RelationError
from claimkit.values.period import Period
from claimkit.values.range import Range

WAR = Period(date(2022, 2, 24), date(2024, 12, 12))
NOV = Period.month(2024, 11)


def ratio(**changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": "one-in-three",
        "measure": "killed",
        "subject": "russia",
        "period": WAR,
        "of": ck.Quantity("wounded"),
        "value": Range(0.3, 0.36, "dimensionless"),
    }
    fields.update(changes)
    return Claim(**fields)


# -- Quantity ---------------------------------------------------------------------


def test_quantity_is_a_frozen_value_with_optional_subject_and_period() -> None:
    q = ck.Quantity("casualties")
    assert (q.measure, q.subject, q.period) == ("casualties", None, None)
    assert not q.is_complete
    with pytest.raises(AttributeError):
        q.measure = "killed"  # type: ignore[misc]
    full = q.filled("russia", WAR)
    assert full == ck.Quantity("casualties", "russia", WAR)
    assert full.is_complete
    assert hash(full) == hash(ck.Quantity("casualties", "russia", WAR))
    assert str(full) == "casualties of russia over [2022-02-24, 2024-12-12)"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("Casualties",), r"measure 'Casualties' is not a valid name.*did you mean 'casualties'"),
        (("casualties", "Russia"), "subject 'Russia' is not a valid name"),
        (("casualties", "russia", "2024-11"), "period must be a Period or None"),
        ((3,), "measure 3 is not a valid name"),
    ],
)
def test_quantity_refuses_bad_fields(args: tuple[Any, ...], match: str) -> None:
    with pytest.raises(InvalidClaimError, match=match):
        ck.Quantity(*args)


# -- ratio claims -------------------------------------------------------------------


def test_a_ratio_claim_takes_its_denominators_subject_and_period_from_the_numerator() -> None:
    claim = ratio()
    assert claim.kind == "ratio"
    assert claim.of == ck.Quantity("wounded", "russia", WAR)
    other = ratio(of=ck.Quantity("casualties", "ukraine", NOV))
    assert other.of == ck.Quantity("casualties", "ukraine", NOV)
    assert ratio(of="wounded") == claim  # a string is a measure


def test_a_ratio_claim_reads_as_a_ratio() -> None:
    claim = ratio(value=Range(20, 30, "percent"))
    assert str(claim) == (
        "one-in-three: killed of russia to wounded of russia, ratio over "
        "[2022-02-24, 2024-12-12), [20, 30] percent"
    )
    changed = ratio(of=ck.Quantity("killed", period=NOV))
    assert "killed of russia over [2022-02-24, 2024-12-12) to killed of russia over" in str(changed)
    assert "<td>of</td>" in claim._repr_html_()


@pytest.mark.parametrize("unit", ["dimensionless", "percent"])
def test_a_dimensionless_total_is_refused_with_how_to_write_a_ratio(unit: str) -> None:
    for kind in ("total", None):
        fields: dict[str, Any] = {"kind": kind} if kind else {}
        with pytest.raises(InvalidClaimError) as err:
            Claim(
                id="share",
                measure="killed",
                subject="russia",
                period=WAR,
                value=Range(20, 30, unit),
                **fields,
            )
        text = str(err.value)
        assert "claim 'share'" in text
        assert "count unit" in text
        assert "kind='ratio'" in text
        assert "of=Quantity('casualties')" in text
        assert err.value.claim_id == "share"


def test_a_dimensionless_rate_is_refused() -> None:
    with pytest.raises(InvalidClaimError, match=r"a rate counts something.*kind='ratio'"):
        Claim(
            id="r",
            measure="killed",
            subject="russia",
            period=WAR,
            kind="rate",
            value=Range(20, 30, "percent"),
        )


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"of": None, "kind": "ratio"}, r"a ratio claim needs of=Quantity\(measure"),
        ({"value": Range(1, 2, "person")}, "a ratio needs a value in 'dimensionless' or 'percent'"),
        ({"kind": "total"}, r"of \(wounded of russia .*\) names the denominator of a ratio"),
        ({"reading": "each"}, "reading 'each' applies to rates only; a ratio divides totals"),
        ({"of": ck.Quantity("killed")}, "divides killed of russia .* by itself"),
        ({"of": 3}, "of must be a Quantity or a measure name, got int 3"),
        ({"of": "Wounded"}, "of 'Wounded' is not a valid name"),
        ({"basis": "mean"}, "basis 'mean' is not one of 'total' or 'rate'"),
    ],
)
def test_ratio_claims_are_validated(changes: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidClaimError, match=match) as err:
        ratio(**changes)
    assert err.value.claim_id == "one-in-three"


def test_basis_applies_to_ratios_only() -> None:
    with pytest.raises(InvalidClaimError, match="basis='rate' applies to ratio claims only"):
        Claim(
            id="t",
            measure="killed",
            subject="russia",
            period=WAR,
            value=Range(1, 2, "person"),
            basis="rate",
        )
    assert ratio(basis="rate").basis == "rate"


@pytest.mark.parametrize("method", ["as_total", "as_rate"])
def test_a_ratio_states_no_count(method: str) -> None:
    with pytest.raises(InvalidClaimError, match=rf"{method}\(\) converts counts, but the claim"):
        getattr(ratio(), method)()
    with pytest.raises(InvalidClaimError, match=r"over\(\) converts counts"):
        ratio().over(NOV)


def test_a_ratio_phrase_must_read_as_its_value() -> None:
    claim = ratio(value=ck.parse_quantity("at least 20", "percent"), phrase="at least 20")
    assert claim.phrase == "at least 20"
    assert claim.count_unit == "percent"
    with pytest.raises(InvalidClaimError, match="does not read as the value"):
        ratio(value=Range(20, 30, "percent"), phrase="at least 20")


def test_claim_set_names_and_units_of_ratio_claims() -> None:
    count = Claim(
        id="killed",
        measure="killed",
        subject="russia",
        period=WAR,
        value=Range(1, 2, "kiloperson"),
    )
    claims = ck.ClaimSet([ratio(of=ck.Quantity("wounded", "ukraine")), count])
    assert {"killed", "wounded"} <= claims.measures
    assert {"russia", "ukraine"} <= claims.subjects
    # A ratio counts in no unit: the family's unit comes from the count claims alone.
    assert dict(claims.family_units) == {"killed": "kiloperson"}
    with pytest.raises(ck.UnknownIdError, match="no claim counts measure 'wounded'"):
        claims.unit_of("wounded")
    alone = ck.ClaimSet([ratio()])
    assert dict(alone.family_units) == {}


def test_a_relation_misspelling_a_denominator_name_is_caught() -> None:
    relation = ck.Sum("casualties", ["killed", "wounde"])
    with pytest.raises(RelationError, match="did you mean 'wounded'"):
        ck.ClaimSet([ratio()], relations=[relation])


def test_a_denominator_subject_declared_as_a_measure_is_refused() -> None:
    relation = ck.Sum("casualties", ["killed", "russia"])
    with pytest.raises(RelationError, match="uses 'russia' as its of's subject"):
        ck.ClaimSet(
            [ratio(measure="wounded", subject="ukraine", of=ck.Quantity("wounded", "russia"))],
            relations=[relation],
        )


# -- comparisons -----------------------------------------------------------------------

RUSSIA = ck.Quantity("casualties", "russia", WAR)
UKRAINE = ck.Quantity("casualties", "ukraine")


@pytest.mark.parametrize(
    ("helper", "expected"),
    [
        (ck.more_than, Range.more_than(1, "dimensionless")),
        (ck.at_least_as_many_as, Range.at_least(1, "dimensionless")),
        (ck.fewer_than, Range(0, 1, "dimensionless", hi_open=True)),
        (ck.at_most_as_many_as, Range(0, 1, "dimensionless")),
        (ck.as_many_as, Range.exact(1, "dimensionless")),
    ],
)
def test_comparisons_are_ratio_claims(helper: Any, expected: Range) -> None:
    claim = helper(RUSSIA, UKRAINE, id="c", note="illustrative")
    assert claim.kind == "ratio"
    assert claim.value == expected
    assert claim.note == "illustrative"
    assert claim.of == ck.Quantity("casualties", "ukraine", WAR)
    assert (claim.measure, claim.subject, claim.period) == ("casualties", "russia", WAR)


def test_twice_and_half_as_many() -> None:
    assert ck.as_many_as(RUSSIA, UKRAINE, times=2, id="t").value == Range.exact(2, "dimensionless")
    hedged = Range(1.5, 2.5, "dimensionless")
    assert ck.as_many_as(RUSSIA, UKRAINE, times=hedged, id="t").value == hedged
    with pytest.raises(InvalidClaimError, match="times must be a number"):
        ck.as_many_as(RUSSIA, UKRAINE, times="twice", id="t")  # type: ignore[arg-type]


def test_comparisons_need_a_complete_first_quantity_and_set_their_own_fields() -> None:
    with pytest.raises(InvalidClaimError, match="needs a measure, a subject and a period"):
        ck.more_than(ck.Quantity("casualties", "russia"), UKRAINE, id="c")
    with pytest.raises(InvalidClaimError, match="value= is set by the comparison"):
        ck.more_than(RUSSIA, UKRAINE, id="c", value=Range(1, 2, "dimensionless"))


def test_a_change_is_the_later_total_over_the_earlier() -> None:
    rose = ck.change(
        ck.Quantity("casualties", "russia", NOV), Period.month(2024, 10), 1.2, id="rose"
    )
    assert rose.of == ck.Quantity("casualties", "russia", Period.month(2024, 10))
    assert rose.value == Range.exact(1.2, "dimensionless")
    assert rose.basis == "total"
    by_rate = ck.change(
        ck.Quantity("casualties", "russia", NOV),
        Period.month(2024, 10),
        Range(1.15, 1.25, "dimensionless"),
        id="rose",
        basis="rate",
    )
    assert by_rate.basis == "rate"
    with pytest.raises(InvalidClaimError, match="before must be the Period"):
        ck.change(ck.Quantity("casualties", "russia", NOV), "2024-10", 1.2, id="x")  # type: ignore[arg-type]


def test_highest_month_names_one_claim_per_other_month() -> None:
    invasion = Period(date(2022, 2, 24), date(2024, 12, 12))
    nov = ck.Quantity("casualties", "russia", NOV)
    claims = ck.highest_month(nov, invasion, id="nov-highest", source=ck.Source("General Staff"))
    ids = [c.id for c in claims]
    # February 2022 (from the 24th) to December 2024 (to the 12th), but November 2024.
    assert len(ids) == 34
    assert ids[0] == "nov-highest-2022-02"
    assert ids[-1] == "nov-highest-2024-12"
    assert "nov-highest-2024-11" not in ids
    assert claims[0].of.period == Period(date(2022, 2, 24), date(2022, 3, 1))
    assert claims[-1].of.period == Period(date(2024, 12, 1), date(2024, 12, 12))
    assert all(c.value == Range.more_than(1, "dimensionless") for c in claims)
    assert all(c.source == ck.Source("General Staff") for c in claims)
    ties = ck.highest_month(nov, invasion, id="h", strict=False)
    assert ties[0].value == Range.at_least(1, "dimensionless")
    ck.ClaimSet(claims)  # distinct ids


@pytest.mark.parametrize(
    "quantity",
    [
        ck.Quantity("casualties", "russia", Period(date(2024, 11, 1), date(2024, 11, 15))),
        ck.Quantity("casualties", "russia", Period.month(2025, 1)),
        ck.Quantity("casualties", "russia"),
    ],
)
def test_highest_month_needs_a_calendar_month_inside_the_period(quantity: ck.Quantity) -> None:
    with pytest.raises(InvalidClaimError, match=r"highest_month\(\) needs a quantity over one"):
        ck.highest_month(quantity, WAR, id="h")


@pytest.mark.parametrize(
    "phrase",
    ["about 70%", "70 per cent", "one in three", "a third", "3:1", "twice as many", "rose 20%"],
)
def test_a_ratio_phrase_reads_through_the_ratio_reader(phrase: str) -> None:
    reading = ck.parse_ratio(phrase)
    claim = ratio(value=reading.value, phrase=phrase)
    assert claim.phrase == phrase
    assert claim.phrase_unit == reading.value.unit
    with pytest.raises(InvalidClaimError, match=r"pass the value that parse_ratio\(\) gives"):
        ratio(value=Range(0.1, 0.2, reading.value.unit), phrase=phrase)
