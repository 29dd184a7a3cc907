"""Tests for the analysis notebooks: clean in the repo, validated parameters, run under papermill."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest
import yaml

from jjjhealth.analysis import growth
from jjjhealth.build import execute, validate
from jjjhealth.errors import ParameterError
from jjjhealth.present import figures

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
DATA = REPO / "data"
FACTS_CSV = DATA / "facts.csv"
MINE = ["01_resource_growth", "02_coverage", "03_timeline", "04_consistency"]
INJECTED_DEFAULTS = {"facts_path": '"../data/facts.csv"', "figures_dir": '"../build/figures"',
                     "data_dir": '"../data"'}
needs_facts = pytest.mark.skipif(not FACTS_CSV.exists(), reason="data/facts.csv not built")

# One non-default parameter set per notebook (values chosen to exercise other branches).
NON_DEFAULT = {
    "01_resource_growth": {"tolerance_pct_points": 0.5, "population": 11_000_000,
                           "population_citation": "test value, not a real count"},
    "02_coverage": {"scorecard_style": "small_multiples", "highlight_place": "雄安新区"},
    "03_timeline": {"first_year": 2021, "last_year": 2023},
    "04_consistency": {"min_sources": 3, "tolerance_pct_points": 2.0},
}
FIGURES = {
    "01_resource_growth": {"growth-indexed", "growth-dumbbell"},
    "02_coverage": {"coverage-alliances", "coverage-mutual-recognition", "coverage-scorecard",
                    "coverage-map"},
    "03_timeline": {"timeline-milestones"},
    "04_consistency": {"consistency-sources", "consistency-agreement", "consistency-series"},
}


@pytest.mark.parametrize("name", MINE)
def test_notebook_committed_clean_with_parameters_cell(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    declared = pm.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    for key, default in INJECTED_DEFAULTS.items():
        assert declared[key]["default"] == default
    assert "import" not in tagged[0].source and "(" not in tagged[0].source  # plain values only


def test_parameters_yml_lists_notebooks_with_declared_parameters():
    specs = execute.load_plan(NOTEBOOKS / "parameters.yml")
    assert [s.name for s in specs if s.name in MINE] == MINE
    execute.resolve_parameters(specs, {}, NOTEBOOKS)  # raises on an undeclared parameter


def _defaults() -> dict[str, dict]:
    doc = yaml.safe_load((NOTEBOOKS / "parameters.yml").read_text(encoding="utf-8"))
    return {e["name"]: dict(e.get("parameters") or {}) for e in doc["notebooks"]}


@needs_facts
def test_defaults_validate():
    validate.validate_parameters(_defaults(), FACTS_CSV)


@needs_facts
@pytest.mark.parametrize(("notebook", "override", "message"), [
    ("01_resource_growth", {"place": "上海"}, r"known places: \['保定'\]"),
    ("01_resource_growth", {"start_year": 2010}, r"years with data: \[2013, 2023\]"),
    ("01_resource_growth", {"end_year": 2030}, r"years with data: \[2013, 2023\]"),
    ("01_resource_growth", {"population": 100}, "population_citation"),
    ("01_resource_growth", {"tolerance_pct_points": -1}, "tolerance_pct_points"),
    ("02_coverage", {"scorecard_place": "廊坊"}, "places with one"),
    ("02_coverage", {"scorecard_style": "pie"}, r"\['small_multiples'\]"),
    ("02_coverage", {"highlight_place": "上海"}, "known places: .*雄安新区"),
    ("03_timeline", {"first_year": 2000}, "years with milestones"),
    ("03_timeline", {"last_year": 2030}, "years with milestones"),
    ("04_consistency", {"min_sources": 1}, "min_sources"),
])
def test_bad_parameter_fails_before_any_notebook(notebook, override, message):
    params = _defaults()
    params[notebook].update(override)
    with pytest.raises(ParameterError, match=f"{notebook}: .*{message}"):
        validate.validate_parameters(params, FACTS_CSV)


@needs_facts
@pytest.mark.parametrize(("metric", "stated"), [
    ("institutions", 25), ("beds", 93), ("licensed_physicians", 114),
    ("nurses", 162),
])
def test_baoding_growth_matches_stated(metric, stated):
    from jjjhealth.extract.facts import read_facts

    t = growth.growth_table(read_facts(FACTS_CSV), "保定", 2013, 2023).set_index("metric")
    assert round(t.loc[metric, "computed_pct"]) == stated == t.loc[metric, "stated_pct"]
    assert t.loc[metric, "agrees"] is True


def _run(name: str, params: dict, out: Path) -> Path:
    """notebook + parameters → executed copy in out (figures in out/figures)."""
    p = {"facts_path": str(FACTS_CSV), "data_dir": str(DATA),
         "figures_dir": str(out / "figures"), **params}
    dest = out / f"{name}.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(dest), parameters=p,
                        kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    return dest


def _assert_catalog_matches_files(fig_dir: Path, expected: set[str]) -> None:
    """figures folder → every JSON names files on disk, and every file has its JSON."""
    metas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in fig_dir.glob("*.json")}
    assert set(metas) == expected
    for fig_id, meta in metas.items():
        plotted = len((fig_dir / f"{fig_id}.csv").read_text(encoding="utf-8").splitlines()) - 1
        # a figure with nothing to plot (e.g. no value repeated in min_sources sources) cites none
        assert meta["id"] == fig_id and meta["caption"] and (meta["sources"] or plotted == 0)
        for fname in meta["files"].values():
            assert (fig_dir / fname).is_file(), f"{fname} missing"
    on_disk = {p.name.split(".")[0] for ext in ("png", "svg", "csv", "zip")
               for p in fig_dir.glob(f"*.{ext}")}
    assert on_disk == set(metas)
    cat = figures.catalog(fig_dir)
    assert set(cat["id"]) == expected


@pytest.mark.slow
@needs_facts
@pytest.mark.parametrize("variant", ["defaults", "non_default"])
@pytest.mark.parametrize("name", MINE)
def test_notebook_runs(tmp_path, name, variant):
    params = _defaults()[name] if variant == "defaults" else {**_defaults()[name], **NON_DEFAULT[name]}
    _run(name, params, tmp_path)
    _assert_catalog_matches_files(tmp_path / "figures", FIGURES[name])


@pytest.mark.slow
@needs_facts
@pytest.mark.parametrize(("name", "params", "message"), [
    ("01_resource_growth", {"place": "上海"}, "known places"),
    ("03_timeline", {"first_year": 1990}, "years with milestones"),
])
def test_bad_parameter_fails_inside_notebook_with_clear_error(tmp_path, name, params, message):
    with pytest.raises(pm.PapermillExecutionError) as info:
        _run(name, params, tmp_path)
    assert info.value.ename == "ParameterError" and message in info.value.evalue
