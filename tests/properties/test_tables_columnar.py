"""The columnar path: a table checked from its columns gives the report of its claim set.

``claimkit.check(frame)`` reads a table into columns (no Claim per row) and checks
them; the report must be the one ``claimkit.check(from_frame(frame))`` gives, in
every part: verdict, findings, bounds, groups, notes and comparisons, and the
findings read as a frame from the report's arrays must be the rows the Finding
objects make. A table the columns do not take must give the same claims or the same
error through the row reader.
"""

from __future__ import annotations

import datetime
import math
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.columns import TableClaims
from claimkit.engine.components import feasible_components
from claimkit.engine.groups import below, shrink
from claimkit.engine.model import build
from claimkit.render.report import amount_text
from claimkit.strategies import claim_sets, claims
from claimkit.tables import findings_frame, from_frame, table_claims, to_frame

RELATIONS = st.lists(
    st.sampled_from(
        [ck.Sum("casualties", ["killed", "wounded"]), ck.Sum("both", ["russia", "ukraine"],
                                                                over="subject")]
    ),
    unique=True,
)  # fmt: skip


def _moderate(claim: ck.Claim) -> bool:
    # Figures near the largest float are the engine's own concern (test_engine_soundness);
    # here both paths must meet on the same claims.
    return all(abs(x) < 1e15 for x in (claim.value.lo, claim.value.hi) if math.isfinite(x))


@st.composite
def loose_sets(draw: st.DrawFn) -> ck.ClaimSet:
    """Claims drawn one by one (rates read on "each" window among them), with relations."""
    items = draw(
        st.lists(
            claims(
                measures=st.sampled_from(["casualties", "killed", "wounded"]),
                subjects=st.sampled_from(["both", "russia", "ukraine"]),
            ).filter(_moderate),
            max_size=8,
            unique_by=lambda c: c.id,
        )
    )
    return ck.ClaimSet(items, relations=draw(RELATIONS))


SETS = claim_sets() | claim_sets(consistent=False) | loose_sets()


def _objects_frame(report: ck.Report) -> pd.DataFrame:
    """Return the findings as a frame made from the Finding objects (the oracle)."""
    rows = [
        {
            "kind": f.kind,
            "verdict": f.verdict,
            "margin": f.margin,
            "margin_abs": f.margin_abs,
            "unit": f.unit,
            "touching": f.touching,
            "claims": ", ".join(f.claims),
            "sources": "; ".join(dict.fromkeys(s for s in f.sources if s)),
            "relation": f.relation,
            "description": amount_text(f, report.claimset),
        }
        for f in report.findings
    ]
    return pd.DataFrame(rows, columns=list(findings_frame(report).columns))


def _assert_same_report(found: ck.Report, expected: ck.Report) -> None:
    assert found.consistent == expected.consistent
    assert found.counts() == expected.counts()
    assert found.findings == expected.findings
    assert found.bounds == expected.bounds
    assert found.groups == expected.groups
    assert found.notes == expected.notes
    assert found.comparisons == expected.comparisons
    assert found.components == expected.components
    found_frame = findings_frame(found)
    assert found_frame.equals(findings_frame(expected))
    oracle = _objects_frame(expected)
    assert found_frame.astype(object).equals(oracle.astype(object))


def _assert_same_outcome(table: object, claimset: ck.ClaimSet, **options: object) -> None:
    """Check the table and its claim set: the same report, or the same error."""
    try:
        expected = ck.check(claimset)
    except ck.ClaimkitError as err:
        with pytest.raises(type(err), match=re.escape(str(err))):
            ck.check(table, **options)
        return
    found = ck.check(table, **options)
    _assert_same_report(found, expected)
    assert repr(found) == repr(expected)
    assert found.claimset == expected.claimset


def _arrow(frame: pd.DataFrame) -> pa.Table:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table.replace_schema_metadata({b"claimkit": frame.attrs["claimkit"].encode()})


@given(SETS, st.booleans())
def test_a_table_checked_from_its_columns_gives_the_report_of_its_claims(
    claimset: ck.ClaimSet, arrow: bool
) -> None:
    frame = to_frame(claimset)
    table = _arrow(frame) if arrow else frame
    assert isinstance(table_claims(table), TableClaims)
    _assert_same_outcome(table, claimset)


