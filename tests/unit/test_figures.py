"""Tests for jjjhealth.present.bundle/figures/figtext/labels: both editions, legibility, provenance, bundle."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from chart_cases import DATA, FACTS_CSV, chart_cases, needs_facts
from PIL import Image

from jjjhealth import labels, publication
from jjjhealth.extract.facts import read_facts, read_sources
from jjjhealth.present import bundle, figtext
from jjjhealth.present import markdown as md
from jjjhealth.present.figures import MIN_PX, PHONE_PX, catalog, wrap
from jjjhealth.report import blocks

# figure id → (chart name in chart_cases, notebook parameters for the title)
FIGURES = {
    "growth-indexed": ("indexed", {"place": "保定", "start_year": 2013, "end_year": 2023}),
    "growth-dumbbell": ("dumbbell", {"place": "保定", "start_year": 2013, "end_year": 2023}),
    "coverage-alliances": ("alliances", {}),
    "coverage-mutual-recognition": ("recognition", {}),
    "coverage-scorecard": ("scorecard", {"place": "保定", "as_of": "2024-02-29"}),
    "coverage-map": ("map", {"highlight_place": "保定"}),
    "timeline-milestones": ("timeline", {"first_year": 2014, "last_year": 2025}),
    "consistency-sources": ("quality", {}),
    "consistency-agreement": ("agreement", {"min_sources": 2}),
    "consistency-series": ("series", {"min_sources": 2}),
}
IDS = list(FIGURES)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> tuple[Path, dict]:
    """→ (folder, {figure id: metadata}) with every figure published once."""
    out = tmp_path_factory.mktemp("figures")
    facts = read_facts(FACTS_CSV)
    sources = read_sources(DATA / "sources.csv")
    metas = {}
    for fid, (name, fields) in FIGURES.items():
        fig, meta = bundle.publish(fid, lambda lang, n=name: chart_cases(facts, lang)[n][0](),
                                   facts=facts, sources=sources, notebook="test", out_dir=out,
                                   fields=fields)
        plt.close(fig)
        metas[fid] = meta
    return out, metas


@needs_facts
@pytest.mark.parametrize(("fid", "lang"), [(f, lg) for f in IDS for lg in ("en", "zh")])
def test_labels_are_in_the_editions_language(bundles, fid, lang):
    texts = bundles[1][fid]["text"][lang]
    problems = [p for t in texts if t["role"] != "credit"
                for p in labels.script_problems(t["text"], lang)]
    assert problems == []


@needs_facts
@pytest.mark.parametrize(("fid", "lang"), [(f, lg) for f in IDS for lg in ("en", "zh")])
def test_png_carries_credit_line(bundles, fid, lang):
    credits = [t["text"] for t in bundles[1][fid]["text"][lang] if t["role"] == "credit"]
    assert len(credits) == 1
    text = credits[0].replace("\n", " ")
    assert labels.term("project", lang) in text.replace(" ", "") or \
        labels.term("project", lang) in text
    assert publication.settings()["licence"] in text
    assert all(s["published"] in text for s in bundles[1][fid]["sources"])


@needs_facts
@pytest.mark.parametrize(("fid", "lang"), [(f, lg) for f in IDS for lg in ("en", "zh")])
def test_text_legible_at_phone_width(bundles, fid, lang):
    out, metas = bundles
    name = f"{fid}.png" if lang == "en" else f"{fid}.zh.png"
    with Image.open(out / name) as im:
        width_in = im.width / 300
    smallest = min(t["size_pt"] for t in metas[fid]["text"][lang])
    assert smallest * PHONE_PX / (width_in * 72) >= MIN_PX


@needs_facts
@pytest.mark.parametrize("fid", IDS)
def test_title_identical_in_image_caption_catalog_and_citation(bundles, fid):
    out, metas = bundles
    meta = metas[fid]
    for lang, key, cite in (("en", "title", "citation"), ("zh", "title_zh", "citation_zh")):
        drawn = [t["text"] for t in meta["text"][lang] if t["role"] == "title"]
        flat = re.sub(r"\s*\n\s*", " " if lang == "en" else "", drawn[0])
        assert flat.replace(" ", "") == meta[key].replace(" ", "")
        assert meta[key] in meta[cite]
    row = catalog(out).set_index("id").loc[fid]
    assert row["title"] == meta["title"] and row["title_zh"] == meta["title_zh"]
    assert md.escape(meta["title"]) in blocks.figure_block(meta)


@needs_facts
@pytest.mark.parametrize("fid", IDS)
def test_csv_carries_provenance_and_rounded_values(bundles, fid):
    out, _ = bundles
    data = pd.read_csv(out / f"{fid}.csv", dtype=str, keep_default_na=False)
    assert {"fact_ids", "source_ids", "quotes"} <= set(data.columns)
    assert (data["source_ids"] != "").any()
    has_facts = data["fact_ids"] != ""
    assert (data.loc[has_facts, "quotes"] != "").all()
    assert (data.loc[has_facts, "source_ids"] != "").all()
    for col in data.columns:
        vals = pd.to_numeric(data[col], errors="coerce").dropna()
        assert all(len(v.split(".")[1]) <= 2 for v in data.loc[vals.index, col] if "." in v), col


@needs_facts
@pytest.mark.parametrize("fid", [f for f in IDS if f != "consistency-sources"])
def test_csv_has_english_and_chinese_labels(bundles, fid):
    cols = pd.read_csv(bundles[0] / f"{fid}.csv", nrows=1).columns
    en = {c.removesuffix("_en") for c in cols if c.endswith("_en")}
    assert en & {c.removesuffix("_zh") for c in cols if c.endswith("_zh")}


@needs_facts
@pytest.mark.parametrize("fid", ["growth-dumbbell", "coverage-scorecard", "coverage-alliances",
                                 "coverage-mutual-recognition", "consistency-series"])
def test_fact_values_have_fact_ids(bundles, fid):
    data = pd.read_csv(bundles[0] / f"{fid}.csv", dtype=str, keep_default_na=False)
    assert (data["fact_ids"] != "").all()


@needs_facts
@pytest.mark.parametrize("fid", IDS)
def test_zip_holds_the_whole_bundle(bundles, fid):
    out, meta = bundles[0], bundles[1][fid]
    with zipfile.ZipFile(out / f"{fid}.zip") as z:
        assert sorted(z.namelist()) == sorted(f"{fid}.{e}" for e in bundle.EXTS)
    assert json.loads((out / f"{fid}.json").read_text(encoding="utf-8"))["id"] == fid
    readme = (out / f"{fid}.README.md").read_text(encoding="utf-8")
    assert meta["citation"] in readme and "CC-BY-4.0" in readme


@needs_facts
@pytest.mark.parametrize("fid", IDS)
def test_alt_text_and_takeaway_from_data(bundles, fid):
    meta = bundles[1][fid]
    for key in ("alt_en", "alt_zh", "takeaway_en", "takeaway_zh"):
        assert re.search(r"\d", meta[key]), key
    block = blocks.figure_block(meta)
    assert "fig-alt=\"" in block and f"{fid}.zip" in block and "Cite this figure" in block


@pytest.mark.parametrize(("value", "unit", "qualifier", "lang", "expected"), [
    (3000, "张", "at_least", "en", "3,000+ beds"),
    (3000, "张", "at_least", "zh", "3000余张"),
    (12000, "人次", "exact", "en", "12,000 person-times"),
    (300, "项", "nearly", "zh", "近300项"),
    (247, "个", "exact", "en", "247"),
    (12000, "人次", "exact", "zh", "1.2万人次"),
    (63574, "张", "exact", "zh", "63574张"),
    (230000, "人次", "more_than", "zh", "超过23万人次"),
    (80, "%", "more_than", "en", "more than 80%"),
])
def test_qty(value, unit, qualifier, lang, expected):
    assert labels.qty(value, unit, qualifier, lang) == expected


@pytest.mark.parametrize(("text", "lang", "bad"), [
    ("保定", "zh", False), ("2023年", "zh", False), ("Baoding", "zh", True),
    ("Baoding (保定)", "en", False), ("保定", "en", True), ("63,574", "en", False),
    ("京津冀医联体总数", "zh", False), ("JJJ 医联体", "zh", True),
])
def test_script_problems(text, lang, bad):
    assert bool(labels.script_problems(text, lang)) is bad


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("Registered nurses in Baoding", 20, ["Registered nurses in", "Baoding"]),
    ("京津冀医疗卫生协同报告", 10, ["京津冀医疗", "卫生协同报", "告"]),
    ("short", 20, ["short"]),
])
def test_wrap(text, width, lines):
    assert wrap(text, width).split("\n") == lines


@pytest.mark.parametrize(("fid", "fields", "error"), [
    ("growth-indexed", {"place": "保定"}, "start_year"),
    ("no-such-figure", {}, "no entry"),
])
def test_figure_texts_fail_clearly(fid, fields, error):
    from jjjhealth.errors import CatalogError

    with pytest.raises(CatalogError, match=error):
        figtext.texts(fid, fields)


def test_every_figure_has_both_languages():
    for fid, entry in figtext.table().items():
        for part in ("title", "caption"):
            assert set(entry[part]) == {"en", "zh"}, (fid, part)
