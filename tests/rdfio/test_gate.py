"""The strict RDF input gate, :func:`balkan_kg.rdfio.gate.read_rdf`, case by case.

Each expected position is worked out from how the test builds its input (columns count
code points, lines end at ``\\n``, ``\\r`` or ``\\r\\n``). The hostile corpus, run in a
child process under resource limits, is ``test_hostile_files.py``; the W3C suite is
``test_w3c_turtle.py``.
"""

from __future__ import annotations

import doctest
import os
import socket
import stat
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from balkan_kg.errors import InputError
from balkan_kg.rdfio import gate
from balkan_kg.rdfio.gate import DEFAULT_LIMITS, GateLimits, RdfDocument, read_rdf
from gate_rdflib import rdf11_terms, rdflib_graph

REPO = Path(__file__).resolve().parents[2]
CURATED = sorted(
    [*REPO.glob("ontology/*.ttl"), *REPO.glob("data/*.ttl"), *REPO.glob("data/external/*.ttl")]
)
EX = "http://example.org/"
TRIPLE = f"<{EX}s> <{EX}p> <{EX}o> .\n"
SHORT = "<a:s> <a:p> <a:o> ."  # 19 characters
OBJECT_COLUMN = len(f"<{EX}s> <{EX}p> ") + 1  # where the object of a TRIPLE-like line starts


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def refused(path: Path, **options: object) -> InputError:
    with pytest.raises(InputError) as caught:
        read_rdf(path, **options)  # type: ignore[arg-type]
    error = caught.value
    assert "\n" not in str(error) and "\r" not in str(error)
    return error


def test_the_documentation_examples_run() -> None:
    failed, attempted = doctest.testmod(gate, optionflags=doctest.ELLIPSIS)
    assert attempted >= 8 and failed == 0


# -- the error -------------------------------------------------------------------------


def test_input_error_names_file_line_and_column() -> None:
    assert str(InputError("a.ttl", 3, "bad", 7)) == "a.ttl:3:7: bad"
    assert str(InputError("a.ttl", 3, "bad")) == "a.ttl:3: bad"
    assert str(InputError("a.ttl", None, "bad")) == "a.ttl: bad"
    error = InputError("a.ttl", 3, "bad", column=7)
    assert (error.path, error.line, error.column, error.message) == (Path("a.ttl"), 3, 7, "bad")


# -- the limits ------------------------------------------------------------------------


def test_default_limits() -> None:
    assert GateLimits() == DEFAULT_LIMITS
    assert DEFAULT_LIMITS.max_file_bytes == 4 * 2**20
    assert DEFAULT_LIMITS.max_triples == 100_000
    assert DEFAULT_LIMITS.max_line_bytes == 2**20
    assert DEFAULT_LIMITS.max_literal_chars == 2**20
    assert DEFAULT_LIMITS.max_prefixes == 1_000
    assert DEFAULT_LIMITS.max_nesting_depth == 128


@pytest.mark.parametrize("name", list(GateLimits.__dataclass_fields__))
@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_a_limit_must_be_a_positive_integer(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"^{name} must be a positive integer"):
        GateLimits(**{name: value})  # type: ignore[arg-type]


def test_lines_cannot_be_allowed_beyond_the_parser_buffer() -> None:
    assert GateLimits(max_line_bytes=2**24).max_line_bytes == 2**24
    with pytest.raises(ValueError, match="max_line_bytes must be at most"):
        GateLimits(max_line_bytes=2**24 + 1)


def test_limits_are_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_LIMITS.max_triples = 1  # type: ignore[misc]


# -- formats ---------------------------------------------------------------------------


def test_turtle_with_prefixes_and_base(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.ttl",
        f'@prefix ex: <{EX}> .\n@base <{EX}dir/> .\nex:s ex:p <o>, "x"@EN, 1 .\n',
    )
    document = read_rdf(path)
    assert isinstance(document, RdfDocument)
    assert (document.path, document.format) == (path, "Turtle")
    assert document.base_iri == path.resolve().as_uri()
    assert document.prefixes == {"ex": EX}
    s, p = pyoxigraph.NamedNode(f"{EX}s"), pyoxigraph.NamedNode(f"{EX}p")
    integer = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert document.triples == [
        pyoxigraph.Triple(s, p, pyoxigraph.NamedNode(f"{EX}dir/o")),
        pyoxigraph.Triple(s, p, pyoxigraph.Literal("x", language="en")),
        pyoxigraph.Triple(s, p, pyoxigraph.Literal("1", datatype=integer)),
    ]


