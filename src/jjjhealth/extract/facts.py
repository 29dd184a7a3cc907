"""seeds/ → data/facts.csv: one row per quantitative claim, with its quote and offsets."""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from jjjhealth import config
from jjjhealth.errors import SeedError, SourcesError
from jjjhealth.extract import budget
from jjjhealth.extract.classify import classify, load_catalog
from jjjhealth.extract.quantities import find_quantities
from jjjhealth.text.normalize import NormalizedText, normalize_file
from jjjhealth.text.sources import Source, load_sources

COLUMNS = [
    "fact_id", "source_id", "metric", "label_zh", "label_en", "value", "unit", "qualifier",
    "place", "as_of", "period_start", "period_end", "role", "in_scope", "section", "flags",
    "number_text", "quote", "start", "end", "raw_start", "raw_end", "cluster_id",
]
SOURCE_COLUMNS = ["id", "title", "title_en", "outlet", "outlet_en", "published", "date_method",
                  "script", "about_jjj", "sha256", "place"]

# "去年" (last year) and "截至YYYY年" move as_of away from the publication date.
_LAST_YEAR = re.compile(r"去年")
_AS_OF_YEAR = re.compile(r"(?:截至|截止|到)(\d{4})年(?:底|末)?")
# "从2013年到2023年, A从x增长到y; B从x增长到y": clauses after a semicolon share the period.
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


def _as_of(sentence: str, published: str, period_start: str, period_end: str, role: str,
           default: str = "") -> str:
    """sentence + publication date (+ the source's default date) → the date a value holds for."""
    if role == "from" and period_start:
        return period_start
    if role in ("to", "stated_change") and period_end:
        return period_end
    m = _AS_OF_YEAR.search(sentence)
    if m:
        return m.group(1)
    if _LAST_YEAR.search(sentence):
        return str(int(published[:4]) - 1)
    return default or published


