"""The limits every query runs under.

:func:`balkan_kg.query.execute.execute` takes a :class:`Limits` for each query: the row
cap is applied to every engine's answer there; the time limit bounds a remote store's
answer (connection and reading) and, for the embedded engines, is enforced by running
the query where it can be stopped (see :mod:`balkan_kg.query.engines`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ..errors import EngineError

DEFAULT_TIMEOUT: Final = 60.0
"""Seconds a query may run by default."""

DEFAULT_MAX_ROWS: Final = 1_000_000
"""Solutions (or triples) a result may have by default."""


@dataclass(frozen=True)
class Limits:
    """How long a query may run and how large its answer may be (``None``: no limit).

    :raises EngineError: for a time limit that is not positive or a negative row cap.
    """

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS

    def __post_init__(self) -> None:
        if self.timeout is not None and not self.timeout > 0:
            raise EngineError(f"the time limit must be positive, got {self.timeout!r}")
        if self.max_rows is not None and self.max_rows < 0:
            raise EngineError(f"the row cap must not be negative, got {self.max_rows!r}")


DEFAULT_LIMITS: Final = Limits()
