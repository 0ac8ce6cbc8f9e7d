"""Written digits: one rule for the phrase reader and ``Range.from_rounded``."""

from __future__ import annotations

import pytest

import claimkit as ck
from claimkit.claims.hedges import HedgePolicy, parse_quantity
from claimkit.values._numerals import numeral_digits
from claimkit.values.range import Range

PLAIN = HedgePolicy(one_digit="plain")

SPELLINGS = [
    "700,000",
    "45 690",
    "750\u00a0000",
    "1\u2009250\u2009000",
    "1,000.25",
    "1.20",
    "1000000",
    "0.05",
    # groups with two different separators: neither reader takes them as one number
    "1 000\u00a0000",
    "1,000 000",
    "10,00",
    "1,0000",
]


def _read(read: object) -> Range | None:
    try:
        result = read() if callable(read) else None
    except ck.ClaimkitError:
        return None
    assert isinstance(result, Range)
    return result


@pytest.mark.parametrize("text", SPELLINGS)
def test_the_phrase_reader_and_from_rounded_read_digits_alike(text: str) -> None:
    rounded = _read(lambda: Range.from_rounded(text, "person"))
    phrase = _read(lambda: parse_quantity(text, policy=PLAIN))
    assert rounded == phrase


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("700,000", ".", ("7", 5)),
        ("45,690", ".", ("4569", 1)),
        ("1.20", ".", ("120", -2)),
        ("0.0", ".", ("0", -1)),
        ("2.5e6", ".", ("25", 5)),
        ("10e5", ".", ("10", 5)),
        (".5", ".", ("5", -1)),
        ("550.000", ",", ("55", 4)),
        ("1.000,5", ",", ("10005", -1)),
    ],
)
def test_numeral_digits(text: str, mark: str, expected: tuple[str, int]) -> None:
    assert expected == numeral_digits(text, mark)
