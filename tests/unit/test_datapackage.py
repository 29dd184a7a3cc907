"""data/datapackage.json: a valid Frictionless Data Package describing every CSV in data/."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import frictionless
import pytest
import yaml

from jjjhealth import config
from jjjhealth.errors import DataPackageError
from jjjhealth.extract import datapackage
from jjjhealth.text.sources import load_sources

RESOURCES = datapackage.RESOURCE_ORDER


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the released CSVs and their datapackage.json."""
    for name in [f"{r}.csv" for r in RESOURCES] + ["datapackage.json"]:
        shutil.copy(config.PATHS.data / name, tmp_path / name)
    return tmp_path


def _edit_csv(path: Path, edit) -> None:
    """CSV file + edit(header, rows) → the file rewritten with the edited rows."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header, body = edit(rows[0], rows[1:])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    path.write_text(buf.getvalue(), encoding="utf-8")


def _error_types(path: Path) -> set[str]:
    """datapackage.json → the set of Frictionless error types validating it reports."""
    report = frictionless.validate(str(path))
    return {e.type for task in report.tasks for e in task.errors} | {e.type for e in report.errors}


def test_released_package_is_valid():
    report = frictionless.validate(str(config.PATHS.released.datapackage_json))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert datapackage.validate() == []
    assert datapackage.validate_frictionless() == []


def test_package_describes_every_resource_and_column():
    desc = json.loads(config.PATHS.released.datapackage_json.read_text(encoding="utf-8"))
    assert [r["name"] for r in desc["resources"]] == list(RESOURCES)
    for res in desc["resources"]:
        text = (config.PATHS.data / res["path"]).read_text(encoding="utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert [f["name"] for f in res["schema"]["fields"]] == header
        for field in res["schema"]["fields"]:
            assert field["type"] and field["description"], (res["name"], field["name"])
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"
    assert "copyright stays with the outlets" in desc["description"]
    assert len(desc["sources"]) == 5
    for s in load_sources(config.PATHS.seeds):
        assert any(s.outlet_en in x["title"] and s.published in x["title"] for x in desc["sources"])


@pytest.mark.parametrize("resource, column, enum_has", [
    ("facts", "qualifier", "at_least"), ("facts", "role", "stated_change"),
    ("facts", "section", "related"), ("facts", "metric", "unclassified"),
    ("clusters", "relation", "series"), ("sources", "script", "traditional_pinyin"),
])
def test_enums(resource, column, enum_has):
    desc = json.loads(config.PATHS.released.datapackage_json.read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == resource)
    field = next(f for f in res["schema"]["fields"] if f["name"] == column)
    assert enum_has in field["constraints"]["enum"] and field["constraints"]["required"]


def _bad_qualifier(header, rows):
    i = header.index("qualifier")
    rows[0][i] = "roughly"
    return header, rows


def _drop_column(header, rows):
    i = header.index("quote")
    return header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows]


def _bad_offset(header, rows):
    rows[3][header.index("start")] = "-4"
    return header, rows


def _unknown_source(header, rows):
    rows[0][header.index("source_id")] = "999_nowhere"
    return header, rows


def _cell(column: str, text: str, row: int = 0):
    """→ an edit writing text into one cell of facts.csv."""
    def edit(header, rows):
        rows[row][header.index(column)] = text
        return header, rows
    return edit


def _repeat_first_id(header, rows):
    rows[1][header.index("fact_id")] = rows[0][header.index("fact_id")]
    return header, rows


def _cells(change):
    """→ an edit changing the number of cells of the first row."""
    def edit(header, rows):
        rows[0] = change(rows[0])
        return header, rows
    return edit


def _our_types(path: Path) -> set[str]:
    """datapackage.json → the error types datapackage.validate (tablecheck) reports."""
    return {e.split(": ")[1] for e in datapackage.validate(path)}


# a broken facts.csv → the Frictionless error type both must report (None: Frictionless
# accepts it, tablecheck is stricter)
CORRUPTIONS = {
    "qualifier not in enum": (_bad_qualifier, "constraint-error"),
    "column dropped": (_drop_column, "missing-label"),
    "negative offset": (_bad_offset, "constraint-error"),
    "unknown source": (_unknown_source, "foreign-key"),
    "text offset": (_cell("start", "12a"), "type-error"),
    "infinite value": (_cell("value", "inf"), None),  # a 400-digit number read as inf
    "value with a comma": (_cell("value", "1,200"), "type-error"),
    "boolean in words": (_cell("in_scope", "yes"), "type-error"),
    "bad as_of": (_cell("as_of", "2025-1"), "constraint-error"),
    "bad cluster id": (_cell("cluster_id", "C123"), "constraint-error"),
    "empty quote": (_cell("quote", ""), "constraint-error"),
    "repeated fact id": (_repeat_first_id, "unique-error"),
    "extra cell": (_cells(lambda r: [*r, "x"]), "extra-cell"),
    "missing cell": (_cells(lambda r: r[:-1]), "missing-cell"),
}


@pytest.mark.parametrize("case", CORRUPTIONS)
def test_corrupted_copy_fails(data_copy, case):
    """Frictionless and our vectorised checks (tablecheck) find the same fault."""
    edit, expected = CORRUPTIONS[case]
    assert _error_types(data_copy / "datapackage.json") == set()
    assert _our_types(data_copy / "datapackage.json") == set()
    _edit_csv(data_copy / "facts.csv", edit)
    if expected:
        assert expected in _error_types(data_copy / "datapackage.json")
    assert (expected or "type-error") in _our_types(data_copy / "datapackage.json")


def test_changed_bytes_fail(data_copy):
    with (data_copy / "facts.csv").open("ab") as fh:
        fh.write(b"\n")
    assert {"hash-count", "byte-count"} <= _error_types(data_copy / "datapackage.json")
    assert {"hash-count", "byte-count"} <= _our_types(data_copy / "datapackage.json")


@pytest.mark.parametrize("column, option", [("value", {"bareNumber": False}),
                                            ("fact_id", {"constraints": {"minLength": 3}}),
                                            ("fact_id", {"format": "email"})])
def test_unimplemented_schema_feature_fails(data_copy, column, option):
    """A Table Schema feature tablecheck does not implement is an error, never skipped."""
    path = data_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    fields = desc["resources"][0]["schema"]["fields"]
    next(f for f in fields if f["name"] == column).update(option)
    path.write_text(json.dumps(desc), encoding="utf-8")
    assert "schema-error" in _our_types(path)


def test_descriptor_bytes_are_deterministic():
    sources = load_sources(config.PATHS.seeds)
    tables = {r: (config.PATHS.released.csv(r)).read_bytes() for r in RESOURCES}
    one = datapackage.descriptor_bytes(tables, sources)
    assert one == datapackage.descriptor_bytes(tables, sources)
    assert one == config.PATHS.released.datapackage_json.read_bytes()


def _meta(edit) -> dict:
    meta = yaml.safe_load(datapackage.DATAPACKAGE_YML.read_text(encoding="utf-8"))
    edit(meta)
    return meta


@pytest.mark.parametrize("edit, drop, message", [
    (lambda m: m["resources"]["facts"]["fields"].pop("quote"), None, "differ from the columns"),
    (lambda m: m["resources"]["facts"]["fields"]["unit"].update(enum_from="colours"), None,
     "unknown enum_from"),
    (lambda m: m["resources"]["facts"]["fields"]["unit"].pop("description"), None,
     "needs a type and a description"),
    (lambda m: None, "clusters", "no data for resources"),
    (lambda m: m["resources"]["facts"]["fields"]["unit"].update({"lists": None}), None,
     "unknown keys"),
])
def test_bad_metadata_fails(edit, drop, message):
    tables = {r: (config.PATHS.released.csv(r)).read_bytes() for r in RESOURCES if r != drop}
    with pytest.raises(DataPackageError, match=message):
        datapackage.descriptor(tables, load_sources(config.PATHS.seeds), _meta(edit))


@pytest.mark.parametrize("text", ["resources: {facts: {}}\n", "[not, a, mapping]\n", "a: [\n"])
def test_bad_metadata_file_fails(tmp_path, text):
    path = tmp_path / "datapackage.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataPackageError):
        datapackage.load_meta(path)
