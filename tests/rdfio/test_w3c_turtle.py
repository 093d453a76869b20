"""The W3C RDF 1.1 Turtle test suite, run through the gate from the suite's own manifest.

One test per manifest entry, named after it (``mf:name``), of the kind its ``rdf:type``
says:

* ``rdft:TestTurtlePositiveSyntax``: :func:`~balkan_kg.rdfio.gate.read_rdf` accepts
  the file;
* ``rdft:TestTurtleNegativeSyntax`` and ``rdft:TestTurtleNegativeEval``: it refuses the
  file with an :class:`~balkan_kg.errors.InputError` of one line that names the file,
  line and column;
* ``rdft:TestTurtleEval``: the triples are isomorphic to the expected N-Triples
  (``mf:result``), read by rdflib's own N-Triples parser, so the expectation does not
  pass through the code under test. rdflib is told not to normalise literals, so
  ``"01"^^xsd:integer`` and ``"1"^^xsd:integer`` stay different.

A manifest entry of any other type fails rather than being skipped. Each file is read
with the base IRI the suite prescribes: the manifest's ``mf:assumedTestBase`` followed
by the file name, or, for the 2013 edition that has none,
``http://www.w3.org/2013/TurtleTests/`` (its README).

The suite is not part of this repository. It is found at ``$BALKAN_KG_W3C_TURTLE``, or
else at ``../shared/w3c/rdf11-turtle`` next to the repository; without it the tests
skip, except under CI (``CI=true``), where they fail. ``.ci/run`` fetches a copy from
rdflib's source distribution on PyPI when the shared one is missing.

No known failures: every entry passes with pyoxigraph 0.5.13, in both the 2013 edition
(rdflib 7.6.0's copy, 291 entries) and the current one (313 entries).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from balkan_kg.errors import InputError
from balkan_kg.rdfio.gate import read_rdf
from gate_rdflib import rdf11_terms, rdflib_graph

REPO = Path(__file__).resolve().parents[2]
SHARED_SUITE = REPO.parent / "shared" / "w3c" / "rdf11-turtle"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = rdflib.Namespace("http://www.w3.org/ns/rdftest#")
BASE_2013 = "http://www.w3.org/2013/TurtleTests/"
KINDS = {
    RDFT.TestTurtlePositiveSyntax: "positive",
    RDFT.TestTurtleNegativeSyntax: "negative",
    RDFT.TestTurtleNegativeEval: "negative",
    RDFT.TestTurtleEval: "eval",
}


@dataclass(frozen=True)
class Entry:
    """One manifest entry: what to read, how, and what to expect."""

    iri: str
    name: str
    kind: str  # "positive", "negative", "eval", or the IRI of a type not handled
    action: Path
    result: Path | None
    base: str


def find_suite() -> tuple[Path | None, str]:
    """The suite's folder (or None) and where it was looked for."""
    configured = os.environ.get("BALKAN_KG_W3C_TURTLE")
    folder = Path(configured) if configured else SHARED_SUITE
    where = f"$BALKAN_KG_W3C_TURTLE={configured}" if configured else str(SHARED_SUITE)
    return (folder if (folder / "manifest.ttl").is_file() else None), where


def file_path(iri: rdflib.term.Node) -> Path:
    parsed = urlparse(str(iri))
    assert parsed.scheme == "file", f"not a local file: {iri}"
    return Path(unquote(parsed.path))


def manifest_entries(folder: Path) -> list[Entry]:
    """Every entry of ``folder/manifest.ttl``, in the manifest's order."""
    manifest_file = folder / "manifest.ttl"
    graph = rdflib.Graph()
    graph.parse(manifest_file, format="turtle", publicID=manifest_file.resolve().as_uri())
    (manifest,) = graph.subjects(RDF.type, MF.Manifest)
    assumed = graph.value(manifest, MF.assumedTestBase)
    base = str(assumed) if assumed is not None else BASE_2013
    entries = []
    for node in Collection(graph, graph.value(manifest, MF.entries)):
        types = set(graph.objects(node, RDF.type))
        kinds = {KINDS[t] for t in types if t in KINDS}
        kind = kinds.pop() if len(kinds) == 1 else " ".join(sorted(map(str, types)))
        action = file_path(graph.value(node, MF.action))
        result = graph.value(node, MF.result)
        entries.append(
            Entry(
                iri=str(node),
                name=str(graph.value(node, MF.name)),
                kind=kind,
                action=action,
                result=file_path(result) if result is not None else None,
                base=base + action.relative_to(folder).as_posix(),
            )
        )
    return entries


SUITE, LOOKED_AT = find_suite()
ENTRIES = manifest_entries(SUITE) if SUITE is not None else []

# Known failures, by test IRI, with the upstream reason (as rdflib's test_w3c_spec does).
# Empty: none is needed with pyoxigraph 0.5.13.
KNOWN_FAILURES: dict[str, str] = {}


def test_the_suite_is_there() -> None:
    if SUITE is not None:
        assert ENTRIES, f"{SUITE}/manifest.ttl lists no entries"
        return
    message = f"the W3C Turtle suite is not at {LOOKED_AT}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI needs it: .ci/run fetches it)")
    pytest.skip(message)


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.name for entry in ENTRIES])
def test_manifest_entry(entry: Entry, monkeypatch: pytest.MonkeyPatch) -> None:
    if entry.iri in KNOWN_FAILURES:
        pytest.xfail(KNOWN_FAILURES[entry.iri])
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    if entry.kind == "negative":
        with pytest.raises(InputError) as refused:
            read_rdf(entry.action, base_iri=entry.base)
        error = refused.value
        assert error.path == entry.action
        assert error.line is not None and error.column is not None, str(error)
        text = str(error)
        assert text.startswith(f"{entry.action}:{error.line}:{error.column}: "), text
        assert "\n" not in text and "\r" not in text
    elif entry.kind == "positive":
        read_rdf(entry.action, base_iri=entry.base)
    elif entry.kind == "eval":
        assert entry.result is not None, "an evaluation test without mf:result"
        document = read_rdf(entry.action, base_iri=entry.base)
        got = rdflib_graph(document.triples)
        expected = rdf11_terms(rdflib.Graph().parse(entry.result, format="nt"))
        assert len(got) == len(document.triples), "the gate returned a triple twice"
        assert isomorphic(got, expected), (
            f"not isomorphic to {entry.result.name}:\n"
            f"got:\n{got.serialize(format='nt')}\nexpected:\n{expected.serialize(format='nt')}"
        )
    else:
        pytest.fail(f"{entry.iri}: test type not handled: {entry.kind}")


NEGATIVES = [entry for entry in ENTRIES if entry.kind == "negative"]


@pytest.mark.parametrize("entry", NEGATIVES, ids=[entry.name for entry in NEGATIVES])
def test_validate_refuses_every_negative_entry_with_exit_2(
    entry: Entry, capsys: pytest.CaptureFixture[str]
) -> None:
    from balkan_kg.cli import main

    assert main(["validate", str(entry.action)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"balkan-kg: error: {entry.action}:"), lines[0]
    assert re.match(rf"balkan-kg: error: {re.escape(str(entry.action))}:\d+:\d+: ", lines[0])
