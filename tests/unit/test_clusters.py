"""facts → clusters (same claim, series, conflict, parts) and stated-percentage checks."""

from __future__ import annotations

import pandas as pd
import pytest

from jjjhealth import config
from jjjhealth.errors import ClusterError
from jjjhealth.extract.clusters import (
    CLUSTER_COLUMNS,
    RELATIONS,
    build_clusters,
    hedge_range,
    percentage_checks,
)
from jjjhealth.extract.facts import read_facts


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return read_facts(config.PATHS.facts_csv)


@pytest.fixture(scope="module")
def clusters(facts) -> pd.DataFrame:
    return build_clusters(facts)[0]


def fact(**kw) -> dict:
    """one synthetic fact row, defaults filled in."""
    base = {"fact_id": "F", "source_id": "A", "metric": "m", "label_en": "M", "value": 1.0,
            "unit": "个", "qualifier": "exact", "place": "P", "as_of": "2024-01-01",
            "period_start": "", "period_end": "", "role": "value", "in_scope": True,
            "quote": "q", "start": 0}
    return {**base, **kw}


@pytest.mark.parametrize("metric, measure, place, value, relation, n_sources, n_facts", [
    # 3000余 in 000 and 001 (twice): one press conference, one evidence group → not corroborated
    ("beds_relocated", "cumulative", "北京", 3000, "repeated", 2, 3),
    ("jjj_medical_alliances", "batch", "京津冀", 40, "single", 1, 1),     # 第一批40个 (002)
    ("jjj_medical_alliances", "flow", "京津冀", 40, "repeated", 1, 2),    # 去年以来…40个 (003)
    ("jjj_medical_alliances", "cumulative", "京津冀", 115, "repeated", 1, 2),  # 十一年来 (000)
    ("new_technologies", "cumulative", "保定", 712, "single", 1, 1),     # all hospitals, not BCH
    ("lab_items_recognised", "stock", "京津冀", 50, "series", 1, 1),      # 50 → 60 lab items
    ("lab_items_recognised", "stock", "京津冀", 60, "series", 2, 2),
    ("cities_covered", "stock", "河北", 11, "corroborated", 3, 5),         # 000, 001 and 003
    ("credit_code_institutions", "stock", "京津冀", 17000000, "repeated", 1, 3),
    ("key_specialties", "stock", "河北", 94, "parts", 1, 1),              # 10个国家级、94个省级
    ("hospitals_relocated", "stock", "北京", 13, "repeated", 2, 3),       # 13个 / 13家, one event
])
def test_seed_clusters(clusters, metric, measure, place, value, relation, n_sources, n_facts):
    row = clusters[clusters.metric.eq(metric) & clusters.place.eq(place) & clusters.measure.eq(
        measure) & clusters.value.eq(value) & clusters.kind.eq("level")]
    assert len(row) == 1
    r = row.iloc[0]
    assert (r.relation, r.n_sources, r.n_facts) == (relation, n_sources, n_facts)


def test_series_share_an_id(clusters):
    labs = clusters[clusters.metric.eq("lab_items_recognised") & clusters.relation.eq("series")]
    assert sorted(labs.value) == [50, 60] and labs.series_id.nunique() == 1


def test_no_conflicts_in_the_seeds(clusters):
    assert clusters.relation.eq("conflict").sum() == 0


def test_clusters_partition_the_facts(facts, clusters):
    listed = [f for ids in clusters.fact_ids for f in ids.split(";")]
    assert sorted(listed) == sorted(facts.fact_id)
    assert set(facts.cluster_id) == set(clusters.cluster_id)
    assert list(clusters.columns) == CLUSTER_COLUMNS and set(clusters.relation) <= set(RELATIONS)


