"""Normalised text → which sentences extraction reads, and how far back their context reaches.

What one seed may cost is bounded here, so that extraction stays linear in its size whatever
it holds: a sentence (or line) with more numerals than prose has — more than
MAX_NUMBERS_PER_SENTENCE per NUMBERS_SPAN characters — is a table or junk and is skipped
whole (counted in source_stats.sentences_skipped); the context a sentence borrows from the
earlier sentences of its line reaches back at most LEAD_MAX characters.
"""

from __future__ import annotations

import bisect
import re
from itertools import islice

from jjjhealth.extract.quantities import tables
from jjjhealth.text.sentences import Sentence

# The seeds' densest sentence has 9 numerals, their longest line 429 chars.
MAX_NUMBERS_PER_SENTENCE = 60
NUMBERS_SPAN = 1000  # chars: a longer text may hold proportionally more numerals
LEAD_MAX = 500  # chars; the longest line of the seeds and generalisation sets has 429


def too_many_numbers(text: str) -> bool:
    """text → True if it holds more numerals than MAX_NUMBERS_PER_SENTENCE per NUMBERS_SPAN chars."""
    limit = int(MAX_NUMBERS_PER_SENTENCE * max(1.0, len(text) / NUMBERS_SPAN))
    found = tables()["_number"].finditer(text)
    return next(islice(found, limit, None), None) is not None  # stops counting at the limit


def skipped(clean: str, sentences: list[Sentence]) -> list[bool]:
    """clean text + its sentences → per sentence, True if it or its line is too dense to read.

    The line counts too: a line of many short sentences, one number each (1。1。1。…), is a
    table as surely as one sentence of many numbers."""
    breaks = [m.start() for m in re.finditer("\n", clean)]
    dense: dict[int, bool] = {}
    out = []
    for s in sentences:
        k = bisect.bisect_left(breaks, s.start)
        if k not in dense:
            lo, hi = (breaks[k - 1] + 1 if k else 0), (breaks[k] if k < len(breaks) else len(clean))
            dense[k] = too_many_numbers(clean[lo:hi])
        out.append(dense[k] or too_many_numbers(s.text))
    return out


def lead_floor(starts: list[int], start: int) -> int:
    """sorted sentence starts + one of them → the earliest sentence start its context may reach."""
    return starts[bisect.bisect_left(starts, start - LEAD_MAX)]
