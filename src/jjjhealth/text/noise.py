"""Clean text → lines classified as noise/title/body/related, noise spans and corrupted spans.

Noise is judged line by line with the data-driven rules of ``noise_rules.yml`` (see its header).
Corruption (runs of ``?``, U+FFFD, byte-shifted mojibake) is looked for only outside noise:
legit question marks in headline lists are noise, not corruption. Nothing is ever repaired.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from jjjhealth import yamlio
from jjjhealth.errors import SeedError
from jjjhealth.paths import NOISE_RULES_YML

RULES_YML = NOISE_RULES_YML

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
# Latin-1 symbols/letters that are normal in Chinese news text even next to CJK.
LATIN1_OK = frozenset("·×÷°")
ASCII_ODD = frozenset("<>{}\\^~|")
# A mojibake run is widened to the lost-character sites within this many chars of a suspect char.
MOJIBAKE_REACH = 10
MOJIBAKE_STOP = frozenset("。！？!?；;,，、：:“”「」\n")


@dataclass(frozen=True)
class Span:
    """A [start, end) range of the clean text with its kind."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Line:
    """One non-blank line of clean text: content offsets, noise kind (or None) and section."""

    start: int
    end: int
    noise: str | None
    section: str  # "title", "body" or "related" (meaningful when noise is None)


@dataclass(frozen=True)
class Rules:
    """Compiled noise rules: line rules, run rules and title thresholds."""

    line_rules: tuple[tuple[re.Pattern, str | None, str | None, str | None], ...]
    run_rules: tuple[tuple[re.Pattern, str, int], ...]
    title_max: int
    body_endings: re.Pattern
    body_marks: re.Pattern
    dash_max: int
    dash_ending: re.Pattern


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_YML) -> Rules:
    """noise_rules.yml path → compiled Rules (cached; raises SeedError naming the rule if invalid)."""
    data = yamlio.load(Path(path), SeedError)
    line_rules = []
    for i, rule in enumerate(data.get("line_rules", [])):
        try:
            pat = re.compile(rule["pattern"])
        except (KeyError, re.error) as exc:
            raise SeedError(
                f"{path}: line_rules[{i}] has a bad pattern ({exc}); fix the regex"
            ) from exc
        line_rules.append((pat, rule.get("kind"), rule.get("then"), rule.get("section")))
    run_rules = tuple(
        (re.compile(r["pattern"]), r["kind"], int(r.get("min_lines", 3)))
        for r in data.get("run_rules", [])
    )
    t = data["titles"]
    return Rules(
        tuple(line_rules),
        run_rules,
        int(t["max_chars"]),
        re.compile(t["body_endings"]),
        re.compile(t["body_marks"]),
        int(t["dash_kicker_max_chars"]),
        re.compile(t["dash_ending"]),
    )


def is_cjk(ch: str) -> bool:
    """one char → True if it is a CJK ideograph."""
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in CJK_RANGES)


def _iter_lines(text: str):
    """text → (start, end) of the stripped content of each non-blank line."""
    pos = 0
    for raw_line in text.split("\n"):
        end = pos + len(raw_line)
        lstrip = len(raw_line) - len(raw_line.lstrip())
        content = raw_line.strip()
        if content:
            s = pos + lstrip
            yield s, s + len(content)
        pos = end + 1


def _title_or_body(content: str, rules: Rules) -> str:
    """stripped line → "title" or "body" by length and ending."""
    if rules.dash_ending.search(content):
        return "title" if len(content) <= rules.dash_max else "body"
    if (
        len(content) <= rules.title_max
        and not rules.body_endings.search(content)
        and not rules.body_marks.search(content)
    ):
        return "title"
    return "body"


def classify_lines(clean: str, rules: Rules | None = None) -> list[Line]:
    """clean text → one Line per non-blank line, with noise kind or section."""
    rules = rules or load_rules()
    spans = list(_iter_lines(clean))
    contents = [clean[s:e] for s, e in spans]
    kinds: list[str | None] = [None] * len(spans)
    sections = ["body"] * len(spans)
    block: str | None = None
    section = "body"
    for i, content in enumerate(contents):
        for pat, kind, then, sect in rules.line_rules:
            if block and not then:
                continue  # inside a tail block only another block start changes the kind
            if pat.search(content):
                if sect:
                    section = sect
                else:
                    kinds[i] = kind
                    if then:
                        block = then
                break
        else:
            kinds[i] = block
        if kinds[i] is None:
            sections[i] = section if section != "body" else _title_or_body(content, rules)
    for pat, kind, min_lines in rules.run_rules:
        i = 0
        while i < len(contents):
            j = i
            while j < len(contents) and pat.search(contents[j]):
                j += 1
            if j - i >= min_lines:
                for k in range(i, j):
                    kinds[k] = kinds[k] or kind
            i = max(j, i + 1)
    return [Line(s, e, k, sec) for (s, e), k, sec in zip(spans, kinds, sections)]


