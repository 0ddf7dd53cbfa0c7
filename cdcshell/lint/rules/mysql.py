"""MY: mysql-cdc. Each parallel reader joins the MySQL cluster as a replica with its own server id; two readers
(or two jobs, or a real replica) with the same id kick each other off the binlog."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdcshell.lint.context import RuleContext, connector_option
from cdcshell.lint.model import Finding
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.connector_options import alter_set
from cdcshell.lint.values import parse_bool

CONNECTOR = "mysql-cdc"
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def server_id_count(value: str) -> int | None:
    """How many ids '5400' or '5400-5408' gives; None when it is neither."""
    m = _RANGE.match(value)
    if not m:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    return hi - lo + 1 if hi >= lo else None


@rule(
    "MY001",
    "server-id-range",
    severity="error",
    scope="job",
    bad="""
SET 'parallelism.default' = '4';
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400');
INSERT INTO sink SELECT * FROM orders;
""",
    good="""
SET 'parallelism.default' = '4';
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400-5403');
INSERT INTO sink SELECT * FROM orders;
""",
)
def server_id_range(ctx: RuleContext) -> Iterable[Finding]:
    if ctx.job is None:
        return
    for src in ctx.job_sources():
        if src.connector != CONNECTOR or src.table is None:
            continue
        incremental = parse_bool(
            connector_option(src.table, "scan.incremental.snapshot.enabled", ctx.catalog, src) or "true"
        )
        parallelism = ctx.parallelism() if incremental else 1
        explicit = src.option("scan.parallelism")
        if incremental and explicit and explicit.strip().isdigit():
            parallelism = max(int(explicit), 1)
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
                fix=alter_set(src.table, "server-id", f"{start}-{int(start) + parallelism - 1}"),
                table=src.ref.name,
                value=value,
                count=count,
                parallelism=parallelism,
            )
