"""analysis tables → matplotlib figures in the house style (the data plotted is returned too)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from . import growth
from .figures import use_house_style


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
    ax.axhline(100, color="#999999", linewidth=0.8)
    ax.set_ylabel(f"Index ({years[0]} = 100)")
    ax.set_title(f"{place}: medical resources, {years[0]}–{years[-1]}")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig, data
