"""The catalog of canned SPARQL queries in ``queries/*.rq``.

A query file starts with a header of ``#`` comment lines, ending at the first line that
does not start with ``#``::

    # title: Members of an organisation
    # description: Every state that is a member of the organisation, with the year
    #   it joined (continuation lines start with "#" and at least two spaces).
    # param: org iri optional -- The organisation, e.g. bk:NATO.
    # example: org=bk:NATO

Keys: ``title`` and ``description`` (required, once each), ``param`` (zero or more,
``NAME TYPE required|optional -- text``) and ``example`` (zero or more, space-separated
``name=value``). A line holding only ``#`` is ignored. Title, description and param text
may continue on following lines. Anything else is an :class:`InputError` naming the file
and line. A query that declares parameters must contain exactly one ``#PARAMS`` line.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ..errors import InputError, ParameterError, UnknownQueryError
from ..layout import Layout, default_layout
from .params import PARAM_TYPES, PARAMS_LINE, bind, term_text, to_value

_KEY_LINE = re.compile(r"^# ?([A-Za-z][A-Za-z0-9_-]*):(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM_SPEC = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\S+)\s+(?P<req>required|optional)"
    r"\s+--\s+(?P<text>\S.*)$"
)
_KEYS = ("title", "description", "param", "example")


@dataclass(frozen=True)
class Param:
    """A declared parameter: SPARQL variable ``name``, one of ``PARAM_TYPES``."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    """A parsed query file. ``name`` is the file stem; ``text`` is the whole file.

    ``param_line`` (the line of ``#PARAMS``) is left out of equality.
    """

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[Mapping[str, str], ...]
    text: str
    path: Path
    param_line: int | None = field(default=None, compare=False)

    def __hash__(self) -> int:
        """Queries are told apart by their file (``examples`` holds mappings)."""
        return hash((self.name, self.path))

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, or ``None``."""
        return next((p for p in self.params if p.name == name), None)

    def example(self, number: int = 1) -> dict[str, str]:
        """The parameters of the ``number``-th ``# example:`` line (from 1).

        :raises IndexError: naming how many examples there are.
        """
        if not 1 <= number <= len(self.examples):
            raise IndexError(
                f"query {self.name!r} has {len(self.examples)} example(s), no example {number}"
            )
        return dict(self.examples[number - 1])


def parse_query_file(path: str | Path) -> CannedQuery:
    """Parse one query file.

    :raises InputError: naming the file and line, if it is malformed or unreadable.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InputError(path, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"cannot read file: {exc}") from None
    return _parse_text_once(text, Path(path))


@functools.lru_cache(maxsize=256)
def _parse_text_once(text: str, path: Path) -> CannedQuery:
    """:func:`parse_query_text`, remembered by the file's text: a query asked again
    (the API's warm path) is not parsed again, and an edited file is."""
    return parse_query_text(text, path)


def parse_query_text(text: str, path: str | Path) -> CannedQuery:
    """Parse the text of a query file; ``path`` names it in errors and gives the name.

    :raises InputError: naming the file and line of the first problem.
    """
    fields: dict[str, tuple[int, str]] = {}
    params: list[tuple[int, dict[str, str]]] = []
    examples: list[tuple[int, str]] = []
    last: str | None = None
    header_end = 0

    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        header_end = number
        if line.rstrip() == "#":
            continue
        if PARAMS_LINE.match(line):
            break
        continuation = _CONTINUATION.match(line)
        if continuation:
            extra = continuation.group(1).strip()
            if last in ("title", "description"):
                start, value = fields[last]
                fields[last] = (start, f"{value} {extra}")
            elif last == "param":
                params[-1][1]["text"] += " " + extra
            else:
                raise InputError(path, number, "continuation line without a key to continue")
            continue
        key_line = _KEY_LINE.match(line)
        if not key_line:
            raise InputError(path, number, "expected '# key: value' in the query header")
        key, value = key_line.group(1), key_line.group(2).strip()
        if key not in _KEYS:
            raise InputError(
                path, number, f"unknown header key {key!r} (known keys: {', '.join(_KEYS)})"
            )
        if not value:
            raise InputError(path, number, f"empty value for {key!r}")
        if key in ("title", "description"):
            if key in fields:
                raise InputError(path, number, f"{key!r} given twice")
            fields[key] = (number, value)
        elif key == "param":
            spec = _PARAM_SPEC.match(value)
            if not spec:
                raise InputError(
                    path,
                    number,
                    f"param must read 'NAME TYPE required|optional -- description', got {value!r}",
                )
            params.append((number, spec.groupdict()))
        else:
            examples.append((number, value))
        last = key

    for key in ("title", "description"):
        if key not in fields:
            raise InputError(path, header_end or 1, f"the query header has no {key!r}")

    declared: list[Param] = []
    for number, declaration in params:
        if declaration["type"] not in PARAM_TYPES:
            raise InputError(
                path,
                number,
                f"unknown parameter type {declaration['type']!r} (types: {', '.join(PARAM_TYPES)})",
            )
        if any(p.name == declaration["name"] for p in declared):
            raise InputError(path, number, f"parameter {declaration['name']!r} declared twice")
        declared.append(
            Param(
                declaration["name"],
                declaration["type"],
                declaration["req"] == "required",
                declaration["text"].strip(),
            )
        )

    parsed_examples = [_parse_example(path, number, value, declared) for number, value in examples]

    placeholder_lines = [
        number for number, line in enumerate(text.splitlines(), start=1) if PARAMS_LINE.match(line)
    ]
    if declared and len(placeholder_lines) != 1:
        found = "none" if not placeholder_lines else f"{len(placeholder_lines)}"
        raise InputError(
            path,
            placeholder_lines[1] if len(placeholder_lines) > 1 else None,
            f"a query with parameters needs exactly one '#PARAMS' line, found {found}",
        )
    if len(placeholder_lines) > 1:
        raise InputError(path, placeholder_lines[1], "more than one '#PARAMS' line")

    return CannedQuery(
        name=Path(path).stem,
        title=fields["title"][1],
        description=fields["description"][1],
        params=tuple(declared),
        # Read-only: a parsed query is shared by every caller that asks for the same text.
        examples=tuple(MappingProxyType(example) for example in parsed_examples),
        text=text,
        path=Path(path),
        param_line=placeholder_lines[0] if placeholder_lines else None,
    )


def _parse_example(
    path: str | Path, number: int, value: str, params: list[Param]
) -> dict[str, str]:
    example: dict[str, str] = {}
    by_name = {p.name: p for p in params}
    for token in value.split():
        name, sep, arg = token.partition("=")
        if not sep or not name:
            raise InputError(path, number, f"example must be 'name=value' pairs, got {token!r}")
        if name not in by_name:
            valid = ", ".join(by_name) or "none"
            raise InputError(
                path, number, f"example uses undeclared parameter {name!r} (declared: {valid})"
            )
        try:
            to_value(by_name[name].type, arg)
        except ValueError as exc:
            raise InputError(path, number, f"example parameter {name!r} {exc}") from None
        example[name] = arg
    missing = [p.name for p in params if p.required and p.name not in example]
    if missing:
        raise InputError(path, number, f"example lacks required parameter {missing[0]!r}")
    return example


def list_queries(layout: Layout | None = None) -> list[CannedQuery]:
    """Every canned query of ``layout`` (default: the project), sorted by name.

    :raises InputError: for the first malformed file.
    """
    layout = layout or default_layout()
    return [parse_query_file(p) for p in sorted(layout.queries_dir.glob("*.rq"))]


def get_query(name: str, layout: Layout | None = None) -> CannedQuery:
    """The canned query called ``name``.

    :raises UnknownQueryError: suggesting close names, if there is none.
    """
    layout = layout or default_layout()
    path = layout.queries_dir / f"{name}.rq"
    if "/" not in name and "\\" not in name and path.is_file():
        return parse_query_file(path)
    names = [p.stem for p in sorted(layout.queries_dir.glob("*.rq"))]
    raise UnknownQueryError(name, difflib.get_close_matches(name, names, n=3, cutoff=0.5))


def bind_canned(query: CannedQuery, params: Mapping[str, object]) -> str:
    """The text of ``query`` with its declared parameters bound.

    A value of ``None`` counts as omitted.

    :raises ParameterError: for an unknown name (listing the valid ones), a missing
        required parameter, or a value of the wrong type, naming the parameter and query.
    """
    texts: dict[str, str] = {}
    for param, value in supplied(query, params).items():
        try:
            texts[param.name] = term_text(param.type, value)
        except ValueError as exc:
            raise ParameterError(
                f"parameter {param.name!r} of query {query.name!r} {exc}"
            ) from None
    return bind(query.text, texts)


def supplied(query: CannedQuery, params: Mapping[str, object]) -> dict[Param, object]:
    """The supplied parameters in declaration order, after checking names and presence.

    :raises ParameterError: for an unknown or a missing required parameter.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        valid = ", ".join(declared) if declared else "none"
        raise ParameterError(
            f"unknown parameter {unknown[0]!r} for query {query.name!r} (valid parameters: {valid})"
        )
    given = {k: v for k, v in params.items() if v is not None}
    missing = [p for p in query.params if p.required and p.name not in given]
    if missing:
        first = missing[0]
        raise ParameterError(
            f"query {query.name!r} needs parameter {first.name!r} ({first.type}): "
            f"{first.description}"
        )
    return {p: given[p.name] for p in query.params if p.name in given}
