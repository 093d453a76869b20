"""The errors balkan-kg raises on purpose, each with its exit code and HTTP status.

Every expected failure derives from :class:`BalkanKGError`; ``str(error)`` is a complete
message for a person. The command line exits with the error's :attr:`~BalkanKGError.exit_code`
and the SPARQL endpoint answers with its :attr:`~BalkanKGError.http_status`, so both are
decided here, once, in one table (a test checks that the table below matches the classes):

==============================  =========  ===========  ==============================
error                           exit code  HTTP status  meaning
==============================  =========  ===========  ==============================
``BalkanKGError``               2          400          any other expected failure
``InputError``                  2          400          a file is missing or malformed
``QueryError``                  2          400          a query cannot be run
``ParameterError``              2          400          a bad query parameter
``UnknownQueryError``           2          404          no canned query of that name
``QueryRefusedError``           2          403          an update or ``LOAD``
``QueryNotAllowedError``        2          400          ``SERVICE``, an outside graph
``QueryTimeoutError``           3          503          a query ran past its time limit
``QueryAbortedError``           3          503          a query's worker died (memory)
``ResultTooLargeError``         3          503          a result exceeded its row cap
``EngineError``                 2          400          contradictory engine options
``BuildError``                  2          400          an unsafe build request
``ValidationError``             1          503          data fails the SHACL shapes
``CheckError``                  1          503          a quality check found rows
``InconsistencyError``          1          503          the reasoner found a clash
``SpanError``                   1          503          spans disagree with the text
``EndpointError``               3          502          a remote store failed
``EndpointQueryError``          2          400          the store rejected the query
``EndpointUnreachableError``    3          502          no connection to the store
``EndpointTimeoutError``        3          504          the store did not answer in time
==============================  =========  ===========  ==============================

Exit code 1 means "the data is not publishable", 2 "the request is wrong" and 3 "a
service or limit stopped the work"; an unexpected exception (a bug) exits 70.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import ClassVar, Protocol

EXIT_OK = 0
EXIT_NOT_PUBLISHABLE = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
EXIT_BUG = 70


class BalkanKGError(Exception):
    """Base class of all expected errors; ``str(error)`` is a complete message.

    Errors pickle with their message and attributes whatever their constructor takes,
    so a query's worker process can hand one back (:mod:`balkan_kg.query.isolation`).
    """

    exit_code: ClassVar[int] = EXIT_USAGE
    http_status: ClassVar[int] = 400

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(
    cls: type[BalkanKGError], args: tuple[object, ...], attributes: dict[str, object]
) -> BalkanKGError:
    """An error of ``cls`` with ``args`` and ``attributes``, without calling its ``__init__``."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(attributes)
    return error


