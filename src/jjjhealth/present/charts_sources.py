"""milestones, source quality, repeated values and series → narrow stacked figures in English or Chinese."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from jjjhealth import labels
from jjjhealth.extract.milestones import decimal_year
from jjjhealth.present.figures import (
    FIG_WIDTH,
    PALETTE,
    SMALL_FONT,
    chars_across,
    legend_below,
    use_house_style,
    wrap,
)


def _short(source_id: str) -> str:
    """'000_a6f9…' → '000' (the seed's number, as the report shows it)."""
    return str(source_id).split("_", 1)[0]


def timeline_chart(milestones: pd.DataFrame, lang: str = "en"):
    """milestones → (vertical timeline: one row per milestone, labelled with its sources; data)."""
    use_house_style()
    data = milestones[["date", "x", "label_en", "label_zh", "status", "source_ids",
                       "quote"]].reset_index(drop=True)
    data["x"] = data["x"].round(2)
    width = chars_across(SMALL_FONT, FIG_WIDTH - 1.2)
    texts = []
    for _, r in data.iterrows():
        planned = f" ({labels.term('planned', lang)})" if r["status"] == "planned" else ""
        if lang == "zh":
            planned = planned.replace(" (", "（").replace(")", "）")
        srcs = ", ".join(_short(s) for s in r["source_ids"].split(";"))
        texts.append(wrap(f"{r[f'label_{lang}']}{planned} [{srcs}]", width))
    heights = [t.count("\n") + 1 for t in texts]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.2 * sum(heights) + 0.25 * len(data) + 0.4),
                           layout="constrained")
    y = 0.0
    for (_, r), text, h in zip(data.iterrows(), texts, heights):
        planned = r["status"] == "planned"
        ax.scatter([0], [y], s=40, zorder=3, color="white" if planned else PALETTE[0],
                   edgecolor=PALETTE[0])
        ax.text(-0.15, y, str(r["date"]), ha="right", va="center", fontweight="bold")
        ax.text(0.15, y, text, ha="left", va="center", fontsize=SMALL_FONT)
        y -= 0.5 + 0.42 * h
    ax.axvline(0, color="#BBBBBB", linewidth=1, zorder=1)
    ax.set_xlim(-1.3, 4.2)
    ax.set_ylim(y + 0.3, 0.8)
    ax.set_axis_off()
    return fig, data


def quality_chart(quality: pd.DataFrame, lang: str = "en"):
    """source quality table → (three stacked panels: noise share, corrupted spans, facts; data)."""
    use_house_style()
    data = quality[["source_id", "noise_share", "corrupted_spans", "facts",
                    "facts_in_scope"]].copy().rename(columns={"source_id": "source_ids"})
    data["source"] = data["source_ids"].map(_short)
    data["noise_pct"] = (data["noise_share"].astype(float) * 100).round(0)
    data = data.drop(columns=["noise_share"])
    for col in ("corrupted_spans", "facts", "facts_in_scope"):
        data[col] = data[col].astype(int)
    fig, axes = plt.subplots(3, 1, figsize=(FIG_WIDTH, 5.8), sharey=True, layout="constrained")
    y = list(range(len(data)))
    axes[0].barh(y, data["noise_pct"], color=PALETTE[3])
    axes[1].barh(y, data["corrupted_spans"], color=PALETTE[4])
    axes[2].barh(y, data["facts"], color="#CCCCCC", label=labels.term("extracted", lang))
    axes[2].barh(y, data["facts_in_scope"], color=PALETTE[2], label=labels.term("in_scope", lang))
    for ax, col, key in zip(axes, ("noise_pct", "corrupted_spans", "facts_in_scope"),
                            ("noise", "corrupted", "facts")):
        ax.set_title(labels.term(key, lang))
        for i, v in enumerate(data[col]):
            shown = f"{v:.0f}%" if col == "noise_pct" else f"{v:d}"
            ax.annotate(shown, (v, i), xytext=(4, 0), textcoords="offset points", va="center")
        ax.margins(x=0.25)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts and whole percents
    axes[0].set_yticks(y, data["source"])
    axes[0].invert_yaxis()
    axes[2].set_ylabel(labels.term("source", lang))
    legend_below(fig, axes[2].get_legend_handles_labels(), ncol=2)
    return fig, data


