"""sentence names + clauses → the discourse topic: the institution, department or programme spoken of.

A hospital's press release names the hospital once and then gives its numbers (门急诊量…,
出院患儿…) without naming it again; a regional report names a place before each of its
numbers.  So a number with no entity or place of its own belongs to the entity spoken of last
— in its sentence, else in its paragraph, else (after an anaphor such as 该院, 我院, 双方) in
the article — and a clause that opens with a place (全省…, 唐山市…) ends that topic.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from jjjhealth import places
from jjjhealth.extract.classify import place_at, place_in
from jjjhealth.extract.cues import _LISTED, tables

TOPIC_KINDS = ("institution", "department", "programme")
PLACE, BACK, MENTION = "place", "back", "mention"


@dataclass(frozen=True)
class Focus:
    """What the text speaks of at a point: the topic now (None after a place), the entity
    named last, and the institution and programme named last (for 该院 after a department,
    联盟 after its leading hospital)."""

    now: tuple[str, str] | None = None
    entity: tuple[str, str] | None = None
    institution: tuple[str, str] | None = None
    programme: tuple[str, str] | None = None
    department: tuple[str, str] | None = None
    own: tuple[str, str] | None = None  # the institution writing (我院), extract.author

    @classmethod
    def of(cls, topic: tuple[str, str] | None) -> Focus:
        """(scope, subject) or None → a focus on it."""
        return cls(None).then(topic) if topic else cls()

    def then(self, event) -> Focus:
        """one event of a sentence → the focus after it."""
        if event == PLACE:
            return replace(self, now=None)
        if event[0] == BACK:  # (BACK, kind, the anaphor's own name when it has one: 县医院)
            back = (getattr(self, event[1], None) or (self.institution if event[1] == "own" else None)
                    or (self.entity if event[1] != "programme" else None))  # 联盟 is no hospital
            if back or not event[2]:
                return replace(self, now=back)
            return self.then(event[2])
        if event[0] == MENTION:
            return replace(self.then(event[1]), now=self.now)
        new = replace(self, now=event, entity=event)
        return replace(new, **{event[0]: event})


def is_subject(event) -> bool:
    """event → whether it is a name in subject position (not a place, anaphor or mention)."""
    return isinstance(event, tuple) and event[0] in TOPIC_KINDS


def _kind_scope(kind: str) -> str:
    """name kind → scope."""
    return kind if kind in ("programme", "department") else "institution"


def sentence_events(s: str, names: list, clauses: list[int], sends: list[tuple[int, int]],
                    ) -> list[tuple[int, object]]:
    """sentence + its names, clause starts and send verbs → sorted (position, event) pairs.

    A name in subject position sets the topic from its end on; a clause opening with a place or
    a place word (全省, 我市) clears it from the clause's start on; an anaphor (该院, 双方,
    全院) brings back the entity (or institution) named last."""
    t = tables()
    events: list[tuple[int, object]] = []
    starts = {n.start for n in names if n.kind in TOPIC_KINDS}
    for c in clauses:
        opening = s[c:c + 24]
        cut = _trim(opening)
        if c + cut in starts or t["breakdown"].match(s, c):
            continue  # 保定市儿童医院从…: a name opens the clause; 其中北京9家: a part
        cut = max(cut, t["time_opening"].match(opening, cut).end())  # 2019年以来三地…
        if (place_at(opening[cut:]) or t["place_words"].match(opening, cut)
                or t["tier_words"].match(opening, cut)):
            events.append((c, PLACE))
    for n in names:
        role = _role(s, n, names, clauses, sends) if n.kind in TOPIC_KINDS else None
        if role:
            topic = (_kind_scope(n.kind), n.text)
            events.append((n.end, topic if role == "subject" else (MENTION, topic)))
    for m in t["anaphor"].finditer(s):
        word = m.group()
        kind = ("own" if t["own_anaphor"].search(word) else
                "institution" if t["institution_anaphor"].search(word) else
                "programme" if t["programme_anaphor"].search(word) else
                "department" if t["department_anaphor"].search(word) else "entity")
        named = t["self_naming_anaphor"].search(word)
        events.append((m.end(), (BACK, kind, ("institution", named.group()) if named else None)))
    events.sort(key=lambda e: e[0])
    return events


def focus_at(events: list, pos: int, carried: Focus) -> Focus:
    """events of a sentence + a position + the focus carried in → the focus there."""
    focus = carried
    for p, event in events:
        if p > pos:
            break
        focus = focus.then(event)
    return focus


def _trim(text: str) -> int:
    """text → length of its leading function words (其中, 目前)."""
    m = tables()["name_trim"].match(text)
    return m.end() if m else 0


def _role(s: str, n, names: list, clauses: list[int], sends) -> str | None:
    """→ "subject" when a name is what the rest of its sentence speaks of, "mention" when it
    may only be pointed back to, None when it is an example in a list, a counted thing or
    the sender of staff (北京儿童医院派出…)."""
    t = tables()
    if s.rfind("《", 0, n.start) > s.rfind("》", 0, n.start):
        return None  # inside a document's title (《共建…医院合作协议》)
    if s[n.end:n.end + 1] in ("与", "和"):
        return "mention"  # A与B合作: B is the one spoken of, A may be pointed back to (该院)
    if (s[n.end:n.end + 1] in tuple(_LISTED) or counts_after(s, n.end)
            or t["not_subject_after"].match(s, n.end)):
        return None
    i = bisect_right(clauses, n.start) - 1
    end = clauses[i + 1] if i + 1 < len(clauses) else len(s)
    later = [m.start for m in names if n.end <= m.start < end and m is not n]
    for a, _ in sends:
        if n.end <= a < end and not any(p < a for p in later):
            return None  # the sender, before its verb
    if aside(s, n):
        return "mention"  # 中心设在省二院内科楼: where it lies
    if n.kind == "programme" and n.end == end - 1:
        return "mention"  # 成立…联盟,覆盖542家单位: what was set up, not the speaker
    if n.kind == "department" and not _first_clause(s, clauses, i, names):
        return "mention"  # …,干细胞移植科接收…,创新开展…: one clause's department
    return "subject"


def _first_clause(s: str, clauses: list[int], i: int, names: list) -> bool:
    """→ whether clause i opens its segment, after clauses that name nothing (去年10月,
    依托…遗产) — not after a clause with its own name or place (北京儿童医院…下沉保定,…)."""
    a = i
    while a > 0 and s[clauses[a] - 1] not in ";；。！？":
        a -= 1
    if a == i:
        return True
    text = s[clauses[a]:clauses[i]]
    return not (any(clauses[a] <= n.start < clauses[i] for n in names) or place_in(text))


def aside(s: str, n) -> bool:
    """sentence + a name → whether it is where something lies, the means or what was built
    (设在…, 依托…, 建成…)."""
    return bool(tables()["location_before"].search(s, max(0, n.start - 4), n.start))


def located(name: str) -> str:
    """an institution's name → the city it lies in: the place after its parent's name
    (北京大学第三医院秦皇岛医院 → 秦皇岛, 北京安贞医院通州院区 → 北京), else the first one."""
    m = tables()["parent_name"].match(name)
    return city_of((place_in(name[m.end():]) if m else "") or place_in(name))


def city_of(place: str) -> str:
    """place → the prefecture-level place it lies in, where an institution is placed: a
    county's city (三河 → 廊坊, 燕郊 → 廊坊), a district's municipality (通州 → 北京)."""
    seen = set()
    while place in places.table() and places.level(place) == "county" and place not in seen:
        seen.add(place)
        place = places.get(place).parent or place
    return place


def _senders(s: str, a: int, b: int):
    """sentence + span → (start, end) of each place in it that sends staff (北京市东城区先后
    选派…, 天津专家…); not a place sent to (向保定派驻)."""
    t = tables()
    marks = t["sent_to_marks"]
    for m in t["_sender_mark"].finditer(s, a, b):
        for i in range(max(a, m.start() - 8), m.start()):
            if place_at(s[i:m.start()]) and (i == 0 or s[i - 1] not in marks):
                yield i, m.start()
                break


def place_sender(s: str, a: int, b: int) -> str:
    """sentence + span → the first place that sends staff in it, in the text's words, or ''."""
    i, j = next(_senders(s, a, b), (0, 0))
    return s[i:j]


