"""fact row → how the report states its meaning: scope, kind, date, source (English and Chinese)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from jjjhealth import names, places, yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.labels import LANGS
from jjjhealth.paths import WORDING_YML

_ISO = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?")


@lru_cache(maxsize=1)
def table() -> dict:
    """wording.yml → its tables (checked: every entry has en and zh)."""
    data = yamlio.load(WORDING_YML, CatalogError)
    for section in ("scopes", "measures", "change_bases", "sentences"):
        for key, entry in (data.get(section) or {}).items():
            if not isinstance(entry, dict) or set(LANGS) - set(entry):
                raise CatalogError(f"{WORDING_YML}: {section}.{key} needs en and zh")
    return data


def date(as_of: str, lang: str) -> str:
    """'2025-02-25' / '2024-08' / '2023' → 'February 2025' / 'August 2024' / '2023' (or 2025年2月)."""
    if not _ISO.fullmatch(str(as_of)):
        return str(as_of)  # not a date the extractor wrote: shown as it is
    parts = str(as_of).split("-")
    if lang == "zh":
        units = ("年", "月", "日")
        return "".join(f"{int(p)}{u}" for p, u in zip(parts[:2], units, strict=False))
    if len(parts) == 1:
        return parts[0]
    return f"{table()['months_en'][int(parts[1]) - 1]} {parts[0]}"


def day(iso: str, lang: str) -> str:
    """'2026-11-25' → '25 November 2026' / '2026年11月25日': a day in words, which a narrow
    screen cannot break at a hyphen; anything else is shown as it is."""
    parts = str(iso).split("-")
    if len(parts) != 3 or not _ISO.fullmatch(str(iso)):
        return str(iso)
    y, m, d = (int(p) for p in parts)
    return f"{y}年{m}月{d}日" if lang == "zh" else f"{d} {table()['months_en'][m - 1]} {y}"


def scope(row: Mapping, lang: str, place_name=lambda p, lang: p) -> str:
    """fact row (+ a place-name lookup) → whose number it is: 'Baoding (city)', 'one institution: …'."""
    kind = str(row.get("scope") or "")
    entry = table()["scopes"].get(kind)
    place = place_name(str(row.get("place") or ""), lang)
    if entry is None:
        return place
    subject = str(row.get("subject_en") or "") if lang == "en" else ""
    subject = subject or str(row.get("subject") or "") or place
    text = entry[lang].format(place=place, subject=subject)
    actor = str(row.get("actor") or "")
    if actor and kind in ("institution", "department", "programme"):
        # an actor is a place (京津) or an entity, which reads as written, like the subject
        who = (place_name(actor, lang) if actor in places.table()
               else (names.english(actor) if lang == "en" else "") or actor)
        text = table()["with_actor"][lang].format(actor=who, scope=text)
    return text


def kind(row: Mapping, lang: str) -> str:
    """fact row → what kind of number: 'running total', 'change on the previous year', '累计'."""
    measures, bases = table()["measures"], table()["change_bases"]
    measure = str(row.get("measure") or "")
    text = measures[measure][lang] if measure in measures else ""
    base = str(row.get("change_base") or "")
    if measure == "change" and base in bases:
        text = f"{text} {bases[base][lang]}" if lang == "en" else f"{bases[base][lang]}{text}"
    return text


def meta(row: Mapping, source_id: str, lang: str, place_name=lambda p, lang: p) -> str:
    """fact row + its source's short id → '(Baoding (city), level, as of 2023; source 002)'."""
    when = table()["as_of"][lang].format(date=date(str(row.get("as_of") or ""), lang))
    src = table()["source"][lang].format(id=source_id)
    parts = [p for p in (scope(row, lang, place_name), kind(row, lang), when) if p]
    if lang == "zh":
        return f"（{'，'.join(parts)}；{src}）"
    return f"({', '.join(parts)}; {src})"
