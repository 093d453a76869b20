"""The ``balkan-kg`` command line (``python -m balkan_kg`` is the same).

Exit codes come from the error raised (:mod:`balkan_kg.errors` has the table): 0
success; 1 the data is not publishable (validation, a quality check, an inconsistency)
or a lookup found nothing; 2 bad input or usage; 3 a store or a limit stopped the work;
70 an unexpected error, which is a bug. Expected errors print one line on standard
error (a report of the data's problems, exit 1, one line per problem), never a
traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from ..errors import EXIT_BUG, EXIT_OK, EXIT_USAGE, BalkanKGError
from .commands import HANDLERS
from .parser import PROG, make_parser

DEBUG_ENV = "BALKAN_KG_DEBUG"
"""Set to 1 to see the traceback of an unexpected error."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    # rdflib logs every literal it cannot read (an ill-typed "2009x"^^xsd:gYear) as a
    # warning with a traceback; the validation report names such a value properly.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        return HANDLERS[args.command](args)
    except BalkanKGError as exc:
        error(str(exc))
        return exc.exit_code
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): nothing more to say
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        error(
            f"unexpected {type(exc).__name__}: {exc} (a bug; set {DEBUG_ENV}=1 for the "
            "traceback and please report it)"
        )
        return EXIT_BUG


def error(message: str) -> None:
    """Print ``message`` as the command's error line on standard error."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
