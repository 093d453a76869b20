"""The engines that hold the graph in this process: embedded Oxigraph and rdflib.

:class:`OxigraphEngine` (pyoxigraph's in-memory store) is the default for every query;
:class:`RdflibEngine` is the reference, kept to prove that both give the same rows (the
contract test class of ``tests/query/test_engines.py``) and for users who want rdflib's
semantics.
Both load a build's N-Triples files with :meth:`from_files` and answer in pyoxigraph
terms (rdflib's answers go through :mod:`balkan_kg.rdfio.bridge`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from .limits import Limits
from .results import QueryResult
from .text import QueryForm, undeclared_prefixes

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

MAX_MESSAGE = 160
"""Engine messages longer than this are cut with "…"."""

_OXIGRAPH_POSITION = re.compile(r"^error at (\d+):(\d+):\s*")


def _one_line(text: str) -> str:
    return " ".join(text.split())


class OxigraphEngine:
    """Answers queries with pyoxigraph's embedded in-memory store."""

    name = "oxigraph"

    def __init__(self, store: pyoxigraph.Store | None = None) -> None:
        import pyoxigraph

        self.store = store if store is not None else pyoxigraph.Store()

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> OxigraphEngine:
        """An engine holding the triples of Turtle/N-Triples ``paths``, each its own document.

        :raises InputError: for a missing or malformed file (file, line and column).
        """
        from ..rdfio.parse import load_store

        engine = cls()
        for path in paths:
            load_store(engine.store, path)
        return engine

    @classmethod
    def from_triples(cls, triples: Iterable[pyoxigraph.Triple]) -> OxigraphEngine:
        """An engine holding ``triples`` in its default graph."""
        import pyoxigraph

        engine = cls()
        engine.store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
        return engine

    def __len__(self) -> int:
        return len(self.store)

    def __repr__(self) -> str:
        return f"<OxigraphEngine {len(self)} triples>"

    def evaluate(
        self, text: str, form: QueryForm, prefixes: Mapping[str, str], limits: Limits
    ) -> QueryResult:
        """Answer ``text`` with the store's SPARQL engine.

        :raises QueryError: for a syntax error ("line L, column C: ...") or a failure
            while evaluating.
        """
        try:
            answer = self.store.query(text, prefixes=dict(prefixes))
            return QueryResult.from_oxigraph(answer, form)
        except SyntaxError as exc:
            unknown = undeclared_prefixes(text, prefixes)
            if unknown:  # Oxigraph then only says what token it expected
                shown = ", ".join(f"{p}:" for p in unknown)
                raise QueryError(
                    f"unknown prefix {shown} (declare it: PREFIX {unknown[0]}: <...>); "
                    f"{oxigraph_syntax_message(exc)}"
                ) from None
            raise QueryError(oxigraph_syntax_message(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {_one_line(str(exc))}") from None


def oxigraph_syntax_message(exc: SyntaxError) -> str:
    """A one-line message for an Oxigraph query syntax error, with line and column."""
    message = _one_line(str(exc))
    match = _OXIGRAPH_POSITION.match(message)
    if match is None:
        return f"syntax error: {message}"
    detail = message[match.end() :]
    if len(detail) > MAX_MESSAGE:  # "expected one of" lists can run to a thousand characters
        detail = detail[: MAX_MESSAGE - 1] + "…"
    return f"syntax error at line {match.group(1)}, column {match.group(2)}: {detail}"


class RdflibEngine:
    """Answers queries with rdflib's SPARQL 1.1 implementation over an rdflib graph."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        from ..rdfio.bridge import order_gyears

        order_gyears()  # rdflib orders no xsd:gYear values otherwise (see there)
        self.graph = graph

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> RdflibEngine:
        """An engine holding the triples of Turtle/N-Triples ``paths``, large files that
        the project made (a build's outputs; :data:`~balkan_kg.rdfio.gate.LARGE_LIMITS`).

        :raises InputError: for a missing or malformed file (file, line and column).
        """
        from ..rdfio.gate import LARGE_LIMITS
        from ..rdfio.parse import parse_files

        return cls(parse_files(paths, limits=LARGE_LIMITS))

    def __len__(self) -> int:
        return len(self.graph)

    def __repr__(self) -> str:
        return f"<RdflibEngine {len(self)} triples>"

    def evaluate(
        self, text: str, form: QueryForm, prefixes: Mapping[str, str], limits: Limits
    ) -> QueryResult:
        """Answer ``text`` with rdflib, the prefixes given as ``initNs``.

        :raises QueryError: for a syntax error ("line L, column C: ...") or a failure
            while evaluating.
        """
        from pyparsing import ParseException

        try:
            prepared = _prepare(text, tuple(prefixes.items()))
        except ParseException as exc:
            raise QueryError(
                f"syntax error at line {exc.lineno}, column {exc.col}: {_one_line(exc.msg)}"
            ) from None
        except Exception as exc:
            raise QueryError(f"query failed: {_one_line(str(exc))}") from None
        try:
            result = self.graph.query(prepared)
            return _from_rdflib(result, form)
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"query failed: {_one_line(str(exc))}") from None


@functools.lru_cache(maxsize=256)
def _prepare(text: str, prefixes: tuple[tuple[str, str], ...]) -> Any:
    """rdflib's parsed and translated form of ``text``, kept for the next run of the
    same text (parsing and translating take most of a small query's time in rdflib)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text, initNs=dict(prefixes))


def _from_rdflib(result: Any, form: QueryForm) -> QueryResult:
    """A :class:`QueryResult` in pyoxigraph terms from an rdflib ``Result``."""
    import pyoxigraph

    from ..rdfio.bridge import to_oxigraph

    if form == "ASK":
        return QueryResult(form, boolean=bool(result.askAnswer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = [
            pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
            for s, p, o in (result.graph or ())
        ]
        return QueryResult(form, triples=triples)
    if result.type != "SELECT":
        raise QueryError(f"expected a SELECT query, got {result.type}")
    names = tuple(str(v) for v in result.vars or ())
    terms = [
        tuple(
            None if (value := binding.get(name)) is None else to_oxigraph(value)
            for name in (result.vars or ())
        )
        for binding in result.bindings
    ]
    return QueryResult(form, names, terms)
