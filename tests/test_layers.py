"""Layers import downward only: core → text → extract → analysis → present → report → build,
and the package has no import cycle (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "jjjhealth"
ORDER = ("core", "text", "extract", "analysis", "present", "report", "build")
# Every module's layer. A new module must be placed here (test_every_module_has_a_layer).
LAYER = {
    # core: errors, paths and the one-home rules and tables everything may use
    "__init__": "core", "errors": "core", "paths": "core", "config": "core", "atomic": "core",
    "executors": "core", "provenance": "core", "state": "core", "qualifiers": "core",
    "percentages": "core", "context": "core", "yamlio": "core", "runrecord": "core",
    "publication": "core", "labels": "core",
    # text: seeds → normalised sentences
    "sources": "text", "noise": "text", "pinyin": "text", "sentences": "text",
    "normalize": "text",
    # extract: sentences → facts and the released data/
    "quantities": "extract", "classify": "extract", "facts": "extract", "clusters": "extract",
    "milestones": "extract", "datapackage": "extract", "relations": "extract",
    "budget": "extract", "meaning": "extract", "dating": "extract", "evidence": "extract",
    "fact_rows": "extract",
    # analysis: data/ → tables (no drawing)
    "growth": "analysis", "coverage": "analysis", "timeline": "analysis",
    "consistency": "analysis", "geo": "analysis",
    # present: tables → figures, maps, escaped Markdown
    "figures": "present", "charts": "present", "maps": "present", "markdown": "present",
    "webfont": "present", "fonts": "present", "figtext": "present", "figdata": "present",
    "bundle": "present", "charts_sources": "present", "wording": "present",
    # report: data/ + figures → the report's numbers and generated parts
    "reportgen": "report", "render": "report", "downloads": "report", "quarto": "report",
    "keynumbers": "report", "tables": "report",
    # build: orchestration and the command line
    "validate": "build",  # checks notebook parameters before a run (and inside notebooks)
    "execute": "build", "build": "build", "cli": "build", "bench": "build", "addsource": "build",
    "adversarial": "build",
}


# Upward imports known today, each to be removed by moving the table it reads into core:
# importer → {imported: why}. A new upward import fails; a removed one must leave this table.
KNOWN_UPWARD = {
    "normalize": {"quantities": "numeral tables bound the numbers per sentence"},
    "sources": {"classify": "place names of the metric catalog validate sources.yml"},
}


# Import cycles known today (edge importer → imported that closes it), to be broken.
KNOWN_CYCLE_EDGES = {("adversarial", "bench"): "adversarial corpora reuse bench's timing; bench "
                                                "runs them (move the shared helper down)"}


def imports(module: str) -> set[str]:
    """module name → the jjjhealth modules it imports (anywhere in the file)."""
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1 or base == "jjjhealth" or base.startswith("jjjhealth."):
                base = base.removeprefix("jjjhealth").lstrip(".")
                if base:
                    out.add(base.split(".")[0])
                else:  # from . import a, b
                    out.update(a.name for a in node.names if (SRC / f"{a.name}.py").exists())
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names
                       if a.name.startswith("jjjhealth."))
    return out - {module}


GRAPH = {m: imports(m) for m in sorted(p.stem for p in SRC.glob("*.py"))}


def test_every_module_has_a_layer():
    assert set(GRAPH) == set(LAYER), (f"place in LAYER: {sorted(set(GRAPH) - set(LAYER))}; "
                                      f"gone: {sorted(set(LAYER) - set(GRAPH))}")


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_downward(module):
    up = sorted(m for m in GRAPH[module]
                if ORDER.index(LAYER[m]) > ORDER.index(LAYER[module])
                and m not in KNOWN_UPWARD.get(module, {}))
    assert not up, f"{module} ({LAYER[module]}) imports higher layers: " + ", ".join(
        f"{m} ({LAYER[m]})" for m in up)


@pytest.mark.parametrize(("module", "imported"),
                         [(m, i) for m, d in sorted(KNOWN_UPWARD.items()) for i in sorted(d)])
def test_known_upward_imports_still_exist(module, imported):
    assert imported in GRAPH[module], f"{module} no longer imports {imported}: drop it from KNOWN_UPWARD"


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
    graph = {m: {i for i in d if (m, i) not in KNOWN_CYCLE_EDGES} for m, d in GRAPH.items()}
    assert cycle(graph) == [], " → ".join(cycle(graph))
    for m, i in KNOWN_CYCLE_EDGES:
        assert i in GRAPH[m], f"{m} no longer imports {i}: drop it from KNOWN_CYCLE_EDGES"


@pytest.mark.parametrize(("graph", "has_cycle"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
])
def test_cycle_finder(graph, has_cycle):
    assert bool(cycle(graph)) is has_cycle
