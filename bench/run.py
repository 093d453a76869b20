"""The benchmark: cost of every operation, per graph size and per engine, side by side.

``python -m bench`` (or ``python -m bench.run``) generates graphs of the sizes asked for
(:mod:`bench.generate`, cached under ``bench/data/``), then runs each operation of
:mod:`bench.ops` in a fresh process per measurement, so that the peak memory (the
process's maximum resident set, from ``os.wait4``) belongs to that operation alone:

=================  ==============================  ==================================
operation          engines                         what is timed
=================  ==============================  ==================================
load               rdflib, oxigraph                parsing ontology + data
validate           pyshacl, fast (pyshacl-turbo)   SHACL validation of the data
closure            owlrl, fast                     OWL 2 RL closure of ontology + data
queries            rdflib, oxigraph                all canned queries together (the
                                                   slowest and the median are kept too)
cold               rdflib, oxigraph                a whole new process: imports, load,
                                                   one canned query, printing
=================  ==============================  ==================================

and, on the real graph of this repository: ``balkan-kg build`` from clean with the fast
and the reference engines, ``balkan-kg query members-since`` against
``python -c "import pyoxigraph"``, warm queries through the Python API, closure and
validation.

A fixed Python workload that uses no project code (``calibrate``, median of three) is
timed at the start and at the end of every run and saved with it, so that a run made
on a busier hour of this shared machine can be told from a slower version of the code.

Each figure is the median of ``--repeat`` runs (default 3; a run longer than
``--long`` seconds is not repeated). An operation is skipped at a size where the
previous size's time, scaled by (size ratio)^1.1 (^1.3 for rdflib, owlrl and pyshacl,
whose cost grows faster), predicts more than ``--budget`` seconds; the result then
reads ``skipped: > N s budget``. A process that runs past the budget anyway is stopped and
recorded the same way. The table is printed, the JSON written to
``bench/results/<name>.json`` and, if matplotlib is installed (``pip install
'.[bench]'``), a log-log plot of time and memory against size to ``<name>.png``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from balkan_kg.rdfio.atomic import write_bytes_atomic, write_text_atomic
from bench.generate import generate, write
from bench.goals import goals_table, judge
from bench.ops import write_merged

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "bench" / "data"
RESULTS_DIR = ROOT / "bench" / "results"
PYTHON = sys.executable

OPERATIONS: list[tuple[str, tuple[str, ...]]] = [
    ("load", ("rdflib", "oxigraph")),
    ("validate", ("pyshacl", "fast")),
    ("closure", ("owlrl", "fast")),
    ("queries", ("rdflib", "oxigraph")),
    ("cold", ("rdflib", "oxigraph")),
]
GROWTH = {"owlrl": 1.3, "pyshacl": 1.3, "rdflib": 1.3}
"""Exponent used to predict the next size's time of an engine (default 1.1)."""


def _bin(name: str) -> str:
    found = Path(PYTHON).with_name(name)
    return str(found) if found.exists() else shutil.which(name) or name


def measure(
    command: list[str], timeout: float, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[float, int, str, bool]:
    """Run ``command``; return (wall seconds, peak RSS in MiB, stdout, timed out).

    The parent blocks in ``os.wait4`` (no polling), so a process of a few tens of
    milliseconds is timed to well under a millisecond; a timer kills it at ``timeout``.
    ``env`` entries are added to this process's environment.
    """
    environment = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=environment)
        killer = threading.Timer(timeout, process.send_signal, (signal.SIGKILL,))
        killer.start()
        try:
            _, status, rusage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode == -signal.SIGKILL and wall >= timeout:
            return wall, rusage.ru_maxrss // 1024, "", True
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        out.seek(0)
        stdout = out.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return wall, rusage.ru_maxrss // 1024, stdout, False


def run_op(
    op: str, engine: str, args: list[str], repeat: int, budget: float, long: float
) -> dict[str, Any]:
    """Run ``op`` with ``engine`` up to ``repeat`` times; the median and the peak memory."""
    walls, seconds, rss, result = [], [], [], None
    for attempt in range(repeat):
        command = [PYTHON, "-m", "bench.ops", op, engine, *args]
        # The budget is for the measured step; loading the input comes on top of it.
        wall, peak, stdout, timed_out = measure(command, timeout=2 * budget)
        if timed_out:
            return {"skipped": f"> {budget:g} s budget (stopped)", "peak_mib": peak}
        outcome = json.loads(stdout.strip().splitlines()[-1])
        walls.append(wall)
        seconds.extend(outcome["seconds"] or [wall])
        rss.append(peak)
        result = outcome["result"]
        if attempt == 0 and (outcome["seconds"] or [wall])[0] > long:
            break
    return {
        "seconds": statistics.median(seconds),
        "wall": statistics.median(walls),
        "peak_mib": max(rss),
        "runs": len(walls),
        "result": result,
    }


