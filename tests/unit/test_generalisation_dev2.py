"""tests/generalisation/dev2 (articles, sources.yml, gold.csv) → conforms to the gold format."""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache

import pytest
import yaml
from conftest import REPO

from jjjhealth.paths import NUMERALS_YML
from jjjhealth.text.sources import load_sources

HOLDOUT = REPO / "tests" / "generalisation" / "dev2"
HEADER = ["source_id", "value", "unit", "qualifier", "measure", "scope", "subject", "place",
          "as_of", "per", "change_base", "counted", "quote_fragment", "note"]
QUALIFIERS = {"exact", "approx", "at_least", "more_than", "nearly", "less_than"}
MEASURES = {"stock", "cumulative", "flow", "change", "batch", "planned", "rate", "ratio", "index",
            "share", "progress"}
SCOPES = {"region", "province", "city", "county", "institution", "department", "programme"}
NAMED_SCOPES = {"institution", "department", "programme"}
CHANGE_BASES = {"period", "previous_year", "same_period_last_year"}
# Units beyond numerals.yml that the gold format adds (GOLD_SPEC: area, money, index points, ratio).
EXTRA_UNITS = {"亩", "平方米", "元", "点", "倍", "ratio"}
AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NUMBER_CHARS = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿半]")  # 过半 = over half
ID = re.compile(r"^h2\d\d_[a-z0-9_]+$")


@cache
def gold_rows() -> tuple[dict, ...]:
    """holdout gold.csv → its rows (header checked)."""
    with open(HOLDOUT / "gold.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == HEADER, f"gold.csv header {reader.fieldnames}"
        return tuple(reader)


@cache
def entries() -> dict[str, dict]:
    """holdout sources.yml → entries by id."""
    doc = yaml.safe_load((HOLDOUT / "sources.yml").read_text(encoding="utf-8"))
    return {e["id"]: e for e in doc["sources"]}


@cache
def canonical_units() -> frozenset[str]:
    """numerals.yml → canonical units, plus the gold format's extra units."""
    table = yaml.safe_load(NUMERALS_YML.read_text(encoding="utf-8"))
    return frozenset({v["unit"] for v in table["units"].values()} | EXTRA_UNITS)


def text(sid: str) -> str:
    """source id → the article text."""
    return (HOLDOUT / f"{sid}.txt").read_text(encoding="utf-8")


def row_problems(row: dict) -> list[str]:
    """gold row → list of format problems (empty when the row is valid)."""
    p = []
    if row["source_id"] not in entries():
        p.append("unknown source_id")
        return p
    try:
        float(row["value"])
    except ValueError:
        p.append(f"value {row['value']!r}")
    checks = [("unit", canonical_units()), ("qualifier", QUALIFIERS), ("measure", MEASURES),
              ("scope", SCOPES)]
    p += [f"{col} {row[col]!r}" for col, allowed in checks if row[col] not in allowed]
    if not AS_OF.match(row["as_of"]):
        p.append(f"as_of {row['as_of']!r}")
    if (row["measure"] == "change") != bool(row["change_base"]):
        p.append("change_base must be set exactly for measure change")
    if row["change_base"] and row["change_base"] not in CHANGE_BASES:
        p.append(f"change_base {row['change_base']!r}")
    if row["measure"] == "rate" and not row["per"]:
        p.append("rate without per")
    if (row["scope"] in NAMED_SCOPES) != bool(row["subject"]):
        p.append("subject must be set exactly for institution/department/programme")
    if (row["measure"] == "ratio") != (row["unit"] == "ratio"):
        p.append("ratio measure and unit go together")
    if row["measure"] == "ratio" and not re.search(r"\d+(\.\d+)?(:\d+(\.\d+)?)+", row["note"]):
        p.append("ratio note lacks its terms a:b:c")
    frag = row["quote_fragment"]
    if not frag or frag not in text(row["source_id"]):
        p.append(f"quote_fragment {frag!r} not in the article")
    elif not NUMBER_CHARS.search(frag):
        p.append(f"quote_fragment {frag!r} holds no number")
    return p


def test_every_article_has_an_entry_and_loads():
    sources = load_sources(HOLDOUT)
    assert len(sources) >= 25
    assert all(ID.match(s.id) for s in sources), [s.id for s in sources if not ID.match(s.id)]


@pytest.mark.parametrize("sid", sorted(p.stem for p in HOLDOUT.glob("*.txt")))
def test_article_checksum_length_and_gold(sid):
    e = entries()[sid]
    assert e["sha256"] == hashlib.sha256((HOLDOUT / f"{sid}.txt").read_bytes()).hexdigest()
    assert 80 <= len(text(sid)) <= 400
    assert e["script"] == "simplified" and re.match(r"^\d{4}-\d{2}-\d{2}$", str(e["published"]))
    assert any(r["source_id"] == sid for r in gold_rows()), f"{sid} has no gold rows"


def test_gold_rows_are_valid():
    bad = {f"line {n}": pr for n, r in enumerate(gold_rows(), 2) if (pr := row_problems(r))}
    assert not bad


@pytest.mark.parametrize("row, problem", [
    ({"measure": "stock", "change_base": "period"}, "change_base must be set"),
    ({"measure": "rate", "per": ""}, "rate without per"),
    ({"scope": "institution", "subject": ""}, "subject must be set"),
    ({"unit": "weeks"}, "unit 'weeks'"),
    ({"as_of": "2024年"}, "as_of"),
    ({"quote_fragment": "不存在的句子12个"}, "not in the article"),
    ({"measure": "ratio", "note": ""}, "ratio measure and unit"),
])
def test_row_check_catches_bad_rows(row, problem):
    base = {"source_id": "h202_tianjin_bulletin_2023", "value": "147", "unit": "个",
            "qualifier": "exact", "measure": "change", "scope": "province", "subject": "",
            "place": "天津", "as_of": "2023", "per": "", "change_base": "previous_year",
            "counted": "医疗卫生机构", "quote_fragment": "比上年增加147个", "note": ""}
    assert row_problems(base) == []
    assert any(problem in p for p in row_problems(dict(base, **row)))


def test_fragments_locate_one_place_or_repeat_a_fact():
    # A fragment found twice in its article must belong to identical rows (title + body copies).
    rows_by_frag: dict[tuple[str, str], set] = {}
    for r in gold_rows():
        key = (r["source_id"], r["quote_fragment"])
        rows_by_frag.setdefault(key, set()).add((r["value"], r["unit"], r["measure"], r["as_of"]))
    ambiguous = [k for k, facts in rows_by_frag.items()
                 if text(k[0]).count(k[1]) > 1 and len(facts) > 1]
    assert not ambiguous
