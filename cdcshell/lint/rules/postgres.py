"""PG: postgres-cdc tables, checked against the Flink CDC 3.5.0 source.

PG001 (the chunk key; reads the PostgreSQL table's key when allowed to connect), PG002/PG003 (replication slots,
unique per server) and PG010 (legacy source into an append-only sink) read the script. PG004–PG009, which ask
the server, are in postgres_server.py; both use the helpers here. The texts are in postgres_texts.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cdcshell.lint.context import JobRecord, JobSource, RuleContext, connector_option
from cdcshell.lint.model import Finding
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.connector_options import alter_set
from cdcshell.lint.values import parse_bool
from cdcshell.sql.facts import TableDef

if TYPE_CHECKING:
    from cdcshell.lint.probes import ProbeFailure
    from cdcshell.lint.probes.postgres import PostgresFacts

CONNECTOR = "postgres-cdc"


def _incremental(ctx: RuleContext, table: TableDef, src: JobSource | None = None) -> bool:
    return bool(
        parse_bool(connector_option(table, "scan.incremental.snapshot.enabled", ctx.catalog, src) or "false")
    )


def _server(table: TableDef) -> tuple[str, str]:
    """(host, port): replication slot names are unique per PostgreSQL *server*, not per database
    (pg_replication_slots is cluster-wide; ReplicationSlotCreate rejects a name in use in any database)."""
    return (
        (table.option("hostname") or "").strip().lower(),
        (table.option("port") or "5432").strip(),
    )


def slot_name(table: TableDef, src: JobSource | None = None) -> str | None:
    slot = src.option("slot.name") if src is not None else table.option("slot.name")
    return slot.strip() if slot and slot.strip() else None


def _slot_key(table: TableDef, src: JobSource | None = None) -> tuple[str, str, str] | None:
    """(host, port, slot): two readers with the same key compete for one replication slot."""
    slot = slot_name(table, src)
    return None if slot is None else (*_server(table), slot)


def backfill_slots(ctx: RuleContext, table: TableDef, src: JobSource | None = None) -> bool:
    """Whether the incremental source creates `<slot>_<subtask>` slots while it backfills snapshot chunks
    (PostgresScanFetchTask.maybeCreateSlotForBackFillReadTask with PostgresSourceConfig
    .getSlotNameForBackfillTask; none when 'scan.incremental.snapshot.backfill.skip' is true)."""
    if not _incremental(ctx, table, src):
        return False
    skip = connector_option(table, "scan.incremental.snapshot.backfill.skip", ctx.catalog, src) or "false"
    return not parse_bool(skip)


# PostgreSQL's ReplicationSlotValidateName: lower-case letters, digits and underscores, at most NAMEDATALEN - 1
# (63) characters. The backfill slots append `_<subtask>`, so the name itself needs room for that suffix.
_SLOT_NAME = re.compile(r"[a-z0-9_]+")
SLOT_NAME_MAX = 63


def suggested_slot(table: TableDef) -> str:
    return ("flink_" + "".join(ch if ch.isalnum() else "_" for ch in table.parts[-1].lower()))[
        : SLOT_NAME_MAX - 4
    ]


def _table_slot_key(table: TableDef) -> tuple[str, str, str] | None:
    """The slot key of a postgres-cdc table (None for any other table): what PG002's index is keyed by."""
    return _slot_key(table) if table.connector == CONNECTOR else None


def _backfill_base(slot: str) -> str | None:
    """`flink` for `flink_3`: the slot whose backfill slots would include this name, if it has that form."""
    base, sep, subtask = slot.rpartition("_")
    return base if sep and base and subtask.isdigit() else None


def _table_backfill_key(table: TableDef) -> tuple[str, str, str] | None:
    """(host, port, base) of a postgres-cdc table whose slot is named like a backfill slot `<base>_<n>`."""
    key = _table_slot_key(table)
    base = _backfill_base(key[2]) if key is not None else None
    return (key[0], key[1], base) if key is not None and base is not None else None


def _job_slot_keys(job: JobRecord) -> list[tuple[str, str, str]]:
    """The slot keys a recorded job reads, in the order of its sources: what PG003's index is keyed by."""
    keys = []
    for old in job.sources:
        if old.connector == CONNECTOR and old.table is not None:
            key = _slot_key(old.table, old)
            if key is not None:
                keys.append(key)
    return keys


