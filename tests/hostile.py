"""A corpus of hostile and broken RDF inputs, made at test time, and a runner that reads
each one through the gate in a child process held to 2 s of CPU and 500 MB.

Every case is a kind of input in three sizes (``small``, ``medium``, ``large``; the
large one chosen so that it would hurt a naive parser) with the outcome worked out from
the input itself: accepted with so many triples, or refused at such a line and column
with such a message. Nothing is written to the repository; :func:`Case.make` writes
into a temporary folder.

The child (:data:`CHILD`) sets ``RLIMIT_CPU`` and ``RLIMIT_AS`` before it imports
anything, records every file opened and every network call made through Python while
:func:`~balkan_kg.rdfio.gate.read_rdf` runs (an audit hook), and prints one JSON line.
A child that runs over its CPU time is killed by the kernel, one that runs out of
memory dies or prints a traceback: either fails the test, and so does anything written
to standard error.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CPU_SECONDS = 2
MEMORY_BYTES = 500 * 1024 * 1024
HANG_SECONDS = 120  # wall clock, only against a child that waits for ever

PREAMBLE = """\
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[1]), int(sys.argv[1]) + 1))
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
"""

CHILD = (
    PREAMBLE
    + """\
import json, os
import pyoxigraph  # loaded before the recording starts: its files are not the input
from balkan_kg.errors import InputError
from balkan_kg.rdfio.gate import GateLimits, read_rdf

opened, network, recording = [], [], False
NETWORK = ("socket.", "http.", "urllib.", "ftplib.", "smtplib.", "webbrowser.")

def audit(event, args):
    if not recording:
        return
    if event == "open":
        name = args[0]
        opened.append(os.fsdecode(name) if isinstance(name, (str, bytes, os.PathLike))
                      else repr(name))
    elif event.startswith(NETWORK):
        network.append(event)

sys.addaudithook(audit)
path, limits = sys.argv[3], GateLimits(**json.loads(sys.argv[4]))
recording = True
try:
    document = read_rdf(path, limits=limits)
    result = {"triples": len(document.triples)}
except InputError as error:
    result = {"error": str(error), "line": error.line, "column": error.column,
              "message": error.message}
recording = False
result.update(opened=opened, network=network)
sys.stdout.write(json.dumps(result))
"""
)


def run_limited(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (which starts with :data:`PREAMBLE`) in a child under the limits.

    :raises AssertionError: if the child is still running after ``HANG_SECONDS``.
    """
    command = [sys.executable, "-c", code, str(CPU_SECONDS), str(MEMORY_BYTES), *args]
    env = {"BALKAN_KG_HOSTILE": "1", **os.environ}
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=HANG_SECONDS, env=env
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the child hung for {HANG_SECONDS} s of wall-clock time") from None


def why_it_failed(process: subprocess.CompletedProcess[str]) -> str:
    code = process.returncode
    if code < 0:
        name = signal.Signals(-code).name
        meaning = {
            "SIGXCPU": f"over {CPU_SECONDS} s of CPU",
            "SIGKILL": "killed, out of memory or time",
            "SIGABRT": "aborted, an allocation over the memory limit?",
            "SIGSEGV": "crashed",
        }.get(name, "killed")
        return f"child killed by {name} ({meaning}); stderr: {process.stderr[-2000:]}"
    return f"child exited {code}; stderr: {process.stderr[-2000:]}"


def run_gate(path: Path, limits: dict[str, int]) -> dict[str, Any]:
    """Read ``path`` through the gate in a limited child; its JSON result.

    :raises AssertionError: if the child failed in any way or wrote to standard error.
    """
    process = run_limited(CHILD, str(path), json.dumps(limits))
    assert process.returncode == 0, why_it_failed(process)
    assert process.stderr == "", f"the child wrote to stderr: {process.stderr[-2000:]}"
    result: dict[str, Any] = json.loads(process.stdout)
    return result


# -- expected outcomes -----------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    """The gate returns exactly ``triples`` triples."""

    triples: int


@dataclass(frozen=True)
class Refused:
    """The gate raises an ``InputError`` at ``line`` and ``column`` (``None``: no
    position) whose message starts with ``message``."""

    line: int | None
    column: int | None
    message: str


@dataclass(frozen=True)
class Env:
    """Where a case writes its file, and the port nothing may connect to."""

    folder: Path
    port: int


