"""An article file + what the user knows → a new seed in seeds/ and its sources.yml entry.

Everything is checked before anything is written: the file is read like a seed (regular file,
size limit, UTF-8/GB18030/Big5), compared with every seed already there (exact and near
copies), dated from the text when it states a date, and its entry is appended to sources.yml
as text (the file's comments and layout stay). The corpus is then loaded as the build loads it;
if that fails, both writes are undone.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from jjjhealth import atomic, yamlio
from jjjhealth.errors import AddSourceError, DuplicateSeedError, FurnitureWarning, JJJError
from jjjhealth.extract.quantities import find_quantities
from jjjhealth.text.normalize import NormalizedText, normalize_file
from jjjhealth.text.pinyin import strip_annotations, to_simplified
from jjjhealth.text.sources import Source, load_sources, published_date, read_seed_bytes

# Share of the new article's sentences found in one existing seed above which it is the same
# text (a republication, a near copy); below it, two reports merely quote each other.
NEAR_DUPLICATE_SHARE = 0.5
# Sentences shorter than this (headings, "(完)") are shared by unrelated articles.
MIN_SENTENCE_CHARS = 8
# Share of CJK characters that OpenCC t2s changes above which the text is Traditional.
TRADITIONAL_SHARE = 0.02
# Noise share above which the text is "mostly site furniture" (menus, footers, headlines).
FURNITURE_SHARE = 0.6
# A full date as articles print it: 2024-02-29, 2024/2/29, 2024年2月29日.
DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# Labels that say a date is the publication date.
DATE_LABEL = re.compile(r"(发布|发表|更新)?(时间|日期)\s*[:：]")
# Fields written unquoted: their values are validated ids, dates, script names, hex digests.
PLAIN_FIELDS = ("id", "published", "script", "sha256", "duplicate_of")
# Labels that name the outlet.
OUTLET_LABEL = re.compile(r"(?:本文(?:转|来)自|来源)\s*[:：]\s*([^\s:：。,，]{2,30})")


@dataclass(frozen=True)
class Added:
    """What add_source did: the new id and paths, and how each field was decided."""

    id: str
    path: Path
    entry: str
    encoding: str
    script: str
    published: str
    date_method: str


def detect_script(raw: str) -> str:
    """decoded text → 'traditional_pinyin' if it has pinyin annotations or Traditional chars."""
    stripped = strip_annotations(raw)
    if stripped.removed:
        return "traditional_pinyin"
    text = stripped.text
    simple = to_simplified(text)  # same length (see pinyin.to_simplified)
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff") or 1
    changed = sum(1 for a, b in zip(text, simple, strict=True) if a != b)
    return "traditional_pinyin" if changed / cjk > TRADITIONAL_SHARE else "simplified"


def stated_date(doc: NormalizedText) -> tuple[str, int] | None:
    """clean text → (YYYY-MM-DD, line) of the publication date it states, or None.

    A dateline (noise kind "dateline", or a line labelled 发布时间/日期) wins; otherwise the
    first full date in the first five lines, where article pages print it."""
    from jjjhealth.text.noise import classify_lines

    lines = classify_lines(doc.clean)
    first = [ln for ln in lines if ln.noise == "dateline"
             or DATE_LABEL.search(doc.clean[ln.start:ln.end])] + lines[:5]
    for ln in first:
        m = DATE.search(doc.clean, ln.start, ln.end)
        date = m and published_date("{}-{:0>2}-{:0>2}".format(*m.groups()))
        if date:
            return date, doc.clean.count("\n", 0, ln.start) + 1
    return None


def _sentences(doc: NormalizedText) -> set[str]:
    """normalised text → its sentences long enough to tell articles apart."""
    return {s.text.strip() for s in doc.sentences if len(s.text.strip()) >= MIN_SENTENCE_CHARS}


def _check_duplicates(name: str, data: bytes, doc: NormalizedText, existing: list[Source],
                      allow: str | None) -> tuple[str, float]:
    """new bytes + text vs the seeds → ('' or the id it copies, shared share); refuses copies."""
    digest = hashlib.sha256(data).hexdigest()
    mine = _sentences(doc)
    best, share, shared = "", 0.0, 0
    for s in existing:
        if hashlib.sha256(read_seed_bytes(s.path)).hexdigest() == digest:
            raise DuplicateSeedError(
                f"{name}: an exact copy of seed {s.id}; nothing to add (an exact copy would "
                "count every claim twice, even with --allow-duplicate-of)")
        theirs = _sentences(normalize_file(s.path))
        if mine:
            sh = len(mine & theirs) / len(mine)
            if sh > share:
                best, share, shared = s.id, sh, len(mine & theirs)
    if share >= NEAR_DUPLICATE_SHARE and best != allow:
        raise DuplicateSeedError(
            f"{name}: a near copy of seed {best} ({shared} of its {len(mine)} sentences, "
            f"{share:.0%}, are in {best}); if it is a deliberate copy (same event, republished), add it with "
            f"--allow-duplicate-of {best} so that both count as one evidence group")
    return best if share >= NEAR_DUPLICATE_SHARE else "", share


def _furniture(doc: NormalizedText, name: str) -> None:
    """Warn when the text is mostly site furniture or states no quantity outside it."""
    claims = sum(len(find_quantities(s.text)) for s in doc.sentences)
    share = doc.stats()["noise_share"]
    if claims == 0 or share > FURNITURE_SHARE:
        warnings.warn(f"{name}: {share:.0%} of the text is site furniture (menus, footers, "
                      f"headlines) and {claims} number(s) stand outside it; check that the file "
                      "holds the article body", FurnitureWarning, stacklevel=3)


def _title(doc: NormalizedText) -> str:
    """normalised text → its first line outside furniture (the headline, usually)."""
    from jjjhealth.text.noise import classify_lines

    line = next((ln for ln in classify_lines(doc.clean) if ln.noise is None), None)
    return doc.clean[line.start:line.end].strip()[:120] if line else ""


def _next_id(seeds_dir: Path, existing: list[Source], digest: str) -> str:
    """seeds + sha256 → next free NNN_<sha256[:16]> (NNN one above the highest in use)."""
    used = [int(p.name[:3]) for p in seeds_dir.iterdir() if p.name[:3].isdigit()]
    used += [int(s.id[:3]) for s in existing]
    n = max(used, default=-1) + 1
    if n > 999:
        raise AddSourceError(f"{seeds_dir}: ids run out at 999; renumber the seeds")
    return f"{n:03d}_{digest[:16]}"


def _scalar(value: str) -> str:
    """text → a YAML double-quoted scalar (JSON strings are valid YAML), on one line."""
    return json.dumps(" ".join(str(value).split()), ensure_ascii=False)


def _entry(fields: dict) -> str:
    """{field: value} → the sources.yml list item text, two-space indented like the file."""
    lines = []
    for k, v in fields.items():
        if isinstance(v, bool):
            text = "true" if v else "false"
        else:  # ids, dates, script names and digests are plain; free text is quoted
            text = v if k in PLAIN_FIELDS else _scalar(v)
        lines.append(f"{'    ' if lines else '  - '}{k}: {text}")
    return "\n".join(lines) + "\n"


def add_source(file: Path, seeds_dir: Path, *, url: str | None = None,
               published: str | None = None, outlet: str | None = None,
               title: str | None = None, about_jjj: bool | None = None,
               allow_duplicate_of: str | None = None) -> Added:
    """article file + options → Added (file copied to seeds/, entry appended to sources.yml)."""
    file = Path(file).resolve()
    sources_yml = seeds_dir / "sources.yml"
    if file.parent == Path(seeds_dir).resolve():
        raise AddSourceError(f"{file}: already inside seeds/; keep the article elsewhere, "
                             "add-source copies it in under its id")
    data = read_seed_bytes(file)
    doc = normalize_file(file)  # the checks extraction makes: decodable, no 400-digit numbers
    text, encoding = doc.raw, doc.encoding
    existing = load_sources(seeds_dir)  # the corpus must be valid before it grows
    if allow_duplicate_of and allow_duplicate_of not in {s.id for s in existing}:
        raise AddSourceError(f"--allow-duplicate-of {allow_duplicate_of}: no such seed; "
                             f"seeds: {', '.join(s.id for s in existing)}")
    copy_of, share = _check_duplicates(str(file), data, doc, existing, allow_duplicate_of)
    _furniture(doc, str(file))
    published, date_method = _date(doc, published, file)
    outlet = outlet or _outlet(doc, file)
    title = title or _title(doc)
    if not title:
        raise AddSourceError(f"{file}: no headline line found; give --title TITLE")
    digest = hashlib.sha256(data).hexdigest()
    sid = _next_id(seeds_dir, existing, digest)
    fields = {"id": sid, "title": title, "outlet": outlet, "published": published,
              "date_method": date_method, "script": detect_script(text),
              "about_jjj": "京津冀" in doc.clean if about_jjj is None else about_jjj}
    if url:
        fields["url"] = url
    if allow_duplicate_of:
        group = next(s for s in existing if s.id == allow_duplicate_of).extra.get(
            "evidence_group", allow_duplicate_of)
        fields["duplicate_of"] = allow_duplicate_of
        fields["evidence_group"] = str(group)
        fields["duplicate_note"] = (f"added with --allow-duplicate-of; {share:.0%} of its "
                                    f"sentences are in {copy_of or allow_duplicate_of}")
    fields["sha256"] = digest
    entry = _entry(fields)
    _write(seeds_dir / f"{sid}.txt", data, sources_yml, entry, seeds_dir)
    return Added(sid, seeds_dir / f"{sid}.txt", entry, encoding, fields["script"],
                 published, date_method)


def _date(doc: NormalizedText, given: str | None, file: Path) -> tuple[str, str]:
    """text + --published → (date, date_method); the text's own date is proposed when given none."""
    found = stated_date(doc)
    if given:
        date = published_date(given)
        if not date:
            raise AddSourceError(f"--published {given!r}: not a date; use YYYY-MM-DD")
        said = f"; the text states {found[0]} (line {found[1]})" if found else ""
        return date, f"given: --published {date}{said}"
    if not found:
        raise AddSourceError(f"{file}: the text states no publication date; give --published "
                             "YYYY-MM-DD (and how you know it)")
    return found[0], (f"proposed by add-source from the text: line {found[1]} states "
                      f"{found[0]}; check it against the page")


