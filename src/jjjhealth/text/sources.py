"""seeds/sources.yml + seeds/*.txt → validated Source records (provenance of every document)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from jjjhealth import places, yamlio
from jjjhealth.errors import SeedError, SourcesError

REQUIRED = ("id", "title", "outlet", "published", "date_method", "script", "about_jjj")
URL_PATTERN = re.compile(r"https?://[^\s<>\"'`]+")
SCRIPTS = ("simplified", "traditional_pinyin")
# A news article is tens of KB; a seed above this is a mistake (a dump, a binary), refused
# before it is read so that memory stays small (normalisation keeps several copies of a text).
MAX_SEED_BYTES = 2 * 1024 * 1024
# A seed id is its file stem: three digits (after an optional lower-case set letter, as in the
# held-out set's h201_…), "_", then letters, digits, "_" or "-". Anything else (markup, spaces,
# an int such as YAML's 007 → 7) would reach file names, fact ids and the report.
ID_PATTERN = re.compile(r"[a-z]?[0-9]{3}_[0-9A-Za-z_-]+")
# Publication dates outside this range are typing errors (the story starts in 2014).
EARLIEST_YEAR, LATEST_YEAR = 1949, 2100


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
    if not path.exists() and not path.is_symlink():
        raise SourcesError(f"{path}: missing; every seed needs an entry there")
    doc = yamlio.load(path, SourcesError)
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise SourcesError(f"{path}: expected a mapping with a 'sources:' list of entries; "
                           "see the comment at the top of the file for the format")
    return doc


def published_date(value: object) -> str | None:
    """a YAML `published` value → 'YYYY-MM-DD' if it is a real date in a plausible range, else None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.date) and EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return value.isoformat()
    return None


def _check_entry(entry: dict, where: str) -> str:
    """one sources.yml entry (+ 'file:line') → its id; SourcesError naming the field otherwise."""
    missing = [k for k in REQUIRED if entry.get(k) in (None, "")]
    name = entry.get("id", "this entry")
    if missing:
        raise SourcesError(
            f"{where}: {name} lacks required field(s) {', '.join(missing)}; add them to that "
            f"entry (required: {', '.join(REQUIRED)})")
    sid = entry["id"]
    if not isinstance(sid, str) or not ID_PATTERN.fullmatch(sid):
        read_as = "" if isinstance(sid, str) else f" (YAML reads it as {type(sid).__name__})"
        raise SourcesError(
            f"{where}: id {sid!r}{read_as} is not a seed id: write the file stem, a string "
            f"matching {ID_PATTERN.pattern} such as 005_a1b2c3d4e5f6a7b8")
    for key in ("title", "outlet", "date_method"):
        if isinstance(entry[key], (list, dict)):
            raise SourcesError(f"{where}: {sid}: {key} must be text, not {entry[key]!r}")
    if published_date(entry["published"]) is None:
        raise SourcesError(
            f"{where}: {sid}: published {entry['published']!r} is not a date between "
            f"{EARLIEST_YEAR} and {LATEST_YEAR}; write it as YYYY-MM-DD (say how you know it "
            "in date_method)")
    if not isinstance(entry["about_jjj"], bool):
        raise SourcesError(f"{where}: {sid}: about_jjj {entry['about_jjj']!r} must be true or "
                           "false, unquoted (a quoted \"false\" would count as true)")
    if entry["script"] not in SCRIPTS:
        raise SourcesError(f"{where}: {sid} has script {entry['script']!r}; use one of {SCRIPTS}")
    url = entry.get("url")
    if url not in (None, "") and not (isinstance(url, str) and URL_PATTERN.fullmatch(url)):
        raise SourcesError(f"{where}: {sid}: url {url!r} is not a web address (http:// or "
                           "https://, no spaces); leave it out when no public copy is known")
    retrieved = entry.get("retrieved")
    if retrieved not in (None, "") and published_date(retrieved) is None:
        raise SourcesError(f"{where}: {sid}: retrieved {retrieved!r} is not a date; write it as "
                           "YYYY-MM-DD (the day the copy at `url` was read)")
    place = entry.get("place")
    if place not in (None, "") and place not in places.table():
        raise SourcesError(f"{where}: {sid}: place {place!r} is not a place of the catalog "
                           f"(places.yml); use one of {sorted(places.known())}")
    return sid


