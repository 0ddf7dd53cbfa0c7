"""MY003 against the sandbox's real MariaDB (started with the sandbox when a `mysql` test runs): the probe's
answer, as MY003 reads it, says nothing for a healthy binlog and fires when the job may be down longer than the
server keeps its binlog."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from cdcshell.lint.engine import lint_script
from cdcshell.lint.probes import Probes

pytestmark = [pytest.mark.integration, pytest.mark.mysql]


def _script(url: str) -> str:
    d = urlsplit(url)
    return (
        "SET 'execution.checkpointing.interval' = '30s';\n"
        "CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');\n"
        f"CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
        f"'hostname' = '{d.hostname}', 'port' = '{d.port}', 'username' = '{d.username}', "
        f"'password' = '{d.password or ''}', 'database-name' = '{d.path.lstrip('/')}', 'table-name' = 'orders', "
        "'server-id' = '5400');\n"
        "INSERT INTO sink SELECT id FROM orders;\n"
    )


def test_my003_on_the_real_binlog(mysql_url: str) -> None:
    probes = Probes(allowed=True, timeout=5.0)
    facts = probes.mysql(_table(mysql_url))
    from cdcshell.lint.probes.mysql import MysqlFacts

    assert isinstance(facts, MysqlFacts), facts
    keep = facts.retention_seconds
    found = [
        f
        for f in lint_script(_script(mysql_url), flink_version="1.20", probes=probes, lang="en").findings
        if f.rule == "MY003"
    ]
    if keep is None:
        assert not [f for f in found if "no longer available" in f.message]  # kept until purged by hand
    # a downtime longer than the retention always fires
    long_down = Probes(allowed=True, timeout=5.0, max_downtime=(keep or 0) + 10 * 86400.0)
    later = [
        f
        for f in lint_script(_script(mysql_url), flink_version="1.20", probes=long_down, lang="en").findings
        if f.rule == "MY003" and "no longer available" in f.message
    ]
    assert bool(later) == (keep is not None)


def _table(url: str):  # type: ignore[no-untyped-def]
    from cdcshell.sql.facts import TableDef, parse_statement

    table = parse_statement(_script(url).splitlines()[2])
    assert isinstance(table, TableDef)
    return table
