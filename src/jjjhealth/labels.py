"""labels.yml (+ places.yml) → place, unit and chart words in English or Chinese, and numbers as each edition prints them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jjjhealth import places, yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.paths import LABELS_YML
from jjjhealth.qualifiers import number, qualified_en, qualified_zh

LANGS = ("en", "zh")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=2)
def table(path: Path = LABELS_YML) -> dict:
    """labels.yml → {units, terms}; CatalogError when a section is missing."""
    data = yamlio.load(path, CatalogError) or {}
    missing = [s for s in ("units", "terms") if s not in data]
    if missing:
        raise CatalogError(f"{path}: sections {missing} missing")
    return data


def _lang(lang: str) -> str:
    """lang → lang, or ValueError naming the editions."""
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: use one of {LANGS}")
    return lang


def _entry(section: str, key: str) -> dict:
    """(section, key) → its {en, zh} row; CatalogError naming the file when absent."""
    try:
        return table()[section][key]
    except KeyError:
        raise CatalogError(f"{LABELS_YML}: {section} has no entry {key!r}; add its en and zh "
                           "names") from None


def place(name: str, lang: str) -> str:
    """('保定', 'en') → 'Baoding'; ('保定', 'zh') → '保定' (places.yml; CatalogError if unknown)."""
    return getattr(places.get(name), _lang(lang))


def place_both(name: str) -> str:
    """'保定' → 'Baoding (保定)': an English name with the Chinese one a reader can search."""
    return f"{place(name, 'en')} ({place(name, 'zh')})"


def unit(u: str, lang: str) -> str:
    """('人次', 'en') → 'person-times'; ('人次', 'zh') → '人次'."""
    return _entry("units", u or "")[_lang(lang)]


def term(key: str, lang: str, **fields) -> str:
    """('of_which', 'zh', place='保定') → '其中保定' (chart words from labels.yml)."""
    return _entry("terms", key)[_lang(lang)].format(**fields)


def num(value: float, lang: str, digits: int = 0) -> str:
    """(63574, 'en') → '63,574'; (63574, 'zh') → '63574' (Chinese charts print no separators)."""
    text = f"{round(float(value), digits):,.{digits}f}"
    return text if _lang(lang) == "en" else text.replace(",", "")


def number_zh(value: float) -> str:
    """230000 → '23万'; 63574 → '63574'; 3000 → '3000' (万 only when it stays exact to 0.01)."""
    v = float(value)
    if abs(v) >= 10_000 and round(v / 10_000, 2) * 10_000 == v:
        return f"{v / 10_000:.2f}".rstrip("0").rstrip(".") + "万"
    return number(v).replace(",", "")


def qty(value: float, u: str, qualifier: str, lang: str) -> str:
    """(3000, '张', 'at_least', 'en') → '3,000+ beds'; (…, 'zh') → '3000余张' (jjjhealth.qualifiers)."""
    if _lang(lang) == "en":
        word = unit(u, "en") if u != "%" else ""
        return qualified_en(value, u, qualifier) + (f" {word}" if word else "")
    return qualified_zh(value, u if u == "%" else unit(u, "zh"), qualifier)


def script_problems(text: str, lang: str) -> list[str]:
    """chart text + edition → problems: Latin letters in a Chinese figure, CJK-only text in an English one."""
    if lang == "zh" and LATIN.search(text):
        return [f"Latin script in a Chinese figure: {text!r}"]
    if lang == "en" and CJK.search(text) and not LATIN.search(text):
        return [f"Chinese without an English name in an English figure: {text!r}"]
    return []
