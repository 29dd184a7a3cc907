"""Seed bytes → NormalizedText: clean Simplified text, exact offset map, noise, corruption, sentences.

Pipeline (all linear in the text size; regexes compiled once):

1. ``decode_bytes``: UTF-8 (BOM stripped), else the more plausible of GB18030 and Big5.
2. ``pinyin.strip_annotations``: inline pinyin ``區(qū)`` removed (counted); broken forms too.
3. ``pinyin.to_simplified``: OpenCC ``t2s``, length-preserving per line (a line whose length
   OpenCC would change is converted char by char), so clean char i ↔ exactly one raw char.
   Punctuation is NOT normalised: ASCII ``,`` ``?`` stay ASCII, full-width stay full-width.
4. ``noise``: noise lines marked (not removed) by the rules in ``noise_rules.yml``; corruption
   marked outside noise (never repaired).
5. ``sentences``: sentences of the title/body/related lines, with clean offsets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jjjhealth.errors import SeedError
from jjjhealth.numerals import tables
from jjjhealth.text.noise import Span, classify_lines, find_corruption, noise_spans
from jjjhealth.text.pinyin import strip_annotations, to_simplified
from jjjhealth.text.sentences import Sentence, split_sentences
from jjjhealth.text.sources import read_seed_bytes

__all__ = ["NormalizedText", "Sentence", "Span", "decode_bytes", "normalize", "normalize_file"]

# Share of control characters above which decoded data is taken for binary.
MAX_CONTROL_SHARE = 0.1
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Legacy encodings tried when UTF-8 fails, in order of preference on a tie.
LEGACY_ENCODINGS = ("gb18030", "big5")
# No count in a news article has more digits than this (an ID-card number has 18); a longer run
# is junk or an attack, and 400 digits would be stored as inf, 310 Chinese ones crash float().
MAX_NUMBER_DIGITS = 20


def _is_common(ch: str) -> bool:
    """one char → True if it is ASCII, CJK punctuation or a frequent (GB2312 L1 / Big5 L1) hanzi."""
    o = ord(ch)
    if o < 0x80 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x2027:
        return True
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= ch.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def _plausibility(text: str) -> float:
    """decoded text → share of its non-ASCII chars that are common Chinese chars or punctuation."""
    wide = [c for c in text if ord(c) >= 0x80]
    if not wide:
        return 1.0
    return sum(map(_is_common, wide)) / len(wide)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """bytes of a seed → (text, encoding): UTF-8 (BOM stripped), else GB18030 or Big5 (the more plausible).

    Raises SeedError naming `name` if the data is empty, binary or undecodable.
    """
    if not data.strip():
        raise SeedError(f"{name}: seed is empty; replace it with the article text")
    if b"\x00" in data:
        raise SeedError(
            f"{name}: seed contains NUL bytes (binary, or UTF-16); save it as UTF-8 text"
        )
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        candidates = []
        for enc in LEGACY_ENCODINGS:
            try:
                candidates.append((data.decode(enc), enc))
            except UnicodeDecodeError:
                continue
        if not candidates:
            raise SeedError(
                f"{name}: not valid UTF-8, GB18030 or Big5; re-save the seed as UTF-8"
            ) from None
        text, encoding = max(candidates, key=lambda c: _plausibility(c[0]))  # first wins ties
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS)
    if controls > MAX_CONTROL_SHARE * len(text):
        raise SeedError(f"{name}: {controls} of {len(text)} chars are control characters (binary?)")
    if not text.strip():
        raise SeedError(f"{name}: seed is empty after decoding; replace it with the article text")
    return text, encoding


@dataclass
class NormalizedText:
    """One seed after normalisation: raw and clean text, offset map, noise, corruption, sentences."""

    source_id: str
    raw: str
    clean: str
    raw_starts: list[int]  # raw offset of each clean char, plus len(raw) as a sentinel
    noise: list[Span]
    corrupted: list[Span]
    sentences: list[Sentence]
    annotations_removed: int
    encoding: str = "utf-8"
    lost_chars: list[int] = field(
        default_factory=list
    )  # clean offsets where a char was lost with its "("

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """clean [start, end) → raw [start, end) from its first to its last char (annotations after it excluded)."""
        if not 0 <= start <= end <= len(self.clean):
            raise IndexError(
                f"{self.source_id}: clean span [{start}, {end}) outside 0..{len(self.clean)}"
            )
        if start == end:
            return self.raw_starts[start], self.raw_starts[start]
        return self.raw_starts[start], self.raw_starts[end - 1] + 1

    # Span starts, listed once: a look-up per number must not walk every span (log time).
    @cached_property
    def _corrupted_starts(self) -> list[int]:
        return [s.start for s in self.corrupted]

    @cached_property
    def _noise_starts(self) -> list[int]:
        return [s.start for s in self.noise]

    def near_corruption(self, start: int, end: int) -> bool:
        """clean [start, end) → True if it overlaps or touches (no gap) a corrupted span."""
        return _touches(self.corrupted, start, end, adjacent=True, starts=self._corrupted_starts)

    def in_noise(self, start: int, end: int) -> bool:
        """clean [start, end) → True if any of its chars lies in a noise span."""
        return _touches(self.noise, start, end, adjacent=False, starts=self._noise_starts)

    def noise_kind(self, pos: int) -> str | None:
        """clean offset → kind of the noise span holding it, or None."""
        k = bisect.bisect_right(self._noise_starts, pos) - 1
        return self.noise[k].kind if k >= 0 and pos < self.noise[k].end else None

    def stats(self) -> dict:
        """→ raw_chars, clean_chars, noise_chars, noise_share, annotations_removed, corrupted_spans, sentences, encoding."""
        noise_chars = sum(s.end - s.start for s in self.noise)
        return {
            "raw_chars": len(self.raw),
            "clean_chars": len(self.clean),
            "noise_chars": noise_chars,
            "noise_share": round(noise_chars / len(self.clean), 4) if self.clean else 0.0,
            "annotations_removed": self.annotations_removed,
            "corrupted_spans": len(self.corrupted),
            "sentences": len(self.sentences),
            "encoding": self.encoding,
        }


def _touches(spans: list[Span], start: int, end: int, adjacent: bool,
             starts: list[int] | None = None) -> bool:
    """sorted non-overlapping spans (+ their starts) + [start, end) → True if one overlaps it (or touches it, if adjacent)."""
    end = max(end, start + 1) if not adjacent else end
    starts = [s.start for s in spans] if starts is None else starts
    k = bisect.bisect_right(starts, end) if adjacent else bisect.bisect_left(starts, end)
    if k == 0:
        return False
    last = spans[k - 1]  # ends are sorted too: the last candidate reaches furthest
    return last.end >= start if adjacent else last.end > start


def normalize(raw: str, source_id: str = "") -> NormalizedText:
    """decoded raw text → NormalizedText (clean Simplified text with exact offsets back to raw)."""
    stripped = strip_annotations(raw)
    clean = to_simplified(stripped.text)
    lines = classify_lines(clean)
    corrupted = find_corruption(clean, lines, stripped.lost_sites)
    return NormalizedText(
        source_id=source_id,
        raw=raw,
        clean=clean,
        raw_starts=stripped.raw_index + [len(raw)],
        noise=noise_spans(clean, lines),
        corrupted=corrupted,
        sentences=split_sentences(clean, lines, corrupted),
        annotations_removed=stripped.removed,
        lost_chars=stripped.lost_sites,
    )


def check_number_lengths(clean: str, name: str) -> None:
    """clean text → None, or SeedError naming file and line of a number over MAX_NUMBER_DIGITS."""
    n = MAX_NUMBER_DIGITS
    digits = tables()["chinese_digits"]
    m = re.search(rf"\d{{{n + 1},}}|\d{{1,3}}(?:,\d{{3}}){{{n // 3},}}|[{digits}]{{{n + 1},}}",
                  clean)
    if m:
        line = clean.count("\n", 0, m.start()) + 1
        raise SeedError(
            f"{name}:{line}: a number of {len(m.group())} characters ({m.group()[:12]}…); no "
            f"quantity has more than {n} digits — remove the run or split it")


def normalize_file(path: Path) -> NormalizedText:
    """seed file path → NormalizedText (bytes decoded with decode_bytes; source_id = file stem)."""
    path = Path(path)
    text, encoding = decode_bytes(read_seed_bytes(path), str(path))
    result = normalize(text, path.stem)
    check_number_lengths(result.clean, str(path))
    result.encoding = encoding
    return result
