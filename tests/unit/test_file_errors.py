"""Claims-file errors: huge numbers, one location prefix, dates as ISO text."""

from __future__ import annotations

import pytest

from claimkit.errors import ClaimsFileError
from claimkit.files import claimsfile as io

CLAIM_JSON = (
    '{{"format_version": 1,\n "claims": [{{"id": "a", "measure": "m", "subject": "s",\n'
    '  "period": "2024",\n  "{key}": {number}}}]}}'
)
CLAIM_TOML = 'format_version = 1\n\n[[claims]]\nid = "a"\nmeasure = "m"\nsubject = "s"\n'


def error_of(text: str, fmt: io.Format = "toml") -> ClaimsFileError:
    with pytest.raises(ClaimsFileError) as info:
        io.loads(text, format=fmt, name=f"bad.{fmt}")
    return info.value


@pytest.mark.parametrize("number", [str(10**400), "-" + "9" * 400, "1" * 5_000])
def test_a_huge_json_integer_is_a_located_error(number: str) -> None:
    err = error_of(CLAIM_JSON.format(key="lo", number=number), "json")
    assert (4, "claims[0].lo") == (err.line, err.field)
    assert "too large" in str(err)
    assert number not in str(err)


def test_a_huge_json_integer_where_an_integer_is_expected_is_named_briefly() -> None:
    err = error_of('{"format_version": ' + "1" * 5_000 + "}", "json")
    assert "format_version" == err.field
    assert "1" * 100 not in str(err)


def test_a_huge_toml_integer_is_a_located_error() -> None:
    err = error_of(CLAIM_TOML + 'period = "2024"\nlo = ' + "1" * 5_000 + "\n")
    assert 8 == err.line
    assert "too many digits" in str(err)


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ('date = "2024-13-45"', "sources.x.date"),
        ("date = 2024-01-01T10:00:00", "sources.x.date"),
    ],
)
def test_a_source_error_names_its_location_once(entry: str, field: str) -> None:
    err = error_of(f'format_version = 1\n[sources.x]\nname = "a"\n{entry}\n')
    assert (4, field) == (err.line, err.field)
    assert 1 == str(err).count("bad.toml")


def test_a_bad_open_flag_names_its_location_once() -> None:
    err = error_of(CLAIM_TOML + 'period = "2024"\nlo = 1\nlo_open = "yes"\n')
    assert (9, "claims[0].lo_open") == (err.line, err.field)
    assert 1 == str(err).count("bad.toml")


@pytest.mark.parametrize(
    "entry",
    [
        'period = 2025-01-01\nvalue = "5"',
        "week_ending = 2025-01-07\nvalue = 2025-01-01",
        'start = 2025-01-01\nend = 2024-01-01\nvalue = "5"',
    ],
)
def test_dates_in_errors_are_iso_text(entry: str) -> None:
    err = error_of(CLAIM_TOML + entry + "\n")
    assert "datetime" not in str(err)
    assert "2025-01-01" in str(err)


def test_an_end_before_the_start_says_what_to_write() -> None:
    err = error_of(CLAIM_TOML + 'start = 2025-01-01\nend = 2025-01-01\nvalue = "5"\n')
    assert "claims[0].end" == err.field
    assert 'period = "2025-01-01"' in str(err)
