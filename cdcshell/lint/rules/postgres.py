"""PG: postgres-cdc tables and what the PostgreSQL server behind them must allow.

PG001–PG003 read the script only. PG004–PG008 connect to the database (only when allowed) and report, with the
SQL that fixes it, what would otherwise fail after the job started: a table without `REPLICA IDENTITY FULL`
sends the job into a restart loop on the first UPDATE/DELETE that only dropping the slot ends.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdcshell.lint.context import JobLog, JobRecord, JobSource, RuleContext, TableMap, connector_option
from cdcshell.lint.model import Finding
from cdcshell.lint.probes import ProbeFailure
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.connector_options import alter_set
from cdcshell.lint.values import parse_bool
from cdcshell.sql.facts import TableDef

CONNECTOR = "postgres-cdc"


def _incremental(ctx: RuleContext, table: TableDef, src: JobSource | None = None) -> bool:
    return bool(
        parse_bool(connector_option(table, "scan.incremental.snapshot.enabled", ctx.catalog, src) or "false")
    )


def _slot_key(table: TableDef, src: JobSource | None = None) -> tuple[str, str, str, str] | None:
    """(host, port, database, slot): two readers with the same key compete for one replication slot."""
    slot = src.option("slot.name") if src is not None else table.option("slot.name")
    if not slot:
        return None
    return (
        (table.option("hostname") or "").strip().lower(),
        (table.option("port") or "5432").strip(),
        (table.option("database-name") or "").strip(),
        slot.strip(),
    )


SlotKey = tuple[str, str, str, str]


class _SlotTables:
    """postgres-cdc tables by slot key, following a `TableMap`'s change log (a table is counted once per name
    that reaches it)."""

    def __init__(self) -> None:
        self.seen = 0
        self.by_key: dict[SlotKey, dict[int, list]] = {}  # key -> id(table) -> [table, names]

    def update(self, tables: TableMap) -> None:
        for old, new in tables.log[self.seen:]:
            if old is not None and old.connector == CONNECTOR and (key := _slot_key(old)) is not None:
                entry = self.by_key[key][id(old)]
                entry[1] -= 1
                if entry[1] == 0:
                    del self.by_key[key][id(old)]
            if new is not None and new.connector == CONNECTOR and (key := _slot_key(new)) is not None:
                self.by_key.setdefault(key, {}).setdefault(id(new), [new, 0])[1] += 1
        self.seen = len(tables.log)

    def others(self, key: SlotKey, table: TableDef) -> list[TableDef]:
        return [t for t, _ in self.by_key.get(key, {}).values() if t.parts != table.parts]


def _tables_sharing(ctx: RuleContext, table: TableDef, key: SlotKey) -> TableDef | None:
    """The first other postgres-cdc table (in definition order) whose slot key is `key`."""
    tables = ctx.tables
    if isinstance(tables, TableMap):
        index = tables.indexes.get("PG002")
        if not isinstance(index, _SlotTables):
            index = tables.indexes["PG002"] = _SlotTables()
        index.update(tables)
        candidates = index.others(key, table)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
    seen: set[int] = set()  # several candidates (or a plain dict): the first one in the map's order
    for other in tables.values():
        if id(other) in seen or other.parts == table.parts or other.connector != CONNECTOR:
            continue
        seen.add(id(other))
        if _slot_key(other) == key:
            return other
    return None


class _SlotJobs:
    """For each slot key, the first earlier job that reads it, following an append-only `JobLog`."""

    def __init__(self) -> None:
        self.seen = 0
        self.first: dict[SlotKey, int] = {}

    def update(self, jobs: JobLog) -> None:
        for position in range(self.seen, len(jobs)):
            for old in jobs[position].sources:
                if old.connector == CONNECTOR and old.table is not None:
                    key = _slot_key(old.table, old)
                    if key is not None:
                        self.first.setdefault(key, position)
        self.seen = len(jobs)


def _earlier_jobs_reading(ctx: RuleContext, keys: Iterable[SlotKey]) -> list[JobRecord]:
    """The earlier jobs to scan for PG003: only the earliest one that reads one of `keys`, when indexed."""
    jobs = ctx.earlier_jobs
    if not isinstance(jobs, JobLog):
        return list(jobs)
    index = jobs.indexes.get("PG003")
    if not isinstance(index, _SlotJobs):
        index = jobs.indexes["PG003"] = _SlotJobs()
    index.update(jobs)
    positions = [index.first[k] for k in keys if k in index.first]
    return [jobs[min(positions)]] if positions else []


@rule(
    "PG001",
    "incremental-snapshot-without-key",
    severity="error",
    scope="table",
    bad="""
