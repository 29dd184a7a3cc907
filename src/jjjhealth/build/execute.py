"""notebooks/ + notebooks/parameters.yml → executed copies in build/notebooks/ (papermill)."""

from __future__ import annotations

import math
import os
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from traitlets import default

from jjjhealth import config, yamlio
from jjjhealth.errors import JJJError, NotebookError, ParameterError
from jjjhealth.paths import Paths

# The data files a notebook is re-run for when they change, unless parameters.yml lists its
# own `reads:` — so a seed edit that leaves the facts byte-identical re-runs no notebook
# (source_stats.csv and datapackage.json change with every byte of a seed).
DEFAULT_READS = ("facts.csv", "sources.csv", "clusters.csv", "percentage_checks.csv",
                 "milestones.csv", "boundaries.geojson")

# Parameters every notebook receives from the build, so a temporary copy of the repo
# reads its own data and writes its own figures.
INJECTED = ("facts_path", "figures_dir", "data_dir")


@dataclass(frozen=True)
class NotebookSpec:
    """One notebook of the build: its name, parameters and the notebooks it reads from."""

    name: str
    parameters: dict = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()

    def path(self, notebooks_dir: Path) -> Path:
        return notebooks_dir / f"{self.name}.ipynb"


def load_plan(path: Path = config.PATHS.parameters_yml) -> list[NotebookSpec]:
    """parameters.yml → notebook specs in their declared order."""
    doc = yamlio.load(path, ParameterError)
    specs = []
    entries = (doc or {}).get("notebooks", []) if isinstance(doc, dict) else []
    lines = yamlio.item_lines(path.read_text(encoding="utf-8"), "notebooks")
    for n, entry in enumerate(entries, 1):
        where = f"{path}:{lines[n - 1]}" if len(lines) >= n else str(path)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ParameterError(f"{where}: notebook entry {n} needs a 'name:'")
        name, params = entry["name"], entry.get("parameters") or {}
        if not isinstance(params, dict):
            raise ParameterError(f"{where}: {name}: parameters must be a mapping of name: value")
        for key, value in params.items():
            _check_finite(f"{where}: {name}: {key}", value)
        specs.append(NotebookSpec(
            name=name, parameters=dict(params),
            depends_on=_names(where, name, "depends_on", entry.get("depends_on"), ()),
            reads=_names(where, name, "reads", entry.get("reads"), DEFAULT_READS),
        ))
    if not specs:
        raise ParameterError(f"{path}: lists no notebooks under 'notebooks:'")
    return specs


def _names(where: str, name: str, key: str, value, default: tuple) -> tuple[str, ...]:
    """a depends_on/reads value → tuple of names; a string or a non-list is a ParameterError."""
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ParameterError(f"{where}: {name}: {key} must be a list of names like [a, b], "
                             f"not {value!r}")
    return tuple(value) or default


def _check_finite(where: str, value: object) -> None:
    """Refuse NaN and infinities: every comparison with them is False, so no check would fire."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"{where}={value!r}: not a finite number; give a number")


def parse_overrides(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """[('place', '廊坊'), ('start_year', '2013')] → {'place': '廊坊', 'start_year': 2013}."""
    out: dict[str, object] = {}
    for key, raw in pairs:
        try:
            out[key] = yamlio.loads(raw, f"-p {key}", ParameterError) if raw != "" else ""
        except JJJError:
            out[key] = raw
        _check_finite(f"-p {key}", out[key])
    return out


def resolve_parameters(specs: list[NotebookSpec], overrides: dict[str, object],
                       notebooks_dir: Path) -> dict[str, dict]:
    """specs + overrides ('key' for every notebook that has it, 'nb.key' for one) → parameters.

    Unknown keys and values of the wrong type raise ParameterError before anything runs.
    """
    import papermill as pm

    declared = {s.name: pm.inspect_notebook(str(s.path(notebooks_dir))) for s in specs}
    resolved = {s.name: dict(s.parameters) for s in specs}
    for name, params in resolved.items():
        for key in params:
            if key not in declared[name]:
                raise ParameterError(
                    f"{config.PATHS.parameters_yml.name}: {name} has no parameter {key!r}; "
                    f"it declares {sorted(set(declared[name]) - set(INJECTED))}")
    for key, value in overrides.items():
        target, _, param = key.rpartition(".")
        names = [target] if target else [n for n in declared if param in declared[n]]
        if target and target not in declared:
            raise ParameterError(f"-p {key}: no notebook {target!r}; notebooks: {sorted(declared)}")
        if not names or any(param not in declared[n] for n in names):
            valid = sorted({p for d in declared.values() for p in d} - set(INJECTED))
            raise ParameterError(f"-p {key}: unknown parameter; valid parameters: {valid}")
        for n in names:
            default = resolved[n].get(param, _literal_default(declared[n][param]))
            _check_type(key, value, default)
            resolved[n][param] = value
    return resolved


def _literal_default(info: dict) -> object:
    """papermill's inspected default (source text) → its Python value where it is a literal."""
    try:
        return yamlio.loads(info.get("default", ""))
    except JJJError:
        return None


def _check_type(key: str, value: object, default: object) -> None:
    """Refuse an override whose type differs from the default's (int for a year, str for a place)."""
    if default is None or value is None:
        return
    kinds = (bool, int, float, str, list, dict)
    want = next((k for k in kinds if isinstance(default, k)), None)
    if want is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if want and not isinstance(value, want):
        raise ParameterError(
            f"-p {key}={value!r}: expected {want.__name__} like the default {default!r}")


@lru_cache(maxsize=1)
def _kernel_manager_class():
    """The kernel manager papermill starts kernels with: Unix sockets where the OS has them.

    Over TCP, ipykernel ≥ 7.4 warns on every start that traffic is unencrypted; a local build
    needs no TCP port at all (and opens none, which the no-network test also likes)."""
    from jupyter_client.manager import AsyncKernelManager
    if os.name != "posix":
        return AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self):
            return "ipc"

        # jupyter_client's default socket path is `kernel-ipc` in the working directory, the
        # same for kernels started side by side; each gets its own under the temp dir.
        @default("ip")
        def _ip_default(self):
            return os.path.join(tempfile.gettempdir(), f"jjjhealth-{uuid.uuid4().hex}-ipc")

    return IPCKernelManager


def run_notebook(spec: NotebookSpec, parameters: dict, *, notebooks_dir: Path,
                 out_dir: Path, kernel: str = "python3") -> Path:
    """one notebook → its executed copy; failures raise NotebookError naming cell and error."""
    import papermill as pm

    src = spec.path(notebooks_dir)
    out = out_dir / f"{spec.name}.ipynb"
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(
            str(src), str(out), parameters=parameters, kernel_name=kernel,
            cwd=str(notebooks_dir), progress_bar=False, log_output=False,
            kernel_manager_class=_kernel_manager_class(),
        )
    except pm.PapermillExecutionError as exc:
        raise NotebookError(
            f"notebook {src.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}\n"
            f"  executed copy kept for inspection: {out}") from None
    print(f"[analyse] {spec.name}: {time.perf_counter() - t0:.1f} s", flush=True)
    return out


def injected_parameters(root: Path) -> dict:
    """repository root → the paths every notebook receives."""
    return {
        "facts_path": str(Paths(root).facts_csv),
        "figures_dir": str(Paths(root).figures),
        "data_dir": str(Paths(root).data),
    }
