"""Figure titles carry no typed numbers: years and counts in a title come from the data."""

from __future__ import annotations

import ast
import json

import pytest
from conftest import REPO, assert_no_typed_numbers

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
DRAWING = [REPO / "src" / "jjjhealth" / f for f in ("charts.py", "maps.py")]
TITLE_CALLS = {"set_title", "suptitle", "title"}


def literal_text(node: ast.AST) -> str:
    """title expression → its typed text: string constants, {placeholders} left out."""
    if isinstance(node, ast.FormattedValue):
        return " "
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ""
    return " ".join(literal_text(c) for c in ast.iter_child_nodes(node))


def titles(code: str) -> list[str]:
    """Python source → the typed text of every figure title it sets."""
    out = []
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        out += [literal_text(k.value) for k in node.keywords if k.arg == "title"]
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name in TITLE_CALLS and node.args:
            out.append(literal_text(node.args[0]))
    return out


def notebook_code(path) -> str:
    """notebook → its code cells joined (IPython magics would not parse; there are none)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("path", NOTEBOOKS + DRAWING, ids=lambda p: p.name)
def test_figure_titles_have_no_typed_numbers(path):
    code = notebook_code(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    found = titles(code)
    assert found or path.suffix == ".py"  # every notebook saves titled figures
    for text in found:
        assert_no_typed_numbers(text, f"a figure title in {path.name}")


@pytest.mark.parametrize(("code", "typed"), [
    ('save(title=f"{place}: cooperation since 2014")', True),
    ('ax.set_title("Eleven cities")', True),
    ('save(title=f"{place}, {start_year}–{end_year}")', False),
    ('save(title="Growth, " + " and ".join(years))', False),
    ('fig.suptitle(f"{n:,.0f} beds")', False),
])
def test_typed_title_numbers_are_caught(code, typed):
    caught = False
    for text in titles(code):
        try:
            assert_no_typed_numbers(text, "code")
        except AssertionError:
            caught = True
    assert caught is typed
