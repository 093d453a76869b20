"""Small value classes without :mod:`dataclasses`.

:mod:`dataclasses` imports :mod:`inspect` (and with it :mod:`ast`, :mod:`dis`,
:mod:`tokenize`, ...) and generates each class's methods with ``exec``: about 10 ms
at start-up, which the command line's quick query path cannot afford. The classes it
reads (the query catalog, the layout, the build result and the query result) derive
from :class:`Record` or :class:`FrozenRecord` instead, which give what
``@dataclass`` and ``@dataclass(frozen=True)`` gave them: the fields are the class's
annotated names in order (those starting with ``_`` excepted), ``repr`` lists them,
equality compares them between instances of the same class, and a frozen record
refuses assignment and hashes its fields. Each class writes its own ``__init__``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from typing import ClassVar


class Record:
    """Fields, ``repr`` and equality of a mutable value class (``@dataclass``)."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()
    _not_compared: ClassVar[frozenset[str]] = frozenset()
    """Fields left out of equality and hashing (``field(compare=False)``)."""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        own = [name for name in cls.__dict__.get("__annotations__", {}) if name[0] != "_"]
        cls._fields = (*cls._fields, *own)
        cls._compared = tuple(n for n in cls._fields if n not in cls._not_compared)

    def _set(self, **values: object) -> None:
        """Set fields in ``__init__`` (also on a frozen record)."""
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable, as a non-frozen dataclass


class FrozenRecord(Record):
    """A :class:`Record` that refuses assignment and is hashable (``frozen=True``)."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:  # type: ignore[override]  # Record's is None (unhashable)
        return hash(self._key())
