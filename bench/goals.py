"""The performance goals of the project, judged on one benchmark run's results.

:func:`judge` reads the results that :mod:`bench.run` writes and says, for each goal,
what was measured and whether it is met: ``True``, ``False``, or ``None`` when the run
did not measure it (e.g. no 10^6 size). :func:`goals_table` renders that as Markdown;
``python -m bench --replot --name NAME`` prints it again from a saved run.
"""

from __future__ import annotations

from typing import Any, NamedTuple

GB = 1e9 / 2**20
"""MiB in a (decimal) gigabyte, the unit of the goals."""
BIG = 1_000_000
"""The size the 10^6 goals are about (the largest generated size at or above it)."""
EXPONENT = 1.1


class Goal(NamedTuple):
    """One goal: its wording, what was measured, and whether it is met (None: not run)."""

    goal: str
    measured: str
    met: bool | None


def _seconds(cell: dict[str, Any] | None) -> float | None:
    return None if not cell or "seconds" not in cell else float(cell["seconds"])


def _row(results: dict[str, Any], size: int) -> dict[str, Any] | None:
    """The ops of the first size ≥ ``size`` (None if the run stopped below it)."""
    rows = [r for r in results.get("sizes", []) if r["size"] >= size]
    return min(rows, key=lambda r: r["size"])["ops"] if rows else None


def _limit(
    label: str, cell: dict[str, Any] | None, seconds: float, mib: float | None = None
) -> Goal:
    """A time (and memory) limit on one measured cell."""
    value = _seconds(cell)
    if value is None:
        reason = cell.get("skipped", "not measured") if cell else "not measured"
        return Goal(label, reason, None if not cell else False)
    assert cell is not None
    text = f"{value:.3g} s"
    met = value <= seconds
    if mib is not None:
        peak = cell.get("peak_mib")
        text += f", {peak} MiB" if peak is not None else ", memory not measured"
        met = met and peak is not None and peak <= mib
    return Goal(label, text, met)


def _same(label: str, ops: dict[str, Any] | None, reference: str, fast: str, keys: tuple) -> Goal:
    """The fast engine's result fields ``keys`` equal the reference engine's."""
    if ops is None or reference not in ops or fast not in ops:
        return Goal(label, "not measured", None)
    want, got = ops[reference].get("result"), ops[fast].get("result")
    if want is None or got is None:
        return Goal(label, "reference not measured", None)
    differing = [k for k in keys if want.get(k) != got.get(k)]
    shown = ", ".join(f"{k} {got.get(k)!r}" for k in keys if not isinstance(got.get(k), list))
    if differing:
        return Goal(label, f"differ in {', '.join(differing)}", False)
    return Goal(label, f"equal ({shown})", True)


def judge(results: dict[str, Any]) -> list[Goal]:
    """Every goal of the performance issue, judged on ``results``."""
    real = results.get("real", {})
    big = _row(results, BIG)
    small = _row(results, 10_000)
    goals = [
        _limit("real graph: `balkan-kg build` from clean ≤ 3 s", real.get("build/fast"), 3),
        _limit("`make demo` after installation ≤ 5 s", real.get("demo"), 5),
    ]
    for key, label in (
        ("cold/ratio", "cold `balkan-kg query` ≤ 4 × `import pyoxigraph`"),
        ("cold/sparql-ratio", "cold `balkan-kg sparql` ≤ 4 × `import pyoxigraph`"),
    ):
        ratio = real.get(key)
        command = "cold/balkan-kg-query" if key == "cold/ratio" else "cold/balkan-kg-sparql"
        if ratio is None or command not in real:
            goals.append(Goal(label, "not run", None))
            continue
        cold = real[command]["seconds"] * 1000
        base = real["cold/import-pyoxigraph"]["seconds"] * 1000
        goals.append(Goal(label, f"{cold:.0f} ms / {base:.0f} ms = {ratio:.2f} ×", ratio <= 4))
    api = real.get("api/default")
    median = _seconds(api)
    sparql = (api or {}).get("result", {}).get("sparql_median")
    goals += [
        Goal(
            "warm `kg.query()` (`load()`), median over the canned queries ≤ 1 ms",
            "not run" if median is None else f"{median * 1000:.2f} ms",
            None if median is None else median <= 0.001,
        ),
        Goal(
            "warm `kg.sparql()` (`load()`), median ≤ 1 ms",
            "not run" if sparql is None else f"{sparql * 1000:.2f} ms",
            None if sparql is None else sparql <= 0.001,
        ),
    ]

    def get(key: str) -> dict[str, Any] | None:
        return (big or {}).get(key)

    goals += [
        _limit("10^6: load ≤ 20 s and ≤ 1.5 GB (oxigraph)", get("load/oxigraph"), 20, 1.5 * GB),
        _limit("10^6: all canned queries together ≤ 1 s (oxigraph)", get("queries/oxigraph"), 1),
        _limit(
            "10^6: OWL 2 RL closure ≤ 120 s and ≤ 4 GB (fast)", get("closure/fast"), 120, 4 * GB
        ),
        _limit("10^6: SHACL validation ≤ 60 s (fast)", get("validate/fast"), 60),
        _same(
            "10^4: fast closure = owlrl's",
            small,
            "closure/owlrl",
            "closure/fast",
            ("inferred", "inconsistencies"),
        ),
        _same(
            "10^4: fast SHACL = pyshacl's",
            small,
            "validate/pyshacl",
            "validate/fast",
            ("violations", "results", "focus_paths"),
        ),
    ]
    exponents = results.get("growth_exponents", {})
    for key in ("load/oxigraph", "queries/oxigraph", "closure/fast", "validate/fast"):
        value = exponents.get(key)
        goals.append(
            Goal(
                f"growth 10^4 → 10^6 of {key}: exponent ≤ {EXPONENT}",
                "not measured" if value is None else f"{value:.2f}",
                None if value is None or big is None else value <= EXPONENT,
            )
        )
    return goals


