"""Each rule fires on the risky statement and stays quiet on the corrected one (against the generated 1.20
catalog unless a test needs facts only a hand-made catalog has)."""

from __future__ import annotations

import pytest

from cdcshell.lint.probes import Probes, SavepointOrigin
from cdcshell.lint.registry import all_rules
from tests.unit.test_lint_helpers import CHECKPOINTED, codes, lint, only, small_catalog

PG = (
    "CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
    "'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 'orders'{extra});\n"
)
MONGO = (
    "CREATE TABLE products (_id STRING, PRIMARY KEY (_id) NOT ENFORCED) WITH ('connector' = 'mongodb-cdc', "
    "'hosts' = 'localhost:27017', 'database' = 'shop', 'collection' = 'products', "
    "'heartbeat.interval.ms' = '30000'{extra});\n"
)
MYSQL = (
    "CREATE TABLE morders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
    "'hostname' = 'db', 'database-name' = 'shop', 'table-name' = 'orders', 'server-id' = '5400-5403'{extra});\n"
)
KAFKA_SRC = (
    "CREATE TABLE ksrc (id INT) WITH ('connector' = 'kafka', 'topic' = 'in', 'format' = 'json', "
    "'properties.bootstrap.servers' = 'k:9092');\n"
)
SINK = "CREATE TABLE sink (id INT) WITH ('connector' = 'print');\n"


# --- CK001 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "severity", "words"),
    [
        (MONGO.format(extra=""), "error", "resume token"),
        (PG.format(extra=""), "error", "WAL"),
        (MYSQL.format(extra=""), "error", "snapshot phase"),
        (MYSQL.format(extra=", 'scan.incremental.snapshot.enabled' = 'false'"), "warning", "starts over"),
        (KAFKA_SRC, "warning", "starts over"),
    ],
)
def test_ck001_fires_per_connector(table: str, severity: str, words: str) -> None:
    name = table.split()[2]
    script = SINK + table + f"INSERT INTO sink SELECT id FROM {name};\n"
    found = only(script, "CK001")
    assert len(found) == 1
    assert found[0].severity == severity
    assert words in found[0].message
    assert found[0].fix == "SET 'execution.checkpointing.interval' = '30s';"
    assert found[0].line == 3  # attached to the INSERT, at the source table
    assert found[0].column == len("INSERT INTO sink SELECT id FROM ") + 1


def test_ck001_quiet_when_fixed_and_for_batch_and_plain_sources() -> None:
    table = PG.format(extra="")
    assert "CK001" not in codes(
        "SET 'execution.checkpointing.interval' = '30s';\n"
        + SINK
        + table
        + "INSERT INTO sink SELECT id FROM orders;"
    )
    assert "CK001" not in codes(
        "SET 'execution.runtime-mode' = 'batch';\n" + SINK + table + "INSERT INTO sink SELECT id FROM orders;"
    )
    gen = "CREATE TABLE g (id INT) WITH ('connector' = 'datagen');\n"
    assert "CK001" not in codes(SINK + gen + "INSERT INTO sink SELECT id FROM g;")


def test_ck001_interval_zero_is_off_and_names_where_it_comes_from() -> None:
    script = SINK + PG.format(extra="") + "INSERT INTO sink SELECT id FROM orders;"
    found = only(
        script, "CK001", cluster_config={"execution.checkpointing.interval": "0"}, cluster_name="config.yaml"
    )
    assert len(found) == 1 and "config.yaml" in found[0].message


def test_ck001_streaming_select_and_statement_set() -> None:
    assert "CK001" in codes(MONGO.format(extra="") + "SELECT * FROM products;")
    script = (
        SINK
        + PG.format(extra="")
        + "EXECUTE STATEMENT SET BEGIN INSERT INTO sink SELECT id FROM orders; END;"
    )
    assert "CK001" in codes(script)


def test_ck001_reset_turns_checkpointing_off_again() -> None:
    script = (
        "SET 'execution.checkpointing.interval' = '30s';\nRESET 'execution.checkpointing.interval';\n"
        + SINK
        + PG.format(extra="")
        + "INSERT INTO sink SELECT id FROM orders;"
    )
    assert "CK001" in codes(script)


