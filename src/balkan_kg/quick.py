"""The command line's quick path: canned queries answered by pyoxigraph from the build.

``balkan-kg query NAME`` spends most of its time importing rdflib and parsing the build
into an rdflib graph (about half a second) before a query of a few milliseconds. When
the build is current, the query is a SELECT or ASK and no engine was chosen,
:func:`quick_query` answers instead: it checks the build against its manifest
(:func:`balkan_kg.build.current_build`, mostly a few stats), loads ``merged.nt`` (and
``inferred.nt``) into an in-memory pyoxigraph store and keeps pyoxigraph's terms in the
result (:func:`balkan_kg.results.describe_term` reads them), so rdflib, owlrl and
pyshacl are never imported. The command line reads its arguments without argparse for
this case (:func:`balkan_kg.cli.parse_quick`).

Equal output: the differential tests run every canned query with every example through
this path and through the rdflib engine and require the same table, CSV and JSON text.
JSON can differ for queries in general, since Oxigraph stores every integer literal as
an ``xsd:integer`` (an ``xsd:positiveInteger`` comes back typed ``xsd:integer``), but
not for the canned queries: they return sentence numbers, offsets and years cast with
``xsd:integer(STR(...))`` (queries/README.md, "Portability rules").
"""

from __future__ import annotations

import os

from .errors import QueryError
from .querytext import query_form, with_project_prefixes

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from .resources import Layout
    from .results import QueryResult

QUICK_FORMATS = ("table", "csv", "json")
"""Output formats whose text the quick path gives exactly as the rdflib engine does."""


def quick_query(
    query_text: str,
    *,
    include_external: bool = True,
    reasoning: bool = True,
    build_dir: str | Path | None = None,
    layout: Layout | None = None,
) -> QueryResult | None:
    """Run a SELECT or ASK query on the current build with pyoxigraph, or return ``None``.

    ``None`` means the quick path does not apply (no current build, or another query
    form); the caller then takes the normal path, which builds if needed. Raises
    :class:`~balkan_kg.errors.QueryError` for a query Oxigraph rejects.
    """
    from .build import current_outputs

    if query_form(query_text) not in ("SELECT", "ASK"):
        return None
    names = ["merged.nt", "inferred.nt"] if reasoning else ["merged.nt"]
    files = current_outputs(build_dir, include_external, names, layout)
    if files is None:
        return None
    return run_on_files(files, query_text)


def run_on_files(files: Sequence[str | Path], query_text: str) -> QueryResult:
    """Load ``files`` into a fresh pyoxigraph store and run a SELECT or ASK query.

    Files ending in ``.ttl`` are read as Turtle, all others as N-Triples; they are
    trusted (no syntax checks).
    Each file is parsed as its own document (blank node labels do not clash across
    files). The project prefixes need not be declared. Raises
    :class:`~balkan_kg.errors.QueryError` for a failing or non-SELECT/ASK query.
    """
    import pyoxigraph

    from .results import QueryResult

    store = pyoxigraph.Store()
    for path in files:
        name = os.path.basename(os.fspath(path))
        turtle = name.endswith(".ttl") and len(name) > 4  # Path(path).suffix == ".ttl"
        rdf_format = pyoxigraph.RdfFormat.TURTLE if turtle else pyoxigraph.RdfFormat.N_TRIPLES
        # The build's files are checked against the manifest's hashes, so Oxigraph's
        # syntax checks can be skipped (lenient).
        store.bulk_load(path=path, format=rdf_format, lenient=True)
    try:
        answer = store.query(with_project_prefixes(query_text))
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return QueryResult.from_boolean(bool(answer))
    if not isinstance(answer, pyoxigraph.QuerySolutions):
        raise QueryError("expected a SELECT or ASK query")
    variables = [v.value for v in answer.variables]
    rows = [{name: solution[name] for name in variables} for solution in answer]
    return QueryResult.from_rows(variables, rows)
