"""What the PostgreSQL behind a postgres-cdc table must allow before a job can capture it, read with psycopg:
`wal_level`, whether the role may replicate, the replica identity of each captured table, and the publication
(for `pgoutput`). Every query is read-only; nothing is created or changed, the findings only say what to run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cdcshell.lint.probes import ProbeFailure
from cdcshell.pg import DEFAULT_PORT, PgTarget, connect, error_line

if TYPE_CHECKING:
    from cdcshell.sql.facts import TableDef

DEFAULT_PUBLICATION = "dbz_publication"


@dataclass(frozen=True)
class TableFacts:
    schema: str
    name: str
    replica_identity: str  # pg_class.relreplident: d default, n nothing, f full, i index
    rows_estimate: int
    owned: bool  # the connecting role owns it (needed to add it to a publication)
    primary_key: tuple[str, ...] = ()  # in key order: postgres-cdc's chunk key is its first column
    unique_not_null: tuple[str, ...] = ()  # single NOT NULL columns with a unique index: safe chunk keys

    @property
    def qualified(self) -> str:
        return f"{quote_ident(self.schema)}.{quote_ident(self.name)}"


@dataclass
class PostgresFacts:
    target: str
    wal_level: str
    role: str
    superuser: bool
    replication: bool
    can_create_in_db: bool
    tables: list[TableFacts] = field(default_factory=list)
    plugin: str = "decoderbufs"
    publication: str = DEFAULT_PUBLICATION
    publication_exists: bool = False
    autocreate_mode: str = "all_tables"
    publication_all_tables: bool = False
    published: frozenset[tuple[str, str]] = frozenset()  # (schema, table) in the publication
    rds_replication: bool = False  # member of Amazon RDS/Aurora's rds_replication role (replaces REPLICATION)
    max_replication_slots: int | None = None
    slots: frozenset[str] = frozenset()  # replication slots that exist on the server (names are server-wide)

    @property
    def can_create_publication(self) -> bool:
        if self.autocreate_mode == "disabled":
            return False
        if self.superuser:
            return True
        if self.autocreate_mode == "filtered":
            return self.can_create_in_db and all(t.owned for t in self.tables)
        return False


def quote_ident(name: str) -> str:
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name):
        return name
    return '"' + name.replace('"', '""') + '"'


def connection_target(table: TableDef) -> PgTarget:
    """Where the connector would connect, from the table's WITH options (the connector's own defaults)."""
    port = (table.option("port") or "").strip()
    return PgTarget(
        host=(table.option("hostname") or "localhost").strip(),
        port=int(port) if port.isdigit() else DEFAULT_PORT,
        database=(table.option("database-name") or "postgres").strip(),
        user=(table.option("username") or "").strip(),
        password=table.option("password") or "",
    )


def connection_params(table: TableDef) -> dict[str, Any]:
    return connection_target(table).params()


def table_filter(table: TableDef) -> tuple[str, str]:
    """(schema regex, table regex) as the connector matches them, anchored."""
    schema = (table.option("schema-name") or "public").strip()
    name = (table.option("table-name") or "").strip()
    if "." in name and not any(ch in name for ch in "()[]*+?|\\"):
        schema, name = name.split(".", 1)
    return f"^(?:{schema})$", f"^(?:{name or '.*'})$"


def _default_connect(params: dict[str, Any], timeout: float) -> Any:
    target = PgTarget(params["host"], params["port"], params["dbname"], params["user"], params["password"])
    return connect(target, timeout=timeout)  # psycopg is optional: pip install 'cdcshell[postgres]'


def probe(
    table: TableDef, timeout: float, connect: Callable[[dict[str, Any], float], Any] | None = None
) -> PostgresFacts | ProbeFailure:
    params = connection_params(table)
    target = f"postgresql://{params['user']}@{params['host']}:{params['port']}/{params['dbname']}"
    try:
        conn = (connect or _default_connect)(params, timeout)
    except ImportError:
        return ProbeFailure(target, "psycopg is not installed: pip install 'cdcshell[postgres]'")
    except Exception as e:
        return ProbeFailure(target, error_line(e))
    try:
        return _read(conn, table, target, timeout)
    except Exception as e:
        return ProbeFailure(target, error_line(e))
    finally:
        conn.close()


def _read(conn: Any, table: TableDef, target: str, timeout: float) -> PostgresFacts:
    schema_re, table_re = table_filter(table)
    with conn.cursor() as cur:
        cur.execute(f"SET statement_timeout = {int(timeout * 1000)}")
        cur.execute("SHOW wal_level")
        wal_level = cur.fetchone()[0]
        cur.execute(
            "SELECT current_user, rolsuper, rolreplication, has_database_privilege(current_database(), 'CREATE') "
            "FROM pg_roles WHERE rolname = current_user"
        )
        role, superuser, replication, can_create = cur.fetchone()
        # On Amazon RDS/Aurora the master user is no superuser and has no REPLICATION attribute; logical
        # replication is granted by membership in the rds_replication role instead.
        cur.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'rds_replication' "
            "AND pg_has_role(current_user, r.oid, 'MEMBER'))"
        )
        rds_replication = bool(cur.fetchone()[0])
        cur.execute("SHOW max_replication_slots")
        max_slots_text = str(cur.fetchone()[0])
        cur.execute("SELECT slot_name FROM pg_replication_slots")
        slots = frozenset(str(r[0]) for r in cur.fetchall())
        cur.execute(_TABLES_SQL, (schema_re, table_re))
        tables = [
            TableFacts(s, n, str(ri), int(rows), bool(owned), tuple(pk or ()), tuple(uniq or ()))
            for s, n, ri, rows, owned, pk, uniq in cur.fetchall()
        ]
        publication = (table.option("debezium.publication.name") or DEFAULT_PUBLICATION).strip()
        cur.execute("SELECT puballtables FROM pg_publication WHERE pubname = %s", (publication,))
        row = cur.fetchone()
        exists = row is not None
        all_tables = bool(row[0]) if row is not None else False
        cur.execute(
            "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = %s", (publication,)
        )
        published = frozenset((str(a), str(b)) for a, b in cur.fetchall())
    return PostgresFacts(
        target=target,
        wal_level=str(wal_level),
        role=str(role),
        superuser=bool(superuser),
        replication=bool(replication),
        can_create_in_db=bool(can_create),
        tables=tables,
        plugin=(table.option("decoding.plugin.name") or "decoderbufs").strip().lower(),
        publication=publication,
        publication_exists=exists,
        publication_all_tables=all_tables,
        published=published,
        autocreate_mode=(table.option("debezium.publication.autocreate.mode") or "all_tables")
        .strip()
        .lower(),
        rds_replication=rds_replication,
        max_replication_slots=int(max_slots_text) if max_slots_text.isdigit() else None,
        slots=slots,
    )


# The captured tables with their primary key (in key order) and the single NOT NULL columns that carry a unique
# index: postgres-cdc's incremental snapshot splits by the first primary-key column of the PostgreSQL table
# (JdbcChunkUtils.getSplitColumn), so a table without one needs 'scan.incremental.snapshot.chunk.key-column'.
_TABLES_SQL = """
SELECT n.nspname, c.relname, c.relreplident, c.reltuples::bigint, pg_has_role(c.relowner, 'USAGE'),
  (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey::int2[])
    WHERE i.indrelid = c.oid AND i.indisprimary),
  (SELECT array_agg(DISTINCT a.attname::text)
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE i.indrelid = c.oid AND i.indisunique AND i.indnatts = 1 AND a.attnotnull)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname ~ %s AND c.relname ~ %s ORDER BY 1, 2
"""
