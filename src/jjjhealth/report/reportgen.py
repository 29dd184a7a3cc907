"""facts + figure bundles + build info → the generated parts of the report (variables, tables, figure blocks)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import yaml

from jjjhealth import context, paths, percentages, qualifiers, yamlio
from jjjhealth.errors import RenderError
from jjjhealth.extract.facts import read_facts, read_sources
from jjjhealth.paths import Paths
from jjjhealth.present import markdown as md
from jjjhealth.qualifiers import number, qualified_en, qualified_zh

_REF = re.compile(r"@((?:fig|tbl)-[\w-]+)")


class MissingFigureError(RenderError):
    """index.qmd cross-references a figure or table that this build did not produce."""


def report_inputs(root: Path) -> dict:
    """repository → what the report reads: data/ (facts, sources, stats, milestones) + numbers.yml.

    Never seeds/ or package tables: the report shows the released dataset (STYLE.md 11)."""
    p = Paths(root)
    d = p.released
    return {
        "facts": read_facts(d.facts_csv),
        "sources": read_sources(d.sources_csv),
        "stats": pd.read_csv(d.source_stats_csv) if d.source_stats_csv.exists() else None,
        "milestones": pd.read_csv(d.milestones_csv, dtype=str, keep_default_na=False,
                                  encoding="utf-8").to_dict("records"),
        "selectors": yamlio.load(p.numbers_yml, RenderError),
    }


def source_rows(sources) -> list:
    """data/sources.csv frame (or loaded Source records) → rows with id, outlet_en, published,
    script and about_jjj (a bool)."""
    if isinstance(sources, pd.DataFrame):
        df = sources.assign(about_jjj=sources["about_jjj"].astype(str).str.lower().eq("true"))
    else:
        df = pd.DataFrame([{"id": s.id, "outlet_en": s.outlet_en, "published": str(s.published),
                            "script": s.script, "about_jjj": bool(s.about_jjj)} for s in sources],
                          columns=["id", "outlet_en", "published", "script", "about_jjj"])
    return list(df[["id", "outlet_en", "published", "script", "about_jjj"]]
                .itertuples(index=False))


def short_id(source_id: str) -> str:
    """'000_a6f9…' → '000' (the seed's number, as the report shows it)."""
    return str(source_id).split("_", 1)[0]


def _pick(facts: pd.DataFrame, key: str, sel: dict) -> pd.Series:
    """facts + selector {metric, place, role, source, as_of, flagged} → the one fact it names."""
    flagged = facts["flags"].str.contains("near_corruption")
    f = facts[facts["in_scope"] & (flagged if sel.get("flagged") else ~flagged)]
    for col in ("metric", "place", "role", "unit", "qualifier"):
        if col in sel:
            f = f[f[col] == sel[col]]
    if "source" in sel:
        f = f[f["source_id"].str.startswith(str(sel["source"]))]
    if "as_of" in sel:
        f = f[f["as_of"].str.startswith(str(sel["as_of"]))]
    if f.empty:
        raise KeyError(f"report/numbers.yml {key!r}: no fact in data/facts.csv matches {sel}; "
                       "change the selector or check the extraction")
    # Latest date first; within a date prefer body text over headlines, then file order.
    f = f.assign(_head=f["flags"].str.contains("headline"))
    return f.sort_values(["as_of", "_head", "source_id", "start"],
                         ascending=[False, True, True, True]).iloc[0]


def _milestone_year(key: str, label: str, milestones: list[dict]) -> dict:
    """milestone label_en → {value, text, source} with the year the source dates it."""
    for m in milestones:
        if m["label_en"] == label:
            year = str(m["date"])[:4]
            return {"value": int(year), "text": year, "source": m["source"], "quote": m["quote"]}
    raise KeyError(f"report/numbers.yml {key!r}: no milestone {label!r} in data/milestones.csv")


def variables(facts: pd.DataFrame, selectors: dict[str, dict],
              milestones: list[dict] | None = None) -> dict:
    """facts + report/numbers.yml selectors → {key: {value, text, unit, fact, source, as_of}}."""
    out = {}
    for key, sel in selectors.items():
        if "milestone" in sel:
            out[key] = _milestone_year(key, sel["milestone"], milestones or [])
            continue
        if "context" in sel:  # a cited fact from outside the seeds (context.yml)
            entries = context.load()
            if sel["context"] not in entries:
                raise KeyError(f"report/numbers.yml {key!r}: no {sel['context']!r} in "
                               f"{paths.CONTEXT_YML}")
            e = entries[sel["context"]]
            out[key] = {"value": e["value"], "text": str(e["value"]), "cite": e["cite"]}
            continue
        row = _pick(facts, key, sel)
        out[key] = {
            "value": number(row["value"]),
            "text": qualified_en(row["value"], row["unit"], row["qualifier"]),
            "text_zh": qualified_zh(row["value"], row["unit"], row["qualifier"]),
            "unit": row["unit"],
            "fact": row["fact_id"],
            "source": short_id(row["source_id"]),
            "as_of": row["as_of"],
            "year": str(row["as_of"])[:4],
            "zh": row["number_text"],
        }
    return out


def corpus_counts(facts: pd.DataFrame, sources, figure_metas: list[dict]) -> dict:
    """facts + sources + figures → counts the prose quotes (sources, facts, figures, untrusted)."""
    sources = source_rows(sources)
    in_scope = [s for s in sources if s.about_jjj]
    counts = {
        "sources": len(sources), "sources_in_scope": len(in_scope),
        "sources_out_of_scope": len(sources) - len(in_scope),
        "facts": len(facts), "facts_in_scope": int(facts["in_scope"].sum()),
        "facts_classified": int((facts["in_scope"] & facts["metric"].ne("unclassified")).sum()),
        "traditional": sum(s.script.startswith("traditional") for s in sources),
        "untrusted": int(facts["flags"].str.contains("near_corruption").sum()),
        "figures": len(figure_metas),
        "first_year": min(str(s.published)[:4] for s in sources) if sources else "",
        "last_year": max(str(s.published)[:4] for s in sources) if sources else "",
    }
    return {k: (number(v) if isinstance(v, int) else v) for k, v in counts.items()}


def table(df: pd.DataFrame, widths: list[int] | None = None) -> str:
    """DataFrame (+ relative column widths) → pipe table (cells escaped by md.table)."""
    text = md.table(df)
    if not widths:
        return text
    head, _, body = text.split("\n", 2) if len(df) else (*text.split("\n", 1), "")
    rule = "|" + "|".join("-" * w for w in widths) + "|"
    return f"{head}\n{rule}\n{body}" if body else f"{head}\n{rule}"


def table_div(tid: str, df: pd.DataFrame, caption: str, widths: list[int] | None = None) -> str:
    """table + caption (code's own Markdown, values escaped) → a Quarto table div ::: {#tbl-id}."""
    return f"::: {{#tbl-{tid}}}\n{table(df, widths)}\n\n{caption}\n:::\n"


# Download links of a figure bundle: (label, key in the metadata's "files", default suffix).
FIGURE_FILES = (("PNG", "png", "png"), ("SVG", "svg", "svg"), ("PNG, Chinese", "zh_png", "zh.png"),
                ("SVG, Chinese", "zh_svg", "zh.svg"), ("Data (CSV)", "csv", "csv"),
                ("Metadata (JSON)", "json", "json"), ("README", "readme_md", "README.md"),
                ("All files (zip)", "zip", "zip"))


def figure_block(meta: dict, notebook_html: str) -> str:
    """figure metadata → a Quarto figure div: alt text, caption, takeaway, downloads, cite line."""
    fid = md.ident(meta["id"])
    files = meta.get("files") or {key: f"{fid}.{ext}" for _, key, ext in FIGURE_FILES}
    links = md.join([md.href(label, f"figures/{files[key]}")
                     for label, key, _ in FIGURE_FILES if key in files], " · ")
    sources = "; ".join(f"{s['outlet']} ({s['published']})" for s in meta["sources"])
    alt = meta.get("alt_en") or meta["title"]
    takeaway = f" {md.escape(meta['takeaway_en'])}" if meta.get("takeaway_en") else ""
    return (
        f"::: {{#fig-{fid}}}\n![](figures/{fid}.svg){{fig-alt=\"{md.escape(alt)}\"}}\n\n"
        f"**{md.escape(meta['title'])}.**{takeaway} {md.escape(meta['caption'])} "
        f"Sources: {md.escape(sources)}. "
        f"Notebook: {md.href(meta['notebook'], notebook_html)}.\n:::\n\n"
        f"Cite this figure: {md.escape(meta['citation'])}\n\n"
        + md.html_only(f"Download: {links}")
    )


def ledger_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """facts → those the ledger lists (in scope and classified): the only link targets."""
    return facts[facts["in_scope"] & facts["metric"].ne("unclassified")]


def ledger(facts: pd.DataFrame, sources) -> str:
    """facts → the facts ledger table (every in-scope classified fact, with its quote)."""
    sources = source_rows(sources)
    f = ledger_facts(facts)
    rows = pd.DataFrame({
        "Fact": [md.anchor(i, i) for i in f["fact_id"]],
        "Value": [number(v) + ("%" if u == "%" else f" {u}") for v, u in zip(f["value"], f["unit"])],
        "Qualifier": [q.replace("_", " ") for q in f["qualifier"]],
        "Metric": list(f["label_en"].where(f["label_en"] != "", f["metric"])),
        "Place": list(f["place"]),
        "Source": [short_id(s) for s in f["source_id"]],
        "Date": list(f["as_of"]),
        "Quote": [md.join([q, md.strong("(corrupted nearby)")]) if "near_corruption" in fl else q
                  for q, fl in zip(f["quote"], f["flags"])],
    })
    cap = (f"Facts ledger: every classified fact from the in-scope sources, with the sentence "
           f"it comes from. Sources: {md.escape(', '.join(short_id(s.id) for s in sources))} "
           "(see @tbl-sources); data/facts.csv.")
    return table_div("ledger", rows, cap, [14, 9, 7, 19, 7, 5, 9, 30])


def sources_table(sources) -> str:
    """data/sources.csv → the sources table of the method section (outlet, date, script, scope)."""
    sources = source_rows(sources)
    rows = pd.DataFrame({
        "Source": [short_id(s.id) for s in sources],
        "Outlet": [s.outlet_en for s in sources],
        "Published": [s.published for s in sources],
        "Script": [s.script.replace("_", " + ") for s in sources],
        "In scope": ["yes" if s.about_jjj else "no (not about 京津冀)" for s in sources],
    })
    cap = "The source articles. Source: data/sources.csv."
    return table_div("sources", rows, cap, [8, 44, 14, 18, 16])


def quality_table(sources, stats: pd.DataFrame) -> str:
    """per-source stats (data/source_stats.csv) → the data-quality table."""
    sources = source_rows(sources)
    st = stats.assign(sid=stats["source_id"].map(short_id)).set_index("sid")
    cols = (("encoding", "Encoding"), ("raw_chars", "Raw chars"), ("noise_share", "Noise"),
            ("annotations_removed", "Pinyin removed"), ("corrupted_spans", "Corrupted spans"),
            ("sentences", "Sentences"), ("facts", "Facts"), ("facts_in_scope", "In scope"))
    rows = pd.DataFrame({"Source": [short_id(s.id) for s in sources]})
    for col, label in cols:
        if col in st:
            vals = st.reindex(rows["Source"])[col]
            rows[label] = [("" if pd.isna(v) else f"{v:.0%}" if col == "noise_share"
                            else v if isinstance(v, str) else number(v)) for v in vals]
    cap = ("Data quality per source: noise = characters removed as web noise ÷ raw characters. "
           "Source: data/source_stats.csv, from seeds/.")
    return table_div("quality", rows, cap)


def qualifiers_table(facts: pd.DataFrame) -> str:
    """facts → how each approximate qualifier is written in Chinese and shown in the report."""
    words = qualifiers.words()
    f = ledger_facts(facts)
    f = f[f["qualifier"].ne("exact")]
    rows = []
    for q, g in f.groupby("qualifier", sort=True):
        ex = g.iloc[0]
        rows.append({"Qualifier": q.replace("_", " "), "Meaning": qualifiers.spec(q)["meaning"],
                     "Chinese": "、".join(words.get(q, [])),
                     "Facts": number(len(g)), "Example in the source": ex["number_text"],
                     "Shown as": qualified_en(ex["value"], ex["unit"], q),
                     "Fact": md.link(ex["fact_id"], ex["fact_id"])})
    df = pd.DataFrame(rows, columns=["Qualifier", "Meaning", "Chinese", "Facts",
                                     "Example in the source", "Shown as", "Fact"])
    cap = "Approximate values: the hedge words and how the report shows them. Source: data/facts.csv."
    return table_div("qualifiers", df, cap)


def untrusted_table(facts: pd.DataFrame) -> str:
    """facts flagged near_corruption → table of numbers the report does not use."""
    f = facts[facts["flags"].str.contains("near_corruption")]
    listed = set(ledger_facts(facts)["fact_id"])
    df = pd.DataFrame({
        "Fact": [md.link(i, i) if i in listed else i for i in f["fact_id"]],
        "Source": [short_id(s) for s in f["source_id"]],
        "Number read": list(f["number_text"]),
        "Quote": list(f["quote"]),
    })
    cap = ("Numbers next to corrupted characters (shown as ???): what they count is lost, so no "
           "headline uses them. Source: data/facts.csv (flag near_corruption).")
    return table_div("untrusted", df, cap, [14, 7, 10, 69])


def _series(facts: pd.DataFrame) -> list[tuple[str, dict]]:
    """facts → per metric with from/to/stated_change: (label, {role: first fact of that role})."""
    f = ledger_facts(facts)
    f = f[f["role"].isin(["from", "to", "stated_change"])]
    out = []
    for _, g in f.groupby("metric", sort=False):
        by = {r: g[g["role"] == r].iloc[0] for r in ("from", "to", "stated_change")
              if (g["role"] == r).any()}
        out.append((next(iter(by.values()))["label_en"], by))  # from, else to, else stated
    return out


def _change(by: dict) -> float | None:
    """{role: fact} → the % change computed from its from/to values (percentages.change_pct)."""
    if "from" not in by or "to" not in by:
        return None
    return percentages.change_pct(by["from"]["value"], by["to"]["value"])


def series_summary(facts: pd.DataFrame) -> dict:
    """facts → {fastest, fastest_change}: the two-point series that grew fastest, for the prose."""
    changes = [(label, _change(by)) for label, by in _series(facts)]
    changes = [(label, c) for label, c in changes if c is not None]
    if not changes:
        return {"fastest": "no series", "fastest_change": ""}
    label, pct = max(changes, key=lambda lc: lc[1])
    return {"fastest": label[:1].lower() + label[1:], "fastest_change": f"{pct:+.0f}%"}


def series_table(facts: pd.DataFrame) -> str:
    """facts with role from/to/stated_change → the two-point series with stated vs computed change."""
    rows = []
    for label, by in _series(facts):
        a, b, s = by.get("from"), by.get("to"), by.get("stated_change")
        pct = _change(by)
        computed = "" if pct is None else f"{pct:+.0f}%"
        rows.append({
            "Metric": label,
            "From": "" if a is None else f"{number(a['value'])} ({a['as_of']})",
            "To": "" if b is None else md.join([md.link(number(b["value"]), b["fact_id"]),
                                                f"({b['as_of']})"]),
            "Stated change": "" if s is None else f"+{number(s['value'])}%",
            "Computed change": computed,
        })
    df = pd.DataFrame(rows, columns=["Metric", "From", "To", "Stated change", "Computed change"])
    cap = ("Two-point series: the only years the source gives, the change it states and the change "
           "computed from its two values. Source: data/facts.csv.")
    return table_div("series", df, cap)


def milestones_table(milestones: list[dict]) -> str:
    """data/milestones.csv records → the timeline table (date, event, status, source)."""
    df = pd.DataFrame({
        "Date": [str(m["date"]) for m in milestones],
        "Event": [f"{m['label_en']} ({m['label_zh']})" for m in milestones],
        "Status": [m["status"] for m in milestones],
        "Source": [short_id(m["source"]) for m in milestones],
    })
    cap = "Milestones with the source that dates each one. Source: data/milestones.csv."
    return table_div("milestones", df, cap, [12, 66, 10, 12])


def reproducibility(info: dict) -> str:
    """build info {commit, renderer, built_at, versions, parameters} → a Markdown block."""
    versions = ", ".join(f"{k} {v}" for k, v in sorted(info["versions"].items()))
    lines = [f"- Commit: {md.escape(info['commit'])}", f"- Renderer: {md.escape(info['renderer'])}",
             f"- Built: {md.escape(info['built_at'])}", f"- Package versions: {md.escape(versions)}"]
    for nb, params in (info.get("notebook_parameters") or {}).items():
        lines.append(f"- Parameters of {md.escape(nb)}: "
                     + md.escape(json.dumps(params, ensure_ascii=False, sort_keys=True)))
    lines.append("- Command-line overrides: "
                 + md.escape(json.dumps(info["parameters"], ensure_ascii=False, sort_keys=True)))
    return "\n".join(lines) + "\n"


def citation_block(title: str, info: dict) -> str:
    """report title + build info (with its publication settings) → a cite paragraph and BibTeX."""
    pub, year = info["publication"], info["built_at"][:4]
    where = ([md.href(pub["report_url"], pub["report_url"])] if pub["report_url"] else
             ["Not yet published at a permanent address."])
    repo = ([f"Source: {md.href(pub['repository_url'], pub['repository_url'])}."]
            if pub["repository_url"] else [])
    text = " ".join([f"{md.escape(pub['author'])} ({md.escape(year)}). *{md.escape(title)}*.",
                     (f"{md.escape(pub['publisher'])}. Version {md.escape(info['commit'])}, built "
                     f"{md.escape(info['built_at'])}. Licence {md.escape(pub['licence'])}."),
                     *map(str, where), *repo])
    url = f"  url = {{{pub['report_url']}}},\n" if pub["report_url"] else ""
    bib = (f"@techreport{{jjjhealth{year},\n  title = {{{title}}},\n"
           f"  author = {{{{{pub['author']}}}}},\n  institution = {{{pub['publisher']}}},\n"
           f"  year = {{{year}}},\n{url}"
           f"  note = {{Version {info['commit']}, built {info['built_at']}}}\n}}")
    return f"{text}\n\n{md.code_block(bib, 'bibtex')}"


def check_references(qmd: str, ids: set[str]) -> None:
    """index.qmd text + ids this build made → MissingFigureError naming any unresolved @fig/@tbl."""
    missing = sorted({r for r in _REF.findall(qmd) if r not in ids})
    if missing:
        figs = sorted(i for i in ids if i.startswith("fig-"))
        raise MissingFigureError(
            f"report/index.qmd refers to {', '.join('@' + m for m in missing)}, which this build "
            f"did not produce. Figures available: {', '.join(figs) or 'none'}. Rename the "
            "reference or restore the figure in its notebook.")


_VAR = re.compile(r"\{\{<\s*var\s+([\w.]+)\s*>\}\}")


def var(variables: dict, name: str) -> str:
    """_variables.yml content + 'key.sub' → its value as text, as {{< var key.sub >}} shows it."""
    node: object = variables
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"{{{{< var {name} >}}}}: no such variable in _variables.yml "
                           "(keys come from report/numbers.yml)")
        node = node[part]
    return str(node)


