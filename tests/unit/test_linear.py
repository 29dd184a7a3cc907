"""Extraction costs in proportion to its input (work counted, never timed); the caps that bound
what one hostile sentence may cost are recorded and lose nothing else."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd
import pytest

from jjjhealth.build.adversarial import SHAPES, seconds
from jjjhealth.extract import classify as cl
from jjjhealth.extract import fact_rows as fx  # row building (facts re-exports document_facts)
from jjjhealth.extract.budget import LEAD_MAX, MAX_NUMBERS_PER_SENTENCE
from jjjhealth.extract.clusters import build_clusters, hedge_range
from jjjhealth.extract.facts import Document, document_facts, process_source
from jjjhealth.extract.quantities import MAX_NUMERAL_CHARS, find_quantities
from jjjhealth.extract.relations import MAX_RELATED, pair_relation, relate
from jjjhealth.qualifiers import classes as hedge_classes
from jjjhealth.text.normalize import normalize
from jjjhealth.text.sentences import MAX_SENTENCE_CHARS
from jjjhealth.text.sources import Source

PKG = str(Path(cl.__file__).resolve().parents[1])  # the whole package, every layer
LINEAR = 6  # work at 4n over work at n: about 4 when linear, about 16 when quadratic


def _source(path: Path = Path("900_test.txt"), place: str = "") -> Source:
    return Source(id=path.stem, title="", outlet="", published="2025-01-01", date_method="",
                  script="simplified", about_jjj=True, path=path,
                  extra={"place": place} if place else {})


def _facts(text: str) -> list[dict]:
    return document_facts(Document(_source(), normalize(text, "900_test")))


def line_events(fn, arg) -> int:
    """fn(arg) → Python lines run inside jjjhealth: a count of its work, free of timing noise."""
    fn(arg)  # warm the caches (catalogs, compiled tables) outside the count
    count = 0

    def tracer(frame, event, _):
        nonlocal count
        if not frame.f_code.co_filename.startswith(PKG):
            return None
        count += event == "line"
        return tracer

    sys.settrace(tracer)
    try:
        fn(arg)
    finally:
        sys.settrace(None)
    return count


def _compatible_claims(n: int) -> pd.DataFrame:
    """n → facts of one group whose claims restate each other (no pair relates: no output)."""
    return pd.DataFrame([{
        "fact_id": f"F{i:05d}", "source_id": f"{i:03d}_s", "metric": "beds_relocated",
        "label_en": "Beds", "value": 3000.0 + i, "unit": "张", "qualifier": "approx",
        "place": "北京", "as_of": "2024", "period_start": "", "period_end": "", "role": "value",
        "in_scope": True, "quote": f"床位约{3000 + i}张", "start": i} for i in range(n)])


# (what, n → input, function): each runs at n and at 4n.
WORK = [
    ("bare years and periods", lambda n: "从2013年到" * n + "2023年增长25%", find_quantities),
    ("counted list", lambda n: "、".join(f"北京{i}家" for i in range(n)), find_quantities),
    ("lost pinyin sites", lambda n: "北京?jǐn)医院，" * n + "。", normalize),
    ("commas without a full stop", lambda n: "1," * (200 * n), normalize),
    ("many sentences on one line", lambda n: "北京市今年新建的综合医院有床位1张。" * n, _facts),
    ("claims of one group", _compatible_claims, build_clusters),
]


@pytest.mark.parametrize("what, make, fn", WORK, ids=[w[0] for w in WORK])
def test_python_work_is_linear(what, make, fn):
    n = 40
    small, large = line_events(fn, make(n)), line_events(fn, make(4 * n))
    assert large / small < LINEAR, f"{what}: {small} → {large} lines for 4× the input"


class _Counted:
    """A compiled regex that adds the length of every text it scans to a tally."""

    def __init__(self, rx, tally: list[int]) -> None:
        self.rx, self.tally, self.groupindex = rx, tally, rx.groupindex

    def search(self, text, pos=0, endpos=sys.maxsize):
        self.tally[0] += max(0, min(endpos, len(text)) - pos)
        return self.rx.search(text, pos, endpos)

    def finditer(self, text, pos=0, endpos=sys.maxsize):
        self.tally[0] += max(0, min(endpos, len(text)) - pos)
        return self.rx.finditer(text, pos, endpos)

    def match(self, text, pos=0, endpos=sys.maxsize):
        self.tally[0] += max(0, min(endpos, len(text)) - pos)
        return self.rx.match(text, pos, endpos)


@pytest.fixture
def scanned(monkeypatch) -> list[int]:
    """→ a tally of the characters classify's regexes scan (catalog, places, clause marks)."""
    tally = [0]
    metrics, names, places, marks = cl._load(cl.paths.METRICS_YML)
    counted = {mid: {**m, "patterns": [{k: _Counted(v, tally) if hasattr(v, "search") else v
                                         for k, v in alt.items()} for alt in m["patterns"]]}
               for mid, m in metrics.items()}
    loaded = (counted, names, _Counted(places, tally), marks)
    monkeypatch.setattr(cl, "_load", lambda path: loaded)
    monkeypatch.setattr(cl, "CLAUSE_END", _Counted(cl.CLAUSE_END, tally))
    monkeypatch.setattr(cl, "SEGMENT_END", _Counted(cl.SEGMENT_END, tally))
    cl._cached_index.cache_clear()
    monkeypatch.setattr(cl, "_LAST", [None, None, None])
    yield tally
    cl._cached_index.cache_clear()


