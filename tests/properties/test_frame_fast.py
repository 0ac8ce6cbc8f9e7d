"""The findings frame's faster ways of writing its text say what the slower ways said.

The descriptions read each finding's first claim from the claims in place
(``amounts_phrases(first=claims, at=ptr[:-1])``) rather than from the first ids
gathered; the ids may be variable-width strings (``STRINGS``) or Python strings.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimkit.engine.columns import STRINGS
from claimkit.render.report import amounts_phrases
from claimkit.tables import frames

IDS = st.text(alphabet="abc-é0", min_size=1, max_size=20)
VERDICTS = st.sampled_from(["consistent", "tension", "conflict"])
MARGINS = st.sampled_from([0.0, 1.0, -3.5, 1_250.0, -2e6, float("inf"), 0.125])


@st.composite
def findings(draw: st.DrawFn) -> dict[str, object]:
    """Return the fields of a few findings, each of one to four claims."""
    n = draw(st.integers(0, 8))
    widths = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    ptr = np.cumsum([0, *widths]).astype(np.int64)
    claims = draw(st.lists(IDS, min_size=int(ptr[-1]), max_size=int(ptr[-1])))
    return {
        "verdict": draw(st.lists(VERDICTS, min_size=n, max_size=n)),
        "margin_abs": draw(st.lists(MARGINS, min_size=n, max_size=n)),
        "unit": draw(st.lists(st.sampled_from(["person", "m"]), min_size=n, max_size=n)),
        "touching": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        "ptr": ptr,
        "claims": claims,
    }


@given(findings(), st.sampled_from([STRINGS, np.dtype(np.object_)]))
def test_first_claims_read_in_place_say_what_gathered_ones_say(
    fields: dict[str, object], dtype: np.dtype[np.generic]
) -> None:
    ptr = fields.pop("ptr")
    assert isinstance(ptr, np.ndarray)
    claims = np.array(fields.pop("claims"), dtype=dtype).reshape(-1)
    gathered = amounts_phrases(**fields, first=claims[ptr[:-1]])  # type: ignore[arg-type]
    in_place = amounts_phrases(**fields, first=claims, at=ptr[:-1])  # type: ignore[arg-type]
    assert in_place.texts().tolist() == gathered.texts().tolist()
    assert in_place.words.dtype == claims.dtype
    written = frames._arrow_phrases(pa, in_place)
    assert written.to_pylist() == gathered.texts().tolist()
