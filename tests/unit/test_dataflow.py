"""Data flows one way: seeds → data/ → notebooks → report; notebooks never read the seeds."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from conftest import REPO

from jjjhealth.analysis import timeline
from jjjhealth.errors import SourcesError
from jjjhealth.extract import milestones

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_read_data_not_seeds(nb):
    code = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    for word in ("seeds", "normalize", "sources.yml", "clean_texts"):
        assert word not in code, f"{nb.name} touches {word}"


def test_released_milestones_match_their_sources():
    released = timeline.read_milestones(REPO / "data" / "milestones.csv")
    rebuilt = milestones.milestones_table(REPO / "seeds")
    assert released["date_label"].tolist() == rebuilt["date_label"].tolist()
    texts = milestones.clean_texts(REPO / "seeds")
    for _, m in released.iterrows():
        assert texts[m["source"]][int(m["quote_start"]):int(m["quote_end"])] == m["quote"]


def test_milestone_quote_missing_from_its_source_stops(tmp_path):
    doc = yaml.safe_load(milestones.MILESTONES_YML.read_text(encoding="utf-8"))
    doc["milestones"][0]["quote"] = "这句话不在任何来源里"
    bad = tmp_path / "milestones.yml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SourcesError, match="这句话不在任何来源里"):
        milestones.milestones_table(REPO / "seeds", bad)


def test_milestones_of_absent_sources_are_left_out(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    keep = next(REPO.joinpath("seeds").glob("002_*.txt"))
    (seeds / keep.name).write_bytes(keep.read_bytes())
    table = milestones.milestones_table(seeds)
    assert set(table["source"]) == {keep.stem}
    assert isinstance(table, pd.DataFrame) and len(table) > 0
