"""Checking a table from its columns: claimkit.check(frame), table_claims, findings_frame."""

from __future__ import annotations

import datetime
import pickle
import re
import subprocess
import sys
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import claimkit as ck
from claimkit.engine import _steps
from claimkit.engine.columns import ClaimColumns, TableClaims
from claimkit.tables import (
    check_table,
    columnar,
    findings_frame,
    from_frame,
    table_claims,
    to_frame,
)

RELATION = ck.Sum("casualties", ["killed", "wounded"])


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["nov-k", "nov-w", "nov", "week", "day"],
            "measure": ["killed", "wounded", "casualties", "casualties", "casualties"],
            "subject": "russia",
            "period": ["2024-11", "2024-11", "2024-11", None, None],
            "start": [None, None, None, datetime.date(2024, 11, 1), datetime.date(2024, 11, 5)],
            "end": [None, None, None, datetime.date(2024, 11, 29), datetime.date(2024, 11, 6)],
            "value": ["about 10,000", None, "over 40,000", None, "1,500"],
            "lo": [None, 30_000.0, None, 8_000.0, None],
            "hi": [None, 31_000.0, None, None, None],
            "unit": [None, None, None, "person / week", None],
            "reading": [None, None, None, "each", None],
            "source_name": ["Ministry", "Ministry", "Agency", None, "Agency"],
        }
    )


def test_check_of_a_frame_is_the_check_of_its_claims_without_a_claim_per_row() -> None:
    table = _table()
    read = table_claims(table, relations=[RELATION])
    assert isinstance(read, TableClaims)
    assert read.columns.ids.tolist() == ["day", "nov", "nov-k", "nov-w", "week"]
    assert read.columns.window.tolist() == [0, 0, 0, 0, 7]
    assert sorted(read.columns.units) == ["person", "person / week"]
    claims = from_frame(table, relations=[RELATION])
    found = ck.check(table, relations=[RELATION])
    expected = ck.check(claims)
    assert (found.consistent, found.findings, found.bounds) == (
        expected.consistent,
        expected.findings,
        expected.bounds,
    )
    assert found.notes == expected.notes
    assert findings_frame(found).equals(to_frame(expected))


def test_a_pyarrow_table_is_checked_from_its_columns_too() -> None:
    table = pa.Table.from_pandas(_table(), preserve_index=False)
    assert isinstance(table_claims(table), TableClaims)
    assert ck.check(table).findings == ck.check(from_frame(table)).findings


def test_the_claims_are_read_from_the_table_only_when_asked_for(monkeypatch: Any) -> None:
    calls: list[object] = []

    def counted(frame: object, **options: object) -> ck.ClaimSet:
        calls.append(frame)
        return from_frame(frame, **options)

    monkeypatch.setattr(columnar, "from_frame", counted)
    table = _table()
    report = check_table(table, relations=[RELATION])
    assert repr(report).startswith("<Report: 5 claims, ")
    findings_frame(report)
    assert report.findings
    assert calls == []
    assert report.claimset == from_frame(table, relations=[RELATION]).canonical
    assert report.claimset["nov"].source == ck.Source("Agency")
    assert len(calls) == 1


def test_findings_as_a_frame_make_no_finding_object(monkeypatch: Any) -> None:
    report = ck.check(_table(), relations=[RELATION])
    expected = to_frame(ck.check(from_frame(_table(), relations=[RELATION])))

    def refused(**fields: object) -> None:
        raise AssertionError("a Finding was made")

    monkeypatch.setattr(_steps, "Finding", refused)
    assert findings_frame(report).equals(expected)


def test_bounds_and_groups_of_a_table_make_no_claim(monkeypatch: Any) -> None:
    report = ck.check(_table(), relations=[RELATION])
    expected = ck.check(from_frame(_table(), relations=[RELATION]))

    def refused(self: object, i: int) -> None:
        raise AssertionError("a Claim was made")

    monkeypatch.setattr(ClaimColumns, "claim", refused)
    monkeypatch.setattr(columnar, "from_frame", None)
    assert report.bounds == expected.bounds
    assert report.groups == expected.groups


