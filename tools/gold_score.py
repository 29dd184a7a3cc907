"""Gold claims (tests/gold, tests/generalisation/*/gold.csv) × extracted facts → precision, recall.

Tools-side on purpose: the package never reads tests/. Two gold formats are read:
- the seeds' gold (tests/gold/facts_gold.csv: source_id, value, unit, qualifier, metric, …),
  scored on (source_id, value, unit) only;
- the generalisation sets' gold (GOLD_SPEC: … measure, scope, subject, place, as_of, per,
  change_base, counted, quote_fragment, note), scored strictly, loosely and field by field.

`python tools/gold_score.py` prints the seeds line (data/facts.csv) and one block per
generalisation folder present (each extracted into a temporary directory).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jjjhealth.errors import GoldError, JJJError

ROOT = Path(__file__).resolve().parents[1]
SEED_GOLD = ROOT / "tests" / "gold" / "facts_gold.csv"
GENERALISATION = ROOT / "tests" / "generalisation"
SEED_COLUMNS = ["source_id", "value", "unit", "qualifier", "metric", "measure", "scope", "as_of",
                "quote_fragment", "note"]
SPEC_COLUMNS = ["source_id", "value", "unit", "qualifier", "measure", "scope", "subject", "place",
                "as_of", "per", "change_base", "counted", "quote_fragment", "note"]
# A strict match needs these equal (plus source_id, and quote_fragment inside the fact's quote).
KEY_FIELDS = ("value", "unit", "measure", "scope", "as_of")
# Reported one by one on value-matched pairs, so one sees which field fails.
FIELDS = ("qualifier", "measure", "scope", "subject", "place", "as_of", "per", "change_base",
          "counted", "quote")
# Fields in the text's own words: equal when one contains the other (after NFKC), since the
# gold and an extractor may cut the phrase at different places (执业医师 / 执业(助理)医师 …).
WORDING_FIELDS = ("subject", "counted")
MEASURES = ("stock", "cumulative", "flow", "change", "batch", "planned", "rate", "ratio",
            "index", "share", "progress")
SCOPES = ("region", "province", "city", "county", "institution", "department", "programme")
CHANGE_BASES = ("period", "previous_year", "same_period_last_year")
EXTRA_UNITS = ("亩", "平方米", "元", "点", "倍", "ratio")


def load_gold(path: Path = SEED_GOLD) -> list[dict]:
    """gold CSV (either format, told by its header) → list of row dicts (value as float)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames not in (SEED_COLUMNS, SPEC_COLUMNS):
                raise GoldError(f"{path}: columns {reader.fieldnames}, expected {SEED_COLUMNS} "
                                f"(seeds) or {SPEC_COLUMNS} (generalisation sets)")
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
    """row → the loose matching key (source_id, value rounded, unit); GoldError if one lacks."""
    missing = [k for k in ("source_id", "value", "unit") if k not in row]
    if missing:
        raise GoldError(f"row lacks {missing} (has {sorted(row)}); pass rows of read_facts or "
                        "load_gold")
    return (str(row["source_id"]), round(float(row["value"]), 6), str(row["unit"]))


