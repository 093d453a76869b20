"""Test helpers: the gate's pyoxigraph triples as an rdflib graph, to compare with graphs
that rdflib reads itself (W3C expected results, the curated files).

Kept apart from the package's own term bridge on purpose: an expectation should not pass
through the code it checks. Literals are made with ``normalize=False``, so that their
lexical forms are compared as written.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph
import rdflib

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple,
) -> rdflib.term.Identifier:
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language is not None:
            return rdflib.Literal(term.value, lang=term.language, normalize=False)
        if term.datatype.value == XSD_STRING:
            return rdflib.Literal(term.value, normalize=False)
        datatype = rdflib.URIRef(term.datatype.value)
        return rdflib.Literal(term.value, datatype=datatype, normalize=False)
    raise TypeError(f"rdflib has no term for {term!r}")


def rdflib_graph(triples: Iterable[pyoxigraph.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in triples:
        graph.add(
            (rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object))
        )
    return graph


def rdf11_terms(graph: rdflib.Graph) -> rdflib.Graph:
    """``graph`` with the terms RDF 1.1 makes equal written alike: ``"x"^^xsd:string`` as
    ``"x"``, and language tags in lower case (their value space; rdflib keeps the case as
    written, pyoxigraph lowers it)."""
    same = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and (o.language or str(o.datatype) == XSD_STRING):
            language = o.language.lower() if o.language else None
            o = rdflib.Literal(str(o), lang=language, normalize=False)
        same.add((s, p, o))
    return same
