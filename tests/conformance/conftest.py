"""Report the IEEE 1788 conformance counts in pytest's terminal summary."""

from __future__ import annotations

import sys

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    module = next((mod for name, mod in sys.modules.items() if name.endswith("test_itf1788")), None)
    if module is None:  # the conformance tests were not collected in this run
        return
    counts = module.tally()
    terminalreporter.write_sep("-", "ITF1788 (IEEE 1788) conformance")
    terminalreporter.write_line(
        f"{counts['contained']} of {counts['total']} results contain the expected interval; "
        f"{counts['tight']} are tight (equal to it)"
    )
