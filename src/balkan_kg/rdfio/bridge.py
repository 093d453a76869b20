"""The one bridge between rdflib and pyoxigraph terms.

The package keeps RDF terms as pyoxigraph terms (queries, results, the build's files)
and hands rdflib graphs to the libraries that need them (pySHACL, owlrl, and users who
ask for ``kg.graph``). Every conversion between the two libraries' terms is here, and
so is every use of a library's private internals (:func:`memory_subject_index`), each
with a test in ``tests/rdfio/test_bridge.py`` that fails when the library changes.

RDF 1.1 makes a plain literal and an ``xsd:string`` literal the same term; rdflib keeps
them apart, pyoxigraph does not. An ``xsd:string`` literal from pyoxigraph becomes a
plain rdflib literal (what rdflib's own parsers make of ``"text"``), and both kinds of
rdflib literal become the same pyoxigraph literal.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from ..namespaces import PREFIXES, XSD

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

    OxTerm: TypeAlias = (
        pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
    )
else:
    OxTerm: TypeAlias = Any

_XSD_STRING = XSD + "string"
_GYEAR = re.compile(r"(-?[0-9]{4,})(Z|[+-][0-9]{2}:[0-9]{2})?")


def new_graph() -> Graph:
    """An empty rdflib graph with the project prefixes bound (and no others).

    Also makes rdflib's SPARQL order ``xsd:gYear`` values, see :func:`order_gyears`.
    """
    from rdflib import Graph

    order_gyears()
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


@functools.cache
def order_gyears() -> None:
    """Let rdflib's SPARQL compare ``xsd:gYear`` literals with ``<``, ``>`` and the like.

    rdflib refuses every comparison but ``=`` and ``!=`` of literals whose datatype is
    not in its list of XSD types (``rdflib.plugins.sparql.datatypes.XSD_DTs``, private),
    and gives a gYear no Python value, so ``FILTER(?year > "2010"^^xsd:gYear)`` keeps no
    row where Oxigraph and Virtuoso keep the later years. rdflib fixed the same for
    ``xsd:date`` by adding it to that list (rdflib#532, PR #533); this does it for
    ``xsd:gYear``, and gives gYear literals made after this call a :class:`GYear` value
    (earlier ones compare by their text, which orders four-digit years too): an ``int``
    that keeps its lexical form, so rdflib's normalising of literals leaves ``"0999"``
    and ``"2009Z"`` as they are. ``tests/issues/test_rdflib_gyear_ordering.py`` shows
    the fault and the repair.
    """
    from rdflib import XSD
    from rdflib.plugins.sparql import datatypes
    from rdflib.term import XSDToPython, bind

    datatypes.XSD_DTs.add(XSD.gYear)
    bind(
        XSD.gYear,
        GYear,
        constructor=GYear.parse,
        lexicalizer=GYear.lexical_form,
        datatype_specific=True,
    )
    # owlrl reasons with its own converters (a gYear's value a str) and then restores
    # rdflib's from XSDToPython, which has no gYear: without this, the repair is undone
    # for the rest of the process by the first owlrl run.
    XSDToPython[XSD.gYear] = GYear.parse


class GYear(int):
    """The value rdflib gives an ``xsd:gYear`` literal: the year as an ``int`` (its time
    zone ignored when comparing), keeping the lexical form it was read from."""

    lexical: str

    @classmethod
    def parse(cls, lexical: str) -> GYear:
        """The value of a gYear lexical form.

        :raises ValueError: for text that is not a gYear (rdflib then keeps no value).
        """
        match = _GYEAR.fullmatch(lexical.strip())
        if match is None:
            raise ValueError(f"not an xsd:gYear: {lexical!r}")
        year = cls(int(match.group(1)))
        year.lexical = lexical
        return year

    def lexical_form(self) -> str:
        """The text the value was read from (rdflib writes a literal with it)."""
        return getattr(self, "lexical", str(int(self)))


def to_rdflib(term: OxTerm) -> Node:
    """The rdflib term for a pyoxigraph term.

    :raises TypeError: for a term rdflib cannot hold (an RDF 1.2 triple term).
    """
    return _rdflib_converter()(term)


def _rdflib_converter() -> Callable[[OxTerm], Node]:
    """A function turning pyoxigraph terms into rdflib terms, with one rdflib IRI object
    per IRI it has seen (a graph repeats its IRIs; making each once is a third faster)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    named, blank, literal = pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal
    iris: dict[str, URIRef] = {}

    def iri(value: str) -> URIRef:
        found = iris.get(value)
        if found is None:
            found = iris[value] = URIRef(value)
        return found

    def convert(term: OxTerm) -> Node:
        if isinstance(term, named):
            return iri(term.value)
        if isinstance(term, literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return Literal(term.value)
            # normalize=False: rdflib would rewrite "01"^^xsd:integer as "1", another term.
            return Literal(term.value, datatype=iri(datatype), normalize=False)
        if isinstance(term, blank):
            return BNode(term.value)
        raise TypeError(f"not an RDF 1.1 term: {term!r}")

    return convert


def to_oxigraph(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib term.

    :raises TypeError: for anything but an IRI, blank node or literal.
    """
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is None:
            return pyoxigraph.Literal(str(term))
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_graph(triples: Iterable[pyoxigraph.Triple], graph: Graph | None = None) -> Graph:
    """``triples`` added to ``graph`` (default: a :func:`new_graph`), which is returned.

    :raises TypeError: for an RDF 1.2 triple term, which rdflib cannot hold.
    """
    target = graph if graph is not None else new_graph()
    add, convert = target.add, _rdflib_converter()
    for triple in triples:
        add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    return target


def oxigraph_triples(graph: Graph) -> list[pyoxigraph.Triple]:
    """The triples of an rdflib graph as pyoxigraph triples."""
    import pyoxigraph

    return [
        pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in graph
    ]


def memory_subject_index(graph: Graph) -> dict[Any, dict[Any, dict[Any, int]]] | None:
    """The ``subject -> predicate -> objects`` index of ``graph``'s in-memory store.

    Private rdflib internals (``Memory.__spo``), read because walking it is several
    times faster than ``Graph.triples`` when a million triples are handed to
    pyshacl-turbo. ``None`` when the graph is a dataset, its store another kind, or the
    attribute is gone (a test fails then, so the change is noticed). The index holds the
    triples of every graph in the store: compare its size with ``len(graph)``.
    """
    from rdflib.plugins.stores.memory import Memory

    if graph.context_aware or type(graph.store) is not Memory:
        return None
    index = getattr(graph.store, "_Memory__spo", None)
    return index if isinstance(index, dict) else None


def turbo_input(*graphs: Graph) -> Any:
    """The union of ``graphs`` as pyshacl-turbo's input: a table of term records.

    pyshacl-turbo's ``Input`` of format ``"terms"`` is not documented API: it is the
    table pyshacl-turbo builds itself from an rdflib graph, read in its source
    (``pyshacl_turbo/rdf.py``); ``tests/rdfio/test_bridge.py`` fails if it changes.

    It is the input pyshacl-turbo builds itself from an rdflib graph (a list of records
    ``(kind, lexical form, datatype, language)``, one row of record numbers per triple,
    and the blank nodes by label), without the rdflib graph of the union and several
    times faster:

    * the triples of a graph held alone in rdflib's ``Memory`` store are read from the
      store's subject index instead of through ``Graph.triples``;
    * IRIs and blank nodes are numbered by their text as plain strings (hashed and
      compared in C rather than by rdflib's ``__eq__``), and literals are not numbered
      at all: each occurrence gets its own record, with its exact lexical form,
      datatype and language tag, and the engine interns equal terms itself;
    * Python's cyclic garbage collector is paused while the rows are built (a million
      tuples would otherwise make it walk the caller's graph several times).

    A triple found in two graphs is sent twice; the engine's dataset keeps it once.
    Raises :class:`TypeError` for a node that is not an IRI, blank node or literal.
    """
    from pyshacl_turbo.rdf import Input
    from rdflib import BNode, Literal, URIRef

    records: list[tuple[int, str, str | None, str | None]] = []
    rows: list[tuple[int, int, int, None]] = []
    iris: dict[str, int] = {}
    blanks: dict[str, int] = {}
    blank_nodes: dict[str, BNode] = {}
    namespaces: dict[str, str] = {}
    add_record, add_row = records.append, rows.append
    text_of = str.__str__  # an rdflib term's text as a plain str

    def number(term: Any) -> int:
        if isinstance(term, URIRef):
            text = text_of(term)
            found = iris.get(text)
            if found is None:
                found = iris[text] = len(records)
                add_record((0, text, None, None))
            return found
        if isinstance(term, Literal):
            datatype, language = term.datatype, term.language
            typed = text_of(datatype) if datatype and not language else None
            add_record((2, text_of(term), typed, language))
            return len(records) - 1
        if isinstance(term, BNode):
            text = text_of(term)
            found = blanks.get(text)
            if found is None:
                blank_nodes[text] = term
                found = blanks[text] = len(records)
                add_record((1, text, None, None))
            return found
        raise TypeError(f"not an RDF term: {term!r}")

    collecting = gc.isenabled()
    gc.disable()  # the rows form no cycles: collections would walk the graph for nothing
    try:
        for graph in graphs:
            for prefix, namespace in graph.namespaces():
                namespaces.setdefault(prefix, str(namespace))
            start = len(rows)
            index = memory_subject_index(graph)
            if index is not None:
                for subject, by_predicate in index.items():
                    s = number(subject)
                    for predicate, objects in by_predicate.items():
                        p = number(predicate)
                        for value in objects:  # what number(value) does, inline
                            kind = type(value)
                            if kind is URIRef:
                                o = iris.get(text_of(value))
                                if o is None:
                                    o = number(value)
                            elif kind is Literal:
                                datatype, language = value.datatype, value.language
                                typed = text_of(datatype) if datatype and not language else None
                                o = len(records)
                                add_record((2, text_of(value), typed, language))
                            else:
                                o = number(value)
                            add_row((s, p, o, None))
                if len(rows) - start == len(graph):
                    continue
                # The store holds other graphs too: read this one's triples the slow way.
                del rows[start:]
            for subject, predicate, value in graph.triples((None, None, None)):
                add_row((number(subject), number(predicate), number(value), None))
    finally:
        if collecting:
            gc.enable()
    return Input((records, rows), "terms", None, blank_nodes, namespaces)
