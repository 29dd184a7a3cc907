"""one normalised document → its fact rows: number, metric, place, meaning and date of each."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from jjjhealth import config
from jjjhealth.errors import SeedError
from jjjhealth.extract import budget
from jjjhealth.extract.author import author_of, text_home
from jjjhealth.extract.classify import classify, load_catalog, place_in
from jjjhealth.extract.cues import CLAUSE_END, WINDOW, tables
from jjjhealth.extract.dating import SentenceDates, over_period
from jjjhealth.extract.meaning import PLACE_SCOPES, SentenceMeaning, place_scope
from jjjhealth.extract.quantities import find_quantities
from jjjhealth.extract.topic import Topic, city_of, located
from jjjhealth.text.normalize import NormalizedText, normalize_file
from jjjhealth.text.sources import Source, load_sources

# "从2013年到2023年, A从x增长到y; B从x增长到y": clauses after a semicolon share the period.
# A headline may round a body figure (突破3.6万家 / 3.62万家, 四成 / 40.3%): within this share.
TITLE_ROUNDING = 0.05
# 12.5%和7.8%, 4.6万人次和2.3万人次: the unit (≤ 4 characters) and a list joiner between two values
# …and the parts of a whole (增至138家,其中北京29家、天津37家) take its measure
_LIST_GAP = re.compile(r"[^0-9,，;；。]{0,4}?(?:[和、及]|(?:[,，]其中|、)(?P<part>[一-龥]{1,6}))")
_PERIOD = re.compile(r"从?(\d{4})年?(?:到|至|—|-)(\d{4})年")


@dataclass(frozen=True)
class Document:
    """A source with its normalised text."""

    source: Source
    text: NormalizedText


def load_documents(seeds_dir: Path = config.PATHS.seeds) -> Iterator[Document]:
    """seeds folder → documents, one at a time (streamed: never the whole corpus in memory)."""
    for source in load_sources(seeds_dir):
        yield Document(source, normalize_file(source.path))


def _fact_id(source_id: str, sentence: str, offset_in_sentence: int, role: str) -> str:
    """Stable id: depends on the sentence's wording and the number's place in it, not row order."""
    key = _sentence_hash(source_id, sentence).copy()  # SHA-1 of source|sentence|offset|role
    key.update(f"{offset_in_sentence}|{role}".encode())
    return f"F{source_id[:3]}-{key.hexdigest()[:8]}"


@lru_cache(maxsize=1)
def _sentence_hash(source_id: str, sentence: str):
    """source id + sentence → SHA-1 state after 'source|sentence|' (hashed once per sentence,
    not once per number: a long sentence of many numbers was hashed over and over)."""
    return hashlib.sha1(f"{source_id}|{sentence}|".encode())


@lru_cache(maxsize=1)
def _catalog() -> dict:
    """→ the metric catalog, parsed once per process (workers included)."""
    return load_catalog()


def _lead(clean: str, start: int, floor: int = 0) -> str:
    """clean text + sentence start (+ earliest start) → the earlier sentences of its line (context)."""
    return clean[max(floor, clean.rfind("\n", floor, start) + 1):start]


def _with_period(q, lead: str):
    """quantity + its paragraph's lead → the quantity with the period the lead states, if any."""
    if q.role not in ("from", "to", "stated_change") or q.period_start:
        return q
    periods = _PERIOD.findall(lead)  # a bounded lead (budget.LEAD_MAX)
    if not periods:
        return q
    first, last = periods[-1]
    return replace(q, period_start=first, period_end=last)


def _classify(sentence: str, lead: str, q, home: str) -> tuple[str, str]:
    """sentence + paragraph lead + quantity + the source's own place → (metric, place).

    The sentence decides first (本市/我市 → home). A sentence that names no place is about the
    source's own place; only a source with none leans on the earlier sentences of its
    paragraph for the place (保定…; 实有床位从…), where a place is often an aside.  The
    paragraph may still decide the metric.
    """
    metric, place = classify(sentence, q, default_place="", home=home)
    if lead and (metric == "unclassified" or not place):
        shifted = replace(q, start=q.start + len(lead), end=q.end + len(lead))
        m2, p2 = classify(lead + sentence, shifted, default_place=home)
        metric = metric if metric != "unclassified" else m2
        place = place or home or p2
    return metric, place or home


