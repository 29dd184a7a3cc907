"""Markdown escaping and English quantity text: tables of inputs and expected outputs."""

from __future__ import annotations

import pytest

from jjjhealth import markdown as md
from jjjhealth.quantity_text import number, quantity


@pytest.mark.parametrize("value, unit, qualifier, expected", [
    (3000, "张", "at_least", "3,000+"),
    (300, "项", "nearly", "nearly 300"),
    (80, "%", "more_than", "more than 80%"),
    (115, "个", "exact", "115"),
    (12000, "人次", "approx", "about 12,000"),
    (200, "例", "less_than", "fewer than 200"),
    (71.4, "", "exact", "71.4"),
])
def test_quantity(value, unit, qualifier, expected):
    assert quantity(value, unit, qualifier) == expected


def test_unknown_qualifier_fails():
    with pytest.raises(ValueError, match="unknown qualifier"):
        quantity(1, "", "roughly")


@pytest.mark.parametrize("v, expected", [(1.0, "1"), (63574.0, "63,574"), (1.25, "1.25")])
def test_number(v, expected):
    assert number(v) == expected


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "{{< include /etc/passwd >}}", "*bold* _x_ [a](b)",
    "#set page(paper: \"a5\")", "$x^2$ \\LaTeX", "@fig-x", "| pipe |",
])
def test_escape_neutralises_markup(text):
    import pypandoc

    html = pypandoc.convert_text(md.escape(text), "html5", format="markdown")
    assert "<script" not in html and "<em>" not in html and "<a " not in html
    assert "{{<" not in md.escape(text)


@pytest.mark.parametrize("text", ["京津冀医联体115个", "plain words"])
def test_escape_keeps_plain_text(text):
    assert md.escape(text) == text