def _fact_id(source_id: str, sentence: str, offset_in_sentence: int, role: str) -> str:
    """Stable id: depends on the sentence's wording and the number's place in it, not row order."""
    key = f"{source_id}|{sentence}|{offset_in_sentence}|{role}".encode()
    return f"F{source_id[:3]}-{hashlib.sha1(key).hexdigest()[:8]}"


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

    The sentence decides first (本市/我市 → home). A clause may lean on the earlier clauses of
    its paragraph for the place or subject (保定…; 实有床位从…): those are read next, and the
    source's own place is the last resort.
    """
    metric, place = classify(sentence, q, default_place="")
    if home and place:  # 本市 nearer the number than the place found beyond it → home
        place = classify(sentence, q, default_place=home)[1]
    if lead and (metric == "unclassified" or not place):
        shifted = replace(q, start=q.start + len(lead), end=q.end + len(lead))
        m2, p2 = classify(lead + sentence, shifted, default_place=home)
        metric = metric if metric != "unclassified" else m2
        place = place or p2
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


def document_facts(doc: Document, catalog: dict | None = None) -> list[dict]:
    """normalised document → fact rows (dicts with COLUMNS)."""
    catalog = catalog or _catalog()
    text, src = doc.text, doc.source
    home = str(src.extra.get("place", ""))
    undated = _reported_year(doc)
    rows = []
    starts = [s.start for s in text.sentences]
    for sent, skip in zip(text.sentences, budget.skipped(text.clean, text.sentences)):
        if skip:
            continue  # a table or junk (budget.py), counted in source_stats.sentences_skipped
        lead = _lead(text.clean, sent.start, budget.lead_floor(starts, sent.start))
        for q in find_quantities(sent.text):
            start, end = sent.start + q.start, sent.start + q.end
            q = _with_period(q, lead)
            metric, place = _classify(sent.text, lead, q, home)
            meta = catalog.get(metric, {})
            raw_start, raw_end = text.raw_span(start, end)
            flags = []
            if text.near_corruption(start, end):
                flags.append("near_corruption")
            if q.role == "stated_change":
                flags.append("stated_percentage")
            if sent.section == "title":
                flags.append("headline")
            in_scope = src.about_jjj and sent.section != "related"
            rows.append({
                "fact_id": _fact_id(src.id, sent.text, q.start, q.role),
                "source_id": src.id,
                "metric": metric,
                "label_zh": meta.get("label_zh", ""),
                "label_en": meta.get("label_en", ""),
                "value": q.value,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "place": place,
                "as_of": _as_of(sent.text, src.published, q.period_start, q.period_end, q.role,
                                undated),
                "period_start": q.period_start,
                "period_end": q.period_end,
                "role": q.role,
                "in_scope": in_scope,
                "section": sent.section,
                "flags": ";".join(flags),
                "number_text": q.text,
                "quote": sent.text,
                "start": start,
                "end": end,
                "raw_start": raw_start,
                "raw_end": raw_end,
            })
    return rows


def facts_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """fact rows → DataFrame in the released column order and a deterministic row order."""
    df = pd.DataFrame(list(rows), columns=COLUMNS)
    df["cluster_id"] = df["cluster_id"].astype(object).fillna("")
    df = df.sort_values(["source_id", "start", "role"], kind="mergesort").reset_index(drop=True)
    seen: dict[str, int] = {}
    ids = []
    for fid in df["fact_id"]:  # the same sentence twice in one source: suffix -2, -3 in text order
        seen[fid] = seen.get(fid, 0) + 1
        ids.append(fid if seen[fid] == 1 else f"{fid}-{seen[fid]}")
    df["fact_id"] = ids
    return df


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """table → canonical CSV bytes (UTF-8, LF; numbers without float noise, true/false, '' for none)."""
    buf = io.StringIO()
    df.map(_format_cell).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _format_cell(v) -> str:
    """one cell → its stable text: True → 'true', None/NaN → '', 12000.0 → '12000', 71.4 → '71.4'."""
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        return _format_number(v)
    return str(v)


def _format_number(v: float) -> str:
    """12000.0 → '12000', 71.4 → '71.4' (stable text for a stable file)."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def read_facts(path: Path = config.PATHS.facts_csv) -> pd.DataFrame:
    """data/facts.csv → DataFrame with typed columns."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["value"] = df["value"].astype(float)
    for col in ("start", "end", "raw_start", "raw_end"):
        df[col] = df[col].astype(int)
    df["in_scope"] = df["in_scope"].eq("true")
    return df


def process_source(source: Source) -> tuple[list[dict], dict]:
    """one source → (its fact rows, its data-quality stats); the unit of parallel work."""
    doc = Document(source, normalize_file(source.path))
    found = document_facts(doc)
    stats = {"source_id": source.id, **doc.text.stats(), "facts": len(found),
             "facts_in_scope": sum(r["in_scope"] for r in found),
             "sentences_cut": sum(s.cut for s in doc.text.sentences),
             "sentences_skipped": sum(budget.skipped(doc.text.clean, doc.text.sentences))}
    return found, stats


def extract(seeds_dir: Path = config.PATHS.seeds, data_dir: Path = config.PATHS.data,
            executor: str = "local", scheduler: str | None = None) -> pd.DataFrame:
    """seeds folder → data/ facts, sources, source_stats, clusters, percentage_checks, milestones CSVs + datapackage.json (atomic)."""
    from jjjhealth.executors import map_ordered
    from jjjhealth.extract import datapackage
    from jjjhealth.extract.clusters import build_clusters, percentage_checks
    from jjjhealth.extract.milestones import milestones_table

    sources = load_sources(seeds_dir)
    if not sources:  # an empty release would silently replace the dataset
        raise SourcesError(f"{seeds_dir / 'sources.yml'}: lists no sources; extract needs at "
                           "least one seed, and data/ was left as it was")
    rows: list[dict] = []
    stats: list[dict] = []
    for found, st in map_ordered(process_source, sources, executor, scheduler):
        rows.extend(found)
        stats.append(st)
    df = facts_frame(rows)
    clusters, cluster_of = build_clusters(df)
    df["cluster_id"] = df["fact_id"].map(cluster_of)
    tables = {"sources": _csv(sources_frame(sources)), "source_stats": _csv(pd.DataFrame(stats)),
              "facts": to_csv_bytes(df), "clusters": to_csv_bytes(clusters),
              "percentage_checks": to_csv_bytes(percentage_checks(df)),
              "milestones": _csv(milestones_table(seeds_dir))}
    datapackage.publish(data_dir, tables, sources)  # all files or none, validated first
    return df


def _csv(df: pd.DataFrame) -> bytes:
    """DataFrame → UTF-8 CSV bytes with LF line ends."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def sources_frame(sources: list[Source]) -> pd.DataFrame:
    """sources → the released table data/sources.csv (what notebooks cite; never the seeds)."""
    return pd.DataFrame([{
        "id": s.id, "title": s.title, "title_en": s.extra.get("title_en", ""),
        "outlet": s.outlet, "outlet_en": s.outlet_en, "published": s.published,
        "date_method": s.date_method, "script": s.script,
        "about_jjj": "true" if s.about_jjj else "false", "sha256": s.extra.get("sha256", ""),
        "place": s.extra.get("place", ""),
    } for s in sources], columns=SOURCE_COLUMNS)


def read_clusters(path: Path = config.PATHS.released.clusters_csv) -> pd.DataFrame:
    """data/clusters.csv → DataFrame with typed columns."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["value"] = df["value"].astype(float)
    for col in ("n_sources", "n_facts"):
        df[col] = df[col].astype(int)
    df["in_scope"] = df["in_scope"].eq("true")
    return df


def read_sources(path: Path = config.PATHS.released.sources_csv) -> pd.DataFrame:
    """data/sources.csv → DataFrame."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
