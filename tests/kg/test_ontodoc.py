"""The ontology's documentation page, written by the build from the ontology's triples."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from balkan_kg.kg.build import build
from balkan_kg.kg.ontodoc import ontology_html
from balkan_kg.layout import Layout
from balkan_kg.rdfio.parse import read_triples

BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
DCT = Namespace("http://purl.org/dc/terms/")


class Page(HTMLParser):
    """The ids, the title, the h1 and the text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.title = self.h1 = ""
        self.text: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title += data
        if "h1" in self._in:
            self.h1 += data
        self.text.append(data)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, str]:
    from balkan_kg.layout import checkout_root

    root = checkout_root()
    if root is None:
        pytest.skip("no project checkout")
    layout = Layout(root)
    ontology = Graph()
    for path in layout.ontology_files:
        ontology.parse(path)
    html = ontology_html([t for path in layout.ontology_files for t in read_triples(path)])
    return ontology, html


def test_the_page_has_the_ontologys_own_title(project: tuple[Graph, str]) -> None:
    ontology, html = project
    title = str(ontology.value(URIRef(str(BKG).rstrip("#")), DCT.title))
    page = Page(html)
    assert page.h1 == title
    assert page.title.startswith(title)


def test_every_term_of_the_namespace_has_a_section(project: tuple[Graph, str]) -> None:
    ontology, html = project
    ids = Page(html).ids
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(BKG)}
    assert terms
    missing = sorted(str(t)[len(BKG) :] for t in terms if str(t)[len(BKG) :] not in ids)
    assert not missing


def section(html: str, local: str) -> str:
    match = re.search(rf'<article class="term" id="{local}">(.*?)</article>', html, re.S)
    assert match, local
    return match.group(1)


def test_a_property_shows_its_label_definition_domain_range_and_chain(
    project: tuple[Graph, str],
) -> None:
    ontology, html = project
    member_of = section(html, "memberOf")
    label = str(ontology.value(BKG.memberOf, RDFS.label))
    assert f"<h3>{label} " in member_of
    for row in ("Domain", "Range", "Inverse of", "Derived from the chain"):
        assert row in member_of
    assert 'href="#State"' in member_of and 'href="#InternationalOrganisation"' in member_of


def test_a_defined_class_shows_its_class_expression(project: tuple[Graph, str]) -> None:
    _, html = project
    defined = section(html, "NATOMemberState")
    assert "<em>and</em>" in defined and "<em>value</em>" in defined
    assert 'href="/id/NATO"' in defined


def test_concept_schemes_list_their_concepts(project: tuple[Graph, str]) -> None:
    ontology, html = project
    skos = Namespace("http://www.w3.org/2004/02/skos/core#")
    for scheme in ontology.subjects(RDF.type, skos.ConceptScheme):
        local = str(scheme)[len(BKG) :]
        assert f'id="{local}"' in html
        for concept in ontology.subjects(skos.inScheme, scheme):
            assert f'id="{str(concept)[len(BKG) :]}"' in html


def test_texts_from_the_graph_are_escaped() -> None:
    import pyoxigraph as ox

    onto = ox.NamedNode(str(BKG).rstrip("#"))
    cls = ox.NamedNode(BKG + "Evil")
    triples = [
        ox.Triple(onto, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Ontology))),
        ox.Triple(onto, ox.NamedNode(str(DCT.title)), ox.Literal("<b>bold</b> & co")),
        ox.Triple(cls, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Class))),
        ox.Triple(cls, ox.NamedNode(str(RDFS.label)), ox.Literal("<script>x()</script>")),
    ]
    html = ontology_html(triples)
    assert "<script>x()" not in html and "<b>bold" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert Page(html).h1 == "<b>bold</b> & co"


def test_the_build_writes_the_page(mini: Layout, tmp_path: Path) -> None:
    result = build(tmp_path / "out", layout=mini)
    page = Page(result.path("ontology.html").read_text(encoding="utf-8"))
    assert {"State", "memberOf"} <= page.ids  # the mini ontology's terms
    assert "ontology.html" in result.manifest["outputs"]


def test_two_builds_write_the_same_pages(real_layout: Layout, tmp_path: Path) -> None:
    first = build(tmp_path / "one", layout=real_layout)
    second = build(tmp_path / "two", layout=real_layout, force=True)
    for name in ("ontology.html", "timeline.svg"):
        assert first.path(name).read_bytes() == second.path(name).read_bytes(), name
        assert first.manifest["outputs"][name] == second.manifest["outputs"][name]