def test_n_triples(tmp_path: Path) -> None:
    path = write(tmp_path, "a.nt", TRIPLE + f'<{EX}s> <{EX}p> "v" .\n')
    document = read_rdf(path)
    assert (document.format, document.prefixes, len(document.triples)) == ("N-Triples", {}, 2)


def test_n_triples_has_no_relative_iris_and_no_prefixes(tmp_path: Path) -> None:
    assert refused(write(tmp_path, "a.nt", f"<s> <{EX}p> <{EX}o> .\n")).line == 1
    assert refused(write(tmp_path, "b.nt", f"@prefix ex: <{EX}> .\n")).line == 1


def test_the_suffix_decides_in_any_case(tmp_path: Path) -> None:
    assert len(read_rdf(write(tmp_path, "A.TTL", TRIPLE)).triples) == 1
    assert len(read_rdf(write(tmp_path, "A.Nt", TRIPLE)).triples) == 1


@pytest.mark.parametrize(
    ("suffix", "name"),
    [
        (".jsonld", "JSON-LD"),
        (".json", "JSON-LD"),
        (".rdf", "RDF/XML"),
        (".owl", "RDF/XML"),
        (".xml", "RDF/XML"),
        (".n3", "N3"),
        (".trig", "TriG"),
        (".nq", "N-Quads"),
        (".trix", "TriX"),
        (".rj", "RDF/JSON"),
        (".html", "RDFa"),
        (".hdt", "HDT"),
    ],
)
def test_other_formats_are_refused_by_name_unread(tmp_path: Path, suffix: str, name: str) -> None:
    path = tmp_path / f"missing{suffix}"  # not even there: refused before it is looked at
    error = refused(path)
    assert error.line is None
    assert str(error).startswith(f"{path}: {name} is not read: ")


@pytest.mark.parametrize("name", ["data.txt", "data.turtle", "data.ttl.bak", "data"])
def test_unknown_suffixes_are_refused(tmp_path: Path, name: str) -> None:
    error = refused(write(tmp_path, name, TRIPLE))
    suffix = Path(name).suffix
    expected = f"unknown file type {suffix!r}" if suffix else "no file suffix"
    assert str(error) == (
        f"{tmp_path / name}: {expected}: balkan-kg reads only Turtle (.ttl) and N-Triples (.nt)"
    )


# -- files -----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert str(refused(tmp_path / "no.ttl")) == f"{tmp_path / 'no.ttl'}: file not found"


def test_a_read_error_is_an_input_error(tmp_path: Path) -> None:
    """/proc/self/mem is a regular file whose first page cannot be read (EIO)."""
    (tmp_path / "mem.ttl").symlink_to("/proc/self/mem")
    error = refused(tmp_path / "mem.ttl")
    assert str(error) == f"{tmp_path / 'mem.ttl'}: cannot read file: Input/output error"


def test_a_directory_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "d.ttl").mkdir()
    error = refused(tmp_path / "d.ttl")
    assert error.message == "is a directory, not a regular file; it was not read"


def test_a_socket_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "s.ttl"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert refused(path).message == "is a socket, not a regular file; it was not read"


def test_a_device_behind_a_link_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.ttl").symlink_to("/dev/zero")
    assert refused(tmp_path / "zero.ttl").message.startswith("is a character device,")


