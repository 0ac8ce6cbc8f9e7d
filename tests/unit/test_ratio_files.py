"""Ratio claims in claims files (TOML, JSON, CSV, Parquet) and data frames."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.files._table import COLUMNS

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))
NOV = ck.Period.month(2024, 11)


def _claims() -> ck.ClaimSet:
    return ck.ClaimSet(
        [
            ck.Claim(
                id="killed", measure="killed", subject="russia", period=WAR,
                value=ck.Range.exact(198_000, "person"),
            ),
            ck.Claim(
                id="one-in-three", measure="killed", subject="russia", period=WAR,
                of=ck.Quantity("wounded"), value=ck.Range(0.3, 0.36, "dimensionless"),
                note="illustrative",
            ),
            ck.Claim(
                id="share", measure="casualties", subject="russia", period=WAR,
                of=ck.Quantity("casualties", "both", ck.Period.month(2024, 10)),
                value=ck.parse_quantity("at least 20", "percent"), phrase="at least 20",
                basis="rate",
            ),
            *ck.highest_month(
                ck.Quantity("casualties", "russia", NOV),
                ck.Period(date(2024, 9, 5), date(2024, 12, 1)),
                id="nov-highest",
            ),
        ]
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_ratio_claims_round_trip_through_claims_files(fmt: str) -> None:
    claims = _claims()
    text = ck.dumps(claims, format=fmt)  # type: ignore[arg-type]
    assert ck.loads(text, format=fmt) == claims  # type: ignore[arg-type]


def test_a_denominator_is_written_as_what_differs_from_the_claim() -> None:
    text = ck.dumps(_claims())
    assert 'of = "wounded"' in text  # same subject and period: the measure alone
    assert 'basis = "rate"' in text
    # The share divides by another subject and month; the month comparison by another
    # month (the first cut to the period) of the same subject.
    assert 'measure = "casualties"\nsubject = "both"\nperiod = "2024-10"' in text
    assert 'measure = "casualties"\nstart = 2024-09-05\nend = 2024-10-01' in text


def test_a_ratio_file_reads_with_of_as_a_measure_or_a_table() -> None:
    text = """
    format_version = 1
    [[claims]]
    id = "third"
    measure = "killed"
    subject = "russia"
    period = "2024"
    of = "wounded"
    lo = 0.3
    hi = 0.4
    [[claims]]
    id = "change"
    measure = "killed"
    subject = "russia"
    period = "2024-11"
    kind = "ratio"
    of = {measure = "killed", since = 2024-10-01, until = 2024-11-01}
    value = "[1.15, 1.25]"
    """
    third, change = ck.loads(text)
    assert third.kind == "ratio"
    assert third.value == ck.Range(0.3, 0.4, "dimensionless")
    assert third.of == ck.Quantity("wounded", "russia", ck.Period.year(2024))
    assert change.of == ck.Quantity("killed", "russia", ck.Period.month(2024, 10))


_CLAIM = """
format_version = 1
[[claims]]
id = "r"
measure = "killed"
subject = "russia"
period = "2024"
{extra}
"""


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ('of = "Wounded"\nlo = 0.3', "claims[0].of", "of 'Wounded' is not a measure name"),
        ("of = 3\nlo = 0.3", "claims[0].of", "expected a measure"),
        (
            'of = {measure = "wounded", subjct = "russia"}\nlo = 0.3',
            "claims[0].of.subjct",
            "did you mean 'subject'?",
        ),
        ('of = {subject = "russia"}\nlo = 0.3', "claims[0].of", "missing key 'measure'"),
        (
            'of = {measure = "wounded", subject = "Russia"}\nlo = 0.3',
            "claims[0].of.subject",
            "subject 'Russia' is not a valid name",
        ),
        (
            'of = {measure = "wounded", period = "2024-13"}\nlo = 0.3',
            "claims[0].of.period",
            "month",
        ),
        ('of = "wounded"\nlo = 0.3\nbasis = "mean"', "claims[0].basis", "'mean' is not one of"),
        ('of = "wounded"\nlo = 0.3\nkind = "total"', "claims[0].of", "names the denominator"),
        ('unit = "percent"\nlo = 20', "claims[0]", "kind='ratio'"),
        ('of = "wounded"\nlo = 3\nunit = "person"', "claims[0]", "a ratio needs a value in"),
    ],
)
def test_ratio_errors_in_files_are_located(extra: str, field: str, message: str) -> None:
    with pytest.raises(ck.ClaimsFileError, match=message) as err:
        ck.loads(_CLAIM.format(extra=extra), name="ratios.toml")
    assert err.value.path == "ratios.toml"
    assert err.value.field == field
    assert err.value.line is not None
    assert err.value.line >= 3


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_ratio_claims_round_trip_through_claim_tables(tmp_path: Path, suffix: str) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    claims = _claims()
    path = tmp_path / f"claims{suffix}"
    ck.dump(claims, path)
    assert ck.load(path) == claims


def test_ratio_claims_round_trip_through_data_frames() -> None:
    pytest.importorskip("pandas")
    from claimkit.tables import from_frame, to_frame

    claims = _claims()
    frame = to_frame(claims)
    assert {"of_measure", "of_subject", "of_start", "of_end", "basis"} <= set(COLUMNS)
    row = frame.set_index("id").loc["share"]
    assert (row.of_measure, row.of_subject, row.basis) == ("casualties", "both", "rate")
    assert from_frame(frame) == claims


def test_ratio_rows_in_a_table_are_read_and_their_errors_located() -> None:
    pandas = pytest.importorskip("pandas")
    from claimkit.tables import from_frame

    frame = pandas.DataFrame(
        {
            "measure": ["killed", "killed", "killed"],
            "subject": ["russia", "russia", "russia"],
            "period": ["2024", "2024", "2024"],
            "lo": [0.3, 0.3, 0.3],
            "hi": [0.4, 0.4, 0.4],
            "of_measure": ["wounded", None, "wounded"],
            "of_subject": [None, "ukraine", None],
            "of_start": [None, None, "2024-03-01"],
        }
    )
    with pytest.raises(ck.ClaimsFileError) as err:
        from_frame(frame)
    text = str(err.value)
    assert "row 1, column 'of_subject' = 'ukraine': 'of_subject' is given without" in text
    assert "row 2, column 'of_end': give both of_start and of_end" in text
    claim = from_frame(frame.iloc[:1])["row-0"]
    assert claim.of == ck.Quantity("wounded", "russia", ck.Period.year(2024))
    assert claim.value.unit == "dimensionless"


_NAMES = st.sampled_from(["killed", "wounded", "casualties"])
_SUBJECTS = st.sampled_from(["russia", "ukraine", "both"])
_MONTHS = st.builds(ck.Period.month, st.integers(2022, 2024), st.integers(1, 12))
_ENDS = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def _ratio_claims(draw: st.DrawFn) -> ck.Claim:
    measure, subject, period = draw(_NAMES), draw(_SUBJECTS), draw(_MONTHS)
    of = ck.Quantity(
        draw(_NAMES),
        draw(st.none() | _SUBJECTS),
        draw(st.none() | _MONTHS),
    )
    if (of.measure, of.subject or subject, of.period or period) == (measure, subject, period):
        of = ck.Quantity(of.measure, "ukraine" if subject != "ukraine" else "russia")
    lo, hi = sorted((draw(_ENDS), draw(_ENDS)))
    value = ck.Range(
        lo,
        draw(st.sampled_from([hi, float("inf")])),
        draw(st.sampled_from(["dimensionless", "percent"])),
        lo_open=draw(st.booleans()) and lo < hi,
        hi_open=draw(st.booleans()) and lo < hi,
    )
    return ck.Claim(
        id="r", measure=measure, subject=subject, period=period, of=of, value=value,
        basis=draw(st.sampled_from(["total", "rate"])),
    )  # fmt: skip


@given(_ratio_claims(), st.sampled_from(["toml", "json"]))
def test_any_ratio_claim_round_trips(claim: ck.Claim, fmt: str) -> None:
    claims = ck.ClaimSet([claim])
    assert ck.loads(ck.dumps(claims, format=fmt), format=fmt) == claims  # type: ignore[arg-type]


_PHRASES = """
format_version = 1
[[claims]]
id = "third"
measure = "killed"
subject = "russia"
period = "2024"
kind = "ratio"
value = "about one killed for every three wounded"
[[claims]]
id = "share"
measure = "killed"
subject = "russia"
period = "2024"
of = "casualties"
value = "about 70%"
[[claims]]
id = "plain"
measure = "killed"
subject = "russia"
period = "2024"
of = "casualties"
unit = "percent"
value = "at least 20"
"""


def test_ratio_phrases_in_files_are_read_written_and_read_back() -> None:
    third, share, plain = ck.loads(_PHRASES)
    # The phrase names both nouns: the claim's measure, and the denominator.
    assert third.of == ck.Quantity("wounded", "russia", ck.Period.year(2024))
    assert third.value == ck.parse_ratio("about one killed for every three wounded").value
    assert share.value == ck.Range(65, 75, "percent")
    assert share.phrase == "about 70%"
    assert plain.value == ck.Range.at_least(20, "percent")
    claims = ck.ClaimSet([third, share, plain])
    text = ck.dumps(claims)
    assert 'value = "about 70%"' in text
    assert ck.loads(text) == claims


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            'value = "about 70%"',
            'unit = "dimensionless"\nvalue = "about 70%"',
            "claims[1].unit",
            "reads as \\[65, 75\\] percent, in 'percent', not in the unit 'dimensionless'",
        ),
        (
            'value = "about 70%"',
            'value = "about 70 tanks"',
            "claims[1].value",
            "cannot read the value 'about 70 tanks'",
        ),
        (
            "about one killed for every three wounded",
            "about one in three",
            "claims[0]",
            "a ratio claim needs of=",
        ),
        (
            "about one killed for every three wounded",
            "about one soldier killed for every three wounded",
            "claims[0]",
            "a ratio claim needs of=",
        ),
    ],
)
def test_ratio_phrase_errors_in_files(old: str, new: str, field: str, message: str) -> None:
    with pytest.raises(ck.ClaimsFileError, match=message) as err:
        ck.loads(_PHRASES.replace(old, new))
    assert err.value.field == field


def test_ratio_phrases_in_tables() -> None:
    pandas = pytest.importorskip("pandas")
    from claimkit.tables import from_frame

    frame = pandas.DataFrame(
        {
            "measure": ["killed", "killed"],
            "subject": ["russia", "russia"],
            "period": ["2024", "2024"],
            "value": ["about 70%", "about 70%"],
            "unit": [None, "dimensionless"],
            "of_measure": ["casualties", "casualties"],
        }
    )
    with pytest.raises(ck.ClaimsFileError, match="row 1, column 'unit' = 'dimensionless'"):
        from_frame(frame)
    claim = from_frame(frame.iloc[:1])["row-0"]
    assert claim.value == ck.Range(65, 75, "percent")
    assert claim.phrase == "about 70%"


_CHECKED = """
format_version = 1
[periods]
war = {start = 2022-02-24, end = 2024-12-12}
[[claims]]
id = "killed"
measure = "killed"
subject = "russia"
period = "war"
value = "198,000"
[[claims]]
id = "wounded"
measure = "wounded"
subject = "russia"
period = "war"
value = "over 550,000"
[[claims]]
id = "one-in-three"
measure = "killed"
subject = "russia"
period = "war"
kind = "ratio"
value = "about one killed for every three wounded"
[[claims]]
id = "share"
measure = "killed"
subject = "russia"
period = "war"
of = "wounded"
value = "at least 40%"
"""


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_the_command_checks_a_file_of_ratio_claims(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimkit.cli import main

    path = tmp_path / "ratios.toml"
    path.write_text(_CHECKED, encoding="utf-8")
    assert main(["check", str(path), "--format", fmt]) == 1  # the claims conflict
    out = capsys.readouterr().out
    assert "one-in-three" in out
    assert "share" in out
    if fmt == "json":
        import json

        kinds = {f["kind"] for f in json.loads(out)["findings"]}
        assert {"ratio", "conflict-set"} <= kinds
