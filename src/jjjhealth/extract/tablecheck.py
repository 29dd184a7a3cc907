"""Tabular Data Package descriptor + its CSV files → the errors in their bytes, headers and cells.

Why not Frictionless for the rows: it reads and type-casts cell by cell in Python, 4–5 s for
a 1.9 MB seed's 33,000 facts — half of what extracting that seed cost — while reading the
CSV with the csv module and checking each column's distinct values once takes about a second
(most of it reading). Frictionless still validates
the descriptor itself (datapackage.validate), and the tests check that both find the same
faults in a corrupted release (tests/unit/test_datapackage.py). Only the Table Schema features
datapackage.yml uses are implemented; any other type, constraint or option is an error here,
so a new one in datapackage.yml cannot go unchecked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

_TYPES = {"string", "integer", "number", "boolean", "date"}
_CONSTRAINTS = {"required", "unique", "pattern", "enum", "minimum", "maximum"}
# Field options that change how a cell reads; none is implemented (nor used) here.
_READ_OPTIONS = {"format", "bareNumber", "decimalChar", "groupChar", "missingValues"}
# How a valid cell of each type reads (the canonical text to_csv_bytes writes, which
# Frictionless also accepts); a cell that does not match is a type-error.
_INTEGER = r"-?[0-9]+"
_NUMBER = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_SHOWN = 5  # row numbers shown per error


def _rows(mask: pd.Series) -> str:
    """boolean mask over data rows → 'rows 2, 5, …' (file line numbers, the header is row 1)."""
    rows = (np.flatnonzero(mask.to_numpy()) + 2).tolist()
    more = " …" if len(rows) > _SHOWN else ""
    return f"row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows[:_SHOWN]))}{more}"


def _read(path: Path, resource: dict, errors: list[str]) -> pd.DataFrame | None:
    """resource's CSV file → its cells as text ('' for empty), or None after an error."""
    name = resource["name"]
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.append(f"{name}: scheme-error: {path.name}: {exc.strerror or exc}")
        return None
    if "bytes" in resource and len(data) != resource["bytes"]:
        errors.append(f"{name}: byte-count: {len(data)} bytes, the descriptor says "
                      f"{resource['bytes']}")
    if "hash" in resource and hashlib.md5(data).hexdigest() != resource["hash"]:
        errors.append(f"{name}: hash-count: the file's md5 differs from the descriptor's")
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        errors.append(f"{name}: source-error: {path.name}: {exc}")
        return None
    labels = [f["name"] for f in resource["schema"]["fields"]]
    if not rows or rows[0] != labels:
        errors.append(f"{name}: missing-label: header {rows[0] if rows else []} differs from "
                      f"the schema's fields {labels}")
        return None
    width = pd.Series([len(r) for r in rows[1:]], dtype=int)
    for kind, wrong in (("missing-cell", width < len(labels)), ("extra-cell", width > len(labels))):
        if wrong.any():
            errors.append(f"{name}: {kind}: {_rows(wrong)}")
    if (width != len(labels)).any():
        return None
    df = pd.DataFrame(rows[1:], columns=labels, dtype=object)
    return df


def _cell_checks(field: dict) -> dict[str, Callable[[str], bool]]:
    """field schema → {check name: function of one present cell → True if it fails}; the type
    check first (a cell of the wrong type is checked no further)."""
    kind, cons = field["type"], field.get("constraints", {})
    rx = re.compile({"integer": _INTEGER, "number": _NUMBER, "date": _DATE}.get(kind, ""))
    booleans = set(field.get("trueValues", ["true"]) + field.get("falseValues", ["false"]))
    checks: dict[str, Callable[[str], bool]] = {"type": {
        "integer": lambda v: not rx.fullmatch(v),
        "number": lambda v: not rx.fullmatch(v) or not math.isfinite(float(v)),
        "boolean": lambda v: v not in booleans,
        "date": lambda v: not rx.fullmatch(v) or not _real_date(v),
        "string": lambda v: False}[kind]}
    if "pattern" in cons:
        checks["pattern"] = lambda v, p=re.compile(cons["pattern"]): not p.fullmatch(v)
    if "enum" in cons:
        allowed = frozenset(str(x) for x in cons["enum"])
        checks["enum"] = lambda v: v not in allowed
    if "minimum" in cons:
        checks["minimum"] = lambda v, m=cons["minimum"]: float(v) < m
    if "maximum" in cons:
        checks["maximum"] = lambda v, m=cons["maximum"]: float(v) > m
    return checks


