"""(sentence, quantity, publication date) → the date a value holds for and how it is known."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import cn2an

from jjjhealth.errors import MeaningError
from jjjhealth.extract.cues import CLAUSE_END, WINDOW
from jjjhealth.extract.cues import tables as meaning_tables
from jjjhealth.extract.quantities import Quantity

DATE_BASES = ("sentence", "reports_on", "published")
# A target year written this close after a value, in its segment, dates it (…600张,预计2025年建成).
TARGET_REACH = 12
_BREAK = re.compile(r"[;；。]")
_YEAR = re.compile(r"((?:19|20)\d{2})年(?!的)")
_REL_YEARS = {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "年初": 0, "明年": 1}
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12}


@dataclass(frozen=True)
class Dated:
    """When a value holds: as_of (YYYY, YYYY-MM or YYYY-MM-DD), how known, future target."""

    as_of: str
    date_basis: str
    future: bool = False
    whole_period: bool = False  # dated by a whole year or period (2023年, 去年), not a day or 年底
    target: str = ""  # the date a planned value takes if its own date is no target (see planned)
    own: bool = True  # dated by its own sentence, not by the paragraph's topic date

    def planned(self) -> Dated:
        """→ the date of a value found to be planned: its sentence's target, else as it is."""
        if self.future or not self.target:
            return self
        basis = "published" if self.target.count("-") == 2 else "sentence"
        return replace(self, as_of=self.target, date_basis=basis)


@dataclass(frozen=True)
class _Mention:
    """A date written in the sentence: where it ends, what it means, its date text."""

    start: int
    end: int
    kind: str
    date: str
    year: int
    ahead: bool  # preceded by 到/预计… (or followed by 目标): a target
    whole: bool  # a whole year or period (2023年, 去年全年), not a point (年底, 6月17日, 截至)
    future: bool = False  # a target not yet reached at publication


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[tuple[str, re.Pattern]], re.Pattern, re.Pattern, re.Pattern,
                             re.Pattern, re.Pattern]:
    """meaning.yml dates → compiled (kind, regex) list, future-marker, future-after and
    reporting-frame, done-marker and present-marker regexes."""
    t = meaning_tables()
    try:
        pats = [(p["kind"], re.compile(p["rx"])) for p in t["dates"]]
        fut = re.compile(f"(?:{t['future_markers']})$")
        after = re.compile(t["future_after"])
        frame = re.compile(t["report_frame"])
        done = re.compile(t["done_markers"])
        present = re.compile(t["present_markers"])
    except (KeyError, TypeError, re.error) as exc:
        raise MeaningError(f"meaning.yml: dates/future_markers/future_after/report_frame "
                           f"unusable ({exc})") from exc
    return pats, fut, after, frame, done, present


