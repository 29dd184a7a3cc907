"""Paths of the project, defined once (cookiecutter-data-science style)."""

from __future__ import annotations

import os
from pathlib import Path

# JJJ_ROOT lets tests build a temporary copy of the repository.
ROOT = Path(os.environ.get("JJJ_ROOT", Path(__file__).resolve().parents[2])).resolve()
SEEDS = ROOT / "seeds"
SOURCES_YML = SEEDS / "sources.yml"
DATA = ROOT / "data"
FACTS_CSV = DATA / "facts.csv"
CLUSTERS_CSV = DATA / "clusters.csv"
CHECKS_CSV = DATA / "percentage_checks.csv"
SOURCE_STATS_CSV = DATA / "source_stats.csv"
DATAPACKAGE = DATA / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
PARAMETERS_YML = NOTEBOOKS / "parameters.yml"
REPORT = ROOT / "report"
REPORT_OUTPUT = REPORT / "_output"
BUILD = ROOT / "build"
EXECUTED = BUILD / "notebooks"
FIGURES_BUILD = BUILD / "figures"
PACKAGE_DATA = Path(__file__).resolve().parent
METRICS_YML = PACKAGE_DATA / "metrics.yml"
CONTEXT_YML = PACKAGE_DATA / "context.yml"
