"""pyoxigraph 0.5 (oxttl) reports wrong columns on lines longer than 16 MiB.

Found with pyoxigraph 0.5.13: an error 16,778,201 code points into a line is reported
at column 989; the column seems to count from the start of the parser's 16 MiB buffer,
not of the line. Lines up to 16 MiB are reported right.

Workaround: ``GateLimits.max_line_bytes`` cannot be set above 16 MiB (the default is
1 MiB), so every error the gate reports comes from a line that short.
"""

from __future__ import annotations

import pyoxigraph
import pytest

from balkan_kg.rdfio.gate import GateLimits

STATEMENT = b"<a:s> <a:p> <a:o> . "  # 20 bytes


def column_of_error(statements: int) -> tuple[int, int]:
    """The column where the error really is, and the one pyoxigraph reports."""
    data = STATEMENT * statements + b"<a b> ."
    with pytest.raises(SyntaxError) as error:
        list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE))
    return len(STATEMENT) * statements + 1, error.value.offset


def test_upstream_columns_are_right_up_to_16_mib() -> None:
    real, reported = column_of_error(2**24 // 20 - 10)
    assert reported == real


def test_upstream_columns_are_wrong_beyond_16_mib() -> None:
    real, reported = column_of_error(2**24 // 20 + 100)
    assert real > 2**24
    assert reported != real


def test_the_gate_keeps_lines_within_16_mib() -> None:
    assert GateLimits().max_line_bytes <= 2**24
    with pytest.raises(ValueError):
        GateLimits(max_line_bytes=2**24 + 1)
