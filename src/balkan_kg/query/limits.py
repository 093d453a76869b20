"""The limits every query runs under, and where each is enforced.

:func:`balkan_kg.query.execute.execute` takes a :class:`Limits` for each query:

* ``timeout`` (seconds): an embedded engine answers in a worker process that is killed
  at the limit (:mod:`balkan_kg.query.isolation`); a remote store's request is bounded
  in total, connection and whole answer included (:mod:`balkan_kg.query.remote`);
* ``max_rows``: solutions (or triples) an answer may have;
* ``max_bytes``: the size of an answer, counted by :func:`answer_size` as the UTF-8
  bytes of its terms written as in SPARQL TSV results (about what ``--format tsv``
  writes; JSON and XML are larger). A worker checks both caps before it sends its
  answer back, so an answer over a cap never crosses the pipe; a remote answer is
  refused as soon as the bytes received pass ``max_bytes`` (the wire format counts
  there), and :func:`check_answer` applies both caps to every answer in the funnel.

An answer over a cap is refused whole with :class:`~balkan_kg.errors.ResultTooLargeError`
(exit 3, HTTP 503): nothing of it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..errors import EngineError, ResultTooLargeError

if TYPE_CHECKING:
    from .results import QueryResult

DEFAULT_TIMEOUT: Final = 60.0
"""Seconds a query may run by default."""

DEFAULT_MAX_ROWS: Final = 1_000_000
"""Solutions (or triples) a result may have by default."""

DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024
"""Bytes an answer may have by default (64 MiB, see :func:`answer_size`)."""


@dataclass(frozen=True)
class Limits:
    """How long a query may run and how large its answer may be (``None``: no limit).

    :raises EngineError: for a time limit that is not positive or a negative cap.
    """

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    max_bytes: int | None = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.timeout is not None and not self.timeout > 0:
            raise EngineError(f"the time limit must be positive, got {self.timeout!r}")
        if self.max_rows is not None and self.max_rows < 0:
            raise EngineError(f"the row cap must not be negative, got {self.max_rows!r}")
        if self.max_bytes is not None and self.max_bytes < 0:
            raise EngineError(f"the byte cap must not be negative, got {self.max_bytes!r}")


DEFAULT_LIMITS: Final = Limits()


def answer_size(result: QueryResult, stop_after: int | None = None) -> int:
    """The bytes of ``result`` as the byte cap counts them.

    Each term counts its UTF-8 N-Triples form plus one separator (a tab or line break),
    an unbound value one; a triple of a graph counts its N-Triples line; an ASK answer
    its word. Counting stops once it passes ``stop_after``.
    """
    if result.form == "ASK":
        return 5
    size = 0
    if result.is_graph:
        for triple in result.triples:
            size += len(str(triple).encode("utf-8")) + 3
            if stop_after is not None and size > stop_after:
                break
        return size
    size = sum(len(name) + 2 for name in result.variables)
    for terms in result.terms:
        for term in terms:
            size += 1 if term is None else len(str(term).encode("utf-8")) + 1
        if stop_after is not None and size > stop_after:
            break
    return size


def check_answer(result: QueryResult, limits: Limits) -> None:
    """Refuse ``result`` if it has more rows than ``limits.max_rows`` or more bytes than
    ``limits.max_bytes``.

    :raises ResultTooLargeError: naming the cap, the size found and what to do.
    """
    if limits.max_rows is not None and len(result) > limits.max_rows:
        raise ResultTooLargeError(
            f"the answer has {len(result)} rows, more than the cap of {limits.max_rows}: "
            "narrow the query or add a LIMIT"
        )
    if limits.max_bytes is not None:
        size = answer_size(result, stop_after=limits.max_bytes)
        if size > limits.max_bytes:
            raise ResultTooLargeError(
                f"the answer is larger than the cap of {limits.max_bytes} bytes: narrow "
                "the query or add a LIMIT (or raise the cap, --max-bytes)"
            )
