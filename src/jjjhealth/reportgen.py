"""facts + figure bundles + build info → the generated parts of the report (variables, tables, figure blocks)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from . import markdown as md
from .quantity_text import number, quantity
from .sources import Source


def _pick(facts: pd.DataFrame, key: str, sel: dict) -> pd.Series:
    """facts + selector {metric, place, role, source, as_of, value_rank} → the one fact it names."""
    f = facts[facts["in_scope"] & ~facts["flags"].str.contains("near_corruption")]
    for col in ("metric", "place", "role", "unit", "qualifier"):
        if col in sel:
            f = f[f[col] == sel[col]]
    if "source" in sel:
        f = f[f["source_id"].str.startswith(str(sel["source"]))]
    if "as_of" in sel:
        f = f[f["as_of"].str.startswith(str(sel["as_of"]))]
    if f.empty:
        raise KeyError(f"report number {key!r}: no fact matches {sel}")
    # Latest date first; within a date prefer body text over headlines, then file order.
    f = f.assign(_head=f["flags"].str.contains("headline"))
    return f.sort_values(["as_of", "_head", "source_id", "start"],
                         ascending=[False, True, True, True]).iloc[0]


def variables(facts: pd.DataFrame, selectors: dict[str, dict]) -> dict:
    """facts + report/numbers.yml selectors → {key: {value, text, unit, fact, source, as_of}}."""
    out = {}
    for key, sel in selectors.items():
        row = _pick(facts, key, sel)
        out[key] = {
            "value": number(row["value"]),
            "text": quantity(row["value"], row["unit"], row["qualifier"]),
            "unit": row["unit"],
            "fact": row["fact_id"],
            "source": row["source_id"],
            "as_of": row["as_of"],
        }
    return out


def figure_block(meta: dict, notebook_html: str) -> str:
    """figure metadata → a Quarto figure div with caption, downloads and a citation line."""
    fid = meta["id"]
    links = " · ".join([
        f"[PNG](figures/{fid}.png)", f"[SVG](figures/{fid}.svg)",
        f"[Data (CSV)](figures/{fid}.csv)", f"[Metadata (JSON)](figures/{fid}.json)",
        f"[Notebook]({notebook_html})",
    ])
    sources = "; ".join(f"{s['outlet']} ({s['published']})" for s in meta["sources"])
    return (
        f"::: {{#fig-{fid}}}\n![](figures/{fid}.svg){{fig-alt=\"{md.escape(meta['title'])}\"}}\n\n"
        f"**{md.escape(meta['title'])}.** {md.escape(meta['caption'])} "
        f"Sources: {md.escape(sources)}.\n:::\n\n"
        + md.html_only(f"Download: {links}  \nCite this figure: {md.escape(meta['citation'])}")
    )


def ledger(facts: pd.DataFrame, sources: list[Source]) -> str:
    """facts → the facts ledger table (every in-scope classified fact, with its quote)."""
    outlets = {s.id: s.outlet_en for s in sources}
    f = facts[facts["in_scope"] & facts["metric"].ne("unclassified")]
    rows = pd.DataFrame({
        "Fact": ["[" + i + "]{#" + i + "}" for i in f["fact_id"]],
        "Value": [md.escape(quantity(v, u, q) + ("" if u == "%" else f" {u}"))
                  for v, u, q in zip(f["value"], f["unit"], f["qualifier"])],
        "Metric": [md.escape(m) for m in f["label_en"].where(f["label_en"] != "", f["metric"])],
        "Place": [md.escape(p) for p in f["place"]],
        "As of": [md.escape(a) for a in f["as_of"]],
        "Source": [md.escape(outlets.get(s, s)) for s in f["source_id"]],
        "Quote": [md.escape(q) for q in f["quote"]],
    })
    return md.table(rows, escape_cells=False)


def sources_table(sources: list[Source], stats: pd.DataFrame | None = None) -> str:
    """sources (+ per-source stats) → the sources table of the method section."""
    rows = pd.DataFrame({
        "Source": [s.id for s in sources],
        "Outlet": [s.outlet_en for s in sources],
        "Published": [s.published for s in sources],
        "Script": [s.script.replace("_", " + ") for s in sources],
        "About 京津冀": ["yes" if s.about_jjj else "no" for s in sources],
    })
    if stats is not None and not stats.empty:
        st = stats.set_index("source_id")
        for col, label in (("raw_chars", "Raw chars"), ("noise_share", "Noise share"),
                           ("annotations_removed", "Pinyin removed"),
                           ("corrupted_spans", "Corrupted spans"), ("sentences", "Sentences")):
            if col in st:
                vals = st.reindex(rows["Source"])[col]
                rows[label] = [f"{v:.0%}" if col == "noise_share" else number(v) for v in vals]
    return md.table(rows)


def reproducibility(info: dict) -> str:
    """build info {commit, renderer, built_at, versions, parameters} → a Markdown block."""
    versions = ", ".join(f"{k} {v}" for k, v in sorted(info["versions"].items()))
    params = json.dumps(info["parameters"], ensure_ascii=False, sort_keys=True)
    return "\n".join([
        f"- Commit: `{info['commit']}`",
        f"- Renderer: {md.escape(info['renderer'])}",
        f"- Built: {md.escape(info['built_at'])}",
        f"- Package versions: {md.escape(versions)}",
        f"- Notebook parameters: {md.escape(params)}",
    ]) + "\n"


def write_generated(staging: Path, *, facts: pd.DataFrame, sources: list[Source],
                    selectors: dict, figure_metas: list[dict], info: dict,
                    stats: pd.DataFrame | None = None) -> None:
    """Write _variables.yml and _generated/*.md into a staged copy of report/."""
    gen = staging / "_generated"
    (gen / "figures").mkdir(parents=True, exist_ok=True)
    vars_ = variables(facts, selectors)
    vars_["build"] = {k: info[k] for k in ("commit", "renderer", "built_at")}
    (staging / "_variables.yml").write_text(
        yaml.safe_dump(vars_, allow_unicode=True, sort_keys=True), encoding="utf-8")
    (gen / "ledger.md").write_text(ledger(facts, sources) + "\n", encoding="utf-8")
    (gen / "sources.md").write_text(sources_table(sources, stats) + "\n", encoding="utf-8")
    (gen / "reproducibility.md").write_text(reproducibility(info), encoding="utf-8")
    catalog = pd.DataFrame([{"Figure": f"@fig-{m['id']}", "Title": md.escape(m["title"]),
                             "Notebook": md.escape(m["notebook"])} for m in figure_metas])
    (gen / "figure_catalog.md").write_text(
        (md.table(catalog, escape_cells=False) if len(catalog) else "No figures.") + "\n",
        encoding="utf-8")
    for m in figure_metas:
        html = f"notebooks/{m['notebook']}.html"
        (gen / "figures" / f"{m['id']}.md").write_text(figure_block(m, html), encoding="utf-8")
