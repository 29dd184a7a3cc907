"""report/downloads.py: the dataset copied into the report, with key_numbers.csv in its package."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from jjjhealth import config
from jjjhealth.errors import DataPackageError
from jjjhealth.extract.datapackage import validate
from jjjhealth.extract.facts import read_facts, read_sources
from jjjhealth.report import downloads, keynumbers, reportgen
from jjjhealth.report.tables import source_frame


@pytest.fixture(scope="module")
def key_rows() -> pd.DataFrame:
    """The key-number rows the report makes from the released data."""
    d = config.PATHS.released
    facts = read_facts(d.facts_csv)
    selectors = reportgen.report_inputs(config.ROOT)["selectors"]
    keys = keynumbers.key_names(selectors)
    vars_ = reportgen.variables(facts, {k: selectors[k] for k in keys})
    return keynumbers.key_rows(keys, vars_, facts, source_frame(read_sources(d.sources_csv)))


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """data/ as the report copies it into its output."""
    downloads.copy_dataset(config.PATHS.data, tmp_path)
    return tmp_path / downloads.DATA_DIR


def test_key_numbers_join_the_copied_package_and_it_validates(copied, key_rows):
    before = config.PATHS.released.datapackage_json.read_bytes()
    downloads.write_key_numbers(copied, key_rows)
    package = json.loads((copied / "datapackage.json").read_text(encoding="utf-8"))
    released = json.loads(config.PATHS.released.datapackage_json.read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert names == [r["name"] for r in released["resources"]] + ["key_numbers"]
    res = package["resources"][-1]
    assert [f["name"] for f in res["schema"]["fields"]] == keynumbers.CSV_COLUMNS
    assert all(f["type"] and f["description"] for f in res["schema"]["fields"])
    assert validate(copied / "datapackage.json") == []
    assert config.PATHS.released.datapackage_json.read_bytes() == before  # data/ as released


@pytest.mark.parametrize("spoil, error", [
    (lambda r: r.assign(fact_id=["F999-00000000"] * len(r)), "foreign-key"),  # not in facts
    (lambda r: r.assign(key=[r["key"].iloc[0]] * len(r)), "primary-key"),  # keys repeat
    (lambda r: r.assign(qualifier=["roughly"] * len(r)), "constraint-error"),  # facts' enum
])
def test_frictionless_finds_a_spoiled_key_numbers_table(copied, key_rows, spoil, error):
    downloads.write_key_numbers(copied, spoil(key_rows))
    assert any(error in e for e in validate(copied / "datapackage.json"))


def test_a_column_the_package_does_not_describe_stops(copied, key_rows):
    with pytest.raises(DataPackageError, match="report_resources.key_numbers"):
        downloads.write_key_numbers(copied, key_rows.assign(extra="x"))


def test_copy_leaves_the_released_files_byte_equal(copied):
    for name, _ in downloads.dataset_files(config.PATHS.data):
        assert (copied / name).read_bytes() == (config.PATHS.data / name).read_bytes()


@pytest.mark.parametrize(("lang", "opens", "closes", "title_col"), [
    ("en", "“", "”", "title_en"), ("zh", "《", "》", "title")])
def test_key_numbers_table_names_each_source_by_outlet_title_and_date(key_rows, lang, opens,
                                                                      closes, title_col):
    shown = keynumbers.display(key_rows, lang, lambda sid: sid[:3])
    cells = shown.iloc[:, 5].tolist()
    for cell, row in zip(cells, key_rows.itertuples(index=False)):
        assert cell.startswith(f"{row.source_id[:3]}: ")
        assert f"{opens}{getattr(row, title_col) or row.title}{closes}" in cell
        assert cell.rstrip().endswith(row.published) or row.url in cell
