"""The key -> line index of claims files: lines of keys, and the nesting guard."""

from __future__ import annotations

import pytest

from claimkit.errors import ClaimsFileError
from claimkit.files import claimsfile as io
from claimkit.files._lines import LineIndex

CLAIM = 'id = "{id}"\nmeasure = "m"\nsubject = "s"\nperiod = "2024"\nvalue = "{value}"\n'


def claims_file(*claims: str, before: str = "") -> str:
    return "format_version = 1\n" + before + "".join(f"\n[[claims]]\n{c}" for c in claims)


def error_of(text: str, fmt: io.Format = "toml") -> ClaimsFileError:
    with pytest.raises(ClaimsFileError) as info:
        io.loads(text, format=fmt)
    return info.value


def test_a_header_inside_a_multiline_string_is_not_a_table() -> None:
    first = CLAIM.format(id="a", value="5") + 'note = """\n[[claims]]\nvalue = "x"\n"""\n'
    text = claims_file(first, CLAIM.format(id="b", value="five-ish"))
    err = error_of(text)
    last_line = text.count("\n")  # the second claim's value, the last line
    assert ("claims[1].value", last_line) == (err.field, err.line)


def test_brackets_in_strings_and_comments_do_not_nest() -> None:
    claim = CLAIM.format(id="a", value="5") + 'note = "' + "[{" * 40 + '"  # ' + "[" * 40 + "\n"
    assert "[{" * 40 == io.loads(claims_file(claim))["a"].note


def test_a_quoted_header_key_is_indexed_unquoted() -> None:
    before = '\n[sources."who.said"]\nname = "Someone"\nweight = -1\n'
    err = error_of(claims_file(before=before))
    assert ('sources."who.said".weight', 5) == (err.field, err.line)


def test_a_dotted_key_is_indexed_by_its_parts() -> None:
    index = LineIndex('a.b = 1\n[t]\n"c.d".e = 2\n', "toml")
    assert {("a", "b"): 1, ("t",): 2, ("t", "c.d", "e"): 3} == index.lines


def test_json_members_and_elements_are_indexed() -> None:
    index = LineIndex('{"a": [1,\n {"b": "x,[{"},\n []],\n "c": {}}', "json")
    expected = {("a",): 1, ("a", 0): 1, ("a", 1): 2, ("a", 1, "b"): 2, ("a", 2): 3, ("c",): 4}
    assert expected == index.lines


def test_deep_nesting_names_the_line_and_the_path() -> None:
    text = "format_version = 1\n\n[[claims]]\n" + 'id = "a"\nx = ' + "[" * 40 + "]" * 40 + "\n"
    err = error_of(text)
    assert (5, "claims[0].x" + "[0]" * 30) == (err.line, err.field)


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_input_too_deep_for_the_parser_is_a_claims_file_error(fmt: io.Format) -> None:
    opening = "x = " if fmt == "toml" else '{"x": '
    err = error_of(opening + "[" * 100_000 + "]" * 100_000 + "}" * (fmt == "json"), fmt)
    assert "nest" in str(err)


def test_a_valid_file_is_read_without_building_the_index() -> None:
    index = LineIndex("format_version = 1\n", "toml")
    assert index._found is None
    assert {("format_version",): 1} == index.lines
