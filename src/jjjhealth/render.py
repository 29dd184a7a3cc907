"""report/ + facts + executed notebooks + figures → report/_output/{index.html, report.pdf}."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import yaml

from . import atomic, config, provenance, runrecord
from .errors import RenderError

# pandas, matplotlib, nbconvert and the facts stage are imported inside the functions that
# need them, so that `jjjhealth build` with nothing to do starts in well under a second.

RENDERERS = ("quarto", "pandoc")
HTML_NAME, PDF_NAME = "index.html", "report.pdf"
_SHORTCODE = re.compile(r"\{\{<\s*(\w+)\s+([^>]*?)\s*>\}\}")


def choose_renderer(requested: str | None) -> str:
    """--renderer value (or None) → 'quarto' when on PATH, else 'pandoc'."""
    if requested not in (None, *RENDERERS):
        raise RenderError(f"--renderer {requested!r}: choose one of {RENDERERS}")
    if requested == "quarto" and not shutil.which("quarto"):
        raise RenderError("--renderer quarto: 'quarto' is not on PATH; install Quarto "
                          "(https://quarto.org) or use --renderer pandoc")
    return requested or ("quarto" if shutil.which("quarto") else "pandoc")


def build_info(renderer: str, parameters: dict) -> dict:
    """→ provenance of this build: commit, renderer, time, versions, parameters."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(stamp), dt.UTC) if stamp else dt.datetime.now(dt.UTC)
    return {"commit": provenance.commit(), "renderer": renderer,
            "built_at": when.strftime("%Y-%m-%d %H:%M UTC"),
            "versions": provenance.versions(), "parameters": parameters}


def stage(root: Path, staging: Path, renderer: str, parameters: dict) -> None:
    """repo → a self-contained copy of the Quarto project with generated parts, figures, fonts."""
    import pandas as pd

    from . import figures
    from .facts import read_facts
    from .reportgen import write_generated
    from .sources import load_sources

    report = root / "report"
    shutil.copytree(report, staging, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("_output", "_output.*", ".quarto", "README.md"))
    fig_src = root / "build" / "figures"
    fig_dst = staging / "figures"
    if fig_src.exists():
        shutil.copytree(fig_src, fig_dst, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*"))
    fig_dst.mkdir(exist_ok=True)
    cat = figures.catalog(fig_dst)
    cat.to_csv(fig_dst / "figures.csv", index=False, lineterminator="\n")
    metas = [json.loads((fig_dst / f"{i}.json").read_text(encoding="utf-8")) for i in cat["id"]]
    (staging / "fonts").mkdir(exist_ok=True)
    shutil.copy2(figures.cjk_font_path(), staging / "fonts")
    _notebooks_to_html(root / "build" / "notebooks", staging / "notebooks")
    stats_path = root / "data" / "source_stats.csv"
    stats = pd.read_csv(stats_path) if stats_path.exists() else None
    selectors = yaml.safe_load((report / "numbers.yml").read_text(encoding="utf-8"))
    milestones = yaml.safe_load((config.PACKAGE_DATA / "milestones.yml")
                                .read_text(encoding="utf-8"))["milestones"]
    plan = yaml.safe_load((root / "notebooks" / "parameters.yml").read_text(encoding="utf-8"))
    info = build_info(renderer, parameters)
    info["notebook_parameters"] = {e["name"]: e.get("parameters") or {} for e in plan["notebooks"]}
    # Release helper (issue 16): the parameters the recorded run used (build/run.json), not
    # parameters.yml as it reads now; build.run_render has refused failed or partial runs.
    run = runrecord.load(root)
    if run and run.get("status") == "ok":
        info["notebook_parameters"] = {n: e["parameters"] for n, e in run["notebooks"].items()}
    write_generated(staging, facts=read_facts(root / "data" / "facts.csv"),
                    sources=load_sources(root / "seeds"), selectors=selectors,
                    figure_metas=metas, info=info, stats=stats, milestones=milestones,
                    notebooks=[e["name"] for e in plan["notebooks"]])


def _notebooks_to_html(executed: Path, out: Path) -> None:
    """executed notebooks → HTML pages beside the report (nbconvert)."""
    import nbformat
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    for nb_path in sorted(executed.glob("*.ipynb")):
        body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
        (out / f"{nb_path.stem}.html").write_text(body, encoding="utf-8")


def expand_shortcodes(text: str, project: Path, variables: dict) -> str:
    """qmd text → text with {{< include >}} and {{< var >}} expanded (pandoc renderer only)."""
    def sub(m: re.Match) -> str:
        name, arg = m.group(1), m.group(2).strip()
        if name == "include":
            return expand_shortcodes((project / arg).read_text(encoding="utf-8"), project, variables)
        if name == "var":
            from .reportgen import var  # pandas-heavy: imported when rendering, not at start-up

            try:
                return var(variables, arg)
            except KeyError as exc:
                raise RenderError(exc.args[0]) from None
        raise RenderError(f"shortcode {{{{< {name} >}}}} is not supported by the pandoc renderer; "
                          "see report/README.md for the features both renderers support")
    return _SHORTCODE.sub(sub, text)


def _split_front_matter(text: str) -> tuple[dict, str]:
    """qmd → (YAML front matter, body)."""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return yaml.safe_load(text[4:end]) or {}, text[end + 5:]
    return {}, text


def render_pandoc(staging: Path) -> None:
    """staged project → _output/index.html (self-contained) and _output/report.pdf via Typst."""
    import pypandoc
    import typst

    project = yaml.safe_load((staging / "_quarto.yml").read_text(encoding="utf-8"))
    variables = yaml.safe_load((staging / "_variables.yml").read_text(encoding="utf-8")) or {}
    front, body = _split_front_matter((staging / "index.qmd").read_text(encoding="utf-8"))
    # Quarto's order: project metadata, then its metadata-files, then the document's own.
    files = {}
    for name in project.get("metadata-files") or []:
        files.update(yaml.safe_load((staging / name).read_text(encoding="utf-8")) or {})
    meta = {k: v for k, v in {**project, **files, **front}.items()
            if k not in ("project", "format", "metadata-files")}
    src = staging / "_pandoc.md"
    src.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
                   + expand_shortcodes(body, staging, variables), encoding="utf-8")
    out = staging / "_output"
    out.mkdir(exist_ok=True)
    lua = str(config.PACKAGE_DATA / "quarto_compat.lua")
    common = ["--lua-filter", lua, "--toc", "--number-sections", "--resource-path", str(staging)]
    html_fmt = project.get("format", {}).get("html", {})
    typst_fmt = project.get("format", {}).get("typst", {})
    css = [a for c in [html_fmt.get("css")] if c for a in ("--css", str(staging / c))]
    headers = typst_fmt.get("include-in-header") or []
    typ_header = [a for h in ([headers] if isinstance(headers, str) else headers)
                  for a in ("--include-in-header", str(staging / h))]
    try:
        pypandoc.convert_file(str(src), "html5", format="markdown", outputfile=str(out / HTML_NAME),
                              extra_args=[*common, "--standalone", "--embed-resources",
                                          "--section-divs", *css,
                                          "--metadata", "document-css=true"], cworkdir=str(staging))
        typ = staging / "report.typ"
        pypandoc.convert_file(str(src), "typst", format="markdown", outputfile=str(typ),
                              extra_args=[*common, "--standalone", "-V", "papersize=a4",
                                          "-V", "mainfont=Noto Sans CJK SC",
                                          "-V", "section-numbering=1.1",
                                          "-V", "page-numbering=1", *typ_header],
                              cworkdir=str(staging))
    except RuntimeError as exc:
        raise RenderError(f"pandoc failed on {staging / 'index.qmd'}: {exc}") from None
    try:
        typst.compile(str(typ), output=str(out / PDF_NAME), root=str(staging),
                      font_paths=[str(staging / "fonts")], ignore_system_fonts=True)
    except Exception as exc:  # noqa: BLE001 — typst's own TypstError; reported with the file
        raise RenderError(f"typst failed on {typ}: {exc}") from None


