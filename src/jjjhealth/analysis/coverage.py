"""facts → coverage tables: alliances, mutual recognition, elderly care, a place's scorecard."""

from __future__ import annotations

import pandas as pd

from jjjhealth.errors import ParameterError
from jjjhealth.qualifiers import qualified_en

# The sentence that lists a place's cooperation results ("成绩单", scorecard) and its metrics.
SCORECARD_MARKER = "成绩单"
SCORECARD_METRICS = ["agreements", "new_technologies", "co_built_departments",
                     "expert_visits", "patients_treated", "surgeries_guided",
                     "telemedicine_cases", "research_projects"]
FIRST_BATCH_MARKER = "第一批"
RECOGNITION = {  # kind → (items metric, institutions metric)
    "lab results": ("lab_items_recognised", "lab_institutions"),
    "imaging records": ("imaging_items_shared", "imaging_institutions"),
}
ELDERLY_METRICS = ["elderly_alliance_units", "remote_platform_institutions"]
RELOCATION_METRICS = ["beds_relocated", "hospitals_relocated"]


def values(facts: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """facts + metric ids → one row per distinct (metric, place, value, year) with its sources."""
    f = facts[facts["in_scope"] & facts["metric"].isin(metrics) & facts["role"].eq("value")].copy()
    cols = ["metric", "label_en", "place", "year", "value", "unit", "qualifier", "mentions",
            "source_ids", "fact_ids"]
    if f.empty:
        return pd.DataFrame(columns=cols)
    f["year"] = f["as_of"].str[:4].astype(int)  # as_of: the extract stage dated each value
    out = (f.groupby(["metric", "place", "value", "year"], sort=False)
           .agg(label_en=("label_en", "first"), unit=("unit", "first"),
                qualifier=("qualifier", "first"), mentions=("fact_id", "size"),
                source_ids=("source_id", lambda s: ";".join(sorted(set(s)))),
                fact_ids=("fact_id", ";".join))
           .reset_index())
    order = {m: i for i, m in enumerate(metrics)}
    out = out.sort_values(["metric", "year", "value"], key=lambda s: s.map(order)
                          if s.name == "metric" else s, kind="mergesort")
    return out[cols].reset_index(drop=True)


def alliances(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → the region-wide JJJ medical-alliance count by year (earliest year per value)."""
    home = set(first_batch(facts)["home_fact_id"])
    v = values(facts[~facts["fact_id"].isin(home)], ["jjj_medical_alliances"])
    v = v[v["place"].eq("京津冀")]
    g = (v.groupby("value", as_index=False)
         .agg(year=("year", "min"), mentions=("mentions", "sum"),
              source_ids=("source_ids", lambda s: ";".join(sorted(set(";".join(s).split(";")))))))
    return g.sort_values("year")[["year", "value", "mentions", "source_ids"]].reset_index(drop=True)


def first_batch(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → the first-batch alliance count and a local source's own share of it.

    The share is the smaller count of the same sentence, placed elsewhere than the batch
    (我市10个 is placed in the source's own city by the extract stage)."""
    cols = ["batch", "home_place", "home_count", "source_id", "home_fact_id", "quote"]
    f = facts[facts["metric"].eq("jjj_medical_alliances") & facts["in_scope"]
              & facts["quote"].str.contains(FIRST_BATCH_MARKER, regex=False)]
    rows = []
    for (sid, quote), g in f.groupby(["source_id", "quote"], sort=False):
        g = g.sort_values("value")
        if len(g) < 2 or g["place"].iloc[0] == g["place"].iloc[-1]:
            continue
        rows.append({"batch": g["value"].iloc[-1], "home_place": g["place"].iloc[0],
                     "home_count": g["value"].iloc[0], "source_id": sid,
                     "home_fact_id": g["fact_id"].iloc[0], "quote": quote})
    return pd.DataFrame(rows, columns=cols)


def mutual_recognition(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → per kind and year: items, institutions (parts summed when given by side)."""
    rows = []
    for kind, (items_m, inst_m) in RECOGNITION.items():
        items, inst = values(facts, [items_m]), values(facts, [inst_m])
        for year in sorted(set(items["year"]) | set(inst["year"])):
            it, ins = items[items["year"] == year], inst[inst["year"] == year]
            # parts are one figure per side (312 in Hebei + 373 in 京津); two figures for one
            # place in one year are two dates of one count (914 in Feb, 1,326 in Nov): never
            # summed — the larger, later one stands
            parts = ins.sort_values("value").drop_duplicates(["place"], keep="last")
            rows.append({
                "kind": kind, "year": year,
                "items": it["value"].max() if len(it) else float("nan"),
                "institutions": parts["value"].sum() if len(parts) else float("nan"),
                "combined_from": " + ".join(f"{v:,.0f} ({p})" for p, v in
                                            zip(parts["place"], parts["value"])),
                "parts": len(parts),
                "source_ids": ";".join(sorted(set(";".join(
                    list(it["source_ids"]) + list(ins["source_ids"])).split(";")))),
            })
    return pd.DataFrame(rows, columns=["kind", "year", "items", "institutions", "combined_from",
                                       "parts", "source_ids"])


def elderly(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → elderly-care coverage: alliance units and remote-platform institutions."""
    return values(facts, ELDERLY_METRICS)


def relocation(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → Beijing's side: beds and hospitals moved out of the core (distinct values)."""
    return values(facts, RELOCATION_METRICS)


def scorecard_places(facts: pd.DataFrame) -> list[str]:
    """facts → places that have a cooperation scorecard sentence."""
    f = facts[facts["quote"].str.contains(SCORECARD_MARKER, regex=False)
              & facts["metric"].isin(SCORECARD_METRICS) & facts["in_scope"]]
    return sorted(f["place"].unique())


def check_scorecard_place(facts: pd.DataFrame, place: str) -> None:
    """Raise ParameterError listing the places with a scorecard when place has none."""
    known = scorecard_places(facts)
    if place not in known:
        raise ParameterError(f"parameter scorecard_place={place!r}: no cooperation scorecard; "
                             f"places with one: {known}")


def scorecard(facts: pd.DataFrame, place: str) -> pd.DataFrame:
    """facts + place → its cooperation scorecard (one row per metric, in catalog order)."""
    check_scorecard_place(facts, place)
    f = facts[facts["quote"].str.contains(SCORECARD_MARKER, regex=False)
              & facts["metric"].isin(SCORECARD_METRICS) & facts["place"].eq(place)
              & facts["in_scope"]]
    f = f.drop_duplicates("metric").copy()
    f["order"] = f["metric"].map({m: i for i, m in enumerate(SCORECARD_METRICS)})
    f["shown"] = [qualified_en(v, u, q) for v, q, u in zip(f["value"], f["qualifier"], f["unit"])]
    cols = ["metric", "label_en", "value", "unit", "qualifier", "shown", "as_of", "source_id",
            "fact_id"]
    return f.sort_values("order")[cols].reset_index(drop=True)
