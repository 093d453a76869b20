"""The endpoint describing itself (:mod:`balkan_kg.server.description`): the SPARQL 1.1
Service Description on a GET of ``/sparql`` without a query, and the VoID description at
``/.well-known/void``, each parsed as RDF, naming the host the request came to, and
counted against the graph the endpoint answers from."""

from __future__ import annotations

import httpx
import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, Namespace, URIRef

from balkan_kg.kg.void import DATASET, LICENCE, SOURCE
from balkan_kg.query.catalog import list_queries
from serving import MAX_BODY, MAX_ROWS, QUERY_TIMEOUT, BalkanServer

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
BKG = Namespace("https://w3id.org/balkan-kg/ontology#")
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}


def description(client: httpx.Client, path: str = "/sparql", **headers: str) -> rdflib.Graph:
    response = client.get(path, headers={"accept": "text/turtle", **headers})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/turtle")
    assert "accept" in response.headers["vary"].lower()
    return rdflib.Graph().parse(data=response.text, format="turtle")


def same_graph(first: httpx.Response, second: httpx.Response) -> bool:
    """Whether two answers hold the same graph (blank nodes canonicalised, RDFC-1.0)."""
    return canonical(first) == canonical(second)


def canonical(response: httpx.Response) -> set[str]:
    media = response.headers["content-type"].split(";")[0]
    kind = {
        "text/turtle": pyoxigraph.RdfFormat.TURTLE,
        "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
        "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    }[media]
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(response.content, format=kind))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def count(client: httpx.Client, query: str, inference: bool = True) -> int:
    params = {"query": query, "inference": "true" if inference else "false"}
    response = client.get("/sparql", params=params)
    assert response.status_code == 200, response.text
    (binding,) = response.json()["results"]["bindings"]
    return int(binding["n"]["value"])


TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


# --- the service description ------------------------------------------------------------


def test_the_service_description_names_the_endpoint_the_request_reached(
    client: httpx.Client, server: BalkanServer
) -> None:
    graph = description(client)
    assert set(graph.objects(None, SD.endpoint)) == {URIRef(server.endpoint)}
    other = description(client, host="kg.example.org:8443")
    assert set(other.objects(None, SD.endpoint)) == {URIRef("http://kg.example.org:8443/sparql")}


def test_forwarded_headers_are_ignored_without_the_option(client: httpx.Client) -> None:
    graph = description(
        client,
        host="kg.example.org",
        **{"x-forwarded-host": "evil.example", "x-forwarded-proto": "https"},
    )
    assert set(graph.objects(None, SD.endpoint)) == {URIRef("http://kg.example.org/sparql")}


def test_forwarded_headers_are_followed_with_the_option(proxied_server: BalkanServer) -> None:
    with proxied_server.client() as http:
        headers = {"x-forwarded-host": "kg.example.org", "x-forwarded-proto": "https"}
        graph = description(http, **headers)
        assert set(graph.objects(None, SD.endpoint)) == {URIRef("https://kg.example.org/sparql")}
        void = description(http, "/.well-known/void", **headers)
        assert set(void.objects(URIRef(DATASET), VOID.sparqlEndpoint)) == {
            URIRef("https://kg.example.org/sparql")
        }
        bad = http.get("/sparql", headers={"x-forwarded-proto": "gopher"})
        assert bad.status_code == 400


@pytest.mark.parametrize(
    "host", ["evil.example/<x>", "a b", "user@host", 'x"y', "host:port", "[::1", "-bad-.example"]
)
def test_a_host_that_no_url_may_name_is_400(client: httpx.Client, host: str) -> None:
    response = client.get("/sparql", headers={"host": host, "accept": "text/turtle"})
    assert response.status_code == 400
    assert "Host header" in response.text


@pytest.mark.parametrize(("media", "rdflib_format"), RDF_FORMATS.items())
def test_every_rdf_format_gives_the_same_description(
    client: httpx.Client, media: str, rdflib_format: str
) -> None:
    response = client.get("/sparql", headers={"accept": media})
    assert response.headers["content-type"].split(";")[0] == media
    rdflib.Graph().parse(data=response.text, format=rdflib_format)  # rdflib reads it too
    assert same_graph(response, client.get("/sparql", headers={"accept": "text/turtle"}))


