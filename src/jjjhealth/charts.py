"""analysis tables → matplotlib figures in the house style (the data plotted is returned too)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from . import growth
from .figures import PALETTE, use_house_style
from .milestones import decimal_year
from .qualifiers import qualified_en


def indexed_chart(table: pd.DataFrame, place: str) -> tuple[plt.Figure, pd.DataFrame]:
    """growth table → (line chart of index start=100 per metric, the plotted data)."""
    use_house_style()
    data = growth.indexed(table)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for metric, g in data.groupby("metric", sort=True):
        ax.plot(g["year"], g["index"], marker="o", label=metric)
        last = g.iloc[-1]
        ax.annotate(f"{last['index']:.0f}", (last["year"], last["index"]),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    years = sorted(data["year"].unique())
    ax.set_xticks(years)
    ax.axhline(growth.INDEX_BASE, color="#999999", linewidth=0.8)
    ax.set_ylabel(f"Index ({years[0]} = {growth.INDEX_BASE:g})")
    ax.set_title(f"{place}: medical resources, {years[0]}–{years[-1]}")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data


def _label_end(ax, x, y, text, **kw) -> None:
    """Write a direct label just right of a point."""
    ax.annotate(text, (x, y), xytext=(5, 0), textcoords="offset points", va="center",
                fontsize=8, **kw)


def dumbbell_chart(table: pd.DataFrame, place: str) -> tuple[plt.Figure, pd.DataFrame]:
    """growth table → (start-vs-end dumbbell per resource with computed % change, plotted data)."""
    use_house_style()
    t = table.dropna(subset=["start", "end"]).sort_values("end")
    data = t[["label_en", "unit", "start", "end", "computed_pct", "start_year", "end_year"]]
    data = data.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.7 * len(data) + 1.4))
    y0, y1 = int(data["start_year"].iloc[0]), int(data["end_year"].iloc[0])
    for i, r in data.iterrows():
        ax.plot([r["start"], r["end"]], [i, i], color="#BBBBBB", linewidth=3, zorder=1)
        ax.scatter([r["start"]], [i], color=PALETTE[0], zorder=2, label=str(y0) if i == 0 else None)
        ax.scatter([r["end"]], [i], color=PALETTE[1], zorder=2, label=str(y1) if i == 0 else None)
        _label_end(ax, r["end"], i, f"{r['end']:,.0f} (+{r['computed_pct']:.0f}%)")
        ax.annotate(f"{r['start']:,.0f}", (r["start"], i), xytext=(-5, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=8)
    ax.set_yticks(range(len(data)), data["label_en"])
    ax.set_xlim(0, data["end"].max() * 1.3)
    ax.set_xlabel("Count")
    ax.set_title(f"{place}: {y0} vs {y1}")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data


def alliances_chart(alliances: pd.DataFrame, batch: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """alliance counts by year + first-batch share → (bars, local share stacked, plotted data)."""
    use_house_style()
    rows = []
    for _, r in alliances.iterrows():
        share = batch[batch["batch"] == r["value"]]
        home = float(share["home_count"].iloc[0]) if len(share) else 0.0
        if home:
            rows.append({"year": int(r["year"]), "part": f"of which {share['home_place'].iloc[0]}",
                         "value": home})
        rows.append({"year": int(r["year"]),
                     "part": "total (no split given)" if not home else "other places",
                     "value": r["value"] - home})
    data = pd.DataFrame(rows)
    fig, ax = plt.subplots(figsize=(6, 3.8))
    bottoms: dict[int, float] = {}
    colours = {p: PALETTE[i] for i, p in enumerate(dict.fromkeys(data["part"]))}
    for _, r in data.iterrows():
        b = bottoms.get(r["year"], 0.0)
        ax.bar(str(r["year"]), r["value"], bottom=b, color=colours[r["part"]], width=0.55,
               label=r["part"])
        if (data["year"] == r["year"]).sum() > 1:
            ax.text(str(r["year"]), b + r["value"] / 2, f"{r['value']:,.0f}", ha="center",
                    va="center", fontsize=8, color="white")
        bottoms[r["year"]] = b + r["value"]
    for year, total in bottoms.items():
        ax.text(str(year), total, f"{total:,.0f}", ha="center", va="bottom", fontsize=9,
                fontweight="bold")
    handles, labels = ax.get_legend_handles_labels()
    uniq = dict(zip(labels, handles))
    ax.legend(uniq.values(), uniq.keys(), frameon=False, fontsize=8, loc="upper left")
    ax.set_ylabel("Beijing–Tianjin–Hebei medical alliances")
    ax.set_title("JJJ medical alliances, first batch and total")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data


PART_NAMES = {"河北": "Hebei institutions", "京津": "Beijing & Tianjin institutions",
              "京津冀": "one region-wide count"}


def recognition_chart(mr: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """mutual-recognition table → (items and institutions per kind and year, plotted data)."""
    use_house_style()
    rows = []
    for _, r in mr.iterrows():
        rows.append({"kind": r["kind"], "year": int(r["year"]), "measure": "items",
                     "part": "all", "value": r["items"]})
        parts = r["combined_from"].split(" + ") if r["parts"] > 1 else [None]
        for p in parts:
            val = float(p.split(" ")[0].replace(",", "")) if p else r["institutions"]
            where = p.split("(")[1].rstrip(")") if p else "京津冀"
            rows.append({"kind": r["kind"], "year": int(r["year"]), "measure": "institutions",
                         "part": PART_NAMES.get(where, where), "value": val})
    data = pd.DataFrame(rows)
    order = {p: i for i, p in enumerate(["all", *PART_NAMES.values(), *mr["kind"].unique()])}
    data = data.sort_values(["kind", "year", "part"], key=lambda s: s.map(order)
                            if s.name != "year" else s, kind="mergesort").reset_index(drop=True)
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.8))
    kinds = list(dict.fromkeys(data["kind"]))
    colours = {p: PALETTE[order[p]] for p in data["part"].unique()}
    for ax, measure in zip(axes, ("items", "institutions")):
        d = data[data["measure"] == measure]
        for k_i, kind in enumerate(kinds):
            for y_i, year in enumerate(sorted(d["year"].unique())):
                x, b = k_i * 2.6 + y_i, 0.0
                for _, r in d[(d["kind"] == kind) & (d["year"] == year)].iterrows():
                    ax.bar(x, r["value"], bottom=b, width=0.8, color=colours[r["part"]],
                           label=r["part"])
                    b += r["value"]
                ax.text(x, b, f"{b:,.0f}", ha="center", va="bottom", fontsize=8)
                ax.text(x, 0, str(year), ha="center", va="top", fontsize=8)
        ax.set_xticks([k_i * 2.6 + 0.5 for k_i in range(len(kinds))], kinds)
        ax.tick_params(axis="x", pad=14)
        ax.set_ylim(0, d.groupby(["kind", "year"])["value"].sum().max() * 1.4)
        ax.set_title(f"{measure.capitalize()}", fontsize=10)
    handles, labels = axes[1].get_legend_handles_labels()
    uniq = dict(zip(labels, handles))
    axes[1].legend(uniq.values(), uniq.keys(), frameon=False, fontsize=8, loc="upper left")
    fig.suptitle("Mutual recognition of lab results and imaging", x=0.01, ha="left",
                 fontweight="bold")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data


# Small multiples of the scorecard: units that share a panel (and a linear scale).
UNIT_PANELS = {"个": "count (个, 项)", "项": "count (个, 项)",
               "人次": "person-times and cases (人次, 例)", "例": "person-times and cases (人次, 例)"}


def scorecard_title(sc: pd.DataFrame, place: str) -> str:
    """scorecard + place → its title, dated by the facts (cumulative counts as of a date)."""
    return f"{place}: cooperation with Beijing and Tianjin, cumulative to {max(sc['as_of'])}"


def scorecard_chart(sc: pd.DataFrame, place: str, style: str = "log") -> tuple[plt.Figure, pd.DataFrame]:
    """scorecard → (dots on a log axis with direct labels, or small multiples; plotted data)."""
    use_house_style()
    data = sc[["label_en", "value", "unit", "qualifier", "shown"]].iloc[::-1].reset_index(drop=True)
    if style == "log":
        fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(data) + 1.4))
        ax.hlines(range(len(data)), 10, data["value"], color="#CCCCCC", linewidth=1)
        ax.scatter(data["value"], range(len(data)), color=PALETTE[0], zorder=2)
        for i, r in data.iterrows():
            _label_end(ax, r["value"], i, r["shown"])
        ax.set_xscale("log")
        ax.set_xlim(10, data["value"].max() * 12)
        ax.set_yticks(range(len(data)), data["label_en"])
        ax.set_xlabel("Count (log scale)")
    else:  # one panel per unit family, each on its own linear scale
        data["panel"] = [UNIT_PANELS.get(u, u) for u in data["unit"]]
        panels = list(dict.fromkeys(data["panel"]))
        sizes = [int((data["panel"] == p).sum()) for p in panels]
        fig, axes = plt.subplots(len(panels), 1, figsize=(7.5, 0.45 * len(data) + 1.8),
                                 gridspec_kw={"height_ratios": sizes}, squeeze=False)
        for ax, panel in zip(axes[:, 0], panels):
            d = data[data["panel"] == panel].reset_index(drop=True)
            ax.barh(range(len(d)), d["value"], color=PALETTE[0], height=0.6)
            for i, r in d.iterrows():
                _label_end(ax, r["value"], i, r["shown"])
            ax.set_xlim(0, d["value"].max() * 1.35)
            ax.set_yticks(range(len(d)), d["label_en"])
            ax.set_xlabel(panel, fontsize=8)
    fig.axes[0].set_title(scorecard_title(sc, place))
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data


def timeline_chart(milestones: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """milestones → (one row per milestone on a time axis, labelled with its source; data)."""
    use_house_style()
    data = milestones[["date", "x", "label_en", "status", "source_ids"]].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(data) + 1.4))
    lo, hi = int(data["x"].min()), int(data["x"].max()) + 1
    mid = (lo + hi) / 2
    for i, r in data.iterrows():
        planned = r["status"] == "planned"
        ax.scatter([r["x"]], [i], s=45, zorder=3, color="white" if planned else PALETTE[0],
                   edgecolor=PALETTE[0])
        srcs = ", ".join(sid[:3] for sid in r["source_ids"].split(";"))
        text = f"{r['date']}{' (planned)' if planned else ''}: {r['label_en']} [{srcs}]"
        left = r["x"] > mid
        ax.annotate(text, (r["x"], i), xytext=(-7 if left else 7, 0), textcoords="offset points",
                    ha="right" if left else "left", va="center", fontsize=7.5)
    ax.set_xlim(lo - 0.5, hi + 0.3)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_title("Milestones of Beijing–Tianjin–Hebei health coordination")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data


def quality_chart(quality: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """source quality table → (three panels: noise share, corrupted spans, facts; plotted data)."""
    use_house_style()
    data = quality[["source_id", "noise_share", "corrupted_spans", "facts", "facts_in_scope"]].copy()
    data["label"] = data["source_id"].str[:3]
    data["corrupted_spans"] = data["corrupted_spans"].astype(int)
    data["facts"], data["facts_in_scope"] = data["facts"].astype(int), data["facts_in_scope"].astype(int)
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.2), sharey=True)
    y = range(len(data))
    axes[0].barh(y, data["noise_share"] * 100, color=PALETTE[3])
    axes[0].set_title("Noise removed (% of raw)", fontsize=9)
    axes[1].barh(y, data["corrupted_spans"], color=PALETTE[4])
    axes[1].set_title("Corrupted spans", fontsize=9)
    axes[2].barh(y, data["facts"], color="#CCCCCC", label="extracted")
    axes[2].barh(y, data["facts_in_scope"], color=PALETTE[2], label="in scope")
    axes[2].set_title("Facts", fontsize=9)
    axes[2].legend(frameon=False, fontsize=7, loc="lower right")
    for ax, col, fmt in zip(axes, ("noise_share", "corrupted_spans", "facts_in_scope"),
                            ("{:.0%}", "{:d}", "{:d}")):
        for i, v in enumerate(data[col]):
            _label_end(ax, v * 100 if col == "noise_share" else v, i, fmt.format(v))
        ax.margins(x=0.25)
    axes[0].set_yticks(list(y), data["label"])
    axes[0].invert_yaxis()
    fig.suptitle("Data quality per source", x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig, data


def agreement_chart(repeats: pd.DataFrame, source_ids: list[str]) -> tuple[plt.Figure, pd.DataFrame]:
    """repeated values → (dot matrix: which source states each value; plotted data)."""
    use_house_style()
    rows = [{"statement": f"{r['label_en']}: {qualified_en(r['value'], r['unit'], r['qualifier'])}",
             "source": s[:3]}
            for _, r in repeats.iterrows() for s in r["source_ids"].split(";")]
    data = pd.DataFrame(rows, columns=["statement", "source"])
    stmts = list(dict.fromkeys(data["statement"]))
    cols = [s[:3] for s in source_ids]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(stmts) + 1.5))
    ax.scatter([cols.index(s) for s in data["source"]],
               [stmts.index(s) for s in data["statement"]], s=60, color=PALETTE[0])
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(stmts)), stmts, fontsize=7)
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.invert_yaxis()
    ax.set_xlabel("Source")
    ax.set_title("The same value in several sources")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data


def series_chart(points: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """series points → (small multiples: each series' values by date, labelled; plotted data)."""
    use_house_style()
    data = points.assign(x=[decimal_year(str(d)) for d in points["date"]])
    names = list(dict.fromkeys(data["series"]))
    fig, axes = plt.subplots(1, len(names), figsize=(2.6 * len(names), 3), squeeze=False)
    for ax, name in zip(axes[0], names):
        g = data[data["series"] == name].sort_values("x")
        ax.plot(g["x"], g["value"], marker="o", color=PALETTE[0])
        for _, r in g.iterrows():
            ax.annotate(qualified_en(r["value"], r.get("unit", ""), r["qualifier"]),
                        (r["x"], r["value"]), xytext=(0, 5), textcoords="offset points",
                        ha="center", fontsize=8)
        ax.set_title("\n".join(_wrap(name, 26)), fontsize=8)
        ax.set_ylim(0, g["value"].max() * 1.3)
        ax.set_xlim(g["x"].min() - 0.6, g["x"].max() + 0.6)
        ax.set_xticks(sorted({int(x) for x in g["x"]}))
    fig.suptitle("Values that change over time: series, not conflicts", x=0.01, ha="left",
                 fontweight="bold")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig, data


def _wrap(text: str, width: int) -> list[str]:
    """text → lines of at most width characters, split at spaces."""
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + len(word) + 1 > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return lines + [cur]
