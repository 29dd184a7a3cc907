"""`make bench`: build times (cold, no-op, one notebook changed) against a naive baseline,
extraction throughput and peak memory by corpus size, adversarial seeds, Dask equality,
extractor quality (seeds, generalisation dev and holdout sets, by tools/gold_score.py);
`--only SECTION…` runs some."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jjjhealth import config
from jjjhealth.build.corpus import synthetic_corpus
from jjjhealth.paths import Paths

COPIED = ("seeds", "data", "notebooks", "report", "requirements.lock", "pyproject.toml")
SIZES = (1_000, 10_000, 100_000)


def copy_repo(dest: Path) -> Path:
    """repository → a copy of what the build reads (no .venv, build/ or outputs); tests use it too."""
    for name in COPIED:
        src = config.ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(
                "_output", "_output.old", ".quarto", ".ipynb_checkpoints"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def _cli(root: Path, *args: str) -> float:
    """`jjjhealth --root root args` → wall-clock seconds (process start included)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "jjjhealth.build.cli", "--root", str(root), *args],
                   check=True, capture_output=True, env={**os.environ, "JJJ_ROOT": str(root)})
    return time.perf_counter() - t0


def naive_baseline(root: Path) -> float:
    """Every stage from scratch, notebooks one after another: the time caching must beat."""
    code = (
        "import sys,time;from pathlib import Path;root=Path(sys.argv[1]);t=time.perf_counter()\n"
        "from jjjhealth.build import execute\n"
        "from jjjhealth.extract import facts\n"
        "from jjjhealth.report import render\n"
        "from jjjhealth.paths import Paths\n"
        "p=Paths(root)\n"
        "facts.extract(p.seeds, p.data)\n"
        "specs=execute.load_plan(p.parameters_yml)\n"
        "params=execute.resolve_parameters(specs,{},p.notebooks)\n"
        "for s in specs: execute.run_notebook(s,{**execute.injected_parameters(root),**params[s.name]},"
        "notebooks_dir=p.notebooks,out_dir=p.executed)\n"
        "render.render(root)\n"
    )
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True,
                   env={**os.environ, "JJJ_ROOT": str(root)})
    return time.perf_counter() - t0


def build_times() -> dict:
    """→ seconds for cold, no-op and one-notebook-change builds, and the naive baselines."""
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_repo(Path(tmp) / "repo")
        cold = _cli(root, "build")
        noop = _cli(root, "build")
        nb = max(Paths(root).notebooks.glob("*.ipynb"))
        doc = json.loads(nb.read_text(encoding="utf-8"))
        doc["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["Edited."]})
        nb.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        one = _cli(root, "build")
        shutil.rmtree(Paths(root).build)
        naive = naive_baseline(root)
    return {"cold_s": cold, "noop_s": noop, "one_notebook_s": one, "naive_s": naive}


def extraction_throughput(n: int) -> dict:
    """n documents → MB/s, documents/s, facts found and peak RSS of this process."""
    from jjjhealth.extract.facts import Document, document_facts
    from jjjhealth.text.normalize import normalize
    from jjjhealth.text.sources import Source

    src = Source(id="synthetic", title="", outlet="", published="2025-01-01", date_method="",
                 script="simplified", about_jjj=True, path=Path("synthetic"))
    n_bytes = n_facts = 0
    t0 = time.perf_counter()
    for doc_id, text in synthetic_corpus(n):
        n_bytes += len(text.encode("utf-8"))
        n_facts += len(document_facts(Document(src, normalize(text, doc_id))))
    dt = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"documents": n, "mb": n_bytes / 1e6, "seconds": dt, "mb_per_s": n_bytes / 1e6 / dt,
            "docs_per_s": n / dt, "facts": n_facts, "peak_rss_mb": peak_kb / 1024}


