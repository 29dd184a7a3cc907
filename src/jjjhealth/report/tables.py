"""data/ tables → the report's generated tables, in English or Chinese (same rows, same ids)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from jjjhealth import labels, percentages, qualifiers, yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.paths import REPORT_TEXT_YML
from jjjhealth.present import markdown as md
from jjjhealth.present import wording
from jjjhealth.qualifiers import number, qualified_en, qualified_zh

SOURCE_FIELDS = ("id", "title", "title_en", "outlet", "outlet_en", "published", "date_method",
                 "script", "about_jjj", "url")


@lru_cache(maxsize=1)
def _text() -> dict:
    """report_text.yml → {columns, words, captions}, each entry {en, zh}."""
    data = yamlio.load(REPORT_TEXT_YML, CatalogError)
    for section in ("columns", "words", "captions"):
        for key, entry in (data.get(section) or {}).items():
            if not isinstance(entry, dict) or {"en", "zh"} - set(entry):
                raise CatalogError(f"{REPORT_TEXT_YML}: {section}.{key} needs en and zh")
    return data


def col(key: str, lang: str) -> str:
    """column key + language → its header."""
    return _text()["columns"][key][lang]


def word(key: str, lang: str) -> str:
    """word key + language → the word."""
    return _text()["words"][key][lang]


def caption(key: str, lang: str) -> str:
    """table key + language → its caption (code's own Markdown: may hold @tbl- references)."""
    return _text()["captions"][key][lang]


def short_id(source_id: str) -> str:
    """'000_a6f9…' → '000' (the seed's number, as the report shows it)."""
    return str(source_id).split("_", 1)[0]


def qualified(value, unit: str, qualifier: str, lang: str) -> str:
    """(value, unit, qualifier, language) → 3,000+ / 3000余张 (the qualifier table's wording)."""
    return (qualified_en if lang == "en" else qualified_zh)(float(value), unit, qualifier)


def place_name(name: str, lang: str) -> str:
    """place as facts spell it + language → its name in that language (places.yml).

    A place the table does not know stops the report with a CatalogError naming it: every
    place of data/facts.csv comes from places.yml, so an unknown one means data/ and the
    catalog disagree, and showing it as written would put untranslated Chinese in the
    English edition without a word."""
    return labels.place(name, lang) if name else ""


def source_frame(sources) -> pd.DataFrame:
    """data/sources.csv frame or loaded Source records → one frame with SOURCE_FIELDS."""
    if isinstance(sources, pd.DataFrame):
        df = sources.copy()
    else:
        df = pd.DataFrame([{"id": s.id, "title": s.title, "outlet": s.outlet,
                            "published": str(s.published), "script": s.script,
                            "about_jjj": bool(s.about_jjj), **{k: s.extra.get(k, "") for k in
                            ("title_en", "outlet_en", "date_method", "url")}} for s in sources])
    for field in SOURCE_FIELDS:
        if field not in df:
            df[field] = ""
    df["about_jjj"] = df["about_jjj"].astype(str).str.lower().eq("true")
    return df[list(SOURCE_FIELDS)].fillna("")


def table(df: pd.DataFrame, widths: list[int] | None = None) -> str:
    """DataFrame (+ relative column widths) → pipe table (cells escaped by md.table)."""
    text = md.table(df)
    if not widths:
        return text
    head, _, body = text.split("\n", 2) if len(df) else (*text.split("\n", 1), "")
    rule = "|" + "|".join("-" * w for w in widths) + "|"
    return f"{head}\n{rule}\n{body}" if body else f"{head}\n{rule}"


def table_div(tid: str, df: pd.DataFrame, cap: str, widths: list[int] | None = None) -> str:
    """table + caption (code's own Markdown, values escaped) → a Quarto table div ::: {#tbl-id}."""
    return f"::: {{#tbl-{tid}}}\n{table(df, widths)}\n\n{cap}\n:::\n"


def ledger_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → those the ledger lists (in scope and classified): the only link targets."""
    return facts[facts["in_scope"] & facts["metric"].ne("unclassified")]


def _counted(row: dict, lang: str) -> str:
    """fact row → what it counts: the catalog's label (English) with the text's words."""
    zh = str(row.get("counted") or row.get("label_zh") or "")
    if lang == "zh":
        return str(row.get("label_zh") or zh)
    en = str(row.get("label_en") or row.get("metric") or "")
    return f"{en} ({zh})" if zh and zh != en else en


def ledger(facts: pd.DataFrame, lang: str) -> str:
    """facts → the facts ledger: every in-scope classified fact, its meaning and its quote."""
    f = ledger_facts(facts)
    rows = [r._asdict() for r in f.itertuples(index=False)]
    df = pd.DataFrame({
        col("fact", lang): [md.anchor(r["fact_id"], r["fact_id"]) for r in rows],
        col("value", lang): [qualified(r["value"], r["unit"], r["qualifier"], lang)
                             + ("" if lang == "zh" or r["unit"] == "%" else f" {r['unit']}")
                             for r in rows],
        col("metric", lang): [_counted(r, lang) for r in rows],
        col("scope", lang): [wording.scope(r, lang, place_name) for r in rows],
        col("kind", lang): [wording.kind(r, lang) for r in rows],
        col("date", lang): [wording.date(r["as_of"], lang) for r in rows],
        col("source", lang): [short_id(r["source_id"]) for r in rows],
        col("quote", lang): [md.join([r["quote"], md.strong(word("corrupted", lang))])
                             if "near_corruption" in r["flags"] else r["quote"] for r in rows],
    })
    # the fact id's column wide enough for an id on one line in the PDF (tests/unit/test_pdf.py)
    return table_div("ledger", df, caption("ledger", lang), [17, 9, 15, 13, 7, 8, 6, 25])


def sources_table(sources, lang: str) -> str:
    """data/sources.csv → the sources table: id, titles, outlet, date and its basis, URL, scope."""
    s = source_frame(sources)
    en = lang == "en"
    df = pd.DataFrame({
        col("source", lang): [short_id(i) for i in s["id"]],
        col("title", lang): [f"{t} ({te})" if en and te else t
                             for t, te in zip(s["title"], s["title_en"])],
        col("outlet", lang): list(s["outlet_en"].where(s["outlet_en"].ne("") & en, s["outlet"])),
        col("published", lang): list(s["published"]),
        col("date_method", lang): [m.split(":", 1)[0] for m in s["date_method"]],
        col("url", lang): [md.href(u, u) if u else word("not_known", lang) for u in s["url"]],
        col("in_scope", lang): [word("scope_yes", lang) if a else word("no_scope", lang)
                                for a in s["about_jjj"]],
    })
    return table_div("sources", df, caption("sources", lang), [6, 34, 18, 10, 10, 12, 10])


def quality_table(sources, stats: pd.DataFrame, lang: str) -> str:
    """data/source_stats.csv → the data-quality table (noise ÷ raw characters, as its caption says)."""
    ids = [short_id(i) for i in source_frame(sources)["id"]]
    st = stats.assign(sid=stats["source_id"].map(short_id)).set_index("sid").reindex(ids)
    df = pd.DataFrame({col("source", lang): ids})
    df[col("encoding", lang)] = list(st["encoding"].fillna(""))
    df[col("raw_chars", lang)] = [number(v) for v in st["raw_chars"]]
    df[col("noise", lang)] = [f"{n / r:.0%}" if r else "" for n, r in
                              zip(st["noise_chars"].astype(float), st["raw_chars"].astype(float))]
    for key, column in (("pinyin", "annotations_removed"), ("corrupted", "corrupted_spans"),
                        ("sentences", "sentences"), ("facts", "facts"),
                        ("facts_in_scope", "facts_in_scope")):
        if column in st:
            df[col(key, lang)] = [number(v) for v in st[column]]
    return table_div("quality", df, caption("quality", lang))


def qualifiers_table(facts: pd.DataFrame, lang: str) -> str:
    """facts → how each approximate qualifier is written in Chinese and shown in the report."""
    words = qualifiers.words()
    f = ledger_facts(facts)
    f = f[f["qualifier"].ne("exact")]
    rows = []
    for q, g in f.groupby("qualifier", sort=True):
        ex = g.iloc[0]
        rows.append({col("qualifier", lang): q.replace("_", " "),
                     col("meaning", lang): qualifiers.spec(q)["meaning"],
                     col("chinese", lang): "、".join(words.get(q, [])),
                     col("facts", lang): number(len(g)),
                     col("example", lang): ex["number_text"],
                     col("shown_as", lang): qualified(ex["value"], ex["unit"], q, lang),
                     col("fact", lang): md.link(ex["fact_id"], ex["fact_id"])})
    keys = ("qualifier", "meaning", "chinese", "facts", "example", "shown_as", "fact")
    df = pd.DataFrame(rows, columns=[col(k, lang) for k in keys])
    return table_div("qualifiers", df, caption("qualifiers", lang))


def untrusted_table(facts: pd.DataFrame, lang: str) -> str:
    """facts flagged near_corruption → table of numbers the report does not use."""
    f = facts[facts["flags"].str.contains("near_corruption")]
    listed = set(ledger_facts(facts)["fact_id"])
    df = pd.DataFrame({
        col("fact", lang): [md.link(i, i) if i in listed else i for i in f["fact_id"]],
        col("source", lang): [short_id(s) for s in f["source_id"]],
        col("number_read", lang): list(f["number_text"]),
        col("quote", lang): list(f["quote"]),
    })
    return table_div("untrusted", df, caption("untrusted", lang), [14, 7, 10, 69])


def _series(facts: pd.DataFrame) -> list[tuple[dict, dict]]:
    """facts → per metric and place with from/to/stated_change: (first fact, {role: fact})."""
    f = ledger_facts(facts)
    f = f[f["role"].isin(["from", "to", "stated_change"])]
    out = []
    for _, g in f.groupby(["metric", "place"], sort=False):
        by = {r: g[g["role"] == r].iloc[0] for r in ("from", "to", "stated_change")
              if (g["role"] == r).any()}
        out.append((next(iter(by.values())), by))  # from, else to, else stated
    return out


def _change(by: dict) -> float | None:
    """{role: fact} → the % change computed from its from/to values (percentages.change_pct)."""
    if "from" not in by or "to" not in by:
        return None
    return percentages.change_pct(by["from"]["value"], by["to"]["value"])


def series_summary(facts: pd.DataFrame) -> dict:
    """facts → {fastest, fastest_zh, fastest_change}: the two-point series that grew fastest."""
    changes = [(first, _change(by)) for first, by in _series(facts)]
    changes = [(first, c) for first, c in changes if c is not None]
    if not changes:
        return {"fastest": "no series", "fastest_zh": "无序列", "fastest_change": ""}
    first, pct = max(changes, key=lambda fc: fc[1])
    label = str(first["label_en"])
    return {"fastest": label[:1].lower() + label[1:], "fastest_zh": str(first["label_zh"]),
            "fastest_change": f"{pct:+.0f}%"}


def series_table(facts: pd.DataFrame, lang: str) -> str:
    """facts with role from/to/stated_change → two-point series, stated vs computed change."""
    rows = []
    for first, by in _series(facts):
        a, b, s = by.get("from"), by.get("to"), by.get("stated_change")
        pct = _change(by)
        rows.append({
            col("metric", lang): _counted(dict(first), lang),
            col("scope", lang): wording.scope(dict(first), lang, place_name),
            col("from", lang): "" if a is None else
            f"{number(a['value'])} ({wording.date(a['as_of'], lang)})",
            col("to", lang): "" if b is None else md.join([
                md.link(number(b["value"]), b["fact_id"]), f"({wording.date(b['as_of'], lang)})"]),
            col("stated", lang): "" if s is None else f"+{number(s['value'])}%",
            col("computed", lang): "" if pct is None else f"{pct:+.0f}%",
        })
    keys = ("metric", "scope", "from", "to", "stated", "computed")
    df = pd.DataFrame(rows, columns=[col(k, lang) for k in keys])
    return table_div("series", df, caption("series", lang))


def milestones_table(milestones: list[dict], lang: str) -> str:
    """data/milestones.csv records → the timeline table (date, event, status, source)."""
    df = pd.DataFrame({
        col("date", lang): [str(m["date"]) for m in milestones],
        col("event", lang): [f"{m['label_en']} ({m['label_zh']})" if lang == "en"
                             else m["label_zh"] for m in milestones],
        col("status", lang): [m["status"] for m in milestones],
        col("source", lang): [short_id(m["source"]) for m in milestones],
    })
    return table_div("milestones", df, caption("milestones", lang), [12, 66, 10, 12])


def figure_catalog(figure_metas: list[dict], lang: str, prefix: str = "") -> str:
    """figure metadata → the figure catalog table (title in the edition's language)."""
    if not figure_metas:
        return word("no_figures", lang) + "\n"
    df = pd.DataFrame([{
        col("figure", lang): md.ref("fig", m["id"]),
        col("title", lang): m.get("title_zh", m["title"]) if lang == "zh" else m["title"],
        col("notebook", lang): md.href(m["notebook"], f"{prefix}notebooks/{m['notebook']}.html"),
        col("sources", lang): ", ".join(short_id(s["id"]) for s in m["sources"]),
    } for m in figure_metas])
    return table_div("figures", df, caption("figures", lang), [22, 48, 18, 12])
