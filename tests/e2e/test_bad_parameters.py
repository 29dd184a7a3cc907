"""Bad notebook parameters stop `jjjhealth build` before any notebook starts, listing valid values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_repo, run_cli

NB = "01_resource_growth"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """One repo copy with facts extracted (so each case only pays for the parameter check)."""
    root = copy_repo(tmp_path_factory.mktemp("params") / "repo")
    run_cli(root, "extract")
    return root


def _executed(root: Path) -> list[Path]:
    return sorted((root / "build" / "notebooks").glob("*.ipynb"))


def _assert_clear_stop(proc, words: list[str], root: Path) -> None:
    """exit 2, one `error:` line containing every word, no traceback, no notebook executed."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, proc.stderr
    for w in words:
        assert w in errors[0], f"{w!r} missing from {errors[0]!r}"
    assert "[analyse]" not in proc.stdout
    assert _executed(root) == [], "a notebook ran before the parameters were checked"


# (-p arguments, words the error must contain: the parameter and the valid values)
OVERRIDES = [
    (["colour", "red"], ["-p colour", "unknown parameter", "place", "start_year"]),
    ([f"{NB}.colour", "red"], ["colour", "unknown parameter", "end_year"]),
    (["99_nope.place", "保定"], ["99_nope", "no notebook", NB]),
    (["start_year", "abc"], ["start_year", "expected int", "2013"]),
    (["start_year", "2013.5"], ["start_year", "expected int"]),
    (["start_year", "true"], ["start_year", "int"]),
    (["place", "3"], ["place", "expected str"]),
    (["place", "火星"], ["place='火星'", "known places", "保定"]),
    (["place", ""], ["place=''", "known places", "保定"]),
    (["end_year", "2050"], ["end_year=2050", "years with data", "2013", "2023"]),
    (["start_year", "1990"], ["start_year=1990", "years with data", "2013"]),
    (["figures_dir", "/elsewhere"], ["figures_dir='/elsewhere'", "outside the project"]),
    ([f"{NB}.data_dir", "../../.."], ["data_dir='../../..'", "outside the project"]),
]


@pytest.mark.parametrize("override, words", OVERRIDES,
                         ids=[f"{a[0]}={a[1]}" for a, _ in OVERRIDES])
def test_bad_override_stops_before_any_notebook(extracted, cli_run, override, words):
    proc = cli_run(extracted, "build", "-p", *override)
    _assert_clear_stop(proc, words, extracted)


def test_start_after_end_stops(extracted, cli_run):
    proc = cli_run(extracted, "build",
                   "-p", "start_year", "2023", "-p", "end_year", "2013")
    _assert_clear_stop(proc, ["start_year=2023", "end_year=2013"], extracted)


# Edits of notebooks/parameters.yml: (old, new, words); xfail marks document known gaps.
FILE_EDITS = [
    pytest.param("      place: 保定\n", "      place: 保定\n      colour: red\n",
                 ["parameters.yml", NB, "colour", "start_year"], id="unknown_key"),
    pytest.param("      place: 保定\n", "      place: 火星\n", ["火星", "known places", "保定"],
                 id="unknown_place"),
    pytest.param("end_year: 2023", "end_year: 1999", ["end_year=1999", "years with data", "2023"],
                 id="year_outside_data"),
    pytest.param("start_year: 2013", 'start_year: "2013"', ["start_year", "2013", "int"],
                 id="wrong_type_in_file"),
    pytest.param("notebooks:\n", "notebooks: [\n", ["parameters.yml:", "YAML"],
                 id="invalid_yaml"),
]


@pytest.mark.parametrize("old, new, words", FILE_EDITS)
def test_bad_parameters_yml_stops_before_any_notebook(extracted, cli_run, old, new, words):
    pyml = extracted / "notebooks" / "parameters.yml"
    original = pyml.read_text(encoding="utf-8")
    assert old in original
    pyml.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        proc = cli_run(extracted, "build")
    finally:
        pyml.write_text(original, encoding="utf-8")
    _assert_clear_stop(proc, words, extracted)
    if "YAML" in words:
        assert re.search(r"parameters\.yml:\d+", proc.stderr)