def read_seed_bytes(path: Path) -> bytes:
    """seed path → its bytes; SeedError unless it is a regular file (no symlink) under the limit."""
    path = Path(path)
    try:
        # O_NOFOLLOW refuses a symlink, O_NONBLOCK keeps a FIFO from blocking the open; the
        # type is checked on the open descriptor, so the file cannot be swapped in between.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if path.is_symlink():
            raise SeedError(f"{path}: a symlink; seeds must be regular files inside seeds/ "
                            "(copy the article in instead)") from None
        raise SeedError(f"{path}: cannot read the seed ({exc.strerror}); check the path") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SeedError(f"{path}: {_kind(mode)}, not a regular file; seeds must be plain "
                            "text files inside seeds/")
        size = os.fstat(fd).st_size
        if size > MAX_SEED_BYTES:  # refused unread: normalising it would take gigabytes
            raise SeedError(
                f"{path}: {size / 2**20:.1f} MB is over the {MAX_SEED_BYTES // 2**20} MB limit "
                "for one seed (a news article is tens of KB); save one article per file")
        data = fh.read(MAX_SEED_BYTES + 1)  # bounded even if the file grows meanwhile
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(f"{path}: grew past the {MAX_SEED_BYTES // 2**20} MB limit while read")
    return data


def _kind(mode: int) -> str:
    """st_mode → what the file is, in words."""
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((word for test, word in kinds if test(mode)), "a special file")


def seed_files(seeds_dir: Path) -> dict[str, Path]:
    """seeds folder → {stem: path} of its *.txt seeds; SeedError for any that is not a plain file.

    A name ending in .TXT (any case but lower) is refused rather than skipped or accepted: on a
    case-insensitive file system 005_a.txt and 005_a.TXT would be one file, and ids are stems.
    """
    files = {}
    try:
        entries = sorted(os.scandir(seeds_dir), key=lambda e: e.name)
    except OSError as exc:
        raise SeedError(f"{seeds_dir}: cannot list the seeds ({exc.strerror})") from None
    for entry in entries:
        path = Path(entry.path)
        if not entry.name.lower().endswith(".txt"):
            continue
        if not entry.name.endswith(".txt"):
            raise SeedError(f"{path}: seed files end in lower-case .txt; rename it to "
                            f"{path.stem}.txt")
        if entry.is_symlink():
            raise SeedError(f"{path}: a symlink; seeds must be regular files inside seeds/ "
                            "(copy the article in instead)")
        mode = entry.stat(follow_symlinks=False).st_mode
        if not stat.S_ISREG(mode):
            raise SeedError(f"{path}: {_kind(mode)}, not a regular file; seeds must be plain "
                            "text files inside seeds/")
        files[path.stem] = path
    return files


def load_sources(seeds_dir: Path, sources_yml: Path | None = None) -> list[Source]:
    """seeds folder → sources sorted by id; every .txt has an entry and every entry a file."""
    sources_yml = sources_yml or seeds_dir / "sources.yml"
    doc = _load_yaml(sources_yml)
    lines = yamlio.item_lines(sources_yml.read_text(encoding="utf-8"), "sources")
    entries: dict[str, dict] = {}
    for n, entry in enumerate(doc["sources"], 1):
        where = f"{sources_yml}:{lines[n - 1]}" if len(lines) >= n else str(sources_yml)
        if not isinstance(entry, dict):
            raise SourcesError(f"{where}: entry {n} is not a mapping of field: value")
        sid = _check_entry(entry, where)
        if sid in entries:
            raise SourcesError(f"{where}: id {sid} appears twice; ids are unique file stems")
        entries[sid] = entry
    files = seed_files(seeds_dir)
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
                published=published_date(e["published"]), date_method=str(e["date_method"]).strip(),
                script=e["script"], about_jjj=e["about_jjj"], path=files[sid], extra=extra,
            )
        )
    _check_checksums_and_duplicates(out)
    return out


def _check_checksums_and_duplicates(sources: list[Source]) -> None:
    """Warn when a seed changed since its checksum was recorded; refuse oversized seeds and exact duplicates."""
    seen: dict[str, str] = {}
    for s in sources:
        digest = hashlib.sha256(read_seed_bytes(s.path)).hexdigest()
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
