"""Pausing Python's cyclic garbage collector while many acyclic objects are made.

Building a million rows of tuples or dicts sets off collections that walk every object
of the process (a loaded graph included) and can free none of the new objects, which
form no cycles. Both hot loops of the package that do this (converting query results,
handing a graph to pyshacl-turbo) run inside :func:`paused`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic collector in the block; re-enable it after if it was enabled."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