def test_each_phrase_is_read_once_and_each_unit_normalised_once(monkeypatch: Any) -> None:
    read: list[str] = []
    units: list[str] = []
    real_read, real_unit = columnar.read_phrase, columnar.normalize_unit

    def counted_read(phrase: str, *args: Any, **kwargs: Any) -> Any:
        read.append(phrase)
        return real_read(phrase, *args, **kwargs)

    def counted_unit(unit: str) -> str:
        units.append(unit)
        return real_unit(unit)

    monkeypatch.setattr(columnar, "read_phrase", counted_read)
    monkeypatch.setattr(columnar, "normalize_unit", counted_unit)
    n = 3_000
    table = pd.DataFrame(
        {
            "measure": "killed",
            "subject": "russia",
            "period": "2024-11",
            "value": ["about 45,690", "over 700", "1,000"] * (n // 3),
            "unit": ["person", "kiloperson", "person"] * (n // 3),
        }
    )
    found = table_claims(table)
    assert isinstance(found, TableClaims)
    assert sorted(read) == ["1,000", "about 45,690", "over 700"]
    assert sorted(units) == ["kiloperson", "person", "person"]  # the table's and the default
    assert found.columns.n == n
    assert found.columns.units == ("person", "kiloperson")


def test_dates_as_numpy_days_pyarrow_dates_and_text_read_alike() -> None:
    days = np.array(["2024-11-01", "2024-12-01"], dtype="datetime64[D]")
    base = {"measure": ["killed"] * 2, "subject": ["russia"] * 2, "lo": [1.0, 2.0]}
    by_numpy = pd.DataFrame({**base, "start": days[0], "end": days})
    by_text = pd.DataFrame({**base, "start": "2024-11-01", "end": ["2024-11-01", "2024-12-01"]})
    by_text.loc[0, "end"] = "2024-11-02"
    by_numpy.loc[0, "end"] = np.datetime64("2024-11-02")
    first, second, third = (datetime.date(2024, 11, d) for d in (1, 2, 30))
    third += datetime.timedelta(days=1)
    arrow = pa.table({**base, "start": pa.array([first] * 2), "end": pa.array([second, third])})
    read = [table_claims(t) for t in (by_numpy, by_text, arrow)]
    assert all(isinstance(r, TableClaims) for r in read)
    starts = {tuple(r.columns.start.tolist()) for r in read if isinstance(r, TableClaims)}
    ends = {tuple(r.columns.end.tolist()) for r in read if isinstance(r, TableClaims)}
    assert starts == {(datetime.date(2024, 11, 1).toordinal(),) * 2}
    assert ends == {
        (datetime.date(2024, 11, 2).toordinal(), datetime.date(2024, 12, 1).toordinal())
    }


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"measure": None}, "measure"),
        ({"end": "2024-13-01"}, "end"),
        ({"lo": "lots"}, "lo"),
        ({"unit": "tanks per fortnight"}, "unit"),
        ({"lo": 5.0, "hi": 1.0}, "lo"),
        ({"id": "b"}, "id"),
    ],
)
def test_a_bad_table_gives_the_error_of_the_row_reader(
    change: dict[str, object], column: str
) -> None:
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "measure": "killed",
            "subject": "russia",
            "start": "2024-11-01",
            "end": "2024-12-01",
            "lo": [1.0, 2.0, 3.0],
            "hi": [10.0, 20.0, 30.0],
        }
    ).astype(object)
    for name, value in change.items():
        if name not in table:
            table[name] = pd.Series([None] * len(table), dtype=object)
        table.loc[0 if name != "id" else 2, name] = value
    if "measure" in change:
        table = table.drop(columns="measure")
    with pytest.raises(ck.ClaimsFileError) as expected:
        from_frame(table)
    assert column in str(expected.value)
    with pytest.raises(ck.ClaimsFileError, match=re.escape(str(expected.value))):
        ck.check(table)


def test_a_report_of_a_table_pickles_with_its_claims() -> None:
    report = ck.check(_table(), relations=[RELATION])
    back = pickle.loads(pickle.dumps(report))
    assert back.findings == report.findings
    assert back.claimset == report.claimset
    assert back == report


def test_implied_bounds_of_a_table_come_from_its_columns(monkeypatch: Any) -> None:
    report = ck.check(_table(), relations=[RELATION])
    monkeypatch.setattr(columnar, "from_frame", None)  # the claims are not read
    nov = ck.Period.month(2024, 11)
    expected = ck.check(from_frame(_table(), relations=[RELATION])).implied(
        "casualties", "russia", nov
    )
    assert report.implied("casualties", "russia", nov) == expected
    with pytest.raises(ck.UnknownIdError, match="did you mean 'killed'"):
        report.implied("kiled", "russia", nov)


def test_check_takes_claims_as_before_and_imports_no_pandas_for_them() -> None:
    code = (
        "import sys, claimkit as ck; ck.check([]); "
        "print(','.join(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert pickle.loads(pickle.dumps(ck.check)) is ck.check
    assert ck.check.__doc__ == ck.engine.check.__doc__


def test_a_table_without_pyarrow_is_read_row_by_row(monkeypatch: Any) -> None:
    monkeypatch.setattr(columnar, "_modules", lambda: (pd, None))
    read = table_claims(_table(), relations=[RELATION])
    assert isinstance(read, ck.ClaimSet)
    assert read == from_frame(_table(), relations=[RELATION])


def test_what_a_float_holds_only_rounded_or_a_time_of_day_goes_to_the_row_reader() -> None:
    base = {"measure": ["killed"], "subject": ["russia"], "period": ["2024-11"]}
    huge = pd.DataFrame({**base, "lo": np.array([2**53 + 1], dtype=np.int64)})
    read = table_claims(huge)
    assert isinstance(read, ck.ClaimSet)
    assert read == from_frame(huge)
    noon = pd.DataFrame({"measure": ["killed"], "subject": ["russia"], "lo": [1.0],
                         "start": pd.to_datetime(["2024-11-01"]),
                         "end": pd.to_datetime(["2024-12-01 12:00"])})  # fmt: skip
    with pytest.raises(ck.ClaimsFileError) as expected:
        from_frame(noon)
    with pytest.raises(ck.ClaimsFileError, match=re.escape(str(expected.value))):
        ck.check(noon)


def test_category_columns_and_integer_bounds_are_read_from_the_columns() -> None:
    table = _table().assign(measure=lambda t: t["measure"].astype("category"))
    table = table.assign(lo=pd.array([None, 30_000, None, 8_000, None], dtype="Int64"))
    read = table_claims(table, relations=[RELATION])
    assert isinstance(read, TableClaims)
    assert read.claimset() == from_frame(table, relations=[RELATION]).canonical
    assert read.columns.lo.tolist()[3:] == [30_000.0, 8_000.0]
