"""Reading a table into columns and building its model cheaply: each shortcut gives what
the step it replaces gives.

The ids are cast to numpy text from Arrow's bytes rather than through a Python string
per cell; what comes out must be the ids themselves, whatever their widths, wherever
the array starts in its buffers and whichever of Arrow's two text types holds them.
The model's bounds are multiplied out only where a factor is not 1; they must be the
products rounded outward that multiplying every one gives. The model's series are
found for the claims' (measure, subject) codes at once and their distinct sets
numbered as arrays; both must be what a pair at a time and a dictionary give.
"""

from __future__ import annotations

import datetime
import gc
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.columns import STRINGS, TableClaims, codes, columns_of
from claimkit.engine.model import Query, _Builder, _numbered_runs, _runs, _scaled
from claimkit.files._parse import _long_key, _long_key_in
from claimkit.strategies import claim_sets
from claimkit.tables import table_claims
from claimkit.tables.columnar import _ascii_strings, _Columns, _combined
from claimkit.tables.frames import read_options
from claimkit.values._array_rounding import product_down, product_up

PLAIN_IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", fullmatch=True)


@given(
    st.lists(PLAIN_IDS, max_size=30),
    st.integers(0, 5),
    st.integers(0, 5),
    st.booleans(),
)
def test_ascii_strings_are_the_cells(ids: list[str], head: int, tail: int, large: bool) -> None:
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(["x" * 7] * head + ids + ["yy"] * tail, kind)
    array = whole.slice(head, len(ids))
    found = _ascii_strings(array)
    assert found.dtype == STRINGS
    assert found.shape == (len(ids),)
    assert found.tolist() == ids
    assert np.array_equal(found, np.array(ids, dtype=STRINGS).reshape(-1))


def test_ascii_strings_of_an_array_taken_from_another() -> None:
    array = pa.array(["b-10", "a", "c.3", "a-2"])
    taken = array.take(pa.array([3, 1, 0, 2]))
    assert _ascii_strings(taken).tolist() == ["a-2", "a", "b-10", "c.3"]


FLOATS = st.floats(allow_nan=False, allow_infinity=True, width=64)
FACTORS = st.one_of(
    st.just(1.0), st.floats(min_value=1e-6, max_value=1e6), st.sampled_from([3.0, 7.0, 1 / 7])
)


@given(st.lists(st.tuples(FLOATS, FACTORS, FACTORS), min_size=1, max_size=20), st.booleans())
def test_scaled_is_the_product_rounded_outward(
    cells: list[tuple[float, float, float]], up: bool
) -> None:
    values = np.array([v for v, _, _ in cells])
    k_lo = np.array([min(a, b) for _, a, b in cells])
    k_hi = np.array([max(a, b) for _, a, b in cells])
    product = product_up if up else product_down
    expected = product(values, k_lo, k_hi)
    found = _scaled(values, k_lo, k_hi, up=up)
    assert found is not values
    assert np.array_equal(found, expected)
    assert np.array_equal(np.signbit(found), np.signbit(expected))


RUNS = st.lists(st.lists(st.integers(0, 6), max_size=4).map(tuple), max_size=25)


def _flat(runs: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(runs) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in runs], out=ptr[1:])
    flat = np.array([x for r in runs for x in r], dtype=np.int64).reshape(-1)
    return flat, ptr


@given(RUNS)
def test_runs_are_the_slices(runs: list[tuple[int, ...]]) -> None:
    flat, ptr = _flat(runs)
    found = _runs(flat, ptr)
    assert found == runs
    assert all(type(x) is int for run in found for x in run)


@given(RUNS)
def test_numbered_runs_number_as_a_dictionary_does(runs: list[tuple[int, ...]]) -> None:
    numbers: dict[tuple[int, ...], int] = {}
    expected = [numbers.setdefault(run, len(numbers)) for run in runs]
    number, ptrs, values = _numbered_runs(*_flat(runs))
    assert number.tolist() == expected
    assert _runs(values, ptrs) == list(numbers)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["casualties", "killed", "wounded"]),
            st.sampled_from(["both", "russia", "ukraine", "other"]),
        ),
        max_size=12,
    ),
    st.sets(st.sampled_from(["casualties", "killed", "both", "russia"])),
)
def test_series_of_codes_are_those_of_each_pair_in_turn(
    pairs: list[tuple[str, str]], mentioned: set[str]
) -> None:
    relations = (
        ck.Sum("casualties", ["killed", "wounded"]),
        ck.Sum("both", ["russia", "ukraine"], over="subject"),
    )
    day = ck.Period.month(2024, 11)
    claims = [
        ck.Claim(id=f"c{i}", measure=m, subject=s, period=day, value=ck.Range(1, 2, "person"))
        for i, (m, s) in enumerate([("casualties", "both"), *pairs])
    ]
    columns = columns_of(ck.ClaimSet(claims, relations=relations))
    queries = [Query(m, "both", day.start, day.end) for m in mentioned if m != "both"]
    one_by_one = _Builder(columns, queries)
    expected = [one_by_one.series_of(m, s) for m, s in pairs]
    at_once = _Builder(columns, queries)
    measure_of, measures = codes(m for m, _ in pairs)
    subject_of, subjects = codes(s for _, s in pairs)
    ptr, ids = at_once.series_of_codes((measure_of, measures), (subject_of, subjects))
    assert _runs(ids, ptr) == expected
    assert at_once.series == one_by_one.series
    assert at_once.family == one_by_one.family


