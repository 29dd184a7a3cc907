"""All or nothing: data/ and report/_output/ are either as before or wholly new, whatever fails
(a write error at any file, a failed swap, a SIGKILL at any point); the next start cleans up."""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from jjjhealth import atomic
from jjjhealth.build import build
from jjjhealth.errors import DataPackageError
from jjjhealth.extract import datapackage

RELEASE = build.EXTRACT_OUTPUTS  # the files extract publishes, in the order it writes them
KEPT = ("README.md", "boundaries.geojson")  # committed files of data/ that extract never writes


def _snapshot(folder: Path) -> dict[str, bytes]:
    """folder → {relative path: bytes} of every file under it (hidden ones included)."""
    return {str(f.relative_to(folder)): f.read_bytes()
            for f in sorted(folder.rglob("*")) if f.is_file()}


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """→ (a copy of data/, its snapshot before, the snapshot a new release must give) with the
    new release's files; every release file differs from the old one."""
    folder = tmp_path / "repo" / "data"
    shutil.copytree(REPO / "data", folder)
    before = _snapshot(folder)
    files = {n: (REPO / "data" / n).read_bytes() + f"\nnew {n}\n".encode() for n in RELEASE}
    return folder, before, files


def _after(before: dict[str, bytes], files: dict[str, bytes]) -> dict[str, bytes]:
    return {**before, **files}


def _leftovers(folder: Path) -> list[str]:
    """→ anything a publish may leave behind: .old folders, staging folders, .tmp files."""
    return sorted([p.name for p in folder.parent.iterdir() if p.name != folder.name]
                  + [p.name for p in folder.glob(".*.tmp")])


def _ends_clean(folder: Path, files: dict[str, bytes], before: dict[str, bytes]) -> None:
    """The next publish, with nothing tidied by hand, gives exactly the new release."""
    build.recover(folder.parent)
    atomic.publish_dir(folder, files)
    assert _snapshot(folder) == _after(before, files)
    assert _leftovers(folder) == []


def test_publish_replaces_release_and_keeps_other_files(data):
    folder, before, files = data
    atomic.publish_dir(folder, files)
    after = _snapshot(folder)
    assert after == _after(before, files)
    assert all(after[k] == before[k] for k in KEPT)
    assert _leftovers(folder) == []
    assert oct(folder.stat().st_mode & 0o777) == "0o755"
    assert all(oct((folder / n).stat().st_mode & 0o777) == "0o644" for n in files)


def _fd_name(fd: int) -> str:
    """open file descriptor → the name of its file (Linux /proc)."""
    return Path(os.readlink(f"/proc/self/fd/{fd}")).name


@pytest.mark.parametrize("how", ["open", "fsync"])
@pytest.mark.parametrize("name", RELEASE)
def test_write_failure_at_each_file_leaves_data_as_before(data, monkeypatch, name, how):
    folder, before, files = data
    real_open, real_fsync = open, os.fsync

    def failing_open(path, *a, **k):
        if Path(path).name == name:
            raise OSError(28, "No space left on device", str(path))
        return real_open(path, *a, **k)

    def failing_fsync(fd):
        if _fd_name(fd) == name:
            raise OSError(5, "Input/output error")
        return real_fsync(fd)

    if how == "open":
        monkeypatch.setattr(atomic, "open", failing_open, raising=False)
    else:
        monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        atomic.publish_dir(folder, files)
    monkeypatch.undo()
    assert _snapshot(folder) == before
    assert _leftovers(folder) == []
    _ends_clean(folder, files, before)


def test_validation_failure_leaves_data_as_before(data, monkeypatch):
    folder, before, files = data
    monkeypatch.setattr(datapackage, "validate", lambda path: ["facts: type-error: row 2"])
    with pytest.raises(DataPackageError, match="facts: type-error"):
        atomic.publish_dir(folder, files, check=datapackage._check_staged)
    assert _snapshot(folder) == before
    assert _leftovers(folder) == []


def _failing_replace(fail_calls: set[int]):
    """→ an os.replace that raises on the given calls (1-based), counting every call."""
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append((src, dst))
        if len(calls) in fail_calls:
            raise OSError(16, "Device or resource busy", str(dst))
        return real(src, dst)
    return replace


# failing os.replace calls of a swap → what is on disk before the next start
# (1: data → data.old, 2: staged → data, 3: the undo data.old → data)
SWAP_FAILURES = {
    "first rename": ({1}, "before"),
    "second rename, undone at once": ({2}, "before"),
    "second rename and its undo": ({2, 3}, "only data.old"),
}


@pytest.mark.parametrize("case", SWAP_FAILURES)
def test_swap_failure_is_undone_now_or_at_next_start(data, monkeypatch, case):
    folder, before, files = data
    fail, on_disk = SWAP_FAILURES[case]
    monkeypatch.setattr(atomic.os, "replace", _failing_replace(fail))
    with pytest.raises(OSError):
        atomic.publish_dir(folder, files)
    monkeypatch.undo()
    if on_disk == "before":
        assert _snapshot(folder) == before
    else:
        assert not folder.exists() and _snapshot(folder.with_name("data.old")) == before
    build.recover(folder.parent)
    assert _snapshot(folder) == before
    _ends_clean(folder, files, before)


def test_stale_temp_files_and_staging_folders_are_removed_at_next_start(data):
    folder, before, _ = data
    (folder / ".clusters.csv.k2j3h4g5.tmp").write_bytes(b"half a file")
    (folder.parent / ".data.staging.abcd1234").mkdir()
    (folder.parent / ".data.staging.abcd1234" / "facts.csv").write_bytes(b"new")
    build.recover(folder.parent)
    assert _snapshot(folder) == before
    assert _leftovers(folder) == []