def agreement_chart(repeats: pd.DataFrame, source_ids: list[str], names: dict, lang: str = "en"):
    """repeated values + metric names → (dot matrix: which source states each value; data)."""
    use_house_style()
    rows = []
    for _, r in repeats.iterrows():
        for s in r["source_ids"].split(";"):
            rows.append({"metric": r["metric"], "place": r["place"], "value": r["value"],
                         "qualifier": r["qualifier"], "source_ids": s, "source": _short(s),
                         **{f"statement_{lg}": names[r["metric"]][lg] + (": " if lg == "en" else "：")
                            + labels.qty(r["value"], r["unit"], r["qualifier"], lg)
                            for lg in labels.LANGS}})
    data = pd.DataFrame(rows, columns=["metric", "place", "value", "qualifier", "source_ids",
                                       "source", *(f"statement_{lg}" for lg in labels.LANGS)])
    stmts = list(dict.fromkeys(data[f"statement_{lang}"]))  # may be none: then an empty matrix
    cols = [_short(s) for s in source_ids]
    width = chars_across(SMALL_FONT, FIG_WIDTH * 0.62)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.42 * len(stmts) + 1.0), layout="constrained")
    ax.scatter([cols.index(s) for s in data["source"]],
               [stmts.index(s) for s in data[f"statement_{lang}"]], s=40, color=PALETTE[0])
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(stmts)), [wrap(s, width) for s in stmts])
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.invert_yaxis()
    ax.xaxis.tick_top()
    ax.set_xlabel(labels.term("source", lang))
    ax.xaxis.set_label_position("top")
    return fig, data


def series_chart(points: pd.DataFrame, names: dict, lang: str = "en"):
    """series points + metric names → (one stacked panel per series, values by date; data)."""
    use_house_style()
    data = points[["metric", "value", "date", "qualifier", "source_ids"]].copy()
    data["x"] = [round(decimal_year(str(d)), 2) for d in data["date"]]
    unit = points["unit"] if "unit" in points else pd.Series([""] * len(points))
    data["unit"] = list(unit)
    # The series name carries its subject ("… (北京儿童医院保定医院)"): keep it in both labels.
    subjects = [str(s).removeprefix(names[m]["en"]).strip(" ()")
                for s, m in zip(points["series"], points["metric"])]
    data["label_en"] = list(points["series"])
    data["label_zh"] = [names[m]["zh"] + (f"（{s}）" if s else "")
                        for m, s in zip(data["metric"], subjects)]
    for lg in labels.LANGS:
        data[f"shown_{lg}"] = [labels.qty(v, "", q, lg) for v, q in
                               zip(data["value"], data["qualifier"])]
    keys = list(dict.fromkeys(data["label_en"]))
    fig, axes = plt.subplots(len(keys), 1, figsize=(FIG_WIDTH, 1.55 * len(keys) + 0.3),
                             squeeze=False, layout="constrained")
    lo, hi = data["x"].min() - 0.5, data["x"].max() + 0.5
    for ax, key in zip(axes[:, 0], keys):
        g = data[data["label_en"] == key].sort_values("x")
        ax.plot(g["x"], g["value"], marker="o", color=PALETTE[0])
        for _, r in g.iterrows():
            ax.annotate(r[f"shown_{lang}"], (r["x"], r["value"]), xytext=(0, 5),
                        textcoords="offset points", ha="center", va="bottom")
        ax.set_title(wrap(g[f"label_{lang}"].iloc[0], chars_across(9)))
        ax.set_ylim(0, g["value"].max() * 1.45)
        ax.set_xlim(lo, hi)
        years = list(range(int(lo + 0.5), int(hi) + 1))
        ax.set_xticks(years, [labels.term("year", lang, year=y) for y in years])
        ax.set_yticks([])
    return fig, data