def _classify_all(sentence: str) -> None:
    for q in find_quantities(sentence):
        cl.classify(sentence, q, default_place="保定")


# Inputs whose numbers each sit in a short clause: only a rescan per number grows faster.
SCANS = [
    ("numbers and places", lambda n: "，".join(f"{p}新建{i}家医院" for i, p in
                                              zip(range(n), ["北京", "天津", "本市"] * n)),
     _classify_all),
    ("paragraph of many sentences",  # no place named: each number also reads the lead
     lambda n: "".join(f"今年实有床位增加了{i}张，医院数量不变。" for i in range(n)), _facts),
]


@pytest.mark.parametrize("what, make, fn", SCANS, ids=[s[0] for s in SCANS])
def test_classification_scans_each_sentence_once(scanned, what, make, fn):
    n = 200  # well past LEAD_MAX for the paragraph: the context stops growing
    fn(make(3))  # warm the caches
    scanned[0] = 0
    fn(make(n))
    small = scanned[0]
    scanned[0] = 0
    fn(make(4 * n))
    assert scanned[0] / small < LINEAR, f"{what}: {small} → {scanned[0]} chars for 4× the input"


def test_context_of_a_sentence_is_bounded(monkeypatch):
    leads = []
    real = fx._classify
    monkeypatch.setattr(fx, "_classify", lambda s, lead, q, home: leads.append(lead)
                        or real(s, lead, q, home))
    _facts("保定市今年新建的综合医院有床位1张。" * 400)  # one line of 7,200 chars
    assert len(leads) == 400 and max(map(len, leads)) <= LEAD_MAX
    assert leads[1] == "保定市今年新建的综合医院有床位1张。"  # earlier sentences of the line


def _stats_and_facts(tmp_path: Path, text: str) -> tuple[dict, list[tuple]]:
    path = tmp_path / "900_test.txt"
    path.write_text(text, encoding="utf-8")
    rows, stats = process_source(_source(path))
    return stats, [(r["value"], r["unit"], r["metric"], r["place"], r["quote"]) for r in rows]


DENSE = "、".join(f"{i + 1}家" for i in range(MAX_NUMBERS_PER_SENTENCE + 1)) + "。"
AT_CAP = "、".join(f"{i + 1}家" for i in range(MAX_NUMBERS_PER_SENTENCE)) + "。"
AROUND = "保定新建医院3家。\n{}\n天津新建医院5家。\n"