# A process killed by SIGKILL at a point of the publish: the kill is injected by the test
# (a patched function in the child), not by any hook in the package.
_KILLER = """
import os, pickle, signal, sys
from pathlib import Path
from jjjhealth import atomic
folder, point = Path(sys.argv[1]), sys.argv[2]
files = pickle.loads(Path(sys.argv[3]).read_bytes())
real_fsync, real_replace, renames = os.fsync, os.replace, []
def die():
    os.kill(os.getpid(), signal.SIGKILL)
def fsync(fd):
    real_fsync(fd)
    if point == "after " + Path(os.readlink(f"/proc/self/fd/{fd}")).name:
        die()
def replace(src, dst):
    real_replace(src, dst)
    renames.append(dst)
    if point == f"after rename {len(renames)}":
        die()
def check(staged):
    if point == "after validation":
        die()
atomic.os.fsync, atomic.os.replace = fsync, replace
atomic.publish_dir(folder, files, check=check)
"""
KILL_POINTS = [*(f"after {n}" for n in RELEASE), "after validation", "after rename 1",
               "after rename 2"]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_at_each_point_leaves_old_or_new_release(data, tmp_path, point):
    folder, before, files = data
    blob = tmp_path / "files.pickle"
    blob.write_bytes(pickle.dumps(files))
    proc = subprocess.run([sys.executable, "-c", _KILLER, str(folder), point, str(blob)],
                          check=False, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    build.recover(folder.parent)  # what the next command does first
    assert _snapshot(folder) in (before, _after(before, files)), point
    assert _leftovers(folder) == []
    _ends_clean(folder, files, before)


# --- report/_output: the same swap, recoverable -------------------------------------------


def _output(tmp_path: Path) -> tuple[Path, Path]:
    """→ (report/_output holding v1, a staged new output holding v2)."""
    target = tmp_path / "report" / "_output"
    (target / "figures").mkdir(parents=True)
    (target / "index.html").write_text("v1")
    (target / "figures" / "a.png").write_text("v1")
    new = tmp_path / "build" / ".render.x" / "_output"
    new.mkdir(parents=True)
    (new / "index.html").write_text("v2")
    return target, new


@pytest.mark.parametrize("case", SWAP_FAILURES)
def test_report_output_swap_failure_is_recoverable(tmp_path, monkeypatch, case):
    target, new = _output(tmp_path)
    before = _snapshot(target)
    monkeypatch.setattr(atomic.os, "replace", _failing_replace(SWAP_FAILURES[case][0]))
    with pytest.raises(OSError):
        atomic.replace_dir(new, target)
    monkeypatch.undo()
    build.recover(tmp_path)
    assert _snapshot(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["_output"]
    atomic.replace_dir(new, target)
    assert _snapshot(target) == {"index.html": b"v2"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["_output"]


def test_finished_swap_with_old_copy_left_is_completed(tmp_path):
    target, new = _output(tmp_path)
    shutil.copytree(target, target.with_name("_output.old"))
    shutil.rmtree(target)
    shutil.move(new, target)  # killed after the second rename, before the old copy was removed
    build.recover(tmp_path)
    assert _snapshot(target) == {"index.html": b"v2"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["_output"]


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    """→ a copy of what `jjjhealth extract` reads (seeds, data, package metadata)."""
    root = tmp_path / "repo"
    for name in ("seeds", "data"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "requirements.lock", root / "requirements.lock")
    return root


def test_empty_corpus_is_an_error_before_any_write(small_repo):
    for seed in (small_repo / "seeds").glob("*.txt"):
        seed.unlink()
    (small_repo / "seeds" / "sources.yml").write_text("sources: []\n", encoding="utf-8")
    before = _snapshot(small_repo / "data")
    proc = run_cli(small_repo, "extract", check=False)
    assert proc.returncode == 2, proc.stderr
    assert "sources.yml: lists no sources" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(small_repo / "data") == before


def test_cli_killed_mid_extract_then_next_extract_needs_no_clean_up(small_repo):
    """The real command, killed after it wrote facts.csv into its staging folder."""
    data = small_repo / "data"
    (data / "facts.csv").write_bytes((data / "facts.csv").read_bytes() + b"\n")  # so it differs
    before = _snapshot(data)
    code = ("import os, signal, sys; from pathlib import Path; from jjjhealth import atomic\n"
            "from jjjhealth.build import cli\n"
            "real = atomic._write_synced\n"
            "def write(path, data):\n"
            "    real(path, data)\n"
            "    if Path(path).name == 'facts.csv': os.kill(os.getpid(), signal.SIGKILL)\n"
            "atomic._write_synced = write\n"
            "sys.exit(cli.main(sys.argv[1:]))\n")
    proc = subprocess.run([sys.executable, "-c", code, "--root", str(small_repo), "extract"],
                          check=False, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "JJJ_ROOT": str(small_repo)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert _snapshot(data) == before
    run_cli(small_repo, "extract")
    assert (data / "facts.csv").read_bytes() == (REPO / "data" / "facts.csv").read_bytes()
    assert sorted(p.name for p in small_repo.iterdir()) == ["build", "data", "requirements.lock",
                                                            "seeds"]
    assert list(data.glob(".*")) == []
    assert sorted(p.name for p in data.iterdir()) == sorted({*RELEASE, *KEPT})
