"""The fuzz targets' checks under hypothesis: what ``make fuzz`` runs at length, in brief.

Inputs are the seed corpora of ``fuzz/corpus/`` with a few edits (bytes and tokens put
in, runs of bytes cut out) and raw bytes. Each check lets through only a result or a
ClaimkitError, and fails on any input that takes more than a second.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"


def _check(name: str) -> Callable[[bytes], None]:
    path = FUZZ / f"fuzz_{name}.py"
    spec = importlib.util.spec_from_file_location(f"fuzz_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    check: Callable[[bytes], None] = module.check
    return check


def _seeds(name: str) -> list[bytes]:
    return sorted(p.read_bytes() for p in (FUZZ / "corpus" / name).iterdir())


@st.composite
def edited(draw: st.DrawFn, seeds: list[bytes], tokens: list[bytes]) -> bytes:
    """Draw a seed with up to five edits: a token or a few bytes in place of a short run."""
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        start = draw(st.integers(min_value=0, max_value=len(data)))
        stop = draw(st.integers(min_value=start, max_value=min(len(data), start + 40)))
        new = draw(st.sampled_from(tokens) | st.binary(max_size=8))
        data = data[:start] + new + data[stop:]
    return data


PHRASE_TOKENS = [
    b" ", b"over ", b"about ", b"nearly ", b"up to ", b"between ", b" and ", b" to ", b"-",
    b"million", b"thousand", b"billion", b"k", b"bn", b",000", b".5", b"0", b"9" * 30,
    b"1e308", b" a week", b" per day", b" people", b"\xe2\x80\x93", b"\xc2\xa0", b"\xff",
    b"\xe2\x88\x9e", b"[", b")", b"(", b"]", b"inf", b"nan",
]  # fmt: skip
FILE_TOKENS = [
    b"\n", b" = ", b"[", b"]", b"{", b"}", b'"', b",", b":", b"[[claims]]\n", b"[sources.x]\n",
    b"[periods]\n", b"[policy]\n", b"id", b"value", b"lo", b"hi", b"period", b"start", b"end",
    b"since", b"until", b"week_ending", b"unit", b"kind", b"reading", b"source", b"span",
    b"relations", b"parts", b"over", b"format_version", b"count_units", b"weight",
    b"inf", b"nan", b"1e400", b"-1", b"0", b"true", b"null", b"2024-02-30", b"2024-13",
    b"9999-12-31", b"0001-01-01", b'"rate"', b'"each"', b'"tank"', b'"person / week"',
    b"\xff", b"\xef\xbb\xbf", b"\\u0000", b"\t",
]  # fmt: skip

check_phrase = _check("parse_quantity")
check_file = _check("load")


@given(edited(_seeds("parse_quantity"), PHRASE_TOKENS))
def test_edited_phrases_read_or_raise_claimkit_errors_in_time(data: bytes) -> None:
    check_phrase(data)


@given(st.binary(max_size=200))
def test_any_bytes_read_as_a_phrase_or_raise_claimkit_errors_in_time(data: bytes) -> None:
    check_phrase(data)


@given(edited(_seeds("load"), FILE_TOKENS))
def test_edited_claims_files_read_or_raise_claimkit_errors_in_time(data: bytes) -> None:
    check_file(data)


@given(st.binary(max_size=200))
def test_any_bytes_read_as_a_claims_file_or_raise_claimkit_errors_in_time(data: bytes) -> None:
    check_file(data)


def test_the_seed_claims_files_read() -> None:
    from claimkit.files.claimsfile import loads

    counts = [
        len(loads(p.read_text(), format=p.suffix[1:]))
        for p in sorted((FUZZ / "corpus" / "load").iterdir())
    ]
    assert [3, 4] == counts