# --- CK002 / CK003 -----------------------------------------------------------------------------------------


def test_ck002_no_checkpoint_dir() -> None:
    base = SINK + PG.format(extra="")
    bad = (
        "SET 'execution.checkpointing.interval' = '30s';\n" + base + "INSERT INTO sink SELECT id FROM orders;"
    )
    found = only(bad, "CK002")
    assert len(found) == 1 and found[0].fix.startswith("SET 'execution.checkpointing.dir' = ")
    assert not only(CHECKPOINTED + base + "INSERT INTO sink SELECT id FROM orders;", "CK002")
    # the cluster's directory counts, and so does the deprecated name (resolved through the catalog)
    assert not only(bad, "CK002", cluster_config={"execution.checkpointing.dir": "s3://b/cp"})
    assert not only("SET 'state.checkpoints.dir' = 'file:///cp';\n" + bad, "CK002")


def test_ck002_filesystem_storage_without_dir_is_an_error() -> None:
    script = (
        "SET 'execution.checkpointing.interval' = '30s';\nSET 'execution.checkpointing.storage' = 'filesystem';\n"
        + SINK
        + "INSERT INTO sink SELECT 1;"
    )
    found = only(script, "CK002")
    assert found and found[0].severity == "error"


def test_ck003_retention() -> None:
    script = (
        "SET 'execution.checkpointing.interval' = '30s';\nSET 'execution.checkpointing.dir' = 'file:///c';\n"
        + SINK
        + "INSERT INTO sink SELECT 1;"
    )
    found = only(script, "CK003")
    assert len(found) == 1 and "NO_EXTERNALIZED_CHECKPOINTS" in found[0].message
    assert found[0].fix.endswith("'RETAIN_ON_CANCELLATION';")
    explicit = script.replace(
        "INSERT",
        "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'DELETE_ON_CANCELLATION';\nINSERT",
    )
    assert "line 4" in only(explicit, "CK003")[0].message
    assert not only(CHECKPOINTED + SINK + "INSERT INTO sink SELECT 1;", "CK003")
    assert not only(
        script.replace("INSERT INTO sink SELECT 1", "SELECT 1"), "CK003"
    )  # a preview is not resumed


def test_corrected_script_is_quiet() -> None:
    table = PG.format(extra=", 'scan.incremental.snapshot.enabled' = 'true'")
    script = CHECKPOINTED + SINK + table + "INSERT INTO sink SELECT id FROM orders;"
    assert lint(script) == []


# --- CK004 / CK005 / CK006 ---------------------------------------------------------------------------------


def test_ck004_is_gone_a_long_interval_with_a_shorter_timeout_is_fine() -> None:
    """Issue 13: "timeout >= interval" is no Flink rule; a 10 min interval with a 5 min timeout is common."""
    script = (
        CHECKPOINTED.replace("'30s'", "'10min'")
        + "SET 'execution.checkpointing.timeout' = '5min';\n"
        + SINK
        + "INSERT INTO sink SELECT 1;"
    )
    assert "CK004" not in all_rules()
    assert not lint(script)


def test_ck005_interval_under_one_second() -> None:
    script = CHECKPOINTED.replace("'30s'", "'200ms'") + SINK + "INSERT INTO sink SELECT 1;"
    assert len(only(script, "CK005")) == 1
    assert not only(CHECKPOINTED + SINK + "INSERT INTO sink SELECT 1;", "CK005")


def test_ck006_postgres_snapshot_without_incremental() -> None:
    script = CHECKPOINTED + SINK + PG.format(extra="") + "INSERT INTO sink SELECT id FROM orders;"
    found = only(script, "CK006")
    assert len(found) == 1
    assert "'execution.checkpointing.tolerable-failed-checkpoints' = '100'" in found[0].fix
    fixed = (
        CHECKPOINTED
        + "SET 'execution.checkpointing.tolerable-failed-checkpoints' = '100';\n"
        + SINK
        + PG.format(extra="")
        + "INSERT INTO sink SELECT id FROM orders;"
    )
    assert not only(fixed, "CK006")
    incremental = (
        CHECKPOINTED
        + SINK
        + PG.format(extra=", 'scan.incremental.snapshot.enabled' = 'true'")
        + "INSERT INTO sink SELECT id FROM orders;"
    )
    assert not only(incremental, "CK006")