@pytest.mark.parametrize("middle, skipped, read", [
    (DENSE, 1, 0),                           # over the cap: flagged (counted) and skipped
    (AT_CAP, 0, MAX_NUMBERS_PER_SENTENCE),   # at the cap: read as usual
    ("北京新建医院4家。" + DENSE, 2, 0),        # a dense line is skipped whole …
    ("1。" * (MAX_NUMBERS_PER_SENTENCE + 1), MAX_NUMBERS_PER_SENTENCE + 1, 0),  # … also of 1。
    ("1。" * MAX_NUMBERS_PER_SENTENCE, 0, MAX_NUMBERS_PER_SENTENCE),  # at the cap: read
])
def test_numbers_per_sentence_cap(tmp_path, middle, skipped, read):
    stats, found = _stats_and_facts(tmp_path, AROUND.format(middle))
    _, plain = _stats_and_facts(tmp_path, AROUND.format(""))
    assert stats["sentences_skipped"] == skipped
    assert len(found) == len(plain) + read
    assert [f for f in found if f[4] in AROUND] == plain  # nothing else lost


def test_over_long_sentence_is_cut_and_read(tmp_path):
    clause = "保定市今年新建的综合性医院共有床位{}张，"  # ~21 chars: a piece holds ~48 numbers
    n = int(2.5 * MAX_SENTENCE_CHARS) // len(clause.format(10))
    text = "".join(clause.format(i + 1) for i in range(n)) + "。"
    norm = normalize(text, "900_test")
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and s.cut for s in norm.sentences)
    assert len(norm.sentences) == 3
    assert all(s.text.endswith("，") for s in norm.sentences[:-1])  # cut after a clause mark
    assert "".join(s.text for s in norm.sentences) == text
    stats, found = _stats_and_facts(tmp_path, text)
    assert stats["sentences_cut"] == 3 and stats["sentences_skipped"] == 0
    assert sorted(f[0] for f in found) == [float(i + 1) for i in range(len(found))]
    assert len(found) == n  # every number read once


def test_sentence_without_a_break_is_cut_hard():
    norm = normalize("医" * (MAX_SENTENCE_CHARS + 10), "900_test")
    assert [len(s.text) for s in norm.sentences] == [MAX_SENTENCE_CHARS, 10]


@pytest.mark.parametrize("text, values", [
    ("增长百分之二十", [20.0]),
    ("增长百分之" + "一" * MAX_NUMERAL_CHARS, []),  # a run of 一, not a percentage
    ("共" + "1" * (MAX_NUMERAL_CHARS + 1) + "家", []),
    ("共" + "1" * 12 + "家", [111111111111.0]),
])
def test_numeral_length_cap(text, values):
    assert [q.value for q in find_quantities(text)] == values


def _reference(rows: list[dict]) -> list[tuple[set[str], list[str]]]:
    """clusters → relations and all partners by the plain walk over every pair (the rule)."""
    out = []
    for r in rows:
        found = {(pair_relation(r, o), o["cluster_id"]) for o in rows if o is not r}
        out.append(({rel for rel, _ in found if rel}, sorted(c for rel, c in found if rel)))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_indexed_relations_follow_the_pairwise_rule(seed):
    rng = random.Random(seed)
    k = rng.randint(1, 30)
    rows = [{"cluster_id": f"C{i:08x}",
             "_dates": frozenset(rng.sample(["2023", "2024", "2025"], rng.randint(1, 2))),
             "_sources": frozenset(rng.sample(["000_a", "001_b", "002_c", "003_d"],
                                              rng.randint(1, 2))),
             "_range": hedge_range(float(rng.choice([90, 100, 105, 300, 3000])),
                                   rng.choice(list(hedge_classes())))} for i in range(k)]
    rng.shuffle(rows)
    assert relate(rows) == [(rels, ids[:MAX_RELATED]) for rels, ids in _reference(rows)]


def test_partner_list_is_capped_and_cost_stays_linear():
    rows = lambda n: [{"cluster_id": f"C{i:08x}", "_dates": frozenset({"2024"}),
                       "_sources": frozenset({"000_a"}), "_range": (float(i), float(i))}
                      for i in range(n)]
    small, large = line_events(relate, rows(100)), line_events(relate, rows(400))
    assert large / small < LINEAR  # all 400 are parts of one another: no 400² walk
    assert all(rels == {"parts"} and len(ids) == MAX_RELATED for rels, ids in relate(rows(400)))


@pytest.mark.parametrize("shape", list(SHAPES))
def test_bench_shapes_run_through_extraction(shape):
    r = seconds(shape, 3_000)
    assert r["bytes"] >= 2_000 and r["seconds"] >= 0
    assert r["note"].startswith("refused:") == (shape == "百分之+一×N")  # over 20 digits
