"""pyoxigraph 0.5 (oxttl) cannot parse a token longer than 16 MiB, and says so with a
``MemoryError`` rather than a ``SyntaxError``.

Found with pyoxigraph 0.5.13: a literal over 16,777,216 bytes raises
``MemoryError: Reached the buffer maximal size of 16777216``, with no position, where
a caller expects ``SyntaxError`` for bad input. (Upstream made the size configurable
later: oxigraph/oxigraph pull request 1757, "OxTTL: Customize the max buffer size for
parsing".)

Workaround: the gate's ``max_line_bytes`` may not exceed 16 MiB, so only a Turtle long
string (which spans lines) can reach the buffer; the gate turns the ``MemoryError`` into
an ``InputError`` at the first literal longer than ``max_literal_chars``, or, if the
limits allow longer literals, one that names the parser's buffer.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from balkan_kg.errors import InputError
from balkan_kg.rdfio.gate import GateLimits, read_rdf

BIG = 17 * 2**20
DOCUMENT = (
    b'<a:s> <a:p> "ok" .\n<a:s> <a:p> """' + (b"x" * 1023 + b"\n") * (BIG // 1024) + b'""" .\n'
)
ROOMY = {"max_file_bytes": 2 * BIG, "max_triples": 10}  # no other limit in the way


def test_upstream_raises_memory_error() -> None:
    with pytest.raises(MemoryError, match="Reached the buffer maximal size of 16777216"):
        list(pyoxigraph.parse(DOCUMENT, pyoxigraph.RdfFormat.TURTLE))


def test_the_gate_names_the_literal_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.ttl"
    path.write_bytes(DOCUMENT)
    with pytest.raises(InputError) as refused:
        read_rdf(path, limits=GateLimits(**ROOMY))
    assert (refused.value.line, refused.value.column) == (2, 13)
    assert refused.value.message == "literal longer than max_literal_chars = 1048576"


def test_the_gate_names_the_buffer_when_literals_may_be_longer(tmp_path: Path) -> None:
    path = tmp_path / "long.ttl"
    path.write_bytes(DOCUMENT)
    with pytest.raises(InputError) as refused:
        read_rdf(path, limits=GateLimits(**ROOMY, max_literal_chars=2 * BIG))
    assert refused.value.line is None
    assert refused.value.message == (
        "a token longer than 16777216 bytes, the most pyoxigraph can parse"
    )


def test_lines_cannot_be_allowed_to_reach_the_buffer() -> None:
    with pytest.raises(ValueError, match="max_line_bytes must be at most 16777216"):
        GateLimits(max_line_bytes=2**24 + 1)
