"""notebook parameters + facts → ParameterError before any notebook starts, listing valid values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jjjhealth.analysis import consistency, coverage, geo, growth, timeline
from jjjhealth.errors import ParameterError
from jjjhealth.extract.facts import read_facts
from jjjhealth.paths import DataFiles

SCORECARD_STYLES = ("small_multiples",)  # units never share an axis (no log scorecard)


@dataclass(frozen=True)
class Context:
    """What the checks read: the facts and the data folder beside them."""

    facts: pd.DataFrame
    data_dir: Path


def _choice(name: str, value, allowed) -> None:
    """Raise ParameterError unless value is one of allowed."""
    if value not in allowed:
        raise ParameterError(f"parameter {name}={value!r}: expected one of {list(allowed)}")


def _years(ctx: Context, p: dict) -> None:
    """start_year/end_year → checked against the growth series of p['place']."""
    place = p.get("place", "保定")
    growth.check_place(ctx.facts, place)
    start = p.get("start_year", p.get("end_year", 0) - 1)
    end = p.get("end_year", start + 1 if isinstance(start, int) else start)
    growth.check_years(ctx.facts, place, start, end)


def _window(ctx: Context, p: dict) -> None:
    """first_year/last_year → checked against the milestone years."""
    m = timeline.read_milestones(DataFiles(ctx.data_dir).milestones_csv)
    have = timeline.years(m)
    timeline.check_window(m, p.get("first_year", have[0]), p.get("last_year", have[-1]))


# Registry: parameter name → check(context, all parameters of that notebook).
CHECKS = {
    "place": lambda ctx, p: growth.check_place(ctx.facts, p["place"]),
    "start_year": _years,
    "end_year": _years,
    "population": lambda ctx, p: growth.check_population(p["population"],
                                                         p.get("population_citation", "")),
    "tolerance_pct_points": lambda ctx, p: growth.check_tolerance(p["tolerance_pct_points"]),
    "scorecard_place": lambda ctx, p: coverage.check_scorecard_place(ctx.facts,
                                                                     p["scorecard_place"]),
    "scorecard_style": lambda ctx, p: _choice("scorecard_style", p["scorecard_style"],
                                              SCORECARD_STYLES),
    "highlight_place": lambda ctx, p: geo.check_place(p["highlight_place"], ctx.data_dir),
    "first_year": _window,
    "last_year": _window,
    "min_sources": lambda ctx, p: consistency.check_min_sources(p["min_sources"]),
}


def check(params: dict, facts: pd.DataFrame, data_dir: Path) -> None:
    """one notebook's parameters + facts → None, or ParameterError (used inside notebooks)."""
    ctx = Context(facts, Path(data_dir))
    for key in params:
        if key in CHECKS:
            CHECKS[key](ctx, params)


def is_path_parameter(key: str) -> bool:
    """parameter name → whether its value is a path (the injected ones, or named *_path/*_dir)."""
    from jjjhealth.build.execute import INJECTED

    return key in INJECTED or key.endswith(("_path", "_dir"))


def check_paths(params_by_notebook: dict[str, dict], root: Path, cwd: Path) -> None:
    """{notebook: parameters} → None, or ParameterError naming a path parameter that resolves
    outside the project (relative paths are taken from cwd, where the notebooks run)."""
    project = Path(root).resolve()
    for name, params in params_by_notebook.items():
        for key, value in params.items():
            if not is_path_parameter(key) or value is None:
                continue
            where = (Path(cwd) / str(value)).resolve()
            if not where.is_relative_to(project):
                raise ParameterError(f"{name}: parameter {key}={value!r} resolves to {where}, "
                                     f"outside the project {project}; use a path inside it")


def validate_parameters(params_by_notebook: dict[str, dict], facts_path: Path) -> None:
    """{notebook: parameters} → None, or ParameterError naming the parameter and valid values."""
    facts = read_facts(facts_path)
    for name, params in params_by_notebook.items():
        try:
            check(params, facts, Path(facts_path).parent)
        except ParameterError as exc:
            raise ParameterError(f"{name}: {exc}") from None
