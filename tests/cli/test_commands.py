"""What each ``balkan-kg`` command does (``balkan_kg.cli.commands``), run through ``main``.

The commands run on the mini project of ``conftest.py`` (Albania a NATO member in the
text, Montenegro in the external facts). Every output format is parsed back, by
pyoxigraph or rdflib (SPARQL CSV by the csv module: pyoxigraph does not read it, the
format being lossy), and compared with the answer worked out from the mini data. Every
failure is one line on standard error, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from balkan_kg import layout as layout_module
from balkan_kg.cli import main
from balkan_kg.cli.parser import PROG
from balkan_kg.layout import BUILD_DIR_ENV, Layout
from balkan_kg.query.engines import ENDPOINT_ENV, ENGINE_ENV, GRAPH_ENV
from balkan_kg.query.results import TABLE_CELL_WIDTH
from servers import Reply, ScriptedServer, free_port, json_results

BK = "https://w3id.org/balkan-kg/id/"
BKG = "https://w3id.org/balkan-kg/ontology#"
GOOD = (
    "@prefix bkg: <https://w3id.org/balkan-kg/ontology#> .\n"
    "@prefix bk: <https://w3id.org/balkan-kg/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'bk:Albania a bkg:State ; rdfs:label "Albania"@en .\n'
)
MEMBERS = ["query", "members", "--param", "org=bk:NATO"]
HAS_MEMBER = "CONSTRUCT { ?org bkg:hasMember ?state } WHERE { ?state bkg:memberOf ?org }"


def error_line(err: str) -> str:
    """The one line of an error on standard error, checked to be the only one."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{PROG}: error: "), err
    return lines[0]


