"""The pages for people, in process: entity pages by content negotiation, the source
reader, the ontology, the home page with and without the editor, the timeline.

Expected answers come from the curated files (read here with rdflib, not through the
server's queries) and from reading the source text.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from balkan_kg.kg.build import build
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.query.catalog import list_queries, parse_query_text
from balkan_kg.server import home
from balkan_kg.server.app import create_app
from balkan_kg.server.config import ServerConfig
from balkan_kg.server.web import HERE, local_href

BK = Namespace("https://w3id.org/balkan-kg/id/")
BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def layout() -> Layout:
    root = checkout_root()
    if root is None:
        pytest.skip("no project checkout")
    return Layout(root)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory, layout: Layout) -> Path:
    out = tmp_path_factory.getbasetemp() / "pages-build"
    build(out, layout=layout)
    return out


def config(build_dir: Path) -> ServerConfig:
    return ServerConfig(build_dir=build_dir, max_workers=3, spare_workers=0)


@pytest.fixture(scope="module")
def client(build_dir: Path, layout: Layout) -> Iterator[TestClient]:
    with TestClient(create_app(config(build_dir), layout)) as test_client:
        yield test_client


class Page(HTMLParser):
    """What the tests look at in a page: ids, links, text, and elements by class."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.classes: dict[str, list[dict[str, str]]] = {}
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.title = ""
        self._tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self._tags.append(tag)
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag in ("script", "link") and (found.get("src") or found.get("href")):
            self.scripts.append(found.get("src") or found.get("href", ""))
        for name in found.get("class", "").split():
            self.classes.setdefault(name, []).append(found)

    def handle_endtag(self, tag: str) -> None:
        while self._tags:
            if self._tags.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._tags and self._tags[-1] == "title":
            self.title += data
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


def varies_on_accept(response: httpx.Response) -> bool:
    """Whether the answer says that it depends on ``Accept`` (CORS adds ``Origin``)."""
    return "accept" in [v.strip().lower() for v in response.headers.get("vary", "").split(",")]


def curated(layout: Layout) -> Graph:
    graph = Graph()
    for path in [*layout.ontology_files, *layout.data_files(True)]:
        graph.parse(path)
    return graph


# -- entity pages: content negotiation ----------------------------------------------


