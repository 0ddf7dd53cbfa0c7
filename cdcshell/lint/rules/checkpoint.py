"""CK: checkpointing and state — the settings that decide whether a CDC job can resume after a failure or a
cancel, judged at the statement that submits the job with the configuration in force there."""

from __future__ import annotations

from collections.abc import Iterable

from cdcshell.i18n import t
from cdcshell.lint.config import Origin
from cdcshell.lint.context import CDC_CONNECTORS, KAFKA_CONNECTORS, JobSource, RuleContext, connector_option
from cdcshell.lint.model import Finding
from cdcshell.lint.registry import rule
from cdcshell.lint.values import parse_bool

INTERVAL = "execution.checkpointing.interval"
TIMEOUT = "execution.checkpointing.timeout"
DIR = "execution.checkpointing.dir"
STORAGE = "execution.checkpointing.storage"
RETENTION = "execution.checkpointing.externalized-checkpoint-retention"
TOLERABLE = "execution.checkpointing.tolerable-failed-checkpoints"

_SUGGESTED_INTERVAL = "30s"


def set_stmt(key: str, value: str) -> str:
    return f"SET '{key}' = '{value}';"


def _streaming_sources(ctx: RuleContext) -> list[JobSource]:
    if ctx.job is None or not ctx.streaming():
        return []
    return [
        s
        for s in ctx.job_sources()
        if s.connector in CDC_CONNECTORS or (s.connector in KAFKA_CONNECTORS and not _bounded(s))
    ]


def _bounded(src: JobSource) -> bool:
    """A Kafka read with an end (`scan.bounded.mode`) finishes by itself: there is nothing to resume."""
    mode = (src.option("scan.bounded.mode") or "unbounded").strip().lower()
    return mode != "unbounded"


def _writes(ctx: RuleContext) -> bool:
    """Jobs whose progress matters after a restart: INSERT, statement sets, CTAS. A SELECT preview is not
    resumed, so retention and storage findings would only be noise there."""
    return ctx.job is not None and ctx.job.kind != "select"


def _interval_why(ctx: RuleContext) -> str:
    entry = ctx.get(INTERVAL)
    if entry is None:
        return t("lint.why.unset", ctx.lang, key=INTERVAL)
    return t(
        "lint.why.value", ctx.lang, key=entry.key, value=entry.value, origin=entry.origin.describe(ctx.lang)
    )


@rule(
    "CK001",
    "checkpointing-off",
    severity="error",
    scope="job",
    bad="""
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'orders');
INSERT INTO sink SELECT * FROM orders;
""",
    good="""
SET 'execution.checkpointing.interval' = '30s';
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'orders');
INSERT INTO sink SELECT * FROM orders;
""",
)
def checkpointing_off(ctx: RuleContext) -> Iterable[Finding]:
    sources = _streaming_sources(ctx)
    if not sources or ctx.checkpointing_on():
        return
    fix = set_stmt(ctx.key_name(INTERVAL), _SUGGESTED_INTERVAL)
    why = _interval_why(ctx)

    def variant(src: JobSource) -> str:
        if src.connector == "mongodb-cdc":
            return "message.mongodb"
        if src.connector == "postgres-cdc":
            return "message.postgres"
        if src.connector == "mysql-cdc":
            incremental = parse_bool(
                connector_option(src.table, "scan.incremental.snapshot.enabled", ctx.catalog, src) or ""
            )
            return "message.mysql" if incremental else "message.other"
        return "message.other"

    ranked = sorted(sources, key=lambda s: variant(s) == "message.other")
    src = ranked[0]
    v = variant(src)
    yield ctx.finding(
        src.ref.offset,
        v,
        fix=fix,
        severity="warning" if v == "message.other" else "error",
        table=src.ref.name,
        connector=src.connector,
        why=why,
    )


@rule(
    "CK002",
    "checkpoints-on-jobmanager",
    severity="warning",
    scope="job",
    bad="""
SET 'execution.checkpointing.interval' = '30s';
INSERT INTO sink SELECT * FROM orders;
""",
    good="""
SET 'execution.checkpointing.interval' = '30s';
SET 'execution.checkpointing.dir' = 'file:///var/flink/checkpoints';
INSERT INTO sink SELECT * FROM orders;
""",
)
def checkpoints_on_jobmanager(ctx: RuleContext) -> Iterable[Finding]:
    if not _writes(ctx) or not ctx.streaming() or not ctx.checkpointing_on():
        return
    dir_entry = ctx.get(DIR)
    if dir_entry is not None and dir_entry.value.strip():
        return
    dir_key = ctx.key_name(DIR, "state.checkpoints.dir")
    fix = set_stmt(dir_key, "file:///var/flink/checkpoints")
    storage = ctx.get(STORAGE)
    if storage is not None and storage.value.strip().lower() == "filesystem":
        # Flink refuses to start the job: filesystem storage needs a directory.
        yield ctx.finding(
            0,
            "message.filesystem",
            fix=fix,
            severity="error",
            key=dir_key,
            storage_key=storage.key,
            origin=storage.origin.describe(ctx.lang),
        )
    else:
        yield ctx.finding(0, fix=fix, key=dir_key)


