"""figure id + parameters + plotted data → title, caption, alt text and takeaway in English and Chinese."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from . import labels
from .errors import CatalogError

FIGURE_TEXT_YML = Path(__file__).resolve().parent / "figure_text.yml"


@lru_cache(maxsize=2)
def table(path: Path = FIGURE_TEXT_YML) -> dict:
    """figure_text.yml → {figure id: {title: {en, zh}, caption: {en, zh}}} in report order."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))["figures"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise CatalogError(f"{path}: cannot read the figure texts ({exc})") from exc


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
        parts.append(f"{r[f'label_{lang}']}: {vals} ({pct[r['label_en']]:+.0f}%)")
    lo, hi = rows[0], rows[-1]
    if lang == "en":
        alt = f"{kind} chart, {y0} to {y1}: " + _items(parts, lang) + "."
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
        parts.append(f"{r[label_col.format(lang=lang)]}{when}: {shown}")
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
            alt, take = _growth(data, lang, "哑铃图" if zh else "Dumbbell")
        elif fig_id == "coverage-mutual-recognition":
            d = data.assign(lab_en=data["kind_en"] + ", " + data["part_en"],
                            lab_zh=data["kind_zh"] + "，" + data["part_zh"])
            alt, take = _bars(d, lang, "lab_{lang}", "柱状图" if zh else "Bar charts")
        elif fig_id == "coverage-map":
            alt, take = _map(data, lang)
        elif fig_id == "timeline-milestones":
            alt, take = _timeline(data, lang)
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
