"""No network: the whole build runs with outside connections refused (loopback and Unix sockets
allowed: Jupyter kernels talk over 127.0.0.1), and tries none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_repo, run_cli

pytestmark = pytest.mark.slow

# Loaded by every Python process of the build (CLI, pool workers, kernels) via PYTHONPATH.
SITECUSTOMIZE = '''
import ipaddress, os, socket

_LOG = os.environ["JJJ_NET_LOG"]
_real_connect, _real_connect_ex = socket.socket.connect, socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _local(host):
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {what}\\n")
    raise OSError(f"network blocked by test: {what}")


def _check(sock, address):
    if sock.family == socket.AF_UNIX:
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _local(host):
        _refuse(f"connect {address!r}")


def connect(self, address):
    _check(self, address)
    return _real_connect(self, address)


def connect_ex(self, address):
    _check(self, address)
    return _real_connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if not _local(host.decode() if isinstance(host, bytes) else host):
        _refuse(f"resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.getaddrinfo = getaddrinfo
'''


def test_build_needs_no_network_and_tries_none(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "attempts.log"
    log.touch()
    root = copy_repo(tmp_path / "repo")
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH"))
                                         if p),
           "JJJ_NET_LOG": str(log), "no_proxy": "*", "NO_PROXY": "*"}
    proc = run_cli(root, "build", env=env, check=False)
    attempts = log.read_text(encoding="utf-8")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert attempts == "", f"outside connections attempted:\n{attempts}"
    assert (root / "report" / "_output" / "report.pdf").read_bytes().startswith(b"%PDF")


def test_the_hook_really_blocks(tmp_path):
    """The sitecustomize above is loaded and refuses an outside address (guards the test)."""
    import subprocess
    import sys

    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "attempts.log"
    code = ("import socket\n"
            "s = socket.socket()\n"
            "try:\n    s.connect(('192.0.2.1', 80))\nexcept OSError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(hook), "JJJ_NET_LOG": str(log)})
    assert "blocked by test" in out.stdout
    assert "192.0.2.1" in Path(log).read_text(encoding="utf-8")