# --- CFG ---------------------------------------------------------------------------------------------------


def test_cfg001_unknown_key_did_you_mean() -> None:
    found = only("SET 'execution.checkpointing.intervall' = '30s';", "CFG001")
    assert len(found) == 1 and "did you mean 'execution.checkpointing.interval'" in found[0].message
    assert found[0].fix == "SET 'execution.checkpointing.interval' = '30s';"
    assert (found[0].line, found[0].column) == (1, 5)
    assert not only("SET 'execution.checkpointing.interval' = '30s';", "CFG001")
    assert not only("SET 's3.access-key' = 'x';", "CFG001")  # pass-through prefix
    assert not only("SET 'external-resource.gpu.amount' = '1';", "CFG001")  # placeholder key
    assert only("SET 'zzz.qqq' = '1';", "CFG001")


def test_cfg002_renamed_key_warns_and_names_the_new_key() -> None:
    found = only("SET 'state.checkpoints.dir' = 'file:///cp';", "CFG002")
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].fix == "SET 'execution.checkpointing.dir' = 'file:///cp';"
    assert not only("SET 'execution.checkpointing.dir' = 'file:///cp';", "CFG002")
    assert not only("SET 'execution.savepoint.path' = 'file:///sp';", "CFG001")
    assert (
        "execution.state-recovery.path"
        in only("SET 'execution.savepoint.path' = 'file:///sp';", "CFG002")[0].fix
    )


def test_cfg003_legacy_value_warns_on_1_20_and_fails_on_2x() -> None:
    on_120 = only(
        "SET 'state.backend.type' = 'filesystem';", "CFG003", catalog=small_catalog(legacy_values={})
    )
    assert len(on_120) == 1 and on_120[0].severity == "warning"
    on_22 = only("SET 'state.backend' = 'FileSystem';", "CFG003", version="2.2", catalog=small_catalog())
    assert len(on_22) == 1 and on_22[0].severity == "error"
    assert on_22[0].fix == "SET 'state.backend.type' = 'hashmap';"
    assert not only("SET 'state.backend.type' = 'hashmap';", "CFG003", version="2.2", catalog=small_catalog())
    # one finding with one fix for the renamed key *and* the legacy value
    assert codes("SET 'state.backend' = 'jobmanager';", version="2.2", catalog=small_catalog()) == ["CFG003"]


def test_cfg004_removed_key() -> None:
    found = only("SET 'state.backend.old-thing' = 'x';", "CFG004", version="2.2", catalog=small_catalog())
    assert len(found) == 1 and found[0].severity == "error"
    repl = only("SET 'state.backend.renamed-gone' = 'x';", "CFG004", version="2.2", catalog=small_catalog())
    assert repl[0].fix == "SET 'execution.checkpointing.dir' = 'x';"
    assert not only(
        "SET 'execution.checkpointing.dir' = 'x';", "CFG004", version="2.2", catalog=small_catalog()
    )


@pytest.mark.parametrize(
    ("setup", "where"),
    [
        (
            {"cluster_config": {"execution.checkpointing.dir": "s3://c/cp"}, "cluster_name": "config.yaml"},
            "cluster configuration (config.yaml)",
        ),
        ({"session_config": {"execution.checkpointing.dir": "s3://c/cp"}}, "session configuration"),
    ],
)
def test_cfg005_deprecated_key_without_effect(setup: dict[str, object], where: str) -> None:
    found = only("SET 'state.checkpoints.dir' = 'file:///mine';", "CFG005", **setup)
    assert len(found) == 1 and found[0].severity == "error"
    assert where in found[0].message and "s3://c/cp" in found[0].message
    assert found[0].fix == "SET 'execution.checkpointing.dir' = 'file:///mine';"
    # no CFG002 on top: the error says it all
    assert codes("SET 'state.checkpoints.dir' = 'file:///mine';", **setup) == ["CFG005"]
    assert not lint("SET 'execution.checkpointing.dir' = 'file:///mine';", **setup)


