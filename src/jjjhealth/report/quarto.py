"""Where Quarto is and which version it is: the report's only renderer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from jjjhealth.errors import RenderError

# The one pinned version. pyproject's `quarto` extra, environment.yml, the GitHub workflow
# and tools/ensure-quarto say the same (tests/e2e/test_quarto.py checks that they agree).
QUARTO_VERSION = "1.10.18"

HOW_TO_GET = (
    f"install Quarto {QUARTO_VERSION}: `make report` does it (from PATH, from QUARTO_BUNDLE, "
    f"or `pip install quarto-cli=={QUARTO_VERSION}` into .venv); elsewhere use "
    f"`pip install quarto-cli=={QUARTO_VERSION}`, conda-forge `quarto={QUARTO_VERSION}`, the "
    "installer from https://quarto.org/docs/download/, or set QUARTO_BUNDLE to an offline "
    "bundle (tools/ensure-quarto installs it)")


class QuartoMissingError(RenderError):
    """No usable `quarto` command was found."""


def find_quarto() -> Path | None:
    """→ the `quarto` to use: QUARTO_PATH, else the one in this Python's bin (.venv), else PATH."""
    explicit = os.environ.get("QUARTO_PATH")  # the variable the `quarto` Python package reads
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    # tools/ensure-quarto installs into .venv/bin only when PATH lacks the pinned version.
    beside = Path(sys.executable).parent / "quarto"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    on_path = shutil.which("quarto")
    return Path(on_path) if on_path else None


@lru_cache(maxsize=4)
def _version_of(path: Path) -> str:
    """quarto path → the version it prints ('' when it does not run)."""
    try:
        proc = subprocess.run([str(path), "--version"], capture_output=True, text=True,
                              timeout=120, check=False)
    except OSError:
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def require_quarto() -> tuple[Path, str]:
    """→ (quarto path, version), or QuartoMissingError saying how to get it."""
    path = find_quarto()
    if path is None:
        where = (f"QUARTO_PATH={os.environ['QUARTO_PATH']} does not exist"
                 if os.environ.get("QUARTO_PATH") else "`quarto` is not on PATH or in .venv/bin")
        raise QuartoMissingError(f"Quarto is needed to render the report and {where}; {HOW_TO_GET}")
    version = _version_of(path)
    if not version:
        raise QuartoMissingError(f"{path} --version failed; reinstall Quarto: {HOW_TO_GET}")
    if version != QUARTO_VERSION:
        print(f"warning: {path} is Quarto {version}; the report is pinned to {QUARTO_VERSION} "
              "(`make report` installs it)", file=sys.stderr)
    return path, version


def render_project(quarto: Path, project: Path, profile: str | None = None) -> None:
    """(quarto, project folder, profile) → its formats rendered into the profile's output-dir."""
    args = [str(quarto), "render", str(project), *(["--profile", profile] if profile else [])]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-25:])
        raise RenderError(f"quarto render of {project.name} ({profile or 'default'} profile) "
                          f"failed:\n{tail}")