def predicted(history: list[tuple[int, float]], size: int, engine: str) -> float:
    """The time predicted at ``size`` from the largest measured size before it."""
    if not history:
        return 0.0
    last_size, last_seconds = history[-1]
    return last_seconds * (size / last_size) ** GROWTH.get(engine, 1.1)


def _stale(derived: Path, source: Path) -> bool:
    """Whether ``derived`` is missing or older than the ``source`` it is made from."""
    return not derived.exists() or derived.stat().st_mtime < source.stat().st_mtime


def graph_files(size: int, seed: int, work: Path, budget: float) -> dict[str, Any]:
    """Generate (or reuse) the graph of ``size``, and the ``merged.nt`` and
    ``inferred.nt`` a build of it would write (in ``gen-<size>-seed<seed>.build/``).

    The query steps read the build's files, as ``balkan-kg query`` and
    :func:`balkan_kg.load` do, not the generator's file: a build writes its N-Triples
    sorted, so each subject's triples arrive together, and Oxigraph's in-memory store
    answers faster from a store loaded in that order.
    """
    data = DATA_DIR / f"gen-{size}-seed{seed}.nt"
    if not data.exists() or not data.with_name(data.name + ".json").exists():
        generated = generate(size, seed)
        write(generated, data, size, seed)
    meta = json.loads(data.with_name(data.name + ".json").read_text())
    build = DATA_DIR / f"gen-{size}-seed{seed}.build"
    merged, inferred = build / "merged.nt", build / "inferred.nt"
    if _stale(merged, data):
        write_merged(data, merged)
    if _stale(inferred, data):
        command = [PYTHON, "-m", "bench.ops", "closure", "fast", "--data", str(data)]
        measure([*command, "--write-inferred", str(inferred)], timeout=max(budget, 600))
    return {"data": data, "merged": merged, "inferred": inferred, "meta": meta}


def bench_size(
    size: int,
    seed: int,
    repeat: int,
    budget: float,
    long: float,
    history: dict,
    work: Path,
    only: set[str] | None = None,
) -> dict[str, Any]:
    """Every operation and engine at one size (those named in ``only``, if given)."""
    files = graph_files(size, seed, work, budget)
    base = ["--data", str(files["data"])]
    row: dict[str, Any] = {
        "size": size,
        "triples": files["meta"]["triples"],
        "violations_injected": len(files["meta"]["violations"]),
        "ops": {},
    }
    for op, engines in OPERATIONS:
        for engine in engines:
            key = f"{op}/{engine}"
            if only is not None and key not in only:
                continue
            guess = predicted(history.get(key, []), size, engine)
            if guess > budget:
                row["ops"][key] = {"skipped": f"> {budget:g} s budget (predicted {guess:.0f} s)"}
                print(f"  {size:>8} {key:18} skipped (predicted {guess:.0f} s)", flush=True)
                continue
            args = list(base)
            if op in ("queries", "cold"):
                args += ["--merged", str(files["merged"]), "--inferred", str(files["inferred"])]
            if op == "queries":
                progress = work / f"progress-{size}-{engine}.jsonl"
                progress.unlink(missing_ok=True)
                args += ["--progress", str(progress)]
            if op == "cold":
                outcome = _cold(engine, args, repeat, budget)
            else:
                outcome = run_op(op, engine, [*args, "--repeat", str(repeat)], 1, budget, long)
            if op == "queries" and "skipped" in outcome:
                outcome["partial"] = _partial(work / f"progress-{size}-{engine}.jsonl")
            row["ops"][key] = outcome
            if "seconds" in outcome:
                history.setdefault(key, []).append((size, outcome["seconds"]))
            print(f"  {size:>8} {key:18} {_cell(outcome)}", flush=True)
    return row


