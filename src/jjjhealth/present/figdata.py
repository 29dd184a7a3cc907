"""plotted data + facts → the figure's CSV: each value with its fact ids, sources and quotes."""

from __future__ import annotations

import pandas as pd

# Columns of facts.csv shown beside each plotted value when the dataset has them
# (scope and dates come with the fact model; older datasets lack some).
CONTEXT_COLUMNS = ("scope", "subject", "measure", "as_of", "date_basis")
QUOTE_SEP = " | "


def metric_names(facts: pd.DataFrame) -> dict[str, dict[str, str]]:
    """facts → {metric: {'en': label_en, 'zh': label_zh}} (first spelling per metric)."""
    f = facts.drop_duplicates("metric")
    return {m: {"en": en, "zh": zh} for m, en, zh in zip(f["metric"], f["label_en"], f["label_zh"])}


def _ids(text) -> list[str]:
    """'a;b' / NaN → ['a', 'b'] / []."""
    return [s for s in str(text if isinstance(text, str) else "").split(";") if s]


def match(facts: pd.DataFrame, metric: str, value: float, sources: list[str] | None = None,
          place: str | None = None) -> list[str]:
    """(metric, value[, sources, place]) → ids of the in-scope facts that state it, sorted."""
    f = facts[facts["in_scope"] & facts["metric"].eq(metric) & facts["value"].eq(float(value))]
    if sources:
        f = f[f["source_id"].isin(sources)]
    if place:
        f = f[f["place"].eq(place)]
    return sorted(f["fact_id"])


def _row_facts(row: pd.Series, facts: pd.DataFrame) -> list[str]:
    """plotted row → its fact ids: given ones, else the facts with its metric and value."""
    given = _ids(row.get("fact_ids"))
    if given or not {"metric", "value"} <= set(row.index) or pd.isna(row.get("value")):
        return given
    sources = _ids(row.get("source_ids")) or None
    place = row.get("place") if isinstance(row.get("place"), str) else None
    return match(facts, row["metric"], row["value"], sources, place)


def provenance(data: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """plotted data → + fact_ids, source_ids, quotes (and scope/date columns facts.csv has)."""
    out = data.copy()
    by_id = facts.set_index("fact_id")
    fact_ids, source_ids, quotes = [], [], []
    # a column the plotted data already has (the recognition chart's own 'measure': items or
    # institutions) is the chart's, not overwritten by the facts' column of the same name
    extra = {c: [] for c in CONTEXT_COLUMNS if c in facts.columns and c not in data.columns}
    for _, row in out.iterrows():
        ids = _row_facts(row, facts)
        rows = by_id.loc[ids] if ids else by_id.iloc[0:0]
        fact_ids.append(";".join(ids))
        srcs = sorted(set(rows["source_id"]) | set(_ids(row.get("source_ids"))))
        source_ids.append(";".join(srcs))
        qs = list(dict.fromkeys(rows["quote"])) or _ids_quote(row.get("quote"))
        quotes.append(QUOTE_SEP.join(qs))
        for c, vals in extra.items():
            vals.append(";".join(dict.fromkeys(str(v) for v in rows[c] if str(v))))
    out["fact_ids"], out["source_ids"], out["quotes"] = fact_ids, source_ids, quotes
    for c, vals in extra.items():
        out[c] = vals
    return out.drop(columns=[c for c in ("quote",) if c in out.columns])


def _ids_quote(text) -> list[str]:
    """a quote given with the row (milestones) → [quote] or []."""
    return [text] if isinstance(text, str) and text else []
