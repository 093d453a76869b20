"""The dataset's description in VoID and DCAT, written by the build as ``void.ttl``.

:func:`void_triples` describes the graph the SPARQL endpoint answers from by default,
the asserted triples (``merged``) and the inferred ones (``inferred``) together:

* what it is: title, description, licence (CC BY 4.0), the source publication (the
  Clingendael report the text is an excerpt of), keywords, the ontology it follows;
* how to reach it: the SPARQL endpoint (``void:sparqlEndpoint`` and a DCAT data
  service), the namespace of its resources and a few example resources;
* what is in it: triples, entities, distinct subjects and objects, classes and
  properties, a partition per class (its instances) and per property (its triples,
  distinct subjects and objects), the vocabularies its classes and properties come
  from, and two subsets, the asserted and the inferred triples, with their counts.

Everything is counted from the triples, so the same graphs give the same description
(partitions are blank nodes, which :func:`~balkan_kg.rdfio.serialize.canonical`
labels the same way each time). The build cannot know where it will be served: its
copy names the endpoint :data:`ENDPOINT` (``https://w3id.org/balkan-kg/sparql``, a
placeholder: no w3id rule sends it anywhere yet), and the server replaces that IRI, and
the IRIs under it, by the endpoint URL a request came to (:func:`with_endpoint`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from ..namespaces import BK, DCAT, DCT, PREFIXES, PROV, RDF, VOID, XSD

if TYPE_CHECKING:
    import pyoxigraph

    from .publish import Material

BASE: Final = "https://w3id.org/balkan-kg"
"""The project's persistent base IRI."""
DATASET: Final = f"{BASE}/graph"
"""The IRI of the dataset: the graph the endpoint answers from by default, the name
``balkan-kg load`` gives it in other stores, and what the w3id rules send to this
description (``w3id/.htaccess``)."""
ENDPOINT: Final = f"{BASE}/sparql"
"""The endpoint IRI of the build's copy; a server names its own instead."""
SERVICE_FRAGMENT: Final = "#service"
"""The data service is the endpoint IRI with this fragment (also in the service
description)."""
LICENCE: Final = "https://creativecommons.org/licenses/by/4.0/"
SOURCE: Final = (
    "https://www.clingendael.org/pub/2025/geopolitically-mapping-the-western-balkans/"
    "the-wb6-as-security-providers-and-consumers-for-nato/"
)
"""The publication the source text is an excerpt of."""
SOURCE_TITLE: Final = "Geopolitically mapping the Western Balkans"
SOURCE_PUBLISHER: Final = "Clingendael"
SOURCE_YEAR: Final = "2025"
EXAMPLE_RESOURCES: Final = ("NATO", "EU", "Albania", "Serbia", "Kosovo", "WesternBalkans", "S3")
"""Local names (under ``bk:``) of the example resources, listed when the graph has them."""
KEYWORDS: Final = ("NATO", "Western Balkans", "European Union", "security", "knowledge graph")
SPARQL_PROTOCOL: Final = "https://www.w3.org/TR/sparql11-protocol/"
ENGLISH: Final = "http://id.loc.gov/vocabulary/iso639-1/en"
ONTOLOGY: Final = f"{BASE}/ontology"


def make_void(material: Material) -> str:
    """The build's ``void.ttl``: :func:`void_triples` as canonical Turtle."""
    from ..rdfio.serialize import canonical, to_turtle

    return to_turtle(
        canonical(void_triples(material.merged, material.inferred, material.include_external))
    )


