"""The sandbox's MySQL (MariaDB) and Kafka plumbing that needs no running server: configuration files, the
connector sets per service, and when a running sandbox must be restarted to get a service's jars. The servers
themselves run in tests/integration/test_mysql_e2e.py and test_kafka_e2e.py."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cdcshell.sandbox import connectors, kafka, lifecycle, mysql
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.processes import Layout, PidRecord, start_ticks, write_pid_file


def test_mysql_settings_are_what_mysql_cdc_needs_on_loopback(tmp_path: Path) -> None:
    inst = mysql.instance(Layout(tmp_path))
    text = mysql.server_settings(inst, 13306)
    for line in (
        "bind-address = 127.0.0.1",
        "port = 13306",
        "binlog-format = ROW",
        "binlog-row-image = FULL",
        f"server-id = {mysql.SERVER_ID}",
        f"log-bin = {inst.data / 'binlog'}",
        "[client]",
    ):
        assert line in text
    assert "REPLICATION SLAVE, REPLICATION CLIENT" in mysql.BOOTSTRAP_SQL
    assert mysql.url(13306) == "mysql://cdc:cdc@127.0.0.1:13306/shop"


def test_mysql_not_running_without_a_record(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    assert mysql.running_info(layout) is None
    assert mysql.down(layout) is False


def test_kafka_properties_single_node_kraft_on_loopback(tmp_path: Path) -> None:
    text = kafka.server_properties(Layout(tmp_path), 19092, 19093)
    assert "process.roles=broker,controller" in text
    assert "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093" in text
    assert "transaction.state.log.replication.factor=1" in text
    assert "transaction.max.timeout.ms" not in text  # the broker default (15 min) stays, on purpose


def test_kafka_pom_lists_the_broker_artifacts() -> None:
    pom = kafka._pom(kafka.ARTIFACTS)
    assert f"<artifactId>kafka_2.13</artifactId><version>{kafka.VERSION}</version>" in pom
    assert "<artifactId>kafka-tools</artifactId>" in pom


def test_service_connectors_per_series() -> None:
    mysql_jars = connectors.service_connectors("1.20.3", ["mysql"])
    assert ("org.apache.flink", "flink-sql-connector-mysql-cdc", "3.5.0") in mysql_jars
    assert any(a == "mysql-connector-j" for _, a, _ in mysql_jars)  # CDC 3.1+ does not bundle the driver
    assert any(a == "flink-connector-kafka" for _, a, _ in connectors.service_connectors("1.20.3", ["kafka"]))
    names = connectors.jar_names("1.20.3", ["mysql", "kafka"])
    assert "flink-sql-connector-postgres-cdc-3.5.0.jar" in names and "kafka-clients-3.9.0.jar" in names
    with pytest.raises(SandboxError) as err:
        connectors.service_connectors("2.2.1", ["mysql"])
    assert "--flink 1.20" in str(err.value)


def _state(directory: Path, jars: list[str], **extra: object) -> None:
    state = {
        "flink_version": "1.20.3",
        "flink_home": "/nowhere/flink",
        "assembled": True,
        "ports": {"jobmanager": 18081, "gateway": 18083, "rpc": 16123},
        "connectors": [f"/cache/{j}" for j in jars],
        "postgres": None,
        "extra_config": {},
        **extra,
    }
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sandbox.json").write_text(json.dumps(state))


def test_has_connectors_per_service(tmp_path: Path) -> None:
    _state(tmp_path, sorted(connectors.jar_names("1.20.3")))
    assert lifecycle.has_connectors(sandbox_dir=tmp_path)
    assert not lifecycle.has_connectors(sandbox_dir=tmp_path, services=["mysql"])
    _state(tmp_path, sorted(connectors.jar_names("1.20.3", ["mysql", "kafka"])))
    assert lifecycle.has_connectors(sandbox_dir=tmp_path, services=["postgres", "mysql", "kafka"])


def test_up_on_a_running_sandbox_without_the_jars_asks_for_a_restart(tmp_path: Path) -> None:
    _state(tmp_path, sorted(connectors.jar_names("1.20.3")))
    sleeper = subprocess.Popen(["sleep", "600"])
    try:
        write_pid_file(
            Layout(tmp_path).pid_file("jobmanager"),
            PidRecord(sleeper.pid, start_ticks(sleeper.pid) or 0, "jobmanager"),
        )
        with pytest.raises(SandboxError) as err:
            lifecycle.up("1.20", sandbox_dir=tmp_path, with_mysql=True, with_kafka=True)
        assert "restart --with mysql,kafka" in str(err.value)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_restart_keeps_the_services_it_was_started_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _state(tmp_path, ["x.jar"], services=["mysql"], mysql={"port": 23306, "url": mysql.url(23306)})
    seen: dict[str, object] = {}
    monkeypatch.setattr(lifecycle, "up", lambda flink, **options: seen.update(options))
    lifecycle._restart_up(Layout(tmp_path), None, lambda _: None, {})
    assert seen["with_mysql"] is True and seen["mysql_port"] == 23306
    assert "with_postgres" not in seen and "with_kafka" not in seen


def test_status_lists_mysql_and_kafka(tmp_path: Path) -> None:
    _state(
        tmp_path,
        [],
        mysql={"port": 23306, "url": mysql.url(23306)},
        kafka={"port": 29092, "bootstrap": "127.0.0.1:29092"},
    )
    st = lifecycle.status(sandbox_dir=tmp_path)
    assert st.mysql is not None and st.mysql.port == 23306 and not st.mysql.running
    assert st.kafka is not None and st.kafka.port == 29092 and not st.kafka.running
    assert st.info is not None and st.info.kafka_bootstrap == "127.0.0.1:29092"


def test_missing_mariadb_without_root_says_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mysql, "find_binaries", lambda: None)
    monkeypatch.setattr(mysql.os, "geteuid", lambda: 1000)
    with pytest.raises(SandboxError) as err:
        mysql.ensure_binaries()
    assert "apt-get install -y mariadb-server" in str(err.value)


def test_install_scripts_are_shipped_and_share_the_root_check() -> None:
    from cdcshell.sandbox import packages

    for name in ("install-mysql.sh", "install-postgres.sh"):
        script = packages.script_path(name)
        assert script.is_file() and script.stat().st_mode & 0o111
        assert "apt-common.sh" in script.read_text()
    assert "policy-rc.d" in packages.script_path("install-mysql.sh").read_text()  # no system service started
