"""Layers import downward only: core → text → extract → analysis → present → report → build,
and the package has no import cycle (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "jjjhealth"
ORDER = ("core", "text", "extract", "analysis", "present", "report", "build")
# A module's layer is its folder: src/jjjhealth/extract/facts.py is "extract.facts", layer
# extract; modules at the top of the package (errors, paths, config, the one-home tables) are
# core. catalog/ holds data only.


def layer(module: str) -> str:
    """dotted module name under jjjhealth → its layer."""
    return module.split(".")[0] if "." in module else "core"


def _module(path: Path) -> str:
    """file under src/jjjhealth → dotted module name ("extract.facts", "paths", "text.__init__")."""
    return ".".join(path.relative_to(SRC).with_suffix("").parts)


MODULES = {_module(p): p for p in sorted(SRC.rglob("*.py"))}


# No upward import and no cycle is tolerated: a table or helper two layers share lives in
# the lower one (numerals.py, places.py in core; build.corpus below bench and adversarial).


def imports(module: str) -> set[str]:
    """dotted module name → the jjjhealth modules it imports (anywhere in the file)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == "jjjhealth" or node.module.startswith("jjjhealth.")):
            base = node.module.removeprefix("jjjhealth").lstrip(".")
            for a in node.names:  # `from jjjhealth.extract import facts` imports a module
                sub = f"{base}.{a.name}" if base else a.name
                out.add(sub if sub in MODULES else base)
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("jjjhealth.") for a in node.names
                       if a.name.startswith("jjjhealth."))
    # what is not a module is a package: `from jjjhealth import __version__` reads __init__
    return {m if m in MODULES else f"{m}.__init__".lstrip(".") for m in out} - {module}


GRAPH = {m: imports(m) for m in MODULES}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_is_in_a_layer_folder(module):
    assert layer(module) in ORDER, f"{MODULES[module]}: folder is not a layer {ORDER}"
    assert module.count(".") <= 1, f"{MODULES[module]}: one folder level per layer"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_are_absolute(module):
    """Relative imports hide a name's layer; every import spells jjjhealth.<layer>."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    rel = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    assert not rel, f"{MODULES[module]}: relative imports on lines {rel}"


def upward(module: str, imported: set[str]) -> list[str]:
    """module + what it imports → the imported modules of a higher layer, sorted."""
    return sorted(m for m in imported if ORDER.index(layer(m)) > ORDER.index(layer(module)))


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_downward(module):
    up = upward(module, GRAPH[module])
    assert not up, f"{module} ({layer(module)}) imports higher layers: " + ", ".join(
        f"{m} ({layer(m)})" for m in up)


@pytest.mark.parametrize(("module", "imported", "expected"), [
    ("text.normalize", {"extract.quantities", "numerals"}, ["extract.quantities"]),
    ("extract.classify", {"places", "extract.quantities"}, []),
    ("paths", {"build.cli"}, ["build.cli"]),
])
def test_upward_finder(module, imported, expected):
    assert upward(module, imported) == expected


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """import graph → one cycle as a list of modules, [] if there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str]:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        state[m] = 2
        stack.pop()
        return []

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return []


def test_no_import_cycle():
    assert cycle(GRAPH) == [], " → ".join(cycle(GRAPH))


@pytest.mark.parametrize(("graph", "has_cycle"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
])
def test_cycle_finder(graph, has_cycle):
    assert bool(cycle(graph)) is has_cycle