def void_triples(
    merged: Sequence[pyoxigraph.Triple],
    inferred: Sequence[pyoxigraph.Triple],
    include_external: bool = True,
    endpoint: str = ENDPOINT,
) -> list[pyoxigraph.Triple]:
    """The VoID and DCAT description of ``merged`` and ``inferred`` together (the
    module docstring says what it holds), naming ``endpoint`` as the SPARQL endpoint."""
    import pyoxigraph as ox

    triples: list[ox.Triple] = []
    dataset = ox.NamedNode(DATASET)

    def add(subject: ox.NamedNode | ox.BlankNode, predicate: str, obj: object) -> None:
        triples.append(ox.Triple(subject, ox.NamedNode(predicate), _term(obj)))

    graph = set(merged) | set(inferred)
    add(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    scope = "" if include_external else " This copy leaves out the facts from outside the text."
    add(dataset, DCT + "title", _en("balkan-kg: NATO and the Western Balkans in a policy text"))
    add(
        dataset,
        DCT + "description",
        _en(
            "A provenance-tracked knowledge graph of NATO and EU relations in the Western "
            "Balkans, built from an excerpt of a policy report: every fact rests on the "
            "sentence and the exact character span of the text it comes from, or names its "
            "outside source. The graph holds the asserted triples and those OWL 2 RL "
            "reasoning adds." + scope
        ),
    )
    add(dataset, DCT + "license", ox.NamedNode(LICENCE))
    add(dataset, DCT + "source", ox.NamedNode(SOURCE))
    add(dataset, DCT + "creator", "balkan-kg developers")
    add(dataset, DCT + "language", ox.NamedNode(ENGLISH))
    add(dataset, DCT + "conformsTo", ox.NamedNode(ONTOLOGY))
    add(dataset, DCAT + "landingPage", ox.NamedNode(BASE))
    for keyword in KEYWORDS:
        add(dataset, DCAT + "keyword", _en(keyword))

    source = ox.NamedNode(SOURCE)
    add(source, RDF + "type", ox.NamedNode(DCT + "BibliographicResource"))
    add(source, DCT + "title", _en(SOURCE_TITLE))
    add(source, DCT + "publisher", SOURCE_PUBLISHER)
    add(source, DCT + "issued", ox.Literal(SOURCE_YEAR, datatype=ox.NamedNode(XSD + "gYear")))

    service = ox.NamedNode(endpoint + SERVICE_FRAGMENT)
    add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(endpoint))
    add(dataset, DCAT + "accessService", service)
    add(service, RDF + "type", ox.NamedNode(DCAT + "DataService"))
    add(service, DCAT + "endpointURL", ox.NamedNode(endpoint))
    add(service, DCAT + "servesDataset", dataset)
    add(service, DCT + "conformsTo", ox.NamedNode(SPARQL_PROTOCOL))

    add(dataset, VOID + "uriSpace", BK)
    subjects = {t.subject for t in graph}
    for name in EXAMPLE_RESOURCES:
        if ox.NamedNode(BK + name) in subjects:
            add(dataset, VOID + "exampleResource", ox.NamedNode(BK + name))

    for predicate, value in _statistics(graph).items():
        add(dataset, VOID + predicate, value)
    for vocabulary in _vocabularies(graph):
        add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))
    for cls, count in _class_partitions(graph):
        partition = ox.BlankNode()
        add(dataset, VOID + "classPartition", partition)
        add(partition, VOID + "class", cls)
        add(partition, VOID + "entities", count)
    for prop, (count, distinct_subjects, distinct_objects) in _property_partitions(graph):
        partition = ox.BlankNode()
        add(dataset, VOID + "propertyPartition", partition)
        add(partition, VOID + "property", prop)
        add(partition, VOID + "triples", count)
        add(partition, VOID + "distinctSubjects", distinct_subjects)
        add(partition, VOID + "distinctObjects", distinct_objects)

    for name, part, title, description in (
        (
            "asserted",
            merged,
            "asserted triples",
            "The ontology and the curated facts, as written (what the endpoint answers "
            "from with inference=false).",
        ),
        (
            "inferred",
            inferred,
            "inferred triples",
            "The triples OWL 2 RL reasoning adds to the asserted ones.",
        ),
    ):
        subset = ox.NamedNode(f"{DATASET}/{name}")
        add(dataset, VOID + "subset", subset)
        add(subset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
        add(subset, DCT + "title", _en(title))
        add(subset, DCT + "description", _en(description))
        add(subset, VOID + "triples", len(set(part)))
    add(
        ox.NamedNode(f"{DATASET}/inferred"),
        PROV + "wasDerivedFrom",
        ox.NamedNode(f"{DATASET}/asserted"),
    )
    return triples


def with_endpoint(triples: Iterable[pyoxigraph.Triple], endpoint: str) -> list[pyoxigraph.Triple]:
    """``triples`` with :data:`ENDPOINT`, and IRIs starting with it and ``#``, renamed to
    start with ``endpoint`` instead (the server's own URL)."""
    import pyoxigraph as ox

    def rename(term: object) -> object:
        if isinstance(term, ox.NamedNode) and (
            term.value == ENDPOINT or term.value.startswith(ENDPOINT + "#")
        ):
            return ox.NamedNode(endpoint + term.value[len(ENDPOINT) :])
        return term

    return [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]  # type: ignore[arg-type]


def _term(value: object) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, bool):
        raise TypeError("no boolean values in the description")
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot describe {value!r}")


