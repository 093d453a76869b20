"""The package version, the single source of truth (pyproject.toml reads it from here).

Kept in a module of its own so that the version is known without importing
:mod:`importlib.metadata`, which would add tens of milliseconds to every command.
"""

__version__ = "0.1.0"
