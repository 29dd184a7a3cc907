"""Same bytes every time: a second build of a separate copy gives byte-identical data and figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPRODUCIBLE, copy_repo, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def second_build(tmp_path_factory) -> Path:
    """Another full build, of another copy, in another folder (absolute paths differ)."""
    root = copy_repo(tmp_path_factory.mktemp("again") / "repo2")
    run_cli(root, "build", env=REPRODUCIBLE)
    return root


def _files(root: Path, pattern: str) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.glob(pattern))}


@pytest.mark.parametrize("pattern", [
    "data/*.csv",
    "data/*.json",
    "report/_output/figures/*.csv",
    "report/_output/figures/*.svg",
    "build/figures/*.csv",
    "build/figures/*.svg",
    "report/_output/index.html",
    "report/_output/report.pdf",
    "report/_output/notebooks/*.html",
    "report/_output/data/*",
    "report/_output/build-info.json",
])
def test_two_builds_give_identical_bytes(built_repo, second_build, pattern):
    first, second = _files(built_repo, pattern), _files(second_build, pattern)
    if pattern.startswith(("data/*.csv", "report/_output/")):
        assert first, f"no {pattern} to compare"
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"differ between two builds: {differ}"