def render_quarto(staging: Path) -> None:
    """staged project → _output via `quarto render` (HTML and Typst PDF as in _quarto.yml)."""
    proc = subprocess.run(["quarto", "render", str(staging)], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise RenderError(f"quarto render failed:\n{proc.stderr[-4000:]}")


def _embed_font(html_path: Path, fonts: Path) -> None:
    """HTML output → the same with the CJK glyphs it uses embedded (both renderers)."""
    from .figures import CJK_FONT_FILE
    from .webfont import embed_cjk_font

    html = html_path.read_text(encoding="utf-8")
    html_path.write_text(embed_cjk_font(html, fonts / CJK_FONT_FILE), encoding="utf-8")


def render(root: Path = config.ROOT, renderer: str | None = None,
           parameters: dict | None = None) -> Path:
    """repo → report/_output (replaced only once the new output is complete)."""
    t0 = time.perf_counter()
    chosen = choose_renderer(renderer)
    build = root / "build"
    atomic.recover_dir(root / "report" / "_output")
    with atomic.staging_dir(build, "render") as staging:
        stage(root, staging, chosen, parameters or {})
        (render_quarto if chosen == "quarto" else render_pandoc)(staging)
        out = staging / "_output"
        for name in (HTML_NAME, PDF_NAME):
            if not (out / name).exists():
                raise RenderError(f"{chosen} did not produce {name}")
        _embed_font(out / HTML_NAME, staging / "fonts")
        for sub in ("figures", "notebooks"):
            shutil.copytree(staging / sub, out / sub, dirs_exist_ok=True)
        atomic.replace_dir(out, root / "report" / "_output")
    print(f"[render] {chosen}: report/_output/{HTML_NAME}, {PDF_NAME} "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)
    return root / "report" / "_output"
