"""KF: Kafka sinks with exactly-once delivery write in transactions that are committed on checkpoints: without
checkpointing nothing is ever committed (readers with read_committed see nothing), and without a transactional
id prefix the connector refuses the table."""

from __future__ import annotations

from collections.abc import Iterable

from cdcshell.lint.context import KAFKA_CONNECTORS, RuleContext
from cdcshell.lint.model import Finding
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.checkpoint import INTERVAL, set_stmt
from cdcshell.lint.rules.connector_options import alter_set
from cdcshell.lint.values import format_seconds
from cdcshell.sql.facts import TableDef


def _exactly_once(table: TableDef) -> bool:
    guarantee = (table.option("sink.delivery-guarantee") or "").strip().lower()
    semantic = (table.option("sink.semantic") or "").strip().lower()  # the pre-1.15 name
    return guarantee == "exactly-once" or semantic == "exactly-once"


@rule(
    "KF001",
    "exactly-once-without-checkpoints",
    severity="error",
    scope="job",
    bad="""
CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'out');
INSERT INTO out SELECT * FROM orders;
""",
    good="""
SET 'execution.checkpointing.interval' = '30s';
CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'out');
INSERT INTO out SELECT * FROM orders;
""",
)
def exactly_once_without_checkpoints(ctx: RuleContext) -> Iterable[Finding]:
    if ctx.job is None or not ctx.streaming() or ctx.checkpointing_on():
        return
    for sink in ctx.job_sinks():
        if sink.table is not None and sink.connector in KAFKA_CONNECTORS and _exactly_once(sink.table):
            yield ctx.finding(
                sink.ref.offset, fix=set_stmt(ctx.key_name(INTERVAL), "30s"), table=sink.ref.name
            )


@rule(
    "KF002",
    "exactly-once-without-transactional-id-prefix",
    severity="error",
    scope="table",
    bad="""
CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'sink.delivery-guarantee' = 'exactly-once');
""",
    good="""
CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'out');
""",
)
def exactly_once_without_prefix(ctx: RuleContext) -> Iterable[Finding]:
    table = ctx.table_def
    if table is None or table.connector not in KAFKA_CONNECTORS or not _exactly_once(table):
        return
    if (table.option("sink.transactional-id-prefix") or "").strip():
        return
    opt = table.options.get("sink.delivery-guarantee") or table.options.get("sink.semantic")
    prefix = "".join(ch if ch.isalnum() else "-" for ch in table.parts[-1])
    yield ctx.finding(
        opt.key_offset if opt else table.name_offset,
        fix=alter_set(table, "sink.transactional-id-prefix", prefix),
        table=table.name,
    )


# KafkaSinkBuilder.DEFAULT_KAFKA_TRANSACTION_TIMEOUT (1 h) and the broker's default transaction.max.timeout.ms.
SINK_DEFAULT_TRANSACTION_TIMEOUT = 3600.0
BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT = 900.0
TX_TIMEOUT = "properties.transaction.timeout.ms"


@rule(
    "KF003",
    "exactly-once-transaction-timeout",
    severity="error",
    scope="job",
    bad="""
SET 'execution.checkpointing.interval' = '30s';
CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'out');
INSERT INTO out SELECT * FROM orders;
""",
    good="""
SET 'execution.checkpointing.interval' = '30s';
CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'out', 'properties.transaction.timeout.ms' = '900000');
INSERT INTO out SELECT * FROM orders;
""",
)
def transaction_timeout(ctx: RuleContext) -> Iterable[Finding]:
    """An exactly-once Kafka sink without 'properties.transaction.timeout.ms' asks for 1 h
    (KafkaSinkBuilder.DEFAULT_KAFKA_TRANSACTION_TIMEOUT), above the broker's default transaction.max.timeout.ms
    of 15 min: InitProducerId fails and the job never starts. The timeout must also outlast the longest
    checkpoint plus a restart, or the broker aborts a transaction Flink still means to commit (data loss). The
    broker's own limit is unknown offline, so only its default is assumed."""
    if ctx.job is None or not ctx.streaming():
        return
    interval = ctx.checkpoint_interval() or 0.0
    timeout_cfg = ctx.duration("execution.checkpointing.timeout") or 600.0
    for sink in ctx.job_sinks():
        table = sink.table
        if table is None or table.connector != "kafka" or not _exactly_once(table):
            continue
        raw = (table.option(TX_TIMEOUT) or "").strip()
        value = float(raw) / 1000.0 if raw.isdigit() else SINK_DEFAULT_TRANSACTION_TIMEOUT
        opt = table.options.get(TX_TIMEOUT)
        offset = opt.value_offset if opt else sink.ref.offset
        ceiling = _broker_ceiling(ctx, table)
        if value > ceiling:
            yield ctx.finding(
                offset,
                fix=alter_set(table, TX_TIMEOUT, str(int(ceiling * 1000))),
                table=sink.ref.name,
                timeout=format_seconds(value),
                ceiling=format_seconds(ceiling),
            )
        elif interval and value < interval + timeout_cfg:
            yield ctx.finding(
                offset,
                "message.short",
                severity="warning",
                fix="",
                table=sink.ref.name,
                timeout=format_seconds(value),
                needed=format_seconds(interval + timeout_cfg),
            )


def _broker_ceiling(ctx: RuleContext, table: TableDef) -> float:
    """The broker's transaction.max.timeout.ms in seconds: asked with --connect (probes.kafka), else Kafka's
    default of 15 min."""
    probes = ctx.probes
    if probes is not None and probes.allowed:
        from cdcshell.lint.probes.kafka import BrokerConfig

        answer = probes.kafka_broker(table)
        if isinstance(answer, BrokerConfig):
            ms = answer.int_value("transaction.max.timeout.ms")
            if ms:
                return ms / 1000.0
    return BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT
