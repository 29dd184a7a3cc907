"""Content hashes of each stage's inputs → build/state.json: a rebuild costs what changed."""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from collections.abc import Iterable
from pathlib import Path

from jjjhealth import atomic
from jjjhealth.errors import StateWarning

STATE_FILE = "state.json"
# Editor/OS droppings and outputs that must not make a stage look changed.
_IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", "_output", "_output.old", ".quarto"}


def _files(paths: Iterable[Path]) -> list[Path]:
    """files and folders → every file under them, sorted, skipping caches."""
    out = []
    for p in paths:
        if p.is_dir():
            out.extend(f for f in p.rglob("*") if f.is_file()
                       and not _IGNORED_PARTS.intersection(f.parts) and not f.name.startswith("."))
        elif p.exists():
            out.append(p)
    return sorted(set(out))


def digest(paths: Iterable[Path], root: Path, extra: object = None) -> str:
    """files/folders (+ any JSON-able extra, e.g. parameters) → sha256 of names and contents."""
    h = hashlib.sha256()
    for f in _files(paths):
        h.update(str(f.relative_to(root) if f.is_relative_to(root) else f).encode())
        h.update(b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    if extra is not None:
        h.update(json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def _valid(data: object) -> bool:
    """parsed state.json → True if it is {key: {"inputs": str, "outputs": str}}."""
    return isinstance(data, dict) and all(
        isinstance(k, str) and isinstance(v, dict)
        and all(isinstance(v.get(f), str) for f in ("inputs", "outputs"))
        for k, v in data.items())


def _read_state(path: Path) -> dict:
    """build/state.json → its records; anything unreadable warns and means "rebuild everything"."""
    if not path.exists() and not path.is_symlink():
        return {}  # first build: nothing to say
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        problem = "" if _valid(data) else "not a mapping of stage → {inputs, outputs}"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problem = getattr(exc, "strerror", None) or str(exc)
    if not problem:
        return data
    warnings.warn(f"{path}: unreadable build state ({problem}); every stage will be rebuilt",
                  StateWarning, stacklevel=3)
    if path.is_dir() and not path.is_symlink():  # the state is rewritten here after a stage
        shutil.rmtree(path, ignore_errors=True)
    return {}


class BuildState:
    """build/state.json: {stage key: {"inputs": hash, "outputs": hash}}."""

    def __init__(self, build_dir: Path):
        self.path = build_dir / STATE_FILE
        self.data = _read_state(self.path)

    def up_to_date(self, key: str, inputs: str, outputs: list[Path], root: Path) -> bool:
        """Was this stage last run on these inputs, with its outputs still as it left them?"""
        rec = self.data.get(key)
        return bool(rec and rec["inputs"] == inputs and all(p.exists() for p in outputs)
                    and rec["outputs"] == digest(outputs, root))

    def record(self, key: str, inputs: str, outputs: list[Path], root: Path) -> None:
        """Remember a finished stage (written atomically at once)."""
        self.data[key] = {"inputs": inputs, "outputs": digest(outputs, root)}
        atomic.write_text(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")

    def forget(self) -> None:
        """Drop all records (--force)."""
        self.data = {}