def noise_spans(clean: str, lines: list[Line]) -> list[Span]:
    """clean text + lines → sorted noise spans, neighbouring lines of one kind merged across blanks."""
    out: list[Span] = []
    for line in lines:
        if line.noise is None:
            continue
        if out and out[-1].kind == line.noise and not clean[out[-1].end : line.start].strip():
            out[-1] = Span(out[-1].start, line.end, line.noise)
        else:
            out.append(Span(line.start, line.end, line.noise))
    return out


def _suspect(text: str, i: int) -> bool:
    """text, index → True if text[i] looks like byte-shift mojibake next to CJK text."""
    ch = text[i]
    o = ord(ch)
    prev_cjk = i > 0 and is_cjk(text[i - 1])
    next_cjk = i + 1 < len(text) and is_cjk(text[i + 1])
    if 0xE000 <= o <= 0xF8FF or (0x80 <= o < 0xA0):
        return True
    if 0xA1 <= o <= 0xFF and ch not in LATIN1_OK:
        return prev_cjk or next_cjk
    if ch in ASCII_ODD:
        return prev_cjk and next_cjk
    return False


def _widen(text: str, p: int, sites: list[int]) -> tuple[int, int]:
    """suspect index + lost-char sites → [start, end) reaching the nearest sites on both sides."""
    start, end = p, p + 1
    k = bisect.bisect_right(sites, p) - 1
    if (
        k >= 0
        and p - sites[k] <= MOJIBAKE_REACH
        and not any(c in MOJIBAKE_STOP for c in text[sites[k] : p])
    ):
        start = sites[k]
    k = bisect.bisect_right(sites, p)
    if (
        k < len(sites)
        and sites[k] - p <= MOJIBAKE_REACH
        and not any(c in MOJIBAKE_STOP for c in text[p : sites[k]])
    ):
        end = sites[k]
    return start, end


QMARKS = re.compile(r"\?+|\ufffd+")
_CANDIDATES = re.compile(
    "[\ue000-\uf8ff\x80-\xff" + "".join(re.escape(c) for c in sorted(ASCII_ODD)) + "]"
)


def find_corruption(clean: str, lines: list[Line], lost_sites: list[int]) -> list[Span]:
    """clean text + lines + lost-char sites → sorted corrupted spans outside noise."""
    found: list[Span] = []
    for line in lines:
        if line.noise is not None:
            continue
        for m in QMARKS.finditer(clean, line.start, line.end):
            s, e = m.span()
            if m.group()[0] == "\ufffd":
                found.append(Span(s, e, "replacement_char"))
            elif e - s >= 2 or (
                s > line.start and e < line.end and is_cjk(clean[s - 1]) and is_cjk(clean[e])
            ):
                found.append(Span(s, e, "question_marks"))
        # Only characters that could be mojibake are examined (a regex scan, not a Python
        # loop over every character: normalisation must stay fast on large corpora).
        for m in _CANDIDATES.finditer(clean, line.start, line.end):
            p = m.start()
            if _suspect(clean, p):
                s, e = _widen(clean, p, lost_sites)
                found.append(Span(max(s, line.start), min(e, line.end), "mojibake"))
    # A character lost with its "(" (`日?qǐng)` → 日讯) leaves no mark in the clean text: record an
    # empty span where it was, so a number beside it (`36?wàn)` would read as 36) is flagged too.
    # Sites already inside or at the edge of another corrupted span add nothing.
    bodies = [(line.start, line.end) for line in lines if line.noise is None]
    starts = [b[0] for b in bodies]
    # Spans found so far, by start, with the furthest end reached by each prefix: "is the site
    # inside one of them" is then a bisect, not a walk over every span for every site.
    found.sort(key=lambda sp: (sp.start, sp.end))
    found_starts = [sp.start for sp in found]
    reach = list(accumulate((sp.end for sp in found), max))
    lost = []
    for site in sorted(set(lost_sites)):
        k = bisect.bisect_right(starts, site) - 1
        j = bisect.bisect_right(found_starts, site)  # spans starting at or before the site
        if k >= 0 and site <= bodies[k][1] and not (j and reach[j - 1] >= site):
            lost.append(Span(site, site, "lost_character"))
    found.extend(lost)
    found.sort(key=lambda sp: (sp.start, sp.end))
    merged: list[Span] = []
    for sp in found:
        if merged and sp.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, sp.end), last.kind)
        else:
            merged.append(sp)
    return merged
