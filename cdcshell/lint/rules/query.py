"""QRY: what the query itself does to state and to its sink, read with sqlglot (cdcshell/sql/query.py) in
`cdcshell lint` and the check before submit — never on the per-keystroke path. When the lint may ask the planner
(`Probes.planner`, an `EXPLAIN CHANGELOG_MODE` through the gateway), the planner's answer wins."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cdcshell.lint.context import CDC_CONNECTORS, JobSource, RuleContext
from cdcshell.lint.model import Finding
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.checkpoint import set_stmt
from cdcshell.lint.values import parse_bool

if TYPE_CHECKING:
    from cdcshell.sql.facts import TableDef
    from cdcshell.sql.query import QueryFacts

# Formats that carry a changelog (their decoders emit UPDATE/DELETE rows, their encoders accept them).
CHANGELOG_FORMATS = frozenset(
    {"debezium-json", "canal-json", "maxwell-json", "ogg-json", "debezium-avro-confluent"}
)
STATE_TTL = "table.exec.state.ttl"


@functools.lru_cache(maxsize=256)
def _facts(text: str) -> QueryFacts | None:
    """The joins and aggregates of a statement; without JOIN, GROUP BY or DISTINCT it has none, and sqlglot's
    parse (about 1 ms) is skipped: a script with thousands of plain INSERTs stays fast."""
    from cdcshell.sql.query import QueryFacts, may_keep_state, query_facts

    if not may_keep_state(text):
        return QueryFacts()
    return query_facts(text)


def _formats(table: TableDef) -> set[str]:
    return {(table.option(k) or "").strip().lower() for k in ("format", "value.format")} - {""}


def emits_changelog(src: JobSource) -> bool:
    """Whether a source emits UPDATE/DELETE rows: a CDC connector (unless it reads its changelog as append-only,
    'scan.read-changelog-as-append-only.enabled'), upsert-kafka, or a changelog format."""
    table = src.table
    if table is None:
        return False
    if table.connector in CDC_CONNECTORS:
        return not parse_bool(src.option("scan.read-changelog-as-append-only.enabled") or "false")
    if table.connector == "upsert-kafka":
        return True
    return bool(_formats(table) & CHANGELOG_FORMATS)


def append_only_sink(sink: JobSource) -> bool:
    """A sink that only takes inserts: kafka and filesystem with a plain format (KafkaDynamicSink and
    FileSystemTableSink ask for ChangelogMode.insertOnly()), and JDBC without a primary key
    (JdbcDynamicTableSink.validatePrimaryKey)."""
    table = sink.table
    if table is None:
        return False
    if table.connector in ("kafka", "filesystem"):
        return not (_formats(table) & CHANGELOG_FORMATS)
    if table.connector == "jdbc":
        return not table.primary_key
    return False


def _statement_text(ctx: RuleContext) -> str:
    return ctx.statement.text


@rule(
    "QRY001",
    "unbounded-state",
    severity="warning",
    scope="job",
    query_level=True,
    bad="""
