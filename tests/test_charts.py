"""Tests for jjjhealth.charts and geo.map_chart: plotted data returned, byte-stable SVGs."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from jjjhealth import charts, consistency, coverage, figures, geo, growth, timeline
from jjjhealth.errors import ParameterError
from jjjhealth.facts import read_clusters

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
FACTS_CSV = DATA / "facts.csv"
needs_facts = pytest.mark.skipif(not FACTS_CSV.exists(), reason="data/facts.csv not built")


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    from jjjhealth.facts import read_facts

    return read_facts(FACTS_CSV)


def _charts(facts: pd.DataFrame) -> dict:
    """facts → {name: (callable → (fig, data), expected plotted rows)}."""
    table = growth.growth_table(facts, "保定", 2013, 2023)
    stats = pd.read_csv(DATA / "source_stats.csv", dtype=str)
    sources = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    clusters = read_clusters(DATA / "clusters.csv")
    sc = consistency.series_and_conflicts(clusters)
    rep = consistency.repeats(clusters)
    return {
        "indexed": (lambda: charts.indexed_chart(table, "保定"), 8),
        "dumbbell": (lambda: charts.dumbbell_chart(table, "保定"), 4),
        "alliances": (lambda: charts.alliances_chart(coverage.alliances(facts),
                                                     coverage.first_batch(facts)), 3),
        "recognition": (lambda: charts.recognition_chart(coverage.mutual_recognition(facts)), 10),
        "scorecard-log": (lambda: charts.scorecard_chart(coverage.scorecard(facts, "保定"), "保定"), 8),
        "scorecard-sm": (lambda: charts.scorecard_chart(coverage.scorecard(facts, "保定"), "保定",
                                                        "small_multiples"), 8),
        "timeline": (lambda: charts.timeline_chart(timeline.load_milestones()), 8),
        "quality": (lambda: charts.quality_chart(consistency.source_quality(stats, sources)), 5),
        "agreement": (lambda: charts.agreement_chart(rep, list(sources["id"])),
                      sum(len(s.split(";")) for s in rep["source_ids"])),
        # lab and imaging items 2023 → 2025 and years of coordination 10 → 11 (a first batch
        # and a running total are no series)
        "series": (lambda: charts.series_chart(consistency.series_points(clusters, sc)), 6),
        "map": (lambda: geo.map_chart(geo.load(DATA), geo.place_status(facts, DATA), "保定"), 14),
    }


NAMES = ["indexed", "dumbbell", "alliances", "recognition", "scorecard-log", "scorecard-sm",
         "timeline", "quality", "agreement", "series", "map"]


@needs_facts
@pytest.mark.parametrize("name", NAMES)
def test_chart_returns_figure_and_plotted_data(facts, name):
    make, rows = _charts(facts)[name]
    fig, data = make()
    assert isinstance(fig, plt.Figure) and isinstance(data, pd.DataFrame)
    assert len(data) == rows
    plt.close(fig)


@needs_facts
@pytest.mark.parametrize("name", ["dumbbell", "scorecard-log", "map"])
def test_svg_is_byte_stable(facts, tmp_path, name):
    make, _ = _charts(facts)[name]
    out = []
    for run in ("a", "b"):
        fig, data = make()
        sources = [{"id": "x", "outlet": "Outlet", "published": "2025-02-25"}]
        figures.save_figure(fig, name, title=name, caption="c", data=data, sources=sources,
                            notebook="test", out_dir=tmp_path / run)
        plt.close(fig)
        out.append((tmp_path / run / f"{name}.svg").read_bytes())
    assert out[0] == out[1]


def test_recognition_chart_shows_how_parts_combine():
    mr = pd.DataFrame([
        {"kind": "lab results", "year": 2023, "items": 50.0, "institutions": 685.0,
         "combined_from": "312 (河北) + 373 (京津)", "parts": 2, "source_ids": "003"},
        {"kind": "lab results", "year": 2025, "items": 60.0, "institutions": 914.0,
         "combined_from": "914 (京津冀)", "parts": 1, "source_ids": "000"},
    ])
    fig, data = charts.recognition_chart(mr)
    inst = data[data["measure"] == "institutions"]
    assert inst.groupby("year")["value"].sum().to_dict() == {2023: 685.0, 2025: 914.0}
    assert set(inst["part"]) == {"Hebei institutions", "Beijing & Tianjin institutions",
                                 "one region-wide count"}
    plt.close(fig)


def test_alliances_chart_splits_local_share():
    a = pd.DataFrame({"year": [2023, 2025], "value": [40.0, 115.0]})
    b = pd.DataFrame({"batch": [40.0], "home_place": ["保定"], "home_count": [10.0]})
    fig, data = charts.alliances_chart(a, b)
    assert data.groupby("year")["value"].sum().to_dict() == {2023: 40.0, 2025: 115.0}
    assert "of which 保定" in set(data["part"])
    plt.close(fig)


def test_geo_places_and_check():
    places = geo.known_places(DATA)
    assert len(places) == 14 and {"北京", "天津", "雄安新区", "保定"} <= set(places)
    with pytest.raises(ParameterError, match="known places"):
        geo.check_place("上海", DATA)


@pytest.mark.parametrize(("polygons", "point"), [
    ([[(0, 0), (2, 0), (2, 2), (0, 2)]], (1.0, 1.0)),
    ([[(0, 0), (1, 0), (1, 1)], [(10, 10), (14, 10), (14, 14), (10, 14)]], (12.0, 12.0)),
])
def test_label_point(polygons, point):
    assert geo.label_point(polygons) == pytest.approx(point)


def test_boundaries_checksum_matches_readme():
    import hashlib
    import re

    readme = (DATA / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"SHA-256 \| `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256((DATA / "boundaries.geojson").read_bytes()).hexdigest() == stated
