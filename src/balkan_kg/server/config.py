"""The server's settings, apart from the application so that reading them imports no
web framework (the command line reads the defaults for its help)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..query.limits import Limits

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run on the server unless configured otherwise."""
DEFAULT_MAX_ROWS = 100_000
"""Rows a query may answer on the server unless configured otherwise."""
DEFAULT_MAX_BODY = 1_000_000
"""Bytes a request body may have (a query sent by POST)."""
DEFAULT_WORKERS = 8
"""Query worker processes at most, each holding the graph."""


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs. ``cors_origins`` are the origins allowed to query from a
    browser page (``*``: any; no credentials are ever allowed)."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = DEFAULT_MAX_BODY
    max_workers: int = DEFAULT_WORKERS
    spare_workers: int = 1
    memory_limit: int | None = 2 * 2**30
    cors_origins: tuple[str, ...] = ("*",)
    build_dir: Path | None = None
    include_external: bool = True

    @property
    def limits(self) -> Limits:
        return Limits(timeout=self.timeout, max_rows=self.max_rows)
