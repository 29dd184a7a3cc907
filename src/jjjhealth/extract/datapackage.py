"""data/ CSV bytes + sources + datapackage.yml → data/datapackage.json (a Frictionless Data Package)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from functools import lru_cache
from pathlib import Path

from jjjhealth import atomic, config, paths, yamlio
from jjjhealth.errors import DataPackageError
from jjjhealth.extract import tablecheck
from jjjhealth.text.sources import SCRIPTS, Source

DATAPACKAGE_YML = paths.DATAPACKAGE_YML
_FIELD_KEYS = {"type", "description", "constraints", "enum_from", "trueValues", "falseValues"}
RESOURCE_ORDER = ("facts", "sources", "source_stats", "clusters", "percentage_checks", "milestones")


def _enums() -> dict[str, list[str]]:
    """→ the code tables an `enum_from` may name (each list written once, in its module)."""
    from jjjhealth.extract.classify import load_catalog
    from jjjhealth.extract.clusters import RELATIONS
    from jjjhealth.extract.cues import CHANGE_BASES, MEASURES, SCOPES
    from jjjhealth.extract.dating import DATE_BASES
    from jjjhealth.extract.quantities import QUALIFIERS, ROLES, tables

    units = {e["unit"] for e in tables()["units"].values()} | {"%", "ratio"}
    return {"measures": list(MEASURES), "change_bases": list(CHANGE_BASES),
            "scopes": list(SCOPES), "date_bases": list(DATE_BASES),
            "metrics": sorted(load_catalog()), "qualifiers": list(QUALIFIERS),
            "roles": list(ROLES), "sections": ["title", "body", "related"],
            "scripts": list(SCRIPTS), "relations": list(RELATIONS), "units": sorted(units)}


@lru_cache(maxsize=2)
def load_meta(path: Path = DATAPACKAGE_YML) -> dict:
    """datapackage.yml → its mapping (DataPackageError if unreadable or without resources)."""
    meta = yamlio.load(Path(path), DataPackageError)
    if not isinstance(meta, dict) or set(meta.get("resources") or {}) != set(RESOURCE_ORDER):
        raise DataPackageError(f"{path}: needs resources {list(RESOURCE_ORDER)}; fix the file")
    return meta


def _field(name: str, spec: dict, enums: dict, where: str) -> dict:
    """(column, its yml spec) → a table-schema field with its enum filled in."""
    if not spec.get("type") or not spec.get("description"):
        raise DataPackageError(f"{where}: column {name} needs a type and a description")
    if set(spec) - _FIELD_KEYS:  # an unquoted comma in a {…} mapping splits a description
        raise DataPackageError(f"{where}: column {name} has unknown keys "
                               f"{sorted(set(spec) - _FIELD_KEYS)}; quote a description that "
                               "holds a comma")
    field = {"name": name, **{k: v for k, v in spec.items() if k != "enum_from"}}
    if "enum_from" in spec:
        if spec["enum_from"] not in enums:
            raise DataPackageError(f"{where}: {name}: unknown enum_from {spec['enum_from']!r}; "
                                   f"known: {sorted(enums)}")
        field["constraints"] = {**spec.get("constraints", {}), "enum": enums[spec["enum_from"]]}
    return field


def _header(data: bytes) -> list[str]:
    """CSV bytes → its header row."""
    return next(csv.reader(io.StringIO(data.decode("utf-8"))), [])


def resource(name: str, data: bytes, meta: dict, enums: dict) -> dict:
    """(resource name, its CSV bytes) → resource descriptor; the yml must list exactly its columns."""
    spec = meta["resources"][name]
    where = f"{DATAPACKAGE_YML}: resources.{name}"
    header = _header(data)
    if header != list(spec["fields"]):
        raise DataPackageError(f"{where}: fields {list(spec['fields'])} differ from the columns "
                               f"{header} of {name}.csv; describe every column, in file order")
    schema = {"fields": [_field(c, spec["fields"][c], enums, where) for c in header],
              "missingValues": [""], "primaryKey": [spec["primaryKey"]]}
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = [{"fields": [fk["fields"]],
                                  "reference": {"resource": fk["reference"]["resource"],
                                                "fields": [fk["reference"]["fields"]]}}
                                 for fk in spec["foreignKeys"]]
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "title": spec["title"], "description": " ".join(spec["description"].split()),
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(data), "hash": hashlib.md5(data).hexdigest(), "schema": schema}


def _sources(sources: list[Source]) -> list[dict]:
    """sources → the package's sources list: each article with outlet and date."""
    return [{"title": f"{s.id}: {s.outlet_en}, {s.published}: {s.title}"} for s in sources]


