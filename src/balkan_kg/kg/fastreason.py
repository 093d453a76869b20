"""A fast OWL 2 RL materialiser that gives owlrl's closure for the fragment this project uses.

Why
---
owlrl (the reference, see :mod:`balkan_kg.kg.reason`) re-applies every rule to every
triple of the graph in each cycle until nothing changes, in pure Python over an rdflib
store: about 6 s for the 2,800 triples of the real graph, hours at a million. Rust
reasoners on PyPI were tried and are not used: ``reasonable`` 0.4 misses the
property-chain and ``owl:hasValue`` classifications and derives other triples than
owlrl, and ``owlrl-turbo`` 0.1 (alpha) matches owlrl but takes 2.5 s on the real graph.

How
---
The same rules as owlrl's ``OWLRL_Semantics`` (run with ``axiomatic_triples=False,
datatype_axioms=False``), evaluated in two phases:

1. the *schema* closure: owlrl's ``scm-*`` rules, iterated naively over the few
   schema triples (``rdfs:subClassOf``, ``owl:propertyChainAxiom``, ...), exactly as
   owlrl writes them;
2. the *instance* closure: the schema is compiled into lookup tables (super-properties,
   domains, ranges, inverses, chains, ``owl:hasValue``/``owl:someValuesFrom``
   restrictions, intersections, super-classes) and the ``prp-*``, ``cls-*`` and
   ``cax-*`` rules are evaluated semi-naively: each triple, asserted or derived, is
   joined once with what is already known, over integer-coded terms.

Both give the least fixpoint of the same Horn rules, so the closures are equal; the
differential tests (``tests/kg/test_fastreason.py``) check it on the real graph and on
generated graphs. The split is sound only if instance rules never derive a schema
triple, so inputs where they could are refused.

What is refused (:class:`Unsupported`; :func:`balkan_kg.kg.reason.reason` then runs owlrl)
------------------------------------------------------------------------------------------
* any ``owl:sameAs`` in the input, and a functional or inverse-functional property with
  two values for one node in the closure: owlrl would derive ``owl:sameAs`` and copy
  every triple of one node to the other (``eq-rep-*``), which this engine does not do;
* constructs outside the fragment: ``owl:allValuesFrom``, ``owl:unionOf``,
  ``owl:complementOf``, ``owl:oneOf``, ``owl:hasKey``, (qualified) max cardinality,
  disjoint or negative property assertions, irreflexive and asymmetric properties,
  datatype restrictions;
* schema triples about the RDF, RDFS, OWL or XSD vocabularies themselves, resources
  asserted to be of an XSD datatype, blank nodes or literals where a property is
  expected, and rules whose conclusion would be a schema triple (e.g. a
  sub-property of ``rdfs:subClassOf``, or a range that is ``owl:Class``).

What is not computed
--------------------
Triples that :func:`balkan_kg.kg.reason.is_noise` drops anyway and that cannot lead to a
kept triple: reflexive ``owl:sameAs`` (``eq-ref``; replacing a term by itself derives
nothing new), ``rdf:type owl:AnnotationProperty`` (``prp-ap``), ``rdfs:Datatype``
typing and datatype disjointness. Literal typing (``dt-type2``) and datatype
subsumption are kept, since a restriction may test a literal's type, and so is owlrl's
check that a literal's lexical form fits its datatype (``dt-not-type``), reported with
owlrl's message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..namespaces import OWL, RDF, RDFS, XSD, shorten

if TYPE_CHECKING:
    from rdflib import Graph

_TYPE = RDF + "type"
_FIRST, _REST, _NIL = RDF + "first", RDF + "rest", RDF + "nil"
_SUBCLASS, _SUBPROP = RDFS + "subClassOf", RDFS + "subPropertyOf"
_DOMAIN, _RANGE = RDFS + "domain", RDFS + "range"
_THING, _NOTHING, _CLASS = OWL + "Thing", OWL + "Nothing", OWL + "Class"
_EQCLASS, _EQPROP = OWL + "equivalentClass", OWL + "equivalentProperty"
_SAMEAS = OWL + "sameAs"

_SCHEMA_PREDICATES = frozenset(
    {
        _SUBCLASS,
        _SUBPROP,
        _DOMAIN,
        _RANGE,
        _EQCLASS,
        _EQPROP,
        _FIRST,
        _REST,
        *(
            OWL + name
            for name in (
                "inverseOf",
                "propertyChainAxiom",
                "onProperty",
                "hasValue",
                "someValuesFrom",
                "intersectionOf",
                "disjointWith",
                "members",
                "distinctMembers",
                "differentFrom",
            )
        ),
    }
)
"""Predicates of the schema triples handled by phase 1."""

_REFUSED_PREDICATES = {
    OWL + name: name
    for name in (
        "sameAs",
        "allValuesFrom",
        "unionOf",
        "complementOf",
        "oneOf",
        "hasKey",
        "maxCardinality",
        "maxQualifiedCardinality",
        "onClass",
        "propertyDisjointWith",
        "sourceIndividual",
        "assertionProperty",
        "onDatatype",
        "withRestrictions",
    )
}
_REFUSED_TYPES = {
    OWL + name: name
    for name in ("IrreflexiveProperty", "AsymmetricProperty", "AllDisjointProperties")
}
_SCHEMA_NAMESPACES = (RDF, RDFS, OWL, XSD)
_FUNCTIONAL, _INVERSE_FUNCTIONAL = OWL + "FunctionalProperty", OWL + "InverseFunctionalProperty"
_SYMMETRIC, _TRANSITIVE = OWL + "SymmetricProperty", OWL + "TransitiveProperty"

_DATATYPE_CLASSES = (
    RDFS + "Literal",
    RDF + "langString",
    RDF + "PlainLiteral",
    RDF + "XMLLiteral",
    RDF + "HTML",
)
_REFLEXIVE_NOISE = frozenset({_SAMEAS, _EQCLASS, _EQPROP, _SUBCLASS, _SUBPROP})
_THING_NOISE = frozenset({_TYPE, _SUBCLASS, _DOMAIN, _RANGE})
_ERROR_NS = "http://www.daml.org/2002/03/agents/agent-ont#"

IRI_KIND, BNODE_KIND, LITERAL_KIND = 0, 1, 2


class Unsupported(Exception):
    """The input is outside the fragment this engine reproduces (see the module doc)."""


@dataclass
class Term:
    """What the engine needs to know of a term: its kind and, for IRIs, the IRI.

    ``datatype`` and ``lexical`` are set for literals (``datatype`` ``None`` for a plain
    or language-tagged literal, as rdflib has it).
    """

    kind: int
    iri: str = ""
    datatype: str | None = None
    lexical: str = ""


def rdflib_term(term: Any) -> Term:
    """Describe an rdflib term."""
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        dt = term.datatype
        return Term(LITERAL_KIND, datatype=str(dt) if dt is not None else None, lexical=str(term))
    if isinstance(term, BNode):
        return Term(BNODE_KIND)
    return Term(IRI_KIND, iri=str(term))


def oxigraph_term(term: Any) -> Term:
    """Describe a pyoxigraph term.

    A literal typed ``xsd:string`` counts as plain, which is how rdflib reads a
    simple literal from N-Triples (Oxigraph gives every simple literal that type).
    """
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal):
        dt = None if term.language else term.datatype.value
        if dt == XSD + "string":
            dt = None
        return Term(LITERAL_KIND, datatype=dt, lexical=term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return Term(BNODE_KIND)
    return Term(IRI_KIND, iri=term.value)


@dataclass
class Closure:
    """What :func:`materialize` computed.

    ``inferred`` holds the derived triples that :func:`balkan_kg.kg.reason.is_noise` keeps,
    as terms of the input's library; ``inconsistencies`` the messages that
    :func:`balkan_kg.kg.reason.inconsistencies` gives for owlrl's closure.
    """

    inferred: list[tuple[Any, Any, Any]] = field(default_factory=list)
    inconsistencies: list[str] = field(default_factory=list)
    derived: int = 0


def materialize(
    triples: Iterable[tuple[Hashable, Hashable, Hashable]],
    describe: Callable[[Any], Term] = rdflib_term,
    make_iri: Callable[[str], Any] | None = None,
) -> Closure:
    """The OWL 2 RL closure of ``triples`` as owlrl computes it, noise removed.

    ``triples`` are terms of one RDF library, ``describe`` tells their kinds
    (:func:`rdflib_term` or :func:`oxigraph_term`) and ``make_iri`` builds an IRI term
    of that library (default: rdflib's ``URIRef``). Raises :class:`Unsupported` if the
    input is outside the fragment (see the module docstring).
    """
    if make_iri is None:
        from rdflib import URIRef

        make_iri = URIRef
    engine = _Engine(describe, make_iri)
    engine.load(triples)
    engine.run()
    return engine.result()


def materialize_graph(graph: Graph) -> tuple[Graph, list[str]]:
    """:func:`materialize` for an rdflib graph: the inferred graph and the inconsistencies."""
    from ..rdfio.bridge import new_graph

    closure = materialize(graph)
    inferred = new_graph()
    for triple in closure.inferred:
        inferred.add(triple)
    return inferred, closure.inconsistencies


class _Engine:
    def __init__(self, describe: Callable[[Any], Term], make_iri: Callable[[str], Any]) -> None:
        self.describe = describe
        self.make_iri = make_iri
        self.ids: dict[Hashable, int] = {}
        self.terms: list[Any] = []
        self.info: list[Term] = []
        self.by_iri: dict[str, int] = {}
        # The store: rdf:type triples in `types`, every other triple in `spo`.
        self.types: dict[int, set[int]] = defaultdict(set)
        self.spo: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.ops: dict[int, dict[int, set[int]]] = {}  # reverse index, only where joins need it
        self.derived: list[tuple[int, int, int]] = []
        self.errors: list[str] = []
        self.type_id = self.iri_id(_TYPE)

    # -- terms ---------------------------------------------------------------------

    def term_id(self, term: Hashable) -> int:
        found = self.ids.get(term)
        if found is not None:
            return found
        info = self.describe(term)
        if info.kind == IRI_KIND and info.iri in self.by_iri:
            number = self.by_iri[info.iri]
            self.ids[term] = number
            return number
        number = len(self.terms)
        self.ids[term] = number
        self.terms.append(term)
        self.info.append(info)
        if info.kind == IRI_KIND:
            self.by_iri[info.iri] = number
        return number

    def iri_id(self, iri: str) -> int:
        found = self.by_iri.get(iri)
        if found is not None:
            return found
        return self.term_id(self.make_iri(iri))

    def iri(self, number: int) -> str:
        info = self.info[number]
        return info.iri if info.kind == IRI_KIND else ""

    # -- loading -------------------------------------------------------------------

    def load(self, triples: Iterable[tuple[Hashable, Hashable, Hashable]]) -> None:
        seen: set[tuple[int, int, int]] = set()
        term_id = self.term_id
        for s, p, o in triples:
            seen.add((term_id(s), term_id(p), term_id(o)))
        self.input = seen
        self._check_input()
        self._schema_closure()
        self._compile()
        type_id = self.type_id
        for s, p, o in seen:
            if p == type_id:
                self.types[s].add(o)
            else:
                self.spo[p][s].add(o)
        for p in self.reverse_needed:
            index: dict[int, set[int]] = defaultdict(set)
            for s, objects in self.spo[p].items():
                for o in objects:
                    index[o].add(s)
            self.ops[p] = index
        self.queue: list[tuple[int, int, int]] = list(seen)
        for s, p, o in sorted(self.schema - seen):
            self.add(s, p, o)
        self._literal_types()

    def _check_input(self) -> None:
        for s, p, o in self.input:
            predicate = self.iri(p)
            if predicate in _REFUSED_PREDICATES:
                raise Unsupported(f"owl:{_REFUSED_PREDICATES[predicate]} is not supported")
            if self.info[p].kind != IRI_KIND:
                raise Unsupported("a predicate that is not an IRI")
            if predicate == _TYPE:
                cls = self.iri(o)
                if cls in _REFUSED_TYPES:
                    raise Unsupported(f"owl:{_REFUSED_TYPES[cls]} is not supported")
                if cls.startswith(XSD) or cls in (RDF + "PlainLiteral", RDF + "XMLLiteral"):
                    raise Unsupported(f"a resource typed with the datatype {shorten(cls)}")
            if self._is_schema(p, o) and self.iri(s).startswith(_SCHEMA_NAMESPACES):
                raise Unsupported(f"a schema triple about {shorten(self.iri(s))}")

    def _is_schema(self, p: int, o: int) -> bool:
        predicate = self.iri(p)
        if predicate in _SCHEMA_PREDICATES:
            return True
        return predicate == _TYPE and self.iri(o).startswith((OWL, RDFS, RDF))

    # -- phase 1: the schema (owlrl's scm-* rules, naively) ---------------------------

    def _schema_closure(self) -> None:
        iri_id = self.iri_id
        t = self.type_id
        sco, spo, dom, rng = (iri_id(x) for x in (_SUBCLASS, _SUBPROP, _DOMAIN, _RANGE))
        eqc, eqp, owl_class = iri_id(_EQCLASS), iri_id(_EQPROP), iri_id(_CLASS)
        thing, nothing = iri_id(_THING), iri_id(_NOTHING)
        on_property, has_value, svf = (
            iri_id(OWL + x) for x in ("onProperty", "hasValue", "someValuesFrom")
        )
        intersection = iri_id(OWL + "intersectionOf")
        property_types = {iri_id(OWL + "ObjectProperty"), iri_id(OWL + "DatatypeProperty")}
        property_types.add(iri_id(RDF + "Property"))

        schema = {(s, p, o) for s, p, o in self.input if self._is_schema(p, o)}
        schema.add((thing, t, owl_class))  # cls-thing
        schema.add((nothing, t, owl_class))  # cls-nothing1
        self.schema_input = set(schema)
        lists = self._lists(schema)

        while True:
            by_p: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
            by_po: dict[tuple[int, int], set[int]] = defaultdict(set)
            for s, p, o in schema:
                by_p[p][s].add(o)
                by_po[(p, o)].add(s)

            def objects(s: int, p: int, by_p: dict[int, dict[int, set[int]]] = by_p) -> set[int]:
                return by_p[p].get(s, set())

            def subjects(
                p: int, o: int, by_po: dict[tuple[int, int], set[int]] = by_po
            ) -> set[int]:
                return by_po.get((p, o), set())

            new: set[tuple[int, int, int]] = set()
            for s, p, o in schema:
                if p == t and o == owl_class:  # scm-cls
                    new |= {(s, sco, s), (s, eqc, s), (s, sco, thing), (nothing, sco, s)}
                elif p == sco:
                    if s != o:  # scm-sco
                        new |= {(s, sco, c3) for c3 in objects(o, sco) if c3 != s}
                    if s in objects(o, sco):  # scm-eqc2
                        new.add((s, eqc, o))
                elif p == eqc and s != o:  # scm-eqc1
                    new |= {(s, sco, o), (o, sco, s)}
                elif p == t and o in property_types:  # scm-op, scm-dp
                    new |= {(s, spo, s), (s, eqp, s)}
                elif p == spo and s != o:
                    new |= {(s, spo, p3) for p3 in objects(o, spo) if p3 != s}  # scm-spo
                    if s in objects(o, spo):  # scm-eqp2
                        new.add((s, eqp, o))
                elif p == eqp and s != o:  # scm-eqp1
                    new |= {(s, spo, o), (o, spo, s)}
                elif p in (dom, rng):  # scm-dom1/2, scm-rng1/2
                    new |= {(s, p, c2) for c2 in objects(o, sco) if c2 != o}
                    new |= {(p1, p, o) for p1 in subjects(spo, s) if p1 != s}
                elif p == has_value:  # scm-hv
                    for p1 in objects(s, on_property):
                        for c2 in subjects(has_value, o):
                            for p2 in objects(c2, on_property):
                                if p2 in objects(p1, spo):
                                    new.add((s, sco, c2))
                elif p == svf:
                    for prop in objects(s, on_property):  # scm-svf1
                        for c2 in subjects(on_property, prop):
                            for y2 in objects(c2, svf):
                                if y2 in objects(o, sco):
                                    new.add((s, sco, c2))
                    for p1 in objects(s, on_property):  # scm-svf2
                        for c2 in subjects(svf, o):
                            for p2 in objects(c2, on_property):
                                if p2 in objects(p1, spo):
                                    new.add((s, sco, c2))
                elif p == intersection:  # scm-int
                    new |= {(s, sco, ci) for ci in lists.get(o, [])}
            new -= schema
            if not new:
                break
            schema |= new
        self.schema = schema
        self.lists = lists

    def _lists(self, schema: set[tuple[int, int, int]]) -> dict[int, list[int]]:
        first, rest, nil = self.iri_id(_FIRST), self.iri_id(_REST), self.iri_id(_NIL)
        firsts: dict[int, int] = {}
        rests: dict[int, int] = {}
        for s, p, o in schema:
            if p == first:
                firsts[s] = o
            elif p == rest:
                rests[s] = o
        lists: dict[int, list[int]] = {}
        for head in firsts:
            items, node, seen = [], head, set()
            while node in firsts and node not in seen:
                seen.add(node)
                items.append(firsts[node])
                node = rests.get(node, nil)
            lists[head] = items
        return lists

    # -- compiling the schema into instance rules ------------------------------------

    def _compile(self) -> None:
        iri_id, iri = self.iri_id, self.iri
        by_p: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for s, p, o in self.schema:
            by_p[p].append((s, o))

        def pairs(name: str) -> list[tuple[int, int]]:
            return by_p.get(iri_id(name), [])

        def typed(name: str) -> list[int]:
            target = iri_id(name)
            return [s for s, o in by_p.get(self.type_id, []) if o == target]

        self.super_props: dict[int, set[int]] = defaultdict(set)
        for p1, p2 in pairs(_SUBPROP):  # prp-spo1
            if p1 != p2:
                self.super_props[p1].add(p2)
        for p1, p2 in pairs(_EQPROP):  # prp-eqp1/2
            if p1 != p2:
                self.super_props[p1].add(p2)
                self.super_props[p2].add(p1)
        self.domains: dict[int, set[int]] = defaultdict(set)
        for p, c in pairs(_DOMAIN):
            self.domains[p].add(c)
        self.ranges: dict[int, set[int]] = defaultdict(set)
        for p, c in pairs(_RANGE):
            self.ranges[p].add(c)
        self.inverses: dict[int, set[int]] = defaultdict(set)
        for p1, p2 in pairs(OWL + "inverseOf"):
            self.inverses[p1].add(p2)
            self.inverses[p2].add(p1)
        self.symmetric = set(typed(_SYMMETRIC))
        self.transitive = set(typed(_TRANSITIVE))
        self.functional = set(typed(_FUNCTIONAL))
        self.inverse_functional = set(typed(_INVERSE_FUNCTIONAL))
        self.chains: dict[int, list[tuple[int, list[int], int]]] = defaultdict(list)
        for head, lst in pairs(OWL + "propertyChainAxiom"):
            chain = self.lists.get(lst, [])
            for position, prop in enumerate(chain):
                self.chains[prop].append((head, chain, position))
        self.super_classes: dict[int, set[int]] = defaultdict(set)
        for c1, c2 in pairs(_SUBCLASS):  # cax-sco
            if c1 != c2:
                self.super_classes[c1].add(c2)
        for c1, c2 in pairs(_EQCLASS):  # cax-eqc1/2
            if c1 != c2:
                self.super_classes[c1].add(c2)
                self.super_classes[c2].add(c1)
        on_property: dict[int, set[int]] = defaultdict(set)
        for r, p in pairs(OWL + "onProperty"):
            on_property[r].add(p)
        self.has_value_by_class: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.has_value_by_pv: dict[tuple[int, int], set[int]] = defaultdict(set)
        for r, v in pairs(OWL + "hasValue"):
            for p in on_property.get(r, ()):
                self.has_value_by_class[r].append((p, v))  # cls-hv1
                self.has_value_by_pv[(p, v)].add(r)  # cls-hv2
        thing = iri_id(_THING)
        self.svf_by_prop: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.svf_by_filler: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for r, y in pairs(OWL + "someValuesFrom"):
            for p in on_property.get(r, ()):
                self.svf_by_prop[p].append((r, y))  # cls-svf1/2, triggered by (u p v)
                if y != thing:
                    self.svf_by_filler[y].append((r, p))  # cls-svf1, triggered by (v type y)
        self.intersections: dict[int, list[int]] = {}
        self.intersections_with: dict[int, list[int]] = defaultdict(list)
        for c, lst in pairs(OWL + "intersectionOf"):
            classes = self.lists.get(lst, [])
            self.intersections[c] = classes
            for member in set(classes):
                self.intersections_with[member].append(c)

        self.reverse_needed: set[int] = set(self.transitive)
        for chain_list in self.chains.values():
            for _, chain, position in chain_list:
                self.reverse_needed.update(chain[:position])
        self.reverse_needed.update(
            p for _, p in (x for v in self.svf_by_filler.values() for x in v)
        )

        # Instance rules must not conclude schema triples (see the module docstring).
        derived_props = set()
        for targets in self.super_props.values():
            derived_props |= targets
        for targets in self.inverses.values():
            derived_props |= targets
        derived_props |= {head for v in self.chains.values() for head, _, _ in v}
        derived_props |= {p for v in self.has_value_by_class.values() for p, _ in v}
        derived_props |= self.symmetric | self.transitive
        for prop in derived_props | set(self.chains) | set(self.svf_by_prop):
            if self.info[prop].kind != IRI_KIND:
                raise Unsupported("a property that is not an IRI")
            name = iri(prop)
            if name in _SCHEMA_PREDICATES or name in (_TYPE, _SAMEAS):
                raise Unsupported(f"a rule that concludes {shorten(name)} triples")
        derived_classes = set()
        for targets in self.super_classes.values():
            derived_classes |= targets
        for targets in (*self.domains.values(), *self.ranges.values()):
            derived_classes |= targets
        for classes in self.intersections.values():
            derived_classes |= set(classes)
        derived_classes |= set(self.intersections)
        derived_classes |= {r for v in self.svf_by_prop.values() for r, _ in v}
        derived_classes |= set(self.has_value_by_class)
        allowed = {iri_id(x) for x in _DATATYPE_CLASSES} | {thing, iri_id(_NOTHING)}
        for cls in derived_classes - allowed:
            name = iri(cls)
            if name.startswith((RDF, RDFS, OWL)):
                raise Unsupported(f"a rule that concludes rdf:type {shorten(name)}")

    # -- phase 2: instances, semi-naive ---------------------------------------------

    def _literal_types(self) -> None:
        """dt-type2 and datatype subsumption for every literal object (owlrl's one-time rules)."""
        from owlrl.DatatypeHandling import AltXSDToPYTHON
        from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

        rl_datatypes = {str(d) for d in OWL_RL_Datatypes}
        subsumptions = {str(k): [str(d) for d in v] for k, v in OWL_Datatype_Subsumptions.items()}
        converters = {str(k): v for k, v in AltXSDToPYTHON.items()}
        literals = {o for _, _, o in self.input if self.info[o].kind == LITERAL_KIND}
        for lit in sorted(literals):
            info = self.info[lit]
            if info.datatype not in rl_datatypes:
                continue
            self.add(lit, self.type_id, self.iri_id(info.datatype))
            try:
                converters.get(info.datatype, _identity)(info.lexical)
            except ValueError:
                self.errors.append(
                    f"Lexical value of the literal '{info.lexical}' does not match"
                    f" its datatype ({info.datatype})"
                )
            for broader in subsumptions.get(info.datatype, ()):
                self.add(lit, self.type_id, self.iri_id(broader))

    def add(self, s: int, p: int, o: int) -> None:
        if p == self.type_id:
            classes = self.types[s]
            if o in classes:
                return
            classes.add(o)
        else:
            objects = self.spo[p][s]
            if o in objects:
                return
            objects.add(o)
            index = self.ops.get(p)
            if index is not None:
                index[o].add(s)
        triple = (s, p, o)
        self.derived.append(triple)
        self.queue.append(triple)

    def run(self) -> None:
        queue, add, type_id = self.queue, self.add, self.type_id
        types, spo, ops = self.types, self.spo, self.ops
        super_classes, super_props = self.super_classes, self.super_props
        domains, ranges, inverses = self.domains, self.ranges, self.inverses
        symmetric, transitive, chains = self.symmetric, self.transitive, self.chains
        hv_class, hv_pv = self.has_value_by_class, self.has_value_by_pv
        svf_prop, svf_filler = self.svf_by_prop, self.svf_by_filler
        intersections, intersections_with = self.intersections, self.intersections_with
        thing = self.iri_id(_THING)
        while queue:
            s, p, o = queue.pop()
            if p == type_id:
                for d in super_classes.get(o, ()):  # cax-sco, cax-eqc
                    add(s, type_id, d)
                for prop, value in hv_class.get(o, ()):  # cls-hv1
                    add(s, prop, value)
                for ci in intersections.get(o, ()):  # cls-int2
                    add(s, type_id, ci)
                for c in intersections_with.get(o, ()):  # cls-int1
                    have = types[s]
                    if c not in have and all(ci in have for ci in intersections[c]):
                        add(s, type_id, c)
                for r, prop in svf_filler.get(o, ()):  # cls-svf1 (v type y)
                    for u in list(ops[prop].get(s, ())):
                        add(u, type_id, r)
                continue
            for q in super_props.get(p, ()):  # prp-spo1, prp-eqp
                add(s, q, o)
            for c in domains.get(p, ()):  # prp-dom
                add(s, type_id, c)
            for c in ranges.get(p, ()):  # prp-rng
                add(o, type_id, c)
            for q in inverses.get(p, ()):  # prp-inv1/2
                add(o, q, s)
            if p in symmetric:  # prp-symp
                add(o, p, s)
            if p in transitive:  # prp-trp
                for z in list(spo[p].get(o, ())):
                    add(s, p, z)
                for x in list(ops[p].get(s, ())):
                    add(x, p, o)
            for head, chain, position in chains.get(p, ()):  # prp-spo2
                for start in self._chain_starts(chain, position, s):
                    for end in self._chain_ends(chain, position, o):
                        add(start, head, end)
            for r in hv_pv.get((p, o), ()):  # cls-hv2
                add(s, type_id, r)
            for r, y in svf_prop.get(p, ()):  # cls-svf1/2 (u p v)
                if y == thing or y in types.get(o, ()):
                    add(s, type_id, r)

    def _chain_starts(self, chain: list[int], position: int, node: int) -> set[int]:
        """Nodes x with a path x chain[0] ... chain[position-1] node."""
        current = {node}
        for prop in reversed(chain[:position]):
            index = self.ops[prop]
            current = {x for n in current for x in index.get(n, ())}
            if not current:
                break
        return current

    def _chain_ends(self, chain: list[int], position: int, node: int) -> set[int]:
        """Nodes z with a path node chain[position+1] ... chain[-1] z."""
        current = {node}
        for prop in chain[position + 1 :]:
            index = self.spo[prop]
            current = {z for n in current for z in index.get(n, ())}
            if not current:
                break
        return current

    # -- results ---------------------------------------------------------------------

    def _check_functional(self) -> None:
        for p in self.functional:
            if any(len(objects) > 1 for objects in self.spo.get(p, {}).values()):
                raise Unsupported(
                    f"{shorten(self.iri(p))} is functional and has two values for one node"
                )
        for p in self.inverse_functional:
            seen: dict[int, int] = {}
            for s, objects in self.spo.get(p, {}).items():
                for o in objects:
                    if seen.setdefault(o, s) != s:
                        raise Unsupported(
                            f"{shorten(self.iri(p))} is inverse-functional and has one value "
                            "for two nodes"
                        )

    def result(self) -> Closure:
        self._check_functional()
        noise = self._noise_flags()
        terms = self.terms
        kept = [
            (terms[s], terms[p], terms[o])
            for s, p, o in self.derived
            if not noise(s, p, o) and (s, p, o) not in self.input
        ]
        return Closure(kept, self._inconsistencies(), derived=len(self.derived))

    def _noise_flags(self) -> Callable[[int, int, int], bool]:
        """:func:`balkan_kg.kg.reason.is_noise` on term ids."""
        info = self.info
        reflexive = {self.iri_id(x) for x in _REFLEXIVE_NOISE}
        thing_noise = {self.iri_id(x) for x in _THING_NOISE}
        thing = self.iri_id(_THING)

        def noise(s: int, p: int, o: int) -> bool:
            si, oi = info[s], info[o]
            if si.kind != IRI_KIND or oi.kind == BNODE_KIND:
                return True
            if si.iri.startswith(_SCHEMA_NAMESPACES):
                return True
            if s == o and p in reflexive:
                return True
            if o == thing and p in thing_noise:
                return True
            return info[p].iri.startswith(_ERROR_NS) or oi.iri.startswith(_ERROR_NS)

        return noise

    def _inconsistencies(self) -> list[str]:
        """The messages of :func:`balkan_kg.kg.reason.inconsistencies` for this closure."""
        messages: set[str] = set()
        show = self._show
        nothing = self.iri_id(_NOTHING)
        disjoint_with = self.iri_id(OWL + "disjointWith")
        all_disjoint = self.iri_id(OWL + "AllDisjointClasses")
        members_p = self.iri_id(OWL + "members")
        pairs = [(s, o) for s, p, o in self.schema if p == disjoint_with]
        groups = [s for s, p, o in self.schema if p == self.type_id and o == all_disjoint]
        for group in groups:
            classes: list[int] = []
            for s, p, o in self.schema:
                if s == group and p == members_p:
                    classes.extend(self.lists.get(o, []))
            for i, c1 in enumerate(classes):
                pairs.extend((c1, c2) for c2 in classes[i + 1 :])
        pairs = [(c1, c2) for c1, c2 in pairs if c1 != c2]
        wanted = {nothing} | {c for pair in pairs for c in pair}
        members: dict[int, list[int]] = defaultdict(list)
        for x, classes_of_x in self.types.items():
            for c in wanted & classes_of_x:
                members[c].append(x)
        for x in members.get(nothing, ()):
            messages.add(f"{show(x)} is a member of owl:Nothing")
        for c1, c2 in pairs:
            for x in members.get(c1, ()):
                if c2 in self.types[x]:
                    a, b = sorted((show(c1), show(c2)))
                    messages.add(f"{show(x)} is a member of disjoint classes {a} and {b}")
        for message in self.errors:
            messages.add(f"owlrl: {message}")
        return sorted(messages)

    def _show(self, number: int) -> str:
        info = self.info[number]
        if info.kind == IRI_KIND:
            return shorten(info.iri)
        term = self.terms[number]
        n3 = getattr(term, "n3", None)
        return n3() if callable(n3) else str(term)


def _identity(value: str) -> str:
    return value