@rule(
    "CK003",
    "checkpoints-deleted-on-cancel",
    severity="warning",
    scope="job",
    bad="""
SET 'execution.checkpointing.interval' = '30s';
SET 'execution.checkpointing.dir' = 'file:///var/flink/checkpoints';
INSERT INTO sink SELECT * FROM orders;
""",
    good="""
SET 'execution.checkpointing.interval' = '30s';
SET 'execution.checkpointing.dir' = 'file:///var/flink/checkpoints';
SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';
INSERT INTO sink SELECT * FROM orders;
""",
)
def deleted_on_cancel(ctx: RuleContext) -> Iterable[Finding]:
    if not _writes(ctx) or not ctx.streaming() or not ctx.checkpointing_on():
        return
    key = ctx.key_name(RETENTION, "execution.checkpointing.externalized-checkpoint-retention")
    entry = ctx.get(RETENTION)
    if entry is not None:
        value, origin = entry.value, entry.origin.describe(ctx.lang)
    else:
        info = ctx.catalog.lookup(RETENTION)
        value = info.default if info and info.default else "NO_EXTERNALIZED_CHECKPOINTS"
        origin = Origin("default").describe(ctx.lang)
    if value.strip().upper() == "RETAIN_ON_CANCELLATION":
        return
    yield ctx.finding(0, fix=set_stmt(key, "RETAIN_ON_CANCELLATION"), key=key, value=value, origin=origin)


@rule(
    "CK005",
    "checkpoint-interval-under-1s",
    severity="warning",
    scope="job",
    bad="""
SET 'execution.checkpointing.interval' = '200ms';
INSERT INTO sink SELECT * FROM orders;
""",
    good="""
SET 'execution.checkpointing.interval' = '10s';
INSERT INTO sink SELECT * FROM orders;
""",
)
def interval_under_1s(ctx: RuleContext) -> Iterable[Finding]:
    if ctx.job is None or not ctx.streaming() or not ctx.checkpointing_on():
        return
    interval = ctx.checkpoint_interval() or 0.0
    if interval < 1.0:
        entry = ctx.get(INTERVAL)
        assert entry is not None
        yield ctx.finding(
            0,
            fix=set_stmt(ctx.key_name(INTERVAL), "10s"),
            value=entry.value,
            origin=entry.origin.describe(ctx.lang),
        )


# The sources that run Debezium inside a DebeziumSourceFunction unless the incremental snapshot is on, with
# the connector's default for 'scan.incremental.snapshot.enabled' (CONNECTOR_DEFAULTS / the catalog).
LEGACY_DEBEZIUM = ("postgres-cdc", "mongodb-cdc", "mysql-cdc")


@rule(
    "CK006",
    "legacy-snapshot-blocks-checkpoints",
    severity="warning",
    scope="job",
    bad="""
SET 'execution.checkpointing.interval' = '30s';
CREATE TABLE big (id INT) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'big');
INSERT INTO sink SELECT * FROM big;
""",
    good="""
SET 'execution.checkpointing.interval' = '10min';
SET 'execution.checkpointing.tolerable-failed-checkpoints' = '100';
CREATE TABLE big (id INT) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'big');
INSERT INTO sink SELECT * FROM big;
""",
)
def legacy_snapshot_blocks(ctx: RuleContext) -> Iterable[Finding]:
    """Every legacy Debezium source (postgres-cdc and mongodb-cdc by default, mysql-cdc with
    'scan.incremental.snapshot.enabled' = 'false') holds the checkpoint lock for the whole snapshot phase
    (DebeziumChangeFetcher.runFetchLoop: "Database snapshot phase can't perform checkpoint"), so every
    checkpoint in that time expires and, past the tolerable failures, fails the job."""
    if ctx.job is None or not ctx.streaming() or not ctx.checkpointing_on():
        return
    tolerable = ctx.get(TOLERABLE)
    try:
        tolerated = int(tolerable.value) if tolerable else 0
    except ValueError:
        tolerated = 0
    if tolerated >= 10:
        return
    for src in ctx.job_sources():
        if src.connector not in LEGACY_DEBEZIUM or src.table is None:
            continue
        enabled = connector_option(src.table, "scan.incremental.snapshot.enabled", ctx.catalog, src)
        if parse_bool(enabled or ("true" if src.connector == "mysql-cdc" else "false")):
            continue
        if src.connector == "postgres-cdc" and ctx.probes is not None and ctx.probes.allowed:
            rows = ctx.probes.postgres_table_rows(src.table)
            if rows is not None and rows < ctx.probes.large_table_rows:
                continue
        fix = " ".join(
            (
                set_stmt(ctx.key_name(INTERVAL), "10min"),
                set_stmt(ctx.key_name(TOLERABLE), "100"),
            )
        )
        yield ctx.finding(src.ref.offset, fix=fix, table=src.ref.name, connector=src.connector)
        return


RECOVERY = "execution.state-recovery.path"


@rule(
    "CK007",
    "restore-path-reused",
    severity="warning",
    scope="job",
    bad="""
SET 'execution.state-recovery.path' = 'file:///savepoints/savepoint-1a2b3c';
INSERT INTO sink_a SELECT * FROM orders;
INSERT INTO sink_b SELECT * FROM customers;
""",
    good="""
SET 'execution.state-recovery.path' = 'file:///savepoints/savepoint-1a2b3c';
INSERT INTO sink_a SELECT * FROM orders;
RESET 'execution.state-recovery.path';
INSERT INTO sink_b SELECT * FROM customers;
""",
)
def restore_path_reused(ctx: RuleContext) -> Iterable[Finding]:
    """Seen on 1.20.3: after resuming one job with SET 'execution.savepoint.path', every later INSERT of the
    session restores from the same savepoint until the key is RESET."""
    if ctx.job is None:
        return
    entry = ctx.get(RECOVERY)
    if entry is None or not entry.value.strip() or entry.origin.kind != "set":
        return
    used_by = [job for job in ctx.earlier_jobs if job.statement_index > entry.origin.statement_index]
    if not used_by:
        return
    yield ctx.finding(
        0,
        fix=f"RESET '{entry.key}';",
        key=entry.key,
        path=entry.value,
        origin=entry.origin.describe(ctx.lang),
        line=used_by[0].line,
    )
