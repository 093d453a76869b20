"""The benchmark's timing helper: what it counts as part of a measured step."""

from __future__ import annotations

import weakref

from bench.ops import _timed


class Result:
    """A stand-in for a step's result (a store, a graph, a closure)."""


def test_each_run_starts_with_the_previous_result_already_freed() -> None:
    made: list[weakref.ref[Result]] = []
    alive_at_start: list[int] = []

    def step() -> Result:
        alive_at_start.append(sum(ref() is not None for ref in made))
        result = Result()
        made.append(weakref.ref(result))
        return result

    seconds, last = _timed(step, 3)

    assert len(seconds) == 3 and all(s >= 0 for s in seconds)
    assert alive_at_start == [0, 0, 0]
    assert made[-1]() is last


def test_a_repeat_below_one_still_runs_the_step_once() -> None:
    calls: list[int] = []
    seconds, last = _timed(lambda: calls.append(1) or Result(), 0)
    assert calls == [1] and len(seconds) == 1 and isinstance(last, Result)


def test_the_calibration_workload_does_the_same_work_every_time() -> None:
    from bench.ops import calibration_workload

    assert calibration_workload(2_000) == calibration_workload(2_000)
    # The checksum sums every position of the sorted numbers: n(n-1)/2 for distinct ones.
    assert calibration_workload(2_000) == 2_000 * 1_999 // 2 % 1_000_003


def test_the_calibration_line_names_each_moment_measured() -> None:
    from bench.run import calibration_line

    line = calibration_line({"calibration": {"start": 0.71234, "end": 0.9}})

    assert "0.712 s at the start" in line and "0.9 s at the end" in line
    assert calibration_line({}) == ""