def _en(text: str) -> pyoxigraph.Literal:
    import pyoxigraph as ox

    return ox.Literal(text, language="en")


def _statistics(graph: set[pyoxigraph.Triple]) -> dict[str, int]:
    """``void:triples``, ``entities``, ``classes``, ``properties``, ``distinctSubjects``
    and ``distinctObjects`` of ``graph``."""
    import pyoxigraph as ox

    subjects = {t.subject for t in graph}
    return {
        "triples": len(graph),
        "entities": sum(
            1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(BK)
        ),
        "classes": len({t.object for t in graph if t.predicate.value == RDF + "type"}),
        "properties": len({t.predicate for t in graph}),
        "distinctSubjects": len(subjects),
        "distinctObjects": len({t.object for t in graph}),
    }


def _class_partitions(graph: set[pyoxigraph.Triple]) -> list[tuple[object, int]]:
    """``(class, number of its instances)`` for every class of ``graph``, by IRI."""
    instances: dict[object, set[object]] = defaultdict(set)
    for t in graph:
        if t.predicate.value == RDF + "type":
            instances[t.object].add(t.subject)
    return sorted(((c, len(members)) for c, members in instances.items()), key=lambda p: str(p[0]))


def _property_partitions(
    graph: set[pyoxigraph.Triple],
) -> list[tuple[object, tuple[int, int, int]]]:
    """``(property, (triples, distinct subjects, distinct objects))`` for every
    property of ``graph``, by IRI."""
    count: Counter[object] = Counter()
    subjects: dict[object, set[object]] = defaultdict(set)
    objects: dict[object, set[object]] = defaultdict(set)
    for t in graph:
        count[t.predicate] += 1
        subjects[t.predicate].add(t.subject)
        objects[t.predicate].add(t.object)
    return sorted(
        ((p, (count[p], len(subjects[p]), len(objects[p]))) for p in count), key=lambda p: str(p[0])
    )


def _vocabularies(graph: set[pyoxigraph.Triple]) -> list[str]:
    """The namespaces of the classes and properties of ``graph``: a project prefix's
    namespace when one covers the term, else the term up to its last ``#`` or ``/``;
    the namespace of the project's own resources (``bk:``) is not a vocabulary."""
    import pyoxigraph as ox

    terms = {t.predicate.value for t in graph}
    terms |= {
        t.object.value
        for t in graph
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode)
    }
    found = set()
    for term in terms:
        covering = [ns for ns in PREFIXES.values() if term.startswith(ns)]
        if covering:
            found.add(max(covering, key=len))
        else:
            cut = max(term.rfind("#"), term.rfind("/"))
            found.add(term[: cut + 1] if cut > 0 else term)
    found.discard(BK)
    return sorted(found)
