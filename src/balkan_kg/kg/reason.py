"""OWL 2 RL reasoning, returning only what was inferred.

Two reasoners give the same result: ``owlrl``, the reference, and ``fast``
(:mod:`balkan_kg.kg.fastreason`), which reproduces owlrl's closure for the OWL 2 RL
fragment the ontology uses in a fraction of the time and hands anything outside that
fragment back to owlrl. ``fast`` is the default; :data:`REASONERS` names both.

What is dropped from the closure
--------------------------------
owlrl's closure repeats every asserted triple and adds much that says nothing about the
domain. :func:`infer` keeps only new triples and removes:

* triples whose subject is a literal (owlrl types literals by their datatype and makes
  them ``owl:sameAs`` themselves);
* reflexive ``owl:sameAs``, ``owl:equivalentClass``, ``owl:equivalentProperty``,
  ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` triples (``x P x``);
* tautologies about ``owl:Thing``: ``x rdf:type owl:Thing``, ``C rdfs:subClassOf
  owl:Thing``, ``P rdfs:domain owl:Thing`` and ``P rdfs:range owl:Thing``;
* axiomatic triples whose subject is in the rdf, rdfs, owl or xsd namespace;
* every triple with a blank node as subject or object: in this project blank nodes are
  anonymous class expressions (restrictions, lists) whose inferred memberships are the
  reasoner's scaffolding, and a blank node cannot be referred to from another file, so a
  triple about it in the separately published inferred graph would dangle;
* owlrl's inconsistency reports (blank nodes typed ``err:ErrorMessage``); they are
  returned as messages by :func:`reason` and :func:`inconsistencies` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..namespaces import OWL, RDF, RDFS, XSD, shorten
from ..rdfio.bridge import new_graph

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

OWLRL_ERROR_NS = "http://www.daml.org/2002/03/agents/agent-ont#"
"""Namespace of the ``err:ErrorMessage`` / ``err:error`` triples owlrl adds on inconsistency."""

_SCHEMA_NAMESPACES = (RDF, RDFS, OWL, XSD)

# owlrl messages about problems that inconsistencies() reports itself, in a clearer form.
_COVERED_OWLRL_MESSAGES = (
    "Disjoint classes ",
    "'sameAs' and 'differentFrom'",
    "'sameAs' and 'AllDifferent'",
    "is defined of type 'Nothing'",
)


REASONERS = ("fast", "owlrl")
"""The reasoner names :func:`reason` accepts; the first is the default."""

DEFAULT_REASONER = "fast"


@dataclass
class Reasoning:
    """What :func:`reason` found: the inferred triples and any inconsistency messages.

    ``reasoner`` is the reasoner that produced them (``"owlrl"`` also when ``fast`` was
    asked for but handed the input back; ``fallback`` then says why).
    """

    inferred: Graph
    inconsistencies: list[str] = field(default_factory=list)
    reasoner: str = "owlrl"
    fallback: str | None = None


def closure(graph: Graph) -> Graph:
    """The full owlrl OWL 2 RL closure of ``graph``, computed on a copy.

    The result holds the asserted triples, everything owlrl added (noise included) and
    owlrl's ``err:ErrorMessage`` nodes. ``graph`` is left untouched.
    """
    import owlrl

    expanded = new_graph()
    expanded += graph
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(expanded)
    return expanded


def reason(graph: Graph, reasoner: str = DEFAULT_REASONER) -> Reasoning:
    """Reason over ``graph`` once; return the filtered inferred triples and inconsistencies.

    ``reasoner`` is ``"fast"`` (default) or ``"owlrl"``; both give the same triples and
    messages (``fast`` runs owlrl itself on input outside its fragment). Raises
    :class:`ValueError` for another name.
    """
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
    fallback = None
    if reasoner == "fast":
        from .fastreason import Unsupported, materialize_graph

        try:
            inferred, messages = materialize_graph(graph)
        except Unsupported as exc:
            fallback = str(exc)
        else:
            return Reasoning(inferred, messages, reasoner="fast")
    full = closure(graph)
    return Reasoning(
        inferred=_inferred_only(graph, full),
        inconsistencies=inconsistencies(full),
        reasoner="owlrl",
        fallback=fallback,
    )


def infer(graph: Graph, reasoner: str = DEFAULT_REASONER) -> Graph:
    """Only the inferred triples of the OWL 2 RL closure of ``graph``, noise removed.

    See the module docstring for what counts as noise and :func:`reason` for
    ``reasoner``. ``graph`` is not modified.
    """
    return reason(graph, reasoner).inferred


def is_noise(triple: tuple[Node, Node, Node]) -> bool:
    """Whether an inferred triple is dropped by :func:`infer` (see the module docstring)."""
    from rdflib import BNode, Literal, URIRef

    s, p, o = triple
    if isinstance(s, Literal | BNode) or isinstance(o, BNode):
        return True
    if isinstance(s, URIRef) and str(s).startswith(_SCHEMA_NAMESPACES):
        return True
    predicate = str(p)
    if s == o and predicate in _REFLEXIVE_NOISE:
        return True
    if str(o) == OWL + "Thing" and predicate in _THING_NOISE:
        return True
    return predicate.startswith(OWLRL_ERROR_NS) or str(o).startswith(OWLRL_ERROR_NS)


_REFLEXIVE_NOISE = frozenset(
    {
        OWL + "sameAs",
        OWL + "equivalentClass",
        OWL + "equivalentProperty",
        RDFS + "subClassOf",
        RDFS + "subPropertyOf",
    }
)
_THING_NOISE = frozenset({RDF + "type", RDFS + "subClassOf", RDFS + "domain", RDFS + "range"})


def _inferred_only(asserted: Graph, full: Graph) -> Graph:
    inferred = new_graph()
    for triple in full:
        if triple not in asserted and not is_noise(triple):
            inferred.add(triple)
    return inferred


def inconsistencies(closure: Graph) -> list[str]:
    """Inconsistencies in a reasoned graph, as sorted, de-duplicated messages.

    ``closure`` should hold asserted and inferred triples. Reported: members of
    ``owl:Nothing``; resources typed with two classes declared ``owl:disjointWith`` or
    listed in one ``owl:AllDisjointClasses``; ``owl:sameAs`` between two individuals
    declared ``owl:differentFrom`` or listed in one ``owl:AllDifferent``; the clashes
    owlrl does not call errors but only records as ``owl:sameAs`` (see
    :func:`_identity_clashes`): a functional property with two different values for one
    resource, an inverse-functional one shared by two resources, and any other inferred
    ``owl:sameAs`` between two different IRIs or two different literal values; and any
    other inconsistency owlrl recorded as an ``err:ErrorMessage`` (for example misuse of
    an irreflexive or asymmetric property).
    """
    from rdflib import RDF as RDF_NS
    from rdflib import Namespace

    owl = Namespace(OWL)
    messages: set[str] = set()

    for x in closure.subjects(RDF_NS.type, owl.Nothing):
        messages.add(f"{_n(x)} is a member of owl:Nothing")

    def disjoint(c1: Node, c2: Node) -> None:
        if c1 == c2:
            return
        for x in closure.subjects(RDF_NS.type, c1):
            if (x, RDF_NS.type, c2) in closure:
                a, b = sorted((_n(c1), _n(c2)))
                messages.add(f"{_n(x)} is a member of disjoint classes {a} and {b}")

    for c1, c2 in closure.subject_objects(owl.disjointWith):
        disjoint(c1, c2)
    for group in closure.subjects(RDF_NS.type, owl.AllDisjointClasses):
        classes = _members(closure, group, owl.members)
        for i, c1 in enumerate(classes):
            for c2 in classes[i + 1 :]:
                disjoint(c1, c2)

    def different(a: Node, b: Node) -> None:
        if a != b and ((a, owl.sameAs, b) in closure or (b, owl.sameAs, a) in closure):
            x, y = sorted((_n(a), _n(b)))
            messages.add(f"{x} and {y} are owl:sameAs but declared different")

    for a, b in closure.subject_objects(owl.differentFrom):
        different(a, b)
    for group in closure.subjects(RDF_NS.type, owl.AllDifferent):
        members = _members(closure, group, owl.members) + _members(
            closure, group, owl.distinctMembers
        )
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                different(a, b)

    messages.update(_identity_clashes(closure))

    err = Namespace(OWLRL_ERROR_NS)
    for node in closure.subjects(RDF_NS.type, err.ErrorMessage):
        for text in closure.objects(node, err.error):
            message = str(text)
            if not any(marker in message for marker in _COVERED_OWLRL_MESSAGES):
                messages.add(f"owlrl: {message}")
    return sorted(messages)


def _identity_clashes(closure: Graph) -> set[str]:
    """What owlrl signals only by an ``owl:sameAs`` between two different terms.

    OWL 2 RL makes the two values of a functional property the same (``prp-fp``), and
    the two subjects of one inverse-functional value the same (``prp-ifp``); owlrl
    writes that as ``owl:sameAs`` and reports nothing. For two literals of different
    values that is a contradiction (a year cannot be both 2009 and 2011); for two
    different IRIs of this graph it is not one in OWL, which lets one thing have two
    names, but here every IRI names its own thing (identity links to other datasets
    use ``skos:exactMatch``), so merging two of them would publish every fact of one
    as a fact of the other. Both are reported, naming the property where one is to
    blame; so is an ``owl:sameAs`` between two IRIs that the input asserts itself.
    """
    from rdflib import RDF as RDF_NS
    from rdflib import BNode, Namespace

    owl = Namespace(OWL)
    messages: set[str] = set()
    explained: set[frozenset[Node]] = set()

    for prop in set(closure.subjects(RDF_NS.type, owl.FunctionalProperty)):
        values: dict[Node, set[Node]] = {}
        for s, o in closure.subject_objects(prop):
            values.setdefault(s, set()).add(o)
        for s, objects in values.items():
            clash = _clashing(objects)
            if clash:
                a, b = clash
                explained.add(frozenset(clash))
                messages.add(
                    f"{_n(s)} has two values of the functional property {_n(prop)}: "
                    f"{_n(a)} and {_n(b)}"
                )
    for prop in set(closure.subjects(RDF_NS.type, owl.InverseFunctionalProperty)):
        holders: dict[Node, set[Node]] = {}
        for s, o in closure.subject_objects(prop):
            holders.setdefault(o, set()).add(s)
        for o, subjects in holders.items():
            clash = _clashing(subjects)
            if clash:
                a, b = clash
                explained.add(frozenset(clash))
                messages.add(
                    f"{_n(a)} and {_n(b)} share the value {_n(o)} of the inverse-functional "
                    f"property {_n(prop)}"
                )
    for a, b in closure.subject_objects(owl.sameAs):
        if isinstance(a, BNode) or isinstance(b, BNode) or _same_value(a, b):
            continue
        pair = frozenset((a, b))
        if pair in explained:
            continue
        explained.add(pair)
        x, y = sorted((_n(a), _n(b)))
        messages.add(f"{x} and {y} are inferred to be the same (owl:sameAs)")
    return messages


def _clashing(terms: set[Node]) -> tuple[Node, Node] | None:
    """Two of ``terms`` (IRIs or literals) that cannot be one thing, sorted, or ``None``."""
    from rdflib import BNode

    named = sorted((t for t in terms if not isinstance(t, BNode)), key=_n)
    for i, a in enumerate(named):
        for b in named[i + 1 :]:
            if not _same_value(a, b):
                return a, b
    return None


_NUMERIC = frozenset(
    XSD + name
    for name in (
        "decimal",
        "integer",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)


def _same_value(a: Node, b: Node) -> bool:
    """Whether ``a`` and ``b`` denote one value: the same term, or literals of one
    datatype (or both decimal or integer types) whose values are equal."""
    from rdflib import Literal

    if a == b:
        return True
    if not isinstance(a, Literal) or not isinstance(b, Literal):
        return False
    if a.language is not None or b.language is not None:
        return False
    da, db = str(a.datatype or XSD + "string"), str(b.datatype or XSD + "string")
    if da != db and not (da in _NUMERIC and db in _NUMERIC):
        return False
    va, vb = a.value, b.value
    if va is None or vb is None or isinstance(va, bool) != isinstance(vb, bool):
        return False
    return bool(va == vb)


def _members(graph: Graph, group: Node, predicate: Node) -> list[Node]:
    from rdflib.collection import Collection

    members: list[Node] = []
    for head in graph.objects(group, predicate):
        members.extend(Collection(graph, head))
    return members


def _n(term: Node) -> str:
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, Literal) and term.datatype is not None:
        return f"{Literal(str(term)).n3()}^^{shorten(str(term.datatype))}"
    return term.n3()
