"""facts → corroboration clusters (one row per claim), series vs conflicts, stated-percentage checks.

Rule (documented in data/datapackage.json too):

* **Like with like** — only facts of the same metric, measure, scope, subject, place, unit
  (a counter such as 个, 家 or 项 counts alike: 13个医院 = 13家医院; a % never matches a
  count) and kind (a level: value/from/to; a stated change over one period; a range end) are
  ever compared.  A first batch (batch) and a running total (cumulative) of one metric are
  never a series; one hospital's figure never corroborates or conflicts with a city's.
* **Same claim** — such facts with the same value, whose qualifiers are equal or where one
  of them is ``exact`` (``80%`` restates ``超过80%``). ``3000余`` and ``3000余`` are one
  claim; ``近300`` and ``300余`` are two. Unclassified numbers are each their own cluster.
* Clusters of one group are then compared pairwise: different ``as_of`` dates → **series**
  (246 in 2024-02 and 近300 in 2025-02); same date, different sources and hedged ranges that
  do not overlap → **conflict**; same date within one source → **parts** (a breakdown,
  10个国家级、94个省级). A cluster's relation is the strongest of conflict > series > parts,
  else corroborated (≥2 evidence groups: sources reporting one press conference or copying
  one text are one group, see evidence.py), repeated (one group, several mentions) or single.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import pandas as pd

from jjjhealth import percentages, qualifiers
from jjjhealth.errors import CatalogError, ClusterError
from jjjhealth.extract.evidence import group_name
from jjjhealth.extract.relations import relate

RELATIONS = ("single", "repeated", "corroborated", "parts", "series", "conflict")
CLUSTER_COLUMNS = [
    "cluster_id", "metric", "label_en", "measure", "scope", "place", "subject", "kind", "value",
    "unit", "qualifier", "as_of", "as_of_last", "sources", "n_sources", "evidence_groups",
    "n_groups", "fact_ids", "n_facts", "in_scope", "relation", "series_id", "related_clusters",
]
CHECK_COLUMNS = [
    "stated_fact_id", "source_id", "metric", "place", "period_start", "period_end",
    "from_value", "to_value", "computed_pct", "stated_pct", "difference_pp", "tolerance_pp",
    "agrees", "from_fact_id", "to_fact_id", "quote",
]
_LEVEL = ("value", "from", "to")
_NEEDED = ("fact_id", "source_id", "metric", "label_en", "value", "unit", "qualifier", "place",
           "as_of", "period_start", "period_end", "role", "in_scope", "quote", "start")


def _digest(prefix: str, *parts: object) -> str:
    """key parts → short stable id (prefix + 8 hex digits of SHA-1)."""
    return prefix + hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:8]


def _unit_key(unit: str) -> str:
    """unit → what it measures for grouping: '%' stays apart, every counter counts alike.

    Within one metric the catalog accepts only counters of the same thing (个 or 家 for
    hospitals), so the Chinese measure word is style, not meaning."""
    return "%" if unit == "%" else "count"


def _kind(role: str, start: str, end: str) -> str:
    """role + period → what the number is: level, change:START-END or the range end."""
    if role in _LEVEL:
        return "level"
    return f"change:{start}-{end}" if role == "stated_change" else role


def hedge_range(value: float, qualifier: str) -> tuple[float, float]:
    """(printed value, qualifier) → the (low, high) range it stands for (qualifiers.interval)."""
    try:
        return qualifiers.interval(value, qualifier)
    except CatalogError as exc:
        raise ClusterError(f"qualifier {qualifier!r} has no range: {exc}") from None


def _check(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → the same frame, or ClusterError naming missing columns / non-numeric values."""
    missing = [c for c in _NEEDED if c not in facts.columns]
    if missing:
        raise ClusterError(f"facts lack columns {missing}; pass the frame of facts.read_facts")
    try:
        values = facts["value"].astype(float)
    except (TypeError, ValueError) as exc:
        raise ClusterError(f"facts column 'value' is not numeric ({exc})") from None
    return facts.assign(value=values)


def _same_claims(g: list[dict]) -> list[list[dict]]:
    """facts of one group and one value → clusters by compatible qualifier (exact joins a lone hedge)."""
    hedged = sorted({r["qualifier"] for r in g} - {"exact"})
    if not hedged:
        return [g]
    parts = [[r for r in g if r["qualifier"] == q] for q in hedged]
    exact = [r for r in g if r["qualifier"] == "exact"]
    if exact and len(hedged) == 1:
        parts[0] = parts[0] + exact
    elif exact:
        parts.append(exact)
    return parts


def _cluster_row(c: list[dict], key: tuple) -> dict:
    """facts of one claim + group key → one clusters.csv row (relation filled in later)."""
    metric, measure, scope, subj, place, _, kind = key
    units = Counter(r["unit"] for r in c) if len(c) > 1 else {c[0]["unit"]: 1}  # most: one fact
    top = max(units.values())
    unit = min(u for u, n in units.items() if n == top)  # the counter most facts use
    quals = {r["qualifier"] for r in c} - {"exact"}
    qualifier = quals.pop() if quals else "exact"
    value = float(c[0]["value"])
    ids = sorted(r["fact_id"] for r in c)
    tail = ids if metric == "unclassified" else []
    srcs = sorted({r["source_id"] for r in c})
    groups = sorted({r["evidence_group"] or group_name(r["source_id"]) for r in c})
    dates = sorted({r["as_of"] for r in c})
    return {
        "cluster_id": _digest("C", metric, measure, scope, place, unit, kind, subj, repr(value),
                              qualifier, *tail),
        "metric": metric, "label_en": c[0]["label_en"], "measure": measure, "scope": scope,
        "place": place, "subject": subj,
        "kind": kind, "value": value, "unit": unit, "qualifier": qualifier,
        "as_of": dates[0], "as_of_last": dates[-1], "sources": ";".join(srcs),
        "n_sources": len(srcs), "evidence_groups": ";".join(groups), "n_groups": len(groups),
        "fact_ids": ";".join(ids), "n_facts": len(c),
        "in_scope": any(str(r["in_scope"]).lower() == "true" for r in c),
        "relation": "", "series_id": "", "related_clusters": "",
        "_dates": frozenset(dates), "_sources": frozenset(srcs),
        "_range": hedge_range(value, qualifier), "_group": key,
    }


