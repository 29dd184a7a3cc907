"""→ what a build was made from: git commit and package versions (light imports only)."""

from __future__ import annotations

import os
import subprocess
from importlib import metadata

from jjjhealth import config

# Quarto (and the pandoc and Typst it drives) is recorded as the renderer by render.build_info.
VERSIONED = ("jjjhealth", "pandas", "matplotlib", "seaborn", "papermill", "opencc", "cn2an",
             "nbconvert")


def commit() -> str:
    """→ the current git commit (short), or JJJ_COMMIT, or 'uncommitted'."""
    if os.environ.get("JJJ_COMMIT"):
        return os.environ["JJJ_COMMIT"]
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=config.ROOT,
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "uncommitted"


def versions() -> dict:
    """→ {package: version} of the tools behind the report."""
    out = {}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out
