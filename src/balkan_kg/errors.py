"""The exception hierarchy of balkan-kg.

Every error that the package raises on purpose derives from :class:`BalkanKGError`, so a
caller (and the CLI) can tell an expected failure, with a message meant for a person,
from a bug.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike

    from .validate import ValidationReport


class BalkanKGError(Exception):
    """Base class of all expected errors; ``str(error)`` is a complete message."""


class InputError(BalkanKGError):
    """An input file is missing, unreadable or malformed.

    ``str(error)`` is ``"path:line:column: message"``, ``"path:line: message"`` when the
    column is unknown, or ``"path: message"`` when the line is unknown too (``line`` and
    ``column`` are ``None``). Lines and columns are 1-based; a column counts Unicode code
    points, not bytes.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        line: int | None,
        message: str,
        column: int | None = None,
    ) -> None:
        from pathlib import Path  # not imported on the quick query path until needed

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
    """A SPARQL query could not be prepared or run."""


class UnknownQueryError(QueryError):
    """No canned query has the requested name; ``suggestions`` holds close names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        message = f"unknown query {name!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        message += " (run 'balkan-kg queries' for the list)"
        super().__init__(message)


class ParameterError(QueryError):
    """A query parameter is unknown, missing, or has a value of the wrong type."""


class ValidationError(BalkanKGError):
    """The data does not conform to the SHACL shapes; ``report`` holds the details."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"the data does not conform to the shapes:\n{report.text}")


class CheckError(BalkanKGError):
    """One or more quality-check queries returned rows; ``failures`` maps check -> rows."""

    def __init__(self, failures: dict[str, list[str]]) -> None:
        self.failures = failures
        lines = [f"{len(failures)} quality check(s) failed:"]
        for name, rows in failures.items():
            lines.append(f"  {name}: {len(rows)} row(s)")
            lines.extend(f"    {row}" for row in rows)
        super().__init__("\n".join(lines))


class InconsistencyError(BalkanKGError):
    """OWL 2 RL reasoning found the knowledge graph inconsistent."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        body = "\n".join(f"  {m}" for m in self.messages)
        super().__init__(f"the knowledge graph is inconsistent:\n{body}")


class BuildError(BalkanKGError):
    """The build was asked to do something unsafe, e.g. write among curated files."""


class EndpointError(BalkanKGError):
    """A remote SPARQL endpoint or graph store failed, or could not be used.

    ``url`` is the address that was contacted and ``status`` the HTTP status code
    (``None`` when no HTTP answer came). ``str(error)`` names both and, when the server
    gave one, its own explanation.
    """

    def __init__(self, url: str, message: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        self.message = message
        super().__init__(f"{url}: {message}")


class EndpointQueryError(EndpointError, QueryError):
    """The endpoint rejected the query (HTTP 400), e.g. a syntax it does not support."""


class EndpointUnreachableError(EndpointError):
    """No connection to the endpoint could be made (refused, unknown host, reset)."""


class EndpointTimeoutError(EndpointError):
    """The endpoint did not answer within the time-out."""


class EngineError(BalkanKGError):
    """The query engine asked for is unknown, or the options given for it contradict."""
