"""Fuzzing the gate: whatever bytes a file holds, the gate answers with triples or with
one clear InputError, never another exception (Hypothesis, bounded).

Two targets: arbitrary bytes, and text stitched from Turtle's own pieces (prefixes,
IRIs, strings with escapes, brackets, punctuation, RDF 1.2 and N3 tokens), which
reaches deeper into the grammar than random bytes do. Any crash Hypothesis finds is to
be kept as a regression example below (``@example``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from balkan_kg.errors import InputError
from balkan_kg.rdfio.gate import DEFAULT_LIMITS, read_rdf

PIECES = [
    "@prefix ex: <http://example.org/> .\n",
    "PREFIX ex: <http://example.org/>\n",
    "@base <http://example.org/base/> .\n",
    "ex:a",
    "ex:b",
    "<http://example.org/c>",
    "<relative>",
    "<../up>",
    "<http://exa mple.org/>",
    "_:b1",
    "[",
    "]",
    "(",
    ")",
    "<<",
    ">>",
    "{|",
    "|}",
    "{",
    "}",
    "=>",
    ".",
    ";",
    ",",
    " ",
    "\n",
    "a",
    '"text"',
    '"t\\u00e9xt"@en',
    '"x\\uD800"',
    '"""long\nstring"""',
    '"2009"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    "12",
    "-1.5e3",
    "true",
    "# a comment\n",
    "\ufeff",
    "\x00",
    "\\",
    '"',
    "'",
    'VERSION "1.2"\n',
    "@ar--rtl",
]

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def answer(path: Path, data: bytes) -> None:
    """Read ``data`` through the gate: triples, or an InputError naming the file."""
    path.write_bytes(data)
    try:
        document = read_rdf(path)
    except InputError as exc:
        message = str(exc)
        assert message.startswith(str(path)), message
        assert "\n" not in message and "\r" not in message
        return
    assert len(document.triples) <= DEFAULT_LIMITS.max_triples


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".ttl", ".nt"]))
@example(data=b"\xef\xbb\xbf<a> <b> <c> .", suffix=".ttl")
@example(data=b'<http://e/a> <http://e/b> "\xff" .', suffix=".nt")
def test_any_bytes_are_read_or_refused_clearly(tmp_path: Path, data: bytes, suffix: str) -> None:
    answer(tmp_path / f"fuzz{suffix}", data)


@FUZZ
@given(parts=st.lists(st.sampled_from(PIECES), max_size=40))
@example(parts=["ex:a", " ", "ex:b", " ", "<<", "ex:a", " ", "ex:b", " ", "ex:c", ">>", "."])
def test_turtle_pieces_are_read_or_refused_clearly(tmp_path: Path, parts: list[str]) -> None:
    answer(tmp_path / "fuzz.ttl", "".join(parts).encode("utf-8", errors="surrogatepass"))


def test_the_fuzz_targets_can_fail(tmp_path: Path) -> None:
    """The check itself is not empty: a file the gate refuses goes through the
    InputError branch, and one it reads through the triples branch."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/b> .\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_rdf(bad)
    answer(tmp_path / "good.ttl", b"<http://e/a> <http://e/b> <http://e/c> .\n")
