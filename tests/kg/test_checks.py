"""Quality checks (``balkan_kg.kg.checks``): scopes, rows, and errors naming the file.

``tests/data/test_ontology.py`` runs the project's own check queries with its own runner;
this module tests the package's runner, :func:`run_checks`, and the ``# scope:``
header reader, :func:`check_scope`, on small graphs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from balkan_kg.errors import InputError
from balkan_kg.kg.checks import CHECK_LIMITS, check_scope, run_checks
from balkan_kg.layout import Layout
from balkan_kg.namespaces import PREFIXES
from balkan_kg.rdfio.bridge import new_graph
from balkan_kg.rdfio.parse import parse_files

TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
ONTOLOGY = """
bkg:Actor a owl:Class .
bkg:State a owl:Class ; rdfs:subClassOf bkg:Actor .
bkg:memberOf a owl:ObjectProperty .
"""
DATA = """
bk:Albania a bkg:State ; bkg:memberOf bk:NATO .
bk:NATO rdfs:label "NATO"@en .
"""
BOTH = frozenset({"ontology", "data"})


def turtle(text: str) -> Graph:
    graph = new_graph()
    graph.parse(data=TURTLE_PREFIXES + text, format="turtle")
    return graph


def check(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# check_scope
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "scope"),
    [
        ("# scope: ontology\n", {"ontology"}),
        ("# scope: data\n", {"data"}),
        ("# scope: ontology+data\n", BOTH),
        ("# scope: data+ontology\n", BOTH),
        ("#scope:data\n", {"data"}),
        ("#  scope:   ontology   \n", {"ontology"}),
        ("# title: T\n# problem: P\n# scope: data\n", {"data"}),
        ("", BOTH),  # no header: both graphs
        ("# title: T\n", BOTH),
        ("SELECT ?x WHERE { ?x ?p ?o }\n# scope: data\n", BOTH),  # after the header
    ],
)
def test_check_scope_reads_the_header(header: str, scope: set[str], tmp_path: Path) -> None:
    text = header + "SELECT ?x WHERE { ?x ?p ?o }\n"
    assert check_scope(text, tmp_path / "c.rq") == frozenset(scope)


@pytest.mark.parametrize(
    ("header", "line"),
    [
        ("# scope: everything\n", 1),
        ("# title: T\n# scope: ontology+\n", 2),
        ("# title: T\n# problem: P\n# scope: data+shapes\n", 3),
    ],
)
def test_an_unknown_scope_is_an_error_naming_file_and_line(
    header: str, line: int, tmp_path: Path
) -> None:
    path = tmp_path / "c.rq"
    with pytest.raises(InputError, match="unknown scope") as caught:
        check_scope(header + "SELECT * {}\n", path)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert "ontology, data or ontology+data" in str(caught.value)


# ---------------------------------------------------------------------------------------
# run_checks
# ---------------------------------------------------------------------------------------


@pytest.fixture
def graphs() -> tuple[Graph, Graph]:
    return turtle(ONTOLOGY), turtle(DATA)


def test_passing_checks_give_no_failures(graphs: tuple[Graph, Graph], tmp_path: Path) -> None:
    ontology, data = graphs
    files = [
        check(tmp_path, "no-self-membership", "SELECT ?x WHERE { ?x bkg:memberOf ?x }"),
        check(tmp_path, "no-unlabelled-orgs", "SELECT ?x WHERE { ?x a bkg:Organisation }"),
    ]
    assert run_checks(ontology, data, files) == {}
    assert run_checks(ontology, data, []) == {}


def test_a_failing_check_gives_its_rows_with_prefixed_names(
    graphs: tuple[Graph, Graph], tmp_path: Path
) -> None:
    ontology, data = graphs
    files = [
        check(tmp_path, "members", "SELECT ?state ?org WHERE { ?state bkg:memberOf ?org }"),
        check(
            tmp_path,
            "labels",
            "SELECT ?x ?label ?none WHERE { ?x rdfs:label ?label OPTIONAL { ?x bk:no ?none } }",
        ),
        check(tmp_path, "passes", "SELECT ?x WHERE { ?x a bkg:Nothing }"),
    ]
    assert run_checks(ontology, data, files) == {
        "members": ["state=bk:Albania, org=bk:NATO"],
        "labels": ["x=bk:NATO, label=NATO, none="],
    }


@pytest.mark.parametrize(
    ("scope", "finds"),
    [
        ("ontology", ["bkg:Actor", "bkg:State", "bkg:memberOf"]),
        ("data", ["bk:Albania"]),
        ("ontology+data", ["bk:Albania", "bkg:Actor", "bkg:State", "bkg:memberOf"]),
        (None, ["bk:Albania", "bkg:Actor", "bkg:State", "bkg:memberOf"]),
    ],
)
def test_a_check_judges_only_the_graphs_its_scope_names(
    graphs: tuple[Graph, Graph], tmp_path: Path, scope: str | None, finds: list[str]
) -> None:
    ontology, data = graphs
    header = f"# scope: {scope}\n" if scope else ""
    # Every subject with a type: classes in the ontology, the state in the data.
    path = check(tmp_path, "typed", header + "SELECT DISTINCT ?x WHERE { ?x a ?t } ORDER BY ?x")
    failures = run_checks(ontology, data, [path])
    assert failures == {"typed": [f"x={name}" for name in finds]}


def test_checks_see_asserted_triples_only(graphs: tuple[Graph, Graph], tmp_path: Path) -> None:
    ontology, data = graphs
    # bk:Albania is a bkg:Actor only by inference (bkg:State rdfs:subClassOf bkg:Actor).
    path = check(tmp_path, "actors", "SELECT ?x WHERE { ?x a bkg:Actor }")
    assert run_checks(ontology, data, [path]) == {}


def test_checks_leave_the_graphs_alone(graphs: tuple[Graph, Graph], tmp_path: Path) -> None:
    ontology, data = graphs
    before = (set(ontology), set(data))
    run_checks(ontology, data, [check(tmp_path, "any", "SELECT * WHERE { ?s ?p ?o }")])
    assert (set(ontology), set(data)) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ASK { ?s ?p ?o }", "a check must be a SELECT query, not ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "not CONSTRUCT"),
        ("SELECT ?x WHERE { ?x bkg:memberOf }", "syntax error"),
        ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed"),
        ("# scope: both\nSELECT * {}", "unknown scope"),
    ],
)
def test_a_bad_check_is_an_input_error_naming_the_file(
    graphs: tuple[Graph, Graph], tmp_path: Path, text: str, message: str
) -> None:
    ontology, data = graphs
    good = check(tmp_path, "good", "SELECT ?x WHERE { ?x a bkg:Nothing }")
    bad = check(tmp_path, "bad", text)
    with pytest.raises(InputError, match=message) as caught:
        run_checks(ontology, data, [good, bad])
    assert caught.value.path == bad


def test_an_unreadable_check_is_an_input_error(graphs: tuple[Graph, Graph], tmp_path: Path) -> None:
    ontology, data = graphs
    missing = tmp_path / "missing.rq"
    with pytest.raises(InputError, match="cannot read check") as caught:
        run_checks(ontology, data, [missing])
    assert caught.value.path == missing
    latin1 = tmp_path / "latin1.rq"
    latin1.write_bytes("# Shqip\xebria\nSELECT * {}".encode("latin-1"))
    with pytest.raises(InputError, match="cannot read check"):
        run_checks(ontology, data, [latin1])


def test_checks_run_without_a_time_limit_or_row_cap() -> None:
    assert (CHECK_LIMITS.timeout, CHECK_LIMITS.max_rows) == (None, None)


def test_the_mini_project_passes_its_check_until_broken(mini: Layout) -> None:
    ontology = parse_files(mini.ontology_files)
    data = parse_files(mini.data_files())
    assert run_checks(ontology, data, mini.check_files()) == {}
    data += turtle("bk:Albania bkg:memberOf bk:Albania .\n")
    assert run_checks(ontology, data, mini.check_files()) == {
        "no-self-membership": ["x=bk:Albania"]
    }


def test_the_project_passes_its_checks(real_layout: Layout) -> None:
    ontology = parse_files(real_layout.ontology_files)
    data = parse_files(real_layout.data_files())
    files = real_layout.check_files()
    assert files
    assert run_checks(ontology, data, files) == {}
