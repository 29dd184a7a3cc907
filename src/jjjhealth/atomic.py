"""Atomic file and directory writes: a failed build never leaves half-written output."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


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


def replace_dir(new: Path, target: Path) -> None:
    """Move a fully built folder into place; the old one survives until the new one is there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(target.name + ".old")
    recover_dir(target)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def recover_dir(target: Path) -> None:
    """Finish or undo a replace_dir that was interrupted between its two renames."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, target)


@contextmanager
def build_lock(build_dir: Path):
    """Hold build/.lock for one command; a second concurrent build fails clearly instead of
    racing. With the lock held, staging folders left by a killed build are removed."""
    import fcntl

    from .errors import JJJError

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
