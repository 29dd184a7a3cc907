"""places.yml → the place table: each place's zh and en names, level, parent, spellings in text, map name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jjjhealth import yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.paths import PLACES_YML

LEVELS = ("region", "province", "city", "county")
HOME = "{home}"  # what the home words (本市, 全省) stand for in the spelling table


@dataclass(frozen=True)
class Place:
    """One place: names in both editions, level (a fact's scope), parent, spellings, map name."""

    id: str
    zh: str
    en: str
    level: str
    parent: str
    names: tuple[str, ...]
    map: str = ""


def _fail(path: Path, where: str, what: str) -> CatalogError:
    """(file, entry, problem) → a CatalogError saying what to fix."""
    return CatalogError(f"{path}: places: {where}: {what}; fix the entry")


def _place(path: Path, pid: str, row) -> Place:
    """one entry of places.yml → a checked Place."""
    if not isinstance(row, dict):
        raise _fail(path, pid, f"{row!r} must be a mapping")
    missing = [k for k in ("zh", "en", "level", "parent", "names") if k not in row]
    unknown = set(row) - {"zh", "en", "level", "parent", "names", "map"}
    if missing or unknown:
        raise _fail(path, pid, f"missing {missing}, unknown {sorted(unknown)}")
    if not (isinstance(row["zh"], str) and row["zh"] and isinstance(row["en"], str) and row["en"]):
        raise _fail(path, pid, "zh and en must be non-empty text")
    if row["level"] not in LEVELS:
        raise _fail(path, pid, f"level {row['level']!r} is not one of {LEVELS}")
    names = row["names"]
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise _fail(path, pid, f"names {names!r} must be a list of non-empty texts")
    return Place(pid, row["zh"], row["en"], row["level"], str(row["parent"] or ""),
                 tuple(names), str(row.get("map") or ""))


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[dict[str, Place], dict[str, str]]:
    """places.yml → ({place id: Place} in file order, {spelling in text: place id or HOME})."""
    data = yamlio.load(path, CatalogError)
    if not isinstance(data, dict) or not isinstance(data.get("places"), dict) or "home" not in data:
        raise CatalogError(f"{path}: needs a mapping 'places' and a list 'home'")
    table = {str(pid): _place(path, str(pid), row) for pid, row in data["places"].items()}
    spelling: dict[str, str] = {}
    for p in table.values():
        if p.parent and p.parent not in table:
            raise _fail(path, p.id, f"parent {p.parent!r} is not a place of the table")
        if not p.parent and p.level not in ("region", "province"):
            raise _fail(path, p.id, "only a region or a province may have no parent")
        for name in p.names:
            if name in spelling:
                raise _fail(path, p.id, f"spelling {name!r} already names {spelling[name]!r}")
            spelling[name] = p.id
    for name in data["home"] or []:
        if name in spelling:
            raise _fail(path, "home", f"spelling {name!r} already names {spelling[name]!r}")
        spelling[str(name)] = HOME
    return table, spelling


def table(path: Path = PLACES_YML) -> dict[str, Place]:
    """places.yml → {place id: Place}, in file order."""
    return _load(path if isinstance(path, Path) else Path(path))[0]  # called per number


def spellings(path: Path = PLACES_YML) -> dict[str, str]:
    """places.yml → {how a text writes a place: place id, or HOME for 本市/全省 …}."""
    return _load(path if isinstance(path, Path) else Path(path))[1]


def known() -> list[str]:
    """→ the place ids, in table order."""
    return list(table())


def get(place: str) -> Place:
    """place id → its Place; CatalogError naming places.yml when the table lacks it."""
    try:
        return table()[place]
    except KeyError:
        raise CatalogError(f"{PLACES_YML}: no place {place!r}; add it with its zh, en, level and "
                           "parent") from None


def level(place: str, default: str | None = None) -> str:
    """place id → region/province/city/county; default (when given) for a place not in the table."""
    if default is not None and place not in table():
        return default
    return get(place).level


def on_map() -> dict[str, str]:
    """→ {feature name in boundaries.geojson: place id} for the places the map draws."""
    return {p.map: p.id for p in table().values() if p.map}


def within(parent: str, lvl: str) -> list[str]:
    """(place id, level) → the places of that level whose parent it is, in table order."""
    get(parent)
    return [p.id for p in table().values() if p.parent == parent and p.level == lvl]


def inside(place: str, other: str) -> bool:
    """(place id, place id) → True when place lies within other (通州 in 北京; 燕郊 in 河北)."""
    seen = set()
    while place in table() and place not in seen:
        seen.add(place)
        place = table()[place].parent
        if place == other:
            return True
    return False
