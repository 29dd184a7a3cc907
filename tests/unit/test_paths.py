"""paths: every project path is spelled once (Paths / DataFiles), and nowhere else in src/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jjjhealth.paths import DataFiles, Paths

SRC = Path(__file__).resolve().parents[2] / "src" / "jjjhealth"
# render.py is being replaced by the Quarto renderer; it moves to Paths with that change.
NOT_YET = {"paths.py", "report/render.py"}
INLINE = re.compile(r"""/\s*["'](seeds|data|notebooks|build|report|tests)["']""")


@pytest.mark.parametrize(("attr", "relative"), [
    ("seeds", "seeds"), ("sources_yml", "seeds/sources.yml"), ("data", "data"),
    ("facts_csv", "data/facts.csv"), ("parameters_yml", "notebooks/parameters.yml"),
    ("executed", "build/notebooks"), ("figures", "build/figures"),
    ("report_output", "report/_output"), ("report_output_old", "report/_output.old"),
    ("numbers_yml", "report/numbers.yml"), ("requirements_lock", "requirements.lock"),
])
def test_paths(attr, relative):
    assert getattr(Paths(Path("/r")), attr) == Path("/r") / relative


@pytest.mark.parametrize(("attr", "name"), [
    ("facts_csv", "facts.csv"), ("sources_csv", "sources.csv"), ("clusters_csv", "clusters.csv"),
    ("checks_csv", "percentage_checks.csv"), ("milestones_csv", "milestones.csv"),
    ("source_stats_csv", "source_stats.csv"), ("datapackage_json", "datapackage.json"),
    ("boundaries_geojson", "boundaries.geojson"),
])
def test_data_files(attr, name):
    assert getattr(DataFiles(Path("/d")), attr) == Path("/d") / name
    assert getattr(Paths(Path("/r")).released, attr) == Path("/r/data") / name


@pytest.mark.parametrize("module", sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
                                   if p.relative_to(SRC).as_posix() not in NOT_YET))
def test_no_path_spelled_inline(module):
    hits = [(i, line.strip()) for i, line in enumerate(
        (SRC / module).read_text(encoding="utf-8").splitlines(), 1) if INLINE.search(line)]
    assert not hits, f"{module}: paths spelled inline (use jjjhealth.paths.Paths): {hits}"


@pytest.mark.parametrize("line, hit", [('root / "data" / "facts.csv"', True),
                                       ("root / 'build'", True), ('x / "figures"', False)])
def test_inline_pattern(line, hit):
    assert bool(INLINE.search(line)) is hit
