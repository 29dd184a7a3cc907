"""a notebook run (parameters, status, executed notebooks, figures) → build/run.json, and back.

The report shows one run: `render` reads this record, and refuses a run that failed, stopped
halfway or was partial, or whose notebooks or figures changed after it was recorded."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jjjhealth import atomic
from jjjhealth.errors import RenderError
from jjjhealth.paths import Paths


def path(root: Path) -> Path:
    """repository root → build/run.json."""
    return Paths(root).run_json


def sha256(file: Path) -> str | None:
    """file → its sha256 (None when it does not exist)."""
    return hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else None


def file_hashes(folder: Path, root: Path) -> dict[str, str]:
    """folder → {path relative to root: sha256} of its files (hidden ones skipped)."""
    if not folder.is_dir():
        return {}
    return {str(f.relative_to(root)): sha256(f) for f in sorted(folder.rglob("*"))
            if f.is_file() and not any(p.startswith(".") for p in f.relative_to(folder).parts)}


def relative_paths(paths: dict[str, str], root: Path, cwd: Path | None = None) -> dict[str, str]:
    """{parameter: path, relative to cwd or absolute} → the same relative to root (the record
    never holds the builder's absolute paths)."""
    base = cwd or root
    return {k: str((base / v).resolve().relative_to(root.resolve())) for k, v in paths.items()}


def write(root: Path, record: dict) -> None:
    """record → build/run.json, atomically."""
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    atomic.write_text(path(root), text + "\n")


def load(root: Path) -> dict | None:
    """build/run.json → the record (None when there is none; RenderError when unreadable)."""
    p = path(root)
    if not p.exists():
        return None
    try:
        record = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RenderError(f"{p}: unreadable run record ({exc}); run `jjjhealth run` again") from None
    if not (isinstance(record, dict) and isinstance(record.get("notebooks"), dict)
            and isinstance(record.get("figures"), dict)):
        raise RenderError(f"{p}: not a run record; run `jjjhealth run` again")
    return record


def is_current(root: Path, overrides: dict, keys: dict[str, str]) -> bool:
    """Is build/run.json an ok record of a run with these overrides and input keys?"""
    try:
        record = load(root)
    except RenderError:
        return False
    return bool(record and record.get("status") == "ok" and record.get("overrides") == overrides
                and {n: e.get("key") for n, e in record["notebooks"].items()} == keys)


def checked(root: Path, names: list[str], expected_paths: dict[str, str]) -> dict:
    """build/run.json + the plan's notebook names → the record of a complete, successful run
    whose executed notebooks and figures are still as it left them; else RenderError."""
    p = path(root)
    record = load(root)
    if record is None:
        raise RenderError(f"{p}: no record of a notebook run; run `jjjhealth run` (or "
                          "`jjjhealth build`) first")
    again = "run the notebooks again (`jjjhealth run` or `jjjhealth build`)"
    status = record.get("status")
    if status == "failed":
        first = str(record.get("error", "")).splitlines()[:1]
        raise RenderError(f"{p}: the last notebook run failed ({''.join(first)}); the report is "
                          f"not rendered from a failed run: fix it, then {again}")
    if status == "running":
        raise RenderError(f"{p}: the last notebook run did not finish (interrupted); {again}")
    notebooks = record["notebooks"]
    missing = [n for n in names if notebooks.get(n, {}).get("status") != "ok"]
    if status != "ok" or missing:
        raise RenderError(f"{p}: partial run: notebooks {missing} did not run with the same "
                          f"inputs and parameters as the others; {again} without --only")
    for n in names:
        executed = Paths(root).executed / f"{n}.ipynb"
        if sha256(executed) != notebooks[n].get("executed"):
            raise RenderError(f"{executed} changed after the run recorded in {p}; {again}")
        moved = {k: v for k, v in (notebooks[n].get("paths") or {}).items()
                 if expected_paths.get(k) != v}
        if moved:
            raise RenderError(f"{p}: notebook {n} ran with {moved}, but the report shows "
                              f"{ {k: expected_paths.get(k) for k in moved} }; run again without "
                              f"-p {' -p '.join(moved)}")
    figures = Paths(root).figures
    if file_hashes(figures, root) != record["figures"]:
        raise RenderError(f"{figures} changed after the run recorded in {p}; {again}")
    return record
