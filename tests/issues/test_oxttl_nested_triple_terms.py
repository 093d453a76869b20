"""pyoxigraph 0.5 (oxttl) overflows its stack on deeply nested RDF 1.2 triple terms.

Found with pyoxigraph 0.5.13: an N-Triples (or Turtle) line with about 20,000 triple
terms nested in each other (``<<( <a:s> <a:p> <<( ... )>> )>>``, 16 bytes a level)
kills the process with SIGSEGV, in ``parse`` and in ``Store.load`` alike; 15,000 still
parse on an 8 MiB stack. Nested blank nodes and collections do not crash (the parser
keeps them on the heap, about 550 bytes a level). The same limit made rio, oxttl's
predecessor, stop at 128 levels (oxigraph/rio issue 76: "the parser was crashing with
a stack overflow error when they were too many nested structures").

Workaround: the gate counts the brackets open at once before parsing (in N-Triples on
every line with ``<<``) and refuses more than ``max_nesting_depth`` (128).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from balkan_kg.errors import InputError
from balkan_kg.rdfio.gate import GateLimits, read_rdf

LEVELS = 100_000
LINE = b"<a:s> <a:p> " + b"<<( <a:s> <a:p> " * LEVELS + b"<a:o>" + b" )>>" * LEVELS + b" .\n"

CHILD = """\
import resource, sys
resource.setrlimit(resource.RLIMIT_STACK, (8 * 2**20, resource.RLIM_INFINITY))
import pyoxigraph
data = sys.stdin.buffer.read()
list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES))
"""


def test_upstream_crashes() -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD], input=LINE, capture_output=True, timeout=120
    )
    assert child.returncode == -signal.SIGSEGV


def test_the_gate_refuses_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "nested.nt"
    path.write_bytes(LINE)
    with pytest.raises(InputError) as refused:
        read_rdf(path, limits=GateLimits(max_line_bytes=2**22))  # no other limit in the way
    # Each "<<(" opens two brackets, so the 129th is the "<<" of the 65th level.
    assert (refused.value.line, refused.value.column) == (1, 13 + 64 * 16)
    assert refused.value.message.startswith("nesting deeper than max_nesting_depth = 128")
