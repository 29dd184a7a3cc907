"""analysis tables → matplotlib figures in English or Chinese (the plotted data is returned too).

Every chart is drawn FIG_WIDTH inches wide with text of at least MIN_FONT points, so that
shown at phone width (390 px) no text is smaller than ~9 px; panels stack vertically.
The figure's title, credit line and sources are added by figures.publish, not here.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from jjjhealth import labels
from jjjhealth.analysis import growth
from jjjhealth.present.figures import (
    FIG_WIDTH,
    PALETTE,
    SMALL_FONT,
    legend_below,
    number_axis,
    use_house_style,
    wrap,
)


def indexed_chart(table: pd.DataFrame, place: str, lang: str = "en"):
    """growth table → (line chart of index start=100 per metric, the plotted data)."""
    use_house_style()
    data = growth.indexed(table).rename(columns={"metric": "label_en"})
    meta = table.set_index("label_en")
    data["metric"] = data["label_en"].map(meta["metric"])
    data["label_zh"] = data["label_en"].map(meta["label_zh"])
    data["source_ids"] = data["label_en"].map(meta["source_id"])
    data["place"] = place
    data["index"] = data["index"].round(0)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 3.6), layout="constrained")
    for i, (label, g) in enumerate(data.groupby(f"label_{lang}", sort=False)):
        ax.plot(g["year"], g["index"], marker="o", color=PALETTE[i], label=wrap(label, 40))
        last = g.iloc[-1]
        ax.annotate(labels.num(last["index"], lang), (last["year"], last["index"]),
                    xytext=(5, 0), textcoords="offset points", va="center", color=PALETTE[i])
    years = sorted(data["year"].unique())
    ax.set_xticks(years, [labels.term("year", lang, year=y) for y in years])
    ax.set_xlim(years[0] - 0.6, years[-1] + 1.4)
    ax.axhline(100, color="#999999", linewidth=0.8)
    ax.set_ylabel(labels.term("index_axis", lang, year=years[0]))
    legend_below(fig, ax.get_legend_handles_labels())
    cols = ["metric", "label_en", "label_zh", "place", "year", "value", "index", "source_ids"]
    return fig, data[cols].reset_index(drop=True)


def dumbbell_chart(table: pd.DataFrame, place: str, lang: str = "en"):
    """growth table → (start-vs-end dumbbell per resource with % change and CAGR, plotted data)."""
    use_house_style()
    t = table.dropna(subset=["start", "end"]).sort_values("end").reset_index(drop=True)
    data = t[["metric", "label_en", "label_zh", "unit", "start", "end", "start_year",
              "end_year", "fact_ids", "source_id"]].rename(columns={"source_id": "source_ids"})
    data["computed_pct"] = t["computed_pct"].round(0)
    data["cagr_pct"] = t["cagr_pct"].round(1)
    data["unit_en"] = [labels.unit(u, "en") for u in data["unit"]]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.75 * len(data) + 1.3), layout="constrained")
    y0, y1 = int(data["start_year"].iloc[0]), int(data["end_year"].iloc[0])
    for i, r in data.iterrows():
        ax.plot([r["start"], r["end"]], [i, i], color="#BBBBBB", linewidth=3, zorder=1)
        ax.scatter([r["start"]], [i], color=PALETTE[0], zorder=2,
                   label=labels.term("year", lang, year=y0) if i == 0 else None)
        ax.scatter([r["end"]], [i], color=PALETTE[1], zorder=2,
                   label=labels.term("year", lang, year=y1) if i == 0 else None)
        pct, cagr = f"{r['computed_pct']:+.0f}%", f"{r['cagr_pct']:.1f}%"
        change = f"{pct}, {cagr}/yr" if lang == "en" else f"{pct}，年均{cagr}"
        ax.annotate(f"{labels.num(r['end'], lang)}\n({change})" if lang == "en"
                    else f"{labels.num(r['end'], lang)}\n（{change}）", (r["end"], i),
                    xytext=(6, 0), textcoords="offset points", va="center", fontsize=SMALL_FONT)
        ax.annotate(labels.num(r["start"], lang), (r["start"], i), xytext=(0, 7),
                    textcoords="offset points", ha="center", va="bottom", fontsize=SMALL_FONT)
    ax.set_yticks(range(len(data)), [wrap(v, 18) for v in data[f"label_{lang}"]])
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlim(0, data["end"].max() * 1.55)
    number_axis(ax, "x", lang)
    ax.set_xlabel(labels.term("count_axis", lang))
    legend_below(fig, ax.get_legend_handles_labels(), ncol=2)
    return fig, data


def alliances_chart(alliances: pd.DataFrame, batch: pd.DataFrame, lang: str = "en"):
    """alliance counts by year + a local share of the first batch → (bars, share inside; data)."""
    use_house_style()
    rows = []
    for _, r in alliances.iterrows():
        rows.append({"year": int(r["year"]), "part": "total", "metric": "jjj_medical_alliances",
                     "value": r["value"], "source_ids": r["source_ids"], "fact_ids": ""})
        # The share is drawn only inside the count it is a share of (same value, same batch).
        for _, b in batch[batch["batch"] == r["value"]].iterrows():
            rows.append({"year": int(r["year"]), "part": f"of_which:{b['home_place']}",
                         "metric": "jjj_medical_alliances", "value": b["home_count"],
                         "source_ids": b["source_id"], "fact_ids": b["home_fact_id"]})
    data = pd.DataFrame(rows)
    data["label_en"] = [_part_label(p, "en") for p in data["part"]]
    data["label_zh"] = [_part_label(p, "zh") for p in data["part"]]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 3.4), layout="constrained")
    for _, r in data.iterrows():
        total = r["part"] == "total"
        x = str(r["year"])
        ax.bar(x, r["value"], width=0.6 if total else 0.3, color=PALETTE[0 if total else 1],
               label=r[f"label_{lang}"], zorder=2 if total else 3)
        ax.annotate(labels.num(r["value"], lang), (x, r["value"]), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom",
                    fontweight="bold" if total else "normal")
    ax.set_ylim(0, data["value"].max() * 1.2)
    ax.set_ylabel(labels.term("alliances_axis", lang))
    handles, names = ax.get_legend_handles_labels()
    uniq = dict(zip(names, handles))
    legend_below(fig, (list(uniq.values()), list(uniq.keys())))
    return fig, data


def _part_label(part: str, lang: str) -> str:
    """'total' / 'of_which:保定' → the legend entry in lang."""
    if part == "total":
        return labels.term("total", lang)
    return labels.term("of_which", lang, place=labels.place(part.split(":", 1)[1], lang))


def recognition_chart(mr: pd.DataFrame, lang: str = "en"):
    """mutual-recognition table → (items and institutions per kind, year and part; data).

    Each count is its own bar: parts the source gives separately are never summed, and a
    region-wide count is never stacked on counts of another date or definition."""
    from jjjhealth.analysis.coverage import RECOGNITION

    use_house_style()
    rows = []
    for _, r in mr.iterrows():
        items_m, inst_m = RECOGNITION[r["kind"]]
        base = {"kind": r["kind"], "year": int(r["year"]), "source_ids": r["source_ids"]}
        rows.append({**base, "measure": "items", "part": "京津冀", "metric": items_m,
                     "value": r["items"]})
        parts = r["combined_from"].split(" + ") if r["parts"] > 1 else [None]
        for p in parts:
            val = float(p.split(" ")[0].replace(",", "")) if p else r["institutions"]
            where = p.split("(")[1].rstrip(")") if p else "京津冀"
            rows.append({**base, "measure": "institutions", "part": where, "metric": inst_m,
                         "value": val})
    order = {p: i for i, p in enumerate(("京津冀", "河北", "京津"))}
    data = pd.DataFrame(rows)
    data = data.assign(o=data["part"].map(order).fillna(9)).sort_values(
        ["kind", "measure", "year", "o"], key=lambda s: s.map({k: i for i, k in enumerate(
            dict.fromkeys(mr["kind"]))}) if s.name == "kind" else s, kind="mergesort")
    data = data.drop(columns="o").reset_index(drop=True)
    for lang_ in labels.LANGS:
        data[f"kind_{lang_}"] = [labels.term(k, lang_) for k in data["kind"]]
        data[f"part_{lang_}"] = [labels.term(f"part_{p}", lang_) for p in data["part"]]
    kinds = list(dict.fromkeys(data["kind"]))
    parts = list(dict.fromkeys(data.loc[data["measure"] == "institutions", "part"]))
    colours = {p: PALETTE[i + 1] for i, p in enumerate(parts)}
    fig, axes = plt.subplots(2, 1, figsize=(FIG_WIDTH, 5.6), layout="constrained")
    for ax, measure in zip(axes, ("items", "institutions")):
        d = data[data["measure"] == measure].reset_index(drop=True)
        x, ticks, centres = 0.0, [], []
        for kind in kinds:
            start = x
            for _, r in d[d["kind"] == kind].iterrows():
                colour = PALETTE[0] if measure == "items" else colours[r["part"]]
                ax.bar(x, r["value"], width=0.8, color=colour,
                       label=r[f"part_{lang}"] if measure == "institutions" else None)
                ax.annotate(labels.num(r["value"], lang), (x, r["value"]), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom")
                ticks.append((x, labels.term("year", lang, year=r["year"])))
                x += 1
            centres.append(((start + x - 1) / 2, labels.term(kind, lang)))
            x += 0.8
        ax.set_xticks([t for t, _ in ticks], [s for _, s in ticks], fontsize=SMALL_FONT)
        for c, name in centres:
            ax.annotate(name, (c, 0), xytext=(0, -20), textcoords="offset points",
                        xycoords=("data", "axes fraction"), ha="center", va="top",
                        fontweight="bold")
        ax.set_ylim(0, d["value"].max() * 1.25)
        ax.set_title(labels.term(measure, lang))
        number_axis(ax, "y", lang)
    handles, names = axes[1].get_legend_handles_labels()
    uniq = dict(zip(names, handles))
    legend_below(fig, (list(uniq.values()), list(uniq.keys())))
    return fig, data


def scorecard_chart(sc: pd.DataFrame, place: str, names: dict, lang: str = "en",
                    style: str = "small_multiples"):
    """scorecard + metric names → (one stacked panel per unit, each on its own scale; data)."""
    if style != "small_multiples":
        raise ValueError(f"scorecard style {style!r}: only 'small_multiples' (units never share "
                         "an axis)")
    use_house_style()
    data = sc[["metric", "value", "unit", "qualifier", "source_id", "fact_id"]].iloc[::-1]
    data = data.rename(columns={"source_id": "source_ids", "fact_id": "fact_ids"})
    data = data.reset_index(drop=True)
    data["place"] = place
    for lang_ in labels.LANGS:
        data[f"label_{lang_}"] = [names[m][lang_] for m in data["metric"]]
        data[f"unit_{lang_}"] = [labels.unit(u, lang_) for u in data["unit"]]
        data[f"shown_{lang_}"] = [labels.qty(v, u, q, lang_) for v, u, q in
                                  zip(data["value"], data["unit"], data["qualifier"])]
    units = list(dict.fromkeys(data["unit"]))
    sizes = [int((data["unit"] == u).sum()) for u in units]
    fig, axes = plt.subplots(len(units), 1, figsize=(FIG_WIDTH, 0.5 * len(data) + 0.75 * len(units)),
                             gridspec_kw={"height_ratios": sizes}, squeeze=False,
                             layout="constrained")
    for ax, u in zip(axes[:, 0], units):
        d = data[data["unit"] == u].reset_index(drop=True)
        ax.barh(range(len(d)), d["value"], color=PALETTE[0], height=0.6)
        for i, r in d.iterrows():
            ax.annotate(r[f"shown_{lang}"], (r["value"], i), xytext=(4, 0),
                        textcoords="offset points", va="center")
        ax.set_xlim(0, d["value"].max() * 1.7)
        ax.set_yticks(range(len(d)), [wrap(v, 22) for v in d[f"label_{lang}"]])
        word = labels.unit(u, lang)
        ax.set_title(labels.term("panel_unit", lang, unit=word) if word
                     else labels.term("panel_count", lang))
        number_axis(ax, "x", lang)
    return fig, data
