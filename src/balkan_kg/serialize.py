"""Serialising graphs for publication: canonical N-Triples, Turtle and JSON-LD."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .namespaces import PREFIXES
from .parsing import new_graph

if TYPE_CHECKING:
    from rdflib import Graph


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` whose blank-node labels are derived from the graph's content.

    Uses rdflib's RDF graph canonicalisation, so the same triples always give the same
    labels and a diff of two outputs shows only real changes. Graphs without blank
    nodes are copied unchanged.
    """
    from rdflib import BNode
    from rdflib.compare import to_canonical_graph

    copy = new_graph()
    if any(isinstance(t, BNode) for triple in graph for t in (triple[0], triple[2])):
        copy += to_canonical_graph(graph)
    else:
        copy += graph
    return copy


def to_ntriples(graph: Graph) -> str:
    """N-Triples with one triple per line, lines sorted and unique, ending in a newline."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(f"{line}\n" for line in lines)


def to_turtle(graph: Graph) -> str:
    """Turtle with the project prefixes (only those used are declared by rdflib)."""
    return graph.serialize(format="turtle", encoding="utf-8").decode("utf-8")


def jsonld_context() -> dict[str, str]:
    """The inline JSON-LD ``@context``: the project prefix map."""
    return dict(PREFIXES)


def to_jsonld(graph: Graph) -> str:
    """JSON-LD with an inline ``@context`` built from the prefix map (never a remote one).

    Node objects in ``@graph`` are sorted by ``@id``, keys are sorted and a node's values
    come in the order of their N-Triples form, so the same triples give the same text
    whatever order they were added in.
    """
    # rdflib writes a node's values in the order the triples were added: add them sorted.
    ordered = new_graph()
    for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
        ordered.add(triple)
    text = ordered.serialize(format="json-ld", context=jsonld_context(), encoding="utf-8")
    document = json.loads(text)
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
