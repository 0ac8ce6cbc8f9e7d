"""The tutorial's code blocks run as shown, pasted in order into a fresh session.

The documentation build runs them too, but after a setup of its own (``ck`` and
``ROOT`` are defined for every page); here nothing is defined beforehand, so a block
that uses a name no earlier block defines fails.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial" / "index.md"
_BLOCK = re.compile(r"^```\{doctest\}\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_the_tutorial_runs_without_any_setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a reader might start python; figures land here
    blocks = _BLOCK.findall(TUTORIAL.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "tutorial", str(TUTORIAL), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    report: list[str] = []
    runner.run(test, out=report.append)
    assert (0, True) == (runner.failures, runner.tries >= 40), "".join(report)
