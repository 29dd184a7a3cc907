"""facts, clusters, source stats → data-quality tables: per source, repeats, series, scope."""

from __future__ import annotations

import pandas as pd

from jjjhealth import percentages
from jjjhealth.errors import ParameterError
from jjjhealth.qualifiers import qualified_en

OUT_OF_SCOPE_REASONS = {  # (source about JJJ?, section) → why a fact is set apart
    (False, "body"): "source not about 京津冀",
    (False, "title"): "source not about 京津冀",
    (False, "related"): "source not about 京津冀",
    (True, "related"): "related block on another topic",
}


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


def _levels(clusters: pd.DataFrame) -> pd.DataFrame:
    """clusters (facts.read_clusters) → in-scope, classified levels (not stated changes)."""
    return clusters[clusters["in_scope"] & clusters["metric"].ne("unclassified")
                    & clusters["kind"].eq("level")]


def check_min_sources(min_sources: int) -> None:
    """Raise ParameterError unless min_sources is an integer ≥ 2."""
    if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 2:
        raise ParameterError(f"parameter min_sources={min_sources!r}: expected an integer ≥ 2 "
                             "(a value repeated by at least that many sources)")


def repeats(clusters: pd.DataFrame, min_sources: int = 2) -> pd.DataFrame:
    """data/clusters.csv → claims (metric, place, value, hedge) stated by ≥ min_sources sources."""
    check_min_sources(min_sources)
    c = _levels(clusters)
    # corroboration counts evidence groups: two reports of one press conference are one voice
    c = c[c["n_groups" if "n_groups" in c.columns else "n_sources"] >= min_sources]
    out = c.rename(columns={"n_sources": "sources", "n_facts": "mentions", "sources": "source_ids"})
    cols = ["metric", "place", "value", "qualifier", "label_en", "unit", "sources", "mentions",
            "source_ids"]
    return out[cols].sort_values(["sources", "mentions", "metric"], ascending=[False, False, True],
                                 kind="mergesort").reset_index(drop=True)


def series_and_conflicts(clusters: pd.DataFrame) -> pd.DataFrame:
    """data/clusters.csv → each metric with several values for one place and subject, and why.

    The clusters stage relates the values (jjjhealth.extract.clusters): a conflict anywhere makes
    the group a conflict; values at different dates are a series, read here as `series` when
    the value rises with time (cumulative counts grow) and `falling series` when it does not;
    values of one date in one source are `parts of one statement`.
    """
    c = _levels(clusters)
    c = c[c["relation"].isin(["parts", "series", "conflict"])]
    rows = []
    like = [k for k in ("measure", "scope") if k in c.columns]  # only like is joined with like
    for (metric, place, subj, *_), g in c.groupby(["metric", "place", "subject", *like],
                                                  sort=True):
        relations = set(g["relation"])
        tops = g.groupby("as_of")["value"].max().sort_index()
        verdict = ("conflict" if "conflict" in relations else
                   "parts of one statement" if "series" not in relations else
                   "series" if tops.is_monotonic_increasing else "falling series")
        g = g.sort_values(["as_of", "value"])
        shown = " → ".join(", ".join(qualified_en(v, u, q) for v, u, q
                                     in zip(h["value"], h["unit"], h["qualifier"]))
                           + f" ({d})" for d, h in g.groupby("as_of", sort=True))
        srcs = sorted(set(";".join(g["sources"]).split(";")))
        rows.append({"metric": metric, "label_en": g["label_en"].iloc[0], "place": place,
                     "subject": subj, "values": shown, "verdict": verdict,
                     "source_ids": ";".join(srcs), "n_sources": len(srcs)})
    cols = ["metric", "label_en", "place", "subject", "values", "verdict", "source_ids",
            "n_sources"]
    return pd.DataFrame(rows, columns=cols)


def series_points(clusters: pd.DataFrame, table: pd.DataFrame,
                  min_sources: int = 2) -> pd.DataFrame:
    """clusters + series table → the dated points of each series that ≥ min_sources sources give.

    A series from one statement ("from 9402 to 11753") is shown where that statement is; the
    ones plotted here are values that differ between sources and turn out to be a series.
    The largest value of a date stands for it (the others are its parts)."""
    c = _levels(clusters)
    rows = []
    keep = table[table["verdict"].isin(["series", "falling series"])
                 & (table["n_sources"] >= min_sources)]
    for _, s in keep.iterrows():
        g = c[(c["metric"] == s["metric"]) & (c["place"] == s["place"])
              & (c["subject"] == s["subject"])]
        for date, h in g.groupby("as_of", sort=True):
            top = h.loc[h["value"].idxmax()]
            rows.append({"series": s["label_en"] + (f" ({s['subject']})" if s["subject"] else ""),
                         "metric": s["metric"], "value": top["value"], "date": date,
                         "qualifier": top["qualifier"], "source_ids": top["sources"]})
    return pd.DataFrame(rows, columns=["series", "metric", "value", "date", "qualifier",
                                       "source_ids"])


def with_tolerance(checks: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """data/percentage_checks.csv + a tolerance (percentage points) → checks with a verdict.

    The extract stage computes the changes once; a notebook parameter only moves the bar, and
    the verdict is percentages.verdict (the one rule)."""
    out = checks.copy()
    stated = pd.to_numeric(out["stated_pct"], errors="coerce")
    computed = pd.to_numeric(out["computed_pct"], errors="coerce")
    out["verdict"] = [percentages.verdict(s, c, tolerance) for s, c in zip(stated, computed)]
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
