"""Command line: a thin wrapper over jjjhealth.build (one code path for CLI, tests, notebooks)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, build, config, render
from .errors import JJJError
from .execute import parse_overrides


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jjjhealth", description=__doc__)
    p.add_argument("--version", action="version", version=__version__)
    p.add_argument("--root", type=Path, default=None,
                   help="repository root (default: this checkout)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="seeds/ → data/facts.csv")
    params = argparse.ArgumentParser(add_help=False)
    params.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("KEY", "VALUE"),
                        help="override a notebook parameter (KEY or NOTEBOOK.KEY)")
    run = sub.add_parser("run", parents=[params], help="execute the notebooks with papermill")
    run.add_argument("--only", action="append", help="run only this notebook (repeatable)")
    rend = sub.add_parser("render", help="render report/ to HTML and PDF")
    rend.add_argument("--renderer", choices=render.RENDERERS)
    b = sub.add_parser("build", parents=[params], help="extract + run + render")
    b.add_argument("--renderer", choices=render.RENDERERS)
    sub.add_parser("clean", help="remove build state and outputs")
    return p


def main(argv: list[str] | None = None) -> int:
    """argv → exit code (0 ok, 2 a clear error, 130 interrupted)."""
    args = _parser().parse_args(argv)
    root = (args.root or config.ROOT).resolve()
    os.environ["JJJ_ROOT"] = str(root)
    try:
        if args.command == "extract":
            build.run_extract(root)
        elif args.command == "run":
            build.run_notebooks(root, parse_overrides(args.parameter), only=args.only)
        elif args.command == "render":
            render.render(root, args.renderer)
        elif args.command == "build":
            build.build(root, parse_overrides(args.parameter), renderer=args.renderer)
        elif args.command == "clean":
            build.clean(root)
    except JJJError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: previous outputs are intact", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
