"""A table's header with many relations: written as ``relations_json``, read either way."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

import claimkit as ck
from claimkit.claims.hedges import HedgePolicy
from claimkit.files._table import COMPACT_RELATIONS, header_text, read_header

MANY = COMPACT_RELATIONS + 1
DAY = ck.Period.month(2024, 11)


def _relations(n: int) -> list[ck.Sum]:
    measure = [ck.Sum("casualties", ["killed", "wounded"])]
    return measure + [ck.Sum(f"both{k}", [f"a{k}", f"b{k}"], over="subject") for k in range(n - 1)]


def _claim(claim_id: str, measure: str, subject: str, value: ck.Range) -> ck.Claim:
    return ck.Claim(id=claim_id, measure=measure, subject=subject, period=DAY, value=value)


def _read(text: str) -> tuple[ck.Sum, ...]:
    return read_header(text, "claims.csv", None, 64).relations


def _compact(relations: list[ck.Sum]) -> str:
    """Return a header with ``relations_json``, and check that it holds it."""
    text = header_text(ck.ClaimSet((), relations=relations), HedgePolicy())
    assert "relations_json = '''" in text
    return text


def test_many_relations_are_written_as_json_and_read_back() -> None:
    relations = _relations(MANY)
    text = _compact(relations)
    assert "[[relations]]" not in text
    assert tuple(relations) == _read(text)
    # One relation a line, in the JSON form of a claims file's relations.
    lines = tomllib.loads(text)["relations_json"].splitlines()
    assert [
        "[",
        '{"total": "casualties", "parts": ["killed", "wounded"], "over": "measure"},',
    ] == lines[:2]


def test_few_relations_stay_toml_tables() -> None:
    relations = _relations(COMPACT_RELATIONS)
    text = header_text(ck.ClaimSet((), relations=relations), HedgePolicy())
    assert "relations_json" not in text
    assert text.count("[[relations]]") == COMPACT_RELATIONS
    assert tuple(relations) == _read(text)


def test_toml_tables_of_many_relations_are_still_read() -> None:
    relations = _relations(MANY)
    tables = [
        f"[[relations]]\ntotal = {json.dumps(s.total)}\nparts = {json.dumps(s.parts)}\n"
        f"over = {json.dumps(s.over)}\n"
        for s in relations
    ]
    assert tuple(relations) == _read("format_version = 1\n" + "".join(tables))


def test_names_with_quotes_and_other_characters_survive() -> None:
    odd = ["it's", 'say "so"', "a\\b", "Україна", "del\x7fete", "tab\tbed", "'''"]
    relations = [*_relations(MANY), ck.Sum("odd", odd, over="subject")]
    text = _compact(relations)
    assert tuple(relations) == _read(text)


def test_a_custom_policy_and_count_units_beside_many_relations() -> None:
    ck.define_count_unit("tank")
    claim = _claim("v", "losses", "russia", ck.Range.exact(3, "tank"))
    policy = HedgePolicy(rounding="exact")
    text = header_text(ck.ClaimSet([claim], relations=_relations(MANY)), policy)
    assert text.startswith('format_version = 1\ncount_units = [\n    "tank",\n]\n')
    header = read_header(text, "claims.csv", None, 64)
    assert policy == header.policy
    assert tuple(_relations(MANY)) == header.relations


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_claims_file_with_many_relations_round_trips(tmp_path: Path, suffix: str) -> None:
    claims = ck.ClaimSet(
        [
            _claim("k", "killed", "a0", ck.Range.exact(3, "person")),
            _claim("b", "casualties", "both0", ck.Range.exact(4, "person")),
        ],
        relations=_relations(MANY),
    )
    path = tmp_path / f"claims.{suffix}"
    ck.dump(claims, path)
    assert claims == ck.load(path)
    if suffix == "csv":
        assert "# relations_json = '''" in path.read_text(encoding="utf-8")


def _header_with(bad: str, where: int = 40) -> str:
    """Return a compact header whose relation ``where`` is replaced by ``bad``."""
    text = _compact(_relations(MANY))
    lines = text.splitlines()
    first = lines.index("relations_json = '''") + 2
    lines[first + where] = bad + ","
    return "\n".join(lines) + "\n"


def _error(text: str) -> ck.ClaimsFileError:
    with pytest.raises(ck.ClaimsFileError) as caught:
        _read(text)
    return caught.value


def test_a_bad_relation_in_json_names_the_header_line_and_the_relation() -> None:
    text = _header_with('{"total": "x", "parts": ["y", "y"], "over": "subject"}')
    line = text.splitlines().index('{"total": "x", "parts": ["y", "y"], "over": "subject"},') + 1
    err = _error(text)
    assert (err.path, err.line, err.field) == ("claims.csv", line, "relations[40]")
    assert "part 'y' is listed twice" in str(err)
    err = _error(_header_with('{"total": "x", "parts": "y"}'))
    assert "relations[40].parts" == err.field
    assert 'expected an array of names such as ["killed", "wounded"]' in str(err)
    err = _error(_header_with('{"total": "x", "parts": ["y"], "over": "sides"}'))
    assert "relations[40].over" == err.field
    assert "'sides' is not one of 'measure' or 'subject'" in str(err)
    err = _error(_header_with('{"total": "x", "parts": ["y"], "sum": 1}'))
    assert "unknown key 'sum'" in str(err)


def test_bad_json_names_the_header_line() -> None:
    text = _header_with('{"total": "x", "parts": ["y"]')
    line = text.splitlines().index('{"total": "x", "parts": ["y"],') + 1
    err = _error(text)
    assert "not valid JSON" in str(err)
    assert (err.path, err.line) == ("claims.csv", line + 1)
    err = _error(_header_with('{"total": "x", "total": "y", "parts": ["y"]}'))
    assert "the key 'total' appears twice" in str(err)
    err = _error(_header_with('{"total": "\\ud800", "parts": ["y"]}'))
    assert "lone surrogate" in str(err)


def test_relations_json_must_be_a_string_of_an_array_and_written_once() -> None:
    err = _error("format_version = 1\nrelations_json = 3\n")
    assert (err.line, err.field) == (2, "relations_json")
    assert "expected a string holding a JSON array of relations, got an integer 3" in str(err)
    err = _error('format_version = 1\nrelations_json = \'{"total": "x"}\'\n')
    assert "relations" == err.field
    assert "expected an array of relation objects" in str(err)
    both = (
        'format_version = 1\nrelations_json = \'[]\'\n[[relations]]\ntotal = "x"\nparts = ["y"]\n'
    )
    err = _error(both)
    assert "written twice" in str(err)
    assert "relations_json" == err.field
    assert () == _read("format_version = 1\nrelations_json = '[]'\n")


def test_the_distributed_reader_splits_relations_json_off_the_header() -> None:
    pytest.importorskip("dask.dataframe")
    from claimkit.distributed._input import _split_header

    policy = HedgePolicy(rounding="exact")
    text = header_text(ck.ClaimSet((), relations=_relations(MANY)), policy)
    rest, relations = _split_header(text, "claims.parquet", None)
    assert tuple(_relations(MANY)) == relations
    assert "relations" not in rest
    assert read_header(rest, "claims.parquet", None, 64).policy == policy
