"""Tests for jjjhealth.analysis.timeline: every milestone is dated, sourced and quoted verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from jjjhealth.analysis import timeline
from jjjhealth.errors import ParameterError, SourcesError
from jjjhealth.extract import milestones

REPO = Path(__file__).resolve().parents[2]
MILESTONES = milestones.load_milestones()
TEXTS = milestones.clean_texts(REPO / "seeds")


@pytest.mark.parametrize("row", [r for _, r in MILESTONES.iterrows()],
                         ids=[f"{d} {lab[:30]}" for d, lab in zip(MILESTONES["date"], MILESTONES["label_en"])])
def test_quote_occurs_in_cited_source(row):
    for s in row["support"]:
        assert s["source"] in TEXTS, f"unknown source {s['source']}"
        assert s["quote"] in TEXTS[s["source"]], f"{s['quote']!r} not in {s['source']}"


def test_no_unsupported_milestones():
    assert milestones.unsupported(MILESTONES, TEXTS) == []


@pytest.mark.parametrize(("date", "words"), [
    ("2014", "strategy"),
    ("2015", "takes over"),
    ("2021-07", "agreement"),
    ("2022-05", "national regional medical centre"),
    ("2023", "First batch"),
    ("2023-12", "Langfang"),
    ("2025", "due to open"),
    ("2025-02-25", "Eleven-year review"),
])
def test_required_milestones_present(date, words):
    row = MILESTONES[MILESTONES["date"] == date]
    assert len(row) == 1 and words in row["label_en"].iloc[0]


def test_planned_is_marked():
    assert set(MILESTONES.loc[MILESTONES["status"] == "planned", "date"]) == {"2025"}


@pytest.mark.parametrize(("date", "x"), [
    ("2015", 2015.0), ("2021-07", 2021.5), ("2022-05", 2022 + 4 / 12), ("2025-02-25", 2025 + 1 / 12 + 24 / 365),
])
def test_decimal_year(date, x):
    assert milestones.decimal_year(date) == pytest.approx(x)


def test_unsupported_reports_missing_quote():
    bad = MILESTONES.head(1).copy()
    bad.at[0, "support"] = [{"source": bad.at[0, "source"], "quote": "不存在的句子"}]
    assert "not in" in milestones.unsupported(bad, TEXTS)[0]


@pytest.mark.parametrize(("first", "last", "message"), [
    (2000, 2025, r"years with milestones: \[2014, 2015, 2021, 2022, 2023, 2025\]"),
    (2014, 2030, "years with milestones"),
    (2023, 2015, "first must not follow last"),
    ("2014", 2025, "expected an integer year"),
])
def test_window_errors(first, last, message):
    with pytest.raises(ParameterError, match=message):
        timeline.window(MILESTONES, first, last)


def test_window_filters():
    w = timeline.window(MILESTONES, 2021, 2023)
    assert set(w["year"]) == {2021, 2022, 2023}


@pytest.mark.parametrize(("text", "message"), [
    ("milestones:\n  - {date: '2014', label_en: a, label_zh: b, status: done, source: s}\n", "lacks"),
    ("milestones:\n  - {date: '2014', label_en: a, label_zh: b, status: maybe, source: s, quote: q}\n",
     "status"),
])
def test_bad_milestones_file(tmp_path, text, message):
    path = tmp_path / "m.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=message):
        milestones.load_milestones(path)