def goals_table(goals: list[Goal]) -> str:
    """The goals as a Markdown table."""
    verdict = {True: "yes", False: "**no**", None: "not measured"}
    lines = ["| goal | measured | met |", "|---|---|---|"]
    lines += [f"| {g.goal} | {g.measured} | {verdict[g.met]} |" for g in goals]
    return "\n".join(lines)


MEMORY_TOLERANCE = 1.10
"""After runaway queries, no process of the server may hold more than this much of what
the largest held before (a killed worker's memory is freed; its replacement is a new
process), and all of them together no more than before plus one worker: the pool may
keep one idle worker more or fewer than before, depending on when its spare started."""


def judge_server(results: dict[str, Any]) -> list[Goal]:
    """The server goals of the publishing issue (and the endpoint goal of the hostile-input
    issue), judged on the ``server`` part of a run (:mod:`bench.server`)."""
    server = results.get("server")
    labels = [
        "server: start to first answer ≤ 1 s (current build)",
        "server: median loopback latency, simple query ≤ 2 × Oxigraph server's",
        "server: median loopback latency, each canned query ≤ 2 × Oxigraph server's",
        "server: simple query p95 ≤ 50 ms while 4 runaway queries run",
        "server: each runaway stopped within its limit + 1 s (503, never a cut-off 200)",
        "server: memory back to baseline after the runaways",
        "server: /health and simple query p95 < 500 ms while 8 pathological queries run",
    ]
    if not server:
        return [Goal(label, "not measured", None) for label in labels]
    goals = []
    start = server.get("start_to_first_answer_s")
    goals.append(
        Goal(labels[0], "not measured", None)
        if start is None
        else Goal(labels[0], f"{start:.2f} s", start <= 1.0)
    )
    latency = server.get("latency", {})
    simple = latency.get("simple")
    goals.append(
        Goal(labels[1], "not measured", None)
        if simple is None
        else Goal(
            labels[1],
            f"{simple['balkan_kg_ms']:.2f} ms / {simple['oxigraph_ms']:.2f} ms = "
            f"{simple['ratio']:.2f} ×",
            simple["ratio"] <= 2,
        )
    )
    canned = {name: cell for name, cell in latency.items() if name != "simple"}
    if canned:
        worst_name = max(canned, key=lambda name: canned[name]["ratio"])
        worst = canned[worst_name]
        within = sum(1 for cell in canned.values() if cell["ratio"] <= 2)
        goals.append(
            Goal(
                labels[2],
                f"{within} of {len(canned)} within; worst {worst_name}: {worst['balkan_kg_ms']:.2f}"
                f" ms / {worst['oxigraph_ms']:.2f} ms = {worst['ratio']:.2f} ×",
                within == len(canned),
            )
        )
    else:
        goals.append(Goal(labels[2], "not measured", None))
    runaways = server.get("runaways")
    if runaways is None:
        goals += [Goal(label, "not measured", None) for label in labels[3:6]]
    else:
        p95 = runaways["simple_p95_ms"]
        goals.append(
            Goal(
                labels[3],
                f"{p95:.1f} ms over {runaways['asked']} queries, {runaways['failures']} failed",
                p95 <= 50 and runaways["failures"] == 0,
            )
        )
        limit = server.get("settings", {}).get("time_limit_s", 10.0)
        worst = max(q["seconds"] for q in runaways["queries"])
        statuses = sorted({q["status"] for q in runaways["queries"]})
        goals.append(
            Goal(
                labels[4],
                f"slowest stopped after {worst:.2f} s (limit {limit:g} s); statuses {statuses}",
                worst <= limit + 1 and statuses == [503],
            )
        )
        rss = runaways["rss_mib"]
        largest_before = rss.get("largest_process_before", 0.0)
        largest_after = rss.get("largest_process_after", 0.0)
        goals.append(
            Goal(
                labels[5],
                f"{rss['before']:.0f} MiB before ({rss.get('processes_before', '?')} processes), "
                f"{rss['peak']:.0f} at the peak, {rss['after']:.0f} after "
                f"({rss.get('processes_after', '?')}); largest process {largest_before:.0f} "
                f"→ {largest_after:.0f} MiB",
                largest_after <= largest_before * MEMORY_TOLERANCE
                and rss["after"] <= rss["before"] + largest_before,
            )
        )
    pathological = server.get("pathological")
    if pathological is None:
        goals.append(Goal(labels[6], "not measured", None))
    else:
        worst_p95 = max(pathological["simple_p95_ms"], pathological["health_p95_ms"])
        goals.append(
            Goal(
                labels[6],
                f"simple {pathological['simple_p95_ms']:.1f} ms, /health "
                f"{pathological['health_p95_ms']:.1f} ms, {pathological['failures']} failed",
                worst_p95 < 500 and pathological["failures"] == 0,
            )
        )
    return goals