@given(SETS, st.randoms(use_true_random=False))
def test_the_order_of_the_rows_changes_nothing(claimset: ck.ClaimSet, rnd: object) -> None:
    frame = to_frame(claimset)
    order = list(range(len(frame)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    shuffled = frame.iloc[order].reset_index(drop=True)
    shuffled.attrs = frame.attrs
    _assert_same_outcome(shuffled, claimset)


# -- any table: the columns or the rows, the same claims or the same error ---------

MEASURES = st.sampled_from(["killed", "wounded", "casualties"])
SUBJECTS = st.sampled_from(["russia", "ukraine", "both"])
#: Units, each with the kinds and readings a claim in it may have.
UNITS = st.sampled_from(
    [
        (None, "total", "average"),
        ("person", "total", "average"),
        ("kiloperson", "total", "average"),
        ("person / week", "rate", "each"),
        ("person / day", "rate", "average"),
        ("person / month", "rate", "average"),
    ]
)
PHRASES = st.sampled_from(["about 45,690", "over 700,000", "43k", "5", "1,000", "nearly 20"])
PERIOD_TEXT = st.sampled_from(["2024-11", "2024-12", "2025-Q1", "2024", "2024-11-05"])
DAYS = st.dates(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
#: One thing wrong in a row, or nothing (most often).
DEFECTS = st.sampled_from(
    [None] * 60
    + ["measure", "period", "unit", "bounds", "phrase", "id", "kind", "empty", "each", "date"]
)


@st.composite
def rows(draw: st.DrawFn, number: int) -> dict[str, object]:
    unit, kind, reading = draw(UNITS)
    row: dict[str, object] = {
        "id": draw(st.sampled_from([f"r{number}", f"r{number}", None])),
        "measure": draw(MEASURES),
        "subject": draw(SUBJECTS),
        "unit": unit,
        "kind": draw(st.sampled_from([None, kind])),
        "reading": draw(st.sampled_from([None, "average", reading])) if kind == "rate" else None,
        "source_name": draw(st.sampled_from([None, "Ministry", "Agency"])),
    }
    if draw(st.booleans()):
        row["period"] = draw(PERIOD_TEXT)
    else:
        start = draw(DAYS)
        row["start"] = start
        row["end"] = start + datetime.timedelta(days=draw(st.sampled_from([1, 7, 30, 91])))
    if draw(st.booleans()) and kind == "total":
        row["value"] = draw(PHRASES)
    else:
        lo = draw(st.sampled_from([None, 0.0, 10.0, 950.5, 45_690.0]))
        hi = draw(st.sampled_from([45_690.0, 1e6] if lo is None else [None, 45_690.0, 1e6]))
        row["lo"], row["hi"] = lo, hi
        row["lo_open"] = draw(st.booleans()) and lo is not None and hi != lo
        row["hi_open"] = draw(st.booleans()) and hi is not None and hi != lo
    defect = draw(DEFECTS)
    broken = {
        "measure": {"measure": "Killed"},
        "period": {"period": "2024-13", "start": None, "end": None},
        "unit": {"unit": "tanks per fortnight"},
        "bounds": {"lo": 5.0, "hi": 1.0, "value": None},
        "phrase": {"value": "many", "lo": None, "hi": None},
        "id": {"id": "r0"},
        "kind": {"kind": "tally"},
        "empty": {"subject": ""},
        "each": {"reading": "each"},
        "date": {"period": None, "end": None},
    }
    row.update(broken.get(defect or "", {}))
    return row


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    size = draw(st.integers(1, 8))
    drawn = [draw(rows(k)) for k in range(size)]
    columns = ["id", "measure", "subject", "unit", "kind", "reading", "value", "lo", "hi",
               "lo_open", "hi_open", "source_name", "period", "start", "end"]  # fmt: skip
    optional = ("id", "kind", "reading", "source_name", "lo_open", "hi_open")
    kept = [c for c in columns if c not in optional or draw(st.booleans())]
    frame = pd.DataFrame([{c: r.get(c) for c in kept} for r in drawn], columns=kept)
    for name in ("lo", "hi"):
        frame[name] = frame[name].astype("float64")
    for name in ("lo_open", "hi_open"):
        if name in frame:
            frame[name] = frame[name].fillna(False).astype(bool)
    for name in ("start", "end"):
        if draw(st.booleans()):
            frame[name] = pd.to_datetime(frame[name])
    return frame


@given(frames(), RELATIONS)
def test_any_table_gives_the_claims_or_the_error_of_the_row_reader(
    frame: pd.DataFrame, relations: list[ck.Sum]
) -> None:
    try:
        claimset = from_frame(frame, relations=relations)
    except ck.ClaimkitError as err:
        with pytest.raises(type(err), match=re.escape(str(err))):
            ck.check(frame, relations=relations)
        return
    read = table_claims(frame, relations=relations)
    assert isinstance(read, TableClaims)  # every table these draw that reads, the columns take
    assert read.claimset() == claimset.canonical
    _assert_same_outcome(frame, claimset, relations=relations)


def test_the_frames_do_take_the_columnar_path_and_the_row_reader() -> None:
    # Both sides of the property above are reached by the tables it draws.
    plain = pd.DataFrame({"measure": ["killed"], "subject": ["russia"], "period": ["2024-11"],
                          "value": ["about 45,690"]})  # fmt: skip
    assert isinstance(table_claims(plain), TableClaims)
    spanned = plain.assign(quote=["45,690"], span_start=[3], span_end=[9])
    assert isinstance(table_claims(spanned), ck.ClaimSet)
    assert np.isfinite(table_claims(plain).columns.lo).all()


# -- the shortcuts of the columnar path give what the full computation gives ----------


@given(SETS, st.sampled_from([0.0, 0.01, 0.1, 0.5, 0.99]))
def test_the_threshold_test_of_each_group_agrees_with_its_largest_shrink(
    claimset: ck.ClaimSet, tension: float
) -> None:
    model = build(claimset)
    ok = feasible_components(model)
    full = shrink(model, ok)
    low = below(model, ok, ok, tension)
    assert np.isnan(low[~ok]).all()
    proved = ok & np.isinf(low)
    solved = ok & np.isfinite(low)
    # Shown to hold shrunk by the threshold: the largest shrink is at least that, to
    # the solver's tolerance; a block that fails is solved as shrink solves it.
    assert (full[proved] >= tension - 1e-7).all()
    assert low[solved].tolist() == full[solved].tolist()
    assert (full[ok & (full < tension - 1e-7)] == low[ok & (full < tension - 1e-7)]).all()


def test_a_tension_no_finding_shows_is_found_beside_comfortable_and_conflicting_groups() -> None:
    def claim(name: str, subject: str, months: tuple[int, int], value: ck.Range) -> ck.Claim:
        period = ck.Period(datetime.date(2024, months[0], 1), datetime.date(2024, months[1], 1))
        return ck.Claim(id=name, measure="cases", subject=subject, period=period, value=value)

    # Jan "310", Feb "nearly 400", Mar 450 to 500, Q1 "over 1,214", Jan-Feb up to 1,000:
    # each finding leaves room, the five together only just (test_whole_truth).
    tight = [
        claim("t-jan", "x", (1, 2), ck.Range.from_rounded("310", "person")),
        claim("t-feb", "x", (2, 3), ck.Range(380, 400, "person", hi_open=True)),
        claim("t-mar", "x", (3, 4), ck.Range(450, 500, "person")),
        claim("t-q1", "x", (1, 4), ck.Range.more_than(1214, "person")),
        claim("t-half", "x", (1, 3), ck.Range(0, 1000, "person")),
    ]
    loose = [claim("l-jan", "y", (1, 2), ck.Range(0, 1000, "person")),
             claim("l-q1", "y", (1, 4), ck.Range(0, 5000, "person"))]  # fmt: skip
    clash = [claim("c-a", "z", (1, 2), ck.Range(10, 20, "person")),
             claim("c-b", "z", (1, 2), ck.Range(30, 40, "person"))]  # fmt: skip
    report = ck.check(tight + loose + clash)
    groups = {g.claims[0][0]: g for g in report.groups}
    assert [groups[k].verdict for k in "ctl"] == ["conflict", "tension", "consistent"]
    (found,) = [f for f in report.findings if f.kind == "group"]
    assert found.claims == groups["t"].claims
    assert found.margin == groups["t"].margin < 0.001
    assert report.counts()["tension"] == sum(f.verdict == "tension" for f in report.findings)


def _nearest_reference(claimset: ck.ClaimSet) -> list[tuple[str, str]]:
    """Pair each rate with the shortest total of its quantity over a span around its own."""
    pairs = []
    claims = claimset.claims
    for rate in claims:
        if rate.kind != "rate":
            continue
        a, b = rate.period.start, rate.period.end
        around = [
            (t.period.end - t.period.start, t.period.end, j)
            for j, t in enumerate(claims)
            if t.kind == "total"
            and (t.measure, t.subject) == (rate.measure, rate.subject)
            and t.period.start <= a
            and t.period.end >= b
            and (t.period.start, t.period.end) != (a, b)
        ]
        if around:
            pairs.append((rate.id, claims[min(around)[2]].id))
    return pairs


@st.composite
def rates_and_totals(draw: st.DrawFn) -> ck.ClaimSet:
    """Totals and rates of a few quantities over periods that often enclose each other."""
    day = datetime.date(2024, 1, 1).toordinal()
    items = []
    for k in range(draw(st.integers(2, 20))):
        first = draw(st.integers(0, 20))
        days = draw(st.integers(1, 30))
        period = ck.Period(datetime.date.fromordinal(day + first),
                           datetime.date.fromordinal(day + first + days))  # fmt: skip
        rate = draw(st.booleans())
        items.append(
            ck.Claim(id=f"c{k:02d}", measure="killed", subject=draw(st.sampled_from("xy")),
                     period=period, kind="rate" if rate else "total",
                     value=ck.Range(0, 10**6, "person / day" if rate else "person"))
        )  # fmt: skip
    return ck.ClaimSet(items)


@given(rates_and_totals())
def test_each_rate_is_compared_with_the_shortest_total_around_it(claimset: ck.ClaimSet) -> None:
    report = ck.check(claimset)
    assert [c.claims for c in report.comparisons] == _nearest_reference(claimset)
    assert ck.check(to_frame(claimset)).comparisons == report.comparisons