CREATE TABLE shipments (shipment_id INT, origin STRING) WITH (
  'connector' = 'postgres-cdc', 'slot.name' = 'shipments', 'scan.incremental.snapshot.enabled' = 'true');
""",
    good="""
CREATE TABLE shipments (shipment_id INT, origin STRING, PRIMARY KEY (shipment_id) NOT ENFORCED) WITH (
  'connector' = 'postgres-cdc', 'slot.name' = 'shipments', 'scan.incremental.snapshot.enabled' = 'true');
""",
)
def incremental_without_key(ctx: RuleContext) -> Iterable[Finding]:
    table = ctx.table_def
    if table is None or table.connector != CONNECTOR or table.as_select:
        return
    if (
        not _incremental(ctx, table)
        or table.primary_key
        or table.option("scan.incremental.snapshot.chunk.key-column")
    ):
        return
    opt = table.options.get("scan.incremental.snapshot.enabled", None)
    column = table.columns[0] if table.columns else "id"
    yield ctx.finding(
        opt.key_offset if opt else table.name_offset,
        fix=alter_set(table, "scan.incremental.snapshot.chunk.key-column", column),
        table=table.name,
    )


@rule(
    "PG002",
    "slot-name-missing-or-shared",
    severity="warning",
    scope="table",
    bad="""
CREATE TABLE a (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 'flink');
CREATE TABLE b (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 'flink');
""",
    good="""
CREATE TABLE a (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 'flink_a');
CREATE TABLE b (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 'flink_b');
""",
)
def slot_missing_or_shared(ctx: RuleContext) -> Iterable[Finding]:
    table = ctx.table_def
    if table is None or table.connector != CONNECTOR:
        return
    suggested = "flink_" + "".join(ch if ch.isalnum() else "_" for ch in table.parts[-1].lower())
    key = _slot_key(table)
    if key is None:
        yield ctx.finding(
            table.name_offset,
            "message.missing",
            fix=alter_set(table, "slot.name", suggested),
            table=table.name,
        )
        return
    other = _tables_sharing(ctx, table, key)
    if other is not None:
        opt = table.options["slot.name"]
        yield ctx.finding(
            opt.value_offset,
            fix=alter_set(table, "slot.name", suggested),
            table=table.name,
            other=other.name,
            slot=key[3],
        )


@rule(
    "PG003",
    "slot-used-by-two-jobs",
    severity="warning",
    scope="job",
    bad="""
CREATE TABLE orders (id INT) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'orders');
INSERT INTO sink_a SELECT * FROM orders;
INSERT INTO sink_b SELECT * FROM orders;
""",
    good="""
CREATE TABLE orders (id INT) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'orders');
EXECUTE STATEMENT SET BEGIN
  INSERT INTO sink_a SELECT * FROM orders;
  INSERT INTO sink_b SELECT * FROM orders;
