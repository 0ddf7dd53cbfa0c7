"""PostgreSQL and connector pieces that need no database: settings, placement, the connector lib dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cdcshell.sandbox import connectors, postgres
from cdcshell.sandbox.errors import SandboxError


def test_server_settings_enable_logical_decoding_on_loopback(tmp_path: Path) -> None:
    text = postgres.server_settings(15442, tmp_path / "run")
    settings = {
        key.strip(): value.strip()
        for key, _, value in (
            line.partition("=") for line in text.splitlines() if "=" in line and not line.startswith("#")
        )
    }
    assert settings["wal_level"] == "logical"
    assert int(settings["max_replication_slots"]) >= 10
    assert int(settings["max_wal_senders"]) >= 10
    assert settings["listen_addresses"] == "'127.0.0.1'"
    assert settings["port"] == "15442"
    assert settings["unix_socket_directories"] == f"'{tmp_path / 'run'}'"


def test_dsn_and_demo_schema() -> None:
    assert postgres.dsn(15432) == "postgresql://cdc:cdc@127.0.0.1:15432/shop"
    schema = postgres.SCHEMA_SQL
    for table in ("customers", "orders", "orders_sink"):
        assert f"CREATE TABLE IF NOT EXISTS {table}" in schema
        assert f"ALTER TABLE {table} REPLICA IDENTITY FULL" in schema
    assert "CREATE PUBLICATION dbz_publication FOR TABLE customers, orders" in schema
    assert "LOGIN REPLICATION" in postgres.BOOTSTRAP_SQL


def test_traversable_by_checks_every_ancestor(tmp_path: Path) -> None:
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    os.chmod(tmp_path / "a", 0o755)
    other_uid, other_gids = 54321, {54321}
    assert postgres.traversable_by(inner, other_uid, other_gids) == postgres.traversable_by(
        tmp_path, other_uid, other_gids
    )
    os.chmod(tmp_path / "a", 0o700)
    try:
        assert not postgres.traversable_by(inner, other_uid, other_gids)
        assert postgres.traversable_by(inner, os.stat(tmp_path / "a").st_uid, set())  # the owner may
    finally:
        os.chmod(tmp_path / "a", 0o755)


def test_not_running_without_a_cluster(tmp_path: Path) -> None:
    from cdcshell.sandbox.processes import Layout

    layout = Layout(tmp_path / "sb")
    assert postgres.running_info(layout) is None
    assert postgres.down(layout) is False
    assert postgres.log_file(layout) == tmp_path / "sb" / "log" / "postgres.log"


def test_missing_server_without_root_says_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "find_bindir", lambda: None)
    monkeypatch.setattr(postgres.os, "geteuid", lambda: 1000)
    with pytest.raises(SandboxError) as err:
        postgres.ensure_bindir()
    assert "apt-get install -y postgresql" in str(err.value)


def test_install_script_is_shipped() -> None:
    script = postgres.install_script()
    assert script.is_file() and os.access(script, os.X_OK)
    assert "apt-get install -y" in script.read_text()


# --- connectors -------------------------------------------------------------------------------------------------


def test_connector_lists() -> None:
    jars_120 = {a: v for _, a, v in connectors.connectors_for("1.20.3")}
    assert jars_120["flink-sql-connector-postgres-cdc"] == "3.5.0"
    assert jars_120["flink-connector-jdbc-postgres"] == "3.3.0-1.20"
    assert all(g == "org.apache.flink" for g, _, _ in connectors.connectors_for("1.20"))
    jars_22 = {a for _, a, _ in connectors.connectors_for("2.2.1")}
    assert "postgresql" in jars_22 and "flink-sql-connector-postgres-cdc" not in jars_22
    with pytest.raises(SandboxError):
        connectors.connectors_for("1.18.1")


def test_fetch_connectors_notes_missing_cdc_for_2x(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDCSHELL_CACHE_DIR", str(tmp_path))
    fetched: list[str] = []

    def fake_copy(group: str, artifact: str, version: str, dest: Path, progress: object = None) -> Path:
        fetched.append(artifact)
        return dest / f"{artifact}-{version}.jar"

    monkeypatch.setattr(connectors, "maven_copy", fake_copy)
    notes: list[str] = []
    connectors.fetch_connectors("2.2.1", notes.append)
    assert len(notes) == 1 and "1.20" in notes[0]
    notes.clear()
    jars = connectors.fetch_connectors("1.20.3", notes.append)
    assert notes == [] and len(jars) == 3
    assert all(j.parent == tmp_path / "connectors" / "1.20" for j in jars)


def test_lib_dir_links_home_lib_plus_connectors(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "lib").mkdir(parents=True)
    (home / "lib" / "flink-dist-1.20.3.jar").write_bytes(b"dist")
    (home / "lib" / "log4j-api.jar").write_bytes(b"log")
    extra = tmp_path / "cdc.jar"
    extra.write_bytes(b"cdc")
    lib = connectors.build_lib_dir(home, tmp_path / "sb" / "lib", [extra])
    assert sorted(p.name for p in lib.iterdir()) == ["cdc.jar", "flink-dist-1.20.3.jar", "log4j-api.jar"]
    assert all(p.is_symlink() for p in lib.iterdir())
    assert (lib / "cdc.jar").read_bytes() == b"cdc"
    # rebuilt from scratch: a connector dropped from the list disappears
    lib = connectors.build_lib_dir(home, lib, [])
    assert sorted(p.name for p in lib.iterdir()) == ["flink-dist-1.20.3.jar", "log4j-api.jar"]
    assert sorted(p.name for p in (home / "lib").iterdir()) == ["flink-dist-1.20.3.jar", "log4j-api.jar"]
