"""data/ release → the dataset copied into the report's output, and the block that links it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from jjjhealth.errors import DataPackageError, RenderError
from jjjhealth.present import markdown as md

if TYPE_CHECKING:  # pandas and the package builder load only when a report is rendered
    import pandas as pd

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


def _report_spec(name: str, released: dict) -> dict:
    """datapackage.yml report_resources.NAME + the released descriptor → a resource spec whose
    {from: RESOURCE} columns are filled in from that resource's schema."""
    from jjjhealth.extract import datapackage

    where = f"{datapackage.DATAPACKAGE_YML}: report_resources.{name}"
    spec = (datapackage.load_meta().get("report_resources") or {}).get(name)
    if not isinstance(spec, dict) or not spec.get("fields"):
        raise DataPackageError(f"{where}: missing; describe the table and its columns there")
    schemas = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]}
               for r in released["resources"]}
    fields = {}
    for col, field in spec["fields"].items():
        if "from" not in field:
            fields[col] = field
            continue
        base = schemas.get(field["from"], {}).get(col)
        if base is None:
            raise DataPackageError(f"{where}: {col}: no column {col} in {field['from']}")
        # a key number's fact or source may repeat in another row: uniqueness is not inherited
        constraints = {k: v for k, v in base.get("constraints", {}).items() if k != "unique"}
        fields[col] = {k: v for k, v in base.items() if k not in ("name", "constraints")}
        if constraints:
            fields[col]["constraints"] = constraints
    return {**spec, "fields": fields}


def write_key_numbers(out_data: Path, rows: pd.DataFrame, name: str = "key_numbers") -> None:
    """key-number rows + the copied data/ folder → NAME.csv beside the copy, and listed with its
    schema in the copy's datapackage.json (data/ itself is left as released)."""
    from jjjhealth.extract import datapackage

    path = out_data / f"{name}.csv"
    rows.to_csv(path, index=False, lineterminator="\n")
    descriptor_path = out_data / "datapackage.json"
    package = json.loads(descriptor_path.read_text(encoding="utf-8"))
    spec = _report_spec(name, package)
    if list(rows.columns) != list(spec["fields"]):
        raise DataPackageError(
            f"{datapackage.DATAPACKAGE_YML}: report_resources.{name}: fields "
            f"{list(spec['fields'])} differ from the columns {list(rows.columns)} of {name}.csv")
    resource = datapackage.resource(name, path.read_bytes(), {"resources": {name: spec}}, {})
    package["resources"] = [r for r in package["resources"] if r["name"] != name] + [resource]
    descriptor_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n",
                               encoding="utf-8")


def downloads_block(files: list[tuple[str, str]], prefix: str = "") -> str:
    """[(file name, title)] + path to the output root → a Markdown list of dataset links."""
    return "".join(f"- {md.href(name, f'{prefix}{DATA_DIR}/{name}')}: {md.escape(title)}\n"
                   for name, title in files)
