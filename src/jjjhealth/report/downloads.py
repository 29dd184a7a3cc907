"""data/ release → the dataset copied into the report's output, and the block that links it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from jjjhealth.errors import RenderError
from jjjhealth.present import markdown as md

DATA_DIR = "data"  # the dataset's folder inside report/_output
# Made by the report beside the released tables: the numbers the report leads with.
KEY_NUMBERS = ("key_numbers.csv", ("Key numbers of the report, each with its meaning, date, "
               "source and fact id (the table under Key findings)"))


def dataset_files(data_dir: Path) -> list[tuple[str, str]]:
    """data/ → [(file name, title)]: datapackage.json and every resource it lists."""
    descriptor = data_dir / "datapackage.json"
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        files = [(str(r["path"]), str(r.get("title", ""))) for r in package["resources"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RenderError(f"{descriptor}: cannot list the released files ({exc}); "
                          "run `jjjhealth extract`") from None
    if any("/" in n or n.startswith(".") for n, _ in files):
        raise RenderError(f"{descriptor}: resource paths must be plain file names in data/")
    return [("datapackage.json", ("Data package descriptor (Frictionless): schema of every "
             "table")), *files]


def copy_dataset(data_dir: Path, out: Path) -> list[tuple[str, str]]:
    """data/ + output folder → the released files copied to out/data/; returns (name, title)."""
    files = dataset_files(data_dir)
    (out / DATA_DIR).mkdir(parents=True, exist_ok=True)
    for name, _ in files:
        shutil.copy2(data_dir / name, out / DATA_DIR / name)
    return files


def downloads_block(files: list[tuple[str, str]], prefix: str = "") -> str:
    """[(file name, title)] + path to the output root → a Markdown list of dataset links."""
    return "".join(f"- {md.href(name, f'{prefix}{DATA_DIR}/{name}')}: {md.escape(title)}\n"
                   for name, title in files)