def test_cfg005_earlier_set_of_the_new_key() -> None:
    script = "SET 'execution.checkpointing.dir' = 'file:///a';\nSET 'state.checkpoints.dir' = 'file:///b';"
    found = only(script, "CFG005")
    assert len(found) == 1 and "SET at line 1" in found[0].message
    reset = (
        "SET 'execution.checkpointing.dir' = 'file:///a';\nRESET 'execution.checkpointing.dir';\n"
        "SET 'state.checkpoints.dir' = 'file:///b';"
    )
    assert not only(reset, "CFG005")


@pytest.mark.parametrize(
    ("statement", "accepted"),
    [
        ("SET 'execution.checkpointing.interval' = '30 seconds please';", "10 min"),
        ("SET 'execution.checkpointing.timeout' = 'ten';", "ms"),
        ("SET 'taskmanager.memory.process.size' = '1 gigabyte';", "mb"),
        ("SET 'table.dml-sync' = 'yes';", "'true'"),
        ("SET 'execution.runtime-mode' = 'stream';", "'STREAMING'"),
        ("SET 'parallelism.default' = 'four';", "integer"),
    ],
)
def test_cfg006_bad_value(statement: str, accepted: str) -> None:
    found = only(statement, "CFG006")
    assert len(found) == 1 and found[0].severity == "error" and accepted in found[0].message


@pytest.mark.parametrize(
    "statement",
    [
        "SET 'execution.checkpointing.interval' = '30s';",
        "SET 'execution.checkpointing.interval' = '30 s';",
        "SET 'execution.checkpointing.interval' = '3000';",
        "SET 'taskmanager.memory.process.size' = '1g';",
        "SET 'table.dml-sync' = 'TRUE';",
        "SET 'execution.runtime-mode' = 'streaming';",
        "SET 'parallelism.default' = 8;",
        "SET execution.checkpointing.interval = 10s;",
    ],
)
def test_cfg006_good_values_are_quiet(statement: str) -> None:
    assert lint(statement) == []


def test_key_only_script_gets_only_key_findings() -> None:
    script = "SET 'execution.checkpointing.intervall' = '30s';\nSET 'state.checkpoints.dir' = 'file:///cp';"
    assert {f.rule for f in lint(script)} == {"CFG001", "CFG002"}


# --- CON ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("connector", "wrong", "right"),
    [
        ("mysql-cdc", "heartbeat.interval.ms", "heartbeat.interval"),
        ("postgres-cdc", "heartbeat.interval", "heartbeat.interval.ms"),
    ],
)
def test_con001_heartbeat_key_of_another_connector(connector: str, wrong: str, right: str) -> None:
    required = "'slot.name' = 't'" if connector == "postgres-cdc" else "'server-id' = '5400'"
    script = f"CREATE TABLE t (id INT) WITH ('connector' = '{connector}', {required}, '{wrong}' = '30s');"
    found = only(script, "CON001")
    assert len(found) == 1 and f"did you mean '{right}'" in found[0].message
    assert f"ALTER TABLE t SET ('{right}' = '30s');" in found[0].fix
    assert not only(script.replace(f"'{wrong}'", f"'{right}'"), "CON001")


def test_con001_skips_pass_through_and_format_options() -> None:
    script = (
        "CREATE TABLE k (id INT) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'json', "
        "'json.ignore-parse-errors' = 'true', 'properties.bootstrap.servers' = 'k:9092');\n"
        "CREATE TABLE p (id INT) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'p', "
        "'debezium.snapshot.mode' = 'never');"
    )
    assert not only(script, "CON001")
    assert only(script.replace("'topic'", "'topik'"), "CON001")


def test_con002_mongodb_heartbeat_is_milliseconds() -> None:
    bad = MONGO.replace("'30000'", "'30s'").format(extra="")
    found = only(bad, "CON002")
    assert len(found) == 1 and "Integer" in found[0].message
    assert not only(MONGO.format(extra=""), "CON002")
    # for postgres-cdc the same key is a duration
    assert not only(PG.format(extra=", 'heartbeat.interval.ms' = '30s'"), "CON002")


