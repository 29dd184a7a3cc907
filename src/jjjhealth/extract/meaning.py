"""(sentence, quantity) → what a number is about: measure and counted (via extract.measure), scope, subject, actor, per."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from jjjhealth import names, places
from jjjhealth.extract.classify import place_at, place_in
from jjjhealth.extract.cues import _LISTED, CLAUSE_END, SEGMENT_END, WINDOW, tables
from jjjhealth.extract.measure import (
    change_base,
    counted_words,
    measure_of,
    per_of,
    tail_noun,
    unit_text,
)
from jjjhealth.extract.quantities import Quantity
from jjjhealth.extract.topic import (
    aside,
    counts_after,
    fits,
    place_sender,
    sentence_events,
    topic_of,
)


@dataclass(frozen=True)
class Meaning:
    """What a number means beyond its value: kind, scope, whose, what it counts."""

    measure: str = "stock"
    change_base: str = ""
    scope: str = ""
    subject: str = ""
    subject_en: str = ""
    actor: str = ""
    counted: str = ""
    per: str = ""
    receiver: str = ""  # text after the segment's send verb (…下沉保定市儿童医院): where it goes
    part: bool = False  # a part of the subject's number by place (其中北京9家)


def _bounds(rx: re.Pattern, sentence: str) -> list[int]:
    """sentence → sorted starts of its pieces (0 and the offset after every boundary)."""
    return [0] + [m.end() for m in rx.finditer(sentence)]


def _piece(starts: list[int], n: int, pos: int, end_pos: int) -> tuple[int, int]:
    """piece starts + sentence length + a span → (start, end) of the piece holding the span."""
    i = bisect_right(starts, pos) - 1
    j = bisect_right(starts, end_pos)
    return starts[i], (starts[j] - 1 if j < len(starts) else n)


@dataclass
class _Name:
    """An entity name found in the sentence: its span, kind and text."""

    start: int
    end: int
    kind: str
    text: str


class SentenceMeaning:
    """One sentence read once (clauses, segments, names, send verbs); .of(q) per number."""

    def __init__(self, sentence: str) -> None:
        t = tables()
        self.s = sentence
        self.clauses = _bounds(CLAUSE_END, sentence)
        self.segments = _bounds(SEGMENT_END, sentence)
        names: list[_Name] = []
        for kind in ("department", "institution", "programme"):
            todo = list(t[kind].finditer(sentence))
            while todo:
                m = todo.pop()
                name = self._trimmed(m, kind)
                if name:
                    names.append(_Name(name[0], name[1], kind, name[2]))
                if name and name[0] > m.start():  # 北京中医医院对口支援丰宁…中医院: both
                    todo.extend(t[kind].finditer(sentence, m.start(), name[0]))
        starts = {n.end for n in names if n.kind == "institution"}
        for n in names:  # 滨海新区中心医院神经外科: the department starts after the hospital
            if n.kind == "department":
                cut = max((e for e in starts if n.start < e < n.end), default=n.start)
                n.text, n.start = sentence[cut:n.end], cut
        # 京津冀儿科医联体, 康宁口腔科医院: a department inside a longer name is no department
        wider = [(n.start, n.end) for n in names if n.kind != "department"]
        names = [n for n in names if n.kind != "department"
                 or not any(a <= n.start and n.end < b for a, b in wider)]
        for m in t["_actor"].finditer(sentence):
            names.append(_Name(m.start(), m.end(), "actor", m.group()))
        names.sort(key=lambda n: (n.start, -n.end))
        self.names = names
        self.name_starts = [n.start for n in names]
        self.sends = [m.span() for m in t["send_verbs"].finditer(sentence)]
        self.counted_names: set[int] = set()
        self._receiver = ""
        self.events = sentence_events(sentence, names, self.clauses, self.sends)

    def _trimmed(self, m: re.Match, kind: str) -> tuple[int, int, str] | None:
        """name match → (start, end, text) without leading function words; None if generic."""
        t = tables()
        text = m.group()
        last = None
        if kind != "department":  # 干细胞移植科、肿瘤外科 is one list of departments
            for last in t["name_break"].finditer(text):
                pass
        start = m.start() + (last.end() if last else 0)
        cut = t["name_trim"].match(self.s, start, m.end())
        start = cut.end() if cut else start
        if t["kind_counted"].search(self.s, max(0, start - 6), start):
            return None  # 5家北京医院: a kind counted, not one named institution
        text = self.s[start:m.end()]
        if len(text) < (2 if kind == "department" else 3) or t["generic_names"].match(text):
            return None
        if text.endswith("项目") and not place_in(text[:-2]):
            return None  # 合作项目, 新项目: what is counted, not a site
        if kind == "institution" and t["programme"].fullmatch(text):
            return None  # 京张医疗合作项目: a programme, not a building site
        return start, m.end(), text

    def names_in(self, a: int, b: int) -> list[_Name]:
        """→ names lying wholly inside [a, b)."""
        i = bisect_left(self.name_starts, a)
        out = []
        while i < len(self.names) and self.names[i].start < b:
            if self.names[i].end <= b:
                out.append(self.names[i])
            i += 1
        return out

    def _partnered(self, a: int, b: int) -> tuple[str, str] | None:
        """→ (A, B) for 'A与B合作…' in [a, b), else None."""
        return _partner_pair(self.s, self.names_in(a, b))

    def _send_after(self, pos: int, limit: int) -> tuple[int, int] | None:
        """→ the first send verb in [pos, limit), or None."""
        i = bisect_left(self.sends, (pos, 0))
        return self.sends[i] if i < len(self.sends) and self.sends[i][1] <= limit else None

    def of(self, q: Quantity, place: str = "", home: str = "", dated=None,
           topic: tuple[str, str] | None = None, title: str = "") -> Meaning:
        """quantity (+ its place, the source's place, its dating.Dated, the topic carried into
        the sentence as (scope, subject), see extract.topic, the article's title) → its Meaning."""
        t = tables()
        s = self.s
        c0, c1 = _piece(self.clauses, len(s), q.start, q.end)
        s0, _ = _piece(self.segments, len(s), q.start, q.end)
        c0, s0 = max(c0, q.start - WINDOW), max(s0, q.start - WINDOW)
        c1 = min(c1, q.end + WINDOW)
        unit_end = q.end + len(unit_text(s, q))
        before, seg_before = s[c0:q.start], s[s0:q.start]
        # a name right before a number with no noun after its unit is what is counted
        # (建立京津冀区域医联体115个, 参与互认医院90家), not whose number it is
        bare = not tail_noun(s, unit_end, c1)
        self.counted_names = {id(n) for n in self.names_in(c0, q.start)
                              if (bare and not t["_counted_tail"].sub("", s[n.end:q.start]))
                              or (n.end == q.start and "、" in s[n.start - 1:n.end])}
        named = [n.end for n in self.names_in(c0, q.start)
                 if n.kind != "actor" and id(n) not in self.counted_names]
        counted = counted_words(s, q, max([c0, *named]), c1, unit_end)
        per_m = per_of(s, q, before, seg_before)
        texts = {"before": before, "segment": seg_before, "after": s[unit_end:c1],
                 "rest": s[unit_end:unit_end + WINDOW],
                 "clause": s[c0:c1], "counted": counted, "title": title}
        measure = measure_of(q, texts, bool(per_m), dated)
        base = change_base(measure, before, seg_before, dated)
        scope, subject, actor = self._about(q, c0, c1, s0, unit_end, counted)
        # an average per day or case (日均, 次均) is whoever's the text speaks of
        population = per_m and not t["per_average"].fullmatch(per_m.group())
        if population or (scope and subject and not fits((scope, subject), counted)
                          and not self.joined):
            # a rate per population is a place's; 县中医院…覆盖全县25个乡镇: the place's
            scope, subject = "", ""
        part = False
        if not scope and not population:  # the one the text speaks of (extract.topic)
            found, part = topic_of(self, q, c0, counted, actor, topic)
            scope, subject = found or (scope, subject)
        if not scope:  # 每个县(市)至少有1所: each county's, not the province's
            each = next((k for k, rx in t["per_unit"].items() if rx.search(before)), "")
            g = t["county_group"].search(s, s0, unit_end + 2)  # all of a city's (全市8个县): the city's
            whole = g and (any(place_in(s[max(0, g.start() - k):g.start()]) for k in (2, 3))
                           or t["place_words"].fullmatch(s, max(0, g.start() - 2), g.start()))
            each = each or ("county" if g and not whole else "")
            scope = each or place_scope(place if place and place != actor else home)
        return Meaning(measure, base, scope, subject, names.english(subject), actor,
                       counted, per_m.group() if per_m else "", self._receiver, part)

    def _about(self, q, c0, c1, s0, unit_end, counted) -> tuple[str, str, str]:
        """→ (scope or "" for a place scope, subject, actor)."""
        t = tables()
        actor = ""
        self._receiver = ""
        self.receiver_named, self.send_at, self.joined = False, -1, False
        # a sender in this segment: 北京儿童医院 …(下沉)… / 京津派驻 …
        first_receiver = None
        for n in self.names_in(s0, c1):
            if n.kind not in ("institution", "actor") or (
                    n.start and self.s[n.start - 1] in t["sent_to_marks"]):
                continue  # …到康保县康民医院开展帮扶: where staff go, not who sends
            stop = min(_piece(self.clauses, len(self.s), n.start, n.end)[1], n.end + WINDOW)
            send = self._send_after(n.end, stop)
            if send:
                actor = n.text
                self._receiver = self.s[send[1]:stop]
                rec = [r for r in self.names_in(send[1], stop) if r.kind == "institution"]
                self.receiver_named, self.send_at = bool(rec), send[0]
                if rec:  # 派出420余位专家下沉保定市儿童医院: the first hospital after the verb
                    first_receiver = rec[0]
                elif first_receiver is None:
                    first_receiver = "place"
                break
        actor = actor or place_sender(self.s, s0, q.start)  # 天津选派…, 北京专家…
        if actor and first_receiver is None:  # 东城区选派63名专家到康保县康民医院: it receives
            first_receiver = next((n for n in self.names_in(q.end, c1) if n.kind == "institution"
                                   and self.s[n.start - 1] in t["sent_to_marks"]), None)
        here = [n for n in self.names_in(c0, q.start)
                if n.kind in ("institution", "programme") and n.text != actor
                and id(n) not in self.counted_names and (n.end == q.start or not counts_after(self.s, n.end)) and not aside(self.s, n)]
        if here and here[-1].end == q.start:  # 康泰医院两个科室: the named owner's departments
            return _kind_scope(here[-1].kind), here[-1].text, actor
        # 河北7个国家区域医疗中心门急诊量…: a count of a programme's own parts, not ones built
        after = next((n for n in self.names_in(unit_end, c1) if n.start == unit_end), None)
        if (after and after.kind == "programme"
                and not t["creation_verbs"].search(self.s, c0, q.start)):
            return "programme", after.text, actor
        # 平台已接入…医疗机构86家: members joined to a programme are its own
        if (here and here[-1].kind == "programme"
                and t["members_before"].search(self.s, here[-1].end, q.start)):
            self.joined = True
            return "programme", here[-1].text, actor
        if t["entity_counted"].search(counted) and not (
                here and fits((_kind_scope(here[-1].kind), here[-1].text), counted)):
            return "", "", actor  # 建成医联体12个: the place's; 帮助燕达医院新建科室17个: its own
        # 南湖医院心内科…, 两院共建的脑科中心…: a department after the hospitals is the subject
        last_inst = max((n.end for n in here), default=len(self.s))
        own = [n for n in self.names_in(c0, q.start) if n.kind == "department"
               and (_only_trim(self.s[c0:n.start].strip()) or n.start >= last_inst)
               and id(n) not in self.counted_names]  # 内科、儿科两个中心: what is counted
        if own:
            return "department", own[-1].text, actor
        earlier = [n for n in self.names_in(s0, c0) if n.kind == "department"]
        if earlier and t["dept_anaphor"].match(self.s, c0):  # …神经外科…,科室年手术量…
            return "department", earlier[-1].text, actor
        if isinstance(first_receiver, _Name):
            return "institution", first_receiver.text, actor
        opening = self.s[c0:q.start].strip()
        if not self.names_in(c0, q.start) and place_at(opening[_trim_len(opening):]):
            # 三河市县域内就诊率达到90%: the place's, not the hospital's named before
            return "", "", actor
        here = [n for n in here if self.s[n.end:n.end + 1] not in _LISTED]
        if here:
            return _kind_scope(here[-1].kind), here[-1].text, actor
        pair = self._partnered(max(0, q.start - WINDOW), c0)  # may lie before a ；
        # A医院与B医院合作共建以来,…派驻医务人员86名: A sends; B (the topic, extract.topic) receives
        return "", "", actor or (pair[0] if pair and first_receiver is None else "")


def _partner_pair(s: str, names: list) -> tuple[str, str] | None:
    """names of a segment → (A, B) when the text reads A与B合作/共建/托管/签约, else None."""
    t = tables()
    for a, b in pairwise(names):
        if (a.kind == b.kind == "institution" and s[a.end:b.start] == "与"
                and t["partnering"].match(s, b.end)):
            return a.text, b.text
    return None


def place_scope(place: str) -> str:
    """canonical place → its scope (region, province, county; city otherwise; '' for none)."""
    return places.level(place, default="city") if place else ""


PLACE_SCOPES = ("region", "province", "city", "county")


def _trim_len(text: str) -> int:
    """text → length of the leading function words (其中, 目前) it opens with."""
    m = tables()["name_trim"].match(text)
    return m.end() if m else 0


def _only_trim(prefix: str) -> bool:
    """clause text before a name → whether it holds only leading function words (其中, 目前)."""
    return not prefix or bool(tables()["name_trim"].fullmatch(prefix))


def _kind_scope(kind: str) -> str:
    """name kind → scope."""
    return "programme" if kind == "programme" else "institution"

