"""Every ``>>>`` example in the package's docstrings runs, and gives what it shows.

As pyoxigraph's ``python/tests/test_doc.py`` does: one test per module, collected
from the package itself, so an example cannot go stale unnoticed.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import balkan_kg

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(balkan_kg.__path__, prefix="balkan_kg.")
    if not info.name.endswith("__main__")
)


def test_the_package_has_examples() -> None:
    finder = doctest.DocTestFinder()
    examples = sum(
        len(test.examples)
        for name in MODULES
        for test in finder.find(importlib.import_module(name))
    )
    assert examples >= 10


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
