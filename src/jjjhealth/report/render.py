"""report/ + facts + executed notebooks + figures → report/_output/{index.html, report.pdf}."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import yaml

from jjjhealth import atomic, config, provenance, publication, runrecord, yamlio
from jjjhealth.errors import RenderError
from jjjhealth.present.fonts import pdf_fonts
from jjjhealth.report.downloads import DATA_DIR, KEY_NUMBERS, copy_dataset, write_key_numbers
from jjjhealth.report.quarto import render_project, require_quarto

# pandas, matplotlib, nbconvert and the facts stage are imported inside the functions that
# need them, so that `jjjhealth build` with nothing to do starts in well under a second.

HTML_NAME, PDF_NAME, INFO_NAME = "index.html", "report.pdf", "build-info.json"
# Editions other than English: Quarto profile → its folder inside report/_output. Each profile's
# _quarto-<name>.yml sets lang, title and `output-dir: _output-<name>`.
EDITIONS = {"zh": "zh"}


def build_info(renderer: str, parameters: dict) -> dict:
    """→ provenance of this build: commit, renderer (Quarto + version), time, versions, parameters."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(stamp), dt.UTC) if stamp else dt.datetime.now(dt.UTC)
    return {"commit": provenance.commit(), "renderer": renderer,
            "built_at": when.strftime("%Y-%m-%d %H:%M UTC"),
            "versions": provenance.versions(), "parameters": parameters,
            "publication": publication.settings()}


def stage(root: Path, staging: Path, renderer: str, parameters: dict) -> dict:
    """repo → a self-contained copy of the Quarto project with generated parts, figures, fonts."""
    from jjjhealth.present import figures
    from jjjhealth.report.reportgen import report_inputs, write_generated

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
    for font in pdf_fonts():
        shutil.copy2(font, staging / "fonts")
    _notebooks_to_html(root / "build" / "notebooks", staging / "notebooks", root)
    plan = yamlio.load(root / "notebooks" / "parameters.yml", RenderError)
    info = build_info(renderer, parameters)
    _pdf_metadata(staging / "_generated", info)
    for profile, folder in {None: "", **EDITIONS}.items():  # _quarto-<profile>.yml reads its own
        name = f"publication.{profile}.yml" if profile else "publication.yml"
        (staging / "_generated" / name).write_text(yaml.safe_dump(publication.quarto_metadata(
            info["publication"], f"{folder}/" if folder else ""), allow_unicode=True),
            encoding="utf-8")
    released = copy_dataset(root / "data", staging)  # the brief kit: the whole dataset
    info["notebook_parameters"] = {e["name"]: e.get("parameters") or {} for e in plan["notebooks"]}
    # Release helper (issue 16): the parameters the recorded run used (build/run.json), not
    # parameters.yml as it reads now; build.run_render has refused failed or partial runs.
    run = runrecord.load(root)
    if run and run.get("status") == "ok":
        info["notebook_parameters"] = {n: e["parameters"] for n, e in run["notebooks"].items()}
    # The report reads data/ and build/ only, never seeds/ (reportgen.report_inputs).
    key_rows = write_generated(staging, **report_inputs(root), figure_metas=metas, info=info,
                               notebooks=[e["name"] for e in plan["notebooks"]],
                               downloads=[*released, KEY_NUMBERS])
    write_key_numbers(staging / DATA_DIR, key_rows)  # and listed in the copy's datapackage.json
    return info


def _pdf_metadata(generated: Path, info: dict) -> None:
    """build info → _generated/document.typ: the PDF's date is the build time (SOURCE_DATE_EPOCH)."""
    when = dt.datetime.strptime(info["built_at"], "%Y-%m-%d %H:%M UTC")
    generated.mkdir(parents=True, exist_ok=True)
    (generated / "document.typ").write_text(
        f"#set document(date: datetime(year: {when.year}, month: {when.month}, day: {when.day}, "
        f"hour: {when.hour}, minute: {when.minute}, second: 0))\n", encoding="utf-8")


def _notebooks_to_html(executed: Path, out: Path, root: Path) -> None:
    """executed notebooks → HTML pages beside the report (nbconvert), paths relative to the repo."""
    import nbformat
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    for nb_path in sorted(executed.glob("*.ipynb")):
        # The injected parameters hold absolute paths: publish them relative to the repository,
        # so the pages say nothing about the builder's machine and are the same everywhere.
        text = nb_path.read_text(encoding="utf-8").replace(json.dumps(str(root) + "/")[1:-1], "")
        nb = nbformat.reads(text, as_version=4)
        for cell in nb.cells:  # papermill gives the cell it injects a random id
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell["id"] = "injected-parameters"
        body, _ = exporter.from_notebook_node(nb)
        (out / f"{nb_path.stem}.html").write_text(body, encoding="utf-8")


def _embed_font(html_path: Path, fonts: Path) -> None:
    """HTML output → the same with the CJK glyphs it uses embedded."""
    from jjjhealth.present.figures import CJK_FONT_FILE
    from jjjhealth.present.webfont import embed_cjk_font

    html = html_path.read_text(encoding="utf-8")
    html_path.write_text(embed_cjk_font(html, fonts / CJK_FONT_FILE), encoding="utf-8")


def render(root: Path = config.ROOT, parameters: dict | None = None) -> Path:
    """repo → report/_output via Quarto (replaced only once the new output is complete)."""
    t0 = time.perf_counter()
    quarto_path, version = require_quarto()  # before any work: a missing Quarto changes nothing
    renderer = f"Quarto {version}"
    print(f"[render] {renderer} ({quarto_path})", flush=True)
    build = root / "build"
    atomic.recover_dir(root / "report" / "_output")
    with atomic.staging_dir(build, "render") as staging:
        info = stage(root, staging, renderer, parameters or {})
        out = staging / "_output"
        for profile, folder in {None: None, **EDITIONS}.items():
            render_project(quarto_path, staging, profile)
            made = staging / (f"_output-{profile}" if profile else "_output")
            for name in (HTML_NAME, PDF_NAME):
                if not (made / name).exists():
                    raise RenderError(f"{renderer} did not produce {name} ({profile or 'en'})")
            _embed_font(made / HTML_NAME, staging / "fonts")
            if folder:
                made.rename(out / folder)
        for sub in ("figures", "notebooks", DATA_DIR):
            shutil.copytree(staging / sub, out / sub, dirs_exist_ok=True)
        (out / INFO_NAME).write_text(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True)
                                     + "\n", encoding="utf-8")
        atomic.replace_dir(out, root / "report" / "_output")
    print(f"[render] {renderer}: report/_output/{HTML_NAME}, {PDF_NAME} "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)
    return root / "report" / "_output"
