"""The catalog of canned queries (:mod:`balkan_kg.query.catalog`): header parsing, the
errors that name file and line, and finding queries in a layout."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from balkan_kg.errors import InputError, UnknownQueryError
from balkan_kg.layout import Layout
from balkan_kg.query.catalog import (
    CannedQuery,
    Param,
    bind_canned,
    get_query,
    list_queries,
    parse_query_file,
    parse_query_text,
)
from balkan_kg.query.params import PARAMS_LINE
from balkan_kg.query.text import query_form

GOOD = """\
# title: Members of an organisation
# description: Every state that is a member of the organisation, with the year
#   it joined.
#
# param: org iri optional -- The organisation, e.g. bk:NATO.
# param: asOf integer optional -- Only memberships that began in or before
#   this year.
# example: org=bk:NATO asOf=2010
# example: org=bk:EU
PREFIX bkg: <https://w3id.org/balkan-kg/ontology#>
SELECT ?state ?since WHERE {
  #PARAMS
  ?state bkg:memberOf ?org .
}
"""


def write(folder: Path, text: str, name: str = "members.rq") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_header_fields_params_and_examples_are_parsed(tmp_path: Path) -> None:
    query = parse_query_file(write(tmp_path, GOOD))
    assert query.name == "members"
    assert query.title == "Members of an organisation"
    # a continuation line joins its key's value with one space; a bare "#" is skipped
    assert query.description == (
        "Every state that is a member of the organisation, with the year it joined."
    )
    assert query.params == (
        Param("org", "iri", False, "The organisation, e.g. bk:NATO."),
        Param("asOf", "integer", False, "Only memberships that began in or before this year."),
    )
    assert query.examples == ({"org": "bk:NATO", "asOf": "2010"}, {"org": "bk:EU"})
    assert query.text == GOOD
    assert query.param_line == 12
    assert GOOD.splitlines()[query.param_line - 1] == "  #PARAMS"


def test_a_param_is_found_by_name(tmp_path: Path) -> None:
    query = parse_query_file(write(tmp_path, GOOD))
    assert query.param("asOf") == query.params[1]
    assert query.param("since") is None


def test_examples_are_numbered_from_one_and_handed_out_as_copies(tmp_path: Path) -> None:
    query = parse_query_file(write(tmp_path, GOOD))
    assert query.example() == {"org": "bk:NATO", "asOf": "2010"}
    assert query.example(2) == {"org": "bk:EU"}
    copy = query.example(1)
    copy["org"] = "bk:EU"
    assert query.example(1)["org"] == "bk:NATO"


@pytest.mark.parametrize("number", [0, 3, -1])
def test_a_missing_example_number_says_how_many_there_are(tmp_path: Path, number: int) -> None:
    query = parse_query_file(write(tmp_path, GOOD))
    with pytest.raises(IndexError, match=f"'members' has 2 example\\(s\\), no example {number}"):
        query.example(number)


def test_query_without_params_needs_no_placeholder(tmp_path: Path) -> None:
    text = "# title: All\n# description: Everything.\nSELECT * WHERE { ?s ?p ?o }\n"
    query = parse_query_file(write(tmp_path, text))
    assert query.params == () and query.examples == () and query.param_line is None


def test_a_key_may_follow_the_hash_without_a_space(tmp_path: Path) -> None:
    text = "#title: T\n#description: D\nASK {}\n"
    query = parse_query_file(write(tmp_path, text))
    assert (query.title, query.description) == ("T", "D")


def test_the_header_ends_at_the_first_line_without_a_hash(tmp_path: Path) -> None:
    # "# author:" below the query's first line is a SPARQL comment, not a header key.
    text = "# title: T\n# description: D\nASK {\n# author: me\n}\n"
    assert parse_query_file(write(tmp_path, text)).title == "T"


@pytest.mark.parametrize(
    ("header", "line", "fragment"),
    [
        ("# title: T\n# description: D\n# author: me\n", 3, "unknown header key 'author'"),
        ("# title: T\n# description: D\n# param: org uri optional -- x\n", 3, "'uri'"),
        ("# title: T\n# description: D\n# param: org iri maybe -- x\n", 3, "NAME TYPE"),
        ("# title: T\n# description: D\n# param: org iri optional\n", 3, "NAME TYPE"),
        ("# title: T\n# description: D\n# param: 1org iri optional -- x\n", 3, "NAME TYPE"),
        ("# title: T\n# title: U\n# description: D\n", 2, "'title' given twice"),
        ("# title: T\n# description: D\n# description: E\n", 3, "'description' given twice"),
        ("# description: D\n", 1, "no 'title'"),
        ("# title: T\n", 1, "no 'description'"),
        ("# title:\n# description: D\n", 1, "empty value for 'title'"),
        ("# title: T\n# description: D\n# just words\n", 3, "expected '# key: value'"),
        ("#   stray\n# title: T\n# description: D\n", 1, "continuation line without a key"),
        (
            "# title: T\n# description: D\n# param: a iri optional -- x\n# example: b=1\n",
            4,
            "undeclared parameter 'b'",
        ),
        (
            "# title: T\n# description: D\n# param: a integer optional -- x\n# example: a=x\n",
            4,
            "example parameter 'a' expects integer, got 'x'",
        ),
        (
            "# title: T\n# description: D\n# param: a iri optional -- x\n# example: a\n",
            4,
            "example must be 'name=value' pairs, got 'a'",
        ),
        (
            "# title: T\n# description: D\n# param: a iri required -- x\n"
            "# param: b iri optional -- y\n# example: b=bk:NATO\n",
            5,
            "example lacks required parameter 'a'",
        ),
        (
            "# title: T\n# description: D\n# param: a iri optional -- x\n"
            "# param: a iri optional -- y\n",
            4,
            "parameter 'a' declared twice",
        ),
    ],
)
def test_malformed_header_is_an_error_naming_file_and_line(
    tmp_path: Path, header: str, line: int, fragment: str
) -> None:
    path = write(tmp_path, header + "SELECT * WHERE {\n  #PARAMS\n}\n")
    with pytest.raises(InputError) as caught:
        parse_query_file(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert fragment in str(caught.value)


def test_query_with_params_but_no_placeholder_is_refused(tmp_path: Path) -> None:
    text = "# title: T\n# description: D\n# param: a iri optional -- x\nSELECT * {}\n"
    path = write(tmp_path, text)
    with pytest.raises(InputError, match="exactly one '#PARAMS' line, found none") as caught:
        parse_query_file(path)
    assert caught.value.path == path and caught.value.line is None


def test_two_placeholders_are_refused_with_the_second_line(tmp_path: Path) -> None:
    text = (
        "# title: T\n# description: D\n# param: a iri optional -- x\n"
        "SELECT * {\n#PARAMS\n #PARAMS \n}\n"
    )
    with pytest.raises(InputError, match="exactly one '#PARAMS' line, found 2") as caught:
        parse_query_file(write(tmp_path, text))
    assert caught.value.line == 6


def test_two_placeholders_are_refused_in_a_query_without_params(tmp_path: Path) -> None:
    text = "# title: T\n# description: D\nSELECT * {\n#PARAMS\n#PARAMS\n}\n"
    with pytest.raises(InputError, match="more than one '#PARAMS' line") as caught:
        parse_query_file(write(tmp_path, text))
    assert caught.value.line == 5


def test_a_placeholder_needs_a_line_of_its_own(tmp_path: Path) -> None:
    # "?s #PARAMS" is a comment after a pattern, not the placeholder line.
    text = "# title: T\n# description: D\n# param: a iri optional -- x\nSELECT * { ?s #PARAMS\n}\n"
    with pytest.raises(InputError, match="found none"):
        parse_query_file(write(tmp_path, text))


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "file not found"), (b"# title: \xff\n", "cannot read file")],
)
def test_an_unreadable_file_is_an_input_error_naming_it(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "broken.rq"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        parse_query_file(path)
    assert caught.value.path == path and caught.value.line is None


def test_parse_query_text_names_the_query_after_the_path() -> None:
    query = parse_query_text(GOOD, "somewhere/members-since.rq")
    assert query.name == "members-since"
    assert query.path == Path("somewhere/members-since.rq")


def test_list_and_get_queries_in_a_layout(tmp_path: Path) -> None:
    write(tmp_path / "queries", GOOD, "members-since.rq")
    write(tmp_path / "queries", "# title: B\n# description: B.\nASK {}\n", "anything.rq")
    write(tmp_path / "queries", "not a query", "README.md")
    layout = Layout(tmp_path)
    assert [q.name for q in list_queries(layout)] == ["anything", "members-since"]
    assert get_query("members-since", layout).title == "Members of an organisation"


def test_an_edited_query_file_is_read_anew(tmp_path: Path) -> None:
    """Parsed queries are remembered by their text, so an edit is seen at once, even
    one that keeps the file's size and modification time."""
    path = write(tmp_path / "queries", GOOD, "members-since.rq")
    layout = Layout(tmp_path)
    assert get_query("members-since", layout).title == "Members of an organisation"
    before = path.stat()
    path.write_text(GOOD.replace("organisation\n", "organizat1on\n", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert get_query("members-since", layout).title == "Members of an organizat1on"
    path.write_text("# title: Broken\nSELECT * WHERE {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="description"):
        get_query("members-since", layout)


def test_the_examples_of_a_shared_query_cannot_be_changed(tmp_path: Path) -> None:
    """The same text gives the same parsed query to every caller, so no caller may
    change what the next one gets."""
    write(tmp_path / "queries", GOOD, "members-since.rq")
    layout = Layout(tmp_path)
    query = get_query("members-since", layout)
    with pytest.raises(TypeError):
        query.examples[0]["org"] = "bk:EU"  # type: ignore[index]
    mine = query.example(1)
    mine["org"] = "bk:EU"
    assert get_query("members-since", layout).example(1) == {"org": "bk:NATO", "asOf": "2010"}


def test_list_queries_reports_the_first_malformed_file(tmp_path: Path) -> None:
    write(tmp_path / "queries", GOOD, "a.rq")
    bad = write(tmp_path / "queries", "# title: T\n", "b.rq")
    with pytest.raises(InputError) as caught:
        list_queries(Layout(tmp_path))
    assert caught.value.path == bad


def test_unknown_query_suggests_close_names(tmp_path: Path) -> None:
    write(tmp_path / "queries", GOOD, "members-since.rq")
    with pytest.raises(UnknownQueryError) as caught:
        get_query("member-since", Layout(tmp_path))
    assert caught.value.name == "member-since"
    assert caught.value.suggestions == ["members-since"]
    assert str(caught.value) == (
        "unknown query 'member-since'; did you mean 'members-since'? "
        "(run 'balkan-kg queries' for the list)"
    )


def test_unknown_query_without_a_close_name_suggests_nothing(tmp_path: Path) -> None:
    write(tmp_path / "queries", GOOD, "members-since.rq")
    with pytest.raises(UnknownQueryError) as caught:
        get_query("zzz", Layout(tmp_path))
    assert caught.value.suggestions == []
    assert "did you mean" not in str(caught.value)


@pytest.mark.parametrize("name", ["../secret", "..\\secret", "sub/members"])
def test_query_names_cannot_escape_the_queries_directory(tmp_path: Path, name: str) -> None:
    write(tmp_path / "queries", GOOD, "members.rq")
    write(tmp_path, GOOD, "secret.rq")
    write(tmp_path / "queries" / "sub", GOOD, "members.rq")
    with pytest.raises(UnknownQueryError):
        get_query(name, Layout(tmp_path))


def test_a_canned_query_is_a_frozen_value(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    query = parse_query_file(str(path))
    fields = {f.name: getattr(query, f.name) for f in dataclasses.fields(query)}
    again = CannedQuery(**{**fields, "param_line": None})
    assert query.path == path and isinstance(query.path, Path)
    assert query == again and query.param_line != again.param_line  # not compared
    assert query != dataclasses.replace(query, title="Other")
    assert repr(query).startswith("CannedQuery(name='members', title=")
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.name = "other"  # type: ignore[misc]


def test_param_declarations_compare_by_value() -> None:
    assert Param("a", "iri", True, "x") == Param("a", "iri", True, "x")
    assert Param("a", "iri", True, "x") != Param("a", "iri", False, "x")


# --- the project's own catalog ------------------------------------------------------------


def test_every_project_query_parses_and_is_read_only(real_layout: Layout) -> None:
    queries = list_queries(real_layout)
    assert len(queries) >= 33
    for query in queries:
        assert query.title and query.description, query.path
        assert query_form(query.text) in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), query.path


def test_every_project_query_with_params_has_its_placeholder(real_layout: Layout) -> None:
    for query in list_queries(real_layout):
        lines = query.text.splitlines()
        if query.params:
            assert query.param_line is not None, query.name
            assert PARAMS_LINE.fullmatch(lines[query.param_line - 1]), query.name


def test_every_example_of_every_project_query_binds(real_layout: Layout) -> None:
    examples = 0
    for query in list_queries(real_layout):
        for number in range(1, len(query.examples) + 1):
            bound = bind_canned(query, query.example(number))
            assert not PARAMS_LINE.search(bound), (query.name, number)
            assert "VALUES (" in bound, (query.name, number)
            examples += 1
    assert examples >= 33
