from __future__ import annotations

import pint
import pytest

import claimkit as ck
from claimkit.claims.hedges import parse_quantity
from claimkit.values.units import (
    conversion_factor,
    define_count_unit,
    dimensionality,
    divide_units,
    get_registry,
    is_compatible,
    multiply_units,
    normalize_unit,
    time_exponent,
)


def test_ureg_is_pints_application_registry() -> None:
    assert ck.ureg is pint.get_application_registry()


def test_quantities_made_with_pint_know_people() -> None:
    quantity = pint.get_application_registry().Quantity(3, "people")
    get_registry()
    assert "person" == str(quantity.units)


def test_registry_setup_is_idempotent() -> None:
    first = get_registry()
    second = get_registry()
    assert first is second
    assert "person" == normalize_unit("persons")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("person", "person"),
        ("people", "person"),
        ("casualties", "person"),
        ("people / week", "person / week"),
        ("person/day", "person / day"),
        ("", "dimensionless"),
    ],
)
def test_normalize_unit(text: str, expected: str) -> None:
    assert expected == normalize_unit(text)


def test_normalize_accepts_pint_units() -> None:
    assert "person / week" == normalize_unit(ck.ureg.Unit("person / week"))


def test_unknown_unit_names_the_unit() -> None:
    with pytest.raises(ck.UnitError, match="'bananas per week'") as info:
        normalize_unit("bananas per week")
    assert "bananas per week" == info.value.unit


def test_non_string_unit_is_a_unit_error() -> None:
    with pytest.raises(ck.UnitError, match="int"):
        normalize_unit(3)  # type: ignore[arg-type]


def test_average_month_is_pints() -> None:
    assert 30.4375 == conversion_factor("month", "day")
    assert 365.25 == conversion_factor("year", "day")
    assert 7.0 == conversion_factor("week", "day")


def test_person_and_rate_do_not_convert() -> None:
    with pytest.raises(ck.IncompatibleUnitsError) as info:
        conversion_factor("person", "person / week")
    assert ("person", "person / week") == info.value.units
    assert "'person'" in str(info.value)
    assert "'person / week'" in str(info.value)


def test_user_count_units_have_their_own_dimension() -> None:
    assert "tank" == define_count_unit("tank", "tanks")
    assert "tank" == define_count_unit("tank")  # twice is harmless
    assert "[tank]" == dimensionality("tank")
    assert not is_compatible("tank", "person")
    with pytest.raises(ck.IncompatibleUnitsError, match=r"'person'.*'tank'"):
        conversion_factor("person", "tank")


def test_count_unit_cannot_shadow_a_pint_unit() -> None:
    with pytest.raises(ck.UnitError, match=r"'day'.*\[time\]"):
        define_count_unit("day")


@pytest.mark.parametrize(
    "name", ["", "2tanks", "tank-1", "a b", "thing7", "armoured_car", "APC", "Tank"]
)
def test_count_unit_name_must_be_a_word_phrases_read(name: str) -> None:
    with pytest.raises(ck.UnitError, match="not valid: expected lower-case letters only"):
        define_count_unit(name)


def test_count_unit_alias_must_be_a_word_phrases_read() -> None:
    with pytest.raises(ck.UnitError, match="'APCs' is not valid"):
        define_count_unit("apc", "APCs")


def test_a_count_unit_of_letters_is_read_after_a_number() -> None:
    define_count_unit("véhicule")
    read = parse_quantity("500 véhicules", unit="véhicule")
    assert parse_quantity("500", unit="véhicule") == read
    assert "véhicule" == read.unit


def test_unit_algebra() -> None:
    assert ("person", 1.0) == multiply_units("person / week", "week")
    assert ("person / week", 1.0) == divide_units("person", "week")
    unit, factor = multiply_units("person / week", "day")
    assert "person" == unit
    assert 1 / 7 == factor


def test_time_exponent() -> None:
    assert 0 == time_exponent("person")
    assert -1 == time_exponent("person / month")


def test_registry_swap_gets_units_again() -> None:
    original = pint.get_application_registry().get()
    fresh = pint.UnitRegistry()
    pint.set_application_registry(fresh)
    try:
        assert "person / week" == normalize_unit("people / week")
    finally:
        pint.set_application_registry(original)


@pytest.mark.parametrize("unit", ["degC", "degree_Fahrenheit", ck.ureg.Unit("degC")])
def test_units_with_an_offset_are_refused(unit: str | pint.Unit) -> None:
    with pytest.raises(ck.UnitError, match=r"has an offset from zero.*kelvin"):
        normalize_unit(unit)


def test_a_difference_of_temperatures_converts_by_its_factor() -> None:
    assert 1.8 == pytest.approx(conversion_factor("delta_degC", "delta_degF"))


@pytest.mark.parametrize(
    "unit",
    ["person / decade", "decade", "person / octave", "octave", "decibel", "dB", "neper",
     "person / neper"],
)  # fmt: skip
def test_logarithmic_units_are_refused_with_a_unit_error(unit: str) -> None:
    with pytest.raises(ck.UnitError, match=r"logarithmic unit") as caught:
        ck.Range(1, 2, unit)
    assert "delta_" not in str(caught.value)


def test_a_decade_says_to_give_the_figure_per_year_or_century() -> None:
    with pytest.raises(ck.UnitError, match=r"per year \(a tenth of it\) or per century"):
        normalize_unit("person / decade")
    assert "person / century" == normalize_unit("people per century")


@pytest.mark.parametrize("unit", ["person +", "person / (week", "person //"])
def test_a_malformed_unit_says_how_to_write_one(unit: str) -> None:
    # pint's own errors (a bare AssertionError, a TokenError about end of file) were shown
    with pytest.raises(ck.UnitError, match=r"is not a unit expression; write unit names") as caught:
        ck.Range(1, 2, unit)
    assert "Error" not in str(caught.value)


@pytest.mark.parametrize(("unit", "power"), [("person ** 1e400", "inf"), ("person ** 0.5", "0.5")])
def test_a_power_in_a_unit_is_a_whole_number(unit: str, power: str) -> None:
    # "person ** 1e400" was accepted as person ** inf, and every conversion of it failed
    with pytest.raises(ck.UnitError, match=rf"to the power {power}; a power in a unit must be"):
        ck.Range(1, 2, unit)
    assert "person ** 2" == normalize_unit("person ** 2")


def test_no_private_attribute_of_pint_is_read() -> None:
    import re
    from pathlib import Path

    import claimkit.values

    private = re.compile(r"\.(_units|_REGISTRY|_magnitude|_cache|_units_container)\b")
    for path in Path(claimkit.values.__file__).parent.glob("*.py"):
        assert not private.findall(path.read_text()), path.name
