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
