"""Each group's hint (``conflict_sets.first_hints``) against a plain loop over the findings."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.conflict_sets import first_hints
from claimkit.engine.matrix import LinearModel
from claimkit.engine.model import build


def _model() -> LinearModel:
    """Three wards (groups) of four daily totals each."""
    start = date(2025, 3, 1)
    claims = [
        ck.Claim(
            id=f"{ward}{day}",
            measure="admissions",
            subject=ward,
            period=ck.Period(start, start + timedelta(days=day + 1)),
            value=ck.Range(10.0 * day, 10.0 * day + 5, "person"),
        )
        for ward in ("a", "b", "c")
        for day in range(4)
    ]
    return build(ck.ClaimSet(claims).canonical)


MODEL = _model()
N_CLAIMS = len(MODEL.claim_ids)


def oracle(
    findings: list[list[int]], margin: list[float], clash: list[bool]
) -> dict[int, list[int]]:
    """For each group: the least margin of its conflicting findings, then the first claims."""
    group = {}
    for claim, comp in zip(MODEL.rows.claim.tolist(), MODEL.row_comp.tolist(), strict=True):
        group[claim] = comp
    best: dict[int, tuple[float, list[int]]] = {}
    for claims, m, c in zip(findings, margin, clash, strict=True):
        groups = {group.get(k, -1) for k in claims}
        if not c or not claims or len(groups) != 1 or -1 in groups:
            continue
        (comp,) = groups
        key = (m, sorted(set(claims)))
        if comp not in best or key < best[comp]:
            best[comp] = key
    return {comp: named for comp, (_, named) in sorted(best.items())}


FINDINGS = st.lists(
    st.tuples(
        st.lists(st.integers(0, N_CLAIMS - 1), min_size=1, max_size=4),
        st.sampled_from([-0.5, -0.2, -0.1, 0.0, 0.3]),
        st.booleans(),
    ),
    max_size=25,
)


@given(FINDINGS)
def test_each_group_gets_its_conflicting_finding_of_least_margin_first_claims_on_a_tie(
    found: list[tuple[list[int], float, bool]],
) -> None:
    findings = [f for f, _, _ in found]
    margin = [m for _, m, _ in found]
    clash = [c for _, _, c in found]
    ptr = np.cumsum([0, *(len(f) for f in findings)]).astype(np.int64)
    flat = np.array([k for f in findings for k in f], dtype=np.int64)
    got = first_hints(
        MODEL, ptr, flat, np.array(margin, dtype=np.float64), np.array(clash, dtype=np.bool_)
    )
    assert got == oracle(findings, margin, clash)
