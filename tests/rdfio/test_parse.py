"""Reading RDF files (``balkan_kg.rdfio.parse``): strictly, naming file, line and column.

Expected positions are read off the test inputs by hand: lines and columns count from 1,
and a column is where the offending token starts.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Literal, URIRef

from balkan_kg.errors import InputError
from balkan_kg.layout import Layout
from balkan_kg.rdfio.bridge import new_graph
from balkan_kg.rdfio.gate import FORMATS
from balkan_kg.rdfio.parse import load_store, parse_files, read_triples

HEADER = "@prefix ex: <http://example.org/> .\n"
EX = "http://example.org/"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_good_files_are_parsed_into_one_graph(tmp_path: Path) -> None:
    write(tmp_path / "a.ttl", HEADER + "ex:a ex:p ex:b .\n")
    write(tmp_path / "b.nt", f'<{EX}c> <{EX}p> "x" .\n')
    graph = parse_files([tmp_path / "a.ttl", tmp_path / "b.nt"])
    assert set(graph) == {
        (URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b")),
        (URIRef(EX + "c"), URIRef(EX + "p"), Literal("x")),
    }


def test_files_are_added_to_the_graph_given(tmp_path: Path) -> None:
    graph = new_graph()
    graph.add((URIRef(EX + "old"), URIRef(EX + "p"), URIRef(EX + "o")))
    same = parse_files([write(tmp_path / "a.ttl", HEADER + "ex:a ex:p ex:b .\n")], graph)
    assert same is graph
    assert len(graph) == 2


def test_read_triples_gives_pyoxigraph_triples(tmp_path: Path) -> None:
    path = write(tmp_path / "a.ttl", HEADER + 'ex:a ex:p "x"@en , 5 .\n')
    triples = read_triples(path)
    assert all(isinstance(t, pyoxigraph.Triple) for t in triples)
    ex = pyoxigraph.NamedNode
    assert set(triples) == {
        pyoxigraph.Triple(ex(EX + "a"), ex(EX + "p"), pyoxigraph.Literal("x", language="en")),
        pyoxigraph.Triple(
            ex(EX + "a"),
            ex(EX + "p"),
            pyoxigraph.Literal("5", datatype=ex("http://www.w3.org/2001/XMLSchema#integer")),
        ),
    }


@pytest.mark.parametrize(
    ("body", "line", "column"),
    [
        # Line 3 is "ex:c ex:p ex:d ex:e .": a fourth term where "." is due, at column 16.
        ("ex:a ex:p ex:b .\nex:c ex:p ex:d ex:e .\n", 3, 16),
        # Line 5 opens a string at column 11 that the file never closes.
        ('ex:a ex:p ex:b .\n\n\nex:c ex:p "open .\n', 5, 11),
        # Line 3 starts with an undeclared prefix.
        ("ex:a ex:p ex:b .\nnope:c ex:p ex:d .\n", 3, 1),
        # Line 2, column 6: an IRI with a space, which rdflib's parser would let through.
        ("ex:a <http://example.org/a b> ex:b .\n", 2, 6),
    ],
)
def test_syntax_error_names_file_line_and_column(
    tmp_path: Path, body: str, line: int, column: int
) -> None:
    path = write(tmp_path / "broken.ttl", HEADER + body)
    for read in (parse_files, lambda paths: load_store(pyoxigraph.Store(), paths[0])):
        with pytest.raises(InputError) as caught:
            read([path])
        error = caught.value
        assert (error.path, error.line, error.column) == (path, line, column)
        message = str(error)
        assert message.startswith(f"{path}:{line}:{column}: syntax error: ")
        assert "\n" not in message
        # The position is said once, in front, not again in pyoxigraph's words.
        assert "Parser error" not in message and "line" not in message.split(": ", 1)[1]


def test_a_syntax_error_in_n_triples_names_its_position(tmp_path: Path) -> None:
    # N-Triples has no prefixes: "ex:a" on line 2, column 1, is not a term.
    path = write(tmp_path / "broken.nt", f"<{EX}a> <{EX}p> <{EX}b> .\nex:a <{EX}p> <{EX}b> .\n")
    with pytest.raises(InputError) as caught:
        read_triples(path)
    assert (caught.value.line, caught.value.column) == (2, 1)


def test_a_named_graph_in_n_triples_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path / "quad.nt", f"<{EX}a> <{EX}p> <{EX}b> <{EX}g> .\n")
    with pytest.raises(InputError, match="syntax error") as caught:
        read_triples(path)
    assert caught.value.line == 1


def test_bytes_that_are_not_utf8_are_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes(HEADER.encode() + 'ex:a ex:p "Shqip\xebria" .\n'.encode("latin-1"))
    with pytest.raises(InputError) as caught:
        parse_files([path])
    assert caught.value.path == path
    assert caught.value.line == 2


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.ttl"
    for read in (parse_files, lambda paths: load_store(pyoxigraph.Store(), paths[0])):
        with pytest.raises(InputError, match="file not found") as caught:
            read([path])
        assert caught.value.path == path and caught.value.line is None
        assert str(caught.value) == f"{path}: file not found"


def test_a_directory_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "dir.ttl"
    path.mkdir()
    for read in (parse_files, lambda paths: load_store(pyoxigraph.Store(), paths[0])):
        with pytest.raises(InputError, match="cannot read file|not a regular file") as caught:
            read([path])
        assert caught.value.path == path


@pytest.mark.parametrize("name", ["data.rdf", "data.jsonld", "data.n3", "data.txt", "data"])
def test_unsupported_suffixes_are_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, f"<{EX}a> <{EX}p> <{EX}b> .\n")
    for read in (parse_files, lambda paths: load_store(pyoxigraph.Store(), paths[0])):
        with pytest.raises(InputError, match="reads only Turtle") as caught:
            read([path])
        assert caught.value.path == path
        assert ".ttl" in str(caught.value) and ".nt" in str(caught.value)


def test_the_suffix_is_read_without_regard_to_case(tmp_path: Path) -> None:
    assert set(FORMATS) == {".ttl", ".nt"}
    path = write(tmp_path / "DATA.TTL", HEADER + "ex:a ex:p ex:b .\n")
    assert len(read_triples(path)) == 1


def test_relative_iris_are_resolved_against_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "rel.ttl", "<a> <#p> <../up> .\n")
    base = path.resolve().as_uri()  # file:///.../rel.ttl
    directory = base.rsplit("/", 1)[0]
    expected = (
        URIRef(directory + "/a"),
        URIRef(base + "#p"),
        URIRef(directory.rsplit("/", 1)[0] + "/up"),
    )
    assert set(parse_files([path])) == {expected}
    store = pyoxigraph.Store()
    load_store(store, path)
    assert [str(q.subject.value) for q in store] == [str(expected[0])]


def test_a_base_in_the_file_wins_over_the_file_s_place(tmp_path: Path) -> None:
    path = write(tmp_path / "based.ttl", "@base <http://example.org/dir/> .\n<a> <p> <b> .\n")
    assert set(parse_files([path])) == {
        (URIRef(EX + "dir/a"), URIRef(EX + "dir/p"), URIRef(EX + "dir/b"))
    }


def test_blank_nodes_are_scoped_per_file(tmp_path: Path) -> None:
    one = write(tmp_path / "one.ttl", HEADER + '_:b ex:p "one" .\n_:b ex:q "both" .\n')
    two = write(tmp_path / "two.nt", f'_:b <{EX}p> "two" .\n')
    graph = parse_files([one, two])
    blanks = {s for s in graph.subjects() if isinstance(s, BNode)}
    assert len(blanks) == 2  # _:b of one file is not _:b of the other
    first = graph.value(predicate=URIRef(EX + "p"), object=Literal("one"))
    assert graph.value(first, URIRef(EX + "q")) == Literal("both")  # same label, same file
    assert graph.value(predicate=URIRef(EX + "p"), object=Literal("two")) != first


def test_blank_nodes_of_two_reads_of_one_file_are_kept_apart(tmp_path: Path) -> None:
    path = write(tmp_path / "one.ttl", HEADER + '_:b ex:p "x" .\n')
    graph = parse_files([path])
    parse_files([path], graph)
    assert len(graph) == 2


def test_project_sources_parse(real_layout: Layout) -> None:
    graph = parse_files(real_layout.source_files())
    assert len(graph) > 0
    assert len(parse_files([real_layout.shapes])) > 0


def test_an_error_in_a_later_file_names_that_file(tmp_path: Path, mini: Layout) -> None:
    broken = write(tmp_path / "z.ttl", HEADER + "ex:a ex:p .\n")
    with pytest.raises(InputError) as caught:
        parse_files([*mini.source_files(), broken])
    assert caught.value.path == broken
    assert (caught.value.line, caught.value.column) == (2, 11)
