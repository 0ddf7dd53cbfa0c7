"""Issue 13: each corrected and new rule fires on the risky case, stays quiet on the fixed one, and the false
positives the issue names stay quiet. Database facts come from fakes shaped like the probes' answers."""

from __future__ import annotations

from typing import Any

from cdcshell.lint.probes import ProbeFailure, Probes
from cdcshell.lint.probes.mysql import MysqlFacts
from cdcshell.lint.probes.postgres import PostgresFacts, TableFacts
from cdcshell.sql.facts import TableDef
from tests.unit.test_lint_helpers import CHECKPOINTED, lint, only
from tests.unit.test_lint_probes import CannedProbes, facts

SINK = "CREATE TABLE sink (id INT) WITH ('connector' = 'print');\n"
PG = (
    "CREATE TABLE shipments (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
    "'hostname' = 'db', 'username' = 'flink', 'database-name' = 'shop', 'schema-name' = 'public', "
    "'table-name' = 'shipments', 'slot.name' = 'ship', 'decoding.plugin.name' = 'pgoutput'{extra});\n"
)
MYSQL = (
    "CREATE TABLE {name} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
    "'hostname' = 'db', 'database-name' = 'shop', 'table-name' = '{name}', 'server-id' = '{ids}');\n"
)


def pg_facts(**kw: Any) -> PostgresFacts:
    return facts(**kw)


class PgProbes(CannedProbes):
    pass


def pg_job(extra: str = "") -> str:
    return CHECKPOINTED + SINK + PG.format(extra=extra) + "INSERT INTO sink SELECT id FROM shipments;"


# --- PG001 with --connect ----------------------------------------------------------------------------------


def test_pg001_connected_reads_the_postgres_key() -> None:
    job = pg_job(", 'scan.incremental.snapshot.enabled' = 'true'")
    no_key = pg_facts(tables=[TableFacts("public", "shipments", "f", 10, True)])
    found = only(job, "PG001", probes=PgProbes(no_key))
    assert len(found) == 1 and found[0].severity == "error" and found[0].fix == ""
    # a NOT NULL unique column is the only chunk key the fix ever names
    unique = pg_facts(tables=[TableFacts("public", "shipments", "f", 10, True, unique_not_null=("code",))])
    fix = only(job, "PG001", probes=PgProbes(unique))[0].fix
    assert fix == "ALTER TABLE shipments SET ('scan.incremental.snapshot.chunk.key-column' = 'code');"
    # the PostgreSQL table has a key: quiet, even without a Flink PRIMARY KEY
    assert not only(job.replace(", PRIMARY KEY (id) NOT ENFORCED", ""), "PG001", probes=PgProbes(pg_facts()))


# --- PG004: only what each changelog mode needs ------------------------------------------------------------


def test_pg004_default_identity_fails_changelog_mode_all_only() -> None:
    default = pg_facts(tables=[TableFacts("public", "shipments", "d", 10, True, primary_key=("id",))])
    found = only(pg_job(), "PG004", probes=PgProbes(default))
    assert len(found) == 1 and "changelog-mode" in found[0].message and "UPDATE" in found[0].message
    # 'upsert' emits no before-images: DEFAULT is enough (the false positive)
    assert not only(pg_job(", 'changelog-mode' = 'upsert'"), "PG004", probes=PgProbes(default))
    nothing = pg_facts(tables=[TableFacts("public", "shipments", "n", 10, True, primary_key=("id",))])
    assert (
        "NOTHING"
        in only(pg_job(", 'changelog-mode' = 'upsert'"), "PG004", probes=PgProbes(nothing))[0].message
    )


def test_pg005_rds_replication_membership_is_enough() -> None:
    rds = pg_facts(replication=False, rds_replication=True)
    assert not only(pg_job(), "PG005", probes=PgProbes(rds))
    assert only(pg_job(), "PG005", probes=PgProbes(pg_facts(replication=False)))


def test_pg009_needs_parallelism_plus_one_slots() -> None:
    job = "SET 'parallelism.default' = '4';\n" + pg_job(", 'scan.incremental.snapshot.enabled' = 'true'")
    tight = pg_facts(max_replication_slots=5, slots=frozenset({"other"}))
    found = only(job, "PG009", probes=PgProbes(tight))
    assert len(found) == 1 and "5 more" in found[0].message
    assert found[0].fix == "ALTER SYSTEM SET max_replication_slots = 10;"
    assert not only(job, "PG009", probes=PgProbes(pg_facts(max_replication_slots=10, slots=frozenset({"x"}))))
    legacy = "SET 'parallelism.default' = '4';\n" + pg_job()
    assert not only(legacy, "PG009", probes=PgProbes(tight))  # the legacy source holds one slot