def score(extracted_rows: Iterable[Mapping], gold_rows: Iterable[Mapping]) -> tuple[float, float]:
    """(extracted, gold) → (precision, recall) as multisets of (source_id, value, unit)."""
    got, want = Counter(map(_key, extracted_rows)), Counter(map(_key, gold_rows))
    hits = sum((got & want).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    return (hits / n_got if n_got else 1.0), (hits / n_want if n_want else 1.0)


def misses(extracted_rows: Iterable[Mapping], gold_rows: Iterable[Mapping]) -> tuple[list, list]:
    """(extracted, gold) → (loose keys extracted but not in gold, gold keys not extracted)."""
    got, want = Counter(map(_key, extracted_rows)), Counter(map(_key, gold_rows))
    return sorted((got - want).elements()), sorted((want - got).elements())


def _norm(text: object) -> str:
    """cell → NFKC text without surrounding space (full-width brackets = ASCII ones)."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def _per(text: object) -> str:
    """per cell → comparable form: 每千常住人口 = 千常住人口 = 1000常住人口."""
    t = _norm(text).replace(" ", "").removeprefix("每")
    for digits, word in (("10000", "万"), ("1000", "千"), ("100", "百")):
        t = t.replace(digits, word)
    return t


def field_ok(fact: Mapping, gold: Mapping, name: str) -> bool:
    """(fact, gold row, field) → whether the fact has that field right; a missing column is wrong."""
    if name == "quote":
        return "quote" in fact and _norm(gold["quote_fragment"]) in _norm(fact["quote"])
    if name not in fact:
        return False
    if name == "value":
        return round(float(fact["value"]), 6) == round(float(gold["value"]), 6)
    got, want = _norm(fact[name]), _norm(gold[name])
    if name == "per":
        return _per(got) == _per(want)
    if name in WORDING_FIELDS:
        return got == want or bool(got and want and (got in want or want in got))
    return got == want


def _pair(facts: list[Mapping], golds: list[Mapping], ok) -> list[tuple[int, int]]:
    """(facts, gold rows, ok(fact, gold)) → a maximum matching as (fact index, gold index) pairs."""
    owner: dict[int, int] = {}  # fact index → gold index (Kuhn's augmenting paths; groups are tiny)

    def augment(g: int, seen: set[int]) -> bool:
        for f, fact in enumerate(facts):
            if f not in seen and ok(fact, golds[g]):
                seen.add(f)
                if f not in owner or augment(owner[f], seen):
                    owner[f] = g
                    return True
        return False

    for g in range(len(golds)):
        augment(g, set())
    return sorted(owner.items())


def _strict_ok(fact: Mapping, gold: Mapping) -> bool:
    """fact matches gold row strictly: key fields equal and the fragment inside the quote."""
    return all(field_ok(fact, gold, k) for k in (*KEY_FIELDS, "quote"))


@dataclass
class Score:
    """Scores of one folder: strict and loose precision/recall, field accuracy, misses."""

    n_extracted: int
    n_gold: int
    strict_hits: int
    loose_hits: int
    field_right: dict = field(default_factory=dict)
    missed: list = field(default_factory=list)      # gold rows with no strict match
    spurious: list = field(default_factory=list)    # extracted rows with no strict match
    wrong: dict = field(default_factory=dict)       # field → [(gold, fact)] value-matched, wrong

    def _ratio(self, hits: int, n: int) -> float:
        return hits / n if n else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.strict_hits, self.n_extracted)

    @property
    def recall(self) -> float:
        return self._ratio(self.strict_hits, self.n_gold)

    @property
    def loose_precision(self) -> float:
        return self._ratio(self.loose_hits, self.n_extracted)

    @property
    def loose_recall(self) -> float:
        return self._ratio(self.loose_hits, self.n_gold)

    def field_accuracy(self) -> dict[str, float]:
        """→ share of value-matched pairs with each field right (1.0 when nothing matched)."""
        return {k: (self._ratio(v, self.loose_hits)) for k, v in self.field_right.items()}


def score_facts(facts: Iterable[Mapping], gold: Iterable[Mapping]) -> Score:
    """(extracted facts, GOLD_SPEC gold rows) → Score (strict key, loose value+unit, per field)."""
    facts, gold = list(facts), list(gold)
    by_key_f: dict[tuple, list] = defaultdict(list)
    by_key_g: dict[tuple, list] = defaultdict(list)
    for f in facts:
        by_key_f[_key(f)].append(f)
    for g in gold:
        by_key_g[_key(g)].append(g)
    strict = loose = 0
    right = Counter({name: 0 for name in FIELDS})
    wrong: dict[str, list] = defaultdict(list)
    matched_f, matched_g = set(), set()
    for key, golds in by_key_g.items():
        cands = by_key_f.get(key, [])
        pairs = _pair(cands, golds, _strict_ok)
        strict += len(pairs)
        matched_f |= {id(cands[f]) for f, _ in pairs}
        matched_g |= {id(golds[g]) for _, g in pairs}
        # Value-matched pairs for the field table: strict pairs, then the fragment inside the
        # quote, then any remaining fact with the same value and unit.
        loose_pairs = _pair(cands, golds, lambda f, g: field_ok(f, g, "quote"))
        used_f = {f for f, _ in loose_pairs}
        used_g = {g for _, g in loose_pairs}
        rest_f = [i for i in range(len(cands)) if i not in used_f]
        rest_g = [i for i in range(len(golds)) if i not in used_g]
        loose_pairs += list(zip(rest_f, rest_g))
        loose += len(loose_pairs)
        for f, g in loose_pairs:
            for name in FIELDS:
                if field_ok(cands[f], golds[g], name):
                    right[name] += 1
                else:
                    wrong[name].append((golds[g], cands[f]))
    return Score(n_extracted=len(facts), n_gold=len(gold), strict_hits=strict, loose_hits=loose,
                 field_right=dict(right), wrong=dict(wrong),
                 missed=[g for g in gold if id(g) not in matched_g],
                 spurious=[f for f in facts if id(f) not in matched_f])


def extract_folder(folder: Path, out_dir: Path) -> list[dict]:
    """seeds-like folder → its extracted facts (jjjhealth.extract.facts.extract into out_dir) as dicts."""
    from jjjhealth.extract.facts import extract, read_facts

    extract(folder, out_dir)
    return read_facts(out_dir / "facts.csv").to_dict("records")


def score_folder(folder: Path) -> Score:
    """generalisation folder (sources.yml, *.txt, gold.csv) → Score of a fresh extraction."""
    gold = load_gold(folder / "gold.csv")
    with tempfile.TemporaryDirectory(prefix="gold_score_") as tmp:
        facts = extract_folder(folder, Path(tmp))
    return score_facts(facts, gold)


def format_score(name: str, s: Score) -> list[str]:
    """(folder name, Score) → the lines `make bench` prints."""
    acc = "  ".join(f"{k} {v:.2f}" for k, v in s.field_accuracy().items())
    strict = (f"extractor quality vs tests/generalisation/{name} ({s.n_gold} gold, "
              f"{s.n_extracted} extracted): precision {s.precision:.3f}, recall {s.recall:.3f} "
              "(strict: value+unit+measure+scope+as_of+quote; target ≥ 0.9)")
    loose = f"  loose (value+unit): precision {s.loose_precision:.3f}, recall {s.loose_recall:.3f}"
    return [strict, loose, f"  field accuracy on {s.loose_hits} value-matched rows: {acc}"]


def main(argv: list[str] | None = None) -> int:
    """Print the seeds' gold score and one block per generalisation folder present."""
    p = argparse.ArgumentParser(prog="python tools/gold_score.py", description=__doc__)
    p.add_argument("folders", nargs="*", type=Path,
                   help="generalisation folders (default: every tests/generalisation/* with gold)")
    p.add_argument("--facts", type=Path, default=ROOT / "data" / "facts.csv",
                   help="the seeds' extracted facts (default data/facts.csv)")
    p.add_argument("--misses", action="store_true", help="list gold rows without a strict match")
    p.add_argument("--wrong", choices=FIELDS, action="append", default=[],
                   help="list value-matched rows whose FIELD is wrong (gold → extracted)")
    args = p.parse_args(argv)
    from jjjhealth.extract.facts import read_facts

    status = 0
    if args.facts.exists():
        precision, recall = score(read_facts(args.facts).to_dict("records"), load_gold())
        print(f"extractor quality vs tests/gold: precision {precision:.3f}, recall {recall:.3f} "
              "(target ≥ 0.95)")
    else:
        print(f"extractor quality vs tests/gold: {args.facts} missing (run `jjjhealth extract`)")
    # dev, dev2 and holdout are always reported (absent ones say so); any other folder with gold too.
    named = {GENERALISATION / "dev", GENERALISATION / "dev2", GENERALISATION / "dev3",
             GENERALISATION / "holdout"}
    folders = args.folders or sorted(named | {g.parent for g in GENERALISATION.glob("*/gold.csv")})
    for folder in folders:
        if not (folder / "gold.csv").is_file():
            print(f"extractor quality vs tests/generalisation/{folder.name}: folder not present")
            continue
        try:
            s = score_folder(folder)
        except JJJError as exc:  # a folder the extractor refuses is reported, not a crash
            print(f"extractor quality vs tests/generalisation/{folder.name}: cannot extract: {exc}")
            status = 1
            continue
        print("\n".join(format_score(folder.name, s)))
        if args.misses:
            for g in s.missed:
                print(f"    missed {g['source_id']} {g['value']:g} {g['unit']} {g['measure']} "
                      f"{g['scope']} {g['as_of']} «{g['quote_fragment']}»")
        for name in args.wrong:
            for g, f in s.wrong.get(name, []):
                want = g["quote_fragment"] if name == "quote" else g[name]
                print(f"    {name} {g['source_id']} {g['value']:g} {g['unit']}: gold {want!r} → "
                      f"got {f.get(name, '')!r} «{g['quote_fragment']}»")
    return status


if __name__ == "__main__":
    sys.exit(main())
