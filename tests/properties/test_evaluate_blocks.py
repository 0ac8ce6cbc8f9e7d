"""Local findings decided a block at a time are decided as all at once.

``claimkit.engine.findings.evaluate`` decides each finding on its own; at ten million
claims it takes the findings a block at a time so that the arrays of all their terms
never exist at once. Every verdict and margin must be the one the whole gives.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.findings import evaluate, generate
from claimkit.engine.model import build_with_info
from claimkit.strategies import claim_sets

SETS = claim_sets() | claim_sets(consistent=False)


@given(SETS, st.integers(1, 3))
def test_findings_decided_by_blocks_are_decided_as_all_at_once(
    claimset: ck.ClaimSet, block: int
) -> None:
    _, info, _ = build_with_info(claimset)
    locals_ = generate(claimset, info)
    whole = evaluate(locals_, info, block=locals_.n + 1)
    blocks = evaluate(locals_, info, block=block)
    for name in ("closed_ok", "strict_ok", "margin", "margin_abs"):
        found, expected = getattr(blocks, name), getattr(whole, name)
        assert found.dtype == expected.dtype, name
        np.testing.assert_array_equal(found, expected, err_msg=name)


def test_a_conflict_among_blocks_keeps_its_margins() -> None:
    nov = ck.Period.month(2024, 11)
    a = ck.Claim(id="a", measure="killed", subject="x", period=nov,
                 value=ck.Range(100, 200, "person"))  # fmt: skip
    claims = ck.ClaimSet([
        a,
        a.replace(id="b", value=ck.Range(300, 400, "person")),
        a.replace(id="c", subject="y"),
        a.replace(id="d", subject="y", value=ck.Range(150, 250, "person")),
    ])  # fmt: skip
    _, info, _ = build_with_info(claims)
    locals_ = generate(claims, info)
    assert locals_.n == 2
    margins = evaluate(locals_, info, block=1)
    assert margins.closed_ok.tolist() == [False, True]
    assert margins.margin_abs.tolist() == [-100.0, 50.0]
