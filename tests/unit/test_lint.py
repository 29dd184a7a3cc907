"""The code passes the project's linter (ruff, pinned in requirements.lock, configured in pyproject)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO


def test_ruff_is_clean():
    pytest.importorskip("ruff")
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                           "src", "tests"], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
