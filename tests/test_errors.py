"""The errors (``balkan_kg.errors``): the table in the module docstring is the truth.

The docstring's table is what people read to learn what ``balkan-kg`` exits with and
what the endpoint answers; the classes' ``exit_code`` and ``http_status`` are what the
code does. These tests parse the table and hold the two together, and check that every
error class of the module has a row. The messages of the errors that build their own
(``InputError``, ``UnknownQueryError``, ...) are checked against what their docstrings
promise.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import balkan_kg
from balkan_kg import errors
from balkan_kg.errors import (
    EXIT_BUG,
    EXIT_NOT_PUBLISHABLE,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    BalkanKGError,
    CheckError,
    EndpointError,
    EndpointQueryError,
    InconsistencyError,
    InputError,
    QueryError,
    UnknownQueryError,
    ValidationError,
)

ROW = re.compile(r"^``(?P<name>\w+)``\s+(?P<exit>\d+)\s+(?P<http>\d+)\s+(?P<meaning>\S.*)$")


@dataclass(frozen=True)
class Row:
    name: str
    exit_code: int
    http_status: int
    meaning: str


def table() -> list[Row]:
    """The rows of the table in the module docstring, in order."""
    doc = inspect.getdoc(errors) or ""
    lines = doc.splitlines()
    rules = [i for i, line in enumerate(lines) if re.fullmatch(r"=+(\s+=+){3}", line)]
    assert len(rules) == 3, "the docstring has one table: a rule, a header, a rule, rows, a rule"
    header = lines[rules[0] + 1].split()
    assert header[:2] == ["error", "exit"] and "HTTP" in header, header
    rows = []
    for line in lines[rules[1] + 1 : rules[2]]:
        match = ROW.match(line)
        assert match is not None, f"a table row that does not read as one: {line!r}"
        rows.append(
            Row(match["name"], int(match["exit"]), int(match["http"]), match["meaning"].strip())
        )
    return rows


def error_classes() -> dict[str, type[BaseException]]:
    """Every exception class defined in ``balkan_kg.errors`` (not imported into it)."""
    return {
        name: value
        for name, value in vars(errors).items()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__ == errors.__name__
    }


def test_the_table_has_rows() -> None:
    rows = table()
    assert len(rows) >= 10
    assert rows[0].name == "BalkanKGError"


def test_each_error_is_in_the_table_once() -> None:
    names = [row.name for row in table()]
    assert len(names) == len(set(names)), "a class listed twice"
    assert set(names) == set(error_classes())


@pytest.mark.parametrize("row", table(), ids=lambda row: row.name)
def test_the_table_gives_each_class_its_exit_code_and_http_status(row: Row) -> None:
    cls = error_classes()[row.name]
    assert issubclass(cls, BalkanKGError)
    assert cls.exit_code == row.exit_code, f"{row.name}.exit_code"
    assert cls.http_status == row.http_status, f"{row.name}.http_status"


def test_every_error_class_is_a_balkan_kg_error() -> None:
    for name, cls in error_classes().items():
        assert issubclass(cls, BalkanKGError), name


def test_exit_codes_are_the_documented_three_and_http_statuses_are_errors() -> None:
    """1 not publishable, 2 the request is wrong, 3 a service or limit stopped the work;
    an HTTP status of an error is a 4xx or 5xx."""
    assert (EXIT_OK, EXIT_NOT_PUBLISHABLE, EXIT_USAGE, EXIT_UNAVAILABLE) == (0, 1, 2, 3)
    assert EXIT_BUG == 70  # EX_SOFTWARE of sysexits.h
    for row in table():
        assert row.exit_code in (EXIT_NOT_PUBLISHABLE, EXIT_USAGE, EXIT_UNAVAILABLE), row
        assert 400 <= row.http_status <= 599, row
    doc = inspect.getdoc(errors) or ""
    assert 'Exit code 1 means "the data is not publishable"' in doc
    assert "exits 70" in doc


def test_not_publishable_errors_exit_1() -> None:
    for cls in (ValidationError, CheckError, InconsistencyError):
        assert cls.exit_code == EXIT_NOT_PUBLISHABLE


def test_the_package_exports_the_errors_it_names() -> None:
    for name in balkan_kg.__all__:
        value = getattr(balkan_kg, name)
        if inspect.isclass(value) and issubclass(value, BaseException):
            assert value is error_classes()[name], name


# ---------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        (4, 9, "data/facts.ttl:4:9: bad"),
        (4, None, "data/facts.ttl:4: bad"),
        (None, None, "data/facts.ttl: bad"),
        (None, 9, "data/facts.ttl: bad"),  # a column without a line means nothing
    ],
)
def test_input_error_names_path_line_and_column(
    line: int | None, column: int | None, expected: str
) -> None:
    error = InputError("data/facts.ttl", line, "bad", column=column)
    assert str(error) == expected
    assert error.path == Path("data/facts.ttl")
    assert (error.line, error.column, error.message) == (line, column, "bad")
    assert isinstance(error, BalkanKGError)


def test_unknown_query_error_suggests_close_names() -> None:
    error = UnknownQueryError("member", ["members", "members-since"])
    assert str(error) == (
        "unknown query 'member'; did you mean 'members' or 'members-since'? "
        "(run 'balkan-kg queries' for the list)"
    )
    assert UnknownQueryError("zzz").suggestions == []
    assert "did you mean" not in str(UnknownQueryError("zzz"))
    assert isinstance(error, QueryError)


def test_check_error_lists_each_failing_check_and_its_rows() -> None:
    error = CheckError({"no-self-membership": ["x=bk:Albania", "x=bk:NATO"], "b": ["y=1"]})
    assert str(error).splitlines() == [
        "2 quality check(s) failed:",
        "  no-self-membership: 2 row(s)",
        "    x=bk:Albania",
        "    x=bk:NATO",
        "  b: 1 row(s)",
        "    y=1",
    ]


def test_inconsistency_error_lists_its_messages() -> None:
    error = InconsistencyError(["bk:X is a member of owl:Nothing"])
    assert error.messages == ["bk:X is a member of owl:Nothing"]
    assert str(error) == "the knowledge graph is inconsistent:\n  bk:X is a member of owl:Nothing"


def test_validation_error_holds_the_report_and_shows_its_text() -> None:
    class Report:
        text = "Violation: bk:Kosovo rdfs:label: every actor needs a label"

    report = Report()
    error = ValidationError(report)
    assert error.report is report
    assert str(error).endswith("\n" + Report.text)


def test_endpoint_error_names_the_url_and_keeps_the_status() -> None:
    error = EndpointError("http://127.0.0.1:7878/query", "HTTP 500: boom", status=500)
    assert str(error) == "http://127.0.0.1:7878/query: HTTP 500: boom"
    assert (error.url, error.status, error.message) == (
        "http://127.0.0.1:7878/query",
        500,
        "HTTP 500: boom",
    )
    rejected = EndpointQueryError("http://x/q", "bad query", 400)
    assert isinstance(rejected, EndpointError) and isinstance(rejected, QueryError)
    assert rejected.exit_code == EXIT_USAGE
