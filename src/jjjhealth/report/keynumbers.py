"""report numbers (numbers.yml keys marked key: true) + facts + sources → the key-numbers table."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from jjjhealth.present import wording

# What a reader needs to lift a number into a brief: the number as meant, what it counts,
# whose number it is, what kind, when, and where it comes from (with the fact id to find it).
CSV_COLUMNS = ["key", "fact_id", "number_en", "number_zh", "value", "unit", "qualifier",
               "counted_en", "counted_zh", "scope", "subject", "subject_en", "actor", "place", "measure",
               "as_of", "source_id", "outlet", "outlet_zh", "title", "title_en", "published", "url",
               "quote"]


# Relative widths of the shown table's columns: the fact id (last) fits on one line in the PDF.
WIDTHS = [10, 19, 16, 10, 9, 19, 17]


def key_names(selectors: dict) -> list[str]:
    """numbers.yml selectors → the keys marked `key: true`, in file order."""
    return [k for k, sel in selectors.items() if isinstance(sel, dict) and sel.get("key")]


def key_rows(keys: list[str], variables: dict, facts: pd.DataFrame,
             sources: pd.DataFrame) -> pd.DataFrame:
    """key names + report variables + facts + data/sources.csv → one row per key number (CSV_COLUMNS)."""
    by_fact = facts.set_index("fact_id")
    by_source = sources.set_index("id")
    rows = []
    for key in keys:
        var = variables[key]
        fact = by_fact.loc[var["fact"]]
        src = by_source.loc[fact["source_id"]]
        rows.append({
            "key": key, "fact_id": var["fact"], "number_en": var["text"],
            "number_zh": var.get("text_zh", ""), "value": fact["value"], "unit": fact["unit"],
            "qualifier": fact["qualifier"], "counted_en": fact.get("label_en", ""),
            # the catalog's label first: the text's own words may carry noise from the page
            "counted_zh": fact.get("label_zh", "") or fact.get("counted", ""),
            "scope": fact.get("scope", ""), "subject": fact.get("subject", ""),
            "subject_en": fact.get("subject_en", ""),
            "actor": fact.get("actor", ""), "place": fact.get("place", ""),
            "measure": fact.get("measure", ""), "as_of": fact["as_of"],
            "source_id": fact["source_id"], "outlet": src.get("outlet_en", "") or src["outlet"],
            "outlet_zh": src["outlet"],
            "title": src.get("title", ""), "title_en": src.get("title_en", ""),
            "published": src.get("published", ""),
            "url": src.get("url", ""), "quote": fact["quote"],
        })
    return pd.DataFrame(rows, columns=CSV_COLUMNS).fillna("")


def display(rows: pd.DataFrame, lang: str, short_id: Callable[[str], str],
            place_name=lambda p, lang: p) -> pd.DataFrame:
    """key rows → the table the report shows, in English or Chinese (plain text; escaped later)."""
    en = lang == "en"
    records = [r._asdict() for r in rows.itertuples(index=False)]
    return pd.DataFrame({
        ("Number" if en else "数字"): rows["number_en" if en else "number_zh"],
        ("What it counts" if en else "统计对象"): [
            (f"{r['counted_en']} ({r['counted_zh']})" if en and r["counted_zh"] else
             (r["counted_en"] if en else r["counted_zh"])) for r in records],
        ("Whose number" if en else "归属范围"): [wording.scope(r, lang, place_name)
                                                for r in records],
        ("Kind" if en else "类型"): [wording.kind(r, lang) for r in records],
        ("As of" if en else "时间"): [wording.date(r["as_of"], lang) for r in records],
        ("Source" if en else "来源"): [_source_cell(r, en, short_id) for r in records],
        ("Fact" if en else "事实编号"): rows["fact_id"],
    })


def _source_cell(r: dict, en: bool, short_id: Callable[[str], str]) -> str:
    """key row → 'id: outlet, “title”, date[, url]' (English title in English, 《标题》 in Chinese)."""
    title = f"“{r['title_en'] or r['title']}”" if en else f"《{r['title']}》"
    return (f"{short_id(r['source_id'])}: {r['outlet' if en else 'outlet_zh']}, {title}, "
            f"{r['published']}" + (f", {r['url']}" if r["url"] else ""))