def _real_date(text: str) -> bool:
    """'YYYY-MM-DD' → True if that day exists."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _field_errors(name: str, field: dict, cells: pd.Series, missing: list[str]) -> list[str]:
    """one field's schema + its column → 'resource: type: message' errors.

    Each distinct value is checked once (pd.factorize): most columns repeat a few values."""
    field_name = field["name"]
    unknown = (set(field) & _READ_OPTIONS) | (set(field.get("constraints", {})) - _CONSTRAINTS)
    bounds = {"minimum", "maximum"} & set(field.get("constraints", {}))
    if field["type"] not in _TYPES or unknown or (
            bounds and field["type"] not in ("integer", "number")):
        return [(f"{name}: schema-error: field {field_name}: tablecheck does not implement "
                 f"type {field['type']!r} with {sorted(unknown | bounds)}; add it here before "
                 "using it in datapackage.yml")]
    cons, errors = field.get("constraints", {}), []
    if field["type"] == "string" and not {"pattern", "enum", "unique"} & set(cons):
        absent = cells.isin(missing)  # long text (quotes): not factorized
        if cons.get("required") and absent.any():
            errors.append(f"{name}: constraint-error: field {field_name}: required fails at "
                          f"{_rows(absent)}")
        return errors
    codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
    present = np.array([u not in missing for u in uniques], dtype=bool)
    failed = np.zeros(len(uniques), dtype=bool)  # a value of the wrong type is checked no further
    for check, fails in _cell_checks(field).items():
        bad = np.array([ok and not f and fails(u) for u, ok, f in zip(uniques, present, failed)],
                       dtype=bool)
        failed |= bad if check == "type" else False
        if bad.any():
            kind = "type-error" if check == "type" else "constraint-error"
            detail = field["type"] if check == "type" else f"{check} {cons[check]!r}"
            errors.append(f"{name}: {kind}: field {field_name}: {detail} fails at "
                          f"{_rows(pd.Series(bad[codes]))}")
    if cons.get("required") and not present.all():
        errors.append(f"{name}: constraint-error: field {field_name}: required fails at "
                      f"{_rows(pd.Series(~present[codes]))}")
    if cons.get("unique"):
        repeated = pd.Series(present[codes] & pd.Series(codes).duplicated().to_numpy())
        if repeated.any():
            errors.append(f"{name}: unique-error: field {field_name}: {_rows(repeated)} repeat "
                          "a value")
    return errors


def _key_errors(resource: dict, df: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[str]:
    """resource + its cells + every resource's cells → primary-key and foreign-key errors."""
    name, schema = resource["name"], resource["schema"]
    errors = []
    pk = schema.get("primaryKey") or []
    if pk and df.duplicated(subset=pk).any():
        errors.append(f"{name}: primary-key: {pk} repeats at {_rows(df.duplicated(subset=pk))}")
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        target = tables.get(ref["resource"] or name)
        if target is None or len(fk["fields"]) != 1 or len(ref["fields"]) != 1:
            errors.append(f"{name}: foreign-key: {fk} cannot be checked (one field, a "
                          f"resource of this package)")
            continue
        cells = df[fk["fields"][0]]
        dangling = (cells != "") & ~cells.isin(set(target[ref["fields"][0]]))
        if dangling.any():
            errors.append(f"{name}: foreign-key: {fk['fields'][0]} not in "
                          f"{ref['resource']}.{ref['fields'][0]} at {_rows(dangling)}")
    return errors


def check_package(path: Path) -> list[str]:
    """datapackage.json → every error in its CSV files' bytes, headers and cells ([] if none)."""
    desc = json.loads(path.read_text(encoding="utf-8"))
    errors: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for res in desc["resources"]:
        df = _read(path.parent / res["path"], res, errors)
        if df is not None:
            tables[res["name"]] = df
    for res in desc["resources"]:
        df = tables.get(res["name"])
        if df is None:
            continue
        missing = res["schema"].get("missingValues", [""])
        for field in res["schema"]["fields"]:
            errors += _field_errors(res["name"], field, df[field["name"]], missing)
        errors += _key_errors(res, df, tables)
    return errors
