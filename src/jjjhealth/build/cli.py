"""Command line: a thin wrapper over jjjhealth.build.build (one code path for CLI, tests,
notebooks)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import warnings
from pathlib import Path

from jjjhealth import __version__, atomic, config
from jjjhealth.build import build
from jjjhealth.build.execute import parse_overrides
from jjjhealth.build.state import BuildState
from jjjhealth.errors import JJJError
from jjjhealth.paths import Paths


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jjjhealth", description=__doc__)
    p.add_argument("--version", action="version", version=__version__)
    p.add_argument("--root", type=Path, default=None,
                   help="repository root (default: this checkout)")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="seeds/ → data/facts.csv")
    ex.add_argument("--force", action="store_true", help="re-extract even if up to date")
    ex.add_argument("--executor", choices=("local", "dask"), default="local",
                    help="run extraction here or on Dask (optional extra)")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="join an existing Dask cluster instead of starting a LocalCluster")
    params = argparse.ArgumentParser(add_help=False)
    params.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("KEY", "VALUE"),
                        help="override a notebook parameter (KEY or NOTEBOOK.KEY)")
    run = sub.add_parser("run", parents=[params], help="execute the notebooks with papermill")
    run.add_argument("--only", action="append", help="run only this notebook (repeatable)")
    rend = sub.add_parser("render", help="render report/ to HTML and PDF with Quarto")
    b = sub.add_parser("build", parents=[params], help="extract + run + render, each only if needed")
    for sp in (b, run, rend):
        sp.add_argument("--force", action="store_true", help="rebuild even if up to date")
    sub.add_parser("clean", help="remove build state and outputs")
    add = sub.add_parser("add-source", help="copy an article into seeds/ with its sources.yml entry")
    add.add_argument("file", type=Path, help="the article as a text file (UTF-8, GB18030 or Big5)")
    add.add_argument("--url", help="where the article was published")
    add.add_argument("--published", metavar="YYYY-MM-DD",
                     help="publication date (required when the text states none)")
    add.add_argument("--outlet", metavar="NAME", help="publisher (default: 来源:/本文转自: line)")
    add.add_argument("--title", help="headline (default: the first line outside site furniture)")
    add.add_argument("--about-jjj", choices=("true", "false"),
                     help="about 京津冀 coordination (default: whether the text names 京津冀)")
    add.add_argument("--allow-duplicate-of", metavar="ID",
                     help="accept a near copy of seed ID, recorded as the same evidence group")
    return p


def _add_source(root: Path, args: argparse.Namespace) -> None:
    """add-source arguments → the seed added, and one line saying what was decided."""
    from jjjhealth.build.addsource import add_source

    about = None if args.about_jjj is None else args.about_jjj == "true"
    added = add_source(args.file, Paths(root).seeds, url=args.url, published=args.published,
                       outlet=args.outlet, title=args.title, about_jjj=about,
                       allow_duplicate_of=args.allow_duplicate_of)
    print(f"[add-source] {added.path} ({added.encoding}, {added.script}); published "
          f"{added.published} — {added.date_method}; entry appended to seeds/sources.yml",
          flush=True)


def _terminate(signum, frame):
    """SIGTERM → the same clean stop as Ctrl-C (staging folders removed, outputs intact)."""
    raise KeyboardInterrupt


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning → one line on stderr ("warning: …"), without Python's source-line echo."""
    print(f"warning: {message}", file=file or sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """argv → exit code (0 ok, 2 a clear error, 130 interrupted)."""
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    """argv → exit code, with warnings shown as one line each."""
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    root = (args.root or config.ROOT).resolve()
    os.environ["JJJ_ROOT"] = str(root)
    try:
        with atomic.build_lock(Paths(root).build):
            if args.command == "clean":
                build.clean(root)
                return 0
            build.recover(root)
            if args.command == "add-source":
                _add_source(root, args)
                return 0
            st = BuildState(Paths(root).build)
            if getattr(args, "force", False):
                st.forget()
            overrides = parse_overrides([tuple(p) for p in getattr(args, "parameter", [])])
            if args.command == "extract":
                build.run_extract(root, st, executor=args.executor, scheduler=args.scheduler)
            elif args.command == "run":
                build.run_notebooks(root, overrides, only=args.only, st=st)
            elif args.command == "render":
                build.run_render(root, st=st)
            elif args.command == "build":
                build.build(root, overrides, force=args.force)
    except JJJError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Clean-up is done: a second Ctrl-C (or one that arrives late, while the interpreter
        # shuts down and has restored the default handler) must not turn 130 into a kill.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("interrupted: previous outputs are intact", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