@given(
    st.integers(1, 4).flatmap(
        lambda k: st.lists(
            st.lists(st.integers(-1, 2**40) | st.integers(-1, 3), min_size=k, max_size=k),
            min_size=1,
            max_size=30,
        )
    )
)
def test_combined_numbers_the_rows_of_codes_in_order(rows: list[list[int]]) -> None:
    table = np.array(rows, dtype=np.int64)
    expected = np.unique(table, axis=0, return_inverse=True)[1].reshape(-1)
    found = _combined([table[:, j] for j in range(table.shape[1])])
    assert found.tolist() == expected.tolist()


@given(st.text(alphabet="ab._-\"' \t=\n", max_size=40), st.integers(1, 4))
def test_long_keys_found_as_by_the_search_alone(text: str, depth: int) -> None:
    found = _long_key_in(text, depth)
    expected = _long_key(depth).search(text)
    assert (found and found.span()) == (expected and expected.span())


DATES = st.lists(st.none() | st.dates(), min_size=1, max_size=12)


@given(DATES, st.sampled_from(["date32", "date64", "timestamp"]))
def test_days_are_the_dates_ordinals(dates: list[datetime.date | None], kind: str) -> None:
    if kind == "timestamp":
        cells = [
            None if d is None else datetime.datetime.combine(d, datetime.time()) for d in dates
        ]
        array = pa.array(cells, pa.timestamp("s"))
    else:
        array = pa.array(dates, pa.date32() if kind == "date32" else pa.date64())
    table = pa.table({"id": [f"r{i}" for i in range(len(dates))], "start": array})
    found, present = _Columns(table, read_options(table.column_names, "")).days("start")
    assert present.tolist() == [d is not None for d in dates]
    assert found.tolist() == [1 if d is None else d.toordinal() for d in dates]
    assert found.dtype == np.int64


@given(claim_sets() | claim_sets(consistent=False))
def test_a_claim_of_one_row_is_that_row(claimset: ck.ClaimSet) -> None:
    columns = columns_of(claimset)
    rows, info = _Builder(columns).build()
    one = info.n_rows == 1
    if not bool(np.all(one)):  # an "each" rate of several windows or none: rows of their own
        return
    assert rows.claim.tolist() == list(range(columns.n))
    assert np.array_equal(rows.start, info.span_start)
    assert np.array_equal(rows.end, info.span_end)
    assert np.array_equal(rows.lo, info.total_lo)
    assert np.array_equal(rows.hi, info.total_hi)
    assert np.array_equal(rows.lo_open, columns.lo_open)
    assert np.array_equal(rows.hi_open, columns.hi_open)
    assert rows.lo_open is not columns.lo_open
    assert rows.hi_open is not columns.hi_open
    series = [
        tuple(rows.series_idx[rows.series_ptr[r] : rows.series_ptr[r + 1]])
        for r in range(columns.n)
    ]
    assert series == [info.sets[int(s)] for s in info.set_id]


def test_the_collector_is_paused_while_a_table_is_read_and_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    read = _Columns.read

    def reading(self: _Columns) -> Any:
        seen.append(gc.isenabled())
        return read(self)

    monkeypatch.setattr(_Columns, "read", reading)
    table = pa.table({"id": ["a"], "measure": ["killed"], "subject": ["russia"],
                      "period": ["2024-11"], "lo": [1.0], "hi": [2.0]})  # fmt: skip
    enabled = gc.isenabled()
    try:
        gc.enable()
        table_claims(table)
        assert gc.isenabled()
        gc.disable()
        table_claims(table)
        assert not gc.isenabled()
    finally:
        (gc.enable if enabled else gc.disable)()
    assert seen == [False, False]


@pytest.mark.parametrize(
    ("quote", "columnar"),
    [
        (pa.array(["said so", None]), True),
        (pa.array(["said so", "again"], pa.large_string()), True),
        (pa.nulls(2), True),
        (pa.array([1, 2]), False),
    ],
)
def test_quotes_and_notes_are_text_or_read_row_by_row(quote: pa.Array, columnar: bool) -> None:
    plain = {"id": ["a", "b"], "measure": ["killed"] * 2, "subject": ["russia"] * 2,
             "period": ["2024-11"] * 2, "lo": [1.0, 3.0], "hi": [2.0, 4.0]}  # fmt: skip
    for name in ("quote", "note"):
        table = pa.table({**plain, name: quote})
        if columnar:
            assert isinstance(table_claims(table), TableClaims)
        else:
            with pytest.raises(ck.ClaimsFileError, match=name):
                table_claims(table)
