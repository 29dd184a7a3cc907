"""(sentence, quantity) → metric id from the catalog in metrics.yml, and the place it is about."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path

from jjjhealth import paths, places, yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.extract.cues import CLAUSE_END, SEGMENT_END
from jjjhealth.extract.quantities import ROLES, Quantity
from jjjhealth.places import HOME

UNCLASSIFIED = "unclassified"
CONDITIONS = ("before", "after", "near", "segment", "sentence", "not", "roles", "place")


def _fail(path: Path, where: str, what: str) -> CatalogError:
    """(file, metric, problem) → a CatalogError that says what to fix."""
    return CatalogError(f"{path}: {where}: {what}; fix the catalog entry")


def _compile_pattern(path: Path, mid: str, alt: dict) -> dict:
    """one alternative of a metric → the same with regexes compiled (checked)."""
    if not isinstance(alt, dict) or not alt:
        raise _fail(path, mid, f"pattern {alt!r} must be a non-empty mapping")
    unknown = set(alt) - set(CONDITIONS)
    if unknown:
        raise _fail(path, mid, f"unknown conditions {sorted(unknown)}; known: {CONDITIONS}")
    out = dict(alt)
    for key in ("before", "after", "near", "segment", "sentence", "not"):
        if key in alt:
            try:
                out[key] = re.compile(str(alt[key]))
            except re.error as exc:
                raise _fail(path, mid, f"{key} regex {alt[key]!r} does not compile ({exc})") from exc
    bad_roles = set(alt.get("roles", [])) - set(ROLES)
    if bad_roles:
        raise _fail(path, mid, f"unknown roles {sorted(bad_roles)}")
    return out


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[dict, dict, re.Pattern, dict]:
    """metrics.yml (+ places.yml) → (metrics by id in file order, place spelling → place id,
    place regex, partner/sender marks)."""
    data = yamlio.load(path, CatalogError)
    if not isinstance(data, dict) or not {"metrics", "unclassified"} <= set(data):
        raise CatalogError(f"{path}: needs top-level 'metrics' and 'unclassified'")
    metrics: dict = {}
    for i, m in enumerate(data["metrics"]):
        mid = m.get("id") if isinstance(m, dict) else None
        missing = [k for k in ("id", "label_zh", "label_en", "units", "patterns")
                   if not isinstance(m, dict) or k not in m]
        if missing:
            raise _fail(path, f"metric #{i} ({mid})", f"missing {missing}")
        if mid in metrics or mid == UNCLASSIFIED:
            raise _fail(path, mid, "duplicate id")
        if m.get("place") and m["place"] not in places.table():
            raise _fail(path, mid, f"place {m['place']!r} is not in {paths.PLACES_YML.name}")
        metrics[mid] = {**m, "unit": m["units"][0] if m["units"] else "",
                        "patterns": [_compile_pattern(path, mid, a) for a in m["patterns"]]}
    metrics[UNCLASSIFIED] = {**data["unclassified"], "unit": "", "patterns": []}
    names = places.spellings()
    rx = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    marks = {"partner_marks": str(data.get("partner_marks", "")),
             "whole_marks": str(data.get("whole_marks", "")),
             "actor_places": set(data.get("actor_places") or []),
             "_longest": max(map(len, names), default=0)}  # a name match reads no further
    for key in ("actor_after", "helped_under", "origin_before", "origin_after", "informant_after"):
        try:
            marks[f"_{key}"] = re.compile(str(data.get(key, "(?!)")))
        except re.error as exc:
            raise _fail(path, key, f"regex does not compile ({exc})") from exc
    return metrics, names, rx, marks


def load_catalog(path: Path = paths.METRICS_YML) -> dict:
    """metrics.yml → {metric id: metric dict (id, label_zh, label_en, unit, units, patterns, place)}."""
    return _load(Path(path))[0]


class _Index:
    """One sentence, scanned once: clause/segment end positions and place names (per-number
    look-ups then cost log n, not a rescan of the sentence), plus a memo of condition searches."""

    def __init__(self, sentence: str, places: re.Pattern) -> None:
        self.clause = [m.start() for m in CLAUSE_END.finditer(sentence)]
        self.segment = [m.start() for m in SEGMENT_END.finditer(sentence)]
        self.places = list(places.finditer(sentence))
        self.place_ends = [m.end() for m in self.places]
        self.memo: dict = {}  # (regex, (start, end)) → match: a span's text is fixed


_LAST: list = [None, None, None]  # (sentence, catalog path, _Index) of the last look-up


def _index(sentence: str) -> _Index:
    """sentence → its _Index (cached: every number of a sentence shares one scan)."""
    if _LAST[0] is sentence and _LAST[1] is paths.METRICS_YML:  # the common case, in O(1)
        return _LAST[2]
    idx = _cached_index(sentence, _load(paths.METRICS_YML)[2])
    _LAST[:] = [sentence, paths.METRICS_YML, idx]
    return idx


@lru_cache(maxsize=8)
def _cached_index(sentence: str, places: re.Pattern) -> _Index:
    """(sentence, place regex of the catalog in use) → _Index."""
    return _Index(sentence, places)


def _span(sentence: str, q: Quantity, ends: re.Pattern) -> tuple[int, int]:
    """sentence + quantity → (start, end) of the clause or segment holding the number."""
    idx = _index(sentence)
    pos = idx.clause if ends is CLAUSE_END else idx.segment
    k = bisect.bisect_left(pos, q.start)  # end marks before the number: pos[:k]
    stop = bisect.bisect_left(pos, q.end)
    return (pos[k - 1] + 1 if k else 0), (pos[stop] if stop < len(pos) else len(sentence))


def _spans(sentence: str, q: Quantity) -> dict[str, tuple[int, int]]:
    """sentence + quantity → where in the sentence each condition's text lies."""
    c0, c1 = _span(sentence, q, CLAUSE_END)
    s0, s1 = _span(sentence, q, SEGMENT_END)
    return {"before": (c0, q.start), "after": (q.end, c1), "near": (c0, c1),
            "segment": (s0, s1), "sentence": (0, len(sentence)), "not": (c0, c1)}