def _cold(engine: str, args: list[str], repeat: int, budget: float) -> dict[str, Any]:
    walls, peaks = [], []
    for _ in range(repeat):
        command = [PYTHON, "-m", "bench.ops", "cold", engine, *args]
        wall, peak, _, timed_out = measure(command, timeout=budget)
        if timed_out:
            return {"skipped": f"> {budget:g} s budget (stopped)"}
        walls.append(wall)
        peaks.append(peak)
        if wall > 60:
            break
    return {"seconds": statistics.median(walls), "peak_mib": max(peaks), "runs": len(walls)}


def _partial(progress: Path) -> dict[str, Any]:
    if not progress.exists():
        return {}
    lines = progress.read_text().splitlines()
    return {q["query"]: q["seconds"] for q in map(json.loads, lines)}


COLD_SPARQL = "SELECT ?state WHERE { ?state a bkg:NATOMemberState } ORDER BY ?state"
"""The ad-hoc query the cold `balkan-kg sparql` step runs."""


def bench_real(repeat: int, budget: float, long: float) -> dict[str, Any]:
    """The operations on the real graph of this repository."""
    real: dict[str, Any] = {}
    cli = _bin("balkan-kg")
    with tempfile.TemporaryDirectory() as out:
        for label, extra in (
            ("build/fast", []),
            ("build/reference", ["--reasoner", "owlrl", "--validator", "pyshacl"]),
        ):
            walls, peaks = [], []
            for _ in range(repeat):
                command = [cli, "build", "--force", "--out", out, *extra]
                wall, peak, _, _ = measure(command, timeout=max(budget, 120))
                walls.append(wall)
                peaks.append(peak)
            real[label] = {"seconds": statistics.median(walls), "peak_mib": max(peaks)}
            print(f"  real {label:24} {real[label]['seconds']:.2f} s", flush=True)
    make = shutil.which("make")
    if make is not None:  # `make demo` after installation: a build from clean, three queries
        walls = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as clean:
                env = {"BALKAN_KG_BUILD_DIR": clean}
                walls.append(measure([make, "--silent", "demo"], timeout=120, env=env)[0])
        real["demo"] = {"seconds": statistics.median(walls), "runs": len(walls)}
        print(f"  real {'make demo':24} {real['demo']['seconds']:.2f} s", flush=True)
    subprocess.run([cli, "build"], check=True, capture_output=True, cwd=ROOT)
    runs = max(repeat, 15)
    for label, command in (
        ("cold/import-pyoxigraph", [PYTHON, "-c", "import pyoxigraph"]),
        ("cold/balkan-kg-query", [cli, "query", "members-since"]),
        ("cold/balkan-kg-query-rdflib", [cli, "query", "members-since", "--engine", "rdflib"]),
        ("cold/balkan-kg-sparql", [cli, "sparql", COLD_SPARQL]),
    ):
        walls = [measure(command, timeout=120)[0] for _ in range(runs)]
        real[label] = {"seconds": statistics.median(walls), "runs": runs}
        print(f"  real {label:24} {real[label]['seconds'] * 1000:.0f} ms", flush=True)
    base = real["cold/import-pyoxigraph"]["seconds"]
    real["cold/ratio"] = real["cold/balkan-kg-query"]["seconds"] / base
    real["cold/sparql-ratio"] = real["cold/balkan-kg-sparql"]["seconds"] / base
    for engine in ("default", "rdflib"):
        outcome = run_op("api", engine, ["--repeat", "21"], 1, budget, long)
        real[f"api/{engine}"] = outcome
        median_ms = outcome.get("seconds", float("nan")) * 1000
        sparql_ms = outcome.get("result", {}).get("sparql_median", float("nan")) * 1000
        print(
            f"  real api/{engine:20} query median {median_ms:.2f} ms, sparql {sparql_ms:.2f} ms",
            flush=True,
        )
    return real


