"""Quarto, the one renderer: one pinned version everywhere, and a clear stop when it is missing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from jjjhealth.report import quarto

REPO = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    """→ {where: Quarto version pinned there} over every file that names one."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    extra = project["project"]["optional-dependencies"]["quarto"]
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("quarto")]
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "report.yml").read_text("utf-8"))
    setup = [s for s in flow["jobs"]["report"]["steps"]
             if "quarto-actions/setup" in str(s.get("uses", ""))]
    lock = re.findall(r"quarto-cli==([\d.]+)", (REPO / "requirements.lock").read_text("utf-8"))
    return {"pyproject extra": extra[0].split("==")[1], "environment.yml": conda[0].split("=")[1],
            "workflow": str(setup[0]["with"]["version"]), "requirements.lock": lock[0]}


@pytest.mark.parametrize("where", ["pyproject extra", "environment.yml", "workflow",
                                   "requirements.lock"])
def test_one_quarto_version_everywhere(where):
    assert _pins()[where] == quarto.QUARTO_VERSION


def test_quarto_path_that_does_not_exist_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("QUARTO_PATH", str(tmp_path / "nothing"))
    with pytest.raises(quarto.QuartoMissingError, match="pip install quarto-cli==1.10.18"):
        quarto.require_quarto()


def test_quarto_that_does_not_run_is_missing(monkeypatch, tmp_path):
    broken = tmp_path / "quarto"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("QUARTO_PATH", str(broken))
    with pytest.raises(quarto.QuartoMissingError, match="--version failed"):
        quarto.require_quarto()


def test_ensure_quarto_stops_with_how_to_get_it_when_nothing_works(tmp_path):
    """No quarto on PATH or in the venv, a bundle that is not there, PyPI unreachable → exit 1."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VENV": str(venv),
           "QUARTO_BUNDLE": str(tmp_path / "no-bundle.tar.xz"),
           "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": "", "PIP_CONFIG_FILE": os.devnull}
    proc = subprocess.run([str(REPO / "tools" / "ensure-quarto")], capture_output=True,
                          text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "no-bundle.tar.xz: no such bundle" in proc.stderr
    assert "pip install quarto-cli==1.10.18" in proc.stderr
    assert "conda-forge quarto=1.10.18" in proc.stderr
    assert not (venv / "bin" / "quarto").exists()


def test_ensure_quarto_finds_the_installed_one():
    proc = subprocess.run([str(REPO / "tools" / "ensure-quarto")], capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    path = proc.stdout.strip()
    assert subprocess.run([path, "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == quarto.QUARTO_VERSION
