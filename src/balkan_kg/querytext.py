"""Engine-independent handling of SPARQL query text: the query form and prefixes."""

from __future__ import annotations

import re

from .errors import QueryError
from .namespaces import sparql_prologue

_SPACE_OR_COMMENT = re.compile(r"(?:\s+|#[^\n]*)*")
_PREFIX_DECL = re.compile(r"PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*<[^<>\s]*>", re.IGNORECASE)
_BASE_DECL = re.compile(r"BASE\s*<[^<>\s]*>", re.IGNORECASE)
_KEYWORD = re.compile(r"[A-Za-z]+")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_UPDATES = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def query_form(text: str) -> str:
    """The form of a query: ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.

    Skips comments and the ``PREFIX``/``BASE`` prologue. Raises :class:`QueryError`
    for an update request (only read-only queries are run) or anything unrecognised.
    """
    position = 0
    while True:
        position = _SPACE_OR_COMMENT.match(text, position).end()  # type: ignore[union-attr]
        declaration = _PREFIX_DECL.match(text, position) or _BASE_DECL.match(text, position)
        if declaration is None:
            break
        position = declaration.end()
    keyword = _KEYWORD.match(text, position)
    word = keyword.group(0).upper() if keyword else ""
    if word in _FORMS:
        return word
    if word in _UPDATES:
        raise QueryError(f"SPARQL updates are not allowed (found {word})")
    found = text[position : position + 30].split("\n", 1)[0] or "end of text"
    raise QueryError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {found!r}")


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query text declares itself (``""`` for the empty prefix)."""
    return {match.group(1) or "" for match in _DECLARED.finditer(text)}


def with_project_prefixes(text: str) -> str:
    """``text`` preceded by ``PREFIX`` lines for the project prefixes it does not declare.

    This lets ad-hoc queries use ``bk:``, ``bkg:`` etc. without declaring them, in the
    same way for every engine. The declarations are put on the query's first line, so
    line numbers in an engine's error messages still match the text as written.
    """
    return sparql_prologue(exclude=declared_prefixes(text), separator=" ") + text
