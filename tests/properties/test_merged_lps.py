"""The merged feasibility and tension LP answers as the two separate tests do.

``feasible_and_cleared`` decides each block with its claims shrunk by the tension
first; its verdicts must be those of ``feasible_components``, every group it clears
must be one that ``below`` finds at or above the threshold, and ``below`` told of the
cleared groups must give exactly the answers it gives on its own. (Both tests hold
the claims to the solver's tolerance: a group whose claims meet only within it, such
as 499,999 against 499,999 to 500,000 shrunk by a thousandth, passes both.) The
claim sets are several worlds of ``claim_sets`` side by side (consistent, tense and
conflicting groups in one block), solved in blocks of a few rows as well as whole.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.engine.components import feasible_and_cleared, feasible_components
from claimkit.engine.groups import below
from claimkit.engine.model import build
from claimkit.strategies import claim_sets

#: The subjects of each world (``all``, ``north``, ``south`` in claim_sets), by world.
_PLACES = [("all", "north", "south"), ("kent", "dover", "deal"), ("oslo", "bergen", "tromso"),
           ("peru", "lima", "cusco")]  # fmt: skip


def _apart(claimset: ck.ClaimSet, k: int) -> tuple[list[ck.Claim], list[ck.Sum]]:
    """Return the claims and relations of a world about the ``k``-th subjects, ids marked.

    The measures stay (their Sum, if any, holds of every world's subjects alike).
    """
    place = dict(zip(_PLACES[0], _PLACES[k], strict=True))
    claims = [c.replace(id=f"w{k}-{c.id}", subject=place[c.subject]) for c in claimset.claims]
    relations = [
        ck.Sum(place[r.total], [place[p] for p in r.parts], over="subject")
        if r.over == "subject"
        else r
        for r in claimset.relations
    ]
    return claims, relations


@st.composite
def worlds(draw: st.DrawFn) -> ck.ClaimSet:
    """Return one to four independent claim sets as one, each consistent or not."""
    sets = draw(
        st.lists(claim_sets(max_size=5) | claim_sets(consistent=False, max_size=5), max_size=4)
    )
    claims: list[ck.Claim] = []
    relations: list[ck.Sum] = []
    for k, claimset in enumerate(sets):
        more, tied = _apart(claimset, k)
        claims += more
        relations += [r for r in tied if r not in relations]
    return ck.ClaimSet(claims, relations=relations)


@given(
    worlds(),
    st.sampled_from([0.001, 0.01, 0.1, 0.3, 0.7, 1.0]),
    st.sampled_from([None, 1, 4, 12]),
)
def test_one_lp_per_block_answers_as_the_feasibility_and_threshold_tests(
    claimset: ck.ClaimSet, tension: float, block_rows: int | None
) -> None:
    model = build(claimset)
    ok, cleared = feasible_and_cleared(model, tension, block_rows=block_rows)
    assert ok.tolist() == feasible_components(model, block_rows=block_rows).tolist()
    assert not (cleared & ~ok).any()
    # Each cleared group, asked about alone, passes below's own test of the shrunk
    # claims; and below, told of the cleared groups, answers as it does alone.
    for comp in np.flatnonzero(cleared).tolist():
        single = np.zeros_like(ok)
        single[comp] = True
        assert np.isinf(below(model, single, ok, tension)[comp])
    alone = below(model, ok, ok, tension)
    np.testing.assert_array_equal(below(model, ok, ok, tension, cleared=cleared), alone)
