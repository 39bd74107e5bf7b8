"""Provides Frozen, the base of the small immutable values a warm start's first frame
imports: compared, hashed, shown and replaced by their fields, like a frozen dataclass, with
no code generated when the class is defined.

A frozen dataclass compiles its methods (``__init__``, ``__eq__``, ``__hash__``,
``__repr__``, ``__setattr__``...) from generated source each time its module is imported:
about 5.5 million instructions a class, paid at every start by the classes the first
frame's modules define (docs/benchmarks.md, "Session 21: warm first rows, second pass").
A Frozen subclass names its fields in order in ``FIELDS``, takes them as its
``__slots__``, and writes its own ``__init__``, which sets them with
``object.__setattr__``; the rest is shared here.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

set_field = object.__setattr__
"""What a Frozen subclass's ``__init__`` sets each field with: ``object.__setattr__``, the
frozen ``__setattr__`` bypassed, looked up once here rather than at each call (for the
values made once a message: ``SourceItem``, ``Entry``)."""


class Frozen:
    """An immutable value made of the fields named in its class's ``__slots__``."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()
    """The fields, in the order of ``__init__``'s arguments."""

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def _replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (as ``dataclasses.replace``)."""
        unknown = set(changes) - set(self.FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(type(self))
        for name in self.FIELDS:
            object.__setattr__(copy, name, changes.get(name, getattr(self, name)))
        return copy

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is "
                             "frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        # pickle and copy: made again from the fields, in order (the frozen __setattr__
        # refuses the default way of restoring slots)
        return (type(self), self._values())
