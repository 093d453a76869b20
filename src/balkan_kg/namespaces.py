"""The project's one prefix map, and IRIs shortened with it.

:data:`PREFIXES` is used everywhere a prefix appears: handed to the query engines (so
ad-hoc queries need not declare ``bk:`` or ``bkg:``), used to expand prefixed parameter
values (``bk:NATO``), to shorten IRIs in tables, and to write Turtle and the JSON-LD
``@context`` (only the prefixes a graph uses, see :func:`used_prefixes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

BKG: Final = "https://w3id.org/balkan-kg/ontology#"
"""The ontology namespace (classes and properties)."""

BK: Final = "https://w3id.org/balkan-kg/id/"
"""The namespace of individuals (states, organisations, facts, sentences)."""

NIF: Final = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF: Final = "http://www.w3.org/2005/11/its/rdf#"
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
SD: Final = "http://www.w3.org/ns/sparql-service-description#"

PREFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "bkg": BKG,
        "bk": BK,
        "nif": NIF,
        "itsrdf": ITSRDF,
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
        "sd": SD,
    }
)
"""Read-only mapping of prefix -> namespace IRI."""

_AMBIGUOUS_IN_LOCAL_NAME = frozenset("/#?:() \t\n,;'\"<>")


def _longest_namespace(iri: str) -> tuple[str, str] | None:
    best: tuple[str, str] | None = None
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            best = (prefix, namespace)
    return best


def shorten(iri: str) -> str:
    """``iri`` as a prefixed name if a prefix of :data:`PREFIXES` covers it, else ``<iri>``.

    The longest matching namespace wins. The local part must be non-empty, free of
    characters that would make the prefixed name ambiguous, and not end in ``.``.

    >>> shorten("https://w3id.org/balkan-kg/id/NATO")
    'bk:NATO'
    >>> shorten("https://example.org/x")
    '<https://example.org/x>'
    """
    best = _longest_namespace(iri)
    if best is not None:
        local = iri[len(best[1]) :]
        if local and not local.endswith(".") and not _AMBIGUOUS_IN_LOCAL_NAME.intersection(local):
            return f"{best[0]}:{local}"
    return f"<{iri}>"


def used_prefixes(iris: Iterable[str]) -> dict[str, str]:
    """The prefixes of :data:`PREFIXES` whose namespace starts one of ``iris``.

    In the order of :data:`PREFIXES`, so serialisations list them the same way each time.

    >>> used_prefixes(["https://w3id.org/balkan-kg/id/NATO", "http://example.org/"])
    {'bk': 'https://w3id.org/balkan-kg/id/'}
    """
    found = set()
    for iri in iris:
        best = _longest_namespace(iri)
        if best is not None:
            found.add(best[0])
    return {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix in found}
