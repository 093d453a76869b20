"""What can be read from a SPARQL query's text before an engine parses it.

:func:`query_form` tells SELECT, ASK, CONSTRUCT and DESCRIBE apart (skipping comments
and the prologue) and refuses updates before anything is evaluated; :func:`prologue`
writes ``PREFIX`` lines for the engines that cannot be handed prefixes natively
(remote stores).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Literal

from ..errors import QueryError, QueryRefusedError

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

FORMS: Final[tuple[QueryForm, ...]] = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_SPACE_OR_COMMENT = re.compile(r"(?:\s+|#[^\n]*)*")
_PREFIX_DECL = re.compile(r"PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*<[^<>\s]*>", re.IGNORECASE)
_BASE_DECL = re.compile(r"BASE\s*<[^<>\s]*>", re.IGNORECASE)
_KEYWORD = re.compile(r"[A-Za-z]+")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_UPDATES = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def query_form(text: str) -> QueryForm:
    """The form of a query: ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.

    Skips comments and the ``PREFIX``/``BASE`` prologue.

    >>> query_form("PREFIX ex: <http://e/> # a comment\\nask { ?s ?p ?o }")
    'ASK'

    :raises QueryRefusedError: for an update request (``INSERT``, ``LOAD``, ...): only
        read-only queries are run.
    :raises QueryError: for anything else that is not a query.
    """
    position, _ = _read_prologue(text)
    keyword = _KEYWORD.match(text, position)
    word = keyword.group(0).upper() if keyword else ""
    for form in FORMS:
        if word == form:
            return form
    if word in _UPDATES:
        raise QueryRefusedError(f"SPARQL updates are not allowed (found {word}): read-only")
    found = text[position : position + 30].split("\n", 1)[0] or "end of text"
    raise QueryError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {found!r}")


def _read_prologue(text: str) -> tuple[int, list[str]]:
    """Where the prologue (comments, ``PREFIX`` and ``BASE``) ends, and its declarations."""
    position = 0
    declarations: list[str] = []
    while True:
        space = _SPACE_OR_COMMENT.match(text, position)
        position = space.end() if space else position
        declaration = _PREFIX_DECL.match(text, position) or _BASE_DECL.match(text, position)
        if declaration is None:
            return position, declarations
        declarations.append(declaration.group(0))
        position = declaration.end()


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query text declares itself (``""`` for the empty prefix).

    Only the prologue declares prefixes: ``PREFIX bk:`` in a comment or a string does not.
    """
    _, declarations = _read_prologue(text)
    return {
        match.group(1) or ""
        for declaration in declarations
        if (match := _DECLARED.match(declaration)) is not None
    }


def prologue(prefixes: Mapping[str, str], text: str) -> str:
    """``PREFIX`` lines for the ``prefixes`` that ``text`` does not declare itself.

    For engines that cannot be given prefixes any other way (a remote store): the lines
    go in front of the query, so error positions the store reports are shifted by them.
    """
    own = declared_prefixes(text)
    return "".join(
        f"PREFIX {prefix}: <{namespace}>\n"
        for prefix, namespace in prefixes.items()
        if prefix not in own
    )