@rule(
    "PG001",
    "chunk-key-unknown-or-missing",
    severity="error",
    scope="table",
    bad="""
-- public.shipments has no primary key in PostgreSQL (lint --connect reads it)
CREATE TABLE shipments (shipment_id INT, origin STRING) WITH (
  'connector' = 'postgres-cdc', 'slot.name' = 'shipments', 'scan.incremental.snapshot.enabled' = 'true');
""",
    good="""
CREATE TABLE shipments (shipment_id INT, origin STRING) WITH (
  'connector' = 'postgres-cdc', 'slot.name' = 'shipments', 'scan.incremental.snapshot.enabled' = 'true',
  'scan.incremental.snapshot.chunk.key-column' = 'shipment_id');
""",
)
def chunk_key(ctx: RuleContext) -> Iterable[Finding]:
    """postgres-cdc's incremental snapshot splits by the first column of the *PostgreSQL table's* primary key
    (JdbcChunkUtils.getSplitColumn, called when the enumerator splits the table — after the job started); the
    Flink DDL's PRIMARY KEY plays no part. Offline the table's key is unknown, so the finding says so (a
    warning) and only when nothing else names a key; with --connect the key is read and a table without one
    is an error. The fix never names a nullable column: only a NOT NULL column with a unique index."""
    table = ctx.table_def
    if table is None or table.connector != CONNECTOR or table.as_select:
        return
    if not _incremental(ctx, table) or table.option("scan.incremental.snapshot.chunk.key-column"):
        return
    opt = table.options.get("scan.incremental.snapshot.enabled", None)
    offset = opt.key_offset if opt else table.name_offset
    if ctx.probes is not None and ctx.probes.allowed:
        from cdcshell.lint.probes.postgres import PostgresFacts

        facts = ctx.probes.postgres(table)
        if not isinstance(facts, PostgresFacts):
            return  # PG008 reports an unreachable database
        for t in facts.tables:
            if t.primary_key:
                continue
            key = t.unique_not_null[0] if t.unique_not_null else ""
            yield ctx.finding(
                offset,
                "message.connected",
                fix=alter_set(table, "scan.incremental.snapshot.chunk.key-column", key) if key else "",
                table=t.qualified,
            )
        return
    if table.primary_key:
        return  # the Flink DDL names a key: most likely the PostgreSQL table has the same one
    yield ctx.finding(offset, severity="warning", table=table.name)


@rule(
    "PG002",
    "slot-name-missing-invalid-or-shared",
    severity="warning",
    scope="table",
    bad="""
CREATE TABLE a (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 'flink');
CREATE TABLE b (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'crm', 'slot.name' = 'flink');
""",
    good="""
CREATE TABLE a (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 'flink_a');
CREATE TABLE b (id INT) WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'database-name' = 'crm', 'slot.name' = 'flink_b');
""",
)
def slot_missing_or_shared(ctx: RuleContext) -> Iterable[Finding]:
    """A missing 'slot.name' fails planning (PostgreSQLTableFactory.requiredOptions has SLOT_NAME): an error.
    Slot names are unique per server, so two tables on the same host and port collide even in different
    databases; an incremental table also creates `<slot>_<subtask>` slots while it backfills, which collide
    with a table whose own slot has that name."""
    table = ctx.table_def
    if table is None or table.connector != CONNECTOR:
        return
    suggested = suggested_slot(table)
    slot = slot_name(table)
    if slot is None:
        yield ctx.finding(
            table.name_offset,
            "message.missing",
            severity="error",
            fix=alter_set(table, "slot.name", suggested),
            table=table.name,
        )
        return
    opt = table.options.get("slot.name")
    offset = opt.value_offset if opt else table.name_offset
    if not _SLOT_NAME.fullmatch(slot) or len(slot) > SLOT_NAME_MAX - 4:
        fixed = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in slot.lower())[: SLOT_NAME_MAX - 4]
        yield ctx.finding(
            offset,
            "message.invalid",
            severity="error",
            fix=alter_set(table, "slot.name", fixed or suggested),
            table=table.name,
            slot=slot,
        )
        return
    server = _server(table)
    key = (*server, slot)
    # Indexes, not a scan of every table: a script with thousands of CDC tables stays linear.
    for other in ctx.tables.with_key(_table_slot_key, key):
        if other.parts != table.parts:
            yield ctx.finding(
                offset,
                fix=alter_set(table, "slot.name", suggested),
                table=table.name,
                other=other.name,
                slot=slot,
            )
            return
    backfill_neighbours: list[tuple[TableDef, str]] = []
    if backfill_slots(ctx, table):  # my `<slot>_<n>` would take another table's slot
        backfill_neighbours += [
            (o, slot_name(o) or "") for o in ctx.tables.with_key(_table_backfill_key, key)
        ]
    base = _backfill_base(slot)
    if base is not None:  # my slot is one of another table's `<base>_<n>`
        backfill_neighbours += [
            (o, base) for o in ctx.tables.with_key(_table_slot_key, (*server, base)) if backfill_slots(ctx, o)
        ]
    for other, other_slot in backfill_neighbours:
        if other.parts != table.parts:
            yield ctx.finding(
                offset,
                "message.backfill",
                fix=alter_set(table, "slot.name", suggested),
                table=table.name,
                other=other.name,
                slot=slot,
                other_slot=other_slot,
            )
            return