@pytest.fixture
def use_mini(mini: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Layout]:
    """Point the command line at the mini project and a temporary build directory."""
    monkeypatch.setattr(layout_module, "checkout_root", lambda: mini.root)
    monkeypatch.setenv(BUILD_DIR_ENV, str(tmp_path / "build"))
    for name in (ENGINE_ENV, ENDPOINT_ENV, GRAPH_ENV, "BALKAN_KG_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    yield mini


@pytest.fixture
def built(use_mini: Layout, capsys: pytest.CaptureFixture[str]) -> Layout:
    assert main(["build"]) == 0
    capsys.readouterr()
    return use_mini


def build_dir(tmp_path: Path) -> Path:
    return tmp_path / "build"


# ---------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------


def test_build_then_up_to_date(
    use_mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    merged = len((build_dir(tmp_path) / "merged.nt").read_text().splitlines())
    inferred = len((build_dir(tmp_path) / "inferred.nt").read_text().splitlines())
    assert out == (
        f"built: {build_dir(tmp_path)} ({merged} asserted, {inferred} inferred triples)\n"
    )
    assert main(["build"]) == 0
    assert capsys.readouterr().out.startswith(f"up to date: {build_dir(tmp_path)} (")
    assert main(["build", "--force", "--reasoner", "owlrl", "--validator", "pyshacl"]) == 0
    assert capsys.readouterr().out.startswith("built: ")


def test_build_without_external_facts_and_elsewhere(
    use_mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--no-external", "--out", str(tmp_path / "other")]) == 0
    assert capsys.readouterr().out.startswith(f"built: {tmp_path / 'other' / 'text-only'} (")
    assert "Montenegro" not in (tmp_path / "other" / "text-only" / "merged.nt").read_text()


@pytest.mark.parametrize(
    ("out", "why"),
    [
        ("/dev/null", "refusing to build into /dev/null: /dev belongs to the system"),
        ("/proc/self", "refusing to build into /proc/self: /proc belongs to the system"),
        ("data", "refusing to build into {data}: it is inside {data}"),
        ("a-file", "cannot use {file} as the build directory: it is not a directory"),
    ],
)
def test_build_refuses_an_unsafe_directory_in_one_line(
    use_mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str, why: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    places = {"data": str(use_mini.data_dir.resolve()), "file": str(tmp_path / "a-file")}
    target = {"data": places["data"], "a-file": places["file"]}.get(out, out)
    assert main(["build", "--out", target]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert error_line(captured.err) == f"{PROG}: error: " + why.format(**places)


def test_build_of_data_that_breaks_the_shapes_exits_1(
    use_mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (use_mini.data_dir / "facts.ttl").open("a") as handle:
        handle.write("\nbk:Kosovo a bkg:State .\n")
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{PROG}: error: the data does not conform to the shapes:\n")
    assert "Violation: bk:Kosovo rdfs:label: every actor needs a label" in err
    assert "Traceback" not in err
    assert not build_dir(tmp_path).exists()


# ---------------------------------------------------------------------------------------
# validate
# ---------------------------------------------------------------------------------------


def validate_args(mini: Layout, *files: Path) -> list[str]:
    return ["validate", "--shapes", str(mini.shapes), "--ontology", str(mini.ontology)] + [
        str(f) for f in files
    ]


def test_validate_conforming_file_exits_0(
    mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(GOOD)
    assert main(validate_args(mini, good)) == 0
    assert capsys.readouterr().out == "Conforms.\n"


def test_validate_violations_exit_1_with_the_report(
    mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(GOOD + "bk:Kosovo a bkg:State .\n")
    for validator in ("fast", "pyshacl"):
        assert main([*validate_args(mini, bad), "--validator", validator]) == 1
        captured = capsys.readouterr()
        assert captured.out == "Violation: bk:Kosovo rdfs:label: every actor needs a label\n"
        assert captured.err == ""


def test_validate_unreadable_file_exits_2_naming_file_line_and_column(
    mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(GOOD + "bk:x bkg:y .\n")  # line 5: "." where the object is due
    assert main(validate_args(mini, broken)) == 2
    line = error_line(capsys.readouterr().err)
    assert line.startswith(f"{PROG}: error: {broken}:5:12: syntax error: ")


def test_validate_missing_file_exits_2(
    mini: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(validate_args(mini, tmp_path / "absent.ttl")) == 2
    assert error_line(capsys.readouterr().err) == (
        f"{PROG}: error: {tmp_path / 'absent.ttl'}: file not found"
    )


def test_validate_project_data_runs_checks(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "Conforms.\nAll 1 quality checks passed.\n"


def test_validate_failing_check_exits_1(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    with (use_mini.data_dir / "facts.ttl").open("a") as handle:
        handle.write("\nbk:Albania bkg:memberOf bk:Albania .\n")
    assert main(["validate"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "Conforms.\n"
    assert captured.err == (
        f"{PROG}: error: 1 quality check(s) failed:\n"
        "  no-self-membership: 1 row(s)\n"
        "    x=bk:Albania\n"
    )


def test_validate_without_external_facts(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    with (use_mini.external_dir / "wikidata.ttl").open("a") as handle:
        handle.write("\nbk:Kosovo a bkg:State .\n")  # a violation in the external facts
    assert main(["validate"]) == 1
    capsys.readouterr()
    assert main(["validate", "--no-external"]) == 0


def test_checks_judge_only_the_graphs_their_scope_names(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    states = "SELECT ?s WHERE { ?s a bkg:State }\n"  # states are in the data only
    (use_mini.checks_dir / "no-states.rq").write_text("# scope: ontology\n" + states)
    assert main(["validate"]) == 0
    (use_mini.checks_dir / "no-states.rq").write_text("# scope: ontology+data\n" + states)
    assert main(["validate"]) == 1
    capsys.readouterr()
    (use_mini.checks_dir / "no-states.rq").write_text("# scope: everything\n" + states)
    assert main(["validate"]) == 2
    assert "no-states.rq:1: unknown scope 'everything'" in error_line(capsys.readouterr().err)


# ---------------------------------------------------------------------------------------
# queries
# ---------------------------------------------------------------------------------------


def test_queries_lists_the_catalogue(use_mini: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["queries"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "members: Members of an organisation",
        "    --param org=<iri>  (required) The organisation, e.g. bk:NATO.",
        f"    e.g. {PROG} query members --param org=bk:NATO",
        "provenance: Provenance of a term",
        "    --param term=<iri>  (required) The term, e.g. bk:Albania.",
    ]


# ---------------------------------------------------------------------------------------
# query and sparql: results and formats
# ---------------------------------------------------------------------------------------

MEMBER_ROWS = [
    (f"{BK}Albania", "Albania"),
    (f"{BK}Montenegro", "Montenegro"),
]
"""What the members query answers for bk:NATO on the mini project, in label order."""


def test_query_prints_a_table(built: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(MEMBERS) == 0
    assert capsys.readouterr().out.splitlines() == [
        "state          label",
        "-------------  ----------",
        "bk:Albania     Albania",
        "bk:Montenegro  Montenegro",
        "(2 rows)",
    ]


def oxigraph_rows(text: str, results_format: object) -> list[tuple[str, ...]]:
    solutions = pyoxigraph.parse_query_results(text, format=results_format)
    assert [v.value for v in solutions.variables] == ["state", "label"]
    return [tuple(solution[name].value for name in ("state", "label")) for solution in solutions]


@pytest.mark.parametrize("name", ["json", "xml", "tsv"])
def test_select_results_formats_read_back(
    built: Layout, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main([*MEMBERS, "--format", name]) == 0
    text = capsys.readouterr().out
    results_format = getattr(pyoxigraph.QueryResultsFormat, name.upper())
    assert oxigraph_rows(text, results_format) == MEMBER_ROWS
    solutions = pyoxigraph.parse_query_results(text, format=results_format)
    labels = [solution["label"] for solution in solutions]
    assert all(label.language == "en" for label in labels)


def test_select_json_is_sparql_json(built: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "members", "--example", "-f", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["head"]["vars"] == ["state", "label"]
    assert document["results"]["bindings"][0] == {
        "state": {"type": "uri", "value": f"{BK}Albania"},
        "label": {"type": "literal", "value": "Albania", "xml:lang": "en"},
    }


def test_select_csv_is_sparql_csv(built: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*MEMBERS, "--no-external", "-f", "csv"]) == 0
    text = capsys.readouterr().out
    # SPARQL 1.1 CSV: CRLF line ends, IRIs and literals as their bare text.
    assert text == f"state,label\r\n{BK}Albania,Albania\r\n"
    assert list(csv.reader(io.StringIO(text))) == [["state", "label"], [f"{BK}Albania", "Albania"]]


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv", "table"])
def test_ask_in_every_results_format(
    built: Layout, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["sparql", "ASK { bk:NATO bkg:hasMember bk:Albania }", "-f", name]) == 0
    text = capsys.readouterr().out
    if name in ("json", "xml"):
        results_format = getattr(pyoxigraph.QueryResultsFormat, name.upper())
        assert bool(pyoxigraph.parse_query_results(text, format=results_format)) is True
    else:
        assert text == "true\n"


def expected_members_graph() -> Graph:
    graph = Graph()
    for state, _ in MEMBER_ROWS:
        graph.add((URIRef(f"{BK}NATO"), URIRef(f"{BKG}hasMember"), URIRef(state)))
    return graph


GRAPH_READERS = {
    "turtle": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
}


def read_back(text: str, name: str) -> Graph:
    """``text`` read by rdflib, after checking that pyoxigraph reads the same triples."""
    rdflib_name, oxigraph_format = GRAPH_READERS[name]
    graph = Graph().parse(data=text, format=rdflib_name)
    triples = list(pyoxigraph.parse(text.encode(), format=oxigraph_format))
    assert len(triples) == len(graph)
    by_oxigraph = Graph().parse(data="".join(f"{q.triple} .\n" for q in triples), format="nt")
    assert isomorphic(by_oxigraph, graph)
    return graph


@pytest.mark.parametrize("name", GRAPH_READERS)
def test_construct_in_every_graph_format(
    built: Layout, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["sparql", HAS_MEMBER, "--format", name]) == 0
    assert isomorphic(read_back(capsys.readouterr().out, name), expected_members_graph())


@pytest.mark.parametrize("name", GRAPH_READERS)
def test_describe_in_every_graph_format(
    built: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["sparql", "DESCRIBE bk:NATO", "-f", name]) == 0
    described = read_back(capsys.readouterr().out, name)
    # The description of an IRI: every triple of the build with it as subject.
    expected = Graph()
    for file in ("merged.nt", "inferred.nt"):
        for triple in Graph().parse(build_dir(tmp_path) / file):
            if triple[0] == URIRef(f"{BK}NATO"):
                expected.add(triple)
    assert len(expected) >= 4
    assert isomorphic(described, expected)


def test_a_graph_as_a_table(built: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", HAS_MEMBER]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "subject  predicate      object",
        "-------  -------------  -------------",
        "bk:NATO  bkg:hasMember  bk:Albania",
        "bk:NATO  bkg:hasMember  bk:Montenegro",
        "(2 triples)",
    ]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ([*MEMBERS, "--format", "turtle"], "--format turtle: a SELECT result"),
        ([*MEMBERS, "-f", "jsonld"], "--format jsonld: a SELECT result"),
        (["sparql", "ASK { ?s ?p ?o }", "-f", "nt"], "--format nt: an ASK result"),
        (["sparql", HAS_MEMBER, "-f", "json"], "--format json: a CONSTRUCT result is a graph"),
        (["sparql", "DESCRIBE bk:NATO", "-f", "csv"], "--format csv: a DESCRIBE result"),
    ],
)
def test_a_format_the_result_cannot_take_is_a_usage_error(
    built: Layout, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in error_line(captured.err)


def test_wide_shows_long_cells_whole(built: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    long = "x" * (TABLE_CELL_WIDTH + 15)
    query = f'SELECT ?text WHERE {{ BIND("{long}" AS ?text) }}'
    assert main(["sparql", query]) == 0
    cut = capsys.readouterr().out.splitlines()[2]
    assert cut == "x" * (TABLE_CELL_WIDTH - 1) + "…"
    assert main(["sparql", query, "--wide"]) == 0
    assert capsys.readouterr().out.splitlines()[2] == long


def test_the_row_cap_stops_a_large_answer_with_exit_3(
    built: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    triples = sum(
        len((build_dir(tmp_path) / f).read_text().splitlines())
        for f in ("merged.nt", "inferred.nt")
    )
    everything = "SELECT * WHERE { ?s ?p ?o }"
    assert main(["sparql", everything, "--max-rows", "3"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert error_line(captured.err) == (
        f"{PROG}: error: the answer has {triples} rows, more than the cap of 3: "
        "narrow the query or add a LIMIT"
    )
    assert main(["sparql", everything, "--max-rows", str(triples), "-f", "tsv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == triples + 1
    assert main([*MEMBERS, "--max-rows", "1"]) == 3
    assert "the answer has 2 rows, more than the cap of 1" in error_line(capsys.readouterr().err)
    assert main([*MEMBERS, "--max-rows", "-1"]) == 2
    assert "the row cap must not be negative" in error_line(capsys.readouterr().err)


def test_a_time_limit_applies_to_a_local_engine_too(
    built: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*MEMBERS, "--timeout", "60", "-f", "tsv"]) == 0
    rows = oxigraph_rows(capsys.readouterr().out, pyoxigraph.QueryResultsFormat.TSV)
    assert rows == MEMBER_ROWS


def test_the_same_answer_from_every_local_engine(
    built: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for engine in ("oxigraph", "rdflib"):
        assert main([*MEMBERS, "--engine", engine, "-f", "json"]) == 0
        outputs.append(oxigraph_rows(capsys.readouterr().out, pyoxigraph.QueryResultsFormat.JSON))
    assert outputs == [MEMBER_ROWS, MEMBER_ROWS]


def test_without_reasoning_only_asserted_triples_answer(
    built: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "SELECT ?o WHERE { bk:NATO bkg:hasMember ?o } ORDER BY ?o"
    assert main(["sparql", text]) == 0
    assert capsys.readouterr().out.splitlines()[2:4] == ["bk:Albania", "bk:Montenegro"]
    assert main(["sparql", text, "--no-reasoning"]) == 0
    assert "(0 rows)" in capsys.readouterr().out


def test_sparql_from_argument_file_and_stdin(
    built: Layout,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "SELECT ?o WHERE { bk:NATO bkg:hasMember ?o } ORDER BY ?o"
    (tmp_path / "q.rq").write_text(text)
    assert main(["sparql", "--file", str(tmp_path / "q.rq")]) == 0
    assert capsys.readouterr().out.splitlines()[2:4] == ["bk:Albania", "bk:Montenegro"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("ASK { ?s ?p ?o }"))
    assert main(["sparql", "-"]) == 0
    assert capsys.readouterr().out == "true\n"


def test_query_with_example_and_overriding_param(
    built: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "members", "--example", "-p", "org=bk:Nowhere"]) == 0
    assert "(0 rows)" in capsys.readouterr().out
    assert main(["query", "members", "--example", "1", "-f", "csv"]) == 0
    assert capsys.readouterr().out.count("\r\n") == 3


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["query", "member", "-p", "org=bk:NATO"], "did you mean 'members'"),
        (["query", "members", "-p", "org=bk:x> } DROP ALL"], "parameter 'org' of query"),
        (["query", "members"], "needs parameter 'org'"),
        (["query", "members", "-p", "nope"], "--param expects NAME=VALUE, got 'nope'"),
        (["query", "members", "-p", "=x"], "--param expects NAME=VALUE"),
        (["query", "members", "-p", "org=bk:NATO", "-p", "x=1"], "unknown parameter 'x'"),
        (["query", "members", "--example", "7"], "'members' has 1 example(s), no example 7"),
        (["query", "provenance", "--example"], "'provenance' has 0 example(s), no example 1"),
        (["sparql", "DELETE WHERE { ?s ?p ?o }"], "updates are not allowed"),
        (["sparql", "LOAD <http://example.org/x>"], "updates are not allowed"),
        (["sparql"], "no query given"),
        (["sparql", "ASK {}", "--file", "q.rq"], "either as text or with --file"),
        (["sparql", "SELECT ?s WHERE { ?s ?p }"], "syntax error"),
        (["sparql", "--file", "/nonexistent/q.rq"], "cannot read file"),
        (["query", "members", "-p", "org=bk:NATO", "--engine", "remote"], "endpoint"),
        ([*MEMBERS, "--timeout", "0"], "the time limit must be positive, got 0.0"),
        (["provenance", "not an iri"], "TERM 'not an iri' is not an IRI"),
        (["load"], "load needs the store's SPARQL endpoint"),
    ],
)
def test_bad_requests_exit_2_in_one_line(
    built: Layout, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in error_line(captured.err)


# ---------------------------------------------------------------------------------------
# provenance
# ---------------------------------------------------------------------------------------


def test_provenance_prints_sentence_and_quote(
    built: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["provenance", "bk:Albania"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "bk:fact-1",
        "  sentence bk:s1: Three countries joined: Albania (2009).",
        '  quote [10-24]: "Albania (2009)"',
    ]


def test_provenance_of_an_unknown_term_exits_1(
    built: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["provenance", f"<{BK}Nowhere>"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{PROG}: no provenance found for bk:Nowhere\n"


# ---------------------------------------------------------------------------------------
# Remote stores (a scripted server on 127.0.0.1)
# ---------------------------------------------------------------------------------------


def count_reply(count: int) -> Reply:
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    body = json_results(
        ["triples"], [{"triples": {"type": "literal", "value": str(count), "datatype": integer}}]
    )
    return Reply(200, body, "application/sparql-results+json")


def sent_triples(tmp_path: Path) -> int:
    return sum(
        len((build_dir(tmp_path) / f).read_text().splitlines())
        for f in ("merged.nt", "inferred.nt")
    )


def test_load_sends_the_build_and_checks_the_count(
    built: Layout,
    tmp_path: Path,
    scripted_server: ScriptedServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sent = sent_triples(tmp_path)
    scripted_server.answer(count_reply(sent))
    url = scripted_server.url
    argv = ["load", "--endpoint", url, "--store-url", url, "--graph", "bk:g"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"sent {sent} triples (merged.nt + inferred.nt) to graph <{BK}g> of {url}",
        f"{url} holds {sent} triples in graph <{BK}g>",
    ]
    methods = [request["method"] for request in scripted_server.requests]
    assert methods[:2] == ["PUT", "POST"]
    assert all(
        "graph=https%3A%2F%2Fw3id.org" in str(r["path"]) for r in scripted_server.requests[:2]
    )


def test_load_exits_1_when_the_store_holds_another_count(
    built: Layout,
    tmp_path: Path,
    scripted_server: ScriptedServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scripted_server.answer(count_reply(1))
    url = scripted_server.url
    assert main(["load", "--endpoint", url, "--store-url", url]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"{PROG}: error: the store holds 1 triples in the default graph, not the "
        f"{sent_triples(tmp_path)} sent (does the endpoint see the graph the store wrote?)\n"
    )


def test_a_failing_store_exits_3_in_one_line(
    built: Layout, scripted_server: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_server.answer(Reply(500, b"the disk is full"))
    url = scripted_server.url
    assert main(["load", "--endpoint", url, "--store-url", url]) == 3
    line = error_line(capsys.readouterr().err)
    assert url in line and "500" in line


def test_an_unreachable_endpoint_exits_3_in_one_line(
    use_mini: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    assert main(["sparql", "ASK { ?s ?p ?o }", "--endpoint", endpoint, "--timeout", "5"]) == 3
    assert endpoint in error_line(capsys.readouterr().err)


def test_a_remote_endpoint_answers_a_query(
    use_mini: Layout, scripted_server: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json_results(
        ["state", "label"],
        [
            {
                "state": {"type": "uri", "value": state},
                "label": {"type": "literal", "value": label, "xml:lang": "en"},
            }
            for state, label in MEMBER_ROWS
        ],
    )
    scripted_server.answer(Reply(200, body, "application/sparql-results+json"))
    assert main([*MEMBERS, "--endpoint", scripted_server.url, "-f", "tsv"]) == 0
    text = capsys.readouterr().out
    assert oxigraph_rows(text, pyoxigraph.QueryResultsFormat.TSV) == MEMBER_ROWS
    assert Literal("Albania", lang="en").n3() in text


# ---------------------------------------------------------------------------------------
# serve
# ---------------------------------------------------------------------------------------


def test_serve_hands_the_application_to_uvicorn(
    use_mini: Layout, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn
    from starlette.applications import Starlette

    calls: list[tuple[object, dict[str, object]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    assert main(["serve", "--port", "8765", "--cors-origin", "none"]) == 0
    [(app, options)] = calls
    assert isinstance(app, Starlette)
    assert (options["host"], options["port"]) == ("127.0.0.1", 8765)
    assert capsys.readouterr().err == f"{PROG}: serving http://127.0.0.1:8765/ (Ctrl-C stops)\n"


def test_serve_without_the_serve_extra_says_what_to_install(
    use_mini: Layout, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    assert main(["serve"]) == 2
    line = error_line(capsys.readouterr().err)
    assert "serve needs the serve extra (uvicorn is missing)" in line
    assert "pip install 'balkan-kg[serve]'" in line


def test_a_command_leaves_no_worker_process_behind(
    built: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    # main() is also called in-process (by tests, by programs): the query worker a
    # command starts must stop when the command ends, not when the caller exits.
    before = {process.pid for process in multiprocessing.active_children()}
    for argv in (MEMBERS, ["sparql", "ASK { ?s ?p ?o }"], ["provenance", "bk:Albania"]):
        assert main(argv) == 0
    after = {process.pid for process in multiprocessing.active_children()}
    assert after == before


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_gyear_filter_through_the_command_keeps_the_later_accessions(
    engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the project's own graph: Montenegro (2017) and North Macedonia (2020) joined
    NATO after 2010 (S3), compared as years, as every engine must."""
    text = (
        "SELECT ?m WHERE { ?m bkg:memberDuring/bkg:beginYear ?year "
        'FILTER(?year > "2010"^^xsd:gYear) } ORDER BY ?m'
    )
    assert main(["sparql", text, "--engine", engine, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "m",
        "https://w3id.org/balkan-kg/id/membership-montenegro-nato",
        "https://w3id.org/balkan-kg/id/membership-north-macedonia-nato",
    ]