# --- PG ----------------------------------------------------------------------------------------------------


def test_pg001_offline_says_the_postgres_key_is_unknown() -> None:
    """Issue 13: postgres-cdc splits by the PostgreSQL table's key (JdbcChunkUtils.getSplitColumn); offline
    that key is unknown, so the finding is a warning that says so, and it never suggests a (maybe nullable)
    first column as the chunk key."""
    bad = (
        "CREATE TABLE s (a INT, b STRING) WITH ('connector' = 'postgres-cdc', 'slot.name' = 's', "
        "'scan.incremental.snapshot.enabled' = 'true');"
    )
    found = only(bad, "PG001")
    assert len(found) == 1 and found[0].severity == "warning" and "--connect" in found[0].message
    assert found[0].fix == ""
    # a Flink PRIMARY KEY, or a chunk key column, or the legacy source: quiet
    assert not only(bad.replace("b STRING)", "b STRING, PRIMARY KEY (a) NOT ENFORCED)"), "PG001")
    assert not only(
        bad.replace("'true')", "'true', 'scan.incremental.snapshot.chunk.key-column' = 'a')"), "PG001"
    )
    assert not only(bad.replace("'true'", "'false'"), "PG001")  # off: no chunks


def test_my002_mysql_incremental_snapshot_needs_the_flink_key() -> None:
    """The Flink-DDL primary-key check belongs to mysql-cdc, where the incremental snapshot is the default."""
    bad = "CREATE TABLE m (a INT, b STRING) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400-5403');"
    found = only(bad, "MY002")
    assert len(found) == 1 and found[0].severity == "error" and found[0].fix == ""
    assert not only(bad.replace("b STRING)", "b STRING, PRIMARY KEY (a) NOT ENFORCED)"), "MY002")
    assert not only(
        bad.replace("'5400-5403'", "'5400', 'scan.incremental.snapshot.enabled' = 'false'"), "MY002"
    )
    assert not only(
        bad.replace("'5400-5403'", "'5400-5403', 'scan.incremental.snapshot.chunk.key-column' = 'a'"), "MY002"
    )
    assert not only(bad.replace("mysql-cdc", "postgres-cdc"), "MY002")


def test_pg002_missing_or_shared_slot() -> None:
    missing = only("CREATE TABLE a (id INT) WITH ('connector' = 'postgres-cdc');", "PG002")
    assert len(missing) == 1 and "slot.name" in missing[0].message
    assert missing[0].severity == "error"  # planning fails: slot.name is a required option
    two = PG.format(extra="") + PG.format(extra="").replace("TABLE orders", "TABLE orders2")
    shared = only(two, "PG002")
    assert len(shared) == 1 and shared[0].line == 2 and "orders" in shared[0].message
    fixed = PG.format(extra="") + PG.format(extra="").replace("TABLE orders", "TABLE orders2").replace(
        "'slot.name' = 'orders'", "'slot.name' = 'orders2'"
    )
    assert not only(fixed, "PG002")
    # slot names are unique per server: another database on the same server still collides
    other_db = PG.format(extra="") + PG.format(extra="").replace("TABLE orders", "TABLE o3").replace(
        "'shop'", "'crm'"
    )
    assert only(other_db, "PG002")
    other_server = PG.format(extra="") + PG.format(extra="").replace("TABLE orders", "TABLE o3").replace(
        "'db'", "'db2'"
    )
    assert not only(other_server, "PG002")


def test_pg002_slot_name_characters_and_backfill_slots() -> None:
    invalid = only(PG.format(extra="").replace("'slot.name' = 'orders'", "'slot.name' = 'Orders-1'"), "PG002")
    assert len(invalid) == 1 and invalid[0].severity == "error"
    assert invalid[0].fix == "ALTER TABLE orders SET ('slot.name' = 'orders_1');"
    # an incremental table with slot 'orders' creates orders_0, orders_1, ... while it backfills
    incremental = PG.format(extra=", 'scan.incremental.snapshot.enabled' = 'true'")
    clash = incremental + PG.format(extra="").replace("TABLE orders", "TABLE o2").replace(
        "'slot.name' = 'orders'", "'slot.name' = 'orders_0'"
    )
    found = only(clash, "PG002")
    assert len(found) == 1 and "orders_0" in found[0].message
    assert not only(clash.replace("'scan.incremental.snapshot.enabled' = 'true'", "'x' = 'y'"), "PG002")


