"""map features + place status (jjjhealth.analysis.geo) → the coverage map figure (drawing only)."""

from __future__ import annotations

import pandas as pd

from jjjhealth.analysis import geo

# Where a label may go, tried in order until no boundary crosses it and it overlaps no
# other label: its area's label point, then rings of growing radius (degrees) around it.
LABEL_RADII = (0.0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0, 1.2, 1.4, 1.7, 2.0, 2.4, 2.8)
LABEL_DIRECTIONS = ((0, -1), (1, 0), (-1, 0), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1),
                    (0.5, -1), (1, -0.5), (-0.5, -1), (-1, -0.5), (1, 0.5), (0.5, 1),
                    (-1, 0.5), (-0.5, 1))
LEADER_FROM = 0.3  # a label moved this far gets a line to its area
STATUS_COLOURS = {"partner municipality": "#D9D9D9", "covered by JJJ alliances": "#A6CEE3",
                  "not stated": "#FFFFFF"}


def map_chart(features: list[dict], status: pd.DataFrame, highlight_place: str,
              facts: pd.DataFrame | None = None, lang: str = "en"):
    """features + place status → (map: fill = what sources say, label = statements; data)."""
    import matplotlib.patheffects as pe
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Polygon

    from jjjhealth import labels
    from jjjhealth.present.figures import (
        FIG_WIDTH,
        PALETTE,
        SMALL_FONT,
        legend_below,
        use_house_style,
    )

    use_house_style()
    st = status.set_index("place")
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 5.6), layout="constrained")
    for f in features:
        s = st.loc[f["place"]]
        hl = f["place"] == highlight_place
        for ring in f["polygons"]:
            ax.add_patch(Polygon(ring, closed=True, facecolor=STATUS_COLOURS[s["status"]],
                                 edgecolor=PALETTE[3] if hl else "#555555",
                                 linewidth=1.6 if hl else 0.5, zorder=3 if hl else 2))
    xs = [p[0] for f in features for r in f["polygons"] for p in r]
    ys = [p[1] for f in features for r in f["polygons"] for p in r]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 0.3, max(ys) + 0.2)
    ax.set_aspect(1 / 0.78)  # ≈ 1/cos(39°N): equal distances at the region's latitude
    ax.set_axis_off()
    fig.canvas.draw()  # fixes the layout, so text boxes can be measured in data units
    halo = [pe.withStroke(linewidth=2.5, foreground="white")]
    placed: list = []
    for f in sorted(features, key=lambda f: -_extent(f["polygons"])):
        n = int(st.loc[f["place"], "statements"])
        name = (f"{labels.place(f['place'], 'en')}\n{labels.place(f['place'], 'zh')}"
                if lang == "en" else labels.place(f["place"], "zh"))
        count = (labels.term("figure_on_map", lang) if n == 1 else
                 labels.term("figures_on_map", lang, n=n)) if n else ""
        t = ax.text(*label_point(f["polygons"]), name + (f"\n{count}" if count else ""),
                    ha="center", va="center", fontsize=SMALL_FONT, zorder=5,
                    fontweight="bold" if f["place"] == highlight_place else "normal",
                    path_effects=halo, linespacing=1.0)
        t.set_in_layout(False)
        placed.append(_place_label(t, ax, placed, f["polygons"]))
    handles = [Patch(facecolor=c, edgecolor="#555555", label=labels.term(f"status_{lab}", lang))
               for lab, c in STATUS_COLOURS.items() if lab in set(status["status"])]
    hl_name = (labels.place_both(highlight_place) if lang == "en"
               else labels.place(highlight_place, "zh"))
    handles.append(Patch(facecolor="white", edgecolor=PALETTE[3], linewidth=1.6,
                         label=labels.term("highlighted", lang, place=hl_name)))
    legend_below(fig, (handles, [h.get_label() for h in handles]))
    data = status[["place", "name_en", "kind", "status", "statements", "source_ids"]].copy()
    data["name_zh"] = [labels.place(p, "zh") for p in data["place"]]
    data["fact_ids"] = [";".join(geo.place_facts(facts, p, s)) if facts is not None else ""
                        for p, s in zip(data["place"], data["status"])]
    return fig, data.reset_index(drop=True)


def _extent(polygons: list[list[tuple]]) -> float:
    """polygons → bounding-box area of the largest ring (degrees²)."""
    return max((max(p[0] for p in r) - min(p[0] for p in r)) * (max(p[1] for p in r) -
               min(p[1] for p in r)) for r in polygons)


def _place_label(t, ax, placed: list, own: list[list[tuple]]):
    """label at its area's point → moved to the first spot no boundary or other label touches,
    inside its own area or outside every area (never inside a neighbour)."""
    from matplotlib.patches import Polygon
    from matplotlib.path import Path as MplPath
    from matplotlib.text import Text

    renderer = ax.figure.canvas.get_renderer()
    rings = [MplPath(p.get_xy()) for p in ax.patches if isinstance(p, Polygon)]
    own_rings = [MplPath(r) for r in own]
    x0, y0 = t.get_position()
    (xl, xh), (yl, yh) = ax.get_xlim(), ax.get_ylim()
    box = None
    for r in LABEL_RADII:
        for dx, dy in LABEL_DIRECTIONS if r else ((0, 0),):
            t.set_position((x0 + dx * r, y0 + dy * r * 0.78))
            box = Text.get_window_extent(t, renderer).transformed(ax.transData.inverted())
            inside = xl <= box.x0 and box.x1 <= xh and yl <= box.y0 and box.y1 <= yh
            c = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            home = any(g.contains_point(c) for g in own_rings) or not any(
                g.contains_point(c) for g in rings)
            if inside and home and not any(g.intersects_bbox(box, filled=False) for g in rings) \
                    and not any(box.overlaps(b) for b in placed):
                if r >= LEADER_FROM:  # a line from the area to its label (the halo hides its end)
                    ax.plot([x0, t.get_position()[0]], [y0, t.get_position()[1]], zorder=4,
                            color="#333333", linewidth=0.6)
                return box
    return box


def label_crossings(fig) -> list[str]:
    """drawn map → the place labels that a boundary line runs through (should be none)."""
    from matplotlib.patches import Polygon
    from matplotlib.path import Path as MplPath
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    rings = [MplPath(p.get_xy()) for p in ax.patches if isinstance(p, Polygon)]
    bad = []
    for t in ax.texts:
        if not t.get_text():
            continue
        box = Text.get_window_extent(t, renderer).transformed(ax.transData.inverted())
        if any(r.intersects_bbox(box, filled=False) for r in rings):
            bad.append(t.get_text().replace("\n", " "))
    return bad


def label_point(polygons: list[list[tuple]]) -> tuple[float, float]:
    """polygons → a label position: the vertex mean of the largest ring (by bounding box)."""
    def area(r):
        xs, ys = [p[0] for p in r], [p[1] for p in r]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))
    ring = max(polygons, key=area)
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
