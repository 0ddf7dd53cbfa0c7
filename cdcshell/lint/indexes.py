"""Indexes over the tables and jobs a script has defined so far, kept up to date as the script is read.

A rule that compares the current statement with every earlier table or job ("is this replication slot used by
another table?") costs O(n) per statement, O(n²) per script: a migration script with 10,000 CDC tables took
minutes. Such rules ask for an index instead (`ctx.tables.with_key(key_of, key)`, `ctx.earlier_jobs.first_with(keys_of)`),
built once on first use and then updated on every change, so each lookup is O(1).

The key functions are the rules' own (what makes two tables "the same slot" is the rule's knowledge); the
index only remembers, per key, the items in the order they were added.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

__all__ = ["IndexedJobs", "TableSet"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

KeyOf = Callable[[T], "Hashable | None"]
KeysOf = Callable[[T], Iterable[Hashable]]


class TableSet(dict[str, T], Generic[T]):
    """The tables by every name they can be found under (one table under several names), plus indexes by a
    derived key (each table counted once). Behaves as the plain dict it replaces."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._refs: dict[int, int] = {}
        for value in super().values():
            self._refs[id(value)] = self._refs.get(id(value), 0) + 1
        self._indexes: dict[KeyOf[T], dict[Hashable, dict[int, T]]] = {}

    # --- keeping the indexes in step ---------------------------------------------------------------------------

    def _added(self, value: T) -> None:
        count = self._refs.get(id(value), 0)
        self._refs[id(value)] = count + 1
        if count == 0:
            for key_of, index in self._indexes.items():
                key = key_of(value)
                if key is not None:
                    index.setdefault(key, {})[id(value)] = value

    def _removed(self, value: T) -> None:
        count = self._refs.get(id(value), 0) - 1
        if count > 0:
            self._refs[id(value)] = count
            return
        self._refs.pop(id(value), None)
        for key_of, index in self._indexes.items():
            key = key_of(value)
            bucket = index.get(key) if key is not None else None
            if bucket is not None:
                bucket.pop(id(value), None)
                if not bucket:
                    del index[key]

    def __setitem__(self, name: str, value: T) -> None:
        old = self.get(name)
        if old is value:
            return
        super().__setitem__(name, value)
        self._added(value)
        if old is not None:
            self._removed(old)

    def __delitem__(self, name: str) -> None:
        old = self[name]
        super().__delitem__(name)
        self._removed(old)

    def pop(self, name: str, *default: T | None) -> T | None:  # type: ignore[override]
        if name not in self:
            if default:
                return default[0]
            raise KeyError(name)
        old = super().pop(name)
        self._removed(old)
        return old

    def copy(self) -> TableSet[T]:
        other: TableSet[T] = TableSet(self)
        other._indexes = {f: {k: dict(b) for k, b in index.items()} for f, index in self._indexes.items()}
        return other

    # --- lookups ----------------------------------------------------------------------------------------------

    def with_key(self, key_of: KeyOf[T], key: Hashable) -> list[T]:
        """The tables whose `key_of(table)` is `key`, each once, in the order they were added. The index behind
        it is built on first use and kept up to date; pass the same function object every time (it names the
        index)."""
        index = self._indexes.get(key_of)
        if index is None:
            index = {}
            seen: set[int] = set()
            for value in super().values():
                if id(value) in seen:
                    continue
                seen.add(id(value))
                k = key_of(value)
                if k is not None:
                    index.setdefault(k, {})[id(value)] = value
            self._indexes[key_of] = index
        bucket = index.get(key)
        return list(bucket.values()) if bucket else []


class IndexedJobs(list[T], Generic[T]):
    """The jobs submitted so far, in order, plus indexes from a derived key to the position of the first job
    that has it. Jobs are only ever appended."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        super().__init__(items)
        self._indexes: dict[KeysOf[T], dict[Hashable, int]] = {}

    def append(self, item: T) -> None:
        super().append(item)
        position = len(self) - 1
        for keys_of, index in self._indexes.items():
            for key in keys_of(item):
                index.setdefault(key, position)

    def copy(self) -> IndexedJobs[T]:
        other: IndexedJobs[T] = IndexedJobs(self)
        other._indexes = {f: dict(index) for f, index in self._indexes.items()}
        return other

    def first_with(self, keys_of: KeysOf[T]) -> dict[Hashable, int]:
        """Key → position of the first job with that key. Pass the same function object every time."""
        index = self._indexes.get(keys_of)
        if index is None:
            index = {}
            for position, item in enumerate(self):
                for key in keys_of(item):
                    index.setdefault(key, position)
            self._indexes[keys_of] = index
        return index
