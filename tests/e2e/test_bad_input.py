"""Malformed input of every kind → exit 2, one `error:` line naming the file (and line) or the
parameter, no traceback, data/ and report/_output untouched. Run in-process (jjjhealth.build.cli.main)
so the table costs about a second per case, not a subprocess start."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path

import pytest

from jjjhealth import yamlio
from jjjhealth.build.bench import copy_repo
from jjjhealth.errors import YamlError

NEW_ID = "005_new"
ENTRY = ("  - id: {id}\n    title: 测试文章\n    outlet: test outlet\n    published: {published}\n"
         "    date_method: stated\n    script: simplified\n    about_jjj: {about}\n{more}")
ARTICLE = "京津冀新建医联体12个，覆盖保定等地。\n"
SOURCES = "seeds/sources.yml"
PARAMS = "notebooks/parameters.yml"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """One copy of the repository, with an existing report output to protect."""
    root = copy_repo(tmp_path_factory.mktemp("pristine") / "repo")
    (root / "report" / "_output").mkdir(parents=True, exist_ok=True)
    (root / "report" / "_output" / "index.html").write_text("<p>previous report</p>")
    return root


@pytest.fixture
def root(pristine, tmp_path) -> Path:
    """A fresh copy of the pristine copy for one case (symlinks and all kept as they are)."""
    import shutil

    dest = tmp_path / "repo"
    shutil.copytree(pristine, dest, symlinks=True)
    return dest


def _seed(text: str, *, sid: str = NEW_ID, published: str = "2024-01-01", about: str = "true",
          more: str = "", entry: str | None = None):
    """→ setup(root) adding a seed file and its sources.yml entry."""
    def setup(root: Path) -> None:
        (root / "seeds" / f"{sid}.txt").write_text(text, encoding="utf-8")
        _append(root, entry or ENTRY.format(id=sid, published=published, about=about, more=more))
    return setup


def _append(root: Path, text: str) -> None:
    with (root / SOURCES).open("a", encoding="utf-8") as fh:
        fh.write(text)


def _listed(make):
    """→ setup(root) making seeds/005_new.txt with make(path) and listing it in sources.yml."""
    def setup(root: Path) -> None:
        make(root / "seeds" / f"{NEW_ID}.txt")
        _append(root, ENTRY.format(id=NEW_ID, published="2024-01-01", about="true", more=""))
    return setup


def _edit(rel: str, old: str, new: str):
    """→ setup(root) replacing the first `old` in the file at rel."""
    def setup(root: Path) -> None:
        p = root / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not in {rel}"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


BOMB = ('lol1: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + "".join(f"lol{i}: &{chr(97 + i - 1)} [{', '.join([f'*{chr(97 + i - 2)}'] * 9)}]\n"
                  for i in range(2, 10)))
DEPENDS_AS_STRING = ("    depends_on: []\n  - name: 02_coverage",
                     "    depends_on: 02_coverage\n  - name: 02_coverage")
READS = "reads: [facts.csv, sources.csv, milestones.csv]"

# (case, setup(root), command line, words the one error line must contain; a `file:N:` word
# means "that file and a line number").
CASES = [
    ("published_impossible", _seed(ARTICLE, published="2025-02-30"), ["extract"],
     ["sources.yml:N:", "2025-02-30", "not a real date"]),
    ("published_not_a_date_text_says_last_year", _seed("去年京津冀新建医联体12个。\n",
                                                         published="unknown"),
     ["extract"], ["sources.yml:N:", "published 'unknown'", "YYYY-MM-DD"]),
    ("id_list", _seed(ARTICLE, entry="  - {id: [a, b], title: t, outlet: o, published: 2024-01-01,"
                                      " date_method: m, script: simplified, about_jjj: true}\n"),
     ["extract"], ["sources.yml:N:", "id ['a', 'b']", "list"]),
    ("id_007_read_as_int", _seed(ARTICLE, sid="007"), ["extract"],
     ["sources.yml:N:", "id 7", "int"]),
    ("id_with_markup", _seed(ARTICLE, entry=ENTRY.format(
        id='"005_<b>x</b>"', published="2024-01-01", about="true", more="")), ["extract"],
     ["sources.yml:N:", "<b>", "not a seed id"]),
    ("alias_bomb", _edit(SOURCES, "licence_note:", BOMB + "licence_note:"), ["extract"],
     ["sources.yml:N:", "alias"]),
    ("duplicate_key", _edit(SOURCES, "    script: simplified\n    about_jjj: false",
                            "    script: simplified\n    script: simplified\n    about_jjj: false"),
     ["extract"], ["sources.yml:N:", "duplicate key 'script'"]),
    ("about_jjj_quoted", _seed(ARTICLE, about='"false"'), ["extract"],
     ["sources.yml:N:", "about_jjj 'false'", "true or false"]),
    ("unknown_place", _seed(ARTICLE, more="    place: 火星\n"), ["extract"],
     ["sources.yml:N:", "place '火星'", "保定"]),
    ("chinese_numeral_310_digits", _seed("新建医联体" + "九" * 310 + "个。\n"), ["extract"],
     [f"{NEW_ID}.txt:N:", "310 characters", "20 digits"]),
    ("arabic_400_digits", _seed("第一段。\n新建医联体" + "9" * 400 + "个。\n"), ["extract"],
     [f"{NEW_ID}.txt:N:", "400 characters"]),
    ("upper_case_TXT", lambda r: (r / "seeds" / f"{NEW_ID}.TXT").write_text(ARTICLE), ["extract"],
     [f"{NEW_ID}.TXT", "rename it to 005_new.txt"]),
    ("directory_named_txt", _listed(lambda p: p.mkdir()), ["extract"],
     [f"{NEW_ID}.txt", "a directory, not a regular file"]),
    ("symlink_to_passwd", _listed(lambda p: p.symlink_to("/etc/passwd")), ["extract"],
     [f"{NEW_ID}.txt", "symlink"]),
    ("symlink_to_dev_zero", _listed(lambda p: p.symlink_to("/dev/zero")), ["extract"],
     [f"{NEW_ID}.txt", "symlink"]),
    ("fifo", _listed(lambda p: os.mkfifo(p)), ["extract"], [f"{NEW_ID}.txt", "FIFO"]),
    ("run_without_facts", lambda r: (r / "data" / "facts.csv").unlink(), ["run"],
     ["facts.csv: missing", "jjjhealth extract"]),
    ("depends_on_string", _edit(PARAMS, *DEPENDS_AS_STRING), ["run"],
     ["parameters.yml:N:", "depends_on must be a list"]),
    ("reads_typo", _edit(PARAMS, READS, READS.replace("facts.csv", "fatcs.csv")), ["run"],
     ["parameters.yml", "03_timeline", "'fatcs.csv'", "not a file in data/"]),
    ("parameters_duplicate_key", _edit(PARAMS, "      first_year: 2014\n",
                                       "      first_year: 2014\n      first_year: 2015\n"), ["run"],
     ["parameters.yml:N:", "duplicate key 'first_year'"]),
    ("parameter_nan", lambda r: None, ["run", "-p", "tolerance_pct_points", ".nan"],
     ["-p tolerance_pct_points=nan", "finite"]),
    ("parameter_inf_in_file", _edit(PARAMS, "      tolerance_pct_points: 1.0  #",
                                    "      tolerance_pct_points: .inf  #"), ["run"],
     ["parameters.yml:N:", "tolerance_pct_points=inf", "finite"]),
]


def _snapshot(root: Path) -> dict[str, bytes]:
    """data/ and report/_output → {relative path: bytes}."""
    out = {}
    for top in (root / "data", root / "report" / "_output"):
        for p in sorted(top.rglob("*")):
            if p.is_file():
                out[str(p.relative_to(root))] = p.read_bytes()
    return out


def _codes(proc) -> tuple[int, str]:
    """completed run → (exit code, stderr)."""
    return proc.returncode, proc.stderr


def _assert_one_clear_error(code: int, err: str, words: list[str]) -> None:
    assert code == 2, err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for w in words:
        if w.endswith(":N:"):
            assert re.search(re.escape(w[:-3]) + r":\d+: ", lines[0]), f"{w!r} in {lines[0]!r}"
        else:
            assert w in lines[0], f"{w!r} missing from {lines[0]!r}"


@pytest.mark.parametrize("case, setup, argv, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_error(root, case, setup, argv, words, cli_run):
    setup(root)
    before = _snapshot(root)
    code, err = _codes(cli_run(root, *argv))
    _assert_one_clear_error(code, err, words)
    assert _snapshot(root) == before
    assert not (root / "build" / "notebooks").exists(), "a notebook ran"


def test_yaml_error_points_at_the_edited_line(root, cli_run):
    _edit(SOURCES, "    published: 2024-02-29\n", "    published: 2023-02-29\n")(root)
    line = next(n for n, t in enumerate((root / SOURCES).read_text().splitlines(), 1)
                if "2023-02-29" in t)
    code, err = _codes(cli_run(root, "extract"))
    _assert_one_clear_error(code, err, [f"sources.yml:{line}: '2023-02-29'"])


def test_zero_width_spaces_inside_a_number_make_one_number(root, cli_run):
    import pandas as pd

    _seed("京津冀新建医联体1\u200b2\u200b3个。\n")(root)
    code, err = _codes(cli_run(root, "extract"))
    assert code == 0, err
    facts = pd.read_csv(root / "data" / "facts.csv", dtype=str)
    mine = facts[facts["source_id"] == NEW_ID]
    assert list(mine["value"]) == ["123"] and list(mine["quote"]) == ["京津冀新建医联体123个。"]


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"[]", b"null", b'{"extract": 3}',
                                     b'{"extract": {"inputs": 1}}', None],
                         ids=["not_utf8", "list", "null", "wrong_shape", "wrong_field", "directory"])
def test_unreadable_build_state_warns_and_rebuilds(root, content, cli_run):
    state = root / "build" / "state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        state.mkdir()
    else:
        state.write_bytes(content)
    code, err = _codes(cli_run(root, "extract"))
    assert code == 0 and "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "state.json" in lines[0], err
    assert "rebuilt" in lines[0]
    assert state.is_file()  # rewritten after the stage ran
    code, err = _codes(cli_run(root, "extract"))
    assert code == 0 and err == "", err  # and now it is readable again


def test_clean_waits_for_a_running_build(root, cli_run):
    (root / "build").mkdir(exist_ok=True)
    (root / "build" / "state.json").write_text("{}")
    before = _snapshot(root)
    with open(root / "build" / ".lock", "w") as fh:  # what a running build holds
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, err = _codes(cli_run(root, "clean"))
    _assert_one_clear_error(code, err, ["another jjjhealth command is running"])
    assert (root / "build" / "state.json").exists() and _snapshot(root) == before
    code, err = _codes(cli_run(root, "clean"))  # lock released: clean proceeds
    assert code == 0 and not (root / "build" / "state.json").exists()
    assert not (root / "report" / "_output").exists()


# Strict YAML, one loader for every project file: (text, words of the error, or None if it loads)
YAML = [
    ("a: 1\nb: 2\n", None),
    ("d: 2024-02-29\n", None),
    ("anchor_only: &x 1\n", None),
    ("a: 1\na: 2\n", ["t.yml:2:", "duplicate key 'a'", "line 1"]),
    ("m: {a: 1, a: 2}\n", ["t.yml:1:", "duplicate key 'a'"]),
    ("a: &x [1]\nb: *x\n", ["t.yml:2:", "alias *x"]),
    ("d: 2025-02-30\n", ["t.yml:1:", "not a real date"]),
    ("? [a, b]\n: 1\n", ["t.yml:1:", "plain value"]),
    ("x: " + "[" * 500 + "]" * 500 + "\n", ["t.yml:1:", "nested more than"]),
    ("a: [1\n", ["t.yml:", "not valid YAML"]),
]


@pytest.mark.parametrize("text, words", YAML, ids=[f"yaml{i}" for i in range(len(YAML))])
def test_strict_yaml(text, words):
    if words is None:
        assert yamlio.loads(text, "t.yml") is not None
        return
    with pytest.raises(YamlError) as exc:
        yamlio.loads(text, "t.yml")
    for w in words:
        assert w in str(exc.value), str(exc.value)


def test_no_yaml_read_bypasses_the_strict_loader():
    src = Path(yamlio.__file__).parent
    exempt = ("yamlio.py",)  # every YAML read of the package goes through yamlio
    offenders = [p.name for p in src.rglob("*.py")
                 if p.name not in exempt and "yaml.safe_load" in p.read_text()]
    assert offenders == []


@pytest.mark.parametrize("make, words", [
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.symlink_to("/dev/zero"), "not a regular file"),
    (lambda p: p.write_bytes(b"a: \xff\n"), "not UTF-8"),
    (lambda p: None, "missing"),
], ids=["fifo", "dev_zero", "latin1", "missing"])
def test_yaml_file_that_cannot_be_read(tmp_path, make, words):
    path = tmp_path / "t.yml"
    make(path)
    with pytest.raises(YamlError, match=f"t.yml: {words}"):
        yamlio.load(path)