def test_a_browser_is_sent_to_the_query_editor(client: httpx.Client) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_no_acceptable_description_format_is_406(client: httpx.Client) -> None:
    assert client.get("/sparql", headers={"accept": "image/png"}).status_code == 406


def test_the_service_says_what_it_supports(client: httpx.Client) -> None:
    graph = description(client)
    (service,) = graph.subjects(RDF.type, SD.Service)
    assert set(graph.objects(service, SD.supportedLanguage)) == {
        SD.SPARQL10Query,
        SD.SPARQL11Query,
    }
    assert set(graph.objects(service, SD.resultFormat)) == {
        FORMATS[name]
        for name in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
        )
    }
    assert set(graph.objects(service, SD.defaultSupportedEntailmentProfile)) == {
        URIRef("http://www.w3.org/ns/owl-profile/RL")
    }
    features = {str(graph.value(f, RDFS.label)): f for f in graph.objects(service, SD.feature)}
    assert set(features) == {"inference parameter", "time limit", "row limit", "read-only"}
    assert graph.value(features["time limit"], RDF.value).toPython() == QUERY_TIMEOUT
    assert graph.value(features["row limit"], RDF.value).toPython() == MAX_ROWS
    assert f"{MAX_BODY} bytes" in str(graph.value(features["read-only"], RDFS.comment))


def test_the_default_dataset_is_counted_and_links_to_void(
    client: httpx.Client, server: BalkanServer
) -> None:
    graph = description(client)
    (service,) = graph.subjects(RDF.type, SD.Service)
    dataset = graph.value(service, SD.defaultDataset)
    assert dataset == URIRef(DATASET)
    assert (dataset, RDFS.seeAlso, URIRef(server.url + "/.well-known/void")) in graph
    default_graph = graph.value(dataset, SD.defaultGraph)
    assert graph.value(default_graph, VOID.triples).toPython() == count(client, TRIPLES)
    inference = next(
        f
        for f in graph.objects(service, SD.feature)
        if "inference" in str(graph.value(f, RDFS.label))
    )
    comment = str(graph.value(inference, RDFS.comment))
    assert f"from the {count(client, TRIPLES, inference=False)} asserted triples only" in comment


def test_every_canned_query_is_an_example_that_runs_here(client: httpx.Client) -> None:
    graph = description(client)
    examples = set(graph.subjects(RDF.type, SH.SPARQLSelectExecutable))
    names = {str(graph.value(e, DCT.identifier)) for e in examples}
    assert names == {query.name for query in list_queries()}
    for example in examples:
        assert graph.value(example, RDFS.label) is not None
        text = str(graph.value(example, SH.select))
        response = client.post("/sparql", data={"query": text})
        assert response.status_code == 200, (graph.value(example, DCT.identifier), response.text)
        assert "results" in response.json()


def test_an_update_parameter_on_a_get_is_403_not_a_description(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"update": "CLEAR ALL"})
    assert response.status_code == 403


# --- VoID -------------------------------------------------------------------------------


def test_void_names_this_endpoint(client: httpx.Client, server: BalkanServer) -> None:
    graph = description(client, "/.well-known/void")
    assert set(graph.objects(URIRef(DATASET), VOID.sparqlEndpoint)) == {URIRef(server.endpoint)}
    service = graph.value(URIRef(DATASET), DCAT.accessService)
    assert graph.value(service, DCAT.endpointURL) == URIRef(server.endpoint)
    assert "w3id.org/balkan-kg/sparql" not in graph.serialize(format="nt")
    elsewhere = description(client, "/.well-known/void", host="kg.example.org")
    assert set(elsewhere.objects(URIRef(DATASET), VOID.sparqlEndpoint)) == {
        URIRef("http://kg.example.org/sparql")
    }


