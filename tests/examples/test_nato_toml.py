"""The worked example's claims file says what the Python example says."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import claimkit as ck

TOML = Path(__file__).resolve().parents[2] / "examples" / "nato_2024.toml"


def test_the_claims_file_gives_the_python_examples_claim_set(nato: ModuleType) -> None:
    assert nato.claim_set() == ck.load(TOML)


def test_the_phrases_agree_under_another_policy(nato: ModuleType) -> None:
    exact = ck.HedgePolicy(rounding="exact")
    assert nato.claim_set(exact) == ck.load(TOML, policy=exact)


def test_the_claims_file_round_trips(nato: ModuleType) -> None:
    claims = ck.load(TOML)
    assert claims == ck.loads(ck.dumps(claims))
