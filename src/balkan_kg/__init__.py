"""balkan-kg: a provenance-tracked knowledge graph built from a short policy text.

Typical use::

    import balkan_kg

    kg = balkan_kg.load()
    for row in kg.query("members-since", org="bk:NATO"):
        print(row["stateLabel"], row["startYear"])

Importing the package imports none of rdflib, pyoxigraph, pyshacl or owlrl: the
functions that need them import them.
"""

from ._version import __version__
from .api import KnowledgeGraph, Provenance, load
from .errors import (
    BalkanKGError,
    BuildError,
    CheckError,
    EndpointError,
    EngineError,
    InconsistencyError,
    InputError,
    ParameterError,
    QueryError,
    QueryRefusedError,
    QueryTimeoutError,
    ResultTooLargeError,
    UnknownQueryError,
    ValidationError,
)
from .query.limits import Limits
from .query.results import IRI, BlankNode, QueryResult, Row, Value

__all__ = [
    "IRI",
    "BalkanKGError",
    "BlankNode",
    "BuildError",
    "CheckError",
    "EndpointError",
    "EngineError",
    "InconsistencyError",
    "InputError",
    "KnowledgeGraph",
    "Limits",
    "ParameterError",
    "Provenance",
    "QueryError",
    "QueryRefusedError",
    "QueryResult",
    "QueryTimeoutError",
    "ResultTooLargeError",
    "Row",
    "UnknownQueryError",
    "ValidationError",
    "Value",
    "__version__",
    "load",
]
