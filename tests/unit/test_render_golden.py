"""The text report of the worked example, compared with tests/golden/nato_2024.txt.

When the wording changes on purpose, regenerate the golden file and review its diff:

    CLAIMKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_render_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import claimkit as ck

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "nato_2024.txt"


def test_the_worked_example_report_reads_as_the_golden_file() -> None:
    text = str(ck.check(ck.load(ROOT / "examples" / "nato_2024.toml"))) + "\n"
    if os.environ.get("CLAIMKIT_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            text.splitlines(keepends=True),
            "tests/golden/nato_2024.txt",
            "str(check(examples/nato_2024.toml))",
        )
    )
    assert not diff, (
        "the text report of the worked example changed:\n"
        + diff
        + "\nif the change is deliberate, regenerate the golden file with\n"
        "  CLAIMKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_render_golden.py\n"
        "and review its diff"
    )
