"""figure metadata and build info → the report's Markdown blocks: a figure with its downloads and cite line, the reproducibility list, the cite-this-report block."""

from __future__ import annotations

import json

from jjjhealth.present import markdown as md

# Download links of a figure bundle: (label, key in the metadata's "files", default suffix,
# label in the Chinese edition).
FIGURE_FILES = (("PNG", "png", "png", "PNG"), ("SVG", "svg", "svg", "SVG"),
                ("PNG, Chinese", "zh_png", "zh.png", "中文PNG"),
                ("SVG, Chinese", "zh_svg", "zh.svg", "中文SVG"),
                ("Data (CSV)", "csv", "csv", "数据（CSV）"),
                ("Metadata (JSON)", "json", "json", "元数据（JSON）"),
                ("README", "readme_md", "README.md", "说明（README）"),
                ("All files (zip)", "zip", "zip", "全部文件（zip）"))


def figure_block(meta: dict, lang: str = "en", prefix: str = "") -> str:
    """figure metadata + edition → a Quarto figure div: alt text, caption, takeaway, downloads,
    cite line; prefix leads from the edition's folder to the shared figures/ and notebooks/.

    The PDF carries the cite line and the bundle's address inside the caption, so both stay on
    the figure's page (absolute once publication.yml has a report URL: absolute-links.lua);
    the HTML shows them under the figure with a link to every file."""
    fid = md.ident(meta["id"])
    zh = lang == "zh"
    files = meta.get("files") or {key: f"{fid}.{ext}" for _, key, ext, _ in FIGURE_FILES}
    links = md.join([md.href(label_zh if zh else label, f"{prefix}figures/{files[key]}")
                     for label, key, _, label_zh in FIGURE_FILES if key in files], " · ")
    sources = ("；" if zh else "; ").join(
        f"{s.get('outlet_zh') or s['outlet']}（{s['published']}）" if zh
        else f"{s['outlet']} ({s['published']})" for s in meta["sources"])
    field = (lambda k: meta.get(f"{k}_zh") or meta.get(k, "")) if zh else (lambda k: meta.get(k, ""))
    title, cap, cite = field("title"), field("caption"), field("citation")
    alt = meta.get("alt_zh" if zh else "alt_en") or title
    takeaway = meta.get("takeaway_zh" if zh else "takeaway_en")
    image = files.get("zh_svg", f"{fid}.zh.svg") if zh else files.get("svg", f"{fid}.svg")
    words = ("来源：", "笔记本：", "引用此图：", "下载：", "（PNG、SVG、CSV、元数据、说明）") if zh else (
        "Sources: ", "Notebook: ", "Cite this figure: ", "Download: ",
        "(PNG, SVG, CSV with sources and quotes, metadata, README)")
    notebook = md.href(meta["notebook"], f"{prefix}notebooks/{meta['notebook']}.html")
    bundle = files.get("zip", f"{fid}.zip")
    stop = "。" if zh else ". "
    in_pdf = (f"[\\\n{words[2]}{md.escape(cite)}\\\n{words[3]}"
              f"{md.href(bundle, f'{prefix}figures/{bundle}')} {md.escape(words[4])}]"
              '{.content-visible when-format="typst"}')
    return (
        f"::: {{#fig-{fid}}}\n![](figures/{image}){{fig-alt=\"{md.escape(alt)}\"}}\n\n"
        f"**{md.escape(title)}{stop.strip()}**{' ' + md.escape(takeaway) if takeaway else ''} "
        f"{md.escape(cap)}{stop[1:]}{words[0]}{md.escape(sources)}{stop}{words[1]}{notebook}"
        f"{stop.strip()}{in_pdf}\n:::\n\n"
        + md.html_only(f"{words[2]}{md.escape(cite)}\n\n{words[3]}{links}")
    )


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


def citation_block(title: str, info: dict, lang: str = "en") -> str:
    """report title + build info (with its publication settings) → a cite paragraph and BibTeX."""
    pub, year = info["publication"], info["built_at"][:4]
    zh = lang == "zh"
    unpublished = "尚未在固定网址发布。" if zh else "Not yet published at a permanent address."
    where = [md.href(pub["report_url"], pub["report_url"])] if pub["report_url"] else [unpublished]
    repo = ([f"{'源代码' if zh else 'Source'}: {md.href(pub['repository_url'], pub['repository_url'])}."]
            if pub["repository_url"] else [])
    if zh:
        head = (f"{md.escape(pub['author'])}（{md.escape(year)}）。《{md.escape(title)}》。"
                f"{md.escape(pub['publisher'])}。版本 {md.escape(info['commit'])}，构建于 "
                f"{md.escape(info['built_at'])}。许可：{md.escape(pub['licence'])}。")
    else:
        head = (f"{md.escape(pub['author'])} ({md.escape(year)}). *{md.escape(title)}*. "
                f"{md.escape(pub['publisher'])}. Version {md.escape(info['commit'])}, built "
                f"{md.escape(info['built_at'])}. Licence {md.escape(pub['licence'])}.")
    text = " ".join([head, *map(str, where), *repo])
    url = f"  url = {{{pub['report_url']}}},\n" if pub["report_url"] else ""
    bib = (f"@techreport{{jjjhealth{year}{'zh' if zh else ''},\n  title = {{{title}}},\n"
           f"  author = {{{{{pub['author']}}}}},\n  institution = {{{pub['publisher']}}},\n"
           f"  year = {{{year}}},\n{url}"
           f"  note = {{Version {info['commit']}, built {info['built_at']}}}\n}}")
    return f"{text}\n\n{md.code_block(bib, 'bibtex')}"