def counts_after(s: str, pos: int) -> bool:
    """sentence + a name's end → whether a count follows it (医联体12个: what is counted)."""
    return bool(tables()["count_after"].match(s, pos))


def placed(s: str, a: int, b: int, names: list) -> bool:
    """→ whether [a, b) names a place outside entity names and origins (来自山西 is not whose)."""
    t = tables()
    text = list(s[a:b])
    for n in (n for n in names if n.kind in TOPIC_KINDS):
        for k in range(max(n.start, a), min(n.end, b)):
            text[k - a] = "＿"
    clause = "".join(text)
    if t["place_words"].search(clause):
        return True
    spans = [m.span() for m in t["place_origin"].finditer(clause)]  # 来自山西…: not whose
    spans += [(i - a, j - a) for i, j in _senders(s, a, b)]  # 北京派驻…: the sender
    for i, j in spans:
        clause = clause[:i] + "＿" * (j - i) + clause[j:]
    return bool(place_in(clause))


def fits(topic: tuple[str, str], counted: str) -> bool:
    """topic + what a number counts → whether the number can be the topic's (an institution's
    departments are, its region's hospitals are not)."""
    block = tables()["topic_blocks"].get(topic[0])
    return not (block and counted and block.search(counted))


class Topic:
    """The focus of an article, carried from sentence to sentence (one per article)."""

    def __init__(self, own: tuple[str, str] | None = None) -> None:
        self.focus = Focus(own=own)

    def carried(self, sentence: str, new_paragraph: bool, new_section: bool) -> Focus:
        """the next sentence → the focus it inherits: within a paragraph all of it; into a new
        paragraph only what an anaphor (该院, 我院, 双方) or a send verb may point back to."""
        t = tables()
        if new_section:  # a title or a new part: no topic now, but an anaphor (项目, 该院)
            return replace(self.focus, now=None)  # may still point back to what was named
        if new_paragraph:
            if t["send_verbs"].search(sentence):  # 北医三院将派出…: sent to the one spoken of
                return self.focus.then((BACK, "entity", None))
            return replace(self.focus, now=None)  # only an anaphor (该院, 中心) points back
        return self.focus

    def read(self, events: list, carried: Focus, sentence: str = "") -> None:
        """a sentence's events + the focus it inherited (+ its text) → the focus after it.

        A sentence opening with 其中 gives an example: what it names may be pointed back to,
        but the paragraph goes on about what it spoke of before."""
        self.focus = focus_at(events, 10**9, carried)
        if tables()["breakdown"].match(sentence):
            self.focus = replace(self.focus, now=carried.now)


