"""The words of many findings at once: each bulk path says what its one-at-a-time path says.

A million findings are written by :func:`~claimkit.render._common.figures`,
:func:`~claimkit.render._headline.amount_words`,
:func:`~claimkit.render.report.amounts_words`, ``tables._findings._joined`` and
:func:`~claimkit.engine.words.relations`, which write each distinct figure once and
put rows together with numpy; their text must be, row for row, what
:func:`~claimkit.render._common.figure`, :func:`~claimkit.render._headline.amounts`,
:func:`~claimkit.render.report.amount_text` and ``str.join`` write for one value,
one finding, one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.columns import ClaimColumns, TableClaims
from claimkit.engine.findings import generate
from claimkit.engine.model import build_with_info
from claimkit.engine.report import Finding, Verdict
from claimkit.engine.words import relations
from claimkit.render._common import MAX_DECIMALS, figure, figures
from claimkit.render._headline import amount_words, amounts
from claimkit.render.report import amount_text, amounts_words
from claimkit.strategies import claim_sets
from claimkit.tables import findings_frame, from_frame
from claimkit.tables._findings import _joined, _values

DECIMALS = st.integers(0, MAX_DECIMALS)


@st.composite
def _at_half_steps(draw: st.DrawFn) -> float:
    """A value at, or a hair from, half a step of some number of decimals."""
    steps = draw(st.integers(-(10**12), 10**12))
    places = draw(DECIMALS)
    nudge = draw(st.sampled_from([0.0, 1e-12, -1e-12, 1e-9, -1e-9]))
    return (steps + 0.5) / 10.0**places + nudge


#: Floats of every kind a margin can be, and the ones where rounding turns.
FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e16, 1e16),
    st.floats(-1e-3, 1e-3),
    st.integers(-(10**16), 10**16).map(float),
    _at_half_steps(),
    st.sampled_from(
        [
            *(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.05, 0.005, 1e-20, -1e-300, 5e-324, 1e15),
            *(1e15 - 0.5, 2.0**31 / 100, 2.0**49 + 0.5, -(2.0**49) - 1.5, 1e308, float("nan")),
            -float("inf"),
        ]
    ),
)


@given(st.lists(FLOATS, max_size=40), DECIMALS)
def test_figures_are_figure_of_each_value(xs: list[float], decimals: int) -> None:
    texts, index = figures(xs, decimals)
    assert [texts[k] for k in index] == [figure(x, decimals) for x in xs]


def test_figures_write_each_figure_shown_once() -> None:
    texts, index = figures([1_200.4, 1_199.6, 1_200.0, 7.25, 7.25, float("nan")] * 1000, 0)
    assert sorted(texts) == ["1,200", "7", "nan"]
    assert index.shape == (6000,)


UNITS = st.sampled_from(["person", "tank", "km", "person / week", "USD"])


@given(st.lists(FLOATS, max_size=30), UNITS, DECIMALS)
def test_amount_words_are_amounts(xs: list[float], unit: str, decimals: int) -> None:
    words, index = amount_words(xs, unit, decimals)
    assert [words[k] for k in index] == amounts(xs, unit, decimals)


def test_amount_words_say_one_in_the_singular() -> None:
    # A figure written as 1 (1.2 people, shown to the person) takes the singular too.
    words, index = amount_words([1.0, 1.2, 2.0, 0.6], "person", 0)
    assert [words[k] for k in index] == ["1 person", "1 person", "2 people", "1 person"]


#: A margin a finding can hold (no NaN: a Finding refuses it).
MARGINS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=True), st.floats(-1e6, 1e6), _at_half_steps()
)


@st.composite
def _findings(draw: st.DrawFn) -> list[Finding]:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(get_args(Verdict)),
                MARGINS,
                UNITS,
                st.sampled_from(["a", "b-1", "claim c"]),
                st.booleans(),
            ),
            max_size=30,
        )
    )
    return [
        Finding(
            kind="monotone",
            claims=(first, "z"),
            sources=(None, None),
            relation="r",
            verdict=verdict,
            margin=0.0,
            margin_abs=margin_abs,
            unit=unit,
            touching=touching,
        )
        for verdict, margin_abs, unit, first, touching in rows
    ]


@given(_findings(), DECIMALS)
def test_amounts_words_are_amount_text_of_each_finding(
    findings: list[Finding], decimals: int
) -> None:
    words = amounts_words(
        np.array([f.verdict for f in findings], dtype=np.object_),
        np.array([f.margin_abs for f in findings]),
        np.array([f.unit for f in findings], dtype=np.object_),
        first=np.array([f.claims[0] for f in findings], dtype=np.object_),
        touching=np.array([f.touching for f in findings], dtype=np.bool_),
        decimals=decimals,
    )
    assert words == [amount_text(f, decimals=decimals) for f in findings]


def test_amounts_words_show_the_overlap_of_a_finding_that_holds() -> None:
    common = {0: ck.Range(700_000, 750_000, "person"), 1: ck.Range(1, 2, "person")}
    words = amounts_words(
        ["tension", "conflict"],
        [5.0, -3.0],
        ["person", "person"],
        first=["a", "b"],
        touching=[False, False],
        common=common,
    )
    assert words == ["overlap [700,000, 750,000] person", "gap 3 people"]


#: Source names as a table holds them (None for none), and claim ids.
NAMES = st.one_of(st.none(), st.sampled_from(["", "A", "B", "C d"]))
IDS = st.sampled_from(["a", "b", "c-1"])


def _items(rows: Sequence[Sequence[str | None]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.cumsum([0] + [len(row) for row in rows]).astype(np.int64)
    items = np.empty(int(ptr[-1]), dtype=np.object_)
    items[:] = [item for row in rows for item in row]
    return ptr, items


@given(st.lists(st.lists(NAMES, max_size=5), max_size=20))
def test_joined_sources_are_each_rows_names_once(rows: list[list[str | None]]) -> None:
    found = _joined(*_items(rows), "; ", unique=True)
    assert found.tolist() == ["; ".join(dict.fromkeys(s for s in row if s)) for row in rows]


@given(st.lists(st.lists(IDS, min_size=1, max_size=5), max_size=20))
def test_joined_claims_are_each_rows_ids(rows: list[list[str]]) -> None:
    found = _joined(*_items(rows), ", ", unique=False)
    assert found.tolist() == [", ".join(row) for row in rows]


@given(claim_sets() | claim_sets(consistent=False))
def test_relations_of_findings_at_once_are_those_of_each(claims: ck.ClaimSet) -> None:
    _, info, _ = build_with_info(claims)
    found = generate(claims, info)
    ks = np.arange(found.n, dtype=np.int64)
    together = relations(found, ks, info)
    assert together.dtype == np.object_
    assert together.tolist() == [relations(found, ks[k : k + 1], info)[0] for k in ks]


@pytest.mark.parametrize("n", [0, 1])
def test_relations_of_no_findings_or_one(n: int) -> None:
    nov = ck.Period.month(2024, 11)
    a = ck.Claim(id="a", measure="killed", subject="x", period=nov, value=ck.Range(1, 3, "person"))
    claims = ck.ClaimSet([a, a.replace(id="b")])
    _, info, _ = build_with_info(claims)
    words = relations(generate(claims, info), np.arange(n, dtype=np.int64), info)
    assert words.tolist() == ["same quantity: killed of x over [2024-11-01, 2024-12-01)"][:n]


def test_amounts_words_leave_out_overlaps_of_no_finding() -> None:
    common = {-1: ck.Range(1, 2, "person"), 5: ck.Range(1, 2, "person")}
    words = amounts_words(
        ["tension"], [5.0], ["person"], first=["a"], touching=[False], common=common
    )
    assert words == ["a has 5 people left"]


def _same_quantity_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "measure": "killed",
            "subject": ["x", "x", "y", "y"],
            "period": "2024-11",
            "lo": [100.0, 150.0, 10.0, 30.0],
            "hi": [200.0, 300.0, 20.0, 40.0],
            "source_name": ["Ministry", "Agency", "Ministry", None],
        }
    )


def test_overlaps_of_a_table_are_read_from_its_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    report = ck.check(_same_quantity_table())
    made: list[int] = []
    claim = ClaimColumns.claim

    def counted(self: ClaimColumns, i: int) -> ck.Claim:
        made.append(i)
        return claim(self, i)

    monkeypatch.setattr(ClaimColumns, "claim", counted)
    frame = findings_frame(report)
    assert made == []
    assert "overlap [150, 200] person" in frame["description"].tolist()
    assert "gap 10 people" in frame["description"].tolist()
    expected = ck.check(from_frame(_same_quantity_table()))
    assert frame.equals(findings_frame(expected))


def test_values_of_claims_by_id_from_columns_or_claims() -> None:
    table = _same_quantity_table()
    report = ck.check(table)
    lookup = report.finding_columns().lookup
    assert isinstance(lookup, TableClaims)
    ids = np.array(["b", "zz", "a", "0"], dtype=np.object_)
    claims = from_frame(table)
    expected = [claims["b"].value, None, claims["a"].value, None]
    assert _values(lookup, ids) == expected
    assert _values(claims, ids) == expected
