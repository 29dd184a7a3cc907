"""Notebook plan and parameter overrides: unknown keys and wrong types fail before running."""

from __future__ import annotations

import pytest
from conftest import REPO

from jjjhealth.build import execute
from jjjhealth.errors import ParameterError

NB = REPO / "notebooks"


@pytest.mark.parametrize("pairs, expected", [
    ([("place", "保定")], {"place": "保定"}),
    ([("start_year", "2013")], {"start_year": 2013}),
    ([("population", "null")], {"population": None}),
    ([("x", "")], {"x": ""}),
])
def test_parse_overrides(pairs, expected):
    assert execute.parse_overrides(pairs) == expected


def test_plan_is_declared_in_order():
    specs = execute.load_plan(NB / "parameters.yml")
    assert specs[0].name == "01_resource_growth"
    assert all(s.path(NB).exists() for s in specs)


def test_override_applies_to_notebooks_that_declare_it():
    specs = execute.load_plan(NB / "parameters.yml")
    resolved = execute.resolve_parameters(specs, {"place": "保定"}, NB)
    assert resolved["01_resource_growth"]["place"] == "保定"


@pytest.mark.parametrize("overrides, words", [
    ({"no_such_key": 1}, ["no_such_key", "valid parameters", "place"]),
    ({"start_year": "twenty"}, ["start_year", "expected int"]),
    ({"nope.place": "保定"}, ["no notebook 'nope'"]),
])
def test_bad_overrides_are_clear(overrides, words):
    specs = execute.load_plan(NB / "parameters.yml")
    with pytest.raises(ParameterError) as exc:
        execute.resolve_parameters(specs, overrides, NB)
    for w in words:
        assert w in str(exc.value)