def _reported_year(doc: Document) -> str:
    """document → the year its undated figures hold for (sources.yml reports_on), or ''."""
    rep = doc.source.extra.get("reports_on")
    if not rep:
        return ""
    where = f"seeds/sources.yml, entry {doc.source.id}: reports_on"
    if not isinstance(rep, dict) or not str(rep.get("year", "")).isdigit() or not rep.get("quote"):
        raise SeedError(f"{where} needs a year (e.g. 2023) and the quote that says so")
    if str(rep["quote"]) not in doc.text.clean:
        raise SeedError(f"{where}: quote {rep['quote']!r} is not in the cleaned text of "
                        f"{doc.source.path.name}; copy it from the Simplified clean text")
    return str(rep["year"])


def document_facts(doc: Document, catalog: dict | None = None,
                   skipped: list[bool] | None = None) -> list[dict]:
    """normalised document (+ budget.skipped of its sentences, if known) → fact rows (dicts
    with COLUMNS)."""
    catalog = catalog or _catalog()
    text, src = doc.text, doc.source
    home = text_home(text.clean, str(src.extra.get("place", "")), src.about_jjj)
    undated = _reported_year(doc)
    fallback = (undated, "reports_on") if undated else (src.published, "published")
    rows = []
    topic = last_date = last_period = None
    # the institution, department or programme spoken of (and the one writing: 我院)
    focus, section = Topic(author_of(text.clean)), ""
    starts = [s.start for s in text.sentences]
    if skipped is None:
        skipped = budget.skipped(text.clean, text.sentences)
    for sent, skip in zip(text.sentences, skipped, strict=True):
        if skip:
            continue  # a table or junk (budget.py), counted in source_stats.sentences_skipped
        lead = _lead(text.clean, sent.start, budget.lead_floor(starts, sent.start))
        if sent.section != "body":
            topic = None  # a heading starts a new part: the topic date no longer holds
        quantities = [_with_period(q, lead) for q in find_quantities(sent.text)]
        meaning = SentenceMeaning(sent.text)
        # a new part reads its names afresh; the body after its title keeps what it named
        new_part = sent.section != section and (section, sent.section) != ("title", "body")
        about = focus.carried(sent.text, not lead, new_part)
        section = sent.section
        focus.read(meaning.events, about, sent.text)
        # a sentence with no number may still open its paragraph's period (今年上半年,…深化。);
        # a year, month or day opening one (2023年6月,A正式托管B。) is an event or a frame, not
        # a period (only reports_on dates a year in review)
        dates = SentenceDates(sent.text, src.published, fallback)
        if not quantities:
            opened = dates.topic()
            words = tables()["measure_cues"]["period"]["segment"]  # 上半年, 1至6月, 三季度
            period = opened and opened[1] and (words.search(
                sent.text[:CLAUSE_END.search(sent.text + ",").start()]))
            topic = opened if period else (topic if lead else None)
            continue
        if sent.text.startswith("同期"):  # over the same period as the sentence before
            quantities = over_period(quantities, last_period)
        last_period = dates.period() or (last_period if lead else None)
        # the opening date of a paragraph (2023年末,…) holds for its later sentences; a new
        # paragraph opening with 其中/同期 breaks down the one before and shares its date too
        earlier = topic if lead or sent.text.startswith(("其中", "同期")) else None
        if sent.text.startswith(("其中", "同期")):  # the date of the sentence broken down
            earlier = earlier or last_date
        topic = dates.topic() or earlier
        last_date = dates.last_date() or last_date
        first = len(rows)
        for q in quantities:
            rows.append(_row(doc, sent, lead, q, home, catalog, dates.of(q, earlier), meaning,
                             about))
        _listed_alike(text.clean, rows[first:])
    return _titles_dated_by_body(rows)


def _listed_alike(clean: str, rows: list[dict]) -> None:
    """one sentence's rows → the same, a value listed right after another of its unit taking
    its measure (同比分别增长12.5%和7.8%: both changes)."""
    for a, b in pairwise(rows):
        gap = _LIST_GAP.fullmatch(clean[a["end"]:b["start"]])
        if a["unit"] == b["unit"] and gap and (not gap["part"] or place_in(gap["part"])):
            b["measure"], b["change_base"] = a["measure"], a["change_base"]


