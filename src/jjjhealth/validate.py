"""notebook parameters + facts → ParameterError before any notebook starts, listing valid values."""

from __future__ import annotations

from pathlib import Path

from . import growth
from .facts import read_facts

# Registry: parameter name → check(facts, all parameters of that notebook).
CHECKS = {
    "place": lambda facts, p: growth.check_place(facts, p["place"]),
    "start_year": lambda facts, p: growth.check_years(
        facts, p.get("place", "保定"), p["start_year"], p.get("end_year", p["start_year"] + 1)),
    "end_year": lambda facts, p: growth.check_years(
        facts, p.get("place", "保定"), p.get("start_year", p["end_year"] - 1), p["end_year"]),
}


def validate_parameters(params_by_notebook: dict[str, dict], facts_path: Path) -> None:
    """{notebook: parameters} → None, or ParameterError naming the parameter and valid values."""
    facts = read_facts(facts_path)
    for params in params_by_notebook.values():
        for key in params:
            if key in CHECKS:
                CHECKS[key](facts, params)