class InputError(BalkanKGError):
    """An input file is missing, unreadable or malformed.

    ``str(error)`` is ``"path:line:column: message"``; the column, or line and column,
    are left out when unknown. Lines and columns count from 1.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        line: int | None,
        message: str,
        column: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        where = str(self.path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class QueryError(BalkanKGError):
    """A SPARQL query could not be prepared or run (a syntax error, a bad form)."""


class ParameterError(QueryError):
    """A query parameter is unknown, missing, or has a value of the wrong type."""


class UnknownQueryError(QueryError):
    """No canned query has the requested name; ``suggestions`` holds close names."""

    http_status: ClassVar[int] = 404

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        message = f"unknown query {name!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        message += " (run 'balkan-kg queries' for the list)"
        super().__init__(message)


class QueryRefusedError(QueryError):
    """The request would change data (a SPARQL update, ``LOAD``): only reading is allowed."""

    http_status: ClassVar[int] = 403


class QueryNotAllowedError(QueryError):
    """The query reaches outside the graph (``SERVICE``, ``FROM`` another graph)."""


class QueryTimeoutError(QueryError):
    """The query ran past its time limit and was stopped."""

    exit_code: ClassVar[int] = EXIT_UNAVAILABLE
    http_status: ClassVar[int] = 503


class QueryAbortedError(QueryError):
    """The process answering the query stopped (e.g. it ran out of its memory cap)."""

    exit_code: ClassVar[int] = EXIT_UNAVAILABLE
    http_status: ClassVar[int] = 503


class ResultTooLargeError(QueryError):
    """The result has more rows than the row cap allows (nothing of it is returned)."""

    exit_code: ClassVar[int] = EXIT_UNAVAILABLE
    http_status: ClassVar[int] = 503


class EngineError(BalkanKGError):
    """The query engine asked for is unknown, or the options given for it contradict."""


class BuildError(BalkanKGError):
    """The build was asked to do something unsafe, e.g. write among curated files."""


class Report(Protocol):
    """What :class:`ValidationError` needs of a validation report: its readable text."""

    @property
    def text(self) -> str: ...


class ValidationError(BalkanKGError):
    """The data does not conform to the SHACL shapes; ``report`` holds the details
    (a :class:`balkan_kg.kg.validate.ValidationReport`)."""

    exit_code: ClassVar[int] = EXIT_NOT_PUBLISHABLE
    http_status: ClassVar[int] = 503

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"the data does not conform to the shapes:\n{report.text}")


class CheckError(BalkanKGError):
    """One or more quality-check queries returned rows; ``failures`` maps check -> rows."""

    exit_code: ClassVar[int] = EXIT_NOT_PUBLISHABLE
    http_status: ClassVar[int] = 503

    def __init__(self, failures: dict[str, list[str]]) -> None:
        self.failures = failures
        lines = [f"{len(failures)} quality check(s) failed:"]
        for name, rows in failures.items():
            lines.append(f"  {name}: {len(rows)} row(s)")
            lines.extend(f"    {row}" for row in rows)
        super().__init__("\n".join(lines))


class InconsistencyError(BalkanKGError):
    """OWL 2 RL reasoning found the knowledge graph inconsistent."""

    exit_code: ClassVar[int] = EXIT_NOT_PUBLISHABLE
    http_status: ClassVar[int] = 503

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        body = "\n".join(f"  {m}" for m in self.messages)
        super().__init__(f"the knowledge graph is inconsistent:\n{body}")


class SpanError(BalkanKGError):
    """The spans of the data disagree with the source text; ``problems`` lists each."""

    exit_code: ClassVar[int] = EXIT_NOT_PUBLISHABLE
    http_status: ClassVar[int] = 503

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        body = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the spans do not match the source text:\n{body}")


class EndpointError(BalkanKGError):
    """A remote SPARQL endpoint or graph store failed, or could not be used.

    ``url`` is the address that was contacted, a password in it replaced by ``***``
    (:func:`redact_url`), and ``status`` the HTTP status code (``None`` when no HTTP
    answer came). ``str(error)`` names both and, when the server gave one, its own
    explanation.
    """

    exit_code: ClassVar[int] = EXIT_UNAVAILABLE
    http_status: ClassVar[int] = 502

    def __init__(self, url: str, message: str, status: int | None = None) -> None:
        self.url = redact_url(url)
        self.status = status
        self.message = message
        super().__init__(f"{self.url}: {message}")


class EndpointQueryError(EndpointError, QueryError):
    """The endpoint rejected the query (HTTP 400), e.g. a syntax it does not support."""

    exit_code: ClassVar[int] = EXIT_USAGE
    http_status: ClassVar[int] = 400


class EndpointUnreachableError(EndpointError):
    """No connection to the endpoint could be made (refused, unknown host, reset)."""


class EndpointTimeoutError(EndpointError):
    """The endpoint did not answer within the time-out."""

    http_status: ClassVar[int] = 504


def redact_url(url: str) -> str:
    """``url`` with the password of its user information replaced by ``***``, so that a
    message can show it.

    >>> redact_url("http://ann:secret@example.org:8890/sparql")
    'http://ann:***@example.org:8890/sparql'
    """
    return _USERINFO.sub(r"\g<start>:***@", url, count=1)


_USERINFO = re.compile(r"(?P<start>^[A-Za-z][A-Za-z0-9+.-]*://[^/?#:@]*):[^/?#]*@")
