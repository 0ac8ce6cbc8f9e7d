"""Draw the tutorial's figures during the documentation build.

``docs/conf.py`` calls :func:`draw` when the builder starts, so the pictures in the
tutorial are always made by the code they illustrate; they are written to
``docs/_generated/`` (not kept in git).
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from types import ModuleType

import claimkit as ck
from claimkit import plot

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "_generated"


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", ROOT / "examples" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def draw() -> list[Path]:
    """Draw the forest plot of the article's Russian figures, and them over time."""
    OUT.mkdir(exist_ok=True)
    nato = _example("nato_2024")
    claim_set = nato.claim_set()
    russia = [claim_set[cid] for cid in ("rutte-russia", "zelenskyy-russia-total")]
    reconciled = ck.reconcile(russia, method="stretch")
    forest = plot.forest(russia, reconciled=reconciled, implied=ck.check(claim_set))
    forest_path = OUT / "forest-russia.png"
    forest.savefig(forest_path, dpi=110, bbox_inches="tight")

    daily = _example("daily_series")
    reports = daily.load_daily()
    autumn = [r for r in reports if date(2024, 9, 1) <= r.day <= date(2024, 12, 12)]
    claims = daily.daily_claims(autumn)
    stated = [
        claim_set[cid]
        for cid in (
            "rutte-russia",
            "zelenskyy-russia-total",
            "reports-russia-november-cumulative",
            "reports-russia-november",
        )
    ]
    timeline = plot.timeline([*claims, *stated])
    timeline_path = OUT / "timeline-russia.png"
    timeline.savefig(timeline_path, dpi=110, bbox_inches="tight")
    return [forest_path, timeline_path]


if __name__ == "__main__":
    for path in draw():
        print(path)
