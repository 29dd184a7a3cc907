"""One clean Simplified sentence → the quantities in it (value, unit, hedge, role, offsets)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

import cn2an

from jjjhealth import qualifiers
from jjjhealth.numerals import tables

QUALIFIERS = qualifiers.classes()  # hedge classes: qualifiers.yml
ROLES = ("value", "from", "to", "stated_change", "range_low", "range_high")
# A numeral longer than this is no quantity (a run of 一 or of digits): cn2an would spend
# time quadratic in its length on it, and no source prints a figure that long.
MAX_NUMERAL_CHARS = 40


@dataclass(frozen=True)
class Quantity:
    """A number found in a sentence: offsets of its text, scaled value, unit, hedge, role."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    text: str
    role: str = "value"
    period_start: str = ""
    period_end: str = ""
    terms: str = ""   # a ratio's terms as printed, ':'-joined (2.84:2.40:1)
    year: str = ""    # the year written just before the value (2014年的5.9人; 去年的19%: 去年)


@dataclass
class _Hit:
    """Working record while scanning: a Quantity plus where its unit ends and its multiplier."""

    q: Quantity
    lead: int          # start of a hedge word before the number (== q.start if none)
    unit_end: int      # end of the unit (== q.end if no unit)
    multiplier: float  # 万/亿 applied to an Arabic number, 1 if none
    year_at: int = -1  # start of the year text before the value (由|2014年的5.9人), if any


_ALTERNATIONS: dict[int, re.Pattern] = {}


def _longest(text: str, pos: int, words) -> str:
    """Longest word of `words` that text has at pos, or ''."""
    # One compiled alternation per table (longest first) instead of a loop of startswith:
    # this runs for every number of every sentence.
    rx = _ALTERNATIONS.get(id(words))
    if rx is None:
        alts = sorted(words, key=len, reverse=True)
        rx = _ALTERNATIONS[id(words)] = re.compile("|".join(map(re.escape, alts)) or "(?!)")
    m = rx.match(text, pos)
    return m.group() if m else ""


def _masked(sentence: str) -> list[tuple[int, int]]:
    """sentence → sorted, merged spans of dates, ordinals, labels, codes and idioms (never quantities)."""
    spans = sorted(m.span() for rx in tables()["_masks"] for m in rx.finditer(sentence))
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:  # overlapping spans merge; touching ones stay apart
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _in_mask(masks: list[tuple[int, int]], ends: list[int], start: int, end: int) -> bool:
    """sorted merged masks (+ their ends) + [start, end) → True if a mask overlaps it (log time)."""
    k = bisect.bisect_right(ends, start)  # first mask ending after start
    return k < len(masks) and masks[k][0] < end


def _parse(kind: str, text: str) -> float | None:
    """numeral text → number; None when the characters do not form a numeral (一一)."""
    if kind == "ar":
        return float(text.replace(",", ""))
    if kind == "bare":
        return float(tables()["multipliers"][text])
    body = text[3:] if kind == "pct" else text
    try:  # cn2an raises ValueError for runs like 一一 or 十五五: those are not numerals
        return float(cn2an.cn2an(body, "smart"))
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _hedges_longest_first() -> tuple[str, ...]:
    """→ the hedge words before numbers, longest first (sorted once, not per number)."""
    return tuple(sorted(tables()["qualifiers_before"], key=len, reverse=True))


def _qualifier_before(sentence: str, start: int) -> tuple[str, int]:
    """sentence + number start → (hedge before it, where the hedge starts)."""
    t = tables()
    for word in _hedges_longest_first():
        lead = start - len(word)
        if lead >= 0 and sentence.startswith(word, lead):
            entry = t["qualifiers_before"][word]
            if lead > 0 and sentence[lead - 1] in entry.get("not_after", ""):
                continue
            return entry["qualifier"], lead
    return "exact", start


