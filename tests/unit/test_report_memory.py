"""What a report keeps of a check, and what the findings frame gives back.

A report of ten million claims keeps its local findings for reading them later;
what is only needed to decide them (their coefficients and lower bounds) is let go,
and the findings frame returns the memory of each part's pieces to Arrow's pool.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from tests.unit.test_finding_words import CLAIMS

import claimkit as ck
from claimkit.engine import _steps
from claimkit.engine.model import build_with_info
from claimkit.tables import findings_frame, frames


def test_decided_local_findings_keep_no_coefficients_and_small_verdicts() -> None:
    _, info, _ = build_with_info(CLAIMS)
    local = _steps._LocalFindings(CLAIMS, info, 0.05)
    assert local.locals.n == 7
    assert local.locals.coefs.size == 0
    assert local.locals.rel_lo.size == 0
    assert local.verdict.dtype == np.int8
    # what the report reads of them is all there
    relations = local.table(local.order).relation.tolist()
    assert sorted(relations) == sorted(f.relation for f in ck.check(CLAIMS).findings)


def test_the_findings_frame_gives_back_the_memory_of_each_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    released: list[int] = []

    class Pool:
        def release_unused(self) -> None:
            released.append(1)

    real = pa.default_memory_pool

    def pool(*args: Any) -> Any:
        return Pool() if not args else real(*args)

    monkeypatch.setattr(frames, "FRAME_PART", 3)
    monkeypatch.setattr(pa, "default_memory_pool", pool)
    frame = findings_frame(ck.check(CLAIMS))
    assert len(frame) == 7
    assert len(released) == 3  # parts of 3, 3, 1 findings
    assert date(2024, 11, 1).isoformat() in frame["relation"].iloc[0]


def test_an_error_while_a_part_is_joined_reaches_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each part's text is joined on a thread of its own while the next is worked out.
    joined: list[int] = []
    phrases = frames._arrow_phrases

    def fails_on_the_second_part(pyarrow: Any, words: Any) -> Any:
        joined.append(1)
        if len(joined) > 2:  # relation and description of the first part, then fail
            raise MemoryError("no room for part 2")
        return phrases(pyarrow, words)

    monkeypatch.setattr(frames, "FRAME_PART", 3)
    monkeypatch.setattr(frames, "_arrow_phrases", fails_on_the_second_part)
    with pytest.raises(MemoryError, match="part 2"):
        findings_frame(ck.check(CLAIMS))
