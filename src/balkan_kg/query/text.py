"""What can be read from a SPARQL query's text before an engine parses it.

:func:`query_form` tells SELECT, ASK, CONSTRUCT and DESCRIBE apart (skipping comments
and the prologue) and refuses updates before anything is evaluated; :func:`seal`
refuses a query that would reach outside the graph (``SERVICE``, ``FROM``);
:func:`prologue` writes ``PREFIX`` lines for the engines that cannot be handed
prefixes natively (remote stores).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Final, Literal

from ..errors import QueryError, QueryNotAllowedError, QueryRefusedError

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


_LOCAL = r"(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?#@%])"
"""A character of a prefixed name's local part, or an escape (``ex:a\\'b`` is one name)."""

_TOKEN = re.compile(
    r"""
    (?P<skip>
        \#[^\n]*                              # a comment
      | '''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\Z)  # long strings (unterminated: to the end)
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*+(?:\"\"\"|\Z)
      | '(?:[^'\\\n]|\\.)*+'?                 # short strings (unterminated: to the line end)
      | "(?:[^"\\\n]|\\.)*+"?
      | <[^<>"{}|^`\\\x00-\x20]*>              # an IRI
      | [?$]\w+                               # a variable
      | @[A-Za-z]+(?:-[A-Za-z0-9]+)*          # a language tag
    )
    | (?P<pname>:LOCAL*+)                     # a prefixed name with the empty prefix
    | (?P<run>[^\W\d]\w*(?:[.-]+\w+)*+)(?P<colon>:LOCAL*+)?  # words, or a prefixed name
    | (?P<open>[{(])
    | (?P<close>[})])
    """.replace("LOCAL", _LOCAL),
    re.VERBOSE,
)
_WORD = re.compile(r"(?P<word>[^\W\d]\w*)")
_PNAME = re.compile(r"(?P<pname>[^\W\d]\w*(?:[.-]+\w+)*+:" + _LOCAL + r"*+)")


def tokens(text: str) -> Iterator[re.Match[str]]:
    """The tokens of a query that matter before parsing: words (keywords and function
    names), prefixed names, and opening and closing braces and parentheses.

    Comments, strings, IRIs, variables and language tags are skipped, so a word inside
    them is never taken for a keyword. Each match's ``lastgroup`` is ``"word"``,
    ``"pname"``, ``"open"`` or ``"close"``.

    The scan is linear in the length of the text: a run of name characters is read
    once, as a prefixed name if a colon follows it, else as the words in it
    (``true.SERVICE`` holds SERVICE); an unterminated string ends at the end of its line
    (or, a long one, of the text), which no parser accepts anyway. (A scan that tried a
    prefixed name at each word of ``a.a.a...`` took seconds for 40 kB.)

    >>> [m.group() for m in tokens("ASK { ex:a\\\\'b . true.SERVICE <x> {} }")]
    ['ASK', '{', "ex:a\\\\'b", 'true', 'SERVICE', '{', '}', '}']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "skip":
            continue
        if kind in ("run", "colon"):
            if match.group("colon") is None:
                yield from _WORD.finditer(text, match.start(), match.end())
            else:
                found = _PNAME.match(text, match.start())
                assert found is not None and found.end() == match.end()
                yield found
            continue
        yield match


_OUTSIDE = {
    "SERVICE": "SERVICE calls other endpoints; only this graph is queried",
    "FROM": "FROM and FROM NAMED would read other graphs (some engines fetch them from "
    "the web); only this graph is queried",
}


def keywords(text: str) -> list[str]:
    """The bare words of a query (keywords and function names), upper-cased.

    Comments, strings, IRIs, variables, prefixed names and language tags are skipped.

    >>> keywords('SELECT ?service WHERE { ex:FROM "SERVICE" ?s } # FROM')
    ['SELECT', 'WHERE']
    """
    return list(_keywords(text))


@functools.lru_cache(maxsize=256)
def _keywords(text: str) -> tuple[str, ...]:
    """:func:`keywords`, remembered by the text: the update check and :func:`seal` read
    the same words, and a canned query asked again has the same text."""
    return tuple(m.group().upper() for m in tokens(text) if m.lastgroup == "word")


def undeclared_prefixes(text: str, known: Mapping[str, str]) -> list[str]:
    """The prefixes the query's prefixed names use that neither it nor ``known`` declares.

    >>> undeclared_prefixes("SELECT * WHERE { ?s ex:p bk:NATO }", {"bk": "https://e/"})
    ['ex']
    """
    declared = declared_prefixes(text) | set(known)
    found: list[str] = []
    for match in tokens(text):
        if match.lastgroup == "pname":
            prefix = match.group().partition(":")[0]
            if prefix not in declared and prefix not in found:
                found.append(prefix)
    return found


_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
"""A codepoint escape as rdflib reads it: ``\\u`` or ``\\U``, 4 or 8 hex digits."""


def _unescape(text: str) -> str:
    """``text`` with its codepoint escapes replaced by their characters, as rdflib does
    to a whole query before parsing it (pyoxigraph does not)."""

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _CODEPOINT_ESCAPE.sub(character, text)


def seal(text: str) -> None:
    """Refuse a query that would reach outside the graph, before it is evaluated.

    The text is read as written and with its codepoint escapes replaced, as the two
    engines read it (``SERV\\u0049CE`` is ``SERVICE`` to rdflib).

    :raises QueryNotAllowedError: for ``SERVICE`` or a ``FROM``/``FROM NAMED`` clause.
    """
    unescaped = _unescape(text)
    found = keywords(text) + (keywords(unescaped) if unescaped != text else [])
    for word in found:
        if word in _OUTSIDE:
            raise QueryNotAllowedError(f"{word} is not allowed: {_OUTSIDE[word]}")
