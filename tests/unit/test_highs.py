"""The calls into HiGHS print nothing: a command's standard output is its own."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import claimkit as ck
month = ck.Period.month(2024, 1)
a = ck.Claim(id="a", measure="killed", subject="x", period=month, value=ck.Range(1, 2, "person"))
b = a.replace(id="b", value=ck.Range(3, 4, "person"))
report = ck.check([a, b])
assert not report.consistent and report.conflicts
"""


def test_a_fresh_interpreter_solving_with_highs_prints_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert "" == done.stdout