CREATE TABLE orders (id INT, customer INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400');
CREATE TABLE customers (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5401');
INSERT INTO sink SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id;
""",
    good="""
SET 'table.exec.state.ttl' = '7 d';
CREATE TABLE orders (id INT, customer INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400');
CREATE TABLE customers (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5401');
INSERT INTO sink SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id;
""",
)
def unbounded_state(ctx: RuleContext) -> Iterable[Finding]:
    """A regular join keeps every row of both inputs, a GROUP BY outside a window every group, for as long as
    the job runs (StreamingJoinOperator / GroupAggFunction state without retention unless 'table.exec.state.ttl'
    is set, default 0 = forever). Over CDC changelogs that is the whole history of the tables: every checkpoint
    grows with them."""
    if ctx.job is None or ctx.job.kind == "select" or not ctx.streaming():
        return
    ttl = ctx.duration(STATE_TTL)
    if ttl:
        return
    changelog = [src for src in ctx.job_sources() if emits_changelog(src)]
    if not changelog:
        return
    facts = _facts(_statement_text(ctx))
    if facts is None:
        return
    what = "join" if facts.regular_joins else "group_by" if facts.aggregates else None
    if what is None:
        return
    yield ctx.finding(
        changelog[0].ref.offset,
        "message.join" if what == "join" else "message.group_by",
        fix=set_stmt(ctx.key_name(STATE_TTL), "7 d"),
        table=changelog[0].ref.name,
    )


@rule(
    "QRY002",
    "changelog-into-append-only-sink",
    severity="error",
    scope="job",
    query_level=True,
    bad="""
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400');
CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'format' = 'json');
INSERT INTO out SELECT id FROM orders;
""",
    good="""
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400');
CREATE TABLE out (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 'out',
  'key.format' = 'json', 'value.format' = 'json');
INSERT INTO out SELECT id FROM orders;
""",
)
def changelog_into_append_only(ctx: RuleContext) -> Iterable[Finding]:
    """Flink refuses the plan at submit with "Table sink '...' doesn't support consuming update changes which is
    produced by node ..." (seen on the 1.20.3 sandbox). Updates come from a changelog source, a GROUP BY outside
    a window, or an outer join. With the planner at hand (`Probes.planner`) its answer decides whether what the
    query reader suspects is so; it is asked only then, so an append-only job costs no round trip."""
    if ctx.job is None or ctx.job.kind == "select" or not ctx.streaming():
        return
    sinks = [s for s in ctx.job_sinks() if append_only_sink(s)]
    if not sinks:
        return
    changelog = [src for src in ctx.job_sources() if emits_changelog(src)]
    if changelog:
        source = changelog[0].ref.name
    else:
        facts = _facts(_statement_text(ctx))
        if facts is None or not facts.aggregates:
            return  # nothing suspected: the planner is not asked (no round trip for an append-only job)
        source = "GROUP BY"
    planner = ctx.probes.planner if ctx.probes is not None else None  # given only where it may be asked
    if planner is not None:
        answer = planner(_statement_text(ctx))
        if (
            answer is not None and answer.updates_into_sink is not None
        ):  # a plan without a sink line says nothing
            if answer.updates_into_sink:
                yield ctx.finding(
                    sinks[0].ref.offset,
                    "message.planner",
                    sink=sinks[0].ref.name,
                    reason=answer.rejected or "",
                )
            return
    yield ctx.finding(sinks[0].ref.offset, sink=sinks[0].ref.name, source=source)


RECOVERY = "execution.state-recovery.path"
IGNORE_UNCLAIMED = "execution.state-recovery.ignore-unclaimed-state"


def _normal(text: str) -> str:
    return " ".join(text.split()).rstrip(";").strip().lower()


def _minor(version: str | None) -> str | None:
    return ".".join(version.split(".")[:2]) if version else None


@rule(
    "QRY003",
    "savepoint-from-another-query-or-version",
    severity="warning",
    scope="job",
    query_level=True,
    bad="""
-- the savepoint was taken from: INSERT INTO sink SELECT id, COUNT(*) FROM orders GROUP BY id
SET 'execution.state-recovery.path' = 'file:///savepoints/savepoint-1a2b3c';
INSERT INTO sink SELECT id, COUNT(*), MAX(amount) FROM orders GROUP BY id;
""",
    good="""
SET 'execution.state-recovery.path' = 'file:///savepoints/savepoint-1a2b3c';
INSERT INTO sink SELECT id, COUNT(*) FROM orders GROUP BY id;  -- the same query on the same Flink version
""",
)
def savepoint_compatibility(ctx: RuleContext) -> Iterable[Finding]:
    """A SQL job's operator uids are generated from the optimized plan: another query, or another Flink version
    that plans it differently, gives operators whose state the savepoint cannot be mapped to. The restore then
    fails ("Failed to rollback to checkpoint/savepoint ... Cannot map checkpoint/savepoint state for operator"),
    or, with 'execution.state-recovery.ignore-unclaimed-state' = 'true' (allowNonRestoredState), the unmatched
    operators start empty: a CDC source reads its tables again from the start, an aggregation counts from zero.
    `COMPILE PLAN` / `EXECUTE PLAN` keeps the plan (and its uids) fixed across a Flink upgrade."""
    if ctx.job is None or ctx.job.kind == "select" or ctx.probes is None:
        return
    entry = ctx.get(RECOVERY)
    if entry is None or not entry.value.strip():
        return
    lookup = ctx.probes.savepoint_origin
    origin = lookup(entry.value.strip()) if lookup is not None else None
    if origin is None:
        return
    ignore = ctx.get(IGNORE_UNCLAIMED)
    allowed = bool(ignore and parse_bool(ignore.value))
    version_now = ".".join(str(p) for p in ctx.version)
    if _minor(origin.flink_version) and _minor(origin.flink_version) != version_now:
        yield ctx.finding(
            0, "message.version", path=entry.value, then=origin.flink_version or "", now=version_now
        )
        return
    if origin.statement is not None and _normal(origin.statement) != _normal(_statement_text(ctx)):
        yield ctx.finding(
            0, "message.lost" if allowed else "message", path=entry.value, then=origin.statement
        )