def _is_backfill_of(name: str, slot: str) -> bool:
    """Whether `name` is one of the `<slot>_<subtask>` slots the incremental source creates for `slot`."""
    return name.startswith(slot + "_") and name[len(slot) + 1 :].isdigit()


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
    """Slots are indexed by (host, port, slot) in a dict, so each earlier job's source is one lookup."""
    if ctx.job is None or ctx.job.kind == "select":
        return
    mine: dict[tuple[str, str, str], JobSource] = {}
    for src in ctx.job_sources():
        if src.connector == CONNECTOR and src.table is not None:
            key = _slot_key(src.table, src)
            if key is not None:
                mine.setdefault(key, src)
    # The first earlier job that reads one of these slots, from an index kept as jobs are recorded (a scan of
    # every earlier job made a script with thousands of pipelines quadratic).
    first = ctx.earlier_jobs.first_with(_job_slot_keys)
    positions = [first[key] for key in mine if key in first]
    if not positions:
        return
    job = ctx.earlier_jobs[min(positions)]
    for key in _job_slot_keys(job):
        hit = mine.get(key)
        if hit is not None:
            yield ctx.finding(hit.ref.offset, table=hit.ref.name, slot=key[2], line=job.line)
            return


# --- checks that connect to the database -----------------------------------------------------------------


def probe_facts(ctx: RuleContext) -> list[tuple[JobSource, PostgresFacts | ProbeFailure | None]]:
    """Each postgres-cdc source of the job with what its database answered (only when connecting is allowed)."""
    if ctx.job is None or ctx.probes is None or not ctx.probes.allowed:
        return []
    return [
        (src, ctx.probes.postgres(src.table))
        for src in ctx.job_sources()
        if src.connector == CONNECTOR and src.table is not None
    ]


def answered_facts(ctx: RuleContext) -> list[tuple[JobSource, PostgresFacts]]:
    """The sources whose database answered (PG008 reports the others): what the server checks read."""
    from cdcshell.lint.probes.postgres import PostgresFacts

    return [(src, facts) for src, facts in probe_facts(ctx) if isinstance(facts, PostgresFacts)]


@rule(
    "PG010",
    "legacy-source-append-only-sink",
    severity="warning",
    scope="job",
    bad="""
CREATE TABLE orders (id INT) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'orders');
CREATE TABLE copy (id INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://dw/shop', 'table-name' = 'copy');
INSERT INTO copy SELECT id FROM orders;
""",
    good="""
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc',
  'slot.name' = 'orders', 'scan.incremental.snapshot.enabled' = 'true');
CREATE TABLE copy (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc',
  'url' = 'jdbc:postgresql://dw/shop', 'table-name' = 'copy');
INSERT INTO copy SELECT id FROM orders;
""",
)
def legacy_append_only(ctx: RuleContext) -> Iterable[Finding]:
    """After a restore the legacy source (PostgreSQLSource, a DebeziumSourceFunction) replays from the LSN of
    the last completed checkpoint, so every change it emitted after that checkpoint is emitted again. A sink
    with a primary key overwrites the repeats (JDBC upsert, upsert-kafka); an append-only sink (no key) inserts
    them a second time. Seen in this project's own CI as duplicated rows after a TaskManager restart."""
    if ctx.job is None or ctx.job.kind == "select" or not ctx.streaming():
        return
    legacy = [
        src
        for src in ctx.job_sources()
        if src.connector == CONNECTOR and src.table is not None and not _incremental(ctx, src.table, src)
    ]
    if not legacy:
        return
    for sink in ctx.job_sinks():
        table = sink.table
        if table is None or table.primary_key or table.connector in _KEYED_OR_TRANSACTIONAL:
            continue
        if (
            table.connector == "kafka"
            and (table.option("sink.delivery-guarantee") or "").strip() == "exactly-once"
        ):
            continue
        yield ctx.finding(sink.ref.offset, table=legacy[0].ref.name, sink=sink.ref.name)
        return


# Sinks whose writes are keyed (a repeat overwrites) or only made visible with the checkpoint.
_KEYED_OR_TRANSACTIONAL = frozenset({"upsert-kafka", "print", "blackhole"})
