"""The architecture: layers read from docs/explanation/design.md, no cycles, no reaching in.

Every module under ``src/claimkit`` is parsed with :mod:`ast`; its module-level imports
of claimkit modules (outside ``if TYPE_CHECKING:``) make a graph that must have no
cycle and no edge from a lower layer to a higher one. Imports inside functions are
allowed only where the table below says why.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "claimkit"
DESIGN = ROOT / "docs" / "explanation" / "design.md"

#: Imports of claimkit modules inside functions, and why each stays there.
LAZY_IMPORTS = {
    # PEP 562: the facade loads the engine, reconciliation, files and units on first use.
    ("claimkit", "claimkit.values.units"),
    # the hypothesis entry point: runs when hypothesis is imported, never before.
    ("claimkit._hypothesis_plugin", "claimkit"),
    # the result types' to_markdown()-style methods call up into the render layer.
    ("claimkit.engine.report", "claimkit.render.report"),
    ("claimkit.reconciliation.results", "claimkit.render.reconciliation"),
}


def _layers() -> dict[str, int]:
    rows = re.findall(r"^\| (\d+) \| `(claimkit[\w.]*)` \|", DESIGN.read_text(), re.MULTILINE)
    assert rows, "design.md has no layer table"
    return {name: int(level) for level, name in rows}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, base] if base else parts)
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        yield candidate if candidate in MODULES else base


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> tuple[set[str], set[str]]:
    """Return the claimkit modules ``module`` imports at module level and in functions."""
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    top: set[str] = set()
    lazy: set[str] = set()

    def visit(body: list[ast.stmt], in_function: bool) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module, is_package):
                    if target.split(".")[0] == "claimkit":
                        (lazy if in_function else top).add(target)
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                visit(node.orelse, in_function)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(node.body, True)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    inner = getattr(node, field, None)
                    if isinstance(inner, list):
                        stmts = [s for s in inner if isinstance(s, ast.stmt)]
                        visit(stmts, in_function)
                        for handler in inner:
                            if isinstance(handler, ast.ExceptHandler):
                                visit(handler.body, in_function)

    visit(ast.parse(path.read_text(encoding="utf-8")).body, False)
    return top, lazy


GRAPH = {module: _imports(module) for module in MODULES}


def _layer_of(module: str, layers: dict[str, int]) -> int | None:
    best = None
    for name, level in layers.items():
        if module == name or module.startswith(name + "."):
            best = level if best is None or len(name) > 0 else best
    return best


def test_the_design_page_lists_every_part_of_the_package() -> None:
    layers = _layers()
    for module in MODULES:
        if module in ("claimkit", "claimkit.__main__", "claimkit._hypothesis_plugin"):
            continue
        assert _layer_of(module, layers) is not None, f"{module} is in no layer of design.md"


def test_no_module_imports_a_higher_layer() -> None:
    layers = _layers()
    wrong = []
    for module, (top, _) in GRAPH.items():
        mine = _layer_of(module, layers)
        if mine is None:
            continue  # the facade, __main__ and the hypothesis plugin sit above everything
        for target in top:
            theirs = _layer_of(target, layers)
            if theirs is not None and theirs > mine:
                wrong.append(f"{module} (layer {mine}) imports {target} (layer {theirs})")
    assert [] == wrong


def test_only_the_hypothesis_plugin_imports_the_strategies() -> None:
    importers = sorted(
        module
        for module, (top, lazy) in GRAPH.items()
        if not module.startswith("claimkit.strategies")
        and any(t.startswith("claimkit.strategies") for t in top | lazy)
    )
    assert ["claimkit._hypothesis_plugin"] == importers


def test_no_import_cycle_at_module_level() -> None:
    # Tarjan's strongly connected components; a component of two or more is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v][0]:
            if w not in MODULES:
                continue
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            connect(module)
    assert [] == cycles


def test_imports_inside_functions_are_the_documented_few() -> None:
    found = {(module, target) for module, (_, lazy) in GRAPH.items() for target in lazy}
    assert set() == {
        (m, t)
        for m, t in found
        if not any(m == lm and (t == lt or t.startswith(lt + ".")) for lm, lt in LAZY_IMPORTS)
    }


def _claimset_private_names() -> set[str]:
    tree = ast.parse((SRC / "claims" / "claimset.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "ClaimSet":
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef) and inner.name.startswith("_"):
                    names.add(inner.name)
                elif isinstance(inner, ast.Attribute) and inner.attr.startswith("_"):
                    names.add(inner.attr)
                elif isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
                    names.add(inner.target.id)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if not m.startswith("claimkit.claims"))
)
def test_no_module_outside_claims_reads_a_private_attribute_of_a_claimset(module: str) -> None:
    private = _claimset_private_names()
    assert private, "ClaimSet has no private attributes to look for"
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    used = sorted(
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in private
    )
    assert [] == used


def test_no_module_is_over_800_lines() -> None:
    long = {
        module: n
        for module, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 800
    }
    assert {} == long


def test_no_private_name_of_a_dependency_is_imported() -> None:
    # A name a dependency exports in its ``__all__`` is public whatever its spelling;
    # anything else with a leading underscore, or from a private module, is not.
    import importlib

    wrong = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            if node.module.split(".")[0] == "claimkit":
                continue
            for alias in node.names:
                private_module = any(part.startswith("_") for part in node.module.split("."))
                if (
                    not (private_module or alias.name.startswith("_"))
                    or alias.name == "annotations"
                ):
                    continue
                exported = getattr(importlib.import_module(node.module), "__all__", ())
                if private_module or alias.name not in exported:
                    wrong.append(f"{module}: from {node.module} import {alias.name}")
    assert [] == wrong