def topic_of(sm, q, c0: int, counted: str, actor: str, topic,
             ) -> tuple[tuple[str, str] | None, bool]:
    """a SentenceMeaning + a quantity with no entity of its own (its clause start, what it
    counts, its actor, the topic carried into the sentence) → (the (scope, subject) it is
    about or None, whether it is that one's part by place: 其中北京9家)."""
    t, s = tables(), sm.s
    carried = topic if isinstance(topic, Focus) else Focus.of(topic)
    at = focus_at(sm.events, q.start, carried)
    names = sm.names_in(c0, q.start)
    # a name in the number's own clause was weighed by meaning._about; a sender with no
    # receiver named sends to the one spoken of (北京儿童医院累计派出专家…)
    if any(n.kind in TOPIC_KINDS and n.text != actor and id(n) not in sm.counted_names
           and s[n.end:n.end + 1] not in _LISTED for n in names):
        return None, False
    sender_here = actor and not sm.receiver_named and sm.send_at >= c0
    # …else, in an institution's own text (我院), the institution that writes
    focus = at.now or (at.entity if sender_here else None) or at.own
    if not focus or focus[1] == actor:
        return None, False
    if at == carried and any(p > q.end and is_subject(e) and not _same(e, focus)
                             for p, e in sm.events):
        return None, False  # 经过8年…,保定市儿童医院…: the sentence names its own subject later
    here = placed(s, c0, q.start, sm.names)
    part = here and bool(t["breakdown"].match(s, c0))  # 其中北京9家: the whole's part
    # 共建针灸科、康复科等4个重点专科: departments listed by name are the topic's own;
    # 平台已接入三地医疗机构532家: members joined to a programme are its own, wherever
    own_parts = any(n.kind == "department" and s[n.end:n.end + 1] == "等" for n in names)
    members = focus[0] == "programme" and bool(t["members_before"].search(s, c0, q.start))
    if (own_parts or members or fits(focus, counted)) and (part or members or not here):
        return focus, part
    return None, False


def _same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """two (scope, subject) → whether they name one entity (燕达医院 in 河北燕达医院)."""
    return a[1] in b[1] or b[1] in a[1]