def _outlet(doc: NormalizedText, file: Path) -> str:
    """text → the outlet named by 本文转自:/来源:, or AddSourceError asking for --outlet."""
    m = OUTLET_LABEL.search(doc.clean)
    if not m:
        raise AddSourceError(f"{file}: the text names no outlet (本文转自:/来源:); "
                             "give --outlet NAME")
    return f"{m.group(1)} (stated: {m.group(0).strip()})"


def _write(seed: Path, data: bytes, sources_yml: Path, entry: str, seeds_dir: Path) -> None:
    """Copy the seed and append its entry, each atomically; undo both if the corpus then fails."""
    before = sources_yml.read_text(encoding="utf-8")
    after = before + ("" if before.endswith("\n") else "\n") + entry
    doc = yamlio.loads(after, str(sources_yml), AddSourceError)
    items = doc.get("sources") if isinstance(doc, dict) else None
    if not items or not isinstance(items[-1], dict) or items[-1].get("id") != seed.stem:
        raise AddSourceError(f"{sources_yml}: 'sources:' is not the last block of the file, so "
                             f"the entry cannot be appended; add it by hand:\n{entry}")
    atomic.write_bytes(seed, data)
    try:
        atomic.write_text(sources_yml, after)
        load_sources(seeds_dir)
    except (JJJError, OSError):
        seed.unlink(missing_ok=True)
        atomic.write_text(sources_yml, before)
        raise
