"""(sentence, quantity) → what kind of number it is and what it is about: measure, scope, subject, actor, counted, per."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from jjjhealth import paths, yamlio
from jjjhealth.errors import MeaningError
from jjjhealth.extract.classify import place_at, place_in
from jjjhealth.extract.quantities import Quantity, _longest
from jjjhealth.extract.quantities import tables as numeral_tables

# Why regexes from meaning.yml and not jieba.posseg (measured here, jieba 0.42.1): posseg reads
# ~38,000 characters/s, 50 times slower than the rest of extraction (≥ 2 MB/s), after a 2 s
# dictionary load in every worker; and its `nt` tags split or miss the names that matter
# (北京儿童医院 → 北京/ns + 儿童医院/nt; nothing for 市第二医院口腔院区 or 雄安新区仁和医院).
# jionlp was not adopted either: its dates are read here by the small table `dates` (one
# pass per sentence), and its place parser needs the corrections the issue lists (雄安新区 ≠
# 安新县, 京津 is no place) that live in metrics.yml / this file's tables anyway.
MEANING_YML = paths.MEANING_YML
MEASURES = ("stock", "cumulative", "flow", "change", "batch", "planned", "rate", "ratio", "index",
            "share", "progress")
SCOPES = ("region", "province", "city", "county", "institution", "department", "programme")
CHANGE_BASES = ("period", "previous_year", "same_period_last_year")
# What a number means is decided within this many characters before it: a sentence or clause
# without punctuation (hostile input) then costs each number a bounded look, and extraction
# stays linear in the text.  Real clauses are far shorter.
WINDOW = 160
_CLAUSE_END = re.compile(r"[,，;；。:：！？]")
_SEGMENT_END = re.compile(r"[;；。！？]")
# A name followed by one of these is an example in a list (天坛医院、北大第一医院等13个), not the subject.
_LISTED = "、等和与及"
_REQUIRED = ("creation_verbs", "partnering", "flow_verbs", "dept_anaphor", "per_continue", "anaphor", "measure_cues", "measure_order", "flow_counted", "change_before", "change_times", "share", "progress", "index", "change_base", "per",
             "department", "institution", "programme", "name_trim", "generic_names",
             "entity_counted", "send_verbs", "actors", "name_break", "counted_cut", "counted_stop", "counted_verbs",
             "counted_trim", "place_scope", "subject_en")


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


def _rx(path: Path, key: str, pattern) -> re.Pattern:
    """(file, table key, regex text) → compiled regex, or MeaningError naming the key."""
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise MeaningError(f"{path}: {key}: regex {pattern!r} does not compile ({exc})") from exc


@lru_cache(maxsize=2)
def tables(path: Path = MEANING_YML) -> dict:
    """meaning.yml → its tables with regexes compiled (cached)."""
    data = yamlio.load(Path(path), MeaningError)
    missing = [k for k in _REQUIRED if k not in (data or {})]
    if missing:
        raise MeaningError(f"{path}: missing tables {missing}; add them (see meaning.py)")
    out = dict(data)
    out["measure_cues"] = {
        m: {where: _rx(path, f"measure_cues.{m}.{where}", p) for where, p in cues.items()}
        for m, cues in data["measure_cues"].items()}
    for key in ("share", "progress", "index"):
        out[key] = {w: _rx(path, f"{key}.{w}", p) for w, p in data[key].items()}
    out["change_base"] = {b: _rx(path, f"change_base.{b}", p)
                          for b, p in data["change_base"].items()}
    for key in ("creation_verbs", "partnering", "flow_verbs", "dept_anaphor", "per_continue", "anaphor", "flow_counted", "change_before", "change_times", "per", "name_break", "counted_cut", "department", "institution", "programme", "name_trim", "generic_names",
                "entity_counted", "send_verbs", "counted_stop", "counted_verbs", "counted_trim"):
        out[key] = _rx(path, key, data[key])
    out["_counted_tail"] = _rx(path, "counted_verbs", f"(?:{data['counted_verbs']})+$")
    actors = sorted(data["actors"], key=len, reverse=True)
    out["_actor"] = re.compile("|".join(map(re.escape, actors)) or "(?!)")
    return out


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
        self.clauses = _bounds(_CLAUSE_END, sentence)
        self.segments = _bounds(_SEGMENT_END, sentence)
        names: list[_Name] = []
        for kind in ("department", "institution", "programme"):
            for m in t[kind].finditer(sentence):
                name = self._trimmed(m, kind)
                if name:
                    names.append(_Name(name[0], name[1], kind, name[2]))
        starts = {n.end for n in names if n.kind == "institution"}
        for n in names:  # 滨海新区中心医院神经外科: the department starts after the hospital
            if n.kind == "department":
                cut = max((e for e in starts if n.start < e < n.end), default=n.start)
                n.text, n.start = sentence[cut:n.end], cut
        for m in t["_actor"].finditer(sentence):
            names.append(_Name(m.start(), m.end(), "actor", m.group()))
        names.sort(key=lambda n: (n.start, -n.end))
        self.names = names
        self.name_starts = [n.start for n in names]
        self.sends = [m.span() for m in t["send_verbs"].finditer(sentence)]
        self._counted_names: set[int] = set()
        self._receiver = ""

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
        text = self.s[start:m.end()]
        if len(text) < (2 if kind == "department" else 3) or t["generic_names"].match(text):
            return None
        if kind == "institution" and text.endswith("项目") and not place_in(text[:-2]):
            return None  # 合作项目, 新项目: what is counted, not a site
        return start, m.end(), text

    def _names_in(self, a: int, b: int) -> list[_Name]:
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
        return _partner_pair(self.s, self._names_in(a, b))

    def _send_after(self, pos: int, limit: int) -> tuple[int, int] | None:
        """→ the first send verb in [pos, limit), or None."""
        i = bisect_left(self.sends, (pos, 0))
        return self.sends[i] if i < len(self.sends) and self.sends[i][1] <= limit else None

    def of(self, q: Quantity, place: str = "", home: str = "", dated=None,
           topic: tuple[str, str] | None = None) -> Meaning:
        """quantity (+ its place, the source's place, its dating.Dated, the institution or
        programme the article spoke of last as (scope, subject)) → its Meaning."""
        t = tables()
        s = self.s
        c0, c1 = _piece(self.clauses, len(s), q.start, q.end)
        s0, _ = _piece(self.segments, len(s), q.start, q.end)
        c0, s0 = max(c0, q.start - WINDOW), max(s0, q.start - WINDOW)
        c1 = min(c1, q.end + WINDOW)
        unit_end = q.end + len(_unit_text(s, q))
        before, seg_before = s[c0:q.start], s[s0:q.start]
        # a name right before a number with no noun after its unit is what is counted
        # (建立京津冀区域医联体115个, 参与互认医院90家), not whose number it is
        bare = not _tail_noun(s, unit_end, c1)
        self._counted_names = {id(n) for n in self._names_in(c0, q.start)
                               if bare and not t["_counted_tail"].sub("", s[n.end:q.start])}
        named = [n.end for n in self._names_in(c0, q.start)
                 if n.kind != "actor" and id(n) not in self._counted_names]
        counted = _counted(s, q, max([c0, *named]), c1, unit_end)
        per_m = t["per"].search(before) or (t["per_continue"].match(before)
                                             and t["per"].search(seg_before))
        texts = {"before": before, "segment": seg_before, "after": s[unit_end:c1],
                 "clause": s[c0:c1], "counted": counted}
        measure = _measure(q, texts, bool(per_m), dated)
        base = ""
        if measure == "change":
            base = next((b for b, rx in t["change_base"].items() if rx.search(seg_before)),
                        "period")
            year = re.search(r"(?:比|较)((?:19|20)\d{2})年", before)
            if (base == "period" and year and dated is not None
                    and dated.as_of[:4].isdigit() and int(year.group(1)) == int(dated.as_of[:4]) - 1):
                base = "previous_year"  # 2023年…较2022年提高: the previous year
        scope, subject, actor = self._about(q, c0, c1, s0, unit_end, counted)
        if (not scope and topic and not t["entity_counted"].search(counted)
                and t["anaphor"].search(seg_before)):
            scope, subject = topic  # 医院现有职工1100余人: the hospital named before
        if not scope:
            scope = place_scope(place if place and place != actor else home)
        return Meaning(measure, base, scope, subject, t["subject_en"].get(subject, ""), actor,
                       counted, per_m.group() if per_m else "", self._receiver)

    def _about(self, q, c0, c1, s0, unit_end, counted) -> tuple[str, str, str]:
        """→ (scope or "" for a place scope, subject, actor)."""
        t = tables()
        actor = ""
        self._receiver = ""
        # a sender in this segment: 北京儿童医院 …(下沉)… / 京津派驻 …
        first_receiver = None
        for n in self._names_in(s0, c1):
            if n.kind not in ("institution", "actor"):
                continue
            stop = min(_piece(self.clauses, len(self.s), n.start, n.end)[1], n.end + WINDOW)
            send = self._send_after(n.end, stop)
            if send:
                actor = n.text
                self._receiver = self.s[send[1]:stop]
                rec = [r for r in self._names_in(send[1], stop) if r.kind == "institution"]
                if rec:  # 派出420余位专家下沉保定市儿童医院: the first hospital after the verb
                    first_receiver = rec[0]
                elif first_receiver is None:
                    first_receiver = "place"
                break
        here = [n for n in self._names_in(c0, q.start)
                if n.kind in ("institution", "programme") and n.text != actor
                and id(n) not in self._counted_names]
        if here and here[-1].end == q.start:  # 康泰医院两个科室: the named owner's departments
            return _kind_scope(here[-1].kind), here[-1].text, actor
        if t["entity_counted"].search(counted):
            return "", "", actor
        inst_ends = {n.end for n in self._names_in(c0, q.start) if n.kind == "institution"}
        own = [n for n in self._names_in(c0, q.start) if n.kind == "department"
               and (_only_trim(self.s[c0:n.start].strip()) or n.start in inst_ends)]
        if own:
            return "department", own[-1].text, actor
        earlier = [n for n in self._names_in(s0, c0) if n.kind == "department"]
        if earlier and t["dept_anaphor"].match(self.s, c0):  # …神经外科…,科室年手术量…
            return "department", earlier[-1].text, actor
        if isinstance(first_receiver, _Name):
            return "institution", first_receiver.text, actor
        opening = self.s[c0:q.start].strip()
        if not self._names_in(c0, q.start) and place_at(opening[_trim_len(opening):]):
            # 三河市县域内就诊率达到90%: the place's, not the hospital's named before
            return "", "", actor
        here = [n for n in here if self.s[n.end:n.end + 1] not in _LISTED]
        if here:
            return _kind_scope(here[-1].kind), here[-1].text, actor
        if first_receiver is None:  # the subject of an earlier clause: 雄安宣武医院…,…门急诊量
            for n in reversed(self._names_in(s0, c0)):
                n0 = self.clauses[bisect_right(self.clauses, n.start) - 1]
                if (n.kind in ("institution", "programme") and self.s[n.end:n.end + 1] not in _LISTED
                        and _only_trim(self.s[n0:n.start].strip())):
                    return _kind_scope(n.kind), n.text, actor
        pair = self._partnered(max(0, q.start - WINDOW), c0)  # may lie before a ；
        if pair and first_receiver is None:  # A医院与B医院合作共建以来,…派驻医务人员86名: B's
            return "institution", pair[1], actor or pair[0]
        sole = {n.text for n in self._names_in(s0, q.start) if n.kind == "institution"
                and n.text != actor and self.s[n.end:n.end + 1] not in _LISTED}
        if len(sole) == 1 and first_receiver is None:  # …的容东综合医院项目…,目前进度达80%
            return "institution", sole.pop(), actor
        return "", "", actor


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
    return tables()["place_scope"].get(place, "city") if place else ""


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


def _unit_text(s: str, q: Quantity) -> str:
    """sentence + quantity → the unit word (and hedge) printed right after the number's text."""
    return _longest(s, q.end, numeral_tables()["units"])


