"""seeds → facts → executed notebooks → report: the whole build, each stage only when its inputs changed."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jjjhealth import config, paths, runrecord
from jjjhealth.build.state import BuildState, digest
from jjjhealth.paths import Paths

# Heavy modules (pandas, papermill, matplotlib) are imported inside the stages that run,
# so an up-to-date build answers in well under a second.


# What the extract stage writes into data/ (the released dataset).
EXTRACT_OUTPUTS = ("facts.csv", "sources.csv", "source_stats.csv", "clusters.csv",
                   "percentage_checks.csv", "milestones.csv", "datapackage.json")


def _code(root: Path) -> list[Path]:
    """→ what every stage depends on besides its own inputs: the package and the lock file."""
    return [paths.PACKAGE, Paths(root).requirements_lock]


def _say(stage: str, msg: str, t0: float) -> None:
    print(f"[{stage}] {msg} ({time.perf_counter() - t0:.1f} s)", flush=True)


def run_extract(root: Path = config.ROOT, st: BuildState | None = None,
                executor: str = "local", scheduler: str | None = None) -> bool:
    """Stage 1: seeds/ → data/facts.csv (+ sources.csv, source_stats.csv); True if facts changed."""
    t0 = time.perf_counter()
    st = st or BuildState(Paths(root).build)
    outputs = [Paths(root).data / n for n in EXTRACT_OUTPUTS]
    inputs = digest([Paths(root).seeds, *_code(root)], root)
    if st.up_to_date("extract", inputs, outputs, root):
        _say("extract", "up to date", t0)
        return False
    before = digest([Paths(root).facts_csv], root)
    from jjjhealth.extract.facts import extract

    df = extract(Paths(root).seeds, Paths(root).data, executor=executor, scheduler=scheduler)
    st.record("extract", inputs, outputs, root)
    changed = digest([Paths(root).facts_csv], root) != before
    _say("extract", f"{len(df)} facts from {df['source_id'].nunique()} sources"
         + ("" if changed else "; data/facts.csv unchanged"), t0)
    return changed


def _plan(root: Path) -> list[dict]:
    """notebooks/parameters.yml → [{name, depends_on, reads}] (papermill not imported)."""
    from jjjhealth.build.execute import load_plan

    return [{"name": s.name, "depends_on": list(s.depends_on), "reads": list(s.reads)}
            for s in load_plan(Paths(root).parameters_yml)]


def _waves(plan: list[dict]) -> list[list[str]]:
    """notebooks with depends_on → groups that can run at the same time, in order."""
    done: set[str] = set()
    names = [p["name"] for p in plan]
    deps = {p["name"]: set(p["depends_on"]) for p in plan}
    for n, d in deps.items():
        if d - set(names):
            from jjjhealth.errors import ParameterError

            raise ParameterError(f"parameters.yml: {n} depends on unknown {sorted(d - set(names))}")
    waves = []
    while len(done) < len(names):
        wave = [n for n in names if n not in done and deps[n] <= done]
        if not wave:
            from jjjhealth.errors import ParameterError

            raise ParameterError(f"parameters.yml: circular depends_on among {sorted(set(names) - done)}")
        waves.append(wave)
        done.update(wave)
    return waves


def _run_one(args: tuple) -> tuple[str, float]:
    """(spec, parameters, root) → run in a worker process; returns (name, seconds)."""
    from jjjhealth.build.execute import run_notebook

    spec, params, root = args
    t0 = time.perf_counter()
    run_notebook(spec, params, notebooks_dir=Paths(root).notebooks, out_dir=Paths(root).executed)
    return spec.name, time.perf_counter() - t0


def run_notebooks(root: Path = config.ROOT, overrides: dict | None = None,
                  only: list[str] | None = None, st: BuildState | None = None,
                  jobs: int | None = None) -> list[str]:
    """Stage 2: notebooks/ → build/notebooks/*.ipynb + build/figures/; returns those re-run."""
    t0 = time.perf_counter()
    st = st or BuildState(Paths(root).build)
    overrides = overrides or {}
    plan = _plan(root)
    _check_inputs(root, plan, only)
    executed = Paths(root).executed
    shared = [Paths(root).parameters_yml, *_code(root)]

    def key_inputs(name: str) -> str:
        entry = next(p for p in plan if p["name"] == name)
        recorded = _recorded(st, plan)
        reads = [Paths(root).data / f for f in entry["reads"]]
        return digest([Paths(root).notebooks / f"{name}.ipynb", *reads, *shared], root,
                      extra={"overrides": overrides,
                             "deps": [recorded[d] for d in entry["depends_on"]]})

    stale: list[str] = []
    for p in plan:
        name, out = p["name"], executed / f"{p['name']}.ipynb"
        if only and name not in only:
            continue
        if (set(p["depends_on"]) & set(stale)
                or not st.up_to_date(f"notebook:{name}", key_inputs(name), [out], root)):
            stale.append(name)
    if not stale and runrecord.is_current(root, overrides, {p["name"]: key_inputs(p["name"])
                                                            for p in plan}):
        _say("analyse", "up to date", t0)
        return []

    from jjjhealth.build.execute import injected_parameters, load_plan, resolve_parameters
    from jjjhealth.build.validate import check_paths, validate_parameters

    specs = {s.name: s for s in load_plan(Paths(root).parameters_yml)}
    params = resolve_parameters(list(specs.values()), overrides, Paths(root).notebooks)
    run_params = {n: {**injected_parameters(root), **params[n]} for n in specs}
    check_paths(run_params, root, Paths(root).notebooks)  # nothing written outside the project
    validate_parameters(params, Paths(root).facts_csv)  # before any notebook starts
    os.environ["JJJ_ROOT"] = str(root)
    jobs = jobs or os.cpu_count() or 1
    waves = _waves(plan)
    # The record says "running" until the run ends, so a killed run is never rendered.
    runrecord.write(root, {"status": "running", "overrides": overrides, "notebooks": {},
                           "figures": {}})
    try:
        for wave in waves:
            work = [(specs[n], run_params[n], root) for n in wave if n in stale]
            if len(work) > 1 and jobs > 1:
                with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
                    finished = list(pool.map(_run_one, work))
            else:
                finished = [_run_one(w) for w in work]
            for name, _ in finished:  # recorded after its wave, so dependents key on it
                st.record(f"notebook:{name}", key_inputs(name), [executed / f"{name}.ipynb"],
                          root)
    except BaseException as exc:
        runrecord.write(root, {"status": "failed", "overrides": overrides, "notebooks": {},
                               "figures": {}, "error": str(exc) or type(exc).__name__})
        raise
    _record_run(root, st, plan, key_inputs, params, run_params, overrides)
    _say("analyse", f"{len(stale)} of {len(plan)} notebooks run", t0)
    return stale


def _record_run(root: Path, st: BuildState, plan: list[dict], key_inputs, params: dict,
                run_params: dict, overrides: dict) -> None:
    """A finished run → build/run.json: per notebook its parameters, paths, input key, executed
    copy and whether it is up to date with these inputs; the figures; ok or partial."""
    from jjjhealth.build.execute import INJECTED

    entries = {}
    for p in plan:
        name, key = p["name"], key_inputs(p["name"])
        out = Paths(root).executed / f"{name}.ipynb"
        ok = st.up_to_date(f"notebook:{name}", key, [out], root)
        entries[name] = {
            "status": "ok" if ok else "not run", "key": key, "parameters": params[name],
            "executed": runrecord.sha256(out),
            "paths": runrecord.relative_paths({k: run_params[name][k] for k in INJECTED}, root,
                                              Paths(root).notebooks)}  # where the notebooks run
    status = "ok" if all(e["status"] == "ok" for e in entries.values()) else "partial"
    runrecord.write(root, {"status": status, "overrides": overrides, "notebooks": entries,
                           "figures": runrecord.file_hashes(Paths(root).figures, root)})
def _check_inputs(root: Path, plan: list[dict], only: list[str] | None) -> None:
    """Refuse a missing data/facts.csv, a `reads:` file not in data/ and an unknown --only."""
    from jjjhealth.errors import FactsError, ParameterError

    facts = Paths(root).facts_csv
    if not facts.is_file():
        raise FactsError(f"{facts}: missing; run `jjjhealth extract` first (or `jjjhealth build`)")
    have = sorted(p.name for p in Paths(root).data.iterdir() if p.is_file())
    for p in plan:
        wrong = [f for f in p["reads"] if f not in have]
        if wrong:
            raise ParameterError(f"parameters.yml: {p['name']} reads {wrong[0]!r}, which is not a "
                                 f"file in data/; files there: {have}")
    unknown = sorted(set(only or ()) - {p["name"] for p in plan})
    if unknown:
        raise ParameterError(f"--only {unknown[0]}: no such notebook; notebooks: "
                             f"{[p['name'] for p in plan]}")


def _recorded(st: BuildState, plan: list[dict]) -> dict:
    """→ {notebook: digest of its recorded executed copy} (what dependents key on)."""
    return {p["name"]: st.data.get(f"notebook:{p['name']}", {}).get("outputs") for p in plan}


def run_render(root: Path = config.ROOT, st: BuildState | None = None) -> Path:
    """Stage 3: report/ + data + the recorded run (build/run.json: its executed notebooks,
    figures and parameters) → report/_output/ (Quarto)."""
    from jjjhealth.build.execute import INJECTED, injected_parameters
    from jjjhealth.report.quarto import require_quarto
    from jjjhealth.report.render import render

    t0 = time.perf_counter()
    st = st or BuildState(Paths(root).build)
    _, version = require_quarto()  # first: without Quarto nothing else matters
    # The report shows the recorded run, with its parameters; a failed or partial run is refused.
    expected = runrecord.relative_paths({k: injected_parameters(root)[k] for k in INJECTED}, root)
    run = runrecord.checked(root, [p["name"] for p in _plan(root)], expected)
    out = Paths(root).report_output
    outputs = [out / "index.html", out / "report.pdf"]
    inputs = digest([Paths(root).report, Paths(root).data, Paths(root).executed,
                     Paths(root).figures, runrecord.path(root), *_code(root)], root,
                    extra={"quarto": version})
    if st.up_to_date("render", inputs, outputs, root):
        _say("render", f"up to date (Quarto {version})", t0)
        return out
    render(root, parameters=run["overrides"])
    st.record("render", inputs, outputs, root)
    return out


def build(root: Path = config.ROOT, overrides: dict | None = None, force: bool = False) -> Path:
    """All three stages, each skipped when its inputs are unchanged; returns report/_output."""
    from jjjhealth.report.quarto import require_quarto

    t0 = time.perf_counter()
    require_quarto()  # fail before any work when Quarto is missing: nothing is touched
    st = BuildState(Paths(root).build)
    if force:
        st.forget()
    run_extract(root, st)
    run_notebooks(root, overrides, st=st)
    out = run_render(root, st=st)
    _say("build", f"done → {out}", t0)
    return out


def recover(root: Path = config.ROOT) -> None:
    """Finish or undo a publish of data/ or report/_output/ that a killed command left halfway,
    and remove its staging folders and temporary files (every command does this first)."""
    from jjjhealth.atomic import recover_dir

    for target in (Paths(root).data, Paths(root).report_output):
        recover_dir(target)


def clean(root: Path = config.ROOT) -> None:
    """Remove build state and outputs (never data/ or seeds/); the caller holds build/.lock."""
    p = Paths(root)
    kept = {p.build / ".lock"}  # the lock this clean holds: a build started now must wait
    for path in (*sorted(p.build.glob("*")), *sorted(p.build.glob(".*")),
                 p.report_output, p.report_output_old, p.quarto_cache):
        if path in kept:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    print("[clean] removed build/ and report/_output/", flush=True)
