"""HTML documentation of the ontology, written from the built graph.

Why not pyLODE: 3.4.1 (the newest for Python 3.11) crashes on import, and 3.3.4 titles
this ontology after one of the SKOS concept schemes that share its file. This page is
made from the ``owl:Ontology`` node's own metadata, so its title is the ontology's.

What it shows: the ontology's metadata; every class, object property, datatype
property and annotation property minted in its namespace with label, definition,
notes and examples, super- and subclasses, equivalent classes (OWL class expressions in
Manchester-like words), disjoint classes, domains and ranges (and, for a class, the
properties whose domain or range it is), super-properties, inverses, characteristics
and property chains; the SKOS concept schemes with their concepts as a tree; the
general axioms (disjointness groups, subclass axioms on class expressions); and the
terms reused from other vocabularies. Each term is a section whose ``id`` is its local
name, so ``https://w3id.org/balkan-kg/ontology#Membership`` resolves to
``/ontology#Membership``.

The page is written for the place the server serves it: ``/ontology``, with the site's
style sheet (``/static/site.css``) and links to ``/id/...`` for individuals; every
text from the graph is escaped. The same triples always give the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Final

from ..namespaces import BK, BKG, DCT, OWL, RDF, RDFS, SKOS, VANN, shorten

if TYPE_CHECKING:
    import pyoxigraph

    from .publish import Material

ONTOLOGY_IRI: Final = BKG.rstrip("#")
"""The IRI of the ontology itself (its namespace without the ``#``)."""

_KINDS: Final = (
    ("classes", "Classes", OWL + "Class"),
    ("object-properties", "Object properties", OWL + "ObjectProperty"),
    ("datatype-properties", "Datatype properties", OWL + "DatatypeProperty"),
    ("annotation-properties", "Annotation properties", OWL + "AnnotationProperty"),
)
_KIND_NAMES: Final = {
    OWL + "Class": "class",
    OWL + "ObjectProperty": "object property",
    OWL + "DatatypeProperty": "datatype property",
    OWL + "AnnotationProperty": "annotation property",
}
_CHARACTERISTICS: Final = {
    OWL + "FunctionalProperty": "functional",
    OWL + "InverseFunctionalProperty": "inverse functional",
    OWL + "TransitiveProperty": "transitive",
    OWL + "SymmetricProperty": "symmetric",
    OWL + "AsymmetricProperty": "asymmetric",
    OWL + "ReflexiveProperty": "reflexive",
    OWL + "IrreflexiveProperty": "irreflexive",
}
_RESTRICTIONS: Final = {
    OWL + "someValuesFrom": "some",
    OWL + "allValuesFrom": "only",
    OWL + "hasValue": "value",
    OWL + "minCardinality": "min",
    OWL + "maxCardinality": "max",
    OWL + "cardinality": "exactly",
    OWL + "minQualifiedCardinality": "min",
    OWL + "maxQualifiedCardinality": "max",
    OWL + "qualifiedCardinality": "exactly",
}

Node = str
"""A term as text: an IRI, ``_:label`` for a blank node, or a literal's lexical form."""


@dataclass(frozen=True)
class Literal:
    """A literal object: its text and language tag (``""`` if none)."""

    text: str
    language: str = ""


@dataclass
class Index:
    """The triples as subject -> predicate -> objects, objects in sorted order."""

    out: dict[Node, dict[str, list[Node | Literal]]] = field(default_factory=dict)
    into: dict[Node, dict[str, list[Node]]] = field(default_factory=dict)

    def objects(self, subject: Node, predicate: str) -> list[Node | Literal]:
        return self.out.get(subject, {}).get(predicate, [])

    def nodes(self, subject: Node, predicate: str) -> list[Node]:
        return [o for o in self.objects(subject, predicate) if isinstance(o, str)]

    def texts(self, subject: Node, predicate: str) -> list[str]:
        """Literal values, English (or untagged) ones first."""
        found = [o for o in self.objects(subject, predicate) if isinstance(o, Literal)]
        found.sort(key=lambda lit: (lit.language not in ("", "en"), lit.language, lit.text))
        return [lit.text for lit in found]

    def subjects(self, predicate: str, obj: Node) -> list[Node]:
        return self.into.get(obj, {}).get(predicate, [])

    def types(self, subject: Node) -> list[Node]:
        return self.nodes(subject, RDF + "type")


def index(triples: Iterable[pyoxigraph.Triple]) -> Index:
    """An :class:`Index` of pyoxigraph ``triples``."""
    import pyoxigraph

    def node(term: object) -> Node:
        if isinstance(term, pyoxigraph.BlankNode):
            return "_:" + term.value
        return str(getattr(term, "value", term))

    out: dict[Node, dict[str, set[Node | Literal]]] = defaultdict(lambda: defaultdict(set))
    into: dict[Node, dict[str, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for triple in triples:
        subject, predicate = node(triple.subject), node(triple.predicate)
        obj = triple.object
        if isinstance(obj, pyoxigraph.Literal):
            out[subject][predicate].add(Literal(obj.value, obj.language or ""))
        else:
            target = node(obj)
            out[subject][predicate].add(target)
            into[target][predicate].add(subject)
    return Index(
        {s: {p: sorted(o, key=_sort_key) for p, o in ps.items()} for s, ps in out.items()},
        {s: {p: sorted(o) for p, o in ps.items()} for s, ps in into.items()},
    )


def _sort_key(value: Node | Literal) -> tuple[int, str, str]:
    if isinstance(value, Literal):
        return (1, value.text, value.language)
    return (0, value, "")


class Writer:
    """Writes the documentation of the ontology in ``idx`` as HTML."""

    def __init__(self, idx: Index) -> None:
        self.idx = idx

    # -- names and links ---------------------------------------------------------

    def label(self, node: Node) -> str:
        for predicate in (RDFS + "label", SKOS + "prefLabel", DCT + "title"):
            texts = self.idx.texts(node, predicate)
            if texts:
                return texts[0]
        return shorten(node) if not node.startswith("_:") else "(anonymous)"

    @staticmethod
    def href(iri: str) -> str:
        if iri == ONTOLOGY_IRI:
            return "#"
        if iri.startswith(BKG):
            return "#" + iri[len(BKG) :]
        if iri.startswith(BK):
            return "/id/" + iri[len(BK) :]
        return iri

    def link(self, node: Node) -> str:
        """A link to a term: its label for the ontology's own terms, else its short name."""
        if node.startswith("_:"):
            return self.expression(node)
        own = node.startswith((BKG, BK))
        short = shorten(node)
        text = self.label(node) if own else (node if short.startswith("<") else short)
        title = f' title="{escape(shorten(node))}"' if own else ""
        code = "" if own else ' class="iri"'
        return f'<a href="{escape(self.href(node))}"{title}{code}>{escape(text)}</a>'

    def value(self, value: Node | Literal) -> str:
        if isinstance(value, Literal):
            return escape(value.text)
        return self.link(value)

    # -- class expressions --------------------------------------------------------

    def members(self, node: Node) -> list[Node]:
        """The members of the RDF list starting at ``node``, in order."""
        found: list[Node] = []
        seen: set[Node] = set()
        while node and node != RDF + "nil" and node not in seen:
            seen.add(node)
            found.extend(self.idx.nodes(node, RDF + "first"))
            rest = self.idx.nodes(node, RDF + "rest")
            node = rest[0] if rest else ""
        return found

    def expression(self, node: Node, nested: bool = False) -> str:
        """An OWL class expression in Manchester-like words."""
        if not node.startswith("_:"):
            return self.link(node)
        idx = self.idx
        text: str | None = None
        for predicate, word in ((OWL + "intersectionOf", "and"), (OWL + "unionOf", "or")):
            for head in idx.nodes(node, predicate):
                parts = [self.expression(m, nested=True) for m in self.members(head)]
                text = f" <em>{word}</em> ".join(parts)
        for head in idx.nodes(node, OWL + "oneOf"):
            text = "{" + ", ".join(self.link(m) for m in self.members(head)) + "}"
        for inner in idx.nodes(node, OWL + "complementOf"):
            text = "<em>not</em> " + self.expression(inner, nested=True)
        for prop in idx.nodes(node, OWL + "onProperty"):
            for predicate, word in _RESTRICTIONS.items():
                for filler in idx.objects(node, predicate):
                    on_class = idx.nodes(node, OWL + "onClass")
                    suffix = " " + self.expression(on_class[0], True) if on_class else ""
                    shown = (
                        self.expression(filler, nested=True)
                        if isinstance(filler, str)
                        else escape(filler.text)
                    )
                    text = f"{self.link(prop)} <em>{word}</em> {shown}{suffix}"
        if text is None:
            return "(an OWL expression)"
        return f"({text})" if nested else text

    # -- the page ----------------------------------------------------------------

    def terms(self, kind: str) -> list[Node]:
        found = self.idx.subjects(RDF + "type", kind)
        return sorted(
            (t for t in found if t.startswith(BKG)), key=lambda t: (self.label(t).casefold(), t)
        )

    def page(self) -> str:
        idx = self.idx
        title = self.label(ONTOLOGY_IRI) if ONTOLOGY_IRI in idx.out else "The ontology"
        sections = [(anchor, heading, self.terms(kind)) for anchor, heading, kind in _KINDS]
        schemes = self.terms(SKOS + "ConceptScheme")
        contents = "".join(
            f'<li><a href="#{anchor}">{heading}</a> ({len(terms)})</li>'
            for anchor, heading, terms in sections
            if terms
        )
        if schemes:
            contents += f'<li><a href="#concept-schemes">Concept schemes</a> ({len(schemes)})</li>'
        contents += '<li><a href="#general-axioms">General axioms</a></li>'
        contents += '<li><a href="#reused-terms">Terms reused from other vocabularies</a></li>'
        body = [
            self.header(title),
            f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>{contents}</ul></nav>',
        ]
        for anchor, heading, terms in sections:
            if terms:
                items = "".join(self.term(t) for t in terms)
                body.append(
                    f'<section id="{anchor}"><h2>{heading}</h2>{self.index_list(terms)}'
                    f"{items}</section>"
                )
        if schemes:
            body.append(self.concept_schemes(schemes))
        body.append(self.general_axioms())
        body.append(self.reused())
        return _document(title, "\n".join(body))

    def header(self, title: str) -> str:
        idx = self.idx
        rows: list[tuple[str, str]] = [("IRI", f"<code>{escape(ONTOLOGY_IRI)}</code>")]
        for predicate, name in (
            (OWL + "versionIRI", "Version IRI"),
            (OWL + "versionInfo", "Version"),
            (DCT + "creator", "Creator"),
            (DCT + "license", "Licence"),
            (DCT + "created", "Created"),
            (DCT + "modified", "Modified"),
            (VANN + "preferredNamespacePrefix", "Preferred prefix"),
            (VANN + "preferredNamespaceUri", "Namespace"),
            (RDFS + "seeAlso", "See also"),
        ):
            values = idx.objects(ONTOLOGY_IRI, predicate)
            if values:
                rows.append((name, ", ".join(self.value(v) for v in values)))
        rows.append(
            (
                "As RDF",
                '<a href="/ontology?format=turtle">Turtle</a>, '
                '<a href="/ontology?format=nt">N-Triples</a>, '
                '<a href="/ontology?format=jsonld">JSON-LD</a> '
                "(or ask for them with <code>Accept</code>)",
            )
        )
        table = "".join(f"<tr><th scope='row'>{k}</th><td>{v}</td></tr>" for k, v in rows)
        description = "".join(
            f"<p>{escape(text)}</p>" for text in idx.texts(ONTOLOGY_IRI, DCT + "description")
        )
        return (
            f'<header class="page-head"><p class="kind">Ontology</p><h1>{escape(title)}</h1>'
            f'{description}<table class="facts meta">{table}</table></header>'
        )

    def index_list(self, terms: Sequence[Node]) -> str:
        links = "".join(f"<li>{self.link(t)}</li>" for t in terms)
        return f'<ul class="term-index">{links}</ul>'

    def term(self, node: Node) -> str:
        idx = self.idx
        rows: list[tuple[str, str]] = []
        local = node[len(BKG) :]

        def add(name: str, values: Iterable[Node | Literal]) -> None:
            shown = [self.value(v) for v in values]
            if shown:
                rows.append((name, ", ".join(shown)))

        types = idx.types(node)
        is_class = OWL + "Class" in types
        add("Superclasses", idx.objects(node, RDFS + "subClassOf"))
        if is_class:
            add("Subclasses", [s for s in idx.subjects(RDFS + "subClassOf", node)])
            add("Equivalent to", idx.objects(node, OWL + "equivalentClass"))
            disjoint = set(idx.nodes(node, OWL + "disjointWith"))
            disjoint.update(idx.subjects(OWL + "disjointWith", node))
            add("Disjoint with", sorted(disjoint))
            add("In the domain of", idx.subjects(RDFS + "domain", node))
            add("In the range of", idx.subjects(RDFS + "range", node))
        else:
            add("Domain", idx.objects(node, RDFS + "domain"))
            add("Range", idx.objects(node, RDFS + "range"))
            add("Super-properties", idx.objects(node, RDFS + "subPropertyOf"))
            add("Sub-properties", idx.subjects(RDFS + "subPropertyOf", node))
            inverse = set(idx.nodes(node, OWL + "inverseOf"))
            inverse.update(idx.subjects(OWL + "inverseOf", node))
            add("Inverse of", sorted(inverse))
            characteristics = [_CHARACTERISTICS[t] for t in types if t in _CHARACTERISTICS]
            if characteristics:
                rows.append(("Characteristics", ", ".join(sorted(characteristics))))
            for head in idx.nodes(node, OWL + "propertyChainAxiom"):
                chain = " <em>then</em> ".join(self.link(m) for m in self.members(head))
                rows.append(("Derived from the chain", chain))
        add("Defined by", idx.objects(node, RDFS + "isDefinedBy"))
        definitions = "".join(
            f'<p class="definition">{escape(t)}</p>'
            for t in idx.texts(node, SKOS + "definition") + idx.texts(node, RDFS + "comment")
        )
        notes = "".join(
            f'<p class="note"><strong>{name}:</strong> {escape(t)}</p>'
            for predicate, name in ((SKOS + "note", "Note"), (SKOS + "example", "Example"))
            for t in idx.texts(node, predicate)
        )
        table = "".join(f"<tr><th scope='row'>{k}</th><td>{v}</td></tr>" for k, v in rows)
        kind = ", ".join(_KIND_NAMES[t] for t in types if t in _KIND_NAMES) or "term"
        return (
            f'<article class="term" id="{escape(local)}"><h3>{escape(self.label(node))} '
            f'<a class="anchor-link" href="#{escape(local)}" aria-label="Link to this term">#</a>'
            f'</h3><p class="iri"><code>{escape(shorten(node))}</code> · {escape(kind)}</p>'
            f'{definitions}{notes}<table class="facts">{table}</table></article>'
        )

    def concept_schemes(self, schemes: Sequence[Node]) -> str:
        idx = self.idx
        parts = ["<section id='concept-schemes'><h2>Concept schemes</h2>"]
        for scheme in schemes:
            local = scheme[len(BKG) :]
            concepts = sorted(
                (c for c in idx.subjects(SKOS + "inScheme", scheme)),
                key=lambda c: (self.label(c).casefold(), c),
            )
            top = [c for c in concepts if not idx.nodes(c, SKOS + "broader")]
            definition = "".join(
                f'<p class="definition">{escape(t)}</p>'
                for t in idx.texts(scheme, SKOS + "definition")
            )
            parts.append(
                f'<article class="term" id="{escape(local)}"><h3>{escape(self.label(scheme))}'
                f' <a class="anchor-link" href="#{escape(local)}" aria-label="Link to this '
                f'scheme">#</a></h3><p class="iri"><code>{escape(shorten(scheme))}</code> · '
                f"concept scheme</p>{definition}{self.concept_tree(top, concepts, set())}"
                "</article>"
            )
        parts.append("</section>")
        return "".join(parts)

    def concept_tree(self, level: Sequence[Node], concepts: Sequence[Node], seen: set[Node]) -> str:
        idx = self.idx
        items = []
        for concept in level:
            if concept in seen:
                continue
            seen.add(concept)
            narrower = [c for c in concepts if concept in idx.nodes(c, SKOS + "broader")]
            definition = idx.texts(concept, SKOS + "definition")
            local = concept[len(BKG) :] if concept.startswith(BKG) else ""
            items.append(
                f'<li id="{escape(local)}"><strong>{escape(self.label(concept))}</strong> '
                f"<code>{escape(shorten(concept))}</code>"
                + (f" — {escape(definition[0])}" if definition else "")
                + (self.concept_tree(narrower, concepts, seen) if narrower else "")
                + "</li>"
            )
        return f'<ul class="concepts">{"".join(items)}</ul>'

    def general_axioms(self) -> str:
        idx = self.idx
        items = []
        for group in sorted(idx.subjects(RDF + "type", OWL + "AllDisjointClasses")):
            for head in idx.nodes(group, OWL + "members"):
                members = ", ".join(self.link(m) for m in self.members(head))
                items.append(f"<li>Pairwise disjoint: {members}</li>")
        for subject, predicates in sorted(idx.out.items()):
            if subject.startswith("_:") and OWL + "AllDisjointClasses" not in idx.types(subject):
                for parent in predicates.get(RDFS + "subClassOf", []):
                    if isinstance(parent, str):
                        items.append(
                            f"<li>Every {self.expression(subject)} is a {self.link(parent)}</li>"
                        )
        listed = "".join(sorted(items)) or "<li>None.</li>"
        return f"<section id='general-axioms'><h2>General axioms</h2><ul>{listed}</ul></section>"

    def reused(self) -> str:
        idx = self.idx
        rows = []
        for subject in sorted(idx.out):
            defined_by = idx.nodes(subject, RDFS + "isDefinedBy")
            if subject.startswith(("_:", BKG, BK)) or not defined_by:
                continue
            kinds = [shorten(t) for t in idx.types(subject) if t.startswith(OWL)]
            rows.append(
                f"<tr><td>{self.link(subject)}</td><td>{escape(', '.join(kinds))}</td>"
                f"<td>{', '.join(self.link(d) for d in defined_by)}</td></tr>"
            )
        return (
            "<section id='reused-terms'><h2>Terms reused from other vocabularies</h2>"
            "<p>Declared in the ontology so that it needs no import; defined by their own "
            "vocabularies.</p><table class='listing'><thead><tr><th scope='col'>Term</th>"
            "<th scope='col'>Declared as</th><th scope='col'>Defined by</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>"
        )


def _document(title: str, body: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} — balkan-kg</title>\n"
        '<link rel="stylesheet" href="/static/site.css">\n'
        '<link rel="alternate" type="text/turtle" href="/ontology?format=turtle">\n'
        "</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to the content</a>\n'
        '<header class="site"><a class="brand" href="/">balkan-kg</a><nav aria-label="Site">'
        '<a href="/">Query</a><a href="/source">Source text</a>'
        '<a href="/ontology" aria-current="page">Ontology</a>'
        '<a href="/sparql">SPARQL endpoint</a><a href="/.well-known/void">Dataset (VoID)</a>'
        '</nav><form class="search" action="/search" method="get" role="search">'
        '<label for="site-search" class="skip">Find an entity</label>'
        '<input id="site-search" name="q" type="search" placeholder="Find an entity…"></form>'
        "</header>\n"
        f'<main id="main" class="ontology">\n{body}\n</main>\n</body>\n</html>\n'
    )


def ontology_html(triples: Iterable[pyoxigraph.Triple]) -> str:
    """The documentation page of the ontology among ``triples``."""
    return Writer(index(triples)).page()


def make_ontology_docs(material: Material) -> str:
    """The build's ``ontology.html``, from the asserted triples (ontology and data)."""
    return ontology_html(material.merged)
