"""MY: mysql-cdc. Each parallel reader connects to MySQL as a replica with its own server id; two readers (or
two jobs, or a real replica) with the same id kick each other off the binlog. The incremental snapshot (the
default) needs a key, and the binlog must still hold the position a checkpoint saved when the job resumes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdcshell.lint.context import JobRecord, JobSource, RuleContext, connector_option
from cdcshell.lint.model import Finding
from cdcshell.lint.probes import Probes, RunningJob, ServerIdClaim
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.connector_options import alter_set
from cdcshell.lint.values import format_seconds, parse_bool

CONNECTOR = "mysql-cdc"
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def server_id_range(value: str) -> tuple[int, int] | None:
    """(first, last) of '5400' or '5400-5408'; None when it is neither."""
    m = _RANGE.match(value)
    if not m:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    return (lo, hi) if hi >= lo else None


def server_id_count(value: str) -> int | None:
    """How many ids '5400' or '5400-5408' gives; None when it is neither."""
    r = server_id_range(value)
    return None if r is None else r[1] - r[0] + 1


def _incremental(ctx: RuleContext, src: JobSource) -> bool:
    return bool(
        parse_bool(
            connector_option(src.table, "scan.incremental.snapshot.enabled", ctx.catalog, src) or "true"
        )
    )


def _readers(ctx: RuleContext, src: JobSource) -> int:
    """How many binlog clients the source opens: one per reader with the incremental snapshot
    ('scan.parallelism' over the job's parallelism), one for the legacy source."""
    if not _incremental(ctx, src):
        return 1
    explicit = src.option("scan.parallelism")
    if explicit and explicit.strip().isdigit():
        return max(int(explicit), 1)
    return ctx.parallelism()


def _server(src: JobSource) -> tuple[str, str]:
    assert src.table is not None
    return (
        (src.table.option("hostname") or "").strip().lower(),
        (src.table.option("port") or "3306").strip(),
    )


def _id_ranges(
    sources: Iterable[JobSource],
) -> dict[tuple[str, str], list[tuple[tuple[int, int], JobSource]]]:
    """The server-id ranges of mysql-cdc sources, indexed by MySQL server (ids only clash on one server)."""
    out: dict[tuple[str, str], list[tuple[tuple[int, int], JobSource]]] = {}
    for src in sources:
        if src.connector != CONNECTOR or src.table is None:
            continue
        value = src.option("server-id")
        r = server_id_range(value) if value else None
        if r is not None:
            out.setdefault(_server(src), []).append((r, src))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def server_id_claims(sources: Iterable[JobSource]) -> tuple[ServerIdClaim, ...]:
    """The server-id ranges the mysql-cdc sources of a job hold, per MySQL server: what another job's MY001
    compares its own ranges with (`lint/running_jobs.py` builds them from the job journal)."""
    return tuple(
        ServerIdClaim(host, port, r[0], r[1], src.ref.name)
        for (host, port), ranges in _id_ranges(sources).items()
        for r, src in ranges
    )


@rule(
    "MY001",
    "server-id-range",
    severity="error",
    scope="job",
    bad="""
SET 'table.exec.resource.default-parallelism' = '4';
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400');
INSERT INTO sink SELECT * FROM orders;
""",
    good="""
SET 'table.exec.resource.default-parallelism' = '4';
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400-5403');
INSERT INTO sink SELECT * FROM orders;
""",
)
def server_ids(ctx: RuleContext) -> Iterable[Finding]:
    """MySqlSourceReader gives subtask i the i-th id of the range (ServerIdRange.getServerId) and fails when the
    range is shorter than the parallelism; two binlog clients with one id on one server disconnect each other,
    so ranges must not overlap between tables of a job or between jobs (earlier INSERTs of the script, and the
    jobs this machine submitted to the same gateway that still run: `Probes.running_jobs`)."""
    if ctx.job is None:
        return
    sources = ctx.job_sources()
    for src in sources:
        if src.connector != CONNECTOR or src.table is None:
            continue
        parallelism = _readers(ctx, src)
        value = src.option("server-id")
        if value is None:
            yield ctx.finding(
                src.ref.offset,
                "message.missing",
                severity="warning",
                fix=alter_set(
                    src.table, "server-id", f"5400-{5400 + parallelism - 1}" if parallelism > 1 else "5400"
                ),
                table=src.ref.name,
            )
            continue
        count = server_id_count(value)
        if count is not None and count < parallelism:
            hint = src.ref.hints.get("server-id")
            offset = hint.value_offset if hint else src.ref.offset
            start = value.split("-")[0].strip()
            yield ctx.finding(
                offset,
                "message.one" if count == 1 else "message",
                fix=alter_set(src.table, "server-id", f"{start}-{int(start) + parallelism - 1}"),
                table=src.ref.name,
                value=value,
                count=count,
                parallelism=parallelism,
            )
    # overlapping ranges: inside this job, then against earlier jobs of the script
    mine = _id_ranges(sources)
    for ranges in mine.values():
        for i, (r, src) in enumerate(ranges):
            for r2, other in ranges[i + 1 :]:
                if _overlap(r, r2) and other.ref.parts != src.ref.parts:
                    yield ctx.finding(
                        other.ref.offset, "message.overlap", table=other.ref.name, other=src.ref.name
                    )
    job = _first_overlapping_job(ctx, mine)
    if job is not None:
        theirs = _id_ranges(job.sources)
        for server, ranges in mine.items():
            for r, src in ranges:
                for r2, old in theirs.get(server, ()):
                    if _overlap(r, r2):
                        yield ctx.finding(
                            src.ref.offset,
                            "message.overlap_job",
                            table=src.ref.name,
                            other=old.ref.name,
                            line=job.line,
                        )
                        return
    if mine and ctx.probes is not None:
        for src, running, claim in _clashing_running_jobs(ctx.probes, mine):
            name = f"{running.job_id[:8]} ({running.name})" if running.name else running.job_id[:8]
            fix = f"STOP JOB '{running.job_id}' WITH SAVEPOINT;"
            if running.running is None:
                yield ctx.finding(
                    src.ref.offset,
                    "message.overlap_journal",
                    severity="warning",
                    fix=fix,
                    table=src.ref.name,
                    other=claim.table,
                    job=name,
                    reason=running.unknown_reason,
                )
            else:
                yield ctx.finding(
                    src.ref.offset,
                    "message.overlap_running",
                    fix=fix,
                    table=src.ref.name,
                    other=claim.table,
                    job=name,
                    ids=f"{claim.first}-{claim.last}" if claim.last > claim.first else str(claim.first),
                )


_WIDE_RANGE = 4096  # a range this long is not indexed id by id; jobs holding one are compared directly


def _job_server_ids(job: JobRecord) -> list[tuple[tuple[str, str], int | str]]:
    """Index keys of a recorded job: (server, id) for every id of its mysql-cdc ranges, or (server, "wide")."""
    keys: list[tuple[tuple[str, str], int | str]] = []
    for server, ranges in _id_ranges(job.sources).items():
        for (lo, hi), _src in ranges:
            if hi - lo >= _WIDE_RANGE:
                keys.append((server, "wide"))
            else:
                keys.extend((server, i) for i in range(lo, hi + 1))
    return keys


def _first_overlapping_job(
    ctx: RuleContext, mine: dict[tuple[str, str], list[tuple[tuple[int, int], JobSource]]]
) -> JobRecord | None:
    """The earliest earlier job of the script whose server-id ranges overlap this job's, found through an index
    of (server, id) kept as jobs are recorded: comparing with every earlier job made a script with thousands of
    pipelines quadratic. Wide ranges (thousands of ids) are compared directly."""
    if not mine:
        return None
    jobs = ctx.earlier_jobs
    first = jobs.first_with(_job_server_ids)
    positions: list[int] = []
    for server, ranges in mine.items():
        if (server, "wide") in first:
            positions += [
                n
                for n, job in enumerate(jobs)
                if any(
                    _overlap(r, r2) for r, _s in ranges for r2, _o in _id_ranges(job.sources).get(server, ())
                )
            ][:1]
        for (lo, hi), _src in ranges:
            if hi - lo >= _WIDE_RANGE:
                positions += [
                    n
                    for n, job in enumerate(jobs)
                    if any(_overlap((lo, hi), r2) for r2, _o in _id_ranges(job.sources).get(server, ()))
                ][:1]
            else:
                positions += [first[(server, i)] for i in range(lo, hi + 1) if (server, i) in first]
    return jobs[min(positions)] if positions else None


def _clashing_running_jobs(
    probes: Probes, mine: dict[tuple[str, str], list[tuple[tuple[int, int], JobSource]]]
) -> Iterable[tuple[JobSource, RunningJob, ServerIdClaim]]:
    """The jobs this machine submitted to the same gateway that still run (the job journal, the JobManager
    saying which run) whose server ids overlap a source's of this job: the first such job per source."""
    for (host, port), ranges in mine.items():
        for r, src in ranges:
            for job in probes.other_jobs():
                claim = next(
                    (
                        c
                        for c in job.server_ids
                        if (c.host, c.port) == (host, port) and _overlap(r, (c.first, c.last))
                    ),
                    None,
                )
                if claim is not None:
                    yield src, job, claim
                    break


@rule(
    "MY002",
    "incremental-snapshot-without-key",
    severity="error",
    scope="table",
    bad="""
CREATE TABLE orders (id INT, note STRING) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400-5403');
""",
    good="""
CREATE TABLE orders (id INT, note STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'mysql-cdc', 'server-id' = '5400-5403');
""",
)
def incremental_without_key(ctx: RuleContext) -> Iterable[Finding]:
    """mysql-cdc's incremental snapshot (on by default) needs the Flink DDL's PRIMARY KEY or
    'scan.incremental.snapshot.chunk.key-column': MySqlTableSourceFactory.validatePrimaryKeyIfEnableParallel
    fails planning otherwise. The fix names no column: the first column may be nullable, and a nullable chunk
    key loses the NULL rows' chunk boundaries."""
    table = ctx.table_def
    if table is None or table.connector != CONNECTOR or table.as_select or table.primary_key:
        return
    if table.option("scan.incremental.snapshot.chunk.key-column"):
        return
    enabled = connector_option(table, "scan.incremental.snapshot.enabled", ctx.catalog)
    if not parse_bool(enabled or "true"):
        return
    yield ctx.finding(table.name_offset, table=table.name)


# --- the binlog the job resumes from (needs --connect) ----------------------------------------------------


@rule(
    "MY003",
    "binlog-purged-before-resume",
    severity="error",
    scope="job",
    needs_connection=True,
    bad="-- binlog_expire_logs_seconds = 3600, the job may be down for 4 h\nINSERT INTO sink SELECT * FROM orders;",
    good="SET PERSIST binlog_expire_logs_seconds = 604800;  -- run in MySQL: keep 7 days of binlog",
)
def binlog_purged(ctx: RuleContext) -> Iterable[Finding]:
    """The most reported mysql-cdc failure: on resume the binlog reader seeks the file/position (or GTID set)
    saved in the checkpoint; once MySQL purged that binlog the job fails with "The connector is trying to read
    binlog starting at ..., but this is no longer available on the server"
    (io.debezium.connector.mysql.util.ErrorMessageUtils). The binlog must outlive the checkpoint interval plus
    the longest time the job is down (--max-downtime, or the age of the state it resumes from when known:
    `Probes.resume_age`). The reader also needs binlog_format = ROW and binlog_row_image = FULL
    (MySqlValidator.checkBinlogFormat / checkBinlogRowImage fail the job at start otherwise)."""
    probes = ctx.probes
    if ctx.job is None or probes is None or not probes.allowed:
        return
    from cdcshell.lint.probes.mysql import MysqlFacts

    interval = ctx.checkpoint_interval() or 0.0
    recovery = ctx.get("execution.state-recovery.path")
    down = max(probes.max_downtime, probes.resume_age(recovery.value if recovery else None) or 0.0)
    for src in ctx.job_sources():
        if src.connector != CONNECTOR or src.table is None:
            continue
        facts = probes.mysql(src.table)
        if not isinstance(facts, MysqlFacts):
            continue
        gtid = facts.gtid_mode or ("MariaDB" if facts.is_mariadb else "OFF")
        if facts.binlog_format.upper() != "ROW":
            yield ctx.finding(
                src.ref.offset,
                "message.format",
                fix="SET PERSIST binlog_format = 'ROW';",
                table=src.ref.name,
                value=facts.binlog_format,
            )
        if facts.binlog_row_image.upper() != "FULL":
            yield ctx.finding(
                src.ref.offset,
                "message.row_image",
                fix="SET PERSIST binlog_row_image = 'FULL';",
                table=src.ref.name,
                value=facts.binlog_row_image,
            )
        expire = facts.retention_seconds
        if expire and expire < interval + down:
            keep = max(int(interval + down) * 2, 7 * 86400)
            yield ctx.finding(
                src.ref.offset,
                "message.expire",
                fix=f"SET PERSIST binlog_expire_logs_seconds = {keep};",
                table=src.ref.name,
                expire=format_seconds(expire),
                needed=format_seconds(interval + down),
                gtid=gtid,
            )