@dataclass(frozen=True)
class Case:
    """One input: ``make`` writes it and returns its path and the expected outcome."""

    kind: str
    size: str
    make: Callable[[Env], tuple[Path, Accepted | Refused]]
    limits: dict[str, int] = field(default_factory=dict)
    read: bool = True  # whether the gate should open the file at all

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.size}"


SIZES = ("small", "medium", "large")
AFTER = {"small": 0, "medium": 1_000, "large": 50_000}  # good lines before a bad one
EX = "http://ex.org/"
SYNTAX = "syntax error: "
NESTING = "nesting deeper than max_nesting_depth = "
RDF12 = "RDF 1.2 triple term, reified triple, reifier or annotation"
NOT_READ = "not a regular file; it was not read"


def good_lines(count: int) -> str:
    """``count`` distinct triples, one a line."""
    return "".join(f"<{EX}s{i}> <{EX}p> <{EX}o{i}> .\n" for i in range(count))


def write(env: Env, name: str, content: str | bytes) -> Path:
    path = env.folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def after_good_lines(
    name: str, size: str, bad: str | bytes, construct: str | bytes, message: str
) -> Callable[[Env], tuple[Path, Refused]]:
    """A file of good lines and then the line ``bad``, refused at ``construct`` in it."""

    def make(env: Env) -> tuple[Path, Refused]:
        head = good_lines(AFTER[size]).encode()
        line = bad.encode() if isinstance(bad, str) else bad
        mark = construct.encode() if isinstance(construct, str) else construct
        path = write(env, name, head + line)
        column = len(line[: line.index(mark)].decode("utf-8")) + 1
        return path, Refused(AFTER[size] + 1, column, message)

    return make


CASES: list[Case] = []


Make = Callable[[Env], tuple[Path, Accepted | Refused]]


def case(
    kind: str, size: str, limits: dict[str, int] | None = None, read: bool = True
) -> Callable[[Make], None]:
    """Register the case that ``make`` (the decorated function) writes."""

    def register(make: Make) -> None:
        CASES.append(Case(kind, size, make, limits or {}, read))

    return register


# -- deep nesting: pyoxigraph keeps ~550 bytes per open level (10^6: 500 MB); rdflib's
# -- parser and Turtle writer recurse (RecursionError near 200 and 300 levels).

SUBJECT = f"<{EX}s> <{EX}p> "


def nesting(opening: str, closing: str, depth: int, per_level: int):
    """One opening bracket a line (so that no line is long), ``depth`` of them."""

    def make(env: Env) -> tuple[Path, Accepted | Refused]:
        text = SUBJECT + "\n" + (opening + "\n") * depth + "<o>\n" + (closing + "\n") * depth
        path = write(env, "n.ttl", text + ".\n")
        if depth <= 128:
            return path, Accepted(1 + depth * per_level)
        return path, Refused(2 + 128, 1, NESTING + "128")  # the 129th opening line

    return make


for _size, _depth in zip(SIZES, (10, 128, 400_000), strict=True):
    case("deep-blank-nodes", _size)(nesting("[ <p>", "]", _depth, 1))
    case("deep-collections", _size)(nesting("(", ")", _depth, 2))


def nested_triple_terms(depth: int):
    """N-Triples 1.2 triple terms inside each other; 20,000 deep crash pyoxigraph 0.5."""
    level = "<<( <a:s> <a:p> "

    def make(env: Env) -> tuple[Path, Refused]:
        path = write(env, "t.nt", SUBJECT + level * depth + "<a:o>" + " )>>" * depth + " .\n")
        if 2 * depth <= 128:  # each <<( opens two brackets, << and (
            return path, Refused(1, len(SUBJECT) + 1, RDF12)
        return path, Refused(1, len(SUBJECT) + 64 * len(level) + 1, NESTING + "128")

    return make


for _size, _depth in zip(SIZES, (1, 64, 20_000), strict=True):
    case("deep-triple-terms", _size)(nested_triple_terms(_depth))


# -- huge literals and lines -----------------------------------------------------------


