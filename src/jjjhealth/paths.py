"""project root → every path of the project, spelled once (Paths(root), DataFiles(data_dir)).

Code never writes `root / "data" / "facts.csv"`; it asks `Paths(root).facts_csv`, and a notebook
given a `data_dir` parameter asks `DataFiles(data_dir).sources_csv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Tables of knowledge shipped with the package (STYLE.md 3), all in one folder: catalog/.
CATALOG = PACKAGE / "catalog"
METRICS_YML = CATALOG / "metrics.yml"
NUMERALS_YML = CATALOG / "numerals.yml"
MEANING_YML = CATALOG / "meaning.yml"
QUALIFIERS_YML = CATALOG / "qualifiers.yml"
NOISE_RULES_YML = CATALOG / "noise_rules.yml"
MILESTONES_YML = CATALOG / "milestones.yml"
CONTEXT_YML = CATALOG / "context.yml"
DATAPACKAGE_YML = CATALOG / "datapackage.yml"
LABELS_YML = CATALOG / "labels.yml"
PLACES_YML = CATALOG / "places.yml"
NAMES_YML = CATALOG / "names.yml"
FIGURE_TEXT_YML = CATALOG / "figure_text.yml"
PUBLICATION_YML = CATALOG / "publication.yml"
WORDING_YML = CATALOG / "wording.yml"
REPORT_TEXT_YML = CATALOG / "report_text.yml"


@dataclass(frozen=True)
class DataFiles:
    """data/ folder → the files of the released dataset."""

    dir: Path

    @property
    def facts_csv(self) -> Path:
        return self.dir / "facts.csv"

    @property
    def sources_csv(self) -> Path:
        return self.dir / "sources.csv"

    @property
    def source_stats_csv(self) -> Path:
        return self.dir / "source_stats.csv"

    @property
    def clusters_csv(self) -> Path:
        return self.dir / "clusters.csv"

    @property
    def checks_csv(self) -> Path:
        return self.dir / "percentage_checks.csv"

    @property
    def milestones_csv(self) -> Path:
        return self.dir / "milestones.csv"

    @property
    def datapackage_json(self) -> Path:
        return self.dir / "datapackage.json"

    @property
    def boundaries_geojson(self) -> Path:
        return self.dir / "boundaries.geojson"

    def csv(self, resource: str) -> Path:
        """resource name ('facts', 'clusters' …) → its CSV in this folder."""
        return self.dir / f"{resource}.csv"


@dataclass(frozen=True)
class Paths:
    """repository root → its folders and files (seeds → data → notebooks → build → report)."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def sources_yml(self) -> Path:
        return self.seeds / "sources.yml"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def released(self) -> DataFiles:
        return DataFiles(self.data)

    @property
    def facts_csv(self) -> Path:
        return self.released.facts_csv

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def parameters_yml(self) -> Path:
        return self.notebooks / "parameters.yml"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def executed(self) -> Path:
        """executed notebooks"""
        return self.build / "notebooks"

    @property
    def figures(self) -> Path:
        return self.build / "figures"

    @property
    def run_json(self) -> Path:
        """the record of the last notebook run (runrecord)"""
        return self.build / "run.json"

    @property
    def report(self) -> Path:
        return self.root / "report"

    @property
    def report_output(self) -> Path:
        return self.report / "_output"

    @property
    def report_output_old(self) -> Path:
        return self.report / "_output.old"

    @property
    def quarto_cache(self) -> Path:
        return self.report / ".quarto"

    @property
    def numbers_yml(self) -> Path:
        return self.report / "numbers.yml"

    @property
    def requirements_lock(self) -> Path:
        return self.root / "requirements.lock"
