"""The public API: what ``claimkit.__all__`` exports is importable, documented and referenced."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import claimkit

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _documented_modules() -> set[str]:
    modules: set[str] = set()
    for page in (DOCS / "reference").glob("*.rst"):
        modules.update(re.findall(r"^\.\. automodule:: (\S+)", page.read_text(), re.MULTILINE))
    return modules


def test_all_is_sorted_and_unique() -> None:
    names = [name for name in claimkit.__all__ if not name.startswith("__")]
    assert sorted(set(names)) == names


def test_every_export_exists() -> None:
    for name in claimkit.__all__:
        assert hasattr(claimkit, name), name


def test_every_export_has_a_docstring() -> None:
    for name in claimkit.__all__:
        if name.startswith("__") or name == "ureg":
            continue
        obj = getattr(claimkit, name)
        assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def test_every_export_is_in_the_reference() -> None:
    modules = _documented_modules()
    for name in claimkit.__all__:
        if name.startswith("__") or name == "ureg":
            continue
        module = getattr(claimkit, name).__module__
        assert module in modules, f"{name} lives in {module}, which no reference page documents"


def test_import_is_light() -> None:
    # Importing claimkit must not pull in the solver, scipy's optimisers or hypothesis.
    code = (
        "import sys, claimkit; "
        "heavy = [m for m in ('highspy', 'scipy.optimize', 'hypothesis', 'matplotlib') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "" == result.stdout.strip()


def test_no_export_shadows_a_public_module() -> None:
    shadowed = []
    for info in pkgutil.iter_modules(claimkit.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"claimkit.{info.name}")
        if getattr(claimkit, info.name) is not module:
            shadowed.append(info.name)
    assert [] == shadowed
