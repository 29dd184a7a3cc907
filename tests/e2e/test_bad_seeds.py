"""Bad seeds through `jjjhealth extract`: one clear message naming the file, no traceback,
the previous data/ untouched; legacy encodings processed and recorded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jjjhealth.text.sources import MAX_SEED_BYTES

NEW_ID = "005_new"
ENTRY = ("  - id: {id}\n    title: 测试文章\n    outlet: test outlet\n    published: 2024-01-01\n"
         "    date_method: stated\n    script: {script}\n    about_jjj: true\n")
ARTICLE_SIMPLIFIED = "京津冀新建医联体12个，覆盖保定等地。\n2023年河北省新增床位500张。\n"
ARTICLE_TRADITIONAL = "京津冀新建醫聯體12個，覆蓋保定等地。\n2023年河北省新增床位500張。\n"
RELEASED = ("facts.csv", "sources.csv", "source_stats.csv")


def _add_seed(root: Path, data: bytes, *, sid: str = NEW_ID, script: str = "simplified",
              listed: bool = True) -> Path:
    """repo copy + bytes → a new seed file (and its sources.yml entry unless listed=False)."""
    path = root / "seeds" / f"{sid}.txt"
    path.write_bytes(data)
    if listed:
        _append_yml(root, ENTRY.format(id=sid, script=script))
    return path


def _append_yml(root: Path, text: str) -> None:
    with (root / "seeds" / "sources.yml").open("a", encoding="utf-8") as fh:
        fh.write(text)


def _edit_yml(root: Path, old: str, new: str) -> int:
    """Replace the first `old` in sources.yml → 1-based line number where it was."""
    p = root / "seeds" / "sources.yml"
    text = p.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in sources.yml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _random_bytes_without_nul(n: int) -> bytes:
    """n → deterministic bytes 1..255 that no Chinese codec can read (0xFF is invalid everywhere)."""
    return bytes(((i * 7919) % 255) + 1 for i in range(n))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {n: (root / "data" / n).read_bytes() for n in RELEASED}


# (case id, setup(root) → None, words the one error line must contain besides the file)
BAD = [
    ("empty", lambda r: _add_seed(r, b""), ["empty", "replace it"]),
    ("whitespace_only", lambda r: _add_seed(r, b" \n\r\n\t\n"), ["empty"]),
    ("binary_png", lambda r: _add_seed(r, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
     ["NUL", "UTF-8"]),
    ("binary_no_nul", lambda r: _add_seed(r, _random_bytes_without_nul(4096)),
     ["not valid UTF-8", "re-save"]),
    ("utf16", lambda r: _add_seed(r, ARTICLE_SIMPLIFIED.encode("utf-16")), ["UTF-16", "UTF-8"]),
    ("duplicate", lambda r: _add_seed(
        r, (r / "seeds" / "001_1e554aea45242714.txt").read_bytes()),
     ["duplicate", "001_1e554aea45242714", "remove one"]),
    ("unlisted", lambda r: _add_seed(r, ARTICLE_SIMPLIFIED.encode(), listed=False),
     ["not listed", "sources.yml", "add an entry"]),
    ("entry_without_file", lambda r: _append_yml(r, ENTRY.format(id=NEW_ID, script="simplified")),
     ["sources.yml", "has no file", "add the file or remove the entry"]),
    ("missing_required_field", lambda r: _edit_yml(r, "    outlet: 保定日报", "    outlet_x: 保定日报"),
     ["sources.yml:", "002_22f6b134d5afdb68", "outlet", "add"]),
    ("unknown_script", lambda r: _append_yml(r, ENTRY.format(id=NEW_ID, script="latin")),
     ["sources.yml", "script", "simplified"]),
]


@pytest.mark.parametrize("case, setup, words", BAD, ids=[c[0] for c in BAD])
def test_bad_seed_is_one_clear_error_and_data_stays(repo_copy, cli_run, case, setup, words):
    before = _snapshot(repo_copy)
    setup(repo_copy)
    proc = cli_run(repo_copy, "extract")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, proc.stderr
    named = NEW_ID if case not in ("missing_required_field",) else "sources.yml"
    assert named in errors[0], errors[0]
    for w in words:
        assert w in errors[0], f"{w!r} missing from {errors[0]!r}"
    assert _snapshot(repo_copy) == before


@pytest.mark.parametrize("old, new", [
    ("    title_en: \"Raising", "   title_en: \"Raising"),       # bad indentation
    ("    about_jjj: false\n", "    about_jjj: [false\n"),       # unclosed bracket
    ("    script: simplified\n    about_jjj: false", "\tscript: simplified\n    about_jjj: false"),
], ids=["indent", "unclosed", "tab"])
def test_invalid_yaml_names_file_and_line(repo_copy, cli_run, old, new):
    before = _snapshot(repo_copy)
    line = _edit_yml(repo_copy, old, new)
    proc = cli_run(repo_copy, "extract")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    m = re.search(r"^error: (\S*sources\.yml):(\d+): not valid YAML", proc.stderr, re.MULTILINE)
    assert m, proc.stderr
    assert abs(int(m.group(2)) - line) <= 1, (m.group(2), line)  # the line, or the one after
    assert "fix the syntax" in proc.stderr
    assert _snapshot(repo_copy) == before


@pytest.mark.parametrize("encoding, script, text", [
    ("gbk", "simplified", ARTICLE_SIMPLIFIED),
    ("gb18030", "simplified", ARTICLE_SIMPLIFIED),
    ("big5", "traditional_pinyin", ARTICLE_TRADITIONAL),
], ids=["gbk", "gb18030", "big5"])
def test_legacy_encoding_is_processed_and_recorded(repo_copy, cli_run, encoding, script, text):
    import pandas as pd

    _add_seed(repo_copy, text.encode(encoding), script=script)
    proc = cli_run(repo_copy, "extract")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    stats = pd.read_csv(repo_copy / "data" / "source_stats.csv", dtype=str).set_index("source_id")
    recorded = stats.loc[NEW_ID, "encoding"]
    # GBK is a subset of GB18030: the decoder records the superset it used.
    assert recorded == ("gb18030" if encoding == "gbk" else encoding)
    assert set(stats.drop(index=NEW_ID)["encoding"]) == {"utf-8"}
    facts = pd.read_csv(repo_copy / "data" / "facts.csv", dtype=str)
    mine = facts[facts["source_id"] == NEW_ID]
    assert set(zip(mine["number_text"], mine["unit"])) >= {("12", "个"), ("500", "张")}
    assert mine["quote"].str.contains("京津冀新建医联体12个").any()  # decoded and simplified


@pytest.mark.slow
def test_oversized_seed_is_refused_unread_with_small_memory(repo_copy, tmp_path):
    """A 50 MB seed is refused (limit MAX_SEED_BYTES) before it is read: fast, little memory."""
    line = "2023年京津冀新建医联体12个，保定新增床位500张。\n".encode()
    path = repo_copy / "seeds" / f"{NEW_ID}.txt"
    with path.open("wb") as fh:  # streamed: the test itself never holds 50 MB
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    assert path.stat().st_size >= 50 * 2**20 > MAX_SEED_BYTES
    _append_yml(repo_copy, ENTRY.format(id=NEW_ID, script="simplified"))
    before = _snapshot(repo_copy)
    err = tmp_path / "err"
    # A small launcher forks the CLI and reports its peak memory: forked straight from a big
    # test process (an xdist worker), the child's peak would count the parent's pages.
    launcher = ("import os, subprocess, sys\n"
                "p = subprocess.Popen(sys.argv[1:])\n"
                "_, status, usage = os.wait4(p.pid, 0)\n"
                "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n")
    with err.open("w") as e:
        report = subprocess.run(
            [sys.executable, "-c", launcher, sys.executable, "-m", "jjjhealth.build.cli",
             "--root", str(repo_copy), "extract"], stdout=subprocess.PIPE, stderr=e, text=True,
            env={**os.environ, "JJJ_ROOT": str(repo_copy)}, check=True)
    code, maxrss = map(int, report.stdout.split()[-2:])
    usage = type("Usage", (), {"ru_maxrss": maxrss})
    stderr = err.read_text()
    assert code == 2 and "Traceback" not in stderr, stderr
    assert re.search(rf"error: \S*{NEW_ID}\.txt: 50\.0 MB is over the 2 MB limit", stderr), stderr
    assert "one article per file" in stderr
    assert usage.ru_maxrss < 400 * 1024, f"peak RSS {usage.ru_maxrss / 1024:.0f} MB"  # KiB on Linux
    assert _snapshot(repo_copy) == before
