from __future__ import annotations

import inspect

import pytest

import claimkit as ck
from claimkit import errors


def test_every_error_derives_from_claimkit_error() -> None:
    classes = [obj for _, obj in inspect.getmembers(errors, inspect.isclass)]
    assert classes
    for cls in classes:
        assert issubclass(cls, ck.ClaimkitError)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (ck.InvalidRangeError, ValueError),
        (ck.UnitError, ValueError),
        (ck.IncompatibleUnitsError, ValueError),
        (ck.PhraseError, ValueError),
        (ck.InvalidPeriodError, ValueError),
        (ck.UnknownIdError, LookupError),
        (ck.ClaimsFileError, ValueError),
        (ck.MissingDependencyError, ImportError),
    ],
)
def test_errors_subclass_the_fitting_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, builtin)


def test_phrase_error_points_at_the_position() -> None:
    err = ck.PhraseError("unexpected word 'bananas'", phrase="over 10 bananas", position=8)
    assert 8 == err.position
    assert "over 10 bananas" == err.phrase
    lines = str(err).splitlines()
    assert lines[-1].index("^") == lines[-2].index("b")


@pytest.mark.parametrize(
    ("phrase", "shown", "column"),
    [
        ("over\t10 bananas", "over\\t10 bananas", 9),
        ("over\n10 bananas", "over\\n10 bananas", 9),
        ("約 10 bananas", "約 10 bananas", 6),
        ("e\u0301 10 bananas", "e\u0301 10 bananas", 5),
    ],
    ids=["tab", "newline", "wide", "combining"],
)
def test_the_caret_stays_under_the_position(phrase: str, shown: str, column: int) -> None:
    err = ck.PhraseError("unexpected word", phrase=phrase, position=phrase.index("b"))
    *_, line, pointer = str(err).splitlines()
    assert ("    " + shown, " " * (4 + column) + "^") == (line, pointer)


def test_claims_file_error_says_where() -> None:
    err = ck.ClaimsFileError("expected a date", path="a.toml", line=3, field="claims[0].period")
    assert "a.toml, line 3, claims[0].period: expected a date" == str(err)


def test_unknown_id_error_reads_as_a_sentence() -> None:
    err = ck.UnknownIdError("no claim with id 'x'", key="x")
    assert "no claim with id 'x'" == str(err)
