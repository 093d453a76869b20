"""Query engines: a small protocol and the rdflib implementation.

Everything above this module talks to an :class:`Engine`, so another store (pyoxigraph,
a remote SPARQL endpoint) can be added by writing one class with the three methods.
Query text reaching an engine is complete: parameters are already bound and the project
prefixes already declared (see :mod:`balkan_kg.querytext`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .collector import paused
from .engine_names import ENDPOINT_ENV, ENGINE_ENV, ENGINES, GRAPH_ENV, LOCAL_ENGINES
from .errors import EngineError, QueryError
from .querytext import query_form
from .results import QueryResult

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result


class Engine(Protocol):
    """What a query engine must offer. Errors in a query raise :class:`QueryError`."""

    def select(self, query_text: str) -> QueryResult:
        """Run a SELECT query and return its rows."""
        ...

    def ask(self, query_text: str) -> bool:
        """Run an ASK query and return its answer."""
        ...

    def construct(self, query_text: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return the graph."""
        ...


def run(engine: Engine, query_text: str) -> QueryResult:
    """Run any read-only query on ``engine``, dispatching on its form.

    ASK and CONSTRUCT/DESCRIBE answers are wrapped with :meth:`QueryResult.from_boolean`
    and :meth:`QueryResult.from_graph`.
    """
    form = query_form(query_text)
    if form == "SELECT":
        return engine.select(query_text)
    if form == "ASK":
        return QueryResult.from_boolean(engine.ask(query_text))
    return QueryResult.from_graph(engine.construct(query_text))


@dataclass(frozen=True)
class EngineChoice:
    """Which engine to use: ``name`` is one of :data:`ENGINES`.

    ``endpoint`` (the SPARQL query URL) and ``default_graph`` (the graph sent as the
    protocol's ``default-graph-uri``) are set only for ``remote``.
    """

    name: str
    endpoint: str | None = None
    default_graph: str | None = None


