"""Parsing of canned query headers, and the errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from balkan_kg.query.catalog import CannedQuery, get_query, list_queries, parse_query_file
from balkan_kg.errors import InputError, UnknownQueryError
from balkan_kg.layout import Layout

GOOD = """\
# title: Members of an organisation
# description: Every state that is a member of the organisation, with the year
#   it joined.
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


def write(tmp_path: Path, text: str, name: str = "members.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_header_fields_params_and_examples_are_parsed(tmp_path: Path) -> None:
    query = parse_query_file(write(tmp_path, GOOD))
    assert query.name == "members"
    assert query.title == "Members of an organisation"
    assert query.description == (
        "Every state that is a member of the organisation, with the year it joined."
    )
    assert [(p.name, p.type, p.required) for p in query.params] == [
        ("org", "iri", False),
        ("asOf", "integer", False),
    ]
    assert query.params[1].description == ("Only memberships that began in or before this year.")
    assert query.examples == [{"org": "bk:NATO", "asOf": "2010"}, {"org": "bk:EU"}]
    assert query.text == GOOD
    assert query.param_line == 11


def test_query_without_params_needs_no_placeholder(tmp_path: Path) -> None:
    text = "# title: All\n# description: Everything.\nSELECT * WHERE { ?s ?p ?o }\n"
    query = parse_query_file(write(tmp_path, text))
    assert query.params == [] and query.param_line is None


@pytest.mark.parametrize(
    ("header", "line", "fragment"),
    [
        ("# title: T\n# description: D\n# author: me\n", 3, "unknown header key 'author'"),
        ("# title: T\n# description: D\n# param: org uri optional -- x\n", 3, "'uri'"),
        ("# title: T\n# description: D\n# param: org iri maybe -- x\n", 3, "NAME TYPE"),
        ("# title: T\n# description: D\n# param: org iri optional\n", 3, "NAME TYPE"),
        ("# title: T\n# title: U\n# description: D\n", 2, "given twice"),
        ("# description: D\n", 1, "no 'title'"),
        ("# title: T\n", 1, "no 'description'"),
        ("# title: T\n# description: D\n# just words\n", 3, "expected '# key: value'"),
        (
            "# title: T\n# description: D\n# param: a iri optional -- x\n# example: b=1\n",
            4,
            "undeclared parameter 'b'",
        ),
        (
            "# title: T\n# description: D\n# param: a integer optional -- x\n# example: a=x\n",
            4,
            "expects integer",
        ),
        (
            "# title: T\n# description: D\n# param: a iri optional -- x\n"
            "# param: a iri optional -- y\n",
            4,
            "declared twice",
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
    with pytest.raises(InputError, match="exactly one '#PARAMS'") as caught:
        parse_query_file(path)
    assert str(path) in str(caught.value)


def test_two_placeholders_are_refused_with_the_second_line(tmp_path: Path) -> None:
    text = (
        "# title: T\n# description: D\n# param: a iri optional -- x\n"
        "SELECT * {\n#PARAMS\n #PARAMS \n}\n"
    )
    with pytest.raises(InputError) as caught:
        parse_query_file(write(tmp_path, text))
    assert caught.value.line == 6


def test_list_and_get_queries_in_a_layout(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    write(tmp_path / "queries", GOOD, "members-since.rq")
    write(tmp_path / "queries", "# title: B\n# description: B.\nASK {}\n", "anything.rq")
    layout = Layout(tmp_path)
    assert [q.name for q in list_queries(layout)] == ["anything", "members-since"]
    assert get_query("members-since", layout).title == "Members of an organisation"


def test_unknown_query_suggests_close_names(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    write(tmp_path / "queries", GOOD, "members-since.rq")
    with pytest.raises(UnknownQueryError) as caught:
        get_query("member-since", Layout(tmp_path))
    assert caught.value.suggestions == ["members-since"]
    assert "did you mean 'members-since'" in str(caught.value)


def test_query_names_cannot_escape_the_queries_directory(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    write(tmp_path, GOOD, "secret.rq")
    with pytest.raises(UnknownQueryError):
        get_query("../secret", Layout(tmp_path))


def test_every_project_query_parses(real_layout: Layout) -> None:
    queries = list_queries(real_layout)
    for query in queries:
        assert query.title and query.description, query.path


def test_a_canned_query_is_a_frozen_value(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    query = parse_query_file(str(path))
    again = CannedQuery(**{f: getattr(query, f) for f in query._fields if f != "param_line"})
    assert query.path == path and isinstance(query.path, Path)
    assert query == again and query.param_line != again.param_line  # not compared
    assert repr(query).startswith("CannedQuery(name='members', title=")
    with pytest.raises(AttributeError, match="cannot assign"):
        query.name = "other"  # type: ignore[misc]
