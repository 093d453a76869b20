"""Quality checks: SELECT queries in ``ontology/checks/*.rq`` that must return no rows.

A check may declare what it judges with a ``# scope:`` header line: ``ontology`` (the
ontology alone), ``data`` (the facts alone) or ``ontology+data`` (both, the default).
Checks always run on *asserted* triples, never on inferred ones: they judge what the
curators wrote, as the SHACL shapes do. They run through the query funnel
(:func:`balkan_kg.query.execute.execute`) on the embedded Oxigraph engine, which answers
the checks' ``FILTER NOT EXISTS`` and grouping patterns in milliseconds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import InputError, QueryError
from ..query.execute import execute
from ..query.limits import Limits
from ..query.local import OxigraphEngine
from ..query.results import QueryResult, show_term
from ..rdfio.bridge import new_graph, oxigraph_triples

if TYPE_CHECKING:
    from pathlib import Path

    from rdflib import Graph

CHECK_LIMITS = Limits(timeout=None, max_rows=None)
"""Checks run on the curators' own files, with no time limit or row cap."""

_SCOPE_LINE = re.compile(r"^#\s*scope:\s*(\S+)\s*$")
_SCOPE_PARTS = frozenset({"ontology", "data"})


def check_scope(text: str, path: Path) -> frozenset[str]:
    """The graphs a check judges, from its ``# scope:`` header line (default: both).

    Raises :class:`InputError` (file and line) for an unknown scope.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _SCOPE_LINE.match(line)
        if match:
            parts = frozenset(match.group(1).split("+"))
            if not parts or not parts <= _SCOPE_PARTS:
                raise InputError(
                    path,
                    number,
                    f"unknown scope {match.group(1)!r} (use ontology, data or ontology+data)",
                )
            return parts
    return _SCOPE_PARTS


def run_checks(ontology: Graph, data: Graph, files: list[Path]) -> dict[str, list[str]]:
    """Run the check ``files``; return ``{check name: offending rows}`` for failing checks.

    An empty dict means every check passed. Each row is rendered as ``var=value`` pairs
    with IRIs as prefixed names. Raises :class:`InputError` if a check file is
    unreadable or is not a valid SELECT query.
    """
    merged = new_graph()
    merged += ontology
    merged += data
    graphs = {
        frozenset({"ontology"}): ontology,
        frozenset({"data"}): data,
        frozenset({"ontology", "data"}): merged,
    }
    engines: dict[frozenset[str], OxigraphEngine] = {}
    failures: dict[str, list[str]] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(path, None, f"cannot read check: {exc}") from None
        scope = check_scope(text, path)
        if scope not in engines:
            engines[scope] = OxigraphEngine.from_triples(oxigraph_triples(graphs[scope]))
        try:
            result = execute(engines[scope], text, limits=CHECK_LIMITS)
        except QueryError as exc:
            raise InputError(path, None, str(exc)) from None
        if result.form != "SELECT":
            raise InputError(path, None, f"a check must be a SELECT query, not {result.form}")
        if len(result):
            failures[path.stem] = _rows(result)
    return failures


def _rows(result: QueryResult) -> list[str]:
    return [
        ", ".join(
            f"{name}={show_term(term)}" for name, term in zip(result.variables, terms, strict=False)
        )
        for terms in result.terms
    ]