def _date_text(m: re.Match, published: str) -> tuple[str, int] | None:
    """date mention match + publication date → (ISO prefix, year) or None when undated."""
    g = {k: v for k, v in m.groupdict().items() if v}
    pub_y, pub_m = int(published[:4]), int(published[5:7] or 12)
    if "n" in g:
        return None
    if "plan" in g:  # 十三五 (the 13th plan) runs 2016–2020: 1955 + 5 × 13
        end = 1955 + 5 * int(cn2an.cn2an(g["plan"], "smart"))
        return str(end), end
    if "yday" in g:
        day = date.fromisoformat(published[:10]) - timedelta(days=1)
        return day.isoformat(), day.year
    year = int(g["y"]) if "y" in g else pub_y + _REL_YEARS.get(g.get("rel", "今年"), 0)
    if "eoy" in g:
        return str(year), year
    month = int(g.get("m") or g.get("m2") or 0) or None
    if "d" in g and month is None and "y" not in g and "rel" not in g:
        month = pub_m - (int(g["d"]) > int(published[8:10] or 31))  # 19日, in a month's news
        if month == 0:
            year, month = year - 1, 12
        return f"{year}-{month:02d}-{int(g['d']):02d}", year
    if "q" in g:
        month = _QUARTER_END[g["q"]]
    if "mn" in g:
        month = int(cn2an.cn2an(g["mn"], "smart"))
    if "h" in g:
        month = 6
    if "y" not in g and "rel" not in g and month is None:
        return None
    if g.get("rel") == "今年" and month is None and len(published) == 10:
        return published, year  # 今年 (a year not over): as of the day of publication
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
        pats, fut, fut_after, frame, self._done, self._present = _patterns()
        taken = bytearray(len(sentence) + 1)  # characters already read as a date: linear check
        found: list[_Mention] = []
        pub_y, pub_m = int(published[:4]), int(published[5:7] or 12)
        for kind, rx in pats:  # earlier patterns win where they overlap
            for m in rx.finditer(sentence):
                if any(taken[m.start():m.end()]):
                    continue
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                dt = (_date_text(m, self._base(m, published, fallback, sentence[:m.start()]))
                      if kind not in ("base", "now") else ("", 0))
                date_, year = dt if dt else ("", 0)
                if m.groupdict().get("plan") and year >= pub_y:
                    kind, date_ = "since", ""  # “十四五”期间 not over: a running total to now
                ahead = (kind == "target" or bool(fut.search(sentence, max(0, m.start() - 2),
                                                             m.start()))
                         or bool(fut_after.match(sentence, m.end())))
                whole = kind == "asof" and not re.search(r"底|末|截|[日号]$", m.group())
                # 到2025年 in 2025 is still ahead; 到2025年6月 in September is not
                future = year > pub_y or (ahead and year == pub_y and (
                    date_.count("-") == 0 or int(date_[5:7]) > pub_m))
                if kind == "base" and m.groupdict().get("y"):
                    date_, year = m.group("y"), int(m.group("y"))  # 较2017年: a period's start
                found.append(_Mention(m.start(), m.end(), kind, date_, year, ahead, whole,
                                      future))
        found.sort(key=lambda x: x.end)
        # 由2022年的30张: the year dates only the value right after it (quantities.Quantity.year)
        self.base_years = [x.date for x in found if x.kind == "base" and x.date]
        self.mentions = [x for x in found if x.kind != "base"
                         and not (sentence.startswith("的", x.end) and x.end + 1 < len(sentence)
                                  and sentence[x.end + 1].isdigit())]
        self.ends = [x.end for x in self.mentions]
        # for each mention, the dated 'asof' mention before it (one pass, not a look per number)
        self.asof_before: list[_Mention | None] = []
        last = None
        for x in self.mentions:
            self.asof_before.append(last)
            if x.kind in ("asof", "target") and x.date:
                last = x
        self.pub_year = pub_y
        self.published = published
        self.sentence = sentence
        self.fallback = fallback or (published, "published")
        self._whole = self.fallback[1] == "reports_on"  # a review covers its whole year
        self._frame = frame
        # for each mention, the date of the first target at or after it (one pass from the end)
        self._next_target = [""] * len(self.mentions)
        nxt = ""
        for k in range(len(self.mentions) - 1, -1, -1):
            m = self.mentions[k]
            nxt = m.date if m.future and m.date else nxt
            self._next_target[k] = nxt

    def topic(self) -> tuple[str, bool, bool] | None:
        """→ (date, whole period, future) this sentence opens with (2023年末,…; 本报讯 截至…),
        for the sentences after it."""
        m = self.mentions[0] if self.mentions else None
        if not (m and m.kind in ("asof", "target") and m.date) or (
                m.date.count("-") == 2 and not self.sentence.startswith(("截至", "截止"), m.start)):
            return None  # 6月17日,…: the day of one event, not the period of what follows
        if m.start and not self._frame.match(self.sentence[:m.start]):
            return None  # a date inside the sentence, not its opening
        return m.date, m.whole, m.future

    def last_date(self) -> tuple[str, bool, bool] | None:
        """→ (date, whole, future) of the sentence's last dated mention, for a 其中 after it."""
        m = next((x for x in reversed(self.mentions) if x.kind == "asof" and x.date), None)
        return (m.date, m.whole, m.future) if m else None

    def period(self) -> tuple[str, str] | None:
        """→ (start, end) when the sentence compares its date with a base year (2023年,…较2017年
        下降), for a 同期 ("over the same period") sentence after it."""
        last = self.last_date()
        if self.base_years and last and last[0][:4] > self.base_years[0]:
            return self.base_years[0], last[0]
        return None

    def _later_target(self, q: Quantity) -> str:
        """→ the date of the first target after a value in its sentence (计划2027年建成), or ''."""
        i = bisect_right(self.ends, q.end)
        return self._next_target[i] if i < len(self._next_target) else ""

    def _done_before(self, q: Quantity, rx: re.Pattern | None = None) -> bool:
        """→ whether the value's clause says it is done (已超90%), or matches rx."""
        c0 = max(q.start - WINDOW, *(self.sentence.rfind(c, 0, q.start) + 1 for c in ",，;；"))
        return bool((rx or self._done).search(self.sentence, c0, q.start))

    def _target_after(self, q: Quantity) -> Dated | None:
        """→ the future year a value is planned for when 预计/到… names it just after the value."""
        if self._done_before(q):
            return None
        i = bisect_right(self.ends, q.end)
        if i < len(self.mentions):
            m = self.mentions[i]
            if (m.ahead and m.date and m.year > self.pub_year and m.start - q.end <= TARGET_REACH
                    and not _BREAK.search(self.sentence, q.end, m.start)):
                return Dated(m.date, "sentence", True, m.whole)
        return None

    @staticmethod
    def _base(m: re.Match, published: str, fallback, said: str = "") -> str:
        """date match + publication + fallback (+ text before it) → the date 上年 counts from."""
        # the sentence's year (2025年,…由上年的6家) or the review's (reports_on), not publication
        year = _YEAR.search(said)
        if m.groupdict().get("rel") == "上年" and (year or fallback and fallback[1] == "reports_on"):
            return (year.group(1) if year else fallback[0][:4]) + published[4:]
        return published

    def _value_year(self, text: str) -> tuple[str, bool]:
        """year text written before a value (2014, 去年, 今年上半年) → (date, future)."""
        if text.isdigit():
            return text, int(text) > self.pub_year
        pats = _patterns()[0]
        for kind, rx in pats:
            m = rx.fullmatch(text) if kind == "asof" else None
            dt = m and _date_text(m, self._base(m, self.published, self.fallback, self.sentence))
            if dt:
                return dt[0], dt[1] > self.pub_year
        return self.published, False

    def of(self, q: Quantity, topic: tuple[str, bool] | None = None) -> Dated:
        """quantity (+ the topic date of its paragraph) → when its value holds.

        Order: the year written before the value (由2014年的5.9人); the period of a from/to
        pair; the nearest date mention before it (a 'since' mention such as 今年以来 or
        十一年来 means the value holds at publication); the paragraph's topic date; the
        review year (reports_on); the publication date."""
        if q.year:
            date_, future = self._value_year(q.year)
            return Dated(date_, "sentence", future, True)
        if q.role == "from" and q.period_start:
            return Dated(q.period_start, "sentence")
        if q.role in ("to", "stated_change") and q.period_end:
            return Dated(q.period_end, "sentence")
        target = self._target_after(q)
        if target:  # 规划床位600张,预计2025年建成: the value is for the target year
            return target
        # a planned value with no target of its own: the later target (…计划2027年建成) or now
        later = self._later_target(q) or self.published
        i = bisect_right(self.ends, q.start) - 1
        if i >= 0:
            m = self.mentions[i]
            if m.kind == "now":  # 目前: now (the review year, else publication), not the topic,
                prior = self.asof_before[i]  # but 6月17日,…目前进度达80%: that day's now
                if prior:
                    return Dated(prior.date, "sentence", prior.future, False, later)
                return Dated(*self.fallback, False, False, later)
            if m.kind == "since" or not m.date:
                # 截至7月底,…今年以来累计结算…: the 截至 date before the period still holds
                prior = self.asof_before[i]
                if m.kind == "since" and prior:
                    return Dated(prior.date, "sentence", prior.future, prior.whole)
                return Dated(*self.fallback, False, self._whole, later)
            prior = m.ahead and CLAUSE_END.search(self.sentence, m.end, q.start) and next(  # 截至
                (x for x in reversed(self.mentions[max(0, i - 8):i])  # 2024年底,…2025年目标
                 if x.kind == "asof" and x.date and not x.ahead), None)  # 为…,医护比…: 2024
            if prior:
                return Dated(prior.date, "sentence", prior.future, prior.whole)
            # 今年,我们将…: a plan for this year
            this_year = str(m.year) if m.date == self.published else ""
            return Dated(m.date, "sentence", m.future, m.whole,
                         this_year or self._later_target(q))
        if topic and not self._done_before(q, self._present):  # 全市已有40家: now
            return Dated(topic[0], "sentence", topic[2] if len(topic) > 2 else False, topic[1],
                         "" if len(topic) > 2 and topic[2] else later, own=False)
        return Dated(*self.fallback, False, self._whole, later)


def over_period(quantities: list[Quantity], period: tuple[str, str] | None) -> list[Quantity]:
    """quantities of a sentence opening with 同期 + the period of the sentence before → the
    from/to pairs and changes among them dated by that period (由不到四成提高至八成以上)."""
    if not period:
        return quantities
    return [replace(q, period_start=period[0], period_end=period[1])
            if q.role in ("from", "to", "stated_change") and not (q.period_start or q.year)
            else q for q in quantities]
