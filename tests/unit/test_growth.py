"""Tests for jjjhealth.analysis.growth: start/end tables, stated vs computed change, ratios, parameters."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from jjjhealth import context
from jjjhealth.analysis import growth
from jjjhealth.errors import ParameterError

# metric, start (2013), end (2023), stated % — the Baoding series as the source gives them.
SERIES = [
    ("institutions", 9402, 11753, 25),
    ("beds", 32943, 63574, 93),
    ("licensed_physicians", 17313, 37133, 114),
    ("nurses", 12440, 32581, 162),
]


def fact(metric, value, role, as_of, place="保定", **kw) -> dict:
    """→ one fact row with the columns growth reads."""
    row = {"fact_id": f"F-{metric}-{role}-{value}", "source_id": "002_x", "metric": metric,
           "label_zh": metric, "label_en": metric.replace("_", " ").title(), "value": float(value),
           "unit": "%" if role == "stated_change" else "个", "qualifier": "exact", "place": place,
           "as_of": as_of, "period_start": "", "period_end": "", "role": role, "in_scope": True,
           "quote": ""}
    row.update(kw)
    return row


def series_facts(extra=()) -> pd.DataFrame:
    """→ hand-made facts: the four Baoding series, visits (% only) and an unrelated % change."""
    rows = []
    for metric, a, b, pct in SERIES:
        rows += [fact(metric, a, "from", "2013"), fact(metric, b, "to", "2023"),
                 fact(metric, pct, "stated_change", "2023", period_start="2013", period_end="2023")]
    rows.append(fact("patient_visits", 34, "stated_change", "2023", period_start="2013",
                     period_end="2023"))
    rows.append(fact("out_of_area_patient_growth", 96.06, "stated_change", "2023"))  # 较去年同期
    rows += list(extra)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return growth.growth_table(series_facts(), "保定", 2013, 2023)


@pytest.mark.parametrize(("metric", "start", "end", "stated"), SERIES)
def test_computed_change_matches_stated(table, metric, start, end, stated):
    row = table.set_index("metric").loc[metric]
    assert row["start"] == start and row["end"] == end
    assert round(row["computed_pct"]) == stated
    assert row["agrees"] is True
    assert math.isclose(row["cagr_pct"], ((end / start) ** 0.1 - 1) * 100)


def test_percentage_only_series_kept_other_periods_dropped(table):
    assert "patient_visits" in set(table["metric"])
    visits = table.set_index("metric").loc["patient_visits"]
    assert math.isnan(visits["start"]) and visits["stated_pct"] == 34 and visits["agrees"] is None
    assert "out_of_area_patient_growth" not in set(table["metric"])


@pytest.mark.parametrize(("stated", "tolerance", "agrees"), [
    (114, 0.0, True),    # 114.48 rounds to 114
    (116, 1.0, False),
    (116, 2.0, True),
    (120, 1.0, False),
])
def test_tolerance(stated, tolerance, agrees):
    facts = series_facts()
    mask = (facts["metric"] == "licensed_physicians") & (facts["role"] == "stated_change")
    facts.loc[mask, "value"] = float(stated)
    t = growth.with_tolerance(growth.growth_table(facts, "保定", 2013, 2023), tolerance)
    assert t.set_index("metric").loc["licensed_physicians", "agrees"] is agrees
    assert (t["tolerance_pct_points"] == tolerance).all()


@pytest.mark.parametrize(("ratio", "start", "end"), [
    ("nurses per physician", 12440 / 17313, 32581 / 37133),
    ("beds per institution", 32943 / 9402, 63574 / 11753),
])
def test_ratios(table, ratio, start, end):
    r = growth.ratios(table).set_index("ratio").loc[ratio]
    assert math.isclose(r["start"], start) and math.isclose(r["end"], end)


@pytest.mark.parametrize(("population", "citation", "error"), [
    (None, "", None),
    (11_000_000, "保定统计年鉴 2024", None),
    (11_000_000, "", "population_citation"),
    (0, "x", "positive"),
    (-5, "x", "positive"),
    ("many", "x", "positive"),
    (True, "x", "positive"),
])
def test_check_population(population, citation, error):
    if error is None:
        growth.check_population(population, citation)
    else:
        with pytest.raises(ParameterError, match=error):
            growth.check_population(population, citation)


def test_per_thousand(table):
    assert growth.per_thousand(table, None, "").empty
    t = growth.per_thousand(table, 1_000_000, "test citation")
    beds = t.set_index("label_en").loc["Beds"]
    assert math.isclose(beds["per_1000_residents"], 63.574)
    assert set(t["population_citation"]) == {"test citation"}


@pytest.mark.parametrize("bad", [-1, "1", None, True])
def test_check_tolerance_refuses(bad):
    with pytest.raises(ParameterError, match="tolerance_pct_points"):
        growth.check_tolerance(bad)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"place": "廊坊"}, "known places: \\['保定'\\]"),
    ({"start_year": 2010}, "years with data: \\[2013, 2023\\]"),
    ({"end_year": 2030}, "years with data: \\[2013, 2023\\]"),
    ({"start_year": 2023, "end_year": 2013}, "start must precede end"),
    ({"start_year": "2013"}, "expected an integer year"),
])
def test_bad_parameters_name_valid_values(kwargs, message):
    args = {"place": "保定", "start_year": 2013, "end_year": 2023, **kwargs}
    with pytest.raises(ParameterError, match=message):
        growth.growth_table(series_facts(), args["place"], args["start_year"], args["end_year"])


@pytest.mark.parametrize(("place", "has_caveat"), [("保定", True), ("廊坊", False)])
def test_caveat(place, has_caveat):
    text = growth.caveat(place)
    assert bool(text) is has_caveat
    if has_caveat:
        assert "雄安新区" in text and "定州" in text


def test_summary_sentence_uses_data(table):
    s = growth.summary_sentence(growth.with_tolerance(table, 1.0), "保定")
    assert "12,440" in s and "32,581" in s and "162%" in s and "4 of 4" in s


def test_caveat_takes_its_year_from_the_cited_context():
    year = str(context.load()["xiongan_established"]["value"])
    assert f"雄安新区 in {year}" in growth.caveat("保定")
    assert growth.caveat("天津") == ""


def test_context_entries_need_a_cite(tmp_path):
    bad = tmp_path / "context.yml"
    bad.write_text("x: {value: 1}\n", encoding="utf-8")
    with pytest.raises(KeyError, match="'x' needs a value and a cite"):
        context.load(bad)


def _pairs(rows):
    """[(label, start, end)] → a growth-like table."""
    return pd.DataFrame([{"label_en": lab, "start": a, "end": b,
                          "computed_pct": (b / a - 1) * 100} for lab, a, b in rows])


@pytest.mark.parametrize(("rows", "sentence"), [
    ([("Beds", 100, 300), ("Nurses", 10, 50)],
     "Nurses grew most in relative terms (400%); beds added the most in absolute terms (200)."),
    ([("Beds", 100, 110), ("Nurses", 1000, 3000)],   # the largest absolute change is not beds
     "Nurses grew most in relative terms (200%); nurses added the most in absolute terms (2,000)."),
    ([("Beds", float("nan"), 110)], "No series has both a start and an end value."),
])
def test_largest_changes_names_them_from_the_data(rows, sentence):
    assert growth.largest_changes(_pairs(rows)) == sentence