@pytest.mark.parametrize(("media", "rdflib_format"), RDF_FORMATS.items())
def test_void_in_every_rdf_format(client: httpx.Client, media: str, rdflib_format: str) -> None:
    response = client.get("/.well-known/void", headers={"accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    rdflib.Graph().parse(data=response.text, format=rdflib_format)  # rdflib reads it too
    turtle = client.get("/.well-known/void", headers={"accept": "text/turtle"})
    assert same_graph(response, turtle)


def test_void_counts_match_the_graph(client: httpx.Client, built_graph) -> None:
    graph = description(client, "/.well-known/void")
    dataset = URIRef(DATASET)
    assert graph.value(dataset, VOID.triples).toPython() == count(client, TRIPLES)
    distinct = "SELECT (COUNT(DISTINCT ?{v}) AS ?n) WHERE {{ ?s ?p ?o }}"
    assert graph.value(dataset, VOID.distinctSubjects).toPython() == count(
        client, distinct.format(v="s")
    )
    # Distinct objects are RDF terms: counted on the build's files, since Oxigraph's
    # SPARQL answers "75"^^xsd:nonNegativeInteger as "75"^^xsd:integer and so merges
    # two terms of the graph under DISTINCT.
    files = rdflib.Graph()
    for name in ("merged.nt", "inferred.nt"):
        files.parse(built_graph.path(name), format="nt")
    assert graph.value(dataset, VOID.distinctObjects).toPython() == len(set(files.objects()))
    assert graph.value(dataset, VOID.properties).toPython() == count(client, distinct.format(v="p"))
    classes = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"
    assert graph.value(dataset, VOID.classes).toPython() == count(client, classes)
    subsets = {str(graph.value(s, DCT.title)): s for s in graph.objects(dataset, VOID.subset)}
    assert graph.value(subsets["asserted triples"], VOID.triples).toPython() == count(
        client, TRIPLES, inference=False
    )
    assert (
        graph.value(subsets["asserted triples"], VOID.triples).toPython()
        + graph.value(subsets["inferred triples"], VOID.triples).toPython()
        == graph.value(dataset, VOID.triples).toPython()
    )


def test_void_class_and_property_partitions_match_the_graph(client: httpx.Client) -> None:
    graph = description(client, "/.well-known/void")
    dataset = URIRef(DATASET)
    per_class = {
        graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
        for p in graph.objects(dataset, VOID.classPartition)
    }
    response = client.get(
        "/sparql",
        params={"query": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"},
    )
    expected = {
        URIRef(b["c"]["value"]): int(b["n"]["value"])
        for b in response.json()["results"]["bindings"]
    }
    assert per_class == expected
    per_property = {
        graph.value(p, VOID.property): graph.value(p, VOID.triples).toPython()
        for p in graph.objects(dataset, VOID.propertyPartition)
    }
    response = client.get(
        "/sparql",
        params={"query": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"},
    )
    expected = {
        URIRef(b["p"]["value"]): int(b["n"]["value"])
        for b in response.json()["results"]["bindings"]
    }
    assert per_property == expected
    # The text's states are instances of bkg:State, counted in their partition.
    assert per_class[BKG.State] >= 6


def test_void_names_licence_source_and_examples(client: httpx.Client) -> None:
    graph = description(client, "/.well-known/void")
    dataset = URIRef(DATASET)
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert graph.value(dataset, DCT.license) == URIRef(LICENCE)
    assert graph.value(dataset, DCT.source) == URIRef(SOURCE)
    source = URIRef(SOURCE)
    assert graph.value(source, DCT.title) == Literal(
        "Geopolitically mapping the Western Balkans", lang="en"
    )
    assert str(graph.value(source, DCT.issued)) == "2025"
    examples = set(graph.objects(dataset, VOID.exampleResource))
    assert URIRef("https://w3id.org/balkan-kg/id/NATO") in examples
    for example in examples:  # each resolves to something in the graph
        assert count(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{example}> ?p ?o }}") > 0
    vocabularies = set(graph.objects(dataset, VOID.vocabulary))
    assert URIRef("http://www.w3.org/ns/org#") in vocabularies
    assert URIRef("https://w3id.org/balkan-kg/id/") not in vocabularies


def test_each_of_many_hosts_is_named_in_its_own_description(client: httpx.Client) -> None:
    for number in range(20):
        host = f"kg{number}.example.org:{8000 + number}"
        for path, predicate in (
            ("/sparql", SD.endpoint),
            ("/.well-known/void", VOID.sparqlEndpoint),
        ):
            graph = description(client, path, host=host)
            assert set(graph.objects(None, predicate)) == {URIRef(f"http://{host}/sparql")}
