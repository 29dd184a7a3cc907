"""Shared fixtures: a temporary copy of the repository and one end-to-end build of it."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from jjjhealth.build.bench import copy_repo

REPO = Path(__file__).resolve().parents[1]
# The browser the HTML tests drive: Debian's chromium, or another installed Chromium-family
# browser named by JJJ_CHROMIUM (the GitHub workflow uses the runner's Chrome). Never downloaded.
CHROMIUM = os.environ.get("JJJ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def require(*tools: str) -> None:
    """Skip the calling test when a Debian tool it drives is missing (make test installs them)."""
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (tools/system-deps installs it)")


def run_cli(root: Path, *args: str, check: bool = True, env: dict | None = None,
            timeout: int = 900) -> subprocess.CompletedProcess:
    """`jjjhealth --root ROOT args…` in a subprocess → completed process (text output)."""
    proc = subprocess.run(
        [sys.executable, "-m", "jjjhealth.build.cli", "--root", str(root), *args],
        capture_output=True, text=True, timeout=timeout, check=False,
        env={**os.environ, "JJJ_ROOT": str(root), **(env or {})},
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"jjjhealth {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture
def cli_run(capsys, monkeypatch):
    """In-process `jjjhealth --root ROOT args…` → CompletedProcess (returncode, stdout, stderr).

    Same code path as the command line without a Python start per call: a table of 20 bad
    inputs costs seconds instead of half a minute."""
    from jjjhealth.build import cli

    def run(root: Path, *args: str) -> subprocess.CompletedProcess:
        monkeypatch.setenv("JJJ_ROOT", str(root))  # main() sets it; monkeypatch restores it
        # main() installs its SIGTERM handler, and after an interruption ignores SIGINT and
        # SIGTERM; left in this worker, every process it starts later would inherit "ignore"
        # (a build then shrugs off Ctrl-C: test_interrupts saw exit 0 in the full suite).
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            code = cli.main(["--root", str(root), *args])
        finally:
            for s, handler in saved.items():
                signal.signal(s, handler)
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)
    return run


# A fixed build time (reproducible-builds.org): two builds give the same bytes.
REPRODUCIBLE = {"SOURCE_DATE_EPOCH": "1760000000"}


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A fresh temporary copy of the repository for one test."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory) -> Path:
    """One full build (Quarto) of a temporary copy, shared by the end-to-end tests."""
    root = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    run_cli(root, "build", env=REPRODUCIBLE)
    return root


NUMBER_WORDS = r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|" \
               r"thirty|forty|fifty|hundred|thousand|million|billion)\b"


def prose(text: str) -> str:
    """index.qmd → its prose: no front matter, comments, shortcodes, ids or cross-references."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"\{\{<.*?>\}\}", "", text, flags=re.DOTALL)
    text = re.sub(r"\{#[^}]*\}", "", text)
    return re.sub(r"@(fig|tbl|sec)-[\w-]+", "", text)


def assert_no_typed_numbers(text: str, where: str) -> None:
    """Report text → AssertionError listing any digit or number word outside shortcodes."""
    text = prose(text)
    digits = [(m.group(), text[max(0, m.start() - 30):m.end() + 30])
              for m in re.finditer(r"[0-9０-９]+", text)]
    assert not digits, f"numbers typed by hand in {where}: {digits}"
    words = re.findall(NUMBER_WORDS, text, flags=re.IGNORECASE)
    assert not words, f"number words typed in {where}: {words}"


def overprinted_pages(pdf: Path) -> list[int]:
    """PDF → pages where two words of a line share the same place (text set over text)."""
    require("pdftotext")
    boxes = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">')
    clashes = []
    for n, page in enumerate(boxes.split("<page ")[1:], start=1):
        words = sorted((round(float(y)), float(x0), float(x1)) for x0, y, x1 in word.findall(page))
        for (y, a0, a1), (y2, b0, b1) in itertools.pairwise(words):
            if y == y2 and min(a1, b1) - max(a0, b0) > 0.5 * min(a1 - a0, b1 - b0):
                clashes.append(n)
    return sorted(set(clashes))
