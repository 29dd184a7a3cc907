"""Figure titles carry no typed numbers: years and counts in a title come from the data
(figure_text.yml {fields} filled by the notebooks, and titles drawn by charts/maps code)."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import REPO, assert_no_typed_numbers

from jjjhealth import yamlio
from jjjhealth.paths import FIGURE_TEXT_YML

DRAWING = [REPO / "src" / "jjjhealth" / "present" / f
           for f in ("charts.py", "charts_sources.py", "maps.py")]
TITLE_CALLS = {"set_title", "suptitle"}
FIELD = re.compile(r"\{[^}]*\}")
# A number that is a definition, not a value from the data: figure id → the typed text allowed.
DEFINITIONS = {"growth-indexed": "= 100"}  # an index is 100 in its start year


def literal_text(node: ast.AST) -> str:
    """title expression → its typed text: string constants, {placeholders} left out."""
    if isinstance(node, ast.FormattedValue):
        return " "
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ""
    return " ".join(literal_text(c) for c in ast.iter_child_nodes(node))


def drawn_titles(code: str) -> list[str]:
    """Python source → the typed text of every axis or figure title it sets."""
    return [literal_text(n.args[0]) for n in ast.walk(ast.parse(code))
            if isinstance(n, ast.Call) and getattr(n.func, "attr", "") in TITLE_CALLS and n.args]


FIGURES = yamlio.load(FIGURE_TEXT_YML)["figures"]


@pytest.mark.parametrize("fid", sorted(FIGURES))
def test_figure_text_titles_have_no_typed_numbers(fid):
    for lang, title in FIGURES[fid]["title"].items():
        text = FIELD.sub(" ", title).replace(DEFINITIONS.get(fid, "\0"), " ")
        text = text.replace("=100", " ") if fid in DEFINITIONS else text  # zh: 年=100
        assert_no_typed_numbers(text, f"figure_text.yml {fid}.title.{lang}")


@pytest.mark.parametrize("path", DRAWING, ids=lambda p: p.name)
def test_drawn_titles_have_no_typed_numbers(path):
    for text in drawn_titles(path.read_text(encoding="utf-8")):
        assert_no_typed_numbers(text, f"a title drawn in {path.name}")


@pytest.mark.parametrize(("title", "typed"), [
    ("{place_en}: cooperation since 2014", True),
    ("Eleven cities", True),
    ("{place_en}, {start_year}–{end_year}", False),
    ("{place_zh}与京津合作成绩单（累计至{as_of}）", False),
])
def test_typed_title_numbers_are_caught(title, typed):
    try:
        assert_no_typed_numbers(FIELD.sub(" ", title), "a title")
        caught = False
    except AssertionError:
        caught = True
    assert caught is typed
