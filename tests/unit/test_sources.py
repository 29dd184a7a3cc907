"""seeds/sources.yml validation: every problem is one clear error naming the file."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import REPO

from jjjhealth.errors import SeedError, SourcesError
from jjjhealth.text.sources import ID_PATTERN, load_sources, published_date


@pytest.fixture
def seeds(tmp_path):
    dest = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", dest)
    return dest


def test_real_sources_load_sorted_with_provenance():
    sources = load_sources(REPO / "seeds")
    assert [s.id[:3] for s in sources] == ["000", "001", "002", "003", "004"]
    assert {s.id: s.about_jjj for s in sources}["004_501e6f23cea12c4b"] is False
    assert all(s.published[:2] == "20" and s.date_method for s in sources)
    assert {s.script for s in sources} == {"simplified", "traditional_pinyin"}


OUTLET = "    outlet: 保定日报 (Baoding Daily), via 每日看点快看\n"  # a whole line of source 002


def _edit(seeds, old, new):
    p = seeds / "sources.yml"
    p.write_text(p.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new, error, words", [
    ("    outlet: 保定日报", "    outlet_x: 保定日报", SourcesError, ["002_22f6b134d5afdb68", "outlet"]),
    ("sources:\n", "sources:\n  - [unclosed\n", SourcesError, ["sources.yml:", "YAML"]),
    ("script: simplified\n    about_jjj: false", "script: latin\n    about_jjj: false", SourcesError,
     ["004", "script"]),
    pytest.param(OUTLET, OUTLET + "    url: javascript:alert(1)\n", SourcesError,
     ["002_22f6b134d5afdb68", "url", "web address"]),
    pytest.param(OUTLET, OUTLET + "    url: https://example.org/a b\n", SourcesError,
     ["002_22f6b134d5afdb68", "url"]),
    pytest.param(OUTLET, OUTLET + "    retrieved: last week\n", SourcesError,
     ["002_22f6b134d5afdb68", "retrieved", "YYYY-MM-DD"]),
])
def test_bad_sources_yml(seeds, old, new, error, words):
    _edit(seeds, old, new)
    with pytest.raises(error) as exc:
        load_sources(seeds)
    for w in words:
        assert w in str(exc.value)


def test_yaml_error_names_the_line(seeds):
    _edit(seeds, "sources:\n", "sources:\n  - id: [x\n")
    with pytest.raises(SourcesError, match=r"sources\.yml:\d+"):
        load_sources(seeds)


def test_seed_missing_from_sources_yml(seeds):
    (seeds / "005_new.txt").write_text("京津冀新闻。", encoding="utf-8")
    with pytest.raises(SeedError, match="005_new.txt: not listed"):
        load_sources(seeds)


def test_entry_without_file(seeds):
    (seeds / "003_8a0ceb19eaf49e50.txt").unlink()
    with pytest.raises(SeedError, match="003_8a0ceb19eaf49e50 has no file"):
        load_sources(seeds)


def test_exact_duplicate_seed(seeds):
    shutil.copy(seeds / "001_1e554aea45242714.txt", seeds / "005_copy.txt")
    (seeds / "sources.yml").open("a", encoding="utf-8").write(
        "  - {id: 005_copy, title: t, outlet: o, published: 2025-01-01, date_method: m, "
        "script: simplified, about_jjj: true}\n")
    with pytest.raises(SeedError, match="duplicate"):
        load_sources(seeds)


def test_changed_seed_only_warns(seeds):
    p = seeds / "001_1e554aea45242714.txt"
    p.write_bytes(p.read_bytes() + b"\n")
    with pytest.warns(UserWarning, match="sha256"):
        load_sources(seeds)


@pytest.mark.parametrize("value, expected", [
    (dt.date(2024, 2, 29), "2024-02-29"),
    (dt.datetime(2024, 2, 29, 4, 2), "2024-02-29"),
    ("2024-02-29", "2024-02-29"),
    ("2023-02-29", None),          # no such day
    ("2024-2-29", None),           # not zero-padded: ambiguous in other fields, refused
    ("去年", None),
    (2024, None),
    ("1900-01-01", None),          # outside the plausible range
    (None, None),
])
def test_published_date(value, expected):
    assert published_date(value) == expected


@pytest.mark.parametrize("sid, ok", [
    ("005_a1b2c3d4e5f6a7b8", True), ("h201_xiongan_wire", True), ("005_new-1", True),
    ("007", False), ("05_x", False), ("005_", False), ("005_<b>", False), ("005_a b", False),
    ("005_中文", False), ("H201_x", False), ("005_x\n", False),
])
def test_id_pattern(sid, ok):
    assert bool(ID_PATTERN.fullmatch(sid)) is ok


def test_url_and_retrieved_reach_the_released_sources_table(seeds):
    """a known public copy (url, retrieved) → data/sources.csv columns; unknown → empty."""
    from jjjhealth.extract.facts import sources_frame

    _edit(seeds, OUTLET, OUTLET + "    url: https://example.org/a?b=1\n    retrieved: 2025-03-01\n")
    table = sources_frame(load_sources(seeds)).set_index("id")
    assert table.loc["002_22f6b134d5afdb68", ["url", "retrieved"]].tolist() == [
        "https://example.org/a?b=1", "2025-03-01"]
    assert table.drop("002_22f6b134d5afdb68")[["url", "retrieved"]].eq("").all().all()
