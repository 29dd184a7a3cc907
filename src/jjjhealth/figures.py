"""matplotlib figure + plotted data → a citable bundle: PNG, SVG, CSV and metadata JSON."""

from __future__ import annotations

import json
import os
import textwrap
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless builds; notebooks opened in JupyterLab still display inline
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager

from . import atomic
from .provenance import commit

PROJECT = "JJJ Health Coordination Report"
LICENCE = "CC-BY-4.0"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """→ path of Noto Sans CJK SC shipped by mplfonts (also used by Typst)."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / CJK_FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: CJK font missing; reinstall mplfonts")
    return path


def use_house_style() -> None:
    """Set the seaborn theme, the CJK font and deterministic SVG output."""
    font_manager.fontManager.addfont(str(cjk_font_path()))
    name = font_manager.FontProperties(fname=str(cjk_font_path())).get_name()
    sns.set_theme(style="whitegrid", palette=PALETTE, font=name)
    plt.rcParams.update({
        "font.sans-serif": [name, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.hashsalt": "jjjhealth",  # stable element ids → byte-stable SVGs
        "svg.fonttype": "path",  # glyphs as paths: the SVG shows Chinese without the font
        "figure.dpi": 100,
        "savefig.dpi": 300,
        "axes.titlelocation": "left",
        "axes.titleweight": "bold",
    })


def sources_for(source_ids, sources: pd.DataFrame) -> list[dict]:
    """source ids + data/sources.csv → [{id, outlet, published}] sorted by date then id."""
    ids = sorted(set(source_ids))
    unknown = [i for i in ids if i not in set(sources["id"])]
    if unknown:
        raise KeyError(f"source ids {unknown} are not in data/sources.csv")
    rows = sources.set_index("id").loc[ids]
    out = [{"id": i, "outlet": r["outlet_en"], "published": str(r["published"])}
           for i, r in rows.iterrows()]
    return sorted(out, key=lambda s: (s["published"], s["id"]))


def source_line(sources: list[dict]) -> str:
    """[{outlet, published}] → 'Sources: A (2025-02-25); B (2024-02-29)'."""
    return "Sources: " + "; ".join(f"{s['outlet']} ({s['published']})" for s in sources)


def citation(title: str, sources: list[dict], version: str) -> str:
    """→ a ready-to-paste citation line for one figure."""
    outlets = "; ".join(f"{s['outlet']}, {s['published']}" for s in sources)
    return f"“{title}”. Data: {outlets}. {PROJECT}, version {version}."


def save_figure(fig, fig_id: str, *, title: str, caption: str, data: pd.DataFrame,
                sources: list[dict], notebook: str, out_dir: Path) -> dict:
    """figure + plotted data → <id>.png/.svg/.csv/.json in out_dir; returns the metadata."""
    if not fig_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"figure id {fig_id!r}: use letters, digits, '-' or '_'")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Wrapped to the figure's width (≈ 0.5 em per Latin character at 7 pt), below the axes:
    # a long one-line source list would otherwise widen the saved image.
    chars = max(40, int(fig.get_figwidth() * 72 / (7 * 0.5)))
    fig.text(0.01, 0.0, textwrap.fill(source_line(sources), chars), fontsize=7,
             color="#555555", ha="left", va="top")
    for ext, kwargs in (("png", {"dpi": 300, "metadata": {"Software": None}}),
                        ("svg", {"metadata": {"Date": None, "Creator": None}})):
        tmp = out_dir / f".{fig_id}.{ext}.tmp"
        fig.savefig(tmp, format=ext, bbox_inches="tight", **kwargs)
        os.replace(tmp, out_dir / f"{fig_id}.{ext}")
    atomic.write_bytes(out_dir / f"{fig_id}.csv",
                       data.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    version = commit()
    meta = {
        "id": fig_id,
        "title": title,
        "caption": caption,
        "sources": sources,
        "notebook": notebook,
        "version": version,
        "citation": citation(title, sources, version),
        "licence": LICENCE,
        "files": {ext: f"{fig_id}.{ext}" for ext in ("png", "svg", "csv")},
    }
    atomic.write_text(out_dir / f"{fig_id}.json",
                      json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return meta


def catalog(out_dir: Path) -> pd.DataFrame:
    """figures folder → the figure catalog (one row per <id>.json), sorted by id."""
    rows = []
    for path in sorted(Path(out_dir).glob("*.json")):
        if path.name == "figures.json":
            continue
        m = json.loads(path.read_text(encoding="utf-8"))
        rows.append({
            "id": m["id"], "title": m["title"], "caption": m["caption"],
            "sources": source_line(m["sources"]).removeprefix("Sources: "),
            "notebook": m["notebook"], "citation": m["citation"],
        })
    return pd.DataFrame(rows, columns=["id", "title", "caption", "sources", "notebook", "citation"])
