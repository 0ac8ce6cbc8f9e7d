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


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_import_is_light() -> None:
    # Importing claimkit must not pull in the solver, scipy's optimisers, hypothesis,
    # matplotlib, or Dask's dataframes and cluster (pint itself imports dask.base when
    # Dask is installed; claimkit.distributed imports the rest when it is used).
    code = (
        "import sys, claimkit; "
        "heavy = [m for m in ('highspy', 'scipy.optimize', 'hypothesis', 'matplotlib', "
        "'dask.dataframe', 'distributed', 'claimkit.distributed') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    assert "" == _run(code)


#: The packages that ``import claimkit`` may load beyond what ``import pint, numpy``
#: loads: attrs, the layers of errors, values and claims, and unicodedata (errors measure
#: the text they point into). Everything else loads on first use: the engine and the
#: layers above it, and the standard library's ``difflib`` (did-you-mean suggestions in
#: errors) and ``html`` (notebook display).
IMPORTED_WITH_CLAIMKIT = (
    "attr",
    "attrs",
    "claimkit.claims",
    "claimkit.errors",
    "claimkit.values",
    "unicodedata",
)
#: Loaded on first use by claimkit, though pint loads them itself where babel or dask
#: is installed: the test forgets them after ``import pint, numpy``, so that it sees
#: whether ``import claimkit`` loads them again.
STDLIB_ON_FIRST_USE = ("difflib", "html", "html.entities")


def test_import_loads_nothing_beyond_pint_numpy_attrs_and_the_lower_layers() -> None:
    loaded = _run(
        "import sys, pint, numpy; "
        f"[sys.modules.pop(m, None) for m in {STDLIB_ON_FIRST_USE!r}]; "
        "base = set(sys.modules); import claimkit; "
        "print(*sorted(set(sys.modules) - base))"
    ).split()
    assert "claimkit.claims.claim" in loaded  # the list is what import claimkit loads
    extra = [
        name
        for name in loaded
        if name != "claimkit"
        and not any(name == p or name.startswith(f"{p}.") for p in IMPORTED_WITH_CLAIMKIT)
    ]
    assert [] == extra


def test_import_leaves_pint_registry_unbuilt_until_a_unit_is_read() -> None:
    # pint's application registry reads its definitions file (most of the time a first
    # Range takes) when first used, which must not be at ``import claimkit``.
    out = _run(
        "import pint, claimkit; "
        "lazy = lambda: isinstance(pint.get_application_registry().get(), "
        "pint.registry.LazyRegistry); "
        "print(lazy()); claimkit.Range(1, 2, 'person'); print(lazy())"
    )
    assert ["True", "False"] == out.split()


def test_no_export_shadows_a_public_module() -> None:
    shadowed = []
    for info in pkgutil.iter_modules(claimkit.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"claimkit.{info.name}")
        if getattr(claimkit, info.name) is not module:
            shadowed.append(info.name)
    assert [] == shadowed
