"""Atomic file and directory writes: a failed or killed build never leaves half-written output."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

# A folder being published is built beside its target as .<target>.staging.XXXXXXXX, so that
# a staging folder left by a killed build is recognisable (and removed) at the next start.
STAGING = "{}.staging"


def write_bytes(path: Path, data: bytes) -> None:
    """bytes → path, via a temporary file in the same folder and os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; released files must be readable by all
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """text → path (UTF-8, LF), atomically."""
    write_bytes(path, text.encode("utf-8"))


def _write_synced(path: Path, data: bytes) -> None:
    """bytes → a new file at path, flushed to disk before returning (inside a staging folder)."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o644)


def _fsync_dir(path: Path) -> None:
    """Make the renames inside a folder durable (a crash after return cannot undo them)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_dir(new: Path, target: Path) -> None:
    """Move a fully built folder into place; the old one survives until the new one is there.

    Two renames (target → target.old, new → target). A failure of the second puts the old
    folder back at once; a kill between them leaves target.old, which recover_dir restores."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(target.name + ".old")
    _settle_swap(target)
    had_old = target.exists()
    if had_old:
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if had_old:
            os.replace(old, target)  # if this fails too, recover_dir does it at the next start
        raise
    _fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def _settle_swap(target: Path) -> None:
    """target.old left by replace_dir → restored (swap stopped halfway) or removed (swap done)."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, target)


def recover_dir(target: Path) -> None:
    """Finish or undo a publish of target that a killed or failed command left half done.

    target.old without target: the swap stopped between its renames → the old folder returns.
    target.old beside target: the swap finished → the old copy is removed. Staging folders
    beside target and temporary files inside it (write_bytes's .*.tmp) are removed."""
    _settle_swap(target)
    if target.parent.is_dir():
        for stale in target.parent.glob(f".{STAGING.format(target.name)}.*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
    if target.is_dir():
        for tmp in target.glob(".*.tmp"):
            if tmp.is_file() or tmp.is_symlink():
                tmp.unlink(missing_ok=True)


def publish_dir(target: Path, files: dict[str, bytes],
                check: Callable[[Path], None] | None = None) -> None:
    """{file name: bytes} → target/ holding exactly those new files plus every other file it
    had (README, maps …), published in one swap after check(staged folder) passed."""
    recover_dir(target)
    with staging_dir(target.parent, STAGING.format(target.name)) as staged:
        if target.is_dir():
            shutil.copymode(target, staged)
            for item in sorted(target.iterdir()):
                if item.name in files:
                    continue
                if item.is_dir() and not item.is_symlink():
                    shutil.copytree(item, staged / item.name, symlinks=True)
                else:
                    shutil.copy2(item, staged / item.name, follow_symlinks=False)
        else:
            os.chmod(staged, 0o755)  # mkdtemp makes 0700; the release must be readable by all
        for name, data in files.items():
            _write_synced(staged / name, data)
        if check is not None:
            check(staged)
        _fsync_dir(staged)
        replace_dir(staged, target)


@contextmanager
def build_lock(build_dir: Path):
    """Hold build/.lock for one command; a second concurrent build fails clearly instead of
    racing. With the lock held, staging folders left by a killed build are removed."""
    import fcntl

    from jjjhealth.errors import JJJError

    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JJJError(f"another jjjhealth command is running on {build_dir.parent} "
                           f"({build_dir / '.lock'}); wait for it to finish") from None
        for stale in build_dir.glob(".*.*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        yield


@contextmanager
def staging_dir(parent: Path, name: str):
    """Yield a fresh temporary folder under parent; removed on failure."""
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}."))
    try:
        yield tmp
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