def _titles_dated_by_body(rows: list[dict]) -> list[dict]:
    """rows → the same, a headline's figure taking the date and scope of the body's same figure.

    A headline repeats a body figure without its date (每千常住人口床位达6.1张 / 2023年末,…6.1张)."""
    body: dict[tuple, dict] = {}
    for r in rows:
        if r["section"] == "body":
            body.setdefault((r["value"], r["unit"]), r)
    for r in rows:
        twin = body.get((r["value"], r["unit"])) if r["section"] == "title" else None
        if r["section"] == "title" and not twin:  # 超千万人次 / 1036万人次: the rounded figure
            near = [b for (v, u), b in body.items() if u == r["unit"] and r["value"]
                    and abs(v - r["value"]) <= TITLE_ROUNDING * abs(r["value"])]
            twin = near[0] if len(near) == 1 else None
        if twin and r["date_basis"] != "sentence":
            r["as_of"], r["date_basis"] = twin["as_of"], twin["date_basis"]
            r["measure"], r["change_base"] = twin["measure"], twin["change_base"]
        if twin and twin["scope"]:  # …and whose it is: the body names it (扎根保定…40万人次 / …下沉保定市儿童医院)
            r.update({k: twin[k] for k in ("scope", "subject", "subject_en", "actor", "place")})
    return rows


def _clause_start(sentence: str, pos: int) -> int:
    """sentence + a number's offset → where its clause begins (within cues.WINDOW before it).

    A corrupted character anywhere in that clause may hide what the number counts or whose it
    is (京津<以诤颖笔±塾诊疗36万人次), so the whole clause up to the number is checked, not only
    the characters touching it."""
    floor = max(0, pos - WINDOW)
    last = None
    for last in CLAUSE_END.finditer(sentence, floor, pos):
        pass
    return last.end() if last else floor


def _row(doc: Document, sent, lead: str, q, home: str, catalog: dict, dated, meaning,
         about) -> dict:
    """one quantity of one sentence + its date and meaning readers + the topic carried into
    the sentence (extract.topic) → its fact row."""
    text, src = doc.text, doc.source
    start, end = sent.start + q.start, sent.start + q.end
    metric, place = _classify(sent.text, lead, q, home)
    mean = meaning.of(q, place, home, dated, about, doc.source.title)
    if mean.measure == "planned":
        dated = dated.planned()  # …总建筑面积24万平方米,计划2027年建成: the target's date
    if mean.subject and not mean.part:  # 其中北京9家: a part keeps its own place
        place = located(mean.subject) or place
    if place and mean.actor and place in (mean.actor, place_in(mean.actor)):
        # 北京儿童医院…专家下沉保定市儿童医院: the sender's place is not where it happens
        place = place_in(mean.receiver) or (home if place == mean.actor or home else place)
        if mean.scope in PLACE_SCOPES:
            mean = replace(mean, scope=place_scope(place))
    if mean.scope in ("institution", "department"):  # a hospital's place is its city
        place = city_of(place)
    meta = catalog.get(metric, {})
    raw_start, raw_end = text.raw_span(start, end)
    flags = []
    if text.near_corruption(sent.start + _clause_start(sent.text, q.start), end):
        flags.append("near_corruption")
    if q.role == "stated_change":
        flags.append("stated_percentage")
    if sent.section == "title":
        flags.append("headline")
    return {
        "fact_id": _fact_id(src.id, sent.text, q.start, q.role),
        "source_id": src.id,
        "metric": metric,
        "label_zh": meta.get("label_zh", ""),
        "label_en": meta.get("label_en", ""),
        "value": q.value,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "measure": mean.measure,
        "change_base": mean.change_base,
        "per": mean.per,
        "terms": q.terms,
        "scope": mean.scope,
        "subject": mean.subject,
        "subject_en": mean.subject_en,
        "actor": mean.actor,
        "counted": mean.counted,
        "place": place,
        "as_of": dated.as_of,
        "period_start": q.period_start,
        "period_end": q.period_end,
        "date_basis": dated.date_basis,
        "role": q.role,
        "in_scope": src.about_jjj and sent.section != "related",
        "section": sent.section,
        "flags": ";".join(flags),
        "number_text": q.text,
        "quote": sent.text,
        "start": start,
        "end": end,
        "raw_start": raw_start,
        "raw_end": raw_end,
    }
