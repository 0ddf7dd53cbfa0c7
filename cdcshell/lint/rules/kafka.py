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
