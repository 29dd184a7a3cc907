"""facts + source stats → data-quality tables: per-source quality, repeats, series, conflicts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import ParameterError

# Which actor a number is about, when one metric is reported for several (first match wins).
# A quote keyword → subject. "" = the metric's usual subject.
SUBJECT_KEYWORDS = [
    ("北京儿童医院", "Beijing Children's Hospital Baoding"),
    ("成绩单", "Baoding's cooperation scorecard"),
]
OUT_OF_SCOPE_REASONS = {  # (source about JJJ?, section) → why a fact is set apart
    (False, "body"): "source not about 京津冀",
    (False, "title"): "source not about 京津冀",
    (False, "related"): "source not about 京津冀",
    (True, "related"): "related block on another topic",
}


def subject(quote: str) -> str:
    """quote → the actor a number is about (SUBJECT_KEYWORDS), '' when none is named."""
    return next((s for k, s in SUBJECT_KEYWORDS if k in quote), "")


def source_quality(stats: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """source_stats.csv + sources.csv → per source: noise share, corruption, facts in scope."""
    s = stats.merge(sources[["id", "outlet_en", "published", "about_jjj"]],
                    left_on="source_id", right_on="id", how="left")
    s["noise_share"] = s["noise_share"].astype(float)
    s["in_scope_share"] = s["facts_in_scope"].astype(int) / s["facts"].astype(int).clip(lower=1)
    cols = ["source_id", "outlet_en", "published", "about_jjj", "raw_chars", "clean_chars",
            "noise_share", "annotations_removed", "corrupted_spans", "facts", "facts_in_scope",
            "in_scope_share"]
    return s[cols].reset_index(drop=True)


def _values(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → in-scope, classified, plain values (not from/to/stated changes) with subject."""
    f = facts[facts["in_scope"] & facts["metric"].ne("unclassified") & facts["role"].eq("value")]
    f = f.copy()
    f["subject"] = f["quote"].map(subject)
    return f


def check_min_sources(min_sources: int) -> None:
    """Raise ParameterError unless min_sources is an integer ≥ 2."""
    if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 2:
        raise ParameterError(f"parameter min_sources={min_sources!r}: expected an integer ≥ 2 "
                             "(a value repeated by at least that many sources)")


def repeats(facts: pd.DataFrame, min_sources: int = 2) -> pd.DataFrame:
    """facts → values (metric, place, value) stated by at least min_sources sources."""
    check_min_sources(min_sources)
    f = _values(facts)
    g = (f.groupby(["metric", "place", "value", "qualifier"], sort=False)
         .agg(label_en=("label_en", "first"), unit=("unit", "first"),
              sources=("source_id", "nunique"), mentions=("fact_id", "size"),
              source_ids=("source_id", lambda s: ";".join(sorted(set(s))))).reset_index())
    g = g[g["sources"] >= min_sources]
    return g.sort_values(["sources", "mentions", "metric"], ascending=[False, False, True],
                         kind="mergesort").reset_index(drop=True)


