"""PG004–PG009: what the PostgreSQL server behind a postgres-cdc table must allow, read by connecting to it
(only when allowed: `cdcshell lint --connect`, or the REPL's probes). Each finding carries the SQL that fixes it.
The script-only PG checks and the helpers both halves share are in postgres.py; the texts in postgres_texts.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdcshell.lint.context import RuleContext, connector_option
from cdcshell.lint.model import Finding
from cdcshell.lint.probes import ProbeFailure
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.postgres import answered_facts, backfill_slots, probe_facts, slot_name


@rule(
    "PG004",
    "replica-identity-not-full",
    severity="error",
    scope="job",
    needs_connection=True,
    bad="-- public.shipments has REPLICA IDENTITY DEFAULT, 'changelog-mode' is 'all' (the default)\n"
    "INSERT INTO sink SELECT * FROM shipments;",
    good="ALTER TABLE public.shipments REPLICA IDENTITY FULL;  -- run in PostgreSQL, then submit the job",
)
def replica_identity(ctx: RuleContext) -> Iterable[Finding]:
    """What each identity costs, from the source: with 'changelog-mode' = 'all' (the default) every UPDATE
    emits an UPDATE_BEFORE row built from the WAL record's old tuple (RowDataDebeziumDeserializeSchema); under
    DEFAULT or USING INDEX PostgreSQL only sends the old key when the key changed, so the before row is null and
    PostgresValueValidator throws. A DELETE under DEFAULT carries the key, which is all a DELETE needs.
    'changelog-mode' = 'upsert' emits no before rows, so only NOTHING (DELETEs without any key) fails."""
    for src, facts in answered_facts(ctx):
        if src.table is None:
            continue
        mode = (connector_option(src.table, "changelog-mode", ctx.catalog, src) or "all").strip().lower()
        for t in facts.tables:
            if t.replica_identity == "f" or (mode == "upsert" and t.replica_identity != "n"):
                continue
            yield ctx.finding(
                src.ref.offset,
                "message.nothing" if t.replica_identity == "n" else "message",
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
    """A superuser, a role with REPLICATION, or (Amazon RDS/Aurora, where neither is granted to users) a
    member of `rds_replication` may create and read a logical slot."""
    from cdcshell.lint.probes.postgres import quote_ident

    for src, facts in answered_facts(ctx):
        if not (facts.replication or facts.superuser or facts.rds_replication):
            role = facts.role
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
    for src, facts in answered_facts(ctx):
        if facts.wal_level != "logical":
            yield ctx.finding(
                src.ref.offset,
                fix="ALTER SYSTEM SET wal_level = logical;",
                level=facts.wal_level,
                target=facts.target,
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
    from cdcshell.lint.probes.postgres import quote_ident

    for src, f in answered_facts(ctx):
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
    for src, facts in probe_facts(ctx):
        if isinstance(facts, ProbeFailure):
            yield ctx.finding(src.ref.offset, table=src.ref.name, target=facts.target, reason=facts.reason)
        elif facts is not None and not facts.tables:
            yield ctx.finding(src.ref.offset, "message.no_table", table=src.ref.name, target=facts.target)


@rule(
    "PG009",
    "replication-slots-exhausted",
    severity="error",
    scope="job",
    needs_connection=True,
    bad="-- max_replication_slots = 4, two slots in use, the job reads with parallelism 4\n"
    "INSERT INTO sink SELECT * FROM shipments;",
    good="ALTER SYSTEM SET max_replication_slots = 16;  -- then restart PostgreSQL",
)
def slots_exhausted(ctx: RuleContext) -> Iterable[Finding]:
    """The incremental source holds its own slot plus, while it backfills snapshot chunks, one
    `<slot>_<subtask>` slot per reader (PostgresSourceConfig.getSlotNameForBackfillTask): it needs
    parallelism + 1 free slots, the legacy source one. Creating a slot beyond max_replication_slots fails."""
    parallelism = ctx.parallelism()
    for src, facts in answered_facts(ctx):
        if src.table is None or facts.max_replication_slots is None:
            continue
        slot = slot_name(src.table, src) or "flink"
        existing = set(facts.slots)
        needed = (0 if slot in existing else 1) + (parallelism if backfill_slots(ctx, src.table, src) else 0)
        limit = facts.max_replication_slots
        if len(existing) + needed > limit:
            yield ctx.finding(
                src.ref.offset,
                fix=f"ALTER SYSTEM SET max_replication_slots = {max(len(existing) + needed, 10)};",
                table=src.ref.name,
                limit=limit,
                used=len(existing),
                needed=needed,
                parallelism=parallelism,
            )
            return