def test_a_browser_gets_the_html_page(client: TestClient) -> None:
    response = client.get("/id/Albania", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert varies_on_accept(response)
    assert "<h1>Albania</h1>" in response.text


@pytest.mark.parametrize(
    ("accept", "rdf_format", "media"),
    [
        ("text/turtle", "turtle", "text/turtle"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/ld+json", "json-ld", "application/ld+json"),
        ("text/turtle;q=0.5, application/ld+json", "json-ld", "application/ld+json"),
    ],
)
def test_a_client_gets_the_triples_about_the_resource_both_ways(
    client: TestClient, accept: str, rdf_format: str, media: str
) -> None:
    response = client.get("/id/Albania", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert varies_on_accept(response)
    graph = Graph().parse(data=response.text, format=rdf_format)
    albania = BK.Albania
    assert (albania, RDF.type, BKG.State) in graph  # asserted, outgoing
    assert (albania, RDF.type, BKG.NATOMemberState) in graph  # inferred
    assert (
        BK["membership-albania-nato"],
        URIRef("http://www.w3.org/ns/org#member"),
        albania,
    ) in graph
    assert all(albania in (s, o) for s, _, o in graph)


def test_format_in_the_address_wins_over_accept(client: TestClient) -> None:
    response = client.get("/id/Albania?format=nt", headers={"Accept": BROWSER})
    assert response.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=response.text, format="nt")) > 0


def test_asserted_triples_only_on_request(client: TestClient) -> None:
    everything = Graph().parse(data=client.get("/id/Albania?format=nt").text, format="nt")
    asserted = Graph().parse(
        data=client.get("/id/Albania?format=nt&inference=false").text, format="nt"
    )
    assert set(asserted) < set(everything)
    assert (BK.Albania, RDF.type, BKG.NATOMemberState) not in asserted


def test_an_unacceptable_type_is_406(client: TestClient) -> None:
    response = client.get("/id/Albania", headers={"Accept": "application/pdf"})
    assert response.status_code == 406
    assert varies_on_accept(response)
    assert "text/turtle" in response.text


def test_the_source_texts_document_holds_its_spans(client: TestClient, layout: Layout) -> None:
    response = client.get("/id/report-excerpt", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    spans = Graph().parse(layout.data_dir / "spans.ttl")
    span = URIRef(BK + "report-excerpt#char=248,322")
    assert (span, NIF.anchorOf, spans.value(span, NIF.anchorOf)) in graph
    # A browser reads it in /source.
    page = client.get("/id/report-excerpt", headers={"Accept": BROWSER}, follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/source")


def test_an_unknown_iri_is_a_helpful_404(client: TestClient) -> None:
    page = client.get("/id/Albanja", headers={"Accept": BROWSER})
    assert page.status_code == 404
    assert varies_on_accept(page)
    parsed = Page(page.text)
    assert "/id/Albania" in parsed.links  # "did you mean"
    assert "https://w3id.org/balkan-kg/id/Albanja" in parsed.words
    data = client.get("/id/Albanja", headers={"Accept": "text/turtle"})
    assert data.status_code == 404 and data.headers["content-type"].startswith("text/plain")
    odd = client.get("/id/%3Cscript%3E", headers={"Accept": BROWSER})
    assert odd.status_code == 404 and "<script>" not in odd.text


# -- entity pages: what the HTML shows ------------------------------------------------


def test_the_page_marks_asserted_and_inferred_types(client: TestClient) -> None:
    html = client.get("/id/Albania").text
    types = re.search(r'<ul class="types".*?</ul>', html, re.S)
    assert types
    badges = dict(
        re.findall(r'>([^<>]+)</a> <span class="badge (?:asserted|inferred)">(\w+)<', types[0])
    )
    assert badges["state"] == "asserted"
    assert badges["NATO member state"] == "inferred"
    assert badges["Western Balkan state"] == "inferred"


def test_the_page_gives_each_fact_its_sentence_and_span(client: TestClient) -> None:
    html = client.get("/id/Albania").text
    row = re.search(r"<tr>\s*<td><a href=\"/id/membership-albania-nato\">.*?</tr>", html, re.S)
    assert row, "the membership of S3 is listed"
    # The spans data/spans.ttl gives for the fact: characters 248-322 (who became full
    # NATO allies) and 344-358 ("Albania (2009)") of the text.
    assert 'href="/source#S3"' in row[0]
    assert 'href="/source#char=248,322"' in row[0]
    assert 'href="/source#char=344,358"' in row[0]
    assert "3 out of the 6 Western Balkan countries managed to become full NATO allies" in row[0]
    assert "Albania (2009)" in row[0]


def test_the_page_marks_external_facts_with_their_source(client: TestClient) -> None:
    # Greece's NATO membership is an external fact (the text does not name Greece).
    html = client.get("/id/Greece").text
    row = re.search(r"<tr>\s*<td><a href=\"/id/membership-greece-nato\">.*?</tr>", html, re.S)
    assert row
    assert 'class="badge external"' in row[0]
    assert 'href="https://www.nato.int/cps/en/natohq/topics_52044.htm"' in row[0]


def test_the_page_links_to_wikidata_with_the_links_source(client: TestClient) -> None:
    parsed = Page(client.get("/id/Albania").text)
    assert "http://www.wikidata.org/entity/Q222" in parsed.links
    assert "https://www.wikidata.org/wiki/Q222" in parsed.links


def test_a_state_page_shows_its_rows_of_the_timeline(client: TestClient) -> None:
    html = client.get("/id/BosniaAndHerzegovina").text
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg
    assert "Membership Action Plan of Bosnia and Herzegovina" in svg[0]
    assert ">2010<" in svg[0]
    assert "Montenegro" not in svg[0]


def test_a_fact_page_says_where_it_is_stated(client: TestClient) -> None:
    html = client.get("/id/membership-montenegro-nato").text
    provenance = re.search(r'<p class="provenance">.*?</p>', html, re.S)
    assert provenance and 'href="/source#S3"' in provenance[0]
    assert "Montenegro (2017)" in provenance[0]


def test_labels_from_the_graph_are_escaped(tmp_path: Path, mini: Layout) -> None:
    facts = mini.data_dir / "facts.ttl"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + 'bk:Evil a bkg:State ; rdfs:label "<script>alert(1)</script>"@en .\n',
        encoding="utf-8",
    )
    with TestClient(create_app(config(tmp_path / "out"), mini)) as test_client:
        html = test_client.get("/id/Evil").text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        # A graph without a source text still has a (near empty) reader.
        assert test_client.get("/source").status_code == 200


def test_search_finds_entities_by_any_of_their_names(client: TestClient) -> None:
    parsed = Page(client.get("/search", params={"q": "bih"}).text)
    assert "/id/BosniaAndHerzegovina" in parsed.links


# -- /source ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def source_page(client: TestClient) -> str:
    response = client.get("/source")
    assert response.status_code == 200
    return response.text


def graph_spans(layout: Layout) -> dict[str, tuple[int, int, str]]:
    graph = Graph().parse(layout.data_dir / "spans.ttl")
    found = {}
    for span in graph.subjects(NIF.anchorOf, None):
        begin, end = graph.value(span, NIF.beginIndex), graph.value(span, NIF.endIndex)
        assert isinstance(begin, Literal) and isinstance(end, Literal)
        found[f"char={begin.toPython()},{end.toPython()}"] = (
            int(begin.toPython()),
            int(end.toPython()),
            str(graph.value(span, NIF.anchorOf)),
        )
    return found


def test_the_reader_has_an_anchor_for_every_span_of_the_graph(
    source_page: str, layout: Layout
) -> None:
    anchors = {i for i in Page(source_page).ids if i.startswith("char=")}
    assert anchors == set(graph_spans(layout))


def test_each_span_quotes_the_text_at_its_offsets(source_page: str, layout: Layout) -> None:
    text = layout.source_text.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" class="spans-data"[^>]*>(.*?)</script>',
                     source_page, re.S)  # fmt: skip
    assert data
    spans = json.loads(data[1])
    expected = graph_spans(layout)
    assert {s["id"]: (s["begin"], s["end"], s["quote"]) for s in spans} == expected
    for span in spans:
        assert text[span["begin"] : span["end"]] == span["quote"]


def test_the_reader_shows_the_whole_text_in_its_sentences(source_page: str, layout: Layout) -> None:
    text = layout.source_text.read_text(encoding="utf-8")
    body = re.search(r'<div class="text"[^>]*>(.*?)</div>', source_page, re.S)
    assert body
    shown = re.sub(r'<a class="snum[^>]*>.*?</a>', "", body[1])
    shown = re.sub(r"</p><p>", "\n", shown)
    plain = Page(shown).words
    assert plain == " ".join(text.split())
    sentences = [i for i in Page(source_page).ids if re.fullmatch(r"S\d+", i)]
    assert sentences == [f"S{n}" for n in range(1, 19)]


def test_sentences_link_to_their_facts_and_facts_to_their_spans(source_page: str) -> None:
    parsed = Page(source_page)
    section = re.search(r'<section class="sentence-facts" id="facts-S3">.*?</section>',
                        source_page, re.S)  # fmt: skip
    assert section
    assert 'href="/id/membership-north-macedonia-nato"' in section[0]
    assert 'href="#char=383,405"' in section[0]  # "North Macedonia (2020)"
    assert "#facts-S3" in parsed.links


def test_coverage_shading_counts_the_facts_on_each_passage(source_page: str) -> None:
    # "Albania" (344-351) lies under the evidence of the region inclusion (248-351),
    # the membership (288-358) and the exact span naming it: at least 2 facts.
    segments = re.findall(r'<span class="seg([^"]*)" data-spans="[^"]*">([^<]*)</span>',
                          source_page)  # fmt: skip
    shading = {text: classes.split() for classes, text in segments}
    assert "c2" in shading["Albania"] or "c3" in shading["Albania"]
    assert "m" in shading["Albania"]  # names an entity


# -- /ontology ----------------------------------------------------------------------------


def test_the_ontology_page_is_the_builds_documentation(client: TestClient, build_dir: Path) -> None:
    response = client.get("/ontology", headers={"Accept": BROWSER})
    assert response.status_code == 200 and varies_on_accept(response)
    assert response.text == (build_dir / "ontology.html").read_text(encoding="utf-8")
    parsed = Page(response.text)
    assert parsed.title.startswith("balkan-kg ontology")
    assert {"Membership", "memberOf", "State"} <= set(parsed.ids)


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_the_ontology_as_rdf_is_the_ontology_files(
    client: TestClient, layout: Layout, accept: str, rdf_format: str
) -> None:
    response = client.get("/ontology", headers={"Accept": accept})
    assert response.status_code == 200 and varies_on_accept(response)
    expected = Graph()
    for path in layout.ontology_files:
        expected.parse(path)
    assert isomorphic(Graph().parse(data=response.text, format=rdf_format), expected)


def test_the_version_iri_leads_to_the_ontology(client: TestClient) -> None:
    response = client.get("/ontology/0.1.0", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/ontology")


# -- / and the timeline ---------------------------------------------------------------------


def test_every_canned_query_is_an_example_with_its_parameters(
    client: TestClient, layout: Layout
) -> None:
    html = client.get("/").text
    for query in list_queries(layout):
        block = re.search(rf'<details id="q-{query.name}">.*?</details>', html, re.S)
        assert block, query.name
        for param in query.params:
            assert f"<code>{param.name}</code>" in block[0]
        if query.examples:
            shown = " ".join(f"{k}={v}" for k, v in query.example(1).items())
            assert f"Example: <code>{shown}</code>" in block[0]


def test_an_example_loads_its_query_with_the_example_bound(
    client: TestClient, layout: Layout
) -> None:
    html = client.get("/").text
    config = re.search(r'<script id="balkan-kg-config" type="application/json">(.*?)</script>',
                       html, re.S)  # fmt: skip
    if config is None:
        pytest.skip("the query editor is not installed")
    examples = json.loads(config[1])["queries"]
    members = examples["members-since"]["text"]
    assert "VALUES (?org) { (<https://w3id.org/balkan-kg/id/NATO>) }" in members
    assert set(examples) == {q.name for q in list_queries(layout)}


def test_a_permalink_fills_the_form_without_running(client: TestClient) -> None:
    query = 'SELECT ?s WHERE { ?s rdfs:label "Albania"@en } # && + %41 é'
    html = client.get("/?" + urllib.parse.urlencode({"query": query})).text
    form = re.search(r'<textarea id="plain-query"[^>]*>(.*?)</textarea>', html, re.S)
    assert form and Page(form[1]).words == " ".join(query.split())
    assert 'class="results"' not in html


def test_the_plain_form_runs_a_query_and_links_the_results(client: TestClient) -> None:
    query = "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(STR(?l) = 'Albania') }"
    html = client.get("/", params={"query": query, "run": "1"}).text
    table = re.search(r'<table class="listing results-table">.*?</table>', html, re.S)
    assert table and 'href="/id/Albania"' in table[0]
    bad = client.get("/", params={"query": "SELECT WHERE {", "run": "1"}).text
    assert 'class="notice error"' in bad and "line 1" in bad


def test_the_editors_first_query_answers(client: TestClient) -> None:
    html = client.get("/", params={"query": home.DEFAULT_QUERY, "run": "1"}).text
    table = re.search(r'<table class="listing results-table">.*?</table>', html, re.S)
    assert table and 'href="/id/membership-albania-nato"' in table[0]
    assert 'href="/source#char=288,358"' not in table[0]  # a quote is a literal
    assert "Albania (2009)" in table[0]


def test_the_home_page_serves_the_editor_from_this_server_only(client: TestClient) -> None:
    if home.find_editor() is None:
        pytest.skip("the query editor is not installed (npm ci in src/balkan_kg/server/static)")
    parsed = Page(client.get("/").text)
    assert "/static/yasgui/yasgui.min.js" in parsed.scripts
    assert all(s.startswith("/") for s in parsed.scripts)
    script = client.get("/static/yasgui/yasgui.min.js")
    assert script.status_code == 200 and "Yasgui" in script.text[:2000]
    assert client.get("/static/home.js").status_code == 200
    # Only the editor's two files are served, not the rest of node_modules.
    assert client.get("/static/node_modules/@zazuko/yasgui/package.json").status_code == 404
    assert client.get("/static/package.json").status_code == 404


def test_without_the_editor_the_page_is_a_form_and_says_how_to_install(
    build_dir: Path, layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home, "find_editor", lambda: None)
    with TestClient(create_app(config(build_dir), layout)) as test_client:
        html = test_client.get("/").text
        assert "npm ci" in html and 'id="no-editor"' in html
        assert "yasgui" not in " ".join(Page(html).scripts)
        assert '<form class="plain" action="/" method="get">' in html
        assert test_client.get("/static/yasgui/yasgui.min.js").status_code == 404
        # The protocol answers all the same.
        answer = test_client.get(
            "/sparql",
            params={"query": "ASK { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_the_home_page_shows_the_timeline_with_local_links(client: TestClient) -> None:
    html = client.get("/").text
    figure = re.search(r'<figure class="timeline-figure" id="timeline">.*?</figure>', html, re.S)
    assert figure
    assert 'href="/id/Albania"' in figure[0]
    assert "https://w3id.org" not in figure[0]


def test_the_timeline_file_is_the_builds(client: TestClient, build_dir: Path) -> None:
    response = client.get("/timeline.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.content == (build_dir / "timeline.svg").read_bytes()


def test_every_page_links_to_the_other_ways_in(client: TestClient) -> None:
    for path in ("/", "/source", "/id/Albania", "/ontology", "/search"):
        links = Page(client.get(path).text).links
        for target in ("/", "/source", "/ontology", "/sparql", "/.well-known/void"):
            assert target in links, (path, target)


# -- the pages' own queries and links --------------------------------------------------------


def test_the_pages_queries_have_canned_query_headers() -> None:
    files = sorted((HERE / "queries").glob("*.rq"))
    assert files
    for path in files:
        query = parse_query_text(path.read_text(encoding="utf-8"), path)
        assert query.title and query.description


@pytest.mark.parametrize(
    ("iri", "local"),
    [
        ("https://w3id.org/balkan-kg/id/Albania", "/id/Albania"),
        ("https://w3id.org/balkan-kg/id/report-excerpt#char=0,31", "/source#char=0,31"),
        ("https://w3id.org/balkan-kg/ontology#Membership", "/ontology#Membership"),
        ("https://w3id.org/balkan-kg/ontology", "/ontology"),
        ("https://w3id.org/balkan-kg/ontology/0.1.0", "/ontology"),
        ("https://w3id.org/balkan-kg/", "/"),
        ("http://www.wikidata.org/entity/Q222", "http://www.wikidata.org/entity/Q222"),
    ],
)
def test_project_iris_map_to_this_servers_pages(iri: str, local: str) -> None:
    assert local_href(iri) == local


def test_the_editors_link_rule_is_the_servers(layout: Layout) -> None:
    # home.js repeats local_href for result tables: the rule names the same prefixes.
    script = (HERE / "static" / "site" / "home.js").read_text(encoding="utf-8")
    assert 'var ID = "https://w3id.org/balkan-kg/id/";' in script
    assert 'var ONTOLOGY = "https://w3id.org/balkan-kg/ontology";' in script
    assert '"/source" + rest.slice(hash)' in script


def test_every_page_name_of_the_graph_resolves(client: TestClient, layout: Layout) -> None:
    # Every IRI minted under /id/ that the curated files name answers 200 (spans are
    # places in /source, reached through their document).
    graph = curated(layout)
    names = {
        str(t)[len(BK) :].partition("#")[0]
        for triple in graph
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(BK))
    }
    assert len(names) > 100
    for name in sorted(names):
        response = client.get(f"/id/{name}", headers={"Accept": "text/turtle"})
        assert response.status_code == 200, name


def test_a_query_that_fails_behind_a_page_is_a_page_with_its_status(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from balkan_kg.errors import QueryTimeoutError
    from balkan_kg.server import entities, source

    async def too_slow(*args: object, **kwargs: object) -> None:
        raise QueryTimeoutError("the query ran longer than 10 s and was stopped")

    monkeypatch.setattr(entities, "ask", too_slow)
    monkeypatch.setattr(source, "ask", too_slow)
    for path in ("/id/Albania", "/source"):
        page = client.get(path, headers={"Accept": BROWSER})
        assert page.status_code == 503, path
        assert "ran longer than 10 s" in page.text
