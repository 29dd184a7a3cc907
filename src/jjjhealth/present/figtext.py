"""figure id + parameters + plotted data → title, caption, alt text and takeaway in English and Chinese."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from jjjhealth import labels, yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.paths import FIGURE_TEXT_YML


@lru_cache(maxsize=2)
def table(path: Path = FIGURE_TEXT_YML) -> dict:
    """figure_text.yml → {figure id: {title: {en, zh}, caption: {en, zh}}} in report order."""
    data = yamlio.load(path, CatalogError)
    if not isinstance(data, dict) or not isinstance(data.get("figures"), dict):
        raise CatalogError(f"{path}: needs a top-level 'figures' mapping")
    return data["figures"]


def _fields(fields: dict) -> dict:
    """notebook parameters → + {name}_en / {name}_zh for every parameter naming a place."""
    out = dict(fields)
    for k, v in fields.items():
        if k == "place" or k.endswith("_place"):
            out[f"{k}_en"], out[f"{k}_zh"] = labels.place(v, "en"), labels.place(v, "zh")
    return out


def texts(fig_id: str, fields: dict | None = None) -> dict:
    """figure id + parameters → {number, title_en, title_zh, caption_en, caption_zh}."""
    figs = table()
    if fig_id not in figs:
        raise CatalogError(f"{FIGURE_TEXT_YML}: no entry for figure {fig_id!r}; add its title "
                           "and caption in both languages")
    f = _fields(fields or {})
    try:
        out = {f"{part}_{lang}": " ".join(figs[fig_id][part][lang].format(**f).split())
               for part in ("title", "caption") for lang in labels.LANGS}
    except KeyError as exc:
        raise CatalogError(f"{FIGURE_TEXT_YML}: figure {fig_id!r} uses field {exc} that the "
                           f"notebook did not pass (passed: {sorted(f)})") from None
    return {"number": list(figs).index(fig_id) + 1, **out}


def _items(pairs: list[str], lang: str) -> str:
    """['a', 'b'] → 'a; b' / 'a；b'."""
    return ("; " if lang == "en" else "；").join(pairs)


def _lab(r: pd.Series, lang: str, col: str = "label") -> str:
    """row → its label in lang."""
    return str(r[f"{col}_{lang}"])


def _growth(data: pd.DataFrame, lang: str, kind: str) -> tuple[str, str]:
    """indexed/dumbbell data → (alt, takeaway)."""
    if "index" in data:
        end = data[data["year"] == data["year"].max()].sort_values("index")
        y0, y1 = int(data["year"].min()), int(data["year"].max())
        rows = end.to_dict("records")
        pct = {r["label_en"]: r["index"] - 100 for r in rows}
    else:
        rows = data.sort_values("computed_pct").to_dict("records")
        y0, y1 = int(data["start_year"].iloc[0]), int(data["end_year"].iloc[0])
        pct = {r["label_en"]: r["computed_pct"] for r in rows}
    parts = []
    for r in rows:
        start = r.get("start", r.get("value"))
        vals = (f"{labels.num(start, lang)} → {labels.num(r['end'], lang)}" if "end" in r
                else labels.num(r["index"], lang))
        parts.append(f"{r[f'label_{lang}']}: {vals} ({pct[r['label_en']]:+.0f}%)" if lang == "en"
                     else f"{r['label_zh']}：{vals}（{pct[r['label_en']]:+.0f}%）")
    lo, hi = rows[0], rows[-1]
    if lang == "en":
        alt = f"{kind}, {y0} to {y1}: " + _items(parts, lang) + "."
        take = (f"{hi['label_en']} grew most ({pct[hi['label_en']]:+.0f}%), "
                f"{lo['label_en']} least ({pct[lo['label_en']]:+.0f}%), {y0}–{y1}.")
    else:
        alt = f"{kind}，{y0}—{y1}年：" + _items(parts, lang) + "。"
        take = (f"{y0}—{y1}年，{hi['label_zh']}增幅最大（{pct[hi['label_en']]:+.0f}%），"
                f"{lo['label_zh']}最小（{pct[lo['label_en']]:+.0f}%）。")
    return alt, take


def _bars(data: pd.DataFrame, lang: str, label_col: str, kind: str) -> tuple[str, str]:
    """bar data with value (+ year) → (alt listing every bar, takeaway: largest bar)."""
    parts = []
    for _, r in data.iterrows():
        when = f" ({r['year']})" if "year" in r and lang == "en" else (
            f"（{r['year']}年）" if "year" in r else "")
        shown = r.get(f"shown_{lang}", labels.num(r["value"], lang))
        parts.append(f"{r[label_col.format(lang=lang)]}{when}{': ' if lang == 'en' else '：'}{shown}")
    top = data.sort_values("value").iloc[-1]
    top_shown = top.get(f"shown_{lang}", labels.num(top["value"], lang))
    name = top[label_col.format(lang=lang)]
    if lang == "en":
        return (f"{kind}: " + _items(parts, lang) + ".",
                f"The largest value shown is {name}: {top_shown}.")
    return f"{kind}：" + _items(parts, lang) + "。", f"图中最大的数值是{name}：{top_shown}。"


def describe(fig_id: str, data: pd.DataFrame) -> dict:
    """figure id + plotted data → {alt_en, alt_zh, takeaway_en, takeaway_zh} (numbers from data)."""
    out = {}
    for lang in labels.LANGS:
        zh = lang == "zh"
        if fig_id == "growth-indexed":
            alt, take = _growth(data, lang, "折线图" if zh else "Line chart of indexed values")
        elif fig_id == "growth-dumbbell":
            alt, take = _growth(data, lang, "哑铃图" if zh else "Dumbbell chart")
        elif fig_id == "coverage-mutual-recognition":
            d = data.assign(lab_en=data["kind_en"] + ", " + data["measure"] + ", " + data["part_en"],
                            lab_zh=data["kind_zh"] + "，" + data["part_zh"])
            alt, _ = _bars(d, lang, "lab_{lang}", "柱状图" if zh else "Bar charts")
            take = _recognition(data, lang)
        elif fig_id == "coverage-map":
            alt, take = _map(data, lang)
        elif fig_id == "timeline-milestones":
            alt, take = _timeline(data, lang)
        elif fig_id in SPECIFIC:
            alt, take = SPECIFIC[fig_id](data, lang)
        elif {"value", "label_en"} <= set(data.columns):
            alt, take = _bars(data, lang, "label_{lang}", "图表" if zh else "Chart")
        else:
            alt, take = _generic(data, lang)
        out[f"alt_{lang}"], out[f"takeaway_{lang}"] = alt, take
    return out


def _map(data: pd.DataFrame, lang: str) -> tuple[str, str]:
    """map data → (alt, takeaway)."""
    named = data[data["statements"] > 0].sort_values("statements", ascending=False)
    top = named.iloc[0] if len(named) else data.iloc[0]
    parts = [f"{labels.place(p, lang)}: {int(n)}" for p, n in zip(named["place"], named["statements"])]
    covered = int(data["status"].str.startswith("covered").sum())
    if lang == "en":
        return (f"Map of {len(data)} places; {covered} shaded as covered by the alliances. "
                "Figures per place: " + _items(parts, lang) + ".",
                (f"Only {len(named)} of {len(data)} places have figures of their own; "
                f"{labels.place(top['place'], 'en')} has the most ({int(top['statements'])})."))
    return (f"地图，共{len(data)}地；{covered}地标为医联体已覆盖。各地数字个数：" + _items(parts, lang) + "。",
            (f"{len(data)}地中只有{len(named)}地有专属数字，{labels.place(top['place'], 'zh')}最多"
            f"（{int(top['statements'])}个）。"))


def _timeline(data: pd.DataFrame, lang: str) -> tuple[str, str]:
    """milestone data → (alt, takeaway)."""
    parts = [f"{d}: {r}" for d, r in zip(data["date"], data[f"label_{lang}"])]
    planned = int((data["status"] == "planned").sum())
    first, last = data["date"].iloc[0], data["date"].iloc[-1]
    if lang == "en":
        return ("Timeline: " + _items(parts, lang) + ".",
                f"{len(data)} milestones from {first} to {last}, {planned} of them planned.")
    return ("时间线：" + _items(parts, lang) + "。",
            f"{first}至{last}共{len(data)}个节点，其中{planned}个为计划。")


def _generic(data: pd.DataFrame, lang: str) -> tuple[str, str]:
    """any plotted data → (alt listing its rows, takeaway: number of values)."""
    lab = f"label_{lang}" if f"label_{lang}" in data else data.columns[0]
    parts = [str(v) for v in data[lab]]
    if lang == "en":
        return "Chart: " + _items(parts, lang) + ".", f"{len(data)} values shown."
    return "图表：" + _items(parts, lang) + "。", f"图中共{len(data)}个数值。"


def _alliances(data: pd.DataFrame, lang: str) -> tuple[str, str]:
    """alliance data → (alt, takeaway): the total by year and the local share."""
    tot = data[data["part"] == "total"].sort_values("year")
    alt, _ = _bars(data, lang, "label_{lang}", "柱状图" if lang == "zh" else "Bar chart")
    a, b = tot.iloc[0], tot.iloc[-1]
    if lang == "en":
        return alt, (f"Beijing–Tianjin–Hebei medical alliances: {labels.num(a['value'], lang)} in "
                     f"{a['year']}, {labels.num(b['value'], lang)} in {b['year']}.")
    return alt, (f"京津冀医联体由{a['year']}年的{labels.num(a['value'], lang)}个增至{b['year']}年的" \
                f"{labels.num(b['value'], lang)}个。")


def _quality(data: pd.DataFrame, lang: str) -> tuple[str, str]:
    """source quality data → (alt, takeaway): noise range and facts in scope."""
    parts = [f"{r['source']}: {r['noise_pct']:.0f}%, {r['corrupted_spans']}, "
             f"{r['facts_in_scope']}/{r['facts']}" for _, r in data.iterrows()]
    lo, hi = data.sort_values("noise_pct").iloc[0], data.sort_values("noise_pct").iloc[-1]
    n_in, n_all = int(data["facts_in_scope"].sum()), int(data["facts"].sum())
    if lang == "en":
        return ("Bar charts per source (noise %, corrupted spans, facts in scope/extracted): "
                + _items(parts, lang) + ".",
                (f"Noise removed ranges from {lo['noise_pct']:.0f}% (source {lo['source']}) to "
                f"{hi['noise_pct']:.0f}% (source {hi['source']}); {n_in} of {n_all} facts are in scope."))
    return ("各来源柱状图（噪声占比、损坏片段、纳入/提取数据点）：" + _items(parts, lang) + "。",
            (f"清除的噪声占比从{lo['noise_pct']:.0f}%（来源{lo['source']}）到{hi['noise_pct']:.0f}%"
            f"（来源{hi['source']}）；{n_all}条数据点中{n_in}条纳入分析。"))


def _agreement(data: pd.DataFrame, lang: str) -> tuple[str, str]:
    """agreement data → (alt, takeaway): each value and the sources that state it."""
    col = f"statement_{lang}"
    groups = data.groupby(col, sort=False)["source"].apply(list)
    parts = [f"{s} ({', '.join(v)})" for s, v in groups.items()]
    n = len(groups)
    if lang == "en":
        return ("Dot matrix of values and the sources stating them: " + _items(parts, lang) + ".",
                f"{n} values appear in more than one source.")
    return "数值与来源点阵图：" + _items(parts, lang) + "。", f"共{n}个数值见于多个来源。"


def _series(data: pd.DataFrame, lang: str) -> tuple[str, str]:
    """series data → (alt, takeaway): each series from first to last value."""
    parts, rising = [], 0
    for label, g in data.sort_values("x").groupby(f"label_{lang}", sort=False):
        a, b = g.iloc[0], g.iloc[-1]
        rising += b["value"] > a["value"]
        parts.append(f"{label}: {a[f'shown_{lang}']} ({a['date']}) → {b[f'shown_{lang}']} ({b['date']})")
    n = data["label_en"].nunique()
    if lang == "en":
        return ("Small multiples, one series each: " + _items(parts, lang) + ".",
                f"{rising} of {n} series rise from one date to the next; none is a conflict.")
    return ("分图，每图一个序列：" + _items(parts, lang) + "。",
            f"{n}个序列中{rising}个随时间上升，均非矛盾。")


def _recognition(data: pd.DataFrame, lang: str) -> str:
    """mutual-recognition data → takeaway: items per kind from the first to the last year."""
    items = data[data["measure"] == "items"].sort_values("year")
    parts = []
    for _, g in items.groupby("kind", sort=False):
        a, b = g.iloc[0], g.iloc[-1]
        parts.append(f"{g[f'kind_{lang}'].iloc[0]}: {labels.num(a['value'], lang)} ({a['year']}) → "
                     f"{labels.num(b['value'], lang)} ({b['year']})" if lang == "en" else
                     f"{g['kind_zh'].iloc[0]}项目由{a['year']}年的{labels.num(a['value'], lang)}项增至"
                     f"{b['year']}年的{labels.num(b['value'], lang)}项")
    if lang == "en":
        return "Items covered: " + _items(parts, lang) + "."
    return "；".join(parts) + "。"


SPECIFIC = {"coverage-alliances": _alliances, "consistency-sources": _quality,
            "consistency-agreement": _agreement, "consistency-series": _series}