def dask_equal() -> bool:
    """→ whether `extract --executor dask` writes the same facts.csv bytes as the local run."""
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_repo(Path(tmp) / "repo")
        _cli(root, "extract", "--force")
        local = Paths(root).facts_csv.read_bytes()
        _cli(root, "extract", "--force", "--executor", "dask")
        return Paths(root).facts_csv.read_bytes() == local


def quality() -> None:
    """Print the extractor's scores against the gold claims (seeds, dev, holdout).

    The scorer reads tests/, which the package never does: it is a repository tool
    (tools/gold_score.py), run here in its own process when the repository has it.
    """
    tool = config.ROOT / "tools" / "gold_score.py"
    if not tool.is_file():
        print(f"extractor quality: {tool} not found (only in a checkout of the repository)")
        return
    sys.stdout.flush()  # keep the order of lines when stdout is a pipe
    # Not check=True: a folder the extractor refuses is reported by the tool, the bench goes on.
    subprocess.run([sys.executable, str(tool), "--facts", str(config.PATHS.facts_csv)], check=False)


SECTIONS = ("quality", "extraction", "adversarial", "dask", "builds")


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark figures (`--only SECTION…` picks some); `--extract N` and
    `--adversarial SHAPE N` measure one case (each in its own process)."""
    from jjjhealth.build import adversarial

    p = argparse.ArgumentParser(prog="python -m jjjhealth.build.bench")
    p.add_argument("--extract", type=int, help=argparse.SUPPRESS)
    p.add_argument("--adversarial", nargs=2, metavar=("SHAPE", "BYTES"), help=argparse.SUPPRESS)
    p.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    p.add_argument("--adversarial-sizes", type=int, nargs="*", default=list(adversarial.SIZES))
    p.add_argument("--timeout", type=float, default=120.0,
                   help="seconds one adversarial case may take before it is reported as '>T'")
    p.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    p.add_argument("--skip-builds", action="store_true")
    args = p.parse_args(argv)
    if args.extract:
        print(json.dumps(extraction_throughput(args.extract)))
        return 0
    if args.adversarial:
        print(json.dumps(adversarial.seconds(args.adversarial[0], int(args.adversarial[1]))))
        return 0
    only = set(args.only) - ({"builds"} if args.skip_builds else set())
    cores = os.cpu_count() or 1
    if "quality" in only:
        quality()
    if "extraction" in only:
        print("extraction (normalise + extract), one process, synthetic corpora from the seeds:")
        print(f"  {'docs':>8} {'MB':>8} {'s':>8} {'MB/s':>7} {'docs/s':>8} {'peak RSS MB':>12}")
        for n in args.sizes:
            # Each size in a fresh process, so its peak memory is its own.
            out = subprocess.run([sys.executable, "-m", "jjjhealth.build.bench",
                                  "--extract", str(n)],
                                 check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(f"  {r['documents']:>8} {r['mb']:>8.1f} {r['seconds']:>8.1f} "
                  f"{r['mb_per_s']:>7.2f} {r['docs_per_s']:>8.0f} {r['peak_rss_mb']:>12.0f}")
        print(f"  target: ≥ 2 MB/s per core ({cores} cores here); peak memory flat in corpus size")
    if "adversarial" in only:
        adversarial.run(args.adversarial_sizes, args.timeout)
    if "dask" in only:
        print(f"dask executor gives identical data/facts.csv: {dask_equal()}")
    if "builds" in only:
        t = build_times()
        print("builds (environment installed, Quarto):")
        print(f"  cold build           {t['cold_s']:6.1f} s  (naive {t['naive_s']:.1f} s, "
              f"ratio {t['cold_s'] / t['naive_s']:.2f}; target ≤ 60 s)")
        print(f"  no-op rebuild        {t['noop_s']:6.2f} s  (ratio {t['noop_s'] / t['naive_s']:.3f}; target ≤ 1 s)")
        print(f"  one notebook changed {t['one_notebook_s']:6.1f} s  (ratio {t['one_notebook_s'] / t['naive_s']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