def _search(sentence: str, rx: re.Pattern, span: tuple[int, int]) -> re.Match | None:
    """regex + span of the sentence → rx.search of that text, once per sentence and span.

    Clause, segment and sentence texts are shared by the numbers in them: searching each
    once keeps a sentence's cost linear in its length, whatever the count of its numbers."""
    memo = _index(sentence).memo
    key = (rx, span)
    if key not in memo:
        memo[key] = rx.search(sentence[span[0]:span[1]])
    return memo[key]


def _match(alt: dict, sentence: str, spans: dict, q: Quantity) -> tuple[bool, str]:
    """one alternative + sentence + condition spans → (all conditions hold, place named or '')."""
    place = alt.get("place", "")
    if "roles" in alt and q.role not in alt["roles"]:
        return False, ""
    for key, rx in alt.items():
        if key in ("roles", "place"):
            continue
        m = _search(sentence, rx, spans[key])
        if key == "not":
            if m:
                return False, ""
            continue
        if not m:
            return False, ""
        if "place" in rx.groupindex and m.group("place"):
            place = place or m.group("place")
    return True, place


def _detect_place(sentence: str, q: Quantity, default_place: str, home: str | None = None) -> str:
    """sentence + quantity → place named nearest the number (clause first), or default_place;
    本市/全省 name home (default_place unless given)."""
    _, names, rx, _ = _load(paths.METRICS_YML)
    home = default_place if home is None else home
    c0, c1 = _span(sentence, q, CLAUSE_END)
    idx = _index(sentence)

    marks = _load(paths.METRICS_YML)[3]

    def resolve(matches):
        for m in matches:
            if _not_here(sentence, m, q, marks):
                continue
            canon = names[m.group()]
            if canon == HOME:
                if home:
                    return home
                continue  # 本市/我市 with no home place given: look further
            return canon
        return ""

    def within(a: int, b: int) -> list[re.Match]:
        """names inside [a, b): from the one scan of the sentence, unless a name of that scan
        straddles a or b (then the bounded scan, which may read differently, decides)."""
        lo = bisect.bisect_right(idx.place_ends, a)  # first name ending after a
        hi = bisect.bisect_right(idx.place_ends, b)  # names[lo:hi] end by b
        if ((lo < len(idx.places) and idx.places[lo].start() < a)
                or (hi < len(idx.places) and idx.places[hi].start() < b)):
            return list(rx.finditer(sentence, a, b))
        return idx.places[lo:hi]

    return (resolve(reversed(within(c0, q.start)))
            or resolve(within(q.end, c1))
            or resolve(reversed(within(0, c0)))
            or default_place)


