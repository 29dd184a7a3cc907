"""End to end: the whole build on a temporary copy, and what a reader gets from it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import REPO, run_cli

pytestmark = pytest.mark.slow

REMOTE = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                    re.IGNORECASE)


def test_build_writes_html_and_pdf(built_repo):
    out = built_repo / "report" / "_output"
    assert (out / "index.html").stat().st_size > 10_000
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")


def test_html_is_self_contained_with_a_figure(built_repo):
    html = (built_repo / "report" / "_output" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[\d,]+ regional alliances .* \d+ years of Beijing–Tianjin–Hebei "
                     r"health-care coordination</title>", html)
    assert re.search(r"<img\b|<svg\b", html)
    assert not REMOTE.search(html), REMOTE.search(html)


def test_regenerated_facts_equal_committed(built_repo):
    assert (built_repo / "data" / "facts.csv").read_bytes() == (REPO / "data" / "facts.csv").read_bytes()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_text_contains_a_number_from_the_facts(built_repo):
    import pandas as pd

    facts = pd.read_csv(built_repo / "data" / "facts.csv", dtype=str)
    beds = facts[(facts["metric"] == "beds") & (facts["role"] == "to")]["value"].iloc[0]
    text = subprocess.run(["pdftotext", str(built_repo / "report/_output/report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert f"{int(beds):,}" in text or beds in text


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdf_embeds_a_cjk_font(built_repo):
    out = subprocess.run(["pdffonts", str(built_repo / "report/_output/report.pdf")],
                         capture_output=True, text=True, check=True).stdout
    cjk = [line for line in out.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), out


def test_executed_notebooks_and_figures_are_kept(built_repo):
    assert list((built_repo / "build" / "notebooks").glob("*.ipynb"))
    figs = built_repo / "report" / "_output" / "figures"
    assert (figs / "figures.csv").exists()
    for ext in ("png", "svg", "csv", "json"):
        assert list(figs.glob(f"*.{ext}")), ext


def test_progress_lines_name_each_stage(repo_copy):
    proc = run_cli(repo_copy, "extract")
    assert re.search(r"\[extract\] \d+ facts .*\(\d+\.\d s\)", proc.stdout)


def test_missing_quarto_is_a_clear_error_and_keeps_the_report(repo_copy):
    out = repo_copy / "report" / "_output"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous report", encoding="utf-8")
    for command in ("render", "build"):
        proc = run_cli(repo_copy, command, check=False,
                       env={"QUARTO_PATH": str(repo_copy / "no-such-quarto")})
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr
        assert "Quarto is needed" in lines[0] and "pip install quarto-cli==" in lines[0]
        assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
        assert not (repo_copy / "build" / "notebooks").exists()  # build stopped before any work

def test_failing_notebook_names_cell_and_keeps_previous_report(built_repo, tmp_path):
    from conftest import copy_repo

    root = copy_repo(tmp_path / "repo")
    shutil.copytree(built_repo / "report" / "_output", root / "report" / "_output")
    before = (root / "report" / "_output" / "index.html").read_bytes()
    nb = root / "notebooks" / "01_resource_growth.ipynb"
    nb.write_text(nb.read_text(encoding="utf-8").replace(
        "from pathlib import Path", "raise RuntimeError('boom in test')\\nfrom pathlib import Path", 1),
        encoding="utf-8")
    proc = run_cli(root, "build", check=False)
    assert proc.returncode == 2
    assert "01_resource_growth.ipynb" in proc.stderr and "boom in test" in proc.stderr
    assert re.search(r"cell \d+", proc.stderr)
    assert (root / "build" / "notebooks" / "01_resource_growth.ipynb").exists()
    assert (root / "report" / "_output" / "index.html").read_bytes() == before