def literal(chars: int, long: bool):
    def make(env: Env) -> tuple[Path, Accepted | Refused]:
        if long:  # a long string over lines of 1,000 characters (line breaks included)
            body = ("x" * 999 + "\n") * (chars // 1000) + "y" * (chars % 1000)
            text = SUBJECT + '"""' + body + '""" .\n'
        else:
            text = SUBJECT + '"' + "x" * chars + '" .\n'
        path = write(env, "l.ttl", text)
        if chars <= 2**20:
            return path, Accepted(1)
        return path, Refused(1, len(SUBJECT) + 1, "literal longer than max_literal_chars = ")

    return make


case("huge-literal", "small")(literal(1024, long=False))
case("huge-literal", "medium")(literal(1_000_000, long=False))
case("huge-literal", "large")(literal(3 * 2**20, long=True))


def one_line(triples: int):
    def make(env: Env) -> tuple[Path, Accepted | Refused]:
        line = "".join(f"<a:s> <a:p> <a:o{i}> . " for i in range(triples))
        path = write(env, "w.ttl", line + "\n")
        if len(line) <= 2**20:
            return path, Accepted(triples)
        return path, Refused(1, 2**20 + 1, "line longer than max_line_bytes = 1048576")

    return make


case("huge-line", "small")(one_line(40))  # 1 KB
case("huge-line", "medium")(one_line(40_000))  # 1.0 MB, just under the limit
case("huge-line", "large")(one_line(150_000))  # 3.8 MB


def prefixes(count: int):
    def make(env: Env) -> tuple[Path, Accepted | Refused]:
        lines = "".join(f"@prefix p{i}: <a:{i}#> .\n" for i in range(count))
        path = write(env, "p.ttl", lines + "p0:s p0:p p0:o .\n")
        if count <= 1000:
            return path, Accepted(1)
        return path, Refused(1001, 1, "more than max_prefixes = 1000 prefixes declared")

    return make


for _size, _count in zip(SIZES, (10, 1000, 120_000), strict=True):  # rdflib: 20,000 take 17 s
    case("many-prefixes", _size)(prefixes(_count))


# -- encodings -------------------------------------------------------------------------

for _size in SIZES:
    case("latin-1", _size)(
        after_good_lines(
            "l1.ttl",
            _size,
            f'<{EX}s> <{EX}p> "caf'.encode() + b'\xe9" .\n',
            b"\xe9",
            "invalid UTF-8, byte 0xE9: invalid continuation byte",  # 0xE9 then '"'
        )
    )


def utf16(lines: int, encoding: str, message: str):
    def make(env: Env) -> tuple[Path, Refused]:
        path = write(env, "u.ttl", good_lines(lines).encode(encoding))
        return path, Refused(1, 1, message)

    return make


case("utf-16", "small")(utf16(1, "utf-16", "the file starts with a UTF-16 byte order mark"))
case("utf-16", "medium")(utf16(1000, "utf-32", "the file starts with a UTF-32 byte order mark"))
case("utf-16", "large")(utf16(30_000, "utf-16-le", SYNTAX))  # 3.2 MB, no BOM: "<", then NUL

for _size, _bytes in zip(SIZES, (b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf0\x80\x80\xaf"), strict=True):
    _reason = "invalid start byte" if _bytes[0] == 0xC0 else "invalid continuation byte"
    case("overlong-utf-8", _size)(  # "/" in two, three and four bytes
        after_good_lines(
            "o.ttl",
            _size,
            f"<{EX}s> <{EX}p> <{EX}a".encode() + _bytes + b"> .\n",
            _bytes,
            f"invalid UTF-8, byte 0x{_bytes[0]:02X}: {_reason}",
        )
    )

case("surrogates", "small")(
    after_good_lines("s.ttl", "small", f'{SUBJECT}"\\uD800" .\n', "\\uD800", SYNTAX)
)
case("surrogates", "medium")(
    after_good_lines("s.ttl", "medium", f"{SUBJECT}<{EX}\\uDFFF> .\n", "\\uDFFF", SYNTAX)
)
case("surrogates", "large")(  # U+D800 encoded in UTF-8 (CESU-8)
    after_good_lines(
        "s.ttl",
        "large",
        SUBJECT.encode() + b'"\xed\xa0\x80" .\n',
        b"\xed",
        "invalid UTF-8, byte 0xED: invalid continuation byte",
    )
)


def bom(size: str):
    def make(env: Env) -> tuple[Path, Refused]:
        path = write(env, "b.ttl", b"\xef\xbb\xbf" + good_lines(AFTER[size] + 1).encode())
        return path, Refused(1, 1, "the file starts with a UTF-8 byte order mark (U+FEFF)")

    return make


for _size in SIZES:
    case("byte-order-mark", _size)(bom(_size))

case("nul", "small")(after_good_lines("z.ttl", "small", "\x00\n", "\x00", SYNTAX))


@case("nul", "medium")
def _nul_in_literals(env: Env) -> tuple[Path, Accepted]:
    """The grammar allows a raw NUL in a literal (as the W3C suite's LITERAL1_all_controls
    does), and in a comment."""
    lines = "".join(f'<{EX}s> <{EX}p> "a\x00{i}" . # \x00\n' for i in range(1000))
    return write(env, "z.ttl", lines), Accepted(1000)


case("nul", "large")(
    after_good_lines("z.ttl", "large", f"{SUBJECT}<{EX}a\x00b> .\n", f"<{EX}a", SYNTAX)
)


# -- files that are not files ----------------------------------------------------------


def special(name: str, target: Callable[[Env], Path] | str, kind: str):
    def make(env: Env) -> tuple[Path, Refused]:
        path = env.folder / name
        if isinstance(target, str):
            path.symlink_to(target)
        else:
            made = target(env)
            if made != path:
                path.symlink_to(made)
        return path, Refused(None, None, f"is {kind}, {NOT_READ}")

    return make


def fifo(name: str) -> Callable[[Env], Path]:
    def make(env: Env) -> Path:
        os.mkfifo(env.folder / name)
        return env.folder / name

    return make


def folder(name: str, files: int) -> Callable[[Env], Path]:
    def make(env: Env) -> Path:
        (env.folder / name).mkdir()
        for i in range(files):
            (env.folder / name / f"{i}.ttl").write_text(good_lines(1))
        return env.folder / name

    return make


FIFO = "a named pipe (FIFO)"
case("fifo", "small", read=False)(special("f.ttl", fifo("f.ttl"), FIFO))
case("fifo", "medium", read=False)(special("f.nt", fifo("f.nt"), FIFO))
case("fifo", "large", read=False)(special("link.ttl", fifo("real-fifo"), FIFO))
DEVICE = "a character device"
case("device", "small", read=False)(special("null.ttl", "/dev/null", DEVICE))
case("device", "medium", read=False)(special("zero.ttl", "/dev/zero", DEVICE))
case("device", "large", read=False)(special("urandom.nt", "/dev/urandom", DEVICE))
DIRECTORY = "a directory"
case("directory", "small", read=False)(special("d.ttl", folder("d.ttl", 0), DIRECTORY))
case("directory", "medium", read=False)(special("d.ttl", folder("d.ttl", 1000), DIRECTORY))
case("directory", "large", read=False)(special("root.ttl", "/", DIRECTORY))


def proc(name: str, expected: Refused):
    def make(env: Env) -> tuple[Path, Refused]:
        (env.folder / "p.ttl").symlink_to(f"/proc/self/{name}")  # the child's own
        return env.folder / "p.ttl", expected

    return make


case("proc-file", "small")(proc("status", Refused(1, 1, SYNTAX + "The prefix Name:")))
case("proc-file", "medium")(  # the child's environment starts with this variable
    proc("environ", Refused(1, 1, SYNTAX + "BALKAN_KG_HOSTILE is not a valid subject"))
)
case("proc-file", "large", limits={"max_file_bytes": 1000})(  # size 0, more when read
    proc("maps", Refused(None, None, "file larger than max_file_bytes = 1000 bytes"))
)


# -- other formats, and what they could fetch ------------------------------------------


def billion_laughs(levels: int, port: int, external: bool) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels + 1)
    ]
    if external:
        entities.append(f'<!ENTITY remote SYSTEM "http://127.0.0.1:{port}/entity">')
    dtd = f' SYSTEM "http://127.0.0.1:{port}/rdf.dtd"' if external else ""
    return (
        '<?xml version="1.0"?>\n'
        f"<!DOCTYPE rdf:RDF{dtd} [\n" + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://ex.org/">\n'
        f'  <rdf:Description rdf:about="http://ex.org/s"><ex:p>&lol{levels};'
        + ("&remote;" if external else "")
        + "</ex:p></rdf:Description>\n</rdf:RDF>\n"
    )


def other_format(name: str, content: Callable[[int], str], expected: Refused):
    def make(env: Env) -> tuple[Path, Refused]:
        return write(env, name, content(env.port)), expected

    return make


RDF_XML = Refused(None, None, "RDF/XML is not read: ")
JSON_LD = Refused(None, None, "JSON-LD is not read: ")
case("entity-expansion", "small", read=False)(
    other_format("laughs.rdf", lambda port: billion_laughs(3, port, False), RDF_XML)
)
case("entity-expansion", "medium", read=False)(
    other_format("laughs.owl", lambda port: billion_laughs(10, port, True), RDF_XML)
)
case("entity-expansion", "large")(  # the same named .ttl: Turtle at its first line
    other_format("laughs.ttl", lambda port: billion_laughs(30, port, True), Refused(1, 1, SYNTAX))
)


def json_ld(context: str, nodes: int) -> str:
    graph = [{"@id": f"{EX}s{i}", f"{EX}p": {"@id": f"{EX}o{i}"}} for i in range(nodes)]
    return json.dumps({"@context": context, "@graph": graph}, indent=1)


case("json-ld-context", "small", read=False)(
    other_format("c.jsonld", lambda port: json_ld(f"http://127.0.0.1:{port}/c.jsonld", 1), JSON_LD)
)
case("json-ld-context", "medium", read=False)(
    other_format("c.json", lambda port: json_ld("file:///etc/passwd", 1000), JSON_LD)
)
case("json-ld-context", "large")(
    other_format(
        "c.ttl",
        lambda port: json_ld(f"http://127.0.0.1:{port}/c.jsonld", 20_000),
        Refused(1, 1, SYNTAX + "{ is not a valid subject"),
    )
)


def imports(count: int):
    """Valid Turtle whose owl:imports name the listening port: read, never fetched."""

    def make(env: Env) -> tuple[Path, Accepted]:
        lines = "".join(
            f"<{EX}o{i}> owl:imports <http://127.0.0.1:{env.port}/x{i}> .\n" for i in range(count)
        )
        prefix = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        return write(env, "i.ttl", prefix + lines), Accepted(count)

    return make


for _size, _count in zip(SIZES, (1, 1000, 50_000), strict=True):
    case("owl-imports", _size)(imports(_count))


# -- syntax that rdflib let through or crashed on --------------------------------------

case("bad-iri", "small")(  # a space
    after_good_lines("i.ttl", "small", f"<{EX}a b> <{EX}p> <{EX}o> .\n", f"<{EX}a b>", SYNTAX)
)
case("bad-iri", "medium")(  # NUL, escaped
    after_good_lines("i.ttl", "medium", f"{SUBJECT}<{EX}\\u0000> .\n", f"<{EX}\\", SYNTAX)
)
case("bad-iri", "large")(  # '>', escaped
    after_good_lines("i.ttl", "large", f"{SUBJECT}<{EX}\\u003E> .\n", f"<{EX}\\", SYNTAX)
)
for _size in SIZES:
    case("literal-subject", _size)(
        after_good_lines("l.ttl", _size, f'"x" <{EX}p> <{EX}o> .\n', '"x"', SYNTAX)
    )
case("n3-rules", "small")(
    after_good_lines("n.ttl", "small", "{ <a> <b> <c> } => { <a> <b> <d> } .\n", "{", SYNTAX)
)
case("n3-rules", "medium")(
    after_good_lines("n.ttl", "medium", "@forAll <x> .\n", "@forAll", SYNTAX)
)
case("n3-rules", "large")(after_good_lines("n.ttl", "large", "<a> => <b> .\n", "=>", SYNTAX))
case("rdf-star", "small")(
    after_good_lines("r.ttl", "small", f"<< <a> <b> <c> >> <{EX}p> <{EX}o> .\n", "<<", RDF12)
)
case("rdf-star", "medium")(
    after_good_lines("r.ttl", "medium", f"<a> <b> <c> {{| <{EX}p> <{EX}o> |}} .\n", "{|", RDF12)
)
case("rdf-star", "large")(after_good_lines("r.ttl", "large", "<a> <b> <c> ~ <r> .\n", "~", RDF12))
for _size in SIZES:
    case("language-direction", _size)(
        after_good_lines(
            "d.nt", _size, f'{SUBJECT}"x"@ar--rtl .\n', "@", "RDF 1.2 language direction"
        )
    )
case("truncated", "small")(after_good_lines("t.ttl", "small", f'{SUBJECT}"abc', '"', SYNTAX))
case("truncated", "medium")(
    after_good_lines("t.ttl", "medium", f"{SUBJECT}<a:cut", "<a:cut", SYNTAX)
)


@case("truncated", "large")
def _truncated_after_predicate(env: Env) -> tuple[Path, Refused]:
    path = write(env, "t.ttl", good_lines(AFTER["large"]) + SUBJECT)
    return path, Refused(AFTER["large"] + 1, len(SUBJECT) + 1, SYNTAX + "Unexpected end")


# -- within the limits, the most work they allow ---------------------------------------


def many_triples(count: int):
    def make(env: Env) -> tuple[Path, Accepted]:
        lines = "".join(f"<a:s{i}> <a:p> <a:o{i}> .\n" for i in range(count))  # 2.7 MB
        return write(env, "m.nt", lines), Accepted(count)

    return make


for _size, _count in zip(SIZES, (1000, 10_000, 100_000), strict=True):
    case("many-triples", _size)(many_triples(_count))


def flood(unit: str, nbytes: int):
    """``nbytes`` bytes in all: ``unit`` repeated, then one triple."""

    def make(env: Env) -> tuple[Path, Accepted]:
        last = f"<{EX}s> <{EX}p> <{EX}o> .\n"
        body = unit * ((nbytes - len(last)) // len(unit))
        text = body + " " * (nbytes - len(last) - len(body)) + last
        return write(env, "f.ttl", text), Accepted(1)

    return make


case("whitespace-flood", "small")(flood("\n", 2**20))
case("whitespace-flood", "medium")(flood(" " * 99 + "\n", 4 * 2**20))
case("whitespace-flood", "large")(flood("\n", 4 * 2**20))  # pyoxigraph's slowest byte


# -- what costs the gate's own scans most: unterminated strings, tiny tokens, brackets --


@case("lexer-worst-case", "small")
def _angle_brackets(env: Env) -> tuple[Path, Refused]:
    """500 "<<" on one line, each an opening bracket: the 129th starts at column 257."""
    return write(env, "x.ttl", "<" * 1000 + "\n"), Refused(1, 2 * 128 + 1, NESTING + "128")


case("lexer-worst-case", "medium")(  # a string of 400,000 escaped quotes, never closed
    after_good_lines(
        "x.ttl", "medium", '<a:s> <a:p> "' + '\\"' * 400_000 + "\n", '"', SYNTAX + "Unexpected"
    )
)
case("lexer-worst-case", "large")(  # a long string never closed, 0.8 MB of quote pairs
    after_good_lines(
        "x.ttl", "large", "<a:s> <a:p> '''" + ("x'' " * 25 + "\n") * 8_000, "'''", SYNTAX
    )
)


def token_flood(line: str, lines: int):
    """Many short tokens a line, more triples than ``max_triples`` in all."""

    def make(env: Env) -> tuple[Path, Refused]:
        path = write(env, "t.ttl", line * lines)
        return path, Refused(None, None, "more than max_triples = 100000 triples")

    return make


case("token-flood", "small")(token_flood("<a:s> <a:p> " + "<a:o>," * 16 + "<a:o> .\n", 35_000))
case("token-flood", "medium")(token_flood("<a:s> <a:p> " + '"",' * 33 + '"" .\n', 35_000))
case("token-flood", "large")(token_flood("[] <a:p> [ <a:q> ( <a:o> ) ] .\n", 125_000))


def bracket_flood(unit: str, per_line: int, nbytes: int, column: int):
    """Lines of ``unit`` up to ``nbytes``: as many brackets for the gate to count as a file
    may hold, and a syntax error at ``column`` of the first line, where the grammar
    wants a predicate (``[][]``, ``[ "" ]``) or a subject (``<<>>``)."""

    def make(env: Env) -> tuple[Path, Refused]:
        line = unit * per_line + "\n"
        return write(env, "b.ttl", line * (nbytes // len(line))), Refused(1, column, SYNTAX)

    return make


case("bracket-flood", "small")(bracket_flood("[]", 500, 2**20, 3))
case("bracket-flood", "medium")(bracket_flood("<<>>", 250, 4 * 2**20, 3))
case("bracket-flood", "large")(bracket_flood('[ "" ] ', 140, 4 * 2**20, 3))

# -- each limit: exceeded by one, and met exactly --------------------------------------


def exactly(nbytes: int) -> tuple[str, int]:
    """Whole good lines padded with spaces to ``nbytes`` bytes, and their count."""
    lines = good_lines(nbytes // 40).splitlines(keepends=True)
    count = len(good_lines(nbytes)[:nbytes].splitlines()) - 1  # the last one is cut
    text = "".join(lines[:count])
    return text + " " * (nbytes - len(text)), count


@case("max-file-bytes", "small", limits={"max_file_bytes": 1000}, read=False)
def _file_over(env: Env) -> tuple[Path, Refused]:
    text, _ = exactly(1001)
    return write(env, "s.ttl", text), Refused(None, None, "file larger than max_file_bytes = 1000")


@case("max-file-bytes", "medium", limits={"max_file_bytes": 1000})
def _file_at(env: Env) -> tuple[Path, Accepted]:
    text, count = exactly(1000)
    return write(env, "s.ttl", text), Accepted(count)


@case("max-file-bytes", "large", read=False)
def _file_sparse(env: Env) -> tuple[Path, Refused]:
    path = env.folder / "s.ttl"
    with path.open("wb") as file:
        file.truncate(4 * 2**20 + 1)  # sparse: no disk used, refused by its size
    return path, Refused(None, None, "file larger than max_file_bytes = 4194304 bytes")


def line_of(length: int) -> str:
    head = '<a:s> <a:p> "'
    return head + "x" * (length - len(head) - 3) + '" .'


@case("max-line-bytes", "small", limits={"max_line_bytes": 100})
def _line_small(env: Env) -> tuple[Path, Refused]:
    return write(env, "w.ttl", line_of(101)), Refused(1, 101, "line longer than max_line_bytes")


@case("max-line-bytes", "medium")
def _line_at(env: Env) -> tuple[Path, Accepted]:
    return write(env, "w.ttl", line_of(2**20) + "\n"), Accepted(1)


@case("max-line-bytes", "large")
def _line_over(env: Env) -> tuple[Path, Refused]:
    path = write(env, "w.ttl", "\n" + line_of(2**20 + 1))
    return path, Refused(2, 2**20 + 1, "line longer than max_line_bytes = 1048576")


case("max-literal-chars", "small", limits={"max_literal_chars": 100})(
    after_good_lines(
        "l.ttl", "small", f'{SUBJECT}"{"x" * 101}" .\n', '"', "literal longer than max_literal"
    )
)
case("max-literal-chars", "medium")(literal(2**20, long=True))
case("max-literal-chars", "large")(literal(2**20 + 1, long=True))


@case("max-prefixes", "small", limits={"max_prefixes": 10})
def _prefixes_small(env: Env) -> tuple[Path, Refused]:
    lines = "".join(f"PREFIX p{i}: <a:{i}#>\n" for i in range(11))
    return write(env, "p.ttl", lines), Refused(11, 1, "more than max_prefixes = 10 prefixes")


case("max-prefixes", "medium")(prefixes(1000))
case("max-prefixes", "large")(prefixes(1001))


@case("max-nesting-depth", "small", limits={"max_nesting_depth": 5})
def _nesting_small(env: Env) -> tuple[Path, Refused]:
    level = "( [ <p> "  # two brackets a level: the sixth is the "[" of the third level
    text = SUBJECT + level * 3 + "<o>" + " ] )" * 3 + " .\n"
    column = len(SUBJECT) + 2 * len(level) + len("( ") + 1
    return write(env, "n.ttl", text), Refused(1, column, NESTING + "5 ")


case("max-nesting-depth", "medium")(nesting("[ <p>", "]", 128, 1))
case("max-nesting-depth", "large")(nesting("[ <p>", "]", 129, 1))


def objects(count: int, expected: Accepted | Refused):
    """One subject and predicate, ``count`` objects: 3 bytes a triple."""

    def make(env: Env) -> tuple[Path, Accepted | Refused]:
        text = "@prefix : <a:> .\n:s :p " + ",".join(f":{i}" for i in range(count)) + " .\n"
        return write(env, "o.ttl", text), expected

    return make


case("max-triples", "small", limits={"max_triples": 10})(
    objects(11, Refused(None, None, "more than max_triples = 10 triples"))
)
case("max-triples", "medium")(objects(100_000, Accepted(100_000)))
case("max-triples", "large")(
    objects(100_001, Refused(None, None, "more than max_triples = 100000 triples"))
)