END;
""",
)
def slot_used_twice(ctx: RuleContext) -> Iterable[Finding]:
    if ctx.job is None or ctx.job.kind == "select":
        return
    mine: dict[SlotKey, JobSource] = {}
    for src in ctx.job_sources():
        if src.connector == CONNECTOR and src.table is not None:
            key = _slot_key(src.table, src)
            if key is not None:
                mine.setdefault(key, src)
    for job in _earlier_jobs_reading(ctx, mine):
        for old in job.sources:
            if old.connector != CONNECTOR or old.table is None:
                continue
            key = _slot_key(old.table, old)
            if key is not None and key in mine:
                src = mine[key]
                yield ctx.finding(src.ref.offset, table=src.ref.name, slot=key[3], line=job.line)
                return


# --- checks that connect to the database -----------------------------------------------------------------


def _facts(ctx: RuleContext) -> list[tuple[JobSource, object]]:
    if ctx.job is None or ctx.probes is None or not ctx.probes.allowed:
        return []
    out = []
    for src in ctx.job_sources():
        if src.connector == CONNECTOR and src.table is not None:
            out.append((src, ctx.probes.postgres(src.table)))
    return out


def _ok(facts: object) -> bool:
    from cdcshell.lint.probes.postgres import PostgresFacts

    return isinstance(facts, PostgresFacts)


@rule(
    "PG004",
    "replica-identity-not-full",
    severity="error",
    scope="job",
    needs_connection=True,
    bad="-- public.shipments has REPLICA IDENTITY DEFAULT\nINSERT INTO sink SELECT * FROM shipments;",
    good="ALTER TABLE public.shipments REPLICA IDENTITY FULL;  -- run in PostgreSQL, then submit the job",
)
def replica_identity(ctx: RuleContext) -> Iterable[Finding]:
    for src, facts in _facts(ctx):
        if not _ok(facts):
            continue
        for t in facts.tables:  # type: ignore[attr-defined]
            if t.replica_identity != "f":
                yield ctx.finding(
                    src.ref.offset,
                    fix=f"ALTER TABLE {t.qualified} REPLICA IDENTITY FULL;",
                    table=t.qualified,
                    identity={"d": "DEFAULT", "n": "NOTHING", "i": "USING INDEX"}.get(
                        t.replica_identity, t.replica_identity
                    ),
                )


@rule(
    "PG005",
    "role-without-replication",
    severity="error",
    scope="job",
    needs_connection=True,
    bad="-- the table's 'username' is a role without REPLICATION\nINSERT INTO sink SELECT * FROM shipments;",
    good="ALTER ROLE flink_cdc REPLICATION;  -- run in PostgreSQL as a superuser",
)
def role_replication(ctx: RuleContext) -> Iterable[Finding]:
    from cdcshell.lint.probes.postgres import quote_ident

    for src, facts in _facts(ctx):
        if _ok(facts) and not (facts.replication or facts.superuser):  # type: ignore[attr-defined]
            role = facts.role  # type: ignore[attr-defined]
            yield ctx.finding(src.ref.offset, fix=f"ALTER ROLE {quote_ident(role)} REPLICATION;", role=role)
            return


@rule(
    "PG006",
    "wal-level-not-logical",
    severity="error",
    scope="job",
    needs_connection=True,
    bad="-- the server runs with wal_level = replica\nINSERT INTO sink SELECT * FROM shipments;",
    good="ALTER SYSTEM SET wal_level = logical;  -- then restart PostgreSQL",
)
def wal_level(ctx: RuleContext) -> Iterable[Finding]:
    for src, facts in _facts(ctx):
        if _ok(facts) and facts.wal_level != "logical":  # type: ignore[attr-defined]
            yield ctx.finding(
                src.ref.offset,
                fix="ALTER SYSTEM SET wal_level = logical;",
                level=facts.wal_level,  # type: ignore[attr-defined]
                target=facts.target,  # type: ignore[attr-defined]
            )
            return


@rule(
    "PG007",
    "publication-missing",
    severity="error",
    scope="job",
    needs_connection=True,
    bad="-- 'decoding.plugin.name' = 'pgoutput', no dbz_publication, a role that may not create it\n"
    "INSERT INTO sink SELECT * FROM shipments;",
    good="CREATE PUBLICATION dbz_publication FOR TABLE public.shipments;  -- run in PostgreSQL as the table's owner",
)
def publication(ctx: RuleContext) -> Iterable[Finding]:
    from cdcshell.lint.probes.postgres import PostgresFacts, quote_ident

    for src, facts in _facts(ctx):
        if not _ok(facts):
            continue
        f: PostgresFacts = facts  # type: ignore[assignment]
        if f.plugin != "pgoutput":
            continue
        if not f.publication_exists:
            if f.can_create_publication:
                continue
            tables = ", ".join(t.qualified for t in f.tables) or "<schema>.<table>"
            yield ctx.finding(
                src.ref.offset,
                fix=f"CREATE PUBLICATION {quote_ident(f.publication)} FOR TABLE {tables};",
                publication=f.publication,
                role=f.role,
            )
            continue
        if f.publication_all_tables or f.autocreate_mode == "filtered":
            continue  # every table is in it, or the connector sets its table list itself
        missing = [t for t in f.tables if (t.schema, t.name) not in f.published]
        if missing:
            names = ", ".join(t.qualified for t in missing)
            yield ctx.finding(
                src.ref.offset,
                "message.not_included",
                fix=f"ALTER PUBLICATION {quote_ident(f.publication)} ADD TABLE {names};",
                publication=f.publication,
                tables=names,
            )


@rule(
    "PG008",
    "database-unreachable",
    severity="warning",
    scope="job",
    needs_connection=True,
    bad="-- hostname/port of the table do not answer within the timeout\nINSERT INTO sink SELECT * FROM shipments;",
    good="-- the database answers, or lint runs without --connect",
)
def unreachable(ctx: RuleContext) -> Iterable[Finding]:
    for src, facts in _facts(ctx):
        if isinstance(facts, ProbeFailure):
            yield ctx.finding(src.ref.offset, table=src.ref.name, target=facts.target, reason=facts.reason)
        elif _ok(facts) and not facts.tables:  # type: ignore[attr-defined]
            yield ctx.finding(src.ref.offset, "message.no_table", table=src.ref.name, target=facts.target)  # type: ignore[attr-defined]
