"""The tutorial's own corner of the demo database: two tables, a publication, a replication slot.

A tutorial must be repeatable on an attendee's laptop — run it twice, run the other one in between — so it
prepares tables of its own (named by the tutorial's prefix) instead of touching the demo schema, and it removes
what an earlier run left behind, the replication slot above all: a forgotten slot keeps WAL forever. The checks
read the tables directly, because "nothing lost or duplicated" is a statement about the database, not about
what Flink says.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from cdcshell.i18n import t
from cdcshell.pg import PgTarget
from cdcshell.tutorials.model import TutorialError

CONNECT_TIMEOUT = 5
SEED_ROWS: tuple[tuple[int, str, int], ...] = (
    (1, "keyboard", 1),
    (2, "monitor", 2),
    (3, "notebook", 5),
    (4, "mouse", 1),
    (5, "webcam", 3),
)
NEW_ROWS: tuple[tuple[int, str, int], ...] = ((6, "headset", 2), (7, "desk lamp", 1), (8, "usb cable", 4))


@dataclass(frozen=True)
class TutorialDatabase(PgTarget):
    """The demo database a tutorial works in: where to connect (`PgTarget`) and what to do there."""

    @classmethod
    def from_dsn(cls, dsn: str) -> TutorialDatabase:
        parts = urlsplit(dsn)
        if parts.scheme not in ("postgresql", "postgres") or not parts.hostname or not parts.path.strip("/"):
            from cdcshell.redact import redact_url

            raise TutorialError(t("tutorial.bad_dsn", dsn=redact_url(dsn)))
        return cls(
            parts.hostname,
            parts.port or 5432,
            unquote(parts.path.strip("/")),
            unquote(parts.username or ""),
            unquote(parts.password or ""),
        )

    def names(self, prefix: str) -> dict[str, str]:
        """What a tutorial's statements are filled in with."""
        return {
            "pg_host": self.host,
            "pg_port": str(self.port),
            "pg_database": self.database,
            "pg_user": self.user,
            "pg_password": self.password,
            "source": f"{prefix}_orders",
            "copy": f"{prefix}_orders_copy",
            "slot": f"{prefix}_slot",
            "publication": f"{prefix}_pub",
        }

    # ------------------------------------------------------------------ connection
    def connect(self) -> Any:
        from cdcshell.pg import connect, error_line

        try:
            return connect(self, timeout=CONNECT_TIMEOUT)
        except ImportError:
            raise TutorialError(t("tutorial.no_driver")) from None
        except Exception as exc:  # psycopg.OperationalError; one line, never the password
            raise TutorialError(
                t("tutorial.db_unreachable", target=self.label, reason=error_line(exc))
            ) from None

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.connect() as conn:
            cur = conn.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []

    # ------------------------------------------------------------------ preparing and cleaning up
    def prepare(self, prefix: str, seed: tuple[tuple[int, str, int], ...] = SEED_ROWS) -> None:
        """Fresh tables with the seed rows, a publication for the source; the slot of an earlier run dropped."""
        n = self.names(prefix)
        self.drop_slot(n["slot"])
        with self.connect() as conn:
            conn.execute(f"DROP PUBLICATION IF EXISTS {n['publication']}")
            conn.execute(f"DROP TABLE IF EXISTS {n['source']}, {n['copy']}")
            conn.execute(
                f"CREATE TABLE {n['source']} (id INT PRIMARY KEY, product TEXT NOT NULL, "
                "quantity INT NOT NULL)"
            )
            # without it an UPDATE or DELETE of the source sends the CDC job into a restart loop
            conn.execute(f"ALTER TABLE {n['source']} REPLICA IDENTITY FULL")
            # no key on purpose: a row delivered twice shows as two rows instead of overwriting itself
            conn.execute(
                f"CREATE TABLE {n['copy']} (id INT NOT NULL, product TEXT NOT NULL, quantity INT NOT NULL)"
            )
            conn.execute(f"CREATE PUBLICATION {n['publication']} FOR TABLE {n['source']}")
            with conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {n['source']} (id, product, quantity) VALUES (%s, %s, %s)", list(seed)
                )

    def drop_slot(self, slot: str, wait: float = 30.0) -> bool:
        """Drop the slot once no job reads it (a cancelled job lets go a moment later); False if still in use."""
        deadline = time.monotonic() + wait
        while True:
            row = self._query("SELECT active FROM pg_replication_slots WHERE slot_name = %s", (slot,))
            if not row:
                return True
            if not row[0][0]:
                self._query("SELECT pg_drop_replication_slot(%s)", (slot,))
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.5)

    # ------------------------------------------------------------------ what the checks read
    def rows(self, table: str) -> list[tuple[Any, ...]]:
        return self._query(f"SELECT id, product, quantity FROM {table} ORDER BY id, product, quantity")

    def count(self, table: str) -> int:
        return int(self._query(f"SELECT COUNT(*) FROM {table}")[0][0])

    def current_lsn(self) -> str:
        return str(self._query("SELECT pg_current_wal_lsn()::text")[0][0])

    def slot_confirmed_before(self, slot: str, lsn: str) -> bool | None:
        """Whether the slot's confirmed position is still before `lsn` (the changes after it not confirmed);
        None when there is no such slot."""
        found = self._query(
            "SELECT confirmed_flush_lsn IS NULL OR pg_wal_lsn_diff(%s::pg_lsn, confirmed_flush_lsn) > 0 "
            "FROM pg_replication_slots WHERE slot_name = %s",
            (lsn, slot),
        )
        return bool(found[0][0]) if found else None

    def slot(self, slot: str) -> dict[str, Any] | None:
        """The slot's state: active, the position the connector confirmed, and the WAL it holds back."""
        found = self._query(
            "SELECT active, confirmed_flush_lsn::text, "
            "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint "
            "FROM pg_replication_slots WHERE slot_name = %s",
            (slot,),
        )
        if not found:
            return None
        active, confirmed, retained = found[0]
        return {"active": bool(active), "confirmed": confirmed, "retained": int(retained or 0)}
