"""The one function every query passes through.

Canned or ad hoc, from the command line, the Python API, the benchmark or the server,
every query is answered by :func:`execute`, which in this order:

1. binds the parameters (:mod:`balkan_kg.query.params`: a canned query's declared,
   typed parameters, or an ad-hoc query's Python values, both as one ``VALUES`` block);
2. reads the query form and refuses, before anything is evaluated, updates
   (:func:`~balkan_kg.query.text.query_form`, and :func:`refuse_updates` for an update
   keyword anywhere, e.g. after a ``;``) and queries that reach outside the graph,
   ``SERVICE`` and ``FROM`` (:func:`~balkan_kg.query.text.seal`);
3. hands the text to the engine with the project prefixes, which the engine gives its
   parser natively (:data:`~balkan_kg.namespaces.PREFIXES`), under the :class:`Limits`;
4. applies the row and byte caps to the answer, in pyoxigraph terms whatever the engine
   (:func:`~balkan_kg.query.limits.check_answer`; a worker process applies them before
   it answers, see :mod:`balkan_kg.query.isolation`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import QueryRefusedError
from ..namespaces import PREFIXES
from .catalog import CannedQuery, bind_canned
from .engines import Engine
from .limits import DEFAULT_LIMITS, Limits, check_answer
from .params import bind_adhoc
from .results import QueryResult
from .text import keywords, query_form, seal

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
"""Words of SPARQL Update that no query uses: refused wherever they stand as words."""


def execute(
    engine: Engine,
    query: CannedQuery | str,
    params: Mapping[str, object] | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> QueryResult:
    """Answer ``query`` on ``engine``: a canned query with its declared ``params``, or a
    SPARQL text with ``params`` bound by their Python types.

    :raises ParameterError: for parameters that do not fit (named in the message).
    :raises QueryRefusedError: for an update (its first keyword or any update keyword).
    :raises QueryNotAllowedError: for ``SERVICE`` or ``FROM``/``FROM NAMED``.
    :raises QueryError: for a query the engine rejects, with line and column.
    :raises QueryTimeoutError: when the query runs past ``limits.timeout`` (embedded).
    :raises ResultTooLargeError: when the answer has more rows than ``limits.max_rows``
        or more bytes than ``limits.max_bytes``.
    :raises EndpointError: when a remote store fails (``EndpointTimeoutError`` past the
        time limit).
    """
    given = params or {}
    text = bind_canned(query, given) if isinstance(query, CannedQuery) else bind_adhoc(query, given)
    form = query_form(text)
    refuse_updates(text)
    seal(text)
    result = engine.evaluate(text, form, PREFIXES, limits)
    if not getattr(engine, "checks_answers", False):
        check_answer(result, limits)
    return result


def refuse_updates(text: str) -> None:
    """Refuse a text in which an update keyword (``LOAD``, ``INSERT``, ...) stands as a
    word anywhere: no query has one, and a store that runs several operations of one
    request (``SELECT * {} ; LOAD <...>``) would run it. Words in strings, comments,
    IRIs, prefixed names and variables do not count.

    >>> refuse_updates('SELECT ?load WHERE { ?s ex:insert "DELETE" } # LOAD')

    :raises QueryRefusedError: naming the keyword.
    """
    for word in keywords(text):
        if word in UPDATE_KEYWORDS:
            raise QueryRefusedError(f"SPARQL updates are not allowed (found {word}): read-only")
