"""context.yml → cited facts from outside the seeds (a year the sources take for granted)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jjjhealth import paths, yamlio


@lru_cache(maxsize=4)
def load(path: Path = paths.CONTEXT_YML) -> dict[str, dict]:
    """context.yml → {key: {value, cite}}; KeyError naming the file and key if a cite is missing."""
    entries = yamlio.load(path) or {}
    for key, e in entries.items():
        if not isinstance(e, dict) or "value" not in e or not e.get("cite"):
            raise KeyError(f"{path}: {key!r} needs a value and a cite")
    return entries
