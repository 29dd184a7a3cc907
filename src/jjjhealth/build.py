"""seeds → facts → executed notebooks → report: the whole build, stage by stage."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from . import config, execute, render
from .facts import extract


def run_extract(root: Path = config.ROOT) -> None:
    """Stage 1: seeds/ → data/facts.csv (+ sources.csv, source_stats.csv)."""
    t0 = time.perf_counter()
    df = extract(root / "seeds", root / "data")
    print(f"[extract] {len(df)} facts from {df['source_id'].nunique()} sources "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)


def run_notebooks(root: Path = config.ROOT, overrides: dict | None = None,
                  only: list[str] | None = None) -> None:
    """Stage 2: notebooks/ → build/notebooks/*.ipynb and build/figures/."""
    t0 = time.perf_counter()
    outs = execute.run_all(overrides, root=root, only=only)
    print(f"[analyse] {len(outs)} notebooks ({time.perf_counter() - t0:.1f} s)", flush=True)


def build(root: Path = config.ROOT, overrides: dict | None = None,
          renderer: str | None = None) -> Path:
    """All three stages; returns report/_output."""
    t0 = time.perf_counter()
    renderer = render.choose_renderer(renderer)  # fail before any work if it is missing
    run_extract(root)
    run_notebooks(root, overrides)
    out = render.render(root, renderer, parameters=overrides or {})
    print(f"[build] done in {time.perf_counter() - t0:.1f} s → {out}", flush=True)
    return out


def clean(root: Path = config.ROOT) -> None:
    """Remove build state and outputs (never data/ or seeds/)."""
    for path in (root / "build", root / "report" / "_output", root / "report" / "_output.old",
                 root / "report" / ".quarto"):
        shutil.rmtree(path, ignore_errors=True)
    print("[clean] removed build/ and report/_output/", flush=True)
