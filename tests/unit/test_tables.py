"""Claim tables: data frames, CSV and Parquet claims files, and results as frames."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import claimkit as ck
from claimkit.cli import main
from claimkit.files._table import MAX_ROW_ERRORS
from claimkit.tables import bounds_frame, from_frame, to_frame

WAR = datetime.date(2022, 2, 24)
NOV = ck.Period.month(2024, 11)


def _claim(claim_id: str, value: ck.Range, **changes: object) -> ck.Claim:
    fields: dict[str, object] = {"measure": "casualties", "subject": "russia", "period": NOV}
    fields.update(changes)
    return ck.Claim(id=claim_id, value=value, **fields)  # type: ignore[arg-type]


def _table(**columns: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "measure": ["casualties", "casualties"],
        "subject": ["russia", "russia"],
        "end": ["2024-12-12", "2024-12-12"],
    }
    base.update(columns)
    return pd.DataFrame(base)


# --------------------------------------------------------------------------- from_frame


def test_a_compilation_is_read_with_column_names_and_defaults() -> None:
    table = pd.DataFrame(
        {
            "date": [datetime.date(2024, 12, 12), datetime.date(2024, 12, 12)],
            "country": ["russia", "ukraine"],
            "type": ["casualties", "killed"],
            "low": [None, 40_000.0],
            "high": [None, 45_000.0],
            "estimate": ["about 750,000", "43,000"],
            "outlet": ["Zelenskyy", "Zelenskyy"],
        }
    )
    claims = from_frame(
        table,
        columns={"end": "date", "subject": "country", "measure": "type", "lo": "low",
                 "hi": "high", "value": "estimate", "source_name": "outlet"},
        start=WAR,
    )  # fmt: skip
    first, second = claims
    assert ("row-0", "row-1") == claims.ids
    assert ck.Period(WAR, datetime.date(2024, 12, 12)) == first.period
    assert ck.parse_quantity("about 750,000") == first.value
    assert "about 750,000" == first.phrase
    assert ck.Range(40_000, 45_000, "person") == second.value
    assert second.phrase is None  # "43,000" does not read as [40,000, 45,000]
    assert "Zelenskyy" == second.source.name  # type: ignore[union-attr]


def test_a_bare_figure_is_read_as_its_rounding_interval_and_a_policy_changes_that() -> None:
    table = _table(value=["390,580", "about 700,000"])
    read = from_frame(table, start=WAR)
    assert ck.Range(390_575, 390_585, "person") == read["row-0"].value
    exact = from_frame(table, start=WAR, policy={"rounding": "exact"})
    assert ck.Range.exact(390_580, "person") == exact["row-0"].value


def test_periods_as_text_units_and_kinds() -> None:
    table = pd.DataFrame(
        {
            "id": ["nov", "q1", "weekly"],
            "measure": ["casualties"] * 3,
            "subject": ["russia"] * 3,
            "period": ["2024-11", "2025-Q1", "2024-11"],
            "value": ["45,690", "about 100,000", "over 10,000 a week"],
            "unit": ["person", None, None],
        }
    )
    claims = from_frame(table)
    assert NOV == claims["nov"].period
    assert ck.Period(datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)) == claims["q1"].period
    assert "rate" == claims["weekly"].kind
    assert "person / week" == claims["weekly"].value.unit


def test_a_pyarrow_table_and_datetime_columns_are_read() -> None:
    frame = _table(lo=[1.0, 2.0], hi=[3.0, None])
    frame["end"] = pd.to_datetime(frame["end"])
    claims = from_frame(pa.Table.from_pandas(frame), start=WAR)
    assert ck.Range.at_least(2.0, "person") == claims["row-1"].value
    assert claims == from_frame(frame, start=WAR)


def test_sources_by_id_from_a_table_or_from_source_objects() -> None:
    table = _table(lo=[1.0, 2.0], source=["mod", "gs"])
    sources = pd.DataFrame(
        {
            "id": ["mod", "gs"],
            "name": ["UK Ministry of Defence", "General Staff of Ukraine"],
            "relation": ["independent", "adversary"],
            "weight": [1.0, 0.5],
        }
    )
    claims = from_frame(table, start=WAR, sources=sources)
    gs = claims["row-1"].source
    assert gs is not None
    assert ("gs", "adversary", 0.5) == (gs.id, gs.relation, gs.weight)
    objects = [ck.Source("UK Ministry of Defence", id="mod"), ck.Source("GS", id="gs")]
    assert "GS" == from_frame(table, start=WAR, sources=objects)["row-1"].source.name  # type: ignore[union-attr]
    with pytest.raises(ck.ClaimsFileError, match=r"row 1, column 'source' = 'gs': unknown source"):
        from_frame(table, start=WAR, sources=objects[:1])


def test_every_bad_row_is_listed_in_one_error() -> None:
    table = pd.DataFrame(
        {
            "measure": ["casualties"] * 6,
            "subject": ["russia"] * 6,
            "end": ["2024-12-12", "2024-13-01", "2024-12-12", "2024-12-12", "2024-12-12", "x"],
            "lo": [1.0, 1.0, "many", 1.0, 5.0, 1.0],
            "hi": [2.0, 2.0, 2.0, 2.0, 3.0, 2.0],
            "unit": ["person", "person", "person", "bananas", "person", "person"],
        }
    )
    with pytest.raises(ck.ClaimsFileError) as caught:
        from_frame(table, start=WAR)
    text = str(caught.value)
    assert text.startswith("5 rows cannot be read:")
    assert "row 0" not in text
    assert "row 1, column 'end' = '2024-13-01'" in text
    assert "row 2, column 'lo' = 'many': expected a number" in text
    assert "row 3, column 'unit' = 'bananas'" in text
    assert "row 4, column 'lo' = 5.0" in text
    assert "row 5, column 'end' = 'x'" in text


def test_the_error_shows_at_most_the_limit_and_counts_the_rest() -> None:
    n = MAX_ROW_ERRORS + 3
    table = pd.DataFrame(
        {"measure": ["Casualties"] * n, "subject": ["russia"] * n, "period": ["2024-11"] * n,
         "value": ["5"] * n}
    )  # fmt: skip
    with pytest.raises(ck.ClaimsFileError) as caught:
        from_frame(table)
    text = str(caught.value)
    assert text.startswith(f"{n} rows cannot be read:")
    assert f"row {MAX_ROW_ERRORS - 1}, column 'measure' = 'Casualties'" in text
    assert f"row {MAX_ROW_ERRORS}," not in text
    assert "... and 3 more" in text


def test_a_missing_column_is_named_with_the_columns_there_are() -> None:
    with pytest.raises(ck.ClaimsFileError, match=r"no column 'subject'.*'measure', 'end', 'lo'"):
        from_frame(pd.DataFrame({"measure": ["x"], "end": ["2024-12-12"], "lo": [1.0]}))
    with pytest.raises(ck.ClaimsFileError, match=r"maps 'end' to 'date', which the table"):
        from_frame(_table(lo=[1.0, 1.0]), columns={"end": "date"})
    with pytest.raises(ck.InvalidArgumentError, match=r"'ending' is not a column"):
        from_frame(_table(lo=[1.0, 1.0]), columns={"ending": "end"})


def test_duplicate_ids_name_both_rows() -> None:
    with pytest.raises(ck.ClaimsFileError, match=r"row 1, column 'id' = 'a'.*rows 0 and 1"):
        from_frame(_table(id=["a", "a"], lo=[1.0, 1.0]), start=WAR)


def test_without_pandas_and_pyarrow_from_frame_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ck.MissingDependencyError, match=r"claimkit\[tables\]"):
        from_frame(object())
    with pytest.raises(ck.MissingDependencyError, match=r"to_frame\(\) needs pandas"):
        to_frame(ck.ClaimSet([]))


def test_not_a_frame_is_an_argument_error() -> None:
    with pytest.raises(ck.InvalidArgumentError, match=r"DataFrame or a pyarrow Table, got list"):
        from_frame([{"measure": "x"}])
    with pytest.raises(ck.InvalidArgumentError, match=r"got int"):
        to_frame(42)  # type: ignore[arg-type]
    with pytest.raises(ck.InvalidArgumentError, match=r"start must be a datetime.date"):
        from_frame(_table(lo=[1.0, 1.0]), start="2022-02-24")  # type: ignore[arg-type]


def test_import_claimkit_and_loading_a_csv_import_neither_pandas_nor_pyarrow(
    tmp_path: Path,
) -> None:
    path = tmp_path / "claims.csv"
    ck.dump(ck.ClaimSet([_claim("a", ck.Range.exact(5, "person"))]), path)
    code = (
        "import sys, claimkit\n"
        "assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules\n"
        f"claims = claimkit.load({str(path)!r})\n"
        "assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules\n"
        "print(len(claims))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "" == done.stderr
    assert "1\n" == done.stdout


# --------------------------------------------------------------------------- to_frame


def test_a_claim_set_frame_carries_its_relations_and_policy() -> None:
    killed = _claim("k", ck.Range.exact(100, "person"), measure="killed")
    wounded = _claim("w", ck.parse_quantity("about 300", policy=ck.HedgePolicy(approx_rel=0.1)),
                     measure="wounded", phrase="about 300",
                     policy=ck.HedgePolicy(approx_rel=0.1))  # fmt: skip
    claims = ck.ClaimSet([killed, wounded], relations=[ck.Sum("casualties", ["killed", "wounded"])])
    frame = to_frame(claims)
    assert [None, "about 300"] == [None if pd.isna(v) else v for v in frame["value"]]
    assert "approx_rel = 0.1" in frame.attrs["claimkit"]
    assert claims == from_frame(frame)
    assert () == from_frame(frame.drop(columns=[]).pipe(_without_attrs)).relations


def _without_attrs(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.attrs = {}
    return frame


def test_report_and_bounds_frames() -> None:
    a = _claim("a", ck.Range.exact(45_690, "person"))
    b = _claim("b", ck.Range.more_than(50_000, "person"), source=ck.Source("X"))
    report = ck.check([a, b])
    findings = to_frame(report)
    same = findings[findings["kind"] == "same-quantity"].iloc[0]
    assert ("conflict", "a, b", "X", -4310.0) == (
        same["verdict"],
        same["claims"],
        same["sources"],
        same["margin_abs"],
    )
    assert "gap" in same["description"]
    bounds = bounds_frame(ck.check([a, a.replace(id="c", value=ck.Range(0, 50_000, "person"))]))
    row = bounds.iloc[0]
    assert (45_690.0, 45_690.0, False) == (row["exact_lo"], row["exact_hi"], row["exact_lo_open"])
    assert (NOV.start, NOV.end, "claims") == (row["start"], row["end"], row["basis"])
    # a conflicting quantity's bounds stand on the least relaxation, and the frame says so
    assert ["relaxed"] == list(bounds_frame(report)["basis"])


def test_a_set_reconciliation_frame_has_a_row_per_claim() -> None:
    a = _claim("a", ck.Range(100, 200, "person"))
    b = _claim("b", ck.Range(300, 400, "person"))
    frame = to_frame(ck.reconcile(ck.ClaimSet([a, b]), method="relax"))
    assert ["a", "b"] == list(frame["claim"])
    assert [False, True] == list(frame["moved"])
    assert (frame["adjusted_lo"] <= frame["original_lo"]).all()
    assert (frame["adjusted_hi"] >= frame["original_hi"]).all()


# --------------------------------------------------------------------------- files


def test_csv_and_parquet_claims_files_round_trip_the_example(tmp_path: Path) -> None:
    claims = ck.load(Path(ck.__file__).parent / "_example" / "nato_2024.toml")
    for suffix in ("csv", "parquet"):
        ck.dump(claims, tmp_path / f"claims.{suffix}")
        assert claims == ck.load(tmp_path / f"claims.{suffix}")
    text = (tmp_path / "claims.csv").read_text(encoding="utf-8")
    assert text.startswith("# format_version = 1\n")
    assert "# [[relations]]" in text


def test_a_plain_csv_has_no_header_and_its_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    ck.dump(ck.ClaimSet([_claim("a", ck.Range.exact(5, "person"))]), path)
    assert path.read_text(encoding="utf-8").startswith("id,measure,")
    path.write_text(
        '# format_version = 1\n# [policy]\n# rounding = "exact"\n'
        "id,measure,subject,period,value,lo\n"
        "a,casualties,russia,2024-11,45690,\n"
        "b,casualties,russia,2024-13,5,\n"
        "c,casualties,russia,2024-11,,lots\n",
        encoding="utf-8",
    )
    with pytest.raises(ck.ClaimsFileError) as caught:
        ck.load(path)
    text = str(caught.value)
    assert f"{path}: 2 rows cannot be read:" in text
    assert "line 6, row 1, column 'period' = '2024-13'" in text
    assert "line 7, row 2, column 'lo' = 'lots'" in text
    path.write_text(path.read_text().replace("2024-13", "2024-12").replace("lots", "1"))
    assert ck.Range.exact(45_690, "person") == ck.load(path)["a"].value


def test_a_csv_with_an_unknown_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("id,mesure,subject\n", encoding="utf-8")
    with pytest.raises(ck.ClaimsFileError, match=r"unknown column 'mesure' \(did you mean"):
        ck.load(path)


def test_the_cli_reads_a_csv_and_prints_findings_as_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims.csv"
    a = _claim("a", ck.Range.exact(45_690, "person"))
    ck.dump(ck.ClaimSet([a, a.replace(id="b", value=ck.Range.at_least(50_000, "person"))]), path)
    assert 1 == main(["check", str(path), "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("kind,verdict,margin,margin_abs,unit,touching,claims,")
    assert any(line.startswith("same-quantity,conflict,") for line in lines[1:])


def test_a_bad_header_names_its_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "claims.txt"
    path.write_text(
        "# format_version = 1\n# [policy]\n# rounding = 'roughly'\nid,measure\n", encoding="utf-8"
    )
    with pytest.raises(ck.ClaimsFileError, match=r"line 3, policy.rounding: .*roughly"):
        ck.load(path, format="csv")


def test_a_file_that_is_not_parquet_is_a_claims_file_error(tmp_path: Path) -> None:
    path = tmp_path / "claims.parquet"
    path.write_text("id,measure\n", encoding="utf-8")
    with pytest.raises(ck.ClaimsFileError, match=r"not a Parquet file"):
        ck.load(path)


def test_line_breaks_inside_cells_survive_a_csv_file(tmp_path: Path) -> None:
    claim = _claim("a", ck.Range.exact(5, "person"), note="\r", quote="two\nlines, and\r\n more")
    path = tmp_path / "claims.csv"
    ck.dump(ck.ClaimSet([claim]), path)
    assert ck.ClaimSet([claim]) == ck.load(path)
