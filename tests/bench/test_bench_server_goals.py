"""The benchmark's verdict on the server goals (:func:`bench.goals.judge_server`), on
hand-written results at the thresholds: start ≤ 1 s, latency ≤ 2 × Oxigraph server's,
simple-query p95 ≤ 50 ms next to 4 runaways, runaways stopped within the limit + 1 s,
memory back to baseline (no process over 1.1 × the largest before, all within one
worker of before), p95 < 500 ms next to 8 pathological queries."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from bench.goals import goals_table, judge_server


def cell(ours: float, theirs: float) -> dict[str, Any]:
    return {
        "balkan_kg_ms": ours,
        "oxigraph_ms": theirs,
        "ratio": round(ours / theirs, 2),
        "rows": 1,
        "same_rows": True,
    }


def load(p95: float, seconds: float = 11.0, after: float = 140.0) -> dict[str, Any]:
    return {
        "queries": [{"seconds": seconds, "status": 503}, {"seconds": 9.0, "status": 503}],
        "simple_p95_ms": p95,
        "health_p95_ms": p95 / 2,
        "asked": 100,
        "failures": 0,
        "rss_mib": {
            "before": 100.0,
            "peak": 900.0,
            "after": after,
            "processes_before": 4,
            "processes_after": 5,
            "largest_process_before": 40.0,
            "largest_process_after": 44.0,
        },
    }


def run() -> dict[str, Any]:
    """A run in which every server goal is just met."""
    return {
        "server": {
            "start_to_first_answer_s": 1.0,
            "latency": {
                "simple": cell(0.4, 0.2),
                "members-since": cell(1.0, 0.5),
                "groups": cell(0.9, 0.6),
            },
            "runaways": load(50.0),
            "pathological": load(499.0),
            "settings": {"time_limit_s": 10.0},
        }
    }


def verdicts(results: dict[str, Any]) -> list[bool | None]:
    return [goal.met for goal in judge_server(results)]


def test_every_server_goal_is_met_at_its_threshold() -> None:
    assert verdicts(run()) == [True] * 7


@pytest.mark.parametrize(
    ("path", "value", "index"),
    [
        (("start_to_first_answer_s",), 1.01, 0),
        (("latency", "simple"), cell(0.41, 0.2), 1),
        (("latency", "groups"), cell(1.3, 0.6), 2),
        (("runaways", "simple_p95_ms"), 50.1, 3),
        (("runaways", "failures"), 1, 3),
        (("runaways", "queries"), [{"seconds": 11.2, "status": 503}], 4),
        (("runaways", "queries"), [{"seconds": 3.0, "status": 200}], 4),
        (("runaways", "rss_mib", "after"), 140.1, 5),
        (("runaways", "rss_mib", "largest_process_after"), 44.1, 5),
        (("pathological", "health_p95_ms"), 500.0, 6),
    ],
)
def test_a_figure_over_its_threshold_fails_only_its_goal(
    path: tuple[str, ...], value: object, index: int
) -> None:
    results = copy.deepcopy(run())
    target = results["server"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    found = verdicts(results)
    assert found[index] is False
    assert [met for i, met in enumerate(found) if i != index] == [True] * 6


def test_a_run_without_the_server_part_leaves_every_goal_unjudged() -> None:
    goals = judge_server({"real": {}})
    assert [goal.met for goal in goals] == [None] * 7
    assert "not measured" in goals_table(goals)


def test_the_worst_canned_query_is_named() -> None:
    results = run()
    results["server"]["latency"]["groups"] = cell(3.0, 0.6)
    goal = judge_server(results)[2]
    assert "worst groups" in goal.measured and "1 of 2 within" in goal.measured
