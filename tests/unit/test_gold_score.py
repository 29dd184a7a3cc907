"""tools/gold_score.py: gold rows × extracted facts → strict, loose and per-field scores."""

from __future__ import annotations

import csv

import pytest
from gold_score import (
    FIELDS,
    KEY_FIELDS,
    SPEC_COLUMNS,
    field_ok,
    load_gold,
    main,
    score,
    score_facts,
    score_folder,
)

from jjjhealth.errors import GoldError

GOLD = {"source_id": "g1", "value": 420.0, "unit": "位", "qualifier": "at_least",
        "measure": "cumulative", "scope": "institution", "subject": "保定市儿童医院",
        "place": "保定", "as_of": "2025-02-20", "per": "", "change_base": "",
        "counted": "专家", "quote_fragment": "420余位专家", "note": ""}
FACT = {**{k: v for k, v in GOLD.items() if k not in ("quote_fragment", "note")},
        "quote": "北京儿童医院先后派出420余位专家下沉保定市儿童医院。"}

# One wrong field at a time: (field, wrong value). Key fields (and the quote) break the strict
# match; every field shows up as wrong in the field table; value and unit break even the loose one.
MISMATCHES = [
    ("qualifier", "exact"), ("measure", "stock"), ("scope", "province"), ("subject", "北京儿童医院"),
    ("place", "北京"), ("as_of", "2025"), ("per", "千人"), ("change_base", "period"),
    ("counted", "医生"), ("quote", "派出专家420位。"),
]


def test_every_field_has_a_mismatch_case():
    assert {f for f, _ in MISMATCHES} == set(FIELDS)


def test_a_perfect_fact_matches_on_every_count():
    s = score_facts([FACT], [GOLD])
    assert (s.precision, s.recall, s.loose_precision, s.loose_recall) == (1, 1, 1, 1)
    assert s.field_accuracy() == {f: 1.0 for f in FIELDS}
    assert s.missed == [] and s.spurious == []


@pytest.mark.parametrize("name, wrong", MISMATCHES)
def test_one_wrong_field(name, wrong):
    s = score_facts([{**FACT, name: wrong}], [GOLD])
    strict = 0 if name in (*KEY_FIELDS, "quote") else 1
    assert (s.strict_hits, s.recall, s.precision) == (strict, strict, strict)
    assert (s.loose_recall, s.loose_precision) == (1, 1)
    assert s.field_accuracy() == {f: (0.0 if f == name else 1.0) for f in FIELDS}
    assert len(s.missed) == 1 - strict
    assert list(s.wrong) == [name] and s.wrong[name][0][1][name] == wrong


@pytest.mark.parametrize("name", ["measure", "scope", "subject", "per", "change_base", "counted"])
def test_a_missing_column_is_wrong_for_every_row(name):
    facts = [{k: v for k, v in FACT.items() if k != name}] * 2
    s = score_facts(facts, [GOLD, GOLD])
    assert s.field_accuracy()[name] == 0.0
    assert s.recall == (0.0 if name in KEY_FIELDS else 1.0)


@pytest.mark.parametrize("name, wrong", [("value", 42.0), ("unit", "人"), ("source_id", "g2")])
def test_value_unit_or_source_mismatch_misses_even_loosely(name, wrong):
    s = score_facts([{**FACT, name: wrong}], [GOLD])
    assert (s.strict_hits, s.loose_hits, s.precision, s.recall) == (0, 0, 0, 0)
    assert len(s.spurious) == 1 and len(s.missed) == 1


def test_title_and_body_rows_pair_by_fragment_whatever_the_order():
    title = {**GOLD, "quote_fragment": "专家超420位", "as_of": "2025-02-21"}
    body = GOLD
    facts = [{**FACT, "quote": "北京儿童医院先后派出420余位专家。"},
             {**FACT, "quote": "专家超420位", "as_of": "2025-02-21"}]
    # Greedy pairing would take the first fact for the first gold row; the matching does not.
    assert score_facts(facts, [title, body]).strict_hits == 2
    assert score_facts(facts[::-1], [body, title]).strict_hits == 2


