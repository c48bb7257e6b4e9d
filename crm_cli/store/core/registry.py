"""Extension points: functions an upper layer adds for a lower one to call.

A lower layer must not import an upper one (customers never imports the pool), yet some
rules cross upwards: pool members see the open pool, a deal ends pool protection, sales
records keep a customer from being purged. The lower module owns a ``Registry`` and calls
whatever is in it; the upper domain adds its function in its ``wiring.py``, and
``store.domains.load()`` imports every wiring module before the store opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered set of extensions, added once each (a re-imported wiring adds nothing)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[T] = []

    def add(self, item: T) -> T:
        if item not in self._items:
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._items))

    def __len__(self) -> int:
        return len(self._items)
