"""qualifiers.yml → hedge words, their intervals, and how a hedged value reads in English / Chinese.

The one home of what 余, 近, 超过 … mean (STYLE.md 10). One English reading per class:
exact "3,000", approx "about 3,000", at_least (余, 多, 以上, 至少) "3,000+", more_than (超过, 逾)
"more than 3,000", nearly (近) "nearly 3,000", less_than (不足, 不到) "under 3,000".
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from jjjhealth import yamlio
from jjjhealth.errors import CatalogError
from jjjhealth.paths import QUALIFIERS_YML

WORD_SECTIONS = ("qualifiers_before", "qualifiers_inside", "qualifiers_after")
_FIELDS = ("meaning", "en", "zh", "sign", "interval")


@lru_cache(maxsize=4)
def table(path: Path = QUALIFIERS_YML) -> dict:
    """qualifiers.yml → {classes: {class: spec}, qualifiers_before/inside/after: {word: spec}}."""
    data = yamlio.load(Path(path), CatalogError) or {}
    classes = data.get("classes") or {}
    for name, spec in classes.items():
        missing = [f for f in _FIELDS if f not in (spec or {})]
        if missing:
            raise CatalogError(f"{path}: class {name!r} lacks {missing}; add them")
    for section in WORD_SECTIONS:
        for word, spec in (data.get(section) or {}).items():
            if not isinstance(spec, dict) or spec.get("qualifier") not in classes:
                raise CatalogError(f"{path}: {section}.{word}: qualifier must be one of "
                                   f"{sorted(classes)}")
    return data


def classes() -> tuple[str, ...]:
    """→ the qualifier classes in table order ('exact', 'approx', …)."""
    return tuple(table()["classes"])


def spec(qualifier: str) -> dict:
    """qualifier class → its row (meaning, en, zh, sign, interval); CatalogError if unknown."""
    try:
        return table()["classes"][qualifier]
    except KeyError:
        raise CatalogError(f"unknown qualifier {qualifier!r}; known: {sorted(classes())} "
                           f"({QUALIFIERS_YML})") from None


def words() -> dict[str, list[str]]:
    """→ {class: [Chinese words that set it]} in table order."""
    out: dict[str, list[str]] = {}
    for section in WORD_SECTIONS:
        for word, entry in (table().get(section) or {}).items():
            out.setdefault(entry["qualifier"], [])
            if word not in out[entry["qualifier"]]:
                out[entry["qualifier"]].append(word)
    return out


def interval(value: float, qualifier: str) -> tuple[float, float]:
    """(printed value, qualifier) → the (low, high) range the hedged number stands for."""
    lo, hi = spec(qualifier)["interval"]
    if hi == "step":
        step = 10 ** math.floor(math.log10(value)) if value > 0 else 1
        return value * lo, value + step
    return value * float(lo), value * float(hi)


def number(value: float) -> str:
    """12000.0 → '12,000'; 71.4 → '71.4' (English digits)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def number_zh(value: float) -> str:
    """12000 → '1.2万'; 63574 → '63574'; 3000 → '3000' (万/亿 when at most two decimals)."""
    d = Decimal(repr(float(value)))
    for word, size in (("亿", Decimal(10) ** 8), ("万", Decimal(10) ** 4)):
        scaled = d / size
        if abs(d) >= size and scaled == scaled.quantize(Decimal("0.01")):
            return f"{scaled.normalize():f}{word}"
    return f"{d.normalize():f}"


def qualified_en(value: float, unit: str = "", qualifier: str = "exact") -> str:
    """(3000, '张', 'at_least') → '3,000+'; (80, '%', 'more_than') → 'more than 80%'."""
    n = number(value) + ("%" if unit == "%" else "")
    return spec(qualifier)["en"].format(n=n)


def qualified_zh(value: float, unit: str = "", qualifier: str = "exact") -> str:
    """(3000, '张', 'at_least') → '3000余张'; (12000, '人次') → '1.2万人次'; (3000, '张', 'nearly') → '近3000张'."""
    row = spec(qualifier)
    template = row.get("zh_percent", row["zh"].replace("{u}", "%")) if unit == "%" else row["zh"]
    return template.format(n=number_zh(value), u=unit or "")