def series_and_conflicts(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → metrics with several values for one (place, subject): series, parts or conflict.

    Smaller values in the same sentence as a larger one are its parts (10 of the first 40
    alliances; 1 provincial + 4 municipal laboratories). Of the rest, values at different
    dates that rise with time are a series (cumulative counts grow); different values at
    the same date, or a fall, are a conflict to look at.
    """
    f = _values(facts)
    f["date"] = f["as_of"].astype(str)
    rows = []
    for (metric, place, subj), g in f.groupby(["metric", "place", "subject"], sort=True):
        if g["value"].nunique() < 2:
            continue
        is_part = g["value"] < g.groupby(["source_id", "quote"])["value"].transform("max")
        kept, parts = g[~is_part], g[is_part]
        first = (kept.groupby("value")
                 .agg(date=("date", "min"), qualifier=("qualifier", "first"),
                      source_ids=("source_id", lambda s: ";".join(sorted(set(s)))))
                 .reset_index().sort_values(["date", "value"]))
        if len(first) < 2:
            verdict = "parts of one statement"
        elif first["date"].nunique() == len(first) and first["value"].is_monotonic_increasing:
            verdict = "series"
        else:
            verdict = "conflict"
        shown = " → ".join(f"{_q(q)}{v:,.0f} ({d})" for v, d, q in
                           zip(first["value"], first["date"], first["qualifier"]))
        if len(parts):
            shown += "; parts in the same sentence: " + ", ".join(
                f"{v:,.0f}" for v in sorted(parts["value"].unique()))
        rows.append({
            "metric": metric, "label_en": g["label_en"].iloc[0], "place": place,
            "subject": subj, "values": shown, "verdict": verdict,
            "source_ids": ";".join(sorted(set(g["source_id"]))),
        })
    cols = ["metric", "label_en", "place", "subject", "values", "verdict", "source_ids"]
    return pd.DataFrame(rows, columns=cols)


def _q(qualifier: str) -> str:
    """qualifier → the hedge sign shown before a number ('≥', '>', '≈', '<', '')."""
    return {"at_least": "≥", "more_than": ">", "nearly": "≈", "approx": "≈",
            "less_than": "<"}.get(qualifier, "")


def series_points(facts: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """facts + series table → the dated points of each series (for plotting)."""
    f = _values(facts)
    rows = []
    for _, s in table[table["verdict"] == "series"].iterrows():
        g = f[(f["metric"] == s["metric"]) & (f["place"] == s["place"])
              & (f["subject"] == s["subject"])]
        g = g[g["value"] >= g.groupby(["source_id", "quote"])["value"].transform("max")]
        for value, h in g.groupby("value"):
            rows.append({"series": s["label_en"] + (f" ({s['subject']})" if s["subject"] else ""),
                         "metric": s["metric"], "value": value, "date": h["as_of"].min(),
                         "qualifier": h["qualifier"].iloc[0],
                         "source_ids": ";".join(sorted(set(h["source_id"])))})
    return pd.DataFrame(rows, columns=["series", "metric", "value", "date", "qualifier",
                                       "source_ids"])


def with_tolerance(checks: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """data/percentage_checks.csv + a tolerance (percentage points) → checks with a verdict.

    The extract stage computes the differences once; a notebook parameter only moves the bar."""
    out = checks.copy()
    diff = pd.to_numeric(out["difference_pp"], errors="coerce")
    out["verdict"] = ["no base values given" if pd.isna(d) else
                      "agrees" if abs(d) <= tolerance else "disagrees" for d in diff]
    return out


def most_shared_pair(repeats_table: pd.DataFrame) -> tuple[str, int]:
    """repeats table → (the set of sources that share the most values, how many values)."""
    if repeats_table.empty:
        return "", 0
    counts = repeats_table["source_ids"].value_counts()
    return counts.index[0], int(counts.iloc[0])


def out_of_scope(facts: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """facts + sources → out-of-scope facts grouped by source and reason (set apart, not used)."""
    about = dict(zip(sources["id"], sources["about_jjj"].astype(str).str.lower().eq("true")))
    f = facts[~facts["in_scope"]].copy()
    f["reason"] = [OUT_OF_SCOPE_REASONS.get((about.get(s, True), sec), "other")
                   for s, sec in zip(f["source_id"], f["section"])]
    g = (f.groupby(["source_id", "reason"], sort=True)
         .agg(facts=("fact_id", "size"), metrics=("metric", lambda s: ";".join(sorted(set(s)))),
              example=("quote", "first")).reset_index())
    return g


def read_optional(path: Path) -> pd.DataFrame | None:
    """path of another stage's CSV (clusters, percentage checks) → DataFrame, or None if absent."""
    path = Path(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else None


def compare_with_clusters(table: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """series/conflict table + data/clusters.csv → each verdict beside the clusters' relations."""
    rel = (clusters.groupby(["metric", "place"])["relation"]
           .agg(lambda s: ";".join(sorted(set(s) - {"single"}))).rename("clusters_relation"))
    out = table.merge(rel.reset_index(), on=["metric", "place"], how="left")
    return out[["metric", "place", "verdict", "clusters_relation"]].fillna("")
