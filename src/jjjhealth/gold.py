"""Hand-made gold claims (tests/gold/facts_gold.csv) → precision and recall of extracted rows."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import config
from .errors import GoldError

GOLD_CSV = config.ROOT / "tests" / "gold" / "facts_gold.csv"
GOLD_COLUMNS = ["source_id", "value", "unit", "qualifier", "metric", "measure", "scope", "as_of",
                "quote_fragment", "note"]


def load_gold(path: Path = GOLD_CSV) -> list[dict]:
    """gold CSV → list of row dicts (value as float)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != GOLD_COLUMNS:
                raise GoldError(f"{path}: columns {reader.fieldnames}, expected {GOLD_COLUMNS}")
            rows = list(reader)
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold claims ({exc})") from exc
    for line, row in enumerate(rows, start=2):
        try:
            row["value"] = float(row["value"])
        except ValueError:
            raise GoldError(f"{path}:{line}: value {row['value']!r} is not a number") from None
    return rows


def _key(row: Mapping) -> tuple[str, float, str]:
    """row → the matching key (source_id, value rounded, unit)."""
    return (str(row["source_id"]), round(float(row["value"]), 6), str(row["unit"]))


def score(extracted_rows: Iterable[Mapping], gold_rows: Iterable[Mapping]) -> tuple[float, float]:
    """(extracted rows, gold rows) → (precision, recall), matched as multisets of (source_id, value, unit)."""
    got, want = Counter(map(_key, extracted_rows)), Counter(map(_key, gold_rows))
    hits = sum((got & want).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    precision = hits / n_got if n_got else 1.0
    recall = hits / n_want if n_want else 1.0
    return precision, recall


def misses(extracted_rows: Iterable[Mapping], gold_rows: Iterable[Mapping]) -> tuple[list, list]:
    """(extracted, gold) → (keys extracted but not in gold, gold keys not extracted), for reports."""
    got, want = Counter(map(_key, extracted_rows)), Counter(map(_key, gold_rows))
    return sorted((got - want).elements()), sorted((want - got).elements())
