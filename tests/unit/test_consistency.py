"""Tests for jjjhealth.analysis.consistency: repeats, series vs parts vs conflicts, % checks, scope."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jjjhealth.analysis import consistency
from jjjhealth.errors import ParameterError
from jjjhealth.extract.clusters import build_clusters

REPO = Path(__file__).resolve().parents[2]
A, B, C = "000_a", "001_b", "002_c"


def fact(source, metric, value, as_of, quote="", place="京津冀", role="value", qualifier="exact",
         in_scope=True, section="body", subject="", measure="stock") -> dict:
    """→ one fact row with the columns the clusters stage and consistency read."""
    return {"fact_id": f"F{source[:3]}-{metric}-{value}-{role}-{len(quote)}", "source_id": source,
            "metric": metric, "label_en": metric, "value": float(value), "unit": "个",
            "qualifier": qualifier, "place": place, "as_of": as_of, "role": role,
            "period_start": "", "period_end": "", "start": 0, "measure": measure,
            "scope": "institution" if subject else "region", "subject": subject,
            "in_scope": in_scope, "section": section, "quote": quote or f"{metric}{value}"}


FACTS = pd.DataFrame([
    fact(A, "alliances", 115, "2025-02-25"), fact(B, "alliances", 115, "2025-02-25"),
    fact(C, "alliances", 40, "2023", quote="第一批40个,我市10个"),
    fact(C, "alliances", 10, "2023", quote="第一批40个,我市10个"),
    fact(C, "new_tech", 712, "2024-02-29", quote="成绩单:新技术712项", place="保定"),
    fact(C, "new_tech", 246, "2024-02-29", quote="北京儿童医院…新技术246项", place="保定",
         subject="北京儿童医院保定医院"),
    fact(A, "new_tech", 300, "2025-02-25", quote="北京儿童医院…近300项", place="保定",
         qualifier="nearly", subject="北京儿童医院保定医院"),
    fact(A, "wards", 4, "2025-02-25"), fact(B, "wards", 5, "2025-02-25"),  # a conflict
    fact(A, "falling", 9, "2024"), fact(B, "falling", 7, "2025"),          # a fall: conflict
    fact(C, "beds", 32943, "2013", role="from", place="保定"),
    fact(C, "beds", 63574, "2023", role="to", place="保定"),
    fact(C, "beds", 93, "2023", role="stated_change", place="保定"),
    fact(C, "visits", 34, "2023", role="stated_change", place="保定"),
    fact(B, "credit", 17_000_000, "2025", in_scope=False, section="related"),
    fact("004_d", "chongqing", 4, "2023", in_scope=False),
])
CLUSTERS = build_clusters(FACTS)[0]
SOURCES = pd.DataFrame({"id": [A, B, C, "004_d"], "about_jjj": ["true", "true", "true", "false"]})


@pytest.mark.parametrize(("min_sources", "metrics"), [(2, {"alliances"}), (3, set())])
def test_repeats(min_sources, metrics):
    assert set(consistency.repeats(CLUSTERS, min_sources)["metric"]) == metrics


@pytest.mark.parametrize("bad", [1, 0, "2", 2.0, True])
def test_min_sources_refused(bad):
    with pytest.raises(ParameterError, match="min_sources"):
        consistency.repeats(CLUSTERS, bad)


@pytest.mark.parametrize(("metric", "subject", "verdict"), [
    ("alliances", "", "series"),                 # 40 (2023) → 115 (2025); 10 is a part of 40
    ("new_tech", "北京儿童医院保定医院", "series"),  # 246 → 近300
    ("wards", "", "conflict"),                   # 4 vs 5 on one date
    ("falling", "", "falling series"),           # a count that falls over time
    ("beds", "", "series"),                      # from 32943 (2013) to 63574 (2023)
])
def test_series_parts_conflicts(metric, subject, verdict):
    t = consistency.series_and_conflicts(CLUSTERS)
    row = t[(t["metric"] == metric) & (t["subject"] == subject)]
    assert list(row["verdict"]) == [verdict]


def test_scorecard_712_is_not_compared_with_the_hospital_series():
    t = consistency.series_and_conflicts(CLUSTERS)
    assert "712" not in " ".join(t.loc[t["metric"] == "new_tech", "values"])


def test_parts_of_one_statement():
    f = pd.DataFrame([fact(C, "labs", 1, "2024", quote="1个省级、4个市级重点实验室"),
                      fact(C, "labs", 4, "2024", quote="1个省级、4个市级重点实验室")])
    c = build_clusters(f)[0]
    assert list(consistency.series_and_conflicts(c)["verdict"]) == ["parts of one statement"]


def test_series_points_leave_out_parts():
    t = consistency.series_and_conflicts(CLUSTERS)
    p = consistency.series_points(CLUSTERS, t)
    assert set(p.loc[p["metric"] == "alliances", "value"]) == {40.0, 115.0}


@pytest.mark.parametrize(("min_sources", "metrics"), [
    (1, {"alliances", "new_tech", "falling", "beds"}),  # beds: one source's from → to
    (2, {"alliances", "new_tech", "falling"}),
    (3, {"alliances"}),
])
def test_series_points_by_number_of_sources(min_sources, metrics):
    t = consistency.series_and_conflicts(CLUSTERS)
    assert set(consistency.series_points(CLUSTERS, t, min_sources)["metric"]) == metrics


def test_series_values_read_in_date_order():
    t = consistency.series_and_conflicts(CLUSTERS).set_index("metric")
    assert t.loc["alliances", "values"] == "10, 40 (2023) → 115 (2025-02-25)"
    assert t.loc["new_tech", "values"] == "246 (2024-02-29) → nearly 300 (2025-02-25)"


CHECKS = pd.DataFrame({"metric": ["beds", "visits", "nurses", "staff"],
                       "stated_pct": [93.0, 34.0, 162.0, 25.0],
                       "computed_pct": [93.9, None, 158.8, 26.4],
                       "difference_pp": [-0.9, None, 3.2, -1.4]})


@pytest.mark.parametrize(("tolerance", "verdicts"), [
    (1.0, ["agrees", "no base values given", "disagrees", "agrees"]),
    (5.0, ["agrees", "no base values given", "agrees", "agrees"]),
    (0.1, ["disagrees", "no base values given", "disagrees", "disagrees"]),
])
def test_with_tolerance(tolerance, verdicts):
    assert list(consistency.with_tolerance(CHECKS, tolerance)["verdict"]) == verdicts


def test_with_tolerance_leaves_input_alone():
    consistency.with_tolerance(CHECKS, 1.0)
    assert "verdict" not in CHECKS


def test_most_shared_pair():
    rep = pd.DataFrame({"source_ids": ["a;b", "a;c", "a;b", "a;b;c"]})
    assert consistency.most_shared_pair(rep) == ("a;b", 2)
    assert consistency.most_shared_pair(rep.iloc[:0]) == ("", 0)


def test_out_of_scope_reasons():
    o = consistency.out_of_scope(FACTS, SOURCES).set_index("source_id")
    assert o.loc[B, "reason"] == "related block on another topic"
    assert o.loc["004_d", "reason"] == "source not about 京津冀"


def test_source_quality():
    stats = pd.DataFrame({"source_id": [A], "raw_chars": [100], "clean_chars": [60],
                          "noise_share": ["0.4"], "annotations_removed": [3],
                          "corrupted_spans": [1], "facts": [10], "facts_in_scope": [5]})
    sources = SOURCES.assign(outlet_en="x", published="2025-02-25")
    q = consistency.source_quality(stats, sources).iloc[0]
    assert q["noise_share"] == 0.4 and q["in_scope_share"] == 0.5


FACTS_CSV = REPO / "data" / "facts.csv"


@pytest.mark.skipif(not FACTS_CSV.exists(), reason="data/facts.csv not built (jjjhealth extract)")
@pytest.mark.parametrize(("metric", "values"), [
    ("lab_items_recognised", "50 (2023) → 60"),
])
def test_released_facts_series_not_conflicts(metric, values):
    from jjjhealth.extract.facts import read_clusters

    t = consistency.series_and_conflicts(read_clusters(FACTS_CSV.with_name("clusters.csv")))
    row = t[t["metric"] == metric]
    assert list(row["verdict"]) == ["series"] and values in row["values"].iloc[0]
    assert "conflict" not in set(t["verdict"])


@pytest.mark.skipif(not FACTS_CSV.exists(), reason="data/facts.csv not built (jjjhealth extract)")
def test_released_first_batch_is_not_a_series_with_the_running_total():
    from jjjhealth.extract.facts import read_clusters

    t = consistency.series_and_conflicts(read_clusters(FACTS_CSV.with_name("clusters.csv")))
    shown = " ".join(t.loc[t["metric"] == "jjj_medical_alliances", "values"])
    assert not ("40" in shown and "115" in shown)  # 第一批40个 (batch) vs 115个 (running total)


def test_a_batch_and_a_running_total_never_form_a_series():
    f = pd.DataFrame([fact(C, "alli", 40, "2023", measure="batch"),
                      fact(A, "alli", 115, "2025-02-25", measure="cumulative")])
    assert consistency.series_and_conflicts(build_clusters(f)[0]).empty


def test_one_evidence_group_does_not_corroborate():
    f = pd.DataFrame([fact(A, "beds", 3000, "2025"), fact(B, "beds", 3000, "2025")])
    f["evidence_group"] = ["E000", "E000"]
    c = build_clusters(f)[0]
    assert list(c["relation"]) == ["repeated"] and consistency.repeats(c).empty
    f["evidence_group"] = ["E000", "E001"]
    assert list(build_clusters(f)[0]["relation"]) == ["corroborated"]
