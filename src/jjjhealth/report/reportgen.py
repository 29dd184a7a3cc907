"""facts + figure bundles + build info → the generated parts of the report (variables, tables, figure blocks)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from jjjhealth import context, paths, places, yamlio
from jjjhealth.errors import RenderError
from jjjhealth.extract.facts import read_facts, read_sources
from jjjhealth.paths import Paths
from jjjhealth.present import markdown as md
from jjjhealth.present import wording
from jjjhealth.qualifiers import number, qualified_en, qualified_zh
from jjjhealth.report import keynumbers, tables
from jjjhealth.report.blocks import citation_block, figure_block, reproducibility
from jjjhealth.report.tables import place_name, short_id, source_frame

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


def _pick(facts: pd.DataFrame, key: str, sel: dict) -> pd.Series:
    """facts + selector {metric, scope, measure, subject, place, role, as_of, flagged} → the
    latest fact it names (source: only to pin one deliberately)."""
    flagged = facts["flags"].str.contains("near_corruption")
    f = facts[facts["in_scope"] & (flagged if sel.get("flagged") else ~flagged)]
    for col in ("metric", "scope", "measure", "subject", "place", "role", "unit", "qualifier"):
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
            sid = short_id(m["source"])
            return {"value": int(year), "text": year, "source": sid, "quote": m["quote"],
                    "source_text": wording.table()["source"]["en"].format(id=sid),
                    "source_text_zh": wording.table()["source"]["zh"].format(id=sid)}
    raise KeyError(f"report/numbers.yml {key!r}: no milestone {label!r} in data/milestones.csv")


def variables(facts: pd.DataFrame, selectors: dict[str, dict],
              milestones: list[dict] | None = None) -> dict:
    """facts + report/numbers.yml selectors → {key: {value, text, unit, fact, source, as_of}}
    as plain text (markdown_variables makes them Markdown for _variables.yml)."""
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
            # "source 000" / 来源000: the text of a citation that links to the fact's ledger row
            "source_text": wording.table()["source"]["en"].format(id=short_id(row["source_id"])),
            "source_text_zh": wording.table()["source"]["zh"].format(id=short_id(row["source_id"])),
            "as_of": row["as_of"],
            "year": str(row["as_of"])[:4],
            "zh": row["number_text"],
            # whose number, what kind, when, where from
            "meta": wording.meta(row, short_id(row["source_id"]), "en", place_name),
            "meta_zh": wording.meta(row, short_id(row["source_id"]), "zh", place_name),
        }
    return out


def corpus_counts(facts: pd.DataFrame, sources, figure_metas: list[dict],
                  built: str = "") -> dict:
    """facts + sources + figures (+ build date) → counts and dates the prose quotes (sources,
    facts, dateline), as plain text."""
    s = source_frame(sources)
    in_scope = facts[facts["in_scope"]]
    counts = {
        "sources": len(s), "sources_in_scope": int(s["about_jjj"].sum()),
        "sources_out_of_scope": int((~s["about_jjj"]).sum()),
        "facts": len(facts), "facts_in_scope": len(in_scope),
        "facts_classified": int(in_scope["metric"].ne("unclassified").sum()),
        "traditional": int(s["script"].str.startswith("traditional").sum()),
        "untrusted": int(facts["flags"].str.contains("near_corruption").sum()),
        "figures": len(figure_metas),
    }
    out = {k: number(v) for k, v in counts.items()}
    published = sorted(str(p) for p in s.loc[s["about_jjj"], "published"]) or [""]
    as_of = max(in_scope["as_of"], default="")
    out.update(first_year=published[0][:4], last_year=published[-1][:4])
    said = wording.table()["sentences"]
    for lang, suffix in (("en", ""), ("zh", "_zh")):
        first, last = (wording.date(d[:7], lang) for d in (published[0], published[-1]))
        out["dateline" + suffix] = said["dateline"][lang].format(
            first=first, last=last, as_of=wording.date(as_of[:7], lang),
            built=wording.day(built, lang))
        absent = [place_name(p, lang) for p in places.within(wording.table()["region"], "province")
                  if not in_scope["place"].eq(p).any()]
        out["absent_places" + suffix] = (said["absent_places"][lang].format(
            places=said["or"][lang].join(absent)) if absent else "")
    return out


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


def markdown_variables(node: object, key: str = "") -> object:
    """plain report variables → the same tree as Quarto reads it from _variables.yml: every
    value through the one escape (md.escape), a fact id (a link target) through md.ident."""
    if isinstance(node, dict):
        return {k: markdown_variables(v, str(k)) for k, v in node.items()}
    return md.ident(node) if key == "fact" else md.escape(node)


def title_block(templates: dict, vars_: dict) -> dict:
    """report/title.yml + plain variables → {title, subtitle} with their {{< var … >}}
    shortcodes filled in, as plain text.

    Filled by the build (into _generated/title.yml, escaped) so the title is plain text
    everywhere Quarto puts it: HTML <title>, PDF metadata, the citation line."""
    return {k: _VAR.sub(lambda m: var(vars_, m.group(1)), str(v))
            for k, v in (templates or {}).items()}


TABLE_IDS = ("ledger", "sources", "quality", "qualifiers", "untrusted", "series", "milestones",
             "figures", "key-numbers")
# Each edition's generated parts: folder under _generated/ and the path from its output folder
# back to the shared figures/, notebooks/ and data/ (the Chinese edition is _output/zh/).
EDITIONS = {"en": ("", ""), "zh": ("zh/", "../")}


def _parts(lang: str, prefix: str, *, facts, sources, stats, milestones, figure_metas,
           notebooks, key_rows, titles, info, downloads) -> dict[str, str]:
    """everything the report shows + edition → {file name: Markdown} of that edition."""
    from jjjhealth.report.downloads import downloads_block

    parts = {
        "ledger.md": tables.ledger(facts, lang), "sources.md": tables.sources_table(sources, lang),
        "quality.md": tables.quality_table(sources, stats, lang) if stats is not None else "",
        "qualifiers.md": tables.qualifiers_table(facts, lang),
        "untrusted.md": tables.untrusted_table(facts, lang),
        "series.md": tables.series_table(facts, lang),
        "milestones.md": tables.milestones_table(milestones, lang),
        "figure_catalog.md": tables.figure_catalog(figure_metas, lang, prefix),
        "citation.md": citation_block(titles.get("title", ""), info, lang),
        "key_numbers.md": tables.table_div(
            "key-numbers", keynumbers.display(key_rows, lang, short_id, place_name),
            tables.caption("key_numbers", lang), keynumbers.WIDTHS),
        "downloads.md": downloads_block(downloads, prefix),
    }
    by_notebook: dict[str, list[str]] = {nb: [] for nb in notebooks}
    for m in figure_metas:
        by_notebook.setdefault(m["notebook"], []).append(figure_block(m, lang, prefix))
    parts.update({f"figures_{nb}.md": "\n".join(blocks) for nb, blocks in by_notebook.items()})
    return parts


def write_generated(staging: Path, *, facts: pd.DataFrame, sources,
                    selectors: dict, figure_metas: list[dict], info: dict,
                    stats: pd.DataFrame | None = None, milestones: list[dict] | None = None,
                    notebooks: list[str] | None = None,
                    downloads: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Write _variables.yml and both editions' _generated/ parts; returns the key-numbers rows."""
    gen = staging / "_generated"
    gen.mkdir(parents=True, exist_ok=True)
    vars_ = variables(facts, selectors, milestones)
    vars_["build"] = {k: info[k] for k in ("commit", "renderer", "built_at")}
    vars_["corpus"] = corpus_counts(facts, sources, figure_metas, info["built_at"][:10])
    vars_["series"] = tables.series_summary(facts)
    (staging / "_variables.yml").write_text(
        yaml.safe_dump(markdown_variables(vars_), allow_unicode=True, sort_keys=True),
        encoding="utf-8")
    titles = {}
    for template in sorted(staging.glob("title*.yml")):  # title.yml, title.zh.yml
        titles[template.name] = title_block(yamlio.load(template, RenderError), vars_)
        (gen / template.name).write_text(yaml.safe_dump(  # Quarto reads titles as Markdown
            {k: md.escape(v) for k, v in titles[template.name].items()}, allow_unicode=True),
            encoding="utf-8")
    key_rows = keynumbers.key_rows(keynumbers.key_names(selectors), vars_, facts,
                                   source_frame(sources))
    for lang, (folder, prefix) in EDITIONS.items():
        (gen / folder).mkdir(parents=True, exist_ok=True)
        parts = _parts(lang, prefix, facts=facts, sources=sources, stats=stats,
                       milestones=milestones or [], figure_metas=figure_metas,
                       notebooks=notebooks or [], key_rows=key_rows,
                       titles=titles.get("title.zh.yml" if lang == "zh" else "title.yml", {}),
                       info=info, downloads=downloads or [])
        for name, text in parts.items():
            (gen / folder / name).write_text(
                text + ("\n" if text and not text.endswith("\n") else ""), encoding="utf-8")
    (gen / "reproducibility.md").write_text(reproducibility(info), encoding="utf-8")
    ids = {f"fig-{md.ident(m['id'])}" for m in figure_metas} | {f"tbl-{t}" for t in TABLE_IDS}
    check_references((staging / "index.qmd").read_text(encoding="utf-8"), ids)
    return key_rows
