"""The package's shape: no import loops in ``kg/``, and every import points down the
pipeline (sources → extract → rdf → store → ingest → query → project/analysis →
views → server → cli), as docs/architecture.md draws it.

Imports are read with :mod:`ast`, so the check covers imports inside functions too
(a lazy import is still a dependency) and imports nothing itself.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import networkx as nx

from tests.conftest import ROOT

PACKAGE = ROOT / "kg"

# Layer of each module, by the longest matching prefix; a module may import from its
# own layer and the ones above it (lower numbers), never from a later one.
LAYERS: dict[str, int] = {
    "kg": 0,  # the package itself: __version__ (its lazy public API is left out below)
    "kg.errors": 0,
    "kg.config": 0,
    "kg.resources": 0,
    "kg.terms": 0,
    "kg.model": 0,
    "kg.sparql": 0,
    "kg.sources": 1,
    "kg.extract": 2,
    "kg.triples": 3,
    "kg.store": 4,
    "kg.ingest": 5,
    "kg.query": 6,
    "kg.curate": 6,
    "kg.evaluate": 6,
    "kg.gold": 6,
    "kg.project": 7,
    "kg.analysis": 7,
    "kg.views": 8,
    "kg.server": 9,
    "kg.cli": 10,
    "kg.__main__": 10,
}
# kg/__init__.py is the public API: it imports from every layer, lazily, on first use.
FACADE = "kg"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def is_package(name: str, known: dict[str, Path]) -> bool:
    return name in known and known[name].name == "__init__.py"


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The kg modules that the module ``name`` imports, anywhere in its body."""
    found: set[str] = set()
    package = name if is_package(name, known) else name.rpartition(".")[0]
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kg")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.split(".")[0] != "kg":
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in known else base)
    return {m for m in found if m in known and m != name}


@functools.cache
def import_graph() -> nx.DiGraph:
    known = modules()
    graph = nx.DiGraph()
    for name, path in known.items():
        graph.add_node(name)
        if name != FACADE:
            graph.add_edges_from((name, target) for target in imported(name, path, known))
    return graph


def layer(name: str) -> int:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYERS:
            return LAYERS[prefix]
    raise AssertionError(f"{name} has no layer: add it to LAYERS and docs/architecture.md")


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer(name)


def test_no_import_loops() -> None:
    loops = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert loops == [], f"import loops in kg/: {loops}"


def test_imports_point_down_the_pipeline() -> None:
    upward = sorted(
        f"{a} (layer {layer(a)}) imports {b} (layer {layer(b)})"
        for a, b in import_graph().edges
        if layer(b) > layer(a)
    )
    assert upward == [], "\n".join(upward)


def test_store_classes_stay_inside_the_store_package() -> None:
    """Readers go through the Store interface: no isinstance on a store class elsewhere."""
    offenders = []
    for name, path in modules().items():
        if name.startswith("kg.store"):
            continue
        for node in ast.walk(tree(path)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "isinstance"
                and len(node.args) == 2
                and "Store" in ast.unparse(node.args[1])
            ):
                offenders.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == [], "\n".join(offenders)


def private_imports(name: str, path: Path) -> list[str]:
    """``from kg.x import _name`` in module ``name``: a private name crossing modules."""
    return [
        f"{name}:{node.lineno}: from {node.module} import {alias.name}"
        for node in ast.walk(tree(path))
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "kg"
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_no_private_name_crosses_modules() -> None:
    """What one module uses of another is public (no leading underscore)."""
    offenders = [line for name, path in modules().items() for line in private_imports(name, path)]
    assert offenders == [], "\n".join(offenders)


def test_the_private_import_check_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from kg.sparql import _scan\n", encoding="utf-8")
    tree.cache_clear()
    assert private_imports("m", module) == ["m:1: from kg.sparql import _scan"]


def test_the_checker_sees_a_loop_and_an_upward_import(tmp_path: Path) -> None:
    """The checks above can fail: a fake pair of modules that import each other."""
    graph = nx.DiGraph([("kg.store.a", "kg.cli.b"), ("kg.cli.b", "kg.store.a")])
    assert [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert any(layer(b) > layer(a) for a, b in graph.edges)
    source = tmp_path / "kg" / "store" / "x.py"
    source.parent.mkdir(parents=True)
    source.write_text("from kg.cli import app\nfrom . import y\n", encoding="utf-8")
    known = {"kg.store.x": source, "kg.store.y": source, "kg.cli": source}
    assert imported("kg.store.x", source, known) == {"kg.cli", "kg.store.y"}
