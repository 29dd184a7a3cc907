"""Atomic writes: an interrupted write or swap never leaves a half-written target."""

from __future__ import annotations

import pytest

from jjjhealth import atomic


def test_write_bytes_replaces_whole_file(tmp_path):
    p = tmp_path / "a.csv"
    atomic.write_bytes(p, b"old")
    atomic.write_bytes(p, b"new")
    assert p.read_bytes() == b"new"
    assert [x.name for x in tmp_path.iterdir()] == ["a.csv"]


def test_failed_write_keeps_old_file(tmp_path, monkeypatch):
    p = tmp_path / "a.csv"
    atomic.write_bytes(p, b"old")

    def boom(*a):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic.write_bytes(p, b"new")
    assert p.read_bytes() == b"old"
    assert [x.name for x in tmp_path.iterdir()] == ["a.csv"]


def test_replace_dir_and_recovery(tmp_path):
    target = tmp_path / "_output"
    target.mkdir()
    (target / "index.html").write_text("v1")
    new = tmp_path / "new"
    new.mkdir()
    (new / "index.html").write_text("v2")
    atomic.replace_dir(new, target)
    assert (target / "index.html").read_text() == "v2"
    # Interrupted between the two renames: only _output.old exists.
    target.rename(tmp_path / "_output.old")
    atomic.recover_dir(target)
    assert (target / "index.html").read_text() == "v2"
    assert not (tmp_path / "_output.old").exists()
