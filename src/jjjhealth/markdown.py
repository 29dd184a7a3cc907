"""Untrusted text → Markdown that pandoc and Quarto show as text, never interpret."""

from __future__ import annotations

import re

import pandas as pd

# Every character Markdown, raw HTML, Typst/LaTeX maths or Quarto shortcodes could act on.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-!|$@~^&=:;\"'])")


def escape(text: object) -> str:
    """any value → Markdown-escaped single-line text (line breaks become spaces)."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    s = re.sub(r"[\r\n\t]+", " ", s)
    return _SPECIAL.sub(r"\\\1", s)


def table(df: pd.DataFrame, *, escape_cells: bool = True) -> str:
    """DataFrame → pipe table (cells escaped unless they are trusted Markdown)."""
    cols = list(df.columns)
    head = "| " + " | ".join(escape(c) for c in cols) + " |"
    rule = "|" + "|".join("---" for _ in cols) + "|"
    body = [
        "| " + " | ".join(escape(v) if escape_cells else str(v) for v in row) + " |"
        for row in df.itertuples(index=False)
    ]
    return "\n".join([head, rule, *body])


def html_only(block: str) -> str:
    """Markdown → the same, shown in HTML output only (Quarto's content-visible)."""
    return f'::: {{.content-visible when-format="html"}}\n{block}\n:::\n'