@pytest.mark.parametrize("n_facts, n_gold, precision, recall", [
    (0, 0, 1.0, 1.0), (0, 2, 1.0, 0.0), (1, 2, 1.0, 0.5), (2, 2, 1.0, 1.0), (3, 2, 2 / 3, 1.0),
])
def test_multiset_counts(n_facts, n_gold, precision, recall):
    s = score_facts([FACT] * n_facts, [GOLD] * n_gold)
    assert (s.precision, s.recall) == pytest.approx((precision, recall))


@pytest.mark.parametrize("name, got, want, ok", [
    ("per", "1000 常住人口", "每千常住人口", True),
    ("per", "每万人口", "每千常住人口", False),
    ("counted", "执业(助理)医师", "执业（助理）医师", True),   # full-width = ASCII brackets
    ("counted", "医师", "执业医师", True),                   # the text's words, cut shorter
    ("counted", "", "执业医师", False),
    ("subject", "保定市儿童医院", "北京儿童医院", False),
    ("as_of", "2023-12-31", "2023", False),                  # dates compare as written
])
def test_field_comparison(name, got, want, ok):
    assert field_ok({**FACT, name: got}, {**GOLD, name: want}, name) is ok


# The loose score of the seeds' gold: (source_id, value, unit) as multisets.
SCORES = [
    ([], [], (1.0, 1.0)),
    ([{"source_id": "a", "value": 1, "unit": "个"}], [{"source_id": "a", "value": 1.0, "unit": "个"}],
     (1.0, 1.0)),
    ([{"source_id": "a", "value": 1, "unit": "个"}] * 2,
     [{"source_id": "a", "value": 1, "unit": "个"}, {"source_id": "a", "value": 2, "unit": "个"}],
     (0.5, 0.5)),
    ([{"source_id": "a", "value": 1, "unit": "家"}], [{"source_id": "a", "value": 1, "unit": "个"}],
     (0.0, 0.0)),
    ([], [{"source_id": "a", "value": 1, "unit": "个"}], (1.0, 0.0)),
]


@pytest.mark.parametrize("extracted, gold, expected", SCORES)
def test_loose_score(extracted, gold, expected):
    assert score(extracted, gold) == expected


@pytest.mark.parametrize("row", [{"source_id": "a", "value": 1}, {"quote": "x"}])
def test_rows_without_the_key_columns_fail(row):
    with pytest.raises(GoldError, match="lacks"):
        score([row], [])


@pytest.mark.parametrize("text, message", [
    ("source_id,value\nx,1\n", "columns"),
    (",".join(SPEC_COLUMNS) + "\n" + "g1,many" + "," * 12 + "\n", r"gold.csv:2: value 'many'"),
])
def test_load_gold_rejects_bad_files(tmp_path, text, message):
    bad = tmp_path / "gold.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load_gold(bad)
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "missing.csv")


ARTICLE = "协作成果\n截至2023年底，某市共有医院120家，比上年增加5家。\n"
SOURCES = """sources:
  - id: 901_scorer
    title: 协作成果
    outlet: 自撰测试文本
    published: 2024-03-01
    date_method: assigned
    script: simplified
    about_jjj: true
"""


def test_score_folder_extracts_into_a_temporary_directory(tmp_path):
    (tmp_path / "901_scorer.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sources.yml").write_text(SOURCES, encoding="utf-8")
    rows = [["901_scorer", "120", "家", "exact", "stock", "city", "", "", "2023", "", "", "医院",
             "共有医院120家", ""],
            ["901_scorer", "5", "家", "exact", "change", "city", "", "", "2023", "",
             "previous_year", "医院", "比上年增加5家", ""]]
    with open(tmp_path / "gold.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([SPEC_COLUMNS, *rows])
    s = score_folder(tmp_path)
    assert (s.n_gold, s.loose_recall) == (2, 1.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["901_scorer.txt", "gold.csv",
                                                          "sources.yml"]


def test_main_reports_a_folder_it_cannot_extract(tmp_path, capsys):
    (tmp_path / "901_scorer.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sources.yml").write_text("sources: [}", encoding="utf-8")
    (tmp_path / "gold.csv").write_text(",".join(SPEC_COLUMNS) + "\n", encoding="utf-8")
    assert main([str(tmp_path), "--facts", str(tmp_path / "none.csv")]) == 1
    out = capsys.readouterr().out
    assert "none.csv missing" in out
    assert f"generalisation/{tmp_path.name}: cannot extract: " in out
