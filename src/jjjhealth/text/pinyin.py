"""Inline pinyin annotations and Traditional → Simplified conversion, keeping an exact offset map.

Two steps, each length-preserving per kept character, so that clean offset i maps to exactly one
raw offset (``raw_index[i]``):

1. ``strip_annotations``: remove ``X(pīn)`` style annotations (tone-marked latin syllables in
   ASCII or full-width parentheses), including broken forms where the ``(`` was lost
   (``區qū)``) or where the annotated character *and* the ``(`` became one ``?`` (``?jǐn)``).
   The latter record a "lost character" site: the character is gone and is not guessed back.
2. ``to_simplified``: OpenCC ``t2s`` line by line (phrase-aware). If OpenCC ever changes the
   length of a line, that line is converted character by character instead, so the offset map
   stays exact. Punctuation is never normalised (ASCII ``,`` stays ASCII).

Syllables must carry a tone mark: toneless ``(men)`` or genuine ``(完)``, ``(记者…)``, ``(CT)``
are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Tone-marked vowels (and ḿ ń ň ǹ) — a syllable must contain at least one of them.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PLAIN = "a-zü"
SYLLABLE = rf"[{PLAIN}]{{0,5}}[{TONED}][{PLAIN}{TONED}]{{0,4}}"
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Zero-width characters (some sites sprinkle them through text against copying): removed like
# annotations, so "1\u200b2\u200b3" is the one number 123, not three.
INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff]"

# Alternatives, tried left to right at each position (group name = form):
#   invisible: zero-width characters (not counted as annotations)
#   lost:  "?jǐn)" / "\ufffdjǐn)" — character and "(" collapsed into one "?" (character lost)
#   full:  "(jǐn)" or "（jǐn）"
#   noopen: "jǐn)" directly after a CJK character — "(" lost
#   noclose: "(jǐn" directly before a CJK character — ")" lost
ANNOTATION = re.compile(
    rf"(?P<invisible>{INVISIBLE}+)"
    rf"|(?P<lost>[?\ufffd]{SYLLABLE}[)）])"
    rf"|(?P<full>[(（]{SYLLABLE}[)）])"
    rf"|(?P<noopen>(?<=[{CJK}]){SYLLABLE}[)）])"
    rf"|(?P<noclose>[(（]{SYLLABLE}(?=[{CJK}]))"
)


@dataclass
class Stripped:
    """Text without annotations, the raw offset of each kept char, and what was removed."""

    text: str
    raw_index: list[int]
    removed: int = 0
    lost_sites: list[int] = field(default_factory=list)  # stripped offsets where a char was lost


def strip_annotations(raw: str) -> Stripped:
    """raw text → Stripped (annotations removed, per-char raw offsets, count, lost-char sites)."""
    pieces: list[str] = []
    index: list[int] = []
    lost: list[int] = []
    removed = 0
    pos = 0
    kept = 0
    for m in ANNOTATION.finditer(raw):
        start, end = m.span()
        pieces.append(raw[pos:start])
        index.extend(range(pos, start))
        kept += start - pos
        if m.lastgroup == "lost":
            lost.append(kept)
        removed += m.lastgroup != "invisible"
        pos = end
    pieces.append(raw[pos:])
    index.extend(range(pos, len(raw)))
    return Stripped("".join(pieces), index, removed, lost)


@lru_cache(maxsize=1)
def _t2s():
    """() → the shared OpenCC t2s converter (built once)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional text → Simplified text of exactly the same length (OpenCC t2s, see module doc)."""
    conv = _t2s().convert
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        simple = conv(line)
        if len(simple) != len(line):
            simple = "".join(_char_t2s(c) for c in line)
        out.append(simple)
    return "".join(out)


def _char_t2s(char: str) -> str:
    """one char → its t2s conversion if that is one char, else the char unchanged."""
    simple = _t2s().convert(char)
    return simple if len(simple) == 1 else char
