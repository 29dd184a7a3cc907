"""data/boundaries.geojson + facts → map features and what the sources say about each place."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from jjjhealth import places
from jjjhealth.errors import ParameterError
from jjjhealth.paths import PLACES_YML, DataFiles

# What a status means on the map, and the facts that establish it.
COVERAGE_METRIC = "cities_covered"  # "覆盖河北省11个设区市和雄安新区"
COVERAGE_ALSO = "雄安新区"  # named in the same clause → the new area is covered too


def load(data_dir: Path) -> list[dict]:
    """data folder → features [{place, name_zh, name_en, kind, polygons: [[(x, y), …], …]}]."""
    path = DataFiles(Path(data_dir)).boundaries_geojson
    if not path.exists():
        raise FileNotFoundError(f"{path}: boundaries missing; see data/README.md for how it was made")
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    mapped = places.on_map()  # GeoJSON name → place id
    for feat in doc["features"]:
        name = feat["properties"]["name"]
        if name not in mapped:
            raise ValueError(f"{path}: feature {name!r} is the `map` of no place in {PLACES_YML}")
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        place = mapped[name]
        out.append({"place": place, "name_zh": name, "name_en": places.get(place).en,
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


def place_facts(facts: pd.DataFrame, place: str, status: str) -> list[str]:
    """facts + place + status → ids of the facts behind its label and its fill."""
    own = facts[facts["in_scope"] & facts["metric"].ne("unclassified") & facts["place"].eq(place)]
    ids = set(own["fact_id"])
    if status.startswith("covered"):
        ids |= set(coverage_sources(facts)["fact_id"])
    return sorted(ids)
