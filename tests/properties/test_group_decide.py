"""The groups a check decides: hidden tensions and the least margin of big groups.

A group holds a tension no finding shows only when no local finding on any of its
claims is a tension or conflict; a group too big to solve whole takes the least
margin of the local findings on its claims. Both are checked against the
reductions spelt out one claim at a time (``np.minimum.at``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.strategies import claim_sets
from claimkit.tables import to_frame

SETS = claim_sets() | claim_sets(consistent=False)


def _decided(report: ck.Report) -> Any:
    """Return the report's groups (``_steps._GroupFindings``), decided."""
    groups = report._content._groups.__self__  # type: ignore[attr-defined]
    groups.decide()
    return groups


@given(SETS, st.sampled_from([0, 1, 3, 1000]), st.booleans())
def test_groups_are_decided_from_the_local_findings_on_their_claims(
    claimset: ck.ClaimSet, exact_bounds: int, as_table: bool
) -> None:
    claims = to_frame(claimset) if as_table else claimset
    groups = _decided(ck.check(claims, exact_bounds=exact_bounds))
    model, local = groups.kept.get(), groups.local
    loc, n_comp = local.locals, model.n_components
    row_comp = np.searchsorted(model.comp_row_ptr, np.arange(model.n_rows), side="right") - 1
    claim_comp = np.full(len(groups.claimset.claims), -1)
    claim_comp[model.rows.claim] = row_comp
    term_finding = np.repeat(np.arange(loc.n), np.diff(loc.ptr))
    least = np.full(n_comp, np.inf)
    np.minimum.at(least, claim_comp[loc.claims], local.margins.margin[term_finding])
    assert groups.least[groups.big].tolist() == least[groups.big].tolist()
    worst_claim = np.full(claim_comp.shape[0], 3)
    np.minimum.at(worst_claim, loc.claims, local.verdict[term_finding])
    worst = np.full(n_comp, 3)
    with_rows = np.flatnonzero(claim_comp >= 0)
    np.minimum.at(worst, claim_comp[with_rows], worst_claim[with_rows])
    size = np.zeros(n_comp, dtype=np.int64)
    size[groups.members.groups] = groups.members.sizes
    wanted = groups.ok & (worst >= 2) & (size > 1)
    low = groups.low
    assert groups.hidden == [c for c in groups.order if wanted[c] and low[c] < local.tension]
