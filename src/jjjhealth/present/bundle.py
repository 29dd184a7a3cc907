"""chart maker + facts + sources → a figure's bundle: PNG/SVG in English and Chinese, CSV, JSON, README, zip."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.text import Text

from jjjhealth import atomic, labels, publication
from jjjhealth.present import figdata, figtext
from jjjhealth.present.figures import (
    PHONE_PX,
    SMALL_FONT,
    TITLE_FONT,
    chars_across,
    source_line,
    sources_for,
    wrap,
)
from jjjhealth.provenance import commit

EXTS = ("png", "svg", "zh.png", "zh.svg", "csv", "json", "README.md")
ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed member time → byte-stable zips


def credit(sources: list[dict], lang: str) -> str:
    """sources + edition → the credit line printed under the figure (report, sources, licence)."""
    return labels.term("credit", lang, project=labels.term("project", lang),
                       sources=source_line(sources, lang), licence=publication.settings()["licence"])


def citation(title: str, sources: list[dict], version: str, lang: str, fig_id: str = "") -> str:
    """→ a ready-to-paste citation line for one figure in one edition (publication.yml's author,
    licence and, once published, the figure's URL)."""
    pub = publication.settings()
    url = f" {pub['report_url']}figures/{fig_id}.zip" if pub["report_url"] and fig_id else ""
    project = labels.term("project", lang)
    if lang == "zh":
        return (f"{pub['author']}：《{title}》（中文版），载于{project}。数据：{source_line(sources, 'zh')}。"
                f"版本 {version}，许可 {pub['licence']}。{url}".rstrip())
    return (f"{pub['author']}, “{title}” (English edition), in {project}. Data: "
            f"{source_line(sources)}. Version {version}. Licence {pub['licence']}.{url}")


def decorate(fig, title: str, sources: list[dict], lang: str) -> None:
    """Print the title above the figure and the credit line under it."""
    fig.suptitle(wrap(title, chars_across(TITLE_FONT)), x=0.0, ha="left",
                 fontsize=TITLE_FONT, fontweight="bold")
    # Placed after layout, under everything drawn (legends included), so it covers nothing.
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    fig.text(box.x0 / fig.get_figwidth(), (box.y0 - 0.08) / fig.get_figheight(),
             wrap(credit(sources, lang), chars_across(SMALL_FONT)), fontsize=SMALL_FONT,
             color="#555555", ha="left", va="top", gid="credit")


def text_record(fig) -> list[dict]:
    """figure → every visible, non-empty text artist: {text, size_pt, role}."""
    fig.canvas.draw()
    out = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and t.get_window_extent().width > 0:
            role = ("title" if t is fig._suptitle else
                    "credit" if t.get_gid() == "credit" else "label")
            out.append({"text": t.get_text(), "size_pt": float(t.get_fontsize()), "role": role})
    return out


def _save(fig, path: Path, ext: str) -> tuple[float, float]:
    """figure → path (atomic); returns the saved (width, height) in inches."""
    kwargs = ({"dpi": 300, "metadata": {"Software": None}} if ext == "png"
              else {"metadata": {"Date": None, "Creator": None}})
    buf = io.BytesIO()
    fig.savefig(buf, format=ext, bbox_inches="tight", **kwargs)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, path)
    if ext == "png":
        from PIL import Image

        with Image.open(path) as im:
            return im.width / 300, im.height / 300
    return (0.0, 0.0)


def phone_px(texts: list[dict], width_in: float) -> float:
    """texts + saved width → the smallest text in px when the image is shown 390 px wide."""
    return min(t["size_pt"] for t in texts) * PHONE_PX / (width_in * 72) if texts else 0.0