def choose_engine(
    engine: str | None = None,
    endpoint: str | None = None,
    default_graph: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> EngineChoice:
    """Resolve the engine from the arguments and the environment.

    Arguments win over the environment (``$BALKAN_KG_ENGINE``, ``$BALKAN_KG_ENDPOINT``,
    ``$BALKAN_KG_GRAPH``; empty values count as unset), so:

    * an ``endpoint`` argument means ``remote``; an ``engine`` argument names the engine
      (``remote`` then takes the endpoint from the environment);
    * with neither argument, ``$BALKAN_KG_ENDPOINT`` means ``remote`` and
      ``$BALKAN_KG_ENGINE`` names the engine; with nothing set, ``rdflib``.

    ``default_graph`` (else ``$BALKAN_KG_GRAPH``) applies to ``remote`` only.
    Raises :class:`EngineError` for an unknown name, for ``remote`` without an endpoint,
    and for choices that contradict each other (a local engine together with an
    endpoint, or a ``default_graph`` argument for a local engine) rather than ignoring
    one of them.
    """
    env = os.environ if environ is None else environ

    def from_env(key: str) -> str | None:
        return env.get(key, "").strip() or None

    if engine is not None and engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if engine in LOCAL_ENGINES and endpoint is not None:
        raise EngineError(
            f"engine {engine!r} runs in this process; an endpoint is only used with "
            "the 'remote' engine (leave out the engine to query the endpoint)"
        )
    if engine is None and endpoint is None:
        engine = from_env(ENGINE_ENV)
        endpoint = from_env(ENDPOINT_ENV)
        if engine is not None and engine not in ENGINES:
            raise EngineError(
                f"unknown engine {engine!r} in ${ENGINE_ENV} (choose from {', '.join(ENGINES)})"
            )
        if engine in LOCAL_ENGINES and endpoint is not None:
            raise EngineError(
                f"${ENGINE_ENV}={engine} contradicts ${ENDPOINT_ENV}={endpoint}: unset one of them"
            )
    elif engine == "remote" and endpoint is None:
        endpoint = from_env(ENDPOINT_ENV)
    name = engine or ("remote" if endpoint is not None else "rdflib")
    if name != "remote":
        if default_graph is not None:
            raise EngineError(
                f"a default graph is only used with a remote endpoint, not engine {name!r}"
            )
        return EngineChoice(name)
    if endpoint is None:
        raise EngineError(
            f"the remote engine needs an endpoint URL (--endpoint or ${ENDPOINT_ENV})"
        )
    return EngineChoice("remote", endpoint, default_graph or from_env(GRAPH_ENV))


PREPARED_QUERIES = 256
"""How many parsed queries an :class:`RdflibEngine` keeps (the oldest go first)."""


class RdflibEngine:
    """Runs queries with rdflib's SPARQL 1.1 implementation over an in-memory graph.

    rdflib spends most of a small query's time parsing it and translating it to its
    algebra (about 38 ms of 42 ms for a canned query on the real graph), so the engine
    keeps up to :data:`PREPARED_QUERIES` query texts in that form (the one parsed
    longest ago is dropped first) and runs a text it has kept straight away. A query is
    prepared as :meth:`rdflib.Graph.query` would prepare it, with the graph's prefixes
    as they are when the text is first run.
    """

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._prepared: dict[str, Any] = {}

    def _prepare(self, query_text: str) -> Any:
        prepared = self._prepared.get(query_text)
        if prepared is None:
            from rdflib.plugins.sparql import prepareQuery

            prepared = prepareQuery(query_text, initNs=dict(self.graph.namespaces()))
            if len(self._prepared) >= PREPARED_QUERIES:
                del self._prepared[next(iter(self._prepared))]
            self._prepared[query_text] = prepared
        return prepared

    def _query(self, query_text: str, expected: str) -> Result:
        try:
            result = self.graph.query(self._prepare(query_text))
        except Exception as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
        if result.type != expected:  # rdflib reports DESCRIBE results as CONSTRUCT
            if expected == "DESCRIBE" and result.type == "CONSTRUCT":
                return result
            raise QueryError(f"expected a {expected} query, got {result.type}")
        return result

    def select(self, query_text: str) -> QueryResult:
        """Run a SELECT query; variables keep their projection order."""
        return QueryResult.from_rdflib(self._query(query_text, "SELECT"))

    def ask(self, query_text: str) -> bool:
        """Run an ASK query."""
        return bool(self._query(query_text, "ASK").askAnswer)

    def construct(self, query_text: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the result is a new graph."""
        from .parsing import new_graph

        result = self._query(query_text, query_form(query_text))
        graph = new_graph()
        if result.graph is not None:
            graph += result.graph
        return graph


class OxigraphEngine:
    """Runs queries with pyoxigraph's embedded in-memory store.

    Build it from an rdflib graph (``OxigraphEngine(graph)``) or, without going through
    rdflib at all, from N-Triples/Turtle files (:meth:`from_files`, what
    ``load(engine="oxigraph")`` uses). Results are converted back to rdflib terms, so
    callers cannot tell the engines apart; note that Oxigraph stores every integer
    literal as ``xsd:integer`` (an ``xsd:positiveInteger`` comes back as ``xsd:integer``),
    which :func:`balkan_kg.results.to_python` turns into the same ``int``. Much faster than
    rdflib on queries with large joins or ``FILTER NOT EXISTS``.
    """

    name = "oxigraph"

    def __init__(self, graph: Graph | None = None) -> None:
        import pyoxigraph

        self.store = pyoxigraph.Store()
        if graph is not None:
            data = graph.serialize(format="nt", encoding="utf-8")
            self.store.load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES)

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> OxigraphEngine:
        """An engine holding the triples of ``paths`` (format chosen by file suffix).

        Each file is its own document, so blank node labels never clash across files
        (as with :func:`balkan_kg.parsing.parse_files`). Raises
        :class:`~balkan_kg.errors.InputError` for a missing or malformed file.
        """
        import pyoxigraph

        from .errors import InputError

        engine = cls()
        for raw in paths:
            path = Path(raw)
            rdf_format = _OXIGRAPH_FORMATS.get(path.suffix.lower(), "TURTLE")
            try:
                engine.store.load(
                    path=path,
                    format=getattr(pyoxigraph.RdfFormat, rdf_format),
                    base_iri=path.resolve().as_uri(),
                )
            except FileNotFoundError:
                raise InputError(path, None, "file not found") from None
            except (SyntaxError, OSError, ValueError) as exc:
                message = " ".join(str(exc).split())
                raise InputError(path, None, f"cannot parse: {message}") from None
        return engine

    def __len__(self) -> int:
        return len(self.store)

    def _query(self, query_text: str, expected: type) -> Any:
        try:
            answer = self.store.query(query_text)
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
        if not isinstance(answer, expected):
            raise QueryError(f"expected a {_FORM_OF[expected.__name__]} query")
        return answer

    def select(self, query_text: str) -> QueryResult:
        """Run a SELECT query; variables keep their projection order."""
        import pyoxigraph

        solutions = self._query(query_text, pyoxigraph.QuerySolutions)
        variables = [v.value for v in solutions.variables]
        try:
            rows = _convert_solutions(solutions, variables)
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
        # Every row maps every variable, so the rows need no completing by from_rows.
        return QueryResult(variables, rows)

    def ask(self, query_text: str) -> bool:
        """Run an ASK query."""
        import pyoxigraph

        return bool(self._query(query_text, pyoxigraph.QueryBoolean))

    def construct(self, query_text: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the result is a new graph."""
        import pyoxigraph

        from .parsing import new_graph

        triples = self._query(query_text, pyoxigraph.QueryTriples)
        graph = new_graph()
        try:
            for triple in triples:
                graph.add(
                    (
                        _from_oxigraph(triple.subject),
                        _from_oxigraph(triple.predicate),
                        _from_oxigraph(triple.object),
                    )
                )
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
        return graph


_OXIGRAPH_FORMATS = {".nt": "N_TRIPLES", ".ttl": "TURTLE", ".nq": "N_QUADS", ".trig": "TRIG"}
_FORM_OF = {
    "QuerySolutions": "SELECT",
    "QueryBoolean": "ASK",
    "QueryTriples": "CONSTRUCT or DESCRIBE",
}


def _convert_solutions(solutions: Iterable[Any], variables: list[str]) -> list[dict[str, Any]]:
    """The rows of pyoxigraph ``solutions`` as dicts of rdflib terms (``None`` for unbound).

    A solution iterates over its values in the order of ``variables``. Each distinct term
    of the result is converted once and the rdflib term is shared by every row holding it
    (rdflib terms are immutable), since IRIs and many literals repeat from row to row.

    Python's cyclic garbage collector is paused meanwhile (and left as it was found):
    the rows form no cycles, so the collections that tens of thousands of new dicts would
    set off could free none of them, yet each full one walks every object of the process.
    """
    convert = _converter()
    cache: dict[object, Any] = {None: None}
    lookup = cache.get
    missing = object()
    rows: list[dict[str, Any]] = []
    append = rows.append
    with paused():
        for solution in solutions:
            row = {}
            for name, term in zip(variables, solution, strict=True):
                value = lookup(term, missing)
                if value is missing:
                    value = cache[term] = convert(term)
                row[name] = value
            append(row)
    return rows


def _from_oxigraph(term: object) -> Any:
    """An rdflib term for a pyoxigraph term (``None`` for unbound)."""
    return None if term is None else _converter()(term)


@cache
def _converter() -> Callable[[Any], Any]:
    """The function turning a pyoxigraph term into the rdflib term rdflib itself builds.

    The common cases are built without going through rdflib's constructors, which check
    and parse more than a term coming out of a store needs: an IRI without any of the
    characters rdflib warns about is ``str.__new__(URIRef, iri)`` (what ``URIRef(iri)``
    returns then); a plain string literal, an ``xsd:integer`` in canonical form and an
    ``xsd:boolean`` ``true``/``false`` get the slots ``Literal`` gives them (language,
    datatype, value, ``ill_typed``). Each of these literal shortcuts is checked here
    against ``Literal`` on samples; should a later rdflib build a literal differently,
    that kind goes through ``Literal`` again. Everything else goes through rdflib.
    """
    import re

    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    named_node, blank_node, literal = pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal
    new_str = str.__new__
    uri_warning = re.compile(r'[<>" {}|\\^`]').search  # rdflib.term._invalid_uri_chars
    xsd = "http://www.w3.org/2001/XMLSchema#"
    # Canonical xsd:integer lexical forms, short enough for int() (Python limits the
    # digits it converts from text).
    canonical_integer = re.compile(r"0|-?[1-9][0-9]{0,999}").fullmatch

    def literal_shortcut(datatype: str | None, value: Callable[[str], Any]) -> Callable[[str], Any]:
        """A builder of the literals ``Literal(text, datatype=datatype)`` makes."""
        datatype_term = None if datatype is None else URIRef(datatype)
        ill_typed = None if datatype is None else False

        def build(text: str) -> Literal:
            term = new_str(Literal, text)
            term._language = None
            term._datatype = datatype_term
            term._value = value(text)
            term._ill_typed = ill_typed
            return term

        return build

    def checked(build: Callable[[str], Any], datatype: str | None, samples: list[str]) -> bool:
        made = URIRef(datatype) if datatype is not None else None
        return all(_same_literal(build(t), Literal(t, datatype=made)) for t in samples)

    plain = literal_shortcut(None, str)
    plain_literal = plain if checked(plain, None, ["a\u2019 b", ""]) else Literal
    integer = literal_shortcut(xsd + "integer", int)
    boolean = literal_shortcut(xsd + "boolean", lambda text: text == "true")
    integer_type, boolean_type = URIRef(xsd + "integer"), URIRef(xsd + "boolean")

    def integer_literal(text: str) -> Literal:
        return integer(text) if canonical_integer(text) else Literal(text, datatype=integer_type)

    def boolean_literal(text: str) -> Literal:
        if text == "true" or text == "false":
            return boolean(text)
        return Literal(text, datatype=boolean_type)

    typed: dict[str, Callable[[str], Any]] = {}
    if checked(integer, xsd + "integer", ["0", "7", "-2004", "12345678901234567890123"]):
        typed[xsd + "integer"] = integer_literal
    if checked(boolean, xsd + "boolean", ["true", "false"]):
        typed[xsd + "boolean"] = boolean_literal
    typed_shortcut = typed.get
    xsd_string = xsd + "string"

    def convert(term: Any) -> Any:
        kind = term.__class__
        if kind is named_node:
            iri = term.value
            return URIRef(iri) if uri_warning(iri) else new_str(URIRef, iri)
        if kind is literal:
            language = term.language
            if language:
                return Literal(term.value, lang=language)
            datatype = term.datatype.value
            if datatype == xsd_string:
                return plain_literal(term.value)
            shortcut = typed_shortcut(datatype)
            if shortcut is not None:
                return shortcut(term.value)
            return Literal(term.value, datatype=URIRef(datatype))
        if kind is blank_node:
            return BNode(term.value)
        raise QueryError(f"unsupported term in a query result: {term!r}")

    return convert


def _same_literal(built: Any, reference: Any) -> bool:
    """Whether two rdflib literals are the same object in every respect but identity."""
    missing = object()
    slots = {name for cls in type(reference).__mro__ for name in getattr(cls, "__slots__", ())}
    return (
        type(built) is type(reference)
        and str.__eq__(built, reference)
        and all(
            getattr(built, name, missing) == getattr(reference, name, missing) for name in slots
        )
        and built == reference
        and hash(built) == hash(reference)
    )