@pytest.mark.parametrize("rows, relations", [
    # two sources, same date, values that cannot both hold → conflict
    ([fact(fact_id="a", value=10.0), fact(fact_id="b", source_id="B", value=12.0)],
     ["conflict", "conflict"]),
    # same date, but 近300 covers 295 → compatible, no conflict
    ([fact(fact_id="a", value=300.0, qualifier="nearly"),
      fact(fact_id="b", source_id="B", value=295.0)], ["single", "single"]),
    # different dates → series
    ([fact(fact_id="a", value=10.0), fact(fact_id="b", value=12.0, as_of="2025-01-01")],
     ["series", "series"]),
    # one source, same date → parts of a breakdown
    ([fact(fact_id="a", value=10.0), fact(fact_id="b", value=94.0)], ["parts", "parts"]),
    # 超过80% and 80%: one claim, the hedge kept
    ([fact(fact_id="a", value=80.0, qualifier="more_than"), fact(fact_id="b", source_id="B",
                                                                  value=80.0)], ["corroborated"]),
    # 近300 and 300余: two claims of the same date, ranges touch at 300 → no conflict
    ([fact(fact_id="a", value=300.0, qualifier="nearly"),
      fact(fact_id="b", source_id="B", value=300.0, qualifier="at_least")], ["single", "single"]),
    # 13个 and 13家 hospitals: the measure word does not make another claim
    ([fact(fact_id="a", value=13.0), fact(fact_id="b", source_id="B", value=13.0, unit="家"),
      fact(fact_id="c", source_id="B", value=13.0, unit="家")], ["corroborated"]),
    # 80% and 80个 are two things
    ([fact(fact_id="a", value=80.0, unit="%"), fact(fact_id="b", source_id="B", value=80.0)],
     ["single", "single"]),
    # unclassified numbers never cluster
    ([fact(fact_id="a", metric="unclassified"), fact(fact_id="b", metric="unclassified")],
     ["single", "single"]),
])
def test_relations(rows, relations):
    table, mapping = build_clusters(pd.DataFrame(rows))
    assert sorted(table.relation) == sorted(relations)
    assert set(mapping) == {r["fact_id"] for r in rows}


def test_mixed_counters_show_the_commoner_one():
    rows = [fact(fact_id="a", value=13.0), fact(fact_id="b", source_id="B", value=13.0, unit="家"),
            fact(fact_id="c", source_id="B", value=13.0, unit="家")]
    assert list(build_clusters(pd.DataFrame(rows))[0].unit) == ["家"]


def test_cluster_ids_do_not_depend_on_row_order():
    rows = [fact(fact_id="a", value=10.0), fact(fact_id="b", source_id="B", value=10.0)]
    one = build_clusters(pd.DataFrame(rows))[1]
    two = build_clusters(pd.DataFrame(rows[::-1]))[1]
    assert one == two


@pytest.mark.parametrize("value, qualifier, expected", [
    (3000, "exact", (3000, 3000)),
    (3000, "at_least", (3000, 4000)),      # 3000余
    (60000, "at_least", (60000, 70000)),   # 6万余
    (230000, "more_than", (230000, 330000)),
    (300, "nearly", (270, 300)),
    (35, "approx", (31.5, 38.5)),
    (800, "less_than", (0, 800)),
])
def test_hedge_range(value, qualifier, expected):
    assert hedge_range(value, qualifier) == pytest.approx(expected)


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame([{"fact_id": "a"}]), "lack columns"),
    (pd.DataFrame([fact(value="many")]), "not numeric"),
    (pd.DataFrame([fact(qualifier="roughly"), fact(fact_id="b", source_id="B", value=2.0)]),
     "no range"),
])
def test_bad_facts_fail(frame, message):
    with pytest.raises(ClusterError, match=message):
        build_clusters(frame)


def _triple(stated: float, start=9402.0, end=11753.0) -> pd.DataFrame:
    q = "从9402个增长到11753个,增长25%;"
    return pd.DataFrame([
        fact(fact_id="f", value=start, role="from", quote=q, start=1),
        fact(fact_id="t", value=end, role="to", quote=q, start=2),
        fact(fact_id="s", value=stated, unit="%", role="stated_change", quote=q, start=3),
    ])


@pytest.mark.parametrize("frame, computed, agrees", [
    (_triple(25.0), 25.01, True),
    (_triple(26.0), 25.01, True),      # within ±1 point
    (_triple(30.0), 25.01, False),
    (_triple(25.0, 100.0, 126.4), 26.4, True),   # percentages.agrees: 0.9 points beyond 25.5
    (_triple(93.0, 32943.0, 63574.0), 92.98, True),
    (_triple(25.0).iloc[[2]], None, None),  # no from/to pair: nothing to compute
])
def test_percentage_checks(frame, computed, agrees):
    row = percentage_checks(frame).iloc[0]
    if computed is None:
        assert row.computed_pct is None and row.agrees is None
    else:
        assert row.computed_pct == pytest.approx(computed) and bool(row.agrees) is agrees


def test_seed_percentage_checks_agree(facts):
    checks = percentage_checks(facts)
    paired = checks[checks.from_fact_id.ne("")]
    assert sorted(paired.metric) == ["beds", "institutions", "licensed_physicians",
                                     "nurses"]
    assert paired.agrees.all() and (paired.difference_pp.abs() <= 1).all()