def test_pg002_like_inherits_the_slot() -> None:
    script = PG.format(extra="") + "CREATE TABLE o2 WITH ('table-name' = 'o2') LIKE orders;"
    assert len(only(script, "PG002")) == 1
    fixed = (
        PG.format(extra="") + "CREATE TABLE o2 WITH ('table-name' = 'o2', 'slot.name' = 'o2') LIKE orders;"
    )
    assert not only(fixed, "PG002")


def test_pg003_two_jobs_one_slot() -> None:
    base = CHECKPOINTED + SINK + PG.format(extra="")
    two_jobs = base + "INSERT INTO sink SELECT id FROM orders;\nINSERT INTO sink SELECT id FROM orders;"
    found = only(two_jobs, "PG003")
    assert len(found) == 1 and "line 7" in found[0].message
    one_job = (
        base + "EXECUTE STATEMENT SET BEGIN\nINSERT INTO sink SELECT id FROM orders;\n"
        "INSERT INTO sink SELECT id FROM orders;\nEND;"
    )
    assert not only(one_job, "PG003")
    hinted = (
        base + "INSERT INTO sink SELECT id FROM orders;\n"
        "INSERT INTO sink SELECT id FROM orders /*+ OPTIONS('slot.name' = 'other') */ o;"
    )
    assert not only(hinted, "PG003")


# --- MDB / MY / KF -----------------------------------------------------------------------------------------


def test_mdb001_no_heartbeat() -> None:
    bad = MONGO.replace(", 'heartbeat.interval.ms' = '30000'", "").format(extra="")
    found = only(bad, "MDB001")
    assert len(found) == 1 and found[0].fix == "ALTER TABLE products SET ('heartbeat.interval.ms' = '30000');"
    assert only(MONGO.replace("'30000'", "'0'").format(extra=""), "MDB001")
    assert not only(MONGO.format(extra=""), "MDB001")


def test_my001_server_id() -> None:
    script = (
        "SET 'parallelism.default' = '8';\n"
        + CHECKPOINTED
        + SINK
        + MYSQL.format(extra="")
        + "INSERT INTO sink SELECT id FROM morders;"
    )
    found = only(script, "MY001")
    assert len(found) == 1 and found[0].severity == "error" and "4 ids" in found[0].message
    assert found[0].fix == "ALTER TABLE morders SET ('server-id' = '5400-5407');"
    assert not only(script.replace("'5400-5403'", "'5400-5407'"), "MY001")
    hinted = script.replace(
        "FROM morders", "FROM morders /*+ OPTIONS('server-id' = '6000-6007') */ WHERE id > 0"
    )
    assert not only(hinted, "MY001")
    missing = only(script.replace(", 'server-id' = '5400-5403'", ""), "MY001")
    assert len(missing) == 1 and missing[0].severity == "warning"
    legacy = script.replace("'5400-5403'", "'5400', 'scan.incremental.snapshot.enabled' = 'false'")
    assert not only(legacy, "MY001")  # the legacy source reads with one reader


def test_kf001_kf002_exactly_once() -> None:
    table = (
        "CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'format' = 'json', "
        "'sink.delivery-guarantee' = 'exactly-once'{extra});\n"
    )
    no_prefix = only(table.format(extra=""), "KF002")
    assert len(no_prefix) == 1 and "sink.transactional-id-prefix" in no_prefix[0].fix
    with_prefix = table.format(extra=", 'sink.transactional-id-prefix' = 'out'")
    assert not only(with_prefix, "KF002")
    job = with_prefix + "INSERT INTO out SELECT 1;"
    assert len(only(job, "KF001")) == 1
    assert not only(CHECKPOINTED + job, "KF001")
    assert not only(job.replace("exactly-once", "at-least-once"), "KF001")


