"""The report describes the run it shows: build/run.json records each notebook run (parameters,
status, executed notebooks, figures); render uses exactly that record and refuses a failed,
interrupted or partial one; path parameters cannot leave the project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from jjjhealth import runrecord
from jjjhealth.build import build
from jjjhealth.build.validate import check_paths
from jjjhealth.errors import NotebookError, ParameterError, RenderError
from jjjhealth.report import quarto, render

NAMES = ["01_a", "02_b"]
PATHS = {"facts_path": "data/facts.csv", "figures_dir": "build/figures", "data_dir": "data"}


def _fake_run(root: Path, **changes) -> dict:
    """→ an ok record of a run of NAMES, with its executed notebooks and figures on disk."""
    (root / "build" / "notebooks").mkdir(parents=True, exist_ok=True)
    (root / "build" / "figures").mkdir(parents=True, exist_ok=True)
    (root / "build" / "figures" / "f1.png").write_bytes(b"png")
    entries = {}
    for n in NAMES:
        nb = root / "build" / "notebooks" / f"{n}.ipynb"
        nb.write_text(f"executed {n}")
        entries[n] = {"status": "ok", "key": "k", "parameters": {"place": "廊坊"},
                      "executed": runrecord.sha256(nb), "paths": dict(PATHS)}
    record = {"status": "ok", "overrides": {"place": "廊坊"}, "notebooks": entries,
              "figures": runrecord.file_hashes(root / "build" / "figures", root), **changes}
    runrecord.write(root, record)
    return record


def _edit(record: dict, root: Path, what: str) -> None:
    """Spoil a recorded run in one way (the cases of RECORDS)."""
    if what == "no record":
        runrecord.path(root).unlink()
    elif what == "not JSON":
        runrecord.path(root).write_bytes(b"\xff{")
    elif what == "wrong shape":
        runrecord.path(root).write_text("[]")
    elif what == "notebook changed":
        (root / "build" / "notebooks" / "02_b.ipynb").write_text("a later, failed run")
    elif what == "figure added":
        (root / "build" / "figures" / "f2.png").write_bytes(b"from a later run")
    elif what == "figure changed":
        (root / "build" / "figures" / "f1.png").write_bytes(b"changed")
    elif what == "figures moved":
        record["notebooks"]["01_a"]["paths"]["figures_dir"] = "build/elsewhere"
        runrecord.write(root, record)
    elif what == "notebook missing":
        del record["notebooks"]["02_b"]
        runrecord.write(root, record)
    else:  # a status
        record["status"] = what
        record["error"] = "notebook 02_b.ipynb failed in cell 3: RuntimeError: boom"
        runrecord.write(root, record)


# how the record is spoiled → words the RenderError must contain
RECORDS = {
    "no record": ["no record of a notebook run", "jjjhealth run"],
    "not JSON": ["unreadable run record"],
    "wrong shape": ["not a run record"],
    "failed": ["failed", "02_b.ipynb failed in cell 3", "not rendered from a failed run"],
    "running": ["did not finish"],
    "partial": ["partial run"],
    "notebook missing": ["partial run", "02_b"],
    "notebook changed": ["02_b.ipynb changed after the run"],
    "figure added": ["figures changed after the run"],
    "figure changed": ["figures changed after the run"],
    "figures moved": ["01_a", "build/elsewhere", "-p figures_dir"],
}


@pytest.mark.parametrize("what", RECORDS)
def test_render_refuses_a_run_it_cannot_describe(tmp_path, what):
    record = _fake_run(tmp_path)
    _edit(record, tmp_path, what)
    with pytest.raises(RenderError) as err:
        runrecord.checked(tmp_path, NAMES, PATHS)
    for word in RECORDS[what]:
        assert word in str(err.value)


def test_an_ok_record_is_returned_as_written(tmp_path):
    record = _fake_run(tmp_path)
    assert runrecord.checked(tmp_path, NAMES, PATHS) == record


# --- build.run_notebooks writes the record; build.run_render reads it ---------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """→ a copy of what run_notebooks reads (notebooks, data, lock file), nothing built."""
    root = tmp_path / "repo"
    for name in ("notebooks", "data", "seeds", "report"):
        shutil.copytree(REPO / name, root / name,
                        ignore=shutil.ignore_patterns("_output", ".ipynb_checkpoints"))
    shutil.copy2(REPO / "requirements.lock", root / "requirements.lock")
    return root


@pytest.fixture
def fake_notebooks(monkeypatch):
    """build._run_one replaced: writes the executed copy and a figure, or fails for `failing`."""
    failing: set[str] = set()

    def run_one(args):
        spec, params, root = args
        out = root / "build" / "notebooks" / f"{spec.name}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(params, ensure_ascii=False, sort_keys=True))
        if spec.name in failing:
            raise NotebookError(f"notebook {spec.name}.ipynb failed in cell 2: RuntimeError: boom")
        figures = root / "notebooks" / params["figures_dir"]  # the notebooks run in notebooks/
        figures.mkdir(parents=True, exist_ok=True)
        (figures / f"{spec.name}.svg").write_text(str(params.get("place", "")))
        return spec.name, 0.0

    monkeypatch.setattr(build, "_run_one", run_one)
    return failing


@pytest.fixture
def rendered(monkeypatch) -> list[dict]:
    """render.render replaced: records the parameters it was given instead of rendering."""
    calls: list[dict] = []
    monkeypatch.setattr(render, "render", lambda root, parameters: calls.append(parameters))
    monkeypatch.setattr(quarto, "require_quarto", lambda: (Path("quarto"), quarto.QUARTO_VERSION))
    return calls


def test_render_uses_the_parameters_of_the_recorded_run(repo, fake_notebooks, rendered):
    build.run_notebooks(repo, {"tolerance_pct_points": 2.5}, jobs=1)
    record = runrecord.load(repo)
    assert record["status"] == "ok" and record["overrides"] == {"tolerance_pct_points": 2.5}
    assert record["notebooks"]["01_resource_growth"]["parameters"]["tolerance_pct_points"] == 2.5
    assert record["notebooks"]["04_consistency"]["parameters"]["min_sources"] == 2
    assert record["notebooks"]["01_resource_growth"]["paths"] == PATHS
    assert "build/figures/01_resource_growth.svg" in record["figures"]
    assert str(repo) not in runrecord.path(repo).read_text(encoding="utf-8")  # no builder's paths
    build.run_render(repo)  # a separate `render`: no overrides given to it
    assert rendered == [{"tolerance_pct_points": 2.5}]


def test_a_failed_notebook_is_recorded_and_render_refuses_it(repo, fake_notebooks, rendered):
    build.run_notebooks(repo, jobs=1)
    fake_notebooks.add("02_coverage")
    with pytest.raises(NotebookError):
        build.run_notebooks(repo, {"tolerance_pct_points": 2.5}, jobs=1)
    record = runrecord.load(repo)
    assert record["status"] == "failed" and "02_coverage.ipynb failed" in record["error"]
    with pytest.raises(RenderError, match="failed run"):
        build.run_render(repo)
    assert rendered == []


def test_a_partial_run_is_refused(repo, fake_notebooks, rendered):
    build.run_notebooks(repo, jobs=1)
    build.run_notebooks(repo, {"tolerance_pct_points": 2.5}, only=["01_resource_growth"], jobs=1)
    assert runrecord.load(repo)["status"] == "partial"
    with pytest.raises(RenderError, match="partial run"):
        build.run_render(repo)
    assert rendered == []


def test_figures_written_elsewhere_in_the_project_are_not_rendered(repo, fake_notebooks,
                                                                    rendered):
    build.run_notebooks(repo, {"figures_dir": "../build/figs2"}, jobs=1)  # from notebooks/
    record = runrecord.load(repo)
    assert record["notebooks"]["02_coverage"]["paths"]["figures_dir"] == "build/figs2"
    with pytest.raises(RenderError, match="figures_dir.*build/figs2.*-p figures_dir"):
        build.run_render(repo)
    assert rendered == []


def test_an_up_to_date_run_keeps_its_record(repo, fake_notebooks):
    build.run_notebooks(repo, jobs=1)
    before = runrecord.path(repo).read_bytes()
    assert build.run_notebooks(repo, jobs=1) == []
    assert runrecord.path(repo).read_bytes() == before


def test_cli_render_of_a_failed_run_exits_2_before_staging(repo):
    _fake_run(repo, status="failed", error="notebook 01_resource_growth.ipynb failed in cell 4")
    proc = run_cli(repo, "render", check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "failed in cell 4" in proc.stderr and "Traceback" not in proc.stderr
    assert not (repo / "report" / "_output").exists()
    assert list((repo / "build").glob(".render.*")) == []


# --- path parameters stay inside the project ----------------------------------------------

# (parameter, value relative to the notebooks folder or absolute) → allowed?
PATHS_TABLE = [
    ("figures_dir", "/elsewhere", False),
    ("figures_dir", "../../outside", False),
    ("data_dir", "/tmp", False),
    ("facts_path", "../data/../../facts.csv", False),
    ("figures_dir", "../build/figures", True),
    ("data_dir", "../data", True),
    ("place", "/elsewhere", True),  # not a path parameter
    ("population", None, True),
]


@pytest.mark.parametrize("key, value, allowed", PATHS_TABLE)
def test_path_parameters_must_stay_in_the_project(tmp_path, key, value, allowed):
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    params = {"01_a": {key: value}}
    if allowed:
        check_paths(params, root, root / "notebooks")
        return
    with pytest.raises(ParameterError, match=rf"01_a: parameter {key}=.*outside the project"):
        check_paths(params, root, root / "notebooks")


def test_a_symlink_out_of_the_project_is_outside(tmp_path):
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    (root / "build").symlink_to(tmp_path)
    with pytest.raises(ParameterError, match="figures_dir"):
        check_paths({"01_a": {"figures_dir": str(root / "build" / "figures")}}, root,
                    root / "notebooks")


def test_run_refuses_figures_outside_before_any_notebook(repo, fake_notebooks, tmp_path):
    with pytest.raises(ParameterError, match="figures_dir='/elsewhere'.*outside the project"):
        build.run_notebooks(repo, {"figures_dir": "/elsewhere"}, jobs=1)
    assert not (repo / "build" / "notebooks").exists()
    assert not runrecord.path(repo).exists()


@pytest.mark.slow
def test_a_separate_render_shows_the_overrides_of_the_run(repo_copy):
    """`run -p …` then `render`: the report states the overrides its figures were made with."""
    import re

    run_cli(repo_copy, "extract")
    run_cli(repo_copy, "run", "-p", "tolerance_pct_points", "2.5")
    run_cli(repo_copy, "render")
    html = (repo_copy / "report" / "_output" / "index.html").read_text(encoding="utf-8")
    text = " ".join(html.split())  # the HTML wraps long lines
    assert re.search(r"Command-line overrides: \{.{0,12}tolerance_pct_points.{0,12}: 2\.5\}", text)
    assert re.search(r"Parameters of 01_resource_growth: \{[^}]*tolerance_pct_points.{0,12}: 2\.5",
                     text)
