"""tests/generalisation/{dev,dev2,dev3,holdout}: the self-written sets are well-formed (not how well we extract).

Extraction precision and recall on them are printed by `make bench` (tools/gold_score.py); here
only the sets themselves are checked: sources, checksums, fragments, vocabularies.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from gold_score import CHANGE_BASES, EXTRA_UNITS, MEASURES, SCOPES, load_gold

from jjjhealth.extract.quantities import QUALIFIERS, tables
from jjjhealth.text.normalize import normalize_file
from jjjhealth.text.sources import load_sources

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "generalisation"
FOLDERS = [d for d in (SETS / "dev", SETS / "dev2", SETS / "dev3", SETS / "holdout") if (d / "gold.csv").is_file()]
MIN_ARTICLES = {"dev": 40}
UNITS = {u["unit"] for u in tables()["units"].values()} | set(EXTRA_UNITS)
ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
RATIO_TERMS = re.compile(r"\d+(\.\d+)?(:\d+(\.\d+)?)+")
BELOW_PLACE = {"institution", "department", "programme"}


def _entries(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / "sources.yml").read_text(encoding="utf-8"))["sources"]


def _texts(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_the_dev_set_exists():
    assert SETS / "dev" in FOLDERS


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_size_and_sources(folder):
    texts = _texts(folder)
    assert len(texts) >= MIN_ARTICLES.get(folder.name, 1)
    # Every file listed and every entry a file (the project's own loader says so).
    assert [s.id for s in load_sources(folder)] == sorted(texts)
    prefix = {"dev": "g1", "dev2": "h2", "dev3": "g3", "holdout": "h3"}[folder.name]
    assert all(sid.startswith(prefix) for sid in texts), sorted(texts)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_sha256_is_the_file_checksum(folder):
    for e in _entries(folder):
        digest = hashlib.sha256((folder / f"{e['id']}.txt").read_bytes()).hexdigest()
        assert e.get("sha256") == digest, e["id"]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_every_fragment_occurs_in_its_article(folder):
    texts = _texts(folder)
    for line, row in enumerate(load_gold(folder / "gold.csv"), start=2):
        assert row["source_id"] in texts, (line, row["source_id"])
        assert row["quote_fragment"] and row["quote_fragment"] in texts[row["source_id"]], (
            line, row["quote_fragment"])


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_every_fragment_lies_inside_one_sentence(folder):
    # The scorer matches a fragment against the quote (one sentence) of an extracted fact: a
    # fragment across a sentence break, or on a noise line, could never match.
    clean = {p.stem: normalize_file(p) for p in sorted(folder.glob("*.txt"))}
    across = [(row["source_id"], row["quote_fragment"]) for row in load_gold(folder / "gold.csv")
              if not any(row["quote_fragment"] in s.text for s in clean[row["source_id"]].sentences)]
    assert across == []


def _problems(row: dict) -> list[str]:
    """gold row → what breaks the shared format (empty when the row is fine)."""
    checks = [
        (row["qualifier"] in QUALIFIERS, "qualifier"),
        (row["measure"] in MEASURES, "measure"),
        (row["scope"] in SCOPES, "scope"),
        (row["unit"] in UNITS, "unit"),
        (bool(ISO_PREFIX.fullmatch(row["as_of"])), "as_of"),
        (row["change_base"] in ((*CHANGE_BASES,) if row["measure"] == "change" else ("",)),
         "change_base (only and always for change)"),
        (bool(row["subject"]) == (row["scope"] in BELOW_PLACE), "subject (only below a place)"),
        (bool(row["per"]) or row["measure"] != "rate", "per (every rate has one)"),
        (bool(row["counted"]), "counted"),
        (row["unit"] != "ratio" or bool(RATIO_TERMS.search(row["note"])), "ratio terms in note"),
        ((row["unit"] == "ratio") >= (row["measure"] == "ratio"), "a ratio has unit ratio"),
    ]
    return [name for ok, name in checks if not ok]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_every_row_uses_the_shared_vocabularies(folder):
    bad = {line: p for line, row in enumerate(load_gold(folder / "gold.csv"), start=2)
           if (p := _problems(row))}
    assert bad == {}


@pytest.mark.parametrize("row, problems", [
    ({"qualifier": "about", "measure": "stock", "scope": "city", "unit": "个", "as_of": "2023",
      "change_base": "", "subject": "", "per": "", "counted": "医院", "note": ""}, ["qualifier"]),
    ({"qualifier": "exact", "measure": "change", "scope": "ward", "unit": "周年", "as_of": "23",
      "change_base": "", "subject": "", "per": "", "counted": "", "note": ""},
     ["scope", "unit", "as_of", "change_base (only and always for change)", "counted"]),
    ({"qualifier": "exact", "measure": "rate", "scope": "institution", "unit": "ratio",
      "as_of": "2023-09-13", "change_base": "", "subject": "", "per": "", "counted": "医护比",
      "note": "1:1.2"}, ["subject (only below a place)", "per (every rate has one)"]),
    ({"qualifier": "exact", "measure": "ratio", "scope": "city", "unit": "个", "as_of": "2023",
      "change_base": "", "subject": "", "per": "", "counted": "医护比", "note": ""},
     ["a ratio has unit ratio"]),
])
def test_the_row_checks_can_fail(row, problems):
    assert _problems(row) == problems
