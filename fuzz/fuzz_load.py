"""Fuzz target: the claims-file reader reads any text or raises a ClaimkitError.

Each input is decoded as UTF-8 (undecodable bytes become lone surrogates) and read
with ``claimkit.files.claimsfile.loads`` as TOML and as JSON, each within the time bound of
``_harness.LIMIT``. What reads is written back with ``dumps`` and must read back
as an equal claim set.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import main, text_of, time_limit

FORMATS = ("toml", "json")


def check(data: bytes) -> None:
    """Read one input as a claims file; let through only a ClaimSet or a ClaimkitError."""
    from claimkit.claims.claimset import ClaimSet
    from claimkit.errors import ClaimkitError
    from claimkit.files.claimsfile import dumps, loads

    text = text_of(data)
    for fmt in FORMATS:
        with time_limit(text):
            try:
                claims = loads(text, format=fmt)
            except ClaimkitError:
                continue
            if not isinstance(claims, ClaimSet):
                msg = f"loads() returned {claims!r}, not a ClaimSet"
                raise TypeError(msg)
            again = loads(dumps(claims, format=fmt), format=fmt)
        if again != claims:
            msg = f"{fmt} input read, written and read again changed: {text!r}"
            raise AssertionError(msg)


if __name__ == "__main__":
    main(check, ["claimkit.files.claimsfile"])
