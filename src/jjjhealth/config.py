"""The project's root and its paths, defined once (cookiecutter-data-science style; see paths.py)."""

from __future__ import annotations

import os
from pathlib import Path

from jjjhealth.paths import Paths

# JJJ_ROOT lets tests build a temporary copy of the repository.
ROOT = Path(os.environ.get("JJJ_ROOT", Path(__file__).resolve().parents[2])).resolve()
PATHS = Paths(ROOT)
