"""A bounded memo of values made on first use (readings of questions, found actors)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class Kept(Generic[_K, _V]):
    """Up to ``size`` values by key, each made on first use; all forgotten at once when
    full (the few keys in use come back at once). ``size`` 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[_K, _V] = {}

    def get(self, key: _K, make: Callable[[], _V]) -> _V:
        try:
            return self._values[key]
        except KeyError:
            pass
        value = make()
        if self.size:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = value
        return value
