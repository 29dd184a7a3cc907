"""Embedded CJK font subset: Chinese in the HTML renders offline without system fonts."""

from __future__ import annotations

import base64
import io
import re

import pytest
from fontTools.ttLib import TTFont

from jjjhealth.present.figures import cjk_font_path
from jjjhealth.present.webfont import FAMILY, embed_cjk_font, subset_woff


def test_subset_holds_exactly_the_glyphs_used():
    woff = subset_woff(cjk_font_path(), "京津冀医联体")
    cmap = TTFont(io.BytesIO(woff)).getBestCmap()
    assert {chr(c) for c in cmap} >= set("京津冀医联体")
    assert "沪" not in {chr(c) for c in cmap}
    assert len(woff) < 50_000


def test_embed_adds_font_face_before_head_end():
    html = "<html><head><title>t</title></head><body>保定 115个</body></html>"
    out = embed_cjk_font(html, cjk_font_path())
    assert f'font-family:"{FAMILY}"' in out
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", out).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    assert {ord("保"), ord("定"), ord("个")} <= set(cmap)
    assert out.index("@font-face") < out.index("</head>")


@pytest.mark.parametrize("html", ["<html><head></head><body>Latin only 115</body></html>", ""])
def test_no_cjk_leaves_html_unchanged(html):
    assert embed_cjk_font(html, cjk_font_path()) == html
