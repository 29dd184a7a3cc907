"""facts → resource-growth tables: start vs end values, computed vs stated change, CAGR."""

from __future__ import annotations

import pandas as pd

from .errors import ParameterError

# Stated percentages are rounded to whole percent in the sources: agreement within 1 point.
TOLERANCE_PCT_POINTS = 1.0


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
        stated = g[g["role"] == "stated_change"]
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
    t["computed_pct"] = (t["end"] / t["start"] - 1) * 100
    t["cagr_pct"] = ((t["end"] / t["start"]) ** (1 / n_years) - 1) * 100
    diff = (t["computed_pct"].round(0) - t["stated_pct"]).abs()
    t["agrees"] = pd.Series(
        [None if pd.isna(d) else bool(d <= TOLERANCE_PCT_POINTS) for d in diff], dtype=object
    )
    t["start_year"], t["end_year"] = start_year, end_year
    return t


def indexed(table: pd.DataFrame) -> pd.DataFrame:
    """growth table → long frame of index values (start year = 100) for plotting."""
    t = table.dropna(subset=["start", "end"])
    long = pd.DataFrame({
        "metric": list(t["label_en"]) * 2,
        "year": [int(y) for y in t["start_year"]] + [int(y) for y in t["end_year"]],
        "value": list(t["start"]) + list(t["end"]),
        "index": [100.0] * len(t) + list(t["end"] / t["start"] * 100),
    })
    return long.sort_values(["metric", "year"]).reset_index(drop=True)


def summary_sentence(table: pd.DataFrame, place: str) -> str:
    """growth table → one Markdown sentence naming the fastest-growing resource (numbers from data)."""
    t = table.dropna(subset=["computed_pct"])
    if t.empty:
        return f"No start and end values for {place}."
    top = t.sort_values("computed_pct", ascending=False).iloc[0]
    agree = t["agrees"].dropna()
    return (f"In {place}, {top['label_en'].lower()} grew fastest: from {top['start']:,.0f} to "
            f"{top['end']:,.0f} ({top['computed_pct']:.0f}%) between {int(top['start_year'])} and "
            f"{int(top['end_year'])}. The computed changes agree with the stated ones for "
            f"{int(agree.sum())} of {len(agree)} series (tolerance ±{TOLERANCE_PCT_POINTS:g} point).")
