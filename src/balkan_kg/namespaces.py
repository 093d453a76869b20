"""Namespace constants and the project prefix map.

The prefix map is the single source of truth for prefixes: it is used to expand
prefixed parameter values (``bk:NATO``), to shorten IRIs in tables, to bind prefixes
when serialising Turtle, and to build the inline JSON-LD context.
"""

from __future__ import annotations

from types import MappingProxyType

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from typing import Final

BKG: Final = "https://w3id.org/balkan-kg/ontology#"
"""The ontology namespace (classes and properties)."""

BK: Final = "https://w3id.org/balkan-kg/id/"
"""The namespace of individuals (states, organisations, facts, sentences)."""

NIF: Final = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ORG: Final = "http://www.w3.org/ns/org#"
PROV: Final = "http://www.w3.org/ns/prov#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
DCT: Final = "http://purl.org/dc/terms/"
TIME: Final = "http://www.w3.org/2006/time#"
VANN: Final = "http://purl.org/vocab/vann/"
OWL: Final = "http://www.w3.org/2002/07/owl#"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
SH: Final = "http://www.w3.org/ns/shacl#"
WD: Final = "http://www.wikidata.org/entity/"
VOID: Final = "http://rdfs.org/ns/void#"
DCAT: Final = "http://www.w3.org/ns/dcat#"
SCHEMA: Final = "https://schema.org/"
OA: Final = "http://www.w3.org/ns/oa#"

PREFIXES: Final = MappingProxyType(
    {
        "bkg": BKG,
        "bk": BK,
        "nif": NIF,
        "org": ORG,
        "prov": PROV,
        "skos": SKOS,
        "dct": DCT,
        "time": TIME,
        "vann": VANN,
        "owl": OWL,
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
        "sh": SH,
        "wd": WD,
        "void": VOID,
        "dcat": DCAT,
        "schema": SCHEMA,
        "oa": OA,
    }
)
"""Read-only mapping of prefix -> namespace IRI."""


def shorten(iri: str) -> str:
    """Return ``iri`` as a prefixed name if a prefix of :data:`PREFIXES` covers it.

    The longest matching namespace wins. The local part must be non-empty and must not
    contain characters that would make the prefixed name ambiguous (``/``, ``#``, ``?``,
    whitespace); otherwise the IRI is returned in angle brackets, ``<...>``.
    """
    best: tuple[str, str] | None = None
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            best = (prefix, namespace)
    if best is not None:
        local = iri[len(best[1]) :]
        if local and not any(c in local for c in "/#?:() \t\n,;'\"<>"):
            return f"{best[0]}:{local}"
    return f"<{iri}>"


def sparql_prologue(exclude: set[str] | frozenset[str] = frozenset(), separator: str = "\n") -> str:
    """Return ``PREFIX`` declarations for every project prefix not in ``exclude``.

    Declarations come in the order of :data:`PREFIXES`, each followed by ``separator``
    (a newline by default), so the result can be put in front of a query text unchanged.
    """
    return "".join(
        f"PREFIX {prefix}: <{namespace}>{separator}"
        for prefix, namespace in PREFIXES.items()
        if prefix not in exclude
    )
