"""(sentence, quantity, publication date) → the date a value holds for and how it is known."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from jjjhealth.errors import MeaningError
from jjjhealth.extract.cues import tables as meaning_tables
from jjjhealth.extract.quantities import Quantity

DATE_BASES = ("sentence", "reports_on", "published")
# A target year written this close after a value, in its segment, dates it (…600张,预计2025年建成).
TARGET_REACH = 12
_BREAK = re.compile(r"[;；。]")
_REL_YEARS = {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "年初": 0}
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12}


@dataclass(frozen=True)
class Dated:
    """When a value holds: as_of (YYYY, YYYY-MM or YYYY-MM-DD), how known, future target."""

    as_of: str
    date_basis: str
    future: bool = False
    whole_period: bool = False  # dated by a whole year or period (2023年, 去年), not a day or 年底


@dataclass(frozen=True)
class _Mention:
    """A date written in the sentence: where it ends, what it means, its date text."""

    start: int
    end: int
    kind: str
    date: str
    year: int
    ahead: bool  # preceded by 到/预计…: a target
    whole: bool  # a whole year or period (2023年, 去年全年), not a point (年底, 6月17日, 截至)


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[tuple[str, re.Pattern]], re.Pattern]:
    """meaning.yml dates → compiled (kind, regex) list and the future-marker regex."""
    t = meaning_tables()
    try:
        pats = [(p["kind"], re.compile(p["rx"])) for p in t["dates"]]
        fut = re.compile(f"(?:{t['future_markers']})$")
    except (KeyError, TypeError, re.error) as exc:
        raise MeaningError(f"meaning.yml: dates/future_markers unusable ({exc})") from exc
    return pats, fut


def _date_text(m: re.Match, published: str) -> tuple[str, int] | None:
    """date mention match + publication date → (ISO prefix, year) or None when undated."""
    g = {k: v for k, v in m.groupdict().items() if v}
    pub_y, pub_m = int(published[:4]), int(published[5:7] or 12)
    if "n" in g:
        return None
    year = int(g["y"]) if "y" in g else pub_y + _REL_YEARS.get(g.get("rel", "今年"), 0)
    month = int(g["m"]) if "m" in g else None
    if "q" in g:
        month = _QUARTER_END[g["q"]]
    if "mn" in g:
        month = int(cn2an.cn2an(g["mn"], "smart"))
    if "h" in g:
        month = 6
    if "y" not in g and "rel" not in g and month is None:
        return None
    if "y" not in g and "rel" not in g and month and month > pub_m:
        year -= 1  # 截至11月 in an article of February: last year's November
    if month is None:
        return str(year), year
    if "d" in g:
        return f"{year}-{month:02d}-{int(g['d']):02d}", year
    return f"{year}-{month:02d}", year


class SentenceDates:
    """One sentence's date mentions, read once; .of(q) dates each number in it."""

    def __init__(self, sentence: str, published: str,
                 fallback: tuple[str, str] | None = None) -> None:
        pats, fut = _patterns()
        taken = bytearray(len(sentence) + 1)  # characters already read as a date: linear check
        found: list[_Mention] = []
        for kind, rx in pats:  # earlier patterns win where they overlap
            for m in rx.finditer(sentence):
                if any(taken[m.start():m.end()]):
                    continue
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                dt = _date_text(m, published) if kind != "base" else ("", 0)
                date, year = dt if dt else ("", 0)
                ahead = bool(fut.search(sentence, max(0, m.start() - 2), m.start()))
                whole = kind == "asof" and not re.search(r"底|末|截|[日号]$", m.group())
                found.append(_Mention(m.start(), m.end(), kind, date, year, ahead, whole))
        found.sort(key=lambda x: x.end)
        # 由2022年的30张: the year dates only the value right after it (quantities.Quantity.year)
        self.mentions = [x for x in found if x.kind != "base"
                         and not (sentence.startswith("的", x.end) and x.end + 1 < len(sentence)
                                  and sentence[x.end + 1].isdigit())]
        self.ends = [x.end for x in self.mentions]
        # for each mention, the dated 'asof' mention before it (one pass, not a look per number)
        self.asof_before: list[_Mention | None] = []
        last = None
        for x in self.mentions:
            self.asof_before.append(last)
            if x.kind == "asof" and x.date:
                last = x
        self.pub_year = int(published[:4])
        self.published = published
        self.sentence = sentence
        self.fallback = fallback or (published, "published")
        self._whole = self.fallback[1] == "reports_on"  # a review covers its whole year

    def topic(self) -> tuple[str, bool] | None:
        """→ (date, whole period) this sentence opens with (2023年末,…), for the sentences after it."""
        m = self.mentions[0] if self.mentions else None
        if not (m and m.start == 0 and m.kind == "asof" and m.date) or m.date.count("-") == 2:
            return None  # 6月17日,…: the day of one event, not the period of what follows
        return m.date, m.whole

    def _target_after(self, q: Quantity) -> Dated | None:
        """→ the future year a value is planned for when 预计/到… names it just after the value."""
        i = bisect_right(self.ends, q.end)
        if i < len(self.mentions):
            m = self.mentions[i]
            if (m.ahead and m.date and m.year > self.pub_year and m.start - q.end <= TARGET_REACH
                    and not _BREAK.search(self.sentence, q.end, m.start)):
                return Dated(m.date, "sentence", True, m.whole)
        return None

    def of(self, q: Quantity, topic: tuple[str, bool] | None = None) -> Dated:
        """quantity (+ the topic date of its paragraph) → when its value holds.

        Order: the year written before the value (由2014年的5.9人); the period of a from/to
        pair; the nearest date mention before it (a 'since' mention such as 今年以来 or
        十一年来 means the value holds at publication); the paragraph's topic date; the
        review year (reports_on); the publication date."""
        if q.year:
            return Dated(q.year, "sentence", int(q.year) > self.pub_year, True)
        if q.role == "from" and q.period_start:
            return Dated(q.period_start, "sentence")
        if q.role in ("to", "stated_change") and q.period_end:
            return Dated(q.period_end, "sentence")
        target = self._target_after(q)
        if target:  # 规划床位600张,预计2025年建成: the value is for the target year
            return target
        i = bisect_right(self.ends, q.start) - 1
        if i >= 0:
            m = self.mentions[i]
            if m.kind == "since" or not m.date:
                # 截至7月底,…今年以来累计结算…: the 截至 date before the period still holds
                prior = self.asof_before[i]
                if m.kind == "since" and prior:
                    return Dated(prior.date, "sentence", prior.year > self.pub_year, prior.whole)
                return Dated(*self.fallback, False, self._whole)
            return Dated(m.date, "sentence", m.year > self.pub_year, m.whole)
        if topic:
            return Dated(topic[0], "sentence", False, topic[1])
        return Dated(*self.fallback, False, self._whole)
