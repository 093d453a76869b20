"""The server's settings, apart from the application so that reading them imports no
web framework (the command line reads the defaults for its help).

The limits, and why these defaults:

=====================  ==========  ====================================================
setting                default     what it bounds
=====================  ==========  ====================================================
``timeout``            10 s        one query's evaluation; its worker is killed after
                                   it and the client gets 503
``max_rows``           100,000     solutions (or triples) of one answer; more gets 503
                                   and nothing of the answer
``max_answer_bytes``   50 MB       the written answer; more gets 503 (checked on the
                                   answer's terms before it is written, then on the text)
``max_body``           1 MB        a request body (a query sent by POST); more gets 413
``max_workers``        16          queries evaluated at once over both graphs, each in
                                   a worker process of its own; a query that finds all
                                   busy waits up to ``timeout`` for one, then gets 503
``memory_limit``       1 GiB       the address space of each worker; a query that
                                   needs more gets 503 and its worker is replaced
``demote_after``       0.25 s      a query still running after this has its worker's
                                   CPU priority lowered, so quick queries keep their
                                   speed next to runaways (the worker is replaced after)
=====================  ==========  ====================================================

Sixteen workers let a handful of runaway queries run to their limit while others are
still answered at once (eight runaways leave eight workers free); at most
``max_workers × memory_limit`` (16 GiB) can be held by queries at one time, so a
smaller machine should lower one of the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BalkanKGError
from ..query.limits import Limits

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run on the server unless configured otherwise."""
DEFAULT_MAX_ROWS = 100_000
"""Rows a query may answer on the server unless configured otherwise."""
DEFAULT_MAX_ANSWER = 50_000_000
"""Bytes a written answer may have."""
DEFAULT_MAX_BODY = 1_000_000
"""Bytes a request body may have (a query sent by POST)."""
DEFAULT_WORKERS = 16
"""Queries evaluated at once at most (over both graphs), each in its own process."""
DEFAULT_MEMORY_LIMIT = 2**30
"""Bytes of address space each query worker may use."""
DEFAULT_DEMOTE_AFTER = 0.25
"""Seconds after which a running query's worker gets a lower CPU priority."""
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

_ORIGIN = re.compile(
    r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$"
)


class ConfigError(BalkanKGError):
    """A server setting is out of range or malformed (exit code 2)."""


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs (see the module docstring for the limits).

    ``cors_origins`` are the origins whose pages may query from a browser (``*``: any;
    empty: CORS off; credentials are never allowed). ``trust_forwarded`` makes the
    URLs the server writes (the endpoint in the service description and VoID) follow
    the ``X-Forwarded-Proto`` and ``X-Forwarded-Host`` headers, which only a reverse
    proxy in front of the server may be trusted to set; otherwise they follow the
    request's own ``Host``.

    :raises ConfigError: for a limit that is not positive, fewer than one worker, or
        a malformed origin.
    """

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = DEFAULT_MAX_BODY
    max_answer_bytes: int | None = DEFAULT_MAX_ANSWER
    max_workers: int = DEFAULT_WORKERS
    spare_workers: int = 1
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
    cors_origins: tuple[str, ...] = ("*",)
    build_dir: Path | None = None
    include_external: bool = True
    trust_forwarded: bool = False
    queue_timeout: float | None = field(default=None)
    demote_after: float | None = DEFAULT_DEMOTE_AFTER

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ConfigError(f"the time limit must be positive, got {self.timeout!r}")
        if self.max_rows < 0:
            raise ConfigError(f"the row cap must not be negative, got {self.max_rows!r}")
        if self.max_body < 1:
            raise ConfigError(f"the body limit must be positive, got {self.max_body!r}")
        if self.max_answer_bytes is not None and self.max_answer_bytes < 1:
            raise ConfigError(f"the answer cap must be positive, got {self.max_answer_bytes!r}")
        if self.max_workers < 1:
            raise ConfigError(f"at least one query worker is needed, got {self.max_workers!r}")
        if self.spare_workers < 0:
            raise ConfigError(f"spare workers must not be negative, got {self.spare_workers!r}")
        if self.memory_limit is not None and self.memory_limit < 64 * 2**20:
            raise ConfigError(
                f"a worker needs at least 64 MiB of memory, got {self.memory_limit!r} bytes"
            )
        if self.demote_after is not None and not self.demote_after > 0:
            raise ConfigError(f"demote_after must be positive, got {self.demote_after!r}")
        if self.queue_timeout is not None and self.queue_timeout < 0:
            raise ConfigError(f"the queue time must not be negative, got {self.queue_timeout!r}")
        for origin in self.cors_origins:
            if origin != "*" and not _ORIGIN.match(origin):
                raise ConfigError(
                    f"CORS origin {origin!r} is not '*' or scheme://host[:port] "
                    "(e.g. https://example.org)"
                )

    @property
    def limits(self) -> Limits:
        """The limits every query of the server runs under."""
        return Limits(timeout=self.timeout, max_rows=self.max_rows)

    @property
    def wait_for_worker(self) -> float:
        """Seconds a query may wait for a free worker before it is answered 503.

        The time limit unless set: by then every query that held a worker has been
        answered or stopped.
        """
        return self.timeout if self.queue_timeout is None else self.queue_timeout


def cors_origins(values: Iterable[str] | None) -> tuple[str, ...]:
    """The CORS origins of ``--cors-origin`` options: none given means any (``*``),
    ``none`` turns CORS off; a trailing ``/`` is dropped.

    >>> cors_origins(None), cors_origins(["none"]), cors_origins(["https://a.org/"])
    (('*',), (), ('https://a.org',))

    :raises ConfigError: for ``none`` together with an origin.
    """
    given = [value.strip().rstrip("/") for value in values or ()]
    if not given:
        return ("*",)
    if "none" in given:
        if len(given) > 1:
            raise ConfigError("--cors-origin none cannot be combined with origins")
        return ()
    return tuple(dict.fromkeys(given))
