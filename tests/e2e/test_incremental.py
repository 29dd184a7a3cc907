"""Incremental builds: a rebuild costs what changed (build/state.json keyed by content hashes)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_cli

pytestmark = pytest.mark.slow


def _build(root, *extra):
    return run_cli(root, "build", *extra).stdout


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    from conftest import copy_repo

    root = copy_repo(tmp_path_factory.mktemp("inc") / "repo")
    _build(root)
    return root


def test_noop_build_says_every_stage_is_up_to_date(warm):
    out = _build(warm)
    assert "[extract] up to date" in out
    assert "[analyse] up to date" in out
    assert "[render] up to date" in out


def test_changed_notebook_reruns_it_and_renders_but_does_not_extract(warm):
    nb = warm / "notebooks" / "01_resource_growth.ipynb"
    doc = json.loads(nb.read_text(encoding="utf-8"))
    doc["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["A new remark."]})
    nb.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    out = _build(warm)
    assert "[extract] up to date" in out
    assert "[analyse] 01_resource_growth:" in out
    assert re.search(r"\[render\] Quarto [\d.]+: report/_output", out)


def test_seed_change_with_identical_facts_runs_no_notebook(warm):
    seed = min((warm / "seeds").glob("004_*.txt"))
    seed.write_bytes(seed.read_bytes() + b"\n")  # trailing blank line: same facts
    out = run_cli(warm, "build").stdout
    assert "[extract] " in out and "unchanged" in out
    # Notebooks keyed on the facts do not re-run; one that declares `reads: source_stats.csv`
    # (per-source data quality) may, since the seed's character counts changed.
    assert "[analyse] 01_resource_growth" not in out


def test_force_rebuilds_everything(warm):
    out = _build(warm, "--force")
    assert "up to date" not in out


def test_clean_removes_state_and_outputs(warm):
    run_cli(warm, "clean")
    # only the lock file clean itself held may stay (a build started meanwhile waits on it)
    assert {p.name for p in (warm / "build").glob("*")} | {
        p.name for p in (warm / "build").glob(".*")} <= {".lock"}
    assert not (warm / "report" / "_output").exists()
    assert (warm / "data" / "facts.csv").exists()