# --- PG010 ------------------------------------------------------------------------------------------------


def test_pg010_legacy_source_into_append_only_sink() -> None:
    jdbc = "CREATE TABLE copy (id INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://dw/x', 'table-name' = 'c');\n"
    job = CHECKPOINTED + jdbc + PG.format(extra="") + "INSERT INTO copy SELECT id FROM shipments;"
    found = only(job, "PG010")
    assert len(found) == 1 and "copy" in found[0].message
    keyed = job.replace("copy (id INT)", "copy (id INT, PRIMARY KEY (id) NOT ENFORCED)")
    assert not only(keyed, "PG010")
    assert not only(job.replace("'ship'", "'ship', 'scan.incremental.snapshot.enabled' = 'true'"), "PG010")


# --- CON001 ------------------------------------------------------------------------------------------------


def test_con001_accepts_options_every_connector_takes() -> None:
    table = (
        "CREATE TABLE k (id INT) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'json', "
        "'properties.bootstrap.servers' = 'k:9092', 'property-version' = '1', "
        "'scan.watermark.emit.strategy' = 'on-event', 'scan.watermark.idle-timeout' = '1min', "
        "'scan.watermark.alignment.group' = 'g', 'scan.watermark.alignment.max-drift' = '1s');"
    )
    assert not only(table, "CON001")
    assert only(table.replace("'property-version'", "'property-versions'"), "CON001")


# --- CK006 -------------------------------------------------------------------------------------------------


def test_ck006_every_legacy_debezium_source() -> None:
    mongo = (
        "CREATE TABLE p (_id STRING, PRIMARY KEY (_id) NOT ENFORCED) WITH ('connector' = 'mongodb-cdc', "
        "'hosts' = 'h:27017', 'database' = 'd', 'collection' = 'p', 'heartbeat.interval.ms' = '30000');\n"
    )
    job = CHECKPOINTED + SINK + mongo + "INSERT INTO sink SELECT 1 FROM p;"
    assert only(job, "CK006") and "mongodb-cdc" in only(job, "CK006")[0].message
    assert not only(
        job.replace("'30000')", "'30000', 'scan.incremental.snapshot.enabled' = 'true')"), "CK006"
    )
    mysql = MYSQL.format(name="m", ids="5400-5403")
    legacy = mysql.replace("'5400-5403'", "'5400', 'scan.incremental.snapshot.enabled' = 'false'")
    assert only(CHECKPOINTED + SINK + legacy + "INSERT INTO sink SELECT id FROM m;", "CK006")
    assert not only(CHECKPOINTED + SINK + mysql + "INSERT INTO sink SELECT id FROM m;", "CK006")


# --- MY001 -------------------------------------------------------------------------------------------------


def test_my001_reads_the_table_exec_parallelism() -> None:
    script = (
        "SET 'parallelism.default' = '2';\nSET 'table.exec.resource.default-parallelism' = '4';\n"
        + CHECKPOINTED
        + SINK
        + MYSQL.format(name="a", ids="5400-5401")
        + "INSERT INTO sink SELECT id FROM a;"
    )
    found = only(script, "MY001")
    assert len(found) == 1 and "parallelism of 4" in found[0].message
    assert not only(script.replace("'4';", "'-1';"), "MY001")  # -1 (the default): parallelism.default wins


def test_my001_overlapping_ranges_in_a_job_and_across_jobs() -> None:
    tables = MYSQL.format(name="a", ids="5400-5403") + MYSQL.format(name="b", ids="5403-5406")
    one_job = CHECKPOINTED + SINK + tables + "INSERT INTO sink SELECT a.id FROM a JOIN b ON a.id = b.id;"
    found = only(one_job, "MY001")
    assert len(found) == 1 and "overlaps" in found[0].message
    two_jobs = (
        CHECKPOINTED
        + SINK
        + tables
        + "INSERT INTO sink SELECT id FROM a;\nINSERT INTO sink SELECT id FROM b;"
    )
    found = only(two_jobs, "MY001")
    assert len(found) == 1 and "line" in found[0].message
    apart = tables.replace("'5403-5406'", "'5410-5413'")
    assert not only(
        CHECKPOINTED
        + SINK
        + apart
        + "INSERT INTO sink SELECT id FROM a;\nINSERT INTO sink SELECT id FROM b;",
        "MY001",
    )


# --- MY003 with a fake binlog probe -------------------------------------------------------------------------


class MysqlProbes(Probes):
    """Answers as the MySQL probe (cdcshell/lint/probes/mysql.py) would, without a server."""

    def __init__(self, facts: MysqlFacts, **kw: Any) -> None:
        super().__init__(allowed=True, **kw)
        self.facts = facts

    def mysql(self, table: TableDef) -> MysqlFacts | ProbeFailure | None:
        return self.facts


