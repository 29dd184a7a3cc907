"""house style + chart maker → a citable figure in English and Chinese (bundle written by bundle.py)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless builds; notebooks opened in JupyterLab still display inline
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
# Legibility at phone width: a figure FIG_WIDTH in wide shown 390 px wide prints a
# SMALL_FONT-pt text at SMALL_FONT × 390 / (FIG_WIDTH × 72) px ≈ 9.4 px (floor: 9 px).
PHONE_PX, MIN_PX = 390, 9.0
FIG_WIDTH = 4.6
SMALL_FONT, BASE_FONT, TITLE_FONT = 8.0, 9.0, 10.5


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """→ path of Noto Sans CJK SC shipped by mplfonts (also used by Typst)."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / CJK_FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: CJK font missing; reinstall mplfonts")
    return path


def use_house_style() -> None:
    """Set the seaborn theme, the CJK font, legible sizes and deterministic SVG output."""
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
        "font.size": BASE_FONT,
        "axes.titlesize": BASE_FONT,
        "axes.labelsize": BASE_FONT,
        "xtick.labelsize": SMALL_FONT,
        "ytick.labelsize": SMALL_FONT,
        "legend.fontsize": SMALL_FONT,
        "axes.titlelocation": "left",
        "axes.titleweight": "bold",
    })


def text_width(text: str) -> int:
    """text → width in half-em units: a CJK character counts 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]|[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+|\s+")


def wrap(text: str, width: int) -> str:
    """text → lines of at most width half-ems: at spaces in Latin text, between CJK characters."""
    lines, cur = [], ""
    for tok in _TOKEN.findall(text):
        if cur.strip() and text_width(cur + tok.rstrip()) > width:
            lines.append(cur.rstrip())
            cur = "" if tok.isspace() else tok
        else:
            cur += tok
    return "\n".join(lines + [cur.rstrip()])


def chars_across(fontsize: float, width_in: float = FIG_WIDTH) -> int:
    """font size (pt) + width (in) → half-em units that fit on one line (≈ 0.52 em per Latin char)."""
    return int(width_in * 72 / (fontsize * 0.52))


def number_axis(ax, which: str, lang: str) -> None:
    """Format an axis' ticks as whole numbers: 12,000 in English, 12000 in Chinese."""
    from jjjhealth.labels import num

    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: num(v, lang)))


def legend_below(fig, handles_labels, ncol: int = 1) -> None:
    """Put a figure's legend under the plot, where it can hide no data."""
    handles, names = handles_labels
    if handles:
        # Hung under the figure's bottom edge: outside every axes, ignored by the layout.
        fig.legend(handles, names, loc="upper left", bbox_to_anchor=(0.0, 0.0),
                   bbox_transform=fig.transFigure, frameon=False, ncol=ncol, borderaxespad=0.2)


def sources_for(source_ids, sources: pd.DataFrame) -> list[dict]:
    """source ids + data/sources.csv → [{id, outlet, outlet_zh, title, title_en, published, url}]."""
    ids = sorted({s for s in source_ids if s})
    unknown = [i for i in ids if i not in set(sources["id"])]
    if unknown:
        raise KeyError(f"source ids {unknown} are not in data/sources.csv")
    rows = sources.set_index("id").loc[ids]
    out = [{"id": i, "outlet": r["outlet_en"], "outlet_zh": outlet_zh(r["outlet"]),
            "title": r["title"], "title_en": r.get("title_en", ""),
            "published": str(r["published"]), "url": str(r.get("url", "") or "")}
           for i, r in rows.iterrows()]
    return sorted(out, key=lambda s: (s["published"], s["id"]))


def outlet_zh(outlet: str) -> str:
    """'中国新闻网 (China News Service), Traditional-script edition' → '中国新闻网'."""
    import re

    head = re.split(r"\s*[(（,]", str(outlet), maxsplit=1)[0].strip()
    return head or str(outlet)


def source_line(sources: list[dict], lang: str = "en") -> str:
    """[{outlet, published}] → 'A (2025-02-25); B (2024-02-29)' ('A（2025-02-25）；B…' in Chinese)."""
    if lang == "zh":
        return "；".join(f"{s['outlet_zh']}（{s['published']}）" for s in sources)
    return "; ".join(f"{s['outlet']} ({s['published']})" for s in sources)


def catalog(out_dir: Path) -> pd.DataFrame:
    """figures folder → the figure catalog (one row per <id>.json), sorted by number then id."""
    import json

    rows = []
    for path in sorted(Path(out_dir).glob("*.json")):
        if path.name == "figures.json":
            continue
        m = json.loads(path.read_text(encoding="utf-8"))
        rows.append({
            "id": m["id"], "title": m["title"], "title_zh": m.get("title_zh", ""),
            "caption": m["caption"], "sources": source_line(m["sources"]),
            "notebook": m["notebook"], "citation": m["citation"],
            "citation_zh": m.get("citation_zh", ""), "zip": m.get("files", {}).get("zip", ""),
        })
    cols = ["id", "title", "title_zh", "caption", "sources", "notebook", "citation",
            "citation_zh", "zip"]
    return pd.DataFrame(rows, columns=cols)
