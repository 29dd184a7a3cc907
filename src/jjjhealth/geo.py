"""data/boundaries.geojson + facts → map features and what the sources say about each place."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .errors import ParameterError

BOUNDARIES = "boundaries.geojson"
# GeoJSON name → (place as facts.csv spells it, English name).
PLACES = {
    "北京市": ("北京", "Beijing"), "天津市": ("天津", "Tianjin"),
    "石家庄市": ("石家庄", "Shijiazhuang"), "唐山市": ("唐山", "Tangshan"),
    "秦皇岛市": ("秦皇岛", "Qinhuangdao"), "邯郸市": ("邯郸", "Handan"),
    "邢台市": ("邢台", "Xingtai"), "保定市": ("保定", "Baoding"),
    "张家口市": ("张家口", "Zhangjiakou"), "承德市": ("承德", "Chengde"),
    "沧州市": ("沧州", "Cangzhou"), "廊坊市": ("廊坊", "Langfang"),
    "衡水市": ("衡水", "Hengshui"), "雄安新区": ("雄安新区", "Xiong'an New Area"),
}
# What a status means on the map, and the facts that establish it.
COVERAGE_METRIC = "cities_covered"  # "覆盖河北省11个设区市和雄安新区"
COVERAGE_ALSO = "雄安新区"  # named in the same clause → the new area is covered too


def load(data_dir: Path) -> list[dict]:
    """data folder → features [{place, name_zh, name_en, kind, polygons: [[(x, y), …], …]}]."""
    path = Path(data_dir) / BOUNDARIES
    if not path.exists():
        raise FileNotFoundError(f"{path}: boundaries missing; see data/README.md for how it was made")
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for feat in doc["features"]:
        name = feat["properties"]["name"]
        if name not in PLACES:
            raise ValueError(f"{path}: feature {name!r} has no entry in geo.PLACES")
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        place, en = PLACES[name]
        out.append({"place": place, "name_zh": name, "name_en": en,
                    "kind": feat["properties"]["kind"],
                    "polygons": [[tuple(p) for p in poly[0]] for poly in polys]})
    return out


def known_places(data_dir: Path) -> list[str]:
    """data folder → the places the map can show."""
    return [f["place"] for f in load(data_dir)]


def check_place(place: str, data_dir: Path) -> None:
    """Raise ParameterError listing the map's places when place is not one of them."""
    known = known_places(data_dir)
    if place not in known:
        raise ParameterError(f"parameter highlight_place={place!r}: not on the map; "
                             f"known places: {known}")


def label_point(polygons: list[list[tuple]]) -> tuple[float, float]:
    """polygons → a label position: the vertex mean of the largest ring (by bounding box)."""
    def area(r):
        xs, ys = [p[0] for p in r], [p[1] for p in r]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))
    ring = max(polygons, key=area)
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def coverage_sources(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → the statements that Hebei's prefecture cities (and 雄安新区) are all covered."""
    f = facts[facts["metric"].eq(COVERAGE_METRIC) & facts["in_scope"]]
    return f[["fact_id", "source_id", "value", "quote"]].reset_index(drop=True)


def place_status(facts: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """facts + boundaries → per map place: status, in-scope statements naming it, sources."""
    cover = coverage_sources(facts)
    n_cities = int(cover["value"].max()) if len(cover) else 0
    xiongan = cover["quote"].str.contains(COVERAGE_ALSO, regex=False).any()
    scoped = facts[facts["in_scope"] & facts["metric"].ne("unclassified")]
    rows = []
    for f in load(data_dir):
        if f["kind"] == "municipality":
            status = "partner municipality"
        elif f["kind"] == "hebei_new_area":
            status = "covered by JJJ alliances" if xiongan else "not stated"
        else:
            status = "covered by JJJ alliances" if n_cities >= 11 else "not stated"
        own = scoped[scoped["place"] == f["place"]]
        rows.append({
            "place": f["place"], "name_en": f["name_en"], "kind": f["kind"], "status": status,
            "statements": int(own.drop_duplicates(["metric", "value"]).shape[0]),
            "metrics": ";".join(sorted(own["metric"].unique())),
            "source_ids": ";".join(sorted(set(own["source_id"]) | (
                set(cover["source_id"]) if status.startswith("covered") else set()))),
        })
    return pd.DataFrame(rows)


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

    from . import labels
    from .figures import FIG_WIDTH, PALETTE, SMALL_FONT, legend_below, use_house_style

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
    data["fact_ids"] = [";".join(place_facts(facts, p, s)) if facts is not None else ""
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


def place_facts(facts: pd.DataFrame, place: str, status: str) -> list[str]:
    """facts + place + status → ids of the facts behind its label and its fill."""
    own = facts[facts["in_scope"] & facts["metric"].ne("unclassified") & facts["place"].eq(place)]
    ids = set(own["fact_id"])
    if status.startswith("covered"):
        ids |= set(coverage_sources(facts)["fact_id"])
    return sorted(ids)


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
