"""Provenance is data: a claim read from a phrase carries the phrase and its policy.

What :func:`dumps` writes depends on its argument alone: equal claim sets dump to
the same text, whatever other claim sets are alive or were collected.
"""

from __future__ import annotations

import gc

import pytest

import claimkit as ck
from claimkit.errors import InvalidClaimError
from claimkit.files import claimsfile as io

WIDE = ck.HedgePolicy(approx_rel=0.05)
FILE = """\
format_version = 1

[policy]
approx_rel = 0.05

[[claims]]
id = "nov"
measure = "casualties"
subject = "russia"
period = "2024-11"
value = "about 45,690"
"""


def by_hand(**fields: object) -> ck.Claim:
    base: dict[str, object] = {
        "id": "nov",
        "measure": "casualties",
        "subject": "russia",
        "period": ck.Period.month(2024, 11),
        "value": ck.parse_quantity("about 45,690", policy=WIDE),
    }
    return ck.Claim(**{**base, **fields})  # type: ignore[arg-type]


# --------------------------------------------------------------------------- dumps


def test_a_hand_built_set_dumps_the_same_whatever_else_is_alive() -> None:
    hand = ck.ClaimSet([by_hand()])
    alone = io.dumps(hand)
    loaded = io.loads(FILE)
    assert loaded["nov"].value == hand["nov"].value
    assert alone == io.dumps(hand)
    del loaded
    gc.collect()
    assert alone == io.dumps(hand)
    assert 'value = "[43,400.5, 47,979.5]"' in alone


@pytest.mark.parametrize("collect", [False, True])
def test_equal_sets_built_and_loaded_dump_the_same(collect: bool) -> None:
    hand = ck.ClaimSet([by_hand(phrase="about 45,690", policy=WIDE)])
    loaded = io.loads(FILE)
    assert hand == loaded
    expected = io.dumps(loaded)
    if collect:
        del loaded
        gc.collect()
    assert expected == io.dumps(hand)
    assert 'value = "about 45,690"' in expected
    assert "approx_rel = 0.05" in expected


def test_a_loaded_claim_keeps_its_phrase_and_policy() -> None:
    claim = io.loads(FILE)["nov"]
    assert ("about 45,690", WIDE, "person") == (claim.phrase, claim.policy, claim.phrase_unit)


def test_a_range_in_interval_notation_is_not_a_phrase() -> None:
    claims = io.loads(FILE.replace('"about 45,690"', '"[43,400.5, 47,979.5]"'))
    assert (None, None) == (claims["nov"].phrase, claims["nov"].policy)
    assert ck.ClaimSet([by_hand()]) == claims


def test_the_policy_written_is_the_one_most_phrases_were_read_under() -> None:
    exact = ck.HedgePolicy(rounding="exact")
    claims = [
        by_hand(id="a", phrase="about 45,690", policy=WIDE),
        by_hand(id="b", phrase="45,690", policy=exact, value=ck.Range.exact(45_690, "person")),
        by_hand(id="c", phrase="46,000", policy=exact, value=ck.Range.exact(46_000, "person")),
    ]
    forward = io.dumps(ck.ClaimSet(claims))
    assert 'rounding = "exact"' in forward
    assert forward.replace("\n", " ").count('value = "') == 3
    assert io.loads(forward)["b"] == claims[1]
    backward = io.dumps(ck.ClaimSet(claims[::-1]))
    assert forward.split("[[claims]]")[0] == backward.split("[[claims]]")[0]


def test_a_set_without_phrases_is_written_under_the_default_policy() -> None:
    text = io.dumps(ck.ClaimSet([by_hand()]))
    assert "approx_rel = 0.0\n" in text


# --------------------------------------------------------------------------- Claim


def test_a_phrase_must_read_as_the_value() -> None:
    with pytest.raises(InvalidClaimError, match=r"reads as \[45,685, 45,695\] person"):
        by_hand(phrase="about 45,690")


def test_a_phrase_without_a_policy_is_read_under_the_default_policy() -> None:
    claim = by_hand(phrase="45,690", value=ck.parse_quantity("45,690"))
    assert ck.HedgePolicy() == claim.policy


def test_a_policy_without_a_phrase_is_not_kept() -> None:
    assert by_hand(policy=WIDE).policy is None


def test_a_phrase_with_a_rate_word_reads_in_the_count_unit() -> None:
    claim = by_hand(
        phrase="about 700 a week", kind="rate", value=ck.parse_quantity("about 700 a week")
    )
    assert "person" == claim.phrase_unit
    text = io.dumps(ck.ClaimSet([claim]))
    assert 'unit = "person"\nvalue = "about 700 a week"' in text
    assert ck.ClaimSet([claim]) == io.loads(text)


def test_replacing_the_value_drops_the_phrase() -> None:
    claim = by_hand(phrase="about 45,690", policy=WIDE)
    moved = claim.replace(value=ck.Range(1, 2, "person"))
    assert (None, None) == (moved.phrase, moved.policy)
    assert claim.phrase == claim.replace(note="n").phrase


def test_a_phrase_is_part_of_equality() -> None:
    assert by_hand() != by_hand(phrase="about 45,690", policy=WIDE)
    assert hash(by_hand(phrase="about 45,690", policy=WIDE)) == hash(
        by_hand(phrase="about 45,690", policy=WIDE)
    )


@pytest.mark.parametrize("phrase", ["", "   ", 7])
def test_a_phrase_must_be_a_non_empty_string(phrase: object) -> None:
    with pytest.raises(InvalidClaimError, match="phrase must be a non-empty string"):
        by_hand(phrase=phrase)


def test_a_policy_must_be_a_hedge_policy() -> None:
    with pytest.raises(InvalidClaimError, match="policy must be a HedgePolicy"):
        by_hand(phrase="about 45,690", policy={"approx_rel": 0.05})
