"""Nothing lost: a build interrupted (SIGINT, SIGTERM, SIGKILL) in any stage leaves the previous
data/, report/_output/ and figures intact and readable; the next build succeeds unaided."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_cli

pytestmark = pytest.mark.slow

# stage → (stdout line that starts it, or None for process start; seconds to wait after it;
# build arguments). The render stage runs alone after an edit of the report's stylesheet, so
# no test pays for the notebooks twice; the others are forced.
STAGES = {
    "render": ("[analyse]", (0.2, 2.5), []),
    "extract": (None, (0.6, 1.2), ["--force"]),
    "analyse": ("[extract]", (0.5, 5.0), ["--force"]),
}
SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}


def _snapshot(root: Path) -> dict[str, bytes]:
    """repo → {relative path: bytes} of the released data and the whole report output."""
    files = [*(root / "data").rglob("*"), *(root / "report" / "_output").rglob("*")]
    return {str(f.relative_to(root)): f.read_bytes() for f in sorted(files) if f.is_file()}


def _readable(rel: str, data: bytes) -> None:
    """one output file → AssertionError unless it is complete and parses for its type."""
    name = Path(rel).name
    if name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert rows and all(len(r) == len(rows[0]) for r in rows), f"{rel}: ragged CSV"
    elif name.endswith(".json"):
        json.loads(data)
    elif name.endswith(".svg"):
        ET.fromstring(data)
    elif name.endswith(".png"):
        assert data.startswith(b"\x89PNG") and data.rstrip().endswith(b"IEND\xaeB`\x82"), rel
    elif name.endswith(".pdf"):
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:], f"{rel}: truncated PDF"
    elif name.endswith(".html"):
        assert data.rstrip().endswith(b"</html>"), f"{rel}: truncated HTML"


def _assert_intact(root: Path, before: dict[str, bytes], rendered: bool) -> None:
    """data/ byte-identical; report/_output/ either untouched or (if a render finished) wholly new
    and valid; every file readable; build/state.json absent or valid JSON."""
    after = _snapshot(root)
    for rel, data in before.items():
        assert rel in after, f"{rel} lost"
        if rel.startswith("data"):
            assert after[rel] == data, f"{rel} changed"
    report = {r: b for r, b in after.items() if r.startswith("report")}
    old = {r: b for r, b in before.items() if r.startswith("report")}
    if not rendered:
        assert report == old, "report/_output changed although no render finished"
    assert set(report) == set(old), "report/_output has a different set of files"
    for rel, data in after.items():
        _readable(rel, data)
    assert not (root / "report" / "_output.old").exists() or (root / "report" / "_output").exists()
    state = root / "build" / "state.json"
    if state.exists():
        json.loads(state.read_text(encoding="utf-8"))


# Started as from a user's shell: Ctrl-C and SIGTERM at their default dispositions, whatever
# this test worker inherited or was left with (an ignored SIGINT survives exec, and the build
# then ran to its end: exit 0, seen twice in the full suite). The launcher resets them and
# execs the command line in the same process, so the pid signalled is the build's.
_LAUNCH = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
           "signal.signal(signal.SIGTERM, signal.SIG_DFL); os.execv(sys.executable, "
           "[sys.executable, '-m', 'jjjhealth.build.cli', *sys.argv[1:]])")


class _Build:
    """`jjjhealth build` in its own session; stdout lines collected as they come."""

    def __init__(self, root: Path, err: Path, args: list[str]):
        self.lines: list[str] = []
        self._err = err.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCH, "--root", str(root), "build", *args],
            stdout=subprocess.PIPE, stderr=self._err, text=True, start_new_session=True,
            env={**os.environ, "JJJ_ROOT": str(root), "PYTHONUNBUFFERED": "1"})
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def wait_for(self, marker: str | None, timeout: float = 120) -> bool:
        """→ True once a stdout line contains marker (None: at once); False if the build ended."""
        deadline = time.monotonic() + timeout
        while marker is not None and not any(marker in ln for ln in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def stop(self, sig: int, timeout: float = 60) -> int:
        """Send sig to the build's main process → its exit code; then reap its process group
        (kernels, pool workers) so nothing of this test outlives it."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # the whole group has already exited
            self._reader.join(timeout=10)
            self._err.close()
        return code


def test_interrupted_build_keeps_previous_outputs(built_repo, tmp_path):
    """Every signal in every stage, one after another on one copy; then one ordinary build."""
    root = tmp_path / "repo"
    shutil.copytree(built_repo, root, symlinks=True)
    before = _snapshot(root)
    assert any(r.endswith(".svg") for r in before) and "data/facts.csv" in before
    rng = random.Random(20250225)  # seeded: the same moments every run
    hit = []
    for signame, sig in SIGNALS.items():
        for stage, (marker, (lo, hi), args) in STAGES.items():
            where = f"{signame} in {stage}"
            if stage == "render":
                with (root / "report" / "styles.css").open("a", encoding="utf-8") as fh:
                    fh.write(f"/* {where} */\n")
            err = tmp_path / f"{signame}-{stage}.err"
            build = _Build(root, err, args)
            reached = build.wait_for(marker)
            time.sleep(rng.uniform(lo, hi))
            running = build.proc.poll() is None
            code = build.stop(sig)
            stderr = err.read_text()
            rendered = any(re.match(r"\[render\] Quarto [\d.]+: ", ln) for ln in build.lines)
            if running and reached:
                hit.append(where)
                assert code != 0, f"{where}: exit 0 after being interrupted"
            if sig == signal.SIGINT and running:
                assert code == 130 and "interrupted" in stderr, (where, code, stderr[-2000:])
                assert "Traceback" not in stderr, (where, stderr[-3000:])
            try:
                _assert_intact(root, before, rendered)
            except AssertionError as exc:
                raise AssertionError(f"{where}: {exc}") from exc
            if rendered:
                before = _snapshot(root)
    assert len(hit) >= 7, f"interrupted only {hit}"
    run_cli(root, "build")  # no manual clean-up
    _assert_intact(root, before, rendered=True)
    facts = (root / "data" / "facts.csv").read_bytes()
    assert facts == (built_repo / "data" / "facts.csv").read_bytes()
    assert not (root / "report" / "_output.old").exists()


def test_interrupted_command_ignores_late_signals(tmp_path, monkeypatch, capsys):
    """After the clean stop, a late Ctrl-C (during interpreter shutdown) cannot turn 130 into
    death by SIGINT: once seen in 1 of 40 interrupted renders."""
    from jjjhealth.build import build, cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "build", interrupted)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert cli.main(["--root", str(tmp_path), "build"]) == 130
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        for s, h in saved.items():
            signal.signal(s, h)
    assert "interrupted: previous outputs are intact" in capsys.readouterr().err
