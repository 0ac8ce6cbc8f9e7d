"""Claim tables: a claim set written as a frame, a CSV or a Parquet file reads back equal."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.strategies import claim_sets, claims, sources
from claimkit.tables import from_frame, to_frame

RELATIONS = (
    ck.Sum("casualties", ["killed", "wounded"]),
    ck.Sum("both", ["russia", "ukraine"], over="subject"),
)
PHRASES = st.sampled_from(
    ["over 700,000", "about 45,690", "nearly one million", "43k", "up to 10,000 a week", "5"]
)
POLICIES = st.builds(
    ck.HedgePolicy,
    rounding=st.sampled_from(["significant", "exact"]),
    approx_rel=st.sampled_from([0.0, 0.05]),
)


@st.composite
def with_provenance(draw: st.DrawFn) -> ck.ClaimSet:
    """Claim sets with sources, quotes, spans, notes, and phrases read under a policy."""
    pool = draw(st.lists(sources(), max_size=3, unique_by=lambda s: s.id))
    source = st.none() | st.sampled_from(pool) if pool else st.none()
    items = draw(
        st.lists(
            claims(
                measures=st.sampled_from(["casualties", "killed", "wounded"]),
                subjects=st.sampled_from(["both", "russia", "ukraine"]),
                sources=source,
            ),
            max_size=6,
            unique_by=lambda c: c.id,
        )
    )
    policy = draw(POLICIES)
    texts = st.none() | st.text(min_size=1, max_size=30)
    filled = []
    for drawn in items:
        quote = draw(texts)
        span = None
        if quote is not None and draw(st.booleans()):
            start = draw(st.integers(0, 10**6))
            span = (start, start + len(quote))
        claim = drawn.replace(quote=quote, span=span, note=draw(texts))
        if draw(st.booleans()):
            phrase = draw(PHRASES)
            value = ck.parse_quantity(phrase, policy=policy)
            kind = "rate" if "week" in phrase else "total"
            claim = claim.replace(value=value, phrase=phrase, policy=policy, kind=kind,
                                  reading="average")  # fmt: skip
        filled.append(claim)
    relations = draw(st.lists(st.sampled_from(RELATIONS), unique=True))
    return ck.ClaimSet(filled, relations=relations)


SETS = with_provenance() | claim_sets() | claim_sets(consistent=False)


@given(SETS)
def test_from_frame_of_to_frame_is_the_same_claim_set(claimset: ck.ClaimSet) -> None:
    assert claimset == from_frame(to_frame(claimset))


@given(SETS)
def test_a_pyarrow_table_of_the_frame_reads_the_same(claimset: ck.ClaimSet) -> None:
    frame = to_frame(claimset)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({b"claimkit": frame.attrs["claimkit"].encode()})
    assert claimset == from_frame(table)


@given(SETS, st.sampled_from(["csv", "parquet"]))
def test_load_of_dump_as_a_table_is_the_same_claim_set(claimset: ck.ClaimSet, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"claims.{fmt}"
        ck.dump(claimset, path)
        assert claimset == ck.load(path)