def _ratio(sentence: str, m: re.Match) -> _Hit | None:
    """a∶b∶c match → one Quantity (value = first term, unit ratio, terms kept); None for a clock."""
    text = m.group()
    if tables()["_clock"].fullmatch(text):
        return None  # 10:30 is a time of day, not a ratio
    terms = re.split(r"[∶:：]", text)
    after = _longest(sentence, m.end(), tables()["qualifiers_after"])  # 1:0.6以上
    entry = tables()["qualifiers_after"].get(after, {})
    qualifier = entry["qualifier"] if after and "units" not in entry else "exact"
    q = Quantity(m.start(), m.end(), float(terms[0]), "ratio", qualifier, text,
                 terms=":".join(terms))
    return _Hit(q, m.start(), m.end(), 1.0)


def _scan(sentence: str, m: re.Match) -> _Hit | None:
    """one numeral match → a _Hit, or None when it is not a quantity."""
    t = tables()
    kind = m.lastgroup
    if kind == "ratio":
        return _ratio(sentence, m)
    if kind == "word":  # 过半: more than half
        entry = t["word_quantities"][m.group()]
        qualifier, lead = _qualifier_before(sentence, m.start())
        q = Quantity(m.start(), m.end(), float(entry["value"]), entry["unit"],
                     entry["qualifier"] if entry["qualifier"] != "exact" else qualifier, m.group())
        return _Hit(q, lead, m.end(), 1.0)
    s, pos = m.start(), m.end()
    value = _parse(kind, m.group())
    if value is None:
        return None
    qualifier, lead = _qualifier_before(sentence, s)
    multiplier = 1.0
    if kind == "ar":
        mult = _longest(sentence, pos, t["multipliers"])
        if mult:
            multiplier = float(t["multipliers"][mult])
            pos += len(mult)
    inside = _longest(sentence, pos, t["qualifiers_inside"])
    if inside:
        qualifier = t["qualifiers_inside"][inside]["qualifier"]
        pos += len(inside)
    end = pos
    unit, scale = ("%", 1.0) if kind == "pct" else ("", 1.0)
    word = "" if kind == "pct" else _longest(sentence, pos, t["units"])
    if word:
        entry = t["units"][word]
        if (entry.get("chinese_only") and kind == "ar") or (
                entry.get("arabic_only") and kind != "ar"):
            word = ""
        else:
            unit, scale = entry["unit"], float(entry.get("scale", 1))
            qualifier = entry.get("qualifier", qualifier)
    pos += len(word)
    if kind == "cn" and not word:
        return None  # a Chinese numeral without a measure word is a word (三地, 一体化)
    if kind == "cn" and m.group() in t["article_numerals"] and not inside:
        return None  # 一位专家, 一家企业: the article "a"
    lo, hi = t["bare_year"]
    if (kind == "ar" and not unit and multiplier == 1 and qualifier == "exact"
            and value.is_integer() and lo <= value <= hi and "," not in m.group()):
        return None  # 2022公立医院……, 2013—2023: a year
    after = _longest(sentence, pos, t["qualifiers_after"])
    if after and unit:
        entry = t["qualifiers_after"][after]
        if "units" not in entry or unit in entry["units"]:
            qualifier = entry["qualifier"]
    scaled = float(Decimal(repr(value)) * Decimal(repr(multiplier)) * Decimal(repr(scale)))
    q = Quantity(s, end, scaled, unit, qualifier, sentence[s:end])
    return _Hit(q, lead, pos, multiplier)


@lru_cache(maxsize=1)
def _to_rx() -> re.Pattern:
    """→ the 'grew to' gap pattern (增长到, 增加至 …), compiled once."""
    verbs = "|".join(map(re.escape, tables()["change_verbs"]))
    return re.compile(rf"(?:{verbs})?(?:了)?(?:到|至)(?:{tables()['_year_text']})?")


