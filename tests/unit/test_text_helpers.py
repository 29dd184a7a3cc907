"""Markdown escaping: tables of inputs and expected outputs."""

from __future__ import annotations

import pytest

from jjjhealth.present import markdown as md


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
