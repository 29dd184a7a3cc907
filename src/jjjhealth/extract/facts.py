"""seeds/ → data/facts.csv: one row per quantitative claim, with its quote and offsets."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from jjjhealth import config
from jjjhealth.errors import SourcesError
from jjjhealth.extract import budget
from jjjhealth.extract.evidence import evidence_groups, fingerprint
from jjjhealth.extract.fact_rows import (  # noqa: F401 (re-exported)
    Document,
    document_facts,
    load_documents,
)
from jjjhealth.text.normalize import normalize_file
from jjjhealth.text.sources import Source, load_sources, published_date

COLUMNS = [
    "fact_id", "source_id", "metric", "label_zh", "label_en", "value", "unit", "qualifier",
    "measure", "change_base", "per", "terms", "scope", "subject", "subject_en", "actor", "counted",
    "place", "as_of", "period_start", "period_end", "date_basis", "role", "in_scope", "section",
    "flags", "number_text", "quote", "start", "end", "raw_start", "raw_end", "cluster_id",
    "evidence_group",
]
SOURCE_COLUMNS = ["id", "title", "title_en", "outlet", "outlet_en", "published", "date_method",
                  "script", "about_jjj", "sha256", "place", "url", "retrieved"]

_TYPED = {"value": float, "start": int, "end": int, "raw_start": int, "raw_end": int,
          "in_scope": bool}


def facts_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """fact rows → DataFrame in the released column order and a deterministic row order."""
    # Text stays in Python str objects (object columns): converting a large seed's quotes to
    # Arrow strings and back for the CSV cost a second; the typed columns are set explicitly.
    df = pd.DataFrame(list(rows), columns=COLUMNS, dtype=object).astype(_TYPED)
    for col in ("cluster_id", "evidence_group"):
        df[col] = df[col].fillna("")
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
    # column by column (tolist), strings passed through as they are, written by the csv module
    # as pandas' to_csv would: df.map called a function per cell and the frame it built was
    # converted back to Arrow strings (3 s for a 1.9 MB seed's 33,000 facts)
    columns = [[v if type(v) is str else _format_cell(v) for v in df[c].tolist()]
               for c in df.columns]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([str(c) for c in df.columns])
    writer.writerows(zip(*columns))
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
    skipped = budget.skipped(doc.text.clean, doc.text.sentences)  # read once: rows and stats
    found = document_facts(doc, skipped=skipped)
    stats = {"source_id": source.id, **doc.text.stats(), "facts": len(found),
             "facts_in_scope": sum(r["in_scope"] for r in found),
             "sentences_cut": sum(s.cut for s in doc.text.sentences),
             "sentences_skipped": sum(skipped),
             "_fingerprint": fingerprint(s.text for s in doc.text.sentences
                                         if s.section != "related")}
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
    prints: dict[str, frozenset] = {}
    for found, st in map_ordered(process_source, sources, executor, scheduler):
        rows.extend(found)
        prints[st["source_id"]] = st.pop("_fingerprint")
        stats.append(st)
    df = facts_frame(rows)
    df["evidence_group"] = df["source_id"].map(evidence_groups(prints)).fillna("")
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
        "place": s.extra.get("place", ""), "url": s.extra.get("url") or "",
        "retrieved": published_date(s.extra.get("retrieved")) or "",
    } for s in sources], columns=SOURCE_COLUMNS)


def read_clusters(path: Path = config.PATHS.released.clusters_csv) -> pd.DataFrame:
    """data/clusters.csv → DataFrame with typed columns."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["value"] = df["value"].astype(float)
    for col in ("n_sources", "n_groups", "n_facts"):
        df[col] = df[col].astype(int)
    df["in_scope"] = df["in_scope"].eq("true")
    return df


def read_sources(path: Path = config.PATHS.released.sources_csv) -> pd.DataFrame:
    """data/sources.csv → DataFrame."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
