"""Each rate is paired with the nearest enclosing total as the rule says, claim by claim.

``_nearest_totals`` pairs all rates at once in arrays; the rule it follows is written
out here for one rate at a time: among the totals of the rate's set of series that end
at or after it ends (by end, then by claim), the first ``_NEAREST_SCAN``; of those,
the shortest (the first of equals) that starts at or before it and is not over its own
span; none when that is a ratio.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine import _steps
from claimkit.engine.model import ClaimInfo, build_with_info
from claimkit.strategies import claim_sets


def _by_rule(info: ClaimInfo, scan: int) -> list[tuple[int, int]]:
    active = [i for i in range(info.n_rows.shape[0]) if info.n_rows[i] > 0]
    start, end, group = info.span_start.tolist(), info.span_end.tolist(), info.set_id.tolist()
    totals = sorted((i for i in active if not info.is_rate[i]), key=lambda t: (end[t], t))
    pairs = []
    for r in (i for i in active if info.is_rate[i]):
        later = [t for t in totals if group[t] == group[r] and end[t] >= end[r]][:scan]
        fits = [
            t for t in later if start[t] <= start[r] and (start[t], end[t]) != (start[r], end[r])
        ]
        if fits:
            best = min(fits, key=lambda t: end[t] - start[t])
            if not info.ratio[best]:
                pairs.append((r, best))
    return pairs


@given(
    claim_sets(min_size=6, max_size=14) | claim_sets(consistent=False, min_size=6, max_size=14),
    st.sampled_from([1, 2, 3, 64]),
)
def test_every_rate_is_paired_with_the_total_the_rule_gives(
    claimset: ck.ClaimSet, scan: int
) -> None:
    _, info, _ = build_with_info(claimset)
    with mock.patch.object(_steps, "_NEAREST_SCAN", scan):
        found = _steps._nearest_totals(claimset, info)
    assert found == _by_rule(info, scan)
