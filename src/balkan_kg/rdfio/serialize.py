"""Writing triples for publication: N-Triples, Turtle and JSON-LD, the same way each time.

Every writer takes pyoxigraph triples and gives text that depends only on the set of
triples: N-Triples lines are sorted (pyoxigraph writes the terms), Turtle and JSON-LD
are written by rdflib from triples added in sorted order, JSON-LD nodes sorted by
``@id``. Only the prefixes the triples use are declared (Turtle) or put in the
inline ``@context`` (JSON-LD; never a remote context). :func:`canonical` relabels blank
nodes with the W3C RDF Dataset Canonicalization (RDFC-1.0), so the same graph always
gets the same labels and a diff of two builds shows only real changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from ..namespaces import RDF, XSD, used_prefixes

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import URIRef

GRAPH_FORMATS: Final = ("turtle", "nt", "jsonld")
"""The names of the graph serialisations :func:`serialize` writes."""

FORMAT_NAMES: Final = {
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
}
"""The names a user may give a graph format (``?format=``, ``--format``) -> its name in
:data:`GRAPH_FORMATS`."""

MEDIA_TYPES: Final = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
"""The media type of each graph serialisation."""


def canonical(triples: Iterable[pyoxigraph.Triple]) -> list[pyoxigraph.Triple]:
    """``triples`` with blank nodes relabelled by RDFC-1.0, sorted and without repeats."""
    import pyoxigraph

    dataset = pyoxigraph.Dataset(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    if any(isinstance(q.subject, pyoxigraph.BlankNode) for q in dataset) or any(
        isinstance(q.object, pyoxigraph.BlankNode) for q in dataset
    ):
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted((q.triple for q in dataset), key=str)


_RDF_TYPE: Final = RDF + "type"
_LIST_TERMS: Final = frozenset({RDF + "first", RDF + "rest", RDF + "nil"})
_XSD_STRING: Final = XSD + "string"


def _iris(triples: Iterable[pyoxigraph.Triple]) -> Iterable[str]:
    """The IRIs a Turtle or JSON-LD text of ``triples`` writes: not the predicate
    ``rdf:type`` (written ``a`` and ``@type``), nor the ``xsd:string`` datatype of a
    simple literal (written as a plain string), nor ``rdf:first``, ``rdf:rest`` and
    ``rdf:nil`` (a list is written ``( ... )`` and ``@list``; a malformed one, with
    full IRIs)."""
    import pyoxigraph

    for triple in triples:
        typing = triple.predicate.value == _RDF_TYPE
        for position, term in enumerate((triple.subject, triple.predicate, triple.object)):
            if isinstance(term, pyoxigraph.NamedNode):
                if (position != 1 or not typing) and term.value not in _LIST_TERMS:
                    yield term.value
            elif (
                isinstance(term, pyoxigraph.Literal)
                and not term.language
                and term.datatype.value != _XSD_STRING
            ):
                yield term.datatype.value


def to_ntriples(triples: Iterable[pyoxigraph.Triple]) -> str:
    """N-Triples, one triple a line, lines sorted and unique, ending in a newline.

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"))
    >>> to_ntriples([t, t])
    '<http://e/s> <http://e/p> "o" .\\n'
    """
    return "".join(sorted({f"{t} .\n" for t in triples}))


def to_turtle(triples: Iterable[pyoxigraph.Triple]) -> str:
    """Turtle declaring only the project prefixes the triples use.

    rdflib writes it: it keeps IRIs whose local part would need escapes (the NIF span
    IRIs ``...#char=0,75``) in angle brackets, where pyoxigraph writes ``bk:x\\#char\\=0``.
    """
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager

    from .bridge import rdflib_graph

    class NoNewPrefixes(NamespaceManager):
        """Writes an IRI outside the project prefixes as ``<IRI>``: rdflib's Turtle writer
        would make up a prefix (``ns1:``) for a predicate in an unknown namespace."""

        def compute_qname(self, uri: str, generate: bool = True) -> tuple[str, URIRef, str]:
            return super().compute_qname(uri, generate=False)

    ordered = sorted(triples, key=str)
    # A graph with no prefix bound in its store: the writer takes prefixes from there too.
    graph = Graph(bind_namespaces="none")
    graph.namespace_manager = NoNewPrefixes(graph, bind_namespaces="none")
    for prefix, namespace in used_prefixes(_iris(ordered)).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    rdflib_graph(ordered, graph)
    return graph.serialize(format="turtle", encoding="utf-8").decode("utf-8")


def to_jsonld(triples: Iterable[pyoxigraph.Triple]) -> str:
    """Compact JSON-LD with an inline ``@context`` of the project prefixes used.

    Node objects in ``@graph`` are sorted by ``@id``, keys are sorted, and a node's values
    come in the order of their N-Triples form. rdflib writes it (pyoxigraph writes only
    expanded JSON-LD).
    """
    from .bridge import rdflib_graph

    ordered = sorted(triples, key=str)
    context = used_prefixes(_iris(ordered))
    graph = rdflib_graph(ordered)  # rdflib keeps a node's values in the order added
    text = graph.serialize(format="json-ld", context=context, encoding="utf-8")
    document = json.loads(text)
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def serialize(triples: Iterable[pyoxigraph.Triple], format_name: str) -> str:
    """``triples`` written as ``format_name``, one of :data:`GRAPH_FORMATS`.

    :raises ValueError: for another format name.
    """
    writers = {"turtle": to_turtle, "nt": to_ntriples, "jsonld": to_jsonld}
    if format_name not in writers:
        raise ValueError(
            f"unknown graph format {format_name!r} (choose from {', '.join(GRAPH_FORMATS)})"
        )
    return writers[format_name](triples)
