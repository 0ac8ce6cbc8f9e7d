"""Fuzz target: ``parse_quantity`` reads any text as a Range or raises a ClaimkitError.

Each input is decoded as UTF-8 (undecodable bytes become lone surrogates) and read
as a count (``person``) and as a rate (``person / week``), under the default policy
and under ``decimal_mark=","`` (which tokenizes digits differently), each within the
time bound of ``_harness.LIMIT``.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import main, text_of, time_limit

UNITS = ("person", "person / week")


def check(data: bytes) -> None:
    """Read one input; let through only a Range or a ClaimkitError."""
    from claimkit.claims.hedges import HedgePolicy, parse_quantity
    from claimkit.errors import ClaimkitError
    from claimkit.values.range import Range

    text = text_of(data)
    for unit, policy in itertools.product(UNITS, (None, HedgePolicy(decimal_mark=","))):
        with time_limit(text):
            try:
                result = parse_quantity(text, unit=unit, policy=policy)
            except ClaimkitError:
                continue
        if not isinstance(result, Range):
            msg = f"parse_quantity({text!r}) returned {result!r}, not a Range"
            raise TypeError(msg)


if __name__ == "__main__":
    main(check, ["claimkit.claims.hedges"])
