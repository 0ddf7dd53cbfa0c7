"""Catalogs, databases, tables and columns of the live gateway, for completion, without ever waiting on it.

Every read returns what is cached right now (possibly nothing) and, when that is missing or stale, asks a single
background thread to fetch it; the next keystroke sees the answer. After DDL the shell calls `invalidate()`:
entries are kept (a stale list beats an empty menu) but refetched on next use. The cache knows nothing of the
gateway client: it is given a `query` callable that runs one statement (`SHOW TABLES FROM ...`, `DESCRIBE ...`)
and returns its rows, which keeps `completion/` testable with a plain function and the client free to choose its
session.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

Query = Callable[[str], "list[list[object]]"]


def quote_identifier(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@dataclass
class _Entry:
    value: object
    fetched_at: float
    stale: bool = False


@dataclass(frozen=True)
class Column:
    name: str
    type: str


class MetadataCache:
    """Cached metadata of the live gateway, fetched in the background.

    Keys: ("catalogs",), ("current",), ("databases", catalog), ("tables", catalog, database),
    ("columns", catalog, database, table).
    """

    def __init__(
        self,
        query: Query,
        *,
        ttl_seconds: float = 300.0,
        on_update: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._query = query
        self._ttl = ttl_seconds
        self._on_update = on_update
        self._clock = clock
        self._entries: dict[tuple[str, ...], _Entry] = {}
        self._pending: set[tuple[str, ...]] = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._queue: queue.Queue[tuple[str, ...] | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._closed = False
        self.errors = 0  # failed fetches, for diagnostics

    # ----------------------------------------------------------------------------------------------- reads

    def current(self) -> tuple[str | None, str | None]:
        """The session's current catalog and database (None until known)."""
        value = self._get(("current",))
        if isinstance(value, tuple) and len(value) == 2:
            return value[0], value[1]
        return None, None

    def catalogs(self) -> Sequence[str]:
        return self._names(("catalogs",))

    def databases(self, catalog: str | None = None) -> Sequence[str]:
        cat = catalog or self.current()[0]
        return self._names(("databases", cat)) if cat else ()

    def tables(self, catalog: str | None = None, database: str | None = None) -> Sequence[str]:
        cur_cat, cur_db = self.current()
        cat = catalog or cur_cat
        db = database or cur_db
        return self._names(("tables", cat, db)) if cat and db else ()

    def columns(self, name: tuple[str, ...]) -> Sequence[Column]:
        """Columns of a table named as written (`t`, `db.t` or `cat.db.t`)."""
        full = self.qualify(name)
        if full is None:
            return ()
        value = self._get(("columns", *full))
        return value if isinstance(value, tuple) else ()

    def qualify(self, name: tuple[str, ...]) -> tuple[str, str, str] | None:
        cur_cat, cur_db = self.current()
        if len(name) == 3:
            return name[0], name[1], name[2]
        if len(name) == 2 and cur_cat:
            return cur_cat, name[0], name[1]
        if len(name) == 1 and cur_cat and cur_db:
            return cur_cat, cur_db, name[0]
        return None

    def warm(self) -> None:
        """Start fetching what the first completions will need (current catalog/database and its tables)."""
        self.current()
        self.catalogs()
        self.tables()

    # ------------------------------------------------------------------------------------------ invalidation

    def invalidate(self) -> None:
        """After DDL (or USE): keep what is cached for display, but fetch everything again on next use."""
        with self._lock:
            for entry in self._entries.values():
                entry.stale = True
        self._schedule(("current",))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no fetch is pending (tests and the one-shot CLI use this; the REPL never does)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True

    def close(self) -> None:
        self._closed = True
        self._queue.put(None)

    # ------------------------------------------------------------------------------------------- internals

    def _names(self, key: tuple[str | None, ...]) -> Sequence[str]:
        """The cached tuple itself (not a copy): callers may cache what they derive from it by identity."""
        value = self._get(key)  # type: ignore[arg-type]
        return value if isinstance(value, tuple) else ()

    def _get(self, key: tuple[str, ...]) -> object:
        with self._lock:
            entry = self._entries.get(key)
            fresh = entry is not None and not entry.stale and self._clock() - entry.fetched_at < self._ttl
        if not fresh:
            self._schedule(key)
        return entry.value if entry is not None else None

    def _schedule(self, key: tuple[str, ...]) -> None:
        if self._closed:
            return
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="cdcshell-metadata", daemon=True)
                self._worker.start()
        self._queue.put(key)

    def _run(self) -> None:
        while True:
            key = self._queue.get()
            if key is None:
                return
            try:
                value = self._fetch(key)
            except Exception as e:  # a failed fetch must not kill completion: keep the old value
                self.errors += 1
                log.debug("metadata fetch %s failed: %s", key, e)
                value = None
            with self._idle:
                if value is not None:
                    self._entries[key] = _Entry(value, self._clock())
                elif key in self._entries:
                    self._entries[key].fetched_at = self._clock()
                    self._entries[key].stale = False
                self._pending.discard(key)
                self._idle.notify_all()
            if value is not None and self._on_update is not None:
                try:
                    self._on_update()
                except Exception as e:
                    log.debug("metadata on_update failed: %s", e)

    def _fetch(self, key: tuple[str, ...]) -> object:
        kind = key[0]
        if kind == "current":
            cat = _first_cell(self._query("SHOW CURRENT CATALOG"))
            db = _first_cell(self._query("SHOW CURRENT DATABASE"))
            return (cat, db)
        if kind == "catalogs":
            return _column(self._query("SHOW CATALOGS"))
        if kind == "databases":
            cat = key[1]
            try:
                return _column(self._query(f"SHOW DATABASES FROM {quote_identifier(cat)}"))
            except Exception:
                # SHOW DATABASES FROM is recent (1.20); older gateways only list the current catalog's
                if cat != self.current()[0]:
                    raise
                return _column(self._query("SHOW DATABASES"))
        if kind == "tables":
            cat, db = key[1], key[2]
            return _column(self._query(f"SHOW TABLES FROM {quote_identifier(cat)}.{quote_identifier(db)}"))
        if kind == "columns":
            name = ".".join(quote_identifier(p) for p in key[1:])
            rows = self._query(f"DESCRIBE {name}")
            return tuple(Column(str(r[0]), str(r[1]) if len(r) > 1 else "") for r in rows if r)
        raise ValueError(f"unknown metadata key {key!r}")


def _column(rows: list[list[object]]) -> tuple[str, ...]:
    return tuple(str(r[0]) for r in rows if r and r[0] is not None)


def _first_cell(rows: list[list[object]]) -> str | None:
    return str(rows[0][0]) if rows and rows[0] else None
