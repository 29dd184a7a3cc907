"""seeds/sources.yml + seeds/*.txt → validated Source records (provenance of every document)."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import SeedError, SourcesError

REQUIRED = ("id", "title", "outlet", "published", "date_method", "script", "about_jjj")
SCRIPTS = ("simplified", "traditional_pinyin")
# A news article is tens of KB; a seed above this is a mistake (a dump, a binary), refused
# before it is read so that memory stays small (normalisation keeps several copies of a text).
MAX_SEED_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """One seed document and what we know about it."""

    id: str
    title: str
    outlet: str
    published: str
    date_method: str
    script: str
    about_jjj: bool
    path: Path
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def outlet_en(self) -> str:
        return self.extra.get("outlet_en", self.outlet)

    @property
    def citation(self) -> str:
        """Source → short citation line: outlet, date."""
        return f"{self.outlet_en}, {self.published}"


def _load_yaml(path: Path) -> dict:
    """sources.yml → parsed mapping; YAML errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{path}: missing; every seed needs an entry there") from None
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path}: not UTF-8 ({exc.reason}); save it as UTF-8") from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        ctx, ctx_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        opened = f"; {ctx} at line {ctx_mark.line + 1}" if ctx and ctx_mark else ""
        raise SourcesError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)}{opened}); "
                           "fix the syntax near that line (compare it with the entries around it)") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise SourcesError(f"{path}: expected a mapping with a 'sources:' list of entries; "
                           "see the comment at the top of the file for the format")
    return doc


def _entry_line(path: Path, sid: object) -> str:
    """sources.yml + an id → 'path:line' of its `id:` line (or just the path if not found)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().lstrip("- ").replace(" ", "") == f"id:{sid}":
            return f"{path}:{n}"
    return str(path)


def load_sources(seeds_dir: Path, sources_yml: Path | None = None) -> list[Source]:
    """seeds folder → sources sorted by id; every .txt has an entry and every entry a file."""
    sources_yml = sources_yml or seeds_dir / "sources.yml"
    doc = _load_yaml(sources_yml)
    entries: dict[str, dict] = {}
    for n, entry in enumerate(doc["sources"], 1):
        if not isinstance(entry, dict):
            raise SourcesError(f"{sources_yml}: entry {n} is not a mapping")
        missing = [k for k in REQUIRED if entry.get(k) in (None, "")]
        if missing:
            name = entry.get("id", f"entry {n}")
            raise SourcesError(
                f"{_entry_line(sources_yml, name)}: {name} lacks required field(s) "
                f"{', '.join(missing)}; add them to that entry (required: {', '.join(REQUIRED)})"
            )
        if entry["script"] not in SCRIPTS:
            raise SourcesError(
                f"{sources_yml}: {entry['id']} has script {entry['script']!r}; use one of {SCRIPTS}"
            )
        if entry["id"] in entries:
            raise SourcesError(f"{sources_yml}: id {entry['id']} appears twice")
        entries[str(entry["id"])] = entry
    files = {p.stem: p for p in seeds_dir.glob("*.txt")}
    unlisted = sorted(set(files) - set(entries))
    if unlisted:
        raise SeedError(
            f"{files[unlisted[0]]}: not listed in {sources_yml}; add an entry with "
            f"{', '.join(REQUIRED)}" + (f" (also unlisted: {', '.join(unlisted[1:])})" if unlisted[1:] else "")
        )
    orphans = sorted(set(entries) - set(files))
    if orphans:
        raise SeedError(
            f"{sources_yml}: entry {orphans[0]} has no file {seeds_dir / (orphans[0] + '.txt')}; "
            "add the file or remove the entry"
        )
    out = []
    for sid in sorted(entries):
        e = entries[sid]
        extra = {k: v for k, v in e.items() if k not in REQUIRED}
        out.append(
            Source(
                id=sid, title=str(e["title"]), outlet=str(e["outlet"]),
                published=str(e["published"]), date_method=str(e["date_method"]).strip(),
                script=e["script"], about_jjj=bool(e["about_jjj"]), path=files[sid], extra=extra,
            )
        )
    _check_checksums_and_duplicates(out)
    return out


def _check_checksums_and_duplicates(sources: list[Source]) -> None:
    """Warn when a seed changed since its checksum was recorded; refuse oversized seeds and exact duplicates."""
    seen: dict[str, str] = {}
    for s in sources:
        size = s.path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(
                f"{s.path}: {size / 2**20:.1f} MB is over the {MAX_SEED_BYTES // 2**20} MB limit "
                "for one seed (a news article is tens of KB); save one article per file "
                "or remove it"
            )
        digest = hashlib.sha256(s.path.read_bytes()).hexdigest()
        if digest in seen:
            raise SeedError(
                f"{s.path}: exact duplicate of seeds/{seen[digest]}.txt; remove one of them "
                "(a duplicate would count every claim twice)"
            )
        seen[digest] = s.id
        recorded = s.extra.get("sha256")
        if recorded and recorded != digest:
            warnings.warn(
                f"{s.path}: content differs from the sha256 recorded in sources.yml; "
                "update the checksum if the change is intended",
                stacklevel=2,
            )
