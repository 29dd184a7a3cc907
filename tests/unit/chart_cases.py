"""The charts of the report, built from data/ as the notebooks build them (shared by the chart
and figure-bundle tests; not a test file)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jjjhealth.analysis import consistency, coverage, geo, growth
from jjjhealth.extract import milestones
from jjjhealth.extract.facts import read_clusters
from jjjhealth.present import charts, charts_sources, figdata, maps

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
FACTS_CSV = DATA / "facts.csv"
needs_facts = pytest.mark.skipif(not FACTS_CSV.exists(), reason="data/facts.csv not built")


def chart_cases(facts: pd.DataFrame, lang: str = "en") -> dict:
    """facts → {name: (callable → (fig, data), expected plotted rows)}."""
    table = growth.growth_table(facts, "保定", 2013, 2023)
    stats = pd.read_csv(DATA / "source_stats.csv", dtype=str)
    sources = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    clusters = read_clusters(DATA / "clusters.csv")
    sc = consistency.series_and_conflicts(clusters)
    rep = consistency.repeats(clusters)
    names = figdata.metric_names(facts)
    return {
        "indexed": (lambda: charts.indexed_chart(table, "保定", lang), 8),
        "dumbbell": (lambda: charts.dumbbell_chart(table, "保定", lang), 4),
        "alliances": (lambda: charts.alliances_chart(coverage.alliances(facts),
                                                     coverage.first_batch(facts), lang), 3),
        "recognition": (lambda: charts.recognition_chart(coverage.mutual_recognition(facts),
                                                         lang), 10),
        "scorecard": (lambda: charts.scorecard_chart(coverage.scorecard(facts, "保定"), "保定",
                                                     names, lang), 8),
        "timeline": (lambda: charts_sources.timeline_chart(milestones.load_milestones(), lang), 8),
        "quality": (lambda: charts_sources.quality_chart(consistency.source_quality(stats, sources),
                                                         lang), 5),
        "agreement": (lambda: charts_sources.agreement_chart(rep, list(sources["id"]), names, lang),
                      sum(len(s.split(";")) for s in rep["source_ids"])),
        # lab and imaging items 2023 → 2025, years of coordination 10 → 11 and one hospital's
        # new techniques 246 → near 300 (a first batch and a running total are no series)
        "series": (lambda: charts_sources.series_chart(consistency.series_points(clusters, sc),
                                                       names, lang), 8),
        "map": (lambda: maps.map_chart(geo.load(DATA), geo.place_status(facts, DATA), "保定", facts,
                                      lang), 14),
    }