def binlog(**kw: Any) -> MysqlFacts:
    base: dict[str, Any] = dict(
        target="mysql://flink@db:3306",
        version="8.0.36",
        log_bin=True,
        binlog_format="ROW",
        binlog_row_image="FULL",
        binlog_expire_logs_seconds=7 * 86400,
        expire_logs_days=None,
        gtid_mode="OFF",
        server_id=1,
    )
    base.update(kw)
    return MysqlFacts(**base)


MY_JOB = (
    CHECKPOINTED + SINK + MYSQL.format(name="orders", ids="5400") + "INSERT INTO sink SELECT id FROM orders;"
)


def test_my003_binlog_retention_format_and_row_image() -> None:
    assert not only(MY_JOB, "MY003", probes=MysqlProbes(binlog()))
    short = only(MY_JOB, "MY003", probes=MysqlProbes(binlog(binlog_expire_logs_seconds=1800, gtid_mode="ON")))
    assert (
        len(short) == 1 and "no longer available" in short[0].message and "gtid_mode ON" in short[0].message
    )
    assert short[0].fix == "SET PERSIST binlog_expire_logs_seconds = 604800;"
    # MariaDB / MySQL 5.7: expire_logs_days
    days = binlog(binlog_expire_logs_seconds=None, expire_logs_days=0.01, gtid_mode=None)
    assert only(MY_JOB, "MY003", probes=MysqlProbes(days))
    assert not only(MY_JOB, "MY003", probes=MysqlProbes(binlog(binlog_expire_logs_seconds=0)))  # kept forever
    # the time since the latest checkpoint counts as downtime
    aged = MysqlProbes(binlog(binlog_expire_logs_seconds=2 * 86400), last_checkpoint_age=3 * 86400.0)
    assert only(MY_JOB, "MY003", probes=aged)
    bad = only(MY_JOB, "MY003", probes=MysqlProbes(binlog(binlog_format="MIXED", binlog_row_image="MINIMAL")))
    assert [f.fix for f in bad] == [
        "SET PERSIST binlog_format = 'ROW';",
        "SET PERSIST binlog_row_image = 'FULL';",
    ]
    assert not only(MY_JOB, "MY003")  # offline: nothing


# --- KF003 -------------------------------------------------------------------------------------------------


KAFKA = (
    "CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'format' = 'json', "
    "'properties.bootstrap.servers' = 'k:9092', 'sink.delivery-guarantee' = 'exactly-once', "
    "'sink.transactional-id-prefix' = 'out'{extra});\n"
)


def test_kf003_transaction_timeout_against_broker_and_checkpoints() -> None:
    job = CHECKPOINTED + KAFKA.format(extra="") + "INSERT INTO out SELECT 1;"
    found = only(job, "KF003")
    assert len(found) == 1 and found[0].severity == "error" and "1 h" in found[0].message
    ok = (
        CHECKPOINTED
        + KAFKA.format(extra=", 'properties.transaction.timeout.ms' = '900000'")
        + "INSERT INTO out SELECT 1;"
    )
    assert not only(ok, "KF003")
    short = ok.replace("'900000'", "'60000'")
    assert only(short, "KF003")[0].severity == "warning"
    at_least_once = job.replace("'exactly-once'", "'at-least-once'")
    assert not only(at_least_once, "KF003")


def test_ready_database_and_good_examples_stay_quiet() -> None:
    assert lint(
        pg_job(", 'scan.incremental.snapshot.enabled' = 'true'"), probes=PgProbes(pg_facts())
    ) == [] or all(
        f.rule not in {"PG001", "PG004", "PG005", "PG009"}
        for f in lint(pg_job(", 'scan.incremental.snapshot.enabled' = 'true'"), probes=PgProbes(pg_facts()))
    )


def test_kf003_uses_the_brokers_own_ceiling_when_connected() -> None:
    from cdcshell.lint.probes.kafka import BrokerConfig

    class Broker(Probes):
        def __init__(self, ms: str) -> None:
            super().__init__(allowed=True)
            self.ms = ms

        def kafka_broker(
            self, table: TableDef, names: tuple[str, ...] = ()
        ) -> BrokerConfig | ProbeFailure | None:
            return BrokerConfig("k:9092", 1, {"transaction.max.timeout.ms": self.ms})

    job = CHECKPOINTED + KAFKA.format(extra="") + "INSERT INTO out SELECT 1;"
    assert not only(job, "KF003", probes=Broker("7200000"))  # the broker allows 2 h: the 1 h default fits
    found = only(job, "KF003", probes=Broker("600000"))
    assert found and found[0].fix.endswith("('properties.transaction.timeout.ms' = '600000');")