def _relate(rows: list[dict]) -> None:
    """clusters of one group → relation, series_id and related_clusters set in place."""
    if not rows or rows[0]["metric"] == "unclassified":
        return
    rank = {r: i for i, r in enumerate(RELATIONS)}
    for r, (rels, partners) in zip(rows, relate(rows)):
        if rels:
            r["relation"] = max(rels, key=rank.get)
            r["related_clusters"] = ";".join(partners)
            if r["relation"] in ("series", "conflict"):
                r["series_id"] = _digest("S", *r["_group"])


def _support(r: dict) -> str:
    """cluster → single, repeated or corroborated, when no other cluster relates to it."""
    if r["n_groups"] > 1:  # two reports of one press conference are one voice
        return "corroborated"
    return "repeated" if r["n_facts"] > 1 else "single"


def _missing(v: object) -> bool:
    """cell → True for None/NaN (rows pandas' groupby would leave out)."""
    return v is None or (isinstance(v, float) and math.isnan(v))


def _records(df: pd.DataFrame) -> list[dict]:
    """frame → its rows as dicts; column lists zipped (to_dict iterates every cell: 10× slower)."""
    cols = list(df.columns)
    return [dict(zip(cols, values)) for values in zip(*(df[c].tolist() for c in cols))]


def build_clusters(facts: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """facts → (clusters table in CLUSTER_COLUMNS, {fact_id: cluster_id})."""
    f = _check(facts)
    for col in ("measure", "scope", "subject", "evidence_group"):  # frames from before these
        if col not in f.columns:
            f = f.assign(**{col: ""})
    groups: dict[tuple, dict[float, list[dict]]] = {}
    # One pass over plain records, indexed by group key and value (no per-cluster frames).
    # Only like is joined with like: one metric, measure, scope, subject and place.
    for r in _records(f[[*_NEEDED, "measure", "scope", "subject", "evidence_group"]]):
        key = (r["metric"], r["measure"], r["scope"], r["subject"], r["place"],
               _unit_key(r["unit"]), _kind(r["role"], r["period_start"], r["period_end"]))
        if any(map(_missing, key)) or _missing(r["value"]):
            continue
        groups.setdefault(key, {}).setdefault(r["value"], []).append(r)
    rows: list[dict] = []
    for key in sorted(groups):
        group = []
        for value in sorted(groups[key]):
            gv = groups[key][value]
            pieces = [[r] for r in gv] if key[0] == "unclassified" else _same_claims(gv)
            group.extend(_cluster_row(c, key) for c in pieces)
        _relate(group)
        rows.extend(group)
    for r in rows:
        r["relation"] = r["relation"] or _support(r)
    mapping = {fid: r["cluster_id"] for r in rows for fid in r["fact_ids"].split(";")}
    table = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    table = table.sort_values(["metric", "measure", "scope", "place", "kind", "subject", "as_of",
                               "value", "cluster_id"], kind="mergesort").reset_index(drop=True)
    return table, mapping


def percentage_checks(facts: pd.DataFrame,
                      tolerance_pp: float = percentages.TOLERANCE_PP) -> pd.DataFrame:
    """facts → each stated % change beside the change computed from the from/to pair just before it.

    A stated change (增长25%) is checked against the from/to pair immediately before it in the
    same sentence (从9402个增长到11753个); without such a pair from/to/computed stay empty.
    Agreement is percentages.agrees (the one rule).
    """
    f = _check(facts).sort_values(["source_id", "start"], kind="mergesort").reset_index(drop=True)
    rows = []
    for i, st in f[(f["role"] == "stated_change") & (f["unit"] == "%")].iterrows():
        a = f.iloc[i - 2] if i >= 2 else None
        b = f.iloc[i - 1] if i >= 1 else None
        paired = (a is not None and a["role"] == "from" and b["role"] == "to"
                  and a["quote"] == b["quote"] == st["quote"] and a["source_id"] == st["source_id"]
                  and a["value"] > 0)
        exact = percentages.change_pct(a["value"], b["value"]) if paired else None
        computed = None if exact is None else round(exact, 2)
        diff = None if exact is None else round(float(st["value"]) - exact, 2)
        rows.append({
            "stated_fact_id": st["fact_id"], "source_id": st["source_id"], "metric": st["metric"],
            "place": st["place"], "period_start": st["period_start"],
            "period_end": st["period_end"],
            "from_value": a["value"] if paired else None, "to_value": b["value"] if paired else None,
            "computed_pct": computed, "stated_pct": st["value"], "difference_pp": diff,
            "tolerance_pp": tolerance_pp,
            "agrees": percentages.agrees(st["value"], exact, tolerance_pp),
            "from_fact_id": a["fact_id"] if paired else "", "to_fact_id": b["fact_id"] if paired else "",
            "quote": st["quote"],
        })
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)