def fit_exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(seconds) against log(size), or None (< 2 points)."""
    points = [(s, t) for s, t in points if t > 0]
    if len(points) < 2:
        return None
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    denominator = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / denominator


def _cell(outcome: dict[str, Any]) -> str:
    if "skipped" in outcome:
        return "skipped"
    text = f"{outcome['seconds']:.3g} s"
    if "peak_mib" in outcome:
        text += f" {outcome['peak_mib']} MiB"
    return text


def calibrate(budget: float, long: float) -> float:
    """Seconds of :func:`bench.ops.calibration_workload` now (median of three runs)."""
    return run_op("calibrate", "python", ["--repeat", "3"], 1, budget, long)["seconds"]


def calibration_line(results: dict[str, Any]) -> str:
    """How fast the machine was at the start and end of the run, or "" if not recorded."""
    figures = results.get("calibration") or {}
    if not figures:
        return ""
    when = ", ".join(f"{seconds:.3g} s at the {moment}" for moment, seconds in figures.items())
    return f"machine calibration (the same fixed Python workload in every run): {when}"


def _report(results: dict[str, Any]) -> None:
    """Print the table, the machine calibration and the goals."""
    print(table(results))
    line = calibration_line(results)
    if line:
        print()
        print(line)
    print()
    print(goals_table(judge(results)))


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table: one row per size, one column per operation."""
    keys = [f"{op}/{engine}" for op, engines in OPERATIONS for engine in engines]
    lines = ["| triples | " + " | ".join(keys) + " |", "|---:|" + "---:|" * len(keys)]
    for row in results["sizes"]:
        cells = [_cell(row["ops"][k]) if k in row["ops"] else "" for k in keys]
        lines.append(f"| {row['triples']:,} | " + " | ".join(cells) + " |")
    exponents = results.get("growth_exponents", {})
    lines.append(
        "| growth exponent | "
        + " | ".join(f"{exponents[k]:.2f}" if exponents.get(k) is not None else "" for k in keys)
        + " |"
    )
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> bool:
    """Draw time and memory against size (log-log); False if matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, (left, right) = plt.subplots(1, 2, figsize=(14, 6))
    colours = plt.get_cmap("tab10").colors
    for index, (op, engines) in enumerate(OPERATIONS):
        for engine in engines:
            key = f"{op}/{engine}"
            points = [
                (row["triples"], row["ops"][key])
                for row in results["sizes"]
                if "seconds" in row["ops"].get(key, {})
            ]
            if not points:
                continue
            style = "--" if engine in ("rdflib", "owlrl", "pyshacl") else "-"
            marker = "s" if style == "--" else "o"
            options = {"color": colours[index], "marker": marker, "label": key}
            xs = [p[0] for p in points]
            left.plot(xs, [p[1]["seconds"] for p in points], style, **options)
            memory = [(x, p[1]["peak_mib"]) for x, p in zip(xs, points, strict=True)]
            right.plot(*zip(*memory, strict=True), style, **options)
    for axis, label in ((left, "seconds (median)"), (right, "peak RSS of the process (MiB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("triples in the generated data")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    left.set_title("time per operation (dashed: reference engine)")
    right.set_title("peak memory per operation")
    right.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    write_bytes_atomic(path, buffer.getvalue())
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line: run the benchmark and write its table, JSON and PNG."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5", help="comma-separated triple counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds per operation")
    parser.add_argument("--long", type=float, default=60.0, help="do not repeat past this")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-real", action="store_true", help="skip the real-graph section")
    parser.add_argument("--name", default="latest", help="results file name (no suffix)")
    parser.add_argument(
        "--replot", action="store_true", help="only redraw the table and plot of --name"
    )
    parser.add_argument("--only", help="comma-separated operations to run, e.g. validate/fast")
    parser.add_argument(
        "--server",
        action="store_true",
        help="only the server part (bench.server): balkan-kg serve next to Oxigraph's "
        "server; written to --name (default: server)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="put the figures measured into the existing results of --name (with a note)",
    )
    args = parser.parse_args(argv)
    if args.server:
        return _server_only(args)
    if args.replot:
        results = json.loads((RESULTS_DIR / f"{args.name}.json").read_text(encoding="utf-8"))
        _report(results)
        plot(results, RESULTS_DIR / f"{args.name}.png")
        return 0
    sizes = sorted(int(float(s)) for s in args.sizes.split(","))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "settings": {"repeat": args.repeat, "budget_seconds": args.budget, "seed": args.seed},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "sizes": [],
    }
    started = time.perf_counter()
    results["calibration"] = {"start": calibrate(args.budget, args.long)}
    print(calibration_line(results), flush=True)
    if not args.no_real:
        print("real graph", flush=True)
        results["real"] = bench_real(args.repeat, args.budget, args.long)
    history: dict[str, list[tuple[int, float]]] = {}
    with tempfile.TemporaryDirectory() as work:
        for size in sizes:
            print(f"size {size:,}", flush=True)
            only = set(args.only.split(",")) if args.only else None
            row = bench_size(
                size, args.seed, args.repeat, args.budget, args.long, history, Path(work), only
            )
            results["sizes"].append(row)
            if not args.merge:
                _save(results, history, started, args.name)
    results["calibration"]["end"] = calibrate(args.budget, args.long)
    if args.merge:
        results = _merge(results, args.name)
        _report(results)
        plot(results, RESULTS_DIR / f"{args.name}.png")
        return 0
    _save(results, history, started, args.name)
    print()
    _report(results)
    png = RESULTS_DIR / f"{args.name}.png"
    if plot(results, png):
        print(f"\nwrote {RESULTS_DIR / (args.name + '.json')} and {png}")
    else:
        print("\nmatplotlib is not installed (pip install '.[bench]'): no plot drawn")
    return 0


def _server_only(args: argparse.Namespace) -> int:
    """``--server``: the server part alone, written to ``--name`` (default ``server``);
    with ``--replot``, the saved run judged again."""
    from bench.goals import judge_server
    from bench.server import bench_server

    name = "server" if args.name == "latest" else args.name
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    if args.replot:  # judge a saved run again
        results = json.loads((RESULTS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        goals = judge_server(results)
        results["goals"] = [goal._asdict() for goal in goals]
        write_text_atomic(RESULTS_DIR / f"{name}.json", json.dumps(results, indent=2) + "\n")
        print(server_table(results))
        print()
        print(goals_table(goals))
        return 0
    results = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "calibration": {"start": calibrate(args.budget, args.long)},
    }
    print(calibration_line(results), flush=True)
    results["server"] = bench_server(repeat=max(args.repeat, 50))
    results["calibration"]["end"] = calibrate(args.budget, args.long)
    goals = judge_server(results)
    results["goals"] = [goal._asdict() for goal in goals]
    write_text_atomic(RESULTS_DIR / f"{name}.json", json.dumps(results, indent=2) + "\n")
    print(server_table(results))
    print()
    print(goals_table(goals))
    print(f"\nwrote {RESULTS_DIR / (name + '.json')}")
    return 0


def server_table(results: dict[str, Any]) -> str:
    """The latency of each query on both servers, as a Markdown table."""
    lines = [
        "| query | balkan-kg serve (ms) | oxigraph serve (ms) | ratio | rows |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, cell in results["server"]["latency"].items():
        same = "" if cell["same_rows"] else " (differ)"
        lines.append(
            f"| {name} | {cell['balkan_kg_ms']:.2f} | {cell['oxigraph_ms']:.2f} | "
            f"{cell['ratio']:.2f} | {cell['rows']}{same} |"
        )
    return "\n".join(lines)


def _merge(new: dict[str, Any], name: str) -> dict[str, Any]:
    """Put the cells of ``new`` into the saved results ``name``; note what was re-measured."""
    path = RESULTS_DIR / f"{name}.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    rows = {row["size"]: row for row in results["sizes"]}
    for row in new["sizes"]:
        target = rows.get(row["size"])
        if target is None:
            results["sizes"].append(row)
            continue
        for key, cell in row["ops"].items():
            target["ops"][key] = cell
            results.setdefault("notes", []).append(
                f"{key} at {row['size']:,} re-measured on {new['started']} (--merge; "
                + (calibration_line(new) or "no machine calibration")
                + ")"
            )
    if "real" in new:  # the real-graph section was measured again: it replaces the old one
        results["real"] = new["real"]
        results.setdefault("notes", []).append(
            f"real graph re-measured on {new['started']} (--merge; "
            + (calibration_line(new) or "no machine calibration")
            + ")"
        )
    results["sizes"].sort(key=lambda r: r["size"])
    history: dict[str, list[tuple[int, float]]] = {}
    for row in results["sizes"]:
        for key, cell in row["ops"].items():
            if "seconds" in cell:
                history.setdefault(key, []).append((row["size"], cell["seconds"]))
    results["growth_exponents"] = {
        key: fit_exponent([p for p in points if p[0] >= 10_000]) for key, points in history.items()
    }
    _write(path, results)
    return results


def _save(results: dict[str, Any], history: dict, started: float, name: str) -> None:
    results["growth_exponents"] = {
        key: fit_exponent([p for p in points if p[0] >= 10_000]) for key, points in history.items()
    }
    results["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    _write(RESULTS_DIR / f"{name}.json", results)


def _write(path: Path, results: dict[str, Any]) -> None:
    """Write the results and the goals judged on them, atomically."""
    results["goals"] = [goal._asdict() for goal in judge(results)]
    write_text_atomic(path, json.dumps(results, indent=2, default=str) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
