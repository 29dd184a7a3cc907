"""milestones.yml + the seeds' clean text → data/milestones.csv (each quote checked in its source).

Extract layer: run by the extract stage; notebooks and the report read data/milestones.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jjjhealth import config, yamlio
from jjjhealth.errors import SourcesError
from jjjhealth.paths import MILESTONES_YML

REQUIRED = ("date", "label_en", "label_zh", "status", "source", "quote")
STATUSES = ("done", "planned")


def load_milestones(path: Path = MILESTONES_YML) -> pd.DataFrame:
    """milestones.yml → one row per milestone (date, year, fractional year, labels, support)."""
    doc = yamlio.load(Path(path), SourcesError) or {}
    rows = []
    for i, m in enumerate(doc.get("milestones", []), start=1):
        missing = [k for k in REQUIRED if not m.get(k)]
        if missing:
            raise SourcesError(f"{path}: milestone {i} lacks {missing}")
        if m["status"] not in STATUSES:
            raise SourcesError(f"{path}: milestone {i} status {m['status']!r} not in {STATUSES}")
        support = [{"source": m["source"], "quote": m["quote"]}, *(m.get("also") or [])]
        rows.append({**{k: str(m[k]) for k in REQUIRED}, "year": int(str(m["date"])[:4]),
                     "x": decimal_year(str(m["date"])), "support": support,
                     "source_ids": ";".join(sorted({s["source"] for s in support}))})
    return pd.DataFrame(rows).sort_values("x", kind="mergesort").reset_index(drop=True)


def decimal_year(date: str) -> float:
    """'2021-07' → 2021.5, '2015' → 2015.0, '2025-02-25' → 2025.14 (position on the axis)."""
    parts = [int(p) for p in date.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    if len(parts) == 1:
        return float(year)
    return year + (month - 1) / 12 + (day - 1) / 365


def unsupported(milestones: pd.DataFrame, clean_texts: dict[str, str]) -> list[str]:
    """milestones + {source id: clean text} → messages for quotes not found in their source."""
    bad = []
    for _, m in milestones.iterrows():
        for s in m["support"]:
            text = clean_texts.get(s["source"])
            if text is None:
                bad.append(f"{m['date']} {m['label_en']}: source {s['source']} unknown")
            elif s["quote"] not in text:
                bad.append(f"{m['date']} {m['label_en']}: quote {s['quote']!r} not in {s['source']}")
    return bad


def clean_texts(seeds_dir: Path = config.PATHS.seeds, ids: set[str] | None = None) -> dict[str, str]:
    """seeds folder (+ the ids wanted) → {source id: normalised clean text}."""
    from jjjhealth.text.normalize import normalize_file

    return {p.stem: normalize_file(p).clean for p in sorted(Path(seeds_dir).glob("*.txt"))
            if ids is None or p.stem in ids}


COLUMNS = ["date_label", "date", "year", "x", "label_en", "label_zh", "status", "source",
           "quote", "quote_start", "quote_end", "source_ids"]


def milestones_table(seeds_dir: Path = config.PATHS.seeds, path: Path = MILESTONES_YML) -> pd.DataFrame:
    """milestones.yml + seeds → the released milestone table; stops on a quote not in its source.

    Run by the extract stage, so notebooks read data/milestones.csv and never the seeds."""
    m = load_milestones(path)
    ids = {s["source"] for support in m["support"] for s in support}
    texts = clean_texts(seeds_dir, ids)
    # A corpus without a milestone's source (a test corpus, a subset) simply lacks that
    # milestone; a source that is there but lacks the quote stops the build.
    m = m[m["source"].isin(texts)].reset_index(drop=True)
    m["support"] = [[s for s in sup if s["source"] in texts] for sup in m["support"]]
    bad = unsupported(m, texts)
    if bad:
        raise SourcesError(f"{path}: milestones without support in their source: " + "; ".join(bad))
    m["quote_start"] = [texts[s].find(q) for s, q in zip(m["source"], m["quote"])]
    m["quote_end"] = m["quote_start"] + m["quote"].str.len()
    m["date_label"] = m["date"] + "|" + m["label_en"]
    return m[COLUMNS]
