from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

import claimkit as ck
from claimkit.errors import ClaimsFileError, InvalidClaimError
from claimkit.files import claimsfile as io

BASE = """\
format_version = 1

[policy]
approx_rel = 0.0

[sources.rutte]
name = "Mark Rutte"
role = "NATO Secretary General"
date = 2024-12-12
relation = "independent"

[periods.war]
start = 2022-02-24
end = 2024-12-12

[[claims]]
id = "rutte-total"
measure = "casualties"
subject = "both"
period = "war"
value = "over one million"
source = "rutte"

[[claims]]
id = "nov"
measure = "casualties"
subject = "russia"
period = "2024-11"
value = "approximately 45,690"
quote = "approximately 45,690 casualties"

[[relations]]
total = "both"
parts = ["russia", "ukraine"]
over = "subject"
"""

WAR = ck.Period(date(2022, 2, 24), date(2024, 12, 12))


def line_of(text: str, fragment: str) -> int:
    """Return the 1-based line on which ``fragment`` first occurs in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1


def error_for(old: str, new: str, *, text: str = BASE, fmt: io.Format = "toml") -> ClaimsFileError:
    assert old in text
    changed = text.replace(old, new, 1)
    with pytest.raises(ClaimsFileError) as info:
        io.loads(changed, format=fmt, name="claims.toml")
    return info.value


# --------------------------------------------------------------------------- reading


def test_a_phrase_is_read_under_the_files_policy() -> None:
    claims = io.loads(BASE)
    assert ck.Range.from_rounded("45,690", "person") == claims["nov"].value


def test_sources_are_referred_to_by_id() -> None:
    rutte = io.loads(BASE)["rutte-total"].source
    expected = ck.Source(
        "Mark Rutte",
        id="rutte",
        role="NATO Secretary General",
        date=date(2024, 12, 12),
        relation="independent",
    )
    assert expected == rutte


def test_a_named_period_is_shared_by_claims() -> None:
    assert WAR == io.loads(BASE)["rutte-total"].period


def test_relations_are_read() -> None:
    expected = (ck.Sum("both", ["russia", "ukraine"], over="subject"),)
    assert expected == io.loads(BASE).relations


def test_the_kind_follows_from_a_rate_word() -> None:
    claims = io.loads(BASE.replace('"over one million"', '"over 10,000 a week"'))
    assert "rate" == claims["rutte-total"].kind


def test_explicit_bounds_are_read_and_a_missing_end_is_unbounded() -> None:
    claims = io.loads(BASE.replace('value = "over one million"', "lo = 1000000\nlo_open = true"))
    assert ck.Range.more_than(1_000_000, "person") == claims["rutte-total"].value


def test_a_printed_range_is_read_exactly() -> None:
    claims = io.loads(BASE.replace('"over one million"', '"[1,000,000, 1,200,000)"'))
    expected = ck.Range(1_000_000, 1_200_000, "person", hi_open=True)
    assert expected == claims["rutte-total"].value


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('period = "2024"', ck.Period.year(2024)),
        ('period = "2024-11-05"', ck.Period.day(date(2024, 11, 5))),
        ("start = 2024-11-01\nend = 2024-11-08", ck.Period(date(2024, 11, 1), date(2024, 11, 8))),
        (
            'since = "2024-11-01"\nuntil = "2024-11-08"',
            ck.Period(date(2024, 11, 1), date(2024, 11, 8)),
        ),
        ("week_ending = 2024-12-11", ck.Period.week_ending(date(2024, 12, 11))),
    ],
)
def test_each_period_form_is_read(entry: str, expected: ck.Period) -> None:
    claims = io.loads(BASE.replace('period = "2024-11"', entry))
    assert expected == claims["nov"].period


def test_count_units_are_defined_for_the_claims() -> None:
    text = BASE.replace("format_version = 1", 'format_version = 1\ncount_units = ["drone"]')
    text = text.replace('value = "approximately 45,690"', 'unit = "drone"\nvalue = "45,690"')
    text = text.replace(
        'measure = "casualties"\nsubject = "russia"', 'measure = "drones"\nsubject = "air"'
    )
    assert "drone" == io.loads(text)["nov"].value.unit


def test_a_policy_mapping_changes_fields_of_the_files_policy() -> None:
    claims = io.loads(BASE, policy={"rounding": "exact"})
    assert ck.Range.exact(45_690, "person") == claims["nov"].value


def test_a_policy_replaces_the_files_policy() -> None:
    policy = ck.HedgePolicy(approx_rel=0.1)
    expected = ck.parse_quantity("approximately 45,690", policy=policy)
    assert expected == io.loads(BASE, policy=policy)["nov"].value


def test_an_unknown_policy_field_in_a_mapping_is_refused() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="unknown hedge policy field 'aprox_rel'"):
        io.loads(BASE, policy={"aprox_rel": 0.1})


def test_json_has_the_same_structure() -> None:
    claims = io.loads(BASE)
    assert claims == io.loads(io.dumps(claims, format="json"), format="json")


def test_load_takes_the_format_from_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_text(io.dumps(io.loads(BASE), format="json"), encoding="utf-8")
    assert io.loads(BASE) == io.load(path)


def test_an_unknown_suffix_needs_a_format(tmp_path: Path) -> None:
    path = tmp_path / "claims.txt"
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(ClaimsFileError, match="pass format='toml'"):
        io.load(path)


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert io.loads(BASE) == io.load(path)


# --------------------------------------------------------------------------- errors


def test_a_wrong_type_names_line_key_path_and_expectation() -> None:
    err = error_for('subject = "russia"', "subject = 5")
    assert (err.path, err.line, err.field) == (
        "claims.toml",
        line_of(BASE, 'subject = "russia"'),
        "claims[1].subject",
    )
    assert "expected a string, got an integer 5" in str(err)


def test_an_unknown_source_id_is_named_with_a_suggestion() -> None:
    err = error_for('source = "rutte"', 'source = "rute"')
    assert (line_of(BASE, 'source = "rutte"'), "claims[0].source") == (err.line, err.field)
    assert "unknown source 'rute' (did you mean 'rutte'?)" in str(err)


def test_a_bad_date_string_is_named() -> None:
    err = error_for('period = "2024-11"', 'since = "2024-02-30"\nuntil = "2024-03-05"')
    assert (line_of(BASE, 'period = "2024-11"'), "claims[1].since") == (err.line, err.field)
    assert "'2024-02-30' is not a date" in str(err)


def test_a_bad_toml_date_is_a_syntax_error_with_its_line() -> None:
    err = error_for("end = 2024-12-12", "end = 2024-02-30")
    assert line_of(BASE, "end = 2024-12-12") == err.line
    assert "not valid TOML" in str(err)


def test_a_date_time_is_refused_with_the_date_to_write() -> None:
    err = error_for("end = 2024-12-12", "end = 2024-12-12T10:00:00")
    assert "periods.war.end" == err.field
    assert "write the date alone: 2024-12-12" in str(err)


def test_a_month_that_does_not_exist_is_named() -> None:
    err = error_for('period = "2024-11"', 'period = "2024-13"')
    assert "claims[1].period" == err.field
    assert "month 13 is not a month" in str(err)


def test_an_unknown_period_name_is_named_with_a_suggestion() -> None:
    err = error_for('period = "war"', 'period = "wr"')
    assert "no period named 'wr' (did you mean 'war'?)" in str(err)


def test_an_end_before_the_start_is_named() -> None:
    err = error_for("end = 2024-12-12", "end = 2021-12-12")
    assert (line_of(BASE, "end = 2024-12-12"), "periods.war.end") == (err.line, err.field)


def test_a_period_given_twice_is_refused() -> None:
    err = error_for('period = "2024-11"', 'period = "2024-11"\nweek_ending = 2024-12-11')
    assert "claims[1]" == err.field
    assert "the period twice (period, week_ending)" in str(err)


def test_a_missing_period_lists_the_forms() -> None:
    err = error_for('period = "2024-11"\n', "")
    assert "gives no period" in str(err)
    assert "week_ending" in str(err)


def test_an_end_without_a_start_is_refused() -> None:
    err = error_for('period = "2024-11"', "end = 2024-12-01")
    assert "claims[1].end" == err.field


def test_a_bad_phrase_shows_where_reading_failed() -> None:
    err = error_for('"approximately 45,690"', '"approximately 45,690 tanks"')
    assert (line_of(BASE, 'approximately 45,690"'), "claims[1].value") == (err.line, err.field)
    assert "cannot read the value 'approximately 45,690 tanks'" in str(err)
    assert "^" in str(err)


def test_a_number_as_value_asks_for_a_phrase_or_bounds() -> None:
    err = error_for('"approximately 45,690"', "45690")
    assert "claims[1].value" == err.field
    assert "for bounds as numbers use lo and hi" in str(err)


def test_a_value_given_twice_is_refused() -> None:
    err = error_for('value = "over one million"', 'value = "over one million"\nlo = 1')
    assert "claims[0].lo" == err.field


def test_a_missing_value_says_what_to_write() -> None:
    err = error_for('value = "over one million"\n', "")
    assert "claims[0]" == err.field
    assert "missing the value" in str(err)


def test_an_unknown_unit_is_named() -> None:
    err = error_for('value = "over one million"', 'unit = "bananas"\nvalue = "over one million"')
    assert "claims[0].unit" == err.field


def test_a_kind_that_does_not_fit_the_unit_is_named() -> None:
    err = error_for('"over one million"', '"over one million a week"\nkind = "total"')
    assert "claims[0].kind" == err.field
    assert "kind='rate'" in str(err)


def test_a_unit_that_is_neither_a_count_nor_a_rate_is_named() -> None:
    err = error_for('value = "over one million"', 'unit = "person / day ** 2"\nvalue = "5"')
    assert "claims[0].unit" == err.field
    assert "cannot tell whether the claim is a total or a rate" in str(err)


def test_the_kind_follows_the_unit_when_left_out() -> None:
    text = BASE.replace('"approximately 45,690"', '"approximately 45,690 a week"')
    assert ["total", "rate"] == [c.kind for c in io.loads(text).claims]


def test_an_invalid_measure_name_is_named_with_a_suggestion() -> None:
    err = error_for('subject = "russia"', 'subject = "Russia"')
    assert "claims[1].subject" == err.field
    assert "did you mean 'russia'" in str(err)


def test_duplicate_ids_name_both_claims() -> None:
    err = error_for('id = "nov"', 'id = "rutte-total"')
    assert (line_of(BASE, 'id = "nov"'), "claims[1].id") == (err.line, err.field)
    assert "used twice, by claims[0] and claims[1]" in str(err)


def test_an_unknown_key_is_named_with_a_suggestion() -> None:
    err = error_for("approx_rel = 0.0", "aprox_rel = 0.0")
    assert (4, "policy.aprox_rel") == (err.line, err.field)
    assert "did you mean 'approx_rel'?" in str(err)


def test_a_bad_policy_value_is_named() -> None:
    err = error_for("approx_rel = 0.0", "approx_rel = -1")
    assert "policy.approx_rel" == err.field
    assert "must be a number in [0, 10], got -1" in str(err)


def test_a_relation_outside_the_vocabulary_is_listed() -> None:
    err = error_for('relation = "independent"', 'relation = "neutral"')
    assert "sources.rutte.relation" == err.field
    assert "'party', 'adversary', 'independent' or 'unknown'" in str(err)


def test_a_bad_relation_names_its_table() -> None:
    err = error_for('parts = ["russia", "ukraine"]', 'parts = ["russia", "russia"]')
    assert (line_of(BASE, "[[relations]]"), "relations[0]") == (err.line, err.field)


def test_a_claim_set_error_names_the_claim() -> None:
    text = BASE.replace("format_version = 1", 'format_version = 1\ncount_units = ["drone"]')
    err = error_for('value = "approximately 45,690"', 'unit = "drone"\nvalue = "45,690"', text=text)
    assert "claims[1]" == err.field
    assert "does not convert" in str(err)


def test_a_missing_format_version_is_asked_for() -> None:
    err = error_for("format_version = 1\n", "")
    assert "format_version = 1" in str(err)


def test_a_newer_format_version_is_refused() -> None:
    err = error_for("format_version = 1", "format_version = 2")
    assert (1, "format_version") == (err.line, err.field)
    assert "newer claimkit" in str(err)


def test_a_toml_syntax_error_gives_its_line() -> None:
    err = error_for("[[relations]]", "[[relations]")
    assert line_of(BASE, "[[relations]]") == err.line
    assert "not valid TOML" in str(err)


def test_a_json_syntax_error_gives_its_line() -> None:
    text = '{\n  "format_version": 1,\n  "claims": [\n}\n'
    with pytest.raises(ClaimsFileError, match="not valid JSON") as info:
        io.loads(text, format="json")
    assert 4 == info.value.line


def test_a_json_error_gives_the_line_of_the_key() -> None:
    text = io.dumps(io.loads(BASE), format="json")
    err = error_for('"approximately 45,690"', '"approximately 45,69x"', text=text, fmt="json")
    assert (line_of(text, '"approximately 45,690"'), "claims[1].value") == (err.line, err.field)


def test_a_duplicate_json_key_is_refused() -> None:
    text = io.dumps(io.loads(BASE), format="json")
    err = error_for(
        '"subject": "russia",', '"subject": "russia", "subject": "both",', text=text, fmt="json"
    )
    assert "claims[1].subject" == err.field
    assert "appears twice" in str(err)


def test_an_inline_claim_is_found_by_its_id() -> None:
    text = (
        "format_version = 1\n\nclaims = [\n"
        '  {id = "b", measure = "m", subject = "s", period = "2024", value = "5"},\n'
        '  {id = "a", measure = "m", subject = "s", period = "2024-11", unit = 3},\n'
        "]\n"
    )
    with pytest.raises(ClaimsFileError) as info:
        io.loads(text)
    assert (5, "claims[1].unit") == (info.value.line, info.value.field)


def test_oversized_text_is_refused_unread() -> None:
    text = "#" * (io.MAX_BYTES + 1)
    with pytest.raises(ClaimsFileError, match="claims files are read up to 10,485,760 bytes"):
        io.loads(text)


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as stream:
        stream.truncate(io.MAX_BYTES + 1)
    with pytest.raises(ClaimsFileError, match="split it into several files") as info:
        io.load(path)
    assert str(path) == info.value.path


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("format_version = 1\nx = " + "[" * 100 + "]" * 100 + "\n", "toml"),
        ("format_version = 1\n" + ".".join(["a"] * 100_000) + " = 1\n", "toml"),
        ("format_version = 1\n[" + ".".join(["a"] * 100) + "]\n", "toml"),
        ("format_version = 1\nx = " + "{a = " * 100 + "1" + "}" * 100 + "\n", "toml"),
        ('{"format_version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "json"),
    ],
    ids=["toml-arrays", "toml-dotted-keys", "toml-header", "toml-inline-tables", "json-arrays"],
)
def test_deep_nesting_is_refused_before_parsing(text: str, fmt: io.Format) -> None:
    with pytest.raises(ClaimsFileError, match="claims files nest at most 32 levels") as info:
        io.loads(text, format=fmt)
    assert 2 == info.value.line or fmt == "json"


def test_text_that_is_not_utf8_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_bytes(b'format_version = 1\nx = "\xff"\n')
    with pytest.raises(ClaimsFileError, match="not UTF-8") as info:
        io.load(path)
    assert 2 == info.value.line


def test_a_json_array_at_the_top_is_refused() -> None:
    with pytest.raises(ClaimsFileError, match="expected a JSON object at the top"):
        io.loads("[]", format="json")


def test_the_error_message_starts_with_the_place() -> None:
    err = error_for('source = "rutte"', 'source = "rute"')
    assert str(err).startswith(f"claims.toml, line {err.line}, claims[0].source: ")


# --------------------------------------------------------------------------- writing


def test_a_phrase_is_written_back() -> None:
    text = io.dumps(io.loads(BASE))
    assert 'value = "approximately 45,690"' in text


def test_a_value_without_a_phrase_is_written_as_a_printed_range() -> None:
    claim = ck.Claim(
        id="a",
        measure="killed",
        subject="ukraine",
        period=WAR,
        kind="total",
        value=ck.Range(1.5, math.inf, "person", lo_open=True),
    )
    assert 'value = "(1.5, inf)"' in io.dumps(ck.ClaimSet([claim]))


def test_a_value_the_policy_cannot_read_is_written_as_bounds() -> None:
    claim = ck.Claim(
        id="a",
        measure="killed",
        subject="ukraine",
        period=WAR,
        kind="total",
        value=ck.Range(1.5, math.inf, "person", lo_open=True),
    )
    text = io.dumps(ck.ClaimSet([claim]), policy=ck.HedgePolicy(max_length=3))
    assert "lo = 1.5\nlo_open = true\n" in text
    assert ck.ClaimSet([claim]) == io.loads(text)


def test_a_phrase_that_reads_differently_under_a_new_policy_is_not_written() -> None:
    claims = io.loads(BASE)
    text = io.dumps(claims, policy=ck.HedgePolicy(rounding="exact"))
    assert 'value = "[45,685, 45,695]"' in text
    again = io.loads(text)
    assert [c.value for c in claims] == [c.value for c in again]
    assert (None, "over one million") == (again["nov"].phrase, again["rutte-total"].phrase)


def test_the_files_policy_is_written_back() -> None:
    claims = io.loads(BASE.replace("approx_rel = 0.0", "approx_rel = 0.25"))
    assert "approx_rel = 0.25" in io.dumps(claims)


def test_dump_writes_a_file_that_load_reads(tmp_path: Path) -> None:
    claims = io.loads(BASE)
    io.dump(claims, tmp_path / "out.toml")
    assert claims == io.load(tmp_path / "out.toml")


def test_strings_are_escaped() -> None:
    quote = 'a "quoted"\\ line\nwith\ttabs, \x00, \x7f and \u00a0'
    claim = ck.Claim(
        id="a",
        measure="killed",
        subject="ukraine",
        period=WAR,
        kind="total",
        value=ck.Range(1, 2, "person"),
        quote=quote,
        note="#not a comment",
    )
    claims = ck.ClaimSet([claim])
    assert claims == io.loads(io.dumps(claims))


def test_a_source_id_that_is_not_a_bare_key_is_quoted() -> None:
    source = ck.Source("Someone", id="who.said")
    claim = ck.Claim(
        id="a",
        measure="killed",
        subject="ukraine",
        period=WAR,
        kind="total",
        value=ck.Range(1, 2, "person"),
        source=source,
    )
    text = io.dumps(ck.ClaimSet([claim]))
    assert '[sources."who.said"]' in text
    assert ck.ClaimSet([claim]) == io.loads(text)


def test_two_sources_with_one_id_cannot_be_written() -> None:
    first = ck.Claim(
        id="a",
        measure="killed",
        subject="ukraine",
        period=WAR,
        kind="total",
        value=ck.Range(1, 2, "person"),
        source=ck.Source("Someone", id="s"),
    )
    second = first.replace(id="b", source=ck.Source("Someone else", id="s"))
    with pytest.raises(InvalidClaimError, match="different sources with the same id 's'"):
        io.dumps(ck.ClaimSet([first, second]))


def test_json_output_is_standard_json() -> None:
    claim = ck.Claim(
        id="a",
        measure="killed",
        subject="ukraine",
        period=WAR,
        kind="total",
        value=ck.Range(1.5, math.inf, "person", lo_open=True),
    )
    text = io.dumps(ck.ClaimSet([claim]), format="json", policy=ck.HedgePolicy(max_length=3))

    def refuse(constant: str) -> None:
        raise AssertionError(constant)

    document = json.loads(text, parse_constant=refuse)
    assert {"unit": "person", "lo": 1.5, "lo_open": True}.items() <= document["claims"][0].items()


def test_a_calendar_year_is_written_as_the_year() -> None:
    claim = ck.Claim(
        id="a",
        measure="killed",
        subject="ukraine",
        period=ck.Period.year(2023),
        kind="total",
        value=ck.Range(1, 2, "person"),
    )
    assert 'period = "2023"' in io.dumps(ck.ClaimSet([claim]))


def test_an_empty_claim_set_round_trips() -> None:
    assert ck.ClaimSet([]) == io.loads(io.dumps(ck.ClaimSet([])))


def test_a_bad_source_weight_is_named() -> None:
    err = error_for('relation = "independent"', 'relation = "independent"\nweight = 0')
    assert "sources.rutte.weight" == err.field
    assert "greater than 0" in str(err)


def test_a_lone_surrogate_in_text_is_refused_with_its_line() -> None:
    with pytest.raises(ClaimsFileError, match="lone surrogate") as info:
        io.loads("format_version = 1\n# \ud800\n")
    assert 2 == info.value.line


def test_a_lone_surrogate_escape_in_json_is_refused_with_its_key() -> None:
    text = io.dumps(io.loads(BASE), format="json")
    err = error_for('"approximately 45,690 casualties"', '"\\ud800"', text=text, fmt="json")
    assert "claims[1].quote" == err.field
    assert "lone surrogate" in str(err)


def test_a_lone_surrogate_cannot_be_written() -> None:
    claim = ck.Claim(
        id="a", measure="killed", subject="ukraine", period=WAR, kind="total",
        value=ck.Range(1, 2, "person"), quote="x\ud800",
    )  # fmt: skip
    with pytest.raises(InvalidClaimError, match="lone surrogate"):
        io.dumps(ck.ClaimSet([claim]))


def test_dumps_refuses_what_is_not_a_claim_set() -> None:
    with pytest.raises(ck.InvalidArgumentError, match="dumps\\(\\) writes a ClaimSet, got list"):
        io.dumps([])  # type: ignore[arg-type]


def test_written_toml_has_the_header_and_toml_dates() -> None:
    text = io.dumps(io.loads(BASE))
    assert text.startswith("# A claimkit claims file")
    assert "\nstart = 2022-02-24\nend = 2024-12-12\n" in text
    assert "\ndate = 2024-12-12\n" in text
    assert "\n[sources.rutte]\n" in text
    assert text.count("\n[[claims]]\n") == 2
