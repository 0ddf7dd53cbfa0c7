"""Issue 13 against the shared sandbox: the planner's EXPLAIN CHANGELOG_MODE answer through the real gateway,
and the postgres-cdc checks that read the real PostgreSQL (the table's own primary key, the replication slots)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from cdcshell.gateway.client import GatewayClient
from cdcshell.lint.engine import lint_script
from cdcshell.lint.planner import explain_changelog
from cdcshell.lint.probes import Probes
from cdcshell.lint.probes.postgres import PostgresFacts

pytestmark = [pytest.mark.integration]


@pytest.fixture(scope="module")
def session(gateway_url: str) -> Iterator[tuple[GatewayClient, str]]:
    client = GatewayClient(gateway_url)
    client.negotiate()
    handle = client.open_session()
    for ddl in (
        "CREATE TEMPORARY TABLE src (id INT, v STRING) WITH ('connector' = 'datagen')",
        "CREATE TEMPORARY TABLE keyed (id INT, n BIGINT) WITH ('connector' = 'blackhole')",
        "CREATE TEMPORARY TABLE app (id INT, n BIGINT) WITH ('connector' = 'filesystem', "
        "'path' = 'file:///tmp/cdcshell-never-written', 'format' = 'csv')",
    ):
        client.execute_and_collect(handle, ddl)
    try:
        yield client, handle
    finally:
        client.close_session(handle)
        client.close()


def test_planner_says_a_group_by_emits_updates(session: tuple[GatewayClient, str]) -> None:
    client, handle = session
    answer = explain_changelog(client, handle, "INSERT INTO keyed SELECT id, COUNT(*) FROM src GROUP BY id")
    assert answer is not None and answer.sink_input == frozenset({"I", "UA"})
    plain = explain_changelog(client, handle, "INSERT INTO app SELECT id, CAST(id AS BIGINT) FROM src")
    assert plain is not None and plain.updates_into_sink is False


def test_planner_refuses_updates_into_an_append_only_sink(session: tuple[GatewayClient, str]) -> None:
    client, handle = session
    answer = explain_changelog(client, handle, "INSERT INTO app SELECT id, COUNT(*) FROM src GROUP BY id")
    assert answer is not None and answer.rejected is not None
    assert "doesn't support consuming update changes" in answer.rejected


# --- the real PostgreSQL -----------------------------------------------------------------------------------

psycopg = pytest.importorskip("psycopg")


@pytest.fixture(scope="module")
def pg_schema(postgres_dsn: str) -> Iterator[tuple[str, str]]:
    schema = "lint13_" + uuid.uuid4().hex[:8]
    with psycopg.connect(postgres_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"CREATE TABLE {schema}.nokey (id INT, code TEXT NOT NULL UNIQUE, note TEXT)")
        conn.execute(f"CREATE TABLE {schema}.keyed (id INT PRIMARY KEY, note TEXT)")
    try:
        yield postgres_dsn, schema
    finally:
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _ddl(dsn: str, schema: str, table: str) -> str:
    d = urlsplit(dsn)
    return (
        f"CREATE TABLE {table} (id INT, note STRING) WITH ('connector' = 'postgres-cdc', "
        f"'hostname' = '{d.hostname}', 'port' = '{d.port}', 'username' = '{d.username}', "
        f"'password' = '{d.password or ''}', 'database-name' = '{d.path.lstrip('/')}', 'schema-name' = '{schema}', "
        f"'table-name' = '{table}', 'slot.name' = '{schema}_{table}', 'decoding.plugin.name' = 'pgoutput', "
        "'scan.incremental.snapshot.enabled' = 'true');\n"
    )


@pytest.mark.postgres
def test_pg001_reads_the_real_table_key(pg_schema: tuple[str, str]) -> None:
    dsn, schema = pg_schema
    probes = Probes(allowed=True, timeout=5.0)
    found = [
        f
        for f in lint_script(
            _ddl(dsn, schema, "nokey"), flink_version="1.20", probes=probes, lang="en"
        ).findings
        if f.rule == "PG001"
    ]
    assert (
        len(found) == 1
        and found[0].severity == "error"
        and "no primary key in PostgreSQL" in found[0].message
    )
    assert found[0].fix == "ALTER TABLE nokey SET ('scan.incremental.snapshot.chunk.key-column' = 'code');"
    keyed = lint_script(
        _ddl(dsn, schema, "keyed"), flink_version="1.20", probes=Probes(allowed=True), lang="en"
    )
    assert not [f for f in keyed.findings if f.rule == "PG001"]


@pytest.mark.postgres
def test_probe_reads_slots_and_rds_membership(pg_schema: tuple[str, str]) -> None:
    from cdcshell.sql.facts import TableDef, parse_statement

    dsn, schema = pg_schema
    table = parse_statement(_ddl(dsn, schema, "keyed"))
    assert isinstance(table, TableDef)
    facts = Probes(allowed=True, timeout=5.0).postgres(table)
    assert isinstance(facts, PostgresFacts), facts
    assert facts.max_replication_slots is not None and facts.max_replication_slots >= 1
    assert facts.rds_replication is False
    assert [t.primary_key for t in facts.tables] == [("id",)]