def _measure(q: Quantity, texts: dict[str, str], per: bool, dated) -> str:
    """quantity + its texts (+ its date) → measure; the order of the tests is the precedence."""
    t = tables()
    future = bool(dated and dated.future)
    if future:
        return "planned"  # 到2025年…达到5.9人: a target, whatever its form
    if q.unit == "ratio":
        return "ratio"
    if q.role == "stated_change":
        return "change"  # 增长1倍 after a rate: the change, not another rate
    if per:
        return "rate"
    if (t["change_before"].search(texts["before"])
            or (q.unit == "倍" and t["change_times"].search(texts["before"]))):
        return "change"
    if q.unit == "%":
        return "progress" if t["progress"]["near"].search(texts["clause"]) else "share"
    if q.unit == "点" or t["index"]["near"].search(texts["clause"]):
        return "index"
    # institutions counted in a period or after a 累计 of another clause are a level
    # (今年上半年,北京两家医院派驻专家; 累计疏解床位…,10家市属医院完成疏解) unless created
    entity = (t["entity_counted"].search(texts["counted"])
              and not t["creation_verbs"].search(texts["before"]))
    for m in t["measure_order"]:
        cues = t["measure_cues"][m]
        if any(rx.search(texts[w]) for w, rx in cues.items()):
            if entity and m in ("period", "cumulative") and not any(  # a cue of its own clause
                    rx.search(texts["before" if w == "segment" else w]) for w, rx in cues.items()):
                return "stock"
            return "flow" if m == "period" else m
    if dated and dated.whole_period and (t["flow_counted"].search(texts["counted"] + q.unit)
                                         or t["flow_verbs"].search(texts["before"])):
        return "flow"
    return "stock"


