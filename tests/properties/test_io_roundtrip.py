"""Claims files: what is dumped loads back as an equal claim set, in both formats."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import claimkit as ck
from claimkit.files import claimsfile as io
from claimkit.strategies import claim_sets, claims, sources

FORMATS = st.sampled_from(["toml", "json"])
RELATIONS = (
    ck.Sum("casualties", ["killed", "wounded"]),
    ck.Sum("both", ["russia", "ukraine"], over="subject"),
)


@st.composite
def with_provenance(draw: st.DrawFn) -> ck.ClaimSet:
    """Claim sets whose sources have distinct ids, with quotes, spans and notes filled in."""
    pool = draw(st.lists(sources(), max_size=4, unique_by=lambda s: s.id))
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
    texts = st.none() | st.text(min_size=1, max_size=30)
    filled = []
    for claim in items:
        quote = draw(texts)
        span = None
        if quote is not None and draw(st.booleans()):
            start = draw(st.integers(0, 10**6))
            span = (start, start + len(quote))
        filled.append(claim.replace(quote=quote, span=span, note=draw(texts)))
    relations = draw(st.lists(st.sampled_from(RELATIONS), unique=True))
    return ck.ClaimSet(filled, relations=relations)


@given(with_provenance(), FORMATS)
def test_load_of_dump_is_the_same_claim_set(claimset: ck.ClaimSet, fmt: io.Format) -> None:
    assert claimset == io.loads(io.dumps(claimset, format=fmt), format=fmt)


@given(with_provenance() | claim_sets(consistent=False) | claim_sets(), FORMATS)
def test_dumping_again_gives_the_same_text(claimset: ck.ClaimSet, fmt: io.Format) -> None:
    text = io.dumps(claimset, format=fmt)
    assert text == io.dumps(io.loads(text, format=fmt), format=fmt)


HEDGES = st.sampled_from(["", "over ", "about ", "at least ", "up to ", "nearly ", "under "])
NUMBERS = st.sampled_from(["700,000", "45,690", "one million", "1.2 million", "43k", "10,000"])
RATES = st.sampled_from(["", " a week", " per month", " daily"])


@given(HEDGES, NUMBERS, RATES, FORMATS)
def test_a_phrase_is_written_back_as_it_was_read(
    hedge: str, number: str, rate: str, fmt: io.Format
) -> None:
    phrase = f"{hedge}{number}{rate}"
    text = (
        "format_version = 1\n[[claims]]\n"
        'id = "a"\nmeasure = "casualties"\nsubject = "both"\nperiod = "2024-11"\n'
        f'value = "{phrase}"\n'
    )
    claimset = io.loads(text)
    written = io.dumps(claimset, format=fmt)
    assert f'"{phrase}"' in written
    assert claimset == io.loads(written, format=fmt)
