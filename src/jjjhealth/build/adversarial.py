"""(shape, size) → a hostile seed text, and the seconds its extraction takes (for `make bench`).

Each shape stresses one place where cost used to grow with numbers × sentence length or with
pairs of facts; "ordinary" is the bench's synthetic text, the yardstick for the others.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

from jjjhealth.paths import Paths

SIZES = (64_000, 512_000, 1_900_000)  # bytes; 1.9 MB sits under the 2 MB seed limit
PLACES = ("北京", "天津", "河北", "保定", "雄安", "廊坊", "衡水", "本市", "京津冀")


def _ordinary(n_bytes: int) -> str:
    """size → article-like text: the body lines of corpus.synthetic_corpus documents (menus,
    footers and related-links blocks dropped, so that one long seed stays all body text)."""
    from jjjhealth.build.corpus import synthetic_corpus
    from jjjhealth.text.noise import classify_lines
    from jjjhealth.text.normalize import normalize

    parts: list[str] = []
    size = 0
    for doc_id, text in synthetic_corpus(10**9):
        clean = normalize(text, doc_id).clean
        for line in classify_lines(clean):
            if line.noise is None and line.section == "body":
                parts.append(clean[line.start:line.end] + "\n")
                size += len(parts[-1].encode("utf-8"))
        if size >= n_bytes:
            return "".join(parts)
    return "".join(parts)


def _repeat(unit: str, n_bytes: int, head: str = "", tail: str = "") -> str:
    """unit + size → head + unit repeated to about n_bytes + tail."""
    return head + unit * max(1, n_bytes // len(unit.encode("utf-8"))) + tail


def _packed(n_bytes: int, filler: str = "") -> str:
    """size → one sentence of place names and counted numbers, without a sentence end (a
    filler between them keeps the numbers under budget.py's density cap: all are read)."""
    out, size = [], 0
    for i, place in zip(range(10**9), cycle(PLACES)):
        piece = f"{place}{filler}{i % 997 + 1}家医院、"
        out.append(piece)
        size += len(piece.encode("utf-8"))
        if size >= n_bytes:
            break
    return "".join(out)


SHAPES = {
    "ordinary": _ordinary,
    "commas (1,1,1,…)": lambda n: _repeat("1,", n),
    "one line, no 。": lambda n: _ordinary(n).replace("\n", "").replace("。", "，"),
    "百分之+一×N": lambda n: _repeat("一", n, head="增长百分之", tail="。"),
    "从2013年到×N": lambda n: _repeat("从2013年到", n, tail="2023年增长25%。"),
    "numbers + places": _packed,
    "numbers + places, read": lambda n: _packed(n, filler="今年新建的综合性医院里有"),
    "one line of sentences": lambda n: "".join(  # each number also reads its line's context
        f"今年实有床位增加了{i % 997}张，医院数量不变。" for i in range(n // 60)),
    "similar facts": lambda n: "".join(  # one claim with ever new values: one big group
        f"北京市属医院累计疏解床位{3000 + i}张。\n" for i in range(n // 60)),
}


def _corpus(folder: Path, text: str) -> Path:
    """folder + seed text → a seeds folder holding that one seed (900_bench) and its entry."""
    seeds = Paths(folder).seeds
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / "900_bench.txt").write_text(text, encoding="utf-8")
    (seeds / "sources.yml").write_text(
        "sources:\n  - id: 900_bench\n    title: bench\n    outlet: bench\n"
        "    published: 2025-01-01\n    date_method: given\n    script: simplified\n"
        "    about_jjj: true\n", encoding="utf-8")
    return seeds


def seconds(shape: str, n_bytes: int) -> dict:
    """shape + size → {bytes, seconds, facts, skipped, note} of a whole `extract` of such a seed
    (read, normalise, extract, cluster, write and validate the release), timed in this process;
    imports and tables load in a warm-up extract of 2 KB first (a command adds ~2 s for them)."""
    import pandas as pd

    from jjjhealth.errors import SeedError
    from jjjhealth.extract.facts import extract

    with tempfile.TemporaryDirectory() as tmp:
        warm, bench = Paths(Path(tmp, "warm")), Paths(Path(tmp, "bench"))
        extract(_corpus(warm.root, _ordinary(2_000)), warm.data)
        text = SHAPES[shape](n_bytes)
        seeds, data = _corpus(bench.root, text), bench.data
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            n_facts = len(extract(seeds, data))
            stats = pd.read_csv(data / "source_stats.csv").iloc[0]
            note = f"{stats['sentences_skipped']} skipped, {stats['sentences_cut']} cut"
        except SeedError as exc:  # refused with one clear error, as extract would
            n_facts, note = 0, "refused: " + str(exc).split(": ", 1)[-1][:40]
        return {"bytes": len(text.encode("utf-8")), "seconds": time.perf_counter() - t0,
                "cpu": time.process_time() - c0, "facts": n_facts, "note": note}


def run(sizes=SIZES, timeout: float = 120.0) -> None:
    """Print seconds per MB of every shape at every size, each in its own process (timeout)."""
    print("adversarial seeds (a whole extract of one seed, validated release included; own process each):")
    print(f"  {'shape':<22} {'size':>8} {'s':>7} {'cpu s':>6} {'s/MB':>6} {'facts':>6} "
          f"{'× ordinary':>10}  note")
    base: dict[int, float] = {}
    for shape in SHAPES:
        for n in sizes:
            cmd = [sys.executable, "-m", "jjjhealth.build.bench", "--adversarial", shape, str(n)]
            try:
                out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                                     timeout=timeout).stdout
            except subprocess.TimeoutExpired:
                print(f"  {shape:<22} {n / 1e3:>6.0f}KB {'>' + str(int(timeout)):>7}")
                continue
            except subprocess.CalledProcessError as exc:
                last = (exc.stderr or "").strip().splitlines()[-1:] or ["?"]
                print(f"  {shape:<22} {n / 1e3:>6.0f}KB failed: {last[0][:60]}")
                continue
            r = json.loads(out.strip().splitlines()[-1])
            per_mb = r["seconds"] / (r["bytes"] / 1e6)
            base.setdefault(n, per_mb)
            print(f"  {shape:<22} {n / 1e3:>6.0f}KB {r['seconds']:>7.2f} {r['cpu']:>6.2f} {per_mb:>6.2f} "
                  f"{r['facts']:>6} {per_mb / base[n]:>10.1f}  {r['note']}")
    print("  target: every shape ≤ 5× ordinary per MB; 1.9 MB of any shape < 10 s "
          "(cpu s: the same without the other processes of a shared machine)")
