"""The limits every query runs under (:mod:`balkan_kg.query.limits`).

The row cap is applied by :func:`~balkan_kg.query.execute.execute` (tested in
``test_execute.py``), the time limit by the remote engine (``test_remote.py``); here the
values themselves and the checks made when they are set.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from balkan_kg import Limits as PublicLimits
from balkan_kg.errors import EngineError
from balkan_kg.query.limits import DEFAULT_LIMITS, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Limits


def test_the_defaults_are_a_minute_and_a_million_rows() -> None:
    assert (DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS) == (60.0, 1_000_000)
    assert Limits() == DEFAULT_LIMITS == Limits(timeout=60.0, max_rows=1_000_000)
    assert PublicLimits is Limits  # offered as balkan_kg.Limits


@pytest.mark.parametrize(
    ("timeout", "max_rows"),
    [(None, None), (0.001, 0), (math.inf, 1), (3, 10**12)],
)
def test_limits_that_make_sense_are_kept_as_given(
    timeout: float | None, max_rows: int | None
) -> None:
    limits = Limits(timeout=timeout, max_rows=max_rows)
    assert (limits.timeout, limits.max_rows) == (timeout, max_rows)


@pytest.mark.parametrize("timeout", [0, 0.0, -1, -0.5, math.nan])
def test_a_time_limit_must_be_positive(timeout: float) -> None:
    with pytest.raises(EngineError, match=f"^the time limit must be positive, got {timeout!r}$"):
        Limits(timeout=timeout)


@pytest.mark.parametrize("max_rows", [-1, -1000])
def test_a_row_cap_must_not_be_negative(max_rows: int) -> None:
    with pytest.raises(EngineError, match=f"^the row cap must not be negative, got {max_rows}$"):
        Limits(max_rows=max_rows)


def test_limits_are_values_that_cannot_change() -> None:
    limits = Limits(timeout=5, max_rows=10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.timeout = 1  # type: ignore[misc]
    assert limits == Limits(timeout=5, max_rows=10) and hash(limits) == hash(Limits(5, 10))
    assert limits != Limits(timeout=5, max_rows=11)
    assert dataclasses.replace(limits, max_rows=None) == Limits(timeout=5, max_rows=None)
    with pytest.raises(EngineError):
        dataclasses.replace(limits, max_rows=-1)  # the checks apply to a copy too