def title_block(templates: dict, vars_: dict) -> dict:
    """report/title.yml → {title, subtitle} with their {{< var … >}} shortcodes filled in.

    Filled by the build (into _generated/title.yml) so the title is plain text everywhere
    Quarto puts it: HTML <title>, PDF metadata, the citation line."""
    return {k: _VAR.sub(lambda m: var(vars_, m.group(1)), str(v))
            for k, v in (templates or {}).items()}


def write_generated(staging: Path, *, facts: pd.DataFrame, sources,
                    selectors: dict, figure_metas: list[dict], info: dict,
                    stats: pd.DataFrame | None = None, milestones: list[dict] | None = None,
                    notebooks: list[str] | None = None) -> None:
    """Write _variables.yml and _generated/*.md into a staged copy of report/."""
    gen = staging / "_generated"
    (gen / "figures").mkdir(parents=True, exist_ok=True)
    vars_ = variables(facts, selectors, milestones)
    vars_["build"] = {k: info[k] for k in ("commit", "renderer", "built_at")}
    vars_["corpus"] = corpus_counts(facts, sources, figure_metas)
    vars_["series"] = series_summary(facts)
    (staging / "_variables.yml").write_text(
        yaml.safe_dump(vars_, allow_unicode=True, sort_keys=True), encoding="utf-8")
    titles = title_block(yamlio.load(staging / "title.yml", RenderError),
                         vars_)
    (gen / "title.yml").write_text(yaml.safe_dump(titles, allow_unicode=True), encoding="utf-8")
    for edition in sorted(staging.glob("title.*.yml")):  # other editions' titles (title.zh.yml)
        filled = title_block(yamlio.load(edition, RenderError), vars_)
        (gen / edition.name).write_text(yaml.safe_dump(filled, allow_unicode=True),
                                        encoding="utf-8")
    parts = {
        "ledger.md": ledger(facts, sources), "sources.md": sources_table(sources),
        "quality.md": quality_table(sources, stats) if stats is not None else "",
        "qualifiers.md": qualifiers_table(facts), "untrusted.md": untrusted_table(facts),
        "series.md": series_table(facts), "milestones.md": milestones_table(milestones or []),
        "reproducibility.md": reproducibility(info),
        "citation.md": citation_block(titles.get("title", ""), info),
    }
    catalog = pd.DataFrame([{"Figure": md.ref("fig", m["id"]), "Title": m["title"],
                             "Notebook": md.href(m["notebook"], f"notebooks/{m['notebook']}.html"),
                             "Sources": ", ".join(short_id(s["id"]) for s in m["sources"])}
                            for m in figure_metas])
    parts["figure_catalog.md"] = (table_div(
        "figures", catalog, "Figure catalog: every figure, its notebook and its sources. "
        "Source: report/_output/figures/figures.csv.", [22, 48, 18, 12])
        if len(catalog) else "No figures.\n")
    by_notebook: dict[str, list[str]] = {nb: [] for nb in notebooks or []}
    for m in figure_metas:
        block = figure_block(m, f"notebooks/{m['notebook']}.html")
        (gen / "figures" / f"{m['id']}.md").write_text(block, encoding="utf-8")
        by_notebook.setdefault(m["notebook"], []).append(block)
    for nb, blocks in by_notebook.items():
        parts[f"figures_{nb}.md"] = "\n".join(blocks)
    for name, text in parts.items():
        (gen / name).write_text(text + ("\n" if text and not text.endswith("\n") else ""),
                                encoding="utf-8")
    ids = {f"fig-{md.ident(m['id'])}" for m in figure_metas}
    ids |= {f"tbl-{t}" for t in ("ledger", "sources", "quality", "qualifiers", "untrusted",
                                 "series", "milestones", "figures")}
    check_references((staging / "index.qmd").read_text(encoding="utf-8"), ids)