def descriptor(tables: dict[str, bytes], sources: list[Source], meta: dict | None = None) -> dict:
    """({resource name: CSV bytes}, sources) → the datapackage.json mapping."""
    meta = meta or load_meta()
    missing = [n for n in RESOURCE_ORDER if n not in tables]
    if missing:
        raise DataPackageError(f"no data for resources {missing}; extract writes all of "
                               f"{list(RESOURCE_ORDER)}")
    enums = _enums()
    resources = [resource(n, tables[n], meta, enums) for n in RESOURCE_ORDER]
    licence = meta["licence"]
    return {
        "profile": "tabular-data-package", "name": meta["name"], "title": meta["title"],
        "description": " ".join(f"{meta['description']} {meta['copyright_note']}".split()),
        "licenses": [{"name": licence["name"], "path": licence["path"], "title": licence["title"]}],
        "sources": _sources(sources), "resources": resources,
    }


def descriptor_bytes(tables: dict[str, bytes], sources: list[Source]) -> bytes:
    """({resource name: CSV bytes}, sources) → datapackage.json bytes (UTF-8, fixed key order, LF)."""
    return (json.dumps(descriptor(tables, sources), ensure_ascii=False, indent=2) + "\n").encode()


def validate(path: Path = config.PATHS.released.datapackage_json) -> list[str]:
    """datapackage.json → the errors in it and its CSVs ([] when valid): the descriptor checked
    by Frictionless, the files and rows by tablecheck (Frictionless's row-by-row validation
    took half of a large seed's extraction; tablecheck says why, and the tests cross-check)."""
    from frictionless import Package

    _import_jsonschema()
    desc = json.loads(Path(path).read_text(encoding="utf-8"))
    report = Package.validate_descriptor(desc)
    errors = [f"package: {e.type}: {e.message}" for e in report.errors]
    return errors or tablecheck.check_package(Path(path))


def _import_jsonschema() -> None:
    """Import jsonschema (Frictionless checks descriptors with it) without rfc3987_syntax.

    jsonschema imports rfc3987_syntax when installed (Jupyter brings it) only to check the
    "iri" format, which Frictionless never asks for; compiling its 38 grammars took 1.4 s of
    every extract. Blocked for this one import, so jsonschema goes without that format."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import → ImportError
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


def validate_frictionless(path: Path = config.PATHS.released.datapackage_json) -> list[str]:
    """datapackage.json → the errors Frictionless finds in it and its CSVs, row by row (slow;
    for tests and audits of a release)."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(path)).validate()
    return [f"{task.name}: {e.type}: {e.message}" for task in report.tasks for e in task.errors] \
        + [f"package: {e.type}: {e.message}" for e in report.errors]


def _check_staged(staged: Path) -> None:
    """staged release folder → None, or DataPackageError listing what Frictionless found."""
    errors = validate(staged / "datapackage.json")
    if errors:
        raise DataPackageError("the new release fails validation, so data/ was left as it was: "
                               + "; ".join(errors[:10]) + (" …" if len(errors) > 10 else ""))


def publish(data_dir: Path, tables: dict[str, bytes], sources: list[Source]) -> None:
    """({resource name: CSV bytes}, sources) → data/ CSVs + datapackage.json, validated in a
    staging folder first and then published all at once (data/'s other files are kept)."""
    files = {f"{name}.csv": data for name, data in tables.items()}
    files["datapackage.json"] = descriptor_bytes(tables, sources)
    atomic.publish_dir(data_dir, files, check=_check_staged)