def publish(fig_id: str, make, *, facts: pd.DataFrame, sources: pd.DataFrame, notebook: str,
            out_dir: Path, fields: dict | None = None) -> tuple[plt.Figure, dict]:
    """make(lang) → (fig, data) for 'en' and 'zh' → the bundle in out_dir; returns (English fig, meta)."""
    if not fig_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"figure id {fig_id!r}: use letters, digits, '-' or '_'")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = {lang: make(lang) for lang in labels.LANGS}
    data = made["en"][1]
    if not data.reset_index(drop=True).equals(made["zh"][1].reset_index(drop=True)):
        raise ValueError(f"figure {fig_id}: the English and Chinese charts plot different data")
    data = figdata.provenance(data, facts)
    srcs = sources_for(";".join(data["source_ids"]).split(";"), sources)
    text = figtext.texts(fig_id, fields)
    version = commit()
    meta = {"id": fig_id, "number": text["number"], "title": text["title_en"],
            "title_zh": text["title_zh"], "caption": text["caption_en"],
            "caption_zh": text["caption_zh"], **figtext.describe(fig_id, data),
            "sources": srcs, "notebook": notebook, "version": version, "commit": version,
            "licence": publication.settings()["licence"],
            "citation": citation(text["title_en"], srcs, version, "en", fig_id),
            "citation_zh": citation(text["title_zh"], srcs, version, "zh", fig_id),
            "files": {e.replace(".", "_").lower(): f"{fig_id}.{e}" for e in EXTS} |
                     {"zip": f"{fig_id}.zip"},
            "text": {}, "size_in": {}, "min_text_px_at_390": {}}
    for lang, (fig, _) in made.items():
        decorate(fig, text[f"title_{lang}"], srcs, lang)
        meta["text"][lang] = text_record(fig)
        suffix = "" if lang == "en" else ".zh"
        size = _save(fig, out_dir / f"{fig_id}{suffix}.png", "png")
        _save(fig, out_dir / f"{fig_id}{suffix}.svg", "svg")
        meta["size_in"][lang] = [round(size[0], 2), round(size[1], 2)]
        meta["min_text_px_at_390"][lang] = round(phone_px(meta["text"][lang], size[0]), 2)
    plt.close(made["zh"][0])
    atomic.write_bytes(out_dir / f"{fig_id}.csv",
                       data.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    atomic.write_text(out_dir / f"{fig_id}.json",
                      json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    atomic.write_text(out_dir / f"{fig_id}.README.md", readme(meta))
    write_zip(out_dir, fig_id)
    return made["en"][0], meta


def readme(meta: dict) -> str:
    """figure metadata → the bundle's README: what it shows, sources, licence, how to cite."""
    srcs = "\n".join(f"- {s['id']}: {s['outlet']} / {s['outlet_zh']}, {s['published']}"
                     + (f", “{s['title']}”" if s.get("title") else "")
                     + (f" (“{s['title_en']}”)" if s.get("title_en") else "")
                     + (f", {s['url']}" if s.get("url") else ", URL not known")
                     for s in meta["sources"])
    files = "\n".join(f"- `{f}`" for k, f in sorted(meta["files"].items()) if k != "zip")
    return (f"# Figure {meta['number']}: {meta['title']}\n\n{meta['title_zh']}\n\n"
            f"{meta['caption']}\n\n{meta['caption_zh']}\n\n**Takeaway.** {meta['takeaway_en']}\n\n"
            f"**要点。** {meta['takeaway_zh']}\n\n## Sources\n\n{srcs}\n\n## Files\n\n{files}\n\n"
            "The CSV holds the data as displayed (rounded as printed), English and Chinese labels, "
            "and for each value the fact ids, source ids and quotes of data/facts.csv.\n\n"
            f"## Licence\n\n{meta['licence']} ({publication.settings()['licence_url']}): reuse with "
            "attribution.\n\n## How to cite\n\n"
            f"{meta['citation']}\n\n{meta['citation_zh']}\n\nNotebook: {meta['notebook']}; "
            f"version {meta['version']}.\n")


def write_zip(out_dir: Path, fig_id: str) -> Path:
    """bundle files → <id>.zip (fixed times and order: the same bytes every build)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for ext in EXTS:
            info = zipfile.ZipInfo(f"{fig_id}.{ext}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, (out_dir / f"{fig_id}.{ext}").read_bytes())
    atomic.write_bytes(out_dir / f"{fig_id}.zip", buf.getvalue())
    return out_dir / f"{fig_id}.zip"