def test_a_fifo_swapped_in_after_stat_is_caught_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``os.stat`` is made to see a regular file where a FIFO is, as if the file had been
    replaced between the two calls: the non-blocking open returns at once and ``fstat``
    refuses it."""
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    regular = os.stat(write(tmp_path, "regular.ttl", TRIPLE))
    real_stat = os.stat

    def stat_seeing_a_file(path: object, *args: object, **kwargs: object) -> os.stat_result:
        return regular if Path(path) == fifo else real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gate.os, "stat", stat_seeing_a_file)
    assert stat.S_ISREG(os.stat(fifo).st_mode)
    assert refused(fifo).message == "is a named pipe (FIFO), not a regular file; it was not read"


def test_size_limit_from_stat_and_from_reading(tmp_path: Path) -> None:
    limits = GateLimits(max_file_bytes=len(TRIPLE) * 2)
    assert len(read_rdf(write(tmp_path, "a.ttl", TRIPLE * 2), limits=limits).triples) == 2
    error = refused(write(tmp_path, "b.ttl", TRIPLE * 2 + " "), limits=limits)
    assert error.message == f"file larger than max_file_bytes = {len(TRIPLE) * 2} bytes"
    # /proc files say they have 0 bytes: what is read is what counts.
    (tmp_path / "maps.ttl").symlink_to("/proc/self/maps")
    assert os.stat(tmp_path / "maps.ttl").st_size == 0
    error = refused(tmp_path / "maps.ttl", limits=GateLimits(max_file_bytes=64))
    assert error.message == "file larger than max_file_bytes = 64 bytes"


def test_reads_a_file_of_megabytes_whole(tmp_path: Path) -> None:
    lines = [f'<{EX}s> <{EX}p> "{i:07d}" .\n' for i in range(60_000)]  # 2.8 MB
    path = write(tmp_path, "a.nt", "".join(lines))
    assert path.stat().st_size > 2 * gate._READ_CHUNK
    assert len(read_rdf(path).triples) == 60_000


# -- bytes -----------------------------------------------------------------------------


def test_utf8_bom_is_refused(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "a.ttl", b"\xef\xbb\xbf" + TRIPLE.encode()))
    assert (error.line, error.column) == (1, 1)
    assert "UTF-8 byte order mark (U+FEFF)" in error.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named(tmp_path: Path, encoding: str) -> None:
    with_bom = encoding in ("utf-16", "utf-32")
    error = refused(write(tmp_path, "a.ttl", TRIPLE.encode(encoding)))
    assert (error.line, error.column) == (1, 1)
    name = encoding[:6].upper()
    expected = f"byte order mark: it is {name}" if with_bom else "looks like UTF-16 without"
    assert expected in error.message


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b"\xff", "byte 0xFF: invalid start byte"),
        (b"\xe9t\xe9", "byte 0xE9: invalid continuation byte"),  # Latin-1 "été"
        (b"\xc0\xaf", "byte 0xC0: invalid start byte"),  # overlong "/"
        (b"\xe0\x80\xaf", "byte 0xE0: invalid continuation byte"),  # overlong "/"
        (b"\xed\xa0\x80", "byte 0xED: invalid continuation byte"),  # surrogate U+D800
        (b"\xf4\x90\x80\x80", "byte 0xF4: invalid continuation byte"),  # beyond U+10FFFF
        (b"\xe2\x82", "byte 0xE2: unexpected end of data"),  # cut at the end of the file
    ],
)
def test_invalid_utf8_is_placed_in_code_points(tmp_path: Path, bad: bytes, reason: str) -> None:
    head = f'{TRIPLE}\r\n<{EX}s> <{EX}p> "é€𝄞 '.encode()  # 3 multi-byte characters
    tail = b"" if reason.endswith("end of data") else b'" .\n'
    error = refused(write(tmp_path, "a.ttl", head + bad + tail))
    # Line 1, an empty line (\r\n), then the literal: 3 + 1 + 3 + 1 + 1 + 4 code points.
    column = len(f'<{EX}s> <{EX}p> "é€𝄞 ') + 1
    assert (error.line, error.column) == (3, column)
    assert error.message == f"invalid UTF-8, {reason}"


def test_invalid_utf8_in_a_comment_is_refused(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "a.nt", TRIPLE.encode() + b"# caf\xe9\n"))
    assert (error.line, error.column, error.message) == (
        2,
        6,
        "invalid UTF-8, byte 0xE9: invalid continuation byte",  # a lead byte, then "\\n"
    )


def test_invalid_utf8_past_the_first_chunk(tmp_path: Path) -> None:
    """A character cut by the end of a chunk is read whole from the next one."""
    chunk = gate._UTF8_CHUNK
    comment = b"# " + "é".encode() * chunk + b"\n"  # 2 bytes each: chunks cut them
    assert len(comment) > 2 * chunk
    path = write(tmp_path, "a.ttl", comment + TRIPLE.encode())
    assert len(read_rdf(path, limits=GateLimits(max_line_bytes=2**22)).triples) == 1
    path = write(tmp_path, "b.ttl", comment + b"# \xff\n" + TRIPLE.encode())
    error = refused(path, limits=GateLimits(max_line_bytes=2**22))
    assert (error.line, error.column) == (2, 3)


def test_nul_is_allowed_where_the_grammar_allows_it_only(tmp_path: Path) -> None:
    document = read_rdf(write(tmp_path, "a.ttl", f'<{EX}s> <{EX}p> "a\x00b" . # \x00\n'))
    assert document.triples[0].object == pyoxigraph.Literal("a\x00b")
    error = refused(write(tmp_path, "b.ttl", TRIPLE + "\x00"))
    assert (error.line, error.column) == (2, 1)
    assert error.message.startswith("syntax error: ")
    assert "\\x00" in error.message  # escaped: no raw control character in a message
    error = refused(write(tmp_path, "c.ttl", "\x00\n" + TRIPLE))
    assert (error.line, error.column) == (1, 1)
    assert "UTF-16" not in error.message  # a NUL alone is no sign of UTF-16


# -- lines -----------------------------------------------------------------------------


def long_line(length: int) -> str:
    """One line of exactly ``length`` characters holding a triple (``length`` >= 24)."""
    head = '<a:s> <a:p> "'
    return head + "x" * (length - len(head) - 3) + '" .'


@pytest.mark.parametrize("limit", [60, 61, 1000, 4097])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_limit_exact(tmp_path: Path, limit: int, newline: str) -> None:
    limits = GateLimits(max_line_bytes=limit)
    ok = newline.join([SHORT, long_line(limit), SHORT]) + newline
    assert len(read_rdf(write(tmp_path, "ok.ttl", ok), limits=limits).triples) == 3
    bad = newline.join([SHORT, SHORT, long_line(limit + 1)])
    error = refused(write(tmp_path, "bad.ttl", bad), limits=limits)
    assert (error.line, error.column) == (3, limit + 1)
    assert error.message == f"line longer than max_line_bytes = {limit}"


def test_line_limit_counts_bytes_and_places_in_code_points(tmp_path: Path) -> None:
    head = f'<{EX}s> <{EX}p> "'  # 47 one-byte characters
    line = head + "€" * 40 + '" .'  # then 40 three-byte ones
    error = refused(write(tmp_path, "a.ttl", line), limits=GateLimits(max_line_bytes=100))
    # Byte 100 (0-based) is the 3rd byte of the 18th euro sign: 53 = 17 * 3 + 2 into them.
    assert (100 - len(head)) // 3 == 17
    assert (error.line, error.column) == (1, len(head) + 17 + 1)


def test_a_long_first_or_last_line(tmp_path: Path) -> None:
    limits = GateLimits(max_line_bytes=100)
    error = refused(write(tmp_path, "a.ttl", long_line(250) + "\n" + TRIPLE), limits=limits)
    assert (error.line, error.column) == (1, 101)
    error = refused(write(tmp_path, "b.ttl", TRIPLE * 3 + long_line(101)), limits=limits)
    assert (error.line, error.column) == (4, 101)


# -- nesting ---------------------------------------------------------------------------


def nested(depth: int, opening: str = "[ <p> ", closing: str = " ]") -> str:
    return f"<{EX}s> <{EX}p> " + opening * depth + "<o>" + closing * depth + " .\n"


@pytest.mark.parametrize(
    ("opening", "closing", "triples_per_level"), [("[ <p> ", " ]", 1), ("( ", " )", 2)]
)
def test_nesting_limit_exact(
    tmp_path: Path, opening: str, closing: str, triples_per_level: int
) -> None:
    limits = GateLimits(max_nesting_depth=5)
    ok = read_rdf(write(tmp_path, "ok.ttl", nested(5, opening, closing)), limits=limits)
    assert len(ok.triples) == 1 + 5 * triples_per_level
    error = refused(write(tmp_path, "bad.ttl", nested(6, opening, closing)), limits=limits)
    column = len(f"<{EX}s> <{EX}p> ") + 5 * len(opening) + 1
    assert (error.line, error.column) == (1, column)
    assert error.message.startswith("nesting deeper than max_nesting_depth = 5 ")


def test_nesting_over_many_lines_and_mixed(tmp_path: Path) -> None:
    text = f"<{EX}s> <{EX}p>\n" + "[ <p>\n( \n" * 3 + "<o>" + " )\n]" * 3 + " .\n"
    assert len(read_rdf(write(tmp_path, "a.ttl", text)).triples) == 1 + 3 * 3
    error = refused(write(tmp_path, "b.ttl", text), limits=GateLimits(max_nesting_depth=4))
    # Lines 2 to 7 open "[", "(", "[", "(", "[", "(": the fifth is the "[" of line 6.
    assert (error.line, error.column) == (6, 1)


def test_brackets_in_strings_iris_and_comments_do_not_nest(tmp_path: Path) -> None:
    text = (
        f"<{EX}s> <{EX}p> \"[[[[[(((((\" , '((((' , \"\"\"\n[[[[[\n\"\"\" , '''(((((''' .\n"
        f"<{EX}(((((> <{EX}p> <{EX}o> . # [[[[[((((((\n"
        f'<{EX}s> <{EX}p> "\\"[[[[[" .\n'
    )
    limits = GateLimits(max_nesting_depth=1)
    assert len(read_rdf(write(tmp_path, "a.ttl", text), limits=limits).triples) == 6


def test_many_shallow_brackets_are_not_deep(tmp_path: Path) -> None:
    text = f"<{EX}s> <{EX}p> " + "[ <p> ( <o> ) ], " * 5000 + "[] .\n"
    document = read_rdf(write(tmp_path, "a.ttl", text), limits=GateLimits(max_nesting_depth=2))
    assert len(document.triples) == 5001 + 5000 * 3


def test_nested_triple_terms_in_n_triples_are_refused_before_parsing(tmp_path: Path) -> None:
    level = f"<<( <{EX}s> <{EX}p> "
    line = f"<{EX}s> <{EX}p> " + level * 6 + f"<{EX}o>" + " )>>" * 6 + " .\n"
    text = TRIPLE + f'<{EX}s> <{EX}p> "<<( <<( <<(" .\n' + line
    error = refused(write(tmp_path, "a.nt", text), limits=GateLimits(max_nesting_depth=5))
    # Each <<( counts twice (<< and (), so the 6th bracket is the "(" of the third <<(.
    column = len(f"<{EX}s> <{EX}p> ") + 2 * len(level) + 3
    assert (error.line, error.column) == (3, column)


# -- the parse -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (f"<{EX}a b> <{EX}p> <{EX}o> .", 1, 1),  # space in an IRI
        (f"<{EX}s> <{EX}p> <{EX}a\\u0000> .", 1, OBJECT_COLUMN),  # NUL in an IRI
        (f"<{EX}s> <{EX}p> <{EX}a\\u003E> .", 1, OBJECT_COLUMN),  # '>' in an IRI
        (f'{TRIPLE}"x" <{EX}p> <{EX}o> .', 2, 1),  # a literal as subject
        (f"{TRIPLE}{{ <{EX}a> <{EX}b> <{EX}c> }} => {{ <{EX}a> <{EX}b> <{EX}d> }} .", 2, 1),
        (f'<{EX}s> <{EX}p> "\\uD800" .', 1, OBJECT_COLUMN + 1),  # a lone surrogate, escaped
        (f'<{EX}s> <{EX}p> "x"@1en .', 1, OBJECT_COLUMN + 4),  # a language tag from a digit
        (f'<{EX}s> <{EX}p> "abc', 1, OBJECT_COLUMN),  # cut in a string
        (f"GRAPH <{EX}g> {{ {TRIPLE} }}", 1, 1),  # named graphs
    ],
)
def test_syntax_errors_are_placed(tmp_path: Path, text: str, line: int, column: int) -> None:
    error = refused(write(tmp_path, "a.ttl", text))
    assert (error.line, error.column) == (line, column), str(error)
    assert error.message.startswith("syntax error: ")


def test_relative_iris_are_resolved_against_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "a b" / "c"
    folder.mkdir(parents=True)
    path = write(folder, "d.ttl", "<../x> <./y> <z/../w#f> .\n")
    base = folder.as_uri()
    assert base.endswith("/a%20b/c")
    (triple,) = read_rdf(path).triples
    assert [term.value for term in triple] == [  # type: ignore[union-attr]
        base.removesuffix("/c") + "/x",
        base + "/y",
        base + "/w#f",
    ]


def test_a_given_base_iri(tmp_path: Path) -> None:
    path = write(tmp_path, "a.ttl", "<s> <p> <../o> .\n")
    document = read_rdf(path, base_iri=f"{EX}a/b/file.ttl")
    assert document.base_iri == f"{EX}a/b/file.ttl"
    assert [t.value for t in document.triples[0]] == [  # type: ignore[union-attr]
        f"{EX}a/b/s",
        f"{EX}a/b/p",
        f"{EX}a/o",
    ]


def test_blank_node_labels_are_local_to_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.ttl", f"_:x <{EX}p> _:x .\n_:x <{EX}q> [] .\n")
    first, second = read_rdf(path).triples
    assert first.subject == first.object == second.subject
    assert first.subject != second.object
    again = read_rdf(path).triples[0]
    assert again.subject != first.subject  # two reads, two documents: two nodes


def test_literal_limit_exact(tmp_path: Path) -> None:
    limits = GateLimits(max_literal_chars=100, max_line_bytes=80)
    text = f'<{EX}s> <{EX}p> """' + "x\n" * 50 + '""" .\n'  # 100 characters
    assert len(read_rdf(write(tmp_path, "ok.ttl", text), limits=limits).triples) == 1
    text = f'{TRIPLE}<{EX}s> <{EX}p> """' + "x\n" * 50 + 'y""" .\n'
    error = refused(write(tmp_path, "bad.ttl", text), limits=limits)
    assert (error.line, error.column) == (2, OBJECT_COLUMN)
    assert error.message == "literal longer than max_literal_chars = 100"


def test_literal_limit_counts_code_points_after_escapes(tmp_path: Path) -> None:
    limits = GateLimits(max_literal_chars=10, max_line_bytes=1000)
    ok = f"<{EX}s> <{EX}p> '''" + "\\u20AC\\U0001D11E\\t€" * 2 + "xx''' .\n"  # 10 characters
    document = read_rdf(write(tmp_path, "ok.ttl", ok), limits=limits)
    assert document.triples[0].object == pyoxigraph.Literal("€𝄞\t€€𝄞\t€xx")
    bad = ok.replace("xx'''", "xxx'''")
    assert refused(write(tmp_path, "bad.ttl", bad), limits=limits).column == OBJECT_COLUMN


def test_single_line_literals_are_measured_when_lines_may_be_longer(tmp_path: Path) -> None:
    limits = GateLimits(max_literal_chars=10, max_line_bytes=1000)
    error = refused(
        write(tmp_path, "a.nt", f'{TRIPLE}<{EX}s> <{EX}p> "{"y" * 11}" .\n'), limits=limits
    )
    assert (error.line, error.column) == (2, OBJECT_COLUMN)


def test_prefix_limit_counts_distinct_names(tmp_path: Path) -> None:
    same = "".join(f"@prefix a: <{EX}{i}/> .\n" for i in range(10))  # one name, ten times
    three = "".join(f"PREFIX p{i}: <{EX}{i}/>\n" for i in range(3))
    text = same + three + "p0:s a:p p2:o .\n"
    document = read_rdf(write(tmp_path, "ok.ttl", text), limits=GateLimits(max_prefixes=4))
    assert document.prefixes == {"a": f"{EX}9/", "p0": f"{EX}0/", "p1": f"{EX}1/", "p2": f"{EX}2/"}
    error = refused(write(tmp_path, "bad.ttl", three + same), limits=GateLimits(max_prefixes=3))
    assert (error.line, error.column) == (4, 1)  # the first "@prefix a:", the fourth name
    assert error.message == "more than max_prefixes = 3 prefixes declared"


def test_triple_limit_exact(tmp_path: Path) -> None:
    limits = GateLimits(max_triples=10)
    objects = ", ".join(f"<{EX}o{i}>" for i in range(10))
    assert (
        len(
            read_rdf(
                write(tmp_path, "ok.ttl", f"<{EX}s> <{EX}p> {objects} ."), limits=limits
            ).triples
        )
        == 10
    )
    error = refused(
        write(tmp_path, "bad.ttl", f"<{EX}s> <{EX}p> {objects}, <{EX}x> ."), limits=limits
    )
    assert str(error) == f"{tmp_path / 'bad.ttl'}: more than max_triples = 10 triples"


@pytest.mark.parametrize(
    ("text", "construct"),
    [
        (f"<{EX}s> <{EX}p> <<( <{EX}a> <{EX}b> <{EX}c> )>> .", "<<("),  # triple term
        (f"<< <{EX}a> <{EX}b> <{EX}c> >> <{EX}p> <{EX}o> .", "<<"),  # reified triple
        (f"<{EX}a> <{EX}b> <{EX}c> ~ <{EX}r> .", "~"),  # reifier
        (f"<{EX}a> <{EX}b> <{EX}c> {{| <{EX}p> <{EX}o> |}} .", "{|"),  # annotation
    ],
)
def test_rdf12_triple_terms_are_refused(tmp_path: Path, text: str, construct: str) -> None:
    # The same characters in a comment and a literal (lines 2 and 3) are not syntax.
    path = write(tmp_path, "a.ttl", f'{TRIPLE}# << ~ {{|\n<{EX}s> <{EX}p> "<< ~ {{|" .\n{text}\n')
    error = refused(path)
    assert (error.line, error.column) == (4, text.index(construct) + 1)
    assert error.message.startswith("RDF 1.2 triple term, reified triple, reifier or annotation")


def test_rdf12_language_direction_is_refused(tmp_path: Path) -> None:
    line = f'<{EX}s> <{EX}p> "x"@ar--rtl .'
    error = refused(write(tmp_path, "a.nt", f'<{EX}s> <{EX}p> "@ar--rtl" .\n{line}\n'))
    assert (error.line, error.column) == (2, line.index("@") + 1)
    assert error.message.startswith("RDF 1.2 language direction")


def test_rdf12_version_directive_adds_nothing_and_is_accepted(tmp_path: Path) -> None:
    document = read_rdf(write(tmp_path, "a.ttl", f'VERSION "1.2"\n{TRIPLE}'))
    assert len(document.triples) == 1


def test_the_parser_message_is_one_short_line(tmp_path: Path) -> None:
    subject = '"' + "x\\n" * 1000 + '"'
    error = refused(write(tmp_path, "a.ttl", f"{subject} <{EX}p> <{EX}o> ."))
    assert len(error.message) <= len("syntax error: ") + 200
    assert error.message.endswith("…")


# -- the project's own files -----------------------------------------------------------


@pytest.mark.parametrize("path", CURATED, ids=[str(p.relative_to(REPO)) for p in CURATED])
def test_every_curated_file_passes_and_reads_as_rdflib_reads_it(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    document = read_rdf(path)
    assert document.triples
    expected = rdflib.Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    assert isomorphic(rdflib_graph(document.triples), rdf11_terms(expected))


def test_the_curated_files_are_all_there() -> None:
    assert len(CURATED) >= 9
    assert sum(len(read_rdf(path).triples) for path in CURATED) > 4000
