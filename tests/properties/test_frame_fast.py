"""The findings frame's faster ways of writing its text say what the slower ways said.

The findings are grouped by unit from their units' codes when known
(``amounts_phrases(unit_codes=...)``), as they are by their units' names. The
categories (kind, verdict, unit) are written from the findings' codes into a few
names (``FindingColumns.coded``), in the order Arrow's ``dictionary_encode`` gives.

The descriptions read each finding's first claim from the claims in place
(``amounts_phrases(first=claims, at=ptr[:-1])``) rather than from the first ids
gathered; the ids may be variable-width strings (``STRINGS``) or Python strings.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

import claimkit as ck
from claimkit.engine.columns import STRINGS
from claimkit.engine.words import coded, first_seen
from claimkit.render.report import amounts_phrases
from claimkit.strategies import claim_sets
from claimkit.tables import frames, to_frame
from claimkit.tables._findings import finding_parts

IDS = st.text(alphabet="abc-é0", min_size=1, max_size=20)
VERDICTS = st.sampled_from(["consistent", "tension", "conflict"])
SETS = claim_sets() | claim_sets(consistent=False)
MARGINS = st.sampled_from([0.0, 1.0, -3.5, 1_250.0, -2e6, float("inf"), 0.125])


UNITS = ("person", "m", "person/day")


@attrs.frozen(eq=False)
class Drawn:
    """A few findings' fields: each finding's claims ``claims[ptr[k]:ptr[k + 1]]``."""

    verdict: list[str]
    margin_abs: list[float]
    unit_of: list[int]
    touching: list[bool]
    ptr: NDArray[np.int64]
    claims: list[str]

    def fields(self) -> dict[str, Any]:
        """Return the arguments of ``amounts_phrases`` but ``first``."""
        unit = [UNITS[k] for k in self.unit_of]
        return {"verdict": self.verdict, "margin_abs": self.margin_abs, "unit": unit,
                "touching": self.touching}  # fmt: skip


@st.composite
def findings(draw: st.DrawFn) -> Drawn:
    """Return the fields of a few findings, each of one to four claims."""
    n = draw(st.integers(0, 8))
    widths = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    ptr = np.cumsum([0, *widths]).astype(np.int64)
    return Drawn(
        verdict=draw(st.lists(VERDICTS, min_size=n, max_size=n)),
        margin_abs=draw(st.lists(MARGINS, min_size=n, max_size=n)),
        unit_of=draw(st.lists(st.integers(0, len(UNITS) - 1), min_size=n, max_size=n)),
        touching=draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        ptr=ptr,
        claims=draw(st.lists(IDS, min_size=int(ptr[-1]), max_size=int(ptr[-1]))),
    )


@given(findings(), st.sampled_from([STRINGS, np.dtype(np.object_)]))
def test_first_claims_read_in_place_say_what_gathered_ones_say(
    drawn: Drawn, dtype: np.dtype[np.generic]
) -> None:
    ptr, fields = drawn.ptr, drawn.fields()
    claims = np.array(drawn.claims, dtype=dtype).reshape(-1)
    gathered = amounts_phrases(**fields, first=claims[ptr[:-1]])
    in_place = amounts_phrases(**fields, first=claims, at=ptr[:-1])
    assert in_place.texts().tolist() == gathered.texts().tolist()
    assert in_place.words.dtype == claims.dtype
    written = frames._arrow_phrases(pa, in_place)
    assert written.to_pylist() == gathered.texts().tolist()


NAMES = st.lists(st.text(max_size=5), min_size=1, max_size=6, unique=True)


@given(NAMES.flatmap(lambda n: st.tuples(st.just(n), st.lists(st.integers(0, len(n) - 1)))))
def test_categories_from_codes_are_those_arrow_encodes(drawn: tuple[list[str], list[int]]) -> None:
    names, given_codes = drawn
    words = np.array([*names, None], dtype=np.object_)[:-1]
    codes = np.array(given_codes, dtype=np.int64)
    fast = frames._arrow_category(pa, words[codes], (codes, words))
    assert fast.equals(pa.array(words[codes], pa.string()).dictionary_encode())
    assert fast.dictionary.to_pylist() == list(dict.fromkeys(words[codes].tolist()))


@given(SETS, st.integers(1, 3), st.booleans())
def test_the_findings_codes_say_their_names(
    claimset: ck.ClaimSet, size: int, as_table: bool
) -> None:
    report = ck.check(to_frame(claimset) if as_table else claimset)
    for part in finding_parts(report, size):
        table = part.table
        for name, (codes, names) in (table.coded or {}).items():
            assert names[codes].tolist() == getattr(table, name).tolist(), name
            encoded = frames._arrow_category(pa, getattr(table, name), (codes, names))
            assert encoded.equals(frames._arrow_category(pa, getattr(table, name), None)), name


@given(st.lists(st.integers(0, 5)))
def test_first_seen_finds_each_code_where_it_first_appears(given_codes: list[int]) -> None:
    codes = np.array(given_codes, dtype=np.int64)
    expected = [given_codes.index(c) for c in dict.fromkeys(given_codes)]
    assert first_seen(codes).tolist() == expected


@given(findings(), st.permutations(range(len(UNITS))))
def test_findings_grouped_by_unit_codes_are_grouped_as_by_names(
    drawn: Drawn, numbering: list[int]
) -> None:
    ptr, fields = drawn.ptr, drawn.fields()
    claims = np.array(drawn.claims, dtype=np.object_).reshape(-1)
    codes = np.array([numbering[k] for k in drawn.unit_of], dtype=np.int64)
    by_names = amounts_phrases(**fields, first=claims, at=ptr[:-1])
    by_codes = amounts_phrases(**fields, first=claims, at=ptr[:-1], unit_codes=codes)
    assert by_codes.words.tolist() == by_names.words.tolist()
    assert by_codes.codes.tolist() == by_names.codes.tolist()


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1), st.lists(st.integers(0, 99)))
def test_coded_names_are_distinct_and_say_the_same_texts(of: list[str], raw: list[int]) -> None:
    given_codes = np.array([k % len(of) for k in raw], dtype=np.int64)
    codes, names = coded(kind=(given_codes, of))["kind"]
    texts = [of[k] for k in given_codes.tolist()]
    assert names[codes].tolist() == texts
    assert len(set(names.tolist())) == names.shape[0]
    encoded = frames._arrow_category(pa, names[codes], (codes, names))
    assert encoded.equals(pa.array(texts, pa.string()).dictionary_encode())
