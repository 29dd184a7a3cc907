"""Untrusted values → Markdown that pandoc and Quarto show as text, never interpret.

The one escaping boundary (STYLE.md 13): every value from seeds/, sources.yml, parameters or
data/ enters the report's Markdown through `escape` — directly, or through the builders here
(`link`, `anchor`, `href`, `strong`, `join`, `ref`, `code_block`), which escape what they are
given and return `Markdown`, the only value `escape` and `table` paste without escaping it
again. Nothing else pastes values raw.
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import quote

import pandas as pd

# ASCII punctuation Markdown, raw HTML/TeX, Typst, pandoc extensions (smart quotes, ellipses,
# lists "1.", title blocks "%", attributes) or Quarto shortcodes could act on. Pandoc reads a
# backslash before any ASCII punctuation as that character. , / ? never start markup.
_SPECIAL = re.compile("([" + re.escape("".join(sorted(set(string.punctuation) - set(",/?"))))
                      + "])")
_IDENT_OK = re.compile(r"[^0-9A-Za-z_-]")
_URL_SAFE = ":/?#@!$&*+,;=%-._~"  # kept in a URL; everything else is percent-encoded


class Markdown:
    """Markdown built by this module from escaped parts: pasted as is, never escaped twice.

    Not a str, so a data frame keeps it as it is and `+` with raw text fails loudly."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Markdown) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Markdown({self.text!r})"


def _plain(text: object) -> str:
    """any value → one line of text ('' for None/NaN; control and line-separator chars → space)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = str(text)
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in s).strip()


def escape(text: object) -> str:
    """any value → Markdown showing it literally on one line (a Markdown value: its text as is)."""
    if isinstance(text, Markdown):
        return text.text
    return _SPECIAL.sub(r"\\\1", _plain(text))


def ident(text: object) -> str:
    """any value → a safe #anchor id: [0-9A-Za-z_-] kept, any other char → -uXXXX- (injective)."""
    return _IDENT_OK.sub(lambda m: f"-u{ord(m.group()):04x}-", _plain(text))


def link(text: object, target: object) -> Markdown:
    """(shown text, anchor id) → [text](#id), both escaped."""
    return Markdown(f"[{escape(text)}](#{ident(target)})")


def anchor(text: object, target: object) -> Markdown:
    """(shown text, anchor id) → [text]{#id}: a span others link to."""
    return Markdown(f"[{escape(text)}]{{#{ident(target)}}}")


def href(text: object, url: str) -> Markdown:
    """(shown text, relative path or URL) → [text](url), the URL percent-encoded (no spaces,
    brackets, parentheses or angle brackets survive to end the link early)."""
    return Markdown(f"[{escape(text)}]({quote(_plain(url), safe=_URL_SAFE)})")


def strong(text: object) -> Markdown:
    """any value → **text**, escaped."""
    return Markdown(f"**{escape(text)}**")


def ref(kind: str, target: object) -> Markdown:
    """('fig', id) → @fig-id, a Quarto cross-reference with a safe id."""
    return Markdown(f"@{ident(kind)}-{ident(target)}")


def code_block(text: object, lang: str = "") -> Markdown:
    """any text + language → a fenced code block whose fence is longer than any run inside."""
    s = "" if text is None else str(text)
    fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", s)), default=0))
    return Markdown(f"{fence}{ident(lang)}\n{s}\n{fence}\n")


def join(parts, sep: str = " ") -> Markdown:
    """values or Markdown pieces + separator → one Markdown string, each part escaped."""
    glue = _SPECIAL.sub(r"\\\1", sep.replace("\n", " "))  # not stripped: " " stays a space
    return Markdown(glue.join(escape(p) for p in parts))


def table(df: pd.DataFrame) -> str:
    """DataFrame → pipe table; every header and cell goes through escape (Markdown cells as is)."""
    cols = list(df.columns)
    head = "| " + " | ".join(escape(c) for c in cols) + " |"
    rule = "|" + "|".join("---" for _ in cols) + "|"
    body = ["| " + " | ".join(escape(v) for v in row) + " |"
            for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def html_only(block: str) -> str:
    """Markdown → the same, shown in HTML output only (Quarto's content-visible)."""
    return f'::: {{.content-visible when-format="html"}}\n{block}\n:::\n'
