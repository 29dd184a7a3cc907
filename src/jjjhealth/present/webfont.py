"""HTML + the CJK font → the same HTML with a subset of the font embedded (offline Chinese text)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

FAMILY = "JJJ Noto Sans CJK SC"
# Characters worth embedding: CJK punctuation, ideographs, full-width forms.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def subset_woff(font: Path, text: str) -> bytes:
    """font file + the characters used → a WOFF subset holding only those glyphs."""
    from fontTools import subset  # ships with matplotlib: no extra dependency

    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; WOFF2 would need brotli
    options.desubroutinize = True
    options.name_IDs = ["*"]
    font_obj = subset.load_font(str(font), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted({ord(c) for c in text}))
    sub.subset(font_obj)
    buf = io.BytesIO()
    subset.save_font(font_obj, buf, options)
    return buf.getvalue()


def embed_cjk_font(html: str, font: Path) -> str:
    """self-contained HTML → the same with an @font-face of the CJK glyphs it uses, so Chinese
    renders the same offline on any machine, whatever fonts the reader has installed."""
    chars = "".join(sorted(set(_CJK.findall(html))))
    if not chars:
        return html
    data = base64.b64encode(subset_woff(font, chars)).decode("ascii")
    style = (f'<style>@font-face{{font-family:"{FAMILY}";'
             f'src:url(data:font/woff;base64,{data}) format("woff");'
             f"unicode-range:U+3000-303F,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FF00-FFEF;}}"
             "</style>")
    return html.replace("</head>", style + "</head>", 1)