def _past(text: str, i: int, chars: str) -> int:
    """text + offset + characters → the offset after one of them there, else the offset."""
    return i + 1 if i < len(text) and text[i] in chars else i


def _not_here(sentence: str, m: re.Match, q: Quantity, marks: dict) -> bool:
    """place match → True when it names a partner, a sender or an origin, not where the number
    happens, or when a more specific place follows it (北京市东城区: 东城 decides).

    与京津累计签署协议247个: 京津 is the partner (but 与北京6家医院, 与北三县的21家: those are
    the partner's); 京津专家, 京津派驻, 在东城区帮扶下: the senders (but 向保定派驻: the
    receiver); 接诊北京、河北患者: where the patients come from."""
    rx = _load(paths.METRICS_YML)[2]
    before = sentence[m.start() - 1] if m.start() > 0 else "^"
    own = sentence[m.end():q.start] in ("", "的")  # the number counts this place's own
    partner = before in marks["partner_marks"] and not own
    sender = m.group() in marks["actor_places"] and m.end() != q.start
    destination = before in "向到赴至在" and not marks["_helped_under"].match(sentence, m.end())
    at = _past(sentence, m.end(), "市省")
    if rx.match(sentence, at, at + marks["_longest"]):
        return True
    if marks["_informant_after"].match(sentence, m.end()) or before in marks["whole_marks"]:
        return True  # 记者从广东省药品监督管理局获悉: who told; 占全市的三成: the whole
    return (partner or sender or _origin(sentence, m, marks)
            or (not destination and bool(marks["_actor_after"].match(sentence, m.end()))))


def _origin(sentence: str, m: re.Match, marks: dict) -> bool:
    """place match → True when it names where people come from (接诊北京、河北患者)."""
    if not marks["_origin_before"].search(sentence, max(0, m.start() - 24), m.start()):
        return False
    rx, end = _load(paths.METRICS_YML)[2], m.end()
    while nxt := rx.match(sentence, at := _past(sentence, end, "、和及"), at + marks["_longest"]):
        end = nxt.end()  # 北京、河北患者: the places of a list share what follows it
    return bool(marks["_origin_after"].match(sentence, end))


def place_at(text: str) -> str:
    """text → the canonical place it opens with (三河市县域内… → 三河), or ''."""
    _, names, rx, marks = _load(paths.METRICS_YML)
    m = rx.match(text)
    if not m or names[m.group()] == HOME or marks["_actor_after"].match(text, m.end()):
        return ""  # 北京方面共派驻…: the sender
    return names[m.group()]


def place_in(name: str) -> str:
    """an entity name → the place it is in, or '': the place it names (保定市儿童医院 → 保定);
    a later place elsewhere names a branch (北京大学人民医院雄安院区 → 雄安新区), one inside the
    first does not (天津医科大学总医院滨海医院 → 天津).  Sender abbreviations (京津) are skipped."""
    _, names, rx, marks = _load(paths.METRICS_YML)
    found = ""
    for m in rx.finditer(name):
        canon = names[m.group()]
        if canon == HOME or m.group() in marks["actor_places"]:
            continue
        if not found or not places.inside(canon, found):
            found = canon
    return found


def classify(sentence: str, q: Quantity, *, default_place: str = "",
             home: str | None = None) -> tuple[str, str]:
    """(sentence, quantity) → (metric id or "unclassified", place); 本市/全省 name home
    (default_place unless given), default_place is the answer when no place is named."""
    metrics, names, _, _ = _load(paths.METRICS_YML)
    spans = _spans(sentence, q)
    for mid, metric in metrics.items():
        if q.unit not in metric["units"]:
            continue
        for alt in metric["patterns"]:
            ok, place = _match(alt, sentence, spans, q)
            if ok:
                place = names.get(place, place) or metric.get("place", "")
                return mid, place or _detect_place(sentence, q, default_place, home)
    return UNCLASSIFIED, _detect_place(sentence, q, default_place, home)
