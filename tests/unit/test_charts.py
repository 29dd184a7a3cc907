"""Tests for jjjhealth.present.charts and maps.map_chart: plotted data returned, byte-stable SVGs."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from chart_cases import DATA, FACTS_CSV, chart_cases, needs_facts

from jjjhealth import labels
from jjjhealth.analysis import geo
from jjjhealth.errors import ParameterError
from jjjhealth.present import bundle, charts, maps


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    from jjjhealth.extract.facts import read_facts

    return read_facts(FACTS_CSV)


NAMES = ["indexed", "dumbbell", "alliances", "recognition", "scorecard", "timeline", "quality",
         "agreement", "series", "map"]


@needs_facts
@pytest.mark.parametrize("name", NAMES)
def test_chart_returns_figure_and_same_data_in_both_languages(facts, name):
    frames = []
    for lang in ("en", "zh"):
        make, rows = chart_cases(facts, lang)[name]
        fig, data = make()
        assert isinstance(fig, plt.Figure) and isinstance(data, pd.DataFrame)
        assert len(data) == rows
        frames.append(data)
        plt.close(fig)
    pd.testing.assert_frame_equal(frames[0], frames[1])


@needs_facts
@pytest.mark.parametrize(("name", "lang"), [(n, lg) for n in NAMES for lg in ("en", "zh")])
def test_chart_text_is_in_its_language(facts, name, lang):
    make, _ = chart_cases(facts, lang)[name]
    fig, _ = make()
    problems = [p for t in bundle.text_record(fig) for p in labels.script_problems(t["text"], lang)]
    plt.close(fig)
    assert problems == []


@needs_facts
@pytest.mark.parametrize("name", ["dumbbell", "scorecard", "map"])
def test_svg_is_byte_stable(facts, tmp_path, name):
    make, _ = chart_cases(facts)[name]
    out = []
    for _run in ("a", "b"):
        fig, _ = make()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
        out.append(buf.getvalue())
    assert out[0] == out[1]


def test_recognition_chart_never_adds_counts():
    mr = pd.DataFrame([
        {"kind": "lab results", "year": 2023, "items": 50.0, "institutions": 685.0,
         "combined_from": "312 (河北) + 373 (京津)", "parts": 2, "source_ids": "003"},
        {"kind": "lab results", "year": 2025, "items": 60.0, "institutions": 914.0,
         "combined_from": "914 (京津冀)", "parts": 1, "source_ids": "000"},
    ])
    fig, data = charts.recognition_chart(mr)
    inst = data[data["measure"] == "institutions"]
    assert sorted(inst["value"]) == [312.0, 373.0, 914.0]  # 685 (a sum) is never drawn
    assert set(inst["part_en"]) == {"Hebei institutions", "Beijing and Tianjin institutions",
                                    "one region-wide count"}
    drawn = {t["text"] for t in bundle.text_record(fig)}
    assert "685" not in drawn and "914" in drawn
    plt.close(fig)


def test_alliances_chart_shows_local_share_inside_its_batch():
    a = pd.DataFrame({"year": [2023, 2025], "value": [40.0, 115.0], "source_ids": ["s1", "s2"]})
    b = pd.DataFrame({"batch": [40.0], "home_place": ["保定"], "home_count": [10.0],
                      "source_id": ["s1"], "home_fact_id": ["F1"]})
    fig, data = charts.alliances_chart(a, b)
    assert sorted(data["value"]) == [10.0, 40.0, 115.0]  # no computed remainder (30)
    assert "of which Baoding" in set(data["label_en"]) and "其中保定" in set(data["label_zh"])
    plt.close(fig)


@needs_facts
@pytest.mark.parametrize(("lang", "highlight"), [("en", "保定"), ("zh", "保定"), ("en", "雄安新区"),
                                               ("zh", "廊坊")])
def test_no_boundary_runs_through_a_map_label(facts, lang, highlight):
    fig, _ = maps.map_chart(geo.load(DATA), geo.place_status(facts, DATA), highlight, facts, lang)
    assert maps.label_crossings(fig) == []
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
    assert maps.label_point(polygons) == pytest.approx(point)


def test_boundaries_checksum_matches_readme():
    import hashlib
    import re

    readme = (DATA / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"SHA-256 \| `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256((DATA / "boundaries.geojson").read_bytes()).hexdigest() == stated
