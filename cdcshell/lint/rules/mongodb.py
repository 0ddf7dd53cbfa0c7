"""MDB: mongodb-cdc. The connector resumes from a change-stream resume token saved in checkpoints; the token is
only good while the oplog still holds the entry it points at. A quiet collection never moves the token forward
unless heartbeats are on, and an oplog shorter than the time a job may be down loses the position."""

from __future__ import annotations

from collections.abc import Iterable

from cdcshell.lint.context import RuleContext, connector_option
from cdcshell.lint.model import Finding
from cdcshell.lint.probes import ProbeFailure
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.connector_options import alter_set
from cdcshell.lint.values import format_seconds

CONNECTOR = "mongodb-cdc"


@rule(
    "MDB001",
    "no-heartbeat",
    severity="warning",
    scope="table",
    bad="""
CREATE TABLE products (_id STRING, PRIMARY KEY (_id) NOT ENFORCED) WITH (
  'connector' = 'mongodb-cdc', 'hosts' = 'localhost:27017', 'database' = 'shop', 'collection' = 'products');
""",
    good="""
CREATE TABLE products (_id STRING, PRIMARY KEY (_id) NOT ENFORCED) WITH (
  'connector' = 'mongodb-cdc', 'hosts' = 'localhost:27017', 'database' = 'shop', 'collection' = 'products',
  'heartbeat.interval.ms' = '30000');
""",
)
def no_heartbeat(ctx: RuleContext) -> Iterable[Finding]:
    table = ctx.table_def
    if table is None or table.connector != CONNECTOR:
        return
    value = connector_option(table, "heartbeat.interval.ms", ctx.catalog) or "0"
    try:
        off = int(value.strip()) <= 0
    except ValueError:
        return  # CON002 reports the value
    if off:
        opt = table.options.get("heartbeat.interval.ms")
        yield ctx.finding(
            opt.value_offset if opt else table.name_offset,
            fix=alter_set(table, "heartbeat.interval.ms", "30000"),
            table=table.name,
        )


@rule(
    "MDB002",
    "oplog-window-short",
    severity="warning",
    scope="job",
    bad="-- the oplog of the replica set covers 2 h; the job may be down for 4 h\nINSERT INTO sink SELECT * FROM products;",
    good="-- oplog sized to cover the longest outage plus one checkpoint interval (replSetResizeOplog)",
)
def oplog_window(ctx: RuleContext) -> Iterable[Finding]:
    probes = ctx.probes
    if ctx.job is None or probes is None or not ctx.streaming():
        return
    interval = ctx.checkpoint_interval() or 0.0
    needed = probes.max_downtime + interval
    for src in ctx.job_sources():
        if src.connector != CONNECTOR or src.table is None:
            continue
        if probes.oplog_window is not None:
            window, variant = probes.oplog_window, "message.declared"
        else:
            measured = probes.mongodb_oplog_window(src.table)
            if measured is None:
                continue
            if isinstance(measured, ProbeFailure):
                yield ctx.finding(
                    src.ref.offset,
                    "message.unreachable",
                    table=src.ref.name,
                    target=measured.target,
                    reason=measured.reason,
                )
                continue
            window, variant = measured.seconds, "message.measured"
        if window < needed:
            yield ctx.finding(
                src.ref.offset,
                variant,
                table=src.ref.name,
                window=format_seconds(round(window)),
                downtime=format_seconds(probes.max_downtime),
                interval=format_seconds(interval),
                needed=format_seconds(round(needed)),
            )
