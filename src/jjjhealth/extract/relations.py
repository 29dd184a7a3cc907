"""Clusters of one group → for each, the relations it has (series, parts, conflict) and with whom.

The rule is that of ``pair_relation``, but read from indexes, never from a walk over all pairs:
clusters by date, by (date, source) and by the ends of their hedge ranges (sorted), so that a
group of k claims costs about k·log k. The partners listed are the first MAX_RELATED in id
order: a group of thousands of claims about one thing would otherwise list k² ids.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

MAX_RELATED = 50


def pair_relation(a: dict, b: dict) -> str:
    """two clusters of one group → series, conflict, parts or '' (compatible restatements)."""
    if a["_dates"].isdisjoint(b["_dates"]):
        return "series"
    if not a["_sources"].isdisjoint(b["_sources"]):
        return "parts"
    (lo_a, hi_a), (lo_b, hi_b) = a["_range"], b["_range"]
    return "conflict" if hi_a < lo_b or hi_b < lo_a else ""


class _Bucket:
    """Clusters sharing a key (a date, or a date and a source), with their range ends sorted."""

    def __init__(self) -> None:
        self.members: list[int] = []
        self.los: list[float] = []
        self.his: list[float] = []

    def seal(self, rows: list[dict]) -> None:
        self.los = sorted(rows[i]["_range"][0] for i in self.members)
        self.his = sorted(rows[i]["_range"][1] for i in self.members)

    def apart(self, lo: float, hi: float) -> int:
        """→ how many members' ranges end below lo or start above hi."""
        return bisect.bisect_left(self.his, lo) + len(self.los) - bisect.bisect_right(self.los, hi)


def _index(rows: list[dict]) -> tuple[dict, dict]:
    """clusters → (buckets by date, buckets by (date, source)), sealed."""
    by_date: dict = defaultdict(_Bucket)
    by_pair: dict = defaultdict(_Bucket)
    for i, r in enumerate(rows):
        for d in r["_dates"]:
            by_date[d].members.append(i)
            for s in r["_sources"]:
                by_pair[(d, s)].members.append(i)
    for b in (*by_date.values(), *by_pair.values()):
        b.seal(rows)
    return by_date, by_pair


def _conflict(rows: list[dict], i: int, by_date: dict, by_pair: dict) -> bool:
    """→ whether cluster i has a same-date cluster of other sources whose range is apart."""
    r = rows[i]
    lo, hi = r["_range"]
    for d in r["_dates"]:
        # Apart in the date, minus apart in the date and one of i's sources: an upper bound on
        # those sharing a source, exact when i has one source.
        spare = by_date[d].apart(lo, hi) - sum(by_pair[(d, s)].apart(lo, hi) for s in r["_sources"])
        if spare > 0:
            return True
        if len(r["_sources"]) > 1 and any(  # several sources: look (rare)
                pair_relation(r, rows[j]) == "conflict" for j in by_date[d].members):
            return True
    return False


def relate(rows: list[dict]) -> list[tuple[set[str], list[str]]]:
    """clusters of one group → per cluster (its relations, the ids of its first MAX_RELATED partners)."""
    by_date, by_pair = _index(rows)
    order = sorted(range(len(rows)), key=lambda i: rows[i]["cluster_id"])
    sharing: dict[frozenset, int] = {}  # date set → clusters sharing one of its dates
    out = []
    for i, r in enumerate(rows):
        dates = r["_dates"]
        if dates not in sharing:
            sharing[dates] = len(set().union(*(by_date[d].members for d in dates)))
        rels = set()
        if sharing[dates] < len(rows):
            rels.add("series")
        if any(len(by_pair[(d, s)].members) > 1 for d in dates for s in r["_sources"]):
            rels.add("parts")
        if _conflict(rows, i, by_date, by_pair):
            rels.add("conflict")
        partners: list[str] = []
        for j in order if rels else ():
            if j != i and pair_relation(r, rows[j]):
                partners.append(rows[j]["cluster_id"])
                if len(partners) == MAX_RELATED:
                    break
        out.append((rels, partners))
    return out