def test_secrets_never_appear_in_findings() -> None:
    script = (
        "SET 'properties.sasl.jaas.config.x' = 'hunter2';\n"
        "CREATE TABLE t (id INT) WITH ('connector' = 'postgres-cdc', 'slot.name' = 't', 'passwd' = 'hunter2');\n"
        "SET 'state.checkpoints.dir' = 'hunter2-not-secret';\n"
    )
    found = lint(script, cluster_config={"execution.checkpointing.dir": "s3://c"})
    assert {f.rule for f in found} >= {"CON001", "CFG005"}
    for f in found:
        assert "hunter2'" not in f.fix and "hunter2'" not in f.message.replace("hunter2-not-secret'", "")


# --- every rule's own example ------------------------------------------------------------------------------

_EXAMPLE_SETUP: dict[str, dict[str, object]] = {
    "CFG003": {"version": "2.2", "catalog": small_catalog()},
    "CFG004": {"catalog": small_catalog(removed={"table.exec.some-old-option": ""})},
    "CFG005": {"cluster_config": {"execution.checkpointing.dir": "s3://cluster/cp"}},
    # the journal knows which query the example's savepoint was taken from
    "QRY003": {
        "probes": Probes(
            savepoint_origin=lambda path: SavepointOrigin(
                "INSERT INTO sink SELECT id, COUNT(*) FROM orders GROUP BY id", "1.20.3"
            )
        )
    },
}


# Rules whose examples describe a database's state are tested on that state in test_lint_probes.py and
# tests/integration/test_lint_postgres.py.
_SCRIPT_ONLY = sorted(code for code, r in all_rules().items() if not r.needs_connection and code != "MDB002")


@pytest.mark.parametrize("code", _SCRIPT_ONLY)
def test_rule_example_fires_and_its_correction_is_quiet(code: str) -> None:
    rule = all_rules()[code]
    setup = _EXAMPLE_SETUP.get(code, {})
    assert only(rule.example_bad, code, **setup), f"{code} does not fire on its own example"
    assert not only(rule.example_good, code, **setup), f"{code} fires on its corrected example"


def test_ck007_restore_path_reused_by_the_next_job() -> None:
    script = (
        CHECKPOINTED + SINK + "SET 'execution.savepoint.path' = 'file:///sp/savepoint-1';\n"
        "INSERT INTO sink SELECT 1;\nINSERT INTO sink SELECT 2;\n"
    )
    found = only(script, "CK007")
    assert len(found) == 1 and found[0].line == 8 and "line 7" in found[0].message
    assert found[0].fix == "RESET 'execution.savepoint.path';"
    fixed = script.replace(
        "INSERT INTO sink SELECT 2", "RESET 'execution.savepoint.path';\nINSERT INTO sink SELECT 2"
    )
    assert not only(fixed, "CK007")
    first_only = (
        CHECKPOINTED
        + SINK
        + "SET 'execution.savepoint.path' = 'file:///sp/savepoint-1';\nINSERT INTO sink SELECT 1;"
    )
    assert not only(first_only, "CK007")


def test_ck007_in_a_live_session() -> None:
    from cdcshell.lint.engine import IncrementalLinter

    linter = IncrementalLinter(flink_version="1.20")
    linter.feed("SET 'execution.state-recovery.path' = 'file:///sp/savepoint-1'")
    assert not [f for f in linter.check("INSERT INTO sink SELECT 1") if f.rule == "CK007"]
    linter.feed("INSERT INTO sink SELECT 1")
    assert [f.rule for f in linter.check("INSERT INTO sink SELECT 2") if f.rule == "CK007"] == ["CK007"]


def test_ck001_bounded_kafka_read_needs_no_checkpoints() -> None:
    bounded = KAFKA_SRC.replace("'k:9092'", "'k:9092', 'scan.bounded.mode' = 'latest-offset'")
    assert not only(SINK + bounded + "INSERT INTO sink SELECT id FROM ksrc;", "CK001")
