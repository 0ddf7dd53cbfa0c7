"""PostgreSQL access shared by `\\slots`, the postgres-cdc lint probe and the tutorials: one way to connect.

Every caller connects the same way — psycopg (an optional dependency, imported only here and only when a
connection is made), autocommit, a bounded connect timeout — and reports a failure as one line. The SQL that
concerns replication slots lives here too, rather than in a view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

DEFAULT_PORT = 5432
CONNECT_TIMEOUT = 5  # seconds: a database that does not answer in this time is reported, not waited for


@dataclass(frozen=True)
class PgTarget:
    """Where to connect: one database on one server, as one user."""

    host: str
    port: int
    database: str
    user: str
    password: str = field(default="", repr=False)

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}/{self.database}"

    def dsn(self) -> str:
        auth = quote(self.user, safe="") + (":" + quote(self.password, safe="") if self.password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(self.database, safe='')}"

    def params(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "dbname": self.database,
            "user": self.user,
            "password": self.password,
        }


def connect(target: PgTarget, *, timeout: float = CONNECT_TIMEOUT) -> Any:
    """An autocommit psycopg connection; ImportError when psycopg is not installed (`cdcshell[postgres]`)."""
    import psycopg

    return psycopg.connect(**target.params(), connect_timeout=max(int(timeout), 1), autocommit=True)


def error_line(exc: BaseException) -> str:
    """A driver error as one line (psycopg's messages run over several, with hints and context)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def drop_slot_sql(slot: str) -> str:
    """The statement that frees the WAL an abandoned replication slot holds."""
    return "SELECT pg_drop_replication_slot('" + slot.replace("'", "''") + "');"


@dataclass(frozen=True)
class ReplicationSlot:
    """One logical replication slot and the session tables that read from it."""

    database: str  # host:port/db the slot lives in
    slot_name: str
    plugin: str | None
    active: bool
    retained_bytes: int | None
    wal_status: str | None
    used_by: tuple[str, ...]  # session tables that read from this slot

    def drop_sql(self) -> str:
        return drop_slot_sql(self.slot_name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "slot": self.slot_name,
            "database": self.database,
            "active": self.active,
            "plugin": self.plugin,
            "retained_bytes": self.retained_bytes,
            "wal_status": self.wal_status,
            "used_by": list(self.used_by),
        }
