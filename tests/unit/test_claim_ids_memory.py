"""The claims' ids are held once, as numpy variable-width strings, not as Python strings.

Ten million ids as Python strings take about 700 MB; as ``StringDType`` (each short
id inside the array's own 16 bytes) 160 MB. The model names claims from that very
array rather than from a tuple of its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import claimkit as ck
from claimkit.engine.columns import STRINGS, ClaimColumns
from claimkit.engine.model import build_with_info
from claimkit.tables import findings_frame, table_claims

LONG = "a-claim-id-longer-than-sixteen-bytes"


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["b", LONG, "a"],
        "measure": "killed",
        "subject": "russia",
        "period": "2024-11",
        "value": ["about 1,000", "at least 2,000", "900"],
    })  # fmt: skip


def test_a_tables_ids_are_variable_width_strings_the_model_shares() -> None:
    claims = table_claims(_table())
    assert not isinstance(claims, ck.ClaimSet)
    ids = claims.columns.ids
    assert ids.dtype == STRINGS
    assert ids.tolist() == ["a", LONG, "b"]
    model, _, _ = build_with_info(claims)
    assert model.claim_ids is ids  # no copy of every id
    named = model.lp(0, model.n_components).claims()
    assert named == ("a", LONG, "b")
    assert all(type(c) is str for c in named)


def test_claim_set_columns_hold_their_ids_as_strings_too() -> None:
    claims = ck.tables.from_frame(_table())
    columns = ClaimColumns.of(claims)
    assert columns.ids.dtype == STRINGS
    assert columns.ids.tolist() == ["b", LONG, "a"]


def test_findings_name_claims_by_their_ids_from_the_column() -> None:
    table = table_claims(_table())
    frame = findings_frame(ck.check(table))
    objects = findings_frame(ck.check(ck.tables.from_frame(_table())))
    assert frame["claims"].tolist() == objects["claims"].tolist()
    assert any(LONG in text for text in frame["claims"].tolist())
    named = {c for f in ck.check(table).findings for c in f.claims}
    assert all(type(c) is str for c in named)
    assert named == {"a", LONG, "b"}
    assert np.array(sorted(named), dtype=STRINGS).tolist() == sorted(named)


def test_columns_taken_with_their_ids_given_are_the_columns_taken() -> None:
    columns = ClaimColumns.of(ck.tables.from_frame(_table()))
    order = np.array([2, 0, 1], dtype=np.int64)
    given = columns.take(order, ids=np.array(["a", "b", LONG], dtype=STRINGS))
    taken = columns.take(order)
    assert given.ids.tolist() == taken.ids.tolist() == ["a", "b", LONG]
    assert given.lo.tolist() == taken.lo.tolist()
    assert given.value(0) == taken.value(0) == ck.tables.from_frame(_table())["a"].value
