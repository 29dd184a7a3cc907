"""names.yml + places.yml → the English name of an entity the texts name (保定市儿童医院 → Baoding Children's Hospital)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jjjhealth import places, yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.paths import NAMES_YML

# An administrative word may stand between the place and the kind (保定市儿童医院).
_ADMIN = ("市", "省", "区", "县")


@lru_cache(maxsize=2)
def _tables(path: Path = NAMES_YML) -> tuple[dict[str, str], dict[str, str]]:
    """names.yml → ({name: English}, {kind: English})."""
    data = yamlio.load(path, CatalogError)
    ok = isinstance(data, dict) and all(
        isinstance(data.get(k), dict) and all(isinstance(v, str) and v for v in data[k].values())
        for k in ("exact", "kinds"))
    if not ok:
        raise CatalogError(f"{path}: needs mappings 'exact' and 'kinds' of name → English text")
    return ({str(k): v for k, v in data["exact"].items()},
            {str(k): v for k, v in data["kinds"].items()})


@lru_cache(maxsize=1)
def _spellings() -> tuple[tuple[str, str], ...]:
    """→ (spelling, place id) of places.yml, longest first, home words (本市) left out (built
    once, not once per name)."""
    spellings = {**places.spellings(), **{p.zh: pid for pid, p in places.table().items()}}
    known = {s: pid for s, pid in spellings.items() if pid in places.table()}
    return tuple(sorted(known.items(), key=lambda kv: len(kv[0]), reverse=True))


@lru_cache(maxsize=8192)  # a text names the same entities again and again
def english(name: str) -> str:
    """entity name as written → its English name from the catalog, composed or exact; '' if unknown.

    Composition is limited to '<place><市/省/区/县?><kind>' so that a name is never half
    translated (北京大学人民医院 keeps its Chinese words)."""
    exact, kinds = _tables()
    if name in exact:
        return exact[name]
    for spelling, place in _spellings():
        if not name.startswith(spelling):
            continue
        rest = name[len(spelling):]
        rest = rest[1:] if rest[:1] in _ADMIN and rest[1:] in kinds else rest
        if rest in kinds:
            return f"{places.get(place).en} {kinds[rest]}"
    return ""
