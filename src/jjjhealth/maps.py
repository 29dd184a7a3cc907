"""map features + place status (jjjhealth.geo) → the coverage map figure (drawing only)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch, Polygon

from .figures import PALETTE, use_house_style

# Label nudges (degrees) where small areas would overlap their neighbours' labels.
LABEL_OFFSETS = {"雄安新区": (-0.05, -0.22), "廊坊": (0.12, 0.12)}
STATUS_COLOURS = {"partner municipality": "#D9D9D9", "covered by JJJ alliances": "#A6CEE3",
                  "not stated": "#FFFFFF"}


def map_chart(features: list[dict], status: pd.DataFrame, highlight_place: str):
    """features + place status → (map: fill = what sources say, label = statements; data)."""
    use_house_style()
    st = status.set_index("place")
    fig, ax = plt.subplots(figsize=(6.4, 7.2))
    for f in features:
        s = st.loc[f["place"]]
        hl = f["place"] == highlight_place
        for ring in f["polygons"]:
            ax.add_patch(Polygon(ring, closed=True, facecolor=STATUS_COLOURS[s["status"]],
                                 edgecolor=PALETTE[3] if hl else "#555555",
                                 linewidth=1.6 if hl else 0.5, zorder=3 if hl else 2))
    for f in features:
        s = st.loc[f["place"]]
        x, y = label_point(f["polygons"])
        dx, dy = LABEL_OFFSETS.get(f["place"], (0.0, 0.0))
        x, y = x + dx, y + dy
        n = int(s["statements"])
        text = f["place"] + (f"\n{n} figure{'s' if n != 1 else ''}" if n else "")
        ax.text(x, y, text, ha="center", va="center", fontsize=7, zorder=4,
                fontweight="bold" if f["place"] == highlight_place else "normal")
    handles = [Patch(facecolor=c, edgecolor="#555555", label=lab)
               for lab, c in STATUS_COLOURS.items() if lab in set(status["status"])]
    handles.append(Patch(facecolor="white", edgecolor=PALETTE[3], linewidth=1.6,
                         label=f"highlighted: {highlight_place}"))
    ax.legend(handles=handles, frameon=False, fontsize=8, loc="lower right")
    xs = [p[0] for f in features for r in f["polygons"] for p in r]
    ys = [p[1] for f in features for r in f["polygons"] for p in r]
    ax.set_xlim(min(xs) - 0.2, max(xs) + 0.2)
    ax.set_ylim(min(ys) - 0.2, max(ys) + 0.2)
    ax.set_aspect(1 / 0.78)  # ≈ 1/cos(39°N): equal distances at the region's latitude
    ax.set_axis_off()
    ax.set_title("京津冀: what the sources say about each place")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    data = status[["place", "name_en", "kind", "status", "statements", "metrics", "source_ids"]]
    return fig, data.reset_index(drop=True)


def label_point(polygons: list[list[tuple]]) -> tuple[float, float]:
    """polygons → a label position: the vertex mean of the largest ring (by bounding box)."""
    def area(r):
        xs, ys = [p[0] for p in r], [p[1] for p in r]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))
    ring = max(polygons, key=area)
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
