"""facts → resource-growth tables: start vs end values, computed vs stated change, CAGR."""

from __future__ import annotations

import pandas as pd

from jjjhealth import context, percentages
from jjjhealth.errors import ParameterError

TOLERANCE_PCT_POINTS = percentages.TOLERANCE_PP
INDEX_BASE = 100.0  # an indexed series is 100 in its start year


def series_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → in-scope rows that belong to a two-point series (from/to/stated_change)."""
    mask = facts["in_scope"] & facts["role"].isin(["from", "to", "stated_change"])
    return facts[mask & facts["metric"].ne("unclassified")]


def check_place(facts: pd.DataFrame, place: str) -> None:
    """Raise ParameterError listing the places that have series when place has none."""
    known = sorted(series_facts(facts)["place"].unique())
    if place not in known:
        raise ParameterError(f"parameter place={place!r}: no growth series; known places: {known}")


def available_years(facts: pd.DataFrame, place: str) -> list[int]:
    """facts + place → the years that have a from/to value."""
    s = series_facts(facts)
    s = s[(s["place"] == place) & s["role"].isin(["from", "to"])]
    return sorted({int(str(a)[:4]) for a in s["as_of"]})


def check_years(facts: pd.DataFrame, place: str, start_year: int, end_year: int) -> None:
    """Raise ParameterError naming the available years when start/end are not in the data."""
    years = available_years(facts, place)
    for name, year in (("start_year", start_year), ("end_year", end_year)):
        if not isinstance(year, int) or isinstance(year, bool):
            raise ParameterError(f"parameter {name}={year!r}: expected an integer year")
        if year not in years:
            raise ParameterError(f"parameter {name}={year}: no data for {place}; years with data: {years}")
    if start_year >= end_year:
        raise ParameterError(f"parameters start_year={start_year}, end_year={end_year}: start must precede end")


def growth_table(facts: pd.DataFrame, place: str, start_year: int, end_year: int) -> pd.DataFrame:
    """facts → one row per metric: start, end, change, % computed, % stated, agreement, CAGR."""
    check_place(facts, place)
    check_years(facts, place, start_year, end_year)
    s = series_facts(facts)
    s = s[s["place"] == place]
    years = s["as_of"].str[:4].astype(int)
    rows = []
    for metric, g in s.groupby("metric", sort=False):
        gy = years[g.index]
        start = g[(g["role"] == "from") & (gy == start_year)]
        end = g[(g["role"] == "to") & (gy == end_year)]
        stated = g[(g["role"] == "stated_change") & (g["period_start"] == str(start_year))
                   & (g["period_end"] == str(end_year))]
        if start.empty and end.empty and stated.empty:
            continue  # a change over another period (e.g. 较去年同期) is not this series
        first = g.iloc[0]
        row = {
            "metric": metric, "label_en": first["label_en"], "label_zh": first["label_zh"],
            "unit": first["unit"] if start.empty else start.iloc[0]["unit"],
            "start": start.iloc[0]["value"] if len(start) else float("nan"),
            "end": end.iloc[0]["value"] if len(end) else float("nan"),
            "stated_pct": stated.iloc[0]["value"] if len(stated) else float("nan"),
            "fact_ids": ";".join(g["fact_id"]),
            "source_id": first["source_id"],
        }
        rows.append(row)
    t = pd.DataFrame(rows)
    n_years = end_year - start_year
    t["change"] = t["end"] - t["start"]
    t["computed_pct"] = [percentages.change_pct(a, b) for a, b in zip(t["start"], t["end"])]
    t["computed_pct"] = t["computed_pct"].astype(float)
    t["cagr_pct"] = ((t["end"] / t["start"]) ** (1 / n_years) - 1) * 100
    t["agrees"] = _agreement(t, TOLERANCE_PCT_POINTS)
    t["start_year"], t["end_year"] = start_year, end_year
    return t


def _agreement(t: pd.DataFrame, tolerance: float) -> pd.Series:
    """growth table + tolerance → `agrees` per row by percentages.agrees (None: nothing to compare)."""
    return pd.Series([percentages.agrees(s, c, tolerance)
                      for s, c in zip(t["stated_pct"], t["computed_pct"])],
                     index=t.index, dtype=object)


def indexed(table: pd.DataFrame) -> pd.DataFrame:
    """growth table → long frame of index values (start year = 100) for plotting."""
    t = table.dropna(subset=["start", "end"])
    long = pd.DataFrame({
        "metric": list(t["label_en"]) * 2,
        "year": [int(y) for y in t["start_year"]] + [int(y) for y in t["end_year"]],
        "value": list(t["start"]) + list(t["end"]),
        "index": [INDEX_BASE] * len(t) + list(t["end"] / t["start"] * INDEX_BASE),
    })
    return long.sort_values(["metric", "year"]).reset_index(drop=True)


def summary_sentence(table: pd.DataFrame, place: str) -> str:
    """growth table → one Markdown sentence naming the fastest-growing resource (numbers from data)."""
    t = table.dropna(subset=["computed_pct"])
    if t.empty:
        return f"No start and end values for {place}."
    top = t.sort_values("computed_pct", ascending=False).iloc[0]
    agree = t["agrees"].dropna()
    tol = float(t["tolerance_pct_points"].iloc[0]) if "tolerance_pct_points" in t else \
        TOLERANCE_PCT_POINTS
    label = top["label_en"][:1].lower() + top["label_en"][1:]
    return (f"In {place}, {label} grew fastest: from {top['start']:,.0f} to "
            f"{top['end']:,.0f} ({top['computed_pct']:.0f}%) between {int(top['start_year'])} and "
            f"{int(top['end_year'])}. The computed changes agree with the stated ones for "
            f"{int(agree.sum())} of {len(agree)} series (tolerance ±{tol:g} percentage point).")


def largest_changes(table: pd.DataFrame) -> str:
    """growth table → a sentence naming the largest relative and the largest absolute change.

    Both names come from the table (never typed), so the sentence stays true for any place."""
    t = table.dropna(subset=["start", "end"])
    if t.empty:
        return "No series has both a start and an end value."
    rel = t.loc[t["computed_pct"].idxmax()]
    ab = t.loc[(t["end"] - t["start"]).idxmax()]
    return (f"{rel['label_en']} grew most in relative terms ({rel['computed_pct']:.0f}%); "
            f"{ab['label_en'][:1].lower() + ab['label_en'][1:]} added the most in absolute terms "
            f"({ab['end'] - ab['start']:,.0f}).")


# Territory caveats per place: the sources do not say which boundary their counts use.
# {KEY} is a cited fact from context.yml (no seed gives it).
BOUNDARY_CAVEATS = {
    "保定": ("保定 of the start year and of the end year may not cover the same territory: "
             "定州 is administered directly by the province for some purposes, and 雄县, 容城 and "
             "安新 became 雄安新区 in {xiongan_established}. The source does not say which "
             "boundary its counts use."),
}

# Derived ratios: name → (numerator metric, denominator metric).
RATIOS = {
    "nurses_per_physician": ("nurses", "licensed_physicians"),
    "beds_per_institution": ("beds", "institutions"),
}


def check_tolerance(tolerance: float) -> None:
    """Raise ParameterError unless tolerance is a non-negative number of percentage points."""
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
        raise ParameterError(
            f"parameter tolerance_pct_points={tolerance!r}: expected a number ≥ 0 (percentage points)")


def check_population(population, citation: str) -> None:
    """Raise ParameterError unless population is None, or a positive number with a citation."""
    if population is None:
        return
    if isinstance(population, bool) or not isinstance(population, (int, float)) or population <= 0:
        raise ParameterError(f"parameter population={population!r}: expected None or a positive "
                             "number of residents")
    if not str(citation or "").strip():
        raise ParameterError(f"parameter population={population!r} needs population_citation: "
                             "say where the resident count comes from (publication, year)")


def with_tolerance(table: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """growth table + tolerance (points) → the table with `agrees` recomputed and `tolerance`."""
    check_tolerance(tolerance)
    t = table.copy()
    t["agrees"] = _agreement(t, tolerance)
    t["tolerance_pct_points"] = tolerance
    return t


def ratios(table: pd.DataFrame) -> pd.DataFrame:
    """growth table → derived ratios (nurses per physician, beds per institution) at both ends."""
    by = table.set_index("metric")
    rows = []
    for name, (num, den) in RATIOS.items():
        if num not in by.index or den not in by.index:
            continue
        row = {"ratio": name.replace("_", " "), "numerator": num, "denominator": den}
        for end in ("start", "end"):
            row[end] = by.at[num, end] / by.at[den, end]
        row["start_year"], row["end_year"] = int(by.at[num, "start_year"]), int(by.at[num, "end_year"])
        rows.append(row)
    return pd.DataFrame(rows, columns=["ratio", "numerator", "denominator", "start", "end",
                                       "start_year", "end_year"])


def per_thousand(table: pd.DataFrame, population, citation: str) -> pd.DataFrame:
    """growth table + residents (cited) → end-year resources per 1,000 residents; empty if None."""
    check_population(population, citation)
    cols = ["label_en", "end", "per_1000_residents", "population", "population_citation"]
    if population is None:
        return pd.DataFrame(columns=cols)
    t = table.dropna(subset=["end"])
    return pd.DataFrame({
        "label_en": t["label_en"], "end": t["end"], "per_1000_residents": t["end"] / population * 1000,
        "population": population, "population_citation": citation,
    }, columns=cols).reset_index(drop=True)


def caveat(place: str) -> str:
    """place → the territory caveat to print beside its growth table ('' if none is known)."""
    return BOUNDARY_CAVEATS.get(place, "").format(
        **{k: v["value"] for k, v in context.load().items()})