def _pair_roles(sentence: str, hits: list[_Hit]) -> None:
    """Mark ranges (3至5家), 从A增长到B pairs and stated changes (增长25%) in place."""
    t = tables()
    to_rx = _to_rx()
    joiners = set(t["range_joiners"])
    for a, b in pairwise(hits):
        gap = sentence[a.unit_end:b.lead]
        same_unit = a.q.unit in ("", b.q.unit)
        if not same_unit or a.q.role != "value":
            continue
        fill = {"unit": b.q.unit}
        if a.multiplier == 1 and b.multiplier != 1 and not a.q.unit:
            # 1至2万人次: the 万 belongs to both numbers
            fill["value"] = float(Decimal(repr(a.q.value)) * Decimal(repr(b.multiplier)))
        marker = a.year_at if a.q.year else a.lead
        if marker > 0 and sentence[marker - 1] in t["from_markers"] and to_rx.fullmatch(gap):
            a.q = replace(a.q, role="from", **fill)
            b.q = replace(b.q, role="to")
        elif gap in joiners:
            qual = a.q.qualifier if b.q.qualifier == "exact" else b.q.qualifier
            a.q = replace(a.q, role="range_low", **fill)
            b.q = replace(b.q, role="range_high", qualifier=qual)
    markers = sorted(t["change_markers"], key=len, reverse=True)
    for h in hits:
        if (h.q.role == "value" and h.q.unit in ("%", "倍", "百分点")
                and any(sentence.endswith(mk, 0, h.lead) for mk in markers)):
            h.q = replace(h.q, role="stated_change")


def _value_years(sentence: str, hits: list[_Hit]) -> None:
    """Attach the year written right before a value (由2014年的5.9人, 到去年的19%) to it."""
    rx = tables()["_value_year"]
    for h in hits:
        m = rx.search(sentence, max(0, h.lead - 10), h.lead)
        if m and m.end() == h.lead and h.q.unit != "倍":  # 是2014年的1.9倍: 2014 is the base
            h.q = replace(h.q, year=m.group("y") or m.group("rel"))
            h.year_at = m.start()


def _periods(sentence: str, hits: list[_Hit]) -> None:
    """Attach 从2013年到2023年 to the from/to/stated_change quantities after it."""
    matches = list(tables()["_period"].finditer(sentence))
    ends = [m.end() for m in matches]  # increasing: matches do not overlap
    for h in hits:
        if h.q.role not in ("from", "to", "stated_change"):
            continue
        k = bisect.bisect_right(ends, h.lead)  # the last period ending at or before the number
        if k:
            h.q = replace(h.q, period_start=matches[k - 1].group(1),
                          period_end=matches[k - 1].group(2))
    _parallel_years(sentence, hits)


def _parallel_years(sentence: str, hits: list[_Hit]) -> None:
    """Carry the years of a dated from/to pair to what follows it in the sentence.

    医师由2014年的2.1人增加至2020年的3.2人,护士由1.8人增加至2.9人: the second pair is
    2014 → 2020 too; …增长到2021年的15.3万人次,手术量增长1.4倍: the change is over that period.
    A date written between them ends the carry."""
    first = last = ""
    prev_end = 0
    for h in hits:
        if tables()["_dated_between"].search(sentence, prev_end, h.lead) and not h.q.year:
            first = last = ""
        prev_end = h.unit_end
        year = h.q.year if h.q.year.isdigit() else ""
        if h.q.role == "from":
            if year:
                first = year
            elif first and not h.q.period_start:
                h.q = replace(h.q, period_start=first)
        elif h.q.role == "to":
            if year:
                last = year
            elif last and not h.q.period_end:
                h.q = replace(h.q, period_end=last)
        elif h.q.role == "stated_change" and last and not h.q.period_end:
            h.q = replace(h.q, period_start=first, period_end=last)


def find_quantities(sentence: str) -> list[Quantity]:
    """clean Simplified sentence → quantities in order of appearance; excludes dates, ordinals, labels, phone numbers, times, model names."""
    numbers = list(tables()["_number"].finditer(sentence))
    if not numbers:
        return []
    masks = _masked(sentence)
    mask_ends = [e for _, e in masks]
    hits: list[_Hit] = []
    for m in numbers:
        if hits and m.start() < hits[-1].unit_end:
            continue  # the 万 of 6万余 was read with the 6
        if m.end() - m.start() > MAX_NUMERAL_CHARS or (
                m.lastgroup != "ratio" and _in_mask(masks, mask_ends, *m.span())):
            continue
        hit = _scan(sentence, m)
        if hit:
            hits.append(hit)
    _value_years(sentence, hits)
    _pair_roles(sentence, hits)
    _periods(sentence, hits)
    return [h.q for h in hits]
