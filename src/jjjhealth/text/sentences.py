"""Clean text + classified lines → sentences with clean offsets and a section.

Splits on 。！？；!?; (runs like ？！ stay together) and on line breaks; never inside “…”, 「…」,
『…』 or ‘…’; a closing quote right after a sentence end belongs to that sentence (“好。”).
Decimals (71.4) are safe because "." is not a sentence end. Noise lines give no sentences.
A sentence longer than MAX_SENTENCE_CHARS is cut into pieces at most that long (at a clause
mark or space when there is one) and each piece is marked ``cut``: no later step then pays more
than a bounded price per sentence, whatever a seed holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jjjhealth.text.noise import Line, Span, is_cjk

ENDS = frozenset("。！？；!?;")
OPEN_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’"}
CLOSE_QUOTES = frozenset(OPEN_QUOTES.values())
# A glued subheading: last piece of a body line, without a sentence end, at most this long.
GLUED_TITLE_MAX = 20
GLUED_TITLE_BAN = frozenset(",，、:：(（")
# The longest sentence kept whole (the seeds' longest is 150 chars); longer ones are cut.
MAX_SENTENCE_CHARS = 1000
_SOFT_BREAK = re.compile(r"[,，、:：\s]")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the clean text: [start, end) offsets, its text and its section."""

    start: int
    end: int
    text: str
    section: str
    cut: bool = False  # a piece of an over-long sentence (cut at MAX_SENTENCE_CHARS)


_SPECIAL = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(set(ENDS) | set(OPEN_QUOTES) | set(CLOSE_QUOTES))) + "]"
)


def split_line(
    text: str, start: int, end: int, quotes: bool = True, keep: frozenset[int] = frozenset()
) -> list[tuple[int, int]]:
    """text + line bounds → [start, end) of each sentence, surrounding whitespace stripped.

    Offsets in `keep` (corrupted chars, e.g. the "???" of a lost word) never end a sentence.
    A quote left open at the end of the line is taken for a stray mark: the line is split again
    without quote tracking.
    """
    pieces: list[tuple[int, int]] = []
    stack: list[str] = []
    piece = start
    i = start
    while i < end:
        # Jump to the next character that can end a sentence or open/close a quote: a
        # regex scan instead of a Python step per character (the hot loop of normalisation).
        m = _SPECIAL.search(text, i, end)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        cut = False
        if not quotes:
            if ch in ENDS and i not in keep:
                while i + 1 < end and text[i + 1] in ENDS:
                    i += 1
                cut = True
        elif ch in OPEN_QUOTES:
            stack.append(OPEN_QUOTES[ch])
        elif ch in CLOSE_QUOTES and stack and stack[-1] == ch:
            stack.pop()
            cut = not stack and i > start and text[i - 1] in ENDS
        elif ch in ENDS and not stack and i not in keep:
            while i + 1 < end and text[i + 1] in ENDS:
                i += 1
            cut = True
        i += 1
        if cut:
            pieces.append((piece, i))
            piece = i
    if stack:
        return split_line(text, start, end, quotes=False, keep=keep)
    pieces.append((piece, end))
    out = []
    for s, e in pieces:
        chunk = text[s:e]
        s2 = s + len(chunk) - len(chunk.lstrip())
        e2 = e - (len(chunk) - len(chunk.rstrip()))
        if s2 < e2:
            out.append((s2, e2))
    return out


def _cut(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """sentence bounds → pieces of at most `limit` chars, each ending after the last clause
    mark or space of its window when one lies in the window's second half (else a hard cut)."""
    pieces = []
    while end - start > limit:
        stop = start + limit
        soft = None
        for m in _SOFT_BREAK.finditer(text, stop - limit // 2, stop):
            soft = m.end()
        stop = soft or stop
        pieces.append((start, stop))
        start = stop
    pieces.append((start, end))
    return pieces


def _glued_title(text: str) -> bool:
    """sentence text → True if it looks like a subheading glued to the end of a paragraph."""
    return (
        len(text) <= GLUED_TITLE_MAX
        and text[-1] not in ENDS
        and is_cjk(text[0])
        and not any(c in GLUED_TITLE_BAN for c in text)
    )


def split_sentences(clean: str, lines: list[Line], corrupted: list[Span] = ()) -> list[Sentence]:
    """clean text + classified lines (+ corrupted spans) → sentences of the non-noise lines, in order."""
    keep = frozenset(i for sp in corrupted for i in range(sp.start, sp.end))
    out: list[Sentence] = []
    for line in lines:
        if line.noise is not None:
            continue
        spans = split_line(clean, line.start, line.end, keep=keep)
        for n, (s, e) in enumerate(spans):
            section = line.section
            text = clean[s:e]
            if section == "body" and n == len(spans) - 1 and n > 0 and _glued_title(text):
                section = "title"
            if e - s <= MAX_SENTENCE_CHARS:
                out.append(Sentence(s, e, text, section))
                continue
            for s2, e2 in _cut(clean, s, e):
                out.append(Sentence(s2, e2, clean[s2:e2], section, cut=True))
    return out
