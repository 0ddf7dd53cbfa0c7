"""Checks that connect to databases. The oplog window is read with pymongo's API from mongomock (no MongoDB
server can be installed here): `oplog_window()` is the same function that reads a real `MongoClient`. The
PostgreSQL rules are tested here on the facts a probe returns; the probe itself runs against a real PostgreSQL
in tests/integration/test_lint_postgres.py."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import bson
import mongomock
import pytest

from cdcshell.lint.probes import ProbeFailure, Probes
from cdcshell.lint.probes.mongodb import OplogWindow, connection_uri, oplog_window, probe
from cdcshell.lint.probes.postgres import PostgresFacts, TableFacts, table_filter
from cdcshell.redact import redact_url
from cdcshell.sql.facts import TableDef, parse_statement
from tests.unit.test_lint_helpers import CHECKPOINTED, only

MONGO_TABLE = (
    "CREATE TABLE products (_id STRING, PRIMARY KEY (_id) NOT ENFORCED) WITH ('connector' = 'mongodb-cdc', "
    "'hosts' = 'mongo1:27017,mongo2:27017', 'username' = 'flink', 'password' = 'p@ss', 'database' = 'shop', "
    "'collection' = 'products', 'heartbeat.interval.ms' = '30000', 'connection.options' = 'replicaSet=rs0');\n"
)
JOB = CHECKPOINTED + MONGO_TABLE + "INSERT INTO sink SELECT * FROM products;"


def fake_mongo(first: int, last: int) -> mongomock.MongoClient:
    client = mongomock.MongoClient()
    oplog = client["local"]["oplog.rs"]
    # natural order is insertion order, as in a real oplog; the middle entry is out of ts order on purpose
    for ts in (first, (first + last) // 2, first + 1, last):
        oplog.insert_one({"ts": bson.Timestamp(ts, 1), "op": "n", "o": {"msg": "periodic noop"}})
    return client


def test_oplog_window_reads_first_and_last_entry() -> None:
    window = oplog_window(fake_mongo(1_700_000_000, 1_700_007_200))
    assert window is not None and round(window.seconds) == 7200


def test_no_oplog_is_none() -> None:
    assert oplog_window(mongomock.MongoClient()) is None


def test_connection_uri_from_table_options() -> None:
    table = parse_statement(MONGO_TABLE)
    assert isinstance(table, TableDef)
    uri = connection_uri(table)
    assert uri == "mongodb://flink:p%40ss@mongo1:27017,mongo2:27017/?replicaSet=rs0"
    assert redact_url(uri) == "mongodb://flink:******@mongo1:27017,mongo2:27017/?replicaSet=rs0"


def test_probe_through_the_client_factory_and_failures() -> None:
    seen: list[tuple[str, float]] = []

    def factory(uri: str, timeout: float) -> Any:
        seen.append((uri, timeout))
        return fake_mongo(0, 600)

    result = probe("mongodb://h:27017/", 2.0, factory)
    assert isinstance(result, OplogWindow) and result.seconds == 600 and seen == [("mongodb://h:27017/", 2.0)]

    def refuse(uri: str, timeout: float) -> Any:
        raise ConnectionError("connection refused\nmore detail")

    failed = probe("mongodb://u:secret@h:27017/", 2.0, refuse)
    assert isinstance(failed, ProbeFailure) and failed.reason == "connection refused"
    assert "secret" not in failed.target


def test_real_pymongo_client_times_out_quickly() -> None:
    """The default path builds a real MongoClient; nothing listens on port 1, so it fails within the timeout.

    pymongo's own default server selection timeout is 30 s: a probe that ignored ours would take that long. The
    bound is generous for a loaded machine and still far below 30 s."""
    started = time.monotonic()
    failed = probe("mongodb://127.0.0.1:1/", 0.2)
    elapsed = time.monotonic() - started
    assert isinstance(failed, ProbeFailure)
    assert elapsed < 10, f"the 0.2 s probe timeout was not applied: {elapsed:.1f} s"


def test_mdb002_measured_window_too_short() -> None:
    probes = Probes(allowed=True, max_downtime=4 * 3600, mongo_client=lambda uri, t: fake_mongo(0, 2 * 3600))
    found = only(JOB, "MDB002", probes=probes)
    assert len(found) == 1 and "2 h" in found[0].message and "4 h" in found[0].message


def test_mdb002_quiet_when_the_window_is_long_enough_or_not_allowed() -> None:
    probes = Probes(allowed=True, max_downtime=3600, mongo_client=lambda uri, t: fake_mongo(0, 48 * 3600))
    assert not only(JOB, "MDB002", probes=probes)
    calls: list[str] = []
    forbidden = Probes(allowed=False, mongo_client=lambda uri, t: calls.append(uri))
    assert not only(JOB, "MDB002", probes=forbidden) and calls == []


def test_mdb002_declared_window_needs_no_connection() -> None:
    found = only(JOB, "MDB002", probes=Probes(oplog_window=1800, max_downtime=3600))
    assert len(found) == 1 and "declared" in found[0].message
    assert not only(JOB, "MDB002", probes=Probes(oplog_window=86400, max_downtime=3600))


def test_mdb002_reports_an_unreachable_server() -> None:
    def refuse(uri: str, timeout: float) -> Any:
        raise ConnectionError("timed out")

    found = only(JOB, "MDB002", probes=Probes(allowed=True, mongo_client=refuse))
    assert len(found) == 1 and "timed out" in found[0].message and "p@ss" not in found[0].message


def test_probe_results_are_cached_per_server() -> None:
    calls: list[str] = []

    def factory(uri: str, timeout: float) -> Any:
        calls.append(uri)
        return fake_mongo(0, 600)

    probes = Probes(allowed=True, mongo_client=factory)
    only(JOB + "\nINSERT INTO sink SELECT * FROM products;", "MDB002", probes=probes)
    assert len(calls) == 1


# --- PostgreSQL rules on probe facts -----------------------------------------------------------------------


class CannedProbes(Probes):
    def __init__(self, facts: PostgresFacts | ProbeFailure) -> None:
        super().__init__(allowed=True)
        self.facts = facts

    def postgres(self, table: TableDef) -> PostgresFacts | ProbeFailure | None:
        return self.facts


PG_TABLE = (
    "CREATE TABLE shipments (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
    "'hostname' = 'db', 'username' = 'flink', 'database-name' = 'shop', 'schema-name' = 'public', "
    "'table-name' = 'shipments', 'slot.name' = 'ship', 'decoding.plugin.name' = 'pgoutput', "
    "'scan.incremental.snapshot.enabled' = 'true');\n"
)
PG_JOB = CHECKPOINTED + PG_TABLE + "INSERT INTO sink SELECT * FROM shipments;"


def facts(**kw: Any) -> PostgresFacts:
    base: dict[str, Any] = dict(
        target="postgresql://flink@db:5432/shop",
        wal_level="logical",
        role="flink",
        superuser=False,
        replication=True,
        can_create_in_db=True,
        tables=[TableFacts("public", "shipments", "f", 10, True, primary_key=("id",))],
        plugin="pgoutput",
        publication="dbz_publication",
        publication_exists=True,
        published=frozenset({("public", "shipments")}),
    )
    base.update(kw)
    return PostgresFacts(**base)


def test_pg_probe_rules_quiet_on_a_ready_database() -> None:
    assert [f.rule for f in only(PG_JOB, "PG004", probes=CannedProbes(facts()))] == []
    from tests.unit.test_lint_helpers import lint

    assert lint(PG_JOB, probes=CannedProbes(facts())) == []


@pytest.mark.parametrize(
    ("change", "code", "fix"),
    [
        (
            {"tables": [TableFacts("public", "shipments", "d", 10, True)]},
            "PG004",
            "ALTER TABLE public.shipments REPLICA IDENTITY FULL;",
        ),
        ({"replication": False}, "PG005", "ALTER ROLE flink REPLICATION;"),
        ({"wal_level": "replica"}, "PG006", "ALTER SYSTEM SET wal_level = logical;"),
        (
            {"publication_exists": False},
            "PG007",
            "CREATE PUBLICATION dbz_publication FOR TABLE public.shipments;",
        ),
    ],
)
def test_pg_probe_rules_fire(change: dict[str, Any], code: str, fix: str) -> None:
    found = only(PG_JOB, code, probes=CannedProbes(facts(**change)))
    assert len(found) == 1 and found[0].severity == "error" and found[0].fix == fix


def test_pg007_quiet_when_the_role_may_create_it_or_another_plugin() -> None:
    assert not only(PG_JOB, "PG007", probes=CannedProbes(facts(publication_exists=False, superuser=True)))
    filtered = facts(publication_exists=False, autocreate_mode="filtered")
    assert not only(PG_JOB, "PG007", probes=CannedProbes(filtered))
    assert not only(
        PG_JOB, "PG007", probes=CannedProbes(facts(publication_exists=False, plugin="decoderbufs"))
    )


def test_pg007_existing_publication_without_the_table() -> None:
    found = only(PG_JOB, "PG007", probes=CannedProbes(facts(published=frozenset())))
    assert len(found) == 1 and "never arrive" in found[0].message
    assert found[0].fix == "ALTER PUBLICATION dbz_publication ADD TABLE public.shipments;"
    assert not only(
        PG_JOB, "PG007", probes=CannedProbes(facts(published=frozenset(), publication_all_tables=True))
    )
    disabled = facts(publication_exists=False, superuser=True, autocreate_mode="disabled")
    assert only(PG_JOB, "PG007", probes=CannedProbes(disabled))


def test_pg008_unreachable_and_no_table() -> None:
    down = only(
        PG_JOB, "PG008", probes=CannedProbes(ProbeFailure("postgresql://flink@db:5432/shop", "timeout"))
    )
    assert len(down) == 1 and "timeout" in down[0].message
    assert only(PG_JOB, "PG008", probes=CannedProbes(facts(tables=[])))


def test_ck006_uses_the_table_size_when_allowed() -> None:
    table = PG_TABLE.replace("'true'", "'false'")
    job = CHECKPOINTED + table + "INSERT INTO sink SELECT * FROM shipments;"
    assert not only(job, "CK006", probes=CannedProbes(facts()))  # 10 rows: the snapshot is over in no time
    big = facts(tables=[TableFacts("public", "shipments", "f", 50_000_000, True)])
    assert only(job, "CK006", probes=CannedProbes(big))


def test_table_filter_regexes() -> None:
    table = parse_statement(PG_TABLE)
    assert isinstance(table, TableDef)
    assert table_filter(table) == ("^(?:public)$", "^(?:shipments)$")


# ------------------------------------------------------------------------------------------------- MySQL probe
# The probe's answers are fed directly here; tests/integration/test_mysql_e2e.py runs it against MariaDB.

from cdcshell.lint.probes import mysql as mysql_probe  # noqa: E402

MYSQL_TABLE = (
    "CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
    "'hostname' = 'db1', 'port' = '3307', 'username' = 'flink', 'password' = 's3cret', 'database-name' = 'shop', "
    "'table-name' = 'orders', 'server-id' = '5400-5403');\n"
)


def _mysql_table() -> TableDef:
    table = parse_statement(MYSQL_TABLE)
    assert isinstance(table, TableDef)
    return table


def _facts(**variables: str) -> mysql_probe.MysqlFacts:
    base = {
        "version": "8.0.36",
        "log_bin": "ON",
        "binlog_format": "ROW",
        "binlog_row_image": "FULL",
        "binlog_expire_logs_seconds": "2592000",
        "expire_logs_days": "0",
        "gtid_mode": "OFF",
        "server_id": "1",
    }
    base.update(variables)
    files = [mysql_probe.BinlogFile("mysql-bin.000007", 100), mysql_probe.BinlogFile("mysql-bin.000008", 200)]
    return mysql_probe.facts_from(base, files, "mysql://flink@db1:3307")


def test_mysql_connection_params_from_the_table() -> None:
    params = mysql_probe.connection_params(_mysql_table())
    assert params == {"host": "db1", "port": 3307, "user": "flink", "password": "s3cret"}


def test_mysql_retention_prefers_seconds_then_days_else_forever() -> None:
    assert _facts().retention_seconds == 2592000
    assert _facts(binlog_expire_logs_seconds="0", expire_logs_days="2").retention_seconds == 172800
    assert _facts(binlog_expire_logs_seconds="0", expire_logs_days="0").retention_seconds is None
    mariadb = _facts(version="10.11.19-MariaDB-0+deb12u1")
    del mariadb.variables["gtid_mode"]
    assert mariadb.is_mariadb


def test_mysql_purged_compares_binlog_sequence_numbers() -> None:
    facts = _facts()
    assert facts.earliest_binlog == "mysql-bin.000007" and facts.current_binlog == "mysql-bin.000008"
    assert facts.purged("mysql-bin.000006")
    assert not facts.purged("mysql-bin.000007")
    assert not facts.purged("mysql-bin.000009")  # newer than the list (just rotated): not purged
    assert facts.purged("other-bin.000009")  # another basename cannot be resumed from either


class _Cursor:
    def __init__(self, answers: dict[str, list[tuple[Any, ...]]]) -> None:
        self.answers, self.rows = answers, []

    def execute(self, sql: str, args: Any = None) -> None:
        self.rows = next(rows for prefix, rows in self.answers.items() if sql.startswith(prefix))

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def close(self) -> None:
        pass


class _Conn:
    def __init__(self, answers: dict[str, list[tuple[Any, ...]]]) -> None:
        self.answers = answers

    def cursor(self) -> _Cursor:
        return _Cursor(self.answers)

    def close(self) -> None:
        pass


def test_mysql_probe_reads_variables_and_binary_logs() -> None:
    answers = {
        "SHOW GLOBAL VARIABLES": [
            ("log_bin", "ON"),
            ("binlog_format", "ROW"),
            ("binlog_row_image", "MINIMAL"),
            ("gtid_mode", "ON"),
            ("binlog_expire_logs_seconds", "3600"),
        ],
        "SHOW BINARY LOGS": [("binlog.000003", 42, "No"), ("binlog.000004", 7, "No")],
    }
    probes = Probes(allowed=True, mysql_connect=lambda params, timeout: _Conn(answers))
    facts = probes.mysql(_mysql_table())
    assert isinstance(facts, mysql_probe.MysqlFacts)
    assert facts.binlog_row_image == "MINIMAL" and facts.gtid_mode == "ON" and facts.retention_seconds == 3600
    assert [f.name for f in facts.binlog_files] == ["binlog.000003", "binlog.000004"]
    assert facts.target == "mysql://flink@db1:3307"  # no password
    assert Probes().mysql(_mysql_table()) is None  # not allowed to connect: no answer


def test_mysql_probe_failure_is_one_line_never_a_traceback() -> None:
    def refuse(params: dict[str, Any], timeout: float) -> Any:
        raise OSError("(2003, \"Can't connect to MySQL server on 'db1'\")\nmore")

    failure = mysql_probe.probe(_mysql_table(), 1.0, refuse)
    assert (
        isinstance(failure, ProbeFailure) and "Can't connect" in failure.reason and "\n" not in failure.reason
    )


def test_binlog_files_in_state_reads_the_savepoint(tmp_path: Path) -> None:
    savepoint = tmp_path / "savepoint-abc"
    savepoint.mkdir()
    (savepoint / "_metadata").write_bytes(b"\x00\x01{file=binlog.000012, pos=4}\x00binlog.000011\xff10.11.19")
    assert mysql_probe.binlog_files_in_state(savepoint) == ["binlog.000011", "binlog.000012"]
    assert mysql_probe.binlog_files_in_state(tmp_path / "missing") == []


# ------------------------------------------------------------------------------------------------- Kafka probe
# It speaks Kafka's protocol itself; tests/integration/test_kafka_e2e.py asks the sandbox's real broker.

from cdcshell.lint.probes import kafka as kafka_probe  # noqa: E402


def test_kafka_bootstrap_servers_and_unreachable_broker() -> None:
    table = parse_statement(
        "CREATE TABLE t (id INT) WITH ('connector' = 'kafka', 'topic' = 't', "
        "'properties.bootstrap.servers' = '127.0.0.1:9, 127.0.0.1:1', 'format' = 'json');"
    )
    assert isinstance(table, TableDef)
    assert kafka_probe.bootstrap_servers(table) == ["127.0.0.1:9", "127.0.0.1:1"]
    failure = Probes(allowed=True, timeout=1.0).kafka_broker(table)
    assert (
        isinstance(failure, ProbeFailure) and failure.target == "127.0.0.1:1" and "\n" not in failure.reason
    )
    assert isinstance(kafka_probe.broker_config(["nohostport"], ["x"]), ProbeFailure)
    assert Probes().kafka_broker(table) is None