def _tail_noun(s: str, unit_end: int, c1: int) -> str:
    """sentence + end of a number's unit → the noun after it in its clause (专家下沉… → 专家)."""
    tail = s[unit_end:c1]
    stop = tables()["counted_stop"].search(tail)
    noun = tail[:stop.start() if stop else len(tail)][:12]
    return noun if noun and not noun[0].isdigit() else ""


def _counted(s: str, q: Quantity, c0: int, c1: int, unit_end: int) -> str:
    """sentence + quantity → what it counts in the text's words (专家, 床位), or ''."""
    t = tables()
    if q.unit in ("市", "县", "省"):
        return q.unit
    noun = _tail_noun(s, unit_end, c1)
    if noun:
        return noun.strip("()（）")  # the noun after the unit, as written (医院, 专家)
    head = s[c0:q.start]
    if q.role in ("from", "to"):  # 医师由2014年的5.9人增加至…: what is counted stands before 由
        head = head[:max(head.rfind("由"), head.rfind("从"), 0) or len(head)]
    cut = t["counted_cut"].search(head)  # 较去年同期增长, 占比超过: the noun stands before
    head = t["_counted_tail"].sub("", head[:cut.start()] if cut else head)
    last = None
    for last in t["counted_verbs"].finditer(head):
        pass
    word = t["counted_trim"].sub("", head[last.end() if last else 0:])
    return word[-10:].strip("()（）")
